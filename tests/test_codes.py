"""navigator.codes: every code list is declared once, and the data files list the same codes."""

from __future__ import annotations

import json
import re
import typing
from collections.abc import Iterator
from typing import Any

import pytest
from helpers import REPO
from rdflib import Graph, Namespace
from rdflib.collection import Collection

from navigator import codes, model
from navigator.sparql import EXAMPLES

SH = Namespace("http://www.w3.org/ns/shacl#")
NAV = "https://vejviser.dk/ns#"

ALL_LISTS = {
    name: value for name, value in vars(codes).items() if name.isupper() and isinstance(value, dict)
}

# Where each list is repeated in a data file: the JSON Schema enum (by its path in the
# schema) and the SHACL property path whose sh:in must list the same codes.
SCHEMA_ENUMS = {
    "$defs/sector": codes.SECTORS,
    "$defs/fact_status": codes.FACT_STATUSES,
    "$defs/place/properties/type": codes.PLACE_TYPES,
    "$defs/contact/properties/type": codes.CONTACT_TYPES,
    "$defs/coverage/properties/status": codes.COVERAGE,
    "$defs/service/properties/status": codes.SERVICE_STATUSES,
    "$defs/service/properties/cost": codes.COST,
    "$defs/service/properties/audience": codes.AUDIENCES,
    "$defs/handover/properties/method": codes.METHODS,
    "$defs/handover/properties/consent": codes.CONSENT,
    "$defs/pathway/properties/status": codes.SERVICE_STATUSES,
}
# Enums inside an if/then only pick some codes of a list (contacts that are web pages).
SCHEMA_SUBSETS = {"$defs/contact/if/properties/type": codes.CONTACT_TYPES}
SHACL_LISTS = {
    "factStatus": codes.FACT_STATUSES,
    "serviceStatus": codes.SERVICE_STATUSES,
    "cost": codes.COST,
    "coverageStatus": codes.COVERAGE,
    "method": codes.METHODS,
    "consent": codes.CONSENT,
}


def enums(node: Any, path: tuple[str, ...] = ()) -> Iterator[tuple[str, list[str]]]:
    """Every enum in the schema with its path, e.g. ('$defs/sector', [...])."""
    if isinstance(node, dict):
        if "enum" in node:
            yield "/".join(path), node["enum"]
        for key, value in node.items():
            yield from enums(value, (*path, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from enums(value, (*path, str(index)))


def schema_enums() -> dict[str, list[str]]:
    """The enums of ontology/pathway.schema.json by path."""
    schema = json.loads((REPO / "ontology" / "pathway.schema.json").read_text(encoding="utf-8"))
    return dict(enums(schema))


def shacl_lists() -> list[tuple[str, list[str]]]:
    """(property name, codes) for every sh:in in ontology/shapes.ttl."""
    graph = Graph().parse(REPO / "ontology" / "shapes.ttl", format="turtle")
    found = []
    for shape, head in graph.subject_objects(SH["in"]):
        path = str(graph.value(shape, SH.path)).removeprefix(NAV)
        found.append((path, [str(item) for item in Collection(graph, head)]))
    return found


def test_every_code_list_has_a_plain_label_for_every_code() -> None:
    assert len(ALL_LISTS) >= 12
    for name, mapping in ALL_LISTS.items():
        labels = list(mapping.values())
        assert all(isinstance(v, str) and v.strip() == v and v for v in labels), name
        assert len(set(labels)) == len(labels), f"{name}: two codes share a label"


def test_every_schema_enum_lists_the_codes_of_codes_py_in_order() -> None:
    found = schema_enums()
    assert set(found) == set(SCHEMA_ENUMS) | set(SCHEMA_SUBSETS), "an enum without a code list"
    for path, mapping in SCHEMA_ENUMS.items():
        assert found[path] == list(mapping), path
    for path, mapping in SCHEMA_SUBSETS.items():
        assert set(found[path]) <= set(mapping), path


def test_every_shacl_in_list_equals_the_codes_of_codes_py() -> None:
    found = shacl_lists()
    assert sorted(path for path, _ in found) == sorted(SHACL_LISTS)
    for path, values in found:
        assert values == list(SHACL_LISTS[path]), path


@pytest.mark.parametrize(
    ("hint", "mapping"),
    [
        (typing.get_type_hints(model.Facts)["fact_status"], codes.FACT_STATUSES),
        (typing.get_type_hints(model.Lifecycle)["status"], codes.SERVICE_STATUSES),
        (typing.get_type_hints(model.Coverage)["status"], codes.COVERAGE),
        (typing.get_type_hints(model.Place)["type"], codes.PLACE_TYPES),
    ],
)
def test_model_types_allow_exactly_the_codes(hint: Any, mapping: dict[str, str]) -> None:
    # an optional field is Literal[...] | None: compare the Literal part
    parts = (hint,) if typing.get_origin(hint) is typing.Literal else typing.get_args(hint)
    literal = next(p for p in parts if typing.get_origin(p) is typing.Literal)
    assert list(typing.get_args(literal)) == list(mapping)


def test_sparql_example_labels_each_status_as_find_does() -> None:
    example = next(q for title, q in EXAMPLES.items() if "Gentofte" in title)
    block = example[example.index("VALUES (?status ?daekning)") :]
    rows = dict(re.findall(r'\("([^"]+)" "([^"]+)"\)', block[: block.index("}")]))
    # /find leaves out services that are not offered in the kommune; so does the example
    assert rows == {
        code: label for code, label in codes.AVAILABILITY.items() if code != "not-offered"
    }
