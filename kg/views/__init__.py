"""kg's pages: every view behind one registry, :data:`VIEWS` (name -> file, writer).

=============  ===============  ==================================================
view           file in OUT      what it draws
=============  ===============  ==================================================
``graph``      graph.html       entities and events (the network)
``events``     events.html      events with their actors, places and times
``sources``    sources.html     articles and outlets, and what each reports
``map``        map.html         places with coordinates and the events there
``timeline``   timeline.html    events by date
``query``      query.html       the triples of a SPARQL CONSTRUCT (``kg view --query``)
=============  ===============  ==================================================

``kg build`` writes the views marked ``built`` (:func:`write_all_views`; some in a second
process, :mod:`~kg.views.worker`: up to 3,000 articles the network pages from its own copy of
the quads, while the build compacts its store and draws the map and the timeline; above it the
map and the timeline from the store on disk, while the build draws the network pages); ``kg view``
writes any one of them; ``kg serve`` lists them on its index page.  The file names come
from :mod:`kg.outdir`.

The modules: :mod:`~kg.views.common` (what every page shares: the articles behind the
facts, escaping, safe links, the page shell, the static assets), the network pages in two
steps, "store → graph" (:mod:`~kg.views.facts`, :mod:`~kg.views.network`) and "graph →
page" (:mod:`~kg.views.network_page`, :mod:`~kg.views.layout`), then :mod:`~kg.views.map`
and :mod:`~kg.views.timeline`.  Each page's own JavaScript and CSS are files in
``kg/views/static/``, inlined into the self-contained HTML at write time.

To add a view: write ``write_NAME(store, path, *, title) -> Path`` in a module here, name
its file in :mod:`kg.outdir`, and add a :class:`View` to :data:`VIEWS`.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass
from functools import partial
from pathlib import Path

import pyoxigraph

from kg import outdir
from kg.views.facts import Facts
from kg.views.map import write_map
from kg.views.network import ViewError, network_for
from kg.views.network_page import render_html
from kg.views.timeline import write_timeline

__all__ = ["VIEWS", "View", "ViewError", "write_all_views", "write_view"]


def write_view(
    store: pyoxigraph.Store,
    path: str | Path,
    *,
    title: str = "kg network",
    view: str = "graph",
    query: str | None = None,
    focus_on: str | None = None,
    hops: int = 1,
    max_nodes: int | None = None,
    _facts: Facts | None = None,
) -> Path:
    """Write one offline network page of ``store`` to ``path`` and return the path.

    ``view`` is "graph" (entities and events), "events", "sources" or "query" (with
    ``query``, a SPARQL CONSTRUCT); ``focus_on``/``hops`` and ``max_nodes`` cut it down
    (:func:`~kg.views.network.network_for`).  Raises :class:`ViewError` for an unknown
    focus or a query that is not a CONSTRUCT.
    """
    graph = network_for(
        store, view, query=query, focus_on=focus_on, hops=hops, max_nodes=max_nodes, _facts=_facts
    )
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render_html(graph, title=title), encoding="utf-8")
    return path


@dataclass(frozen=True)
class View:
    """One page: its name, its file in ``OUT``, and how to write it.

    ``write(store, path, *, title, **options)`` writes the page and returns its path; a
    ``network`` view also takes ``query``, ``focus_on``, ``hops``, ``max_nodes`` and
    ``_facts``.  ``label`` names the page in titles ("kg events").
    """

    name: str
    file: str
    write: Callable[..., Path]
    label: str
    built: bool = True  # written by kg build
    network: bool = False  # a network page: --focus and --max-nodes apply


VIEWS: dict[str, View] = {
    v.name: v
    for v in (
        View("graph", outdir.GRAPH_PAGE, partial(write_view, view="graph"), "network", network=True),
        View("events", outdir.EVENTS_PAGE, partial(write_view, view="events"), "events", network=True),
        View("sources", outdir.SOURCES_PAGE, partial(write_view, view="sources"), "sources", network=True),
        View("map", outdir.MAP_PAGE, write_map, "map"),
        View("timeline", outdir.TIMELINE_PAGE, write_timeline, "timeline"),
        View(
            "query", outdir.QUERY_PAGE, partial(write_view, view="query"), "query", built=False, network=True
        ),
    )
}


def write_all_views(
    store: pyoxigraph.Store,
    out_dir: str | Path,
    *,
    title: str = "kg",
    max_nodes: int | None = None,
    only: Collection[str] | None = None,
) -> dict[str, Path]:
    """Write every page a build writes into ``out_dir`` (the views marked ``built``, or those
    of them named in ``only``). Returns view name -> path.

    ``max_nodes`` caps each network page (the page says what was left out).
    """
    out_dir = Path(out_dir)
    chosen = [v for v in VIEWS.values() if v.built and (only is None or v.name in only)]
    # the network pages last: what they read (once, drawn three ways) is not held meanwhile
    chosen.sort(key=lambda v: v.network)
    facts = None
    written = {}
    for view in chosen:
        if view.network and facts is None:
            facts = Facts(store)
        options = {"max_nodes": max_nodes, "_facts": facts} if view.network else {}
        page_title = title if view.name == "graph" else f"{title} — {view.label}"
        written[view.name] = view.write(store, out_dir / view.file, title=page_title, **options)
    return written
