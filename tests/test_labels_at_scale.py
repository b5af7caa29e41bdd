"""No two nodes of one kind share a preferred label: on the seeds' graph, on 1,000 Reuters
stories and on the whole BBC corpus (read from ../shared/data, never copied; without the data
the two corpus tests skip, loudly, as the accuracy floors do)."""

from __future__ import annotations

import os
import sys
from collections import Counter
from pathlib import Path

import pytest
from builders import ROOT

DATA = Path(os.environ.get("KG_EVAL_DATA", ROOT.parent / "shared" / "data"))
KINDS = ("schema:Person", "schema:Organization", "schema:Place", "schema:Product")


def _shared(labels: list[tuple]) -> dict[tuple, int]:
    return {k: n for k, n in Counter(labels).items() if n > 1}


@pytest.mark.model
def test_no_two_nodes_of_one_kind_share_a_label_in_the_seeds(select):
    rows = select(
        f"""SELECT ?type ?label (COUNT(DISTINCT ?n) AS ?nodes) WHERE {{
              VALUES ?type {{ {" ".join(KINDS)} }}
              ?n a ?type ; rdfs:label ?label }}
            GROUP BY ?type ?label HAVING (COUNT(DISTINCT ?n) > 1)"""
    )
    assert rows == []


def _labels_of_a_build(articles) -> list[tuple]:
    """(kind, label) of every node a build of ``articles`` writes: entities and the countries
    the gazetteer adds."""
    from kg.eval.pipeline import extract_articles
    from kg.merge import resolve
    from kg.nlp import ModelInfo
    from kg.rdf import Activity, gazetteer_quads
    from kg.vocab import RDFS

    unique = list({a.id: a for a in articles}.values())  # the corpora hold exact duplicates
    resolution = resolve(list(extract_articles(unique)))
    labels = [(i.kind.value, i.label) for i in resolution.entity_info.values() if not i.argument]
    activity = Activity("2026-01-01T00:00:00Z", ModelInfo("m", "m", "1", "3.8"))
    added = {
        (s, str(o))
        for s, p, o, _ in gazetteer_quads(resolution, activity)
        if p == RDFS.label and s not in resolution.entity_info
    }
    return labels + [("place", label) for _, label in added]


def _data(folder: str) -> Path:
    path = DATA / folder
    if not path.is_dir():
        if os.environ.get("CI"):
            raise RuntimeError(f"the evaluation data is missing: {path}")
        print(f"\n*** SKIPPING: no data at {path} ***\n", file=sys.stderr)
        pytest.skip(f"no data at {path}")
    return path


@pytest.mark.model
def test_no_two_nodes_of_one_kind_share_a_label_in_1000_reuters_stories():
    _data("reuters21578")
    from benchmarks.corpora import reuters
    from kg.eval.pipeline import make_article
    from kg.readers import normalize_date

    articles = [
        make_article(r["text"], headline=r["title"], source=r["id"], published=normalize_date(r["date"]))
        for r in reuters(1000)
    ]
    assert len(articles) == 1000
    assert _shared(_labels_of_a_build(articles)) == {}


@pytest.mark.model
def test_no_two_nodes_of_one_kind_share_a_label_in_the_whole_bbc_corpus():
    _data("bbc_news")
    from benchmarks.corpora import bbc
    from kg.model import Article
    from kg.readers import read_path

    articles = [a for path in bbc() for _, a in read_path(path) if isinstance(a, Article)]
    assert len(articles) > 2000
    assert _shared(_labels_of_a_build(articles)) == {}
