"""Shared fixtures (the seeds' graph, built once per session with the real model) and the
marker rules: a test that loads the real spaCy model must carry ``@pytest.mark.model``.

A test without the marker that asks for a fixture built with the model fails at once, and
one that loads the model, itself or through a fixture of any scope (``spacy.load``, in this
process or in a kg process it starts, which gets ``KG_MODEL`` set to a name no model has),
fails saying so.  So
``pytest -m "not model"`` never waits for the model.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pyoxigraph as ox
import pytest
import spacy
from builders import SEEDS

#: Fixtures built with the real model.
MODEL_FIXTURES = frozenset({"seeds_out", "seeds_store", "select"})
#: KG_MODEL in tests without the marker: kg processes they start find no model by this name.
NO_MODEL = "no-model-without-pytest.mark.model"


@contextmanager
def _no_model(item: pytest.Item) -> Iterator[None]:
    """Unless ``item`` is marked ``model``: loading a spaCy model fails, in this process and in
    the kg processes it starts (KG_MODEL names no model)."""
    if item.get_closest_marker("model") is not None:
        yield
        return

    def refuse(name, *args, **kwargs):
        raise AssertionError(
            f"{item.nodeid} loads the spaCy model {name!r} but is not marked @pytest.mark.model"
        )

    saved_load, saved_env = spacy.load, os.environ.get("KG_MODEL")
    spacy.load, os.environ["KG_MODEL"] = refuse, NO_MODEL
    try:
        yield
    finally:
        spacy.load = saved_load
        if saved_env is None:
            os.environ.pop("KG_MODEL", None)
        else:
            os.environ["KG_MODEL"] = saved_env


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item: pytest.Item) -> None:
    """A fixture built with the model (of any scope) needs a marked test to use it."""
    if item.get_closest_marker("model") is None:
        used = sorted(MODEL_FIXTURES & set(getattr(item, "fixturenames", ())))
        if used:
            pytest.fail(
                f"{item.nodeid} uses {', '.join(used)} (built with the real spaCy model) "
                "but is not marked @pytest.mark.model",
                pytrace=False,
            )


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_protocol(item: pytest.Item, nextitem: pytest.Item | None):
    """Setup, call and teardown of an unmarked test run without a model (a test's own
    monkeypatch of KG_MODEL is undone inside, before this restores the variable)."""
    with _no_model(item):
        yield


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


@pytest.fixture(scope="session")
def screenshots(tmp_path_factory) -> Path:
    """The folder for the browser tests' screenshots: $KG_SCREENSHOTS (``make screenshots``
    names docs/screenshots), else a temporary one; a test run never writes tracked files."""
    chosen = os.environ.get("KG_SCREENSHOTS")
    folder = Path(chosen) if chosen else tmp_path_factory.mktemp("screenshots")
    folder.mkdir(parents=True, exist_ok=True)
    return folder
