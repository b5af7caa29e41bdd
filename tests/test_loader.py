"""kg.store.Loader: quads into the store (named graphs and the union default graph) and TriG, by a
loading thread that works while the caller makes the next quads."""

from __future__ import annotations

import io
import time

import pyoxigraph as ox
import pytest
from rdflib import Literal, Namespace

from kg.store import Loader, LoadFailed

EX = Namespace("http://example.org/")


def _quads(n: int, graphs: int = 3):
    for i in range(n):
        yield (
            EX[f"s{i}"],
            EX.p,
            Literal(f"value {i} <x> .", lang="en") if i % 2 else EX[f"o{i}"],
            EX[f"g{i % graphs}"],
        )


def test_every_quad_is_in_its_graph_in_the_union_and_in_the_trig():
    store, trig = ox.Store(), io.BytesIO()
    loader = Loader(store, trig, chunk=7)  # many loads: the thread takes them one after the other
    assert loader.add(_quads(50)) == 50
    loader.add(_quads(3, graphs=1))  # again, in another graph: a set in the union
    loader.close()
    named = {q for q in store if not isinstance(q.graph_name, ox.DefaultGraph)}
    union = {
        ox.Triple(q.subject, q.predicate, q.object)
        for q in store.quads_for_pattern(None, None, None, ox.DefaultGraph())
    }
    assert len(named) == 50 + 3 - 1  # s0 in g0 twice
    assert union == {ox.Triple(q.subject, q.predicate, q.object) for q in named}
    assert len(union) == 50
    assert set(ox.parse(trig.getvalue(), format=ox.RdfFormat.TRIG)) == named
    assert loader.count == 53


class _FullDisk:
    def bulk_load(self, *args, **kwargs):
        raise OSError("No space left on device")


def test_a_failed_load_is_raised_in_the_callers_thread():
    loader = Loader(_FullDisk(), io.BytesIO(), chunk=5)  # type: ignore[arg-type]
    # one load handed over (it fails in the thread), two quads waiting; a second hand-over
    # would raise the failure already if the thread had failed by then (session 10's CI run)
    loader.add(_quads(7))
    with pytest.raises(LoadFailed, match="No space left on device"):
        loader.close()
    assert not loader._thread.is_alive()


def test_a_failed_load_is_raised_at_the_next_hand_over():
    loader = Loader(_FullDisk(), io.BytesIO(), chunk=5)  # type: ignore[arg-type]
    loader.add(_quads(5))  # handed over: it fails in the thread
    deadline = time.monotonic() + 10
    while loader._failed is None and time.monotonic() < deadline:
        time.sleep(0.01)
    with pytest.raises(LoadFailed, match="No space left on device"):
        loader.add(_quads(5))
    loader.abandon()
    assert not loader._thread.is_alive()


def test_an_abandoned_loader_stops_its_thread_and_lets_go_of_the_store():
    store = ox.Store()
    loader = Loader(store, io.BytesIO(), chunk=5)
    loader.add(_quads(8))  # one load handed over, three quads waiting
    loader.abandon()
    assert not loader._thread.is_alive() and loader.store is None
    assert len(store) == 2 * 5  # what was handed over is loaded (named and union), the rest dropped
