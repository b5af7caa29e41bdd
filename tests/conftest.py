"""Shared fixtures: the seeds' graph, built once per test session with the real model."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest
from builders import SEEDS


@pytest.fixture(scope="session")
def seeds_out(tmp_path_factory) -> Path:
    """``kg build seeds/`` into a temporary out/ (real spaCy model)."""
    from kg.build import build

    out = tmp_path_factory.mktemp("seeds") / "out"
    build([SEEDS], out, on_skip=lambda s: None)
    return out


@pytest.fixture(scope="session")
def seeds_store(seeds_out) -> ox.Store:
    from kg.store import open_store

    return open_store(seeds_out)


@pytest.fixture()
def select(seeds_store):
    """Run a SELECT on the seeds' graph; rows as dicts of plain values."""
    from kg.store import query

    def run(sparql: str, **bindings) -> list[dict]:
        results = query(seeds_store, sparql, **bindings)
        names = [v.value for v in results.variables]
        return [{n: (row[n].value if row[n] is not None else None) for n in names} for row in results]

    return run
