"""Read-only SPARQL over the compiled graph: a small pool of worker processes, each with limits.

The web endpoint never runs a query in the server process. A few long-lived worker processes
(fresh interpreters, not forks: they share no locks or threads with the server) each hold
their own pyoxigraph store. A worker parses the query first and refuses updates, SERVICE (no
federation: the site never makes a request on a visitor's behalf), parse errors and absurd
nesting. Each query has a time limit (the worker is killed and replaced), a memory limit
(RLIMIT_AS in the worker), and a row and byte limit on the answer. When every worker is busy,
the answer is 503 with Retry-After (two requests may wait a quarter of a second for a worker,
the rest are refused at once), so SPARQL never holds more than a few of the web server's
threads. See docs/security.md.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
import queue
import socket
import subprocess
import sys
import threading
import time
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Node

from ..core import codes
from ..core.text import csv_cell
from .sparql_worker import (
    PREFIXES,
    SERVICE_REFUSED,
    UPDATE_REFUSED,
    Result,
    SparqlError,
    evaluate,
)

__all__ = [
    "examples",
    "PREFIXES",
    "SERVICE_REFUSED",
    "UPDATE_REFUSED",
    "QueryPool",
    "Result",
    "SparqlError",
    "load_store",
    "run_query",
    "serialise",
    "to_csv",
    "to_json",
]

TIME_LIMIT = 5.0  # seconds a query may run before its worker is killed
MAX_ROWS = 10_000  # rows (or triples) in one answer
MAX_BYTES = 5_000_000  # about this many bytes of values in one answer
MEMORY_LIMIT = 512 * 1024 * 1024  # address space a worker may add to what it holds at start
MAX_QUERY_CHARS = 200_000  # characters of query text (a long query is refused unread)
WORKERS = max(1, (os.cpu_count() or 2) // 2)  # queries at once: half the cores, rest for pages
QUEUE_WAIT = 0.25  # seconds a query waits for a free worker before 503
WAITERS = 2  # requests that may wait so; any more are refused at once (threads stay free)
RETRY_AFTER = 5  # seconds, sent with 503 when every worker is busy
STARTUP_LIMIT = 60.0  # seconds a new worker may take to load its store
PACKAGE_ROOT = Path(__file__).resolve().parents[2]  # so a worker imports this navigator
MEDIA_TYPES = {
    "json": "application/sparql-results+json",
    "csv": "text/csv; charset=utf-8",
    "nt": "application/n-triples",
}
BUSY = (
    "Der kører allerede så mange forespørgsler, som endpointet tillader. "
    f"Prøv igen om {RETRY_AFTER} sekunder."
)


def _ox_term(node: Node, blanks: dict[BNode, ox.BlankNode]) -> Any:
    """An rdflib term as a pyoxigraph term (blank nodes get fresh pyoxigraph labels)."""
    if isinstance(node, URIRef):
        return ox.NamedNode(str(node))
    if isinstance(node, BNode):
        return blanks.setdefault(node, ox.BlankNode())
    if isinstance(node, Literal):
        if node.language:
            return ox.Literal(str(node), language=node.language)
        if node.datatype:
            return ox.Literal(str(node), datatype=ox.NamedNode(str(node.datatype)))
        return ox.Literal(str(node))
    raise TypeError(f"not an RDF term: {node!r}")


def load_store(graph: Graph) -> ox.Store:
    """A fresh in-memory pyoxigraph store holding the graph's triples.

    Built term by term from the rdflib graph, never through N-Triples text of our own, so a
    label holding a line separator (U+2028) or any other odd character loads as it is.
    """
    blanks: dict[BNode, ox.BlankNode] = {}
    store = ox.Store()
    store.extend(
        ox.Quad(_ox_term(s, blanks), _ox_term(p, blanks), _ox_term(o, blanks)) for s, p, o in graph
    )
    return store


def store_data(store: ox.Store) -> bytes:
    """The store as N-Triples written by pyoxigraph itself, for a worker to load."""
    data = store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.DefaultGraph())
    return data or b""


def run_query(
    target: ox.Store | QueryPool, query: str, max_rows: int = MAX_ROWS, max_bytes: int = MAX_BYTES
) -> Result:
    """Run a read-only query: in a worker of a pool, or in this process on a store (the CLI)."""
    if len(query) > MAX_QUERY_CHARS:
        raise SparqlError(
            f"Forespørgslen er længere end {MAX_QUERY_CHARS} tegn og blev ikke læst.", 413
        )
    if isinstance(target, QueryPool):
        return target.run(query)
    start = time.perf_counter()
    result = evaluate(target, query, max_rows, max_bytes)
    return _timed(result, time.perf_counter() - start)


def _timed(result: Result, seconds: float) -> Result:
    return Result(
        result.kind, result.variables, result.rows, result.boolean, result.triples, seconds
    )


class _Worker:
    """One worker process (a fresh interpreter) and the parent's end of its socket."""

    def __init__(self, data: bytes, memory: int | None) -> None:
        ours, theirs = socket.socketpair()
        env = {
            **os.environ,
            "RUST_BACKTRACE": "0",
            "PYTHONPATH": os.pathsep.join(
                [str(PACKAGE_ROOT), *filter(None, [os.environ.get("PYTHONPATH")])]
            ),
        }
        code = "from navigator.graph.sparql_worker import main; main()"
        self.process = subprocess.Popen(
            [sys.executable, "-c", code, str(theirs.fileno()), str(memory or 0)],
            pass_fds=[theirs.fileno()],
            env=env,
            stdin=subprocess.DEVNULL,
            close_fds=True,
        )
        theirs.close()
        self.conn = Connection(ours.detach())
        self.conn.send_bytes(data)
        self.ready = False

    def wait_ready(self, timeout: float) -> None:
        """Block until the worker has loaded its store."""
        if not self.ready:
            if not self.conn.poll(timeout):
                raise SparqlError(
                    "SPARQL-endpointet er ved at starte. Prøv igen om lidt.", 503, RETRY_AFTER
                )
            self.conn.recv()
            self.ready = True

    def ask(self, query: str, time_limit: float, max_rows: int, max_bytes: int) -> Result:
        """Send a query and wait at most time_limit for the answer."""
        self.conn.send((query, max_rows, max_bytes))
        if not self.conn.poll(time_limit):
            raise SparqlError(
                f"Forespørgslen tog mere end {time_limit:g} s og blev stoppet; "
                "afgræns den, eller tilføj en LIMIT.",
                503,
                RETRY_AFTER,
            )
        status, payload = self.conn.recv()
        if status == "error":
            raise SparqlError(*payload)
        result: Result = payload
        return result

    def kill(self) -> None:
        """Stop the process at once and close the socket."""
        self.process.kill()
        self.process.wait(5)
        self.conn.close()


class QueryPool:
    """A fixed number of long-lived worker processes; a worker that overruns is replaced."""

    def __init__(
        self,
        store: ox.Store,
        size: int = WORKERS,
        time_limit: float = TIME_LIMIT,
        max_rows: int = MAX_ROWS,
        max_bytes: int = MAX_BYTES,
        memory: int | None = MEMORY_LIMIT,
    ) -> None:
        self.data = store_data(store)
        self.time_limit, self.max_rows, self.max_bytes = time_limit, max_rows, max_bytes
        self.memory = memory
        self.idle: queue.Queue[_Worker] = queue.Queue()
        self.lock = threading.Lock()
        self.waiting = threading.BoundedSemaphore(WAITERS)
        self.closed = False
        for _ in range(size):
            self.idle.put(_Worker(self.data, memory))

    def run(self, query: str) -> Result:
        """Run a query in a free worker, or refuse with 503 and Retry-After if none is free."""
        worker = self._checkout()
        start = time.perf_counter()
        healthy = False
        try:
            worker.wait_ready(STARTUP_LIMIT)
            result = worker.ask(query, self.time_limit, self.max_rows, self.max_bytes)
            healthy = True
        except SparqlError as exc:
            healthy = exc.status != 503  # refusals leave the worker as it was
            raise
        except (EOFError, OSError) as exc:  # killed by its memory limit, or crashed
            raise SparqlError(
                "Forespørgslen brugte for meget hukommelse eller stoppede "
                "uventet, og blev afbrudt.",
                503,
                RETRY_AFTER,
            ) from exc
        finally:
            self._give_back(worker, healthy)
        return _timed(result, time.perf_counter() - start)

    def _checkout(self) -> _Worker:
        """A free worker: wait briefly if few others wait, else refuse at once."""
        may_wait = self.waiting.acquire(blocking=False)
        try:
            return self.idle.get(timeout=QUEUE_WAIT) if may_wait else self.idle.get_nowait()
        except queue.Empty:
            raise SparqlError(BUSY, 503, RETRY_AFTER) from None
        finally:
            if may_wait:
                self.waiting.release()

    def _give_back(self, worker: _Worker, healthy: bool) -> None:
        with self.lock:
            if healthy and not self.closed:
                self.idle.put(worker)
                return
            worker.kill()
            if not self.closed:
                self.idle.put(_Worker(self.data, self.memory))

    def close(self) -> None:
        """Stop every idle worker now; busy ones stop when they finish."""
        with self.lock:
            self.closed = True
        while True:
            try:
                self.idle.get_nowait().kill()
            except queue.Empty:
                return


def to_json(result: Result) -> str:
    """SPARQL 1.1 Query Results JSON (graph results as a list of N-Triples lines)."""
    if result.kind == "ask":
        return json.dumps({"head": {}, "boolean": result.boolean})
    if result.kind == "graph":
        return json.dumps({"head": {}, "triples": result.triples}, ensure_ascii=False)
    data = {"head": {"vars": result.variables}, "results": {"bindings": result.rows}}
    return json.dumps(data, ensure_ascii=False)


def to_csv(result: Result) -> str:
    """SPARQL 1.1 Query Results CSV: plain values, IRIs as they are, and a cell that starts
    like a spreadsheet formula escaped with a leading ' (text.csv_cell), as the data files."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    if result.kind == "ask":
        writer.writerows([["boolean"], ["true" if result.boolean else "false"]])
    elif result.kind == "graph":
        writer.writerow(["triple"])
        writer.writerows([csv_cell(t)] for t in result.triples)
    else:
        writer.writerow(result.variables)
        for row in result.rows:
            writer.writerow(
                [csv_cell(row[v]["value"]) if v in row else "" for v in result.variables]
            )
    return out.getvalue()


def serialise(result: Result, fmt: str) -> tuple[str, str]:
    """Result text and media type for 'json' or 'csv'."""
    if fmt == "csv":
        return to_csv(result), MEDIA_TYPES["csv"]
    return to_json(result), MEDIA_TYPES["json"]


def _availability_values() -> str:
    """The example's VALUES rows: each availability /find shows, with the label /find uses."""
    # 'not-offered' is left out on purpose: /find does not list services that are not offered.
    rows = [
        f'("{code}" "{label}")'
        for code, label in codes.AVAILABILITY.items()
        if code != "not-offered"
    ]
    return "\n".join("    " + " ".join(rows[i : i + 2]) for i in range(0, len(rows), 2))


def _areas_of(kommune: str, var: str) -> str:
    """A SPARQL pattern binding ?var to each area a record may name for the kommune on ?dag:
    the kommune, a place it lies in that day, or a place that has ended and held it on its
    last day (spans.areas_of, the same rule as /find)."""
    return f"""{{ BIND (id:{kommune} AS ?{var}) }} UNION {{
      ?m_{var} nav:member id:{kommune} ; nav:inPlace ?{var} .
      OPTIONAL {{ ?{var} schema:validThrough ?slut_{var} }}
      BIND (IF(BOUND(?slut_{var}) && ?slut_{var} < ?dag, ?slut_{var}, ?dag) AS ?paa_{var})
      FILTER NOT EXISTS {{ ?m_{var} schema:validFrom ?f_{var} . FILTER (?f_{var} > ?paa_{var}) }}
      FILTER NOT EXISTS {{ ?m_{var} schema:validThrough ?t_{var} . FILTER (?t_{var} < ?paa_{var}) }}
      FILTER NOT EXISTS {{ ?{var} schema:validFrom ?s_{var} . FILTER (?s_{var} > ?dag) }} }}"""


def examples(day: dt.date) -> dict[str, str]:
    """The example queries, for the day the Site holds (the places a kommune lies in change
    on a date: Region Østdanmark from 2027-01-01)."""
    when = f'BIND ("{day.isoformat()}"^^xsd:date AS ?dag)  # the day the answer holds on'
    return {
        title: query.replace("{DAG}", when)
        .replace("{AREA_O}", _areas_of("gentofte", "o"))
        .replace("{AREA_S1}", _areas_of("gentofte", "s1"))
        .replace("{AREA_STED}", _areas_of("gentofte", "sted"))
        for title, query in _EXAMPLES.items()
    }


_EXAMPLES = {
    "Tilbud en forælder selv kan kontakte uden henvisning i Gentofte": """\
# Samme svar som Find hjælp for Gentofte (kun dem uden henvisning). Akutte numre: se /akut/.
SELECT ?tilbud ?navn ?status ?daekning WHERE {
  {DAG}
  ?tilbud a schema:Service ; schema:name ?navn ; nav:selfReferral true .
  # afsluttede og planlagte tilbud er ikke hjælp i dag, heller ikke dem der ikke er begyndt
  FILTER NOT EXISTS { ?tilbud nav:serviceStatus ?s . FILTER (?s IN ("ended", "planned")) }
  FILTER NOT EXISTS { ?tilbud schema:validFrom ?start . FILTER (?start > ?dag) }
  FILTER NOT EXISTS { ?tilbud schema:validThrough ?slut . FILTER (?slut < ?dag) }
  FILTER NOT EXISTS { ?tilbud nav:partOfService ?hovedtilbud }  # delforløb
  FILTER NOT EXISTS { ?tilbud nav:urgent true }
  FILTER NOT EXISTS { ?tilbud nav:audience "professionals" }
  FILTER NOT EXISTS { ?tilbud nav:startingPoint false }
  # uden areaServed: hele landet; ellers skal kommunen eller et sted, den ligger i, være med
  FILTER (NOT EXISTS { ?tilbud schema:areaServed ?x }
    || EXISTS { ?tilbud schema:areaServed ?o . {AREA_O} })
  # den nyeste registrering for kommunen, dens klynge eller region gælder (datoen først,
  # så hver registrering ikke sammenlignes med alle andre: 20 gange hurtigere på 98 kommuner)
  OPTIONAL {
    { SELECT ?tilbud (MAX(?d1) AS ?dato) WHERE {
        {DAG}
        {AREA_S1}
        ?r1 nav:coveragePlace ?s1 ; nav:asOf ?d1 . ?tilbud nav:coverage ?r1 .
      } GROUP BY ?tilbud }
    {AREA_STED}
    ?d nav:coveragePlace ?sted ; nav:asOf ?dato ; nav:coverageStatus ?registreret .
    ?tilbud nav:coverage ?d .
  }
  # lovkrav, medmindre en registrering siger mere end "ukendt" eller "planlagt"
  BIND (IF(EXISTS { ?tilbud nav:requiredByLaw true }
           && (!BOUND(?registreret) || ?registreret IN ("unknown", "planned")), "statutory",
    COALESCE(?registreret,
    IF(EXISTS { ?tilbud nav:coverage ?andetsteds } || EXISTS { ?tilbud nav:sector "kommune" },
       "unknown",
    IF(EXISTS { ?tilbud schema:areaServed ?omraade }, "regional", "national")))) AS ?status)
  VALUES (?status ?daekning) {
{EXAMPLE_VALUES} }
} ORDER BY ?navn""".replace("{EXAMPLE_VALUES}", _availability_values()),
    "Kommunerne i hver region, på dagen": """\
# Regionerne og deres kommuner den dag, siden gælder for (fra 1. januar 2027: Region Østdanmark)
SELECT ?region ?navn (COUNT(?kommune) AS ?kommuner) WHERE {
  {DAG}
  ?m a nav:Membership ; nav:member ?kommune ; nav:inPlace ?region .
  ?kommune a nav:Kommune . ?region a nav:Region ; schema:name ?navn .
  FILTER NOT EXISTS { ?m schema:validFrom ?fra . FILTER (?fra > ?dag) }
  FILTER NOT EXISTS { ?m schema:validThrough ?til . FILTER (?til < ?dag) }
} GROUP BY ?region ?navn ORDER BY ?navn""",
    "Hvem giver børn videre til hvem (overgange på tværs af sektorer)": """\
SELECT ?fra ?til ?metode WHERE {
  ?o a nav:Handover ; nav:fromStep ?a ; nav:toStep ?b ; nav:method ?metode .
  ?a schema:name ?fra . ?b schema:name ?til .
} ORDER BY ?metode ?fra""",
    "Trin der endnu ikke er bekræftet i en kilde": """\
SELECT ?trin ?navn ?status WHERE {
  ?trin a nav:Step ; schema:name ?navn ; nav:factStatus ?status .
  FILTER (?status != "verified")
} ORDER BY ?trin""",
    "Tilbud og aldersgrænser": """\
SELECT ?navn ?fra ?til WHERE {
  ?s a schema:Service ; schema:name ?navn .
  OPTIONAL { ?s nav:minimumAge ?fra } OPTIONAL { ?s nav:maximumAge ?til }
} ORDER BY ?navn""",
}
