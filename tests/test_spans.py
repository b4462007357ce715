"""Facts hold on a day (issue 17): spans, memberships, the one region_of, Region Østdanmark."""

from __future__ import annotations

import csv
import datetime as dt
import importlib
import io
from dataclasses import replace
from pathlib import Path

import pytest
from helpers import MERGER_DAY, MERGER_EVE, TODAY_DATE, check_text, workspace

from navigator.answers.query import region_of, serves, urgent_help
from navigator.build import Site, build_site
from navigator.source.catalogue import Catalogue
from navigator.source.model import Span
from navigator.source.spans import (
    danish_date,
    kommuner_in,
    lies_in,
    next_region_change,
    regions,
    successor,
)
from navigator.web.tables import services_by_kommune_csv

# the package re-exports a function named places, so reach the module itself
places = importlib.import_module("navigator.web.presenters.places")

OLD_SJAELLAND = (
    "faxe greve guldborgsund holbaek kalundborg koege lejre lolland naestved odsherred "
    "ringsted roskilde slagelse solroed soroe stevns vordingborg"
).split()


def on(site: Site, day: dt.date) -> Catalogue:
    """The shipped catalogue read on another day."""
    return replace(site.catalogue, today=day)


def test_a_span_holds_from_its_first_to_its_last_day() -> None:
    span = Span(valid_from="2027-01-01", valid_until="2027-12-31")
    assert span.phase(dt.date(2026, 12, 31)) == "coming"
    assert span.holds(dt.date(2027, 1, 1)) and span.holds(dt.date(2027, 12, 31))
    assert span.phase(dt.date(2028, 1, 1)) == "ended"
    assert Span().holds(dt.date(1900, 1, 1)), "no dates: it has always held"
    assert Span(valid_until="2026-12-31").overlaps(Span(valid_from="2026-12-31"))
    assert not Span(valid_until="2026-12-31").overlaps(Span(valid_from="2027-01-01"))


def test_danish_dates_are_written_as_parents_write_them() -> None:
    assert danish_date(MERGER_DAY) == "1. januar 2027"
    assert danish_date("2026-12-31") == "31. december 2026"


def test_roskilde_changes_region_at_midnight(site: Site) -> None:
    assert region_of(on(site, MERGER_EVE), "roskilde") == "region-sjaelland"
    assert region_of(on(site, MERGER_DAY), "roskilde") == "region-oestdanmark"
    assert region_of(site.catalogue, "roskilde", MERGER_DAY) == "region-oestdanmark"
    assert next_region_change(on(site, MERGER_EVE), "roskilde") == (
        MERGER_DAY,
        "region-sjaelland",
        "region-oestdanmark",
    )
    assert next_region_change(on(site, MERGER_DAY), "roskilde") is None


def test_the_regions_are_five_then_four(site: Site) -> None:
    before = [r.id for r in regions(on(site, MERGER_EVE))]
    after = [r.id for r in regions(on(site, MERGER_DAY))]
    assert len(before) == 5 and "region-oestdanmark" not in before
    assert after == [
        "region-midtjylland",
        "region-nordjylland",
        "region-syddanmark",
        "region-oestdanmark",
    ]


def test_region_oestdanmark_has_46_kommuner_and_the_old_ones_none(site: Site) -> None:
    cat = on(site, MERGER_DAY)
    assert len(kommuner_in(cat, "region-oestdanmark")) == 46
    assert kommuner_in(cat, "region-sjaelland") == []
    eve = on(site, MERGER_EVE)
    assert sorted(k.id for k in kommuner_in(eve, "region-sjaelland")) == OLD_SJAELLAND
    assert len(kommuner_in(eve, "region-hovedstaden")) == 29
    assert successor(cat, "region-hovedstaden") == "region-oestdanmark"
    assert successor(eve, "region-hovedstaden") is None


def test_a_region_not_started_is_no_ones_region(site: Site) -> None:
    assert region_of(on(site, MERGER_EVE), "region-oestdanmark") is None
    assert region_of(on(site, MERGER_DAY), "region-hovedstaden") == "region-hovedstaden"


def test_old_lines_keep_their_kommuner_after_the_merger(site: Site) -> None:
    for day in (MERGER_EVE, MERGER_DAY):
        cat = on(site, day)
        roskilde = [s.id for s in urgent_help(cat, "roskilde") if s.area_served]
        copenhagen = [s.id for s in urgent_help(cat, "koebenhavn") if s.area_served]
        assert roskilde[0] == "akuttelefon-1818", day
        assert copenhagen[0] == "akuttelefon-1813", day
        assert "akuttelefon-1813" not in roskilde and "akuttelefon-1818" not in copenhagen
        assert cat.services["akuttelefon-1818"].span.until_notice


def test_the_clusters_end_with_the_sundhedsklynger(site: Site) -> None:
    assert serves(on(site, MERGER_EVE), ("klynge-syd",), "hvidovre")
    # an area that has ended still names the land it covered on its last day
    assert serves(on(site, MERGER_DAY), ("klynge-syd",), "hvidovre")
    assert not serves(on(site, MERGER_DAY), ("klynge-syd",), "roskilde")
    assert region_of(on(site, MERGER_DAY), "klynge-syd") is None


@pytest.mark.parametrize(
    ("places", "message"),
    [
        (
            "  - {id: nyregion, name: Ny, type: region, valid_from: 2027-01-01, "
            "sources: [testkilde-aftale], fact_status: verified}\n"
            "  - id: oestby\n    name: Østby\n    type: kommune\n    part_of:\n"
            "      - {place: testregion, valid_until: 2027-06-30}\n"
            "      - {place: nyregion, valid_from: 2027-01-01}\n"
            "    sources: [testkilde-aftale]\n    fact_status: verified\n",
            "'oestby' lies in 2 regions on 2027-01-01: nyregion, testregion",
        ),
        (
            "  - {id: gammel, name: Gammel, type: region, valid_until: 2026-12-31, "
            "sources: [testkilde-aftale], fact_status: verified}\n"
            "  - {id: oestby, name: Østby, type: kommune, part_of: gammel, "
            "sources: [testkilde-aftale], fact_status: verified}\n",
            "'oestby' lies in 'gammel' after it ends (2026-12-31)",
        ),
        (
            "  - id: oestby\n    name: Østby\n    type: kommune\n    valid_from: 2027-01-01\n"
            "    valid_until: 2026-01-01\n    part_of: testregion\n"
            "    sources: [testkilde-aftale]\n    fact_status: verified\n",
            "'oestby' ends (2026-01-01) before it starts (2027-01-01)",
        ),
        (
            "  - id: oestby\n    name: Østby\n    type: kommune\n    part_of:\n"
            "      - testregion\n      - {place: testregionn, valid_from: 2027-01-01}\n"
            "    sources: [testkilde-aftale]\n    fact_status: verified\n",
            "unknown place 'testregionn'; did you mean 'testregion'?",
        ),
    ],
)
def test_validate_reports_spans_that_cannot_hold(tmp_path: Path, places: str, message: str) -> None:
    problems = check_text(tmp_path, "places:\n" + places)
    assert any(message in p for p in problems), problems


def test_a_fact_older_than_the_news_of_its_change_is_reported(tmp_path: Path) -> None:
    text = (
        "sources:\n"
        "  - {id: gammel-kilde, title: G, url: 'https://example.org/g', date: 2020-01-01}\n"
        "  - {id: lov, title: L, url: 'https://example.org/l', date: 2025-06-20}\n"
        "places:\n"
        "  - {id: gammel, name: Gammel, type: region, valid_until: 2026-12-31, "
        "valid_sources: [lov], sources: [lov], fact_status: verified}\n"
        "services:\n"
        "  - id: linje\n    name: Linje\n    area_served: [gammel]\n"
        "    sources: [gammel-kilde]\n    fact_status: verified\n"
    )
    problems = check_text(tmp_path, text)
    wanted = "service 'linje' is about 'gammel', which ends on 31. december 2026"
    assert any(wanted in p for p in problems), problems
    carried = text.replace("    area_served", "    until_further_notice: true\n    area_served")
    assert not any(wanted in p for p in check_text(tmp_path / "b", carried))


CLUSTER_ONLY = """\
review: {last_reviewed: 2025-01-15, next_review: 2026-01-15, owner: Testredaktionen}
sources:
  - {id: flytning, title: Flytning, url: 'https://example.org/flytning', date: 2025-05-01}
places:
  - id: nyregion
    name: Nyregionen
    type: region
    valid_from: 2026-01-01
    sources: [flytning]
    fact_status: verified
  - id: oestklyngen
    name: Østklyngen
    type: cluster
    part_of:
      - testregion
      - {place: nyregion, valid_from: 2026-01-01, sources: [flytning]}
    members: [oestby]
    sources: [testkilde-aftale]
    fact_status: stated
  - id: oestby
    name: Østby Kommune
    type: kommune
    sources: [testkilde-aftale]
    fact_status: verified
"""
"""A kommune placed in its region only through its cluster (no part_of of its own), and the
cluster moving to a new region on 1 January 2026."""


def test_a_kommune_placed_only_through_its_cluster_has_one_region_for_every_reader(
    tmp_path: Path,
) -> None:
    """Every reader asks spans (region_of, lies_in, placing). The notice of the move cited no
    source for such a kommune: it read only the kommune's own part_of."""
    folder = workspace(tmp_path)
    (folder / "case.yaml").write_text(CLUSTER_ONLY, encoding="utf-8")
    site = build_site(folder, TODAY_DATE, shacl=False)
    assert not [p for p in site.problems if p.severity == "error"], site.problems
    assert not [p for p in site.problems if "oestby" in p.message], site.problems
    cat = site.catalogue
    assert region_of(cat, "oestby") == "testregion"
    assert "oestby" in [k.id for k in kommuner_in(cat, "testregion")]
    assert lies_in(cat, "oestby", "region") == ["testregion"]
    assert lies_in(cat, "oestby", "cluster") == ["oestklyngen"]
    link = places.region_link(cat, "oestby")
    assert link is not None and link["id"] == "testregion"
    row = next(
        r
        for r in csv.DictReader(io.StringIO(services_by_kommune_csv(site).lstrip("\ufeff")))
        if r["kommune_id"] == "oestby"
    )
    assert row["region"] == "Testregionen"
    moved = next_region_change(cat, "oestby")
    assert moved == (dt.date(2026, 1, 1), "testregion", "nyregion")
    change = places.region_change(cat, "oestby")
    assert change is not None and [s["id"] for s in change["sources"]] == ["flytning"]
    later = replace(cat, today=dt.date(2026, 1, 1))
    assert region_of(later, "oestby") == "nyregion"
    assert [k.id for k in kommuner_in(later, "nyregion")] == ["oestby"]
    assert "oestby" not in [k.id for k in kommuner_in(later, "testregion")]


def test_the_areas_of_a_place_are_walked_once_per_day(
    site: Site, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A static page set asks for a kommune's areas about a hundred thousand times; each walk
    scans every place, so it is done once per catalogue, day and place (the national freeze
    spent 1,600 s of CPU here). Another day is another answer: Roskilde moves region."""
    from navigator.source import spans

    walks: list[str | None] = []
    real = spans._areas

    def counted(cat: Catalogue, place_id: str | None) -> set[str]:
        walks.append(place_id)
        return real(cat, place_id)

    monkeypatch.setattr(spans, "_areas", counted)
    eve, day = on(site, MERGER_EVE), on(site, MERGER_DAY)
    first = [spans.areas_of(eve, "roskilde") for _ in range(3)]
    after = spans.areas_of(day, "roskilde")
    assert walks == ["roskilde", "roskilde"], "one walk per day, not per question"
    assert first[0] == first[2] and "region-sjaelland" in first[0]
    assert "region-oestdanmark" in after and "region-oestdanmark" not in first[0]
