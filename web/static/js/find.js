/* The find helper on the static site: answers the three questions in the browser from
   /find-data.json, with the same rules as navigator.query.services_for. Text is always set
   with textContent, never as HTML. */
(function () {
  "use strict";

  // Node (tests/test_danger.py) runs the danger rule itself against Python's, phrase by phrase.
  if (typeof module === "object" && module.exports) {
    module.exports = {dangerConcerns: dangerConcerns, resolveConcerns: resolveConcerns,
                      find: find};
  }
  // The static search page (search.js) shows the same "Få hjælp nu" card by this same code.
  if (typeof window === "object") { window.vejviserHelpNow = {dangerConcerns: dangerConcerns, helpNow: helpNow}; }
  if (typeof document === "undefined") { return; }

  var answer = document.getElementById("find-answer");
  if (!answer) { return; }
  // The served answer: move focus to its heading, so the parent sees that something happened.
  if (answer.getAttribute("data-answered") === "true") { focusHeading(); return; }
  var questions = document.getElementById("find-questions");
  var params = new URLSearchParams(window.location.search);
  var question = {
    alder: (params.get("alder") || "").trim(),
    bekymring: (params.get("bekymring") || "").trim(),
    kommune: params.get("kommune") || ""
  };
  if (!question.alder && !question.bekymring && !question.kommune) { return; }
  if (params.get("ret")) {
    // the questions again, filled in; the bar still shows the chosen kommune's region
    fillForm();
    loadData().then(function (data) {
      if (data.kommuner[question.kommune]) { urgentBar(data, question.kommune); }
    }).catch(function (err) { if (window.console) { console.error(err); } });
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

  function normalise(text) {
    return Array.from(text.trim().toLowerCase()).map(function (c) {
      return "æøå".indexOf(c) >= 0 ? c : c.normalize("NFKD").charAt(0);
    }).join("");
  }

  /* Danger words first: the rule of navigator/danger.py. The phrases come stemmed from Python
     (data.danger); here the parent's words are only folded and split, as danger.words does. */
  function fold(danger, text) {
    var folded = normalise(text);
    danger.folds.forEach(function (f) { folded = folded.split(f[0]).join(f[1]); });
    return folded;
  }

  function dangerWords(danger, text) {
    return (fold(danger, text).match(/[a-z0-9]+/g) || []).filter(function (w) {
      return danger.stopwords.indexOf(w) < 0;
    });
  }

  function close(a, b) {
    if (Math.abs(a.length - b.length) > 1) { return false; }
    if (a.length === b.length) {
      var wrong = 0;
      for (var i = 0; i < a.length; i++) { if (a[i] !== b[i]) { wrong++; } }
      return wrong <= 1;
    }
    var shorter = a.length < b.length ? a : b, longer = a.length < b.length ? b : a;
    for (var j = 0; j < longer.length; j++) {
      if (longer.slice(0, j) + longer.slice(j + 1) === shorter) { return true; }
    }
    return false;
  }

  function ending(danger, stem, rest) {
    return stem.length >= danger.long_stem || danger.endings.indexOf(rest) >= 0 ||
      (rest.charAt(0) === stem.charAt(stem.length - 1) && danger.endings.indexOf(rest.slice(1)) >= 0);
  }

  function stemMatches(danger, stem, word) {
    if (word.indexOf(stem) === 0 && ending(danger, stem, word.slice(stem.length))) { return true; }
    if (stem.length < danger.typo_stem) { return false; }
    return [stem.length - 1, stem.length, stem.length + 1].some(function (cut) {
      var head = word.slice(0, cut);
      return head.length === cut && close(head, stem) && ending(danger, stem, word.slice(cut));
    });
  }

  function dangerConcerns(danger, text) {
    if (!text) { return []; }
    var said = dangerWords(danger, text), found = [];
    danger.phrases.forEach(function (p) {
      var all = p.stems.every(function (s) { return said.some(function (w) { return stemMatches(danger, s, w); }); });
      if (all && found.indexOf(p.concern) < 0) { found.push(p.concern); }
    });
    return found.sort();
  }

  /* The concern rule of navigator.query.resolve_concerns, on its tables: the folded text is a
     concern id or a phrase; else every phrase longer than three letters that holds it or is
     held by it; then the warning signs; then one level of narrower concerns. */
  function resolveConcerns(data, text) {
    if (!text) { return []; }
    var wanted = fold(data.danger, text);  // the phrases come folded from Python (text.fold)
    var found = [];
    function add(id) { if (found.indexOf(id) < 0) { found.push(id); } }
    data.concerns.forEach(function (c) { if (c.id === wanted) { add(c.id); } });
    (data.phrases[wanted] || []).forEach(add);
    if (!found.length) {
      Object.keys(data.phrases).forEach(function (p) {
        if (p.length > 3 && (wanted.indexOf(p) >= 0 || p.indexOf(wanted) >= 0)) {
          data.phrases[p].forEach(add);
        }
      });
    }
    dangerConcerns(data.danger, text).forEach(add);
    found.slice().forEach(function (id) { (data.narrower[id] || []).forEach(add); });
    return found;
  }

  function parseAge(text) {
    if (!text) { return {age: null}; }
    if (!/^\d+$/.test(text)) { return {error: "Skriv alderen som et tal, fx 10."}; }
    var age = parseInt(text, 10);
    if (age < 0 || age > 30) { return {error: "Skriv en alder mellem 0 og 30 år."}; }
    return {age: age};
  }

  /* Where to start, as navigator.query.services_for, from the tables of freeze.find_data:
     the age filter, the concern filter, the kommune's status ("*" where it has no entry of
     its own), the precomputed reason codes, and query.rank_key's tuple. */
  function match(data, age, concerns, kommune) {
    var results = [];
    data.services.forEach(function (s) {
      if (age !== null && ((s.min_age !== null && age < s.min_age) ||
                           (s.max_age !== null && age > s.max_age))) { return; }
      var direct = s.concerns.some(function (c) { return concerns.indexOf(c) >= 0; });
      if (concerns.length && !direct && s.concerns.length) { return; }
      var table = data.availability[s.id];
      var status = kommune ? (table[kommune] || table["*"]) : table[""];
      if (status === "not-offered") { return; }
      var ask = data.ask_kommune.indexOf(status) >= 0;
      results.push({service: s, status: status, direct: direct, ask: ask, kommune: kommune,
                    reasons: s.reasons[(direct ? "1" : "0") + (ask ? "1" : "0")],
                    key: [s.key[0], direct ? 0 : 1, data.status_rank[status], s.key[1], s.key[2]]});
    });
    return results.sort(function (a, b) {
      for (var i = 0; i < a.key.length; i++) {
        if (a.key[i] !== b.key[i]) { return a.key[i] - b.key[i]; }
      }
      return 0;
    });
  }

  /* The whole answer to the three questions, without the page: errors, concerns and matches.
     Node (tests/test_find_parity.py) runs it against the live Python find for every kommune,
     concern and age band. */
  function find(data, alder, bekymring, kommune) {
    var age = parseAge(alder);
    var errors = age.error ? [age.error] : [];
    if (kommune && !data.kommuner[kommune]) { errors.push("Vi kender ikke den kommune. Vælg en fra listen."); }
    var concerns = resolveConcerns(data, bekymring);
    var results = errors.length ? [] : match(data, age.age, concerns, data.kommuner[kommune] ? kommune : "");
    return {errors: errors, concerns: concerns, results: results};
  }

  // Glossary words explained on first use, as navigator.explain.explain: a link to
  // /ordliste/ around an <abbr> (acronyms) or the word itself.
  var seen = {};
  function explained(data, text) {
    var box = document.createDocumentFragment();
    var rest = text || "";
    for (;;) {
      var best = null;
      (data.glossary || []).forEach(function (g) {
        if (seen[g.id]) { return; }
        var m = new RegExp(g.pattern, g.acronym ? "" : "i").exec(rest);
        if (m && (!best || m.index < best.m.index)) { best = {g: g, m: m}; }
      });
      if (!best) { break; }
      box.appendChild(document.createTextNode(rest.slice(0, best.m.index)));
      seen[best.g.id] = true;
      var link = el("a", {"class": "vv-term", "href": "/ordliste/#" + best.g.id});
      if (best.g.acronym) {
        link.appendChild(el("abbr", {"title": best.g.title}, best.m[0]));
      } else {
        link.setAttribute("title", best.g.title);
        link.textContent = best.m[0];
      }
      box.appendChild(link);
      rest = rest.slice(best.m.index + best.m[0].length);
    }
    box.appendChild(document.createTextNode(rest));
    return box;
  }

  function para(data, text) {
    var p = el("p");
    p.appendChild(explained(data, text));
    return p;
  }

  function contactList(data, contact) {
    var box = document.createDocumentFragment();
    if (contact.how) { box.appendChild(para(data, contact.how)); }
    if (contact.contacts.length) {
      var list = el("ul", {"class": "vv-contacts"});
      contact.contacts.forEach(function (x) {
        var item = el("li");
        item.appendChild(el("span", {"class": "vv-contact-type"},
                            x.type === "instruction" && x.label ? x.label
                              : x.type_label + (x.label ? " · " + x.label : "")));
        // a plain instruction (no number of its own) comes with its sources, as in _macros.html
        var instruction = x.type === "instruction";
        var value = !instruction && x.href && /^(tel:|sms:|mailto:|https?:)/.test(x.href)
          ? el("a", {"href": x.href, "class": "vv-contact-value"}, x.value)
          : el("span", {"class": "vv-contact-value" + (instruction ? " vv-way-in" : "")}, x.value);
        item.appendChild(value);
        if (instruction && x.sources.length) { item.appendChild(sourceLine(x.sources)); }
        if (x.hours) { item.appendChild(el("span", {"class": "vv-small"}, x.hours)); }
        if (x.fact && x.fact.status === "unverified") {
          item.appendChild(el("span", {"class": "vv-small"}, "Vi ved ikke, om det stadig passer. Spørg, når I ringer."));
        }
        list.appendChild(item);
      });
      box.appendChild(list);
    } else if (!contact.how) {
      box.appendChild(el("p", {}, "Vi har ingen kontaktoplysninger. Spørg din kommune."));
    }
    return box;
  }

  function sourceLine(sources) {
    var line = el("span", {"class": "vv-small"}, " Kilde: ");
    sources.forEach(function (src, i) {
      if (i) { line.appendChild(document.createTextNode("; ")); }
      line.appendChild(el("a", {"href": src.url}, src.title));
    });
    return line;
  }

  // the family's own doctor, for a service reached through the doctor (presenters.find.via_own_doctor)
  function viaBox(data, via) {
    var box = el("div", {"class": "vv-via"});
    var title = el("p");
    var strong = el("strong", {}, "Start hos ");
    strong.appendChild(el("a", {"href": via.url}, "jeres egen læge"));
    title.appendChild(strong);
    box.appendChild(title);
    box.appendChild(contactList(data, {how: null, contacts: via.contacts}));
    return box;
  }

  // the law behind a service every kommune has, and how to reach the chosen kommune
  // (the same as the server's _macros.html result_card and _kommune_contact.html)
  function kommuneBox(data, r) {
    var nodes = [];
    if (r.status === "statutory" && r.service.legal_basis) {
      nodes.push(el("p", {"class": "vv-small"},
                    "Alle kommuner skal have tilbuddet: " + r.service.legal_basis + "."));
    }
    var k = r.service.kommune_sector && r.kommune ? (data.kommune_contacts || {})[r.kommune] : null;
    if (k) {
      var box = el("div", {"class": "vv-kommune-contact"});
      var title = el("p");
      title.appendChild(el("strong", {}, "Kontakt " + k.name));
      box.appendChild(title);
      if (k.contacts.length) {
        box.appendChild(contactList(data, {how: null, contacts: k.contacts}));
        k.contacts.forEach(function (x) {
          if (!x.fact.verified) {
            box.appendChild(el("p", {"class": "vv-small"}, x.value + ": Vi har ikke tjekket det på kommunens egen side."));
          }
        });
      }
      if (k.hint) { box.appendChild(el("p", {"class": "vv-small"}, k.hint)); }
      nodes.push(box);
    }
    return nodes;
  }

  function card(data, r) {
    var s = r.service;
    var article = el("article", {"class": "vv-card", "aria-labelledby": "r-" + s.id});
    var heading = el("h3", {"class": "h3", "id": "r-" + s.id});
    heading.appendChild(el("a", {"href": s.url}, s.name));
    article.appendChild(heading);
    var tags = el("p", {"class": "vv-tags"});
    tags.appendChild(el("span", {"class": "vv-status vv-status-" + r.status},
                        data.labels[r.status] || r.status));
    r.reasons.forEach(function (code) {
      // 'ask your kommune' has no chip: the card has its own box for it
      if (data.reason_labels[code]) { tags.appendChild(el("span", {"class": "vv-reason"}, data.reason_labels[code])); }
    });
    article.appendChild(tags);
    if (r.ask) {
      var ask = el("p", {"class": "vv-ask"});
      ask.appendChild(el("strong", {}, "Spørg din kommune."));
      ask.appendChild(document.createTextNode(" Vi ved ikke, om tilbuddet findes hos jer."));
      article.appendChild(ask);
    }
    if (s.summary) { article.appendChild(para(data, s.summary)); }
    article.appendChild(el("h4", {"class": "h5"}, "Sådan kommer I i kontakt"));
    article.appendChild(contactList(data, s.contact));
    if (s.via) { article.appendChild(viaBox(data, s.via)); }
    kommuneBox(data, r).forEach(function (node) { article.appendChild(node); });
    article.appendChild(el("h4", {"class": "h5"}, "Det sker bagefter"));
    article.appendChild(para(data, s.after || "Det står ikke i vores kilder. Spørg, når I tager kontakt."));
    // the kommune's own "Vejen videre", precomputed in Python: never another region's pathway
    var byKommune = data.onwards[s.id];
    var next = byKommune.variants[byKommune.kommuner[r.kommune] || 0];
    if (next.pathways.length + next.handovers.length) {
      article.appendChild(el("h4", {"class": "h5"}, "Vejen videre"));
      var list = el("ul");
      next.pathways.forEach(function (p) {
        var item = el("li", {}, "Forløb: ");
        item.appendChild(el("a", {"href": p.url}, p.name));
        list.appendChild(item);
      });
      next.handovers.forEach(function (h) {
        // as _macros.html result_card: the step handed over to is a link to its pathway
        var item = el("li", {}, h.method_label + " til ");
        item.appendChild(h.to.url ? el("a", {"href": h.to.url}, h.to.name)
                                  : document.createTextNode(h.to.name));
        if (h.to.sector) { item.appendChild(document.createTextNode(" (" + h.to.sector.label + ")")); }
        list.appendChild(item);
      });
      article.appendChild(list);
    }
    return article;
  }

  function alertBox(kind, heading, lines) {
    var box = el("div", {"class": "alert alert-" + kind, "role": kind === "error" ? "alert" : "status"});
    var body = el("div", {"class": "alert-body"});
    if (heading) { body.appendChild(el("p", {"class": "alert-heading"}, heading)); }
    lines.forEach(function (line) { body.appendChild(el("p", {"class": "alert-text"}, line)); });
    box.appendChild(body);
    return box;
  }

  /* The "Få hjælp nu" card, built like web/templates/_help_now.html from parts made in
     Python (presenters.help_data): per region and per warning sign. */
  function contactLine(entry) {
    var item = el("li", {}, entry.name + ": ");
    entry.contacts.forEach(function (c, i) {
      if (i) { item.appendChild(document.createTextNode(" · ")); }
      item.appendChild(c.href && /^(tel:|sms:|https?:)/.test(c.href) ? el("a", {"href": c.href}, c.value)
                                                                     : el("span", {}, c.value));
      if (c.hours) { item.appendChild(document.createTextNode(" (" + c.hours + ")")); }
    });
    return item;
  }

  function helpNow(data, concerns, kommune) {
    var danger = data.danger;
    var region = danger.regions[danger.kommune_region[kommune] || ""] || danger.regions[""];
    var box = el("section", {"class": "vv-help-now", "id": "faa-hjaelp-nu", "role": "alert",
                             "aria-labelledby": "faa-hjaelp-nu-titel"});
    box.appendChild(el("h2", {"id": "faa-hjaelp-nu-titel"}, "Få hjælp nu"));
    box.appendChild(el("p", {}, "Det, I skriver, kan være et tegn på fare. Vent ikke med at få hjælp."));
    var list = el("ul", {"class": "vv-help-now-lines"});
    if (region.emergency && region.emergency.contacts.length) {
      var phone = region.emergency.contacts[0];
      var first = el("li", {"class": "vv-help-now-112"});
      var strong = el("strong", {}, "Er der fare for liv? Ring ");
      strong.appendChild(el("a", {"href": phone.href}, phone.value));
      strong.appendChild(document.createTextNode("."));
      first.appendChild(strong);
      first.appendChild(document.createTextNode(" Det gælder også, hvis I tror, barnet vil gøre det nu."));
      list.appendChild(first);
    }
    region.regional.forEach(function (u) { list.appendChild(contactLine(u)); });
    var akut = el("li");
    if (region.regional.length) {
      akut.appendChild(el("a", {"href": danger.akut_url}, "Alle akutte numre"));
    } else {
      akut.appendChild(document.createTextNode("Er det ikke livsfarligt, men kan ikke vente? Ring til jeres læge. Har lægen lukket, så ring til lægevagten i jeres region. Numrene er forskellige fra region til region: "));
      akut.appendChild(el("a", {"href": danger.akut_url}, "se numrene for alle fem regioner"));
      akut.appendChild(document.createTextNode("."));
    }
    list.appendChild(akut);
    var seen = {}, advice = [], sources = [], names = [];
    concerns.forEach(function (id) {
      var part = danger.concerns[id];
      if (!part) { return; }
      names.push(part.ref.name);
      part.lines.forEach(function (u) { if (!seen[u.id]) { seen[u.id] = true; list.appendChild(contactLine(u)); } });
      part.right_now.forEach(function (a) { if (advice.indexOf(a.text) < 0) { advice.push(a.text); } });
      part.sources.forEach(function (s) { if (!seen[s.id]) { seen[s.id] = true; sources.push(s); } });
    });
    box.appendChild(list);
    if (advice.length) {
      box.appendChild(el("h3", {}, "Det kan I gøre nu"));
      advice.forEach(function (text) { box.appendChild(el("p", {}, text)); });
    }
    var why = el("p", {"class": "vv-small"}, "Vi viser dette, fordi I skrev om: " + names.join(", ") + ".");
    if (sources.length) {
      why.appendChild(document.createTextNode(" Rådene bygger på: "));
      sources.forEach(function (s, i) {
        if (i) { why.appendChild(document.createTextNode("; ")); }
        why.appendChild(el("a", {"href": s.url}, s.title));
      });
      why.appendChild(document.createTextNode("."));
    }
    box.appendChild(why);
    return box;
  }

  /* The urgent bar for the family's region, built like base.html's from the bar Python
     renders per region (presenters.urgent_bar): 112 and the region's own number first. */
  function urgentBar(data, kommune) {
    var region = data.danger.kommune_region[kommune];
    var bar = region ? (data.urgent_bars || {})[region] : null;
    var list = document.querySelector(".vv-urgent-list");
    if (!bar || !list) { return; }
    list.textContent = "";
    bar.lines.forEach(function (u) {
      var c = u.contacts[0];
      if (!c || !/^tel:/.test(c.href || "")) { return; }
      var link = el("a", {"href": c.href, "class": "vv-urgent-link"});
      link.appendChild(el("strong", {}, c.value));
      link.appendChild(document.createTextNode(" "));
      link.appendChild(el("span", {"class": "vv-urgent-label"}, u.bar_label));
      var item = el("li");
      item.appendChild(link);
      list.appendChild(item);
    });
    var more = el("a", {"href": bar.more.url, "class": "vv-urgent-more"}, bar.more.label);
    if (bar.more.detail) { more.appendChild(el("span", {"class": "vv-urgent-detail"}, bar.more.detail)); }
    var last = el("li");
    last.appendChild(more);
    list.appendChild(last);
  }

  function render(data) {
    if (data.kommuner[question.kommune]) { urgentBar(data, question.kommune); }
    var helpBox = document.getElementById("help-now");
    var urgent = dangerConcerns(data.danger, question.bekymring);
    if (helpBox && urgent.length) {
      helpBox.textContent = "";
      helpBox.appendChild(helpNow(data, urgent, data.kommuner[question.kommune] ? question.kommune : ""));
    }
    var kommuneName = data.kommuner[question.kommune];
    var found = find(data, question.alder, question.bekymring, question.kommune);
    answer.textContent = "";
    if (found.errors.length) { answer.appendChild(alertBox("error", "Tjek jeres svar", found.errors)); return; }
    var concerns = found.concerns, results = found.results;
    if (questions) { questions.hidden = true; }
    answer.appendChild(el("h1", {"id": "svar", "tabindex": "-1"}, "Her kan I starte"));
    answer.appendChild(saidLine(kommuneName));
    var named = themes(data, concerns);
    if (named.length) {
      var line = el("p", {}, "Vi har søgt efter hjælp til: ");
      named.forEach(function (name, i) {
        line.appendChild(el("strong", {}, name));
        line.appendChild(document.createTextNode(i < named.length - 1 ? ", " : "."));
      });
      answer.appendChild(line);
    }
    // the card leaves the hidden questions and comes first in the answer, as on the live site
    if (helpBox) { answer.appendChild(helpBox); }
    if (question.bekymring && !concerns.length) {
      answer.appendChild(alertBox("info", null, ["Vi kunne ikke genkende bekymringen \"" +
        question.bekymring + "\". Vi viser derfor tilbud for alle bekymringer."]));
    }
    var unknown = results.filter(function (r) { return r.ask; }).length;
    if (unknown) {
      answer.appendChild(alertBox("warning", null, ["Spørg din kommune. For " + unknown +
        " af tilbuddene ved vi ikke, om de findes " + (kommuneName ? "i " + kommuneName : "der, hvor I bor") + "."]));
    }
    if (!results.length) {
      answer.appendChild(el("p", {}, "Vi fandt ingen tilbud, der passer. Spørg din kommune eller jeres læge – de kan hjælpe jer videre."));
      return;
    }
    var list = el("ol", {"class": "vv-results"});
    results.forEach(function (r) { var item = el("li"); item.appendChild(card(data, r)); list.appendChild(item); });
    answer.appendChild(list);
  }

  // "Barn på 10 år · ondt i maven · Gentofte · Ret", as navigator.presenters.find.said.
  function saidLine(kommuneName) {
    var parts = [question.alder ? "Barn på " + question.alder + " år" : "Alder ikke oplyst"];
    if (question.bekymring) { parts.push(question.bekymring); }
    parts.push(kommuneName || "Ingen kommune valgt");
    var line = el("p", {"class": "vv-asked"});
    line.appendChild(el("span", {"class": "sr-only"}, "I spurgte om: "));
    parts.forEach(function (part) {
      line.appendChild(el("span", {}, part));
      line.appendChild(document.createTextNode(" · "));
    });
    var edit = new URLSearchParams();
    ["alder", "bekymring", "kommune"].forEach(function (k) { if (question[k]) { edit.set(k, question[k]); } });
    edit.set("ret", "1");
    var link = el("a", {"href": "?" + edit.toString() + "#find-form"}, "Ret");
    link.appendChild(el("span", {"class": "sr-only"}, " jeres svar"));
    line.appendChild(link);
    return line;
  }

  // The broadest matched concerns in parents' words, as navigator.presenters.find.themes.
  function themes(data, found) {
    var said = normalise(question.bekymring);
    return data.concerns.filter(function (c) {
      return found.indexOf(c.id) >= 0 && found.indexOf(c.broader) < 0 && normalise(c.label) !== said;
    }).sort(function (a, b) { return a.id < b.id ? -1 : 1; }).map(function (c) { return c.label; });
  }

  function fillForm() {
    ["alder", "bekymring", "kommune"].forEach(function (name) {
      var field = document.getElementById(name);
      if (field) { field.value = question[name]; }
    });
  }

  function loadData() {
    return fetch(answer.getAttribute("data-source") || "/find-data.json")
      .then(function (response) { return response.json(); });
  }

  fillForm();
  loadData()
    .then(render)
    .then(focusHeading)
    .catch(function (err) {
      if (window.console) { console.error(err); }
      answer.textContent = "";
      answer.appendChild(alertBox("error", "Svaret kunne ikke hentes", ["Prøv igen, eller spørg din kommune."]));
    });
}());
