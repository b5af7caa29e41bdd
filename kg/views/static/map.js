(function () {
  "use strict";
  var svg = document.getElementById("kg-map");
  var home = svg.getAttribute("viewBox").split(/\s+/).map(Number);
  var vb = home.slice();
  var markers = Array.prototype.slice.call(document.querySelectorAll(".kg-marker"));
  var labels = Array.prototype.slice.call(document.querySelectorAll(".kg-label"));
  function unitsPerPixel() {
    var box = svg.getBoundingClientRect();
    if (!box.width || !box.height) { return vb[2] / 1000; }
    return Math.max(vb[2] / box.width, vb[3] / box.height);
  }
  function draw() {
    svg.setAttribute("viewBox", vb.join(" "));
    var k = unitsPerPixel();
    markers.forEach(function (m) { m.setAttribute("r", (Number(m.getAttribute("data-r")) * k).toFixed(4)); });
    labels.forEach(function (t) {
      t.setAttribute("font-size", (12 * k).toFixed(4));
      t.setAttribute("stroke-width", (3 * k).toFixed(4));
      t.setAttribute("x", (Number(t.getAttribute("data-x")) + (Number(t.getAttribute("data-r")) + 3) * k).toFixed(4));
      t.setAttribute("y", (Number(t.getAttribute("data-y")) + 4 * k).toFixed(4));
    });
  }
  function zoom(factor, cx, cy) {
    var w = Math.min(Math.max(vb[2] / factor, 0.5), 720), h = w * vb[3] / vb[2];
    if (cx === undefined) { cx = vb[0] + vb[2] / 2; cy = vb[1] + vb[3] / 2; }
    vb = [cx - (cx - vb[0]) * w / vb[2], cy - (cy - vb[1]) * h / vb[3], w, h];
    draw();
  }
  function toUser(ev) {
    var box = svg.getBoundingClientRect(), k = unitsPerPixel();
    var offX = (box.width * k - vb[2]) / 2, offY = (box.height * k - vb[3]) / 2;
    return [vb[0] - offX + (ev.clientX - box.left) * k, vb[1] - offY + (ev.clientY - box.top) * k];
  }
  svg.addEventListener("wheel", function (ev) {
    if (ev.deltaY === 0) { return; }  // a sideways swipe is not a zoom
    ev.preventDefault();
    var p = toUser(ev);
    zoom(ev.deltaY < 0 ? 1.25 : 0.8, p[0], p[1]);
  }, {passive: false});
  var drag = null;
  svg.addEventListener("pointerdown", function (ev) {
    if (ev.target.classList.contains("kg-marker")) { return; }
    drag = {x: ev.clientX, y: ev.clientY, vb: vb.slice()};
    svg.classList.add("kg-dragging");
  });
  window.addEventListener("pointermove", function (ev) {
    if (!drag) { return; }
    var k = unitsPerPixel();
    vb = [drag.vb[0] - (ev.clientX - drag.x) * k, drag.vb[1] - (ev.clientY - drag.y) * k, vb[2], vb[3]];
    draw();
  });
  window.addEventListener("pointerup", function () { drag = null; svg.classList.remove("kg-dragging"); });
  function show(n) {
    Array.prototype.forEach.call(document.querySelectorAll(".kg-active"), function (el) { el.classList.remove("kg-active"); });
    var section = document.getElementById("kg-place-" + n), marker = document.getElementById("kg-marker-" + n);
    if (marker) { marker.classList.add("kg-active"); }
    if (section) { section.classList.add("kg-active"); section.scrollIntoView({block: "nearest"}); }
    return !!section;
  }
  markers.forEach(function (m) {
    m.addEventListener("click", function () { show(m.getAttribute("data-index")); });
  });
  function reset() { vb = home.slice(); draw(); }
  document.getElementById("kg-zoom-in").addEventListener("click", function () { zoom(1.5); });
  document.getElementById("kg-zoom-out").addEventListener("click", function () { zoom(1 / 1.5); });
  document.getElementById("kg-zoom-reset").addEventListener("click", reset);
  window.addEventListener("resize", draw);
  window.kgMap = {zoom: zoom, reset: reset, show: show, viewBox: function () { return vb.slice(); }};
  draw();
  document.documentElement.setAttribute("data-kg-ready", "true");
})();
