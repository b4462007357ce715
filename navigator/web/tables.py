"""Data for reuse: CSV tables, Open Referral HSDS-shaped services, and one entity's triples."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable
from typing import Any

from rdflib import Graph

from ..answers.query import offers_in, region_of, step_by_key, step_sector
from ..build import Site, jsonld, turtle
from ..core import codes
from ..core.text import csv_cell as csv_cell  # one escape for every CSV, SPARQL's too
from ..graph.compile import new_graph
from ..graph.vocab import ID, iri
from ..source.catalogue import Catalogue
from ..source.model import Contact, Handover, Service, Span, Step
from .presenters import handover as handover_data
from .presenters.common import place_label

HSDS_PHONE_TYPES = {"phone": "voice", "sms": "text"}
HSDS_STATUS = {"active": "active", "ended": "defunct", "planned": "inactive"}
"""Our status as HSDS 3.0 says it. HSDS has no 'unknown'; we write 'unknown' rather than claim
a service runs when no source says so."""


def fact_label(status: str | None) -> str:
    """A fact status in Danish; a fact without one counts as not confirmed."""
    return codes.FACT_STATUSES[status or "unverified"]


def source_titles(cat: Catalogue, ids: Iterable[str]) -> str:
    """Sources as people read them: 'title (publisher, date): url', joined by '; '.

    A spreadsheet reader cannot look up our ids ('src-stime8'), so the CSV names each source
    the way the diagrams' captions do, with its address where it has one.
    """
    texts = []
    for source_id in ids:
        source = cat.sources.get(source_id)
        if source is None:
            texts.append(source_id)
            continue
        when = source.date or (f"hentet {source.accessed}" if source.accessed else None)
        extra = ", ".join(x for x in (source.publisher, when) if x)
        text = f"{source.title} ({extra})" if extra else source.title
        texts.append(f"{text}: {source.url}" if source.url else text)
    return "; ".join(texts)


def csv_text(header: list[str], rows: Iterable[list[Any]]) -> str:
    """RFC 4180 CSV with a header row; a byte order mark so spreadsheets read æ, ø and å."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows([csv_cell(v) for v in row] for row in rows)
    return "\ufeff" + out.getvalue()


def table_csv(header: list[str], rows: Iterable[list[Any]], excel: bool = False) -> str:
    """A table as CSV with formula-like cells escaped; excel=True gives ';' for Danish Excel."""
    if not excel:
        return csv_text(header, rows)
    # Danish Excel splits a double-clicked file on ';' (the list separator where ',' is the
    # decimal comma), and reads it as UTF-8 only with the byte order mark
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows([csv_cell(v) for v in row] for row in rows)
    return "\ufeff" + out.getvalue()


# ---- who does what ---------------------------------------------------------------------------

WHO_HEADER = [
    "rolle_id",
    "rolle",
    "sektor",
    "forloeb_id",
    "forloeb",
    "trin_nr",
    "trin_id",
    "trin",
    "tilbud",
    "modtager_fra",
    "giver_videre_til",
    "faktastatus",
]


def _ends(cat: Catalogue, step: Step, incoming: bool) -> str:
    """The other ends of a step's handovers, as 'roles: step (method)'."""
    texts = []
    outgoing, into = cat.handovers_at(step.key)
    for handover in into if incoming else outgoing:
        other = step_by_key(cat, handover.source if incoming else handover.target)
        if other is None:
            continue
        roles = ", ".join(cat.roles[r].name for r in other.performed_by if r in cat.roles)
        method = codes.METHODS.get(handover.method, handover.method)
        texts.append(f"{roles or '?'}: {other.name} ({method})")
    return "; ".join(texts)


def who_does_what_rows(site: Site) -> list[list[Any]]:
    """One row per role and step it performs, with the handovers in and out of that step."""
    cat = site.catalogue
    rows = []
    for role in sorted(cat.roles.values(), key=lambda r: (r.name, r.id)):
        for pathway in sorted(cat.pathways.values(), key=lambda p: (p.name, p.id)):
            for step in pathway.steps:
                if role.id not in step.performed_by:
                    continue
                service = cat.services.get(step.service) if step.service else None
                rows.append(
                    [
                        role.id,
                        role.name,
                        codes.SECTORS.get(role.sector, role.sector),
                        pathway.id,
                        pathway.name,
                        step.order,
                        step.id,
                        step.name,
                        service.name if service else "",
                        _ends(cat, step, True),
                        _ends(cat, step, False),
                        fact_label(step.facts.fact_status),
                    ]
                )
    return rows


def who_does_what_csv(site: Site) -> str:
    """The who-does-what matrix in long form (pivot it on rolle × forloeb)."""
    return csv_text(WHO_HEADER, who_does_what_rows(site))


def who_does_what_excel_csv(site: Site) -> str:
    """Who does what, semicolon-separated for Danish Excel."""
    return table_csv(WHO_HEADER, who_does_what_rows(site), excel=True)


# ---- one pathway ------------------------------------------------------------------------------

PATHWAY_HEADER = [
    "type",
    "nr",
    "id",
    "navn",
    "hvem",
    "tilbud",
    "sektor",
    "fra",
    "til",
    "metode",
    "samtykke",
    "tidsramme",
    "faktastatus",
    "kilder",
]


def _step_row(cat: Catalogue, step: Step) -> list[Any]:
    service = cat.services.get(step.service) if step.service else None
    sector = step_sector(cat, step)
    return [
        "trin",
        step.order,
        step.id,
        step.name,
        ", ".join(cat.roles[r].name for r in step.performed_by if r in cat.roles),
        service.name if service else "",
        codes.SECTORS.get(sector, sector) if sector else "",
        "",
        "",
        "",
        "",
        step.duration or step.deadline or "",
        fact_label(step.facts.fact_status),
        source_titles(cat, step.facts.sources),
    ]


def _end(end: dict[str, Any]) -> str:
    """One end of a handover: the step, who does it, and its pathway when another."""
    roles = ", ".join(r["name"] for r in end["roles"])
    where = f" ({end['pathway']['name']})" if end.get("pathway") else ""
    return f"{end['name']}{where}" + (f" – {roles}" if roles else "")


def _handover_row(cat: Catalogue, value: Handover, number: int) -> list[Any]:
    data = handover_data(cat, value)
    sectors = [
        data[k]["sector"]["label"] if data[k]["sector"] else "ikke angivet" for k in ("from", "to")
    ]
    return [
        "overgang",
        number,
        value.id,
        f"{data['from']['name']} → {data['to']['name']}",
        "",
        "",
        " → ".join(sectors),
        _end(data["from"]),
        _end(data["to"]),
        data["method_label"],
        data["consent_label"],
        value.timeframe or "",
        fact_label(value.facts.fact_status),
        source_titles(cat, value.facts.sources),
    ]


def pathway_rows(site: Site, pathway_id: str) -> list[list[Any]] | None:
    """A pathway's steps in order, then every handover into or out of it; None if unknown."""
    cat = site.catalogue
    pathway = cat.pathways.get(pathway_id)
    if pathway is None:
        return None
    keys = {s.key for s in pathway.steps}
    handovers = [h for h in cat.handovers() if h.source in keys or h.target in keys]
    return [_step_row(cat, s) for s in pathway.steps] + [
        _handover_row(cat, h, i) for i, h in enumerate(handovers, start=1)
    ]


# ---- services by kommune ---------------------------------------------------------------------

KOMMUNE_HEADER = [
    "kommune_id",
    "kommune",
    "tilbud_id",
    "tilbud",
    "status",
    "pr_dato",
    "faktastatus",
    "kilder",
    "note",
    "gruppe",
    "startsted",
    "region",
    "gaelder_dag",
]
"""Status, fact status and group in Danish, sources by title and address. The last two: the
kommune's region on the day the table holds (query.region_of), and that day: from 1 January
2027 Roskilde's region is Region Østdanmark."""


def services_by_kommune_rows(site: Site) -> list[list[Any]]:
    """One row per kommune and service it can use: the same offers and status as its page."""
    return [
        row for kommune in site.catalogue.kommuner() for row in kommune_rows(site, kommune.id) or []
    ]


def kommune_rows(site: Site, kommune_id: str) -> list[list[Any]] | None:
    """One kommune's offers with status, as on its page (query.offers_in); None if unknown."""
    kommune = site.catalogue.places.get(kommune_id)
    if kommune is None or kommune.type != "kommune":
        return None
    rows = []
    cat = site.catalogue
    region = cat.places.get(region_of(cat, kommune.id) or "")
    for offer in offers_in(site, kommune.id):
        service, record = offer.service, offer.record
        rows.append(
            [
                kommune.id,
                kommune.name,
                service.id,
                service.name,
                offer.label,
                record.as_of if record else "",
                fact_label((record.fact_status if record else None) or service.facts.fact_status),
                source_titles(cat, (record.sources if record else ()) or service.facts.sources),
                record.note if record else "",
                codes.OFFER_GROUPS.get(offer.audience, offer.audience),
                "ja" if offer.starting_point else "nej",
                region.name if region else "",
                site.today.isoformat(),
            ]
        )
    return rows


def services_by_kommune_csv(site: Site) -> str:
    """Services by kommune as CSV; status as /find gives it (query.availability)."""
    return csv_text(KOMMUNE_HEADER, services_by_kommune_rows(site))


def services_by_kommune_excel_csv(site: Site) -> str:
    """Services by kommune, semicolon-separated for Danish Excel."""
    return table_csv(KOMMUNE_HEADER, services_by_kommune_rows(site), excel=True)


ENTITY_TABLES = {
    "forloeb": (PATHWAY_HEADER, pathway_rows),
    "kommuner": (KOMMUNE_HEADER, kommune_rows),
}


def entity_csv(site: Site, segment: str, entity_id: str, excel: bool) -> str | None:
    """One pathway ('forloeb') or kommune ('kommuner') as CSV; None if the id is unknown."""
    header, make = ENTITY_TABLES[segment]
    rows = make(site, entity_id)
    return None if rows is None else table_csv(header, rows, excel)


# ---- Open Referral HSDS 3.0 ------------------------------------------------------------------


def _phones(service: Service) -> list[dict[str, Any]]:
    return [
        {
            "id": f"{service.id}--kontakt-{i}",
            "service_id": service.id,
            "number": c.value,
            "type": HSDS_PHONE_TYPES[c.type],
            "description": c.label,
            **_span_fields(c.span),
        }
        for i, c in enumerate(service.contacts, start=1)
        if c.type in HSDS_PHONE_TYPES
    ]


def _span_fields(span: Span) -> dict[str, Any]:
    """A span in HSDS's words (a schedule's valid_from/valid_to), and until further notice."""
    return {
        "valid_from": span.valid_from,
        "valid_to": span.valid_until,
        "until_further_notice": True if span.until_notice else None,
    }


def _email(contacts: tuple[Contact, ...]) -> str | None:
    return next((c.value for c in contacts if c.type == "email"), None)


def _service_areas(cat: Catalogue, service: Service) -> list[dict[str, Any]]:
    """Places served: the whole area, plus kommuner with an 'offered' record (never planned)."""
    places = list(service.area_served)
    places += [c.place for c in service.coverage if c.status == "offered" and c.place not in places]
    areas = []
    for place_id in places:
        place = cat.places.get(place_id)
        record = next((c for c in service.coverage if c.place == place_id), None)
        note = f"Tilbydes pr. {record.as_of}" if record is not None else None
        areas.append(
            {
                "id": f"{service.id}--omraade-{place_id}",
                "service_id": service.id,
                "name": place_label(cat, place_id) if place else place_id,
                "description": note,
                "extent_type": "text",
                "uri": str(iri(place_id)),
                **(_span_fields(place.span) if place else {}),
            }
        )
    return areas


def _organization(cat: Catalogue, service: Service) -> dict[str, Any] | None:
    org = cat.organisations.get(service.organisations[0]) if service.organisations else None
    if org is None:
        return None
    return {
        "id": org.id,
        "name": org.name,
        "alternate_name": org.short_name,
        "description": org.description or org.name,
        "website": org.url,
        "uri": str(iri(org.id)),
    }


def hsds_service(cat: Catalogue, service: Service) -> dict[str, Any]:
    """One service with HSDS 3.0 field names; ids are our stable slugs."""
    organization = _organization(cat, service)
    data = {
        "id": service.id,
        "organization_id": organization["id"] if organization else None,
        "name": service.name,
        "alternate_name": service.short_name,
        "description": service.description or service.summary,
        "url": service.url,
        "email": _email(service.contacts),
        "status": HSDS_STATUS.get(service.status or "", "unknown"),
        "application_process": service.application_process,
        "eligibility_description": service.eligibility_description,
        "minimum_age": service.minimum_age,
        "maximum_age": service.maximum_age,
        "fees_description": service.fees_description,
        "assured_date": service.facts.review.last_reviewed if service.facts.review else None,
        "phones": _phones(service),
        # when the service holds (schedule-style valid_from/valid_to), so a reader of the
        # export can tell help that has not started or has ended from help today
        "schedules": [
            {
                "id": f"{service.id}--gyldighed",
                "service_id": service.id,
                **_span_fields(service.span),
            }
        ]
        if service.span.bounded or service.span.until_notice
        else [],
        "service_areas": _service_areas(cat, service),
        "organization": organization,
        "contacts": [],
        "attributes": [],
        "metadata": [],
    }
    service_data: dict[str, Any] = compact(data)
    return service_data


def compact(value: Any) -> Any:
    """The value with None-valued keys dropped, at every depth."""
    if isinstance(value, dict):
        return {k: compact(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [compact(v) for v in value]
    return value


def hsds(site: Site) -> dict[str, Any]:
    """All active services as one HSDS 3.0 page (the shape of GET /services)."""
    cat = site.catalogue
    services = sorted(cat.services.values(), key=lambda s: s.id)
    contents = [hsds_service(cat, s) for s in services]
    return {
        "total_items": len(contents),
        "total_pages": 1,
        "page_number": 1,
        "size": len(contents),
        "first_page": True,
        "last_page": True,
        "empty": not contents,
        "contents": contents,
    }


def hsds_json(site: Site) -> str:
    """The HSDS page as JSON text with a stable key order."""
    return json.dumps(hsds(site), ensure_ascii=False, indent=1, sort_keys=True) + "\n"


# ---- one entity's triples --------------------------------------------------------------------


def entity_graph(site: Site, entity_id: str) -> Graph | None:
    """The triples about an entity and its parts (steps, handovers, contacts); None if unknown."""
    subject = iri(entity_id)
    if not str(subject).startswith(ID):
        return None
    graph = new_graph()
    for s, p, o in site.graph:
        if s == subject or str(s).startswith(f"{subject}--"):
            graph.add((s, p, o))
    return graph if len(graph) else None


def entity_rdf(site: Site, entity_id: str, fmt: str) -> str | None:
    """An entity's triples as 'turtle' or 'json-ld' text; None if the id is unknown."""
    graph = entity_graph(site, entity_id)
    if graph is None:
        return None
    return turtle(graph) if fmt == "turtle" else jsonld(graph)
