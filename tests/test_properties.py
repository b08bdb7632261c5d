"""Property tests: whatever text or question comes in, the library either
answers correctly shaped data or raises one of its own documented errors."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from nlp_policy.errors import NlpPolicyError

# The pipeline takes ~50 ms per text: a modest number of examples, no deadline.
SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])

GERMAN_WORDS = [
    "Die", "Polizei", "darf", "nicht", "Gesichtserkennung", "nutzen", "Das", "Verbot", "gilt", "nur", "in", "den",
    "USA", "außer", "für", "Microsoft", "untersagt", "am", "20.", "März", "z.", "B.", "Update:", "Bußgeld",
    "weltweit", "Körperkameras", "„Azure", "OpenAI“", "-", ",", ".", "?", "!", "\n", "\n\n", "  ",
]

#: Unicode text of every kind (surrogates excluded: they cannot be encoded).
any_text = st.text(alphabet=st.characters(exclude_categories=("Cs",)), max_size=400)
#: Text that looks like German news, noise included.
germanish = st.lists(st.sampled_from(GERMAN_WORDS) | any_text.map(lambda s: s[:12]), max_size=80).map(" ".join)


@pytest.fixture(scope="module")
def pipeline():
    from nlp_policy.pipeline.build import load

    return load("offline")


def check_record(text: str, pipeline) -> None:
    from nlp_policy.extraction.document import extract_text

    try:
        record = extract_text(text, nlp=pipeline)
    except NlpPolicyError:
        return
    assert record.document.chars == len(text)
    for kind, fact in record.spans():
        assert 0 <= fact.start <= fact.end <= len(text), (kind, fact)
        assert text[fact.start : fact.end] == fact.text, (kind, fact)
    ids = {s.id for s in record.sentences}
    for kind, fact in record.spans():
        if kind != "sentence":
            assert fact.sentence in ids or not ids, (kind, fact)
    # the record survives its own JSON form
    from nlp_policy.record import Record

    assert Record.from_json(record.to_json()) == record


@SETTINGS
@given(text=any_text)
@example(text="")
@example(text="\x00\x01\x02")
@example(text="Ä" * 3 + "\ufeff" + "\u200b")
@example(text="Die Polizei darf nicht.\r\n\r\nDas Verbot gilt nur in den USA.\u2028Update: doch nicht.")
def test_any_unicode_text(text, pipeline):
    check_record(text, pipeline)


@SETTINGS
@given(text=germanish)
def test_germanish_text(text, pipeline):
    check_record(text, pipeline)


@pytest.fixture(scope="module")
def article(pipeline):
    from nlp_policy.extraction.document import extract

    return extract(nlp=pipeline)


@SETTINGS
@given(question=st.text(alphabet=st.characters(exclude_categories=("Cs",)), max_size=300) | germanish)
@example(question="Gilt das Verbot international?")
@example(question="?")
@example(question="x" * 10_000)
def test_any_question_gives_an_answer_object(question, article):
    from nlp_policy.qa.answer import answer_question

    try:
        answer = answer_question(question, article)
    except NlpPolicyError:
        return  # e.g. an empty question: a documented error, shown as one line by the CLI
    d = answer.to_dict()
    assert {"question", "answer", "verdict", "confidence", "evidence", "clauses"} <= set(d)
    assert d["verdict"] in {"yes", "no", "unclear", "unknown", None}
    assert 0.0 <= d["confidence"] <= 1.0
    assert isinstance(d["answer"], str) and d["answer"]
    for e in d["evidence"]:
        sentence = article.sentence(e["sentence"])
        assert sentence.start <= e["start"] <= e["end"] <= sentence.end
        assert e["text"] == sentence.text[e["start"] - sentence.start : e["end"] - sentence.start]
    assert set(d["clauses"]) <= {c.id for c in article.clauses}
