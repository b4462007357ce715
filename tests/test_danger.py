"""Danger words come first (issue 8, item 4): a table of parents' own words, each with the
'Få hjælp nu' card it must or must not give, on the live site, its .json twin and (in Node)
the static site's find.js."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from flask.testing import FlaskClient
from helpers import check_text, run_node

from navigator import paths
from navigator.build import Site
from navigator.danger import danger_concerns, stem_matches
from navigator.query import region_of, resolve_concerns, urgent_help
from navigator.text import fold
from navigator.web.presenters import help_now
from navigator.web.static_find import common

SUICIDE = {"selvmordstanker", "selvmordsplaner", "selvmordsforsoeg"}
FIND_JS = paths.STATIC / "js" / "find.js"

# (what a parent types, the warning signs it must match; empty: no card)
TABLE: list[tuple[str, set[str]]] = [
    # suicide: Livslinien on the card
    ("tænker på at dø", {"selvmordstanker"}),
    ("min datter tænker på at dø", {"selvmordstanker"}),
    ("han tenker paa at doe", {"selvmordstanker"}),
    ("hun tænker meget på døden", {"selvmordstanker"}),
    ("hun vil ikke leve mere", {"selvmordstanker"}),
    ("han vil ikke leve længere", {"selvmordstanker"}),
    ("vil ikke leve mere", {"selvmordstanker"}),
    ("taler om selvmord", {"selvmordstanker"}),
    ("min søn taler tit om selvmord", {"selvmordstanker"}),
    ("snakker om selvmord", {"selvmordstanker"}),
    ("selvmordstanker", {"selvmordstanker"}),
    ("selvmortstanker", {"selvmordstanker"}),
    ("hun siger hun vil dø", {"selvmordstanker"}),
    ("han har ikke lyst til at leve", {"selvmordstanker"}),
    ("hun ønsker at dø", {"selvmordstanker"}),
    ("har skrevet et afskedsbrev", {"selvmordsplaner"}),
    ("jeg fandt et afskedsbrev på hendes værelse", {"selvmordsplaner"}),
    ("afskedbrev", {"selvmordsplaner"}),
    ("har forsøgt selvmord", {"selvmordsforsoeg", "selvmordstanker"}),
    ("hun har taget en overdosis", {"selvmordsforsoeg"}),
    ("har taget for mange piller", {"selvmordsforsoeg"}),
    # self-harm
    ("har skåret sig", {"selvskade"}),
    ("han har skåret i armene", {"selvskade"}),
    ("hun skaaret sig igen", {"selvskade"}),
    ("hun skærer i sig selv", {"selvskade"}),
    ("skader sig selv", {"selvskade"}),
    ("hun skader sig selv om natten", {"selvskade"}),
    ("cutter", {"selvskade"}),
    # eating-disorder red flags
    ("spiser ingenting", {"svaer-spiseforstyrrelse"}),
    ("spiser næsten ingenting", {"svaer-spiseforstyrrelse"}),
    ("hun spiser nesten ingenting", {"svaer-spiseforstyrrelse"}),
    ("kaster op efter hvert måltid", {"svaer-spiseforstyrrelse"}),
    ("han kaster op efter maden", {"svaer-spiseforstyrrelse"}),
    ("hun har tabt sig meget", {"svaer-spiseforstyrrelse"}),
    ("han kaster op hver gang han har spist", {"svaer-spiseforstyrrelse"}),
    ("anoreksi", {"svaer-spiseforstyrrelse"}),
    # not danger: no card
    ("ondt i maven", set()),
    ("skolevægring", set()),
    ("vil ikke i skole", set()),
    ("vil ikke mere i skole", set()),
    ("spiser ikke morgenmad", set()),
    ("kaster op når han er nervøs", set()),
    ("slanker sig", set()),
    ("tæller kalorier", set()),
    ("ked af det", set()),
    ("raserianfald og slår", set()),
    ("angst og mareridt", set()),
    ("ADHD", set()),
    ("han har skadet sit knæ", set()),
    ("han har tabt sin telefon", set()),
    ("han tager piller mod ADHD", set()),
    ("han vil dog gerne spille fodbold", set()),
    ("det sker tit at han græder", set()),
    ("brænder for fodbold", set()),
    ("han har ikke lyst til at læse lektier", set()),
    ("hun har lyst til at danse", set()),
]
IDS = [text for text, _ in TABLE]


@pytest.mark.parametrize(("text", "signs"), TABLE, ids=IDS)
def test_the_card_a_parents_words_give(site: Site, text: str, signs: set[str]) -> None:
    assert set(danger_concerns(site.catalogue, text)) == signs
    card = help_now(site, text)
    if not signs:
        assert card is None
        return
    assert card is not None
    assert {c["id"] for c in card["concerns"]} == signs
    assert card["emergency"]["contacts"][0]["value"] == "112"
    lines = [u["id"] for u in card["lines"]]
    assert ("livslinien" in lines) == bool(signs & SUICIDE), "Livslinien when about suicide"
    assert card["right_now"] and card["sources"], "what to do now, and where that comes from"
    assert resolve_concerns(site.catalogue, text) >= signs, "never an unknown concern"


def test_the_table_is_large_and_has_both_kinds() -> None:
    assert len(TABLE) >= 40
    assert sum(1 for _, s in TABLE if s) >= 20 and sum(1 for _, s in TABLE if not s) >= 15


def test_the_static_site_applies_the_same_rule(site: Site) -> None:
    """find.js, run in Node on /find-data.json, matches exactly what Python matches."""
    script = (
        "const m=require(process.argv[1]);let s='';process.stdin.on('data',d=>s+=d)"
        ".on('end',()=>{const x=JSON.parse(s);console.log(JSON.stringify("
        "x.texts.map(t=>m.dangerConcerns(x.data.danger,t))))})"
    )
    answers = run_node(script, {"data": common(site), "texts": IDS}, FIND_JS, timeout=60)
    assert answers == [danger_concerns(site.catalogue, t) for t in IDS]


def test_folding_reads_typed_danish_letters_alike() -> None:
    assert fold("Tænker på at dø") == fold("tenker paa at doe") == "tenker pa at do"
    assert fold("skåret") == fold("skaaret") == "skaret"


@pytest.mark.parametrize(
    ("stem", "word", "matches"),
    [
        ("skar", "skaret", True),
        ("pil", "piller", True),
        ("lev", "leve", True),
        ("selvmord", "selvmordstanker", True),
        ("selvmord", "selvmort", True),
        ("afskedsbrev", "afskedbrev", True),
        ("do", "dog", False),
        ("skar", "skarpe", False),
        ("spis", "spil", False),
        ("tab", "tabt", True),
    ],
)
def test_a_stem_matches_endings_compounds_and_typos(stem: str, word: str, matches: bool) -> None:
    assert stem_matches(stem, word) is matches


# ---- through the Flask client ------------------------------------------------------------


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_find_puts_the_card_before_every_service(client: FlaskClient) -> None:
    html = client.get("/find/?alder=15&bekymring=taler+om+selvmord").get_data(as_text=True)
    assert "Vi kunne ikke genkende bekymringen" not in html
    card, results = html.index('id="faa-hjaelp-nu"'), html.index('class="vv-results"')
    assert card < results
    text = _text(html[card:results])
    assert "Ring 112" in text and "Livslinien" in text and "Det kan I gøre nu" in text
    assert "1813" not in text, "no region chosen: never 1813 as if it were national"
    assert 'href="/akut/"' in html[card:results]


def test_find_json_gives_the_same_card(client: FlaskClient) -> None:
    data = client.get("/find.json?bekymring=har+skrevet+et+afskedsbrev").get_json()
    card = data["help_now"]
    assert [c["id"] for c in card["concerns"]] == ["selvmordsplaner"]
    assert [u["id"] for u in card["lines"]] == ["livslinien"]
    assert card["region"] is None and card["regional"] == [] and card["akut_url"] == "/akut/"
    assert client.get("/find.json?bekymring=ondt+i+maven").get_json()["help_now"] is None


def test_the_card_gives_the_familys_own_region(client: FlaskClient, site: Site) -> None:
    midt = client.get("/find.json?bekymring=spiser+ingenting&kommune=favrskov").get_json()
    card = midt["help_now"]
    assert card["region"]["id"] == "region-midtjylland"
    numbers = [c["value"] for u in card["regional"] for c in u["contacts"]]
    assert "70 11 31 31" in numbers and "1813" not in numbers
    assert card["lines"] == [], "no Livslinien for an eating disorder"
    hovedstaden = client.get("/find.json?bekymring=cutter&kommune=gentofte").get_json()
    assert "1813" in [
        c["value"] for u in hovedstaden["help_now"]["regional"] for c in u["contacts"]
    ]


def test_the_card_comes_even_when_another_answer_is_wrong(client: FlaskClient) -> None:
    html = client.get("/find/?alder=hundrede&bekymring=vil+ikke+leve+mere").get_data(as_text=True)
    assert "Tjek jeres svar" in html and 'id="faa-hjaelp-nu"' in html


def test_search_puts_the_card_before_the_results(client: FlaskClient) -> None:
    html = client.get("/soeg/?q=hun+skader+sig+selv").get_data(as_text=True)
    card = html.index('id="faa-hjaelp-nu"')
    assert card < html.index("resultat")
    assert (
        client.get("/soeg.json?q=taler+om+selvmord").get_json()["help_now"]["lines"][0]["id"]
        == "livslinien"
    )
    assert client.get("/soeg.json?q=skolev%C3%A6gring").get_json()["help_now"] is None


def test_search_shows_an_ended_project_as_history_and_not_first(client: FlaskClient) -> None:
    data = client.get("/soeg.json?q=spiseforstyrrelse").get_json()
    services = next(g for g in data["result"]["groups"] if g["kind"] == "service")["results"]
    ended = [r for r in services if r["id"] == "tut-midt-spiseforstyrrelser"]
    assert ended and ended[0]["title"].endswith("(sluttede 2018)")
    assert services[0]["id"] != "tut-midt-spiseforstyrrelser"


# ---- the region helpers (the urgent branch owns the final version) ------------------------


def test_region_of_follows_part_of(site: Site) -> None:
    assert region_of(site.catalogue, "favrskov") == "region-midtjylland"
    assert region_of(site.catalogue, "gentofte") == "region-hovedstaden"
    assert region_of(site.catalogue, "ingen-kommune") is None


def test_urgent_help_puts_the_regions_own_first_and_never_another_regions(site: Site) -> None:
    found = urgent_help(site.catalogue, "region-nordjylland")
    own = [s for s in found if s.area_served]
    assert own and all("region-nordjylland" in s.area_served for s in own)
    assert found[: len(own)] == own
    assert all(not s.area_served for s in urgent_help(site.catalogue, None))


def test_validate_asks_a_warning_sign_for_advice_and_its_sources(tmp_path: Path) -> None:
    case = (
        "review: {last_reviewed: 2025-01-15, next_review: 2026-01-15, owner: T}\n"
        "concerns:\n  - id: fare\n    label: Fare\n    urgent: true\n"
        "    sources: [testkilde-kommune]\n    fact_status: verified\n"
    )
    assert check_text(tmp_path, case) == [
        "case.yaml:3:5: warning: urgent concern 'fare' has no 'right_now' (what parents "
        "can do now, shown on the 'Få hjælp nu' card)"
    ]
