"""Per-doc reads that spaCy rebuilds on every access, made once.

``doc.text`` joins every token anew on each access, and ``doc[i]`` (or
iterating a doc) creates a new ``Token`` object each time: the rule code of
the components reads the same tokens many times over, so these helpers read
them once. They never change what the components find.
"""

from __future__ import annotations

import weakref
from typing import Iterable

from spacy.attrs import ORTH, SPACY
from spacy.tokens import Doc, Token

# A doc's text never changes (retokenizing splits and merges tokens, never
# characters), so it is kept per doc object for as long as the doc lives.
_TEXTS: "weakref.WeakKeyDictionary[Doc, str]" = weakref.WeakKeyDictionary()

#: string id -> string, for the ids of token texts and lower-case forms (ids are
#: hashes of the strings, the same in every vocab); bounded for long runs
_STRINGS: dict[int, str] = {}


def doc_text(doc: Doc) -> str:
    """``doc.text``, built once per doc.

    doc (Doc): the doc.
    RETURNS (str): its verbatim text.
    """
    text = _TEXTS.get(doc)
    if text is None:
        text = _TEXTS[doc] = _joined(doc)
    return text


def _joined(doc: Doc) -> str:
    """``doc.text`` (each token's text and its trailing space) from one array read,
    without making a ``Token`` per token."""
    if not len(doc):
        return ""
    memo = _STRINGS
    if len(memo) > 200_000:
        memo.clear()
    strings = doc.vocab.strings
    parts = []
    for orth, space in doc.to_array([ORTH, SPACY]).tolist():
        text = memo.get(orth)
        if text is None:
            text = memo[orth] = strings[orth]
        parts.append(text + " " if space else text)
    return "".join(parts)


class _Read:
    """A token whose most-read attributes are plain Python values.

    Reading ``Token.text`` decodes a new string on every access, and the rules
    read the same tokens' text many times. The other attributes are the
    token's own (read through to it; the ``Token`` object is made on the first
    such read, most tokens never need one).
    """

    __slots__ = ("_doc", "_token", "text", "lower_", "whitespace_", "is_space", "is_punct", "i")

    def __init__(self, doc: Doc, i: int, text: str, lower_: str, whitespace_: str, is_space: bool, is_punct: bool):
        self._doc = doc
        self._token = None
        self.text = text
        self.lower_ = lower_
        self.whitespace_ = whitespace_
        self.is_space = is_space
        self.is_punct = is_punct
        self.i = i

    @property
    def token(self) -> Token:
        """The doc's token (made once)."""
        if self._token is None:
            self._token = self._doc[self.i]
        return self._token

    def __getattr__(self, name: str):
        if name.startswith("_"):  # unset slots (unpickling): no recursion
            raise AttributeError(name)
        return getattr(self.token, name)



def token_texts(doc: Doc) -> list[str]:
    """``[t.text for t in doc]`` without making the Token objects (one array read)."""
    memo = _STRINGS
    if len(memo) > 200_000:
        memo.clear()
    strings = doc.vocab.strings
    out = []
    for orth in doc.to_array(ORTH).tolist() if len(doc) else ():
        text = memo.get(orth)
        if text is None:
            text = memo[orth] = strings[orth]
        out.append(text)
    return out


#: id of a vocab -> (the vocab, orth id -> (text, lower case, is_space, is_punct) of its
#: lexeme); the flags are the vocab's, so each vocab has its own memo. Bounded: a few
#: vocabs (a vocab takes no weak reference, so the memos of old ones are dropped), and
#: a memo's words for long runs. (A lexeme's flags set by hand after its first doc,
#: ``vocab["x"].is_punct = True``, are not seen; the pipeline never sets them.)
_LEXEMES: dict[int, tuple[object, dict[int, tuple[str, str, bool, bool]]]] = {}
_MAX_VOCABS = 4


def _lexeme_memo(vocab) -> dict[int, tuple[str, str, bool, bool]]:
    """The lexeme memo of a vocab (see ``_LEXEMES``)."""
    entry = _LEXEMES.get(id(vocab))
    if entry is None or entry[0] is not vocab or len(entry[1]) > 200_000:
        if entry is None and len(_LEXEMES) >= _MAX_VOCABS:
            _LEXEMES.clear()
        entry = _LEXEMES[id(vocab)] = (vocab, {})
    return entry[1]


class TokenList(list):
    """The tokens of a doc, created once, indexable like the doc.

    ``tokens[i]`` is the doc's token i; a slice is a list of tokens (not a
    ``Span``: use :func:`tokens_text` for its text). Other attributes are the
    doc's. Valid only until the doc is retokenized: make one per component call.
    """

    __slots__ = ("doc",)

    def __init__(self, doc: Doc):
        # one array read instead of a Token object and five reads per token; a word's
        # text, lower case and flags are its lexeme's, read once per word
        rows = doc.to_array([ORTH, SPACY]).tolist() if len(doc) else []
        memo = _lexeme_memo(doc.vocab)
        vocab = doc.vocab
        views = []
        append = views.append
        for i, (orth, space) in enumerate(rows):
            word = memo.get(orth)
            if word is None:
                lex = vocab[orth]
                word = memo[orth] = (lex.orth_, lex.lower_, lex.is_space, lex.is_punct)
            append(_Read(doc, i, word[0], word[1], " " if space else "", word[2], word[3]))
        super().__init__(views)
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
