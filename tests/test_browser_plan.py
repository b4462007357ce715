"""'Vores plan' as people use it (issue 18, point 5), in headless Chromium at 360 px: a parent in
each region goes from /find/ to "Lav en plan" and prints it on A4 (at most two pages, text that
reads back with æ, ø and å, the region's numbers in it); the static site gives the same plan
for the same URL; axe finds nothing (tests/test_browser.py runs it on the plan's page types)."""

from __future__ import annotations

import io
import re

import pypdf
import pytest
import test_browser as shared

from navigator.answers.query import region_of
from navigator.build import Site
from navigator.web.presenters.help_now import frame

pytestmark = pytest.mark.browser

# the frozen guide (static_url) is conftest's, frozen once per session
browser, page, base_url = shared.browser, shared.page, shared.base_url

PHONE = {"width": 360, "height": 740}
WORDS = "vil ikke i skole"
TOPIC = "Vil ikke i skole"  # the advice topic a parent picks on the plan


def first_kommune_of_each_region(site: Site) -> dict[str, str]:
    """Region → the first kommune (by name) that lies in it today."""
    cat = site.catalogue
    out: dict[str, str] = {}
    for kommune in cat.kommuner():
        region = region_of(cat, kommune.id)
        if region:
            out.setdefault(region, kommune.id)
    return out


def make_plan(page: object, base: str, kommune_name: str) -> None:
    """As a parent: answer the three questions, open 'Lav en plan', pick the advice."""
    page.set_viewport_size(PHONE)  # type: ignore[attr-defined]
    page.goto(base + "/find/")  # type: ignore[attr-defined]
    shared.ask(page, "10", WORDS, kommune_name)
    page.get_by_role("link", name="Lav en plan").click()  # type: ignore[attr-defined]
    page.get_by_role("heading", name="Vores plan", level=1).wait_for()  # type: ignore[attr-defined]
    page.wait_for_selector("#plan-body [data-slot='urgent'] li")  # type: ignore[attr-defined]
    link = page.locator(".vv-plan-topics a", has_text=TOPIC)  # type: ignore[attr-defined]
    if link.count():
        link.click()
        page.wait_for_selector(".vv-plan-topic")  # type: ignore[attr-defined]


def pdf_text(data: bytes) -> tuple[int, str, bool]:
    """Pages, the text read back, and whether every page is A4."""
    reader = pypdf.PdfReader(io.BytesIO(data))
    text = "".join(p.extract_text() or "" for p in reader.pages)
    a4 = all(
        abs(float(p.mediabox.width) - 595.3) < 2 and abs(float(p.mediabox.height) - 841.9) < 2
        for p in reader.pages
    )
    return len(reader.pages), text, a4


@pytest.mark.parametrize("where", ["live", "static"])
def test_a_parent_in_each_region_makes_a_plan_and_prints_it_on_a4(
    page: object, site: Site, where: str, request: pytest.FixtureRequest
) -> None:
    base = request.getfixturevalue("base_url" if where == "live" else "static_url")
    cat = site.catalogue
    for region, kommune in first_kommune_of_each_region(site).items():
        make_plan(page, base, cat.places[kommune].name)
        assert "tema=" in page.url and "kommune=" + kommune in page.url  # type: ignore[attr-defined]
        assert WORDS.replace(" ", "+") not in page.url, "the plan never holds the words"  # type: ignore[attr-defined]
        body = page.locator("#plan-body")  # type: ignore[attr-defined]
        text = body.inner_text()
        assert cat.places[region].name in text
        numbers = [c for u in frame(cat, kommune)["general"] for c in u["contacts"]]
        for c in numbers:
            assert body.locator(f"a[href='{c['href']}']").count() >= 1, f"{region}: {c['value']}"
        assert body.locator(".vv-plan-topic").count() == 1, "the advice the parent picked"
        pdf = page.pdf(format="A4", print_background=True, prefer_css_page_size=True)  # type: ignore[attr-defined]
        pages, printed, a4 = pdf_text(pdf)
        assert a4 and pages <= 2, f"{region}: {pages} pages"
        assert all(ch in printed for ch in "æøå"), "the text reads back, with æ, ø and å"
        squashed = re.sub(r"\s+", "", printed)
        for c in numbers:
            assert re.sub(r"\s+", "", c["value"]) in squashed, f"{region}: {c['value']} printed"


def test_the_static_plan_is_the_live_plan(
    page: object, site: Site, base_url: str, static_url: str
) -> None:
    cat = site.catalogue
    kommuner = first_kommune_of_each_region(site)
    urls = ["/plan/", "/plan/?tema=nonsense&alder=9&kommune=atlantis", "/plan/?tema=tristhed"]
    for i, kommune in enumerate(kommuner.values()):
        theme = sorted(cat.concerns)[i * 3 % len(cat.concerns)]
        version = ["", "skole", "laege", "kommune", ""][i % 5]
        urls.append(f"/plan/?alder=6-12&tema=bekymring,{theme}&kommune={kommune}&til={version}")
    bar = "els => els.map(a => a.getAttribute('href'))"
    for url in urls:
        page.goto(base_url + url)  # type: ignore[attr-defined]
        live = page.locator("#plan").inner_html()  # type: ignore[attr-defined]
        live_bar = page.eval_on_selector_all(".vv-urgent-list a", bar)  # type: ignore[attr-defined]
        page.goto(static_url + url)  # type: ignore[attr-defined]
        page.wait_for_selector("#plan[data-filled]")  # type: ignore[attr-defined]
        static = page.locator("#plan").inner_html()  # type: ignore[attr-defined]
        assert static == live, url
        # the bar at the top names the family's region's number on both sites
        assert page.eval_on_selector_all(".vv-urgent-list a", bar) == live_bar, url  # type: ignore[attr-defined]


def test_the_static_find_links_to_the_same_plan_as_the_live_find(
    page: object, site: Site, base_url: str, static_url: str
) -> None:
    kommuner = first_kommune_of_each_region(site)
    for age, words in (("4", "ondt i maven"), ("15", "spiser ikke"), ("", "ked af det")):
        kommune = kommuner[sorted(kommuner)[len(words) % len(kommuner)]]
        query = f"/find/?alder={age}&bekymring={words.replace(' ', '+')}&kommune={kommune}"
        links = []
        for base in (base_url, static_url):
            page.goto(base + query)  # type: ignore[attr-defined]
            link = page.locator("#find-answer [data-plan-link]")  # type: ignore[attr-defined]
            link.wait_for()
            links.append(link.get_attribute("href"))
        assert links[0] == links[1], query
