"""Who reports a node: the articles, outlets and sentences behind an IRI (``kg sources``).

The command finds the node from a name with :func:`kg.lookup.lookup`."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from rdflib import URIRef

from .outdir import MERGES_FILE
from .store import query

_REPORTS = """
SELECT ?g ?article ?headline ?outlet ?date ?url ?file WHERE {
  GRAPH ?g { ?node ?p ?o . ?g prov:wasDerivedFrom ?article .
             ?article schema:headline ?headline ; kg:sourceFile ?file .
             OPTIONAL { ?article schema:publisher/rdfs:label ?outlet }
             OPTIONAL { ?article schema:datePublished ?date }
             OPTIONAL { ?article schema:url ?url } }
} GROUP BY ?g ?article ?headline ?outlet ?date ?url ?file ORDER BY ?date ?file
"""
_SENTENCES = """
SELECT DISTINCT ?sentence WHERE {
  GRAPH ?g { ?node gaf:denotedBy ?m . ?m nif:sentence/nif:anchorOf ?sentence }
} ORDER BY ?sentence
"""
_DESCRIBE = """
SELECT ?label (GROUP_CONCAT(DISTINCT STR(?type); separator=" ") AS ?types) WHERE {
  ?node a ?type . OPTIONAL { ?node rdfs:label ?label }
} GROUP BY ?label
"""


@dataclass
class Report:
    """One article that reports the node."""

    article: str
    headline: str
    source_file: str
    outlet: str | None = None
    date: str | None = None
    url: str | None = None
    sentences: list[str] = field(default_factory=list)


@dataclass
class Sources:
    node: str
    label: str | None
    types: list[str]
    reports: list[Report]
    merges: list[dict]

    @property
    def articles(self) -> int:
        return len(self.reports)

    @property
    def outlets(self) -> int:
        """Distinct outlets; an article whose outlet is unknown counts as its own."""
        return len({r.outlet or f"unknown:{r.article}" for r in self.reports})


def sources(store: ox.Store, node: str, out: Path | None = None) -> Sources:
    """The articles, outlets and sentences that report ``node``, and why it was merged."""
    iri = URIRef(node)
    described = list(query(store, _DESCRIBE, node=iri))
    label = described[0]["label"].value if described and described[0]["label"] else None
    types = sorted(described[0]["types"].value.split()) if described else []
    reports = []
    for row in query(store, _REPORTS, node=iri):
        get: Callable[[str], Any] = lambda name: row[name].value if row[name] is not None else None
        report = Report(get("article"), get("headline"), get("file"), get("outlet"), get("date"), get("url"))
        report.sentences = [r["sentence"].value for r in query(store, _SENTENCES, node=iri, g=row["g"])]
        reports.append(report)
    merges = []
    if out is not None and (Path(out) / MERGES_FILE).is_file():
        decisions = json.loads((Path(out) / MERGES_FILE).read_text(encoding="utf-8"))
        merges = [d for d in decisions if d.get("node") == node]
    return Sources(node, label, types, reports, merges)
