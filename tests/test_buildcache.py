"""The build cache of the command line: a second command on the same files restores the Site
instead of rebuilding it, any edit rebuilds, and a broken cache never shows."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from helpers import TODAY, TODAY_DATE, VALID

from navigator import buildcache
from navigator.answers.search import search
from navigator.build import Site, build_site
from navigator.cli import cli
from navigator.web.serve import production_app

COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty cache folder of the test's own."""
    folder = tmp_path / "cache"
    monkeypatch.setenv(buildcache.CACHE_ENV, str(folder))
    monkeypatch.delenv("VEJVISER_NO_CACHE", raising=False)
    return folder


@pytest.fixture
def builds(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """The folders actually built (not restored) during the test, in order."""
    built: list[Path] = []

    def counting(root: Path, today: dt.date | None = None, shacl: bool = True) -> Site:
        built.append(root)
        return build_site(root, today, shacl=shacl)

    monkeypatch.setattr(buildcache, "build_site", counting)
    return built


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    """A copy of the valid fixtures that a test may edit."""
    return Path(shutil.copytree(VALID, tmp_path / "valid"))


def run(*args: str | Path) -> Result:
    return CliRunner().invoke(cli, [str(a) for a in args])


def entries(cache: Path) -> list[Path]:
    return sorted(cache.glob("site-*.pickle"))


def test_same_files_restore_without_building(cache: Path, builds: list[Path], corpus: Path) -> None:
    first = buildcache.cached_build(corpus, TODAY_DATE, shacl=False)
    second = buildcache.cached_build(corpus, TODAY_DATE, shacl=False)
    assert builds == [corpus]
    assert len(entries(cache)) == 1
    assert second.problems == first.problems
    assert second.files == first.files
    assert set(second.graph) == set(first.graph)
    assert search(second.search_index, "angst") == search(first.search_index, "angst")


def test_the_server_builds_apart_and_then_restores(
    cache: Path, builds: list[Path], corpus: Path
) -> None:
    buildcache.store_apart(corpus, TODAY_DATE, shacl=False)  # built in a child process
    assert len(entries(cache)) == 1
    site = buildcache.cached_build(corpus, TODAY_DATE, shacl=False)
    assert builds == [], "this process restored the Site the child stored"
    assert site.ok
    assert site.catalogue.services["testlinjen"].name == "Testlinjen – anonym rådgivning"
    buildcache.store_apart(corpus, TODAY_DATE, shacl=False)  # already stored: nothing to do
    assert len(entries(cache)) == 1


def test_an_entry_without_the_search_index_is_not_used(
    cache: Path, builds: list[Path], corpus: Path
) -> None:
    site = buildcache.cached_build(corpus, TODAY_DATE, shacl=False)
    key = buildcache.content_key(corpus, TODAY_DATE, False)
    object.__delattr__(site, "search_index")  # as a Site pickled by an older version
    buildcache.write_entry(key, site)
    assert buildcache.read_entry(key) is None
    rebuilt = buildcache.cached_build(corpus, TODAY_DATE, shacl=False)
    assert builds == [corpus, corpus]
    assert search(rebuilt.search_index, "angst")["total"]


def test_an_edited_file_rebuilds_and_shows_the_edit(
    cache: Path, builds: list[Path], corpus: Path
) -> None:
    buildcache.cached_build(corpus, TODAY_DATE, shacl=False)
    catalogue = corpus / "catalogue.yaml"
    catalogue.write_text(
        catalogue.read_text("utf-8").replace("name: Forælder", "name: Forælder eller værge"),
        "utf-8",
    )
    site = buildcache.cached_build(corpus, TODAY_DATE, shacl=False)
    assert builds == [corpus, corpus]
    assert site.catalogue.roles["foraelder"].name == "Forælder eller værge"


def test_a_new_file_a_new_day_or_shacl_rebuild(
    cache: Path, builds: list[Path], corpus: Path
) -> None:
    buildcache.cached_build(corpus, TODAY_DATE, shacl=False)
    buildcache.cached_build(corpus, TODAY_DATE + dt.timedelta(days=1), shacl=False)
    buildcache.cached_build(corpus, TODAY_DATE, shacl=True)
    (corpus / "more").mkdir()
    (corpus / "more" / "glossary.yaml").write_text("glossary: []\n", "utf-8")
    buildcache.cached_build(corpus, TODAY_DATE, shacl=False)
    assert len(builds) == 4


def test_cli_second_command_restores_and_answers_the_same(
    cache: Path, builds: list[Path], corpus: Path
) -> None:
    cold = [
        run("sparql", COUNT, "--pathways", corpus),
        run("query", "who", "foraelder", corpus, "--json"),
    ]
    warm = [
        run("sparql", COUNT, "--pathways", corpus),
        run("query", "who", "foraelder", corpus, "--json"),
    ]
    assert builds == [corpus]
    assert [r.exit_code for r in cold + warm] == [0, 0, 0, 0]
    assert [r.output for r in warm] == [r.output for r in cold]
    assert json.loads(cold[1].output)  # the role has work to do in the fixtures


def test_restored_build_writes_the_same_bytes(
    cache: Path, builds: list[Path], corpus: Path, tmp_path: Path
) -> None:
    # the Turtle and JSON-LD keep our prefixes only if the restored graph kept its bindings
    for out in (tmp_path / "cold", tmp_path / "warm"):
        assert run("build", corpus, "--out", out, "--today", TODAY).exit_code == 0
    assert builds == [corpus]
    for name in ("graph.ttl", "graph.jsonld", "graph.nt", "report.txt"):
        assert (tmp_path / "warm" / name).read_bytes() == (tmp_path / "cold" / name).read_bytes()


@pytest.mark.parametrize("damage", [b"", b"not a pickle at all", b"\x80\x05\x95garbage"])
def test_a_corrupt_entry_rebuilds_without_a_traceback(
    cache: Path, builds: list[Path], corpus: Path, damage: bytes
) -> None:
    cold = run("query", "who", "foraelder", corpus, "--json")
    [entry] = entries(cache)
    entry.write_bytes(damage)
    warm = run("query", "who", "foraelder", corpus, "--json")
    assert warm.exit_code == 0, warm.output
    assert warm.output == cold.output
    assert "Traceback" not in warm.output
    assert builds == [corpus, corpus]


def test_a_truncated_entry_rebuilds(cache: Path, builds: list[Path], corpus: Path) -> None:
    buildcache.cached_build(corpus, TODAY_DATE, shacl=False)
    [entry] = entries(cache)
    entry.write_bytes(entry.read_bytes()[: entry.stat().st_size // 2])
    site = buildcache.cached_build(corpus, TODAY_DATE, shacl=False)
    assert builds == [corpus, corpus]
    assert site.ok


@pytest.mark.parametrize(
    "bypass",
    [
        lambda corpus: run("sparql", COUNT, "--pathways", corpus, "--no-cache"),
        lambda corpus: CliRunner(env={"VEJVISER_NO_CACHE": "1"}).invoke(
            cli, ["sparql", COUNT, "--pathways", str(corpus)]
        ),
    ],
)
def test_no_cache_rebuilds_and_stores_nothing(
    cache: Path, builds: list[Path], corpus: Path, bypass: Callable[[Path], Result]
) -> None:
    results = [bypass(corpus), bypass(corpus)]
    assert [r.exit_code for r in results] == [0, 0]
    assert builds == [corpus, corpus]
    assert not cache.exists()


def test_an_unwritable_cache_still_answers(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, builds: list[Path], corpus: Path
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("in the way", "utf-8")
    monkeypatch.setenv(buildcache.CACHE_ENV, str(blocker / "cache"))
    result = run("sparql", COUNT, "--pathways", corpus)
    assert result.exit_code == 0, result.output
    assert '"value": "' in result.output
    assert builds == [corpus]


def test_only_the_newest_entries_are_kept(cache: Path, builds: list[Path], corpus: Path) -> None:
    for days in range(buildcache.KEEP + 2):
        buildcache.cached_build(corpus, TODAY_DATE + dt.timedelta(days=days), shacl=False)
    assert len(entries(cache)) == buildcache.KEEP
    assert not list(cache.glob(".tmp-*"))
    newest = TODAY_DATE + dt.timedelta(days=buildcache.KEEP + 1)
    buildcache.cached_build(corpus, newest, shacl=False)
    assert len(builds) == buildcache.KEEP + 2  # the newest was kept, so not built again


def test_validate_always_builds(cache: Path, builds: list[Path], corpus: Path) -> None:
    assert run("validate", corpus, "--today", TODAY).exit_code == 0
    assert not cache.exists()


def test_the_server_restarts_from_the_cache_and_never_serves_an_old_page(
    cache: Path, builds: list[Path], corpus: Path
) -> None:
    first = production_app(corpus).test_client().get("/tilbud/testlinjen/")
    assert first.status_code == 200
    assert "Testlinjen – anonym rådgivning" in first.text
    restarted = production_app(corpus).test_client().get("/tilbud/testlinjen/")
    assert restarted.text == first.text
    assert builds == [corpus], "a restart on the same files restores the cached Site"
    services = corpus / "services.yaml"
    services.write_text(
        services.read_text(encoding="utf-8").replace(
            "name: Testlinjen – anonym rådgivning", "name: Testlinjen – ny rådgivning"
        ),
        encoding="utf-8",
    )
    edited = production_app(corpus).test_client().get("/tilbud/testlinjen/")
    assert "Testlinjen – ny rådgivning" in edited.text
    assert "anonym rådgivning" not in edited.text
    assert builds == [corpus, corpus]


@pytest.mark.parametrize("damage", [b"", b"not a pickle at all", b"\x80\x05\x95garbage"])
def test_a_corrupt_entry_never_stops_the_server(
    cache: Path, builds: list[Path], corpus: Path, damage: bytes
) -> None:
    production_app(corpus)
    [entry] = entries(cache)
    entry.write_bytes(damage)
    response = production_app(corpus).test_client().get("/tilbud/testlinjen/")
    assert response.status_code == 200
    assert "Testlinjen – anonym rådgivning" in response.text
    assert builds == [corpus, corpus]
    assert entry.read_bytes() != damage, "the rebuilt Site replaced the broken entry"


def test_the_server_with_no_cache_builds_and_stores_nothing(
    cache: Path, builds: list[Path], corpus: Path
) -> None:
    production_app(corpus, use_cache=False)
    production_app(corpus, use_cache=False)
    assert builds == [corpus, corpus]
    assert entries(cache) == []
