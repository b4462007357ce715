"""Compile the catalogue into a NetworkX MultiDiGraph holding the same nodes and edges as the RDF.

Nodes are entity ids (steps 'pathway--step', handovers 'pathway--id'); edge keys are the
local names of the RDF predicates, so tests can compare the two graphs one to one.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable
from typing import Any, Protocol

import networkx as nx

from ..source.catalogue import Catalogue
from ..source.model import AdviceTopic, Entity, Pathway, Place, Service
from .compile import CONCERN_SCHEME
from .vocab import iri, local_id

# field on the dataclass -> predicate local name, per kind
_FIELDS: dict[str, tuple[tuple[str, str], ...]] = {
    "region": (("part_of_ids", "partOf"), ("member_ids", "hasMember")),
    "cluster": (("part_of_ids", "partOf"), ("member_ids", "hasMember")),
    "kommune": (("part_of_ids", "partOf"), ("member_ids", "hasMember")),
    "organisation": (("place", "locatedIn"),),
    "service": (
        ("organisations", "provider"),
        ("referred_by", "referredBy"),
        ("concerns", "addressesConcern"),
        ("risk_groups", "forRiskGroup"),
        ("part_of", "partOfService"),
        ("area_served", "areaServed"),
    ),
    "role": (("organisation", "inOrganisation"),),
    "concern": (("broader", "broader"),),
    "risk_group": (("concerns", "relatedConcern"),),
    "term": (),
    "advice_topic": (("concerns", "addressesConcern"),),
    "source": (),
    "pathway": (
        ("services", "involvesService"),
        ("area_served", "areaServed"),
        ("concerns", "addressesConcern"),
        ("risk_groups", "forRiskGroup"),
    ),
}


def node_id(key: str) -> str:
    """Network node id for an entity id or 'pathway:step' key (same as the IRI's local name)."""
    return local_id(iri(key))


class _Graph(Protocol):
    """What the builders below call: a MultiDiGraph, or a _Size that only counts."""

    def add_node(self, node_for_adding: str, **attr: Any) -> None: ...

    def add_edge(self, u_for_edge: str, v_for_edge: str, key: Hashable = None) -> Any: ...


class _Size:
    """Counts the nodes and edges a MultiDiGraph would hold, without keeping their attributes
    (a node named twice is one node, an edge with the same ends and key is one edge)."""

    def __init__(self) -> None:
        self.nodes: set[str] = set()
        self.edges: set[tuple[str, str, Hashable]] = set()

    def add_node(self, node_for_adding: str, **attr: Any) -> None:
        self.nodes.add(node_for_adding)

    def add_edge(self, u_for_edge: str, v_for_edge: str, key: Hashable = None) -> None:
        self.nodes.update((u_for_edge, v_for_edge))
        self.edges.add((u_for_edge, v_for_edge, key))


def network_size(cat: Catalogue) -> tuple[int, int]:
    """(nodes, edges) of build_network(cat), without building it: the build report's counts."""
    size = _Size()
    _fill(size, cat)
    return len(size.nodes), len(size.edges)


def build_network(cat: Catalogue) -> nx.MultiDiGraph:
    """The catalogue as a MultiDiGraph; node attribute 'kind' and 'label' on every node."""
    graph = nx.MultiDiGraph()
    _fill(graph, cat)
    return graph


def _fill(graph: _Graph, cat: Catalogue) -> None:
    graph.add_node(CONCERN_SCHEME, kind="scheme", label="Bekymringer")
    for entity in cat.entities():
        _entity(graph, entity)
    for concern in cat.concerns.values():
        _edge(graph, concern.id, "inScheme", CONCERN_SCHEME)
    for place in cat.places.values():
        _memberships(graph, place)
    for service in cat.services.values():
        _service_parts(graph, service)
    for pathway in cat.pathways.values():
        _pathway_parts(graph, pathway)
    for topic in cat.advice_topics.values():
        _advice_parts(graph, topic)


def _advice_parts(graph: _Graph, topic: AdviceTopic) -> None:
    """Each piece of advice as its own node, as in compile._advice_topic."""
    for index, advice in enumerate(topic.advice, start=1):
        aid = f"{topic.id}--raad-{index}"
        graph.add_node(aid, kind="advice", label=f"{topic.label}: {advice.role}")
        _edge(graph, topic.id, "hasAdvice", aid)
        _edges(graph, aid, "adviceFor", [advice.role] if advice.role else [])
        _edges(graph, aid, "source", advice.facts.sources)


def _label(entity: Entity) -> str:
    for attr in ("name", "label", "term", "title"):
        value = getattr(entity, attr, None)
        if isinstance(value, str):
            return value
    return entity.id


def _entity(graph: _Graph, entity: Entity) -> None:
    graph.add_node(entity.id, kind=entity.kind, label=_label(entity))
    for attr, predicate in _FIELDS[entity.kind]:
        value = getattr(entity, attr)
        for target in [value] if isinstance(value, str) else value or ():
            _edge(graph, entity.id, predicate, target)
    facts = getattr(entity, "facts", None)
    for source in facts.sources if facts else ():
        _edge(graph, entity.id, "source", source)


def _edge(graph: _Graph, source: str, predicate: str, target: str) -> None:
    graph.add_edge(node_id(source), node_id(target), key=predicate)


def _edges(graph: _Graph, source: str, predicate: str, targets: Iterable[str]) -> None:
    for target in targets:
        _edge(graph, source, predicate, target)


def _memberships(graph: _Graph, place: Place) -> None:
    """Each membership as its own node, as in compile._membership."""
    sides = (("del-af", place.part_of, False), ("medlem", place.members, True))
    for side, items, reverse in sides:
        for index, membership in enumerate(items, start=1):
            mid = f"{place.id}--{side}-{index}"
            member, inside = (
                (membership.place, place.id) if reverse else (place.id, membership.place)
            )
            graph.add_node(mid, kind="membership", label=f"{member} i {inside}")
            _edge(graph, member, "membership", mid)
            _edge(graph, mid, "member", member)
            _edge(graph, mid, "inPlace", inside)
            _edges(graph, mid, "source", membership.span.sources)


def _service_parts(graph: _Graph, service: Service) -> None:
    for index, contact in enumerate(service.contacts, start=1):
        cid = f"{service.id}--kontakt-{index}"
        graph.add_node(cid, kind="contact", label=contact.label or contact.value)
        _edge(graph, service.id, "contactPoint", cid)
        _edges(graph, cid, "contactArea", [contact.area] if contact.area else [])
        _edges(graph, cid, "contactService", [contact.service] if contact.service else [])
        _edges(graph, cid, "source", contact.sources)
    for index, cover in enumerate(service.coverage, start=1):
        cid = f"{service.id}--daekning-{index}"
        graph.add_node(
            cid, kind="coverage", label=cover.status, status=cover.status, as_of=cover.as_of
        )
        _edge(graph, service.id, "coverage", cid)
        _edge(graph, cid, "coveragePlace", cover.place)
        _edges(graph, cid, "source", cover.sources)


def _pathway_parts(graph: _Graph, pathway: Pathway) -> None:
    if pathway.start and pathway.step(pathway.start):
        _edge(graph, pathway.id, "startStep", f"{pathway.id}:{pathway.start}")
    for step in pathway.steps:
        graph.add_node(node_id(step.key), kind="step", label=step.name, pathway=pathway.id)
        _edge(graph, pathway.id, "hasStep", step.key)
        _edge(graph, step.key, "inPathway", pathway.id)
        _edges(graph, step.key, "performedBy", step.performed_by)
        _edges(graph, step.key, "atService", [step.service] if step.service else [])
        _edges(graph, step.key, "next", [f"{pathway.id}:{n}" for n in step.next])
        _edges(graph, step.key, "source", step.facts.sources)
    for handover in pathway.handovers:
        hid = f"{pathway.id}#{handover.id}"
        graph.add_node(
            node_id(hid),
            kind="handover",
            label=handover.method,
            method=handover.method,
            pathway=pathway.id,
        )
        _edge(graph, pathway.id, "hasHandover", hid)
        _edge(graph, hid, "inPathway", pathway.id)
        _edge(graph, hid, "fromStep", handover.source)
        _edge(graph, hid, "toStep", handover.target)
        _edge(graph, handover.source, "handsOverTo", handover.target)
        _edges(graph, hid, "source", handover.facts.sources)
