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


def _first_literals(seq, i: int = 0) -> set[str] | None:
    """Strings one of which every match of a parsed pattern (from item i on) starts
    with, or None when that cannot be read off it (a class, a group that may be
    empty, an inline flag)."""
    run = ""
    while i < len(seq):
        op, av = seq[i]
        if op in (_sre_c.AT, _sre_c.ASSERT, _sre_c.ASSERT_NOT):
            if run:
                return {run}
            i += 1  # zero-width: narrows where a match starts
            continue
        if op is _sre_c.LITERAL:
            run += chr(av)
            i += 1
            continue
        if run:
            return {run}
        if op is _sre_c.BRANCH:
            out: set[str] = set()
            for branch in av[1]:
                found = _first_literals(branch)
                if found is None:
                    return None
                out |= found
            return out
        if op is _sre_c.SUBPATTERN:
            _group, add_flags, del_flags, sub = av
            return None if add_flags or del_flags else _first_literals(sub)
        if op in (_sre_c.MAX_REPEAT, _sre_c.MIN_REPEAT):
            least, _most, sub = av
            found = _first_literals(sub)
            if found is None or least >= 1:
                return found
            rest = _first_literals(seq, i + 1)  # the repeat may be absent
            return None if rest is None else found | rest
        return None
    return {run} if run else None


#: Letters whose lower case is the case folding of ``re.IGNORECASE`` (no ``ſ``, ``İ``,
#: Kelvin sign ...): a word of these alone may be compared in lower case.
_PLAIN_WORD = re.compile(r"[0-9A-Za-zÄÖÜäöüß]+")


class _Starts(dict):
    """A text's word starts: first character -> positions; and its words (the runs
    of word characters from the starts): ``by_prefix``, the first two letters (lower
    case) of each word of ``_PLAIN_WORD`` -> (lower-case word, positions) pairs, and
    ``unplain``, the (word, positions) pairs of the other words."""

    by_prefix: dict[str, list[tuple[str, list[int]]]]
    unplain: list[tuple[str, list[int]]]


@lru_cache(maxsize=65536)  # a pure function of the word; bounded for long runs
def _plain_lower(word: str) -> str | None:
    """The word in lower case when that is its case folding (``_PLAIN_WORD``), else None."""
    return word.lower() if _PLAIN_WORD.fullmatch(word) else None


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
        # the words a match can start in: every match starts with one of these strings,
        # so the word there starts with a string's leading word characters
        self.heads: tuple[str, ...] | None = None
        if self.first is not None and pattern.flags & re.IGNORECASE:
            try:
                literals = _first_literals(_sre_p.parse(pattern.pattern, pattern.flags & ~re.UNICODE))
            except Exception:  # unparseable: the first characters alone decide
                literals = None
            heads = {re.match(r"\w*", lit).group(0).lower() for lit in literals or ()}
            if literals and all(len(h) >= 2 and _PLAIN_WORD.fullmatch(h) for h in heads):
                self.heads = tuple(sorted(heads))

    def finditer(self, text: str, starts: dict[str, list[int]]):
        """The matches of ``pattern.finditer(text)``; starts: the text's word starts by first character."""
        if self.first is None:
            yield from self.pattern.finditer(text)
            return
        can = self._can_start
        lists = []
        by_prefix = getattr(starts, "by_prefix", None)
        if self.heads is not None and by_prefix is not None:
            # the words that start with a head (found through their first two letters),
            # and the words whose case folding is not their lower case, by first character
            chosen: dict[str, list[int]] = {}
            for head in self.heads:
                for low, positions in by_prefix.get(head[:2], ()):
                    if low.startswith(head):
                        chosen[low] = positions
            lists = list(chosen.values())
            for word, positions in starts.unplain:
                ok = can.get(word[0])
                if ok is None:
                    ok = can[word[0]] = self.first.match(word[0]) is not None
                if ok:
                    lists.append(positions)
        else:
            for char, positions in starts.items():
                ok = can.get(char)
                if ok is None:
                    ok = can[char] = self.first.match(char) is not None
                if ok:
                    lists.append(positions)
        if not lists:
            return
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


#: A word from a word start (the same starts as ``_WORD_STARTS``: a run of word
#: characters is never entered in the middle).
_WORD_RUNS = re.compile(_B + r"\w+")


def _word_starts(text: str) -> _Starts:
    starts = _Starts()
    words: dict[str, list[int]] = {}
    for m in _WORD_RUNS.finditer(text):
        i, word = m.start(), m.group(0)
        starts.setdefault(word[0], []).append(i)
        words.setdefault(word, []).append(i)
    by_prefix: dict[str, list[tuple[str, list[int]]]] = {}
    unplain = []
    merged: dict[str, list[int]] = {}  # words that differ only in case share one list
    for word, positions in words.items():
        low = _plain_lower(word)
        if low is None:
            unplain.append((word, positions))
        elif low in merged:
            merged[low] += positions
        else:
            merged[low] = positions
            by_prefix.setdefault(low[:2], []).append((low, positions))
    for positions in merged.values():
        positions.sort()
    starts.by_prefix, starts.unplain = by_prefix, unplain
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
