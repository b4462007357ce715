"""Exports on the web: diagram downloads, data files, entity IRIs and the SPARQL endpoint."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    jsonify,
    redirect,
    render_template,
    request,
    url_for,
)
from flask.typing import ResponseReturnValue
from markupsafe import Markup
from werkzeug.routing import BuildError

from ..build import Site, jsonld, ntriples, turtle
from ..core import urls
from ..core.urls import DIAGRAM_FORMATS, PAGE_KINDS
from ..diagrams.diagram import KINDS, Diagram, UnknownEntity, diagram, inline_svg, render_file
from ..diagrams.dotwriter import DiagramError
from ..graph.sparql import (
    MAX_BYTES,
    MAX_ROWS,
    TIME_LIMIT,
    UPDATE_REFUSED,
    WORKERS,
    QueryPool,
    Result,
    SparqlError,
    examples,
    load_store,
    run_query,
    serialise,
)
from ..graph.vocab import ID, iri
from . import tables
from .app import state
from .presenters.review import review_page

bp = Blueprint("downloads", __name__)
CACHE = "navigator.web.tables"
SEGMENTS = {segment: kind for kind, segment in KINDS.items()}
DATA_FILES: dict[str, tuple[str, Callable[[Site], str]]] = {
    "graph.ttl": ("text/turtle; charset=utf-8", lambda s: turtle(s.graph)),
    "graph.jsonld": ("application/ld+json", lambda s: jsonld(s.graph)),
    "graph.nt": ("application/n-triples", lambda s: ntriples(s.graph)),
    "hvem-goer-hvad.csv": ("text/csv; charset=utf-8", tables.who_does_what_csv),
    "hvem-goer-hvad-excel.csv": ("text/csv; charset=utf-8", tables.who_does_what_excel_csv),
    "tilbud-kommuner.csv": ("text/csv; charset=utf-8", tables.services_by_kommune_csv),
    "tilbud-kommuner-excel.csv": ("text/csv; charset=utf-8", tables.services_by_kommune_excel_csv),
    "tilbud.hsds.json": ("application/json", tables.hsds_json),
}
RDF_TYPES = {"text/turtle": "turtle", "application/ld+json": "json-ld"}
PEOPLE_FORMATS = ("pdf", "png")
"""Diagram formats people use (print, a slide), offered first; the technical ones after."""
TECHNICAL_FORMATS = tuple(f for f in DIAGRAM_FORMATS if f not in PEOPLE_FORMATS)
FORMAT_LABELS = {f: f.upper() for f in DIAGRAM_FORMATS} | {"dot": "DOT (Graphviz)"}
_DATA_NAMES = ",".join(f'"{name}"' for name in DATA_FILES)  # the names in the data files' rule
View = TypeVar("View", bound=Callable[..., ResponseReturnValue])


def route(endpoint: str, rule: str | None = None, **options: Any) -> Callable[[View], View]:
    """Register a view at its rule in urls.ROUTES, or at a rule made from it."""

    def register(fn: View) -> View:
        bp.add_url_rule(rule or urls.ROUTES[f"{bp.name}.{endpoint}"], endpoint, fn, **options)
        return fn

    return register


@dataclass
class SparqlEndpoint:
    """The SPARQL worker pool of one site; a new site gets a new pool, the old one is closed."""

    site: Site
    pool: QueryPool | None = None
    lock: threading.Lock = field(default_factory=threading.Lock)

    def query_pool(self) -> QueryPool:
        """The pool of worker processes for this site, started on first use."""
        with self.lock:
            if self.pool is None:
                config = current_app.config
                self.pool = QueryPool(
                    load_store(self.site.graph),
                    size=config.get("SPARQL_WORKERS", WORKERS),
                    time_limit=config.get("SPARQL_TIME_LIMIT", TIME_LIMIT),
                )
            return self.pool

    def close(self) -> None:
        """Stop this site's workers."""
        with self.lock:
            if self.pool is not None:
                self.pool.close()


_ENDPOINT_LOCK = threading.Lock()


def endpoint() -> SparqlEndpoint:
    """The SPARQL endpoint of the site being served now."""
    site = state(current_app).site
    with _ENDPOINT_LOCK:
        current: SparqlEndpoint | None = current_app.extensions.get(CACHE)
        if current is None or current.site is not site:
            if current is not None:
                current.close()
            current = SparqlEndpoint(site)
            current_app.extensions[CACHE] = current
    return current


def site_now() -> Site:
    """The site being served now."""
    return state(current_app).site


def cached_bytes(key: tuple[str, ...], make: Callable[[], bytes]) -> bytes:
    """A rendered file, kept in the site's one bounded memo."""
    body: bytes = state(current_app).cached(("export", *key), make)
    return body


# ---- diagrams --------------------------------------------------------------------------------


def _diagram_file(kind: str, entity_id: str | None, fmt: str) -> Response:
    try:
        item: Diagram = diagram(site_now(), kind, entity_id)
        body = cached_bytes(("diagram", kind, entity_id or "", fmt), lambda: render_file(item, fmt))
    except UnknownEntity:
        abort(404)
    except DiagramError as exc:
        current_app.logger.error("diagram failed: %s", exc)
        abort(503)
    response = Response(body, mimetype=DIAGRAM_FORMATS[fmt].split(";")[0])
    response.headers["Content-Type"] = DIAGRAM_FORMATS[fmt]
    response.headers["Content-Disposition"] = f'inline; filename="{item.slug}.{fmt}"'
    return response


@bp.app_template_global()
def diagram_downloads(segment: str, entity_id: str) -> list[tuple[str, str]]:
    """(label, url) for each download of a pathway, role or kommune diagram, PDF first."""
    return [
        (FORMAT_LABELS[f], url_for("downloads.diagram_file", segment=segment, id=entity_id, fmt=f))
        for f in (*PEOPLE_FORMATS, *TECHNICAL_FORMATS)
    ]


@route("diagram_file")
def diagram_file(segment: str, id: str, fmt: str) -> Response:
    """A pathway, role or kommune diagram as DOT, SVG, PNG or PDF."""
    return _diagram_file(SEGMENTS[segment], id, fmt)


@route("overview_file")
def overview_file(fmt: str) -> Response:
    """The overview of all pathways as DOT, SVG, PNG or PDF."""
    return _diagram_file("overview", None, fmt)


def export_page(site: Site) -> dict[str, Any]:
    """The export page's dict: diagrams per pathway, role and kommune, and the data files."""
    cat = site.catalogue
    groups = [
        ("forloeb", "Forløb", sorted((p.name, p.id) for p in cat.pathways.values())),
        ("roller", "Roller", sorted((r.name, r.id) for r in cat.roles.values())),
        ("kommuner", "Kommuner", [(k.name, k.id) for k in cat.kommuner()]),
    ]
    return {
        "title": "Eksport: diagrammer og data",
        "formats": [*PEOPLE_FORMATS, *TECHNICAL_FORMATS],
        "people_formats": list(PEOPLE_FORMATS),
        "technical_formats": list(TECHNICAL_FORMATS),
        "groups": groups,
        "data": list(DATA_FILES),
        "id_base": ID,  # every entity's IRI is this and its id (vocab.ID, written once)
    }


@route("index")
def index() -> ResponseReturnValue:
    """Every download: diagrams per pathway, role and kommune, and the data files."""
    return render_template("eksport.html", page=export_page(site_now()))


@route("review")
def review() -> ResponseReturnValue:
    """What goes stale in the whole guide, by owner and date (as `navigator review`)."""
    return render_template("review.html", page=review_page(site_now()))


@route("review_place")
def review_place(id: str) -> ResponseReturnValue:
    """The same list for a region or a kommune."""
    page = review_page(site_now(), id)
    if page is None:
        abort(404)
    return render_template("review.html", page=page)


@route("index_json")
def index_json() -> ResponseReturnValue:
    """The export page's dict as JSON, like every other page's '.json' twin."""
    return jsonify(export_page(site_now()))


@route("pathway_diagram")
def pathway_diagram(id: str) -> ResponseReturnValue:
    """A pathway diagram at full size in a scrollable box, with zoom buttons (own script)."""
    current = site_now()
    pathway = current.catalogue.pathways.get(id)
    if pathway is None:
        abort(404)
    try:
        item = diagram(current, "pathway", id)
        svg = cached_bytes(("inline-svg", id), lambda: inline_svg(item).encode("utf-8"))
    except DiagramError as exc:
        current_app.logger.error("diagram failed: %s", exc)
        abort(503)
    page = {
        "title": f"Diagram: {pathway.name}",
        "id": id,
        "name": pathway.name,
        "url": url_for("guide.pathway", id=id),
    }
    return render_template("pathway_diagram.html", page=page, svg=Markup(svg.decode("utf-8")))


# ---- data files ------------------------------------------------------------------------------


@route("data_file", urls.ROUTES["downloads.data_file"].format(names=_DATA_NAMES))
def data_file(name: str) -> Response:
    """The compiled graph and the CSV and HSDS exports."""
    media_type, make = DATA_FILES[name]
    current = site_now()
    body = cached_bytes(("data", name), lambda: make(current).encode("utf-8"))
    response = Response(body)
    response.headers["Content-Type"] = media_type
    return response


@route("entity_csv", defaults={"excel": False})
@route("entity_csv", urls.excel_twin(urls.ROUTES["downloads.entity_csv"]), defaults={"excel": True})
def entity_csv(segment: str, id: str, excel: bool) -> Response:
    """One pathway (steps and handovers) or kommune (offers) as CSV; '.excel.csv' uses ';'."""
    text = tables.entity_csv(site_now(), segment, id, excel)
    if text is None:
        abort(404)
    body = cached_bytes(("csv", segment, id, str(excel)), lambda: text.encode("utf-8"))
    name = f"{id}-excel.csv" if excel else f"{id}.csv"
    response = Response(body)
    response.headers["Content-Type"] = "text/csv; charset=utf-8"
    response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@bp.app_template_global()
def table_downloads(segment: str, entity_id: str) -> list[tuple[str, str]]:
    """(label, url) for a pathway's or kommune's CSV: for Danish Excel and standard."""
    return [
        (
            "Regneark til Excel (CSV med semikolon)",
            url_for("downloads.entity_csv", segment=segment, id=entity_id, excel=True),
        ),
        (
            "CSV (komma)",
            url_for("downloads.entity_csv", segment=segment, id=entity_id, excel=False),
        ),
    ]


# ---- entity IRIs -----------------------------------------------------------------------------


def _page_url(site: Site, entity_id: str) -> str:
    """Where a person reading an entity IRI should go."""
    entity = site.catalogue.get(entity_id)
    owner = site.catalogue.get(entity_id.split("--")[0]) if entity is None else entity
    kind = getattr(owner, "kind", None)
    if owner is not None and kind in PAGE_KINDS:
        try:
            return url_for(f"guide.{kind}", id=owner.id)
        except BuildError:
            pass
    return url_for("guide.search_page", q=entity_id)


@route("entity")
def entity(id: str) -> ResponseReturnValue:
    """An entity IRI: Turtle or JSON-LD triples by Accept header, else 303 to its page."""
    site = site_now()
    if site.catalogue.get(id) is None and next(site.graph.predicate_objects(iri(id)), None) is None:
        abort(404)  # an unknown part of a known entity ('kit--junk') is unknown too
    wanted = request.accept_mimetypes.best_match(["text/html", *RDF_TYPES])
    rdf = tables.entity_rdf(site, id, RDF_TYPES[wanted]) if wanted in RDF_TYPES else None
    if rdf is None:
        response = redirect(_page_url(site, id), code=303)
    else:
        response = Response(rdf, content_type=f"{wanted}; charset=utf-8")
    response.headers["Vary"] = "Accept"
    return response


# ---- SPARQL ----------------------------------------------------------------------------------


def _query_text() -> str | None:
    """The query from ?query=, a form field, or an application/sparql-query body."""
    if request.method == "POST" and request.mimetype == "application/sparql-query":
        return request.get_data(as_text=True)
    return request.values.get("query") or None


def _wanted_format() -> str:
    explicit = request.values.get("format", "").lower()
    if explicit in ("json", "csv", "html"):
        return explicit
    best = request.accept_mimetypes.best_match(
        ["text/html", "application/sparql-results+json", "application/json", "text/csv"]
    )
    return {"text/csv": "csv", "text/html": "html", None: "json"}.get(best, "json")


def _sparql_page(
    query: str, result: Result | None = None, error: str | None = None, status: int = 200
) -> tuple[str, int]:
    limits = {
        "seconds": f"{current_app.config.get('SPARQL_TIME_LIMIT', TIME_LIMIT):g}",
        "rows": f"{MAX_ROWS:,}".replace(",", "."),
        "megabytes": MAX_BYTES // 1_000_000,
    }
    page: dict[str, Any] = {
        "title": "SPARQL",
        "query": query,
        "examples": examples(site_now().today),
        "result": result,
        "error": error,
        "limits": limits,
    }
    return render_template("sparql.html", page=page), status


@route("sparql", methods=["GET", "POST"])
def sparql() -> ResponseReturnValue:
    """Read-only SPARQL: an HTML form, or JSON and CSV results by Accept or ?format=."""
    fmt = _wanted_format()
    if request.mimetype == "application/sparql-update" or "update" in request.values:
        return _refuse(SparqlError(UPDATE_REFUSED, 403), fmt, "")
    query = _query_text()
    if query is None:
        return _sparql_page(next(iter(examples(site_now().today).values())))
    try:
        result = run_query(endpoint().query_pool(), query)
    except SparqlError as exc:
        return _refuse(exc, fmt, query)
    if fmt == "html":
        return _sparql_page(query, result)
    text, media_type = serialise(result, fmt)
    return Response(text, content_type=media_type, headers={"Cache-Control": "no-store"})


def _refuse(error: SparqlError, fmt: str, query: str) -> ResponseReturnValue:
    headers = {"Cache-Control": "no-store"}
    if error.retry_after:
        headers["Retry-After"] = str(error.retry_after)
    if fmt == "html":
        page, status = _sparql_page(query, error=error.message, status=error.status)
        return page, status, headers
    if fmt == "csv":
        return Response(
            error.message + "\n",
            status=error.status,
            headers=headers,
            content_type="text/plain; charset=utf-8",
        )
    return {"error": error.status, "message": error.message}, error.status, headers
