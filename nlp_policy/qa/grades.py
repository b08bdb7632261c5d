"""Graded attributes: which end of a scale a phrase names.

"schwach dosierte Präparate" and "Präparate mit niedriger Dosierung" name
the low end of the same scale (the scale word shares the first letters of its
stem: dosiert / Dosierung); "hochdosierte Präparate" names the high end. A
yes/no question about one end ("Fallen auch schwach dosierte X unter die
Regel?") is decided by the sentence that says what holds for that end ("... in
niedriger Dosis sind weiter ohne Rezept erhältlich"), whichever of the end's
words either uses. The words live in ``nlp_policy/data/qa_grades.json``; this
module only applies them.

    >>> [(g.pole, g.scale) for g in grades_in(tokenize("Fallen auch schwach dosierte Mittel darunter?"))]
    [('low', 'dosiert')]
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from nlp_policy.qa.question import Token, fold, lexicon, stem, tokenize  # noqa: F401  (tokenize: doctest)
from nlp_policy.resources import load_json

#: Letters two scale words must share at their start to name the same scale
#: ("dosier": dosiert / Dosierung; "gewicht": Gewicht / Gewichts-): five keeps
#: "Leistung" and "Leiter" apart ("leist" / "leite").
SCALE_PREFIX = 5


@dataclass(frozen=True)
class Grade:
    """A grade word and the scale word it grades.

    pole (str): ``low`` or ``high``.
    scale (str): the stem of the scale word ("dosiert", "dosierung").
    at (int): the token position of the grade word (of the compound that carries it).
    """

    pole: str
    scale: str
    at: int


@dataclass(frozen=True)
class _Data:
    poles: dict[str, str]  # folded word or stem -> pole
    prefixes: tuple[tuple[str, str], ...]  # (folded prefix, pole), longest first
    suffixes: tuple[tuple[str, str], ...]  # (folded suffix, pole), longest first
    free: tuple[tuple[str, ...], ...]
    window: int


@lru_cache(maxsize=1)
def _data() -> _Data:
    d = load_json("qa_grades.json")
    poles: dict[str, str] = {}
    for pole in ("low", "high"):
        for w in d[pole]:
            poles[fold(w)] = pole
            poles.setdefault(stem(fold(w)), pole)
    prefixes = tuple(sorted(((fold(p), pole) for pole in ("low", "high") for p in d[f"{pole}_prefixes"]), key=lambda x: -len(x[0])))
    suffixes = tuple(sorted(((fold(p), pole) for pole in ("low", "high") for p in d[f"{pole}_suffixes"]), key=lambda x: -len(x[0])))
    free = tuple(tuple(fold(w) for w in x.split()) for x in d["free_words"])
    return _Data(poles, prefixes, suffixes, free, int(d["window"]))


def _pole(tok: Token) -> str | None:
    poles = _data().poles
    return poles.get(tok.folded) or poles.get(tok.stem)


def grades_in(tokens: list[Token] | tuple[Token, ...]) -> list[Grade]:
    """The graded phrases of a text: a grade word and the next content word after it
    (within the data's ``window`` content words: "geringeren Dosierung", "mehr als
    einem Milligramm"), or a closed compound that starts with a grade ("hochdosierte")."""
    d = _data()
    lex = lexicon()
    neg = {fold(w) for w in lex.cues["negation"]}
    out = []
    for i, tok in enumerate(tokens):
        pole = _pole(tok)
        if pole is not None:
            if i > 0 and tokens[i - 1].folded in neg:
                continue  # "nicht mehr", "kein bisschen weniger": no grade
            # the window counts content words; articles and numbers between do not count
            for j in range(i + 1, min(len(tokens), i + 1 + d.window + 2)):
                w = tokens[j]
                if w.folded in lex.stopwords or len(w.folded) < 4 or _pole(w) is not None or w.folded.isdigit():
                    continue
                out.append(Grade(pole, w.stem, i))
                break
            continue
        grade = next((Grade(p, stem(tok.folded[len(x):]), i) for x, p in d.prefixes if tok.folded.startswith(x) and len(tok.folded) - len(x) >= SCALE_PREFIX), None)
        # "leistungsstarke": the first part is the scale (a linking -s- stays: same_scale compares starts)
        grade = grade or next((Grade(p, tok.folded[: -len(x)], i) for x, p in d.suffixes if tok.folded.endswith(x) and len(tok.folded) - len(x) >= SCALE_PREFIX), None)
        if grade is not None and "-" not in tok.folded:
            out.append(grade)
    return out


def same_scale(a: str, b: str) -> bool:
    """Two scale stems name one scale: they share their first :data:`SCALE_PREFIX` letters
    and the shorter one's first letters up to three from its end ("dosiert" / "dosierung",
    "leistend" / "leistungs")."""
    if len(a) < SCALE_PREFIX or len(b) < SCALE_PREFIX:
        return False
    short = min(len(a), len(b))
    need = max(SCALE_PREFIX, short - 3)  # "leistend" / "leistung": a verb's and a noun's ending differ
    return a[:need] == b[:need]


def keeps_free(tokens: list[Token] | tuple[Token, ...]) -> list[int]:
    """Positions of the words that keep a thing outside a rule ("frei verkäuflich",
    "ohne Einschränkung"; the data's ``free_words``)."""
    free = _data().free
    out = []
    for i in range(len(tokens)):
        for seq in free:
            if tuple(t.folded for t in tokens[i : i + len(seq)]) == seq:
                out.append(i)
                break
    return out


# -- ranges of a measured value ----------------------------------------------------


@dataclass(frozen=True)
class Range:
    """The values a phrase states for a unit: ``lo`` .. ``hi`` (None: open), ``bounded``
    when a range or bound word states it (not a bare value); hours wrap past midnight
    ("von 22 bis 6 Uhr")."""

    lo: float | None
    hi: float | None
    unit: str
    bounded: bool

    def contains(self, other: "Range") -> bool:
        """Every value of ``other`` lies in this range."""
        if self.lo is not None and self.hi is not None and self.lo > self.hi:
            # a range past midnight: the two halves, each end inside one of them
            first, second = Range(self.lo, None, self.unit, True), Range(None, self.hi, self.unit, True)
            return first.contains(other) or second.contains(other)
        lo_ok = self.lo is None or (other.lo is not None and other.lo >= self.lo)
        hi_ok = self.hi is None or (other.hi is not None and other.hi <= self.hi)
        return lo_ok and hi_ok


def _number(tok: Token) -> float | None:
    try:
        return float(tok.text.replace(".", "").replace(",", ".")) if tok.text[:1].isdigit() else None
    except ValueError:
        return None


@lru_cache(maxsize=1)
def _range_words() -> tuple[tuple[tuple[tuple[str, ...], str], ...], tuple[tuple[str, ...], ...], tuple[tuple[str, ...], ...]]:
    d = load_json("qa_grades.json")
    seq = lambda x: tuple(fold(w) for w in x.split())  # noqa: E731
    pairs = tuple((seq(a), fold(b)) for a, b in d["range_pairs"])
    return pairs, tuple(sorted((seq(x) for x in d["below"]), key=len, reverse=True)), tuple(sorted((seq(x) for x in d["above"]), key=len, reverse=True))


def _opens(tokens, i: int, seqs) -> bool:
    """One of the word sequences ends right before position ``i``."""
    return any(i >= len(s) and tuple(t.folded for t in tokens[i - len(s) : i]) == s for s in seqs)


def ranges_in(tokens: list[Token] | tuple[Token, ...]) -> list[Range]:
    """The ranges and bounds of measured values in a text, each with the unit word
    after its number ("zwischen 6 und 20 Uhr" -> 6..20 uhr; "unter 28 Grad" -> ..28
    grad; "um 21 Uhr" -> 21..21 uhr, a bare value). Numbers without a unit word
    are left out: a count says nothing about a measure."""
    pairs, below, above = _range_words()
    out, used = [], set()
    n = len(tokens)
    for i, tok in enumerate(tokens):
        if i in used or _number(tok) is None:
            continue
        # "zwischen A und B <unit>"
        pair = next((join for opener, join in pairs if _opens(tokens, i, (opener,))), None)
        if pair is not None and i + 3 < n + 1 and i + 2 < n and tokens[i + 1].folded == pair and _number(tokens[i + 2]) is not None:
            if i + 3 < n and not tokens[i + 3].text[:1].isdigit():
                out.append(Range(_number(tok), _number(tokens[i + 2]), tokens[i + 3].stem, True))
                used.update((i, i + 2))
                continue
        if i + 1 >= n or tokens[i + 1].text[:1].isdigit():
            continue
        unit = tokens[i + 1].stem
        value = _number(tok)
        if _opens(tokens, i, below):
            out.append(Range(None, value, unit, True))
        elif _opens(tokens, i, above):
            out.append(Range(value, None, unit, True))
        else:
            out.append(Range(value, value, unit, False))
    return out


def outside(asked: list[Range], stated: list[Range]) -> bool:
    """A value or bound of the question that no range or bound the sentence states for
    the same unit contains (the sentence must state one for that unit)."""
    for a in asked:
        same = [r for r in stated if r.bounded and r.unit == a.unit]
        if same and not any(r.contains(a) for r in same):
            return True
    return False
