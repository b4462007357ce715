/* Danger first, in the browser: runs the tables navigator/answers/danger.py compiles from the
   catalogue (/find-data.json "danger".rule), step for step as Python runs them. It holds no
   word, class or pattern of its own: those are data. tests/test_danger.py
   (test_the_browser_hears_exactly_what_python_hears) runs the corpus through both and
   compares. */
(function (root) {
  "use strict";

  // text.fold by the rule Python sends: lower case, accents off but the letters in rule.keep
  // kept (text.KEPT), then the Danish letters folded by the table rule.folds (text.FOLDS)
  function fold(text, rule) {
    var out = Array.from(text.trim().toLowerCase()).map(function (c) {
      return rule.keep.indexOf(c) >= 0 ? c : c.normalize("NFKD").charAt(0);
    }).join("");
    rule.folds.forEach(function (f) { out = out.split(f[0]).join(f[1]); });
    return out;
  }

  // danger.close: one letter wrong, missing or extra, or two neighbours swapped
  function close(a, b) {
    if (a === b) { return true; }
    if (Math.abs(a.length - b.length) > 1) { return false; }
    var i;
    if (a.length === b.length) {
      var diff = [];
      for (i = 0; i < a.length; i++) { if (a[i] !== b[i]) { diff.push(i); } }
      if (diff.length === 1) { return true; }
      i = diff[0];
      return diff.length === 2 && diff[1] === i + 1 && a[i] === b[i + 1] && a[i + 1] === b[i];
    }
    var s = a.length < b.length ? a : b, l = a.length < b.length ? b : a;
    for (i = 0; i < l.length; i++) { if (l.slice(0, i) + l.slice(i + 1) === s) { return true; } }
    return false;
  }

  function repair(word, rule) {
    if (word.length < rule.typo_min) { return word; }
    var i, entry, cut, d;
    for (i = 0; i < rule.lexicon.length; i++) { if (word.indexOf(rule.lexicon[i]) === 0) { return word; } }
    for (i = 0; i < rule.lexicon.length; i++) {
      entry = rule.lexicon[i];
      if (entry.length < rule.typo_min) { continue; }
      for (d = -1; d <= 1; d++) {
        cut = entry.length + d;
        if (word.length >= cut && close(word.slice(0, cut), entry)) { return entry + word.slice(cut); }
      }
    }
    return word;
  }

  function joinSplit(words, rule) {
    var out = [], i = 0;
    function inside(both, first) {
      return rule.lexicon.some(function (e) { return both.indexOf(e) === 0 && first.length < e.length; });
    }
    while (i < words.length) {
      if (i + 1 < words.length && inside(words[i] + words[i + 1], words[i])) {
        out.push(words[i] + words[i + 1]);
        i += 2;
      } else {
        out.push(words[i]);
        i += 1;
      }
    }
    return out;
  }

  function wordsOf(text, rule) {
    var raw = fold(Array.from(text).slice(0, rule.max).join(""), rule).match(/[a-z0-9]+/g) || [], spelled = [];
    raw.forEach(function (w) {
      var said = Object.prototype.hasOwnProperty.call(rule.spelling, w) ? rule.spelling[w] : w;
      said.split(" ").forEach(function (x) { if (x) { spelled.push(x); } });
    });
    return joinSplit(spelled, rule).map(function (w) { return repair(w, rule); });
  }

  // the rule's regular expressions, compiled once per rule object
  function compiled(rule) {
    if (!rule._compiled) {
      var pairs = function (list) { return list.map(function (p) { return [new RegExp(p[0]), p[1]]; }); };
      rule._compiled = {guards: rule.guards.map(function (g) { return new RegExp(g, "g"); }),
                        cues: pairs(rule.cues), soft: pairs(rule.soft), firm: pairs(rule.firm || [])};
    }
    return rule._compiled;
  }

  function lineOf(text, rule) {
    var line = " " + wordsOf(text, rule).map(function (w) { return w + " "; }).join("");
    compiled(rule).guards.forEach(function (g) { line = line.replace(g, " _ "); });
    return line;
  }

  function unique(list) {
    return list.filter(function (x, i) { return list.indexOf(x) === i; });
  }

  // danger.features: the sorted features of a line's words ("_" is a blanked look-alike)
  function features(words, rule, window) {
    var out = {}, hits = [], p = rule.prefix;
    if (!rule._classes) {
      rule._classes = rule.classes.map(function (c) { return [c[0], new RegExp("^(?:" + c[1] + ")$")]; });
    }
    words.forEach(function (word, i) {
      var names = word === "_" ? [] : rule._classes.filter(function (c) { return c[1].test(word); })
        .map(function (c) { return c[0]; });
      hits.push(names);
      if (word === "_") { return; }
      out["w:" + word] = 1;
      if (word.length > p) { out["p:" + word.slice(0, p)] = 1; }
      var padded = " " + word + " ", k;
      for (k = 0; k + 4 <= padded.length; k++) { out["g:" + padded.slice(k, k + 4)] = 1; }
      names.forEach(function (n) { out["c:" + n] = 1; });
      if (i && words[i - 1] !== "_") { out["b:" + words[i - 1].slice(0, p) + "_" + word.slice(0, p)] = 1; }
    });
    hits.forEach(function (first, i) {
      hits.slice(i + 1, i + 1 + window).forEach(function (later) {
        first.forEach(function (a) { later.forEach(function (b) { out["cc:" + a + ">" + b] = 1; }); });
      });
    });
    return Object.keys(out).sort();
  }

  // danger.stretches: a long text's words in stretches of `size`, half a stretch apart
  function stretches(words, size) {
    if (!(size > 0) || words.length <= size) { return [words]; }
    var step = Math.max(1, Math.floor(size / 2)), out = [];
    for (var i = 0; i < words.length - size; i += step) { out.push(words.slice(i, i + size)); }
    out.push(words.slice(words.length - size));
    return out;
  }

  // one stretch's scores, or null when the layer weighs none of its features
  function scored(rule, words) {
    var w = rule.model, total = w.bias.slice(), has = Object.prototype.hasOwnProperty;
    var known = false;
    features(words, rule, w.window).forEach(function (f) {
      if (has.call(w.table, f)) {
        known = true;
        w.table[f].forEach(function (p) { total[p[0]] += p[1]; });
      }
    });
    return known ? total : null;  // as danger.learned: the bias alone says nothing
  }

  // danger.cued_stretch: one of the cues that match the whole line matches a stretch alone
  function cuedStretch(hits, words) {
    var line = " " + words.map(function (w) { return w + " "; }).join("");
    return hits.some(function (p) { return p[0].test(line); });
  }

  // danger.learned: [full, soft, veto]: concern ids from the learned layer's integer weights,
  // and whether the text scores below the veto (a cue then gives the soft card): the veto
  // model's score (after the detector's) when the weights have one and Python says it
  // decides this length of text (the highest on a stretch a cue matches), else the
  // detector's; the stretch whose detector scores highest speaks for a long text
  function learned(rule, line, hits) {
    var w = rule.model;
    if (!w) { return [[], [], false]; }
    var total = null, n = w.concerns.length, onCue = null, onAny = null;
    var parts = stretches(line.split(" ").filter(Boolean), w.stretch || 0);
    // a text of several stretches has thresholds of its own: [full, soft, veto]
    var cut = w.long && parts.length > 1 ? w.long : [w.full, w.soft, w.veto];
    var byModel = w.vetoer && (parts.length === 1 || w.long_vetoer);
    parts.forEach(function (words) {
      var here = scored(rule, words);
      if (!here) { return; }
      if (total === null || here[n] > total[n]) { total = here; }
      if (byModel) {
        onAny = onAny === null ? here[n + 1] : Math.max(onAny, here[n + 1]);
        if (parts.length > 1 && hits.length && cuedStretch(hits, words)) {
          onCue = onCue === null ? here[n + 1] : Math.max(onCue, here[n + 1]);
        }
      }
    });
    if (!total) { return [[], [], false]; }
    var model = onCue !== null ? onCue : onAny;
    var vetoed = (byModel && model !== null ? model : total[n]) < cut[2];
    var ranked = w.concerns.map(function (c, i) { return i; });
    ranked.sort(function (a, b) { return (total[b] - total[a]) || (a - b); });
    if (total[n] >= cut[0]) {
      return [ranked.filter(function (i) { return i === ranked[0] || total[i] >= 0; })
        .map(function (i) { return w.concerns[i]; }), [], false];
    }
    if (total[n] >= cut[1]) { return [[], [w.concerns[ranked[0]]], vetoed]; }
    return [[], [], vetoed];
  }

  // danger.assess: {concerns: [...], soft: [...]}
  function assess(rule, text) {
    if (!text || !rule || !rule.max) { return {concerns: [], soft: []}; }
    var line = lineOf(text, rule), c = compiled(rule);
    var hit = function (pair) { return pair[0].test(line); };
    // danger.cue_hits, matched once: the cues decide, and the veto reads their stretches
    var hits = c.cues.filter(hit), more = learned(rule, line, hits);
    var urgent = function (id) { return rule.urgent.indexOf(id) >= 0; };
    var firm = c.firm.filter(hit).map(function (p) { return p[1]; });
    var cued = hits.map(function (p) { return p[1]; });
    var full = unique(firm.concat(more[2] ? [] : cued).concat(more[0].filter(urgent)));
    if (full.length) { return {concerns: full, soft: []}; }
    var soft = (more[2] ? cued : []).concat(c.soft.filter(hit).map(function (p) { return p[1]; }));
    return {concerns: [], soft: unique(soft.concat(more[1].filter(urgent)))};
  }

  var api = {assess: assess, lineOf: lineOf, fold: fold};
  if (typeof module === "object" && module.exports) { module.exports = api; }
  if (typeof window === "object") { root.vejviserDanger = api; }
}(typeof window === "object" ? window : this));
