"""The record, indexed for answering (built once per record and cached).

Sentences and clause texts tokenized with their concepts, places and numbers,
entity names stemmed, the rule set built (:mod:`scope_match`), the sentences
with time expressions and with reason, definition, amount and effective-date
cues marked; and the matching of a question's terms against a sentence
(:meth:`RecordIndex.term_score`), document frequency and topic words.
"""

from __future__ import annotations

import functools
import re
import weakref
from dataclasses import dataclass
from typing import Iterable

from nlp_policy.qa.types import Evidence
from nlp_policy.qa.reasons import strength as reason_strength
from nlp_policy.qa.question import NUMBER_RE, Question, Term, Token, Vocabulary, fold, lexicon, stem, stem_word, token_matches, tokenize
from nlp_policy.record.types import Entity, Record, Sentence
from nlp_policy.resources import load_json
from nlp_policy.text.clean import clean
from nlp_policy.qa.scope_reasoning import RuleSet, build_rules

#: A word found in at least this share of the sentences is a topic word of the
#: document ("Azure", "Gesichtserkennung" in an article about a Microsoft ban):
#: it ranks sentences but is not required in the evidence.
TOPIC_SHARE = 0.2


@dataclass
class _Sent:
    sentence: Sentence
    tokens: list[Token]
    concepts: frozenset[str]
    places: frozenset[str]
    folded: str
    pos: int
    numbers: frozenset[str] = frozenset()
    joined: tuple[Token, ...] = ()  # separable verbs joined ("stellte ... vor" -> "vorstellte")


@dataclass
class _Ent:
    entity: Entity
    names: list[tuple[str, ...]]  # stemmed word sequences of name and aliases
    sentences: list[str]
    descriptors: frozenset[str] = frozenset()  # stems of the nouns its description calls it ("dem Lieferdienst Flinkrad": lieferdienst)


@functools.lru_cache(maxsize=1)
def _NUMBER_VALUES() -> dict[str, str]:
    """Numerals written as words and their digits (``qa_slots.json``, "number_values")."""
    return dict(load_json("qa_slots.json")["number_values"])


class RecordIndex:
    """A record prepared for answering (built once per record and cached)."""

    def __init__(self, record: Record):
        lex = lexicon()
        self.record = record
        self.sents: list[_Sent] = []
        words: set[str] = set()
        cap: set[str] = set()
        low: set[str] = set()
        for i, s in enumerate(record.sentences):
            toks = tokenize(s.text)
            words.update(t.folded for t in toks)
            for t in toks[1:]:
                (cap if t.capitalised else low).add(t.folded)
            words.update(p for t in toks for p in re.split(r"[-.'’]", t.folded) if p)
            numbers = frozenset(t.text.replace(",", ".") for t in toks if NUMBER_RE.fullmatch(t.text))
            numbers |= {_NUMBER_VALUES()[t.folded] for t in toks if t.folded in _NUMBER_VALUES()}  # "zwölf" is 12
            self.sents.append(_Sent(s, toks, frozenset(lex.concepts_in(toks)), frozenset(lex.places_in(toks)), " " + " ".join(t.folded for t in toks) + " ", i, numbers, _joined_verbs(s.text, toks)))
        self.by_id = {s.sentence.id: s for s in self.sents}
        # for word look-ups only: read as the clean text (no soft hyphens, NFC)
        self.record_text = clean(" ".join(s.text for s in record.sentences)).text
        self.avg_len = sum(len(s.tokens) for s in self.sents) / len(self.sents) if self.sents else 0.0
        self.ents: list[_Ent] = []
        for e in record.entities:
            names = []
            for n in (e.name, *e.aliases):
                seq = tuple(stem_word(w) for w in re.split(r"[\s]+", n) if w)
                if seq and seq not in names:
                    names.append(seq)
                words.update(fold(w) for w in n.split())
            sids = []
            for m in e.mentions:
                if m.sentence not in sids:
                    sids.append(m.sentence)
            self.ents.append(_Ent(e, names, sids))
        named = {w for ent in self.ents for seq in ent.names for w in seq}
        for ent in self.ents:
            ent.descriptors = _descriptors(ent, named, lex)
        self.vocabulary = Vocabulary(words, cap - low)
        self.rules: RuleSet = build_rules(record, lex)
        self.clause_sentence = {c.id: c.sentence for c in record.clauses}
        self.clauses_by_id = {c.id: c for c in record.clauses}
        self.clause_sents: dict[str, _Sent] = {}
        for c in record.clauses:
            toks = tokenize(c.text)
            self.clause_sents[c.id] = _Sent(Sentence(c.sentence, c.start, c.end, c.text), toks, frozenset(lex.concepts_in(toks)), frozenset(lex.places_in(toks)), " " + " ".join(t.folded for t in toks) + " ", -1)
        # time expressions per sentence: the record's timeline, else the cue words
        self.times: dict[str, list[str]] = {}
        for t in record.timeline:
            self.times.setdefault(t.sentence, []).append(t.text)
        if not record.timeline:
            cue = {fold(w) for w in lex.cues["time_words"]}
            for s in self.sents:
                hits = [t.text for t in s.tokens if t.folded in cue or re.fullmatch(r"(19|20)\d\d", t.text)]
                if hits:
                    self.times[s.sentence.id] = hits
        # how surely each sentence gives a reason (qa/reasons.py), for why-questions
        self.reason_strength = {s.pos: w for s in self.sents if (w := reason_strength(s.tokens, s.folded, s.sentence.text)) > 0}
        self.reason_sentences = set(self.reason_strength)
        definition = [" " + " ".join(fold(w) for w in re.findall(r"\w+", c)) + " " for c in lex.cues.get("definition", ())]
        self.definition_sentences = {s.pos for s in self.sents if any(c in s.folded for c in definition)}
        amount = [" " + " ".join(fold(w) for w in re.findall(r"\w+", c)) + " " for c in lex.cues.get("amount", ())]
        self.amount_sentences = {s.pos for s in self.sents if any(c in s.folded for c in amount)}
        effective = [" " + " ".join(fold(w) for w in re.findall(r"\w+", c)) + " " for c in lex.cues.get("effective", ())]
        self.effective_sentences = {s.pos for s in self.sents if any(c in s.folded for c in effective)}
        self._df: dict[tuple, int] = {}
        #: per-record results of other modules (the evidence features of each sentence)
        self.memo: dict = {}
        self._scores: dict[tuple, float] = {}

    def after(self, s: _Sent, n: int = 1) -> list[_Sent]:
        """Up to ``n`` sentences that follow ``s`` in its paragraph (no blank line between)."""
        out, prev = [], s
        for nxt in self.sents[s.pos + 1 : s.pos + 1 + n] if s.pos >= 0 else []:
            if nxt.sentence.start - prev.sentence.end > 1:
                break
            out.append(nxt)
            prev = nxt
        return out

    def refers_to(self, ent: _Ent, s: _Sent) -> bool:
        """The sentence names the entity, or calls it by the noun its description
        gives it ("Seit Montag darf der Dienst wieder ausliefern" after "dem Lieferdienst Flinkrad")."""
        if s.sentence.id in ent.sentences:
            return True
        # the noun itself or the head of the compound ("der Dienst" for "dem Lieferdienst Flinkrad")
        return any(
            t.capitalised and len(t.stem) >= 4 and any(d == t.stem or d.endswith(t.stem) for d in ent.descriptors)
            for t in s.tokens
        )

    # -- matching ------------------------------------------------------------
    def term_score(self, term: Term, s: _Sent) -> float:
        key = (term.text, term.stem, term.concept, term.dim, id(s))
        hit = self._scores.get(key)
        if hit is None:
            hit = self._scores[key] = self._term_score(term, s)
        return hit

    def _term_score(self, term: Term, s: _Sent) -> float:
        if term.dim == "geo" and term.concept:
            code = term.concept[4:]
            return 1.0 if any(lexicon().contains(code, sp) for sp in s.places) else 0.0
        if term.dim == "number" and term.concept:
            return 1.0 if term.concept[4:] in s.numbers else 0.0
        parts = _term_parts(term)
        # a synonym counts a little less than the word itself, so the sentence that
        # uses the question's own word wins a tie
        syn = 0.9 if term.concept and term.concept in s.concepts else 0.0
        if not parts:
            return syn
        total = 0.0
        toks = s.tokens + list(s.joined) if s.joined else s.tokens
        for p in parts:
            best = 0.0
            for tok in toks:
                m = token_matches(p, tok)
                if m > best:
                    best = m
                    if m == 1.0:
                        break
            total += best
        return max(total / len(parts), syn)

    def df(self, term: Term) -> int:
        key = (term.text, term.stem, term.concept, term.dim)
        if key not in self._df:
            self._df[key] = sum(1 for s in self.sents if self.term_score(term, s) >= 0.85)
        return self._df[key]

    def is_topic(self, term: Term) -> bool:
        n = len(self.sents)
        return n >= 5 and self.df(term) >= max(3, TOPIC_SHARE * n)

    def entities_in(self, q: Question) -> list[tuple[_Ent, set[int]]]:
        """Entities the question names (by name, alias or, for persons, surname)."""
        found = []
        stems = [t.stem for t in q.tokens]
        for ent in self.ents:
            positions: set[int] = set()
            for seq in ent.names:
                n = len(seq)
                for i in range(len(stems) - n + 1):
                    if all(_eq(seq[j], q.tokens[i + j]) for j in range(n)):
                        positions.update(range(i, i + n))
                if ent.entity.label == "PER" and len(seq) > 1:
                    for i, tok in enumerate(q.tokens):
                        if len(seq[-1]) >= 3 and tok.stem == seq[-1] and tok.capitalised:
                            positions.add(i)
            if positions:
                found.append((ent, positions))
        # an entity whose name lies inside another's ("Azure" in "Azure OpenAI Service") is not named itself
        found.sort(key=lambda ep: -len(ep[1]))
        out: list[tuple[_Ent, set[int]]] = []
        for ent, pos in found:
            if not any(pos < other for _, other in out):
                out.append((ent, pos))
        return out

    def evidence(self, sids: Iterable[str]) -> tuple[Evidence, ...]:
        out, seen = [], set()
        for sid in sids:
            if sid in seen or sid not in self.by_id:
                continue
            seen.add(sid)
            s = self.by_id[sid].sentence
            out.append(Evidence(s.id, s.text, s.start, s.end))
        out.sort(key=lambda e: e.start)
        return tuple(out)


_CLAUSE_END = frozenset(".,;:!?–)")


def _joined_verbs(text: str, toks: list[Token]) -> tuple[Token, ...]:
    """German splits separable verbs: "Gerlach stellte die Regeln vor." A particle
    that closes a clause is joined with the lower-case words before it in that
    clause that look like finite verbs ("vorstellte"), so that a question's
    "vorgestellt" finds the sentence (:func:`token_matches` compares participles)."""
    from nlp_policy.qa.question import _SEPARABLE, stem

    out = []
    lex = lexicon()
    clause_start = 0
    for i, tok in enumerate(toks):
        end = tok.start + len(tok.text)
        nxt = text[end : end + 1]
        closes = nxt == "" or nxt in _CLAUSE_END
        if tok.folded in _SEPARABLE and closes and not tok.capitalised:
            for v in toks[clause_start:i]:
                f = v.folded
                if not v.capitalised and f not in lex.stopwords and len(f) >= 4 and f.endswith(("t", "te", "ten", "en", "st")):
                    w = tok.folded + f
                    out.append(Token(w, w, stem(w), (stem(w),), tok.start))
        if closes:
            clause_start = i + 1
    return tuple(out)


def _term_parts(term: Term) -> list[str]:
    return _parts_of(term.text, term.stem)


@functools.lru_cache(maxsize=20_000)
def _parts_of(text: str, term_stem: str) -> list[str]:
    lex = lexicon()
    term = Term(text, term_stem)
    pieces = [p for p in re.split(r"[-.'’]", term.text) if p]
    if len(pieces) <= 1:
        return [term.stem]
    keep = []
    for p in pieces:
        if fold(p) in lex.stopwords or len(p) < 2:
            continue
        if any(words == (stem(fold(p)),) for words, _, _ in lex.places):
            continue
        keep.append(stem_word(p))
    return keep or [term.stem]


def _eq(word_stem: str, tok: Token) -> bool:
    return word_stem == tok.stem or word_stem == tok.folded or word_stem in tok.parts


_CACHE: dict[int, tuple[weakref.ref, RecordIndex]] = {}


def index_of(record: Record) -> RecordIndex:
    """The RecordIndex of a record (cached while the record lives)."""
    hit = _CACHE.get(id(record))
    if hit is not None and hit[0]() is record:
        return hit[1]
    idx = RecordIndex(record)
    _CACHE[id(record)] = (weakref.ref(record, lambda _r, k=id(record), cache=_CACHE: cache.pop(k, None)), idx)
    return idx


def _descriptors(ent: _Ent, named: set[str], lex) -> frozenset[str]:
    """Stems of the common nouns of an entity's description that are no one's name
    ("Die österreichische Finanzmarktaufsicht ...": finanzmarktaufsicht; "Paynova,
    ein Start-up aus Wien": start-up). Later sentences call the entity by them, or by
    the head of the compound ("die Behörde"). A name that starts with such a noun
    ("Lieferdienst Flinkrad") gives it too."""
    out = set()
    words = ent.entity.name.split()
    if len(words) > 1:
        first = tokenize(words[0])
        if first and first[0].folded.rsplit("-", 1)[-1].endswith(_kind_nouns()):
            out.add(first[0].stem)  # "Zahlungsdienst Paynova", "Lieferdienst Flinkrad"
    d = ent.entity.description
    if d is not None:
        out.update(
            t.stem for t in tokenize(d.text)
            if t.capitalised and t.stem not in named and t.folded not in lex.stopwords and not lex.places_in([t]) and len(t.folded) > 3
        )
    return frozenset(out)


@functools.lru_cache(maxsize=1)
def _kind_nouns() -> tuple[str, ...]:
    """The nouns that say what an organisation or a product is (entity_cues.json), folded."""
    cues = load_json("entity_cues.json")
    return tuple(sorted({fold(w) for key in ("org_cues", "product_cues") for w in cues[key]}))
