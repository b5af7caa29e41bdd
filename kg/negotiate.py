"""Content negotiation for kg serve's SPARQL endpoint: which result format a client gets.

The endpoint offers SPARQL results (SELECT, ASK) as JSON, XML, CSV or TSV and graphs
(CONSTRUCT, DESCRIBE) as Turtle, N-Triples, RDF/XML, JSON-LD or N3, chosen by the
``Accept`` header or by ``format=`` (a short name or a media type).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pyoxigraph as ox

__all__ = ["FORMAT_NAMES", "GRAPH_OFFERS", "RESULT_OFFERS", "negotiate", "not_acceptable", "wanted"]

# What the front offers, in order of preference (the first wins ties and */*).
RESULT_OFFERS = [
    ("application/sparql-results+json", ox.QueryResultsFormat.JSON),
    ("application/sparql-results+xml", ox.QueryResultsFormat.XML),
    ("text/csv", ox.QueryResultsFormat.CSV),
    ("text/tab-separated-values", ox.QueryResultsFormat.TSV),
    ("application/json", ox.QueryResultsFormat.JSON),
    ("application/xml", ox.QueryResultsFormat.XML),
    ("text/xml", ox.QueryResultsFormat.XML),
    ("text/tsv", ox.QueryResultsFormat.TSV),
]
GRAPH_OFFERS = [
    ("text/turtle", ox.RdfFormat.TURTLE),
    ("application/n-triples", ox.RdfFormat.N_TRIPLES),
    ("application/rdf+xml", ox.RdfFormat.RDF_XML),
    ("application/ld+json", ox.RdfFormat.JSON_LD),
    ("text/n3", ox.RdfFormat.N3),
    ("text/plain", ox.RdfFormat.N_TRIPLES),
    ("application/json", ox.RdfFormat.JSON_LD),
    ("application/xml", ox.RdfFormat.RDF_XML),
    ("text/xml", ox.RdfFormat.RDF_XML),
]
# ``format=`` short names: (for solutions and booleans, for graphs)
FORMAT_NAMES = {
    "json": ("application/sparql-results+json", "application/ld+json"),
    "xml": ("application/sparql-results+xml", "application/rdf+xml"),
    "csv": ("text/csv", None),
    "tsv": ("text/tab-separated-values", None),
    "ttl": (None, "text/turtle"),
    "turtle": (None, "text/turtle"),
    "nt": (None, "application/n-triples"),
    "ntriples": (None, "application/n-triples"),
    "n-triples": (None, "application/n-triples"),
    "rdf": (None, "application/rdf+xml"),
    "rdfxml": (None, "application/rdf+xml"),
    "rdf+xml": (None, "application/rdf+xml"),
    "jsonld": (None, "application/ld+json"),
    "json-ld": (None, "application/ld+json"),
    "n3": (None, "text/n3"),
}


def negotiate(accept: str | None, offers: Sequence[tuple[str, Any]]) -> tuple[str, Any] | None:
    """The offer ``(media type, value)`` an Accept header likes best, or None.

    The most specific matching range gives an offer its quality; the first offer
    wins ties, so a missing header or ``*/*`` gets the first.

    >>> negotiate("text/csv;q=0.5, application/sparql-results+xml", RESULT_OFFERS)[0]
    'application/sparql-results+xml'
    >>> negotiate("text/*", RESULT_OFFERS)[0], negotiate(None, GRAPH_OFFERS)[0]
    ('text/csv', 'text/turtle')
    >>> negotiate("image/png", RESULT_OFFERS) is None
    True
    """
    if not accept or not accept.strip():
        return offers[0]
    ranges = []
    for part in accept.split(","):
        media, *params = [p.strip() for p in part.split(";")]
        if not media:
            continue
        q = 1.0
        for param in params:
            key, _, value = param.partition("=")
            if key.strip().lower() == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        ranges.append((media.lower(), q))
    best, best_q = None, 0.0
    for offer in offers:
        kind = offer[0].split("/")[0]
        specificity, quality = -1, None
        for media, q in ranges:
            level = (
                2 if media == offer[0] else 1 if media == f"{kind}/*" else 0 if media in ("*/*", "*") else -1
            )
            if level > specificity:
                specificity, quality = level, q
        if quality is not None and quality > best_q:
            best, best_q = offer, quality
    return best


def wanted(formats: list[str], accept: str | None, graph: bool):
    """The offer for ``format=`` values (names or media types; the first usable wins), else Accept."""
    offers = GRAPH_OFFERS if graph else RESULT_OFFERS
    formats = [f.strip().lower() for f in formats if f.strip()]
    if not formats:
        return negotiate(accept, offers)
    for fmt in formats:
        media = fmt if "/" in fmt else FORMAT_NAMES.get(fmt, (None, None))[1 if graph else 0]
        offer = next((o for o in offers if o[0] == media), None)
        if offer is not None:
            return offer
    return None


def not_acceptable(graph: bool = False) -> str:
    offers = GRAPH_OFFERS if graph else RESULT_OFFERS
    return (
        "neither the Accept header nor format= names a type this endpoint gives for this "
        "query; it answers "
        + ", ".join(media for media, _ in offers)
        + " (format=json|xml|csv|tsv for SELECT and ASK, ttl|nt|xml|jsonld for CONSTRUCT and DESCRIBE)"
    )
