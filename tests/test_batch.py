"""Corpus extraction as a library: input expansion, streaming order, failures
kept apart, the progress line."""

from __future__ import annotations

import io
import json
from pathlib import Path

from nlp_policy.extraction.batch import Progress, Result, expand_inputs, extract_files

TEXT = "Die Stadt {} verbietet der Polizei Gesichtserkennung. Das Verbot gilt nur für Bahnhöfe.\n"


def make_corpus(directory: Path, n: int) -> list[Path]:
    directory.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(n):
        p = directory / f"d{i:02d}.txt"
        p.write_text(TEXT.format(f"Stadt{i}"), encoding="utf-8")
        paths.append(p)
    return paths


def test_expand_inputs_sorts_directories_and_keeps_files(tmp_path):
    make_corpus(tmp_path / "c", 3)
    (tmp_path / "c" / "x.md").write_text("no", encoding="utf-8")
    (tmp_path / "c" / "sub").mkdir()
    (tmp_path / "c" / "sub" / "deep.txt").write_text("no", encoding="utf-8")
    missing = tmp_path / "missing.txt"
    got = expand_inputs([missing, tmp_path / "c"])
    assert got == [missing, tmp_path / "c" / "d00.txt", tmp_path / "c" / "d01.txt", tmp_path / "c" / "d02.txt"]


def test_results_stream_in_input_order_with_failures(tmp_path):
    paths = make_corpus(tmp_path / "c", 5)
    (tmp_path / "empty.txt").write_text("", encoding="utf-8")
    inputs = [paths[0], tmp_path / "empty.txt", *paths[1:], tmp_path / "nope.txt"]
    results = list(extract_files(inputs, backend="offline", chunk_size=2))
    assert [r.path for r in results] == inputs
    assert [r.ok for r in results] == [True, False, True, True, True, True, False]
    assert "contains no text" in results[1].error and "no such file" in results[-1].error
    record = results[0].record()
    assert record.document.path == str(paths[0].resolve())
    assert json.loads(results[0].json)["schema"] == "nlp-policy/record@2"


def test_parallel_results_equal_serial(tmp_path):
    paths = make_corpus(tmp_path / "c", 12)
    serial = [r.json for r in extract_files(paths, backend="offline", chunk_size=3)]
    parallel = [r.json for r in extract_files(paths, backend="offline", jobs=2, chunk_size=3)]
    assert serial == parallel


def test_stopping_early_stops_the_workers(tmp_path):
    paths = make_corpus(tmp_path / "c", 12)
    stream = extract_files(paths, backend="offline", jobs=2, chunk_size=2)
    first = next(stream)
    stream.close()  # terminates the pool
    assert first.ok


def test_progress_line_and_summary():
    out = io.StringIO()
    progress = Progress(4, stream=out, enabled=True, every=0)
    progress.update(Result(path=Path("a"), json="{}"))
    progress.update(Result(path=Path("b"), error="b: broken"))
    assert "2/4 documents, 1 failed" in out.getvalue() and "ETA" in out.getvalue()
    assert progress.summary().startswith("2 documents: 1 extracted, 1 failed")


def test_progress_is_silent_off_a_terminal():
    out = io.StringIO()  # not a tty
    progress = Progress(2, stream=out)
    progress.update(Result(path=Path("a"), json="{}"))
    progress.clear()
    assert out.getvalue() == ""
