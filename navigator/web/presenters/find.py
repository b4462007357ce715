"""The find helper: the three questions and the places to start."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ... import codes, urls
from ...build import Site
from ...catalogue import Catalogue
from ...danger import MAX_CHARS
from ...model import (
    Service,
    Step,
)
from ...query import (
    ASK_KOMMUNE,
    REASON_LABELS,
    availability,
    local_only,
    resolve_concerns,
    serves,
    services_for,
    step_by_key,
)
from .common import (
    Data,
    contact,
    contacts_shown,
    fact_status,
    ref,
    refs,
    sector,
)
from .help_now import help_now, national_entries
from .pathways import (
    handover,
)
from .places import kommune_contact


def find_options(site: Site) -> Data:
    """The choices the three questions offer: kommuner and concerns."""
    cat = site.catalogue
    return {
        "kommuner": [{"id": k.id, "name": k.name} for k in cat.kommuner()],
        "concerns": [
            {"id": c.id, "label": c.plain}
            for c in sorted(cat.concerns.values(), key=lambda c: c.plain)
            if not c.broader
        ],
    }


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


def find(
    site: Site, alder: str | None, bekymring: str | None, kommune: str | None, edit: bool = False
) -> Data:
    """The answer to the three questions: where to start, self-referral first.

    With edit the questions come back filled in, and no answer, so the parent can change them.
    """
    cat = site.catalogue
    # cut before any work: a 63 KB text cost 0.7 s of CPU and was echoed five times
    bekymring = bekymring.strip()[:MAX_CHARS] if bekymring else bekymring
    age, age_error = parse_age(alder)
    errors = [age_error] if age_error else []
    place = cat.places.get(kommune or "")
    if kommune and place is None:
        errors.append("Vi kender ikke den kommune. Vælg en fra listen.")
    concern_ids = resolve_concerns(cat, bekymring)
    asked = bool(alder or bekymring or kommune) and not edit
    matches = (
        services_for(site, age, bekymring, place.id if place else None)
        if asked and not errors
        else []
    )
    results = [
        match_card(site, m.service, m.availability, m.codes, kommune=place.id if place else None)
        for m in matches
    ]
    return {
        "title": "Find hjælp",
        "asked": asked,
        "errors": errors,
        # before every service, and even when another answer needs fixing
        "help_now": help_now(site, bekymring, place.id if place else None),
        "question": {
            "alder": alder or "",
            "bekymring": bekymring or "",
            "kommune": place.id if place else "",
        },
        # the parent's words are echoed once, in question.bekymring (the form's value): a
        # summary or an edit link that repeated them multiplied what a long text cost
        "said": said(alder, place.name if place else None),
        "kommune": {"id": place.id, "name": place.name} if place else None,
        "concerns": refs(cat, sorted(concern_ids)),
        "themes": themes(cat, concern_ids),
        "concern_unknown": bool(bekymring) and not concern_ids,
        "results": results,
        "unknown_count": sum(1 for r in results if r["availability"] in ASK_KOMMUNE),
        # no kommune: help for some areas only is left out; say so and ask for the kommune
        "more_locally": bool(
            asked and not errors and local_only(site, age, bekymring, place.id if place else None)
        ),
        # no kommune: the national lines to call or write to right away, near the top
        "national_lines": national_entries(cat, age) if asked and not errors and not place else [],
        "options": find_options(site),
    }


def said(alder: str | None, kommune: str | None) -> list[str]:
    """The age and the kommune the parent gave, for the one-line summary above the answer;
    their own words stay in the form (and themes() says what was searched for)."""
    parts = [f"Barn på {alder.strip()} år" if alder and alder.strip() else "Alder ikke oplyst"]
    parts.append(kommune or "Ingen kommune valgt")
    return parts


def themes(cat: Catalogue, concern_ids: set[str]) -> list[Data]:
    """The themes searched for, in parents' words: only the broadest matched concerns
    (narrower ones come along by themselves)."""
    roots = sorted(c for c in concern_ids if cat.concerns[c].broader not in concern_ids)
    return [{**r, "name": cat.concerns[r["id"]].plain} for r in refs(cat, roots)]


CHIP_LABELS = {code: label for code, label in REASON_LABELS.items() if code != "ask-kommune"}
"""The reasons shown as chips on a card, by code: 'ask your kommune' has its own box."""


def match_card(
    site: Site, service: Service, status: str, reasons: tuple[str, ...], kommune: str | None = None
) -> Data:
    """One place to start: how to get in touch, what happens next, and the route onwards.

    For a kommune's own service, with a kommune chosen, the card leads with that kommune's
    own way into the service, or its main number and what to ask for
    (presenters.places.kommune_contact); never another kommune's.
    """
    cat = site.catalogue
    return {
        "id": service.id,
        "name": service.name,
        "url": urls.service(service.id),
        "summary": service.summary,
        "sector": sector(service.sector),
        "self_referral": service.self_referral,
        "availability": status,
        "availability_label": codes.AVAILABILITY.get(status, status),
        "ask_kommune": status in ASK_KOMMUNE,
        "unconfirmed": unconfirmed(cat, service, status, kommune),
        "reasons": [CHIP_LABELS[c] for c in reasons if c in CHIP_LABELS],
        "contact": {
            "how": service.application_process,
            "contacts": contacts_shown(cat, service.contacts),
        },
        "after": service.after,
        "onwards": onwards(cat, service.id, kommune),
        "fact": fact_status(service.facts.fact_status),
        "legal_basis": service.legal_basis if status == "statutory" else None,
        "kommune_contact": (
            kommune_contact(cat, kommune, service.id) if service.sector == "kommune" else None
        ),
        "via": via_own_doctor(cat, service),
        # a kommune's own service and no kommune chosen: where each kommune's numbers stand
        "kommuner_url": urls.kommuner() if service.sector == "kommune" and not kommune else None,
    }


def unconfirmed(cat: Catalogue, service: Service, status: str, kommune: str | None) -> bool:
    """Whether 'offered' rests on a record we could not confirm (fact_status unverified).

    The card then says so: a status label alone would tell parents it is certain.
    """
    if status != "offered":
        return False
    record = availability(cat, service, kommune)[1]
    return record is not None and record.fact_status == "unverified"


GP_SERVICE = "egen-laege"
"""The family's own doctor as a service: its sourced instruction says where to find the number."""
GP_ROLE = "praktiserende-laege"


def via_own_doctor(cat: Catalogue, service: Service) -> Data | None:
    """The way in through the family's own doctor, for a service without contacts of its own
    that the doctor refers to (psykolog med tilskud, a region's child psychiatry).

    The doctor's contacts come from the egen-laege service, never written here.
    """
    doctor = cat.services.get(GP_SERVICE)
    if (
        service.contacts
        or GP_ROLE not in service.referred_by
        or doctor is None
        or service.id == doctor.id
        or not doctor.contacts
    ):
        return None
    return {**(ref(cat, doctor.id) or {}), "contacts": [contact(cat, c) for c in doctor.contacts]}


def steps_of_service(cat: Catalogue, service_id: str) -> list[Step]:
    """Every step that takes place in a service."""
    return [s for s in cat.steps() if s.service == service_id]


def onwards(
    cat: Catalogue, service_id: str, kommune: str | None = None, every_area: bool = False
) -> Data:
    """Where a family can go from a service: its current pathways (never an ended project)
    and the handovers out of it.

    Only what serves the family's kommune (query.serves: the kommune, its cluster or region);
    with no kommune, only what holds everywhere. every_area keeps them all, each pathway with
    its areas named, for the service's own page, which is not about one family.
    """

    def here(area: tuple[str, ...]) -> bool:
        return every_area or serves(cat, area, kommune)

    current = {
        p.id: p for p in cat.pathways.values() if p.lifecycle.current and here(p.area_served)
    }
    steps = {
        s.key: s
        for s in steps_of_service(cat, service_id)
        if s.pathway in current and here(s.area_served)
    }
    pathways = sorted(
        p.id
        for p in current.values()
        if service_id in p.services or any(s.key in steps for s in p.steps)
    )
    out = [
        handover(cat, h)
        for h in cat.handovers()
        if h.source in steps and _reachable(cat, h.target, current, here)
    ]
    named = [
        {**r, "areas": [a["name"] for a in refs(cat, current[r["id"]].area_served)]}
        for r in refs(cat, pathways)
    ]
    return {"pathways": named, "handovers": out}


def _reachable(
    cat: Catalogue, key: str, current: dict[str, Any], here: Callable[[tuple[str, ...]], bool]
) -> bool:
    """Whether a handover's target step is in a pathway and an area the family can reach."""
    target = step_by_key(cat, key)
    return target is not None and target.pathway in current and here(target.area_served)
