"""A record as flat tables: rows of plain values, and pandas DataFrames of them.

The row builders need no third-party package (the CSV export uses them too);
pandas is imported only by :func:`to_frames`. List-valued fields are joined
with ``"; "`` so that every cell is a string, a number or a flag, and the
scope of a clause becomes one column per field (``scope_geo``, ...). The
modifiers of a clause become its ``status`` (``in_force`` unless a cue says
otherwise), one column per other modifier category holding the value
(``extent``: ``temporary``), and the cues and details as evidence.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from nlp_policy.errors import NlpPolicyError
from nlp_policy.record.labels import MODIFIER_CATEGORIES, SCOPE_FIELDS

if TYPE_CHECKING:  # pragma: no cover
    import pandas

    from nlp_policy.record.types import Record

JOIN = "; "

SCOPE_COLUMNS = tuple(f"scope_{name}" for name in SCOPE_FIELDS)
ENTITY_COLUMNS = ("document", "id", "name", "label", "aliases", "mentions", "first_start", "description")
CLAUSE_COLUMNS = (
    ("document", "id", "type", "negated", "text", "start", "end", "sentence", "trigger", "issuer", "addressees", "action")
    + SCOPE_COLUMNS
    + ("relations", "time")
    + MODIFIER_CATEGORIES
    + ("modifier_cues", "modifier_details")
)
TIME_COLUMNS = ("document", "id", "text", "start", "end", "sentence", "kind", "value", "anchors")


def entity_rows(record: Record) -> list[dict[str, Any]]:
    """One row per entity; ``mentions`` is the number of mentions."""
    doc = record.document.id
    return [
        {
            "document": doc,
            "id": e.id,
            "name": e.name,
            "label": e.label,
            "aliases": JOIN.join(e.aliases),
            "mentions": len(e.mentions),
            "first_start": min((m.start for m in e.mentions), default=None),
            "description": e.description.text if e.description else "",
        }
        for e in record.entities
    ]


def clause_rows(record: Record) -> list[dict[str, Any]]:
    """One row per clause, scope flattened, relations as ``corrects c1; limits c2``."""
    doc = record.document.id
    rows = []
    for c in record.clauses:
        row = {
            "document": doc,
            "id": c.id,
            "type": c.type,
            "negated": c.negated,
            "text": c.text,
            "start": c.start,
            "end": c.end,
            "sentence": c.sentence,
            "trigger": c.trigger.text,
            "issuer": c.issuer or "",
            "addressees": JOIN.join(c.addressees),
            "action": c.action or "",
        }
        row.update({f"scope_{k}": JOIN.join(v) for k, v in c.scope.to_dict().items()})
        row["relations"] = JOIN.join(f"{r.type} {r.target}" for r in c.relations)
        row["time"] = JOIN.join(c.time)
        row.update(modifier_cells(c))
        rows.append(row)
    return rows


def modifier_cells(clause) -> dict[str, str]:
    """The modifier columns of one clause: ``status`` (``in_force`` by default), the value of
    every other category (empty when absent), the cues (``vorübergehend; laut CNBC``) and details."""
    cells = {category: JOIN.join(m.value for m in clause.modifiers if m.category == category) for category in MODIFIER_CATEGORIES}
    cells["status"] = clause.status
    cells["modifier_cues"] = JOIN.join(m.text for m in clause.modifiers)
    cells["modifier_details"] = JOIN.join(m.detail for m in clause.modifiers if m.detail)
    return cells


def timeline_rows(record: Record) -> list[dict[str, Any]]:
    """One row per time expression, in text order."""
    doc = record.document.id
    return [
        {
            "document": doc,
            "id": t.id,
            "text": t.text,
            "start": t.start,
            "end": t.end,
            "sentence": t.sentence,
            "kind": t.kind,
            "value": t.value or "",
            "anchors": JOIN.join(t.anchors),
        }
        for t in record.timeline
    ]


@dataclass(frozen=True)
class RecordFrames:
    """The three tables of a record as DataFrames."""

    entities: "pandas.DataFrame"
    clauses: "pandas.DataFrame"
    timeline: "pandas.DataFrame"


def _pandas():
    try:
        import pandas
    except ImportError:
        raise NlpPolicyError(
            "pandas is not installed; install it with `pip install \"nlp-policy[pandas]\"` (or `pip install pandas`)"
        ) from None
    return pandas


def _frame(pd, rows: list[dict[str, Any]], columns: tuple[str, ...]) -> "pandas.DataFrame":
    # Indexed by fact id; the document id goes last, as it is the same on every row.
    ordered = [c for c in columns if c not in ("id", "document")] + ["document"]
    return pd.DataFrame(rows, columns=["id", *ordered]).set_index("id")


def to_frames(record: Record) -> RecordFrames:
    """The entity, clause and timeline tables of a record as pandas DataFrames.

    Each frame is indexed by fact id (``frames.clauses.loc["c3"]``); its
    columns are those of ``ENTITY_COLUMNS``, ``CLAUSE_COLUMNS`` and
    ``TIME_COLUMNS`` with ``document`` last, so an empty record still gives
    frames with headers.
    RAISES NlpPolicyError: pandas is not installed.
    """
    pd = _pandas()
    return RecordFrames(
        entities=_frame(pd, entity_rows(record), ENTITY_COLUMNS),
        clauses=_frame(pd, clause_rows(record), CLAUSE_COLUMNS),
        timeline=_frame(pd, timeline_rows(record), TIME_COLUMNS),
    )
