"""Drawings are cached by content: an unchanged diagram is never drawn twice by a freeze."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path
from typing import Any

import pytest
from conftest import TINY

from navigator.build import Site, build_site
from navigator.diagrams import dotwriter, drawcache, graphviz
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


def graphviz_runs(monkeypatch: pytest.MonkeyPatch) -> list[list[str]]:
    """Record the command line of every Graphviz process the drawing code starts."""
    runs: list[list[str]] = []
    real = graphviz.subprocess.run

    def counted(args: list[str], **kwargs: Any) -> Any:
        runs.append(list(args))
        return real(args, **kwargs)

    monkeypatch.setattr(graphviz.subprocess, "run", counted)
    return runs


def test_each_diagram_is_laid_out_once_for_all_its_formats(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, site: Site
) -> None:
    """The pool starts one Graphviz process per diagram, which writes every format, and each
    format's bytes are those of a run for that format alone; a PDF carries no creation time,
    so it is the same file too."""
    jobs = drawings(every_diagram(site)[:2])
    runs = graphviz_runs(monkeypatch)
    cache = DrawCache(tmp_path)
    assert draw_all(cache, jobs, workers=1) == len(jobs)
    # one run writes all three formats; a PDF that must shrink to fit its sheet is drawn
    # again, alone
    every = [run for run in runs if "-Tsvg" in run]
    assert len(every) == len({dot for dot, _ in jobs}), runs
    assert all({"-Tpng:cairo", "-Tpdf:cairo"} <= set(run) for run in every)
    again = [run for run in runs if run not in every]
    assert all("-Tpdf:cairo" in run and "-Tpng:cairo" not in run for run in again), runs
    for dot, fmt in jobs:
        stored = cache.get(draw_key(dot, fmt))
        assert b"/CreationDate" not in (stored or b"")
        assert stored == dotwriter.draw_now(dot, fmt), fmt


LANES = """digraph g {
  graph [vv_lanes="cluster_a cluster_b cluster_c"];
  subgraph "cluster_c" {
    label="Lane C";
    "c1";
    "c2";
  }
  subgraph "cluster_a" {
    label="Lane A";
    "a1";
    "a2";
  }
  subgraph "cluster_b" {
    label="Lane B";
    "b1";
  }
  "c1" -> "a1";
  "a1" -> "b1";
  "c1" -> "c2";
  "a1" -> "a2";
}
"""
"""Three lanes dot puts in the order C, A, B: the drawing must move them to A, B, C."""


def test_lanes_dot_moves_are_put_back_in_order_once_for_every_format(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    runs = graphviz_runs(monkeypatch)
    drawn = dotwriter.draw_formats(LANES, ("svg", "png", "pdf"))
    assert [Path(run[0]).name for run in runs] == ["dot", "neato"], "laid out, then routed"
    assert all({"-Tsvg", "-Tpng:cairo", "-Tpdf:cairo"} <= set(run) for run in runs)
    svg = drawn["svg"].decode("utf-8")
    titles = {
        lane: float(re.search(rf'x="([-\d.]+)"[^>]*>{lane}<', svg).group(1))  # type: ignore[union-attr]
        for lane in ("Lane A", "Lane B", "Lane C")
    }
    assert titles["Lane A"] < titles["Lane B"] < titles["Lane C"], titles
    for fmt in ("svg", "png", "pdf"):
        assert drawn[fmt] == dotwriter.draw_now(LANES, fmt), fmt


def test_a_format_graphviz_fails_on_does_not_cost_the_others(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """When the run for all formats fails, each is tried alone: a PDF that cannot be placed on
    paper must not cost the page its SVG."""
    from navigator.diagrams import drawpool

    def broken(dot: str, formats: tuple[str, ...]) -> tuple[dict[str, bytes], tuple[str, ...]]:
        raise dotwriter.DiagramError("Graphviz failed: no PDF today")

    def alone(dot: str, fmt: str) -> bytes:
        if fmt == "pdf":
            raise dotwriter.DiagramError("Graphviz failed: no PDF today")
        return f"{fmt} of {dot}".encode()

    monkeypatch.setattr(drawpool, "draw_what_fits", broken)
    monkeypatch.setattr(drawpool, "draw_now", alone)
    cache = DrawCache(tmp_path)
    assert draw_all(cache, [(DOT, "svg"), (DOT, "png"), (DOT, "pdf")], workers=1) == 2
    assert cache.get(draw_key(DOT, "svg")) == f"svg of {DOT}".encode()
    assert not cache.has(draw_key(DOT, "pdf")), "the page then draws its summary"


def test_a_drawing_graphviz_ran_out_of_time_on_is_not_tried_again_by_the_pages(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The freeze's pool gives Graphviz its time once; a page that then asks for the same
    drawing gets the timeout at once (and draws its summary), not three more waits of
    RENDER_TIMEOUT, one per format (six national role diagrams cost four minutes so)."""
    started: list[str] = []

    def slow(binary: str, dot: str, devices: list[str]) -> list[bytes]:
        started.append(dot)
        raise dotwriter.timed_out()

    monkeypatch.setattr(dotwriter, "_draw", slow)
    cache = DrawCache(tmp_path)
    assert draw_all(cache, [(DOT, "svg"), (DOT, "png"), (DOT, "pdf")], workers=1) == 0
    assert started == [DOT]
    with drawcache.using(cache):
        for fmt in ("svg", "png", "pdf"):
            with pytest.raises(dotwriter.DiagramTimeout, match="longer than"):
                dotwriter.render(DOT, fmt)
    assert started == [DOT], "never started again"
    assert not cache.has(draw_key(DOT, "svg")), "a busy machine's timeout is not kept on disk"
    with drawcache.using(DrawCache(tmp_path)):
        with pytest.raises(dotwriter.DiagramTimeout):
            dotwriter.render(DOT, "svg")
    assert started == [DOT, DOT], "a later freeze gives Graphviz its time again"


def test_a_pdf_that_runs_out_of_time_shrinking_keeps_the_svg_and_png(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The largest diagrams are the ones whose PDF must shrink to its sheet, a second layout
    with its own time limit: when only that runs out, the SVG and PNG already drawn are kept,
    and only the PDF is the summary."""

    def drawn(binary: str, dot: str, devices: list[str]) -> list[bytes]:
        return [f"{device} of {dot}".encode() for device in devices]

    def too_slow(binary: str, dot: str, natural: bytes) -> bytes:
        raise dotwriter.timed_out()

    monkeypatch.setattr(dotwriter, "_draw", drawn)
    monkeypatch.setattr(dotwriter, "_paper_pdf", too_slow)
    cache = DrawCache(tmp_path)
    assert draw_all(cache, [(DOT, "svg"), (DOT, "png"), (DOT, "pdf")], workers=1) == 2
    assert cache.get(draw_key(DOT, "svg")) == f"svg of {DOT}".encode()
    assert cache.get(draw_key(DOT, "png")) == f"png:cairo of {DOT}".encode()
    assert cache.timed_out == {draw_key(DOT, "pdf")}
