"""Matching a question against the evidence, and the answer-building helpers
every route shares.

``_Ctx`` holds a question's words for one record: which of them the evidence
must contain (``required``) and which rank the sentences (``ranking``). It
measures the coverage of the evidence, ranks sentences, decides whether the
evidence is good enough to answer (``acceptable``; else the route abstains)
and gives the confidence (formula in :mod:`nlp_policy.qa.answer`).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Iterable, Sequence

from nlp_policy.qa.index import RecordIndex, _Ent, _Sent, _term_parts
from nlp_policy.qa.types import Answer
from nlp_policy.qa.question import Question, Term, fold, lexicon, token_matches

#: Minimum weighted share of the question's required content words that the
#: evidence must contain. Measured on tests/data/*qa.jsonl: answerable
#: questions score >= 0.6 on their evidence, the abstention questions <= 0.34.
COVERAGE_MIN = 0.5


@dataclass
class _Ctx:
    q: Question
    idx: RecordIndex
    entity_refs: list[tuple[_Ent, set[int]]]
    entity_positions: set[int]
    required: list[Term]
    ranking: list[Term]
    extra_skip: set[str] = field(default_factory=set)

    def coverage(self, sids: Sequence[str], terms: Sequence[Term] | None = None) -> float:
        """Weighted share of ``terms`` (default: the required ones) found in the sentences."""
        terms = self.required if terms is None else terms
        terms = [t for t in terms if fold(t.text) not in self.extra_skip]
        if not terms:
            return 1.0
        sents = [self.idx.by_id[s] for s in sids if s in self.idx.by_id]
        if not sents:
            return 0.0
        got = sum(t.weight * max(self.idx.term_score(t, s) for s in sents) for t in terms)
        return got / sum(t.weight for t in terms)

    def rank(self, s: _Sent) -> float:
        """Ranking score: coverage of the required and the entity words, plus an
        idf-weighted match of all words, plus a bonus for the named entities."""
        idx = self.idx
        n = len(idx.sents)
        num = den = 0.0
        for t in self.ranking:
            if fold(t.text) in self.extra_skip:
                continue
            w = t.weight * math.log(1 + n / (1 + idx.df(t)))
            num += w * idx.term_score(t, s)
            den += w
        score = num / den if den else 0.0
        bonus = 0.25 if self.entity_refs and self.mentions_entities(s.sentence.id) else 0.0
        return self.coverage([s.sentence.id]) + 0.4 * score + bonus + self.extra_bonus(s)

    def extra_bonus(self, s: _Sent) -> float:
        if self.q.wh == "why" and s.pos in self.idx.reason_sentences:
            return 0.25
        if self.q.wh == "what" and self.q.identity and not self.entity_refs and s.pos in self.idx.definition_sentences:
            return 0.25  # "Was sind Deepfakes?": the sentence that defines them
        if self.q.wh == "how_many" and s.pos in self.idx.amount_sentences:
            return 0.3  # "Wie hoch ist das Bußgeld?": "ein Bußgeld in Höhe von ..."
        if self.q.wh == "when" and self.q.affected and s.pos in self.idx.effective_sentences:
            return 0.5  # "Ab wann gilt das Gesetz?": "Es tritt am 1. März in Kraft."
        return 0.0

    def acceptable(self, sids: Sequence[str]) -> bool:
        """Enough of the required words in the evidence, the question's main verb
        among them, and (for "wie viele X") the X."""
        if self.coverage(sids) < COVERAGE_MIN:
            return False
        sents = [self.idx.by_id[s] for s in sids if s in self.idx.by_id]
        for t in self.ranking:
            if t.predicate and fold(t.text) not in self.extra_skip:
                if max((self.idx.term_score(t, s) for s in sents), default=0.0) < 0.7:
                    return False
        if any(t.concept == "sagen" for t in self.ranking):
            # "Was sagt die chinesische Regierung?": the speaker must be in the evidence
            for t in self.ranking:
                if t.weight >= 2 and t.dim != "geo" and t.concept != "sagen" and not self.idx.is_topic(t):
                    if max((self.idx.term_score(t, s) for s in sents), default=0.0) < 0.85:
                        return False
        if self.q.is_yesno:
            for t in self.ranking:
                if t.dim == "geo" and max((self.idx.term_score(t, s) for s in sents), default=0.0) < 1.0:
                    return False  # a yes/no question about a place the evidence does not name
        if self.q.wh == "how_many":
            asked = next((t for t in self.ranking if t.dim != "number"), None)
            if asked is not None and max((self.idx.term_score(asked, s) for s in sents), default=0.0) < 0.7:
                return False
        return True

    def mentions_entities(self, sid: str) -> bool:
        return all(sid in ent.sentences for ent, _ in self.entity_refs) if self.entity_refs else True

    def confidence(self, sids: Sequence[str]) -> float:
        c = self.coverage(sids, self.ranking) if self.ranking else 1.0
        return round(min(0.99, max(0.05, 0.35 + 0.6 * c)), 2)

    def best_sentences(self, candidates: Iterable[_Sent] | None = None, k: int = 1) -> list[tuple[float, _Sent]]:
        cands = list(self.idx.sents if candidates is None else candidates)
        scored = sorted(((self.rank(s), s) for s in cands), key=lambda x: (-x[0], x[1].pos))
        return scored[:k]


def _context(q: Question, idx: RecordIndex, skip: Iterable[str] = ()) -> _Ctx:
    refs = idx.entities_in(q)
    positions = set().union(*[p for _, p in refs]) if refs else set()
    skip = {fold(w) for w in skip}
    ranking = [t for t in q.terms if fold(t.text) not in skip]
    # a place is always required, even when the entity table lists it; "betrifft", "gilt" never are
    light = lexicon().affected_words
    required = [
        t for t in ranking
        if (t.position not in positions or t.dim == "geo") and not t.answer_type and not idx.is_topic(t) and fold(t.text) not in light
    ]
    return _Ctx(q, idx, refs, positions, required, ranking, set(skip))


# -- answer building --------------------------------------------------------------


def _cap(text: str) -> str:
    text = text.strip()
    return text[:1].upper() + text[1:] if text else text


def _abstain(q: Question, ctx: _Ctx | None, route: str, best: float = 0.0) -> Answer:
    return Answer(q.text, lexicon().cues["answers"]["unknown"], "unknown", round(0.4 + 0.5 * (1 - min(best, 1.0)), 2), (), (), route)


def _sentence_answer(q: Question, ctx: _Ctx, scored: list[tuple[float, _Sent]], route: str, verdict: str | None = None, prefix: str = "") -> Answer:
    sids = [s.sentence.id for _, s in scored]
    ev = ctx.idx.evidence(sids)
    text = " ".join(e.text for e in ev)
    return Answer(q.text, (prefix + " " + text).strip() if prefix else text, verdict, ctx.confidence(sids), ev, _clauses_in(ctx.idx, sids), route)


def _clauses_in(idx: RecordIndex, sids: Iterable[str]) -> tuple[str, ...]:
    sids = set(sids)
    return tuple(c.id for c in idx.record.clauses if c.sentence in sids)


def _cue_sentences(idx: RecordIndex, cue_key: str) -> list[_Sent]:
    cues = [" " + " ".join(fold(w) for w in re.findall(r"\w+", c)) + " " for c in lexicon().cues[cue_key]]
    out = []
    for s in idx.sents:
        if any(c in s.folded or (len(c.strip()) >= 5 and c.strip() in s.folded) for c in cues):
            out.append(s)
    return out


def _negated_near(s: _Sent, ctx: _Ctx) -> bool:
    """A negation word within three words before a word the question asks about."""
    neg = {fold(w) for w in lexicon().cues["negation"]}
    q_neg = any(t.folded in neg for t in ctx.q.tokens)
    hits = []
    for i, tok in enumerate(s.tokens):
        for t in ctx.ranking:
            if t.dim in ("geo", "number"):
                continue
            if any(token_matches(p, tok) >= 0.85 for p in _term_parts(t)):
                hits.append(i)
                break
    for code in ctx.q.places:
        lex = lexicon()
        for words, c, _ in lex.places:
            if c == code and len(words) == 1:
                hits += [i for i, tok in enumerate(s.tokens) if tok.stem == words[0]]
    nums = [t.concept[4:] for t in ctx.q.terms if t.dim == "number" and t.concept]
    if nums:
        # a number asked about: is it asserted anywhere, or only denied ("nicht, wie gemeldet, 5 Millionen")?
        at = [i for i, tok in enumerate(s.tokens) if tok.text.replace(",", ".") in nums]
        if at:
            denied = all(any(s.tokens[j].folded in neg for j in range(max(0, i - 6), i)) for i in at)
            return denied != q_neg
    # German puts "nicht" before the word it negates, or right after the finite verb
    negated = any(any(s.tokens[j].folded in neg for j in range(max(0, i - 3), min(len(s.tokens), i + 3)) if j != i) for i in hits)
    return negated != q_neg


def condition_after(idx: RecordIndex, s) -> list:
    """The next sentence of the paragraph when it states the exception's condition: it refers
    back ("dafür", "Sie", "Wer davon Gebrauch macht") and names a duty or condition."""
    nxt = idx.after(s, 1)
    if not nxt:
        return []
    words = {t.folded for t in nxt[0].tokens}
    folded = nxt[0].folded
    anaphors, duties = _follow_up_words()
    refers = bool(words & anaphors)
    duty = bool(words & duties) or any(f" {d} " in folded for d in duties if " " in d)
    return nxt if refers and duty else []


@lru_cache(maxsize=1)
def _follow_up_words() -> tuple[frozenset[str], frozenset[str]]:
    cues = lexicon().cues
    return frozenset(fold(w) for w in cues["follow_up_anaphors"]), frozenset(fold(w) for w in cues["follow_up_duties"])
