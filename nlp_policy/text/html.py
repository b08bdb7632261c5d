"""HTML pages: the article's main text, paragraph by paragraph, with its headline.

The main text is taken with trafilatura, which is made for news pages: it
drops navigation, scripts, styles, cookie banners and comments, and decodes
character references (``M&uuml;ller``). Each block it keeps (headline,
paragraph, list item, table row, quotation) becomes one paragraph of the
analysed text, separated by blank lines, so that the segmenter ends a
sentence at every block. The page's URL and date come from its metadata.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from nlp_policy.errors import InputError

_SPACE = re.compile(r"\s+")
_HTML_START = re.compile(
    r"\A(?:\s|<!--.*?-->|<\?xml[^>]*>)*<(?:!doctype\s+html|html|head|body|meta|title)\b", re.IGNORECASE | re.DOTALL
)
_BLOCKS = {"head", "p", "item", "row", "quote", "code", "cell"}


@dataclass(frozen=True)
class Page:
    """The readable part of a page.

    text (str): the headline and paragraphs, blocks separated by a blank line.
    title (str | None), url (str | None), published (str | None): from the metadata.
    """

    text: str
    title: str | None = None
    url: str | None = None
    published: str | None = None


def looks_like_html(text: str) -> bool:
    """True when a text starts like an HTML document (doctype, ``<html>``, ``<head>`` ...)."""
    return bool(_HTML_START.match(text[:4096]))


def _flat(text: str) -> str:
    return _SPACE.sub(" ", text).strip()


def _blocks(body) -> list[str]:
    """The text of each block of trafilatura's body tree, in order."""
    out: list[str] = []

    def visit(element) -> None:
        tag = element.tag if isinstance(element.tag, str) else ""
        children = [c for c in element if isinstance(c.tag, str)]
        if tag == "row":
            cells = [_flat("".join(c.itertext())) for c in children]
            line = " | ".join(c for c in cells if c)
            if line:
                out.append(line)
            return
        if tag in _BLOCKS and not any(c.tag in _BLOCKS or c.tag in ("list", "table") for c in children):
            line = _flat("".join(element.itertext()))
            if line:
                out.append(line)
            return
        if tag in _BLOCKS and element.text and element.text.strip():
            out.append(_flat(element.text))  # text before a nested list
        for child in children:
            visit(child)

    visit(body)
    return out


def page_text(html: str, *, name: str = "<html>") -> Page:
    """The article text of an HTML page.

    RAISES InputError: the page has no article text (only navigation, scripts, ...).
    """
    import trafilatura

    found = trafilatura.bare_extraction(html, with_metadata=True, include_comments=False, include_tables=True)
    blocks = _blocks(found.body) if found is not None and found.body is not None else []
    if not blocks:
        raise InputError(
            f"{name}: is an HTML page without article text (only navigation, scripts or markup); "
            "save the article page itself, or pass its text as a .txt file"
        )
    title = _flat(found.title) if found.title else None
    if title and _flat(blocks[0]) != title and title not in blocks[:3]:
        blocks.insert(0, title)  # keep the headline when the body does not repeat it
    return Page(text="\n\n".join(blocks) + "\n", title=title, url=found.url or None, published=found.date or None)
