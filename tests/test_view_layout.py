"""The network page's structure, without a browser: "mentioned together" edges from the summary
graph, loose nodes set apart, communities laid out apart, room for the labels, short labels."""

from __future__ import annotations

import math

import networkx as nx
import numpy as np
import pytest
from builders import (
    EVENT,
    FORCES,
    KHARKIV,
    ZELENSKY,
    ArticleGraph,
    dataset,
    datasets,
    make_store,
    page_data,
    with_summary,
)
from rdflib import Dataset

from kg.views import write_view
from kg.views.layout import FRAME, arrange, declutter, expected_scale
from kg.views.network import CO_MENTION, CO_MENTION_PER_NODE, build_network
from kg.views.network_page import short_label, split_loose, text_width
from kg.vocab import KGID, SCHEMA

P = [KGID[f"person/p{i}"] for i in range(8)]
TOWN = KGID["place/town"]


@pytest.fixture(scope="module")
def named_together():
    """p0 is named with p1..p6 (with p1 in three sentences, the others in one); p1 and p7 are
    named together once; p0 works for nobody, but p1 has a stated link to the town."""
    ds = Dataset()
    sentences = [
        "P0 and P1 met.",
        "P0 and P1 spoke.",
        "P0 and P1 left.",
        "P0 saw P2.",
        "P0 saw P3.",
        "P0 saw P4.",
        "P0 saw P5.",
        "P0 saw P6.",
        "P1 and P7 in Town.",
    ]
    a = ArticleGraph(ds, "eeeeeeeeeeeeeeee", sentences, "Together")
    for i, node in enumerate(P):
        a.entity(node, [SCHEMA.Person], f"Person {i}")
    a.entity(TOWN, [SCHEMA.Place], "Town")
    for k, text in enumerate(sentences):
        for i in range(8):
            if f"P{i}" in text:
                a.mention(P[i], k, f"P{i}")
        if "Town" in text:
            a.mention(TOWN, k, "Town")
    a.g.add((P[1], SCHEMA.homeLocation, TOWN))
    return make_store(with_summary(ds))


def test_co_mention_edges_where_no_fact_links_two_entities(named_together):
    graph = build_network(named_together)
    together = {
        frozenset((s, o)): d["sentences"]
        for s, o, k, d in graph.edges(keys=True, data=True)
        if k == CO_MENTION
    }
    p = [str(x) for x in P]
    assert together[frozenset((p[0], p[1]))] == 3  # named together in three sentences
    assert frozenset((p[1], str(TOWN))) not in together  # a stated fact links them already
    assert frozenset((p[1], p[7])) in together and frozenset((p[7], str(TOWN))) in together
    # p0's pairs of one sentence: its CO_MENTION_PER_NODE strongest (p1 first), and the pairs
    # that are among the strongest of the other person (each of p2..p6 has only p0)
    assert {pair for pair in together if p[0] in pair} == {frozenset((p[0], x)) for x in p[1:7]}
    assert CO_MENTION_PER_NODE == 3
    for *_, k, d in graph.edges(keys=True, data=True):
        if k == CO_MENTION:
            assert d["sources"] == 0 and d["sentences"] >= 1 and d["label"] == CO_MENTION


def test_without_a_summary_graph_there_are_no_co_mention_edges():
    graph = build_network(make_store(dataset()))
    assert CO_MENTION not in {k for *_, k in graph.edges(keys=True)}


def test_the_page_draws_co_mentions_thin_dashed_and_without_arrows(named_together, tmp_path):
    page = write_view(named_together, tmp_path / "together.html").read_text(encoding="utf-8")
    edges = datasets(page, "edges")
    together = [e for e in edges if e.get("sentences")]
    stated = [e for e in edges if not e.get("sentences")]
    assert together and stated
    assert all(e["dashes"] and e["arrows"] == {"to": {"enabled": False}} for e in together)
    assert max(e["width"] for e in together) < min(e["width"] for e in stated) + 2
    assert "mentioned together" in page and page_data(page)["loose"] == []


def test_loose_nodes_are_listed_not_drawn(tmp_path):
    store = make_store(dataset())  # no summary: outlets are linked to nothing
    graph = build_network(store)
    drawn, loose = split_loose(graph)
    assert loose and all(graph.degree(n) == 0 for n in loose)
    assert all(drawn.degree(n) > 0 for n in drawn) and set(drawn) | set(loose) == set(graph)
    page = write_view(store, tmp_path / "page.html").read_text(encoding="utf-8")
    assert {n["id"] for n in page_data(page)["loose"]} == set(loose)
    assert {n["id"] for n in datasets(page, "nodes")} == set(drawn)
    assert 'id="kg-loose"' in page and "Not linked (" in page


def test_events_are_labelled_by_type_and_main_actor():
    graph = build_network(make_store(dataset()))
    assert short_label(graph, str(EVENT)) == "Withdrawal: Russian troops"  # the agent, not the place
    assert short_label(graph, str(ZELENSKY)) == "Volodymyr Zelensky"
    g = nx.MultiDiGraph()
    g.add_node("e", label="Shelling: in Kharkiv and far beyond the river", kind="event")
    g.add_node("k", label="Kharkiv", kind="place")
    g.add_edge("e", "k", key="place", label="place")
    assert short_label(g, "e") == "Shelling: in Kharkiv"
    g.add_node("x", label="A" * 80, kind="event", event_type="Attack")
    g.add_node("y", label="An organisation with a very long name indeed", kind="organization")
    g.add_edge("x", "y", key="agent", label="agent")
    assert short_label(g, "x").startswith("Attack: An organisation") and len(short_label(g, "x")) <= 32


def _two_cliques(size: int = 12) -> nx.MultiDiGraph:
    g = nx.MultiDiGraph()
    for side in "ab":
        for i in range(size):
            g.add_node(f"{side}{i}", label=f"{side}{i}", kind="person")
        for i in range(size):
            for j in range(i + 1, size):
                g.add_edge(f"{side}{i}", f"{side}{j}", key="x", label="x", sources=1)
    g.add_edge("a0", "b0", key="x", label="x", sources=1)
    return g


def test_communities_are_laid_out_apart_and_the_same_every_time():
    g = _two_cliques()
    sizes = dict.fromkeys(g, 10.0)
    first, again = arrange(g, sizes=sizes), arrange(g, sizes=sizes)
    assert first == again
    assert [sorted(c.members)[0][0] for c in first.communities] in (["a", "b"], ["b", "a"])
    one, two = first.communities
    assert math.dist((one.x, one.y), (two.x, two.y)) >= one.radius + two.radius  # discs apart
    for c in first.communities:
        for n in c.members:
            assert math.dist(first.positions[n], (c.x, c.y)) + sizes[n] <= c.radius + 1e-6
    assert arrange(nx.MultiDiGraph()).positions == {}


def test_the_layout_leaves_room_for_the_labels():
    g = _two_cliques()
    order = sorted(g)
    sizes = dict.fromkeys(g, 10.0)
    labels = {n: (text_width(f"A long label for {n}", 13), 13 * 1.2) for n in order}
    placed = arrange(g, order, sizes, labels).positions
    pos = np.array([placed[n] for n in order])
    radius = np.array([sizes[n] for n in order])
    scale = expected_scale(pos, radius)
    boxes = []
    for n, (x, y) in zip(order, pos):
        w, h = (labels[n][0] + 4) / scale, (labels[n][1] + 4) / scale
        top = y + sizes[n] + 4
        boxes.append((x - w / 2, top, x + w / 2, top + h))
    clashes = sum(
        1
        for i, a in enumerate(boxes)
        for b in boxes[i + 1 :]
        if a[0] < b[2] - 1e-6 and b[0] < a[2] - 1e-6 and a[1] < b[3] - 1e-6 and b[1] < a[3] - 1e-6
    )
    assert clashes == 0
    width = pos[:, 0].max() - pos[:, 0].min()
    assert width * scale <= FRAME[0]  # still fits the page at the expected zoom


def test_declutter_moves_only_nodes_whose_labels_clash():
    pos = np.array([[0.0, 0.0], [5.0, 0.0], [400.0, 0.0]])
    radius = np.array([10.0, 10.0, 10.0])
    out = declutter(pos, radius, [(0, 60.0, 16.0), (1, 60.0, 16.0), (2, 60.0, 16.0)])
    assert tuple(out[0]) == (0.0, 0.0) and tuple(out[2]) == (400.0, 0.0)  # first come, and alone
    assert tuple(out[1]) != (5.0, 0.0)


def test_the_seeds_like_page_offers_every_kind_filter_and_keys(tmp_path):
    page = write_view(make_store(with_summary(dataset())), tmp_path / "p.html").read_text(encoding="utf-8")
    nodes = {n["id"]: n for n in datasets(page, "nodes")}
    assert nodes[str(KHARKIV)]["keys"][0] == ["harkiv"] and nodes[str(FORCES)]["rank"] >= 0
    assert {"x", "y", "community", "rank", "keys", "tip"} <= set(nodes[str(KHARKIV)])
    data = page_data(page)
    assert data["labels"] == len(nodes)  # a small graph: every label
    assert "the" in data["titles"] and "mr" in data["titles"]
