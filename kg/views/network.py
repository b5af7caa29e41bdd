"""The network views, from the store to a graph: one :class:`networkx.MultiDiGraph` each.

:mod:`kg.views.network_page` turns such a graph into a page; this module knows nothing of pages.

- :func:`build_network` — entities and events; edges are event roles (agent, patient,
  actor, place), quotations ("said about") and relations (works for, located in, …);
- :func:`build_events_network` — events linked to their actors, places and times
  (``sem:hasTime`` nodes, labelled with the time's text);
- :func:`build_sources_network` — articles and outlets as nodes: outlet → article
  "published", article → entity / event "reports";
- :func:`build_query_network` — any SPARQL CONSTRUCT (or DESCRIBE): IRIs become nodes,
  labelled by ``rdfs:label``, literals become tooltip attributes.

:func:`focus` cuts any of them down to an ego network (``kg view --focus X --hops K``,
the name resolved by :func:`find_focus` with :func:`kg.lookup.lookup`) and
:func:`limit` to the N most important nodes (by sources, then mentions, then degree),
recording what was left out, which the page states.  :func:`network_for` gives the
graph of one view, cut as asked.

Node attributes: ``label``, ``kind`` (:mod:`kg.kinds`), ``alt_labels``, ``mentions``,
``sources`` (the number of article graphs), ``graphs``, ``evidence`` ((graph, sentence)
pairs, :mod:`kg.views.facts`) and ``attrs``; edge attributes: ``label``, ``sources``,
``graphs``, ``evidence`` and ``quotes``.  ``graph.graph`` holds ``view``, ``articles``,
``kinds`` and ``edge_labels`` (the legend), ``focus`` and ``omitted``.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable

import networkx as nx
import pyoxigraph

from kg.kinds import KINDS as KIND_TABLE
from kg.kinds import kind_of
from kg.lookup import lookup
from kg.store import query as run_query
from kg.views.common import Source, local_name, prefixed, select, select_in
from kg.views.facts import (
    EVIDENCE_SOURCES,
    MAX_EVIDENCE,
    VIEW_KINDS,
    Facts,
    Pending,
    edge_evidence,
    evidence,
    fill_evidence,
    group_mentions,
    iri_values,
)
from kg.vocab import KG, RDFS, SCHEMA, SEM

__all__ = [
    "ViewError",
    "build_events_network",
    "build_network",
    "build_query_network",
    "build_sources_network",
    "find_focus",
    "focus",
    "importance",
    "limit",
    "network_for",
]


class ViewError(ValueError):
    """A view cannot be drawn as asked (unknown focus, a query that is not a CONSTRUCT …)."""


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
    evidence: list[tuple[str, str]] | Pending,
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


def _role_rows(facts: Facts) -> dict[tuple[str, str, str], set[str]]:
    """(event, role label, target) -> the article graphs that state it (read once for the
    pages of one :class:`Facts`: treat it as read-only)."""
    return facts.once("roles", lambda: _read_roles(facts))


def _read_roles(facts: Facts) -> dict[tuple[str, str, str], set[str]]:
    rows = facts.rows(f"""SELECT DISTINCT ?e ?p ?x ?g WHERE {{
        GRAPH ?g {{ ?e ?p ?x }} VALUES ?p {{ {iri_values(_ROLE_LABELS)} }} ?e a sem:Event }}""")
    found: dict[tuple[str, str, str], set[str]] = defaultdict(set)
    for r in rows:
        if r["g"] in facts.articles:
            found[r["e"], _ROLE_LABELS[r["p"]], r["x"]].add(r["g"])
    roles = {(e, x) for (e, label, x) in found if label in ("agent", "patient")}
    return {k: gs for k, gs in found.items() if not (k[1] == "actor" and (k[0], k[2]) in roles)}


def _pending(s: str, o: str, graphs: Iterable[str]) -> Pending:
    """The evidence of the fact s → o in ``graphs``, read by :func:`fill_evidence` if the
    page keeps the edge."""
    return Pending(s, o, tuple(sorted(set(graphs))))


def _add_roles(graph: nx.MultiDiGraph, facts: Facts) -> None:
    for (e, label, x), gs in sorted(_role_rows(facts).items()):
        if e in graph and x in graph:
            _add_edge(graph, e, x, label, gs, _pending(e, x, gs))


def _done(graph: nx.MultiDiGraph, facts: Facts, lazy: bool) -> nx.MultiDiGraph:
    if not lazy:
        fill_evidence(graph, facts)
    return graph


def build_network(
    store: pyoxigraph.Store, *, _facts: Facts | None = None, _lazy: bool = False
) -> nx.MultiDiGraph:
    """Entities and events as nodes; event roles, quotations and relations as edges.

    Only nodes that some article states are drawn (a country known only to the gazetteer
    is not).  Node attributes: ``label``, ``kind``, ``alt_labels``, ``mentions``,
    ``sources`` (the number of article graphs), ``graphs``, ``evidence`` ((graph, sentence)
    pairs) and ``attrs``; edge attributes: ``label``, ``sources``, ``graphs``, ``evidence``
    and ``quotes`` (the quoted texts of "said about" edges).  (``_lazy``: the evidence is left
    :class:`~kg.views.facts.Pending`, for :func:`network_for` to read once it has cut the graph.)
    """
    facts = _facts or Facts(store)
    graph = _new_graph(
        facts.articles,
        "graph",
        VIEW_KINDS,
        ("agent", "patient", "actor", "place", "said about", *_RELATION_LABELS.values(), CO_MENTION),
    )
    for n in sorted(facts.kinds):
        if facts.kinds[n] != "time" and facts.graphs.get(n):
            graph.add_node(n, **facts.node(n, lazy=True))
    _add_roles(graph, facts)

    rows = facts.rows("""SELECT DISTINCT ?q ?c ?x ?g (STR(?t) AS ?text) WHERE {
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

    rows = facts.rows(f"""SELECT DISTINCT ?s ?p ?o ?g WHERE {{
        GRAPH ?g {{ ?s ?p ?o }} VALUES ?p {{ {iri_values(_RELATION_LABELS)} }} }}""")
    relations: dict[tuple[str, str, str], set[str]] = defaultdict(set)
    for r in rows:
        if r["g"] in facts.articles and r["s"] in graph and r["o"] in graph:
            relations[r["s"], _RELATION_LABELS[r["p"]], r["o"]].add(r["g"])
    for (s, label, o), gs in sorted(relations.items()):
        _add_edge(graph, s, o, label, gs, _pending(s, o, gs))
    _add_co_mentions(graph, facts.co_mentions)
    return _done(graph, facts, _lazy)


#: A pair named together is drawn when it is among the strongest of either node's pairs, or
#: named together in at least this many sentences.
CO_MENTION_PER_NODE = 3
CO_MENTION_SENTENCES = 2
CO_MENTION = "mentioned together"


def _add_co_mentions(graph: nx.MultiDiGraph, pairs: dict[tuple[str, str], int]) -> None:
    """Edges "mentioned together" (``sentences``: how many sentences name both) between
    entities of ``graph`` that no stated fact links: each node's :data:`CO_MENTION_PER_NODE`
    strongest pairs, and every pair named together in :data:`CO_MENTION_SENTENCES` sentences
    or more."""
    linked = {frozenset((s, o)) for s, o in graph.edges()}
    candidates = sorted(
        (
            (a, b, n)
            for (a, b), n in pairs.items()
            if a in graph and b in graph and frozenset((a, b)) not in linked
        ),
        key=lambda t: (-t[2], t[0], t[1]),
    )
    taken: Counter[str] = Counter()
    keep = []
    for a, b, n in candidates:
        if n >= CO_MENTION_SENTENCES or taken[a] < CO_MENTION_PER_NODE or taken[b] < CO_MENTION_PER_NODE:
            keep.append((a, b, n))
            taken[a] += 1
            taken[b] += 1
    for a, b, n in sorted(keep):
        graph.add_edge(
            a, b, key=CO_MENTION, label=CO_MENTION, sources=0, graphs=[], evidence=[], quotes=[], sentences=n
        )


def build_events_network(
    store: pyoxigraph.Store, *, _facts: Facts | None = None, _lazy: bool = False
) -> nx.MultiDiGraph:
    """Events linked to their actors (agent, patient, actor), places and times."""
    facts = _facts or Facts(store)
    graph = _new_graph(
        facts.articles, "events", (*VIEW_KINDS, "time"), ("agent", "patient", "actor", "place", "time")
    )
    events = [n for n in sorted(facts.kinds) if facts.kinds[n] == "event" and facts.graphs.get(n)]
    for n in events:
        graph.add_node(n, **facts.node(n, lazy=True))
    roles = dict(_role_rows(facts))  # the times added to a copy
    rows = facts.rows("SELECT DISTINCT ?e ?t ?g WHERE { GRAPH ?g { ?e sem:hasTime ?t } ?e a sem:Event }")
    for r in rows:
        if r["g"] in facts.articles:
            roles.setdefault((r["e"], "time", r["t"]), set()).add(r["g"])
    for e, label, x in sorted(roles):
        if e in graph and x not in graph:
            kind = facts.kinds.get(x) or ("time" if label == "time" else "other")
            graph.add_node(x, **facts.node(x, kind, lazy=True))
    for (e, label, x), gs in sorted(roles.items()):
        if e in graph and x in graph:
            _add_edge(graph, e, x, label, gs, _pending(e, x, gs))
    return _done(graph, facts, _lazy)


def build_sources_network(
    store: pyoxigraph.Store, *, _facts: Facts | None = None, _lazy: bool = False
) -> nx.MultiDiGraph:
    """Articles and outlets as nodes: outlet → article "published", article → what it "reports"."""
    facts = _facts or Facts(store)
    graph = _new_graph(
        facts.articles, "sources", ("article", "outlet", *VIEW_KINDS), ("published", "reports")
    )
    outlets = {
        r["a"]: r["p"]
        for r in facts.rows(
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
            node = facts.node(p, "outlet", lazy=True)
            node["graphs"] = sorted({g for g, s in facts.articles.items() if outlets.get(s.article) == p})
            node["sources"] = len(node["graphs"])
            graph.add_node(p, **node)
    for n in sorted(facts.kinds):
        if n not in graph and facts.kinds[n] != "time" and facts.graphs.get(n):
            graph.add_node(n, **facts.node(n, lazy=True))
    for g, src in sorted(facts.articles.items()):
        if outlets.get(src.article) in graph:
            _add_edge(graph, outlets[src.article], src.article, "published", [g], [])
    for n in list(graph.nodes):
        for g in facts.graphs.get(n, []):
            article = facts.articles[g].article
            if outlets.get(article) == n or graph.nodes[n]["kind"] in ("article",):
                continue
            _add_edge(graph, article, n, "reports", [g], Pending(n, None, (g,)))
    return _done(graph, facts, _lazy)


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
    facts = Facts(store)
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
    mentions = group_mentions(
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
        kind = kind_of(types.get(n, set()), (*VIEW_KINDS, "time", "article")) or "other"
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
            evidence=evidence(mentions.get(n, []), facts.articles, None),
            attrs=sorted(nodes[n]["attrs"]),
        )
    graph.graph["kinds"] = [k.name for k in KIND_TABLE if k.name in kinds]
    for (s, label, o), p in sorted(edges.items()):
        gs = edge_graphs.get((s, p, o), set())
        ev = edge_evidence(mentions, s, o, gs)
        _add_edge(graph, s, o, label, gs, ev)
    return graph


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
    _facts: Facts | None = None,
) -> nx.MultiDiGraph:
    """The network of ``view`` ("graph", "events", "sources" or "query" with ``query``),
    cut to ``focus_on`` (a label or IRI) within ``hops``, then to ``max_nodes``."""
    if view == "query":
        if query is None:
            raise ViewError("the query view needs a SPARQL CONSTRUCT query")
        graph = build_query_network(store, query)
    elif view in _BUILDERS:
        _facts = _facts or Facts(store)
        graph = _BUILDERS[view](store, _facts=_facts, _lazy=True)  # evidence read after the cut
    else:
        raise ViewError(f"unknown view {view!r}; choose one of graph, events, sources, query")
    if focus_on is not None:
        graph = focus(graph, find_focus(store, focus_on, graph), hops, name=focus_on)
    if max_nodes is not None:
        graph = limit(graph, max_nodes)
    if _facts is not None:
        fill_evidence(graph, _facts, EVIDENCE_SOURCES)  # what a page's tooltips show
    return graph


# --------------------------------------------------------- focus and limit


def find_focus(store: pyoxigraph.Store, name_or_iri: str, graph: nx.MultiDiGraph | None = None) -> list[str]:
    """The nodes meant by ``name_or_iri``, found by :func:`kg.lookup.lookup`: an IRI (full, or
    prefixed as ``kgid:place/kharkiv``), a name or alternative name, a short name (surname,
    acronym, without "the"), part of a name, or a close spelling; every match of the best tier.

    Names are compared in Python (never pasted into SPARQL).  With ``graph``, only its nodes
    count.  Raises :class:`ViewError` if none, naming the nearest names.
    """
    found = lookup(store, name_or_iri, within=set(graph.nodes) if graph is not None else None)
    if not found:
        where = " in this view" if graph is not None else ""
        near = f"; nearest names: {', '.join(found.suggestions)}" if found.suggestions else ""
        raise ViewError(f"no node named or identified by {name_or_iri.strip()!r}{where}{near}")
    return sorted(found.iris)


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
