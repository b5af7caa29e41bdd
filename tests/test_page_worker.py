"""kg.views.worker: a build's network pages written by a second process from its own copy of the
quads (or another folder's pages from its store), the same bytes as written in the build's own
process, and a clear failure when it cannot write them."""

from __future__ import annotations

import io
import time

import pyoxigraph
import pytest
from builders import SEEDS, make_store, places_dataset, with_summary
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID

import kg.build
from kg.outdir import store_path
from kg.store import Loader, load_ontology
from kg.views import VIEWS, write_all_views
from kg.views.worker import FROM_DISK, SECOND_PROCESS, PageWorker, PageWorkerFailed, _Copy


def _built(folder):
    """An output folder with a flushed on-disk store, as a build leaves it before its pages."""
    folder.mkdir()
    store = pyoxigraph.Store(str(store_path(folder)))
    store.bulk_extend(list(make_store(with_summary(places_dataset()))))
    load_ontology(store)
    store.flush()
    return store


def _same_pages(there, store, folder, here_folder):
    """The worker's pages (name -> path) are all of :data:`SECOND_PROCESS`, in ``folder``, the
    bytes this process writes from ``store``."""
    assert sorted(there) == sorted(SECOND_PROCESS)
    here = write_all_views(store, here_folder, title="kg test", max_nodes=50, only=SECOND_PROCESS)
    for name in SECOND_PROCESS:
        assert there[name].parent == folder
        assert there[name].read_bytes() == here[name].read_bytes(), name
        assert b"Kharkiv" in there[name].read_bytes()


def test_the_second_process_writes_the_same_pages(tmp_path):
    store = _built(tmp_path / "out")
    with PageWorker() as pages:
        pages.start(tmp_path / "out", SECOND_PROCESS, title="kg test", max_nodes=50)
        there = pages.wait()
    _same_pages(there, store, tmp_path / "out", tmp_path / "here")


def _quads(ds):
    """The named graphs' quads of ``ds`` (rdflib terms), as a build hands them to its loader."""
    return [
        (s, p, o, graph.identifier)
        for graph in ds.graphs()
        if graph.identifier != DATASET_DEFAULT_GRAPH_ID
        for s, p, o in graph
    ]


def test_a_fed_worker_draws_the_same_pages_from_its_own_copy(tmp_path):
    """Fed every chunk the build's loader loads, the worker draws from its copy in memory: the
    folder it writes into has no store at all, and the pages are the bytes drawn from the
    build's store on disk."""
    ds = with_summary(places_dataset())
    store = _built(tmp_path / "out")
    (tmp_path / "pages").mkdir()
    with PageWorker() as pages:
        loader = Loader(pyoxigraph.Store(), io.BytesIO(), chunk=7, tee=pages.feed)
        loader.add(_quads(ds))
        loader.close()
        assert pages.fed
        pages.hurry()  # the model is done: at full priority (what is left, if anything)
        pages.start(tmp_path / "pages", SECOND_PROCESS, title="kg test", max_nodes=50)
        there = pages.wait()
    _same_pages(there, store, tmp_path / "pages", tmp_path / "here")


def test_the_copy_loads_every_chunk_before_and_after_it_is_hurried():
    """The worker's copy loads at the lowest priority while the model parses, then by a thread
    at full priority: whichever thread takes a chunk, every one is loaded."""
    ds = with_summary(places_dataset())
    chunks = []
    loader = Loader(pyoxigraph.Store(), io.BytesIO(), chunk=5, tee=lambda *chunk: chunks.append(chunk))
    loader.add(_quads(ds))
    loader.close()
    copy = _Copy()
    half = len(chunks) // 2
    for chunk in chunks[:half]:
        copy.add(*chunk)
    time.sleep(0.05)
    copy.hurry()
    for chunk in chunks[half:]:
        copy.add(*chunk)
    done = copy.done()  # with the ontology beside the union (its blank nodes fresh each load)
    assert len(copy._threads) == 2
    reference = set(make_store(ds))  # the named graphs, and their union as the default graph
    assert {q for q in done if not isinstance(q.subject, pyoxigraph.BlankNode)} >= reference
    assert {q for q in done if not isinstance(q.graph_name, pyoxigraph.DefaultGraph)} == {
        q for q in reference if not isinstance(q.graph_name, pyoxigraph.DefaultGraph)
    }


def test_a_worker_gone_while_fed_is_reported_not_hidden(tmp_path):
    """A worker that dies while the build feeds it: the build is told when it asks for the
    pages (and draws them itself); its loading goes on meanwhile."""
    with PageWorker(launch=True) as pages:
        assert pages._process is not None
        pages._process.kill()
        pages._process.wait()
        pages.feed(b"<urn:g> {\n<urn:s> <urn:p> <urn:o> .\n}\n" * 20_000, b"<urn:s> <urn:p> <urn:o> .\n")
        deadline = time.monotonic() + 10
        while pages.fed and time.monotonic() < deadline:
            time.sleep(0.01)
        assert not pages.fed
        with pytest.raises(PageWorkerFailed, match="gone"):
            pages.start(tmp_path, SECOND_PROCESS, title="kg", max_nodes=None)


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
    """A build launches the worker once the model is loaded: until then there is no process."""
    with PageWorker() as pages:
        assert pages._process is None
        pages.launch()
        first = pages._process
        pages.launch()  # once
        assert first is not None and pages._process is first
    assert first.returncode == 0


@pytest.mark.model
def test_a_large_graph_s_worker_draws_the_lighter_pages_from_the_store_on_disk(
    seeds_out, tmp_path, monkeypatch, capsys
):
    """Above SECOND_PROCESS_MAX_ARTICLES the page worker is fed nothing (a copy of the store
    would not fit in memory beside the build): once the store is written it draws
    :data:`FROM_DISK` from it, and the build the network pages: the same pages."""
    fed, asked = [], []
    monkeypatch.setattr(kg.build, "SECOND_PROCESS_MAX_ARTICLES", 0)
    feed, start = PageWorker.feed, PageWorker.start
    monkeypatch.setattr(PageWorker, "feed", lambda self, *a: (fed.append(a), feed(self, *a)))

    def asking(self, out, names, **options):
        asked.append(sorted(names))
        start(self, out, names, **options)

    monkeypatch.setattr(PageWorker, "start", asking)
    kg.build.build([SEEDS], tmp_path / "out", on_skip=lambda s: None)
    assert fed == []
    assert asked == [sorted(FROM_DISK)]
    assert "page worker failed" not in capsys.readouterr().err
    for view in VIEWS.values():
        if view.built:
            assert (tmp_path / "out" / view.file).read_bytes() == (seeds_out / view.file).read_bytes(), (
                view.name
            )


def test_a_worker_runs_on_the_cpus_it_is_given_until_hurried():
    """While the model parses, the build keeps the worker on its own cores (off the model's);
    hurried, the worker runs on every core the build has."""
    import os

    cpus = os.sched_getaffinity(0)
    one = {min(cpus)}
    with PageWorker() as pages:
        pages.launch(one)
        pages.feed(b"<urn:g> {\n<urn:s> <urn:p> <urn:o> .\n}\n", b"<urn:s> <urn:p> <urn:o> .\n")
        assert pages._process is not None
        pid = pages._process.pid

        def affinities():
            return [os.sched_getaffinity(int(t)) for t in os.listdir(f"/proc/{pid}/task")]

        # its threads started (each inherits the CPUs of the thread that starts it)
        waited = time.monotonic() + 30  # a loaded machine starts a process slowly
        while len(affinities()) < 2 and time.monotonic() < waited:
            time.sleep(0.05)
        assert len(affinities()) >= 2 and all(a == one for a in affinities())
        pages.hurry()
        assert all(a == cpus for a in affinities())
