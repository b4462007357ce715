"""Questions people ask of the graph; used by the web and the CLI alike."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from typing import Protocol

import networkx as nx

from ..core import codes
from ..core.text import fold
from ..core.text import normalise as normalise  # shared with search, find and the static site
from ..source.catalogue import Catalogue
from ..source.catalogue import step_sector as step_sector  # the one rule; check uses it too
from ..source.model import Coverage, Handover, Pathway, Service, Step
from ..source.spans import areas_of, in_area, kommuner_in
from ..source.spans import region_of as region_of  # the one "which region, on this day"
from .danger import Danger, assess, danger_concerns
from .danger import order as danger_order


class HasCatalogue(Protocol):
    """What a question reads of a built Site (build.Site): its catalogue. The questions
    come before the build in the pipeline, so they ask for no more than that."""

    @property
    def catalogue(self) -> Catalogue: ...


COVERAGE_RANK = {
    "offered": 0,
    "statutory": 1,
    "national": 1,
    "regional": 1,
    "planned": 2,
    "unknown": 3,
}
AVAILABILITY_ORDER = tuple(codes.AVAILABILITY)
"""The order statuses are listed in: the surest first, 'ask your kommune' and 'not here' last."""


UNKNOWN_STATUS_REASON = "Vi ved ikke, om tilbuddet stadig findes"
"""Shown with a service whose status is 'unknown': no source says it still runs."""
ASK_KOMMUNE = ("unknown", "planned")
"""Availability statuses that make a card say 'Spørg din kommune'."""
REASON_LABELS = {
    "self-referral": "I kan selv kontakte tilbuddet",
    "referral": "Kræver henvisning",
    "concern": "Passer til jeres bekymring",
    "ask-kommune": "Spørg din kommune, om tilbuddet findes hos jer",
    "status-unknown": UNKNOWN_STATUS_REASON,
}
"""Why a service is suggested, by code (the static site ships codes), in plain Danish."""


@dataclass(frozen=True)
class Match:
    """A service that may fit, with how sure we are that it exists where the family lives."""

    service: Service
    availability: str  # offered | statutory | national | regional | planned | unknown
    concern_match: bool
    coverage: Coverage | None = None
    codes: tuple[str, ...] = ()  # reason codes (REASON_LABELS keys), in the order shown

    @property
    def reasons(self) -> tuple[str, ...]:
        """The reasons in plain Danish."""
        return tuple(REASON_LABELS[c] for c in self.codes)


def resolve_concerns(cat: Catalogue, text: str | None) -> set[str]:
    """Concern ids meant by an id, a label or a parent's everyday words, with narrower ones.

    The rule, also applied by the static site to the same tables (Catalogue.concern_phrases,
    narrower_concerns): the concerns the text names (named_concerns), then the dangers it
    speaks of (danger.danger_concerns: 'taler om selvmord' is never an unknown concern),
    then one level of narrower concerns of all of these.
    """
    found = named_concerns(cat, text) | set(danger_concerns(cat, text))
    narrower = narrower_concerns(cat)
    return found | {n for c in found for n in narrower.get(c, ())}


def named_concerns(cat: Catalogue, text: str | None) -> set[str]:
    """The concerns a text names: the folded text is a concern id or a phrase; else every
    phrase longer than three letters that holds the text or is held by it, of a concern that
    is not urgent."""
    if not text:
        return set()
    phrases = cat.concern_phrases()
    wanted = fold(text)  # a keyboard without æ/ø/å: 'skolevegring' is 'skolevægring'
    found = ({wanted} & set(cat.concerns)) | set(phrases.get(wanted, ()))
    if not found:
        # a phrase inside longer words names a theme, never a danger: the danger rule alone
        # hears danger in free text ('cutter videoer til youtube' is not self-harm)
        found = {
            c
            for phrase, ids in phrases.items()
            if len(phrase) > 3 and (wanted in phrase or phrase in wanted)
            for c in ids
            if not cat.concerns[c].urgent
        }
    return found


def warning_signs(cat: Catalogue, text: str | None) -> Danger:
    """The kinds of danger a "Få hjælp nu" card is for: what danger.assess hears, and every
    urgent concern the text names as a theme, so a theme and its card never disagree; in the
    cards' order (danger.order). Soft only when nothing is for certain."""
    heard = assess(cat, text)
    named = {c for c in named_concerns(cat, text) if cat.concerns[c].urgent}
    full = set(heard.concerns) | named
    if not full:
        return heard
    return Danger(concerns=tuple(c for c in danger_order(cat) if c in full))


def narrower_concerns(cat: Catalogue) -> dict[str, list[str]]:
    """The concerns one level narrower than each concern that has any."""
    out: dict[str, list[str]] = {}
    for concern in cat.concerns.values():
        if concern.broader:
            out.setdefault(concern.broader, []).append(concern.id)
    return out


def serves(cat: Catalogue, area_served: tuple[str, ...], place_id: str | None) -> bool:
    """Whether something with this area_served is for a family in the place: the one region rule.

    () holds everywhere. Otherwise the place (a kommune, cluster or region), a cluster that
    lists it, or its region must be named; a step or pathway for one cluster or kommune is not
    taken to hold for the whole region. No place, or an unknown one: only what holds everywhere.
    Places lie in each other on the catalogue's day (spans.in_area).
    """
    return not area_served or in_area(cat, area_served, place_id)


def latest_coverage(service: Service, place_ids: AbstractSet[str]) -> Coverage | None:
    """The newest coverage record of the service for any of these places."""
    records = [c for c in service.coverage if c.place in place_ids]
    return max(records, key=lambda c: c.as_of) if records else None


def offered_everywhere(cat: Catalogue, service: Service) -> Coverage | None:
    """A record saying the service is offered, if every kommune of the day has such a record.

    The newest of them, for its note and date; None when any kommune lacks one (or the
    service has no 'offered' record at all, the common case, answered without a loop).
    """
    if service.area_served or not any(c.status == "offered" for c in service.coverage):
        return None
    found = []
    for kommune in cat.kommuner():
        if not kommune.span.holds(cat.today):
            continue
        record = latest_coverage(service, areas_of(cat, kommune.id))
        if record is None or record.status != "offered":
            return None
        found.append(record)
    return max(found, key=lambda c: c.as_of) if found else None


def availability(
    cat: Catalogue, service: Service, kommune: str | None
) -> tuple[str, Coverage | None]:
    """How available the service is in the kommune: offered, planned, unknown, national …

    No kommune is one more place, by the same rule: a service for some areas only is
    'not-offered' (we cannot say it is there, so find does not list it; local_only says it
    exists), and one for everyone is statutory, unknown or national as without a record.
    """
    places = areas_of(cat, kommune)
    if not serves(cat, service.area_served, kommune):
        return "not-offered", None  # meant for another region or cluster, or no place known
    record = latest_coverage(service, places)
    if service.required_by_law and (record is None or record.status in ("unknown", "planned")):
        # the law says every kommune has it: a record that only says 'we do not know' or
        # 'planned' does not make it less sure; the record is kept for its note and date
        return "statutory", record
    if record is not None:
        return record.status, record
    if kommune is None and (shared := offered_everywhere(cat, service)) is not None:
        # PPR: every kommune has it (its records say so region by region), so a family that
        # has not said where it lives is not told "Ukendt" (issue 16)
        return "offered", shared
    if service.coverage or service.sector == "kommune":
        return "unknown", None  # a kommune's own offer we have no record of: ask the kommune
    return ("regional" if service.area_served else "national"), None


AGE_BANDS = {"0-5": (0, 5), "6-12": (6, 12), "13-17": (13, 17), "18-30": (18, 30)}
"""The age bands a plan names instead of the child's age (first and last year, both in)."""


def age_band(age: int | None) -> str | None:
    """The band an age falls in, or None."""
    return next(
        (b for b, (lo, hi) in AGE_BANDS.items() if age is not None and lo <= age <= hi), None
    )


def band_fits(service: Service, band: str | None) -> bool:
    """Whether the service takes a child of some age in the band (no band: every service)."""
    if band not in AGE_BANDS:
        return True
    low, high = AGE_BANDS[band]
    return any(age_fits(service, age) for age in range(low, high + 1))


def candidates(
    cat: Catalogue, age: int | None, concerns: set[str], band: str | None = None
) -> Iterator[tuple[Service, bool]]:
    """The starting points for this age (or age band) and these concerns, each with whether
    it names one.

    The one filter behind services_for and local_only (and find.js's `fits`): the age fits,
    and with concerns given the service names one of them or none at all.
    """
    for service in cat.services.values():
        if not is_starting_point(service) or not age_fits(service, age):
            continue
        if not band_fits(service, band):
            continue
        if not service.span.holds(cat.today):
            continue
        direct = bool(concerns & set(service.concerns))
        if concerns and not direct and service.concerns:
            continue
        yield service, direct


def services_for(
    site: HasCatalogue,
    age: int | None = None,
    concern: str | None = None,
    kommune: str | None = None,
    band: str | None = None,
    *,
    concerns: set[str] | None = None,
) -> list[Match]:
    """Where to start: services that fit age (or age band), concern and kommune,
    self-referral first.

    Without a kommune only services for everyone (no area_served): help that exists in
    some kommuner or regions only is never shown as if it were national (see local_only).
    The place may be a region too: then what serves the whole region. concerns, when
    given, are resolve_concerns(concern) already (find resolves them once per question).
    """
    cat = site.catalogue
    matches = []
    wanted = resolve_concerns(cat, concern) if concerns is None else concerns
    for service, direct in candidates(cat, age, wanted, band):
        status, record = availability(cat, service, kommune)
        if status == "not-offered":
            continue
        matches.append(
            Match(service, status, direct, record, reason_codes(service, direct, status))
        )
    return sorted(
        matches, key=lambda m: rank_key(service_key(m.service), m.concern_match, m.availability)
    )


def local_only(
    site: HasCatalogue,
    age: int | None = None,
    concern: str | None = None,
    kommune: str | None = None,
    *,
    concerns: set[str] | None = None,
) -> list[Service]:
    """The services that fit age and concern but are left out because no kommune was chosen:
    those for some areas only (with a region: those that do not serve all of it). With a
    kommune, none (services_for gives what serves it).

    The answer uses it to say that choosing the kommune may show more help.
    """
    cat = site.catalogue
    place = cat.places.get(kommune or "")
    if kommune and (place is None or place.type == "kommune"):
        return []
    wanted = resolve_concerns(cat, concern) if concerns is None else concerns
    left_out = [
        service
        for service, _ in candidates(cat, age, wanted)
        if not serves(cat, service.area_served, kommune)
    ]
    if place is None:
        return left_out
    # a region: only what some of its own kommuner have, never another region's help
    inside = [k.id for k in kommuner_in(cat, place.id)]
    return [s for s in left_out if any(serves(cat, s.area_served, k) for k in inside)]


def age_fits(service: Service, age: int | None) -> bool:
    """Whether the service takes a child of this age (no age given: every service)."""
    low, high = service.minimum_age, service.maximum_age
    return age is None or ((low is None or low <= age) and (high is None or age <= high))


def is_starting_point(service: Service) -> bool:
    """Services a family can begin with: current (never ended or planned), for families,
    not a sub-track or urgent line."""
    return (
        service.lifecycle.current
        and not service.part_of
        and not service.urgent
        and service.audience != "professionals"
        and service.starting_point
    )


def status_rank(status: str) -> int:
    """How sure we are that a service exists where the family lives: 0 surest."""
    return COVERAGE_RANK.get(status, 4)


def service_key(service: Service) -> tuple[int, int, str]:
    """The parts of find's order that depend on the service alone:
    (self-referral 0, unknown 1, referral 2; the kommune's own 0, else 1; name)."""
    entry = 0 if service.self_referral else (1 if service.self_referral is None else 2)
    return entry, 0 if service.sector == "kommune" else 1, service.name


def rank_key(
    key: tuple[int, int, str | int], direct: bool, status: str
) -> tuple[int, int, int, int, str | int]:
    """Find's one order: (how to get in, fits the concern, how sure it exists here, the
    kommune's own first, name). The static site sorts by the same tuple, with the name
    replaced by its position in name order (static_find.shard)."""
    entry, sector, name = key
    return entry, 0 if direct else 1, status_rank(status), sector, name


def reason_codes(service: Service, direct: bool, status: str) -> tuple[str, ...]:
    """Why a match is shown, as REASON_LABELS codes: how to get in, fit, ask the kommune."""
    codes = []
    if service.self_referral:
        codes.append("self-referral")
    elif service.referral_required:
        codes.append("referral")
    if direct:
        codes.append("concern")
    if status in ASK_KOMMUNE:
        codes.append("ask-kommune")
    if service.status == "unknown":
        codes.append("status-unknown")
    return tuple(codes)


def reasons_for(service: Service, direct: bool, status: str) -> tuple[str, ...]:
    """Plain-Danish reasons shown with a match: how to get in, fit, whether to ask the kommune."""
    return tuple(REASON_LABELS[c] for c in reason_codes(service, direct, status))


# ---- urgent help, per region -----------------------------------------------------------------

URGENT_PATHWAY = "akut-hjaelp"
"""The acute pathway; its `services` list is the order urgent help is shown in."""


def offered_today(cat: Catalogue, service: Service) -> bool:
    """Whether a service may be offered as help on the catalogue's day: it runs and its span
    holds (one not started yet is shown as coming, one ended as history, never as help)."""
    return service.lifecycle.current and service.span.holds(cat.today)


def urgent_help(cat: Catalogue, place: str | None) -> list[Service]:
    """The urgent lines for a family in a place (a kommune or a region): its own, then national.

    With place None only national lines (no area_served) are given: a regional number is
    never offered as if it held everywhere. For a region, lines meant for a cluster, a
    kommune or a former region that covered only part of it are left out (urgent_parts has
    those), since a region alone does not say where the family lives. Lines not offered
    today are left out. Order: the acute pathway's `services` list, then the catalogue's.
    """
    urgent = [s for s in cat.services.values() if s.urgent and offered_today(cat, s)]
    own = [s for s in urgent if s.area_served and serves(cat, s.area_served, place)]
    national = [s for s in urgent if not s.area_served]
    return sorted(own, key=_urgent_rank(cat)) + sorted(national, key=_urgent_rank(cat))


def national_lines(cat: Catalogue, age: int | None = None) -> list[Service]:
    """The national lines a family can call or write to right away (services with a
    `parent_line` and no area_served), offered today, that fit the child's age; in the acute
    pathway's order. A line for some areas only is never one of them."""
    lines = [
        s
        for s in cat.services.values()
        if s.parent_line and not s.area_served and offered_today(cat, s) and age_fits(s, age)
    ]
    return sorted(lines, key=_urgent_rank(cat))


def _urgent_rank(cat: Catalogue) -> Callable[[Service], int]:
    pathway = cat.pathways.get(URGENT_PATHWAY)
    listed = list(pathway.services) if pathway else []
    return lambda service: listed.index(service.id) if service.id in listed else len(listed)


def urgent_parts(cat: Catalogue, region: str) -> list[tuple[str, list[Service]]]:
    """For a region made of former regions: each former region's own lines, by its id.

    After a merger the old lines keep serving the kommuner they served (spans.in_area), until
    a source says otherwise; /akut/ lists them under the former region's name.
    """
    eve = _last_day_before(cat)
    before = {region_of(cat, k.id, eve) for k in kommuner_in(cat, region)}
    out = []
    for former in sorted(r for r in before if r is not None and r != region):
        lines = [s for s in urgent_help(cat, former) if s.area_served and former in s.area_served]
        if lines:
            out.append((former, lines))
    return out


def _last_day_before(cat: Catalogue) -> dt.date:
    """The day before the catalogue's newest region change on or before its day."""
    starts = [
        p.span.start
        for p in cat.places.values()
        if p.type == "region" and p.span.start and p.span.start <= cat.today
    ]
    return max(starts, default=cat.today) - dt.timedelta(days=1)


def steps_for_region(cat: Catalogue, pathway: Pathway, region: str | None) -> list[Step]:
    """The steps of a pathway a family in the region can reach from its start, in order met.

    Steps without an area apply everywhere; the rest by serves(), so a step for one cluster
    or kommune is not taken to hold for its whole region.
    """
    wanted = {
        s.id: s
        for s in pathway.steps
        if serves(cat, s.area_served, region) and s.span.holds(cat.today)
    }
    seen: list[Step] = []
    todo = [pathway.start] if pathway.start else []
    while todo:
        step = wanted.get(todo.pop(0) or "")
        if step is not None and step not in seen:
            seen.append(step)
            todo.extend(step.next)
    return seen


# ---- who does what -------------------------------------------------------------------------


@dataclass
class RoleInPathway:
    """What one role does in one pathway, and who it receives from and hands over to."""

    pathway: Pathway
    steps: list[Step] = field(default_factory=list)
    receives: list[Handover] = field(default_factory=list)
    hands_over: list[Handover] = field(default_factory=list)


def step_by_key(cat: Catalogue, key: str) -> Step | None:
    """A step from its 'pathway:step' key."""
    pathway_id, _, step_id = key.partition(":")
    pathway = cat.pathways.get(pathway_id)
    return pathway.step(step_id) if pathway else None


def who_does_what(site: HasCatalogue, role: str) -> list[RoleInPathway]:
    """Across pathways: the steps a role performs, and the handovers to and from them."""
    cat = site.catalogue
    out: dict[str, RoleInPathway] = {}
    for pathway in sorted(cat.pathways.values(), key=lambda p: p.name):
        for step in pathway.steps:
            if role in step.performed_by:
                out.setdefault(pathway.id, RoleInPathway(pathway)).steps.append(step)
    for handover in cat.handovers():
        source, target = step_by_key(cat, handover.source), step_by_key(cat, handover.target)
        for end, bucket in ((target, "receives"), (source, "hands_over")):
            if end is not None and role in end.performed_by:
                entry = out.setdefault(end.pathway, RoleInPathway(cat.pathways[end.pathway]))
                getattr(entry, bucket).append(handover)
    return sorted(out.values(), key=lambda r: r.pathway.name)


# ---- route ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Hop:
    """One handover on a route, from one role or service to the next."""

    source: str
    target: str
    handover: Handover


def _actors(cat: Catalogue, step: Step, keep: set[str]) -> set[str]:
    # the family takes part in steps but hands nothing over between professionals,
    # so parents and children are not hops on a route unless asked for by name
    roles = {
        r
        for r in step.performed_by
        if r in keep or getattr(cat.roles.get(r), "sector", None) != "familie"
    }
    return roles | ({step.service} if step.service else set())


def handover_graph(cat: Catalogue, keep: frozenset[str] = frozenset()) -> nx.MultiDiGraph:
    """Roles and services, linked where a handover runs from a step of one to one of the other."""
    graph = nx.MultiDiGraph()
    for handover in cat.handovers():
        source, target = step_by_key(cat, handover.source), step_by_key(cat, handover.target)
        if source is None or target is None:
            continue
        for a in _actors(cat, source, set(keep)):
            for b in _actors(cat, target, set(keep)):
                if a != b:
                    graph.add_edge(a, b, handover=handover)
    return graph


def route(site: HasCatalogue, start: str, goal: str) -> list[Hop] | None:
    """The shortest chain of handovers from one role or service to another; None if none."""
    graph = handover_graph(site.catalogue, frozenset({start, goal}))
    if start not in graph or goal not in graph:
        return None
    try:
        path = nx.shortest_path(graph, start, goal)
    except nx.NetworkXNoPath:
        return None
    hops = []
    for a, b in zip(path, path[1:], strict=False):
        edges = graph.get_edge_data(a, b)
        first = edges[min(edges)]
        hops.append(Hop(a, b, first["handover"]))
    return hops


# ---- coverage ------------------------------------------------------------------------------


@dataclass(frozen=True)
class PlaceCoverage:
    """A kommune's latest status for one service."""

    place: str
    status: str
    record: Coverage | None


def coverage(site: HasCatalogue, service_id: str) -> list[PlaceCoverage]:
    """Status per kommune, by the same rule as find: records first, then required by law,
    else unknown for kommuner in the service's area (or everywhere, if required by law)."""
    cat = site.catalogue
    service = cat.services[service_id]
    rows = []
    for kommune in cat.kommuner():
        places = areas_of(cat, kommune.id)
        # a record for the kommune, its cluster or its region (PPR: every region) lists it
        record = latest_coverage(service, places)
        in_area = bool(service.area_served) and serves(cat, service.area_served, kommune.id)
        if record is None and not service.required_by_law and not in_area:
            continue
        status, record = availability(cat, service, kommune.id)
        if status in ("regional", "national"):
            status = "unknown"  # listed because it is in the area, yet no record says more
        rows.append(PlaceCoverage(kommune.id, status, record))
    return rows


# ---- what a kommune offers -----------------------------------------------------------------


@dataclass(frozen=True)
class Offer:
    """One service as seen from one kommune: its availability there and the record behind it."""

    service: Service
    status: str  # an AVAILABILITY_ORDER key, as availability() gives it
    record: Coverage | None
    audience: str  # familie | akut | fagfolk (a codes.OFFER_GROUPS key)

    @property
    def starting_point(self) -> bool:
        """Whether /find can suggest the service as a place to start."""
        return is_starting_point(self.service)

    @property
    def label(self) -> str:
        """The status in plain Danish, as /find shows it."""
        return codes.AVAILABILITY.get(self.status, self.status)


def audience_of(service: Service) -> str:
    """Which group a service is shown in on a kommune page: akut, fagfolk or familie."""
    if service.urgent:
        return "akut"
    return "fagfolk" if service.audience == "professionals" else "familie"


def offers_in(site: HasCatalogue, kommune_id: str) -> list[Offer]:
    """What a kommune offers: every active top-level service with its availability there.

    The one answer behind the kommune page (and its JSON), the kommune diagram and
    tilbud-kommuner.csv; the status is availability()'s, the same as /find gives.

    - Sub-tracks (part_of) are left out: they are shown on their service's own page.
    - Urgent lines and services for professionals only are listed, in their own group
      (audience 'akut' or 'fagfolk'); /find leaves them out as places to start.
    - Services meant for another region or cluster (area_served without the kommune) are
      left out; a coverage record saying 'not-offered' for the kommune is kept.

    Sorted by audience, then status (AVAILABILITY_ORDER), then name.
    """
    cat = site.catalogue
    place = cat.places.get(kommune_id)
    if place is None or place.type != "kommune":
        raise KeyError(f"unknown kommune '{kommune_id}'")
    offers = []
    for service in cat.services.values():
        if not offered_today(cat, service) or service.part_of:
            continue
        status, record = availability(cat, service, place.id)
        if status == "not-offered" and record is None:
            continue  # meant for another part of the country
        offers.append(Offer(service, status, record, audience_of(service)))
    return sorted(offers, key=_offer_order)


def _offer_order(offer: Offer) -> tuple[int, int, str, str]:
    status = (
        AVAILABILITY_ORDER.index(offer.status)
        if offer.status in AVAILABILITY_ORDER
        else len(AVAILABILITY_ORDER)
    )
    name = offer.service.name.casefold()
    return (list(codes.OFFER_GROUPS).index(offer.audience), status, name, offer.service.id)


def offers_by_status(offers: list[Offer]) -> dict[str, list[Offer]]:
    """Offers grouped by status, the groups in AVAILABILITY_ORDER (keeps the offers' order)."""
    groups: dict[str, list[Offer]] = {}
    for offer in offers:
        groups.setdefault(offer.status, []).append(offer)
    return dict(sorted(groups.items(), key=lambda item: _offer_order(item[1][0])[1]))
