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
# The pipeline, lowest first: a module may import its own layer or a lower one, never a higher.
LAYERS = (
    ("navigator.core", "navigator"),  # foundations: problems, errors, paths, codes, text, urls
    ("navigator.source",),  # load -> schema -> catalogue -> check
    ("navigator.graph",),  # compile -> network -> shacl -> rdfwrite; sparql over the graph
    ("navigator.answers",),  # query, search, danger, review
    ("navigator.build", "navigator.buildcache"),  # the whole pipeline run -> Site
    ("navigator.diagrams",),
    ("navigator.web",),
    ("navigator.cli", "navigator.__main__"),  # the command line may use every layer
)
TOP_LEVEL = {
    "navigator",
    "navigator.__main__",
    "navigator.build",
    "navigator.buildcache",
    "navigator.cli",
}


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


def layer(module: str) -> int:
    """The place of a module in the pipeline (its longest matching prefix wins)."""
    best, rank = -1, -1
    for index, prefixes in enumerate(LAYERS):
        for prefix in prefixes:
            matches = module == prefix or module.startswith(prefix + ".")
            if matches and len(prefix) > best:
                best, rank = len(prefix), index
    return rank


def against_the_pipeline(edges: list[tuple[str, str]]) -> list[str]:
    return [f"{a} → {b}" for a, b in edges if layer(b) > layer(a)]


def test_the_layout_shows_the_pipeline() -> None:
    assert {"navigator.source.load", "navigator.source.check"} <= set(MODULES)
    assert {"navigator.graph.compile", "navigator.graph.shacl"} <= set(MODULES)
    assert {"navigator.answers.query", "navigator.answers.search"} <= set(MODULES)
    assert {"navigator.web.factory", "navigator.web.views", "navigator.web.freeze"} <= set(MODULES)
    assert {"navigator.diagrams.diagram", "navigator.diagrams.dotwriter"} <= set(MODULES)
    assert "navigator.core.urls" in MODULES, "one URL builder"


def test_no_module_lies_loose_at_the_top() -> None:
    """A new module goes into the stage it belongs to; the top holds only the pipeline's run
    (build, buildcache) and the command line."""
    loose = {m for m in MODULES if m.count(".") <= 1 and m not in TOP_LEVEL}
    loose -= {prefix for prefixes in LAYERS for prefix in prefixes}  # the packages themselves
    assert loose == set()
    assert all(layer(m) >= 0 for m in MODULES)


def test_no_import_cycles_not_even_inside_functions(graph: nx.DiGraph) -> None:
    cycles = sorted(" → ".join([*c, c[0]]) for c in nx.simple_cycles(graph))
    assert cycles == []


def test_data_flows_one_way(graph: nx.DiGraph) -> None:
    """core ← source ← graph ← answers ← build ← diagrams ← web ← cli, never the other way."""
    assert against_the_pipeline(list(graph.edges)) == []


def test_the_direction_check_sees_an_import_against_the_pipeline() -> None:
    upward = [
        ("navigator.source.check", "navigator.answers.danger"),
        ("navigator.answers.query", "navigator.build"),
        ("navigator.core.text", "navigator.source.model"),
        ("navigator.diagrams.maps", "navigator.web.app"),
    ]
    assert len(against_the_pipeline(upward)) == len(upward)
    assert against_the_pipeline([("navigator.web.app", "navigator.core.paths")]) == []


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
