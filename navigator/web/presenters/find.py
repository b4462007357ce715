"""The find helper: the three questions and the places to start."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ...answers.danger import MAX_CHARS
from ...answers.query import (
    ASK_KOMMUNE,
    REASON_LABELS,
    Match,
    age_band,
    availability,
    local_only,
    resolve_concerns,
    serves,
    services_for,
    step_by_key,
)
from ...build import Site
from ...core import codes, urls
from ...core.text import trim
from ...source.catalogue import Catalogue
from ...source.model import (
    Place,
    Service,
    Step,
)
from ...source.spans import regions
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


AGE_PATTERN = "^[0-9]+$"
AGE_MIN, AGE_MAX = 0, 30
AGE = {"pattern": AGE_PATTERN, "min": AGE_MIN, "max": AGE_MAX}
"""The age rule, shipped to the static find as data: after trimming (text.trim), ASCII
digits only (no sign, no '1_0', no other script's digits: what a parent types on a phone's
number pad), from AGE_MIN to AGE_MAX. Leading zeros are read past, so '010' is 10."""
ERRORS = {
    "age": "Skriv alderen som et tal, fx 10.",
    "age_range": f"Skriv en alder mellem {AGE_MIN} og {AGE_MAX} år.",
    "place": "Vi kender ikke den kommune. Vælg en fra listen.",
}
"""What find says is wrong with an answer, by code; the static find gets them as data."""


def parse_age(text: str | None) -> tuple[int | None, str | None]:
    """The age as an int, or an error message in plain Danish (AGE is the rule)."""
    text = trim(text or "")
    if not text:
        return None, None
    if not re.fullmatch(AGE_PATTERN, text):
        return None, ERRORS["age"]
    digits = text.lstrip("0") or "0"
    # never int() a long run of digits (Python refuses more than 4300); it is out of range
    if len(digits) > len(str(AGE_MAX)) or not AGE_MIN <= int(digits) <= AGE_MAX:
        return None, ERRORS["age_range"]
    return int(digits), None


def find_places(cat: Catalogue) -> list[Place]:
    """The places /find answers for (?kommune=): every kommune, and every region that holds
    on the catalogue's day, which is answered as the region (its own help and the help for
    everyone; what only some of its kommuner have is left out, as with no kommune)."""
    return [*cat.kommuner(), *regions(cat)]


def find_place(cat: Catalogue, place_id: str | None) -> Place | None:
    """The kommune or region /find answers for (one of find_places), or None for any other
    id: a cluster, a region that has ended or not yet begun, or an id we do not know."""
    place = cat.places.get(place_id or "")
    if place is None or place.type == "cluster":
        return None
    return place if place.type == "kommune" or place.span.holds(cat.today) else None


@dataclass(frozen=True, kw_only=True)
class Question:
    """The three answers as find reads them: trimmed, cut, parsed and checked."""

    alder: str  # trimmed, as the parent wrote it
    bekymring: str  # trimmed and cut to danger.MAX_CHARS
    age: int | None
    place: Place | None
    errors: tuple[str, ...]
    concerns: frozenset[str]
    asked: bool  # anything answered at all

    @property
    def place_id(self) -> str | None:
        """The kommune or region answered for."""
        return self.place.id if self.place else None


def resolve_question(
    site: Site, alder: str | None, bekymring: str | None, kommune: str | None
) -> Question:
    """The one reading of find's three answers, for the live page, its .json twin and (as the
    parity tests prove) the static find: the text cut before any work, the age by AGE, the
    place by find_place, and the concerns resolved once."""
    cat = site.catalogue
    # cut before any work: a 63 KB text cost 0.7 s of CPU and was echoed five times
    text = trim(bekymring or "")[:MAX_CHARS]  # code points, as find.js's Array.from
    age, age_error = parse_age(alder)
    place = find_place(cat, kommune)
    errors = [age_error] if age_error else []
    if kommune and place is None:
        errors.append(ERRORS["place"])
    return Question(
        alder=trim(alder or ""),
        bekymring=text,
        age=age,
        place=place,
        errors=tuple(errors),
        concerns=frozenset(resolve_concerns(cat, text)),
        asked=bool(trim(alder or "") or text or kommune),
    )


def answer(site: Site, q: Question) -> tuple[list[Match], bool]:
    """Where to start for a question without errors (query.services_for), and whether
    help for some areas only was left out for want of a kommune (query.local_only)."""
    if q.errors or not q.asked:
        return [], False
    matches = services_for(site, q.age, q.bekymring, q.place_id, concerns=set(q.concerns))
    local = local_only(site, q.age, q.bekymring, q.place_id, concerns=set(q.concerns))
    return matches, bool(local)


def find(
    site: Site, alder: str | None, bekymring: str | None, kommune: str | None, edit: bool = False
) -> Data:
    """The answer to the three questions: where to start, self-referral first.

    With edit the questions come back filled in, and no answer, so the parent can change them.
    """
    cat = site.catalogue
    q = resolve_question(site, alder, bekymring, kommune)
    asked = q.asked and not edit
    matches, local = answer(site, q) if asked else ([], False)
    place = q.place
    results = [
        match_card(site, m.service, m.availability, m.codes, kommune=q.place_id) for m in matches
    ]
    return {
        "title": "Find hjælp",
        "asked": asked,
        "errors": list(q.errors),
        # before every service, and even when another answer needs fixing
        "help_now": help_now(site, q.bekymring, q.place_id),
        "question": {
            "alder": q.alder,
            "bekymring": q.bekymring,
            "kommune": q.place_id or "",
        },
        # the age as read, for the summary line (_find_answer.html said_line words it); the
        # parent's words are echoed once, in question.bekymring (the form's value): a
        # summary or an edit link that repeated them multiplied what a long text cost
        "age": q.age,
        "kommune": place_ref(place),
        "concerns": refs(cat, sorted(q.concerns)),
        "themes": themes(cat, set(q.concerns)),
        "concern_unknown": bool(q.bekymring) and not q.concerns,
        "results": results,
        "unknown_count": sum(1 for r in results if r["availability"] in ASK_KOMMUNE),
        # no kommune: help for some areas only is left out; say so and ask for the kommune
        "more_locally": local,
        # no kommune: the national lines to call or write to right away, near the top
        "national_lines": (
            national_entries(cat, q.age) if asked and not q.errors and not place else []
        ),
        "options": find_options(site),
        # 'Lav en plan': the answer's age band, themes and kommune; never the words written
        "plan_url": (
            urls.plan(age_band(q.age) or "", plan_themes(cat, set(q.concerns)), q.place_id or "")
            if asked and not q.errors and q.concerns
            else None
        ),
    }


def plan_themes(cat: Catalogue, concern_ids: set[str]) -> list[str]:
    """The themes a plan names for these concerns: the broadest concern of each, sorted."""
    roots = set()
    for concern_id in concern_ids:
        seen = {concern_id}
        while (up := cat.concerns[concern_id].broader) in cat.concerns and up not in seen:
            concern_id = up
            seen.add(up)
        roots.add(concern_id)
    return sorted(roots)


def place_ref(place: Place | None) -> Data | None:
    """The kommune or region answered for, with its page (a region has none of its own)."""
    if place is None:
        return None
    return {"id": place.id, "name": place.name, "url": urls.entity(place.type, place.id)}


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
        # (a region is no kommune: there, too, each kommune's own numbers)
        "kommuner_url": (
            urls.kommuner()
            if service.sector == "kommune" and not _is_kommune(cat, kommune)
            else None
        ),
    }


def unconfirmed(cat: Catalogue, service: Service, status: str, kommune: str | None) -> bool:
    """Whether 'offered' rests on a record we could not confirm (fact_status unverified).

    The card then says so: a status label alone would tell parents it is certain.
    """
    if status != "offered":
        return False
    record = availability(cat, service, kommune)[1]
    return record is not None and record.fact_status == "unverified"


def _is_kommune(cat: Catalogue, place_id: str | None) -> bool:
    place = cat.places.get(place_id or "")
    return place is not None and place.type == "kommune"


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
