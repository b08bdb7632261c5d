"""Every notebook in notebooks/ runs top to bottom, and is stored without outputs.

The kernel is this interpreter: a kernelspec pointing at ``sys.executable`` is
written to a temporary JUPYTER_PATH entry (which Jupyter searches first), so a
``python3`` kernelspec of some other Python on the machine is never used.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

NOTEBOOKS = sorted((Path(__file__).resolve().parent.parent / "notebooks").glob("*.ipynb"))

nbformat = pytest.importorskip("nbformat", reason="nbformat is not installed (pip install -e \".[test]\")")
nbclient = pytest.importorskip("nbclient", reason="nbclient is not installed (pip install -e \".[test]\")")
pytest.importorskip("ipykernel", reason="ipykernel is not installed (pip install -e \".[test]\")")


@pytest.fixture
def kernel_of_this_python(tmp_path, monkeypatch):
    spec = tmp_path / "jupyter" / "kernels" / "python3"
    spec.mkdir(parents=True)
    (spec / "kernel.json").write_text(json.dumps({
        "argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": "nlp-policy test kernel",
        "language": "python",
    }))
    monkeypatch.setenv("JUPYTER_PATH", str(tmp_path / "jupyter"))
    monkeypatch.setenv("NLP_POLICY_CACHE_DIR", str(tmp_path / "cache"))
    return "python3"


def test_there_are_notebooks():
    assert NOTEBOOKS, "notebooks/ holds no notebook"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])
def test_notebook_is_stored_without_outputs(path):
    nb = nbformat.read(path, as_version=4)
    nbformat.validate(nb)
    for cell in nb.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None, f"{path.name}: clear the outputs before committing"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])
def test_notebook_runs(path, kernel_of_this_python, tmp_path):
    nb = nbformat.read(path, as_version=4)
    # One extra cell, in memory only: prove that the kernel is this interpreter.
    nb.cells.append(nbformat.v4.new_code_cell("import sys; print(sys.executable)"))
    work = tmp_path / "run"
    work.mkdir()
    client = nbclient.NotebookClient(
        nb, timeout=600, kernel_name=kernel_of_this_python, resources={"metadata": {"path": str(work)}}
    )
    client.execute()  # raises CellExecutionError, naming the cell, when a cell fails
    printed = "".join(o.get("text", "") for o in nb.cells[-1].outputs)
    assert Path(printed.strip()) == Path(sys.executable)
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            assert output.output_type != "error", output
