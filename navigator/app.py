"""The Flask app factory: one Site in app.extensions, security headers, error pages."""

from __future__ import annotations

import importlib
import logging
import re
import secrets
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from flask import Flask, abort, g, redirect, render_template, request, send_from_directory
from flask.typing import ResponseReturnValue
from markupsafe import Markup
from werkzeug.exceptions import HTTPException
from werkzeug.routing import BaseConverter, RequestRedirect
from werkzeug.wrappers import Response

if TYPE_CHECKING:
    from _typeshed.wsgi import StartResponse, WSGIApplication, WSGIEnvironment

from . import paths
from .build import Site, build_site
from .problems import Problem
from .search import SearchIndex, build_index

EXTENSION = "navigator"
DKFDS_DIST = paths.NODE_MODULES / "dkfds" / "dist"
CSP = ("default-src 'self'; script-src 'self' 'nonce-{nonce}'; style-src 'self'; "
       "img-src 'self' data:; font-src 'self'; object-src 'none'; base-uri 'none'; "
       "form-action 'self'; frame-ancestors 'none'")
OPTIONAL_BLUEPRINTS = ("navigator.export_views",)
# the headers every answer carries; CSP without a nonce where Flask's own hook did not run
SECURITY_HEADERS = (
    ("Content-Security-Policy", CSP.replace(" 'nonce-{nonce}'", "")),
    ("X-Content-Type-Options", "nosniff"),
    ("Referrer-Policy", "strict-origin-when-cross-origin"),
    ("X-Frame-Options", "DENY"),
    ("Permissions-Policy", "geolocation=(), camera=(), microphone=()"),
)
MEMO_ENTRIES = 1024  # values kept per site (pages, diagrams, data files), least recently used go
MEMO_BYTES = 64 * 1024 * 1024  # and at most about this many bytes of text and files
MAX_CONTENT_LENGTH = 1024 * 1024  # request bodies (a SPARQL query by POST) larger than this: 413
# a host name (labels of 1-63 letters, digits, hyphens) or an IPv4/IPv6 address, with a port
_HOST = re.compile(r"(?:(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)*"
                   r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.?|\[[0-9A-Fa-f:.]+\])"
                   r"(?::[0-9]{1,5})?")
BAD_HOST = "navigator.bad_host"
log = logging.getLogger("navigator.app")


def _size(value: Any) -> int:
    """Roughly what a memo entry costs: the length of text and files, 1 KB for a page dict."""
    return len(value) if isinstance(value, (str, bytes)) else 1024


@dataclass
class SiteState:
    """The site being served, its search index, and the problems of a rejected rebuild."""

    site: Site
    index: SearchIndex
    rejected: tuple[Problem, ...] = ()
    lock: threading.Lock = field(default_factory=threading.Lock, repr=False)
    memo: OrderedDict[tuple[str, ...], Any] = field(default_factory=OrderedDict, repr=False)
    memo_bytes: int = 0

    def cached(self, key: tuple[str, ...], make: Callable[[], Any]) -> Any:
        """A value computed once per site (a page, a diagram, a data file); cleared on swap.

        A bounded LRU: a miss (None, or an exception from make) is never kept, and the least
        recently used values go first, so requests for unknown or ever new ids cannot make
        the server grow.
        """
        site = self.site
        with self.lock:
            if key in self.memo:
                self.memo.move_to_end(key)
                return self.memo[key]
        value = make()
        if value is not None:
            with self.lock:
                if self.site is site:  # do not store a value made from a site just replaced
                    self._keep(key, value)
        return value

    def _keep(self, key: tuple[str, ...], value: Any) -> None:
        if key in self.memo:
            self.memo_bytes -= _size(self.memo.pop(key))
        self.memo[key] = value
        self.memo_bytes += _size(value)
        while len(self.memo) > MEMO_ENTRIES or (self.memo_bytes > MEMO_BYTES
                                                and len(self.memo) > 1):
            self.memo_bytes -= _size(self.memo.popitem(last=False)[1])

    def swap(self, site: Site) -> bool:
        """Serve a new build if it has no errors; otherwise keep the last good one."""
        if not site.ok:
            self.rejected = site.problems
            return False
        index = build_index(site)
        with self.lock:
            self.site, self.index, self.rejected = site, index, ()
            self.memo, self.memo_bytes = OrderedDict(), 0
        return True

    @property
    def banner(self) -> list[str]:
        """Problems an editor should see: a rejected rebuild, or errors in the current one."""
        problems = self.rejected or tuple(p for p in self.site.problems if p.severity == "error")
        return [str(p) for p in problems]


class SlugConverter(BaseConverter):
    """Ids are slugs: a-z, 0-9 and hyphens, so '<id>.json' is never ambiguous."""

    regex = r"[a-z0-9][a-z0-9-]*"


def create_app(site: Site | None = None, config: dict[str, Any] | None = None,
               pathways_dir: Path | None = None) -> Flask:
    """Build the guide for a site (built from pathways_dir when not given)."""
    app = Flask(__name__, template_folder=str(paths.TEMPLATES), static_folder=str(paths.STATIC),
                static_url_path="/static")
    app.config.update(SHOW_PROBLEMS=True, JSON_SORT_KEYS=False,
                      MAX_CONTENT_LENGTH=MAX_CONTENT_LENGTH)
    app.config.update(config or {})
    app.json.ensure_ascii = False  # type: ignore[attr-defined]
    app.json.sort_keys = False  # type: ignore[attr-defined]
    app.url_map.converters["slug"] = SlugConverter
    app.url_map.strict_slashes = True
    site = site or build_site(pathways_dir or paths.PATHWAYS, shacl=False)
    app.extensions[EXTENSION] = SiteState(site, build_index(site))
    app.add_url_rule("/dkfds/<path:filename>", "dkfds", _dkfds)
    register_blueprints(app)
    _install_guards(app)
    _install_headers(app)
    _install_errors(app)
    _install_context(app)
    app.wsgi_app = Guard(app.wsgi_app)  # type: ignore[method-assign]
    return app


def state(app: Flask) -> SiteState:
    """The SiteState of an app."""
    value: SiteState = app.extensions[EXTENSION]
    return value


def register_blueprints(app: Flask) -> None:
    """The guide, and any optional blueprint (exports, diagrams, SPARQL) that is installed."""
    from .views import bp
    app.register_blueprint(bp)
    for name in OPTIONAL_BLUEPRINTS:
        try:
            module = importlib.import_module(name)
        except ImportError:
            continue
        app.register_blueprint(module.bp)


def _dkfds(filename: str) -> Response:
    """DKFDS CSS, fonts and icons, served from node_modules (never copied into the repo)."""
    response = send_from_directory(DKFDS_DIST, filename, max_age=86400)
    return response


def csp_nonce() -> str:
    """The nonce for this request's one JSON-LD script tag."""
    if "csp_nonce" not in g:
        g.csp_nonce = secrets.token_urlsafe(16)
    value: str = g.csp_nonce
    return value


class Guard:
    """The WSGI layer around Flask: a sane Host, the security headers on every answer, and
    never a bare server error, even when Flask's own error handling fails."""

    def __init__(self, app: WSGIApplication) -> None:
        self.app = app

    def __call__(self, environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        """Check the Host, then let Flask answer; add any security header it left out."""
        host = environ.get("HTTP_HOST")
        if host is not None and not valid_host(host):
            environ[BAD_HOST] = True  # Flask answers 400; werkzeug must not see the bad name
            environ["HTTP_HOST"] = "localhost"

        def start(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Any:
            present = {name.lower() for name, _ in headers}
            headers += [(n, v) for n, v in SECURITY_HEADERS if n.lower() not in present]
            return start_response(status, headers, exc_info)

        try:
            return self.app(environ, start)
        except Exception:  # Flask's error handler itself failed: answer plainly
            log.exception("error while handling an error")
            start_response("500 Internal Server Error",
                           [("Content-Type", "text/plain; charset=utf-8"),
                            ("Cache-Control", "no-store"), *SECURITY_HEADERS])
            return ["Der skete en fejl hos os. Prøv igen om lidt.\n".encode()]


def valid_host(host: str) -> bool:
    """Whether a Host header is a well-formed host name or address, with an optional port."""
    return len(host) <= 255 and _HOST.fullmatch(host) is not None


def _install_guards(app: Flask) -> None:
    @app.before_request
    def guards() -> ResponseReturnValue | None:
        if request.environ.get(BAD_HOST):
            abort(400)
        moved = request.routing_exception
        if isinstance(moved, RequestRedirect):  # werkzeug's would name the client's Host
            return relative_redirect(moved)
        return None


def relative_redirect(moved: RequestRedirect) -> Response:
    """The trailing-slash redirect with a path-only Location, so no Host is ever echoed."""
    parts = urlsplit(moved.new_url)
    target = parts.path + (f"?{parts.query}" if parts.query else "")
    response = redirect(target, code=moved.code)
    response.autocorrect_location_header = False
    return response


def _install_headers(app: Flask) -> None:
    @app.after_request
    def headers(response: Response) -> Response:
        response.headers["Content-Security-Policy"] = CSP.format(nonce=csp_nonce())
        for name, value in SECURITY_HEADERS[1:]:
            response.headers[name] = value
        # pages change only with a new build: revalidate, never serve stale
        response.headers.setdefault("Cache-Control", "no-cache")
        return response


def _install_errors(app: Flask) -> None:
    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException) -> ResponseReturnValue:
        code = error.code or 500
        if code < 400:  # a routing redirect reaching here is an answer, not an error
            return error.get_response()
        headers = [(k, v) for k, v in error.get_headers() if k.lower() != "content-type"]
        if request.path.endswith(".json") or _wants_json():
            return {"error": code, "message": _error_title(code)}, code, headers
        page = {"title": _error_title(code), "code": code}
        return render_template("error.html", page=page), code, headers

    @app.errorhandler(Exception)
    def server_error(error: Exception) -> ResponseReturnValue:
        app.logger.exception("unhandled error", exc_info=error)
        if request.path.endswith(".json") or _wants_json():
            return {"error": 500, "message": _error_title(500)}, 500
        page = {"title": _error_title(500), "code": 500}
        return render_template("error.html", page=page), 500


def _wants_json() -> bool:
    """Whether the client asked for JSON rather than a page."""
    json_types = ["application/json", "application/sparql-results+json"]
    return request.accept_mimetypes.best_match(["text/html", *json_types]) in json_types


def _error_title(code: int) -> str:
    titles = {400: "Forespørgslen kunne ikke forstås", 404: "Siden findes ikke",
              405: "Den slags forespørgsel tager siden ikke imod",
              413: "Forespørgslen er for stor", 414: "Adressen er for lang",
              429: "For mange forespørgsler lige nu", 500: "Der skete en fejl hos os",
              503: "Siden har travlt lige nu"}
    return titles.get(code, "Der skete en fejl")


def _install_context(app: Flask) -> None:
    from .explain import explain, glossary_index
    from .presenters import bar_region, urgent_bar

    indexes: dict[int, Any] = {}  # the glossary index of the current site (it may be rebuilt)

    @app.template_filter("explain")
    def explain_filter(text: str | None) -> Markup:
        """Glossary terms explained on their first use on the page."""
        site = state(app).site
        if id(site) not in indexes:
            indexes.clear()
            indexes[id(site)] = glossary_index(site.catalogue)
        seen: set[str] = g.setdefault("explained_terms", set())
        return explain(text, indexes[id(site)], seen)

    @app.context_processor
    def layout() -> dict[str, Any]:
        current = state(app)
        # the region comes from the URL only (no cookies): /akut/<region>/, ?region=, ?kommune=
        region = bar_region(current.site.catalogue, request.endpoint, request.view_args or {},
                            request.args.to_dict())
        return {"urgent": urgent_bar(current.site, region), "csp_nonce": csp_nonce,
                "problems": current.banner if app.config["SHOW_PROBLEMS"] else [],
                "static_site": app.config.get("FREEZING", False),
                "has_exports": "export.index" in app.view_functions}
