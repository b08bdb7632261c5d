"""The record cache: hits skip the pipeline (and spaCy), bad entries are
rebuilt, concurrent writers never leave a broken entry."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from click.testing import CliRunner

from nlp_policy.extraction import cache
from nlp_policy.pipeline.backends import PIPELINE_VERSION
from nlp_policy.cli import main
from nlp_policy.record import Record

TEXT = "Die Stadt Köln verbietet der Polizei Gesichtserkennung. Das Verbot gilt nur für Bahnhöfe.\n"


@pytest.fixture()
def cache_dir(tmp_path, monkeypatch) -> Path:
    directory = tmp_path / "cache"
    monkeypatch.setenv(cache.CACHE_ENV, str(directory))
    cache.code_fingerprint.cache_clear()  # the code as it is now, as a fresh process sees it
    return directory


@pytest.fixture()
def doc(tmp_path) -> Path:
    path = tmp_path / "koeln.txt"
    path.write_text(TEXT, encoding="utf-8")
    return path


def entries_in(directory: Path) -> list[Path]:
    """The record entries of a cache directory (other caches may live beside them)."""
    return sorted(p for p in directory.glob("*.json") if p.is_file())


def no_pipeline(monkeypatch):
    def fail(*args, **kwargs):
        raise AssertionError("the pipeline ran although the record was cached")

    monkeypatch.setattr("nlp_policy.extraction.document.extract_source", fail)


def test_cache_dir_follows_the_environment(cache_dir):
    assert cache.cache_dir() == cache_dir


def test_default_cache_dir_is_the_user_cache(monkeypatch):
    import platformdirs

    monkeypatch.delenv(cache.CACHE_ENV, raising=False)
    assert cache.cache_dir() == Path(platformdirs.user_cache_dir("nlp-policy")) / "records"


def test_second_lookup_is_a_hit(cache_dir, doc, monkeypatch):
    first = cache.record_for(doc, backend="offline")
    entries = list(entries_in(cache_dir))
    assert [p.name for p in entries] == [cache.entry_path(first.document.sha256, "offline").name]
    assert entries[0].name.startswith(f"{first.document.sha256}.offline.v{PIPELINE_VERSION}.")
    no_pipeline(monkeypatch)
    assert cache.record_for(doc, backend="offline") == first


def test_key_is_the_text_not_the_path(cache_dir, doc, tmp_path, monkeypatch):
    first = cache.record_for(doc, backend="offline")
    copy = tmp_path / "kopie.txt"
    copy.write_bytes(TEXT.encode("cp1252"))
    no_pipeline(monkeypatch)
    with pytest.warns(UserWarning, match="read as cp1252"):
        second = cache.record_for(copy, backend="offline")
    assert second.document.path == str(copy.resolve())
    assert second.document.encoding == "cp1252"
    assert second.document.id.startswith("kopie-")
    assert second.clauses == first.clauses


def test_no_cache_neither_reads_nor_writes(cache_dir, doc):
    cache.record_for(doc, backend="offline", use_cache=False)
    assert entries_in(cache_dir) == []


@pytest.mark.parametrize(
    "garbage",
    ["", "{", "null", json.dumps({"schema": "nlp-policy/record@1"}), json.dumps({"schema": "nlp-policy/record@99"})],
    ids=["empty", "truncated", "null", "incomplete", "newer"],
)
def test_corrupt_entry_is_ignored_and_rebuilt(cache_dir, doc, garbage):
    good = cache.record_for(doc, backend="offline")
    (entry,) = entries_in(cache_dir)
    entry.write_text(garbage, encoding="utf-8")
    assert cache.record_for(doc, backend="offline") == good
    assert Record.from_json(entry.read_text(encoding="utf-8")) == good


def test_entry_of_another_text_is_not_trusted(cache_dir, doc, tmp_path):
    good = cache.record_for(doc, backend="offline")
    other = tmp_path / "other.txt"
    other.write_text("Die Stadt Bonn erlaubt alles.\n", encoding="utf-8")
    foreign = cache.record_for(other, backend="offline")
    # put the other text's record under this text's key
    cache.entry_path(good.document.sha256, "offline").write_text(foreign.to_json(), encoding="utf-8")
    assert cache.record_for(doc, backend="offline") == good


def test_unwritable_cache_is_skipped(tmp_path, doc, monkeypatch):
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    monkeypatch.setenv(cache.CACHE_ENV, str(blocker / "cache"))  # a path below a file
    record = cache.record_for(doc, backend="offline")
    assert record.document.backend == "offline"


def test_concurrent_writers_leave_a_valid_entry(cache_dir, doc):
    record = cache.record_for(doc, backend="offline", use_cache=False)
    errors: list[BaseException] = []

    def write():
        try:
            for _ in range(25):
                assert cache.store_entry(record)
                entry = cache.entry_path(record.document.sha256, "offline")
                Record.from_json(entry.read_text(encoding="utf-8"))  # never half-written
        except BaseException as exc:  # noqa: BLE001
            errors.append(exc)

    threads = [threading.Thread(target=write) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert [p.name for p in entries_in(cache_dir)] == [cache.entry_path(record.document.sha256, "offline").name]


def test_concurrent_processes_leave_a_valid_entry(cache_dir, doc):
    code = "from nlp_policy.extraction.cache import record_for; import sys; record_for(sys.argv[1], backend='offline')"
    env = {**os.environ, cache.CACHE_ENV: str(cache_dir)}
    procs = [subprocess.Popen([sys.executable, "-c", code, str(doc)], env=env) for _ in range(4)]
    assert [p.wait(timeout=120) for p in procs] == [0, 0, 0, 0]
    (entry,) = entries_in(cache_dir)
    assert Record.from_json(entry.read_text(encoding="utf-8")).document.sha256 == entry.name.split(".")[0]


def test_warm_lookup_does_not_import_spacy(cache_dir, doc):
    env = {**os.environ, cache.CACHE_ENV: str(cache_dir)}
    cache.record_for(doc, backend="auto")
    code = (
        "import sys; from nlp_policy.extraction.cache import record_for; "
        "r = record_for(sys.argv[1]); "
        "print(len(r.clauses), 'spacy' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code, str(doc)], env=env, capture_output=True, text=True, check=True)
    assert out.stdout.split()[-1] == "False", out.stdout


def test_warm_ask_does_not_import_spacy(cache_dir):
    env = {**os.environ, cache.CACHE_ENV: str(cache_dir)}
    cmd = [sys.executable, "-X", "importtime", "-m", "nlp_policy.cli", "ask", "Gilt das Verbot international?"]
    subprocess.run(cmd, env=env, capture_output=True, text=True, check=True)  # fills the cache
    warm = subprocess.run(cmd, env=env, capture_output=True, text=True, check=True)
    imported = {line.split("|")[-1].strip() for line in warm.stderr.splitlines() if line.startswith("import time:")}
    assert "spacy" not in imported
    assert "nlp_policy.extraction.cache" in imported
    assert warm.stdout.strip()


@pytest.mark.parametrize("command", ["entities", "clauses"])
def test_commands_use_the_cache(command, cache_dir, doc, monkeypatch):
    runner = CliRunner()
    first = runner.invoke(main, [command, str(doc)])
    assert first.exit_code == 0, first.output
    assert len(list(entries_in(cache_dir))) == 1
    no_pipeline(monkeypatch)
    second = runner.invoke(main, [command, str(doc)])
    assert second.exit_code == 0, second.output
    assert second.stdout == first.stdout
    third = runner.invoke(main, [command, str(doc), "--no-cache"])
    assert third.exit_code == 1 and "the pipeline ran" in repr(third.exception)


def test_ask_uses_the_cache_and_no_cache_skips_it(cache_dir, doc):
    runner = CliRunner()
    first = runner.invoke(main, ["ask", "Gilt das Verbot nur für Bahnhöfe?", "--doc", str(doc), "--no-cache"])
    assert first.exit_code == 0, first.output
    assert entries_in(cache_dir) == []
    second = runner.invoke(main, ["ask", "Gilt das Verbot nur für Bahnhöfe?", "--doc", str(doc)])
    assert second.exit_code == 0, second.output
    assert second.stdout == first.stdout
    assert len(list(entries_in(cache_dir))) == 1


def test_changed_code_does_not_reuse_old_entries(cache_dir, doc, monkeypatch):
    first = cache.record_for(doc, backend="offline")
    monkeypatch.setattr(cache, "code_fingerprint", lambda: "0123456789ab")
    ran = []
    import nlp_policy.extraction.document as extract_module

    real = extract_module.extract_source
    monkeypatch.setattr(extract_module, "extract_source", lambda *a, **k: ran.append(1) or real(*a, **k))
    assert cache.record_for(doc, backend="offline") == first
    assert ran == [1]  # rebuilt under the new fingerprint
    assert len(list(entries_in(cache_dir))) == 2


def test_a_new_record_schema_does_not_reuse_old_entries(cache_dir, doc, monkeypatch):
    first = cache.record_for(doc, backend="offline")
    old_name = cache.entry_path(first.document.sha256, "offline").name
    assert f".r{cache.SCHEMA_VERSION}." in old_name
    monkeypatch.setattr(cache, "SCHEMA_VERSION", cache.SCHEMA_VERSION + 1)
    assert cache.entry_path(first.document.sha256, "offline").name != old_name
    cache.record_for(doc, backend="offline")
    assert len(list(entries_in(cache_dir))) == 2
