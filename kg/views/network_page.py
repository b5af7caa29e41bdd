"""A network page, from a graph to self-contained HTML (pyvis / vis-network).

:func:`render_html` draws any graph of :mod:`kg.views.network`.  Node size grows with
sources (and a little with mentions), edge width with sources; tooltips of nodes and edges
list the sources (outlet, headline, date, URL) and the sentence each fact came from.  Above
:data:`LAYOUT_THRESHOLD` nodes the layout is computed beforehand (:mod:`kg.views.layout`)
and physics is off.  The page's own script and style are ``static/network.js``,
``static/network-tooltips.js`` and ``static/network.css``, inlined at write time.

Safety: every text that comes from the store is passed through :func:`html.escape`
before it becomes tooltip HTML, and a URL is a link only if it is ``http(s)``
(:func:`kg.views.common.safe_url`).  Tooltips are kept out of pyvis' ``title`` field
(under ``tip``) and turned into DOM elements by a small inline script, so vis-network
shows them as HTML and pyvis never switches to its own ``innerHTML`` popup.  Node labels
are drawn on the canvas as plain text (``font.multi`` is off) and reach the page only
through Jinja's ``tojson``, which encodes ``<``, ``>``, ``&`` and ``'``.  The page loads
nothing from the network: vis-network is inlined (``cdn_resources="in_line"``), pyvis'
bootstrap CDN tags are removed, and a Content-Security-Policy forbids any other source.

Page elements with stable ids (for browser tests):

==========================  =====================================================
``#kg-title``               the page heading
``#kg-subtitle``            what the view shows (view, counts, focus)
``#kg-legend``              kinds of node, each a checkbox ``#kg-filter-<kind>``
                            (``person``, ``organization``, ``group``, ``place``,
                            ``event``, ``time``, ``article``, ``outlet``, ``other``;
                            the ones the view can show); unticking hides that kind
``#kg-edge-legend``         the kinds of edge
``#kg-search``              text box: matching labels (and other names) are selected
                            and zoomed to on Enter or as you type
``#kg-search-button``       runs the search
``#kg-search-status``       "N matches"
``#kg-reset``               clears search, filters and highlight, fits the view
``#kg-omitted``             present only when ``--max-nodes`` left nodes out: how many
                            nodes and edges, and which kinds
``#mynetwork``              the vis-network canvas container
==========================  =====================================================

In the page, ``window.kgNetwork`` is the ``vis.Network``, ``window.kgNodes`` /
``window.kgEdges`` its DataSets (each node has ``kind``, ``sources``, ``mentions``;
each edge ``sources``), and ``window.kgView`` offers ``setKindVisible(kind, on)``,
``search(text)`` (returns the matching ids), ``highlight(nodeId)`` (returns the kept
ids), ``highlightEdge(edgeId)``, ``clearHighlight()``, ``reset()``, ``highlighted()``
and ``hiddenKinds()``.  A click on a node dims everything but its neighbourhood; a
click on empty space undims.  ``<html data-kg-ready="true">`` once the script ran.
"""

from __future__ import annotations

import json
import math
import re
import textwrap
from collections import Counter, defaultdict

import networkx as nx
from pyvis.network import Network

from kg.kinds import KINDS as KIND_TABLE
from kg.views.common import CSP, Source, asset, esc, link_html, remote_references, sources_html, strip_remote
from kg.views.facts import MAX_EVIDENCE
from kg.views.layout import layout

__all__ = ["KINDS", "KIND_COLOURS", "LAYOUT_THRESHOLD", "edge_width", "node_size", "render_html", "to_pyvis"]

#: kind -> (colour, vis-network shape); legend order (kg.kinds).
KINDS: dict[str, tuple[str, str]] = {k.name: (k.colour, k.shape) for k in KIND_TABLE}
KIND_COLOURS: dict[str, str] = {k: c for k, (c, _) in KINDS.items()}
MAX_TIP_SOURCES = 8  # sources listed in a tooltip
LAYOUT_THRESHOLD = 300
_LABEL_MAX = 40


# ------------------------------------------------------------------ rendering


def _attr_html(name: str, value: str) -> str:
    shown = link_html(value) if name in ("url", "schema:url") else esc(value)
    return f'<br><span class="kg-attr">{esc(name)}: {shown}</span>'


def _by_graph(evidence: list[tuple[str, str]]) -> dict[str, list[str]]:
    found: dict[str, list[str]] = defaultdict(list)
    for g, text in evidence:
        found[g].append(text)
    return found


def _node_tip(iri: str, d: dict, known: dict[str, Source]) -> str:
    """Tooltip HTML for a node; every text from the store is escaped."""
    parts = [f"<b>{esc(d['label'])}</b>"]
    if d["alt_labels"]:
        parts.append("<br><i>also:</i> " + ", ".join(esc(a) for a in d["alt_labels"]))
    parts.append(f"<br>{esc(d['kind'])} · {d['mentions']} mention(s) · {d['sources']} source(s)")
    parts.append(f"<br><small>{esc(iri)}</small>")
    parts += [_attr_html(name, value) for name, value in d.get("attrs", [])[:20]]
    parts.append(sources_html(d["graphs"], known, MAX_TIP_SOURCES, _by_graph(d["evidence"]), MAX_EVIDENCE))
    return "".join(parts)


def _edge_tip(s_label: str, o_label: str, d: dict, known: dict[str, Source]) -> str:
    """Tooltip HTML for an edge; every text from the store is escaped."""
    tip = f"{esc(s_label)} <b>{esc(d['label'])}</b> {esc(o_label)}<br>{d['sources']} source(s)"
    if d.get("quotes"):
        tip += "<ul>" + "".join(f"<li>“{esc(t)}”</li>" for t in d["quotes"][:MAX_EVIDENCE]) + "</ul>"
    return tip + sources_html(d["graphs"], known, MAX_TIP_SOURCES, _by_graph(d["evidence"]), MAX_EVIDENCE)


def _short(label: str) -> str:
    """A canvas label, cut to _LABEL_MAX characters."""
    return label if len(label) <= _LABEL_MAX else label[: _LABEL_MAX - 1] + "…"


def node_size(sources: int, mentions: int) -> float:
    """Node size: grows with the number of sources (logarithmically), and a little with mentions."""
    return round(10 + 12 * math.log2(1 + max(sources, 0)) + min(4.0, math.sqrt(max(mentions, 0))), 2)


def edge_width(sources: int) -> int:
    """Edge width: 1 for one source (or none), 2 more for each further source, at most 9."""
    return min(1 + 2 * max(sources - 1, 0), 9)


def _options(physics: bool) -> dict:
    """vis-network options: bounded stabilisation, or no physics for big graphs."""
    opts: dict = {
        "nodes": {"font": {"multi": False, "size": 14, "color": "#222222"}},
        "edges": {
            "font": {"multi": False, "size": 10, "align": "middle", "color": "#222222"},
            "smooth": {"enabled": physics, "type": "dynamic"},
        },
        "interaction": {"hover": True, "tooltipDelay": 150},
        "physics": {"enabled": physics},
        "layout": {"randomSeed": 42},  # the same page draws the same picture every time
    }
    if physics:
        opts["physics"].update(solver="forceAtlas2Based", stabilization={"enabled": True, "iterations": 200})
    return opts


_EDGE_COLOUR = "#8a8a8a"


def to_pyvis(graph: nx.MultiDiGraph) -> Network:
    """A pyvis Network for ``graph`` (vis-network inlined, tooltips under ``tip``)."""
    net = Network(height="78vh", width="100%", directed=True, cdn_resources="in_line", notebook=False)
    known = graph.graph.get("articles", {})
    big = graph.number_of_nodes() > LAYOUT_THRESHOLD
    pos = layout(graph) if big else {}
    for n, d in graph.nodes(data=True):
        extra = {"x": pos[n][0], "y": pos[n][1]} if big else {}
        colour, shape = KINDS.get(d["kind"], KINDS["other"])
        search = "\n".join([d["label"], *d["alt_labels"]]).lower()
        net.add_node(
            n,
            label=_short(d["label"]),
            color=colour,
            shape=shape,
            kind=d["kind"],
            size=node_size(d["sources"], d["mentions"]),
            sources=d["sources"],
            mentions=d["mentions"],
            search=search,
            tip=_node_tip(n, d, known),
            **extra,
        )
    for i, (s, o, d) in enumerate(graph.edges(data=True)):
        tip = _edge_tip(graph.nodes[s]["label"], graph.nodes[o]["label"], d, known)
        net.add_edge(
            s,
            o,
            id=f"e{i}",
            label=d["label"],
            width=edge_width(d["sources"]),
            sources=d["sources"],
            color=_EDGE_COLOUR,
            tip=tip,
        )
    net.set_options(json.dumps(_options(physics=not big)))
    return net


# ------------------------------------------------------- HTML post-processing


def _tip_script() -> str:
    """Turns the escaped ``tip`` HTML into DOM elements so vis-network shows real markup
    (indented as pyvis' template is)."""
    return "\n" + textwrap.indent(asset("network-tooltips.js"), " " * 18)


def _control_script() -> str:
    """Filters, search, neighbourhood highlight; uses the vis-network API only."""
    return "\n" + asset("network.js")


def _css() -> str:
    return "\n<style>\n" + asset("network.css") + "</style>\n"


_NETWORK_ANCHOR = "network = new vis.Network(container, data, options);"
_DEAD_COMMENT = re.compile(r"<!--\s*<link[^>]*node_modules.*?-->", re.S)
_EMPTY_HEADING = re.compile(r"<center>\s*<h1>\s*</h1>\s*</center>")


_VIEW_TEXT = {
    "graph": "Entities and events",
    "events": "Events with their actors, places and times",
    "sources": "Articles and outlets, and what each article reports",
    "query": "The triples of a SPARQL CONSTRUCT query",
}


def _subtitle(graph: nx.MultiDiGraph) -> str:
    parts = [
        _VIEW_TEXT.get(graph.graph.get("view", "graph"), "Network"),
        f"{graph.number_of_nodes()} nodes, {graph.number_of_edges()} edges",
        f"{len(graph.graph.get('articles', {}))} article(s)",
    ]
    focus_on = graph.graph.get("focus")
    if focus_on:
        parts.append(
            f"focus: {focus_on['name']} ({focus_on['hops']} hop{'s' if focus_on['hops'] != 1 else ''})"
        )
    return " · ".join(parts)


def _omitted_text(omitted: dict) -> str:
    kinds = ", ".join(f"{n} {k}" for k, n in omitted["kinds"].items())
    return (
        f"Showing the {omitted['total_nodes'] - omitted['nodes']} most important of "
        f"{omitted['total_nodes']} nodes (by sources, then mentions, then links). "
        f"Left out: {omitted['nodes']} node(s) ({kinds}) and {omitted['edges']} of "
        f"{omitted['total_edges']} edge(s)."
    )


def _controls(graph: nx.MultiDiGraph, title: str) -> str:
    """Heading, legend with a filter checkbox per kind, search, reset, and what was left out."""
    counts = Counter(d["kind"] for _, d in graph.nodes(data=True))
    kinds = list(graph.graph.get("kinds") or [])
    kinds += [k for k in KINDS if counts[k] and k not in kinds]
    boxes = "".join(
        f'<label class="kg-filter" for="kg-filter-{k}"><input type="checkbox" id="kg-filter-{k}" '
        f'value="{k}" checked><span class="kg-swatch" style="background:{KINDS[k][0]}"></span>'
        f'{esc(k)} <span class="kg-count">({counts[k]})</span></label>'
        for k in kinds
        if k in KINDS
    )
    present = {d["label"] for *_, d in graph.edges(data=True)}
    ordered = [x for x in graph.graph.get("edge_labels", []) if x in present]
    labels = " · ".join(esc(x) for x in ordered + sorted(present - set(ordered))) or "none"
    omitted = graph.graph.get("omitted")
    note = f'<p id="kg-omitted">{esc(_omitted_text(omitted))}</p>' if omitted else ""
    return (
        f'{_css()}<div id="kg-controls">\n<h1 id="kg-title">{esc(title)}</h1>\n'
        f'<p id="kg-subtitle">{esc(_subtitle(graph))}</p>\n'
        f'<div id="kg-legend" role="group" aria-label="kinds of node">{boxes}'
        f'<span id="kg-edge-legend">edges: {labels}; wider = more sources; '
        f"bigger node = more sources</span></div>\n"
        f'<div id="kg-toolbar"><input type="search" id="kg-search" placeholder="Search labels…" '
        f'autocomplete="off" aria-label="search node labels"> '
        f'<button type="button" id="kg-search-button">Find</button> '
        f'<button type="button" id="kg-reset">Reset</button>'
        f'<span id="kg-search-status" aria-live="polite"></span></div>\n{note}</div>\n'
    )


def _postprocess(page: str, graph: nx.MultiDiGraph, title: str) -> str:
    """Drop CDN tags, add CSP, title, controls and scripts; fail loudly if pyvis changed."""
    if _NETWORK_ANCHOR not in page or "<body>" not in page or "</body>" not in page:
        raise RuntimeError("unexpected pyvis template: cannot install kg tooltips")
    page = _EMPTY_HEADING.sub("", _DEAD_COMMENT.sub("", strip_remote(page)))
    head = (
        f'<meta charset="utf-8">\n<meta http-equiv="Content-Security-Policy" content="{esc(CSP)}">\n'
        f'<meta name="referrer" content="no-referrer">\n<title>{esc(title)}</title>'
    )
    page = page.replace('<meta charset="utf-8">', head, 1)
    page = page.replace("<body>", "<body>\n" + _controls(graph, title), 1)
    page = page.replace(_NETWORK_ANCHOR, _tip_script() + "\n                  " + _NETWORK_ANCHOR, 1)
    cut = page.rindex("</body>")
    page = page[:cut] + f"<script>{_control_script()}</script>\n" + page[cut:]
    if not page.lstrip().lower().startswith("<!doctype"):
        page = "<!DOCTYPE html>\n" + page
    if remote_references(page):
        raise RuntimeError(f"page still references the network: {remote_references(page)}")
    return page


def render_html(graph: nx.MultiDiGraph, *, title: str = "kg network") -> str:
    """The self-contained HTML page for ``graph``."""
    return _postprocess(to_pyvis(graph).generate_html(), graph, title)
