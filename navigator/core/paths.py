"""Where the ontology, web assets and shipped pathways live (repo checkout or installed wheel)."""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent.parent  # navigator/ (this is navigator/core/)
_REPO = _PACKAGE.parent


def _first(*candidates: Path) -> Path:
    for candidate in candidates:
        if candidate.exists():
            return candidate
    return candidates[0]


ONTOLOGY = _first(_REPO / "ontology", _PACKAGE / "_ontology")
WEB = _first(_REPO / "web", _PACKAGE / "_web")
PATHWAYS = _REPO / "pathways"
SCHEMA = ONTOLOGY / "pathway.schema.json"
VOCABULARY = ONTOLOGY / "navigator.ttl"
SHAPES = ONTOLOGY / "shapes.ttl"
TEMPLATES = WEB / "templates"
STATIC = WEB / "static"
NODE_MODULES = WEB / "node_modules"
