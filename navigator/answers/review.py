"""What goes stale, and when: the list behind `navigator review` and the coordinators' page.

Four kinds of item, each with its owner and date:

- `review`: a fact whose next_review has passed or falls within REVIEW_DAYS;
- `old-source`: a volatile fact (a phone number, opening hours, a service's or pathway's
  status) whose newest source is older than VOLATILE_DAYS;
- `unverified`: a fact marked unverified;
- `span`: a span (a place, a membership, a service, a contact, a step) that starts or ends
  within SOON_DAYS (spans.SOON_DAYS).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass

from ..source.catalogue import Catalogue
from ..source.model import Contact, Entity, Facts, Place, Review, Span, as_date
from ..source.spans import SOON_DAYS, areas_of, danish_date, kommuner_in

REVIEW_DAYS = 30
"""A next_review this many days ahead or less is listed."""
VOLATILE_DAYS = 365
"""A phone number, opening hours or a status whose newest source is older than this is listed."""
NO_OWNER = "(ingen ejer)"
KINDS = {
    "review": "gennemgang",
    "old-source": "gammel kilde",
    "unverified": "ikke bekræftet",
    "span": "ændres snart",
}
"""Each kind of item and its Danish label."""
CSV_HEADER = ["ejer", "dato", "slags", "id", "hvor", "besked"]


@dataclass(frozen=True, order=True)
class Item:
    """One thing to look at: who owns it, by when, what and where it is."""

    owner: str
    date: str
    kind: str
    id: str
    where: str
    message: str
    places: tuple[str, ...] = ()


def review_items(cat: Catalogue) -> list[Item]:
    """Everything that is due, volatile and old, unverified, or about to start or end; by owner
    and date."""
    found = [*_reviews(cat), *_old_sources(cat), *_unverified(cat), *_spans(cat)]
    return sorted(set(found))


def for_place(cat: Catalogue, items: list[Item], place_id: str) -> list[Item]:
    """The items about a region or kommune: its own facts, its kommuner's, its areas'."""
    place = cat.places.get(place_id)
    if place is None:
        return []
    wanted = {place_id} | areas_of(cat, place_id)
    if place.type == "region":
        wanted |= {k.id for k in kommuner_in(cat, place_id)}
    return [i for i in items if wanted & set(i.places)]


def _owner(facts: Facts | None) -> str:
    review = facts.review if facts else None
    return review.owner if review else NO_OWNER


def _places(entity: Entity) -> tuple[str, ...]:
    """The places an entity is about: itself if a place, else its area or its place."""
    if entity.kind in ("region", "cluster", "kommune"):
        return (entity.id,)
    area = getattr(entity, "area_served", ()) or ()
    place = getattr(entity, "place", None)
    coverage = tuple(c.place for c in getattr(entity, "coverage", ()))
    return (*area, *((place,) if place else ()), *coverage)


def _reviews(cat: Catalogue) -> Iterator[Item]:
    horizon = cat.today + dt.timedelta(days=REVIEW_DAYS)
    for entity in cat.entities():
        facts = getattr(entity, "facts", None)
        review: Review | None = facts.review if facts else None
        due = as_date(review.next_review) if review else None
        if review is None or due is None or due > horizon:
            continue
        when = "var" if due < cat.today else "er"
        yield Item(
            review.owner,
            review.next_review,
            "review",
            entity.id,
            str(entity.pos),
            f"næste gennemgang {when} {danish_date(due)}",
            _places(entity),
        )


def _newest(cat: Catalogue, sources: tuple[str, ...]) -> dt.date | None:
    dates = []
    for source_id in sources:
        source = cat.sources.get(source_id)
        if source is not None:
            day = as_date(source.date) or as_date(source.accessed)
            if day is not None:
                dates.append(day)
    return max(dates) if dates else None


def _volatile(cat: Catalogue) -> Iterator[tuple[Entity, str, tuple[str, ...], str]]:
    """(entity, what, sources, where) for each phone number, hours and status we show."""
    for entity in cat.entities():
        contacts: tuple[Contact, ...] = getattr(entity, "contacts", ())
        for contact in contacts:
            if contact.type in ("phone", "sms") or contact.hours:
                what = (
                    f"telefon {contact.value}"
                    if not contact.hours
                    else f"åbningstid for {contact.value}"
                )
                sources = contact.sources or entity_sources(entity)
                yield entity, what, sources, str(contact.pos)
        life = getattr(entity, "lifecycle", None)
        if life is not None and life.status in ("active", "planned", "unknown") and life.sources:
            yield entity, f"status '{life.status}'", life.sources, str(entity.pos)


def entity_sources(entity: Entity) -> tuple[str, ...]:
    """The entity's own sources (none for a source)."""
    facts = getattr(entity, "facts", None)
    return facts.sources if facts else ()


def _old_sources(cat: Catalogue) -> Iterator[Item]:
    limit = cat.today - dt.timedelta(days=VOLATILE_DAYS)
    for entity, what, sources, where in _volatile(cat):
        newest = _newest(cat, sources)
        if newest is None or newest < limit:
            told = (
                f"nyeste kilde er fra {danish_date(newest)}" if newest else "kilden har ingen dato"
            )
            yield Item(
                _owner(getattr(entity, "facts", None)),
                newest.isoformat() if newest else "",
                "old-source",
                entity.id,
                where,
                f"{what}: {told}; tjek den igen",
                _places(entity),
            )


def _unverified(cat: Catalogue) -> Iterator[Item]:
    for entity in cat.entities():
        facts = getattr(entity, "facts", None)
        owner = _owner(facts)
        due = facts.review.next_review if facts and facts.review else ""
        if facts is not None and facts.fact_status == "unverified":
            yield Item(
                owner,
                due,
                "unverified",
                entity.id,
                str(entity.pos),
                "ikke bekræftet i en kilde",
                _places(entity),
            )
        for contact in getattr(entity, "contacts", ()):
            if contact.fact_status == "unverified":
                yield Item(
                    owner,
                    due,
                    "unverified",
                    entity.id,
                    str(contact.pos),
                    f"{contact.value} er ikke bekræftet i en kilde",
                    _places(entity),
                )


def _soon(span: Span, today: dt.date) -> Iterator[tuple[dt.date, str]]:
    horizon = today + dt.timedelta(days=SOON_DAYS)
    if span.start and today <= span.start <= horizon:
        yield span.start, f"begynder {danish_date(span.start)}"
    if span.end and today <= span.end <= horizon:
        yield span.end, f"slutter {danish_date(span.end)}"


def _spans(cat: Catalogue) -> Iterator[Item]:
    for entity in cat.entities():
        owner = _owner(getattr(entity, "facts", None))
        spans: list[tuple[Span, str, str]] = []
        if hasattr(entity, "span"):
            spans.append((entity.span, entity.id, str(entity.pos)))
        if isinstance(entity, Place):
            starts = {m.span.start for m in entity.part_of}
            for member in entity.part_of:
                span = member.span
                if span.end and span.end + dt.timedelta(days=1) in starts:
                    # a move is one change: shown where it starts
                    span = Span(valid_from=span.valid_from)
                spans.append((span, f"i {member.place}", str(member.pos)))
        for contact in getattr(entity, "contacts", ()):
            spans.append((contact.span, f"{entity.id}: {contact.value}", str(contact.pos)))
        for step in getattr(entity, "steps", ()):
            spans.append((step.span, step.key, str(step.pos)))
        for span, what, where in spans:
            for day, text in _soon(span, cat.today):
                yield Item(
                    owner,
                    day.isoformat(),
                    "span",
                    entity.id,
                    where,
                    f"{what} {text}",
                    _places(entity),
                )


def text(items: list[Item], today: dt.date) -> str:
    """The list as text: by owner, then by date."""
    if not items:
        return f"Intet at gennemgå pr. {today.isoformat()}.\n"
    lines = [f"Til gennemgang pr. {today.isoformat()}: {len(items)}"]
    owner = None
    for item in items:
        if item.owner != owner:
            owner = item.owner
            lines += ["", f"{owner}:"]
        lines.append(
            f"  {item.date or '----------':10}  {KINDS[item.kind]:15}  {item.id}: {item.message}"
            f"  ({item.where})"
        )
    return "\n".join(lines) + "\n"


def rows(items: list[Item]) -> list[list[str]]:
    """The list as table rows under CSV_HEADER (the CSV itself is web.tables.csv_text's, which
    escapes formula-like cells)."""
    return [[i.owner, i.date, i.kind, i.id, i.where, i.message] for i in items]
