"""Reload under fire: edits while pages are requested never give a 5xx or lose a good build."""

from __future__ import annotations

import gc
import threading
import weakref
from collections.abc import Callable
from pathlib import Path

from flask import Flask

from navigator.build import Site, build_site
from navigator.web.app import state
from navigator.web.factory import create_app
from navigator.web.serve import Watcher, settle

PAGE = "/forloeb/test-forloeb/"
BANNER = "Pathway-filerne har fejl"


def crashing_build(path: Path) -> Site:
    """build_site, except that a file holding KRASH makes it raise (a bug in a rebuild)."""
    if any("KRASH" in f.read_text(encoding="utf-8") for f in path.rglob("*.yaml")):
        raise RuntimeError("KRASH")
    return build_site(path, shacl=False)


class Visitor(threading.Thread):
    """Requests pages until stopped and keeps every status code."""

    def __init__(self, app: Flask) -> None:
        super().__init__(daemon=True)
        self.app, self.statuses, self.stopped = app, [], threading.Event()

    def run(self) -> None:
        client = self.app.test_client()
        while not self.stopped.is_set():
            for url in ("/", PAGE, "/find/?alder=10", "/roller/ppr-psykolog/"):
                self.statuses.append(client.get(url).status_code)


def settled(watcher: Watcher, edit: Callable[[], None]) -> None:
    """Make an edit and wait (at most a minute, a watchdog) until the watcher has rebuilt."""
    builds = watcher.builds
    edit()
    for _ in range(1200):
        if watcher.builds > builds:
            return
        watcher.stopped.wait(0.05)
    raise AssertionError("the watcher did not rebuild within a minute")


def test_twenty_edits_under_load(tiny_dir: Path) -> None:
    app = create_app(build_site(tiny_dir, shacl=False), {"TESTING": True})
    client = app.test_client()
    pathway = tiny_dir / "forloeb.yaml"
    good = pathway.read_text(encoding="utf-8")

    def named(name: str) -> str:
        return good.replace("Forælder henvender sig", name)

    broken = {
        "syntax": named("Brudt") + "  - id: [\n",
        "review: 5": named("Brudt").replace(
            "fact_status: stated", "fact_status: stated\n    review: 5"
        ),
        "id with ':'": named("Brudt").replace("id: test-forloeb", 'id: "test:forloeb"'),
        "unknown role": named("Brudt").replace("[ppr-psykolog]", "[findes-ikke]"),
        "crash": named("Brudt") + "# KRASH\n",
    }
    watcher = Watcher(app, tiny_dir, interval=0.05, build=crashing_build)
    visitor = Visitor(app)
    watcher.start(), visitor.start()
    try:
        version = 0
        for what, text in broken.items():
            version += 1
            fixed = named(f"Udgave {version}")
            settled(watcher, lambda fixed=fixed: pathway.write_text(fixed, encoding="utf-8"))
            page = client.get(PAGE).text
            assert f"Udgave {version}" in page and BANNER not in page
            settled(watcher, lambda text=text: pathway.write_text(text, encoding="utf-8"))
            page = client.get(PAGE).text
            assert f"Udgave {version}" in page, f"{what}: the last good build is served"
            assert BANNER in page, f"{what}: the banner shows"
        # a file written in two parts (truncated, then completed) goes live complete
        half = named("Hel igen")
        settled(
            watcher,
            lambda: (
                pathway.write_text(half[: len(half) // 2], encoding="utf-8"),
                pathway.write_text(half, encoding="utf-8"),
            ),
        )
        assert "Hel igen" in client.get(PAGE).text
        # a deleted file: the pathway is gone (404, not 5xx); restored, it is back
        settled(watcher, pathway.unlink)
        assert client.get(PAGE).status_code == 404
        settled(watcher, lambda: pathway.write_text(named("Tilbage"), encoding="utf-8"))
        assert "Tilbage" in client.get(PAGE).text
        # a renamed file is the same content under another name
        moved = tiny_dir / "omdoebt.yaml"
        settled(watcher, lambda: pathway.rename(moved))
        assert "Tilbage" in client.get(PAGE).text
        settled(watcher, lambda: moved.rename(pathway))
        assert BANNER not in client.get(PAGE).text
    finally:
        visitor.stopped.set(), watcher.stop()
        visitor.join(), watcher.join()
    assert visitor.statuses, "pages were requested during the edits"
    assert max(visitor.statuses) < 500, "never a server error"


def test_a_half_written_file_is_not_built(tiny_dir: Path) -> None:
    app = create_app(build_site(tiny_dir, shacl=False), {"TESTING": True})
    watcher = Watcher(app, tiny_dir)
    glossary = tiny_dir / "ordliste.yaml"
    whole = (
        "review: {last_reviewed: 2026-11-01, next_review: 2027-05-01, owner: T}\n"
        "glossary:\n"
        "  - {id: ppr, term: PPR, definition: Pædagogisk Psykologisk Rådgivning.,"
        " sources: [src-test], fact_status: stated}\n"
        "  - {id: bup, term: BUP, definition: Børne- og ungdomspsykiatrien.,"
        " sources: [src-test], fact_status: stated}\n"
    )
    glossary.write_text(whole[: whole.index("  - {id: bup")], encoding="utf-8")  # valid YAML
    assert watcher.check() is None, "a change is not built at once"
    glossary.write_text(whole, encoding="utf-8")
    assert watcher.check() is None, "still changing"
    assert watcher.check() is True, "settled: built, complete"
    assert "bup" in state(app).site.catalogue.glossary


def test_a_rebuild_that_raises_keeps_the_site_and_shows_the_banner(tiny_dir: Path) -> None:
    app = create_app(build_site(tiny_dir, shacl=False), {"TESTING": True})
    watcher = Watcher(app, tiny_dir, build=crashing_build)
    (tiny_dir / "forloeb.yaml").write_text("# KRASH\n", encoding="utf-8")
    assert watcher.check() is None
    assert watcher.check() is False
    page = app.test_client().get(PAGE)
    assert page.status_code == 200
    assert BANNER in page.text and "the rebuild failed (RuntimeError: KRASH)" in page.text


def test_a_swapped_out_site_is_freed_after_the_server_froze_it(tiny_dir: Path) -> None:
    """The development server freezes its first Site out of the collector's way (settle);
    a rebuild must still free it, or every edit would keep one more Site in memory."""
    first = build_site(tiny_dir, shacl=False)
    app = create_app(first, {"TESTING": True})
    graph = weakref.ref(first.graph)
    del first
    settle()
    try:
        watcher = Watcher(app, tiny_dir)
        (tiny_dir / "forloeb.yaml").write_text(
            (tiny_dir / "forloeb.yaml").read_text(encoding="utf-8") + "\n", encoding="utf-8"
        )
        assert watcher.check() is None
        assert watcher.check() is True, "rebuilt and swapped"
        assert graph() is None, "the replaced Site's graph was freed"
    finally:
        gc.unfreeze()
