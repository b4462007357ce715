"""With no kommune chosen, /find/ also shows the national lines a family can call or write to
right away, with their hours (issue 16, item 2): chosen by the data (a service's
`parent_line`), right after the notice with the kommune picker, never a kommune's or a
region's line, and not above a chosen kommune's own contact."""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any

import pytest
from flask.testing import FlaskClient

from navigator.answers.query import national_lines
from navigator.build import Site

SECTION = re.compile(r'<section class="vv-national-lines".*?</section>', re.S)
LINE = re.compile(r'<li data-line="([a-z0-9-]+)">(.*?)</li>', re.S)
LINK = re.compile(r'<a href="([^"]+)">')
HOURS = re.compile(r'<span class="vv-hours">\(([^)]*)\)</span>')
UNKNOWN = "åbningstid ikke oplyst i vores kilder"
QUESTIONS = (
    {"alder": "9", "bekymring": "ondt i maven"},
    {"alder": "14"},
    {"bekymring": "vil ikke i skole"},
    {"alder": "3", "bekymring": "sover dårligt"},
)


def section(client: FlaskClient, query: dict[str, str]) -> str | None:
    """The national lines' section of the live answer, or None."""
    html = client.get("/find/", query_string=query).text
    found = SECTION.search(html)
    return found.group(0) if found else None


def text(html: str) -> str:
    """What a reader sees of some markup."""
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


@pytest.mark.parametrize("query", QUESTIONS, ids=lambda q: "-".join(q.values()))
def test_with_no_kommune_the_answer_shows_national_lines_to_call_now(
    client: FlaskClient, site: Site, query: dict[str, str]
) -> None:
    cat = site.catalogue
    shown = section(client, query)
    assert shown is not None, "no national line"
    lines = LINE.findall(shown)
    assert len(lines) >= 2
    age = int(query["alder"]) if "alder" in query else None
    assert [i for i, _ in lines] == [s.id for s in national_lines(cat, age)], "the data decides"
    kommune_names = [k.name for k in cat.kommuner()]
    for service_id, html in lines:
        service = cat.services[service_id]
        assert not service.area_served, "a line for some areas only is never national"
        # its name and what it is for, in one plain phrase from the data
        assert service.name in text(html) and service.parent_line in text(html)
        links = LINK.findall(html)
        assert links, service_id
        for href in links:
            assert re.fullmatch(r"tel:\+?\d{3,8}|sms:\+?\d{4,8}|https://[^\s\"<>]+", href), href
        # each contact's hours from the data, or the plain 'unknown'
        assert len(HOURS.findall(html)) == len(links)
        for contact in (c for c in service.contacts if c.type in ("phone", "sms", "web")):
            assert (contact.hours or UNKNOWN) in text(html), (service_id, contact.value)
        assert not [n for n in kommune_names if n in text(html)], "no kommune's name"


def test_the_lines_follow_the_childs_age(client: FlaskClient, site: Site) -> None:
    """A line with age limits (headspace Family: parents of 12-25-year-olds) only for those ages."""
    limited = [s for s in national_lines(site.catalogue) if s.minimum_age]
    assert limited, "a line with an age limit"
    low = limited[0]
    young = section(client, {"alder": str(low.minimum_age - 1)}) or ""
    old = section(client, {"alder": str(low.minimum_age)}) or ""
    assert f'data-line="{low.id}"' not in young and f'data-line="{low.id}"' in old


def test_the_lines_come_right_after_the_kommune_picker_and_before_the_cards(
    client: FlaskClient,
) -> None:
    html = client.get("/find/", query_string={"alder": "9", "bekymring": "ondt i maven"}).text
    picker, lines = html.index('id="mere-hjaelp"'), html.index('id="ring-nu"')
    first_card = html.index('<article class="vv-card"')
    assert html.index("Spørg din kommune") < picker < lines < first_card


def test_with_a_kommune_no_line_comes_above_its_own_contact(client: FlaskClient) -> None:
    """Today's answer for a kommune: its own contacts lead; no national section above them."""
    html = client.get("/find/", query_string={"alder": "9", "kommune": "aalborg"}).text
    assert 'id="ring-nu"' not in html
    assert 'id="ring-nu"' not in client.get("/find/?alder=9&kommune=findes-ikke").text


def test_the_json_twin_gives_the_same_lines(client: FlaskClient) -> None:
    query = {"alder": "14", "bekymring": "angst"}
    data: dict[str, Any] = client.get("/find.json", query_string=query).get_json()
    shown = LINE.findall(section(client, query) or "")
    assert [line["id"] for line in data["national_lines"]] == [i for i, _ in shown]
    assert all(line["parent_line"] and line["contacts"] for line in data["national_lines"])
    with_kommune = client.get("/find.json?alder=14&kommune=odense").get_json()
    assert with_kommune["national_lines"] == []


def test_a_regional_line_is_never_shown_as_national(site: Site) -> None:
    """A regional service given a parent_line is left out (validate refuses it too), and one
    that has ended is never offered."""
    cat = site.catalogue
    regional = next(s for s in cat.services.values() if s.area_served and s.contacts)
    national = national_lines(cat)[0]
    ended = replace(national.lifecycle, status="ended")
    services = {
        **cat.services,
        regional.id: replace(regional, parent_line="Til forældre."),
        national.id: replace(national, lifecycle=ended),
    }
    changed = replace(cat, services=services)
    ids = [s.id for s in national_lines(changed)]
    assert regional.id not in ids and national.id not in ids
    assert ids == [s.id for s in national_lines(cat)][1:]
