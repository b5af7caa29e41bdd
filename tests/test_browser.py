"""The views in a real browser: headless Chromium opens every page of ``kg build seeds/``
from disk and checks that it works offline, draws, and answers clicks and typing.

- no console errors and no request for anything but the page's own file;
- the network canvas, the map's SVG and the timeline are not blank (screenshots decoded with
  zlib; the vis-network canvas read with ``getImageData``); every node sits on the canvas;
- the kind filter hides place nodes in the DataSet, the search finds Kharkiv, a real click
  on a node dims all but its neighbourhood, a hover opens its tooltip, the map's buttons,
  wheel and drag change its ``viewBox``, the timeline lists its days and events;
- an article whose names, sentences, outlet and URL hold ``<script>``, ``<img onerror>`` and
  ``javascript:`` runs nothing in any page, even when every hostile node is hovered and
  clicked (a trap installed before the page's scripts records any dialog);
- the screenshots (1400×900) go to a temporary folder, or to ``$KG_SCREENSHOTS``:
  ``make screenshots`` refreshes ``docs/screenshots/`` that way; a test run never writes
  tracked files.

They need Debian's ``chromium`` and ``chromium-driver`` and the ``selenium`` package; in CI
they run (and fail if Chromium is missing).  Locally, ``KG_SKIP_BROWSER=1`` skips them.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import sys
from pathlib import Path

import pytest
from browser import (
    INSTALL_HINT,
    Chromium,
    colour_stats,
    decode_png,
    missing,
    source_scripts,
)

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parent.parent
PAGES = ("graph", "events", "sources", "map", "timeline")
NETWORKS = ("graph", "events", "sources")
WIDTH, HEIGHT = 1400, 900
DIM_NODE = "rgba(200,200,200,0.35)"

SCRIPT = "<script>alert(1)</script>"
IMG = "<img src=x onerror=alert(1)>"
JS_URL = "javascript:alert(1)"


# ------------------------------------------------------------------ set-up


def _loud(config, text: str) -> None:
    """Print ``text`` on the terminal, past pytest's output capture."""
    banner = "!" * 78
    reporter = config.pluginmanager.get_plugin("terminalreporter")
    capture = config.pluginmanager.get_plugin("capturemanager")
    with capture.global_and_fixture_disabled() if capture else contextlib.nullcontext():
        for line in ("", banner, text, banner):
            if reporter is not None:
                reporter.write_line(line, yellow=True, bold=True)
            else:
                print(line, file=sys.stderr)


@pytest.fixture(scope="module")
def chromium(request):
    """One headless Chromium for the module; its dialog trap is in every page."""
    if os.environ.get("KG_SKIP_BROWSER") == "1":
        if os.environ.get("CI"):
            pytest.fail(
                "KG_SKIP_BROWSER=1 is set in CI, where the browser tests must run; unset it.", pytrace=False
            )
        _loud(
            request.config,
            "KG_SKIP_BROWSER=1: SKIPPING THE BROWSER TESTS (tests/test_browser.py). "
            "They run in CI; unset KG_SKIP_BROWSER to run them here.",
        )
        pytest.skip("KG_SKIP_BROWSER=1: browser tests skipped on this machine (they run in CI)")
    reason = missing()
    if reason:
        pytest.fail(f"the browser tests need headless Chromium: {reason}. {INSTALL_HINT}.", pytrace=False)
    browser = Chromium(width=WIDTH, height=HEIGHT)
    yield browser
    browser.quit()


def _open(browser: Chromium, path: Path, *, settle: float = 3.0) -> None:
    browser.open(path)
    if browser.js("return !!window.kgNetwork;"):
        browser.wait_stable(settle=settle)


def _assert_clean(browser: Chromium, what: str) -> None:
    """No console error, no request beyond the page's own file, no dialog."""
    assert browser.severe() == [], f"{what}: console errors"
    assert browser.remote_requests() == [], f"{what}: requests beyond file://"
    assert browser.trapped() == [], f"{what}: a dialog was opened"


def _hover_tooltip(browser: Chromium, x: float, y: float) -> dict | None:
    """Move the mouse away (hiding any tooltip), then onto (x, y); the tooltip shown, if any."""
    rect = browser.js("return kgNetwork.canvas.frame.canvas.getBoundingClientRect().toJSON();")
    browser.pointer(rect["left"] + 2, rect["top"] + 2)
    browser.wait_for(
        "!document.querySelector('.vis-tooltip') || "
        "getComputedStyle(document.querySelector('.vis-tooltip')).visibility !== 'visible'",
        timeout=5,
        what="the tooltip to hide",
    )
    browser.pointer(x, y)
    try:
        return browser.wait_for(
            """(function () {
            var t = document.querySelector('.vis-tooltip');
            if (!t || getComputedStyle(t).visibility !== 'visible' || !t.querySelector('.kg-tip')) { return null; }
            return {text: t.textContent, html: t.innerHTML};
        })()""",
            timeout=3,
            what="a tooltip",
        )
    except TimeoutError:
        return None


# ------------------------------------------------------------- every page


@pytest.mark.model
@pytest.mark.parametrize("page", PAGES)
def test_page_loads_offline_draws_and_is_screenshotted(chromium, seeds_out, screenshots, page):
    path = seeds_out / f"{page}.html"
    _open(chromium, path, settle=30.0)  # the layout at rest, for the screenshot
    assert chromium.js("return window.innerWidth + 'x' + window.innerHeight;") == f"{WIDTH}x{HEIGHT}"
    assert chromium.js("return document.getElementById('kg-title').textContent.trim();")
    assert chromium.js("return document.getElementById('kg-subtitle').textContent.trim();")

    chromium.pointer(0, 0)  # no hover effect or tooltip in the screenshot
    png = decode_png(chromium.screenshot(screenshots / f"{page}.png"))
    whole = colour_stats(png)
    assert whole["size"] == (WIDTH, HEIGHT)
    assert whole["colours"] > 50 and whole["ink"] > 0.02, whole

    if page in NETWORKS:
        counts = chromium.js(
            "return {nodes: kgNetwork.body.data.nodes.length, edges: kgNetwork.body.data.edges.length,"
            " dsNodes: kgNodes.length};"
        )
        assert counts["nodes"] > 0 and counts["edges"] > 0 and counts["dsNodes"] == counts["nodes"], counts
        points = chromium.node_points()
        assert len(points) == counts["nodes"]
        outside = [i for i, p in points.items() if not p["inside"]]
        assert outside == [], f"nodes drawn off the canvas: {outside}"
        pixels = chromium.canvas_pixels()
        assert pixels["colours"] > 20 and pixels["painted"] > 0.01, pixels
        area = colour_stats(png, chromium.rect("#mynetwork"))
        assert area["colours"] > 20 and area["ink"] > 0.01, area
    elif page == "map":
        n = chromium.js(
            "return {countries: document.querySelectorAll('#kg-countries path.kg-country').length,"
            " markers: document.querySelectorAll('#kg-markers circle.kg-marker').length};"
        )
        assert n["countries"] > 100 and n["markers"] > 0, n
        area = colour_stats(png, chromium.rect("#kg-map"))
        assert area["colours"] > 10 and area["ink"] > 0.05, area  # ocean, land, borders, markers
    else:
        assert chromium.js("return document.querySelectorAll('li.kg-event').length;") > 0

    _assert_clean(chromium, page)


# ---------------------------------------------------------- network views


def _node_of_label(browser: Chromium, label: str) -> str | None:
    return browser.js(
        "var want = arguments[0];"
        " var m = kgNodes.get({filter: function (n) { return n.label === want; }});"
        " return m.length ? m[0].id : null;",
        label,
    )


@pytest.mark.model
@pytest.mark.parametrize("page", NETWORKS)
def test_kind_filter_hides_places(chromium, seeds_out, page):
    from selenium.webdriver.common.by import By

    _open(chromium, seeds_out / f"{page}.html")
    places = chromium.js("return kgNodes.getIds({filter: function (n) { return n.kind === 'place'; }});")
    assert places, f"{page}: no place nodes in the seeds' {page} view"
    box = chromium.driver.find_element(By.ID, "kg-filter-place")
    assert box.is_selected()
    box.click()
    state = chromium.js("""
        var hidden = kgNodes.get({filter: function (n) { return n.hidden === true; }})
          .map(function (n) { return n.kind; });
        var badEdges = kgEdges.get().filter(function (e) {
          var a = kgNodes.get(e.from), b = kgNodes.get(e.to);
          return (a.kind === 'place' || b.kind === 'place') !== (e.hidden === true); }).length;
        return {hidden: hidden, badEdges: badEdges, kinds: kgView.hiddenKinds(),
                checked: document.getElementById('kg-filter-place').checked};""")
    assert state["kinds"] == ["place"] and state["checked"] is False
    assert sorted(state["hidden"]) == ["place"] * len(places)  # every place hidden, nothing else
    assert state["badEdges"] == 0  # edges of hidden nodes hidden, the others shown
    box.click()
    assert (
        chromium.js("return kgNodes.get({filter: function (n) { return n.hidden === true; }}).length;") == 0
    )
    _assert_clean(chromium, page)


@pytest.mark.model
@pytest.mark.parametrize("page", NETWORKS)
def test_search_selects_and_focuses_kharkiv(chromium, seeds_out, page):
    from selenium.webdriver.common.by import By

    _open(chromium, seeds_out / f"{page}.html")
    kharkiv = _node_of_label(chromium, "Kharkiv")
    assert kharkiv, f"{page}: no node labelled Kharkiv"
    scale = chromium.js("return kgNetwork.getScale();")
    chromium.driver.find_element(By.ID, "kg-search").send_keys("Kharkiv")
    chromium.driver.find_element(By.ID, "kg-search-button").click()
    selected = chromium.wait_for(
        "kgNetwork.getSelectedNodes().length && kgNetwork.getSelectedNodes()",
        timeout=5,
        what="the search to select nodes",
    )
    assert kharkiv in selected
    status = chromium.js("return document.getElementById('kg-search-status').textContent;")
    assert re.fullmatch(r"1 match|\d+ matches", status) and int(status.split()[0]) == len(selected), status
    point = chromium.node_points([kharkiv])[kharkiv]
    assert point["inside"], "Kharkiv is not in view after the search"
    if len(selected) == 1:
        assert chromium.js("return kgView.highlighted();") == kharkiv
    assert chromium.js("return kgNetwork.getScale();") >= scale * 0.99  # zoomed in on the matches, not out
    chromium.driver.find_element(By.ID, "kg-reset").click()
    assert chromium.js("return kgNetwork.getSelectedNodes().length;") == 0
    _assert_clean(chromium, page)


@pytest.mark.model
@pytest.mark.parametrize("page", NETWORKS)
def test_click_highlights_neighbourhood_and_hover_shows_tooltip(chromium, seeds_out, page):
    _open(chromium, seeds_out / f"{page}.html")
    points = chromium.node_points()
    degree = chromium.js(
        "var d = {}; kgNodes.getIds().forEach(function (id) {"
        " d[id] = kgNetwork.getConnectedNodes(id).length; }); return d;"
    )
    total = len(points)
    candidates = sorted(
        (i for i, p in points.items() if p["hit"] and p["inside"] and 0 < degree[i] < total - 1),
        key=lambda i: (-degree[i], i),
    )
    assert candidates, f"{page}: no node can be clicked"
    node = candidates[0]
    p = points[node]
    chromium.pointer(p["x"], p["y"], click=True)
    chromium.wait_for(
        "kgView.highlighted() === arguments[0]", node, timeout=5, what=f"a click to highlight {node}"
    )
    colours = chromium.js(
        """
        var id = arguments[0], dimmed = arguments[1], keep = {}, bad = [];
        keep[id] = true;
        kgNetwork.getConnectedNodes(id).forEach(function (n) { keep[n] = true; });
        kgNodes.forEach(function (n) { if ((n.color === dimmed) === (keep[n.id] === true)) { bad.push(n.id); } });
        return {bad: bad, kept: Object.keys(keep).length};""",
        node,
        DIM_NODE,
    )
    assert colours["bad"] == [] and 1 < colours["kept"] < total, colours

    tip = _hover_tooltip(chromium, p["x"], p["y"])
    assert tip is not None, f"{page}: hovering {node} shows no tooltip"
    # the tooltip shown is the hovered node's own (an event's drawn label, "Victory: Russian
    # troops", is shorter than its full label, "Victory: Ukraine, Russian troops in Kharkiv")
    own = chromium.js(
        "var d = document.createElement('div'); d.innerHTML = kgNodes.get(arguments[0]).tip;"
        " return d.textContent;",
        node,
    )
    assert " ".join(tip["text"].split()) == " ".join(own.split())
    label = chromium.js("return kgNodes.get(arguments[0]).label;", node)
    assert label.rstrip("…").split(":")[0] in tip["text"]

    rect = chromium.js("return kgNetwork.canvas.frame.canvas.getBoundingClientRect().toJSON();")
    empty = chromium.js("""
        var c = kgNetwork.canvas.frame.canvas;
        for (var y = 4; y < c.clientHeight; y += 12) { for (var x = 4; x < c.clientWidth; x += 12) {
          if (kgNetwork.getNodeAt({x: x, y: y}) === undefined && kgNetwork.getEdgeAt({x: x, y: y}) === undefined) {
            return {x: x, y: y}; } } }
        return null;""")
    chromium.pointer(rect["left"] + empty["x"], rect["top"] + empty["y"], click=True)
    chromium.wait_for("kgView.highlighted() === null", timeout=5, what="a click on empty space to undim")
    assert (
        chromium.js(
            "var dimmed = arguments[0];"
            " return kgNodes.get({filter: function (n) { return n.color === dimmed; }}).length;",
            DIM_NODE,
        )
        == 0
    )
    _assert_clean(chromium, page)


# ------------------------------------------------------------ map, timeline


@pytest.mark.model
def test_map_buttons_wheel_and_drag_change_the_view(chromium, seeds_out):
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.actions.action_builder import ActionBuilder
    from selenium.webdriver.common.actions.wheel_input import ScrollOrigin
    from selenium.webdriver.common.by import By

    _open(chromium, seeds_out / "map.html")

    def view():
        box = chromium.js("return document.getElementById('kg-map').getAttribute('viewBox');")
        return [float(v) for v in box.split()]

    home = view()
    assert chromium.js("return kgMap.viewBox();") == pytest.approx(home)
    radius = float(chromium.js("return document.querySelector('circle.kg-marker').getAttribute('r');"))
    chromium.driver.find_element(By.ID, "kg-zoom-in").click()
    zoomed = view()
    assert zoomed[2] == pytest.approx(home[2] / 1.5, rel=1e-3) and zoomed[3] < home[3]
    assert float(chromium.js("return document.querySelector('circle.kg-marker').getAttribute('r');")) < radius
    chromium.driver.find_element(By.ID, "kg-zoom-out").click()
    chromium.driver.find_element(By.ID, "kg-zoom-out").click()
    assert view()[2] == pytest.approx(home[2] * 1.5, rel=1e-3)
    chromium.driver.find_element(By.ID, "kg-zoom-reset").click()
    assert view() == pytest.approx(home)

    svg = chromium.driver.find_element(By.ID, "kg-map")
    ActionChains(chromium.driver).scroll_from_origin(ScrollOrigin.from_element(svg), 0, -200).perform()
    chromium.wait_for("kgMap.viewBox()[2] < arguments[0]", home[2], timeout=5, what="the wheel to zoom in")
    assert view()[2] < home[2]
    chromium.driver.find_element(By.ID, "kg-zoom-reset").click()
    box = chromium.rect("#kg-map")
    start = chromium.js(
        """
        var box = arguments[0];
        for (var y = box.top + 10; y < box.top + box.height; y += 10) {
          for (var x = box.left + 60; x < box.left + box.width; x += 10) {
            var el = document.elementFromPoint(x, y);
            if (el && el.closest('#kg-map') && !el.classList.contains('kg-marker') &&
                !el.closest('#kg-zoom-in, #kg-zoom-out, #kg-zoom-reset')) {
              return {x: x, y: y}; } } }
        return null;""",
        box,
    )
    drag = ActionBuilder(chromium.driver)
    drag.pointer_action.move_to_location(int(start["x"]), int(start["y"])).pointer_down()
    drag.pointer_action.move_to_location(int(start["x"]) + 120, int(start["y"]) + 40).pointer_up()
    drag.perform()
    panned = view()
    assert panned[0] < home[0] and panned[1] < home[1] and panned[2] == pytest.approx(home[2]), (home, panned)

    chromium.driver.find_element(By.ID, "kg-zoom-reset").click()
    target = chromium.js("""
        var ms = document.querySelectorAll('circle.kg-marker');
        for (var i = 0; i < ms.length; i++) {
          var r = ms[i].getBoundingClientRect(), x = r.left + r.width / 2, y = r.top + r.height / 2;
          if (document.elementFromPoint(x, y) === ms[i]) {
            return {x: x, y: y, index: ms[i].getAttribute('data-index')}; } }
        return null;""")
    assert target, "no marker can be clicked (every one is covered)"
    index = target["index"]
    chromium.pointer(target["x"], target["y"], click=True)
    chromium.wait_for(
        "document.getElementById('kg-place-' + arguments[0]).classList.contains('kg-active')",
        index,
        timeout=5,
        what="a marker click to show its place",
    )
    _assert_clean(chromium, "map")


def _timeline(browser: Chromium) -> dict:
    return browser.js("""
        var days = Array.prototype.map.call(document.querySelectorAll('#kg-timeline section.kg-day'), function (s) {
          return {id: s.id, date: s.getAttribute('data-date'),
                  events: s.querySelectorAll('li.kg-event').length, visible: s.getBoundingClientRect().height > 0}; });
        return {days: days,
                bars: Array.prototype.map.call(document.querySelectorAll('#kg-overview rect.kg-bar'), function (r) {
                  var a = r.closest('a'); return a ? a.getAttribute('href') : null; }),
                events: Array.prototype.map.call(document.querySelectorAll('li.kg-event'), function (li) {
                  return li.getAttribute('data-event'); }),
                undated: document.querySelectorAll('#kg-undated li.kg-event').length};""")


@pytest.mark.model
def test_timeline_lists_every_event_of_the_seeds(chromium, seeds_out, select):
    """The seeds give no dates (their articles have no publication date), so this checks the
    events are all there, dated or not; test_timeline_lists_days checks the days."""
    _open(chromium, seeds_out / "timeline.html")
    t = _timeline(chromium)
    every = {r["e"] for r in select("SELECT DISTINCT ?e WHERE { ?e a sem:Event }")}
    # an Occurrence (a happening of no specific type) is drawn with two or more actors only
    minor = {
        r["e"]
        for r in select("""SELECT DISTINCT ?e WHERE { ?e sem:eventType kge:Occurrence .
            FILTER NOT EXISTS { ?e sem:hasActor ?a, ?b FILTER(?a != ?b) } }""")
    }
    assert minor and minor < every  # the seeds have such Occurrences, and other events
    assert set(t["events"]) == every - minor
    assert sum(d["events"] for d in t["days"]) + t["undated"] == len(t["events"])
    assert [d["date"] for d in t["days"]] == sorted(d["date"] for d in t["days"])
    _assert_clean(chromium, "timeline")


@pytest.mark.model
def test_timeline_lists_days(chromium, hostile_out):
    """A dated corpus (the articles carry a publication date): one section per day, in order,
    each bar of the overview linking to its day."""
    from selenium.webdriver.common.by import By

    _open(chromium, hostile_out / "timeline.html")
    t = _timeline(chromium)
    dates = [d["date"] for d in t["days"]]
    assert dates and dates == sorted(dates) and len(set(dates)) == len(dates), t["days"]
    assert {"2022-05-15", "2022-05-16"} <= set(dates)
    for d in t["days"]:
        assert d["id"] == f"kg-day-{d['date']}" and d["events"] > 0 and d["visible"], d
    assert t["bars"] == [f"#kg-day-{d}" for d in dates]
    bar = chromium.driver.find_elements(By.CSS_SELECTOR, "#kg-overview rect.kg-bar")[-1]
    chromium.js("arguments[0].dispatchEvent(new MouseEvent('click', {bubbles: true}));", bar)
    assert chromium.js("return location.hash;") == f"#kg-day-{dates[-1]}"
    _assert_clean(chromium, "timeline (dated)")


# ------------------------------------------------------------ hostile input

HOSTILE_ARTICLES = [
    {
        "title": f"Russian troops withdraw from Kharkiv {SCRIPT}",
        "text": (
            f"Ukrainian President Volodymyr Zelensky said on Sunday that Russian troops withdrew from "
            f'Kharkiv {SCRIPT}. "We will win {IMG}", Zelensky said. Officials at the {IMG} Institute '
            f'said Russian forces shelled Izyum. Read more at {JS_URL} or <a href="{JS_URL}">here</a>.'
        ),
        "url": JS_URL,
        "published": "2022-05-15",
        "outlet": IMG,
    },
    {
        "title": f"{IMG} attack",
        "text": (
            f"{IMG} said Russian troops attacked Kyiv on Monday. Oleksii Reznikov, a spokesman for "
            f"{SCRIPT}, said the attack killed 40 people in Kyiv. John {SCRIPT} Smith said Ukraine "
            f"captured Izyum near Kharkiv."
        ),
        "url": " JaVaScRiPt:alert(document.domain)",
        "published": "2022-05-16",
        "outlet": f"{SCRIPT} News",
    },
]


@pytest.fixture(scope="module")
def hostile_out(tmp_path_factory) -> Path:
    """``kg build`` of two articles whose title, text, outlet and URL are hostile."""
    from kg.build import build

    folder = tmp_path_factory.mktemp("hostile")
    src = folder / "hostile.jsonl"
    src.write_text("".join(json.dumps(a) + "\n" for a in HOSTILE_ARTICLES), encoding="utf-8")
    out = folder / "out"
    build([src], out, on_skip=lambda s: None)
    return out


@pytest.fixture(scope="module")
def handmade_out(tmp_path_factory) -> dict[str, Path]:
    """Every page of test_view's hand-made hostile stores (hostile labels guaranteed)."""
    from builders import dataset, make_store, places_dataset

    from kg.views import write_all_views

    outs = {}
    for name, ds in (("network", dataset()), ("places", places_dataset())):
        out = tmp_path_factory.mktemp(f"hostile-{name}")
        write_all_views(make_store(ds), out, title=f"{SCRIPT} {IMG}")
        outs[name] = out
    return outs


_DOM_AUDIT = r"""
function audit(root, where, out) {
  var els = [root].concat(Array.prototype.slice.call(root.querySelectorAll('*')));
  els.forEach(function (el) {
    var tag = el.tagName.toLowerCase();
    if (['iframe', 'object', 'embed', 'frame', 'base', 'meta'].indexOf(tag) !== -1 && where !== 'document') {
      out.push(where + ': <' + tag + '>'); }
    if (tag === 'script' && where !== 'document') { out.push(where + ': <script>'); }
    if (tag === 'img' && !/^data:/i.test(el.getAttribute('src') || '')) {
      out.push(where + ': <img src=' + el.getAttribute('src') + '>'); }
    Array.prototype.forEach.call(el.attributes || [], function (a) {
      var name = a.name.toLowerCase(), value = String(a.value).replace(/[\s\u0000-\u001f]+/g, '').toLowerCase();
      if (/^on/.test(name)) { out.push(where + ': ' + tag + '[' + name + ']'); }
      if (/^(javascript|vbscript|data:text\/html)/.test(value.replace(/^[^a-z]+/, '')) &&
          ['href', 'src', 'action', 'formaction', 'xlink:href', 'data', 'srcdoc'].indexOf(name) !== -1) {
        out.push(where + ': ' + tag + '[' + name + '=' + a.value + ']'); }
    });
    if (tag === 'a' || tag === 'area') {
      var href = el.getAttribute('href') || el.getAttribute('xlink:href');
      if (href !== null && !/^#/.test(href)) {
        var proto = new URL(href, document.baseURI).protocol;
        if (proto !== 'http:' && proto !== 'https:') { out.push(where + ': link to ' + href); }
      }
    }
  });
}
var problems = [];
audit(document.documentElement, 'document', problems);
['kgNodes', 'kgEdges'].forEach(function (name) {
  if (!window[name]) { return; }
  window[name].forEach(function (item) {
    if (item.title instanceof Element) { audit(item.title, name + ' ' + item.id, problems); }
    else if (typeof item.title === 'string') { problems.push(name + ' ' + item.id + ': string title'); }
  });
});
return {problems: problems,
        scripts: Array.prototype.map.call(document.querySelectorAll('script'), function (s) {
          return {src: s.getAttribute('src'), text: s.text}; }),
        text: document.body.textContent};
"""


def _audit(browser: Chromium, path: Path) -> dict:
    """No dangerous element or attribute, in the DOM or in a tooltip; the scripts in the
    DOM are exactly those of the page source."""
    found = browser.js(_DOM_AUDIT)
    assert found["problems"] == [], f"{path.name}: {found['problems']}"
    expected = source_scripts(path.read_text(encoding="utf-8"))
    assert [s["src"] for s in found["scripts"]] == [None] * len(expected), f"{path.name}: scripts with src"
    assert [s["text"] for s in found["scripts"]] == expected, f"{path.name}: a script not in the page source"
    return found


def _hostile_items(browser: Chromium, name: str, limit: int) -> list[str]:
    """Up to ``limit`` visible items of DataSet ``name`` with hostile text: hostile labels first."""
    return browser.js(f"""
        var bad = /alert|javascript/i, items = {name}.get({{filter: function (x) {{
          return x.hidden !== true && bad.test(String(x.label || '') + String(x.tip || '')); }}}});
        items.sort(function (a, b) {{ return bad.test(String(b.label || '')) - bad.test(String(a.label || '')); }});
        return items.map(function (x) {{ return x.id; }}).slice(0, {limit});""")


def _edge_point(browser: Chromium, edge: str) -> dict | None:
    """A viewport point on ``edge`` (its middle, or its curve's control point) away from nodes."""
    return browser.js(
        """
        var net = kgNetwork, e = net.body.edges[arguments[0]], rect = net.canvas.frame.canvas.getBoundingClientRect();
        if (!e) { return null; }
        var pts = [{x: (e.from.x + e.to.x) / 2, y: (e.from.y + e.to.y) / 2}];
        if (e.edgeType && e.edgeType.via) { pts.unshift({x: e.edgeType.via.x, y: e.edgeType.via.y}); }
        if (e.edgeType && e.edgeType.getPoint) { pts.unshift(e.edgeType.getPoint(0.5)); }
        for (var i = 0; i < pts.length; i++) {
          var d = net.canvasToDOM(pts[i]);
          if (net.getEdgeAt(d) === arguments[0] && net.getNodeAt(d) === undefined &&
              d.x > 0 && d.y > 0 && d.x < rect.width && d.y < rect.height) {
            return {x: rect.left + d.x, y: rect.top + d.y}; } }
        return null;""",
        edge,
    )


@pytest.mark.model
@pytest.mark.parametrize("corpus", ["built", "handmade-network", "handmade-places"])
@pytest.mark.parametrize("page", PAGES)
def test_hostile_text_executes_nothing(chromium, hostile_out, handmade_out, corpus, page):
    out = hostile_out if corpus == "built" else handmade_out[corpus.split("-", 1)[1]]
    path = out / f"{page}.html"
    _open(chromium, path)
    assert chromium.trapped() == [], "the trap is not installed"
    found = _audit(chromium, path)
    assert "alert(1)" in found["text"] or page in NETWORKS, f"{page}: the hostile text is not shown as text"

    hovered = clicked = 0
    if page in NETWORKS:
        nodes = _hostile_items(chromium, "kgNodes", limit=6)
        assert nodes or corpus == "handmade-places", f"{corpus}/{page}: no hostile node"
        points = chromium.node_points(nodes)
        for node in nodes:
            p = points.get(node)
            if not (p and p["hit"] and p["inside"]):
                continue
            tip = _hover_tooltip(chromium, p["x"], p["y"])
            assert tip is not None, f"{corpus}/{page}: no tooltip on {node}"
            assert "<img" not in tip["html"] and "<script" not in tip["html"], tip["html"]
            hovered += 1
            chromium.pointer(p["x"], p["y"], click=True)
            chromium.wait_for(
                "kgView.highlighted() === arguments[0]", node, timeout=5, what=f"click on {node}"
            )
            clicked += 1
            chromium.js("kgView.clearHighlight();")
        for edge in _hostile_items(chromium, "kgEdges", limit=3):
            p = _edge_point(chromium, edge)
            if p is None:
                continue
            tip = _hover_tooltip(chromium, p["x"], p["y"])
            if tip is not None:
                assert "<img" not in tip["html"] and "<script" not in tip["html"], tip["html"]
                hovered += 1
        assert hovered or not nodes, f"{corpus}/{page}: no hostile node could be hovered"
        chromium.js("kgView.search(arguments[0]);", IMG)
        chromium.js("kgView.search(arguments[0]);", SCRIPT)
    elif page == "map":
        from selenium.webdriver.common.action_chains import ActionChains
        from selenium.webdriver.common.by import By

        for marker in chromium.driver.find_elements(By.CSS_SELECTOR, "circle.kg-marker"):
            ActionChains(chromium.driver).move_to_element(marker).click().perform()
            clicked += 1
        chromium.driver.find_element(By.ID, "kg-zoom-in").click()
    else:
        chromium.js(
            "Array.prototype.forEach.call(document.querySelectorAll('#kg-overview rect.kg-bar'),"
            " function (r) { r.dispatchEvent(new MouseEvent('click', {bubbles: true})); });"
        )

    _audit(chromium, path)
    _assert_clean(chromium, f"{corpus}/{page}")

    # The trap works on this page: an injected handler is caught (so silence above means something).
    chromium.js("document.body.insertAdjacentHTML('beforeend', arguments[0]);", IMG)
    chromium.wait_for("window.__kgTrap.calls.length > 0", timeout=5, what="the control alert")
    chromium.drain()


# ------------------------------------------------------------- kg serve


@pytest.mark.model
def test_kg_serve_index_views_and_query_form_in_the_browser(chromium, seeds_out, screenshots):
    """kg serve's index page lists the views, serves them over HTTP, and its form runs SPARQL."""
    from kg.serve import start_server

    with start_server(seeds_out, port=0) as server:
        chromium.drain()
        chromium.driver.get(server.url + "/")
        chromium.wait_for("document.readyState === 'complete'", what="the index page")
        links = chromium.js("return [...document.querySelectorAll('a')].map(a => a.getAttribute('href'));")
        assert {"/graph.html", "/map.html", "/timeline.html"} <= set(links)
        png = decode_png(chromium.screenshot(screenshots / "serve.png"))
        assert colour_stats(png)["ink"] > 0.005
        ours = lambda: [e for e in chromium.severe() if server.url in e.get("message", "")]
        assert ours() == []  # (entries of earlier tests' pages may still arrive: not ours)

        chromium.js(
            "document.querySelector('select[name=format]').value = 'json';"
            "document.querySelector('form').submit();"
        )
        chromium.wait_for(
            "document.body && document.body.innerText.includes('bindings')", what="the JSON answer"
        )
        answer = json.loads(chromium.js("return document.body.innerText;"))
        types = {row["type"]["value"] for row in answer["results"]["bindings"]}
        assert "https://schema.org/Person" in types

        chromium.driver.get(server.url + "/graph.html")
        chromium.wait_for(
            "document.documentElement.getAttribute('data-kg-ready') === 'true'",
            timeout=60,
            what="graph.html over HTTP",
        )
        assert chromium.js("return kgNetwork.body.data.nodes.length;") > 0
        assert ours() == []
