"""Check a built knowledge graph against ``ontology/shapes.ttl`` and the per-graph provenance rules.

SHACL sees one graph, so :func:`validate` runs the shapes on the union of all
graphs plus ``kg.ttl`` and ``events.ttl``, and checks in Python that every
named graph says, inside itself, which article it was derived from and which
activity generated it (docs/rdf-contract.md, "One named graph per article").
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from dataclasses import dataclass, field

import pyoxigraph as ox
import pyshacl
from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.namespace import RDF, SH
from rdflib.plugins.sparql import prepareQuery
from rdflib.plugins.sparql.sparql import Query
from rdflib.term import Node

from kg.iris import service_graph_iris
from kg.lexicon import ontology_file
from kg.vocab import PROV, SCHEMA

__all__ = ["ShapesError", "UnsupportedInput", "ValidationReport", "load_ontology", "load_shapes", "validate"]

_Quad = tuple[Node, Node, Node, Node | None]  # graph None = the default graph
# Not rdflib's XSD namespace object: pytest's doctest collection probes module globals and it warns.
_XSD_STRING = URIRef("http://www.w3.org/2001/XMLSchema#string")


class ShapesError(RuntimeError):
    """pyshacl could not run the shapes graph at all (a bug in the shapes, not in the data)."""


class UnsupportedInput(TypeError):
    """:func:`validate` was given something other than a pyoxigraph Store or rdflib Dataset."""


@dataclass(frozen=True)
class ValidationReport:
    """The outcome of :func:`validate`; ``conforms`` covers both SHACL and ``graph_problems``."""

    conforms: bool
    results_text: str
    violations: int
    graph_problems: list[str] = field(default_factory=list)
    results_graph: Graph = field(default_factory=Graph, repr=False, compare=False)


def load_shapes() -> Graph:
    """The SHACL shapes graph, ``ontology/shapes.ttl``."""
    return Graph().parse(ontology_file("shapes.ttl"), format="turtle")


def load_ontology() -> Graph:
    """``ontology/kg.ttl`` and ``ontology/events.ttl`` in one graph."""
    graph = _UnionGraph()
    for name in ("kg.ttl", "events.ttl"):
        graph.parse(ontology_file(name), format="turtle")
    return graph


def validate(data: ox.Store | Dataset, *, shapes: Graph | None = None) -> ValidationReport:
    """Validate a ``pyoxigraph.Store`` or ``rdflib.Dataset`` built by kg."""
    union = load_ontology()
    provenance: dict[Node, list[tuple[Node, Node, Node]]] = {}
    for s, p, o, g in _quads(data):
        union.add((s, p, o))
        if g is not None:
            in_graph = provenance.setdefault(g, [])
            if p in _PROVENANCE_PREDICATES:
                in_graph.append((s, p, o))

    conforms, results_graph, results_text = pyshacl.validate(
        union,
        shacl_graph=shapes if shapes is not None else load_shapes(),
        inference="none",
        advanced=True,
        allow_warnings=True,
        inplace=True,  # the union is ours to throw away; a copy would also lose _UnionGraph.query
    )
    if not isinstance(results_graph, Graph):  # pyshacl reports a broken shapes graph this way
        raise ShapesError(
            f"SHACL validation could not run: {results_text.strip()} "
            "Fix ontology/shapes.ttl (or the shapes graph passed in)."
        )
    violations = sum(1 for _ in results_graph.subjects(SH.resultSeverity, SH.Violation))
    problems = [
        problem
        for graph_name in sorted(provenance, key=str)
        for problem in _graph_problems(graph_name, provenance[graph_name])
    ]
    return ValidationReport(
        conforms=bool(conforms) and not problems,
        results_text=results_text,
        violations=violations,
        graph_problems=problems,
        results_graph=results_graph,
    )


class _UnionGraph(Graph):
    """A Graph that parses each SPARQL text once.

    pyshacl sends a SPARQL constraint's text again for every focus node, and
    parsing dominates validation time (about 25 ms per mention otherwise).
    """

    def query(self, query_object, *args, **kwargs):
        if isinstance(query_object, str):
            query_object = _prepared(query_object)
        return super().query(query_object, *args, **kwargs)


@functools.lru_cache(maxsize=64)
def _prepared(text: str) -> Query:
    return prepareQuery(text)


_PROVENANCE_PREDICATES = frozenset({PROV.wasDerivedFrom, PROV.wasGeneratedBy, RDF.type})


def _graph_problems(g: Node, triples: list[tuple[Node, Node, Node]]) -> Iterator[str]:
    types = {(s, o) for s, p, o in triples if p == RDF.type}
    if g in service_graph_iris():  # identity and gazetteer graphs: made by a build, no article
        if not any(s == g and p == PROV.wasGeneratedBy for s, p, o in triples):
            yield f"graph {g.n3()} has no prov:wasGeneratedBy about itself"
        return
    derived = sorted({o for s, p, o in triples if s == g and p == PROV.wasDerivedFrom}, key=str)
    generated = sorted({o for s, p, o in triples if s == g and p == PROV.wasGeneratedBy}, key=str)
    name = g.n3()
    if len(derived) != 1:
        yield (
            f"graph {name} has {len(derived)} prov:wasDerivedFrom statements about itself; "
            "it needs exactly one, to the schema:NewsArticle it was extracted from"
        )
    for article in derived:
        if (article, SCHEMA.NewsArticle) not in types:
            yield (
                f"graph {name}: prov:wasDerivedFrom {article.n3()} is not typed "
                "schema:NewsArticle inside the graph"
            )
    if not generated:
        yield (
            f"graph {name} has no prov:wasGeneratedBy about itself; "
            "it needs one, to the prov:Activity that built it"
        )
    for activity in generated:
        if (activity, PROV.Activity) not in types:
            yield (
                f"graph {name}: prov:wasGeneratedBy {activity.n3()} is not typed "
                "prov:Activity inside the graph"
            )


def _quads(data: object) -> Iterator[_Quad]:
    if isinstance(data, ox.Store):
        for quad in data.quads_for_pattern(None, None, None, None):
            graph = None if isinstance(quad.graph_name, ox.DefaultGraph) else _from_ox(quad.graph_name)
            yield _from_ox(quad.subject), _from_ox(quad.predicate), _from_ox(quad.object), graph
    elif isinstance(data, Dataset):
        default = getattr(data, "default_graph", None)  # rdflib >= 7.2; default_context before
        default = default if default is not None else data.default_context
        default_ids = {DATASET_DEFAULT_GRAPH_ID, default.identifier}
        for s, p, o, g in data.quads((None, None, None, None)):
            graph = g.identifier if isinstance(g, Graph) else g
            if isinstance(o, Literal) and o.datatype == _XSD_STRING:
                o = Literal(str(o))  # the same term as pyoxigraph's plain literal, see _from_ox
            yield s, p, o, (None if graph is None or graph in default_ids else graph)
    else:
        raise UnsupportedInput(
            f"validate() takes a pyoxigraph.Store or an rdflib.Dataset, not {type(data).__name__}; "
            "load the graph into one of those first (a plain rdflib.Graph has no named graphs)."
        )


def _from_ox(term: object) -> Node:
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        datatype = term.datatype.value
        # RDF 1.1: a plain literal is an xsd:string; rdflib spells it without a datatype.
        return Literal(term.value, datatype=None if datatype == str(_XSD_STRING) else URIRef(datatype))
    raise UnsupportedInput(f"cannot validate the RDF-star term {term!r}; kg never writes quoted triples.")
