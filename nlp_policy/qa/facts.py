"""Fact questions the text must answer in their own terms, and the checks that
refuse them when it does not (language data in ``data/qa_facts.json`` and
``data/qa_verb_families.json``).

* kinds of time: a lead time ("Wie früh ...?" - "48 Stunden vor Abflug"), a time of
  day ("Um wie viel Uhr ...?" - "zwischen 6 und 10 Uhr"; nothing else answers it),
  relation words before a time with fillers between ("bis einschließlich 28. Februar"),
  time nouns of the question ("in der Silvesternacht") said by the passage's dates;
* kinds of amount: a penalty asked by two words apart ("Wie teuer kann es für X
  werden, ...?"), a price that must be a sum of money ("Was kostet ...?"), the noun
  whose amount is asked ("Wie hoch ist der Umsatz ...?") that the passage must name;
* anchors: a number of the question inside a range the text states ("150" in
  "zwischen 100 und 160") is one the text names;
* "Wo sitzt X?" asks for the place the text gives as X's seat ("das Unternehmen
  aus Reston");
* refusals by the asked relation: "Was sagt X?" needs a sentence where X speaks,
  not one that names X after a preposition ("im Austausch mit X"); "Welche Firma
  betreibt X?", "Welche Software ...?" need a candidate of that class; a detail
  the text leaves open ("wie genau, muss noch geklärt werden") is not borrowed
  from another case;
* verb families: a question verb the text states by another member of its
  family ("geklagt" - "Eilantrag", "überwachen" - "kontrolliert") is no reason to
  refuse, and an anaphoric agent ("Der Verband ...") is named by the sentence
  before that gives the full compound.

Plain Python over the answering index: no spaCy, no import of the routes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Sequence

from nlp_policy.qa.index import RecordIndex
from nlp_policy.qa.question import Question, fold, lexicon
from nlp_policy.resources import load_json


@dataclass(frozen=True)
class _FactWords:
    sanction_pairs: tuple[tuple[str, str], ...]
    object_prepositions: frozenset[str]
    seat_question: frozenset[str]
    seat_cues: frozenset[str]
    range_joiners: tuple[tuple[str, str], ...]
    articles: frozenset[str]
    negations: frozenset[str]
    definite: frozenset[str]


@lru_cache(maxsize=1)
def _words() -> _FactWords:
    d = load_json("qa_facts.json")
    f = lambda xs: frozenset(fold(x) for x in xs)  # noqa: E731
    return _FactWords(
        tuple((fold(a), fold(b)) for a, b in d["sanction_question_pairs"]),
        f(d["object_prepositions"]),
        f(d["seat_question"]),
        f(d["seat_cues"]),
        tuple((fold(a), fold(b)) for a, b in d["range_joiners"]),
        f(d["articles"]),
        f(d["negations"]),
        f(d["definite_articles"]),
    )


def asks_cost(words: Sequence[str]) -> bool:
    """Whether folded question words ask for a penalty or cost by a pair of words
    that need not stand together ("teuer ... werden", "müssen ... zahlen")."""
    have = set(words)
    return any(a in have and b in have for a, b in _words().sanction_pairs)


def in_cost_pair(word: str, words: Sequence[str]) -> bool:
    """Whether a folded word forms a pair of ``asks_cost`` with another word of the
    question ("zahlen" in "Wie viel muss die Firma zahlen?"): it shapes the question
    (a cost is asked), the text need not use it."""
    have = set(words)
    return any((word == a and b in have) or (word == b and a in have) for a, b in _words().sanction_pairs)


def spoken_by(positions: Sequence[int], tokens) -> bool:
    """Whether one of the token positions where the asked speaker is named stands
    as a speaker could: not governed by a preposition of ``object_prepositions``
    ("im Austausch mit dem Europäischen Ausschuss"). Between the preposition and
    the name may stand one capitalised adjective right before the name and lower-case
    articles; any other word ends the phrase ("mit einem Sprecher des Ausschusses"
    names the speaker's spokesman)."""
    preps = _words().object_prepositions
    for i in positions:
        j = i - 1
        if j >= 0 and tokens[j].capitalised and tokens[j].folded.endswith(("en", "em", "er", "es", "e")):
            j -= 1  # "dem Europäischen Ausschuss"
        while j >= 0 and not tokens[j].capitalised and tokens[j].folded in _words().articles:
            j -= 1
        if not (j >= 0 and tokens[j].folded in preps):
            return True
    return False


def asks_seat(words: Sequence[str]) -> bool:
    """"Wo sitzt X?", "Wo hat X seinen Hauptsitz?": a where-question about a seat."""
    return any(w in _words().seat_question for w in words)


def seat_places(tokens, place_at: set[int]) -> bool:
    """Whether a seat cue stands right before a place of the sentence (token
    positions ``place_at``): "aus Reston", "mit Sitz in Dublin", "ansässig in Köln"."""
    cues = _words().seat_cues
    return any(t.folded in cues and ({i + 1, i + 2} & place_at) for i, t in enumerate(tokens))


_NUM = r"(\d+(?:[.,]\d+)*)"


def in_stated_range(number: str, text: str) -> bool:
    """Whether the text states a range the number lies in ("zwischen 100 und 160",
    "von 5 bis 10", "100 bis 160", "100-160"): a question about 150 is about it."""
    try:
        x = _value(number)
    except ValueError:
        return False
    folded = fold(text)
    pats = [rf"\b{a}\s+{_NUM}\s+{b}\s+{_NUM}" for a, b in _words().range_joiners]
    pats += [rf"\b{_NUM}\s*(?:bis|-|–)\s*{_NUM}\b"]
    for p in pats:
        for m in re.finditer(p, folded):
            try:
                lo, hi = sorted((_value(m.group(1)), _value(m.group(2))))
            except ValueError:
                continue
            if lo < x < hi:
                return True
    return False


def _value(number: str) -> float:
    """A German number as written ("4,5", "10.000") as a float."""
    s = number.strip()
    if re.fullmatch(r"\d{1,3}(?:\.\d{3})+", s):
        s = s.replace(".", "")
    return float(s.replace(",", "."))


def asked_type_head(q: Question) -> str | None:
    """The class noun a "Welche(s) <Noun> ...?" asks by, folded: the noun itself when
    it is one, else the class noun its compound ends in ("Erkennungssoftware" ->
    "software"); None when :func:`asked_type` finds none."""
    noun = _asked_noun(q)
    if noun is None:
        return None
    nouns = _type_nouns()
    if noun in nouns:
        return noun
    return next((w for w in sorted(nouns, key=len, reverse=True) if len(w) >= 5 and noun.endswith(w)), None)


def _asked_noun(q: Question) -> str | None:
    if q.wh != "which":
        return None
    toks = q.tokens
    wh_at = next((i for i, t in enumerate(toks[:3]) if t.folded in lexicon().wh_words), None)
    if wh_at is None or wh_at + 1 >= len(toks) or not toks[wh_at + 1].capitalised:
        return None
    return toks[wh_at + 1].folded


@lru_cache(maxsize=1)
def _type_nouns() -> dict[str, str]:
    nouns = dict(lexicon().label_nouns)
    for label, ws in load_json("qa_facts.json")["asked_type_nouns"].items():
        nouns.update({fold(w): label for w in ws})
    return nouns


def asked_type(q: Question) -> str | None:
    """The entity label a "Welche(s) <Noun> ...?" asks for, by the noun right after
    the question word (a class noun of ``label_nouns`` or ``asked_type_nouns``, or a
    compound ending in one: "Sprachmodell" -> PRODUCT, "Betreiberfirma" -> ORG)."""
    head = asked_type_head(q)
    return _type_nouns()[head] if head else None


def names_asked_type(q: Question, idx: RecordIndex, ctx, sids: Sequence[str], label: str) -> bool:
    """Whether the cited sentences name an entity of the asked label that the
    question does not name (the candidate answer of a maker or owner question)."""
    named = {id(e) for e, _ in ctx.entity_refs}
    asked = {t.folded for t in q.tokens}
    wanted = set(sids)
    for e in idx.ents:
        if e.entity.label != label or id(e) in named:
            continue
        if {fold(w) for w in e.entity.name.split()} <= asked:
            continue
        if any(m.sentence in wanted for m in e.entity.mentions):
            return True
    return False


#: Words that may stand inside a relation phrase of the question ("steckt technisch
#: hinter", "steht eigentlich hinter"): an adverb or two.
PHRASE_GAP = 2


def asks_relation(q: Question) -> bool:
    """A maker or owner question (qa/agents.py), its phrases also with up to
    :data:`PHRASE_GAP` words inside ("Welches Modell steckt technisch hinter X?")."""
    from nlp_policy.qa import agents

    if agents.relation_asked(q):
        return True
    if q.wh not in ("who", "which"):
        return False
    w = agents._words()
    words = [t.folded for t in q.tokens]
    for p in (*w.owner_question, *w.maker_question):
        if len(p) < 2:
            continue
        at = [i for i, x in enumerate(words) if x == p[0]]
        for i in at:
            j, ok = i, True
            for part in p[1:]:
                nxt = next((k for k in range(j + 1, min(len(words), j + 2 + PHRASE_GAP)) if words[k] == part), None)
                if nxt is None:
                    ok = False
                    break
                j = nxt
            if ok:
                return True
    return False


@lru_cache(maxsize=1)
def _time_kinds() -> tuple[dict[str, tuple[tuple[str, ...], ...]], dict[str, frozenset[str]]]:
    d = load_json("qa_facts.json")
    asks = {k: tuple(tuple(fold(w) for w in p.split()) for p in ps) for k, ps in d["time_kind_questions"].items()}
    text = {k: frozenset(fold(w) for w in ws) for k, ws in d["time_kind_text"].items()}
    return asks, text


def time_kind(words: Sequence[str]) -> str | None:
    """The kind of time a question asks for by its phrase ("wie früh" -> "lead",
    "um wie viel Uhr" -> "clock"), or None (any time, a date, a duration)."""
    asks, _ = _time_kinds()
    for kind, phrases in asks.items():
        for p in phrases:
            n = len(p)
            if any(tuple(words[i : i + n]) == p for i in range(len(words) - n + 1)):
                return kind
    return None


_DIGITS = re.compile(r"^\d+(?:[.,:]\d+)?$")


def holds_time_kind(kind: str, tokens, duration_units: frozenset[str], number_words: frozenset[str]) -> bool:
    """Whether the sentence holds a time of the kind: "lead" a number with a duration
    unit and a word of before within three words after it ("48 Stunden vor Abflug",
    "drei Tage vorher"); "clock" a number right before a clock word ("bis 10 Uhr")."""
    _, text = _time_kinds()
    words = text.get(kind, frozenset())
    for i, t in enumerate(tokens):
        if not (_DIGITS.match(t.text) or t.folded in number_words):
            continue
        if kind == "clock":
            if i + 1 < len(tokens) and tokens[i + 1].folded in words:
                return True
            continue
        unit = next((j for j in (i + 1, i + 2) if j < len(tokens) and tokens[j].folded in duration_units), None)
        if unit is not None and any(tokens[k].folded in words for k in range(unit + 1, min(len(tokens), unit + 4))):
            return True
    return False


def measured_noun_at(q: Question) -> int | None:
    """The token position of the noun whose amount an opener of ``measure_openers``
    asks for ("Wie hoch ist der jährliche Umsatz ...?" -> "Umsatz"), skipping
    articles and lower-case adjectives; None without such an opener or noun."""
    words = [t.folded for t in q.tokens]
    for p in _openers():
        n = len(p)
        if tuple(words[:n]) == p:
            for i in range(n, min(len(words), n + 4)):
                tok = q.tokens[i]
                if tok.capitalised:
                    return i
                if tok.folded not in _words().articles and not tok.folded.endswith(("e", "en", "er", "es", "em")):
                    return None  # "Wie hoch ist es ...?", "Wie hoch ist ihr ..." are left alone
            return None
    return None


@lru_cache(maxsize=1)
def _openers() -> tuple[tuple[str, ...], ...]:
    return tuple(sorted((tuple(fold(w) for w in p.split()) for p in load_json("qa_facts.json")["measure_openers"]), key=len, reverse=True))


def asks_money(words: Sequence[str]) -> bool:
    """Whether an amount question asks for a sum of money ("Was kostet ...?")."""
    cost = _money_words()[0]
    return any(w in cost for w in words)


def holds_money(tokens, number_words: frozenset[str]) -> bool:
    """A number (in digits or words) with a currency word up to two words after it
    ("50.000 Euro", "4,5 Millionen Franken"), or a currency sign next to a number."""
    currency = _money_words()[1]
    for i, t in enumerate(tokens):
        if _DIGITS.match(t.text) or t.folded in number_words:
            if any(k < len(tokens) and tokens[k].folded in currency for k in (i + 1, i + 2, i + 3)):
                return True
            if i > 0 and tokens[i - 1].text in ("€", "$", "£"):
                return True
    return False


@lru_cache(maxsize=1)
def _money_words() -> tuple[frozenset[str], frozenset[str]]:
    d = load_json("qa_facts.json")
    return frozenset(fold(w) for w in d["cost_question"]), frozenset(fold(w) for w in d["currency_words"])


def is_relation_filler(word: str) -> bool:
    """A word that may stand between "bis"/"ab" and the time ("einschließlich")."""
    return fold(word) in _fillers()


@lru_cache(maxsize=1)
def _fillers() -> frozenset[str]:
    return frozenset(fold(w) for w in load_json("qa_facts.json")["relation_fillers"])


def names_time(word: str) -> bool:
    """A noun that names a time ("Silvesternacht", "Sommer", "Pfingstferien")."""
    w = fold(word)
    heads, words = _time_nouns()
    return w in words or w in heads or any(w.endswith(h) and len(w) > len(h) + 2 for h in heads)


@lru_cache(maxsize=1)
def _time_nouns() -> tuple[frozenset[str], frozenset[str]]:
    d = load_json("qa_facts.json")
    return frozenset(fold(w) for w in d["time_heads"]), frozenset(fold(w) for w in d["time_words"])


def leaves_open(folded_text: str) -> bool:
    """The sentence (folded, space-padded) leaves a detail open ("wie genau, muss
    noch geklärt werden", "ist noch offen")."""
    return any(c in folded_text for c in _open_cues())


@lru_cache(maxsize=1)
def _open_cues() -> tuple[str, ...]:
    return tuple(" " + " ".join(fold(w).split()) + " " for w in load_json("qa_facts.json")["open_detail"])


def names_type_noun(head: str, idx: RecordIndex, sids: Sequence[str]) -> bool:
    """Whether a cited sentence uses the class noun asked by ("Software", or a
    compound ending in it), not denied by a negation right before it ("keine
    Software"): a candidate the text gives without a name."""
    for sid in sids:
        s = idx.by_id.get(sid)
        if s is None:
            continue
        for i, t in enumerate(s.tokens):
            if t.folded == head or (t.folded.endswith(head) and t.capitalised):
                if not any(s.tokens[j].folded in _words().negations for j in range(max(0, i - 2), i)):
                    return True
    return False


@lru_cache(maxsize=1)
def _families() -> tuple[tuple[frozenset[str], tuple[str, ...], tuple[str, ...]], ...]:
    """Per family: its folded one-word members, its nouns of six letters or more
    (compound heads) and its phrases (space-padded)."""
    out = []
    for members in load_json("qa_verb_families.json")["families"].values():
        words = frozenset(fold(m) for m in members if " " not in m)
        nouns = tuple(fold(m) for m in members if " " not in m and m[:1].isupper() and len(m) >= 6)
        phrases = tuple(" " + fold(m) + " " for m in members if " " in m)
        out.append((words, nouns, phrases))
    return tuple(out)


@lru_cache(maxsize=1)
def _support_verbs() -> frozenset[str]:
    return frozenset(fold(w) for w in load_json("qa_verb_families.json")["support_verbs"])


def is_support_verb(verb: str) -> bool:
    """Whether the verb is the verb of a support-verb construction ("Berufung
    eingelegt", "einen Antrag gestellt"): its noun carries the act (qa_verb_families.json)."""
    return fold(verb) in _support_verbs()


def family_in_sentence(verb: str, s) -> bool:
    """Whether the sentence states the act of the question's verb by a member of its
    family (see :func:`family_in_text`)."""
    return family_in_text(verb, [s])


def family_in_text(verb: str, sents) -> bool:
    """Whether the text states the act of the question's verb by another member of
    its family (``qa_verb_families.json``): "geklagt" and "dem Eilantrag eines
    Anwohners", "überwachen" and "Kontrolliert werden soll ...". ``sents`` are the
    index's sentences (tokens and the folded, space-padded text)."""
    v = fold(verb)
    for words, nouns, phrases in _families():
        if v not in words:
            continue
        for s in sents:
            if any(p in s.folded for p in phrases):
                return True
            for tok in s.tokens:
                if tok.folded in words or (tok.capitalised and any(tok.folded.endswith(n) for n in nouns)):
                    return True
    return False


@lru_cache(maxsize=1)
def light_verb_forms() -> frozenset[str]:
    """Inflected and colloquial light verbs ("galt", "gabs", "hätte"): ``light_verb_forms``."""
    return frozenset(fold(w) for w in load_json("qa_facts.json")["light_verb_forms"])


def is_comparative_after_amount(q: Question, position: int) -> bool:
    """A lower-case word ending in "-er" right after "wie viel" / "um wie viel" ("Wie viel
    günstiger ...?", "Um wie viel teurer ...?"): a comparative the amount asks about,
    not a verb."""
    toks = q.tokens
    if position <= 0 or position >= len(toks):
        return False
    w = toks[position].folded
    return w.endswith("er") and not toks[position].capitalised and toks[position - 1].folded in ("viel", "wieviel")
