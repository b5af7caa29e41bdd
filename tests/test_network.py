"""kg.network: projections, centralities, communities, the analysis graph, exports, `kg analyze`."""

from __future__ import annotations

import gc
import shutil
from pathlib import Path

import networkx as nx
import pyoxigraph as ox
import pytest
import typer
from rdflib import Dataset, Literal, Namespace, URIRef
from typer.testing import CliRunner

from kg import iris, network
from kg.network import (
    analysis_quads,
    analyze,
    centralities,
    clear_analysis,
    find_communities,
    pagerank,
    project,
    write_analysis,
    write_gexf,
    write_graphml,
)
from kg.store import open_store, query, refresh_union, to_oxigraph, to_quads
from kg.vocab import GAF, KG, KG_NS, NIF, PROV, RDF, RDFS, SCHEMA, SEM

NEW_TERMS = ("Community", "community", "keyActor", "bridges", "degreeCentrality", "betweenness", "pageRank")


@pytest.fixture(autouse=True)
def analysis_terms(monkeypatch):
    """Until kg.vocab.KG declares the analysis terms, let kg.network use a plain namespace."""
    try:
        for term in NEW_TERMS:
            getattr(KG, term)
    except AttributeError:
        monkeypatch.setattr(network, "KG", Namespace(KG_NS))


# --- a small store, built by hand after docs/rdf-contract.md ---------------------

A1, A2 = "1111111111111111", "2222222222222222"
Z = iris.entity_iri("person", "volodymyr-zelensky")
K = iris.entity_iri("place", "kharkiv")
Y = iris.entity_iri("place", "kyiv")
R = iris.entity_iri("group", "russian-troops")
I = iris.entity_iri("organization", "institute-for-the-study-of-war")
O = iris.entity_iri("organization", "kyiv-independent")
E1, E2, E3, E4, E9 = (
    iris.event_iri(k) for k in ("withdrawal-kharkiv", "attack-kyiv", "victory", "fighting", "service-only")
)
TYPES = {
    Z: [SCHEMA.Person],
    K: [SCHEMA.Place],
    Y: [SCHEMA.Place],
    R: [SCHEMA.Organization, KG.ActorGroup],
    I: [SCHEMA.Organization],
    O: [SCHEMA.Organization],
}
LABELS = {
    Z: "Volodymyr Zelensky",
    K: "Kharkiv",
    Y: "Kyiv",
    R: "Russian troops",
    I: "Institute for the Study of War",
    O: "Kyiv Independent",
    E1: "Withdrawal: Russian troops, Kharkiv",
    E2: "Attack: Kyiv",
    E3: "Victory",
    E4: "Fighting",
}
ACTIVITY = iris.activity_iri("build")
AGENT = iris.agent_iri("kg")

# Each article: its sentences (the entities mentioned in each) and its events' roles.
ARTICLES = {
    A1: (
        [[Z, K, R], [K, R], [I]],
        {
            E1: [(KG.agent, R), (SEM.hasActor, R), (SEM.hasPlace, K)],
            E2: [(SEM.hasActor, R), (SEM.hasPlace, Y)],
            E4: [],
        },
    ),
    A2: (
        [[K, R], [Z, Y]],
        {E1: [(KG.agent, R), (SEM.hasActor, R), (SEM.hasPlace, K)], E3: [(SEM.hasActor, Z)]},
    ),
}


def _article(ds: Dataset, aid: str, sentences, events) -> None:
    g = ds.graph(iris.graph_iri(aid))
    art = iris.article_iri(aid)
    g.add((g.identifier, PROV.wasDerivedFrom, art))
    g.add((g.identifier, PROV.wasGeneratedBy, ACTIVITY))
    g.add((ACTIVITY, RDF.type, PROV.Activity))
    g.add((ACTIVITY, PROV.wasAssociatedWith, AGENT))
    g.add((art, RDF.type, SCHEMA.NewsArticle))
    g.add((art, RDF.type, NIF.Context))
    g.add((art, SCHEMA.headline, Literal(f"Headline {aid[0]}")))
    g.add((art, SCHEMA.publisher, O))
    g.add((O, RDF.type, SCHEMA.Organization))
    g.add((O, RDFS.label, Literal(LABELS[O])))
    first_sentence = None
    for i, entities in enumerate(sentences):
        s = iris.mention_iri(aid, 100 * i, 100 * i + 90)
        first_sentence = first_sentence or s
        g.add((s, RDF.type, NIF.Sentence))
        g.add((s, NIF.referenceContext, art))
        for j, e in enumerate(entities):
            m = iris.mention_iri(aid, 100 * i + 10 * j, 100 * i + 10 * j + 5)
            g.add((m, RDF.type, NIF.Phrase))
            g.add((m, NIF.referenceContext, art))
            g.add((m, NIF.sentence, s))
            g.add((e, GAF.denotedBy, m))
            g.add((e, RDFS.label, Literal(LABELS[e])))
            for t in TYPES[e]:
                g.add((e, RDF.type, t))
    for k, (event, roles) in enumerate(events.items()):
        trigger = iris.mention_iri(aid, 80 + k, 81 + k)  # in the first sentence, not an entity
        g.add((trigger, RDF.type, NIF.Phrase))
        g.add((trigger, NIF.referenceContext, art))
        g.add((trigger, NIF.sentence, first_sentence))
        g.add((event, RDF.type, SEM.Event))
        g.add((event, RDFS.label, Literal(LABELS[event])))
        g.add((event, GAF.denotedBy, trigger))
        for p, x in roles:
            g.add((event, p, x))


def _service_graph(ds: Dataset) -> None:
    """What would change every projection if a service graph counted as an article."""
    g = ds.graph(iris.gazetteer_graph_iri())
    g.add((g.identifier, PROV.wasDerivedFrom, URIRef("https://www.geonames.org/")))
    g.add((g.identifier, PROV.wasGeneratedBy, ACTIVITY))
    fake_s, fake_m, fake_m2 = (iris.mention_iri(A1, b, b + 1) for b in (900, 901, 902))
    for e, m in ((K, fake_m), (Y, fake_m2), (I, fake_m)):
        g.add((e, RDF.type, SCHEMA.Place))
        g.add((e, GAF.denotedBy, m))
        g.add((m, NIF.sentence, fake_s))
        g.add((m, NIF.referenceContext, iris.article_iri(A1)))
    g.add((E9, RDF.type, SEM.Event))
    g.add((E9, SEM.hasActor, Z))
    g.add((E9, SEM.hasPlace, K))
    g.add((iris.article_iri(A1), SCHEMA.publisher, iris.entity_iri("organization", "fake")))


def make_store(path: Path | None = None) -> ox.Store:
    """The hand-built dataset in a pyoxigraph store (on disk under ``path``/store if given)."""
    ds = Dataset()
    for aid, (sentences, events) in ARTICLES.items():
        _article(ds, aid, sentences, events)
    _service_graph(ds)
    store = ox.Store(str(path / "store")) if path is not None else ox.Store()
    store.extend(ox.Quad(*(to_oxigraph(t) for t in quad)) for quad in ds.quads((None, None, None, None)))
    refresh_union(store)
    return store


@pytest.fixture()
def store() -> ox.Store:
    return make_store()


def _edges(graph: nx.Graph, *attrs: str) -> dict[frozenset, tuple]:
    return {frozenset((str(a), str(b))): tuple(d[k] for k in attrs) for a, b, d in graph.edges(data=True)}


def _pair(a, b) -> frozenset:
    return frozenset((str(a), str(b)))


def _graph_sizes(store: ox.Store) -> dict[str, int]:
    sizes: dict[str, int] = {}
    for q in store:
        key = "default" if isinstance(q.graph_name, ox.DefaultGraph) else q.graph_name.value
        sizes[key] = sizes.get(key, 0) + 1
    return sizes


# --- projections ------------------------------------------------------------------


def test_article_graphs_leave_out_service_graphs(store):
    assert network.article_graphs(store) == sorted(str(iris.graph_iri(a)) for a in (A1, A2))


def test_co_mention_projection(store):
    g = project(store, "co-mention")
    assert list(g.nodes) == sorted(str(n) for n in (Z, K, Y, R, I))  # I is mentioned alone
    assert _edges(g, "weight", "articles") == {
        _pair(K, R): (3, 2),  # two sentences of A1, one of A2
        _pair(K, Z): (1, 1),
        _pair(R, Z): (1, 1),
        _pair(Y, Z): (1, 1),
    }  # no Kharkiv–Kyiv edge: that sentence is in the gazetteer graph only
    assert g.nodes[str(K)] == {"label": "Kharkiv", "kind": "place"}
    assert g.nodes[str(R)]["kind"] == "group"
    assert g.nodes[str(Z)]["kind"] == "person"
    assert g.nodes[str(I)]["kind"] == "organization"


def test_actor_event_place_projection(store):
    g = project(store, "actor-event-place")
    assert set(g.nodes) == {str(n) for n in (E1, E2, E3, R, K, Y, Z)}  # E4: no actor or place
    assert _edges(g, "role", "weight", "articles") == {
        _pair(E1, R): ("agent", 2, 2),
        _pair(E1, K): ("place", 2, 2),
        _pair(E2, R): ("actor", 1, 1),
        _pair(E2, Y): ("place", 1, 1),
        _pair(E3, Z): ("actor", 1, 1),
    }  # E9 lives in the gazetteer graph only
    assert g.nodes[str(E1)] == {"label": "Withdrawal: Russian troops, Kharkiv", "kind": "event"}


def test_source_entity_projection(store):
    g = project(store, "source-entity")
    a1, a2 = str(iris.article_iri(A1)), str(iris.article_iri(A2))
    assert set(g.nodes) == {a1, a2, str(O)} | {str(n) for n in (Z, K, Y, R, I)}
    assert _edges(g, "relation", "weight", "articles") == {
        _pair(a1, Z): ("mentions", 1, 1),
        _pair(a1, K): ("mentions", 2, 1),
        _pair(a1, R): ("mentions", 2, 1),
        _pair(a1, I): ("mentions", 1, 1),
        _pair(a2, K): ("mentions", 1, 1),
        _pair(a2, R): ("mentions", 1, 1),
        _pair(a2, Z): ("mentions", 1, 1),
        _pair(a2, Y): ("mentions", 1, 1),
        _pair(O, Z): ("mentions", 2, 2),
        _pair(O, K): ("mentions", 3, 2),
        _pair(O, R): ("mentions", 3, 2),
        _pair(O, I): ("mentions", 1, 1),
        _pair(O, Y): ("mentions", 1, 1),
        _pair(a1, O): ("publisher", 1, 1),
        _pair(a2, O): ("publisher", 1, 1),
    }
    assert g.nodes[a1] == {"label": "Headline 1", "kind": "article"}
    assert g.nodes[str(O)] == {"label": "Kyiv Independent", "kind": "outlet"}


def test_unknown_projection_is_refused(store):
    with pytest.raises(ValueError, match="co-mention"):
        project(store, "friendship")


# --- centralities, communities, bridges --------------------------------------------


def test_centralities_of_a_path():
    c = centralities(nx.path_graph(["a", "b", "c"]))
    assert c["degree"] == {"a": 0.5, "b": 1.0, "c": 0.5}
    assert c["betweenness"] == {"a": 0.0, "b": 1.0, "c": 0.0}
    assert c["pagerank"]["a"] == c["pagerank"]["c"] < c["pagerank"]["b"]
    assert sum(c["pagerank"].values()) == pytest.approx(1.0)


def test_pagerank_of_a_star():
    # centre: (1 + a k) / (n (1 + a)) with k = 3 leaves, n = 4, a = 0.85; each leaf a third of the rest
    star = nx.star_graph(3)
    ranks = pagerank(star)
    assert ranks[0] == pytest.approx(3.55 / 7.4, abs=1e-9)
    assert ranks[1] == ranks[2] == ranks[3] == pytest.approx((1 - 3.55 / 7.4) / 3, abs=1e-9)
    assert centralities(star)["degree"] == {0: 1.0, 1: 0.333333, 2: 0.333333, 3: 0.333333}


def test_weighted_pagerank_follows_weights():
    g = nx.Graph()
    g.add_edge("hub", "strong", weight=10)
    g.add_edge("hub", "weak", weight=1)
    ranks = pagerank(g)
    assert ranks["strong"] > ranks["weak"]


def _two_clusters() -> nx.Graph:
    g = nx.Graph()
    for side in "ac":
        members = [f"{side}{i}" for i in range(1, 5)]
        g.add_edges_from((x, y) for i, x in enumerate(members) for y in members[i + 1 :])
    g.add_edges_from([("a1", "b"), ("b", "c1")])
    return g


def test_two_clusters_and_their_bridge():
    g = _two_clusters()
    result = analyze(g, "test")
    assert len(result.communities) == 2
    clusters = [set(c.members) - {"b"} for c in result.communities]
    assert sorted(map(sorted, clusters)) == [["a1", "a2", "a3", "a4"], ["c1", "c2", "c3", "c4"]]
    assert result.bridges[0].node == "b"
    assert result.bridges[0].communities == (1, 2)
    assert result.betweenness["b"] == max(result.betweenness.values())
    assert len(result.bridge_edges) == 1 and "b" in result.bridge_edges[0]
    for c in result.communities:
        assert c.key_actors and set(c.key_actors) <= set(c.members)
        assert c.key_actors[0] == max(c.members, key=lambda n: (result.pagerank[n], n))


def test_analysis_is_deterministic():
    g = _two_clusters()
    assert analyze(g, "x") == analyze(g, "x")
    assert find_communities(g) == find_communities(nx.Graph(sorted(g.edges)))
    q1 = analysis_quads(analyze(g, "x"), g, started="2026-01-01T00:00:00Z")
    q2 = analysis_quads(analyze(g, "x"), g, started="2026-01-01T00:00:00Z")
    assert q1 == q2


def test_empty_graph():
    result = analyze(nx.Graph(), "co-mention")
    assert result.communities == () and result.top(3) == [] and result.bridges == ()


def test_key_actors_are_entities_not_events(store):
    g = project(store, "actor-event-place")
    result = analyze(g)
    for c in result.communities:
        if any(g.nodes[n]["kind"] != "event" for n in c.members):
            assert all(g.nodes[n]["kind"] != "event" for n in c.key_actors)


# --- the analysis graph -------------------------------------------------------------

G_ANALYSIS = f"<{iris.analysis_graph_iri()}>"


def _rows(store, sparql):
    result = query(store, sparql)
    names = [v.value for v in result.variables]
    return [{n: (row[n].value if row[n] is not None else None) for n in names} for row in result]


def test_analysis_graph_is_written_with_provenance(store):
    before = _graph_sizes(store)
    g = project(store, "co-mention")
    result = analyze(g)
    n = write_analysis(store, result, g, started="2026-11-22T10:00:00Z")
    sizes = _graph_sizes(store)
    assert sizes[str(iris.analysis_graph_iri())] == n
    for graph in before:  # article and service graphs untouched
        if graph != "default":
            assert sizes[graph] == before[graph]

    prov = _rows(
        store,
        f"""SELECT ?a ?t ?agent ?label ?version WHERE {{ GRAPH {G_ANALYSIS} {{
        {G_ANALYSIS} prov:wasGeneratedBy ?a . ?a a prov:Activity ; prov:startedAtTime ?t ;
        prov:wasAssociatedWith ?agent . ?agent a prov:SoftwareAgent ; rdfs:label ?label ;
        schema:softwareVersion ?version }} }}""",
    )
    assert len(prov) == 1
    assert prov[0]["t"] == "2026-11-22T10:00:00Z"
    assert prov[0]["label"] == f"kg {network.__version__} with networkx {nx.__version__}"
    used = {r["u"] for r in _rows(store, f"SELECT ?u WHERE {{ GRAPH {G_ANALYSIS} {{ ?a prov:used ?u }} }}")}
    assert used == {str(iris.entity_iri("projection", "co-mention"))} | {
        str(iris.graph_iri(a)) for a in (A1, A2)
    }
    label = _rows(
        store,
        f"""SELECT ?l WHERE {{ GRAPH {G_ANALYSIS} {{
        <{iris.entity_iri("projection", "co-mention")}> a prov:Entity ; rdfs:label ?l }} }}""",
    )
    assert label == [{"l": "co-mention projection"}]

    # results on the entity nodes, in the default graph too (a query without GRAPH sees them)
    rows = _rows(
        store,
        """SELECT ?n ?d ?b ?p ?c WHERE { ?n kg:degreeCentrality ?d ; kg:betweenness ?b ;
        kg:pageRank ?p ; kg:community ?c }""",
    )
    assert {r["n"] for r in rows} == set(g.nodes)
    best = result.top(1)[0]
    assert max(float(r["p"]) for r in rows) == result.pagerank[best]  # written as rounded
    assert [float(r["p"]) for r in rows if r["n"] == best] == [result.pagerank[best]]
    communities = _rows(
        store,
        """SELECT ?c ?label (COUNT(?k) AS ?keys) WHERE {
        ?c a kg:Community ; rdfs:label ?label ; kg:keyActor ?k } GROUP BY ?c ?label""",
    )
    assert {r["c"] for r in communities} == {str(c.iri) for c in result.communities}
    assert {r["c"] for r in rows} == {str(c.iri) for c in result.communities}
    assert str(iris.entity_iri("community", "1")) in {r["c"] for r in communities}
    bridges = _rows(store, "SELECT DISTINCT ?n WHERE { ?n kg:bridges ?c }")
    assert {r["n"] for r in bridges} == {b.node for b in result.bridges}

    # the projection after writing: the analysis graph is not an article
    assert _edges(project(store, "co-mention"), "weight") == _edges(g, "weight")


def test_analysis_graph_is_replaced_not_duplicated(store):
    original = _graph_sizes(store)
    g = project(store, "co-mention")
    write_analysis(store, analyze(g), g, started="2026-11-22T10:00:00Z")
    first = _graph_sizes(store)
    write_analysis(store, analyze(g), g, started="2026-11-22T11:00:00Z")  # another activity
    second = _graph_sizes(store)
    assert second == first
    times = _rows(store, "SELECT ?t WHERE { ?a a prov:Activity ; prov:startedAtTime ?t ; prov:used ?u }")
    assert {r["t"] for r in times} == {"2026-11-22T11:00:00Z"}

    g2 = project(store, "actor-event-place")  # another projection replaces the first
    write_analysis(store, analyze(g2), g2, started="2026-11-22T12:00:00Z")
    ranked = {r["n"] for r in _rows(store, "SELECT ?n WHERE { ?n kg:pageRank ?p }")}
    assert ranked == set(g2.nodes)

    clear_analysis(store)
    assert _graph_sizes(store) == original


def test_clearing_keeps_triples_another_graph_holds(store):
    shared = (K, RDFS.label, Literal("Kharkiv"), iris.analysis_graph_iri())
    store.extend(to_quads([shared]))
    clear_analysis(store)
    assert str(iris.analysis_graph_iri()) not in _graph_sizes(store)
    assert _rows(store, f"SELECT ?l WHERE {{ <{K}> rdfs:label ?l }}") == [{"l": "Kharkiv"}]


def test_quads_use_doubles_and_the_community_iris():
    g = _two_clusters()
    quads = analysis_quads(analyze(g, "x"), g, started="2026-01-01T00:00:00Z")
    assert all(q[3] == iris.analysis_graph_iri() for q in quads)
    ranks = [o for s, p, o, _ in quads if p == network.KG.pageRank]
    assert len(ranks) == g.number_of_nodes() and all(o.datatype == network.XSD.double for o in ranks)
    assert {str(o) for s, p, o, _ in quads if p == network.KG.community} == {
        "https://w3id.org/kg-news/id/community/1",
        "https://w3id.org/kg-news/id/community/2",
    }


# --- exports ------------------------------------------------------------------------


def test_graphml_and_gexf_parse_back(store, tmp_path):
    for name in network.PROJECTIONS:
        g = project(store, name)
        result = analyze(g)
        graphml = write_graphml(g, tmp_path / f"{name}.graphml", result)
        gexf = write_gexf(g, tmp_path / f"{name}.gexf", result)
        back = nx.read_graphml(graphml)
        assert set(back.nodes) == set(g.nodes)
        assert set(map(frozenset, back.edges)) == set(map(frozenset, g.edges))
        assert set(nx.read_gexf(gexf).nodes) == set(g.nodes)
        node = result.top(1)[0]
        assert back.nodes[node]["label"] == g.nodes[node]["label"]
        assert back.nodes[node]["pagerank"] == pytest.approx(result.pagerank[node])
        assert back.nodes[node]["community"] == result.community_of[node]
        for _, data in back.nodes(data=True):
            assert all(v is not None for v in data.values())


def test_export_turns_none_and_lists_into_strings(tmp_path):
    g = nx.Graph()
    g.add_node("x", label=None, names=["a", "b"])
    g.add_edge("x", "y", weight=2)
    back = nx.read_graphml(write_graphml(g, tmp_path / "g.graphml"))
    assert back.nodes["x"]["names"] == "a; b"
    assert back.nodes["x"].get("label", "") == ""
    assert set(nx.read_gexf(write_gexf(g, tmp_path / "g.gexf")).nodes) == {"x", "y"}


# --- kg analyze -------------------------------------------------------------------------


def _app() -> typer.Typer:
    from kg.cli import app

    return app


def _on_disk(tmp_path: Path) -> Path:
    out = tmp_path / "out"
    out.mkdir()
    store = make_store(out)
    store.flush()
    del store
    gc.collect()
    return out


def test_analyze_command_writes_exports_and_the_graph(tmp_path):
    out = _on_disk(tmp_path)
    result = CliRunner().invoke(
        _app(),
        [
            "analyze",
            "--out",
            str(out),
            "--top",
            "3",
            "--graphml",
            str(tmp_path / "g.graphml"),
            "--gexf",
            str(tmp_path / "g.gexf"),
        ],
    )
    assert result.exit_code == 0, result.output
    assert "top 3 by PageRank" in result.output
    assert "Kharkiv" in result.output and "communities" in result.output
    assert set(nx.read_graphml(tmp_path / "g.graphml").nodes) == set(nx.read_gexf(tmp_path / "g.gexf").nodes)
    store = open_store(out)
    assert str(iris.analysis_graph_iri()) in {g.value for g in store.named_graphs()}
    del store
    gc.collect()


def test_analyze_command_no_write_and_projections(tmp_path):
    out = _on_disk(tmp_path)
    for name in network.PROJECTIONS:
        result = CliRunner().invoke(
            _app(), ["analyze", "--out", str(out), "--projection", name, "--no-write", "--top", "2"]
        )
        assert result.exit_code == 0, result.output
        assert result.output.startswith(f"{name}:")
    store = open_store(out)
    assert str(iris.analysis_graph_iri()) not in {g.value for g in store.named_graphs()}
    del store
    gc.collect()


def test_analyze_command_usage_errors(tmp_path):
    app = _app()
    result = CliRunner().invoke(app, ["analyze", "--out", str(tmp_path / "nowhere")])
    assert result.exit_code == 2 and "no kg store" in result.output
    out = _on_disk(tmp_path)
    result = CliRunner().invoke(app, ["analyze", "--out", str(out), "--projection", "friendship"])
    assert result.exit_code == 2


# --- the seeds' graph -----------------------------------------------------------------------


@pytest.mark.model
def test_analyze_seeds_names_kharkiv_first(seeds_out, tmp_path):
    out = tmp_path / "out"
    shutil.copytree(seeds_out, out)  # the session's build, copied: analyze writes into it
    result = CliRunner().invoke(_app(), ["analyze", "--out", str(out), "--top", "3"])
    assert result.exit_code == 0, result.output
    top_lines = result.output.split("top 3 by PageRank:")[1].split("\n\n")[0]
    assert "Kharkiv" in top_lines
    store = open_store(out)
    first = _rows(store, "SELECT ?l WHERE { ?n kg:pageRank ?p ; rdfs:label ?l } ORDER BY DESC(?p) LIMIT 1")
    assert first == [{"l": "Kharkiv"}]
    assert _rows(
        store,
        """SELECT ?c WHERE { ?c a kg:Community ; kg:keyActor ?k .
        ?k rdfs:label "Kharkiv" }""",
    )
    del store
    gc.collect()
