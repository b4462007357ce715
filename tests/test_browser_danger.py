"""Danger first, in headless Chromium at 360 px (issue 15, point 7): for a phrasing of each kind
of acute danger, in a kommune of each of the five regions, the right card is on the first
screen, its first number is a working tel: link, every link on it leads somewhere, and the
static site shows the very same card."""

from __future__ import annotations

from urllib.parse import urlencode

import pytest
import test_browser as shared

from navigator.answers.query import region_of
from navigator.build import Site

pytestmark = pytest.mark.browser

# the frozen guide (static_url) is conftest's, frozen once per session
browser, page, base_url = shared.browser, shared.page, shared.base_url

PHONE = {"width": 360, "height": 740}
# one parent's own words per kind (none of them in the rule's tables as written)
KINDS = {
    "selvmordstanker": "gider ikke leve længere",
    "selvmordsplaner": "har googlet hvordan man dør",
    "selvmordsforsoeg": "har slugt panodiler",
    "selvskade": "hun skærer sig",
    "svaer-spiseforstyrrelse": "har tabt 10 kilo på en måned",
    "akut-psykose": "hører stemmer og er bange",
    "vold-eller-overgreb": "stedfar slår ham",
    "forsvundet-barn": "er stukket af hjemmefra og svarer ikke",
    "trusler-eller-vaaben": "er blevet truet på livet",
    "bevidstloes-eller-beruset": "kan ikke vække hende og hun har drukket en hel flaske vodka",
}
KOMMUNER = {
    "region-hovedstaden": "gentofte",
    "region-sjaelland": "roskilde",
    "region-syddanmark": "odense",
    "region-midtjylland": "aarhus",
    "region-nordjylland": "aalborg",
}
CARD = "#faa-hjaelp-nu"
HREFS = "links => links.map(a => a.getAttribute('href'))"


def open_answer(page: object, base: str, words: str, kommune: str) -> object:
    """The answer page for a parent who typed the words and chose the kommune."""
    page.set_viewport_size(PHONE)  # type: ignore[attr-defined]
    page.goto(base + "/find/?" + urlencode({"bekymring": words, "kommune": kommune}))  # type: ignore[attr-defined]
    card = page.locator(CARD)  # type: ignore[attr-defined]
    card.wait_for()
    return card


@pytest.mark.parametrize("region", list(KOMMUNER))
@pytest.mark.parametrize("kind", list(KINDS))
def test_each_kind_in_each_region_gets_its_card_on_the_first_screen(
    page: object, base_url: str, static_url: str, site: Site, kind: str, region: str
) -> None:
    kommune = KOMMUNER[region]
    assert region_of(site.catalogue, kommune) == region
    card = open_answer(page, base_url, KINDS[kind], kommune)
    box = card.bounding_box()  # type: ignore[attr-defined]
    assert box["y"] < PHONE["height"], "the card starts on the first screen"
    kinds = card.locator(".vv-help-kind").evaluate_all(  # type: ignore[attr-defined]
        "nodes => nodes.map(n => n.dataset.kind)"
    )
    assert kind in kinds, f"the {kind} section is on the card"
    first = card.locator("a").first  # type: ignore[attr-defined]
    assert first.get_attribute("href") == "tel:112" and first.is_visible()
    hrefs = card.locator("a").evaluate_all(HREFS)  # type: ignore[attr-defined]
    for href in hrefs:
        assert href.startswith(("tel:", "sms:", "https://", "http://", "/")), href
        if href.startswith("/"):
            status = page.request.get(base_url + href.split("#")[0]).status  # type: ignore[attr-defined]
            assert status == 200, href
    assert "tel:1813" not in hrefs or region == "region-hovedstaden", "never another region's"
    served = card.evaluate("n => n.outerHTML")  # type: ignore[attr-defined]
    frozen = open_answer(page, static_url, KINDS[kind], kommune)
    assert frozen.evaluate("n => n.outerHTML") == served, "the static site: the same card"  # type: ignore[attr-defined]


def test_a_soft_card_for_a_single_word_and_no_card_for_a_look_alike(
    page: object, base_url: str, static_url: str
) -> None:
    for base in (base_url, static_url):
        card = open_answer(page, base, "jeg er bange for han gør noget dumt", "aalborg")
        assert card.get_by_role("heading", name="Hvis det er akut").is_visible()  # type: ignore[attr-defined]
        page.goto(
            base
            + "/find/?"
            + urlencode({"bekymring": "cutter videoer til youtube", "kommune": "aalborg"})
        )  # type: ignore[attr-defined]
        page.locator("#find-answer h1").wait_for()  # type: ignore[attr-defined]
        assert page.locator(CARD).count() == 0  # type: ignore[attr-defined]


def test_a_young_person_finds_lines_to_call_themselves(page: object, base_url: str) -> None:
    page.set_viewport_size(PHONE)  # type: ignore[attr-defined]
    page.goto(base_url + "/")  # type: ignore[attr-defined]
    page.get_by_role("link", name="Jeg er ung").click()  # type: ignore[attr-defined]
    page.wait_for_url("**/ung/")  # type: ignore[attr-defined]
    text = page.locator("main").inner_text()  # type: ignore[attr-defined]
    assert "Er du i fare lige nu" in text and "116 111" in text and "70 201 201" in text
    assert page.locator('main a[href="tel:112"]').count() == 1  # type: ignore[attr-defined]
    width = page.evaluate("document.documentElement.scrollWidth")  # type: ignore[attr-defined]
    assert width <= PHONE["width"]
