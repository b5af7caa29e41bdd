"""Hostile article text never reaches any page unescaped, and a javascript: URL is never a link.

Every view (network, events, sources, query, focus, max-nodes, map, timeline) is rendered
from stores whose articles hold ``<script>``, ``<img onerror>`` and ``javascript:`` URLs in
their headlines, outlets, sentences, quotations, labels and URLs.
"""

from __future__ import annotations

import json
import re

import pytest
from builders import EVIL, IMG, JS_URL, SCRIPT, dataset, make_store, places_dataset

from kg.views import write_view
from kg.views.common import remote_references, safe_url
from kg.views.map import write_map
from kg.views.timeline import write_timeline

RAW = (SCRIPT, IMG, EVIL, "<img src=x onerror", "<script>alert", "<b>Evil")
ALL_TRIPLES = "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }"


def _pages(store, tmp_path, tag) -> dict[str, str]:
    def net(name, **kwargs):
        path = write_view(store, tmp_path / f"{tag}-{name}.html", title=f"{SCRIPT} {name}", **kwargs)
        return path.read_text(encoding="utf-8")

    pages = {
        "graph": net("graph"),
        "events": net("events", view="events"),
        "sources": net("sources", view="sources"),
        "query": net("query", view="query", query=ALL_TRIPLES),
        "top": net("top", max_nodes=3),
        "map": write_map(store, tmp_path / f"{tag}-map.html", title=f"{IMG} map").read_text(encoding="utf-8"),
        "timeline": write_timeline(store, tmp_path / f"{tag}-tl.html", title=SCRIPT).read_text(
            encoding="utf-8"
        ),
    }
    if tag == "net":
        pages["focus"] = net("focus", focus_on=EVIL, hops=2)  # the focus name itself is hostile
    return pages


@pytest.fixture(scope="module", params=["net", "places"])
def pages(request, tmp_path_factory) -> dict[str, str]:
    store = make_store(dataset() if request.param == "net" else places_dataset())
    return _pages(store, tmp_path_factory.mktemp("safety"), request.param)


def _datasets(page: str) -> list[dict]:
    items = []
    for name in ("nodes", "edges"):
        marker = f"{name} = new vis.DataSet("
        if marker in page:
            start = page.index(marker) + len(marker)
            items += json.JSONDecoder().raw_decode(page, start)[0]
    return items


def _without_scripts(page: str) -> str:
    return re.sub(r"<script>.*?</script>", "", page, flags=re.S)


def test_no_raw_hostile_text_in_any_page(pages):
    assert set(pages) >= {"graph", "events", "sources", "query", "top", "map", "timeline"}
    for name, page in pages.items():
        for raw in RAW:
            assert raw not in page, (name, raw)
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page, name  # it is there, escaped
        markup = _without_scripts(page)
        assert not re.search(r"<[a-zA-Z][^>]*\son\w+\s*=", markup), name  # no event-handler attributes
        assert remote_references(page) == [], name


def test_embedded_json_is_escaped_and_tooltips_are_escaped_html(pages):
    for name, page in pages.items():
        items = _datasets(page)
        if name in ("map", "timeline"):
            assert items == []
            continue
        assert items, name
        for item in items:
            assert "title" not in item  # vis never gets a string to render as HTML
            for key, value in item.items():
                if not isinstance(value, str):
                    continue
                if key in ("label", "search"):  # canvas text and the search index: never markup
                    continue
                if key == "tip":  # escaped HTML, turned into DOM by the page
                    for raw in RAW:
                        assert raw not in value, (name, raw)
                    assert not re.search(r"<(script|img|iframe|object|embed|svg|style)\b", value, re.I)
                    assert not re.search(
                        r"\son\w+\s*=",
                        re.sub(r"&[a-z]+;|&#x?[0-9a-f]+;", "", value).replace("onerror=alert(1)", ""),
                    ), (name, value)
                else:
                    assert "<" not in value and ">" not in value, (name, key, value)


def test_the_pages_own_data_is_inert_json(pages):
    """The network pages' own data (the nodes not linked to anything, the communities) is a JSON
    block the page parses, never runs: no ``<``, ``>`` or ``&`` in it, tips escaped as above."""
    seen = 0
    for name, page in pages.items():
        if name in ("map", "timeline"):
            assert 'id="kg-data"' not in page
            continue
        opening = '<script type="application/json" id="kg-data">'
        block = page[page.index(opening) + len(opening) : page.index("</script>", page.index(opening))]
        assert not re.search(r"[<>&]", block), name
        data = json.loads(block)
        for item in data["loose"]:
            assert set(item) == {"id", "label", "kind", "sources", "mentions", "keys", "tip"}
            for raw in RAW:
                assert raw not in item["tip"], (name, raw)
            seen += any(raw in item["label"] for raw in RAW)  # hostile names are data, shown as text
    assert seen  # the outlets are linked to nothing in the network view: hostile names among them


def test_javascript_urls_are_never_links(pages):
    seen = False
    for name, page in pages.items():
        texts = [page] + [i["tip"] for i in _datasets(page) if "tip" in i]
        for text in texts:
            assert not re.search(r"href\s*=\s*[\"'\\]*\s*javascript:", text, re.I), name
            assert not re.search(r"src\s*=\s*[\"'\\]*\s*javascript:", text, re.I), name
            seen = seen or JS_URL in text
        hrefs = re.findall(r'href="([^"]*)"', _without_scripts(page))
        hrefs += [h for i in _datasets(page) for h in re.findall(r'href="([^"]*)"', i.get("tip", ""))]
        for href in hrefs:
            assert href.startswith("#") or safe_url(href.replace("&amp;", "&")), (name, href)
    assert seen  # the hostile URL is shown, as text


def test_safe_url():
    for bad in (
        JS_URL,
        "JAVASCRIPT:alert(1)",
        " javascript:alert(1)",
        "java\tscript:alert(1)",
        "data:text/html,<script>alert(1)</script>",
        "vbscript:x",
        "//evil.example/x",
        'https://x.example/"onmouseover="alert(1)',
        "https://x.example/<script>",
        "",
    ):
        assert safe_url(bad) is None, bad
    assert safe_url("http://example.com/a?b=1&c=2#d") == "http://example.com/a?b=1&c=2#d"
