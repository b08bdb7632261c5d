"""Extraction time grows about linearly with document length, so a long
document (up to --max-chars) is slow, never a hang.

Measured as a ratio on this machine (4x the text should take about 4x the
time), so the check does not depend on how fast the machine is.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))

import corpus_gen  # noqa: E402

SMALL, LARGE = 20_000, 80_000


@pytest.fixture(scope="module")
def long_text() -> str:
    return "\n".join(corpus_gen.documents(200, seed=5))[:LARGE]


def _seconds(nlp, proc, text: str) -> float:
    doc = nlp.make_doc(text)
    for name, p in nlp.pipeline:
        if p is proc:
            break
        doc = p(doc)
    best = float("inf")
    for _ in range(2):
        t = time.perf_counter()
        proc(doc)
        best = min(best, time.perf_counter() - t)
        if best > 1.0:  # slow enough to be measured once
            break
    return best


@pytest.mark.parametrize(
    "component", ["policy_sentencizer", "lemmatizer", "policy_entities", "policy_clauses", "policy_timeline"]
)
def test_component_time_is_about_linear(component, nlp, long_text):
    nlp.max_length = max(nlp.max_length, LARGE + 1)
    proc = nlp.get_pipe(component)
    small = _seconds(nlp, proc, long_text[:SMALL])
    large = _seconds(nlp, proc, long_text)
    # linear: 4x; allow noise and n log n, not n^2 (16x)
    assert large < 8 * small + 0.05, f"{component}: {small:.3f} s for {SMALL:,} chars, {large:.3f} s for {LARGE:,}"


def test_record_building_is_about_linear(nlp, long_text):
    from nlp_policy.extraction.document import doc_to_record
    from nlp_policy.text.reading import from_text

    nlp.max_length = max(nlp.max_length, LARGE + 1)
    times = []
    for text in (long_text[:SMALL], long_text):
        doc, source = nlp(text), from_text(text)
        t = time.perf_counter()
        doc_to_record(doc, source, backend="offline")
        times.append(time.perf_counter() - t)
    assert times[1] < 8 * times[0] + 0.05, times
