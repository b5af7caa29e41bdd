"""kg.store.Loader: quads into the store (named graphs and the union default graph) and TriG, by a
loading thread that works while the caller makes the next quads."""

from __future__ import annotations

import io
import time

import pyoxigraph as ox
import pytest
from rdflib import Literal, Namespace, URIRef

from kg.store import Loader, LoadFailed, load_chunk, to_oxigraph

EX = Namespace("http://example.org/")
XSD = Namespace("http://www.w3.org/2001/XMLSchema#")


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


def test_every_kind_of_term_is_written_and_read_back_as_itself():
    """The loader writes the quads as text itself: quotes, backslashes and line breaks escaped,
    language tags, datatypes (xsd:string is the plain literal), other characters as they are."""
    g = EX.g
    objects = [
        Literal('say "hi" \\ now\nand\rthen\ttab'),
        Literal("Kyiv", lang="uk"),
        Literal("12", datatype=XSD.integer),
        Literal("plain", datatype=XSD.string),
        Literal("Харків — ünïcode ✓ 𝄞"),
        Literal(""),
        EX["o#frag?q=1"],
    ]
    quads = [(EX[f"s{i}"], EX.p, o, g) for i, o in enumerate(objects)]
    store, trig = ox.Store(), io.BytesIO()
    loader = Loader(store, trig, chunk=3)
    loader.add(quads)
    loader.close()
    expected = {
        ox.Quad(to_oxigraph(s), to_oxigraph(p), to_oxigraph(o), to_oxigraph(gr)) for s, p, o, gr in quads
    }
    assert {q for q in store if not isinstance(q.graph_name, ox.DefaultGraph)} == expected
    assert set(ox.parse(trig.getvalue(), format=ox.RdfFormat.TRIG)) == expected


def test_a_bad_iri_fails_the_load_instead_of_entering_the_store():
    store = ox.Store()
    loader = Loader(store, io.BytesIO(), chunk=5)
    loader.add([(URIRef("http://example.org/a b"), EX.p, EX.o, EX.g)])
    with pytest.raises(LoadFailed):
        loader.close()
    assert len(store) == 0


def test_the_tee_gets_every_chunk_and_a_failing_one_is_dropped():
    """The build's page worker gets each chunk as :func:`load_chunk` takes it: loaded into
    another store, the same quads."""
    store, copy = ox.Store(), ox.Store()
    loader = Loader(store, io.BytesIO(), chunk=7, tee=lambda trig, triples: load_chunk(copy, trig, triples))
    loader.add(_quads(50))
    loader.close()
    assert set(copy) == set(store) and len(store) == 100

    calls = []

    def gone(trig, triples):
        calls.append(trig)
        raise BrokenPipeError("the worker is gone")

    store = ox.Store()
    loader = Loader(store, io.BytesIO(), chunk=7, tee=gone)
    loader.add(_quads(50))
    loader.close()  # no failure: the store is loaded all the same
    assert len(calls) == 1 and len(store) == 100
