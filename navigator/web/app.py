"""The served app's parts: the SiteState with its bounded memory, answers kept as bytes, the
WSGI guard, security headers, error pages and the template context.

`navigator.web.factory.create_app` puts them together with the blueprints.
"""

from __future__ import annotations

import functools
import hashlib
import logging
import re
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qsl, urlsplit

from flask import Flask, abort, g, redirect, render_template, request, send_from_directory
from flask.typing import ResponseReturnValue
from markupsafe import Markup
from werkzeug.exceptions import HTTPException
from werkzeug.http import parse_etags
from werkzeug.routing import BaseConverter, RequestRedirect
from werkzeug.wrappers import Response

if TYPE_CHECKING:
    from _typeshed.wsgi import StartResponse, WSGIApplication, WSGIEnvironment

from ..answers.danger import MAX_CHARS
from ..answers.search import SEARCH_CUT
from ..build import Site
from ..core import paths, urls
from ..core.problems import Problem
from ..source.spans import danish_date
from .csp import BASE as CSP
from .csp import csp_for
from .explain import explain, glossary_index, page_terms
from .presenters import bar_region, urgent_bar

EXTENSION = "navigator"
DKFDS_DIST = paths.NODE_MODULES / "dkfds" / "dist"
# Snowball's Danish stemmer as an ES module (@orama/stemmers' "danish" export): the static
# search stems a word its table of forms lacks with it, where search.query_stems stems
STEMMER_JS = paths.NODE_MODULES / "@orama" / "stemmers" / "dist" / "dk.js"
# the headers every answer carries; an HTML page gets a CSP with the hashes of its own scripts
SECURITY_HEADERS = (
    ("Content-Security-Policy", CSP),
    ("X-Content-Type-Options", "nosniff"),
    ("Referrer-Policy", "strict-origin-when-cross-origin"),
    ("X-Frame-Options", "DENY"),
    ("Permissions-Policy", "geolocation=(), camera=(), microphone=()"),
)
# values kept per site (page dicts, rendered pages, diagrams, data files), least recently used go;
# the shipped site has about 1 350 URLs, so every page fits and the byte limit governs memory
MEMO_ENTRIES = 4096
MEMO_BYTES = 64 * 1024 * 1024  # and at most about this many bytes of text and files
# pages change only with a new build: the browser may keep them but asks every time (a 304 with
# the ETag costs a few bytes), so a new build shows at once
CACHE_CONTROL = "no-cache"
BAR_ARGS = ("region", "kommune")  # what the urgent bar reads from any page's query string
QUERY_ARGS = "navigator_query_args"  # view attribute: the query arguments its answer depends on
MAX_CONTENT_LENGTH = 1024 * 1024  # request bodies (a SPARQL query by POST) larger than this: 413
# a host name (labels of 1-63 letters, digits, hyphens) or an IPv4/IPv6 address, with a port
_HOST = re.compile(
    r"(?:(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)*"
    r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.?|\[[0-9A-Fa-f:.]+\])"
    r"(?::[0-9]{1,5})?"
)
BAD_HOST = "navigator.bad_host"
# what only the static site's scripts fetch (search-data.json is 1.3 MB nationally): on demand
SWAP_SKIPPED = frozenset({urls.FIND_DATA, urls.SEARCH_DATA})
QUERY_PAGES = "navigator.query_pages"  # app.extensions: path → query_args, see query_pages
log = logging.getLogger("navigator.web.app")


KEY_CUTS = {"bekymring": MAX_CHARS, "q": SEARCH_CUT}
"""The free-text arguments a view cuts before reading (presenters.find, views.search)."""
MAX_KEY_ARG = 100
"""Characters of any other argument a kept answer may have in its key (ids, ages)."""


def _key_size(key: tuple[str, ...]) -> int:
    """What a memo key costs: the length of its parts."""
    return sum(len(part) for part in key)


def _size(value: Any) -> int:
    """Roughly what a memo entry costs: the length of text and files, 1 KB for a page dict."""
    if isinstance(value, Page):
        return len(value.body) + 1024
    return len(value) if isinstance(value, (str, bytes)) else 1024


@dataclass(frozen=True)
class Page:
    """An answer rendered once and kept as bytes, with its headers and a strong ETag.

    Everything a hit needs is computed here, once: the header lists of the 200 and the 304
    (with Content-Length), so serving it is a dictionary lookup and a list copy.
    """

    body: bytes
    headers: tuple[tuple[str, str], ...]  # all of them but Content-Length: security, ETag, ...
    etag: str  # without quotes
    full: tuple[tuple[str, str], ...] = field(init=False, repr=False, compare=False)
    unchanged: tuple[tuple[str, str], ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        length = ("Content-Length", str(len(self.body)))
        without_type = tuple(h for h in self.headers if h[0] != "Content-Type")
        object.__setattr__(self, "full", (*self.headers, length))
        object.__setattr__(self, "unchanged", (*without_type, ("Content-Length", "0")))

    @classmethod
    def of(cls, response: Response) -> Page:
        """Keep a rendered answer; an HTML page's CSP holds the hashes of its inline scripts."""
        body = response.get_data()
        csp = csp_for(body.decode()) if response.mimetype == "text/html" else CSP
        ours = {name.lower() for name, _ in SECURITY_HEADERS} | {"content-length", "etag"}
        own = [(k, v) for k, v in response.headers.items() if k.lower() not in ours]
        if "Cache-Control" not in response.headers:
            own.append(("Cache-Control", CACHE_CONTROL))
        etag = hashlib.sha256(body).hexdigest()[:32]
        return cls(
            body,
            (*own, ("Content-Security-Policy", csp), *SECURITY_HEADERS[1:], ("ETag", f'"{etag}"')),
            etag,
        )

    def fresh(self, if_none_match: str | None) -> bool:
        """Whether the browser already has this version (If-None-Match names the ETag)."""
        if not if_none_match:
            return False
        if if_none_match == f'"{self.etag}"':  # what a browser sends back: skip the parser
            return True
        return bool(parse_etags(if_none_match).contains_weak(self.etag))

    def answer(self, if_none_match: str | None) -> tuple[str, list[tuple[str, str]], bytes]:
        """Status, headers (with Content-Length) and body: 304 without a body when the browser
        has this version."""
        if self.fresh(if_none_match):
            return "304 Not Modified", list(self.unchanged), b""
        return "200 OK", list(self.full), self.body

    def response(self) -> Response:
        """The kept answer as a Flask response to the current request."""
        status, headers, body = self.answer(request.headers.get("If-None-Match"))
        response = Response(body, status=int(status[:3]), headers=headers)
        return response


def keepable(response: Response) -> bool:
    """Whether an answer may be served from memory: a plain 200 the same for everyone."""
    return (
        response.status_code == 200
        and not response.is_streamed
        and not response.direct_passthrough
        and "Vary" not in response.headers
        and "Set-Cookie" not in response.headers
        and "no-store" not in response.headers.get("Cache-Control", "")
    )


@dataclass
class SiteState:
    """The site being served, and the problems of a rejected rebuild."""

    site: Site
    rejected: tuple[Problem, ...] = ()
    lock: threading.Lock = field(default_factory=threading.Lock, repr=False)
    memo: OrderedDict[tuple[str, ...], Any] = field(default_factory=OrderedDict, repr=False)
    memo_bytes: int = 0
    # the pages rendered at swap (render_at_swap) for this site: never evicted, replaced whole
    fixed: dict[tuple[str, ...], Page] = field(default_factory=dict, repr=False)
    prerender: Callable[[SiteState], object] | None = field(default=None, repr=False)

    def cached(self, key: tuple[str, ...], make: Callable[[], Any]) -> Any:
        """A value computed once per site (a page, a diagram, a data file); cleared on swap.

        A bounded LRU: a miss (None, or an exception from make) is never kept, and the least
        recently used values go first, so requests for unknown or ever new ids cannot make
        the server grow.
        """
        site = self.site
        value = self.peek(key)
        if value is not None:
            return value
        value = make()
        if value is not None:
            with self.lock:
                if self.site is site:  # do not store a value made from a site just replaced
                    self._keep(key, value)
        return value

    def peek(self, key: tuple[str, ...]) -> Any:
        """The value kept under key (now the most recently used), or None."""
        page = self.fixed.get(key)  # one dict read: fixed is replaced whole, never changed
        if page is not None:
            return page
        with self.lock:
            value = self.memo.get(key)
            if value is not None:
                self.memo.move_to_end(key)
            return value

    def _keep(self, key: tuple[str, ...], value: Any) -> None:
        # the bound counts the key too: a long query string is kept as part of its key
        if key in self.memo:
            self.memo_bytes -= _size(self.memo.pop(key)) + _key_size(key)
        self.memo[key] = value
        self.memo_bytes += _size(value) + _key_size(key)
        while len(self.memo) > MEMO_ENTRIES or (
            self.memo_bytes > MEMO_BYTES and len(self.memo) > 1
        ):
            old_key, old = self.memo.popitem(last=False)
            self.memo_bytes -= _size(old) + _key_size(old_key)

    def swap(self, site: Site) -> bool:
        """Serve a new build if it has no errors; otherwise keep the last good one."""
        if not site.ok:
            self.reject(site.problems)
            return False
        with self.lock:
            self.site, self.rejected = site, ()
            self.memo, self.memo_bytes, self.fixed = OrderedDict(), 0, {}
        if self.prerender is not None:  # the views read self.site: render once it is served
            self.prerender(self)
        return True

    def pin(self, site: Site, pages: dict[tuple[str, ...], Page]) -> None:
        """Keep pages rendered from site for its lifetime, unless another site came meanwhile."""
        with self.lock:
            if self.site is site and not self.rejected:
                self.fixed = pages

    def reject(self, problems: tuple[Problem, ...]) -> None:
        """Keep the last good build, and show why the new one was refused on every page."""
        with self.lock:  # pages kept in memory lack the banner: render them again
            self.rejected = problems
            self.memo, self.memo_bytes, self.fixed = OrderedDict(), 0, {}

    @property
    def banner(self) -> list[str]:
        """Problems an editor should see: a rejected rebuild, or errors in the current one."""
        problems = self.rejected or tuple(p for p in self.site.problems if p.severity == "error")
        return [str(p) for p in problems]


class SlugConverter(BaseConverter):
    """Ids are slugs: a-z, 0-9 and hyphens, so '<id>.json' is never ambiguous."""

    regex = r"[a-z0-9][a-z0-9-]*"


def swap_pages(app: Flask) -> list[str]:
    """The pages rendered when a site is swapped in: every guide page without a variable in
    its URL (the front page, the lists, /find/, /soeg/, /akut/ ...) and its .json twin.

    Entity pages are rendered on first request into the bounded memo instead: on the national
    corpus there are about 9 000 of them (docs/web.md, "Rendered at swap or on demand").
    """
    return sorted(
        rule.rule
        for rule in app.url_map.iter_rules()
        if rule.endpoint.startswith("guide.")
        and rule.arguments <= set(rule.defaults or {})
        and rule.rule not in SWAP_SKIPPED
    )


def render_in_background(app: Flask, current: SiteState) -> threading.Thread:
    """render_at_swap in a thread of its own, so the server answers at once: on the national
    corpus the swap pages take about 5 s (docs/web.md); a request meanwhile renders its page."""
    thread = threading.Thread(
        target=render_at_swap, args=(app, current), name="navigator-render", daemon=True
    )
    thread.start()
    return thread


def render_at_swap(app: Flask, current: SiteState) -> None:
    """Render swap_pages through Flask once, and keep them for this site's lifetime; a page
    that fails is left to be rendered on request, as before."""
    site = current.site
    client = app.test_client()
    pages: dict[tuple[str, ...], Page] = {}
    for path in swap_pages(app):
        try:
            client.get(path)  # renders it and keeps it in the memo
        except Exception:  # Flask answers errors itself; this is a bug, logged, not fatal
            log.exception("rendering %s at swap failed", path)
            continue
        page = current.peek(("page", path))
        if isinstance(page, Page):
            pages[("page", path)] = page
    current.pin(site, pages)


def state(app: Flask) -> SiteState:
    """The SiteState of an app."""
    value: SiteState = app.extensions[EXTENSION]
    return value


def dkfds(filename: str) -> Response:
    """DKFDS CSS, fonts and icons, served from node_modules (never copied into the repo)."""
    response = send_from_directory(DKFDS_DIST, filename, max_age=86400)
    return response


def stemmer() -> Response:
    """The Danish stemmer search.js imports on the static site, served from node_modules."""
    response = send_from_directory(STEMMER_JS.parent, STEMMER_JS.name, max_age=86400)
    return response


class Guard:
    """The WSGI layer around Flask: a sane Host, answers kept in memory served without Flask,
    the security headers on every answer, and never a bare server error, even when Flask's own
    error handling fails."""

    def __init__(self, app: WSGIApplication, flask: Flask) -> None:
        self.app, self.flask = app, flask

    def __call__(self, environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        """Check the Host, then answer from memory or let Flask answer; add any security header
        Flask left out."""
        kept = self.from_memory(environ)
        if kept is not None:  # the same bytes and headers Flask gave the first time
            status, headers, body = kept
            start_response(status, headers)
            return [body]

        def start(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Any:
            present = {name.lower() for name, _ in headers}
            headers += [(n, v) for n, v in SECURITY_HEADERS if n.lower() not in present]
            return start_response(status, headers, exc_info)

        try:
            return self.app(environ, start)
        except Exception:  # Flask's error handler itself failed: answer plainly
            log.exception("error while handling an error")
            start_response(
                "500 Internal Server Error",
                [
                    ("Content-Type", "text/plain; charset=utf-8"),
                    ("Cache-Control", "no-store"),
                    *SECURITY_HEADERS,
                ],
            )
            return ["Der skete en fejl hos os. Prøv igen om lidt.\n".encode()]

    def from_memory(
        self, environ: WSGIEnvironment
    ) -> tuple[str, list[tuple[str, str]], bytes] | None:
        """Status, headers and body of the answer kept for this request, or None; a malformed
        Host is marked (and replaced) here, so that Flask answers it with our 400."""
        host = environ.get("HTTP_HOST")
        if host is not None and not valid_host(host):
            environ[BAD_HOST] = True  # Flask answers 400; werkzeug must not see the bad name
            environ["HTTP_HOST"] = "localhost"
        page = None if environ.get(BAD_HOST) else self.kept(environ)
        if page is None:
            return None
        status, headers, body = page.answer(environ.get("HTTP_IF_NONE_MATCH"))
        return status, headers, b"" if environ["REQUEST_METHOD"] == "HEAD" else body

    def kept(self, environ: WSGIEnvironment) -> Page | None:
        """The answer kept for this request, if any (rendered and kept by install_memory)."""
        key = memory_key(
            self.flask,
            environ.get("REQUEST_METHOD", ""),
            environ.get("PATH_INFO", ""),
            environ.get("QUERY_STRING", ""),
        )
        value = state(self.flask).peek(key) if key is not None else None
        return value if isinstance(value, Page) else None


@functools.lru_cache(maxsize=64)  # a few names serve the site: check each once, bounded
def valid_host(host: str) -> bool:
    """Whether a Host header is a well-formed host name or address, with an optional port."""
    return len(host) <= 255 and _HOST.fullmatch(host) is not None


def install_guards(app: Flask) -> None:
    """Refuse bad hosts and redirect without a host name."""

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


def query_args(*names: str) -> Callable[[Any], Any]:
    """Mark a view as a query page whose answer depends on these arguments only."""

    def mark(fn: Any) -> Any:
        setattr(fn, QUERY_ARGS, names)
        return fn

    return mark


def query_pages(app: Flask) -> dict[str, tuple[str, ...]]:
    """Path → the arguments its answer depends on, for every query page (a rule without
    variables whose view is marked with @query_args), so a key needs no URL routing."""
    pages: dict[str, tuple[str, ...]] | None = app.extensions.get(QUERY_PAGES)
    if pages is None:
        pages = {}
        for rule in app.url_map.iter_rules():
            names = getattr(app.view_functions.get(rule.endpoint), QUERY_ARGS, None)
            if names is not None and rule.arguments <= set(rule.defaults or {}):
                pages[rule.rule] = tuple(dict.fromkeys((*names, *BAR_ARGS)))
        app.extensions[QUERY_PAGES] = pages
    return pages


def memory_key(app: Flask, method: str, path: str, query: str) -> tuple[str, ...] | None:
    """The key of an answer in memory, or None when it is rendered every time.

    path and query are the raw WSGI PATH_INFO and QUERY_STRING, so Flask and the WSGI layer
    find the same key. A fixed page is a GET or HEAD without a query string; a query page
    (find, search) is keyed by the arguments it reads plus the urgent bar's, each once, in a
    fixed order, empty ones left out, the first value of each (as the view reads it).
    """
    if (
        method not in ("GET", "HEAD") or not app.config["PAGE_MEMORY"] or app.config.get("FREEZING")
    ):  # freezing renders each page once anyway
        return None
    if not query:
        return ("page", path)
    names = query_pages(app).get(path)
    if names is None:
        return None
    args: dict[str, str] = {}
    for key, value in parse_qsl(query, keep_blank_values=True, encoding="latin-1"):
        args.setdefault(key, value)  # latin-1 keeps distinct bytes distinct
    if any(len(args.get(n, "")) > KEY_CUTS.get(n, MAX_KEY_ARG) * 4 for n in names):
        # longer than any view reads (four UTF-8 bytes a character): answered, never kept,
        # so a 60 KB junk value cannot fill the memory through its key
        return None
    return ("query", path, *(f"{n}={args[n]}" for n in names if args.get(n)))


def install_memory(app: Flask) -> None:
    """Answer from memory what was kept, and keep what may be."""

    @app.before_request
    def from_memory() -> ResponseReturnValue | None:
        if request.routing_exception is not None or request.endpoint is None:
            return None
        key = memory_key(
            app,
            request.method,
            request.environ.get("PATH_INFO", ""),
            request.environ.get("QUERY_STRING", ""),
        )
        if key is None:
            return None
        made: list[Response] = []

        def make() -> Page | None:
            view = app.view_functions[str(request.endpoint)]
            response = app.make_response(app.ensure_sync(view)(**(request.view_args or {})))
            made.append(response)
            # a view marks a miss (unknown kommune, no hits) so that it is never kept
            return Page.of(response) if keepable(response) and not g.get("miss") else None

        page: Page | None = state(app).cached(key, make)
        return made[0] if page is None else page.response()


def miss() -> None:
    """Mark this answer as a miss (bad input, nothing found): never kept in memory."""
    g.miss = True


def install_headers(app: Flask) -> None:
    """The security headers and Cache-Control on every answer."""

    @app.after_request
    def headers(response: Response) -> Response:
        if "Content-Security-Policy" not in response.headers:  # a kept page brings its own
            html = response.mimetype == "text/html" and not response.direct_passthrough
            response.headers["Content-Security-Policy"] = (
                csp_for(response.get_data(as_text=True)) if html else CSP
            )
        for name, value in SECURITY_HEADERS[1:]:
            response.headers[name] = value
        response.headers.setdefault("Cache-Control", CACHE_CONTROL)
        return response


def install_errors(app: Flask) -> None:
    """Error pages in the layout of the guide, as HTML or JSON."""

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
    titles = {
        400: "Forespørgslen kunne ikke forstås",
        404: "Siden findes ikke",
        405: "Den slags forespørgsel tager siden ikke imod",
        413: "Forespørgslen er for stor",
        414: "Adressen er for lang",
        429: "For mange forespørgsler lige nu",
        500: "Der skete en fejl hos os",
        503: "Siden har travlt lige nu",
    }
    return titles.get(code, "Der skete en fejl")


def install_context(app: Flask) -> None:
    """The explain filter and what the layout of every page needs."""
    app.jinja_env.globals["url_patterns"] = urls.patterns()  # for the static site's scripts
    indexes: dict[int, Any] = {}  # the glossary index of the current site (it may be rebuilt)

    @app.template_filter("explain")
    def explain_filter(text: str | None) -> Markup:
        """Glossary terms explained on their first use on the page."""
        site = state(app).site
        if id(site) not in indexes:
            indexes.clear()
            indexes[id(site)] = glossary_index(site.catalogue)
        return explain(text, indexes[id(site)], page_terms())

    @app.context_processor
    def layout() -> dict[str, Any]:
        current = state(app)
        # the region comes from the URL only (no cookies): /akut/<region>/, ?region=, ?kommune=
        region = bar_region(
            current.site.catalogue,
            request.endpoint,
            request.view_args or {},
            request.args.to_dict(),
        )
        return {
            "urgent": urgent_bar(current.site, region),
            "problems": current.banner if app.config["SHOW_PROBLEMS"] else [],
            "static_site": app.config.get("FREEZING", False),
            # the day the facts hold on: the server's clock, --today, or the freeze's day
            "site_day": {
                "iso": current.site.today.isoformat(),
                "text": danish_date(current.site.today),
            },
            "has_exports": "downloads.index" in app.view_functions,
        }
