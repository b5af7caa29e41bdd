"""An offline map of where things happened: places with coordinates and the events there.

The country outlines are the GeoJSON that the ``countryinfo`` package ships (world
outlines at Natural Earth's 1:110m scale, public domain), read with the standard
``json`` reader through ``countryinfo``'s public API, projected equirectangularly
(x = longitude + 180, y = 90 − latitude, in degrees), simplified (Douglas–Peucker) and
drawn as one inline SVG.  No tile server, no script or style from the network.

Places are the nodes with ``geo:lat`` / ``geo:long`` (kg writes them in the named graph
``kgid:graph/geonames``; the default graph is the union, so they are seen there); events
are linked to them by ``sem:hasPlace``.  A marker's size grows with the number of events
there and of their sources; its tooltip (an SVG ``<title>``, plain text) lists the events
with their sources, and clicking it shows the place's details in the side panel.

Page elements with stable ids (for browser tests): ``#kg-map`` (the ``<svg>``, whose
``viewBox`` zooming and panning change), ``#kg-countries`` (a ``<g>`` of
``path.kg-country``, each ``id="kg-country-<ISO3>"``), ``#kg-markers`` (a ``<g>`` of
``circle.kg-marker``, ``id="kg-marker-<n>"``, ``data-place`` the place IRI),
``#kg-zoom-in``, ``#kg-zoom-out``, ``#kg-zoom-reset`` (buttons), ``#kg-places`` (the
side panel, one ``section.kg-place`` ``id="kg-place-<n>"`` per marker, the one shown
gets class ``kg-active``), ``#kg-unplaced`` (places with events but no coordinates).
Mouse wheel zooms, dragging pans.  ``window.kgMap`` offers ``zoom(factor)``,
``reset()``, ``show(n)`` and ``viewBox()``.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import pyoxigraph

from kg.views.common import Source, articles, asset, esc, minor_events, page, select, sources_html

__all__ = ["Country", "Place", "places", "render_map", "world", "write_map"]

WIDTH, HEIGHT = 360.0, 180.0  # the projected world, in degrees
TOLERANCE = 0.12  # Douglas–Peucker tolerance, in degrees
MAX_TITLE_EVENTS = 12


@dataclass(frozen=True)
class Country:
    """One country outline: its ISO 3166 alpha-3 code, name and SVG path (projected)."""

    iso3: str
    name: str
    path: str


@dataclass
class Place:
    """A place with coordinates, and the events there with their sources."""

    iri: str
    label: str
    lat: float
    long: float
    graphs: list[str] = field(default_factory=list)  # article graphs that state the place
    events: list[tuple[str, str, list[str]]] = field(default_factory=list)  # (iri, label, graphs)

    @property
    def sources(self) -> list[str]:
        """Distinct article graphs of the place and of its events."""
        return sorted({*self.graphs, *(g for _, _, gs in self.events for g in gs)})

    @property
    def radius(self) -> float:
        """Marker radius in screen pixels: grows with events and sources."""
        return round(4 + 3 * math.sqrt(len(self.events)) + 1.5 * math.sqrt(len(self.sources)), 1)

    @property
    def x(self) -> float:
        return round(self.long + 180.0, 3)

    @property
    def y(self) -> float:
        return round(90.0 - self.lat, 3)


# ------------------------------------------------------------------ outlines


def _project(lon: float, lat: float) -> tuple[float, float]:
    return lon + 180.0, 90.0 - lat


def _simplify(points: list[tuple[float, float]], tolerance: float) -> list[tuple[float, float]]:
    """Douglas–Peucker simplification (iterative), keeping the end points."""
    if len(points) < 3:
        return points
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        (x1, y1), (x2, y2) = points[first], points[last]
        dx, dy = x2 - x1, y2 - y1
        norm = math.hypot(dx, dy)
        best, index = -1.0, first
        for i in range(first + 1, last):
            px, py = points[i]
            d = (abs(dy * px - dx * py + x2 * y1 - y2 * x1) / norm) if norm else math.hypot(px - x1, py - y1)
            if d > best:
                best, index = d, i
        if best > tolerance:
            keep[index] = True
            stack += [(first, index), (index, last)]
    return [p for p, k in zip(points, keep, strict=True) if k]


def _ring_path(ring: list, tolerance: float) -> str:
    points = [_project(float(lon), float(lat)) for lon, lat, *_ in ring]
    points = _simplify(points, tolerance)
    cleaned: list[tuple[float, float]] = []
    for x, y in points:
        p = (round(x, 1), round(y, 1))
        if not cleaned or cleaned[-1] != p:
            cleaned.append(p)
    if len(cleaned) < 3:
        return ""
    head, *rest = cleaned
    return f"M{head[0]:g} {head[1]:g}L" + " ".join(f"{x:g} {y:g}" for x, y in rest) + "Z"


def _polygons(geometry: dict) -> list[list]:
    if geometry.get("type") == "Polygon":
        return [geometry.get("coordinates") or []]
    if geometry.get("type") == "MultiPolygon":
        return geometry.get("coordinates") or []
    return []


@lru_cache(maxsize=4)
def world(tolerance: float = TOLERANCE) -> tuple[Country, ...]:
    """Country outlines from the ``countryinfo`` package, projected and simplified."""
    from countryinfo import CountryInfo

    countries = []
    for key, info in sorted(CountryInfo.all().items()):
        geo = info.get("geoJSON") or {}
        iso3 = ((info.get("ISO") or {}).get("alpha3") or key).upper()
        name = info.get("name") or key
        parts = []
        for feature in geo.get("features", []):
            for polygon in _polygons(feature.get("geometry") or {}):
                parts += [p for p in (_ring_path(ring, tolerance) for ring in polygon) if p]
        if parts:
            countries.append(Country(iso3, str(name), "".join(parts)))
    return tuple(countries)


# -------------------------------------------------------------------- places

_PLACES = """
SELECT ?place (MIN(STR(?l)) AS ?label) (SAMPLE(STR(?lat)) AS ?la) (SAMPLE(STR(?long)) AS ?lo) WHERE {
  ?place geo:lat ?lat ; geo:long ?long .
  OPTIONAL { ?place rdfs:label ?l }
} GROUP BY ?place ORDER BY ?place"""
_EVENTS = """
SELECT DISTINCT ?place ?e (STR(?l) AS ?label) WHERE {
  ?e a sem:Event ; sem:hasPlace ?place . OPTIONAL { ?e rdfs:label ?l }
} ORDER BY ?place ?e"""
_GRAPHS = """
SELECT DISTINCT ?n ?g WHERE { GRAPH ?g { ?n a ?t } VALUES ?t { schema:Place sem:Event } }"""
_PLACE_LABELS = """
SELECT ?place (MIN(STR(?l)) AS ?label) WHERE { ?e sem:hasPlace ?place . OPTIONAL { ?place rdfs:label ?l } }
GROUP BY ?place ORDER BY ?place"""
_COUNTRIES = """
SELECT DISTINCT ?place ?code WHERE {
  { ?place schema:containedInPlace ?c . ?c schema:identifier ?code } UNION { ?place schema:identifier ?code }
}"""


def _coordinate(text: str | None, bound: float) -> float | None:
    try:
        value = float(text) if text is not None else None
    except ValueError:
        return None
    return value if value is not None and math.isfinite(value) and -bound <= value <= bound else None


def places(
    store: pyoxigraph.Store, known: dict[str, Source] | None = None
) -> tuple[list[Place], list[Place]]:
    """Places with coordinates (most events first), and places with events but none."""
    known = articles(store) if known is None else known
    graphs: dict[str, set[str]] = defaultdict(set)
    for r in select(store, _GRAPHS):
        if r["g"] in known:
            graphs[r["n"]].add(r["g"])
    events: dict[str, list[tuple[str, str, list[str]]]] = defaultdict(list)
    minor = minor_events(store)
    for r in select(store, _EVENTS):
        if r["e"] in minor:
            continue
        events[r["place"]].append((r["e"], r["label"] or r["e"], sorted(graphs.get(r["e"], ()))))
    located, seen = [], set()
    for r in select(store, _PLACES):
        lat, long = _coordinate(r["la"], 90), _coordinate(r["lo"], 180)
        if lat is None or long is None:
            continue
        seen.add(r["place"])
        located.append(
            Place(
                r["place"],
                r["label"] or r["place"],
                lat,
                long,
                sorted(graphs.get(r["place"], ())),
                events.get(r["place"], []),
            )
        )
    unplaced = [
        Place(
            r["place"],
            r["label"] or r["place"],
            0.0,
            0.0,
            sorted(graphs.get(r["place"], ())),
            events.get(r["place"], []),
        )
        for r in select(store, _PLACE_LABELS)
        if r["place"] not in seen
    ]
    order = lambda p: (-len(p.events), -len(p.sources), p.label, p.iri)
    return sorted(located, key=order), sorted(unplaced, key=order)


# ------------------------------------------------------------------ the page

_CSS = "\n" + asset("map.css")

_SCRIPT = "\n" + asset("map.js")


def _home_view(located: list[Place]) -> tuple[float, float, float, float]:
    """The initial viewBox: the markers with a margin (the world if there are none)."""
    if not located:
        return 0.0, 0.0, WIDTH, HEIGHT
    xs, ys = [p.x for p in located], [p.y for p in located]
    w = max(max(xs) - min(xs), 2 * (max(ys) - min(ys)), 24.0) * 1.3
    h = w / 2
    cx, cy = (max(xs) + min(xs)) / 2, (max(ys) + min(ys)) / 2
    return round(cx - w / 2, 2), round(cy - h / 2, 2), round(w, 2), round(h, 2)


def _title_text(place: Place, known: dict[str, Source]) -> str:
    lines = [f"{place.label} — {len(place.events)} event(s), {len(place.sources)} source(s)"]
    for _, label, graphs in place.events[:MAX_TITLE_EVENTS]:
        outlets = "; ".join(known[g].text() for g in graphs if g in known)
        lines.append(f"• {label}" + (f" — {outlets}" if outlets else ""))
    if len(place.events) > MAX_TITLE_EVENTS:
        lines.append(f"… and {len(place.events) - MAX_TITLE_EVENTS} more")
    return "\n".join(lines)


def _place_section(i: int, place: Place, known: dict[str, Source], located: bool) -> str:
    where = f" ({place.lat:.4f}, {place.long:.4f})" if located else ""
    items = "".join(
        f'<li class="kg-event"><b>{esc(label)}</b>{sources_html(graphs, known)}</li>'
        for _, label, graphs in place.events
    )
    events = f'<ul class="kg-events">{items}</ul>' if items else '<p class="kg-note">No events here.</p>'
    ident = f' id="kg-place-{i}"' if located else ""
    return (
        f'<section class="kg-place"{ident} data-place="{esc(place.iri)}">'
        f'<h2>{esc(place.label)}</h2><p class="kg-note">{len(place.events)} event(s) · '
        f"{len(place.sources)} source(s){esc(where)}</p>{events}"
        f"<details><summary>sources of the place</summary>{sources_html(place.graphs, known)}</details>"
        f"</section>"
    )


_NO_PLACES = '<p class="kg-note">No place has coordinates.</p>'


def render_map(store: pyoxigraph.Store, *, title: str = "kg map") -> str:
    """The self-contained HTML page of the map."""
    known = articles(store)
    located, unplaced = places(store, known)
    codes: set[str] = set()
    with_events = {p.iri for p in located + unplaced if p.events}
    for r in select(store, _COUNTRIES):
        if r["place"] in with_events and r["code"]:
            codes.add(r["code"].upper())
    paths = "".join(
        f'<path class="kg-country{" kg-has-events" if c.iso3 in codes else ""}" id="kg-country-{esc(c.iso3)}" '
        f'd="{c.path}"><title>{esc(c.name)}</title></path>'
        for c in world()
    )
    x, y, w, h = _home_view(located)
    k = w / 1000  # user units per pixel on a map 1000 pixels wide (the script rescales)
    circles, texts = [], []
    for i, p in enumerate(located):
        cls = "kg-marker" if p.events else "kg-marker kg-no-events"
        circles.append(
            f'<circle class="{cls}" id="kg-marker-{i}" data-index="{i}" data-place="{esc(p.iri)}" '
            f'data-events="{len(p.events)}" data-sources="{len(p.sources)}" cx="{p.x:g}" cy="{p.y:g}" '
            f'r="{p.radius * k:.4g}" data-r="{p.radius:g}">'
            f"<title>{esc(_title_text(p, known))}</title></circle>"
        )
        texts.append(
            f'<text class="kg-label" data-x="{p.x:g}" data-y="{p.y:g}" data-r="{p.radius:g}" '
            f'x="{p.x + (p.radius + 3) * k:.4g}" y="{p.y + 4 * k:.4g}" font-size="{12 * k:.4g}" '
            f'stroke-width="{3 * k:.4g}">'
            f"{esc(p.label)}</text>"
        )
    svg = (
        f'<svg id="kg-map" xmlns="http://www.w3.org/2000/svg" viewBox="{x:g} {y:g} {w:g} {h:g}" '
        f'preserveAspectRatio="xMidYMid meet" role="img" aria-label="map of places and events">'
        f'<rect x="-720" y="-360" width="1800" height="900" fill="#dfe9f3"/>'
        f'<g id="kg-countries">{paths}</g>'
        f'<g id="kg-labels">{"".join(texts)}</g><g id="kg-markers">{"".join(circles)}</g></svg>'
    )
    sections = "".join(_place_section(i, p, known, True) for i, p in enumerate(located))
    rest = "".join(_place_section(i, p, known, False) for i, p in enumerate(unplaced))
    unplaced_html = (
        f'<div id="kg-unplaced"><h2>Places with events but no coordinates</h2>{rest}</div>'
        if unplaced
        else ""
    )
    n_events = len({e for p in located for e, _, _ in p.events})
    body = (
        f'<div id="kg-layout"><div id="kg-map-box">{svg}'
        f'<div id="kg-zoom"><button type="button" id="kg-zoom-in" title="zoom in">+</button>'
        f'<button type="button" id="kg-zoom-out" title="zoom out">−</button>'
        f'<button type="button" id="kg-zoom-reset" title="back to the start">⌂</button></div></div>'
        f'<aside id="kg-places">{sections or _NO_PLACES}'
        f"{unplaced_html}</aside></div>"
    )
    subtitle = (
        f"{len(located)} place(s) with coordinates, {n_events} event(s) there, "
        f"{len(known)} article(s). Outlines: Natural Earth 1:110m via countryinfo. "
        f"Scroll to zoom, drag to pan, click a marker for its events."
    )
    return page(title, body, css=_CSS, script=_SCRIPT, subtitle=subtitle)


def write_map(store: pyoxigraph.Store, path: str | Path, *, title: str = "kg map") -> Path:
    """Write the map page of ``store`` to ``path`` and return the path."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render_map(store, title=title), encoding="utf-8")
    return path
