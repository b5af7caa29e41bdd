(function () {
  "use strict";
  var net = network, nodeSet = nodes, edgeSet = edges;
  var data = window.kgData || {loose: [], communities: [], labels: 40, titles: []};
  window.kgNetwork = net; window.kgNodes = nodeSet; window.kgEdges = edgeSet;
  var FONT = "#222222", DIM_NODE = "rgba(200,200,200,0.35)", DIM_EDGE = "rgba(200,200,200,0.25)",
      DIM_FONT = "rgba(120,120,120,0.35)";
  var LABEL_PX = 13, TOP_PX = 16, MIN_PX = 10, TOP = 8, EDGE_PX = 11, KIND_ORDER = {event: 1, article: 2, outlet: 2, time: 2};
  var hidden = {}, highlighted = null, keepNodes = null, keepEdges = null, hovered = null;
  var baseColour = {}, baseEdgeColour = {}, labelSize = {}, info = {}, order = [], baseScale = 1;
  var titles = {};
  data.titles.forEach(function (t) { titles[t] = true; });
  nodeSet.forEach(function (n) {
    baseColour[n.id] = n.color; labelSize[n.id] = 0; order.push(n.id);
    info[n.id] = {label: String(n.label || ""), kind: n.kind, rank: n.rank, size: n.size || 10, width: null};
  });
  order.sort(function (a, b) { return info[a].rank - info[b].rank; });
  edgeSet.forEach(function (e) { baseEdgeColour[e.id] = e.color; });
  var looseById = {};
  data.loose.forEach(function (n) { looseById[n.id] = n; });
  var measure = document.createElement("canvas").getContext("2d");
  measure.font = "100px arial";

  // ------------------------------------------------------------ labels
  // The most important nodes whose labels fit without overlapping get one: data.labels of them
  // at the first view (more as you zoom in), TOP_PX for the first TOP, LABEL_PX for the rest;
  // the others show theirs on hover.  Placed again after every zoom, drag and filter.
  function textWidth(id) {
    if (info[id].width === null) { info[id].width = measure.measureText(info[id].label).width / 100; }
    return info[id].width;
  }
  function fontColour(id) { return keepNodes === null || keepNodes[id] === true ? FONT : DIM_FONT; }
  function placeLabels() {
    var scale = net.getScale(), canvas = net.canvas.frame.canvas, W = canvas.clientWidth, H = canvas.clientHeight;
    var zoom = scale / baseScale, budget = Math.round(data.labels * Math.max(1, zoom * zoom));
    var pos = net.getPositions(), grid = {}, CELL = 64, placed = 0, want = {};
    function cells(b, visit) {
      for (var cx = Math.floor(b[0] / CELL); cx <= Math.floor(b[2] / CELL); cx++) {
        for (var cy = Math.floor(b[1] / CELL); cy <= Math.floor(b[3] / CELL); cy++) {
          if (visit(cx + "," + cy) === false) { return false; }
        }
      }
      return true;
    }
    function free(b) {
      return cells(b, function (key) {
        return !(grid[key] || []).some(function (o) {
          return Math.min(b[2], o[2]) > Math.max(b[0], o[0]) && Math.min(b[3], o[3]) > Math.max(b[1], o[1]);
        });
      });
    }
    function take(b) { cells(b, function (key) { (grid[key] = grid[key] || []).push(b); }); }
    var first = highlighted === null ? [] : [highlighted].concat(order.filter(function (id) {
      return keepNodes[id] === true && id !== highlighted; }));
    first.concat(order).forEach(function (id) {
      if (id in want) { return; }
      want[id] = 0;
      var n = info[id];
      if (hidden[n.kind] || !pos[id] || (keepNodes !== null && keepNodes[id] !== true)) { return; }
      if (keepNodes === null && placed >= budget) { return; }
      var px = n.rank < TOP ? TOP_PX : LABEL_PX, p = net.canvasToDOM(pos[id]);
      // below the node; where that does not fit, a size smaller (never under MIN_PX)
      var box = null, size = px;
      [px, Math.max(MIN_PX, px - 3)].some(function (s) {
        var w = textWidth(id) * s, top = p.y + (n.size + 4) * scale + s * 0.5;
        var b = [p.x - w / 2 - 3, top - 2, p.x + w / 2 + 3, top + s * 1.2 + 2];
        if (b[2] < 0 || b[0] > W || b[3] < 0 || b[1] > H || !free(b)) { return false; }
        box = b;
        size = s;
        return true;
      });
      if (box === null) { return; }
      take(box);
      placed += 1;
      want[id] = size / scale;
    });
    var updates = [];
    order.forEach(function (id) {
      if (want[id] !== labelSize[id]) {
        labelSize[id] = want[id];
        updates.push({id: id, font: {size: id === hovered ? Math.max(want[id], LABEL_PX / scale) : want[id],
                                     color: fontColour(id)}});
      }
    });
    if (updates.length) { nodeSet.update(updates); }
    return placed;
  }
  var pending = null;
  function placeSoon() {
    clearTimeout(pending);
    pending = setTimeout(placeLabels, 80);
  }

  // ------------------------------------------------------------ filters and highlight
  function applyFilters() {
    nodeSet.update(nodeSet.map(function (n) { return {id: n.id, hidden: hidden[n.kind] === true}; }));
    edgeSet.update(edgeSet.map(function (e) {
      var a = nodeSet.get(e.from), b = nodeSet.get(e.to);
      return {id: e.id, hidden: !a || !b || a.hidden === true || b.hidden === true};
    }));
    placeLabels();
  }
  function restyle(keep, keepE) {
    keepNodes = keep; keepEdges = keepE;
    var scale = net.getScale();
    nodeSet.update(nodeSet.map(function (n) {
      var on = keep === null || keep[n.id] === true;
      return {id: n.id, color: on ? baseColour[n.id] : DIM_NODE, font: {size: labelSize[n.id], color: fontColour(n.id)}};
    }));
    edgeSet.update(edgeSet.map(function (e) {
      var on = keepE === null || keepE[e.id] === true;
      return {id: e.id, color: on ? baseEdgeColour[e.id] : DIM_EDGE,
              font: {size: keepE !== null && on ? EDGE_PX / scale : 0, color: on ? FONT : DIM_FONT}};
    }));
    placeLabels();
  }
  function clearHighlight() { highlighted = null; restyle(null, null); }
  function highlight(id) {
    if (nodeSet.get(id) === null) { clearHighlight(); return []; }
    var keep = {}, keepE = {};
    keep[id] = true;
    net.getConnectedNodes(id).forEach(function (n) { keep[n] = true; });
    net.getConnectedEdges(id).forEach(function (e) { keepE[e] = true; });
    highlighted = id;
    restyle(keep, keepE);
    return Object.keys(keep);
  }
  function highlightEdge(id) {
    var e = edgeSet.get(id);
    if (e === null) { clearHighlight(); return []; }
    var keep = {}, keepE = {};
    keep[e.from] = true; keep[e.to] = true; keepE[id] = true;
    highlighted = null;
    restyle(keep, keepE);
    return Object.keys(keep);
  }
  function setKindVisible(kind, on) {
    hidden[kind] = !on;
    var box = document.getElementById("kg-filter-" + kind);
    if (box) { box.checked = !!on; }
    applyFilters();
    if (highlighted !== null && hidden[nodeSet.get(highlighted).kind]) { clearHighlight(); }
  }

  // ------------------------------------------------------------ look-up (kg/lookup.py's tiers)
  function foldKey(text) {
    var t = String(text || "").normalize("NFKD").toLowerCase().replace(/\p{Mn}/gu, "");
    t = t.replace(/['\u2019\u02bc`\u00b4\u02b9]/g, "").replace(/[^\p{L}\p{N}]+/gu, " ").trim();
    return t.replace(/kh/g, "h").replace(/ts/g, "c").replace(/zh/g, "z").replace(/[yj]/g, "i").replace(/i+/g, "i");
  }
  function stripTitle(key) {
    var words = key.split(" "), start = 0;
    while (start < words.length - 1 && titles[words[start]] === true) { start += 1; }
    return words.slice(start).join(" ");
  }
  function distance(a, b, most) {
    if (Math.abs(a.length - b.length) > most) { return most + 1; }
    var prev = [], cur, i, j;
    for (j = 0; j <= b.length; j++) { prev.push(j); }
    for (i = 1; i <= a.length; i++) {
      cur = [i];
      var low = i;
      for (j = 1; j <= b.length; j++) {
        cur.push(Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1)));
        low = Math.min(low, cur[j]);
      }
      if (low > most) { return most + 1; }
      prev = cur;
    }
    return prev[b.length];
  }
  function similarity(a, b) {  // rapidfuzz's fuzz.ratio: 100 * (1 - indel distance / total length)
    if (!a.length && !b.length) { return 100; }
    var prev = new Array(b.length + 1).fill(0), cur, i, j;
    for (i = 1; i <= a.length; i++) {
      cur = [0];
      for (j = 1; j <= b.length; j++) {
        cur.push(a[i - 1] === b[j - 1] ? prev[j - 1] + 1 : Math.max(prev[j], cur[j - 1]));
      }
      prev = cur;
    }
    return 100 * (2 * prev[b.length]) / (a.length + b.length);
  }
  function close(t, key) {
    var most = t.length < 4 ? 0 : t.length < 8 ? 1 : 2;
    return most > 0 && distance(t, key, most) <= most;
  }
  function partOf(t, key) {
    if ((" " + key + " ").indexOf(" " + t + " ") !== -1) { return true; }
    if (key.indexOf(" ") !== -1 && (" " + t + " ").indexOf(" " + key + " ") !== -1) { return true; }
    return t.length >= 3 && key.split(" ").some(function (w) { return w.indexOf(t) === 0; });
  }
  var TIERS = [
    ["name", function (t, full) { return full.indexOf(t) !== -1; }],
    ["short name", function (t, full, short) { return short.indexOf(t) !== -1; }],
    ["part of a name", function (t, full) { return full.some(function (k) { return partOf(t, k); }); }],
    ["close spelling", function (t, full, short) {
      return full.concat(short).some(function (k) { return close(t, k); }); }]
  ];
  function candidates() {
    return nodeSet.get({filter: function (n) { return n.hidden !== true; }}).concat(data.loose);
  }
  function matches(text) {
    var raw = String(text || "").trim(), k = foldKey(raw);
    var all = candidates();
    var exact = all.filter(function (n) { return n.id === raw; });
    if (exact.length) { return {how: "iri", items: exact, suggestions: []}; }
    if (!k) { return {how: null, items: [], suggestions: []}; }
    var typed = [k], bare = stripTitle(k);
    if (bare !== k) { typed.push(bare); }
    for (var i = 0; i < TIERS.length; i++) {
      var test = TIERS[i][1];
      var hits = all.filter(function (n) {
        var keys = n.keys || [[], []];
        return typed.some(function (t) { return test(t, keys[0], keys[1]); });
      });
      if (hits.length) {
        hits.sort(function (a, b) {
          return ((KIND_ORDER[a.kind] || 0) - (KIND_ORDER[b.kind] || 0)) || (b.sources - a.sources) ||
                 String(a.label).localeCompare(String(b.label));
        });
        return {how: TIERS[i][0], items: hits, suggestions: []};
      }
    }
    var near = all.map(function (n) {
      var best = 0;
      ((n.keys || [[]])[0]).forEach(function (key) { best = Math.max(best, similarity(k, key)); });
      return {n: n, score: best};
    }).filter(function (x) { return x.score >= 50; });
    near.sort(function (a, b) { return b.score - a.score || b.n.sources - a.n.sources; });
    return {how: null, items: [], suggestions: near.slice(0, 5).map(function (x) { return x.n; })};
  }

  // ------------------------------------------------------------ the panel
  function el(tag, text, cls) {
    var e = document.createElement(tag);
    if (text !== undefined) { e.textContent = text; }
    if (cls) { e.className = cls; }
    return e;
  }
  function nodeLink(item, note) {
    var li = el("li"), a = el("a", item.label);
    a.href = "#";
    a.setAttribute("data-node", item.id);
    li.appendChild(a);
    if (note) { li.appendChild(el("span", " " + note, "kg-note")); }
    return li;
  }
  function describe(item) { return "(" + item.kind + ", " + item.sources + " source" + (item.sources === 1 ? "" : "s") + ")"; }
  function clear(node) { while (node.firstChild) { node.removeChild(node.firstChild); } }
  function drawnNode(id) { return typeof id === "string" ? nodeSet.get(id) : null; }
  function select(id) {
    var item = drawnNode(id) || (typeof id === "string" && looseById[id]) || null;
    var body = document.getElementById("kg-details-body"), list = document.getElementById("kg-neighbours");
    clear(body); clear(list);
    document.getElementById("kg-details-hint").hidden = item !== null;
    document.getElementById("kg-neighbours-title").hidden = true;
    if (item === null) { return null; }
    if (item.title instanceof Element) { body.appendChild(item.title.cloneNode(true)); }
    if (drawnNode(id) !== null) {
      var roles = {};
      net.getConnectedEdges(id).forEach(function (eid) {
        var e = edgeSet.get(eid), other = e.from === id ? e.to : e.from;
        (roles[other] = roles[other] || []).indexOf(e.label) === -1 && roles[other].push(e.label);
      });
      Object.keys(roles).sort(function (a, b) { return info[a].rank - info[b].rank; }).forEach(function (other) {
        list.appendChild(nodeLink(nodeSet.get(other), roles[other].join(", ")));
      });
      document.getElementById("kg-neighbours-title").hidden = false;
      document.getElementById("kg-neighbours-title").textContent = "Linked to (" + Object.keys(roles).length + ")";
    }
    return id;
  }
  function showMatches(found, text) {
    var box = document.getElementById("kg-matches"), list = document.getElementById("kg-match-list");
    clear(list);
    box.hidden = !text;
    var head = document.getElementById("kg-matches-title");
    if (found.items.length) {
      head.textContent = found.items.length + " match" + (found.items.length === 1 ? "" : "es") +
        " (" + found.how + ")";
      found.items.forEach(function (n) {
        list.appendChild(nodeLink(n, describe(n) + (looseById[n.id] ? " · not linked" : "")));
      });
    } else {
      head.textContent = found.suggestions.length ? "No match; nearest names:" : "No match";
      found.suggestions.forEach(function (n) { list.appendChild(nodeLink(n, describe(n))); });
    }
  }
  function choose(id) {
    if (drawnNode(id) !== null) { highlight(id); net.selectNodes([id]); } else { clearHighlight(); net.unselectAll(); }
    select(id);
  }
  document.getElementById("kg-panel").addEventListener("click", function (ev) {
    var a = ev.target.closest ? ev.target.closest("a[data-node]") : null;
    if (a) {
      ev.preventDefault();
      clearTimeout(timer);
      choose(a.getAttribute("data-node"));
    }
    var c = ev.target.closest ? ev.target.closest("a[data-community]") : null;
    if (c) {
      ev.preventDefault();
      var n = Number(c.getAttribute("data-community"));
      var ids = nodeSet.getIds({filter: function (x) { return x.community === n && x.hidden !== true; }});
      if (ids.length) { net.fit({nodes: ids, animation: false}); placeLabels(); }
    }
  });

  function search(text) {
    var q = String(text || "").trim();
    var status = document.getElementById("kg-search-status");
    if (!q) { net.unselectAll(); status.textContent = ""; showMatches({items: [], suggestions: []}, ""); return []; }
    var found = matches(q);
    var ids = found.items.filter(function (n) { return nodeSet.get(n.id) !== null; }).map(function (n) { return n.id; });
    if (ids.length) {
      net.selectNodes(ids);
      net.fit({nodes: ids, maxZoomLevel: Math.max(1.5, baseScale * 2), animation: false});
      if (ids.length === 1) { highlight(ids[0]); } else { clearHighlight(); }
    } else {
      net.unselectAll();
    }
    if (found.items.length) { select(found.items[0].id); }
    showMatches(found, q);
    status.textContent = ids.length === 1 ? "1 match" : ids.length + " matches";
    placeLabels();
    return ids;
  }
  function reset() {
    var box = document.getElementById("kg-search");
    box.value = "";
    document.getElementById("kg-search-status").textContent = "";
    showMatches({items: [], suggestions: []}, "");
    select(null);
    Array.prototype.forEach.call(document.querySelectorAll("#kg-legend input[type=checkbox]"),
      function (b) { b.checked = true; hidden[b.value] = false; });
    applyFilters();
    clearHighlight();
    net.unselectAll();
    fitAll();
  }
  function fitAll() {
    net.fit({animation: false});
    net.moveTo({scale: net.getScale() * 0.96, animation: false});
    baseScale = net.getScale();
    placeLabels();
  }

  // ------------------------------------------------------------ events
  Array.prototype.forEach.call(document.querySelectorAll("#kg-legend input[type=checkbox]"), function (b) {
    b.addEventListener("change", function () { setKindVisible(b.value, b.checked); });
  });
  var box = document.getElementById("kg-search"), timer = null;
  box.addEventListener("keydown", function (ev) {
    if (ev.key === "Enter") { ev.preventDefault(); clearTimeout(timer); search(box.value); }
  });
  box.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(function () { search(box.value); }, 250);
  });
  // the button (and a choice in the panel) supersede a search still waiting for the typing to stop
  document.getElementById("kg-search-button").addEventListener("click", function () { clearTimeout(timer); search(box.value); });
  document.getElementById("kg-reset").addEventListener("click", reset);
  net.on("click", function (p) {
    if (p.nodes.length) { highlight(p.nodes[0]); select(p.nodes[0]); }
    else if (p.edges.length) { highlightEdge(p.edges[0]); }
    else { clearHighlight(); }
  });
  net.on("zoom", placeSoon);
  net.on("dragEnd", placeSoon);
  net.on("resize", placeSoon);
  net.on("hoverNode", function (p) {
    hovered = p.node;
    if (!labelSize[p.node]) {
      nodeSet.update({id: p.node, font: {size: LABEL_PX / net.getScale(), color: fontColour(p.node)}});
    }
  });
  function unhover(id) {
    if (hovered === id) { hovered = null; }
    if (!labelSize[id] && drawnNode(id) !== null) {
      nodeSet.update({id: id, font: {size: 0, color: fontColour(id)}});
    }
  }
  net.on("blurNode", function (p) { unhover(p.node); });
  net.canvas.frame.canvas.addEventListener("mouseleave", function () { if (hovered !== null) { unhover(hovered); } });
  net.on("beforeDrawing", function (ctx) {
    data.communities.forEach(function (c) {
      ctx.beginPath();
      ctx.arc(c.x, c.y, c.r, 0, 2 * Math.PI);
      ctx.globalAlpha = 0.07;
      ctx.fillStyle = c.colour;
      ctx.fill();
      ctx.globalAlpha = 0.35;
      ctx.lineWidth = 1.5 / net.getScale();
      ctx.strokeStyle = c.colour;
      ctx.stroke();
      ctx.globalAlpha = 1;
    });
  });

  window.kgView = {
    setKindVisible: setKindVisible, search: search, highlight: highlight,
    highlightEdge: highlightEdge, clearHighlight: clearHighlight, reset: reset, select: select,
    matches: function (text) {
      var m = matches(text);
      return {how: m.how, ids: m.items.map(function (n) { return n.id; }),
              suggestions: m.suggestions.map(function (n) { return n.label; })};
    },
    foldKey: foldKey, placeLabels: placeLabels,
    labelled: function () { return order.filter(function (id) { return labelSize[id] > 0; }); },
    loose: function () { return data.loose.map(function (n) { return n.id; }); },
    highlighted: function () { return highlighted; },
    hiddenKinds: function () { return Object.keys(hidden).filter(function (k) { return hidden[k]; }); }
  };
  fitAll();
  net.once("afterDrawing", function () { document.documentElement.setAttribute("data-kg-ready", "true"); });
  net.redraw();
})();
