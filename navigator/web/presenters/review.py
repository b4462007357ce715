"""The coordinators' review page: what goes stale, for the whole guide, a region or a kommune."""

from __future__ import annotations

from ...answers.review import KINDS, for_place, review_items
from ...build import Site
from ...source.spans import danish_date, kommuner_in, regions_by_phase
from .common import Data, place_label, ref, refs


def review_page(site: Site, place_id: str | None = None) -> Data | None:
    """The same list as `navigator review`, by owner and date; None for an unknown place."""
    cat = site.catalogue
    items = review_items(cat)
    place = cat.places.get(place_id or "")
    if place_id and (place is None or place.type not in ("region", "kommune")):
        return None
    if place is not None:
        items = for_place(cat, items, place.id)
    owners: dict[str, list[Data]] = {}
    for item in items:
        owners.setdefault(item.owner, []).append(
            {
                "date": item.date,
                "kind": item.kind,
                "kind_label": KINDS[item.kind],
                "entity": ref(cat, item.id),
                "where": item.where,
                "message": item.message,
            }
        )
    name = place_label(cat, place.id) if place else "hele Vejviser"
    return {
        "title": f"Til gennemgang: {name}",
        "day": danish_date(cat.today),
        "place": ref(cat, place.id) if place else None,
        "count": len(items),
        "owners": [{"owner": o, "items": rows} for o, rows in owners.items()],
        "regions": refs(cat, [r.id for r in regions_by_phase(cat, "current")]),
        "kommuner": refs(cat, [k.id for k in kommuner_in(cat, place.id)])
        if place is not None and place.type == "region"
        else [],
    }
