"""Entity component (skeleton: being built; see the entity discovery work)."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from . import extensions as ext


class PolicyEntities:
    def __init__(self, nlp: Language, name: str = "policy_entities"):
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        doc.spans[ext.ENTITY_GROUP] = []
        doc._.policy_entity_info = {}
        return doc


@Language.factory("policy_entities", assigns=["doc.spans"], default_config={})
def make_policy_entities(nlp: Language, name: str) -> PolicyEntities:
    return PolicyEntities(nlp, name)
