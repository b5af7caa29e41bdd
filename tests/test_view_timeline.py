"""kg.views.timeline: events ordered by date, with their sources; undated ones apart."""

from __future__ import annotations

import random
import re

import pyoxigraph
import pytest
from builders import (
    ATLANTIS_STRIKE,
    FIGHTING,
    HOSTILE_EVENT,
    P_SENTENCES,
    SHELLING,
    UNDATED_IN_DATED,
    WITHDRAWAL,
    make_store,
    places_dataset,
)

from kg.views.common import remote_references
from kg.views.timeline import SENTENCES_PER_SOURCE, _day, _keep_first, events, render_timeline, write_timeline


@pytest.fixture(scope="module")
def store():
    return make_store(places_dataset())


@pytest.fixture(scope="module")
def page(store, tmp_path_factory):
    return write_timeline(store, tmp_path_factory.mktemp("tl") / "timeline.html").read_text(encoding="utf-8")


def test_day():
    assert _day("2022-05-15") == "2022-05-15" and _day("2022-05-15T06:00:00Z") == "2022-05-15"
    assert _day("2022-05") == "2022-05" and _day("Sunday") is None and _day(None) is None


def test_events_by_date(store):
    found = events(store)
    assert [(e.iri, e.date, e.date_kind) for e in found] == [
        (str(UNDATED_IN_DATED), "2022-05-01", "published"),  # no date of its own: the article's
        (str(WITHDRAWAL), "2022-05-10", "event"),  # from its sem:Time node
        (str(SHELLING), "2022-05-15", "event"),
        (str(FIGHTING), "2022-05-20", "event"),  # begin … end
        (str(ATLANTIS_STRIKE), None, None),
        (str(HOSTILE_EVENT), None, None),
    ]
    fighting = found[3]
    assert fighting.end == "2022-05-22" and fighting.places == ["Kharkiv"]
    assert found[1].times == ["last week"]
    shelling = found[2]
    assert len(shelling.graphs) == 2
    assert shelling.sentences[shelling.graphs[0]] == [P_SENTENCES[0]]


def test_page_orders_events_by_date(page):
    order = re.findall(r'<li class="kg-event" data-event="([^"]+)" data-date="([^"]*)"', page)
    assert [e for e, _ in order] == [
        str(UNDATED_IN_DATED),
        str(WITHDRAWAL),
        str(SHELLING),
        str(FIGHTING),
        str(ATLANTIS_STRIKE),
        str(HOSTILE_EVENT),
    ]
    dates = [d for _, d in order if d]
    assert dates == sorted(dates)
    days = re.findall(r'<section class="kg-day" id="kg-day-([\d-]+)"', page)
    assert days == ["2022-05-01", "2022-05-10", "2022-05-15", "2022-05-20"]
    undated = page.split('id="kg-undated"')[1]
    assert str(ATLANTIS_STRIKE) in undated and str(SHELLING) not in undated
    assert page.index('id="kg-timeline"') < page.index('id="kg-undated"')
    assert "2022-05-20 – 2022-05-22" in page
    assert "publication date" in page.split(f'data-event="{UNDATED_IN_DATED}"')[1].split("</li>")[0]


def test_page_lists_sources(page):
    shelling = re.search(rf'data-event="{re.escape(str(SHELLING))}".*?</li>\s*</ul></li>', page, re.S).group(
        0
    )
    assert "2 source(s)" in shelling and "Reuters" in shelling and "Week in Kharkiv" in shelling
    assert '<a class="kg-url" href="https://example.com/p"' in shelling
    assert f"“{P_SENTENCES[0]}”" in shelling


def test_overview_and_offline(page):
    bars = re.findall(r'<rect class="kg-bar"[^>]*data-date="([\d-]+)"', page)
    assert bars == ["2022-05-01", "2022-05-10", "2022-05-15", "2022-05-20"]
    assert remote_references(page) == [] and "<script" not in page


def test_empty_timeline():
    page = render_timeline(pyoxigraph.Store())
    assert "No event has a date." in page and 'id="kg-undated"' not in page


def test_written_page_is_the_rendered_page(store, page):
    assert page == render_timeline(store, title="kg timeline")


def _first_sentences(rows: list[tuple[str, str]]) -> list[str]:
    """The rule the timeline keeps: the mentions in IRI order, each new sentence until three."""
    said: list[str] = []
    for _, sentence in sorted(rows):
        if sentence not in said and len(said) < SENTENCES_PER_SOURCE:
            said.append(sentence)
    return said


def test_first_sentences_kept_in_any_order():
    rng = random.Random(7)
    for _ in range(300):
        sentence_of = {f"m#char={i}": f"s{rng.randrange(6)}" for i in range(50)}  # a mention's sentence
        rows = [(m, sentence_of[m]) for m in rng.sample(sorted(sentence_of), rng.randrange(1, 12))]
        rng.shuffle(rows)
        kept: dict[str, str] = {}
        for mention, sentence in rows:
            _keep_first(kept, sentence, mention)
        assert sorted(kept, key=lambda s: kept[s]) == _first_sentences(rows), rows
