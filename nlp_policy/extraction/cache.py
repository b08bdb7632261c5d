"""A cache of knowledge records, so that asking about a document twice never
runs the pipeline (or imports spaCy) twice.

An entry is the record's JSON, keyed by the sha256 of the decoded text, the
resolved backend, ``PIPELINE_VERSION`` and a fingerprint of the package's
code and data (so edited rules never serve stale records). It lives in
``platformdirs.user_cache_dir("nlp-policy")/records``; the environment
variable ``NLP_POLICY_CACHE_DIR`` points it elsewhere.

The lookup path imports nothing from spaCy: reading and hashing the text
(:mod:`textio`) and resolving the backend (:mod:`backends`) are spaCy-free, and
:mod:`extract` is imported only on a miss. Entries are written to a temporary
file and renamed into place, so concurrent runs never see a half-written
entry; an entry that does not parse or does not match its key is ignored and
rebuilt.
"""

from __future__ import annotations

import dataclasses
import hashlib
import os
import tempfile
from functools import lru_cache
from pathlib import Path

from nlp_policy.pipeline.backends import PIPELINE_VERSION, resolve_backend
from nlp_policy.errors import RecordError
from nlp_policy.record.types import Record
from nlp_policy.text.formats import source_details
from nlp_policy.text.reading import DEFAULT_MAX_CHARS, SourceText, emit_warnings, read_document

#: Environment variable that overrides the cache directory.
CACHE_ENV = "NLP_POLICY_CACHE_DIR"


def cache_dir() -> Path:
    """Directory holding the cached records (not created here)."""
    override = os.environ.get(CACHE_ENV)
    if override:
        return Path(override).expanduser()
    import platformdirs

    return Path(platformdirs.user_cache_dir("nlp-policy")) / "records"


@lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """A short hash of the package's code and data files.

    Part of the cache key next to ``PIPELINE_VERSION``, so that a changed
    component (an edited rule, a new lexicon entry) never answers from
    records made by the old code, even when nobody bumped the version.
    """
    package = Path(__file__).resolve().parent.parent
    digest = hashlib.sha256()
    for path in sorted(package.rglob("*")):
        # the bundled documents are inputs, not code; they also sit elsewhere in a source checkout
        parts = path.relative_to(package).parts
        if parts[0] == "corpus" or "__pycache__" in parts:
            continue
        if path.suffix in {".py", ".json", ".txt", ".tsv"} and path.is_file():
            digest.update(path.relative_to(package).as_posix().encode("utf-8") + b"\0")
            digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def entry_path(sha256: str, backend: str, *, directory: Path | None = None) -> Path:
    """Where the record of a text (by hash) made with a resolved backend is stored."""
    version = "".join(c if c.isalnum() or c in ".-" else "_" for c in PIPELINE_VERSION)
    return (directory or cache_dir()) / f"{sha256}.{backend}.v{version}.{code_fingerprint()}.json"


def load_entry(source: SourceText, backend: str) -> Record | None:
    """The cached record of ``source``, or None when there is no usable entry.

    A corrupt, foreign or stale entry counts as missing (it is overwritten on
    the next store). The cached record's provenance (path, id, encoding) is
    replaced by that of ``source``: the same text may live in several files.
    """
    path = entry_path(source.sha256, backend)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None
    try:
        record = Record.from_json(text)
    except RecordError:
        return None
    doc = record.document
    if (
        doc.sha256 != source.sha256
        or doc.backend != backend
        or doc.pipeline_version != PIPELINE_VERSION
        or doc.chars != len(source.text)
    ):
        return None
    info = dataclasses.replace(
        doc,
        id=source.doc_id,
        path=str(source.path) if source.path else None,
        encoding=source.encoding,
        **source_details(source),
    )
    return dataclasses.replace(record, document=info)


def store_entry(record: Record) -> bool:
    """Write ``record`` into the cache (temp file + rename). RETURNS (bool): written.

    A cache that cannot be written (read-only home, full disk) is skipped
    silently: the cache only saves time, it never fails a run.
    """
    doc = record.document
    path = entry_path(doc.sha256, doc.backend)
    tmp = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(record.to_json(indent=None))
        os.replace(tmp, path)
        tmp = None
        return True
    except (OSError, UnicodeError):
        return False
    finally:
        # whatever went wrong (a full disk, Ctrl-C), no half-written entry stays behind
        if tmp:
            try:
                os.unlink(tmp)
            except OSError:
                pass


def record_for(
    path: str | Path | None = None,
    *,
    backend: str = "auto",
    use_cache: bool = True,
    encoding: str | None = None,
    max_chars: int | None = DEFAULT_MAX_CHARS,
    input_format: str = "auto",
) -> Record:
    """The knowledge record of a document, from the cache when possible.

    path (str | Path | None): the document (None: the bundled article).
    backend (str): ``auto``, ``model`` or ``offline``.
    use_cache (bool): False runs the pipeline and neither reads nor writes the cache.
    encoding (str | None): force the input encoding.
    max_chars (int | None): refuse longer documents (None: no limit).
    input_format (str): ``auto``, ``text``, ``html`` or ``markdown``.
    RETURNS (Record): the record; the document's warnings (fallback decoding,
        not German) are issued through :mod:`warnings`.
    RAISES InputError: the file cannot be read or holds no text.
    RAISES ModelError: an unknown or unavailable backend.
    """
    if path is None:
        from nlp_policy.resources import bundled_article

        path = bundled_article()
    source = read_document(path, encoding=encoding, max_chars=max_chars, input_format=input_format)
    emit_warnings(source)
    resolved = resolve_backend(backend)
    if use_cache:
        cached = load_entry(source, resolved)
        if cached is not None:
            return cached
    from nlp_policy.extraction.document import extract_source  # imports spaCy: only on a miss

    record = extract_source(source, backend=resolved)
    if use_cache:
        store_entry(record)
    return record
