"""navigator.source.schema: the published JSON Schema, and its problems at the right line."""

from __future__ import annotations

import copy as copy_module
import dataclasses
import json
import random
from typing import Any

import fastjsonschema
import pytest
from helpers import INVALID, VALID
from jsonschema import Draft202012Validator

from navigator.core import paths
from navigator.source import model
from navigator.source.catalogue import SECTIONS
from navigator.source.load import load_bytes, load_tree
from navigator.source.schema import (
    check_document,
    compile_fast,
    fast_validator,
    passes,
    schema_keywords,
    validator,
)


def problems(text: str) -> list[str]:
    return [str(p) for p in check_document(load_bytes(text.encode(), "f.yaml"))]


def test_schema_is_valid_json_schema() -> None:
    validator()  # raises SchemaError if not


def test_valid_fixtures_conform() -> None:
    assert [p for doc in load_tree(VALID, VALID) for p in check_document(doc)] == []


def test_unknown_top_level_field() -> None:
    assert problems("service: []\n") == [
        "f.yaml:1:1: error: unknown field 'service'; did you mean 'services'?"
    ]


def test_unknown_field_without_close_match_lists_the_fields() -> None:
    [message] = problems(
        "review: {last_reviewed: 2025-01-01, next_review: 2025-02-01, owner: x, colour: red}\n"
    )
    assert message.endswith(
        "unknown field 'colour'; expected one of: last_reviewed, next_review, owner"
    )


def test_missing_required_field() -> None:
    assert problems("roles:\n  - id: a\n    sector: kommune\n") == [
        "f.yaml:2:5: error: 'roles': missing required field 'name'"
    ]


def test_enum_with_suggestion() -> None:
    assert problems("roles:\n  - id: a\n    name: A\n    sector: komune\n") == [
        "f.yaml:4:13: error: 'sector': 'komune' is not one of: familie, kommune, "
        "almen-praksis, region, civilsamfund, stat; did you mean 'kommune'?"
    ]


@pytest.mark.parametrize(
    ("value", "kind"),
    [
        ("Køge", "id (use a-z, 0-9 and single hyphens; æ→ae, ø→oe, å→aa)"),
        ("a--b", "id (use a-z, 0-9 and single hyphens; æ→ae, ø→oe, å→aa)"),
    ],
)
def test_bad_ids(value: str, kind: str) -> None:
    assert problems(f"concerns:\n  - id: {value}\n    label: A\n") == [
        f"f.yaml:2:9: error: 'id': '{value}' is not a valid {kind}"
    ]


def test_bad_date_format() -> None:
    assert problems("sources:\n  - id: a\n    title: A\n    date: 1. marts 2024\n") == [
        "f.yaml:4:11: error: 'date': '1. marts 2024' is not a valid date (use YYYY-MM-DD)"
    ]


def test_url_must_start_with_http() -> None:
    assert problems("sources:\n  - id: a\n    title: A\n    url: www.example.org\n") == [
        "f.yaml:4:10: error: 'url': 'www.example.org' is not a valid URL "
        "(must start with http:// or https://)"
    ]


def test_age_out_of_range_and_empty_text() -> None:
    assert problems("services:\n  - id: a\n    name: ''\n    maximum_age: 99\n") == [
        "f.yaml:3:11: error: 'name': must not be empty",
        "f.yaml:4:18: error: 'maximum_age': 99 is out of range (maximum 30)",
    ]


def test_a_pathway_needs_steps() -> None:
    assert problems("pathways:\n  - id: p\n    name: P\n    steps: []\n") == [
        "f.yaml:4:12: error: 'steps': needs at least 1 item(s)"
    ]


def test_nullable_boolean() -> None:
    assert problems("services:\n  - id: a\n    name: A\n    self_referral: null\n") == []
    assert problems("services:\n  - id: a\n    name: A\n    self_referral: ja\n") == [
        "f.yaml:4:20: error: 'self_referral': expected true or false or nothing (null) "
        "but received 'ja'"
    ]


# Field names in the schema that the model stores under another name.
_RENAMED = {
    "from": "source",
    "to": "target",
    "sources": "facts",
    "fact_status": "facts",
    "review": "facts",
    "status": "lifecycle",
    "status_as_of": "lifecycle",
    "status_sources": "lifecycle",
    "ended": "lifecycle",
    "valid_from": "span",
    "valid_until": "span",
    "valid_sources": "span",
    "until_further_notice": "span",
}
_DEFS = {
    "source": model.Source,
    "place": model.Place,
    "organisation": model.Organisation,
    "service": model.Service,
    "role": model.Role,
    "concern": model.Concern,
    "risk_group": model.RiskGroup,
    "term": model.Term,
    "pathway": model.Pathway,
    "step": model.Step,
    "handover": model.Handover,
    "contact": model.Contact,
    "coverage": model.Coverage,
}


@pytest.mark.parametrize("name", sorted(_DEFS))
def test_every_schema_field_reaches_the_model(name: str) -> None:
    """A field the schema allows but the model drops would be silently lost."""
    schema_fields = set(validator().schema["$defs"][name]["properties"])
    model_fields = {f.name for f in dataclasses.fields(_DEFS[name])}
    if "facts" not in model_fields:  # contacts, coverage: flat sources and fact_status
        model_fields |= {"sources", "fact_status"}
    lost = {
        f for f in schema_fields if _RENAMED.get(f, f) not in model_fields and f not in model_fields
    }
    assert lost == set()


def test_top_level_lists_are_the_catalogue_sections() -> None:
    assert set(validator().schema["properties"]) == {*SECTIONS, "review", "danger"}


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "pathways:\n  - id: p\n    name: P\n    steps:\n      - id: s\n        name: S\n"
            "        sources: []\n",
            "f.yaml:7:18: error: 'sources' is empty; remove it to use the pathway's sources, "
            "or name a source",
        ),
        (
            "pathways:\n  - id: p\n    name: P\n    steps:\n      - id: s\n        name: S\n"
            "    handovers:\n      - {from: s, to: s, method: henvisning, sources: []}\n",
            "f.yaml:8:55: error: 'sources' is empty; remove it to use the pathway's sources, "
            "or name a source",
        ),
        (
            "services:\n  - id: a\n    name: A\n    contacts:\n      - {type: phone, value: '1', "
            "sources: []}\n",
            "f.yaml:5:44: error: 'sources' is empty; remove it or name a source",
        ),
        (
            "roles:\n  - id: a\n    name: A\n    sector: kommune\n    sources: []\n",
            "f.yaml:5:14: error: 'sources' is empty; name the sources the facts come from: "
            "'sources: [source-id, …]'",
        ),
    ],
)
def test_an_empty_sources_list_is_an_error(text: str, message: str) -> None:
    assert problems(text) == [message]


def test_inlined_refs_report_what_the_published_schema_reports() -> None:
    published = Draft202012Validator(json.loads(paths.SCHEMA.read_text(encoding="utf-8")))
    assert "$ref" not in json.dumps({k: v for k, v in validator().schema.items() if k != "$defs"})
    docs = [d for d in load_tree(INVALID, INVALID) if d.data is not None]
    assert len(docs) > 10

    def errors(v: Draft202012Validator, data: object) -> list[tuple[str, str, str]]:
        found = [(e.validator, e.message, e.json_path) for e in v.iter_errors(data)]
        return sorted((str(a), m, p) for a, m, p in found)

    for doc in docs:
        assert errors(validator(), doc.data) == errors(published, doc.data), doc.path


def _paths(node: object, at: tuple[object, ...] = ()) -> list[tuple[object, ...]]:
    """Every place in a document a value sits, as a path of keys and indexes."""
    found = [at]
    if isinstance(node, dict):
        for key, value in node.items():
            found += _paths(value, (*at, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            found += _paths(value, (*at, index))
    return found


def _plain(node: object) -> object:
    if isinstance(node, dict):
        return {str(k): _plain(v) for k, v in node.items()}
    if isinstance(node, list):
        return [_plain(v) for v in node]
    return node


_ODD_VALUES: list[object] = [None, 0, -1, 3.5, True, "", "x", "Ny værdi", [], [1], {}, {"a": 1}]


def _mutated(data: object, rng: random.Random) -> object:
    """The document with one place changed: removed, replaced by an odd value, or given an
    unknown field."""
    copy = copy_module.deepcopy(data)
    where = rng.choice(_paths(copy)[1:])
    parent: Any = copy
    for step in where[:-1]:
        parent = parent[step]
    last = where[-1]
    match rng.randrange(3):
        case 0:
            del parent[last]
        case 1:
            parent[last] = copy_module.deepcopy(rng.choice(_ODD_VALUES))
        case _:
            target = parent[last]
            if isinstance(target, dict):
                target["colour"] = "red"
            else:
                parent[last] = {"colour": target}
    return copy


def test_the_fast_check_agrees_with_jsonschema_on_broken_documents() -> None:
    """A document the compiled schema lets through is one jsonschema finds nothing in, and
    one it stops has at least one problem to report: checked on every shipped and fixture
    file, and on 1,500 of them broken in one place (removed, retyped, an unknown field)."""
    assert fast_validator() is not None, "the schema uses a keyword draft 7 reads otherwise"
    docs = [
        _plain(doc.data)
        for root in (paths.PATHWAYS, VALID, INVALID)
        for doc in load_tree(root, root)
        if doc.data is not None
    ]
    rng = random.Random(19)
    cases = docs + [_mutated(rng.choice(docs), rng) for _ in range(1500)]
    disagree = [
        case for case in cases if passes(case) == any(True for _ in validator().iter_errors(case))
    ]
    assert disagree == []
    assert sum(not passes(case) for case in cases) > 1000, "the mutations must break documents"


def test_the_fast_check_writes_nothing_into_a_document() -> None:
    """fastjsonschema fills in a schema's defaults unless told not to: a checked document
    must come back as it was, on the shipped files and on a schema that has a default."""
    docs = [doc.data for doc in load_tree(paths.PATHWAYS, paths.PATHWAYS) if doc.data is not None]
    before = [_plain(d) for d in docs]
    assert all(passes(d) for d in docs)
    assert [_plain(d) for d in docs] == before
    with_default = compile_fast(
        {"type": "object", "properties": {"colour": {"type": "string", "default": "red"}}}
    )
    assert with_default is not None
    document: dict[str, object] = {}
    with_default(document)
    assert document == {}


@pytest.mark.parametrize(
    "schema",
    [
        # draft 7 ignores a rule beside "$ref": an empty list would pass
        {
            "$defs": {"ids": {"type": "array"}},
            "properties": {"ids": {"$ref": "#/$defs/ids", "minItems": 1}},
        },
        {"type": "array", "prefixItems": [{"type": "string"}]},
        {"type": "object", "unevaluatedProperties": False},
        {"type": "array", "items": [{"type": "string"}]},
        {"const": 1},  # fastjsonschema cannot compile it without detailed exceptions
        {"type": "string", "pattern": "[a$]"},  # it rewrites '$' into what re cannot read
    ],
    ids=[
        "ref-beside-a-rule",
        "prefixItems",
        "unevaluatedProperties",
        "items-array",
        "const",
        "$-in-class",
    ],
)
def test_a_schema_draft_7_reads_otherwise_turns_the_fast_check_off(schema: dict[str, Any]) -> None:
    """Were the schema to use one of these, the compiled check would let documents through
    that jsonschema stops, or fail to compile: then jsonschema checks every file."""
    assert compile_fast(schema) is None


def test_a_ref_beside_a_description_still_compiles() -> None:
    """The shipped schema describes its references; a description is no rule."""
    schema = {
        "$defs": {"ids": {"type": "array", "minItems": 1}},
        "properties": {"ids": {"$ref": "#/$defs/ids", "description": "Ids."}},
    }
    fast = compile_fast(schema)
    assert fast is not None
    fast({"ids": ["a"]})
    with pytest.raises(fastjsonschema.JsonSchemaException):
        fast({"ids": []})
    assert schema_keywords({"properties": {"prefixItems": {"type": "string"}}}) == {
        "properties",
        "type",
    }
