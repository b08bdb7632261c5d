"""Clause component (skeleton)."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from . import extensions as ext


class PolicyClauses:
    def __init__(self, nlp: Language, name: str = "policy_clauses"):
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        doc.spans[ext.CLAUSE_GROUP] = []
        return doc


@Language.factory("policy_clauses", assigns=["doc.spans"], default_config={})
def make_policy_clauses(nlp: Language, name: str) -> PolicyClauses:
    return PolicyClauses(nlp, name)
