(function () {
  "use strict";
  var net = network, nodeSet = nodes, edgeSet = edges;
  window.kgNetwork = net; window.kgNodes = nodeSet; window.kgEdges = edgeSet;
  var FONT = "#222222", DIM_NODE = "rgba(200,200,200,0.35)", DIM_EDGE = "rgba(200,200,200,0.25)",
      DIM_FONT = "rgba(120,120,120,0.35)";
  var hidden = {}, highlighted = null, baseColour = {}, baseEdgeColour = {};
  nodeSet.forEach(function (n) { baseColour[n.id] = n.color; });
  edgeSet.forEach(function (e) { baseEdgeColour[e.id] = e.color; });

  function applyFilters() {
    nodeSet.update(nodeSet.map(function (n) { return {id: n.id, hidden: hidden[n.kind] === true}; }));
    edgeSet.update(edgeSet.map(function (e) {
      var a = nodeSet.get(e.from), b = nodeSet.get(e.to);
      return {id: e.id, hidden: !a || !b || a.hidden === true || b.hidden === true};
    }));
  }
  function restyle(keepNodes, keepEdges) {
    nodeSet.update(nodeSet.map(function (n) {
      var on = keepNodes === null || keepNodes[n.id] === true;
      return {id: n.id, color: on ? baseColour[n.id] : DIM_NODE, font: {color: on ? FONT : DIM_FONT}};
    }));
    edgeSet.update(edgeSet.map(function (e) {
      var on = keepEdges === null || keepEdges[e.id] === true;
      return {id: e.id, color: on ? baseEdgeColour[e.id] : DIM_EDGE, font: {color: on ? FONT : DIM_FONT}};
    }));
  }
  function clearHighlight() { highlighted = null; restyle(null, null); }
  function highlight(id) {
    if (nodeSet.get(id) === null) { clearHighlight(); return []; }
    var keep = {}, keepEdges = {};
    keep[id] = true;
    net.getConnectedNodes(id).forEach(function (n) { keep[n] = true; });
    net.getConnectedEdges(id).forEach(function (e) { keepEdges[e] = true; });
    highlighted = id;
    restyle(keep, keepEdges);
    return Object.keys(keep);
  }
  function highlightEdge(id) {
    var e = edgeSet.get(id);
    if (e === null) { clearHighlight(); return []; }
    var keep = {}, keepEdges = {};
    keep[e.from] = true; keep[e.to] = true; keepEdges[id] = true;
    highlighted = null;
    restyle(keep, keepEdges);
    return Object.keys(keep);
  }
  function setKindVisible(kind, on) {
    hidden[kind] = !on;
    var box = document.getElementById("kg-filter-" + kind);
    if (box) { box.checked = !!on; }
    applyFilters();
    if (highlighted !== null && hidden[nodeSet.get(highlighted).kind]) { clearHighlight(); }
  }
  function search(text) {
    var q = String(text || "").trim().toLowerCase();
    var status = document.getElementById("kg-search-status");
    if (!q) { net.unselectAll(); status.textContent = ""; return []; }
    var ids = nodeSet.getIds({filter: function (n) {
      return n.hidden !== true && String(n.search || n.label || "").indexOf(q) !== -1;
    }});
    if (ids.length) {
      net.selectNodes(ids);
      net.fit({nodes: ids, maxZoomLevel: 1.5, animation: false});
      if (ids.length === 1) { highlight(ids[0]); } else { clearHighlight(); }
    } else {
      net.unselectAll();
    }
    status.textContent = ids.length === 1 ? "1 match" : ids.length + " matches";
    return ids;
  }
  function reset() {
    var box = document.getElementById("kg-search");
    box.value = "";
    document.getElementById("kg-search-status").textContent = "";
    Array.prototype.forEach.call(document.querySelectorAll("#kg-legend input[type=checkbox]"),
      function (b) { b.checked = true; hidden[b.value] = false; });
    applyFilters();
    clearHighlight();
    net.unselectAll();
    net.fit({animation: false});
  }

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
  document.getElementById("kg-search-button").addEventListener("click", function () { search(box.value); });
  document.getElementById("kg-reset").addEventListener("click", reset);
  net.on("click", function (p) {
    if (p.nodes.length) { highlight(p.nodes[0]); }
    else if (p.edges.length) { highlightEdge(p.edges[0]); }
    else { clearHighlight(); }
  });
  window.kgView = {
    setKindVisible: setKindVisible, search: search, highlight: highlight,
    highlightEdge: highlightEdge, clearHighlight: clearHighlight, reset: reset,
    highlighted: function () { return highlighted; },
    hiddenKinds: function () { return Object.keys(hidden).filter(function (k) { return hidden[k]; }); }
  };
  document.documentElement.setAttribute("data-kg-ready", "true");
})();
