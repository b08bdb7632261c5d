"""The ``ask`` and ``eval-qa`` commands' plumbing: where the record comes from,
reading question files, and the interactive prompt. Kept out of ``cli.py`` so
the commands stay thin, and spaCy-free unless a document must be extracted."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Callable, Iterator, TextIO

from .errors import InputError, RecordError
from .record import Record
from .textio import DEFAULT_MAX_CHARS

PROMPT = "Frage> "
EXIT_WORDS = frozenset({"exit", "quit", "ende", "beenden", ":q"})


def load_record(
    doc: Path | None = None,
    record_path: Path | None = None,
    *,
    backend: str = "auto",
    use_cache: bool = True,
    encoding: str | None = None,
    max_chars: int | None = DEFAULT_MAX_CHARS,
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
    from .cache import record_for

    return record_for(doc, backend=backend, use_cache=use_cache, encoding=encoding, max_chars=max_chars)


def record_loader(doc: Path | None, record_path: Path | None, *, backend: str = "auto", base: Path | None = None, use_cache: bool = True) -> Callable[[str | None], Record]:
    """A cached ``doc name -> Record`` function for question sets whose items name a
    corpus document (used when neither --doc nor --record is given)."""
    from .resources import corpus_dir

    cache: dict[str | None, Record] = {}

    def get(name: str | None) -> Record:
        key = None if (doc or record_path) else name
        if key not in cache:
            if key is None:
                cache[key] = load_record(doc, record_path, backend=backend, use_cache=use_cache)
            else:
                candidates = [corpus_dir() / key] + ([base / key] if base else [])
                path = next((p for p in candidates if p.is_file()), None)
                if path is None:
                    raise InputError(f"the question set names the document {key!r}, which is not in {corpus_dir()}; pass --doc FILE")
                cache[key] = load_record(path, None, backend=backend, use_cache=use_cache)
        return cache[key]

    return get


def read_questions(path: Path) -> list[str]:
    """Questions of a file, one per line; blank lines are skipped.

    RAISES InputError: the file cannot be read.
    """
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise InputError(f"{path}: cannot read the questions ({exc.strerror})") from None
    except UnicodeDecodeError:
        raise InputError(f"{path}: the questions file is not UTF-8 text; save it as UTF-8") from None
    return [line.strip() for line in text.splitlines() if line.strip()]


def stdin_is_interactive() -> bool:
    """True when questions should be read at a prompt (stdin is a terminal).
    Tests monkeypatch this to drive the prompt through CliRunner."""
    try:
        return sys.stdin.isatty()
    except (AttributeError, ValueError):
        return False


def prompt_lines(stream: TextIO | None = None, write: Callable[[str], None] | None = None) -> Iterator[str]:
    """Questions typed at the prompt until ``exit``/``quit`` or end of input (Ctrl-D).

    Uses ``readline`` (arrow-key history) when it can be imported and stdin is a terminal.
    """
    stream = stream or sys.stdin
    tty = stdin_is_interactive() and stream is sys.stdin
    if tty:
        try:
            import readline  # noqa: F401  (enables line editing and history for input())
        except ImportError:  # pragma: no cover - not on every platform
            pass
    while True:
        if tty:
            try:
                line = input(PROMPT)
            except EOFError:
                return
        else:
            if write:
                write(PROMPT)
            line = stream.readline()
            if not line:
                return
        line = line.strip()
        if not line:
            continue
        if line.lower() in EXIT_WORDS:
            return
        yield line
