"""Issue 13: trustworthy on bad inputs and odd environments.

One section per item of the issue (the numbers are the issue's). Every test
failed before its fix; CLI tests assert the exit code and the exact message.
"""

from __future__ import annotations

import bz2
import codecs
import gzip
import io
import json
import lzma
import os
import stat
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from nlp_policy.cli import main

GERMAN = (
    "Die Behörde in München verbietet der Polizei den Einsatz von Gesichtserkennung. "
    "Das Verbot gilt nur für öffentliche Plätze; für Bahnhöfe gibt es eine Ausnahme. "
    "Über die Einführung in Österreich wird später entschieden.\n"
)
ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(autouse=True)
def _private_cache(tmp_path_factory, monkeypatch):
    monkeypatch.setenv("NLP_POLICY_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))


def run(*args, **kwargs):
    return CliRunner().invoke(main, [a if isinstance(a, str) else os.fspath(a) for a in args], **kwargs)


def assert_error(result, code: int, message: str) -> None:
    """Exit ``code`` and ``message`` as the last line of stderr, no traceback."""
    assert result.exit_code == code, result.output
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert result.stderr.rstrip("\n").splitlines()[-1] == message, result.stderr


@pytest.fixture(scope="module")
def record_file(tmp_path_factory, article_record) -> Path:
    path = tmp_path_factory.mktemp("record") / "record.json"
    path.write_text(article_record.to_json(), encoding="utf-8")
    return path


@pytest.fixture
def german_file(tmp_path) -> Path:
    path = tmp_path / "artikel.txt"
    path.write_text(GERMAN, encoding="utf-8")
    return path


# -- 1. a full disk on standard output ------------------------------------------

FULL = "Error: standard output cannot be written (No space left on device); the output is incomplete, free some space or write elsewhere"


def _cli(args, *, stdout, env_dir: Path, stdin=None):
    env = {**os.environ, "NLP_POLICY_CACHE_DIR": str(env_dir), "PYTHONWARNINGS": "ignore"}
    return subprocess.run(
        [sys.executable, "-m", "nlp_policy.cli", *[os.fspath(a) for a in args]],
        stdout=stdout, stderr=subprocess.PIPE, stdin=stdin if stdin is not None else subprocess.DEVNULL,
        env=env, cwd=ROOT, timeout=300,
    )


@pytest.fixture(scope="module")
def qa_file(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("qa") / "set.qa.jsonl"
    path.write_text(json.dumps({"question": "Gilt das Verbot in Österreich?", "answer_type": "no"}) + "\n", encoding="utf-8")
    return path


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="no /dev/full on this system")
@pytest.mark.parametrize(
    "command",
    [["extract"], ["clauses", "ARTICLE"], ["entities", "ARTICLE"], ["ask", "--record", "RECORD", "Gilt das Verbot in Österreich?"],
     ["eval-qa", "QA", "--record", "RECORD"], ["--help"], ["ask", "--help"], ["--version"]],
    ids=["extract", "clauses", "entities", "ask", "eval-qa", "help", "ask-help", "version"],
)
def test_full_disk_on_stdout_is_one_error_line(command, record_file, qa_file, article_path, tmp_path_factory):
    args = [{"RECORD": record_file, "QA": qa_file, "ARTICLE": article_path}.get(a, a) for a in command]
    with open("/dev/full", "w") as full:
        proc = _cli(args, stdout=full, env_dir=tmp_path_factory.mktemp("cache"))
    stderr = proc.stderr.decode("utf-8", "replace")
    assert proc.returncode == 1, stderr
    assert stderr.splitlines() == [FULL]


def test_closed_pipe_ends_quietly(record_file, tmp_path):
    proc = subprocess.Popen(
        [sys.executable, "-m", "nlp_policy.cli", "ask", "--record", os.fspath(record_file), "--json", "Was ist verboten?"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL, cwd=ROOT,
        env={**os.environ, "NLP_POLICY_CACHE_DIR": str(tmp_path)},
    )
    proc.stdout.close()  # the reader is gone before the first write, as with `| head -0`
    stderr = proc.stderr.read().decode("utf-8", "replace")
    assert proc.wait(timeout=120) == 141, stderr
    assert stderr == ""


# -- 2. the word-cluster cache ----------------------------------------------------

@pytest.fixture
def cluster_cache(tmp_path, monkeypatch):
    """The cluster table's cache file under tmp_path; building gives a tiny table."""
    import numpy

    from nlp_policy.pipeline.entities import lexicon

    path = tmp_path / "lookups" / "de_lexeme_cluster-test.npz"
    builds = []

    def tiny(cls):
        builds.append(1)
        return cls(numpy.array([1, 5, 9], dtype=numpy.uint64), numpy.array([10, 50, 90], dtype=numpy.int64))

    monkeypatch.setattr(lexicon.ClusterTable, "_path", staticmethod(lambda: path))
    monkeypatch.setattr(lexicon.ClusterTable, "build", classmethod(tiny))
    return path, builds


def _valid_npz() -> bytes:
    import numpy

    buffer = io.BytesIO()
    numpy.savez(buffer, keys=numpy.array([1, 5, 9], dtype=numpy.uint64), values=numpy.array([10, 50, 90], dtype=numpy.int64))
    return buffer.getvalue()


@pytest.mark.parametrize(
    "content",
    [b"", _valid_npz()[:100], _valid_npz()[:-30], b"not a zip file at all", "wrong-arrays"],
    ids=["empty", "truncated-head", "truncated-tail", "garbage", "wrong-arrays"],
)
def test_broken_cluster_cache_is_rebuilt(content, cluster_cache):
    import numpy

    from nlp_policy.pipeline.entities.lexicon import ClusterTable

    path, builds = cluster_cache
    path.parent.mkdir(parents=True)
    if content == "wrong-arrays":
        with open(path, "wb") as handle:
            numpy.savez(handle, other=numpy.zeros(3))
    else:
        path.write_bytes(content)
    table = ClusterTable.load()
    assert int(table._values[1]) == 50
    assert builds == [1]
    assert ClusterTable._read(path) is not None  # the broken file was replaced by a good one
    assert sorted(p.name for p in path.parent.iterdir()) == [path.name]


def test_cluster_cache_is_read_when_good(cluster_cache):
    from nlp_policy.pipeline.entities.lexicon import ClusterTable

    path, builds = cluster_cache
    path.parent.mkdir(parents=True)
    path.write_bytes(_valid_npz())
    ClusterTable.load()
    assert builds == []


def test_full_disk_leaves_no_cluster_temp_files(cluster_cache, monkeypatch):
    import numpy

    from nlp_policy.pipeline.entities.lexicon import ClusterCacheWarning, ClusterTable

    path, builds = cluster_cache

    def half_written(handle, **arrays):
        handle.write(b"PK\x03\x04" + b"\0" * 1000)
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(numpy, "savez", half_written)
    with pytest.warns(ClusterCacheWarning, match=r"cannot be written \(No space left on device\)"):
        table = ClusterTable.load()
    assert int(table._values[2]) == 90  # the run goes on with the table built in memory
    assert list(path.parent.iterdir()) == []


def test_unwritable_cluster_cache_is_skipped_with_a_warning(cluster_cache):
    from nlp_policy.pipeline.entities.lexicon import ClusterCacheWarning, ClusterTable

    path, _ = cluster_cache
    path.parent.parent.mkdir(parents=True, exist_ok=True)
    path.parent.write_text("a file where the directory should be")
    with pytest.warns(ClusterCacheWarning, match="it is rebuilt in memory on every run"):
        ClusterTable.load()


def test_empty_cluster_cache_file_end_to_end(tmp_path, german_file):
    """The issue's symptom: a 0-byte cache file made every run print only "Aborted!"."""
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "xdg"), "NLP_POLICY_CACHE_DIR": str(tmp_path / "records")}
    probe = "from nlp_policy.pipeline.entities.lexicon import ClusterTable; print(ClusterTable._path())"
    path = Path(subprocess.run([sys.executable, "-c", probe], env=env, capture_output=True, text=True, check=True).stdout.strip())
    assert path.is_relative_to(tmp_path)
    path.parent.mkdir(parents=True)
    path.write_bytes(b"")
    proc = subprocess.run(
        [sys.executable, "-m", "nlp_policy.cli", "clauses", os.fspath(german_file)],
        env=env, capture_output=True, text=True, cwd=ROOT, timeout=300,
    )
    assert proc.returncode == 0, proc.stderr
    assert "prohibition" in proc.stdout and "Aborted" not in proc.stderr
    assert path.stat().st_size > 1_000_000  # rebuilt
    assert [p.name for p in path.parent.iterdir()] == [path.name]


# -- 3. files that change while being read ---------------------------------------

def test_file_changing_during_the_read_is_reported(german_file, monkeypatch):
    from nlp_policy.text import reading

    real = reading._fstat
    calls = []

    def growing(handle):
        calls.append(1)
        if len(calls) == 2:  # after the read: someone appends to the file
            with open(german_file, "a", encoding="utf-8") as more:
                more.write("Noch ein Satz, der fehlt.\n")
        return real(handle)

    monkeypatch.setattr(reading, "_fstat", growing)
    size = german_file.stat().st_size
    source = reading.read_document(german_file)
    assert source.text == GERMAN  # exactly what was read, hashed as read
    assert source.sha256 == reading.sha256_text(GERMAN)
    assert source.warnings == (
        f"{german_file}: changed while it was being read (its size went from {size:,} to {size + 26:,} bytes); "
        f"the results are for the {size:,} bytes read; run again once the file is complete",
    )


def test_unchanged_file_gives_no_warning(german_file):
    from nlp_policy.text.reading import read_document

    assert read_document(german_file).warnings == ()


# -- 4. output file modes ---------------------------------------------------------

@pytest.fixture
def umask_022():
    old = os.umask(0o022)
    yield
    os.umask(old)


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


OUTPUT_COMMANDS = {
    "extract": lambda out, doc: ("extract", doc, "-o", out),
    "report": lambda out, doc: ("report", doc, "-o", out),
    "export": lambda out, doc: ("export", doc, "-o", out),
    "export-csv": lambda out, doc: ("export", doc, "-f", "csv", "-o", out),
}


@pytest.mark.parametrize("command", list(OUTPUT_COMMANDS))
def test_new_output_follows_the_umask(command, german_file, tmp_path, umask_022):
    out = tmp_path / "out.file"
    result = run(*OUTPUT_COMMANDS[command](out, german_file))
    assert result.exit_code == 0, result.output
    assert _mode(out) == 0o644


@pytest.mark.parametrize("command", list(OUTPUT_COMMANDS))
def test_replaced_output_keeps_its_mode(command, german_file, tmp_path, umask_022):
    out = tmp_path / "out.file"
    out.write_text("alt\n")
    out.chmod(0o640)
    result = run(*OUTPUT_COMMANDS[command](out, german_file))
    assert result.exit_code == 0, result.output
    assert _mode(out) == 0o640
    assert out.read_text(encoding="utf-8-sig") != "alt\n"


@pytest.mark.parametrize("command", list(OUTPUT_COMMANDS))
def test_output_onto_a_symlink_writes_its_target(command, german_file, tmp_path, umask_022):
    real_dir = tmp_path / "real"
    real_dir.mkdir()
    target = real_dir / "target.file"
    target.write_text("alt\n")
    link = tmp_path / "link.file"
    link.symlink_to(target)
    result = run(*OUTPUT_COMMANDS[command](link, german_file))
    assert result.exit_code == 0, result.output
    assert link.is_symlink() and link.resolve() == target
    assert target.read_text(encoding="utf-8-sig") != "alt\n"
    assert [p.name for p in real_dir.iterdir()] == ["target.file"]


def test_atomic_writer_mode_under_another_umask(tmp_path):
    from nlp_policy.record.jsonio import write_text

    old = os.umask(0o077)
    try:
        write_text(tmp_path / "private.txt", "x")
    finally:
        os.umask(old)
    assert _mode(tmp_path / "private.txt") == 0o600


# -- 5. file names that are not UTF-8 --------------------------------------------

@pytest.fixture
def odd_name(tmp_path) -> Path:
    path = tmp_path / os.fsdecode(b"neu\xe4.txt")
    try:
        path.write_text(GERMAN, encoding="utf-8")
    except (UnicodeEncodeError, OSError):
        pytest.skip("this file system does not take non-UTF-8 names")
    return path


@pytest.mark.parametrize(
    "args",
    [("ask", "--doc", "DOC", "Was ist verboten?"), ("ask", "--doc", "DOC", "--json", "Was ist verboten?"),
     ("clauses", "DOC"), ("entities", "DOC"), ("extract", "DOC")],
    ids=["ask", "ask-json", "clauses", "entities", "extract"],
)
def test_non_utf8_file_name_works(args, odd_name):
    result = run(*[odd_name if a == "DOC" else a for a in args])
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output
    cache = Path(os.environ["NLP_POLICY_CACHE_DIR"])
    entries = [p.name for p in cache.iterdir()] if cache.is_dir() else []
    assert not [name for name in entries if name.endswith(".part")], entries
    if args[0] != "extract":  # extract never uses the record cache; the others store the record
        assert len(entries) == 1, entries


@pytest.mark.parametrize(
    "command,message",
    [("export", "Wrote {out} (json, 1 document)"), ("report", "Wrote {out}"), ("extract", None)],
)
def test_non_utf8_names_for_outputs(command, message, odd_name, tmp_path):
    out = tmp_path / os.fsdecode(b"aus\xfc.json")
    result = run(command, odd_name, "-o", out)
    assert result.exit_code == 0, result.output
    if message:
        assert result.stderr.splitlines()[-1] == message.format(out=f"{tmp_path}/aus\\xfc.json")
    if command == "extract":
        record = json.loads(out.read_text(encoding="utf-8"))
        assert record["document"]["path"] == str(odd_name)  # the real name, bytes and all
        assert os.fsencode(record["document"]["path"]).endswith(b"neu\xe4.txt")


def test_non_utf8_name_in_an_error_is_escaped(tmp_path):
    missing = tmp_path / os.fsdecode(b"fehlt\xe4.txt")
    result = run("clauses", missing)
    assert_error(result, 1, f"Error: {tmp_path}/fehlt\\xe4.txt: no such file; check the path")


def test_record_with_non_utf8_path_round_trips(article_record):
    import dataclasses

    from nlp_policy.record.types import Record

    odd = dataclasses.replace(article_record, document=dataclasses.replace(article_record.document, path="/x/neu\udce4.txt"))
    text = odd.to_json()
    text.encode("utf-8")  # encodable
    assert Record.from_json(text).document.path == "/x/neu\udce4.txt"


# -- 6. one bad byte in UTF-8 ------------------------------------------------------

def _damaged(text: str, *cuts: int) -> tuple[bytes, str]:
    """UTF-8 bytes of ``text`` with a bad byte before each character index in
    ``cuts``, and the text they should decode to."""
    data, expected, last = b"", "", 0
    for cut in cuts:
        data += text[last:cut].encode("utf-8") + b"\xff"
        expected += text[last:cut] + "\ufffd"
        last = cut
    return data + text[last:].encode("utf-8"), expected + text[last:]


DECODING = [
    # (bytes, encoding used, text expected)
    (*_damaged(GERMAN, 18)[:1], "utf-8", _damaged(GERMAN, 18)[1]),
    ("Schön, dass es Grüße gibt – ".encode("utf-8") + b"\x81\x8d" + " und Köln.".encode("utf-8"), "utf-8", "Schön, dass es Grüße gibt – \ufffd\ufffd und Köln."),
    ("Grüße aus München und Köln.".encode("cp1252"), "cp1252", "Grüße aus München und Köln."),
    ("Der Bußgeld-Rahmen liegt bei 5.000 € – so „streng“ wie nie.".encode("cp1252"), "cp1252", "Der Bußgeld-Rahmen liegt bei 5.000 € – so „streng“ wie nie."),
]


@pytest.mark.parametrize("data,used,text", DECODING, ids=["one-bad-byte", "two-bad-bytes", "cp1252", "cp1252-symbols"])
def test_mostly_utf8_keeps_its_umlauts(data, used, text):
    from nlp_policy.text.reading import decode_bytes

    decoded, encoding, _ = decode_bytes(data)
    assert (decoded, encoding) == (text, used)


def test_bad_byte_warning_names_the_offsets(tmp_path):
    data, text = _damaged(GERMAN, 12, 40)
    path = tmp_path / "kaputt.txt"
    path.write_bytes(data)
    result = run("extract", path)
    assert result.exit_code == 0, result.output
    # "Die Behörde " is 12 characters in 13 bytes; the second cut is 1 umlaut and 1 bad byte further
    assert result.stderr.splitlines() == [
        f"Warning: {path}: 2 invalid UTF-8 sequences replaced by U+FFFD at byte 13 (character 12), "
        "byte 43 (character 41); the rest was read as UTF-8; pass --encoding to choose another"
    ]
    assert text[12] == text[41] == "\ufffd"
    record = json.loads(result.stdout)
    assert record["document"]["encoding"] == "utf-8"
    assert "München" in record["sentences"][0]["text"]


def test_report_reads_back_a_text_with_replacements(tmp_path):
    path = tmp_path / "kaputt.txt"
    path.write_bytes(_damaged(GERMAN, 12)[0])
    record = tmp_path / "r.json"
    assert run("extract", path, "-o", record).exit_code == 0
    from nlp_policy.record.types import Record
    from nlp_policy.views.report import document_text

    assert "München" in document_text(Record.from_json(record.read_text(encoding="utf-8")))


# -- 8. non-text codecs --------------------------------------------------------------

@pytest.mark.parametrize("codec", ["rot13", "base64", "hex", "zlib", "bz2", "uu"])
def test_non_text_codec_is_refused(codec, german_file):
    assert_error(
        run("extract", german_file, "--encoding", codec), 1,
        f"Error: {german_file}: {codec!r} is not a text encoding (it converts bytes to bytes or text to text); "
        "--encoding needs a text encoding such as utf-8, cp1252, latin-1 or utf-16",
    )


# -- 9. compressed files, UTF-32 -------------------------------------------------------

def _zip(data: bytes) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        z.writestr("a.txt", data)
    return buffer.getvalue()


@pytest.mark.parametrize(
    "pack,kind,command",
    [(bz2.compress, "bzip2", "bunzip2 -k FILE"), (lzma.compress, "xz", "unxz -k FILE"), (_zip, "zip", "unzip FILE")],
    ids=["bz2", "xz", "zip"],
)
def test_compressed_file_is_named(pack, kind, command, tmp_path):
    path = tmp_path / "artikel.txt.z"
    path.write_bytes(pack(GERMAN.encode("utf-8")))
    assert_error(
        run("clauses", path), 1,
        f"Error: {path}: is a {kind}-compressed file, not text; unpack it first ({command}) and pass the unpacked file",
    )


def test_gzip_is_read_directly(tmp_path, german_file):
    path = tmp_path / "artikel.txt.gz"
    path.write_bytes(gzip.compress(GERMAN.encode("utf-8")))
    packed, plain = run("extract", path), run("extract", german_file)
    assert packed.exit_code == 0, packed.output
    assert json.loads(packed.stdout)["clauses"] == json.loads(plain.stdout)["clauses"]
    assert json.loads(packed.stdout)["document"]["sha256"] == json.loads(plain.stdout)["document"]["sha256"]


def test_damaged_gzip_is_one_error(tmp_path):
    path = tmp_path / "artikel.txt.gz"
    path.write_bytes(gzip.compress(GERMAN.encode("utf-8"))[:-12])
    result = run("extract", path)
    assert result.exit_code == 1, result.output
    assert result.stderr.startswith(f"Error: {path}: is a gzip-compressed file but cannot be unpacked (")


def test_gzip_bomb_is_refused(tmp_path):
    path = tmp_path / "bomb.txt.gz"
    path.write_bytes(gzip.compress(b"a" * 5_000_000))
    assert_error(
        run("extract", path, "--max-chars", "3000"), 1,
        f"Error: {path}: unpacks to more than 12,004 bytes, more than the limit of 3,000 characters; split the file or raise --max-chars",
    )


@pytest.mark.parametrize("codec", ["utf-32", "utf-32-be"])
def test_utf32_with_bom_is_read(codec, tmp_path):
    from nlp_policy.text.reading import read_document

    path = tmp_path / "artikel.txt"
    bom = codecs.BOM_UTF32_BE if codec.endswith("be") else b""
    path.write_bytes(bom + GERMAN.encode(codec))
    source = read_document(path)
    assert (source.text, source.encoding, source.warnings) == (GERMAN, "utf-32", ())


# -- 10. the empty string ------------------------------------------------------------

@pytest.mark.parametrize("text", ["", " ", "\n\n"], ids=["empty", "space", "newlines"])
def test_empty_doc_gives_an_empty_result(nlp, text):
    doc = nlp(text)
    assert {k: len(v) for k, v in doc.spans.items()} == {"policy_entities": 0, "policy_clauses": 0, "policy_time": 0}


def test_empty_string_in_a_batch_does_not_abort_it(nlp):
    docs = list(nlp.pipe(["", GERMAN, " "]))
    assert [len(d.spans["policy_clauses"]) > 0 for d in docs] == [False, True, False]


# -- 12. ask argument misuse -----------------------------------------------------------

def test_ask_with_two_docs(tmp_path, german_file):
    other = tmp_path / "zwei.txt"
    other.write_text(GERMAN, encoding="utf-8")
    assert_error(
        run("ask", "--doc", german_file, "--doc", other, "Was ist verboten?"), 2,
        f"Error: --doc was given 2 times ({german_file}, {other}); pass one (questions about several documents are not supported)",
    )


def test_ask_with_two_records(record_file):
    assert_error(
        run("ask", "--record", record_file, "--record", record_file, "Was ist verboten?"), 2,
        f"Error: --record was given 2 times ({record_file}, {record_file}); pass one (questions about several documents are not supported)",
    )


def test_ask_with_a_question_and_a_questions_file(record_file, tmp_path):
    questions = tmp_path / "fragen.txt"
    questions.write_text("Was ist verboten?\n", encoding="utf-8")
    assert_error(
        run("ask", "--record", record_file, "--questions-file", questions, "Gilt das Verbot?"), 2,
        "Error: pass either a QUESTION or --questions-file, not both",
    )


def test_ask_with_a_second_document_as_argument(german_file, tmp_path):
    other = tmp_path / "b.md"
    other.write_text(GERMAN, encoding="utf-8")
    assert_error(
        run("ask", "--doc", german_file, other, "Was ist verboten?"), 2,
        f"Error: expected one QUESTION, got 2 arguments ({str(other)!r}, 'Was ist verboten?'); put the question in quotes "
        "and pass the document with --doc FILE",
    )


def test_ask_with_a_file_as_the_question(german_file, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    Path("b.md").write_text(GERMAN, encoding="utf-8")
    assert_error(
        run("ask", "--doc", german_file, "b.md"), 2,
        "Error: 'b.md' is a file, not a question; pass it with --doc FILE and put the question in quotes",
    )


def test_ask_one_question_still_works(record_file):
    result = run("ask", "--record", record_file, "Gilt das Verbot auch in Österreich?")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("Nein")


# -- 13. eval-qa validates its items ------------------------------------------------------

BAD_ITEMS = [
    ({"question": "Q?", "must_contain_any": [[1, 2]]}, '"must_contain_any" must be a list of strings, not [1, 2]'),
    ({"question": "Q?", "must_contain_any": "Berlin"}, '"must_contain_any" must be a list of lists of strings, not "Berlin"'),
    ({"question": "Q?", "must_contain_any": ["Berlin"]}, '"must_contain_any" must be a list of strings, not "Berlin"'),
    ({"question": "Q?", "must_not_contain": "Berlin"}, '"must_not_contain" must be a list of strings, not "Berlin"'),
    ({"question": "Q?", "doc": 5}, '"doc" must be a document name (a string), not 5'),
    ({"question": "Q?", "answer_type": "maybe"}, '"answer_type" must be one of yes, no, unclear, unknown, text, entity, not "maybe"'),
    ({"question": "Q?", "kind": 3}, '"kind" must be a string, not 3'),
    ({"question": ""}, '"question" must be a non-empty string'),
    ({"question": 7}, '"question" must be a non-empty string'),
    ({"frage": "Q?"}, '"question" must be a non-empty string'),
    (["question"], "an item must be a JSON object, not list"),
]


@pytest.mark.parametrize("item,reason", BAD_ITEMS, ids=[f"bad{i}" for i in range(len(BAD_ITEMS))])
def test_eval_qa_names_the_bad_line(item, reason, tmp_path, record_file):
    path = tmp_path / "set.jsonl"
    good = json.dumps({"question": "Gilt das Verbot?", "answer_type": "yes"})
    path.write_text(f"# a comment\n{good}\n\n{json.dumps(item)}\n", encoding="utf-8")
    assert_error(run("eval-qa", path, "--record", record_file), 1, f"Error: {path}:4: not a question item: {reason}")


def test_eval_qa_names_a_line_that_is_not_json(tmp_path, record_file):
    path = tmp_path / "set.jsonl"
    path.write_text('{"question": "Q?"\n', encoding="utf-8")
    assert_error(
        run("eval-qa", path, "--record", record_file), 1,
        f"Error: {path}:1: not JSON (Expecting ',' delimiter at column 18); each line must be one JSON object",
    )


@pytest.mark.parametrize("content", ["", "\n\n", "# nur Kommentare\n"], ids=["empty", "blank", "comments"])
def test_eval_qa_on_an_empty_set_is_an_error(content, tmp_path, record_file):
    path = tmp_path / "set.jsonl"
    path.write_text(content, encoding="utf-8")
    assert_error(
        run("eval-qa", path, "--record", record_file), 1,
        f'Error: {path}: holds no question items; write one JSON object per line with at least "question"',
    )


def test_eval_qa_accepts_the_dev_set_format(tmp_path, record_file):
    path = tmp_path / "set.jsonl"
    item = {"question": "Gilt das Verbot auch in Österreich?", "kind": "scope", "answer_type": "no",
            "must_contain_any": [["Österreich"]], "must_not_contain": ["Ja"], "expected": "Nein.", "doc": None}
    path.write_text(json.dumps(item, ensure_ascii=False) + "\n", encoding="utf-8")
    result = run("eval-qa", path, "--record", record_file, "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["total"] == 1


# -- 17. document ids keep their letters -------------------------------------------------------

@pytest.mark.parametrize(
    "name,stem",
    [("Über die Größe.txt", "Über-die-Größe"), ("Straße_2024.txt", "Straße_2024"), ("plain-name.txt", "plain-name"),
     ("U\u0308ber.txt", "Über"), ("«Zitat».txt", "Zitat"), (os.fsdecode(b"neu\xe4.txt"), "neu"), ("###.txt", "text")],
    ids=["umlauts", "eszett", "ascii", "decomposed", "quotes", "non-utf8", "punctuation"],
)
def test_document_id_keeps_non_ascii_letters(name, stem):
    from nlp_policy.text.reading import SourceText

    source = SourceText(text="x", path=Path("/tmp") / name, encoding="utf-8")
    assert source.doc_id == f"{stem}-{source.sha256[:12]}"


# -- 18. README and small CLI facts -----------------------------------------------------------

README = (ROOT / "README.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("command", ["ask", "entities", "clauses", "export", "eval-qa"])
def test_readme_no_cache_commands_have_the_option(command):
    assert f"`{command}`" in README.split("`--no-cache` exists for")[1].split("\n")[0]
    assert "--no-cache" in run(command, "--help").output


@pytest.mark.parametrize("command", ["extract", "report"])
def test_readme_says_which_commands_have_no_cache(command):
    assert "--no-cache" not in run(command, "--help").output
    assert "(`extract` and `report` always run the pipeline)" in README


def test_readme_says_to_frames_needs_pandas():
    line = next(line for line in README.splitlines() if "to_frames()" in line)
    assert "needs pandas" in line


def test_one_document_is_singular():
    from nlp_policy.extraction.batch import Progress, Result

    progress = Progress(1, enabled=False)
    progress.update(Result(path=Path("a.txt"), json="{}"))
    assert progress.summary().startswith("1 document: 1 extracted, 0 failed")
    assert progress.line().startswith("1/1 document, 0 failed")


def test_directory_takes_upper_case_suffixes(tmp_path):
    from nlp_policy.extraction.batch import expand_inputs

    for name in ("UPPER.TXT", "lower.txt", "Mixed.Txt", "other.md"):
        (tmp_path / name).write_text(GERMAN, encoding="utf-8")
    assert [p.name for p in expand_inputs([tmp_path])] == ["Mixed.Txt", "UPPER.TXT", "lower.txt"]


# -- 19. JSON Lines escaping ----------------------------------------------------------------------

@pytest.mark.parametrize("char", ["\u2028", "\u2029", "\u0085"], ids=["LS", "PS", "NEL"])
def test_json_lines_escape_line_separators(char):
    from nlp_policy.record.jsonio import dumps

    data = {"text": f"vorher{char}nachher", "ok": "Grüße"}
    line = dumps(data, indent=None)
    assert len(line.splitlines()) == 1
    assert f"\\u{ord(char):04x}" in line and "Grüße" in line
    assert json.loads(line) == data


def test_exported_jsonl_has_one_fact_per_line(nlp, tmp_path):
    from nlp_policy.extraction.document import extract_text
    from nlp_policy.views.export import export

    text = GERMAN.replace("Plätze; ", "Plätze;\u2028").replace("Ausnahme. ", "Ausnahme.\u2029")
    record = extract_text(text, nlp=nlp)
    out = tmp_path / "facts.jsonl"
    export(record, "jsonl", out)
    lines = out.read_text(encoding="utf-8").splitlines()
    assert len(lines) == len(record.entities) + len(record.clauses) + len(record.timeline)
    assert all(json.loads(line) for line in lines)
    assert len(record.to_json(indent=None).splitlines()) == 1


# -- 20. a short repr ------------------------------------------------------------------------------

def test_record_repr_is_a_summary(article_record):
    text = repr(article_record)
    d = article_record.document
    assert text == (
        f"<Record {d.id!r}: {d.chars:,} characters, {len(article_record.sentences)} sentences, "
        f"{len(article_record.entities)} entities, {len(article_record.clauses)} clauses, "
        f"{len(article_record.timeline)} time expressions>"
    )
    assert len(text) < 200


def test_record_html_repr_escapes_and_tables(article_record):
    import dataclasses

    from nlp_policy.record.types import Entity

    odd = dataclasses.replace(
        article_record,
        entities=article_record.entities + (Entity(id="e99", name="<script>", label="ORG", aliases=(), mentions=()),),
    )
    html = odd._repr_html_()
    assert html.count("<table>") == 2
    assert "&lt;script&gt;" in html and "<script>" not in html
    assert all(c.id in html for c in article_record.clauses)


# -- 21. interactive ask ----------------------------------------------------------------------------

@pytest.fixture
def interactive(monkeypatch):
    from nlp_policy.qa import session

    monkeypatch.setattr(session, "stdin_is_interactive", lambda: True)


def test_ctrl_d_ends_the_prompt_line(interactive, record_file):
    result = run("ask", "--record", record_file, input="")
    assert result.exit_code == 0, result.output
    assert result.stdout == "Frage> \n"


def test_ctrl_c_at_the_prompt_says_nothing_about_output_files(interactive, record_file, monkeypatch):
    def interrupted(prompt=""):
        sys.stdout.write(prompt)
        raise KeyboardInterrupt

    monkeypatch.setattr("builtins.input", interrupted)
    result = run("ask", "--record", record_file)
    assert result.exit_code == 130, result.output
    assert result.stdout == "Frage> \n"
    assert "output files" not in result.output


def test_non_terminal_prompt_ends_its_line_at_eof():
    from nlp_policy.qa.session import prompt_lines

    written = []
    lines = list(prompt_lines(io.StringIO("Was ist verboten?\n"), write=written.append))
    assert lines == ["Was ist verboten?"]
    assert "".join(written) == "Frage> Frage> \n"


# -- 22. load() hands out a pipeline of its own ---------------------------------------------------------

def test_changing_the_loaded_pipeline_does_not_change_extraction():
    import nlp_policy
    from nlp_policy.pipeline.build import extraction_pipeline

    before = nlp_policy.extract_text(GERMAN, backend="offline")
    nlp = nlp_policy.load("offline")
    assert nlp is not extraction_pipeline("offline")
    nlp.remove_pipe("policy_clauses")
    after = nlp_policy.extract_text(GERMAN, backend="offline")
    assert after.clauses == before.clauses and len(after.clauses) > 0
    assert "policy_clauses" in extraction_pipeline("offline").pipe_names


def test_failed_cache_store_leaves_no_part_file(article_record, monkeypatch):
    from nlp_policy.extraction import cache

    def unencodable(self, *, indent=2):
        return "\udce4"  # what a surrogate path gave before JSON escaped it

    monkeypatch.setattr(type(article_record), "to_json", unencodable)
    assert cache.store_entry(article_record) is False
    directory = cache.cache_dir()
    assert [p.name for p in directory.iterdir()] == []


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="no /dev/full on this system")
def test_output_onto_a_full_device(german_file):
    assert_error(
        run("extract", german_file, "-o", "/dev/full"), 1,
        "Error: /dev/full: cannot be written (No space left on device); the output is incomplete",
    )


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes on this system")
def test_output_into_a_named_pipe_is_written_directly(german_file, tmp_path):
    import threading

    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_text(encoding="utf-8")))
    reader.start()
    result = run("export", german_file, "-f", "jsonl", "-o", fifo)
    reader.join(timeout=60)
    assert result.exit_code == 0, result.output
    assert fifo.exists() and stat.S_ISFIFO(fifo.stat().st_mode)  # not replaced by a regular file
    assert [json.loads(line)["kind"] for line in received[0].splitlines()][:1] == ["entity"]


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(min_codepoint=0, max_codepoint=0x10FFFF)))  # surrogates included
def test_dumps_is_one_encodable_line_that_reads_back(text):
    from nlp_policy.record.jsonio import dumps

    line = dumps({"text": text, "list": [text]}, indent=None)
    line.encode("utf-8")
    assert len(line.splitlines()) == 1
    assert json.loads(line) == {"text": text, "list": [text]}


def test_interrupt_mentions_output_files_only_when_there_is_one(record_file, monkeypatch, tmp_path):
    from nlp_policy.qa import answer

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(answer, "answer_question", interrupted)
    assert_error(run("ask", "--record", record_file, "Was ist verboten?"), 130, "Error: interrupted")
    monkeypatch.setattr("nlp_policy.views.export.export", interrupted)
    assert_error(
        run("export", "-o", tmp_path / "x.json"), 130, "Error: interrupted (output files are written only by complete runs)"
    )


def test_file_growing_past_the_limit_during_the_read_is_refused(german_file, monkeypatch):
    from nlp_policy.errors import InputError
    from nlp_policy.text import reading

    real = reading._fstat

    def growing(handle):
        if handle.tell() == 0:  # before the read: the size check has passed, now the file grows
            with open(german_file, "a", encoding="utf-8") as more:
                more.write("x" * 5000)
        return real(handle)

    monkeypatch.setattr(reading, "_fstat", growing)
    with pytest.raises(InputError) as error:
        reading.read_document(german_file, max_chars=1000)
    assert str(error.value) == (
        f"{german_file}: grew to more than 4,004 bytes while it was being read, more than the limit of 1,000 characters; "
        "split the file or raise --max-chars"
    )
