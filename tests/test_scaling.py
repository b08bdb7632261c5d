"""Extraction work grows about linearly with document length, so a long
document (up to --max-chars) is slow, never a hang.

Two checks per component, both for 8x the text (linear: 8x):

* work: the number of Python calls the component makes (counted with
  cProfile), which does not depend on the machine or its load; a quadratic
  path shows as 64x, the limit is 2x linear;
* time: CPU time of this thread (``time.thread_time``: other processes on a
  busy machine do not count), with a limit of 3x linear, far below quadratic.

Wall-clock timings belong to ``benchmarks/``, never to an assertion here.
"""

from __future__ import annotations

import cProfile
import pstats
import sys
import time
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))

import corpus_gen  # noqa: E402

SMALL, LARGE = 10_000, 80_000
GROWTH = LARGE / SMALL
COMPONENTS = ["policy_sentencizer", "lemmatizer", "policy_entities", "policy_clauses", "policy_timeline"]


@pytest.fixture(scope="module")
def long_text() -> str:
    return "\n".join(corpus_gen.documents(200, seed=5))[:LARGE]


def _prepared(nlp, proc, text: str):
    """The doc as ``proc`` receives it: made and run through the components before it.
    A component's memo of earlier docs is cleared: the work measured is the doc's own."""
    doc = nlp.make_doc(text)
    for _, p in nlp.pipeline:
        if p is proc:
            break
        doc = p(doc)
    if hasattr(proc, "clear_memo"):
        proc.clear_memo()
    return doc


def calls(fn, *args) -> int:
    """How many function calls ``fn(*args)`` makes (deterministic work count)."""
    profile = cProfile.Profile()
    profile.enable()
    try:
        fn(*args)
    finally:
        profile.disable()
    return pstats.Stats(profile).total_calls


def cpu_seconds(fn, *args, repeat: int = 3) -> float:
    """Best CPU time of this thread over ``repeat`` runs of ``fn(*args)``."""
    best = float("inf")
    for _ in range(repeat):
        t = time.thread_time()
        fn(*args)
        best = min(best, time.thread_time() - t)
    return best


@pytest.fixture(scope="module")
def warm_nlp(nlp):
    nlp.max_length = max(nlp.max_length, LARGE + 1)
    nlp("Die Behörde untersagt den Einsatz am 3. Mai 2024 in Berlin.")  # lazy tables and patterns
    return nlp


@pytest.mark.parametrize("component", COMPONENTS)
def test_component_work_is_about_linear(component, warm_nlp, long_text):
    proc = warm_nlp.get_pipe(component)
    small = calls(proc, _prepared(warm_nlp, proc, long_text[:SMALL]))
    large = calls(proc, _prepared(warm_nlp, proc, long_text))
    assert large < 2 * GROWTH * small, f"{component}: {small:,} calls for {SMALL:,} chars, {large:,} for {LARGE:,}"


@pytest.mark.parametrize("component", COMPONENTS)
def test_component_time_is_about_linear(component, warm_nlp, long_text):
    proc = warm_nlp.get_pipe(component)
    small_doc = _prepared(warm_nlp, proc, long_text[:SMALL])
    large_doc = _prepared(warm_nlp, proc, long_text)
    small = cpu_seconds(lambda: proc(small_doc))
    large = cpu_seconds(lambda: proc(large_doc), repeat=2)
    assert large < 3 * GROWTH * small + 0.05, f"{component}: {small:.3f} s for {SMALL:,} chars, {large:.3f} s for {LARGE:,}"


def test_record_building_is_about_linear(warm_nlp, long_text):
    from nlp_policy.extraction.document import doc_to_record
    from nlp_policy.text.reading import from_text

    work, seconds = [], []
    for text in (long_text[:SMALL], long_text):
        doc, source = warm_nlp(text), from_text(text)
        work.append(calls(lambda: doc_to_record(doc, source, backend="offline")))
        seconds.append(cpu_seconds(lambda: doc_to_record(doc, source, backend="offline"), repeat=2))
    assert work[1] < 2 * GROWTH * work[0], work
    assert seconds[1] < 3 * GROWTH * seconds[0] + 0.05, seconds


# -- pathological shapes (issue 13 item 14) -----------------------------------------

unpunctuated, long_token = corpus_gen.unpunctuated, corpus_gen.long_token


@pytest.mark.parametrize(
    "shape,small,large",
    [(unpunctuated, 1_000, 4_000), (long_token, 20_000, 80_000)],
    ids=["no-sentence-punctuation", "one-long-token"],
)
@pytest.mark.parametrize("component", COMPONENTS)
def test_pathological_text_is_about_linear(shape, small, large, component, warm_nlp):
    """4x the text: linear is 4x, quadratic 16x; the limits are 2x (calls) and 3x (CPU) linear."""
    proc = warm_nlp.get_pipe(component)
    docs = [_prepared(warm_nlp, proc, shape(n)) for n in (small, large)]
    work = [calls(proc, d) for d in docs]
    seconds = [cpu_seconds(lambda: proc(d), repeat=2) for d in docs]
    growth = large / small
    assert work[1] < 2 * growth * work[0] + 1_000, f"{component}: calls {work}"
    assert seconds[1] < 3 * growth * seconds[0] + 0.05, f"{component}: CPU seconds {seconds}"


def test_long_token_work_is_bounded(warm_nlp):
    """A 200,000-character token is looked up whole, never split as a compound."""
    from nlp_policy.pipeline.entities.lexicon import vocabulary

    vocab = vocabulary()
    token = long_token(200_000)
    assert calls(vocab.is_german, token) < 100
    assert calls(vocab.is_english, token) < 100
    assert vocab.is_german("Polizeibehörden")  # compounds of real length are still split


def test_trigger_scanning_grows_linearly_without_sentence_punctuation(warm_nlp, monkeypatch):
    """The characters the clause trigger patterns scan: reading both sides of every
    candidate cut in full made this quadratic in an endless sentence."""
    from nlp_policy.pipeline.clauses import rules

    scanned = [0]
    original = rules.find_triggers

    def counting(text):
        scanned[0] += len(text)
        return original(text)

    monkeypatch.setattr(rules, "find_triggers", counting)
    proc = warm_nlp.get_pipe("policy_clauses")
    work = []
    for words in (1_000, 4_000):
        doc = _prepared(warm_nlp, proc, unpunctuated(words))
        scanned[0] = 0
        proc(doc)
        work.append(scanned[0])
    assert work[1] < 2 * 4 * work[0], f"characters scanned: {work}"


def test_entities_on_a_huge_token_grow_linearly(warm_nlp):
    """16x the token: linear is 16x, quadratic (a suffix slice per position) 256x."""
    proc = warm_nlp.get_pipe("policy_entities")
    docs = [_prepared(warm_nlp, proc, long_token(n)) for n in (10_000, 160_000)]
    # one run each: the component remembers the words it has analysed
    seconds = [cpu_seconds(lambda: proc(d), repeat=1) for d in docs]
    assert seconds[1] < 3 * 16 * seconds[0] + 0.1, f"CPU seconds {seconds}"
