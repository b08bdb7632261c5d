"""Command-line interface: parse options, call the library, print.

All logic lives in the library; every command here opens a library object and
calls one function. Library errors become one ``Error: ...`` line and exit 1.
"""

from __future__ import annotations

import sys
import warnings
from functools import wraps
from pathlib import Path
from typing import Callable

import click

from . import __version__
from .errors import NlpPolicyError

BACKEND = click.option(
    "--backend",
    type=click.Choice(["auto", "model", "offline"]),
    default="auto",
    show_default=True,
    help="auto uses de_core_news_sm when installed, else the offline pipeline.",
)
ENCODING = click.option("--encoding", default=None, help="Force the input encoding (default: detect).")


def handle_errors(func: Callable) -> Callable:
    """Turn library errors into one clear line and exit status 1; show warnings on stderr."""

    @wraps(func)
    def wrapper(*args, **kwargs):
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            try:
                return func(*args, **kwargs)
            except NlpPolicyError as exc:
                raise click.ClickException(str(exc)) from None
            finally:
                for w in caught:
                    click.echo(f"Warning: {w.message}", err=True)

    return wrapper


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="nlp-policy")
def main() -> None:
    """Extract bans, exceptions and corrections from German tech-policy texts,
    and answer questions about them."""


@main.command()
@click.argument("files", nargs=-1, type=click.Path(path_type=Path))
@click.option("-o", "--output", type=click.Path(path_type=Path), help="Write to this file instead of stdout.")
@click.option("--jsonl", is_flag=True, help="One record per line (for many files).")
@BACKEND
@ENCODING
@handle_errors
def extract(files: tuple[Path, ...], output: Path | None, jsonl: bool, backend: str, encoding: str | None) -> None:
    """Extract the knowledge record (JSON) of FILES (default: the bundled article)."""
    from .extract import extract as extract_record
    from .jsonio import atomic_writer, dumps

    paths = list(files) or [None]
    records = (extract_record(p, backend=backend, encoding=encoding) for p in paths)
    if jsonl or len(paths) > 1:
        lines = (dumps(r.to_dict(), indent=None) + "\n" for r in records)
    else:
        lines = (dumps(r.to_dict()) + "\n" for r in records)
    if output:
        with atomic_writer(output) as handle:
            for line in lines:
                handle.write(line)
    else:
        for line in lines:
            click.echo(line, nl=False)


@main.command()
@click.argument("file", required=False, type=click.Path(path_type=Path))
@BACKEND
@ENCODING
@handle_errors
def entities(file: Path | None, backend: str, encoding: str | None) -> None:
    """Print the entities of FILE as a table."""
    from .extract import extract as extract_record
    from .tables import entity_table

    click.echo(entity_table(extract_record(file, backend=backend, encoding=encoding)))


@main.command()
@click.argument("file", required=False, type=click.Path(path_type=Path))
@BACKEND
@ENCODING
@handle_errors
def clauses(file: Path | None, backend: str, encoding: str | None) -> None:
    """Print the clauses of FILE as a table."""
    from .extract import extract as extract_record
    from .tables import clause_table

    click.echo(clause_table(extract_record(file, backend=backend, encoding=encoding)))


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
