"""Attacks on the production app: SPARQL abuse, hostile URLs, methods and headers, memory."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from http.client import HTTPConnection
from pathlib import Path
from urllib.parse import quote

import pyoxigraph as ox
import pytest
from flask import Flask
from flask.testing import FlaskClient
from rdflib import Literal, URIRef

from navigator.build import build_site
from navigator.core import paths
from navigator.graph.sparql import QueryPool, SparqlError, load_store, run_query
from navigator.web.app import state
from navigator.web.downloads import endpoint
from navigator.web.factory import create_app
from navigator.web.serve import production_app, waitress_options

SECURITY_HEADERS = {
    "Content-Security-Policy": "frame-ancestors 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
}
JSON = {"Accept": "application/sparql-results+json"}
# five joined patterns over the whole graph: far more rows than any time limit allows
RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?p ?x . ?b ?q ?y . ?c ?r ?z . ?d ?s ?w . ?e ?t ?v }"
# 200 bytes of query, 6 MB of answer in one row
HUGE_ROW = (
    'SELECT ?x WHERE { BIND("aaaaaaaaaa" AS ?a) BIND(REPLACE(?a, "a", ?a) AS ?b) '
    'BIND(REPLACE(?b, "a", ?b) AS ?c) BIND(REPLACE(?c, "a", ?b) AS ?d) '
    "BIND(CONCAT(?d, ?d, ?d, ?d, ?d, ?d) AS ?x) }"
)


@pytest.fixture(scope="module")
def app() -> Flask:
    """The app exactly as `navigator serve --production` builds it."""
    return production_app(paths.PATHWAYS)


def assert_secure(response: object) -> None:
    """Every answer carries the security headers and never shows a traceback."""
    headers = response.headers  # type: ignore[attr-defined]
    for name, part in SECURITY_HEADERS.items():
        assert part in headers.get(name, ""), name
    body = response.get_data(as_text=True)  # type: ignore[attr-defined]
    assert "Traceback (most recent call last)" not in body and "werkzeug" not in body


# ---- SPARQL ------------------------------------------------------------------------------------


@pytest.fixture()
def listener() -> Iterator[socket.socket]:
    """A socket on a free loopback port that counts as hit if anything connects to it."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen()
    server.settimeout(1.0)
    yield server
    server.close()


@pytest.mark.parametrize(
    "pattern",
    [
        "SERVICE <http://127.0.0.1:{port}/> {{ ?s ?p ?o }}",
        "service silent <http://127.0.0.1:{port}/sparql> {{ ?s ?p ?o }}",
        "OPTIONAL {{ ?s ?p ?o # a comment\n SeRvIcE <http://127.0.0.1:{port}/> {{ ?s ?p ?o }} }}",
        "?s ?p ?o FILTER EXISTS {{ SERVICE <http://127.0.0.1:{port}/> {{ ?s ?p ?o }} }}",
    ],
)
def test_service_is_refused_and_nothing_connects(
    client: FlaskClient, listener: socket.socket, pattern: str
) -> None:
    port = listener.getsockname()[1]
    query = "SELECT * WHERE { " + pattern.format(port=port) + " }"
    response = client.post("/sparql", data={"query": query}, headers=JSON)
    assert response.status_code == 400
    assert response.get_json()["message"].startswith("SERVICE er ikke tilladt")
    with pytest.raises(TimeoutError):
        listener.accept()  # nobody knocked


def test_the_word_service_inside_a_string_is_just_text(client: FlaskClient) -> None:
    query = 'SELECT ?x WHERE { BIND("SERVICE <http://127.0.0.1:9/> { }" AS ?x) }'
    response = client.post("/sparql", data={"query": query}, headers=JSON)
    assert response.status_code == 200
    assert response.get_json()["results"]["bindings"][0]["x"]["value"].startswith("SERVICE")


@pytest.mark.parametrize(
    ("query", "message"),
    [
        (" \n" * 48_500, "kunne ikke læses"),
        ("SELECT * WHERE " + "{" * 100_000, "for dybt indlejret"),
        ("{" * 100_000, "kunne ikke læses"),
        ('SELECT * WHERE { ?s ?p "' + " \n" * 40_000, "kunne ikke læses"),
    ],
)
def test_hostile_query_text_is_a_400_in_danish(
    client: FlaskClient, query: str, message: str
) -> None:
    response = client.post(
        "/sparql", data=query, content_type="application/sparql-query", headers=JSON
    )
    assert response.status_code == 400 and message in response.get_json()["message"]
    assert_secure(response)


def test_a_long_prologue_of_blanks_before_a_good_query_is_answered(client: FlaskClient) -> None:
    query = " \n" * 48_500 + "SELECT ?s WHERE { ?s a nav:Role } LIMIT 1"
    response = client.post("/sparql", data={"query": query}, headers=JSON)
    assert response.status_code == 200 and len(response.get_json()["results"]["bindings"]) == 1


def test_a_short_query_cannot_return_megabytes(client: FlaskClient) -> None:
    response = client.post("/sparql", data={"query": HUGE_ROW}, headers=JSON)
    # about 6 MB of text: over the 5 MB answer limit, far under the worker's memory limit
    assert response.status_code == 413
    assert "fylder mere end" in response.get_json()["message"]


def test_a_query_past_its_memory_limit_is_stopped_and_its_worker_replaced(app: Flask) -> None:
    store = load_store(state(app).site.graph)
    pool = QueryPool(store, size=1, max_bytes=10**9, memory=64 * 1024 * 1024)
    try:
        hundred_mb = HUGE_ROW.replace('REPLACE(?c, "a", ?b)', 'REPLACE(?c, "a", ?c)')
        with pytest.raises(SparqlError, match="hukommelse") as stopped:
            run_query(pool, hundred_mb)  # one value of 6 × 10^8 characters
        assert stopped.value.status == 503
        assert run_query(pool, "ASK { ?s ?p ?o }").boolean is True
    finally:
        pool.close()


def test_byte_limit_counts_the_values(client: FlaskClient, app: Flask) -> None:
    store = load_store(state(app).site.graph)
    with pytest.raises(SparqlError, match="fylder mere end 10 kB") as refused:
        run_query(store, "SELECT ?s ?p ?o WHERE { ?s ?p ?o } LIMIT 1000", max_bytes=10_000)
    assert refused.value.status == 413


def test_a_query_too_long_to_read_is_refused_unread(client: FlaskClient) -> None:
    response = client.post(
        "/sparql", data="#" * 300_000, content_type="application/sparql-query", headers=JSON
    )
    assert response.status_code == 413 and "blev ikke læst" in response.get_json()["message"]


def test_a_body_over_the_limit_is_refused_in_danish(client: FlaskClient) -> None:
    response = client.post(
        "/sparql", data="#" * 2_000_000, content_type="application/sparql-query", headers=JSON
    )
    assert response.status_code == 413
    assert response.get_json()["message"] == "Forespørgslen er for stor"
    assert_secure(response)


def test_pages_are_revalidated(client: FlaskClient) -> None:
    for path in ("/", "/forloeb/kit/", "/index.json"):
        assert client.get(path).headers["Cache-Control"] == "no-cache"


def test_sparql_answers_are_not_stored(client: FlaskClient) -> None:
    response = client.get("/sparql?query=" + quote("ASK { ?s ?p ?o }"), headers=JSON)
    assert response.status_code == 200 and response.headers["Cache-Control"] == "no-store"


def test_when_every_worker_is_busy_the_answer_is_503_with_retry_after() -> None:
    busy_app = create_app(
        build_site(paths.PATHWAYS, shacl=False), {"SPARQL_WORKERS": 1, "SPARQL_TIME_LIMIT": 3}
    )
    with busy_app.test_request_context():
        pool = endpoint().query_pool()
    first: list[int] = []
    runner = threading.Thread(
        target=lambda: first.append(
            busy_app.test_client()
            .post("/sparql", data={"query": RUNAWAY}, headers=JSON)
            .status_code
        )
    )
    runner.start()
    deadline = time.monotonic() + 60  # a guard against hanging, not a timing assertion
    while pool.idle.qsize():  # wait until the runaway query holds the only worker
        assert time.monotonic() < deadline, "the runaway query never took the worker"
        time.sleep(0.01)
    second = busy_app.test_client().post(
        "/sparql", data={"query": "ASK { ?s ?p ?o }"}, headers=JSON
    )
    runner.join()
    assert second.status_code == 503 and second.headers["Retry-After"].isdigit()
    assert "Prøv igen om" in second.get_json()["message"]
    assert first == [503], "the runaway query was stopped at its time limit"
    again = busy_app.test_client().post("/sparql", data={"query": "ASK { ?s ?p ?o }"}, headers=JSON)
    assert again.status_code == 200, "a fresh worker took the stopped one's place"
    pool.close()


def test_a_line_separator_in_a_label_loads_and_answers() -> None:
    site = build_site(paths.PATHWAYS, shacl=False)
    odd = "Linje\u2028skift og\u2029afsnit"
    site.graph.add(
        (
            URIRef("https://vejviser.dk/id/x"),
            URIRef("https://schema.org/name"),
            Literal(odd, lang="da"),
        )
    )
    app = create_app(site, {"DEBUG": False})
    query = "SELECT ?n WHERE { id:x schema:name ?n }"
    response = app.test_client().post("/sparql", data={"query": query}, headers=JSON)
    assert response.status_code == 200
    assert response.get_json()["results"]["bindings"] == [
        {"n": {"type": "literal", "value": odd, "xml:lang": "da"}}
    ]
    endpoint_of(app).close()
    download = ox.Store()  # and the N-Triples download keeps the label on its line
    download.load(app.test_client().get("/data/graph.nt").data, ox.RdfFormat.N_TRIPLES)
    assert len(download) == len(site.graph)


def endpoint_of(app: Flask) -> QueryPool:
    """The pool an app started for its SPARQL endpoint."""
    with app.test_request_context():
        return endpoint().query_pool()


# ---- memory ------------------------------------------------------------------------------------


def test_unknown_ids_and_new_query_strings_do_not_grow_the_memo(app: Flask) -> None:
    client = app.test_client()
    for path in ("/", "/forloeb/kit/", "/eksport/forloeb/kit.svg", "/data/graph.ttl"):
        assert client.get(path).status_code == 200
    memo = state(app).memo
    before = len(memo)
    for i in range(1000):
        prefix = ("forloeb", "tilbud", "roller", "kommuner", "klynger")[i % 5]
        name = f"findes-ikke-{i}-" + "x" * 200
        assert client.get(f"/{prefix}/{name}/").status_code == 404
        assert client.get(f"/eksport/forloeb/{name}.svg").status_code == 404
        assert client.get(f"/id/{name}").status_code == 404
        # a query answer is kept only when it answers (test_pagecache); a miss never is
        assert client.get(f"/find/?alder=8&kommune={name}").status_code == 200
    assert len(memo) == before


def test_the_memo_forgets_the_least_recently_used(
    app: Flask, monkeypatch: pytest.MonkeyPatch
) -> None:
    import navigator.web.app

    monkeypatch.setattr(navigator.web.app, "MEMO_ENTRIES", 3)
    current = state(app)
    for key in "abcde":
        current.cached(("test", key), lambda key=key: key * 10)
    assert len(current.memo) <= 3 and ("test", "e") in current.memo
    assert ("test", "a") not in current.memo


# ---- Host, redirects, ids, headers -------------------------------------------------------------


@pytest.mark.parametrize(
    "host",
    [
        "a" * 64 + ".example",
        "a" * 300,
        "ex ample",
        "x:abc",
        "[::1",
        "é.dk",
        "evil.example/../x",
        "a..b",
    ],
)
def test_a_bad_host_gets_our_own_400(client: FlaskClient, host: str) -> None:
    response = client.get("/forloeb", headers={"Host": host})
    assert response.status_code == 400 and "Fejlkode 400" in response.text
    assert_secure(response)


@pytest.mark.parametrize(
    ("path", "target"), [("/forloeb", "/forloeb/"), ("/soeg?q=angst", "/soeg/?q=angst")]
)
def test_trailing_slash_redirect_never_names_the_host(
    client: FlaskClient, path: str, target: str
) -> None:
    response = client.get(path, headers={"Host": "evil.example"})
    assert response.status_code == 308 and response.headers["Location"] == target
    assert_secure(response)


def test_an_unknown_part_of_a_known_entity_is_404(client: FlaskClient, app: Flask) -> None:
    assert client.get("/id/kit--junk").status_code == 404
    assert client.get("/id/kit").status_code == 303
    graph = state(app).site.graph
    part = next(
        str(s) for s in graph.subjects() if str(s).startswith("https://vejviser.dk/id/kit--")
    )
    assert client.get("/id/" + part.rsplit("/", 1)[1]).status_code == 303


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/index.json",
        "/findes-ikke/",
        "/findes-ikke.json",
        "/static/css/vejviser.css",
        "/data/graph.ttl",
        "/sparql",
        "/sparql?query=SELEKT",
        "/forloeb",
    ],
)
def test_every_answer_has_the_security_headers_and_a_cache_policy(
    client: FlaskClient, path: str
) -> None:
    response = client.get(path)
    assert_secure(response)
    assert response.headers.get("Cache-Control")


def test_waitress_answers_with_our_name_and_our_400_page(app: Flask) -> None:
    import waitress

    options = waitress_options("127.0.0.1", 0, threads=2)
    server = waitress.create_server(app, **options)  # type: ignore[arg-type]
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    try:
        port = server.effective_port  # type: ignore[union-attr]
        connection = HTTPConnection("127.0.0.1", port, timeout=10)
        connection.request("GET", "/forloeb", headers={"Host": "a" * 64 + ".example"})
        answer = connection.getresponse()
        body = answer.read().decode()
        assert answer.status == 400 and "Fejlkode 400" in body
        assert answer.getheader("Server") == "Vejviser"
        assert "nosniff" == answer.getheader("X-Content-Type-Options")
        connection.close()
    finally:
        server.close()
        server.task_dispatcher.shutdown()  # type: ignore[union-attr]


def test_the_production_server_answers_from_memory_with_our_headers(tiny_dir: Path) -> None:
    """`navigator serve --production` (granian by default), as a process of its own."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    command = [sys.executable, "-m", "navigator", "serve", "--production", "--port", str(port)]
    server = subprocess.Popen([*command, str(tiny_dir)], stderr=subprocess.DEVNULL)
    try:
        status, headers, _ = _get_when_up(port, "/forloeb/test-forloeb/")
        assert status == 200 and headers["x-frame-options"] == "DENY"
        status, again, body = _get(
            port, "/forloeb/test-forloeb/", {"If-None-Match": headers["etag"]}
        )
        assert status == 304 and body == b"" and again["etag"] == headers["etag"]
        assert again["content-security-policy"] == headers["content-security-policy"]
        status, _, body = _get(port, "/forloeb", {"Host": "a b"})
        assert status == 400 and "Fejlkode 400" in body.decode()
        count = quote("SELECT (COUNT(*) AS ?n) WHERE { ?s a ?type }")
        status, _, body = _get(port, f"/sparql?query={count}", JSON)
        assert status == 200, "the SPARQL pool starts in granian's forked worker"
        assert int(json.loads(body)["results"]["bindings"][0]["n"]["value"]) > 0
    finally:
        server.terminate()
        server.wait(timeout=30)


def _get(
    port: int, path: str, headers: dict[str, str] | None = None
) -> tuple[int, dict[str, str], bytes]:
    connection = HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        connection.request("GET", path, headers=headers or {})
        answer = connection.getresponse()
        return answer.status, {k.lower(): v for k, v in answer.getheaders()}, answer.read()
    finally:
        connection.close()


def _get_when_up(port: int, path: str) -> tuple[int, dict[str, str], bytes]:
    deadline = time.monotonic() + 60
    while True:
        try:
            return _get(port, path)
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


# ---- the attack suite ----------------------------------------------------------------------------

TRAVERSAL = [
    "/static/../navigator/web/app.py",
    "/static/%2e%2e/%2e%2e/pyproject.toml",
    "/static/..%2f..%2fpyproject.toml",
    "/static/%2e%2e%2f%2e%2e%2fpyproject.toml",
    "/static//etc/passwd",
    "/static/%2fetc%2fpasswd",
    "/static/..\\..\\pyproject.toml",
    "/dkfds/../../package.json",
    "/dkfds/%2e%2e/%2e%2e/%2e%2e/package.json",
    "/dkfds/%2fetc%2fpasswd",
    "/eksport/../pyproject.toml",
    "/eksport/forloeb/..%2f..%2fpyproject.toml.svg",
    "/eksport/forloeb/%2e%2e.svg",
    "/eksport/%2e%2e/%2e%2e/etc/passwd",
    "/data/..%2fpyproject.toml",
    "/data/%2e%2e/pyproject.toml",
    "/data/graph.ttl/../../pyproject.toml",
    "/id/..%2f..%2fetc%2fpasswd",
    "/id/%2e%2e",
    "/id/kit%2f..%2f..",
    "/forloeb/..%2f..%2fetc%2fpasswd/",
    "/kommuner/%2e%2e/",
    "/%2e%2e/%2e%2e/etc/passwd",
]
LONG_AND_ODD = [
    "/" + "a" * 10_000,
    "/soeg/?q=" + "x" * 10_000,
    "/find/?alder=" + "9" * 10_000,
    "/sparql?query=" + "%7B" * 3_000,
    "/soeg/?q=%ff%fe%fd",
    "/forloeb/%ff/",
    "/%c0%ae%c0%ae/",
    "/id/%ff",
    "/soeg/?q=%00",
    "/soeg/?%ff=%ff",
    "/find/?" + "&".join(["a=1"] * 2000),
]
BAD_FIND = [
    "alder=-1",
    "alder=abc",
    "alder=1e309",
    "alder=99999999999999999999",
    "alder=%00",
    "kommune=../../etc",
    "kommune=%2e%2e%2f%2e%2e",
    "kommune=%00",
    "kommune=" + "k" * 5000,
    "bekymring=<script>alert(1)</script>",
    "bekymring=" + "b" * 10_000,
    "alder=&kommune=&bekymring=",
]
REGEX = [".*", "(((", "[", "\\", "a{1000000}", "(a+)+$", "^$|*?", "\\d+\\", "(?P<x>", "[^]]*"]


def check(response: object) -> None:
    """The attack-suite promise: no 5xx, no traceback, headers, our error page on a 4xx."""
    status = response.status_code  # type: ignore[attr-defined]
    assert status < 500, status
    assert_secure(response)
    body = response.get_data(as_text=True)  # type: ignore[attr-defined]
    assert "root:x:0" not in body and "[project]" not in body and "import " not in body
    if 400 <= status < 500:  # our error page, or our JSON error for a client that asked for JSON
        if response.mimetype == "application/json":  # type: ignore[attr-defined]
            assert set(response.get_json()) >= {"error", "message"}  # type: ignore[attr-defined]
        else:
            assert "Fejlkode" in body


@pytest.mark.parametrize("path", TRAVERSAL)
def test_path_traversal_reaches_nothing_outside_the_site(client: FlaskClient, path: str) -> None:
    response = client.get(path)
    check(response)
    assert response.status_code in (301, 302, 303, 308, 400, 404)


@pytest.mark.parametrize("method", ["PUT", "DELETE", "TRACE", "PROPFIND", "PATCH", "MKCOL"])
@pytest.mark.parametrize(
    "path",
    ["/", "/sparql", "/static/css/vejviser.css", "/data/graph.ttl", "/id/kit", "/forloeb/kit.json"],
)
def test_odd_methods_are_refused(client: FlaskClient, method: str, path: str) -> None:
    response = client.open(path, method=method)
    check(response)
    assert response.status_code == 405


@pytest.mark.parametrize("path", LONG_AND_ODD)
def test_long_and_invalid_urls(client: FlaskClient, path: str) -> None:
    check(client.get(path))


@pytest.mark.parametrize(
    "accept",
    [
        "application/json",
        "*/*;q=bogus",
        "text/html;q=abc",
        "x" * 5000,
        "text/turtle",
        "application/ld+json",
        "",
        "text/csv, */*;q=0",
    ],
)
@pytest.mark.parametrize("path", ["/", "/id/kit", "/findes-ikke/", "/sparql?query=ASK%7B%7D"])
def test_odd_accept_headers(client: FlaskClient, accept: str, path: str) -> None:
    check(client.get(path, headers={"Accept": accept}))


@pytest.mark.parametrize("args", BAD_FIND)
@pytest.mark.parametrize("page", ["/find/", "/find.json"])
def test_bad_find_values(client: FlaskClient, page: str, args: str) -> None:
    response = client.get(f"{page}?{args}")
    check(response)
    if page == "/find/":  # the JSON twin may echo the words; a page must escape them
        assert "<script>alert" not in response.text


@pytest.mark.parametrize("q", [*REGEX, "x" * 10_000, "æøå " * 2500])
@pytest.mark.parametrize("page", ["/soeg/", "/soeg.json"])
def test_search_takes_anything(client: FlaskClient, page: str, q: str) -> None:
    response = client.get(page, query_string={"q": q})
    check(response)
    assert response.status_code == 200
