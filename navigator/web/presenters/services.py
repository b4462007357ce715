"""Service pages with contacts, coverage and schema.org JSON-LD."""

from __future__ import annotations

from collections import Counter

from ...answers.query import (
    availability,
    coverage,
)
from ...build import Site
from ...core import codes, urls
from ...source.catalogue import Catalogue
from ...source.model import (
    Service,
)
from .common import (
    Data,
    contacts_shown,
    facts,
    lifecycle,
    past_names,
    ref,
    refs,
    sector,
    span_notice,
)
from .find import onwards
from .pathways import (
    ages,
)
from .places import kommune_contact

PICKER_ROWS = 10
"""More kommuner than this and the page shows a kommune picker with one kommune's answer; the
whole table folds away for professionals (a 98-row table was 16,000 px on a phone)."""


def service(site: Site, service_id: str) -> Data | None:
    """A service: who it is for, how to get in touch, what happens after, where it is offered."""
    cat = site.catalogue
    value = cat.services.get(service_id)
    if value is None:
        return None
    rows = coverage(site, service_id)
    return {
        "kind": "service",
        "id": value.id,
        "title": past_names(cat, value.name),
        "summary": value.summary,
        "description": value.description,
        "sector": sector(value.sector),
        "status": lifecycle(cat, value.lifecycle, project=value.lifecycle.ended is not None),
        "notice": span_notice(cat, value.span),
        "organisations": refs(cat, value.organisations),
        "ages": ages(value.minimum_age, value.maximum_age),
        "eligibility": value.eligibility_description,
        "exclusion": value.exclusion_description,
        "self_referral": value.self_referral,
        "referral_required": value.referral_required,
        "referred_by": refs(cat, value.referred_by),
        "cost": codes.COST.get(value.cost, value.cost),
        "fees": value.fees_description,
        "legal_basis": value.legal_basis,
        "url": value.url,
        "urgent": value.urgent,
        "contact": {
            "how": value.application_process,
            "contacts": contacts_shown(cat, value.contacts),
        },
        "after": value.after,
        "concerns": refs(cat, value.concerns),
        "areas": refs(cat, value.area_served),
        "part_of": ref(cat, value.part_of),
        "parts": refs(cat, sorted(s.id for s in cat.services.values() if s.part_of == value.id)),
        "coverage": [
            {
                "kommune": ref(cat, r.place),
                "status": r.status,
                "label": codes.AVAILABILITY.get(r.status, r.status),
                "as_of": r.record.as_of if r.record else None,
                "note": r.record.note if r.record else None,
                "answer_url": urls.service_answer(value.id, r.place),
            }
            for r in rows
        ],
        "picker": (picker := len(rows) > PICKER_ROWS),
        "coverage_summary": [
            {"status": status, "label": codes.AVAILABILITY.get(status, status), "count": n}
            for status, n in Counter(r.status for r in rows).most_common()
        ],
        "kommuner": [
            {"id": k.id, "name": k.name} for k in cat.kommuner() if k.span.holds(cat.today)
        ]
        if picker
        else [],
        "coverage_note": value.coverage_note,
        "onwards": onwards(cat, value.id, every_area=True),
        "facts": facts(cat, value.facts),
        "jsonld": service_jsonld(cat, value),
    }


def service_answer(site: Site, service_id: str, kommune_id: str) -> Data | None:
    """One kommune's answer on a service page: its status there, the record's note and date,
    and, for a kommune's own service, how to reach the kommune (None for an unknown kommune).

    The same availability as /find and the kommune page (query.availability).
    """
    cat = site.catalogue
    service = cat.services.get(service_id)
    place = cat.places.get(kommune_id)
    if service is None or place is None or place.type != "kommune":
        return None
    status, record = availability(cat, service, kommune_id)
    if status in ("regional", "national") and service.coverage:
        status = "unknown"  # as in the table: listed for the area, yet no record says more
    return {
        "kommune": {"id": place.id, "name": place.name, "url": urls.kommune(place.id)},
        "status": status,
        "label": codes.AVAILABILITY.get(status, status),
        "as_of": record.as_of if record else None,
        "note": record.note if record else None,
        "contact": kommune_contact(cat, place.id, service.id)
        if service.sector == "kommune" and status != "not-offered"
        else None,
    }


def service_jsonld(cat: Catalogue, value: Service) -> Data:
    """schema.org description of a service."""
    data: Data = {
        "@context": "https://schema.org",
        "@type": "Service",
        "name": value.name,
        "description": value.summary or value.description or value.name,
        "inLanguage": "da",
    }
    providers = [cat.organisations[o].name for o in value.organisations if o in cat.organisations]
    if providers:
        data["provider"] = [{"@type": "Organization", "name": n} for n in providers]
    areas = [cat.places[a].name for a in value.area_served if a in cat.places]
    data["areaServed"] = areas or "Danmark"
    if value.url:
        data["url"] = value.url
    if value.cost == "free":
        data["isAccessibleForFree"] = True
    return data


def service_list(site: Site) -> Data:
    """Every top-level service, by name."""
    cat = site.catalogue
    items = sorted((s for s in cat.services.values() if not s.part_of), key=lambda s: s.name)
    return {
        "title": "Tilbud",
        "services": [
            {
                **(ref(cat, s.id) or {}),
                "summary": s.summary,
                "urgent": s.urgent,
                "sector": sector(s.sector),
                # help for one region or kommune must never read as national
                "areas": refs(cat, s.area_served),
            }
            for s in items
        ],
    }
