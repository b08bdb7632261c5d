"""Unicode hygiene: the text the pipeline sees, and the way back to the original.

Invisible or equivalent characters must not change an analysis: a soft hyphen
in ``ver\\u00adboten``, a word joiner in ``Anna\\u2060Berger``, a zero-width
space after a full stop, a non-breaking space, Windows line ends, or umlauts
in decomposed (NFD) form. :func:`clean` returns the text the pipeline
analyses, together with an offset map, so that every span found in the clean
text is cited with exact offsets into the *original* text.

Why a cleaned copy and not tokenizer rules: the invisible characters matter
everywhere (tokenizer, segmenter, regex-based rules, the lexicon lookups of
every component, the QA index); one cleaned copy fixes them all at once and
the components stay unaware of them, and mapping offsets back is a lookup.

Nothing here is language knowledge: the characters are Unicode's.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Sequence

#: Characters with no visible width that only hint at line breaking or joining.
INVISIBLE = (
    "\u00ad"  # soft hyphen
    "\u200b"  # zero-width space
    "\u200c"  # zero-width non-joiner
    "\u200d"  # zero-width joiner
    "\u2060"  # word joiner
    "\ufeff"  # zero-width no-break space (a BOM inside the text)
    "\u180e"  # Mongolian vowel separator (formerly a space)
)
#: Space characters that mean "a space" to a reader (``str.split`` agrees for most).
SPACES = "\u00a0\u2007\u202f\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2008\u2009\u200a\u205f\u3000"
#: Line and paragraph separators other than ``\n``.
LINE_BREAKS = {"\r\n": "\n", "\r": "\n", "\u2028": "\n", "\u2029": "\n\n", "\x85": "\n"}

_SPECIAL = re.compile("[" + INVISIBLE + SPACES + "\r\u2028\u2029\x85]")
_MARKS = "\u0300-\u036f\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f"
# What cleaning rewrites: a line end, an invisible character, a special
# space, or a run of combining marks (composed with the character before it).
# Matching the marks alone, not "any character followed by marks", keeps the
# scan fast: the regex engine skips ordinary text by its first character.
_SPECIAL_OR_MARKS = re.compile("\r\n|[" + INVISIBLE + SPACES + "\r\u2028\u2029\x85]|[" + _MARKS + "]+")


@dataclass(frozen=True)
class CleanText:
    """A cleaned text and the map back to the original.

    text (str): the text to analyse.
    original (str): the text as decoded.
    starts (Sequence[int] | None): ``starts[i]`` is the original offset of clean
        character ``i``; None when the text needed no cleaning.
    ends (Sequence[int] | None): ``ends[i]`` is the original offset just after
        the original character(s) that clean character ``i`` came from.
    """

    text: str
    original: str
    starts: Sequence[int] | None = None
    ends: Sequence[int] | None = None

    @property
    def identity(self) -> bool:
        """True when the clean text is the original."""
        return self.starts is None

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Original offsets of the clean span ``[start, end)``.

        Invisible characters *inside* the span stay inside it (the original
        slice is the cited text); those just outside it are not taken in.
        """
        if self.starts is None:
            return start, end
        n = len(self.text)
        if start >= n:
            return len(self.original), len(self.original)
        s = self.starts[start]
        if end <= start:
            return s, s
        return s, self.ends[min(end, n) - 1]


def clean(text: str) -> CleanText:
    """The text the pipeline should see, with a map back to ``text``.

    Removes invisible characters (soft hyphen, zero-width spaces and joiners,
    word joiner), turns non-breaking and other typographic spaces into ``" "``,
    line ends (``\\r\\n``, ``\\r``, U+2028, U+0085) into ``\\n`` and U+2029 into a
    paragraph break, and composes decomposed characters (NFC).

    RETURNS (CleanText): identity (no copy, no map) when nothing needed changing.
    """
    if not _SPECIAL.search(text) and unicodedata.is_normalized("NFC", text):
        return CleanText(text=text, original=text)
    # Segments of the original: ordinary runs (copied, mapped one to one) and
    # rewritten pieces (every clean character maps to the whole piece). The
    # maps are built with numpy in one pass: a Python loop over characters
    # took seconds on a long document.
    import numpy

    out: list[str] = []
    seg_start: list[int] = []  # original start of each segment
    seg_end: list[int] = []  # original end of each segment
    seg_len: list[int] = []  # clean characters it gives
    seg_run: list[bool] = []  # True: copied run

    def add(piece: str, a: int, b: int, run: bool) -> None:
        if piece:
            out.append(piece)
            seg_start.append(a)
            seg_end.append(b)
            seg_len.append(len(piece))
            seg_run.append(run)

    pos = 0
    for m in _SPECIAL_OR_MARKS.finditer(text):
        a, b = m.span()
        piece = m.group(0)
        marks = piece[0] not in LINE_BREAKS and piece[0] not in INVISIBLE and piece[0] not in SPACES
        base_here = marks and a > pos
        if base_here:
            a -= 1  # take the base character with its marks
        if pos < a:
            add(text[pos:a], pos, a, True)
        if marks and not base_here and out:
            # the base came before a removed character ("a\u00ad\u0308"): compose with it
            base_start = seg_end[-1] - 1 if seg_run[-1] else seg_start[-1]
            base = out[-1][-1] if seg_run[-1] else out[-1]
            if seg_run[-1] and seg_len[-1] > 1:
                out[-1], seg_end[-1], seg_len[-1] = out[-1][:-1], seg_end[-1] - 1, seg_len[-1] - 1
            else:
                for seg in (out, seg_start, seg_end, seg_len, seg_run):
                    seg.pop()
            add(unicodedata.normalize("NFC", base + piece), base_start, b, False)
        elif marks:
            add(unicodedata.normalize("NFC", text[a:b]), a, b, False)
        elif piece in LINE_BREAKS:
            add(LINE_BREAKS[piece], a, b, False)
        elif piece in SPACES:
            add(" ", a, b, False)
        pos = b  # invisible characters give nothing
    if pos < len(text):
        add(text[pos:], pos, len(text), True)
    lengths = numpy.asarray(seg_len, dtype=numpy.int64)
    first = numpy.repeat(numpy.cumsum(lengths) - lengths, lengths)  # clean index where each segment begins
    within = numpy.arange(int(lengths.sum()), dtype=numpy.int64) - first
    run = numpy.repeat(numpy.asarray(seg_run, dtype=bool), lengths)
    starts = numpy.repeat(numpy.asarray(seg_start, dtype=numpy.int64), lengths) + within * run
    ends = numpy.where(run, starts + 1, numpy.repeat(numpy.asarray(seg_end, dtype=numpy.int64), lengths))
    return CleanText(text="".join(out), original=text, starts=starts.tolist(), ends=ends.tolist())
