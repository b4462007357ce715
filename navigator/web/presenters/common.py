"""Shared pieces of every page dict: links, facts and sources, sectors, contacts, urgent help."""

from __future__ import annotations

from typing import Any

from ... import codes, query, urls
from ...build import Site
from ...catalogue import Catalogue
from ...model import (
    Contact,
    Facts,
    Lifecycle,
    Service,
)

Data = dict[str, Any]

AVAILABILITY_LABELS = codes.AVAILABILITY


def ref(cat: Catalogue, entity_id: str | None) -> Data | None:
    """A link to any entity by id: id, name, kind and url (None if the id is unknown)."""
    if not entity_id:
        return None
    entity = cat.get(entity_id)
    if entity is None:
        return {"id": entity_id, "name": entity_id, "kind": "unknown", "url": None}
    name = (
        getattr(entity, "name", None)
        or getattr(entity, "label", None)
        or getattr(entity, "term", None)
        or getattr(entity, "title", entity_id)
    )
    return {
        "id": entity_id,
        "name": name,
        "kind": entity.kind,
        "url": urls.entity(entity.kind, entity_id),
    }


def refs(cat: Catalogue, ids: tuple[str, ...] | list[str]) -> list[Data]:
    """Links for several ids, keeping their order."""
    return [r for r in (ref(cat, i) for i in ids) if r is not None]


def fact_status(status: str | None) -> Data:
    """A fact status with its plain-language label; unmarked facts count as unverified."""
    key = status or "unverified"
    return {
        "status": key,
        "label": codes.FACT_STATUSES.get(key, codes.FACT_STATUSES["unverified"]),
        "verified": key == "verified",
    }


def facts(cat: Catalogue, value: Facts) -> Data:
    """Sources, fact status and review block of an entity."""
    review = value.review
    return {
        **fact_status(value.fact_status),
        "sources": [source_ref(cat, s) for s in value.sources],
        "review": {
            "last_reviewed": review.last_reviewed,
            "next_review": review.next_review,
            "owner": review.owner,
        }
        if review
        else None,
    }


def lifecycle(cat: Catalogue, life: Lifecycle, project: bool = False) -> Data:
    """Whether a service or pathway runs today, in plain Danish, with its date and sources.

    An ended one is history: its page says so at the top ("Projektet sluttede i …").
    """
    key = life.status or "unknown"
    what = "Projektet" if project else "Tilbuddet"
    notes = {
        "ended": f"{what} sluttede i {life.ended}." if life.ended else f"{what} er slut.",
        "planned": f"{what} er planlagt. Det findes ikke endnu.",
        "unknown": f"Vi ved ikke, om {what.lower()} stadig findes. Spørg, før I regner med det.",
    }
    return {
        "status": key,
        "label": codes.SERVICE_STATUSES[key],
        "recorded": life.status is not None,
        "as_of": life.as_of,
        "ended": life.ended,
        "history": key == "ended",
        "current": life.current,
        "note": notes.get(key),
        "sources": [source_ref(cat, s) for s in life.sources],
    }


def source_ref(cat: Catalogue, source_id: str) -> Data:
    """A source with its title and the anchor on the sources page."""
    source = cat.sources.get(source_id)
    return {
        "id": source_id,
        "title": source.title if source else source_id,
        "url": urls.source(source_id),
        "external": source.url if source else None,
    }


def sector(key: str | None) -> Data | None:
    """A sector key with its Danish label."""
    return {"id": key, "label": codes.SECTORS.get(key, key)} if key else None


# ---- contacts and urgent help -------------------------------------------------------------


def contact(cat: Catalogue, value: Contact) -> Data:
    """A way to get in touch, with a link target where one makes sense."""
    href = {"phone": "tel:", "sms": "sms:", "email": "mailto:"}.get(value.type)
    link = (
        href + value.value.replace(" ", "")
        if href
        else (value.value if value.type in ("web", "chat") else None)
    )
    area = cat.places.get(value.area) if value.area else None
    return {
        "type": value.type,
        "type_label": codes.CONTACT_TYPES.get(value.type, value.type),
        "value": value.value,
        "label": value.label,
        "hours": value.hours,
        "href": link,
        "area": area.name if area else None,
        # a plain instruction (no number of its own) shows the sources it rests on
        "sources": [source_ref(cat, s) for s in value.sources]
        if value.type == "instruction"
        else [],
        **{"fact": fact_status(value.fact_status)},
    }


def urgent_entry(cat: Catalogue, service: Service) -> Data:
    """An urgent service as shown in the bar and on /akut."""
    phones = [contact(cat, c) for c in service.contacts]
    areas = [cat.places[a].name for a in service.area_served if a in cat.places]
    first = phones[0]["value"] if phones else ""
    label = phones[0]["label"] if phones and phones[0]["label"] else service.name
    label = " ".join(label.replace(first, " ").split()) or service.name
    missing = [a for a in areas if a not in label]  # a regional line always names its region
    return {
        "id": service.id,
        "name": service.name,
        "short_name": service.short_name,
        "bar_label": f"{label} ({', '.join(missing)})" if missing else label,
        "summary": service.summary,
        "how": service.application_process,
        "url": urls.service(service.id),
        "contacts": phones,
        "areas": areas,
        "national": not service.area_served,
    }


def region_ref(cat: Catalogue, region: str | None) -> Data | None:
    """A known region as id, name and its /akut page; None for anything else."""
    place = cat.places.get(region or "")
    if place is None or place.type != "region":
        return None
    return {"id": place.id, "name": place.name, "url": urls.akut(place.id)}


def bar_region(
    cat: Catalogue, endpoint: str | None, view_args: dict[str, Any], args: dict[str, str]
) -> str | None:
    """The family's region as the URL says it: /akut/<region>/, ?region=, ?kommune= on /find,
    or the kommune whose page this is. No cookies: nothing is remembered between pages."""
    if endpoint in ("guide.kommune", "guide.kommune_json"):
        return query.region_of(cat, view_args.get("id"))
    wanted = view_args.get("region") or args.get("region") or args.get("kommune")
    return query.region_of(cat, wanted) if wanted else None


def _has_phone(service: Service) -> bool:
    return any(c.type == "phone" for c in service.contacts)


def urgent_bar(site: Site, region: str | None = None) -> Data:
    """The bar on every page: 112 and, when the region is known, that region's first number.

    Without a region it shows only national lines (never 1813 or a lægevagt) and links to
    /akut/, where the family picks its region.
    """
    cat = site.catalogue
    known = region_ref(cat, region)
    lines = [s for s in query.urgent_help(cat, known["id"] if known else None) if _has_phone(s)]
    national = [s for s in lines if not s.area_served]
    own = [s for s in lines if s.area_served]
    chosen = national[:1] + own[:1] if known else national[:2]
    return {
        "lines": [urgent_entry(cat, s) for s in chosen],
        "region": known,
        # on a phone only the label shows; the detail is read out and shown from 600 px
        "more": {
            "url": known["url"] if known else urls.akut(),
            "label": "Alle numre" if known else "Akut hjælp i din region",
            "detail": f" for {known['name']}" if known else "",
        },
    }


def akut(site: Site, region: str | None = None) -> Data | None:
    """Urgent help: a jump list to the five regions, national lines, and each region's own.

    With a region, that region's lines come first; an unknown region gives None (404).
    """
    cat = site.catalogue
    known = region_ref(cat, region)
    if region and known is None:
        return None
    national = [urgent_entry(cat, s) for s in query.urgent_help(cat, None)]
    regions = []
    for place in sorted(
        (p for p in cat.places.values() if p.type == "region"), key=lambda p: p.name
    ):
        own = [s for s in query.urgent_help(cat, place.id) if s.area_served]
        regions.append(
            {
                **(region_ref(cat, place.id) or {}),
                "anchor": place.id,
                "services": [urgent_entry(cat, s) for s in own],
            }
        )
    if known:  # the family's region first, then the rest in name order
        regions.sort(key=lambda r: r["id"] != known["id"])
    pathway = cat.pathways.get(query.URGENT_PATHWAY)
    return {
        "title": f"Akut hjælp i {known['name']}" if known else "Akut hjælp",
        "region": known,
        "national": national,
        "regions": regions,
        "pathway": ref(cat, pathway.id) if pathway else None,
    }
