"""Counts over a built graph, answered by SPARQL."""

from __future__ import annotations

from typing import Any

import pyoxigraph as ox

from .store import query

ENTITY_TYPES = {  # label -> class, as counted by `kg stats`
    "people": "schema:Person",
    "organizations": "schema:Organization",
    "actor groups": "kg:ActorGroup",
    "places": "schema:Place",
}
_COUNT = "SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE {{ ?x a {cls} . {extra} }}"


def _count(store: ox.Store, sparql: str) -> int:
    return int(next(iter(query(store, sparql)))["n"].value)


def stats(store: ox.Store) -> dict[str, object]:
    """Articles, entities by type, events, quotations, named graphs and quads."""
    mentioned = "FILTER EXISTS { ?x gaf:denotedBy ?m }"  # not publishers known only from metadata
    entities = {
        name: _count(store, _COUNT.format(cls=cls, extra=mentioned)) for name, cls in ENTITY_TYPES.items()
    }
    return {
        "articles": _count(store, _COUNT.format(cls="schema:NewsArticle", extra="")),
        "entities": entities,
        "events": _count(store, _COUNT.format(cls="sem:Event", extra="")),
        "quotations": _count(store, _COUNT.format(cls="schema:Quotation", extra="")),
        "graphs": len(list(store.named_graphs())),
        "quads": _count(store, "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"),
    }


def format_stats(numbers: dict[str, Any]) -> str:
    entities = numbers["entities"]
    by_type = ", ".join(f"{n} {name}" for name, n in entities.items())
    return (
        f"articles: {numbers['articles']}\n"
        f"entities: {by_type}\n"
        f"events: {numbers['events']}\n"
        f"quotations: {numbers['quotations']}\n"
        f"named graphs: {numbers['graphs']}\n"
        f"quads: {numbers['quads']}"
    )
