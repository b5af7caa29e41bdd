"""The summary graph answers as the article graphs do, and incremental builds keep it exact."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from builders import ROOT, SEEDS

from kg.build import build
from kg.store import open_store, query

BBC = ROOT.parent / "shared" / "data" / "bbc_news"
SUMMARY = "<https://w3id.org/kg-news/id/graph/summary>"

# Each pair: the figure read from the summary graph, and the same figure computed over the
# article graphs (one named graph per article), as the README's questions did before.
REPORTS_FROM_SUMMARY = f"""
SELECT ?node ?articles ?outlets ?first ?last WHERE {{ GRAPH {SUMMARY} {{
  ?node kg:articleCount ?articles ; kg:outletCount ?outlets .
  OPTIONAL {{ ?node kg:firstReported ?first ; kg:lastReported ?last }}
  FILTER NOT EXISTS {{ ?node a kg:Relation }} }} }}"""
REPORTS_FROM_ARTICLES = """
SELECT ?node (COUNT(DISTINCT ?g) AS ?articles) (COUNT(DISTINCT COALESCE(?outlet, ?article)) AS ?outlets)
       (MIN(STR(?date)) AS ?first) (MAX(STR(?date)) AS ?last) WHERE {
  VALUES ?class { schema:Person schema:Organization schema:Place schema:Product sem:Event schema:Quotation }
  GRAPH ?g { ?node a ?class . ?g prov:wasDerivedFrom ?article .
             OPTIONAL { ?article schema:publisher ?outlet } OPTIONAL { ?article schema:datePublished ?date } }
  FILTER(STRSTARTS(STR(?g), "https://w3id.org/kg-news/id/graph/") && ?g != <https://w3id.org/kg-news/id/graph/geonames>)
} GROUP BY ?node"""
PAIRS_FROM_SUMMARY = f"""
SELECT ?a ?b ?n WHERE {{ GRAPH {SUMMARY} {{
  ?pair a kg:CoMention ; kg:coMentionOf ?a, ?b ; kg:sentenceCount ?n FILTER(STR(?a) < STR(?b)) }} }}"""
PAIRS_FROM_ARTICLES = """
SELECT ?a ?b (COUNT(DISTINCT ?sentence) AS ?n) WHERE {
  VALUES ?t1 { schema:Person schema:Organization schema:Place schema:Product }
  VALUES ?t2 { schema:Person schema:Organization schema:Place schema:Product }
  GRAPH ?g { ?a a ?t1 ; gaf:denotedBy/nif:sentence ?sentence . ?b a ?t2 ; gaf:denotedBy/nif:sentence ?sentence }
  FILTER(STR(?a) < STR(?b))
} GROUP BY ?a ?b"""
RELATIONS_FROM_SUMMARY = f"""
SELECT ?s ?p ?o ?articles ?outlets WHERE {{ GRAPH {SUMMARY} {{
  ?r a kg:Relation ; rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o ;
     kg:articleCount ?articles ; kg:outletCount ?outlets }} }}"""
RELATIONS_FROM_ARTICLES = """
SELECT ?s ?p ?o (COUNT(DISTINCT ?g) AS ?articles) (COUNT(DISTINCT COALESCE(?outlet, ?article)) AS ?outlets) WHERE {
  VALUES ?p { schema:worksFor schema:memberOf schema:nationality schema:containedInPlace schema:location
              schema:homeLocation schema:birthPlace kg:killed schema:jobTitle schema:description }
  GRAPH ?g { ?s ?p ?o . ?g prov:wasDerivedFrom ?article . OPTIONAL { ?article schema:publisher ?outlet } }
  FILTER(?g != <https://w3id.org/kg-news/id/graph/geonames> && ?g != <https://w3id.org/kg-news/id/graph/summary>)
} GROUP BY ?s ?p ?o"""
# examples/relation-sentences.rq gives each of the most reported relations with one sentence:
# that of the earliest-published article stating it (kg:firstStatement), or the stating words
# where they run over a sentence end. The slow way: every statement of every article graph,
# with its article's date.
STATEMENTS_FROM_ARTICLES = """
SELECT ?s ?p ?o ?subject ?object ?st ?date ?sentence ?headline WHERE {
  GRAPH ?g { ?st a rdf:Statement ; rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o ; gaf:denotedBy ?w .
             ?g prov:wasDerivedFrom ?article .
             OPTIONAL { ?w nif:sentence ?in } BIND(COALESCE(?in, ?w) AS ?span) ?span nif:anchorOf ?sentence .
             OPTIONAL { ?w nif:referenceContext/schema:headline ?headline }
             OPTIONAL { ?article schema:datePublished ?date } }
  ?s rdfs:label ?subject . OPTIONAL { ?o rdfs:label ?label } BIND(COALESCE(?label, ?o) AS ?object)
}"""
DISPUTES_FROM_SUMMARY = f"SELECT ?event ?p WHERE {{ GRAPH {SUMMARY} {{ ?event kg:disputedProperty ?p }} }}"
DISPUTES_FROM_ARTICLES = """
SELECT ?event ?p WHERE {
  { ?event a sem:Event ; kg:casualties/schema:value ?v BIND(kg:casualties AS ?p) }
  UNION { ?event a sem:Event ; sem:hasTimeStamp ?v BIND(sem:hasTimeStamp AS ?p) }
  UNION { ?event a sem:Event ; sem:hasBeginTimeStamp ?v BIND(sem:hasBeginTimeStamp AS ?p) }
} GROUP BY ?event ?p HAVING (COUNT(DISTINCT ?v) > 1)"""


def _rows(store, sparql: str) -> set[tuple]:
    results = query(store, sparql)
    names = [v.value for v in results.variables]
    return {tuple(row[n].value if row[n] is not None else None for n in names) for row in results}


def _relation_sentences_agree(store) -> int:
    """The example's rows are the relations reported by the most articles, each with the
    sentence and headline of its earliest-published article's statement."""
    articles = {(s, p, o): n for s, p, o, n, _ in _rows(store, RELATIONS_FROM_ARTICLES)}
    first: dict[tuple, tuple] = {}
    for s, p, o, subject, obj, st, date, sentence, headline in _rows(store, STATEMENTS_FROM_ARTICLES):
        key = (date is None, (date or "")[:10], st)
        if (s, p, o) not in first or key < first[(s, p, o)][0]:
            first[(s, p, o)] = (key, (p, subject, obj, articles[(s, p, o)], sentence, headline))
    expected = {row for _, row in first.values()}
    results = query(store, (ROOT / "examples" / "relation-sentences.rq").read_text(encoding="utf-8"))
    names = [v.value for v in results.variables]
    rows = [tuple(r[n].value if r[n] is not None else None for n in names) for r in results]
    assert names == ["relation", "subject", "object", "articles", "sentence", "headline"]
    assert len(set(rows)) == len(rows) == min(100, len(articles))
    assert set(rows) <= expected, set(rows) - expected
    most = sorted((int(n) for n in articles.values()), reverse=True)[:100]
    assert [int(row[3]) for row in rows] == most  # ranked, most reported first
    return len(rows)


def _conflicts_agree(store) -> int:
    """examples/conflicts.rq lists the disputed events that most articles report (25 at most,
    ties by IRI), every value of each with its article."""
    disputed = {event for event, _ in _rows(store, DISPUTES_FROM_ARTICLES)}
    articles = {node: int(n) for node, n, *_ in _rows(store, REPORTS_FROM_ARTICLES)}
    expected = sorted(disputed, key=lambda event: (-articles[event], event))[:25]
    results = query(store, (ROOT / "examples" / "conflicts.rq").read_text(encoding="utf-8"))
    events = [row["event"].value for row in results]
    assert list(dict.fromkeys(events)) == expected  # the same events, most reported first
    return len(events)


def _same_answers(store) -> dict[str, int]:
    sizes = {}
    for name, summary, articles in (
        ("reports", REPORTS_FROM_SUMMARY, REPORTS_FROM_ARTICLES),
        ("pairs", PAIRS_FROM_SUMMARY, PAIRS_FROM_ARTICLES),
        ("relations", RELATIONS_FROM_SUMMARY, RELATIONS_FROM_ARTICLES),
        ("disputes", DISPUTES_FROM_SUMMARY, DISPUTES_FROM_ARTICLES),
    ):
        expected = _rows(store, articles)
        assert _rows(store, summary) == expected, name
        sizes[name] = len(expected)
    sizes["relation sentences"] = _relation_sentences_agree(store)
    sizes["conflicts"] = _conflicts_agree(store)
    return sizes


@pytest.mark.model
def test_the_summary_of_the_seeds_equals_what_the_article_graphs_say(seeds_store):
    sizes = _same_answers(seeds_store)
    assert sizes["reports"] > 40 and sizes["pairs"] > 50 and sizes["relations"] > 5


@pytest.mark.model
def test_the_summary_of_300_bbc_articles_equals_what_the_article_graphs_say(tmp_path):
    folder = tmp_path / "bbc"
    folder.mkdir()
    for category in ("business", "entertainment", "politics", "sport", "tech"):
        for path in sorted((BBC / category).glob("*.txt"))[:60]:
            shutil.copy(path, folder / f"{category}-{path.name}")
    build([folder], tmp_path / "out", on_skip=lambda s: None)
    sizes = _same_answers(open_store(tmp_path / "out"))
    assert sizes["reports"] > 3000 and sizes["pairs"] > 3000 and sizes["relations"] > 300


def _summary(out: Path) -> set[tuple]:
    """The summary graph with each event named by its trigger mentions (event IRIs minted in an
    earlier, smaller build may differ; everything else must be equal)."""
    store = open_store(out)
    names = {
        row[0]: "event:" + "|".join(sorted(row[1].split()))
        for row in _rows(
            store,
            "SELECT ?e (GROUP_CONCAT(STR(?m)) AS ?ms) WHERE { ?e a sem:Event ; gaf:denotedBy ?m } GROUP BY ?e",
        )
    }
    rows = _rows(store, f"SELECT ?s ?p ?o WHERE {{ GRAPH {SUMMARY} {{ ?s ?p ?o }} }}")
    return {tuple(names.get(v, v) for v in row) for row in rows}


@pytest.mark.model
def test_an_incremental_build_keeps_the_summary_equal_to_a_fresh_one(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")  # one build time for all three builds
    first, second = sorted(SEEDS.glob("*.txt"))
    build([first], tmp_path / "step", on_skip=lambda s: None)
    build([second], tmp_path / "step", on_skip=lambda s: None)
    build([SEEDS], tmp_path / "fresh", on_skip=lambda s: None)
    stepwise, fresh = _summary(tmp_path / "step"), _summary(tmp_path / "fresh")
    assert len(fresh) > 200
    assert stepwise == fresh
