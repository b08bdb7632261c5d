"""Records as Parquet tables: clauses, entities and the timeline, one file each.

Columns keep their types, so pandas, Polars and DuckDB read them without
parsing: offsets are integers, ``negated`` is a boolean, scope fields,
aliases, addressees and anchors are lists of strings, relations and
modifiers are lists of structs. Text is UTF-8 (umlauts intact). Every table
has a ``document`` column (the document id), so one directory holds a corpus:

    >>> import duckdb
    >>> duckdb.sql("select type, scope_geo from 'tables/clauses.parquet'")

Needs pyarrow (the ``parquet`` extra). Each file is written to a temporary
name and renamed, so a failed export leaves the previous files untouched.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Iterable

from nlp_policy.errors import NlpPolicyError, OutputError
from nlp_policy.record.labels import SCOPE_FIELDS
from nlp_policy.record.types import Record

#: The files written into the output directory.
TABLES = ("clauses", "entities", "timeline")


def _pyarrow():
    try:
        import pyarrow
        import pyarrow.parquet
    except ImportError:
        raise NlpPolicyError(
            "pyarrow is not installed; install the extra with `pip install \"nlp-policy[parquet]\"` "
            "(or `pip install pyarrow`), or export as csv or jsonl"
        ) from None
    return pyarrow


def schemas(pa) -> dict:
    """The Arrow schema of each table."""
    strings = pa.list_(pa.string())
    relation = pa.struct([("type", pa.string()), ("target", pa.string())])
    modifier = pa.struct(
        [("category", pa.string()), ("value", pa.string()), ("text", pa.string()),
         ("start", pa.int64()), ("end", pa.int64()), ("detail", pa.string())]
    )
    return {
        "clauses": pa.schema(
            [("document", pa.string()), ("id", pa.string()), ("type", pa.string()), ("negated", pa.bool_()),
             ("text", pa.string()), ("start", pa.int64()), ("end", pa.int64()), ("sentence", pa.string()),
             ("trigger", pa.string()), ("trigger_start", pa.int64()), ("trigger_end", pa.int64()),
             ("issuer", pa.string()), ("addressees", strings), ("action", pa.string())]
            + [(f"scope_{name}", strings) for name in SCOPE_FIELDS]
            + [("relations", pa.list_(relation)), ("time", strings), ("modifiers", pa.list_(modifier))]
        ),
        "entities": pa.schema(
            [("document", pa.string()), ("id", pa.string()), ("name", pa.string()), ("label", pa.string()),
             ("aliases", strings), ("mentions", pa.int64()), ("mention_starts", pa.list_(pa.int64())),
             ("first_start", pa.int64()), ("description", pa.string())]
        ),
        "timeline": pa.schema(
            [("document", pa.string()), ("id", pa.string()), ("text", pa.string()), ("start", pa.int64()),
             ("end", pa.int64()), ("sentence", pa.string()), ("kind", pa.string()), ("value", pa.string()),
             ("anchors", strings)]
        ),
    }


def rows(records: Iterable[Record]) -> dict[str, list[dict]]:
    """The rows of the three tables, typed values (lists stay lists)."""
    out: dict[str, list[dict]] = {name: [] for name in TABLES}
    for record in records:
        doc = record.document.id
        for c in record.clauses:
            row = {
                "document": doc, "id": c.id, "type": c.type, "negated": c.negated, "text": c.text,
                "start": c.start, "end": c.end, "sentence": c.sentence, "trigger": c.trigger.text,
                "trigger_start": c.trigger.start, "trigger_end": c.trigger.end, "issuer": c.issuer,
                "addressees": list(c.addressees), "action": c.action,
            }
            row.update({f"scope_{k}": list(v) for k, v in c.scope.to_dict().items()})
            row["relations"] = [r.to_dict() for r in c.relations]
            row["time"] = list(c.time)
            row["modifiers"] = [m.to_dict() for m in c.modifiers]
            out["clauses"].append(row)
        for e in record.entities:
            starts = [m.start for m in e.mentions]
            out["entities"].append({
                "document": doc, "id": e.id, "name": e.name, "label": e.label, "aliases": list(e.aliases),
                "mentions": len(e.mentions), "mention_starts": starts, "first_start": min(starts, default=None),
                "description": e.description.text if e.description else None,
            })
        for t in record.timeline:
            out["timeline"].append({
                "document": doc, "id": t.id, "text": t.text, "start": t.start, "end": t.end,
                "sentence": t.sentence, "kind": t.kind, "value": t.value, "anchors": list(t.anchors),
            })
    return out


def write_parquet(records: Record | Iterable[Record], directory: str | Path) -> list[Path]:
    """Write ``clauses.parquet``, ``entities.parquet`` and ``timeline.parquet`` into ``directory``
    (created when missing; its parent must exist).

    RETURNS (list[Path]): the files written.
    RAISES NlpPolicyError: pyarrow is missing. OutputError: the directory cannot be written.
    """
    pa = _pyarrow()
    import pyarrow.parquet as pq

    items = [records] if isinstance(records, Record) else list(records)
    target = Path(directory)
    if target.exists() and not target.is_dir():
        raise OutputError(f"{target}: is a file; the Parquet export writes a directory of tables, pass a directory name")
    if not target.parent.is_dir():
        raise OutputError(f"{target}: the directory {target.parent} does not exist; create it first")
    try:
        target.mkdir(exist_ok=True)
    except OSError as exc:
        raise OutputError(f"{target}: cannot create the directory ({exc.strerror})") from None
    data, kinds, written = rows(items), schemas(pa), []
    for name in TABLES:
        table = pa.Table.from_pylist(data[name], schema=kinds[name])
        path = target / f"{name}.parquet"
        tmp = None
        try:
            fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=target)
            os.close(fd)
            pq.write_table(table, tmp)
            os.replace(tmp, path)
        except OSError as exc:
            if tmp:
                try:
                    os.unlink(tmp)
                except OSError:
                    pass
            raise OutputError(f"{path}: cannot be written ({exc.strerror or exc}); nothing was changed") from None
        written.append(path)
    return written
