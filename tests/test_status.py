"""Nothing ended is offered as current help: status per service and pathway (issue 8, item 5)."""

from __future__ import annotations

from pathlib import Path

import pytest
from flask.testing import FlaskClient
from helpers import check_text

from navigator.answers.query import UNKNOWN_STATUS_REASON, offers_in, reasons_for, services_for
from navigator.build import Site
from navigator.web.presenters import find

ENDED_TUT = ("tut-midt-skoleboern", "tut-midt-spiseforstyrrelser", "tut-sjaelland")


def test_every_service_and_pathway_has_a_status_with_date_and_source(site: Site) -> None:
    cat = site.catalogue
    for entity in [*cat.services.values(), *cat.pathways.values()]:
        life = entity.lifecycle
        assert life.status in ("active", "ended", "planned", "unknown"), entity.id
        assert life.as_of and life.sources, entity.id
        assert all(s in cat.sources for s in life.sources), entity.id


def test_the_tut_projects_of_2014_2018_are_ended(site: Site) -> None:
    cat = site.catalogue
    for key in (*ENDED_TUT, "tut-rm-skoleboern", "tut-rm-spiseforstyrrelser"):
        entity = cat.services.get(key) or cat.pathways[key]
        assert (entity.lifecycle.status, entity.lifecycle.ended) == ("ended", "2018"), key
    assert cat.services["tut-hovedstaden"].lifecycle.status == "active"  # permanent from 2019


@pytest.mark.parametrize("kommune", [None, "favrskov", "randers", "gentofte", "koebenhavn"])
@pytest.mark.parametrize("concern", [None, "spiseforstyrrelse", "anoreksi", "indlæggelse"])
def test_find_never_suggests_an_ended_service(
    site: Site, kommune: str | None, concern: str | None
) -> None:
    matches = services_for(site, concern=concern, kommune=kommune)
    assert all(m.service.lifecycle.current for m in matches)
    page = find(site, None, concern, kommune)
    onwards = [p["id"] for r in page["results"] for p in r["onwards"]["pathways"]]
    assert not [p for p in onwards if not site.catalogue.pathways[p].lifecycle.current]


def test_a_kommune_page_lists_no_ended_service(site: Site) -> None:
    for kommune in site.catalogue.kommuner():
        assert not [o.service.id for o in offers_in(site, kommune.id) if o.service.id in ENDED_TUT]


def test_an_ended_pathway_is_shown_as_history(client: FlaskClient) -> None:
    page = client.get("/forloeb/tut-rm-spiseforstyrrelser/").get_data(as_text=True)
    heading = page.index("<h1")
    history = page.index("Projektet sluttede i 2018.")
    steps = page.index('id="trin"')
    assert heading < history < steps, "the history note comes before the steps"
    assert "Historie – ikke hjælp i dag" in page
    data = client.get("/forloeb/tut-rm-spiseforstyrrelser.json").get_json()
    assert data["status"]["history"] and data["status"]["ended"] == "2018"
    listing = client.get("/forloeb/").get_data(as_text=True)
    assert "Afsluttet – historie" in listing


def test_an_active_pathway_is_not_history(client: FlaskClient) -> None:
    page = client.get("/forloeb/tut-regionh/").get_data(as_text=True)
    assert "Historie – ikke hjælp i dag" not in page
    assert "I gang (pr. 2026-11-23)" in page


def test_a_card_says_when_no_source_shows_a_service_still_runs(site: Site) -> None:
    services = site.catalogue.services
    assert UNKNOWN_STATUS_REASON in reasons_for(services["f-act-unge"], False, "regional")
    assert UNKNOWN_STATUS_REASON not in reasons_for(services["headspace"], False, "national")


def test_validate_warns_when_a_service_has_no_status(tmp_path: Path) -> None:
    case = (
        "review: {last_reviewed: 2025-01-15, next_review: 2026-01-15, owner: T}\n"
        "services:\n  - id: aabent-hus\n    name: Åbent hus\n"
        "    sources: [testkilde-kommune]\n    fact_status: verified\n"
    )
    assert check_text(tmp_path, case, status=True) == [
        "case.yaml:3:5: warning: service 'aabent-hus' has no status; add 'status' (active, "
        "ended, planned or unknown), 'status_as_of' and 'status_sources'"
    ]


def test_a_status_needs_its_date_and_a_known_source(tmp_path: Path) -> None:
    case = (
        "review: {last_reviewed: 2025-01-15, next_review: 2026-01-15, owner: T}\n"
        "services:\n  - id: aabent-hus\n    name: Åbent hus\n    status: ended\n"
        "    status_sources: [testkilde-kommunen]\n"
        "    sources: [testkilde-kommune]\n    fact_status: verified\n"
    )
    assert sorted(check_text(tmp_path, case, status=True)) == [
        "case.yaml:5:13: warning: status of 'aabent-hus' needs 'status_as_of' and 'status_sources'",
        "case.yaml:6:22: error: unknown source 'testkilde-kommunen'; "
        "did you mean 'testkilde-kommune'?",
    ]
