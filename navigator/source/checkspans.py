"""Checks of time spans: memberships, overlaps, places not valid on a day, stale sources."""

from __future__ import annotations

import datetime as dt
import difflib
from collections.abc import Iterator

from ..core.problems import Pos, Problem, error, warning
from .catalogue import Catalogue
from .model import Membership, Place, Span, as_date
from .spans import danish_date, lies_in


def span_problems(cat: Catalogue) -> Iterator[Problem]:
    """Every problem with spans and memberships in the catalogue."""
    for place in cat.places.values():
        yield from _span_order(place.span, cat.pos_of(place.id, "valid_from"), place.id)
        yield from _memberships(cat, place, "part_of")
        yield from _memberships(cat, place, "members")
    yield from _entity_spans(cat)
    yield from _two_regions(cat)
    yield from _stale_sources(cat)


def _span_order(span: Span, pos: Pos, what: str) -> Iterator[Problem]:
    if span.start and span.end and span.start > span.end:
        yield error(pos, f"'{what}' ends ({span.valid_until}) before it starts ({span.valid_from})")


def _entity_spans(cat: Catalogue) -> Iterator[Problem]:
    for org in cat.organisations.values():
        yield from _span_order(org.span, cat.pos_of(org.id, "valid_from"), org.id)
    for service in cat.services.values():
        yield from _span_order(service.span, cat.pos_of(service.id, "valid_from"), service.id)
        for contact in service.contacts:
            yield from _span_order(contact.span, contact.pos, f"{service.id}: {contact.value}")
    for step in cat.steps():
        yield from _span_order(step.span, step.pos, step.key)


def _unknown_place(cat: Catalogue, ref: str) -> str:
    hint = difflib.get_close_matches(ref, list(cat.places), n=1, cutoff=0.6)
    return f"unknown place '{ref}'" + (f"; did you mean '{hint[0]}'?" if hint else "")


def _memberships(cat: Catalogue, place: Place, key: str) -> Iterator[Problem]:
    """References, kinds, order, overlaps and the target's own span, per membership."""
    items = place.part_of if key == "part_of" else place.members
    for index, member in enumerate(items):
        pos = cat.pos_of(place.id, key, index)  # a single id gives the key's own position
        target = cat.places.get(member.place)
        if target is None:
            if member.place not in cat.unloaded:
                yield error(pos, _unknown_place(cat, member.place))
            continue
        yield from _kind(place, target, key, pos)
        yield from _span_order(member.span, pos, f"{place.id} in {member.place}")
        yield from _outside(member, place, target, pos, "lies in" if key == "part_of" else "lists")
        for other in items[:index]:
            if other.place == member.place and other.span.overlaps(member.span):
                yield error(pos, f"'{member.place}' is listed twice for the same days")


def _kind(place: Place, target: Place, key: str, pos: Pos) -> Iterator[Problem]:
    if key == "part_of" and place.type in ("kommune", "cluster") and target.type != "region":
        yield error(pos, f"'{target.id}' is a {target.type}; part_of must name a region")
    if key == "members" and target.type != "kommune":
        yield error(pos, f"'{target.id}' is a {target.type}, not a kommune")


def _outside(
    member: Membership, holder: Place, target: Place, pos: Pos, verb: str
) -> Iterator[Problem]:
    """A membership that runs on days the place it names does not exist. A membership lasts
    no longer than the place that lists it (a cluster that ends ends its memberships)."""
    span = Span(
        valid_from=member.span.valid_from or holder.span.valid_from,
        valid_until=member.span.valid_until or holder.span.valid_until,
    )
    own, who = target.span, holder.id
    if own.start and (span.start is None or span.start < own.start):
        yield error(
            pos,
            f"'{who}' {verb} '{target.id}' before it exists (from {own.valid_from}); "
            f"give the membership valid_from: {own.valid_from} or later",
        )
    if own.end and (span.end is None or span.end > own.end):
        yield error(
            pos,
            f"'{who}' {verb} '{target.id}' after it ends ({own.valid_until}); "
            f"give the membership valid_until: {own.valid_until} or earlier, "
            "or list the next place with its valid_from",
        )


def _two_regions(cat: Catalogue) -> Iterator[Problem]:
    """A kommune in two regions on the same day (spans that overlap or contradict)."""
    days = sorted({d for d in _edges(cat)} | {dt.date(2000, 1, 1)})
    for kommune in cat.kommuner():
        for day in days:
            found = lies_in(cat, kommune.id, "region", day)
            if len(found) > 1:
                yield error(
                    cat.pos_of(kommune.id, "part_of"),
                    f"'{kommune.id}' lies in {len(found)} regions on {day.isoformat()}: "
                    + ", ".join(found),
                )
                break


def _edges(cat: Catalogue) -> Iterator[dt.date]:
    for place in cat.places.values():
        for span in (place.span, *(m.span for m in (*place.part_of, *place.members))):
            if span.start:
                yield span.start
            if span.end:
                yield span.end


def _stale_sources(cat: Catalogue) -> Iterator[Problem]:
    """A fact about a place that changes, whose only sources are older than the change's news."""
    for place in cat.places.values():
        if not place.span.bounded:
            continue
        known = _known_since(cat, place.span.sources)
        if known is None:
            continue
        change = (
            f"ends on {danish_date(place.span.end)}"
            if place.span.end
            else f"starts on {danish_date(place.span.start)}"
        )
        for pos, what, sources, span in _facts_about(cat, place.id):
            dated = [_dated(cat, s) for s in sources]
            if span.bounded or span.until_notice or not dated or None in dated:
                continue
            if all(d is not None and d < known for d in dated):
                yield warning(
                    pos,
                    f"{what} is about '{place.id}', which {change}, "
                    f"but its only sources are older than the news of it ({known.isoformat()}); "
                    "give a newer source, a valid_until, or until_further_notice: true",
                )


def _known_since(cat: Catalogue, sources: tuple[str, ...]) -> dt.date | None:
    dates = [d for d in (_dated(cat, s) for s in sources) if d is not None]
    return min(dates) if dates else None


def _dated(cat: Catalogue, source_id: str) -> dt.date | None:
    """When a source was written: its date, else when we read it."""
    source = cat.sources.get(source_id)
    if source is None:
        return None
    return as_date(source.date) or as_date(source.accessed)


def _facts_about(cat: Catalogue, place_id: str) -> Iterator[tuple[Pos, str, tuple[str, ...], Span]]:
    """(position, name, sources, span) of every service, contact and step for the place."""
    for service in cat.services.values():
        if place_id in service.area_served:
            yield service.pos, f"service '{service.id}'", service.facts.sources, service.span
        for contact in service.contacts:
            if contact.area == place_id or (
                place_id in service.area_served and contact.type == "phone"
            ):
                # a service carried on until further notice carries its contacts with it
                span = service.span if service.span.until_notice else contact.span
                yield contact.pos, f"contact {contact.value}", contact.sources, span
    for step in cat.steps():
        if place_id in step.area_served:
            yield step.pos, f"step '{step.key}'", step.facts.sources, step.span
