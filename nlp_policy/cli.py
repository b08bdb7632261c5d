"""Command-line interface: parse options, call the library, print.

All logic lives in the library; every command here opens a library object and
calls one function. Library errors become one ``Error: ...`` line and exit 1.
"""

from __future__ import annotations

import errno
import os
import sys
import warnings
from functools import wraps
from pathlib import Path
from typing import Callable

import click

from nlp_policy import __version__
from nlp_policy.errors import NlpPolicyError, display_path
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
INPUT_FORMAT = click.option(
    "--input-format",
    type=click.Choice(["auto", "text", "html", "markdown"]),
    default="auto",
    show_default=True,
    help="auto: .html/.htm (or a file that starts like a page) is HTML, .md is Markdown, else plain text.",
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


#: Errors of a write that no retry fixes: the output is lost, not the program broken.
#: The library turns its own file writes into OutputError, so one of these
#: reaching the CLI edge comes from standard output (``> /full/disk``, ``> /dev/full``).
_OUTPUT_LOST = frozenset({errno.ENOSPC, errno.EDQUOT, errno.EFBIG, errno.EIO})


def _outputs_note() -> str:
    """What an interruption means for the command's output file, if it has one."""
    ctx = click.get_current_context(silent=True)
    if ctx is not None and ctx.params.get("output") is not None:
        return " (output files are written only by complete runs)"
    return ""


def _output_lost(exc: OSError) -> str:
    return f"standard output cannot be written ({exc.strerror}); the output is incomplete, free some space or write elsewhere"


def _flush_stdout() -> None:
    """Flush standard output so that a full disk is an error now, not a notice at exit."""
    try:
        sys.stdout.flush()
    except ValueError:  # already closed
        pass


def _discard_stdout() -> None:
    """Point file descriptor 1 at /dev/null: the unwritten rest of the buffer
    would fail again (with an "Exception ignored" notice) when Python exits."""
    try:
        fd = sys.stdout.fileno()
    except (AttributeError, ValueError, OSError):
        return  # not a real file (CliRunner, a notebook)
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, fd)
    finally:
        os.close(devnull)


def _to_stdout(output: Path | None) -> bool:
    """``-o -`` (or no ``-o``) writes standard output."""
    return output is None or str(output) == "-"


def _sink(output: Path | None):
    """Where a command writes: an atomic file for ``-o FILE``, else standard output (None)."""
    from contextlib import nullcontext

    from nlp_policy.record.jsonio import atomic_writer

    return nullcontext(None) if _to_stdout(output) else atomic_writer(output)


def handle_errors(func: Callable) -> Callable:
    """Run a command at the CLI edge: library errors become one ``Error: ...``
    line and exit status 1; warnings are printed on stderr; Ctrl-C and SIGTERM
    unwind normally (so atomic outputs are discarded) and exit 130 / 143;
    standard output is flushed and checked, so a full disk is one ``Error:``
    line and exit status 1, and a closed pipe (``| head``) ends quietly."""

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
                result = func(*args, **kwargs)
                _flush_stdout()
                return result
            except NlpPolicyError as exc:
                raise click.ClickException(str(exc)) from None
            except BrokenPipeError:
                _discard_stdout()
                raise SystemExit(141) from None  # 128 + SIGPIPE, as shell tools exit
            except OSError as exc:
                if exc.errno not in _OUTPUT_LOST:
                    raise
                _discard_stdout()
                raise click.ClickException(_output_lost(exc)) from None
            except KeyboardInterrupt:
                click.echo(f"Error: interrupted{_outputs_note()}", err=True)
                raise SystemExit(130) from None
            except _Terminated as exc:
                click.echo(f"Error: terminated{_outputs_note()}", err=True)
                raise SystemExit(exc.code) from None
            finally:
                if previous is not None:
                    signal.signal(signal.SIGTERM, previous)
                for w in caught:
                    if not issubclass(w.category, _QUIET_WARNINGS):
                        click.echo(f"Warning: {w.message}", err=True)

    return wrapper


class _Group(click.Group):
    """The command group; ``--help`` and ``--version`` (printed before any
    command runs) get the same standard-output check as the commands."""

    def main(self, *args, **kwargs):
        try:
            return super().main(*args, **kwargs)
        except OSError as exc:
            if exc.errno not in _OUTPUT_LOST:
                raise
            _discard_stdout()
            click.echo(f"Error: {_output_lost(exc)}", err=True)
            sys.exit(1)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="nlp-policy")
def main() -> None:
    """Extract bans, exceptions and corrections from German tech-policy texts,
    and answer questions about them."""


@main.command()
@click.argument("inputs", nargs=-1, metavar="[FILE_OR_DIR]...", type=click.Path(path_type=Path, allow_dash=True))
@click.option("-o", "--output", type=click.Path(path_type=Path, dir_okay=False, allow_dash=True), help="Write to this file instead of stdout (- is stdout).")
@click.option("--jsonl", is_flag=True, help="One record per line, streamed as documents finish (implied by several inputs or a directory).")
@click.option(
    "-j", "--jobs", type=click.IntRange(min=1), default=1, show_default=True,
    help="Worker processes for many documents (at most the CPUs); with --engine dask, the LocalCluster's workers.",
)
@click.option(
    "--engine", type=click.Choice(["local", "dask"]), default="local", show_default=True,
    help="local: this process or a process pool (--jobs); dask: a Dask cluster (needs the dask extra).",
)
@click.option("--scheduler", metavar="ADDRESS", default=None, help="With --engine dask: the scheduler to use (tcp://host:8786); default: a LocalCluster.")
@BACKEND
@ENCODING
@MAX_CHARS
@INPUT_FORMAT
@handle_errors
def extract(
    inputs: tuple[Path, ...],
    output: Path | None,
    jsonl: bool,
    jobs: int,
    engine: str,
    scheduler: str | None,
    backend: str,
    encoding: str | None,
    max_chars: int,
    input_format: str,
) -> None:
    """Extract the knowledge record (JSON) of each input (default: the bundled article).

    FILE may be text, an HTML page or Markdown; - reads standard input.
    A directory stands for its *.txt files (sorted, not recursive). With one
    file the record is printed as indented JSON and any problem is an error.
    With several inputs, a directory or --jsonl, records are streamed as JSON
    Lines: a document that cannot be read (missing, empty, binary, too long)
    is reported on stderr and skipped, the others are still written; a
    progress line (on a terminal) and a summary line go to stderr. Exit status: 0 when every document was
    extracted, 1 when any failed (an existing -o file is replaced only if at
    least one document succeeded), 130/143 when interrupted (-o untouched).
    """
    from contextlib import closing

    from nlp_policy.record.jsonio import dumps

    if scheduler and engine != "dask":
        raise click.UsageError("--scheduler needs --engine dask")
    streaming = jsonl or engine == "dask" or len(inputs) > 1 or any(p.is_dir() for p in inputs)
    # Opened first so that an unwritable -o fails before any work is done.
    sink = _sink(output)
    if not streaming:
        from nlp_policy.extraction.document import extract_source
        from nlp_policy.resources import bundled_article
        from nlp_policy.text.reading import emit_warnings, read_document

        with sink as handle:
            source = read_document(
                inputs[0] if inputs else bundled_article(), encoding=encoding, max_chars=max_chars, input_format=input_format
            )
            emit_warnings(source)
            text = dumps(extract_source(source, backend=backend).to_dict()) + "\n"
            if handle is not None:
                handle.write(text)
            else:
                click.echo(text, nl=False)
        return

    from nlp_policy.extraction.batch import Progress, expand_inputs, extract_files, worker_count
    from nlp_policy.resources import bundled_article

    paths = expand_inputs(inputs) if inputs else [bundled_article()]
    if not paths:
        raise click.ClickException("no documents to extract (the directories hold no *.txt files)")
    options = dict(backend=backend, encoding=encoding, max_chars=max_chars, input_format=input_format)
    if engine == "dask":
        from nlp_policy.extraction.distributed import extract_on_dask

        stream = extract_on_dask(paths, scheduler=scheduler, workers=jobs, **options)
    else:
        used, note = worker_count(jobs, len(paths))
        if note:
            click.echo(f"Note: {note}", err=True)
        stream = extract_files(paths, jobs=used, **options)
    progress = Progress(len(paths))
    with sink as handle, closing(stream) as results:
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
        progress.close()
        if progress.failed == progress.done:
            # Nothing worth keeping: leave an existing output file as it was.
            raise click.ClickException(f"no document could be extracted ({progress.summary()})")
    click.echo(progress.summary(), err=True)
    if progress.failed:
        raise SystemExit(1)


@main.command()
@click.argument("file", required=False, type=click.Path(path_type=Path, allow_dash=True))
@BACKEND
@ENCODING
@MAX_CHARS
@NO_CACHE
@INPUT_FORMAT
@handle_errors
def entities(file: Path | None, backend: str, encoding: str | None, max_chars: int, no_cache: bool, input_format: str) -> None:
    """Print the entities of FILE (default: the bundled article; - reads stdin) as a table."""
    from nlp_policy.views.tables import entity_table

    click.echo(entity_table(_cached_record(file, backend, encoding, max_chars, no_cache, input_format)))


@main.command()
@click.argument("file", required=False, type=click.Path(path_type=Path, allow_dash=True))
@BACKEND
@ENCODING
@MAX_CHARS
@NO_CACHE
@INPUT_FORMAT
@handle_errors
def clauses(file: Path | None, backend: str, encoding: str | None, max_chars: int, no_cache: bool, input_format: str) -> None:
    """Print the clauses of FILE (default: the bundled article; - reads stdin) as a table."""
    from nlp_policy.views.tables import clause_table

    click.echo(clause_table(_cached_record(file, backend, encoding, max_chars, no_cache, input_format)))


def _cached_record(file: Path | None, backend: str, encoding: str | None, max_chars: int, no_cache: bool, input_format: str = "auto"):
    from nlp_policy.extraction.cache import record_for

    return record_for(
        file, backend=backend, encoding=encoding, max_chars=max_chars, use_cache=not no_cache, input_format=input_format
    )


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
@click.argument("files", nargs=-1, metavar="[FILE]...", type=click.Path(dir_okay=False, path_type=Path, allow_dash=True))
@click.option(
    "-f", "--format", "fmt", type=click.Choice(["json", "jsonl", "csv", "parquet"]), default="json", show_default=True,
    help="json: the record (a list for several files); jsonl: one entity, clause or time expression per line; "
    "csv: one clause per row, for spreadsheets; parquet: a directory with typed clause, entity and timeline tables.",
)
@click.option(
    "-o", "--output", required=True, type=click.Path(path_type=Path, allow_dash=True),
    help="The file to write (replaced only on success; - is stdout); for parquet a directory.",
)
@BACKEND
@ENCODING
@MAX_CHARS
@INPUT_FORMAT
@NO_CACHE
@handle_errors
def export_records(
    files: tuple[Path, ...], fmt: str, output: Path, backend: str, encoding: str | None, max_chars: int, input_format: str, no_cache: bool
) -> None:
    """Export the records of FILES (default: the bundled article; - reads stdin) as JSON, JSON Lines, CSV or Parquet."""
    from nlp_policy.extraction.cache import record_for
    from nlp_policy.views.export import export, write

    if fmt == "parquet" and _to_stdout(output):
        raise click.UsageError("parquet is written as a directory of tables; pass -o DIRECTORY")
    if fmt != "parquet" and output.is_dir():
        raise click.UsageError(f"{output} is a directory; pass a file name for {fmt}")
    records = [
        record_for(p, backend=backend, encoding=encoding, max_chars=max_chars, input_format=input_format, use_cache=not no_cache)
        for p in (files or [None])
    ]
    chosen = records[0] if len(records) == 1 else records
    if _to_stdout(output):
        write(chosen, fmt, click.get_text_stream("stdout"))
        return
    export(chosen, fmt, output)
    click.echo(f"Wrote {display_path(output)} ({fmt}, {len(records)} document{'s' if len(records) > 1 else ''})", err=True)


@main.command()
@click.argument("file", required=False, type=click.Path(dir_okay=False, path_type=Path, allow_dash=True))
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False, path_type=Path, allow_dash=True), help="The HTML file to write (- is stdout).")
@BACKEND
@ENCODING
@MAX_CHARS
@INPUT_FORMAT
@handle_errors
def report(file: Path | None, output: Path, backend: str, encoding: str | None, max_chars: int, input_format: str) -> None:
    """Write a self-contained HTML report of FILE (default: the bundled article; - reads stdin):
    the text with highlighted clauses and entities, and their tables."""
    from nlp_policy.extraction.document import extract_source
    from nlp_policy.views.report import render, write_report
    from nlp_policy.resources import bundled_article
    from nlp_policy.text.reading import emit_warnings, read_document

    source = read_document(file or bundled_article(), encoding=encoding, max_chars=max_chars, input_format=input_format)
    emit_warnings(source)
    record = extract_source(source, backend=backend)
    if _to_stdout(output):
        click.echo(render(record, source.text), nl=False)
        return
    write_report(record, output, text=source.text)
    click.echo(f"Wrote {display_path(output)}", err=True)


@main.command()
@click.argument("question", nargs=-1, metavar="[QUESTION]")
@click.option("--doc", multiple=True, type=click.Path(exists=True, dir_okay=False, path_type=Path, allow_dash=True), help="Answer from this document: text, HTML or Markdown; - reads stdin (default: the bundled article).")
@click.option("--record", "record_path", multiple=True, type=click.Path(exists=True, dir_okay=False, path_type=Path), help="Answer from a stored record (JSON of `nlp-policy extract`); no spaCy needed.")
@click.option("--questions-file", type=click.Path(exists=True, dir_okay=False, path_type=Path), help="Answer every line of this file (blank lines skipped).")
@click.option("--json", "as_json", is_flag=True, help="Print JSON (one object per line for several questions).")
@BACKEND
@ENCODING
@MAX_CHARS
@NO_CACHE
@INPUT_FORMAT
@handle_errors
def ask(
    question: tuple[str, ...],
    doc: tuple[Path, ...],
    record_path: tuple[Path, ...],
    questions_file: Path | None,
    as_json: bool,
    backend: str,
    encoding: str | None,
    max_chars: int,
    no_cache: bool,
    input_format: str,
) -> None:
    """Answer a German QUESTION about a document (no QUESTION: interactive prompt)."""
    from nlp_policy.extraction.loading import load_record
    from nlp_policy.qa import session as qa_session
    from nlp_policy.qa.answer import answer_question
    from nlp_policy.record.jsonio import dumps

    doc, record_path = _one_path(doc, "--doc"), _one_path(record_path, "--record")
    question = _one_question(question, questions_file)
    if doc and record_path:
        raise click.UsageError("pass either --doc or --record, not both")
    if question is not None and not question.strip():
        raise click.UsageError("the question is empty; ask e.g. \"Gilt das Verbot auch in Österreich?\"")
    if question is None and questions_file is None and not qa_session.stdin_is_interactive():
        raise click.UsageError("give a QUESTION, --questions-file FILE, or run in a terminal for the interactive prompt")
    questions = [question] if question is not None else (qa_session.read_questions(questions_file) if questions_file else None)
    if question is None and questions_file is None and doc is not None and str(doc) == "-":
        raise click.UsageError("--doc - reads the document from stdin, so give a QUESTION or --questions-file")
    record = load_record(
        doc, record_path, backend=backend, use_cache=not no_cache, encoding=encoding, max_chars=max_chars,
        input_format=input_format,
    )
    if questions is None:
        try:
            for line in qa_session.prompt_lines(write=lambda s: click.echo(s, nl=False)):
                a = answer_question(line, record)
                click.echo(dumps(a.to_dict(), indent=None) if as_json else a.to_text() + "\n")
        except KeyboardInterrupt:
            # Ctrl-C at the prompt ends the session: no output file is at stake here
            click.echo("")
            raise SystemExit(130) from None
        return
    for i, q in enumerate(questions):
        a = answer_question(q, record)
        if as_json:
            click.echo(dumps(a.to_dict(), indent=None if len(questions) > 1 else 2))
        else:
            click.echo(("\n" if i else "") + (f"Frage: {q}\n" if len(questions) > 1 else "") + a.to_text())


def _one_path(paths: tuple[Path, ...], option: str) -> Path | None:
    if len(paths) > 1:
        shown = ", ".join(display_path(p) for p in paths)
        raise click.UsageError(f"{option} was given {len(paths)} times ({shown}); pass one (questions about several documents are not supported)")
    return paths[0] if paths else None


def _one_question(words: tuple[str, ...], questions_file: Path | None) -> str | None:
    if len(words) > 1:
        shown = ", ".join(repr(w) for w in words)
        raise click.UsageError(
            f"expected one QUESTION, got {len(words)} arguments ({shown}); put the question in quotes "
            "and pass the document with --doc FILE"
        )
    question = words[0] if words else None
    if question is not None and questions_file is not None:
        raise click.UsageError("pass either a QUESTION or --questions-file, not both")
    if question is not None and not any(c.isspace() for c in question.strip()) and Path(question).is_file():
        raise click.UsageError(
            f"'{display_path(question)}' is a file, not a question; pass it with --doc FILE and put the question in quotes"
        )
    return question


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
