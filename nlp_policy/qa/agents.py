"""Who-questions: the sentence that names the agent of the question's predicate.

"Wer hat die Ruhezeit angeordnet?", "Wer hat den Betrieben die Ausnahme
zugesagt?": the ranked evidence finds the passage about the rule, but that
passage often states the rule without its maker ("In X dürfen Laubbläser nur ...").
This module picks, among the well-ranked passages, the one where the
question's verb (or, for a verb of issuing a rule, any such verb) has an agent:
a person or organisation of the entity table, or an authority noun the text
gives no name ("das Gesundheitsamt", "die Behörde"); failing that, the sentence
right after the rule passage in its paragraph that names an authority together
with an issuing verb or a noun referring back to the rule ("Erlassen hat das
Gesundheitsamt die Regel ...").

The words are data (``data/qa_agents.json``); this module names none.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from nlp_policy.qa.index import RecordIndex, _Sent
from nlp_policy.qa.question import _SEPARABLE, Question, fold, lexicon
from nlp_policy.resources import load_json

#: A passage other than the best one is taken for its agent when it scores at
#: least this share of the best (corpus/dev: 0.4, 0.5, 0.6 and 0.75 all give
#: 165/210, who 31/37; 0.6 keeps the passage close to the question's words).
AGENT_SHARE = 0.6
#: How many of the best passages are looked at for an agent.
AGENT_CANDIDATES = 5


@dataclass(frozen=True)
class _Words:
    stems: tuple[str, ...]  # issuing verbs without a particle
    split: tuple[tuple[str, str], ...]  # (verb stem, particle) of split separable verbs
    heads: tuple[str, ...]
    min_extra: int
    not_authorities: frozenset[str]
    rule_nouns: frozenset[str]
    owner_question: tuple[tuple[str, ...], ...]
    maker_question: tuple[tuple[str, ...], ...]
    owner_cues: tuple[tuple[str, ...], ...]
    maker_cues: tuple[tuple[str, ...], ...]
    patient_words: frozenset[str]
    group_endings: tuple[str, ...]


def _phrases(words) -> tuple[tuple[str, ...], ...]:
    return tuple(tuple(fold(w) for w in p.split()) for p in words)


@lru_cache(maxsize=1)
def _words() -> _Words:
    d = load_json("qa_agents.json")
    stems, split = [], []
    for w in d["issuing_verbs"]:
        verb, _, particle = fold(w).partition("|")
        (split.append((verb, particle)) if particle else stems.append(verb))
    return _Words(
        tuple(stems), tuple(split), tuple(sorted((fold(h) for h in d["authority_heads"]), key=len, reverse=True)),
        int(d.get("min_compound_extra", 3)), frozenset(fold(w) for w in d["not_authorities"]),
        frozenset(fold(w) for w in d["rule_nouns"]),
        _phrases(d["owner_question"]), _phrases(d["maker_question"]), _phrases(d["owner_cues"]), _phrases(d["maker_cues"]),
        frozenset(fold(w) for w in d["patient_question_words"]), tuple(fold(w) for w in d["group_endings"]),
    )


def is_authority(word: str) -> bool:
    """A noun naming an authority or body ("Gesundheitsamt", "Behörde", "Kommission")."""
    w = _words()
    f = fold(word)
    if f in w.not_authorities or not word[:1].isupper():
        return False
    return any(f == h or (f.endswith(h) and len(f) >= len(h) + w.min_extra) for h in w.heads)


def is_issuing(word: str) -> bool:
    """A (folded) verb form of issuing a rule, as a question uses it ("angeordnet", "zugesagt")."""
    f = fold(word)
    w = _words()
    return any(f.startswith(s) for s in w.stems) or any(f.startswith(p + "ge" + v) or f.startswith(p + v) for v, p in w.split)


def issues_a_rule(q: Question, verb: str) -> bool:
    """The question's verb issues a rule the question names ("Wer hat die Einigung
    ausgehandelt?", "Wer hat die Regel angeordnet?"): an issuing verb next to a rule noun."""
    rule_nouns = _words().rule_nouns
    return is_issuing(verb) and any(t.folded in rule_nouns or t.stem in rule_nouns for t in q.tokens)


def has_issuing_verb(s: _Sent) -> bool:
    """The sentence uses a verb of issuing a rule (a verb, not the noun "Verbot")."""
    w = _words()
    toks = s.tokens
    folded = {t.folded for t in toks}
    for i, t in enumerate(toks):
        if t.capitalised and i > 0:
            continue  # a noun ("Verbot", "Anordnung"), not a verb
        if any(t.folded.startswith(st) for st in w.stems):
            return True
        if any(t.folded.startswith(v) and p in folded for v, p in w.split):
            return True
    return any(any(j.folded.startswith(st) for st in w.stems) for j in s.joined)


def agent_words(s: _Sent, idx: RecordIndex, q: Question, named_only: bool = False) -> list[str]:
    """The agents a sentence names that the question does not: persons and
    organisations of the entity table, then (unless ``named_only``) authority nouns."""
    asked = {t.folded for t in q.tokens}
    out = []
    for e in idx.ents:
        if e.entity.label in ("PER", "ORG") and s.sentence.id in e.sentences:
            words = [fold(x) for x in e.entity.name.split()]
            if not any(x in asked for x in words):
                out.append(e.entity.name)
    for t in () if named_only else s.tokens:
        if t.folded not in asked and is_authority(t.text) and not any(fold(t.text) in fold(o) for o in out):
            out.append(t.text)
    return out


def names_people(s: _Sent, idx: RecordIndex, q: Question) -> bool:
    """The sentence names people the question does not: a person, an actor concept
    ("Nutzer", "Polizei") or a plural role word ("Leserinnen und Leser")."""
    asked = {t.folded for t in q.tokens}
    lex = lexicon()
    if any(lex.concepts[c].dim == "actors" for c in s.concepts if c in lex.concepts and fold(c) not in asked):
        return True
    ends = _words().group_endings
    if any(t.capitalised and t.folded not in asked and t.folded.endswith(ends) and len(t.folded) > 7 for t in s.tokens):
        return True
    return any(e.entity.label == "PER" and s.sentence.id in e.sentences for e in idx.ents)


def predicate_of(q: Question) -> str | None:
    """The question's verb that the agent does ("angeordnet" in "Wer hat X angeordnet?"):
    the closing participle or infinitive of a who-question, else its finite verb."""
    toks = [t for t in q.tokens if t.text[:1].isalpha()]
    if q.wh != "who" or len(toks) < 3:
        return None
    last = toks[-1]
    if not last.capitalised and last.folded.endswith(("t", "en")) and len(last.folded) > 4:
        return last.folded
    return None


def uses_predicate(pred: str, s: _Sent, idx: RecordIndex) -> bool:
    """The sentence uses the question's verb: as written, joined from its split
    form ("sagte ... zu" ~ "zugesagt"), or, for a verb of issuing, any issuing verb."""
    if is_issuing(pred) and has_issuing_verb(s):
        return True
    bare = _bare(pred)
    if not bare:
        return False
    return any(t.folded.startswith(bare) or t.folded.startswith(_particle(pred) + bare) for t in (*s.tokens, *s.joined))


def _particle(word: str) -> str:
    return next((p for p in sorted(_SEPARABLE, key=len, reverse=True) if word.startswith(p + "ge")), "")


def _bare(word: str) -> str:
    """ "zugesagt" -> "sag", "angeordnet" -> "ordn", "verhängt" -> "verhaeng"."""
    p = _particle(word)
    rest = word[len(p) + 2 :] if p else (word[2:] if word.startswith("ge") else word)
    for end in ("et", "t", "en"):
        if rest.endswith(end):
            rest = rest[: -len(end)]
            break
    return rest if len(rest) >= 3 else ""


def with_agent(q: Question, idx: RecordIndex, passages: list, best) -> list[_Sent]:
    """The sentences that answer a who-question: the best passage when it names an
    agent of the question's verb; else a well-ranked passage that does; else the
    best passage with the next sentence of its paragraph that names the authority
    who made the rule; else the best passage alone."""
    if any(t.folded in _words().patient_words for t in q.tokens[:2]):
        # "Wen will X schützen?": the passage that names the people it is done to
        if names_people(best.sent, idx, q):
            return [best.sent]
        for p in passages[:AGENT_CANDIDATES]:
            if p is not best and p.score >= AGENT_SHARE * best.score and names_people(p.sent, idx, q):
                return [best.sent, p.sent]
        return [best.sent]
    pred = predicate_of(q)
    if pred is None or q.affected:
        return [best.sent]  # "Wer ist betroffen?" asks for the affected, not for an agent
    named = bool(agent_words(best.sent, idx, q))
    if named and uses_predicate(pred, best.sent, idx):
        return [best.sent]
    for p in passages[:AGENT_CANDIDATES]:
        if p is best or p.score < AGENT_SHARE * best.score:
            continue
        if uses_predicate(pred, p.sent, idx) and agent_words(p.sent, idx, q):
            return [p.sent]
    if named or not is_issuing(pred):
        return [best.sent]
    w = _words()
    prev = best.sent
    for nxt in idx.sents[best.sent.pos + 1 : best.sent.pos + 3]:
        if nxt.sentence.start - prev.sentence.end > 1:
            break  # a blank line: the paragraph ends
        refers = has_issuing_verb(nxt) or any(t.folded in w.rule_nouns for t in nxt.tokens)
        if refers and agent_words(nxt, idx, q):
            return [best.sent, nxt]
        prev = nxt
    return [best.sent]


def _has_phrase(words: list[str], phrases) -> bool:
    """A phrase of ``phrases`` in the folded words, in order; a one-word cue also
    as the last part of a compound ("Google-Tochter", "Entwicklerfirma" is its own entry)."""
    return bool(_cue_positions(words, phrases))


def relation_asked(q: Question) -> str | None:
    """ "owner" ("Welchem Konzern gehört X?"), "maker" ("Wer betreibt X?") or None."""
    if q.wh not in ("who", "which"):
        return None
    w = _words()
    words = [t.folded for t in q.tokens]
    if _has_phrase(words, w.owner_question):
        return "owner"
    if _has_phrase(words, w.maker_question):
        return "maker"
    return None


def _cue_positions(words: list[str], phrases) -> list[int]:
    """Positions of the words of the first phrase of ``phrases`` found in ``words``."""
    for p in phrases:
        n = len(p)
        for i in range(len(words) - n + 1):
            if tuple(words[i : i + n]) == p or (n == 1 and words[i].endswith("-" + p[0])):
                return list(range(i, i + n))
    return []


def _name_after_cue(q: Question) -> list[str]:
    """The capitalised words right after the question's relation word ("Welchem
    Konzern gehört Welle Nord?" -> welle, nord), none when a noun of its own and
    an article come first ("... hinter dem Angriff auf X")."""
    w = _words()
    words = [t.folded for t in q.tokens]
    cue = _cue_positions(words, w.owner_question) or _cue_positions(words, w.maker_question)
    if not cue:
        return []
    out = []
    for t in q.tokens[max(cue) + 1 :]:
        if t.capitalised and t.text[:1].isalpha():
            out.append(t.folded)
        elif out or t.folded not in lexicon_stopwords():
            break
    return out


def lexicon_stopwords() -> frozenset[str]:
    return lexicon().stopwords


def _is_relation_object(q: Question, e) -> bool:
    """The entity is what the relation word is about: no noun of its own stands
    between them ("Welche Firma steckt hinter X?", "Wer hat X entwickelt?"; not "Wer
    steckt hinter dem Angriff auf X?")."""
    w = _words()
    words = [t.folded for t in q.tokens]
    cue = _cue_positions(words, w.owner_question) or _cue_positions(words, w.maker_question)
    names = {fold(x) for x in e.entity.name.split()}
    at = [i for i, t in enumerate(q.tokens) if t.folded in names]
    if not cue or not at:
        return True
    lo, hi = (max(cue) + 1, min(at)) if min(at) > max(cue) else (max(at) + 1, min(cue))
    return not any(q.tokens[i].capitalised for i in range(lo, hi))


def owner_or_maker(q: Question, idx: RecordIndex, ctx) -> tuple[str, list[_Sent]] | None:
    """Who owns, makes or runs the entity the question names: ("answer", sentences)
    from a longer company name that contains the entity's ("Brightwave Quizzo
    GmbH" for Quizzo), else from the best sentence naming the entity (or the
    next one of its paragraph, "Der Sender gehört zu ...") with a cue of the
    relation and another named person or organisation; ("refuse", []) for an owner
    question no such sentence answers; None when the question asks neither or
    names nothing right after its relation word (the other routes answer). A name
    the entity table lacks is the run of capitalised words after the relation word."""
    kind = relation_asked(q)
    if kind is None:
        return None
    named = [e for e, _ in ctx.entity_refs if e.entity.label in ("ORG", "PRODUCT", "MISC")]
    if not named:
        # a part of a longer name ("Quizzo" of the entity "Lernapp Quizzo")
        caps = {t.folded for t in q.tokens[1:] if t.capitalised and len(t.folded) >= 3}
        named = [e for e in idx.ents if e.entity.label in ("ORG", "PRODUCT", "MISC") and caps & {fold(w) for w in e.entity.name.split()}]
        named.sort(key=lambda e: len(e.entity.name.split()))
    named = [e for e in named if _is_relation_object(q, e)]
    asked = {t.folded for t in q.tokens}
    if named:
        x = named[0]
        # the entity as the question names it ("Quizzo" of "Lernapp Quizzo")
        xwords = {fold(w) for w in x.entity.name.split() if fold(w) in asked} or {fold(w) for w in x.entity.name.split()}
        xsids = list(x.sentences)
    else:
        # a name the entity table lacks: the capitalised words right after the relation word
        x = None
        xwords = set(_name_after_cue(q))
        if not xwords:
            return None  # "Wer steckt hinter dem Angriff auf X?" asks about the attack, not about X
        xsids = [s.sentence.id for s in idx.sents if xwords <= {t.folded for t in s.tokens}]
    for e in idx.ents if kind == "maker" else ():  # the maker's name is no owner's
        words = [fold(w) for w in e.entity.name.replace(",", " ").split()]
        if e is not x and e.entity.label == "ORG" and xwords <= set(words) and len(words) > len(xwords):
            sents = [idx.by_id[sid] for sid in e.sentences if sid in idx.by_id]
            if sents:
                return "answer", [min(sents, key=lambda s: s.pos)]
    # and the sentence right after one of them in its paragraph, which may name it by
    # a common noun ("Der Sender gehört zu ...")
    for sid in list(xsids):
        s0 = idx.by_id.get(sid)
        if s0 is None or s0.pos + 1 >= len(idx.sents):
            continue
        nxt = idx.sents[s0.pos + 1]
        if nxt.sentence.start - s0.sentence.end <= 1 and nxt.sentence.id not in xsids:
            xsids.append(nxt.sentence.id)
    w = _words()
    cues = w.owner_cues if kind == "owner" else w.maker_cues
    cands = [
        idx.by_id[sid] for sid in xsids
        if sid in idx.by_id and _has_phrase([t.folded for t in idx.by_id[sid].tokens], cues)
        and agent_words(idx.by_id[sid], idx, q, named_only=True)
    ]
    if cands:
        best = ctx.best_sentences(cands, k=1)
        return "answer", [best[0][1] if best else cands[0]]
    return ("refuse", []) if kind == "owner" else None


def person_after(ctx, passages: list, slot_holds) -> list[_Sent] | None:
    """A person asked for by role ("Who presided over the court ...?", "Welcher
    Richter ...?") whom no well-matching passage names: the best passage and the
    next sentence of its paragraph that names a person, the asked role word in the
    one or the other ("... hob das Landgericht das Hausverbot auf. Die Vorsitzende
    Richterin X sah ...")."""
    idx: RecordIndex = ctx.idx
    roles = [t for t in ctx.ranking if t.weight >= 2 and fold(t.text) in _person_roles()]
    if not roles or not passages:
        return None
    best = passages[0]
    prev = best.sent
    for nxt in idx.sents[best.sent.pos + 1 : best.sent.pos + 3]:
        if nxt.sentence.start - prev.sentence.end > 1:
            break  # a blank line: the paragraph ends
        # the role named with the person, or in the passage the person's sentence goes on from
        # ("... lenkt die Beauftragte ein. In einem Schreiben teilt die Behörde von X mit")
        if slot_holds(nxt) and any(idx.term_score(t, x) >= 0.7 for t in roles for x in (nxt, best.sent)):
            return [best.sent, nxt]
        prev = nxt
    return None


@lru_cache(maxsize=1)
def _person_roles() -> frozenset[str]:
    return frozenset(fold(w) for w in load_json("qa_slots.json")["person_roles"])
