"""Extracting a corpus on Dask: a bag of paths mapped to records, on a local or
remote cluster.

Why Dask and not a home-made scheduler: a corpus that outgrows one machine
needs what Dask already does well (placing work on many machines, retrying
lost workers, a dashboard, back-pressure), and users who have a cluster
already run Dask on it. The unit of work is the same as with ``--jobs``: a
partition of *paths* is read, decoded, analysed and serialised on the worker
(:func:`nlp_policy.extraction.batch._extract_chunk`), and only the finished
:class:`~nlp_policy.extraction.batch.Result` (the record as one JSON line, or
the error naming the file) travels back. A document that fails is a failed
result, never a failed task, so the rest of the corpus completes.

The pipeline is built once per worker process (``load`` caches it in the
process), never per document or per partition.

Needs the ``dask`` extra: ``pip install "nlp-policy[dask]"``.
"""

from __future__ import annotations

from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Iterator, Sequence

from nlp_policy.errors import NlpPolicyError
from nlp_policy.extraction.batch import DEFAULT_CHUNK, Result, _extract_chunk
from nlp_policy.text.reading import DEFAULT_MAX_CHARS

if TYPE_CHECKING:  # pragma: no cover
    import dask.bag

#: Documents per partition: big enough that scheduling costs nothing, small
#: enough that a worker's results are returned while others still work.
DEFAULT_PARTITION = DEFAULT_CHUNK


def _dask():
    try:
        import dask.bag
        import distributed
    except ImportError:
        raise NlpPolicyError(
            "Dask is not installed; install the extra with `pip install \"nlp-policy[dask]\"` "
            "(or `pip install \"dask[bag,distributed]\"`), or run without --engine dask"
        ) from None
    return dask.bag, distributed


def _extract_partition(paths: list[str], backend: str, encoding: str | None, max_chars: int | None, input_format: str) -> list[Result]:
    from nlp_policy.pipeline.build import extraction_pipeline  # cached per worker process

    return _extract_chunk(extraction_pipeline(backend), [Path(p) for p in paths], encoding, max_chars, input_format)


def extract_bag(
    paths: Sequence[str | Path],
    *,
    backend: str = "auto",
    encoding: str | None = None,
    max_chars: int | None = DEFAULT_MAX_CHARS,
    input_format: str = "auto",
    partition_size: int = DEFAULT_PARTITION,
) -> "dask.bag.Bag":
    """A lazy ``dask.bag`` of :class:`~nlp_policy.extraction.batch.Result`, one per path, in order.

    ``result.record()`` gives the Record, ``result.json`` its JSON line,
    ``result.error`` why it failed (naming the file). Compute it on any
    scheduler: ``bag.compute()`` inside ``with Client(...)``, or
    ``bag.filter(lambda r: r.ok).map(lambda r: r.json).to_textfiles("out/*.jsonl")``.

    paths (Sequence): files as seen by the *workers* (a shared file system
        or the same paths on every machine); use ``expand_inputs`` for directories.
    backend, encoding, max_chars, input_format: as for ``extract_files``.
    partition_size (int): documents per task.
    RETURNS (dask.bag.Bag): the results.
    RAISES NlpPolicyError: Dask is not installed. ModelError: an unknown backend.
    """
    from nlp_policy.pipeline.backends import resolve_backend

    bag_module, _ = _dask()
    resolved = resolve_backend(backend)
    items = [str(Path(p).absolute()) if str(p) != "-" else "-" for p in paths]
    if "-" in items:
        raise NlpPolicyError("standard input ('-') cannot be read by Dask workers; save it to a file first")
    size = max(1, partition_size)
    partitions = max(1, -(-len(items) // size))
    bag = bag_module.from_sequence(items, npartitions=partitions)
    return bag.map_partitions(_extract_partition, resolved, encoding, max_chars, input_format)


@contextmanager
def dask_client(scheduler: str | None = None, *, workers: int = 2):
    """A ``distributed.Client``: connected to ``scheduler`` (``tcp://host:8786``),
    or to a new ``LocalCluster`` of ``workers`` single-threaded processes that
    is shut down on exit.

    RAISES NlpPolicyError: Dask is missing, or the scheduler cannot be reached.
    """
    _, distributed = _dask()
    if scheduler:
        try:
            client = distributed.Client(scheduler, timeout="10s")
        except (OSError, TimeoutError) as exc:
            raise NlpPolicyError(f"cannot reach the Dask scheduler at {scheduler} ({exc}); check the address and that it runs") from None
        try:
            yield client
        finally:
            client.close()
        return
    # One thread per process: spaCy pipelines hold the GIL, so threads would not run in parallel.
    cluster = distributed.LocalCluster(
        n_workers=max(1, workers), threads_per_worker=1, processes=True, dashboard_address=None, silence_logs=40
    )
    try:
        with distributed.Client(cluster) as client:
            yield client
    finally:
        cluster.close()


def extract_on_dask(
    paths: Sequence[str | Path],
    *,
    scheduler: str | None = None,
    workers: int = 2,
    backend: str = "auto",
    encoding: str | None = None,
    max_chars: int | None = DEFAULT_MAX_CHARS,
    input_format: str = "auto",
    partition_size: int = DEFAULT_PARTITION,
) -> Iterator[Result]:
    """Extract many files on a Dask cluster, streaming results in input order
    as their partitions finish (the serial and ``--jobs`` paths give the same results).

    scheduler (str | None): address of an existing scheduler; None starts a
        ``LocalCluster`` with ``workers`` processes for the run.
    RETURNS (Iterator[Result]): one result per path, failures included.
    RAISES NlpPolicyError: Dask is missing or the scheduler unreachable.
    RAISES ModelError: an unknown backend (before a cluster is started).
    """
    from nlp_policy.pipeline.backends import resolve_backend

    resolve_backend(backend)  # refuse a bad backend before starting a cluster
    bag = extract_bag(
        paths, backend=backend, encoding=encoding, max_chars=max_chars, input_format=input_format, partition_size=partition_size
    )
    with dask_client(scheduler, workers=workers) as client:
        futures = client.compute(bag.to_delayed())
        try:
            for future in futures:
                yield from future.result()
        finally:
            client.cancel(futures)
