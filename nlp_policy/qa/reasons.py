"""Reason passages for why-questions: how surely a sentence gives a reason, and
which reason sentence answers the question.

A why-answer is the sentence that gives the reason for the rule or change the
question names. The cues are concepts (cause, purpose, accusation, concern,
reaction) read from ``data/qa_reasons.json``; this module never names a word.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Sequence

from nlp_policy.resources import load_json


@dataclass(frozen=True)
class CueCondition:
    """When a single-word cue marks a reason (``conditions`` of ``qa_reasons.json``).

    needs_after (tuple[str]): one of these folded words follows within ``window`` words.
    infix (str): or a lower-case infinitive with it inside follows ("festzustellen").
    after_comma (bool): the cue opens a clause after a comma (a conjunction, not an adverb).
    capitalised (bool): the cue is written with a capital (the noun, not the verb);
        a sentence's first word passes.
    lowercase (bool): the cue is written in lower case (the preposition, not the noun:
        "wegen Bedenken" against "Terrassen und Wegen"); a sentence's first word passes.
    """

    needs_after: tuple = ()
    infix: str = ""
    window: int = 0
    after_comma: bool = False
    capitalised: bool = False
    lowercase: bool = False

    @classmethod
    def from_dict(cls, data: dict) -> "CueCondition":
        allowed = ("needs_after", "infix", "window", "after_comma", "capitalised", "lowercase")
        unknown = set(data) - set(allowed)
        if unknown:
            raise ValueError(f"unknown keys in a reason cue condition: {sorted(unknown)}; allowed: {', '.join(allowed)}")
        return cls(
            tuple(data.get("needs_after", ())), data.get("infix", ""), int(data.get("window", 0)),
            bool(data.get("after_comma", False)), bool(data.get("capitalised", False)), bool(data.get("lowercase", False)),
        )

    def _follows(self, tokens: Sequence, i: int) -> bool:
        for t in tokens[i + 1 : i + 1 + self.window]:
            if t.folded in self.needs_after:
                return True
            if self.infix and not t.capitalised and self.infix in t.folded[2:-2] and t.folded.endswith("n"):
                return True
        return False

    def holds(self, tokens: Sequence, i: int, text: str) -> bool:
        """Whether the cue at tokens[i] (``Token`` objects of ``text``) is used as a reason cue."""
        tok = tokens[i]
        if self.needs_after and not self._follows(tokens, i):
            return False
        if self.after_comma and not text[: tok.start].rstrip().endswith(","):
            return False
        if self.capitalised and i > 0 and not tok.capitalised:
            return False
        if self.lowercase and i > 0 and tok.capitalised:
            return False
        return True


@dataclass(frozen=True)
class ReasonCues:
    """The reason cues of one language, folded.

    words (dict[str, float]): a single-word cue and its weight.
    conditions (dict[str, CueCondition]): the single-word cues that mark a reason only in one use.
    phrases (tuple[tuple[str, float]]): a multi-word cue (" a b ") and its weight.
    heads (tuple[str]): nouns that mark a reason as the end of a compound.
    first / next (tuple[str]): cues opening and continuing a list of reasons.
    pseudo (tuple[tuple[str]]): fixed phrases (folded words) whose cue word gives no reason.
    """

    words: dict
    conditions: dict
    phrases: tuple
    heads: tuple
    first: tuple
    next: tuple
    pseudo: tuple = ()


@lru_cache(maxsize=1)
def reason_cues() -> ReasonCues:
    """The cues of ``data/qa_reasons.json`` (loaded once)."""
    data = load_json("qa_reasons.json")
    words: dict[str, float] = {}
    phrases: list[tuple[str, float]] = []
    for concept in data["concepts"].values():
        for cue in concept["words"]:
            if " " in cue:
                phrases.append((f" {cue} ", concept["weight"]))
            else:
                words[cue] = max(words.get(cue, 0.0), concept["weight"])
    enum = data["enumeration"]
    conditions = {w: CueCondition.from_dict(c) for w, c in data.get("conditions", {}).items()}
    return ReasonCues(words, conditions, tuple(phrases), tuple(data["compound_heads"]), tuple(f" {c} " for c in enum["first"]), tuple(f" {c} " for c in enum["next"]), tuple(tuple(p.split()) for p in data.get("pseudo", ())))


#: The least weight of a cue that surely marks a reason (the concepts weighing 1.0 or more
#: in the data file; "um", "damit", "nachdem" weigh less).
SURE = 1.0

#: The shortest first part of a compound whose head is a reason noun: "Sicherheitsbedenken"
#: counts, a word that merely ends in the letters of the cue ("Ersorgen") does not.
MIN_COMPOUND_PREFIX = 4


def _in_pseudo(folded_tokens: Sequence[str], pseudo: tuple) -> set[int]:
    """The positions of the words that stand in a fixed phrase without a reason ("im Zweifel")."""
    out: set[int] = set()
    for p in pseudo:
        for i in range(len(folded_tokens) - len(p) + 1):
            if tuple(folded_tokens[i : i + len(p)]) == p:
                out.update(range(i, i + len(p)))
    return out


def strength(tokens: Sequence, folded_text: str, text: str) -> float:
    """How surely a sentence gives a reason: the weight of its strongest cue, 0.0
    without one. tokens are the sentence's ``Token`` objects (``qa.question.tokenize``
    of ``text``), folded_text its folded words joined by spaces with a space at
    either end (``_Sent.folded``)."""
    cues = reason_cues()
    folded_tokens = [t.folded for t in tokens]
    skip = _in_pseudo(folded_tokens, cues.pseudo)
    best = max(
        (
            w for i, t in enumerate(folded_tokens)
            if i not in skip and (w := cues.words.get(t, 0.0)) and (t not in cues.conditions or cues.conditions[t].holds(tokens, i, text))
        ),
        default=0.0,
    )
    for phrase, weight in cues.phrases:
        if weight > best and phrase in folded_text:
            best = weight
    if best < 1.0 and any(len(t) - len(h) >= MIN_COMPOUND_PREFIX and t.endswith(h) for t in folded_tokens for h in cues.heads):
        best = 1.0
    return best


def opens_list(folded_text: str) -> bool:
    """Whether a sentence opens a list of reasons ("Zum einen ...")."""
    return any(c in folded_text for c in reason_cues().first)


def continues_list(folded_text: str) -> bool:
    """Whether a sentence continues a list of reasons from the one before
    ("Zum anderen ...", "Hinzu kommt ..."): the cue stands among its first words."""
    head = " " + " ".join(folded_text.split()[:4]) + " "
    return any(c in head for c in reason_cues().next)


@lru_cache(maxsize=1)
def _question_words() -> tuple[tuple[str, ...], ...]:
    return tuple(tuple(w.split()) for w in load_json("qa_reasons.json")["question_words"])


def asks_reproach(folded_words: Sequence[str]) -> bool:
    """Whether a question asks what someone is reproached with ("Was wird dem
    Trainer vorgeworfen?"): the answer, like a why-answer, is the reason given."""
    n = len(folded_words)
    return any(tuple(folded_words[i : i + len(p)]) == p for p in _question_words() for i in range(n - len(p) + 1))


@lru_cache(maxsize=1)
def reported_ground_words() -> tuple[frozenset, frozenset]:
    """The folded verb forms of reported speech and the verbs of saying
    (``reported_ground`` of ``qa_reasons.json``): a justification told without a cue word."""
    data = load_json("qa_reasons.json").get("reported_ground", {})
    return frozenset(data.get("subjunctive", ())), frozenset(data.get("report_verbs", ()))
