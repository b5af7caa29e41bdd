"""kg.vocab, ontology/kg.ttl and ontology/events.ttl stay in step; kg.lexicon reads them."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef

from kg import lexicon
from kg.lexicon import LexiconError, OntologyNotFound, load_event_types, ontology_dir
from kg.vocab import (
    EVENT_NS,
    GAF,
    KG,
    KG_NS,
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

ONTOLOGY = URIRef("https://w3id.org/kg-news/ns")
CAMEO = URIRef(f"{EVENT_NS}cameo")


def _terms(namespace) -> set[str]:
    return set(namespace.__annotations__)


@pytest.fixture(scope="module")
def kg_ttl() -> Graph:
    return Graph().parse(ontology_dir() / "kg.ttl", format="turtle")


@pytest.fixture(scope="module")
def events_ttl() -> Graph:
    return Graph().parse(ontology_dir() / "events.ttl", format="turtle")


# --- kg.ttl <-> KG -----------------------------------------------------------


def test_kg_ttl_is_a_versioned_ontology(kg_ttl):
    assert (ONTOLOGY, RDF.type, OWL.Ontology) in kg_ttl
    assert kg_ttl.value(ONTOLOGY, OWL.versionInfo) == Literal("0.1.0")
    assert kg_ttl.value(ONTOLOGY, RDFS.label) is not None
    assert kg_ttl.value(ONTOLOGY, RDFS.comment) is not None


@pytest.mark.parametrize("name", sorted(_terms(KG)))
def test_every_kg_term_is_declared_labelled_and_commented(kg_ttl, name):
    term = KG[name]
    assert kg_ttl.value(term, RDF.type) is not None, f"kg:{name} has no rdf:type in kg.ttl"
    assert kg_ttl.value(term, RDFS.label) is not None, f"kg:{name} has no rdfs:label"
    assert kg_ttl.value(term, RDFS.comment) is not None, f"kg:{name} has no rdfs:comment"


def test_kg_ttl_declares_nothing_the_vocab_lacks(kg_ttl):
    subjects = {str(s)[len(KG_NS) :] for s in kg_ttl.subjects() if str(s).startswith(KG_NS)}
    assert subjects == _terms(KG)


def test_alignments(kg_ttl):
    assert (KG.ActorGroup, RDFS.subClassOf, SCHEMA.Organization) in kg_ttl
    assert (KG.EventTypeScheme, RDFS.subClassOf, SKOS.ConceptScheme) in kg_ttl
    assert (KG.triggerLemma, RDFS.subPropertyOf, SKOS.hiddenLabel) in kg_ttl
    for role in (KG.agent, KG.patient):
        assert (role, RDF.type, OWL.ObjectProperty) in kg_ttl
        assert (role, RDFS.subPropertyOf, SEM.hasActor) in kg_ttl
        assert (role, RDFS.domain, SEM.Event) in kg_ttl


# --- events.ttl <-> KGE --------------------------------------------------------


def _event_types(events_ttl: Graph) -> set[URIRef]:
    return {
        c for c in events_ttl.subjects(SKOS.inScheme, KGE.scheme) if (c, RDF.type, SKOS.Concept) in events_ttl
    }


def _cameo(events_ttl: Graph) -> set[URIRef]:
    return set(events_ttl.subjects(SKOS.inScheme, CAMEO))


def test_event_scheme_is_declared(events_ttl):
    assert (KGE.scheme, RDF.type, SKOS.ConceptScheme) in events_ttl
    assert (KGE.scheme, RDF.type, KG.EventTypeScheme) in events_ttl


def test_event_concepts_match_the_vocab(events_ttl):
    names = {str(c)[len(EVENT_NS) :] for c in _event_types(events_ttl)}
    assert names == _terms(KGE) - {"scheme"}


def test_events_ttl_declares_nothing_the_vocab_lacks(events_ttl):
    declared = {s for s in events_ttl.subjects() if str(s).startswith(EVENT_NS)}
    known = {KGE[n] for n in _terms(KGE)} | {CAMEO} | _cameo(events_ttl)
    assert declared <= known, declared - known


@pytest.mark.parametrize("name", sorted(_terms(KGE) - {"scheme"}))
def test_every_event_type_is_documented(events_ttl, name):
    concept = KGE[name]
    label = events_ttl.value(concept, SKOS.prefLabel)
    assert label is not None and label.language == "en"
    assert events_ttl.value(concept, SKOS.definition) is not None
    lemmas = list(events_ttl.objects(concept, KG.triggerLemma))
    assert lemmas, f"kge:{name} has no kg:triggerLemma"
    assert all(isinstance(lem, Literal) and lem.language is None for lem in lemmas)
    for target in events_ttl.objects(concept, SKOS.closeMatch):
        assert target in _cameo(events_ttl)
    for broader in events_ttl.objects(concept, SKOS.broader):
        assert broader in _event_types(events_ttl)


def test_cameo_concepts_have_notations(events_ttl):
    assert (CAMEO, RDF.type, SKOS.ConceptScheme) in events_ttl
    cameo = _cameo(events_ttl)
    assert cameo
    for concept in cameo:
        notation = events_ttl.value(concept, SKOS.notation)
        assert str(concept) == f"{EVENT_NS}cameo-{notation}"
        assert events_ttl.value(concept, SKOS.prefLabel) is not None


# --- the lexicon ---------------------------------------------------------------


def test_lexicon_maps_lemmas_and_phrases():
    lex = load_event_types()
    assert lex.by_lemma["pullback"] == "Withdrawal"
    assert lex.by_phrase[("pull", "back")] == "Withdrawal"
    assert lex.by_lemma["counteroffensive"] == "Counteroffensive"
    assert lex.by_phrase[("push", "back")] == "Expulsion"
    assert "push" not in lex.by_lemma  # too often "push for talks"
    assert "target" not in lex.by_lemma
    assert set(lex.labels) == _terms(KGE) - {"scheme"}
    assert set(lex.by_lemma.values()) | set(lex.by_phrase.values()) == set(lex.labels)


def test_lexicon_is_cached_and_read_only():
    lex = load_event_types()
    assert load_event_types() is lex
    with pytest.raises(TypeError):
        lex.by_lemma["attack"] = "Victory"  # type: ignore[index]


_CLASH = """
@prefix kg: <https://w3id.org/kg-news/ns#> .
@prefix kge: <https://w3id.org/kg-news/event-type/> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
kge:Attack a skos:Concept ; skos:inScheme kge:scheme ; skos:prefLabel "Attack"@en ;
    kg:triggerLemma "strike" .
kge:AerialStrike a skos:Concept ; skos:inScheme kge:scheme ; skos:prefLabel "Aerial strike"@en ;
    kg:triggerLemma "strike" .
"""


def test_lemma_in_two_concepts_is_refused(tmp_path: Path):
    path = tmp_path / "events.ttl"
    path.write_text(_CLASH, encoding="utf-8")
    with pytest.raises(ValueError, match="'strike'.*AerialStrike.*Attack"):
        load_event_types(path)


def test_badly_written_lemma_is_refused(tmp_path: Path):
    path = tmp_path / "events.ttl"
    path.write_text(
        _CLASH.replace('"strike" .\nkge:AerialStrike', '"Pull  Back" .\nkge:AerialStrike'), encoding="utf-8"
    )
    with pytest.raises(LexiconError, match="lowercase"):
        load_event_types(path)


def test_missing_ontology_is_reported_with_advice(monkeypatch, tmp_path: Path):
    monkeypatch.setattr(lexicon, "_CANDIDATES", (tmp_path / "nowhere",))
    with pytest.raises(OntologyNotFound, match="source checkout"):
        ontology_dir()


# --- the DefinedNamespaces ------------------------------------------------------


@pytest.mark.parametrize(
    "namespace, typo",
    [
        (SCHEMA, "Persn"),
        (SEM, "hasActors"),
        (NIF, "beginindex"),
        (GAF, "denotedby"),
        (PROV, "wasDerivedFrm"),
        (KG, "Agent"),
        (KGE, "Withdrawl"),
    ],
)
def test_defined_namespaces_fail_on_typos(namespace, typo):
    with pytest.raises(AttributeError):
        getattr(namespace, typo)
