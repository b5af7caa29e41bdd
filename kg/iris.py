"""The one place that mints IRIs.

Every IRI is a pure function of its inputs, so the same input always gives
the same graph.  Keys are already-normalised strings (see :func:`name_key`);
they are percent-encoded, so two different keys never give the same IRI.

>>> str(entity_iri("person", "volodymyr-zelensky"))
'https://w3id.org/kg-news/id/person/volodymyr-zelensky'
>>> str(mention_iri("0123456789abcdef", 3, 10))
'https://w3id.org/kg-news/id/article/0123456789abcdef#char=3,10'
>>> name_key("Institute for the Study of War")
'institute-for-the-study-of-war'
"""

from __future__ import annotations

import functools
import hashlib
import re
import unicodedata
from urllib.parse import quote

from rdflib import URIRef

from .vocab import ID_NS

_SAFE = "-._~"  # unreserved characters (RFC 3986) kept as they are
_WORD = re.compile(r"\w+", re.UNICODE)


def _segment(key: str) -> str:
    if not key:
        raise ValueError("an IRI key must not be empty")
    return quote(key, safe=_SAFE)


def digest(*parts: str, length: int = 16) -> str:
    """A short, stable hex digest of ``parts`` (joined unambiguously)."""
    h = hashlib.sha256("\x1f".join(parts).encode("utf-8", "surrogatepass"))  # a lone surrogate too
    return h.hexdigest()[:length]


def name_key(name: str) -> str:
    """Lower-case word tokens of ``name`` joined by ``-`` (accents removed)."""
    folded = unicodedata.normalize("NFKD", name.casefold())
    folded = "".join(c for c in folded if not unicodedata.combining(c))
    return "-".join(_WORD.findall(folded)).replace("_", "-")


@functools.lru_cache(maxsize=4096)
def article_iri(article_id: str) -> URIRef:
    return URIRef(f"{ID_NS}article/{_segment(article_id)}")  # cached: every mention IRI starts with it


def graph_iri(article_id: str) -> URIRef:
    """The named graph holding every fact extracted from one article."""
    return URIRef(f"{ID_NS}graph/{_segment(article_id)}")


IDENTITY_GRAPH = "identity"  # not hex: cannot collide with an article id
GAZETTEER_GRAPH = "geonames"
ANALYSIS_GRAPH = "analysis"
SUMMARY_GRAPH = "summary"


def identity_graph_iri() -> URIRef:
    """The named graph of owl:sameAs links from IRIs that merges retired."""
    return graph_iri(IDENTITY_GRAPH)


def gazetteer_graph_iri() -> URIRef:
    """The named graph of what GeoNames says of the places kg linked."""
    return graph_iri(GAZETTEER_GRAPH)


def analysis_graph_iri() -> URIRef:
    """The named graph of network-analysis results (`kg analyze`)."""
    return graph_iri(ANALYSIS_GRAPH)


def summary_graph_iri() -> URIRef:
    """The named graph of counts per node and per pair of entities (:mod:`kg.summary`)."""
    return graph_iri(SUMMARY_GRAPH)


def service_graph_iris() -> set[URIRef]:
    """Named graphs that kg makes itself, not from one article."""
    return {identity_graph_iri(), gazetteer_graph_iri(), analysis_graph_iri(), summary_graph_iri()}


def mention_iri(article_id: str, begin: int, end: int) -> URIRef:
    """NIF mention IRI: the article IRI with an RFC 5147 ``#char=b,e`` fragment."""
    return URIRef(f"{article_iri(article_id)}#char={int(begin)},{int(end)}")


def entity_iri(kind: str, key: str) -> URIRef:
    return URIRef(f"{ID_NS}{_segment(kind)}/{_segment(key)}")


def event_iri(key: str) -> URIRef:
    return URIRef(f"{ID_NS}event/{_segment(key)}")


def quotation_iri(key: str) -> URIRef:
    return URIRef(f"{ID_NS}quotation/{_segment(key)}")


def relation_iri(key: str) -> URIRef:
    """A relation as the summary graph counts it: one per subject, predicate and object."""
    return URIRef(f"{ID_NS}relation/{_segment(key)}")


def co_mention_iri(key: str) -> URIRef:
    return URIRef(f"{ID_NS}co-mention/{_segment(key)}")


def quantity_iri(key: str) -> URIRef:
    return URIRef(f"{ID_NS}quantity/{_segment(key)}")


def time_iri(key: str) -> URIRef:
    return URIRef(f"{ID_NS}time/{_segment(key)}")


def statement_iri(key: str) -> URIRef:
    """A reified relation (``rdf:Statement``): one per article, relation and stating words."""
    return URIRef(f"{ID_NS}statement/{_segment(key)}")


def activity_iri(key: str) -> URIRef:
    return URIRef(f"{ID_NS}activity/{_segment(key)}")


def agent_iri(key: str) -> URIRef:
    return URIRef(f"{ID_NS}agent/{_segment(key)}")
