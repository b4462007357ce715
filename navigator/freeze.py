"""The whole guide as static files (Frozen-Flask); the find helper then answers in the browser."""

from __future__ import annotations

import re
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from flask import Flask
from flask_frozen import Freezer, MissingURLGeneratorWarning
from werkzeug.exceptions import HTTPException

from .app import DKFDS_DIST, create_app, state
from .build import Site
from .explain import glossary_data
from .presenters import AVAILABILITY_LABELS, help_data, match_card, onwards, urgent_bar
from .presenters.places import kommune_contact
from .query import COVERAGE_RANK, availability, is_starting_point, normalise, reasons_for

DKFDS_FILES = ("css/dkfds.min.css",)
DIAGRAM_FORMATS = ("svg", "png", "pdf", "dot")


def _candidates(site: Site) -> list[Any]:
    """The services the find helper may suggest (same filter as query.services_for)."""
    return [s for s in site.catalogue.services.values() if is_starting_point(s)]


def _service_entry(site: Site, service: Any) -> dict[str, Any]:
    card = match_card(site, service, "unknown", ())
    card.pop("availability"), card.pop("availability_label"), card.pop("ask_kommune")
    card["legal_basis"] = service.legal_basis if service.required_by_law else None
    card.pop("onwards")  # per kommune in find_data's "onwards": a pathway is regional truth
    entry = 0 if service.self_referral else (1 if service.self_referral is None else 2)
    return {**card, "min_age": service.minimum_age, "max_age": service.maximum_age,
            "concerns": list(service.concerns), "entry": entry,
            "kommune_sector": service.sector == "kommune",
            "reasons": {f"{int(d)}{int(a)}": _shown_reasons(service, d, a)
                        for d in (False, True) for a in (False, True)}}


def _shown_reasons(service: Any, direct: bool, ask: bool) -> list[str]:
    """The reason chips of a card; 'ask your kommune' has its own box on the card."""
    reasons = reasons_for(service, direct, "unknown" if ask else "offered")
    return [r for r in reasons if not r.startswith("Spørg din kommune")]


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
    """Services, concerns and availability per kommune, for the client-side find helper."""
    cat = site.catalogue
    services = _candidates(site)
    kommuner = [k.id for k in cat.kommuner()]
    return {
        "concerns": [{"id": c.id, "label": c.plain, "broader": c.broader,
                      "phrases": [normalise(p) for p in c.words]}
                     for c in cat.concerns.values()],
        "kommuner": {k.id: k.name for k in cat.kommuner()},
        "glossary": glossary_data(cat),
        "kommune_contacts": {k: kommune_contact(cat, k) for k in kommuner},
        "services": [_service_entry(site, s) for s in services],
        "onwards": {s.id: _onwards_by_kommune(site, s, kommuner) for s in services},
        "availability": {s.id: {"": availability(cat, s, None)[0],
                                **{k: availability(cat, s, k)[0] for k in kommuner}}
                         for s in services},
        "rank": COVERAGE_RANK,
        "labels": AVAILABILITY_LABELS,
        "danger": help_data(site),  # "Få hjælp nu": the same rule as the live site
        # the urgent bar per region, as base.html shows it when ?kommune= names the region
        "urgent_bars": {r: urgent_bar(site, r) for r in sorted(
            p.id for p in cat.places.values() if p.type == "region")},
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
    app.config.update(FREEZER_DESTINATION=str(out.resolve()), FREEZER_REMOVE_EXTRA_FILES=True,
                      FREEZER_IGNORE_MIMETYPE_WARNINGS=True, FREEZING=True,
                      SHOW_PROBLEMS=False)
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
        for fmt in DIAGRAM_FORMATS:
            url = f"/eksport/forloeb/{pathway_id}.{fmt}"
            try:
                adapter.match(url)
            except HTTPException:
                return
            yield url


def _entity_ids(site: Site) -> dict[str, list[str]]:
    cat = site.catalogue
    return {"pathway": sorted(cat.pathways), "service": sorted(cat.services),
            "role": sorted(cat.roles), "kommune": [k.id for k in cat.kommuner()],
            "cluster": sorted(p.id for p in cat.places.values() if p.type == "cluster")}


def freeze_site(site: Site, out: Path, diagrams: bool = True) -> list[str]:
    """Write every page of the site below out (with diagram downloads); returns the URLs."""
    app = create_app(site)
    freezer = make_freezer(app, out, diagrams)
    with warnings.catch_warnings():
        # export routes without a generator (SPARQL, per-entity RDF) stay live-only on purpose
        warnings.simplefilter("ignore", MissingURLGeneratorWarning)
        urls = sorted(freezer.freeze())
    write_not_found(app, out)
    return urls


def write_not_found(app: Flask, out: Path) -> None:
    """404.html in the site's design, for static hosts that serve it for unknown paths."""
    response = app.test_client().get("/404.html")
    (out / "404.html").write_bytes(response.get_data())

