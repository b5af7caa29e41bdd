"""An interactive, offline HTML view of the knowledge graph (pyvis / vis-network).

:func:`build_network` reads a :class:`pyoxigraph.Store` that follows
``docs/rdf-contract.md`` into a :class:`networkx.MultiDiGraph`;
:func:`write_view` renders that graph as one self-contained HTML page.

Safety: every text that comes from an article is passed through
:func:`html.escape` before it becomes tooltip HTML.  Tooltips are kept out of
pyvis' ``title`` field (under ``tip``) and turned into DOM elements by a small
inline script, so vis-network shows them as HTML and pyvis never switches to
its own ``innerHTML`` popup.  Node labels are drawn on the canvas as plain text
(``font.multi`` is off) and reach the page only through Jinja's ``tojson``,
which encodes ``<``, ``>``, ``&`` and ``'``.  The page loads nothing from the
network: vis-network is inlined and pyvis' bootstrap CDN tags are removed.
"""

from __future__ import annotations

import html
import json
import math
import re
from collections import defaultdict
from pathlib import Path

import networkx as nx
import pyoxigraph
from pyvis.network import Network

from kg.vocab import KG, PREFIXES, SCHEMA, SEM

__all__ = [
    "KIND_COLOURS", "build_network", "remote_references", "render_html", "to_pyvis", "write_view",
]

#: Node kinds, most specific first (a kg:ActorGroup is also a schema:Organization).
_KIND_TYPES: tuple[tuple[str, str], ...] = (
    ("event", str(SEM.Event)),
    ("group", str(KG.ActorGroup)),
    ("person", str(SCHEMA.Person)),
    ("organization", str(SCHEMA.Organization)),
    ("place", str(SCHEMA.Place)),
)

KIND_COLOURS: dict[str, str] = {
    "person": "#4e79a7",
    "organization": "#f28e2b",
    "group": "#e15759",
    "place": "#59a14f",
    "event": "#b07aa1",
}

_ROLE_LABELS = {str(KG.agent): "agent", str(KG.patient): "patient",
                str(SEM.hasActor): "actor", str(SEM.hasPlace): "place"}
_EDGE_LABELS = ("agent", "patient", "actor", "place", "said about")
MAX_EVIDENCE = 5
LAYOUT_THRESHOLD = 300
_LABEL_MAX = 40

_HEADER = "\n".join(f"PREFIX {p}: <{iri}>" for p, iri in PREFIXES.items())
_TYPES = " ".join(f"<{iri}>" for _, iri in _KIND_TYPES)
_NODES = f"{{ SELECT DISTINCT ?n WHERE {{ ?n a ?t . VALUES ?t {{ {_TYPES} }} }} }}"


# --------------------------------------------------------------------- queries

def _term(term: object) -> str | None:
    """The lexical value of a pyoxigraph term (``None`` for unbound)."""
    if term is None:
        return None
    if isinstance(term, pyoxigraph.BlankNode):
        return f"_:{term.value}"
    return term.value  # NamedNode, Literal


def _select(store: pyoxigraph.Store, body: str) -> list[dict[str, str | None]]:
    """Run a constant SELECT (prefixes prepended); the default graph is the union of all graphs."""
    result = store.query(f"{_HEADER}\n{body}")
    names = [v.value for v in result.variables]
    return [{n: _term(row[n]) for n in names} for row in result]


def _node_kinds(store: pyoxigraph.Store) -> dict[str, str]:
    """Map each entity / event IRI to its most specific kind."""
    rows = _select(store, f"SELECT DISTINCT ?n ?t WHERE {{ ?n a ?t . VALUES ?t {{ {_TYPES} }} }}")
    types: dict[str, set[str]] = defaultdict(set)
    for r in rows:
        types[r["n"]].add(r["t"])
    return {n: next(k for k, iri in _KIND_TYPES if iri in ts) for n, ts in types.items()}


def _labels(store: pyoxigraph.Store) -> dict[str, str]:
    """The (smallest, if several) rdfs:label of every node."""
    rows = _select(store, f"SELECT ?n (MIN(STR(?l)) AS ?label) "
                          f"WHERE {{ {_NODES} ?n rdfs:label ?l }} GROUP BY ?n")
    return {r["n"]: r["label"] for r in rows}


def _alt_labels(store: pyoxigraph.Store) -> dict[str, list[str]]:
    """The sorted skos:altLabel values of every node."""
    rows = _select(store, f"SELECT DISTINCT ?n (STR(?l) AS ?alt) WHERE {{ {_NODES} ?n skos:altLabel ?l }}")
    alts: dict[str, set[str]] = defaultdict(set)
    for r in rows:
        alts[r["n"]].add(r["alt"])
    return {n: sorted(a) for n, a in alts.items()}


def _mentions(store: pyoxigraph.Store) -> dict[str, int]:
    """Number of distinct gaf:denotedBy mentions of every node."""
    rows = _select(store, f"SELECT ?n (COUNT(DISTINCT ?m) AS ?c) "
                          f"WHERE {{ {_NODES} ?n gaf:denotedBy ?m }} GROUP BY ?n")
    return {r["n"]: int(r["c"]) for r in rows}


def _sources(store: pyoxigraph.Store) -> dict[str, int]:
    """Number of named graphs (articles) that type each node."""
    rows = _select(store, f"SELECT ?n (COUNT(DISTINCT ?g) AS ?c) "
                          f"WHERE {{ GRAPH ?g {{ ?n a ?t }} VALUES ?t {{ {_TYPES} }} }} GROUP BY ?n")
    return {r["n"]: int(r["c"]) for r in rows}


_EVIDENCE_Q = f"""
SELECT ?n ?m (MIN(STR(?text)) AS ?sentence) (MIN(STR(?h)) AS ?headline) (MIN(STR(?o)) AS ?outlet)
WHERE {{
  {_NODES}
  ?n gaf:denotedBy ?m . ?m nif:sentence ?s . ?s nif:anchorOf ?text .
  OPTIONAL {{ ?m nif:referenceContext ?art .
             OPTIONAL {{ ?art schema:headline ?h }}
             OPTIONAL {{ ?art schema:publisher ?p . ?p rdfs:label ?o }} }}
}} GROUP BY ?n ?m ORDER BY ?n ?m"""


def _evidence(store: pyoxigraph.Store) -> dict[str, list[tuple[str, str]]]:
    """Up to MAX_EVIDENCE distinct (sentence, "outlet — headline") pairs per node."""
    found: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for r in _select(store, _EVIDENCE_Q):
        item = (r["sentence"], " — ".join(x for x in (r["outlet"], r["headline"]) if x))
        if item not in found[r["n"]] and len(found[r["n"]]) < MAX_EVIDENCE:
            found[r["n"]].append(item)
    return found


def _role_edges(store: pyoxigraph.Store) -> list[tuple[str, str, str, int, list[str]]]:
    """Event -> actor / place edges: (event, target, label, sources, evidence)."""
    values = " ".join(f"<{p}>" for p in _ROLE_LABELS)
    rows = _select(store, f"""SELECT ?e ?p ?x (COUNT(DISTINCT ?g) AS ?c) WHERE {{
        GRAPH ?g {{ ?e ?p ?x }} VALUES ?p {{ {values} }} ?e a sem:Event }} GROUP BY ?e ?p ?x""")
    roles = {(r["e"], r["x"]) for r in rows if _ROLE_LABELS[r["p"]] in ("agent", "patient")}
    return [(r["e"], r["x"], _ROLE_LABELS[r["p"]], int(r["c"]), []) for r in rows
            if not (r["p"] == str(SEM.hasActor) and (r["e"], r["x"]) in roles)]


def _quote_edges(store: pyoxigraph.Store) -> list[tuple[str, str, str, int, list[str]]]:
    """Quotation creator -> each schema:about target, with the quoted texts."""
    rows = _select(store, """SELECT DISTINCT ?c ?x ?g (STR(?t) AS ?text) WHERE {
        GRAPH ?g { ?q schema:creator ?c ; schema:about ?x } ?q a schema:Quotation .
        OPTIONAL { ?q schema:text ?t } }""")
    graphs: dict[tuple[str, str], set[str]] = defaultdict(set)
    texts: dict[tuple[str, str], set[str]] = defaultdict(set)
    for r in rows:
        graphs[r["c"], r["x"]].add(r["g"])
        if r["text"]:
            texts[r["c"], r["x"]].add(r["text"])
    return [(c, x, "said about", len(gs), sorted(texts[c, x])[:MAX_EVIDENCE])
            for (c, x), gs in graphs.items()]


def build_network(store: pyoxigraph.Store) -> nx.MultiDiGraph:
    """Entities and events as nodes, event roles and quotations as edges."""
    kinds = _node_kinds(store)
    labels, alts, mentions = _labels(store), _alt_labels(store), _mentions(store)
    sources, evidence = _sources(store), _evidence(store)
    graph = nx.MultiDiGraph()
    for n in sorted(kinds):
        graph.add_node(n, label=labels.get(n) or _local_name(n), kind=kinds[n],
                       alt_labels=alts.get(n, []), mentions=mentions.get(n, 0),
                       sources=sources.get(n, 0), evidence=evidence.get(n, []))
    edges = _role_edges(store) + _quote_edges(store)
    for s, o, label, n_src, ev in sorted(edges, key=lambda e: e[:3]):
        if s in kinds and o in kinds:
            graph.add_edge(s, o, key=label, label=label, sources=n_src, evidence=ev)
    return graph


def _local_name(iri: str) -> str:
    """The last path segment of an IRI, a fallback label."""
    return re.split(r"[/#]", iri.rstrip("/#"))[-1] or iri


# ------------------------------------------------------------------ rendering

def _esc(text: object) -> str:
    """HTML-escape any text (article text included) for tooltip markup."""
    return html.escape(str(text), quote=True)


def _node_tip(iri: str, d: dict) -> str:
    """Tooltip HTML for a node; every article text is escaped."""
    parts = [f"<b>{_esc(d['label'])}</b>"]
    if d["alt_labels"]:
        parts.append("<br><i>also:</i> " + ", ".join(_esc(a) for a in d["alt_labels"]))
    parts.append(f"<br>{_esc(d['kind'])} · {d['mentions']} mention(s) · {d['sources']} source(s)")
    parts.append(f"<br><small>{_esc(iri)}</small>")
    if d["evidence"]:
        items = "".join(f"<li>“{_esc(s)}”" + (f"<br><small>— {_esc(src)}</small>" if src else "")
                        + "</li>" for s, src in d["evidence"])
        parts.append(f"<ul>{items}</ul>")
    return "".join(parts)


def _edge_tip(s_label: str, o_label: str, d: dict) -> str:
    """Tooltip HTML for an edge; every article text is escaped."""
    tip = f"{_esc(s_label)} <b>{_esc(d['label'])}</b> {_esc(o_label)}<br>{d['sources']} source(s)"
    if d["evidence"]:
        tip += "<ul>" + "".join(f"<li>“{_esc(t)}”</li>" for t in d["evidence"]) + "</ul>"
    return tip


def _short(label: str) -> str:
    """A canvas label, cut to _LABEL_MAX characters."""
    return label if len(label) <= _LABEL_MAX else label[: _LABEL_MAX - 1] + "…"


def _options(physics: bool) -> dict:
    """vis-network options: bounded stabilisation, or no physics for big graphs."""
    opts: dict = {
        "nodes": {"font": {"multi": False, "size": 14}},
        "edges": {"font": {"multi": False, "size": 10, "align": "middle"},
                  "smooth": {"enabled": physics, "type": "dynamic"}},
        "interaction": {"hover": True, "tooltipDelay": 150},
        "physics": {"enabled": physics},
    }
    if physics:
        opts["physics"].update(solver="forceAtlas2Based",
                               stabilization={"enabled": True, "iterations": 200})
    return opts


def _layout(graph: nx.MultiDiGraph) -> dict[str, tuple[float, float]]:
    """Precomputed spring layout (seeded) in pixels, used for big graphs."""
    scale = 40.0 * math.sqrt(graph.number_of_nodes())
    pos = nx.spring_layout(graph, seed=42, scale=scale)
    return {n: (round(float(x), 1), round(float(y), 1)) for n, (x, y) in pos.items()}


def to_pyvis(graph: nx.MultiDiGraph) -> Network:
    """A pyvis Network for ``graph`` (vis-network inlined, tooltips under ``tip``)."""
    net = Network(height="800px", width="100%", directed=True, cdn_resources="in_line", notebook=False)
    big = graph.number_of_nodes() > LAYOUT_THRESHOLD
    pos = _layout(graph) if big else {}
    for n, d in graph.nodes(data=True):
        extra = {"x": pos[n][0], "y": pos[n][1]} if big else {}
        net.add_node(n, label=_short(d["label"]), color=KIND_COLOURS[d["kind"]],
                     shape="diamond" if d["kind"] == "event" else "dot",
                     size=10 + 4 * math.sqrt(d["mentions"]), tip=_node_tip(n, d), **extra)
    for i, (s, o, d) in enumerate(graph.edges(data=True)):
        tip = _edge_tip(graph.nodes[s]["label"], graph.nodes[o]["label"], d)
        net.add_edge(s, o, id=f"e{i}", label=d["label"], width=1 + min(d["sources"], 5), tip=tip)
    net.set_options(json.dumps(_options(physics=not big)))
    return net


# ------------------------------------------------------- HTML post-processing

# Turns the escaped ``tip`` HTML into DOM elements so vis-network shows real markup.
_TIP_SCRIPT = """
                  function kgTooltips(ds) {
                      var updates = [];
                      ds.forEach(function (item) {
                          if (typeof item.tip === "string") {
                              var el = document.createElement("div");
                              el.className = "kg-tip";
                              el.innerHTML = item.tip;  // built from html.escape()d text by kg/view.py
                              updates.push({id: item.id, title: el});
                          }
                      });
                      ds.update(updates);
                  }
                  kgTooltips(nodes);
                  kgTooltips(edges);
"""
_NETWORK_ANCHOR = "network = new vis.Network(container, data, options);"
_REMOTE_TAG = re.compile(
    r"<link\b[^>]*\bhref\s*=\s*[\"']?\s*(?:https?:)?//[^>]*>"
    r"|<script\b[^>]*\bsrc\s*=\s*[\"']?\s*(?:https?:)?//[^>]*>\s*</script>", re.I)
_DEAD_COMMENT = re.compile(r"<!--\s*<link[^>]*node_modules.*?-->", re.S)


def _legend(title: str) -> str:
    """The page heading, a colour legend and tooltip CSS."""
    swatches = "".join(
        f'<span style="margin-right:1em"><span style="display:inline-block;width:12px;height:12px;'
        f'border-radius:6px;background:{c};margin-right:4px"></span>{_esc(k)}</span>'
        for k, c in KIND_COLOURS.items())
    return (f'\n<style>.kg-tip{{white-space:normal;max-width:480px;font-family:sans-serif;font-size:13px}}'
            f'.kg-tip ul{{margin:4px 0;padding-left:18px}}'
            f'#kg-legend{{font-family:sans-serif;font-size:13px;margin:6px}}</style>\n'
            f'<div id="kg-legend"><h2 style="margin:4px 0">{_esc(title)}</h2>{swatches}'
            f'<span style="margin-left:1em;color:#666">edges: {" · ".join(_EDGE_LABELS)}</span></div>\n')


def remote_references(page: str) -> list[str]:
    """``<script src>`` / ``<link href>`` tags that would fetch from the network."""
    return _REMOTE_TAG.findall(page)


def _postprocess(page: str, title: str) -> str:
    """Drop CDN tags, add title, legend and the tooltip script; fail loudly if pyvis changed."""
    if _NETWORK_ANCHOR not in page or "<body>" not in page:
        raise RuntimeError("unexpected pyvis template: cannot install kg tooltips")
    page = _DEAD_COMMENT.sub("", _REMOTE_TAG.sub("", page))
    head = f'<meta charset="utf-8">\n<title>{_esc(title)}</title>'
    page = page.replace('<meta charset="utf-8">', head, 1)
    page = page.replace("<body>", "<body>" + _legend(title), 1)
    page = page.replace(_NETWORK_ANCHOR, _TIP_SCRIPT + "\n                  " + _NETWORK_ANCHOR, 1)
    if remote_references(page):
        raise RuntimeError(f"page still references the network: {remote_references(page)}")
    return page


def render_html(graph: nx.MultiDiGraph, *, title: str = "kg network") -> str:
    """The self-contained HTML page for ``graph``."""
    return _postprocess(to_pyvis(graph).generate_html(), title)


def write_view(store: pyoxigraph.Store, path: str | Path, *, title: str = "kg network") -> Path:
    """Write the offline HTML view of ``store`` to ``path`` and return the path."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render_html(build_network(store), title=title), encoding="utf-8")
    return path
