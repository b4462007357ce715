/* The find helper on the static site: answers the three questions in the browser from
   /find-data.json, with the same rules as navigator.query.services_for. Text is always set
   with textContent, never as HTML. */
(function () {
  "use strict";

  var answer = document.getElementById("find-answer");
  if (!answer || answer.getAttribute("data-answered") === "true") { return; }
  var params = new URLSearchParams(window.location.search);
  var question = {
    alder: (params.get("alder") || "").trim(),
    bekymring: (params.get("bekymring") || "").trim(),
    kommune: params.get("kommune") || ""
  };
  if (!question.alder && !question.bekymring && !question.kommune) { return; }

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

  function resolveConcerns(data, text) {
    if (!text) { return []; }
    var wanted = normalise(text);
    var found = data.concerns.filter(function (c) {
      return c.id === wanted || c.phrases.indexOf(wanted) >= 0;
    }).map(function (c) { return c.id; });
    if (!found.length) {
      found = data.concerns.filter(function (c) {
        return c.phrases.some(function (p) {
          return p.length > 3 && (wanted.indexOf(p) >= 0 || p.indexOf(wanted) >= 0);
        });
      }).map(function (c) { return c.id; });
    }
    data.concerns.forEach(function (c) {
      if (c.broader && found.indexOf(c.broader) >= 0 && found.indexOf(c.id) < 0) { found.push(c.id); }
    });
    return found;
  }

  function parseAge(text) {
    if (!text) { return {age: null}; }
    if (!/^\d+$/.test(text)) { return {error: "Skriv alderen som et tal, fx 10."}; }
    var age = parseInt(text, 10);
    if (age < 0 || age > 30) { return {error: "Skriv en alder mellem 0 og 30 år."}; }
    return {age: age};
  }

  function match(data, age, concerns, kommune) {
    var results = [];
    data.services.forEach(function (s) {
      if (age !== null && ((s.min_age !== null && age < s.min_age) ||
                           (s.max_age !== null && age > s.max_age))) { return; }
      var direct = s.concerns.some(function (c) { return concerns.indexOf(c) >= 0; });
      if (concerns.length && !direct && s.concerns.length) { return; }
      var status = data.availability[s.id][kommune || ""];
      if (status === "not-offered") { return; }
      var ask = status === "unknown" || status === "planned";
      results.push({service: s, status: status, direct: direct, ask: ask, kommune: kommune,
                    reasons: s.reasons[(direct ? "1" : "0") + (ask ? "1" : "0")]});
    });
    function rank(r) {
      var rankOf = data.rank[r.status];
      return [r.service.entry, r.direct ? 0 : 1, rankOf === undefined ? 4 : rankOf,
              r.service.kommune_sector ? 0 : 1];
    }
    return results.sort(function (a, b) {
      var ra = rank(a), rb = rank(b);
      for (var i = 0; i < ra.length; i++) { if (ra[i] !== rb[i]) { return ra[i] - rb[i]; } }
      return a.service.name < b.service.name ? -1 : (a.service.name > b.service.name ? 1 : 0);
    });
  }

  function contactList(contact) {
    var box = document.createDocumentFragment();
    if (contact.how) { box.appendChild(el("p", {}, contact.how)); }
    if (contact.contacts.length) {
      var list = el("ul", {"class": "vv-contacts"});
      contact.contacts.forEach(function (x) {
        var item = el("li");
        item.appendChild(el("span", {"class": "vv-contact-type"},
                            x.type_label + (x.label ? " · " + x.label : "")));
        var value = x.href && /^(tel:|sms:|mailto:|https?:)/.test(x.href)
          ? el("a", {"href": x.href, "class": "vv-contact-value"}, x.value)
          : el("span", {"class": "vv-contact-value"}, x.value);
        item.appendChild(value);
        if (x.hours) { item.appendChild(el("span", {"class": "vv-small"}, x.hours)); }
        list.appendChild(item);
      });
      box.appendChild(list);
    } else if (!contact.how) {
      box.appendChild(el("p", {}, "Vi har ingen kontaktoplysninger. Spørg din kommune."));
    }
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
        box.appendChild(contactList({how: null, contacts: k.contacts}));
        k.contacts.forEach(function (x) {
          if (!x.fact.verified) {
            box.appendChild(el("p", {"class": "vv-small"}, x.value + ": " + x.fact.label));
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
    r.reasons.forEach(function (reason) { tags.appendChild(el("span", {"class": "vv-reason"}, reason)); });
    if (!s.fact.verified) { tags.appendChild(el("span", {"class": "vv-fact vv-fact-" + s.fact.status}, s.fact.label)); }
    article.appendChild(tags);
    if (r.ask) {
      var ask = el("p", {"class": "vv-ask"});
      ask.appendChild(el("strong", {}, "Spørg din kommune."));
      ask.appendChild(document.createTextNode(" Vi ved ikke, om tilbuddet findes hos jer."));
      article.appendChild(ask);
    }
    if (s.summary) { article.appendChild(el("p", {}, s.summary)); }
    article.appendChild(el("h4", {"class": "h5"}, "Sådan kommer I i kontakt"));
    article.appendChild(contactList(s.contact));
    kommuneBox(data, r).forEach(function (node) { article.appendChild(node); });
    article.appendChild(el("h4", {"class": "h5"}, "Det sker bagefter"));
    article.appendChild(el("p", {}, s.after || "Det står ikke i vores kilder. Spørg, når I tager kontakt."));
    var onwards = s.onwards.pathways.length + s.onwards.handovers.length;
    if (onwards) {
      article.appendChild(el("h4", {"class": "h5"}, "Vejen videre"));
      var list = el("ul");
      s.onwards.pathways.forEach(function (p) {
        var item = el("li", {}, "Forløb: ");
        item.appendChild(el("a", {"href": p.url}, p.name));
        list.appendChild(item);
      });
      s.onwards.handovers.forEach(function (h) {
        list.appendChild(el("li", {}, h.method_label + " til " + h.to.name +
                            (h.to.sector ? " (" + h.to.sector.label + ")" : "")));
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

  function render(data) {
    var age = parseAge(question.alder);
    var kommuneName = data.kommuner[question.kommune];
    var errors = [];
    if (age.error) { errors.push(age.error); }
    if (question.kommune && !kommuneName) { errors.push("Vi kender ikke den kommune. Vælg en fra listen."); }
    answer.textContent = "";
    if (errors.length) { answer.appendChild(alertBox("error", "Tjek jeres svar", errors)); return; }
    var concerns = resolveConcerns(data, question.bekymring);
    var results = match(data, age.age, concerns, kommuneName ? question.kommune : "");
    answer.appendChild(el("h2", {"id": "svar"}, "Her kan I starte"));
    var said = [];
    if (question.alder) { said.push("Barn på " + question.alder + " år."); }
    said.push(kommuneName ? "Kommune: " + kommuneName + "." : "I har ikke valgt kommune.");
    answer.appendChild(el("p", {}, said.join(" ")));
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

  function fillForm() {
    ["alder", "bekymring", "kommune"].forEach(function (name) {
      var field = document.getElementById(name);
      if (field) { field.value = question[name]; }
    });
  }

  fillForm();
  fetch(answer.getAttribute("data-source") || "/find-data.json")
    .then(function (response) { return response.json(); })
    .then(render)
    .catch(function () {
      answer.textContent = "";
      answer.appendChild(alertBox("error", "Svaret kunne ikke hentes", ["Prøv igen, eller spørg din kommune."]));
    });
}());
