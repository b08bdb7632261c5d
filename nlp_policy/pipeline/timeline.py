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


def find_times(text: str) -> list[tuple[int, int, str, str | None]]:
    """Non-overlapping temporal expressions in a text: ``(start, end, kind, value)``.

    Earlier patterns win over later ones; among the rest, longer matches win.
    """
    compiled, _, _ = _patterns()
    taken: list[tuple[int, int, str, str | None]] = []
    # the taken ranges, sorted and disjoint: an overlap test looks at two
    # neighbours instead of every earlier match (linear on long texts)
    ranges: list[tuple[int, int]] = []
    for rank, (kind, pattern) in enumerate(compiled):
        for m in pattern.finditer(text):
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
