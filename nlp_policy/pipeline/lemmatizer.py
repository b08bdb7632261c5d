"""The ``policy_lemmatizer`` component: lookup lemmas from the compact tables.

The offline backend's lemmatizer. It gives the same lemmas as spaCy's
``lemmatizer`` in ``lookup`` mode with the ``de`` table of
``spacy-lookups-data`` (a form found in the table gets its lemma, any other
token its own text), but reads the table from ``data/lexicon.npz``
(``pipeline/tables.py``), which loads in milliseconds and is shared with the
entity vocabulary, and looks a whole doc up at once.
"""

from __future__ import annotations

import numpy
from spacy.attrs import LEMMA, ORTH
from spacy.language import Language
from spacy.tokens import Doc

from nlp_policy.pipeline.batching import BatchPipe
from nlp_policy.pipeline.tables import lexical_tables


class PolicyLemmatizer(BatchPipe):
    """Set ``token.lemma_`` on every token of a doc (lookup by exact form)."""

    def __init__(self, nlp: Language, name: str = "lemmatizer", *, overwrite: bool = False):
        """overwrite (bool): replace lemmas a previous component already set."""
        self.name = name
        self.overwrite = overwrite

    def __call__(self, doc: Doc) -> Doc:
        if not len(doc):
            return doc
        table = lexical_tables().de_lemma
        orths = doc.to_array([ORTH]).astype(numpy.uint64).reshape(-1)
        ids = table.lemma_ids(orths)
        strings = doc.vocab.strings
        lemma_hash = {}
        # a set, not numpy.unique: that imports numpy.ma on first use (a third of a second)
        for i in set(ids[ids >= 0].tolist()):
            lemma_hash[i] = strings.add(table.lemmas[i])
        lemmas = numpy.array([lemma_hash[i] if i >= 0 else o for i, o in zip(ids.tolist(), orths.tolist())], dtype=numpy.uint64)
        if not self.overwrite:
            current = doc.to_array([LEMMA]).astype(numpy.uint64).reshape(-1)
            lemmas = numpy.where(current != 0, current, lemmas)
        doc.from_array([LEMMA], lemmas.reshape(-1, 1))
        return doc

    def initialize(self, get_examples=None, *, nlp=None) -> None:
        lexical_tables()  # read the tables now rather than on the first doc


@Language.factory(
    "policy_lemmatizer",
    assigns=["token.lemma"],
    default_config={"overwrite": False},
)
def make_policy_lemmatizer(nlp: Language, name: str, overwrite: bool) -> PolicyLemmatizer:
    return PolicyLemmatizer(nlp, name, overwrite=overwrite)
