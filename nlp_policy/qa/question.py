"""Question analysis: what kind of question, about what.

Plain Python, rapidfuzz and package data only (no spaCy), so that answering
from a stored record starts fast. All German (and the few English) words live
in ``nlp_policy/data/question_words.json``, ``synonyms.json`` and
``places.json``; this module only knows how to apply them.

    >>> q = analyse("Gilt das Verbot auch in Österreich?")
    >>> q.kind, q.places, q.rule
    ('yesno', ('AT',), 'prohibition')
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Iterable, Sequence

from rapidfuzz import fuzz, process

from nlp_policy.errors import QuestionError
from nlp_policy.text.clean import clean
from nlp_policy.resources import load_json

# Typo tolerance: a question word that is neither a known question word nor in
# the record's vocabulary is replaced by its closest known word when
# ``fuzz.ratio`` (on already folded words, hence ``processor=None``) reaches
# this cutoff. Measured on tests/test_question.py's typo table: real typos
# ("internatinal" 96, "gesichtserkenung" 97, "wiso" 89, "polizie" 86) pass,
# while unrelated out-of-text words ("kostet"/"kosten" 83 is the nearest miss,
# "kommission" has no neighbour above 70) stay untouched. 85 separates them.
TYPO_CUTOFF = 85.0
#: Word-against-word similarity (``fuzz.ratio`` on stems of 7+ letters sharing
#: their first three) above which two words count as variants (score 0.7).
#: Measured: "versproch"/"versprach" 89, "genehmigung"/"genehmig" 84 pass; "bericht"/"berechn" 71,
#: "kontaktier"/"kontrollier" 67 do not.
FUZZY_MATCH_CUTOFF = 80.0
#: Words shorter than this are never corrected (too many near neighbours).
TYPO_MIN_LEN = 4

_FOLD = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "é": "e", "è": "e", "á": "a", "à": "a", "’": "'"})
WORD_RE = re.compile(r"\d+(?:[.,]\d+)*|[^\W_]+(?:[-.'’][^\W_]+|&[^\W\d_]+)*")  # letters of any alphabet ("Helsingør"); "H&M", "AT&T" are one name
NUMBER_RE = re.compile(r"\d+(?:[.,]\d+)*")
#: When a question holds words of several clause types, the first listed wins.
RULE_PRIORITY = ("exception", "update", "lifting", "sanction", "obligation", "permission", "restriction", "prohibition")
_SUFFIXES = ("en", "er", "em", "es", "et", "st", "e", "n", "s", "t")
_STEM_MIN = 4


def fold(text: str) -> str:
    """Lower-case and spell umlauts out, so ``Behörden`` == ``Behoerden``."""
    return text.lower().translate(_FOLD)


_NOUN_SUFFIXES = ("en", "em", "es", "e", "n", "s")


def stem(word: str, noun: bool = False) -> str:
    """A light German stem of a folded word: one inflection suffix stripped.
    Nouns (capitalised words) keep "-er"/"-t" endings: "Nutzer" is not "nutzen"."""
    for suf in _NOUN_SUFFIXES if noun else _SUFFIXES:
        if word.endswith(suf) and len(word) - len(suf) >= _STEM_MIN:
            return word[: -len(suf)]
    return word


def stem_word(original: str) -> str:
    """The stem of a word as written (its capital decides whether it is a noun)."""
    return stem(fold(original), noun=original[:1].isupper())


@dataclass(frozen=True)
class Token:
    """A word of a text: as written, folded, stemmed, and its hyphen parts' stems."""

    text: str
    folded: str
    stem: str
    parts: tuple[str, ...]
    start: int = 0

    @property
    def capitalised(self) -> bool:
        return self.text[:1].isupper()


def tokenize(text: str) -> list[Token]:
    """Split a text into ``Token`` objects (hyphenated compounds stay one token).

    Words are read from the cleaned text (no soft hyphens or joiners, NFC), so
    ``ver\u00adboten`` is ``verboten``; ``Token.start`` is an offset into ``text``.
    """
    out = []
    cleaned = clean(text)
    for m in WORD_RE.finditer(cleaned.text):
        word = m.group().rstrip(".")
        if not word:
            continue
        folded = fold(word)
        pieces = [p for p in re.split(r"[-.'’]", word) if p]
        # the head of a compound decides: "US-Polizisten" is a noun
        out.append(Token(word, folded, stem(folded, noun=pieces[-1][:1].isupper() if pieces else False), tuple(stem_word(p) for p in pieces), cleaned.span(m.start(), m.start())[0]))
    return out


#: The shortest first part two compounds of a generic person head must share
#: ("Pflege-" of "Pflegekräfte" / "Pflegepersonal").
_GROUP_PREFIX_MIN = 4


def _same_group(a: str, b: str) -> bool:
    """Two compounds whose heads are generic nouns of working people (qa_cues.json
    person_heads) after the same first part: "verwaltungsleut" and "verwaltungsangestellten"."""
    heads = _person_heads()
    for x, y in ((a, b), (b, a)):
        for h in heads:
            k = x.find(h, _GROUP_PREFIX_MIN)
            if k < 0:
                continue
            prefix = x[:k]
            if y.startswith(prefix) and y[k:] != x[k:] and any(y[k:].startswith(g) for g in heads):
                return True
    return False


@lru_cache(maxsize=1)
def _person_heads() -> tuple[str, ...]:
    return tuple(load_json("qa_cues.json").get("person_heads", ()))


def token_matches(term_stem: str, tok: Token) -> float:
    """How well a (stemmed) term matches a document token: 1 exact, 0.85 as part
    of a compound (prefix from 4 letters, anywhere from 5), 0.7-0.8 for a
    spelling variant, else 0. (Cached: documents repeat their words.)"""
    if term_stem == tok.stem or term_stem == tok.folded or term_stem in tok.parts:
        return 1.0
    return _token_matches(term_stem, tok.stem, tok.folded)


@lru_cache(maxsize=200_000)
def _token_matches(term_stem: str, tok_stem: str, tok_folded: str) -> float:
    tok = Token(tok_folded, tok_folded, tok_stem, ())
    n = len(term_stem)
    if n >= 4 and (tok.folded.startswith(term_stem) or tok.folded.endswith(term_stem)):
        return 0.85
    if n >= 5 and term_stem in tok.folded:
        return 0.85
    if n >= 9 and len(tok.folded) > n + 2 and _brackets(term_stem, tok.folded):
        return 0.85  # the same compound with more inside: "Finanzaufsicht" ~ "Finanzmarktaufsicht"
    if len(tok.stem) >= 5 and term_stem.endswith(tok.stem) and len(tok.stem) < 0.6 * n:
        return 0.7  # the document word is the head of the question's compound ("Drohnenhersteller" ~ "Hersteller")
    if len(tok.stem) >= 5 and tok.stem in term_stem and len(tok.stem) >= 0.6 * n:
        return 0.85
    if n >= 8 and _same_group(term_stem, tok.folded):
        return 0.85  # "Verwaltungsleute" ~ "Verwaltungsangestellten": one group, two generic heads
    a, b = (_departiciple(term_stem), _departiciple(tok.stem)) if n >= 7 and len(tok.stem) >= 7 else ("", "")
    if len(a) >= 7 and len(b) >= 7 and a[:6] == b[:6] and (a != term_stem or b != tok.stem):
        return 0.8  # "angekündigt" ~ "ankündigte"
    if a and a == b and a != term_stem:
        return 0.8  # a short verb: "angeordnet" ~ "anzuordnen" ("anordn")
    if n >= 5 and len(tok.stem) >= 7:
        c = _departiciple(tok.stem)
        if c != tok.stem and c.startswith(term_stem) and len(c) - n <= 2:
            # the question's verb (or its typo, stemmed short: "anpasen" -> "anpas") as the
            # start of the text's zu-infinitive or participle ("anzupassen" -> "anpass")
            return 0.8
    if n >= 7 and len(tok.folded) >= 7 and term_stem[:3] == tok.folded[:3]:
        # strong verbs and other spelling variants ("versprochen" ~ "versprach"); the
        # cutoff was chosen on the same typo table as TYPO_CUTOFF
        if fuzz.ratio(term_stem, tok.stem, score_cutoff=FUZZY_MATCH_CUTOFF):
            return 0.7
    return 0.0


def _brackets(term: str, word: str) -> bool:
    """The word starts with the term's first part and ends with its head (each at least
    four and five letters): a compound of the same first and last words with more between."""
    return any(word.startswith(term[:k]) and word.endswith(term[k:]) for k in range(4, len(term) - 4))


#: Words that exclude what follows them from a scope.
_EXCLUDING = frozenset({"ohne", "kein", "keine", "keinen", "keiner", "without", "no"})
_SEPARABLE = ("an", "auf", "aus", "ein", "mit", "vor", "zu", "ab", "bei", "nach", "zurueck", "weg", "fest", "hinzu", "her", "hin")
# separable verb particles that may close a clause far from their verb ("teilte ... mit")
_PARTICLES = frozenset(_SEPARABLE) | {"bekannt", "frei", "statt", "fort", "weiter", "hoch"}
_PARTICLE_GAP = 12  # tokens between verb and particle; German objects rarely run longer


@lru_cache(maxsize=1)
def _particle_stems() -> frozenset[str]:
    return frozenset(stem(p) for p in _PARTICLES)


@lru_cache(maxsize=50_000)
def _departiciple(word: str) -> str:
    """A past participle without its "ge", a zu-infinitive of a separable verb
    without its "zu": "angekuendig" -> "ankuendig", "gemeldet" -> "meldet",
    "einzuschraenk" -> "einschraenk" (so the question's "eingeschränkt" finds the
    text's "einzuschränken")."""
    if word.startswith("ge") and len(word) > 6:
        return word[2:]
    for p in _SEPARABLE:
        if word.startswith(p + "ge") and len(word) > len(p) + 5:
            return p + word[len(p) + 2 :]
        if p != "zu" and word.startswith(p + "zu") and len(word) > len(p) + 5:
            return p + word[len(p) + 2 :]
    return word


# -- language data ---------------------------------------------------------------


@dataclass(frozen=True)
class Concept:
    canonical: str
    dim: str
    modifier: bool
    variants: tuple[tuple[str, ...], ...]  # stemmed word sequences


class Lexicon:
    """The question words, synonym groups and place names, compiled for matching."""

    def __init__(self) -> None:
        qw = load_json("question_words.json")
        syn = load_json("synonyms.json")
        places = load_json("qa_places.json")
        self.cues = load_json("qa_cues.json")
        f = lambda xs: frozenset(fold(x) for x in xs)  # noqa: E731
        self.yesno_openers = f(qw["yesno_openers"])
        self.wh_words = {fold(k): v for k, v in qw["wh_words"].items()}
        self.wh_phrases = {tuple(stem(w) for w in fold(k).split()): v for k, v in qw["wh_phrases"].items()}
        self.rule_words = {fold(w): t for t, ws in qw["rule_words"].items() for w in ws}
        self.permission_words = f(qw["permission_words"])
        self.affected_words = f(qw["affected_words"])
        self.generality_words = f(qw["generality_words"])
        self.restriction_words = f(qw["restriction_words"])
        self.uncertainty_words = f(qw["uncertainty_words"])
        self.identity_words = f(qw["identity_words"])
        self.list_predicates = f(qw["list_predicates"])
        self.label_nouns = {fold(w): label for label, ws in qw["label_nouns"].items() for w in ws}
        self.scope_field_nouns = {fold(w): d for d, ws in qw["scope_field_nouns"].items() for w in ws}
        self.outside_words = f(qw.get("outside_words", ()))
        self.negation_words = f(qw.get("negation_words", ()))
        self.stopwords = f(qw["stopwords"])
        self.stopword_set = self.stopwords
        self.light_verbs = f(qw.get("light_verbs", ()))
        self.rule_verbs = f(qw.get("rule_verbs", ()))
        self.modal_verbs = f(qw.get("modal_verbs", ()))
        self.noun_suffixes = tuple(fold(x) for x in qw.get("noun_suffixes", ()))
        self.determiners = f(qw.get("determiners", ()))
        self.noun_markers = f(qw.get("noun_markers", ())) | self.determiners
        self.sentence_adverbs = f(qw.get("sentence_adverbs", ()))
        self.colloquial_verb_prefixes = tuple(fold(x) for x in qw.get("colloquial_verb_prefixes", ()))
        self.generic_nouns = f(qw["generic_nouns"]) | f(qw.get("placeholder_nouns", ()))
        self.english_markers = frozenset(qw.get("english_markers", ()))
        self.indefinite_persons = frozenset(qw.get("indefinite_persons", ()))
        self.english_markers_also_german = frozenset(qw.get("english_markers_also_german", ()))
        self.english_yesno_openers = f(qw.get("english_yesno_openers", ()))
        self.why_verbs = f(qw.get("why_verbs", ()))
        self.existential_openers = tuple(tuple(fold(x).split()) for x in qw.get("existential_openers", ()))
        self.despite_words = f(qw.get("despite_words", ()))
        self.tag_tails = tuple(sorted({tuple(fold(x).split()) for x in qw.get("tag_tails", ())}, key=len, reverse=True))
        self.if_so_tails = tuple(sorted({tuple(fold(x).split()) for x in qw.get("if_so_tails", ())}, key=len, reverse=True))
        self.english = {fold(k): v for k, v in syn.get("english", {}).items() if not k.startswith("_")}
        self.english_glossary = {fold(k): v for k, v in load_json("qa_english.json")["words"].items()}
        self.concepts: dict[str, Concept] = {}
        for g in syn["groups"]:
            variants = tuple(sorted({tuple(stem_word(p) for p in re.split(r"[\s-]+", t) if p) for t in (*g["terms"], g["canonical"])}, key=len, reverse=True))
            self.concepts[g["canonical"]] = Concept(g["canonical"], g["dim"], bool(g.get("modifier")), variants)
        self.broader = {k: tuple(v) for k, v in syn.get("broader", {}).items()}
        # the variants in the order concepts_in tries them, and by their first word
        self._variants = [(c, v) for c in self.concepts.values() for v in c.variants]
        self._by_first: dict[str, list[int]] = {}
        for k, (_, v) in enumerate(self._variants):
            self._by_first.setdefault(v[0], []).append(k)
        self._long_first = frozenset(w for w in self._by_first if len(w) >= 5)
        # place names: (stemmed words, code, exact-case original or None)
        self.places: list[tuple[tuple[str, ...], str, str | None]] = []
        self.adjectival_places: set[str] = set()
        for code, names in places["names"].items():
            for name in names:
                words = tuple(stem(p) for p in fold(name).replace(".", "").split())
                caps = name.replace(".", "") if name.replace(".", "").isupper() and len(name.replace(".", "")) <= 4 else None
                self.places.append((words, code, caps))
                if name[:1].islower() and len(words) == 1:
                    self.adjectival_places.add(words[0])  # "europäische", "deutschen": an attribute, not a location
        self._place_index: dict[str, list] | None = None
        self.adjectival_places |= {stem(fold(w)) for w in places.get("attributive", ())} | {fold(w) for w in places.get("attributive", ())}
        self.place_display = dict(places["display"])
        member_of = {k: set(v) for k, v in places["member_of"].items()}
        self._merge_geo_aliases(member_of)
        self.places.sort(key=lambda p: len(p[0]), reverse=True)
        self.member_of = {k: tuple(sorted(v)) for k, v in member_of.items()}
        # every word the lexicon knows, for typo correction
        vocab = set(self.yesno_openers) | set(self.wh_words) | set(self.rule_words) | set(self.label_nouns)
        vocab |= set(self.scope_field_nouns) | self.generality_words | self.restriction_words | self.uncertainty_words
        vocab |= self.identity_words | self.list_predicates | self.permission_words | self.affected_words
        for g in syn["groups"]:
            vocab |= {fold(w) for t in g["terms"] for w in t.split()}
        for names in places["names"].values():
            vocab |= {fold(w) for n in names for w in n.split() if len(w) > 3}
        vocab |= {fold(w) for words, _, _ in self.places for w in words if len(w) > 3}
        times = load_json("time_patterns.json")
        vocab |= {fold(w) for w in (*times["months"], *times["weekdays"])}  # "ab Sepember"
        self.vocabulary = frozenset(v for v in vocab if len(v) >= TYPO_MIN_LEN)

    def _merge_geo_aliases(self, member_of: dict[str, set[str]]) -> None:
        """Add the extractor's regions and subdivisions (geo_aliases.json) when present,
        so that question codes and clause codes agree (``US-CA`` lies in ``US``)."""
        try:
            geo = load_json("geo_aliases.json")
        except (FileNotFoundError, ValueError, OSError):
            return
        for name, code in (geo.get("subdivisions") or {}).items():
            if isinstance(code, str):
                self.places.append((tuple(stem(p) for p in fold(name).split()), code, None))
                self.place_display.setdefault(code, "in " + " ".join(w.capitalize() for w in name.split()))
        for region, members in (geo.get("regions") or {}).items():
            for m in members if isinstance(members, list) else ():
                if m != region:
                    member_of.setdefault(m, set()).add(region)

    # -- matching ----------------------------------------------------------
    def exact_concept(self, tok: Token) -> str | None:
        """The concept a single word is a spelling of (not merely a part of)."""
        key = (tok.stem, tok.folded, tok.parts)
        cache = self.__dict__.setdefault("_exact_cache", {})
        if key not in cache:
            if len(cache) > 50_000:
                cache.clear()
            cache[key] = self._exact_concept(tok)
        return cache[key]

    def _exact_concept(self, tok: Token) -> str | None:
        for concept in self.concepts.values():
            for variant in concept.variants:
                if len(variant) == 1 and (variant[0] == tok.stem or variant[0] == tok.folded or (variant[0],) == tok.parts):
                    return concept.canonical
        return None

    def concepts_in(self, tokens: list[Token]) -> dict[str, list[int]]:
        """Concepts whose variants occur in ``tokens`` (also inside compounds) -> token positions."""
        found: dict[str, list[int]] = {}
        # a quick filter (same result): a variant can only match when its first word
        # is a stem, folded form or part of a token, or (from 5 letters) inside one;
        # the candidates come from the index by first word, tried in the original order
        exact = {t.stem for t in tokens} | {t.folded for t in tokens} | {p for t in tokens for p in t.parts}
        by_first, long_first = self._by_first, self._long_first
        cands: set[int] = set()
        for w in exact:
            cands.update(by_first.get(w, ()))
        for t in tokens:
            for sub in _inner_words(t.folded):
                if sub in long_first:
                    cands.update(by_first[sub])
        for k in sorted(cands):
            concept, variant = self._variants[k]
            v0 = variant[0]
            if len(variant) == 1:
                v = variant[0]
                for i, tok in enumerate(tokens):
                    if v == tok.stem or v in tok.parts or (len(v) >= 5 and v in tok.folded and "un" + v not in tok.folded):
                        found.setdefault(concept.canonical, []).append(i)
            else:
                n = len(variant)
                for i in range(len(tokens) - n + 1):
                    if all(_word_eq(variant[j], tokens[i + j]) for j in range(n)):
                        found.setdefault(concept.canonical, []).extend(range(i, i + n))
                if n == 2 and variant[1] in _particle_stems():
                    # a separable verb split by its objects: "gab die Einigung am Montag bekannt"
                    for i, tok in enumerate(tokens):
                        if _word_eq(v0, tok):
                            j = next((j for j in range(i + 2, min(len(tokens), i + 1 + _PARTICLE_GAP)) if _word_eq(variant[1], tokens[j], strict=True) and not tokens[j].capitalised), None)
                            if j is not None:
                                found.setdefault(concept.canonical, []).extend((i, j))
        return found

    def without_negated(self, found: dict[str, list[int]], tokens: list[Token]) -> dict[str, list[int]]:
        """Drop concepts named only after "ohne"/"kein" ("Drohnen ohne Gesichtserkennung")."""
        out = {}
        for name, positions in found.items():
            kept = [i for i in positions if not any(tokens[j].folded in _EXCLUDING for j in range(max(0, i - 2), i))]
            if kept or not positions:
                out[name] = kept
        return out

    def places_in(self, tokens: list[Token]) -> dict[str, list[int]]:
        """Geo codes named in ``tokens`` -> token positions."""
        found: dict[str, list[int]] = {}
        if self._place_index is None:
            index: dict[str, list] = {}
            for entry in self.places:
                words, code, caps = entry
                index.setdefault(fold(caps) if caps else words[0], []).append(entry)
            self._place_index = index
        keys = set()
        for tok in tokens:
            keys.update((tok.stem, tok.folded, tok.folded.replace(".", ""), *tok.parts, *(fold(p) for p in re.split(r"[-.]", tok.text) if p)))
        candidates = [e for k in keys for e in self._place_index.get(k, ())]
        candidates.sort(key=lambda p: len(p[0]), reverse=True)
        for words, code, caps in candidates:
            n = len(words)
            for i in range(len(tokens) - n + 1):
                if caps is not None:
                    tok = tokens[i]
                    raw_parts = re.split(r"[-.]", tok.text)
                    bare = tok.text.replace(".", "")
                    # "usa", "eu" typed in lower case still name places; "us" is also the English pronoun
                    if bare == caps or (bare.lower() == caps.lower() and bare.lower() not in self.stopword_set):
                        found.setdefault(code, []).append(i)
                    elif caps in raw_parts:
                        found.setdefault(code, [])  # a part of a compound: the token stays a content word
                elif all(_word_eq(words[j], tokens[i + j], strict=True) for j in range(n)):
                    found.setdefault(code, []).extend(range(i, i + n))
        return found

    def contains(self, outer: str, inner: str) -> bool:
        """True when geo code ``outer`` includes ``inner`` (``worldwide`` includes all)."""
        return (
            outer == inner
            or outer == "worldwide"
            or inner.startswith(outer + "-")
            or outer in self.member_of.get(inner, ())
            or outer in self.member_of.get(inner.split("-")[0], ())
        )

    def broader_of(self, concept: str) -> tuple[str, ...]:
        return self.broader.get(concept, ())

    def display_place(self, code: str) -> str:
        return self.place_display.get(code, f"in {code}")


@lru_cache(maxsize=100_000)
def _inner_words(word: str) -> frozenset[str]:
    """Every substring of five letters or more of a folded word (the first words of
    long variants are looked up among them: "verbot" inside "nutzungsverbot")."""
    n = len(word)
    return frozenset(word[i:j] for i in range(n - 4) for j in range(i + 5, n + 1))


def _word_eq(word_stem: str, tok: Token, *, strict: bool = False) -> bool:
    if word_stem == tok.stem or word_stem == tok.folded or word_stem in tok.parts:
        return True
    return (not strict) and len(word_stem) >= 5 and tok.folded.startswith(word_stem)


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    """The compiled lexicon (built once per process)."""
    return Lexicon()


# -- the analysed question -----------------------------------------------------


@dataclass(frozen=True)
class Term:
    """A content word of the question. ``concept``/``dim`` come from the synonym
    lexicon; ``weight`` is 2 for nouns and names, 1 for other words."""

    text: str
    stem: str
    concept: str | None = None
    dim: str | None = None
    weight: float = 1.0
    position: int = 0
    answer_type: bool = False  # the noun after "welche": what kind of thing is asked for
    predicate: bool = False  # the finite verb after the question word: must be in the evidence
    action: bool = False  # the verb closing a yes/no question ("... Software kaufen?"): what is done


@dataclass(frozen=True)
class Question:
    """The analysis of one question.

    kind (str): ``yesno``, ``wh`` or ``keyword`` (no question word, no verb first).
    wh (str | None): who, what, when, where, why, how, which, purpose, how_many.
    rule (str | None): the clause type the question is about (prohibition, exception, update ...).
    places (tuple[str]): geo codes named (``US``, ``DE``, ``EU``, ``worldwide`` ...).
    concepts (dict): scope dimension -> concepts named (actors, technologies, devices, environments).
    terms (tuple[Term]): content words (place words and question words excluded).
    """

    text: str
    tokens: tuple[Token, ...]
    kind: str
    wh: str | None = None
    rule: str | None = None
    places: tuple[str, ...] = ()
    concepts: dict[str, tuple[str, ...]] = field(default_factory=dict)
    terms: tuple[Term, ...] = ()
    permission: bool = False
    affected: bool = False
    generality: bool = False
    restriction: bool = False
    uncertainty: bool = False
    identity: bool = False
    list_label: str | None = None
    list_request: bool = False
    scope_field: str | None = None
    corrections: tuple[tuple[str, str], ...] = ()
    locations: tuple[str, ...] = ()  # places named as places ("in Österreich"), not as attributes ("europäische")
    typed_lower: bool = False  # typed all in lower case (its nouns recased from the document's words)
    subclause_start: int | None = None  # the word opening a trailing clause of its own ("..., die sich nicht daran halten?")

    @property
    def is_yesno(self) -> bool:
        return self.kind in ("yesno", "keyword")

    def to_dict(self) -> dict:
        return {
            "text": self.text,
            "kind": self.kind,
            "wh": self.wh,
            "rule": self.rule,
            "places": list(self.places),
            "concepts": {k: list(v) for k, v in self.concepts.items()},
            "terms": [t.text for t in self.terms],
            "flags": [n for n in ("permission", "affected", "generality", "restriction", "uncertainty", "identity", "list_request") if getattr(self, n)],
            "list_label": self.list_label,
            "scope_field": self.scope_field,
            "corrections": [list(c) for c in self.corrections],
        }


class Vocabulary:
    """The words a question may be corrected towards: the lexicon's and a document's.

    words (Iterable[str]): folded words of the document.
    """

    def __init__(self, words: Iterable[str] = (), nouns: Iterable[str] = ()):
        lex = lexicon()
        doc = frozenset(words)
        #: folded words the document writes only capitalised inside a sentence: its nouns and
        #: names, for a question typed all in lower case ("wer hat den kompromiss ausgehandelt")
        self.nouns = frozenset(nouns)
        self.known = lex.vocabulary | doc | lex.stopwords | frozenset(stem(w) for w in doc)
        self.choices = sorted(lex.vocabulary | {w for w in doc if len(w) >= TYPO_MIN_LEN and w.isalpha()})
        # typos rarely hit the first two letters: only words that begin the same are candidates
        # ("entgehen" is no typo of "eingehen")
        self.by_initial: dict[str, list[str]] = {}
        for w in self.choices:
            self.by_initial.setdefault(w[:2], []).append(w)


@lru_cache(maxsize=1)
def _lexicon_vocabulary() -> Vocabulary:
    return Vocabulary()


def _correct(tokens: list[Token], known: frozenset[str], by_initial: dict[str, list[str]]) -> tuple[list[Token], list[tuple[str, str]]]:
    """Replace misspelt words by their closest known word (see TYPO_CUTOFF)."""
    out, fixes = [], []
    for tok in tokens:
        if (
            len(tok.folded) < TYPO_MIN_LEN
            or tok.folded in known
            or tok.stem in known
            or len(tok.parts) > 1  # compounds with a hyphen: their parts are matched one by one
            or any(c.isdigit() for c in tok.folded)
        ):
            out.append(tok)
            continue
        choices = by_initial.get(tok.folded[:2], ())
        hit = process.extractOne(tok.folded, choices, scorer=fuzz.ratio, processor=None, score_cutoff=TYPO_CUTOFF) if choices else None
        if hit is None:
            out.append(tok)
            continue
        word = hit[0]
        fixes.append((tok.text, word))
        noun = tok.text[:1].isupper()
        parts = tuple(stem(p, noun=noun) for p in word.split("-") if p)
        out.append(Token(tok.text, word, stem(word, noun=noun), parts, tok.start))
    return out, fixes


def _recased(tokens: list[Token], vocab: Vocabulary, lex: Lexicon) -> list[Token]:
    """A question typed all in lower case with its nouns and names capitalised again:
    the words the document writes only capitalised inside a sentence (``Vocabulary.nouns``).
    German marks nouns by their capital, and the analysis reads nouns, names and verbs
    by it ("wer hat den vertrag unterschrieben" asks for the same as "Wer hat den
    Vertrag unterschrieben"). The first word keeps its case (a sentence's capital)."""
    if not vocab.nouns:
        return tokens
    out = tokens[:1]
    for tok in tokens[1:]:
        out.append(_recased_token(tok, vocab.nouns, lex))
    return out


def _recased_token(tok: Token, nouns: frozenset[str], lex: Lexicon) -> Token:
    """The token capitalised where the document writes it so: the whole word, or each
    part of a hyphenated compound ("samsung-mitarbeiter"); its head decides the stem."""
    if tok.folded in lex.stopwords or tok.folded in lex.wh_words or any(c.isdigit() for c in tok.text):
        return tok
    pieces = re.split(r"([-.'’])", tok.text)
    words = [p for p in pieces if p and p not in "-.'’"]
    whole = tok.folded in nouns
    caps = [whole and len(words) == 1 or fold(p) in nouns for p in words]
    if not any(caps) and not whole:
        return tok
    if whole:
        caps[-1] = True
    it = iter(caps)
    text = "".join(p if not p or p in "-.'’" else (p[:1].upper() + p[1:] if next(it) else p) for p in pieces)
    head_noun = caps[-1] if caps else whole
    return Token(text, tok.folded, stem(tok.folded, noun=head_noun), tuple(stem(fold(p), noun=c) for p, c in zip(words, caps)), tok.start)


#: What ends a question's preamble: a dash or a colon ("Ich bin auf ein Sauerstoffgerät
#: angewiesen – was muss ich tun?").
_QUESTION_BREAK = re.compile(r"\s[–—-]\s|:")


#: The least number of words of a first question that is analysed alone when more
#: questions follow it ("Was passiert, wenn ich es trotzdem benutze? Kriege ich es zurück?").
FIRST_QUESTION_WORDS = 3


def _first_question(text: str) -> str:
    """The first of several questions typed together: the follow-up's words are no
    anchors of their own (its first word's capital, "Kriege ich ...", is the
    sentence's), and the answer to the first question usually answers it too."""
    m = re.search(r"\?+\s+(?=\S)", text)
    if not m or len(WORD_RE.findall(text[: m.start()])) < FIRST_QUESTION_WORDS:
        return text
    return text[: m.start() + 1]


@lru_cache(maxsize=1)
def subordinators() -> frozenset[str]:
    """Words that open a clause of its own after a comma (relative pronouns, "wie", "dass",
    "weil", "wenn" ...; qa_hypothesis.json "subordinators"), folded."""
    return frozenset(fold(w) for w in load_json("qa_hypothesis.json")["subordinators"])


def opens_existential(folded: list[str], lex: Lexicon) -> bool:
    """The question opens with "Gibt es ...", "Existiert ...", "Is there ..."."""
    return any(tuple(folded[: len(p)]) == p for p in lex.existential_openers)


def _if_so_tail(folded: list[str], tails: tuple[tuple[str, ...], ...]) -> tuple[int, int] | None:
    """(start, end) of a "wenn ja" / "falls ja" after the question's opening words, or None."""
    for i in range(2, len(folded)):
        for tail in tails:
            if tuple(folded[i : i + len(tail)]) == tail:
                return i, i + len(tail)
    return None


def _without_tag(tokens: list[Token], tails: tuple[tuple[str, ...], ...]) -> list[Token]:
    """The question without a tag-question tail ("..., oder nicht?", "ja oder nein?"):
    it asks for a verdict and its "nicht" is no part of the claim."""
    for tail in tails:
        n = len(tail)
        if len(tokens) > n + 2 and tuple(t.folded for t in tokens[-n:]) == tail:
            return tokens[:-n]
    return tokens


def analyse(text: str, vocabulary: "Vocabulary | None" = None, *, recase: bool = True) -> Question:
    """Analyse a German (or simple English) question.

    text (str): the question.
    vocabulary (Vocabulary | None): the document's words, for typo correction
        (default: the lexicon's words only).
    recase (bool): capitalise the nouns of a question typed all in lower case again
        (``_recased``); False reads its words as typed.
    RETURNS (Question): the analysis.
    RAISES QuestionError: the question is empty.
    """
    if text is None or not str(text).strip():
        raise QuestionError("the question is empty; ask a question such as \"Gilt das Verbot auch in Österreich?\"")
    text = str(text).strip()
    lex = lexicon()
    # compatibility forms (𝔊𝔦𝔩𝔱, ﬁ, full-width letters) become plain letters; control characters go
    plain = "".join(ch if unicodedata.category(ch)[0] != "C" else " " for ch in unicodedata.normalize("NFKC", text))
    plain = _first_question(plain)
    tokens = tokenize(plain)
    if not tokens:
        # nothing to look for: an empty analysis, answered with "unknown"
        return Question(text=text, tokens=(), kind="keyword")
    # English words the analysis should read as German ones
    english = reads_english(tokens, lex)
    written = tokens  # before the English words became German: "what is the reason" is a question phrase
    tokens = [_english(tok, lex, english) for tok in tokens]
    vocab = vocabulary or _lexicon_vocabulary()
    tokens, fixes = _correct(tokens, vocab.known, vocab.by_initial)
    tokens = _without_tag(tokens, lex.tag_tails)
    typed_lower = not any(t.capitalised for t in tokens[1:])
    if recase and not english and typed_lower:
        tokens = _recased(tokens, vocab, lex)

    folded = [t.folded for t in tokens]
    # -- kind -----------------------------------------------------------------
    kind, wh, wh_pos = "keyword", None, -1
    wh_span: set[int] = set()
    stems = tuple(stem(t.folded) for t in tokens)
    written_stems = tuple(stem(t.folded) for t in written[: len(tokens)]) if english else stems
    for phrase, w in sorted(lex.wh_phrases.items(), key=lambda kv: -len(kv[0])):
        n = len(phrase)
        for i in range(0, len(folded) - n + 1):
            if (stems[i : i + n] == phrase or written_stems[i : i + n] == phrase) and (i < 3 or kind == "keyword"):
                kind, wh, wh_pos = "wh", w, i
                wh_span = set(range(i, i + n))
                break
        if wh:
            break
    if not wh:
        for i, word in enumerate(folded[:4]):
            if word == "wie" and i > 0 and not all(w in lex.stopwords and w not in lex.yesno_openers for w in folded[:i]):
                break  # "Startet die Zone wie geplant ...?": a "wie" after the verb compares, it asks nothing
            if word in lex.wh_words and not (word == "was" and i > 0 and folded[0] in lex.yesno_openers):
                # "seit" alone is only a question word in "seit wann"
                if word == "seit":
                    continue
                kind, wh, wh_pos = "wh", lex.wh_words[word], i
                wh_span = {i}
                break
    if not wh:
        # "Ein Handwerker muss Werkzeug bringen – wie kommt er trotzdem rein?": the question after a dash or colon
        breaks = [i for i in range(2, len(tokens)) if _QUESTION_BREAK.search(plain[tokens[i - 1].start + len(tokens[i - 1].text) : tokens[i].start])]
        start = breaks[-1] if breaks else None
        for i in range(start, min(start + 2, len(tokens))) if start is not None else ():
            if folded[i] in lex.wh_words and folded[i] != "seit":
                kind, wh, wh_pos = "wh", lex.wh_words[folded[i]], i
                wh_span = {i}
                break
    if not wh:
        # "Darf noch jemand X, und wenn ja, mit welchen Auflagen?": the question word after "wenn ja"
        at = _if_so_tail(folded, lex.if_so_tails)
        for i in range(at[1], min(at[1] + 3, len(tokens))) if at else ():
            if folded[i] in lex.wh_words and folded[i] != "seit":
                kind, wh, wh_pos = "wh", lex.wh_words[folded[i]], i
                wh_span = set(range(at[0], i + 1))
                break
    if wh == "what" and wh_pos == 0 and any(w in lex.why_verbs for w in folded[2:]):
        wh = "why"  # "Was hat den Verband zu diesem Schritt bewogen?"
    if not wh and folded[0] in lex.yesno_openers:
        kind = "yesno"
    if folded[0] in lex.english_yesno_openers and english and wh_pos == 0:
        kind, wh, wh_pos, wh_span = "yesno", None, -1, set()  # "Was the vote postponed ...?" is English, not "Was ...?"

    if kind != "keyword" and tokens[0].capitalised:
        # the capital of the first word is the sentence's, not a noun's ("Bietet" ~ "biete")
        t0 = tokens[0]
        tokens[0] = Token(t0.text, t0.folded, stem(t0.folded), tuple(stem(p) for p in re.split(r"[-.'’]", t0.folded) if p), t0.start)
    fset = set(folded)
    places_found = lex.places_in(tokens)
    # "außerhalb der USA": anywhere but the place named
    for code, positions in list(places_found.items()):
        if positions and any(folded[j] in lex.outside_words for p in positions for j in range(max(0, p - 3), p)):
            del places_found[code]
            places_found.setdefault("worldwide", list(positions))
    concepts_found = lex.without_negated(lex.concepts_in(tokens), tokens)
    place_positions = {i for ps in places_found.values() for i in ps}

    # the most specific rule word wins: "Was ist vom Verbot ausgenommen?" asks about exceptions
    found_rules = {lex.rule_words[w] for w in folded if w in lex.rule_words}
    if fset & lex.permission_words and kind != "wh":
        found_rules.discard("update")  # "Dürfen Parteien KI nutzen, um Farben zu korrigieren?"
    rule = next((r for r in RULE_PRIORITY if r in found_rules), None)
    if kind == "wh" and rule in (None, "prohibition", "restriction") and fset & lex.negation_words and fset & (lex.affected_words | {"unter", "ausgenommen"}):
        rule = "exception"  # "Was fällt nicht unter das Verbot?", "Wofür gilt es nicht?"
    if rule is None and "Verbot" in concepts_found:
        rule = "prohibition"
    if rule is None and "Ausnahme" in concepts_found:
        rule = "exception"
    if rule is None and "Update" in concepts_found and not (fset & lex.permission_words and kind != "wh"):
        rule = "update"
    if rule in (None, "permission") and kind != "wh" and opens_existential(folded, lex) and fset & lex.despite_words and fset & lex.permission_words:
        rule = "exception"  # "Gibt es Schüler, die in Prüfungen doch Hilfsmittel nutzen dürfen?"

    concepts: dict[str, list[str]] = {}
    for name in concepts_found:
        c = lex.concepts[name]
        if c.dim != "term":
            concepts.setdefault(c.dim, []).append(name)
    # a narrower device makes its broader ones redundant ("Dashcam" also matched "Kamera")
    for dim, names in concepts.items():
        concepts[dim] = [n for n in names if not any(n in lex.broader_of(m) for m in names if m != n)]
    # a content word carries a concept only when it is a spelling of it: "Bundesregierung"
    # contains "Regierung" but a text about "Regierungsbehörden" does not mention it
    concept_at: dict[int, str] = {}
    for name, positions in concepts_found.items():
        if len(positions) > 1 and any(len(v) > 1 for v in lex.concepts[name].variants):
            for i in positions:
                concept_at.setdefault(i, name)
    for i, tok in enumerate(tokens):
        exact = lex.exact_concept(tok)
        if exact:
            concept_at[i] = exact

    list_label = next((lex.label_nouns[w] for w in folded if w in lex.label_nouns), None)
    if (
        list_label is not None and wh == "which" and wh_pos + 1 < len(folded) and tokens[wh_pos + 1].capitalised
        and not any(w in lex.label_nouns or any(w.endswith(x) for x in lex.label_nouns if len(x) >= 5) for w in folded[wh_pos + 1 : wh_pos + 3])
    ):  # ("Which Microsoft service ...?" names its class after a name)
        list_label = None  # "Welche Strafen hätten die Verbände akzeptiert?" asks for penalties, not for organisations
    if list_label is None and wh == "which" and wh_pos + 1 < len(folded):
        # a compound whose head is a class noun: "Drohnenhersteller" names companies
        noun = folded[wh_pos + 1]
        list_label = next((lab for w, lab in lex.label_nouns.items() if len(w) >= 5 and noun.endswith(w)), None)
    scope_field = next((lex.scope_field_nouns[w] for w in folded if w in lex.scope_field_nouns), None)
    if wh == "where":
        scope_field = "geo"
    list_request = wh in ("which", "what", "who") and bool(fset & lex.list_predicates)

    opener = folded[0] if kind == "yesno" else None
    # "Welches Gesetz ...?": the noun after "welche" names the kind of answer, it
    # need not occur in the evidence
    answer_noun = wh_pos + 1 if wh == "which" and wh_pos + 1 < len(tokens) else -1
    cased = not typed_lower  # in a question typed in lower case a verb is told from a noun by the document only
    # the main clause ends before ", die/wenn/weil ..." ("Wie hoch ist die Strafe für Anbieter, die sich nicht daran halten?")
    main_end = next((i for i in range(2, len(tokens)) if tokens[i].folded in subordinators() and "," in plain[tokens[i - 1].start : tokens[i].start]), len(tokens))
    terms = []
    place_code_at = {p: code for code, ps in places_found.items() for p in ps}
    for i in sorted(place_code_at):
        if i - 1 in place_code_at and place_code_at[i - 1] == place_code_at[i]:
            continue  # the second word of a multi-word name
        terms.append(Term(tokens[i].text, tokens[i].stem, "geo:" + place_code_at[i], "geo", 2.0, i))
    for i, tok in enumerate(tokens):
        w = tok.folded
        if i in wh_span or (i == 0 and opener and w in lex.light_verbs) or i in place_positions:
            continue
        if w in lex.stopwords or w in lex.generic_nouns or w in lex.wh_words:
            continue
        if w in lex.generality_words or w in lex.restriction_words or w in lex.uncertainty_words:
            continue
        number = bool(NUMBER_RE.fullmatch(tok.text))
        if len(w) < 2 and not number:
            continue
        concept = concept_at.get(i)
        dim = lex.concepts[concept].dim if concept else None
        if number:
            concept, dim = "num:" + tok.text.replace(",", "."), "number"
        noun = tok.capitalised and i > 0 or tok.text.isupper() or any(ch.isdigit() for ch in tok.text)
        if i == 0 and tok.capitalised and len(w) >= 6 and w.endswith(lex.noun_suffixes):
            noun = True  # "Förderung Heizungstausch wie viel?": a first word ending in -ung is a noun
        weight = 2.0 if noun else 1.0
        # the finite verb right after who/what/when/... carries the question ("Was kostet ...?")
        predicate = (
            cased  # in a question typed all in lower case nouns and verbs look alike
            and wh in ("who", "what", "when", "where", "why", "how", "purpose", "how_many")
            and i == max(wh_span, default=-9) + 1
            and not tok.capitalised
            and w not in lex.light_verbs
        )
        action = kind != "wh" and i == len(tokens) - 1 and not tok.capitalised and w not in lex.light_verbs
        if (
            not predicate and cased and kind == "wh" and wh != "which" and i == main_end - 1 and i > max(wh_span, default=0) + 1
            and not tok.capitalised and w not in lex.light_verbs
            and folded[max(wh_span, default=0) + 1] in lex.modal_verbs
        ):
            predicate = True  # "Was müssen Werbekunden angeben?": the verb at the end carries the question
        terms.append(Term(tok.text, tok.stem, concept, dim, weight, i, i == answer_noun, predicate, action))

    return Question(
        text=text,
        tokens=tuple(tokens),
        kind=kind,
        wh=wh,
        rule=rule,
        places=tuple(places_found),
        concepts={k: tuple(v) for k, v in concepts.items()},
        terms=tuple(sorted(terms, key=lambda t: t.position)),
        permission=bool(fset & lex.permission_words) and kind != "wh",
        affected=bool(fset & lex.affected_words),
        generality=bool(fset & lex.generality_words),
        restriction=bool(fset & lex.restriction_words) and kind != "wh",
        uncertainty=bool(fset & lex.uncertainty_words) and ("ob" in fset or "whether" in fset or "if" in fset or kind == "yesno"),
        identity=wh in ("who", "what", "which") and bool(fset & lex.identity_words),
        list_label=list_label,
        list_request=list_request,
        scope_field=scope_field,
        corrections=tuple(fixes),
        locations=tuple(
            code for code, ps in places_found.items()
            if any(tokens[i].stem not in lex.adjectival_places and tokens[i].folded not in lex.adjectival_places for i in ps)
        ),
        typed_lower=typed_lower,
        subclause_start=main_end if main_end < len(tokens) else None,
    )


def reads_english(tokens: Sequence[Token], lex: Lexicon) -> bool:
    """Whether a question is English: two or more English function words, one of
    them no German word as well ("was", "an" are both)."""
    markers = [t.text.lower() for t in tokens if t.text.lower() in lex.english_markers]
    return len(markers) >= 2 and any(m not in lex.english_markers_also_german for m in markers)


def _english(tok: Token, lex: Lexicon, english: bool = False) -> Token:
    """The German word for an English one: the short list for every question, the
    glossary (and its words without their ending) only for a question read as English."""
    german = lex.english.get(tok.folded)
    if not german and english:
        german = _glossary(tok.folded, lex.english_glossary)
    if not german:
        return tok
    f = fold(german)
    return Token(german, f, stem_word(german), (stem_word(german),), tok.start)


#: English endings tried, longest first, when an inflected form is not in the glossary
#: ("deploys" -> deploy, "suspended" -> suspend, "approved" -> approve, "tracking" -> track).
_ENGLISH_ENDINGS = (("ing", ""), ("ing", "e"), ("ies", "y"), ("ied", "y"), ("es", ""), ("ed", ""), ("ed", "e"), ("s", ""), ("d", ""))


def _glossary(word: str, glossary: dict[str, str]) -> str | None:
    hit = glossary.get(word)
    if hit:
        return hit
    if "-" in word:
        # "combustion-engine", "away-fan": the German word of the first part the glossary knows
        return next((g for part in word.split("-") if part and (g := _glossary(part, glossary))), None)
    if len(word) < 5:
        return hit
    for ending, base in _ENGLISH_ENDINGS:
        if word.endswith(ending) and (hit := glossary.get(word[: -len(ending)] + base)):
            return hit
    for ending in ("ing", "ed"):
        # a doubled last consonant before the ending: "banning" -> ban, "planned" -> plan
        root = word[: -len(ending)]
        if word.endswith(ending) and len(root) > 2 and root[-1] == root[-2] and root[-1] not in "aeiou":
            if hit := glossary.get(root[:-1]):
                return hit
    return None
