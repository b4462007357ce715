"""The Flask app factory: one Site in app.extensions, security headers, error pages."""

from __future__ import annotations

import importlib
import secrets
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from flask import Flask, g, render_template, request, send_from_directory
from flask.typing import ResponseReturnValue
from markupsafe import Markup
from werkzeug.exceptions import HTTPException
from werkzeug.routing import BaseConverter
from werkzeug.wrappers import Response

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


@dataclass
class SiteState:
    """The site being served, its search index, and the problems of a rejected rebuild."""

    site: Site
    index: SearchIndex
    rejected: tuple[Problem, ...] = ()
    lock: threading.Lock = field(default_factory=threading.Lock, repr=False)
    memo: dict[tuple[str, ...], Any] = field(default_factory=dict, repr=False)

    def cached(self, key: tuple[str, ...], make: Callable[[], Any]) -> Any:
        """A value computed once per site (e.g. a rendered diagram); cleared on swap."""
        site = self.site
        value = self.memo.get(key)
        if value is None:
            value = make()
            with self.lock:
                if self.site is site:  # do not store a value made from a site just replaced
                    self.memo[key] = value
        return value

    def swap(self, site: Site) -> bool:
        """Serve a new build if it has no errors; otherwise keep the last good one."""
        if not site.ok:
            self.rejected = site.problems
            return False
        index = build_index(site)
        with self.lock:
            self.site, self.index, self.rejected, self.memo = site, index, (), {}
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
    app.config.update(SHOW_PROBLEMS=True, JSON_SORT_KEYS=False)
    app.config.update(config or {})
    app.json.ensure_ascii = False  # type: ignore[attr-defined]
    app.json.sort_keys = False  # type: ignore[attr-defined]
    app.url_map.converters["slug"] = SlugConverter
    app.url_map.strict_slashes = True
    site = site or build_site(pathways_dir or paths.PATHWAYS, shacl=False)
    app.extensions[EXTENSION] = SiteState(site, build_index(site))
    app.add_url_rule("/dkfds/<path:filename>", "dkfds", _dkfds)
    register_blueprints(app)
    _install_headers(app)
    _install_errors(app)
    _install_context(app)
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


def _install_headers(app: Flask) -> None:
    @app.after_request
    def headers(response: Response) -> Response:
        response.headers["Content-Security-Policy"] = CSP.format(nonce=csp_nonce())
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "strict-origin-when-cross-origin"
        response.headers["X-Frame-Options"] = "DENY"
        response.headers["Permissions-Policy"] = "geolocation=(), camera=(), microphone=()"
        return response


def _install_errors(app: Flask) -> None:
    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException) -> ResponseReturnValue:
        code = error.code or 500
        if request.path.endswith(".json"):
            return {"error": code, "message": error.name}, code
        return render_template("error.html", page={"title": _error_title(code), "code": code}), code

    @app.errorhandler(Exception)
    def server_error(error: Exception) -> ResponseReturnValue:
        app.logger.exception("unhandled error", exc_info=error)
        if request.path.endswith(".json"):
            return {"error": 500, "message": "Internal Server Error"}, 500
        page = {"title": _error_title(500), "code": 500}
        return render_template("error.html", page=page), 500


def _error_title(code: int) -> str:
    titles = {404: "Siden findes ikke", 500: "Der skete en fejl hos os"}
    return titles.get(code, "Der skete en fejl")


def _install_context(app: Flask) -> None:
    from .explain import explain, glossary_index
    from .presenters import urgent_bar

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
        return {"urgent": urgent_bar(current.site), "csp_nonce": csp_nonce,
                "problems": current.banner if app.config["SHOW_PROBLEMS"] else [],
                "static_site": app.config.get("FREEZING", False),
                "has_exports": "export.index" in app.view_functions}
