"""A self-contained HTML report of one record.

The page shows the document text with clause highlights (one colour per
clause type), entity mentions (one colour per label) and time expressions, a
legend, and tables of the clauses, entities and timeline. It has inline CSS
only, no scripts and no external assets, and a Content-Security-Policy that
forbids loading anything, so it opens the same offline, from a mail or an
archive.

Stable hooks for tests and styling: highlights are ``span.clause.clause-TYPE``
(``data-clause-id``), ``span.entity.entity-LABEL`` (``data-entity-id``) and
``span.time`` (``data-time-id``), each with ``data-start``/``data-end`` (the
span's character offsets) and a ``title`` for hovering; tables are
``#clause-table``, ``#entity-table`` and ``#timeline-table``.
"""

from __future__ import annotations

from html import escape
from pathlib import Path

from nlp_policy import __version__
from nlp_policy.views import markup
from nlp_policy.errors import RecordError, display_path
from nlp_policy.record.jsonio import write_text
from nlp_policy.views.palette import (
    CLAUSE_COLORS,
    ENTITY_COLORS,
    FALLBACK_COLOR,
    TIME_COLOR,
    clause_type_de,
    entity_label_de,
    relation_phrases,
    scope_text,
    words,
    yes_no,
)
from nlp_policy.record.types import CLAUSE_TYPES, ENTITY_LABELS, Record
from nlp_policy.text.reading import read_document, sha256_text

_CSS = """
body { font-family: system-ui, sans-serif; margin: 2rem auto; max-width: 68rem; padding: 0 1rem; color: #222; }
h1 { font-size: 1.4rem; } h2 { font-size: 1.15rem; margin-top: 2rem; }
.meta { color: #555; font-size: .85rem; }
.article { white-space: pre-wrap; line-height: 1.9; border: 1px solid #ddd; padding: 1rem; border-radius: 6px; }
.clause { border-radius: 3px; padding: 1px 0; }
.entity { border-bottom: 3px solid; font-weight: 600; }
.time { border-bottom: 2px dotted %(time)s; }
.legend { display: flex; flex-wrap: wrap; gap: .4rem .8rem; font-size: .85rem; padding: 0; list-style: none; }
.swatch { display: inline-block; width: 1em; height: 1em; vertical-align: -.15em; margin-right: .3em; border-radius: 2px; }
.swatch.line { height: .3em; vertical-align: .15em; }
table { border-collapse: collapse; width: 100%%; font-size: .9rem; }
th, td { border: 1px solid #ddd; padding: .3rem .5rem; text-align: left; vertical-align: top; }
th { background: #f5f5f5; }
.empty { color: #777; font-style: italic; }
.kind { white-space: nowrap; }
"""


def _color_rules() -> str:
    rules = [f".clause-{t} {{ background: {c}; }}" for t, c in CLAUSE_COLORS.items()]
    rules += [f".entity-{label} {{ border-bottom-color: {c}; }}" for label, c in ENTITY_COLORS.items()]
    return "\n".join(rules)


def document_text(record: Record) -> str:
    """Read the text a record was extracted from (``record.document.path``).

    RAISES RecordError: the record has no path, or the file changed since.
    """
    info = record.document
    if info.text is not None:  # a page (HTML, Markdown): the record keeps the analysed text
        check_text(record, info.text)
        return info.text
    if not info.path:
        raise RecordError("the record has no document path (it was extracted from a string); pass the text yourself")
    # Detection first: a text decoded with replacements (a few bad UTF-8
    # bytes, cp1252's undefined bytes) cannot be decoded again strictly.
    text = read_document(info.path, max_chars=None).text
    if sha256_text(text) != info.sha256:
        text = read_document(info.path, encoding=info.encoding, max_chars=None).text
    check_text(record, text)
    return text


def check_text(record: Record, text: str) -> None:
    """RAISES RecordError: ``text`` is not the text the record was extracted from."""
    if sha256_text(text) != record.document.sha256:
        raise RecordError(
            f"the text does not match record {record.document.id} (different SHA-256); "
            "re-extract the record from this text"
        )


def _clause_title(record: Record, clause) -> str:
    lines = [
        f"{clause.id}: {clause_type_de(clause.type)} ({clause.type})",
        f"negiert: {yes_no(clause.negated)}",
        f"Geltungsbereich: {scope_text(clause.scope) or '–'}",
    ]
    relations = relation_phrases(record, clause)
    if relations:
        lines.append("Bezüge: " + ", ".join(relations))
    return "\n".join(lines)


def marks(record: Record) -> list[markup.Mark]:
    """The highlights of a record: clauses (outermost), time expressions, entity mentions."""
    out = []
    for c in record.clauses:
        out.append(
            markup.Mark(
                c.start, c.end, rank=0, classes=("clause", f"clause-{c.type}"), anchor=f"clause-{c.id}",
                attrs=(("data-clause-id", c.id), ("data-start", str(c.start)), ("data-end", str(c.end)),
                       ("title", _clause_title(record, c))),
            )
        )
    kinds = words()["time_kinds"]
    for t in record.timeline:
        title = f"{t.id}: {kinds.get(t.kind, t.kind)}" + (f" = {t.value}" if t.value else "")
        out.append(
            markup.Mark(
                t.start, t.end, rank=1, classes=("time",),
                attrs=(("data-time-id", t.id), ("data-start", str(t.start)), ("data-end", str(t.end)), ("title", title)),
            )
        )
    for e in record.entities:
        title = f"{e.id}: {e.name} – {entity_label_de(e.label)} ({e.label})"
        if e.description:
            title += f"\n{e.description.text}"
        for m in e.mentions:
            out.append(
                markup.Mark(
                    m.start, m.end, rank=2, classes=("entity", f"entity-{e.label}"),
                    attrs=(("data-entity-id", e.id), ("data-start", str(m.start)), ("data-end", str(m.end)),
                           ("title", title)),
                )
            )
    return out


def _legend(record: Record) -> str:
    items = []
    for t in CLAUSE_TYPES:
        n = sum(c.type == t for c in record.clauses)
        items.append(
            f'<li class="legend-clause-{t}"><span class="swatch clause-{t}"></span>'
            f"{escape(clause_type_de(t))} ({n})</li>"
        )
    for label in ENTITY_LABELS:
        n = sum(e.label == label for e in record.entities)
        items.append(
            f'<li class="legend-entity-{label}"><span class="swatch line" style="background: {ENTITY_COLORS[label]}">'
            f"</span>{escape(entity_label_de(label))} ({n})</li>"
        )
    items.append(f'<li class="legend-time"><span class="swatch line" style="background: {TIME_COLOR}"></span>Zeitangabe ({len(record.timeline)})</li>')
    return f'<ul class="legend" id="legend">{"".join(items)}</ul>'


def _table(table_id: str, headers: list[str], rows: list[list[str]], row_attrs: list[str]) -> str:
    if not rows:
        return f'<p class="empty" id="{table_id}-empty">Keine Einträge.</p>'
    head = "".join(f"<th>{escape(h)}</th>" for h in headers)
    body = "".join(f"<tr {attrs}>" + "".join(f"<td>{cell}</td>" for cell in row) + "</tr>" for row, attrs in zip(rows, row_attrs))
    return f'<table id="{table_id}"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'


def _clause_table(record: Record) -> str:
    rows, attrs = [], []
    for c in record.clauses:
        color = CLAUSE_COLORS.get(c.type, FALLBACK_COLOR)
        rows.append([
            f'<a href="#clause-{escape(c.id)}">{escape(c.id)}</a>',
            f'<span class="kind"><span class="swatch" style="background: {color}"></span>{escape(clause_type_de(c.type))}</span>',
            escape(yes_no(c.negated)),
            escape(c.text),
            escape(scope_text(c.scope)),
            escape(", ".join(relation_phrases(record, c))),
            escape(c.sentence),
        ])
        attrs.append(f'data-clause-id="{escape(c.id)}"')
    headers = ["id", "Typ", "negiert", "Text", "Geltungsbereich", "Bezüge", "Satz"]
    return _table("clause-table", headers, rows, attrs)


def _entity_table(record: Record) -> str:
    rows, attrs = [], []
    for e in record.entities:
        color = ENTITY_COLORS.get(e.label, FALLBACK_COLOR)
        rows.append([
            escape(e.id),
            escape(e.name),
            f'<span class="kind"><span class="swatch line" style="background: {color}"></span>{escape(entity_label_de(e.label))}</span>',
            escape(", ".join(e.aliases)),
            str(len(e.mentions)),
            escape(e.description.text) if e.description else "",
        ])
        attrs.append(f'data-entity-id="{escape(e.id)}"')
    return _table("entity-table", ["id", "Name", "Art", "Aliasse", "Erwähnungen", "Beschreibung"], rows, attrs)


def _timeline_table(record: Record) -> str:
    kinds = words()["time_kinds"]
    rows = [
        [escape(t.id), escape(t.text), escape(kinds.get(t.kind, t.kind)), escape(t.value or ""),
         escape(t.sentence), escape(", ".join(t.anchors))]
        for t in record.timeline
    ]
    attrs = [f'data-time-id="{escape(t.id)}"' for t in record.timeline]
    return _table("timeline-table", ["id", "Ausdruck", "Art", "Wert", "Satz", "Klauseln"], rows, attrs)


def render(record: Record, text: str) -> str:
    """The report page of ``record`` for its document ``text``.

    RETURNS (str): a complete HTML document.
    RAISES RecordError: ``text`` is not the record's text.
    """
    check_text(record, text)
    info = record.document
    css = _CSS % {"time": TIME_COLOR} + _color_rules()
    meta = f"{info.id} · {info.chars} Zeichen · Backend {info.backend} · Pipeline {info.pipeline_version}"
    return f"""<!DOCTYPE html>
<html lang="de">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>nlp-policy: {escape(info.id)}</title>
<style>{css}</style>
</head>
<body>
<h1>Regeln und Korrekturen in {escape(display_path(Path(info.path).name) if info.path else info.id)}</h1>
<p class="meta">{escape(meta)}</p>
<h2 id="text">Text</h2>
{_legend(record)}
<div class="article" id="article">{markup.render(text, marks(record))}</div>
<h2 id="clauses">Klauseln</h2>
{_clause_table(record)}
<h2 id="entities">Entitäten</h2>
{_entity_table(record)}
<h2 id="timeline">Zeitangaben</h2>
{_timeline_table(record)}
<p class="meta">Erzeugt mit nlp-policy {escape(__version__)}.</p>
</body>
</html>
"""


def write_report(record: Record, path: str | Path, text: str | None = None) -> Path:
    """Write the report of ``record`` to ``path`` atomically.

    text (str | None): the document text; read from ``record.document.path`` when None.
    RETURNS (Path): the path written.
    RAISES RecordError: the text cannot be had or does not match. OutputError: cannot write.
    """
    html = render(record, text if text is not None else document_text(record))
    write_text(path, html)
    return Path(path)
