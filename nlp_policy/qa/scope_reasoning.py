"""Scope reasoning: does a rule of the record cover the situation a question asks about?

A question names a situation along the scope dimensions of a clause: places
(geo codes), actors, technologies, devices and environments (concepts of the
synonym lexicon). A clause covers the situation when, on every dimension the
question names, the clause's scope includes the question's value (``worldwide``
includes every country, the EU its members, a mobile camera a dashcam).

Relations between clauses change what a clause covers:

* an update that ``corrects`` a clause, and a restriction that ``limits`` it,
  replace the dimensions they name (the correction wins);
* an exception that ``limits`` a clause removes the situations it names;
* a clause that ``lifts`` another one removes it;
* a negated prohibition ("kein generelles Verbot") is evidence against a
  general ban.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from nlp_policy.qa.question import Lexicon, Question, Token, fold, lexicon, tokenize
from nlp_policy.record.types import Clause, Record

DIMS = ("geo", "actors", "technologies", "devices", "environments")
RULE_TYPES = ("prohibition", "restriction")
#: Dimensions whose restriction must be named by a question before a
#: (non-primary) rule is said to cover it: a worldwide rule for mobile cameras
#: does not answer "does the ban apply worldwide?" with yes.
STRICT_DIMS = ("devices",)


@dataclass(frozen=True)
class ClauseView:
    """A clause read along the scope dimensions (as concepts and geo codes)."""

    clause: Clause
    dims: dict[str, frozenset[str]]
    modifiers: frozenset[str] = frozenset()
    tokens: tuple[Token, ...] = ()
    via: tuple["ClauseView", ...] = ()  # corrections and limits that narrowed it
    geo_from_scope: bool = True

    @property
    def id(self) -> str:
        return self.clause.id

    def restrictions(self) -> int:
        return sum(1 for d in DIMS if self.dims.get(d)) + len(self.modifiers)


def view_of(clause: Clause, lex: Lexicon | None = None) -> ClauseView:
    """Read a clause's scope (falling back on its text for empty fields) as concepts."""
    lex = lex or lexicon()
    tokens = tokenize(clause.text)
    all_concepts = lex.concepts_in(tokens)
    text_concepts = lex.without_negated(all_concepts, tokens)
    excluded = set(all_concepts) - set(text_concepts)
    dims: dict[str, frozenset[str]] = {}
    geo = frozenset(clause.scope.geo)
    from_scope = bool(geo)
    if not geo:
        geo = frozenset(lex.places_in(tokens))
    dims["geo"] = geo
    modifiers: set[str] = set()
    for dim in DIMS[1:]:
        values = getattr(clause.scope, dim)
        # the scope's words and the clause's own words; the most specific concepts win
        # ("stationär Kameras" is a stationary camera, not any camera)
        found = set(lex.concepts_in(tokenize(" ; ".join(values)))) if values else set()
        found |= set(text_concepts)
        names = {n for n in found if lex.concepts[n].dim == dim} - excluded
        names = {n for n in names if not any(n in lex.broader_of(m) for m in names if m != n)}
        if dim == "technologies":
            modifiers |= {n for n in names if lex.concepts[n].modifier}
            names -= modifiers
        dims[dim] = frozenset(names)
    return ClauseView(clause, dims, frozenset(modifiers), tuple(tokens), (), from_scope)


def _narrow(target: ClauseView, by: ClauseView) -> ClauseView:
    """The target as corrected/limited by another clause: named dimensions are replaced."""
    dims = dict(target.dims)
    for d in DIMS:
        if by.dims.get(d) and (d != "geo" or by.geo_from_scope or not target.dims.get("geo")):
            dims[d] = by.dims[d]
    modifiers = by.modifiers if by.dims.get("technologies") else target.modifiers
    return replace(target, dims=dims, modifiers=modifiers, via=target.via + (by,))


@dataclass
class RuleSet:
    """The rules of a record, with relations applied."""

    rules: list[ClauseView] = field(default_factory=list)  # effective prohibitions/restrictions
    negated: list[ClauseView] = field(default_factory=list)
    exceptions: list[ClauseView] = field(default_factory=list)
    exception_targets: dict[str, set[str]] = field(default_factory=dict)  # exception id -> rule ids ({} = all)
    updates: list[ClauseView] = field(default_factory=list)
    uncertain: list[ClauseView] = field(default_factory=list)
    corrected: set[str] = field(default_factory=set)
    all: dict[str, ClauseView] = field(default_factory=dict)  # every clause, by id

    @property
    def has_rules(self) -> bool:
        return bool(self.rules or self.negated)


def build_rules(record: Record, lex: Lexicon | None = None) -> RuleSet:
    """Read a record's clauses into a RuleSet (corrections and limits applied)."""
    lex = lex or lexicon()
    views = {c.id: view_of(c, lex) for c in record.clauses}
    rs = RuleSet(all=views)
    lifted: set[str] = set()
    narrowing: dict[str, list[ClauseView]] = {}
    for c in record.clauses:
        v = views[c.id]
        for rel in c.relations:
            if rel.target not in views:
                continue
            if (rel.type in ("lifts", "corrects") or c.type == "lifting") and not compatible(v, views[rel.target], lex):
                continue  # a lift or correction about something else
            if rel.type == "lifts" or c.type == "lifting":
                lifted.add(rel.target)
            elif (c.type == "exception" or c.type == "permission") and not _says_only(v, lex):
                rs.exception_targets.setdefault(c.id, set()).add(rel.target)
            elif rel.type in ("corrects", "limits") and not c.negated and not retracts(v, lex):
                narrowing.setdefault(rel.target, []).append(v)
                if rel.type == "corrects":
                    rs.corrected.add(rel.target)
        if c.type in ("exception", "permission") and _says_only(v, lex) and c.relations:
            # "gilt nur für die USA": an exception that names what the rule is limited to narrows it
            for rel in c.relations:
                if rel.target in views and rel.type in ("limits", "qualifies", "corrects"):
                    narrowing.setdefault(rel.target, []).append(v)
        elif c.type in ("exception", "permission") and not c.negated:
            rs.exceptions.append(v)
            rs.exception_targets.setdefault(c.id, set())
        elif c.type == "update":
            rs.updates.append(v)
        elif c.type == "uncertainty":
            rs.uncertain.append(v)
    for c in record.clauses:
        if c.type not in RULE_TYPES or c.id in lifted:
            continue
        v = views[c.id]
        # corrections last, so that they win over limits
        for by in sorted(narrowing.get(c.id, []), key=lambda b: b.clause.type == "update"):
            v = _narrow(v, by)
        (rs.negated if c.negated else rs.rules).append(v)
    return rs


def compatible(a: ClauseView, b: ClauseView, lex: Lexicon) -> bool:
    """False when two related clauses name different things on the same
    dimension (a lifted moratorium on body cameras does not lift a ban on drones);
    such a relation is ignored."""
    for d in ("devices", "technologies"):
        x, y = a.dims.get(d), b.dims.get(d)
        if x and y and not any(v == w or w in lex.broader_of(v) or v in lex.broader_of(w) for v in x for w in y):
            return False
    return True


def retracts(v: ClauseView, lex: Lexicon | None = None) -> bool:
    """The clause reports the earlier, wrong version ("hieß es, das Verbot gelte auch in X")."""
    lex = lex or lexicon()
    text = " " + " ".join(t.folded for t in v.tokens) + " "
    return any(" " + " ".join(fold(w) for w in c.split()) + " " in text for c in lex.cues.get("retraction", ()))


def _says_only(v: ClauseView, lex: Lexicon) -> bool:
    """The clause limits with "nur", "ausschließlich" ... rather than excepting."""
    return any(t.folded in lex.restriction_words for t in v.tokens)


# -- coverage -------------------------------------------------------------------


def question_dims(q: Question) -> dict[str, frozenset[str]]:
    """The situation a question names, per dimension."""
    dims = {"geo": frozenset(q.places)}
    for d in DIMS[1:]:
        dims[d] = frozenset(q.concepts.get(d, ()))
    return dims


def _concept_in(value: str, values: frozenset[str], lex: Lexicon) -> bool:
    return value in values or any(b in values for b in lex.broader_of(value))


def dim_covers(dim: str, qvals: frozenset[str], view: ClauseView, lex: Lexicon) -> bool | None:
    """True/False when the clause includes/excludes the question's values; None when
    the clause says nothing about this dimension."""
    cvals = view.dims.get(dim, frozenset())
    if dim == "technologies":
        qvals = frozenset(v for v in qvals if not lex.concepts[v].modifier)
        if not qvals:
            return True if cvals or view.modifiers else None
    if not cvals:
        return None
    if dim == "geo":
        return all(any(lex.contains(c, q) for c in cvals) for q in qvals)
    if dim == "technologies":
        return all(_concept_in(v, cvals, lex) for v in qvals)
    return any(_concept_in(v, cvals, lex) for v in qvals)


@dataclass(frozen=True)
class Coverage:
    view: ClauseView
    covers: bool  # every named dimension included (or left open by the clause)
    explicit: int  # dimensions the clause names and includes
    unmet: tuple[str, ...]  # clause restrictions the question does not name
    excluded_by: tuple[ClauseView, ...] = ()


def coverage(view: ClauseView, qdims: dict[str, frozenset[str]], qmods: frozenset[str], lex: Lexicon) -> Coverage:
    covers, explicit = True, 0
    for d in DIMS:
        if not qdims.get(d):
            continue
        r = dim_covers(d, qdims[d], view, lex)
        if r is False:
            covers = False
        elif r is True:
            explicit += 1
        elif d == "geo":
            covers = False  # a rule without a place says nothing about a place
    unmet = [d for d in STRICT_DIMS if view.dims.get(d) and not qdims.get(d)]
    unmet += [f"technologies:{m}" for m in sorted(view.modifiers - qmods)]
    return Coverage(view, covers, explicit, tuple(unmet))


def exception_applies(exc: ClauseView, qdims: dict[str, frozenset[str]], lex: Lexicon, target: ClauseView | None = None) -> bool:
    """An exception removes the question's situation when the question names a
    dimension on which the exception differs from the rule it limits
    (stationary instead of mobile cameras), and matches the exception on every
    such dimension it names."""
    hit = False
    for d in ("geo", "devices", "environments", "technologies", "actors"):
        evals = exc.dims.get(d)
        if not evals:
            continue
        if target is not None and evals == target.dims.get(d):
            continue  # shared with the rule: does not single anything out
        if qdims.get(d):
            if dim_covers(d, qdims[d], exc, lex):
                hit = True
            else:
                return False
    return hit


@dataclass
class Finding:
    """The outcome of scope reasoning for one question."""

    prohibited: bool | None  # None: the rules say nothing about the question
    primary: ClauseView | None = None
    covering: list[Coverage] = field(default_factory=list)
    partial: list[Coverage] = field(default_factory=list)
    negated: list[ClauseView] = field(default_factory=list)
    exceptions: list[ClauseView] = field(default_factory=list)
    mode: str = "situation"  # situation | restriction | generality


def _primary(rs: RuleSet, qdims: dict[str, frozenset[str]], qmods: frozenset[str], lex: Lexicon) -> ClauseView | None:
    """The rule a question means by "das Verbot": the best match on the named
    non-place dimensions, then one that a correction or limit refers to, then the
    least restricted on devices, then the first."""
    if not rs.rules:
        return None

    def key(iv):
        i, v = iv
        cov = coverage(v, {**qdims, "geo": frozenset()}, qmods, lex)
        return (-int(cov.covers), -cov.explicit, -min(len(v.via), 1), len([d for d in STRICT_DIMS if v.dims.get(d)]) + len(v.modifiers), i)

    return min(enumerate(rs.rules), key=key)[1]


def reason(q: Question, rs: RuleSet, lex: Lexicon | None = None) -> Finding:
    """Decide whether the record's rules cover the question's situation."""
    lex = lex or lexicon()
    qdims = question_dims(q)
    qmods = frozenset(c for c in q.concepts.get("technologies", ()) if lex.concepts[c].modifier)
    primary = _primary(rs, qdims, qmods, lex)
    named = [d for d in DIMS if qdims.get(d)]

    if q.restriction and primary is not None and named:
        # "Ist das Verbot auf X beschränkt?": everything the rule covers lies within X
        if "geo" in named and not primary.dims.get("geo"):
            # "Gilt die Beschränkung nur in X?" and the rule meant names no place: the
            # same issuer's rule that does ("Eingeführt wird die Beschränkung zunächst in Y") states its reach
            placed = [v for v in rs.rules if v.dims.get("geo") and v.clause.issuer == primary.clause.issuer]
            if placed:
                primary = placed[0]
        ok = True
        for d in named:
            cvals = primary.dims.get(d, frozenset())
            if not cvals:
                ok = False
            elif d == "geo":
                ok &= all(any(lex.contains(qv, c) for qv in qdims[d]) for c in cvals)
            else:
                ok &= all(any(c == qv or qv in lex.broader_of(c) for qv in qdims[d]) for c in cvals)
        return Finding(ok, primary, [coverage(primary, qdims, qmods, lex)], mode="restriction")

    if q.generality:
        general = [coverage(v, qdims, qmods, lex) for v in rs.rules]
        general = [c for c in general if c.covers and all(not v for d, v in c.view.dims.items() if d not in named) and not c.view.modifiers]
        return Finding(bool(general), primary, general, [], list(rs.negated), mode="generality")

    covs = [coverage(v, qdims, qmods, lex) for v in rs.rules]
    covering, partial = [], []
    for cov in covs:
        if not cov.covers:
            continue
        lenient = cov.view is primary or not qdims["geo"]
        if named and cov.explicit == 0:
            continue
        if cov.unmet and not lenient:
            partial.append(cov)
            continue
        covering.append(cov)
    # exceptions remove situations they name from the rules they limit
    used_exc: list[ClauseView] = []
    kept = []
    for cov in covering:
        excl = [
            e for e in rs.exceptions
            if (not rs.exception_targets.get(e.id) or cov.view.id in rs.exception_targets[e.id]) and exception_applies(e, qdims, lex, cov.view)
        ]
        if excl:
            used_exc += [e for e in excl if e not in used_exc]
            continue
        kept.append(cov)
    kept.sort(key=lambda c: (-c.explicit, len(c.unmet), c.view is not primary))
    if not named:
        prohibited: bool | None = None  # nothing to compare: left to the sentence search
    elif kept:
        prohibited = True
    elif used_exc or any(c.covers is False or c.view.dims.get("geo") for c in covs):
        prohibited = False
    else:
        prohibited = None
    if prohibited is False and qdims["geo"] and not any(c.view.dims.get("geo") for c in covs):
        prohibited = None  # no rule names a place: the text does not say
    if not kept:
        for e in rs.exceptions:
            targets = [rs.all[t] for t in rs.exception_targets.get(e.id, ()) if t in rs.all]
            if e not in used_exc and any(exception_applies(e, qdims, lex, t) for t in targets or [None]):
                used_exc.append(e)
    return Finding(prohibited, primary, kept, partial, list(rs.negated), used_exc)


# -- rendering -------------------------------------------------------------------


def _join(values: list[str]) -> str:
    values = [v for v in values if v]
    if len(values) <= 1:
        return "".join(values)
    return ", ".join(values[:-1]) + " und " + values[-1]


def geo_phrase(codes: frozenset[str] | tuple[str, ...], lex: Lexicon | None = None) -> str:
    lex = lex or lexicon()
    return _join([lex.display_place(c) for c in sorted(codes, key=lambda c: (c != "worldwide", c))])


def scope_words(view: ClauseView) -> dict[str, list[str]]:
    """The words of a rule's (corrected) scope, per field, for answers."""
    c = view.clause
    out = {
        "technologies": list(c.scope.technologies),
        "devices": list(c.scope.devices),
        "actors": list(c.scope.actors) or list(c.addressees),
    }
    for v in view.via:  # corrections and limits: their words win where they have any
        for k in out:
            words = list(getattr(v.clause.scope, k))
            if words:
                out[k] = words
    return out


def applies_phrase(view: ClauseView, *, only: bool = False, lex: Lexicon | None = None) -> str:
    """ "gilt nur für Polizeibehörden in den USA (Gesichtserkennung)" """
    lex = lex or lexicon()
    w = scope_words(view)
    geo = view.dims.get("geo")
    parts = []
    if only and geo and "worldwide" not in geo:
        parts.append("nur")
    if w["actors"]:
        parts.append("für " + _join(w["actors"][:3]))
    if geo:
        parts.append(geo_phrase(geo, lex))
    text = " ".join(parts)
    if w["technologies"]:
        text = f"{text} ({_join(w['technologies'][:3])})" if text else f"für {_join(w['technologies'][:3])}"
    return text.strip() or "laut Text: „" + view.clause.text.strip() + "“"


def what_phrase(view: ClauseView) -> str:
    """ "Gesichtserkennung mit Kameras und Drohnen" """
    w = scope_words(view)
    text = _join(w["technologies"][:3]) or _join(w["actors"][:3])
    if w["devices"]:
        text += " mit " + _join(w["devices"][:3])
    return text.strip() or view.clause.text


def describe(view: ClauseView, *, only: bool = False, lex: Lexicon | None = None) -> str:
    """A German phrase saying what a rule covers, from the words of its scope."""
    return applies_phrase(view, only=only, lex=lex)
