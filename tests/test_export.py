"""Export formats, DataFrames and the `export` command."""

from __future__ import annotations

import csv
import io
import json

import pytest
from click.testing import CliRunner

from nlp_policy import errors
from nlp_policy.cli import main
from nlp_policy.views.export import export, facts
from nlp_policy.record.frames import CLAUSE_COLUMNS, clause_rows
from nlp_policy.record import Record
from sample_record import TEXT, sample_record


@pytest.fixture
def record() -> Record:
    return sample_record()


def test_json_one_record_round_trips(record, tmp_path):
    out = export(record, "json", tmp_path / "r.json")
    assert Record.from_json(out.read_text(encoding="utf-8")) == record
    assert "„A<B> & C“" in out.read_text(encoding="utf-8")  # umlauts and quotes stay readable


def test_json_several_records_is_a_list(record, tmp_path):
    out = export([record, record], "json", tmp_path / "r.json")
    data = json.loads(out.read_text(encoding="utf-8"))
    assert [Record.from_dict(d) for d in data] == [record, record]


def test_jsonl_one_fact_per_line(record, tmp_path):
    out = export(record, "jsonl", tmp_path / "r.jsonl")
    lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [line["kind"] for line in lines] == ["entity"] * 3 + ["clause"] * 3 + ["time"]
    assert {line["document"] for line in lines} == {record.document.id}
    assert list(lines[0])[:2] == ["document", "kind"]
    time = lines[-1]
    assert (time["time_kind"], time["value"]) == ("weekday", "Wednesday")
    for line in lines:
        if "start" in line:
            assert TEXT[line["start"]:line["end"]] == line["text"]


def test_csv_is_the_clause_table(record, tmp_path):
    out = export(record, "csv", tmp_path / "r.csv")
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # BOM: Excel then reads UTF-8
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    assert tuple(rows[0]) == CLAUSE_COLUMNS
    assert [r["id"] for r in rows] == ["c1", "c2", "c3"]
    c1, c2, c3 = rows
    assert c1["scope_geo"] == "US"
    assert c1["scope_technologies"] == "Gesichtserkennung"
    assert c2["scope_devices"] == "stationäre Kameras"
    assert c3["relations"] == "corrects c1; limits c2"
    assert c2["negated"] == "True"
    assert int(c1["start"]) == 0
    assert (c1["status"], c2["status"], c3["status"]) == ("in_force", "denied", "in_force")
    assert (c3["attribution"], c3["modifier_cues"], c3["modifier_details"]) == ("reported", "sagte", "sagte Microsoft")
    assert c1["extent"] == c1["modifier_cues"] == ""


def test_csv_defuses_spreadsheet_formulas(record, tmp_path):
    evil = Record.from_dict({**record.to_dict(), "clauses": [{**record.clauses[0].to_dict(), "text": "=HYPERLINK(1)"}]})
    out = export(evil, "csv", tmp_path / "r.csv")
    assert next(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8-sig"))))["text"] == "'=HYPERLINK(1)"


def test_failing_export_leaves_existing_file_untouched(record, tmp_path, monkeypatch):
    target = tmp_path / "r.csv"
    target.write_text("old", encoding="utf-8")

    def boom(record):
        yield from clause_rows(record)[:1]
        raise RuntimeError("disk on fire")

    monkeypatch.setattr("nlp_policy.views.export.clause_rows", boom)
    with pytest.raises(RuntimeError):
        export([record, record], "csv", target)
    assert target.read_text(encoding="utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["r.csv"]  # no temporary file left


def test_unknown_format_and_missing_directory(record, tmp_path):
    with pytest.raises(errors.OutputError, match="choose one of json, jsonl, csv"):
        export(record, "xlsx", tmp_path / "r.xlsx")
    with pytest.raises(errors.OutputError, match="does not exist"):
        export(record, "json", tmp_path / "missing" / "r.json")


def test_frames_have_flat_columns(record):
    frames = record.to_frames()
    columns = [c for c in CLAUSE_COLUMNS if c not in ("id", "document")] + ["document"]
    assert list(frames.clauses.columns) == columns
    assert list(frames.clauses.index) == ["c1", "c2", "c3"]
    assert frames.clauses.loc["c3", "relations"] == "corrects c1; limits c2"
    assert frames.clauses.loc["c1", "scope_geo"] == "US"
    assert list(frames.clauses["status"]) == ["in_force", "denied", "in_force"]
    assert frames.clauses.loc["c3", "attribution"] == "reported"
    assert list(frames.entities["name"]) == ["Microsoft", "USA", "A<B> & C"]
    assert list(frames.entities["mentions"]) == [2, 2, 1]
    assert frames.timeline.loc["t1", "value"] == "Wednesday"
    empty = Record(document=record.document).to_frames()
    assert list(empty.clauses.columns) == columns and len(empty.clauses) == 0


def test_frames_without_pandas_say_how_to_install(record, monkeypatch):
    import builtins

    real_import = builtins.__import__

    def no_pandas(name, *args, **kwargs):
        if name == "pandas":
            raise ImportError("No module named 'pandas'")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_pandas)
    with pytest.raises(errors.NlpPolicyError, match=r"pip install \"nlp-policy\[pandas\]\""):
        record.to_frames()


def test_facts_cover_every_offset_fact(record):
    kinds = [f["kind"] for f in facts(record)]
    assert kinds.count("clause") == len(record.clauses)


# -- the command ----------------------------------------------------------------

@pytest.fixture(autouse=True)
def private_cache(tmp_path, monkeypatch):
    """Keep the record cache of `export` out of the user's cache directory."""
    monkeypatch.setenv("NLP_POLICY_CACHE_DIR", str(tmp_path / "cache"))


@pytest.fixture
def corpus_file(tmp_path):
    path = tmp_path / "doc.txt"
    path.write_text(TEXT, encoding="utf-8")
    return path


@pytest.mark.parametrize("fmt", ["json", "jsonl", "csv"])
def test_cli_export_formats(fmt, corpus_file, tmp_path):
    out = tmp_path / f"out.{fmt}"
    result = CliRunner().invoke(main, ["export", str(corpus_file), "--format", fmt, "-o", str(out), "--backend", "offline"])
    assert result.exit_code == 0, result.output
    assert out.exists() and out.stat().st_size > 0
    if fmt == "json":
        assert Record.from_json(out.read_text(encoding="utf-8")).document.path == str(corpus_file.resolve())


def test_cli_export_several_files_gives_a_list(corpus_file, tmp_path):
    out = tmp_path / "out.json"
    result = CliRunner().invoke(main, ["export", str(corpus_file), str(corpus_file), "-o", str(out), "--backend", "offline"])
    assert result.exit_code == 0, result.output
    assert len(json.loads(out.read_text(encoding="utf-8"))) == 2


def test_cli_export_missing_input_keeps_output(corpus_file, tmp_path):
    out = tmp_path / "out.json"
    out.write_text("old", encoding="utf-8")
    missing = tmp_path / "missing.txt"
    result = CliRunner().invoke(main, ["export", str(corpus_file), str(missing), "-o", str(out), "--backend", "offline"])
    assert result.exit_code == 1
    assert f"Error: {missing}: no such file; check the path" in result.output
    assert out.read_text(encoding="utf-8") == "old"


def test_cli_export_usage_errors(tmp_path):
    runner = CliRunner()
    assert runner.invoke(main, ["export", "--format", "xlsx", "-o", str(tmp_path / "x")]).exit_code == 2
    result = runner.invoke(main, ["export"])
    assert result.exit_code == 2 and "Missing option '-o'" in result.output
