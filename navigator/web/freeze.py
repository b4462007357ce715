"""The whole guide as static files (Frozen-Flask); the find helper then answers in the browser.

A freeze is safe and reproducible: it writes only into a folder that is empty or that an
earlier freeze wrote (a marker file at the top lists the files it wrote), removes only files
from that list, and writes the same bytes for the same input (a hash-based CSP in a <meta>
element instead of a per-request nonce; PDFs without a creation date).
"""

from __future__ import annotations

import contextlib
import os
import re
import tempfile
from collections.abc import Iterator
from pathlib import Path

from flask import Flask
from werkzeug.exceptions import HTTPException

from ..build import Site
from ..core import urls
from ..core.errors import NavigatorError
from ..diagrams import drawcache
from ..diagrams.diagram import drawings, every_diagram, pathway_diagram
from ..diagrams.drawpool import cores, draw_all
from ..diagrams.paper import without_pdf_dates
from .app import DKFDS_DIST, STEMMER_JS, state
from .factory import create_app
from .frozenfiles import (
    MARKER,
    Marker,
    check_links,
    final_bytes,
    freeze_key,
    intact,
    read_marker,
    sha256,
    with_static_csp,
    write_if_changed,
)
from .pagepool import PageFreezer, freeze_pages
from .static_find import shard_ids
from .static_plan import shard_ids as plan_shard_ids

DKFDS_FILES = ("css/dkfds.min.css",)
__all__ = [
    "MARKER",
    "check_links",
    "freeze_site",
    "make_freezer",
    "own_files",
    "with_static_csp",
    "without_pdf_dates",
]


def _dkfds_files() -> Iterator[str]:
    """The DKFDS stylesheet and every font or image it refers to."""
    for name in DKFDS_FILES:
        yield name
        css = (DKFDS_DIST / name).read_text(encoding="utf-8")
        base = Path(name).parent
        for ref in sorted(set(re.findall(r"url\(['\"]?([^)'\"?#]+)", css))):
            if not ref.startswith("data:"):
                target = (DKFDS_DIST / base / ref).resolve()
                if target.is_file():
                    yield str(target.relative_to(DKFDS_DIST.resolve()))


def _node_files() -> list[Path]:
    """The files a freeze copies from node_modules: DKFDS's and the Danish stemmer."""
    return [*(DKFDS_DIST / f for f in _dkfds_files()), STEMMER_JS]


def make_freezer(app: Flask, out: Path, diagrams: bool = True) -> PageFreezer:
    """A Freezer that knows every page, its JSON twin, the DKFDS files and the stemmer."""
    # Frozen-Flask's own clean-up would delete everything else in the folder: never use it
    app.config.update(
        FREEZER_DESTINATION=str(out.resolve()),
        FREEZER_REMOVE_EXTRA_FILES=False,
        FREEZER_IGNORE_MIMETYPE_WARNINGS=True,
        FREEZING=True,
        SHOW_PROBLEMS=False,
    )
    freezer = PageFreezer(app, with_no_argument_rules=False, log_url_for=True)

    @freezer.register_generator  # type: ignore[untyped-decorator]
    def urls() -> Iterator[str | tuple[str, dict[str, str]]]:
        site = state(app).site
        for rule in app.url_map.iter_rules():
            if rule.endpoint.startswith("guide.") and not rule.arguments - {"fmt"}:
                yield rule.endpoint, {}
        for endpoint, ids in _entity_ids(site).items():
            for entity_id in ids:
                yield f"guide.{endpoint}", {"id": entity_id}
                yield f"guide.{endpoint}_json", {"id": entity_id}
        for shard in shard_ids(site):  # the static find: one file per kommune and region
            yield "guide.find_data_kommune", {"id": shard}
        for shard in plan_shard_ids(site):  # the static plan: one per kommune
            yield "guide.plan_data_kommune", {"id": shard}
        for filename in _dkfds_files():
            yield "dkfds", {"filename": filename}
        yield "stemmer", {}  # search.js imports it (search.html's data-stemmer)
        if diagrams:
            yield from _diagram_urls(app, site)

    return freezer


def _diagram_urls(app: Flask, site: Site) -> Iterator[str]:
    """The diagram downloads the pathway pages link to, when the export blueprint is installed."""
    adapter = app.url_map.bind("localhost")
    for pathway_id in sorted(site.catalogue.pathways):
        for url in urls.pathway_diagram_files(pathway_id).values():
            try:
                adapter.match(url)
            except HTTPException:
                return
            yield url


def _entity_ids(site: Site) -> dict[str, list[str]]:
    """The ids of every entity with a page of its own, by kind (= its endpoint)."""
    ids: dict[str, list[str]] = {kind: [] for kind in urls.PAGE_KINDS}
    for entity in site.catalogue.entities():
        if entity.kind in ids:
            ids[entity.kind].append(entity.id)
    return ids


def freeze_site(
    site: Site,
    out: Path,
    diagrams: bool = True,
    cache: Path | None = None,
    workers: int | None = None,
    inputs: str | None = None,
    page_workers: int | None = None,
) -> list[str]:
    """Write every page of the site below out (with diagram downloads); returns the URLs.

    Diagrams are drawn first, workers at a time (default: one per core), into the drawing
    cache in the folder cache (default: a temporary one for this freeze only); then
    page_workers forked processes render the pages (default: one per core; 1 renders them
    in this process, with the same bytes). A file is written only if its bytes
    change. With inputs (buildcache.content_key of the Site's files and day), a freeze whose
    inputs match the last one's, into a folder whose files are all as it wrote them, writes
    nothing at all.
    Refuses (NavigatorError) a folder that holds files an earlier freeze did not write.
    """
    previous = own_marker(out)
    key = freeze_key(inputs, diagrams, _node_files()) if inputs else None
    if key and previous.key == key and previous.files and intact(out, previous.files):
        return _urls_of(previous.files)
    if not (out / MARKER).exists():
        # the marker first: a freeze that fails half-way leaves a folder the next one may reuse
        write_if_changed(out / MARKER, Marker().text().encode("utf-8"))
    app = create_app(site)
    freezer = make_freezer(app, out, diagrams)
    with _drawing_cache(cache) as drawn, drawcache.using(drawn):
        draw_all(drawn, _drawings(site, diagrams), workers)
        # every page is the same function of the Site whichever process renders it and
        # whatever it rendered before (the glossary's first uses are the request's own)
        pages = freeze_pages(freezer, page_workers or cores())
        drawn.prune()
    digests: dict[str, str | None] = {**freezer.digests, "404.html": write_not_found(app, out)}
    _remove_stale(out, set(previous.files) - set(digests))
    write_if_changed(out / MARKER, Marker(digests, key).text().encode("utf-8"))
    return pages


def _urls_of(files: dict[str, str | None]) -> list[str]:
    """The URLs of the pages a freeze wrote, from their files (Frozen-Flask's mapping)."""
    found = set()
    for rel in files:
        if rel != "404.html":
            found.add("/" + (rel[: -len("index.html")] if rel.endswith("index.html") else rel))
    return sorted(found)


@contextlib.contextmanager
def _drawing_cache(folder: Path | None) -> Iterator[drawcache.DrawCache]:
    """The drawing cache in folder, or in a temporary folder removed afterwards."""
    if folder is not None:
        yield drawcache.DrawCache(folder)
        return
    with tempfile.TemporaryDirectory(prefix="vejviser-drawings-") as temporary:
        yield drawcache.DrawCache(Path(temporary))


def _drawings(site: Site, diagrams: bool) -> list[tuple[str, str]]:
    """What the freeze will draw: every diagram in every format, or the pathway pages' SVGs."""
    if diagrams:
        return drawings(every_diagram(site))
    items = [pathway_diagram(site, pathway_id) for pathway_id in sorted(site.catalogue.pathways)]
    return drawings(items, ("svg",))


def own_files(out: Path) -> set[str]:
    """The files an earlier freeze wrote into out; refuses a folder a freeze did not write."""
    return set(own_marker(out).files)


def own_marker(out: Path) -> Marker:
    """The marker of the earlier freeze into out; refuses a folder a freeze did not write."""
    if out.exists() and not out.is_dir():
        raise NavigatorError(f"{out} is a file; give a folder for the site")
    if not out.exists() or not any(out.iterdir()):
        return Marker()
    links = _links(out)
    if links:
        # Frozen-Flask would write through it: a linked forloeb/ put 31 files elsewhere
        raise NavigatorError(
            f"{out} holds a link ({links[0]}); a freeze never writes through a link. "
            "Remove the link, or give a new or empty folder"
        )
    marker = out / MARKER
    if not marker.is_file():
        raise NavigatorError(
            f"{out} is not empty and was not written by 'navigator freeze' "
            f"(no {MARKER} file in it); give a new or empty folder"
        )
    return read_marker(marker)


def _links(out: Path) -> list[str]:
    """Every symlink below out (files and folders), never followed, as paths relative to out."""
    found = []
    for folder, dirs, files in os.walk(out, followlinks=False):
        for name in sorted([*dirs, *files]):
            path = Path(folder) / name
            if path.is_symlink():
                found.append(path.relative_to(out).as_posix())
    return sorted(found)


def _remove_stale(out: Path, stale: set[str]) -> None:
    """Remove files the last freeze wrote and this one did not, never anything outside out."""
    root = out.resolve()
    for rel in sorted(stale):
        path = out / rel
        # the marker is only text: a line such as '../x', or a folder since replaced by a
        # link to elsewhere, must not make a freeze delete outside its own output
        if path.is_symlink() or not path.is_file() or not path.resolve().is_relative_to(root):
            continue
        path.unlink()
    for folder in sorted(
        (p for p in out.rglob("*") if p.is_dir() and not p.is_symlink()),
        key=lambda p: len(p.parts),
        reverse=True,
    ):
        if not any(folder.iterdir()):
            folder.rmdir()


def write_not_found(app: Flask, out: Path) -> str:
    """404.html in the site's design, for static hosts that serve it for unknown paths;
    returns the SHA-256 of its bytes."""
    response = app.test_client().get("/404.html")
    data = final_bytes(out / "404.html", response.get_data())
    write_if_changed(out / "404.html", data)
    return sha256(data)
