"""Read-only SPARQL: results in JSON and CSV, limits, refused updates, the web form and the CLI."""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path
from urllib.parse import quote

import pyoxigraph as ox
import pytest
from click.testing import CliRunner
from flask import Flask
from flask.testing import FlaskClient
from helpers import FIXTURES, SHIPPED_DAY, VALID

from navigator.answers.query import services_for
from navigator.build import Site, build_site, write_outputs
from navigator.cli import cli
from navigator.graph.sparql import (
    QueryPool,
    Result,
    SparqlError,
    examples,
    load_store,
    run_query,
    to_csv,
    to_json,
)
from navigator.web.factory import create_app

NASTY = FIXTURES / "diagram"
EXAMPLES = examples(SHIPPED_DAY)
GENTOFTE = next(q for title, q in EXAMPLES.items() if "Gentofte" in title)
RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?p ?x . ?b ?q ?y . ?c ?r ?z . ?d ?s ?w . ?e ?t ?v }"


@pytest.fixture(scope="module")
def nasty() -> Site:
    return build_site(NASTY, shacl=False)


@pytest.fixture(scope="module")
def store(nasty: Site) -> ox.Store:
    return load_store(nasty.graph)


@pytest.fixture(scope="module")
def app(nasty: Site) -> Flask:
    return create_app(nasty, {"TESTING": True})


def test_store_holds_the_whole_graph(store: ox.Store, nasty: Site) -> None:
    assert len(store) == len(nasty.graph)


def test_select_as_sparql_json(store: ox.Store) -> None:
    result = run_query(store, "SELECT ?n WHERE { id:ppr-psykolog schema:name ?n }")
    data = json.loads(to_json(result))
    assert data == {
        "head": {"vars": ["n"]},
        "results": {
            "bindings": [{"n": {"type": "literal", "value": "PPR-psykolog", "xml:lang": "da"}}]
        },
    }


def test_typed_literals_and_iris_in_json(store: ox.Store) -> None:
    result = run_query(store, "SELECT ?s ?age WHERE { ?s nav:minimumAge ?age } ORDER BY ?age")
    first = json.loads(to_json(result))["results"]["bindings"][0]
    assert first["s"] == {"type": "uri", "value": "https://vejviser.dk/id/bup"}
    assert first["age"]["datatype"] == "http://www.w3.org/2001/XMLSchema#integer"


def test_csv_results_never_hand_a_spreadsheet_a_formula(store: ox.Store) -> None:
    """The attack audit's hole 7: a value that starts like a formula is escaped, as in the
    data files (text.csv_cell)."""
    query = 'SELECT ?x WHERE { VALUES ?x { "=HYPERLINK(\\"http://x\\")" "+1" "-2" "@a" "ok" } }'
    cells = [row[0] for row in csv.reader(io.StringIO(to_csv(run_query(store, query))))][1:]
    assert cells == ['\'=HYPERLINK("http://x")', "'+1", "'-2", "'@a", "ok"]


def test_csv_results_keep_quotes_and_danish_letters(store: ox.Store) -> None:
    result = run_query(store, "SELECT ?n WHERE { ?s a nav:Role ; schema:name ?n } ORDER BY ?n")
    names = [row["n"] for row in csv.DictReader(io.StringIO(to_csv(result)))]
    assert names == [
        'Behandler i "BUP" <region>',
        "Forælder",
        "Frivillig rådgiver",
        "PPR-psykolog",
        "Praktiserende læge",
    ]


def test_ask_and_construct(store: ox.Store) -> None:
    assert json.loads(to_json(run_query(store, "ASK { id:ltt a schema:Service }")))["boolean"]
    result = run_query(store, "CONSTRUCT { ?s a schema:Service } WHERE { ?s a schema:Service }")
    assert len(result.triples) == 3 and result.kind == "graph"


def found(result: Result) -> dict[str, str]:
    """Service id → status key of the Gentofte example's rows."""
    return {r["tilbud"]["value"].rsplit("/", 1)[1]: r["status"]["value"] for r in result.rows}


def self_referral_answer(site: Site, kommune: str) -> dict[str, str]:
    """Find's answer for the kommune, limited to what a parent may contact directly: service
    id → status, the shape of found()."""
    return {
        m.service.id: m.availability
        for m in services_for(site, kommune=kommune)
        if m.service.self_referral
    }


def test_example_query_finds_what_a_parent_can_contact_directly(store: ox.Store) -> None:
    result = run_query(store, GENTOFTE.replace("gentofte", "aeroe"))
    # bup needs a referral; the counselling line has a record only for Køge: ask the kommune
    assert found(result) == {"ltt": "offered", "raadgivning": "unknown"}
    assert {r["daekning"]["value"] for r in result.rows} == {
        "Tilbydes",
        "Ukendt – spørg din kommune",
    }


@pytest.mark.parametrize("kommune", ["gentofte", "koebenhavn", "favrskov", "bornholm"])
def test_example_query_agrees_with_find_on_the_shipped_pathways(site: Site, kommune: str) -> None:
    result = run_query(load_store(site.graph), GENTOFTE.replace("gentofte", kommune))
    wanted = self_referral_answer(site, kommune)
    assert found(result) == wanted


def test_example_query_agrees_with_find_in_every_kommune(site: Site) -> None:
    """The coordinators' example is the find rule in SPARQL: the same answer in all 98."""
    store = load_store(site.graph)
    differ = []
    for kommune in sorted(k.id for k in site.catalogue.kommuner()):
        wanted = self_referral_answer(site, kommune)
        if found(run_query(store, GENTOFTE.replace("gentofte", kommune))) != wanted:
            differ.append(kommune)
    assert len(site.catalogue.kommuner()) == 98
    assert differ == []


def test_example_query_for_gentofte_keeps_statutory_services_and_drops_sub_tracks(
    site: Site,
) -> None:
    answer = found(run_query(load_store(site.graph), GENTOFTE))
    assert answer["lettilgaengeligt-tilbud"] == "statutory"  # has a record elsewhere only
    assert answer["stime"] == "offered"
    assert not [s for s in answer if site.catalogue.services[s].part_of], "STIME's tracks"


@pytest.mark.parametrize(
    "update",
    [
        "INSERT DATA { id:x a schema:Service }",
        "DELETE WHERE { ?s ?p ?o }",
        "PREFIX ex: <http://example.org/>\nINSERT { ?s ex:p 1 } WHERE { ?s ?p ?o }",
        "# a comment\nCLEAR ALL",
        "drop graph <http://example.org/g>",
        "LOAD <http://example.org/>",
    ],
)
def test_updates_are_refused(store: ox.Store, update: str) -> None:
    before = len(store)
    with pytest.raises(SparqlError, match="kan kun læse") as refused:
        run_query(store, update)
    assert refused.value.status == 403 and len(store) == before


def test_result_size_limit(store: ox.Store) -> None:
    with pytest.raises(SparqlError, match="mere end 50 rækker; tilføj LIMIT") as refused:
        run_query(store, "SELECT * WHERE { ?s ?p ?o }", max_rows=50)
    assert refused.value.status == 413
    assert len(run_query(store, "SELECT * WHERE { ?s ?p ?o } LIMIT 50", max_rows=50).rows) == 50


def test_a_worker_keeps_the_row_limit_by_count_not_by_time(store: ox.Store) -> None:
    pool = QueryPool(store, size=1, max_rows=50)
    worker = pool.idle.queue[0].process.pid
    try:
        with pytest.raises(SparqlError, match="mere end 50 rækker; tilføj LIMIT") as refused:
            run_query(pool, "SELECT * WHERE { ?s ?p ?o }")
        assert refused.value.status == 413
        # a refusal leaves the worker as it was: the next answer comes from the same process
        assert len(run_query(pool, "SELECT * WHERE { ?s ?p ?o } LIMIT 50").rows) == 50
        assert pool.idle.queue[0].process.pid == worker
    finally:
        pool.close()


def test_runaway_query_is_stopped_and_its_worker_replaced(store: ox.Store) -> None:
    pool = QueryPool(store, size=1, time_limit=0.5)
    try:
        with pytest.raises(SparqlError, match="tog mere end 0.5 s") as stopped:
            run_query(pool, RUNAWAY)  # about 10^12 joined rows: never done in 0.5 s
        assert stopped.value.status == 503 and stopped.value.retry_after
        assert run_query(pool, "ASK { id:ltt a schema:Service }").boolean is True
    finally:
        pool.close()


def test_syntax_error_is_explained(store: ox.Store) -> None:
    with pytest.raises(SparqlError, match="kunne ikke læses") as refused:
        run_query(store, "SELEKT ?x WHERE {}")
    assert refused.value.status == 400


# ---- web ---------------------------------------------------------------------------------------


def test_form_page_offers_examples(client: FlaskClient) -> None:
    page = client.get("/sparql").get_data(as_text=True)
    assert "<form" in page and "selv kan kontakte uden henvisning i Gentofte" in page
    assert "id:gentofte" in page


@pytest.mark.parametrize(
    ("accept", "fmt", "media_type"),
    [
        ("application/sparql-results+json", None, "application/sparql-results+json"),
        ("text/csv", None, "text/csv"),
        (None, "csv", "text/csv"),
        ("text/html", "json", "application/sparql-results+json"),
    ],
)
def test_result_format_by_accept_or_parameter(
    client: FlaskClient, accept: str | None, fmt: str | None, media_type: str
) -> None:
    url = "/sparql?query=" + quote("SELECT ?s WHERE { ?s a nav:Role }")
    if fmt:
        url += f"&format={fmt}"
    response = client.get(url, headers={"Accept": accept} if accept else {})
    assert response.status_code == 200 and response.mimetype == media_type


def test_post_form_and_sparql_query_body(client: FlaskClient) -> None:
    query = "SELECT ?n WHERE { ?s a nav:Role ; schema:name ?n }"
    page = client.post("/sparql", data={"query": query}, headers={"Accept": "text/html"})
    assert page.status_code == 200 and "Frivillig rådgiver" in page.get_data(as_text=True)
    body = client.post(
        "/sparql",
        data=query,
        content_type="application/sparql-query",
        headers={"Accept": "application/sparql-results+json"},
    )
    assert len(body.get_json()["results"]["bindings"]) == 5


@pytest.mark.parametrize(
    "request_kwargs",
    [
        {"data": {"update": "DELETE WHERE { ?s ?p ?o }"}},
        {"data": "DELETE WHERE { ?s ?p ?o }", "content_type": "application/sparql-update"},
        {"data": {"query": "INSERT DATA { id:x a schema:Service }"}},
    ],
)
def test_web_refuses_updates(client: FlaskClient, request_kwargs: dict[str, object]) -> None:
    response = client.post("/sparql", headers={"Accept": "application/json"}, **request_kwargs)
    assert response.status_code == 403
    assert response.get_json()["message"].startswith("Ændringer er ikke tilladt")


def test_web_shows_errors_on_the_form(client: FlaskClient) -> None:
    response = client.post("/sparql", data={"query": "SELEKT"}, headers={"Accept": "text/html"})
    assert response.status_code == 400 and "Forespørgslen blev ikke kørt" in response.get_data(
        as_text=True
    )


def test_refused_updates_are_explained_in_danish_on_the_form(client: FlaskClient) -> None:
    response = client.post("/sparql", data={"update": "CLEAR ALL"}, headers={"Accept": "text/html"})
    page = response.get_data(as_text=True)
    assert response.status_code == 403 and "Ændringer er ikke tilladt" in page
    assert "not allowed" not in page


# ---- CLI ---------------------------------------------------------------------------------------


def test_cli_csv() -> None:
    result = CliRunner().invoke(
        cli,
        [
            "sparql",
            "SELECT ?n WHERE { id:aeroe schema:name ?n }",
            "--format",
            "csv",
            "--pathways",
            str(NASTY),
        ],
    )
    assert result.exit_code == 0 and result.output.splitlines() == ["n", "Ærø"]


def test_cli_refuses_updates() -> None:
    result = CliRunner().invoke(cli, ["sparql", "CLEAR ALL", "--pathways", str(NASTY)])
    assert result.exit_code == 2 and "kan kun læse" in result.output


@pytest.mark.parametrize(
    ("name", "fmt"),
    [
        ("graph.ttl", ox.RdfFormat.TURTLE),
        ("graph.nt", ox.RdfFormat.N_TRIPLES),
        ("graph.jsonld", ox.RdfFormat.JSON_LD),
    ],
)
def test_build_output_loads_unchanged_into_oxigraph(
    nasty: Site, tmp_path: Path, name: str, fmt: ox.RdfFormat
) -> None:
    write_outputs(nasty, tmp_path)
    outside = ox.Store()
    outside.load(path=str(tmp_path / name), format=fmt)
    assert len(outside) == len(nasty.graph)


def test_example_query_keeps_a_legal_duty_where_a_record_only_says_planned(tmp_path: Path) -> None:
    shutil.copytree(VALID, tmp_path / "p")
    services = tmp_path / "p" / "services.yaml"
    text = services.read_text(encoding="utf-8")
    services.write_text(
        text.replace(
            "    area_served: [testklyngen]\n",
            "    area_served: [testklyngen]\n    required_by_law: true\n",
            1,
        ),
        encoding="utf-8",
    )
    site = build_site(tmp_path / "p", shacl=False)
    assert site.catalogue.services["tidlig-hjaelp"].required_by_law
    for kommune in ("nordby", "sydby"):
        result = run_query(load_store(site.graph), GENTOFTE.replace("gentofte", kommune))
        wanted = self_referral_answer(site, kommune)
        assert found(result) == wanted
    assert (
        found(run_query(load_store(site.graph), GENTOFTE.replace("gentofte", "sydby")))[
            "tidlig-hjaelp"
        ]
        == "statutory"
    )
