"""Which pipeline backend a run uses, decided without importing spaCy.

The record cache needs the resolved backend before it knows whether a
pipeline must be built at all, so this module must stay free of spaCy (and of
anything that imports it): a warm ``nlp-policy ask`` answers from the cache
without ever loading spaCy.
"""

from __future__ import annotations

import importlib.util

from nlp_policy.errors import ModelError

#: Bumped whenever extraction output changes; part of the record cache key.
PIPELINE_VERSION = "1.0"

MODEL_NAME = "de_core_news_sm"
BACKENDS = ("auto", "model", "offline")


def model_available() -> bool:
    """True when ``de_core_news_sm`` can be imported on this machine (found, not imported)."""
    return importlib.util.find_spec(MODEL_NAME) is not None


def resolve_backend(backend: str = "auto") -> str:
    """Turn ``auto`` into the backend that will actually be used.

    backend (str): ``auto``, ``model`` or ``offline``.
    RETURNS (str): ``model`` or ``offline``.
    RAISES ModelError: an unknown backend, or ``model`` when it is not installed.
    """
    if backend not in BACKENDS:
        raise ModelError(f"unknown backend {backend!r}; choose one of {', '.join(BACKENDS)}")
    if backend == "auto":
        return "model" if model_available() else "offline"
    if backend == "model" and not model_available():
        raise ModelError(
            f"the spaCy model {MODEL_NAME} is not installed; install the extra with "
            "`pip install \".[model]\"` or use --backend offline"
        )
    return backend
