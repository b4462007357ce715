"""Data exports: CSV, HSDS JSON, graph downloads, entity IRIs with content negotiation, /eksport."""

from __future__ import annotations

import csv
import io
import json
import re

import pytest
from flask import Flask
from flask.testing import FlaskClient
from helpers import FIXTURES
from rdflib import Graph, URIRef

from navigator.answers.query import offers_in
from navigator.build import Site, build_site, turtle
from navigator.core import codes
from navigator.web.factory import create_app
from navigator.web.tables import (
    entity_csv,
    hsds,
    services_by_kommune_csv,
    who_does_what_csv,
)

NASTY = FIXTURES / "diagram"
HSDS_SERVICE_KEYS = {
    "id",
    "organization_id",
    "program_id",
    "name",
    "alternate_name",
    "description",
    "url",
    "email",
    "status",
    "interpretation_services",
    "application_process",
    "fees_description",
    "accreditations",
    "eligibility_description",
    "minimum_age",
    "maximum_age",
    "assured_date",
    "assurer_email",
    "alert",
    "schedules",
    "languages",
    "program",
    "fundings",
    "required_documents",
    "service_at_locations",
    "phones",
    "organization",
    "contacts",
    "cost_options",
    "service_areas",
    "attributes",
    "metadata",
}


@pytest.fixture(scope="module")
def nasty() -> Site:
    return build_site(NASTY, shacl=False)


@pytest.fixture(scope="module")
def app(nasty: Site) -> Flask:
    return create_app(nasty, {"TESTING": True})


def rows(text: str) -> list[dict[str, str]]:
    assert text.startswith("\ufeff"), "spreadsheets need the byte order mark to read æøå"
    return list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff"))))


# ---- CSV -----------------------------------------------------------------------------------------


def test_who_does_what_has_a_row_per_role_and_step(nasty: Site) -> None:
    table = rows(who_does_what_csv(nasty))
    ppr = [r for r in table if r["rolle_id"] == "ppr-psykolog"]
    assert [(r["forloeb_id"], r["trin_nr"]) for r in ppr] == [
        ("ltt-forloeb", "2"),
        ("ltt-forloeb", "3"),
        ("ltt-forloeb", "5"),
        ("bup-forloeb", "3"),
    ]
    talks = next(r for r in ppr if r["trin_id"] == "samtaler")
    assert talks["trin"] == 'Samtaler {1-6} med "psykolog" \\ C:\\temp'
    assert talks["giver_videre_til"] == "Praktiserende læge: Lægen vurderer (Korrespondance)"
    back = next(r for r in ppr if r["trin_id"] == "tilbage")
    assert back["modtager_fra"] == 'Behandler i "BUP" <region>: Udredning (Epikrise)'
    assert talks["faktastatus"] == "Oplyst i kildedokument, ikke efterprøvet"


def test_services_by_kommune_gives_status_and_date(nasty: Site) -> None:
    table = {(r["kommune_id"], r["tilbud_id"]): r for r in rows(services_by_kommune_csv(nasty))}
    assert table[("aeroe", "ltt")]["status"] == "Tilbydes"
    assert table[("koege", "ltt")]["status"] == "Planlagt"
    assert table[("koege", "ltt")]["pr_dato"] == "2024-03-01"
    assert table[("koege", "raadgivning")]["status"] == "Ukendt – spørg din kommune"
    assert table[("aeroe", "bup")]["status"] == "Findes i jeres region"
    # a record for Køge only: for Ærø we do not know, as /find says
    assert table[("aeroe", "raadgivning")]["status"] == "Ukendt – spørg din kommune"
    assert table[("aeroe", "ltt")]["gruppe"] == "Tilbud til familier"
    assert table[("aeroe", "ltt")]["startsted"] == "ja"


def test_services_by_kommune_has_one_row_per_kommune_and_top_level_service(site: Site) -> None:
    table = rows(services_by_kommune_csv(site))
    by_kommune = {(r["kommune_id"], r["tilbud_id"]) for r in table}
    assert len(by_kommune) == len(table), "no service twice for one kommune"
    kommuner = {k.id for k in site.catalogue.kommuner()}
    # a statutory kommune service is in every kommune, not only where it has a record
    assert {k for k, s in by_kommune if s == "lettilgaengeligt-tilbud"} == kommuner
    assert not [s for _, s in by_kommune if site.catalogue.services[s].part_of], "sub-tracks"
    groups = {r["tilbud_id"]: r["gruppe"] for r in table if r["kommune_id"] == "gentofte"}
    assert groups["alarm-112"] == "Akut hjælp" and groups["viso"] == "Tilbud til fagfolk"


def test_csv_speaks_danish_and_names_its_sources(site: Site) -> None:
    # issue 16: a coordinator opening the CSV in Excel reads labels and source titles with
    # their addresses, never our codes ("verified", "statutory") or ids ("src-stime8")
    cat = site.catalogue
    stime = rows(entity_csv(site, "forloeb", "stime-forloeb", False) or "")
    code_words = {*codes.FACT_STATUSES, *codes.SECTORS, *codes.CONSENT, *codes.AVAILABILITY}
    for row in stime:
        assert row["faktastatus"] in codes.FACT_STATUSES.values(), row
        assert not {row["sektor"], row["samtykke"], row["metode"]} & code_words, row
        assert not re.search(r"\bsrc-", row["kilder"]), row["kilder"]
    first = cat.pathways["stime-forloeb"].steps[0]
    row = next(r for r in stime if r["type"] == "trin" and r["id"] == first.id)
    for source_id in first.facts.sources:
        source = cat.sources[source_id]
        assert source.title in row["kilder"] and (source.url or "") in row["kilder"]
    gentofte = rows(entity_csv(site, "kommuner", "gentofte", False) or "")
    assert {r["status"] for r in gentofte} <= set(codes.AVAILABILITY.values())
    assert {r["faktastatus"] for r in gentofte} <= set(codes.FACT_STATUSES.values())
    assert {r["region"] for r in gentofte} == {"Region Hovedstaden"}
    assert not [r for r in gentofte if re.search(r"\bsrc-", r["kilder"])]
    cited = next(r for r in gentofte if r["tilbud_id"] == "stime")["kilder"]
    offer = next(o for o in offers_in(site, "gentofte") if o.service.id == "stime")
    for source_id in (offer.record.sources if offer.record else ()) or offer.service.facts.sources:
        source = cat.sources[source_id]
        assert source.title in cited and (source.url or "") in cited, source_id
    who = rows(who_does_what_csv(site))
    assert {r["faktastatus"] for r in who} <= set(codes.FACT_STATUSES.values())
    assert {r["sektor"] for r in who} <= set(codes.SECTORS.values())


# ---- HSDS ----------------------------------------------------------------------------------------


def test_hsds_uses_open_referral_names(nasty: Site) -> None:
    page = hsds(nasty)
    assert page["total_items"] == len(page["contents"]) == 3
    for service in page["contents"]:
        assert set(service) <= HSDS_SERVICE_KEYS
        assert {"id", "name", "status"} <= set(service)


def test_hsds_service_fields(nasty: Site) -> None:
    ltt = next(s for s in hsds(nasty)["contents"] if s["id"] == "ltt")
    assert ltt["organization_id"] == ltt["organization"]["id"] == "ppr-test"
    assert (ltt["minimum_age"], ltt["maximum_age"]) == (6, 17)
    assert ltt["email"] == "ppr@example.org"
    assert ltt["phones"] == [
        {
            "id": "ltt--kontakt-1",
            "service_id": "ltt",
            "number": "11 22 33 44",
            "type": "voice",
            "description": "PPR's telefon",
        }
    ]
    areas = {a["name"]: a for a in ltt["service_areas"]}
    assert set(areas) == {"Region Test", "Ærø"}  # Køge is only planned: not a service area
    assert areas["Ærø"]["description"] == "Tilbydes pr. 2024-03-01"


# ---- downloads -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "media_type"),
    [
        ("/data/graph.ttl", "text/turtle"),
        ("/data/graph.jsonld", "application/ld+json"),
        ("/data/graph.nt", "application/n-triples"),
        ("/data/hvem-goer-hvad.csv", "text/csv"),
        ("/data/tilbud-kommuner.csv", "text/csv"),
        ("/data/tilbud.hsds.json", "application/json"),
    ],
)
def test_data_files_download(client: FlaskClient, path: str, media_type: str) -> None:
    response = client.get(path)
    assert response.status_code == 200 and response.mimetype == media_type


def test_graph_download_is_the_build_output(client: FlaskClient, nasty: Site) -> None:
    assert client.get("/data/graph.ttl").get_data(as_text=True) == turtle(nasty.graph)
    json.loads(client.get("/data/graph.jsonld").data)


def test_every_link_on_the_export_page_works(client: FlaskClient) -> None:
    page = client.get("/eksport/").get_data(as_text=True)
    links = sorted(set(re.findall(r'href="(/(?:eksport|data)/[^"]+)"', page)))
    assert "/eksport/forloeb/ltt-forloeb.svg" in links and "/eksport/oversigt.pdf" in links
    assert "/eksport/kommuner/aeroe.png" in links and "/eksport/roller/laege.dot" in links
    for link in links:
        if link.endswith((".svg", ".csv", ".json", ".ttl")) or "oversigt" in link:
            assert client.get(link).status_code == 200, link


def test_export_page_has_a_json_twin(client: FlaskClient) -> None:
    twin = client.get("/eksport.json")
    assert twin.status_code == 200 and twin.mimetype == "application/json"
    data = twin.get_json()
    assert data["title"] in client.get("/eksport/").get_data(as_text=True)
    assert "tilbud-kommuner.csv" in data["data"] and "svg" in data["formats"]
    kommuner = next(items for segment, _, items in data["groups"] if segment == "kommuner")
    assert ["Ærø", "aeroe"] in kommuner


def test_diagram_downloads_name_the_file(client: FlaskClient) -> None:
    response = client.get("/eksport/roller/ppr-psykolog.pdf")
    assert response.mimetype == "application/pdf" and response.data.startswith(b"%PDF")
    assert 'filename="roller-ppr-psykolog.pdf"' in response.headers["Content-Disposition"]


def test_unknown_diagram_is_404(client: FlaskClient) -> None:
    assert client.get("/eksport/forloeb/findes-ikke.svg").status_code == 404
    assert client.get("/eksport/forloeb/ltt-forloeb.gif").status_code == 404


def test_pathway_page_embeds_the_accessible_svg(client: FlaskClient) -> None:
    page = client.get("/forloeb/ltt-forloeb/").get_data(as_text=True)
    assert 'role="img" aria-labelledby="forloeb-ltt-forloeb-title forloeb-ltt-forloeb-desc"' in page
    assert "/eksport/forloeb/ltt-forloeb.pdf" in page


# ---- entity IRIs ---------------------------------------------------------------------------------


def test_turtle_gives_the_entity_triples(client: FlaskClient) -> None:
    response = client.get("/id/ltt", headers={"Accept": "text/turtle"})
    assert response.status_code == 200 and response.mimetype == "text/turtle"
    assert response.headers["Vary"] == "Accept"
    graph = Graph().parse(data=response.get_data(as_text=True), format="turtle")
    subjects = {str(s) for s in graph.subjects()}
    assert "https://vejviser.dk/id/ltt" in subjects
    assert all(
        s == "https://vejviser.dk/id/ltt" or s.startswith("https://vejviser.dk/id/ltt--")
        for s in subjects
    )


def test_json_ld_gives_the_same_triples(client: FlaskClient) -> None:
    ttl = client.get("/id/ltt-forloeb", headers={"Accept": "text/turtle"}).get_data(as_text=True)
    response = client.get("/id/ltt-forloeb", headers={"Accept": "application/ld+json"})
    assert response.mimetype == "application/ld+json"
    from_jsonld = Graph().parse(data=response.get_data(as_text=True), format="json-ld")
    assert set(from_jsonld) == set(Graph().parse(data=ttl, format="turtle"))
    assert (URIRef("https://vejviser.dk/id/ltt-forloeb--samtaler"), None, None) in from_jsonld


@pytest.mark.parametrize(
    ("entity_id", "target"),
    [
        ("ltt", "/tilbud/ltt/"),
        ("ltt-forloeb", "/forloeb/ltt-forloeb/"),
        ("ppr-psykolog", "/roller/ppr-psykolog/"),
        ("aeroe", "/kommuner/aeroe/"),
        ("klynge-nord", "/klynger/klynge-nord/"),
        ("src-a", "/soeg/?q=src-a"),
        ("ltt-forloeb--samtaler", "/forloeb/ltt-forloeb/"),
    ],
)
def test_browsers_are_sent_to_the_page(client: FlaskClient, entity_id: str, target: str) -> None:
    response = client.get(f"/id/{entity_id}", headers={"Accept": "text/html,*/*;q=0.8"})
    assert response.status_code == 303 and response.headers["Location"] == target


def test_unknown_entity_is_404(client: FlaskClient) -> None:
    assert client.get("/id/findes-ikke", headers={"Accept": "text/turtle"}).status_code == 404


def test_download_links_partial_for_role_and_kommune_pages(app: Flask, client: FlaskClient) -> None:
    from flask import render_template_string

    template = '{% from "_export_links.html" import export_links %}{{ export_links(s, i) }}'
    with app.test_request_context("/"):
        html = render_template_string(template, s="kommuner", i="aeroe")
    links = re.findall(r'href="([^"]+)"', html)
    # PDF first: the format people print and share
    assert links == [f"/eksport/kommuner/aeroe.{f}" for f in ("pdf", "png", "svg", "dot")]
    assert all(client.get(link).status_code == 200 for link in links)


def test_the_export_page_leads_with_pdf_png_and_csv(client: FlaskClient) -> None:
    # issue 16: people want a PDF to print, a PNG for a slide and a spreadsheet; SVG, DOT and
    # the RDF files come after every one of those
    page = client.get("/eksport/").get_data(as_text=True)
    links = re.findall(r'href="(/(?:eksport|data)/[^"]+)"', page)
    kinds = [link.rsplit(".", 1)[-1] for link in links if "gennemgang" not in link]
    technical = min(kinds.index(k) for k in ("svg", "dot", "ttl", "jsonld", "nt"))
    assert kinds[:2] == ["pdf", "png"]
    assert "csv" in kinds[:technical]
    people = set(kinds[:technical])
    assert people == {"pdf", "png", "csv"}, people
