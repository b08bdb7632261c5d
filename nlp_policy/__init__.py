"""nlp-policy: German policy-clause extraction and question answering.

    >>> import nlp_policy
    >>> record = nlp_policy.extract()          # the bundled article
    >>> nlp_policy.ask("Gilt das Verbot auch in Österreich?", record).verdict
    'no'

Importing the package is cheap: spaCy is imported only when a pipeline is
built, so answering from a stored record never loads it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .errors import InputError, ModelError, NlpPolicyError, OutputError, QuestionError, RecordError
from .record import SCHEMA, Record

__version__ = "0.1.0"

__all__ = [
    "Answer",
    "ask",
    "SCHEMA",
    "InputError",
    "ModelError",
    "NlpPolicyError",
    "OutputError",
    "QuestionError",
    "Record",
    "extract",
    "extract_text",
    "load",
    "__version__",
]

_LAZY = {
    "load": ("pipeline", "load"),
    "extract": ("extraction", "extract"),
    "extract_text": ("extraction", "extract_text"),
    "ask": ("answer", "ask"),
    "Answer": ("answer", "Answer"),
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        import importlib

        module, attr = _LAZY[name]
        value = getattr(importlib.import_module(f".{module}", __name__), attr)
        globals()[name] = value  # resolve once
        return value
    raise AttributeError(f"module 'nlp_policy' has no attribute {name!r}")


if TYPE_CHECKING:  # pragma: no cover
    from .answer import Answer, ask
    from .extraction import extract, extract_text
    from .pipeline import load
