"""Search on the static site in headless Chromium at phone width: the same answer as live."""

from __future__ import annotations

import json
from urllib.request import urlopen

import pytest
import test_browser as shared
from conftest import shipped_id

from navigator.answers.search import stems
from navigator.build import Site

pytestmark = pytest.mark.browser

# the browser, the live and the frozen guide: the fixtures of the other browser tests
# the frozen guide (static_url) is conftest's, frozen once per session
browser, page, base_url = shared.browser, shared.page, shared.base_url
RESULTS = "#search-answer a[data-slot=title]"
MARKUP = "nodes => nodes.map(n => n.outerHTML)"
LINKS = (
    "links => links.map(a => "
    "[a.closest('section').querySelector('h2').id, a.textContent, a.getAttribute('href')])"
)
STEMMED = "psykologernes"
"""A word the table of forms lacks that Snowball stems to a stem of the index ('psykolog'):
the static page finds what the live one finds only when it has loaded the stemmer."""


def search_for(page: object, base: str, words: str) -> list[list[str]]:
    """Type the words into the search field on /soeg/, submit, and read the results."""
    page.goto(base + "/soeg/")  # type: ignore[attr-defined]
    page.get_by_label("Søg i tilbud, forløb, roller og ord").fill(words)  # type: ignore[attr-defined]
    page.get_by_role("button", name="Søg", exact=True).click()  # type: ignore[attr-defined]
    page.wait_for_url("**/soeg/?q=*")  # type: ignore[attr-defined]
    page.locator("#search-answer p").first.wait_for()  # type: ignore[attr-defined]
    links: list[list[str]] = page.locator(RESULTS).evaluate_all(LINKS)  # type: ignore[attr-defined]
    return links


@pytest.mark.parametrize("words", ["stime", "rdågivning", "skolevegring"])
def test_search_on_the_static_site_finds_what_the_live_site_finds_at_360_px(
    page: object, static_url: str, base_url: str, site: Site, words: str
) -> None:
    page.set_viewport_size({"width": 360, "height": 740})  # type: ignore[attr-defined]
    served = search_for(page, base_url, words)
    served_html = page.locator("#search-answer > *").evaluate_all(MARKUP)  # type: ignore[attr-defined]
    frozen = search_for(page, static_url, words)
    assert frozen == served and served, "the same results, in the same groups and order"
    frozen_html = page.locator("#search-answer > *").evaluate_all(MARKUP)  # type: ignore[attr-defined]
    assert frozen_html == served_html, "the same markup: cloned from the live page's macros"
    assert page.get_by_label("Søg i tilbud, forløb, roller og ord").input_value() == words  # type: ignore[attr-defined]
    width = page.evaluate("document.documentElement.scrollWidth")  # type: ignore[attr-defined]
    assert width <= 360, "no sideways scrolling on a phone"


def test_a_known_service_and_a_typo_of_it_are_found_on_the_static_site(
    page: object, static_url: str, site: Site
) -> None:
    service = site.catalogue.services[shipped_id(site.catalogue.services, "boernetelefonen")]
    page.set_viewport_size({"width": 360, "height": 740})  # type: ignore[attr-defined]
    for words in ("Børnetelefonen", "bornetelefnen"):  # no ø, and an o left out
        links = search_for(page, static_url, words)
        assert links[0] == ["g-service", service.name, f"/tilbud/{service.id}/"], words
    said = page.locator("#search-answer [data-slot=corrections]").inner_text()  # type: ignore[attr-defined]
    assert said == "børnetelefonen", "the page says what it searched for instead"


def test_danger_words_get_the_live_help_now_card_first_on_the_static_search(
    page: object, static_url: str, base_url: str
) -> None:
    page.set_viewport_size({"width": 360, "height": 740})  # type: ignore[attr-defined]
    search_for(page, base_url, "vil ikke leve mere")
    served = page.locator("#faa-hjaelp-nu").inner_text()  # type: ignore[attr-defined]
    search_for(page, static_url, "vil ikke leve mere")
    card = page.locator("#faa-hjaelp-nu")  # type: ignore[attr-defined]
    card.wait_for()
    assert card.inner_text() == served and "112" in served
    answer = page.locator("#search-answer").bounding_box()  # type: ignore[attr-defined]
    assert card.bounding_box()["y"] < answer["y"], "the card comes before the results"


def test_the_static_search_page_has_no_wcag_violations(page: object, static_url: str) -> None:
    page.set_viewport_size({"width": 360, "height": 740})  # type: ignore[attr-defined]
    search_for(page, static_url, "angst")
    page.add_script_tag(path=str(shared.AXE))  # type: ignore[attr-defined]
    result = page.evaluate(  # type: ignore[attr-defined]
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", shared.AXE_TAGS
    )
    assert [v["id"] for v in result["violations"]] == []


def test_without_javascript_the_static_search_says_so_and_points_elsewhere(
    browser: object, static_url: str
) -> None:
    context = browser.new_context(java_script_enabled=False)  # type: ignore[attr-defined]
    tab = context.new_page()
    tab.goto(static_url + "/soeg/?q=angst")
    text = tab.locator("main").inner_text()
    assert "kræver JavaScript" in text
    assert tab.get_by_role("link", name="Find hjælp").count() >= 1
    assert tab.locator("main a[href='/tilbud/']").count() == 1
    context.close()


def test_a_word_the_table_lacks_is_stemmed_in_the_browser_under_the_pages_own_csp(
    browser: object, static_url: str, base_url: str
) -> None:
    with urlopen(static_url + "/search-data.json") as response:
        data = json.load(response)
    (stem,) = stems(STEMMED)
    assert STEMMED not in data["forms"] and stem in data["stems"], "still a word to stem"
    # unlike the page fixture, the frozen page's own Content-Security-Policy <meta> holds
    context = browser.new_context(viewport={"width": 360, "height": 740})  # type: ignore[attr-defined]
    tab = context.new_page()
    errors: list[str] = []
    tab.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    served = search_for(tab, base_url, STEMMED)
    frozen = search_for(tab, static_url, STEMMED)
    assert served and frozen[0] == served[0] and frozen == served
    assert not errors, errors
    # when the stemmer cannot be loaded the page still answers, taking the word as it is
    tab.route("**" + data_stemmer(tab), lambda route: route.abort())
    without = search_for(tab, static_url, STEMMED)
    assert without != served and errors, "a word outside the table then finds less"
    context.close()


def data_stemmer(page: object) -> str:
    """The stemmer's URL the static search page names (search.html's data-stemmer)."""
    url: str = page.locator("#search-answer").get_attribute("data-stemmer")  # type: ignore[attr-defined]
    return url
