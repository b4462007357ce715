"""The static find's data: one small common file and one file per kommune (docs/web.md).

On the frozen site /find/?… is answered in the browser by web/static/js/find.js. Every rule is
computed here by query's and the presenters' own functions; the browser only combines the
tables, filters by age, sorts by the keys given and clones the cards. A card is the markup the
live /find/ renders with the same Jinja macro (_macros.html result_card), for that kommune, so
the card has one rule. A phone fetches the common file and the file of its kommune, never the
whole country.

Cards are rendered, so these functions need a Flask app context (the views and the freezer
call them inside a request).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from flask import get_template_attribute

from ..answers.query import (
    ASK_KOMMUNE,
    age_band,
    availability,
    candidates,
    local_only,
    narrower_concerns,
    rank_key,
    reason_codes,
    region_of,
    service_key,
)
from ..build import Site
from ..core import urls
from ..source.model import Service
from .explain import standing_alone
from .presenters import help_data, match_card, urgent_bar
from .presenters.find import (
    AGE,
    AGE_MAX,
    AGE_MIN,
    ERRORS,
    find_place,
    find_places,
    place_ref,
    plan_themes,
)
from .presenters.help_now import help_pieces, national_entries

NO_KOMMUNE = urls.NO_KOMMUNE
"""The shard for a family that chose no kommune: /find-data/ingen-kommune.json."""
CARD_MACRO = ("_macros.html", "result_card")
"""The one card, on the live /find/ and in every shard."""
URGENT_MACRO = ("_urgent_bar.html", "urgent_items")
"""The urgent bar's lines, in base.html and for the static find's and plan's region."""
HELP_MACROS = "_help_macros.html"
"""The macros of the "Få hjælp nu" card, on the live page and in every shard."""
_BETWEEN_TAGS = re.compile(r">\s+<")


def common(site: Site) -> dict[str, Any]:
    """What every question needs, whatever the kommune: /find-data.json.

    The concerns and the phrase → concerns map (query.resolve_concerns's tables), the names
    of the kommuner and regions find answers for, the age rule and the error messages, and
    "Få hjælp nu" (presenters.help_data: the warning signs stemmed in Python and
    the card's parts per warning sign; its part for the region is in each kommune's file).
    """
    cat = site.catalogue
    danger = help_data(site)
    return {
        "concerns": [
            {"id": c.id, "label": c.plain, "broader": c.broader} for c in cat.concerns.values()
        ],
        "phrases": cat.concern_phrases(),
        "narrower": narrower_concerns(cat),
        # the places find answers for (kommuner and regions), each with its name
        "places": {p.id: p.name for p in find_places(cat)},
        # the age rule and the errors' words (presenters.find.AGE, ERRORS): run, never retyped
        "age": AGE,
        "errors": ERRORS,
        "plan": plan_rule(site),
        "danger": danger,
    }


def plan_rule(site: Site) -> dict[str, Any]:
    """'Lav en plan' under a static answer, as Python computes it for the live one
    (presenters.find.find's plan_url): the plan's path, the band of every age find accepts
    (query.age_band) and the theme each concern goes under (presenters.find.plan_themes), so
    find.js looks both up and works out neither."""
    cat = site.catalogue
    bands = {str(age): age_band(age) for age in range(AGE_MIN, AGE_MAX + 1)}
    return {
        "path": urls.PLAN,
        "bands": {age: band for age, band in bands.items() if band},
        "themes": {c: plan_themes(cat, {c})[0] for c in sorted(cat.concerns)},
    }


def shard_ids(site: Site) -> list[str]:
    """Every shard a phone may fetch: one per kommune and region, and one for no kommune."""
    return [NO_KOMMUNE, *(p.id for p in find_places(site.catalogue))]


def shard(site: Site, shard_id: str) -> dict[str, Any] | None:
    """/find-data/<kommune>.json: the services a family in that kommune (or region) may be
    shown, each with its status there, its keys and its cards; None for an id find does not
    answer for (presenters.find.find_place). With no
    kommune only the services for everyone (query.availability), and under "local" what the
    answer needs to say that choosing the kommune may show more (local_profiles).

    A service is listed with its age limits, its concerns, and by whether the concern fits
    ("1") or not ("0"; a service without concerns never fits) its reason codes, its card and
    its place in find's order: query.rank_key itself, with the name replaced by its position
    in name order, so find.js sorts by Python's tuple and builds none.
    """
    cat = site.catalogue
    kommune = None if shard_id == NO_KOMMUNE else shard_id
    place = find_place(cat, kommune)
    if kommune is not None and place is None:
        return None
    starting = [s for s, _ in candidates(cat, None, set())]
    order = {s.id: i for i, s in enumerate(sorted(starting, key=lambda s: service_key(s)[2]))}
    services = []
    for service in starting:
        status = availability(cat, service, kommune)[0]
        if status != "not-offered":
            services.append(_entry(site, service, status, kommune, order[service.id]))
    region = region_of(cat, kommune)
    return {
        "kommune": kommune,
        # its name and page, as the live answer's "Se alt om …" (a region has no page)
        "place": place_ref(place),
        # "Få hjælp nu" for this region: its frames and every kind's section, as HTML
        "help_now": help_html(site, kommune),
        # the bar base.html shows when ?kommune= names the region: 112 and the region's number
        "urgent_bar": urgent_bar_html(site, kommune) if region else None,
        "services": services,
        # no kommune: what find.js needs to tell whether help for some areas only fits
        "local": local_profiles(site, kommune),
        # no kommune: the national lines to call right away, as HTML, with their age limits
        "national": national_html(site) if kommune is None else None,
    }


def local_profiles(site: Site, kommune: str | None) -> list[dict[str, Any]]:
    """The age limits and concerns of the services query.local_only leaves out, each
    different one once: enough for find.js to tell whether any fits the question (with a
    kommune, none)."""
    profiles = {
        (s.minimum_age, s.maximum_age, tuple(s.concerns)) for s in local_only(site, kommune=kommune)
    }
    return [
        {"min_age": low, "max_age": high, "concerns": list(concerns)}
        for low, high, concerns in sorted(profiles, key=repr)
    ]


def _entry(
    site: Site, service: Service, status: str, kommune: str | None, order: int
) -> dict[str, Any]:
    """One service in a kommune's shard (see shard)."""
    entry, sector, _ = service_key(service)
    fits = ("0", "1") if service.concerns else ("0",)
    codes = {f: reason_codes(service, f == "1", status) for f in fits}
    # find's order, the name as its position in name order (numbers compare alike in JS)
    keys = {f: list(rank_key((entry, sector, order), f == "1", status)) for f in fits}
    return {
        "id": service.id,
        "min_age": service.minimum_age,
        "max_age": service.maximum_age,
        "concerns": list(service.concerns),
        "status": status,
        "ask": status in ASK_KOMMUNE,
        "keys": keys,
        "reasons": {f: list(c) for f, c in codes.items()},
        "cards": {f: card_html(site, service, status, c, kommune) for f, c in codes.items()},
    }


def cards_of(shard_data: dict[str, Any]) -> Iterator[str]:
    """Every card in a kommune's file, as markup."""
    for service in shard_data["services"]:
        yield from service["cards"].values()


def urgent_bar_html(site: Site, place: str | None) -> dict[str, Any]:
    """The urgent bar for a place's region (presenters.urgent_bar): its region and its lines
    as base.html renders them (the _urgent_bar.html macro), which find.js and plan.js put
    in place of the bar's lines."""
    bar = urgent_bar(site, place)
    return {"region": bar["region"], "html": str(get_template_attribute(*URGENT_MACRO)(bar))}


def help_html(site: Site, place: str | None) -> dict[str, Any]:
    """The "Få hjælp nu" card for a kommune (or none) in pieces, rendered by the live page's macros:
    the full and the soft frame as [open, close], and each kind's section. find.js joins
    frame[0] + the sections of the kinds it heard + frame[1], the same bytes as the live card."""
    pieces = help_pieces(site.catalogue, place)

    def macro(name: str, value: Any) -> str:
        return str(get_template_attribute(HELP_MACROS, name)(value))

    return {
        "full": [macro("help_open", pieces["full"]), macro("help_close", pieces["full"])],
        "soft": [macro("help_open", pieces["soft"]), macro("help_close", pieces["soft"])],
        "kinds": {k: macro("help_kind", part) for k, part in pieces["kinds"].items()},
    }


def national_html(site: Site) -> dict[str, Any]:
    """The national lines (presenters.help_now.national_entries, for every age) rendered by the
    live page's macros: the frame as [open, close] and each line with its age limits. find.js
    joins frame[0] + the lines that fit the child's age + frame[1], the live page's bytes;
    no line fits, no section."""
    cat = site.catalogue

    def macro(name: str, *value: Any) -> str:
        return str(get_template_attribute(HELP_MACROS, name)(*value))

    lines = []
    for entry in national_entries(cat):
        service = cat.services[entry["id"]]
        html = macro("national_line", entry)
        lines.append(
            {
                "id": service.id,
                "min_age": service.minimum_age,
                "max_age": service.maximum_age,
                "html": html,
            }
        )
    return {"frame": [macro("national_open"), macro("national_close")], "lines": lines}


def card_html(
    site: Site, service: Service, status: str, codes: tuple[str, ...], kommune: str | None
) -> str:
    """A result card as the live /find/ renders it, with each glossary term explained.

    On a page a term is explained only at its first use; find.js takes the explanation off
    again where an earlier card on the page already has it, so the card is rendered as if it
    stood first.
    """
    card = match_card(site, service, status, codes, kommune=kommune)
    with standing_alone():  # the page being rendered keeps its own terms
        html = str(get_template_attribute(*CARD_MACRO)(card)).strip()
    # the template's indentation, one space wherever it was any: the same page in a browser
    return _BETWEEN_TAGS.sub("> <", html)
