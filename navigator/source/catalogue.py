"""Turn loaded documents into one Catalogue of typed entities, remembering where each came from."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from ..core import codes
from ..core.problems import Pos
from ..core.text import fold
from .load import Document, LList, LMap, locate
from .model import (
    Advice,
    AdviceTopic,
    Concern,
    Contact,
    Coverage,
    DangerLanguage,
    Entity,
    Facts,
    Handover,
    Lifecycle,
    Membership,
    Organisation,
    Pathway,
    Place,
    Review,
    RiskGroup,
    Role,
    RoleNote,
    Service,
    Source,
    Span,
    Step,
    Term,
    as_date,
)


@dataclass(frozen=True)
class PartDuplicate:
    """A step or handover id used twice in one pathway; only the first one is kept."""

    kind: str  # 'step' or 'handover'
    id: str
    pathway: str
    first: Pos
    again: Pos
    numbered: bool
    """True when either one has no 'id' and is named 'overgang-N' by its place."""


DANGER_KEY = "#danger"
"""The key of the top-level `danger:` block in Catalogue.raw (no id has a '#')."""

SECTIONS = (
    "sources",
    "places",
    "organisations",
    "services",
    "roles",
    "concerns",
    "risk_groups",
    "glossary",
    "pathways",
    "advice_topics",
)


@dataclass
class Catalogue:
    """Every entity by kind and id; the one input to checks and compilers."""

    sources: dict[str, Source] = field(default_factory=dict)
    places: dict[str, Place] = field(default_factory=dict)
    organisations: dict[str, Organisation] = field(default_factory=dict)
    services: dict[str, Service] = field(default_factory=dict)
    roles: dict[str, Role] = field(default_factory=dict)
    concerns: dict[str, Concern] = field(default_factory=dict)
    risk_groups: dict[str, RiskGroup] = field(default_factory=dict)
    glossary: dict[str, Term] = field(default_factory=dict)
    pathways: dict[str, Pathway] = field(default_factory=dict)
    advice_topics: dict[str, AdviceTopic] = field(default_factory=dict)
    duplicates: list[tuple[Entity, Entity]] = field(default_factory=list)
    part_duplicates: list[PartDuplicate] = field(default_factory=list)
    unloaded: dict[str, str] = field(default_factory=dict)
    """Ids found in the text of files that did not load, with the file they are in."""
    file_reviews: dict[str, LMap] = field(default_factory=dict, repr=False)
    """The top-level 'review:' block of each file that has one, by file path."""
    raw: dict[str, LMap] = field(default_factory=dict, repr=False)
    danger: DangerLanguage | None = None
    """The words danger is recognised in (the one top-level `danger:` block)."""
    danger_again: list[Pos] = field(default_factory=list)
    """Where a second `danger:` block was found (check reports each)."""
    today: dt.date = field(default_factory=dt.date.today)
    """The day the catalogue is read on: what holds, what is coming, what has ended."""
    _ends: dict[str, tuple[tuple[Handover, ...], tuple[Handover, ...]]] | None = field(
        default=None, init=False, repr=False, compare=False
    )
    """The handovers out of and into each step, by step key: made on first use (handovers_at)."""
    _phrases: dict[str, tuple[str, ...]] | None = field(
        default=None, init=False, repr=False, compare=False
    )
    """Each concern phrase, folded, and the concerns it names: made on first use."""

    def pos_of(self, key: str, *path: str | int) -> Pos:
        """Position of a field (a path of keys and indexes) of the entity or step with key."""
        node = self.raw.get(key)
        if node is None:
            entity = self.get(key)
            return entity.pos if entity is not None else Pos("?")
        return locate(node, path)

    def section(self, name: str) -> dict[str, Any]:
        """The dict for one top-level section name."""
        table: dict[str, Any] = getattr(self, name)
        return table

    def entities(self) -> Iterator[Entity]:
        """Every entity, sections in a fixed order, ids sorted."""
        for name in SECTIONS:
            table = self.section(name)
            for key in sorted(table):
                yield table[key]

    def get(self, entity_id: str) -> Entity | None:
        """Any entity by id."""
        for name in SECTIONS:
            found = self.section(name).get(entity_id)
            if found is not None:
                return found  # type: ignore[no-any-return]
        return None

    def kommuner(self) -> list[Place]:
        """Kommuner sorted by name."""
        return sorted(
            (p for p in self.places.values() if p.type == "kommune"), key=lambda p: p.name
        )

    def steps(self) -> Iterator[Step]:
        """Every step of every pathway."""
        for pathway in self.pathways.values():
            yield from pathway.steps

    def handovers(self) -> Iterator[Handover]:
        """Every handover of every pathway."""
        for pathway in self.pathways.values():
            yield from pathway.handovers

    def handovers_at(self, key: str) -> tuple[tuple[Handover, ...], tuple[Handover, ...]]:
        """The handovers out of and into the step with key, each in handovers() order."""
        # every step page and role page asks this of every step it shows: one pass over all
        # the handovers per catalogue, not one per step (a national freeze shows 10,000 steps)
        if self._ends is None:
            ends: dict[str, tuple[list[Handover], list[Handover]]] = {}
            for handover in self.handovers():
                ends.setdefault(handover.source, ([], []))[0].append(handover)
                ends.setdefault(handover.target, ([], []))[1].append(handover)
            # tuples: callers share the index, and none may change it for the others
            self._ends = {k: (tuple(out), tuple(into)) for k, (out, into) in ends.items()}
        return self._ends.get(key, ((), ()))

    def concern_phrases(self) -> Mapping[str, tuple[str, ...]]:
        """Each folded phrase (label, plain words, synonyms) and the concern ids it names."""
        # every answer that reads a question asks this, and a plan shard asks it 140 times
        if self._phrases is None:
            phrases: dict[str, list[str]] = {}
            for concern in self.concerns.values():
                for phrase in concern.words:
                    ids = phrases.setdefault(fold(phrase), [])
                    if concern.id not in ids:
                        ids.append(concern.id)
            self._phrases = {k: tuple(v) for k, v in phrases.items()}
        return self._phrases


def step_sector(cat: Catalogue, step: Step) -> str | None:
    """The sector a step happens in: its service's, else its first professional's, else family.

    The one rule for pages, diagram lanes, exports and the check that every step has one: a
    step a parent and a teacher share happens where the professional works, so it is drawn
    and named in that sector. None only for a step with no service sector and no known role,
    which `check` refuses.
    """
    service = cat.services.get(step.service or "")
    if service is not None and service.sector:
        return service.sector
    sectors = [
        cat.roles[r].sector for r in step.performed_by if r in cat.roles and cat.roles[r].sector
    ]
    professionals = [s for s in sectors if s != "familie"]
    chosen = professionals or sectors
    return chosen[0] if chosen else None


def build_catalogue(documents: list[Document], today: dt.date | None = None) -> Catalogue:
    """Build the catalogue from documents that loaded; bad fields are skipped, not fatal."""
    catalogue = Catalogue(today=today or dt.date.today())
    for doc in documents:
        if doc.data is None:
            for entity_id in doc.unloaded_ids:
                catalogue.unloaded.setdefault(entity_id, doc.path)
            continue
        if isinstance(doc.data.get("review"), LMap):
            catalogue.file_reviews[doc.path] = doc.data["review"]
        default_review = _review(doc.data.get("review"))
        if isinstance(doc.data.get("danger"), LMap):
            if catalogue.danger is None:
                catalogue.danger = _danger(doc.data["danger"])
                catalogue.raw[DANGER_KEY] = doc.data["danger"]
            else:
                catalogue.danger_again.append(doc.data["danger"].pos)
        for section in SECTIONS:
            items = doc.data.get(section)
            if not isinstance(items, LList):
                continue
            for item in items:
                if isinstance(item, LMap) and isinstance(item.get("id"), str):
                    entity = _BUILDERS[section](item, default_review)
                    if _add(catalogue, section, entity):
                        _remember(catalogue, entity.id, item)
                        if section == "pathways":
                            catalogue.part_duplicates += _parts(item)[2]
    return catalogue


def _add(catalogue: Catalogue, section: str, entity: Entity) -> bool:
    table = catalogue.section(section)
    existing = table.get(entity.id) or catalogue.get(entity.id)
    if existing is not None:
        catalogue.duplicates.append((existing, entity))
        return False
    table[entity.id] = entity
    return True


def _remember(catalogue: Catalogue, key: str, item: LMap) -> None:
    catalogue.raw[key] = item
    for step in _maps(item, "steps"):
        if isinstance(step.get("id"), str):
            catalogue.raw.setdefault(f"{key}:{step['id']}", step)
    for index, handover in enumerate(_maps(item, "handovers")):
        catalogue.raw.setdefault(f"{key}#{handover_id(handover, index)}", handover)


def handover_id(m: LMap, index: int) -> str:
    """A handover's id, or 'overgang-N' by its place in the pathway's list."""
    return _str(m, "id") or f"overgang-{index + 1}"


def _parts(pathway: LMap) -> tuple[list[LMap], list[tuple[int, LMap]], list[PartDuplicate]]:
    """A pathway's steps and (index, handover)s, first of each id only, and the repeats."""
    pid = str(pathway.get("id"))
    steps: dict[str, LMap] = {}
    handovers: dict[str, tuple[int, LMap]] = {}
    repeats = []
    for step in _maps(pathway, "steps"):
        sid = step.get("id")
        if isinstance(sid, str) and sid in steps:
            repeats.append(PartDuplicate("step", sid, pid, steps[sid].pos, step.pos, False))
        elif isinstance(sid, str):
            steps[sid] = step
    for index, handover in enumerate(_maps(pathway, "handovers")):
        hid = handover_id(handover, index)
        if hid in handovers:
            first = handovers[hid][1]
            numbered = not _str(first, "id") or not _str(handover, "id")
            repeats.append(PartDuplicate("handover", hid, pid, first.pos, handover.pos, numbered))
        else:
            handovers[hid] = (index, handover)
    return list(steps.values()), list(handovers.values()), repeats


def _str(m: LMap, key: str) -> str | None:
    value = m.get(key)
    return value if isinstance(value, str) and value.strip() else None


def _int(m: LMap, key: str) -> int | None:
    value = m.get(key)
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _bool(m: LMap, key: str) -> bool | None:
    value = m.get(key)
    return value if isinstance(value, bool) else None


def _ids(m: LMap, key: str) -> tuple[str, ...]:
    value = m.get(key)
    if not isinstance(value, list):
        return ()
    return tuple(v for v in value if isinstance(v, str))


def _maps(m: LMap, key: str) -> list[LMap]:
    value = m.get(key)
    return [v for v in value if isinstance(v, LMap)] if isinstance(value, list) else []


def _fact(m: LMap) -> Any:
    value = m.get("fact_status")
    return value if value in ("verified", "stated", "unverified") else None


def _review(value: Any) -> Review | None:
    if not isinstance(value, LMap):
        return None
    last, due, owner = (value.get(k) for k in ("last_reviewed", "next_review", "owner"))
    if isinstance(last, str) and isinstance(due, str) and isinstance(owner, str):
        return Review(last_reviewed=last, next_review=due, owner=owner)
    return None


def _facts(m: LMap, default_review: Review | None, inherit: Facts | None = None) -> Facts:
    sources = _ids(m, "sources") or (inherit.sources if inherit else ())
    status = _fact(m) or (inherit.fact_status if inherit else None)
    return Facts(
        sources=sources, fact_status=status, review=_review(m.get("review")) or default_review
    )


def _source(m: LMap, _: Review | None) -> Source:
    return Source(
        id=m["id"],
        pos=m.pos,
        title=_str(m, "title") or m["id"],
        publisher=_str(m, "publisher"),
        date=_str(m, "date"),
        accessed=_str(m, "accessed"),
        url=_str(m, "url"),
        seed=_str(m, "seed"),
        note=_str(m, "note"),
    )


def _date_text(m: LMap, key: str) -> str | None:
    # YAML reads 2027-01-01 as text here (load.py keeps scalars as written); keep ISO dates only
    value = m.get(key)
    text = value if isinstance(value, str) else None
    return text if as_date(text) else None


def _span(m: LMap, sources: tuple[str, ...] = ()) -> Span:
    """valid_from / valid_until / until_further_notice of an entity, contact or step; its
    sources are valid_sources, else the item's own sources, else the ones given."""
    return Span(
        valid_from=_date_text(m, "valid_from"),
        valid_until=_date_text(m, "valid_until"),
        sources=_ids(m, "valid_sources") or _ids(m, "sources") or sources,
        until_notice=bool(_bool(m, "until_further_notice")),
    )


def memberships(m: LMap, key: str) -> tuple[Membership, ...]:
    """part_of or members: one id, or a list of ids and {place, valid_from, valid_until, sources}.

    A membership without valid_until ends the day before the next one in the list starts, so
    a kommune moving region on a date is one added line: {place: ..., valid_from: ...}.
    """
    value = m.get(key)
    items = [value] if isinstance(value, str) else value if isinstance(value, list) else []
    out: list[Membership] = []
    for item in items:
        if isinstance(item, str):
            out.append(Membership(place=item, pos=m.pos))
        elif isinstance(item, LMap) and isinstance(item.get("place"), str):
            out.append(Membership(place=item["place"], pos=item.pos, span=_span(item)))
    return tuple(_close(out[i], out[i + 1 :]) for i in range(len(out)))


def _close(member: Membership, later: list[Membership]) -> Membership:
    """End a membership the day before the next one for another place starts, unless it ends."""
    if member.span.valid_until:
        return member
    following = next((x for x in later if x.place != member.place and x.span.start), None)
    if following is None or following.span.start is None:
        return member
    if member.span.start and following.span.start <= member.span.start:
        return member
    end = (following.span.start - dt.timedelta(days=1)).isoformat()
    return replace(member, span=replace(member.span, valid_until=end))


def _place(m: LMap, review: Review | None) -> Place:
    kind: Any = m.get("type") if m.get("type") in ("region", "cluster", "kommune") else "kommune"
    facts = _facts(m, review)
    return Place(
        id=m["id"],
        pos=m.pos,
        name=_str(m, "name") or m["id"],
        type=kind,
        facts=facts,
        part_of=memberships(m, "part_of"),
        members=memberships(m, "members"),
        members_fact_status=m.get("members_fact_status")
        if m.get("members_fact_status") in ("verified", "stated", "unverified")
        else None,
        description=_str(m, "description"),
        code=_code(m),
        contacts=tuple(_contact(c) for c in _maps(m, "contacts")),
        span=_span(m, facts.sources),
    )


def _code(m: LMap) -> str | None:
    # a kommunekode may be written as a number (851) or as text ("0851"); keep it as text
    value = m.get("code")
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return _str(m, "code")


def _organisation(m: LMap, review: Review | None) -> Organisation:
    facts = _facts(m, review)
    return Organisation(
        id=m["id"],
        pos=m.pos,
        name=_str(m, "name") or m["id"],
        sector=_str(m, "sector") or "",
        facts=facts,
        short_name=_str(m, "short_name"),
        place=_str(m, "place"),
        url=_str(m, "url"),
        description=_str(m, "description"),
        span=_span(m, facts.sources),
    )


def _contact(m: LMap) -> Contact:
    return Contact(
        type=_str(m, "type") or "web",
        value=_str(m, "value") or "",
        pos=m.pos,
        label=_str(m, "label"),
        hours=_str(m, "hours"),
        area=_str(m, "area"),
        sources=_ids(m, "sources"),
        fact_status=_fact(m),
        span=_span(m),
        service=_str(m, "service"),
        entry=_str(m, "entry"),
    )


def _coverage(m: LMap) -> Coverage:
    status: Any = (
        m.get("status")
        if m.get("status") in ("offered", "planned", "unknown", "not-offered")
        else "unknown"
    )
    return Coverage(
        place=_str(m, "place") or "",
        status=status,
        as_of=_str(m, "as_of") or "",
        pos=m.pos,
        note=_str(m, "note"),
        sources=_ids(m, "sources"),
        fact_status=_fact(m),
    )


_SERVICE_TEXT = (
    "short_name",
    "sector",
    "summary",
    "description",
    "application_process",
    "ask_for",
    "eligibility_description",
    "exclusion_description",
    "after",
    "for_young",
    "parent_line",
    "fees_description",
    "legal_basis",
    "url",
    "part_of",
    "coverage_note",
)


def _service(m: LMap, review: Review | None) -> Service:
    facts = _facts(m, review)
    return Service(
        id=m["id"],
        pos=m.pos,
        name=_str(m, "name") or m["id"],
        facts=facts,
        organisations=_ids(m, "organisations"),
        minimum_age=_int(m, "minimum_age"),
        maximum_age=_int(m, "maximum_age"),
        lifecycle=_lifecycle(m),
        self_referral=_bool(m, "self_referral"),
        referral_required=_bool(m, "referral_required"),
        referred_by=_ids(m, "referred_by"),
        cost=_str(m, "cost") or "unknown",
        urgent=bool(_bool(m, "urgent")),
        audience=_str(m, "audience"),
        required_by_law=bool(_bool(m, "required_by_law")),
        starting_point=_bool(m, "starting_point") is not False,
        contacts=tuple(_contact(c) for c in _maps(m, "contacts")),
        concerns=_ids(m, "concerns"),
        risk_groups=_ids(m, "risk_groups"),
        area_served=_ids(m, "area_served"),
        coverage=tuple(_coverage(c) for c in _maps(m, "coverage")),
        span=_span(m, facts.sources),
        **{key: _str(m, key) for key in _SERVICE_TEXT},
    )


def _role_note(m: LMap) -> RoleNote:
    return RoleNote(
        text=_str(m, "text") or "",
        pos=m.pos,
        title=_str(m, "title"),
        legal_basis=_str(m, "legal_basis"),
        sources=_ids(m, "sources"),
        fact_status=_fact(m),
    )


def _lifecycle(m: LMap) -> Lifecycle:
    status: Any = m.get("status") if m.get("status") in codes.SERVICE_STATUSES else None
    ended = m.get("ended")
    return Lifecycle(
        status=status,
        as_of=_str(m, "status_as_of"),
        sources=_ids(m, "status_sources"),
        ended=str(ended) if isinstance(ended, str | int) else None,
    )


def _role(m: LMap, review: Review | None) -> Role:
    return Role(
        id=m["id"],
        pos=m.pos,
        name=_str(m, "name") or m["id"],
        sector=_str(m, "sector") or "",
        facts=_facts(m, review),
        organisation=_str(m, "organisation"),
        summary=_str(m, "summary"),
        description=_str(m, "description"),
        professional=_str(m, "professional"),
        when_worried=tuple(_role_note(n) for n in _maps(m, "when_worried")),
        duties=tuple(_role_note(n) for n in _maps(m, "duties")),
    )


def _concern(m: LMap, review: Review | None) -> Concern:
    return Concern(
        id=m["id"],
        pos=m.pos,
        label=_str(m, "label") or m["id"],
        facts=_facts(m, review),
        synonyms=_ids(m, "synonyms"),
        broader=_str(m, "broader"),
        definition=_str(m, "definition"),
        notation=_str(m, "notation"),
        parent_label=_str(m, "parent_label"),
        urgent=bool(_bool(m, "urgent")),
        urgent_services=_ids(m, "urgent_services"),
        kommune_entries=_ids(m, "kommune_entries"),
        right_now=_str(m, "right_now"),
        right_now_sources=_ids(m, "right_now_sources"),
        cues=_ids(m, "cues"),
        soft_cues=_ids(m, "soft_cues"),
        firm_cues=_ids(m, "firm_cues"),
    )


def _danger(m: LMap) -> DangerLanguage:
    """The top-level `danger:` block; keys and values that are not text are skipped (the
    schema reports them)."""

    def pairs(key: str) -> tuple[tuple[str, str], ...]:
        table = m.get(key)
        if not isinstance(table, LMap):
            return ()
        return tuple((str(k), v) for k, v in table.items() if isinstance(v, str))

    return DangerLanguage(
        spelling=pairs("spelling"),
        lexicon=_ids(m, "lexicon"),
        classes=pairs("classes"),
        guards=_ids(m, "guards"),
        order=_ids(m, "order"),
        when_in_danger=tuple(_role_note(n) for n in _maps(m, "when_in_danger")),
        pos=m.pos,
    )


def _risk_group(m: LMap, review: Review | None) -> RiskGroup:
    return RiskGroup(
        id=m["id"],
        pos=m.pos,
        label=_str(m, "label") or m["id"],
        facts=_facts(m, review),
        description=_str(m, "description"),
        concerns=_ids(m, "concerns"),
    )


def _term(m: LMap, review: Review | None) -> Term:
    return Term(
        id=m["id"],
        pos=m.pos,
        term=_str(m, "term") or m["id"],
        definition=_str(m, "definition") or "",
        facts=_facts(m, review),
        expansion=_str(m, "expansion"),
    )


def _pathway(m: LMap, review: Review | None) -> Pathway:
    pid = m["id"]
    facts = _facts(m, review)
    # a repeated step or handover id is reported by the checks; only the first one is kept
    raw_steps, raw_handovers, _ = _parts(m)
    steps = tuple(_step(s, pid, i, raw_steps, facts) for i, s in enumerate(raw_steps))
    handovers = tuple(_handover(h, pid, i, facts) for i, h in raw_handovers)
    return Pathway(
        id=pid,
        pos=m.pos,
        name=_str(m, "name") or pid,
        facts=facts,
        steps=steps,
        handovers=handovers,
        short_name=_str(m, "short_name"),
        summary=_str(m, "summary"),
        description=_str(m, "description"),
        agreement_status=_str(m, "agreement_status"),
        services=_ids(m, "services"),
        area_served=_ids(m, "area_served"),
        concerns=_ids(m, "concerns"),
        risk_groups=_ids(m, "risk_groups"),
        minimum_age=_int(m, "minimum_age"),
        maximum_age=_int(m, "maximum_age"),
        start=_str(m, "start") or (steps[0].id if steps else None),
        lifecycle=_lifecycle(m),
    )


def _step(m: LMap, pathway: str, order: int, siblings: list[LMap], inherit: Facts) -> Step:
    if "next" in m:
        following = _ids(m, "next")
    else:  # by default a step leads to the one written after it
        following = (siblings[order + 1]["id"],) if order + 1 < len(siblings) else ()
    return Step(
        id=m["id"],
        pos=m.pos,
        name=_str(m, "name") or m["id"],
        pathway=pathway,
        order=order + 1,
        facts=_facts(m, None, inherit),
        performed_by=_ids(m, "performed_by"),
        service=_str(m, "service"),
        summary=_str(m, "summary"),
        description=_str(m, "description"),
        duration=_str(m, "duration"),
        deadline=_str(m, "deadline"),
        next=following,
        area_served=_ids(m, "area_served"),
        span=_span(m, inherit.sources),
    )


def qualify(ref: str, pathway: str) -> str:
    """Turn 'step' or 'pathway:step' into the full 'pathway:step' key."""
    return ref if ":" in ref else f"{pathway}:{ref}"


def _handover(m: LMap, pathway: str, index: int, inherit: Facts) -> Handover:
    return Handover(
        id=handover_id(m, index),
        pos=m.pos,
        pathway=pathway,
        source=qualify(_str(m, "from") or "", pathway),
        target=qualify(_str(m, "to") or "", pathway),
        method=_str(m, "method") or "henvisning",
        facts=_facts(m, None, inherit),
        consent=_str(m, "consent") or "unknown",
        consent_note=_str(m, "consent_note"),
        timeframe=_str(m, "timeframe"),
        criteria=_str(m, "criteria"),
        description=_str(m, "description"),
    )


_SURENESS = ("verified", "stated", "unverified")


def _advice(m: LMap, review: Review | None) -> Advice:
    return Advice(
        role=_str(m, "for") or "",
        pos=m.pos,
        points=_ids(m, "points"),
        facts=Facts(sources=_ids(m, "sources"), fact_status=_fact(m), review=review),
        more_help=_str(m, "more_help"),
        urgent=_str(m, "urgent"),
    )


def _advice_topic(m: LMap, review: Review | None) -> AdviceTopic:
    own = _review(m.get("review")) or review
    advice = tuple(_advice(a, own) for a in _maps(m, "advice"))
    # a topic states nothing of its own: it is as sourced, and as sure, as its advice
    sources = tuple(dict.fromkeys(s for a in advice for s in a.facts.sources))
    statuses = [a.facts.fact_status for a in advice]
    least = max(statuses, key=lambda x: _SURENESS.index(x) if x else 3) if statuses else None
    return AdviceTopic(
        id=m["id"],
        pos=m.pos,
        label=_str(m, "label") or m["id"],
        facts=Facts(sources=sources, fact_status=least, review=own),
        concerns=_ids(m, "concerns"),
        advice=advice,
    )


_BUILDERS: dict[str, Any] = {
    "sources": _source,
    "places": _place,
    "organisations": _organisation,
    "services": _service,
    "roles": _role,
    "concerns": _concern,
    "risk_groups": _risk_group,
    "glossary": _term,
    "pathways": _pathway,
    "advice_topics": _advice_topic,
}
