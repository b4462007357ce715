"""Compile the catalogue into one rdflib Graph, remembering which file:line each IRI came from."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from typing import Any

from rdflib import RDF, XSD, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, SDO, SKOS

from ..core.problems import Pos
from ..source.catalogue import Catalogue
from ..source.model import (
    AdviceTopic,
    Concern,
    Facts,
    Lifecycle,
    Membership,
    Organisation,
    Pathway,
    Place,
    RiskGroup,
    Role,
    Service,
    Source,
    Span,
    Step,
    Term,
)
from .vocab import ID, NAV, iri

SourceMap = dict[URIRef, Pos]
CONCERN_SCHEME = "bekymringer"
_DATE, _STRING = XSD.date, XSD.string  # read on every literal: looked up once
PLACE_CLASS = {"region": NAV.Region, "cluster": NAV.Cluster, "kommune": NAV.Kommune}


@dataclass
class _Out:
    graph: Graph
    source_map: SourceMap = field(default_factory=dict)
    literals: dict[tuple[type, Any, URIRef | None, str | None], Literal] = field(
        default_factory=dict
    )

    def node(self, key: str, rdf_type: URIRef, pos: Pos) -> URIRef:
        subject = iri(key)
        self.graph.add((subject, RDF.type, rdf_type))
        self.source_map[subject] = pos
        return subject

    def lit(
        self,
        subject: URIRef,
        predicate: URIRef,
        value: Any,
        datatype: URIRef | None = None,
        lang: str | None = None,
    ) -> None:
        if value is None or value == "":
            return
        if datatype == _DATE and not _is_date(value):
            return  # the checks report it; rdflib would log a traceback for it
        if datatype == _STRING:  # codes: plain literals, so SHACL sh:in lists match them
            datatype = None
        elif datatype is None and lang is None and isinstance(value, str):
            lang = "da"
        # the same code, date or flag recurs thousands of times nationally; make each once
        key = (type(value), value, datatype, lang)
        literal = self.literals.get(key)
        if literal is None:
            literal = self.literals[key] = Literal(value, datatype=datatype, lang=lang)
        self.graph.add((subject, predicate, literal))

    def refs(self, subject: URIRef, predicate: URIRef, ids: Iterable[str | None]) -> None:
        for ref in ids:
            if ref:
                self.graph.add((subject, predicate, iri(ref)))


def _is_date(value: Any) -> bool:
    try:
        dt.date.fromisoformat(str(value))
    except ValueError:
        return False
    return True


def new_graph() -> Graph:
    """An empty graph with our prefixes bound (and no others, to keep JSON-LD small)."""
    # rdflib's SimpleMemory store: the same three indexes as its default Memory store without
    # the bookkeeping of named graphs (which we never make) and an event per triple added; a
    # national compile adds triples twice as fast, into 18 % less memory (docs/benchmarks.md)
    graph = Graph(store="SimpleMemory", bind_namespaces="none")
    for prefix, namespace in (
        ("nav", str(NAV)),
        ("id", ID),
        ("schema", str(SDO)),
        ("skos", str(SKOS)),
        ("dct", str(DCTERMS)),
        ("xsd", str(XSD)),
        ("rdf", str(RDF)),
    ):
        graph.bind(prefix, namespace)
    return graph


def compile_graph(cat: Catalogue) -> tuple[Graph, SourceMap]:
    """The catalogue as RDF, plus a map from each minted IRI to its file position."""
    out = _Out(new_graph())
    scheme = out.node(CONCERN_SCHEME, SKOS.ConceptScheme, Pos("(built in)"))
    out.lit(scheme, SKOS.prefLabel, "Bekymringer")
    for source in cat.sources.values():
        _source(out, source)
    for place in cat.places.values():
        _place(out, place)
    for org in cat.organisations.values():
        _organisation(out, org)
    for service in cat.services.values():
        _service(out, service)
    for role in cat.roles.values():
        _role(out, role)
    for concern in cat.concerns.values():
        _concern(out, concern, scheme)
    for group in cat.risk_groups.values():
        _risk_group(out, group)
    for term in cat.glossary.values():
        _term(out, term)
    for pathway in cat.pathways.values():
        _pathway(out, pathway)
    for topic in cat.advice_topics.values():
        _advice_topic(out, topic)
    return out.graph, out.source_map


def _facts(out: _Out, subject: URIRef, facts: Facts) -> None:
    out.refs(subject, DCTERMS.source, facts.sources)
    out.lit(subject, NAV.factStatus, facts.fact_status, datatype=XSD.string)
    if facts.review:
        out.lit(subject, SDO.lastReviewed, facts.review.last_reviewed, datatype=XSD.date)
        out.lit(subject, NAV.nextReview, facts.review.next_review, datatype=XSD.date)
        out.lit(subject, NAV.reviewOwner, facts.review.owner)


def _source(out: _Out, source: Source) -> None:
    s = out.node(source.id, DCTERMS.BibliographicResource, source.pos)
    out.lit(s, DCTERMS.title, source.title)
    out.lit(s, DCTERMS.publisher, source.publisher)
    out.lit(s, DCTERMS.date, source.date, datatype=XSD.date)
    out.lit(s, NAV.accessed, source.accessed, datatype=XSD.date)
    if source.url:
        out.graph.add((s, SDO.url, Literal(source.url, datatype=XSD.anyURI)))
    out.lit(s, NAV.seedFile, source.seed, datatype=XSD.string)
    out.lit(s, SDO.description, source.note)


def _place(out: _Out, place: Place) -> None:
    s = out.node(place.id, PLACE_CLASS[place.type], place.pos)
    out.lit(s, SDO.name, place.name)
    out.refs(s, NAV.partOf, sorted({m.place for m in place.part_of}))
    out.refs(s, NAV.hasMember, sorted({m.place for m in place.members}))
    for index, member in enumerate(place.part_of, start=1):
        _membership(out, f"{place.id}--del-af-{index}", place.id, member)
    for index, member in enumerate(place.members, start=1):
        _membership(
            out, f"{place.id}--medlem-{index}", member.place, replace(member, place=place.id)
        )
    _span(out, s, place.span)
    out.lit(s, NAV.membersFactStatus, place.members_fact_status, datatype=XSD.string)
    out.lit(s, SDO.description, place.description)
    out.lit(s, NAV.kommunekode, place.code, datatype=XSD.string)
    _contacts(out, s, place)
    _facts(out, s, place.facts)


def _membership(out: _Out, key: str, member: str, membership: Membership) -> None:
    """A place lying in another for a span, as its own node (kommune, place, dates, sources)."""
    m = out.node(key, NAV.Membership, membership.pos)
    out.graph.add((iri(member), NAV.membership, m))
    out.refs(m, NAV.member, [member])
    out.refs(m, NAV.inPlace, [membership.place])
    _span(out, m, membership.span)
    out.refs(m, DCTERMS.source, membership.span.sources)


def _span(out: _Out, s: URIRef, span: Span) -> None:
    """schema:validFrom / schema:validThrough, and whether it holds until further notice."""
    out.lit(s, SDO.validFrom, span.valid_from, datatype=XSD.date)
    out.lit(s, SDO.validThrough, span.valid_until, datatype=XSD.date)
    if span.until_notice:
        out.lit(s, NAV.untilFurtherNotice, True, datatype=XSD.boolean)


def _organisation(out: _Out, org: Organisation) -> None:
    s = out.node(org.id, SDO.Organization, org.pos)
    out.lit(s, SDO.name, org.name)
    out.lit(s, NAV.shortName, org.short_name)
    out.lit(s, NAV.sector, org.sector, datatype=XSD.string)
    out.refs(s, NAV.locatedIn, [org.place])
    if org.url:
        out.graph.add((s, SDO.url, Literal(org.url, datatype=XSD.anyURI)))
    out.lit(s, SDO.description, org.description)
    _span(out, s, org.span)
    _facts(out, s, org.facts)


_SERVICE_TEXT = (
    ("summary", NAV.summary),
    ("description", SDO.description),
    ("application_process", NAV.applicationProcess),
    ("ask_for", NAV.askFor),
    ("eligibility_description", NAV.eligibilityDescription),
    ("exclusion_description", NAV.exclusionDescription),
    ("after", NAV.after),
    ("fees_description", NAV.feesDescription),
    ("legal_basis", NAV.legalBasis),
    ("coverage_note", NAV.coverageNote),
    ("short_name", NAV.shortName),
)


def _service(out: _Out, svc: Service) -> None:
    s = out.node(svc.id, SDO.Service, svc.pos)
    out.lit(s, SDO.name, svc.name)
    for attr, predicate in _SERVICE_TEXT:
        out.lit(s, predicate, getattr(svc, attr))
    out.lit(s, NAV.sector, svc.sector, datatype=XSD.string)
    out.lit(s, NAV.minimumAge, svc.minimum_age, datatype=XSD.integer)
    out.lit(s, NAV.maximumAge, svc.maximum_age, datatype=XSD.integer)
    _lifecycle(out, s, svc.lifecycle)
    out.lit(s, NAV.selfReferral, svc.self_referral, datatype=XSD.boolean)
    out.lit(s, NAV.referralRequired, svc.referral_required, datatype=XSD.boolean)
    out.lit(s, NAV.cost, svc.cost, datatype=XSD.string)
    out.lit(s, NAV.urgent, svc.urgent, datatype=XSD.boolean)
    if svc.required_by_law:
        out.lit(s, NAV.requiredByLaw, True, datatype=XSD.boolean)
    out.lit(s, NAV.audience, svc.audience, datatype=XSD.string)
    if not svc.starting_point:
        out.lit(s, NAV.startingPoint, False, datatype=XSD.boolean)
    if svc.url:
        out.graph.add((s, SDO.url, Literal(svc.url, datatype=XSD.anyURI)))
    out.refs(s, SDO.provider, svc.organisations)
    out.refs(s, NAV.referredBy, svc.referred_by)
    out.refs(s, NAV.addressesConcern, svc.concerns)
    out.refs(s, NAV.forRiskGroup, svc.risk_groups)
    out.refs(s, NAV.partOfService, [svc.part_of])
    out.refs(s, SDO.areaServed, svc.area_served)
    _contacts(out, s, svc)
    _coverage(out, s, svc)
    _span(out, s, svc.span)
    _facts(out, s, svc.facts)


def _contacts(out: _Out, s: URIRef, svc: Service | Place) -> None:
    for index, contact in enumerate(svc.contacts, start=1):
        c = out.node(f"{svc.id}--kontakt-{index}", SDO.ContactPoint, contact.pos)
        out.graph.add((s, SDO.contactPoint, c))
        out.lit(c, NAV.contactType, contact.type, datatype=XSD.string)
        out.lit(c, NAV.contactValue, contact.value, datatype=XSD.string)
        out.lit(c, SDO.name, contact.label)
        out.lit(c, NAV.hours, contact.hours)
        out.refs(c, NAV.contactArea, [contact.area])
        out.refs(c, NAV.contactService, [contact.service])
        out.lit(c, NAV.entryPoint, contact.entry, datatype=XSD.string)
        out.refs(c, DCTERMS.source, contact.sources)
        out.lit(c, NAV.factStatus, contact.fact_status, datatype=XSD.string)
        _span(out, c, contact.span)


def _coverage(out: _Out, s: URIRef, svc: Service) -> None:
    for index, cover in enumerate(svc.coverage, start=1):
        c = out.node(f"{svc.id}--daekning-{index}", NAV.Coverage, cover.pos)
        out.graph.add((s, NAV.coverage, c))
        out.refs(c, NAV.coveragePlace, [cover.place])
        out.lit(c, NAV.coverageStatus, cover.status, datatype=XSD.string)
        out.lit(c, NAV.asOf, cover.as_of, datatype=XSD.date)
        out.lit(c, SDO.description, cover.note)
        out.refs(c, DCTERMS.source, cover.sources)
        out.lit(c, NAV.factStatus, cover.fact_status, datatype=XSD.string)


def _role(out: _Out, role: Role) -> None:
    s = out.node(role.id, NAV.Role, role.pos)
    out.lit(s, SDO.name, role.name)
    out.lit(s, NAV.sector, role.sector, datatype=XSD.string)
    out.refs(s, NAV.inOrganisation, [role.organisation])
    out.lit(s, NAV.summary, role.summary)
    out.lit(s, SDO.description, role.description)
    _facts(out, s, role.facts)


def _concern(out: _Out, concern: Concern, scheme: URIRef) -> None:
    s = out.node(concern.id, NAV.Concern, concern.pos)
    out.graph.add((s, RDF.type, SKOS.Concept))
    out.graph.add((s, SKOS.inScheme, scheme))
    out.lit(s, SKOS.prefLabel, concern.label)
    for synonym in concern.synonyms:
        out.lit(s, SKOS.altLabel, synonym)
    out.refs(s, SKOS.broader, [concern.broader])
    out.lit(s, SKOS.definition, concern.definition)
    out.lit(s, SKOS.notation, concern.notation, datatype=XSD.string)
    if concern.urgent:  # a warning sign, with the lines it puts on "Få hjælp nu"
        out.lit(s, NAV.urgent, True, datatype=XSD.boolean)
        out.refs(s, NAV.urgentService, concern.urgent_services)
    _facts(out, s, concern.facts)


def _risk_group(out: _Out, group: RiskGroup) -> None:
    s = out.node(group.id, NAV.RiskGroup, group.pos)
    out.lit(s, SKOS.prefLabel, group.label)
    out.lit(s, SDO.description, group.description)
    out.refs(s, NAV.relatedConcern, group.concerns)
    _facts(out, s, group.facts)


def _term(out: _Out, term: Term) -> None:
    s = out.node(term.id, NAV.Term, term.pos)
    out.lit(s, SKOS.prefLabel, term.term)
    out.lit(s, NAV.expansion, term.expansion)
    out.lit(s, SKOS.definition, term.definition)
    _facts(out, s, term.facts)


def _advice_topic(out: _Out, topic: AdviceTopic) -> None:
    """A topic linked to its concerns, and each piece of advice as its own node."""
    s = out.node(topic.id, NAV.AdviceTopic, topic.pos)
    out.lit(s, SKOS.prefLabel, topic.label)
    out.refs(s, NAV.addressesConcern, topic.concerns)
    _facts(out, s, topic.facts)
    for index, advice in enumerate(topic.advice, start=1):
        a = out.node(f"{topic.id}--raad-{index}", NAV.Advice, advice.pos)
        out.graph.add((s, NAV.hasAdvice, a))
        out.refs(a, NAV.adviceFor, [advice.role])
        for point in advice.points:
            out.lit(a, NAV.advicePoint, point)
        out.lit(a, NAV.moreHelp, advice.more_help)
        out.lit(a, NAV.urgentAdvice, advice.urgent)
        _facts(out, a, advice.facts)


def _lifecycle(out: _Out, s: URIRef, life: Lifecycle) -> None:
    out.lit(s, NAV.serviceStatus, life.status, datatype=XSD.string)
    out.lit(s, NAV.statusAsOf, life.as_of, datatype=XSD.date)


def _pathway(out: _Out, pathway: Pathway) -> None:
    s = out.node(pathway.id, NAV.Pathway, pathway.pos)
    out.lit(s, DCTERMS.title, pathway.name)
    out.lit(s, NAV.shortName, pathway.short_name)
    out.lit(s, NAV.summary, pathway.summary)
    out.lit(s, DCTERMS.description, pathway.description)
    out.lit(s, NAV.agreementStatus, pathway.agreement_status)
    _lifecycle(out, s, pathway.lifecycle)
    out.lit(s, NAV.minimumAge, pathway.minimum_age, datatype=XSD.integer)
    out.lit(s, NAV.maximumAge, pathway.maximum_age, datatype=XSD.integer)
    out.refs(s, NAV.involvesService, pathway.services)
    out.refs(s, SDO.areaServed, pathway.area_served)
    out.refs(s, NAV.addressesConcern, pathway.concerns)
    out.refs(s, NAV.forRiskGroup, pathway.risk_groups)
    if pathway.start and pathway.step(pathway.start):
        out.graph.add((s, NAV.startStep, iri(f"{pathway.id}:{pathway.start}")))
    _facts(out, s, pathway.facts)
    for step in pathway.steps:
        _step(out, s, step)
    for handover in pathway.handovers:
        h = out.node(f"{pathway.id}#{handover.id}", NAV.Handover, handover.pos)
        out.graph.add((s, NAV.hasHandover, h))
        out.graph.add((h, NAV.inPathway, s))
        out.graph.add((h, NAV.fromStep, iri(handover.source)))
        out.graph.add((h, NAV.toStep, iri(handover.target)))
        out.graph.add((iri(handover.source), NAV.handsOverTo, iri(handover.target)))
        out.lit(h, NAV.method, handover.method, datatype=XSD.string)
        out.lit(h, NAV.consent, handover.consent, datatype=XSD.string)
        for attr, predicate in (
            ("consent_note", NAV.consentNote),
            ("timeframe", NAV.timeframe),
            ("criteria", NAV.criteria),
            ("description", SDO.description),
        ):
            out.lit(h, predicate, getattr(handover, attr))
        _facts(out, h, handover.facts)


def _step(out: _Out, pathway: URIRef, step: Step) -> None:
    s = out.node(step.key, NAV.Step, step.pos)
    out.graph.add((pathway, NAV.hasStep, s))
    out.graph.add((s, NAV.inPathway, pathway))
    out.lit(s, SDO.name, step.name)
    out.lit(s, NAV.order, step.order, datatype=XSD.integer)
    out.refs(s, NAV.performedBy, step.performed_by)
    out.refs(s, NAV.atService, [step.service])
    out.lit(s, NAV.summary, step.summary)
    out.lit(s, SDO.description, step.description)
    out.lit(s, NAV.duration, step.duration)
    out.lit(s, NAV.deadline, step.deadline)
    out.refs(s, NAV.next, [f"{step.pathway}:{n}" for n in step.next])
    out.refs(s, SDO.areaServed, step.area_served)
    _span(out, s, step.span)
    _facts(out, s, step.facts)
