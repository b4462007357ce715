"""Issue 16, point 5, in headless Chromium at 360 px: download links are big enough to tap, and
/eksport/ leads with PDF, PNG and CSV."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from conftest import shipped_id
from test_browser import AXE, AXE_TAGS, base_url, browser  # noqa: F401 (fixtures)

from navigator.build import Site

pytestmark = pytest.mark.browser

MIN_TAP = 44
"""The height in CSS px a link must have to be tapped without a miss (WCAG 2.5.5's 44 px)."""


@pytest.fixture()
def phone(browser: object) -> Iterator[object]:  # noqa: F811
    """A page 360 px wide, with the CSP bypassed so axe can be injected."""
    context = browser.new_context(  # type: ignore[attr-defined]
        viewport={"width": 360, "height": 640}, bypass_csp=True
    )
    tab = context.new_page()
    yield tab
    context.close()


def download_pages(site: Site) -> list[str]:
    """Pages with download links: /eksport/, a pathway, a kommune and a role."""
    cat = site.catalogue
    kommune = shipped_id({k.id: k for k in cat.kommuner()}, "gentofte")
    return [
        "/eksport/",
        f"/forloeb/{shipped_id(cat.pathways, 'henvisning-bup')}/",
        f"/kommuner/{kommune}/",
        f"/roller/{shipped_id(cat.roles, 'ppr-psykolog')}/",
    ]


def small_links(tab: object) -> list[str]:
    """Visible download links under MIN_TAP px tall, as 'text (height)'."""
    heights: list[tuple[str, float]] = tab.evaluate(  # type: ignore[attr-defined]
        """() => [...document.querySelectorAll('a[download], a.vv-dl')]
            .filter(a => a.offsetParent !== null)
            .map(a => [a.textContent.trim(), a.getBoundingClientRect().height])"""
    )
    assert heights, "the page has download links"
    return [f"{text} ({height:.0f} px)" for text, height in heights if height < MIN_TAP]


def test_every_download_link_is_at_least_44_px_tall_on_a_phone(
    phone: object,
    base_url: str,  # noqa: F811
    site: Site,
) -> None:
    found = {}
    for url in download_pages(site):
        phone.goto(base_url + url)  # type: ignore[attr-defined]
        # the pathway's and kommune's downloads sit in "For fagfolk", and /eksport/'s SVG
        # and DOT in "Til it-folk": opened, as a coordinator would
        phone.evaluate("document.querySelectorAll('details').forEach(d => { d.open = true; })")  # type: ignore[attr-defined]
        if small := small_links(phone):
            found[url] = small[:5]
    assert found == {}


def test_the_export_page_offers_pdf_png_and_csv_on_top_and_axe_finds_nothing(
    phone: object,
    base_url: str,  # noqa: F811
) -> None:
    phone.goto(base_url + "/eksport/")  # type: ignore[attr-defined]
    first = phone.locator("a[download]").first  # type: ignore[attr-defined]
    assert first.inner_text() == "PDF" and first.is_visible()
    links = phone.locator("a[download]:visible").all_inner_texts()  # type: ignore[attr-defined]
    technical = min(links.index(f) for f in ("SVG", "DOT"))
    people = {"PDF", "PNG", "CSV", "Excel-CSV"}
    assert set(links[:technical]) == people, "PDF, PNG and CSV before SVG and DOT"
    assert not people & set(links[technical:]), "the technical formats come last"
    phone.evaluate("document.querySelectorAll('details').forEach(d => { d.open = true; })")  # type: ignore[attr-defined]
    phone.add_script_tag(path=str(AXE))  # type: ignore[attr-defined]
    result = phone.evaluate(  # type: ignore[attr-defined]
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", AXE_TAGS
    )
    assert [f"{v['id']}: {v['nodes'][0]['target']}" for v in result["violations"]] == []
