"""Input formats: which one a document is, and the plain text to analyse.

Plain text is analysed as decoded. HTML pages (``.html``/``.htm``, or any file
that starts like one) and Markdown (``.md``/``.markdown``) are turned into the
plain text a reader sees (:mod:`nlp_policy.text.html`,
:mod:`nlp_policy.text.markdown`); that text is what the record's offsets
point into, and the record keeps it.
"""

from __future__ import annotations

from pathlib import Path

from nlp_policy.errors import InputError

FORMATS = ("auto", "text", "html", "markdown")
_SUFFIXES = {".html": "html", ".htm": "html", ".xhtml": "html", ".md": "markdown", ".markdown": "markdown"}


def detect_format(path: Path | None, text: str, requested: str = "auto") -> str:
    """``text``, ``html`` or ``markdown``: the requested format, else the file
    suffix, else HTML when the text starts like a page, else plain text.

    RAISES InputError: an unknown requested format.
    """
    if requested not in FORMATS:
        raise InputError(f"unknown input format {requested!r}; choose one of {', '.join(FORMATS)}")
    if requested != "auto":
        return requested
    if path is not None and path.suffix.lower() in _SUFFIXES:
        return _SUFFIXES[path.suffix.lower()]
    from nlp_policy.text.html import looks_like_html

    return "html" if looks_like_html(text) else "text"


def source_details(source) -> dict:
    """The provenance fields of ``DocumentInfo`` that depend on the format of a
    ``SourceText``: the format, and for pages (HTML, Markdown) the analysed
    text, URL and date (None for plain text, whose file is the text)."""
    if source.source_format == "text":
        return {"source_format": "text", "text": None, "url": None, "published": None}
    return {"source_format": source.source_format, "text": source.text, "url": source.url, "published": source.published}


def convert(text: str, fmt: str, *, name: str) -> tuple[str, dict]:
    """The plain text of a decoded document in format ``fmt``, and the page's
    metadata (``url``, ``published``) where it has any.

    The plain text of a page is also cleaned (invisible characters, NFC): it
    is the analysed text itself, so no offset map is needed for it.
    RAISES InputError: an HTML page without article text.
    """
    from nlp_policy.text.clean import clean

    if fmt == "html":
        from nlp_policy.text.html import page_text

        page = page_text(text, name=name)
        return clean(page.text).text, {"url": page.url, "published": page.published}
    if fmt == "markdown":
        from nlp_policy.text.markdown import markdown_text

        return clean(markdown_text(text)).text, {}
    return text, {}
