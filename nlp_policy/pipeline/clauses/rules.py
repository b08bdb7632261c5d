"""Finding rules in German sentences: triggers, clause parts, types, negation
and the links between clauses. Plain Python over strings, driven by
``data/clause_triggers.json`` (patterns) and ``data/clause_lexicon.json``
(predicates by concept, matched on lemmas); the spaCy component in
``component.py`` applies it to a doc's sentences.

Lemmas come from the lemmatiser's lookup table (``use_lemma_table``; by
default the table of ``spacy-lookups-data``, loaded on first use), so one
lexicon entry covers every inflection of a word.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import Callable, Mapping

from nlp_policy.resources import load_json
from nlp_policy.pipeline.clauses.scope import extract_scope

_B = r"(?<![\wÄÖÜäöüß])"
_E = r"(?![\wÄÖÜäöüß])"
_WORDS = re.compile(r"[\wÄÖÜäöüß]+")
# Characters that open/close a part of their own.
_BRACKETS = {"(": ")", "[": "]"}
_DASHES = re.compile(r"\s[–—-]\s")


@dataclass(frozen=True)
class Trigger:
    """A trigger found in a text: type, offsets relative to that text, strength."""

    type: str
    start: int
    end: int
    strength: int
    text: str
    #: the trigger's own negation is part of its meaning ("steht nicht zur Verfügung")
    inherent: bool = False
    #: a rule named by a noun ("Fahrverbot"), not stated by a verb
    nominal: bool = False


@dataclass
class ClauseDraft:
    """A clause before ids are final: offsets are absolute (document) offsets."""

    type: str
    start: int
    end: int
    trigger: tuple[int, int]
    negated: bool
    scope: dict[str, list[str]]
    text: str
    sentence_index: int
    issuer: str | None = None
    addressees: list[str] = field(default_factory=list)
    action: str | None = None
    relations: list[tuple[str, int]] = field(default_factory=list)  # (type, index of target draft)


@lru_cache(maxsize=1)
def _rules() -> dict:
    data = load_json("clause_triggers.json")
    compiled = []
    for ctype, entries in data["types"].items():
        for entry in entries:
            pattern = re.compile(_B + "(?:" + entry["pattern"] + ")" + _E, re.IGNORECASE)
            compiled.append((ctype, entry["strength"], pattern, needs(entry["pattern"])))
    markers = sorted(data["update_markers"], key=len, reverse=True)
    # "Update:", "Update, Mai 2020:", "Update (19. Januar 2023):"
    marker_re = re.compile(
        r"^\W*(" + "|".join(re.escape(m) for m in markers) + r")(?:\s*[,(][^:\n]{0,40})?\s*[:\-–]", re.IGNORECASE
    )
    split_re = re.compile(r",\s+(?=(?:" + "|".join(re.escape(w) for w in data["split_before"]) + r")" + _E + ")", re.IGNORECASE)
    return {
        "patterns": compiled,
        "priority": {t: i for i, t in enumerate(data["priority"])},
        "marker": marker_re,
        "split": split_re,
        # "und"/"sowie"/"oder", a bare comma, or a colon that opens a clause of its own
        "coordination": re.compile(r",?\s+(?:und|sowie|oder)\s+|,\s+|:\s+(?=[A-ZÄÖÜ])", re.IGNORECASE),
        "openers": re.compile(r"^\W*(?:" + "|".join(re.escape(w) for w in data["correction_openers"]) + r")" + _E, re.IGNORECASE),
        "negations": set(data["negation_words"]),
        "negation_exceptions": [re.compile(_B + re.escape(p) + _E, re.IGNORECASE) for p in data["negation_exceptions"]],
        "inherent": [tuple(x.split(":", 1)) for x in data["negation_inside"]],
        "speech_weak": set(data["speech_weak_types"]),
    }


# -- lemmas and the concept lexicon ----------------------------------------------

_lemma_table: Mapping[str, str] | None = None


def use_lemma_table(table: Mapping[str, str] | None) -> None:
    """Use this form -> lemma table (the pipeline's lemmatiser lookups) for the lexicon."""
    global _lemma_table
    if table is not None and table is not _lemma_table:
        _lemma_table = table
        _lemma.cache_clear()
        _word_entries.cache_clear()
        _silent.cache_clear()
        _find_triggers.cache_clear()


def _table() -> Mapping[str, str]:
    global _lemma_table
    if _lemma_table is None:
        # the same de lemma table as the lemmatizer's, as compact arrays loaded once
        # per process (loading it into spaCy Lookups again cost 1.7 s and 150 MiB)
        from nlp_policy.pipeline.tables import lexical_tables

        _lemma_table = lexical_tables().de_lemma
    return _lemma_table


@lru_cache(maxsize=65536)
def _lemma(word: str, initial: bool) -> str:
    """The lowercased lemma of a word; a capitalised sentence opener is also
    looked up in lower case (``Gesperrt wurde ...``)."""
    table = _table()
    found = table.get(word)
    if found is None and initial and word[:1].isupper():
        found = table.get(word.lower())
    return (found if isinstance(found, str) else word).lower()


@lru_cache(maxsize=1)
def _lexicon() -> dict:
    data = load_json("clause_lexicon.json")
    concepts = data["concepts"]
    particles = sorted(data["separable_particles"], key=len, reverse=True)
    words: dict[str, str] = {}
    split_verbs: dict[str, list[tuple[str, str]]] = {}
    for concept, lemmas in data["verbs"].items():
        for lemma in lemmas:
            words[lemma] = concepts[concept]
            for particle in particles:
                base = lemma[len(particle) :]
                if lemma.startswith(particle) and len(base) >= 4:
                    split_verbs.setdefault(base, []).append((particle, concepts[concept]))
                    break
    predicative: set[str] = set()
    for concept, lemmas in data["adjectives"].items():
        for lemma in lemmas:
            words[lemma] = concepts[concept]
            predicative.add(lemma)
    # a noun head ends a word (with an inflection ending): "Handyverbot", "Auflagen"
    heads = sorted(((h, concepts[c]) for c, hs in data["nouns"].items() for h in hs), key=lambda hc: len(hc[0]), reverse=True)
    noun_type = {h: c for h, c in heads}
    phrases = []
    for concept, entries in data["phrases"].items():
        for entry in entries:
            pattern = re.compile(_B + "(?:" + entry["pattern"] + ")" + _E, re.IGNORECASE)
            phrases.append(
                (concepts[concept], int(entry.get("strength", 2)), bool(entry.get("inherent")), pattern, needs(entry["pattern"]))
            )
    not_after = re.compile(r"(?:" + "|".join(re.escape(w) for w in data["not_after"]) + r")\s*$", re.IGNORECASE)
    conditions = re.compile(_B + "(?:" + "|".join(re.escape(w) for w in data["conditions"]) + ")" + _E, re.IGNORECASE)
    enders = data["rule_enders"]
    return {
        "words": words,
        "predicative": frozenset(predicative),
        "split_verbs": split_verbs,
        "noun_type": noun_type,
        "noun_lengths": sorted({len(h) for h in noun_type}, reverse=True),
        "phrases": phrases,
        "not_after": not_after,
        "conditions": conditions,
        "ender_lemmas": frozenset(enders["lemmas"]),
        "ender_phrases": re.compile(_B + "(?:" + "|".join(enders["phrases"]) + ")" + _E, re.IGNORECASE),
        "rule_noun_types": frozenset(concepts[c] for c in data["rule_nouns_of"]),
        "question_openers": frozenset(data["question_openers"]),
        "opening_none": re.compile(data["sentence_opening_none"], re.IGNORECASE),
        "not_correction": re.compile(_B + "(?:" + "|".join(data["not_before_correction"]) + r")\s+$", re.IGNORECASE),
        "subheading_words": int(data["subheading_words"]),
        "time_span_nouns": re.compile(
            r"(?:" + "|".join(re.escape(n) for n in data["time_span_nouns"]) + r")(?:e|en|n|s|es|er)?$", re.IGNORECASE
        ),
        "attributive_types": frozenset(data["attributive"]["types"]),
        "attributive_endings": tuple(data["attributive"]["endings"]),
        "attributive_window": int(data["attributive"]["window"]),
        "attributive_openers": frozenset(data["attributive"]["openers"]),
        "rule_object_verbs": frozenset(data["rule_object_verbs"]),
        "particles": tuple(particles),
        "lifting_rule_types": frozenset(concepts[c] for c in data["rule_nouns_of_lifting"]),
        "rule_nouns": re.compile(
            r"(?:" + "|".join(re.escape(n) for n in data["rule_nouns"]) + r")(?:e|en|n|s|es|er)?" + _E, re.IGNORECASE
        ),
        "additive": _word_list_re(data["exception_senses"]["additive_negations"]),
        "only_for_time": re.compile(
            _word_list_re(data["exception_senses"]["only_words"]).pattern
            + r"\s+"
            + _word_list_re(data["exception_senses"]["time_extent_words"]).pattern,
            re.IGNORECASE,
        ),
    }


def _word_list_re(words: list[str]) -> re.Pattern:
    """One case-insensitive pattern for whole words or phrases of a list."""
    return re.compile(_B + "(?:" + "|".join(re.escape(w) for w in words) + ")" + _E, re.IGNORECASE)


#: how far past an exception trigger its 'nicht nur' may stand ("betrifft nicht | nur X")
_SENSE_WINDOW = 16


_SENTENCE_END = re.compile(r"[.;!?]")
#: after an attributive participle: at most one lower-case adjective, then a capitalised noun
_NOUN_AFTER = re.compile(r"\s+(?:[a-zäöüß]+(?:e|en|er|es|em)\s+)?[A-ZÄÖÜ]")
_WORD_BEFORE = re.compile(r"([\wÄÖÜäöüß]+)[^\wÄÖÜäöüß.;:!?]*$")


def _attributive(text: str, trigger: Trigger) -> bool:
    """True for a one-word trigger that is a participle used as an attribute
    ('der erlaubten Zeiten', 'mit einer nicht genehmigten Version'): it names
    a thing, it states no rule."""
    lex = _lexicon()
    word = trigger.text
    if trigger.type not in lex["attributive_types"] or trigger.nominal or not word.isalpha() or word[0].isupper():
        return False
    if not word.lower().endswith(lex["attributive_endings"]) or not _NOUN_AFTER.match(text, trigger.end):
        return False
    before = text[: trigger.start]
    for _ in range(lex["attributive_window"]):
        m = _WORD_BEFORE.search(before)
        if m is None:
            return False
        if m.group(1).lower() in lex["attributive_openers"]:
            return True
        if m.group(1)[0].isupper():
            return False  # a noun between: 'Die Eltern erlaubten Ausnahmen' is a finite verb
        before = before[: m.start()]
    return False


def _lifts_no_rule(text: str, trigger: Trigger) -> bool:
    """True for a lifting trigger of a verb that lifts rules only ('aussetzen',
    'streichen') when its sentence names no rule: 'die Übermittlung aussetzen'
    halts an activity, 'Stellen streichen' cuts jobs, neither lifts a rule."""
    if trigger.type != "lifting" or trigger.nominal or " " in trigger.text.strip():
        return False
    lex = _lexicon()
    lemma = _lemma(trigger.text, trigger.start == 0)
    bound = lex["rule_object_verbs"]
    if lemma not in bound and not any(p + lemma in bound for p in lex["particles"]):
        return False
    starts = [m.end() for m in _SENTENCE_END.finditer(text, 0, trigger.start)]
    stop = _SENTENCE_END.search(text, trigger.end)
    sentence = text[starts[-1] if starts else 0 : stop.start() if stop else len(text)]
    # German nouns are capitalised: 'verboten' ends like 'Verbot' but names no rule
    nouns = [w for w in _WORDS.findall(sentence) if w[0].isupper()]
    if any(lex["rule_nouns"].search(w) for w in nouns):
        return False
    return not any(_noun_head(w.lower()) in lex["lifting_rule_types"] for w in nouns)


def _no_exception(text: str, trigger: Trigger) -> bool:
    """True for an exception trigger whose 'nicht' or 'nur' means something else:
    an additive 'nicht nur' (the rule reaches further) or an 'only' of time
    ('gilt nur vorübergehend': a temporary rule, not a narrowed one)."""
    if trigger.type != "exception":
        return False
    lex = _lexicon()
    window = text[trigger.start : min(len(text), trigger.end + _SENSE_WINDOW)]
    if any(m.start() < trigger.end - trigger.start for m in lex["additive"].finditer(window)):
        return True
    return any(m.start() < trigger.end - trigger.start for m in lex["only_for_time"].finditer(window))


_WORD_GROUP = re.compile(r"\(\?:([a-zäöüß|]+)\)(?![?*{])")
_PLAIN = set("abcdefghijklmnopqrstuvwxyzäöüß ")


def _alternatives(pattern: str) -> list[str]:
    """The top-level alternatives of a regular expression (``A|B`` -> A, B)."""
    out, depth, last, i = [], 0, 0, 0
    while i < len(pattern):
        ch = pattern[i]
        if ch == "\\":
            i += 2
            continue
        if ch == "[":
            close = pattern.find("]", i + 2)
            i = close + 1 if close > 0 else len(pattern)
            continue
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        elif ch == "|" and depth == 0:
            out.append(pattern[last:i])
            last = i + 1
        i += 1
    out.append(pattern[last:])
    return out


def _required(alternative: str) -> frozenset[str] | None:
    """Strings one of which every match of a branch contains: its longest plain
    run outside groups, else the words of a leading ``(?:a|b)`` group."""
    runs, run, depth, i = [], "", 0, 0
    while i < len(alternative):
        ch = alternative[i]
        if depth == 0 and ch in _PLAIN:
            run += ch
            i += 1
            continue
        if ch in "?*{" and run:
            run = run[:-1]  # the quantifier makes the last character optional
        runs.append(run)
        run = ""
        if ch == "\\":
            i += 2
            continue
        if ch == "[":
            close = alternative.find("]", i + 2)
            i = close + 1 if close > 0 else len(alternative)
            continue
        depth += ch == "("
        depth -= ch == ")"
        i += 1
    runs.append(run)
    best = max((r.strip() for r in runs), key=len, default="")
    if len(best) >= 3:
        return frozenset([best])
    m = _WORD_GROUP.match(alternative)
    return frozenset(m.group(1).split("|")) if m else None


def needs(pattern: str) -> frozenset[str] | None:
    """Strings one of which occurs (lower-cased) in every text the pattern
    matches, or None when that cannot be read off it: a cheap test before the
    regular expression runs."""
    found: set[str] = set()
    for alternative in _alternatives(pattern):
        req = _required(alternative)
        if req is None:
            return None
        found |= req
    return frozenset(found)


def _may_match(text_lower: str, required: frozenset[str] | None) -> bool:
    return required is None or any(r in text_lower for r in required)


#: id of a list of (..., required) entries -> (the list, its length, finder of the required strings, entries needing nothing)
_REQUIRED_INDEX: dict[int, tuple] = {}


def trie_regex(words: list[str]) -> str:
    """One regular expression for a set of strings, as a trie (``gilt(?: nur)?``): at a
    position it is tried one character at a time instead of string by string, and
    it matches the longest of the strings that start there."""
    trie: dict = {}
    for w in words:
        node = trie
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: dict) -> str:
        alts = [re.escape(ch) + emit(child) for ch, child in sorted(node.items()) if ch]
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        return "(?:" + body + ")?" if "" in node else body

    return emit(trie)


class _StringFinder:
    """Which of many strings occur in a text (``s in text`` for each), in one pass.

    A lookahead trie regex reports, at every position, the longest string that
    starts there; the strings found at that position are exactly it and those of
    the strings that are its prefixes (any string that matches at a position is
    a prefix of the text from there, so of the longest one). The entries of each
    string and of its prefixes are joined once, here.
    """

    def __init__(self, by_string: dict[str, list[int]]):
        strings = [r for r in by_string if r]
        self.always = tuple(by_string.get("", ()))  # "" is in every text
        self.pattern = re.compile("(?=(" + trie_regex(strings) + "))") if strings else None
        self.entries = {
            r: frozenset(k for p in strings if r.startswith(p) for k in by_string[p]) for r in strings
        }

    def find(self, text: str) -> set[int]:
        """The entries of the strings that occur in ``text``."""
        found = set(self.always)
        if self.pattern is not None:
            entries = self.entries
            for hit in {m.group(1) for m in self.pattern.finditer(text)}:
                found.update(entries[hit])
        return found


def _candidates(entries: list[tuple], text_lower: str) -> list[int]:
    """The indices of the entries whose ``_may_match`` holds for a text, in order.

    The required strings are looked for in one pass over the text (a trie, see
    ``_StringFinder``), instead of one search per entry or string (the entries
    share many strings: ``gilt``, ``nur``, ``darf``).
    """
    index = _REQUIRED_INDEX.get(id(entries))
    if index is None or index[0] is not entries or index[1] != len(entries):
        by_string: dict[str, list[int]] = {}
        always = []
        for k, entry in enumerate(entries):
            if entry[-1] is None:
                always.append(k)
            else:
                for r in entry[-1]:
                    by_string.setdefault(r, []).append(k)
        index = _REQUIRED_INDEX[id(entries)] = (entries, len(entries), _StringFinder(by_string), always)
    found = index[2].find(text_lower)
    found.update(index[3])
    return sorted(found)


_OPENER = re.compile(r"(?:^|[.:!?;„“\"»«(]\s*)$")
_CLAUSE_END = re.compile(r"[,.;:!?–—)]|$")


@lru_cache(maxsize=65536)
def _word_entries(word: str) -> tuple[str | None, tuple, tuple]:
    """What the lexicon says of a word, read once per word: its noun head's type, and
    (clause type, split verbs) of its lemma inside a sentence and as a capitalised
    sentence opener (looked up in lower case too)."""
    lex = _lexicon()
    words, split_verbs = lex["words"], lex["split_verbs"]

    def entries(initial: bool) -> tuple[str | None, tuple]:
        lemma = _lemma(word, initial)
        ctype = words.get(lemma)
        if ctype and lemma in lex["predicative"] and word.lower() != lemma:
            ctype = None  # an inflected adjective is an attribute, not a predicate
        return ctype, tuple(split_verbs.get(lemma, ()))

    inside = entries(False)
    return _noun_head(word.lower()), inside, entries(True) if word[0].isupper() else inside


@lru_cache(maxsize=65536)
def _silent(word: str) -> bool:
    """True for a word from which ``lexicon_triggers`` finds nothing wherever it stands:
    shorter than three letters, or no noun head and no entry inside a sentence or
    as its opener."""
    if len(word) < 3:
        return True
    noun, inside, opening = _word_entries(word)
    return not noun and inside == opening and inside[0] is None and not inside[1]


def lexicon_triggers(text: str) -> list[Trigger]:
    """Triggers from the concept lexicon: lemma words (every inflection), split
    separable verbs (base verb ... particle at the end of the clause), noun
    heads and compounds, and multi-word phrases."""
    lex = _lexicon()
    found: list[Trigger] = []
    # most words (and many texts) carry no entry: such a text skips the walk, and
    # such a word is passed over with one memo lookup
    words = () if all(map(_silent, _WORDS.findall(text))) else _WORDS.finditer(text)
    for m in words:
        word = m.group(0)
        if _silent(word):
            continue
        noun, inside, opening = _word_entries(word)
        if noun:
            start = m.start()
            while start > 0 and (text[start - 1].isalnum() or text[start - 1] in "-_"):
                start -= 1  # the whole compound: "KI-Verbot"
            found.append(Trigger(noun, start, m.end(), 1, text[start : m.end()], nominal=True))
        if inside == opening:  # the word reads the same wherever it stands
            ctype, verbs = inside
        else:
            initial = bool(_OPENER.search(text[max(0, m.start() - 3) : m.start()]))
            ctype, verbs = opening if initial else inside
        if ctype is None and not verbs:
            continue  # most words: no lexicon entry
        before = text[max(0, m.start() - 12) : m.start()]
        if ctype == "update" and lex["not_correction"].search(before):
            continue
        if ctype and not lex["not_after"].search(before):
            found.append(Trigger(ctype, m.start(), m.end(), 2, word))
            continue
        for particle, ptype in verbs:
            # "hob das Verbot ... auf": the particle closes the clause
            end = _CLAUSE_END.search(text, m.end())
            stop = end.start() if end else len(text)
            tail = text[m.end() : stop].rstrip()
            if ptype in ("lifting", "update") and _NICHT_BEFORE.search(tail[: len(tail) - len(particle)]):
                break  # "zieht sich nicht zurück": no lifting
            if tail.lower().endswith(" " + particle) or tail.lower() == particle:
                # the trigger is the verb alone, so rules named between verb and particle stay visible
                found.append(Trigger(ptype, m.start(), m.end(), 2, word))
                break
    phrases = lex["phrases"]
    for k in _candidates(phrases, text.lower()):
        ctype, strength, inherent, pattern, _required = phrases[k]
        for m in pattern.finditer(text):
            found.append(Trigger(ctype, m.start(), m.end(), strength, m.group(0), inherent))
    return found


def _ends_rule(text: str) -> re.Match | None:
    """A word or phrase that ends a rule ("soll fallen", "ist gescheitert"), else None."""
    lex = _lexicon()
    for m in _WORDS.finditer(text):
        if _lemma(m.group(0), m.start() == 0) in lex["ender_lemmas"]:
            return m
    return lex["ender_phrases"].search(text)


def asks(text: str) -> bool:
    """True for a part that is a question or a subheading opened by a question
    word ("Was die Verordnung vorschreibt"): it names a rule, it does not state one."""
    lex = _lexicon()
    stripped = text.strip(" „“\"»«")
    if stripped.endswith("?"):
        return True
    words = _WORDS.findall(stripped)
    return (
        bool(words)
        and words[0].lower() in lex["question_openers"]
        and len(words) <= lex["subheading_words"]
        and "," not in stripped
    )


#: "nicht nur erlaubt": the "nur" there limits nothing
_NICHT_BEFORE = re.compile(r"(?<![\wäöüß])nicht\s+$", re.IGNORECASE)


def refine(text: str, trigger: Trigger, triggers: list[Trigger]) -> Trigger:
    """General corrections of a part's chosen trigger type.

    A permission under a condition or limit ("nur", "sofern", "erst ab") is a
    restriction; a rule named by a noun next to a word that ends it ("Das
    Fahrverbot soll fallen") is a lifting, unless the noun is a span of time
    ("Die Frist endete"), which ends by its nature.
    """
    lex = _lexicon()
    if trigger.type == "permission" and any(
        not _NICHT_BEFORE.search(text[max(0, m.start() - 8) : m.start()]) for m in lex["conditions"].finditer(text)
    ):
        return Trigger("restriction", trigger.start, trigger.end, trigger.strength, trigger.text, True)
    if (
        trigger.nominal
        and trigger.type in lex["rule_noun_types"]
        and not lex["time_span_nouns"].search(trigger.text)
        and not any(t.strength == 2 for t in triggers)
    ):
        end = _ends_rule(text)
        if end is not None:
            return Trigger("lifting", trigger.start, trigger.end, 2, trigger.text, True)
    return trigger


_NOUN_ENDINGS = ("", "e", "en", "es", "s", "n", "er", "ern")


@lru_cache(maxsize=65536)
def _noun_head(word: str) -> str | None:
    """The clause type of the noun head a (lower-cased) word ends with, else None."""
    lex = _lexicon()
    heads = lex["noun_type"]
    for ending in _NOUN_ENDINGS:
        if not word.endswith(ending):
            continue
        stem = word[: len(word) - len(ending)] if ending else word
        for n in lex["noun_lengths"]:
            if n <= len(stem) and stem[-n:] in heads:
                return heads[stem[-n:]]
    return None


_QUOTES = re.compile(r"[„“\"»«]([^„“”\"»«]{30,})[“”\"«»]")


def _in_speech(text: str, trigger: Trigger, quotes: list[tuple[int, int]] | None = None) -> bool:
    if quotes is None:
        quotes = [m.span(1) for m in _QUOTES.finditer(text)]
    return any(a <= trigger.start and trigger.end <= b for a, b in quotes)


def rule_triggers(text: str, triggers: list[Trigger] | None = None) -> list[Trigger]:
    """Triggers that state rules: opinions in direct speech (modal or nominal
    triggers inside a long quotation) are left out.

    triggers: the text's triggers when already found (``within`` a sentence's).
    """
    weak = _rules()["speech_weak"]
    found = find_triggers(text) if triggers is None else triggers
    quotes = [m.span(1) for m in _QUOTES.finditer(text)] if found else []  # once per text
    return [t for t in found if not ((t.strength == 1 or t.type in weak) and _in_speech(text, t, quotes))]


def within(triggers: list[Trigger], a: int, b: int) -> list[Trigger]:
    """The triggers that lie inside ``[a, b)``, with offsets relative to ``a``."""
    return [replace(t, start=t.start - a, end=t.end - a) for t in triggers if a <= t.start and t.end <= b]


def update_marker(text: str) -> tuple[int, int] | None:
    """Offsets of a correction label that opens the text (``Update:``), else None."""
    m = _rules()["marker"].match(text)
    return (m.start(1), m.end(1)) if m else None


def find_triggers(text: str) -> list[Trigger]:
    """Every trigger in a text, leftmost first; a trigger inside a stronger or
    longer overlapping one is dropped."""
    return list(_find_triggers(text))


@lru_cache(maxsize=2048)
def _find_triggers(text: str) -> tuple[Trigger, ...]:
    found = lexicon_triggers(text)
    patterns = _rules()["patterns"]
    for k in _candidates(patterns, text.lower()):
        ctype, strength, pattern, _required = patterns[k]
        for m in pattern.finditer(text):
            found.append(Trigger(ctype, m.start(), m.end(), strength, m.group(0)))
    found = [t for t in found if not (_no_exception(text, t) or _lifts_no_rule(text, t) or _attributive(text, t))]
    found.sort(key=lambda t: (t.start, -(t.end - t.start), -t.strength))
    kept: list[Trigger] = []
    for t in found:
        # kept triggers do not overlap and come in order, so only a tail of
        # them can reach into t: look at that tail, not at all of them
        i = len(kept)
        while i > 0 and kept[i - 1].end > t.start:
            i -= 1
        clash = [k for k in kept[i:] if k.start < t.end]
        if any(k.strength >= t.strength for k in clash):
            continue
        kept[i:] = [k for k in kept[i:] if k not in clash]
        kept.append(t)
    return tuple(sorted(kept, key=lambda t: t.start))


def choose(triggers: list[Trigger]) -> Trigger | None:
    """The trigger that decides a part's type: strongest, then by type priority, then leftmost."""
    if not triggers:
        return None
    prio = _rules()["priority"]
    return min(triggers, key=lambda t: (-t.strength, prio.get(t.type, 99), t.start))


def is_negated(text: str, trigger: Trigger) -> bool:
    """True when a negation word governs the trigger: ``kein generelles Verbot``,
    ``nicht um ein Verbot``. Negations that belong to the trigger itself
    (``darf nicht``, ``deckt nicht ab``) and ``nicht nur`` do not count."""
    rules = _rules()
    if trigger.inherent:
        return False
    for ctype, prefix in rules["inherent"]:
        if ctype == trigger.type and (not prefix or trigger.text.lower().startswith(prefix)):
            return False
    window = text[max(0, trigger.start - 60) : trigger.start]
    for exc in rules["negation_exceptions"]:
        window = exc.sub(" ", window)
    # "Ein Verbot ist das nicht.", "ein Verbot sei nicht geplant": a negation later in
    # the same phrase governs a nominal trigger
    after = text[trigger.end :].split(",", 1)[0]
    if trigger.strength == 1 and re.search(r"(?<![\wäöüß])(?:nicht|nie|niemals)(?![\wäöüß])", after, re.IGNORECASE):
        return not any(exc.search(after) for exc in rules["negation_exceptions"])
    words = _WORDS.findall(window.lower())[-5:]
    # a clause boundary between negation and trigger ends its scope
    tail = window[-40:]
    if "," in tail and not re.search(r"\b(?:kein\w*|nicht)\b[^,]*$", tail):
        return False
    return any(w in rules["negations"] for w in words)


def mask_asides(text: str) -> tuple[str, list[tuple[int, int]]]:
    """The text with bracketed asides blanked out (same length), and the asides' ranges."""
    if not any(b in text for b in _BRACKETS):
        return text, []  # the usual sentence: no bracket, nothing to blank
    chars = list(text)
    asides: list[tuple[int, int]] = []
    unclosed: set[str] = set()  # brackets with no closer left in the text: never search again
    i = 0
    while i < len(text):
        ch = text[i]
        close = text.find(_BRACKETS[ch], i + 1) if ch in _BRACKETS and ch not in unclosed else -1
        if close < 0 and ch in _BRACKETS:
            unclosed.add(ch)
        if close > i:
            asides.append((i + 1, close))
            chars[i : close + 1] = " " * (close + 1 - i)
            i = close + 1
            continue
        i += 1
    return "".join(chars), asides


def split_parts(text: str, triggers: list[Trigger] | None = None) -> list[tuple[int, int]]:
    """Cut a sentence into parts that can each carry one rule.

    A bracketed aside is a part of its own; the words around it stay one part
    (read with the aside blanked out). The rest is cut at semicolons, spaced
    dashes, and at a comma before a contrasting or excepting word (``, außer``,
    ``, aber``) or a coordination of rules of different types. Offsets are
    relative to ``text``.

    triggers: the triggers of the sentence with its asides blanked out, when
        already found (they are found once per sentence, not once per cut).
    """
    masked, asides = mask_asides(text)
    if triggers is None:
        triggers = find_triggers(masked)
    cuts: list[tuple[int, int]] = list(asides)
    for a, b in _split_on(masked, 0, len(masked), _PART_SEPARATORS):
        cuts.extend(_split_contrast(masked, a, b, triggers))
    parts = []
    for a, b in cuts:
        if (a, b) in asides:
            span = _trim(text, a, b)
            if span:
                parts.append(span)
            continue
        span = _trim(masked, a, b)
        if span and masked[span[0] : span[1]].strip(" ."):
            parts.append(_drop_masked_tail(masked, *span))
    return sorted(parts)


def _drop_masked_tail(masked: str, a: int, b: int) -> tuple[int, int]:
    """End a part before a blanked aside that closes it ("... im Büro (obwohl ...).")."""
    core = masked[a:b].rstrip(" .")
    if len(core) < b - a and masked[a + len(core) : b].strip(".").strip() == "" and "  " in masked[a + len(core) : b]:
        return a, a + len(core)
    return a, b


def _split_on(text: str, start: int, end: int, sep: re.Pattern) -> list[tuple[int, int]]:
    out, pos = [], start
    for m in sep.finditer(text, start, end):
        out.append((pos, m.start()))
        pos = m.end()
    out.append((pos, end))
    return out


_PART_SEPARATORS = re.compile(r";|" + _DASHES.pattern)


def _split_contrast(text: str, start: int, end: int, triggers: list[Trigger]) -> list[tuple[int, int]]:
    rules = _rules()

    # each candidate cut reads the sentence's triggers on either side of it
    def between(a: int, b: int) -> list[Trigger]:
        return [t for t in triggers if a <= t.start and t.end <= b]

    for m in rules["split"].finditer(text, start, end):
        if any(t.strength == 2 for t in between(start, m.start())) and between(m.end(), end):
            return [(start, m.start())] + _split_contrast(text, m.end(), end, triggers)
    # "hatte X gesperrt und eine Strafe verhängt": coordinated rules of different types
    for m in rules["coordination"].finditer(text, start, end):
        left = {t.type for t in between(start, m.start()) if t.strength == 2}
        right = {t.type for t in between(m.end(), end) if t.strength == 2}
        # "Offen bleibt, ob ... müssen": what is uncertain is the rest of the sentence
        if left and right and not left & right and "uncertainty" not in left:
            return [(start, m.start())] + _split_contrast(text, m.end(), end, triggers)
    return [(start, end)]


def _trim(text: str, a: int, b: int) -> tuple[int, int] | None:
    while a < b and (text[a].isspace() or text[a] in ",;:–—-(["):
        a += 1
    while b > a and (text[b - 1].isspace() or text[b - 1] in ",;:–—-)]"):
        b -= 1
    return (a, b) if b - a >= 3 else None


def action_of(text: str, trigger: Trigger) -> str | None:
    """What the rule is about: the words after the trigger up to the end of the
    phrase (a comma before ``um``/``wie``/``die``/``obwohl``, or 14 words)."""
    rest = text[trigger.end :]
    m = re.search(r",\s+(?=(?:um|wie|die|der|das|obwohl|weil|wenn|nachdem|einschließlich)\b)|[.;:!?]", rest)
    phrase = rest[: m.start()] if m else rest
    words = phrase.split()
    if not words:
        return None
    return " ".join(words[:14]).strip(" ,„“\"”")


@lru_cache(maxsize=4096)
def _stems(text: str) -> frozenset[str]:
    return frozenset(w.lower()[:6] for w in _WORDS.findall(text) if len(w) >= 5)


def overlap(a: ClauseDraft, b: ClauseDraft) -> float:
    """How much two clauses are about the same thing (shared places, terms and word stems)."""
    score = 0.0
    if set(a.scope.get("geo", ())) & set(b.scope.get("geo", ())):
        score += 1.0
    for f in ("actors", "technologies", "devices"):
        if _stems(" ".join(a.scope.get(f, ()))) & _stems(" ".join(b.scope.get(f, ()))):
            score += 1.0
    score += 0.1 * len(_stems(a.text) & _stems(b.text))
    return score


def term_overlap(a: ClauseDraft, b: ClauseDraft) -> bool:
    """True when two clauses share an actor, technology or device (not just a place)."""
    return any(
        _stems(" ".join(a.scope.get(f, ()))) & _stems(" ".join(b.scope.get(f, ())))
        for f in ("actors", "technologies", "devices")
    )


#: A definite reference back to a ban ("die Sperre", "dieses Verbot").
_BACK_REFERENCE = re.compile(
    r"(?<![\wÄÖÜäöüß])(?:die|das|den|diese|dieses|diesen|dieser)\s+(?:[\wäöüß-]+\s+)?"
    r"[\wäöüß-]*(?:verbot|sperre|beschränkung|einschränkung|moratorium)\w*",
    re.IGNORECASE,
)

#: How many earlier rules a clause may link to (keeps linking linear on long texts).
LINK_WINDOW = 40

_RULE_TYPES = ("prohibition", "restriction", "obligation", "permission")


def link(drafts: list[ClauseDraft]) -> None:
    """Set ``relations`` on the drafts (in document order).

    exception -> ``limits`` the closest earlier rule it overlaps most with;
    update -> ``corrects`` the earlier rules it speaks about (shared place and
    terms), else the first rule; a negated prohibition -> ``qualifies`` the
    earlier prohibitions it overlaps with; uncertainty -> ``qualifies`` the
    closest earlier rule; lifting -> ``lifts`` the earlier rule it overlaps most.
    """
    rules: list[tuple[int, ClauseDraft]] = []
    for i, d in enumerate(drafts):
        # a clause refers back to rules of the same article section, not of the whole corpus
        earlier = rules[-LINK_WINDOW:]
        if d.type in _RULE_TYPES and not d.negated:
            rules.append((i, d))
        if not earlier:
            continue
        if d.type == "exception":
            bans = [(j, e) for j, e in earlier if e.type in ("prohibition", "restriction")] or earlier
            j = max(bans, key=lambda je: (overlap(d, je[1]), je[0]))[0]
            d.relations.append(("limits", j))
        elif d.type == "update" or (d.type == "prohibition" and d.negated):
            rel = "corrects" if d.type == "update" else "qualifies"
            targets = [j for j, e in earlier if overlap(d, e) >= 2.0]
            if not targets:
                targets = [max(earlier, key=lambda je: (overlap(d, je[1]), -je[0]))[0]]
            d.relations.extend((rel, j) for j in targets)
        elif d.type == "uncertainty":
            d.relations.append(("qualifies", earlier[-1][0]))
        elif d.type == "lifting":
            best = max(earlier, key=lambda je: (overlap(d, je[1]), je[0]))
            if term_overlap(d, best[1]):
                d.relations.append(("lifts", best[0]))
            elif _BACK_REFERENCE.search(d.text):
                # "heben die Sperre wieder auf": the ban just mentioned
                bans = [(j, e) for j, e in earlier if e.type in ("prohibition", "restriction")]
                if bans:
                    d.relations.append(("lifts", bans[-1][0]))


def continues_correction(text: str) -> tuple[int, int] | None:
    """Offsets of an opener such as ``Tatsächlich`` that restates a corrected fact."""
    m = _rules()["openers"].match(text)
    return (m.end() - len(m.group(0).lstrip(" \t\n\"„“»")), m.end()) if m else None


def analyse_sentence(
    text: str,
    offset: int,
    sentence_index: int,
    *,
    after_update: bool = False,
) -> list[ClauseDraft]:
    """All clauses of one sentence; offsets in the drafts are ``offset``-shifted.

    after_update (bool): the sentence follows a correction in the same
        paragraph, so a ``Tatsächlich ...`` opener continues the update.
    """
    marker = update_marker(text) or (continues_correction(text) if after_update else None)
    masked, asides = mask_asides(text)
    sentence_triggers: list[Trigger] = []
    if marker:
        parts = [(marker[0], len(text.rstrip()))]
    else:
        sentence_triggers = find_triggers(masked)
        parts = split_parts(text, sentence_triggers)
    drafts = []
    for a, b in parts:
        # outer parts are read without their asides, which are parts of their own
        inside_aside = any(x <= a and b <= y for x, y in asides)
        part = text[a:b] if marker or inside_aside else masked[a:b]
        if marker:
            trigger = Trigger("update", marker[0] - a, marker[1] - a, 3, text[marker[0] : marker[1]])
        else:
            opening = not text[:a].strip(" \t\n„“\"»«")
            whole = opening and not text[b:].strip(" \t\n.!?„“\"»«")
            # a subheading is a sentence of its own; a part cut from a sentence is not one
            if (asks(part) if whole else part.rstrip().endswith("?")) or (opening and _lexicon()["opening_none"].match(part)):
                found = []
            else:
                found = rule_triggers(part, None if inside_aside else within(sentence_triggers, a, b))
            cancelled = [t for t in found if t.type == "none"]
            found = [t for t in found if t.type != "none" and not any(c.start <= t.start and t.end <= c.end for c in cancelled)]
            trigger = choose(found)
            if trigger is not None:
                trigger = refine(part, trigger, found)
        if trigger is None:
            continue
        negated = trigger.type in ("prohibition", "restriction", "obligation", "permission", "sanction") and is_negated(part, trigger)
        scope = extract_scope(part)
        drafts.append(
            ClauseDraft(
                type=trigger.type,
                start=offset + a,
                end=offset + b,
                trigger=(offset + a + trigger.start, offset + a + trigger.end),
                negated=negated,
                scope=scope,
                text=text[a:b],
                sentence_index=sentence_index,
                addressees=list(scope.get("actors", [])),
                action=action_of(part, trigger),
            )
        )
    return drafts
