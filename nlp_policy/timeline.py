"""Timeline component (skeleton)."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from . import extensions as ext


class PolicyTimeline:
    def __init__(self, nlp: Language, name: str = "policy_timeline"):
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        doc.spans[ext.TIME_GROUP] = []
        return doc


@Language.factory("policy_timeline", assigns=["doc.spans"], default_config={})
def make_policy_timeline(nlp: Language, name: str) -> PolicyTimeline:
    return PolicyTimeline(nlp, name)
