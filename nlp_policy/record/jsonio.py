"""Writing JSON and text outputs safely.

Outputs go to a temporary file in the target directory and are renamed over
the destination only when complete, so a failed or interrupted run never
leaves a truncated file or destroys the previous one.
"""

from __future__ import annotations

import json
import os
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any, Iterator

from nlp_policy.errors import OutputError


def dumps(data: Any, *, indent: int | None = 2) -> str:
    """JSON as the project writes it: UTF-8 text, umlauts readable, stable key order."""
    return json.dumps(data, ensure_ascii=False, indent=indent)


@contextmanager
def atomic_writer(path: str | Path, *, encoding: str = "utf-8", newline: str | None = None) -> Iterator[IO[str]]:
    """Open a temporary file beside ``path``; rename it over ``path`` on success.

    RAISES OutputError: the directory is missing or not writable.
    """
    target = Path(path)
    directory = target.parent if str(target.parent) else Path(".")
    if not directory.is_dir():
        raise OutputError(f"{target}: the directory {directory} does not exist; create it first")
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=directory)
    except OSError as exc:
        raise OutputError(f"{target}: cannot write in {directory} ({exc.strerror})") from None
    try:
        with os.fdopen(fd, "w", encoding=encoding, newline=newline) as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, target)
    except BaseException as exc:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        if isinstance(exc, OSError) and not isinstance(exc, BrokenPipeError):
            # e.g. a full disk: one clear line instead of a traceback
            raise OutputError(f"{target}: cannot be written ({exc.strerror or exc}); nothing was changed") from None
        raise


def write_text(path: str | Path, text: str) -> None:
    """Write a whole text file atomically."""
    with atomic_writer(path) as handle:
        handle.write(text)
