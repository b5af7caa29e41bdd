"""Network analysis of the knowledge graph (``kg analyze``).

The RDF graph is projected onto a :class:`networkx.Graph` in one of three ways
(:data:`PROJECTIONS`), each read from the article graphs only (named graphs that
``prov:wasDerivedFrom`` a ``schema:NewsArticle``; the gazetteer, identity and
analysis graphs never count):

``co-mention``
    entities (people, organisations, actor groups, places) as nodes, joined when
    they are mentioned in the same sentence; ``weight`` is the number of such
    sentences, ``articles`` the number of articles they come from.  Every entity
    with a mention in a sentence is a node, even one never named with another.
``actor-event-place``
    events joined to their ``sem:hasActor`` (``role`` "agent", "patient" or
    "actor") and ``sem:hasPlace`` ("place"); ``weight`` = ``articles`` = the
    number of articles that state the link.  Events without actor or place are
    left out.
``source-entity``
    articles and their outlets (``schema:publisher``) joined to the entities
    they mention (``weight`` = mentions, ``articles`` = articles), and each
    article to its outlet (``relation`` "publisher").

:func:`analyze` computes degree centrality, betweenness (unweighted shortest
paths), PageRank (weighted), Louvain communities (weighted, seeded), each
community's key actors (its entities with the highest PageRank) and the bridges
between communities (nodes with edges into two or more communities, by
betweenness; and the graph's bridge edges that join two communities).
:func:`write_analysis` replaces the named graph ``kgid:graph/analysis`` with the
results and their provenance; :func:`write_graphml` and :func:`write_gexf`
export the projection for Gephi and Cytoscape.  Nodes are IRIs, added in sorted
order, so the same store always gives the same results.

>>> g = nx.Graph([("a", "b"), ("b", "c")])
>>> a = analyze(g, "co-mention")
>>> a.top(1), a.degree["b"], a.betweenness["b"]
(['b'], 1.0, 1.0)
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from itertools import combinations
from pathlib import Path

import networkx as nx
import pyoxigraph as ox
from rdflib import Literal, URIRef

from kg.clock import started_at

from . import __version__, iris, kinds
from .store import query, to_quads
from .vocab import KG, PREFIXES, PROV, RDF, RDFS, SCHEMA, XSD

__all__ = [
    "ALPHA",
    "KEY_ACTORS",
    "PROJECTIONS",
    "SEED",
    "Analysis",
    "Bridge",
    "Community",
    "actor_event_place_graph",
    "analysis_quads",
    "analyze",
    "annotate",
    "article_graphs",
    "centralities",
    "clear_analysis",
    "co_mention_graph",
    "find_communities",
    "format_analysis",
    "pagerank",
    "project",
    "source_entity_graph",
    "write_analysis",
    "write_gexf",
    "write_graphml",
]

SEED = 42  # Louvain's random seed: the same graph always gives the same communities
ALPHA = 0.85  # PageRank's damping factor
KEY_ACTORS = 3  # key actors named per community
DIGITS = 6  # results are rounded to this many decimals before they are written

PROJECTIONS: dict[str, str] = {
    "co-mention": "Entities joined when mentioned in the same sentence of an article; "
    "edge weight = number of sentences.",
    "actor-event-place": "Events joined to their actors (sem:hasActor) and places (sem:hasPlace); "
    "edge weight = number of articles stating the link.",
    "source-entity": "Articles and their outlets (schema:publisher) joined to the entities "
    "they mention; edge weight = number of mentions.",
}

# Node kinds (kg.kinds), most specific first (a kg:ActorGroup is also a schema:Organization).
_KINDS = kinds.typed(("event", "article", *kinds.ENTITY_KINDS))
_ENTITY_TYPES = "schema:Person schema:Organization schema:Place"
_NOT_ACTORS = {"event", "article", "outlet"}  # kinds never named as a community's key actors

# The article graphs: ?g holds the facts of ?art.  Service graphs do not match.
_ARTICLE_GRAPH = "?g prov:wasDerivedFrom ?art . ?art a schema:NewsArticle ."


# ------------------------------------------------------------------ reading


def _iri(curie: str) -> str:
    """The full IRI of a ``prefix:name`` of :data:`kg.vocab.PREFIXES`."""
    prefix, name = curie.split(":", 1)
    return PREFIXES[prefix] + name


def _rows(store: ox.Store, sparql: str) -> list[dict[str, str]]:
    result = query(store, sparql)
    names = [v.value for v in result.variables]
    return [{n: row[n].value for n in names if row[n] is not None} for row in result]


def article_graphs(store: ox.Store) -> list[str]:
    """The IRIs of the article graphs, sorted."""
    rows = _rows(store, f"SELECT DISTINCT ?g WHERE {{ GRAPH ?g {{ {_ARTICLE_GRAPH} }} }}")
    return sorted(r["g"] for r in rows)


def _kinds(store: ox.Store) -> dict[str, str]:
    values = " ".join(f"<{t}>" for _, t in _KINDS)
    rows = _rows(store, f"SELECT DISTINCT ?n ?t WHERE {{ ?n a ?t VALUES ?t {{ {values} }} }}")
    types: dict[str, set[str]] = defaultdict(set)
    for r in rows:
        types[r["n"]].add(r["t"])
    return {n: next(k for k, iri in _KINDS if iri in ts) for n, ts in types.items()}


def _labels(store: ox.Store) -> dict[str, str]:
    rows = _rows(store, "SELECT ?n (MIN(STR(?l)) AS ?label) WHERE { ?n rdfs:label ?l } GROUP BY ?n")
    labels = {r["n"]: r["label"] for r in rows}
    for r in _rows(store, "SELECT ?n (MIN(STR(?h)) AS ?label) WHERE { ?n schema:headline ?h } GROUP BY ?n"):
        labels.setdefault(r["n"], r["label"])
    return labels


def _local_name(iri: str) -> str:
    return iri.rstrip("/").rsplit("/", 1)[-1].rsplit("#", 1)[-1]


def _add_nodes(graph: nx.Graph, nodes, store: ox.Store, kinds: dict[str, str] | None = None) -> None:
    labels, known = _labels(store), _kinds(store)
    for n in sorted(nodes):
        kind = (kinds or {}).get(n) or known.get(n, "other")
        graph.add_node(n, label=labels.get(n) or _local_name(n), kind=kind)


def co_mention_graph(store: ox.Store) -> nx.Graph:
    """Entities, joined when mentioned in one sentence (``weight`` sentences, ``articles``)."""
    rows = _rows(
        store,
        f"""SELECT DISTINCT ?e ?s ?art WHERE {{
        GRAPH ?g {{ {_ARTICLE_GRAPH} ?e a ?t ; gaf:denotedBy ?m . ?m nif:sentence ?s }}
        VALUES ?t {{ {_ENTITY_TYPES} }} }}""",
    )
    in_sentence: dict[str, set[str]] = defaultdict(set)
    article_of: dict[str, str] = {}
    for r in rows:
        in_sentence[r["s"]].add(r["e"])
        article_of[r["s"]] = r["art"]
    sentences: dict[tuple[str, str], set[str]] = defaultdict(set)
    for s, entities in in_sentence.items():
        for a, b in combinations(sorted(entities), 2):
            sentences[a, b].add(s)
    graph = nx.Graph(projection="co-mention")
    _add_nodes(graph, {r["e"] for r in rows}, store)
    for (a, b), ss in sorted(sentences.items()):
        graph.add_edge(a, b, weight=len(ss), articles=len({article_of[s] for s in ss}))
    return graph


_ROLES = {
    _iri("kg:agent"): "agent",
    _iri("kg:patient"): "patient",
    _iri("sem:hasActor"): "actor",
    _iri("sem:hasPlace"): "place",
}


def actor_event_place_graph(store: ox.Store) -> nx.Graph:
    """Events joined to their actors and places (``role``, ``weight`` = ``articles``)."""
    rows = _rows(
        store,
        f"""SELECT DISTINCT ?e ?p ?x ?g WHERE {{
        GRAPH ?g {{ {_ARTICLE_GRAPH} ?e a sem:Event ; ?p ?x }}
        VALUES ?p {{ kg:agent kg:patient sem:hasActor sem:hasPlace }} }}""",
    )
    roles: dict[tuple[str, str], set[str]] = defaultdict(set)
    graphs: dict[tuple[str, str], set[str]] = defaultdict(set)
    for r in rows:
        if r["e"] == r["x"]:
            continue
        roles[r["e"], r["x"]].add(_ROLES[r["p"]])
        graphs[r["e"], r["x"]].add(r["g"])
    graph = nx.Graph(projection="actor-event-place")
    _add_nodes(graph, {n for pair in roles for n in pair}, store)
    for (e, x), rs in sorted(roles.items()):
        if {"agent", "patient"} & rs:  # the specific role says more than sem:hasActor
            rs = rs - {"actor"}
        graph.add_edge(e, x, role=",".join(sorted(rs)), weight=len(graphs[e, x]), articles=len(graphs[e, x]))
    return graph


def source_entity_graph(store: ox.Store) -> nx.Graph:
    """Articles and outlets joined to the entities they mention (``weight`` mentions, ``articles``)."""
    rows = _rows(
        store,
        f"""SELECT ?art ?e (COUNT(DISTINCT ?m) AS ?mentions) WHERE {{
        GRAPH ?g {{ {_ARTICLE_GRAPH} ?e a ?t ; gaf:denotedBy ?m . ?m nif:referenceContext ?art }}
        VALUES ?t {{ {_ENTITY_TYPES} }} }} GROUP BY ?art ?e""",
    )
    outlets = {
        r["art"]: r["o"]
        for r in _rows(
            store,
            f"""SELECT DISTINCT ?art ?o WHERE {{
        GRAPH ?g {{ {_ARTICLE_GRAPH} ?art schema:publisher ?o }} }}""",
        )
    }
    mentions: dict[tuple[str, str], int] = defaultdict(int)
    articles: dict[tuple[str, str], set[str]] = defaultdict(set)
    relation: dict[tuple[str, str], set[str]] = defaultdict(set)
    for r in rows:
        art, e, n = r["art"], r["e"], int(r["mentions"])
        sources = [art] + ([outlets[art]] if art in outlets else [])
        for source in sources:
            if source != e:  # an outlet that names itself
                mentions[source, e] += n
                articles[source, e].add(art)
                relation[source, e].add("mentions")
    for art, outlet in outlets.items():  # weight 1, or 1 + mentions if the article names its outlet
        mentions[art, outlet] += 1
        articles[art, outlet].add(art)
        relation[art, outlet].add("publisher")
    kinds = {o: "outlet" for o in outlets.values()} | {a: "article" for a in outlets}
    graph = nx.Graph(projection="source-entity")
    _add_nodes(graph, {n for pair in mentions for n in pair}, store, kinds)
    for (a, b), n in sorted(mentions.items()):
        graph.add_edge(
            a, b, relation=",".join(sorted(relation[a, b])), weight=n, articles=len(articles[a, b])
        )
    return graph


_PROJECT = {
    "co-mention": co_mention_graph,
    "actor-event-place": actor_event_place_graph,
    "source-entity": source_entity_graph,
}


def project(store: ox.Store, projection: str = "co-mention") -> nx.Graph:
    """The projection named ``projection`` (one of :data:`PROJECTIONS`) of the store."""
    if projection not in _PROJECT:
        raise ValueError(f"unknown projection {projection!r}; choose one of {', '.join(PROJECTIONS)}")
    return _PROJECT[projection](store)


# ------------------------------------------------------------------ analysis


@dataclass(frozen=True)
class Community:
    """A Louvain community: its number (from 1, largest first), members and key actors."""

    number: int
    members: tuple[str, ...]  # sorted by IRI
    key_actors: tuple[str, ...]  # highest PageRank first

    @property
    def iri(self) -> URIRef:
        return iris.entity_iri("community", str(self.number))


@dataclass(frozen=True)
class Bridge:
    """A node with edges into two or more communities (its own counts)."""

    node: str
    communities: tuple[int, ...]
    betweenness: float


@dataclass(frozen=True)
class Analysis:
    """Centralities, communities and bridges of one projection."""

    projection: str
    degree: dict[str, float]
    betweenness: dict[str, float]
    pagerank: dict[str, float]
    communities: tuple[Community, ...]
    bridges: tuple[Bridge, ...]  # highest betweenness first
    bridge_edges: tuple[tuple[str, str], ...]  # graph bridges whose ends lie in two communities
    seed: int = SEED

    @property
    def community_of(self) -> dict[str, int]:
        return {n: c.number for c in self.communities for n in c.members}

    def top(self, n: int) -> list[str]:
        """The ``n`` nodes with the highest PageRank (ties by IRI)."""
        return sorted(self.pagerank, key=lambda x: (-self.pagerank[x], x))[:n]


def _rounded(values: dict[str, float]) -> dict[str, float]:
    return {n: round(float(v), DIGITS) + 0.0 for n, v in sorted(values.items())}


def centralities(graph: nx.Graph) -> dict[str, dict[str, float]]:
    """Degree centrality, betweenness (unweighted, normalised) and PageRank (weighted)."""
    if graph.number_of_nodes() == 0:
        return {"degree": {}, "betweenness": {}, "pagerank": {}}
    return {
        "degree": _rounded(nx.degree_centrality(graph)),
        "betweenness": _rounded(nx.betweenness_centrality(graph, normalized=True)),
        "pagerank": _rounded(pagerank(graph)),
    }


def pagerank(
    graph: nx.Graph, alpha: float = ALPHA, *, tol: float = 1e-12, max_iter: int = 1000
) -> dict[str, float]:
    """Weighted PageRank by power iteration, as :func:`networkx.pagerank` defines it.

    Pure Python (``networkx.pagerank`` needs SciPy): each node passes its rank to its
    neighbours in proportion to edge ``weight``; a node without edges spreads it evenly.
    """
    nodes = sorted(graph.nodes)
    if not nodes:
        return {}
    n = len(nodes)
    strength = {v: sum(d.get("weight", 1) for _, _, d in graph.edges(v, data=True)) for v in nodes}
    out = {
        v: [(u, d.get("weight", 1) / strength[v]) for _, u, d in sorted(graph.edges(v, data=True))]
        for v in nodes
        if strength[v] > 0
    }
    rank = dict.fromkeys(nodes, 1.0 / n)
    for _ in range(max_iter):
        dangling = alpha * sum(rank[v] for v in nodes if v not in out) / n
        new = dict.fromkeys(nodes, (1.0 - alpha) / n + dangling)
        for v, targets in out.items():
            for u, share in targets:
                new[u] += alpha * rank[v] * share
        if sum(abs(new[v] - rank[v]) for v in nodes) < n * tol:
            return new
        rank = new
    raise nx.PowerIterationFailedConvergence(max_iter)


def find_communities(graph: nx.Graph, seed: int = SEED) -> list[list[str]]:
    """Louvain communities (weighted, seeded): largest first, then by first IRI; members sorted."""
    if graph.number_of_nodes() == 0:
        return []
    found = nx.community.louvain_communities(graph, weight="weight", seed=seed)
    return sorted((sorted(c) for c in found), key=lambda c: (-len(c), c[0]))


def analyze(
    graph: nx.Graph, projection: str | None = None, *, seed: int = SEED, key_actors: int = KEY_ACTORS
) -> Analysis:
    """Centralities, communities with key actors, and bridges of ``graph``."""
    scores = centralities(graph)
    pagerank = scores["pagerank"]
    by_rank = lambda n: (-pagerank[n], n)
    communities = []
    for number, members in enumerate(find_communities(graph, seed), 1):
        actors = [n for n in members if graph.nodes[n].get("kind") not in _NOT_ACTORS] or members
        communities.append(Community(number, tuple(members), tuple(sorted(actors, key=by_rank)[:key_actors])))
    of = {n: c.number for c in communities for n in c.members}
    bridges = []
    for n in graph.nodes:
        touched = {of[n]} | {of[m] for m in graph.neighbors(n)}
        if len(touched) >= 2:
            bridges.append(Bridge(n, tuple(sorted(touched)), scores["betweenness"][n]))
    bridges.sort(key=lambda b: (-b.betweenness, b.node))
    edges = sorted(tuple(sorted(e)) for e in nx.bridges(graph) if of[e[0]] != of[e[1]])
    return Analysis(
        projection or graph.graph.get("projection", "graph"),
        scores["degree"],
        scores["betweenness"],
        pagerank,
        tuple(communities),
        tuple(bridges),
        tuple(edges),
        seed,
    )


# ------------------------------------------------------------------ RDF


def _double(value: float) -> Literal:
    return Literal(repr(float(value)), datatype=XSD.double)


def analysis_quads(
    analysis: Analysis, graph: nx.Graph, *, started: str | None = None, used: list[str] | tuple[str, ...] = ()
) -> list[tuple]:
    """The results and their provenance, as quads in ``kgid:graph/analysis``.

    ``used`` names the article graphs the projection was read from; ``started``
    (xsd:dateTime) defaults to now, or ``$SOURCE_DATE_EPOCH``.
    """
    g = iris.analysis_graph_iri()
    started = started or started_at()
    quads: list[tuple] = []
    add = lambda s, p, o: quads.append((s, p, o, g))

    agent = iris.agent_iri(iris.digest("kg", __version__, "networkx", nx.__version__))
    activity = iris.activity_iri(iris.digest("analysis", started, str(agent), analysis.projection))
    projection = iris.entity_iri("projection", analysis.projection)
    add(g, PROV.wasGeneratedBy, activity)
    add(activity, RDF.type, PROV.Activity)
    add(activity, PROV.startedAtTime, Literal(started, datatype=XSD.dateTime))
    add(activity, PROV.wasAssociatedWith, agent)
    add(
        activity,
        RDFS.comment,
        Literal(
            f"Network analysis of the {analysis.projection} projection: degree centrality, "
            f"betweenness (unweighted), PageRank (weighted, alpha {ALPHA}), Louvain communities "
            f"(weighted, seed {analysis.seed})."
        ),
    )
    add(activity, PROV.used, projection)
    for article_graph in sorted(used):
        add(activity, PROV.used, URIRef(article_graph))
    add(projection, RDF.type, PROV.Entity)
    add(projection, RDFS.label, Literal(f"{analysis.projection} projection"))
    add(projection, RDFS.comment, Literal(PROJECTIONS.get(analysis.projection, analysis.projection)))
    add(agent, RDF.type, PROV.SoftwareAgent)
    add(agent, RDFS.label, Literal(f"kg {__version__} with networkx {nx.__version__}"))
    add(agent, SCHEMA.softwareVersion, Literal(__version__))
    add(agent, KG.modelName, Literal("networkx"))  # the shapes ask every agent for its "model"
    add(agent, KG.modelVersion, Literal(nx.__version__))

    label = lambda n: graph.nodes[n].get("label") if n in graph else None
    for c in analysis.communities:
        names = ", ".join(label(n) or _local_name(n) for n in c.key_actors)
        add(c.iri, RDF.type, KG.Community)
        add(c.iri, RDFS.label, Literal(f"community {c.number}: {names}"))
        for n in c.key_actors:
            add(c.iri, KG.keyActor, URIRef(n))
    of = {n: c.iri for c in analysis.communities for n in c.members}
    for n in sorted(analysis.pagerank):
        node = URIRef(n)
        add(node, KG.degreeCentrality, _double(analysis.degree[n]))
        add(node, KG.betweenness, _double(analysis.betweenness[n]))
        add(node, KG.pageRank, _double(analysis.pagerank[n]))
        add(node, KG.community, of[n])
    numbers = {c.number: c.iri for c in analysis.communities}
    for b in analysis.bridges:
        for number in b.communities:
            add(URIRef(b.node), KG.bridges, numbers[number])
    return quads


def clear_analysis(store: ox.Store) -> None:
    """Drop ``kgid:graph/analysis``, and its triples from the default graph unless another graph has them."""
    g = f"<{iris.analysis_graph_iri()}>"
    store.update(f"""DELETE {{ ?s ?p ?o }} WHERE {{
        GRAPH {g} {{ ?s ?p ?o }}
        FILTER NOT EXISTS {{ GRAPH ?other {{ ?s ?p ?o }} FILTER(?other != {g}) }} }} ;
        DROP SILENT GRAPH {g}""")


def write_analysis(
    store: ox.Store, analysis: Analysis, graph: nx.Graph, *, started: str | None = None
) -> int:
    """Replace ``kgid:graph/analysis`` (and its share of the union default graph); the quad count.

    Article graphs are not touched.  The store must be writable.
    """
    quads = analysis_quads(analysis, graph, started=started, used=article_graphs(store))
    clear_analysis(store)
    store.extend(to_quads(quads))
    store.flush()
    return len(quads)


# ------------------------------------------------------------------ export


def _plain(value):
    if value is None:
        return ""
    if isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, (list, tuple, set, frozenset)):
        return "; ".join(str(v) for v in value)
    return str(value)


def annotate(graph: nx.Graph, analysis: Analysis | None = None) -> nx.Graph:
    """A copy of ``graph`` whose attributes are strings and numbers, with the analysis results.

    Nodes get ``degree_centrality``, ``betweenness``, ``pagerank``, ``community`` and
    ``bridge`` (1 or 0) when ``analysis`` is given.
    """
    out = nx.Graph()
    out.graph.update({k: _plain(v) for k, v in graph.graph.items()})
    bridges = {b.node for b in analysis.bridges} if analysis else set()
    of = analysis.community_of if analysis else {}
    for n in sorted(graph.nodes):
        attrs = {k: _plain(v) for k, v in graph.nodes[n].items()}
        if analysis is not None:
            attrs.update(
                degree_centrality=analysis.degree.get(n, 0.0),
                betweenness=analysis.betweenness.get(n, 0.0),
                pagerank=analysis.pagerank.get(n, 0.0),
                community=of.get(n, 0),
                bridge=int(n in bridges),
            )
        out.add_node(n, **attrs)
    for a, b in sorted(tuple(sorted(e)) for e in graph.edges):
        out.add_edge(a, b, **{k: _plain(v) for k, v in graph.edges[a, b].items()})
    return out


def write_graphml(graph: nx.Graph, path: str | Path, analysis: Analysis | None = None) -> Path:
    """Write GraphML (Cytoscape, Gephi, yEd)."""
    nx.write_graphml(annotate(graph, analysis), str(path))
    return Path(path)


def write_gexf(graph: nx.Graph, path: str | Path, analysis: Analysis | None = None) -> Path:
    """Write GEXF 1.2 (Gephi)."""
    nx.write_gexf(annotate(graph, analysis), str(path))
    return Path(path)


# ------------------------------------------------------------------ report


def format_analysis(graph: nx.Graph, analysis: Analysis, top: int = 10) -> str:
    """Text: the top nodes by PageRank, the communities with their key actors, the bridges."""
    label = lambda n: graph.nodes[n].get("label") or _local_name(n)
    of = analysis.community_of
    lines = [
        (
            f"{analysis.projection}: {graph.number_of_nodes()} nodes, "
            f"{graph.number_of_edges()} edges, {len(analysis.communities)} communities"
        )
    ]
    if top <= 0 or not graph.number_of_nodes():
        return "\n".join(lines)
    lines += [
        "",
        f"top {min(top, graph.number_of_nodes())} by PageRank:",
        f"  {'rank':>4}  {'pagerank':>8}  {'degree':>6}  {'betw.':>6}  {'comm.':>5}  node",
    ]
    for i, n in enumerate(analysis.top(top), 1):
        lines.append(
            f"  {i:>4}  {analysis.pagerank[n]:8.4f}  {analysis.degree[n]:6.3f}  "
            f"{analysis.betweenness[n]:6.3f}  {of[n]:>5}  {label(n)}  <{n}>"
        )
    shown = [c for c in analysis.communities if len(c.members) > 1][:top]
    singletons = sum(1 for c in analysis.communities if len(c.members) == 1)
    lines += ["", "communities (key actors by PageRank):"]
    for c in shown:
        lines.append(
            f"  {c.number:>3}  {len(c.members):>3} members  " + ", ".join(label(n) for n in c.key_actors)
        )
    if singletons:
        lines.append(f"  and {singletons} of one member")
    if analysis.bridges:
        lines += ["", "bridges between communities (by betweenness):"]
        for b in analysis.bridges[:top]:
            lines.append(
                f"  {b.betweenness:6.3f}  {label(b.node)}  (communities {', '.join(map(str, b.communities))})"
            )
    return "\n".join(lines)
