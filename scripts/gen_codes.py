"""Write the code lists of navigator/core/codes.py into the ontology files that repeat them.

    .venv/bin/python scripts/gen_codes.py          (or: make codes; make goldens runs it too)
    .venv/bin/python scripts/gen_codes.py --check  (exit 1 if a committed file is stale)

What it writes: the JSON Schema enums (ontology/pathway.schema.json), the SHACL ``sh:in``
lists (ontology/shapes.ttl) and one SKOS concept scheme per code list, with each code's
Danish label as ``skos:prefLabel``, at the end of ontology/navigator.ttl. Everything else in
those files is written by hand. tests/test_codes.py fails while a committed file differs from
what this script writes, so a new code needs codes.py and this one command.
"""

from __future__ import annotations

import argparse
import ast
import json
import re
import sys
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from navigator.core import codes  # noqa: E402

CODES_PY = REPO / "navigator" / "core" / "codes.py"
ONTOLOGY = REPO / "ontology"
CODE_IRI = "https://vejviser.dk/kode/"

# Where each list is repeated: the JSON Schema enum (by its path in the schema) ...
SCHEMA_ENUMS: dict[str, dict[str, str]] = {
    "$defs/sector": codes.SECTORS,
    "$defs/fact_status": codes.FACT_STATUSES,
    "$defs/place/properties/type": codes.PLACE_TYPES,
    "$defs/contact/properties/type": codes.CONTACT_TYPES,
    "$defs/contact/properties/entry": codes.ENTRY_POINTS,
    "$defs/concern/properties/kommune_entries/items": codes.ENTRY_POINTS,
    "$defs/coverage/properties/status": codes.COVERAGE,
    "$defs/service/properties/status": codes.SERVICE_STATUSES,
    "$defs/service/properties/cost": codes.COST,
    "$defs/service/properties/audience": codes.AUDIENCES,
    "$defs/handover/properties/method": codes.METHODS,
    "$defs/handover/properties/consent": codes.CONSENT,
    "$defs/pathway/properties/status": codes.SERVICE_STATUSES,
}
# ... and the SHACL property (nav:…) whose sh:in lists the same codes.
SHACL_LISTS: dict[str, dict[str, str]] = {
    "factStatus": codes.FACT_STATUSES,
    "serviceStatus": codes.SERVICE_STATUSES,
    "cost": codes.COST,
    "coverageStatus": codes.COVERAGE,
    "method": codes.METHODS,
    "consent": codes.CONSENT,
}

BEGIN = (
    "# ---- code lists: generated from navigator/core/codes.py by scripts/gen_codes.py; "
    "do not edit ----"
)
END = "# ---- end of the generated code lists ----"
_SH_IN = re.compile(r"(sh:path nav:(\w+)\b[^\]]*?sh:in \()([^)]*)(\))")


def code_lists() -> dict[str, tuple[dict[str, str], str]]:
    """Every code list of codes.py in the order declared, with its docstring."""
    tree = ast.parse(CODES_PY.read_text(encoding="utf-8"))
    found: dict[str, tuple[dict[str, str], str]] = {}
    body = tree.body
    for node, after in zip(body, [*body[1:], None], strict=True):
        if isinstance(node, ast.Assign) and isinstance(node.targets[0], ast.Name):
            name = node.targets[0].id
            value = getattr(codes, name, None)
            if name.isupper() and isinstance(value, dict):
                found[name] = (value, _docstring(after))
    return found


def _docstring(node: ast.stmt | None) -> str:
    if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant):
        return " ".join(str(node.value.value).split())
    return ""


def schema_text(text: str) -> str:
    """pathway.schema.json with every enum of SCHEMA_ENUMS set from codes.py."""
    schema = json.loads(text)
    for path, mapping in SCHEMA_ENUMS.items():
        node: Any = schema
        for key in path.split("/"):
            node = node[key]
        node["enum"] = list(mapping)
    return json.dumps(schema, indent=2, ensure_ascii=False) + "\n"


def shapes_text(text: str) -> str:
    """shapes.ttl with every sh:in of SHACL_LISTS set from codes.py."""

    def replace(match: re.Match[str]) -> str:
        mapping = SHACL_LISTS.get(match.group(2))
        if mapping is None:
            raise SystemExit(f"shapes.ttl: sh:in on nav:{match.group(2)} has no code list")
        listed = " ".join(json.dumps(code) for code in mapping)
        return f"{match.group(1)} {listed} {match.group(4)}"

    return _SH_IN.sub(replace, text)


def vocabulary_text(text: str) -> str:
    """navigator.ttl with its generated part (one SKOS scheme per code list) rewritten."""
    head = text.split(BEGIN, 1)[0].rstrip("\n")
    return "\n".join([head, "", BEGIN, "", *_schemes(), END]) + "\n"


def _schemes() -> list[str]:
    lines = []
    for name, (mapping, doc) in code_lists().items():
        scheme = CODE_IRI + name.lower().replace("_", "-")
        lines += [
            f"<{scheme}> a skos:ConceptScheme ;",
            f"    rdfs:label {json.dumps(name.lower().replace('_', ' '))}@en ;",
            f"    rdfs:comment {json.dumps(doc, ensure_ascii=False)}@en .",
            "",
        ]
        for code, label in mapping.items():
            lines += [
                f"<{scheme}/{code}> a skos:Concept ;",
                f"    skos:inScheme <{scheme}> ;",
                f"    skos:notation {json.dumps(code)} ;",
                f"    skos:prefLabel {json.dumps(label, ensure_ascii=False)}@da .",
                "",
            ]
    return lines


GENERATED = {
    ONTOLOGY / "pathway.schema.json": schema_text,
    ONTOLOGY / "shapes.ttl": shapes_text,
    ONTOLOGY / "navigator.ttl": vocabulary_text,
}


def generated() -> dict[Path, str]:
    """Each generated file and the text it should hold."""
    return {path: make(path.read_text(encoding="utf-8")) for path, make in GENERATED.items()}


def main() -> None:
    """Write the files, or with --check only report the stale ones."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only report stale files")
    args = parser.parse_args()
    stale = [p for p, text in generated().items() if p.read_text(encoding="utf-8") != text]
    for path in stale:
        if args.check:
            print(f"{path.relative_to(REPO)} is stale: run make codes")
        else:
            path.write_text(generated()[path], encoding="utf-8")
            print(f"wrote {path.relative_to(REPO)}")
    if args.check and stale:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
