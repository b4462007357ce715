"""Presenters: plain dicts with plain-language labels, honest about what is unknown."""

from __future__ import annotations

import csv
import io

import pytest
from conftest import TINY

from navigator.build import Site, build_site
from navigator.core.problems import Pos
from navigator.source.model import Contact
from navigator.web import presenters


@pytest.fixture(scope="module")
def tiny() -> Site:
    return build_site(TINY, shacl=False)


def test_a_fact_without_status_counts_as_unverified() -> None:
    assert presenters.fact_status(None) == {
        "status": "unverified",
        "label": "Ikke bekræftet",
        "verified": False,
    }


@pytest.mark.parametrize(
    ("low", "high", "words"),
    [
        (6, 17, "6–17 år"),
        (12, None, "Fra 12 år"),
        (None, 17, "Til og med 17 år"),
        (None, None, None),
    ],
)
def test_ages_in_words(low: int | None, high: int | None, words: str | None) -> None:
    assert presenters.ages(low, high) == words


def test_phone_numbers_become_tel_links_without_spaces(tiny: Site) -> None:
    phone = presenters.contact(tiny.catalogue, Contact(type="phone", value="116 111", pos=Pos("x")))
    assert phone["href"] == "tel:116111" and phone["value"] == "116 111"
    address = presenters.contact(
        tiny.catalogue, Contact(type="address", value="Vej 1", pos=Pos("x"))
    )
    assert address["href"] is None


def test_the_urgent_bar_uses_urgent_services_from_the_data(tiny: Site) -> None:
    bar = presenters.urgent_bar(tiny)
    assert [b["id"] for b in bar["lines"]] == ["alarm-test"] and bar["region"] is None
    line = bar["lines"][0]
    assert line["contacts"][0]["value"] == "99 99 99 99" and line["bar_label"] == "Alarmtest"
    assert bar["more"] == {"url": "/akut/", "label": "Akut hjælp i din region", "detail": ""}


def test_unknown_coverage_asks_the_family_to_ask_the_kommune(tiny: Site) -> None:
    page = presenters.find(tiny, "10", "ondt i maven", "testby")
    card = page["results"][0]
    assert card["availability"] == "unknown" and card["ask_kommune"] is True
    assert card["availability_label"] == "Ukendt – spørg din kommune"
    assert page["unknown_count"] == 1
    assert not any(r.startswith("Spørg din kommune") for r in card["reasons"]), (
        "the card says it once, in its own box"
    )


def test_an_unknown_kommune_is_an_error_not_a_guess(tiny: Site) -> None:
    page = presenters.find(tiny, "10", None, "atlantis")
    assert page["errors"] == ["Vi kender ikke den kommune. Vælg en fra listen."]
    assert page["results"] == []


def test_a_handover_between_sectors_is_marked(tiny: Site) -> None:
    data = presenters.pathway(tiny, "test-forloeb")
    assert data is not None
    handover = data["handovers"][0]
    assert handover["crosses_sectors"] is True
    assert handover["method_label"] == "Henvisning"
    assert handover["consent_label"] == "Kræver samtykke"
    assert [s["id"] for s in data["sectors"]] == ["familie", "kommune"]


def test_sources_link_to_the_sources_page_and_review_is_inherited(tiny: Site) -> None:
    data = presenters.service(tiny, "raadgivning")
    assert data is not None
    assert data["facts"]["sources"] == [
        {
            "id": "src-test",
            "title": "Testkilde",
            "url": "/kilder/#src-test",
            "external": "https://example.org/kilde",
        }
    ]
    assert data["facts"]["review"]["owner"] == "Testredaktionen"


def test_unknown_ids_give_none(tiny: Site) -> None:
    assert presenters.service(tiny, "nope") is None
    assert presenters.kommune(tiny, "region-test") is None, "a region is not a kommune"


def test_a_step_has_one_sector_on_the_page_in_the_diagram_and_in_the_csv(site: Site) -> None:
    # issue 10: henvisning-bup:bekymring read 'Familien' on the page but sat in the kommune lane
    from navigator.diagrams import common as diagram_common
    from navigator.web import tables as export
    from navigator.web.presenters import step_ref

    cat = site.catalogue
    for pathway in cat.pathways.values():
        for step in pathway.steps:
            page = step_ref(cat, step.key)["sector"]
            lane = diagram_common.step_sector(cat, step)
            assert (page["id"] if page else "") == lane, step.key
    rows = list(
        csv.DictReader(
            io.StringIO(
                export.entity_csv(site, "forloeb", "henvisning-bup", False).lstrip("\ufeff")
            )
        )
    )
    first = next(r for r in rows if r["id"] == "bekymring")
    assert first["sektor"] == diagram_common.sector_label(
        diagram_common.step_sector(cat, cat.pathways["henvisning-bup"].step("bekymring"))
    )


def test_each_step_shows_every_handover_out_of_and_into_it_in_order(site: Site) -> None:
    # the step cards on pathway and role pages read an index of the handovers, not a scan of
    # them all per step; a professional must still see every one, in the catalogue's order,
    # also where a handover comes from another pathway
    cat = site.catalogue
    seen = 0
    for pathway_id, pathway in sorted(cat.pathways.items()):
        data = presenters.pathway(site, pathway_id)
        assert data is not None
        for shown, value in zip(data["steps"], pathway.steps, strict=True):
            out = [(h.pathway, h.id) for h in cat.handovers() if h.source == value.key]
            into = [(h.pathway, h.id) for h in cat.handovers() if h.target == value.key]
            assert [(h["pathway"], h["id"]) for h in shown["handovers_out"]] == out
            assert [(h["pathway"], h["id"]) for h in shown["handovers_in"]] == into
            seen += len(out) + len(into)
    assert seen == 2 * sum(1 for _ in cat.handovers())
