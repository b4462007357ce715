"""Shared pieces of every page dict: links, facts and sources, sectors, contacts, urgent help."""

from __future__ import annotations

from typing import Any

from ..build import Site
from ..catalogue import Catalogue
from ..model import (
    FACT_LABELS,
    SECTOR_LABELS,
    STATUS_LABELS,
    Contact,
    Facts,
    Lifecycle,
    Service,
)
from ..query import AVAILABILITY_LABELS as AVAILABILITY_LABELS  # shared with maps and CSV

Data = dict[str, Any]

URLS = {
    "service": "/tilbud/{}/", "role": "/roller/{}/", "kommune": "/kommuner/{}/",
    "cluster": "/klynger/{}/", "pathway": "/forloeb/{}/", "source": "/kilder/#{}",
    "term": "/ordliste/#{}", "concern": "/find/?bekymring={}",
}
CONSENT_LABELS = {"required": "Kræver samtykke", "not-required": "Kræver ikke samtykke",
                  "unknown": "Ukendt, om det kræver samtykke"}
COST_LABELS = {"free": "Gratis", "paid": "Koster penge", "subsidised": "Med offentligt tilskud",
               "unknown": "Pris ikke oplyst"}
CONTACT_LABELS = {"phone": "Telefon", "sms": "SMS", "chat": "Chat", "web": "Hjemmeside",
                  "email": "E-mail", "address": "Adresse"}
URGENT_BAR = ("alarm-112", "akuttelefon-1813", "boernetelefonen")


def url_for_entity(kind: str, entity_id: str) -> str | None:
    """The page of an entity, or None for kinds without their own page."""
    pattern = URLS.get(kind)
    return pattern.format(entity_id) if pattern else None


def ref(cat: Catalogue, entity_id: str | None) -> Data | None:
    """A link to any entity by id: id, name, kind and url (None if the id is unknown)."""
    if not entity_id:
        return None
    entity = cat.get(entity_id)
    if entity is None:
        return {"id": entity_id, "name": entity_id, "kind": "unknown", "url": None}
    name = getattr(entity, "name", None) or getattr(entity, "label", None) \
        or getattr(entity, "term", None) or getattr(entity, "title", entity_id)
    return {"id": entity_id, "name": name, "kind": entity.kind,
            "url": url_for_entity(entity.kind, entity_id)}


def refs(cat: Catalogue, ids: tuple[str, ...] | list[str]) -> list[Data]:
    """Links for several ids, keeping their order."""
    return [r for r in (ref(cat, i) for i in ids) if r is not None]


def fact_status(status: str | None) -> Data:
    """A fact status with its plain-language label; unmarked facts count as unverified."""
    key = status or "unverified"
    return {"status": key, "label": FACT_LABELS.get(key, FACT_LABELS["unverified"]),
            "verified": key == "verified"}


def facts(cat: Catalogue, value: Facts) -> Data:
    """Sources, fact status and review block of an entity."""
    review = value.review
    return {
        **fact_status(value.fact_status),
        "sources": [source_ref(cat, s) for s in value.sources],
        "review": {"last_reviewed": review.last_reviewed, "next_review": review.next_review,
                   "owner": review.owner} if review else None,
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
    return {"status": key, "label": STATUS_LABELS[key], "recorded": life.status is not None,
            "as_of": life.as_of, "ended": life.ended, "history": key == "ended",
            "current": life.current, "note": notes.get(key),
            "sources": [source_ref(cat, s) for s in life.sources]}


def source_ref(cat: Catalogue, source_id: str) -> Data:
    """A source with its title and the anchor on the sources page."""
    source = cat.sources.get(source_id)
    return {"id": source_id, "title": source.title if source else source_id,
            "url": URLS["source"].format(source_id),
            "external": source.url if source else None}


def sector(key: str | None) -> Data | None:
    """A sector key with its Danish label."""
    return {"id": key, "label": SECTOR_LABELS.get(key, key)} if key else None


# ---- contacts and urgent help -------------------------------------------------------------

def contact(cat: Catalogue, value: Contact) -> Data:
    """A way to get in touch, with a link target where one makes sense."""
    href = {"phone": "tel:", "sms": "sms:", "email": "mailto:"}.get(value.type)
    link = href + value.value.replace(" ", "") if href else (
        value.value if value.type in ("web", "chat") else None)
    area = cat.places.get(value.area) if value.area else None
    return {"type": value.type, "type_label": CONTACT_LABELS.get(value.type, value.type),
            "value": value.value, "label": value.label, "hours": value.hours,
            "href": link, "area": area.name if area else None,
            **{"fact": fact_status(value.fact_status)}}


def urgent_entry(cat: Catalogue, service: Service) -> Data:
    """An urgent service as shown in the bar and on /akut."""
    phones = [contact(cat, c) for c in service.contacts]
    areas = [cat.places[a].name for a in service.area_served if a in cat.places]
    first = phones[0]["value"] if phones else ""
    label = phones[0]["label"] if phones and phones[0]["label"] else service.name
    return {"id": service.id, "name": service.name, "short_name": service.short_name,
            "bar_label": " ".join(label.replace(first, " ").split()) or service.name,
            "summary": service.summary, "url": URLS["service"].format(service.id),
            "contacts": phones, "areas": areas, "national": not service.area_served}


def urgent_bar(site: Site, featured: tuple[str, ...] = URGENT_BAR) -> list[Data]:
    """The few urgent numbers shown on every page, read from services marked urgent."""
    services = site.catalogue.services
    chosen = [services[i] for i in featured if i in services and services[i].urgent]
    if not chosen:
        chosen = [s for s in services.values() if s.urgent and not s.area_served][:3]
    return [urgent_entry(site.catalogue, s) for s in chosen if s.contacts]


def akut(site: Site) -> Data:
    """Every urgent service: national ones first, then by region."""
    cat = site.catalogue
    urgent = [s for s in cat.services.values() if s.urgent]
    national = [urgent_entry(cat, s) for s in urgent if not s.area_served]
    regional: dict[str, list[Data]] = {}
    for service in urgent:
        for area in service.area_served:
            name = cat.places[area].name if area in cat.places else area
            regional.setdefault(name, []).append(urgent_entry(cat, service))
    pathway = cat.pathways.get("akut-hjaelp")
    return {"title": "Akut hjælp", "national": national,
            "regions": [{"name": k, "services": v} for k, v in sorted(regional.items())],
            "pathway": ref(cat, pathway.id) if pathway else None}
