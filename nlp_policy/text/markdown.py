"""Markdown: the plain text a reader sees, without markup characters.

Parsed with markdown-it-py (CommonMark, with tables): headings, paragraphs,
list items, quotations and table rows each become one paragraph of the
analysed text (blocks separated by a blank line, so each ends a sentence);
emphasis, link targets, image addresses and raw HTML are dropped, link and
image texts kept; code blocks are not article text and are left out. Offsets
of the record point into this plain text.
"""

from __future__ import annotations

import re

_SPACE = re.compile(r"[ \t]+")
_PARAGRAPH_LIKE = {"paragraph_open", "heading_open", "th_open", "td_open"}


def _inline(token) -> str:
    parts: list[str] = []
    for child in token.children or []:
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type == "softbreak":
            parts.append(" ")
        elif child.type == "hardbreak":
            parts.append("\n")
        elif child.type == "image":
            parts.append(_inline(child))  # its alt text
    return _SPACE.sub(" ", "".join(parts)).strip()


def markdown_text(source: str) -> str:
    """The plain text of a Markdown document, one block per paragraph."""
    from markdown_it import MarkdownIt

    tokens = MarkdownIt("commonmark").enable("table").enable("strikethrough").parse(source)
    blocks: list[str] = []
    row: list[str] | None = None
    for token in tokens:
        if token.type == "tr_open":
            row = []
        elif token.type == "tr_close":
            if row and any(row):
                blocks.append(" | ".join(c for c in row if c))
            row = None
        elif token.type == "inline":
            text = _inline(token)
            if row is not None:
                row.append(text)
            elif text:
                blocks.append(text)
    return "\n\n".join(blocks) + ("\n" if blocks else "")
