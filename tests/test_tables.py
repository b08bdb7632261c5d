"""The compact word tables (data/lexicon.npz) and the lemmatizer that reads them."""

from __future__ import annotations

import sys
from pathlib import Path

import numpy
import pytest
import spacy

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tools"))

from nlp_policy.errors import ModelError  # noqa: E402
from nlp_policy.pipeline import tables  # noqa: E402
from nlp_policy.pipeline.tables import lexical_tables  # noqa: E402


@pytest.fixture(scope="module")
def reference():
    """spaCy's own lookup lemmatizer over the same source table."""
    nlp = spacy.blank("de")
    nlp.add_pipe("lemmatizer", config={"mode": "lookup"})
    nlp.initialize()
    return nlp


@pytest.mark.parametrize(
    "sentence",
    [
        "Die Behörden untersagten den Polizisten die Nutzung der Kameras.",
        "Ab Montag dürfen Schulen keine Smartphones mehr einsetzen.",
        "Das Verbot gilt nicht für Forschungseinrichtungen, erklärte die Ministerin.",
        "Palantir und Clearview wurden gestern in Wien mit Bußgeldern belegt.",
        "Xqzwv blorft.",  # no known form: every token keeps its own text
    ],
)
def test_lemmas_are_those_of_spacys_lookup_lemmatizer(nlp, reference, sentence):
    ours = nlp.get_pipe("lemmatizer")(nlp.make_doc(sentence))
    theirs = reference(reference.make_doc(sentence))
    assert [t.text for t in ours] == [t.text for t in theirs]
    assert [t.lemma_ for t in ours] == [t.lemma_ for t in theirs]


def test_lemmatizer_keeps_lemmas_set_before_it(nlp):
    doc = nlp.make_doc("Die Behörden untersagten es.")
    doc[1].lemma_ = "Amt"
    nlp.get_pipe("lemmatizer")(doc)
    assert [t.lemma_ for t in doc][:3] == ["der", "Amt", "untersagen"]


def test_lemmatizer_on_an_empty_doc(nlp):
    assert len(nlp.get_pipe("lemmatizer")(nlp.make_doc(""))) == 0


def test_shipped_tables_match_their_source():
    """data/lexicon.npz is what tools/build_lexicon.py builds from the installed spacy-lookups-data."""
    import build_lexicon

    built = build_lexicon.build()
    with numpy.load(build_lexicon.OUT) as shipped:
        assert sorted(shipped.files) == sorted(built)
        for key, array in built.items():
            assert numpy.array_equal(shipped[key], array), f"{key} is stale: run python tools/build_lexicon.py"


def test_tables_load_once_per_process():
    assert lexical_tables() is lexical_tables()


def test_building_the_pipeline_never_loads_lemma_tables_into_spacy_lookups(monkeypatch):
    import spacy.lookups

    from nlp_policy.pipeline.build import build
    from nlp_policy.pipeline.entities.lexicon import Vocabulary

    asked: list[tuple[str, tuple]] = []
    original = spacy.lookups.load_lookups

    def recording(lang, tables, strict=True):
        asked.append((lang, tuple(tables)))
        return original(lang, tables, strict=strict)

    monkeypatch.setattr(spacy.lookups, "load_lookups", recording)
    nlp = build("offline")
    Vocabulary()
    nlp("Die Behörde untersagt den Einsatz von Drohnen.")
    assert not [a for a in asked if "lemma_lookup" in a[1] or "lemma_index" in a[1]], asked


def test_a_broken_table_file_is_a_clear_error(tmp_path, monkeypatch):
    broken = tmp_path / "lexicon.npz"
    broken.write_bytes(b"not a zip file")
    monkeypatch.setattr(tables, "data_path", lambda name: broken)
    lexical_tables.cache_clear()
    try:
        with pytest.raises(ModelError, match="build_lexicon.py"):
            lexical_tables()
    finally:
        lexical_tables.cache_clear()
