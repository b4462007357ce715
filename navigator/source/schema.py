"""Structural checks of loaded files against the published JSON Schema, as file:line problems."""

from __future__ import annotations

import difflib
import json
from collections.abc import Callable, Iterator
from functools import cache
from typing import TYPE_CHECKING, Any, cast

import fastjsonschema

if TYPE_CHECKING:
    from jsonschema import Draft202012Validator
    from jsonschema.exceptions import ValidationError

from ..core import paths
from ..core.problems import Problem, error
from .load import Document, LList, LMap, locate


@cache
def validator() -> Draft202012Validator:
    """The validator for ontology/pathway.schema.json, built once."""
    # imported here: only a file that fails the compiled check needs jsonschema
    from jsonschema import Draft202012Validator

    schema = json.loads(paths.SCHEMA.read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(inline_refs(schema))


_ANNOTATIONS = {"description", "title", "$comment", "examples", "default"}


def inline_refs(schema: dict[str, Any]) -> dict[str, Any]:
    """The schema with each plain `{"$ref": "#/$defs/name"}` replaced by that definition.

    jsonschema resolves a $ref on every visit (a third of the national check's time); an
    inlined definition validates the same and reports the same errors (a $ref's errors are
    its target's). A $ref beside other keywords, or back into a definition it is inside,
    stays a $ref.
    """
    defs = schema.get("$defs", {})

    def walk(node: Any, inside: tuple[str, ...]) -> Any:
        if isinstance(node, dict):
            ref = node.get("$ref")
            if (
                isinstance(ref, str)
                and ref.startswith("#/$defs/")
                and set(node) - {"$ref"} <= (_ANNOTATIONS)
            ):
                name = ref.removeprefix("#/$defs/")
                if name in defs and name not in inside:
                    return walk(defs[name], (*inside, name))
            return {key: walk(value, inside) for key, value in node.items()}
        if isinstance(node, list):
            return [walk(value, inside) for value in node]
        return node

    result: dict[str, Any] = walk(schema, ())
    return result


FAST_KEYWORDS = frozenset(
    {
        "$schema",
        "$id",
        "$defs",
        "$ref",
        "type",
        "properties",
        "additionalProperties",
        "required",
        "items",
        "enum",
        "pattern",
        "minItems",
        "maxItems",
        "minLength",
        "maxLength",
        "minimum",
        "maximum",
        "oneOf",
        "anyOf",
        "allOf",
        "not",
        "propertyNames",
        "if",
        "then",
        "else",
    }
    | _ANNOTATIONS
)
"""Keywords that mean the same in draft 7, which fastjsonschema compiles, as in draft 2020-12."""


_NAMED = {"properties", "$defs", "patternProperties"}


def subschemas(node: Any, named: bool = False) -> Iterator[dict[str, Any]]:
    """Every schema object in a schema, itself included (a property's or definition's name
    is not one: the mapping under "properties" holds schemas, it is not one)."""
    if isinstance(node, dict):
        if not named:
            yield node
        for key, value in node.items():
            yield from subschemas(value, named=not named and key in _NAMED)
    elif isinstance(node, list):
        for value in node:
            yield from subschemas(value)


def schema_keywords(node: Any) -> set[str]:
    """Every keyword the schema uses."""
    return {key for schema in subschemas(node) for key in schema}


def reads_alike_in_draft_7(schema: dict[str, Any]) -> bool:
    """Whether draft 7 reads the schema as draft 2020-12 does: only keywords that mean the
    same in both; no array "items"; no "$ref" beside a rule (draft 7 ignores what stands
    beside a "$ref", so a file breaking that rule would pass)."""
    parts = list(subschemas(schema))
    return (
        schema_keywords(schema) <= FAST_KEYWORDS
        and not any(isinstance(part.get("items"), list) for part in parts)
        and not any("$ref" in part and set(part) - {"$ref"} - _ANNOTATIONS for part in parts)
    )


def compile_fast(schema: dict[str, Any]) -> Callable[[Any], Any] | None:
    """The schema compiled to Python by fastjsonschema, or None when draft 7 would read it
    otherwise or fastjsonschema cannot compile it (then jsonschema checks every file)."""
    if not reads_alike_in_draft_7(schema):
        return None
    draft7 = {**schema, "$schema": "http://json-schema.org/draft-07/schema#"}
    try:
        # no format assertions (jsonschema makes none unless asked), and never write a
        # "default" into the document (fastjsonschema would); which rule failed is
        # jsonschema's to say
        compiled = fastjsonschema.compile(
            draft7, use_default=False, use_formats=False, detailed_exceptions=False
        )
    except Exception:  # noqa: BLE001 - any schema it cannot compile is checked the slow way
        return None
    return cast(Callable[[Any], Any], compiled)


@cache
def fast_validator() -> Callable[[Any], Any] | None:
    """ontology/pathway.schema.json compiled by fastjsonschema, built once (or None)."""
    return compile_fast(json.loads(paths.SCHEMA.read_text(encoding="utf-8")))


def _fast_passes(data: Any) -> bool | None:
    """The compiled schema's verdict on a document, or None when there is no compiled schema."""
    fast = fast_validator()
    if fast is None:
        return None
    try:
        fast(data)
    except fastjsonschema.JsonSchemaException:
        return False
    return True


def passes(data: Any) -> bool:
    """Whether a document is valid, by the compiled schema (ten times faster than jsonschema's
    walk, which is kept for documents that fail, to report every problem at its line)."""
    verdict = _fast_passes(data)
    if verdict is None:
        return not any(True for _ in validator().iter_errors(data))
    return verdict


def check_document(doc: Document) -> list[Problem]:
    """All schema problems of one loaded document."""
    # without a compiled schema, jsonschema's one walk both decides and reports
    if doc.data is None or _fast_passes(doc.data):
        return []
    return [p for err in validator().iter_errors(doc.data) for p in _problems(err, doc.data)]


def _problems(err: ValidationError, root: LMap) -> Iterator[Problem]:
    if err.validator == "additionalProperties" and isinstance(err.instance, LMap):
        # the offending mapping itself is the instance; report each unknown key at its line
        yield from _unknown_fields(err, root)
        return
    if err.validator in ("anyOf", "oneOf") and err.context:
        best = min(err.context, key=lambda e: len(list(e.absolute_path)))
        yield from _problems(best, root)
        return
    yield error(locate(root, list(err.absolute_path)), _message(err))


def _unknown_fields(err: ValidationError, root: LMap) -> Iterator[Problem]:
    mapping: LMap = cast(LMap, err.instance)
    schema = cast(dict[str, Any], err.schema)
    allowed = sorted(schema.get("properties", {}))
    for key in mapping:
        if key in allowed:
            continue
        hint = difflib.get_close_matches(key, allowed, n=1, cutoff=0.6)
        suggestion = (
            f"; did you mean '{hint[0]}'?" if hint else f"; expected one of: {', '.join(allowed)}"
        )
        yield error(mapping.key_pos.get(key, mapping.pos), f"unknown field '{key}'{suggestion}")


def _message(err: ValidationError) -> str:
    where = _field_name(err)
    value = err.instance
    rule: Any = err.validator_value
    match err.validator:
        case "required":
            return f"{where}missing required field {err.message.split(' ')[0]}"
        case "type":
            names: list[str] = rule if isinstance(rule, list) else [rule]
            wanted = " or ".join(_TYPE_NAMES.get(n, n) for n in names)
            return f"{where}expected {wanted} but received {_describe(value)}"
        case "enum":
            options = [str(o) for o in rule]
            hint = difflib.get_close_matches(str(value), options, n=1, cutoff=0.6)
            tail = f"; did you mean '{hint[0]}'?" if hint else ""
            return f"{where}'{value}' is not one of: {', '.join(options)}{tail}"
        case "pattern":
            return f"{where}{_describe(value)} is not a valid {_PATTERN_NAMES.get(rule, 'value')}"
        case "minLength":
            return f"{where}must not be empty"
        case "maxLength":
            return f"{where}is longer than {rule} characters"
        case "minItems" if _field_name(err) == "'sources': ":
            return _empty_sources(err)
        case "minItems":
            return f"{where}needs at least {rule} item(s)"
        case "minimum" | "maximum":
            return f"{where}{value} is out of range ({err.validator} {rule})"
    return f"{where}{err.message}"


def _empty_sources(err: ValidationError) -> str:
    """'sources: []' means nothing; say what leaving the field out would do instead."""
    path = list(err.absolute_path)
    owner = path[-3] if len(path) >= 3 else None
    if owner in ("steps", "handovers"):
        return "'sources' is empty; remove it to use the pathway's sources, or name a source"
    if owner in ("contacts", "coverage"):
        return "'sources' is empty; remove it or name a source"
    return "'sources' is empty; name the sources the facts come from: 'sources: [source-id, …]'"


def _field_name(err: ValidationError) -> str:
    path = [p for p in err.absolute_path if isinstance(p, str)]
    return f"'{path[-1]}': " if path else ""


_TYPE_NAMES = {
    "string": "text",
    "integer": "a whole number",
    "boolean": "true or false",
    "array": "a list",
    "object": "a mapping",
    "null": "nothing (null)",
}
_PATTERN_NAMES = {
    "^[a-z0-9]+(-[a-z0-9]+)*(?!\\n)$": "id (use a-z, 0-9 and single hyphens; æ→ae, ø→oe, å→aa)",
    "^[0-9]{4}-[0-9]{2}-[0-9]{2}$": "date (use YYYY-MM-DD)",
    "^https?://": "URL (must start with http:// or https://)",
    "^([a-z0-9]+(-[a-z0-9]+)*:)?[a-z0-9]+(-[a-z0-9]+)*(?!\\n)$": (
        "step reference (a step id, or pathway-id:step-id)"
    ),
}


def _describe(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "nothing"
    if isinstance(value, (LMap, dict)):
        return "a mapping"
    if isinstance(value, (LList, list)):
        return "a list"
    if isinstance(value, str):
        # a 100 KB line is shown by its start: a problem stays one readable line
        return f"'{value[:80]}…'" if len(value) > 80 else f"'{value}'"
    return str(value)
