"""load → check → compile → SHACL: the one pipeline, returning an immutable Site."""

from __future__ import annotations

import contextlib
import datetime as dt
import gc
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, TextIO

from rdflib import Graph

from .answers.danger import pattern_problems
from .answers.search import SearchIndex, build_index
from .core.problems import Problem, count, sort_problems
from .graph import rdfwrite
from .graph.compile import SourceMap, compile_graph, new_graph
from .graph.network import network_size
from .graph.shacl import check_graph
from .source.catalogue import Catalogue, build_catalogue
from .source.check import check_catalogue
from .source.load import Document, load_tree
from .source.schema import check_document


@dataclass(frozen=True)
class Site:
    """Everything the web, the diagrams and the exports read; built once, never changed."""

    root: str
    catalogue: Catalogue
    graph: Graph
    network_size: tuple[int, int]
    """Nodes and edges of the catalogue as a network (network.build_network), for the report:
    no reader needs the network itself, so the Site does not keep one."""
    source_map: SourceMap
    search_index: SearchIndex
    problems: tuple[Problem, ...] = ()
    files: tuple[str, ...] = ()
    timings: dict[str, float] = field(default_factory=dict, compare=False)

    @property
    def today(self) -> dt.date:
        """The day this Site was built for: what holds, what is coming, what has ended."""
        return self.catalogue.today

    @property
    def ok(self) -> bool:
        """True when the build has no errors (warnings allowed)."""
        return count(self.problems)[0] == 0


@dataclass
class Checked:
    """The outcome of load and check, before compiling."""

    documents: list[Document]
    catalogue: Catalogue
    problems: list[Problem]
    timings: dict[str, float]


@contextlib.contextmanager
def no_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector: a build makes millions of objects and almost no
    garbage, and the collector walking them over and over made a national build 2-3x slower."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _timed(timings: dict[str, float], name: str, fn: Callable[[], Any]) -> Any:
    start = time.perf_counter()
    result = fn()
    timings[name] = time.perf_counter() - start
    return result


def load_and_check(root: Path, today: dt.date | None = None) -> Checked:
    """Load every file below root and run the structural and semantic checks."""
    timings: dict[str, float] = {}
    documents: list[Document] = _timed(timings, "load", lambda: load_tree(root))
    problems = [p for doc in documents for p in doc.problems]
    problems += _timed(
        timings, "schema", lambda: [p for doc in documents for p in check_document(doc)]
    )
    catalogue = _timed(timings, "model", lambda: build_catalogue(documents, today))
    # the danger patterns are checked here, not in check.py: check comes before the answers
    problems += _timed(timings, "check", lambda: _checks(catalogue, today))
    if not documents:
        from .core.problems import Pos, error

        problems.append(error(Pos(str(root)), "no pathway files (*.yaml) found"))
    return Checked(documents, catalogue, sort_problems(problems), timings)


def _checks(catalogue: Catalogue, today: dt.date | None) -> list[Problem]:
    return [*check_catalogue(catalogue, today), *pattern_problems(catalogue)]


def build_site(root: Path, today: dt.date | None = None, shacl: bool = True) -> Site:
    """Run the whole pipeline; the Site carries every problem found (check site.ok)."""
    with no_gc():
        return _build_site(root, today, shacl)


def check_tree(root: Path, today: dt.date | None = None) -> tuple[tuple[Problem, ...], int]:
    """Every problem `validate` reports (loading, the checks, SHACL on the compiled graph) and
    how many files were read, without the parts only a Site needs (network, search index)."""
    with no_gc():
        compiled = _compiled(root, today, shacl=True)
        return tuple(sort_problems(compiled.problems)), len(compiled.files)


@dataclass
class _Compiled:
    """The checked catalogue (without its YAML), its graph, and every problem found."""

    catalogue: Catalogue
    graph: Graph
    source_map: SourceMap
    problems: list[Problem]
    files: tuple[str, ...]
    timings: dict[str, float]


def _compiled(root: Path, today: dt.date | None, shacl: bool) -> _Compiled:
    checked = load_and_check(root, today)
    timings = checked.timings
    files = tuple(doc.path for doc in checked.documents)
    # the loaded YAML is needed only for the checks' positions: let it go before the graph
    # is made, so the two are never in memory together
    catalogue = without_positions(checked.catalogue)
    problems = list(checked.problems)
    del checked
    graph, source_map = _timed(timings, "compile_rdf", lambda: compile_graph(catalogue))
    if shacl and count(problems)[0] == 0:
        # SHACL repeats what the checks already said about broken input; run it on clean data
        problems += _timed(timings, "shacl", lambda: check_graph(graph, source_map))
    return _Compiled(catalogue, graph, source_map, problems, files, timings)


def _build_site(root: Path, today: dt.date | None, shacl: bool) -> Site:
    compiled = _compiled(root, today, shacl)
    timings = compiled.timings
    catalogue = compiled.catalogue
    size = _timed(timings, "compile_network", lambda: network_size(catalogue))
    index = _timed(timings, "search_index", lambda: build_index(catalogue))
    return Site(
        root=str(root),
        catalogue=catalogue,
        graph=compiled.graph,
        network_size=size,
        source_map=compiled.source_map,
        search_index=index,
        problems=tuple(sort_problems(compiled.problems)),
        files=compiled.files,
        timings=timings,
    )


def without_positions(catalogue: Catalogue) -> Catalogue:
    """The catalogue without the loaded YAML it keeps for the checks' positions: the problems
    already carry theirs, and on the national corpus those mappings were a fifth of a Site's
    memory (docs/benchmarks.md, "Memory of a Site"). pos_of then gives the entity's own."""
    return replace(catalogue, raw={}, file_reviews={})


def write_outputs(site: Site, out: Path) -> list[Path]:
    """Write graph.ttl, graph.jsonld, graph.nt and report.txt; same input, same bytes."""
    out.mkdir(parents=True, exist_ok=True)
    written = []
    with no_gc():
        index = rdfwrite.GraphIndex(site.graph)  # the graph is read once for all three formats
        writers: tuple[tuple[str, Callable[[TextIO], object]], ...] = (
            ("graph.ttl", lambda f: rdfwrite.write_turtle(index, f)),
            ("graph.jsonld", lambda f: rdfwrite.write_jsonld(index, _context(), f)),
            ("graph.nt", lambda f: rdfwrite.write_ntriples(index, f)),
            ("report.txt", lambda f: f.write(report(site))),
        )
        # one file at a time, written as it is made: a national graph.nt is 30 MB, and its
        # whole text beside its bytes made the build's peak memory
        for name, write in writers:
            path = out / name
            with path.open("w", encoding="utf-8") as file:
                write(file)
            written.append(path)
    return written


def turtle(graph: Graph) -> str:
    """Turtle with subjects in rdflib's order (by references, then IRI); the same bytes as
    rdflib's serialiser."""
    return rdfwrite.turtle(rdfwrite.GraphIndex(graph))


def ntriples(graph: Graph) -> str:
    """N-Triples, one triple a line, sorted so that builds are byte-identical."""
    return rdfwrite.ntriples(rdfwrite.GraphIndex(graph))


def jsonld(graph: Graph) -> str:
    """JSON-LD with a stable order of nodes and keys."""
    return rdfwrite.jsonld(rdfwrite.GraphIndex(graph), _context())


def _context() -> dict[str, str]:
    # our own prefixes, not the graph's, so a graph with other bindings writes the same context
    return {prefix: str(ns) for prefix, ns in new_graph().namespaces()}


def report(site: Site) -> str:
    """A short human-readable summary of the build."""
    cat = site.catalogue
    errors, warnings = count(site.problems)
    lines = ["Vejviser build report", ""]
    for label, n in (
        ("pathways", len(cat.pathways)),
        ("steps", sum(1 for _ in cat.steps())),
        ("handovers", sum(1 for _ in cat.handovers())),
        ("services", len(cat.services)),
        ("organisations", len(cat.organisations)),
        ("roles", len(cat.roles)),
        ("concerns", len(cat.concerns)),
        ("risk groups", len(cat.risk_groups)),
        ("places", len(cat.places)),
        ("glossary terms", len(cat.glossary)),
        ("sources", len(cat.sources)),
        ("RDF triples", len(site.graph)),
        ("network nodes", site.network_size[0]),
        ("network edges", site.network_size[1]),
        ("errors", errors),
        ("warnings", warnings),
    ):
        lines.append(f"{label:>16}: {n}")
    statuses: dict[str, int] = {}
    for entity in cat.entities():
        facts = getattr(entity, "facts", None)
        if facts is not None:
            key = facts.fact_status or "missing"
            statuses[key] = statuses.get(key, 0) + 1
    lines += ["", "fact status: " + ", ".join(f"{k} {v}" for k, v in sorted(statuses.items()))]
    return "\n".join(lines) + "\n"
