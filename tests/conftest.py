"""Shared fixtures: the real site built once from pathways/, its app and client, tiny sites."""

from __future__ import annotations

import functools
import http.server
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from helpers import SHIPPED_DAY

from navigator.build import Site, build_site
from navigator.core import paths
from navigator.web.factory import create_app

TINY = Path(__file__).parent / "fixtures" / "web"


@pytest.fixture(autouse=True)
def _private_build_cache(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """CLI commands in tests keep their cached builds in a temporary folder, not ~/.cache."""
    monkeypatch.setenv("VEJVISER_CACHE_DIR", str(tmp_path_factory.getbasetemp() / "cache"))


@pytest.fixture(scope="session")
def site() -> Site:
    """The shipped pathways, built once per test session (SHACL left to its own tests)."""
    return build_site(paths.PATHWAYS, SHIPPED_DAY, shacl=False)


@pytest.fixture(scope="session")
def app(site: Site) -> Flask:
    """The guide over the shipped pathways."""
    return create_app(site, {"TESTING": True})


@pytest.fixture()
def client(app: Flask) -> FlaskClient:
    """A test client for the guide."""
    return app.test_client()


@pytest.fixture()
def tiny_dir(tmp_path: Path) -> Path:
    """A copy of the tiny web fixture site that a test may edit."""
    target = tmp_path / "pathways"
    shutil.copytree(TINY, target)
    return target


@pytest.fixture()
def tiny_client(tiny_dir: Path) -> FlaskClient:
    """A client for the tiny site (hostile markup in names, one urgent number)."""
    return create_app(build_site(tiny_dir, shacl=False), {"TESTING": True}).test_client()


def shipped_id(table: dict[str, object], wanted: str) -> str:
    """An id the shipped pathways must have; a missing one fails the test instead of skipping."""
    assert wanted in table, f"the shipped pathways have no '{wanted}'"
    return wanted


@pytest.fixture(scope="session")
def static_url(site: Site, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The frozen guide, served as plain files by Python's http.server; frozen once per
    session (a national freeze takes over a minute, and six browser modules use it)."""
    from navigator.web.freeze import freeze_site

    out = tmp_path_factory.mktemp("frozen")
    freeze_site(site, out, diagrams=False)
    handler = functools.partial(QuietHandler, directory=str(out))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join()


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    """A static file handler that does not log every request."""

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        """Stay quiet."""
