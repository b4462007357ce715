// Zoom and pan for a full-size diagram: buttons change the SVG's size, the box scrolls.
// Without this script the SVG is shown at natural size in a scrollable box, and the
// browser's own zoom still works.
(function () {
  "use strict";
  var box = document.querySelector("[data-zoom-box]");
  var tools = document.querySelector("[data-zoom-tools]");
  var svg = box && box.querySelector("svg");
  if (!box || !tools || !svg) { return; }
  var width = parseFloat(svg.getAttribute("width"));
  var height = parseFloat(svg.getAttribute("height"));
  if (!width || !height) { return; }
  var unit = (svg.getAttribute("width").match(/[a-z%]+$/) || [""])[0];
  var level = 1;
  var shown = tools.querySelector("[data-zoom-level]");

  function apply(next) {
    level = Math.min(4, Math.max(0.1, next));
    svg.setAttribute("width", (width * level).toFixed(1) + unit);
    svg.setAttribute("height", (height * level).toFixed(1) + unit);
    shown.textContent = Math.round(level * 100) + " %";
  }

  function fit() {
    // points to CSS pixels: 1pt = 4/3 px
    var natural = unit === "pt" ? width * 4 / 3 : width;
    apply((box.clientWidth - 4) / natural);
  }

  tools.addEventListener("click", function (event) {
    var action = event.target.getAttribute("data-zoom");
    if (action === "in") { apply(level * 1.25); }
    if (action === "out") { apply(level / 1.25); }
    if (action === "fit") { fit(); }
    if (action === "reset") { apply(1); }
  });

  // drag to pan, for a mouse; touch screens scroll the box natively
  var start = null;
  box.addEventListener("pointerdown", function (event) {
    if (event.pointerType !== "mouse") { return; }
    start = { x: event.clientX, y: event.clientY, left: box.scrollLeft, top: box.scrollTop };
    box.classList.add("vv-dragging");
  });
  window.addEventListener("pointermove", function (event) {
    if (!start) { return; }
    box.scrollLeft = start.left - (event.clientX - start.x);
    box.scrollTop = start.top - (event.clientY - start.y);
  });
  window.addEventListener("pointerup", function () {
    start = null;
    box.classList.remove("vv-dragging");
  });

  tools.hidden = false;
  apply(1);
}());
