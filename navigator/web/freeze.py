"""The whole guide as static files (Frozen-Flask); the find helper then answers in the browser.

A freeze is safe and reproducible: it writes only into a folder that is empty or that an
earlier freeze wrote (a marker file at the top lists the files it wrote), removes only files
from that list, and writes the same bytes for the same input (a hash-based CSP in a <meta>
element instead of a per-request nonce; PDFs without a creation date).
"""

from __future__ import annotations

import re
import warnings
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from flask import Flask
from flask_frozen import Freezer, MissingURLGeneratorWarning
from werkzeug.exceptions import HTTPException

from .. import urls
from ..build import Site
from ..errors import NavigatorError
from ..query import (
    ASK_KOMMUNE,
    AVAILABILITY_ORDER,
    availability,
    concern_phrases,
    is_starting_point,
    narrower_concerns,
    reason_codes,
    service_key,
    status_rank,
)
from .app import DKFDS_DIST, state
from .csp import csp_for
from .explain import glossary_data
from .factory import create_app
from .presenters import AVAILABILITY_LABELS, help_data, match_card, onwards, urgent_bar
from .presenters.find import CHIP_LABELS
from .presenters.places import kommune_contact

DKFDS_FILES = ("css/dkfds.min.css",)
MARKER = ".vejviser-freeze"
_MARKER_HEAD = (
    "# written by 'navigator freeze': the files it wrote, which the next freeze may remove"
)
LINK_SCHEMES = ("http", "https", "tel", "mailto", "sms")


def _candidates(site: Site) -> list[Any]:
    """The services the find helper may suggest (same filter as query.services_for)."""
    return [s for s in site.catalogue.services.values() if is_starting_point(s)]


def _service_entry(site: Site, service: Any, order: int) -> dict[str, Any]:
    card = match_card(site, service, "unknown", ())
    for key in ("availability", "availability_label", "ask_kommune", "reasons", "onwards"):
        card.pop(key)  # per kommune or per question; onwards is regional truth (find_data)
    card["legal_basis"] = service.legal_basis if service.required_by_law else None
    entry, sector, _ = service_key(service)
    return {
        **card,
        "min_age": service.minimum_age,
        "max_age": service.maximum_age,
        "concerns": list(service.concerns),
        "key": [entry, sector, order],
        "kommune_sector": service.sector == "kommune",
        # query.reason_codes depends on the status only through 'ask the kommune'
        "reasons": {
            f"{int(d)}{int(a)}": list(reason_codes(service, d, _status(a)))
            for d in (False, True)
            for a in (False, True)
        },
    }


def _status(ask: bool) -> str:
    """A status that does (or does not) make a card say 'ask your kommune'."""
    return ASK_KOMMUNE[0] if ask else "offered"


def _availability_table(site: Site, service: Any, kommuner: list[str]) -> dict[str, str]:
    """A service's status with no kommune (""), in most kommuner ("*"), and in every kommune
    where it differs from "*"."""
    cat = site.catalogue
    statuses = {k: availability(cat, service, k)[0] for k in kommuner}
    counts = Counter(statuses.values())
    common = max(counts, key=lambda s: (counts[s], s)) if counts else "unknown"
    return {
        "": availability(cat, service, None)[0],
        "*": common,
        **{k: s for k, s in statuses.items() if s != common},
    }


def _onwards_by_kommune(site: Site, service: Any, kommuner: list[str]) -> dict[str, Any]:
    """A card's 'Vejen videre' for each kommune, by the live site's rule (presenters.onwards,
    query.serves). Each distinct answer is stored once; the first is the one with no kommune
    chosen (national only), and only kommuner with another answer are listed."""
    variants = [onwards(site.catalogue, service.id, None)]
    index: dict[str, int] = {}
    for kommune in kommuner:
        value = onwards(site.catalogue, service.id, kommune)
        if value not in variants:
            variants.append(value)
        if variants.index(value):
            index[kommune] = variants.index(value)
    return {"variants": variants, "kommuner": index}


def find_data(site: Site) -> dict[str, Any]:
    """Everything the static find helper needs, computed here by query's rules.

    find.js only combines these tables (docs/web.md, "The static find"): it resolves the
    concern through "phrases" and "narrower", keeps the services whose ages fit and whose
    concerns meet it, looks up the status in "availability" (the kommune's own entry, else
    "*"; "" with no kommune), takes the reasons from "reasons" by (concern fits, ask the
    kommune), and sorts by [key[0], fits ? 0 : 1, status_rank[status], key[1], key[2]]:
    query.rank_key with the name replaced by its position in name order.
    """
    cat = site.catalogue
    services = _candidates(site)
    kommuner = [k.id for k in cat.kommuner()]
    order = {s.id: i for i, s in enumerate(sorted(services, key=lambda s: service_key(s)[2]))}
    return {
        "concerns": [
            {"id": c.id, "label": c.plain, "broader": c.broader} for c in cat.concerns.values()
        ],
        "phrases": concern_phrases(cat),
        "narrower": narrower_concerns(cat),
        "kommuner": {k.id: k.name for k in cat.kommuner()},
        "glossary": glossary_data(cat),
        "kommune_contacts": {k: kommune_contact(cat, k) for k in kommuner},
        "services": [_service_entry(site, s, order[s.id]) for s in services],
        "onwards": {s.id: _onwards_by_kommune(site, s, kommuner) for s in services},
        "availability": {s.id: _availability_table(site, s, kommuner) for s in services},
        "status_rank": {s: status_rank(s) for s in AVAILABILITY_ORDER},
        "ask_kommune": list(ASK_KOMMUNE),
        "labels": AVAILABILITY_LABELS,
        "reason_labels": CHIP_LABELS,
        "danger": help_data(site),  # "Få hjælp nu": the same rule as the live site
        # the urgent bar per region, as base.html shows it when ?kommune= names the region
        "urgent_bars": {
            r: urgent_bar(site, r)
            for r in sorted(p.id for p in cat.places.values() if p.type == "region")
        },
    }


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
    cat = site.catalogue
    return {
        "pathway": sorted(cat.pathways),
        "service": sorted(cat.services),
        "role": sorted(cat.roles),
        "kommune": [k.id for k in cat.kommuner()],
        "cluster": sorted(p.id for p in cat.places.values() if p.type == "cluster"),
    }


def freeze_site(site: Site, out: Path, diagrams: bool = True) -> list[str]:
    """Write every page of the site below out (with diagram downloads); returns the URLs.

    Refuses (NavigatorError) a folder that holds files an earlier freeze did not write.
    """
    previous = own_files(out)
    # the marker first: a freeze that fails half-way leaves a folder the next one may reuse
    _write_marker(out, previous)
    app = create_app(site)
    freezer = make_freezer(app, out, diagrams)
    with warnings.catch_warnings():
        # export routes without a generator (SPARQL, per-entity RDF) stay live-only on purpose
        warnings.simplefilter("ignore", MissingURLGeneratorWarning)
        pages = list(freezer.freeze_yield())
    write_not_found(app, out)
    written = {page.path.as_posix() for page in pages} | {"404.html"}
    urls = sorted({page.url for page in pages})
    for rel in sorted(written):
        _make_reproducible(out / rel)
    _remove_stale(out, previous - written)
    _write_marker(out, written)
    return urls


def _write_marker(out: Path, files: set[str]) -> None:
    out.mkdir(parents=True, exist_ok=True)
    (out / MARKER).write_text("\n".join([_MARKER_HEAD, *sorted(files)]) + "\n", encoding="utf-8")


def own_files(out: Path) -> set[str]:
    """The files an earlier freeze wrote into out; refuses a folder a freeze did not write."""
    if out.exists() and not out.is_dir():
        raise NavigatorError(f"{out} is a file; give a folder for the site")
    if not out.exists() or not any(out.iterdir()):
        return set()
    marker = out / MARKER
    if not marker.is_file():
        raise NavigatorError(
            f"{out} is not empty and was not written by 'navigator freeze' "
            f"(no {MARKER} file in it); give a new or empty folder"
        )
    lines = marker.read_text(encoding="utf-8", errors="replace").splitlines()
    return {line for line in lines[1:] if line and not line.startswith("#")}


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
