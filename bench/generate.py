"""Generate a synthetic corpus: N renamed copies of a pathway folder, references kept valid.

Every id, and every field that refers to an id (read from the JSON Schema), gets the suffix
'-k' in copy k, so copy k is a self-contained catalogue of its own and the whole corpus is
N times the size of the original.

    .venv/bin/python bench/generate.py [SOURCE] [OUT] [--copies 20]
"""

from __future__ import annotations

import argparse
import json
import shutil
from pathlib import Path
from typing import Any

import yaml

from navigator.core import paths


def reference_defs(defs: dict[str, Any]) -> set[str]:
    """Definitions that hold ids: 'id', 'step_ref' and any non-object definition built on them."""
    found = {"id", "step_ref"}
    grew = True
    while grew:  # 'sources' is built on 'ids', which is built on 'id': follow the chain
        grew = False
        for name, spec in defs.items():
            if name in found or spec.get("type") == "object":
                continue
            text = json.dumps(spec)
            if any(f'"#/$defs/{ref}"' in text for ref in found):
                found.add(name)
                grew = True
    return found


def reference_keys() -> set[str]:
    """Fields whose values are ids or step references, according to the schema."""
    schema = json.loads(paths.SCHEMA.read_text(encoding="utf-8"))
    refs = reference_defs(schema["$defs"])
    keys = set()
    for definition in schema["$defs"].values():
        for key, spec in definition.get("properties", {}).items():
            text = json.dumps(spec)
            if any(f'"#/$defs/{ref}"' in text for ref in refs):
                keys.add(key)
    return keys


def _rename(value: Any, suffix: str) -> Any:
    if isinstance(value, list):
        return [_rename(v, suffix) for v in value]
    if isinstance(value, str):  # 'pathway:step' renames both parts
        return ":".join(f"{part}{suffix}" for part in value.split(":"))
    return value


def _rename_reference(value: Any, suffix: str, keys: set[str]) -> Any:
    """An id, or a list of ids and entities (a kommune's part_of mixes a region's id with a
    membership that has a date): ids are suffixed, entities renamed inside."""
    if isinstance(value, list):
        return [_rename_reference(v, suffix, keys) for v in value]
    if isinstance(value, dict):
        return rename(value, suffix, keys)
    return _rename(value, suffix)


def rename(data: Any, suffix: str, keys: set[str]) -> Any:
    """A copy of the data with every id and id reference suffixed."""
    if isinstance(data, dict):
        return {
            k: _rename_reference(v, suffix, keys) if k in keys else rename(v, suffix, keys)
            for k, v in data.items()
        }
    if isinstance(data, list):
        return [rename(v, suffix, keys) for v in data]
    return data


def generate(source: Path, out: Path, copies: int = 20) -> list[Path]:
    """Write copies renamed copies of every *.yaml under source into out/copy-k/."""
    keys = reference_keys()
    if out.exists():
        shutil.rmtree(out)
    written = []
    for path in sorted(source.rglob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for k in range(1, copies + 1):
            if k > 1 and isinstance(data, dict) and "danger" in data:
                # one danger language for the whole catalogue: the first copy's
                data = {key: value for key, value in data.items() if key != "danger"}
            target = out / f"copy-{k:02d}" / path.relative_to(source)
            target.parent.mkdir(parents=True, exist_ok=True)
            text = yaml.safe_dump(
                rename(data, f"-{k}", keys), allow_unicode=True, sort_keys=False, width=100
            )
            target.write_text(text, encoding="utf-8")
            written.append(target)
    return written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source", nargs="?", type=Path, default=paths.PATHWAYS)
    parser.add_argument("out", nargs="?", type=Path, default=Path("bench/out/corpus"))
    parser.add_argument("--copies", type=int, default=20)
    args = parser.parse_args()
    files = generate(args.source, args.out, args.copies)
    print(f"wrote {len(files)} files to {args.out}")


if __name__ == "__main__":
    main()
