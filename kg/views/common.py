"""What every kg page shares: the articles behind the facts, escaping, safe links, the page shell.

Safety rules that every view follows:

- every text that comes from the store (article text, labels, headlines, URLs, IRIs) goes
  through :func:`esc` before it becomes markup;
- a URL becomes a clickable ``href`` only if :func:`safe_url` accepts it (``http`` or
  ``https``, nothing else), so a ``javascript:`` URL stays inert text;
- pages load nothing from the network: scripts and styles are inline, and a
  Content-Security-Policy (:data:`CSP`) forbids every other source.

Every page has ``#kg-title`` (its heading) and ``#kg-subtitle`` (what it shows), and sets
``<html data-kg-ready="true">`` once its script ran (at once on a page without script).
"""

from __future__ import annotations

import functools
import html
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import pyoxigraph

from kg.store import query
from kg.vocab import PREFIXES

__all__ = [
    "CSP",
    "Row",
    "Source",
    "articles",
    "asset",
    "esc",
    "iter_rows",
    "least_values",
    "link_html",
    "local_name",
    "page",
    "page_parts",
    "prefixed",
    "remote_references",
    "safe_url",
    "select",
    "select_in",
    "sources_html",
    "strip_remote",
    "term_value",
    "write_parts",
]

#: No network sources at all: inline scripts and styles, data: images only.
CSP = (
    "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; "
    "img-src data:; font-src data:; base-uri 'none'; form-action 'none'"
)

_SAFE_URL = re.compile(r"https?://[^\s<>\"'`\\\x00-\x1f\x7f]+", re.I)
_REMOTE_TAG = re.compile(
    r"<link\b[^>]*\bhref\s*=\s*[\"']?\s*(?:https?:)?//[^>]*>"
    r"|<script\b[^>]*\bsrc\s*=\s*[\"']?\s*(?:https?:)?//[^>]*>\s*</script>",
    re.I,
)
_WHERE = re.compile(r"(?i)\bWHERE\s*\{")


@functools.cache
def asset(name: str) -> str:
    """A file of ``kg/views/static/``: the pages' own CSS and JavaScript, inlined into each page
    (package data, so an installed kg has them)."""
    return resources.files("kg.views").joinpath("static", name).read_text(encoding="utf-8")


def esc(text: object) -> str:
    """HTML-escape any text (quotes too), for element content and attribute values alike."""
    return html.escape(str(text), quote=True)


def safe_url(url: str | None) -> str | None:
    """``url`` if it is a plain ``http(s)://`` URL, else ``None`` (never a ``javascript:`` link).

    >>> safe_url("https://example.com/a?b=1")
    'https://example.com/a?b=1'
    >>> safe_url("javascript:alert(1)") is None, safe_url(" JaVaScRiPt:alert(1)") is None
    (True, True)
    """
    if not url:
        return None
    url = url.strip()
    return url if _SAFE_URL.fullmatch(url) else None


def link_html(url: str | None, text: str | None = None) -> str:
    """A link to ``url`` if it is safe, else the URL as escaped, inert text."""
    if not url:
        return ""
    good = safe_url(url)
    shown = esc(text if text is not None else url)
    if good is None:
        return f'<span class="kg-url kg-unsafe-url">{shown}</span>'
    return f'<a class="kg-url" href="{esc(good)}" target="_blank" rel="noopener noreferrer">{shown}</a>'


def remote_references(page_html: str) -> list[str]:
    """``<script src>`` / ``<link href>`` tags that would fetch from the network."""
    return _REMOTE_TAG.findall(page_html)


def strip_remote(page_html: str) -> str:
    """``page_html`` without the tags that would fetch from the network."""
    return _REMOTE_TAG.sub("", page_html)


def local_name(iri: str) -> str:
    """The last path segment of an IRI, a fallback label."""
    return re.split(r"[/#]", iri.rstrip("/#"))[-1] or iri


def prefixed(iri: str) -> str:
    """``iri`` as a prefixed name where one of kg's prefixes fits (``schema:worksFor``)."""
    for prefix, namespace in sorted(PREFIXES.items(), key=lambda kv: -len(kv[1])):
        if iri.startswith(namespace) and len(iri) > len(namespace):
            return f"{prefix}:{iri[len(namespace) :]}"
    return iri


# --------------------------------------------------------------------- queries


#: A row of a SELECT: variable -> lexical value (``None`` where unbound).  Typed loosely: which
#: variables can be unbound is up to each query.
Row = dict[str, Any]


def term_value(term: pyoxigraph.NamedNode | pyoxigraph.BlankNode | pyoxigraph.Literal | None) -> str | None:
    """The lexical value of a pyoxigraph term (``_:id`` for a blank node, ``None`` if unbound)."""
    if term is None:
        return None
    if isinstance(term, pyoxigraph.BlankNode):
        return f"_:{term.value}"
    return term.value


def select(store: pyoxigraph.Store, sparql: str, **bindings) -> list[Row]:
    """Rows of a SELECT as dicts of lexical values; ``bindings`` are bound, never pasted."""
    return list(_rows(query(store, sparql, **bindings)))


def iter_rows(store: pyoxigraph.Store, sparql: str, strings: dict[str, str] | None = None) -> Iterator[Row]:
    """The rows of a SELECT as :func:`select` gives them, one at a time (for the reads of the
    whole graph: nothing is held but what the caller keeps).

    With ``strings``, each value is the one string of ``strings`` equal to it (added if new):
    such reads name the same IRIs in hundreds of thousands of rows, and one copy is kept.
    """
    return _rows(query(store, sparql), strings)


def _rows(result: pyoxigraph.QuerySolutions, strings: dict[str, str] | None = None) -> Iterator[Row]:
    names = [v.value for v in result.variables]
    # a solution iterates its values in the order of the variables (None when unbound): twice as
    # fast as looking each one up by name
    if strings is None:
        for row in result:
            yield dict(zip(names, map(term_value, row)))
        return
    share = strings.setdefault
    for row in result:
        yield dict(zip(names, [None if v is None else share(v, v) for v in map(term_value, row)]))


def least_values(pairs: Iterable[tuple[str, str]]) -> dict[str, str]:
    """Key -> its least value (in code point order, as SPARQL's ``MIN`` over strings), from
    (key, value) pairs: a whole-graph read grouped here instead of in the query (two to three
    times as fast in Oxigraph at 19,680 articles).

    >>> least_values([("a", "b"), ("a", "a"), ("c", "z")])
    {'a': 'a', 'c': 'z'}
    """
    found: dict[str, str] = {}
    for key, value in pairs:
        if key not in found or value < found[key]:
            found[key] = value
    return found


# An Occurrence (kge:Occurrence: a happening no specific event type names, "Occurrence (foil)")
# is drawn on the network pages, the map and the timeline only with two or more participants
# (the extraction gives one participants only where it has two named ones); the others stay in
# the graph, for queries.
_MINOR_EVENTS = """SELECT ?e WHERE { ?e sem:eventType kge:Occurrence . OPTIONAL { ?e sem:hasActor ?a } }
GROUP BY ?e HAVING (COUNT(DISTINCT ?a) < 2)"""


def minor_events(store: pyoxigraph.Store) -> frozenset[str]:
    """The Occurrence events the pages do not draw: fewer than two participants."""
    return frozenset(r["e"] for r in select(store, _MINOR_EVENTS))


def select_in(
    store: pyoxigraph.Store, sparql: str, var: str, iris: Iterable[str], batch: int = 400
) -> list[Row]:
    """Rows of ``sparql`` with ``?var`` bound to each of ``iris`` (a VALUES block, in batches).

    The IRIs are serialised as N-Triples terms by pyoxigraph, never pasted as text.
    """
    match = _WHERE.search(sparql)
    if match is None:
        raise ValueError("select_in needs a query with a WHERE { … } clause")
    terms = [str(pyoxigraph.NamedNode(i)) for i in sorted(set(iris)) if not i.startswith("_:")]
    rows: list[Row] = []
    name = pyoxigraph.Variable(var).value
    for start in range(0, len(terms), batch):
        values = f" VALUES ?{name} {{ {' '.join(terms[start : start + batch])} }} "
        rows += select(store, sparql[: match.end()] + values + sparql[match.end() :])
    return rows


# ------------------------------------------------------------------ provenance


@dataclass(frozen=True, order=True)
class Source:
    """One article behind a fact: its named graph, and what the article says of itself."""

    graph: str
    article: str
    headline: str | None = None
    outlet: str | None = None
    date: str | None = None
    url: str | None = None

    def text(self) -> str:
        """Plain text: outlet — “headline” (date) URL."""
        parts = [self.outlet or "unknown outlet", f"“{self.headline or local_name(self.article)}”"]
        if self.date:
            parts.append(f"({self.date})")
        if self.url:
            parts.append(self.url)
        return " ".join([parts[0] + " —", *parts[1:]])

    def html(self) -> str:
        """Escaped markup: outlet — “headline” (date), and the URL as a link only if safe."""
        out = (
            f'<span class="kg-outlet">{esc(self.outlet or "unknown outlet")}</span> — '
            f'<span class="kg-headline">“{esc(self.headline or local_name(self.article))}”</span>'
        )
        if self.date:
            out += f' <span class="kg-date">({esc(self.date)})</span>'
        if self.url:
            out += " " + link_html(self.url)
        return out


_ARTICLES = """
SELECT ?g ?a (MIN(STR(?h)) AS ?headline) (MIN(STR(?o)) AS ?outlet) (MIN(STR(?d)) AS ?date)
       (MIN(STR(?u)) AS ?url)
WHERE {
  GRAPH ?g { ?g prov:wasDerivedFrom ?a }
  ?a a schema:NewsArticle .
  OPTIONAL { ?a schema:headline ?h }
  OPTIONAL { ?a schema:publisher ?p . ?p rdfs:label ?o }
  OPTIONAL { ?a schema:datePublished ?d }
  OPTIONAL { ?a schema:url ?u }
} GROUP BY ?g ?a ORDER BY ?g ?a"""


def articles(store: pyoxigraph.Store) -> dict[str, Source]:
    """The article graphs: every named graph that ``prov:wasDerivedFrom`` a schema:NewsArticle.

    Service graphs (``kgid:graph/geonames``, ``…/identity``, ``…/analysis``) derive from no
    article, so they are not sources.
    """
    found: dict[str, Source] = {}
    for r in select(store, _ARTICLES):
        if r["g"] not in found:
            found[r["g"]] = Source(r["g"], r["a"], r["headline"], r["outlet"], r["date"], r["url"])
    return found


def sources_html(
    graphs: Sequence[str],
    known: dict[str, Source],
    limit: int = 8,
    sentences: dict[str, list[str]] | None = None,
    per_source: int = 3,
) -> str:
    """An escaped list of the sources ``graphs`` (at most ``limit``), each with its sentences."""
    if not graphs:
        return ""
    items = []
    for g in list(graphs)[:limit]:
        src = known.get(g)
        item = src.html() if src else f"<small>{esc(g)}</small>"
        said = (sentences or {}).get(g, [])[:per_source]
        if said:
            item += "<ul>" + "".join(f'<li class="kg-sentence">“{esc(s)}”</li>' for s in said) + "</ul>"
        items.append(f"<li>{item}</li>")
    more = len(graphs) - limit
    if more > 0:
        items.append(f"<li><i>and {more} more</i></li>")
    return f'<ol class="kg-sources">{"".join(items)}</ol>'


# ------------------------------------------------------------------ the page

BASE_CSS = "\n" + asset("page.css")


def page(title: str, body: str, *, css: str = "", script: str = "", subtitle: str = "") -> str:
    """A self-contained HTML page: inline style and script, a CSP that forbids the network."""
    return "".join(page_parts(title, (body,), css=css, script=script, subtitle=subtitle))


def page_parts(
    title: str, body: Iterable[str], *, css: str = "", script: str = "", subtitle: str = ""
) -> Iterator[str]:
    """The text of :func:`page` in parts, ``body``'s as they come (a page of tens of
    megabytes is written without being one string: :func:`write_parts`)."""
    sub = f'<p id="kg-subtitle">{esc(subtitle)}</p>' if subtitle else ""
    js = f"\n<script>\n{script}\n</script>" if script else ""
    ready = "" if script else ' data-kg-ready="true"'
    yield (
        f'<!DOCTYPE html>\n<html lang="en"{ready}>\n<head>\n<meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{esc(CSP)}">\n'
        f'<meta name="referrer" content="no-referrer">\n'
        f'<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{esc(title)}</title>\n<style>{BASE_CSS}{css}</style>\n</head>\n<body>\n"
        f'<header><h1 id="kg-title">{esc(title)}</h1>{sub}</header>\n'
    )
    yield from body
    yield f"{js}\n</body>\n</html>\n"


def write_parts(path: Path, parts: Iterable[str]) -> Path:
    """Write ``parts`` one after the other to ``path`` (UTF-8; its folder made) and return it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as out:
        out.writelines(parts)
    return path
