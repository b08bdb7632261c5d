"""Corpora on Dask: a real LocalCluster with two worker processes gives the
same records as the in-process path, and a failing document is a failed
result naming its path while the rest complete."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

pytest.importorskip("distributed")

from conftest import CORPUS  # noqa: E402
from nlp_policy.cli import main  # noqa: E402
from nlp_policy.extraction.batch import expand_inputs, extract_files  # noqa: E402
from nlp_policy.extraction.distributed import extract_bag  # noqa: E402


@pytest.fixture(scope="module")
def inputs(tmp_path_factory) -> list[Path]:
    extra = tmp_path_factory.mktemp("extra")
    (extra / "leer.txt").write_text("   \n", encoding="utf-8")
    (extra / "seite.md").write_text("# Verbot\n\nDer Rat verbietet **Drohnen** über Schulen.\n", encoding="utf-8")
    return expand_inputs([CORPUS, extra]) + [extra / "seite.md", extra / "fehlt.txt"]


def test_local_cluster_gives_the_in_process_records(inputs):
    from distributed import Client, LocalCluster

    expected = list(extract_files(inputs, backend="offline"))
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster, Client(cluster) as client:
        got = extract_bag(inputs, backend="offline", partition_size=2).compute()
        # the pipeline is built once per worker process, not per document
        loads = client.run(lambda: __import__("nlp_policy.pipeline.build", fromlist=["x"])._shared.cache_info().misses)
    assert len(loads) == 2 and all(n == 1 for n in loads.values()), loads
    assert [r.path.name for r in got] == [p.name for p in inputs]
    assert [r.json for r in got] == [r.json for r in expected]
    failed = {r.path.name: r.error for r in got if not r.ok}
    assert set(failed) == {"leer.txt", "fehlt.txt"}
    assert all(name in error for name, error in failed.items())
    assert sum(r.ok for r in got) == len(inputs) - 2


def test_cli_engine_dask(inputs, tmp_path):
    """A LocalCluster of one worker started by the command; results stream in input order."""
    out = tmp_path / "corpus.jsonl"
    args = ["extract", *map(str, inputs[-3:]), "--engine", "dask", "--jobs", "1", "-o", str(out), "--backend", "offline"]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 1, result.output  # some documents failed
    lines = out.read_text(encoding="utf-8").splitlines()
    assert [json.loads(line)["document"]["source_format"] for line in lines] == ["markdown"]
    assert "leer.txt" in result.stderr and "fehlt.txt" in result.stderr
    assert "3 documents: 1 extracted, 2 failed" in result.stderr


def test_scheduler_needs_the_dask_engine():
    result = CliRunner().invoke(main, ["extract", "--scheduler", "tcp://127.0.0.1:1"])
    assert result.exit_code == 2 and "--scheduler needs --engine dask" in result.output


def test_unreachable_scheduler_is_one_error(tmp_path):
    doc = tmp_path / "a.txt"
    doc.write_text("Der Rat verbietet Drohnen.", encoding="utf-8")
    result = CliRunner().invoke(
        main, ["extract", str(doc), "--engine", "dask", "--scheduler", "tcp://127.0.0.1:9", "--backend", "offline"]
    )
    assert result.exit_code == 1
    assert "cannot reach the Dask scheduler at tcp://127.0.0.1:9" in result.output and "Traceback" not in result.output
