"""A yes/no question read as a hypothesis: what it claims, and how narrowly.

"Gilt das Verbot auch in Österreich?" claims that the ban covers Austria, with
the qualifier ``also``; "Ist Glyphosat jetzt komplett verboten?" claims a ban
with ``current`` and ``universal``; "Ist es wahr, dass das Verbot nicht weltweit
gilt?" claims the negation of a worldwide ban (``negated``). The words of each
qualifier live in ``nlp_policy/data/qa_hypothesis.json``; this module only
applies them.

    >>> h = hypothesis_of(analyse("Gilt das Verbot auch in Österreich?"))
    >>> h.predicate, sorted(h.qualifiers), h.places
    ('applies', ['also'], ('AT',))
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from nlp_policy.qa.question import Question, Token, fold, lexicon, stem, tokenize
from nlp_policy.resources import load_json

QUALIFIERS = ("only", "also", "universal", "permanent", "current", "again", "already", "outside", "future", "conditional")


@dataclass(frozen=True)
class Cues:
    """The hypothesis cue lists, compiled: each concept -> folded word sequences."""

    qualifiers: dict[str, tuple[tuple[str, ...], ...]]
    evidence: dict[str, tuple[tuple[str, ...], ...]]
    frame: frozenset[str]
    permission: frozenset[str]
    prohibition: frozenset[str]
    applies: frozenset[str]
    prevent: frozenset[str]
    answers: dict[str, str]
    # words of a text sentence (see the file's header): a plan or announcement, someone
    # doing the same, a thing staying as it was; the *_split ones as particle -> finite verbs
    announced: tuple[tuple[str, ...], ...]
    announced_split: dict[str, frozenset[str]]
    follow_suit: tuple[tuple[str, ...], ...]
    follow_suit_split: dict[str, frozenset[str]]
    continuation: tuple[tuple[str, ...], ...]
    remains: frozenset[str]
    report_words: frozenset[str]
    opposite_reactions: tuple[frozenset[str], frozenset[str]]
    time_only: frozenset[str]  # "nur", "lediglich": with a time unit and a relation word, a time phrase
    time_units: frozenset[str]  # with "nur" and a relation word, a time phrase ("nur wenige Tage später")
    time_relations: frozenset[str]
    exempting: frozenset[str]  # negated, a word of reach exempts ("von der Regel nicht erfasst")
    conditional: frozenset[str]  # words opening a condition clause ("wenn", "falls")
    concessive: tuple[tuple[str, ...], ...]  # "auch wenn", "obwohl": a granted point the main clause overrides
    turned_away: tuple[tuple[str, ...], ...]  # "wird abgewiesen": people in a situation are refused
    made_before: frozenset[str]  # a question's thing made or bought before the rule ("das im Mai gefertigt wurde")
    relative_openers: frozenset[str]
    self_words: frozenset[str]  # "Hat X den Verein selbst gesperrt?": the object itself
    attribute_openers: frozenset[str]  # "den Vermarkter des Vereins": an attribute, not the object
    coordinators: frozenset[str]  # "…, aber …": a clause of its own after a comma
    provision: frozenset[str]  # "im Gesetz vorgesehen": what a rule provides for, not a plan
    provision_adverbs: frozenset[str]  # "gesetzlich vorgesehen"
    provision_nouns: tuple[str, ...]  # "in der Satzung vorgesehen" (also the end of a compound)


def _seqs(words) -> tuple[tuple[str, ...], ...]:
    return tuple(sorted({tuple(fold(w) for w in re.findall(r"[\wÄÖÜäöüß]+", x)) for x in words}, key=len, reverse=True))


@lru_cache(maxsize=1)
def cues() -> Cues:
    """The compiled cue lists of ``qa_hypothesis.json`` (read once per process)."""
    d = load_json("qa_hypothesis.json")
    return Cues(
        qualifiers={k: _seqs(v) for k, v in d["qualifiers"].items()},
        evidence={k: _seqs(v) for k, v in d["evidence"].items()},
        frame=frozenset(fold(w) for w in d["frame"]),
        permission=frozenset(fold(w) for w in d["permission_predicates"]),
        prohibition=frozenset(fold(w) for w in d["prohibition_predicates"]),
        applies=frozenset(fold(w) for w in d["applies_predicates"]),
        prevent=frozenset(fold(w) for w in d["prevent_predicates"]),
        answers=dict(d["answers"]),
        announced=_seqs(d["announced"]),
        announced_split=_split(d["announced_split"]),
        follow_suit=_seqs(d["follow_suit"]),
        follow_suit_split=_split(d["follow_suit_split"]),
        continuation=_seqs(d["continuation"]),
        remains=frozenset(fold(w) for w in d["remains"]),
        report_words=frozenset(fold(w) for w in d["report_words"]),
        # the finite verb of a split verb ("lehnte ab") stands for it
        opposite_reactions=tuple(frozenset(fold(w).split()[0] for w in group) for group in d["opposite_reactions"]),
        time_only=frozenset(fold(w) for w in d["time_after_only"]["words"]),
        time_units=frozenset(fold(w) for w in d["time_after_only"]["units"]),
        time_relations=frozenset(fold(w) for w in d["time_after_only"]["relations"]),
        exempting=frozenset(fold(w) for w in d["exempting_predicates"]),
        made_before=frozenset(fold(w) for w in d["made_before"]),
        concessive=_seqs(d["concessive_openers"]),
        turned_away=_seqs(d["turned_away"]),
        conditional=frozenset(fold(w) for w in d["conditional_openers"]),
        relative_openers=frozenset(fold(w) for w in d["relative_openers"]),
        self_words=frozenset(fold(w) for w in d["self_words"]),
        attribute_openers=frozenset(fold(w) for w in d["attribute_openers"]),
        coordinators=frozenset(fold(w) for w in d["clause_coordinators"]),
        provision=frozenset(fold(w) for w in d["provision"]["words"]),
        provision_adverbs=frozenset(fold(w) for w in d["provision"]["adverbs"]),
        provision_nouns=tuple(fold(w) for w in d["provision"]["nouns"]),
    )


def _split(d: dict[str, list[str]]) -> dict[str, frozenset[str]]:
    """particle -> the finite verbs it closes a clause after ("nach": zog, zogen ...)."""
    return {fold(p): frozenset(fold(v) for v in vs) for p, vs in d.items()}


def split_cue(tokens, segments, split: dict[str, frozenset[str]]) -> bool:
    """A finite verb and the particle that closes its part of the sentence ("Wenige
    Wochen später zog der Verband nach."): ``segments`` are the parts' token ranges."""
    for lo, hi in segments:
        last = tokens[hi - 1].folded
        if last in split and any(t.folded in split[last] for t in tokens[lo : hi - 1]):
            return True
    return False


def find_cues(tokens: tuple[Token, ...] | list[Token], seqs: tuple[tuple[str, ...], ...]) -> list[int]:
    """Token positions where one of the word sequences starts (whole words; a
    single long word also matches its inflected forms by stem)."""
    singles, single_stems, multi = _compiled(seqs)
    hits = []
    n = len(tokens)
    for i, tok in enumerate(tokens):
        w = tok.folded
        if w in singles or tok.stem in single_stems:
            hits.append(i)
            continue
        for seq in multi.get(w, ()):
            if i + len(seq) <= n and all(tokens[i + j].folded == seq[j] for j in range(1, len(seq))):
                hits.append(i)
                break
    return hits


@lru_cache(maxsize=256)
def _compiled(seqs: tuple[tuple[str, ...], ...]) -> tuple[frozenset[str], frozenset[str], dict[str, list[tuple[str, ...]]]]:
    singles = frozenset(q[0] for q in seqs if len(q) == 1)
    stems = frozenset(stem(q[0]) for q in seqs if len(q) == 1 and len(q[0]) >= 6)
    multi: dict[str, list[tuple[str, ...]]] = {}
    for q in seqs:
        if len(q) > 1:
            multi.setdefault(q[0], []).append(q)
    return singles, stems, multi


#: The qualifiers that narrow or widen a claim's reach (a relative clause's own words are not among them).
_SCOPE_QUALIFIERS = frozenset({"only", "also", "universal"})


@dataclass(frozen=True)
class Hypothesis:
    """What a yes/no question claims.

    predicate (str): ``allowed`` (darf, erlaubt, kann), ``banned`` (verboten,
        gesperrt), ``obliged`` (muss), ``lifted`` (aufgehoben), ``applies``
        (gilt, betrifft), ``prevented`` (verhindert) or ``happened`` (any other
        statement of fact).
    qualifiers (frozenset[str]): of ``QUALIFIERS``, the ones the question uses.
    negated (bool): the claim itself is negative ("... nicht weltweit gilt?").
    framed (bool): the claim is wrapped ("Ist es wahr, dass ...?", "Stimmt es, ...").
    places (tuple[str]): the geo codes the question names as places.
    numbers (tuple[str]): the numbers the question names.
    """

    question: Question
    predicate: str
    qualifiers: frozenset[str]
    negated: bool = False
    framed: bool = False
    places: tuple[str, ...] = ()
    numbers: tuple[str, ...] = ()

    def has(self, qualifier: str) -> bool:
        return qualifier in self.qualifiers

    def to_dict(self) -> dict:
        return {
            "predicate": self.predicate,
            "qualifiers": sorted(self.qualifiers),
            "negated": self.negated,
            "framed": self.framed,
            "places": list(self.places),
            "numbers": list(self.numbers),
        }


def hypothesis_of(q: Question) -> Hypothesis:
    """Read a (yes/no) question as a hypothesis."""
    c = cues()
    lex = lexicon()
    toks = q.tokens
    folded = [t.folded for t in toks]
    # an "only/also/all" inside a trailing relative clause describes the thing asked about
    # ("Fällt meine Wohnung, die ich nur im Urlaub vermiete, ...?"), it does not qualify the claim
    rel = q.subclause_start if q.subclause_start is not None and folded[q.subclause_start] in c.relative_openers else len(toks)
    quals = {name for name, seqs in c.qualifiers.items() if any(i < rel or name not in _SCOPE_QUALIFIERS for i in find_cues(toks, seqs))}
    # "nicht nur" asks for more than the one thing named: not an "only" question
    neg = {fold(w) for w in lex.cues["negation"]}
    not_only = [i for i in find_cues(toks, c.qualifiers["only"]) if i > 0 and folded[i - 1] in neg]
    if not_only:
        quals.discard("only")
        quals.add("also")
    negated = any(w in neg for i, w in enumerate(folded) if not (i + 1 < len(folded) and i + 1 in not_only))
    # "nicht mehr" is a former state asked about ("Darf man nicht mehr ...?"), still a negative claim
    framed = len(folded) > 2 and (
        (folded[1] in c.frame and folded[0] in lex.yesno_openers)
        or (len(folded) > 3 and folded[2] in c.frame and "dass" in folded[:5])
    )
    fset = set(folded)
    if fset & c.prevent:
        predicate = "prevented"
    elif any(lex.rule_words.get(w) == "lifting" for w in folded):
        predicate = "lifted"
    elif fset & c.prohibition or q.rule in ("prohibition", "restriction") and not (fset & c.permission):
        predicate = "banned" if fset & c.prohibition else "applies"
    elif fset & c.permission:
        predicate = "allowed"
    elif q.rule == "obligation":
        predicate = "obliged"
    elif q.affected or fset & c.applies:
        predicate = "applies"
    else:
        predicate = "happened"
    if predicate == "allowed" and negated and not framed:
        # "Dürfen Diesel-Pkw nicht mehr durchfahren?" asks whether they are banned
        predicate, negated = "banned", False
    numbers = tuple(t.concept[4:] for t in q.terms if t.dim == "number" and t.concept)
    return Hypothesis(q, predicate, frozenset(quals), negated, framed, tuple(q.locations or q.places), numbers)


def evidence_cues(text_or_tokens, concept: str) -> list[int]:
    """Positions of the evidence cues of ``concept`` (limiting, temporary, ...) in a text."""
    toks = tokenize(text_or_tokens) if isinstance(text_or_tokens, str) else text_or_tokens
    return cue_positions(toks, concept)


def cue_positions(toks, concept: str) -> list[int]:
    """The evidence cues of ``concept`` in tokens; a "nur" of a time phrase ("nur wenige
    Tage später") limits nothing."""
    hits = find_cues(toks, cues().evidence[concept])
    if concept == "limiting":
        hits = [i for i in hits if not _time_phrase(toks, i) and not _until_time(toks, i)]
    return hits


def _until_time(toks, i: int) -> bool:
    """"bis zum 7. Januar", "bis zur Sommerpause"? Only the first: "bis zum/zur" right before a
    number or a time word (month, weekday, the time words of qa_cues.json) is a time."""
    if toks[i].folded != "bis" or i + 2 >= len(toks) or toks[i + 1].folded not in ("zum", "zur"):
        return False
    nxt = toks[i + 2]
    return nxt.text[:1].isdigit() or nxt.folded in _time_word_set()


@lru_cache(maxsize=1)
def _time_word_set() -> frozenset[str]:
    c = lexicon().cues
    return frozenset(fold(w) for w in (*c["time_words"], *c.get("time_nouns", ())))


def _time_phrase(toks, i: int) -> bool:
    """"nur" followed, within three words, by a time unit and then a word of before/after
    ("nur wenige Tage später", "nur zwei Wochen nach dem Urteil", "nur kurz danach")."""
    c = cues()
    units, relations = c.time_units, c.time_relations
    if toks[i].folded not in c.time_only:
        return False
    window = [t.folded for t in toks[i + 1 : i + 5]]
    unit = next((k for k, w in enumerate(window) if w in units), None)
    return unit is not None and any(w in relations for w in window[unit + 1 : unit + 3])

