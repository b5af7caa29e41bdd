"""kg.views.map: an offline SVG world map with a marker per place with coordinates."""

from __future__ import annotations

import re

import pyoxigraph
import pytest
from builders import (
    ATLANTIS,
    ATLANTIS_STRIKE,
    FIGHTING,
    HOSTILE_PLACE,
    IZYUM,
    KHARKIV,
    SHELLING,
    UNDATED_IN_DATED,
    WASHINGTON,
    WITHDRAWAL,
    make_store,
    places_dataset,
)

from kg.views import write_all_views
from kg.views.common import remote_references
from kg.views.map import _simplify, places, render_map, world, write_map


@pytest.fixture(scope="module")
def store():
    return make_store(places_dataset())


@pytest.fixture(scope="module")
def page(store, tmp_path_factory):
    return write_map(store, tmp_path_factory.mktemp("map") / "map.html").read_text(encoding="utf-8")


def _markers(page: str) -> dict[str, dict[str, str]]:
    found = {}
    for tag in re.findall(r"<circle\b[^>]*>", page):
        attrs = dict(re.findall(r'([\w-]+)="([^"]*)"', tag))
        found[attrs["data-place"]] = attrs
    return found


def test_world_outlines_come_from_the_package():
    countries = world()
    assert len(countries) > 150
    by_code = {c.iso3: c for c in countries}
    assert {"UKR", "USA", "BRA", "AUS", "RUS"} <= set(by_code)
    ukraine = by_code["UKR"]
    xs = [float(x) for x in re.findall(r"(-?[\d.]+) (-?[\d.]+)", ukraine.path) for x in x[:1]]
    assert min(xs) > 180 + 22 and max(xs) < 180 + 41  # Ukraine lies between 22°E and 41°E


def test_simplify_keeps_ends_and_drops_collinear_points():
    line = [(0.0, 0.0), (1.0, 0.001), (2.0, 0.0), (3.0, 5.0)]
    assert _simplify(line, 0.1) == [(0.0, 0.0), (2.0, 0.0), (3.0, 5.0)]


def test_places_and_their_events(store):
    located, unplaced = places(store)
    by_iri = {p.iri: p for p in located}
    assert set(by_iri) == {str(KHARKIV), str(IZYUM), str(WASHINGTON), str(HOSTILE_PLACE)}
    assert {e for e, _, _ in by_iri[str(KHARKIV)].events} == {str(SHELLING), str(FIGHTING)}
    assert {e for e, _, _ in by_iri[str(IZYUM)].events} == {str(WITHDRAWAL), str(UNDATED_IN_DATED)}
    assert len(by_iri[str(KHARKIV)].sources) == 2 and len(by_iri[str(IZYUM)].sources) == 1
    assert by_iri[str(WASHINGTON)].events == []
    assert [p.iri for p in unplaced] == [str(ATLANTIS)]
    assert [e for e, _, _ in unplaced[0].events] == [str(ATLANTIS_STRIKE)]
    assert (by_iri[str(KHARKIV)].lat, by_iri[str(KHARKIV)].long) == (49.98177, 36.25475)


def test_page_has_country_paths_and_a_marker_per_place(page):
    svg = re.search(r'<svg id="kg-map"[^>]*>.*?</svg>', page, re.S).group(0)
    assert (
        len(re.findall(r'<path class="kg-country[^"]*" id="kg-country-[A-Z]{3}" d="M[\d.]+ [\d.]+L', svg))
        > 150
    )
    assert re.search(r'<path class="kg-country kg-has-events" id="kg-country-UKR"', svg)  # Kharkiv's country
    assert re.search(r'<path class="kg-country" id="kg-country-BRA"', svg)
    markers = _markers(page)
    assert set(markers) == {str(KHARKIV), str(IZYUM), str(WASHINGTON), str(HOSTILE_PLACE)}
    kharkiv = markers[str(KHARKIV)]
    assert (
        abs(float(kharkiv["cx"]) - (36.25475 + 180)) < 0.01
        and abs(float(kharkiv["cy"]) - (90 - 49.98177)) < 0.01
    )
    assert (kharkiv["data-events"], kharkiv["data-sources"]) == ("2", "2")
    radius = {p: float(m["data-r"]) for p, m in markers.items()}
    assert radius[str(KHARKIV)] > radius[str(IZYUM)] > radius[str(HOSTILE_PLACE)] > radius[str(WASHINGTON)]
    assert "kg-no-events" in markers[str(WASHINGTON)]["class"]
    for ident in (
        "kg-zoom-in",
        "kg-zoom-out",
        "kg-zoom-reset",
        "kg-places",
        "kg-unplaced",
        "kg-countries",
        "kg-markers",
    ):
        assert f'id="{ident}"' in page, ident
    assert "Atlantis" in page.split('id="kg-unplaced"')[1]


def test_marker_tooltip_lists_events_and_sources(page):
    title = re.search(r'id="kg-marker-0"[^>]*><title>(.*?)</title>', page, re.S).group(1)
    assert title.startswith("Kharkiv — 2 event(s), 2 source(s)")
    assert "• Shelling: in Kharkiv — Reuters — “Week in Kharkiv” (2022-05-01) https://example.com/p" in title
    assert "• Fighting: in Kharkiv" in title
    assert "&lt;img src=x onerror=alert(1)&gt; News" in title  # Q's outlet, escaped


def test_map_is_self_contained(page):
    assert remote_references(page) == []
    assert not re.search(
        r"\b(src|href)\s*=\s*[\"']?\s*(https?:)?//", page.replace('href="https://example.com/p"', ""), re.I
    )  # the one link is an article URL, not a resource
    assert not re.search(r"url\(\s*['\"]?(https?:)?//|@import", page, re.I)
    assert "openstreetmap" not in page.lower() and "{z}/{x}/{y}" not in page  # no tile server
    assert 'http-equiv="Content-Security-Policy"' in page
    assert "<script src" not in page and "window.kgMap" in page


def test_empty_store_map(tmp_path):
    page = render_map(pyoxigraph.Store())
    assert "No place has coordinates." in page and 'id="kg-map"' in page
    assert 'viewBox="0 0 360 180"' in page


def test_seeds_like_all_views_include_map(store, tmp_path):
    written = write_all_views(store, tmp_path)
    text = written["map"].read_text(encoding="utf-8")
    assert len(_markers(text)) == 4
