"""Extraction on a real Dask cluster gives byte-identical output to a serial build."""

from __future__ import annotations

import pytest
from builders import SEEDS
from typer.testing import CliRunner

from kg.build import build
from kg.cli import app
from kg.store import export, open_store

pytestmark = pytest.mark.model


@pytest.fixture(scope="module")
def cluster():
    from distributed import LocalCluster

    with LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1", dashboard_address=None
    ) as running:
        yield running


def _nquads(out) -> bytes:
    return export(open_store(out), "nq")


def test_dask_cluster_output_is_byte_identical_to_serial(tmp_path, monkeypatch, cluster):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    build([SEEDS], tmp_path / "serial", on_skip=lambda s: None)
    result = build(
        [SEEDS], tmp_path / "dask", engine="dask", scheduler=cluster.scheduler_address, on_skip=lambda s: None
    )
    assert len(result.articles) == 2
    assert len(cluster.scheduler_info["workers"]) == 2
    assert _nquads(tmp_path / "dask") == _nquads(tmp_path / "serial")


def test_unknown_engine_is_bad_usage(tmp_path):
    result = CliRunner().invoke(app, ["build", str(SEEDS), "--out", str(tmp_path / "o"), "--engine", "spark"])
    assert result.exit_code == 2 and "unknown engine" in result.stderr
