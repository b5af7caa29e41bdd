"""Issue 4 end to end with the real model: one node per thing, sources, conflicts, incremental."""

from __future__ import annotations

import json

import pytest
from builders import ROOT, SEEDS
from rdflib import Literal
from typer.testing import CliRunner

from kg.build import build
from kg.cli import app
from kg.store import open_store, query

pytestmark = pytest.mark.model

runner = CliRunner()
QUERIES = ROOT / "examples"

# Two invented reports of one strike that disagree on the toll.
STRIKE_REPORTS = [
    {
        "title": "Missile strike on Dnipro",
        "outlet": "Daily Example",
        "published": "2023-01-16",
        "url": "https://news.example/a",
        "text": "Russian missiles struck Dnipro on Saturday, killing 12 people, local officials said.",
    },
    {
        "title": "Dnipro toll rises",
        "outlet": "Example Wire",
        "published": "2023-01-17",
        "url": "https://wire.example/b",
        "text": "A Russian missile strike on Dnipro killed 40 people, regional officials said on Monday.",
    },
]


@pytest.fixture(scope="module")
def strike_out(tmp_path_factory):
    folder = tmp_path_factory.mktemp("strike")
    (folder / "feed.jsonl").write_text("\n".join(json.dumps(r) for r in STRIKE_REPORTS) + "\n")
    out = folder / "out"
    build([folder], out, on_skip=lambda s: None)
    return out


@pytest.mark.parametrize(
    "label",
    [
        "Volodymyr Zelensky",
        "Institute for the Study of War",
        "Kharkiv",
        "Izyum",
        "Donbas",
        "Kyiv",
        "Russian troops",
    ],
)
def test_seed_entities_are_one_node_each(select, label):
    rows = select(
        """SELECT DISTINCT ?n WHERE { ?n rdfs:label|skos:altLabel ?l .
                     FILTER(LCASE(STR(?l)) = LCASE(STR(?name))) }""",
        name=Literal(label),
    )
    assert len(rows) == 1, rows


def test_kharkiv_carries_its_geonames_id_and_coordinates(select):
    rows = select("""SELECT ?same ?lat ?long ?iso WHERE { ?k rdfs:label "Kharkiv" ; owl:sameAs ?same ;
                        geo:lat ?lat ; geo:long ?long ; schema:containedInPlace ?c .
                        ?c schema:identifier ?iso }""")
    assert {r["same"] for r in rows} == {"https://sws.geonames.org/706483/"}
    assert abs(float(rows[0]["lat"]) - 49.99) < 0.05 and abs(float(rows[0]["long"]) - 36.23) < 0.05
    assert {"UA", "UKR"} <= {r["iso"] for r in rows}


def test_the_kharkiv_region_is_not_the_city(select):
    rows = select('SELECT ?n WHERE { ?n rdfs:label "Kharkiv Oblast" ; skos:altLabel "Kharkiv region" }')
    city = select('SELECT ?n WHERE { ?n rdfs:label "Kharkiv" }')
    assert rows and {r["n"] for r in rows}.isdisjoint({r["n"] for r in city})
    # the region is named after the city and holds it
    held = select(
        'SELECT ?r WHERE { ?c rdfs:label "Kharkiv" ; schema:containedInPlace ?r . ?r rdfs:label "Kharkiv Oblast" }'
    )
    assert {r["r"] for r in held} == {r["n"] for r in rows}


def test_withdrawal_from_kharkiv_is_one_event_with_two_sources(seeds_out):
    result = runner.invoke(
        app, ["sources", "--out", str(seeds_out), "--json", "Withdrawal: Russian troops, Russia in Kharkiv"]
    )
    assert result.exit_code == 0, result.output
    (node,) = json.loads(result.stdout)
    assert node["articles"] == 2 and len(node["reports"]) == 2
    assert all(r["sentences"] for r in node["reports"])


def test_corroboration_query_counts_articles_and_outlets(strike_out):
    store = open_store(strike_out)
    rows = list(query(store, (QUERIES / "corroboration.rq").read_text()))
    events = [r for r in rows if r["what"].value == "event" and int(r["articles"].value) == 2]
    assert events and all(int(r["outlets"].value) == 2 for r in events)


def test_conflicting_tolls_are_listed_with_their_sources(strike_out):
    store = open_store(strike_out)
    rows = list(query(store, (QUERIES / "conflicts.rq").read_text()))
    tolls = {(r["value"].value, r["article"].value) for r in rows if r["what"].value == "casualties"}
    assert {value for value, _ in tolls} == {"12", "40"}
    assert len({article for _, article in tolls}) == 2


def test_sources_command_shows_outlets_dates_and_urls(strike_out):
    store = open_store(strike_out)
    (event,) = [
        r["e"].value
        for r in query(
            store,
            """SELECT DISTINCT ?e WHERE {
        ?e kg:casualties ?q }""",
        )
    ]
    result = runner.invoke(app, ["sources", "--out", str(strike_out), event])
    assert result.exit_code == 0, result.output
    assert "2 article(s) from 2 outlet(s)" in result.stdout
    for report in STRIKE_REPORTS:
        assert report["outlet"] in result.stdout and report["url"] in result.stdout


def test_unknown_node_exits_2(strike_out):
    result = runner.invoke(app, ["sources", "--out", str(strike_out), "Atlantis"])
    assert result.exit_code == 2 and "no node" in result.stderr


def test_overrides_file_is_kept_and_merges_leave_redirects(tmp_path):
    out = tmp_path / "out"
    assert runner.invoke(app, ["build", str(SEEDS), "--out", str(out)]).exit_code == 0
    rules = tmp_path / "ov.tsv"
    rules.write_text("# merge two people on purpose\nsame\tOleksii Reznikov\tVolodymyr Zelensky\n")
    result = runner.invoke(app, ["build", str(SEEDS), "--out", str(out), "--overrides", str(rules)])
    assert result.exit_code == 0, result.output
    assert (out / "overrides.tsv").read_text() == rules.read_text()
    store = open_store(out)
    redirects = list(
        query(
            store,
            """SELECT ?old ?new WHERE {
        GRAPH <https://w3id.org/kg-news/id/graph/identity> { ?old owl:sameAs ?new } }""",
        )
    )
    assert len(redirects) == 1
    del store
    assert runner.invoke(app, ["validate", "--out", str(out)]).exit_code == 0
    again = runner.invoke(app, ["build", str(SEEDS), "--out", str(out)])
    assert "nothing new" in again.stdout
    bad = tmp_path / "bad.tsv"
    bad.write_text("same\tonly one\n")
    result = runner.invoke(app, ["build", str(SEEDS), "--out", str(out), "--overrides", str(bad)])
    assert result.exit_code == 2 and "bad.tsv:1" in result.stderr
