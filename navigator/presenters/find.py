"""The find helper: the three questions and the places to start."""

from __future__ import annotations

from ..build import Site
from ..catalogue import Catalogue
from ..model import (
    Service,
    Step,
)
from ..query import (
    normalise,
    resolve_concerns,
    services_for,
)
from .common import (
    AVAILABILITY_LABELS,
    URLS,
    Data,
    contact,
    fact_status,
    refs,
    sector,
)
from .pathways import (
    handover,
)
from .places import kommune_contact


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
    results = [match_card(site, m.service, m.availability, m.reasons,
                          kommune=place.id if place else None) for m in matches]
    return {
        "title": "Find hjælp", "asked": asked, "errors": errors,
        "question": {"alder": alder or "", "bekymring": bekymring or "",
                     "kommune": place.id if place else ""},
        "kommune": {"id": place.id, "name": place.name} if place else None,
        "concerns": refs(cat, sorted(concern_ids)),
        "themes": themes(cat, bekymring, concern_ids),
        "concern_unknown": bool(bekymring) and not concern_ids,
        "results": results,
        "unknown_count": sum(1 for r in results if r["availability"] in ("unknown", "planned")),
        "options": find_options(site),
    }


def themes(cat: Catalogue, words: str | None, concern_ids: set[str]) -> list[Data]:
    """The themes searched for, to show after the parent's own words.

    Only the broadest matched concerns (narrower ones come along by themselves), and none
    that merely repeats what the parent wrote.
    """
    said = normalise(words or "")
    roots = sorted(c for c in concern_ids if cat.concerns[c].broader not in concern_ids)
    return [r for r in refs(cat, roots) if normalise(r["name"]) != said]


def match_card(site: Site, service: Service, status: str, reasons: tuple[str, ...],
               kommune: str | None = None) -> Data:
    """One place to start: how to get in touch, what happens next, and the route onwards.

    For a kommune's own service, with a kommune chosen, the card also says how to reach
    that kommune (presenters.places.kommune_contact).
    """
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
        "legal_basis": service.legal_basis if status == "statutory" else None,
        "kommune_contact": kommune_contact(cat, kommune) if service.sector == "kommune" else None,
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
