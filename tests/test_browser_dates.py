"""Issue 17 in headless Chromium at 360 px: a family in old Region Sjælland (Roskilde) and one
in old Region Hovedstaden (Hillerød), on 31 December 2026 and on 1 January 2027."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from helpers import MERGER_DAY, MERGER_EVE
from test_browser import browser, serve_in_thread  # noqa: F401  (the browser fixture)

from navigator.build import build_site
from navigator.core import paths
from navigator.web.factory import create_app

pytestmark = pytest.mark.browser

FAMILIES = [
    pytest.param("roskilde", "Roskilde Kommune", "Region Sjælland", "1818", id="roskilde"),
    pytest.param("hilleroed", "Hillerød Kommune", "Region Hovedstaden", "1813", id="hilleroed"),
]


@pytest.fixture(scope="module")
def eve_url() -> Iterator[str]:
    """The guide as it is on 31 December 2026."""
    yield from serve_in_thread(create_app(build_site(paths.PATHWAYS, MERGER_EVE, shacl=False)))


@pytest.fixture(scope="module")
def new_year_url() -> Iterator[str]:
    """The guide as it is on 1 January 2027."""
    yield from serve_in_thread(create_app(build_site(paths.PATHWAYS, MERGER_DAY, shacl=False)))


@pytest.fixture()
def phone(browser: object) -> Iterator[object]:  # noqa: F811
    """A page 360 px wide."""
    context = browser.new_context(viewport={"width": 360, "height": 780})  # type: ignore[attr-defined]
    tab = context.new_page()
    yield tab
    context.close()


def as_current(text: str, region: str) -> list[str]:
    """Places where the text names the region as if it still were one: not 'det tidligere …'
    and not with its years (2007-2026)."""
    pattern = rf"(?<!tidligere ){re.escape(region)}(?! \(2007-2026\))"
    return [text[max(0, m.start() - 40) : m.end() + 20] for m in re.finditer(pattern, text)]


@pytest.mark.parametrize(("kommune", "name", "region", "number"), FAMILIES)
def test_before_the_merger_the_family_sees_its_region_and_what_is_coming(
    phone: object, eve_url: str, kommune: str, name: str, region: str, number: str
) -> None:
    phone.goto(f"{eve_url}/kommuner/{kommune}/")  # type: ignore[attr-defined]
    facts = phone.locator(".vv-keyfacts").first  # type: ignore[attr-defined]
    assert region in facts.inner_text()
    notice = phone.get_by_text(f"Fra 1. januar 2027 hører {name} til Region Østdanmark.")  # type: ignore[attr-defined]
    assert notice.is_visible()
    bar = phone.locator(".vv-urgent-list")  # type: ignore[attr-defined]
    assert bar.get_by_text(number, exact=True).is_visible(), "the region's number in the bar"
    phone.locator(".vv-urgent-more").click()  # type: ignore[attr-defined]
    phone.wait_for_url("**/akut/**")  # type: ignore[attr-defined]
    heading = phone.get_by_role("heading", level=1)  # type: ignore[attr-defined]
    assert heading.inner_text() == f"Akut hjælp i {region}"
    assert phone.get_by_text(  # type: ignore[attr-defined]
        "Fra 1. januar 2027 bliver Region Hovedstaden og Region Sjælland til Region Østdanmark."
    ).is_visible()
    first = phone.locator(".vv-akut-region").first  # type: ignore[attr-defined]
    assert first.locator(f"a[href='tel:{number}']").count() >= 1


@pytest.mark.parametrize(("kommune", "name", "region", "number"), FAMILIES)
def test_after_the_merger_the_family_sees_region_oestdanmark_and_the_same_numbers(
    phone: object, new_year_url: str, kommune: str, name: str, region: str, number: str
) -> None:
    phone.goto(f"{new_year_url}/kommuner/{kommune}/")  # type: ignore[attr-defined]
    facts = phone.locator(".vv-keyfacts").first  # type: ignore[attr-defined]
    assert "Region Østdanmark" in facts.inner_text()
    body = phone.locator("body").inner_text()  # type: ignore[attr-defined]
    assert "Fra 1. januar 2027" not in body
    assert as_current(body, region) == []
    assert "Siden viser, hvad der gælder i dag, 1. januar 2027." in body
    bar = phone.locator(".vv-urgent-list")  # type: ignore[attr-defined]
    assert bar.get_by_text(number, exact=True).is_visible(), "the old line, until further notice"
    phone.locator(".vv-urgent-more").click()  # type: ignore[attr-defined]
    phone.wait_for_url("**/akut/region-oestdanmark/**")  # type: ignore[attr-defined]
    heading = phone.get_by_role("heading", level=1)  # type: ignore[attr-defined]
    assert heading.inner_text() == "Akut hjælp i Region Østdanmark"
    own = phone.locator(".vv-akut-region").first  # type: ignore[attr-defined]
    text = own.inner_text()
    assert f"Kommuner i det tidligere {region}" in text
    assert "Gælder indtil andet er meldt ud." in text
    assert own.locator(f"a[href='tel:{number}']").first.is_visible()
    assert as_current(phone.locator("body").inner_text(), region) == []  # type: ignore[attr-defined]
    width = phone.evaluate("document.documentElement.scrollWidth")  # type: ignore[attr-defined]
    assert width <= 360, "nothing wider than the phone"
