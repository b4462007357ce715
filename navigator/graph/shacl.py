"""Validate the compiled graph against ontology/shapes.ttl; results become file:line problems.

pySHACL takes seconds on a national graph, so a screen runs first: it reads the shapes (the
one place the rules are written) and evaluates the few SHACL features they use over an
index of the graph. When the screen finds the graph conforms, that is the answer; when it
finds anything, or the shapes use a feature it does not know, pySHACL runs and its results
are the ones reported, so every message is pySHACL's. pySHACL always gets a copy: it binds
its own prefix into the graph it validates, and the Site's graph never changes after build.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache

from rdflib import RDF, RDFS, BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import SH
from rdflib.term import Node

from ..core import paths
from ..core.problems import Pos, Problem
from .compile import SourceMap
from .vocab import local_id

# what the screen can evaluate; any other SHACL term in the shapes sends every graph to pySHACL
_CONSTRAINTS = {
    SH.property,
    SH.minCount,
    SH.maxCount,
    SH["class"],
    SH.datatype,
    SH["in"],
    SH.lessThanOrEquals,
    SH["or"],
}
_ANNOTATIONS = {SH.message, SH.severity, SH.name, SH.description, SH.targetClass, SH.path}
_SHAPE_TYPES = {SH.NodeShape, SH.PropertyShape}


@cache
def shapes_graph() -> Graph:
    """The SHACL shapes, parsed once."""
    return Graph().parse(paths.SHAPES, format="turtle")


def check_graph(graph: Graph, source_map: SourceMap) -> list[Problem]:
    """Every SHACL result as a Problem at the position its focus node came from."""
    screen = _screen()
    if screen is not None and screen.conforms(graph):
        return []
    _, results = pyshacl_report(graph)
    problems = []
    for result in results.subjects(SH.resultSeverity, None):
        problems.append(_problem(results, result, source_map))
    # pySHACL's result order varies from run to run; ours must not
    return sorted(problems, key=lambda p: p.sort_key)


def pyshacl_report(graph: Graph) -> tuple[bool, Graph]:
    """pySHACL's verdict on a graph and its results graph, against our shapes."""
    # pySHACL (and the SPARQL engine it brings) is needed only when the screen finds a
    # problem or cannot decide: importing it costs every command 0.2 s
    from pyshacl import validate

    # a copy: pySHACL needs a store that keeps named graphs
    conforms, results, _ = validate(
        _copy(graph),
        shacl_graph=shapes_graph(),
        inference="none",
        advanced=False,
        allow_warnings=True,
    )
    return bool(conforms), results


def _copy(graph: Graph) -> Graph:
    copy = Graph(bind_namespaces="none")
    for prefix, namespace in graph.namespaces():
        copy.bind(prefix, namespace, override=True, replace=True)
    copy += graph
    return copy


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


class _Unsupported(Exception):
    """The shapes use a feature the screen does not evaluate."""


@dataclass(frozen=True)
class _Shape:
    """One shape as the screen evaluates it: a node shape when path is None."""

    path: URIRef | None
    min_count: int | None
    max_count: int | None
    classes: tuple[URIRef, ...]
    datatypes: tuple[URIRef, ...]
    allowed: tuple[tuple[Node, ...], ...]
    less_or_equal: tuple[URIRef, ...]
    any_of: tuple[tuple[_Shape, ...], ...]
    properties: tuple[_Shape, ...]


@dataclass(frozen=True)
class _Screen:
    """The shapes with targets, and every predicate whose values they read."""

    targets: tuple[tuple[URIRef, _Shape], ...]
    predicates: frozenset[URIRef]

    def conforms(self, graph: Graph) -> bool:
        """True when no shape could give a result (violation or warning) on graph."""
        data = _Data(graph, self.predicates)
        return all(
            _conforms(shape, focus, data)
            for target, shape in self.targets
            for focus in data.instances(target)
        )


@cache
def _screen() -> _Screen | None:
    try:
        return _read_shapes(shapes_graph())
    except _Unsupported:
        return None


def _read_shapes(shapes: Graph) -> _Screen:
    for predicate in set(shapes.predicates()):
        if str(predicate).startswith(str(SH)) and predicate not in _CONSTRAINTS | _ANNOTATIONS:
            raise _Unsupported(predicate)
    for kind in set(shapes.objects(None, RDF.type)):
        if kind not in _SHAPE_TYPES:
            raise _Unsupported(kind)  # e.g. a shape that is also a class: implicit targets
    targets = []
    predicates: set[URIRef] = {RDF.type, RDFS.subClassOf}
    for node in sorted(set(shapes.subjects(SH.targetClass, None)), key=str):
        shape = _read_shape(shapes, node, predicates)
        for target in shapes.objects(node, SH.targetClass):
            targets.append((_iri(target), shape))
    return _Screen(tuple(targets), frozenset(predicates))


def _read_shape(shapes: Graph, node: Node, predicates: set[URIRef]) -> _Shape:
    def ints(term: URIRef) -> int | None:
        values = [v.toPython() if isinstance(v, Literal) else v for v in shapes.objects(node, term)]
        if not values:
            return None
        if len(values) > 1 or not isinstance(values[0], int):
            raise _Unsupported(term)
        return values[0]

    paths_ = [_iri(p) for p in shapes.objects(node, SH.path)]
    if len(paths_) > 1:
        raise _Unsupported(SH.path)
    path = paths_[0] if paths_ else None
    less_or_equal = tuple(_iri(p) for p in shapes.objects(node, SH.lessThanOrEquals))
    predicates.update(p for p in (path, *less_or_equal) if p is not None)
    if path is None and (ints(SH.minCount) is not None or ints(SH.maxCount) is not None):
        raise _Unsupported(SH.minCount)
    if path is None and less_or_equal:
        raise _Unsupported(SH.lessThanOrEquals)
    return _Shape(
        path,
        ints(SH.minCount),
        ints(SH.maxCount),
        tuple(_iri(c) for c in shapes.objects(node, SH["class"])),
        tuple(_iri(d) for d in shapes.objects(node, SH.datatype)),
        tuple(tuple(_list(shapes, v)) for v in shapes.objects(node, SH["in"])),
        less_or_equal,
        tuple(
            tuple(_read_shape(shapes, m, predicates) for m in _list(shapes, v))
            for v in shapes.objects(node, SH["or"])
        ),
        tuple(_read_shape(shapes, p, predicates) for p in shapes.objects(node, SH.property)),
    )


def _iri(term: Node) -> URIRef:
    if not isinstance(term, URIRef):
        raise _Unsupported(term)  # a path expression, or a literal where an IRI belongs
    return term


def _list(shapes: Graph, head: Node) -> list[Node]:
    if not isinstance(head, BNode | URIRef):
        raise _Unsupported(head)
    return list(Collection(shapes, head))


class _Data:
    """The values of the predicates the shapes read, indexed by subject, read in one pass."""

    def __init__(self, graph: Graph, predicates: Iterable[URIRef]) -> None:
        self.values: dict[URIRef, dict[Node, list[Node]]] = {}
        for predicate in predicates:
            index: dict[Node, list[Node]] = defaultdict(list)
            for subject, value in graph.subject_objects(predicate):
                index[subject].append(value)
            self.values[predicate] = index
        self.supers = self._superclasses()
        self._classes: dict[Node, set[Node]] = {}

    def _superclasses(self) -> dict[Node, set[Node]]:
        direct = self.values[RDFS.subClassOf]
        supers: dict[Node, set[Node]] = {}
        for start in direct:
            seen, todo = {start}, [start]
            while todo:
                for parent in direct.get(todo.pop(), ()):
                    if parent not in seen:
                        seen.add(parent)
                        todo.append(parent)
            supers[start] = seen
        return supers

    def get(self, node: Node, predicate: URIRef) -> list[Node]:
        """The distinct values of predicate on node."""
        found = self.values[predicate].get(node, [])
        return found if len(found) < 2 else list(dict.fromkeys(found))

    def classes(self, node: Node) -> set[Node]:
        """Every class node is a SHACL instance of (rdf:type, then rdfs:subClassOf*)."""
        found = self._classes.get(node)
        if found is None:
            found = set()
            for kind in self.values[RDF.type].get(node, ()):
                found |= self.supers.get(kind, {kind})
            self._classes[node] = found
        return found

    def instances(self, target: URIRef) -> Iterator[Node]:
        """The focus nodes of sh:targetClass target."""
        for node in list(self.values[RDF.type]):
            if target in self.classes(node):
                yield node


def _conforms(shape: _Shape, focus: Node, data: _Data) -> bool:
    values = [focus] if shape.path is None else data.get(focus, shape.path)
    if shape.min_count is not None and len(values) < shape.min_count:
        return False
    if shape.max_count is not None and len(values) > shape.max_count:
        return False
    for value in values:
        if not all(kind in data.classes(value) for kind in shape.classes):
            return False
        if not all(_has_datatype(value, datatype) for datatype in shape.datatypes):
            return False
        if not all(value in allowed for allowed in shape.allowed):
            return False
        if not all(any(_conforms(m, value, data) for m in members) for members in shape.any_of):
            return False
        if not all(_conforms(p, value, data) for p in shape.properties):
            return False
    for other in shape.less_or_equal:
        if not all(_less_or_equal(v, w) for v in values for w in data.get(focus, other)):
            return False
    return True


def _has_datatype(value: Node, datatype: URIRef) -> bool:
    # stricter than pySHACL can be (a value rdflib could not read fails): pySHACL then decides
    return (
        isinstance(value, Literal)
        and value.datatype == datatype
        and value.value is not None
        and not getattr(value, "ill_typed", False)
    )


def _less_or_equal(value: Node, other: Node) -> bool:
    # pySHACL's rule: text and IRIs compare as strings, never with other values
    def textual(node: Node) -> bool:
        return isinstance(node, URIRef) or (
            isinstance(node, Literal) and isinstance(node.value, str)
        )

    if not isinstance(value, Literal) or not isinstance(other, Literal):
        return False
    if textual(value) != textual(other) or textual(value):
        return False  # our shapes compare dates and numbers; anything else goes to pySHACL
    try:
        return bool(value <= other)
    except Exception:  # values that cannot be compared are a result
        return False
