"""Exporting records as JSON, JSON Lines or CSV.

* ``json``: the record itself (a list of records when several are given);
* ``jsonl``: one fact per line, each an entity, a clause or a time expression
  with ``"document"`` (the document id) and ``"kind"`` (``entity``, ``clause``,
  ``time``) in front. A time expression's own ``kind`` (date, weekday, ...) is
  written as ``"time_kind"`` so it does not clash;
* ``parquet``: a directory with the clause, entity and timeline tables,
  typed (see :mod:`nlp_policy.views.parquet`);
* ``csv``: the clause table of :func:`nlp_policy.record.frames.clause_rows`, one row
  per clause.

CSV is written as UTF-8 *with* a byte-order mark (``utf-8-sig``): Excel reads
a CSV without one as the Windows code page and garbles every umlaut, while
LibreOffice, pandas and Python's ``csv`` (with ``utf-8-sig``) accept the mark.
Cells that a spreadsheet would run as a formula (``=``, ``+``, ``-``, ``@``
first) get a leading apostrophe, because the text comes from arbitrary
documents. Use ``json`` or ``jsonl`` for exact, machine-readable data.

Files are written atomically: a failed export leaves an existing file untouched.
"""

from __future__ import annotations

import csv
from pathlib import Path
from typing import IO, Any, Iterable, Iterator

from nlp_policy.errors import OutputError
from nlp_policy.record.frames import CLAUSE_COLUMNS, clause_rows
from nlp_policy.record.jsonio import atomic_writer, dumps
from nlp_policy.record.types import Record

FORMATS = ("json", "jsonl", "csv")
#: Every format of :func:`export`; parquet writes a directory, not a stream.
EXPORT_FORMATS = FORMATS + ("parquet",)

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def facts(record: Record) -> Iterator[dict[str, Any]]:
    """The JSON Lines facts of one record: entities, clauses, then time expressions."""
    doc = record.document.id
    for e in record.entities:
        yield {"document": doc, "kind": "entity", **e.to_dict()}
    for c in record.clauses:
        yield {"document": doc, "kind": "clause", **c.to_dict()}
    for t in record.timeline:
        data = t.to_dict()
        data["time_kind"] = data.pop("kind")
        yield {"document": doc, "kind": "time", **data}


def _spreadsheet_safe(value: Any) -> Any:
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def _as_list(records: Record | Iterable[Record]) -> tuple[list[Record], bool]:
    if isinstance(records, Record):
        return [records], True
    return list(records), False


def write(records: Record | Iterable[Record], fmt: str, handle: IO[str]) -> None:
    """Write records in ``fmt`` (``json``, ``jsonl``, ``csv``) to an open text handle (see :func:`export`)."""
    if fmt not in FORMATS:
        raise OutputError(f"unknown export format {fmt!r}; choose one of {', '.join(FORMATS)}")
    items, single = _as_list(records)
    if fmt == "json":
        data = items[0].to_dict() if single else [r.to_dict() for r in items]
        handle.write(dumps(data) + "\n")
    elif fmt == "jsonl":
        for record in items:
            for fact in facts(record):
                handle.write(dumps(fact, indent=None) + "\n")
    else:
        writer = csv.DictWriter(handle, fieldnames=list(CLAUSE_COLUMNS))
        writer.writeheader()
        for record in items:
            for row in clause_rows(record):
                writer.writerow({k: _spreadsheet_safe(v) for k, v in row.items()})


def export(records: Record | Iterable[Record], fmt: str, path: str | Path) -> Path:
    """Write one record (or several) to ``path`` as ``json``, ``jsonl`` or ``csv``.

    records (Record | Iterable[Record]): one record gives a JSON object, an
        iterable gives a JSON list; JSON Lines and CSV are the same either way.
    fmt (str): ``json``, ``jsonl``, ``csv`` or ``parquet`` (``path`` is then a
        directory of three tables, see :mod:`nlp_policy.views.parquet`).
    path (str | Path): the output file, replaced atomically.
    RETURNS (Path): the path written.
    RAISES OutputError: an unknown format, or the file cannot be written.
    """
    if fmt == "parquet":
        from nlp_policy.views.parquet import write_parquet

        write_parquet(records, path)
        return Path(path)
    if fmt not in FORMATS:
        raise OutputError(f"unknown export format {fmt!r}; choose one of {', '.join(FORMATS)}")
    # csv wants newline="" so that its \r\n row ends are written unchanged.
    options = {"encoding": "utf-8-sig", "newline": ""} if fmt == "csv" else {}
    with atomic_writer(path, **options) as handle:
        write(records, fmt, handle)
    return Path(path)
