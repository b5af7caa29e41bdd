"""Every notebook in notebooks/ runs top to bottom with this venv's kernel, and is committed clean.

The kernel is "python3", started with the repository root as its working directory.
jupyter_client runs a kernel spec whose command is ``python`` with the Python running
the tests (``sys.executable``); a probe cell put in front of each notebook checks that.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import nbformat
import pytest
from builders import ROOT
from nbclient import NotebookClient

NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
CELL_TIMEOUT = 180  # seconds; each notebook takes a few seconds


def test_the_notebooks_are_there():
    assert {"build_and_query.ipynb", "provenance.ipynb"} <= {p.name for p in NOTEBOOKS}


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_committed_without_outputs(path):
    notebook = nbformat.read(path, as_version=4)
    nbformat.validate(notebook)
    for index, cell in enumerate(notebook.cells):
        if cell.cell_type == "code":
            assert cell.outputs == [], f"{path.name} cell {index} has outputs: clear them before committing"
            assert cell.execution_count is None, f"{path.name} cell {index} has an execution count"


@pytest.mark.model
@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_runs_top_to_bottom(path):
    notebook = nbformat.read(path, as_version=4)
    notebook.cells.insert(0, nbformat.v4.new_code_cell("import sys; print(sys.prefix)"))
    client = NotebookClient(
        notebook, kernel_name="python3", timeout=CELL_TIMEOUT, resources={"metadata": {"path": str(ROOT)}}
    )
    started = time.monotonic()
    client.execute()  # raises CellExecutionError, naming the cell, on any error
    elapsed = time.monotonic() - started
    printed = "".join(output.get("text", "") for output in notebook.cells[0].outputs).strip()
    assert Path(printed).resolve() == Path(sys.prefix).resolve(), "the kernel is not this venv's Python"
    errors = [
        output
        for cell in notebook.cells
        if cell.cell_type == "code"
        for output in cell.outputs
        if output.output_type == "error"
    ]
    assert errors == []
    print(f"{path.name}: {elapsed:.1f} s")
