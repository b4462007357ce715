"""The whole guide as static files (Frozen-Flask); the find helper then answers in the browser.

A freeze is safe and reproducible: it writes only into a folder that is empty or that an
earlier freeze wrote (a marker file at the top lists the files it wrote), removes only files
from that list, and writes the same bytes for the same input (a hash-based CSP in a <meta>
element instead of a per-request nonce; PDFs without a creation date).
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import tempfile
import warnings
from collections.abc import Iterator
from pathlib import Path

from flask import Flask
from flask_frozen import Freezer, MissingURLGeneratorWarning
from werkzeug.exceptions import HTTPException

from .. import urls
from ..build import Site
from ..diagrams import drawcache
from ..diagrams.diagram import drawings, every_diagram, pathway_diagram
from ..diagrams.drawpool import draw_all
from ..errors import NavigatorError
from .app import DKFDS_DIST, state
from .csp import csp_for
from .factory import create_app
from .static_find import cards_of, shard_ids
from .static_plan import shard_ids as plan_shard_ids

DKFDS_FILES = ("css/dkfds.min.css",)
MARKER = ".vejviser-freeze"
_MARKER_HEAD = (
    "# written by 'navigator freeze': the files it wrote, which the next freeze may remove"
)
LINK_SCHEMES = ("http", "https", "tel", "mailto", "sms")


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


def make_freezer(app: Flask, out: Path, diagrams: bool = True) -> Freezer:
    """A Freezer that knows every page, its JSON twin, and the DKFDS files."""
    # Frozen-Flask's own clean-up would delete everything else in the folder: never use it
    app.config.update(
        FREEZER_DESTINATION=str(out.resolve()),
        FREEZER_REMOVE_EXTRA_FILES=False,
        FREEZER_IGNORE_MIMETYPE_WARNINGS=True,
        FREEZING=True,
        SHOW_PROBLEMS=False,
    )
    freezer = Freezer(app, with_no_argument_rules=False, log_url_for=True)

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
) -> list[str]:
    """Write every page of the site below out (with diagram downloads); returns the URLs.

    Diagrams are drawn first, by workers processes (default: one per core), into the
    drawing cache in the folder cache (default: a temporary one for this freeze only).
    Refuses (NavigatorError) a folder that holds files an earlier freeze did not write.
    """
    previous = own_files(out)
    # the marker first: a freeze that fails half-way leaves a folder the next one may reuse
    _write_marker(out, previous)
    app = create_app(site)
    freezer = make_freezer(app, out, diagrams)
    with _drawing_cache(cache) as drawn, drawcache.using(drawn):
        draw_all(drawn, _drawings(site, diagrams), workers)
        with warnings.catch_warnings():
            # export routes without a generator (SPARQL, per-entity RDF) stay live-only on purpose
            warnings.simplefilter("ignore", MissingURLGeneratorWarning)
            pages = list(freezer.freeze_yield())
        drawn.prune()
    write_not_found(app, out)
    written = {page.path.as_posix() for page in pages} | {"404.html"}
    urls = sorted({page.url for page in pages})
    for rel in sorted(written):
        _make_reproducible(out / rel)
    _remove_stale(out, previous - written)
    _write_marker(out, written)
    return urls


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


def _write_marker(out: Path, files: set[str]) -> None:
    out.mkdir(parents=True, exist_ok=True)
    (out / MARKER).write_text("\n".join([_MARKER_HEAD, *sorted(files)]) + "\n", encoding="utf-8")


def own_files(out: Path) -> set[str]:
    """The files an earlier freeze wrote into out; refuses a folder a freeze did not write."""
    if out.exists() and not out.is_dir():
        raise NavigatorError(f"{out} is a file; give a folder for the site")
    if not out.exists() or not any(out.iterdir()):
        return set()
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
    lines = marker.read_text(encoding="utf-8", errors="replace").splitlines()
    return {line for line in lines[1:] if line and not line.startswith("#")}


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


def _make_reproducible(path: Path) -> None:
    if path.suffix == ".html":
        text = path.read_text(encoding="utf-8")
        check_links(text, path)
        path.write_text(with_static_csp(text), encoding="utf-8")
    elif path.suffix == ".pdf":
        path.write_bytes(without_pdf_dates(path.read_bytes()))
    elif path.suffix == ".json" and path.parent.name == "plan-data":
        for fragment in json.loads(path.read_text(encoding="utf-8"))["fragments"]:
            check_links(fragment, path)
    elif path.suffix == ".json" and path.parent.name == "find-data":
        # the static find puts these cards into the page: the same link check as a page's
        for card in cards_of(json.loads(path.read_text(encoding="utf-8"))):
            check_links(card, path)


def with_static_csp(html: str) -> str:
    """The page with a CSP <meta>: the live site's policy for the same body (csp.csp_for)."""
    # a <meta> policy cannot say frame-ancestors; the server's headers must (docs/security.md)
    policy = "; ".join(p for p in csp_for(html).split("; ") if not p.startswith("frame-ancestors"))
    meta = f'<meta http-equiv="Content-Security-Policy" content="{policy}">'
    charset = '<meta charset="utf-8">'
    if charset not in html:  # fail closed: never publish a page without its policy
        raise NavigatorError(f"a frozen page has no {charset} to put its CSP after")
    return html.replace(charset, f"{charset}\n  {meta}", 1)


_HREF = re.compile(
    r"""<(?:a|area|form)\s[^>]*?\b(?:href|action)\s*=\s*["']?\s*
                       ([a-zA-Z][a-zA-Z0-9+.-]*):""",
    re.VERBOSE,
)


def check_links(html: str, path: Path) -> None:
    """Refuse to publish a page with a link that is not http(s), tel, mailto or sms."""
    for match in _HREF.finditer(html):
        if match.group(1).lower() not in LINK_SCHEMES:
            raise NavigatorError(
                f"{path}: a link with the scheme '{match.group(1)}:'; "
                f"only {', '.join(LINK_SCHEMES)} links are published"
            )


_PDF_DATE = re.compile(rb"/(?:CreationDate|ModDate)\s*\(D:[^)]*\)")


def without_pdf_dates(data: bytes) -> bytes:
    """The PDF with its creation and modification dates blanked (same length: offsets hold)."""
    # cairo 1.16 ignores SOURCE_DATE_EPOCH; spaces are whitespace inside a PDF dictionary
    return _PDF_DATE.sub(lambda m: b" " * len(m.group()), data)


def write_not_found(app: Flask, out: Path) -> None:
    """404.html in the site's design, for static hosts that serve it for unknown paths."""
    response = app.test_client().get("/404.html")
    (out / "404.html").write_bytes(response.get_data())
