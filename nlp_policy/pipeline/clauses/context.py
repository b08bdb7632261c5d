"""Modifier rules for clauses, modelled on medspaCy's ConText (``ContextRule``).

A rule is data: a cue (a ``literal`` phrase or a spaCy token ``pattern``), the
modifier ``category`` and ``value`` it gives, the ``direction`` of its scope,
how far the scope reaches (``max_scope`` tokens), which clause types it may
modify, and which other categories end its scope (``terminated_by``).

* FORWARD / BACKWARD / BIDIRECTIONAL: the cue modifies clauses whose trigger
  lies after / before / on either side of it, within the sentence.
* TERMINATE: the cue modifies nothing; it ends the scope of every other cue
  (``aber``, ``jedoch``: a new thought begins).
* PSEUDO: the cue modifies nothing; it exists to swallow a shorter cue inside
  it (``nicht nur`` is not a denial, ``nicht mehr die Rede`` is no denial either).

The German cues live in ``nlp_policy/data/modifiers/<category>.json``, one file
per category; this module never names a word.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path
from typing import Any, Iterable

from nlp_policy.errors import RuleError
from nlp_policy.record.labels import CLAUSE_TYPES, MODIFIER_VALUES
from nlp_policy.resources import load_json

__all__ = ["Direction", "ModifierRule", "RULE_FILES", "TERMINATE_CATEGORY", "PSEUDO_CATEGORY", "load_rules", "rules_from_json"]

#: The data files read by :func:`load_rules`, one per category (in ``data/modifiers``).
RULE_FILES = ("status", "extent", "strength", "condition", "attribution", "terminate", "pseudo")
#: Categories of rules that modify nothing.
TERMINATE_CATEGORY = "terminate"
PSEUDO_CATEGORY = "pseudo"

# The token attributes a pattern may use; anything else is refused so a typo
# fails loudly instead of silently never matching.
_PATTERN_KEYS = frozenset({"LOWER", "LEMMA", "ORTH", "TEXT", "IS_DIGIT", "LIKE_NUM", "IS_TITLE", "IS_PUNCT", "OP"})


class Direction(str, Enum):
    """Which way a cue's scope reaches."""

    FORWARD = "FORWARD"
    BACKWARD = "BACKWARD"
    BIDIRECTIONAL = "BIDIRECTIONAL"
    TERMINATE = "TERMINATE"
    PSEUDO = "PSEUDO"


@dataclass(frozen=True)
class ModifierRule:
    """One modifier cue and what it does.

    literal (str): the cue phrase, matched case-insensitively token by token.
    category (str): ``status``, ``extent``, ``strength``, ``condition``,
        ``attribution``, or ``terminate``/``pseudo`` for rules that modify nothing.
    value (str | None): the modifier value (``planned``, ``temporary`` ...); None
        for TERMINATE and PSEUDO rules.
    direction (Direction): see the module docstring.
    pattern (list[dict] | None): a spaCy ``Matcher`` token pattern used instead of
        the literal (keys LOWER, LEMMA, ORTH, TEXT, IS_DIGIT, LIKE_NUM, IS_TITLE, IS_PUNCT, OP).
    max_scope (int | None): how many tokens the scope reaches from the cue; None = to the
        sentence's end (or start).
    max_targets (int | None): how many clauses in scope the cue modifies, nearest
        first (None = all); ``vorübergehend`` belongs to one rule, ``laut CNBC`` to all.
    allowed_types (tuple[str, ...] | None): clause types the cue may modify (None = all).
    excluded_types (tuple[str, ...]): clause types it never modifies.
    terminated_by (tuple[str, ...]): categories whose cues end this cue's scope
        (TERMINATE cues always do).
    within_clause (bool): the cue modifies only a clause whose span contains it
        (an adverb such as ``vorübergehend`` belongs to its own clause part).
    inside_trigger (bool): the cue may lie inside the clause's trigger and still modify
        it (``mit sofortiger Wirkung`` in ``dürfen … mit sofortiger Wirkung nicht``, a
        Konjunktiv I trigger ``verbiete``); when False such a cue is part of the rule
        word (``nicht`` in ``darf nicht``, ``aufgehoben`` of a lifting).
    detail (bool): the cue text is the modifier's detail (``bis 25. November``, ``laut CNBC``).
    """

    literal: str
    category: str
    value: str | None = None
    direction: Direction = Direction.BIDIRECTIONAL
    pattern: tuple[dict[str, Any], ...] | None = None
    max_scope: int | None = None
    max_targets: int | None = None
    allowed_types: tuple[str, ...] | None = None
    excluded_types: tuple[str, ...] = ()
    terminated_by: tuple[str, ...] = ()
    within_clause: bool = False
    inside_trigger: bool = False
    detail: bool = False

    def __post_init__(self) -> None:
        where = f"modifier rule {self.literal!r}"
        if self.direction in (Direction.TERMINATE, Direction.PSEUDO):
            if self.value is not None:
                raise RuleError(f"{where}: a {self.direction.value} rule modifies nothing; remove its \"value\"")
        else:
            allowed = MODIFIER_VALUES.get(self.category)
            if allowed is None:
                raise RuleError(f"{where}: unknown category {self.category!r}; use one of {', '.join(MODIFIER_VALUES)}")
            if self.value not in allowed:
                raise RuleError(f"{where}: value {self.value!r} is not a {self.category} value; use one of {', '.join(allowed)}")
        for name in (self.allowed_types or ()) + self.excluded_types:
            if name not in CLAUSE_TYPES:
                raise RuleError(f"{where}: unknown clause type {name!r}; use one of {', '.join(CLAUSE_TYPES)}")
        if self.max_scope is not None and self.max_scope < 1:
            raise RuleError(f"{where}: max_scope must be a positive number of tokens or null")
        if self.max_targets is not None and self.max_targets < 1:
            raise RuleError(f"{where}: max_targets must be a positive number or null")
        for token in self.pattern or ():
            unknown = set(token) - _PATTERN_KEYS
            if unknown:
                raise RuleError(
                    f"{where}: pattern key(s) {', '.join(sorted(unknown))} not supported; use {', '.join(sorted(_PATTERN_KEYS))}"
                )

    # -- serialisation -----------------------------------------------------
    _KEYS = (
        "literal", "category", "value", "direction", "pattern", "max_scope", "max_targets",
        "allowed_types", "excluded_types", "terminated_by", "within_clause", "inside_trigger", "detail",
    )

    @classmethod
    def from_dict(cls, d: dict[str, Any], *, category: str | None = None) -> "ModifierRule":
        """Build a rule from its JSON form.

        category (str | None): the file's category, used when the rule names none.
        RAISES RuleError: unknown keys (the message lists the allowed ones), a
            missing literal, or values the rule type refuses.
        """
        if not isinstance(d, dict):
            raise RuleError(f"a modifier rule must be a JSON object, not {type(d).__name__}")
        unknown = sorted(set(d) - set(cls._KEYS))
        if unknown:
            raise RuleError(
                f"modifier rule {d.get('literal', d)!r}: unknown key(s) {', '.join(unknown)}; "
                f"allowed keys are {', '.join(cls._KEYS)}"
            )
        if not d.get("literal"):
            raise RuleError(f"modifier rule {d!r}: \"literal\" is required (the cue as written, or a name for a pattern)")
        cat = d.get("category", category)
        if not cat:
            raise RuleError(f"modifier rule {d['literal']!r}: no \"category\"")
        direction = str(d.get("direction", "BIDIRECTIONAL")).upper()
        if direction not in Direction.__members__:
            raise RuleError(f"modifier rule {d['literal']!r}: direction {direction!r}; use one of {', '.join(Direction.__members__)}")
        allowed = d.get("allowed_types")
        return cls(
            literal=d["literal"],
            category=cat,
            value=d.get("value"),
            direction=Direction[direction],
            pattern=tuple(d["pattern"]) if d.get("pattern") else None,
            max_scope=d.get("max_scope"),
            max_targets=d.get("max_targets"),
            allowed_types=tuple(allowed) if allowed is not None else None,
            excluded_types=tuple(d.get("excluded_types", ())),
            terminated_by=tuple(d.get("terminated_by", ())),
            within_clause=bool(d.get("within_clause", False)),
            inside_trigger=bool(d.get("inside_trigger", False)),
            detail=bool(d.get("detail", False)),
        )

    def to_dict(self) -> dict[str, Any]:
        """The JSON form (defaults left out), so that ``from_dict(to_dict())`` round-trips."""
        out: dict[str, Any] = {"literal": self.literal, "category": self.category}
        if self.value is not None:
            out["value"] = self.value
        out["direction"] = self.direction.value
        if self.pattern is not None:
            out["pattern"] = [dict(t) for t in self.pattern]
        if self.max_scope is not None:
            out["max_scope"] = self.max_scope
        if self.max_targets is not None:
            out["max_targets"] = self.max_targets
        if self.allowed_types is not None:
            out["allowed_types"] = list(self.allowed_types)
        if self.excluded_types:
            out["excluded_types"] = list(self.excluded_types)
        if self.terminated_by:
            out["terminated_by"] = list(self.terminated_by)
        if self.within_clause:
            out["within_clause"] = True
        if self.inside_trigger:
            out["inside_trigger"] = True
        if self.detail:
            out["detail"] = True
        return out

    # -- scope -------------------------------------------------------------
    @property
    def modifies(self) -> bool:
        """False for TERMINATE and PSEUDO rules."""
        return self.direction not in (Direction.TERMINATE, Direction.PSEUDO)

    def applies_to(self, clause_type: str) -> bool:
        """May this cue modify a clause of ``clause_type``?"""
        if clause_type in self.excluded_types:
            return False
        return self.allowed_types is None or clause_type in self.allowed_types


def _rules_of(data: Any, source: str) -> list[ModifierRule]:
    if not isinstance(data, dict) or not isinstance(data.get("rules"), list):
        raise RuleError(f"{source}: a modifier file is an object with a \"rules\" list (and a \"_comment\" header)")
    defaults = {k: v for k, v in data.items() if k in ModifierRule._KEYS and k != "literal"}
    category = data.get("category")
    try:
        return [ModifierRule.from_dict({**defaults, **r}, category=category) for r in data["rules"]]
    except RuleError as exc:
        raise RuleError(f"{source}: {exc}") from None


def rules_from_json(path: str | Path) -> list[ModifierRule]:
    """The rules of one modifier file on disk (same format as the package's files).

    RAISES RuleError: the file is not valid JSON or holds an invalid rule.
    """
    path = Path(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise RuleError(f"{path}: cannot read modifier rules ({exc})") from None
    return _rules_of(data, str(path))


def load_rules(categories: Iterable[str] = RULE_FILES) -> list[ModifierRule]:
    """The package's modifier rules for ``categories`` (default: every file)."""
    rules: list[ModifierRule] = []
    for name in categories:
        rules.extend(_rules_of(load_json(f"modifiers/{name}.json"), f"modifiers/{name}.json"))
    return rules
