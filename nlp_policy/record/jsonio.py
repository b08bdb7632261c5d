"""Writing JSON and text outputs safely.

Outputs go to a temporary file in the target directory and are renamed over
the destination only when complete, so a failed or interrupted run never
leaves a truncated file or destroys the previous one. The result has the mode
an ordinary ``open(path, "w")`` would give it: a new file follows the umask, a
replaced file keeps its mode, and a symbolic link is followed (its target is
replaced, the link stays).
"""

from __future__ import annotations

import json
import os
import re
import stat
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any, Iterator

from nlp_policy.errors import OutputError, display_path

# Characters that json.dumps(ensure_ascii=False) leaves raw but that break
# consumers: line separators that str.splitlines() (and JavaScript before
# ES2019) treat as line ends, and lone surrogates (file names that are not
# UTF-8, kept by os.fsdecode) which cannot be encoded as UTF-8. In JSON text
# they can only occur inside strings, so a \\uXXXX escape is always valid and
# json.loads gives back the same string.
_ESCAPE = re.compile("[\u0085\u2028\u2029\ud800-\udfff]")


def _escape(match: re.Match) -> str:
    return f"\\u{ord(match.group()):04x}"


def dumps(data: Any, *, indent: int | None = 2) -> str:
    """JSON as the project writes it: UTF-8 text, umlauts readable, stable key
    order; line separators (U+2028, U+2029, U+0085) and lone surrogates escaped,
    so that one JSON Lines record is always one line and always encodable."""
    return _ESCAPE.sub(_escape, json.dumps(data, ensure_ascii=False, indent=indent))


def _umask() -> int:
    # There is no way to read the umask without setting it; Linux exposes it in /proc.
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _destination(path: str | Path) -> Path:
    """The file that writing ``path`` really changes: a symbolic link's target."""
    target = Path(path)
    if target.is_symlink():
        return Path(os.path.realpath(target))
    return target


@contextmanager
def atomic_writer(path: str | Path, *, encoding: str = "utf-8", newline: str | None = None) -> Iterator[IO[str]]:
    """Open a temporary file beside ``path``; rename it over ``path`` on success.

    A new file gets mode ``0o666 & ~umask``; an existing file keeps its mode; a
    symbolic link keeps pointing at the (replaced) target.

    RAISES OutputError: the directory is missing or not writable, or writing fails.
    """
    shown = display_path(path)
    try:
        info = os.stat(path)  # follows a symbolic link
    except FileNotFoundError:
        info = None
    except OSError as exc:
        raise OutputError(f"{shown}: cannot be written ({exc.strerror})") from None
    if info is not None and not stat.S_ISREG(info.st_mode):
        # a device or a pipe (-o /dev/stdout, -o >(gzip > x)): nothing to rename over, write it directly
        yield from _direct_writer(Path(path), shown, encoding=encoding, newline=newline)
        return
    target = _destination(path)
    directory = target.parent if str(target.parent) else Path(".")
    if not directory.is_dir():
        raise OutputError(f"{shown}: the directory {display_path(directory)} does not exist; create it first")
    mode = stat.S_IMODE(info.st_mode) if info is not None else 0o666 & ~_umask()
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=directory)
    except OSError as exc:
        raise OutputError(f"{shown}: cannot write in {display_path(directory)} ({exc.strerror})") from None
    try:
        with os.fdopen(fd, "w", encoding=encoding, newline=newline) as handle:
            os.fchmod(handle.fileno(), mode)
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
            raise OutputError(f"{shown}: cannot be written ({exc.strerror or exc}); nothing was changed") from None
        raise


def _direct_writer(target: Path, shown: str, *, encoding: str, newline: str | None) -> Iterator[IO[str]]:
    try:
        handle = open(target, "w", encoding=encoding, newline=newline)
    except OSError as exc:
        raise OutputError(f"{shown}: cannot be written ({exc.strerror})") from None
    try:
        with handle:
            yield handle
    except OSError as exc:
        if isinstance(exc, BrokenPipeError):
            raise
        raise OutputError(f"{shown}: cannot be written ({exc.strerror or exc}); the output is incomplete") from None


def write_text(path: str | Path, text: str) -> None:
    """Write a whole text file atomically."""
    with atomic_writer(path) as handle:
        handle.write(text)
