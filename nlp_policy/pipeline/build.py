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
from typing import Callable

import spacy
from spacy.language import Language
from spacy.tokenizer import Tokenizer

# Backend resolution is spaCy-free (the record cache needs it before deciding
# to build a pipeline); re-exported here for existing callers.
from nlp_policy.pipeline.backends import BACKENDS, MODEL_NAME, PIPELINE_VERSION, model_available, resolve_backend  # noqa: F401
from nlp_policy.pipeline.tokenizer import CachingTokenizer
from nlp_policy.resources import load_json

# Register the factories (importing the modules runs their @Language.factory).
from nlp_policy.pipeline import segmenter as _segmenter  # noqa: E402,F401
from nlp_policy.pipeline.entities import component as _entities  # noqa: E402,F401
from nlp_policy.pipeline.clauses import component as _clauses  # noqa: E402,F401
from nlp_policy.pipeline.clauses import modifiers as _modifiers  # noqa: E402,F401
from nlp_policy.pipeline import timeline as _timeline  # noqa: E402,F401
from nlp_policy.pipeline import lemmatizer as _lemmatizer  # noqa: E402,F401

POLICY_COMPONENTS = ("policy_entities", "policy_clauses", "policy_modifiers", "policy_timeline")


#: A zero-width infix that splits machine-translation joins such as ``wordName``.
_JOIN_INFIX = r"(?<=[a-zäöüß]{5})(?=[A-ZÄÖÜ][a-zäöüß]{2})"


def _protect_names(nlp: Language) -> None:
    for name in load_json("tokenizer.json")["protected"]:
        nlp.tokenizer.add_special_case(name, [{"ORTH": name}])


def _tune_tokenizer(nlp: Language) -> None:
    """Split machine-translation joins such as ``wordName`` (a long lowercase
    run directly followed by a capitalised word) without touching the text.

    The split is a zero-width infix, so ``doc.text`` stays byte-identical and
    every offset stays exact. CamelCase names from the lexicon are protected
    as special cases. (For a loaded model; the offline backend builds its
    tokenizer this way from the start, see ``create_policy_tokenizer``.)
    """
    infixes = list(nlp.Defaults.infixes) + [_JOIN_INFIX]
    nlp.tokenizer.infix_finditer = spacy.util.compile_infix_regex(infixes).finditer
    _protect_names(nlp)


@spacy.registry.tokenizers("nlp_policy.tokenizer.v1")
def create_policy_tokenizer() -> Callable[[Language], Tokenizer]:
    """spaCy's default tokenizer with the join infix, its regexes compiled once
    (building the default and then replacing its infixes compiles them twice),
    caching every chunk without a special case (see :mod:`nlp_policy.pipeline.tokenizer`)."""

    def factory(nlp: Language) -> Tokenizer:
        d = nlp.Defaults
        return CachingTokenizer(
            nlp.vocab,
            rules=d.tokenizer_exceptions,
            prefix_search=spacy.util.compile_prefix_regex(d.prefixes).search if d.prefixes else None,
            suffix_search=spacy.util.compile_suffix_regex(d.suffixes).search if d.suffixes else None,
            infix_finditer=spacy.util.compile_infix_regex(list(d.infixes or []) + [_JOIN_INFIX]).finditer,
            token_match=d.token_match,
            url_match=d.url_match,
        )

    return factory


@lru_cache(maxsize=4)
def _shared(backend: str) -> Language:
    return build(backend)


def build(backend: str) -> Language:
    """Construct a fresh pipeline for a resolved backend (``model`` or ``offline``)."""
    if backend == "model":
        nlp = spacy.load(MODEL_NAME)
        _tune_tokenizer(nlp)
        before = "parser" if "parser" in nlp.pipe_names else None
        nlp.add_pipe("policy_sentencizer", before=before) if before else nlp.add_pipe("policy_sentencizer", first=True)
    else:
        nlp = spacy.blank("de", config={"nlp": {"tokenizer": {"@tokenizers": "nlp_policy.tokenizer.v1"}}})
        _protect_names(nlp)
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
    """A new nlp-policy pipeline of your own.

    Each call builds one (a few seconds; keep it and reuse it). It is never
    the pipeline that :func:`nlp_policy.extract` uses, so changing it
    (``remove_pipe``, ``add_pipe``, a component's settings) never changes
    later extractions; pass it as ``extract(..., nlp=nlp)`` to extract with it.

    backend (str): ``auto`` (model if installed, else offline), ``model`` or ``offline``.
    RETURNS (Language): a pipeline whose docs carry ``doc.spans["policy_entities"]``,
        ``doc.spans["policy_clauses"]`` and ``doc.spans["policy_time"]``.
    RAISES ModelError: an unknown backend, or ``model`` when it is not installed.
    """
    return build(resolve_backend(backend))


def extraction_pipeline(backend: str = "auto") -> Language:
    """The process's own extraction pipeline (built once per backend).

    Library-internal: extraction, the batch workers and the evaluation use it;
    it is never handed to callers (they get their own from :func:`load`), so
    nothing outside can change what ``extract`` does.
    """
    return _shared(resolve_backend(backend))


def backend_of(nlp: Language) -> str:
    """Which backend built a pipeline."""
    return nlp.meta.get("nlp_policy_backend", "offline")
