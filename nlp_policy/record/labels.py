"""The record's vocabulary: schema name and version, entity labels, clause types,
relation types and scope fields. Shared by the record types and the table views, so
that neither needs the other."""

from __future__ import annotations

SCHEMA = "nlp-policy/record@1"
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
