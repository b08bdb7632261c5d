"""The components in pipelines users build themselves: ``spacy.blank("de")``
without a sentencizer, ``nlp.pipe`` with several processes, save and load,
empty texts, and displaCy."""

from __future__ import annotations

import pytest
import spacy
from spacy.tokens import Span

import nlp_policy.pipeline.build  # noqa: F401 - registers the factories
from nlp_policy.pipeline.segmenter import ensure_sentences

TEXTS = [
    "Der Stadtrat verbietet der Polizei die Gesichtserkennung in Freiburg. Das Verbot gilt nicht für vermisste Kinder.",
    "",
    "Am Dienstag erlaubte das Ministerium den Behörden in Sachsen Drohnen. Ausgenommen sind Schulen.",
    "Kein Text mit Regeln.",
    "",
    "Die Firma Beispiel AG untersagt ihren Mitarbeitern seit dem 3. Mai 2024 private Handys im Labor.",
]


def spans(doc) -> dict[str, list]:
    return {
        key: [
            (s.start_char, s.end_char, s.label_, s._.clause_id, s._.entity_key, s._.scope, s._.relations, s._.time_value)
            for s in group
        ]
        for key, group in sorted(doc.spans.items())
    }


@pytest.fixture(scope="module")
def blank():
    nlp = spacy.blank("de")
    for name in ("policy_entities", "policy_clauses", "policy_timeline"):
        nlp.add_pipe(name)
    return nlp


@pytest.mark.parametrize("name", ["policy_clauses", "policy_entities", "policy_timeline"])
def test_each_component_alone_in_a_blank_pipeline(name):
    nlp = spacy.blank("de")
    nlp.add_pipe(name)
    doc = nlp(TEXTS[0])
    group = {"policy_clauses": "policy_clauses", "policy_entities": "policy_entities", "policy_timeline": "policy_time"}[name]
    assert group in doc.spans
    if name == "policy_clauses":
        assert [s.label_ for s in doc.spans[group]] == ["prohibition", "exception"]
        assert len(list(doc.sents)) == 2


def test_sentences_come_from_the_project_segmenter_when_none_are_set(blank):
    doc = blank("Der Rat verbietet z. B. Drohnen. Das gilt ab dem 20. März nicht mehr.")
    assert [s.text for s in doc.sents] == ["Der Rat verbietet z. B. Drohnen.", "Das gilt ab dem 20. März nicht mehr."]


def test_boundaries_set_by_another_component_are_kept():
    nlp = spacy.blank("de")
    nlp.add_pipe("sentencizer", config={"punct_chars": ["!"]})  # "." does not end a sentence here
    nlp.add_pipe("policy_clauses")
    doc = nlp(TEXTS[0])
    assert len(list(doc.sents)) == 1


def test_ensure_sentences_on_an_empty_doc():
    nlp = spacy.blank("de")
    assert len(ensure_sentences(nlp(""))) == 0


def test_factories_declare_what_they_assign(blank):
    analysis = blank.analyze_pipes()
    assigns = {name: set(summary["assigns"]) for name, summary in analysis["summary"].items()}
    assert {"doc.spans", "token.is_sent_start", "span._.clause_type", "span._.scope"} <= assigns["policy_clauses"]
    assert {"doc.spans", "doc._.policy_entity_info", "span._.entity_key"} <= assigns["policy_entities"]
    assert "span._.time_value" in assigns["policy_timeline"]
    assert not any(analysis["problems"].values()), analysis["problems"]


def test_empty_texts_do_not_abort_a_batch(blank, nlp):
    for pipeline in (blank, nlp):
        docs = list(pipeline.pipe(TEXTS))
        assert [len(d) == 0 for d in docs] == [t == "" for t in TEXTS]
        assert docs[0].spans["policy_clauses"] and not docs[1].spans.get("policy_clauses")


def test_pipe_with_two_processes_gives_the_same_spans(blank):
    one = [spans(d) for d in blank.pipe(TEXTS, batch_size=2)]
    two = [spans(d) for d in blank.pipe(TEXTS, n_process=2, batch_size=2)]
    assert two == one
    assert any(s["policy_clauses"] for s in one)


def test_blank_pipeline_round_trip(blank, tmp_path):
    blank.to_disk(tmp_path / "p")
    loaded = spacy.load(tmp_path / "p")
    assert loaded.pipe_names == blank.pipe_names
    for text in TEXTS:
        a, b = blank(text), loaded(text)
        assert spans(b) == spans(a)
        assert b._.policy_entity_info == a._.policy_entity_info


# -- displaCy ----------------------------------------------------------------------

@pytest.fixture
def modifiers_extension():
    # The "modifiers" component may not be part of this pipeline: register the
    # extension the way it would, and remove it afterwards.
    added = not Span.has_extension("modifiers")
    if added:
        Span.set_extension("modifiers", default=None)
    yield
    if added:
        Span.remove_extension("modifiers")


def test_display_renders_clause_spans_with_their_modifiers(blank, modifiers_extension):
    from nlp_policy.views.display import doc_data, render

    doc = blank(TEXTS[0])
    doc.spans["policy_clauses"][0]._.modifiers = [{"category": "extent", "value": "temporary"}]
    data = doc_data(doc)
    labels = [s["label"] for s in data["spans"]]
    assert "prohibition · temporary" in labels and "exception" in labels
    assert data["tokens"] == [t.text for t in doc]
    html = render(doc, jupyter=False)
    assert "prohibition · temporary" in html and "Freiburg" in html


def test_display_renders_a_record_with_modifiers(nlp):
    import dataclasses

    from nlp_policy.extraction.document import extract_text
    from nlp_policy.record.types import Modifier
    from nlp_policy.views.display import render

    text = TEXTS[0]
    record = extract_text(text, nlp=nlp)
    first = record.clauses[0]
    cue = Modifier(category="status", value="planned", text=first.text[:3], start=first.start, end=first.start + 3)
    record = dataclasses.replace(record, clauses=(dataclasses.replace(first, modifiers=(cue,)),) + record.clauses[1:])
    html = render(record, text, jupyter=False)
    assert f"{first.type} · planned" in html
