"""Urgent help is right for the family's region: one rule (query.urgent_help) behind the
bar on every page, /akut/ and the acute pathway; 1813 is never offered outside Region
Hovedstaden, and no number is offered as national when it is regional."""

from __future__ import annotations

import re

import pytest
from flask.testing import FlaskClient

from navigator.answers.query import region_of, steps_for_region, urgent_help
from navigator.build import Site

# the out-of-hours number of each region, as /work/shared/research/domain.md gives it
OUT_OF_HOURS = {
    "region-hovedstaden": "1813",
    "region-sjaelland": "1818",
    "region-syddanmark": "70 11 07 07",
    "region-midtjylland": "70 11 31 31",
    "region-nordjylland": "70 15 03 00",
}
OTHER_REGIONS = [r for r in OUT_OF_HOURS if r != "region-hovedstaden"]
NO_REGION_PAGES = [
    "/",
    "/find/",
    "/find/?alder=15&bekymring=selvskade",
    "/akut/",
    "/om/",
    "/forloeb/akut-hjaelp/",
    "/tilbud/akuttelefon-1813/",
    "/kilder/",
    "/akut/?region=findes-ikke",
]


def phones(services: list) -> list[str]:  # type: ignore[type-arg]
    """Every phone number of the services, in order."""
    return [c.value for s in services for c in s.contacts if c.type == "phone"]


def bar(html: str) -> str:
    """The urgent bar of a page, as HTML."""
    return html.split('aria-label="Akut hjælp"', 1)[1].split("</ul>", 1)[0]


def tel(number: str) -> str:
    return f'href="tel:{number.replace(" ", "")}"'


# ---- the rule ------------------------------------------------------------------------------


def test_without_a_region_only_national_lines_are_given(site: Site) -> None:
    lines = urgent_help(site.catalogue, None)
    assert lines and all(not s.area_served for s in lines)
    numbers = phones(lines)
    assert numbers[0] == "112" and "116 111" in numbers and "70 201 201" in numbers
    assert not set(OUT_OF_HOURS.values()) & set(numbers), "no regional number as national"


@pytest.mark.parametrize("region", list(OUT_OF_HOURS))
def test_each_region_gets_its_own_number_first_then_the_national_lines(
    site: Site, region: str
) -> None:
    lines = urgent_help(site.catalogue, region)
    own = [s for s in lines if s.area_served]
    assert own and all(region in s.area_served for s in own)
    assert lines[: len(own)] == own, "the region's own lines come first"
    assert phones(own)[0] == OUT_OF_HOURS[region]
    assert set(phones(urgent_help(site.catalogue, None))) <= set(phones(lines))
    wrong = {n for r, n in OUT_OF_HOURS.items() if r != region}
    assert not wrong & set(phones(lines)), "another region's number is offered"


@pytest.mark.parametrize(
    ("kommune", "region"),
    [
        ("koebenhavn", "region-hovedstaden"),
        ("gentofte", "region-hovedstaden"),
        ("randers", "region-midtjylland"),
        ("region-nordjylland", "region-nordjylland"),
        ("randersklyngen", "region-midtjylland"),
        ("findes-ikke", None),
        (None, None),
    ],
)
def test_region_of_a_kommune(site: Site, kommune: str | None, region: str | None) -> None:
    assert region_of(site.catalogue, kommune) == region


def test_every_shipped_kommune_has_a_region(site: Site) -> None:
    cat = site.catalogue
    assert [k.id for k in cat.kommuner() if region_of(cat, k.id) not in OUT_OF_HOURS] == []


# ---- the acute pathway, per region ---------------------------------------------------------


@pytest.mark.parametrize("region", OTHER_REGIONS)
def test_no_family_outside_region_hovedstaden_is_routed_to_buc(site: Site, region: str) -> None:
    cat = site.catalogue
    steps = steps_for_region(cat, cat.pathways["akut-hjaelp"], region)
    services = {s.service for s in steps if s.service}
    assert not services & {"psykiatrisk-akutmodtagelse-buc", "akuttelefon-1813"}
    assert not [s.id for s in steps if "BUC" in s.name or "1813" in (s.summary or "")]
    assert all(cat.services[s].area_served in ((), (region,)) for s in services)
    assert any(region in s.area_served for s in steps), "the region has its own steps"


def test_region_hovedstaden_keeps_its_route_through_buc(site: Site) -> None:
    cat = site.catalogue
    steps = steps_for_region(cat, cat.pathways["akut-hjaelp"], "region-hovedstaden")
    assert {"ring-1813", "selv-til-akutmodtagelse", "akut-vurdering"} <= {s.id for s in steps}


def test_without_a_region_the_pathway_shows_only_steps_for_everyone(site: Site) -> None:
    steps = steps_for_region(site.catalogue, site.catalogue.pathways["akut-hjaelp"], None)
    assert steps and all(not s.area_served for s in steps)


def test_every_go_here_step_has_an_address_a_phone_or_says_whom_to_ring(site: Site) -> None:
    cat = site.catalogue
    for step in cat.pathways["akut-hjaelp"].steps:
        if not step.service:
            continue
        service = cat.services[step.service]
        assert {c.type for c in service.contacts} & {"phone", "address"} or "Ring først" in (
            service.application_process or ""
        ), step.id


def test_regional_steps_are_labelled_with_their_region(client: FlaskClient, site: Site) -> None:
    page = client.get("/forloeb/akut-hjaelp.json").json
    html = client.get("/forloeb/akut-hjaelp/").text
    regional = [s for s in site.catalogue.pathways["akut-hjaelp"].steps if s.area_served]
    assert regional
    for step in page["steps"]:
        wanted = next((s for s in regional if s.id == step["id"]), None)
        assert bool(step["areas"]) == (wanted is not None), step["id"]
        for area in step["areas"]:  # the page says where it holds, next to the step
            assert area["name"] in html, step["id"]
    assert "Gælder kun i" in html and "Region Nordjylland" in html


# ---- the bar and /akut/ --------------------------------------------------------------------


@pytest.mark.parametrize("path", NO_REGION_PAGES)
def test_the_bar_never_shows_a_regional_number_on_a_page_without_a_region(
    client: FlaskClient, path: str
) -> None:
    html = bar(client.get(path).text)
    assert tel("112") in html
    assert not [n for n in OUT_OF_HOURS.values() if tel(n) in html], path
    assert 'href="/akut/"' in html and "Akut hjælp i din region" in html


@pytest.mark.parametrize(
    ("kommune", "region"), [("koebenhavn", "region-hovedstaden"), ("randers", "region-midtjylland")]
)
def test_choosing_a_kommune_in_find_puts_its_regions_number_in_the_bar(
    client: FlaskClient, kommune: str, region: str
) -> None:
    response = client.get(f"/find/?kommune={kommune}&alder=15&bekymring=selvskade")
    html = bar(response.text)
    assert tel("112") in html and tel(OUT_OF_HOURS[region]) in html
    assert [n for n in OUT_OF_HOURS.values() if tel(n) in html] == [OUT_OF_HOURS[region]]
    assert f'href="/akut/{region}/"' in html
    assert "Set-Cookie" not in response.headers, "the region travels in the URL only"


def test_a_kommune_page_shows_its_regions_number(client: FlaskClient) -> None:
    html = bar(client.get("/kommuner/randers/").text)
    assert tel("70 11 31 31") in html and tel("1813") not in html


@pytest.mark.parametrize("region", list(OUT_OF_HOURS))
@pytest.mark.parametrize("url", ["/akut/?region={}", "/akut/{}/"])
def test_akut_for_a_region_shows_that_region_first(
    client: FlaskClient, region: str, url: str
) -> None:
    html = client.get(url.format(region)).text
    assert tel(OUT_OF_HOURS[region]) in bar(html)
    main = html.split('id="main-content"', 1)[1]
    first = re.search(r'<section class="vv-akut-region" id="([a-z-]+)"', main)
    assert first is not None and first.group(1) == region
    before_others = main.split("De andre regioner", 1)[0]
    for other, number in OUT_OF_HOURS.items():
        if other != region:
            assert tel(number) not in before_others, (region, other)


def test_akut_json_twin_has_the_region_first(client: FlaskClient) -> None:
    data = client.get("/akut/region-nordjylland.json").json
    assert data["region"]["id"] == "region-nordjylland"
    assert data["regions"][0]["id"] == "region-nordjylland"
    assert client.get("/akut/region-findes-ikke/").status_code == 404


def test_akut_lists_all_five_regions_with_a_jump_list(client: FlaskClient) -> None:
    html = client.get("/akut/").text
    jump = html.split('id="regioner"', 1)[1].split("</nav>", 1)[0]
    assert re.findall(r'href="#(region-[a-z]+)"', jump) == sorted(
        OUT_OF_HOURS, key=lambda r: client.get(f"/akut/{r}.json").json["region"]["name"]
    )
    for region, number in OUT_OF_HOURS.items():
        section = html.split(f'id="{region}"', 1)[1].split("</section>", 1)[0]
        assert tel(number) in section, region
        assert f'href="/akut/{region}/"' in section
    assert "<script" not in html.split('id="main-content"', 1)[1], "works without JavaScript"


def test_unknown_numbers_are_said_as_unknown_on_akut(client: FlaskClient) -> None:
    html = client.get("/akut/").text
    forældre = html.split("ForældreTelefonen", 1)[1].split('class="vv-card"', 1)[0]
    assert "Telefonnummer og åbningstid: ukendt" in forældre
    assert "https://bornsvilkar.dk/stopvold/" in forældre, "a way to reach it all the same"
    livslinien = html.split("Livslinien", 1)[1].split('class="vv-card"', 1)[0]
    assert "Alle dage kl. 11-04" in livslinien, "hours from a source"
