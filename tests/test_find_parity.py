"""The static site's find (find.js in Node, on the files the site ships: /find-data.json and
/find-data/<kommune>.json) gives the live answer: the same services in the same order, with the
same status, reason codes and card, for every kommune (and none) × every concern (and none) ×
a band of ages; and the cards, put together as find.js does, are the live page's cards
(issue 10, items 1 and 3)."""

from __future__ import annotations

import re
from typing import Any

import pytest
from flask.testing import FlaskClient
from helpers import run_node

from navigator import paths, urls
from navigator.build import Site
from navigator.query import (
    availability,
    is_starting_point,
    local_only,
    national_lines,
    resolve_concerns,
    services_for,
)
from navigator.web.presenters.find import parse_age
from navigator.web.static_find import NO_KOMMUNE, shard_ids

FIND_JS = paths.STATIC / "js" / "find.js"
PATTERNS = urls.patterns()
AGES = ("", "3", "10", "15", "17")
# Every answer as (service id, status, reason codes, card number); each card once, at the end.
SCRIPT = """
const m = require(process.argv[1]);
let text = '';
process.stdin.on('data', d => text += d).on('end', () => {
  const x = JSON.parse(text);
  const cards = new Map();
  const number = html => {
    if (!cards.has(html)) { cards.set(html, cards.size); }
    return cards.get(html);
  };
  const answers = x.questions.map(q => {
    const shard = x.shards[m.shardUrl(x.paths, q[2])] || null;
    const a = m.find(x.common, shard, q[0], q[1], q[2]);
    return {errors: a.errors, concerns: a.concerns.slice().sort(), local: a.local,
            lines: a.lines.map(l => l.id), national: shard ? m.nationalHtml(shard, a.lines) : '',
            results: a.results.map(r => [r.service.id, r.status, r.reasons, number(r.card)])};
  });
  process.stdout.write(JSON.stringify({answers: answers, cards: Array.from(cards.keys())}));
});
"""
CARD = re.compile(r'<article class="vv-card".*?</article>', re.S)
NATIONAL = re.compile(r'<section class="vv-national-lines".*?</section>', re.S)
TERM = re.compile(r'<a class="vv-term" href="/ordliste/#([^"]+)"[^>]*>(.*?)</a>', re.S)


@pytest.fixture(scope="module")
def shipped(app: Any, site: Site) -> dict[str, Any]:
    """The files the static find fetches, by URL, as the site serves (and freezes) them."""
    client = app.test_client()
    wanted = [urls.FIND_DATA, *(urls.find_shard(i) for i in shard_ids(site))]
    files = {}
    for url in wanted:
        response = client.get(url)
        assert response.status_code == 200, url
        files[url] = response.get_json()
    return files


def static_answers(shipped: dict[str, Any], questions: list[tuple[str, str, str]]) -> Any:
    """find.js's answers to the questions, from one Node process."""
    shards = {url: data for url, data in shipped.items() if url.startswith("/find-data/")}
    payload = {
        "common": shipped["/find-data.json"],
        "shards": shards,
        "questions": questions,
        "paths": {"shard": PATTERNS["find_shard"], "noKommune": PATTERNS["find_no_kommune"]},
    }
    return run_node(SCRIPT, payload, FIND_JS)


def shard_url(kommune: str) -> str:
    """The kommune's file (find.js's shardUrl)."""
    return urls.find_shard(kommune or None)


def live_answer(site: Site, alder: str, bekymring: str, kommune: str) -> dict[str, Any]:
    """What the live find answers (query.services_for), in the same shape, without cards;
    local: whether the page says that choosing the kommune may show more help."""
    age, error = parse_age(alder)
    matches = services_for(site, age, bekymring or None, kommune or None)
    return {
        "errors": [error] if error else [],
        "concerns": sorted(resolve_concerns(site.catalogue, bekymring)),
        "local": not error and bool(local_only(site, age, bekymring or None, kommune or None)),
        # no kommune: the national lines to call right away, in order
        "lines": [] if error or kommune else [s.id for s in national_lines(site.catalogue, age)],
        "results": [[m.service.id, m.availability, list(m.codes)] for m in matches],
    }


def questions_for(site: Site) -> list[tuple[str, str, str]]:
    """(age, concern, kommune) for every kommune and none, every concern and none, and AGES.

    Asking nothing at all gives no answer on either site, so that one is left out.
    """
    kommuner = ["", *(k.id for k in site.catalogue.kommuner())]
    concerns = ["", *site.catalogue.concerns]
    return [
        (age, concern, kommune)
        for kommune in kommuner
        for concern in concerns
        for age in AGES
        if age or concern or kommune
    ]


def normalised(html: str) -> str:
    """HTML with every run of whitespace as one space."""
    return " ".join(html.split())


def explained_once(cards: list[str]) -> list[str]:
    """Cards as one page shows them: a glossary term already explained higher up becomes
    plain text again (what find.js's explainOnce does in the browser)."""
    seen: set[str] = set()

    def once(match: re.Match[str]) -> str:
        if match.group(1) in seen:
            return re.sub(r"<[^>]+>", "", match.group(2))
        seen.add(match.group(1))
        return match.group(0)

    return [TERM.sub(once, card) for card in cards]


def live_cards(client: FlaskClient, alder: str, bekymring: str, kommune: str) -> list[str]:
    """The cards of the live /find/ answer, in order, as served."""
    query = {"alder": alder, "bekymring": bekymring, "kommune": kommune}
    html = client.get("/find/", query_string={k: v for k, v in query.items() if v}).text
    return [normalised(card) for card in CARD.findall(html)]


def test_the_static_find_gives_the_live_answer_to_every_question(
    site: Site, shipped: dict[str, Any]
) -> None:
    questions = questions_for(site)
    out = static_answers(shipped, questions)
    answers = out["answers"]
    assert len(answers) == len(questions) == 99 * (len(site.catalogue.concerns) + 1) * 5 - 1
    wrong = []
    for question, answer in zip(questions, answers, strict=True):
        shown = {**answer, "results": [r[:3] for r in answer["results"]]}
        shown.pop("national")
        if shown != live_answer(site, *question):
            wrong.append((question, shown))
        # each card is the kommune's card for the service, with the 'fits' chip when it fits
        cards = {s["id"]: s["cards"] for s in shipped[shard_url(question[2])]["services"]}
        for sid, _, codes, card in answer["results"]:
            fits = "1" if "concern" in codes else "0"
            assert out["cards"][card] == cards[sid][fits], (question, sid)
    assert not wrong, f"{len(wrong)} answers differ, first: {wrong[:1]}"
    # the notice 'more help where you live' is compared too: shown only with no kommune
    noticed = [q for q, a in zip(questions, answers, strict=True) if a["local"]]
    assert noticed and not any(q[2] for q in noticed)
    assert len(noticed) < sum(1 for q in questions if not q[2]), "not for every question"
    assert sum(1 for a in answers if a["results"]) > len(answers) // 2, "most questions match"


def test_the_static_cards_are_the_live_pages_cards(
    site: Site, shipped: dict[str, Any], client: FlaskClient
) -> None:
    """For every kommune (and none): the answer with no concern (every card it can show
    without a fitting concern) and one with a concern (cards with the 'fits' chip), card for
    card in order, glossary links and whitespace as on the live page."""
    concerns = sorted(site.catalogue.concerns)
    kommuner = ["", *(k.id for k in site.catalogue.kommuner())]
    questions = [("", "", k) for k in kommuner if k] + [("10", "", "")]
    questions += [("15", concerns[i % len(concerns)], k) for i, k in enumerate(kommuner)]
    out = static_answers(shipped, questions)
    compared = once = 0
    for question, answer in zip(questions, out["answers"], strict=True):
        shipped_cards = [out["cards"][r[3]] for r in answer["results"]]
        static = explained_once(shipped_cards)
        live = live_cards(client, *question)
        assert [normalised(c) for c in static] == live, question
        compared += len(live)
        once += static != shipped_cards
    assert compared > 5 * len(questions), "most answers have many cards"
    assert once > len(questions) // 2, "a term explained on one card is plain text on the next"


def test_the_static_find_shows_the_live_pages_national_lines(
    site: Site, shipped: dict[str, Any], client: FlaskClient
) -> None:
    """No kommune: the national lines find.js puts in are the live page's section, byte for
    byte up to whitespace, for every age band (the lines follow the age); with a kommune none."""
    concerns = ["", *sorted(site.catalogue.concerns)[:3]]
    questions = [(age, c, "") for age in (*AGES, "12", "25") for c in concerns if age or c]
    questions += [("10", "", "aalborg"), ("15", "", "odense")]
    out = static_answers(shipped, questions)
    kinds = set()
    for question, answer in zip(questions, out["answers"], strict=True):
        query = {k: v for k, v in zip(("alder", "bekymring", "kommune"), question, strict=True)}
        html = client.get("/find/", query_string={k: v for k, v in query.items() if v}).text
        live = NATIONAL.findall(html)
        assert [normalised(h) for h in live] == (
            [normalised(answer["national"])] if answer["national"] else []
        ), question
        if question[2]:
            assert not live and not answer["lines"], question
        else:
            assert live, question
            kinds.add(tuple(answer["lines"]))
    assert len(kinds) > 1, "the lines follow the child's age"


def test_a_card_shows_the_kommunes_contact_and_its_fit(shipped: dict[str, Any]) -> None:
    """What varies with the question is in the card: the kommune's own way in, and the
    'fits your concern' chip only on the card for a fitting concern."""
    shard = shipped["/find-data/gentofte.json"]
    own = next(s for s in shard["services"] if s["id"] == "lettilgaengeligt-tilbud")
    assert "Kontakt Gentofte" in own["cards"]["0"]
    assert "Passer til jeres bekymring" in own["cards"]["1"]
    assert "Passer til jeres bekymring" not in own["cards"]["0"]
    none = shipped[f"/find-data/{NO_KOMMUNE}.json"]
    assert not any("vv-kommune-contact" in c for s in none["services"] for c in s["cards"].values())


def test_each_kommune_ships_only_what_it_can_be_shown(
    site: Site, shipped: dict[str, Any], client: FlaskClient
) -> None:
    """A kommune's file lists the services whose status there is not 'not-offered', and no
    other kommune's; an id that is no kommune has no file."""
    cat = site.catalogue
    starting = [s for s in cat.services.values() if is_starting_point(s)]
    for kommune in ("aalborg", "randers", None):
        shard = shipped[f"/find-data/{kommune or NO_KOMMUNE}.json"]
        wanted = {
            s.id: availability(cat, s, kommune)[0]
            for s in starting
            if availability(cat, s, kommune)[0] != "not-offered"
        }
        assert {s["id"]: s["status"] for s in shard["services"]} == wanted
    assert len(shipped["/find-data/aalborg.json"]["services"]) < len(starting)
    # no kommune: only help for everyone, and no region's or kommune's own help
    none = shipped[f"/find-data/{NO_KOMMUNE}.json"]
    assert not any(cat.services[s["id"]].area_served for s in none["services"])
    assert none["local"] and shipped["/find-data/aalborg.json"]["local"] == []
    assert none["national"]["lines"] and shipped["/find-data/aalborg.json"]["national"] is None
    assert client.get("/find-data/region-nordjylland.json").status_code == 404
    assert client.get("/find-data/findes-ikke.json").status_code == 404


def test_the_common_file_holds_no_service_and_no_region(shipped: dict[str, Any]) -> None:
    """What every phone fetches is the same whatever the kommune: the concerns, the kommune
    names and the warning signs; the region's urgent help comes with the kommune."""
    data = shipped["/find-data.json"]
    assert set(data) == {"concerns", "phrases", "narrower", "kommuner", "danger"}
    assert set(data["danger"]) == {"rule", "order", "soft"}, "the rule, never a region's card"
    aalborg = shipped["/find-data/aalborg.json"]
    assert aalborg["urgent_bar"]["region"]["id"] == "region-nordjylland"
    assert "Region Nordjylland" in aalborg["help_now"]["full"][1]
    pieces = [*aalborg["help_now"]["full"], *aalborg["help_now"]["kinds"].values()]
    assert "tel:1813" not in "".join(pieces), "never another region's number"
    assert shipped[f"/find-data/{NO_KOMMUNE}.json"]["urgent_bar"] is None


def test_a_card_in_a_kommunes_file_carries_markup_from_the_data_only_escaped(
    tiny_client: FlaskClient,
) -> None:
    """find.js parses the cards as HTML: a name with markup in it arrives as text."""
    for shard in ("testby", NO_KOMMUNE):
        services = tiny_client.get(f"/find-data/{shard}.json").get_json()["services"]
        cards = [card for s in services for card in s["cards"].values()]
        assert cards, shard
        for card in cards:
            assert "<script" not in card
            assert "Forløb &lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in card
