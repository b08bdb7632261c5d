"""Sentence segmentation for German news text, noisy or not.

Rules, in order: a paragraph break (blank line) always ends a sentence; a
single line break ends one after final punctuation or after a headline-like
short line; ``.``, ``!`` and ``?`` end one unless the word before is a German
abbreviation (``z. B.``, ``Dr.``, ``bzw.``, ...), an initial, or an ordinal
number followed by a month or a lowercase word (``20. März``).
"""

from __future__ import annotations

from functools import lru_cache

import numpy
from spacy.attrs import IS_SPACE, SENT_START
from spacy.language import Language
from spacy.tokens import Doc, Token

from nlp_policy.pipeline.batching import BatchPipe
from nlp_policy.pipeline.doctokens import doc_text, token_texts
from nlp_policy.resources import load_json

_FINAL = {".", "!", "?", "…"}
_CLOSERS = {'"', "“", "”", "»", "«", "'", "’", ")", "]"}


#: The last characters of a token that :meth:`PolicySentencizer._ends_sentence` can accept.
_ENDERS = frozenset({".", "!", "?"})


class PolicySentencizer(BatchPipe):
    """Set ``token.is_sent_start`` on every token of a doc."""

    def __init__(self, nlp: Language, name: str = "policy_sentencizer", *, headline_ratio: float = 0.8):
        """headline_ratio (float): a line shorter than this share of the document's
        longest line, and not ending in punctuation, counts as a headline."""
        self.name = name
        self.headline_ratio = headline_ratio
        data = load_json("segmentation.json")
        self.abbreviations = {a.lower() for a in data["abbreviations"]}
        self.months = {m.lower() for m in data["months"]}
        self.ordinal_openers = frozenset(w.lower() for w in data.get("ordinal_openers", ()))

    def __call__(self, doc: Doc) -> Doc:
        boundaries = self.find_boundaries(doc)
        if len(doc) and doc.has_annotation("DEP"):  # an empty doc "has" every annotation
            raise ValueError(f"{self.name} must run before the parser (the doc already has dependencies)")
        # One array write: setting ``token.is_sent_start`` token by token checks
        # the whole doc for a parse each time, quadratic on long documents.
        starts = numpy.full((len(doc), 1), -1, dtype="int32")  # 1 starts a sentence, -1 does not
        for i in boundaries:
            starts[i, 0] = 1
        if len(doc):
            doc.from_array([SENT_START], starts.astype("uint64"))
        return doc

    # -- finding -----------------------------------------------------------
    def find_boundaries(self, doc: Doc) -> set[int]:
        """Indices of the tokens that start a sentence."""
        if not len(doc):
            return set()
        text = doc_text(doc)  # spaCy builds doc.text on every access: read it once
        longest = max((len(line) for line in text.splitlines()), default=0)
        starts = {0}
        # the words and their space flags read as arrays: most tokens are looked at only here
        # (a token's whitespace_ is " " or "", never a line break, so it ends nothing)
        words = token_texts(doc)
        spaces = doc.to_array(IS_SPACE).tolist()
        for i in range(len(doc) - 1):
            nxt = i + 1
            word = words[i]
            if spaces[i]:
                if "\n" in word and self._line_break_ends(doc, i, longest, text):
                    starts.add(self._next_content(doc, nxt))
                continue
            # only a token ending in . ! ? (or an ellipsis) can end a sentence: see _ends_sentence
            if (word[-1:] in _ENDERS or word == "…") and self._ends_sentence(doc, i):
                # attach closing quotes/brackets to the sentence they close
                j = nxt
                while j < len(doc) and doc[j].text in _CLOSERS and not doc[j - 1].whitespace_:
                    j += 1
                if j < len(doc):
                    starts.add(self._next_content(doc, j))
        return {s for s in starts if s < len(doc)}

    @staticmethod
    def _next_content(doc: Doc, i: int) -> int:
        while i < len(doc) and doc[i].is_space:
            i += 1
        return i

    def _line_break_ends(self, doc: Doc, i: int, longest: int, text: str | None = None) -> bool:
        space = doc[i]
        if space.text.count("\n") >= 2:
            return True
        if i == 0:
            return True
        prev = doc[i - 1]
        if prev.text[-1:] in _FINAL or prev.text in _CLOSERS or prev.text.endswith(":"):
            return True
        if prev.text[-1:] in {",", ";", "-", "–"}:
            return False
        line_start = (doc.text if text is None else text).rfind("\n", 0, prev.idx) + 1
        line_len = prev.idx + len(prev.text) - line_start
        return line_len < self.headline_ratio * longest

    def _ends_sentence(self, doc: Doc, i: int) -> bool:
        token = doc[i]
        text = token.text
        if text in {"!", "?", "…"} or (len(text) > 1 and text[-1] in "!?"):
            return self._next_starts(doc, i + 1)
        if not text.endswith("."):
            return False
        if text == ".":
            if i == 0:
                return False
            prev = doc[i - 1]
            if not prev.whitespace_ and self._is_abbreviation(prev.text + "."):
                return False
            if not prev.whitespace_ and len(prev.text) == 1 and prev.text.isupper():
                return False  # an initial: "J. Smith"
            return self._next_starts(doc, i + 1)
        if self._is_abbreviation(text) or (len(text) == 2 and text[0].isalpha()):
            return False
        if text[:-1].isdigit():
            if len(text) <= 3 and i > 0 and doc[i - 1].lower_ in self.ordinal_openers:
                return False  # "Der 1. Senat", "die 2. Kammer": an ordinal, not a sentence end
            return self._after_ordinal_ends(doc, i + 1)
        return self._next_starts(doc, i + 1)

    def _is_abbreviation(self, text: str) -> bool:
        return text.lower() in self.abbreviations

    def _next_starts(self, doc: Doc, j: int) -> bool:
        j = self._skip_closers(doc, j)
        if j >= len(doc):
            return False
        nxt = doc[j]
        first = nxt.text[:1]
        return first.isupper() or first.isdigit() or first in {'"', "„", "“", "»", "(", "-", "–"} or nxt.is_space

    def _skip_closers(self, doc: Doc, j: int) -> int:
        while j < len(doc) and doc[j].text in _CLOSERS:
            j += 1
        return j

    def _after_ordinal_ends(self, doc: Doc, j: int) -> bool:
        if j >= len(doc):
            return False
        nxt: Token = doc[j]
        if nxt.text.lower().rstrip(".") in self.months or nxt.text[:1].islower() or nxt.text[:1].isdigit():
            return False
        return self._next_starts(doc, j)


@lru_cache(maxsize=1)
def _default_segmenter() -> PolicySentencizer:
    return PolicySentencizer(None)


def ensure_sentences(doc: Doc) -> Doc:
    """Give ``doc`` sentence boundaries from the project's segmenter when it has
    none (``spacy.blank("de")`` with no sentencizer or parser); boundaries set
    by a sentencizer, a senter or a parser are kept.

    A component that reads ``doc.sents`` calls this first, so that it also runs
    in a pipeline that sets no sentences instead of failing with spaCy's E030.
    """
    if len(doc) and not doc.has_annotation("SENT_START") and not doc.has_annotation("DEP"):
        _default_segmenter()(doc)
    return doc


@Language.factory(
    "policy_sentencizer",
    assigns=["token.is_sent_start"],
    default_config={"headline_ratio": 0.8},
)
def make_policy_sentencizer(nlp: Language, name: str, headline_ratio: float) -> PolicySentencizer:
    return PolicySentencizer(nlp, name, headline_ratio=headline_ratio)
