"""'Vores plan' (issue 18): one page a family owns, built only from its URL's parameters.

The parameters are an age band, theme ids (concern ids; /find/ links with the broadest of the
concerns it found) and a kommune; never what the parent wrote. Nothing here is new rule: where
to start is query.services_for with the band, each card is presenters.find.match_card, the
urgent lines are presenters.help_now.frame, what happens next is the steps of the pathways for
the themes that the family's kommune can reach (query.steps_for_region), and the advice is
the catalogue's advice_topics. The page is made of fragments, each a function of the band,
one theme, the kommune or the version, so the static site can ship them precomputed
(web/static_plan.py).
"""

from __future__ import annotations

from typing import Any

from ...answers.query import (
    AGE_BANDS,
    band_fits,
    region_of,
    resolve_concerns,
    serves,
    services_for,
    steps_for_region,
)
from ...build import Site
from ...core import urls
from ...source.catalogue import Catalogue
from ...source.model import Advice, AdviceTopic, Pathway, Role
from ...source.readability import PARENTS
from .common import (
    Data,
    band_label,
    fact_status,
    ref,
    refs,
    sector,
    source_ref,
    theme_label,
)
from .find import match_card
from .help_now import frame, kind_part

START_CARDS = 4
"""How many places to start a plan lists per theme: enough to act on, short enough to print."""
VERSIONS: dict[str, Data] = {
    "skole": {
        "label": "Til skolen",
        "roles": ("laerer",),
        "sectors": (),
        "lead": "Til skolen eller dagtilbuddet: Her er de råd, vi beder jer følge.",
    },
    "laege": {
        "label": "Til lægen",
        "roles": (),
        "sectors": ("almen-praksis",),
        "lead": "Til lægen: Her er de råd, vi beder dig følge, og det, der kan ske bagefter.",
    },
    "kommune": {
        "label": "Til kommunen",
        "roles": (),
        "sectors": ("kommune",),
        "not": ("laerer",),
        "lead": "Til kommunen: Her er de råd, vi beder jer følge, og de mål, I har for tiden.",
    },
}
"""The versions a parent hands over: which adults each is for (by role, or by sector)."""


def themes(cat: Catalogue) -> list[str]:
    """The theme ids a plan may name: every concern (/find/ links with the broadest ones)."""
    return sorted(cat.concerns)


def parse(
    cat: Catalogue,
    alder: str | None,
    tema: list[str],
    kommune: str | None,
    til: str | None,
    raad: list[str] | None = None,
) -> Data:
    """The plan's parameters, each kept only when known: band, themes and advice topics (once
    each, in the order given; topics only those linked to the themes, else each theme's only
    topic), kommune and version."""
    known = set(themes(cat))
    place = cat.places.get(kommune or "")
    chosen = [t for t in dict.fromkeys(tema) if t in known]
    linked = {x.id for t in chosen for x in topics_for(cat, t)}
    topics = [r for r in dict.fromkeys(raad or []) if r in linked]
    return {
        "band": alder if alder in AGE_BANDS else None,
        "themes": chosen,
        "topics": topics or default_topics(cat, chosen),
        "kommune": place.id if place is not None and place.type == "kommune" else None,
        "version": til if til in VERSIONS else None,
    }


def topics_for(cat: Catalogue, theme: str) -> list[AdviceTopic]:
    """The advice topics linked to a theme (its concern or one narrower), in catalogue order."""
    wanted = resolve_concerns(cat, theme)
    return [t for t in cat.advice_topics.values() if wanted & set(t.concerns)]


def default_topics(cat: Catalogue, theme_ids: list[str]) -> list[str]:
    """The advice shown before the family chooses: each theme's topic, when it has only one
    (a theme with several lets the family choose the one that fits; a plan stays short)."""
    only = [linked[0].id for t in theme_ids if len(linked := topics_for(cat, t)) == 1]
    return list(dict.fromkeys(only))


def plan_url(params: Data, **change: Any) -> str:
    """The plan's own address, nothing but its parameters, with some of them changed."""
    p = {**params, **change}
    return urls.plan(
        p["band"] or "", p["themes"], p["kommune"] or "", p["version"] or "", p["topics"]
    )


def head(site: Site, band: str | None, theme_ids: list[str], kommune: str | None) -> Data:
    """The plan's title data: the age band, the themes and the kommune with its region."""
    cat = site.catalogue
    region = cat.places.get(region_of(cat, kommune) or "")
    place = cat.places.get(kommune or "")
    return {
        "band": band_label(band),
        "themes": [theme_label(cat, t) for t in theme_ids],
        "kommune": {"id": place.id, "name": place.name} if place else None,
        "region": {"id": region.id, "name": region.name} if region else None,
    }


def start(
    site: Site,
    band: str | None,
    theme: str,
    kommune: str | None,
    known: dict[tuple[str, ...], Any] | None = None,
) -> Data:
    """Where to start for one theme, in find's order: the first few cards, and the whole
    answer in /find/ (without the age: the plan does not hold it).

    known keeps the cards already made for this kommune: the static site asks for every band
    and theme, and a card is the same for all of them."""
    known = {} if known is None else known
    if ("theme", theme) not in known:
        known["theme", theme] = services_for(site, None, theme, kommune)
    # the band is candidates' last filter and no part of the order: the same as asking
    # services_for with the band, once per theme for every band
    matches = [m for m in known["theme", theme] if band_fits(m.service, band)]
    cards = []
    for m in matches[:START_CARDS]:
        key = ("card", m.service.id, m.availability, *m.codes)
        if key not in known:
            known[key] = match_card(site, m.service, m.availability, m.codes, kommune=kommune)
        cards.append(known[key])
    return {
        "theme": theme_label(site.catalogue, theme),
        "cards": cards,
        "more": len(matches) - len(cards),
        "find_url": urls.find({"bekymring": theme, "kommune": kommune or ""}),
    }


def next_steps(site: Site, theme: str, kommune: str | None) -> Data:
    """What happens next for one theme: the steps with a deadline or a service target in the
    current pathways for the theme that reach the family's kommune, each with its sources."""
    cat = site.catalogue
    wanted = resolve_concerns(cat, theme)
    out = []
    for pathway in _pathways(cat, wanted, kommune):
        steps = [s for s in steps_for_region(cat, pathway, kommune) if s.deadline]
        if not steps:
            continue
        out.append(
            {
                **(ref(cat, pathway.id) or {}),
                "steps": [
                    {
                        "name": s.name,
                        "url": urls.pathway(pathway.id, s.id),
                        "deadline": s.deadline,
                        "roles": refs(cat, s.performed_by),
                        "sector": sector(_sector(cat, s.performed_by)),
                        "fact": fact_status(s.facts.fact_status),
                        "sources": [source_ref(cat, x) for x in s.facts.sources],
                    }
                    for s in steps
                ],
            }
        )
    return {"theme": theme_label(cat, theme), "pathways": out}


def _pathways(cat: Catalogue, concerns: set[str], kommune: str | None) -> list[Pathway]:
    """Current pathways for these concerns that serve the kommune (query.serves), by name."""
    return sorted(
        (
            p
            for p in cat.pathways.values()
            if p.lifecycle.current
            and concerns & set(p.concerns)
            and serves(cat, p.area_served, kommune)
        ),
        key=lambda p: p.name,
    )


def _sector(cat: Catalogue, roles: tuple[str, ...]) -> str | None:
    return next((cat.roles[r].sector for r in roles if r in cat.roles), None)


def topic_choice(site: Site, theme: str, params: Data) -> Data:
    """A theme's advice topics to choose from, each a link to the plan with that topic."""
    cat = site.catalogue
    linked = topics_for(cat, theme)
    return {
        "theme": theme_label(cat, theme),
        "topics": [
            {"id": t.id, "label": t.label, "url": plan_url(params, topics=[t.id])} for t in linked
        ],
    }


def advice(site: Site, topic_id: str, version: str | None = None) -> Data:
    """One advice topic for each adult, parents first; only the version's adults when one is
    chosen."""
    cat = site.catalogue
    topic = cat.advice_topics[topic_id]
    roles: dict[str, list[Data]] = {}
    for item in topic.advice:
        role = cat.roles.get(item.role)
        if role is not None and for_version(role, version):
            roles.setdefault(role.id, []).append(_advice(cat, topic, item))
    order = sorted(roles, key=lambda r: (r != PARENTS, list(roles).index(r)))
    return {
        "topic": {"id": topic.id, "label": topic.label},
        "roles": [{**(ref(cat, r) or {}), "advice": roles[r]} for r in order],
    }


def _advice(cat: Catalogue, topic: AdviceTopic, item: Advice) -> Data:
    return {
        "topic": topic.label,
        "points": list(item.points),
        "more_help": item.more_help,
        "urgent": item.urgent,
        "fact": fact_status(item.facts.fact_status),
        "sources": [source_ref(cat, s) for s in item.facts.sources],
    }


def for_version(role: Role, version: str | None) -> bool:
    """Whether a role is among the adults a version is for (every role without a version)."""
    if version is None:
        return True
    spec = VERSIONS[version]
    if role.id in spec.get("not", ()):
        return False
    return role.id in spec["roles"] or role.sector in spec["sectors"]


def intro(version: str | None) -> Data:
    """The first line of the plan: for the family, or to the adult a version is for."""
    spec = VERSIONS.get(version or "")
    return {"id": version or "", "lead": spec["lead"] if spec else None}


def urgent(site: Site, kommune: str | None) -> Data:
    """112 and the region's own urgent lines (help_now.frame), never another region's."""
    return frame(site.catalogue, kommune)


def danger(site: Site, theme: str, kommune: str | None) -> Data | None:
    """For a theme that is a warning sign: its part of "Få hjælp nu" (what to do now, the
    lines that serve the kommune's region, the sources); None for any other theme."""
    cat = site.catalogue
    if not cat.concerns[theme].urgent:
        return None
    return kind_part(cat, theme, kommune if region_of(cat, kommune) else None)


def versions(params: Data) -> list[Data]:
    """The links to the whole plan and to each version for one adult."""
    out = [{"id": "", "label": "Hele planen", "url": plan_url(params, version=None)}]
    for key, spec in VERSIONS.items():
        out.append({"id": key, "label": spec["label"], "url": plan_url(params, version=key)})
    return out


def plan(site: Site, params: Data, sections: tuple[str, ...]) -> Data:
    """The plan as data (the .json twin): each part the version shows."""
    band, theme_ids, kommune, version = (
        params["band"],
        params["themes"],
        params["kommune"],
        params["version"],
    )
    shown = set(sections)
    return {
        "title": "Vores plan",
        "params": params,
        "url": plan_url(params),
        "head": head(site, band, theme_ids, kommune),
        "intro": intro(version),
        "start": [start(site, band, t, kommune) for t in theme_ids] if "start" in shown else [],
        "next": [next_steps(site, t, kommune) for t in theme_ids] if "next" in shown else [],
        "topics": [topic_choice(site, t, params) for t in theme_ids] if "advice" in shown else [],
        "advice": [advice(site, r, version) for r in params["topics"]] if "advice" in shown else [],
        "urgent": urgent(site, kommune),
        "danger": [d for t in theme_ids if (d := danger(site, t, kommune))],
        "versions": versions(params),
    }
