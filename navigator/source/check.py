"""Semantic checks over the whole catalogue: references, reachability, ages, sources, reviews."""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Iterator
from urllib.parse import urlparse

import networkx as nx

from ..core.problems import Problem, error, warning
from .catalogue import DANGER_KEY, Catalogue, step_sector
from .checkspans import span_problems
from .load import LMap
from .model import AdviceTopic, Contact, Entity, Pathway, Service, Source, Step
from .readability import readability_problems

# (section, field, target section, label) for plain id and id-list fields
_REFERENCES = (
    ("organisations", "place", "places", "place"),
    ("services", "organisations", "organisations", "organisation"),
    ("services", "referred_by", "roles", "role"),
    ("services", "concerns", "concerns", "concern"),
    ("services", "risk_groups", "risk_groups", "risk group"),
    ("services", "part_of", "services", "service"),
    ("services", "area_served", "places", "place"),
    ("roles", "organisation", "organisations", "organisation"),
    ("concerns", "broader", "concerns", "concern"),
    ("concerns", "urgent_services", "services", "service"),
    ("concerns", "right_now_sources", "sources", "source"),
    ("risk_groups", "concerns", "concerns", "concern"),
    ("pathways", "services", "services", "service"),
    ("pathways", "area_served", "places", "place"),
    ("pathways", "concerns", "concerns", "concern"),
    ("pathways", "risk_groups", "risk_groups", "risk group"),
    ("advice_topics", "concerns", "concerns", "concern"),
)


def check_catalogue(cat: Catalogue, today: dt.date | None = None) -> list[Problem]:
    """Every semantic problem of the catalogue, in no particular order."""
    today = today or dt.date.today()
    checks = (
        _duplicates(cat),
        _references(cat),
        _service_refs(cat),
        _role_notes(cat),
        _advice(cat),
        _pathway_refs(cat),
        _reachability(cat),
        _ages(cat),
        _parent_lines(cat),
        _governance(cat, today),
        _file_reviews(cat, today),
        readability_problems(cat),
        _source_fields(cat),
        span_problems(cat),
        _lifecycles(cat),
        _warning_signs(cat),
    )
    return [problem for check in checks for problem in check]


def _duplicates(cat: Catalogue) -> Iterator[Problem]:
    for first, again in cat.duplicates:
        yield error(again.pos, f"duplicate id '{again.id}' (first defined at {first.pos})")
    for dup in cat.part_duplicates:
        hint = (
            "; a handover without 'id' is named overgang-1, overgang-2, … by its place in the list"
            if dup.numbered
            else ""
        )
        yield error(
            dup.again,
            f"duplicate {dup.kind} id '{dup.id}' in pathway "
            f"'{dup.pathway}' (first defined at {dup.first}){hint}",
        )


def _unknown(cat: Catalogue, section: str, ref: str, label: str) -> str | None:
    """None if ref exists in section, else the message with a suggestion."""
    table = cat.section(section)
    if ref in table:
        return None
    if ref in cat.unloaded:
        # defined (by the look of it) in a file that did not load: say so, not "did you mean"
        return f"unknown {label} '{ref}' ({cat.unloaded[ref]} did not load; fix that first)"
    hint = difflib.get_close_matches(ref, list(table), n=1, cutoff=0.6)
    suggestion = f"; did you mean '{hint[0]}'?" if hint else ""
    return f"unknown {label} '{ref}'{suggestion}"


def _ref_values(entity: object, field_name: str) -> list[tuple[int | None, str]]:
    value = getattr(entity, field_name, None)
    if isinstance(value, str):
        return [(None, value)]
    if isinstance(value, tuple):
        return list(enumerate(value))
    return []


def _references(cat: Catalogue) -> Iterator[Problem]:
    for section, field_name, target, label in _REFERENCES:
        for entity in cat.section(section).values():
            for index, ref in _ref_values(entity, field_name):
                message = _unknown(cat, target, ref, label)
                if message:
                    path = (field_name,) if index is None else (field_name, index)
                    yield error(cat.pos_of(entity.id, *path), message)
    for entity in cat.entities():
        facts = getattr(entity, "facts", None)
        if isinstance(entity, AdviceTopic):
            continue  # its sources are its advice's, checked where they are written (_advice)
        for index, ref in enumerate(facts.sources if facts else ()):
            message = _unknown(cat, "sources", ref, "source")
            if message:
                yield error(cat.pos_of(entity.id, "sources", index), message)


def _role_notes(cat: Catalogue) -> Iterator[Problem]:
    # a duty or an action told to a professional is a fact like any other: it needs a source
    for role in cat.roles.values():
        for key in ("when_worried", "duties"):
            for i, note in enumerate(getattr(role, key)):
                if not note.sources:
                    yield error(note.pos, f"{key} of role '{role.id}' has no 'sources'")
                yield from _sub_sources(cat, role.id, (key, i), note.sources)
    for i, note in enumerate(cat.danger.when_in_danger if cat.danger else ()):
        if not note.sources:
            yield error(note.pos, "when_in_danger has a note without 'sources'")
        yield from _sub_sources(cat, DANGER_KEY, ("when_in_danger", i), note.sources)


def _advice(cat: Catalogue) -> Iterator[Problem]:
    """Each piece of advice names a role that exists, says something, and has sources that
    exist and a fact_status: no advice without a source."""
    for topic in cat.advice_topics.values():
        if not topic.advice:
            yield error(topic.pos, f"advice topic '{topic.id}' has no 'advice'")
        if not topic.concerns:
            yield error(topic.pos, f"advice topic '{topic.id}' names no 'concerns'")
        for i, advice in enumerate(topic.advice):
            where = f"advice for '{advice.role}' in topic '{topic.id}'"
            if msg := _unknown(cat, "roles", advice.role, "role"):
                yield error(cat.pos_of(topic.id, "advice", i, "for"), msg)
            if not advice.points:
                yield error(advice.pos, f"{where} has no 'points'")
            if not advice.facts.sources:
                yield error(advice.pos, f"{where} has no 'sources'; no advice without a source")
            if advice.facts.fact_status is None:
                yield error(advice.pos, f"{where} has no fact_status (verified or stated)")
            yield from _sub_sources(cat, topic.id, ("advice", i), advice.facts.sources)


def _contact_refs(cat: Catalogue, owner: str, contacts: tuple[Contact, ...]) -> Iterator[Problem]:
    """Unknown places, services and sources named by the contacts of a service or a place."""
    for i, contact in enumerate(contacts):
        if contact.area and (msg := _unknown(cat, "places", contact.area, "place")):
            yield error(cat.pos_of(owner, "contacts", i, "area"), msg)
        if contact.service and (msg := _unknown(cat, "services", contact.service, "service")):
            yield error(cat.pos_of(owner, "contacts", i, "service"), msg)
        yield from _sub_sources(cat, owner, ("contacts", i), contact.sources)


def _service_refs(cat: Catalogue) -> Iterator[Problem]:
    for where in cat.places.values():
        yield from _contact_refs(cat, where.id, where.contacts)
    for service in cat.services.values():
        yield from _contact_refs(cat, service.id, service.contacts)
        for i, cover in enumerate(service.coverage):
            place = cat.places.get(cover.place)
            if place is None:
                msg = _unknown(cat, "places", cover.place, "kommune") or ""
                yield error(cat.pos_of(service.id, "coverage", i, "place"), msg)
            yield from _date(cat.pos_of(service.id, "coverage", i, "as_of"), cover.as_of)
            yield from _sub_sources(cat, service.id, ("coverage", i), cover.sources)


def _sub_sources(
    cat: Catalogue, key: str, path: tuple[str | int, ...], sources: tuple[str, ...]
) -> Iterator[Problem]:
    for index, ref in enumerate(sources):
        if msg := _unknown(cat, "sources", ref, "source"):
            yield error(cat.pos_of(key, *path, "sources", index), msg)


def _pathway_refs(cat: Catalogue) -> Iterator[Problem]:
    for pathway in cat.pathways.values():
        if pathway.start and pathway.step(pathway.start) is None:
            yield error(
                cat.pos_of(pathway.id, "start"),
                f"start step '{pathway.start}' is not a step of pathway '{pathway.id}'",
            )
        for step in pathway.steps:
            yield from _step_refs(cat, pathway, step)
            yield from _step_sector(cat, step)
        for handover in pathway.handovers:
            key = f"{pathway.id}#{handover.id}"
            for end, ref in (("from", handover.source), ("to", handover.target)):
                if msg := _step_ref_problem(cat, ref):
                    yield error(cat.pos_of(key, end), msg)
            for index, ref in enumerate(_own_sources(cat, key)):
                if msg := _unknown(cat, "sources", ref, "source"):
                    yield error(cat.pos_of(key, "sources", index), msg)


def _step_sector(cat: Catalogue, step: Step) -> Iterator[Problem]:
    # every step is drawn in a sector's lane and named with its sector in exports; a step with
    # an unknown role or service is reported as such, not twice
    known = all(r in cat.roles for r in step.performed_by) and (
        not step.service or step.service in cat.services
    )
    if known and step_sector(cat, step) is None:
        yield error(
            step.pos,
            f"step '{step.id}' has no sector; give it a role in 'performed_by' "
            "or a 'service' with a sector",
        )


def _own_sources(cat: Catalogue, key: str) -> list[str]:
    raw = cat.raw.get(key)
    value = raw.get("sources") if raw is not None else None
    return [v for v in value if isinstance(v, str)] if isinstance(value, list) else []


def _step_refs(cat: Catalogue, pathway: Pathway, step: Step) -> Iterator[Problem]:
    # the step itself, not its key parsed again: a pathway id with ':' (refused by the
    # schema) must not lead to the wrong step, or to none
    key = step.key
    for index, role in enumerate(step.performed_by):
        if msg := _unknown(cat, "roles", role, "role"):
            yield error(cat.pos_of(key, "performed_by", index), msg)
    if step.service and (msg := _unknown(cat, "services", step.service, "service")):
        yield error(cat.pos_of(key, "service"), msg)
    for index, place in enumerate(step.area_served):
        if msg := _unknown(cat, "places", place, "place"):
            yield error(cat.pos_of(key, "area_served", index), msg)
    for index, following in enumerate(step.next):
        if pathway.step(following) is None:
            yield error(
                cat.pos_of(key, "next", index),
                f"unknown step '{following}' in pathway '{pathway.id}'"
                + _step_hint(pathway, following),
            )
    for index, ref in enumerate(_own_sources(cat, key)):
        if msg := _unknown(cat, "sources", ref, "source"):
            yield error(cat.pos_of(key, "sources", index), msg)


def _step_hint(pathway: Pathway, ref: str) -> str:
    hint = difflib.get_close_matches(ref, [s.id for s in pathway.steps], n=1, cutoff=0.6)
    return f"; did you mean '{hint[0]}'?" if hint else ""


def _step_ref_problem(cat: Catalogue, ref: str) -> str | None:
    pathway_id, _, step_id = ref.partition(":")
    pathway = cat.pathways.get(pathway_id)
    if pathway is None:
        return _unknown(cat, "pathways", pathway_id, "pathway")
    if pathway.step(step_id) is None:
        return f"'{step_id}' is not a step of pathway '{pathway_id}'" + _step_hint(pathway, step_id)
    return None


def step_graph(pathway: Pathway) -> nx.DiGraph:
    """Steps of one pathway linked by 'next' and by handovers inside the pathway."""
    graph = nx.DiGraph()
    graph.add_nodes_from(s.id for s in pathway.steps)
    for step in pathway.steps:
        graph.add_edges_from((step.id, n) for n in step.next if pathway.step(n))
    for handover in pathway.handovers:
        src, dst = handover.source.partition(":"), handover.target.partition(":")
        if src[0] == dst[0] == pathway.id and pathway.step(src[2]) and pathway.step(dst[2]):
            graph.add_edge(src[2], dst[2])
    return graph


def _reachability(cat: Catalogue) -> Iterator[Problem]:
    entered = {
        h.target
        for h in cat.handovers()
        if h.source.partition(":")[0] != h.target.partition(":")[0]
    }
    for pathway in cat.pathways.values():
        if not pathway.start or pathway.step(pathway.start) is None:
            continue
        graph = step_graph(pathway)
        reached = nx.descendants(graph, pathway.start) | {pathway.start}
        for step in pathway.steps:
            # a step another pathway hands over to is an entry point of its own
            if step.id not in reached and step.key not in entered:
                yield error(
                    step.pos,
                    f"step '{step.id}' cannot be reached from the start "
                    f"step '{pathway.start}'; link it with 'next' or a handover",
                )


def _ages(cat: Catalogue) -> Iterator[Problem]:
    entities: list[Service | Pathway] = [*cat.services.values(), *cat.pathways.values()]
    for entity in entities:
        low, high = entity.minimum_age, entity.maximum_age
        if low is not None and high is not None and low > high:
            yield error(
                cat.pos_of(entity.id, "minimum_age"),
                f"minimum_age {low} is greater than maximum_age {high}",
            )


LINE_CONTACTS = ("phone", "sms", "web", "chat")
"""The contacts a line needs, so a family can use it right away: a number or a page."""


def _parent_lines(cat: Catalogue) -> Iterator[Problem]:
    """A line for parents is shown to every family, so it must hold everywhere and be
    reachable: no area_served, and at least one phone, sms or web contact."""
    for service in cat.services.values():
        if not service.parent_line:
            continue
        if service.area_served:
            msg = "parent_line is for a national line; this service has area_served"
            yield error(cat.pos_of(service.id, "parent_line"), msg)
        if not any(c.type in LINE_CONTACTS for c in service.contacts):
            msg = "parent_line needs a phone, sms or web contact to call or write to"
            yield error(cat.pos_of(service.id, "parent_line"), msg)


def _governance(cat: Catalogue, today: dt.date) -> Iterator[Problem]:
    for entity in cat.entities():
        if isinstance(entity, Source):
            continue
        yield from _entity_governance(cat, entity, today)


def _entity_governance(cat: Catalogue, entity: Entity, today: dt.date) -> Iterator[Problem]:
    facts = entity.facts  # type: ignore[union-attr]
    label = entity.kind.replace("_", " ")
    # a field present but empty or of the wrong shape is reported by the schema check
    raw: dict[str, object] = cat.raw.get(entity.id) or {}
    if isinstance(entity, AdviceTopic):
        raw = {**raw, "sources": (), "fact_status": ()}  # its advice's: checked in _advice
    if not facts.sources and "sources" not in raw:
        yield error(
            entity.pos,
            f"{label} '{entity.id}' has no sources; every fact needs 'sources: [source-id, …]'",
        )
    if facts.fact_status is None and "fact_status" not in raw:
        yield error(
            entity.pos, f"{label} '{entity.id}' has no fact_status (verified, stated or unverified)"
        )
    if facts.review is None:
        yield warning(
            entity.pos,
            f"{label} '{entity.id}' has no review block (last_reviewed, next_review, owner)",
        )
        return
    own = raw.get("review")
    if isinstance(own, LMap):
        # a review inherited from the file's top-level block is checked once, per file; one
        # that is not a mapping ('review: 5') is reported by the schema check
        yield from _review_dates(own, f"{label} '{entity.id}'", today)


def _file_reviews(cat: Catalogue, today: dt.date) -> Iterator[Problem]:
    for review in cat.file_reviews.values():
        yield from _review_dates(review, "this file's entities", today)


def _review_dates(review: LMap, what: str, today: dt.date) -> Iterator[Problem]:
    last = _parse_date(_text(review.get("last_reviewed")))
    due = _parse_date(_text(review.get("next_review")))
    if last and due and due < last:
        yield error(review.at("next_review"), f"next_review {due} is before last_reviewed {last}")
    elif due and due < today:
        yield warning(review.at("next_review"), f"review of {what} is overdue (was due {due})")
    if last and last > today:
        yield error(review.at("last_reviewed"), f"last_reviewed {last} is in the future")


def _parse_date(value: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if value else None
    except ValueError:
        return None


def _date(pos: object, value: str | None) -> Iterator[Problem]:
    if value and _SCHEMA_DATE.match(value) and _parse_date(value) is None:
        yield error(pos, f"'{value}' is not a real date")  # type: ignore[arg-type]


def _source_fields(cat: Catalogue) -> Iterator[Problem]:
    for source in cat.sources.values():
        if not source.url and not source.seed:
            yield error(source.pos, f"source '{source.id}' needs a 'url' or a 'seed' file name")
        if source.url and _bad_url(source.url):
            yield error(cat.pos_of(source.id, "url"), f"'{source.url}' is not a valid URL")
        if not source.date and not source.accessed:
            yield warning(source.pos, f"source '{source.id}' has no date; add 'date' or 'accessed'")
    for entity in cat.entities():
        for key in ("url",):
            value = getattr(entity, key, None)
            if not isinstance(entity, Source) and value and _bad_url(value):
                yield error(cat.pos_of(entity.id, key), f"'{value}' is not a valid URL")
    yield from _all_dates(cat)


# the JSON Schema's patterns: a value that fails them has been reported by schema.py already
_SCHEMA_URL = re.compile(r"^https?://")
_SCHEMA_DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")


def _bad_url(url: str) -> bool:
    """True for a URL the schema lets through but that cannot work ('https://example org')."""
    if not _SCHEMA_URL.match(url):
        return False  # schema.py says it must start with http:// or https://
    parsed = urlparse(url)
    return "." not in parsed.netloc or " " in url


def _all_dates(cat: Catalogue) -> Iterator[Problem]:
    """Dates that match YYYY-MM-DD but do not exist (2024-02-30)."""
    for key, raw in cat.raw.items():
        for field_name in ("date", "accessed"):
            yield from _date(cat.pos_of(key, field_name), _text(raw.get(field_name)))
        review = raw.get("review")
        if isinstance(review, LMap):
            for field_name in ("last_reviewed", "next_review"):
                yield from _date(
                    cat.pos_of(key, "review", field_name), _text(review.get(field_name))
                )
    for review in cat.file_reviews.values():  # a file's default review block
        for field_name in ("last_reviewed", "next_review"):
            yield from _date(review.at(field_name), _text(review.get(field_name)))


def _text(value: object) -> str | None:
    return value if isinstance(value, str) else None


def _lifecycles(cat: Catalogue) -> Iterator[Problem]:
    """Every service and pathway says whether it runs today, as of when, and who says so."""
    entities: list[Service | Pathway] = [*cat.services.values(), *cat.pathways.values()]
    for entity in entities:
        life = entity.lifecycle
        if life.status is None:
            yield warning(
                entity.pos,
                f"{entity.kind} '{entity.id}' has no status; add "
                "'status' (active, ended, planned or unknown), 'status_as_of' and "
                "'status_sources'",
            )
            continue
        if not life.as_of or not life.sources:
            yield warning(
                cat.pos_of(entity.id, "status"),
                f"status of '{entity.id}' needs 'status_as_of' and 'status_sources'",
            )
        yield from _date(cat.pos_of(entity.id, "status_as_of"), life.as_of)
        for index, ref in enumerate(life.sources):
            if msg := _unknown(cat, "sources", ref, "source"):
                yield error(cat.pos_of(entity.id, "status_sources", index), msg)


def _warning_signs(cat: Catalogue) -> Iterator[Problem]:
    """A warning sign tells parents what to do now, and says where the advice comes from."""
    for concern in cat.concerns.values():
        if concern.urgent and not concern.right_now:
            yield warning(
                concern.pos,
                f"urgent concern '{concern.id}' has no 'right_now' "
                "(what parents can do now, shown on the 'Få hjælp nu' card)",
            )
        if concern.right_now and not concern.right_now_sources:
            yield warning(
                cat.pos_of(concern.id, "right_now"),
                f"'right_now' of '{concern.id}' needs 'right_now_sources'",
            )
