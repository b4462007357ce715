/* Search on the static site: answers /soeg/?q=… in the browser from /search-data.json, by the
   rules of navigator.answers.search.search. Every table comes from Python (navigator/web/static_search.py):
   the stems, the parents' phrases, the typo table and the stem of every word the index knows.
   Here the words are folded (text.fold), looked up and combined; a word the table lacks is
   stemmed by the stem function passed in (Snowball's Danish stemmer, @orama/stemmers, as
   Python stems it), or taken as it is when there is none.
   The answer is cloned from <template>s that Jinja renders from search.html's own macros, and
   text is always set with textContent, never as HTML. */
(function () {
  "use strict";

  // danger.js runs text.fold by the rule Python sends; in Node it is required beside this file
  var D = (typeof window === "object" && window.vejviserDanger) ||
          (typeof require === "function" ? require("./danger.js") : null);
  // Node (tests/test_search_parity.py) runs the search itself against Python's.
  if (typeof module === "object" && module.exports) {
    module.exports = {search: search, cut: cut};
  }
  if (typeof document === "undefined") { return; }

  /* search.cut: the question trimmed and read up to data.cut characters. */
  function cut(data, text) {
    return Array.from((text || "").trim()).slice(0, data.cut).join("");
  }

  function own(table, key) {
    return Object.prototype.hasOwnProperty.call(table, key) ? table[key] : undefined;
  }

  // text.fold, by the rule in the data (keep, folds), as danger.js runs it
  function fold(data, text) { return D.fold(text, data); }

  /* search.query_stems: the folded words less stopwords, each looked up in the forms table;
     a word the table does not know is stemmed, or taken as it is without a stemmer. */
  function queryStems(data, text, stem) {
    var words = fold(data, text).match(/[a-z0-9]+/g) || [];
    return words.filter(function (w) { return data.stopwords.indexOf(w) < 0; })
      .map(function (w) { return own(data.forms, w) || (stem ? stem(w) : w); });
  }

  function deletions(stem) {
    var keys = [stem];
    for (var i = 0; i < stem.length; i++) { keys.push(stem.slice(0, i) + stem.slice(i + 1)); }
    return keys;
  }

  /* search.distance: optimal string alignment (a letter wrong, missing, extra or swapped). */
  function distance(a, b) {
    var rows = [[]];
    for (var j = 0; j <= b.length; j++) { rows[0].push(j); }
    for (var i = 1; i <= a.length; i++) {
      var row = [i];
      for (j = 1; j <= b.length; j++) {
        var cost = a[i - 1] === b[j - 1] ? 0 : 1;
        row.push(Math.min(rows[i - 1][j] + 1, row[j - 1] + 1, rows[i - 1][j - 1] + cost));
        if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
          row[j] = Math.min(row[j], rows[i - 2][j - 2] + 1);
        }
      }
      rows.push(row);
    }
    return rows[a.length][b.length];
  }

  function closeEnough(data, typed, stem, edits) {
    var letters = typed.length + stem.length + (typed.length !== stem.length ? 1 : 0);
    return edits * 2 * data.letters_per_edit <= letters;
  }

  function compare(a, b) { return a < b ? -1 : (a > b ? 1 : 0); }

  /* search.correct: the stem itself, else the nearest stems that share a deletion key (a
     stem of a document or a word of a concern's phrase). */
  function correct(data, lookup, stem) {
    if (own(lookup, stem) !== undefined || data.phrase_words.indexOf(stem) >= 0) { return [stem]; }
    if (stem.length < data.min_stem) { return []; }
    var near = {}, count = data.stems.length;
    deletions(stem).forEach(function (key) {
      (own(data.typos, key) || []).forEach(function (n) {
        near[n < count ? data.stems[n] : data.phrase_words[n - count]] = true;
      });
    });
    return Object.keys(near)
      .map(function (v) { return {d: distance(stem, v), v: v}; })
      .sort(function (a, b) { return a.d - b.d || compare(a.v, b.v); })
      .filter(function (c) { return closeEnough(data, stem, c.v, c.d); })
      .slice(0, data.max_corrections)
      .map(function (c) { return c.v; });
  }

  /* search.compounds: the stems that start with this one, a range of the sorted stems. */
  function compounds(data, stem) {
    if (stem.length < data.min_stem) { return []; }
    var lo = 0, hi = data.stems.length;
    while (lo < hi) {  // bisect_right
      var mid = (lo + hi) >> 1;
      if (stem < data.stems[mid]) { hi = mid; } else { lo = mid + 1; }
    }
    var found = [];
    for (var i = lo; i < data.stems.length && found.length < data.max_compounds; i++) {
      if (data.stems[i].indexOf(stem) !== 0) { break; }
      found.push(data.stems[i]);
    }
    return found;
  }

  /* search.matches: compounds, else itself or its typos; else the same less 1–3 last letters. */
  function matches(data, lookup, typed) {
    for (var cut = 0; cut <= data.max_cut; cut++) {
      var stem = typed.slice(0, typed.length - cut);
      if (cut && stem.length < data.min_stem) { break; }
      var parts = compounds(data, stem);
      var found = own(lookup, stem) !== undefined || !parts.length ? correct(data, lookup, stem) : [];
      if (parts.length || found.length) { return {stem: stem, parts: parts, found: found}; }
    }
    return {stem: typed, parts: [], found: []};
  }

  function concernsIn(data, stems, into) {
    var text = " " + stems.join(" ") + " ";
    Object.keys(data.phrases).forEach(function (phrase) {
      if (text.indexOf(" " + phrase + " ") >= 0) {
        data.phrases[phrase].forEach(function (id) { into[id] = true; });
      }
    });
  }

  function lookupOf(data) {
    if (!data.lookup) {
      data.lookup = {};
      data.stems.forEach(function (s, i) { data.lookup[s] = i; });
    }
    return data.lookup;
  }

  /* The whole answer, as navigator.answers.search.search gives it (summaries already shortened);
     stem: Snowball's Danish stemmer (word → stem), or null. */
  function search(data, query, stem, limit) {
    limit = limit || 12;
    var lookup = lookupOf(data), w = data.weights;
    var scores = {}, corrections = {}, resolved = [];
    var said = queryStems(data, query, stem);
    function add(stem, factor) {
      var flat = own(lookup, stem) === undefined ? [] : data.postings[lookup[stem]];
      for (var i = 0; i < flat.length; i += 2) {
        scores[flat[i]] = (scores[flat[i]] || 0) + flat[i + 1] * factor;
      }
    }
    said.forEach(function (typed) {
      var match = matches(data, lookup, typed), stem = match.stem, parts = match.parts, found = match.found;
      found.forEach(function (f) { if (f !== stem) { corrections[own(data.words, f) || f] = true; } });
      resolved.push(found.length ? found[0] : stem);
      found.forEach(function (m) { add(m, 1); });
      parts.forEach(function (m) { add(m, w.compound); });
    });
    var concerns = {};
    concernsIn(data, said, concerns);
    concernsIn(data, resolved, concerns);
    Object.keys(scores).forEach(function (n) {  // a concern named in the query
      var doc = data.docs[n];
      if (doc.kind === "concern" && scores[n] >= w.title * w.compound) { concerns[doc.id] = true; }
    });
    var boosted = {};
    Object.keys(concerns).forEach(function (c) {
      (own(data.by_concern, c) || []).forEach(function (n) { boosted[n] = true; });
    });
    Object.keys(boosted).forEach(function (n) { scores[n] = (scores[n] || 0) + w.concern; });
    var ranked = Object.keys(scores).map(Number).sort(function (a, b) {
      return scores[b] - scores[a] || compare(data.docs[a].title, data.docs[b].title) || a - b;
    });
    var groups = {};
    ranked.forEach(function (n) {
      var doc = data.docs[n];
      var items = groups[doc.kind] = groups[doc.kind] || [];
      if (items.length < limit) {
        items.push({id: doc.id, title: doc.title, summary: doc.summary, url: doc.url, areas: doc.areas});
      }
    });
    return {
      query: query,
      corrections: Object.keys(corrections).sort(compare),
      concerns: Object.keys(concerns).sort(compare),
      total: ranked.length,
      groups: data.kinds.filter(function (k) { return groups[k.kind]; }).map(function (k) {
        return {kind: k.kind, label: k.label, results: groups[k.kind]};
      })
    };
  }

  var answer = document.getElementById("search-answer");
  if (!answer || !answer.getAttribute("data-source")) { return; }  // the live page answered
  // as typed; render() reads it as search.cut does, by the length Python sends
  var query = new URLSearchParams(window.location.search).get("q") || "";
  var field = document.getElementById("q");
  if (field) { field.value = query.trim(); }
  if (!query.trim()) { return; }

  function clone(id) {
    return document.getElementById(id).content.firstElementChild.cloneNode(true);
  }

  function slot(node, name) { return node.querySelector("[data-slot=\"" + name + "\"]"); }

  function resultItem(r) {
    var item = clone("search-result");
    var link = slot(item, "title");
    link.setAttribute("href", r.url);
    link.textContent = r.title;
    if (r.areas.length) { slot(item, "areas").textContent = r.areas.join(", "); }
    else { slot(item, "areas-line").remove(); }
    if (r.summary) { slot(item, "summary").textContent = r.summary; }
    else { slot(item, "summary").remove(); }
    return item;
  }

  function render(data, stem) {
    query = cut(data, query);
    if (field) { field.value = query; }
    var help = window.vejviserHelpNow, box = document.getElementById("help-now");
    // no kommune on the search page: the card for no region (112 and the national lines)
    var card = help && box ? help.helpNow(data.help, data.help.pieces, query) : null;
    if (card) { box.textContent = ""; box.appendChild(card); }
    var result = search(data, query, stem);
    answer.textContent = "";
    if (result.corrections.length) {
      var line = clone("search-corrections");
      slot(line, "corrections").textContent = result.corrections.join(", ");
      answer.appendChild(line);
    }
    var count = clone(result.total === 1 ? "search-count-one" : "search-count-many");
    slot(count, "total").textContent = String(result.total);
    slot(count, "q").textContent = query;
    answer.appendChild(count);
    result.groups.forEach(function (g) {
      var section = clone("search-group-" + g.kind);
      var list = slot(section, "results");
      g.results.forEach(function (r) { list.appendChild(resultItem(r)); });
      answer.appendChild(section);
    });
    if (!result.groups.length) { answer.appendChild(clone("search-nothing")); }
  }

  // the stemmer is a module beside the data; without it, a word the table lacks is taken as is
  var stemmer = import(answer.getAttribute("data-stemmer")).then(
    function (module) { return module.stemmer; },
    function (err) { if (window.console) { console.error(err); } return null; });
  Promise.all([fetch(answer.getAttribute("data-source")), stemmer])
    .then(function (got) {
      return got[0].json().then(function (data) { render(data, got[1]); });
    })
    .catch(function (err) {
      if (window.console) { console.error(err); }
      answer.textContent = "";
      answer.appendChild(clone("search-not-fetched"));
    });
}());
