"""navigator.graph.rdfwrite writes exactly what rdflib's serialisers write, from one pass."""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path

import pytest
from helpers import REPO, TODAY_DATE, VALID
from rdflib import RDF, RDFS, BNode, Graph, Literal, URIRef

from navigator.build import Site, build_site, write_outputs
from navigator.core import paths
from navigator.graph import rdfwrite
from navigator.graph.compile import new_graph

sys.path.insert(0, str(REPO / "bench"))

import national  # noqa: E402


def _rdflib_turtle(graph: Graph) -> str:
    return graph.serialize(format="turtle")


def _rdflib_ntriples(graph: Graph) -> str:
    lines = graph.serialize(format="nt").split("\n")
    return "\n".join(sorted(line for line in lines if line.strip())) + "\n"


def _rdflib_jsonld(graph: Graph, context: dict[str, str]) -> str:
    data = json.loads(graph.serialize(format="json-ld", context=context, auto_compact=True))
    data["@graph"] = sorted(data["@graph"], key=lambda node: str(node.get("@id")))
    for node in data["@graph"]:
        for key, value in node.items():
            if isinstance(value, list):
                node[key] = sorted(value, key=lambda v: json.dumps(v, sort_keys=True))
    return json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n"


def _context() -> dict[str, str]:
    return {prefix: str(ns) for prefix, ns in new_graph().namespaces()}


def _assert_same_as_rdflib(graph: Graph) -> None:
    index = rdfwrite.GraphIndex(graph)
    assert rdfwrite.turtle(index) == _rdflib_turtle(graph)
    assert rdfwrite.ntriples(index) == _rdflib_ntriples(graph)
    assert rdfwrite.jsonld(index, _context()) == _rdflib_jsonld(graph, _context())


@pytest.fixture(scope="module")
def fixtures_site() -> Site:
    return build_site(VALID, TODAY_DATE, shacl=False)


def test_the_shipped_pathways_are_written_as_rdflib_writes_them(site: Site) -> None:
    assert rdfwrite.GraphIndex(site.graph).simple, "no fallback: our own writers ran"
    _assert_same_as_rdflib(site.graph)


def test_the_fixtures_are_written_as_rdflib_writes_them(fixtures_site: Site) -> None:
    _assert_same_as_rdflib(fixtures_site.graph)


def test_a_national_corpus_is_written_as_rdflib_writes_it(tmp_path: Path) -> None:
    national.generate(paths.PATHWAYS, tmp_path, count=3, services=2)
    _assert_same_as_rdflib(build_site(tmp_path, shacl=False).graph)


def test_awkward_terms_are_written_as_rdflib_writes_them(fixtures_site: Site) -> None:
    graph = new_graph()
    graph += fixtures_site.graph
    odd = URIRef("https://vejviser.dk/id/a(b)%zz")
    graph.add((odd, RDFS.label, Literal('linje 1\nlinje 2 "citat" \\ slut', lang="da")))
    graph.add((odd, RDF.type, URIRef("https://example.org/ukendt#Ting")))
    graph.add((odd, URIRef("https://vejviser.dk/ns#note"), Literal("x.")))
    graph.add((odd, URIRef("https://vejviser.dk/ns#count"), Literal(0)))
    graph.add((odd, URIRef("https://vejviser.dk/ns#flag"), Literal(True)))
    graph.add((odd, URIRef("https://vejviser.dk/ns#ratio"), Literal(0.5)))
    graph.add((odd, URIRef("https://vejviser.dk/ns#ends."), URIRef("https://vejviser.dk/id/x.")))
    _assert_same_as_rdflib(graph)


def test_graphs_the_writers_do_not_lay_out_go_to_rdflib(fixtures_site: Site) -> None:
    graph = new_graph()
    graph += fixtures_site.graph
    graph.add((BNode("b1"), RDFS.label, Literal("tom")))
    graph.add((URIRef("https://vejviser.dk/id/p"), URIRef("https://example.org/x#p"), Literal(1)))
    assert not rdfwrite.GraphIndex(graph).simple
    _assert_same_as_rdflib(graph)
    plain = new_graph()
    plain += fixtures_site.graph
    plain.add((URIRef("https://vejviser.dk/id/p"), URIRef("https://example.org/x#p"), Literal(1)))
    turtle = rdfwrite.turtle(rdfwrite.GraphIndex(plain))  # a prefix rdflib invents: rdflib writes
    assert "@prefix ns1: <https://example.org/x#> ." in turtle


def test_dumps_is_json_dumps() -> None:
    value = {"b": [1, 2.5, True, None, 'æ\u2028"x"'], "a": {}, "c": [], "d": {"y": {"z": "å"}}}
    assert rdfwrite.dumps(value) == json.dumps(value, ensure_ascii=False, indent=1, sort_keys=True)


@pytest.mark.parametrize(
    "value",
    [
        {"@context": {"a": "x"}, "@graph": [{"@id": "n", "v": [1, {"w": []}]}, {}], "e": []},
        [[], {}, [1, [2]], "å", 0],
        {},
        [],
    ],
)
def test_write_json_streams_the_text_of_json_dumps(value: object) -> None:
    out = io.StringIO()
    rdfwrite.write_json(value, out)
    assert out.getvalue() == json.dumps(value, ensure_ascii=False, indent=1, sort_keys=True)


def test_the_written_files_are_rdflib_s_text(fixtures_site: Site, tmp_path: Path) -> None:
    write_outputs(fixtures_site, tmp_path)
    graph = fixtures_site.graph
    assert (tmp_path / "graph.ttl").read_text(encoding="utf-8") == _rdflib_turtle(graph)
    assert (tmp_path / "graph.nt").read_text(encoding="utf-8") == _rdflib_ntriples(graph)
    written = (tmp_path / "graph.jsonld").read_text(encoding="utf-8")
    assert written == _rdflib_jsonld(graph, _context())


def test_n_triples_of_subjects_that_begin_alike_sort_as_whole_lines() -> None:
    graph = new_graph()
    names = ("a", "a-b", "a/b", "ab", "a!", "a%20", "A", "a.b")
    for n, name in enumerate(names):
        subject = URIRef(f"https://example.org/{name}")
        graph.add((subject, RDFS.label, Literal(f"{name} {n}")))
        graph.add((subject, RDF.type, URIRef(f"https://example.org/{names[-n - 1]}")))
    graph.add((BNode("b1"), RDFS.label, Literal("blank")))
    graph.add((BNode("b10"), RDFS.label, Literal("blank 10")))
    assert rdfwrite.ntriples(rdfwrite.GraphIndex(graph)) == _rdflib_ntriples(graph)
