"""Tests for kg.view: the store -> networkx graph -> offline, escaped HTML page."""

from __future__ import annotations

import json
import re

import pyoxigraph
import pytest
from rdflib import Dataset, Literal, URIRef

from kg.store import refresh_union
from kg.view import build_network, remote_references, render_html, write_view
from kg import vocab
from kg.vocab import GAF, KG, KGID, NIF, PROV, RDF, RDFS, SCHEMA, SEM, SKOS

SCRIPT = "<script>alert(1)</script>"
IMG = "<img src=x onerror=alert(1)>"
EVIL = "<b>Evil</b>"

ZELENSKY = KGID["person/volodymyr-zelensky"]
KHARKIV = KGID["place/kharkiv"]
FORCES = KGID["group/russian-forces"]
EVIL_ORG = KGID["organization/evil"]
REUTERS = KGID["organization/reuters"]
EVENT = KGID["event/withdrawal-kharkiv"]
QUOTE = KGID["quotation/q1"]
EVIL_QUOTE = KGID["quotation/q2"]

A_SENTENCES = [
    "Volodymyr Zelensky said Russian troops withdrew from Kharkiv.",
    "Zelensky thanked the defenders.",
]
B_SENTENCES = [
    f"Vladimir Zelensky met {IMG} the {EVIL} group.",
    f"{EVIL} said {SCRIPT} is coming.",
]


class Article:
    """Writes one article's named graph the way docs/rdf-contract.md describes."""

    def __init__(self, ds: Dataset, aid: str, sentences: list[str], headline: str):
        self.iri, self.sentences = KGID[f"article/{aid}"], sentences
        self.text = " ".join(sentences)
        self.g = ds.graph(KGID[f"graph/{aid}"])
        self.g.add((self.g.identifier, PROV.wasDerivedFrom, self.iri))
        for p, o in ((RDF.type, SCHEMA.NewsArticle), (RDF.type, NIF.Context),
                     (SCHEMA.headline, Literal(headline)), (NIF.isString, Literal(self.text))):
            self.g.add((self.iri, p, o))

    def _span(self, begin: int, end: int, kind: URIRef) -> URIRef:
        iri = URIRef(f"{self.iri}#char={begin},{end}")
        for p, o in ((RDF.type, kind), (NIF.referenceContext, self.iri),
                     (NIF.beginIndex, Literal(begin, datatype=vocab.XSD.nonNegativeInteger)),
                     (NIF.endIndex, Literal(end, datatype=vocab.XSD.nonNegativeInteger)),
                     (NIF.anchorOf, Literal(self.text[begin:end]))):
            self.g.add((iri, p, o))
        return iri

    def mention(self, node: URIRef, sentence: int, surface: str) -> None:
        """Add ``node gaf:denotedBy`` a mention of ``surface`` in sentence ``sentence``."""
        s_begin = len(" ".join(self.sentences[:sentence])) + (1 if sentence else 0)
        s_iri = self._span(s_begin, s_begin + len(self.sentences[sentence]), NIF.Sentence)
        begin = s_begin + self.sentences[sentence].index(surface)
        m_iri = self._span(begin, begin + len(surface), NIF.Phrase)
        self.g.add((m_iri, NIF.sentence, s_iri))
        self.g.add((node, GAF.denotedBy, m_iri))

    def entity(self, node: URIRef, types: list[URIRef], label: str, alts: tuple[str, ...] = ()) -> None:
        for t in types:
            self.g.add((node, RDF.type, t))
        self.g.add((node, RDFS.label, Literal(label)))
        for alt in alts:
            self.g.add((node, SKOS.altLabel, Literal(alt)))

    def quotation(self, q: URIRef, creator: URIRef, text: str, about: list[URIRef]) -> None:
        self.g.add((q, RDF.type, SCHEMA.Quotation))
        self.g.add((q, SCHEMA.creator, creator))
        self.g.add((q, SCHEMA.text, Literal(text)))
        for target in about:
            self.g.add((q, SCHEMA.about, target))


def _store(ds: Dataset) -> pyoxigraph.Store:
    store = pyoxigraph.Store()
    store.load(input=ds.serialize(format="nquads"), format=pyoxigraph.RdfFormat.N_QUADS)
    refresh_union(store)
    return store


def _article_a(ds: Dataset) -> None:
    a = Article(ds, "aaaaaaaaaaaaaaaa", A_SENTENCES, "Kharkiv battle ends")
    a.g.add((a.iri, SCHEMA.publisher, REUTERS))
    a.entity(REUTERS, [SCHEMA.Organization], "Reuters")
    a.entity(ZELENSKY, [SCHEMA.Person], "Volodymyr Zelensky", ("Zelensky",))
    a.mention(ZELENSKY, 0, "Volodymyr Zelensky")
    a.mention(ZELENSKY, 1, "Zelensky")
    a.entity(KHARKIV, [SCHEMA.Place], "Kharkiv")
    a.mention(KHARKIV, 0, "Kharkiv")
    a.entity(FORCES, [SCHEMA.Organization, KG.ActorGroup], "Russian troops")
    a.mention(FORCES, 0, "Russian troops")
    a.entity(EVENT, [SEM.Event], "Withdrawal: Russian troops, Kharkiv")
    a.mention(EVENT, 0, "withdrew")
    roles = ((SEM.hasActor, FORCES), (KG.agent, FORCES), (SEM.hasActor, ZELENSKY), (SEM.hasPlace, KHARKIV))
    for p, o in roles:
        a.g.add((EVENT, p, o))
    a.quotation(QUOTE, ZELENSKY, "We won the battle of Kharkiv", [KHARKIV, EVENT])


def _article_b(ds: Dataset) -> None:
    b = Article(ds, "bbbbbbbbbbbbbbbb", B_SENTENCES, f"{SCRIPT} breaking {IMG}")
    b.entity(ZELENSKY, [SCHEMA.Person], "Volodymyr Zelensky", ("Vladimir Zelensky",))
    b.mention(ZELENSKY, 0, "Vladimir Zelensky")
    b.entity(EVIL_ORG, [SCHEMA.Organization], EVIL)
    b.mention(EVIL_ORG, 0, EVIL)
    b.mention(EVIL_ORG, 1, EVIL)
    b.quotation(QUOTE, ZELENSKY, "We won the battle of Kharkiv", [KHARKIV, EVENT])
    b.quotation(EVIL_QUOTE, EVIL_ORG, f"{SCRIPT} is coming", [ZELENSKY])


@pytest.fixture(scope="module")
def store() -> pyoxigraph.Store:
    ds = Dataset()
    _article_a(ds)
    _article_b(ds)
    return _store(ds)


@pytest.fixture(scope="module")
def graph(store):
    return build_network(store)


@pytest.fixture(scope="module")
def page(store, tmp_path_factory) -> str:
    path = write_view(store, tmp_path_factory.mktemp("view") / "graph.html", title=f"kg {SCRIPT}")
    assert path.exists()
    return path.read_text(encoding="utf-8")


def _dataset(page: str, name: str) -> list[dict]:
    """The JSON array pyvis passes to ``new vis.DataSet`` for ``name``."""
    start = page.index(f"{name} = new vis.DataSet(") + len(f"{name} = new vis.DataSet(")
    return json.JSONDecoder().raw_decode(page, start)[0]


def _options(page: str) -> dict:
    start = page.index("var options = ") + len("var options = ")
    return json.JSONDecoder().raw_decode(page, start)[0]


# ----------------------------------------------------------------- the graph

def test_nodes_and_kinds(graph):
    kinds = {n: d["kind"] for n, d in graph.nodes(data=True)}
    assert kinds == {
        str(ZELENSKY): "person", str(KHARKIV): "place", str(FORCES): "group",
        str(EVIL_ORG): "organization", str(REUTERS): "organization", str(EVENT): "event",
    }
    assert list(graph.nodes) == sorted(graph.nodes)
    assert str(QUOTE) not in graph and str(EVIL_QUOTE) not in graph


def test_node_attributes(graph):
    z = graph.nodes[str(ZELENSKY)]
    assert z["label"] == "Volodymyr Zelensky"
    assert z["alt_labels"] == ["Vladimir Zelensky", "Zelensky"]
    assert (z["mentions"], z["sources"]) == (3, 2)
    assert graph.nodes[str(KHARKIV)]["sources"] == 1
    assert graph.nodes[str(EVIL_ORG)]["mentions"] == 2
    assert graph.nodes[str(REUTERS)]["mentions"] == 0
    assert graph.nodes[str(EVIL_ORG)]["label"] == EVIL


def test_evidence(graph):
    ev = graph.nodes[str(ZELENSKY)]["evidence"]
    assert len(ev) == 3 and len(graph.nodes[str(EVIL_ORG)]["evidence"]) == 2
    assert (A_SENTENCES[0], "Reuters — Kharkiv battle ends") in ev
    assert (A_SENTENCES[1], "Reuters — Kharkiv battle ends") in ev
    assert (B_SENTENCES[0], f"{SCRIPT} breaking {IMG}") in ev


def test_edges(graph):
    edges = {(s, o, k): d["sources"] for s, o, k, d in graph.edges(keys=True, data=True)}
    assert edges == {
        (str(EVENT), str(FORCES), "agent"): 1,
        (str(EVENT), str(ZELENSKY), "actor"): 1,
        (str(EVENT), str(KHARKIV), "place"): 1,
        (str(ZELENSKY), str(KHARKIV), "said about"): 2,
        (str(ZELENSKY), str(EVENT), "said about"): 2,
        (str(EVIL_ORG), str(ZELENSKY), "said about"): 1,
    }
    assert {d["label"] for *_, d in graph.edges(data=True)} == {"agent", "actor", "place", "said about"}
    said = graph.edges[str(ZELENSKY), str(KHARKIV), "said about"]
    assert said["evidence"] == ["We won the battle of Kharkiv"]


def test_build_is_deterministic(store, graph):
    again = build_network(store)
    assert list(again.nodes(data=True)) == list(graph.nodes(data=True))
    assert list(again.edges(keys=True, data=True)) == list(graph.edges(keys=True, data=True))
    assert render_html(again) == render_html(graph)


# ------------------------------------------------------------------ the page

def test_page_is_offline(page):
    assert "vis.Network" in page and "vis-network" in page
    inline = re.findall(r"<script>(.*?)</script>", page, re.S)
    assert any("* vis-network" in body and len(body) > 100_000 for body in inline), "vis-network not inlined"
    assert not re.search(r"<script\b[^>]*\bsrc\s*=", page, re.I)
    assert not re.search(r"<link\b[^>]*\bhref\s*=\s*[\"']?(https?:)?//", page, re.I)
    assert '<script src="http' not in page and '<link href="http' not in page
    assert remote_references(page) == []
    assert "cdn.jsdelivr" not in page and "cdnjs" not in page


def test_page_escapes_article_text(page):
    for raw in (SCRIPT, IMG, "<img src=x onerror", EVIL):
        assert raw not in page
    tips = " ".join(n["tip"] for n in _dataset(page, "nodes"))
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in tips
    assert "&lt;img src=x onerror=alert(1)&gt;" in tips
    assert "&lt;b&gt;Evil&lt;/b&gt;" in tips
    assert "<script" not in tips and "<img" not in tips
    edge_tips = " ".join(e["tip"] for e in _dataset(page, "edges"))
    assert "&lt;script&gt;alert(1)&lt;/script&gt; is coming" in edge_tips
    assert "<b>said about</b>" in edge_tips
    assert "kg &lt;script&gt;alert(1)&lt;/script&gt;" in page  # the page title


def test_page_nodes_and_tooltips(page):
    nodes = {n["id"]: n for n in _dataset(page, "nodes")}
    assert "title" not in nodes[str(ZELENSKY)]  # the tooltip element is built from ``tip`` in the page
    assert "kgTooltips(nodes)" in page
    tip = nodes[str(ZELENSKY)]["tip"]
    assert "Volodymyr Zelensky" in tip and "Vladimir Zelensky" in tip and "2 source(s)" in tip
    assert "Reuters — Kharkiv battle ends" in tip and "person" in tip
    assert nodes[str(EVIL_ORG)]["label"] == EVIL  # canvas text (font.multi off), JSON-encoded in the page
    assert nodes[str(ZELENSKY)]["size"] > nodes[str(KHARKIV)]["size"]
    assert nodes[str(ZELENSKY)]["color"] != nodes[str(KHARKIV)]["color"]
    assert {e["label"] for e in _dataset(page, "edges")} == {"agent", "actor", "place", "said about"}
    opts = _options(page)
    assert opts["physics"]["enabled"] is True
    assert opts["physics"]["stabilization"]["iterations"] == 200
    assert opts["nodes"]["font"]["multi"] is False
    assert 'id="kg-legend"' in page


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
    path = write_view(_store(ds), tmp_path_factory.mktemp("big") / "big.html")
    return path.read_text(encoding="utf-8")


def test_big_graph_is_laid_out_without_physics(big_page):
    nodes = _dataset(big_page, "nodes")
    assert len(nodes) == 400
    assert all(isinstance(n["x"], float) and isinstance(n["y"], float) for n in nodes)
    assert len({(n["x"], n["y"]) for n in nodes}) == len(nodes)
    assert _options(big_page)["physics"]["enabled"] is False
    assert remote_references(big_page) == []


def test_empty_store_renders(tmp_path):
    graph = build_network(pyoxigraph.Store())
    assert graph.number_of_nodes() == 0 and graph.number_of_edges() == 0
    page = write_view(pyoxigraph.Store(), tmp_path / "sub" / "empty.html").read_text(encoding="utf-8")
    assert _dataset(page, "nodes") == [] and remote_references(page) == []
