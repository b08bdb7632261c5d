"""The throughput shortcuts find exactly what the plain code finds.

Each shortcut (a scan tried only where a match can start, memoised lookups,
tokens read once, batch processing) is checked against the plain spaCy or
``re`` call it replaces, on invented German sentences and odd inputs.
"""

from __future__ import annotations

import pytest

from nlp_policy.pipeline import timeline
from nlp_policy.pipeline.clauses import scope

SENTENCES = [
    "Am Montag, dem 3. Mai 2021, untersagte die Stadtverwaltung von Graz den Betrieb der Drohnen bis auf Weiteres.",
    "Seit dem 14.05.2019 gilt in Frankreich und in den Vereinigten Staaten ein Verbot, das ab sofort auch in Kanada gelten soll.",
    "Die österreichische Behörde prüft vergangene Woche, ob die US-Polizei in Nordkalifornien Kameras einsetzen darf.",
    "Eine Woche, nachdem das Gericht in Wien entschieden hatte, hob die Regierung die Sperre Anfang 2024 wieder auf.",
    "In den kommenden Monaten will das Ministerium weltweit gültige Regeln vorlegen; kürzlich kündigte es Ende März an, zu prüfen.",
    "Nach der Veröffentlichung erklärte der Konzern am 2024-03-20, die Regel gelte übermorgen nur in der EU.",
    # odd inputs: case-folding specials, digits of other scripts, glued words
    "İm Januar ſeit 2020 IM MÄRZ ÜBERMORGEN ١٢.05.2019 x2019 _2020 Italien1 1Italien ÖSTERREICHS deutſchland",
    "",
    "2019",
    "(Mai) „Montag“ -heute- am3. Mai",
]


@pytest.mark.parametrize("text", SENTENCES)
def test_time_scans_find_what_finditer_finds(text):
    for (_kind, pattern), (_, scan) in zip(timeline._patterns()[0], timeline._scans()):
        starts = timeline._word_starts(text)
        fast = [(m.span(), m.groupdict()) for m in scan.finditer(text, starts)]
        plain = [(m.span(), m.groupdict()) for m in pattern.finditer(text)]
        assert fast == plain, (pattern.pattern[:60], text)


def test_time_scans_read_first_characters_off_every_pattern():
    # a pattern whose first characters cannot be read falls back to finditer: none does today
    assert all(scan.first is not None for _, scan in timeline._scans())


@pytest.mark.parametrize(
    "source, first",
    [
        (r"(?:(?:im|ab)\s+)?(?P<m>mai|juni)", "[iamj]"),
        (r"\d{1,2}\.", r"[\d]"),
        (r"(?:eine|zwei)? Tage", None),  # can start with a space: no word character
        (r"x*", None),  # can match the empty string
        (r".abc", None),
    ],
)
def test_first_characters_of_a_pattern(source, first):
    import re

    scan = timeline._StartScan(re.compile(timeline._B + source, re.IGNORECASE))
    assert (scan.first.pattern if scan.first else None) == first


@pytest.mark.parametrize("text", SENTENCES)
def test_place_names_found_per_first_letter_as_by_the_whole_alternation(text):
    alternation = scope._geo_tables()[0]
    fast = [(m.span(), m.group(0)) for m in alternation.finditer(text)]
    plain = [(m.span(), m.group(0)) for m in alternation.pattern.finditer(text)]
    assert fast == plain


@pytest.mark.parametrize("text", [s for s in SENTENCES if s])
def test_token_views_read_what_the_tokens_hold(nlp, text):
    from nlp_policy.pipeline.doctokens import TokenList, doc_text, tokens_text

    doc = nlp.make_doc(text)
    tokens = TokenList(doc)
    assert len(tokens) == len(doc)
    for view, token in zip(tokens, doc):
        assert (view.text, view.lower_, view.whitespace_, view.is_space, view.is_punct, view.i) == (
            token.text, token.lower_, token.whitespace_, token.is_space, token.is_punct, token.i)
        assert view.like_num == token.like_num and view.idx == token.idx  # read through
    assert tokens_text(tokens[1:4]) == doc[1:4].text
    assert tokens_text([]) == doc[0:0].text == ""
    assert doc_text(doc) == doc.text and doc_text(doc) is doc_text(doc)
    from nlp_policy.pipeline.doctokens import token_texts

    assert token_texts(doc) == [t.text for t in doc]


def test_batched_pipe_gives_the_records_of_single_calls(nlp):
    from nlp_policy.extraction.document import doc_to_record
    from nlp_policy.text.reading import from_text

    texts = [s for s in SENTENCES if s] * 3
    sources = [from_text(t) for t in texts]
    single = [doc_to_record(nlp(t), s, backend="offline").to_dict() for t, s in zip(texts, sources)]
    for batch_size in (1, 4, 64):
        piped = [doc_to_record(d, s, backend="offline").to_dict()
                 for d, s in zip(nlp.pipe(texts, batch_size=batch_size), sources)]
        assert piped == single


def test_batched_pipe_hands_errors_to_the_error_handler(nlp):
    from nlp_policy.pipeline.batching import BatchPipe

    class Failing(BatchPipe):
        name = "failing"

        def __call__(self, doc):
            if "kaputt" in doc.text:
                raise ValueError("kaputt")
            return doc

    comp = Failing()
    docs = [nlp.make_doc(t) for t in ("Das geht.", "Das ist kaputt.", "Das auch.")]
    with pytest.raises(ValueError):
        list(comp.pipe(docs, batch_size=2))
    seen = []
    comp.set_error_handler(lambda name, proc, failed, e: seen.append((name, failed[0].text, str(e))))
    assert [d.text for d in comp.pipe(docs, batch_size=2)] == ["Das geht.", "Das auch."]
    assert seen == [("failing", "Das ist kaputt.", "kaputt")]


@pytest.mark.parametrize(
    "pattern, needs",
    [
        ([{"LOWER": "bis"}, {"LOWER": {"IN": ["zum", "zur"]}, "OP": "?"}, {"LOWER": "ende"}], [(1, "ende")]),
        ([{"LOWER": "soll"}, {"IS_PUNCT": False, "OP": "{0,8}"}, {"LOWER": "haben"}], [(1, "haben")]),
        ([{"LOWER": "a"}, {"LOWER": "b", "OP": "{2,3}"}, {"LOWER": "c"}], [(1, "b"), (3, "c")]),
        ([{"LOWER": "a"}, {"LOWER": "b", "OP": "*"}, {"TEXT": {"REGEX": "^x"}}], [(1, None)]),
    ],
)
def test_modifier_needs_are_the_tokens_a_match_cannot_do_without(pattern, needs):
    from spacy.strings import get_string_id

    from nlp_policy.pipeline.clauses.modifiers import _needs

    found = _needs(pattern)
    assert [at for at, _ in found] == [at for at, _ in needs]
    for (_, need), (_, word) in zip(found, needs):
        if word is None:
            assert need.regex is not None
        else:
            assert get_string_id(word) in need.hashes


@pytest.mark.parametrize("text", SENTENCES + [
    "Die Nutzung ist verboten, es sei denn, die Behörde erteilt eine Ausnahmegenehmigung.",
    "Das Bußgeld beträgt bis zu zwei Millionen Euro; die Regel gilt nur für Schulen und ist befristet.",
    "Er hob das Moratorium wieder auf, das Verbot bleibt aber bestehen.",
])
def test_trigger_candidates_are_the_entries_whose_strings_occur(text):
    from nlp_policy.pipeline.clauses import rules

    lower = text.lower()
    for entries in (rules._lexicon()["phrases"], rules._rules()["patterns"]):
        plain = [k for k, entry in enumerate(entries) if rules._may_match(lower, entry[-1])]
        assert rules._candidates(entries, lower) == plain


def test_trigger_candidates_follow_a_changed_list():
    from nlp_policy.pipeline.clauses import rules

    entries = [("a", frozenset({"verbot"})), ("b", None)]
    assert rules._candidates(entries, "ein verbot") == [0, 1]
    entries.append(("c", frozenset({"ein"})))
    assert rules._candidates(entries, "ein verbot") == [0, 1, 2]
    assert rules._candidates(entries, "nichts") == [1]


@pytest.mark.parametrize(
    "text, pieces",
    [
        ("Die US-Polizei und die Axon-Produkte.", ["US", "-", "Polizei", "Axon", "-", "Produkte"]),
        ("Facebook- und Instagram-Nutzer sind betroffen.", ["Facebook", "-", "Instagram", "-", "Nutzer"]),
        ("Die ePrivacy-Richtlinie gilt, die Echtzeit-Gesichtserkennung nicht.", []),
        ("US-Polizei. US-Polizei!", ["US", "-", "Polizei", "US", "-", "Polizei"]),
    ],
)
def test_name_compounds_split_the_same_on_every_visit(nlp, text, pieces):
    entities = nlp.get_pipe("policy_entities")
    for _ in range(2):  # the second doc reads the memo of the first
        doc = nlp.make_doc(text)
        nlp.get_pipe("policy_sentencizer")(doc)
        entities.split_name_compounds(doc)
        split = [t.text for t in doc if t.text in pieces]
        assert split == pieces
        assert doc.text == text
        # a piece after the first continues its sentence
        assert all(not t.is_sent_start for t in doc if t.text == "-" or (t.i and doc[t.i - 1].text == "-" and not doc[t.i - 1].whitespace_))


def test_name_compounds_memo_follows_the_lexicon(nlp):
    entities = nlp.get_pipe("policy_entities")
    doc = nlp.make_doc("Die Zorblat-Nutzer klagen.")
    entities.split_name_compounds(doc)
    before = [t.text for t in doc]
    entities.known["Zorblat-Nutzer"] = ("Zorblat-Nutzer", "ORG")  # a lexicon form is never split
    try:
        doc = nlp.make_doc("Die Zorblat-Nutzer klagen.")
        entities.split_name_compounds(doc)
        assert [t.text for t in doc] == ["Die", "Zorblat-Nutzer", "klagen", "."]
    finally:
        del entities.known["Zorblat-Nutzer"]
    assert "Zorblat" in before


def test_clause_memo_keeps_each_sentences_own_context(nlp):
    from nlp_policy.extraction.document import doc_to_record
    from nlp_policy.pipeline.clauses import component as clauses_module
    from nlp_policy.text.reading import from_text

    texts = [
        "Tatsächlich gilt das Verbot nur in Österreich. Die Stadt untersagt Drohnen über Schulen.",
        "Update: Die Stadt hat die Regel korrigiert. Tatsächlich gilt das Verbot nur in Österreich.",
        "Die Stadt untersagt Drohnen über Schulen. Die Stadt untersagt Drohnen über Schulen.",
        "Tatsächlich gilt das Verbot nur in Österreich.",
    ]
    sources = [from_text(t) for t in texts]
    single = [doc_to_record(nlp(t), s, backend="offline").to_dict() for t, s in zip(texts, sources)]
    piped = [doc_to_record(d, s, backend="offline").to_dict() for d, s in zip(nlp.pipe(texts, batch_size=8), sources)]
    assert piped == single
    clauses = nlp.get_pipe("policy_clauses")
    assert 0 < len(clauses._memo) <= clauses_module.SENTENCE_MEMO  # bounded, kept across batches
    doc = next(nlp.pipe(texts[2:3]))
    first, second = [c for c in doc.spans["policy_clauses"]]
    assert first.text == second.text and first.start_char != second.start_char


def test_pipe_raises_the_collector_threshold_only_while_it_runs(nlp):
    import gc

    from nlp_policy.pipeline import batching

    before = gc.get_threshold()
    seen = []
    for doc in nlp.pipe(["Das Verbot gilt.", "Die Stadt untersagt Drohnen."], batch_size=1):
        seen.append(gc.get_threshold()[0])
    assert seen and all(t == max(before[0], batching.PIPE_GC_THRESHOLD) for t in seen)
    assert gc.get_threshold() == before
    stream = nlp.pipe(["Das Verbot gilt."] * 3, batch_size=1)
    next(stream)
    stream.close()  # a stream left early restores it too
    assert gc.get_threshold() == before
    with pytest.raises(ValueError):
        list(nlp.pipe(["Das Verbot gilt.", 42]))
    assert gc.get_threshold() == before


ENTITY_SENTENCES = [
    "Die Sprecherin Anna Berger sagte, das Verbot der Nutzung gelte ab Montag.",
    "Laut Tagesspiegel hat die Behörde in New Hampshire die Kameras verboten.",
    "Der Hamburger Senat und das Verwaltungsgericht Köln prüfen die Polizeiverordnung.",
    "Die Konzerne Zorblat und Quendix Labs bieten Software wie Videmo 360 an.",
    "Des Tech Justice Law Project Klage gegen die Kommission wurde abgewiesen.",
    "In der Schweiz gilt die Regel, im Tessin nicht; die Leipziger Richter entschieden anders.",
    "Die Bank of England und The Velvet Sundown stehen auf der Liste der Anbieter.",
    "Die Richtlinie 2002/58/EG und § 176 TKG regeln die Speicherung.",
    "Hersteller wie Dronix und Skyvo liefern Körperkameras an die Polizei.",
    "Gemeinsam mit Character.AI und Booking.com testet die Stiftung neue Filter.",
]


@pytest.mark.parametrize("text", ENTITY_SENTENCES + SENTENCES)
def test_plain_word_shortcut_finds_what_the_whole_rule_chain_finds(nlp, text, monkeypatch):
    from nlp_policy.pipeline.entities.rules import NameRules

    def mentions():
        doc = nlp(text)
        return [(s.start, s.end, s.label_, s._.entity_key) for s in doc.spans["policy_entities"]]

    fast = mentions()
    monkeypatch.setattr(NameRules, "_plain_word", lambda self, word: False)
    assert mentions() == fast


def test_plain_words_are_ordinary_german_words(nlp):
    entities = nlp.get_pipe("policy_entities")
    assert entities._plain_word("Verbot") and entities._plain_word("Nutzung")
    for word in ("Microsoft", "Polizeigesetz", "Hamburger", "Anna", "GPT-4", "Holstenstraße", "Nordkalifornien"):
        assert not entities._plain_word(word), word


@pytest.mark.parametrize("text", [s for s in ENTITY_SENTENCES + SENTENCES if s])
def test_mention_texts_are_the_spans_texts(nlp, text):
    from nlp_policy.pipeline.doctokens import TokenList
    from nlp_policy.pipeline.entities.groups import _Surfaces

    doc = nlp(text)
    for surfaces in (_Surfaces(doc), _Surfaces(doc, TokenList(doc))):
        for a in range(len(doc)):
            for b in range(a, min(len(doc), a + 6) + 1):
                assert surfaces(a, b) == doc[a:b].text


def _concepts_brute_force(lex, tokens):
    """concepts_in without any candidate filter: every variant of every concept is tried."""
    from nlp_policy.qa.question import _PARTICLE_GAP, _particle_stems, _word_eq

    found = {}
    for concept in lex.concepts.values():
        for variant in concept.variants:
            if len(variant) == 1:
                v = variant[0]
                for i, tok in enumerate(tokens):
                    if v == tok.stem or v in tok.parts or (len(v) >= 5 and v in tok.folded and "un" + v not in tok.folded):
                        found.setdefault(concept.canonical, []).append(i)
            else:
                n = len(variant)
                for i in range(len(tokens) - n + 1):
                    if all(_word_eq(variant[j], tokens[i + j]) for j in range(n)):
                        found.setdefault(concept.canonical, []).extend(range(i, i + n))
                if n == 2 and variant[1] in _particle_stems():
                    for i, tok in enumerate(tokens):
                        if _word_eq(variant[0], tok):
                            j = next((j for j in range(i + 2, min(len(tokens), i + 1 + _PARTICLE_GAP)) if _word_eq(variant[1], tokens[j], strict=True) and not tokens[j].capitalised), None)
                            if j is not None:
                                found.setdefault(concept.canonical, []).extend((i, j))
    return found


@pytest.mark.parametrize(
    "text",
    [
        "Die Behörde hat das Nutzungsverbot für Diensthandys am Montag bekannt gegeben.",
        "Gab die Stadt die Einigung mit den Anwohnern am Freitag bekannt?",
        "Kioskbetreiber klagten gegen die Sperrstunde; das Gericht kippte die Allgemeinverfügung.",
        "Wer ein privates Gerät dienstlich nutzt, muss die Gesichtserkennungssoftware löschen.",
        "unbefristete Ausnahmegenehmigung für Lastenräder und E-Scooter in der Fußgängerzone",
        "",
    ],
)
def test_concept_index_finds_what_trying_every_variant_finds(text):
    """The first-word index of concepts_in is only a filter: same concepts, positions and order."""
    from nlp_policy.qa.question import lexicon, tokenize

    lex = lexicon()
    tokens = tokenize(text)
    assert list(lex.concepts_in(tokens).items()) == list(_concepts_brute_force(lex, tokens).items())


@pytest.mark.parametrize("text", [s.lower() for s in SENTENCES] + [
    "gilt nur für schulen, nicht mehr für ämter",
    "nichtnur nicht mehr",  # a string inside another's match (nicht / nicht mehr / mehr)
    "",
    "verbotsverbote",
])
def test_string_finder_finds_what_searching_each_string_finds(text):
    from nlp_policy.pipeline.clauses.rules import _StringFinder

    strings = ["nicht", "nicht mehr", "mehr", "gilt", "gilt nur", "nur", "verbot", "verbots", "bot", "ver", "", "ämter"]
    by_string = {r: [k, k + 100] for k, r in enumerate(strings)}
    plain = {k for r, ks in by_string.items() if r in text for k in ks}
    assert _StringFinder(by_string).find(text) == plain


def test_trie_regex_matches_the_longest_string_at_a_position():
    import re

    from nlp_policy.pipeline.clauses.rules import trie_regex

    pattern = re.compile(trie_regex(["gilt", "gilt nur", "gilt nicht", "gut"]))
    assert pattern.match("gilt nur hier").group(0) == "gilt nur"
    assert pattern.match("gilt nicht").group(0) == "gilt nicht"
    assert pattern.match("gilt nichts").group(0) == "gilt nicht"
    assert pattern.match("gilt n").group(0) == "gilt"
    assert pattern.match("gu") is None


def test_clause_memo_is_bounded_and_gives_what_analysing_gives(nlp, monkeypatch):
    from nlp_policy.extraction.document import doc_to_record
    from nlp_policy.pipeline.clauses import component as clauses_module
    from nlp_policy.text.reading import from_text

    monkeypatch.setattr(clauses_module, "SENTENCE_MEMO", 3)
    clauses = nlp.get_pipe("policy_clauses")
    clauses._memo.clear()
    texts = [f"Die Stadt untersagt Drohnen über {n} Schulen. Tatsächlich gilt das Verbot nur in Österreich." for n in range(6)]
    texts += texts[::-1]
    sources = [from_text(t) for t in texts]
    memoised = [doc_to_record(d, s, backend="offline").to_dict() for d, s in zip(nlp.pipe(texts, batch_size=4), sources)]
    assert len(clauses._memo) == 3
    plain = []
    for t, s in zip(texts, sources):
        clauses._memo.clear()
        plain.append(doc_to_record(nlp(t), s, backend="offline").to_dict())
    assert memoised == plain


def _plain_word_places(text):
    """The per-word part of geo_mentions as it was written before its word memo."""
    from nlp_policy.pipeline.clauses import scope

    _, _, adjectives, prefixes, _ = scope._geo_tables()
    found = {}
    for m in scope._WORD.finditer(text):
        word = m.group(0)
        low = word.lower()
        head, sep, _ = low.partition("-")
        if sep and head in prefixes and word[: len(head)].isupper():
            found.setdefault((m.start(), m.start() + len(head)), prefixes[head])
            continue
        stem = scope._adjective_stem(low)
        if stem is not None:
            found.setdefault((m.start(), m.end()), adjectives[stem])
    return found


@pytest.mark.parametrize("text", SENTENCES + [
    "Die US-Polizei und französische Behörden prüfen EU-weit, nicht die us-Firma.",
    "Österreichische, italienischen und deutsche Ämter; UK-Regeln gelten nicht.",
])
def test_word_places_found_per_distinct_word_as_word_by_word(text):
    from nlp_policy.pipeline.clauses import scope

    memo = {}
    for m in scope._WORD.finditer(text):
        place = scope._word_place(m.group(0))
        if place is not None:
            code, length = place
            memo.setdefault((m.start(), m.end() if length is None else m.start() + length), code)
    assert memo == _plain_word_places(text)
    codes = {(g.start, g.end): g.code for g in scope.geo_mentions(text)}
    assert all(codes.get(span, code) == code or any(a <= span[0] < b for a, b in codes) for span, code in memo.items())


@pytest.mark.parametrize("text", [
    "MAI mai Mai: im mai, IM MAI, Im Mai 2024; bis zum 3. Mai, Bis Zum Mai",
    "Anfangs anfang Mitte mitte-Mai, ENDE Dezember; amtag am Montagabend",
    "ſeit Mai, İm Juni, Kelvin Kmai, ab SOFORT, Ab Sofort, abSofort",
    "19 1950 2049 2050 im Jahr 2019, Im Jahr 1999 seit1999 seit 1999",
])
def test_time_scans_by_word_heads_find_what_finditer_finds(text):
    for (_kind, pattern), (_, scan) in zip(timeline._patterns()[0], timeline._scans()):
        fast = [(m.span(), m.groupdict()) for m in scan.finditer(text, timeline._word_starts(text))]
        plain = [(m.span(), m.groupdict()) for m in pattern.finditer(text)]
        assert fast == plain, (pattern.pattern[:60], text)


@pytest.mark.parametrize(
    "source, literals",
    [
        (r"(?:(?:im|bis zum)\s+)?(?P<m>mai|juni)", {"im", "bis zum", "mai", "juni"}),
        (r"nach der Veröffentlichung", {"nach der Veröffentlichung"}),
        (r"(?:19\d\d|20[0-4]\d)", {"19", "20"}),
        (r"(?:am\s+)?\d{1,2}\.", None),  # can start with a digit class
        (r"(?:eine|)\s+Tage", None),  # a branch that may be empty
    ],
)
def test_first_literals_of_a_pattern(source, literals):
    import re

    from re import _parser

    assert timeline._first_literals(_parser.parse(timeline._B + source, re.IGNORECASE)) == literals


@pytest.mark.parametrize("text", [s for s in SENTENCES if s] + [
    "Das Verbot gilt vorerst nicht. Die Stadt plant aber kein Verbot, solange die Regel vorübergehend gilt. "
    "Laut Ministerium soll das Verbot nur bis Mai gelten, sagte eine Sprecherin.",
])
def test_modifier_links_read_each_sentences_cues_as_all_cues(nlp, text, monkeypatch):
    from collections import defaultdict

    from nlp_policy.pipeline.clauses.modifiers import PolicyModifiers

    modifiers = nlp.get_pipe("policy_modifiers")
    doc = nlp(text)
    cues = modifiers.match(doc)
    fast = modifiers.link(doc, cues)
    monkeypatch.setattr(PolicyModifiers, "_cues_by_sentence", staticmethod(lambda cues, starts: defaultdict(lambda: cues)))
    assert modifiers.link(doc, cues) == fast


@pytest.mark.parametrize("text", SENTENCES + ["  Zwei  Leerzeichen\n\nund Umbrüche \t am Ende  ", "ein"])
def test_doc_text_joined_from_arrays_is_the_docs_text(nlp, text):
    from nlp_policy.pipeline.doctokens import _joined

    doc = nlp.make_doc(text)
    assert _joined(doc) == doc.text == text
    doc = nlp(text)  # after the components (compound splitting retokenizes)
    assert _joined(doc) == doc.text == text


@pytest.mark.parametrize("text", SENTENCES + [
    "Gesperrt wurde die App nicht, sie hob das Verbot aber wieder auf.",
    "Die Stadt kündigte das Moratorium an und zog es dann zurück.",
    "Das war so am Ende auch gut.",
])
def test_lexicon_triggers_pass_over_silent_words_as_the_plain_walk(text, monkeypatch):
    from nlp_policy.pipeline.clauses import rules

    fast = rules.lexicon_triggers(text)
    monkeypatch.setattr(rules, "_silent", lambda word: len(word) < 3)  # every word walked
    assert rules.lexicon_triggers(text) == fast
