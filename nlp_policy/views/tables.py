"""Readable plain-text tables of a record (for the terminal)."""

from __future__ import annotations

import textwrap

from nlp_policy.record.types import Record


def _table(headers: list[str], rows: list[list[str]], widths: list[int]) -> str:
    def fmt(cells: list[str]) -> list[str]:
        wrapped = [textwrap.wrap(c, w) or [""] for c, w in zip(cells, widths)]
        height = max(len(w) for w in wrapped)
        return [
            "  ".join((w[i] if i < len(w) else "").ljust(width) for w, width in zip(wrapped, widths)).rstrip()
            for i in range(height)
        ]

    lines = fmt(headers)
    lines.append("  ".join("-" * w for w in widths))
    for row in rows:
        lines.extend(fmt(row))
    return "\n".join(lines)


def entity_table(record: Record) -> str:
    rows = [
        [e.id, e.label, e.name, ", ".join(e.aliases), str(len(e.mentions)), e.description.text if e.description else ""]
        for e in record.entities
    ]
    return _table(["id", "label", "name", "aliases", "n", "description"], rows, [4, 7, 24, 24, 3, 40])


def clause_table(record: Record) -> str:
    rows = []
    for c in record.clauses:
        scope = "; ".join(f"{k}: {', '.join(v)}" for k, v in c.scope.to_dict().items() if v)
        rel = ", ".join(f"{r.type} {r.target}" for r in c.relations)
        kind = c.type + (" (negiert)" if c.negated else "")
        mods = ", ".join(m.value + (f" ({m.detail})" if m.detail and m.detail != m.text else "") for m in c.modifiers)
        rows.append([c.id, kind, c.sentence, c.text, scope, rel, mods])
    return _table(["id", "type", "sent", "text", "scope", "relations", "modifiers"], rows, [4, 14, 4, 50, 30, 14, 20])
