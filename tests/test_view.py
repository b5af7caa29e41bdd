"""Tests for kg.views' network pages: the store -> networkx graph -> offline, escaped HTML page.

The hand-built stores are in ``tests/builders.py`` (:func:`make_store`, :class:`ArticleGraph`).
"""

from __future__ import annotations

import re

import pyoxigraph
import pytest
from builders import (
    A_SENTENCES,
    B_SENTENCES,
    EVENT,
    EVIL,
    EVIL_NEWS,
    EVIL_ORG,
    FORCES,
    GRAPH_A,
    GRAPH_B,
    IMG,
    JS_URL,
    KHARKIV,
    QUOTE,
    REUTERS,
    SCRIPT,
    SUNDAY,
    UKRAINE,
    ZELENSKY,
    ArticleGraph,
    dataset,
    datasets,
    make_store,
    options,
    page_data,
    scripts,
)
from rdflib import Dataset

from kg.views import write_all_views, write_view
from kg.views.common import remote_references
from kg.views.facts import Facts, fill_evidence
from kg.views.network import build_network
from kg.views.network_page import edge_width, node_size, render_html
from kg.vocab import KG, KGID, SCHEMA, SEM


@pytest.fixture(scope="module")
def store() -> pyoxigraph.Store:
    return make_store(dataset())


@pytest.fixture(scope="module")
def graph(store):
    return build_network(store)


@pytest.fixture(scope="module")
def page(store, tmp_path_factory) -> str:
    path = write_view(store, tmp_path_factory.mktemp("view") / "graph.html", title=f"kg {SCRIPT}")
    assert path.exists()
    return path.read_text(encoding="utf-8")


# ----------------------------------------------------------------- the graph


def test_nodes_and_kinds(graph):
    kinds = {n: d["kind"] for n, d in graph.nodes(data=True)}
    assert kinds == {
        str(ZELENSKY): "person",
        str(KHARKIV): "place",
        str(FORCES): "group",
        str(EVIL_ORG): "organization",
        str(REUTERS): "organization",
        str(EVIL_NEWS): "organization",
        str(EVENT): "event",
    }
    assert list(graph.nodes) == sorted(graph.nodes)
    assert str(QUOTE) not in graph and str(SUNDAY) not in graph
    assert str(UKRAINE) not in graph  # stated by the gazetteer only, by no article


def test_sources_count_article_graphs_only(graph):
    """Service graphs type Zelensky, Kharkiv and the event too: they are no sources."""
    z = graph.nodes[str(ZELENSKY)]
    assert (z["mentions"], z["sources"]) == (3, 2)
    assert z["graphs"] == [str(GRAPH_A), str(GRAPH_B)]
    assert graph.nodes[str(KHARKIV)]["sources"] == 1
    assert graph.nodes[str(EVENT)]["sources"] == 2
    assert graph.nodes[str(REUTERS)]["sources"] == 1 and graph.nodes[str(REUTERS)]["mentions"] == 0
    assert graph.nodes[str(EVIL_ORG)]["mentions"] == 2
    assert graph.nodes[str(EVIL_ORG)]["label"] == EVIL
    assert z["label"] == "Volodymyr Zelensky" and z["alt_labels"] == ["Vladimir Zelensky", "Zelensky"]


def test_evidence_is_the_sentence_of_each_mention(graph):
    ev = graph.nodes[str(ZELENSKY)]["evidence"]
    assert ev == [
        (str(GRAPH_A), A_SENTENCES[0]),
        (str(GRAPH_A), A_SENTENCES[1]),
        (str(GRAPH_B), B_SENTENCES[0]),
    ]
    assert graph.nodes[str(EVIL_ORG)]["evidence"] == [(str(GRAPH_B), s) for s in B_SENTENCES[:2]]


@pytest.mark.parametrize("sources", [1, None])
def test_evidence_read_after_the_cut_is_that_of_the_sources_a_tooltip_lists(store, graph, sources):
    """Pages read evidence late, for the first ``sources`` of each node's and fact's sources
    only: the same sentences as the full graph's for those sources."""
    facts = Facts(store)
    late = build_network(store, _facts=facts, _lazy=True)
    fill_evidence(late, facts, sources)

    def listed(evidence, graphs):
        keep = set(sorted(graphs)[:sources]) if sources else set(graphs)
        return [(g, text) for g, text in evidence if g in keep or (sources is None and not graphs)]

    for n, d in graph.nodes(data=True):
        assert late.nodes[n]["evidence"] == listed(d["evidence"], d["graphs"]), n
    for s, o, k, d in graph.edges(keys=True, data=True):
        assert late.edges[s, o, k]["evidence"] == listed(d["evidence"], d["graphs"]), (s, o, k)
    if sources:  # the cut left something out somewhere
        assert any(len(d["graphs"]) > sources for _, d in graph.nodes(data=True))


def test_edges_and_their_sources(graph):
    edges = {(s, o, k): d["sources"] for s, o, k, d in graph.edges(keys=True, data=True)}
    assert edges == {
        (str(EVENT), str(FORCES), "agent"): 2,  # A and B; the analysis and identity graphs do not count
        (str(EVENT), str(ZELENSKY), "actor"): 1,
        (str(EVENT), str(KHARKIV), "place"): 1,
        (str(ZELENSKY), str(KHARKIV), "said about"): 2,
        (str(ZELENSKY), str(EVENT), "said about"): 2,
        (str(EVIL_ORG), str(ZELENSKY), "said about"): 1,
    }
    agent = graph.edges[str(EVENT), str(FORCES), "agent"]
    assert agent["evidence"] == [(str(GRAPH_A), A_SENTENCES[0]), (str(GRAPH_B), B_SENTENCES[2])]
    said = graph.edges[str(ZELENSKY), str(KHARKIV), "said about"]
    assert said["quotes"] == ["We won the battle of Kharkiv"]
    assert said["evidence"] == [(str(GRAPH_A), A_SENTENCES[1])]  # the quotation's mention


def test_sizes_and_widths():
    assert node_size(2, 1) > node_size(1, 1) > node_size(0, 0)
    assert node_size(2, 0) > node_size(1, 30)  # sources weigh more than mentions
    assert [edge_width(n) for n in (0, 1, 2, 3, 10)] == [1, 1, 3, 5, 9]


def test_build_is_deterministic(store, graph):
    again = build_network(store)
    assert list(again.nodes(data=True)) == list(graph.nodes(data=True))
    assert list(again.edges(keys=True, data=True)) == list(graph.edges(keys=True, data=True))
    assert render_html(again) == render_html(graph)


# ------------------------------------------------------------------ the page


def test_page_is_offline(page):
    assert "vis.Network" in page and "vis-network" in page
    assert any("* vis-network" in body and len(body) > 100_000 for body in scripts(page)), (
        "vis-network not inlined"
    )
    assert not re.search(r"<script\b[^>]*\bsrc\s*=", page, re.I)
    assert not re.search(r"<link\b[^>]*\bhref\s*=\s*[\"']?(https?:)?//", page, re.I)
    assert '<script src="http' not in page and '<link href="http' not in page
    assert remote_references(page) == []
    assert "cdn.jsdelivr" not in page and "cdnjs" not in page
    assert 'http-equiv="Content-Security-Policy"' in page and "default-src &#x27;none&#x27;" in page


def test_page_has_filter_search_and_highlight_controls(page):
    for ident in (
        "kg-legend",
        "kg-search",
        "kg-search-button",
        "kg-search-status",
        "kg-reset",
        "kg-title",
        "kg-subtitle",
        "kg-edge-legend",
        "mynetwork",
    ):
        assert f'id="{ident}"' in page, ident
    for kind in ("person", "organization", "group", "place", "event"):
        assert re.search(rf'<input type="checkbox" id="kg-filter-{kind}" value="{kind}" checked>', page), kind
    assert 'id="kg-omitted"' not in page  # nothing was left out
    control = next(s for s in scripts(page) if "window.kgNetwork" in s)
    assert "window.kgNetwork = net" in control and "var net = network" in control
    assert 'net.on("click"' in control  # neighbourhood highlight
    assert "getConnectedNodes" in control and "nodeSet.update" in control  # DataSet updates
    assert "hidden[n.kind]" in control  # type filters
    assert "net.selectNodes(ids)" in control and "net.fit(" in control  # search selects and zooms
    assert page.index("drawGraph();") < page.index("window.kgNetwork")  # runs after the network exists
    assert "innerHTML" not in control  # the controls never build markup from data


def test_page_nodes_edges_and_tooltips(page):
    nodes = {n["id"]: n for n in datasets(page, "nodes")}
    assert "title" not in nodes[str(ZELENSKY)]  # the tooltip element is built from ``tip`` in the page
    assert "kgTooltips(nodes)" in page and "kgTooltips(edges)" in page
    tip = nodes[str(ZELENSKY)]["tip"]
    assert "Volodymyr Zelensky" in tip and "Vladimir Zelensky" in tip and "2 source(s)" in tip
    assert "Reuters" in tip and "Kharkiv battle ends" in tip and "(2022-05-16)" in tip and "person" in tip
    assert '<a class="kg-url" href="https://example.com/a"' in tip
    assert f"“{A_SENTENCES[1]}”" in tip  # the sentence each mention came from
    assert nodes[str(EVIL_ORG)]["label"] == EVIL  # canvas text (font.multi off), JSON-encoded in the page
    assert nodes[str(ZELENSKY)]["size"] > nodes[str(KHARKIV)]["size"]  # 2 sources vs 1
    assert (nodes[str(ZELENSKY)]["sources"], nodes[str(KHARKIV)]["sources"]) == (2, 1)
    assert nodes[str(ZELENSKY)]["color"] != nodes[str(KHARKIV)]["color"]
    assert nodes[str(ZELENSKY)]["kind"] == "person"
    full, short = nodes[str(ZELENSKY)]["keys"]  # the search keys (kg.lookup.name_keys)
    assert full[:2] == ["volodimir zelenski", "vladimir zelenski"] and "zelenski" in full + short

    edges = {(e["from"], e["to"], e["label"]): e for e in datasets(page, "edges")}
    assert {k[2] for k in edges} == {"agent", "actor", "place", "said about"}
    assert edges[str(EVENT), str(FORCES), "agent"]["width"] == 3  # two sources
    assert edges[str(EVENT), str(KHARKIV), "place"]["width"] == 1  # one source
    assert edges[str(ZELENSKY), str(KHARKIV), "said about"]["width"] == 3
    agent_tip = edges[str(EVENT), str(FORCES), "agent"]["tip"]
    assert "2 source(s)" in agent_tip and "Reuters" in agent_tip and f"“{A_SENTENCES[0]}”" in agent_tip
    assert (
        "Kharkiv battle ends" in agent_tip and "&lt;script&gt;alert(1)&lt;/script&gt; breaking" in agent_tip
    )
    assert "<b>said about</b>" in edges[str(ZELENSKY), str(KHARKIV), "said about"]["tip"]

    opts = options(page)
    assert opts["physics"]["enabled"] is False  # laid out beforehand, by communities
    assert all(isinstance(n["x"], float) and isinstance(n["y"], float) for n in nodes.values())
    assert opts["nodes"]["font"]["multi"] is False


def test_page_escapes_article_text(page):
    for raw in (SCRIPT, IMG, "<img src=x onerror", EVIL):
        assert raw not in page
    tips = " ".join(n["tip"] for n in datasets(page, "nodes"))
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in tips
    assert "&lt;img src=x onerror=alert(1)&gt;" in tips
    assert "&lt;b&gt;Evil&lt;/b&gt;" in tips
    assert "<script" not in tips and "<img" not in tips
    edge_tips = " ".join(e["tip"] for e in datasets(page, "edges"))
    assert "&lt;script&gt;alert(1)&lt;/script&gt; is coming" in edge_tips
    assert "kg &lt;script&gt;alert(1)&lt;/script&gt;" in page  # the page title


def test_javascript_url_is_never_a_link(page):
    tips = [x["tip"] for name in ("nodes", "edges") for x in datasets(page, name)]
    assert any(JS_URL in t for t in tips)  # shown, as inert text
    for text in (page, *tips):
        assert not re.search(r"href\s*=\s*[\"'\\]*\s*javascript:", text, re.I)
    assert any('<span class="kg-url kg-unsafe-url">javascript:alert(1)</span>' in t for t in tips)


# ------------------------------------------------------------- a big graph


@pytest.fixture(scope="module")
def big_page(tmp_path_factory) -> str:
    ds = Dataset()
    a = ArticleGraph(ds, "cccccccccccccccc", ["Many people."], "Many")
    for i in range(350):
        a.entity(KGID[f"person/p{i:03d}"], [SCHEMA.Person], f"Person {i}")
    for i in range(0, 350, 7):
        event = KGID[f"event/e{i:03d}"]
        a.entity(event, [SEM.Event], f"Event {i}")
        a.g.add((event, KG.agent, KGID[f"person/p{i:03d}"]))
    path = write_view(make_store(ds), tmp_path_factory.mktemp("big") / "big.html")
    return path.read_text(encoding="utf-8")


def test_big_graph_is_laid_out_without_physics(big_page):
    nodes = datasets(big_page, "nodes")
    assert len(nodes) == 100  # the 50 events and their agents; the other 300 people are linked to nothing
    loose = page_data(big_page)["loose"]
    assert len(loose) == 300 and {n["kind"] for n in loose} == {"person"}
    assert {n["id"] for n in nodes}.isdisjoint(n["id"] for n in loose)
    assert all(isinstance(n["x"], float) and isinstance(n["y"], float) for n in nodes)
    assert len({(n["x"], n["y"]) for n in nodes}) == len(nodes)
    assert options(big_page)["physics"]["enabled"] is False
    assert remote_references(big_page) == []


def test_empty_store_renders(tmp_path):
    graph = build_network(pyoxigraph.Store())
    assert graph.number_of_nodes() == 0 and graph.number_of_edges() == 0
    page = write_view(pyoxigraph.Store(), tmp_path / "sub" / "empty.html").read_text(encoding="utf-8")
    assert datasets(page, "nodes") == [] and remote_references(page) == []


def test_write_all_views(store, tmp_path):
    written = write_all_views(store, tmp_path / "out", title="kg seeds")
    assert {k: p.name for k, p in written.items()} == {
        "graph": "graph.html",
        "events": "events.html",
        "sources": "sources.html",
        "map": "map.html",
        "timeline": "timeline.html",
    }
    for path in written.values():
        text = path.read_text(encoding="utf-8")
        assert path.parent == tmp_path / "out" and remote_references(text) == []
        assert SCRIPT not in text
    assert "kg seeds — events" in written["events"].read_text(encoding="utf-8")


def test_layout_of_500_and_more_nodes_needs_no_scipy(tmp_path):
    """networkx's spring_layout wants scipy from 500 nodes on; kg lays a big community out with
    numpy (600 people who work for one organisation: one community of 601 nodes)."""
    ds = Dataset()
    a = ArticleGraph(ds, "dddddddddddddddd", ["Many more people."], "More")
    hub = KGID["organization/hub"]
    a.entity(hub, [SCHEMA.Organization], "Hub")
    for i in range(600):
        a.entity(KGID[f"person/q{i:03d}"], [SCHEMA.Person], f"Person {i}")
        a.g.add((KGID[f"person/q{i:03d}"], SCHEMA.worksFor, hub))
    page = write_view(make_store(ds), tmp_path / "more.html").read_text(encoding="utf-8")
    nodes = datasets(page, "nodes")
    assert len(nodes) == 601 and options(page)["physics"]["enabled"] is False
    assert len({(n["x"], n["y"]) for n in nodes}) == 601
    assert {n["community"] for n in nodes} == {1}
    xs, ys = [n["x"] for n in nodes], [n["y"] for n in nodes]
    assert (max(xs) - min(xs)) * (max(ys) - min(ys)) > 601 * 20**2  # spread out, not piled up
