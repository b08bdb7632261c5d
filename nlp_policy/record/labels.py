"""The record's vocabulary: schema name and version, entity labels, clause types,
relation types and scope fields. Shared by the record types and the table views, so
that neither needs the other."""

from __future__ import annotations

SCHEMA = "nlp-policy/record@2"  # @2: clause modifiers; @1 records are read with none (see Record.from_dict)
SCHEMA_NAME, _, _SCHEMA_VERSION = SCHEMA.partition("@")
SCHEMA_VERSION = int(_SCHEMA_VERSION)

ENTITY_LABELS = ("PER", "ORG", "LOC", "PRODUCT", "MISC")
CLAUSE_TYPES = (
    "prohibition",
    "restriction",
    "exception",
    "permission",
    "obligation",
    "lifting",
    "update",
    "sanction",
    "uncertainty",
)
RELATION_TYPES = ("limits", "corrects", "qualifies", "lifts")
SCOPE_FIELDS = ("geo", "actors", "technologies", "devices", "environments")

# Clause modifiers (ConText-style): what decides what a rule means. A clause without a
# status modifier is in force; the other categories are absent unless the text says so.
MODIFIER_VALUES = {
    "status": ("planned", "former", "lifted", "suspended", "denied", "reported_false"),
    "extent": ("temporary", "permanent", "starting"),
    "strength": ("complete", "in_principle", "partial"),
    "condition": ("conditional",),
    "attribution": ("reported",),
}
MODIFIER_CATEGORIES = tuple(MODIFIER_VALUES)
