"""kg.rdf.article_quads on hand-built extractions, checked against docs/rdf-contract.md."""

from __future__ import annotations

import pytest
from rdflib import Dataset, Literal, Namespace, URIRef

from builders import KHARKIV_ID, ArticleBuilder
from kg import iris
from kg.lexicon import load_event_types
from kg.merge import resolve
from kg.model import EntityKind
from kg.nlp import ModelInfo
from kg.rdf import Activity, article_quads
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
MODEL = ModelInfo(package="en_core_web_sm", name="core_web_sm", version="3.8.0",
                  spacy_version="3.8.18")
ACTIVITY = Activity(started="2026-01-01T00:00:00Z", model=MODEL)
UKRAINE_ID = 690791


def article_a() -> ArticleBuilder:
    d = ArticleBuilder(
        "Kharkiv battle ends\n"
        "Russian troops pulled back from Kharkiv on Sunday. "
        "“Ukraine appears to have won the battle of Kharkiv,” the Institute for the Study "
        "of War said. \U0001F1FA\U0001F1E6 Vladimir Zelensky thanked the army.",
        published="2022-05-16")
    group = d.entity(EntityKind.GROUP, "Russian troops", country="RU")
    kharkiv = d.entity(EntityKind.PLACE, "Kharkiv", mentions=[("Kharkiv", 1), ("Kharkiv", 2)],
                       geonameid=KHARKIV_ID, country="UA")
    ukraine = d.entity(EntityKind.PLACE, "Ukraine", geonameid=UKRAINE_ID, country="UA")
    isw = d.entity(EntityKind.ORGANIZATION, "Institute for the Study of War")
    d.entity(EntityKind.PERSON, "Vladimir Zelensky")
    sunday = d.time("Sunday", "2022-05-15")
    d.event("pulled back", "Withdrawal", agents=[group], places=[kharkiv], time=sunday)
    won = d.event("won", "Victory", agents=[ukraine], places=[kharkiv])
    battle = d.event("battle", "Fighting", places=[kharkiv], nth=1)
    d.quote(["Ukraine appears to have won the battle of Kharkiv"], isw, "said",
            about_entities=[ukraine, kharkiv], about_events=[won, battle])
    return d


def article_b() -> ArticleBuilder:
    d = ArticleBuilder(
        "Zelensky visits Kharkiv\n"
        "Volodymyr Zelensky visited Kharkiv. Zelensky said Russian forces had withdrawn "
        "from the city.", published="2022-05-17")
    zelensky = d.entity(EntityKind.PERSON, "Volodymyr Zelensky", "Zelensky",
                        mentions=[("Zelensky", 2)])
    kharkiv = d.entity(EntityKind.PLACE, "Kharkiv", mentions=[("Kharkiv", 1), ("the city",)],
                       geonameid=KHARKIV_ID, country="UA")
    group = d.entity(EntityKind.GROUP, "Russian forces", country="RU")
    withdrawn = d.event("withdrawn", "Withdrawal", agents=[group], places=[kharkiv])
    d.quote(["Russian forces had withdrawn from the city"], zelensky, "said",
            about_entities=[group, kharkiv], about_events=[withdrawn])
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
            (begin,), (end,), (anchor,) = (objects(ts, m, NIF.beginIndex),
                                           objects(ts, m, NIF.endIndex),
                                           objects(ts, m, NIF.anchorOf))
            assert begin.datatype == end.datatype == XSD.nonNegativeInteger
            assert str(anchor) == doc.text[int(begin):int(end)]
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
    assert objects(ts, zelensky, SKOS.altLabel) == {Literal("Vladimir Zelensky"),
                                                     Literal("Zelensky")}


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
    assert objects(ts, kharkiv, OWL.sameAs) == {URIRef("https://sws.geonames.org/706483/")}
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
    assert objects(ts, quote, SCHEMA.text) == {
        Literal("Ukraine appears to have won the battle of Kharkiv")}
    assert objects(ts, quote, SCHEMA.about) == {
        resolution.entities[(a.aid, 2)], resolution.entities[(a.aid, 1)],
        resolution.events[(a.aid, 1)], resolution.events[(a.aid, 2)]}
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
    other_model = Activity(started=ACTIVITY.started,
                           model=ModelInfo("x", "core_web_lg", "3.8.0", "3.8.18"))
    assert len({ACTIVITY.iri, other_time.iri, other_model.iri}) == 3
    assert other_time.agent_iri == ACTIVITY.agent_iri != other_model.agent_iri
    assert Activity(started=ACTIVITY.started, model=MODEL).iri == ACTIVITY.iri


def _dataset(quads_by_article) -> Dataset:
    ds = Dataset()
    for quads in quads_by_article.values():
        for quad in quads:
            ds.add(quad)
    return ds


def _validate():
    return pytest.importorskip("kg.validate", reason="kg/validate.py does not exist yet").validate


def test_two_articles_validate_against_the_shapes(two):
    validate = _validate()
    report = validate(_dataset(two[3]))
    assert report.graph_problems == []
    assert report.conforms, report.results_text


def test_an_article_with_an_outlet_validates():
    validate = _validate()
    d = ArticleBuilder("Kharkiv battle ends\nRussian troops pulled back from Kharkiv.",
                       outlet="The Kyiv Independent")
    group = d.entity(EntityKind.GROUP, "Russian troops", country="RU")
    kharkiv = d.entity(EntityKind.PLACE, "Kharkiv", mentions=[("Kharkiv", 1)],
                       geonameid=KHARKIV_ID, country="UA")
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
    report = _validate()(_dataset(quads))
    assert report.conforms, report.results_text
