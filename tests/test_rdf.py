"""kg.rdf.article_quads on hand-built extractions, checked against docs/rdf-contract.md."""

from __future__ import annotations

import pytest
from builders import KHARKIV_ID, ArticleBuilder
from rdflib import Dataset, Literal, Namespace, URIRef

from kg import iris
from kg.lexicon import load_event_types
from kg.merge import resolve
from kg.model import EntityKind, Factuality, Quantity, Relation, TimeExpr
from kg.nlp import ModelInfo
from kg.rdf import Activity, article_quads, gazetteer_quads
from kg.validate import validate
from kg.vocab import (
    EVENT_NS,
    GAF,
    KG,
    KGE,
    NIF,
    OWL,
    PROV,
    RDF,
    RDFS,
    SCHEMA,
    SEM,
    SKOS,
)
from kg.vocab import XSD as _XSD

# a plain Namespace: pytest's collection probes module attributes, and rdflib's XSD warns on that
XSD = Namespace(str(_XSD))
del _XSD

LEXICON = load_event_types()
MODEL = ModelInfo(package="en_core_web_sm", name="core_web_sm", version="3.8.0", spacy_version="3.8.18")
ACTIVITY = Activity(started="2026-01-01T00:00:00Z", model=MODEL)
UKRAINE_ID = 690791


def article_a() -> ArticleBuilder:
    d = ArticleBuilder(
        "Kharkiv battle ends\n"
        "Russian troops pulled back from Kharkiv on Sunday. "
        "“Ukraine appears to have won the battle of Kharkiv,” the Institute for the Study "
        "of War said. \U0001f1fa\U0001f1e6 Vladimir Zelensky thanked the army.",
        published="2022-05-16",
    )
    group = d.entity(EntityKind.GROUP, "Russian troops", country="RU")
    kharkiv = d.entity(
        EntityKind.PLACE,
        "Kharkiv",
        mentions=[("Kharkiv", 1), ("Kharkiv", 2)],
        geonameid=KHARKIV_ID,
        country="UA",
    )
    ukraine = d.entity(EntityKind.PLACE, "Ukraine", geonameid=UKRAINE_ID, country="UA")
    isw = d.entity(EntityKind.ORGANIZATION, "Institute for the Study of War")
    d.entity(EntityKind.PERSON, "Vladimir Zelensky")
    sunday = d.time("Sunday", "2022-05-15")
    d.event("pulled back", "Withdrawal", agents=[group], places=[kharkiv], time=sunday)
    won = d.event("won", "Victory", agents=[ukraine], places=[kharkiv])
    battle = d.event("battle", "Fighting", places=[kharkiv], nth=1)
    d.quote(
        ["Ukraine appears to have won the battle of Kharkiv"],
        isw,
        "said",
        about_entities=[ukraine, kharkiv],
        about_events=[won, battle],
    )
    return d


def article_b() -> ArticleBuilder:
    d = ArticleBuilder(
        "Zelensky visits Kharkiv\n"
        "Volodymyr Zelensky visited Kharkiv. Zelensky said Russian forces had withdrawn "
        "from the city.",
        published="2022-05-17",
    )
    zelensky = d.entity(EntityKind.PERSON, "Volodymyr Zelensky", "Zelensky", mentions=[("Zelensky", 2)])
    kharkiv = d.entity(
        EntityKind.PLACE,
        "Kharkiv",
        mentions=[("Kharkiv", 1), ("the city",)],
        geonameid=KHARKIV_ID,
        country="UA",
    )
    group = d.entity(EntityKind.GROUP, "Russian forces", country="RU")
    withdrawn = d.event("withdrawn", "Withdrawal", agents=[group], places=[kharkiv])
    d.quote(
        ["Russian forces had withdrawn from the city"],
        zelensky,
        "said",
        about_entities=[group, kharkiv],
        about_events=[withdrawn],
    )
    return d


def build(*docs: ArticleBuilder):
    extractions = [d.x for d in docs]
    resolution = resolve(extractions, LEXICON)
    return resolution, {d.aid: article_quads(d.x, resolution, ACTIVITY) for d in docs}


@pytest.fixture(scope="module")
def two():
    a, b = article_a(), article_b()
    resolution, quads = build(a, b)
    return a, b, resolution, quads


def triples(quads) -> set:
    return {(s, p, o) for s, p, o, _ in quads}


def union(quads_by_article) -> set:
    return set().union(*(triples(q) for q in quads_by_article.values()))


def objects(ts: set, s, p) -> set:
    return {o for s2, p2, o in ts if s2 == s and p2 == p}


def subjects(ts: set, p, o) -> set:
    return {s for s, p2, o2 in ts if p2 == p and o2 == o}


# -- tests --------------------------------------------------------------------------------


def test_every_quad_is_in_its_articles_graph(two):
    a, b, _, quads = two
    for doc in (a, b):
        graph = iris.graph_iri(doc.aid)
        assert quads[doc.aid], "no quads"
        assert {g for *_, g in quads[doc.aid]} == {graph}
    assert iris.graph_iri(a.aid) != iris.graph_iri(b.aid)


def test_no_duplicate_quads(two):
    for q in two[3].values():
        assert len(q) == len(set(q))


def test_every_phrase_anchor_is_the_text_at_its_offsets(two):
    a, b, _, quads = two
    # A: 7 entity mentions, 1 time, 3 triggers, 1 quote; B: 7 entity mentions, 1 trigger, 1 quote
    for doc, n_phrases in ((a, 12), (b, 9)):
        ts = triples(quads[doc.aid])
        phrases = subjects(ts, RDF.type, NIF.Phrase) | subjects(ts, RDF.type, NIF.Sentence)
        assert len(subjects(ts, RDF.type, NIF.Phrase)) == n_phrases
        for m in phrases:
            (begin,), (end,), (anchor,) = (
                objects(ts, m, NIF.beginIndex),
                objects(ts, m, NIF.endIndex),
                objects(ts, m, NIF.anchorOf),
            )
            assert begin.datatype == end.datatype == XSD.nonNegativeInteger
            assert str(anchor) == doc.text[int(begin) : int(end)]
            assert str(m) == f"{iris.article_iri(doc.aid)}#char={int(begin)},{int(end)}"
            assert objects(ts, m, NIF.referenceContext) == {iris.article_iri(doc.aid)}


def test_offsets_count_code_points_past_an_astral_character(two):
    a, _, resolution, quads = two
    ts = triples(quads[a.aid])
    zelensky = resolution.entities[(a.aid, 4)]
    (mention,) = objects(ts, zelensky, GAF.denotedBy)
    begin = int(next(iter(objects(ts, mention, NIF.beginIndex))))
    assert begin == a.text.index("Vladimir Zelensky")  # Python str offsets are code points
    assert objects(ts, mention, NIF.anchorOf) == {Literal("Vladimir Zelensky")}


def test_exactly_one_label_per_entity_in_the_union(two):
    *_, resolution, quads = two
    ts = union(quads)
    entities = set(resolution.entities.values())
    assert len(entities) == 5  # Russian forces, Kharkiv, Ukraine, ISW, Zelensky
    for node in entities:
        labels = objects(ts, node, RDFS.label)
        assert len(labels) == 1, (node, labels)
        assert labels == {Literal(resolution.entity_info[node].label)}
    zelensky = resolution.entities[(two[0].aid, 4)]
    assert objects(ts, zelensky, RDFS.label) == {Literal("Volodymyr Zelensky")}
    assert objects(ts, zelensky, SKOS.altLabel) == {Literal("Vladimir Zelensky"), Literal("Zelensky")}


def test_alt_labels_never_repeat_the_label(two):
    ts = union(two[3])
    for s, p, o in ts:
        if p == SKOS.altLabel:
            assert o not in objects(ts, s, RDFS.label)
    assert any(p == SKOS.altLabel for _, p, _ in ts)


def test_entity_types_include_the_superclass(two):
    a, b, resolution, quads = two
    ts = union(quads)
    group = resolution.entities[(a.aid, 0)]
    assert resolution.entities[(b.aid, 2)] == group
    assert objects(ts, group, RDF.type) == {SCHEMA.Organization, KG.ActorGroup}
    assert "/group/" in str(group)
    kharkiv = resolution.entities[(a.aid, 1)]
    assert objects(ts, kharkiv, RDF.type) >= {SCHEMA.Place}
    # what GeoNames says is not what the article says: it lives in the gazetteer graph
    assert objects(ts, kharkiv, OWL.sameAs) == set()
    geo = {(s, p, o) for s, p, o, _ in gazetteer_quads(resolution, ACTIVITY)}
    assert objects(geo, kharkiv, OWL.sameAs) == {URIRef("https://sws.geonames.org/706483/")}
    assert objects(ts, resolution.entities[(a.aid, 3)], RDF.type) == {SCHEMA.Organization}
    assert objects(ts, resolution.entities[(a.aid, 4)], RDF.type) == {SCHEMA.Person}


def test_every_agent_and_patient_is_also_a_sem_actor(two):
    quads = two[3]
    ts = union(quads)
    events = subjects(ts, RDF.type, SEM.Event)
    assert len(events) == 3  # one withdrawal reported twice, a victory, a battle
    agents = 0
    for event in events:
        actors = objects(ts, event, SEM.hasActor)
        for role in (KG.agent, KG.patient):
            assert objects(ts, event, role) <= actors
            agents += len(objects(ts, event, role))
        assert len(objects(ts, event, RDFS.label)) == 1
        (etype,) = objects(ts, event, SEM.eventType)
        assert str(etype).startswith(EVENT_NS) and etype in (KGE.Withdrawal, KGE.Victory, KGE.Fighting)
    assert agents >= 2


def test_the_withdrawal_reported_twice_is_one_event_in_both_graphs(two):
    a, b, resolution, quads = two
    withdrawal = resolution.events[(a.aid, 0)]
    assert resolution.events[(b.aid, 0)] == withdrawal
    for doc in (a, b):
        ts = triples(quads[doc.aid])
        assert (withdrawal, SEM.eventType, KGE.Withdrawal) in ts
        assert objects(ts, withdrawal, SEM.hasPlace) == {resolution.entities[(a.aid, 1)]}
        assert objects(ts, withdrawal, KG.agent) == {resolution.entities[(a.aid, 0)]}
    ts = triples(quads[a.aid])
    assert objects(ts, withdrawal, SEM.hasTimeStamp) == {Literal("2022-05-15", datatype=XSD.date)}
    (time,) = objects(ts, withdrawal, SEM.hasTime)
    assert objects(ts, time, RDF.type) == {SEM.Time}
    assert objects(ts, time, RDFS.label) == {Literal("Sunday")}


def test_quotations(two):
    a, _, resolution, quads = two
    ts = triples(quads[a.aid])
    (quote,) = subjects(ts, RDF.type, SCHEMA.Quotation)
    assert quote == resolution.quotes[(a.aid, 0)]
    assert objects(ts, quote, SCHEMA.creator) == {resolution.entities[(a.aid, 3)]}
    assert objects(ts, quote, SCHEMA.text) == {Literal("Ukraine appears to have won the battle of Kharkiv")}
    assert objects(ts, quote, SCHEMA.about) == {
        resolution.entities[(a.aid, 2)],
        resolution.entities[(a.aid, 1)],
        resolution.events[(a.aid, 1)],
        resolution.events[(a.aid, 2)],
    }
    (piece,) = objects(ts, quote, GAF.denotedBy)
    assert objects(ts, piece, KG.extractor) == {Literal("quotes")}


def test_provenance_of_each_graph(two):
    a, b, _, quads = two
    for doc in (a, b):
        ts = triples(quads[doc.aid])
        graph, article = iris.graph_iri(doc.aid), iris.article_iri(doc.aid)
        assert objects(ts, graph, PROV.wasDerivedFrom) == {article}
        assert objects(ts, graph, PROV.wasGeneratedBy) == {ACTIVITY.iri}
        assert objects(ts, ACTIVITY.iri, RDF.type) == {PROV.Activity}
        (started,) = objects(ts, ACTIVITY.iri, PROV.startedAtTime)
        assert started == Literal("2026-01-01T00:00:00Z", datatype=XSD.dateTime)
        assert started.datatype == XSD.dateTime
        assert objects(ts, ACTIVITY.iri, PROV.wasAssociatedWith) == {ACTIVITY.agent_iri}
        agent = ACTIVITY.agent_iri
        assert objects(ts, agent, RDF.type) == {PROV.SoftwareAgent}
        assert objects(ts, agent, KG.modelName) == {Literal("core_web_sm")}
        assert objects(ts, agent, KG.modelVersion) == {Literal("3.8.0")}
        assert len(objects(ts, agent, RDFS.label)) == 1
        assert objects(ts, article, RDF.type) == {SCHEMA.NewsArticle, NIF.Context}
        assert objects(ts, article, NIF.isString) == {Literal(doc.text)}
        assert objects(ts, article, SCHEMA.headline) == {Literal(doc.text.split("\n")[0])}


def test_activity_iri_depends_on_start_time_and_model():
    other_time = Activity(started="2026-01-02T00:00:00Z", model=MODEL)
    other_model = Activity(started=ACTIVITY.started, model=ModelInfo("x", "core_web_lg", "3.8.0", "3.8.18"))
    assert len({ACTIVITY.iri, other_time.iri, other_model.iri}) == 3
    assert other_time.agent_iri == ACTIVITY.agent_iri != other_model.agent_iri
    assert Activity(started=ACTIVITY.started, model=MODEL).iri == ACTIVITY.iri


def _dataset(quads_by_article) -> Dataset:
    ds = Dataset()
    for quads in quads_by_article.values():
        for quad in quads:
            ds.add(quad)
    return ds


def test_two_articles_validate_against_the_shapes(two):
    report = validate(_dataset(two[3]))
    assert report.graph_problems == []
    assert report.conforms, report.results_text


def test_an_article_with_an_outlet_validates():
    d = ArticleBuilder(
        "Kharkiv battle ends\nRussian troops pulled back from Kharkiv.", outlet="The Kyiv Independent"
    )
    group = d.entity(EntityKind.GROUP, "Russian troops", country="RU")
    kharkiv = d.entity(
        EntityKind.PLACE, "Kharkiv", mentions=[("Kharkiv", 1)], geonameid=KHARKIV_ID, country="UA"
    )
    d.event("pulled back", "Withdrawal", agents=[group], places=[kharkiv])
    _, quads = build(d)
    ts = triples(quads[d.aid])
    (outlet,) = objects(ts, iris.article_iri(d.aid), SCHEMA.publisher)
    assert objects(ts, outlet, RDF.type) == {SCHEMA.Organization}
    report = validate(_dataset(quads))
    assert report.conforms, report.results_text


def test_a_span_shared_by_two_extractors_names_both_and_validates():
    d = ArticleBuilder("Where will they strike next? “Kharkiv,” Zelensky said.")
    kharkiv = d.entity(EntityKind.PLACE, "Kharkiv", geonameid=KHARKIV_ID, country="UA")
    zelensky = d.entity(EntityKind.PERSON, "Zelensky")
    d.quote(["Kharkiv"], zelensky, "said", about_entities=[kharkiv])
    _, quads = build(d)
    ts = triples(quads[d.aid])
    kharkiv_span = d.span("Kharkiv")
    mention = iris.mention_iri(d.aid, kharkiv_span.start, kharkiv_span.end)
    assert {str(v) for v in objects(ts, mention, KG.extractor)} == {"entities", "quotes"}
    report = validate(_dataset(quads))
    assert report.conforms, report.results_text


# == factuality, quantities, relations, periods (issue 3) ==================================

ASSERTED, NEGATED, HEDGED, ATTEMPTED = (
    Factuality.ASSERTED,
    Factuality.NEGATED,
    Factuality.HEDGED,
    Factuality.ATTEMPTED,
)
FACTUALITY_NODES = {ASSERTED: KG.Asserted, NEGATED: KG.Negated, HEDGED: KG.Hedged, ATTEMPTED: KG.Attempted}
IZYUM_ID, WASHINGTON_ID, RUSSIA_ID = 707292, 4140963, 2017370
PULLED_BACK = "Russian troops pulled back from Kharkiv."


def _withdrawals(factualities, published=None) -> ArticleBuilder:
    """One sentence a mention: the same withdrawal, told with each factuality in turn."""
    d = ArticleBuilder(" ".join([PULLED_BACK] * len(factualities)), published=published)
    n = len(factualities)
    group = d.entity(
        EntityKind.GROUP,
        "Russian troops",
        country="RU",
        mentions=[("Russian troops", i) for i in range(1, n)],
    )
    kharkiv = d.entity(
        EntityKind.PLACE,
        "Kharkiv",
        mentions=[("Kharkiv", i) for i in range(1, n)],
        geonameid=KHARKIV_ID,
        country="UA",
    )
    for i, factuality in enumerate(factualities):
        index = d.event("pulled back", "Withdrawal", agents=[group], places=[kharkiv], nth=i)
        d.x.events[index].factuality = factuality
    return d


def _factuality_triples(quads, node) -> list:
    return [o for s, p, o, _ in quads if s == node and p == KG.factuality]


@pytest.mark.parametrize(
    "factualities, expected",
    [
        ([ASSERTED], ASSERTED),
        ([ASSERTED, ASSERTED], ASSERTED),
        ([ASSERTED, HEDGED], HEDGED),
        ([HEDGED, ATTEMPTED, ASSERTED], ATTEMPTED),
        ([ASSERTED, NEGATED, HEDGED], NEGATED),
        ([ATTEMPTED, NEGATED], NEGATED),
    ],
)
def test_factuality_is_the_most_cautious_of_the_articles_mentions(factualities, expected):
    d = _withdrawals(factualities)
    resolution, quads = build(d)
    nodes = {resolution.events[(d.aid, i)] for i in range(len(factualities))}
    assert len(nodes) == 1, "the mentions are of one event"
    (node,) = nodes
    assert _factuality_triples(quads[d.aid], node) == [FACTUALITY_NODES[expected]]  # exactly one
    assert objects(triples(quads[d.aid]), node, KG.accordingTo) == set()


def test_factuality_is_per_graph():
    a = _withdrawals([ASSERTED], published="2022-05-16")
    b = ArticleBuilder("Kharkiv holds\n" + PULLED_BACK, published="2022-05-17")
    group = b.entity(EntityKind.GROUP, "Russian troops", country="RU")
    kharkiv = b.entity(
        EntityKind.PLACE, "Kharkiv", mentions=[("Kharkiv", 1)], geonameid=KHARKIV_ID, country="UA"
    )
    b.event("pulled back", "Withdrawal", agents=[group], places=[kharkiv])
    b.x.events[0].factuality = NEGATED
    resolution, quads = build(a, b)
    node = resolution.events[(a.aid, 0)]
    assert resolution.events[(b.aid, 0)] == node
    assert _factuality_triples(quads[a.aid], node) == [KG.Asserted]
    assert _factuality_triples(quads[b.aid], node) == [KG.Negated]


def _zelensky_and_reznikov(text: str) -> tuple[ArticleBuilder, int, int, int, int]:
    d = ArticleBuilder(text)
    zelensky = d.entity(EntityKind.PERSON, "Zelensky")
    reznikov = d.entity(EntityKind.PERSON, "Reznikov") if "Reznikov" in text else None
    n = text.count("Russian troops")
    group = d.entity(
        EntityKind.GROUP,
        "Russian troops",
        country="RU",
        mentions=[("Russian troops", i) for i in range(1, n)],
    )
    kharkiv = d.entity(
        EntityKind.PLACE,
        "Kharkiv",
        mentions=[("Kharkiv", i) for i in range(1, text.count("Kharkiv"))],
        geonameid=KHARKIV_ID,
        country="UA",
    )
    return d, zelensky, reznikov, group, kharkiv


def test_an_event_known_only_from_quotations_is_according_to_them():
    d, zelensky, reznikov, group, kharkiv = _zelensky_and_reznikov(
        "Zelensky said Russian troops did not encircle Kharkiv. "
        "Reznikov said Russian troops tried to encircle Kharkiv."
    )
    first = d.event("encircle", "Encirclement", agents=[group], places=[kharkiv])
    second = d.event("encircle", "Encirclement", agents=[group], places=[kharkiv], nth=1)
    q1 = d.quote(
        ["Russian troops did not encircle Kharkiv"],
        zelensky,
        "said",
        about_entities=[group, kharkiv],
        about_events=[first],
    )
    q2 = d.quote(
        ["Russian troops tried to encircle Kharkiv"],
        reznikov,
        "said",
        about_entities=[group, kharkiv],
        about_events=[second],
    )
    for index, factuality, quote in ((first, NEGATED, q1), (second, ATTEMPTED, q2)):
        d.x.events[index].factuality = factuality
        d.x.events[index].quote = quote
    resolution, quads = build(d)
    ts = triples(quads[d.aid])
    node = resolution.events[(d.aid, first)]
    assert resolution.events[(d.aid, second)] == node
    # every mention is quoted: the most cautious of the quoted readings
    assert _factuality_triples(quads[d.aid], node) == [KG.Negated]
    quotations = {resolution.quotes[(d.aid, q1)], resolution.quotes[(d.aid, q2)]}
    assert len(quotations) == 2
    assert objects(ts, node, KG.accordingTo) == quotations
    for quotation in quotations:
        assert objects(ts, quotation, RDF.type) == {SCHEMA.Quotation}
        assert node in objects(ts, quotation, SCHEMA.about)
    assert validate(_dataset(quads)).conforms


def test_an_event_told_by_the_article_and_by_a_quotation_takes_the_articles_factuality():
    d, zelensky, _, group, kharkiv = _zelensky_and_reznikov(
        "Russian troops could have pulled back from Kharkiv. "
        "Zelensky said Russian troops did not pull back from Kharkiv."
    )
    own = d.event("pulled back", "Withdrawal", agents=[group], places=[kharkiv])
    quoted = d.event("pull back", "Withdrawal", agents=[group], places=[kharkiv])
    q = d.quote(
        ["Russian troops did not pull back from Kharkiv"],
        zelensky,
        "said",
        about_entities=[group, kharkiv],
        about_events=[quoted],
    )
    d.x.events[own].factuality = HEDGED
    d.x.events[quoted].factuality = NEGATED
    d.x.events[quoted].quote = q
    resolution, quads = build(d)
    ts = triples(quads[d.aid])
    node = resolution.events[(d.aid, own)]
    assert resolution.events[(d.aid, quoted)] == node
    # the article's own (unquoted) mention decides, though the quoted one is more cautious
    assert _factuality_triples(quads[d.aid], node) == [KG.Hedged]
    # the statement that also tells of it is named (docs/rdf-contract.md: "each statement
    # that tells of the event"), but does not set the article's reading
    quotation = resolution.quotes[(d.aid, q)]
    assert objects(ts, node, KG.accordingTo) == {quotation}
    assert node in objects(ts, quotation, SCHEMA.about)


QUANTITIES_TEXT = (
    "Kharkiv is the second-largest city in Ukraine. It had 1.4 million residents "
    "before the war. Izyum is about 78 miles south of Kharkiv. Kharkiv is 40 km "
    "from Russia. The strike reportedly killed more than 400 Russian troops."
)


def quantities_article() -> tuple[ArticleBuilder, dict]:
    d = ArticleBuilder(QUANTITIES_TEXT)
    ids = {
        "kharkiv": d.entity(
            EntityKind.PLACE,
            "Kharkiv",
            mentions=[("Kharkiv", 1), ("Kharkiv", 2)],
            geonameid=KHARKIV_ID,
            country="UA",
        ),
        "ukraine": d.entity(EntityKind.PLACE, "Ukraine", geonameid=UKRAINE_ID, country="UA"),
        "izyum": d.entity(EntityKind.PLACE, "Izyum", geonameid=IZYUM_ID, country="UA"),
        "russia": d.entity(EntityKind.PLACE, "Russia", geonameid=RUSSIA_ID, country="RU"),
        "group": d.entity(EntityKind.GROUP, "Russian troops", country="RU"),
    }
    ids["strike"] = d.event("strike", "AerialStrike")
    ids["killed"] = d.event("killed", "Killing", patients=[ids["group"]])
    d.x.quantities += [
        Quantity(
            d.span("1.4 million residents"),
            1.4e6,
            "residents",
            qualifier="before the war",
            measures="population",
            entity=ids["kharkiv"],
        ),
        Quantity(
            d.span("about 78 miles"),
            78.0,
            "miles",
            70.2,
            85.8,
            measures="distance",
            entity=ids["izyum"],
            origin=ids["kharkiv"],
            direction="south",
        ),
        Quantity(
            d.span("40 km"), 40.0, "km", measures="distance", entity=ids["kharkiv"], origin=ids["russia"]
        ),
        Quantity(
            d.span("more than 400 Russian troops"),
            400.0,
            "Russian troops",
            400.0,
            measures="casualties",
            event=ids["strike"],
        ),
    ]
    return d, ids


@pytest.fixture(scope="module")
def quantities():
    d, ids = quantities_article()
    resolution, quads = build(d)
    return d, ids, resolution, triples(quads[d.aid]), quads


def _quantity_node(d: ArticleBuilder, surface: str) -> URIRef:
    s = d.span(surface)
    return iris.quantity_iri(f"{d.aid}-{s.start}-{s.end}")


def _decimal(ts, node, prop) -> set[tuple[str, URIRef]]:
    return {(str(o), o.datatype) for o in objects(ts, node, prop)}


@pytest.mark.parametrize(
    "surface, value, unit, code, low, high",
    [
        ("1.4 million residents", "1400000", "residents", None, None, None),
        ("about 78 miles", "78", "miles", "SMI", "70.2", "85.8"),
        ("40 km", "40", "km", "KMT", None, None),
        ("more than 400 Russian troops", "400", "Russian troops", None, "400", None),
    ],
)
def test_quantitative_values(quantities, surface, value, unit, code, low, high):
    d, _, _, ts, _ = quantities
    node = _quantity_node(d, surface)
    assert objects(ts, node, RDF.type) == {SCHEMA.QuantitativeValue}
    assert _decimal(ts, node, SCHEMA.value) == {(value, XSD.decimal)}
    assert objects(ts, node, SCHEMA.unitText) == {Literal(unit)}
    assert objects(ts, node, SCHEMA.unitCode) == ({Literal(code)} if code else set())
    assert _decimal(ts, node, SCHEMA.minValue) == ({(low, XSD.decimal)} if low else set())
    assert _decimal(ts, node, SCHEMA.maxValue) == ({(high, XSD.decimal)} if high else set())
    (mention,) = objects(ts, node, GAF.denotedBy)
    assert objects(ts, mention, NIF.anchorOf) == {Literal(surface)}
    assert objects(ts, mention, KG.extractor) == {Literal("quantities")}


def test_population_is_linked_from_its_place_with_its_qualifier(quantities):
    d, ids, resolution, ts, _ = quantities
    node = _quantity_node(d, "1.4 million residents")
    kharkiv = resolution.entities[(d.aid, ids["kharkiv"])]
    assert subjects(ts, SCHEMA.population, node) == {kharkiv}
    assert objects(ts, node, KG.qualifier) == {Literal("before the war")}
    assert objects(ts, node, KG.distanceFrom) == set()


def test_casualties_are_linked_from_their_event(quantities):
    d, ids, resolution, ts, _ = quantities
    node = _quantity_node(d, "more than 400 Russian troops")
    strike = resolution.events[(d.aid, ids["strike"])]
    assert resolution.events[(d.aid, ids["killed"])] != strike
    assert subjects(ts, KG.casualties, node) == {strike}
    assert objects(ts, node, KG.qualifier) == set()


def test_distance_is_linked_from_its_place_with_its_origin_and_direction(quantities):
    d, ids, resolution, ts, _ = quantities
    place = {k: resolution.entities[(d.aid, ids[k])] for k in ("kharkiv", "izyum", "russia")}
    miles, km = _quantity_node(d, "about 78 miles"), _quantity_node(d, "40 km")
    assert subjects(ts, KG.distance, miles) == {place["izyum"]}
    assert objects(ts, miles, KG.distanceFrom) == {place["kharkiv"]}
    assert objects(ts, miles, KG.direction) == {Literal("south")}
    assert subjects(ts, KG.distance, km) == {place["kharkiv"]}
    assert objects(ts, km, KG.distanceFrom) == {place["russia"]}
    assert objects(ts, km, KG.direction) == set()
    assert objects(ts, place["kharkiv"], SCHEMA.population) == {_quantity_node(d, "1.4 million residents")}


RELATIONS_TEXT = (
    "Ukrainian President Volodymyr Zelensky visited Kharkiv. Kharkiv is the "
    "second-largest city in Ukraine. The Institute for the Study of War, a "
    "Washington-based think tank, agreed. Defense Minister Oleksii Reznikov and "
    "the Defense Ministry agreed. John Smith killed Peter Jones of Kharkiv."
)


def relations_article() -> tuple[ArticleBuilder, dict]:
    d = ArticleBuilder(RELATIONS_TEXT)
    ids = {
        "zelensky": d.entity(EntityKind.PERSON, "Volodymyr Zelensky"),
        "kharkiv": d.entity(
            EntityKind.PLACE,
            "Kharkiv",
            mentions=[("Kharkiv", 1), ("Kharkiv", 2)],
            geonameid=KHARKIV_ID,
            country="UA",
        ),
        "ukraine": d.entity(EntityKind.PLACE, "Ukraine", geonameid=UKRAINE_ID, country="UA"),
        "isw": d.entity(EntityKind.ORGANIZATION, "Institute for the Study of War"),
        "washington": d.entity(EntityKind.PLACE, "Washington", geonameid=WASHINGTON_ID, country="US"),
        "reznikov": d.entity(EntityKind.PERSON, "Oleksii Reznikov"),
        "ministry": d.entity(EntityKind.ORGANIZATION, "Defense Ministry"),
        "smith": d.entity(EntityKind.PERSON, "John Smith"),
        "jones": d.entity(EntityKind.PERSON, "Peter Jones"),
    }
    ids["killed"] = d.event(
        "killed", "Killing", agents=[ids["smith"]], patients=[ids["jones"]], places=[ids["kharkiv"]]
    )

    def rel(predicate, subject, obj=None, value=None, evidence=None):
        d.x.relations.append(
            Relation(
                predicate,
                ids[subject],
                ids[obj] if obj else None,
                value,
                d.span(evidence) if evidence else None,
            )
        )

    rel("jobTitle", "zelensky", value="President", evidence="President Volodymyr Zelensky")
    rel("nationality", "zelensky", "ukraine", evidence="Ukrainian President Volodymyr Zelensky")
    rel("containedInPlace", "kharkiv", "ukraine")
    rel("description", "isw", value="Washington-based think tank")
    rel("location", "isw", "washington")
    rel("jobTitle", "reznikov", value="Defense Minister")
    rel("worksFor", "reznikov", "ministry")
    rel("memberOf", "reznikov", "ministry")
    rel("killed", "smith", "jones")
    rel("homeLocation", "jones", "kharkiv")
    return d, ids


@pytest.fixture(scope="module")
def relations():
    d, ids = relations_article()
    resolution, quads = build(d)
    return d, ids, resolution, quads


@pytest.mark.parametrize(
    "subject, prop, obj",
    [
        ("zelensky", SCHEMA.nationality, "ukraine"),
        ("kharkiv", SCHEMA.containedInPlace, "ukraine"),
        ("isw", SCHEMA.location, "washington"),
        ("reznikov", SCHEMA.worksFor, "ministry"),
        ("reznikov", SCHEMA.memberOf, "ministry"),
        ("smith", KG.killed, "jones"),
        ("jones", SCHEMA.homeLocation, "kharkiv"),
    ],
)
def test_relations_between_entities_are_iris(relations, subject, prop, obj):
    d, ids, resolution, quads = relations
    ts = triples(quads[d.aid])
    node = resolution.entities[(d.aid, ids[subject])]
    assert objects(ts, node, prop) == {resolution.entities[(d.aid, ids[obj])]}
    assert (node, prop, resolution.entities[(d.aid, ids[obj])], iris.graph_iri(d.aid)) in quads[d.aid]


@pytest.mark.parametrize(
    "subject, prop, value",
    [
        ("zelensky", SCHEMA.jobTitle, "President"),
        ("reznikov", SCHEMA.jobTitle, "Defense Minister"),
        ("isw", SCHEMA.description, "Washington-based think tank"),
    ],
)
def test_job_titles_and_descriptions_are_literals(relations, subject, prop, value):
    d, ids, resolution, quads = relations
    ts = triples(quads[d.aid])
    (literal,) = objects(ts, resolution.entities[(d.aid, ids[subject])], prop)
    assert isinstance(literal, Literal) and literal == Literal(value)


def test_relations_go_only_where_stated(relations):
    d, ids, resolution, quads = relations
    ts = triples(quads[d.aid])
    ukraine = resolution.entities[(d.aid, ids["ukraine"])]
    kharkiv = resolution.entities[(d.aid, ids["kharkiv"])]
    assert objects(ts, ukraine, SCHEMA.containedInPlace) == set()  # not the other way round
    assert subjects(ts, SCHEMA.containedInPlace, ukraine) == {kharkiv}
    assert objects(ts, resolution.entities[(d.aid, ids["jones"])], KG.killed) == set()
    assert objects(ts, resolution.entities[(d.aid, ids["smith"])], SCHEMA.jobTitle) == set()


PERIODS_TEXT = (
    "Russian troops shelled Kharkiv last week. Izyum has been under Russian control since last month."
)


@pytest.fixture(scope="module")
def periods():
    d = ArticleBuilder(PERIODS_TEXT, published="2022-05-16")
    group = d.entity(EntityKind.GROUP, "Russian troops", country="RU")
    kharkiv = d.entity(EntityKind.PLACE, "Kharkiv", geonameid=KHARKIV_ID, country="UA")
    d.entity(EntityKind.PLACE, "Izyum", geonameid=IZYUM_ID, country="UA")
    last_week = TimeExpr(d.span("last week"), begin="2022-05-09", end="2022-05-15")
    since_last_month = TimeExpr(d.span("last month"), begin="2022-04-01")
    d.x.times += [last_week, since_last_month]
    d.event("shelled", "Shelling", agents=[group], places=[kharkiv], time=last_week)
    resolution, quads = build(d)
    return d, resolution, triples(quads[d.aid]), quads


def _time_node(d: ArticleBuilder, surface: str) -> URIRef:
    s = d.span(surface)
    return iris.time_iri(f"{d.aid}-{s.start}-{s.end}")


def test_a_period_has_begin_and_end_timestamps(periods):
    d, resolution, ts, _ = periods
    node = _time_node(d, "last week")
    assert objects(ts, node, RDF.type) == {SEM.Time}
    assert objects(ts, node, RDFS.label) == {Literal("last week")}
    assert objects(ts, node, SEM.hasBeginTimeStamp) == {Literal("2022-05-09", datatype=XSD.date)}
    assert objects(ts, node, SEM.hasEndTimeStamp) == {Literal("2022-05-15", datatype=XSD.date)}
    assert objects(ts, node, SEM.hasTimeStamp) == set()
    # and so does the event that happened in it
    event = resolution.events[(d.aid, 0)]
    assert objects(ts, event, SEM.hasTime) == {node}
    assert objects(ts, event, SEM.hasBeginTimeStamp) == {Literal("2022-05-09", datatype=XSD.date)}
    assert objects(ts, event, SEM.hasEndTimeStamp) == {Literal("2022-05-15", datatype=XSD.date)}
    assert objects(ts, event, SEM.hasTimeStamp) == set()


def test_an_open_period_has_a_begin_timestamp_only(periods):
    d, _, ts, _ = periods
    node = _time_node(d, "last month")
    assert objects(ts, node, SEM.hasBeginTimeStamp) == {Literal("2022-04-01", datatype=XSD.date)}
    assert objects(ts, node, SEM.hasEndTimeStamp) == set()
    assert objects(ts, node, SEM.hasTimeStamp) == set()


def test_factuality_quantities_relations_and_periods_validate(quantities, relations, periods):
    both = _withdrawals([ASSERTED, NEGATED])
    _, both_quads = build(both)
    dataset = _dataset({**quantities[4], **relations[3], **periods[3], **both_quads})
    report = validate(dataset)
    assert report.graph_problems == []
    assert report.conforms, report.results_text
