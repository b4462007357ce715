"""Plain dicts per page: templates render them, and the .json twins return them unchanged."""

from __future__ import annotations

from typing import Any

from .build import Site
from .catalogue import Catalogue
from .model import (
    COVERAGE_LABELS,
    FACT_LABELS,
    METHOD_LABELS,
    SECTOR_LABELS,
    Contact,
    Facts,
    Handover,
    Pathway,
    Place,
    Service,
    Step,
)
from .query import (
    availability,
    coverage,
    resolve_concerns,
    services_for,
    step_by_key,
    who_does_what,
)

Data = dict[str, Any]

URLS = {
    "service": "/tilbud/{}/", "role": "/roller/{}/", "kommune": "/kommuner/{}/",
    "cluster": "/klynger/{}/", "pathway": "/forloeb/{}/", "source": "/kilder/#{}",
    "term": "/ordliste/#{}", "concern": "/find/?bekymring={}",
}
AVAILABILITY_LABELS = {
    **COVERAGE_LABELS,
    "statutory": "Skal findes i alle kommuner (lovkrav)",
    "national": "Ikke knyttet til en bestemt kommune",
    "regional": "Findes i jeres region",
    "unknown": "Ukendt – spørg din kommune",
}
CONSENT_LABELS = {"required": "Kræver samtykke", "not-required": "Kræver ikke samtykke",
                  "unknown": "Ukendt, om det kræver samtykke"}
COST_LABELS = {"free": "Gratis", "paid": "Koster penge", "unknown": "Pris ikke oplyst"}
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


# ---- the find helper ----------------------------------------------------------------------

def find_options(site: Site) -> Data:
    """The choices the three questions offer: kommuner and concerns."""
    cat = site.catalogue
    return {"kommuner": [{"id": k.id, "name": k.name} for k in cat.kommuner()],
            "concerns": [{"id": c.id, "label": c.label}
                         for c in sorted(cat.concerns.values(), key=lambda c: c.label)
                         if not c.broader]}


def parse_age(text: str | None) -> tuple[int | None, str | None]:
    """The age as an int, or an error message in plain Danish."""
    if not text or not text.strip():
        return None, None
    try:
        age = int(text.strip())
    except ValueError:
        return None, "Skriv alderen som et tal, fx 10."
    if not 0 <= age <= 30:
        return None, "Skriv en alder mellem 0 og 30 år."
    return age, None


def find(site: Site, alder: str | None, bekymring: str | None, kommune: str | None) -> Data:
    """The answer to the three questions: where to start, self-referral first."""
    cat = site.catalogue
    age, age_error = parse_age(alder)
    errors = [age_error] if age_error else []
    place = cat.places.get(kommune or "")
    if kommune and place is None:
        errors.append("Vi kender ikke den kommune. Vælg en fra listen.")
    concern_ids = resolve_concerns(cat, bekymring)
    asked = bool(alder or bekymring or kommune)
    matches = services_for(site, age, bekymring, place.id if place else None) \
        if asked and not errors else []
    results = [match_card(site, m.service, m.availability, m.reasons) for m in matches]
    return {
        "title": "Find hjælp", "asked": asked, "errors": errors,
        "question": {"alder": alder or "", "bekymring": bekymring or "",
                     "kommune": place.id if place else ""},
        "kommune": {"id": place.id, "name": place.name} if place else None,
        "concerns": refs(cat, sorted(concern_ids)),
        "concern_unknown": bool(bekymring) and not concern_ids,
        "results": results,
        "unknown_count": sum(1 for r in results if r["availability"] in ("unknown", "planned")),
        "options": find_options(site),
    }


def match_card(site: Site, service: Service, status: str, reasons: tuple[str, ...]) -> Data:
    """One place to start: how to get in touch, what happens next, and the route onwards."""
    cat = site.catalogue
    return {
        "id": service.id, "name": service.name, "url": URLS["service"].format(service.id),
        "summary": service.summary, "sector": sector(service.sector),
        "self_referral": service.self_referral,
        "availability": status, "availability_label": AVAILABILITY_LABELS.get(status, status),
        "ask_kommune": status in ("unknown", "planned"),
        "reasons": [r for r in reasons if not r.startswith("Spørg din kommune")],
        "contact": {"how": service.application_process,
                    "contacts": [contact(cat, c) for c in service.contacts]},
        "after": service.after,
        "onwards": onwards(cat, service.id),
        "fact": fact_status(service.facts.fact_status),
    }


def steps_of_service(cat: Catalogue, service_id: str) -> list[Step]:
    """Every step that takes place in a service."""
    return [s for s in cat.steps() if s.service == service_id]


def onwards(cat: Catalogue, service_id: str) -> Data:
    """Where a family can go from a service: its pathways and the handovers out of it."""
    steps = {s.key for s in steps_of_service(cat, service_id)}
    pathways = sorted({p.id for p in cat.pathways.values()
                       if service_id in p.services or any(s.key in steps for s in p.steps)})
    out = [handover(cat, h) for h in cat.handovers() if h.source in steps]
    return {"pathways": refs(cat, pathways), "handovers": out}


# ---- pathways ------------------------------------------------------------------------------

def step_ref(cat: Catalogue, key: str) -> Data:
    """A step by 'pathway:step' key, with its pathway, actors and sector."""
    step = step_by_key(cat, key)
    pathway_id = key.partition(":")[0]
    if step is None:
        return {"key": key, "name": key, "url": None, "pathway": ref(cat, pathway_id),
                "roles": [], "service": None, "sector": None}
    return {"key": key, "id": step.id, "name": step.name,
            "url": URLS["pathway"].format(step.pathway) + f"#trin-{step.id}",
            "pathway": ref(cat, step.pathway), "roles": refs(cat, step.performed_by),
            "service": ref(cat, step.service), "sector": sector(step_sector(cat, step))}


def step_sector(cat: Catalogue, step: Step) -> str | None:
    """The sector a step happens in: its service's, else its first role's."""
    service = cat.services.get(step.service or "")
    if service and service.sector:
        return service.sector
    roles = [cat.roles[r] for r in step.performed_by if r in cat.roles]
    return roles[0].sector if roles else None


def handover(cat: Catalogue, value: Handover) -> Data:
    """A handover between two steps, often across sectors."""
    source, target = step_ref(cat, value.source), step_ref(cat, value.target)
    crosses = bool(source["sector"] and target["sector"]
                   and source["sector"]["id"] != target["sector"]["id"])
    return {"id": value.id, "pathway": value.pathway, "from": source, "to": target,
            "method": value.method, "method_label": METHOD_LABELS.get(value.method, value.method),
            "consent": value.consent, "consent_label": CONSENT_LABELS.get(value.consent,
                                                                          value.consent),
            "consent_note": value.consent_note, "timeframe": value.timeframe,
            "criteria": value.criteria, "description": value.description,
            "crosses_sectors": crosses, "fact": fact_status(value.facts.fact_status),
            "sources": [source_ref(cat, s) for s in value.facts.sources]}


def step(cat: Catalogue, pathway: Pathway, value: Step) -> Data:
    """One step with who does what, what follows, and the handovers in and out."""
    return {
        "id": value.id, "order": value.order, "name": value.name, "summary": value.summary,
        "description": value.description, "duration": value.duration,
        "deadline": value.deadline, "roles": refs(cat, value.performed_by),
        "service": ref(cat, value.service), "sector": sector(step_sector(cat, value)),
        "next": [{"id": n, "name": s.name if (s := pathway.step(n)) else n} for n in value.next],
        "handovers_out": [handover(cat, h) for h in cat.handovers() if h.source == value.key],
        "handovers_in": [handover(cat, h) for h in cat.handovers() if h.target == value.key],
        "fact": fact_status(value.facts.fact_status),
        "sources": [source_ref(cat, s) for s in value.facts.sources],
    }


def pathway_summary(cat: Catalogue, value: Pathway) -> Data:
    """A pathway in a list."""
    return {"id": value.id, "name": value.name, "summary": value.summary,
            "url": URLS["pathway"].format(value.id), "steps": len(value.steps),
            "ages": ages(value.minimum_age, value.maximum_age)}


def pathways(site: Site) -> Data:
    """Every pathway, by name."""
    cat = site.catalogue
    items = sorted(cat.pathways.values(), key=lambda p: p.name)
    return {"title": "Forløb", "pathways": [pathway_summary(cat, p) for p in items]}


def pathway(site: Site, pathway_id: str) -> Data | None:
    """A pathway as step-by-step navigation, with handovers, diagram links and sources."""
    cat = site.catalogue
    value = cat.pathways.get(pathway_id)
    if value is None:
        return None
    sectors = {s["sector"]["id"] for s in (step(cat, value, x) for x in value.steps)
               if s["sector"]}
    return {
        "kind": "pathway", "id": value.id, "title": value.name, "summary": value.summary,
        "description": value.description, "agreement_status": value.agreement_status,
        "ages": ages(value.minimum_age, value.maximum_age),
        "areas": refs(cat, value.area_served), "services": refs(cat, value.services),
        "concerns": refs(cat, value.concerns),
        "steps": [step(cat, value, s) for s in value.steps],
        "handovers": [handover(cat, h) for h in value.handovers],
        "sectors": [sector(s) for s in sorted(sectors)],
        "diagram": {f: f"/eksport/forloeb/{value.id}.{f}" for f in ("svg", "png", "pdf", "dot")},
        "facts": facts(cat, value.facts),
        "jsonld": pathway_jsonld(value),
    }


def ages(low: int | None, high: int | None) -> str | None:
    """An age range in words."""
    if low is None and high is None:
        return None
    if high is None:
        return f"Fra {low} år"
    if low is None:
        return f"Til og med {high} år"
    return f"{low}–{high} år"


def pathway_jsonld(value: Pathway) -> Data:
    """schema.org description of a pathway as a HowTo with ordered steps."""
    return {"@context": "https://schema.org", "@type": "HowTo", "name": value.name,
            "description": value.summary or value.description or value.name,
            "inLanguage": "da",
            "step": [{"@type": "HowToStep", "position": s.order, "name": s.name,
                      "text": s.summary or s.name} for s in value.steps]}


# ---- services ------------------------------------------------------------------------------

def service(site: Site, service_id: str) -> Data | None:
    """A service: who it is for, how to get in touch, what happens after, where it is offered."""
    cat = site.catalogue
    value = cat.services.get(service_id)
    if value is None:
        return None
    rows = coverage(site, service_id)
    return {
        "kind": "service", "id": value.id, "title": value.name, "summary": value.summary,
        "description": value.description, "sector": sector(value.sector),
        "organisations": refs(cat, value.organisations),
        "ages": ages(value.minimum_age, value.maximum_age),
        "eligibility": value.eligibility_description, "exclusion": value.exclusion_description,
        "self_referral": value.self_referral, "referral_required": value.referral_required,
        "referred_by": refs(cat, value.referred_by),
        "cost": COST_LABELS.get(value.cost, value.cost), "fees": value.fees_description,
        "legal_basis": value.legal_basis, "url": value.url, "urgent": value.urgent,
        "contact": {"how": value.application_process,
                    "contacts": [contact(cat, c) for c in value.contacts]},
        "after": value.after, "concerns": refs(cat, value.concerns),
        "areas": refs(cat, value.area_served), "part_of": ref(cat, value.part_of),
        "parts": refs(cat, sorted(s.id for s in cat.services.values()
                                  if s.part_of == value.id)),
        "coverage": [{"kommune": ref(cat, r.place), "status": r.status,
                      "label": AVAILABILITY_LABELS.get(r.status, r.status),
                      "as_of": r.record.as_of if r.record else None,
                      "note": r.record.note if r.record else None} for r in rows],
        "coverage_note": value.coverage_note,
        "onwards": onwards(cat, value.id),
        "facts": facts(cat, value.facts),
        "jsonld": service_jsonld(cat, value),
    }


def service_jsonld(cat: Catalogue, value: Service) -> Data:
    """schema.org description of a service."""
    data: Data = {"@context": "https://schema.org", "@type": "Service", "name": value.name,
                  "description": value.summary or value.description or value.name,
                  "inLanguage": "da"}
    providers = [cat.organisations[o].name for o in value.organisations
                 if o in cat.organisations]
    if providers:
        data["provider"] = [{"@type": "Organization", "name": n} for n in providers]
    areas = [cat.places[a].name for a in value.area_served if a in cat.places]
    data["areaServed"] = areas or "Danmark"
    if value.url:
        data["url"] = value.url
    if value.cost == "free":
        data["isAccessibleForFree"] = True
    return data


# ---- roles, places, who does what ---------------------------------------------------------

def role(site: Site, role_id: str) -> Data | None:
    """A role: what it does in each pathway, whom it receives from and hands over to."""
    cat = site.catalogue
    value = cat.roles.get(role_id)
    if value is None:
        return None
    rows = who_does_what(site, role_id)
    return {
        "kind": "role", "id": value.id, "title": value.name, "summary": value.summary,
        "description": value.description, "sector": sector(value.sector),
        "organisation": ref(cat, value.organisation),
        "pathways": [{"pathway": ref(cat, r.pathway.id),
                      "steps": [step(cat, r.pathway, s) for s in r.steps],
                      "receives": [handover(cat, h) for h in r.receives],
                      "hands_over": [handover(cat, h) for h in r.hands_over]} for r in rows],
        "facts": facts(cat, value.facts),
    }


def kommune(site: Site, place_id: str) -> Data | None:
    """A kommune and what is offered there, grouped by status."""
    cat = site.catalogue
    value = cat.places.get(place_id)
    if value is None or value.type != "kommune":
        return None
    groups: dict[str, list[Data]] = {}
    for item in sorted(cat.services.values(), key=lambda s: s.name):
        if item.status != "active" or item.part_of:
            continue
        status, record = availability(cat, item, value.id)
        if status != "not-offered":
            groups.setdefault(status, []).append(
                {**(ref(cat, item.id) or {}), "as_of": record.as_of if record else None,
                 "note": record.note if record else None, "urgent": item.urgent})
    order = ("offered", "planned", "regional", "national", "unknown")
    return {
        "kind": "kommune", "id": value.id, "title": value.name, "description": value.description,
        "region": ref(cat, value.part_of), "clusters": clusters_of(cat, value),
        "groups": [{"status": s, "label": AVAILABILITY_LABELS[s], "services": groups[s]}
                   for s in order if s in groups],
        "facts": facts(cat, value.facts),
    }


def clusters_of(cat: Catalogue, place: Place) -> list[Data]:
    """The clusters that list a kommune as member."""
    return refs(cat, sorted(p.id for p in cat.places.values()
                            if p.type == "cluster" and place.id in p.members))


def cluster(site: Site, place_id: str) -> Data | None:
    """A cluster (sundhedsklynge) and its member kommuner."""
    cat = site.catalogue
    value = cat.places.get(place_id)
    if value is None or value.type != "cluster":
        return None
    return {"kind": "cluster", "id": value.id, "title": value.name,
            "description": value.description, "region": ref(cat, value.part_of),
            "members": refs(cat, value.members),
            "members_fact": fact_status(value.members_fact_status or value.facts.fact_status),
            "facts": facts(cat, value.facts)}


def places(site: Site) -> Data:
    """Kommuner and clusters, for lists."""
    cat = site.catalogue
    clusters = sorted((p for p in cat.places.values() if p.type == "cluster"),
                      key=lambda p: p.name)
    return {"kommuner": refs(cat, [k.id for k in cat.kommuner()]),
            "clusters": refs(cat, [c.id for c in clusters])}


def who_matrix(site: Site) -> Data:
    """Roles × pathways: in each cell, the steps the role performs."""
    cat = site.catalogue
    items = sorted(cat.pathways.values(), key=lambda p: p.name)
    rows = []
    for value in sorted(cat.roles.values(), key=lambda r: (r.sector, r.name)):
        cells = [[{"id": s.id, "name": s.name, "url": URLS["pathway"].format(p.id)
                   + f"#trin-{s.id}"} for s in p.steps if value.id in s.performed_by]
                 for p in items]
        if any(cells):
            rows.append({"role": ref(cat, value.id), "sector": sector(value.sector),
                         "cells": cells})
    return {"title": "Hvem gør hvad", "pathways": [pathway_summary(cat, p) for p in items],
            "rows": rows}


# ---- reference pages ----------------------------------------------------------------------

def glossary(site: Site) -> Data:
    """Every term, alphabetically."""
    cat = site.catalogue
    terms = sorted(cat.glossary.values(), key=lambda t: t.term.lower())
    return {"title": "Ordliste",
            "terms": [{"id": t.id, "term": t.term, "expansion": t.expansion,
                       "definition": t.definition, **facts(cat, t.facts)} for t in terms]}


def sources(site: Site) -> Data:
    """Every source with what is known about it."""
    items = sorted(site.catalogue.sources.values(), key=lambda s: s.title.lower())
    return {"title": "Kilder",
            "sources": [{"id": s.id, "title": s.title, "publisher": s.publisher,
                         "date": s.date, "accessed": s.accessed, "url": s.url,
                         "seed": s.seed, "note": s.note} for s in items]}


def home(site: Site) -> Data:
    """The front page: what this is, urgent help, find help, and entry points."""
    cat = site.catalogue
    return {"title": "Vejviser – hjælp til børn og unge i mistrivsel",
            "urgent": urgent_bar(site), "options": find_options(site),
            "counts": {"pathways": len(cat.pathways), "services": len(cat.services),
                       "roles": len(cat.roles)}}


def about(site: Site) -> Data:
    """About the guide and its accessibility statement."""
    cat = site.catalogue
    statuses: dict[str, int] = {}
    for entity in cat.entities():
        value = getattr(entity, "facts", None)
        if value is not None:
            key = value.fact_status or "unverified"
            statuses[key] = statuses.get(key, 0) + 1
    return {"title": "Om Vejviser",
            "fact_counts": [{"status": k, "label": FACT_LABELS[k], "count": statuses.get(k, 0)}
                            for k in ("verified", "stated", "unverified")]}
