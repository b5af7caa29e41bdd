"""A timeline of events: by date, each with its sources; undated events listed apart.

An event's date is its ``sem:hasTimeStamp`` (or ``sem:hasBeginTimeStamp`` …
``sem:hasEndTimeStamp``), on the event or on its ``sem:hasTime`` node; failing that, the
``schema:datePublished`` of the articles that report it (marked "published").  Events
sort by their earliest date.  The page is plain HTML and CSS with an inline SVG overview
(one bar per day, its height the number of events); nothing loads from the network.

Page elements with stable ids (for browser tests): ``#kg-timeline`` (the dated events,
one ``section.kg-day`` per day, ``id="kg-day-<YYYY-MM-DD>"``, ``data-date``), each
event an ``li.kg-event`` with ``data-event`` (IRI), ``data-date`` and ``data-date-kind``
("event" or "published"); ``#kg-overview`` (the SVG, ``rect.kg-bar`` per day linking
to its section); ``#kg-undated`` (events with no date at all).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import pyoxigraph

from kg.views.common import (
    Source,
    articles,
    asset,
    esc,
    iter_rows,
    least_values,
    minor_events,
    page_parts,
    sources_html,
    write_parts,
)

__all__ = ["TimedEvent", "events", "render_timeline", "write_timeline"]

_DAY = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")


@dataclass
class TimedEvent:
    """An event, its date (or none), and what the page says of it."""

    iri: str
    label: str
    date: str | None = None  # YYYY-MM-DD (or YYYY-MM, YYYY), the earliest
    end: str | None = None  # the latest end of a period, if any
    date_kind: str | None = None  # "event" or "published"
    type: str | None = None
    places: list[str] = field(default_factory=list)
    actors: list[str] = field(default_factory=list)
    times: list[str] = field(default_factory=list)  # the text of its sem:Time nodes
    graphs: list[str] = field(default_factory=list)
    sentences: dict[str, list[str]] = field(default_factory=dict)


def _day(value: str | None) -> str | None:
    """The date part of an xsd:date / xsd:dateTime / gYear(Month) value, or None."""
    if not value:
        return None
    m = _DAY.match(value.strip())
    if not m:
        return None
    return "-".join(part for part in m.groups() if part)


# three plain reads, each event's least label and type taken here: one query grouping both
# (two OPTIONALs) took 10 s at 19,680 articles, these ~4
_EVENTS = "SELECT ?e WHERE { ?e a sem:Event }"
_LABELS = "SELECT ?e (STR(?l) AS ?label) WHERE { ?e a sem:Event ; rdfs:label ?l }"
_TYPES = "SELECT ?e (STR(?l) AS ?label) WHERE { ?e a sem:Event ; sem:eventType/skos:prefLabel ?l }"
_STAMPS = """
SELECT DISTINCT ?e ?p (STR(?v) AS ?value) WHERE {
  ?e a sem:Event .
  { ?e ?p ?v } UNION { ?e sem:hasTime ?time . ?time ?p ?v }
  VALUES ?p { sem:hasTimeStamp sem:hasBeginTimeStamp sem:hasEndTimeStamp }
}"""
_GRAPHS = "SELECT DISTINCT ?e ?g WHERE { GRAPH ?g { ?e a sem:Event } }"
_LINKS = """
SELECT DISTINCT ?e ?role (STR(?l) AS ?label) WHERE {
  ?e a sem:Event .
  { ?e sem:hasPlace ?x . BIND("place" AS ?role) } UNION { ?e sem:hasActor ?x . BIND("actor" AS ?role) }
  UNION { ?e sem:hasTime ?x . BIND("time" AS ?role) }
  ?x rdfs:label ?l
}"""
_SENTENCES = """
SELECT DISTINCT ?e ?g ?m (STR(?text) AS ?sentence) WHERE {
  ?e a sem:Event . GRAPH ?g { ?e gaf:denotedBy ?m } ?m nif:sentence/nif:anchorOf ?text
}"""
#: The sentences an event lists per source: those of its first mentions (in IRI order).
SENTENCES_PER_SOURCE = 3


def events(store: pyoxigraph.Store, known: dict[str, Source] | None = None) -> list[TimedEvent]:
    """Every event, dated ones first by date then label, then undated ones by label."""
    known = articles(store) if known is None else known
    minor = minor_events(store)
    strings: dict[str, str] = {g: g for g in known}  # one copy of each IRI and text read
    labels = least_values((r["e"], r["label"]) for r in iter_rows(store, _LABELS, strings))
    types = least_values((r["e"], r["label"]) for r in iter_rows(store, _TYPES, strings))
    found = {
        e: TimedEvent(e, labels.get(e) or e, type=types.get(e))
        for e in (r["e"] for r in iter_rows(store, _EVENTS, strings))
        if e not in minor
    }
    del labels, types
    starts: dict[str, set[str]] = defaultdict(set)
    ends: dict[str, set[str]] = defaultdict(set)
    for r in iter_rows(store, _STAMPS, strings):
        day = _day(r["value"])
        if r["e"] in found and day:
            (ends if r["p"].endswith("hasEndTimeStamp") else starts)[r["e"]].add(day)
    for r in iter_rows(store, _GRAPHS, strings):
        if r["e"] in found and r["g"] in known:
            found[r["e"]].graphs.append(r["g"])
    for r in iter_rows(store, _LINKS, strings):
        if r["e"] in found:
            target = {
                "place": found[r["e"]].places,
                "actor": found[r["e"]].actors,
                "time": found[r["e"]].times,
            }[r["role"]]
            if r["label"] not in target:
                target.append(r["label"])
    first: dict[tuple[str, str], dict[str, str]] = defaultdict(dict)  # sentence -> its first mention
    for r in iter_rows(store, _SENTENCES, strings):
        if r["e"] in found and r["g"] in known and r["sentence"]:
            _keep_first(first[r["e"], r["g"]], r["sentence"], r["m"])
    for (event, graph), kept in first.items():
        found[event].sentences[graph] = sorted(kept, key=lambda s: kept[s])
    del first
    for e in found.values():
        e.graphs.sort()
        e.places.sort()
        e.actors.sort()
        e.times.sort()
        begins = starts.get(e.iri) or set()
        if not begins and ends.get(e.iri):
            begins = set(ends[e.iri])
        if begins:
            e.date, e.date_kind = min(begins), "event"
            e.end = max(ends[e.iri]) if ends.get(e.iri) and max(ends[e.iri]) != e.date else None
        else:
            published = sorted(d for d in (_day(known[g].date) for g in e.graphs) if d)
            if published:
                e.date, e.date_kind = published[0], "published"
    return sorted(found.values(), key=lambda e: (e.date is None, e.date or "", e.label, e.iri))


def _keep_first(kept: dict[str, str], sentence: str, mention: str) -> None:
    """Keep in ``kept`` (sentence -> its first mention) the :data:`SENTENCES_PER_SOURCE`
    sentences whose first mentions come first, seeing the mentions in any order (the whole
    graph's are not sorted: at 20,000 articles they are 200k rows)."""
    if sentence in kept:
        kept[sentence] = min(kept[sentence], mention)
    elif len(kept) < SENTENCES_PER_SOURCE:
        kept[sentence] = mention
    else:
        last = max(kept, key=lambda s: kept[s])
        if mention < kept[last]:
            del kept[last]
            kept[sentence] = mention


# ------------------------------------------------------------------ the page

_CSS = "\n" + asset("timeline.css")


def _parse(day: str) -> date | None:
    try:
        return date.fromisoformat(day) if len(day) == 10 else None
    except ValueError:
        return None


def _overview(days: list[tuple[str, int]]) -> str:
    """An SVG strip: one bar per (full) day, placed by date, its height the number of events."""
    parsed = [(d, p, n) for d, n in days if (p := _parse(d)) is not None]
    if not parsed:
        return ""
    first, last = parsed[0][1], parsed[-1][1]
    span = max((last - first).days, 1)
    top = max(n for _, _, n in parsed)
    bars = []
    for d, p, n in parsed:
        x = 20 + 960 * (p - first).days / span
        h = 8 + 50 * n / top
        bars.append(
            f'<a href="#kg-day-{esc(d)}"><rect class="kg-bar" x="{x - 3:.1f}" y="{66 - h:.1f}" '
            f'width="6" height="{h:.1f}" data-date="{esc(d)}"><title>{esc(d)}: {n} event(s)</title>'
            f"</rect></a>"
        )
    axis = (
        f'<line x1="20" y1="67" x2="980" y2="67" stroke="#888"/>'
        f'<text class="kg-axis" x="20" y="82">{esc(first.isoformat())}</text>'
        f'<text class="kg-axis" x="980" y="82" text-anchor="end">{esc(last.isoformat())}</text>'
    )
    return (
        f'<svg id="kg-overview" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1000 90" '
        f'preserveAspectRatio="none" role="img" aria-label="events per day">{axis}{"".join(bars)}</svg>'
    )


def _event_html(e: TimedEvent, known: dict[str, Source]) -> str:
    when = ""
    if e.date:
        when = esc(e.date) + (f" – {esc(e.end)}" if e.end else "")
        if e.date_kind == "published":
            when += ' <span class="kg-published">(no event date: the article\'s publication date)</span>'
    meta = []
    if e.type:
        meta.append(f"type: {esc(e.type)}")
    if e.places:
        meta.append("where: " + ", ".join(esc(p) for p in e.places))
    if e.actors:
        meta.append("who: " + ", ".join(esc(a) for a in e.actors))
    if e.times:
        meta.append("when (text): " + ", ".join(f"“{esc(t)}”" for t in e.times))
    return (
        f'<li class="kg-event" data-event="{esc(e.iri)}" data-date="{esc(e.date or "")}" '
        f'data-date-kind="{esc(e.date_kind or "")}"><b>{esc(e.label)}</b>'
        + (f' <span class="kg-meta">{when}</span>' if when else "")
        + (f'<div class="kg-meta">{" · ".join(meta)}</div>' if meta else "")
        + f'<div class="kg-meta">{len(e.graphs)} source(s)</div>'
        + sources_html(e.graphs, known, sentences=e.sentences)
        + "</li>"
    )


def render_timeline(store: pyoxigraph.Store, *, title: str = "kg timeline") -> str:
    """The self-contained HTML page of the timeline."""
    return "".join(_timeline_parts(store, title))


def write_timeline(store: pyoxigraph.Store, path: str | Path, *, title: str = "kg timeline") -> Path:
    """Write the timeline page of ``store`` to ``path`` and return the path (in parts: at
    20,000 articles the page is tens of megabytes)."""
    return write_parts(Path(path), _timeline_parts(store, title))


def _timeline_parts(store: pyoxigraph.Store, title: str) -> Iterator[str]:
    known = articles(store)
    found = events(store, known)
    undated = [e for e in found if not e.date]
    by_day: dict[str, list[TimedEvent]] = {}
    for e in found:
        if e.date:
            by_day.setdefault(e.date, []).append(e)

    def body() -> Iterator[str]:
        yield f'<main>{_overview([(d, len(v)) for d, v in by_day.items()])}<div id="kg-timeline">'
        for d, evs in by_day.items():
            yield f'<section class="kg-day" id="kg-day-{esc(d)}" data-date="{esc(d)}"><h2>{esc(d)}</h2><ul class="kg-list">'
            yield from (_event_html(e, known) for e in evs)
            yield "</ul></section>"
        if not by_day:
            yield '<p class="kg-note">No event has a date.</p>'
        yield "</div>"
        if undated:
            yield (
                f'<section id="kg-undated"><h2>Undated events ({len(undated)})</h2>'
                f'<p class="kg-note">Neither the event nor the articles that report it give a date.</p>'
                '<ul class="kg-list">'
            )
            yield from (_event_html(e, known) for e in undated)
            yield "</ul></section>"
        yield "</main>"

    subtitle = (
        f"{len(found) - len(undated)} dated event(s) on {len(by_day)} day(s), {len(undated)} undated, "
        f"{len(known)} article(s)."
    )
    return page_parts(title, body(), css=_CSS, subtitle=subtitle)
