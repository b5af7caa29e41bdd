"""Interactive, offline HTML views of the knowledge graph (pyvis / vis-network).

Network views (one :class:`networkx.MultiDiGraph` each, rendered by :func:`render_html`):

- :func:`build_network` — entities and events; edges are event roles (agent, patient,
  actor, place), quotations ("said about") and relations (works for, located in, …);
- :func:`build_events_network` — events linked to their actors, places and times
  (``sem:hasTime`` nodes, labelled with the time's text);
- :func:`build_sources_network` — articles and outlets as nodes: outlet → article
  "published", article → entity / event "reports";
- :func:`build_query_network` — any SPARQL CONSTRUCT (or DESCRIBE): IRIs become nodes,
  labelled by ``rdfs:label``, literals become tooltip attributes.

:func:`focus` cuts any of them down to an ego network (``kg view --focus X --hops K``,
the name resolved by :func:`find_focus` through SPARQL with a bound variable) and
:func:`limit` to the N most important nodes (by sources, then mentions, then degree),
recording what was left out, which the page states.  :func:`write_view` writes one
network page, :func:`write_all_views` every page (network, events, sources, map,
timeline) into a directory; the map and the timeline are :mod:`kg.views.map` and
:mod:`kg.views.timeline`.

Sources: a node's or edge's sources are the distinct named graphs of *articles* (graphs
that ``prov:wasDerivedFrom`` a ``schema:NewsArticle``) that state it; the service graphs
``kgid:graph/geonames``, ``…/identity`` and ``…/analysis`` never count.  Node size grows
with sources (and a little with mentions), edge width with sources.  Tooltips of nodes and
edges list the sources (outlet, headline, date, URL) and the sentence each fact came from
(the ``nif:sentence`` of a ``gaf:denotedBy`` mention in that article).

Safety: every text that comes from the store is passed through :func:`html.escape`
before it becomes tooltip HTML, and a URL is a link only if it is ``http(s)``
(:func:`kg.views.common.safe_url`).  Tooltips are kept out of pyvis' ``title`` field
(under ``tip``) and turned into DOM elements by a small inline script, so vis-network
shows them as HTML and pyvis never switches to its own ``innerHTML`` popup.  Node labels
are drawn on the canvas as plain text (``font.multi`` is off) and reach the page only
through Jinja's ``tojson``, which encodes ``<``, ``>``, ``&`` and ``'``.  The page loads
nothing from the network: vis-network is inlined (``cdn_resources="in_line"``), pyvis'
bootstrap CDN tags are removed, and a Content-Security-Policy forbids any other source.

Page elements with stable ids (for browser tests):

==========================  =====================================================
``#kg-title``               the page heading
``#kg-subtitle``            what the view shows (view, counts, focus)
``#kg-legend``              kinds of node, each a checkbox ``#kg-filter-<kind>``
                            (``person``, ``organization``, ``group``, ``place``,
                            ``event``, ``time``, ``article``, ``outlet``, ``other``;
                            the ones the view can show); unticking hides that kind
``#kg-edge-legend``         the kinds of edge
``#kg-search``              text box: matching labels (and other names) are selected
                            and zoomed to on Enter or as you type
``#kg-search-button``       runs the search
``#kg-search-status``       "N matches"
``#kg-reset``               clears search, filters and highlight, fits the view
``#kg-omitted``             present only when ``--max-nodes`` left nodes out: how many
                            nodes and edges, and which kinds
``#mynetwork``              the vis-network canvas container
==========================  =====================================================

In the page, ``window.kgNetwork`` is the ``vis.Network``, ``window.kgNodes`` /
``window.kgEdges`` its DataSets (each node has ``kind``, ``sources``, ``mentions``;
each edge ``sources``), and ``window.kgView`` offers ``setKindVisible(kind, on)``,
``search(text)`` (returns the matching ids), ``highlight(nodeId)`` (returns the kept
ids), ``highlightEdge(edgeId)``, ``clearHighlight()``, ``reset()``, ``highlighted()``
and ``hiddenKinds()``.  A click on a node dims everything but its neighbourhood; a
click on empty space undims.  ``<html data-kg-ready="true">`` once the script ran.
"""

from __future__ import annotations

import json
import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import networkx as nx
import pyoxigraph
from pyvis.network import Network
from rdflib import Literal

from kg.store import query as run_query
from kg.views.common import (
    CSP,
    Source,
    articles,
    esc,
    link_html,
    local_name,
    prefixed,
    remote_references,
    select,
    select_in,
    sources_html,
    strip_remote,
)
from kg.vocab import KG, PREFIXES, RDFS, SCHEMA, SEM

__all__ = [
    "KINDS",
    "KIND_COLOURS",
    "VIEW_FILES",
    "ViewError",
    "build_events_network",
    "build_network",
    "build_query_network",
    "build_sources_network",
    "find_focus",
    "focus",
    "limit",
    "network_for",
    "remote_references",
    "render_html",
    "to_pyvis",
    "write_all_views",
    "write_view",
]


class ViewError(ValueError):
    """A view cannot be drawn as asked (unknown focus, a query that is not a CONSTRUCT …)."""


#: kind -> (colour, vis-network shape); legend order.
KINDS: dict[str, tuple[str, str]] = {
    "person": ("#4e79a7", "dot"),
    "organization": ("#f28e2b", "dot"),
    "group": ("#e15759", "dot"),
    "place": ("#59a14f", "dot"),
    "event": ("#b07aa1", "diamond"),
    "time": ("#edc948", "square"),
    "article": ("#76b7b2", "square"),
    "outlet": ("#9c755f", "triangle"),
    "other": ("#bab0ac", "dot"),
}
KIND_COLOURS: dict[str, str] = {k: c for k, (c, _) in KINDS.items()}

#: The file each view is written to by default, in ``OUT``.
VIEW_FILES: dict[str, str] = {
    "graph": "graph.html",
    "events": "events.html",
    "sources": "sources.html",
    "query": "query.html",
    "focus": "focus.html",
    "map": "map.html",
    "timeline": "timeline.html",
}

#: Node kinds, most specific first (a kg:ActorGroup is also a schema:Organization).
_ENTITY_TYPES: tuple[tuple[str, str], ...] = (
    ("event", str(SEM.Event)),
    ("group", str(KG.ActorGroup)),
    ("person", str(SCHEMA.Person)),
    ("organization", str(SCHEMA.Organization)),
    ("place", str(SCHEMA.Place)),
)
_TIME_TYPE = ("time", str(SEM.Time))
_ARTICLE_TYPE = ("article", str(SCHEMA.NewsArticle))
_ENTITY_KINDS = ("person", "organization", "group", "place", "event")

_ROLE_LABELS = {
    str(KG.agent): "agent",
    str(KG.patient): "patient",
    str(SEM.hasActor): "actor",
    str(SEM.hasPlace): "place",
}
_RELATION_LABELS = {
    str(SCHEMA.worksFor): "works for",
    str(SCHEMA.memberOf): "member of",
    str(SCHEMA.nationality): "nationality",
    str(SCHEMA.containedInPlace): "in",
    str(SCHEMA.location): "located in",
    str(SCHEMA.homeLocation): "lives in",
    str(SCHEMA.birthPlace): "born in",
    str(KG.killed): "killed",
}
MAX_EVIDENCE = 5  # sentences per source in a tooltip
MAX_TIP_SOURCES = 8  # sources listed in a tooltip
LAYOUT_THRESHOLD = 300
_LABEL_MAX = 40
_CHAR = re.compile(r"#char=(\d+),(\d+)$")


# ------------------------------------------------------------- store facts


@dataclass(frozen=True)
class _Mention:
    graph: str
    iri: str
    sentence: str | None  # the nif:Sentence IRI
    text: str | None  # its nif:anchorOf

    @property
    def begin(self) -> int:
        m = _CHAR.search(self.iri)
        return int(m.group(1)) if m else 0


def _values(iris: Iterable[str]) -> str:
    return " ".join(f"<{i}>" for i in iris)


def _kind_of(types: set[str], table: tuple[tuple[str, str], ...]) -> str | None:
    return next((k for k, iri in table if iri in types), None)


class _Facts:
    """What the views read from one store, each part queried once, when first needed."""

    def __init__(self, store: pyoxigraph.Store):
        self.store = store
        self.articles: dict[str, Source] = articles(store)
        table = (*_ENTITY_TYPES, _TIME_TYPE)
        self._typed = (
            f"{{ SELECT DISTINCT ?n WHERE {{ ?n a ?t . VALUES ?t {{ {_values(i for _, i in table)} }} }} }}"
        )
        self._table = table

    def _rows(self, sparql: str) -> list[dict[str, str | None]]:
        return select(self.store, sparql)

    @cached_property
    def kinds(self) -> dict[str, str]:
        """Every entity, event and time IRI -> its most specific kind."""
        rows = self._rows(
            f"SELECT DISTINCT ?n ?t WHERE {{ ?n a ?t . "
            f"VALUES ?t {{ {_values(i for _, i in self._table)} }} }}"
        )
        types: dict[str, set[str]] = defaultdict(set)
        for r in rows:
            types[r["n"]].add(r["t"])
        return {n: _kind_of(ts, self._table) for n, ts in types.items()}

    @cached_property
    def labels(self) -> dict[str, str]:
        rows = self._rows(
            f"SELECT ?n (MIN(STR(?l)) AS ?label) WHERE {{ {self._typed} ?n rdfs:label ?l }} GROUP BY ?n"
        )
        return {r["n"]: r["label"] for r in rows}

    @cached_property
    def alt_labels(self) -> dict[str, list[str]]:
        rows = self._rows(
            f"SELECT DISTINCT ?n (STR(?l) AS ?alt) WHERE {{ {self._typed} ?n skos:altLabel ?l }}"
        )
        alts: dict[str, set[str]] = defaultdict(set)
        for r in rows:
            alts[r["n"]].add(r["alt"])
        return {n: sorted(a) for n, a in alts.items()}

    @cached_property
    def graphs(self) -> dict[str, list[str]]:
        """Node -> the article graphs that state it (type it)."""
        rows = self._rows(
            f"SELECT DISTINCT ?n ?g WHERE {{ GRAPH ?g {{ ?n a ?t }} "
            f"VALUES ?t {{ {_values(i for _, i in self._table)} }} }}"
        )
        found: dict[str, set[str]] = defaultdict(set)
        for r in rows:
            if r["g"] in self.articles:
                found[r["n"]].add(r["g"])
        return {n: sorted(gs) for n, gs in found.items()}

    @cached_property
    def mentions(self) -> dict[str, list[_Mention]]:
        """Node -> its mentions (all graphs), in article and text order."""
        rows = self._rows(f"""SELECT DISTINCT ?n ?g ?m ?s (STR(?text) AS ?sentence) WHERE {{
            {self._typed} GRAPH ?g {{ ?n gaf:denotedBy ?m }}
            OPTIONAL {{ ?m nif:sentence ?s OPTIONAL {{ ?s nif:anchorOf ?text }} }} }}""")
        return _group_mentions(rows)

    @cached_property
    def quotation_mentions(self) -> dict[str, list[_Mention]]:
        rows = self._rows("""SELECT DISTINCT ?n ?g ?m ?s (STR(?text) AS ?sentence) WHERE {
            ?n a schema:Quotation . GRAPH ?g { ?n gaf:denotedBy ?m }
            OPTIONAL { ?m nif:sentence ?s OPTIONAL { ?s nif:anchorOf ?text } } }""")
        return _group_mentions(rows)

    @cached_property
    def time_stamps(self) -> dict[str, list[str]]:
        rows = self._rows("""SELECT DISTINCT ?n (STR(?ts) AS ?stamp) WHERE {
            ?n a sem:Time . { ?n sem:hasTimeStamp ?ts } UNION { ?n sem:hasBeginTimeStamp ?ts }
            UNION { ?n sem:hasEndTimeStamp ?ts } }""")
        found: dict[str, set[str]] = defaultdict(set)
        for r in rows:
            found[r["n"]].add(r["stamp"])
        return {n: sorted(s) for n, s in found.items()}

    def evidence(self, node: str, graphs: Iterable[str] | None = None) -> list[tuple[str, str]]:
        """(graph, sentence) pairs of ``node``'s mentions in article graphs, at most
        MAX_EVIDENCE per graph."""
        wanted = set(graphs) if graphs is not None else None
        return _evidence(self.mentions.get(node, []), self.articles, wanted)

    def edge_evidence(self, s: str, o: str, graphs: Iterable[str]) -> list[tuple[str, str]]:
        """The sentences an s → o fact came from, per graph: the subject's mentions that share
        a sentence with a mention of the object, else the subject's, else the object's."""
        return _edge_evidence_from(self.mentions, s, o, graphs)

    def node(self, iri: str, kind: str | None = None) -> dict:
        """The attributes of a node of the typed views."""
        graphs = self.graphs.get(iri, [])
        attrs = [("time stamp", ts) for ts in self.time_stamps.get(iri, [])]
        return dict(
            label=self.labels.get(iri) or local_name(iri),
            kind=kind or self.kinds.get(iri, "other"),
            alt_labels=self.alt_labels.get(iri, []),
            mentions=len({m.iri for m in self.mentions.get(iri, [])}),
            sources=len(graphs),
            graphs=graphs,
            evidence=self.evidence(iri),
            attrs=attrs,
        )


def _group_mentions(rows: list[dict[str, str | None]]) -> dict[str, list[_Mention]]:
    found: dict[str, set[_Mention]] = defaultdict(set)
    for r in rows:
        found[r["n"]].add(_Mention(r["g"], r["m"], r["s"], r["sentence"]))
    return {
        n: sorted(ms, key=lambda m: (m.graph, m.begin, m.iri, m.sentence or "", m.text or ""))
        for n, ms in found.items()
    }


def _evidence(
    mentions: list[_Mention], known: dict[str, Source], wanted: set[str] | None
) -> list[tuple[str, str]]:
    per_graph: dict[str, list[str]] = defaultdict(list)
    for m in mentions:
        if (
            m.graph in known
            and (wanted is None or m.graph in wanted)
            and m.text
            and m.text not in per_graph[m.graph]
            and len(per_graph[m.graph]) < MAX_EVIDENCE
        ):
            per_graph[m.graph].append(m.text)
    return [(g, t) for g in sorted(per_graph) for t in per_graph[g]]


def _new_graph(
    facts_articles: dict[str, Source], view: str, kinds: Iterable[str], edge_labels: Iterable[str]
) -> nx.MultiDiGraph:
    graph = nx.MultiDiGraph()
    graph.graph.update(
        view=view,
        articles=facts_articles,
        kinds=list(kinds),
        edge_labels=list(edge_labels),
        omitted=None,
        focus=None,
    )
    return graph


def _add_edge(
    graph: nx.MultiDiGraph,
    s: str,
    o: str,
    label: str,
    graphs: Iterable[str],
    evidence: list[tuple[str, str]],
    quotes: Iterable[str] = (),
) -> None:
    graphs = sorted(set(graphs))
    graph.add_edge(
        s,
        o,
        key=label,
        label=label,
        sources=len(graphs),
        graphs=graphs,
        evidence=evidence,
        quotes=sorted(set(quotes)),
    )


# ------------------------------------------------------------------ the views


def _role_rows(facts: _Facts) -> dict[tuple[str, str, str], set[str]]:
    """(event, role label, target) -> the article graphs that state it."""
    rows = facts._rows(f"""SELECT DISTINCT ?e ?p ?x ?g WHERE {{
        GRAPH ?g {{ ?e ?p ?x }} VALUES ?p {{ {_values(_ROLE_LABELS)} }} ?e a sem:Event }}""")
    found: dict[tuple[str, str, str], set[str]] = defaultdict(set)
    for r in rows:
        if r["g"] in facts.articles:
            found[r["e"], _ROLE_LABELS[r["p"]], r["x"]].add(r["g"])
    roles = {(e, x) for (e, label, x) in found if label in ("agent", "patient")}
    return {k: gs for k, gs in found.items() if not (k[1] == "actor" and (k[0], k[2]) in roles)}


def _add_roles(graph: nx.MultiDiGraph, facts: _Facts) -> None:
    for (e, label, x), gs in sorted(_role_rows(facts).items()):
        if e in graph and x in graph:
            _add_edge(graph, e, x, label, gs, facts.edge_evidence(e, x, gs))


def build_network(store: pyoxigraph.Store, *, _facts: _Facts | None = None) -> nx.MultiDiGraph:
    """Entities and events as nodes; event roles, quotations and relations as edges.

    Only nodes that some article states are drawn (a country known only to the gazetteer
    is not).  Node attributes: ``label``, ``kind``, ``alt_labels``, ``mentions``,
    ``sources`` (the number of article graphs), ``graphs``, ``evidence`` ((graph, sentence)
    pairs) and ``attrs``; edge attributes: ``label``, ``sources``, ``graphs``, ``evidence``
    and ``quotes`` (the quoted texts of "said about" edges).
    """
    facts = _facts or _Facts(store)
    graph = _new_graph(
        facts.articles,
        "graph",
        _ENTITY_KINDS,
        ("agent", "patient", "actor", "place", "said about", *_RELATION_LABELS.values()),
    )
    for n in sorted(facts.kinds):
        if facts.kinds[n] != "time" and facts.graphs.get(n):
            graph.add_node(n, **facts.node(n))
    _add_roles(graph, facts)

    rows = facts._rows("""SELECT DISTINCT ?q ?c ?x ?g (STR(?t) AS ?text) WHERE {
        GRAPH ?g { ?q schema:creator ?c ; schema:about ?x } ?q a schema:Quotation .
        OPTIONAL { ?q schema:text ?t } }""")
    said: dict[tuple[str, str], dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    texts: dict[tuple[str, str], set[str]] = defaultdict(set)
    for r in rows:
        if r["g"] in facts.articles and r["c"] in graph and r["x"] in graph:
            said[r["c"], r["x"]][r["g"]].add(r["q"])
            if r["text"]:
                texts[r["c"], r["x"]].add(r["text"])
    for (c, x), by_graph in sorted(said.items()):
        evidence = []
        for g in sorted(by_graph):
            quoted = [
                m.text
                for q in sorted(by_graph[g])
                for m in facts.quotation_mentions.get(q, [])
                if m.graph == g and m.text
            ]
            evidence += [(g, t) for t in list(dict.fromkeys(quoted))[:MAX_EVIDENCE]]
        _add_edge(graph, c, x, "said about", by_graph, evidence, texts[c, x])

    rows = facts._rows(f"""SELECT DISTINCT ?s ?p ?o ?g WHERE {{
        GRAPH ?g {{ ?s ?p ?o }} VALUES ?p {{ {_values(_RELATION_LABELS)} }} }}""")
    relations: dict[tuple[str, str, str], set[str]] = defaultdict(set)
    for r in rows:
        if r["g"] in facts.articles and r["s"] in graph and r["o"] in graph:
            relations[r["s"], _RELATION_LABELS[r["p"]], r["o"]].add(r["g"])
    for (s, label, o), gs in sorted(relations.items()):
        _add_edge(graph, s, o, label, gs, facts.edge_evidence(s, o, gs))
    return graph


def build_events_network(store: pyoxigraph.Store, *, _facts: _Facts | None = None) -> nx.MultiDiGraph:
    """Events linked to their actors (agent, patient, actor), places and times."""
    facts = _facts or _Facts(store)
    graph = _new_graph(
        facts.articles, "events", (*_ENTITY_KINDS, "time"), ("agent", "patient", "actor", "place", "time")
    )
    events = [n for n in sorted(facts.kinds) if facts.kinds[n] == "event" and facts.graphs.get(n)]
    for n in events:
        graph.add_node(n, **facts.node(n))
    roles = _role_rows(facts)
    rows = facts._rows("SELECT DISTINCT ?e ?t ?g WHERE { GRAPH ?g { ?e sem:hasTime ?t } ?e a sem:Event }")
    for r in rows:
        if r["g"] in facts.articles:
            roles.setdefault((r["e"], "time", r["t"]), set()).add(r["g"])
    for e, label, x in sorted(roles):
        if e in graph and x not in graph:
            graph.add_node(x, **facts.node(x, facts.kinds.get(x) or ("time" if label == "time" else "other")))
    for (e, label, x), gs in sorted(roles.items()):
        if e in graph and x in graph:
            _add_edge(graph, e, x, label, gs, facts.edge_evidence(e, x, gs))
    return graph


def build_sources_network(store: pyoxigraph.Store, *, _facts: _Facts | None = None) -> nx.MultiDiGraph:
    """Articles and outlets as nodes: outlet → article "published", article → what it "reports"."""
    facts = _facts or _Facts(store)
    graph = _new_graph(
        facts.articles, "sources", ("article", "outlet", *_ENTITY_KINDS), ("published", "reports")
    )
    outlets = {
        r["a"]: r["p"]
        for r in facts._rows(
            "SELECT ?a (MIN(STR(?pub)) AS ?p) WHERE { ?a a schema:NewsArticle ; schema:publisher ?pub } GROUP BY ?a"
        )
    }
    for g, src in sorted(facts.articles.items()):
        attrs = [
            (name, value)
            for name, value in (("headline", src.headline), ("date published", src.date), ("url", src.url))
            if value
        ]
        graph.add_node(
            src.article,
            label=src.headline or local_name(src.article),
            kind="article",
            alt_labels=[],
            mentions=0,
            sources=1,
            graphs=[g],
            evidence=[],
            attrs=attrs,
        )
    for a, p in sorted(outlets.items()):
        if a in graph and p not in graph:
            node = facts.node(p, "outlet")
            node["graphs"] = sorted({g for g, s in facts.articles.items() if outlets.get(s.article) == p})
            node["sources"] = len(node["graphs"])
            graph.add_node(p, **node)
    for n in sorted(facts.kinds):
        if n not in graph and facts.kinds[n] != "time" and facts.graphs.get(n):
            graph.add_node(n, **facts.node(n))
    for g, src in sorted(facts.articles.items()):
        if outlets.get(src.article) in graph:
            _add_edge(graph, outlets[src.article], src.article, "published", [g], [])
    for n in list(graph.nodes):
        for g in facts.graphs.get(n, []):
            article = facts.articles[g].article
            if outlets.get(article) == n or graph.nodes[n]["kind"] in ("article",):
                continue
            _add_edge(graph, article, n, "reports", [g], facts.evidence(n, [g]))
    return graph


_QUERY_KIND_TYPES = (*_ENTITY_TYPES, _TIME_TYPE, _ARTICLE_TYPE)


def build_query_network(store: pyoxigraph.Store, sparql: str) -> nx.MultiDiGraph:
    """The triples of a SPARQL CONSTRUCT (or DESCRIBE) as a network.

    Subjects and IRI objects become nodes, labelled by their ``rdfs:label`` (in the result,
    else in the store); literal objects become tooltip attributes of their subject; a
    node's kind comes from its ``rdf:type`` in the store.  Raises :class:`ViewError` for a
    query that gives no triples, and ``SyntaxError`` for invalid SPARQL.
    """
    result = run_query(store, sparql)
    if not isinstance(result, pyoxigraph.QueryTriples):
        raise ViewError("--query needs a CONSTRUCT or DESCRIBE query (it draws triples)")
    triples = list(result)
    facts = _Facts(store)
    nodes: dict[str, dict] = {}
    edges: dict[tuple[str, str, str], str] = {}
    labels: dict[str, str] = {}

    def key(term) -> str:
        return f"_:{term.value}" if isinstance(term, pyoxigraph.BlankNode) else term.value

    for t in triples:
        s = key(t.subject)
        nodes.setdefault(s, {"attrs": set()})
        p = t.predicate.value
        if isinstance(t.object, pyoxigraph.Literal):
            if p == str(RDFS.label) and (s not in labels or t.object.value < labels[s]):
                labels[s] = t.object.value
            nodes[s]["attrs"].add((prefixed(p), t.object.value))
        else:
            o = key(t.object)
            nodes.setdefault(o, {"attrs": set()})
            edges[s, prefixed(p), o] = p
    iris = [n for n in nodes if not n.startswith("_:")]
    types: dict[str, set[str]] = defaultdict(set)
    for r in select_in(store, "SELECT ?n ?t WHERE { ?n a ?t }", "n", iris):
        types[r["n"]].add(r["t"])
    store_labels = {
        r["n"]: r["l"]
        for r in select_in(
            store,
            "SELECT ?n (MIN(STR(?x)) AS ?l) WHERE { { ?n rdfs:label ?x } UNION { ?n schema:headline ?x } } "
            "GROUP BY ?n",
            "n",
            iris,
        )
    }
    node_graphs: dict[str, set[str]] = defaultdict(set)
    for r in select_in(store, "SELECT DISTINCT ?n ?g WHERE { GRAPH ?g { ?n ?p ?o } }", "n", iris):
        if r["g"] in facts.articles:
            node_graphs[r["n"]].add(r["g"])
    mentions = _group_mentions(
        select_in(
            store,
            """SELECT DISTINCT ?n ?g ?m ?s (STR(?text) AS ?sentence)
        WHERE { GRAPH ?g { ?n gaf:denotedBy ?m } OPTIONAL { ?m nif:sentence ?s OPTIONAL { ?s nif:anchorOf ?text } } }""",
            "n",
            iris,
        )
    )
    edge_graphs = _triple_graphs(store, [(s, p, o) for (s, _, o), p in edges.items()], facts.articles)

    kinds = []
    graph = _new_graph(facts.articles, "query", (), sorted({label for _, label, _ in edges}))
    for n in sorted(nodes):
        kind = _kind_of(types.get(n, set()), _QUERY_KIND_TYPES) or "other"
        kinds.append(kind)
        graphs = sorted(node_graphs.get(n, ()))
        graph.add_node(
            n,
            label=labels.get(n) or store_labels.get(n) or (n if n.startswith("_:") else local_name(n)),
            kind=kind,
            alt_labels=[],
            mentions=len({m.iri for m in mentions.get(n, [])}),
            sources=len(graphs),
            graphs=graphs,
            evidence=_evidence(mentions.get(n, []), facts.articles, None),
            attrs=sorted(nodes[n]["attrs"]),
        )
    graph.graph["kinds"] = [k for k in KINDS if k in kinds]
    for (s, label, o), p in sorted(edges.items()):
        gs = edge_graphs.get((s, p, o), set())
        ev = _edge_evidence_from(mentions, s, o, gs)
        _add_edge(graph, s, o, label, gs, ev)
    return graph


def _edge_evidence_from(
    mentions: dict[str, list[_Mention]], s: str, o: str, graphs: Iterable[str]
) -> list[tuple[str, str]]:
    found = []
    for g in sorted(graphs):
        subj = [m for m in mentions.get(s, []) if m.graph == g and m.text]
        obj = [m for m in mentions.get(o, []) if m.graph == g and m.text]
        shared = {m.sentence for m in obj}
        chosen = [m for m in subj if m.sentence in shared] or subj or obj
        found += [(g, t) for t in list(dict.fromkeys(m.text for m in chosen))[:MAX_EVIDENCE]]
    return found


def _triple_graphs(
    store: pyoxigraph.Store, triples: list[tuple[str, str, str]], known: dict[str, Source], batch: int = 200
) -> dict[tuple[str, str, str], set[str]]:
    """Article graphs that hold each (IRI) triple; terms are serialised by pyoxigraph."""
    rows = [t for t in triples if not (t[0].startswith("_:") or t[2].startswith("_:"))]
    found: dict[tuple[str, str, str], set[str]] = defaultdict(set)
    for start in range(0, len(rows), batch):
        values = " ".join(
            f"({pyoxigraph.NamedNode(s)} {pyoxigraph.NamedNode(p)} {pyoxigraph.NamedNode(o)})"
            for s, p, o in rows[start : start + batch]
        )
        for r in select(
            store, f"SELECT ?s ?p ?o ?g WHERE {{ VALUES (?s ?p ?o) {{ {values} }} GRAPH ?g {{ ?s ?p ?o }} }}"
        ):
            if r["g"] in known:
                found[r["s"], r["p"], r["o"]].add(r["g"])
    return found


_BUILDERS = {"graph": build_network, "events": build_events_network, "sources": build_sources_network}


def network_for(
    store: pyoxigraph.Store,
    view: str = "graph",
    *,
    query: str | None = None,
    focus_on: str | None = None,
    hops: int = 1,
    max_nodes: int | None = None,
    _facts: _Facts | None = None,
) -> nx.MultiDiGraph:
    """The network of ``view`` ("graph", "events", "sources" or "query" with ``query``),
    cut to ``focus_on`` (a label or IRI) within ``hops``, then to ``max_nodes``."""
    if view == "query":
        if query is None:
            raise ViewError("the query view needs a SPARQL CONSTRUCT query")
        graph = build_query_network(store, query)
    elif view in _BUILDERS:
        graph = _BUILDERS[view](store, _facts=_facts)
    else:
        raise ViewError(f"unknown view {view!r}; choose one of graph, events, sources, query")
    if focus_on is not None:
        graph = focus(graph, find_focus(store, focus_on, graph), hops, name=focus_on)
    if max_nodes is not None:
        graph = limit(graph, max_nodes)
    return graph


# --------------------------------------------------------- focus and limit

_FIND = """SELECT DISTINCT ?n WHERE {
  { ?n rdfs:label ?l } UNION { ?n skos:altLabel ?l } UNION { ?n schema:headline ?l }
  FILTER(LCASE(STR(?l)) = LCASE(STR(?name)))
} ORDER BY ?n"""


def find_focus(store: pyoxigraph.Store, name_or_iri: str, graph: nx.MultiDiGraph | None = None) -> list[str]:
    """The nodes meant by ``name_or_iri``: an IRI (full, or prefixed as ``kgid:place/kharkiv``),
    or a label / alternative label / headline, compared case-insensitively.

    The name is bound to ``?name`` with a VALUES block (:func:`kg.store.query`), never pasted
    into the query.  With ``graph``, only its nodes count.  Raises :class:`ViewError` if none.
    """
    text = name_or_iri.strip()
    candidates: list[str] = []
    if re.match(r"(?i)^(https?|urn):", text):
        candidates = [text]
    else:
        prefix, _, rest = text.partition(":")
        if rest and prefix in PREFIXES and " " not in text:
            candidates = [PREFIXES[prefix] + rest]
    if not candidates or (graph is not None and not any(c in graph for c in candidates)):
        candidates += [r["n"] for r in select(store, _FIND, name=Literal(text)) if r["n"]]
    if graph is not None:
        candidates = [c for c in candidates if c in graph]
    if not candidates:
        where = " in this view" if graph is not None else ""
        raise ViewError(f"no node named or identified by {text!r}{where}")
    return sorted(dict.fromkeys(candidates))


def _restrict(graph: nx.MultiDiGraph, keep: set[str]) -> nx.MultiDiGraph:
    """The subgraph on ``keep``, in ``graph``'s order (deterministic)."""
    sub = nx.MultiDiGraph()
    sub.graph.update(graph.graph)
    sub.add_nodes_from((n, d) for n, d in graph.nodes(data=True) if n in keep)
    sub.add_edges_from(
        (s, o, k, d) for s, o, k, d in graph.edges(keys=True, data=True) if s in keep and o in keep
    )
    return sub


def focus(
    graph: nx.MultiDiGraph, centres: Iterable[str], hops: int = 1, *, name: str | None = None
) -> nx.MultiDiGraph:
    """The ego network: ``centres`` and every node within ``hops`` edges (either direction)."""
    centres = [c for c in centres if c in graph]
    if not centres:
        raise ViewError("the focus is not a node of this view")
    hops = max(0, int(hops))
    undirected = graph.to_undirected(as_view=True)
    keep: set[str] = set()
    for c in centres:
        keep |= set(nx.single_source_shortest_path_length(undirected, c, cutoff=hops))
    sub = _restrict(graph, keep)
    sub.graph["focus"] = {
        "name": name or ", ".join(graph.nodes[c]["label"] for c in centres),
        "centres": centres,
        "hops": hops,
    }
    return sub


def importance(graph: nx.MultiDiGraph) -> list[str]:
    """Nodes, most important first: by sources, then mentions, then degree, then label."""
    return sorted(
        graph.nodes,
        key=lambda n: (
            -graph.nodes[n].get("sources", 0),
            -graph.nodes[n].get("mentions", 0),
            -graph.degree(n),
            graph.nodes[n].get("label", ""),
            n,
        ),
    )


def limit(graph: nx.MultiDiGraph, max_nodes: int) -> nx.MultiDiGraph:
    """The ``max_nodes`` most important nodes (:func:`importance`) and the edges among them.

    ``graph.graph["omitted"]`` then records what was left out: ``nodes``, ``edges``, and
    ``kinds`` (left-out nodes per kind); the page states it.
    """
    max_nodes = max(0, int(max_nodes))
    if graph.number_of_nodes() <= max_nodes:
        return graph
    keep = set(importance(graph)[:max_nodes])
    sub = _restrict(graph, keep)
    left = Counter(d["kind"] for n, d in graph.nodes(data=True) if n not in keep)
    sub.graph["omitted"] = {
        "nodes": graph.number_of_nodes() - sub.number_of_nodes(),
        "edges": graph.number_of_edges() - sub.number_of_edges(),
        "kinds": {k: left[k] for k in sorted(left, key=lambda k: (-left[k], k))},
        "total_nodes": graph.number_of_nodes(),
        "total_edges": graph.number_of_edges(),
    }
    return sub


# ------------------------------------------------------------------ rendering


def _attr_html(name: str, value: str) -> str:
    shown = link_html(value) if name in ("url", "schema:url") else esc(value)
    return f'<br><span class="kg-attr">{esc(name)}: {shown}</span>'


def _by_graph(evidence: list[tuple[str, str]]) -> dict[str, list[str]]:
    found: dict[str, list[str]] = defaultdict(list)
    for g, text in evidence:
        found[g].append(text)
    return found


def _node_tip(iri: str, d: dict, known: dict[str, Source]) -> str:
    """Tooltip HTML for a node; every text from the store is escaped."""
    parts = [f"<b>{esc(d['label'])}</b>"]
    if d["alt_labels"]:
        parts.append("<br><i>also:</i> " + ", ".join(esc(a) for a in d["alt_labels"]))
    parts.append(f"<br>{esc(d['kind'])} · {d['mentions']} mention(s) · {d['sources']} source(s)")
    parts.append(f"<br><small>{esc(iri)}</small>")
    parts += [_attr_html(name, value) for name, value in d.get("attrs", [])[:20]]
    parts.append(sources_html(d["graphs"], known, MAX_TIP_SOURCES, _by_graph(d["evidence"]), MAX_EVIDENCE))
    return "".join(parts)


def _edge_tip(s_label: str, o_label: str, d: dict, known: dict[str, Source]) -> str:
    """Tooltip HTML for an edge; every text from the store is escaped."""
    tip = f"{esc(s_label)} <b>{esc(d['label'])}</b> {esc(o_label)}<br>{d['sources']} source(s)"
    if d.get("quotes"):
        tip += "<ul>" + "".join(f"<li>“{esc(t)}”</li>" for t in d["quotes"][:MAX_EVIDENCE]) + "</ul>"
    return tip + sources_html(d["graphs"], known, MAX_TIP_SOURCES, _by_graph(d["evidence"]), MAX_EVIDENCE)


def _short(label: str) -> str:
    """A canvas label, cut to _LABEL_MAX characters."""
    return label if len(label) <= _LABEL_MAX else label[: _LABEL_MAX - 1] + "…"


def node_size(sources: int, mentions: int) -> float:
    """Node size: grows with the number of sources (logarithmically), and a little with mentions."""
    return round(10 + 12 * math.log2(1 + max(sources, 0)) + min(4.0, math.sqrt(max(mentions, 0))), 2)


def edge_width(sources: int) -> int:
    """Edge width: 1 for one source (or none), 2 more for each further source, at most 9."""
    return min(1 + 2 * max(sources - 1, 0), 9)


def _options(physics: bool) -> dict:
    """vis-network options: bounded stabilisation, or no physics for big graphs."""
    opts: dict = {
        "nodes": {"font": {"multi": False, "size": 14, "color": "#222222"}},
        "edges": {
            "font": {"multi": False, "size": 10, "align": "middle", "color": "#222222"},
            "smooth": {"enabled": physics, "type": "dynamic"},
        },
        "interaction": {"hover": True, "tooltipDelay": 150},
        "physics": {"enabled": physics},
        "layout": {"randomSeed": 42},  # the same page draws the same picture every time
    }
    if physics:
        opts["physics"].update(solver="forceAtlas2Based", stabilization={"enabled": True, "iterations": 200})
    return opts


def _layout(graph: nx.MultiDiGraph) -> dict[str, tuple[float, float]]:
    """Precomputed force-directed layout (seeded) in pixels, used for big graphs.

    Below 500 nodes networkx's ``spring_layout``; from 500 on networkx needs scipy, so
    :func:`_fruchterman_reingold` (numpy, memory-bounded, a fixed work budget) instead.
    """
    scale = 40.0 * math.sqrt(graph.number_of_nodes())
    if graph.number_of_nodes() < 500:
        pos = nx.spring_layout(graph, seed=42, scale=scale)
    else:
        pos = _fruchterman_reingold(graph, seed=42, scale=scale)
    return {n: (round(float(x), 1), round(float(y), 1)) for n, (x, y) in pos.items()}


def _fruchterman_reingold(
    graph: nx.MultiDiGraph, *, seed: int, scale: float, budget: float = 2e8
) -> dict[str, tuple[float, float]]:
    """Fruchterman–Reingold in numpy: repulsion computed in row blocks (bounded memory),
    as many iterations (8–50) as ``budget`` node pairs allow."""
    import numpy as np

    nodes = list(graph)
    n = len(nodes)
    index = {v: i for i, v in enumerate(nodes)}
    pairs = sorted({(index[s], index[o]) for s, o in graph.edges() if s != o})
    edges = np.array(pairs, dtype=np.int64).reshape(-1, 2)
    pos = np.random.default_rng(seed).random((n, 2))
    k = 1.0 / math.sqrt(n)
    iterations = int(min(50, max(8, budget / (n * n))))
    temperature = 0.1
    cooling = temperature / (iterations + 1)
    block = max(1, int(2_000_000 // n))
    for _ in range(iterations):
        disp = np.zeros((n, 2))
        x, y = pos[:, 0], pos[:, 1]
        for start in range(0, n, block):
            dx = x[start : start + block, None] - x[None, :]
            dy = y[start : start + block, None] - y[None, :]
            force = dx * dx
            force += dy * dy
            np.maximum(force, 1e-9, out=force)
            np.divide(k * k, force, out=force)
            disp[start : start + block, 0] += np.einsum("ij,ij->i", dx, force)
            disp[start : start + block, 1] += np.einsum("ij,ij->i", dy, force)
        if len(edges):
            d = pos[edges[:, 0]] - pos[edges[:, 1]]
            pull = d * (np.linalg.norm(d, axis=1) / k)[:, None]
            np.subtract.at(disp, edges[:, 0], pull)
            np.add.at(disp, edges[:, 1], pull)
        length = np.maximum(np.linalg.norm(disp, axis=1), 1e-9)
        pos += disp * (np.minimum(length, temperature) / length)[:, None]
        temperature -= cooling
    pos -= pos.mean(axis=0)
    pos *= scale / (float(np.abs(pos).max()) or 1.0)
    return {v: (float(pos[i, 0]), float(pos[i, 1])) for i, v in enumerate(nodes)}


_EDGE_COLOUR = "#8a8a8a"


def to_pyvis(graph: nx.MultiDiGraph) -> Network:
    """A pyvis Network for ``graph`` (vis-network inlined, tooltips under ``tip``)."""
    net = Network(height="78vh", width="100%", directed=True, cdn_resources="in_line", notebook=False)
    known = graph.graph.get("articles", {})
    big = graph.number_of_nodes() > LAYOUT_THRESHOLD
    pos = _layout(graph) if big else {}
    for n, d in graph.nodes(data=True):
        extra = {"x": pos[n][0], "y": pos[n][1]} if big else {}
        colour, shape = KINDS.get(d["kind"], KINDS["other"])
        search = "\n".join([d["label"], *d["alt_labels"]]).lower()
        net.add_node(
            n,
            label=_short(d["label"]),
            color=colour,
            shape=shape,
            kind=d["kind"],
            size=node_size(d["sources"], d["mentions"]),
            sources=d["sources"],
            mentions=d["mentions"],
            search=search,
            tip=_node_tip(n, d, known),
            **extra,
        )
    for i, (s, o, d) in enumerate(graph.edges(data=True)):
        tip = _edge_tip(graph.nodes[s]["label"], graph.nodes[o]["label"], d, known)
        net.add_edge(
            s,
            o,
            id=f"e{i}",
            label=d["label"],
            width=edge_width(d["sources"]),
            sources=d["sources"],
            color=_EDGE_COLOUR,
            tip=tip,
        )
    net.set_options(json.dumps(_options(physics=not big)))
    return net


# ------------------------------------------------------- HTML post-processing

# Turns the escaped ``tip`` HTML into DOM elements so vis-network shows real markup.
_TIP_SCRIPT = """
                  function kgTooltips(ds) {
                      var updates = [];
                      ds.forEach(function (item) {
                          if (typeof item.tip === "string") {
                              var el = document.createElement("div");
                              el.className = "kg-tip";
                              el.innerHTML = item.tip;  // built from html.escape()d text by kg/view.py
                              updates.push({id: item.id, title: el});
                          }
                      });
                      ds.update(updates);
                  }
                  kgTooltips(nodes);
                  kgTooltips(edges);
"""

# Filters, search, neighbourhood highlight; uses the vis-network API only.
_CONTROL_SCRIPT = r"""
(function () {
  "use strict";
  var net = network, nodeSet = nodes, edgeSet = edges;
  window.kgNetwork = net; window.kgNodes = nodeSet; window.kgEdges = edgeSet;
  var FONT = "#222222", DIM_NODE = "rgba(200,200,200,0.35)", DIM_EDGE = "rgba(200,200,200,0.25)",
      DIM_FONT = "rgba(120,120,120,0.35)";
  var hidden = {}, highlighted = null, baseColour = {}, baseEdgeColour = {};
  nodeSet.forEach(function (n) { baseColour[n.id] = n.color; });
  edgeSet.forEach(function (e) { baseEdgeColour[e.id] = e.color; });

  function applyFilters() {
    nodeSet.update(nodeSet.map(function (n) { return {id: n.id, hidden: hidden[n.kind] === true}; }));
    edgeSet.update(edgeSet.map(function (e) {
      var a = nodeSet.get(e.from), b = nodeSet.get(e.to);
      return {id: e.id, hidden: !a || !b || a.hidden === true || b.hidden === true};
    }));
  }
  function restyle(keepNodes, keepEdges) {
    nodeSet.update(nodeSet.map(function (n) {
      var on = keepNodes === null || keepNodes[n.id] === true;
      return {id: n.id, color: on ? baseColour[n.id] : DIM_NODE, font: {color: on ? FONT : DIM_FONT}};
    }));
    edgeSet.update(edgeSet.map(function (e) {
      var on = keepEdges === null || keepEdges[e.id] === true;
      return {id: e.id, color: on ? baseEdgeColour[e.id] : DIM_EDGE, font: {color: on ? FONT : DIM_FONT}};
    }));
  }
  function clearHighlight() { highlighted = null; restyle(null, null); }
  function highlight(id) {
    if (nodeSet.get(id) === null) { clearHighlight(); return []; }
    var keep = {}, keepEdges = {};
    keep[id] = true;
    net.getConnectedNodes(id).forEach(function (n) { keep[n] = true; });
    net.getConnectedEdges(id).forEach(function (e) { keepEdges[e] = true; });
    highlighted = id;
    restyle(keep, keepEdges);
    return Object.keys(keep);
  }
  function highlightEdge(id) {
    var e = edgeSet.get(id);
    if (e === null) { clearHighlight(); return []; }
    var keep = {}, keepEdges = {};
    keep[e.from] = true; keep[e.to] = true; keepEdges[id] = true;
    highlighted = null;
    restyle(keep, keepEdges);
    return Object.keys(keep);
  }
  function setKindVisible(kind, on) {
    hidden[kind] = !on;
    var box = document.getElementById("kg-filter-" + kind);
    if (box) { box.checked = !!on; }
    applyFilters();
    if (highlighted !== null && hidden[nodeSet.get(highlighted).kind]) { clearHighlight(); }
  }
  function search(text) {
    var q = String(text || "").trim().toLowerCase();
    var status = document.getElementById("kg-search-status");
    if (!q) { net.unselectAll(); status.textContent = ""; return []; }
    var ids = nodeSet.getIds({filter: function (n) {
      return n.hidden !== true && String(n.search || n.label || "").indexOf(q) !== -1;
    }});
    if (ids.length) {
      net.selectNodes(ids);
      net.fit({nodes: ids, maxZoomLevel: 1.5, animation: false});
      if (ids.length === 1) { highlight(ids[0]); } else { clearHighlight(); }
    } else {
      net.unselectAll();
    }
    status.textContent = ids.length === 1 ? "1 match" : ids.length + " matches";
    return ids;
  }
  function reset() {
    var box = document.getElementById("kg-search");
    box.value = "";
    document.getElementById("kg-search-status").textContent = "";
    Array.prototype.forEach.call(document.querySelectorAll("#kg-legend input[type=checkbox]"),
      function (b) { b.checked = true; hidden[b.value] = false; });
    applyFilters();
    clearHighlight();
    net.unselectAll();
    net.fit({animation: false});
  }

  Array.prototype.forEach.call(document.querySelectorAll("#kg-legend input[type=checkbox]"), function (b) {
    b.addEventListener("change", function () { setKindVisible(b.value, b.checked); });
  });
  var box = document.getElementById("kg-search"), timer = null;
  box.addEventListener("keydown", function (ev) {
    if (ev.key === "Enter") { ev.preventDefault(); clearTimeout(timer); search(box.value); }
  });
  box.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(function () { search(box.value); }, 250);
  });
  document.getElementById("kg-search-button").addEventListener("click", function () { search(box.value); });
  document.getElementById("kg-reset").addEventListener("click", reset);
  net.on("click", function (p) {
    if (p.nodes.length) { highlight(p.nodes[0]); }
    else if (p.edges.length) { highlightEdge(p.edges[0]); }
    else { clearHighlight(); }
  });
  window.kgView = {
    setKindVisible: setKindVisible, search: search, highlight: highlight,
    highlightEdge: highlightEdge, clearHighlight: clearHighlight, reset: reset,
    highlighted: function () { return highlighted; },
    hiddenKinds: function () { return Object.keys(hidden).filter(function (k) { return hidden[k]; }); }
  };
  document.documentElement.setAttribute("data-kg-ready", "true");
})();
"""

_NETWORK_ANCHOR = "network = new vis.Network(container, data, options);"
_DEAD_COMMENT = re.compile(r"<!--\s*<link[^>]*node_modules.*?-->", re.S)
_EMPTY_HEADING = re.compile(r"<center>\s*<h1>\s*</h1>\s*</center>")

_CSS = """
<style>
body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;margin:0;color:#222}
#mynetwork{box-sizing:border-box}
#kg-controls{font-size:13px;padding:6px 12px;border-bottom:1px solid #ddd}
#kg-title{font-size:20px;margin:2px 0}
#kg-subtitle{margin:2px 0;color:#555}
#kg-legend label{margin-right:1em;white-space:nowrap;cursor:pointer}
.kg-swatch{display:inline-block;width:12px;height:12px;border-radius:6px;margin:0 4px;vertical-align:middle}
#kg-edge-legend{color:#666;margin-left:.5em}
#kg-toolbar{margin:6px 0}
#kg-search{width:18em;padding:2px 4px}
#kg-search-status{color:#555;margin-left:.5em}
#kg-omitted{margin:4px 0;color:#8a4b00}
.kg-tip{white-space:normal;max-width:520px;font-family:sans-serif;font-size:13px}
.kg-tip ul,.kg-tip ol{margin:4px 0;padding-left:18px}
.kg-sentence{font-style:italic}
a.kg-url{color:#1a5fb4;word-break:break-all}
.kg-unsafe-url{color:#888;word-break:break-all}
</style>
"""

_VIEW_TEXT = {
    "graph": "Entities and events",
    "events": "Events with their actors, places and times",
    "sources": "Articles and outlets, and what each article reports",
    "query": "The triples of a SPARQL CONSTRUCT query",
}


def _subtitle(graph: nx.MultiDiGraph) -> str:
    parts = [
        _VIEW_TEXT.get(graph.graph.get("view", "graph"), "Network"),
        f"{graph.number_of_nodes()} nodes, {graph.number_of_edges()} edges",
        f"{len(graph.graph.get('articles', {}))} article(s)",
    ]
    focus_on = graph.graph.get("focus")
    if focus_on:
        parts.append(
            f"focus: {focus_on['name']} ({focus_on['hops']} hop{'s' if focus_on['hops'] != 1 else ''})"
        )
    return " · ".join(parts)


def _omitted_text(omitted: dict) -> str:
    kinds = ", ".join(f"{n} {k}" for k, n in omitted["kinds"].items())
    return (
        f"Showing the {omitted['total_nodes'] - omitted['nodes']} most important of "
        f"{omitted['total_nodes']} nodes (by sources, then mentions, then links). "
        f"Left out: {omitted['nodes']} node(s) ({kinds}) and {omitted['edges']} of "
        f"{omitted['total_edges']} edge(s)."
    )


def _controls(graph: nx.MultiDiGraph, title: str) -> str:
    """Heading, legend with a filter checkbox per kind, search, reset, and what was left out."""
    counts = Counter(d["kind"] for _, d in graph.nodes(data=True))
    kinds = list(graph.graph.get("kinds") or [])
    kinds += [k for k in KINDS if counts[k] and k not in kinds]
    boxes = "".join(
        f'<label class="kg-filter" for="kg-filter-{k}"><input type="checkbox" id="kg-filter-{k}" '
        f'value="{k}" checked><span class="kg-swatch" style="background:{KINDS[k][0]}"></span>'
        f'{esc(k)} <span class="kg-count">({counts[k]})</span></label>'
        for k in kinds
        if k in KINDS
    )
    present = {d["label"] for *_, d in graph.edges(data=True)}
    ordered = [x for x in graph.graph.get("edge_labels", []) if x in present]
    labels = " · ".join(esc(x) for x in ordered + sorted(present - set(ordered))) or "none"
    omitted = graph.graph.get("omitted")
    note = f'<p id="kg-omitted">{esc(_omitted_text(omitted))}</p>' if omitted else ""
    return (
        f'{_CSS}<div id="kg-controls">\n<h1 id="kg-title">{esc(title)}</h1>\n'
        f'<p id="kg-subtitle">{esc(_subtitle(graph))}</p>\n'
        f'<div id="kg-legend" role="group" aria-label="kinds of node">{boxes}'
        f'<span id="kg-edge-legend">edges: {labels}; wider = more sources; '
        f"bigger node = more sources</span></div>\n"
        f'<div id="kg-toolbar"><input type="search" id="kg-search" placeholder="Search labels…" '
        f'autocomplete="off" aria-label="search node labels"> '
        f'<button type="button" id="kg-search-button">Find</button> '
        f'<button type="button" id="kg-reset">Reset</button>'
        f'<span id="kg-search-status" aria-live="polite"></span></div>\n{note}</div>\n'
    )


def _postprocess(page: str, graph: nx.MultiDiGraph, title: str) -> str:
    """Drop CDN tags, add CSP, title, controls and scripts; fail loudly if pyvis changed."""
    if _NETWORK_ANCHOR not in page or "<body>" not in page or "</body>" not in page:
        raise RuntimeError("unexpected pyvis template: cannot install kg tooltips")
    page = _EMPTY_HEADING.sub("", _DEAD_COMMENT.sub("", strip_remote(page)))
    head = (
        f'<meta charset="utf-8">\n<meta http-equiv="Content-Security-Policy" content="{esc(CSP)}">\n'
        f'<meta name="referrer" content="no-referrer">\n<title>{esc(title)}</title>'
    )
    page = page.replace('<meta charset="utf-8">', head, 1)
    page = page.replace("<body>", "<body>\n" + _controls(graph, title), 1)
    page = page.replace(_NETWORK_ANCHOR, _TIP_SCRIPT + "\n                  " + _NETWORK_ANCHOR, 1)
    cut = page.rindex("</body>")
    page = page[:cut] + f"<script>{_CONTROL_SCRIPT}</script>\n" + page[cut:]
    if not page.lstrip().lower().startswith("<!doctype"):
        page = "<!DOCTYPE html>\n" + page
    if remote_references(page):
        raise RuntimeError(f"page still references the network: {remote_references(page)}")
    return page


def render_html(graph: nx.MultiDiGraph, *, title: str = "kg network") -> str:
    """The self-contained HTML page for ``graph``."""
    return _postprocess(to_pyvis(graph).generate_html(), graph, title)


def write_view(
    store: pyoxigraph.Store,
    path: str | Path,
    *,
    title: str = "kg network",
    view: str = "graph",
    query: str | None = None,
    focus_on: str | None = None,
    hops: int = 1,
    max_nodes: int | None = None,
    _facts: _Facts | None = None,
) -> Path:
    """Write one offline network page of ``store`` to ``path`` and return the path.

    ``view`` is "graph" (entities and events), "events", "sources" or "query" (with
    ``query``, a SPARQL CONSTRUCT); ``focus_on``/``hops`` and ``max_nodes`` cut it down
    (:func:`network_for`).  Raises :class:`ViewError` for an unknown focus or a query
    that is not a CONSTRUCT.
    """
    graph = network_for(
        store, view, query=query, focus_on=focus_on, hops=hops, max_nodes=max_nodes, _facts=_facts
    )
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render_html(graph, title=title), encoding="utf-8")
    return path


def write_all_views(
    store: pyoxigraph.Store, out_dir: str | Path, *, title: str = "kg", max_nodes: int | None = None
) -> dict[str, Path]:
    """Write every page into ``out_dir``: the network (graph.html), events.html,
    sources.html, map.html and timeline.html.  Returns view name -> path.

    ``max_nodes`` caps each network page (the page says what was left out).
    """
    from kg.views.map import write_map
    from kg.views.timeline import write_timeline

    out_dir = Path(out_dir)
    facts = _Facts(store)  # read once, drawn three ways
    return {
        "graph": write_view(
            store, out_dir / VIEW_FILES["graph"], title=title, max_nodes=max_nodes, _facts=facts
        ),
        "events": write_view(
            store,
            out_dir / VIEW_FILES["events"],
            title=f"{title} — events",
            view="events",
            max_nodes=max_nodes,
            _facts=facts,
        ),
        "sources": write_view(
            store,
            out_dir / VIEW_FILES["sources"],
            title=f"{title} — sources",
            view="sources",
            max_nodes=max_nodes,
            _facts=facts,
        ),
        "map": write_map(store, out_dir / VIEW_FILES["map"], title=f"{title} — map"),
        "timeline": write_timeline(store, out_dir / VIEW_FILES["timeline"], title=f"{title} — timeline"),
    }
