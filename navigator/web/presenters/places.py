"""Role, kommune and cluster pages, and the who-does-what matrix."""

from __future__ import annotations

from ...answers import query
from ...answers.query import (
    Offer,
    offers_by_status,
    offers_in,
    who_does_what,
)
from ...build import Site
from ...core import codes, urls
from ...source.catalogue import Catalogue
from ...source.model import (
    Place,
    RoleNote,
)
from ...source.spans import (
    danish_date,
    kommuner_in,
    lies_in,
    next_region_change,
    placing,
    regions_by_phase,
)
from .common import (
    Data,
    contact,
    contacts_shown,
    fact_status,
    facts,
    past_names,
    place_label,
    plan_form,
    ref,
    refs,
    region_notices,
    sector,
    source_ref,
    span_notice,
    urgent_entry,
)
from .help_now import EMERGENCY
from .pathways import (
    handover,
    pathway_summary,
    step,
)


def role(site: Site, role_id: str) -> Data | None:
    """A role: what it does in each pathway, whom it receives from and hands over to."""
    cat = site.catalogue
    value = cat.roles.get(role_id)
    if value is None:
        return None
    rows = who_does_what(site, role_id)
    return {
        "kind": "role",
        "id": value.id,
        "title": value.name,
        "summary": value.summary,
        "description": value.description,
        "sector": sector(value.sector),
        "organisation": ref(cat, value.organisation),
        "pathways": [
            {
                "pathway": ref(cat, r.pathway.id),
                "steps": [step(cat, r.pathway, s) for s in r.steps],
                "receives": [handover(cat, h) for h in r.receives],
                "hands_over": [handover(cat, h) for h in r.hands_over],
            }
            for r in rows
        ],
        "professional": value.professional,
        # every professional's first section: a child talks about suicide or is in danger now
        "in_danger": [role_note(cat, n) for n in cat.danger.when_in_danger]
        if value.professional and cat.danger
        else [],
        "akut_url": urls.akut(),
        "emergency": urgent_entry(cat, cat.services[EMERGENCY])
        if EMERGENCY in cat.services
        else None,
        "when_worried": [role_note(cat, n) for n in value.when_worried],
        "duties": [role_note(cat, n) for n in value.duties],
        # 'Giv forældrene en plan': a professional makes the family's plan, with no personal data
        "plan_form": plan_form(site) if value.professional else None,
        "facts": facts(cat, value.facts),
    }


def role_note(cat: Catalogue, note: RoleNote) -> Data:
    """An action or legal duty told to a professional, with its sources and fact status."""
    return {
        "title": note.title,
        "text": note.text,
        "legal_basis": note.legal_basis,
        "fact": fact_status(note.fact_status),
        "sources": [source_ref(cat, s) for s in note.sources],
    }


def kommune(site: Site, place_id: str) -> Data | None:
    """A kommune and what is offered there: per audience, grouped by status (query.offers_in)."""
    cat = site.catalogue
    value = cat.places.get(place_id)
    if value is None or value.type != "kommune":
        return None
    offers = offers_in(site, value.id)
    sections = []
    for audience, title in codes.OFFER_GROUPS.items():
        mine = [o for o in offers if o.audience == audience]
        if mine:
            sections.append(
                {
                    "audience": audience,
                    "title": title,
                    "groups": [
                        {
                            "status": status,
                            "label": group[0].label,
                            "services": [offer_item(cat, o) for o in group],
                        }
                        for status, group in offers_by_status(mine).items()
                    ],
                }
            )
    return {
        "kind": "kommune",
        "id": value.id,
        "title": value.name,
        "description": value.description,
        "code": value.code,
        "region": region_link(cat, value.id),
        "region_change": region_change(cat, value.id),
        "clusters": clusters_of(cat, value),
        "contact": kommune_contact(cat, value.id),
        "sections": sections,
        "facts": facts(cat, value.facts),
    }


def kommune_contact(
    cat: Catalogue, kommune_id: str | None, service_id: str | None = None
) -> Data | None:
    """How to reach a kommune: its sourced contacts, the way into a service first.

    With a service, `lead` is the kommune's own contact for that service (contacts.service);
    if it has none, its main number with the words to say (the service's ask_for). Nothing
    is guessed: contacts come only from this kommune's place in the catalogue, and what we
    lack is said in `hint`. Used by the kommune page and by every /find card.
    """
    place = cat.places.get(kommune_id or "")
    if place is None or place.type != "kommune":
        return None
    current = [c for c in place.contacts if c.span.phase(cat.today) != "ended"]
    own = [c for c in current if c.service is None and c.entry in (None, "main")]
    direct = [c for c in current if service_id and c.service == service_id]
    phones = [c for c in own if c.type == "phone"]
    website = next((c for c in own if c.type == "web"), None)
    missing = [
        label
        for kind, label in (("phone", "hovednummer"), ("web", "hjemmeside"))
        if not any(c.type == kind for c in own)
    ]
    service = cat.services.get(service_id or "")
    lead = sorted(direct, key=lambda c: LEAD_ORDER.get(c.type, 9)) or phones
    return {
        "id": place.id,
        "name": place.name,
        "url": urls.kommune(place.id),
        "contacts": contacts_shown(cat, place.contacts),
        "direct": bool(direct),
        "lead": [contact(cat, c) for c in lead],
        "website": contact(cat, website) if website else None,
        "ask_for": service.ask_for if service and not direct else None,
        "missing": missing,
        "hint": _missing_hint(place.name, missing, bool(lead)),
    }


LEAD_ORDER = {"phone": 0, "sms": 1, "web": 2, "chat": 3, "email": 4}
"""A kommune's own contacts for a service, in the order a card leads with them: call first."""


def _missing_hint(name: str, missing: list[str], has_lead: bool) -> str | None:
    """What we lack about a kommune, said plainly, with where else to ask."""
    if not missing:
        return None
    hint = f"Vi har ikke {name}s {' og '.join(missing)}."
    return (
        hint
        if has_lead
        else f'{hint} Søg efter "{name}" på nettet, eller spørg skolen eller lægen.'
    )


def covers_region(cat: Catalogue, place_id: str) -> bool:
    """Whether a coverage record is about a whole region (every kommune in it), not one kommune."""
    place = cat.places.get(place_id)
    return place is not None and place.type == "region"


def offer_item(cat: Catalogue, offer: Offer) -> Data:
    """One service on a kommune page: link, status, the record's date and note, and for a
    service every kommune has, the law (or responsibility) behind it and its sources."""
    record = offer.record
    service = offer.service
    every = offer.status == "statutory" or (
        offer.status == "offered" and record is not None and covers_region(cat, record.place)
    )
    return {
        **(ref(cat, service.id) or {}),
        "status": offer.status,
        "status_label": offer.label,
        "starting_point": offer.starting_point,
        "as_of": record.as_of if record else None,
        "note": past_names(cat, record.note) if record and record.note else None,
        "legal_basis": service.legal_basis if every else None,
        "sources": [
            source_ref(cat, s)
            for s in (record.sources if record and record.sources else service.facts.sources)
        ]
        if every
        else [],
    }


def region_link(cat: Catalogue, place_id: str) -> Data | None:
    """The region a place lies in today (query.region_of), with its /akut/ page."""
    region = query.region_of(cat, place_id)
    return {**(ref(cat, region) or {}), "name": place_label(cat, region)} if region else None


def region_change(cat: Catalogue, place_id: str) -> Data | None:
    """The place's next change of region, in plain words: 'Fra 1. januar 2027 hører …'."""
    change = next_region_change(cat, place_id)
    if change is None:
        return None
    day, _, after = change
    place = cat.places[place_id]
    new = cat.places.get(after or "")
    sources = [m.span.sources for m in placing(cat, place_id, after or "", day)] or [()]
    return {
        "from": day.isoformat(),
        "region": ref(cat, after),
        "text": (
            f"Fra {danish_date(day)} hører {place.name} til {new.name}."
            if new
            else f"Fra {danish_date(day)} hører {place.name} ikke længere til en region, vi kender."
        ),
        "sources": [source_ref(cat, s) for s in sources[0]],
    }


def clusters_of(cat: Catalogue, place: Place) -> list[Data]:
    """The clusters a kommune lies in today, each with how sure its member list is."""
    clusters = [cat.places[p] for p in lies_in(cat, place.id, "cluster")]
    return [{**(ref(cat, c.id) or {}), "members_fact": members_fact(c)} for c in clusters]


def members_fact(cluster: Place) -> Data:
    """The fact status of a cluster's member list (inferred lists are 'unverified')."""
    return fact_status(cluster.members_fact_status or cluster.facts.fact_status)


def cluster(site: Site, place_id: str) -> Data | None:
    """A cluster (sundhedsklynge) and its member kommuner."""
    cat = site.catalogue
    value = cat.places.get(place_id)
    if value is None or value.type != "cluster":
        return None
    return {
        "kind": "cluster",
        "id": value.id,
        "title": value.name,
        "description": value.description,
        "region": region_link(cat, value.id),
        "members": refs(cat, [m.place for m in value.members if m.span.holds(cat.today)]),
        "notice": span_notice(cat, value.span),
        "members_fact": members_fact(value),
        "facts": facts(cat, value.facts),
    }


def places(site: Site) -> Data:
    """Kommuner (all, and per region) and clusters, for lists."""
    cat = site.catalogue
    clusters = sorted(
        (p for p in cat.places.values() if p.type == "cluster" and p.span.holds(cat.today)),
        key=lambda p: p.name,
    )
    return {
        "kommuner": refs(cat, [k.id for k in cat.kommuner()]),
        "regions": [
            {
                **(ref(cat, r.id) or {}),
                "kommuner": refs(cat, [k.id for k in kommuner_in(cat, r.id)]),
            }
            for r in regions_by_phase(cat, "current")
        ],
        "coming": region_notices(cat),
        "clusters": refs(cat, [c.id for c in clusters]),
    }


def who_matrix(site: Site) -> Data:
    """Roles × pathways: in each cell, the steps the role performs."""
    cat = site.catalogue
    items = sorted(cat.pathways.values(), key=lambda p: p.name)
    rows = []
    for value in sorted(cat.roles.values(), key=lambda r: (r.sector, r.name)):
        cells = [
            [
                {"id": s.id, "name": s.name, "url": urls.pathway(p.id, s.id)}
                for s in p.steps
                if value.id in s.performed_by
            ]
            for p in items
        ]
        if any(cells):
            rows.append(
                {"role": ref(cat, value.id), "sector": sector(value.sector), "cells": cells}
            )
    return {
        "title": "Hvem gør hvad",
        "pathways": [pathway_summary(cat, p) for p in items],
        "rows": rows,
    }


def who_choice(matrix: Data, role_id: str | None, pathway_id: str | None) -> Data | None:
    """One role across pathways, or one pathway across roles: the matrix for a narrow screen."""
    pathways, rows = matrix["pathways"], matrix["rows"]
    if role_id:
        row = next((r for r in rows if r["role"]["id"] == role_id), None)
        if row is None:
            return {"kind": "unknown", "id": role_id}
        return {
            "kind": "role",
            "role": row["role"],
            "sector": row["sector"],
            "entries": [
                {"head": p, "steps": cell}
                for p, cell in zip(pathways, row["cells"], strict=True)
                if cell
            ],
        }
    if pathway_id:
        index = next((i for i, p in enumerate(pathways) if p["id"] == pathway_id), None)
        if index is None:
            return {"kind": "unknown", "id": pathway_id}
        return {
            "kind": "pathway",
            "pathway": pathways[index],
            "entries": [
                {"head": r["role"], "sector": r["sector"], "steps": r["cells"][index]}
                for r in rows
                if r["cells"][index]
            ],
        }
    return None


def role_list(site: Site) -> Data:
    """Every role, grouped by sector and then by name."""
    cat = site.catalogue
    items = sorted(cat.roles.values(), key=lambda r: (r.sector, r.name))
    return {
        "title": "Roller",
        "roles": [
            {
                **(ref(cat, r.id) or {}),
                "summary": r.summary,
                "sector": sector(r.sector),
                "for_professional": bool(r.professional),
            }
            for r in items
        ],
    }
