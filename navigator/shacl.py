"""Validate the compiled graph against ontology/shapes.ttl; results become file:line problems."""

from __future__ import annotations

from functools import cache

from pyshacl import validate
from rdflib import Graph, URIRef
from rdflib.namespace import SH
from rdflib.term import Node

from . import paths
from .compile import SourceMap
from .problems import Pos, Problem
from .vocab import local_id


@cache
def shapes_graph() -> Graph:
    """The SHACL shapes, parsed once."""
    return Graph().parse(paths.SHAPES, format="turtle")


def check_graph(graph: Graph, source_map: SourceMap) -> list[Problem]:
    """Every SHACL result as a Problem at the position its focus node came from."""
    _, results, _ = validate(
        graph, shacl_graph=shapes_graph(), inference="none", advanced=False, allow_warnings=True
    )
    problems = []
    for result in results.subjects(SH.resultSeverity, None):
        problems.append(_problem(results, result, source_map))
    # pySHACL's result order varies from run to run; ours must not
    return sorted(problems, key=lambda p: p.sort_key)


def _problem(results: Graph, result: Node, source_map: SourceMap) -> Problem:
    focus = results.value(result, SH.focusNode)
    path = results.value(result, SH.resultPath)
    message = results.value(result, SH.resultMessage)
    severity = results.value(result, SH.resultSeverity)
    pos = (
        source_map.get(focus, Pos("(compiled graph)"))
        if isinstance(focus, URIRef)
        else Pos("(compiled graph)")
    )
    name = local_id(focus) if isinstance(focus, URIRef) else str(focus)
    prop = str(path).rsplit("#", 1)[-1].rsplit("/", 1)[-1] if path is not None else ""
    text = f"SHACL: {name}: {prop + ': ' if prop else ''}{message or 'does not conform'}"
    return Problem(pos, "warning" if severity == SH.Warning else "error", text)
