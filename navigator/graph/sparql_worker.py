"""What runs inside a SPARQL worker process: screen a query by parsing it, then evaluate it.

Kept apart from navigator.graph.sparql so that a freshly spawned worker imports only pyoxigraph and
rdflib's SPARQL parser, not the whole build. The same functions run in-process for the CLI.
"""

from __future__ import annotations

import os
import resource
import sys
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from typing import Any

import pyoxigraph as ox
from pyparsing import ParseBaseException
from rdflib.plugins.sparql.parser import parseQuery, parseUpdate
from rdflib.plugins.sparql.parserutils import CompValue

from ..core.errors import NavigatorError
from .vocab import ID, NS

PREFIXES = {
    "nav": NS,
    "id": ID,
    "schema": "https://schema.org/",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "dct": "http://purl.org/dc/terms/",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
}
PREFIX_LINES = "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in PREFIXES.items())
UPDATE_REFUSED = "Ændringer er ikke tilladt: SPARQL-endpointet kan kun læse."
SERVICE_REFUSED = (
    "SERVICE er ikke tilladt: endpointet spørger aldrig andre tjenester. "
    "Fjern SERVICE-delen, og spørg kun i Vejvisers egne data."
)
TOO_DEEP = "Forespørgslen er for dybt indlejret til at blive læst; gør den fladere."
# pyparsing recurses about 25 frames per nesting level; this allows about 200 levels
RECURSION_LIMIT = 6000
TERM_OVERHEAD = 40  # bytes of JSON around one value: {"type": "literal", "value": ""}


class SparqlError(NavigatorError):
    """A query that was refused, failed to parse, ran too long or returned too much."""

    def __init__(self, message: str, status: int = 400, retry_after: int | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.retry_after = retry_after


@dataclass(frozen=True)
class Result:
    """A query result: SELECT rows, an ASK boolean, or CONSTRUCT/DESCRIBE triples."""

    kind: str  # select | ask | graph
    variables: list[str] = field(default_factory=list)
    rows: list[dict[str, dict[str, str]]] = field(default_factory=list)
    boolean: bool | None = None
    triples: list[str] = field(default_factory=list)
    seconds: float = 0.0


def screen(query: str) -> None:
    """Parse the query; refuse updates (403), SERVICE, parse errors and absurd nesting (400)."""
    try:
        parsed = parseQuery(PREFIX_LINES + query)
    except RecursionError as exc:
        raise SparqlError(TOO_DEEP) from exc
    except ParseBaseException as exc:
        if _is_update(query):
            raise SparqlError(UPDATE_REFUSED, 403) from exc
        raise SparqlError(f"Forespørgslen kunne ikke læses: {_where(exc, query)}") from exc
    if _has_service(parsed):
        raise SparqlError(SERVICE_REFUSED)


def _is_update(query: str) -> bool:
    try:
        parsed = parseUpdate(PREFIX_LINES + query)
    except (ParseBaseException, RecursionError):
        return False
    return "request" in parsed  # an empty text is a valid update of nothing


def _where(exc: ParseBaseException, query: str) -> str:
    """Line and column in the text the user wrote (our prefix lines taken off)."""
    if not query.strip():
        return "forespørgslen er tom"
    line = max(1, exc.lineno - PREFIX_LINES.count("\n"))
    found = exc.line.strip()[:60]
    return f"fejl i linje {line}, kolonne {exc.col}" + (f" (ved »{found}«)" if found else "")


def _has_service(parsed: Any) -> bool:
    """Whether the parse tree holds a SERVICE pattern anywhere (walked without recursion)."""
    stack = [parsed]
    while stack:
        node = stack.pop()
        if isinstance(node, CompValue):
            if node.name == "ServiceGraphPattern":
                return True
            stack.extend(node.values())
        elif isinstance(node, dict):
            stack.extend(node.values())
        elif isinstance(node, (list, tuple)) or type(node).__name__ == "ParseResults":
            stack.extend(node)
    return False


def term(value: Any) -> dict[str, str]:
    """A pyoxigraph term as a SPARQL 1.1 JSON results term."""
    if isinstance(value, ox.NamedNode):
        return {"type": "uri", "value": value.value}
    if isinstance(value, ox.BlankNode):
        return {"type": "bnode", "value": value.value}
    if isinstance(value, ox.Triple):
        return {"type": "triple", "value": str(value)}
    out = {"type": "literal", "value": value.value}
    if value.language:
        out["xml:lang"] = value.language
    elif value.datatype.value != "http://www.w3.org/2001/XMLSchema#string":
        out["datatype"] = value.datatype.value
    return out


class Budget:
    """Counts rows and bytes of an answer; raises SparqlError (413) past either limit."""

    def __init__(self, max_rows: int, max_bytes: int) -> None:
        self.max_rows, self.max_bytes = max_rows, max_bytes
        self.rows = self.bytes = 0

    def add(self, size: int) -> None:
        """Account for one more row of about size bytes."""
        self.rows += 1
        self.bytes += size
        if self.rows > self.max_rows:
            raise SparqlError(
                f"Svaret har mere end {self.max_rows} rækker; tilføj LIMIT "
                f"{self.max_rows} (eller en mindre LIMIT) til forespørgslen.",
                413,
            )
        if self.bytes > self.max_bytes:
            raise SparqlError(
                f"Svaret fylder mere end {_amount(self.max_bytes)}; vælg færre "
                "eller kortere værdier, eller tilføj en LIMIT.",
                413,
            )


def _amount(size: int) -> str:
    """A byte count as Danes write it: '5 MB' or '10 kB'."""
    return f"{size // 1_000_000} MB" if size >= 1_000_000 else f"{size // 1000} kB"


def evaluate(store: ox.Store, query: str, max_rows: int, max_bytes: int) -> Result:
    """Screen, then run the query in this process within the row and byte limits."""
    screen(query)
    try:
        answer = store.query(query, prefixes=PREFIXES)
    except SyntaxError as exc:
        raise SparqlError(f"Forespørgslen kunne ikke læses: {exc}") from exc
    budget = Budget(max_rows, max_bytes)
    if isinstance(answer, ox.QueryBoolean):
        return Result("ask", boolean=bool(answer))
    if isinstance(answer, ox.QuerySolutions):
        variables = [v.value for v in answer.variables]
        rows: list[dict[str, dict[str, str]]] = []
        for solution in answer:
            row = {v: term(solution[v]) for v in variables if solution[v] is not None}
            budget.add(sum(len(t["value"]) + TERM_OVERHEAD for t in row.values()))
            rows.append(row)
        return Result("select", variables, rows)
    triples: list[str] = []
    for triple in answer:
        line = f"{triple.subject} {triple.predicate} {triple.object} ."
        budget.add(len(line) + TERM_OVERHEAD)
        triples.append(line)
    return Result("graph", triples=triples)


def limit_memory(extra: int) -> None:
    """Cap this process's address space at what it uses now plus extra bytes."""
    with open("/proc/self/statm") as statm:
        pages = int(statm.read().split()[0])
    now = pages * os.sysconf("SC_PAGE_SIZE")
    resource.setrlimit(resource.RLIMIT_AS, (now + extra, now + extra))


def serve(conn: Connection, memory: int | None) -> None:
    """A worker's life: load the store, say ready, then answer queries until the pipe closes."""
    sys.setrecursionlimit(RECURSION_LIMIT)
    os.nice(19)  # pages of the guide come before SPARQL when the machine is busy
    store = ox.Store()
    store.bulk_load(conn.recv_bytes(), ox.RdfFormat.N_TRIPLES)
    if memory:
        limit_memory(memory)
    conn.send(("ready", None))
    while True:
        try:
            query, max_rows, max_bytes = conn.recv()
        except (EOFError, OSError):
            return
        conn.send(_answer(store, query, max_rows, max_bytes))


def main() -> None:
    """Entry point of a worker: argv holds the socket's file descriptor and the memory limit."""
    fd, memory = int(sys.argv[1]), int(sys.argv[2])
    serve(Connection(fd), memory or None)


def _answer(store: ox.Store, query: str, max_rows: int, max_bytes: int) -> tuple[str, Any]:
    try:
        return "ok", evaluate(store, query, max_rows, max_bytes)
    except SparqlError as exc:
        return "error", (exc.message, exc.status)
    except MemoryError:
        return "error", ("Forespørgslen brugte for meget hukommelse og blev stoppet.", 503)
    except Exception as exc:  # report anything else instead of dying silently
        return "error", (f"Forespørgslen mislykkedes: {exc}", 400)
