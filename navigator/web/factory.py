"""The Flask app factory: one Site in app.extensions, the guide and its downloads."""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

from flask import Flask

from ..build import Site, build_site
from ..core import paths, urls
from . import downloads, views
from .app import (
    EXTENSION,
    MAX_CONTENT_LENGTH,
    Guard,
    SiteState,
    SlugConverter,
    dkfds,
    install_context,
    install_errors,
    install_guards,
    install_headers,
    install_memory,
    render_in_background,
    stemmer,
)


def create_app(
    site: Site | None = None, config: dict[str, Any] | None = None, pathways_dir: Path | None = None
) -> Flask:
    """Build the guide for a site (built from pathways_dir when not given)."""
    app = Flask(
        __name__,
        template_folder=str(paths.TEMPLATES),
        static_folder=str(paths.STATIC),
        static_url_path="/static",
    )
    # PAGE_MEMORY off renders every answer again (bench/web.py measures the difference)
    app.config.update(
        SHOW_PROBLEMS=True,
        JSON_SORT_KEYS=False,
        PAGE_MEMORY=True,
        RENDER_AT_SWAP=False,  # production_app and the development server turn it on
        MAX_CONTENT_LENGTH=MAX_CONTENT_LENGTH,
    )
    app.config.update(config or {})
    app.json.ensure_ascii = False  # type: ignore[attr-defined]
    app.json.sort_keys = False  # type: ignore[attr-defined]
    app.url_map.converters["slug"] = SlugConverter
    app.url_map.strict_slashes = True
    site = site or build_site(pathways_dir or paths.PATHWAYS, shacl=False)
    current = SiteState(site)
    app.extensions[EXTENSION] = current
    app.add_url_rule(urls.ROUTES["dkfds"], "dkfds", dkfds)
    app.add_url_rule(urls.ROUTES["stemmer"], "stemmer", stemmer)
    app.register_blueprint(views.bp)
    app.register_blueprint(downloads.bp)
    install_guards(app)
    install_memory(app)
    install_headers(app)
    install_errors(app)
    install_context(app)
    app.wsgi_app = Guard(app.wsgi_app, app)  # type: ignore[method-assign]
    if app.config["RENDER_AT_SWAP"] and app.config["PAGE_MEMORY"]:
        # each later swap renders the new site's pages; the server starts the first rendering
        # (render_in_background) in the process that serves, after any fork
        current.prerender = functools.partial(render_in_background, app)
    return app
