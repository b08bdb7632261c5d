"""Corpus extraction as a library: input expansion, streaming order, failures
kept apart, the progress line."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

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
    assert json.loads(results[0].json)["schema"] == "nlp-policy/record@1"


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
    drawn = out.getvalue()
    assert "2/4 files, 1 failed" in drawn and "files/s" in drawn and "ETA" in drawn, drawn
    assert progress.summary().startswith("2 documents: 1 extracted, 1 failed")


def test_progress_is_silent_off_a_terminal():
    out = io.StringIO()  # not a tty
    progress = Progress(2, stream=out)
    progress.update(Result(path=Path("a"), json="{}"))
    progress.clear()
    assert out.getvalue() == ""


# -- workers and unreadable files (issue 13, items 11 and 15) ---------------------

def test_jobs_are_capped_at_cpus_and_chunks(monkeypatch):
    from nlp_policy.extraction import batch

    monkeypatch.setattr(batch, "cpu_count", lambda: 2)
    assert batch.worker_count(1, 100) == (1, None)
    assert batch.worker_count(2, 100) == (2, None)
    workers, note = batch.worker_count(64, 1000)
    assert workers == 2 and note == "--jobs 64 reduced to 2 (2 CPUs)"
    workers, note = batch.worker_count(64, 13, chunk_size=16)
    assert workers == 1 and "13 documents in 1 chunk of 16" in note


def test_cli_notes_the_capped_jobs(tmp_path):
    from click.testing import CliRunner

    from nlp_policy.cli import main

    paths = make_corpus(tmp_path / "c", 3)
    result = CliRunner().invoke(main, ["extract", *map(str, paths), "--jobs", "64", "-o", str(tmp_path / "o.jsonl"), "--backend", "offline"])
    assert result.exit_code == 0, result.output
    assert "Note: --jobs 64 reduced to 1" in result.stderr


def test_an_unreadable_file_is_reported_and_the_rest_go_on(tmp_path):
    from click.testing import CliRunner

    from nlp_policy.cli import main

    paths = make_corpus(tmp_path / "c", 2)
    unreadable = Path("/proc/self/mem")  # exists, is a file, and read() fails even for root
    if not unreadable.is_file():
        pytest.skip("needs Linux /proc")
    out = tmp_path / "o.jsonl"
    result = CliRunner().invoke(main, ["extract", str(paths[0]), str(unreadable), str(paths[1]), "-o", str(out), "--backend", "offline"])
    assert result.exit_code == 1
    assert f"Error: {unreadable}: cannot be read" in result.stderr
    assert len(out.read_text(encoding="utf-8").splitlines()) == 2
    assert "3 documents: 2 extracted, 1 failed" in result.stderr


def test_workers_exit_when_the_parent_is_killed(tmp_path):
    """``kill -9`` of the parent cannot run the pool's cleanup; the workers
    must still stop, here in the middle of a chunk that would take an hour."""
    import signal
    import subprocess
    import sys
    import time

    paths = make_corpus(tmp_path / "c", 8)
    script = (
        "import sys, time\n"
        "from nlp_policy.extraction import batch\n"
        "batch.cpu_count = lambda: 2\n"
        "batch._extract_chunk = lambda *args: time.sleep(3600)  # a chunk that never ends\n"
        "print('start', flush=True)\n"
        "for r in batch.extract_files(sys.argv[1:], backend='offline', jobs=2, chunk_size=1):\n"
        "    pass\n"
    )
    parent = subprocess.Popen([sys.executable, "-c", script, *map(str, paths)], stdout=subprocess.PIPE, text=True)
    try:
        assert parent.stdout.readline().strip() == "start"
        children_file = Path(f"/proc/{parent.pid}/task/{parent.pid}/children")
        children: list[int] = []
        deadline = time.monotonic() + 120
        while len(children) < 2 and time.monotonic() < deadline:
            children = [int(p) for p in children_file.read_text().split()]
            time.sleep(0.2)
        assert len(children) == 2, children
        time.sleep(1.0)  # let the workers take their (endless) chunks
        parent.send_signal(signal.SIGKILL)
        parent.wait(timeout=30)
        deadline = time.monotonic() + 60  # generous: without the fix they would run for an hour
        alive = children
        while alive and time.monotonic() < deadline:
            alive = [c for c in alive if _running(c)]
            time.sleep(0.2)
        assert not alive, f"workers {alive} outlived their parent"
    finally:
        if parent.poll() is None:
            parent.kill()


def _running(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().split(")")[-1].split()[0]
    except OSError:
        return False
    return state != "Z"
