"""Custom attributes the nlp-policy components write on spaCy objects.

Registered once per process and guarded with ``has_extension`` so that
importing the package twice, or next to another plugin, is harmless.

Span groups written by the components:

* ``doc.spans["policy_entities"]``: entity mentions; ``span.label_`` is PER,
  ORG, LOC, PRODUCT or MISC and ``span._.entity_key`` the canonical name;
  ``doc._.policy_entity_info[key]`` holds ``label``, ``aliases`` and the
  character offsets ``description`` (or None) of each entity.
* ``doc.spans["policy_clauses"]``: clauses; ``span.label_`` is the clause type.
* ``doc.spans["policy_time"]``: temporal expressions; ``span.label_`` is the kind.
"""

from __future__ import annotations

from spacy.tokens import Doc, Span

ENTITY_GROUP = "policy_entities"
CLAUSE_GROUP = "policy_clauses"
TIME_GROUP = "policy_time"

_SPAN_EXTENSIONS = {
    # entities
    "entity_key": None,
    # clauses
    "clause_id": None,
    "clause_type": None,
    "negated": False,
    "scope": None,  # dict: geo, actors, technologies, devices, environments
    "issuer": None,
    "addressees": None,
    "action": None,
    "relations": None,  # list of [type, target clause id]
    "trigger": None,  # [start_char, end_char]
    # time expressions
    "time_value": None,
}

#: The span extensions ``policy_clauses`` writes (declared in its factory).
CLAUSE_EXTENSIONS = ("clause_id", "clause_type", "negated", "scope", "issuer", "addressees", "action", "relations", "trigger")

_DOC_EXTENSIONS = {
    "policy_entity_info": None,
}


def register() -> None:
    """Register every extension that is not registered yet."""
    for name, default in _SPAN_EXTENSIONS.items():
        if not Span.has_extension(name):
            Span.set_extension(name, default=default)
    for name, default in _DOC_EXTENSIONS.items():
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=default)


register()
