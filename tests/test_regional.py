"""Regional truth on the cards in /find: 'Vejen videre' never leads into another region."""

from __future__ import annotations

import re

import pytest
from flask.testing import FlaskClient

from navigator.answers.query import availability, region_of, serves
from navigator.build import Site

# one kommune in each region, and the capital
KOMMUNER = ("aalborg", "odense", "roskilde", "randers", "koebenhavn")
QUESTIONS = ("", "&alder=15", "&alder=10&bekymring=ondt+i+maven", "&alder=15&bekymring=angst")
PATHWAY_LINK = re.compile(r'href="/forloeb/([a-z0-9-]+)/')


def cards(html: str) -> list[str]:
    """The result cards of a /find answer, as HTML."""
    return re.findall(r'<article class="vv-card".*?</article>', html, flags=re.S)


def foreign(site: Site, pathway_ids: list[str], kommune: str | None) -> list[str]:
    """The pathways a family in the kommune cannot use (meant for another region or area)."""
    cat = site.catalogue
    return [p for p in pathway_ids if not serves(cat, cat.pathways[p].area_served, kommune)]


@pytest.mark.parametrize("kommune", KOMMUNER)
@pytest.mark.parametrize("asked", QUESTIONS)
def test_no_card_leads_into_another_region(
    client: FlaskClient, site: Site, kommune: str, asked: str
) -> None:
    html = client.get(f"/find/?kommune={kommune}{asked}").get_data(as_text=True)
    found = cards(html)
    assert found, "the answer has cards"
    linked = [p for card in found for p in PATHWAY_LINK.findall(card)]
    assert foreign(site, linked, kommune) == []


def test_aalborg_is_not_offered_region_midtjyllands_pathways(client: FlaskClient) -> None:
    html = client.get("/find/?kommune=aalborg").get_data(as_text=True)
    assert "samarbejdsaftale-mistrivsel-rm" not in html and "risikogrupper-rm" not in html
    assert "/forloeb/henvisning-bup/" not in html and "/forloeb/kit/" not in html
    # the national pathway of the free offer is still there
    assert "/forloeb/lettilgaengeligt-tilbud-forloeb/" in html


def test_randers_keeps_its_own_regions_pathways(client: FlaskClient) -> None:
    html = client.get("/find/?kommune=randers").get_data(as_text=True)
    assert "/forloeb/samarbejdsaftale-mistrivsel-rm/" in html


@pytest.mark.parametrize("kommune", (*KOMMUNER, None))
def test_find_json_onwards_follow_the_same_rule(
    client: FlaskClient, site: Site, kommune: str | None
) -> None:
    url = f"/find.json?kommune={kommune}" if kommune else "/find.json?alder=15"
    results = client.get(url).get_json()["results"]
    pathways = [p["id"] for r in results for p in r["onwards"]["pathways"]]
    targets = [h["to"]["pathway"]["id"] for r in results for h in r["onwards"]["handovers"]]
    assert pathways
    assert foreign(site, pathways + targets, kommune) == []


def test_without_a_kommune_only_national_pathways_are_offered(
    client: FlaskClient, site: Site
) -> None:
    results = client.get("/find.json?alder=15").get_json()["results"]
    pathways = {p["id"] for r in results for p in r["onwards"]["pathways"]}
    assert all(not site.catalogue.pathways[p].area_served for p in pathways)


def test_the_static_find_data_has_each_kommunes_own_onwards(
    client: FlaskClient, site: Site
) -> None:
    """Each kommune's file (static_find.shard) carries cards that link only to its own
    pathways; no kommune chosen: only the national ones."""
    for kommune in (*KOMMUNER, ""):
        shard = client.get(f"/find-data/{kommune or 'ingen-kommune'}.json").get_json()
        for service in shard["services"]:
            for card in service["cards"].values():
                linked = PATHWAY_LINK.findall(card)
                assert foreign(site, linked, kommune or None) == [], (kommune, service["id"])

    def lettilgaengeligt(kommune: str) -> set[str]:
        shard = client.get(f"/find-data/{kommune}.json").get_json()
        card = next(s for s in shard["services"] if s["id"] == "lettilgaengeligt-tilbud")
        return set(PATHWAY_LINK.findall(card["cards"]["0"]))

    assert "samarbejdsaftale-mistrivsel-rm" in lettilgaengeligt("randers")
    assert "samarbejdsaftale-mistrivsel-rm" not in lettilgaengeligt("aalborg")


def test_a_cluster_pathway_is_not_taken_to_hold_for_its_whole_region(site: Site) -> None:
    cat = site.catalogue
    cluster = next(p for p in cat.places.values() if p.type == "cluster" and p.members)
    member = cluster.member_ids[0]
    outside = next(
        k.id
        for k in cat.kommuner()
        if region_of(cat, k.id) == region_of(cat, member) and k.id not in cluster.member_ids
    )
    assert serves(cat, (cluster.id,), member)
    assert not serves(cat, (cluster.id,), outside)
    assert not serves(cat, (cluster.id,), region_of(cat, member))
    assert not serves(cat, ("region-midtjylland",), None)
    assert serves(cat, (), None)


# ---- every card has a way in (issue 9 item 2) ----------------------------------------------

WAY_IN_KOMMUNER = ("gentofte", "aalborg", "odense", "roskilde", "hilleroed")
WAY_IN_QUESTIONS = (
    "",
    "&alder=3",
    "&alder=10&bekymring=ondt+i+maven",
    "&alder=15&bekymring=angst",
    "&alder=15&bekymring=selvskade",
    "&alder=16&bekymring=psykose",
    "&alder=8&bekymring=overgreb",
    "&alder=19&bekymring=ikke+i+uddannelse",
)
ACTION_LINK = re.compile(r'href="(tel:|sms:|https?:)')


def ways_in(card: str) -> list[str]:
    """What a parent can act on in a card: tap-to-call, SMS, web, an address or a sourced
    instruction (the marker class vv-way-in), inside the card's contact lists."""
    blocks = re.findall(r'<ul class="vv-contacts">.*?</ul>', card, flags=re.S)
    found = [m for block in blocks for m in ACTION_LINK.findall(block)]
    found += ["address" for block in blocks if 'class="vv-contact-type">Adresse' in block]
    found += ["instruction" for block in blocks if "vv-way-in" in block]
    return found


@pytest.mark.parametrize("kommune", WAY_IN_KOMMUNER)
@pytest.mark.parametrize("asked", WAY_IN_QUESTIONS)
def test_every_card_has_a_way_in(client: FlaskClient, site: Site, kommune: str, asked: str) -> None:
    place = site.catalogue.places[kommune]
    html = client.get(f"/find/?kommune={kommune}{asked}").get_data(as_text=True)
    for card in cards(html):
        if ways_in(card):
            continue
        # only a kommune's own service may lean on the kommune's box, and only while the
        # catalogue has no sourced phone or website for the kommune: then it says so plainly
        title = re.search(r"<h3[^>]*><a[^>]*>([^<]*)", card)
        assert 'class="vv-kommune-contact"' in card and not place.contacts, title
        assert "Søg efter" in card and place.name in card, title


def test_a_kommune_with_a_sourced_number_is_a_tap_away_on_its_own_services(
    client: FlaskClient,
) -> None:
    html = client.get("/find/?kommune=hilleroed&alder=10").get_data(as_text=True)
    ppr = next(c for c in cards(html) if 'id="r-ppr-raadgivning"' in c)
    assert 'href="tel:' in ppr and 'href="http' in ppr


def test_the_own_doctor_card_says_where_the_number_is_with_its_source(client: FlaskClient) -> None:
    html = client.get("/find/?kommune=aalborg&alder=10").get_data(as_text=True)
    doctor = next(c for c in cards(html) if 'id="r-egen-laege"' in c)
    assert "sundhedskort" in doctor and "vv-way-in" in doctor
    assert 'href="/kilder/#src-sundhedskort-randers"' in doctor
    assert 'href="tel:' not in doctor, "no number is made up for the family's own doctor"


@pytest.mark.parametrize(
    ("kommune", "service"),
    [
        ("aalborg", "psykolog-sygesikring"),
        ("roskilde", "boerne-og-ungdomspsykiatri-sjaelland"),
        ("odense", "boerne-og-ungdomspsykiatri-syddanmark"),
    ],
)
def test_a_service_reached_through_the_doctor_starts_there(
    client: FlaskClient, kommune: str, service: str
) -> None:
    html = client.get(f"/find/?kommune={kommune}&alder=15").get_data(as_text=True)
    card = next(c for c in cards(html) if f'id="r-{service}"' in c)
    assert 'class="vv-via"' in card and 'href="/tilbud/egen-laege/"' in card
    assert "vv-way-in" in card


# ---- Børnehusene per region, KUI's law ------------------------------------------------------


def test_every_kommune_has_its_regions_boernehus(site: Site) -> None:
    cat = site.catalogue
    service = cat.services["boernehusene"]
    for kommune in cat.kommuner():
        status, record = availability(cat, service, kommune.id)
        assert status == "offered" and record is not None, kommune.id
        assert record.place == region_of(cat, kommune.id), kommune.id
        assert record.sources, kommune.id


@pytest.mark.parametrize(
    ("kommune", "says"),
    [
        ("aalborg", "Kommunerne i Region Nordjylland bruger børnehuset i Region Nordjylland."),
        ("odense", "Kommunerne i Region Syddanmark bruger børnehuset i Region Syddanmark."),
        ("koebenhavn", "Børnehus Hovedstaden er børnehuset for kommunerne i Region Hovedstaden."),
    ],
)
def test_the_kommune_page_says_which_regions_boernehus(
    client: FlaskClient, kommune: str, says: str
) -> None:
    html = client.get(f"/kommuner/{kommune}/").get_data(as_text=True)
    item = re.search(r'<li><a href="/tilbud/boernehusene/">.*?</li>', html, flags=re.S)
    assert item and says in item.group(0)
    assert "Ukendt" not in item.group(0)


def test_every_service_required_by_law_names_its_law_with_a_source(site: Site) -> None:
    cat = site.catalogue
    required = [s for s in cat.services.values() if s.required_by_law]
    assert "kui" in {s.id for s in required}
    assert [s.id for s in required if not s.legal_basis or not s.facts.sources] == []


def test_the_kui_card_names_its_law(client: FlaskClient) -> None:
    html = client.get("/find/?kommune=aalborg&alder=19").get_data(as_text=True)
    kui = next(c for c in cards(html) if 'id="r-kui"' in c)
    assert "Alle kommuner skal have tilbuddet: Lov om kommunal indsats for unge under 25 år" in kui


def test_search_names_the_region_of_a_regional_result(client: FlaskClient) -> None:
    html = client.get("/soeg/?q=samarbejdsaftale").get_data(as_text=True)
    item = re.search(
        r'<li><h3 class="h4"><a href="/forloeb/samarbejdsaftale-mistrivsel-rm/"[^>]*>'
        r".*?</li>",
        html,
        flags=re.S,
    )
    assert item and "Kun i Region Midtjylland" in re.sub(r"<[^>]+>", "", item.group(0))
    national = re.search(
        r'<li><h3 class="h4"><a href="/tilbud/egen-laege/"[^>]*>.*?</li>',
        client.get("/soeg/?q=læge").get_data(as_text=True),
        flags=re.S,
    )
    assert national and "Kun i" not in national.group(0)


def test_the_list_of_all_services_names_the_region_of_a_regional_one(client: FlaskClient) -> None:
    """'Alle tilbud' is read by families anywhere: a region's own help says whose it is."""
    html = client.get("/tilbud/").get_data(as_text=True)

    def item(service_id: str) -> str:
        found = re.search(
            rf'<li><h2 class="h4"><a href="/tilbud/{service_id}/">.*?</li>', html, re.S
        )
        assert found, service_id
        return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", found.group(0)))

    assert "Kun i Region Nordjylland" in item("boerne-og-ungdomspsykiatri-nordjylland")
    assert "Kun i" not in item("egen-laege")
    listed = client.get("/tilbud.json").get_json()["services"]
    nord = next(s for s in listed if s["id"] == "boerne-og-ungdomspsykiatri-nordjylland")
    assert [a["name"] for a in nord["areas"]] == ["Region Nordjylland"]


# ---- no kommune chosen: only help for everyone, and a way to choose the kommune -----------

REGIONAL = (
    "boerne-og-ungdomspsykiatri-nordjylland",
    "boerne-og-ungdomspsykiatri",  # Region Hovedstaden's
    "opus-young",
)


def card_ids(html: str) -> list[str]:
    """The services on the answer's cards, in order."""
    return re.findall(r'<article class="vv-card" aria-labelledby="r-([a-z0-9-]+)"', html)


def test_without_a_kommune_a_regions_own_help_is_not_shown_as_national(
    client: FlaskClient,
) -> None:
    html = client.get("/find/?alder=15&bekymring=psykose").get_data(as_text=True)
    shown = card_ids(html)
    assert "egen-laege" in shown and "psykolog-sygesikring" in shown, "help for everyone stays"
    assert not set(REGIONAL) & set(shown)
    # the answer says that more help may exist where the family lives, and asks where that is
    notice = html[html.index('id="mere-hjaelp"') : html.index('<ol class="vv-results">')]
    assert "Der kan være mere hjælp, hvor I bor" in notice
    # the kommune goes with the questions' own form, which holds the other two answers (so the
    # parent's words are on the page once)
    assert 'formaction="/find/#svar"' in notice and notice.count('form="find-form"') == 2
    form = html[html.index('id="find-form"') : html.index('id="find-answer"')]
    assert 'name="alder"' in form and 'value="15"' in form and 'value="psykose"' in form
    assert '<option value="aalborg">Aalborg Kommune</option>' in notice


def test_choosing_the_kommune_in_the_notice_shows_the_regions_help_with_its_status(
    client: FlaskClient,
) -> None:
    """The notice's form sends the same answers with the kommune: Aalborg's family gets
    Region Nordjylland's child psychiatry, marked as the region's, and no notice."""
    html = client.get("/find/?alder=15&bekymring=psykose&kommune=aalborg").get_data(as_text=True)
    shown = card_ids(html)
    assert "boerne-og-ungdomspsykiatri-nordjylland" in shown
    assert "boerne-og-ungdomspsykiatri" not in shown and "opus-young" not in shown
    card = next(c for c in cards(html) if 'id="r-boerne-og-ungdomspsykiatri-nordjylland"' in c)
    assert "Findes i jeres region" in card
    assert 'id="mere-hjaelp"' not in html


def test_no_notice_when_no_local_help_fits_the_question(client: FlaskClient) -> None:
    html = client.get("/find/?alder=15&bekymring=vold").get_data(as_text=True)
    assert card_ids(html) and 'id="mere-hjaelp"' not in html


def test_a_danger_word_without_a_kommune_still_gets_112_first(client: FlaskClient) -> None:
    """The notice never pushes 'Få hjælp nu' down: 112 and the national lines come first."""
    html = client.get("/find/?alder=15&bekymring=skader+sig+selv").get_data(as_text=True)
    call_112 = html.index('href="tel:112"', html.index('id="faa-hjaelp-nu"'))
    assert call_112 < html.index('id="mere-hjaelp"')
    assert html.index('id="mere-hjaelp"') < html.index('<ol class="vv-results">')


def test_find_json_without_a_kommune_has_no_regional_help(client: FlaskClient, site: Site) -> None:
    """/find.json renders the same dict: no service for some areas only, and the flag."""
    page = client.get("/find.json?alder=15&bekymring=psykose").get_json()
    assert page["results"] and page["more_locally"] is True
    assert not [r["id"] for r in page["results"] if site.catalogue.services[r["id"]].area_served]
    chosen = client.get("/find.json?alder=15&bekymring=psykose&kommune=aalborg").get_json()
    assert chosen["more_locally"] is False
    assert {r["id"]: r["availability"] for r in chosen["results"]}[REGIONAL[0]] == "regional"


def stime_card(client: FlaskClient, query: str) -> str | None:
    """The STIME card of a /find answer for a 10-year-old with angst, if there is one."""
    html = client.get(f"/find/?alder=10&bekymring=angst{query}").get_data(as_text=True)
    found = [card for card in cards(html) if 'href="/tilbud/stime/"' in card]
    return found[0] if found else None


def test_stime_is_found_outside_region_hovedstaden_with_how_sure_we_are(
    client: FlaskClient,
) -> None:
    # Næstved is one of the eight Region Sjælland kommuner a local article names; no page of
    # the kommune's own confirms it, and the card says so next to "Tilbydes"
    naestved = stime_card(client, "&kommune=naestved")
    assert naestved is not None and "Tilbydes" in naestved
    assert "ikke kunnet bekræfte" in naestved
    # all regions are in, but which kommuner in Region Midtjylland is not known
    aarhus = stime_card(client, "&kommune=aarhus")
    assert aarhus is not None and "Ukendt" in aarhus and "Tilbydes" not in aarhus
    # a founding kommune's card carries no doubt; no kommune: no card, as help not everywhere
    koebenhavn = stime_card(client, "&kommune=koebenhavn")
    assert koebenhavn is not None and "ikke kunnet bekræfte" not in koebenhavn
    assert stime_card(client, "") is None
