"""The embedded Oxigraph store in ``OUT/store`` (:func:`kg.outdir.store_path`).

Each article's facts live in its own named graph.  The store's default graph
holds their union as a set (the RDF merge), so a query without ``GRAPH`` sees
every fact once, however many articles report it; exports hold the named
graphs only.
"""

from __future__ import annotations

import contextlib
import queue
import re
import threading
from collections.abc import Callable, Iterable
from functools import lru_cache
from pathlib import Path
from typing import BinaryIO

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef
from rdflib.term import Node

from .cpus import background, store_threads
from .outdir import store_path
from .vocab import PREFIXES

EXPORT_FORMATS = {
    "trig": ox.RdfFormat.TRIG,
    "nq": ox.RdfFormat.N_QUADS,
    "ttl": ox.RdfFormat.TURTLE,
    "jsonld": ox.RdfFormat.JSON_LD,
}


class StoreNotFound(FileNotFoundError):
    """``OUT/store`` does not exist: nothing has been built there yet."""


@lru_cache(maxsize=200_000)
def _named_node(iri: str) -> ox.NamedNode:
    return ox.NamedNode(iri)  # IRIs repeat a lot (predicates, classes, entities): parse once


def clear_term_caches() -> None:
    """Forget the terms cached while loading (a build's writing is over: held, the 200k
    cached IRIs keep the memory around them from being handed back)."""
    _named_node.cache_clear()
    _iri_text.cache_clear()


def to_oxigraph(term: Node):
    """An rdflib term as a pyoxigraph term."""
    if isinstance(term, URIRef):
        return _named_node(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype:
            return ox.Literal(str(term), datatype=_named_node(str(term.datatype)))
        return ox.Literal(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    raise TypeError(f"cannot store {term!r}")


def _named(quads: Iterable[tuple]) -> Iterable[ox.Quad]:
    """Each quad (rdflib terms) as a pyoxigraph quad in its named graph."""
    quad, convert = ox.Quad, to_oxigraph
    last = graph = None
    for s, p, o, g in quads:
        if g is not last:  # an article's quads come together: its graph converted once
            last, graph = g, convert(g)
        yield quad(convert(s), convert(p), convert(o), graph)


_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
_ESCAPES = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r"})
_NEEDS_ESCAPE = re.compile(r'[\\"\n\r]')


@lru_cache(maxsize=200_000)
def _iri_text(iri: URIRef) -> str:
    return f"<{iri}>"  # IRIs repeat a lot (predicates, classes, graphs, entities): written once


def nquads_term(term: Node) -> str:
    """An rdflib term as N-Triples (and TriG) text; its IRI is checked where the text is parsed.

    >>> from rdflib import Literal
    >>> nquads_term(Literal('say "hi"\\n', lang="en"))
    '"say \\\\"hi\\\\"\\\\n"@en'
    """
    if isinstance(term, URIRef):
        return _iri_text(term)
    if isinstance(term, Literal):
        text = str(term)
        if _NEEDS_ESCAPE.search(text):
            text = text.translate(_ESCAPES)
        if term.language:
            return f'"{text}"@{term.language}'
        if term.datatype is not None and str(term.datatype) != _XSD_STRING:
            return f'"{text}"^^{_iri_text(term.datatype)}'
        return f'"{text}"'
    if isinstance(term, BNode):
        return f"_:{term}"
    raise TypeError(f"cannot store {term!r}")


def _with_union(quads: Iterable[tuple]) -> Iterable[tuple[ox.Quad, ox.Quad]]:
    """Each quad (rdflib terms) in its named graph, paired with its triple in the default graph."""
    default, quad = ox.DefaultGraph(), ox.Quad
    for q in _named(quads):
        yield q, quad(q.subject, q.predicate, q.object, default)


def to_quads(quads: Iterable[tuple]) -> Iterable[ox.Quad]:
    """Each quad in its named graph, and its triple once more in the union default graph."""
    for pair in _with_union(quads):
        yield from pair


def refresh_union(store: ox.Store) -> None:
    """Make the default graph the union of the named graphs (after loading data by hand)."""
    store.update("INSERT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }")


ONTOLOGY_FILES = ("kg.ttl", "events.ttl")


def load_ontology(store: ox.Store) -> None:
    """Put kg's ontology and event-type scheme in the default graph, beside the union.

    Queries can then use ``sem:eventType/skos:prefLabel``; exports, which hold
    the named graphs only, leave it out (it is published in ``ontology/``).
    """
    from .lexicon import ontology_file

    for name in ONTOLOGY_FILES:
        store.bulk_load(path=str(ontology_file(name)), format=ox.RdfFormat.TURTLE, to_graph=ox.DefaultGraph())


def named_quads(store: ox.Store) -> Iterable[ox.Quad]:
    """The quads of the named graphs (not the union default graph)."""
    return (q for q in store if not isinstance(q.graph_name, ox.DefaultGraph))


def open_store(out: str | Path, *, read_only: bool = True) -> ox.Store:
    """The store of a built ``out/`` directory."""
    path = store_path(out)
    if not path.is_dir():
        raise StoreNotFound(
            f"no kg store in {Path(out)}/ (looked for {path}); run `kg build PATH --out {out}` first"
        )
    return ox.Store.read_only(str(path)) if read_only else ox.Store(str(path))


def query(store: ox.Store, sparql: str, **bindings):
    r"""Run SPARQL; the default graph is the union of all named graphs.

    ``bindings`` (variable name -> rdflib or pyoxigraph term) pre-bind variables
    with a ``VALUES`` block of N-Triples-serialised terms at the start of the
    WHERE clause, so no text is ever pasted into the query as SPARQL.

    >>> from rdflib import Literal
    >>> print(bind("SELECT ?x WHERE { ?x rdfs:label ?name }", name=Literal('x" } DROP ALL #')))
    SELECT ?x WHERE { VALUES (?name) { ("x\" } DROP ALL #") } ?x rdfs:label ?name }
    """
    if bindings:
        sparql = bind(sparql, **bindings)
    return store.query(sparql, prefixes=PREFIXES)


_WHERE = re.compile(r"(?i)\bWHERE\s*\{")


def bind(sparql: str, **bindings) -> str:
    """``sparql`` with ``bindings`` as a VALUES block opening its WHERE clause."""
    match = _WHERE.search(sparql)
    if match is None:
        raise ValueError("binding variables needs a query with a WHERE { … } clause")
    names = " ".join(f"?{ox.Variable(name).value}" for name in bindings)
    terms = " ".join(
        str(v if isinstance(v, (ox.NamedNode, ox.Literal)) else to_oxigraph(v)) for v in bindings.values()
    )
    return f"{sparql[: match.end()]} VALUES ({names}) {{ ({terms}) }}{sparql[match.end() :]}"


#: Quads per bulk load.  The loader's cost per quad grows with the load: 9.9 µs at 1k quads,
#: 3.1-3.4 at 10-50k, 4.3 at 100k, 5.2 at 200k (a fresh store, 2026-12-06); at 19,680 articles
#: (a build's merged nodes, 2.4 M quads into a store of 7 M) loads of 100k took 60 s and
#: +218 MB, loads of 250k 69 s and +455 MB (2026-12-05).
BULK_CHUNK = 20000


def load_chunk(store: ox.Store, trig: bytes, triples: bytes) -> None:
    """A chunk made by :class:`Loader` into ``store``: ``trig``'s quads in their named graphs, and
    ``triples``, the same without their graph names, in the union default graph (a set: a
    triple already there is not added twice)."""
    store.bulk_load(trig, format=ox.RdfFormat.TRIG)  # every term checked here
    store.bulk_load(triples, format=ox.RdfFormat.N_TRIPLES, lenient=True)  # the same terms


class LoadFailed(OSError):
    """The store's loading thread failed (the disk is full, say): the build cannot go on."""


class Loader:
    """Quads (rdflib terms) into ``store`` in bulk, each in its named graph and in the union
    default graph, and the named graphs into ``trig`` (an open binary file) as TriG, in the same
    pass; :meth:`add` may be called many times (a build adds each article's own layer as it is
    extracted, then the rest after merging), :meth:`close` loads what is left.

    Neither the quads nor the TriG text are ever whole in memory: each ``chunk`` quads are
    written as text, TriG (a block per run of one graph's quads; a TriG file may repeat a
    graph's name: the graph is the union of its blocks) and N-Triples (the same triples, for
    the union), then written to the file and loaded by a thread of their own, which works while
    the caller makes the next ones (the store's bulk loader lets go of Python's lock while it
    parses and writes). :func:`load_chunk` loads such a pair.

    ``tee``, when given, is also handed each chunk's pair as it is made, before the loading
    thread has it (the build's page worker loads the same quads into a store of its own,
    :mod:`kg.views.worker`, and may start on its pages while this store loads the last chunks:
    ``tee`` must not wait); when it raises, it is not called again and the loading goes on.

    With ``background``, the loading thread and RocksDB's are background work
    (:func:`kg.cpus.background`: a large build's, while the model parses).
    """

    def __init__(
        self,
        store: ox.Store,
        trig: BinaryIO,
        chunk: int = BULK_CHUNK,
        *,
        tee: Callable[[bytes, bytes], None] | None = None,
        background: bool = False,
    ) -> None:
        self.store: ox.Store | None = store
        self.trig, self.chunk = trig, chunk
        self.tee = tee
        self.runs: list[tuple[str, list[str]]] = []  # (graph, its triples) as text, graph by graph
        self.taken = 0  # quads in runs
        self.count = 0
        self._jobs: queue.Queue[tuple[bytes, bytes] | None] = queue.Queue(maxsize=1)
        self._failed: BaseException | None = None
        self._thread = threading.Thread(
            target=self._load, args=(store, background), name="kg-loader", daemon=True
        )
        self._thread.start()

    def add(self, quads: Iterable[tuple]) -> int:
        """Take ``quads`` (any iterable: a generator is never whole in memory); how many.

        Each quad is written as text here (~4x faster than making pyoxigraph's terms one by one
        and serialising them: 74k quads 0.11 s against 0.49), parsed once by the store."""
        term, iri = nquads_term, _iri_text
        runs, chunk = self.runs, self.chunk
        graph, lines = runs[-1] if runs else ("", [])
        added = 0
        for s, p, o, g in quads:
            g_text = iri(g)
            if g_text != graph:  # an article's quads come together
                graph, lines = g_text, []
                runs.append((graph, lines))
            lines.append(f"{iri(s) if type(s) is URIRef else term(s)} {iri(p)} {term(o)} .\n")
            added += 1
            self.taken += 1
            if self.taken >= chunk:
                self.flush()
                runs, graph, lines = self.runs, "", []
        return added

    def flush(self) -> None:
        """Hand the quads taken so far to the loading thread."""
        self._raise_failure()
        if self.runs:
            trig = "".join(f"{graph} {{\n{''.join(lines)}}}\n" for graph, lines in self.runs)
            triples = "".join(line for _, lines in self.runs for line in lines)
            job = (trig.encode("utf-8"), triples.encode("utf-8"))
            if self.tee is not None:
                try:
                    self.tee(*job)
                except Exception:  # the other reader is gone: its owner finds out and copes
                    self.tee = None
            self._jobs.put(job)
            self.count += self.taken
            self.runs, self.taken = [], 0

    def _load(self, store: ox.Store, in_background: bool) -> None:
        with background(store_threads()) if in_background else contextlib.nullcontext():
            while (job := self._jobs.get()) is not None:
                if self._failed is not None:
                    continue  # the rest is dropped: the next flush or close raises
                trig, triples = job
                try:
                    self.trig.write(trig)
                    load_chunk(store, trig, triples)
                except BaseException as exc:  # handed to the caller's thread
                    self._failed = exc

    def close(self) -> None:
        """Load what is left and wait for it, and let go of the store (so that its owner can
        close it)."""
        try:
            self.flush()
        finally:
            self.abandon()
        self._raise_failure()

    def _raise_failure(self) -> None:
        """Raise what failed in the loading thread, in the caller's."""
        if self._failed is not None:
            raise LoadFailed(f"loading the store failed: {self._failed}") from self._failed

    def abandon(self) -> None:
        """Stop loading (what was handed over is loaded, the rest dropped), and let go of the
        store: a failed build's loader."""
        if self._thread.is_alive():
            self.runs, self.taken = [], 0
            self._jobs.put(None)
            self._thread.join()
        self.store = None


def load_and_write_trig(quads: Iterable[tuple], store: ox.Store, path: Path, chunk: int = BULK_CHUNK) -> None:
    """Bulk-load ``quads`` (rdflib terms) into ``store``, each in its named graph and in the
    union default graph, and write the named graphs to ``path`` as TriG (see :class:`Loader`)."""
    with open(path, "wb") as fh:
        loader = Loader(store, fh, chunk)
        loader.add(quads)
        loader.close()


def serialize(items: Iterable, fmt: ox.RdfFormat, prefixes: dict[str, str] | None = None) -> bytes:
    """Triples or quads (pyoxigraph terms) serialised in memory."""
    data = ox.serialize(items, format=fmt, prefixes=prefixes)
    assert data is not None  # pyoxigraph returns the bytes when it is given no output
    return data


def export(store: ox.Store, fmt: str) -> bytes:
    """Serialise the whole dataset. N-Quads come sorted, so equal graphs give equal bytes."""
    if fmt not in EXPORT_FORMATS:
        raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(EXPORT_FORMATS)}")
    if fmt == "nq":
        data = serialize(named_quads(store), ox.RdfFormat.N_QUADS)
        return "".join(sorted(set(data.decode("utf-8").splitlines(keepends=True)))).encode("utf-8")
    if fmt == "ttl":  # Turtle has no named graphs: the union of them
        turtle = store.dump(format=ox.RdfFormat.TURTLE, from_graph=ox.DefaultGraph(), prefixes=PREFIXES)
        assert turtle is not None  # as above
        return turtle
    return serialize(named_quads(store), EXPORT_FORMATS[fmt], PREFIXES if fmt == "trig" else None)
