"""The ``ask`` command's plumbing: reading question files and the interactive
prompt. Kept out of ``cli.py`` so the commands stay thin."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Callable, Iterator, TextIO

from nlp_policy.errors import InputError

PROMPT = "Frage> "
EXIT_WORDS = frozenset({"exit", "quit", "ende", "beenden", ":q"})


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
    """Questions typed at the prompt until ``exit``/``quit`` or end of input
    (Ctrl-D, which ends the prompt line with a newline).

    Uses ``readline`` (arrow-key history) when it can be imported and stdin is a terminal.
    """
    stream = stream or sys.stdin
    tty = stdin_is_interactive() and stream is sys.stdin
    if tty:
        try:
            import readline  # noqa: F401  (enables line editing and history for input())
        except ImportError:  # pragma: no cover - not on every platform
            pass
    end_line = write or sys.stdout.write
    while True:
        if tty:
            try:
                line = input(PROMPT)
            except EOFError:
                end_line("\n")  # Ctrl-D: end the prompt line, so the shell's prompt starts on its own
                return
        else:
            if write:
                write(PROMPT)
            line = stream.readline()
            if not line:
                if write:
                    write("\n")
                return
        line = line.strip()
        if not line:
            continue
        if line.lower() in EXIT_WORDS:
            return
        yield line
