"""Pathway pages: steps, handovers between sectors, and schema.org JSON-LD."""

from __future__ import annotations

from ...answers.query import (
    step_by_key,
    step_sector,
)
from ...build import Site
from ...core import codes, urls
from ...source.catalogue import Catalogue
from ...source.model import (
    Handover,
    Pathway,
    Step,
)
from .common import (
    Data,
    area_refs,
    fact_status,
    facts,
    lifecycle,
    past_names,
    ref,
    refs,
    sector,
    source_ref,
    span_notice,
)


def step_ref(cat: Catalogue, key: str) -> Data:
    """A step by 'pathway:step' key, with its pathway, actors and sector."""
    step = step_by_key(cat, key)
    pathway_id = key.partition(":")[0]
    if step is None:
        return {
            "key": key,
            "name": key,
            "url": None,
            "pathway": ref(cat, pathway_id),
            "roles": [],
            "service": None,
            "sector": None,
        }
    return {
        "key": key,
        "id": step.id,
        "name": step.name,
        "url": urls.pathway(step.pathway, step.id),
        "pathway": ref(cat, step.pathway),
        "roles": refs(cat, step.performed_by),
        "service": ref(cat, step.service),
        "sector": sector(step_sector(cat, step)),
    }


def names_method(method_label: str, step_name: str) -> bool:
    """Whether a step's name already says the handover's method (its first six letters)."""
    return bool(method_label) and method_label[:6].lower() in step_name.lower()


def handover(cat: Catalogue, value: Handover) -> Data:
    """A handover between two steps, often across sectors."""
    source, target = step_ref(cat, value.source), step_ref(cat, value.target)
    crosses = bool(
        source["sector"] and target["sector"] and source["sector"]["id"] != target["sector"]["id"]
    )
    method_label = codes.METHODS.get(value.method, value.method)
    return {
        "id": value.id,
        "pathway": value.pathway,
        "from": source,
        "to": target,
        "method": value.method,
        "method_label": method_label,
        # 'Henvisning til Henvisning til BUP': the step's name already says how
        "to_says_method": names_method(method_label, str(target.get("name") or "")),
        "consent": value.consent,
        "consent_label": codes.CONSENT.get(value.consent, value.consent),
        "consent_note": value.consent_note,
        "timeframe": value.timeframe,
        "criteria": value.criteria,
        "description": value.description,
        "crosses_sectors": crosses,
        "fact": fact_status(value.facts.fact_status),
        "sources": [source_ref(cat, s) for s in value.facts.sources],
    }


def step(cat: Catalogue, pathway: Pathway, value: Step) -> Data:
    """One step with who does what, what follows, and the handovers in and out."""
    outgoing, incoming = cat.handovers_at(value.key)
    return {
        "id": value.id,
        "anchor": urls.step_anchor(value.id),
        "url": urls.pathway(pathway.id, value.id),
        "order": value.order,
        "name": value.name,
        "summary": value.summary,
        "description": value.description,
        "duration": value.duration,
        "deadline": value.deadline,
        "roles": refs(cat, value.performed_by),
        "service": ref(cat, value.service),
        "sector": sector(step_sector(cat, value)),
        "areas": area_refs(cat, value.area_served),  # [] = the step holds in every region
        "notice": span_notice(cat, value.span),
        "next": [
            {
                "id": n,
                "name": s.name if (s := pathway.step(n)) else n,
                "anchor": urls.step_anchor(n),
            }
            for n in value.next
        ],
        "handovers_out": [handover(cat, h) for h in outgoing],
        "handovers_in": [handover(cat, h) for h in incoming],
        "fact": fact_status(value.facts.fact_status),
        "sources": [source_ref(cat, s) for s in value.facts.sources],
    }


def pathway_summary(cat: Catalogue, value: Pathway) -> Data:
    """A pathway in a list."""
    return {
        "id": value.id,
        "name": value.name,
        "summary": value.summary,
        "url": urls.pathway(value.id),
        "steps": len(value.steps),
        "ages": ages(value.minimum_age, value.maximum_age),
        "status": lifecycle(cat, value.lifecycle, project=True),
    }


def pathways(site: Site) -> Data:
    """Every pathway, by name."""
    cat = site.catalogue
    items = sorted(cat.pathways.values(), key=lambda p: p.name)
    return {"title": "Forløb", "pathways": [pathway_summary(cat, p) for p in items]}


def pathway(site: Site, pathway_id: str) -> Data | None:
    """A pathway as step-by-step navigation, with handovers, diagram links and sources."""
    cat = site.catalogue
    value = cat.pathways.get(pathway_id)
    if value is None:
        return None
    sectors = {s["sector"]["id"] for s in (step(cat, value, x) for x in value.steps) if s["sector"]}
    return {
        "kind": "pathway",
        "id": value.id,
        "title": past_names(cat, value.name),
        "summary": value.summary,
        "description": value.description,
        "agreement_status": value.agreement_status,
        "status": lifecycle(cat, value.lifecycle, project=True),
        "ages": ages(value.minimum_age, value.maximum_age),
        "areas": area_refs(cat, value.area_served),
        "services": refs(cat, value.services),
        "concerns": refs(cat, value.concerns),
        "steps": [step(cat, value, s) for s in value.steps],
        "handovers": [handover(cat, h) for h in value.handovers],
        "sectors": [sector(s) for s in sorted(sectors)],
        "diagram": urls.pathway_diagram_files(value.id),
        "facts": facts(cat, value.facts),
        "jsonld": pathway_jsonld(value),
    }


def ages(low: int | None, high: int | None) -> str | None:
    """An age range in words."""
    if low is None and high is None:
        return None
    if high is None:
        return f"Fra {low} år"
    if low is None:
        return f"Til og med {high} år"
    return f"{low}–{high} år"


def pathway_jsonld(value: Pathway) -> Data:
    """schema.org description of a pathway as a HowTo with ordered steps."""
    return {
        "@context": "https://schema.org",
        "@type": "HowTo",
        "name": value.name,
        "description": value.summary or value.description or value.name,
        "inLanguage": "da",
        "step": [
            {"@type": "HowToStep", "position": s.order, "name": s.name, "text": s.summary or s.name}
            for s in value.steps
        ],
    }
