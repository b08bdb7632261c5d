"""Scope of a rule: where, for whom, for which technology and devices, in which
environments. Plain Python over strings (no spaCy), so that the question
answerer analyses questions with exactly the same knowledge as the extractor.

Place names come from CLDR (``geo_names.json``, generated with Babel) plus
``geo_aliases.json``; field terms from ``scope_terms.json``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from nlp_policy.resources import load_json

NEGATIONS = frozenset({"nicht", "kein", "keine", "keinen", "keinem", "keiner", "keines", "not", "no"})
_WORD = re.compile(r"[\wÄÖÜäöüß]+(?:[-.][\wÄÖÜäöüß]+)*-?", re.UNICODE)
_TRANSLIT = (("ae", "ä"), ("oe", "ö"), ("ue", "ü"))
FIELDS = ("actors", "technologies", "devices", "environments")


@dataclass(frozen=True)
class GeoMention:
    code: str
    start: int
    end: int
    negated: bool


def _variants(word: str) -> tuple[str, ...]:
    low = word.lower()
    out = low
    for a, b in _TRANSLIT:
        out = out.replace(a, b)
    return (low,) if out == low else (low, out)


@lru_cache(maxsize=1)
def _geo_tables() -> tuple["_FirstLetterAlternation", dict[str, str], dict[str, str], dict[str, str], dict[str, set[str]]]:
    names = dict(load_json("geo_names.json")["names"])
    extra = load_json("geo_aliases.json")
    names.update(extra["aliases"])
    names.update(extra["subdivisions"])
    for w in extra["worldwide"]:
        names[w] = "worldwide"
    # Multi-word names inflect ("den Vereinigten Staaten"): allow an ending per word.
    alternatives = []
    for name in sorted(names, key=len, reverse=True):
        words = [re.escape(w) for w in name.split()]
        alternatives.append((name[0], r"\s+".join(w + r"(?:n|s|es|en)?" if len(w) > 3 else w for w in words)))
    pattern = _FirstLetterAlternation(alternatives, _GEO_BEFORE, _GEO_AFTER)
    regions = {k: set(v) for k, v in extra["regions"].items()}
    return pattern, names, extra["adjectives"], extra["prefixes"], regions


_GEO_BEFORE = r"(?<![\wÄÖÜäöüß])"
_GEO_AFTER = r"(?![\wÄÖÜäöüß])"


class _FirstLetterAlternation:
    """``BEFORE(?:alt1|alt2|...)AFTER`` (case-insensitive) with the ``finditer`` of
    that one regular expression, found faster.

    Python's ``re`` tries every alternative of a long alternation at every
    position where ``BEFORE`` holds; those whose first letter differs fail at
    once, so at a position only the alternatives of that letter can match,
    and they are tried in their order: one smaller expression per letter finds
    the same match. ``BEFORE`` must be a zero-width test of the characters
    before the position, and each alternative must start with its literal
    first character.
    """

    def __init__(self, alternatives: list[tuple[str, str]], before: str, after: str):
        self.alternatives = alternatives
        self.before, self.after = before, after
        self._firsts = sorted({first for first, _ in alternatives})
        # where a match can start: BEFORE holds and a first letter follows (either case)
        self._starts = re.compile(before + "(?=[" + "".join(re.escape(c) for c in self._firsts) + "])", re.IGNORECASE)
        self._by_char: dict[str, re.Pattern | None] = {}
        self._by_firsts: dict[tuple[str, ...], re.Pattern] = {}
        self._pattern: re.Pattern | None = None

    @property
    def pattern(self) -> re.Pattern:
        """The whole alternation as one regular expression (compiled on first use)."""
        if self._pattern is None:
            self._pattern = re.compile(
                self.before + "(?:" + "|".join(a for _, a in self.alternatives) + ")" + self.after, re.IGNORECASE
            )
        return self._pattern

    def _for(self, char: str) -> re.Pattern | None:
        if char not in self._by_char:
            # the alternatives whose first character matches this one as the whole pattern would match it
            firsts = tuple(f for f in self._firsts if re.match(re.escape(f), char, re.IGNORECASE))
            sub = None
            if firsts:
                sub = self._by_firsts.get(firsts)
                if sub is None:  # one expression per set of first letters (a and A share it)
                    chosen = [a for first, a in self.alternatives if first in firsts]
                    sub = self._by_firsts[firsts] = re.compile("(?:" + "|".join(chosen) + ")" + self.after, re.IGNORECASE)
            self._by_char[char] = sub
        return self._by_char[char]

    def finditer(self, text: str):
        """The matches of the whole pattern in ``text``, as ``self.pattern.finditer`` gives them."""
        end = 0
        for start in self._starts.finditer(text):
            i = start.start()
            if i < end:
                continue
            sub = self._for(text[i])
            m = sub.match(text, i) if sub is not None else None
            if m:
                end = m.end()
                yield m


def _lookup_name(surface: str, names: dict[str, str]) -> str | None:
    key = re.sub(r"\s+", " ", surface.lower())
    if key in names:
        return names[key]
    # strip the inflection endings the pattern allowed
    words = key.split(" ")
    for ending in ("en", "es", "n", "s"):
        trial = " ".join(w[: -len(ending)] if w.endswith(ending) and len(w) > 4 else w for w in words)
        if trial in names:
            return names[trial]
    return None


def _not_a_scope(text: str, end: int) -> bool:
    """``des weltweiten Umsatzes``: a world-wide figure, not a world-wide rule."""
    following = re.match(r"\s+([\wäöüß-]+)", text[end:])
    if not following:
        return False
    noun = following.group(1).lower()
    return any(stem in noun for stem in load_json("geo_aliases.json")["not_scope_nouns"])


def _negated_before(text: str, start: int) -> bool:
    before = re.findall(r"[\wäöüß]+", text[max(0, start - 20):start].lower())
    return bool(before) and before[-1] in NEGATIONS


@lru_cache(maxsize=1)
def _adjective_pattern() -> re.Pattern:
    """An adjective of place: a known stem and at most three more letters (``französischen``)."""
    stems = sorted(_geo_tables()[2], key=len, reverse=True)
    return re.compile("(" + "|".join(re.escape(s) for s in stems) + r")[\wäöüß]{0,3}$")


@lru_cache(maxsize=65536)  # words repeat: a long alternation tried once per distinct word
def _adjective_stem(low: str) -> str | None:
    """The stem of a lowercase adjective of place (``französischen`` -> its stem), or None."""
    m = _adjective_pattern().match(low)
    return m.group(1) if m else None


@lru_cache(maxsize=65536)  # a pure function of the word; bounded for long runs
def _word_place(word: str) -> tuple[str, int | None] | None:
    """The place a word names by itself: a compound prefix (``US-Polizei``: its
    code and the prefix's length) or an adjective of place (its code and None:
    the whole word), else None."""
    _, _, adjectives, prefixes, _ = _geo_tables()
    low = word.lower()
    head, sep, _ = low.partition("-")
    if sep and head in prefixes and word[: len(head)].isupper():
        return prefixes[head], len(head)
    stem = _adjective_stem(low)
    return (adjectives[stem], None) if stem is not None else None


def geo_mentions(text: str) -> list[GeoMention]:
    """Places named in a text, normalised to codes, in order of appearance.

    Covers country and region names (any case), adjectives of place
    (``französische``), compound prefixes (``US-Polizei``), and words for the
    whole world. ``negated`` marks ``nicht international`` and the like.
    """
    pattern, names, _, _, _ = _geo_tables()
    found: dict[tuple[int, int], GeoMention] = {}
    for m in pattern.finditer(text):
        surface = m.group(0)
        # short all-lowercase hits such as "us" are German/English words, not places
        if len(surface) <= 3 and not surface.isupper():
            continue
        code = _lookup_name(surface, names)
        if code == "worldwide" and _not_a_scope(text, m.end()):
            continue
        if code:
            found[(m.start(), m.end())] = GeoMention(code, m.start(), m.end(), _negated_before(text, m.start()))
    # most texts have no word of place: the words are looked up (once per distinct
    # word) before their positions are read
    if any(map(_word_place, _WORD.findall(text))):
        for m in _WORD.finditer(text):
            place = _word_place(m.group(0))
            if place is None:
                continue
            code, length = place
            span = (m.start(), m.end() if length is None else m.start() + length)
            found.setdefault(span, GeoMention(code, span[0], span[1], _negated_before(text, m.start())))
    # drop hits inside longer hits
    spans = sorted(found.values(), key=lambda g: (g.start, -(g.end - g.start)))
    out: list[GeoMention] = []
    for g in spans:
        if out and g.start < out[-1].end:
            continue
        out.append(g)
    return out


def geo_codes(text: str, *, keep_negated: bool = False) -> list[str]:
    """Distinct place codes of a text (negated ones left out unless asked for)."""
    codes: list[str] = []
    for g in geo_mentions(text):
        if (keep_negated or not g.negated) and g.code not in codes:
            codes.append(g.code)
    return codes


def geo_within(inner: str, outer: str) -> bool:
    """True when place ``inner`` lies within place ``outer`` (a place lies within itself)."""
    if inner == outer or outer == "worldwide":
        return True
    if inner == "worldwide":
        return False
    if "-" in inner and inner.split("-", 1)[0] == outer:
        return True
    regions = _geo_tables()[4]
    return inner in regions.get(outer, set()) or (
        "-" in inner and inner.split("-", 1)[0] in regions.get(outer, set())
    )


@dataclass(frozen=True)
class _FieldMatcher:
    """One field's stems, compiled: long stems match anywhere in a word
    (compounds), short ones only a whole hyphen part with up to two more letters."""

    long: re.Pattern | None
    short: frozenset[str]
    phrases: tuple[str, ...]
    exclude: re.Pattern | None

    def matches(self, variants: tuple[str, ...]) -> bool:
        if self.exclude is not None and self.exclude.search(variants[-1]):
            return False
        for v in variants:
            if self.long is not None and self.long.search(v):
                return True
            for part in v.strip("-").split("-"):
                if any(part[: len(part) - cut] in self.short for cut in (0, 1, 2) if len(part) - cut > 0):
                    return True
        return False


def _alternation(words: list[str]) -> re.Pattern | None:
    return re.compile("|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))) if words else None


@lru_cache(maxsize=1)
def _field_matchers() -> dict[str, _FieldMatcher]:
    data = load_json("scope_terms.json")
    out = {}
    for f in FIELDS:
        stems = data[f]["stems"]
        single = [s for s in stems if " " not in s]
        out[f] = _FieldMatcher(
            long=_alternation([s for s in single if len(s) > 4]),
            short=frozenset(s for s in single if len(s) <= 4),
            phrases=tuple(s for s in stems if " " in s),
            exclude=_alternation(data[f].get("exclude", [])),
        )
    return out


def field_terms(text: str) -> dict[str, list[str]]:
    """Words of ``text`` that name actors, technologies, devices or environments.

    RETURNS (dict): field name -> surface words in order, without duplicates.
    """
    matchers = _field_matchers()
    out: dict[str, list[str]] = {f: [] for f in FIELDS}
    lowered = text.lower()
    for f, matcher in matchers.items():
        # multi-word stems are matched on the whole text
        for stem in matcher.phrases:
            i = lowered.find(stem)
            if i >= 0:
                surface = text[i : i + len(stem)]
                if surface not in out[f]:
                    out[f].append(surface)
    for m in _WORD.finditer(text):
        word = m.group(0).rstrip("-")
        for f in _word_fields(word):
            if word not in out[f]:
                out[f].append(word)
    return out


@lru_cache(maxsize=65536)
def _word_fields(word: str) -> tuple[str, ...]:
    """The fields whose stems match a word (words repeat: matched once each)."""
    variants = _variants(word)
    return tuple(f for f, matcher in _field_matchers().items() if matcher.matches(variants))


def extract_scope(text: str) -> dict[str, list[str]]:
    """The scope of a clause text: ``geo`` codes plus the four term fields."""
    scope = {"geo": geo_codes(text)}
    scope.update(field_terms(text))
    return scope
