"""A number to call in every kommune (issue 16), in headless Chromium at 360 px: for a kommune
in each region, and for no kommune, the first card's first action is a working tel: or web
link on the first or second screen, on the live and the static site; no card names another
kommune (source citations aside: the yellow health card's sources are two kommuner's pages)."""

from __future__ import annotations

import re
from urllib.parse import urlencode

import pytest
import test_browser as shared

from navigator.answers.query import national_lines, region_of
from navigator.build import Site

pytestmark = pytest.mark.browser

# the frozen guide (static_url) is conftest's, frozen once per session
browser, page, base_url = shared.browser, shared.page, shared.base_url

PHONE = {"width": 360, "height": 740}
KOMMUNER = {
    "region-hovedstaden": "hilleroed",
    "region-midtjylland": "aarhus",
    "region-nordjylland": "aalborg",
    "region-sjaelland": "koege",
    "region-syddanmark": "odense",
}
QUESTION = {"alder": "9", "bekymring": "vil ikke i skole"}
WITHOUT_CITATIONS = """cards => cards.map(card => {
  const copy = card.cloneNode(true);
  copy.querySelectorAll('span').forEach(s => {
    if (s.textContent.trim().startsWith('Kilde:')) s.remove();
  });
  return copy.textContent;
})"""


def first_card(page: object, base: str, kommune: str | None) -> object:
    """The first card of the answer for a parent of a 9-year-old who will not go to school."""
    page.set_viewport_size(PHONE)  # type: ignore[attr-defined]
    query = {**QUESTION, **({"kommune": kommune} if kommune else {})}
    page.goto(base + "/find/?" + urlencode(query))  # type: ignore[attr-defined]
    card = page.locator("#find-answer article.vv-card").first  # type: ignore[attr-defined]
    card.wait_for()
    return card


def first_action(card: object) -> object:
    """The first link after the card's title: what a parent can do first."""
    return card.locator("a").nth(1)  # type: ignore[attr-defined]


def own_links(site: Site, kommune: str) -> set[str]:
    """Every link the kommune's own sourced contacts give."""
    place = site.catalogue.places[kommune]
    return {
        "tel:" + c.value.replace(" ", "") if c.type == "phone" else c.value for c in place.contacts
    }


def assert_works(page: object, base: str, href: str, site: Site, kommune: str | None) -> None:
    """A tel: link is a number of the kommune; a web link is its own sourced page or one of ours."""
    if href.startswith("/"):
        status = page.request.get(base + href.split("#")[0]).status  # type: ignore[attr-defined]
        assert status == 200, href
        return
    assert kommune is not None, f"with no kommune, no kommune's link: {href}"
    assert re.fullmatch(r"tel:\d{3,8}|https?://[^\s\"<>]+", href), href
    assert href in own_links(site, kommune), f"{href} is not {kommune}'s own contact"


@pytest.mark.parametrize("where", ["live", "static"])
@pytest.mark.parametrize("kommune", [*KOMMUNER.values(), None], ids=[*KOMMUNER, "ingen-kommune"])
def test_the_first_card_leads_with_a_way_to_act(
    page: object,
    site: Site,
    request: pytest.FixtureRequest,
    where: str,
    kommune: str | None,
) -> None:
    base = request.getfixturevalue("base_url" if where == "live" else "static_url")
    if kommune:
        assert region_of(site.catalogue, kommune) in KOMMUNER
    card = first_card(page, base, kommune)
    action = first_action(card)
    href = action.get_attribute("href")  # type: ignore[attr-defined]
    assert href and href.startswith(("tel:", "http://", "https://", "/")), href
    assert action.is_visible() and action.evaluate("a => !!a.closest('.vv-act')")  # type: ignore[attr-defined]
    box = action.bounding_box()  # type: ignore[attr-defined]
    scrolled = page.evaluate("window.scrollY")  # type: ignore[attr-defined]
    assert box["y"] + scrolled + box["height"] <= 2 * PHONE["height"], "first or second screen"
    assert_works(page, base, href, site, kommune)
    if kommune and href.startswith("tel:"):
        # the hours of the number, when a source gives them, stand with it
        hours = next(
            (
                c.hours
                for c in site.catalogue.places[kommune].contacts
                if c.value.replace(" ", "") == href[4:]
            ),
            None,
        )
        if hours:
            assert hours in card.inner_text()  # type: ignore[attr-defined]


@pytest.mark.parametrize("kommune", [*KOMMUNER.values(), None], ids=[*KOMMUNER, "ingen-kommune"])
def test_no_card_names_another_kommune(
    page: object, base_url: str, site: Site, kommune: str | None
) -> None:
    first_card(page, base_url, kommune)
    cards = page.locator("#find-answer article")  # type: ignore[attr-defined]
    assert cards.count() > 0
    # what the cards say, less their source citations ("Kilde: …", a page's title and publisher)
    text = "\n".join(cards.evaluate_all(WITHOUT_CITATIONS))
    others = [k.name for k in site.catalogue.kommuner() if k.id != kommune]
    named = [name for name in others if name in text]
    assert named == [], f"the answer for {kommune} names {named}"


@pytest.mark.parametrize("where", ["live", "static"])
@pytest.mark.parametrize("alder", ["9", "15"])
def test_with_no_kommune_a_national_line_is_on_the_first_two_screens(
    page: object, site: Site, request: pytest.FixtureRequest, where: str, alder: str
) -> None:
    """No kommune chosen: right after 'spørg din kommune' and the picker, the national lines
    (BørneTelefonen, ForældreTelefonen …) with their hours; the first line's link is on the
    first or second screen of a 360 px phone, and the section passes axe."""
    base = request.getfixturevalue("base_url" if where == "live" else "static_url")
    page.set_viewport_size(PHONE)  # type: ignore[attr-defined]
    page.goto(base + "/find/?" + urlencode({**QUESTION, "alder": alder}))  # type: ignore[attr-defined]
    lines = page.locator("#find-answer #ring-nu")  # type: ignore[attr-defined]
    lines.wait_for()
    expected = national_lines(site.catalogue, int(alder))
    items = lines.locator("li[data-line]")
    assert [items.nth(i).get_attribute("data-line") for i in range(items.count())] == [
        s.id for s in expected
    ]
    link = lines.locator("a").first
    href = link.get_attribute("href")
    assert href and re.fullmatch(r"tel:\d{3,8}|sms:\d{4,8}|https://\S+", href), href
    assert link.is_visible()
    box = link.bounding_box()
    scrolled = page.evaluate("window.scrollY")  # type: ignore[attr-defined]
    assert box["y"] + scrolled + box["height"] <= 2 * PHONE["height"], "first or second screen"
    first = items.first.inner_text()
    hours = [c.hours for c in expected[0].contacts if c.hours] or ["åbningstid ikke oplyst"]
    assert hours[0] in first
    # never above the picker and the 'spørg din kommune' line, always above the cards
    card = page.locator("#find-answer article.vv-card").first  # type: ignore[attr-defined]
    assert lines.bounding_box()["y"] < card.bounding_box()["y"]
    others = [k.name for k in site.catalogue.kommuner()]
    assert not [n for n in others if n in lines.inner_text()]
    page.add_script_tag(path=str(shared.AXE))  # type: ignore[attr-defined]
    result = page.evaluate(  # type: ignore[attr-defined]
        "tags => axe.run('#ring-nu', {runOnly: {type: 'tag', values: tags}})", shared.AXE_TAGS
    )
    assert [v["id"] for v in result["violations"]] == []
