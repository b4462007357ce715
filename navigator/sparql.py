"""Read-only SPARQL over the compiled graph, with a time limit and a result-size limit.

The store is a pyoxigraph in-memory Store loaded from the build's N-Triples. Each query runs
in a forked child process, so a runaway query is stopped by killing the child at the time
limit, and nothing a query does can touch the parent's store. Updates are refused outright.
"""

from __future__ import annotations

import csv
import io
import json
import multiprocessing as mp
import re
import time
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from typing import Any

import pyoxigraph as ox
from rdflib import Graph

from .build import ntriples
from .errors import NavigatorError

TIME_LIMIT = 5.0
MAX_ROWS = 10_000
PREFIXES = {"nav": "https://vejviser.dk/ns#", "id": "https://vejviser.dk/id/",
            "schema": "https://schema.org/", "skos": "http://www.w3.org/2004/02/skos/core#",
            "dct": "http://purl.org/dc/terms/", "xsd": "http://www.w3.org/2001/XMLSchema#",
            "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#"}
MEDIA_TYPES = {"json": "application/sparql-results+json", "csv": "text/csv; charset=utf-8",
               "nt": "application/n-triples"}
_UPDATE = re.compile(r"^\s*(?:(?:PREFIX\s+\S*\s*<[^>]*>|BASE\s*<[^>]*>)\s*)*"
                     r"(INSERT|DELETE|LOAD|CLEAR|CREATE|DROP|COPY|MOVE|ADD|WITH)\b", re.I)
_COMMENT = re.compile(r"^\s*#.*$", re.M)
UPDATE_REFUSED = "Ændringer er ikke tilladt: SPARQL-endpointet kan kun læse."


class SparqlError(NavigatorError):
    """A query that was refused, failed to parse, ran too long or returned too much."""

    def __init__(self, message: str, status: int = 400) -> None:
        super().__init__(message)
        self.status = status


@dataclass(frozen=True)
class Result:
    """A query result: SELECT rows, an ASK boolean, or CONSTRUCT/DESCRIBE triples."""

    kind: str  # select | ask | graph
    variables: list[str] = field(default_factory=list)
    rows: list[dict[str, dict[str, str]]] = field(default_factory=list)
    boolean: bool | None = None
    triples: list[str] = field(default_factory=list)
    seconds: float = 0.0


def load_store(graph: Graph) -> ox.Store:
    """A fresh in-memory pyoxigraph store holding the graph's triples."""
    store = ox.Store()
    store.bulk_load(ntriples(graph).encode("utf-8"), ox.RdfFormat.N_TRIPLES)
    return store


def refuse_update(query: str) -> None:
    """Raise SparqlError if the text is a SPARQL Update rather than a query."""
    match = _UPDATE.match(_COMMENT.sub("", query))
    if match:
        raise SparqlError(f"{UPDATE_REFUSED[:-1]} ({match.group(1).upper()} blev afvist).",
                          403)


def _term(term: Any) -> dict[str, str]:
    """A pyoxigraph term as a SPARQL 1.1 JSON results term."""
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    out = {"type": "literal", "value": term.value}
    if term.language:
        out["xml:lang"] = term.language
    elif term.datatype.value != "http://www.w3.org/2001/XMLSchema#string":
        out["datatype"] = term.datatype.value
    return out


def _evaluate(store: ox.Store, query: str, max_rows: int) -> Result:
    """Run the query in this process; raise SparqlError past max_rows."""
    try:
        answer = store.query(query, prefixes=PREFIXES)
    except SyntaxError as exc:
        raise SparqlError(f"Forespørgslen kunne ikke læses: {exc}") from exc
    if isinstance(answer, ox.QueryBoolean):
        return Result("ask", boolean=bool(answer))
    if isinstance(answer, ox.QuerySolutions):
        variables = [v.value for v in answer.variables]
        rows: list[dict[str, dict[str, str]]] = []
        for solution in answer:
            if len(rows) == max_rows:
                raise _too_many(max_rows)
            rows.append({v: _term(solution[v]) for v in variables if solution[v] is not None})
        return Result("select", variables, rows)
    triples: list[str] = []
    for triple in answer:
        if len(triples) == max_rows:
            raise _too_many(max_rows)
        triples.append(f"{triple.subject} {triple.predicate} {triple.object} .")
    return Result("graph", triples=triples)


def _too_many(limit: int) -> SparqlError:
    return SparqlError(f"Svaret har mere end {limit} rækker; tilføj LIMIT {limit} "
                       f"(eller en mindre LIMIT) til forespørgslen.", 413)


def _child(conn: Connection, store: ox.Store, query: str, max_rows: int) -> None:
    try:
        conn.send(("ok", _evaluate(store, query, max_rows)))
    except SparqlError as exc:
        conn.send(("error", (exc.message, exc.status)))
    except Exception as exc:  # report anything else instead of dying silently
        conn.send(("error", (f"Forespørgslen mislykkedes: {exc}", 400)))
    finally:
        conn.close()


def run_query(store: ox.Store, query: str, time_limit: float = TIME_LIMIT,
              max_rows: int = MAX_ROWS) -> Result:
    """Run a read-only query with a hard time limit and a row limit."""
    refuse_update(query)
    start = time.perf_counter()
    if "fork" not in mp.get_all_start_methods():  # no isolation: in-process, row limit only
        result = _evaluate(store, query, max_rows)
    else:
        result = _forked(store, query, time_limit, max_rows)
    return Result(result.kind, result.variables, result.rows, result.boolean, result.triples,
                  time.perf_counter() - start)


def _forked(store: ox.Store, query: str, time_limit: float, max_rows: int) -> Result:
    ctx = mp.get_context("fork")
    receiver, sender = ctx.Pipe(duplex=False)
    child = ctx.Process(target=_child, args=(sender, store, query, max_rows), daemon=True)
    child.start()
    sender.close()
    try:
        if not receiver.poll(time_limit):
            raise SparqlError(f"Forespørgslen tog mere end {time_limit:g} s og blev stoppet; "
                              "afgræns den, eller tilføj en LIMIT.", 503)
        status, payload = receiver.recv()
    except EOFError as exc:
        raise SparqlError("Forespørgslen stoppede uden at give et svar.", 500) from exc
    finally:
        receiver.close()
        if child.is_alive():
            child.kill()
        child.join()
    if status == "error":
        raise SparqlError(*payload)
    result: Result = payload
    return result


def to_json(result: Result) -> str:
    """SPARQL 1.1 Query Results JSON (graph results as a list of N-Triples lines)."""
    if result.kind == "ask":
        return json.dumps({"head": {}, "boolean": result.boolean})
    if result.kind == "graph":
        return json.dumps({"head": {}, "triples": result.triples}, ensure_ascii=False)
    data = {"head": {"vars": result.variables}, "results": {"bindings": result.rows}}
    return json.dumps(data, ensure_ascii=False)


def to_csv(result: Result) -> str:
    """SPARQL 1.1 Query Results CSV: plain values, IRIs as they are."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    if result.kind == "ask":
        writer.writerows([["boolean"], ["true" if result.boolean else "false"]])
    elif result.kind == "graph":
        writer.writerow(["triple"])
        writer.writerows([t] for t in result.triples)
    else:
        writer.writerow(result.variables)
        for row in result.rows:
            writer.writerow([row[v]["value"] if v in row else "" for v in result.variables])
    return out.getvalue()


def serialise(result: Result, fmt: str) -> tuple[str, str]:
    """Result text and media type for 'json' or 'csv'."""
    if fmt == "csv":
        return to_csv(result), MEDIA_TYPES["csv"]
    return to_json(result), MEDIA_TYPES["json"]


EXAMPLES = {
    "Tilbud en forælder selv kan kontakte uden henvisning i Gentofte": """\
# Samme svar som Find hjælp for Gentofte (kun dem uden henvisning). Akutte numre: se /akut/.
SELECT ?tilbud ?navn ?status ?daekning WHERE {
  ?tilbud a schema:Service ; schema:name ?navn ; nav:selfReferral true ;
          nav:serviceStatus "active" .
  FILTER NOT EXISTS { ?tilbud nav:partOfService ?hovedtilbud }  # delforløb
  FILTER NOT EXISTS { ?tilbud nav:urgent true }
  FILTER NOT EXISTS { ?tilbud nav:audience "professionals" }
  FILTER NOT EXISTS { ?tilbud nav:startingPoint false }
  # uden areaServed: hele landet; ellers skal kommunen, dens klynge eller region være med
  FILTER (NOT EXISTS { ?tilbud schema:areaServed ?o }
    || EXISTS { ?tilbud schema:areaServed ?o . FILTER (?o = id:gentofte
         || EXISTS { id:gentofte nav:partOf ?o } || EXISTS { ?o nav:hasMember id:gentofte }) })
  # den nyeste registrering for kommunen, dens klynge eller region gælder
  OPTIONAL {
    ?tilbud nav:coverage ?d . ?d nav:coveragePlace ?sted ; nav:coverageStatus ?registreret ;
            nav:asOf ?dato .
    FILTER (?sted = id:gentofte || EXISTS { id:gentofte nav:partOf ?sted }
            || EXISTS { ?sted nav:hasMember id:gentofte })
    FILTER NOT EXISTS {
      ?tilbud nav:coverage ?nyere . ?nyere nav:coveragePlace ?sted2 ; nav:asOf ?dato2 .
      FILTER (?dato2 > ?dato && (?sted2 = id:gentofte || EXISTS { id:gentofte nav:partOf ?sted2 }
              || EXISTS { ?sted2 nav:hasMember id:gentofte }))
    }
  }
  # lovkrav, medmindre en registrering siger mere end "ukendt" eller "planlagt"
  BIND (IF(EXISTS { ?tilbud nav:requiredByLaw true }
           && (!BOUND(?registreret) || ?registreret IN ("unknown", "planned")), "statutory",
    COALESCE(?registreret,
    IF(EXISTS { ?tilbud nav:coverage ?andetsteds } || EXISTS { ?tilbud nav:sector "kommune" },
       "unknown",
    IF(EXISTS { ?tilbud schema:areaServed ?omraade }, "regional", "national")))) AS ?status)
  VALUES (?status ?daekning) {
    ("offered" "Tilbydes") ("statutory" "Lovkrav: skal findes i alle kommuner")
    ("regional" "Findes i regionen") ("national" "Landsdækkende")
    ("planned" "Planlagt – spørg kommunen") ("unknown" "Ukendt – spørg kommunen") }
} ORDER BY ?navn""",
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
