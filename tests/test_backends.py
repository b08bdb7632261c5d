"""Backend choice: the offline pipeline always works; the model path is used
when de_core_news_sm is installed and skipped cleanly where it is not."""

from __future__ import annotations

import pytest

from nlp_policy.pipeline.backends import model_available, resolve_backend
from nlp_policy.errors import ModelError

SAMPLE = "Die Stadt München verbietet der Polizei Gesichtserkennung. Das Verbot gilt nur für Bahnhöfe."


def test_auto_resolves_to_an_installed_backend():
    assert resolve_backend("auto") == ("model" if model_available() else "offline")


def test_unknown_backend_is_refused():
    with pytest.raises(ModelError, match="unknown backend"):
        resolve_backend("gpu")


@pytest.mark.skipif(model_available(), reason="de_core_news_sm is installed here")
def test_missing_model_says_how_to_install_it():
    with pytest.raises(ModelError, match=r"pip install \"\.\[model\]\""):
        resolve_backend("model")


def test_offline_record_names_its_backend(nlp):
    from nlp_policy.extraction.document import extract_text

    record = extract_text(SAMPLE, nlp=nlp)
    assert record.document.backend == "offline"
    assert [c.type for c in record.clauses] == ["prohibition", "exception"]


@pytest.mark.skipif(not model_available(), reason="de_core_news_sm is not installed (pip install \".[model]\")")
def test_model_backend_gives_the_same_record_format():
    from nlp_policy.extraction.document import extract_text
    from nlp_policy.pipeline.build import load

    nlp = load("model")
    assert "parser" in nlp.pipe_names and "policy_clauses" in nlp.pipe_names
    record = extract_text(SAMPLE, nlp=nlp)
    assert record.document.backend == "model"
    assert [c.type for c in record.clauses] == ["prohibition", "exception"]
    text = SAMPLE
    for _, fact in record.spans():
        assert text[fact.start : fact.end] == fact.text
