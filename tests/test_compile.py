"""navigator.graph.compile and navigator.graph.network: one catalogue, two graphs with the same
shape."""

from __future__ import annotations

from functools import cache

import networkx as nx
import pytest
from helpers import REPO, TODAY_DATE, VALID
from rdflib import RDF, BNode, Literal, URIRef
from rdflib import namespace as ns
from rdflib.namespace import DCTERMS, SKOS

from navigator.build import Site, build_site
from navigator.graph.network import build_network, network_size
from navigator.graph.vocab import ID, NAV, iri, local_id


@cache
def site() -> Site:
    return build_site(VALID, TODAY_DATE)


def local_name(predicate: URIRef) -> str:
    return str(predicate).rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def rdf_nodes() -> set[str]:
    return {local_id(s) for s in site().graph.subjects(RDF.type, None) if isinstance(s, URIRef)}


def rdf_edges() -> set[tuple[str, str, str]]:
    nodes = {s for s in site().graph.subjects(RDF.type, None)}
    return {
        (local_id(s), local_name(p), local_id(o))
        for s, p, o in site().graph
        if o in nodes and p != RDF.type
    }


def test_the_fixtures_build_without_problems() -> None:
    assert site().problems == ()


@cache
def network() -> nx.MultiDiGraph:
    return build_network(site().catalogue)


def test_rdf_and_networkx_hold_the_same_nodes() -> None:
    assert rdf_nodes() == set(network().nodes)


def test_rdf_and_networkx_hold_the_same_edges() -> None:
    assert rdf_edges() == {(u, key, v) for u, v, key in network().edges(keys=True)}


def test_the_site_counts_the_network_it_does_not_keep() -> None:
    counted = (network().number_of_nodes(), network().number_of_edges())
    assert site().network_size == counted == network_size(site().catalogue)
    assert counted[1] > counted[0] > 50, "the fixtures make a real network"


def test_every_node_is_an_entity_iri() -> None:
    assert all(str(s).startswith(ID) for s in site().graph.subjects(RDF.type, None))


def test_no_blank_nodes_so_output_is_stable() -> None:
    assert not any(isinstance(term, BNode) for triple in site().graph for term in triple)


def test_every_node_maps_back_to_its_file_and_line(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(REPO)
    built = build_site(VALID.relative_to(REPO), TODAY_DATE)
    typed = {s for s in built.graph.subjects(RDF.type, None)}
    assert typed == set(built.source_map)
    assert (
        str(built.source_map[iri("tidlig-indsats:samtale")])
        == "tests/fixtures/valid/tidlig-indsats.yaml:23:9"
    )
    assert (
        str(built.source_map[iri("udredning#overgang-2")])
        == "tests/fixtures/valid/udredning.yaml:39:9"
    )


def test_steps_and_handovers() -> None:
    g = site().graph
    step = iri("tidlig-indsats:samtale")
    assert (iri("tidlig-indsats"), NAV.startStep, iri("tidlig-indsats:bekymring")) in g
    assert (step, NAV.inPathway, iri("tidlig-indsats")) in g
    assert (step, NAV.order, Literal(2, datatype=ns.XSD.integer)) in g
    assert set(g.objects(step, NAV.next)) == {
        iri("tidlig-indsats:forloeb"),
        iri("tidlig-indsats:til-laege"),
    }
    # a step without 'next' leads to the one written after it; 'next: []' ends the pathway
    assert list(g.objects(iri("tidlig-indsats:bekymring"), NAV.next)) == [step]
    assert list(g.objects(iri("tidlig-indsats:forloeb"), NAV.next)) == []
    across = iri("tidlig-indsats#overgang-2")
    assert (across, NAV.fromStep, iri("tidlig-indsats:til-laege")) in g
    assert (across, NAV.toStep, iri("udredning:henvisning")) in g
    assert (across, NAV.method, Literal("henvisning")) in g
    assert (iri("tidlig-indsats:til-laege"), NAV.handsOverTo, iri("udredning:henvisning")) in g


def test_handovers_and_steps_inherit_the_pathways_sources() -> None:
    g = site().graph
    assert set(g.objects(iri("udredning:visitation"), DCTERMS.source)) == {iri("testkilde-aftale")}
    assert set(g.objects(iri("tidlig-indsats#raad-fra-skolen"), DCTERMS.source)) == {
        iri("testkilde-kommune"),
        iri("testkilde-aftale"),
    }


def test_concerns_are_a_skos_scheme_with_danish_labels() -> None:
    g = site().graph
    angst = iri("angst")
    assert (angst, RDF.type, SKOS.Concept) in g
    assert (angst, SKOS.broader, iri("mistrivsel")) in g
    assert (angst, SKOS.inScheme, iri("bekymringer")) in g
    assert set(g.objects(angst, SKOS.altLabel)) == {
        Literal("bange", lang="da"),
        Literal("ondt i maven", lang="da"),
    }


def test_services_use_typed_literals() -> None:
    g = site().graph
    service = iri("tidlig-hjaelp")
    assert (service, NAV.minimumAge, Literal(6, datatype=ns.XSD.integer)) in g
    assert (service, NAV.selfReferral, Literal(True, datatype=ns.XSD.boolean)) in g
    assert (
        service,
        ns.SDO.url,
        Literal("https://example.org/tidlig-hjaelp", datatype=ns.XSD.anyURI),
    ) in g
    assert (service, ns.SDO.lastReviewed, Literal("2025-01-15", datatype=ns.XSD.date)) in g
    cover = iri("tidlig-hjaelp--daekning-2")
    assert (service, NAV.coverage, cover) in g
    assert (cover, NAV.coverageStatus, Literal("planned")) in g
    assert (cover, NAV.coveragePlace, iri("sydby")) in g


def test_network_nodes_carry_kind_and_label() -> None:
    assert network().nodes["tidlig-indsats--samtale"] == {
        "kind": "step",
        "label": "Samtale med PPR",
        "pathway": "tidlig-indsats",
    }
    assert network().nodes["nordby"]["kind"] == "kommune"
    assert network().nodes["tidlig-hjaelp--daekning-1"]["status"] == "offered"
