"""Extracting records from a corpus: many files, streamed, optionally in parallel.

Results come back one document at a time, in input order, as soon as their
chunk is done; nothing holds more than a few chunks of texts or records, so
memory stays flat however large the corpus. A document that cannot be read
(missing, empty, binary, oversized) is returned as a failure and the run goes
on.

Parallel runs (``jobs > 1``) use a process pool. The workers get the
pipeline once (forked from the parent, which built it, or built by each worker
where fork is unavailable) and receive *paths*, not texts: reading, decoding,
the pipeline and JSON serialisation all happen in the worker, and only the
finished JSON line crosses the process boundary. This measured faster than
``nlp.pipe(n_process=N)``, which ships whole Docs (with their span groups)
back to the parent.
"""

from __future__ import annotations

import fnmatch
import os
import signal
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Iterator, Sequence

from nlp_policy.errors import InputError, NlpPolicyError
from nlp_policy.text.reading import DEFAULT_MAX_CHARS, SourceText, read_document

#: Documents handed to ``nlp.pipe`` (and to a worker) at a time.
DEFAULT_CHUNK = 16


@dataclass(frozen=True)
class Result:
    """The outcome for one input document.

    path (Path): the input path as given (or found in a directory).
    json (str | None): the record as one line of JSON; None when it failed.
    error (str | None): why the document failed (names the file); None on success.
    warnings (tuple[str, ...]): notes about the document (fallback decoding, not German).
    """

    path: Path
    json: str | None = None
    error: str | None = None
    warnings: tuple[str, ...] = field(default=())

    @property
    def ok(self) -> bool:
        return self.error is None

    def record(self):
        """The record as a :class:`~nlp_policy.record.Record` (parsed on demand)."""
        from nlp_policy.record.types import Record

        if self.json is None:
            raise InputError(self.error or f"{self.path}: no record")
        return Record.from_json(self.json)


def expand_inputs(inputs: Iterable[str | Path], *, pattern: str = "*.txt") -> list[Path]:
    """Expand directories into their ``*.txt`` files (sorted, not recursive;
    the suffix in any case, so ``UPPER.TXT`` counts).

    Files are kept as given, even when missing: they are reported as failures
    when read, so one bad name does not stop a corpus run.
    """
    out: list[Path] = []
    for item in inputs:
        p = Path(item)
        if p.is_dir():
            out.extend(sorted(q for q in p.iterdir() if q.is_file() and fnmatch.fnmatch(q.name.lower(), pattern.lower())))
        else:
            out.append(p)
    return out


# -- one chunk: shared by the serial path and the workers --------------------

def _extract_chunk(nlp, paths: Sequence[Path], encoding: str | None, max_chars: int | None) -> list[Result]:
    from nlp_policy.extraction.document import allow_length, doc_to_record
    from nlp_policy.pipeline.build import backend_of

    backend = backend_of(nlp)
    results: dict[int, Result] = {}
    sources: list[tuple[int, SourceText]] = []
    for i, path in enumerate(paths):
        try:
            source = read_document(path, encoding=encoding, max_chars=max_chars)
            allow_length(nlp, source)
            sources.append((i, source))
        except NlpPolicyError as exc:
            results[i] = Result(path=path, error=str(exc))

    def finish(i: int, doc, source: SourceText) -> None:
        record = doc_to_record(doc, source, backend=backend)
        results[i] = Result(path=paths[i], json=record.to_json(indent=None), warnings=source.warnings)

    try:
        pairs = ((s.text, (i, s)) for i, s in sources)
        for doc, (i, source) in nlp.pipe(pairs, as_tuples=True, batch_size=len(paths) or 1):
            finish(i, doc, source)
    except Exception:  # noqa: BLE001 - isolate the document that breaks the batch
        for i, source in sources:
            if i in results:
                continue
            try:
                finish(i, nlp(source.text), source)
            except Exception as exc:  # noqa: BLE001 - a pipeline bug must not stop the corpus
                results[i] = Result(
                    path=paths[i],
                    error=f"{paths[i]}: extraction failed ({type(exc).__name__}: {exc}); please report this as a bug",
                )
    return [results[i] for i in range(len(paths))]


_WORKER: dict = {}


def _init_worker(backend: str, encoding: str | None, max_chars: int | None) -> None:
    # The parent owns Ctrl-C and termination: it stops the pool itself.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    from nlp_policy.pipeline.build import extraction_pipeline

    _WORKER.update(nlp=extraction_pipeline(backend), encoding=encoding, max_chars=max_chars)


def _work(paths: Sequence[Path]) -> list[Result]:
    return _extract_chunk(_WORKER["nlp"], paths, _WORKER["encoding"], _WORKER["max_chars"])


def _chunks(items: Sequence[Path], size: int) -> Iterator[list[Path]]:
    for i in range(0, len(items), size):
        yield list(items[i : i + size])


def extract_files(
    paths: Sequence[str | Path],
    *,
    backend: str = "auto",
    encoding: str | None = None,
    max_chars: int | None = DEFAULT_MAX_CHARS,
    jobs: int = 1,
    chunk_size: int = DEFAULT_CHUNK,
) -> Iterator[Result]:
    """Extract the records of many files, streaming results in input order.

    paths (Sequence): files (use :func:`expand_inputs` for directories).
    backend (str): ``auto``, ``model`` or ``offline``.
    encoding (str | None): force the input encoding of every file.
    max_chars (int | None): refuse longer documents (they become failures).
    jobs (int): worker processes; 1 runs in this process.
    chunk_size (int): documents per ``nlp.pipe`` batch / worker task.
    RETURNS (Iterator[Result]): one result per path, failures included.
    RAISES ModelError: an unknown or unavailable backend (before any work).
    """
    from nlp_policy.pipeline.backends import resolve_backend

    resolved = resolve_backend(backend)
    paths = [Path(p) for p in paths]
    if jobs <= 1 or len(paths) <= chunk_size:
        from nlp_policy.pipeline.build import extraction_pipeline

        nlp = extraction_pipeline(resolved)
        for chunk in _chunks(paths, chunk_size):
            yield from _extract_chunk(nlp, chunk, encoding, max_chars)
        return
    import multiprocessing

    methods = multiprocessing.get_all_start_methods()
    ctx = multiprocessing.get_context("fork" if "fork" in methods else None)
    if ctx.get_start_method() == "fork":
        # Build the pipeline once here: forked workers inherit it (copy on
        # write) instead of each spending seconds loading lexicons. Under
        # spawn the initializer builds one per worker.
        from nlp_policy.pipeline.build import extraction_pipeline

        extraction_pipeline(resolved)
    pool = ctx.Pool(processes=jobs, initializer=_init_worker, initargs=(resolved, encoding, max_chars))
    try:
        for results in pool.imap(_work, _chunks(paths, chunk_size)):
            yield from results
        pool.close()
        pool.join()
    finally:
        pool.terminate()


class Progress:
    """A one-line progress counter on stderr, drawn only on a terminal."""

    def __init__(self, total: int, *, stream=None, enabled: bool | None = None, every: float = 0.2):
        self.total = total
        self.stream = stream or sys.stderr
        self.enabled = self.stream.isatty() if enabled is None else enabled
        self.every = every
        self.done = 0
        self.failed = 0
        self.start = time.perf_counter()
        self._last = 0.0

    def update(self, result: Result) -> None:
        self.done += 1
        self.failed += not result.ok
        if not self.enabled:
            return
        now = time.perf_counter()
        if now - self._last >= self.every or self.done == self.total:
            self._last = now
            self.stream.write("\r" + self.line(now))
            self.stream.flush()

    def line(self, now: float | None = None) -> str:
        """The progress line: done/total, failures, rate and time left."""
        elapsed = max((now or time.perf_counter()) - self.start, 1e-9)
        rate = self.done / elapsed
        left = (self.total - self.done) / rate if rate else 0.0
        eta = f"{int(left // 60)}:{int(left % 60):02d}"
        return f"{self.done}/{_count(self.total, 'document')}, {self.failed} failed, {rate:.1f} docs/s, ETA {eta} "

    def clear(self) -> None:
        """Remove the progress line (before other stderr output or at the end)."""
        if self.enabled:
            self.stream.write("\r" + " " * 72 + "\r")
            self.stream.flush()
            self._last = 0.0

    @property
    def seconds(self) -> float:
        return time.perf_counter() - self.start

    def summary(self) -> str:
        ok = self.done - self.failed
        secs = self.seconds
        return (
            f"{_count(self.done, 'document')}: {ok} extracted, {self.failed} failed, "
            f"{secs:.1f} s ({self.done / max(secs, 1e-9):.1f} documents/s)"
        )


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def cpu_count() -> int:
    """Usable CPUs (respects the affinity mask)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not on Linux
        return os.cpu_count() or 1
