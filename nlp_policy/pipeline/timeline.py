"""The ``policy_timeline`` component: temporal expressions as spans.

Dates (``14.05.2019``, ``20. März 2024``), months (``im Januar``), weekdays
(``am Mittwoch``), years and relative expressions (``eine Woche, nachdem``,
``nach der Veröffentlichung``), with a normalised value where one can be
given. Patterns are data (``data/time_patterns.json``).
"""

from __future__ import annotations

import re
from bisect import bisect_left, insort
from functools import lru_cache

from spacy.language import Language
from spacy.tokens import Doc, Span

from nlp_policy.pipeline.batching import BatchPipe
from nlp_policy.pipeline import extensions as ext
from nlp_policy.pipeline.doctokens import doc_text
from nlp_policy.resources import load_json

_B = r"(?<![\wÄÖÜäöüß])"
_E = r"(?![\wÄÖÜäöüß])"


@lru_cache(maxsize=1)
def _patterns() -> tuple[list[tuple[str, re.Pattern]], dict, dict]:
    data = load_json("time_patterns.json")
    months, weekdays = data["months"], data["weekdays"]
    month_alt = "|".join(sorted((re.escape(m) for m in months), key=len, reverse=True))
    weekday_alt = "|".join(re.escape(w) for w in weekdays)
    compiled = []
    for entry in data["patterns"]:
        src = entry["pattern"].replace("{MONTH}", month_alt).replace("{WEEKDAY}", weekday_alt)
        compiled.append((entry["kind"], re.compile(_B + src + _E, re.IGNORECASE)))
    for src in data["relative"]:
        compiled.append(("relative", re.compile(_B + "(?:" + src + ")" + _E, re.IGNORECASE)))
    return compiled, months, weekdays


def normalise(kind: str, match: re.Match) -> str | None:
    """An ISO-like value for a match: ``2019-05-14``, ``--03-20``, ``2024-01``, ``--01``, ``Wednesday``, ``2024``."""
    _, months, weekdays = _patterns()
    g = match.groupdict()
    year = g.get("y")
    if year and len(year) == 2:
        year = "20" + year
    month = None
    if g.get("m"):
        month = int(g["m"])
    elif g.get("mname"):
        month = months.get(g["mname"].lower().rstrip("."))
    if kind == "date" and month and g.get("d"):
        day = int(g["d"])
        if not (1 <= month <= 12 and 1 <= day <= 31):
            return None
        return f"{year}-{month:02d}-{day:02d}" if year else f"--{month:02d}-{day:02d}"
    if kind == "month" and month:
        return f"{year}-{month:02d}" if year else f"--{month:02d}"
    if kind == "weekday" and g.get("wd"):
        return weekdays.get(g["wd"].lower())
    if kind == "year" and year:
        return year
    return None


try:  # Python 3.11+
    from re import _constants as _sre_c
    from re import _parser as _sre_p
except ImportError:  # pragma: no cover - Python 3.10
    import sre_constants as _sre_c  # type: ignore[no-redef]
    import sre_parse as _sre_p  # type: ignore[no-redef]

#: Where a pattern of ``_patterns`` can start: a word character after no word character.
_WORD_STARTS = re.compile(_B + r"\w")


def _first_items(seq) -> tuple[list[str] | None, bool]:
    """The characters (class items) a match of a parsed pattern can start with, and
    whether it can match the empty string; None when that cannot be read off it
    or a match could start with a character that is no word character."""
    found: list[str] = []
    for op, av in seq:
        if op in (_sre_c.AT, _sre_c.ASSERT, _sre_c.ASSERT_NOT):
            continue  # zero-width: narrows where a match starts, never widens it
        if op is _sre_c.LITERAL:
            return (found + [re.escape(chr(av))], False) if re.match(r"\w", chr(av)) else (None, False)
        if op is _sre_c.IN:
            if not all(o is _sre_c.CATEGORY and a in (_sre_c.CATEGORY_DIGIT, _sre_c.CATEGORY_WORD) for o, a in av):
                return None, False
            return found + [r"\d" if a is _sre_c.CATEGORY_DIGIT else r"\w" for _, a in av], False
        if op is _sre_c.SUBPATTERN:
            sub, empty = _first_items(av[-1])
        elif op is _sre_c.BRANCH:
            sub, empty = [], False
            for branch in av[1]:
                items, e = _first_items(branch)
                if items is None:
                    return None, False
                sub, empty = sub + items, empty or e
        elif op in (_sre_c.MAX_REPEAT, _sre_c.MIN_REPEAT):
            sub, empty = _first_items(av[2])
            empty = empty or av[0] == 0
        else:
            return None, False
        if sub is None:
            return None, False
        found += sub
        if not empty:
            return found, False
    return found, True


class _StartScan:
    """``finditer`` of a pattern of ``_patterns`` (``_B`` + ... , case-insensitive),
    tried only at the word starts whose first character can start a match.

    Each of the patterns would otherwise be tried at every position of the text;
    the word starts are found once per text and shared by all patterns. Whether
    a character can start a match is asked of the pattern's own first characters,
    compiled with its flags (so case-insensitive matching is the same). A pattern
    whose first characters cannot be read off it is scanned as it is.
    """

    def __init__(self, pattern: re.Pattern):
        self.pattern = pattern
        try:
            items, empty = _first_items(_sre_p.parse(pattern.pattern, pattern.flags & ~re.UNICODE))
        except Exception:  # an unparseable pattern: scan it as it is
            items, empty = None, True
        self.first = re.compile("[" + "".join(items) + "]", pattern.flags) if items and not empty else None
        self._can_start: dict[str, bool] = {}

    def finditer(self, text: str, starts: dict[str, list[int]]):
        """The matches of ``pattern.finditer(text)``; starts: the text's word starts by first character."""
        if self.first is None:
            yield from self.pattern.finditer(text)
            return
        can = self._can_start
        lists = []
        for char, positions in starts.items():
            ok = can.get(char)
            if ok is None:
                ok = can[char] = self.first.match(char) is not None
            if ok:
                lists.append(positions)
        candidates = lists[0] if len(lists) == 1 else sorted(p for positions in lists for p in positions)
        match, end = self.pattern.match, 0
        for i in candidates:
            if i < end:
                continue
            m = match(text, i)
            if m is not None:
                end = m.end()
                yield m


@lru_cache(maxsize=1)
def _scans() -> list[tuple[str, _StartScan]]:
    return [(kind, _StartScan(pattern)) for kind, pattern in _patterns()[0]]


def _word_starts(text: str) -> dict[str, list[int]]:
    starts: dict[str, list[int]] = {}
    for m in _WORD_STARTS.finditer(text):
        i = m.start()
        starts.setdefault(text[i], []).append(i)
    return starts


def find_times(text: str) -> list[tuple[int, int, str, str | None]]:
    """Non-overlapping temporal expressions in a text: ``(start, end, kind, value)``.

    Earlier patterns win over later ones; among the rest, longer matches win.
    """
    starts = _word_starts(text)
    taken: list[tuple[int, int, str, str | None]] = []
    # the taken ranges, sorted and disjoint: an overlap test looks at two
    # neighbours instead of every earlier match (linear on long texts)
    ranges: list[tuple[int, int]] = []
    for rank, (kind, scan) in enumerate(_scans()):
        for m in scan.finditer(text, starts):
            if m.end() == m.start():
                continue
            if kind == "month" and not m.group(0)[:1].isupper() and " " not in m.group(0):
                continue  # "mai" lowercase alone is not a month here
            if _overlaps(ranges, m.start(), m.end()):
                continue
            insort(ranges, (m.start(), m.end()))
            taken.append((m.start(), m.end(), kind, normalise(kind, m) if kind != "relative" else None))
    return sorted(taken)


def _overlaps(ranges: list[tuple[int, int]], start: int, end: int) -> bool:
    """True when ``[start, end)`` overlaps one of the sorted, disjoint ``ranges``."""
    i = bisect_left(ranges, (start, end))
    return (i > 0 and ranges[i - 1][1] > start) or (i < len(ranges) and ranges[i][0] < end)


class PolicyTimeline(BatchPipe):
    """Find temporal expressions and set them on ``doc.spans["policy_time"]``."""

    def __init__(self, nlp: Language, name: str = "policy_timeline", *, span_key: str = ext.TIME_GROUP):
        self.name = name
        self.span_key = span_key

    def __call__(self, doc: Doc) -> Doc:
        self.set_annotations(doc, find_times(doc_text(doc)))
        return doc

    def set_annotations(self, doc: Doc, found: list[tuple[int, int, str, str | None]]) -> None:
        spans: list[Span] = []
        for start, end, kind, value in found:
            span = doc.char_span(start, end, label=kind, alignment_mode="expand")
            if span is None:
                continue
            span._.time_value = value
            spans.append(span)
        doc.spans[self.span_key] = spans


@Language.factory(
    "policy_timeline", assigns=["doc.spans", "span._.time_value"], default_config={"span_key": ext.TIME_GROUP}
)
def make_policy_timeline(nlp: Language, name: str, span_key: str) -> PolicyTimeline:
    return PolicyTimeline(nlp, name, span_key=span_key)
