"""Drawings are cached by content: an unchanged diagram is never drawn twice by a freeze."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from conftest import TINY

from navigator.build import Site, build_site
from navigator.diagrams import dotwriter, drawcache
from navigator.diagrams.diagram import diagram, drawings, every_diagram
from navigator.diagrams.drawcache import DrawCache, draw_key, using
from navigator.diagrams.drawpool import draw_all
from navigator.web.freeze import freeze_site

DOT = 'digraph g {\n  a [label="Forælder"];\n  a -> b;\n}\n'


@pytest.fixture(scope="module")
def site() -> Site:
    return build_site(TINY, shacl=False)


def count_draws(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str]]:
    """Record every Graphviz run that render starts in this process."""
    calls: list[tuple[str, str]] = []
    real = dotwriter.draw_now

    def counted(dot: str, fmt: str) -> bytes:
        calls.append((dot, fmt))
        return real(dot, fmt)

    monkeypatch.setattr(dotwriter, "draw_now", counted)
    return calls


def no_graphviz(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make any Graphviz run in this process fail the test."""

    def refuse(dot: str, fmt: str) -> bytes:
        raise AssertionError(f"drew {fmt} again: {dot[:60]!r}")

    monkeypatch.setattr(dotwriter, "draw_now", refuse)


def tree(folder: Path) -> dict[str, str]:
    """Every file below folder with the SHA-256 of its bytes."""
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def test_an_unchanged_diagram_is_drawn_once_and_a_changed_one_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls = count_draws(monkeypatch)
    with using(DrawCache(tmp_path)) as cache:
        first = dotwriter.render(DOT, "svg")
        assert dotwriter.render(DOT, "svg") == first
        assert len(calls) == 1, "the second render is a hit"
        dotwriter.render(DOT, "png")
        changed = dotwriter.render(DOT.replace("Forælder", "Lærer"), "svg")
    assert len(calls) == 3, "another format and other DOT are misses"
    assert b"L&#230;rer" in changed or "Lærer".encode() in changed
    assert (cache.hits, cache.writes) == (1, 3)
    assert dotwriter.render(DOT, "svg") == first, "the cached bytes are Graphviz's own"
    assert len(calls) == 4, "without a cache, render draws"


def test_the_key_covers_dot_format_graphviz_and_the_drawing_code(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    key = draw_key(DOT, "svg")
    assert draw_key(DOT, "svg") == key
    assert draw_key(DOT + " ", "svg") != key
    assert draw_key(DOT, "png") != key
    drawcache.graphviz_version.cache_clear()
    monkeypatch.setattr(drawcache.shutil, "which", lambda _name: None)
    try:
        assert draw_key(DOT, "svg") != key, "another Graphviz is another key"
    finally:
        drawcache.graphviz_version.cache_clear()
    drawcache.code_digest.cache_clear()
    monkeypatch.setattr(drawcache, "_PACKAGE", Path(drawcache.__file__).parent.parent / "web")
    try:
        assert draw_key(DOT, "svg") != key, "other drawing code is another key"
    finally:
        monkeypatch.undo()
        drawcache.code_digest.cache_clear()


def test_a_damaged_or_linked_entry_is_a_miss(tmp_path: Path) -> None:
    cache = DrawCache(tmp_path / "cache")
    key = draw_key(DOT, "svg")
    cache.put(key, b"<svg>one</svg>")
    entry = next((tmp_path / "cache").glob("*.drawing"))
    assert cache.get(key) == b"<svg>one</svg>"
    entry.write_bytes(entry.read_bytes()[:-3])  # cut short
    assert cache.get(key) is None
    elsewhere = tmp_path / "elsewhere"
    elsewhere.write_bytes(b"planted")
    entry.unlink()
    entry.symlink_to(elsewhere)
    assert cache.get(key) is None, "a link in the cache is never read"
    cache.put(key, b"<svg>two</svg>")
    assert elsewhere.read_bytes() == b"planted", "nor written through"
    assert not entry.is_symlink() and cache.get(key) == b"<svg>two</svg>"


def test_the_pool_draws_what_the_cache_lacks_as_graphviz_would(tmp_path: Path, site: Site) -> None:
    cache = DrawCache(tmp_path)
    jobs = drawings([diagram(site, "overview"), diagram(site, "pathway", "test-forloeb")])
    assert draw_all(cache, jobs, workers=2) == len(set(jobs)) == 6
    for dot, fmt in jobs:
        stored = cache.get(draw_key(dot, fmt))
        assert stored is not None and len(stored) > 100
        if fmt == "svg":
            assert stored == dotwriter.draw_now(dot, fmt)
    assert draw_all(cache, jobs, workers=2) == 0, "nothing left to draw"


def test_a_freeze_draws_every_diagram_ahead_and_a_second_freeze_none(
    tmp_path: Path, site: Site, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = tmp_path / "drawings"
    # Graphviz is refused to pages and downloads: only the pool, before them, may draw
    no_graphviz(monkeypatch)
    freeze_site(site, tmp_path / "a", cache=cache, workers=2)
    assert len(list(cache.glob("*.drawing"))) == len(drawings(every_diagram(site)))
    freeze_site(site, tmp_path / "b", cache=cache, workers=1)  # all hits: nothing to draw
    monkeypatch.undo()
    freeze_site(site, tmp_path / "c")  # its own temporary cache, drawn afresh
    assert tree(tmp_path / "a") == tree(tmp_path / "b") == tree(tmp_path / "c")
    assert any(name.endswith(".png") for name in tree(tmp_path / "a"))


def test_each_diagram_is_laid_out_once_for_all_its_formats(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, site: Site
) -> None:
    """The pool gives Graphviz one run per diagram, and each format's bytes are those of a
    run for that format alone; a PDF carries no creation time, so it is the same file too."""
    from navigator.diagrams import drawpool

    runs: list[tuple[str, tuple[str, ...]]] = []
    real = drawpool.draw_formats

    def counted(dot: str, formats: tuple[str, ...]) -> dict[str, bytes]:
        runs.append((dot, formats))
        return real(dot, formats)

    monkeypatch.setattr(drawpool, "draw_formats", counted)
    items = every_diagram(site)[:2]
    jobs = drawings(items)
    cache = DrawCache(tmp_path)
    assert draw_all(cache, jobs, workers=1) == len(jobs)
    assert sorted(dot for dot, _ in runs) == sorted({dot for dot, _ in jobs})
    assert all(formats == ("svg", "png", "pdf") for _, formats in runs)
    for dot, fmt in jobs:
        stored = cache.get(draw_key(dot, fmt))
        alone = dotwriter.draw_now(dot, fmt)
        assert b"/CreationDate" not in (stored or b"")
        assert stored == alone, fmt


def test_a_format_graphviz_fails_on_does_not_cost_the_others(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from navigator.diagrams import drawpool

    def broken(dot: str, formats: tuple[str, ...]) -> dict[str, bytes]:
        raise dotwriter.DiagramError("Graphviz failed: no PDF today")

    def alone(dot: str, fmt: str) -> bytes:
        if fmt == "pdf":
            raise dotwriter.DiagramError("Graphviz failed: no PDF today")
        return f"{fmt} of {dot}".encode()

    monkeypatch.setattr(drawpool, "draw_formats", broken)
    monkeypatch.setattr(drawpool, "draw_now", alone)
    cache = DrawCache(tmp_path)
    assert draw_all(cache, [(DOT, "svg"), (DOT, "png"), (DOT, "pdf")], workers=1) == 2
    assert cache.get(draw_key(DOT, "svg")) == f"svg of {DOT}".encode()
    assert not cache.has(draw_key(DOT, "pdf")), "the page then draws its summary"
