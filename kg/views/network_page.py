"""A network page, from a graph to self-contained HTML (pyvis / vis-network).

:func:`render_html` draws any graph of :mod:`kg.views.network`:

- nodes linked to nothing else in the view are not drawn but listed in the side panel
  (:func:`split_loose`; not in the query view, whose triples are drawn as they are);
- the rest is laid out beforehand (:func:`kg.views.layout.arrange`: Louvain communities,
  each laid out on its own, apart from the others, drawn as shaded discs), so the page
  needs no physics and draws the same picture every time;
- node size grows with sources (and a little with mentions); edge width with sources; a
  "mentioned together" edge (:mod:`kg.views.network`) is thin, grey and dashed;
- labels: at the first view the :data:`FIRST_VIEW_LABELS` most important nodes whose labels
  do not overlap (every node's, up to :data:`ALL_LABELS_UP_TO` nodes) carry a label of
  :data:`LABEL_PX` pixels (:data:`TOP_LABEL_PX` for the first :data:`TOP_LABELS`); the
  layout moves nodes so that those labels fit (:func:`kg.views.layout.declutter`), and the
  page places them again after every zoom, so that more appear as one zooms in; any other
  node shows its label on hover.  An event's label is its type and main actor
  (:func:`short_label`);
- the side panel shows the selected node (its names, kind, sources with their sentences,
  and what it is linked to), the search's matches, the communities and the nodes not
  linked.  The search box answers to the keys :func:`kg.lookup.name_keys` gives each node.

The page's own script and style are ``static/network.js``, ``static/network-tooltips.js``
and ``static/network.css``, inlined at write time.

Safety: every text that comes from the store is passed through :func:`html.escape`
before it becomes tooltip HTML, and a URL is a link only if it is ``http(s)``
(:func:`kg.views.common.safe_url`).  Tooltips are kept out of pyvis' ``title`` field
(under ``tip``) and turned into DOM elements by a small inline script, so vis-network
shows them as HTML and pyvis never switches to its own ``innerHTML`` popup; the panel
shows copies of those elements and builds everything else with ``textContent``.  Node
labels are drawn on the canvas as plain text (``font.multi`` is off) and reach the page
only through Jinja's ``tojson``, which encodes ``<``, ``>``, ``&`` and ``'``; the page's
own data (``<script type="application/json" id="kg-data">``) is JSON with ``<``, ``>`` and
``&`` escaped, parsed and never run.  The page loads nothing from the network: vis-network
is inlined (``cdn_resources="in_line"``), pyvis' bootstrap CDN tags are removed, and a
Content-Security-Policy forbids any other source.

Page elements with stable ids (for browser tests):

==========================  =====================================================
``#kg-title``               the page heading
``#kg-subtitle``            what the view shows (view, counts, focus)
``#kg-legend``              kinds of node, each a checkbox ``#kg-filter-<kind>``
                            (``person``, ``organization``, ``group``, ``place``,
                            ``event``, ``time``, ``article``, ``outlet``, ``other``;
                            the ones the view can show); unticking hides that kind
``#kg-edge-legend``         the kinds of edge
``#kg-search``              text box: nodes named so (any name, a surname, an
                            acronym, a close spelling) are selected and zoomed to
                            on Enter or as you type, and listed in the panel
``#kg-search-button``       runs the search
``#kg-search-status``       "N matches" (among the drawn nodes)
``#kg-reset``               clears search, filters and highlight, fits the view
``#kg-omitted``             present only when ``--max-nodes`` left nodes out: how many
                            nodes and edges, and which kinds
``#mynetwork``              the vis-network canvas container
``#kg-panel``               the side panel: ``#kg-matches`` (``#kg-match-list``),
                            ``#kg-details`` (``#kg-details-body``, ``#kg-neighbours``),
                            ``#kg-communities``, ``#kg-loose``; links to nodes are
                            ``a[data-node]``, to communities ``a[data-community]``
==========================  =====================================================

In the page, ``window.kgNetwork`` is the ``vis.Network``, ``window.kgNodes`` /
``window.kgEdges`` its DataSets (each node has ``kind``, ``sources``, ``mentions``,
``rank``, ``community`` and ``keys``; each edge ``sources``, and ``sentences`` if it is a
"mentioned together" edge), ``window.kgData`` the page's own data (``loose``,
``communities``, ``labels``, ``titles``), and ``window.kgView`` offers
``setKindVisible(kind, on)``, ``search(text)`` (returns the matching drawn ids),
``matches(text)`` (``{how, ids, suggestions}``, drawn or not), ``select(id)`` (shows a
node in the panel), ``highlight(nodeId)`` (returns the kept ids), ``highlightEdge(edgeId)``,
``clearHighlight()``, ``reset()``, ``highlighted()``, ``hiddenKinds()``, ``labelled()``,
``loose()``, ``placeLabels()`` and ``foldKey(text)``.  A click on a node dims everything
but its neighbourhood and shows it in the panel; a click on empty space undims.
``<html data-kg-ready="true">`` once the page has drawn with its labels.
"""

from __future__ import annotations

import functools
import json
import math
import re
import textwrap
from collections import Counter, defaultdict

import jinja2
import networkx as nx
from pyvis.network import Network

from kg.kinds import ENTITY_KINDS
from kg.kinds import KINDS as KIND_TABLE
from kg.lookup import FOLDED_TITLES, name_keys
from kg.views.common import CSP, Source, asset, esc, link_html, remote_references, sources_html, strip_remote
from kg.views.facts import EVIDENCE_SOURCES, MAX_EVIDENCE
from kg.views.layout import arrange
from kg.views.network import importance

__all__ = [
    "KINDS",
    "KIND_COLOURS",
    "co_mention_width",
    "edge_width",
    "node_size",
    "render_html",
    "short_label",
    "split_loose",
    "text_width",
    "to_pyvis",
]

#: kind -> (colour, vis-network shape); legend order (kg.kinds).
KINDS: dict[str, tuple[str, str]] = {k.name: (k.colour, k.shape) for k in KIND_TABLE}
KIND_COLOURS: dict[str, str] = {k: c for k, (c, _) in KINDS.items()}
MAX_TIP_SOURCES = EVIDENCE_SOURCES  # sources listed in a tooltip (their evidence is read)
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


def _short(label: str, most: int = _LABEL_MAX) -> str:
    """A canvas label, cut to ``most`` characters."""
    return label if len(label) <= most else label[: most - 1].rstrip() + "…"


def node_size(sources: int, mentions: int) -> float:
    """Node radius: grows with the number of sources (logarithmically), and a little with mentions."""
    return round(5 + 4 * math.log2(1 + max(sources, 0)) + min(2.0, math.sqrt(max(mentions, 0)) / 3), 2)


def edge_width(sources: int) -> int:
    """Edge width: 1 for one source (or none), 2 more for each further source, at most 9."""
    return min(1 + 2 * max(sources - 1, 0), 9)


def co_mention_width(sentences: int) -> float:
    """Width of a "mentioned together" edge: thin, a little wider with more sentences."""
    return round(min(0.6 + 0.5 * math.log2(max(sentences, 1)), 3.0), 2)


def _options() -> dict:
    """vis-network options: the layout is computed beforehand (no physics); labels are hidden
    (size 0) until the page's script gives the ones that fit a size (:data:`FIRST_VIEW_LABELS`)."""
    return {
        "nodes": {
            "font": {
                "multi": False,
                "size": 0,
                "color": "#222222",
                "strokeWidth": 3,
                "strokeColor": "#ffffff",
            },
            "scaling": {"label": {"drawThreshold": 6, "maxVisible": 40}},
            "borderWidth": 1,
        },
        "edges": {
            "font": {"multi": False, "size": 0, "align": "middle", "color": "#222222"},
            "smooth": {"enabled": False},
            "scaling": {"label": {"drawThreshold": 6}},
        },
        "interaction": {"hover": True, "tooltipDelay": 150, "hideEdgesOnDrag": False},
        "physics": {"enabled": False},
        "layout": {"randomSeed": 42, "improvedLayout": False},
    }


_EDGE_COLOUR = "#8a8a8a"
_CO_MENTION_COLOUR = "#c4c4c4"
#: Community discs, in order (community 1 is the largest); the rest grey.
COMMUNITY_COLOURS = (
    "#4e79a7",
    "#f28e2b",
    "#59a14f",
    "#e15759",
    "#76b7b2",
    "#edc948",
    "#b07aa1",
    "#ff9da7",
    "#9c755f",
    "#5f9e6e",
)
#: Labels drawn at the first view: the most important nodes whose labels do not overlap, at
#: TOP_LABEL_PX for the first TOP_LABELS, LABEL_PX for the others (network.js has the same
#: sizes); every node's up to ALL_LABELS_UP_TO nodes.
FIRST_VIEW_LABELS = 45
ALL_LABELS_UP_TO = 80
TOP_LABELS, TOP_LABEL_PX, LABEL_PX = 8, 16, 13
_NARROW, _WIDE = set("iljtfrI.,:;'’!|() "), set("mwMW@")


def text_width(text: str, px: float) -> float:
    """About how wide ``text`` is in Arial at ``px`` pixels (what the layout leaves room for)."""
    em = sum(0.3 if c in _NARROW else 0.85 if c in _WIDE else 0.67 if c.isupper() else 0.55 for c in text)
    return em * px


_EVENT_LABEL_MAX = 32
_MAIN_ROLES = ("agent", "actor", "patient", "place")


def split_loose(graph: nx.MultiDiGraph) -> tuple[nx.MultiDiGraph, list[str]]:
    """``graph`` without its loose nodes (no edge to another node), and those nodes (most
    important first)."""
    loose = [n for n in importance(graph) if not any(o != n for o in nx.all_neighbors(graph, n))]
    if not loose:
        return graph, []
    drawn = graph.subgraph([n for n in graph if n not in set(loose)])
    return drawn, loose


def short_label(graph: nx.MultiDiGraph, node: str) -> str:
    """The label drawn on the canvas: an event's type and main actor (its agent, else an actor,
    a patient, or "in" its place); anything else its label; cut to a readable length."""
    d = graph.nodes[node]
    if d.get("kind") != "event":
        return _short(d["label"])
    kind = d.get("event_type") or d["label"].split(":", 1)[0].strip() or "Event"
    word = re.match(rf"{re.escape(kind)} \((.+?)\)", d["label"])  # "Occurrence (foil): …": its word
    kind = word.group(1) if word else kind
    roles: dict[str, str] = {}
    for _, target, edge in sorted(
        graph.out_edges(node, data=True), key=lambda e: (e[1], e[2].get("label", ""))
    ):
        roles.setdefault(edge.get("label"), graph.nodes[target]["label"])
    main = next((roles[r] for r in _MAIN_ROLES if r in roles), None)
    if main is None:
        return _short(kind, _EVENT_LABEL_MAX)
    text = (
        f"{kind}: in {main}"
        if "place" in roles and main == roles["place"] and len(roles) == 1
        else f"{kind}: {main}"
    )
    return _short(text, _EVENT_LABEL_MAX)


def _community_names(graph: nx.MultiDiGraph, members: tuple[str, ...], rank: dict[str, int]) -> list[str]:
    """A community's name: its three most important entities (or members, if it has none)."""
    ordered = sorted(members, key=lambda n: rank[n])
    entities = [n for n in ordered if graph.nodes[n]["kind"] in ENTITY_KINDS] or ordered
    return [graph.nodes[n]["label"] for n in entities[:3]]


def _node_item(graph: nx.MultiDiGraph, n: str, known: dict[str, Source]) -> dict:
    """What the page knows of a node: label, kind, counts, search keys, tooltip."""
    d = graph.nodes[n]
    full, short = name_keys([d["label"], *d["alt_labels"]], d["kind"])
    return {
        "id": n,
        "label": short_label(graph, n),
        "kind": d["kind"],
        "sources": d["sources"],
        "mentions": d["mentions"],
        "keys": [full, short],
        "tip": _node_tip(n, d, known),
    }


@functools.lru_cache(maxsize=4)
def _template_env(folder: str) -> jinja2.Environment:
    """One jinja2 environment for pyvis's template: compiled once per process, not per page
    (a build draws three network pages; compiling took 0.13 s of them, profiled)."""
    return jinja2.Environment(loader=jinja2.FileSystemLoader(folder))


def to_pyvis(graph: nx.MultiDiGraph) -> tuple[Network, dict]:
    """A pyvis Network for ``graph`` (vis-network inlined, tooltips under ``tip``, laid out by
    communities), and the page's own data: the loose nodes, the communities, the label rules."""
    net = Network(height="78vh", width="100%", directed=True, cdn_resources="in_line", notebook=False)
    net.templateEnv = _template_env(net.template_dir)  # pyvis compiles its template per Network
    known = graph.graph.get("articles", {})
    drawn, loose = split_loose(graph) if graph.graph.get("view") != "query" else (graph, [])
    order = importance(drawn)
    sizes = {n: node_size(d["sources"], d["mentions"]) for n, d in drawn.nodes(data=True)}
    budget = len(order) if len(order) <= ALL_LABELS_UP_TO else FIRST_VIEW_LABELS
    boxes = {}
    for i, n in enumerate(order[:budget]):
        px = TOP_LABEL_PX if i < TOP_LABELS else LABEL_PX
        boxes[n] = (
            text_width(short_label(drawn, n), px) * 1.1 + 6,
            px * 1.4,
        )  # room for the fit-to-view zoom
    arrangement = arrange(drawn, order, sizes, boxes)
    community = arrangement.community_of
    rank = {n: i for i, n in enumerate(order)}
    for n in drawn.nodes:
        colour, shape = KINDS.get(drawn.nodes[n]["kind"], KINDS["other"])
        x, y = arrangement.positions[n]
        item = _node_item(graph, n, known)
        net.nodes.append(
            {
                **item,
                "color": colour,
                "shape": shape,
                "size": sizes[n],
                "rank": rank[n],
                "community": community[n],
                "x": x,
                "y": y,
            }
        )
        net.node_ids.append(n)
    for i, (s, o, d) in enumerate(drawn.edges(data=True)):
        if d.get("sentences"):
            tip = (
                f"{esc(drawn.nodes[s]['label'])} and {esc(drawn.nodes[o]['label'])} are "
                f"<b>mentioned together</b> in {d['sentences']} sentence(s)"
            )
            net.edges.append(
                {
                    "from": s,
                    "to": o,
                    "id": f"e{i}",
                    "label": d["label"],
                    "width": co_mention_width(d["sentences"]),
                    "sentences": d["sentences"],
                    "sources": 0,
                    "color": _CO_MENTION_COLOUR,
                    "dashes": [4, 4],
                    "arrows": {"to": {"enabled": False}},
                    "tip": tip,
                }
            )
            continue
        tip = _edge_tip(drawn.nodes[s]["label"], drawn.nodes[o]["label"], d, known)
        net.edges.append(
            {
                "from": s,
                "to": o,
                "id": f"e{i}",
                "label": d["label"],
                "width": edge_width(d["sources"]),
                "sources": d["sources"],
                "color": _EDGE_COLOUR,
                "arrows": "to",
                "tip": tip,
            }
        )
    net.set_options(json.dumps(_options()))
    data = {
        "loose": [_node_item(graph, n, known) for n in loose],
        "communities": [
            {
                "n": c.number,
                "x": c.x,
                "y": c.y,
                "r": c.radius,
                "colour": COMMUNITY_COLOURS[c.number - 1]
                if c.number <= len(COMMUNITY_COLOURS)
                else "#9a9a9a",
                "size": len(c.members),
                "key": _community_names(drawn, c.members, rank),
            }
            for c in arrangement.communities
            if len(c.members) > 2
        ],
        "labels": budget,
        "titles": sorted(FOLDED_TITLES),
    }
    return net, data


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


def _subtitle(graph: nx.MultiDiGraph, net: Network, data: dict) -> str:
    together = sum(1 for e in net.edges if e.get("sentences"))
    edges = f"{len(net.edges)} edges" + (f" ({together} of them mentioned together)" if together else "")
    parts = [
        _VIEW_TEXT.get(graph.graph.get("view", "graph"), "Network"),
        f"{len(net.nodes)} nodes, {edges}",
    ]
    if data["loose"]:
        parts.append(f"{len(data['loose'])} not linked (listed on the right)")
    if data["communities"]:
        parts.append(f"{len(data['communities'])} communities")
    parts.append(f"{len(graph.graph.get('articles', {}))} article(s)")
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


def _json_script(data: dict) -> str:
    """``data`` as a JSON block the page reads (never run): ``<``, ``>`` and ``&`` escaped."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return f'<script type="application/json" id="kg-data">{text}</script>\n'


def _panel(data: dict) -> str:
    """The side panel: the selected node, search matches, communities, and the nodes not linked."""
    communities = "".join(
        f'<li><a href="#" data-community="{c["n"]}"><span class="kg-swatch" style="background:{c["colour"]}">'
        f'</span>{esc(", ".join(c["key"]))}</a> <span class="kg-note">({c["size"]})</span></li>'
        for c in data["communities"]
    )
    loose = "".join(
        f'<li><a href="#" data-node="{esc(n["id"])}">{esc(n["label"])}</a> '
        f'<span class="kg-note">({esc(n["kind"])}, {n["sources"]} source{"s" if n["sources"] != 1 else ""})</span></li>'
        for n in data["loose"]
    )
    return (
        '<aside id="kg-panel" aria-label="details">\n'
        '<section id="kg-matches" hidden><h2 id="kg-matches-title">Matches</h2><ol id="kg-match-list"></ol></section>\n'
        '<section id="kg-details"><h2>Selected</h2><p class="kg-hint" id="kg-details-hint">Click a node, or search, '
        "to see its names, sources and sentences, and what it is linked to.</p>"
        '<div id="kg-details-body"></div><h3 id="kg-neighbours-title" hidden>Linked to</h3>'
        '<ul id="kg-neighbours"></ul></section>\n'
        + (
            f'<section id="kg-communities-box"><h2>Communities</h2><p class="kg-hint">Shaded discs: groups of '
            f"nodes more linked to each other than to the rest (Louvain), named by their most reported "
            f'members. Click one to zoom to it.</p><ol id="kg-communities">{communities}</ol></section>\n'
            if communities
            else ""
        )
        + (
            f'<section id="kg-loose-box"><h2>Not linked ({len(data["loose"])})</h2><p class="kg-hint">'
            f"Nodes of this view with no link to another: not drawn.</p>"
            f'<ul id="kg-loose">{loose}</ul></section>\n'
            if loose
            else ""
        )
        + "</aside>\n"
    )


def _controls(graph: nx.MultiDiGraph, title: str, net: Network, data: dict) -> str:
    """Heading, legend with a filter checkbox per kind, search, reset, what was left out, the data."""
    counts = Counter(n["kind"] for n in net.nodes)
    kinds = list(graph.graph.get("kinds") or [])
    kinds += [k for k in KINDS if counts[k] and k not in kinds]
    boxes = "".join(
        f'<label class="kg-filter" for="kg-filter-{k}"><input type="checkbox" id="kg-filter-{k}" '
        f'value="{k}" checked><span class="kg-swatch" style="background:{KINDS[k][0]}"></span>'
        f'{esc(k)} <span class="kg-count">({counts[k]})</span></label>'
        for k in kinds
        if k in KINDS
    )
    present = {e["label"] for e in net.edges if not e.get("sentences")}
    ordered = [x for x in graph.graph.get("edge_labels", []) if x in present]
    labels = " · ".join(esc(x) for x in ordered + sorted(present - set(ordered))) or "none"
    together = any(e.get("sentences") for e in net.edges)
    omitted = graph.graph.get("omitted")
    note = f'<p id="kg-omitted">{esc(_omitted_text(omitted))}</p>' if omitted else ""
    return (
        f'{_css()}<div id="kg-controls">\n<h1 id="kg-title">{esc(title)}</h1>\n'
        f'<p id="kg-subtitle">{esc(_subtitle(graph, net, data))}</p>\n'
        f'<div id="kg-legend" role="group" aria-label="kinds of node">{boxes}'
        f'<span id="kg-edge-legend"><span class="kg-line"></span>stated: {labels} (wider = more sources)'
        + (
            '; <span class="kg-line kg-dashed"></span>mentioned together in a sentence (no stated link)'
            if together
            else ""
        )
        + "; bigger node = more sources</span></div>\n"
        f'<div id="kg-toolbar"><input type="search" id="kg-search" placeholder="Search names…" '
        f'autocomplete="off" aria-label="search node names"> '
        f'<button type="button" id="kg-search-button">Find</button> '
        f'<button type="button" id="kg-reset">Reset</button>'
        f'<span id="kg-search-status" aria-live="polite"></span></div>\n{note}</div>\n' + _json_script(data)
    )


_CARD = re.compile(
    r'<div class="card" style="width: 100%">\s*<div id="mynetwork" class="card-body"></div>\s*</div>'
)


def _postprocess(page: str, graph: nx.MultiDiGraph, title: str, net: Network, data: dict) -> str:
    """Drop CDN tags, add CSP, title, controls, panel and scripts; fail loudly if pyvis changed."""
    if _NETWORK_ANCHOR not in page or "<body>" not in page or "</body>" not in page or not _CARD.search(page):
        raise RuntimeError("unexpected pyvis template: cannot install kg tooltips")
    page = _EMPTY_HEADING.sub("", _DEAD_COMMENT.sub("", strip_remote(page)))
    head = (
        f'<meta charset="utf-8">\n<meta http-equiv="Content-Security-Policy" content="{esc(CSP)}">\n'
        f'<meta name="referrer" content="no-referrer">\n<title>{esc(title)}</title>'
    )
    page = page.replace('<meta charset="utf-8">', head, 1)
    page = page.replace("<body>", "<body>\n" + _controls(graph, title, net, data), 1)
    main = '<div id="kg-main"><div class="card"><div id="mynetwork" class="card-body"></div></div>\n'
    page = _CARD.sub(lambda _: main + _panel(data) + "</div>", page, count=1)
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
    net, data = to_pyvis(graph)
    return _postprocess(net.generate_html(), graph, title, net, data)
