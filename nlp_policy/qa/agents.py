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

from dataclasses import dataclass, replace
from functools import lru_cache

from nlp_policy.qa.index import RecordIndex, _Sent
from nlp_policy.qa.question import _SEPARABLE, Question, fold, lexicon, subordinators
from nlp_policy.resources import load_json

#: A passage other than the best one is taken for its agent when it scores at
#: least this share of the best (corpus/dev: 0.4, 0.5, 0.6 and 0.75 all give
#: 165/210, who 31/37; 0.6 keeps the passage close to the question's words).
AGENT_SHARE = 0.6
#: How many of the best passages are looked at for an agent.
AGENT_CANDIDATES = 5
#: An owner or maker question also reads this many sentences after one naming the
#: entity, in its paragraph ("X wurde gesperrt. Die Anordnung ... Betroffen ist die
#: Firma Y, die X entwickelt"). 1 and 2 give the same dev figures (202/210, who
#: 37/37); 2 answers the held-out "Which company develops X?".
FOLLOWING = 2


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
    first = s.tokens[0] if s.tokens else None
    return any(_verb_of(t.folded, bare, _particle(pred), not t.capitalised or t is first) for t in (*s.tokens, *s.joined))


def _verb_of(f: str, bare: str, particle: str, verbish: bool = True) -> bool:
    """A word is a form of the verb with this bare stem and particle: "klagen",
    "klagte", and, written as a verb (lower case or opening the sentence), the
    participles "geklagt" and "angeordnet" (the noun "Gesetz" is no "gesetzt")."""
    if f.startswith((bare, particle + bare)):
        return True
    return verbish and f.startswith(("ge" + bare, particle + "ge" + bare))


def agent_of_own_verb(q: Question, idx: RecordIndex, passages: list) -> list[_Sent] | None:
    """ "Wer hat die Regel damals verkündet?": a well-ranked passage that uses the
    question's own verb (not merely another verb of issuing) with a named agent in
    its clause ("die der damalige Vorsitzende X verkündet hatte"): that agent did
    the act asked about, whoever issued the rule itself; None when no passage does."""
    pred = predicate_of(q)
    if pred is None or not passages or not _bare(pred):
        return None
    best = passages[0]
    for p in passages[:AGENT_CANDIDATES]:
        if p.score < AGENT_SHARE * best.score:
            break
        if not _uses_own_verb(pred, p.sent):
            continue
        found = agent_words(p.sent, idx, q, named_only=True)
        if found and _linked(pred, p.sent, found):
            return with_antecedent(p.sent, idx, found)
    return None


def _uses_own_verb(pred: str, s: _Sent) -> bool:
    """The sentence uses the question's verb itself (as written, split or as a participle)."""
    bare, particle = _bare(pred), _particle(pred)
    return any(t.folded.startswith(bare) or t.folded.startswith(particle + bare) or (t.folded.startswith("ge") and t.folded[2:].startswith(bare)) for t in (*s.tokens, *s.joined) if not t.capitalised)


def _linked(pred: str, s: _Sent, agents: list[str]) -> bool:
    """An agent stands in a clause that uses the question's verb ("Die Wirtin sagte, es
    sei falsch, den Platz zu sperren" has no agent of "sperren")."""
    w = _words()
    bare = _bare(pred)
    particle = _particle(pred)
    issuing = is_issuing(pred)
    first = s.tokens[0] if s.tokens else None
    for clause in _clauses(s):
        if clause and clause[0].folded in _roles().open_openers:
            continue  # "Ob der Kreistag X beschließt, bleibt abzuwarten": nobody has done it
        folded = [t.folded for t in clause]
        uses = False
        for t in clause:
            f = t.folded
            verb = not t.capitalised or t is first
            if issuing and verb and (any(f.startswith(st) for st in w.stems) or any(f.startswith(v) and p in folded for v, p in w.split)):
                uses = True
            if bare and (_verb_of(f, bare, particle, verb) or (particle and f.startswith(bare) and particle in folded)):
                uses = True
            if bare and f.startswith("ge") and f[2:].startswith(bare):
                uses = True
        if uses and any(_agent_in(clause, a) for a in agents):
            return True
    return False


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
    if q.affected:
        return [best.sent]  # "Wer ist betroffen?" asks for the affected, not for an agent
    pred = predicate_of(q)
    if pred is None:
        # "wer legt eigentlich fest ob ...": no closing verb; the verb family may name it
        return agent_by_family(q, idx, passages, best) or [best.sent]
    named = agent_words(best.sent, idx, q)
    if named and uses_predicate(pred, best.sent, idx) and _linked(pred, best.sent, named):
        return with_antecedent(best.sent, idx, named)
    if not named and uses_predicate(pred, best.sent, idx) and (prev := antecedent_before(idx, best.sent)) is not None:
        # "Das Gremium billigte X, rügte aber Y": the verb's subject is a definite common
        # noun the entity table does not know; the sentence before names it in full
        return [prev, best.sent]
    for p in passages[:AGENT_CANDIDATES]:
        if p is best or p.score < AGENT_SHARE * best.score:
            continue
        if uses_predicate(pred, p.sent, idx) and (found := agent_words(p.sent, idx, q)) and _linked(pred, p.sent, found):
            return with_antecedent(p.sent, idx, found)
    if (told := _told_after(q, idx, best.sent, pred)) is not None:
        return [best.sent, told]
    by_family = agent_by_family(q, idx, passages, best)
    if by_family:
        return by_family
    if named:
        return with_antecedent(best.sent, idx, named)
    for p in passages[1:AGENT_CANDIDATES]:
        # the best passage names nobody: a who-question is answered by a well-ranked one that
        # names a person or an organisation ("Nach der Einigung gilt ..." - "Ausgehandelt
        # haben den Vertrag X, Y und Z")
        if p.score >= AGENT_SHARE * best.score and agent_words(p.sent, idx, q, named_only=True):
            return [p.sent]
    if not is_issuing(pred):
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


def _told_after(q: Question, idx: RecordIndex, s: _Sent, pred: str) -> _Sent | None:
    """ "X endet schon im Mai. Das gab die Ministerin Y bekannt.": the next sentence
    of the paragraph opens with a demonstrative (qa_agent_verbs.json ``event_anaphors``)
    that takes up the event, uses the question's verb or its family, and names an agent:
    it says who did what the best passage tells. None otherwise."""
    nxt = idx.sents[s.pos + 1] if 0 <= s.pos < len(idx.sents) - 1 else None
    if nxt is None or not nxt.tokens or nxt.sentence.start - s.sentence.end > 1:
        return None
    if nxt.tokens[0].folded not in _event_anaphors():
        return None
    own = families_in([t for t in q.tokens if t.folded == pred], any_case=True)
    if not (_uses_own_verb(pred, nxt) or (own and _family_hit(nxt.tokens, [t.folded for t in nxt.tokens], _merged(own), False))):
        return None
    return nxt if agent_words(nxt, idx, q) else None


@lru_cache(maxsize=1)
def _event_anaphors() -> frozenset[str]:
    return frozenset(fold(w) for w in load_json("qa_agent_verbs.json").get("event_anaphors", ()))


def _merged(names: set[str]) -> "_Family":
    """One family of the words of several."""
    fams = [_roles().families[n] for n in sorted(names)]
    return _Family(sum((f.stems for f in fams), ()), sum((f.separable for f in fams), ()), sum((f.nouns for f in fams), ()), sum((f.phrases for f in fams), ()))


#: How many sentences back, in its paragraph, an anaphor's full name is looked for.
ANTECEDENT_REACH = 2


def antecedent_before(idx: RecordIndex, s):
    """The sentence before ``s`` in its paragraph (up to :data:`ANTECEDENT_REACH`
    back) that names in full, as a compound ending in it, the definite common noun
    ``s`` opens with ("Der Branchenverband der Hersteller kritisierte ... Der Verband
    prüft rechtliche Schritte."), or as the last word of a name of several words
    ("dem Ethics Council ... Das Council"): the answer's agent is named there; else None."""
    toks = s.tokens
    if len(toks) < 2 or toks[0].folded not in _definite_articles() or not toks[1].capitalised or s.pos <= 0:
        return None
    head = toks[1].folded
    if len(head) < 4:
        return None
    later = s
    for prev in idx.sents[max(0, s.pos - ANTECEDENT_REACH) : s.pos][::-1]:
        if later.sentence.start - prev.sentence.end > 1:
            return None  # a paragraph break
        if any(t.capitalised and t.folded != head and t.folded.endswith(head) for t in prev.tokens):
            return prev
        if any(t.folded == head and k > 1 and prev.tokens[k - 1].capitalised and prev.tokens[k - 1].folded not in _definite_articles() for k, t in enumerate(prev.tokens)):
            return prev  # the last word of a name of several words: "dem Ethics Council" ... "Das Council"
        later = prev
    return None


@lru_cache(maxsize=1)
def _definite_articles() -> frozenset[str]:
    """The articles that open an anaphor naming an agent by a bare head (qa_facts.json)."""
    return frozenset(fold(w) for w in load_json("qa_facts.json")["definite_articles"])


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
            # (a name only a title gives, "Lernspiel X", is a description, not a company)
            sents = [idx.by_id[sid] for sid in e.sentences if sid in idx.by_id and idx.by_id[sid].sentence.text.rstrip().endswith(_CLOSING)]
            if sents:
                return "answer", [min(sents, key=lambda s: s.pos)]
    # and the sentence right after one of them in its paragraph, which may name it by
    # a common noun ("Der Sender gehört zu ...")
    for sid in list(xsids):
        s0 = idx.by_id.get(sid)
        if s0 is None:
            continue
        prev = s0
        for nxt in idx.sents[s0.pos + 1 : s0.pos + 1 + FOLLOWING]:
            if nxt.sentence.start - prev.sentence.end > 1:
                break  # a blank line: the paragraph ends
            if nxt.sentence.id not in xsids:
                xsids.append(nxt.sentence.id)
            prev = nxt
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


# -- agents of a verb the text says in other words ------------------------------------
#
# "Wer soll überwachen, ob ...?" against "Geprüft wird das künftig durch die
# Hafenaufsicht": neither the verb nor the agent is the question's word.
# The question's verb is read as a concept family (data/qa_agent_verbs.json) and the
# answer is the sentence where a word of that family has an agent: a person or
# organisation, an authority, or a noun naming a person by role or a body of people.


@dataclass(frozen=True)
class _Family:
    stems: tuple[str, ...]  # verb stems, matched on lower-case words (or a sentence's first)
    separable: tuple[tuple[str, str], ...]  # (particle, stem)
    nouns: tuple[str, ...]  # matched on capitalised words, as start or end of a compound
    phrases: tuple[tuple[str, ...], ...]


@dataclass(frozen=True)
class _Roles:
    families: dict[str, _Family]
    heads: tuple[str, ...]
    endings: tuple[str, ...]
    articles: frozenset[str]
    non_issuing: frozenset[str]
    related: dict[str, frozenset[str]]
    addressee: frozenset[str]
    coordinators: frozenset[str]
    open_openers: frozenset[str]


@lru_cache(maxsize=1)
def _roles() -> _Roles:
    d = load_json("qa_agent_verbs.json")
    fams = {}
    for name, entries in d["families"].items():
        stems, sep, nouns, phrases = [], [], [], []
        for e in entries:
            if " " in e:
                phrases.append(tuple(fold(w) for w in e.split()))
            elif "+" in e:
                p, _, st = fold(e).partition("+")
                sep.append((p, st))
            elif e[:1].isupper():
                nouns.append(fold(e))
            else:
                stems.append(fold(e))
        fams[name] = _Family(tuple(stems), tuple(sep), tuple(nouns), tuple(phrases))
    w = _words()
    # the issuing verbs of qa_agents.json ("verhaengt", "ordnete ... an") belong to "issue"
    issue = fams.get("issue")
    if issue is not None:
        fams["issue"] = _Family(issue.stems + w.stems, issue.separable + tuple((p, v) for v, p in w.split), issue.nouns, issue.phrases)
    heads = tuple(sorted({fold(h) for h in d["role_heads"]} | set(w.heads), key=len, reverse=True))
    return _Roles(
        fams, heads, tuple(d["role_endings"]), frozenset(fold(x) for x in d["anaphor_articles"]), frozenset(d.get("non_issuing", ())),
        {k: frozenset(v) for k, v in d.get("related", {}).items()}, frozenset(fold(x) for x in d.get("addressee_prepositions", ())),
        frozenset(fold(x) for x in d.get("coordinators", ())), frozenset(fold(x) for x in d.get("open_openers", ())),
    )


#: How a sentence (not a title) ends.
_CLOSING = (".", "!", '"', "“", "”", "»", "«", ")", "'")


def _verb_form(f: str, stem: str) -> bool:
    """A verb form of the stem: "klagt", "geklagt" for "klag"."""
    return f.startswith(stem) or (f.startswith("ge") and f[2:].startswith(stem))


def families_in(tokens, any_case: bool = False, nouns: bool = True) -> set[str]:
    """The agent-verb families the words use (a question may be written in lower case:
    ``any_case`` then reads every word as a possible verb or noun; without ``nouns``
    only the verbs count)."""
    folded = [t.folded for t in tokens]
    out = set()
    for name, fam in _roles().families.items():
        if not nouns:
            fam = _Family(fam.stems, fam.separable, (), fam.phrases)
        if _family_hit(tokens, folded, fam, any_case):
            out.add(name)
    return out


def _family_hit(tokens, folded: list[str], fam: _Family, any_case: bool, first=None, clause: bool = False) -> bool:
    """Whether the words use a word of the family (``first``: the sentence's first word,
    which may be a capitalised verb; by default the first of ``tokens``). In a
    ``clause`` a split particle must close it ("legt ... fest", not "regelt ... an Schulen")."""
    first = tokens[0] if first is None and tokens else first
    for i, t in enumerate(tokens):
        f = folded[i]
        verbish = any_case or not t.capitalised or t is first
        if verbish and any(_verb_form(f, s) for s in fam.stems):
            return True
        if (any_case or t.capitalised) and any((f.startswith(n) and f[len(n):] in _roles().endings) or (f.endswith(n) and len(f) > len(n)) for n in fam.nouns):
            # the noun inflected ("Kontrollen") or as a compound's head ("Verfassungsklage");
            # not as its first part: a "Berufungsgericht" is a court, not an appeal
            return True
        for p, s in fam.separable:
            rest = f[len(p) :]
            joined = f.startswith(p) and (_verb_form(rest, s) or rest.startswith("zu" + s))  # "festgelegt", "festzulegen"
            # split: "legt ... fest", the particle after the verb
            split = p == folded[-1] if clause else p in folded[i + 1 :]
            if (joined and verbish) or (verbish and f.startswith(s) and i < len(folded) - 1 and split):
                return True
    for ph in fam.phrases:
        n = len(ph)
        if any(all(folded[i + k].startswith(ph[k]) for k in range(n)) for i in range(len(folded) - n + 1)):
            return True
    return False


def _main_clause(q: Question) -> list:
    """The question's words up to its first comma or subordinate clause ("Wer muss
    zustimmen, wenn ...", "wer legt fest ob ..."), without the question word."""
    subs = subordinators()
    out = []
    for i, t in enumerate(q.tokens):
        if i == 0:
            continue
        comma = "," in q.text[q.tokens[i - 1].start : t.start]
        # without a comma only a conjunction opens the clause ("... fest ob ..."), not an article
        if i > 1 and (comma or (t.folded in subs and t.folded not in _roles().articles)):
            break
        out.append(t)
    return out


def question_families(q: Question) -> tuple[set[str], set[str]]:
    """(families of the main clause, families of the whole question). A question typed
    with capitals is read like a sentence ("Sperrgebiet" is no verb of barring); one
    typed in lower case may have a verb in any word."""
    lower = not any(t.capitalised for t in q.tokens[1:])
    every = _families_as_typed(q.tokens[1:], lower, True)
    # the main clause by its verbs: "Wer muss mit einer Strafe rechnen?" asks for no punisher
    return _families_as_typed(_main_clause(q), lower, lower), every


def _families_as_typed(tokens, any_case: bool, nouns: bool) -> set[str]:
    """The families of the words as corrected and as typed (the typo correction may
    turn a rare verb into a common word: "bestraft" is no typo of "betraf")."""
    typed = [replace(t, folded=fold(t.text)) for t in tokens]
    return families_in(tokens, any_case=any_case, nouns=nouns) | families_in(typed, any_case=any_case, nouns=nouns)


def main_families(q: Question) -> set[str]:
    """The agent-verb families of the question's main clause ("Wer hatte ... gewarnt?": warn)."""
    return question_families(q)[0] if q.wh == "who" else set()


def asks_other_than_issuer(q: Question) -> bool:
    """The who-question's verb is of suing, checking, warning ... ("Wer hat gegen das
    Verbot geklagt?"): the maker of the rule it names is not asked for."""
    return bool(main_families(q) & _roles().non_issuing)


def asked_class(q: Question) -> str | None:
    """The authority or role noun a which-question asks for ("Von welchem Amt stammt
    die Vorgabe?" -> "amt"), folded; None for other questions."""
    if q.wh != "which":
        return None
    for t in q.terms:
        if t.answer_type and t.text[:1].isupper() and _role_head(fold(t.text), _roles()) is not None:
            return fold(t.text)
    return None


def agent_by_class(q: Question, idx: RecordIndex, passages: list, best) -> list[_Sent] | None:
    """A which-question for an authority or role ("Aus welcher Behörde stammt die
    Leinenpflicht?") whose best passage names none: the sentence where a verb of the
    question's family (for a question about a rule, of issuing it) has an agent, the
    asked noun itself counting when the text refers back with it ("die Behörde"), with
    the earlier sentence that names it."""
    cls = asked_class(q)
    if cls is None:
        return None
    fallback = {"issue"} if _names_rule(q) else set()
    return agent_by_family(q, idx, passages, best, fallback=fallback, asked_ok=cls)


def _names_rule(q: Question) -> bool:
    """The question names a rule: a rule noun or a compound ending in one
    ("Stationspflicht", "Alkoholverbot")."""
    w = _words()
    for t in q.tokens:
        if t.folded in w.rule_nouns or t.stem in w.rule_nouns:
            return True
        if t.capitalised and any(t.folded.endswith(r) and len(t.folded) >= len(r) + w.min_extra for r in w.rule_nouns):
            return True
    return False


def role_nouns(s: _Sent, q: Question) -> list[str]:
    """Capitalised words of the sentence that name a person by role or a body of
    people ("Klassenleitung", "Imbissbetreiber"), which the question does not use."""
    r = _roles()
    asked = {t.folded for t in q.tokens}
    out = []
    for t in s.tokens:
        if t.capitalised and t.folded not in asked and _role_head(t.folded, r) is not None:
            out.append(t.text)
    return out


def _role_head(f: str, r: _Roles) -> str | None:
    """The role or authority head the folded word ends in ("imbissbetreiber" ->
    "betreiber", "bauamts" -> "amt"), or None: the head itself, or a compound at
    least ``min_compound_extra`` letters longer (qa_agents.json)."""
    w = _words()
    if f in w.not_authorities:
        return None
    for h in r.heads:
        for e in r.endings:
            if f == h + e or (f.endswith(h + e) and len(f) >= len(h + e) + w.min_extra):
                return h
    return None


def _bare_heads(s: _Sent, words: list[str]) -> list[str]:
    """Agent words that are a bare head after an article ("der Verband", "die Behörde"):
    the text named the agent before."""
    r = _roles()
    toks = s.tokens
    out = []
    for i, t in enumerate(toks):
        if t.text not in words or i == 0 or toks[i - 1].folded not in r.articles:
            continue
        h = _role_head(t.folded, r)
        # the head itself with a case or plural ending, not a compound ("die Klassenleitung")
        if h is not None and any(t.folded == h + e for e in r.endings):
            out.append(t.folded)
    return out


def _antecedent(s: _Sent, idx: RecordIndex, bare: list[str]) -> _Sent | None:
    """The nearest earlier sentence of the paragraph (up to three back) that names what
    a bare head refers to: a compound ending in it ("Anglerverband" for "der
    Verband") or a named organisation with an authority word ("Landesanstalt für ...")."""
    nxt = s
    for prev in reversed(idx.sents[max(0, s.pos - 3) : s.pos]):
        if nxt.sentence.start - prev.sentence.end > 1:
            break  # a blank line: the paragraph ends
        nxt = prev
        for t in prev.tokens:
            if t.capitalised and any(len(t.folded) > len(b) and _stem4(b) in t.folded[-len(b) - 3 :] for b in bare):
                return prev  # "Anglerverband", "Anglerverbandes" for "der Verband"
        for t in prev.tokens:
            h = _role_head(t.folded, _roles()) if t.capitalised else None
            if h is not None and len(t.folded) >= len(h) + _words().min_extra and t.folded not in bare:
                return prev  # "der Elternbeirat" for "das Gremium"
        for e in idx.ents:
            if e.entity.label == "ORG" and prev.sentence.id in e.sentences and any(is_authority(w) for w in e.entity.name.split()):
                return prev
    return None


def _stem4(b: str) -> str:
    """A bare head without its case ending ("verbandes" -> "verband")."""
    for e in sorted(_roles().endings, key=len, reverse=True):
        if e and b.endswith(e) and len(b) - len(e) >= 4:
            return b[: -len(e)]
    return b


#: Marks between two words that end a clause (not a colon: "X verhandelte mit Y:
#: das Land sagte zu" goes on with the same actors): the agent of a verb stands in the verb's
#: own clause ("Bei Rennen, die als X gelten, müssen die Teams ..." has no agent of
#: "gelten"; "..., wenn der Trainer das vorher erlaubt" has one).
_CLAUSE_MARKS = (",", ";", "–", "—", "(", ")", '"', "„", "“", "”", "»", "«")


def _clauses(s: _Sent) -> list[list]:
    """The sentence's words cut into clauses at commas, dashes, brackets and quotes; a
    part opened by a coordinating word ("..., sondern der Staffelleiter") goes on with
    the clause before it, and one word in brackets belongs to its clause."""
    text = s.sentence.text
    coord = _roles().coordinators
    toks = s.tokens
    gaps = [text[a.start + len(a.text) : b.start] for a, b in zip(toks, toks[1:])]
    # a bracket round one word ("der Vereinigung X (ADM)", "Lauterbach (SPD)") names or
    # qualifies what stands before it: it stays in that clause, and so does what follows
    aside = {i for i in range(1, len(toks)) if "(" in gaps[i - 1] and i < len(gaps) and ")" in gaps[i]}
    out: list[list] = [[]]
    for i, t in enumerate(toks):
        gap = gaps[i - 1].replace("(", "").replace(")", "") if i in aside or i - 1 in aside else gaps[i - 1] if i else ""
        mark = any(m in gap for m in _CLAUSE_MARKS)
        if mark and out[-1] and t.folded not in coord:
            out.append([])
        out[-1].append(t)
    return out


def _family_agents(s: _Sent, idx: RecordIndex, q: Question, need: set[str], asked_ok: str | None = None) -> tuple[set[str], list[str]]:
    """(the families of ``need`` the sentence uses, the agents standing in a clause
    with such a word): names, authorities and role nouns the question does not use
    (``asked_ok``: the asked noun counts too when the text refers back with it)."""
    fams = families_in(s.tokens) & need
    if not fams:
        return set(), []
    agents = agent_words(s, idx, q) + role_nouns(s, q)
    if asked_ok:
        toks = s.tokens
        agents += [t.text for i, t in enumerate(toks) if t.folded == asked_ok and i > 0 and toks[i - 1].folded in _roles().articles]
    first = s.tokens[0] if s.tokens else None
    found, near = set(), []
    for clause in _clauses(s):
        if clause and clause[0].folded in _roles().open_openers:
            continue  # "Ob der Kreistag X beschließt, bleibt abzuwarten": nobody has done it
        # a clause's first word is a verb only at the sentence's start ("Geklagt hatten ...")
        hit = {f for f in fams if _family_hit(clause, [t.folded for t in clause], _roles().families[f], False, first, clause=True)}
        if not hit:
            continue
        here = [a for a in agents if a not in near and _agent_in(clause, a)]
        if here:
            found |= hit
            near += here
    return found, near


def _agent_in(clause: list, agent: str) -> bool:
    """The agent stands in the clause, not as whom the act is addressed to ("beim
    Landgericht", "gegen die Gemeinde")."""
    names = {fold(w) for w in agent.split()}
    prep = _roles().addressee
    for i, t in enumerate(clause):
        if t.folded in names and not any(u.folded in prep for u in clause[max(0, i - 3) : i]):
            return True
    return False


def agent_by_family(q: Question, idx: RecordIndex, passages: list, best, fallback: set[str] = frozenset(), asked_ok: str | None = None) -> list[_Sent] | None:
    """The sentence where a word of the question's verb family has an agent in its
    clause (a named person or organisation, an authority, a role noun): the best
    passage when it is one, else the best ranked, then the one sharing most
    families; with the sentence before it that names the agent when it says only
    "der Verband"."""
    main, every = question_families(q)
    pred = predicate_of(q)
    # the verb that closes the question decides ("wer hat gegen die sperrung geklagt":
    # suing, though a lower-case noun may look like a verb of another family)
    own = families_in([t for t in q.tokens if t.folded == pred], any_case=True) if pred else set()
    direct = own or main or every or set(fallback)
    need = _with_related(direct)
    if not need:
        return None
    score = {p.sent.sentence.id: p.score for p in passages}
    # a word of the question's own family before one of a related family ("bestraft":
    # "eine Geldbuße verhängt" before "ordnete an"), then the passage score
    cands = [
        (bool(fams & direct), score.get(s.sentence.id, 0.0), len(fams), -abs(s.pos - best.sent.pos), s, agents)
        for s, fams, agents in _candidates(q, idx, need, (every | need) if main else need, asked_ok)
    ]
    if not cands:
        return None
    # the best passage when it qualifies: it matches the question's other words best
    top = next((c for c in cands if c[4] is best.sent), None) or max(cands, key=lambda c: c[:4])
    *_, s, agents = top
    return with_antecedent(s, idx, agents)


def _with_related(fams: set[str]) -> set[str]:
    """The families and those a question of theirs also accepts (qa_agent_verbs.json "related")."""
    related = _roles().related
    return set(fams) | {r for f in fams for r in related.get(f, ())}


def _candidates(q: Question, idx: RecordIndex, need: set[str], every: set[str], asked_ok: str | None = None) -> list:
    """(sentence, families used with an agent, agents) for every sentence (not a title)
    where a word of ``need`` has an agent in its clause."""
    out = []
    for s in idx.sents:
        if not s.sentence.text.rstrip().endswith(_CLOSING):
            continue  # a title or sub-heading states no agent's act
        fams, agents = _family_agents(s, idx, q, every, asked_ok)
        if agents and fams & need:
            out.append((s, fams, agents))
    return out


def with_antecedent(s: _Sent, idx: RecordIndex, agents: list[str]) -> list[_Sent]:
    """The sentence, after the one that names its agent when it calls every agent only
    by a bare head ("Der Verband will klagen", "Das Gremium stimmte zu")."""
    bare = _bare_heads(s, agents)
    if bare and len(bare) == len({fold(a) for a in agents}):
        prev = _antecedent(s, idx, bare)
        if prev is not None:
            return [prev, s]
    return [s]


def family_used(q: Question, position: int, idx: RecordIndex) -> bool:
    """A question's verb ("überwachen"; "vorzugehen" with the word before it, "rechtlich
    vorzugehen") whose family a sentence of the text uses with an agent in its clause
    ("Geprüft wird das durch die Hafenaufsicht"): the text says who did it, in
    other words. A family used without an agent does not count: "Wer hat die Gebühr
    genehmigt?" stays unanswered by "Das Gericht stoppt die Gebühr"."""
    word = q.tokens[position : position + 1]
    fams = families_in(word, any_case=True)
    if position > 1:
        # a phrase with the word before ("juristisch vorzugehen"), not that word's own families
        prev = q.tokens[position - 1 : position]
        fams |= families_in(prev + word, any_case=True) - families_in(prev, any_case=True)
    if not fams and position > 1 and _is_support_verb(word[0].folded):
        # "Wer hat Berufung eingelegt?": the act is the noun's ("Berufung"), the verb is light
        fams = families_in(q.tokens[position - 1 : position], any_case=True)
    fams = _with_related(fams)
    return bool(fams) and bool(_candidates(q, idx, fams, fams))


@lru_cache(maxsize=1)
def _support_verbs() -> _Family:
    entries = load_json("qa_agent_verbs.json").get("support_verbs", ())
    sep = tuple(tuple(fold(e).partition("+")[::2]) for e in entries if "+" in e)
    return _Family(tuple(fold(e) for e in entries if "+" not in e), sep, (), ())


def _is_support_verb(f: str) -> bool:
    """A folded verb form of a light verb of qa_agent_verbs.json ``support_verbs``
    ("eingelegt", "einzureichen", "gestellt")."""
    fam = _support_verbs()
    if any(_verb_form(f, st) for st in fam.stems):
        return True
    return any(f.startswith(p) and (_verb_form(f[len(p):], st) or f[len(p):].startswith("zu" + st)) for p, st in fam.separable)
