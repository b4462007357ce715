/* The find helper on the static site: answers the three questions in the browser from
   /find-data.json (what every question needs) and /find-data/<kommune>.json (that kommune's
   services, each with its cards rendered by the live site's Jinja macro). Python computes
   every rule (navigator/web/static_find.py, docs/web.md "The static find"); this only filters
   by age, sorts by the keys given and clones the cards. Text is always set with textContent
   or as DOM nodes, never as HTML. */
(function () {
  "use strict";

  // danger.js runs the danger rule Python compiled; in Node it is required beside this file
  var D = (typeof window === "object" && window.vejviserDanger) ||
          (typeof require === "function" ? require("./danger.js") : null);
  // Node (tests/test_find_parity.py, tests/test_danger.py) runs the rules against Python's.
  if (typeof module === "object" && module.exports) {
    module.exports = {dangerConcerns: dangerConcerns, resolveConcerns: resolveConcerns,
                      warningSigns: warningSigns, helpHtml: helpHtml, find: find, shardUrl: shardUrl,
                      nationalHtml: nationalHtml};
  }
  // The static search page (search.js) shows the same "Få hjælp nu" card by this same code.
  if (typeof window === "object") { window.vejviserHelpNow = {warningSigns: warningSigns, helpNow: helpNow}; }
  // The static plan (plan.js) shows the family's region in the urgent bar by this same code.
  if (typeof window === "object") { window.vejviserUrgentBar = urgentBar; }
  if (typeof document === "undefined") { return; }

  var answer = document.getElementById("find-answer");
  if (!answer) { return; }
  var paths = {common: answer.getAttribute("data-common"), shard: answer.getAttribute("data-shard"),
               noKommune: answer.getAttribute("data-no-kommune")};
  // The served answer: move focus to its heading, so the parent sees that something happened.
  if (answer.getAttribute("data-answered") === "true") { focusHeading(); return; }
  // The live site answers on the server, also with errors: never a second answer here
  // (an age error was shown twice, once by the server and once by this script).
  if (answer.getAttribute("data-static") !== "true") { return; }
  var questions = document.getElementById("find-questions");
  var params = new URLSearchParams(window.location.search);
  // as the parent wrote them; find() trims, cuts and reads them as the live site does
  var question = {
    alder: params.get("alder") || "",
    bekymring: params.get("bekymring") || "",
    kommune: params.get("kommune") || ""
  };
  if (!question.alder.trim() && !question.bekymring.trim() && !question.kommune) { return; }
  if (params.get("ret")) {
    // the questions again, filled in; the bar still shows the chosen kommune's region
    question.alder = question.alder.trim();
    question.bekymring = question.bekymring.trim();
    fillForm();
    if (question.kommune) {
      loadShard(question.kommune).then(function (shard) { urgentBar(shard.urgent_bar); })
        .catch(function (err) { if (window.console) { console.error(err); } });
    }
    return;
  }

  function focusHeading() {
    var heading = document.getElementById("svar");
    if (heading) { heading.focus(); }
  }

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (key) { node.setAttribute(key, attrs[key]); });
    if (text !== undefined && text !== null) { node.textContent = text; }
    return node;
  }

  /* Danger first: danger.js runs the rule Python compiled (data.danger.rule); here only the
     concerns a text names (query.named_concerns) and the union of the two
     (query.warning_signs), on the tables Python sends. */

  function fold(data, text) { return D.fold(text, data.danger.rule); }

  function namedConcerns(data, text) {
    if (!text) { return []; }
    var urgent = data.danger.order;
    var wanted = fold(data, text);  // the phrases come folded from Python (text.fold)
    var found = [];
    function add(id) { if (found.indexOf(id) < 0) { found.push(id); } }
    data.concerns.forEach(function (c) { if (c.id === wanted) { add(c.id); } });
    (own(data.phrases, wanted) || []).forEach(add);
    if (!found.length) {
      Object.keys(data.phrases).forEach(function (p) {
        if (p.length > 3 && (wanted.indexOf(p) >= 0 || p.indexOf(wanted) >= 0)) {
          // a danger is heard by the rule alone, never inside longer words
          data.phrases[p].forEach(function (id) { if (urgent.indexOf(id) < 0) { add(id); } });
        }
      });
    }
    return found;
  }

  function dangerConcerns(data, text) {
    return D.assess(data.danger.rule, text).concerns.slice().sort();
  }

  // query.warning_signs: what the rule hears and every urgent concern the text names
  function warningSigns(data, text) {
    var heard = D.assess(data.danger.rule, text), order = data.danger.order;
    var named = namedConcerns(data, text).filter(function (id) { return order.indexOf(id) >= 0; });
    var full = heard.concerns.concat(named);
    if (!full.length) { return heard; }
    return {concerns: order.filter(function (id) { return full.indexOf(id) >= 0; }), soft: []};
  }

  /* The concern rule of navigator.answers.query.resolve_concerns: the concerns the text names, the
     dangers it speaks of, then one level of narrower concerns. */
  function resolveConcerns(data, text) {
    if (!text) { return []; }
    var found = namedConcerns(data, text);
    dangerConcerns(data, text).forEach(function (id) { if (found.indexOf(id) < 0) { found.push(id); } });
    found.slice().forEach(function (id) {
      (own(data.narrower, id) || []).forEach(function (n) { if (found.indexOf(n) < 0) { found.push(n); } });
    });
    return found;
  }

  /* "Få hjælp nu": the pieces the live page's macros rendered for the region (the shard's
     help_now), joined as _help_now.html joins them. Returns HTML or "". */
  function helpHtml(data, pieces, text) {
    var signs = warningSigns(data, text);
    if (!signs.concerns.length && !signs.soft.length) { return ""; }
    var frame = signs.concerns.length ? pieces.full : pieces.soft;
    var kinds = signs.concerns.length ? signs.concerns : [data.danger.soft];
    return frame[0] + kinds.map(function (k) { return pieces.kinds[k] || ""; }).join("") + frame[1];
  }

  function own(table, key) {
    return Object.prototype.hasOwnProperty.call(table, key) ? table[key] : undefined;
  }

  /* presenters.find.parse_age, by the rule Python sends (data.age): trimmed, then digits
     as the pattern says, leading zeros read past, between min and max. */
  function parseAge(data, text) {
    var rule = data.age, t = text.trim();
    if (!t) { return {age: null}; }
    if (!new RegExp(rule.pattern).test(t)) { return {error: data.errors.age}; }
    var digits = t.replace(/^0+/, "") || "0";
    if (digits.length > String(rule.max).length || +digits < rule.min || +digits > rule.max) {
      return {error: data.errors.age_range};
    }
    return {age: +digits};
  }

  /* Where to start, as navigator.answers.query.services_for, from the kommune's file
     (static_find.shard): the age filter, the concern filter, then by whether the concern
     fits the reason codes, the card and the place in find's order (query.rank_key's tuple,
     computed in Python). */
  /* navigator.answers.query.candidates's filter: null when the age or the concerns rule the service
     out, else whether it names one of the concerns. */
  function fits(s, age, concerns) {
    if (!ageFits(s, age)) { return null; }
    var direct = s.concerns.some(function (c) { return concerns.indexOf(c) >= 0; });
    if (concerns.length && !direct && s.concerns.length) { return null; }
    return direct;
  }

  // navigator.answers.query.age_fits: no age given, every service
  function ageFits(s, age) {
    return age === null || ((s.min_age === null || age >= s.min_age) &&
                            (s.max_age === null || age <= s.max_age));
  }

  function match(shard, age, concerns) {
    var results = [];
    shard.services.forEach(function (s) {
      var direct = fits(s, age, concerns);
      if (direct === null) { return; }
      var card = direct ? "1" : "0";
      results.push({service: s, status: s.status, ask: s.ask, reasons: s.reasons[card],
                    card: s.cards[card], key: s.keys[card]});
    });
    return results.sort(function (a, b) {
      for (var i = 0; i < a.key.length; i++) {
        if (a.key[i] !== b.key[i]) { return a.key[i] - b.key[i]; }
      }
      return 0;
    });
  }

  /* The file a kommune's answer comes from; no kommune chosen has a file of its own. The
     paths come from the page (navigator/core/urls.py patterns), never written here. */
  function shardUrl(paths, kommune) {
    // only an id can name a file (ids are [a-z0-9-]+); anything else asks for none
    return /^[a-z0-9-]+$/.test(kommune || "") ? paths.shard.replace("{}", kommune) : paths.noKommune;
  }

  /* The whole answer to the three questions, without the page, as
     presenters.find.resolve_question and answer read them: the text trimmed and cut, the
     age by the rule, the place (a kommune or a region) known or not; then errors, concerns,
     matches and whether help for some areas only was left out for want of a kommune.
     data is /find-data.json, shard the chosen place's file (not used when there are
     errors). Node (tests/test_find_parity.py) runs it against the live find on one stream of
     questions, valid and odd. */
  function find(data, shard, alder, bekymring, kommune) {
    var text = Array.from((bekymring || "").trim()).slice(0, data.danger.rule.max).join("");
    var age = parseAge(data, alder || "");
    var errors = age.error ? [age.error] : [];
    var place = kommune ? own(data.places, kommune) : undefined;
    if (kommune && place === undefined) { errors.push(data.errors.place); }
    var asked = Boolean((alder || "").trim() || text || kommune);
    var concerns = resolveConcerns(data, text);
    var ok = asked && !errors.length;
    var results = ok ? match(shard, age.age, concerns) : [];
    // query.local_only: help that fits but is for some areas only, left out here
    var local = ok && shard.local.some(function (s) { return fits(s, age.age, concerns) !== null; });
    // query.national_lines: with no kommune, the national lines that fit the child's age
    var lines = ok && shard.national ?
      shard.national.lines.filter(function (l) { return ageFits(l, age.age); }) : [];
    return {asked: asked, age: age.age === undefined ? null : age.age, bekymring: text,
            place: place === undefined ? null : place, errors: errors, concerns: concerns,
            results: results, local: local, lines: lines};
  }

  /* The national lines as the live page renders them (static_find.national_html): the
     frame's two pieces around the lines find() kept. Returns HTML or "". */
  function nationalHtml(shard, lines) {
    if (!lines.length) { return ""; }
    var frame = shard.national.frame;
    return frame[0] + lines.map(function (l) { return l.html; }).join("") + frame[1];
  }

  /* A card as the live site renders it (static_find.card_html), from the kommune's file. The
     markup comes from our own Jinja macro with every value escaped, and nothing the parent
     wrote goes into it; DOMParser never runs scripts. */
  function cardNode(html) {
    var doc = new DOMParser().parseFromString(html, "text/html");
    return document.importNode(doc.body.firstElementChild, true);
  }

  /* A glossary term is explained at its first use on a page (navigator.web.explain). Each card
     comes explained as if it stood first, so a term an earlier card explained becomes plain
     text again: the page reads as the live one. */
  function explainOnce(node, seen) {
    Array.from(node.querySelectorAll("a.vv-term")).forEach(function (link) {
      var id = link.getAttribute("href").split("#")[1];
      if (seen[id]) { link.replaceWith(document.createTextNode(link.textContent)); }
      seen[id] = true;
    });
  }

  /* The answer's words are the live page's (_find_answer.html): find.html renders each
     notice once into a <template id="find-…">, and this clones it and fills its data-slot
     elements with textContent. A part worded another way (no age, no kommune) is the same
     slot taken from the template rendered that way. */
  function clone(name) {
    return document.getElementById("find-" + name).content.firstElementChild.cloneNode(true);
  }

  function slot(node, name) { return node.querySelector("[data-slot=\"" + name + "\"]"); }

  function fill(node, name, text) {
    slot(node, name).textContent = text;
    return node;
  }

  // the slot from the template rendered the other way, in place of this one
  function swap(node, name, other) {
    var mine = slot(node, name);
    mine.parentNode.replaceChild(slot(other, name), mine);
  }

  /* One slot per value, with what the macro puts between two (its template has two): the
     errors' list items, the themes with their commas. */
  function repeat(node, name, values) {
    var items = node.querySelectorAll("[data-slot=\"" + name + "\"]");
    var first = items[0], last = items[items.length - 1], between = [], n;
    for (n = first.nextSibling; n && n !== items[1]; n = n.nextSibling) { between.push(n); }
    var parent = first.parentNode, after = last.nextSibling;
    for (n = first; n !== after;) { var next = n.nextSibling; parent.removeChild(n); n = next; }
    values.forEach(function (value, i) {
      if (i) { between.forEach(function (b) { parent.insertBefore(b.cloneNode(true), after); }); }
      var item = first.cloneNode(true);
      item.textContent = value;
      parent.insertBefore(item, after);
    });
    return node;
  }

  function helpNow(data, pieces, text) {
    var html = helpHtml(data, pieces, text);
    if (!html) { return null; }
    return document.importNode(new DOMParser().parseFromString(html, "text/html").body.firstChild, true);
  }

  /* The urgent bar for the family's region: its lines as base.html renders them (the
     _urgent_bar.html macro, in the kommune's file: static_find.urgent_bar_html), 112 and the
     region's own number first, in place of the bar's lines for no region. */
  function urgentBar(bar) {
    var list = document.querySelector(".vv-urgent-list");
    if (!bar || !list) { return; }
    var lines = new DOMParser().parseFromString("<ul>" + bar.html + "</ul>", "text/html").body.firstElementChild;
    list.textContent = "";
    Array.from(lines.childNodes).forEach(function (n) { list.appendChild(document.importNode(n, true)); });
  }

  function render(data, shard) {
    var found = find(data, shard, question.alder, question.bekymring, question.kommune);
    // the words as the live site reads them: trimmed, and cut at danger.MAX_CHARS
    question.alder = question.alder.trim();
    question.bekymring = found.bekymring;
    var kommuneName = found.place;
    // never another place's answer (or the one for no kommune) for a kommune or region we know
    if (kommuneName && shard.kommune !== question.kommune) { throw new Error("shard: " + question.kommune); }
    if (kommuneName) { urgentBar(shard.urgent_bar); }
    var helpBox = document.getElementById("help-now");
    var card = helpBox ? helpNow(data, shard.help_now, question.bekymring) : null;
    if (card) {
      helpBox.textContent = "";
      helpBox.appendChild(card);
    }
    answer.textContent = "";
    if (found.errors.length) { showErrors(found.errors); return; }
    var concerns = found.concerns, results = found.results;
    if (questions) { questions.hidden = true; }
    answer.appendChild(clone("heading"));
    answer.appendChild(saidLine(found.age, kommuneName));
    var named = themes(data, concerns);
    if (named.length) { answer.appendChild(repeat(clone("themes"), "theme", named)); }
    // the card leaves the hidden questions and comes first in the answer, as on the live site
    if (helpBox) { answer.appendChild(helpBox); }
    // a kommune's own page (from Python: urls.entity); a region has none
    if (kommuneName && shard.place && shard.place.url) {
      var all = clone("place"), link = slot(all, "place").querySelector("a");
      link.setAttribute("href", shard.place.url);
      link.textContent = kommuneName;
      answer.appendChild(all);
    }
    if (question.bekymring && !concerns.length) { answer.appendChild(clone("concern-unknown")); }
    var unknown = results.filter(function (r) { return r.ask; }).length;
    if (unknown) {
      var ask = fill(clone("ask"), "count", String(unknown));
      if (kommuneName) { fill(ask, "place", kommuneName); } else { swap(ask, "where", clone("ask-none")); }
      answer.appendChild(ask);
    }
    if (found.local) { localNotice(); }
    // no kommune: the national lines right after the notice, as on the live page
    var lines = nationalHtml(shard, found.lines);
    if (lines) {
      answer.appendChild(document.importNode(new DOMParser().parseFromString(lines, "text/html").body.firstElementChild, true));
    }
    if (!results.length) {
      answer.appendChild(clone("nothing"));
      planLink(data, concerns, found.age);
      return;
    }
    var list = el("ol", {"class": "vv-results"}), seen = {};
    results.forEach(function (r) {
      var card = cardNode(r.card);
      explainOnce(card, seen);
      var item = el("li");
      item.appendChild(card);
      list.appendChild(item);
    });
    answer.appendChild(list);
    planLink(data, concerns, found.age);
  }

  /* 'Lav en plan' (find.html's template): the plan's address as presenters.find builds it,
     from the answer's age band and each concern's theme, both looked up in the tables Python
     sends (static_find.plan_rule: query.age_band, presenters.find.plan_themes), and the
     kommune; never the words the parent wrote. The parameters as urls.plan writes them. */
  function planLink(data, concerns, age) {
    var template = document.getElementById("find-plan-template");
    if (!template || !concerns.length) { return; }
    var rule = data.plan, themes = [], parts = [];
    concerns.forEach(function (id) {
      var theme = own(rule.themes, id);
      if (theme !== undefined && themes.indexOf(theme) < 0) { themes.push(theme); }
    });
    var band = age === null ? undefined : own(rule.bands, String(age));
    if (band) { parts.push("alder=" + encodeURIComponent(band)); }
    parts.push("tema=" + themes.sort().map(encodeURIComponent).join(","));
    if (own(data.places, question.kommune)) { parts.push("kommune=" + encodeURIComponent(question.kommune)); }
    var node = document.importNode(template.content, true);
    node.querySelector("[data-plan-link]").setAttribute("href", rule.path + "?" + parts.join("&"));
    answer.appendChild(node);
  }

  /* "Der kan være mere hjælp, hvor I bor" with the kommune to choose: the markup find.html
     renders (_find_local.html) in a <template>, with the parent's two other answers put in. */
  function localNotice() {
    var template = document.getElementById("find-local-template");
    if (!template) { return; }
    var node = document.importNode(template.content, true);
    ["alder", "bekymring"].forEach(function (name) {
      var field = node.querySelector("input[name=" + name + "]");
      if (field) { field.value = question[name]; }
    });
    answer.appendChild(node);
  }

  // "Barn på 10 år · Gentofte · Ret" (_find_answer.html said_line): the parent's words stay
  // in the form, and "Ret" sends the hidden form again with ret=1, as on the live site.
  function saidLine(age, kommuneName) {
    var line = clone("said"), none = clone("said-none");
    if (age !== null) { fill(line, "age", String(age)); } else { swap(line, "age-part", none); }
    if (kommuneName) { fill(line, "place", kommuneName); } else { swap(line, "place-part", none); }
    return line;
  }

  // The broadest matched concerns in parents' words, as navigator.web.presenters.find.themes.
  function themes(data, found) {
    return data.concerns.filter(function (c) {
      return found.indexOf(c.id) >= 0 && found.indexOf(c.broader) < 0;
    }).sort(function (a, b) { return a.id < b.id ? -1 : 1; }).map(function (c) { return c.label; });
  }

  // "Tjek jeres svar" where the live page has it: above the questions' form, which stays
  function showErrors(errors) {
    var box = repeat(clone("errors"), "error", errors), form = document.getElementById("find-form");
    if (form && questions && form.parentNode === questions) { questions.insertBefore(box, form); }
    else { answer.appendChild(box); }
  }

  function fillForm() {
    ["alder", "bekymring", "kommune"].forEach(function (name) {
      var field = document.getElementById(name);
      if (field) { field.value = question[name]; }
    });
  }

  function load(url) {
    return fetch(url).then(function (response) {
      if (!response.ok) { throw new Error(url + ": " + response.status); }
      return response.json();
    });
  }

  // A kommune without a file of its own (a typed or an old id) gets the file for no kommune,
  // whose "Få hjælp nu" holds for every region; find() then asks the parent to pick one.
  function loadShard(kommune) {
    var url = shardUrl(paths, kommune);
    return load(url).catch(function (err) {
      if (url === paths.noKommune) { throw err; }
      return load(paths.noKommune);
    });
  }

  fillForm();
  // the common file and the kommune's file at the same time: one round trip
  Promise.all([load(paths.common), loadShard(question.kommune)])
    .then(function (both) { render(both[0], both[1]); })
    .then(focusHeading)
    .catch(function (err) {
      if (window.console) { console.error(err); }
      answer.textContent = "";
      answer.appendChild(clone("not-fetched"));
    });
}());
