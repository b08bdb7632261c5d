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

from nlp_policy.errors import InputError, ModelError, NlpPolicyError, OutputError, QuestionError, RecordError
from nlp_policy.record import SCHEMA, Record

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
    "load": ("pipeline.build", "load"),
    "extract": ("extraction.document", "extract"),
    "extract_text": ("extraction.document", "extract_text"),
    "Answer": ("qa.types", "Answer"),
}


def ask(question: str, record: Record | None = None) -> "Answer":
    """Answer a German question about a document.

    question (str): the question ("Gilt das Verbot auch in Österreich?").
    record (Record | None): the knowledge record; None extracts the bundled
        article's record (this loads the spaCy pipeline).
    RETURNS (Answer): the answer with verdict, evidence and confidence.
    RAISES QuestionError: the question is empty.
    """
    from nlp_policy.qa.answer import ask as ask_record

    if record is None and question is not None and str(question).strip():
        from nlp_policy.extraction.document import extract

        record = extract()
    return ask_record(question, record)


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        import importlib

        module, attr = _LAZY[name]
        value = getattr(importlib.import_module(f".{module}", __name__), attr)
        globals()[name] = value  # resolve once
        return value
    raise AttributeError(f"module 'nlp_policy' has no attribute {name!r}")


if TYPE_CHECKING:  # pragma: no cover
    from nlp_policy.qa.types import Answer
    from nlp_policy.extraction.document import extract, extract_text
    from nlp_policy.pipeline.build import load
