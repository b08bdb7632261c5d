"""Finding rules in German sentences: triggers, clause parts, types, negation
and the links between clauses. Plain Python over strings, driven by
``data/clause_triggers.json``; the spaCy component in ``clauses.py`` applies
it to a doc's sentences.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, field
from functools import lru_cache

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
            compiled.append((ctype, entry["strength"], re.compile(_B + "(?:" + entry["pattern"] + ")" + _E, re.IGNORECASE)))
    # every pattern in one alternation: a text it does not match holds no trigger
    # (one scan instead of one per pattern; most sentences state no rule)
    any_trigger = re.compile(
        _B + "(?:" + "|".join("(?:" + e["pattern"] + ")" for entries in data["types"].values() for e in entries) + ")" + _E,
        re.IGNORECASE,
    )
    markers = sorted(data["update_markers"], key=len, reverse=True)
    marker_re = re.compile(r"^\W*(" + "|".join(re.escape(m) for m in markers) + r")\s*[:\-–]", re.IGNORECASE)
    split_re = re.compile(r",\s+(?=(?:" + "|".join(re.escape(w) for w in data["split_before"]) + r")" + _E + ")", re.IGNORECASE)
    return {
        "patterns": compiled,
        "any_trigger": any_trigger,
        "priority": {t: i for i, t in enumerate(data["priority"])},
        "marker": marker_re,
        "split": split_re,
        "coordination": re.compile(r",?\s+(?:und|sowie|oder)\s+", re.IGNORECASE),
        "openers": re.compile(r"^\W*(?:" + "|".join(re.escape(w) for w in data["correction_openers"]) + r")" + _E, re.IGNORECASE),
        "negations": set(data["negation_words"]),
        "negation_exceptions": [re.compile(_B + re.escape(p) + _E, re.IGNORECASE) for p in data["negation_exceptions"]],
        "inherent": [tuple(x.split(":", 1)) for x in data["negation_inside"]],
        "speech_weak": set(data["speech_weak_types"]),
    }


_QUOTES = re.compile(r"[„“\"»«]([^„“”\"»«]{30,})[“”\"«»]")


def _in_speech(text: str, trigger: Trigger, quotes: list[tuple[int, int]] | None = None) -> bool:
    if quotes is None:
        quotes = [m.span(1) for m in _QUOTES.finditer(text)]
    return any(a <= trigger.start and trigger.end <= b for a, b in quotes)


def rule_triggers(text: str) -> list[Trigger]:
    """Triggers that state rules: opinions in direct speech (modal or nominal
    triggers inside a long quotation) are left out."""
    weak = _rules()["speech_weak"]
    quotes = None  # found once per text, and only when a trigger needs them
    kept = []
    for t in find_triggers(text):
        if t.strength == 1 or t.type in weak:
            if quotes is None:
                quotes = [m.span(1) for m in _QUOTES.finditer(text)]
            if _in_speech(text, t, quotes):
                continue
        kept.append(t)
    return kept


def update_marker(text: str) -> tuple[int, int] | None:
    """Offsets of a correction label that opens the text (``Update:``), else None."""
    m = _rules()["marker"].match(text)
    return (m.start(1), m.end(1)) if m else None


def has_trigger(text: str) -> bool:
    """True when some trigger pattern matches somewhere in the text."""
    return _rules()["any_trigger"].search(text) is not None


def find_triggers(text: str) -> list[Trigger]:
    """Every trigger in a text, leftmost first; a trigger inside a stronger or
    longer overlapping one is dropped."""
    first = _rules()["any_trigger"].search(text)
    if first is None:
        return []
    found = []
    for ctype, strength, pattern in _rules()["patterns"]:
        # no pattern matches before the leftmost match of them all (lookbehinds
        # still see the text before ``pos``, so the matches are the same)
        for m in pattern.finditer(text, first.start()):
            found.append(Trigger(ctype, m.start(), m.end(), strength, m.group(0)))
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
    return sorted(kept, key=lambda t: t.start)


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


def split_parts(text: str) -> list[tuple[int, int]]:
    """Cut a sentence into parts that can each carry one rule.

    A bracketed aside is a part of its own; the words around it stay one part
    (read with the aside blanked out). The rest is cut at semicolons, spaced
    dashes, and at a comma before a contrasting or excepting word (``, außer``,
    ``, aber``) or a coordination of rules of different types. Offsets are
    relative to ``text``.
    """
    masked, asides = mask_asides(text)
    cuts: list[tuple[int, int]] = list(asides)
    for a, b in _split_on(masked, 0, len(masked), re.compile(r";|" + _DASHES.pattern)):
        cuts.extend(_split_contrast(masked, a, b))
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


#: How far from a cut (in characters) the words on either side are read afresh;
#: beyond it, the triggers of the whole part are used. Longer than any trigger
#: phrase, so a sentence of ordinary length is read exactly as its two sides;
#: it bounds the work per cut in text without sentence punctuation.
CUT_WINDOW = 400


class _PartTriggers:
    """The triggers of one part, read once, to ask which of them lie on each
    side of a candidate cut in bounded time."""

    def __init__(self, text: str, start: int, end: int) -> None:
        self.text = text
        self._range = (start, end)
        self._found: list[tuple[int, int, int, str]] | None = None  # read on first use
        self._starts: list[int] = []

    def _all(self) -> list[tuple[int, int, int, str]]:
        if self._found is None:
            start, end = self._range
            self._found = [(start + t.start, start + t.end, t.strength, t.type) for t in find_triggers(self.text[start:end])]
            self._starts = [f[0] for f in self._found]
        return self._found

    def strong_types(self, a: int, b: int) -> set[str]:
        """Types of the strength-2 triggers in ``text[a:b]`` (read afresh near the cut at ``b``)."""
        near = _snap_start(self.text, a, max(a, b - CUT_WINDOW))
        types = {t for s, e, strength, t in self._inside(a, near) if strength == 2}
        return types | {t.type for t in find_triggers(self.text[near:b]) if t.strength == 2}

    def any_in(self, a: int, b: int) -> bool:
        """True when ``text[a:b]`` holds a trigger (read afresh near the cut at ``a``)."""
        near = _snap_end(self.text, b, min(b, a + CUT_WINDOW))
        return bool(find_triggers(self.text[a:near])) or any(True for _ in self._inside(near, b))

    def strong_types_after(self, a: int, b: int) -> set[str]:
        """Types of the strength-2 triggers in ``text[a:b]`` (read afresh near the cut at ``a``)."""
        near = _snap_end(self.text, b, min(b, a + CUT_WINDOW))
        types = {t.type for t in find_triggers(self.text[a:near]) if t.strength == 2}
        return types | {t for s, e, strength, t in self._inside(near, b) if strength == 2}

    def _inside(self, a: int, b: int):
        if a >= b:
            return
        found = self._all()
        for f in found[bisect_left(self._starts, a) :]:
            if f[0] >= b:
                break
            if f[1] <= b:
                yield f


def _snap_start(text: str, lower: int, pos: int) -> int:
    """``pos`` moved forward to a word start (so a window never begins inside a word)."""
    if pos <= lower:
        return lower
    space = text.find(" ", pos)
    return space + 1 if space >= 0 else pos


def _snap_end(text: str, upper: int, pos: int) -> int:
    """``pos`` moved back to a word end (so a window never ends inside a word)."""
    if pos >= upper:
        return upper
    space = text.rfind(" ", 0, pos)
    return space if space >= 0 else pos


def _split_contrast(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Cut ``text[start:end]`` before contrasting words and between coordinated
    rules of different types (left to right, each cut after the one before)."""
    rules = _rules()
    triggers = _PartTriggers(text, start, end)
    cuts: list[tuple[int, int]] = []
    # ", aber ...": a rule on the left and a trigger on the right
    for m in rules["split"].finditer(text, start, end):
        if m.start() < start:
            continue
        if triggers.strong_types(start, m.start()) and triggers.any_in(m.end(), end):
            cuts.append((start, m.start()))
            start = m.end()
    # "hatte X gesperrt und eine Strafe verhängt": coordinated rules of different types.
    # No contrast cut can follow one: its left side would only be shorter.
    for m in rules["coordination"].finditer(text, start, end):
        if m.start() < start:
            continue
        left = triggers.strong_types(start, m.start())
        if left:
            right = triggers.strong_types_after(m.end(), end)
            if right and not left & right:
                cuts.append((start, m.start()))
                start = m.end()
    cuts.append((start, end))
    return cuts


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
    if not marker and not has_trigger(text) and (masked is text or not has_trigger(masked)):
        return []  # no rule cue: nothing to cut or read
    if marker:
        parts = [(marker[0], len(text.rstrip()))]
    else:
        parts = split_parts(text)
    drafts = []
    for a, b in parts:
        # outer parts are read without their asides, which are parts of their own
        inside_aside = any(x <= a and b <= y for x, y in asides)
        part = text[a:b] if marker or inside_aside else masked[a:b]
        if marker:
            trigger = Trigger("update", marker[0] - a, marker[1] - a, 3, text[marker[0] : marker[1]])
        else:
            trigger = choose(rule_triggers(part))
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
