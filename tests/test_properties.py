"""Property-based tests (hypothesis): IRIs, literals, round trips, identity, offsets; reader fuzzing."""

from __future__ import annotations

import json
import string

import pyoxigraph as ox
import pytest
from builders import ArticleBuilder
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rdflib import Literal

from kg import iris
from kg.merge import resolve
from kg.model import EntityKind
from kg.nlp import ModelInfo
from kg.rdf import Activity, article_quads, local_quads, node_quads
from kg.readers import normalize_text, read_path
from kg.store import export, to_oxigraph, to_quads

ANY_TEXT = st.text(alphabet=st.characters(), min_size=0, max_size=200)
WORDS = st.text(alphabet=string.ascii_letters + "éöüçł’'-", min_size=2, max_size=12)
ACTIVITY = Activity("2026-01-01T00:00:00Z", ModelInfo("m", "m", "1", "3.8"))
FAST = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FAST
@given(label=ANY_TEXT, kind=st.sampled_from(["person", "organization", "place", "group"]))
def test_any_label_gives_a_valid_iri(label, kind):
    key = iris.name_key(label) or iris.digest(label)
    node = iris.entity_iri(kind, key)
    ox.NamedNode(str(node))  # raises on an invalid IRI
    assert str(node).startswith(f"https://w3id.org/kg-news/id/{kind}/")


@FAST
@given(a=ANY_TEXT, b=ANY_TEXT)
def test_different_keys_never_share_an_iri(a, b):
    ka, kb = iris.name_key(a) or iris.digest(a), iris.name_key(b) or iris.digest(b)
    assert (iris.entity_iri("place", ka) == iris.entity_iri("place", kb)) == (ka == kb)


@FAST
@given(text=ANY_TEXT)
def test_any_text_read_in_gives_a_literal_that_round_trips(text):
    clean = normalize_text(text)
    literal = to_oxigraph(Literal(clean))
    quad = ox.Quad(ox.NamedNode("urn:s"), ox.NamedNode("urn:p"), literal, ox.NamedNode("urn:g"))
    data = ox.serialize([quad], format=ox.RdfFormat.N_QUADS)
    (back,) = list(ox.parse(data, format=ox.RdfFormat.N_QUADS))
    assert back.object.value == clean


@st.composite
def articles(draw):
    """An article with a few named entities, an event and a quotation, all at real offsets."""
    # a name that is one of the other words would move their spans into the headline
    fixed = {"headline", "met", "said", "ok"}
    names = draw(
        st.lists(WORDS.filter(lambda w: w.lower() not in fixed), min_size=2, max_size=4, unique=True)
    )
    filler = draw(st.text(alphabet=string.ascii_letters + " ,;:\"'<>&\\", max_size=60))
    text = f"Headline {names[0]}\n\n" + " ".join(f"{n} met {filler!s} said ok." for n in names)
    b = ArticleBuilder(text)
    ids = [b.entity(draw(st.sampled_from(list(EntityKind))), n) for n in names]
    b.event("met", "Fighting", agents=ids[:1], patients=ids[1:2])
    b.quote(["ok"], ids[0], cue="said")
    return b


@FAST
@given(builders=st.lists(articles(), min_size=1, max_size=3, unique_by=lambda b: b.text))
def test_serialised_output_parses_back_to_the_same_graph(builders):
    resolution = resolve([b.x for b in builders])
    store = ox.Store()
    for b in builders:
        store.bulk_extend(to_quads(article_quads(b.x, resolution, ACTIVITY)))
    reference = set(export(store, "nq").decode().splitlines())
    for fmt, rdf_format in (
        ("trig", ox.RdfFormat.TRIG),
        ("nq", ox.RdfFormat.N_QUADS),
        ("jsonld", ox.RdfFormat.JSON_LD),
    ):
        again = ox.Store()
        again.load(export(store, fmt), format=rdf_format)
        assert set(export(again, "nq").decode().splitlines()) == reference, fmt


@FAST
@given(builders=st.lists(articles(), min_size=1, max_size=3, unique_by=lambda b: b.text))
def test_an_articles_two_layers_are_its_whole_graph(builders):
    """A build writes an article's own layer before merging and its nodes after: together they
    are exactly what one pass writes, and no quad is written twice."""
    resolution = resolve([b.x for b in builders])
    for b in builders:
        local = local_quads(b.x, ACTIVITY)
        nodes, _, _, _ = node_quads(b.x, resolution, ACTIVITY)
        assert not set(local) & set(nodes)
        assert set(local) | set(nodes) == set(article_quads(b.x, resolution, ACTIVITY))
        assert not any("urn:kg:unmerged:" in str(term) for quad in local for term in quad)


@FAST
@given(builders=st.lists(articles(), min_size=1, max_size=3, unique_by=lambda b: b.text))
def test_mention_offsets_always_cut_their_anchor(builders):
    resolution = resolve([b.x for b in builders])
    for b in builders:
        quads = article_quads(b.x, resolution, ACTIVITY)
        by_subject: dict = {}
        for s, p, o, _ in quads:
            by_subject.setdefault(s, {})[str(p).rsplit("#", 1)[-1]] = o
        for values in by_subject.values():
            if "anchorOf" in values:
                begin, end = int(values["beginIndex"]), int(values["endIndex"])
                assert b.text[begin:end] == str(values["anchorOf"])


@FAST
@given(
    places=st.lists(
        st.tuples(st.sampled_from(["Washington", "Paris", "Kharkiv"]), st.integers(1, 10**7)),
        min_size=2,
        max_size=6,
        unique_by=lambda t: t[1],
    )
)
def test_two_different_places_never_share_an_iri(places):
    """Same name, different GeoNames ids: different things, different IRIs."""
    builders = []
    for i, (name, geonameid) in enumerate(places):
        b = ArticleBuilder(f"Report {i}\n\nShelling hit {name} again.")
        b.entity(EntityKind.PLACE, name, geonameid=geonameid)
        builders.append(b)
    resolution = resolve([b.x for b in builders])
    assert len({resolution.entities[(b.aid, 0)] for b in builders}) == len(places)


# -- fuzzing the input readers ------------------------------------------------------


@settings(max_examples=150, deadline=None)
@given(data=st.binary(max_size=2000), suffix=st.sampled_from([".txt", ".json", ".jsonl", ".html", ".htm"]))
def test_readers_never_crash_on_random_bytes(tmp_path_factory, data, suffix):
    path = tmp_path_factory.mktemp("fuzz") / f"input{suffix}"
    path.write_bytes(data)
    for _, item in read_path(path):
        assert hasattr(item, "reason") or item.text == normalize_text(item.text)


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=50),
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(
            st.sampled_from(
                ["title", "text", "body", "url", "date", "published", "outlet", "source", "id", "language"]
            ),
            children,
            max_size=6,
        )
    ),
    max_leaves=20,
)


@settings(max_examples=150, deadline=None)
@given(records=st.lists(JSON_VALUES, max_size=5), jsonl=st.booleans())
def test_readers_never_crash_on_odd_json(tmp_path_factory, records, jsonl):
    folder = tmp_path_factory.mktemp("fuzzjson")
    if jsonl:
        path = folder / "feed.jsonl"
        path.write_text("\n".join(json.dumps(r) for r in records))
    else:
        path = folder / "feed.json"
        path.write_text(json.dumps(records))
    items = [item for _, item in read_path(path)]
    for item in items:
        assert hasattr(item, "reason") or (item.text and item.text == normalize_text(item.text))


@pytest.mark.parametrize(
    "hostile", ['x" } ; DROP ALL ; #', "<urn:x> } INSERT DATA { <a> <b> <c> }", "'; --", "\\u0022 ?x"]
)
@pytest.mark.model
def test_names_are_bound_not_pasted_into_sparql(seeds_out, hostile):
    """kg sources and kg view --focus take names from users: they must stay literals."""
    from typer.testing import CliRunner

    from kg.cli import app

    runner = CliRunner()
    result = runner.invoke(app, ["sources", "--out", str(seeds_out), hostile])
    assert result.exit_code == 2 and "no node is named" in result.stderr
    result = runner.invoke(
        app, ["view", "--out", str(seeds_out), "--focus", hostile, "-o", str(seeds_out.parent / "focus.html")]
    )
    assert result.exit_code == 2
    from kg.store import open_store, query

    articles = list(
        query(open_store(seeds_out), "SELECT (COUNT(?a) AS ?n) WHERE { ?a a schema:NewsArticle }")
    )
    assert articles[0]["n"].value == "2"  # nothing was dropped or inserted


_NLP = {}


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    parts=st.lists(
        st.sampled_from(
            [
                "Kharkiv",
                "Volodymyr Zelensky",
                "the city",
                "Russian troops",
                "said",
                "“",
                "”",
                "\n",
                "\n\n",
                "attacked",
                "pulled back from",
                "more than 400",
                "people",
                "on Sunday",
                ",",
                ".",
                "according to",
                "Institute for the Study of War",
                "ISW",
                "he",
                "Ukraine",
                "é",
                "中",
                "'s",
                "–",
                "  ",
                "U.S.",
            ]
        ),
        min_size=1,
        max_size=60,
    )
)
@pytest.mark.model
def test_real_extraction_spans_always_cut_their_text(parts):
    from kg.extract import extract
    from kg.nlp import load_model

    if "nlp" not in _NLP:
        _NLP["nlp"] = load_model()[0]
    text = normalize_text(" ".join(parts)) or "x"
    b = ArticleBuilder(text)
    x = extract(b.x.article, _NLP["nlp"](text))
    spans = (
        [m for e in x.entities for m in e.mentions]
        + [e.trigger for e in x.events]
        + [p for q in x.quotes for p in q.pieces]
        + [q.span for q in x.quantities]
        + [t.span for t in x.times]
        + x.sentences
    )
    for span in spans:
        assert 0 <= span.start < span.end <= len(text) and text[span.start : span.end] == span.text


def test_a_lone_surrogate_still_gets_an_iri():
    # hypothesis found it: text cut inside a surrogate pair has no UTF-8 form of its own
    key = iris.name_key("\ud800") or iris.digest("\ud800")
    ox.NamedNode(str(iris.entity_iri("place", key)))
    assert key != iris.digest("\udc00")
