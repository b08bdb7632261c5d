"""The ``policy_modifiers`` component: ConText-style modifiers on clauses.

It runs after ``policy_clauses`` and gives every clause span the cues that
decide what its rule means (planned, former, lifted, denied, temporary,
in principle, conditional, reported ...), as ``span._.modifiers``.

Three steps, each testable alone (as in medspaCy's ``ConText``):

1. :meth:`PolicyModifiers.match`: find the cues of every rule (compiled once,
   one ``PhraseMatcher`` per category, see ``_compile``); overlapping cues keep
   the longest, and a PSEUDO cue (``nicht nur``) swallows the shorter cue
   inside it (``nicht``);
2. :meth:`PolicyModifiers.link`: give each cue its scope in the sentence
   (direction, ``max_scope``, cut by TERMINATE cues and ``terminated_by``
   categories) and link it to the nearest ``max_targets`` clauses whose
   trigger lies in that scope; denials go exactly to the clauses the clause
   rules call ``negated``; a clause that another clause ``lifts`` is
   ``lifted``, with that clause's trigger as the cue;
3. :meth:`PolicyModifiers.set_annotations`: write the links onto the spans.

The rules are data (``data/modifiers/*.json``); this code never names a word.
"""

from __future__ import annotations

import json
import re
from bisect import bisect_right
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

from spacy.language import Language
from spacy.matcher import Matcher, PhraseMatcher
from spacy.attrs import LOWER, ORTH
from spacy.strings import get_string_id
from spacy.tokens import Doc, Span

from nlp_policy.pipeline.batching import BatchPipe
from nlp_policy.pipeline import extensions as ext
from nlp_policy.pipeline.doctokens import doc_text
from nlp_policy.pipeline.clauses.context import RULE_FILES, Direction, ModifierRule, load_rules
from nlp_policy.record.labels import MODIFIER_CATEGORIES, MODIFIER_VALUES
from nlp_policy.resources import load_json

__all__ = ["Cue", "Link", "PolicyModifiers", "make_policy_modifiers"]

# The denial value, linked in step with the clause rules' ``negated`` flag.
_DENIAL = ("status", "denied")
# Not a cue rule of the data files: a ``lifts`` relation between clauses makes its target lifted.
_LIFTED_BY_RELATION = ModifierRule(literal="(relation: lifts)", category="status", value="lifted")


@dataclass(frozen=True)
class Cue:
    """A matched modifier cue: its rule and token offsets ``[start, end)`` in the doc."""

    rule: ModifierRule
    start: int
    end: int


@dataclass(frozen=True)
class Link:
    """A cue that modifies a clause (``clause`` is the index in the clause span group)."""

    cue: Cue
    clause: int


def _value_order() -> dict[tuple[str, str], int]:
    """Which modifier comes first when a clause has several of one category
    (``status.json`` says ``reported_false`` outranks ``planned``, ...)."""
    order: dict[tuple[str, str], int] = {}
    for category in MODIFIER_CATEGORIES:
        data = load_json(f"modifiers/{category}.json")
        ranked = list(data.get("priority", ())) + [v for v in MODIFIER_VALUES[category] if v not in data.get("priority", ())]
        for i, value in enumerate(ranked):
            order[(category, value)] = i
    return order


_WORD = re.compile(r"^\^([^()\[\]{}\\.*+?|$^]+)\$$")
_ALTERNATION = re.compile(r"^\^\(([^()\[\]{}\\.*+]+)\)(?:\(([^()\[\]{}\\.*+?]+)\)(\?)?)?\$$")


def _words(alternatives: str) -> list[str] | None:
    """``stunden?|tage`` -> ``[stunde, stunden, tage]``; None when not plain words."""
    out = []
    for alt in alternatives.split("|"):
        if "?" in alt[:-1]:
            return None
        out.extend([alt[:-2], alt[:-1]] if alt.endswith("?") else [alt])
    return out


def _plain_alternatives(token: dict) -> dict:
    """Rewrite ``{"LOWER": {"REGEX": "^(a|b)(e|en)?$"}}`` as an ``IN`` list (same matches)."""
    spec = token.get("LOWER")
    if not isinstance(spec, dict) or set(spec) != {"REGEX"}:
        return token
    single = _WORD.match(spec["REGEX"])
    if single:
        return {**token, "LOWER": single.group(1)}
    m = _ALTERNATION.match(spec["REGEX"])
    stems = _words(m.group(1)) if m else None
    if stems is None:
        return token
    words = stems
    if m.group(2):
        suffixes = _words(m.group(2))
        if suffixes is None:
            return token
        words = [w + x for w in stems for x in suffixes] + (stems if m.group(3) else [])
    return {**token, "LOWER": {"IN": list(dict.fromkeys(words))}}


def _token_words(token: dict, attr: str = "LOWER") -> list[str] | None:
    """The words a pattern token stands for, when it is one mandatory ``attr`` word or word list."""
    if set(token) != {attr}:
        return None
    spec = token[attr]
    if isinstance(spec, str):
        return [spec]
    if isinstance(spec, dict) and set(spec) == {"IN"}:
        return [str(w) for w in spec["IN"]]
    return None


_WINDOWS = 4  # more first-word hits than this: run the rule's Matcher over the whole doc
_MAX_PHRASES = 2000  # beyond this a word-list pattern is cheaper as an anchored Matcher


def _phrases(pattern: list[dict]) -> tuple[str, list[tuple[str, ...]]] | None:
    """The attribute (LOWER or LEMMA) and every word sequence of a pattern made of
    fixed words and word lists on that one attribute (an optional ``"OP": "?"``
    token gives the sequences with and without it), or None."""
    for attr in ("LOWER", "LEMMA"):
        out: list[tuple[str, ...]] = [()]
        for token in pattern:
            optional = token.get("OP") == "?"
            words = _token_words({k: v for k, v in token.items() if k != "OP"} if optional else token, attr)
            if words is None or len(out) * (len(words) + optional) > _MAX_PHRASES:
                break
            out = [seq + (w,) for seq in out for w in words] + (out if optional else [])
        else:
            if all(out):
                return attr, out
    return None


class _Needs:
    """One token a pattern cannot match without: a LOWER or TEXT word, word list or
    regex the doc must hold (within a match's reach) for the pattern to match.

    A cheap test before spaCy's ``Matcher``, whose cost per pattern and token
    is the same whether the doc holds the pattern's words or not.
    """

    __slots__ = ("attr", "hashes", "regex", "memo")

    def __init__(self, attr: int, hashes: frozenset[int] | None, regex: re.Pattern | None):
        self.attr, self.hashes, self.regex = attr, hashes, regex
        self.memo: dict[int, bool] = {}  # string hash -> regex found (regex needs only)

    def any_in(self, values: list[int], strings) -> bool:
        """True when one of the token attribute values (hashes) satisfies the need."""
        if self.hashes is not None:
            return not self.hashes.isdisjoint(values)
        memo = self.memo
        for h in values:
            hit = memo.get(h)
            if hit is None:
                if len(memo) > 65536:  # bounded for long runs
                    memo.clear()
                # the Matcher's REGEX predicate: re.search on the attribute's string
                hit = memo[h] = bool(self.regex.search(strings[h]))
            if hit:
                return True
        return False


def _least(op: str) -> int:
    """How many tokens a pattern token with operator ``op`` takes at least."""
    if op in ("1", "+"):
        return 1
    if op.startswith("{"):
        low = op.strip("{}").split(",")[0]
        return int(low) if low.isdigit() else 0
    return 0  # ?, *, !


def _needs(pattern: list[dict], *, first: bool = False) -> list[tuple[int, _Needs]]:
    """What a match needs after its first token: per pattern token that must occur
    (no ``?``, ``*``, ``{0,n}`` or ``!`` operator), the least offset from the
    match's start it can stand at, and its words; tests on words come before
    tests by regex. first: the first token too (a free rule's, which no anchor finds)."""
    out = []
    offset = 0  # how many tokens the pattern's earlier tokens take at least
    for pos, token in enumerate(pattern):
        op = token.get("OP", "1")
        least = _least(op)
        at, offset = offset, offset + least
        if (pos == 0 and not first) or not least:
            continue  # the anchor is found by the phrase matcher
        for key, attr in (("LOWER", LOWER), ("TEXT", ORTH), ("ORTH", ORTH)):
            spec = token.get(key)
            if isinstance(spec, str):
                spec = {"IN": [spec]}
            if not isinstance(spec, dict) or len(spec) != 1:
                continue
            if "IN" in spec and all(isinstance(w, str) for w in spec["IN"]):
                # lowercased forms too: a superset keeps the test a necessary one
                words = set(spec["IN"]) | {w.lower() for w in spec["IN"]}
                out.append((at, _Needs(attr, frozenset(get_string_id(w) for w in words), None)))
            elif "REGEX" in spec and isinstance(spec["REGEX"], str):
                out.append((at, _Needs(attr, None, re.compile(spec["REGEX"]))))
    out.sort(key=lambda pn: pn[1].hashes is None)
    return out


def _bounded(pattern: list[dict]) -> bool:
    """True when :func:`_max_length` is exact: no ``*``, ``+`` or open ``{n,}`` operator."""
    for token in pattern:
        op = token.get("OP", "1")
        if op in ("*", "+") or (op.startswith("{") and not op.strip("{}").split(",")[-1]):
            return False
    return True


def _max_length(pattern: list[dict]) -> int:
    """How many tokens a pattern can span (unbounded operators: a sentence's worth)."""
    total = 0
    for token in pattern:
        op = token.get("OP", "1")
        if op in ("*", "+"):
            total += 40
        elif op.startswith("{"):
            total += int(op.strip("{}").split(",")[-1] or 40)
        else:
            total += 1
    return total


class _TokenValues:
    """A doc's LOWER and ORTH values as lists of hashes, read on first need."""

    def __init__(self, doc: Doc):
        self.doc = doc
        self.strings = doc.vocab.strings
        self._values: dict[int, list[int]] = {}

    def of(self, attr: int) -> list[int]:
        values = self._values.get(attr)
        if values is None:
            values = self._values[attr] = self.doc.to_array(attr).tolist() if len(self.doc) else []
        return values

    def holds(self, needs: list[tuple[int, _Needs]], start: int, end: int) -> bool:
        """True when, for every need, one of the tokens start+offset..end-1 satisfies it."""
        return all(need.any_in(self.of(need.attr)[start + at : end], self.strings) for at, need in needs)


class PolicyModifiers(BatchPipe):
    """Match modifier cues and attach them to the clauses in their scope."""

    def __init__(
        self,
        nlp: Language,
        name: str = "policy_modifiers",
        *,
        categories: Iterable[str] = RULE_FILES,
        span_key: str = ext.CLAUSE_GROUP,
        rules: Iterable[ModifierRule] | None = None,
        align_denied: bool = True,
    ):
        """categories (Iterable[str]): the rule files to load (``data/modifiers/<name>.json``).
        span_key (str): the clause span group to modify.
        rules (Iterable[ModifierRule] | None): rules to use instead of the package's files.
        align_denied (bool): a ``denied`` status goes exactly to the clauses whose
            ``span._.negated`` is set (so ``status == "denied"`` and ``negated`` agree).
        """
        self.nlp = nlp
        self.name = name
        self.span_key = span_key
        self.align_denied = align_denied
        self.categories = tuple(categories)
        self._order = _value_order()
        self.rules: list[ModifierRule] = list(rules) if rules is not None else load_rules(self.categories)
        self._compile()

    # -- compiling ---------------------------------------------------------
    def _pattern(self, rule: ModifierRule) -> list[dict]:
        if rule.pattern is not None:
            return [_plain_alternatives(dict(t)) for t in rule.pattern]
        return [{"LOWER": t.lower_} for t in self.nlp.make_doc(rule.literal) if not t.is_space]

    def _compile(self) -> None:
        """Compile the rules once: per category one ``PhraseMatcher`` (on LOWER, and
        one on LEMMA where rules use lemmas).

        spaCy's token ``Matcher`` costs about the same per pattern whether a doc
        holds its words or not, so it only runs where a cue can begin:

        * a rule whose every token is a fixed word or word list (``kein``,
          ``bis auf Weiteres``, ``vorübergehend(e|en)?``) is expanded into phrases
          and found by the category's phrase matcher alone;
        * any other rule is anchored on the words of its first token: the phrase
          matcher finds those, and the rule's own ``Matcher`` runs on the few
          tokens from there (the window its pattern can span);
        * a rule whose first token is no word list (a digit, a suffix) runs on
          the whole doc, in one ``Matcher`` per category.
        """
        vocab = self.nlp.vocab
        self._phrases: dict[str, PhraseMatcher] = {}
        self._free: dict[str, Matcher] = {}
        self._free_rules: dict[str, list[int]] = {}
        self._by_key: dict[int, tuple[str, int]] = {}
        self._rule_matchers: dict[int, tuple[Matcher, int]] = {}
        self._needs: dict[int, list[tuple[int, _Needs]]] = {}  # rule index -> what its match needs
        self._bounded: set[int] = set()  # rules whose _max_length is exact
        for i, rule in enumerate(self.rules):
            pattern = self._pattern(rule)
            phrases = _phrases(pattern)
            name = f"{rule.category}:{i}"
            key = vocab.strings.add(name)
            if phrases is not None:
                attr, sequences = phrases
                self._by_key[key] = ("phrase", i)
                docs = [Doc(vocab, words=list(p), lemmas=list(p)) for p in sequences]
                self._phrase_matcher(rule.category, attr).add(name, docs)
                continue
            anchor = _token_words(pattern[0])
            self._needs[i] = _needs(pattern, first=anchor is None)
            if _bounded(pattern):
                self._bounded.add(i)
            if anchor is None:
                self._by_key[key] = ("free", i)
                self._free.setdefault(rule.category, Matcher(vocab, validate=True)).add(name, [pattern])
                self._free_rules.setdefault(rule.category, []).append(i)
                continue
            self._by_key[key] = ("anchor", i)
            self._phrase_matcher(rule.category).add(name, [Doc(vocab, words=[w]) for w in anchor])
            matcher = Matcher(vocab, validate=True)
            matcher.add(name, [pattern])
            self._rule_matchers[i] = (matcher, _max_length(pattern))

    def _phrase_matcher(self, category: str, attr: str = "LOWER") -> PhraseMatcher:
        key = f"{category}/{attr}"
        if key not in self._phrases:
            self._phrases[key] = PhraseMatcher(self.nlp.vocab, attr=attr)
        return self._phrases[key]

    def _raw_matches(self, doc: Doc) -> list[Cue]:
        found: list[Cue] = []
        n = len(doc)
        anchored: dict[int, list[int]] = {}
        values = _TokenValues(doc)
        matchers = list(self._phrases.values()) + [
            matcher for category, matcher in self._free.items()
            # a free rule needs its words somewhere in the doc
            if any(values.holds(self._needs[i], 0, n) for i in self._free_rules[category])
        ]
        for key, start, end in (hit for matcher in matchers for hit in matcher(doc)):
            kind, i = self._by_key[key]
            if kind == "anchor":
                anchored.setdefault(i, []).append(start)
            else:
                found.append(Cue(self.rules[i], start, end))
        for i, starts in anchored.items():
            rule, (matcher, length) = self.rules[i], self._rule_matchers[i]
            needs = self._needs[i]
            if needs:
                # keep the anchors from which a match can reach the words it needs (a match
                # from s lies in the window from s, or, for an unbounded rule run over
                # the whole doc, anywhere after s); a bounded rule finds the same matches
                # either way, so it may choose its way after the test
                whole = len(starts) > _WINDOWS
                reach = length if i in self._bounded or not whole else n
                starts = [s for s in starts if values.holds(needs, s, min(n, s + reach))]
                if not starts:
                    continue
                if i in self._bounded:
                    whole = len(starts) > _WINDOWS
            else:
                whole = len(starts) > _WINDOWS
            if whole:
                # a common first word: one pass over the doc is cheaper than many windows
                begins = set(starts)
                found.extend(Cue(rule, s, e) for _, s, e in matcher(doc) if s in begins)
                continue
            for start in starts:
                window = doc[start : min(n, start + length)]
                found.extend(Cue(rule, start + s, start + e) for _, s, e in matcher(window) if s == 0)
        return found

    def add_rules(self, rules: Iterable[ModifierRule]) -> None:
        """Add rules and recompile."""
        self.rules.extend(rules)
        self._compile()

    # -- 1. matching -------------------------------------------------------
    def match(self, doc: Doc) -> list[Cue]:
        """Every cue in the doc, in document order, overlaps resolved:

        * a PSEUDO cue swallows every cue inside it (``nicht nur`` hides ``nicht``);
        * within a category, overlapping cues keep the longest (then leftmost);
        * across categories, of two cues that start on the same token the longer
          wins (``soll … haben`` reported over ``soll`` planned; equally long cues
          both stay: ``solange`` is conditional and temporary), while a cue
          inside a longer cue of another category survives (``vorübergehend``
          inside ``soll … vorübergehend gesperrt haben``).
        """
        found = self._raw_matches(doc)
        found.sort(key=lambda c: (-(c.end - c.start), c.start))
        pseudo = bytearray(len(doc))
        for cue in found:
            if cue.rule.direction is Direction.PSEUDO and not any(pseudo[cue.start : cue.end]):
                pseudo[cue.start : cue.end] = b"\x01" * (cue.end - cue.start)
        taken: dict[str, bytearray] = {}
        longest_at: dict[int, int] = {}
        spans: set[tuple[str, int, int]] = set()
        kept: list[Cue] = []
        for cue in found:
            if cue.rule.direction is Direction.PSEUDO:
                continue
            if any(pseudo[cue.start : cue.end]) or longest_at.get(cue.start, 0) > cue.end - cue.start:
                continue
            own = taken.setdefault(cue.rule.category, bytearray(len(doc)))
            # the same words matched by two rules (one per direction) both stay
            if any(own[cue.start : cue.end]) and (cue.rule.category, cue.start, cue.end) not in spans:
                continue
            own[cue.start : cue.end] = b"\x01" * (cue.end - cue.start)
            spans.add((cue.rule.category, cue.start, cue.end))
            longest_at.setdefault(cue.start, cue.end - cue.start)
            kept.append(cue)
        return sorted(kept, key=lambda c: (c.start, c.end))

    # -- 2. linking --------------------------------------------------------
    @staticmethod
    def _sentences(doc: Doc) -> tuple[list[int], list[int]]:
        starts, ends = [], []
        for sent in doc.sents:
            starts.append(sent.start)
            ends.append(sent.end)
        return starts, ends

    @staticmethod
    def scope(cue: Cue, cues: list[Cue], sent_start: int, sent_end: int) -> list[tuple[int, int]]:
        """The token ranges ``[start, end)`` a cue modifies inside its sentence.

        The scope reaches ``max_scope`` tokens in the rule's direction, ends at
        the sentence boundary, and is cut at the nearest cue that terminates it
        (a TERMINATE cue, or a cue of a category in ``terminated_by``).
        """
        rule = cue.rule
        if not rule.modifies:
            return []
        reach = rule.max_scope or (sent_end - sent_start)
        stops = [
            c for c in cues
            if c is not cue and sent_start <= c.start < sent_end
            and (c.rule.direction is Direction.TERMINATE or c.rule.category in rule.terminated_by)
        ]
        out = []
        if rule.direction in (Direction.FORWARD, Direction.BIDIRECTIONAL):
            end = min(sent_end, cue.end + reach)
            end = min([end] + [c.start for c in stops if c.start >= cue.end])
            out.append((cue.end, end))
        if rule.direction in (Direction.BACKWARD, Direction.BIDIRECTIONAL):
            start = max(sent_start, cue.start - reach)
            start = max([start] + [c.end for c in stops if c.end <= cue.start])
            out.append((start, cue.start))
        return [(a, b) for a, b in out if a < b]

    @staticmethod
    def _trigger_tokens(doc: Doc, clause: Span) -> tuple[int, int] | None:
        trig = clause._.trigger
        if trig:
            span = doc.char_span(trig[0], trig[1], alignment_mode="expand")
            if span is not None:
                return span.start, span.end
        return None

    def link(self, doc: Doc, cues: list[Cue], clauses: list[Span] | None = None) -> list[Link]:
        """Link each modifying cue to the clauses of its sentence whose trigger lies in its scope.

        A cue inside a clause's own trigger (``darf nicht``, ``aufgehoben``) is part
        of the rule word, not a modifier of it, unless its rule says
        ``inside_trigger``. A clause without a trigger is targeted as a whole.
        """
        clauses = list(doc.spans.get(self.span_key, [])) if clauses is None else clauses
        if not clauses:
            return []
        starts, ends = self._sentences(doc)
        triggers = [self._trigger_tokens(doc, c) for c in clauses]
        # each clause's offsets and type, read once (span attributes are computed per access)
        spans = [(c.start, c.end, c.label_) for c in clauses]
        links: list[Link] = []
        # the cues of each sentence: a cue's scope is cut only by cues of its own sentence
        in_sentence = self._cues_by_sentence(cues, starts)
        for cue in cues:
            if not cue.rule.modifies:
                continue
            if self.align_denied and self._is_denial(cue):
                continue  # denials are linked below, to the clauses the clause rules call negated
            i = max(bisect_right(starts, cue.start) - 1, 0)
            ranges = self.scope(cue, in_sentence[i], starts[i], ends[i])
            # a clause is hit only where its trigger meets the scope (inside the sentence)
            # or the cue itself: one test skips the clauses of other sentences
            lo, hi = min(starts[i], cue.start), max(ends[i], cue.end)
            hits = []
            for n, ((c_start, c_end, c_label), trigger) in enumerate(zip(spans, triggers)):
                t0, t1 = trigger or (c_start, c_end)
                if t1 <= lo or t0 >= hi:
                    continue
                if trigger and t0 <= cue.start and cue.end <= t1 and not cue.rule.inside_trigger:
                    continue
                if not cue.rule.applies_to(c_label):
                    continue
                if cue.rule.within_clause and not (c_start <= cue.start and cue.end <= c_end):
                    continue
                # a trigger inside the cue ("auf das Wochenende begrenzt") is modified too
                if any(a < t1 and t0 < b for a, b in ranges) or (cue.start < t1 and t0 < cue.end):
                    distance = t0 - cue.end if t0 >= cue.end else cue.start - t1
                    hits.append((max(distance, 0), n))
            hits.sort()
            links.extend(Link(cue, n) for _, n in hits[: cue.rule.max_targets])
        if self.align_denied:
            links.extend(self._denial_links(cues, clauses, triggers, starts, ends, in_sentence))
        links.extend(self._lifting_links(links, clauses, triggers))
        return links

    @staticmethod
    def _cues_by_sentence(cues: list[Cue], starts: list[int]) -> dict[int, list[Cue]]:
        """Sentence index -> the cues that start in it, in order (what ``scope`` reads)."""
        out: dict[int, list[Cue]] = {}
        for c in cues:
            out.setdefault(max(bisect_right(starts, c.start) - 1, 0), []).append(c)
        return out

    @staticmethod
    def _lifting_links(links: list[Link], clauses: list[Span], triggers) -> list[Link]:
        """A rule that a later clause lifts (relation ``lifts``, from the clause rules)
        is ``lifted``; the lifting clause's trigger is the cue. A lifting that is itself
        only planned, denied or reported as false lifts nothing yet."""
        has_status = {link.clause for link in links if link.cue.rule.category == "status"}
        index = {span._.clause_id: n for n, span in enumerate(clauses) if span._.clause_id}
        out = []
        for n, (span, trigger) in enumerate(zip(clauses, triggers)):
            if n in has_status or trigger is None:
                continue
            for relation, target in span._.relations or ():
                if relation == "lifts" and target in index and index[target] != n:
                    out.append(Link(Cue(_LIFTED_BY_RELATION, trigger[0], trigger[1]), index[target]))
        return out

    @staticmethod
    def _is_denial(cue: Cue) -> bool:
        return (cue.rule.category, cue.rule.value) == _DENIAL

    def _denial_links(self, cues, clauses, triggers, starts, ends, in_sentence=None) -> list[Link]:
        """Denial cues, aligned with the clause rules' ``negated`` flag (which knows the
        negations that belong to a trigger, ``darf nicht``): a negated clause gets the
        denial cue in scope of its trigger, else the nearest one inside the clause;
        a clause that is not negated gets none."""
        denials = [c for c in cues if self._is_denial(c)]
        links = []
        for n, (clause, trigger) in enumerate(zip(clauses, triggers)):
            if not clause._.negated or not denials:
                continue
            t0, t1 = trigger or (clause.start, clause.end)
            inside = [c for c in denials if clause.start <= c.start and c.end <= clause.end and not (trigger and t0 <= c.start and c.end <= t1)]
            in_scope = []
            for c in inside:
                i = max(bisect_right(starts, c.start) - 1, 0)
                near = cues if in_sentence is None else in_sentence[i]
                if any(a < t1 and t0 < b for a, b in self.scope(c, near, starts[i], ends[i])):
                    in_scope.append(c)
            pool = in_scope or inside
            if pool:
                best = min(pool, key=lambda c: (t0 - c.end if c.end <= t0 else c.start - t1, c.start))
                links.append(Link(best, n))
        return links

    # -- 3. annotating -----------------------------------------------------
    def modifiers_of(self, doc: Doc, links: list[Link], n_clauses: int) -> list[list[dict]]:
        """Per clause, its modifiers as dicts (category, value, text, start, end, detail).

        One modifier per category and value: the first cue is the evidence; a
        later cue of the same value lends its detail (``vorübergehend … bis Mai``).
        Within a category, the file's ``priority`` puts the deciding value first.
        """
        text = doc_text(doc)
        per_clause: list[dict[tuple[str, str], dict]] = [{} for _ in range(n_clauses)]
        for link in sorted(links, key=lambda l: l.cue.start):
            cue, rule = link.cue, link.cue.rule
            start, end = doc[cue.start].idx, doc[cue.end - 1].idx + len(doc[cue.end - 1].text)
            cue_text = text[start:end]
            key = (rule.category, rule.value)
            seen = per_clause[link.clause].get(key)
            if seen is None:
                per_clause[link.clause][key] = {
                    "category": rule.category, "value": rule.value, "text": cue_text,
                    "start": start, "end": end, "detail": cue_text if rule.detail else None,
                }
            elif seen["detail"] is None and rule.detail:
                seen["detail"] = cue_text
        cat_index = {c: i for i, c in enumerate(MODIFIER_CATEGORIES)}
        return [
            sorted(found.values(), key=lambda m: (cat_index[m["category"]], self._order[(m["category"], m["value"])], m["start"]))
            for found in per_clause
        ]

    def set_annotations(self, doc: Doc, links: list[Link]) -> None:
        """Write ``span._.modifiers`` on every clause span (an empty list when none)."""
        clauses = list(doc.spans.get(self.span_key, []))
        for span, mods in zip(clauses, self.modifiers_of(doc, links, len(clauses))):
            span._.modifiers = mods  # span extensions live on the doc, keyed by offsets

    def __call__(self, doc: Doc) -> Doc:
        clauses = list(doc.spans.get(self.span_key, []))
        if not clauses:
            return doc
        cues = self.match(doc)
        self.set_annotations(doc, self.link(doc, cues, clauses))
        return doc

    # -- serialisation -----------------------------------------------------
    def to_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> None:
        """Write the rules as JSONL (one rule per line) into directory ``path``."""
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        lines = (json.dumps(r.to_dict(), ensure_ascii=False) for r in self.rules)
        (path / "rules.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")

    def from_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> "PolicyModifiers":
        """Read the rules written by :meth:`to_disk` (replacing the current ones)."""
        text = (Path(path) / "rules.jsonl").read_text(encoding="utf-8")
        self.rules = [ModifierRule.from_dict(json.loads(line)) for line in text.splitlines() if line.strip()]
        self._compile()
        return self


@Language.factory(
    "policy_modifiers",
    assigns=["span._.modifiers"],
    requires=["doc.spans", "token.is_sent_start"],
    default_config={"categories": list(RULE_FILES), "span_key": ext.CLAUSE_GROUP, "align_denied": True},
)
def make_policy_modifiers(nlp: Language, name: str, categories: list[str], span_key: str, align_denied: bool) -> PolicyModifiers:
    return PolicyModifiers(nlp, name, categories=categories, span_key=span_key, align_denied=align_denied)
