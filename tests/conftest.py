"""Shared fixtures: one offline pipeline and the bundled corpus' records per session, and
the records of a test module's own invented texts."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
DATA = Path(__file__).resolve().parent / "data"


def corpus_texts() -> list[Path]:
    return sorted(CORPUS.glob("*.txt"))


@pytest.fixture(scope="session")
def nlp():
    from nlp_policy.pipeline.build import load

    return load("offline")


@pytest.fixture(scope="session")
def article_path() -> Path:
    from nlp_policy.resources import bundled_article

    return bundled_article()


@pytest.fixture(scope="session")
def article_record(nlp, article_path):
    from nlp_policy.extraction.document import extract

    return extract(article_path, nlp=nlp)


@pytest.fixture(scope="session")
def corpus_records(nlp):
    from nlp_policy.extraction.document import extract

    return {p.name: extract(p, nlp=nlp) for p in corpus_texts()}


@pytest.fixture(scope="session")
def records_of(nlp, tmp_path_factory):
    """records_of(texts) -> the record of each named text, extracted by the offline
    pipeline from a file of its own (a test module's invented articles)."""
    from nlp_policy.extraction.document import extract

    def build(texts: dict[str, str]) -> dict:
        folder = tmp_path_factory.mktemp("texts")
        out = {}
        for name, text in texts.items():
            path = folder / f"{name}.txt"
            path.write_text(text, encoding="utf-8")
            out[name] = extract(path, nlp=nlp)
        return out

    return build
