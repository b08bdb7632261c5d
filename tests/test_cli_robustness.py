"""Bad input at the command line: one clear line, the right exit code, never a
traceback, never a corrupted or lost output file."""

from __future__ import annotations

import json
import os
import random
import signal
import struct
import subprocess
import sys
import time
import zlib
from pathlib import Path

import pytest
from click.testing import CliRunner

from nlp_policy.cli import main

GERMAN = (
    "Die Behörde in München verbietet der Polizei den Einsatz von Gesichtserkennung. "
    "Das Verbot gilt nur für öffentliche Plätze; für Bahnhöfe gibt es eine Ausnahme. "
    "Über die Einführung in Österreich wird später entschieden.\n"
)
CP1252_ONLY = "Der Bußgeld-Rahmen liegt bei 5.000 € – so „streng“ wie nie.\n"
ENGLISH = "The city council banned facial recognition for the police. The ban applies only to public places.\n"


@pytest.fixture(autouse=True)
def _private_cache(tmp_path_factory, monkeypatch):
    monkeypatch.setenv("NLP_POLICY_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))


def run(*args: str):
    return CliRunner().invoke(main, [str(a) for a in args])


def assert_error(result, code: int, *fragments: str) -> None:
    assert result.exit_code == code, result.output
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    for fragment in fragments:
        assert fragment in result.stderr, result.stderr


def png_bytes() -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    raw = b"".join(b"\x00" + bytes(range(48)) for _ in range(16))
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 16, 16, 8, 2, 0, 0, 0)) + chunk(
        b"IDAT", zlib.compress(raw)
    ) + chunk(b"IEND", b"")


def record_of(result) -> dict:
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def leftovers(directory: Path) -> list[str]:
    return sorted(p.name for p in directory.iterdir() if p.name.endswith(".part"))


# -- 1. paths -------------------------------------------------------------------

@pytest.mark.parametrize("command", ["extract", "entities", "clauses"])
def test_missing_path(command, tmp_path):
    missing = tmp_path / "nicht-da.txt"
    assert_error(run(command, missing), 1, f"Error: {missing}: no such file; check the path")


@pytest.mark.parametrize("command", ["entities", "clauses"])
def test_directory_given_as_file(command, tmp_path):
    assert_error(run(command, tmp_path), 1, f"Error: {tmp_path}: is a directory, not a text file")


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root reads files whatever their permissions")
def test_unreadable_file_by_permissions(tmp_path):
    path = tmp_path / "geheim.txt"
    path.write_text(GERMAN, encoding="utf-8")
    path.chmod(0)
    try:
        assert_error(run("extract", path), 1, f"Error: {path}: permission denied")
    finally:
        path.chmod(0o644)


def test_unreadable_file_simulated(tmp_path, monkeypatch):
    path = tmp_path / "geheim.txt"
    path.write_text(GERMAN, encoding="utf-8")
    real = Path.open

    def deny(self, *args, **kwargs):
        if self.name == "geheim.txt":
            raise PermissionError(13, "Permission denied", str(self))
        return real(self, *args, **kwargs)

    monkeypatch.setattr(Path, "open", deny)
    assert_error(run("entities", path, "--no-cache"), 1, f"Error: {path}: permission denied; make the file readable")


# -- 2. no text -----------------------------------------------------------------

@pytest.mark.parametrize("content", [b"", b"   \n\t\r\n  \n", "\u00a0\u2003\n".encode("utf-8")], ids=["empty", "whitespace", "unicode-space"])
@pytest.mark.parametrize("command", ["extract", "clauses"])
def test_no_text(command, content, tmp_path):
    path = tmp_path / "leer.txt"
    path.write_bytes(content)
    assert_error(run(command, path), 1, f"Error: {path}: contains no text")


# -- 3. binary ------------------------------------------------------------------

def _random_bytes(with_nul: bool) -> bytes:
    rng = random.Random(7)
    data = bytes(rng.randrange(256) for _ in range(4096))
    return data if with_nul else data.replace(b"\x00", b"\x01")


@pytest.mark.parametrize(
    "name,data",
    [("bild.png", png_bytes()), ("zufall.bin", _random_bytes(True)), ("zufall-ohne-nul.txt", _random_bytes(False))],
)
@pytest.mark.parametrize("command", ["extract", "entities"])
def test_binary_file_is_named(command, name, data, tmp_path):
    path = tmp_path / name
    path.write_bytes(data)
    assert_error(run(command, path), 1, f"Error: {path}: looks like a binary file")


# -- 4. encodings ---------------------------------------------------------------

@pytest.mark.parametrize(
    "codec,text,note",
    [
        ("latin-1", GERMAN, "read as cp1252"),
        ("cp1252", GERMAN + CP1252_ONLY, "read as cp1252"),
        ("utf-16", GERMAN, None),  # with BOM
        ("utf-8-sig", GERMAN, None),
        ("utf-16-le", GERMAN, "read as UTF-16-LE"),  # no BOM
        ("utf-16-be", GERMAN, "read as UTF-16-BE"),
    ],
)
def test_encodings_are_detected(codec, text, note, tmp_path):
    path = tmp_path / "text.txt"
    path.write_bytes(text.encode(codec))
    result = run("extract", path)
    record = record_of(result)
    sentences = [s["text"] for s in record["sentences"]]
    assert sentences[0] == "Die Behörde in München verbietet der Polizei den Einsatz von Gesichtserkennung."
    assert any("Österreich" in s for s in sentences)
    if codec == "cp1252":
        assert any("€ – so „streng“" in s for s in sentences)
    if note:
        assert note in result.stderr
    else:
        assert "Warning" not in result.stderr


@pytest.mark.parametrize("codec,option", [("latin-1", "latin-1"), ("cp1252", "cp1252"), ("utf-16-le", "utf-16-le")])
def test_encoding_can_be_forced(codec, option, tmp_path):
    path = tmp_path / "text.txt"
    path.write_bytes(GERMAN.encode(codec))
    result = run("extract", path, "--encoding", option)
    record = record_of(result)
    assert record["document"]["encoding"] == option
    assert "München" in record["sentences"][0]["text"]
    assert "Warning" not in result.stderr


def test_wrong_forced_encoding_says_what_to_do(tmp_path):
    path = tmp_path / "text.txt"
    path.write_bytes(GERMAN.encode("latin-1"))
    assert_error(run("extract", path, "--encoding", "utf-8"), 1, f"Error: {path}: cannot be decoded as utf-8", "--encoding")
    assert_error(run("extract", path, "--encoding", "klingonisch"), 1, "unknown encoding 'klingonisch'")


# -- 5. not German ----------------------------------------------------------------

@pytest.mark.parametrize("command", ["extract", "entities", "clauses"])
def test_english_text_is_processed_with_a_warning(command, tmp_path):
    path = tmp_path / "english.txt"
    path.write_text(ENGLISH, encoding="utf-8")
    result = run(command, path)
    assert result.exit_code == 0, result.output
    assert f"Warning: {path}: the text does not look German" in result.stderr
    if command == "extract":
        assert json.loads(result.stdout)["sentences"]


def test_german_text_gives_no_warning(tmp_path):
    path = tmp_path / "de.txt"
    path.write_text(GERMAN, encoding="utf-8")
    result = run("entities", path)
    assert result.exit_code == 0, result.output
    assert result.stderr == ""


# -- 6. size ----------------------------------------------------------------------

@pytest.fixture(scope="module")
def huge_file(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("huge") / "riesig.txt"
    block = (GERMAN * 200).encode("utf-8")
    with path.open("wb") as handle:
        while handle.tell() < 20_000_000:
            handle.write(block)
    return path


@pytest.mark.parametrize("command", ["extract", "entities", "clauses"])
def test_huge_file_is_refused_quickly(command, huge_file):
    start = time.perf_counter()
    result = run(command, huge_file)
    assert_error(result, 1, f"Error: {huge_file}: is ", "--max-chars")
    assert time.perf_counter() - start < 10


def test_max_chars_option(tmp_path):
    path = tmp_path / "de.txt"
    path.write_text(GERMAN, encoding="utf-8")
    assert_error(run("extract", path, "--max-chars", "50"), 1, "more than the limit of 50", "--max-chars")
    assert run("extract", path, "--max-chars", "100000").exit_code == 0
    assert run("extract", path, "--max-chars", "0").exit_code == 2  # usage error


def test_text_longer_than_spacy_max_length_is_processed(nlp):
    from nlp_policy.extraction.document import extract_source
    from nlp_policy.text.reading import from_text

    source = from_text(GERMAN * 4)
    saved = nlp.max_length
    nlp.max_length = 100
    try:
        record = extract_source(source, nlp=nlp)
    finally:
        nlp.max_length = max(saved, nlp.max_length)
    assert len(record.sentences) == 12


# -- 7. ask --record ----------------------------------------------------------------

def _record_files(tmp_path: Path, article_record) -> dict[str, Path]:
    newer = article_record.to_dict()
    newer["schema"] = "nlp-policy/record@99"
    files = {
        "corrupt": '{"schema": "nlp-policy/record@1", "document": {',
        "not-a-record": json.dumps({"hello": "world"}),
        "a-list": json.dumps([1, 2, 3]),
        "newer": json.dumps(newer),
        "incomplete": json.dumps({"schema": "nlp-policy/record@1"}),
    }
    out = {}
    for name, text in files.items():
        out[name] = tmp_path / f"{name}.json"
        out[name].write_text(text, encoding="utf-8")
    (tmp_path / "binary.json").write_bytes(b"\xff\xfe\x00\x01garbage")
    out["binary"] = tmp_path / "binary.json"
    return out


@pytest.mark.parametrize(
    "kind,message",
    [
        ("corrupt", "not valid JSON"),
        ("not-a-record", "not an nlp-policy record"),
        ("a-list", "not an nlp-policy record"),
        ("newer", "newer than this nlp-policy understands"),
        ("incomplete", "re-extract"),
        ("binary", "Error:"),
    ],
)
def test_ask_with_a_bad_record(kind, message, tmp_path, article_record):
    path = _record_files(tmp_path, article_record)[kind]
    assert_error(run("ask", "Gilt das Verbot international?", "--record", path), 1, "Error:", message)


# -- 8. questions ---------------------------------------------------------------------

@pytest.fixture(scope="module")
def record_file(tmp_path_factory, article_record) -> Path:
    path = tmp_path_factory.mktemp("record") / "record.json"
    path.write_text(article_record.to_json(), encoding="utf-8")
    return path


@pytest.mark.parametrize("question", ["", "   ", "\n\t"], ids=["empty", "spaces", "whitespace"])
def test_empty_question_is_a_usage_error(question, record_file):
    result = run("ask", question, "--record", record_file)
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output


ODD_QUESTIONS = {
    "10000-chars": "Gilt das Verbot international? " * 322 + "x" * 18,
    "control-chars": "Gilt\x00 das\x07 Verbot\x1b[31m international?\x7f",
    "emoji": "Gilt das Verbot 🚓📷 international? 🤔",
    "punctuation": "?!?...;;,,--–„“»«",
    "rtl-and-combining": "هل ينطبق الحظر? Ve\u0301rbot\u200b",
    "math-alphabet": "𝔊𝔦𝔩𝔱 𝔡𝔞𝔰 𝔙𝔢𝔯𝔟𝔬𝔱?",
}


@pytest.mark.parametrize("question", list(ODD_QUESTIONS.values()), ids=list(ODD_QUESTIONS))
def test_odd_questions_give_a_valid_answer_object(question, record_file):
    if len(question) > 1000:
        assert len(question) == 10_000
    result = run("ask", question, "--record", record_file, "--json")
    assert result.exit_code == 0, result.output
    answer = json.loads(result.stdout)
    assert {"question", "answer", "verdict", "confidence", "evidence", "clauses"} <= set(answer)
    assert answer["verdict"] in {"yes", "no", "unclear", "unknown", None}
    assert 0 <= answer["confidence"] <= 1
    assert isinstance(answer["answer"], str) and answer["answer"]


# -- 9. outputs ------------------------------------------------------------------------

def test_output_into_a_missing_directory(tmp_path):
    out = tmp_path / "fehlt" / "out.json"
    assert_error(run("extract", "-o", out), 1, f"Error: {out}: the directory {out.parent} does not exist")
    assert_error(run("extract", "--jsonl", "-o", out), 1, "does not exist")
    assert not out.parent.exists()


def test_failed_run_leaves_the_output_untouched(tmp_path):
    out = tmp_path / "out.json"
    out.write_text("alt\n", encoding="utf-8")
    assert_error(run("extract", tmp_path / "fehlt.txt", "-o", out), 1, "no such file")
    assert out.read_text(encoding="utf-8") == "alt\n"
    # a corpus run where every document fails replaces nothing either
    empty = tmp_path / "leer.txt"
    empty.write_text("", encoding="utf-8")
    assert_error(run("extract", empty, tmp_path / "fehlt.txt", "-o", out), 1, "no document could be extracted")
    assert out.read_text(encoding="utf-8") == "alt\n"
    assert leftovers(tmp_path) == []


def test_corpus_run_skips_bad_documents(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text(GERMAN, encoding="utf-8")
    (corpus / "b.txt").write_bytes(b"")
    (corpus / "c.txt").write_bytes(png_bytes())
    (corpus / "d.txt").write_text(GERMAN.replace("München", "Köln"), encoding="utf-8")
    (corpus / "notes.md").write_text("not a corpus document", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    result = run("extract", corpus, tmp_path / "fehlt.txt", "-o", out)
    assert result.exit_code == 1, result.output
    assert f"Error: {corpus / 'b.txt'}: contains no text" in result.stderr
    assert f"{corpus / 'c.txt'}: looks like a binary file" in result.stderr
    assert "fehlt.txt: no such file" in result.stderr
    assert "5 documents: 2 extracted, 3 failed" in result.stderr
    lines = out.read_text(encoding="utf-8").splitlines()
    assert [Path(json.loads(line)["document"]["path"]).name for line in lines] == ["a.txt", "d.txt"]
    assert "Traceback" not in result.output


@pytest.fixture(scope="module")
def small_corpus(tmp_path_factory) -> Path:
    corpus = tmp_path_factory.mktemp("small")
    for i in range(40):
        (corpus / f"doc{i:03d}.txt").write_text(GERMAN.replace("München", f"Stadt{i}"), encoding="utf-8")
    return corpus


def test_jobs_give_the_same_stream(small_corpus, tmp_path):
    one, two = tmp_path / "one.jsonl", tmp_path / "two.jsonl"
    r1 = run("extract", small_corpus, "--jsonl", "-o", one)
    r2 = run("extract", small_corpus, "--jsonl", "-o", two, "--jobs", "2")
    assert r1.exit_code == 0 and r2.exit_code == 0, r1.output + r2.output
    assert one.read_text(encoding="utf-8") == two.read_text(encoding="utf-8")
    assert len(one.read_text(encoding="utf-8").splitlines()) == 40
    assert "40 documents: 40 extracted, 0 failed" in r2.stderr


def test_jsonl_to_stdout_is_one_record_per_line(small_corpus):
    result = run("extract", small_corpus / "doc000.txt", small_corpus / "doc001.txt")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert len(lines) == 2 and all(json.loads(line)["schema"] == "nlp-policy/record@1" for line in lines)


@pytest.fixture(scope="module")
def big_corpus(tmp_path_factory) -> Path:
    corpus = tmp_path_factory.mktemp("big")
    text = GERMAN * 30
    for i in range(400):
        (corpus / f"doc{i:04d}.txt").write_text(text.replace("München", f"Stadt{i}"), encoding="utf-8")
    return corpus


@pytest.mark.parametrize("jobs", ["1", "2"])
@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
def test_interrupted_run_leaves_the_output_untouched(signum, jobs, big_corpus, tmp_path):
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    out = out_dir / "corpus.jsonl"
    out.write_text("vorher\n", encoding="utf-8")
    env = {**os.environ, "NLP_POLICY_CACHE_DIR": str(tmp_path / "cache")}
    proc = subprocess.Popen(
        [sys.executable, "-m", "nlp_policy.cli", "extract", str(big_corpus), "--jsonl", "-o", str(out), "--jobs", jobs],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
    )
    try:
        # wait until the run is writing (its temporary file has records in it)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and proc.poll() is None:
            parts = [p for p in out_dir.iterdir() if p.name.endswith(".part")]
            if parts and parts[0].stat().st_size > 0:
                break
            time.sleep(0.02)
        assert proc.poll() is None, "the run finished before it could be interrupted"
        proc.send_signal(signum)
        _, stderr = proc.communicate(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    stderr = stderr.decode("utf-8", "replace")
    assert proc.returncode == 128 + signum, stderr
    assert "Traceback" not in stderr, stderr
    assert ("interrupted" if signum == signal.SIGINT else "terminated") in stderr
    assert out.read_text(encoding="utf-8") == "vorher\n"
    assert leftovers(out_dir) == []


def test_write_failure_is_one_line_and_keeps_the_old_output(tmp_path, monkeypatch):
    import nlp_policy.record.jsonio as jsonio

    out = tmp_path / "out.json"
    out.write_text("alt\n", encoding="utf-8")
    real_fsync = os.fsync

    def full_disk(fd):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(jsonio.os, "fsync", full_disk)
    assert_error(run("extract", "-o", out), 1, f"Error: {out}: cannot be written (No space left on device)")
    monkeypatch.setattr(jsonio.os, "fsync", real_fsync)
    assert out.read_text(encoding="utf-8") == "alt\n"
    assert leftovers(tmp_path) == []


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="no /dev/zero on this system")
def test_endless_device_is_refused_not_read_forever():
    start = time.perf_counter()
    assert_error(run("extract", "/dev/zero", "--max-chars", "1000"), 1, "Error: /dev/zero: is more than", "--max-chars")
    assert time.perf_counter() - start < 10


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes on this system")
def test_named_pipe_is_read(tmp_path):
    import threading

    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)

    def feed():
        with fifo.open("w", encoding="utf-8") as handle:
            handle.write(GERMAN)

    writer = threading.Thread(target=feed)
    writer.start()
    result = run("extract", fifo)
    writer.join(timeout=10)
    assert "München" in record_of(result)["sentences"][0]["text"]
