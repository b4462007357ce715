"""The static site's find (find.js in Node, on the files the site ships: /find-data.json and
/find-data/<kommune>.json) gives the live answer: the same services in the same order, with the
same status, reason codes and card, for every kommune and region (and none) × every concern
(and none) × a band of ages, and for one generated stream of odd and invalid questions (ages
such as '+10' and '١٠', region and unknown ids, empty and 10 KB texts, the danger corpus:
tests/questions.py); and the cards, put together as find.js does, are the live page's cards
(issue 10, items 1 and 3; issue 19, point 1)."""

from __future__ import annotations

import re
from typing import Any

import pytest
from flask.testing import FlaskClient
from helpers import run_node
from questions import ODD_AGES, current_regions, odd_questions

from navigator.answers.query import availability, is_starting_point, national_lines
from navigator.build import Site
from navigator.core import paths, text, urls
from navigator.web.presenters.find import answer, find_places, parse_age, resolve_question
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
    // as the page loads it: the place's file, or (a 404) the file for no kommune
    const shard = x.shards[m.shardUrl(x.paths, q[2])] || x.shards[x.paths.noKommune];
    const a = m.find(x.common, shard, q[0], q[1], q[2]);
    return {asked: a.asked, age: a.age, bekymring: a.bekymring, place: a.place,
            errors: a.errors, concerns: a.concerns.slice().sort(), local: a.local,
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


def live_answer(site: Site, alder: str, bekymring: str, kommune: str) -> dict[str, Any]:
    """What the live find reads and answers (presenters.find.resolve_question and answer,
    which the page and its .json twin use), in the same shape, without cards; local: whether
    the page says that choosing the kommune may show more help."""
    q = resolve_question(site, alder, bekymring, kommune)
    matches, local = answer(site, q)
    return {
        "asked": q.asked,
        "age": q.age,
        "bekymring": q.bekymring,
        "place": q.place.name if q.place else None,
        "errors": list(q.errors),
        "concerns": sorted(q.concerns),
        "local": local,
        # no kommune: the national lines to call right away, in order
        "lines": (
            []
            if not q.asked or q.errors or q.place
            else [s.id for s in national_lines(site.catalogue, q.age)]
        ),
        "results": [[m.service.id, m.availability, list(m.codes)] for m in matches],
    }


def compare(
    site: Site, shipped: dict[str, Any], questions: list[tuple[str, str, str]]
) -> tuple[list[dict[str, Any]], list[Any]]:
    """find.js's answers, and the questions where they differ from the live one; each card
    is checked to be the place's card for the service, with the 'fits' chip when it fits."""
    out = static_answers(shipped, questions)
    answers = out["answers"]
    assert len(answers) == len(questions)
    wrong = []
    for question, static in zip(questions, answers, strict=True):
        shown = {**static, "results": [r[:3] for r in static["results"]]}
        shown.pop("national")  # its markup is compared with the live page's on its own
        if shown != live_answer(site, *question):
            wrong.append((question, shown, live_answer(site, *question)))
        url = urls.find_shard(question[2]) if question[2] else urls.find_shard(None)
        shard = shipped.get(url, shipped[urls.find_shard(None)])
        cards = {s["id"]: s["cards"] for s in shard["services"]}
        for sid, _, codes, card in static["results"]:
            fits = "1" if "concern" in codes else "0"
            assert out["cards"][card] == cards[sid][fits], (question, sid)
    return answers, wrong


def questions_for(site: Site) -> list[tuple[str, str, str]]:
    """(age, concern, place) for every kommune and region and none, every concern and none,
    and AGES.

    Asking nothing at all gives no answer on either site, so that one is left out.
    """
    kommuner = ["", *(p.id for p in find_places(site.catalogue))]
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
    places = len(find_places(site.catalogue))
    assert places == 98 + len(current_regions(site.catalogue)) == 103
    assert len(questions) == (places + 1) * (len(site.catalogue.concerns) + 1) * 5 - 1
    answers, wrong = compare(site, shipped, questions)
    assert not wrong, f"{len(wrong)} answers differ, first: {wrong[:1]}"
    # the notice 'more help where you live' is compared too: shown only with no kommune
    noticed = [q for q, a in zip(questions, answers, strict=True) if a["local"]]
    assert noticed and not any(q[2] for q in noticed)
    assert len(noticed) < sum(1 for q in questions if not q[2]), "not for every question"
    assert sum(1 for a in answers if a["results"]) > len(answers) // 2, "most questions match"


def test_the_static_find_gives_the_live_answer_to_odd_and_invalid_questions(
    site: Site, shipped: dict[str, Any]
) -> None:
    """One seeded stream (tests/questions.py): ages such as '+10', '1_0', '١٠' and ' 7 ',
    region, cluster and unknown ids (also JavaScript's own property names), empty and 10 KB
    texts, the danger corpus's held-out texts. The same errors, the same reading of each
    answer, the same services in the same order, on both sites."""
    questions = odd_questions(site.catalogue)
    answers, wrong = compare(site, shipped, questions)
    assert not wrong, f"{len(wrong)} answers differ, first: {wrong[:1]}"
    # the stream reaches every branch: errors of each kind, answers, and the notice
    errors = {e for a in answers for e in a["errors"]}
    assert len(errors) == 3, errors
    assert sum(1 for a in answers if a["results"]) > len(answers) // 4
    assert any(a["local"] for a in answers)
    assert any(len(q[1]) > 5000 for q, a in zip(questions, answers, strict=True) if a["results"])


@pytest.mark.parametrize(
    ("typed", "age"),
    [(" 7 ", 7), ("\u00a07\u3000", 7), ("010", 10), ("0", 0), ("30", 30), ("", None)],
)
def test_an_age_is_digits_a_phone_types_with_spaces_around(typed: str, age: int | None) -> None:
    assert parse_age(typed) == (age, None)


def test_an_age_with_a_sign_a_separator_or_other_digits_is_asked_for_again() -> None:
    """'+10', '1_0' and '١٠' are numbers to Python's int(), not to a parent or to find.js:
    both sites ask for the age again, with the same words."""
    for typed in ("+10", "1_0", "١٠", "１０", "-1", "7.5", "1e1", "10 år", "\x1c7"):
        assert parse_age(typed) == (None, "Skriv alderen som et tal, fx 10."), typed
    for typed in ("31", "200", "0000000031", "9" * 5000):
        assert parse_age(typed) == (None, "Skriv en alder mellem 0 og 30 år."), typed[:10]
    assert set(ODD_AGES) >= {"+10", "1_0", "١٠", " 7 ", "-1", "200"}


def test_python_trims_what_the_browser_trims() -> None:
    """text.trim takes off exactly what JavaScript's String.prototype.trim does: every code
    point Node trims, and no other."""
    script = (
        "const s=[];for(let i=0;i<0x110000;i++){if(i>=0xd800&&i<0xe000)continue;"
        "const c=String.fromCodePoint(i);if(c.trim()==='')s.push(i);}"
        "process.stdout.write(JSON.stringify(s))"
    )
    assert run_node(script, {}) == sorted(ord(c) for c in text.SPACE)


def test_a_region_is_answered_as_the_region_on_both_sites(
    site: Site, shipped: dict[str, Any], client: FlaskClient
) -> None:
    """?kommune=region-nordjylland: the region's own help and the help for everyone, with
    the region's number in the bar, the same on both sites; no link to a kommune page that
    does not exist, and every link on the answer leads somewhere."""
    question = ("10", "", "region-nordjylland")
    [static] = static_answers(shipped, [question])["answers"]
    live = live_answer(site, *question)
    assert static["errors"] == live["errors"] == []
    assert static["place"] == live["place"] == "Region Nordjylland"
    assert [r[:3] for r in static["results"]] == live["results"]
    regional = [r for r in live["results"] if r[1] == "regional"]
    assert regional, "the region's own help is there"
    cat = site.catalogue
    assert all("region-nordjylland" in cat.services[r[0]].area_served for r in regional)
    asked = dict(zip(("alder", "bekymring", "kommune"), question, strict=True))
    page = client.get("/find/", query_string=asked)
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and "Region Nordjylland" in html
    assert "/kommuner/region-nordjylland/" not in html
    links = set(re.findall(r'href="(/[^"#]*)', html))
    assert len(links) > 10
    for link in sorted(links):
        assert client.get(link.replace("&amp;", "&")).status_code == 200, link
    shard = shipped[urls.find_shard("region-nordjylland")]
    assert shard["place"] == {"id": "region-nordjylland", "name": "Region Nordjylland", "url": None}
    assert shard["urgent_bar"]["region"]["id"] == "region-nordjylland"


def test_the_static_cards_are_the_live_pages_cards(
    site: Site, shipped: dict[str, Any], client: FlaskClient
) -> None:
    """For every kommune and region (and none): the answer with no concern (every card it
    can show without a fitting concern) and one with a concern (cards with the 'fits' chip),
    card for card in order, glossary links and whitespace as on the live page."""
    concerns = sorted(site.catalogue.concerns)
    kommuner = ["", *(p.id for p in find_places(site.catalogue))]
    questions = [("", "", k) for k in kommuner if k] + [("10", "", "")]
    questions += [("15", concerns[i % len(concerns)], k) for i, k in enumerate(kommuner)]
    out = static_answers(shipped, questions)
    compared = once = 0
    for question, static_answer in zip(questions, out["answers"], strict=True):
        shipped_cards = [out["cards"][r[3]] for r in static_answer["results"]]
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
    for question, static in zip(questions, out["answers"], strict=True):
        query = {k: v for k, v in zip(("alder", "bekymring", "kommune"), question, strict=True)}
        html = client.get("/find/", query_string={k: v for k, v in query.items() if v}).text
        live = NATIONAL.findall(html)
        assert [normalised(h) for h in live] == (
            [normalised(static["national"])] if static["national"] else []
        ), question
        if question[2]:
            assert not live and not static["lines"], question
        else:
            assert live, question
            kinds.add(tuple(static["lines"]))
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
    assert client.get("/find-data/region-nordjylland.json").status_code == 200
    cluster = next(p.id for p in cat.places.values() if p.type == "cluster")
    assert client.get(f"/find-data/{cluster}.json").status_code == 404
    assert client.get("/find-data/findes-ikke.json").status_code == 404


def test_the_common_file_holds_no_service_and_no_region(shipped: dict[str, Any]) -> None:
    """What every phone fetches is the same whatever the kommune: the concerns, the names of
    the kommuner and regions, the age rule, the error messages and the warning signs; the
    region's urgent help comes with the kommune."""
    data = shipped["/find-data.json"]
    assert set(data) == {
        "concerns",
        "phrases",
        "narrower",
        "places",
        "age",
        "errors",
        "danger",
        "plan",
    }
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
