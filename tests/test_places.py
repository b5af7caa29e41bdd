"""Places across outlets: transliteration variants, possessives with any apostrophe, regions
named after cities, and one preferred label per node of a kind.

The articles below are written for these tests in the style of several outlets (Ukrainian,
Russian state, wire and international); they are not copied from any.
"""

from __future__ import annotations

import pytest
from builders import ArticleBuilder
from rdflib import URIRef

from kg.gazetteer import gazetteer
from kg.merge import NodeInfo, distinct_labels, resolve
from kg.model import EntityKind, Status
from kg.names import place_fold

KYIV_STYLE = (
    "Ukrainian forces liberate Balakliia\n\n"
    "Ukrainian forces have liberated Balakliia and are advancing towards Kupiansk in Kharkiv Oblast, "
    "Deputy Minister of Defense Hanna Maliar said on Saturday. Kupiansk's railway hub is the key "
    "to supplying Russian troops near Izium. Shelling continued in Kharkiv and in Donetsk Oblast, "
    "while the city of Donetsk stayed quiet."
)
TASS_STYLE = (
    "Allied forces regroup near Kharkov\n\n"
    "Russian units are regrouping near Balakleya and Izyum in the Kharkov region to strengthen the "
    "Donetsk direction, the defense ministry in Moscow said. Kupyansk‘s administration was moved. "
    "Residents of Kharkov reported explosions, and Kiev did not comment."
)
WIRE_STYLE = (
    "Ukraine pushes east of Kharkiv\n\n"
    "Ukraine's army pushed east of Kharkiv on Sunday, officials said, recapturing Balakliya and "
    "reaching Kupiansk’s outskirts. Kyiv said its forces were also close to Izium, a town that "
    "Russia used as a base for its advance on Donetsk."
)
INTERNATIONAL_STYLE = (
    "Counteroffensive reaches Kupiansk\n\n"
    "The counteroffensive reached Kupianskʼs centre and threatened Izyum, Ukraine's general staff "
    "said. In Kyiv, President Volodymyr Zelensky thanked the soldiers in Kharkiv region and in "
    "the Donetsk region."
)
ARTICLES = (KYIV_STYLE, TASS_STYLE, WIRE_STYLE, INTERNATIONAL_STYLE)
PLACES = {  # GeoNames id -> the spellings of it in the articles above
    706483: {"Kharkiv", "Kharkov"},
    707292: {"Izium", "Izyum"},
    712926: {"Balakliia", "Balakleya", "Balakliya"},
    703656: {"Kupiansk", "Kupyansk"},
    703448: {"Kyiv", "Kiev"},
}


# -- no model ------------------------------------------------------------------------


def test_place_fold_joins_transliteration_variants():
    assert place_fold("Balakleya") == place_fold("Balakliia") == place_fold("Balakliya")
    assert place_fold("Lugansk") == place_fold("Luhansk")
    assert place_fold("Sievierodonetsk") == place_fold("Severodonetsk")
    assert place_fold("Odessa") == place_fold("Odesa")
    assert place_fold("Kharkiv") != place_fold("Kherson")


@pytest.mark.parametrize(
    ("spelling", "geonameid"),
    [(s, g) for g, spellings in PLACES.items() for s in spellings]
    + [("Balaklia", 712926), ("Lugansk", 702658)],
)
def test_the_gazetteer_knows_every_spelling(spelling, geonameid):
    assert gazetteer().lookup(spelling)[0].geonameid == geonameid


def test_a_place_whose_own_name_it_is_comes_first():
    # Nikopol also lists "Sloviansk" among its alternate names, and has more people
    assert gazetteer().lookup("Sloviansk")[0].name == "Slovyansk"


def test_the_transliteration_fallback_stays_in_transliterating_countries():
    assert gazetteer().lookup("Gough") == []  # "Hough", Ohio, by g/h: no


def test_two_places_of_one_label_get_their_countries():
    a, b = URIRef("urn:a"), URIRef("urn:b")
    info = {
        a: NodeInfo(EntityKind.PLACE, "Donetsk", geonameid=709717, country="UA"),
        b: NodeInfo(EntityKind.PLACE, "Donetsk", geonameid=565348, country="RU"),
    }
    distinct_labels(info, {})
    assert {info[a].label, info[b].label} == {"Donetsk, Ukraine", "Donetsk, Russia"}


def test_local_nodes_of_one_label_get_their_headlines_and_others_a_number():
    a, b, c, d = (URIRef(f"urn:{n}") for n in "abcd")
    info = {
        a: NodeInfo(EntityKind.PERSON, "the driver", local=True),
        b: NodeInfo(EntityKind.PERSON, "the driver", local=True),
        c: NodeInfo(EntityKind.ORGANIZATION, "Acme"),
        d: NodeInfo(EntityKind.ORGANIZATION, "Acme"),
    }
    distinct_labels(info, {a: "Bus crash in Leeds", b: "Lorry overturns on the M1 near Sheffield today"})
    assert info[a].label == "the driver (Bus crash in Leeds)"
    assert info[b].label == "the driver (Lorry overturns on the M1 near …)"
    assert {info[c].label, info[d].label} == {"Acme (1)", "Acme (2)"}


def test_a_region_and_its_city_are_two_places_with_two_labels():
    b = ArticleBuilder("Shelling hit Donetsk and the Donetsk region.")
    city = b.entity(EntityKind.PLACE, "Donetsk", geonameid=709717, country="UA")
    region = b.entity(EntityKind.PLACE, "Donetsk region", country="UA")
    b.x.entities[region].region_of = 709717
    b.x.entities[region].name = "Donetsk Oblast"
    r = resolve([b.x])
    assert r.entities[(b.aid, city)] != r.entities[(b.aid, region)]
    labels = {r.entity_info[r.entities[(b.aid, i)]].label for i in (city, region)}
    assert labels == {"Donetsk", "Donetsk Oblast"}


# -- with the model ----------------------------------------------------------------


@pytest.fixture(scope="module")
def outlets():
    from kg.eval.pipeline import extract_articles, make_article

    xs = list(extract_articles([make_article(t, source=f"outlet{i}") for i, t in enumerate(ARTICLES)]))
    return xs, resolve(xs)


def _nodes_named(outlets, spellings: set[str]):
    xs, r = outlets
    return {
        (r.entities[(x.article.id, e.id)], r.entity_info[r.entities[(x.article.id, e.id)]].kind)
        for x in xs
        for e in x.entities
        if e.status is Status.NAMED and set(e.names) & spellings
    }


@pytest.mark.model
@pytest.mark.parametrize("geonameid", sorted(PLACES))
def test_every_spelling_of_a_place_is_one_place_node(outlets, geonameid):
    nodes = _nodes_named(outlets, PLACES[geonameid])
    assert len(nodes) == 1, nodes
    ((iri, kind),) = nodes
    assert kind is EntityKind.PLACE
    assert outlets[1].entity_info[iri].geonameid == geonameid


@pytest.mark.model
def test_a_possessive_with_any_apostrophe_is_no_name_of_its_own(outlets):
    xs, _ = outlets
    names = {n for x in xs for e in x.entities for n in e.names}
    assert not [n for n in names if n.endswith(("'s", "’s", "‘s", "ʼs", "`s"))]
    kupiansk = _nodes_named(outlets, {"Kupiansk", "Kupyansk"})
    assert {kind for _, kind in kupiansk} == {EntityKind.PLACE}


@pytest.mark.model
def test_the_city_and_the_region_of_donetsk_are_told_apart(outlets):
    _, r = outlets
    labels = {
        info.label
        for info in r.entity_info.values()
        if info.kind is EntityKind.PLACE and "Donetsk" in info.label and not info.argument
    }
    assert labels == {"Donetsk", "Donetsk Oblast"}
    kharkiv_region = {info.label for info in r.entity_info.values() if info.region_of == 706483}
    assert kharkiv_region == {"Kharkiv Oblast"}


@pytest.mark.model
def test_no_two_nodes_of_one_kind_share_a_label(outlets):
    _, r = outlets
    seen = [(i.kind, i.label) for i in r.entity_info.values() if not i.argument]
    assert len(seen) == len(set(seen))


@pytest.mark.model
def test_a_person_introduced_by_a_title_and_department_is_a_person(outlets):
    xs, r = outlets
    (maliar,) = [e for e in xs[0].entities if "Hanna Maliar" in e.names]
    assert maliar.kind is EntityKind.PERSON
    assert r.entity_info[r.entities[(xs[0].article.id, maliar.id)]].label == "Hanna Maliar"
    assert not [e for x in xs for e in x.entities if e.kind is EntityKind.ORGANIZATION and "Maliar" in e.name]


def test_the_gazetteer_is_built_once_and_read_from_its_cache(tmp_path, monkeypatch):
    from kg import gazetteer as module

    monkeypatch.setenv("KG_CACHE_DIR", str(tmp_path))
    (tmp_path / "gazetteer-0123456789abcdef.pickle").write_bytes(b"built from other sources")
    module.gazetteer.cache_clear()
    try:
        built = module.gazetteer()
        (cached,) = tmp_path.glob("gazetteer-*.pickle")  # the stale one is gone
        assert cached == module.cache_path()
        module.gazetteer.cache_clear()
        again = module.gazetteer()
        assert again is not built  # read back from the file, not rebuilt in this process
        for spelling in ("Kharkov", "Izium", "Kyiv", "Donetsk"):
            assert again.lookup(spelling) == built.lookup(spelling)
        cached.write_bytes(b"not a pickle")  # a damaged cache is built again
        module.gazetteer.cache_clear()
        assert module.gazetteer().lookup("Kyiv") == built.lookup("Kyiv")
        monkeypatch.setenv("KG_CACHE_DIR", "off")
        assert module.cache_path() is None
    finally:
        module.gazetteer.cache_clear()
