"""Shared fixtures: the real site built once from pathways/, its app and client, tiny sites."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from helpers import SHIPPED_DAY

from navigator import paths
from navigator.build import Site, build_site
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
