"""Reference pages: glossary, sources, the front page and about."""

from __future__ import annotations

from ..build import Site
from ..model import (
    FACT_LABELS,
)
from .common import (
    Data,
    facts,
    urgent_bar,
)
from .find import find_options


def glossary(site: Site) -> Data:
    """Every term, alphabetically."""
    cat = site.catalogue
    terms = sorted(cat.glossary.values(), key=lambda t: t.term.lower())
    return {"title": "Ordliste",
            "terms": [{"id": t.id, "term": t.term, "expansion": t.expansion,
                       "definition": t.definition, **facts(cat, t.facts)} for t in terms]}


def sources(site: Site) -> Data:
    """Every source with what is known about it."""
    items = sorted(site.catalogue.sources.values(), key=lambda s: s.title.lower())
    return {"title": "Kilder",
            "sources": [{"id": s.id, "title": s.title, "publisher": s.publisher,
                         "date": s.date, "accessed": s.accessed, "url": s.url,
                         "seed": s.seed, "note": s.note} for s in items]}


def home(site: Site) -> Data:
    """The front page: what this is, urgent help, find help, and entry points."""
    cat = site.catalogue
    return {"title": "Vejviser – hjælp til børn og unge i mistrivsel",
            "urgent": urgent_bar(site)["lines"], "options": find_options(site),
            "counts": {"pathways": len(cat.pathways), "services": len(cat.services),
                       "roles": len(cat.roles)}}


def about(site: Site) -> Data:
    """About the guide and its accessibility statement."""
    cat = site.catalogue
    statuses: dict[str, int] = {}
    for entity in cat.entities():
        value = getattr(entity, "facts", None)
        if value is not None:
            key = value.fact_status or "unverified"
            statuses[key] = statuses.get(key, 0) + 1
    return {"title": "Om Vejviser",
            "fact_counts": [{"status": k, "label": FACT_LABELS[k], "count": statuses.get(k, 0)}
                            for k in ("verified", "stated", "unverified")]}
