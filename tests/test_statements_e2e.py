"""Issue 3 on the seeds, with the real model: events an analyst can trust, asserted via SPARQL."""

from __future__ import annotations

import pytest
from rdflib import Literal, URIRef

from kg.vocab import KG, KGE

pytestmark = pytest.mark.model


def _event(select, type_, place, **extra):
    rows = select(
        """
        SELECT DISTINCT ?e WHERE {
          ?e a sem:Event ; sem:eventType ?type ; sem:hasPlace ?p . ?p rdfs:label ?place }""",
        type=type_,
        place=Literal(place),
    )
    assert rows, f"no {type_} event at {place}"
    return [r["e"] for r in rows]


def test_bilohorivka_strike_is_asserted_with_its_casualties(select):
    rows = select("""
        SELECT ?e ?f ?min ?unit WHERE {
          GRAPH ?g { ?e a sem:Event ; sem:eventType kge:AerialStrike ; sem:hasPlace ?p ;
                        kg:factuality ?f ; kg:casualties ?q .
                     ?q schema:minValue ?min ; schema:unitText ?unit }
          ?p rdfs:label "Bilohorivka" }""")
    assert len(rows) == 1, rows
    assert rows[0]["f"] == str(KG.Asserted)
    assert float(rows[0]["min"]) == 400 and "troops" in rows[0]["unit"]


@pytest.mark.parametrize("type_", [KGE.Encirclement, KGE.Capture])
def test_prevented_events_around_kharkiv_are_negated_never_asserted(select, type_):
    rows = select(
        """
        SELECT ?g ?f WHERE { GRAPH ?g { ?e sem:eventType ?type ; sem:hasPlace ?p ; kg:factuality ?f }
                             ?p rdfs:label "Kharkiv" }""",
        type=type_,
    )
    assert rows and {r["f"] for r in rows} == {str(KG.Negated)}


def test_no_event_the_text_denies_is_asserted_anywhere(select):
    rows = select("""
        SELECT ?e WHERE { GRAPH ?g { ?e kg:factuality kg:Negated } GRAPH ?g { ?e kg:factuality kg:Asserted } }""")
    assert rows == []


def test_think_tank_claim_of_victory_is_hedged_and_attributed(select):
    rows = select("""
        SELECT ?text WHERE {
          GRAPH ?g { ?e sem:eventType kge:Victory ; kg:factuality kg:Hedged ; kg:accordingTo ?q .
                     ?q schema:creator ?isw ; schema:text ?text }
          ?isw rdfs:label "Institute for the Study of War" }""")
    assert any("appears to have won" in r["text"] for r in rows), rows


def test_titles_and_quotations_of_reznikov_and_zelensky(select):
    for name, title in [("Oleksii Reznikov", "Defense Minister"), ("Volodymyr Zelensky", "President")]:
        titles = select("SELECT ?t WHERE { ?p rdfs:label ?name ; schema:jobTitle ?t }", name=Literal(name))
        assert title in {r["t"] for r in titles}, name
        quotes = select(
            "SELECT ?text WHERE { ?q schema:creator ?p ; schema:text ?text . ?p rdfs:label ?name }",
            name=Literal(name),
        )
        assert len(quotes) >= 2, name


def test_kharkiv_population_before_the_war(select):
    rows = select("""
        SELECT ?v ?unit ?qualifier WHERE {
          ?k rdfs:label "Kharkiv" ; schema:population ?q .
          ?q schema:value ?v ; schema:unitText ?unit ; kg:qualifier ?qualifier }""")
    assert len(rows) == 1
    assert float(rows[0]["v"]) == 1_400_000 and rows[0]["qualifier"] == "before the war"


def test_kharkiv_lies_in_ukraine_and_isw_in_washington(select):
    assert select(
        'SELECT ?k WHERE { ?k rdfs:label "Kharkiv" ; schema:containedInPlace/rdfs:label "Ukraine" }'
    )
    assert select("""SELECT ?o WHERE { ?o rdfs:label "Institute for the Study of War" ;
                                          schema:location/rdfs:label "Washington" ; schema:description ?d }""")


def test_izyum_is_78_miles_south_of_kharkiv(select):
    rows = select("""
        SELECT ?v ?dir WHERE { ?i rdfs:label "Izyum" ; kg:distance ?q .
          ?q schema:value ?v ; kg:direction ?dir ; kg:distanceFrom/rdfs:label "Kharkiv" }""")
    assert [(float(r["v"]), r["dir"]) for r in rows] == [(78.0, "south")]


def test_izyum_counteroffensive_and_severodonetsk_counterattacks(select):
    assert _event(select, KGE.Counteroffensive, "Izyum")
    assert _event(select, KGE.Counteroffensive, "Severodonetsk")


def test_missile_attack_on_the_house_of_culture_in_dergachi(select):
    rows = select("""
        SELECT DISTINCT ?e WHERE {
          ?e sem:eventType kge:AerialStrike ; sem:hasPlace/rdfs:label "Dergachi" ;
             kg:patient/rdfs:label "House of Culture" }""")
    assert len(rows) == 1


RELATION_PROPERTIES = """schema:worksFor schema:memberOf schema:nationality schema:containedInPlace schema:location
                         schema:homeLocation schema:birthPlace kg:killed schema:jobTitle schema:description"""


def test_every_relation_has_its_sentence(select):
    relations = select(f"""
        SELECT ?g ?s ?p ?o WHERE {{ VALUES ?p {{ {RELATION_PROPERTIES} }}
          GRAPH ?g {{ ?s ?p ?o . ?g prov:wasDerivedFrom ?article . ?article a schema:NewsArticle }} }}""")
    assert len(relations) >= 8, relations  # titles, nationality, containment, locations, description
    unstated = select(f"""
        SELECT ?g ?s ?p ?o WHERE {{ VALUES ?p {{ {RELATION_PROPERTIES} }}
          GRAPH ?g {{ ?s ?p ?o . ?g prov:wasDerivedFrom ?article . ?article a schema:NewsArticle
            FILTER NOT EXISTS {{ ?st a rdf:Statement ; rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o ;
                                    gaf:denotedBy ?words ; kg:extractor ?rule .
                                ?words nif:sentence/nif:anchorOf ?sentence ; nif:referenceContext ?article }} }} }}""")
    assert unstated == []


def test_the_words_of_a_relation_lie_in_its_sentence(select):
    rows = select("""
        SELECT ?words ?sentence ?rule WHERE {
          ?st rdf:subject/rdfs:label "Institute for the Study of War" ; rdf:predicate schema:location ;
              rdf:object/rdfs:label "Washington" ; kg:extractor ?rule ; gaf:denotedBy ?m .
          ?m nif:anchorOf ?words ; nif:sentence/nif:anchorOf ?sentence }""")
    assert rows, "no statement of ISW's location"
    for r in rows:
        assert r["words"] in r["sentence"] and "Washington-based" in r["words"], r
        assert r["rule"].startswith("relations:")


def test_a_statement_event_points_to_the_quotation_of_its_cue(select):
    rows = select("""
        SELECT ?speaker ?text WHERE {
          ?e sem:eventType kge:Announcement ; kg:agent/rdfs:label ?speaker ; kg:accordingTo ?q .
          ?q a schema:Quotation ; schema:creator/rdfs:label ?speaker ; schema:text ?text }""")
    assert [r["speaker"] for r in rows] == ["Ukrainian General Staff"]
    assert "withdrawal of its units from the city of Kharkiv" in rows[0]["text"]


def test_event_merges_are_explained_in_merges_json(seeds_out, select):
    import json

    decisions = [d for d in json.loads((seeds_out / "merges.json").read_text()) if d.get("kind") == "event"]
    assert decisions and all(d["rule"].startswith("event: ") for d in decisions)
    withdrawal = [d for d in decisions if d["label"].startswith("Withdrawal: Russian troops")]
    assert withdrawal  # the withdrawal from Kharkiv, told by both articles
    node = withdrawal[0]["node"]
    assert select("SELECT ?t WHERE { ?e sem:eventType ?t }", e=URIRef(node)) == [{"t": str(KGE.Withdrawal)}]
