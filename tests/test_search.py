"""Search: Danish stems, the parents' words for concerns, typos, compounds, groups by kind."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import TINY
from flask.testing import FlaskClient

from navigator.answers.search import KIND_ORDER, SearchIndex, search, stems
from navigator.build import Site, build_site


@pytest.fixture(scope="module")
def tiny_index() -> SearchIndex:
    return build_site(TINY, shacl=False).search_index


@pytest.fixture(scope="module")
def index(site: Site) -> SearchIndex:
    return site.search_index


def ids(result: dict[str, object], kind: str) -> list[str]:
    groups = {g["kind"]: g for g in result["groups"]}  # type: ignore[attr-defined]
    return [r["id"] for r in groups[kind]["results"]] if kind in groups else []


def test_danish_stemming_joins_singular_and_plural() -> None:
    assert stems("forældre") == stems("forældrene")
    assert stems("henvisninger") == stems("henvisning")


def test_a_parents_phrase_finds_the_concern_and_its_services(tiny_index: SearchIndex) -> None:
    result = search(tiny_index, "ondt i maven")
    assert result["concerns"] == ["bekymring"]
    assert ids(result, "service") == ["raadgivning"]
    assert ids(result, "concern") == ["bekymring"]


@pytest.mark.parametrize("typo", ["rådgiving", "rdågivning"])
def test_a_typo_is_corrected_and_said_out_loud(tiny_index: SearchIndex, typo: str) -> None:
    result = search(tiny_index, typo)
    assert ids(result, "service") == ["raadgivning"]
    assert result["corrections"] == ["rådgivning"], "the page says what we searched for"


def test_aa_for_å_is_not_a_typo_but_the_same_word(tiny_index: SearchIndex) -> None:
    result = search(tiny_index, "raadgivning")  # a keyboard without å
    assert ids(result, "service") == ["raadgivning"] and result["corrections"] == []


def test_words_that_match_nothing_find_nothing(tiny_index: SearchIndex) -> None:
    result = search(tiny_index, "xylofon")
    assert result["total"] == 0 and result["groups"] == []


def test_results_are_grouped_by_kind_in_a_fixed_order(index: SearchIndex) -> None:
    kinds = [g["kind"] for g in search(index, "psykiatri")["groups"]]  # type: ignore[index]
    assert len(kinds) >= 2
    assert kinds == sorted(kinds, key=KIND_ORDER.index)


def test_the_start_of_a_compound_finds_the_compound(index: SearchIndex) -> None:
    result = search(index, "selvmord")
    if not any(c.startswith("selvmord") for c in ids(result, "concern")):
        pytest.fail(f"'selvmord' should find the selvmord… concerns, got {result['groups']}")


def test_a_role_is_found_by_its_acronym(index: SearchIndex) -> None:
    assert "ppr-psykolog" in ids(search(index, "PPR"), "role")


def test_a_concern_is_named_in_parents_words_and_still_found_by_its_clinical_label(
    index: SearchIndex,
) -> None:
    result = search(index, "psykofarmakologisk")
    groups = {g["kind"]: g for g in result["groups"]}  # type: ignore[attr-defined]
    names = [r["title"] for r in groups["concern"]["results"]]  # type: ignore[index]
    assert "Spørgsmål om medicin" in names
    assert not any(n.startswith("Behov for vurdering") for n in names)


def test_search_page_escapes_the_query(tiny_dir: Path) -> None:
    from navigator.web.factory import create_app

    client = create_app(build_site(tiny_dir, shacl=False)).test_client()
    html = client.get("/soeg/?q=<b>ondt</b>").text
    assert "<b>ondt</b>" not in html and "&lt;b&gt;ondt&lt;/b&gt;" in html


@pytest.mark.parametrize("typed", ["skolevegring", "skolevaegring", "Skolevægring"])
def test_a_word_typed_without_ae_oe_aa_finds_the_same(client: FlaskClient, typed: str) -> None:
    # issue 10: on a keyboard without æ, 'skolevegring' found nothing
    wanted = client.get("/soeg.json?q=skolevægring").get_json()["result"]
    got = client.get(f"/soeg.json?q={typed}").get_json()["result"]
    assert wanted["total"] > 0 and len(wanted["concerns"]) == 1
    assert {**got, "query": None} == {**wanted, "query": None}


def test_find_recognises_a_concern_typed_without_ae(client: FlaskClient) -> None:
    page = client.get("/find/?alder=10&bekymring=skolevegring&kommune=aalborg").text
    assert "Vi kunne ikke genkende" not in page


@pytest.mark.parametrize(
    ("typed", "service", "searched"),
    [
        ("bornetelefnen", "boernetelefonen", ["børnetelefonen"]),  # no ø, an o left out
        ("haedspace", "headspace", ["headspace"]),  # two letters swapped
        ("ungdomspsykatri", "boerne-og-ungdomspsykiatri", ["ungdomspsykiatrien"]),
        ("rådgivingen", "ppr-raadgivning", ["rådgivning"]),  # a typo before an ending
        ("skolvegring", None, ["skolevægring"]),  # a letter left out, and æ as e
    ],
)
def test_near_misses_are_found_through_the_typo_table(
    index: SearchIndex, typed: str, service: str | None, searched: list[str]
) -> None:
    result = search(index, typed)
    # the word it was read as, shown in a form the catalogue's texts use (which inflection
    # depends on the texts: 'ungdomspsykiatrien' or 'ungdomspsykiatriens')
    assert [c[: len(w)] for c, w in zip(result["corrections"], searched, strict=True)] == searched
    if service:
        assert ids(result, "service")[0] == service


@pytest.mark.parametrize("typed", ["hash", "sitme"])
def test_a_short_word_is_not_read_as_a_typo_of_another(index: SearchIndex, typed: str) -> None:
    # one letter in four is too much: 'hash' is not 'haster' (as difflib's 0.8 said before)
    assert search(index, typed)["total"] == 0


def test_an_inflection_the_stemmer_knows_finds_its_word(index: SearchIndex) -> None:
    assert ids(search(index, "henvisningerne"), "pathway") == ids(
        search(index, "henvisning"), "pathway"
    )
    assert search(index, "ensomhed")["concerns"] == search(index, "ensom")["concerns"] != []


def test_the_typo_table_is_keyed_by_each_stem_less_one_letter(index: SearchIndex) -> None:
    assert "radgivning" in index.typos["radgivnin"] and "radgivning" in index.typos["radgvning"]
    assert "radgivning" not in index.typos.get("radgivng", [])  # two letters out: no key
