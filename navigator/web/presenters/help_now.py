"""'Få hjælp nu': the card before every service when a parent's words are a warning sign."""

from __future__ import annotations

from ... import urls
from ...build import Site
from ...catalogue import Catalogue
from ...danger import (
    ENDINGS,
    LONG_STEM,
    STOPWORDS,
    TYPO_STEM,
    danger_concerns,
    danger_phrases,
)
from ...query import region_of, urgent_help
from ...spans import regions_by_phase
from ...text import FOLDS
from .common import Data, refs, source_ref, urgent_entry

EMERGENCY = "alarm-112"
"""The service whose number is the first line of the card."""


def help_now(site: Site, text: str | None, kommune: str | None = None) -> Data | None:
    """The card for what a parent typed, or None when it matches no warning sign."""
    concerns = danger_concerns(site.catalogue, text)
    return help_card(site.catalogue, concerns, kommune) if concerns else None


def help_card(cat: Catalogue, concerns: list[str], kommune: str | None) -> Data:
    """112, the region's own urgent numbers (or /akut/ when the region is not known), the lines
    the warning signs name (Livslinien for suicide), and what to do right now."""
    return {
        "concerns": refs(cat, concerns),
        **region_part(cat, kommune if region_of(cat, kommune) else None),
        **concern_part(cat, concerns),
        "akut_url": urls.akut(),
    }


def region_part(cat: Catalogue, place_id: str | None) -> Data:
    """112 and the urgent services with a number for a kommune or region; never another's."""
    emergency = cat.services.get(EMERGENCY)
    # urgent_help gives only the lines that serve the place, then the national ones
    own = [s for s in urgent_help(cat, place_id) if s.area_served and s.contacts]
    place = cat.places.get(region_of(cat, place_id) or "")
    return {
        "emergency": urgent_entry(cat, emergency) if emergency else None,
        "region": {"id": place.id, "name": place.name} if place else None,
        "regional": [urgent_entry(cat, s) for s in own],
    }


def concern_part(cat: Catalogue, concerns: list[str]) -> Data:
    """The lines and the 'what to do now' advice of the matched warning signs, each once."""
    line_ids = dict.fromkeys(
        i for c in concerns for i in cat.concerns[c].urgent_services if i in cat.services
    )
    advice: list[Data] = []
    sources: dict[str, None] = {}
    for cid in concerns:
        concern = cat.concerns[cid]
        if concern.right_now and concern.right_now not in [a["text"] for a in advice]:
            advice.append({"concern": concern.label, "text": concern.right_now})
            sources.update({s: None for s in concern.right_now_sources})
    return {
        "lines": [urgent_entry(cat, cat.services[i]) for i in line_ids],
        "right_now": advice,
        "sources": [source_ref(cat, s) for s in sources],
    }


def help_data(site: Site) -> Data:
    """Everything find.js needs to show the same card on the static site, computed here: the
    danger phrases already stemmed, the folding rules, and the card's parts per region and per
    warning sign. The browser only folds the parent's words and looks them up."""
    cat = site.catalogue
    regions = [p.id for p in regions_by_phase(cat, "current")]
    return {
        "folds": [list(f) for f in FOLDS],
        "stopwords": sorted(STOPWORDS),
        "endings": list(ENDINGS),
        "long_stem": LONG_STEM,
        "typo_stem": TYPO_STEM,
        "phrases": [{"stems": list(stems), "concern": cid} for stems, cid in danger_phrases(cat)],
        "kommune_region": {k.id: region_of(cat, k.id) for k in cat.kommuner()},
        "regions": {
            "": region_part(cat, None),
            **{r: region_part(cat, r) for r in sorted(regions)},
        },
        "concerns": {
            c.id: {"ref": refs(cat, [c.id])[0], **concern_part(cat, [c.id])}
            for c in cat.concerns.values()
            if c.urgent
        },
        "akut_url": urls.akut(),
    }
