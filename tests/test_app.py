"""The guide through Flask's test client: every page and its JSON twin, 404s, headers, escaping."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path
from typing import Any

import pytest
from conftest import shipped_id
from flask.testing import FlaskClient

from navigator.answers.query import is_starting_point
from navigator.build import Site, build_site
from navigator.core import codes, urls
from navigator.web.app import STEMMER_JS, state
from navigator.web.factory import create_app

STATIC_PAGES = [
    "/",
    "/find/",
    "/forloeb/",
    "/tilbud/",
    "/roller/",
    "/kommuner/",
    "/hvem-goer-hvad/",
    "/soeg/",
    "/ordliste/",
    "/kilder/",
    "/akut/",
    "/om/",
]


def json_twin(path: str) -> str:
    """'/forloeb/kit/' → '/forloeb/kit.json'; '/' → '/index.json'."""
    return "/index.json" if path == "/" else path.rstrip("/") + ".json"


def entity_pages(site: Site) -> list[str]:
    """One page of every entity kind, preferring the ids the issue names."""
    cat = site.catalogue
    clusters = {p.id: p for p in cat.places.values() if p.type == "cluster"}
    kommuner = {k.id: k for k in cat.kommuner()}
    return [
        f"/forloeb/{shipped_id(cat.pathways, 'kit')}/",
        f"/tilbud/{shipped_id(cat.services, 'lettilgaengeligt-tilbud')}/",
        f"/roller/{shipped_id(cat.roles, 'ppr-psykolog')}/",
        f"/kommuner/{shipped_id(kommuner, 'gentofte')}/",
        f"/klynger/{shipped_id(clusters, 'randersklyngen')}/",
    ]


def text(html: bytes) -> str:
    """Visible-ish text of a page: tags stripped, whitespace collapsed."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html.decode()))


@pytest.mark.parametrize("path", STATIC_PAGES)
def test_every_page_and_its_json_twin_show_the_same_title(client: FlaskClient, path: str) -> None:
    page = client.get(path)
    twin = client.get(json_twin(path))
    assert page.status_code == 200 and twin.status_code == 200
    assert twin.content_type == "application/json"
    assert "<h1>" in page.text
    title = twin.json["title"]
    # the page's <title> is the twin's title and the site's name (the front page says Forside)
    shown = re.search(r"<title>(.*?)</title>", page.text)
    assert shown is not None
    assert shown.group(1) == ("Forside – Vejviser" if path == "/" else f"{title} – Vejviser")


def test_every_entity_page_and_its_json_twin(client: FlaskClient, site: Site) -> None:
    for path in entity_pages(site):
        page, twin = client.get(path), client.get(json_twin(path))
        assert page.status_code == 200, path
        assert twin.status_code == 200, path
        assert f"<h1>{twin.json['title']}</h1>".replace("&", "&amp;") in page.text, path


def test_paths_without_trailing_slash_redirect_to_the_page(client: FlaskClient) -> None:
    response = client.get("/forloeb")
    assert response.status_code == 308 and response.location.endswith("/forloeb/")


@pytest.mark.parametrize("prefix", ["forloeb", "tilbud", "roller", "kommuner", "klynger"])
def test_unknown_ids_are_404_in_html_and_json(client: FlaskClient, prefix: str) -> None:
    page = client.get(f"/{prefix}/findes-ikke/")
    assert page.status_code == 404
    assert "Siden findes ikke" in page.text and "Gå til sidens indhold" in page.text
    twin = client.get(f"/{prefix}/findes-ikke.json")
    assert twin.status_code == 404 and twin.json["error"] == 404


def test_a_kommune_id_is_not_a_cluster_and_vice_versa(client: FlaskClient, site: Site) -> None:
    kommune = site.catalogue.kommuner()[0].id
    assert client.get(f"/klynger/{kommune}/").status_code == 404


def test_server_errors_get_the_same_design(site: Site) -> None:
    app = create_app(site, {"TESTING": False, "PROPAGATE_EXCEPTIONS": False})

    @app.route("/boom")
    def boom() -> str:
        raise RuntimeError("boom")

    response = app.test_client().get("/boom")
    assert response.status_code == 500
    assert "Der skete en fejl hos os" in response.text and "Akut?" in response.text


def test_security_headers(client: FlaskClient, site: Site) -> None:
    response = client.get(entity_pages(site)[1])
    csp = response.headers["Content-Security-Policy"]
    assert "unsafe-inline" not in csp and "frame-ancestors 'none'" in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"]
    # no nonce: the page is the same bytes for everyone; JSON-LD is data, never run
    assert "nonce" not in csp and "script-src 'self';" in csp
    assert '<script type="application/ld+json">' in response.text


@pytest.mark.parametrize("index", [0, 1])
def test_service_and_pathway_pages_carry_schema_org_json_ld(
    client: FlaskClient, site: Site, index: int
) -> None:
    html = client.get(entity_pages(site)[index]).text
    block = re.search(r'<script type="application/ld\+json"[^>]*>(.*?)</script>', html, re.S)
    assert block is not None
    data = json.loads(block.group(1))
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == ("HowTo" if index == 0 else "Service")


def test_urgent_numbers_are_on_every_page_and_come_from_the_data(
    client: FlaskClient, site: Site, tiny_client: FlaskClient
) -> None:
    numbers = [
        c.value
        for s in site.catalogue.services.values()
        if s.urgent
        for c in s.contacts
        if c.type == "phone"
    ]
    assert "112" in numbers
    for path in STATIC_PAGES + entity_pages(site) + ["/findes-ikke"]:
        bar = client.get(path).text.split('aria-label="Akut hjælp"')[1].split("</div>")[0]
        assert 'href="tel:112"' in bar, path
    tiny = tiny_client.get("/").text
    assert 'href="tel:99999999"' in tiny and "tel:112" not in tiny


def test_content_from_pathway_files_is_escaped(tiny_client: FlaskClient) -> None:
    html = tiny_client.get("/forloeb/test-forloeb/").text
    assert "<script>alert" not in html and "<img src=x" not in html
    assert "&lt;script&gt;alert(" in html and "&lt;img src=x onerror=alert(1)&gt;" in html
    block = re.search(r'<script type="application/ld\+json"[^>]*>(.*?)</script>', html, re.S)
    assert block is not None, "a </script> in the data must not end the JSON-LD block early"
    assert json.loads(block.group(1))["description"] == "Et forløb med </script><b>fed</b> tekst."


def test_every_content_page_shows_sources_review_and_owner(client: FlaskClient, site: Site) -> None:
    for path in entity_pages(site):
        page = text(client.get(path).data)
        for label in (
            "Om oplysningerne på siden",
            "Senest gennemgået",
            "Næste gennemgang",
            "Ansvarlig",
        ):
            assert label in page, (path, label)


def test_unverified_and_stated_facts_are_marked_in_plain_words(tiny_client: FlaskClient) -> None:
    service = text(tiny_client.get("/tilbud/raadgivning/").data)
    assert "Ikke bekræftet" in service
    pathway = text(tiny_client.get("/forloeb/test-forloeb/").data)
    assert "Oplyst i kildedokument, ikke efterprøvet" in pathway
    assert "Testkilde" in pathway and "Testredaktionen" in pathway


def test_find_answers_a_parent_without_javascript(client: FlaskClient, site: Site) -> None:
    kommune = shipped_id({k.id: k for k in site.catalogue.kommuner()}, "gentofte")
    page = client.get(f"/find/?alder=10&bekymring=ondt+i+maven&kommune={kommune}")
    answer = page.text.split('id="find-answer"')[1]
    assert "Her kan I starte" in answer
    assert "Sådan kommer I i kontakt" in answer and "Det sker bagefter" in answer
    data = client.get(f"/find.json?alder=10&bekymring=ondt+i+maven&kommune={kommune}").json
    assert data["results"], "a 10-year-old with worries must get somewhere to start"
    self_referral = [r["self_referral"] is True for r in data["results"]]
    assert self_referral == sorted(self_referral, reverse=True), "self-referral comes first"


def test_find_is_honest_when_coverage_is_unknown(tiny_client: FlaskClient) -> None:
    page = text(tiny_client.get("/find/?alder=10&bekymring=ondt+i+maven&kommune=testby").data)
    assert "Spørg din kommune" in page and "Åben rådgivning" in page


def test_find_rejects_a_bad_age_in_plain_danish(client: FlaskClient) -> None:
    page = client.get("/find/?alder=ti")
    assert page.status_code == 200
    assert "Skriv alderen som et tal" in page.text and "Her kan I starte" not in page.text


def test_find_leaves_out_services_for_other_ages(tiny_client: FlaskClient) -> None:
    data = tiny_client.get("/find.json?alder=3&kommune=testby").json
    assert "raadgivning" not in [r["id"] for r in data["results"]]


def test_a_role_page_shows_what_it_receives_and_hands_over(tiny_client: FlaskClient) -> None:
    data = tiny_client.get("/roller/ppr-psykolog.json").json
    row = data["pathways"][0]
    assert row["receives"][0]["from"]["name"] == "Forælder henvender sig"
    page = text(tiny_client.get("/roller/ppr-psykolog/").data)
    assert "Modtager fra" in page and "Henvisning" in page


def test_who_does_what_is_a_real_table(client: FlaskClient) -> None:
    html = client.get("/hvem-goer-hvad/").text
    assert "<table" in html and "<caption" in html
    assert html.count('<th scope="col">') >= 2 and '<th scope="row">' in html


def test_search_groups_results_by_kind(client: FlaskClient) -> None:
    data = client.get("/soeg.json?q=ppr").json
    kinds = [g["kind"] for g in data["result"]["groups"]]
    assert "role" in kinds and len(kinds) == len(set(kinds))
    page = client.get("/soeg/?q=ppr").text
    assert '<h2 id="g-role">Roller</h2>' in page


def page_statuses(data: dict[str, Any], audience: str = "familie") -> dict[str, list[str]]:
    """Status → service ids in one section of a kommune page's JSON."""
    section = next(s for s in data["sections"] if s["audience"] == audience)
    return {g["status"]: [s["id"] for s in g["services"]] for g in section["groups"]}


def test_kommune_page_groups_services_by_status(tiny_client: FlaskClient) -> None:
    data = tiny_client.get("/kommuner/testby.json").json
    assert page_statuses(data) == {"unknown": ["raadgivning"]}
    assert page_statuses(data, "akut") == {"national": ["alarm-test"]}, "urgent lines listed"
    page = text(tiny_client.get("/kommuner/testby/").data)
    assert "Spørg kommunen" in page and "Akut hjælp" in page


def dot_statuses(dot: str) -> dict[str, str]:
    """Service id → the status cluster its node is drawn in, from a kommune diagram's DOT."""
    found, cluster = {}, ""
    for line in dot.splitlines():
        opened = re.match(r'\s*subgraph "cluster_([a-z-]+)" \{', line)
        if opened:
            cluster = opened.group(1)
        node = re.match(r'\s*"tilbud:([a-z0-9-]+)" \[', line)
        if node:
            found[node.group(1)] = cluster
    return found


def test_find_kommune_page_csv_and_diagram_agree_on_gentofte(
    client: FlaskClient, site: Site
) -> None:
    cat = site.catalogue
    starting = sorted(s.id for s in cat.services.values() if is_starting_point(s))
    found = {
        r["id"]: r["availability"]
        for r in client.get("/find.json?kommune=gentofte").json["results"]
    }
    page = page_statuses(client.get("/kommuner/gentofte.json").json)
    listed = {i: status for status, ids in page.items() for i in ids}
    table = csv.DictReader(
        io.StringIO(
            client.get("/data/tilbud-kommuner.csv").get_data(as_text=True).removeprefix("\ufeff")
        )
    )
    # the CSV says it in Danish, as the page does
    labels = {label: code for code, label in codes.AVAILABILITY.items()}
    rows = {r["tilbud_id"]: labels[r["status"]] for r in table if r["kommune_id"] == "gentofte"}
    drawn = dot_statuses(client.get("/eksport/kommuner/gentofte.dot").get_data(as_text=True))
    assert {"lettilgaengeligt-tilbud", "kui", "stime"} <= set(starting)
    for service in starting:
        if service not in listed:  # meant for another region: left out of all four alike
            assert service not in found and service not in rows and service not in drawn
            assert cat.services[service].area_served, service
            continue
        status = listed[service]
        assert rows[service] == drawn[service] == status, service
        assert found.get(service, "not-offered") == status, service
    assert listed["lettilgaengeligt-tilbud"] == listed["kui"] == "statutory"
    assert listed["stime"] == "offered"
    assert not [s for s in listed if cat.services[s].part_of], "sub-tracks are not listed"


def test_kommune_page_lists_urgent_and_professional_services_in_their_own_groups(
    client: FlaskClient,
) -> None:
    data = client.get("/kommuner/gentofte.json").json
    assert [s["audience"] for s in data["sections"]] == ["familie", "akut", "fagfolk"]
    urgent = {i for ids in page_statuses(data, "akut").values() for i in ids}
    assert {"alarm-112", "akuttelefon-1813"} <= urgent
    assert "laegevagt-midtjylland" not in urgent, "another region's line is not listed"
    assert "viso" in {i for ids in page_statuses(data, "fagfolk").values() for i in ids}
    page = text(client.get("/kommuner/gentofte/").data)
    assert "Skal findes i alle kommuner (lovkrav)" in page and "Tilbud til fagfolk" in page


def test_kommune_page_flags_a_cluster_whose_members_are_inferred(client: FlaskClient) -> None:
    data = client.get("/kommuner/gentofte.json").json
    assert [(c["id"], c["members_fact"]["status"]) for c in data["clusters"]] == [
        ("klynge-midt", "unverified")
    ]
    klynge = client.get("/kommuner/gentofte/").text.split("<dt>Klynge</dt>")[1].split("</dd>")[0]
    assert 'class="vv-fact vv-fact-unverified">Ikke bekræftet</span>' in klynge
    verified = client.get("/kommuner/hilleroed/").text
    assert "klynge-nord" in verified
    assert "vv-fact" not in verified.split("<dt>Klynge</dt>")[1].split("</dd>")[0]


def test_find_says_what_was_asked_and_the_theme_searched(client: FlaskClient) -> None:
    answer = text(client.get("/find/?alder=10&bekymring=ondt+i+maven&kommune=gentofte").data)
    assert "Barn på 10 år · Gentofte Kommune · Ret" in answer
    html = client.get("/find/?alder=10&bekymring=ondt+i+maven&kommune=gentofte").text
    theme = 'Vi har søgt efter hjælp til: <strong data-slot="theme">Angst og bekymring</strong>.'
    assert theme in html, "the theme in parents' words, not the KL theme 'Bekymring'"
    same = client.get("/find/?bekymring=angst+og+bekymring").text
    assert theme in same, (
        "the theme is named even when the parent used its very words: they are not echoed"
    )


@pytest.mark.parametrize("kommune", ["", "gentofte"])
@pytest.mark.parametrize("words", ["ondt i maven", "qqxq", "tanker om selvmord"])
def test_find_echoes_the_parents_text_once(client: FlaskClient, words: str, kommune: str) -> None:
    """In the form's value, and once in the .json twin: a long text is not multiplied."""
    words += " zyzzx"  # never in the catalogue, so any occurrence is an echo
    args = {"alder": "10", "bekymring": words, "kommune": kommune}
    page = client.get("/find/", query_string=args).text
    assert page.count("zyzzx") == 1
    form = page.split('id="find-form"')[1].split("</form>")[0]
    assert f'value="{words}"' in form.split('id="bekymring"')[1].split(">")[0]
    assert client.get("/find.json", query_string=args).text.count("zyzzx") == 1


def test_the_answer_replaces_the_questions_and_ret_brings_them_back_filled_in(
    client: FlaskClient,
) -> None:
    page = client.get("/find/?alder=10&bekymring=ondt+i+maven&kommune=gentofte").text
    assert 'id="find-questions" hidden' in page
    assert '<h1 id="svar" tabindex="-1">Her kan I starte</h1>' in page
    edit = page.split('class="vv-asked"')[1].split("<button ")[1].split(">")[0]
    # "Ret" submits the hidden form (alder, bekymring, kommune) with ret=1, as a browser does
    assert 'form="find-form" name="ret" value="1" formaction="/find/#find-form"' in edit
    form = page.split('id="find-form"')[1].split("</form>")[0]
    assert 'value="ondt i maven"' in form and '<option value="gentofte" selected>' in form
    again = client.get("/find/?alder=10&bekymring=ondt+i+maven&kommune=gentofte&ret=1").text
    assert 'id="svar"' not in again and 'id="find-questions" hidden' not in again
    assert 'value="ondt i maven"' in again and '<option value="gentofte" selected>' in again
    assert 'action="/find/#svar"' in again, "without JavaScript the browser scrolls to the answer"


def test_without_a_kommune_the_local_choice_goes_with_the_hidden_questions(
    client: FlaskClient,
) -> None:
    page = client.get("/find/?alder=15&bekymring=psykose").text
    local = page.split('id="mere-hjaelp"')[1].split("</div></div>")[0]
    assert 'id="kommune-her" name="kommune" form="find-form"' in local
    assert 'type="hidden"' not in local, "the parent's words are not repeated here"
    # the questions' own (empty) kommune is left out, so the one chosen here is the one sent
    assert 'id="kommune" name="kommune" disabled' in page


def test_about_has_the_accessibility_statement(client: FlaskClient) -> None:
    assert 'id="tilgaengelighed"' in client.get("/om/").text


def test_dkfds_is_served_from_node_modules(client: FlaskClient) -> None:
    css = client.get("/dkfds/css/dkfds.min.css")
    assert css.status_code == 200 and "text/css" in css.content_type
    assert client.get("/dkfds/../package.json").status_code == 404


def test_the_danish_stemmer_is_the_packages_own_module_served_from_node_modules(
    client: FlaskClient,
) -> None:
    """search.js imports the module npm's @orama/stemmers names for "danish"."""
    package = STEMMER_JS.parents[1]
    exports = json.loads((package / "package.json").read_text(encoding="utf-8"))["exports"]
    assert STEMMER_JS == package / exports["./danish"]["import"]
    js = client.get(urls.ROUTES["stemmer"])
    assert js.status_code == 200 and "javascript" in js.content_type
    assert js.data == STEMMER_JS.read_bytes() and b"export function stemmer" in js.data


def test_a_broken_rebuild_keeps_the_last_good_site_and_shows_why(tiny_dir: Path) -> None:
    app = create_app(build_site(tiny_dir, shacl=False), {"TESTING": True})
    (tiny_dir / "forloeb.yaml").write_text(
        "pathways:\n  - id: test-forloeb\n    name: [\n", encoding="utf-8"
    )
    assert state(app).swap(build_site(tiny_dir, shacl=False)) is False
    page = app.test_client().get("/forloeb/test-forloeb/")
    assert page.status_code == 200, "the last good build is still served"
    assert "Pathway-filerne har fejl" in page.text and "forloeb.yaml" in page.text


def test_the_reload_watcher_swaps_good_edits_and_keeps_the_site_on_broken_ones(
    tiny_dir: Path,
) -> None:
    from navigator.web.serve import Watcher

    app = create_app(build_site(tiny_dir, shacl=False), {"TESTING": True})
    watcher, client = Watcher(app, tiny_dir), app.test_client()
    assert watcher.check() is None, "nothing changed, nothing rebuilt"
    pathway = tiny_dir / "forloeb.yaml"
    original = pathway.read_text(encoding="utf-8")
    pathway.write_text(
        original.replace("Forælder henvender sig", "Forælder ringer"), encoding="utf-8"
    )
    assert watcher.check() is None, "waits one poll for the file to settle"
    assert watcher.check() is True
    assert "Forælder ringer" in client.get("/forloeb/test-forloeb/").text
    pathway.write_text(
        original.replace("performed_by: [ppr-psykolog]", "performed_by: [findes-ikke]"),
        encoding="utf-8",
    )
    assert watcher.check() is None
    assert watcher.check() is False
    page = client.get("/forloeb/test-forloeb/").text
    assert "Forælder ringer" in page, "the last good build is still served"
    assert "findes-ikke" in page, "the banner names the problem"


def test_production_refuses_content_with_errors(tiny_dir: Path) -> None:
    from navigator.core.errors import ValidationFailed
    from navigator.web.serve import production_app

    assert production_app(tiny_dir).config["SHOW_PROBLEMS"] is False
    (tiny_dir / "broken.yaml").write_text("pathways:\n  - id: [\n", encoding="utf-8")
    with pytest.raises(ValidationFailed):
        production_app(tiny_dir)


def test_freeze_command_writes_a_static_site(tmp_path: Path) -> None:
    from click.testing import CliRunner
    from conftest import TINY

    from navigator.cli import cli

    out = tmp_path / "site"
    result = CliRunner().invoke(cli, ["freeze", str(TINY), "--out", str(out)])
    assert result.exit_code == 0, result.output
    for name in (
        "index.html",
        "forloeb/test-forloeb/index.html",
        "forloeb/test-forloeb.json",
        "find/index.html",
        "find-data.json",
        "find-data/ingen-kommune.json",
        "find-data/testby.json",
        "static/js/find.js",
        "dkfds/css/dkfds.min.css",
        "stemmer/dk.js",
        "404.html",
    ):
        assert (out / name).is_file(), name
    assert list((out / "dkfds" / "fonts").rglob("*.woff2")), "the fonts DKFDS's CSS refers to"
    find_page = (out / "find" / "index.html").read_text(encoding="utf-8")
    assert "/static/js/find.js" in find_page
    assert "<noscript>" in find_page, "the static copy says answering needs JavaScript"
    search_page = (out / "soeg" / "index.html").read_text(encoding="utf-8")
    assert 'data-stemmer="/stemmer/dk.js"' in search_page, "search.js imports the stemmer"
    assert "Pathway-filerne har fejl" not in (out / "index.html").read_text(encoding="utf-8")


def test_the_live_find_page_needs_no_javascript(client: FlaskClient) -> None:
    page = client.get("/find/?alder=10&kommune=gentofte").text
    assert 'class="vv-results"' in page, "the answer is in the served HTML"
    # the only script is find.js, which on an answered page only moves focus to the answer
    assert page.count("<script src=") == 2 and 'data-answered="true"' in page
    assert "<noscript>" not in page, "the live site answers without JavaScript"


@pytest.mark.parametrize(
    ("page", "segment", "entity"),
    [
        ("/roller/ppr-psykolog/", "roller", "ppr-psykolog"),
        ("/kommuner/gentofte/", "kommuner", "gentofte"),
        ("/forloeb/kit/", "forloeb", "kit"),
    ],
)
def test_pages_offer_diagram_downloads_that_work(
    client: FlaskClient, page: str, segment: str, entity: str
) -> None:
    html = client.get(page).get_data(as_text=True)
    link = f"/eksport/{segment}/{entity}.svg"
    assert f'href="{link}"' in html
    download = client.get(link)
    assert download.status_code == 200
    assert download.mimetype == "image/svg+xml"


def test_coordinators_can_reach_the_exports_from_every_page(client: FlaskClient) -> None:
    for page in ("/", "/forloeb/kit/", "/akut/"):
        assert 'href="/eksport/"' in client.get(page).get_data(as_text=True), page


@pytest.mark.parametrize(
    ("url", "opened"),
    [
        ("/tilbud/lettilgaengeligt-tilbud/", False),
        ("/forloeb/akut-hjaelp/", False),
        ("/kommuner/gentofte/", False),
        ("/roller/ppr-psykolog/", True),
    ],
)
def test_professional_detail_sits_in_for_fagfolk_open_only_on_pages_for_professionals(
    client: FlaskClient, url: str, opened: bool
) -> None:
    page = client.get(url).text
    main = page.split('id="main-content"')[1]
    parent_text = re.sub(r'<details class="details vv-fagfolk".*?</details>', "", main, flags=re.S)
    assert '<summary class="details-summary">For fagfolk' in main
    if not opened:  # a page for parents
        assert "vv-fact" not in parent_text, "no fact badge in the text for parents"
        assert "Lovgrundlag" not in parent_text and "Sektor" not in parent_text
    assert ('<details class="details vv-fagfolk" open>' in main) is opened


def test_glossary_words_are_explained_once_where_they_stand(client: FlaskClient) -> None:
    page = client.get("/tilbud/ppr-raadgivning/").text
    explained = (
        '<a class="vv-term" href="/ordliste/#term-ppr">'
        '<abbr title="Pædagogisk Psykologisk Rådgivning">PPR</abbr></a>'
    )
    assert page.count(explained) == 1, "PPR is explained on first use, and only once"
    assert 'id="term-ppr"' in client.get("/ordliste/").text
