"""Showing clauses and entities with displaCy in a notebook.

    >>> from nlp_policy.views.display import render
    >>> render(record)          # a Record (its text is read or kept in the record)
    >>> render(nlp("..."))      # a Doc from any pipeline with the policy components

In a notebook the spans are drawn inline; elsewhere :func:`render` returns the
HTML. Clause spans are labelled with their type and their modifiers
(``prohibition · temporary, reported``): ``Clause.modifiers`` of a record, or
``span._.modifiers`` of a Doc when a component sets it.

The lower-level pieces give displaCy's manual format:

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

__all__ = ["clause_label", "displacy_data", "displacy_options", "doc_data", "document_text", "render"]

_NON_SPACE = re.compile(r"\S+")


def clause_label(clause_type: str, modifiers: Any = ()) -> str:
    """A clause's displaCy label: its type, then its modifiers' values
    (``prohibition · temporary, planned``). Modifiers may be ``Modifier``
    objects, their dicts, or plain strings."""
    values = []
    for m in modifiers or ():
        value = m.get("value") if isinstance(m, dict) else getattr(m, "value", m)
        if value and str(value) not in values:
            values.append(str(value))
    return f"{clause_type} · {', '.join(values)}" if values else clause_type


def _spans(record: Record, *, modifiers: bool = False) -> list[tuple[int, int, str]]:
    spans = [(c.start, c.end, clause_label(c.type, c.modifiers) if modifiers else c.type) for c in record.clauses]
    spans += [(m.start, m.end, e.label) for e in record.entities for m in e.mentions]
    return [s for s in spans if s[0] < s[1]]


def displacy_data(record: Record, text: str | None = None, *, modifiers: bool = False) -> dict[str, Any]:
    """The manual-mode input of ``displacy.render(..., style="span", manual=True)``.

    Clause spans are labelled with their type (``prohibition``), entity
    mentions with their label (``ORG``).
    text (str | None): the document text; read from ``record.document.path`` when None.
    modifiers (bool): label clauses with their modifiers too (:func:`clause_label`).
    RETURNS (dict): ``{"text", "tokens", "spans", "title"}``.
    RAISES RecordError: the text does not match the record.
    """
    if text is None:
        text = document_text(record)
    check_text(record, text)
    spans = _spans(record, modifiers=modifiers)
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


def displacy_options(labels: Any = ()) -> dict[str, Any]:
    """displaCy options with the report's colours (one per clause type and entity label).

    labels (Iterable[str]): labels with modifiers (``prohibition · temporary``)
        to colour like their clause type.
    """
    colors = {**{k.upper(): v for k, v in CLAUSE_COLORS.items()}, **ENTITY_COLORS}
    for label in labels:
        base = label.split(" · ")[0]
        if base in CLAUSE_COLORS:
            colors[label.upper()] = CLAUSE_COLORS[base]
    return {"colors": colors}


def doc_data(doc: Any) -> dict[str, Any]:
    """The manual-mode displaCy input for a spaCy Doc processed by the policy
    components: clause spans (with ``span._.modifiers`` when that extension
    exists) and entity mentions."""
    from spacy.tokens import Span

    with_modifiers = Span.has_extension("modifiers")
    spans = []
    for span in doc.spans.get("policy_clauses", []):
        mods = span._.modifiers if with_modifiers else ()
        spans.append({"start_token": span.start, "end_token": span.end, "label": clause_label(span.label_, mods)})
    for span in doc.spans.get("policy_entities", []):
        spans.append({"start_token": span.start, "end_token": span.end, "label": span.label_})
    spans.sort(key=lambda s: (s["start_token"], -s["end_token"]))
    return {"text": doc.text, "tokens": [t.text for t in doc], "spans": spans, "title": None}


def render(obj: Any, text: str | None = None, *, jupyter: bool | None = None) -> str:
    """Draw the clauses (type and modifiers) and entities of a Record or a Doc with displaCy.

    obj (Record | Doc): a record (``text`` as for :func:`displacy_data`) or a
        Doc from a pipeline with ``policy_clauses``.
    jupyter (bool | None): None draws inline in a notebook and returns the HTML elsewhere.
    RETURNS (str): the HTML (also when drawn in a notebook).
    """
    from spacy import displacy

    data = displacy_data(obj, text, modifiers=True) if isinstance(obj, Record) else doc_data(obj)
    options = displacy_options({s["label"] for s in data["spans"]})
    html = displacy.render(data, style="span", manual=True, options=options, jupyter=False)
    if jupyter or (jupyter is None and _in_notebook()):
        displacy.render(data, style="span", manual=True, options=options, jupyter=True)
    return html


def _in_notebook() -> bool:
    try:
        from IPython import get_ipython
    except ImportError:
        return False
    shell = get_ipython()
    return shell is not None and shell.__class__.__name__ == "ZMQInteractiveShell"
