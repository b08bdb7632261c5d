"""nlp-policy benchmarks: one command, one table.

Rows (all measured in this one run, on this machine):

* extraction throughput in words/s: the full pipeline (and full extraction,
  pipeline + record) vs bare ``spacy.blank("de")`` + ``sentencizer`` on the
  same texts, as a ratio: the dev article bodies (real text, the best of
  eight passes, the sentence memo emptied before each; target >= 0.20) and the generated corpus (target >= 0.05; its repeated words hit
  the tokenizer's cache, which flatters bare);
* corpus: ``nlp-policy extract DIR --jsonl -o OUT --jobs 2`` on generated
  corpora of 200 and 2,000 documents: documents/s and the peak RSS of the
  largest process (target: peak at 2,000 within 1.2 x peak at 200);
* pathological shapes: text without sentence punctuation (1,000 to 15,000
  words) and one capitalised 200,000-character token, whole pipeline: the
  time growth against the size growth (target: about linear);
* QA: p50/p95 latency per question on a loaded record (target p95 < 20 ms);
* whole processes vs ``python -c "import spacy"`` in the same run (wall time,
  median; peak RSS from the helper process, like ``/usr/bin/time -v``): the
  first answer on a new document (``ask --no-cache``, target <= 2.0x, peak
  RSS <= 200 MiB), ``nlp-policy extract`` of the bundled article with an
  empty record cache (<= 2.0x), and ``ask`` from a warm record cache (<= 0.35x).

    python benchmarks/run.py            # full sizes (a few minutes)
    python benchmarks/run.py --quick    # small sizes, < 60 s, for CI

Timings are reported, never asserted. Per-component timings of the pipeline
are printed below the table (where the time goes).
"""

from __future__ import annotations

import argparse
import compileall
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

import corpus_gen  # noqa: E402

QUESTION = "Gilt das Verbot international?"


@dataclass
class Row:
    measure: str
    value: str
    target: str = ""
    verdict: str = ""


def percentile(values: list[float], p: float) -> float:
    values = sorted(values)
    k = (len(values) - 1) * p
    lo, hi = int(k), min(int(k) + 1, len(values) - 1)
    return values[lo] + (values[hi] - values[lo]) * (k - lo)


def ok(flag: bool) -> str:
    return "met" if flag else "NOT met"


# -- throughput -----------------------------------------------------------------

def dev_bodies(times: int) -> list[str]:
    """The dev article bodies (real reporting), repeated ``times``."""
    bodies = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "corpus" / "dev").glob("*.txt"))]
    return bodies * times


def throughput(n_docs: int, repeat: int, dev_times: int) -> tuple[list[Row], list[tuple[str, float]]]:
    import spacy

    from nlp_policy.extraction.document import doc_to_record
    from nlp_policy.pipeline.build import backend_of, load
    from nlp_policy.text.reading import from_text

    t = time.perf_counter()
    nlp = load("auto")
    t_load = time.perf_counter() - t
    bare = spacy.blank("de")
    bare.add_pipe("sentencizer")
    backend = backend_of(nlp)
    rows = [Row("pipeline build (nlp_policy.load, once per process)", f"{t_load:.2f} s")]
    components: list[tuple[str, float]] = []

    def forget() -> None:
        # the clause component remembers the sentences it analysed across documents: a
        # pass must not meet the sentences of an earlier pass (or of the warm-up)
        for _, proc in nlp.pipeline:
            if hasattr(proc, "clear_memo"):
                proc.clear_memo()

    def best(fn, passes: int) -> float:
        times = []
        for _ in range(passes):
            forget()
            t = time.perf_counter()
            fn()
            times.append(time.perf_counter() - t)
        return min(times)

    # the dev bodies once per pass (distinct texts: no pass meets a sentence twice but
    # where the articles repeat one), the fastest of dev_times passes
    corpora = [
        ("dev", f"the {len(dev_bodies(1))} dev article bodies, best of {max(repeat, dev_times)} passes", dev_bodies(1), 0.20, max(repeat, dev_times)),
        ("generated", f"{n_docs} generated docs", corpus_gen.documents(n_docs, seed=7), 0.05, repeat),
    ]
    for key, label, texts, target, passes in corpora:
        if not texts:
            continue
        words = sum(len(t.split()) for t in texts)
        list(nlp.pipe(texts[:10]))  # warm-up: lazy tables, caches
        list(bare.pipe(texts[:10]))
        sources = [from_text(t) for t in texts]
        t_bare = best(lambda: list(bare.pipe(texts, batch_size=64)), passes)
        t_full = best(lambda: list(nlp.pipe(texts, batch_size=64)), passes)

        def extraction() -> None:
            for doc, source in nlp.pipe(zip(texts, sources), as_tuples=True, batch_size=64):
                doc_to_record(doc, source, backend=backend)

        t_extract = best(extraction, passes)
        bare_ws, full_ws, extract_ws = words / t_bare, words / t_full, words / t_extract
        rows += [
            Row(f"bare blank('de') + sentencizer ({label}, {words:,} words)", f"{bare_ws:,.0f} words/s"),
            Row(f"full pipeline (nlp.pipe, backend {backend}), {key}", f"{full_ws:,.0f} words/s"),
            Row(f"full extraction (pipeline + record), {key}", f"{extract_ws:,.0f} words/s"),
            Row(f"ratio full pipeline / bare, {key}", f"{full_ws / bare_ws:.3f}", f">= {target}", ok(full_ws / bare_ws >= target)),
            Row(f"ratio full extraction / bare, {key}", f"{extract_ws / bare_ws:.3f}"),
        ]
        # where the time goes: each component alone over the same docs
        forget()
        t = time.perf_counter()
        docs = [nlp.make_doc(x) for x in texts]
        components.append((f"[{key}] tokenizer", time.perf_counter() - t, len(texts)))
        for name, proc in nlp.pipeline:
            t = time.perf_counter()
            docs = [proc(d) for d in docs]
            components.append((f"[{key}] {name}", time.perf_counter() - t, len(texts)))
        t = time.perf_counter()
        for d, s in zip(docs, sources):
            doc_to_record(d, s, backend=backend)
        components.append((f"[{key}] doc_to_record", time.perf_counter() - t, len(texts)))
        components.append((f"[{key}] (bare total)", t_bare, len(texts)))
    return rows, [(name, secs * 1000 / n) for name, secs, n in components]


# -- pathological shapes ----------------------------------------------------------------

def shapes(word_sizes: tuple[int, ...], token_sizes: tuple[int, ...]) -> list[Row]:
    """Full pipeline on text without sentence punctuation and on one long capitalised
    token: seconds per size, and the growth against linear (1.0 = linear)."""
    from nlp_policy.pipeline.build import load

    nlp = load("auto")
    nlp.max_length = max(nlp.max_length, max(token_sizes) + 1, 20 * max(word_sizes))
    nlp("Warm-up. Das Verbot gilt ab Mai 2024.")

    def run(label: str, unit: str, sizes: tuple[int, ...], make) -> list[Row]:
        secs = []
        for n in sizes:
            text = make(n)
            t = time.perf_counter()
            nlp(text)
            secs.append(time.perf_counter() - t)
        growth = (secs[-1] / secs[0]) / (sizes[-1] / sizes[0])
        value = " / ".join(f"{x:.2f}" for x in secs) + " s"
        return [
            Row(f"{label} ({' / '.join(f'{n:,}' for n in sizes)} {unit})", value),
            Row(f"{label}: time growth / size growth", f"{growth:.2f}", "<= 2 (linear: 1)", ok(growth <= 2)),
        ]

    return run("no sentence punctuation", "words", word_sizes, corpus_gen.unpunctuated) + run(
        "one capitalised token", "chars", token_sizes, corpus_gen.long_token
    )


# -- corpus runs ------------------------------------------------------------------

_CHILD = (
    "import resource, subprocess, sys, time\n"
    "t = time.perf_counter()\n"
    "rc = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE).returncode\n"
    "secs = time.perf_counter() - t\n"
    "ru = resource.getrusage(resource.RUSAGE_CHILDREN)\n"
    "print(rc, secs, ru.ru_maxrss, ru.ru_utime + ru.ru_stime)\n"
)


def cli() -> list[str]:
    script = Path(sys.executable).parent / "nlp-policy"
    if script.exists():
        return [str(script)]
    found = shutil.which("nlp-policy")
    return [found] if found else [sys.executable, "-m", "nlp_policy.cli"]


def corpus_run(directory: Path, out: Path, jobs: int, env: dict) -> tuple[float, int, float]:
    """Wall seconds, peak RSS (KiB) of the largest process and CPU seconds of one CLI run.

    The CLI runs under a fresh helper process whose RUSAGE_CHILDREN covers
    only that run (the CLI and its workers), not earlier runs.
    """
    cmd = cli() + ["extract", str(directory), "--jsonl", "-o", str(out), "--jobs", str(jobs), "--backend", "auto"]
    res = subprocess.run([sys.executable, "-c", _CHILD, *cmd], capture_output=True, text=True, env=env, check=True)
    rc, secs, rss, cpu = res.stdout.split()
    if rc != "0":
        raise SystemExit(f"corpus run failed ({rc}): {' '.join(cmd)}\n{res.stderr}")
    return float(secs), int(rss), float(cpu)


def corpus(sizes: tuple[int, int], jobs: int, tmp: Path, env: dict, *, compare_serial: bool = True) -> list[Row]:
    small, large = sizes
    corpus_gen.write_corpus(tmp / "large", large, seed=11)
    (tmp / "small").mkdir()
    for p in sorted((tmp / "large").glob("*.txt"))[:small]:
        shutil.copy(p, tmp / "small" / p.name)
    out = tmp / "out.jsonl"
    secs_s, rss_s, cpu_s = corpus_run(tmp / "small", out, jobs, env)
    secs_l, rss_l, cpu_l = corpus_run(tmp / "large", out, jobs, env)
    lines = sum(1 for _ in out.open(encoding="utf-8"))
    assert lines == large, f"{lines} records for {large} documents"
    ratio = rss_l / rss_s
    rows = [
        Row(f"corpus {small} docs, --jobs {jobs} (whole CLI run)", f"{small / secs_s:,.1f} docs/s ({secs_s:.1f} s)"),
        Row(f"corpus {large} docs, --jobs {jobs} (whole CLI run)", f"{large / secs_l:,.1f} docs/s ({secs_l:.1f} s)"),
        Row(f"CPU time at {small} / at {large} docs, --jobs {jobs} (all processes)", f"{cpu_s:.1f} s / {cpu_l:.1f} s"),
        Row(f"peak RSS at {small} / at {large} docs", f"{rss_s / 1024:.0f} MiB / {rss_l / 1024:.0f} MiB"),
        Row(f"peak RSS ratio {large} / {small}", f"{ratio:.2f}", "<= 1.2", ok(ratio <= 1.2)),
    ]
    if compare_serial:
        secs_1, _, cpu_1 = corpus_run(tmp / "large", out, 1, env)
        rows.insert(
            2, Row(f"corpus {large} docs, --jobs 1 (for comparison)", f"{large / secs_1:,.1f} docs/s ({secs_1:.1f} s, CPU {cpu_1:.1f} s)")
        )
    return rows


# -- QA ---------------------------------------------------------------------------

def qa(repeat: int) -> list[Row]:
    try:
        from nlp_policy.qa.answer import answer_question
    except ImportError:
        return [Row("QA latency per question", "skipped: nlp_policy.qa.answer is not available")]
    from nlp_policy.extraction.document import extract

    questions = [QUESTION]
    dev = ROOT / "tests" / "data" / "seed_dev_qa.jsonl"
    if dev.exists():
        questions += [json.loads(x)["question"] for x in dev.read_text(encoding="utf-8").splitlines() if x.strip()]
    try:
        from qa_latency import EXTRA  # the QA engineer's question variants

        questions += list(EXTRA)
    except ImportError:
        pass
    record = extract()
    answer_question(questions[0], record)  # builds the record index once
    times = []
    for _ in range(repeat):
        for q in questions:
            t = time.perf_counter()
            answer_question(q, record)
            times.append((time.perf_counter() - t) * 1000)
    p95 = percentile(times, 0.95)
    return [
        Row(f"QA per question p50 ({len(times)} calls, loaded record)", f"{statistics.median(times):.2f} ms"),
        Row("QA per question p95", f"{p95:.2f} ms", "< 20 ms", ok(p95 < 20)),
    ]


# -- cold start -----------------------------------------------------------------------

def process_run(cmd: list[str], env: dict) -> tuple[float, int, float]:
    """Wall seconds, peak RSS (KiB) and CPU seconds of one whole process
    (measured by a helper process, like ``/usr/bin/time -v``)."""
    res = subprocess.run([sys.executable, "-c", _CHILD, *cmd], capture_output=True, text=True, env=env, check=True)
    rc, secs, rss, cpu = res.stdout.split()
    if rc != "0":
        raise SystemExit(f"run failed ({rc}): {' '.join(cmd)}\n{res.stderr}")
    return float(secs), int(rss), float(cpu)


def median_run(cmd: list[str], env: dict, runs: int, fresh_cache: Path | None = None) -> tuple[float, int, float]:
    """Median wall seconds, the largest peak RSS and the median CPU seconds over
    ``runs`` runs; with ``fresh_cache``, each run gets an empty record cache there."""
    times, cpus, peak = [], [], 0
    for i in range(runs):
        run_env = env if fresh_cache is None else {**env, "NLP_POLICY_CACHE_DIR": str(fresh_cache / f"run{i}")}
        secs, rss, cpu = process_run(cmd, run_env)
        times.append(secs)
        cpus.append(cpu)
        peak = max(peak, rss)
    return statistics.median(times), peak, statistics.median(cpus)


def cold_start(runs: int, env: dict, tmp: Path) -> list[Row]:
    """Whole-process timings against ``python -c "import spacy"``, measured in this run.

    The ratio is taken on wall time; the CPU-time ratio beside it is the
    steadier figure on a shared machine (waiting for a core is not work).
    """
    new_doc = tmp / "new-article.txt"
    dev = sorted((ROOT / "corpus" / "dev").glob("*.txt"))
    new_doc.write_text(dev[0].read_text(encoding="utf-8") if dev else corpus_gen.documents(1, seed=99)[0], encoding="utf-8")
    words = len(new_doc.read_text(encoding="utf-8").split())
    first = cli() + ["ask", "--no-cache", "--doc", str(new_doc), QUESTION]
    extract = cli() + ["extract", "-o", str(tmp / "article.json")]
    ask = cli() + ["ask", QUESTION]
    # An installed package has its bytecode compiled (pip does that); a checkout run with
    # PYTHONDONTWRITEBYTECODE=1 would recompile every module in every process, which
    # spaCy, compiled at its install, does not. Compile ours as an install would.
    compileall.compile_dir(str(ROOT / "nlp_policy"), quiet=1)
    process_run([sys.executable, "-c", "import nlp_policy.pipeline.build"], env)  # warm the OS file cache

    spacy_ = median_run([sys.executable, "-c", "import spacy"], env, runs)
    first_ = median_run(first, env, runs, fresh_cache=tmp / "fresh-first")
    extract_ = median_run(extract, env, runs, fresh_cache=tmp / "fresh-extract")
    subprocess.run(ask, env=env, capture_output=True, check=True)  # fills the record cache
    ask_ = median_run(ask, env, runs)
    mib = 1024

    def value(m: tuple[float, int, float]) -> str:
        return f"{m[0] * 1000:.0f} ms (CPU {m[2] * 1000:.0f} ms)"

    def ratio(label: str, m: tuple[float, int, float], target: float) -> Row:
        wall, cpu = m[0] / spacy_[0], m[2] / spacy_[2]
        return Row(label, f"{wall:.2f} (CPU {cpu:.2f})", f"<= {target}", ok(wall <= target))

    return [
        Row(f'python -c "import spacy", median of {runs}', f"{value(spacy_)}, {spacy_[1] / mib:.0f} MiB"),
        Row(f"first answer: ask --no-cache on a new {words}-word article", value(first_)),
        ratio("ratio first answer / import spacy", first_, 2.0),
        Row("peak RSS of the first answer", f"{first_[1] / mib:.0f} MiB", "<= 200 MiB", ok(first_[1] <= 200 * mib)),
        Row("nlp-policy extract (bundled article, no record cache)", value(extract_)),
        ratio("ratio extract / import spacy", extract_, 2.0),
        Row("peak RSS of extract", f"{extract_[1] / mib:.0f} MiB", "<= 200 MiB", ok(extract_[1] <= 200 * mib)),
        Row(f"warm ask (cached record), median of {runs}", value(ask_)),
        ratio("ratio ask / import spacy", ask_, 0.35),
    ]


# -- main -----------------------------------------------------------------------------

def table(rows: list[Row]) -> str:
    headers = Row("measure", "value", "target", "")
    width = [max(len(getattr(r, f)) for r in [headers, *rows]) for f in ("measure", "value", "target", "verdict")]
    lines = []
    for i, r in enumerate([headers, *rows]):
        cells = [r.measure, r.value, r.target, r.verdict]
        lines.append("  ".join(c.ljust(w) for c, w in zip(cells, width)).rstrip())
        if i == 0:
            lines.append("  ".join("-" * w for w in width))
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="small sizes (CI): runs in well under a minute")
    ap.add_argument("--jobs", type=int, default=2, help="worker processes for the corpus run")
    args = ap.parse_args(argv)

    if args.quick:
        docs, repeat, sizes, qa_repeat, runs = 30, 1, (10, 40), 1, 1
        dev_times = 1
        word_sizes, token_sizes = (500, 2_000), (20_000, 80_000)
    else:
        docs, repeat, sizes, qa_repeat, runs = 400, 3, (200, 2000), 5, 5
        dev_times = 8
        word_sizes, token_sizes = (1_000, 2_000, 4_000, 15_000), (20_000, 200_000)

    started = time.perf_counter()
    rows: list[Row] = []
    with tempfile.TemporaryDirectory(prefix="nlp-policy-bench-") as tmp_name:
        tmp = Path(tmp_name)
        env = {**os.environ, "NLP_POLICY_CACHE_DIR": str(tmp / "cache")}
        os.environ["NLP_POLICY_CACHE_DIR"] = env["NLP_POLICY_CACHE_DIR"]
        tp_rows, components = throughput(docs, repeat, dev_times)
        rows += tp_rows
        rows += shapes(word_sizes, token_sizes)
        rows += corpus(sizes, args.jobs, tmp, env, compare_serial=not args.quick)
        rows += qa(qa_repeat)
        rows += cold_start(runs, env, tmp)

    mode = "quick" if args.quick else "full"
    print(f"nlp-policy benchmarks ({mode} mode, python {sys.version.split()[0]}, {os.cpu_count()} CPUs)\n")
    print(table(rows))
    print("\nwhere the time goes (ms per document, each component alone):")
    for name, ms in components:
        print(f"  {name:<28} {ms:8.3f}")
    print(f"\ntotal benchmark time {time.perf_counter() - started:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
