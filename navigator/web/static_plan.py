"""'Vores plan' as fragments: the live page joins them, the static site ships them.

A plan is a fixed frame (plan.html) with slots. Each slot holds fragments, each rendered by
one macro of _plan_macros.html from one presenter of presenters.plan, and each a function of
one thing only: the age band, one theme, the kommune or the version. The live /plan/ renders
the fragments its URL names and puts them into the slots; the frozen /plan/ holds the frame
and the fragments that do not depend on the kommune as <template>s, and /plan-data/<kommune>.json
the rest. plan.js reads the URL, fetches the kommune's file and clones the named fragments into
the same slots in the same order (layout), so both give the same page. Every fragment is rendered
on its own (glossary terms explained in each), so it is the same bytes wherever it stands.

Fragments are rendered, so these functions need a Flask app context.
"""

from __future__ import annotations

from typing import Any

from flask import get_template_attribute

from ..answers.query import AGE_BANDS, region_of
from ..build import Site
from ..core import urls
from .explain import standing_alone
from .presenters import plan as present
from .presenters.common import ALL_AGES, band_label, theme_label
from .static_find import _BETWEEN_TAGS, NO_KOMMUNE, urgent_bar_html

MACROS = "_plan_macros.html"
SLOTS: dict[str, tuple[str, ...]] = {
    # slot → the fragments it holds, in order; {t} is repeated for each theme, {r} for each
    # advice topic
    "head": ("band:{b}", "theme:{t}", "kommune"),
    "intro": ("intro:{v}",),
    "start": ("start:{t}:{b}",),
    "next": ("next:{t}",),
    "advice": ("topics:{t}", "advice:{r}:{v}"),
    "urgent": ("urgent", "danger:{t}"),
}
SECTIONS: dict[str, tuple[str, ...]] = {
    # version ('' is the whole plan) → the slots it shows
    "": ("head", "intro", "start", "next", "advice", "urgent"),
    "skole": ("head", "intro", "advice", "urgent"),
    "laege": ("head", "intro", "next", "advice", "urgent"),
    "kommune": ("head", "intro", "start", "next", "advice", "urgent"),
}
"""Which parts of the plan each version shows (plan.html shows them in one fixed order)."""


def render(macro: str, data: Any) -> str:
    """One fragment, rendered as if it stood alone on the page (its own glossary terms)."""
    with standing_alone():
        html = str(get_template_attribute(MACROS, macro)(data)).strip()
    return _BETWEEN_TAGS.sub("> <", html)


def keys(slot: str, params: dict[str, Any]) -> list[str]:
    """The fragments of one slot for these parameters, in order."""
    out = []
    for pattern in SLOTS[slot]:
        each = (
            params["themes"] if "{t}" in pattern else params["topics"] if "{r}" in pattern else [""]
        )
        for item in each:
            out.append(
                pattern.format(
                    b=params["band"] or ALL_AGES, t=item, r=item, v=params["version"] or ""
                )
            )
    return out


def fragment(
    site: Site,
    key: str,
    kommune: str | None,
    cards: dict[Any, Any] | None = None,
    params: dict[str, Any] | None = None,
) -> str:
    """The markup of one fragment by key (see SLOTS); cards keeps the kommune's cards made.

    The links of a topic choice carry the page's parameters (params); on the static site
    plan.js sets them as urls.plan writes them."""
    cat = site.catalogue
    kind, _, rest = key.partition(":")
    if kind == "band":
        return render("plan_band", band_label(rest))
    if kind == "theme":
        return render("plan_theme", theme_label(cat, rest))
    if kind == "intro":
        return render("plan_intro", present.intro(rest or None))
    if kind == "kommune":
        return render("plan_kommune", present.head(site, None, [], kommune))
    if kind == "start":
        theme, _, band = rest.partition(":")
        data = present.start(site, _band(band), theme, kommune, cards)
        if cards is None:
            return render("plan_start", data)
        # the same places for several bands: render them once (a card is fixed by the
        # kommune, the theme and the service)
        same = ("html", theme, *(c["id"] for c in data["cards"]), str(data["more"]))
        if same not in cards:
            cards[same] = render("plan_start", data)
        html: str = cards[same]
        return html
    if kind == "next":
        return render("plan_next", present.next_steps(site, rest, kommune))
    if kind == "topics":
        return render("plan_topics", present.topic_choice(site, rest, params or NO_PARAMS))
    if kind == "advice":
        topic, _, version = rest.partition(":")
        return render("plan_advice", present.advice(site, topic, version or None))
    if kind == "danger":
        return render("plan_danger", present.danger(site, rest, kommune))
    return render("plan_urgent", present.urgent(site, kommune))


def _band(key: str) -> str | None:
    return key if key in AGE_BANDS else None


NO_PARAMS: dict[str, Any] = {
    "band": None,
    "themes": [],
    "topics": [],
    "kommune": None,
    "version": None,
}
"""A plan with no parameters: what the static page's own links are made for."""


def page_slots(site: Site, params: dict[str, Any]) -> dict[str, str]:
    """Each slot the version shows, with its fragments joined: what the live page puts in."""
    kommune = params["kommune"]
    return {
        slot: "".join(fragment(site, k, kommune, None, params) for k in keys(slot, params))
        for slot in SECTIONS[params["version"] or ""]
    }


def page_fragments(site: Site) -> dict[str, str]:
    """Every fragment that does not depend on the kommune, by key (the static page's
    templates): the bands, the themes, and each theme's advice for each version."""
    cat = site.catalogue
    out = {f"band:{b}": fragment(site, f"band:{b}", None) for b in (*AGE_BANDS, ALL_AGES)}
    for version in ("", *present.VERSIONS):
        out[f"intro:{version}"] = fragment(site, f"intro:{version}", None)
    for theme in present.themes(cat):
        out[f"theme:{theme}"] = fragment(site, f"theme:{theme}", None)
        out[f"topics:{theme}"] = fragment(site, f"topics:{theme}", None)
    for topic in cat.advice_topics:
        for version in ("", *present.VERSIONS):
            key = f"advice:{topic}:{version}"
            out[key] = fragment(site, key, None)
    return out


def shard_ids(site: Site) -> list[str]:
    """Every plan file a phone may fetch: one per kommune, and one for no kommune."""
    return [NO_KOMMUNE, *(k.id for k in site.catalogue.kommuner())]


def shard(site: Site, shard_id: str) -> dict[str, Any] | None:
    """/plan-data/<kommune>.json: every fragment that depends on the kommune, each different
    one once ("fragments"; a theme's places are often the same for every age band), each
    key's place in that list ("keys"), and the urgent bar for its region ("bar", its lines as
    base.html renders them, static_find.urgent_bar_html); None for an id that is no kommune."""
    cat = site.catalogue
    kommune = None if shard_id == NO_KOMMUNE else shard_id
    place = cat.places.get(kommune or "")
    if kommune is not None and (place is None or place.type != "kommune"):
        return None
    wanted = ["kommune", "urgent"]
    for theme in present.themes(cat):
        wanted += [f"next:{theme}", f"danger:{theme}"]
        wanted += [f"start:{theme}:{b}" for b in (*AGE_BANDS, ALL_AGES)]
    fragments: dict[str, int] = {}
    keys_at = {}
    cards: dict[Any, Any] = {}
    for key in wanted:
        html = fragment(site, key, kommune, cards)
        keys_at[key] = fragments.setdefault(html, len(fragments))
    # the urgent bar for the kommune's region, as base.html shows it for ?kommune= (rendered)
    bar = urgent_bar_html(site, kommune) if region_of(cat, kommune) else None
    return {"fragments": list(fragments), "keys": keys_at, "bar": bar}


def static_data(site: Site) -> dict[str, Any]:
    """What plan.js needs besides the fragments: the known bands, themes and kommuner, the
    slots and which versions show which."""
    cat = site.catalogue
    return {
        "path": urls.PLAN,
        "bands": list(AGE_BANDS),
        "all_ages": ALL_AGES,
        "themes": present.themes(cat),
        # the advice topics of each theme, and the one shown before the family chooses
        "topics_of": {t: [x.id for x in present.topics_for(cat, t)] for t in present.themes(cat)},
        "default_of": {t: present.default_topics(cat, [t]) for t in present.themes(cat)},
        "kommuner": [k.id for k in cat.kommuner()],
        "versions": list(present.VERSIONS),
        "slots": {k: list(v) for k, v in SLOTS.items()},
        "sections": {k: list(v) for k, v in SECTIONS.items()},
    }
