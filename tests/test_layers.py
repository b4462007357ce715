"""The package layout shows the architecture: data flows one way, with no import cycles.

Every `import` of our own modules is read from the source, also those inside functions and
under `if TYPE_CHECKING:`, so a cycle cannot hide behind a late import.
"""

from __future__ import annotations

import ast
from pathlib import Path

import networkx as nx
import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "navigator"
WEB, DIAGRAMS = "navigator.web", "navigator.diagrams"
TOP = {"navigator.cli", "navigator.__main__"}  # the command line may use every layer


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(p): p for p in PACKAGE.rglob("*.py")}


def _absolute(module: str, path: Path, node: ast.ImportFrom) -> str:
    if not node.level:
        return node.module or ""
    base = module.split(".")
    if path.name != "__init__.py":
        base = base[:-1]
    base = base[: len(base) - (node.level - 1)]
    return ".".join(base + ([node.module] if node.module else []))


def imports_of(module: str) -> set[str]:
    """Our own modules that a module imports, anywhere in its source."""
    path = MODULES[module]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom):
            target = _absolute(module, path, node)
            for alias in node.names:
                # `from . import views` imports a module; `from .app import state` a name
                sub = f"{target}.{alias.name}"
                found.add(sub if sub in MODULES else target)
    return {name for name in found if name in MODULES and name != module}


@pytest.fixture(scope="module")
def graph() -> nx.DiGraph:
    edges = nx.DiGraph()
    for module in MODULES:
        edges.add_node(module)
        edges.add_edges_from((module, target) for target in imports_of(module))
    return edges


def test_the_layout_has_web_and_diagram_packages() -> None:
    assert {"navigator.web.factory", "navigator.web.views", "navigator.web.freeze"} <= set(MODULES)
    assert {"navigator.diagrams.diagram", "navigator.diagrams.dotwriter"} <= set(MODULES)
    assert "navigator.core.urls" in MODULES, "one URL builder"


def test_no_import_cycles_not_even_inside_functions(graph: nx.DiGraph) -> None:
    cycles = sorted(" → ".join([*c, c[0]]) for c in nx.simple_cycles(graph))
    assert cycles == []


def test_data_flows_one_way(graph: nx.DiGraph) -> None:
    """The data layer never reaches up into diagrams or the web; diagrams never into the web."""
    upward = []
    for source, target in graph.edges:
        if source in TOP:
            continue
        in_web = source.startswith(WEB)
        in_diagrams = source.startswith(DIAGRAMS)
        if target.startswith(WEB) and not in_web:
            upward.append(f"{source} → {target}")
        if target.startswith(DIAGRAMS) and not (in_web or in_diagrams):
            upward.append(f"{source} → {target}")
    assert upward == []


def test_no_import_error_is_swallowed() -> None:
    """A missing module of our own is a bug that must show, never a feature quietly gone."""
    caught = []
    for module, path in MODULES.items():
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ExceptHandler) and node.type is not None:
                names = {n.id for n in ast.walk(node.type) if isinstance(n, ast.Name)}
                if names & {"ImportError", "ModuleNotFoundError"}:
                    caught.append(f"{module}:{node.lineno}")
    assert caught == []
