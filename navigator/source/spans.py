"""Which place lies in which on a day: the one rule every reader asks (issue 17).

A kommune lies in a region, a cluster or a sundhedsråd for a span of days (`part_of`, or a
cluster's `members`). `region_of(cat, place, day)` is the one answer to "which region is this
place in on this day"; pages, find, /akut/, the urgent bar, diagrams, CSV and the static
site all read it (through `query`). The day defaults to the catalogue's (`cat.today`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from .catalogue import Catalogue
from .model import Membership, Phase, Place, Span, as_date

SOON_DAYS = 60
"""A span that starts or ends within this many days is announced ('Fra 1. januar 2027 …')."""

MONTHS = (
    "januar",
    "februar",
    "marts",
    "april",
    "maj",
    "juni",
    "juli",
    "august",
    "september",
    "oktober",
    "november",
    "december",
)


def danish_date(day: dt.date | str | None) -> str:
    """A date the way parents write it: '1. januar 2027'; '' for no date."""
    if isinstance(day, str):
        parsed = as_date(day)
        if parsed is None:
            return day
        day = parsed
    return f"{day.day}. {MONTHS[day.month - 1]} {day.year}" if day else ""


def phase(span: Span, day: dt.date) -> Phase:
    """Whether a fact with this span holds on day, is coming or has ended."""
    return span.phase(day)


def parents(cat: Catalogue, place: Place, day: dt.date) -> Iterator[Membership]:
    """The places this one lies in on day: its own part_of, then clusters listing it."""
    for member in place.part_of:
        if member.span.holds(day):
            yield member
    for other in cat.places.values():
        if not other.span.holds(day):
            continue
        for member in other.members:
            if member.place == place.id and member.span.holds(day):
                yield Membership(place=other.id, pos=member.pos, span=member.span)


def ancestors(cat: Catalogue, place_id: str | None, day: dt.date | None = None) -> set[str]:
    """The place, and every place it lies in on day (clusters, sundhedsråd, region)."""
    day = day or cat.today
    place = cat.places.get(place_id or "")
    if place is None:
        return set()
    out = {place.id}
    todo = [place]
    while todo:
        for member in parents(cat, todo.pop(), day):
            parent = cat.places.get(member.place)
            if parent is not None and parent.id not in out:
                out.add(parent.id)
                todo.append(parent)
    return out


def lies_in(
    cat: Catalogue, place_id: str | None, kind: str, day: dt.date | None = None
) -> list[str]:
    """The places of a kind (region, cluster) that hold on day and that the place lies in,
    through its own part_of or a cluster that lists it, sorted. One region for a sound
    catalogue: checkspans reports more."""
    day = day or cat.today
    return sorted(
        p
        for p in ancestors(cat, place_id, day)
        if p != place_id and cat.places[p].type == kind and cat.places[p].span.holds(day)
    )


def region_of(cat: Catalogue, place_id: str | None, day: dt.date | None = None) -> str | None:
    """The region a kommune (or cluster) lies in on day; a region gives itself back.

    None for an unknown id, a place in no region that day, or a region not yet started; a
    region that has ended still gives itself (its own pages say it has ended).
    """
    place = cat.places.get(place_id or "")
    if place is None:
        return None
    if place.type == "region":
        return None if place.span.phase(day or cat.today) == "coming" else place.id
    found = lies_in(cat, place.id, "region", day)
    return found[0] if found else None


def placing(cat: Catalogue, place_id: str | None, region: str, day: dt.date) -> list[Membership]:
    """The memberships that put the place in the region on day (the place's own part_of, or
    its cluster's): where the sources of a move are."""
    return [
        member
        for here in sorted(ancestors(cat, place_id, day))
        for member in parents(cat, cat.places[here], day)
        if member.place == region
    ]


def areas_of(cat: Catalogue, place_id: str | None) -> frozenset[str]:
    """Every area a record may name for the place on the catalogue's day: its ancestors, and
    each place that has ended and held it on its last day.

    An area that has ended (a region merged away, a sundhedsklynge) still names the land it
    covered on its last day: a line or a coverage record for 'region-hovedstaden' that nobody
    has ended keeps reaching the same kommuner, shown 'indtil andet er meldt ud', rather
    than vanishing or being guessed anew.

    Kept per catalogue, day and place: a static page set asks it about a hundred thousand
    times, and each walk scans every place (the national freeze spent 1,600 s of CPU here).
    The places are never changed after loading; the key still holds their number."""
    memo: dict[tuple[dt.date, int, str | None], frozenset[str]]
    memo = cat.__dict__.setdefault("_areas_memo", {})
    key = (cat.today, len(cat.places), place_id)
    if key not in memo:
        memo[key] = frozenset(_areas(cat, place_id))
    return memo[key]


def _areas(cat: Catalogue, place_id: str | None) -> set[str]:
    found = ancestors(cat, place_id)
    ended: dict[dt.date, list[str]] = {}
    for other in cat.places.values():
        last = other.span.end
        if last is not None and last < cat.today:
            ended.setdefault(last, []).append(other.id)
    # one walk up per last day, not per ended place: a merger ends many places on one day
    for last, ids in ended.items():
        held = ancestors(cat, place_id, last)
        found.update(i for i in ids if i in held)
    return found


def in_area(cat: Catalogue, area: tuple[str, ...], place_id: str | None) -> bool:
    """Whether the place lies in one of the areas on the catalogue's day (areas_of)."""
    return bool(areas_of(cat, place_id) & set(area))


def regions(cat: Catalogue, day: dt.date | None = None) -> list[Place]:
    """The regions that hold on day, by name."""
    day = day or cat.today
    return sorted(
        (p for p in cat.places.values() if p.type == "region" and p.span.holds(day)),
        key=lambda p: p.name,
    )


def regions_by_phase(cat: Catalogue, phase_wanted: Phase) -> list[Place]:
    """The regions that are current, coming or ended on the catalogue's day, by name."""
    return sorted(
        (
            p
            for p in cat.places.values()
            if p.type == "region" and p.span.phase(cat.today) == phase_wanted
        ),
        key=lambda p: p.name,
    )


def kommuner_in(cat: Catalogue, region: str, day: dt.date | None = None) -> list[Place]:
    """The kommuner that lie in the region on day, by name."""
    day = day or cat.today
    return [k for k in cat.kommuner() if region_of(cat, k.id, day) == region]


def region_changes(cat: Catalogue, place_id: str) -> list[tuple[dt.date, str | None, str | None]]:
    """Every day the place's region changes: (first day, region before, region from then)."""
    out = []
    for day in sorted(set(_span_edges(cat))):
        before = region_of(cat, place_id, day - dt.timedelta(days=1))
        after = region_of(cat, place_id, day)
        if before != after:
            out.append((day, before, after))
    return out


def _span_edges(cat: Catalogue) -> Iterator[dt.date]:
    """Days on which a place or membership starts, or the day after one ends."""
    for place in cat.places.values():
        spans = [place.span] + [m.span for m in place.part_of] + [m.span for m in place.members]
        for span in spans:
            if span.start:
                yield span.start
            if span.end:
                yield span.end + dt.timedelta(days=1)


def next_region_change(
    cat: Catalogue, place_id: str | None
) -> tuple[dt.date, str | None, str | None] | None:
    """The place's next change of region after the catalogue's day, if one is known."""
    changes = [c for c in region_changes(cat, place_id or "") if c[0] > cat.today]
    return changes[0] if changes else None


def successor(cat: Catalogue, region: str) -> str | None:
    """For a region that has ended: the region its kommuner lie in on the catalogue's day."""
    place = cat.places.get(region)
    if place is None or place.span.end is None or place.span.end >= cat.today:
        return None
    found = {
        region_of(cat, k.id)
        for k in cat.kommuner()
        if region_of(cat, k.id, place.span.end) == region
    }
    found.discard(None)
    return sorted(r for r in found if r)[0] if found else None
