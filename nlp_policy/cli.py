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

from nlp_policy import __version__
from nlp_policy.errors import NlpPolicyError
from nlp_policy.text.reading import DEFAULT_MAX_CHARS

BACKEND = click.option(
    "--backend",
    type=click.Choice(["auto", "model", "offline"]),
    default="auto",
    show_default=True,
    help="auto uses de_core_news_sm when installed, else the offline pipeline.",
)
ENCODING = click.option(
    "--encoding", default=None, help="Force the input encoding, e.g. utf-8, cp1252, latin-1, utf-16 (default: detect)."
)
MAX_CHARS = click.option(
    "--max-chars",
    type=click.IntRange(min=1),
    default=DEFAULT_MAX_CHARS,
    show_default=True,
    help="Refuse documents longer than this many characters.",
)
NO_CACHE = click.option(
    "--no-cache",
    is_flag=True,
    help="Neither read nor write the record cache (kept in the user cache directory; NLP_POLICY_CACHE_DIR moves it).",
)


# Library-internal notices that are not the user's business.
_QUIET_WARNINGS = (DeprecationWarning, PendingDeprecationWarning, ResourceWarning, ImportWarning)


class _Terminated(SystemExit):
    """Raised by the SIGTERM handler so that cleanup (temporary outputs) runs."""


def _raise_terminated(signum, frame) -> None:
    raise _Terminated(128 + signum)


def handle_errors(func: Callable) -> Callable:
    """Run a command at the CLI edge: library errors become one ``Error: ...``
    line and exit status 1; warnings are printed on stderr; Ctrl-C and SIGTERM
    unwind normally (so atomic outputs are discarded) and exit 130 / 143."""

    @wraps(func)
    def wrapper(*args, **kwargs):
        import signal
        import threading

        previous = None
        if threading.current_thread() is threading.main_thread():
            previous = signal.signal(signal.SIGTERM, _raise_terminated)
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            try:
                return func(*args, **kwargs)
            except NlpPolicyError as exc:
                raise click.ClickException(str(exc)) from None
            except KeyboardInterrupt:
                click.echo("Error: interrupted (output files are written only by complete runs)", err=True)
                raise SystemExit(130) from None
            except _Terminated as exc:
                click.echo("Error: terminated (output files are written only by complete runs)", err=True)
                raise SystemExit(exc.code) from None
            finally:
                if previous is not None:
                    signal.signal(signal.SIGTERM, previous)
                for w in caught:
                    if not issubclass(w.category, _QUIET_WARNINGS):
                        click.echo(f"Warning: {w.message}", err=True)

    return wrapper


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="nlp-policy")
def main() -> None:
    """Extract bans, exceptions and corrections from German tech-policy texts,
    and answer questions about them."""


@main.command()
@click.argument("inputs", nargs=-1, metavar="[FILE_OR_DIR]...", type=click.Path(path_type=Path))
@click.option("-o", "--output", type=click.Path(path_type=Path, dir_okay=False), help="Write to this file instead of stdout.")
@click.option("--jsonl", is_flag=True, help="One record per line, streamed as documents finish (implied by several inputs or a directory).")
@click.option(
    "-j", "--jobs", type=click.IntRange(min=1), default=1, show_default=True, help="Worker processes for many documents."
)
@BACKEND
@ENCODING
@MAX_CHARS
@handle_errors
def extract(
    inputs: tuple[Path, ...],
    output: Path | None,
    jsonl: bool,
    jobs: int,
    backend: str,
    encoding: str | None,
    max_chars: int,
) -> None:
    """Extract the knowledge record (JSON) of each input (default: the bundled article).

    A directory stands for its *.txt files (sorted, not recursive). With one
    file the record is printed as indented JSON and any problem is an error.
    With several inputs, a directory or --jsonl, records are streamed as JSON
    Lines: a document that cannot be read (missing, empty, binary, too long)
    is reported on stderr and skipped, the others are still written; a
    progress line (on a terminal) and a summary line go to stderr. Exit status: 0 when every document was
    extracted, 1 when any failed (an existing -o file is replaced only if at
    least one document succeeded), 130/143 when interrupted (-o untouched).
    """
    from contextlib import closing, nullcontext

    from nlp_policy.record.jsonio import atomic_writer, dumps

    streaming = jsonl or len(inputs) > 1 or any(p.is_dir() for p in inputs)
    # Opened first so that an unwritable -o fails before any work is done.
    sink = atomic_writer(output) if output else nullcontext(None)
    if not streaming:
        from nlp_policy.extraction.document import extract_source
        from nlp_policy.resources import bundled_article
        from nlp_policy.text.reading import emit_warnings, read_document

        with sink as handle:
            source = read_document(inputs[0] if inputs else bundled_article(), encoding=encoding, max_chars=max_chars)
            emit_warnings(source)
            text = dumps(extract_source(source, backend=backend).to_dict()) + "\n"
            if handle is not None:
                handle.write(text)
            else:
                click.echo(text, nl=False)
        return

    from nlp_policy.extraction.batch import Progress, expand_inputs, extract_files

    from nlp_policy.resources import bundled_article

    paths = expand_inputs(inputs) if inputs else [bundled_article()]
    if not paths:
        raise click.ClickException("no documents to extract (the directories hold no *.txt files)")
    progress = Progress(len(paths))
    with sink as handle, closing(extract_files(
        paths, backend=backend, encoding=encoding, max_chars=max_chars, jobs=jobs
    )) as results:
        for result in results:
            progress.update(result)
            if result.warnings or not result.ok:
                progress.clear()
                for note in result.warnings:
                    click.echo(f"Warning: {note}", err=True)
                if not result.ok:
                    click.echo(f"Error: {result.error} (skipped)", err=True)
            if result.ok:
                if handle is not None:
                    handle.write(result.json + "\n")
                else:
                    click.echo(result.json)
        progress.clear()
        if progress.failed == progress.done:
            # Nothing worth keeping: leave an existing output file as it was.
            raise click.ClickException(f"no document could be extracted ({progress.summary()})")
    click.echo(progress.summary(), err=True)
    if progress.failed:
        raise SystemExit(1)


@main.command()
@click.argument("file", required=False, type=click.Path(path_type=Path))
@BACKEND
@ENCODING
@MAX_CHARS
@NO_CACHE
@handle_errors
def entities(file: Path | None, backend: str, encoding: str | None, max_chars: int, no_cache: bool) -> None:
    """Print the entities of FILE (default: the bundled article) as a table."""
    from nlp_policy.views.tables import entity_table

    click.echo(entity_table(_cached_record(file, backend, encoding, max_chars, no_cache)))


@main.command()
@click.argument("file", required=False, type=click.Path(path_type=Path))
@BACKEND
@ENCODING
@MAX_CHARS
@NO_CACHE
@handle_errors
def clauses(file: Path | None, backend: str, encoding: str | None, max_chars: int, no_cache: bool) -> None:
    """Print the clauses of FILE (default: the bundled article) as a table."""
    from nlp_policy.views.tables import clause_table

    click.echo(clause_table(_cached_record(file, backend, encoding, max_chars, no_cache)))


def _cached_record(file: Path | None, backend: str, encoding: str | None, max_chars: int, no_cache: bool):
    from nlp_policy.extraction.cache import record_for

    return record_for(file, backend=backend, encoding=encoding, max_chars=max_chars, use_cache=not no_cache)


@main.command("eval-extract")
@click.argument("gold", nargs=-1, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--set", "gold_set", type=click.Choice(["corpus", "dev", "all"]), default="all", show_default=True,
    help="Without GOLD files: the bundled corpus, the dev set (corpus/dev, 30 real-event articles), or both.",
)
@click.option(
    "--scoring", type=click.Choice(["exact", "overlap"]), default="exact", show_default=True,
    help="exact: same type and any overlap, one-to-one; overlap: a predicted clause covers at least half of the "
    "shorter span, types scored by family (prohibition and restriction are one).",
)
@click.option("--json", "as_json", is_flag=True, help="Print the scores (with confusion, misses and spurious finds) as JSON.")
@BACKEND
@handle_errors
def eval_extract(gold: tuple[Path, ...], gold_set: str, scoring: str, as_json: bool, backend: str) -> None:
    """Score entity and clause extraction against GOLD files (*.gold.json;
    default: the gold sets chosen with --set): entity P/R/F1, clause recall,
    typed recall and precision per document and pooled."""
    from nlp_policy.evaluation.extraction import GOLD_SETS, evaluate_files, evaluate_sets, score_table
    from nlp_policy.record.jsonio import dumps

    if gold:
        reports = [evaluate_files(gold, backend=backend, scoring=scoring)]
    else:
        reports = evaluate_sets(GOLD_SETS if gold_set == "all" else [gold_set], backend=backend, scoring=scoring)
    if as_json:
        click.echo(dumps({"scoring": scoring, "sets": [r.to_dict() for r in reports]}))
    else:
        click.echo("\n\n".join(score_table(r) for r in reports))


@main.command("export")
@click.argument("files", nargs=-1, metavar="[FILE]...", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "-f", "--format", "fmt", type=click.Choice(["json", "jsonl", "csv"]), default="json", show_default=True,
    help="json: the record (a list for several files); jsonl: one entity, clause or time expression per line; "
    "csv: one clause per row, for spreadsheets.",
)
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False, path_type=Path), help="The file to write (replaced only on success).")
@BACKEND
@ENCODING
@MAX_CHARS
@handle_errors
def export_records(files: tuple[Path, ...], fmt: str, output: Path, backend: str, encoding: str | None, max_chars: int) -> None:
    """Export the records of FILES (default: the bundled article) as JSON, JSON Lines or CSV."""
    from nlp_policy.extraction.cache import record_for
    from nlp_policy.views.export import export

    records = [record_for(p, backend=backend, encoding=encoding, max_chars=max_chars) for p in (files or [None])]
    export(records[0] if len(records) == 1 else records, fmt, output)
    click.echo(f"Wrote {output} ({fmt}, {len(records)} document{'s' if len(records) > 1 else ''})", err=True)


@main.command()
@click.argument("file", required=False, type=click.Path(dir_okay=False, path_type=Path))
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False, path_type=Path), help="The HTML file to write.")
@BACKEND
@ENCODING
@MAX_CHARS
@handle_errors
def report(file: Path | None, output: Path, backend: str, encoding: str | None, max_chars: int) -> None:
    """Write a self-contained HTML report of FILE (default: the bundled article):
    the text with highlighted clauses and entities, and their tables."""
    from nlp_policy.extraction.document import extract_source
    from nlp_policy.views.report import write_report
    from nlp_policy.resources import bundled_article
    from nlp_policy.text.reading import emit_warnings, read_document

    source = read_document(file or bundled_article(), encoding=encoding, max_chars=max_chars)
    emit_warnings(source)
    write_report(extract_source(source, backend=backend), output, text=source.text)
    click.echo(f"Wrote {output}", err=True)


@main.command()
@click.argument("question", required=False)
@click.option("--doc", type=click.Path(exists=True, dir_okay=False, path_type=Path), help="Answer from this document (default: the bundled article).")
@click.option("--record", "record_path", type=click.Path(exists=True, dir_okay=False, path_type=Path), help="Answer from a stored record (JSON of `nlp-policy extract`); no spaCy needed.")
@click.option("--questions-file", type=click.Path(exists=True, dir_okay=False, path_type=Path), help="Answer every line of this file (blank lines skipped).")
@click.option("--json", "as_json", is_flag=True, help="Print JSON (one object per line for several questions).")
@BACKEND
@ENCODING
@MAX_CHARS
@NO_CACHE
@handle_errors
def ask(
    question: str | None,
    doc: Path | None,
    record_path: Path | None,
    questions_file: Path | None,
    as_json: bool,
    backend: str,
    encoding: str | None,
    max_chars: int,
    no_cache: bool,
) -> None:
    """Answer a German QUESTION about a document (no QUESTION: interactive prompt)."""
    from nlp_policy.extraction.loading import load_record
    from nlp_policy.qa import session as qa_session
    from nlp_policy.qa.answer import answer_question
    from nlp_policy.record.jsonio import dumps

    if doc and record_path:
        raise click.UsageError("pass either --doc or --record, not both")
    if question is not None and not question.strip():
        raise click.UsageError("the question is empty; ask e.g. \"Gilt das Verbot auch in Österreich?\"")
    if question is None and questions_file is None and not qa_session.stdin_is_interactive():
        raise click.UsageError("give a QUESTION, --questions-file FILE, or run in a terminal for the interactive prompt")
    questions = [question] if question is not None else (qa_session.read_questions(questions_file) if questions_file else None)
    record = load_record(
        doc, record_path, backend=backend, use_cache=not no_cache, encoding=encoding, max_chars=max_chars
    )
    if questions is None:
        for line in qa_session.prompt_lines(write=lambda s: click.echo(s, nl=False)):
            a = answer_question(line, record)
            click.echo(dumps(a.to_dict(), indent=None) if as_json else a.to_text() + "\n")
        return
    for i, q in enumerate(questions):
        a = answer_question(q, record)
        if as_json:
            click.echo(dumps(a.to_dict(), indent=None if len(questions) > 1 else 2))
        else:
            click.echo(("\n" if i else "") + (f"Frage: {q}\n" if len(questions) > 1 else "") + a.to_text())


@main.command("eval-qa")
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--doc", type=click.Path(exists=True, dir_okay=False, path_type=Path), help="Answer from this document (default: each item's \"doc\", else the bundled article).")
@click.option("--record", "record_path", type=click.Path(exists=True, dir_okay=False, path_type=Path), help="Answer from a stored record.")
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
@click.option("--no-failures", is_flag=True, help="Print the figures only, not the failed questions.")
@BACKEND
@NO_CACHE
@handle_errors
def eval_qa(files: tuple[Path, ...], doc: Path | None, record_path: Path | None, as_json: bool, no_failures: bool, backend: str, no_cache: bool) -> None:
    """Strict accuracy of `ask` on one or more question sets FILES (JSON Lines):
    per kind, refusals of answerable and unanswerable questions, yes/no verdicts."""
    from nlp_policy.record.jsonio import dumps
    from nlp_policy.evaluation.qa import Report, evaluate, load_items
    from nlp_policy.extraction.loading import record_loader

    report = Report()
    for file in files:
        get = record_loader(doc, record_path, backend=backend, base=file.parent, use_cache=not no_cache)
        report.merge(evaluate(load_items(file), lambda item, get=get: get(item.doc)))
    click.echo(dumps(report.to_dict()) if as_json else report.to_text(failures=not no_failures))


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
