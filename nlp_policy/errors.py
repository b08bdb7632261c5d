"""Exception types raised by nlp-policy.

Every error message says what was wrong and what to do about it; the CLI
prints it as one line and exits non-zero. Messages name files with
:func:`display_path`, so a name that is not UTF-8 can always be printed.
"""

import os


def display_path(path) -> str:
    """A path as it can be printed: bytes that are not UTF-8 (kept as
    surrogates by ``os.fsdecode``) are shown as ``\\xNN`` escapes."""
    return os.fsencode(path).decode("utf-8", errors="backslashreplace")


class NlpPolicyError(Exception):
    """Base class of every error the library raises on purpose."""


class InputError(NlpPolicyError):
    """A document could not be read or holds no usable text."""


class RecordError(NlpPolicyError):
    """A stored knowledge record is corrupt, foreign or of an unknown schema."""


class ModelError(NlpPolicyError):
    """A requested pipeline backend is not available on this machine."""


class QuestionError(NlpPolicyError):
    """A question cannot be asked (for example, it is empty)."""


class OutputError(NlpPolicyError):
    """An output file cannot be written."""
