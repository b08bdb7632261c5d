"""Clause modifiers (ConText-style): the rule type, matching, linking, annotating.

The sentence tables give the clause (type and trigger word) by hand, so that
they test the modifier component alone; a few end-to-end cases run the whole
offline pipeline. Every modifier's offsets must slice the text exactly.
"""

from __future__ import annotations

import json

import pytest
import spacy

from nlp_policy.errors import RuleError
from nlp_policy.pipeline import extensions as ext
from nlp_policy.pipeline.build import load
from nlp_policy.pipeline.clauses.context import RULE_FILES, Direction, ModifierRule, load_rules, rules_from_json
from nlp_policy.pipeline.clauses.modifiers import Cue, PolicyModifiers
from nlp_policy.record.labels import MODIFIER_VALUES


@pytest.fixture(scope="module")
def nlp():
    return load("offline")


def clause_doc(nlp, sentence: str, trigger: str, ctype: str = "prohibition", negated: bool = False):
    """A doc of one sentence whose only clause is the whole sentence, triggered by ``trigger``
    (``negated`` as the clause rules would set it)."""
    with nlp.select_pipes(enable=["policy_sentencizer", "lemmatizer"]):
        doc = nlp(sentence)
    start = sentence.index(trigger)
    span = doc.char_span(0, len(sentence.rstrip()), label=ctype, alignment_mode="expand")
    span._.trigger = [start, start + len(trigger)]
    span._.negated = negated
    doc.spans[ext.CLAUSE_GROUP] = [span]
    return doc


def modifiers(nlp, sentence, trigger, ctype="prohibition", negated=False):
    doc = clause_doc(nlp, sentence, trigger, ctype, negated)
    nlp.get_pipe("policy_modifiers")(doc)
    mods = doc.spans[ext.CLAUSE_GROUP][0]._.modifiers or []
    for m in mods:
        assert sentence[m["start"] : m["end"]] == m["text"]
    return {(m["category"], m["value"], m["text"]) for m in mods}, mods


# (sentence, trigger, clause type, expected (category, value, cue) that must be present)
CASES = [
    # status: planned
    ("Die Regierung plant ein Verbot von Lachgas.", "Verbot", "prohibition", [("status", "planned", "plant")]),
    ("Ein Verbot von Feuerwerk ist geplant.", "Verbot", "prohibition", [("status", "planned", "geplant")]),
    ("Der Gesetzentwurf sieht ein Verbot vor.", "Verbot", "prohibition", [("status", "planned", "Gesetzentwurf")]),
    ("Die Stadt will das Rauchen im Park verbieten.", "verbieten", "prohibition", [("status", "planned", "will")]),
    ("Handys sollen künftig an Schulen verboten sein.", "verboten", "prohibition", [("status", "planned", "sollen künftig")]),
    # status: former
    ("Zuvor war der Verkauf an Minderjährige erlaubt.", "erlaubt", "permission", [("status", "former", "Zuvor")]),
    ("Bisher galt ein striktes Verbot.", "Verbot", "prohibition", [("status", "former", "Bisher")]),
    ("Früher mussten Fahrer einen Schein vorlegen.", "mussten", "obligation", [("status", "former", "Früher")]),
    # status: lifted / suspended
    ("Das Verbot wurde im Mai aufgehoben.", "Verbot", "prohibition", [("status", "lifted", "aufgehoben")]),
    ("Die Pflicht ist vorläufig ausgesetzt.", "Pflicht", "obligation", [("status", "suspended", "ausgesetzt"), ("extent", "temporary", "vorläufig")]),
    # status: reported as false
    ("Entgegen einem früheren Bericht gilt das Verbot nicht für Schulen.", "Verbot", "prohibition", [("status", "reported_false", "Entgegen einem früheren Bericht")]),
    ("Die Firma dementierte ein Verbot.", "Verbot", "prohibition", [("status", "reported_false", "dementierte")]),
    # extent
    ("Der Dienst ist vorübergehend gesperrt.", "gesperrt", "prohibition", [("extent", "temporary", "vorübergehend")]),
    ("Die Sperre gilt zunächst für alle Mitarbeiter.", "Sperre", "prohibition", [("extent", "temporary", "zunächst")]),
    ("Der Zugang bleibt bis auf Weiteres gesperrt.", "gesperrt", "prohibition", [("extent", "temporary", "bis auf Weiteres")]),
    ("Die Sperre gilt bis zum 25. November.", "Sperre", "prohibition", [("extent", "temporary", "bis zum 25. November")]),
    ("Die Plattform wurde für sieben Tage gesperrt.", "gesperrt", "prohibition", [("extent", "temporary", "für sieben Tage")]),
    ("Die Regel gilt dauerhaft.", "Regel", "obligation", [("extent", "permanent", "dauerhaft")]),
    ("Der Zugang wurde endgültig gesperrt.", "gesperrt", "prohibition", [("extent", "permanent", "endgültig")]),
    # denied permanence is a temporary rule
    ("Der Zugang ist nicht dauerhaft gesperrt.", "gesperrt", "prohibition", [("extent", "temporary", "nicht dauerhaft")]),
    ("Ab 1. Januar 2025 ist der Verkauf verboten.", "verboten", "prohibition", [("extent", "starting", "Ab 1. Januar 2025")]),
    ("Ab sofort ist das Fotografieren verboten.", "verboten", "prohibition", [("extent", "starting", "Ab sofort")]),
    # strength
    ("Die Nutzung ist vollständig untersagt.", "untersagt", "prohibition", [("strength", "complete", "vollständig")]),
    ("Das gilt ausnahmslos für alle Behörden.", "gilt", "obligation", [("strength", "complete", "ausnahmslos")]),
    ("Grundsätzlich ist das Filmen verboten.", "verboten", "prohibition", [("strength", "in_principle", "Grundsätzlich")]),
    ("Im Prinzip dürfen Schüler keine Handys nutzen.", "dürfen", "prohibition", [("strength", "in_principle", "Im Prinzip")]),
    ("In der Regel ist eine Genehmigung nötig.", "nötig", "obligation", [("strength", "in_principle", "In der Regel")]),
    ("Die Nutzung ist teilweise eingeschränkt.", "eingeschränkt", "restriction", [("strength", "partial", "teilweise")]),
    # condition
    ("Die Nutzung ist erlaubt, wenn die Daten anonymisiert sind.", "erlaubt", "permission", [("condition", "conditional", "wenn")]),
    ("Sofern eine Genehmigung vorliegt, ist der Flug erlaubt.", "erlaubt", "permission", [("condition", "conditional", "Sofern")]),
    ("Das Verbot gilt, es sei denn, ein Arzt stimmt zu.", "Verbot", "prohibition", [("condition", "conditional", "es sei denn")]),
    ("Drohnen sind nur erlaubt, unter der Bedingung einer Registrierung.", "erlaubt", "permission", [("condition", "conditional", "unter der Bedingung")]),
    # attribution
    ("Laut CNBC ist der Dienst gesperrt.", "gesperrt", "prohibition", [("attribution", "reported", "Laut CNBC")]),
    ("Microsoft hat offenbar den Zugang gesperrt.", "gesperrt", "prohibition", [("attribution", "reported", "offenbar")]),
    ("Der Konzern soll die App gesperrt haben.", "gesperrt", "prohibition", [("attribution", "reported", "soll die App gesperrt haben")]),
    ("Das Verbot soll ab Mai gelten.", "Verbot", "prohibition", [("status", "planned", "soll")]),
    ("Künftig ist das Rauchen im Auto verboten.", "verboten", "prohibition", [("extent", "starting", "Künftig")]),
    ("Noch im Juli hatte die Behörde das Filmen verboten.", "verboten", "prohibition", [("status", "former", "Noch im Juli hatte")]),
    ("Die Regel ist auf das Wochenende begrenzt.", "begrenzt", "restriction", [("extent", "temporary", "auf das Wochenende begrenzt")]),
    ("Das Gesetz gilt per 1. März 2026 für alle Drohnen.", "gilt", "obligation", [("extent", "starting", "per 1. März 2026")]),
    ("Vom kommenden Jahr an ist das Rauchen verboten.", "verboten", "prohibition", [("extent", "starting", "Vom kommenden Jahr an")]),
    ("Der Verkauf ist nur mit Genehmigung erlaubt.", "erlaubt", "permission", [("condition", "conditional", "nur mit")]),
    ("Der Anbau ist unter Auflagen erlaubt.", "erlaubt", "permission", [("condition", "conditional", "unter Auflagen")]),
    ("Die Rückkehr setzt eine Prüfung voraus und ist dann erlaubt.", "erlaubt", "permission", [("condition", "conditional", "setzt eine Prüfung voraus")]),
    ("Geheime Daten dürfen überhaupt nicht verarbeitet werden.", "dürfen", "prohibition", [("strength", "complete", "überhaupt nicht")]),
    # a cue inside a long trigger still modifies it (inside_trigger), the rule word's "nicht" does not deny
    ("Sie dürfen die App mit sofortiger Wirkung nicht nutzen.", "dürfen die App mit sofortiger Wirkung nicht", "prohibition", [("extent", "starting", "mit sofortiger Wirkung")]),
    ("Die Nutzung sei verboten, sagte ein Sprecher.", "verboten", "prohibition", [("attribution", "reported", "sei")]),
]


@pytest.mark.parametrize("sentence, trigger, ctype, expected", CASES, ids=[c[0][:40] for c in CASES])
def test_modifier_table(nlp, sentence, trigger, ctype, expected):
    found, _ = modifiers(nlp, sentence, trigger, ctype)
    for item in expected:
        assert item in found, (item, found)


# Denials follow the clause rules' ``negated`` flag: (sentence, trigger, type, cue)
DENIALS = [
    ("Es gibt kein generelles Verbot.", "Verbot", "prohibition", "kein"),
    ("Es handelt sich nicht um ein Verbot.", "Verbot", "prohibition", "nicht"),
    ("Ein Verbot ist das nicht.", "Verbot", "prohibition", "nicht"),
    ("Die Firma muss die Daten nicht löschen.", "muss", "obligation", "nicht"),
]


@pytest.mark.parametrize("sentence, trigger, ctype, cue", DENIALS, ids=[d[0] for d in DENIALS])
def test_denial_goes_with_the_negated_flag(nlp, sentence, trigger, ctype, cue):
    found, mods = modifiers(nlp, sentence, trigger, ctype, negated=True)
    assert ("status", "denied", cue) in found
    assert [m["value"] for m in mods if m["category"] == "status"][0] == "denied"
    found, _ = modifiers(nlp, sentence, trigger, ctype, negated=False)
    assert ("status", "denied") not in {(c, v) for c, v, _ in found}


def test_denial_not_aligned_when_switched_off(nlp):
    comp = PolicyModifiers(nlp, align_denied=False)
    doc = clause_doc(nlp, "Es gibt kein Verbot.", "Verbot")
    comp(doc)
    assert [m["text"] for m in doc.spans[ext.CLAUSE_GROUP][0]._.modifiers] == ["kein"]


# (sentence, trigger, clause type, (category, value) that must NOT be present)
NOT_CASES = [
    ("Das ist nicht nur verboten, sondern auch strafbar.", "verboten", "prohibition", ("status", "denied")),
    ("Die App ist nicht mehr verfügbar.", "verfügbar", "prohibition", ("status", "denied")),
    ("Von einem Verbot ist nicht mehr die Rede.", "Verbot", "prohibition", ("status", "denied")),
    ("Auch wenn Kritiker klagen, gilt das Verbot.", "Verbot", "prohibition", ("condition", "conditional")),
    # a negation inside the trigger is the rule word itself, not a denial of it
    ("Mitarbeiter dürfen nicht streamen.", "dürfen nicht", "prohibition", ("status", "denied")),
    # a terminator ends the scope: the temporary cue belongs to the first part only
    ("Zunächst gab es Kritik, aber das Verbot gilt.", "Verbot", "prohibition", ("extent", "temporary")),
    # max_scope: a cue far away modifies nothing
    ("Vorübergehend war am Morgen in der ganzen Stadt an vielen Orten wegen eines Unwetters der Strom weg und das Baden im See verboten.", "verboten", "prohibition", ("extent", "temporary")),
    # allowed/excluded types: a lifting clause is not itself "lifted"
    ("Das Verbot wurde aufgehoben.", "aufgehoben", "lifting", ("status", "lifted")),
    # "bis zu" is an amount, not an end date
    ("Verstöße kosten bis zu 20 Millionen Euro.", "kosten", "sanction", ("extent", "temporary")),
]


@pytest.mark.parametrize("sentence, trigger, ctype, absent", NOT_CASES, ids=[c[0][:40] for c in NOT_CASES])
def test_modifier_absent(nlp, sentence, trigger, ctype, absent):
    found, _ = modifiers(nlp, sentence, trigger, ctype)
    assert absent not in {(c, v) for c, v, _ in found}, found


def test_detail_holds_the_end_of_a_temporary_rule(nlp):
    _, mods = modifiers(nlp, "Der Dienst ist vorübergehend gesperrt, und zwar bis Ende 2025.", "gesperrt")
    extent = [m for m in mods if m["category"] == "extent"]
    assert [(m["value"], m["text"], m["detail"]) for m in extent] == [("temporary", "vorübergehend", "bis Ende 2025.")]


def test_detail_names_the_source_of_a_report(nlp):
    _, mods = modifiers(nlp, "Laut dem Bericht ist der Dienst gesperrt.", "gesperrt")
    assert [(m["text"], m["detail"]) for m in mods if m["category"] == "attribution"] == [("Laut dem Bericht", "Laut dem Bericht")]


def test_status_priority_puts_the_deciding_value_first(nlp):
    _, mods = modifiers(nlp, "Das geplante Verbot wurde aufgehoben.", "Verbot")
    assert [m["value"] for m in mods if m["category"] == "status"] == ["lifted", "planned"]


# -- the three steps ------------------------------------------------------------
def test_match_lets_pseudo_swallow_the_shorter_cue(nlp):
    doc = clause_doc(nlp, "Das ist nicht nur verboten.", "verboten")
    assert nlp.get_pipe("policy_modifiers").match(doc) == []


def test_match_keeps_cues_of_other_categories_inside_a_long_cue(nlp):
    doc = clause_doc(nlp, "Der Konzern soll die App vorübergehend gesperrt haben.", "gesperrt")
    cues = nlp.get_pipe("policy_modifiers").match(doc)
    got = [(doc[c.start : c.end].text, c.rule.value) for c in cues]
    # "soll … haben" (reported) beats "soll" (planned), which starts on the same token
    assert got == [("soll die App vorübergehend gesperrt haben", "reported"), ("vorübergehend", "temporary")]


def test_scope_is_cut_by_a_terminator(nlp):
    doc = clause_doc(nlp, "Vorerst gilt das, aber später wird es verboten.", "verboten")
    comp = nlp.get_pipe("policy_modifiers")
    cues = comp.match(doc)
    first = next(c for c in cues if c.rule.value == "temporary")
    (scope,) = [r for r in comp.scope(first, cues, 0, len(doc)) if r[0] >= first.end]
    assert doc[scope[0] : scope[1]].text == "gilt das,"


def test_link_and_annotate_are_separate_steps(nlp):
    doc = clause_doc(nlp, "Der Dienst ist vorübergehend gesperrt.", "gesperrt")
    comp = nlp.get_pipe("policy_modifiers")
    links = comp.link(doc, comp.match(doc))
    assert [(l.clause, l.cue.rule.value) for l in links] == [(0, "temporary")]
    assert doc.spans[ext.CLAUSE_GROUP][0]._.modifiers is None  # linking writes nothing
    comp.set_annotations(doc, links)
    assert [m["value"] for m in doc.spans[ext.CLAUSE_GROUP][0]._.modifiers] == ["temporary"]


def test_a_cue_modifies_only_the_clauses_in_its_scope(nlp):
    text = "Das Rauchen ist vorübergehend verboten, das Trinken ist erlaubt."
    with nlp.select_pipes(enable=["policy_sentencizer", "lemmatizer"]):
        doc = nlp(text)
    first = doc.char_span(0, text.index(","), label="prohibition", alignment_mode="expand")
    second = doc.char_span(text.index("das Trinken"), len(text), label="permission", alignment_mode="expand")
    first._.trigger = [text.index("verboten"), text.index("verboten") + 8]
    second._.trigger = [text.index("erlaubt"), text.index("erlaubt") + 7]
    doc.spans[ext.CLAUSE_GROUP] = [first, second]
    nlp.get_pipe("policy_modifiers")(doc)
    got = [[m["value"] for m in s._.modifiers] for s in doc.spans[ext.CLAUSE_GROUP]]
    assert got == [["temporary"], []]


# -- rules as data ---------------------------------------------------------------
def test_every_rule_file_loads_and_round_trips():
    rules = load_rules()
    assert {r.category for r in rules} == set(MODIFIER_VALUES) | {"terminate", "pseudo"}
    for rule in rules:
        assert ModifierRule.from_dict(rule.to_dict()) == rule


@pytest.mark.parametrize(
    "data, message",
    [
        ({"literal": "x", "category": "status", "value": "planned", "scope": 3}, "unknown key(s) scope; allowed keys are literal, category"),
        ({"literal": "x", "category": "mood", "value": "sad"}, "unknown category 'mood'"),
        ({"literal": "x", "category": "status", "value": "temporary"}, "value 'temporary' is not a status value"),
        ({"literal": "x", "category": "status", "value": "planned", "direction": "SIDEWAYS"}, "direction 'SIDEWAYS'"),
        ({"literal": "x", "category": "status", "value": "planned", "allowed_types": ["ban"]}, "unknown clause type 'ban'"),
        ({"literal": "x", "category": "status", "value": "planned", "pattern": [{"POS": "VERB"}]}, "pattern key(s) POS not supported"),
        ({"literal": "x", "category": "pseudo", "direction": "PSEUDO", "value": "planned"}, "modifies nothing"),
        ({"category": "status", "value": "planned"}, "\"literal\" is required"),
    ],
)
def test_bad_rules_are_refused_with_a_message(data, message):
    with pytest.raises(RuleError) as err:
        ModifierRule.from_dict(data)
    assert message in str(err.value)


def test_rules_from_json_names_the_file(tmp_path):
    path = tmp_path / "mine.json"
    path.write_text(json.dumps({"category": "extent", "rules": [{"literal": "eine Zeit lang", "value": "temporary", "maxscope": 3}]}), encoding="utf-8")
    with pytest.raises(RuleError, match="mine.json: modifier rule 'eine Zeit lang': unknown key"):
        rules_from_json(path)


def test_custom_rules_and_save_load_round_trip(tmp_path):
    nlp = spacy.blank("de")
    nlp.add_pipe("sentencizer")
    rule = ModifierRule(literal="auf Probe", category="extent", value="temporary", direction=Direction.BACKWARD, max_scope=5)
    comp = PolicyModifiers(nlp, rules=[rule])
    comp.to_disk(tmp_path / "mods")
    again = PolicyModifiers(nlp, rules=[]).from_disk(tmp_path / "mods")
    assert again.rules == [rule]
    doc = nlp("Das Verbot gilt auf Probe.")
    span = doc[0:5]
    span.label_ = "prohibition"
    span._.trigger = [4, 10]
    doc.spans[ext.CLAUSE_GROUP] = [span]
    again(doc)
    assert [m["text"] for m in doc.spans[ext.CLAUSE_GROUP][0]._.modifiers] == ["auf Probe"]


def test_factory_is_registered_after_the_clauses(nlp):
    names = nlp.pipe_names
    assert names.index("policy_clauses") < names.index("policy_modifiers")
    meta = nlp.get_pipe_meta("policy_modifiers")
    assert "span._.modifiers" in meta.assigns
    assert set(nlp.get_pipe("policy_modifiers").categories) == set(RULE_FILES)


# -- end to end: the whole pipeline into the record ------------------------------
END_TO_END = [
    ("Microsoft hat ChatGPT vorübergehend gesperrt.", "extent", "temporary"),
    ("Die EU plant ein Verbot von Gesichtserkennung.", "status", "planned"),
    ("Grundsätzlich ist die Nutzung von Handys an Schulen verboten.", "strength", "in_principle"),
]


@pytest.mark.parametrize("text, category, value", END_TO_END)
def test_end_to_end_record_modifiers(nlp, text, category, value):
    from nlp_policy.extraction.document import extract_text

    record = extract_text(text, nlp=nlp)
    assert record.clauses, "the clause extractor found no clause"
    clause = record.clauses[0]
    found = clause.modifier(category)
    assert found is not None and found.value == value
    assert text[found.start : found.end] == found.text
    if category == "status":
        assert clause.status == value


def test_fast_matching_finds_what_a_plain_matcher_finds(nlp):
    """The phrase/anchor compilation is an optimisation only: every rule, run as a
    plain spaCy Matcher over the raw pattern, finds the same cues."""
    from spacy.matcher import Matcher

    comp = nlp.get_pipe("policy_modifiers")
    plain = Matcher(nlp.vocab)
    for i, rule in enumerate(comp.rules):
        raw = [dict(t) for t in rule.pattern] if rule.pattern else [{"LOWER": t.lower_} for t in nlp.make_doc(rule.literal)]
        plain.add(str(i), [raw])
    sentences = [c[0] for c in CASES] + [c[0] for c in NOT_CASES] + [d[0] for d in DENIALS]
    with nlp.select_pipes(enable=["policy_sentencizer", "lemmatizer"]):
        docs = list(nlp.pipe(sentences))
    for doc in docs:
        fast = {(comp.rules.index(c.rule), c.start, c.end) for c in comp._raw_matches(doc)}
        slow = {(int(nlp.vocab.strings[k]), s, e) for k, s, e in plain(doc)}
        assert fast == slow, doc.text


def _two_clauses(nlp, text, first, second, relation_of_second):
    with nlp.select_pipes(enable=["policy_sentencizer", "lemmatizer"]):
        doc = nlp(text)
    spans = []
    for cid, (part, ctype, trigger) in zip(("c1", "c2"), (first, second)):
        start = text.index(part)
        span = doc.char_span(start, start + len(part), label=ctype, alignment_mode="expand")
        t = text.index(trigger, start)
        span._.trigger = [t, t + len(trigger)]
        span._.clause_id = cid
        span._.relations = relation_of_second if cid == "c2" else []
        spans.append(span)
    doc.spans[ext.CLAUSE_GROUP] = spans
    nlp.get_pipe("policy_modifiers")(doc)
    return [[(m["value"], m["text"]) for m in s._.modifiers] for s in doc.spans[ext.CLAUSE_GROUP]]


def test_a_rule_that_a_later_clause_lifts_is_lifted(nlp):
    text = "Die Stadt verbot das Grillen im Park. Im Mai hob das Gericht das Verbot auf."
    got = _two_clauses(nlp, text, ("Die Stadt verbot das Grillen im Park.", "prohibition", "verbot"),
                       ("Im Mai hob das Gericht das Verbot auf.", "lifting", "hob"), [["lifts", "c1"]])
    assert got[0] == [("lifted", "hob")]


def test_a_planned_lifting_lifts_nothing_yet(nlp):
    text = "Die Stadt verbot das Grillen im Park. Der Rat will das Verbot aufheben."
    got = _two_clauses(nlp, text, ("Die Stadt verbot das Grillen im Park.", "prohibition", "verbot"),
                       ("Der Rat will das Verbot aufheben.", "lifting", "aufheben"), [["lifts", "c1"]])
    assert got[0] == [] and got[1] == [("planned", "will")]


@pytest.mark.parametrize("name", RULE_FILES)
def test_every_rule_file_says_what_it_is_for(name):
    from nlp_policy.resources import load_json

    data = load_json(f"modifiers/{name}.json")
    assert len(data["_comment"]) > 80 and data["category"] == name and data["rules"]
