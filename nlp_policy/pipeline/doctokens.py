"""Per-doc reads that spaCy rebuilds on every access, made once.

``doc.text`` joins every token anew on each access, and ``doc[i]`` (or
iterating a doc) creates a new ``Token`` object each time: the rule code of
the components reads the same tokens many times over, so these helpers read
them once. They never change what the components find.
"""

from __future__ import annotations

import weakref
from typing import Iterable

from spacy.tokens import Doc, Token

# A doc's text never changes (retokenizing splits and merges tokens, never
# characters), so it is kept per doc object for as long as the doc lives.
_TEXTS: "weakref.WeakKeyDictionary[Doc, str]" = weakref.WeakKeyDictionary()


def doc_text(doc: Doc) -> str:
    """``doc.text``, built once per doc.

    doc (Doc): the doc.
    RETURNS (str): its verbatim text.
    """
    text = _TEXTS.get(doc)
    if text is None:
        text = _TEXTS[doc] = doc.text
    return text


class _Read:
    """A token whose most-read attributes are plain Python values.

    Reading ``Token.text`` decodes a new string on every access, and the rules
    read the same tokens' text many times. The other attributes are the
    token's own (read through to it).
    """

    __slots__ = ("token", "text", "lower_", "whitespace_", "is_space", "is_punct", "i")

    def __init__(self, token: Token):
        self.token = token
        self.text = token.text
        self.lower_ = token.lower_
        self.whitespace_ = token.whitespace_
        self.is_space = token.is_space
        self.is_punct = token.is_punct
        self.i = token.i

    def __getattr__(self, name: str):
        return getattr(self.token, name)


class TokenList(list):
    """The tokens of a doc, created once, indexable like the doc.

    ``tokens[i]`` is the doc's token i; a slice is a list of tokens (not a
    ``Span``: use :func:`tokens_text` for its text). Other attributes are the
    doc's. Valid only until the doc is retokenized: make one per component call.
    """

    __slots__ = ("doc",)

    def __init__(self, doc: Doc):
        super().__init__(_Read(t) for t in doc)
        self.doc = doc

    def __getattr__(self, name: str):
        if name == "doc":  # not yet set (unpickling): no recursion
            raise AttributeError(name)
        return getattr(self.doc, name)


def tokens_text(tokens: Iterable[Token]) -> str:
    """The text of consecutive tokens, as ``Span.text`` gives it (no trailing whitespace)."""
    tokens = list(tokens)
    if not tokens:
        return ""
    return "".join(t.text_with_ws for t in tokens[:-1]) + tokens[-1].text
