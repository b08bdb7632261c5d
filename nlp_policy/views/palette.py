"""Colours and German words shared by the HTML report and the notebook display.

One colour per clause type and one per entity label, so that a highlight means
the same thing in every view. The German words live in
``nlp_policy/data/report_labels.json``.
"""

from __future__ import annotations

from nlp_policy.record.types import Clause, Record, Scope
from nlp_policy.resources import load_json

#: Light backgrounds: clauses are long and their text must stay readable.
CLAUSE_COLORS = {
    "prohibition": "#f4a6a6",
    "restriction": "#f7c99b",
    "exception": "#a8d8b9",
    "permission": "#c6e5a1",
    "obligation": "#a9c8f0",
    "lifting": "#d4f0f0",
    "update": "#d9b8f0",
    "sanction": "#f0b8d9",
    "uncertainty": "#e0e0e0",
}

#: Stronger colours: entities are drawn as underlines inside clause backgrounds.
ENTITY_COLORS = {
    "PER": "#b8860b",
    "ORG": "#1f5fbf",
    "LOC": "#1a8a3a",
    "PRODUCT": "#c2185b",
    "MISC": "#616161",
}

TIME_COLOR = "#8d6e00"
FALLBACK_COLOR = "#cccccc"


def words() -> dict:
    """The German words of ``report_labels.json``."""
    return load_json("report_labels.json")


def clause_type_de(code: str) -> str:
    return words()["clause_types"].get(code, code)


def entity_label_de(code: str) -> str:
    return words()["entity_labels"].get(code, code)


def modifier_de(code: str) -> str:
    """The German badge word of a modifier value (``temporary`` -> ``vorübergehend``)."""
    return words()["modifier_values"].get(code, code)


def modifier_category_de(code: str) -> str:
    return words()["modifier_categories"].get(code, code)


def status_de(code: str) -> str:
    """``in Kraft`` or the German word of a status value."""
    return words()["in_force"] if code == "in_force" else modifier_de(code)


def yes_no(flag: bool) -> str:
    return words()["yes" if flag else "no"]


def scope_text(scope: Scope) -> str:
    """``Gebiet: US; Akteure: Polizeibehörden`` (empty string for an empty scope)."""
    names = words()["scope"]
    return "; ".join(f"{names.get(k, k)}: {', '.join(v)}" for k, v in scope.to_dict().items() if v)


def relation_phrases(record: Record, clause: Clause) -> list[str]:
    """A clause's links in German, outgoing then incoming: ``schränkt c1 ein``, ``korrigiert durch c7``."""
    table = words()["relations"]
    out = [table.get(r.type, {"out": r.type + " {id}"})["out"].format(id=r.target) for r in clause.relations]
    for other in record.clauses:
        for r in other.relations:
            if r.target == clause.id:
                out.append(table.get(r.type, {"in": r.type + " <- {id}"})["in"].format(id=other.id))
    return out
