"""Issue 16, point 3, in headless Chromium at 360 x 640: a service page with a table of every
kommune is a kommune picker that leads to that kommune's answer within four screens, on the
live site (a GET form) and on the static site (a link per kommune)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from conftest import shipped_id
from test_browser import (  # noqa: F401 (fixtures)
    AXE,
    AXE_TAGS,
    base_url,
    browser,
)

from navigator.build import Site

pytestmark = pytest.mark.browser

SCREEN = 640
SCREENS = 4
"""A parent reaches the answer within this many phone screens (issue 16)."""
LTT = "lettilgaengeligt-tilbud"


@pytest.fixture()
def phone(browser: object) -> Iterator[object]:  # noqa: F811
    """A page 360 x 640, with the CSP bypassed so axe can be injected."""
    context = browser.new_context(  # type: ignore[attr-defined]
        viewport={"width": 360, "height": SCREEN}, bypass_csp=True
    )
    tab = context.new_page()
    yield tab
    context.close()


def top_of(tab: object, selector: str) -> float:
    """Where an element starts, in px from the top of the page."""
    top: float = tab.locator(selector).first.evaluate(  # type: ignore[attr-defined]
        "e => e.getBoundingClientRect().top + window.scrollY"
    )
    return top


def axe_violations(tab: object) -> list[str]:
    """axe-core's WCAG 2.1 AA violations on the page, with every <details> open."""
    tab.evaluate("document.querySelectorAll('details').forEach(d => { d.open = true; })")  # type: ignore[attr-defined]
    tab.add_script_tag(path=str(AXE))  # type: ignore[attr-defined]
    result = tab.evaluate(  # type: ignore[attr-defined]
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", AXE_TAGS
    )
    return [f"{v['id']}: {v['nodes'][0]['target']}" for v in result["violations"]]


@pytest.mark.parametrize("kommune", ["aalborg", "koebenhavn", "odense", "roskilde", "favrskov"])
def test_a_parent_picks_a_kommune_and_sees_its_answer_within_four_screens(
    phone: object,
    base_url: str,  # noqa: F811
    site: Site,
    kommune: str,
) -> None:
    names = {k.id: k.name for k in site.catalogue.kommuner()}
    kommune = shipped_id(names, kommune)
    phone.goto(f"{base_url}/tilbud/{LTT}/")  # type: ignore[attr-defined]
    height = phone.evaluate("document.documentElement.scrollHeight")  # type: ignore[attr-defined]
    assert height <= SCREENS * SCREEN + SCREEN, f"the page is {height} px tall"
    assert top_of(phone, ".vv-kommune-picker") < SCREENS * SCREEN
    phone.get_by_label("Se svaret for jeres kommune").select_option(label=names[kommune])  # type: ignore[attr-defined]
    phone.get_by_role("button", name="Vis svaret").click()  # type: ignore[attr-defined]
    phone.wait_for_url(f"**/tilbud/{LTT}/?kommune={kommune}#svar")  # type: ignore[attr-defined]
    answer = phone.locator("#svar")  # type: ignore[attr-defined]
    assert answer.is_visible() and names[kommune] in answer.inner_text()
    assert top_of(phone, "#svar") < SCREENS * SCREEN
    heading = answer.get_by_role("heading", level=2)
    assert heading.inner_text().endswith(f"i {names[kommune]}")
    assert answer.locator("a", has_text=f"Al hjælp i {names[kommune]}").is_visible()


def test_the_picker_and_the_answer_pass_axe_and_links_are_big_enough(
    phone: object,
    base_url: str,  # noqa: F811
) -> None:
    for url in (f"/tilbud/{LTT}/", f"/tilbud/{LTT}/?kommune=aalborg"):
        phone.goto(base_url + url)  # type: ignore[attr-defined]
        assert axe_violations(phone) == [], url
        small = phone.evaluate(  # type: ignore[attr-defined]
            """() => [...document.querySelectorAll('.vv-kommune-list a')]
                .filter(a => a.getBoundingClientRect().height < 44).length"""
        )
        assert small == 0, url


def test_the_static_site_picks_the_kommune_with_a_link(
    phone: object,
    static_url: str,
    site: Site,
) -> None:
    names = {k.id: k.name for k in site.catalogue.kommuner()}
    kommune = shipped_id(names, "aalborg")
    phone.goto(f"{static_url}/tilbud/{LTT}/")  # type: ignore[attr-defined]
    height = phone.evaluate("document.documentElement.scrollHeight")  # type: ignore[attr-defined]
    assert height <= SCREENS * SCREEN + SCREEN, f"the static page is {height} px tall"
    assert phone.locator(".vv-kommune-picker").count() == 0, "a form the static site can't answer"
    summary = phone.get_by_text("Vælg jeres kommune", exact=True)  # type: ignore[attr-defined]
    assert top_of(phone, ".vv-kommune-links") < SCREENS * SCREEN
    summary.click()
    phone.locator(".vv-kommune-list").get_by_role("link", name=names[kommune]).click()  # type: ignore[attr-defined]
    phone.wait_for_url(f"**/kommuner/{kommune}/")  # type: ignore[attr-defined]
    heading = phone.get_by_role("heading", level=1)  # type: ignore[attr-defined]
    assert names[kommune] in heading.inner_text()
