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
    when read, so one bad name does not stop a corpus run. (Pages and Markdown
    are passed by name or glob: ``corpus/*.html``.) A directory that cannot be
    listed is kept too, and reported as a failure with its path.
    """
    out: list[Path] = []
    for item in inputs:
        p = Path(item)
        if p.is_dir():
            try:
                os.listdir(p)
            except OSError:
                out.append(p)  # reported as a failure when "read"
                continue
            out.extend(sorted(q for q in p.iterdir() if q.is_file() and fnmatch.fnmatch(q.name.lower(), pattern.lower())))
        else:
            out.append(p)
    return out


# -- one chunk: shared by the serial path and the workers --------------------

def _extract_chunk(
    nlp, paths: Sequence[Path], encoding: str | None, max_chars: int | None, input_format: str = "auto"
) -> list[Result]:
    from nlp_policy.extraction.document import allow_length, doc_to_record
    from nlp_policy.pipeline.build import backend_of

    backend = backend_of(nlp)
    results: dict[int, Result] = {}
    sources: list[tuple[int, SourceText]] = []
    for i, path in enumerate(paths):
        try:
            if path.is_dir():
                _check_listable(path)
            source = read_document(path, encoding=encoding, max_chars=max_chars, input_format=input_format)
            allow_length(nlp, source)
            sources.append((i, source))
        except NlpPolicyError as exc:
            results[i] = Result(path=path, error=str(exc))

    def finish(i: int, doc, source: SourceText) -> None:
        record = doc_to_record(doc, source, backend=backend)
        results[i] = Result(path=paths[i], json=record.to_json(indent=None), warnings=source.warnings)

    try:
        pairs = ((s.analysis.text, (i, s)) for i, s in sources)
        for doc, (i, source) in nlp.pipe(pairs, as_tuples=True, batch_size=len(paths) or 1):
            finish(i, doc, source)
    except Exception:  # noqa: BLE001 - isolate the document that breaks the batch
        for i, source in sources:
            if i in results:
                continue
            try:
                finish(i, nlp(source.analysis.text), source)
            except Exception as exc:  # noqa: BLE001 - a pipeline bug must not stop the corpus
                results[i] = Result(
                    path=paths[i],
                    error=f"{paths[i]}: extraction failed ({type(exc).__name__}: {exc}); please report this as a bug",
                )
    return [results[i] for i in range(len(paths))]


def _check_listable(path: Path) -> None:
    """RAISES InputError: the directory cannot be listed (it names the reason)."""
    try:
        os.listdir(path)
    except OSError as exc:
        raise InputError(f"{path}: cannot list the directory ({exc.strerror}); make it readable") from None


_WORKER: dict = {}


def _init_worker(backend: str, encoding: str | None, max_chars: int | None, input_format: str = "auto", parent: int | None = None) -> None:
    # The parent owns Ctrl-C and termination: it stops the pool itself.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    exit_with_parent(parent)
    from nlp_policy.pipeline.build import extraction_pipeline

    _WORKER.update(nlp=extraction_pipeline(backend), encoding=encoding, max_chars=max_chars, input_format=input_format)


def exit_with_parent(parent: int | None) -> None:
    """Make this worker process end when its parent dies (even by ``kill -9``,
    when the pool cannot stop it): the kernel's parent-death signal on Linux,
    and on every system a daemon thread that notices the parent is gone.

    parent (int | None): the parent's pid as the parent saw it (None: ``os.getppid()`` now).
    """
    parent = os.getppid() if parent is None else parent
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        PR_SET_PDEATHSIG = 1
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):  # pragma: no cover - not Linux
        pass
    if os.getppid() != parent:  # died before the signal was armed
        os._exit(1)
    import threading

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(1.0)
        os._exit(1)

    threading.Thread(target=watch, name="nlp-policy-parent-watch", daemon=True).start()


def _work(paths: Sequence[Path]) -> list[Result]:
    return _extract_chunk(_WORKER["nlp"], paths, _WORKER["encoding"], _WORKER["max_chars"], _WORKER["input_format"])


def worker_count(jobs: int, documents: int, chunk_size: int = DEFAULT_CHUNK) -> tuple[int, str | None]:
    """The number of worker processes worth starting, and a note when it is fewer than asked.

    More workers than CPUs only compete for them, and more than there are
    chunks of documents have nothing to do.
    RETURNS (tuple): ``(workers, note or None)``.
    """
    chunks = max(1, -(-documents // max(chunk_size, 1)))
    cpus = cpu_count()
    workers = max(1, min(jobs, cpus, chunks))
    if workers >= jobs:
        return jobs, None
    reason = f"{cpus} CPU{'s' if cpus != 1 else ''}" if workers == cpus else (
        f"{documents} document{'s' if documents != 1 else ''} in {chunks} chunk{'s' if chunks != 1 else ''} of {chunk_size}"
    )
    return workers, f"--jobs {jobs} reduced to {workers} ({reason})"


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
    input_format: str = "auto",
) -> Iterator[Result]:
    """Extract the records of many files, streaming results in input order.

    paths (Sequence): files (use :func:`expand_inputs` for directories).
    backend (str): ``auto``, ``model`` or ``offline``.
    encoding (str | None): force the input encoding of every file.
    max_chars (int | None): refuse longer documents (they become failures).
    jobs (int): worker processes; 1 runs in this process; capped at the CPUs
        and the chunks of documents (see :func:`worker_count`).
    chunk_size (int): documents per ``nlp.pipe`` batch / worker task.
    input_format (str): ``auto``, ``text``, ``html`` or ``markdown``.
    RETURNS (Iterator[Result]): one result per path, failures included.
    RAISES ModelError: an unknown or unavailable backend (before any work).
    """
    from nlp_policy.pipeline.backends import resolve_backend

    resolved = resolve_backend(backend)
    paths = [Path(p) for p in paths]
    jobs, _ = worker_count(jobs, len(paths), chunk_size)
    if jobs <= 1 or len(paths) <= chunk_size:
        from nlp_policy.pipeline.build import extraction_pipeline

        nlp = extraction_pipeline(resolved)
        for chunk in _chunks(paths, chunk_size):
            yield from _extract_chunk(nlp, chunk, encoding, max_chars, input_format)
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
    pool = ctx.Pool(
        processes=jobs, initializer=_init_worker, initargs=(resolved, encoding, max_chars, input_format, os.getpid())
    )
    try:
        for results in pool.imap(_work, _chunks(paths, chunk_size)):
            yield from results
        pool.close()
        pool.join()
    finally:
        pool.terminate()


class Progress:
    """The progress line on stderr (tqdm), drawn only on a terminal, with
    files/s and the time left; :meth:`summary` gives the closing line."""

    def __init__(self, total: int, *, stream=None, enabled: bool | None = None, every: float = 0.2):
        from tqdm import tqdm

        self.total = total
        self.stream = stream or sys.stderr
        isatty = getattr(self.stream, "isatty", None)
        self.enabled = (bool(isatty and isatty())) if enabled is None else enabled
        self.done = 0
        self.failed = 0
        self.start = time.perf_counter()
        self._bar = tqdm(
            total=total,
            file=self.stream,
            disable=not self.enabled,
            unit=" files",
            mininterval=every,
            leave=False,
            dynamic_ncols=True,
            bar_format="{n}/{total} files{postfix} |{bar:20}| {rate_fmt}, ETA {remaining}",
            postfix="0 failed",
        )

    def update(self, result: Result) -> None:
        self.done += 1
        self.failed += not result.ok
        if self.enabled:
            if not result.ok:
                self._bar.set_postfix_str(f"{self.failed} failed", refresh=False)
            self._bar.update(1)

    def clear(self) -> None:
        """Remove the progress line (before other stderr output); it comes back on the next update."""
        if self.enabled:
            self._bar.clear()

    def close(self) -> None:
        """Remove the progress line for good (at the end of a run)."""
        self._bar.close()

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
