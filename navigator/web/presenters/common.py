"""Shared pieces of every page dict: links, facts and sources, sectors, contacts, urgent help."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from ...answers import query
from ...build import Site
from ...core import codes, urls
from ...source.catalogue import Catalogue
from ...source.model import (
    Contact,
    Facts,
    Lifecycle,
    Review,
    Service,
    Span,
    as_date,
)
from ...source.spans import danish_date, regions_by_phase

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
        "name": past_names(cat, name),
        "kind": entity.kind,
        "url": urls.entity(entity.kind, entity_id),
    }


def past_names(cat: Catalogue, text: str | None) -> str:
    """A name or note with each place that has ended named as such: 'BUP-K-møder (det
    tidligere Region Hovedstaden)', so no page calls a merged region current."""
    out = text or ""
    for place in cat.places.values():
        if place.name in out and place.span.phase(cat.today) == "ended":
            out = re.sub(
                rf"(?<!tidligere ){re.escape(place.name)}(?! \(\d{{4}}-\d{{4}}\))",
                f"det tidligere {place.name}",
                out,
            )
    return out


def refs(cat: Catalogue, ids: tuple[str, ...] | list[str]) -> list[Data]:
    """Links for several ids, keeping their order."""
    return [r for r in (ref(cat, i) for i in ids) if r is not None]


def area_refs(cat: Catalogue, ids: tuple[str, ...] | list[str]) -> list[Data]:
    """Links to the places an area names; one that has ended is named 'det tidligere …'."""
    return [{**r, "name": place_label(cat, r["id"])} for r in refs(cat, ids)]


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
        "stale": stale_notice(cat, review),
    }


def stale_notice(cat: Catalogue, review: Review | None) -> str | None:
    """What parents read on a page whose facts are past their review date; None otherwise."""
    due = as_date(review.next_review) if review else None
    if review is None or due is None or due >= cat.today:
        return None
    return (
        f"Vi har sidst tjekket dette {danish_date(review.last_reviewed)}. "
        "Noget kan have ændret sig siden. Spørg, før I handler på det."
    )


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
    return {
        "type": value.type,
        "type_label": codes.CONTACT_TYPES.get(value.type, value.type),
        "value": value.value,
        "label": value.label,
        "hours": value.hours,
        "href": link,
        "area": place_label(cat, value.area) if value.area else None,
        "notice": span_notice(cat, value.span),
        # a plain instruction (no number of its own) shows the sources it rests on
        "sources": [source_ref(cat, s) for s in value.sources]
        if value.type == "instruction"
        else [],
        **{"fact": fact_status(value.fact_status)},
    }


def contacts_shown(cat: Catalogue, values: tuple[Contact, ...]) -> list[Data]:
    """The contacts a page shows: current ones, and coming ones with their date; ended ones
    are history and never shown as a way to get help."""
    return [contact(cat, c) for c in values if c.span.phase(cat.today) != "ended"]


def place_label(cat: Catalogue, place_id: str) -> str:
    """A place's name; a place that has ended is 'det tidligere …', never named as current."""
    place = cat.places.get(place_id)
    if place is None:
        return place_id
    return f"det tidligere {place.name}" if place.span.phase(cat.today) == "ended" else place.name


def span_notice(cat: Catalogue, span: Span) -> str | None:
    """What parents read about when a fact holds: 'Fra 1. januar 2027.', 'Gjaldt til …',
    'Gælder indtil andet er meldt ud.'; None for a fact that simply holds."""
    phase = span.phase(cat.today)
    if phase == "coming":
        return f"Fra {danish_date(span.start)}."
    if phase == "ended":
        return f"Gjaldt til og med {danish_date(span.end)}."
    if span.until_notice:
        return UNTIL_NOTICE
    return None


UNTIL_NOTICE = "Gælder indtil andet er meldt ud."
"""Shown with a fact carried on after a change that no source has said anything about."""


def urgent_entry(cat: Catalogue, service: Service, place: str | None = None) -> Data:
    """An urgent service as shown in the bar and on /akut; for a place (a family's kommune)
    only the contacts whose own area serves it (what holds on Bornholm, for a Bornholm family)."""
    phones = [
        contact(cat, c)
        for c in service.contacts
        if c.span.holds(cat.today)
        and (place is None or not c.area or query.serves(cat, (c.area,), place))
    ]
    areas = [place_label(cat, a) for a in service.area_served if a in cat.places]
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
        "for_young": service.for_young,
        "how": service.application_process,
        "url": urls.service(service.id),
        "contacts": phones,
        "areas": areas,
        "national": not service.area_served,
        "notice": span_notice(cat, service.span)
        or next((UNTIL_NOTICE for c in service.contacts if c.span.until_notice), None),
    }


def region_ref(cat: Catalogue, region: str | None) -> Data | None:
    """A known region as id, name and its /akut page; None for anything else."""
    place = cat.places.get(region or "")
    if place is None or place.type != "region":
        return None
    return {"id": place.id, "name": place_label(cat, place.id), "url": urls.akut(place.id)}


def bar_region(
    cat: Catalogue, endpoint: str | None, view_args: dict[str, Any], args: dict[str, str]
) -> str | None:
    """The family's place as the URL says it: the kommune whose page this is, ?kommune=,
    /akut/<region>/ or ?region=; a kommune when one is named (its lines may be a former
    region's), else the region. No cookies: nothing is remembered between pages."""
    if endpoint in ("guide.kommune", "guide.kommune_json"):
        wanted = view_args.get("id")
    else:
        wanted = args.get("kommune") or view_args.get("region") or args.get("region")
    return wanted if query.region_of(cat, wanted) else None


def _has_phone(service: Service) -> bool:
    return any(c.type == "phone" for c in service.contacts)


def urgent_bar(site: Site, region: str | None = None) -> Data:
    """The bar on every page: 112 and, when the region is known, that region's first number.

    Without a region it shows only national lines (never 1813 or a lægevagt) and links to
    /akut/, where the family picks its region.
    """
    cat = site.catalogue
    known = region_ref(cat, query.region_of(cat, region))
    lines = [s for s in query.urgent_help(cat, region if known else None) if _has_phone(s)]
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


def akut(site: Site, place: str | None = None) -> Data | None:
    """Urgent help: a jump list to the regions that hold today, national lines, and each
    region's own (with the lines of the former regions it is made of). With a kommune or a
    region, that region comes first; an unknown place gives None (404)."""
    cat = site.catalogue
    region = query.region_of(cat, place)
    known = region_ref(cat, region)
    if place and known is None:
        return None
    national = [urgent_entry(cat, s) for s in query.urgent_help(cat, None)]
    shown = regions_by_phase(cat, "current")
    if region and region not in [r.id for r in shown]:
        shown.append(cat.places[region])  # a former region's own page still answers
    regions = [_akut_region(cat, r.id) for r in shown]
    if known:  # the family's region first, then the rest in name order
        regions.sort(key=lambda r: r["id"] != known["id"])
    pathway = cat.pathways.get(query.URGENT_PATHWAY)
    name = place_label(cat, known["id"]) if known else ""
    return {
        "title": f"Akut hjælp i {name}" if known else "Akut hjælp",
        "region": known,
        "national": national,
        "regions": regions,
        "coming": region_notices(cat),
        "pathway": ref(cat, pathway.id) if pathway else None,
    }


def _akut_region(cat: Catalogue, region: str) -> Data:
    """One region on /akut/: its own lines, then each former region's, named as former."""
    own = [s for s in query.urgent_help(cat, region) if s.area_served]
    return {
        **(region_ref(cat, region) or {}),
        "name": place_label(cat, region),
        "anchor": region,
        "services": [urgent_entry(cat, s) for s in own],
        "parts": [
            {
                "name": f"Kommuner i {place_label(cat, former)}",
                "services": [urgent_entry(cat, s) for s in lines],
            }
            for former, lines in query.urgent_parts(cat, region)
        ],
    }


def region_notices(cat: Catalogue) -> list[Data]:
    """Regions that start after today, each with its first day, its sources and the regions
    it takes over from: 'Fra 1. januar 2027 …'."""
    out = []
    for place in regions_by_phase(cat, "coming"):
        start = place.span.start
        before = start - dt.timedelta(days=1) if start else cat.today
        merged = sorted(
            {
                query.region_of(cat, k.id, before) or ""
                for k in cat.kommuner()
                if start and query.region_of(cat, k.id, start) == place.id
            }
            - {""}
        )
        out.append(
            {
                **(ref(cat, place.id) or {}),
                "from": place.span.valid_from,
                "text": (
                    f"Fra {danish_date(start)} bliver "
                    + " og ".join(cat.places[m].name for m in merged)
                    + f" til {place.name}."
                    if merged
                    else f"Fra {danish_date(start)}: {place.name}."
                ),
                "sources": [source_ref(cat, s) for s in place.span.sources],
            }
        )
    return out


ALL_AGES = "alle"
"""The band key of a plan without an age."""


def band_label(band: str | None) -> Data:
    """An age band in words."""
    if band not in query.AGE_BANDS:
        return {"id": ALL_AGES, "label": "Alder ikke oplyst"}
    low, high = query.AGE_BANDS[band]
    return {"id": band, "label": f"Barn på {low}–{high} år"}


def theme_label(cat: Catalogue, theme: str) -> Data:
    """A theme in parents' words."""
    return {"id": theme, "name": cat.concerns[theme].plain}


def plan_form(site: Site) -> Data:
    """The choices of 'Giv forældrene en plan' on a professional's role page: an age band, a
    theme and a kommune; nothing about the family but that."""
    cat = site.catalogue
    return {
        "action": urls.PLAN,
        "bands": [band_label(b) for b in query.AGE_BANDS],
        "themes": sorted(
            (theme_label(cat, c.id) for c in cat.concerns.values() if not c.broader),
            key=lambda t: t["name"],
        ),
        "kommuner": [{"id": k.id, "name": k.name} for k in cat.kommuner()],
    }
