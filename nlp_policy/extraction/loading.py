"""Where the record to answer from comes from: a stored record file, a document's
(cached) record, or the bundled article's. spaCy is imported only when a document
must really be extracted (see :mod:`nlp_policy.extraction.cache`)."""

from __future__ import annotations

from pathlib import Path
from typing import Callable

from nlp_policy.errors import InputError, RecordError
from nlp_policy.record import Record
from nlp_policy.text.reading import DEFAULT_MAX_CHARS


def load_record(
    doc: Path | None = None,
    record_path: Path | None = None,
    *,
    backend: str = "auto",
    use_cache: bool = True,
    encoding: str | None = None,
    max_chars: int | None = DEFAULT_MAX_CHARS,
    input_format: str = "auto",
) -> Record:
    """The record to answer from: a stored record, else a document's (cached) record,
    else the bundled article's.

    RAISES RecordError: the stored record is corrupt, foreign or of a newer schema.
    RAISES InputError: a file cannot be read.
    """
    if record_path is not None:
        try:
            text = Path(record_path).read_text(encoding="utf-8")
        except OSError as exc:
            raise RecordError(f"{record_path}: cannot read the record ({exc.strerror}); pass a file written by `nlp-policy extract`") from None
        except UnicodeDecodeError:
            raise RecordError(f"{record_path}: the record is not UTF-8 text; re-extract it with `nlp-policy extract`") from None
        return Record.from_json(text)
    from nlp_policy.extraction.cache import record_for

    return record_for(doc, backend=backend, use_cache=use_cache, encoding=encoding, max_chars=max_chars, input_format=input_format)


def record_loader(doc: Path | None, record_path: Path | None, *, backend: str = "auto", base: Path | None = None, use_cache: bool = True) -> Callable[[str | None], Record]:
    """A cached ``doc name -> Record`` function for question sets whose items name a
    corpus document (used when neither --doc nor --record is given)."""
    from nlp_policy.resources import corpus_dir

    cache: dict[str | None, Record] = {}

    def get(name: str | None) -> Record:
        key = None if (doc or record_path) else name
        if key not in cache:
            if key is None:
                cache[key] = load_record(doc, record_path, backend=backend, use_cache=use_cache)
            else:
                folders = [corpus_dir()] + ([base] if base else [])
                # a question set may name a document by its stem ("a01_...") or its file name
                candidates = [folder / name for folder in folders for name in (key, f"{key}.txt")]
                path = next((p for p in candidates if p.is_file()), None)
                if path is None:
                    raise InputError(f"the question set names the document {key!r}, which is not in {corpus_dir()}; pass --doc FILE")
                cache[key] = load_record(path, None, backend=backend, use_cache=use_cache)
        return cache[key]

    return get
