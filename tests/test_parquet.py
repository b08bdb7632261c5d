"""``export --format parquet``: three typed tables that pyarrow (and so pandas,
Polars, DuckDB) reads back with lists, booleans, integers and umlauts intact."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

pa = pytest.importorskip("pyarrow")
import pyarrow.parquet as pq  # noqa: E402

from nlp_policy.cli import main  # noqa: E402
from nlp_policy.errors import OutputError  # noqa: E402
from nlp_policy.views.parquet import TABLES, write_parquet  # noqa: E402

TEXT = (
    "Die Behörde in München verbietet der Polizei die Gesichtserkennung an Flughäfen in Bayern und Österreich. "
    "Das Verbot gilt nicht für Grenzkontrollen, sagte Jürgen Weiß am Mittwoch."
)


@pytest.fixture(scope="module")
def record(nlp):
    from nlp_policy.extraction.document import extract_text

    return extract_text(TEXT, nlp=nlp)


def test_tables_have_proper_types_and_read_back(record, tmp_path):
    written = write_parquet([record, record], tmp_path / "tabellen")
    assert [p.name for p in written] == [f"{t}.parquet" for t in TABLES]
    clauses = pq.read_table(tmp_path / "tabellen" / "clauses.parquet")
    schema = clauses.schema
    assert schema.field("negated").type == pa.bool_()
    assert schema.field("start").type == pa.int64() and schema.field("trigger_end").type == pa.int64()
    assert schema.field("scope_geo").type == pa.list_(pa.string())
    assert pa.types.is_struct(schema.field("relations").type.value_type)
    rows = clauses.to_pylist()
    assert len(rows) == 2 * len(record.clauses)
    first = record.clauses[0]
    assert rows[0]["text"] == first.text and "München" in rows[0]["text"]
    assert rows[0]["scope_geo"] == list(first.scope.geo) and rows[0]["negated"] is first.negated
    assert TEXT[rows[0]["start"] : rows[0]["end"]] == rows[0]["text"]
    entities = pq.read_table(tmp_path / "tabellen" / "entities.parquet").to_pylist()
    assert "Jürgen Weiß" in {e["name"] for e in entities}
    assert all(isinstance(e["aliases"], list) and isinstance(e["mentions"], int) for e in entities)
    timeline = pq.read_table(tmp_path / "tabellen" / "timeline.parquet").to_pylist()
    assert [t["value"] for t in timeline] == [t.value for t in record.timeline] * 2


def test_empty_tables_keep_their_schema(nlp, tmp_path):
    from nlp_policy.extraction.document import extract_text

    empty = extract_text("Heute scheint die Sonne über dem See.", nlp=nlp)
    write_parquet(empty, tmp_path / "t")
    table = pq.read_table(tmp_path / "t" / "clauses.parquet")
    assert table.num_rows == 0 and table.schema.field("scope_actors").type == pa.list_(pa.string())


def test_a_file_in_the_way_is_one_error(record, tmp_path):
    (tmp_path / "datei").write_text("x", encoding="utf-8")
    with pytest.raises(OutputError, match="is a file"):
        write_parquet(record, tmp_path / "datei")


def test_cli_export_parquet(tmp_path):
    doc = tmp_path / "a.txt"
    doc.write_text(TEXT, encoding="utf-8")
    out = tmp_path / "tabellen"
    env = {"NLP_POLICY_CACHE_DIR": str(tmp_path / "cache")}
    result = CliRunner().invoke(main, ["export", str(doc), "-f", "parquet", "-o", str(out), "--backend", "offline"], env=env)
    assert result.exit_code == 0, result.output
    assert pq.read_table(out / "clauses.parquet").num_rows >= 2
    to_stdout = CliRunner().invoke(main, ["export", str(doc), "-f", "parquet", "-o", "-", "--backend", "offline"], env=env)
    assert to_stdout.exit_code == 2 and "pass -o DIRECTORY" in to_stdout.output
