"""navigator.graph.vocab and ontology/: the closed namespace and the published vocabulary agree."""

from __future__ import annotations

import pytest
from rdflib import RDF, Graph, URIRef

from navigator.core import paths
from navigator.graph.vocab import NAV, NS, iri, local_id


def declared() -> set[str]:
    graph = Graph().parse(paths.VOCABULARY, format="turtle")
    return {
        str(s).removeprefix(NS) for s in graph.subjects(RDF.type, None) if str(s).startswith(NS)
    }


def nav_terms() -> set[str]:
    return set(NAV.__annotations__)


def test_every_nav_term_is_declared_in_the_ontology() -> None:
    assert nav_terms() - declared() == set()


def test_every_declared_term_is_in_nav() -> None:
    assert declared() - nav_terms() == set()


def test_shapes_use_only_declared_terms() -> None:
    shapes = Graph().parse(paths.SHAPES, format="turtle")
    used = {
        str(t).removeprefix(NS)
        for triple in shapes
        for t in triple
        if isinstance(t, URIRef) and str(t).startswith(NS)
    }
    assert used - declared() == set()


def test_a_misspelt_term_raises() -> None:
    with pytest.raises(AttributeError):
        NAV.pathWay  # noqa: B018


def test_ids_round_trip() -> None:
    assert str(iri("udredning:visitation")) == "https://vejviser.dk/id/udredning--visitation"
    assert local_id(iri("udredning#overgang-1")) == "udredning--overgang-1"
