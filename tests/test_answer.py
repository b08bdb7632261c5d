"""Answering: scope reasoning on hand-made records, abstention, and the bundled article."""

from __future__ import annotations

import subprocess
import sys

import pytest

from nlp_policy.qa.answer import Answer, answer_question, ask
from nlp_policy.errors import QuestionError
from nlp_policy.record import Clause, DocumentInfo, Entity, Record, Relation, Scope, Sentence, TextSpan, TimeExpression


def make_record(sentences: list[str], clauses: list[dict] = (), entities: list[dict] = (), times: list[tuple[str, str]] = ()) -> Record:
    """A record of ``sentences`` (joined by spaces). A clause dict names its
    ``text`` (a substring of one sentence), ``type`` and optional scope/relations."""
    text = " ".join(sentences)
    sents, pos = [], 0
    for n, s in enumerate(sentences, start=1):
        start = text.index(s, pos)
        sents.append(Sentence(f"s{n}", start, start + len(s), s))
        pos = start + len(s)

    def span(t: str) -> TextSpan:
        start = text.index(t)
        sid = next(s.id for s in sents if s.start <= start < s.end)
        return TextSpan(t, start, start + len(t), sid)

    cls = []
    for n, c in enumerate(clauses, start=1):
        sp = span(c["text"])
        cls.append(Clause(
            id=c.get("id", f"c{n}"), type=c["type"], text=sp.text, start=sp.start, end=sp.end, sentence=sp.sentence,
            trigger=span(c.get("trigger", c["text"].split()[0])), negated=c.get("negated", False), issuer=c.get("issuer"),
            scope=Scope.from_dict(c.get("scope", {})), relations=tuple(Relation(t, g) for t, g in c.get("relations", ())),
        ))
    ents = []
    for n, e in enumerate(entities, start=1):
        ents.append(Entity(id=f"e{n}", name=e["name"], label=e["label"], mentions=(span(e["name"]),),
                           description=span(e["description"]) if e.get("description") else None))
    tl = [TimeExpression(f"t{n}", t, span(t).start, span(t).end, span(t).sentence, kind) for n, (t, kind) in enumerate(times, start=1)]
    info = DocumentInfo(id="test", path=None, sha256="0" * 64, chars=len(text), language="de", backend="offline", pipeline_version="test")
    return Record(document=info, sentences=tuple(sents), entities=tuple(ents), clauses=tuple(cls), timeline=tuple(tl))


BAN = make_record(
    [
        "Der Anbieter verbietet Polizeibehörden in den USA die Gesichtserkennung mit seinem Dienst.",
        "Weltweit untersagt ist Echtzeit-Gesichtserkennung auf mobilen Kameras wie Dashcams.",
        "Das Verbot gilt nicht für stationäre Kameras in kontrollierten Umgebungen.",
        "Update: Das Verbot gilt tatsächlich nur für Gesichtserkennung in den USA.",
        "Es handelt sich nicht um ein generelles Verbot für Polizeibehörden, den Dienst zu nutzen.",
        "Es ist unklar, ob die Firma Vega den Dienst bereits verwendet hat.",
        "Vega, ein Hersteller von Drohnen, stellte am Montag ein neues Produkt vor.",
        "Kritiker warnen vor Fehlern und Vorurteilen der Software.",
    ],
    clauses=[
        {"type": "prohibition", "text": "Der Anbieter verbietet Polizeibehörden in den USA die Gesichtserkennung mit seinem Dienst", "issuer": "Der Anbieter",
         "scope": {"geo": ["US"], "actors": ["Polizeibehörden"], "technologies": ["Gesichtserkennung"]}},
        {"type": "prohibition", "text": "Weltweit untersagt ist Echtzeit-Gesichtserkennung auf mobilen Kameras wie Dashcams",
         "scope": {"geo": ["worldwide"], "technologies": ["Echtzeit-Gesichtserkennung"], "devices": ["mobilen Kameras", "Dashcams"]}},
        {"type": "exception", "text": "Das Verbot gilt nicht für stationäre Kameras in kontrollierten Umgebungen",
         "scope": {"devices": ["stationäre Kameras"], "environments": ["kontrollierten Umgebungen"]}, "relations": [("limits", "c2")]},
        {"type": "update", "text": "Das Verbot gilt tatsächlich nur für Gesichtserkennung in den USA",
         "scope": {"geo": ["US"], "technologies": ["Gesichtserkennung"]}, "relations": [("corrects", "c1")]},
        {"type": "prohibition", "negated": True, "text": "Es handelt sich nicht um ein generelles Verbot für Polizeibehörden, den Dienst zu nutzen",
         "scope": {"actors": ["Polizeibehörden"]}},
        {"type": "uncertainty", "text": "Es ist unklar, ob die Firma Vega den Dienst bereits verwendet hat"},
    ],
    entities=[{"name": "Vega", "label": "ORG", "description": "ein Hersteller von Drohnen"}],
    times=[("am Montag", "weekday")],
)


@pytest.mark.parametrize(
    "question,verdict,must",
    [
        ("Gilt das Verbot international?", "no", "USA"),
        ("Gilt das Verbot auch in Deutschland?", "no", "USA"),
        ("Ist das Verbot auf die USA beschränkt?", "yes", "USA"),
        ("verbot gesichtserkennung usa", "yes", "Gesichtserkennung"),
        # the worldwide rule for mobile cameras covers a dashcam in France ...
        ("Darf die Polizei in Frankreich Echtzeit-Gesichtserkennung mit Dashcams nutzen?", "no", "Dashcams"),
        # ... but the exception wins for stationary cameras outside the USA
        ("Darf die Polizei in Frankreich Echtzeit-Gesichtserkennung mit stationären Kameras nutzen?", "yes", ""),
        # the negated clause: no general ban
        ("Ist es Polizeibehörden generell verboten, den Dienst zu nutzen?", "no", "generell"),
        ("Does the ban apply internationally?", "no", "USA"),
    ],
)
def test_scope_reasoning(question, verdict, must):
    a = answer_question(question, BAN)
    assert a.verdict == verdict, a
    assert must in a.answer
    assert a.evidence and a.clauses


def test_correction_wins_over_the_corrected_clause():
    rec = make_record(
        ["Die Firma verbietet Behörden weltweit die Nutzung.", "Korrektur: Das Verbot gilt nur in Kanada."],
        clauses=[
            {"type": "prohibition", "text": "Die Firma verbietet Behörden weltweit die Nutzung", "scope": {"geo": ["worldwide"], "actors": ["Behörden"]}},
            {"type": "update", "text": "Das Verbot gilt nur in Kanada", "scope": {"geo": ["CA"]}, "relations": [("corrects", "c1")]},
        ],
    )
    a = answer_question("Gilt das Verbot in Deutschland?", rec)
    assert a.verdict == "no" and "Kanada" in a.answer
    assert "s2" in [e.sentence for e in a.evidence]
    assert answer_question("Gilt das Verbot in Kanada?", rec).verdict == "yes"


def test_unclear_when_an_uncertainty_clause_covers_the_question():
    a = answer_question("Ist bekannt, ob Vega den Dienst verwendet hat?", BAN)
    assert a.verdict == "unclear"
    assert a.answer.startswith("Das ist laut Text unklar:")
    assert a.evidence[0].sentence == "s6"


@pytest.mark.parametrize("question", ["Was kostet der Dienst?", "Was sagt die EU-Kommission dazu?", "Wie heißt der Bürgermeister von Paris?"])
def test_abstains_without_support(question):
    a = answer_question(question, BAN)
    assert a.verdict == "unknown"
    assert a.answer == "Dazu enthält der Text keine Angabe."
    assert a.evidence == ()


def test_entity_description_time_and_sentence_answers():
    a = answer_question("Was ist Vega?", BAN)
    assert a.verdict is None and "Hersteller von Drohnen" in a.answer
    assert "Montag" in answer_question("Wann stellte Vega das Produkt vor?", BAN).answer
    a = answer_question("Wovor warnen Kritiker?", BAN)
    assert "Vorurteilen" in a.answer and a.evidence[0].sentence == "s8"


def test_exception_and_update_questions():
    a = answer_question("Was ist vom Verbot ausgenommen?", BAN)
    assert "stationäre Kameras" in a.answer and a.verdict is None
    a = answer_question("Gibt es ein Update?", BAN)
    assert a.verdict == "yes" and "nur für Gesichtserkennung" in a.answer


def test_evidence_offsets_are_exact():
    a = answer_question("Gilt das Verbot international?", BAN)
    text = " ".join(s.text for s in BAN.sentences)
    for e in a.evidence:
        assert text[e.start : e.end] == e.text == BAN.sentence(e.sentence).text


def test_answer_json_shape():
    d = answer_question("Gilt das Verbot international?", BAN).to_dict()
    assert {"question", "answer", "verdict", "confidence", "evidence", "clauses"} <= set(d)
    assert 0.0 <= d["confidence"] <= 1.0
    assert set(d["evidence"][0]) == {"sentence", "text", "start", "end"}


def test_empty_question_raises():
    with pytest.raises(QuestionError):
        ask("  ", BAN)


def test_answering_does_not_import_spacy(tmp_path):
    path = tmp_path / "r.json"
    path.write_text(BAN.to_json(), encoding="utf-8")
    code = (
        "import sys; from nlp_policy.record import Record; from nlp_policy import ask; "
        f"r = Record.from_json(open({str(path)!r}, encoding='utf-8').read()); ask('Gilt das Verbot international?', r); "
        "print('spacy' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


# -- the bundled article (record extracted once per session) ------------------------

ARTICLE = [
    ("Gilt das Verbot international?", "no", ["USA"]),
    ("Gilt das Verbot auch in Deutschland?", "no", ["USA"]),
    ("Darf die Polizei in Frankreich Echtzeit-Gesichtserkennung mit Dashcams nutzen?", "no", ["Echtzeit"]),
    ("Ist das Verbot auf die Vereinigten Staaten beschränkt?", "yes", ["USA"]),
    ("Ist es Polizeibehörden generell verboten, den Dienst zu nutzen?", "no", ["generell"]),
    ("Wer ist Candice Ling?", None, ["SVP"]),
    ("Welche Unternehmen werden genannt?", None, ["Microsoft", "OpenAI"]),
    ("Was kostet der Azure OpenAI Service?", "unknown", []),
    ("Ist bekannt, ob Axon den Azure-Dienst verwendet hat?", "unclear", ["unklar"]),
]


@pytest.mark.parametrize("question,verdict,must", ARTICLE)
def test_bundled_article(article_record, question, verdict, must):
    a = answer_question(question, article_record)
    assert a.verdict == verdict, a.answer
    for m in must:
        assert m in a.answer
    assert isinstance(a, Answer)


# -- more relations and cues ----------------------------------------------------------

LAW = make_record(
    [
        "Das Gesetz verbietet der Polizei in Kalifornien Drohnen mit Gesichtserkennung.",
        "Auch der Einkauf solcher Software für Drohnen ist verboten.",
        "Die Regel gilt für Polizei und Sheriffs, nicht aber für Bundesbehörden wie das FBI.",
        "Drohnen ohne Gesichtserkennung dürfen die Behörden weiterhin einsetzen.",
        "Ein Moratorium für Gesichtserkennung in Körperkameras lief 2023 aus und wurde nicht verlängert.",
        "Korrektur: In einer früheren Version hieß es, das Gesetz gelte auch in Texas.",
        "Das ist nicht der Fall.",
    ],
    clauses=[
        {"type": "prohibition", "text": "Das Gesetz verbietet der Polizei in Kalifornien Drohnen mit Gesichtserkennung",
         "scope": {"geo": ["US-CA"], "actors": ["Polizei"], "technologies": ["Gesichtserkennung"], "devices": ["Drohnen"]}},
        {"type": "prohibition", "text": "Auch der Einkauf solcher Software für Drohnen ist verboten", "scope": {"devices": ["Drohnen"]}},
        {"type": "exception", "text": "Die Regel gilt für Polizei und Sheriffs, nicht aber für Bundesbehörden wie das FBI", "relations": [("limits", "c1")]},
        {"type": "permission", "text": "Drohnen ohne Gesichtserkennung dürfen die Behörden weiterhin einsetzen",
         "scope": {"technologies": ["Gesichtserkennung"], "devices": ["Drohnen"]}},
        {"type": "lifting", "text": "Ein Moratorium für Gesichtserkennung in Körperkameras lief 2023 aus und wurde nicht verlängert",
         "scope": {"devices": ["Körperkameras"]}, "relations": [("lifts", "c1")]},
        {"type": "update", "text": "In einer früheren Version hieß es, das Gesetz gelte auch in Texas",
         "scope": {"geo": ["US-TX"]}, "relations": [("corrects", "c1")]},
    ],
)


def test_lifting_about_something_else_is_ignored():
    # the moratorium on body cameras does not lift the drone ban
    a = answer_question("Dürfen Polizisten in Kalifornien Drohnen mit Gesichtserkennung ausstatten?", LAW)
    assert a.verdict == "no" and "c1" in a.clauses


def test_retracted_version_is_denied():
    a = answer_question("Gilt das Gesetz auch in Texas?", LAW)
    assert a.verdict == "no"
    assert "nicht der Fall" in a.answer


def test_the_clause_in_the_question_s_words_decides():
    a = answer_question("Darf die Polizei Software zur Gesichtserkennung für Drohnen kaufen?", LAW)
    assert a.verdict == "no" and "Einkauf" in a.answer
    a = answer_question("Gilt das Gesetz auch für das FBI?", LAW)
    assert a.verdict == "no" and "FBI" in a.answer
    # the same clause names who is covered before "nicht aber"
    assert answer_question("Gilt das Gesetz auch für Sheriffs?", LAW).verdict == "yes"


def test_without_excludes_a_concept():
    # "Drohnen ohne Gesichtserkennung dürfen ...": no exception for face recognition
    a = answer_question("Darf die Polizei in Kalifornien Drohnen mit Gesichtserkennung einsetzen?", LAW)
    assert a.verdict == "no"


def test_lifted_rule_no_longer_exists():
    a = answer_question("Gibt es noch ein Moratorium für Gesichtserkennung in Körperkameras?", LAW)
    assert a.verdict == "no" and "nicht verlängert" in a.answer


@pytest.mark.parametrize("question", ["Wie viele Drohnen hat die Polizei?", "Was kostet eine Drohne?"])
def test_amount_and_price_questions_abstain(question):
    assert answer_question(question, LAW).verdict == "unknown"


def test_record_without_clauses_falls_back_to_sentences():
    rec = make_record(["Die Stadt verbietet Drohnen über dem Stadion.", "Das Verbot gilt nicht für Rettungsdienste."])
    a = answer_question("Gilt das Verbot für Rettungsdienste?", rec)
    assert a.verdict == "no" and a.evidence[0].sentence == "s2"


@pytest.mark.parametrize("question", ["?!?...;;", "Warum?", "Ist das so?"])
def test_questions_without_content_are_unknown(question):
    a = answer_question(question, BAN)
    assert a.verdict == "unknown" and a.evidence == ()


@pytest.mark.parametrize(
    "question,verdict",
    [
        ("gilt das verbot internatinal", "no"),
        ("Is the ban limited to the US?", "yes"),
        ("Does the ban cover dashcams?", "yes"),
        ("Sind Bodycams betroffen?", "yes"),
        ("Gilt die Sperre auch in der Schweiz?", "no"),
    ],
)
def test_bundled_article_variants(article_record, question, verdict):
    assert answer_question(question, article_record).verdict == verdict
