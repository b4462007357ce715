"""'Få hjælp nu': the card before every service when a parent's words speak of danger.

A card is a frame (112 and the region's general out-of-hours lines) around one section per
kind of danger (what to do now, the lines that fit that kind in that region, the sources).
When only a single high-risk word was heard, the softer "Hvis det er akut" frame holds the
section of `SOFT`. The live page renders the frame and sections with the macros in
_help_macros.html; the static site gets the same macros' output in pieces (help_pieces,
rendered per kommune by static_find.help_html) and only joins them, so the two never differ.
"""

from __future__ import annotations

from ...answers.danger import Danger, tables
from ...answers.danger import order as danger_order
from ...answers.query import national_lines, region_of, serves, urgent_help, warning_signs
from ...build import Site
from ...core import codes, urls
from ...source.catalogue import Catalogue
from ...source.model import Concern, Contact, Service
from .common import Data, contact, source_ref, urgent_entry

EMERGENCY = "alarm-112"
"""The service whose number is the first line of the card."""
SOFT = "akut-usikker"
"""The section of the soft card: what to do when the words only may be a danger."""
LINE_CONTACTS = ("phone", "sms", "web", "chat")
"""The contacts a national line shows: a number to call or write to, or its page."""


def help_now(site: Site, text: str | None, kommune: str | None = None) -> Data | None:
    """The card for what a parent typed, or None when it speaks of no danger."""
    signs = warning_signs(site.catalogue, text)
    return help_card(site.catalogue, signs, kommune) if signs else None


def help_card(cat: Catalogue, signs: Danger, place: str | None) -> Data:
    """The frame for the family's kommune (or region) and a section per kind of danger, or
    the soft one."""
    place = place if region_of(cat, place) else None
    kinds = list(signs.concerns) if signs.concerns else [SOFT]
    return {
        **frame(cat, place, soft=not signs.concerns),
        "kinds": [kind_part(cat, k, place) for k in kinds if k in cat.concerns],
        "heard": list(signs.concerns or signs.soft),
    }


def frame(cat: Catalogue, place: str | None, soft: bool = False) -> Data:
    """112 and the general urgent lines (1813, 1818, the lægevagt) that serve the kommune or
    region on the catalogue's day, never another region's; without a place, a way to find it."""
    emergency = cat.services.get(EMERGENCY)
    region = cat.places.get(region_of(cat, place) or "")
    general = [s for s in _regional(cat, place) if not s.concerns]
    return {
        "soft": soft,
        "emergency": urgent_entry(cat, emergency) if emergency else None,
        "region": {"id": region.id, "name": region.name} if region else None,
        "general": [urgent_entry(cat, s, place) for s in general],
        "akut_url": urls.akut(region.id if region else None),
    }


def kind_part(cat: Catalogue, concern_id: str, place: str | None) -> Data:
    """One kind of danger: what to do now, the lines that fit it (the place's urgent services
    for this concern, then the concern's own lines in the order its author listed them), the
    family's kommune's own numbers where the kind asks for them, and the sources."""
    concern = cat.concerns[concern_id]
    wanted = {concern.id, *([concern.broader] if concern.broader else [])}
    own = [cat.services[i] for i in concern.urgent_services if i in cat.services]
    # a regional line the concern lists keeps its listed place: the abuse card's author put
    # BørneTelefonen (day and night) before a sexual-assault centre open two mornings a week
    fitting = [s for s in _regional(cat, place) if wanted & set(s.concerns) and s not in own]
    lines = [s for s in dict.fromkeys([*fitting, *own]) if _reaches(cat, s, place)]
    return {
        "id": concern.id,
        "name": concern.plain,
        "right_now": concern.right_now,
        "lines": [urgent_entry(cat, s, place) for s in lines if s.contacts],
        "kommune": kommune_part(cat, concern, place),
        "sources": [source_ref(cat, s) for s in concern.right_now_sources],
    }


def kommune_part(cat: Catalogue, concern: Concern, place: str | None) -> Data | None:
    """The family's kommune's own ways in for a kind of danger (`kommune_entries`, e.g. the
    family counselling an underretning goes to, then the social duty after hours), each
    entry's phones, else its web pages, else its e-mail; where no daytime phone is among them,
    the kommune's main number and whom to ask for; where nothing is, its website and
    `missing`. None without a kommune or when the kind names none. Only this kommune's
    sourced contacts that hold today; what we lack is said, never guessed."""
    kommune = cat.places.get(place or "")
    if not concern.kommune_entries or kommune is None or kommune.type != "kommune":
        return None
    held = [c for c in kommune.contacts if c.span.holds(cat.today)]
    shown = [c for entry in concern.kommune_entries for c in _entry_way(held, entry)]
    day_phone = any(c.type == "phone" and c.entry != "socialvagt" for c in shown)
    main = [] if day_phone else [c for c in held if c.type == "phone" and c.entry in (None, "main")]
    asked = next((e for e in concern.kommune_entries if e not in ("main", "socialvagt")), None)
    website = [c for c in held if c.type == "web" and c.entry in (None, "main")][:1]
    ways = _distinct([*shown, *main] or website)
    return {
        "id": kommune.id,
        "name": kommune.name,
        "url": urls.kommune(kommune.id),
        "contacts": [
            {**contact(cat, c), "label": c.label or codes.ENTRY_POINTS.get(c.entry or "main")}
            for c in ways
        ],
        # the main number stands in for the entry: say whom to ask for there
        "ask_for": codes.ENTRY_POINTS[asked] if asked and main else None,
        "missing": not shown and not main,
    }


def _entry_way(held: list[Contact], entry: str) -> list[Contact]:
    """One entry point's contacts a card gives: its phones, else its web pages, else e-mail."""
    mine = [c for c in held if c.entry == entry]
    for types in (("phone", "sms"), ("web",), ("email",)):
        found = [c for c in mine if c.type in types]
        if found:
            return found
    return []


def _distinct(contacts: list[Contact]) -> list[Contact]:
    """The contacts without a repeat of the same number or page (one page may be both ways in)."""
    seen: set[tuple[str, str]] = set()
    out = []
    for c in contacts:
        if (c.type, c.value) not in seen:
            seen.add((c.type, c.value))
            out.append(c)
    return out


def _regional(cat: Catalogue, place: str | None) -> list[Service]:
    """The urgent services of the place's own area (none without a place)."""
    if place is None:
        return []
    return [s for s in urgent_help(cat, place) if s.area_served and s.id != EMERGENCY]


def _reaches(cat: Catalogue, service: Service, place: str | None) -> bool:
    """A national line always; a regional one only where it serves (the one area rule)."""
    return not service.area_served or serves(cat, service.area_served, place)


def help_pieces(cat: Catalogue, place: str | None) -> Data:
    """The parts of every card for one kommune (or none), as data for the macros: the full
    and the soft frame and every kind's section. static_find renders them to HTML."""
    place = place if region_of(cat, place) else None
    return {
        "full": frame(cat, place),
        "soft": frame(cat, place, soft=True),
        "kinds": {k: kind_part(cat, k, place) for k in danger_order(cat)},
    }


def help_data(site: Site) -> Data:
    """What the static site needs to hear danger as Python does: the compiled rule (tables
    danger.js runs), the order of the kinds, and which concerns are urgent (a theme that
    names one brings its card)."""
    cat = site.catalogue
    return {
        "rule": tables(cat),
        "order": danger_order(cat),
        "soft": SOFT,
    }


def national_entries(cat: Catalogue, age: int | None = None) -> list[Data]:
    """The national lines a family can use right away (query.national_lines), each with what
    it is for and only the contacts to call, write to or open; for the answer with no kommune
    (the national_line macros in _help_macros.html)."""
    entries = []
    for service in national_lines(cat, age):
        entry = urgent_entry(cat, service)
        contacts = [c for c in entry["contacts"] if c["type"] in LINE_CONTACTS and c["href"]]
        if contacts:
            entries.append({**entry, "contacts": contacts, "parent_line": service.parent_line})
    return entries
