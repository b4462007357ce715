"""Journeys for professionals in headless Chromium, on a phone and on a desktop screen."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import shipped_id
from test_browser import AXE, AXE_TAGS, base_url, browser  # noqa: F401 (fixtures)

from navigator.build import Site
from navigator.diagrams.paper import SHEETS, media_box

pytestmark = pytest.mark.browser

SCREENS = {"phone": (360, 800), "desktop": (1280, 900)}


@pytest.fixture(params=sorted(SCREENS))
def tab(request: pytest.FixtureRequest, browser: object) -> Iterator[object]:  # noqa: F811
    """A fresh page at phone and at desktop size."""
    width, height = SCREENS[request.param]
    context = browser.new_context(
        viewport={"width": width, "height": height},  # type: ignore[attr-defined]
        accept_downloads=True,
    )
    page = context.new_page()
    yield page
    context.close()


def width_of(tab: object) -> int:
    """The viewport width of a tab."""
    return int(tab.viewport_size["width"])  # type: ignore[attr-defined]


def shot(tab: object, folder: Path, name: str) -> None:
    """A full-page screenshot in the test's own output folder."""
    tab.screenshot(path=str(folder / f"{name}-{width_of(tab)}.png"), full_page=True)  # type: ignore[attr-defined]


def test_a_teacher_finds_whom_to_hand_over_to_and_the_duty_to_report(
    tab: object, base_url: str, site: Site, tmp_path: Path
) -> None:  # noqa: F811
    role = site.catalogue.roles[shipped_id(site.catalogue.roles, "laerer")]
    tab.goto(base_url + "/roller/")  # type: ignore[attr-defined]
    mine = tab.get_by_role("region", name="Er du fagperson?")  # type: ignore[attr-defined]
    mine.get_by_role("link", name=role.name, exact=True).click()
    tab.wait_for_url("**/roller/laerer/")  # type: ignore[attr-defined]
    assert tab.get_by_role("heading", name="Når du er bekymret for et barn").is_visible()  # type: ignore[attr-defined]
    ppr = tab.get_by_role("heading", name="Kontakt PPR efter skolens procedure")  # type: ignore[attr-defined]
    assert ppr.is_visible()
    ppr.scroll_into_view_if_needed()
    assert tab.get_by_text("Spørg din leder om skolens procedure", exact=False).is_visible()  # type: ignore[attr-defined]
    duty = tab.get_by_role("heading", name="Skærpet underretningspligt")  # type: ignore[attr-defined]
    duty.scroll_into_view_if_needed()
    assert duty.is_visible()
    assert tab.get_by_text("Barnets lov §§ 132–135", exact=False).is_visible()  # type: ignore[attr-defined]
    assert tab.evaluate("document.documentElement.scrollWidth") <= width_of(tab)  # type: ignore[attr-defined]
    shot(tab, tmp_path, "laerer")


def test_who_does_what_shows_one_role_on_a_phone_and_the_matrix_when_wide(
    tab: object, base_url: str, site: Site, tmp_path: Path
) -> None:  # noqa: F811
    tab.goto(base_url + "/hvem-goer-hvad/")  # type: ignore[attr-defined]
    matrix = tab.locator("table")  # type: ignore[attr-defined]
    assert matrix.is_visible() == (width_of(tab) >= 1024)
    tab.get_by_label("Rolle", exact=True).select_option("ppr-psykolog")  # type: ignore[attr-defined]
    tab.get_by_role("button", name="Vis rollen").click()  # type: ignore[attr-defined]
    tab.wait_for_url("**/hvem-goer-hvad/?rolle=ppr-psykolog")  # type: ignore[attr-defined]
    choice = tab.locator(".vv-who-choice")  # type: ignore[attr-defined]
    assert choice.get_by_role("heading", name="PPR-psykolog").is_visible()
    kit = site.catalogue.pathways[shipped_id(site.catalogue.pathways, "kit")]
    assert choice.get_by_role("link", name=kit.name).is_visible()
    assert tab.evaluate("document.documentElement.scrollWidth") <= width_of(tab)  # type: ignore[attr-defined]
    shot(tab, tmp_path, "hvem-goer-hvad")


def test_a_coordinator_downloads_a_pathway_as_pdf_and_as_csv(
    tab: object, base_url: str, site: Site, tmp_path: Path
) -> None:  # noqa: F811
    pathway = site.catalogue.pathways[shipped_id(site.catalogue.pathways, "henvisning-bup")]
    tab.goto(base_url + "/forloeb/")  # type: ignore[attr-defined]
    tab.get_by_role("link", name=pathway.name, exact=True).click()  # type: ignore[attr-defined]
    with tab.expect_download() as pdf_download:  # type: ignore[attr-defined]
        tab.get_by_role("link", name="PDF (A4 eller A3)").click()  # type: ignore[attr-defined]
    assert pdf_download.value.suggested_filename == "forloeb-henvisning-bup.pdf"
    size = media_box(Path(pdf_download.value.path()).read_bytes())
    assert any(
        abs(min(size) - short) < 1 and abs(max(size) - long) < 1 for short, long in SHEETS.values()
    ), size
    with tab.expect_download() as csv_download:  # type: ignore[attr-defined]
        tab.get_by_role("link", name="Regneark til Excel (CSV med semikolon)").click()  # type: ignore[attr-defined]
    assert csv_download.value.suggested_filename == "henvisning-bup-excel.csv"
    body = Path(csv_download.value.path()).read_text(encoding="utf-8")
    assert body.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(body[1:]), delimiter=";"))
    assert rows[0][:4] == ["type", "nr", "id", "navn"]
    assert [r[2] for r in rows if r[0] == "trin"] == [s.id for s in pathway.steps]
    shot(tab, tmp_path, "forloeb")


def test_the_full_size_diagram_zooms_with_the_buttons(
    tab: object, base_url: str, tmp_path: Path
) -> None:  # noqa: F811
    tab.goto(base_url + "/forloeb/kit/")  # type: ignore[attr-defined]
    tab.get_by_role("link", name="Se diagrammet i fuld størrelse", exact=False).click()  # type: ignore[attr-defined]
    svg = tab.locator("[data-zoom-box] svg")  # type: ignore[attr-defined]
    before = float(svg.get_attribute("width").rstrip("pt"))
    tab.get_by_role("button", name="Zoom ind").click()  # type: ignore[attr-defined]
    assert float(svg.get_attribute("width").rstrip("pt")) == pytest.approx(before * 1.25, 0.01)
    tab.get_by_role("button", name="Tilpas til bredden").click()  # type: ignore[attr-defined]
    box = tab.locator("[data-zoom-box]").bounding_box()  # type: ignore[attr-defined]
    assert svg.bounding_box()["width"] <= box["width"]
    assert tab.evaluate("document.documentElement.scrollWidth") <= width_of(tab)  # type: ignore[attr-defined]
    shot(tab, tmp_path, "diagram")


CHANGED = [
    "/roller/",
    "/roller/laerer/",
    "/roller/praktiserende-laege/",
    "/hvem-goer-hvad/",
    "/hvem-goer-hvad/?rolle=laerer",
    "/hvem-goer-hvad/?forloeb=kit",
    "/forloeb/kit/",
    "/forloeb/kit/diagram/",
    "/kommuner/gentofte/",
    "/eksport/",
]


@pytest.mark.parametrize("screen", sorted(SCREENS))
def test_axe_finds_no_violations_on_the_changed_pages(
    browser: object, base_url: str, screen: str
) -> None:  # noqa: F811
    width, height = SCREENS[screen]
    # axe is injected as an inline script, which the site's CSP rightly refuses
    context = browser.new_context(
        viewport={"width": width, "height": height},  # type: ignore[attr-defined]
        bypass_csp=True,
    )
    tab = context.new_page()
    found = {}
    for url in CHANGED:
        tab.goto(base_url + url)  # type: ignore[attr-defined]
        tab.add_script_tag(path=str(AXE))  # type: ignore[attr-defined]
        result = tab.evaluate(  # type: ignore[attr-defined]
            "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", AXE_TAGS
        )
        violations = [
            f"{v['id']}: {v['help']} ({v['nodes'][0]['target']})" for v in result["violations"]
        ]
        if violations:
            found[url] = violations
    context.close()
    assert found == {}
