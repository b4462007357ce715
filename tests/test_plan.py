"""'Vores plan' (issue 18): built only from its URL, nothing stored, the same for every reader."""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from conftest import shipped_id
from flask.testing import FlaskClient
from goldens import PLAN_CASES, PLANS, plan_pages

from navigator.answers.query import AGE_BANDS, region_of
from navigator.build import Site
from navigator.source.readability import PARENTS, lix, parent_texts
from navigator.web.presenters.help_now import frame
from navigator.web.presenters.plan import VERSIONS, topics_for

WRITING = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_APPEND | os.O_TRUNC
_watch: list[list[str]] = []


def _audit(event: str, args: tuple[object, ...]) -> None:
    """Note every file opened for writing while a test watches (an audit hook cannot be
    removed, so it does nothing unless a test is watching)."""
    if not _watch or event != "open":
        return
    path, mode, flags = args
    writes = (isinstance(mode, str) and any(c in mode for c in "wax+")) or (
        isinstance(flags, int) and flags & WRITING
    )
    if writes and path is not None:
        _watch[-1].append(str(path))


sys.addaudithook(_audit)


def kommune_in(site: Site, region: str) -> str:
    """The first kommune (by name) of a region on the catalogue's day."""
    cat = site.catalogue
    return next(k.id for k in cat.kommuner() if region_of(cat, k.id) == region)


def regions(site: Site) -> list[str]:
    """Every region that holds a kommune today."""
    cat = site.catalogue
    return sorted({r for k in cat.kommuner() if (r := region_of(cat, k.id))})


def plan_link(client: FlaskClient, query: str) -> str:
    """The 'Lav en plan' link under the /find/ answer for a query."""
    html = client.get("/find/?" + query).get_data(as_text=True)
    found = re.search(r'href="(/plan/[^"]*)" data-plan-link', html)
    assert found, "the answer offers to make a plan"
    return found.group(1).replace("&amp;", "&")


@pytest.fixture()
def writes() -> Iterator[list[str]]:
    """The files opened for writing while the test runs."""
    _watch.append([])
    yield _watch[-1]
    _watch.pop()


def test_a_parent_in_each_region_gets_a_plan_with_that_regions_numbers(
    client: FlaskClient, site: Site
) -> None:
    cat = site.catalogue
    for region in regions(site):
        kommune = kommune_in(site, region)
        link = plan_link(client, f"alder=10&bekymring=vil+ikke+i+skole&kommune={kommune}")
        html = client.get(link).get_data(as_text=True)
        assert f"Barn på {AGE_BANDS['6-12'][0]}–{AGE_BANDS['6-12'][1]} år" in html
        assert cat.places[kommune].name in html and cat.places[region].name in html
        numbers = [c["value"] for u in frame(cat, kommune)["general"] for c in u["contacts"]]
        assert numbers, f"{region} has urgent numbers of its own"
        for number in numbers:
            assert number in html, f"{region}: {number} on the plan"
        others = {
            c["value"]
            for r in regions(site)
            if r != region
            for u in frame(cat, kommune_in(site, r))["general"]
            for c in u["contacts"]
        } - set(numbers)
        assert not [n for n in others if n in html], "never another region's number"


def test_the_link_to_a_plan_carries_ids_and_never_the_words_written(
    client: FlaskClient, site: Site
) -> None:
    kommune = shipped_id({k.id: k for k in site.catalogue.kommuner()}, "aarhus")
    link = plan_link(client, f"alder=10&bekymring=min+datter+vil+ikke+i+skole&kommune={kommune}")
    query = parse_qs(urlsplit(link).query)
    assert set(query) <= {"alder", "tema", "kommune"}
    assert query["alder"] == ["6-12"] and query["kommune"] == [kommune]
    assert all(t in site.catalogue.concerns for t in query["tema"][0].split(","))
    assert "datter" not in link and "skole" not in link


def test_a_plan_is_made_from_its_parameters_only_and_drops_what_it_does_not_know(
    client: FlaskClient,
) -> None:
    html = client.get(
        "/plan/?alder=9&tema=nonsense,tristhed&kommune=atlantis&bekymring=hemmelig+tekst"
    ).get_data(as_text=True)
    assert "hemmelig" not in html, "no free text ever reaches a plan"
    assert "Alder ikke oplyst" in html and "Ingen kommune valgt" in html
    data = client.get("/plan.json?alder=9&tema=nonsense,tristhed&kommune=atlantis").get_json()
    assert data["params"]["themes"] == ["tristhed"]
    assert data["params"]["band"] is None and data["params"]["kommune"] is None


def test_no_request_while_planning_sets_a_cookie_or_writes_a_file(
    client: FlaskClient, site: Site, writes: list[str]
) -> None:
    kommune = kommune_in(site, regions(site)[0])
    link = plan_link(client, f"alder=10&bekymring=bekymring&kommune={kommune}")
    pages = [link, link.replace("/plan/", "/plan.json"), f"/plan-data/{kommune}.json"]
    pages += [f"{link}&til={v}" for v in VERSIONS]
    pages += [f"/roller/{shipped_id(site.catalogue.roles, 'laerer')}/"]
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        assert "Set-Cookie" not in response.headers, url
    assert writes == [], "planning writes nothing on the server"


def test_each_version_shows_what_that_adult_is_asked_to_do(client: FlaskClient, site: Site) -> None:
    cat = site.catalogue
    topic = next(
        t for t in cat.advice_topics.values() if {a.role for a in t.advice} >= {PARENTS, "laerer"}
    )
    theme = next(c.id for c in cat.concerns.values() if topic in topics_for(cat, c.id))
    base = f"/plan/?tema={theme}&raad={topic.id}"
    whole = client.get(base).get_data(as_text=True)
    school = client.get(base + "&til=skole").get_data(as_text=True)
    teacher = next(a for a in topic.advice if a.role == "laerer").points[0]
    parent = next(a for a in topic.advice if a.role == PARENTS).points[0]
    assert teacher in school and parent not in school, "the school gets the school's advice"
    assert parent in whole and teacher in whole
    assert "Her kan I starte" in whole and "Her kan I starte" not in school


def test_a_professional_can_make_a_plan_from_their_role_page(
    client: FlaskClient, site: Site
) -> None:
    role = shipped_id(site.catalogue.roles, "sundhedsplejerske")
    html = client.get(f"/roller/{role}/").get_data(as_text=True)
    assert "Giv forældrene en plan" in html
    form = html[html.index('id="giv-plan"') :]
    assert 'action="/plan/"' in form
    assert {"alder", "tema", "kommune"} == set(
        re.findall(r'name="([a-z]+)"', form[: form.index("</form>")])
    )


def test_the_advice_for_parents_is_easy_to_read(site: Site) -> None:
    texts = [t for t in parent_texts(site.catalogue) if t.section == "advice"]
    assert texts, "the shipped catalogue has advice for parents"
    for item in texts:
        assert lix(item.text) <= 30, f"{item.key}: LIX {lix(item.text):.0f}"


def test_every_advice_topic_can_be_reached_from_a_theme(site: Site) -> None:
    cat = site.catalogue
    reached = {t.id for c in cat.concerns for t in topics_for(cat, c)}
    assert reached == set(cat.advice_topics)


@pytest.fixture(scope="module")
def golden_plans() -> dict[Path, str]:
    """The golden plans of tests/fixtures/valid as the code makes them now."""
    return plan_pages()


@pytest.mark.parametrize("name", list(PLAN_CASES))
def test_golden_plans(name: str, golden_plans: dict[Path, str]) -> None:
    for suffix in (".html", ".json"):
        path = PLANS / f"{name}{suffix}"
        assert golden_plans[path] == path.read_text(encoding="utf-8"), (
            f"{path} differs; if intended, run scripts/update_goldens.py and review the diff"
        )


def test_a_plan_needs_no_source_outside_the_catalogue(site: Site) -> None:
    # every piece of advice names sources the catalogue holds, with a URL to read
    cat = site.catalogue
    for topic in cat.advice_topics.values():
        for item in topic.advice:
            assert item.facts.sources, topic.id
            assert all(cat.sources[s].url for s in item.facts.sources), topic.id
