/* "Vores plan" on the static site: fills the precomputed page from the URL's parameters.
   Python renders every fragment (navigator/web/static_plan.py): the ones that do not depend
   on the kommune are <template>s in this page, the rest are in /plan-data/<kommune>.json.
   This only keeps the parameters it knows, removes the parts a version does not show, and
   clones the named fragments into their slots in the order Python gave. It writes no text.
   On the live site it only shows the print button. */
(function () {
  "use strict";
  var root = document.getElementById("plan");
  if (!root) { return; }
  var printButton = document.getElementById("plan-print");
  if (printButton) {
    printButton.hidden = false;
    printButton.addEventListener("click", function () { window.print(); });
  }
  var raw = root.getAttribute("data-plan");
  if (!raw) { return; }  // the live page: already filled in
  var data = JSON.parse(raw);
  var url = new URLSearchParams(window.location.search);
  var band = data.bands.indexOf(url.get("alder")) >= 0 ? url.get("alder") : null;
  var themes = [];
  (url.get("tema") || "").slice(0, 1000).split(",").forEach(function (t) {
    if (data.themes.indexOf(t) >= 0 && themes.indexOf(t) < 0) { themes.push(t); }
  });
  // advice topics: those linked to the themes, in the order given; else each theme's only one
  var linked = [], topics = [];
  themes.forEach(function (t) { linked = linked.concat(data.topics_of[t]); });
  (url.get("raad") || "").slice(0, 1000).split(",").forEach(function (r) {
    if (linked.indexOf(r) >= 0 && topics.indexOf(r) < 0) { topics.push(r); }
  });
  if (!topics.length) {
    themes.forEach(function (t) {
      data.default_of[t].forEach(function (r) { if (topics.indexOf(r) < 0) { topics.push(r); } });
    });
  }
  var kommune = data.kommuner.indexOf(url.get("kommune")) >= 0 ? url.get("kommune") : null;
  var version = data.versions.indexOf(url.get("til")) >= 0 ? url.get("til") : "";
  var shown = data.sections[version];

  function planUrl(v, chosen) {
    // as navigator.core.urls.plan writes it: alder, tema and raad (comma-separated), kommune, til
    var parts = [];
    if (band) { parts.push("alder=" + encodeURIComponent(band)); }
    if (themes.length) { parts.push("tema=" + themes.map(encodeURIComponent).join(",")); }
    if (kommune) { parts.push("kommune=" + encodeURIComponent(kommune)); }
    if (chosen.length) { parts.push("raad=" + chosen.map(encodeURIComponent).join(",")); }
    if (v) { parts.push("til=" + encodeURIComponent(v)); }
    return data.path + (parts.length ? "?" + parts.join("&") : "");
  }

  function keys(slot) {
    var out = [];
    data.slots[slot].forEach(function (pattern) {
      var each = pattern.indexOf("{t}") >= 0 ? themes : pattern.indexOf("{r}") >= 0 ? topics : [""];
      each.forEach(function (item) {
        out.push(pattern.replace("{b}", band || data.all_ages).replace("{t}", item)
          .replace("{r}", item).replace("{v}", version));
      });
    });
    return out;
  }

  /* The fragments are our own macros' output with every value escaped; DOMParser never runs
     scripts. A slot gets its fragments as the live page puts them in. */
  function fill(slot, shard) {
    var target = root.querySelector("[data-slot='" + slot + "']");
    if (!target) { return; }
    var html = keys(slot).map(function (key) {
      var template = document.querySelector("template[data-key='" + key + "']");
      if (template) { return template.innerHTML; }
      if (shard.keys[key] === undefined) { throw new Error("no fragment " + key); }
      return shard.fragments[shard.keys[key]];
    }).join("");
    var tag = target.tagName.toLowerCase();
    var doc = new DOMParser().parseFromString("<" + tag + ">" + html + "</" + tag + ">", "text/html");
    var nodes = Array.from(doc.body.firstElementChild.childNodes).map(function (n) {
      return document.importNode(n, true);
    });
    target.replaceChildren.apply(target, nodes);
  }

  function render(shard) {
    Array.from(root.querySelectorAll("[data-section]")).forEach(function (section) {
      if (shown.indexOf(section.getAttribute("data-section")) < 0) { section.remove(); }
    });
    if (themes.length) {
      var empty = root.querySelector(".vv-plan-empty");
      if (empty) { empty.remove(); }
    }
    Array.from(root.querySelectorAll("a[data-version]")).forEach(function (link) {
      var v = link.getAttribute("data-version");
      link.setAttribute("href", planUrl(v, topics));
      if (v === version) { link.setAttribute("aria-current", "page"); } else { link.removeAttribute("aria-current"); }
    });
    shown.forEach(function (slot) { fill(slot, shard); });
    // the bar at the top: 112 and the region's own number, as on the live page (find.js)
    if (shard.bar && window.vejviserUrgentBar) { window.vejviserUrgentBar(shard.bar); }
    // a topic's link: this plan with that advice (the fragment was made for no parameters)
    Array.from(root.querySelectorAll("a[data-raad]")).forEach(function (link) {
      link.setAttribute("href", planUrl(version, [link.getAttribute("data-raad")]));
    });
    root.removeAttribute("data-plan");
    root.setAttribute("data-filled", "true");
  }

  var path = kommune ? root.getAttribute("data-shard").replace("{}", kommune)
                     : root.getAttribute("data-no-kommune");
  fetch(path).then(function (response) {
    if (!response.ok) { throw new Error(path + ": " + response.status); }
    return response.json();
  }).then(render).catch(function (err) { if (window.console) { console.error(err); } });
}());
