"""Drive Debian's headless Chromium through Selenium, offline, for the browser tests.

Nothing is downloaded: the driver is Debian's ``/usr/bin/chromedriver`` (package
``chromium-driver``), given to Selenium explicitly with ``SE_OFFLINE=true`` so that
selenium-manager never looks for one on the network; the browser is ``/usr/bin/chromium``
(package ``chromium``) with a fresh profile and its background networking switched off.
``KG_CHROMIUM`` and ``KG_CHROMEDRIVER`` point elsewhere.

:class:`Chromium` opens a page from disk, waits for ``<html data-kg-ready="true">``, and
collects what the page did: console messages (``goog:loggingPrefs``), the URLs the browser
asked for (the performance log's ``Network.requestWillBeSent``) and the page's resource
timing entries.  A trap installed with ``Page.addScriptToEvaluateOnNewDocument`` runs before
any page script and records every ``alert``/``confirm``/``prompt``/``print`` call in
``window.__kgTrap``; a probe (:data:`DRAW_PROBE`) records in ``window.__kgDraw`` when
vis-network drew and finished its stabilisation iterations.  :func:`decode_png` and :func:`colour_stats` read screenshots with the
standard library only (zlib), so "the view is not blank" needs no imaging package.
"""

from __future__ import annotations

import json
import os
import shutil
import struct
import tempfile
import time
import zlib
from html.parser import HTMLParser
from pathlib import Path
from typing import Self

CHROMIUM = os.environ.get("KG_CHROMIUM", "/usr/bin/chromium")
CHROMEDRIVER = os.environ.get("KG_CHROMEDRIVER", "/usr/bin/chromedriver")
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-default-apps",
    "--disable-extensions",
    "--hide-scrollbars",
    "--force-color-profile=srgb",
    "--lang=en-US",
)
SELENIUM_PIN = "selenium==4.51.0"
INSTALL_HINT = (
    "Install them with `sudo apt-get install -y chromium chromium-driver` (Debian "
    f"packages; nothing is downloaded at test time) and `pip install {SELENIUM_PIN}` (in requirements-test.lock), "
    "or point KG_CHROMIUM / KG_CHROMEDRIVER at another Chromium and its driver; "
    "to skip the browser tests on a machine without them, set KG_SKIP_BROWSER=1 (never in CI)"
)

# Runs in every page before its own scripts: records dialogs and which scripts ran.
TRAP = r"""
(function () {
  "use strict";
  var calls = [];
  Object.defineProperty(window, "__kgTrap", {value: {calls: calls}, writable: false, configurable: false});
  ["alert", "confirm", "prompt", "print"].forEach(function (name) {
    function trapped() {
      calls.push({fn: name, args: Array.prototype.map.call(arguments, String),
                  at: String(new Error().stack || "")});
      return name === "confirm" ? false : null;
    }
    Object.defineProperty(window, name, {value: trapped, writable: false, configurable: false});
  });
})();
"""

# When the page drew: vis-network's first "afterDrawing" (which it emits synchronously inside
# ``new vis.Network`` when physics is off), "stabilizationIterationsDone", the first drawing
# after it, and when the page set data-kg-ready.  Network.prototype.emit is wrapped as the
# inlined vis-network UMD bundle assigns ``vis.Network``, i.e. before any network exists.
DRAW_PROBE = r"""
(function () {
  "use strict";
  var probe = {ready: null, firstDraw: null, stabilized: null, drawnAfterStabilized: null, frames: 0,
               patched: false};
  Object.defineProperty(window, "__kgDraw", {value: probe, writable: false, configurable: false});
  function patch(ctor) {
    if (!ctor || !ctor.prototype || typeof ctor.prototype.emit !== "function") { return; }
    var emit = ctor.prototype.emit;
    ctor.prototype.emit = function (name) {
      var now = performance.now();
      if (name === "afterDrawing") {
        probe.frames += 1;
        if (probe.firstDraw === null) { probe.firstDraw = now; }
        if (probe.stabilized !== null && probe.drawnAfterStabilized === null) { probe.drawnAfterStabilized = now; }
      } else if (name === "stabilizationIterationsDone" && probe.stabilized === null) {
        probe.stabilized = now;
      }
      return emit.apply(this, arguments);
    };
    probe.patched = true;
  }
  var visObject;
  Object.defineProperty(window, "vis", {configurable: true, enumerable: true,
    get: function () { return visObject; },
    set: function (v) {
      visObject = v;
      if (v && typeof v === "object") {
        var network = v.Network;
        Object.defineProperty(v, "Network", {configurable: true, enumerable: true,
          get: function () { return network; },
          set: function (ctor) { network = ctor; patch(ctor); }});
        if (network) { patch(network); }
      }
    }});
  new MutationObserver(function () {
    if (probe.ready === null && document.documentElement.getAttribute("data-kg-ready") === "true") {
      probe.ready = performance.now();
    }
  }).observe(document, {attributes: true, subtree: true, attributeFilter: ["data-kg-ready"]});
})();
"""


# What the page's own vis-network draws at the current view (the first view, right after
# loading): the drawn nodes and edges, the nodes without a drawn edge ("loose"), and the node
# labels vis-network draws at >= ``minPx`` screen pixels (font size x scale, capped at
# ``scaling.label.maxVisible``; drawn = its Label.visible(): under the draw threshold it is
# skipped) whose box (vis-network's measured text box, through canvasToDOM) is on the canvas,
# and how many of those overlap another such label.
NETWORK_REPORT = r"""
var net = window.kgNetwork, minPx = arguments[0], body = net.body, scale = net.getScale();
var canvas = net.canvas.frame.canvas, W = canvas.clientWidth, H = canvas.clientHeight;
var drawn = body.nodeIndices.filter(function (id) { var n = body.nodes[id]; return n && n.options.hidden !== true; });
var on = {}; drawn.forEach(function (id) { on[id] = 0; });
var edges = 0;
body.edgeIndices.forEach(function (id) {
  var e = body.edges[id];
  if (!e || e.options.hidden === true || !e.connected || !(e.fromId in on) || !(e.toId in on)) { return; }
  edges += 1; on[e.fromId] += 1; on[e.toId] += 1;
});
var loose = drawn.filter(function (id) { return on[id] === 0; });
var labels = [];
drawn.forEach(function (id) {
  var node = body.nodes[id], lm = node.labelModule, text = node.options.label;
  if (!lm || typeof text !== "string" || text.trim() === "" || !lm.visible()) { return; }
  var px = Math.min(lm.fontOptions.size * scale, node.options.scaling.label.maxVisible);
  if (px < minPx) { return; }
  var a = net.canvasToDOM({x: lm.size.left, y: lm.size.top});
  var b = net.canvasToDOM({x: lm.size.left + lm.size.width, y: lm.size.top + lm.size.height});
  if (b.x <= 0 || b.y <= 0 || a.x >= W || a.y >= H) { return; }
  labels.push({id: id, text: text, px: px, x0: a.x, y0: a.y, x1: b.x, y1: b.y});
});
var overlapping = {};
for (var i = 0; i < labels.length; i++) {
  for (var j = i + 1; j < labels.length; j++) {
    var p = labels[i], q = labels[j];
    if (Math.min(p.x1, q.x1) - Math.max(p.x0, q.x0) > 1 && Math.min(p.y1, q.y1) - Math.max(p.y0, q.y0) > 1) {
      overlapping[p.id] = true; overlapping[q.id] = true;
    }
  }
}
var probe = window.__kgDraw || {};
return {nodes: drawn.length, edges: edges, loose: loose.length,
        looseShare: drawn.length ? loose.length / drawn.length : 0,
        labels: labels.length, overlapping: Object.keys(overlapping).length,
        overlapShare: labels.length ? Object.keys(overlapping).length / labels.length : 0,
        scale: scale, width: W, height: H,
        drawnMs: probe.firstDraw === undefined ? null : Math.max(probe.firstDraw || 0, probe.ready || 0),
        shown: labels.map(function (l) { return {id: l.id, text: l.text, px: Math.round(l.px * 10) / 10,
                                                 overlaps: overlapping[l.id] === true}; })};
"""


def missing() -> str | None:
    """Why the browser tests cannot run here (``None`` if they can)."""
    problems = []
    for name, path in (("chromium", CHROMIUM), ("chromedriver", CHROMEDRIVER)):
        if not (os.path.isfile(path) and os.access(path, os.X_OK)) and shutil.which(path) is None:
            problems.append(f"{name} not found at {path}")
    try:
        import selenium  # noqa: F401
    except ImportError:
        problems.append("the selenium package is not installed")
    return "; ".join(problems) or None


class Chromium:
    """One headless Chromium with a fresh profile, its viewport exactly ``width`` × ``height``."""

    def __init__(self, *, width: int = 1400, height: int = 900, probes: tuple[str, ...] | None = None):
        os.environ["SE_OFFLINE"] = "true"  # selenium-manager: never download a driver or browser
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service

        self.profile = tempfile.mkdtemp(prefix="kg-chromium-")
        options = webdriver.ChromeOptions()
        options.binary_location = CHROMIUM
        for flag in FLAGS:
            options.add_argument(flag)
        options.add_argument(f"--window-size={width},{height}")
        options.add_argument(f"--user-data-dir={self.profile}")
        options.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
        self.driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
        self.driver.set_page_load_timeout(120)
        self.driver.set_script_timeout(120)
        self.width, self.height = width, height
        self.driver.execute_cdp_cmd(
            "Emulation.setDeviceMetricsOverride",
            {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": False},
        )
        for source in (TRAP, DRAW_PROBE) if probes is None else probes:
            self.driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": source})
        self.console: list[dict] = []  # console entries since the last open()
        self.requests: list[str] = []  # URLs requested since the last open()

    # -------------------------------------------------------------- pages

    def open(self, path: str | Path, *, timeout: float = 60.0) -> None:
        """Load ``path`` (a file) and wait until the page says ``data-kg-ready``."""
        self.drain()
        self.console, self.requests = [], []
        self.driver.get(Path(path).resolve().as_uri())
        self.wait_for(
            "document.documentElement.getAttribute('data-kg-ready') === 'true'",
            timeout=timeout,
            what=f"{Path(path).name} to set data-kg-ready",
        )
        self.drain()

    def js(self, script: str, *args):
        return self.driver.execute_script(script, *args)

    def wait_for(self, condition: str, *args, timeout: float = 10.0, what: str = "") -> object:
        """Poll the JS expression ``condition`` until it is truthy; return its value."""
        end = time.monotonic() + timeout
        while True:
            value = self.js(f"return ({condition});", *args)
            if value:
                return value
            if time.monotonic() > end:
                raise TimeoutError(f"timed out after {timeout:.0f}s waiting for {what or condition}")
            time.sleep(0.05)

    def drain(self) -> None:
        """Move the browser's pending log entries into :attr:`console` and :attr:`requests`."""
        self.console += self.driver.get_log("browser")
        for entry in self.driver.get_log("performance"):
            message = json.loads(entry["message"])["message"]
            if message.get("method") == "Network.requestWillBeSent":
                self.requests.append(message["params"]["request"]["url"])

    def severe(self) -> list[dict]:
        """Console entries of level SEVERE (errors, CSP violations, failed loads) since open()."""
        self.drain()
        return [e for e in self.console if e.get("level") == "SEVERE"]

    def resources(self) -> list[str]:
        """The page's resource timing entries (what it loaded after the document)."""
        return self.js(
            "return performance.getEntriesByType('resource').map(function (e) { return e.name; });"
        )

    def remote_requests(self) -> list[str]:
        """Every URL the page asked for that is not the page's own file, data: or blob:."""
        self.drain()
        urls = self.requests + self.resources()
        return [u for u in urls if not u.lower().startswith(("file:", "data:", "blob:", "about:"))]

    def trapped(self) -> list[dict]:
        return self.js("return window.__kgTrap ? window.__kgTrap.calls : null;")

    def screenshot(self, path: str | Path | None = None) -> bytes:
        """The viewport as PNG (``width`` × ``height``), written to ``path`` if given."""
        png = self.driver.get_screenshot_as_png()
        if path is not None:
            Path(path).parent.mkdir(parents=True, exist_ok=True)
            Path(path).write_bytes(png)
        return png

    def rect(self, selector: str) -> dict:
        """The viewport rectangle of the first element matching ``selector``."""
        return self.js(
            "var r = document.querySelector(arguments[0]).getBoundingClientRect();"
            "return {left: r.left, top: r.top, width: r.width, height: r.height};",
            selector,
        )

    # ---------------------------------------------------------- vis-network

    def wait_stable(self, *, settle: float = 3.0, timeout: float = 60.0) -> float:
        """Wait for vis-network's layout: its stabilisation iterations done, then up to ``settle``
        seconds for the nodes to come to rest; nodes still drifting then are stopped where
        they are (``stopSimulation``), so that clicks land where they aim.  Returns the
        seconds waited (0 without physics)."""
        start = time.monotonic()
        if not self.js("return !!(kgNetwork.physics && kgNetwork.physics.physicsEnabled);"):
            return 0.0
        self.wait_for(
            "(window.__kgDraw && window.__kgDraw.stabilized !== null) || kgNetwork.physics.stabilized",
            timeout=timeout,
            what="vis-network's stabilisation iterations",
        )
        try:
            self.wait_for("kgNetwork.physics.stabilized", timeout=settle, what="the layout to come to rest")
        except TimeoutError:
            self.js("kgNetwork.stopSimulation();")
        return time.monotonic() - start

    def node_points(self, ids: list[str] | None = None) -> dict[str, dict]:
        """Viewport coordinates of nodes: ``{id: {x, y, inside, hit}}``; ``hit`` says whether
        vis-network would pick this node for a click there."""
        return self.js(
            """
            var net = window.kgNetwork, rect = net.canvas.frame.canvas.getBoundingClientRect();
            var ids = arguments[0] || window.kgNodes.getIds({filter: function (n) { return n.hidden !== true; }});
            var pos = net.getPositions(ids), out = {};
            ids.forEach(function (id) {
              if (!pos[id]) { return; }
              var d = net.canvasToDOM(pos[id]);
              out[id] = {x: rect.left + d.x, y: rect.top + d.y, dx: d.x, dy: d.y,
                         inside: d.x >= 0 && d.y >= 0 && d.x <= rect.width && d.y <= rect.height,
                         hit: net.getNodeAt({x: d.x, y: d.y}) === id};
            });
            return out;""",
            ids,
        )

    def pointer(self, x: float, y: float, *, click: bool = False) -> None:
        """Move the real (WebDriver) mouse to viewport point (x, y), and click if asked."""
        from selenium.webdriver.common.actions.action_builder import ActionBuilder

        builder = ActionBuilder(self.driver, duration=0)  # the default glides for 250 ms
        builder.pointer_action.move_to_location(round(x), round(y))
        if click:
            builder.pointer_action.click()
        builder.perform()

    def network_report(self, min_px: float = 9.0) -> dict:
        """What the page's vis-network draws at the current view (:data:`NETWORK_REPORT`): drawn
        nodes and edges, loose nodes, labels at >= ``min_px`` on screen and their overlaps,
        and when it drew (ms since navigation start)."""
        return self.js(NETWORK_REPORT, min_px)

    def canvas_pixels(self) -> dict:
        """Distinct colours and the share of painted pixels on the vis-network canvas."""
        return self.js("""
            var c = window.kgNetwork.canvas.frame.canvas, ctx = c.getContext("2d");
            var d = ctx.getImageData(0, 0, c.width, c.height).data, seen = {}, n = 0, painted = 0;
            for (var i = 0; i < d.length; i += 4) {
              if (d[i + 3] > 0) { painted += 1; }
              var k = d[i] + "," + d[i + 1] + "," + d[i + 2] + "," + d[i + 3];
              if (!seen[k]) { seen[k] = true; n += 1; }
            }
            return {width: c.width, height: c.height, colours: n, painted: painted / (d.length / 4)};""")

    # ------------------------------------------------------------------ end

    def quit(self) -> None:
        try:
            self.driver.quit()
        finally:
            shutil.rmtree(self.profile, ignore_errors=True)

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc) -> None:
        self.quit()


# ------------------------------------------------------------- page source


class _Scripts(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=False)
        self.scripts: list[str] = []
        self._open = False

    def handle_starttag(self, tag, attrs):
        if tag == "script":
            self.scripts.append("")
            self._open = True

    def handle_endtag(self, tag):
        if tag == "script":
            self._open = False

    def handle_data(self, data):
        if self._open:
            self.scripts[-1] += data


def source_scripts(html: str) -> list[str]:
    """The text of every ``<script>`` element in the page source, in order."""
    parser = _Scripts()
    parser.feed(html)
    parser.close()
    return parser.scripts


# ----------------------------------------------------------------- PNG


def decode_png(data: bytes) -> tuple[int, int, int, list[bytes]]:
    """(width, height, channels, rows) of an 8-bit, non-interlaced PNG (what Chromium writes)."""
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError("not a PNG")
    pos, idat, header = 8, [], None
    while pos < len(data):
        (size,) = struct.unpack(">I", data[pos : pos + 4])
        kind, body = data[pos + 4 : pos + 8], data[pos + 8 : pos + 8 + size]
        pos += 12 + size
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat.append(body)
        elif kind == b"IEND":
            break
    if header is None:
        raise ValueError("PNG without IHDR")
    width, height, depth, colour_type, _, _, interlace = header
    if depth != 8 or interlace or colour_type not in (0, 2, 4, 6):
        raise ValueError(f"unsupported PNG: depth {depth}, colour type {colour_type}, interlace {interlace}")
    bpp = {0: 1, 2: 3, 4: 2, 6: 4}[colour_type]
    raw = zlib.decompress(b"".join(idat))
    stride = width * bpp
    prev = bytearray(stride)
    rows = []
    for y in range(height):
        start = y * (stride + 1)
        kind = raw[start]
        line = bytearray(raw[start + 1 : start + 1 + stride])
        if kind == 1:  # Sub
            for i in range(bpp, stride):
                line[i] = (line[i] + line[i - bpp]) & 255
        elif kind == 2:  # Up
            line = bytearray((a + b) & 255 for a, b in zip(line, prev))
        elif kind == 3:  # Average
            for i in range(stride):
                left = line[i - bpp] if i >= bpp else 0
                line[i] = (line[i] + ((left + prev[i]) >> 1)) & 255
        elif kind == 4:  # Paeth
            for i in range(stride):
                if i >= bpp:
                    a, c = line[i - bpp], prev[i - bpp]
                else:
                    a = c = 0
                b = prev[i]
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        elif kind != 0:
            raise ValueError(f"bad PNG filter {kind} in row {y}")
        rows.append(bytes(line))
        prev = line
    return width, height, bpp, rows


def colour_stats(png: bytes | tuple, box: dict | None = None) -> dict:
    """Distinct colours in ``png`` (PNG bytes, or what :func:`decode_png` returned) within
    ``box`` (left/top/width/height, in pixels), the most common colour, and the share of
    pixels that differ from it ("ink": 0 is a blank image)."""
    width, height, channels, rows = decode_png(png) if isinstance(png, bytes | bytearray) else png
    left, top = int(box["left"]) if box else 0, int(box["top"]) if box else 0
    right = min(width, left + int(box["width"])) if box else width
    bottom = min(height, top + int(box["height"])) if box else height
    counts: dict[bytes, int] = {}
    for row in rows[max(top, 0) : bottom]:
        for i in range(max(left, 0) * channels, right * channels, channels):
            px = row[i : i + channels]
            counts[px] = counts.get(px, 0) + 1
    total = sum(counts.values()) or 1
    background, most = max(counts.items(), key=lambda kv: kv[1]) if counts else (b"", 0)
    return {
        "size": (width, height),
        "pixels": total,
        "colours": len(counts),
        "background": tuple(background),
        "ink": 1 - most / total,
    }
