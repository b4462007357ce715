"""navigator.source.check: the semantic checks over the whole catalogue, at file:line."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from helpers import TODAY_DATE, VALID, check_text

from navigator.build import Site, load_and_check
from navigator.source.catalogue import step_sector

REVIEW = "review: {last_reviewed: 2025-01-15, next_review: 2026-01-15, owner: Test}\n"
ROLE = "roles:\n  - id: skolesygeplejerske\n    name: Skolesygeplejerske\n    sector: kommune\n"


def test_valid_fixtures_have_no_problems() -> None:
    assert load_and_check(VALID, TODAY_DATE).problems == []


def test_reviews_fall_due() -> None:
    problems = load_and_check(VALID, dt.date(2026, 2, 1)).problems
    assert problems and all(p.severity == "warning" for p in problems)
    assert all("is overdue (was due 2026-01-15)" in p.message for p in problems)


def test_missing_fact_status_and_review(tmp_path: Path) -> None:
    assert check_text(tmp_path, ROLE + "    sources: [testkilde-aftale]\n") == [
        "case.yaml:2:5: error: role 'skolesygeplejerske' has no fact_status "
        "(verified, stated or unverified)",
        "case.yaml:2:5: warning: role 'skolesygeplejerske' has no review block "
        "(last_reviewed, next_review, owner)",
    ]


def test_review_dates_in_the_wrong_order(tmp_path: Path) -> None:
    text = ROLE + (
        "    sources: [testkilde-aftale]\n    fact_status: verified\n"
        "    review: {last_reviewed: 2025-03-01, next_review: 2025-02-01, owner: T}\n"
    )
    assert check_text(tmp_path, text) == [
        "case.yaml:7:54: error: next_review 2025-02-01 is before last_reviewed 2025-03-01"
    ]


def test_review_in_the_future(tmp_path: Path) -> None:
    text = ROLE + (
        "    sources: [testkilde-aftale]\n    fact_status: verified\n"
        "    review: {last_reviewed: 2025-09-01, next_review: 2026-02-01, owner: T}\n"
    )
    assert check_text(tmp_path, text) == [
        "case.yaml:7:29: error: last_reviewed 2025-09-01 is in the future"
    ]


def test_impossible_date_in_a_files_review_block(tmp_path: Path) -> None:
    text = (
        "review: {last_reviewed: 2024-02-30, next_review: 2026-01-15, owner: T}\n"
        + ROLE
        + "    sources: [testkilde-aftale]\n    fact_status: verified\n"
    )
    assert check_text(tmp_path, text) == ["case.yaml:1:25: error: '2024-02-30' is not a real date"]


def test_sources_need_a_url_or_seed_and_a_date(tmp_path: Path) -> None:
    assert check_text(tmp_path, "sources:\n  - id: testkilde-tom\n    title: Tom\n") == [
        "case.yaml:2:5: warning: source 'testkilde-tom' has no date; add 'date' or 'accessed'",
        "case.yaml:2:5: error: source 'testkilde-tom' needs a 'url' or a 'seed' file name",
    ]


def test_unknown_source_with_suggestion(tmp_path: Path) -> None:
    text = REVIEW + ROLE + "    sources: [testkilde-aftalen]\n    fact_status: verified\n"
    assert check_text(tmp_path, text) == [
        "case.yaml:6:15: error: unknown source 'testkilde-aftalen'; "
        "did you mean 'testkilde-aftale'?"
    ]


PATHWAY = (
    REVIEW
    + """pathways:
  - id: skolefravaer-forloeb
    name: Testforløb
    sources: [testkilde-aftale]
    fact_status: verified
"""
)


def test_unknown_start_step(tmp_path: Path) -> None:
    text = (
        PATHWAY
        + "    start: moed\n    steps:\n      - id: moede\n        name: Møde\n"
        + "        performed_by: [laerer]\n"
    )
    assert check_text(tmp_path, text) == [
        "case.yaml:7:12: error: start step 'moed' is not a step of pathway 'skolefravaer-forloeb'"
    ]


def test_next_names_an_unknown_step(tmp_path: Path) -> None:
    text = PATHWAY + (
        "    steps:\n      - id: moede\n        name: Møde\n        performed_by: [laerer]\n"
        "        next: [opfoelning]\n"
        "      - id: opfoelgning\n        name: Opfølgning\n        performed_by: [laerer]\n"
    )
    assert check_text(tmp_path, text) == [
        "case.yaml:11:16: error: unknown step 'opfoelning' in pathway 'skolefravaer-forloeb'; "
        "did you mean 'opfoelgning'?",
        "case.yaml:12:9: error: step 'opfoelgning' cannot be reached from the start step "
        "'moede'; link it with 'next' or a handover",
    ]


def test_handover_to_an_unknown_pathway(tmp_path: Path) -> None:
    text = PATHWAY + (
        "    steps:\n      - id: moede\n        name: Møde\n        performed_by: [laerer]\n"
        "    handovers:\n      - from: moede\n        to: udredningen:visitation\n"
        "        method: henvisning\n"
    )
    assert check_text(tmp_path, text) == [
        "case.yaml:13:13: error: unknown pathway 'udredningen'; did you mean 'udredning'?"
    ]


def test_a_step_entered_from_another_pathway_is_reachable(tmp_path: Path) -> None:
    text = PATHWAY + (
        "    steps:\n      - id: moede\n        name: Møde\n        performed_by: [laerer]\n"
        "        next: []\n"
        "      - id: efter-udredning\n        name: Efter udredning\n"
        "        performed_by: [laerer]\n"
    )
    # unreachable on its own …
    assert check_text(tmp_path, text) == [
        "case.yaml:12:9: error: step 'efter-udredning' cannot be reached from the start step "
        "'moede'; link it with 'next' or a handover"
    ]
    text += (
        "    handovers:\n      - from: udredning:afslutning\n"
        "        to: efter-udredning\n        method: epikrise\n"
    )
    # … but a handover from another pathway makes it an entry point
    assert check_text(tmp_path / "2", text) == []


def test_cluster_members_must_be_kommuner(tmp_path: Path) -> None:
    text = (
        REVIEW
        + """places:
  - id: testklynge-2
    name: Testklynge 2
    type: cluster
    part_of: testklyngen
    members: [nordby, testregion]
    sources: [testkilde-aftale]
    fact_status: verified
"""
    )
    assert check_text(tmp_path, text) == [
        "case.yaml:6:14: error: 'testklyngen' is a cluster; part_of must name a region",
        "case.yaml:7:23: error: 'testregion' is a region, not a kommune",
    ]


def test_unknown_contact_area_and_coverage_source(tmp_path: Path) -> None:
    text = (
        REVIEW
        + """services:
  - id: aabent-hus
    name: Åbent hus
    contacts:
      - type: phone
        value: "00 00 00 01"
        area: nordbyy
    coverage:
      - place: nordby
        status: offered
        as_of: 2025-02-30
        sources: [testkilde]
    sources: [testkilde-aftale]
    fact_status: verified
"""
    )
    assert check_text(tmp_path, text) == [
        "case.yaml:8:15: error: unknown place 'nordbyy'; did you mean 'nordby'?",
        "case.yaml:12:16: error: '2025-02-30' is not a real date",
        "case.yaml:13:19: error: unknown source 'testkilde'; did you mean 'testkilde-froe'?",
    ]


def test_organisation_url_is_checked(tmp_path: Path) -> None:
    text = (
        REVIEW
        + """organisations:
  - id: testforening-2
    name: Testforening 2
    sector: civilsamfund
    url: https://example org
    sources: [testkilde-aftale]
    fact_status: verified
"""
    )
    assert check_text(tmp_path, text) == [
        "case.yaml:6:10: error: 'https://example org' is not a valid URL"
    ]


def test_a_parent_summary_that_is_hard_to_read_is_flagged(tmp_path: Path) -> None:
    hard = (
        "Kommunalbestyrelsens sundhedsfaglige koordineringsforpligtelser vedrørende "
        "tværsektorielle samarbejdsrelationer gennemføres administrativt af forvaltningen "
        "efter gældende retningslinjer."
    )
    text = (
        REVIEW + "services:\n  - id: testtilbud\n    name: Testtilbud\n"
        f"    summary: {hard}\n    sources: [testkilde-aftale]\n    fact_status: verified\n"
    )
    problems = check_text(tmp_path, text)
    assert len(problems) == 1
    assert problems[0].startswith("case.yaml:5:14: error: too hard to read for parents (LIX")


def test_a_plain_parent_summary_passes(tmp_path: Path) -> None:
    text = (
        REVIEW + "services:\n  - id: testtilbud\n    name: Testtilbud\n"
        "    summary: I kan selv ringe. Det er gratis. Vi taler med jer om jeres barn.\n"
        "    sources: [testkilde-aftale]\n    fact_status: verified\n"
    )
    assert check_text(tmp_path, text) == []


def test_a_url_without_http_is_reported_once(tmp_path: Path) -> None:
    text = (
        REVIEW
        + """organisations:
  - id: testforening-2
    name: Testforening 2
    sector: civilsamfund
    url: www.example.org
    sources: [testkilde-aftale]
    fact_status: verified
"""
    )
    assert check_text(tmp_path, text) == [
        "case.yaml:6:10: error: 'url': 'www.example.org' is not a valid URL "
        "(must start with http:// or https://)"
    ]


def test_a_date_in_the_wrong_format_is_reported_once(tmp_path: Path) -> None:
    text = "sources:\n  - id: testkilde-ny\n    title: Ny\n    url: https://example.org\n"
    assert check_text(tmp_path, text + "    date: 2024-2-300\n") == [
        "case.yaml:5:11: error: 'date': '2024-2-300' is not a valid date (use YYYY-MM-DD)"
    ]


def test_empty_or_mistyped_sources_and_fact_status_give_one_error_each(tmp_path: Path) -> None:
    text = REVIEW + ROLE + "    sources: []\n    fact_status: ja\n"
    assert check_text(tmp_path, text) == [
        "case.yaml:6:14: error: 'sources' is empty; name the sources the facts come from: "
        "'sources: [source-id, …]'",
        "case.yaml:7:18: error: 'fact_status': 'ja' is not one of: verified, stated, unverified",
    ]


def test_a_handover_id_can_clash_with_a_numbered_one(tmp_path: Path) -> None:
    text = PATHWAY + (
        "    steps:\n      - id: moede\n        name: Møde\n        performed_by: [laerer]\n"
        "      - id: opfoelgning\n        name: Opfølgning\n        performed_by: [laerer]\n"
        "    handovers:\n      - {id: overgang-2, from: moede, to: opfoelgning,"
        " method: orientering}\n"
        "      - {from: moede, to: opfoelgning, method: raadgivning}\n"
    )
    assert check_text(tmp_path, text) == [
        "case.yaml:16:9: error: duplicate handover id 'overgang-2' in pathway "
        "'skolefravaer-forloeb' (first defined at case.yaml:15:9); a handover without 'id' is "
        "named overgang-1, overgang-2, … by its place in the list"
    ]


def test_a_repeated_step_is_checked_once(tmp_path: Path) -> None:
    text = PATHWAY + (
        "    steps:\n      - id: moede\n        name: Møde\n"
        "        performed_by: [laererr]\n"
        "      - id: moede\n        name: Møde igen\n"
        "        performed_by: [laererr]\n"
    )
    assert check_text(tmp_path, text) == [
        "case.yaml:10:24: error: unknown role 'laererr'; did you mean 'laerer'?",
        "case.yaml:11:9: error: duplicate step id 'moede' in pathway 'skolefravaer-forloeb' "
        "(first defined at case.yaml:8:9)",
    ]


def test_a_steps_area_must_name_known_places(tmp_path: Path) -> None:
    text = PATHWAY + (
        "    steps:\n      - id: moede\n        name: Møde\n        performed_by: [laerer]\n"
        "        area_served: [testregion, testregionn]\n"
    )
    assert check_text(tmp_path, text) == [
        "case.yaml:11:35: error: unknown place 'testregionn'; did you mean 'testregion'?"
    ]


STEP_CASE = """pathways:
  - id: sektor-forloeb
    status: active
    status_as_of: 2026-11-23
    status_sources: [testkilde-kommune]
    name: Testforløb om sektorer
    sources: [testkilde-kommune]
    fact_status: verified
    review: {last_reviewed: 2025-01-15, next_review: 2026-06-15, owner: T}
    steps:
      - id: trin
        name: Et trin
"""


def test_a_step_with_neither_role_nor_service_has_no_sector(tmp_path: Path) -> None:
    # issue 16: such a step once became a "Sektor ikke angivet" lane in every diagram
    assert check_text(tmp_path, STEP_CASE + "        next: []\n") == [
        "case.yaml:11:9: error: step 'trin' has no sector; give it a role in 'performed_by' "
        "or a 'service' with a sector"
    ]


def test_a_role_or_a_service_gives_a_step_its_sector(tmp_path: Path) -> None:
    assert check_text(tmp_path, STEP_CASE + "        performed_by: [laerer]\n") == []
    assert check_text(tmp_path / "2", STEP_CASE + "        service: tidlig-hjaelp\n") == []


def test_an_unknown_role_is_reported_once_not_also_as_no_sector(tmp_path: Path) -> None:
    problems = check_text(tmp_path, STEP_CASE + "        performed_by: [laererr]\n")
    assert len(problems) == 1 and "unknown role 'laererr'" in problems[0]


def test_every_shipped_step_has_a_sector(site: Site) -> None:
    cat = site.catalogue
    assert [s.key for s in cat.steps() if step_sector(cat, s) is None] == []
