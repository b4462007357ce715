"""navigator.graph.shacl: the second line of defence, reported at the file and line it came from."""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

import pytest
from helpers import REPO, TODAY_DATE, VALID
from rdflib import RDF, XSD, Graph, Literal, namespace
from rdflib.namespace import SH

from navigator.build import Site, build_site
from navigator.graph.compile import compile_graph
from navigator.graph.shacl import _screen, check_graph, pyshacl_report, shapes_graph
from navigator.graph.vocab import NAV, iri


@pytest.fixture
def site(monkeypatch: pytest.MonkeyPatch) -> Site:
    monkeypatch.chdir(REPO)  # so positions read tests/fixtures/valid/…
    return build_site(VALID.relative_to(REPO), TODAY_DATE)


def test_shapes_parse_and_shape_every_kind_of_entity() -> None:
    targets = {str(c) for c in shapes_graph().objects(None, SH.targetClass)}
    assert targets == {
        "http://purl.org/dc/terms/BibliographicResource",
        "https://schema.org/Organization",
        "https://schema.org/Service",
        "https://schema.org/ContactPoint",
        *(
            f"https://vejviser.dk/ns#{name}"
            for name in (
                "Advice",
                "AdviceTopic",
                "Cluster",
                "Concern",
                "Coverage",
                "Handover",
                "Kommune",
                "Membership",
                "Pathway",
                "Region",
                "RiskGroup",
                "Role",
                "Step",
                "Term",
            )
        ),
    }


def test_valid_fixtures_conform(site: Site) -> None:
    assert check_graph(site.graph, site.source_map) == []


def test_shacl_catches_what_the_hand_checks_cannot_and_points_at_the_file(site: Site) -> None:
    # The YAML cannot give a step two services, nor a service a status outside the schema,
    # but a graph built by other means (a bug in compile, an import) can.
    graph, source_map = compile_graph(site.catalogue)
    graph.add((iri("tidlig-indsats:samtale"), NAV.atService, iri("bup-udredning")))
    graph.add((iri("testlinjen"), NAV.serviceStatus, Literal("lukket")))
    problems = [str(p) for p in check_graph(graph, source_map)]
    assert len(problems) == 2
    assert problems[0].startswith(
        "tests/fixtures/valid/services.yaml:80:5: error: SHACL: testlinjen: serviceStatus: "
    )
    assert problems[1] == (
        "tests/fixtures/valid/tidlig-indsats.yaml:23:9: error: SHACL: "
        "tidlig-indsats--samtale: atService: service must name a service"
    )


def test_shacl_warnings_stay_warnings(site: Site) -> None:
    graph, source_map = compile_graph(site.catalogue)
    graph.remove((iri("frivillig"), NAV.nextReview, None))
    assert [str(p) for p in check_graph(graph, source_map)] == [
        "tests/fixtures/valid/catalogue.yaml:52:5: warning: SHACL: frivillig: nextReview: "
        "no review block (last_reviewed, next_review, owner)"
    ]


def test_a_node_without_a_position(site: Site) -> None:
    graph, source_map = compile_graph(site.catalogue)
    graph.add((iri("ukendt-tilbud"), NAV.referredBy, iri("foraelder")))
    graph.add((iri("ukendt-tilbud"), NAV.minimumAge, Literal("seks")))
    graph.add((iri("ukendt-tilbud"), RDF.type, namespace.SDO.Service))
    problems = [p for p in check_graph(graph, source_map) if "ukendt-tilbud" in p.message]
    assert problems and all(str(p.pos) == "(compiled graph):1:1" for p in problems)


def test_build_runs_shacl_only_on_clean_input(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text(
        "roles:\n  - id: x\n    name: X\n    sector: kommune\n", encoding="utf-8"
    )
    site = build_site(tmp_path, TODAY_DATE)
    assert "shacl" not in site.timings
    assert not any("SHACL" in p.message for p in site.problems)


def test_a_step_served_in_a_place_that_is_not_a_place_is_caught(site: Site) -> None:
    graph, source_map = compile_graph(site.catalogue)
    graph.add((iri("tidlig-indsats:samtale"), namespace.SDO.areaServed, iri("testregion")))
    assert check_graph(graph, source_map) == [], "a region is a place a step may be served in"
    graph.add((iri("tidlig-indsats:samtale"), namespace.SDO.areaServed, iri("testlinjen")))
    assert [str(p) for p in check_graph(graph, source_map)] == [
        "tests/fixtures/valid/tidlig-indsats.yaml:23:9: error: SHACL: tidlig-indsats--samtale: "
        "areaServed: a step's area_served must name known places"
    ]


def _pyshacl_conforms(graph: Graph) -> bool:
    # as check_graph does, without the screen in front
    conforms, _ = pyshacl_report(graph)
    return conforms


def test_the_screen_agrees_with_pyshacl_on_broken_graphs(site: Site) -> None:
    # The screen decides alone only when it finds nothing; every mutation that pySHACL
    # reports must be seen by the screen too (it may see more: pySHACL then decides).
    screen = _screen()
    assert screen is not None, "the shipped shapes use only features the screen evaluates"
    base = list(compile_graph(site.catalogue)[0])
    subjects = sorted({s for s, _, _ in base}, key=str)
    predicates = sorted({p for _, p, _ in base}, key=str)
    objects = sorted({o for _, _, o in base}, key=str) + [
        Literal("seks"),
        Literal(dt.date(2030, 1, 1)),
        Literal(99, datatype=XSD.integer),
        Literal(-1, datatype=XSD.integer),
        Literal("lukket"),
    ]
    rng = random.Random(10)
    missed, seen = [], 0
    for case in range(120):
        graph = compile_graph(site.catalogue)[0]
        triple = base[rng.randrange(len(base))]
        if case % 2:
            graph.remove(triple)
            change = f"remove {triple}"
        else:
            triple = (triple[0], triple[1], rng.choice(objects))
            if case % 4 == 0:
                triple = (rng.choice(subjects), rng.choice(predicates), triple[2])
            graph.add(triple)
            change = f"add {triple}"
        broken = not _pyshacl_conforms(graph)
        seen += broken
        if broken and screen.conforms(graph):
            missed.append(change)
    assert missed == []
    assert seen >= 20, "the mutations must break the shapes often enough to test the screen"


def test_shacl_leaves_the_graph_as_it_was(site: Site) -> None:
    graph, source_map = compile_graph(site.catalogue)
    graph.add((iri("testlinjen"), NAV.serviceStatus, Literal("lukket")))  # pySHACL must run
    before = (set(graph), sorted(graph.namespaces()))
    assert check_graph(graph, source_map) != []
    assert (set(graph), sorted(graph.namespaces())) == before
