"""Reference pages: glossary, sources, the front page and about."""

from __future__ import annotations

from ...answers.query import offers_in
from ...build import Site
from ...core import codes, urls
from ...source.catalogue import Catalogue
from ...source.model import Contact, Place
from ...source.spans import kommuner_in, regions_by_phase
from .common import (
    Data,
    facts,
    ref,
    region_notices,
    urgent_bar,
    urgent_entry,
)
from .find import find_options
from .help_now import EMERGENCY

KNOWN = ("offered", "statutory", "regional", "planned", "not-offered")
"""Statuses that say something about the kommune; 'unknown' means 'ask your kommune'."""


def glossary(site: Site) -> Data:
    """Every term, alphabetically."""
    cat = site.catalogue
    terms = sorted(cat.glossary.values(), key=lambda t: t.term.lower())
    return {
        "title": "Ordliste",
        "terms": [
            {
                "id": t.id,
                "term": t.term,
                "expansion": t.expansion,
                "definition": t.definition,
                **facts(cat, t.facts),
            }
            for t in terms
        ],
    }


def sources(site: Site) -> Data:
    """Every source with what is known about it."""
    items = sorted(site.catalogue.sources.values(), key=lambda s: s.title.lower())
    return {
        "title": "Kilder",
        "sources": [
            {
                "id": s.id,
                "title": s.title,
                "publisher": s.publisher,
                "date": s.date,
                "accessed": s.accessed,
                "url": s.url,
                "seed": s.seed,
                "note": s.note,
            }
            for s in items
        ],
    }


def home(site: Site, covered: Data | None = None) -> Data:
    """The front page: what this is, urgent help, find help, and entry points (covered: the
    site's scope() when the caller keeps it, as the front page and /om/ share it)."""
    cat = site.catalogue
    return {
        "title": "Vejviser – hjælp til børn og unge i mistrivsel",
        "urgent": urgent_bar(site)["lines"],
        "options": find_options(site),
        "counts": {
            "pathways": len(cat.pathways),
            "services": len(cat.services),
            "roles": len(cat.roles),
        },
        # the front page is read on phones: per region the summary line, the lists on /om/
        "scope": brief_scope(covered if covered is not None else scope(site)),
    }


def brief_scope(full: Data) -> Data:
    """The scope without the per-service lists: each region's summary line only."""
    keep = ("id", "name", "kind", "url", "kommuner", "complete", "unknown")
    return {
        "regions": [
            {**{k: r[k] for k in keep if k in r}, "count": len(r["services"])}
            for r in full["regions"]
        ],
        "kommuner": full["kommuner"],
        "national": full["national"],
        "coming": full["coming"],
    }


def young(site: Site) -> Data:
    """For a young person: 112 first, then every service that says in its `for_young` what
    it is to them, national ones (no region asked) in catalogue order."""
    cat = site.catalogue
    lines = [
        s
        for s in cat.services.values()
        if s.for_young and s.span.holds(cat.today) and s.id != EMERGENCY
    ]
    emergency = cat.services.get(EMERGENCY)
    return {
        "title": "Jeg er ung",
        "emergency": urgent_entry(cat, emergency) if emergency else None,
        "lines": [urgent_entry(cat, s) for s in lines],
        "find_url": urls.find({}),
        "akut_url": urls.akut(),
    }


def about(site: Site, covered: Data | None = None) -> Data:
    """About the guide and its accessibility statement (covered: as for home)."""
    statuses = fact_counts(site)
    return {
        "title": "Om Vejviser",
        "fact_counts": [
            {"status": k, "label": label, "count": statuses.get(k, 0)}
            for k, label in codes.FACT_STATUSES.items()
        ],
        "scope": covered if covered is not None else scope(site),
    }


def _region_scope(
    cat: Catalogue, region_id: str, kommuner: int, rows: list[Data], column: int
) -> Data:
    """One region's line of the scope: its services that apply there, and how well known."""
    services = [
        {"service": row["service"], **row["cells"][column]}
        for row in rows
        if row["cells"][column]["applies"]
    ]
    return {
        **(ref(cat, region_id) or {}),
        "kommuner": kommuner,
        "services": services,
        "count": len(services),
        "complete": sum(1 for s in services if not s["unknown"]),
        "unknown": sum(s["unknown"] for s in services),
    }


def fact_counts(site: Site) -> dict[str, int]:
    """How many entities carry each fact status (unmarked ones count as unverified)."""
    statuses = {"verified": 0, "stated": 0, "unverified": 0}
    for entity in site.catalogue.entities():
        value = getattr(entity, "facts", None)
        if value is not None:
            key = value.fact_status or "unverified"
            statuses[key] = statuses.get(key, 0) + 1
    return statuses


def scope(site: Site) -> Data:
    """What the guide covers, from the catalogue: per region, for each family service that
    depends on the kommune, how many of the region's kommuner have a known status.

    The status is query.offers_in's (the same as /find and the kommune pages). Services
    that are the same everywhere (national, or not tied to a kommune) are only counted.
    A cell counts the kommuner where the service applies at all (not meant for another
    region); 'known' is every status but 'unknown'.
    """
    cat = site.catalogue
    regions = regions_by_phase(cat, "current")
    by_region = {r.id: kommuner_in(cat, r.id) for r in regions}
    cells: dict[str, dict[str, list[int]]] = {}  # service -> region -> [known, applies]
    national: set[str] = set()
    for region_id, kommuner in by_region.items():
        for kommune in kommuner:
            for offer in offers_in(site, kommune.id):
                if offer.audience != "familie":
                    continue
                if offer.status == "national":
                    national.add(offer.service.id)
                    continue
                cell = cells.setdefault(offer.service.id, {}).setdefault(region_id, [0, 0])
                cell[1] += 1
                cell[0] += offer.status in KNOWN
    national -= set(cells)
    rows = []
    for service_id in sorted(cells, key=lambda i: cat.services[i].name.casefold()):
        row = []
        for region in regions:
            known, applies = cells[service_id].get(region.id, [0, 0])
            row.append(
                {
                    "region": region.id,
                    "known": known,
                    "applies": applies,
                    "kommuner": len(by_region[region.id]),
                    "unknown": applies - known,
                }
            )
        rows.append({"service": ref(cat, service_id), "cells": row})
    return {
        "regions": [
            _region_scope(cat, r.id, len(by_region[r.id]), rows, i) for i, r in enumerate(regions)
        ],
        "rows": rows,
        "kommuner": sum(len(k) for k in by_region.values()),
        "national": len(national),
        "coming": region_notices(cat),
    }


def content_counts(site: Site) -> str:
    """The counts docs/content.md records, as Markdown: kommuner, services, facts by status
    and what is still unknown per region (from scope(), so the same rule as the pages)."""
    cat = site.catalogue
    summary = scope(site)
    facts_by_status = fact_counts(site)
    lines = [
        f"- Kommuner: {summary['kommuner']} in {len(summary['regions'])} regions; "
        f"places in all: {len(cat.places)}.",
        f"- Services: {len(cat.services)} "
        f"({sum(1 for s in cat.services.values() if s.required_by_law)} required by law); "
        f"pathways: {len(cat.pathways)}; sources: {len(cat.sources)}.",
        "- Facts by status: " + ", ".join(f"{k} {v}" for k, v in facts_by_status.items()) + ".",
        "",
        "| region | kommuner | services there | known in every kommune "
        "| unknown (kommune × service) |",
        "| --- | --- | --- | --- | --- |",
    ]
    for region in summary["regions"]:
        lines.append(
            f"| {region['name']} | {region['kommuner']} | {len(region['services'])} | "
            f"{region['complete']} | {region['unknown']} |"
        )
    lines.append("")
    for region in summary["regions"]:
        open_ = [
            f"{s['service']['name']} ({s['unknown']})" for s in region["services"] if s["unknown"]
        ]
        lines.append(f"- Unknown in {region['name']}: " + ("; ".join(open_) or "nothing") + ".")
    lines += ["", "Each kommune's own entry points (issue 16), verified + not verified:", ""]
    return "\n".join(lines) + "\n" + entry_counts(site)


SERVICE_ENTRY = {
    "lettilgaengeligt-tilbud": "ltt",
    "ppr-raadgivning": "ppr",
    "boerne-og-familieraadgivning": "familie",
}
"""The entry point a kommune's contact for a service is, when the contact does not say."""


def entry_point(contact: Contact) -> str | None:
    """Which of a kommune's entry points a contact is: its `entry`, else its service's, else
    'main' for a phone that names no service; None for the kommune's website."""
    if contact.entry:
        return contact.entry
    if contact.service:
        return SERVICE_ENTRY.get(contact.service)
    return "main" if contact.type == "phone" else None


def entry_status(kommune: Place, kind: str) -> str | None:
    """'verified' if a verified contact of this kind exists, 'unverified' if only others do."""
    found = [c.fact_status for c in kommune.contacts if entry_point(c) == kind]
    if not found:
        return None
    return "verified" if "verified" in found else "unverified"


def entry_counts(site: Site) -> str:
    """The kommuner's own entry points per region and kind, as a Markdown table and totals:
    each cell 'verified + not verified' kommuner (not verified: stated or unverified)."""
    cat = site.catalogue
    kinds = list(codes.ENTRY_POINTS)
    lines = [
        "| region | kommuner | " + " | ".join(codes.ENTRY_POINTS.values()) + " |",
        "| --- | --- |" + " --- |" * len(kinds),
    ]
    for region in regions_by_phase(cat, "current"):
        kommuner = kommuner_in(cat, region.id)
        cells = []
        for kind in kinds:
            marks = [entry_status(k, kind) for k in kommuner]
            cells.append(f"{marks.count('verified')} + {marks.count('unverified')}")
        lines.append(f"| {region.name} | {len(kommuner)} | " + " | ".join(cells) + " |")
    every = cat.kommuner()
    phone = sum(1 for k in every if any(c.type == "phone" for c in k.contacts))
    main = sum(1 for k in every if any(entry_point(c) == "main" for c in k.contacts))
    direct = sum(1 for k in every if any(entry_point(c) in ("ltt", "ppr") for c in k.contacts))
    lines += [
        "",
        f"- Kommuner with a sourced phone number of any kind: {phone} of {len(every)}; "
        f"with a main number: {main}; with a direct contact for the § 126 a tilbud or PPR: "
        f"{direct}.",
    ]
    return "\n".join(lines) + "\n"
