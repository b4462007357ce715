"""navigator.core.codes: every code list is declared once, and the data files list the same codes.

The schema enums, the SHACL sh:in lists and the SKOS concepts in ontology/navigator.ttl are
written from codes.py by scripts/gen_codes.py (make codes); these tests fail while they are stale.
"""

from __future__ import annotations

import ast
import importlib.util
import json
import re
import typing
from collections.abc import Iterator
from typing import Any

import pytest
from helpers import REPO, SHIPPED_DAY
from rdflib import RDF, Graph, Literal, Namespace, URIRef
from rdflib.collection import Collection
from rdflib.namespace import SKOS

from navigator.core import codes, urls
from navigator.graph.sparql import examples
from navigator.source import model

SH = Namespace("http://www.w3.org/ns/shacl#")
NAV = "https://vejviser.dk/ns#"  # the tests' own copy: a changed namespace must show

ALL_LISTS = {
    name: value for name, value in vars(codes).items() if name.isupper() and isinstance(value, dict)
}


def _generator() -> Any:
    spec = importlib.util.spec_from_file_location("gen_codes", REPO / "scripts" / "gen_codes.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


GEN = _generator()
# Where each list is repeated in a data file is declared once, in the generator
SCHEMA_ENUMS: dict[str, dict[str, str]] = GEN.SCHEMA_ENUMS
SHACL_LISTS: dict[str, dict[str, str]] = GEN.SHACL_LISTS
# Enums inside an if/then only pick some codes of a list (contacts that are web pages).
SCHEMA_SUBSETS = {"$defs/contact/if/properties/type": codes.CONTACT_TYPES}


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
    assert list(ALL_LISTS) == [
        "SECTORS",
        "METHODS",
        "CONSENT",
        "FACT_STATUSES",
        "SERVICE_STATUSES",
        "COVERAGE",
        "AVAILABILITY",
        "COST",
        "CONTACT_TYPES",
        "ENTRY_POINTS",
        "PLACE_TYPES",
        "AUDIENCES",
        "OFFER_GROUPS",
        "SEARCH_KINDS",
    ]
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
    example = next(q for title, q in examples(SHIPPED_DAY).items() if "Gentofte" in title)
    block = example[example.index("VALUES (?status ?daekning)") :]
    rows = dict(re.findall(r'\("([^"]+)" "([^"]+)"\)', block[: block.index("}")]))
    # /find leaves out services that are not offered in the kommune; so does the example
    assert rows == {
        code: label for code, label in codes.AVAILABILITY.items() if code != "not-offered"
    }


@pytest.mark.parametrize("name", ["pathway.schema.json", "shapes.ttl", "navigator.ttl"])
def test_the_committed_ontology_file_is_what_gen_codes_writes(name: str) -> None:
    path = REPO / "ontology" / name
    assert path.read_text(encoding="utf-8") == GEN.generated()[path], (
        f"ontology/{name} is stale: run make codes and review the diff"
    )


def test_every_code_is_a_skos_concept_with_its_danish_label() -> None:
    graph = Graph().parse(REPO / "ontology" / "navigator.ttl", format="turtle")
    for name, mapping in ALL_LISTS.items():
        scheme = URIRef(GEN.CODE_IRI + name.lower().replace("_", "-"))
        assert (scheme, RDF.type, SKOS.ConceptScheme) in graph, name
        concepts = set(graph.subjects(SKOS.inScheme, scheme))
        found = {
            str(graph.value(c, SKOS.notation)): graph.value(c, SKOS.prefLabel) for c in concepts
        }
        assert found == {code: Literal(label, lang="da") for code, label in mapping.items()}


def test_no_module_declares_a_code_list_or_the_id_base_again() -> None:
    """A code list's name, and the IRI base of every entity, are declared in one module only
    (AUDIENCES was declared in query.py too, with other codes; the id base three times)."""
    names = "|".join(ALL_LISTS)
    declared = re.compile(rf"^(?:{names})\b\s*(?::[^=]*)?=", re.M)
    again = []
    for path in sorted((REPO / "navigator").rglob("*.py")):
        text = path.read_text(encoding="utf-8")
        if path.name != "codes.py" and declared.search(text):
            again.append(path.name)
        if path.name != "vocab.py" and "https://vejviser.dk/id/" in text:
            again.append(f"{path.name}: id base")
    assert not again, again


def _literals(tree: ast.AST) -> Iterator[tuple[int, set[str]]]:
    """The strings of every tuple, list or set literal and of every dict literal's keys."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Tuple | ast.List | ast.Set):
            items: list[ast.expr | None] = list(node.elts)
        elif isinstance(node, ast.Dict):
            items = list(node.keys)
        else:
            continue
        yield (
            node.lineno,
            {i.value for i in items if isinstance(i, ast.Constant) and isinstance(i.value, str)},
        )


def declared_again(source: str) -> list[str]:
    """Where a source lists every diagram format, or exactly the kinds that have a page."""
    found = []
    for line, words in _literals(ast.parse(source)):
        if set(urls.DIAGRAM_FORMATS) <= words:
            found.append(f"{line}: diagram formats")
        if words == set(urls.PAGE_KINDS):
            found.append(f"{line}: page kinds")
    return found


def test_diagram_formats_and_page_kinds_are_declared_once() -> None:
    """urls.DIAGRAM_FORMATS and urls.PAGE_KINDS: the formats were written in urls.py, the
    renderer, the CLI (twice) and the download labels; the page kinds in urls.py, the /id/
    redirects and freeze."""
    again = [
        f"{path.relative_to(REPO)}:{where}"
        for path in sorted((REPO / "navigator").rglob("*.py"))
        if path.name != "urls.py"
        for where in declared_again(path.read_text(encoding="utf-8"))
    ]
    assert not again, again


def test_the_check_sees_a_second_declaration() -> None:
    assert declared_again('FORMATS = ("dot", "svg", "png", "pdf")')
    assert declared_again('click.Choice(["dot", "svg", "png", "pdf"])')
    assert declared_again(
        'PAGES = {"service": 1, "pathway": 2, "role": 3, "kommune": 4, "cluster": 5}'
    )
    assert not declared_again('binary = fmt in ("png", "pdf")')
    assert not declared_again(
        "KINDS = ('service', 'pathway', 'role', 'concern', 'kommune', 'cluster', 'term')"
    )
