"""One moment of change (issue 17): 31 December 2026 and 1 January 2027 differ exactly where
the facts change; the server swaps to the new day after midnight; freeze builds for a day."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import TINY
from flask import Flask
from helpers import MERGER_DAY, MERGER_EVE

from navigator.build import Site, build_site
from navigator.cli import cli
from navigator.core import paths
from navigator.source.spans import ancestors, region_of
from navigator.web.app import state
from navigator.web.factory import create_app
from navigator.web.serve import DayKeeper

CHANGING = ("region-hovedstaden", "region-sjaelland", "region-oestdanmark")
CHANGING_NAMES = ("Region Hovedstaden", "Region Sjælland", "Region Østdanmark", "klynge")
"""The places that change on 1 January 2027 (the sundhedsklynger end too), by id and name."""


@pytest.fixture(scope="module")
def eve() -> Site:
    """The shipped pathways on 31 December 2026."""
    return build_site(paths.PATHWAYS, MERGER_EVE, shacl=False)


@pytest.fixture(scope="module")
def new_year() -> Site:
    """The shipped pathways on 1 January 2027."""
    return build_site(paths.PATHWAYS, MERGER_DAY, shacl=False)


def pages(site: Site) -> dict[str, str]:
    """The JSON twin of every fixed page, every kommune, service, pathway and cluster."""
    app = create_app(site, {"TESTING": True})
    cat = site.catalogue
    client = app.test_client()
    wanted = [
        *(f"{r.rule}" for r in app.url_map.iter_rules() if r.rule.endswith(".json")),
        *(f"/kommuner/{k.id}.json" for k in cat.kommuner()),
        *(f"/tilbud/{s}.json" for s in cat.services),
        *(f"/forloeb/{p}.json" for p in cat.pathways),
        *(f"/klynger/{p.id}.json" for p in cat.places.values() if p.type == "cluster"),
        "/akut/region-sjaelland.json",
        "/find.json?kommune=roskilde&alder=12",
        "/find.json?kommune=aarhus&alder=12",
    ]
    out = {}
    for path in wanted:
        if "<" in path:
            continue
        answer = client.get(path)
        out[path] = answer.get_data(as_text=True) if answer.status_code == 200 else "404"
    return out


def moves(site: Site, kommune: str) -> bool:
    """Whether the places a kommune lies in (region, clusters) differ between the two days."""
    cat = site.catalogue
    return ancestors(cat, kommune, MERGER_EVE) != ancestors(cat, kommune, MERGER_DAY)


def test_the_two_days_differ_exactly_where_the_facts_change(eve: Site, new_year: Site) -> None:
    before, after = pages(eve), pages(new_year)
    changed = {p for p in before if before[p] != after[p]}
    # where the facts change: a Roskilde family's region, the region list, the scope
    assert {
        "/kommuner/roskilde.json",
        "/kommuner.json",
        "/akut.json",
        "/index.json",
        "/om.json",
    } <= changed
    assert json.loads(before["/kommuner/roskilde.json"])["region"]["id"] == "region-sjaelland"
    assert json.loads(after["/kommuner/roskilde.json"])["region"]["id"] == "region-oestdanmark"
    # and nowhere else: every other page is the same, or names a place that changes
    for path in changed:
        text = before[path] + after[path]
        assert any(place in text for place in CHANGING + CHANGING_NAMES), path
    cat = eve.catalogue
    for kommune in cat.kommuner():
        path = f"/kommuner/{kommune.id}.json"
        region = [json.loads(d[path])["region"]["id"] for d in (before, after)]
        # a kommune that moves changes its page; one that stays keeps its region, and its page
        # changes only where a note names a region that has ended ('det tidligere …', above)
        assert (path in changed) if moves(eve, kommune.id) else region[0] == region[1], path
    assert "/find.json?kommune=aarhus&alder=12" not in changed
    # the converse: a page that names no place that changes is the same on both days
    untouched = [p for p in before if not any(n in before[p] for n in CHANGING + CHANGING_NAMES)]
    assert len(untouched) > 20
    assert [p for p in untouched if p in changed] == []


def test_the_front_page_scope_follows_the_day(eve: Site, new_year: Site) -> None:
    before = json.loads(pages(eve)["/index.json"])["scope"]
    after = json.loads(pages(new_year)["/index.json"])["scope"]
    assert len(before["regions"]) == 5 and len(after["regions"]) == 4
    assert before["coming"][0]["text"] == (
        "Fra 1. januar 2027 bliver Region Hovedstaden og Region Sjælland til Region Østdanmark."
    )
    assert after["coming"] == []
    assert before["kommuner"] == after["kommuner"] == 98


def fake_clock(start: dt.date) -> tuple[list[dt.date], DayKeeper, Flask]:
    """An app on the shipped pathways, built for start, and a DayKeeper on a clock we move."""
    days = [start]
    app = create_app(build_site(paths.PATHWAYS, start, shacl=False), {"TESTING": True})
    keeper = DayKeeper(
        app,
        paths.PATHWAYS,
        clock=lambda: days[0],
        build=lambda root, day: build_site(root, day, shacl=False),
    )
    return days, keeper, app


def test_the_server_serves_the_new_days_facts_after_midnight() -> None:
    days, keeper, app = fake_clock(MERGER_EVE)
    client = app.test_client()
    page = client.get("/kommuner/roskilde/").get_data(as_text=True)
    assert "Fra 1. januar 2027 hører Roskilde Kommune til Region Østdanmark." in page
    assert "Siden viser, hvad der gælder i dag, 31. december 2026." in page
    assert keeper.check() is None, "the same day: nothing to do"
    days[0] = MERGER_DAY  # midnight
    assert keeper.check() is True
    assert state(app).site.today == MERGER_DAY
    page = client.get("/kommuner/roskilde/").get_data(as_text=True)
    assert "Fra 1. januar 2027" not in page
    assert '<a href="/akut/region-oestdanmark/">Region Østdanmark</a>' in page or (
        "Region Østdanmark" in page
    )
    assert "Siden viser, hvad der gælder i dag, 1. januar 2027." in page
    assert keeper.check() is None, "one swap per day"


def test_a_new_day_whose_build_fails_keeps_the_old_site() -> None:
    days, keeper, app = fake_clock(MERGER_EVE)
    old = state(app).site
    keeper.build = lambda root, day: build_site(TINY / "missing", day, shacl=False)
    days[0] = MERGER_DAY
    assert keeper.check() is False
    assert state(app).site is old
    assert keeper.check() is None, "not tried again the same day"


def test_region_of_is_the_one_rule_the_static_find_reads(new_year: Site) -> None:
    from navigator.core import urls

    client = create_app(new_year, {"TESTING": True}).test_client()
    data = client.get(urls.find_shard("roskilde")).json
    assert data is not None
    # the card's pieces for Roskilde: the new region's name, and 1818 carried on
    close = data["help_now"]["full"][1]
    assert "Alle akutte numre i Region Østdanmark" in close
    assert region_of(new_year.catalogue, "roskilde") == "region-oestdanmark"
    assert close.index("tel:1818") < close.index("Alle akutte numre")
    assert "tel:1813" not in close


def test_find_answers_for_the_regions_that_hold_that_day(eve: Site, new_year: Site) -> None:
    """?kommune=<region> is answered as the region while it holds; an ended region, or one
    not yet begun, is an unknown place, on the live and the static find alike (both read
    find_places)."""
    from navigator.web.presenters.find import find_places, resolve_question

    unknown = "Vi kender ikke den kommune. Vælg en fra listen."
    for site, holds, gone in (
        (eve, "region-sjaelland", "region-oestdanmark"),
        (new_year, "region-oestdanmark", "region-sjaelland"),
    ):
        assert resolve_question(site, "10", "", holds).errors == ()
        assert resolve_question(site, "10", "", gone).errors == (unknown,)
        ids = {p.id for p in find_places(site.catalogue)}
        assert holds in ids and gone not in ids


def test_freeze_builds_the_site_for_a_day_and_says_so(tmp_path: Path) -> None:
    out = tmp_path / "site"
    result = CliRunner().invoke(
        cli, ["freeze", str(TINY), "--out", str(out), "--today", "2027-01-01"]
    )
    assert result.exit_code == 0, result.output
    assert "for 2027-01-01" in result.output
    front = (out / "index.html").read_text(encoding="utf-8")
    assert 'data-day="2027-01-01"' in front
    assert "Bygget til 1. januar 2027: siden viser, hvad der gælder den dag." in front


def test_the_sparql_example_agrees_with_find_on_both_days(eve: Site, new_year: Site) -> None:
    from navigator.answers.query import services_for
    from navigator.graph.sparql import examples, load_store, run_query

    for site in (eve, new_year):
        store = load_store(site.graph)
        example = next(q for t, q in examples(site.today).items() if "Gentofte" in t)
        for kommune in ("roskilde", "koebenhavn", "bornholm", "randers", "aarhus"):
            result = run_query(store, example.replace("gentofte", kommune))
            got = {
                r["tilbud"]["value"].rsplit("/", 1)[1]: r["status"]["value"] for r in result.rows
            }
            wanted = {
                m.service.id: m.availability
                for m in services_for(site, kommune=kommune)
                if m.service.self_referral
            }
            assert got == wanted, (site.today, kommune)
        regions = next(q for t, q in examples(site.today).items() if "region" in t)
        counts = {
            r["region"]["value"].rsplit("/", 1)[1]: int(r["kommuner"]["value"])
            for r in run_query(store, regions).rows
        }
        east = counts.get("region-oestdanmark")
        assert (east, len(counts)) == ((46, 4) if site.today == MERGER_DAY else (None, 5))


def test_the_exports_carry_the_day_and_the_spans(eve: Site, new_year: Site) -> None:
    from navigator.web.tables import KOMMUNE_HEADER, hsds, kommune_rows

    region = KOMMUNE_HEADER.index("region")
    day = KOMMUNE_HEADER.index("gaelder_dag")
    before, after = kommune_rows(eve, "roskilde"), kommune_rows(new_year, "roskilde")
    assert before and after
    assert {(r[region], r[day]) for r in before} == {("Region Sjælland", "2026-12-31")}
    assert {(r[region], r[day]) for r in after} == {("Region Østdanmark", "2027-01-01")}
    line = next(s for s in hsds(new_year)["contents"] if s["id"] == "akuttelefon-1818")
    assert line["schedules"][0]["until_further_notice"] is True
    area = line["service_areas"][0]
    assert (area["name"], area["valid_to"]) == ("det tidligere Region Sjælland", "2026-12-31")
