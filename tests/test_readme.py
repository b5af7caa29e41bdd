"""The README's example questions run against the seeds' graph, and say what they claim."""

from __future__ import annotations

import doctest
import os
import re

import pytest
from builders import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")
SPARQL_BLOCKS = re.findall(r"```sparql\n(.*?)```", README, flags=re.S)
PYTHON_BLOCKS = [b for b in re.findall(r"```python\n(.*?)```", README, flags=re.S) if ">>>" in b]


def _strip_comments(query: str) -> str:
    return "\n".join(line for line in query.splitlines() if not line.startswith("#")).strip()


def test_readme_has_at_least_five_questions():
    assert len(SPARQL_BLOCKS) >= 5


@pytest.mark.parametrize("block", SPARQL_BLOCKS)
def test_each_readme_query_is_an_example_file(block):
    examples = {_strip_comments(p.read_text(encoding="utf-8")) for p in (ROOT / "examples").glob("*.rq")}
    assert block.strip() in examples


def _rows(select, index):
    return select(SPARQL_BLOCKS[index])


@pytest.mark.model
def test_who_is_mentioned_with_whom(select):
    rows = _rows(select, 0)
    (count,) = select("SELECT (COUNT(*) AS ?n) WHERE { ?pair a kg:CoMention }")
    assert len(rows) == min(100, int(count["n"]))  # every pair the ranking keeps
    # the same counts, the slow way: sentences of the article graphs that name both
    slow = select(
        """SELECT ?entity ?other (COUNT(DISTINCT ?s) AS ?n) WHERE {
             VALUES ?t { schema:Person schema:Organization schema:Place schema:Product }
             VALUES ?u { schema:Person schema:Organization schema:Place schema:Product }
             ?a a ?t . ?b a ?u .
             ?a rdfs:label ?entity ; gaf:denotedBy/nif:sentence ?s .
             ?b rdfs:label ?other ; gaf:denotedBy/nif:sentence ?s
             FILTER(STR(?a) < STR(?b)) } GROUP BY ?entity ?other"""
    )
    by_pair = {(r["entity"], r["other"]): int(r["n"]) for r in slow}
    assert all(by_pair[(r["entity"], r["other"])] == int(r["sentences"]) for r in rows)
    assert int(rows[0]["sentences"]) == max(by_pair.values())
    assert (rows[0]["entity"], rows[0]["other"]) == ("Kharkiv", "Ukraine")
    pairs = {(r["entity"], r["other"]) for r in rows} | {(r["other"], r["entity"]) for r in rows}
    assert ("Volodymyr Zelensky", "Ukraine") in pairs
    assert [int(r["sentences"]) for r in rows] == sorted((int(r["sentences"]) for r in rows), reverse=True)


@pytest.mark.model
def test_events_at_a_place(select):
    rows = _rows(select, 1)
    by_type = {r["type"]: r["actors"] or "" for r in rows}
    assert "Russian troops" in by_type["Withdrawal"]
    assert "Encirclement" in by_type


@pytest.mark.model
def test_who_claimed_what(select):
    rows = _rows(select, 2)
    claims = {(r["speaker"], r["said"].lower()) for r in rows}
    assert ("Institute for the Study of War", "ukraine appears to have won the battle of kharkiv") in claims
    assert any(s == "Oleksii Reznikov" for s, _ in claims)


@pytest.mark.model
def test_sources_per_event(select):
    rows = _rows(select, 3)
    top = rows[0]
    assert int(top["sources"]) == 2
    withdrawal = [r for r in rows if r["label"].startswith("Withdrawal") and "Kharkiv" in r["label"]]
    assert [int(r["sources"]) for r in withdrawal] == [2]


@pytest.mark.model
def test_sentence_a_fact_came_from(select):
    rows = _rows(select, 4)
    sentences = " ".join(r["sentence"] for r in rows)
    assert "pulling back from Kharkiv" in sentences
    assert "withdrawal of its troops from Kharkiv" in sentences
    assert len({r["headline"] for r in rows}) == 2


@pytest.mark.model
def test_the_sentence_of_each_relation(select):
    rows = _rows(select, 5)
    found = {(r["relation"].rsplit("/", 1)[-1], r["subject"], r["object"]): r for r in rows}
    isw = found[("location", "Institute for the Study of War", "Washington")]
    assert "Washington-based think tank" in isw["sentence"] and "Kharkiv" in isw["headline"]
    # one row a relation (its earliest article's sentence), the most reported first
    (kharkiv,) = [r for r in rows if (r["subject"], r["object"]) == ("Kharkiv", "Ukraine")]
    assert int(kharkiv["articles"]) == 2 and "Kharkiv" in kharkiv["sentence"]
    assert [int(r["articles"]) for r in rows] == sorted((int(r["articles"]) for r in rows), reverse=True)
    assert ("jobTitle", "Oleksii Reznikov", "Defense Minister") in found  # literal objects too
    assert all(r["sentence"] and r["headline"] for r in rows)


@pytest.mark.model
def test_which_articles_carry_a_claim(select):
    rows = _rows(select, 6)
    assert sorted(r["source"].rsplit("/", 1)[-1] for r in rows) == [
        "000_45a644dd4072bac6.txt",
        "002_9d8949336103d4e9.txt",
    ]


@pytest.mark.model
def test_python_example(seeds_out):
    cwd = os.getcwd()
    os.chdir(seeds_out.parent)
    try:
        for block in PYTHON_BLOCKS:
            test = doctest.DocTestParser().get_doctest(block, {}, "README", "README.md", 0)
            runner = doctest.DocTestRunner()
            runner.run(test)
            assert runner.failures == 0 and runner.tries > 0
    finally:
        os.chdir(cwd)
