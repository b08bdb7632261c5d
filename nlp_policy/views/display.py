"""Showing a record with displaCy in a notebook.

    >>> from spacy import displacy
    >>> from nlp_policy.views.display import displacy_data, displacy_options
    >>> displacy.render(displacy_data(record, text), style="span", manual=True,
    ...                 options=displacy_options())

displaCy's span style works on tokens, not characters. The text is cut at
whitespace and at every highlight boundary, so that each clause and entity
mention covers whole tokens and the highlights are exact.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from typing import Any

from nlp_policy.views.palette import CLAUSE_COLORS, ENTITY_COLORS
from nlp_policy.record.types import Record
from nlp_policy.views.report import check_text, document_text

__all__ = ["displacy_data", "displacy_options", "document_text"]

_NON_SPACE = re.compile(r"\S+")


def _spans(record: Record) -> list[tuple[int, int, str]]:
    spans = [(c.start, c.end, c.type) for c in record.clauses]
    spans += [(m.start, m.end, e.label) for e in record.entities for m in e.mentions]
    return [s for s in spans if s[0] < s[1]]


def displacy_data(record: Record, text: str | None = None) -> dict[str, Any]:
    """The manual-mode input of ``displacy.render(..., style="span", manual=True)``.

    Clause spans are labelled with their type (``prohibition``), entity
    mentions with their label (``ORG``).
    text (str | None): the document text; read from ``record.document.path`` when None.
    RETURNS (dict): ``{"text", "tokens", "spans", "title"}``.
    RAISES RecordError: the text does not match the record.
    """
    if text is None:
        text = document_text(record)
    check_text(record, text)
    spans = _spans(record)
    cuts = sorted({p for s in spans for p in s[:2]})
    tokens: list[tuple[int, int]] = []
    for word in _NON_SPACE.finditer(text):
        start = word.start()
        i = bisect_right(cuts, start)
        while i < len(cuts) and cuts[i] < word.end():
            tokens.append((start, cuts[i]))
            start = cuts[i]
            i += 1
        tokens.append((start, word.end()))
    token_at_start = {s: i for i, (s, _) in enumerate(tokens)}
    token_at_end = {e: i + 1 for i, (_, e) in enumerate(tokens)}
    out = []
    for start, end, label in sorted(spans):
        # Spans start and end on non-space characters; skip any that do not.
        if start in token_at_start and end in token_at_end:
            out.append({"start_token": token_at_start[start], "end_token": token_at_end[end], "label": label})
    return {
        "text": text,
        "tokens": [text[s:e] for s, e in tokens],
        "spans": out,
        "title": record.document.id,
    }


def displacy_options() -> dict[str, Any]:
    """displaCy options with the report's colours (one per clause type and entity label)."""
    return {"colors": {**{k.upper(): v for k, v in CLAUSE_COLORS.items()}, **ENTITY_COLORS}}
