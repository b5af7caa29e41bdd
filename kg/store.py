"""The embedded Oxigraph store in ``OUT/store`` and the files written beside it.

Each article's facts live in its own named graph.  The store's default graph
holds their union as a set (the RDF merge), so a query without ``GRAPH`` sees
every fact once, however many articles report it; exports hold the named
graphs only.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef
from rdflib.term import Node

from .vocab import PREFIXES

STORE_DIR = "store"
TRIG_FILE = "graph.trig"
HTML_FILE = "graph.html"
REPORT_FILE = "report.json"

EXPORT_FORMATS = {
    "trig": ox.RdfFormat.TRIG,
    "nq": ox.RdfFormat.N_QUADS,
    "ttl": ox.RdfFormat.TURTLE,
    "jsonld": ox.RdfFormat.JSON_LD,
}


class StoreNotFound(FileNotFoundError):
    """``OUT/store`` does not exist: nothing has been built there yet."""


def to_oxigraph(term: Node):
    """An rdflib term as a pyoxigraph term."""
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    raise TypeError(f"cannot store {term!r}")


def to_quads(quads: Iterable[tuple]) -> Iterable[ox.Quad]:
    """Each quad in its named graph, and its triple once more in the union default graph."""
    default = ox.DefaultGraph()
    for s, p, o, g in quads:
        triple = (to_oxigraph(s), to_oxigraph(p), to_oxigraph(o))
        yield ox.Quad(*triple, to_oxigraph(g))
        yield ox.Quad(*triple, default)


def refresh_union(store: ox.Store) -> None:
    """Make the default graph the union of the named graphs (after loading data by hand)."""
    store.update("INSERT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }")


def named_quads(store: ox.Store) -> Iterable[ox.Quad]:
    """The quads of the named graphs (not the union default graph)."""
    return (q for q in store if not isinstance(q.graph_name, ox.DefaultGraph))


def open_store(out: str | Path, *, read_only: bool = True) -> ox.Store:
    """The store of a built ``out/`` directory."""
    path = Path(out) / STORE_DIR
    if not path.is_dir():
        raise StoreNotFound(f"no kg store in {Path(out)}/ (looked for {path}); "
                            f"run `kg build PATH --out {out}` first")
    return ox.Store.read_only(str(path)) if read_only else ox.Store(str(path))


def sparql_prefixes() -> str:
    return "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in PREFIXES.items())


def query(store: ox.Store, sparql: str, **bindings):
    """Run SPARQL with the union of all named graphs as the default graph.

    ``bindings`` are substituted as pre-bound variables, never as text.
    """
    subs = {ox.Variable(k): to_oxigraph(v) for k, v in bindings.items()}
    return store.query(sparql, prefixes=PREFIXES, substitutions=subs or None)


def export(store: ox.Store, fmt: str) -> bytes:
    """Serialise the whole dataset. N-Quads come sorted, so equal graphs give equal bytes."""
    if fmt not in EXPORT_FORMATS:
        raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(EXPORT_FORMATS)}")
    if fmt == "nq":
        data = ox.serialize(named_quads(store), format=ox.RdfFormat.N_QUADS)
        return "".join(sorted(set(data.decode("utf-8").splitlines(keepends=True)))).encode("utf-8")
    if fmt == "ttl":  # Turtle has no named graphs: the union of them
        return store.dump(format=ox.RdfFormat.TURTLE, from_graph=ox.DefaultGraph(), prefixes=PREFIXES)
    prefixes = PREFIXES if fmt == "trig" else None
    return ox.serialize(named_quads(store), format=EXPORT_FORMATS[fmt], prefixes=prefixes)
