"""Nothing changes the Site's graph after build: not SHACL, the writers, the site, or a query."""

from __future__ import annotations

import pickle
from pathlib import Path

from helpers import TODAY_DATE, VALID
from rdflib import Literal

from navigator.answers.query import coverage, route, services_for, who_does_what
from navigator.build import Site, build_site, jsonld, ntriples, turtle, write_outputs
from navigator.graph.shacl import check_graph
from navigator.graph.sparql import load_store, run_query
from navigator.graph.vocab import NAV, iri
from navigator.web.factory import create_app
from navigator.web.freeze import freeze_site


def _state(site: Site) -> tuple[frozenset[object], list[tuple[str, str]]]:
    return frozenset(site.graph), sorted((p, str(ns)) for p, ns in site.graph.namespaces())


def test_nothing_after_build_changes_the_sites_graph(tmp_path: Path) -> None:
    site = build_site(VALID, TODAY_DATE)
    assert site.ok
    before = _state(site)
    assert check_graph(site.graph, site.source_map) == []
    broken = build_site(VALID, TODAY_DATE, shacl=False)
    broken.graph.add((iri("testlinjen"), NAV.serviceStatus, Literal("lukket")))
    broken_before = _state(broken)
    assert check_graph(broken.graph, broken.source_map) != []  # pySHACL ran on this one
    assert _state(broken) == broken_before
    write_outputs(site, tmp_path / "build")
    turtle(site.graph), jsonld(site.graph), ntriples(site.graph)
    run_query(load_store(site.graph), "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
    services_for(site, 10, "angst", None)
    who_does_what(site, "foraelder")
    route(site, "foraelder", "testlinjen")
    coverage(site, "testlinjen")
    client = create_app(site).test_client()
    for url in (
        "/",
        "/tilbud/testlinjen/",
        "/find/?alder=10&bekymring=angst",
        "/data/graph.ttl",
        "/data/graph.jsonld",
        "/data/graph.nt",
        "/id/testlinjen",
        "/sparql?query=SELECT+%28COUNT%28*%29+AS+%3Fn%29+WHERE+%7B+%3Fs+%3Fp+%3Fo+%7D",
    ):
        assert client.get(url, headers={"Accept": "text/turtle"}).status_code == 200, url
    freeze_site(site, tmp_path / "site", diagrams=False)
    assert _state(site) == before


def test_searching_and_serving_leave_the_search_index_as_built(tmp_path: Path) -> None:
    site = build_site(VALID, TODAY_DATE, shacl=False)
    before = pickle.dumps(site.search_index)
    client = create_app(site).test_client()
    for url in ("/soeg/?q=angst", "/soeg/?q=skolvegring", "/soeg.json?q=tlf", "/search-data.json"):
        assert client.get(url).status_code == 200, url
    freeze_site(site, tmp_path / "site", diagrams=False)
    assert pickle.dumps(site.search_index) == before
