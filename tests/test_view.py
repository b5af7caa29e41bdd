"""Tests for kg.views' network pages: the store -> networkx graph -> offline, escaped HTML page.

The hand-built store here (:func:`make_store`, :class:`Article`) is shared by the other
``tests/test_view_*.py`` modules.
"""

from __future__ import annotations

import json
import re

import pyoxigraph
import pytest
from rdflib import Dataset, Literal, URIRef

from kg import vocab
from kg.store import refresh_union
from kg.views import write_all_views, write_view
from kg.views.common import remote_references
from kg.views.network import build_network
from kg.views.network_page import edge_width, node_size, render_html
from kg.vocab import GAF, GEO, KG, KGID, NIF, OWL, PROV, RDF, RDFS, SCHEMA, SEM, SKOS

SCRIPT = "<script>alert(1)</script>"
IMG = "<img src=x onerror=alert(1)>"
EVIL = "<b>Evil</b>"
JS_URL = "javascript:alert(1)"

ZELENSKY = KGID["person/volodymyr-zelensky"]
KHARKIV = KGID["place/kharkiv"]
UKRAINE = KGID["place/ukraine"]
FORCES = KGID["group/russian-forces"]
EVIL_ORG = KGID["organization/evil"]
REUTERS = KGID["organization/reuters"]
EVIL_NEWS = KGID["organization/evil-news"]
EVENT = KGID["event/withdrawal-kharkiv"]
SUNDAY = KGID["time/aaaaaaaaaaaaaaaa-0-6"]
QUOTE = KGID["quotation/q1"]
EVIL_QUOTE = KGID["quotation/q2"]
GRAPH_A = KGID["graph/aaaaaaaaaaaaaaaa"]
GRAPH_B = KGID["graph/bbbbbbbbbbbbbbbb"]
SERVICE_GRAPHS = (KGID["graph/geonames"], KGID["graph/identity"], KGID["graph/analysis"])

A_SENTENCES = [
    "Volodymyr Zelensky said Russian troops withdrew from Kharkiv on Sunday.",
    "Zelensky thanked the defenders.",
]
B_SENTENCES = [
    f"Vladimir Zelensky met {IMG} the {EVIL} group.",
    f"{EVIL} said {SCRIPT} is coming.",
    "Russian troops withdrew, the group said.",
]


class Article:
    """Writes one article's named graph the way docs/rdf-contract.md describes."""

    def __init__(
        self,
        ds: Dataset,
        aid: str,
        sentences: list[str],
        headline: str,
        *,
        date: str | None = None,
        url: str | None = None,
    ):
        self.iri, self.sentences = KGID[f"article/{aid}"], sentences
        self.text = " ".join(sentences)
        self.g = ds.graph(KGID[f"graph/{aid}"])
        self.g.add((self.g.identifier, PROV.wasDerivedFrom, self.iri))
        for p, o in (
            (RDF.type, SCHEMA.NewsArticle),
            (RDF.type, NIF.Context),
            (SCHEMA.headline, Literal(headline)),
            (NIF.isString, Literal(self.text)),
        ):
            self.g.add((self.iri, p, o))
        if date:
            self.g.add((self.iri, SCHEMA.datePublished, Literal(date, datatype=vocab.XSD.date)))
        if url:
            self.g.add((self.iri, SCHEMA.url, Literal(url, datatype=vocab.XSD.anyURI)))

    def _span(self, begin: int, end: int, kind: URIRef) -> URIRef:
        iri = URIRef(f"{self.iri}#char={begin},{end}")
        for p, o in (
            (RDF.type, kind),
            (NIF.referenceContext, self.iri),
            (NIF.beginIndex, Literal(begin, datatype=vocab.XSD.nonNegativeInteger)),
            (NIF.endIndex, Literal(end, datatype=vocab.XSD.nonNegativeInteger)),
            (NIF.anchorOf, Literal(self.text[begin:end])),
        ):
            self.g.add((iri, p, o))
        return iri

    def mention(self, node: URIRef, sentence: int, surface: str) -> URIRef:
        """Add ``node gaf:denotedBy`` a mention of ``surface`` in sentence ``sentence``."""
        s_begin = len(" ".join(self.sentences[:sentence])) + (1 if sentence else 0)
        s_iri = self._span(s_begin, s_begin + len(self.sentences[sentence]), NIF.Sentence)
        begin = s_begin + self.sentences[sentence].index(surface)
        m_iri = self._span(begin, begin + len(surface), NIF.Phrase)
        self.g.add((m_iri, NIF.sentence, s_iri))
        self.g.add((node, GAF.denotedBy, m_iri))
        return m_iri

    def entity(self, node: URIRef, types: list[URIRef], label: str, alts: tuple[str, ...] = ()) -> None:
        for t in types:
            self.g.add((node, RDF.type, t))
        self.g.add((node, RDFS.label, Literal(label)))
        for alt in alts:
            self.g.add((node, SKOS.altLabel, Literal(alt)))

    def publisher(self, outlet: URIRef, label: str) -> None:
        self.g.add((self.iri, SCHEMA.publisher, outlet))
        self.entity(outlet, [SCHEMA.Organization], label)

    def event(self, node: URIRef, label: str, **roles: URIRef) -> None:
        """An event with roles given as agent=, patient=, actor=, place=, time=."""
        self.entity(node, [SEM.Event], label)
        for role, target in roles.items():
            if role in ("agent", "patient"):
                self.g.add((node, KG[role], target))
                self.g.add((node, SEM.hasActor, target))
            else:
                self.g.add(
                    (node, {"actor": SEM.hasActor, "place": SEM.hasPlace, "time": SEM.hasTime}[role], target)
                )

    def quotation(self, q: URIRef, creator: URIRef, text: str, about: list[URIRef]) -> None:
        self.g.add((q, RDF.type, SCHEMA.Quotation))
        self.g.add((q, SCHEMA.creator, creator))
        self.g.add((q, SCHEMA.text, Literal(text)))
        for target in about:
            self.g.add((q, SCHEMA.about, target))


def make_store(ds: Dataset) -> pyoxigraph.Store:
    """An in-memory store of ``ds``'s named graphs, with the union default graph."""
    store = pyoxigraph.Store()
    store.load(input=ds.serialize(format="nquads"), format=pyoxigraph.RdfFormat.N_QUADS)
    refresh_union(store)
    return store


def _article_a(ds: Dataset) -> None:
    a = Article(
        ds,
        "aaaaaaaaaaaaaaaa",
        A_SENTENCES,
        "Kharkiv battle ends",
        date="2022-05-16",
        url="https://example.com/a",
    )
    a.publisher(REUTERS, "Reuters")
    a.entity(ZELENSKY, [SCHEMA.Person], "Volodymyr Zelensky", ("Zelensky",))
    a.mention(ZELENSKY, 0, "Volodymyr Zelensky")
    a.mention(ZELENSKY, 1, "Zelensky")
    a.entity(KHARKIV, [SCHEMA.Place], "Kharkiv")
    a.mention(KHARKIV, 0, "Kharkiv")
    a.entity(FORCES, [SCHEMA.Organization, KG.ActorGroup], "Russian troops")
    a.mention(FORCES, 0, "Russian troops")
    a.event(
        EVENT, "Withdrawal: Russian troops, Kharkiv", agent=FORCES, actor=ZELENSKY, place=KHARKIV, time=SUNDAY
    )
    a.mention(EVENT, 0, "withdrew")
    a.entity(SUNDAY, [SEM.Time], "Sunday")
    a.g.add((SUNDAY, SEM.hasTimeStamp, Literal("2022-05-15", datatype=vocab.XSD.date)))
    a.g.add((EVENT, SEM.hasTimeStamp, Literal("2022-05-15", datatype=vocab.XSD.date)))
    a.quotation(QUOTE, ZELENSKY, "We won the battle of Kharkiv", [KHARKIV, EVENT])
    a.g.add((QUOTE, GAF.denotedBy, a.mention(QUOTE, 1, "thanked the defenders")))


def _article_b(ds: Dataset) -> None:
    b = Article(ds, "bbbbbbbbbbbbbbbb", B_SENTENCES, f"{SCRIPT} breaking {IMG}", url=JS_URL)
    b.publisher(EVIL_NEWS, f"{SCRIPT} News")
    b.entity(ZELENSKY, [SCHEMA.Person], "Volodymyr Zelensky", ("Vladimir Zelensky",))
    b.mention(ZELENSKY, 0, "Vladimir Zelensky")
    b.entity(EVIL_ORG, [SCHEMA.Organization], EVIL)
    b.mention(EVIL_ORG, 0, EVIL)
    b.mention(EVIL_ORG, 1, EVIL)
    b.entity(FORCES, [SCHEMA.Organization, KG.ActorGroup], "Russian troops")
    b.mention(FORCES, 2, "Russian troops")
    b.event(EVENT, "Withdrawal: Russian troops, Kharkiv", agent=FORCES)
    b.mention(EVENT, 2, "withdrew")
    b.quotation(QUOTE, ZELENSKY, "We won the battle of Kharkiv", [KHARKIV, EVENT])
    b.quotation(EVIL_QUOTE, EVIL_ORG, f"{SCRIPT} is coming", [ZELENSKY])


def _service_graphs(ds: Dataset) -> None:
    """What kg's service graphs hold, and more: none of it may count as a source."""
    geonames, identity, analysis = (ds.graph(g) for g in SERVICE_GRAPHS)
    geonames.add((geonames.identifier, PROV.wasDerivedFrom, URIRef("https://www.geonames.org/")))
    geonames.add((KHARKIV, GEO.lat, Literal("49.98177", datatype=vocab.XSD.decimal)))
    geonames.add((KHARKIV, GEO.long, Literal("36.25475", datatype=vocab.XSD.decimal)))
    geonames.add((KHARKIV, SCHEMA.containedInPlace, UKRAINE))
    geonames.add((KHARKIV, RDF.type, SCHEMA.Place))
    for p, o in (
        (RDF.type, SCHEMA.Place),
        (RDF.type, SCHEMA.Country),
        (RDFS.label, Literal("Ukraine")),
        (SCHEMA.identifier, Literal("UA")),
        (SCHEMA.identifier, Literal("UKR")),
    ):
        geonames.add((UKRAINE, p, o))
    identity.add((KGID["person/zelenskyy"], OWL.sameAs, ZELENSKY))
    identity.add((ZELENSKY, RDF.type, SCHEMA.Person))
    for g in (identity, analysis):
        g.add((EVENT, RDF.type, SEM.Event))
        g.add((EVENT, KG.agent, FORCES))
        g.add((ZELENSKY, RDF.type, SCHEMA.Person))
        g.add((QUOTE, SCHEMA.creator, ZELENSKY))
        g.add((QUOTE, SCHEMA.about, KHARKIV))


def dataset() -> Dataset:
    """Two articles (B hostile) and the three service graphs."""
    ds = Dataset()
    _article_a(ds)
    _article_b(ds)
    _service_graphs(ds)
    return ds


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


def datasets(page: str, name: str) -> list[dict]:
    """The JSON array pyvis passes to ``new vis.DataSet`` for ``name``."""
    start = page.index(f"{name} = new vis.DataSet(") + len(f"{name} = new vis.DataSet(")
    return json.JSONDecoder().raw_decode(page, start)[0]


def options(page: str) -> dict:
    start = page.index("var options = ") + len("var options = ")
    return json.JSONDecoder().raw_decode(page, start)[0]


def scripts(page: str) -> list[str]:
    return re.findall(r"<script>(.*?)</script>", page, re.S)


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
    assert nodes[str(ZELENSKY)]["kind"] == "person" and "zelensky" in nodes[str(ZELENSKY)]["search"]

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
    assert opts["physics"]["enabled"] is True
    assert opts["physics"]["stabilization"]["iterations"] == 200
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
    a = Article(ds, "cccccccccccccccc", ["Many people."], "Many")
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
    assert len(nodes) == 400
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


# ------------------------------------------- a store with places and dates
# (shared with tests/test_view_map.py, test_view_timeline.py and test_view_safety.py)

IZYUM, ATLANTIS, WASHINGTON = KGID["place/izyum"], KGID["place/atlantis"], KGID["place/washington"]
HOSTILE_PLACE = KGID["place/hostile"]
SHELLING, WITHDRAWAL, FIGHTING = KGID["event/shelling"], KGID["event/withdrawal"], KGID["event/fighting"]
UNDATED_IN_DATED, ATLANTIS_STRIKE, HOSTILE_EVENT = (
    KGID["event/advance"],
    KGID["event/atlantis-strike"],
    KGID["event/hostile"],
)
P_SENTENCES = [
    "Shelling hit Kharkiv on Sunday.",
    "Troops withdrew from Izyum last week.",
    "Fighting in Kharkiv continued.",
    "Troops advanced on Izyum.",
]
Q_SENTENCES = [
    f"{IMG} shelled Kharkiv.",
    f"{SCRIPT} attacked the town.",
    "A strike hit Atlantis.",
]


def places_dataset() -> Dataset:
    """Dated and undated events at places with and without coordinates; article Q is hostile."""
    ds = Dataset()
    p = Article(
        ds, "pppppppppppppppp", P_SENTENCES, "Week in Kharkiv", date="2022-05-01", url="https://example.com/p"
    )
    p.publisher(REUTERS, "Reuters")
    for node, label in ((KHARKIV, "Kharkiv"), (IZYUM, "Izyum"), (WASHINGTON, "Washington")):
        p.entity(node, [SCHEMA.Place], label)
    p.event(SHELLING, "Shelling: in Kharkiv", place=KHARKIV)
    p.mention(SHELLING, 0, "Shelling")
    p.g.add((SHELLING, SEM.hasTimeStamp, Literal("2022-05-15", datatype=vocab.XSD.date)))
    last_week = KGID["time/pppppppppppppppp-1"]
    p.event(WITHDRAWAL, "Withdrawal: troops, Izyum", place=IZYUM, time=last_week)
    p.mention(WITHDRAWAL, 1, "withdrew")
    p.entity(last_week, [SEM.Time], "last week")
    p.g.add((last_week, SEM.hasTimeStamp, Literal("2022-05-10", datatype=vocab.XSD.date)))
    p.event(FIGHTING, "Fighting: in Kharkiv", place=KHARKIV)
    p.mention(FIGHTING, 2, "Fighting")
    p.g.add((FIGHTING, SEM.hasBeginTimeStamp, Literal("2022-05-20", datatype=vocab.XSD.date)))
    p.g.add((FIGHTING, SEM.hasEndTimeStamp, Literal("2022-05-22", datatype=vocab.XSD.date)))
    p.event(UNDATED_IN_DATED, "Advance: troops, Izyum", place=IZYUM)
    p.mention(UNDATED_IN_DATED, 3, "advanced")

    q = Article(ds, "qqqqqqqqqqqqqqqq", Q_SENTENCES, f"{SCRIPT} {IMG}", url=JS_URL)
    q.publisher(EVIL_NEWS, f"{IMG} News")
    q.entity(KHARKIV, [SCHEMA.Place], "Kharkiv")
    q.event(SHELLING, "Shelling: in Kharkiv", place=KHARKIV)
    q.mention(SHELLING, 0, "shelled")
    q.entity(HOSTILE_PLACE, [SCHEMA.Place], f"{IMG} town")
    q.event(HOSTILE_EVENT, f"Attack: {SCRIPT}", place=HOSTILE_PLACE)
    q.mention(HOSTILE_EVENT, 1, "attacked")
    q.entity(ATLANTIS, [SCHEMA.Place], "Atlantis")
    q.event(ATLANTIS_STRIKE, "Aerial strike: in Atlantis", place=ATLANTIS)
    q.mention(ATLANTIS_STRIKE, 2, "strike")

    geonames = ds.graph(SERVICE_GRAPHS[0])
    geonames.add((geonames.identifier, PROV.wasDerivedFrom, URIRef("https://www.geonames.org/")))
    for node, lat, long in (
        (KHARKIV, "49.98177", "36.25475"),
        (IZYUM, "49.20697", "37.27679"),
        (WASHINGTON, "38.89511", "-77.03637"),
        (HOSTILE_PLACE, "10.5", "20.25"),
    ):
        geonames.add((node, GEO.lat, Literal(lat, datatype=vocab.XSD.decimal)))
        geonames.add((node, GEO.long, Literal(long, datatype=vocab.XSD.decimal)))
    for node in (KHARKIV, IZYUM):
        geonames.add((node, SCHEMA.containedInPlace, UKRAINE))
    for p_, o in (
        (RDF.type, SCHEMA.Place),
        (RDF.type, SCHEMA.Country),
        (RDFS.label, Literal("Ukraine")),
        (SCHEMA.identifier, Literal("UA")),
        (SCHEMA.identifier, Literal("UKR")),
    ):
        geonames.add((UKRAINE, p_, o))
    return ds


def test_layout_of_500_and_more_nodes_needs_no_scipy(tmp_path):
    """networkx's spring_layout wants scipy from 500 nodes on; kg lays them out with numpy."""
    ds = Dataset()
    a = Article(ds, "dddddddddddddddd", ["Many more people."], "More")
    for i in range(600):
        a.entity(KGID[f"person/q{i:03d}"], [SCHEMA.Person], f"Person {i}")
    for i in range(0, 600, 3):
        a.event(
            KGID[f"event/f{i:03d}"],
            f"Event {i}",
            agent=KGID[f"person/q{i:03d}"],
            patient=KGID[f"person/q{(i + 1) % 600:03d}"],
        )
    page = write_view(make_store(ds), tmp_path / "more.html").read_text(encoding="utf-8")
    nodes = datasets(page, "nodes")
    assert len(nodes) == 800 and options(page)["physics"]["enabled"] is False
    xy = {n["id"]: (n["x"], n["y"]) for n in nodes}
    assert len(set(xy.values())) == 800
    span = max(abs(v) for p in xy.values() for v in p)
    assert 0.9 * 40 * 800**0.5 <= span <= 40 * 800**0.5 + 0.1  # scaled like the small layout
    linked = [(KGID["event/f000"], KGID["person/q000"]), (KGID["event/f300"], KGID["person/q301"])]
    for e, p in linked:  # linked nodes end up nearer than the average pair
        (ex, ey), (px, py) = xy[str(e)], xy[str(p)]
        assert ((ex - px) ** 2 + (ey - py) ** 2) ** 0.5 < span / 2
