"""kg.views.worker: a build's map and timeline written by a second process, the same bytes as
written in the build's own process, and a clear failure when it cannot write them."""

from __future__ import annotations

import pyoxigraph
import pytest
from builders import SEEDS, make_store, places_dataset, with_summary

import kg.build
from kg.outdir import store_path
from kg.store import load_ontology
from kg.views import VIEWS, write_all_views
from kg.views.worker import SECOND_PROCESS, PageWorker, PageWorkerFailed


def _built(folder):
    """An output folder with a flushed on-disk store, as a build leaves it before its pages."""
    folder.mkdir()
    store = pyoxigraph.Store(str(store_path(folder)))
    store.bulk_extend(list(make_store(with_summary(places_dataset()))))
    load_ontology(store)
    store.flush()
    return store


def test_the_second_process_writes_the_same_pages(tmp_path):
    store = _built(tmp_path / "out")
    with PageWorker() as pages:
        pages.start(tmp_path / "out", SECOND_PROCESS, title="kg test", max_nodes=50)
        there = pages.wait()
    assert sorted(there) == sorted(SECOND_PROCESS)
    here = write_all_views(store, tmp_path / "here", title="kg test", max_nodes=50, only=SECOND_PROCESS)
    for name in SECOND_PROCESS:
        assert there[name].parent == tmp_path / "out"
        assert there[name].read_bytes() == here[name].read_bytes(), name
        assert b"Kharkiv" in there[name].read_bytes()


def test_a_folder_without_a_store_is_reported_not_hidden(tmp_path):
    (tmp_path / "empty").mkdir()
    with PageWorker() as pages:
        pages.start(tmp_path / "empty", ["map"], title="kg", max_nodes=None)
        with pytest.raises(PageWorkerFailed, match="no kg store"):
            pages.wait()


def test_a_worker_given_nothing_leaves_quietly():
    with PageWorker(launch=True) as pages, pytest.raises(PageWorkerFailed, match="given no store"):
        pages.wait()
    assert pages._process is not None and pages._process.returncode == 0


def test_a_worker_starts_its_process_when_launched_or_given_work(tmp_path):
    """A build launches the worker once the model is done: until then there is no process."""
    with PageWorker() as pages:
        assert pages._process is None
        pages.launch()
        first = pages._process
        pages.launch()  # once
        assert first is not None and pages._process is first
    assert first.returncode == 0


@pytest.mark.model
def test_a_large_graph_draws_every_page_in_the_build_process(seeds_out, tmp_path, monkeypatch):
    """Above SECOND_PROCESS_MAX_ARTICLES the build stops the page worker and draws its pages
    itself, one after the other (memory): the same pages."""
    asked = []
    monkeypatch.setattr(kg.build, "SECOND_PROCESS_MAX_ARTICLES", 0)
    monkeypatch.setattr(PageWorker, "start", lambda self, *a, **k: asked.append(a))
    kg.build.build([SEEDS], tmp_path / "out", on_skip=lambda s: None)
    assert asked == []
    for view in VIEWS.values():
        if view.built:
            assert (tmp_path / "out" / view.file).read_bytes() == (seeds_out / view.file).read_bytes(), (
                view.name
            )
