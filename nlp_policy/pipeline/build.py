"""Building the spaCy pipeline.

Two backends give the same components and the same record format:

* ``model``: the official ``de_core_news_sm`` when it is installed (its parser,
  lemmatizer and NER; the project's components run after it, and its NER
  mentions are merged into ours);
* ``offline``: ``spacy.blank("de")`` with a lookup lemmatizer over the
  ``spacy-lookups-data`` German table (as compact arrays, ``pipeline/tables.py``)
  and the project's own components. Tests and CI use it.

Nothing is ever downloaded: ``auto`` takes the model only if it imports.
"""

from __future__ import annotations

from functools import lru_cache

import spacy
from spacy.language import Language

# Backend resolution is spaCy-free (the record cache needs it before deciding
# to build a pipeline); re-exported here for existing callers.
from nlp_policy.pipeline.backends import BACKENDS, MODEL_NAME, PIPELINE_VERSION, model_available, resolve_backend  # noqa: F401
from nlp_policy.resources import load_json

# Register the factories (importing the modules runs their @Language.factory).
from nlp_policy.pipeline import segmenter as _segmenter  # noqa: E402,F401
from nlp_policy.pipeline.entities import component as _entities  # noqa: E402,F401
from nlp_policy.pipeline.clauses import component as _clauses  # noqa: E402,F401
from nlp_policy.pipeline import timeline as _timeline  # noqa: E402,F401
from nlp_policy.pipeline import lemmatizer as _lemmatizer  # noqa: E402,F401

POLICY_COMPONENTS = ("policy_entities", "policy_clauses", "policy_timeline")


def _tune_tokenizer(nlp: Language) -> None:
    """Split machine-translation joins such as ``wordName`` (a long lowercase
    run directly followed by a capitalised word) without touching the text.

    The split is a zero-width infix, so ``doc.text`` stays byte-identical and
    every offset stays exact. CamelCase names from the lexicon are protected
    as special cases.
    """
    infixes = list(nlp.Defaults.infixes) + [r"(?<=[a-zäöüß]{5})(?=[A-ZÄÖÜ][a-zäöüß]{2})"]
    nlp.tokenizer.infix_finditer = spacy.util.compile_infix_regex(infixes).finditer
    for name in load_json("tokenizer.json")["protected"]:
        nlp.tokenizer.add_special_case(name, [{"ORTH": name}])


@lru_cache(maxsize=4)
def _load_cached(backend: str) -> Language:
    return build(backend)


def build(backend: str) -> Language:
    """Construct a fresh pipeline for a resolved backend (``model`` or ``offline``)."""
    if backend == "model":
        nlp = spacy.load(MODEL_NAME)
        _tune_tokenizer(nlp)
        before = "parser" if "parser" in nlp.pipe_names else None
        nlp.add_pipe("policy_sentencizer", before=before) if before else nlp.add_pipe("policy_sentencizer", first=True)
    else:
        nlp = spacy.blank("de")
        _tune_tokenizer(nlp)
        nlp.add_pipe("policy_sentencizer")
        nlp.add_pipe("policy_lemmatizer", name="lemmatizer")
    for name in POLICY_COMPONENTS:
        nlp.add_pipe(name)
    if backend == "offline":
        nlp.initialize()
    nlp.meta["name"] = "nlp_policy_" + backend
    nlp.meta["version"] = PIPELINE_VERSION
    nlp.meta.setdefault("labels", {})
    nlp.meta["nlp_policy_backend"] = backend
    return nlp


def load(backend: str = "auto") -> Language:
    """The nlp-policy pipeline (cached per process).

    backend (str): ``auto`` (model if installed, else offline), ``model`` or ``offline``.
    RETURNS (Language): a pipeline whose docs carry ``doc.spans["policy_entities"]``,
        ``doc.spans["policy_clauses"]`` and ``doc.spans["policy_time"]``.
    RAISES ModelError: an unknown backend, or ``model`` when it is not installed.
    """
    return _load_cached(resolve_backend(backend))


def backend_of(nlp: Language) -> str:
    """Which backend built a pipeline."""
    return nlp.meta.get("nlp_policy_backend", "offline")
