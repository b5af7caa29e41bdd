"""kg.views' other networks: --events, --sources and --query FILE.rq."""

from __future__ import annotations

import pytest
from builders import (
    A_SENTENCES,
    B_SENTENCES,
    EVENT,
    EVIL_NEWS,
    EVIL_ORG,
    FORCES,
    GRAPH_A,
    GRAPH_B,
    KHARKIV,
    QUOTE,
    REUTERS,
    SCRIPT,
    SUNDAY,
    UKRAINE,
    ZELENSKY,
    dataset,
    datasets,
    make_store,
)

from kg.views import ViewError, write_view
from kg.views.network import build_events_network, build_query_network, build_sources_network
from kg.vocab import KGID

ARTICLE_A = str(KGID["article/aaaaaaaaaaaaaaaa"])
ARTICLE_B = str(KGID["article/bbbbbbbbbbbbbbbb"])


@pytest.fixture(scope="module")
def store():
    return make_store(dataset())


def _edges(graph) -> dict[tuple[str, str, str], int]:
    return {(s, o, k): d["sources"] for s, o, k, d in graph.edges(keys=True, data=True)}


def test_events_view(store):
    graph = build_events_network(store)
    assert {n: d["kind"] for n, d in graph.nodes(data=True)} == {
        str(EVENT): "event",
        str(FORCES): "group",
        str(ZELENSKY): "person",
        str(KHARKIV): "place",
        str(SUNDAY): "time",
    }
    assert _edges(graph) == {
        (str(EVENT), str(FORCES), "agent"): 2,
        (str(EVENT), str(ZELENSKY), "actor"): 1,
        (str(EVENT), str(KHARKIV), "place"): 1,
        (str(EVENT), str(SUNDAY), "time"): 1,
    }
    sunday = graph.nodes[str(SUNDAY)]
    assert sunday["label"] == "Sunday" and ("time stamp", "2022-05-15") in sunday["attrs"]
    assert graph.edges[str(EVENT), str(SUNDAY), "time"]["evidence"] == [(str(GRAPH_A), A_SENTENCES[0])]


def test_events_page(store, tmp_path):
    page = write_view(store, tmp_path / "events.html", view="events").read_text(encoding="utf-8")
    nodes = {n["id"]: n for n in datasets(page, "nodes")}
    assert nodes[str(SUNDAY)]["kind"] == "time" and nodes[str(SUNDAY)]["label"] == "Sunday"
    assert 'id="kg-filter-time"' in page and "time stamp: 2022-05-15" in nodes[str(SUNDAY)]["tip"]
    assert {e["label"] for e in datasets(page, "edges")} == {"agent", "actor", "place", "time"}


def test_sources_view(store):
    graph = build_sources_network(store)
    kinds = {n: d["kind"] for n, d in graph.nodes(data=True)}
    assert kinds[ARTICLE_A] == kinds[ARTICLE_B] == "article"
    assert kinds[str(REUTERS)] == kinds[str(EVIL_NEWS)] == "outlet"
    assert graph.nodes[ARTICLE_A]["label"] == "Kharkiv battle ends"
    assert ("date published", "2022-05-16") in graph.nodes[ARTICLE_A]["attrs"]
    edges = _edges(graph)
    assert (str(REUTERS), ARTICLE_A, "published") in edges and (
        str(EVIL_NEWS),
        ARTICLE_B,
        "published",
    ) in edges
    reports_a = {o for s, o, k in edges if s == ARTICLE_A and k == "reports"}
    reports_b = {o for s, o, k in edges if s == ARTICLE_B and k == "reports"}
    assert reports_a == {str(ZELENSKY), str(KHARKIV), str(FORCES), str(EVENT)}  # times are not drawn here
    assert reports_b == {str(ZELENSKY), str(EVIL_ORG), str(FORCES), str(EVENT)}
    assert str(REUTERS) not in reports_a  # an outlet is linked by "published", not "reports"
    assert str(UKRAINE) not in graph  # the gazetteer is not a source
    assert all(n == 1 for n in edges.values())
    z = graph.edges[ARTICLE_B, str(ZELENSKY), "reports"]
    assert z["evidence"] == [(str(GRAPH_B), B_SENTENCES[0])]


def test_sources_page(store, tmp_path):
    page = write_view(store, tmp_path / "sources.html", view="sources").read_text(encoding="utf-8")
    assert 'id="kg-filter-article"' in page and 'id="kg-filter-outlet"' in page
    nodes = {n["id"]: n for n in datasets(page, "nodes")}
    assert '<a class="kg-url" href="https://example.com/a"' in nodes[ARTICLE_A]["tip"]
    assert SCRIPT not in page


QUERY = """
CONSTRUCT { ?e sem:hasPlace ?p ; kg:note "a note" . ?q schema:about ?x . }
WHERE { ?e sem:hasPlace ?p . ?q a schema:Quotation ; schema:creator ?c ; schema:about ?x }
"""


def test_query_view(store):
    graph = build_query_network(store, QUERY)
    assert set(graph.nodes) == {
        str(EVENT),
        str(KHARKIV),
        str(QUOTE),
        str(KGID["quotation/q2"]),
        str(ZELENSKY),
    }
    assert (
        graph.nodes[str(EVENT)]["label"] == "Withdrawal: Russian troops, Kharkiv"
    )  # rdfs:label from the store
    assert graph.nodes[str(KHARKIV)]["kind"] == "place" and graph.nodes[str(QUOTE)]["kind"] == "other"
    assert graph.nodes[str(QUOTE)]["label"] == "q1"  # no label: the IRI's last segment
    assert graph.nodes[str(EVENT)]["attrs"] == [("kg:note", "a note")]  # literals are attributes
    edges = _edges(graph)
    assert edges[str(EVENT), str(KHARKIV), "sem:hasPlace"] == 1  # stated by article A only
    assert edges[str(QUOTE), str(KHARKIV), "schema:about"] == 2  # A and B; not the service graphs
    assert graph.nodes[str(EVENT)]["sources"] == 2


def test_query_view_labels_from_the_result_and_pages(store, tmp_path):
    rq = 'CONSTRUCT { ?p rdfs:label "Kharkiv (from the query)" ; geo:lat ?lat } WHERE { ?p geo:lat ?lat }'
    graph = build_query_network(store, rq)
    assert graph.nodes[str(KHARKIV)]["label"] == "Kharkiv (from the query)"
    assert ("geo:lat", "49.98177") in graph.nodes[str(KHARKIV)]["attrs"]
    page = write_view(store, tmp_path / "q.html", view="query", query=QUERY).read_text(encoding="utf-8")
    assert {e["label"] for e in datasets(page, "edges")} == {"sem:hasPlace", "schema:about"}
    assert "kg:note: a note" in next(n for n in datasets(page, "nodes") if n["id"] == str(EVENT))["tip"]


def test_query_view_needs_triples(store):
    with pytest.raises(ViewError, match="CONSTRUCT"):
        build_query_network(store, "SELECT * WHERE { ?s ?p ?o }")
    with pytest.raises(SyntaxError):
        build_query_network(store, "CONSTRUCT { ?s ?p } WHERE {")
