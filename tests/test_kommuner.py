"""All 98 kommuner: the catalogue against Danmarks Statistik's list, and what a parent sees."""

from __future__ import annotations

import csv
import re
from dataclasses import replace
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import pytest
from flask.testing import FlaskClient
from helpers import MERGER_EVE, TODAY_DATE, VALID

from navigator.answers.query import availability, is_starting_point, offers_in, region_of
from navigator.build import Site, build_site
from navigator.source.model import Contact
from navigator.source.spans import kommuner_in, regions
from navigator.web.presenters.find import match_card
from navigator.web.presenters.places import kommune_contact
from navigator.web.presenters.reference import scope
from navigator.web.tables import services_by_kommune_rows

REFERENCE = Path(__file__).parent / "fixtures" / "reference" / "kommuner-dst.csv"
EVERY_KOMMUNE_BY_LAW = ("lettilgaengeligt-tilbud", "sundhedspleje", "kui")


def reference() -> list[dict[str, str]]:
    """The committed list: code, id, name, region per kommune (comment lines skipped)."""
    lines = [
        line
        for line in REFERENCE.read_text(encoding="utf-8").splitlines()
        if not line.startswith("#")
    ]
    return list(csv.DictReader(lines))


def test_the_reference_list_has_98_kommuner_in_five_regions() -> None:
    rows = reference()
    assert len(rows) == 98
    assert len({r["code"] for r in rows}) == len({r["id"] for r in rows}) == 98
    per_region = {}
    for r in rows:
        per_region[r["region"]] = per_region.get(r["region"], 0) + 1
    assert per_region == {
        "region-hovedstaden": 29,
        "region-sjaelland": 17,
        "region-syddanmark": 22,
        "region-midtjylland": 19,
        "region-nordjylland": 11,
    }


def test_catalogue_kommuner_are_exactly_the_reference_list(site: Site) -> None:
    # the reference list is the classification of 2007-2026 (before Region Østdanmark)
    cat = site.catalogue
    shipped = {
        (k.code or "", k.id, k.name, region_of(cat, k.id, MERGER_EVE) or "") for k in cat.kommuner()
    }
    wanted = {(r["code"], r["id"], r["name"], r["region"]) for r in reference()}
    assert sorted(shipped - wanted) == [], "in the catalogue, not in the reference list"
    assert sorted(wanted - shipped) == [], "in the reference list, not in the catalogue"


def test_the_regions_of_2026_are_the_reference_lists(site: Site) -> None:
    found = {p.id for p in regions(site.catalogue, MERGER_EVE)}
    assert found == {r["region"] for r in reference()}


def test_every_kommune_and_its_contacts_have_sources(site: Site) -> None:
    for kommune in site.catalogue.kommuner():
        assert kommune.facts.sources, kommune.id
        for c in kommune.contacts:
            assert c.sources and c.fact_status, (kommune.id, c.value)


def test_every_kommune_has_a_sourced_website_and_phones_look_like_phones(site: Site) -> None:
    sources = site.catalogue.sources
    for kommune in site.catalogue.kommuner():
        webs = [c for c in kommune.contacts if c.type == "web" and not c.service]
        homes = [c for c in webs if c.label == "Kommunens hjemmeside"]
        assert len(homes) == 1 and homes[0].value.startswith("https://"), kommune.id
        for c in kommune.contacts:
            assert all(sources[s].url for s in c.sources), (kommune.id, c.value)
            if c.type == "phone":
                # eight digits in pairs, or 114, the police's number for the after-hours duty
                assert re.fullmatch(r"\d\d \d\d \d\d \d\d|114", c.value), (kommune.id, c.value)


def test_a_kommune_entry_point_is_backed_by_its_quote(site: Site) -> None:
    """Every number and address of a kommune's entry point (issue 16) stands in the quote or
    note of its source, and the source is the kommune's own page or names the kommune."""
    sources = site.catalogue.sources
    checked = 0
    for kommune in site.catalogue.kommuner():
        for c in kommune.contacts:
            pages = [sources[s] for s in c.sources if s.startswith("src-k-")]
            if not pages:
                continue
            said = " ".join(p.note or "" for p in pages)
            if c.type == "phone":
                assert c.value.replace(" ", "") in re.sub(r"\D", "", said), (kommune.id, c.value)
            if c.type == "email":
                assert c.value.lower() in said.lower(), (kommune.id, c.value)
            named = kommune.name.split()[0].lower()[:5]
            for page in pages:
                text = f"{page.publisher} {page.title} {page.url} {page.note}".lower()
                assert page.publisher == kommune.name or named in text, (kommune.id, page.id)
            checked += 1
    assert checked >= 140


def _host(url: str) -> str:
    host = urlparse(url).hostname or ""
    return host.removeprefix("www.")


def test_a_verified_website_is_the_domain_of_the_kommune_page_we_read(site: Site) -> None:
    """A website marked verified from a kommune page (src-web-*) is that page's own domain."""
    checked = 0
    for kommune in site.catalogue.kommuner():
        for c in kommune.contacts:
            own = [s for s in c.sources if s.startswith("src-web-")]
            if c.type != "web" or c.fact_status != "verified" or not own:
                continue
            page = site.catalogue.sources[own[0]]
            assert page.url and _host(page.url).endswith(_host(c.value)), (kommune.id, page.url)
            assert page.publisher == kommune.name, kommune.id
            checked += 1
    assert checked >= 80


def test_every_kommune_can_be_chosen_in_find(client: FlaskClient) -> None:
    page = client.get("/find/").text
    select = page[page.index('<select class="form-select" id="kommune"') :]
    select = select[: select.index("</select>")]
    options = set(re.findall(r'<option value="([^"]+)"', select))
    assert options == {r["id"] for r in reference()}


def test_every_kommune_has_a_page_with_its_code_and_region(client: FlaskClient) -> None:
    for row in reference():
        response = client.get(f"/kommuner/{row['id']}/")
        assert response.status_code == 200, row["id"]
        text = response.text
        assert row["name"] in text and f"<dd>{row['code']}</dd>" in text, row["id"]


def test_every_kommune_is_in_the_services_by_kommune_export(site: Site) -> None:
    listed = {row[0] for row in services_by_kommune_rows(site)}
    assert listed == {r["id"] for r in reference()}


def test_the_graph_has_every_kommunekode(client: FlaskClient) -> None:
    triples = client.get("/data/graph.nt").text
    codes = set(re.findall(r'<https://vejviser.dk/ns#kommunekode> "(\d+)"', triples))
    assert codes == {r["code"] for r in reference()}


@pytest.mark.parametrize("service_id", EVERY_KOMMUNE_BY_LAW)
def test_a_service_required_by_law_reads_lovkrav_in_every_kommune(
    site: Site, service_id: str
) -> None:
    for kommune in site.catalogue.kommuner():
        offer = next(o for o in offers_in(site, kommune.id) if o.service.id == service_id)
        # 'offered' only where a record names the kommune itself (e.g. Favrskov's own page)
        expected = (
            "offered"
            if offer.record
            and offer.record.place == kommune.id
            and offer.record.status == "offered"
            else "statutory"
        )
        assert offer.status == expected, kommune.id


@pytest.mark.parametrize("service_id", ["lettilgaengeligt-tilbud", "sundhedspleje"])
def test_a_service_required_by_law_names_its_law_and_sources(site: Site, service_id: str) -> None:
    service = site.catalogue.services[service_id]
    assert service.required_by_law
    assert service.legal_basis and service.legal_basis.startswith("Sundhedsloven")
    assert service.facts.sources and service.facts.fact_status == "verified"


def test_ppr_is_never_unknown_and_says_why(site: Site) -> None:
    for kommune in site.catalogue.kommuner():
        offer = next(o for o in offers_in(site, kommune.id) if o.service.id == "ppr-raadgivning")
        assert offer.status == "offered", kommune.id
        assert offer.record is not None and "src-ombudsmand-ppr" in offer.record.sources


def test_a_record_saying_unknown_does_not_hide_a_legal_duty() -> None:
    cat = build_site(VALID, TODAY_DATE, shacl=False).catalogue
    service = cat.services["tidlig-hjaelp"]
    unknown = next(c for c in service.coverage if c.status != "offered")
    by_law = replace(service, required_by_law=True)
    assert availability(cat, service, unknown.place)[0] == unknown.status
    assert availability(cat, by_law, unknown.place) == ("statutory", unknown)
    offered = next(c for c in service.coverage if c.status == "offered")
    assert availability(cat, by_law, offered.place)[0] == "offered"


def test_kommune_page_shows_the_law_its_source_and_how_to_reach_the_kommune(
    client: FlaskClient,
) -> None:
    text = client.get("/kommuner/aalborg/").text
    assert "Sundhedsloven § 126 a" in text and "Sundhedsloven kapitel 36" in text
    assert "Forebyggende sundhedsydelser til børn og unge" in text  # a source of sundhedspleje
    assert 'href="https://www.aalborg.dk"' in text
    assert "Vi har ikke Aalborg Kommunes hovednummer." in text
    holbaek = client.get("/kommuner/holbaek/").text
    assert 'href="https://holbaek.dk"' in holbaek
    assert "Vi har ikke Holbæk Kommunes hovednummer." in holbaek
    koege = client.get("/kommuner/koege/").text
    assert "56 67 67 67" in koege and 'href="https://www.koege.dk"' in koege
    assert "Vi har ikke Køge Kommunes" not in koege


def test_kommune_contact_gives_only_sourced_contacts(site: Site) -> None:
    cat = site.catalogue
    aalborg = kommune_contact(cat, "aalborg")
    assert aalborg is not None
    assert aalborg["website"]["value"] == "https://www.aalborg.dk"
    assert aalborg["missing"] == ["hovednummer"] and aalborg["lead"] == []
    koege = kommune_contact(cat, "koege")
    assert koege is not None and koege["missing"] == [] and koege["hint"] is None
    assert kommune_contact(cat, "region-nordjylland") is None
    assert kommune_contact(cat, None) is None


def test_find_card_for_a_kommune_service_says_how_to_reach_that_kommune(
    client: FlaskClient,
) -> None:
    data = client.get("/find.json?alder=15&bekymring=selvskade&kommune=aalborg").json
    card = next(r for r in data["results"] if r["id"] == "lettilgaengeligt-tilbud")
    assert card["availability"] == "statutory"
    assert card["legal_basis"].startswith("Sundhedsloven § 126 a")
    assert card["kommune_contact"]["name"] == "Aalborg Kommune"
    lines = [r for r in data["results"] if r["id"] == "egen-laege"]
    assert lines and lines[0]["kommune_contact"] is None  # not the kommune's own service
    page = client.get("/find/?alder=15&bekymring=selvskade&kommune=aalborg").text
    assert "Kontakt Aalborg Kommune" in page


def test_scope_is_counted_from_the_catalogue(site: Site, client: FlaskClient) -> None:
    summary = scope(site)
    assert summary["kommuner"] == 98
    north = next(r for r in summary["regions"] if r["id"] == "region-nordjylland")
    assert north["kommuner"] == 11
    kommuner = kommuner_in(site.catalogue, "region-nordjylland")
    mmm = site.catalogue.services["mind-my-mind"]
    known = sum(availability(site.catalogue, mmm, k.id)[0] != "unknown" for k in kommuner)
    row = next(s for s in north["services"] if s["service"]["id"] == "mind-my-mind")
    assert (row["known"], row["applies"]) == (known, 11)
    for path in ("/", "/om/"):
        text = client.get(path).text
        assert (
            f"Region Nordjylland</strong>: 11 kommuner. Svaret er kendt i alle kommuner "
            f"for {north['complete']} af {len(north['services'])} tilbud." in text
        )


def test_the_front_page_keeps_the_scope_short_and_om_has_the_lists(client: FlaskClient) -> None:
    """A phone gets the summary line per region on the front page; the per-service lists
    (hundreds of lines at national scale) are on /om/."""
    home = client.get("/").text
    assert "vv-scope-region" not in home and "kendt i 11 af 11 kommuner" not in home
    assert 'href="/om/#daekning">Se hvert tilbud, region for region</a>' in home
    regions = client.get("/index.json").json["scope"]["regions"]
    assert len(regions) == 5 and all("services" not in r for r in regions)
    about = client.get("/om/").text
    assert about.count('<details class="vv-scope-region">') == 5


def test_docs_content_md_has_the_current_counts(site: Site) -> None:
    from navigator.web.presenters.reference import content_counts

    doc = (Path(__file__).parent.parent / "docs" / "content.md").read_text(encoding="utf-8")
    block = doc.split("<!-- counts:start -->\n", 1)[1].split("<!-- counts:end -->", 1)[0]
    assert block == content_counts(site), (
        "regenerate: PYTHONPATH=. .venv/bin/python scripts/content_counts.py --write"
    )


def test_kommune_list_groups_all_98_by_region(client: FlaskClient) -> None:
    data = client.get("/kommuner.json").json
    grouped = {k["id"]: r["id"] for r in data["regions"] for k in r["kommuner"]}
    assert grouped == {row["id"]: row["region"] for row in reference()}
    assert "Region Nordjylland" in client.get("/kommuner/").text


def test_coverage_lists_ppr_in_every_kommune_as_find_does(site: Site) -> None:
    from navigator.answers.query import coverage

    rows = {r.place: r.status for r in coverage(site, "ppr-raadgivning")}
    assert rows == {row["id"]: "offered" for row in reference()}


def assert_own_contacts(site: Site, kommune: str, service: str, box: dict[str, Any]) -> None:
    """The kommune box of a card names this kommune, and every contact in it is one of this
    kommune's own: the way into this very service first, else its main number or website."""
    place = site.catalogue.places[kommune]
    own: dict[tuple[str, str], list[Contact]] = {}
    for c in place.contacts:
        own.setdefault((c.type, c.value), []).append(c)
    assert box["id"] == kommune and box["name"] == place.name, (kommune, service)
    shown = [*box["lead"], *([box["website"]] if box["website"] else [])]
    for item in shown:
        assert (item["type"], item["value"]) in own, (kommune, service, item["value"])
    for item in box["lead"]:
        wanted = (service,) if box["direct"] else (None,)
        mine = [c.service for c in own[(item["type"], item["value"])]]
        assert any(m in wanted for m in mine), (kommune, service, item["value"])
    direct = [c for c in place.contacts if c.service == service]
    assert box["direct"] == bool(direct), (kommune, service)


def test_every_card_gives_only_its_own_kommunes_contacts(site: Site) -> None:
    """For every kommune and every kommune service a family can start with, the card's box is
    that kommune's: never another kommune's number, and the service's own contact first."""
    cat = site.catalogue
    services = [s for s in cat.services.values() if s.sector == "kommune" and is_starting_point(s)]
    assert len(services) >= 3
    checked = directs = 0
    for kommune in cat.kommuner():
        for service in services:
            status = availability(cat, service, kommune.id)[0]
            card = match_card(site, service, status, (), kommune=kommune.id)
            assert_own_contacts(site, kommune.id, service.id, card["kommune_contact"])
            checked += 1
            directs += card["kommune_contact"]["direct"]
    assert checked == len(cat.kommuner()) * len(services) and directs >= 20


def test_a_card_with_another_kommunes_contact_fails_the_check(site: Site) -> None:
    """The check above can fail: Aalborg's PPR card with Køge's main number in it."""
    card = match_card(site, site.catalogue.services["ppr-raadgivning"], "offered", (), "aalborg")
    box = card["kommune_contact"]
    koege = kommune_contact(site.catalogue, "koege", "ppr-raadgivning")
    assert koege is not None and koege["lead"]
    with pytest.raises(AssertionError):
        assert_own_contacts(site, "aalborg", "ppr-raadgivning", {**box, "lead": koege["lead"]})
    with pytest.raises(AssertionError):
        assert_own_contacts(site, "aalborg", "ppr-raadgivning", {**box, "name": "Køge Kommune"})


def test_the_first_card_in_aalborg_leads_with_aalborgs_own_way_in(client: FlaskClient) -> None:
    """The issue's parent: Aalborg, a 9-year-old who will not go to school. The § 126 a card
    says what to ask for and links Aalborg's own site; it never names Favrskov or PPR's way
    in another kommune; Aalborg's PPR card leads with Aalborg's PPR page."""
    data = client.get("/find.json?alder=9&bekymring=vil+ikke+i+skole&kommune=aalborg").json
    first = data["results"][0]
    assert first["id"] == "lettilgaengeligt-tilbud"
    box = first["kommune_contact"]
    assert box["ask_for"] == "Spørg efter det gratis behandlingstilbud til børn og unge."
    assert box["website"]["href"] == "https://www.aalborg.dk"
    page = client.get("/find/?alder=9&bekymring=vil+ikke+i+skole&kommune=aalborg").text
    cards = page[page.index("<article") : page.rindex("</article>")]
    assert "Favrskov" not in cards and "Aalborg Kommune" in cards
    ppr = next(r for r in data["results"] if r["id"] == "ppr-raadgivning")
    assert [x["href"] for x in ppr["kommune_contact"]["lead"]] == ["https://ppr.aalborg.dk"]
