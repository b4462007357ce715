"""Maps for coordinators: a role's ego map, a kommune's services, all pathways by sector."""

from __future__ import annotations

from ..answers.query import (
    Offer,
    offered_today,
    offers_by_status,
    offers_in,
    region_of,
    step_by_key,
    who_does_what,
)
from ..build import Site
from ..core import codes
from ..source.catalogue import Catalogue
from ..source.model import Step
from ..source.spans import danish_date
from .common import (
    Diagram,
    add_handover,
    add_step,
    align_lanes,
    caption,
    frame_lane,
    handover_text,
    legend,
    lookup,
    newest_review,
    open_lane,
    sector_label,
    sector_order,
    step_node,
    step_sector,
    unknown_consent,
)
from .dotwriter import (
    FACT_NOTES,
    METHOD_COLOURS,
    SECTOR_COLOURS,
    Dot,
    Html,
    fact_style,
    graph_defaults,
    lane_order,
    wrapped,
)

# ---- role ego map ----------------------------------------------------------------------------


def _role_clusters(cat: Catalogue, rows: list) -> dict[str, list[Step]]:  # type: ignore[type-arg]
    """Per pathway id: the role's own steps first, then the steps it meets in handovers."""
    clusters: dict[str, list[Step]] = {row.pathway.id: list(row.steps) for row in rows}
    placed = {s.key for steps in clusters.values() for s in steps}
    for row in rows:
        for handover in (*row.receives, *row.hands_over):
            for key in (handover.source, handover.target):
                step = step_by_key(cat, key)
                if step is not None and key not in placed:
                    clusters.setdefault(handover.pathway, []).append(step)
                    placed.add(key)
    return clusters


def role_diagram(site: Site, role_id: str) -> Diagram:
    """What a role receives, does and hands over, across pathways."""
    cat = site.catalogue
    role = lookup(cat.roles, role_id, "role")
    rows = who_does_what(site, role.id)
    colour, tint = SECTOR_COLOURS.get(role.sector, SECTOR_COLOURS[""])
    title = f"Rolle: {role.name}"
    dot = Dot(
        f"rolle-{role.id}",
        graph_defaults(
            caption(
                title,
                newest_review([role]),
                [
                    f"Sektor: {sector_label(role.sector)}. Viser trin, rollen udfører, "
                    "og overgange til og fra dem i alle forløb."
                ],
            ),
            "LR",
        ),
    )
    dot.node(
        "rolle",
        label=Html(
            wrapped(role.name, 24, size=13, bold=True)
            + "<BR/>"
            + wrapped(sector_label(role.sector), 24, size=9)
        ),
        style=fact_style(role.facts.fact_status, "filled"),
        fillcolor=tint,
        color=colour,
        penwidth="2",
    )
    for pathway_id, steps in _role_clusters(cat, rows).items():
        pathway = cat.pathways[pathway_id]
        dot.open(
            f"cluster_{pathway_id}",
            label=Html(wrapped(pathway.name, 40, bold=True)),
            labelloc="t",
            style="rounded",
            color="#999999",
        )
        for step in steps:
            other = step.pathway != pathway_id
            add_step(dot, cat, step, cat.pathways[step.pathway].name if other else None, True)
        dot.close()
    handovers = {(h.pathway, h.id): h for row in rows for h in (*row.receives, *row.hands_over)}
    for row in rows:
        for step in row.steps:
            dot.edge("rolle", step_node(step.key), color="#999999", arrowhead="none")
    for key in sorted(handovers):
        add_handover(dot, handovers[key])
    legend(dot, next_edges=False, consent_unknown=unknown_consent(handovers.values()))
    text = _role_text(cat, role.name, rows)
    return Diagram("roller", role.id, title, text, dot.source())


def _role_text(cat: Catalogue, name: str, rows: list) -> str:  # type: ignore[type-arg]
    if not rows:
        return f"{name} udfører ingen trin i de registrerede forløb."
    parts = []
    for row in rows:
        steps = ", ".join(s.name for s in row.steps) or "ingen egne trin"
        moves = "; ".join(handover_text(cat, h) for h in (*row.receives, *row.hands_over))
        parts.append(f"{row.pathway.name}: {steps}" + (f" (overgange: {moves})" if moves else ""))
    return f"Kort over rollen {name}. " + ". ".join(parts) + "."


# ---- kommune map -----------------------------------------------------------------------------
# The same offers, statuses and labels as the kommune page and /find (query.offers_in):
# services for families in one cluster per status, urgent lines and services for
# professionals in a cluster each, with their status written in the node.


def _offer_node(dot: Dot, offer: Offer, show_status: bool) -> None:
    service, record = offer.service, offer.record
    status = record.fact_status if record else service.facts.fact_status
    parts = [wrapped(service.name, 30, bold=True)]
    if show_status:
        parts.append(wrapped(offer.label, 30, size=9))
    if record is not None:
        parts.append(wrapped(f"pr. {record.as_of}", 30, size=9))
    if FACT_NOTES.get(status):
        parts.append(wrapped(f"({FACT_NOTES[status]})", 30, size=8, italic=True))
    colour = SECTOR_COLOURS.get(service.sector or "", SECTOR_COLOURS[""])[0]
    dot.node(
        f"tilbud:{service.id}",
        label=Html("<BR/>".join(parts)),
        color=colour,
        style=fact_style(status, "rounded,filled"),
        penwidth="1.6",
        tooltip=service.summary or service.name,
    )


def kommune_groups(offers: list[Offer]) -> dict[str, tuple[str, list[Offer]]]:
    """Cluster name → (heading, offers): families' offers by status, then akut and fagfolk."""
    groups: dict[str, tuple[str, list[Offer]]] = {}
    family = [o for o in offers if o.audience == "familie"]
    for status, members in offers_by_status(family).items():
        groups[f"cluster_{status}"] = (members[0].label, members)
    for audience in ("akut", "fagfolk"):
        members = [o for o in offers if o.audience == audience]
        if members:
            groups[f"cluster_{audience}"] = (codes.OFFER_GROUPS[audience], members)
    return groups


def kommune_diagram(site: Site, kommune_id: str) -> Diagram:
    """What a kommune offers, by status, exactly as its page and /find say (offers_in)."""
    cat = site.catalogue
    kommune = lookup({p.id: p for p in cat.kommuner()}, kommune_id, "kommune")
    offers = offers_in(site, kommune.id)
    groups = kommune_groups(offers)
    elsewhere = sum(
        1 for s in cat.services.values() if offered_today(cat, s) and not s.part_of
    ) - len(offers)
    title = f"Kommune: {kommune.name}"
    region = cat.places.get(region_of(cat, kommune.id) or "")
    notes = [
        "Samme status som på kommunens side og i Find hjælp. Delforløb står under deres tilbud."
    ]
    if region is not None:  # the region on the day the diagram is drawn for (spans.region_of)
        notes.append(f"{region.name} pr. {danish_date(cat.today)}.")
    if elsewhere:
        notes.append(f"{elsewhere} tilbud, der kun findes i andre regioner, er ikke vist.")
    notes.append("Status pr. dato fra kilden; 'Ukendt' betyder, at vi ikke ved det.")
    entities = [kommune, *(o.service for o in offers)]
    dot = Dot(
        f"kommune-{kommune.id}",
        graph_defaults(caption(title, newest_review(entities), notes), "LR"),
    )
    dot.node(
        "kommune",
        label=Html(wrapped(kommune.name, 20, size=14, bold=True)),
        shape="box",
        style="filled,bold",
        fillcolor="#E3F0F8",
        color="#0072B2",
    )
    for name, (heading, members) in groups.items():
        dot.open(
            name,
            label=Html(wrapped(heading, 36, bold=True)),
            labelloc="t",
            style="rounded",
            color="#666666",
        )
        for offer in members:
            _offer_node(dot, offer, show_status=members[0].audience != "familie")
        dot.close()
        for offer in members:
            dot.edge("kommune", f"tilbud:{offer.service.id}", color="#777777", arrowhead="vee")
    legend(dot, next_edges=False, handovers=False)
    return Diagram("kommuner", kommune.id, title, _kommune_text(kommune.name, groups), dot.source())


def _kommune_text(name: str, groups: dict[str, tuple[str, list[Offer]]]) -> str:
    if not groups:
        return f"Der er ingen tilbud registreret for {name}."
    parts = []
    for heading, members in groups.values():
        family = members[0].audience == "familie"
        names = [o.service.name if family else f"{o.service.name} ({o.label})" for o in members]
        parts.append(f"{heading}: " + ", ".join(names))
    return f"Tilbud i {name}. " + ". ".join(parts) + "."


# ---- overview --------------------------------------------------------------------------------


def _groups(cat: Catalogue) -> dict[tuple[str, str], list[Step]]:
    groups: dict[tuple[str, str], list[Step]] = {}
    for pathway in sorted(cat.pathways.values(), key=lambda p: (p.name, p.id)):
        for step in pathway.steps:
            groups.setdefault((step_sector(cat, step), pathway.id), []).append(step)
    return groups


def _group_node(sector: str, pathway_id: str) -> str:
    return f"gruppe:{pathway_id}:{sector}"


def _links(cat: Catalogue) -> dict[tuple[str, str], set[str]]:
    """Edges between (pathway, sector) groups: methods of handovers, '' for plain next steps."""
    links: dict[tuple[str, str], set[str]] = {}

    def group(step: Step) -> str:
        return _group_node(step_sector(cat, step), step.pathway)

    for step in cat.steps():
        for following in step.next:
            target = step_by_key(cat, f"{step.pathway}:{following}")
            if target is not None and group(step) != group(target):
                links.setdefault((group(step), group(target)), set()).add("")
    for handover in cat.handovers():
        ends = step_by_key(cat, handover.source), step_by_key(cat, handover.target)
        if ends[0] is not None and ends[1] is not None and group(ends[0]) != group(ends[1]):
            links.setdefault((group(ends[0]), group(ends[1])), set()).add(handover.method)
    return links


def overview_diagram(site: Site) -> Diagram:
    """All pathways, each split into the sectors its steps belong to, and the links between."""
    cat = site.catalogue
    groups = _groups(cat)
    title = "Oversigt: alle forløb fordelt på sektorer"
    notes = [f"{len(cat.pathways)} forløb. Kilderne står på hvert forløbs eget diagram."]
    dot = Dot(
        "oversigt", graph_defaults(caption(title, newest_review(cat.pathways.values()), notes))
    )
    sectors = sector_order(s for s, _ in groups)
    dot.graph["vv_lanes"] = lane_order(sectors, legend=False)
    tops, bottoms = [], []
    for sector in sectors:
        top, bottom = open_lane(dot, sector)
        tops.append(top)
        bottoms.append(bottom)
        for (group_sector, pathway_id), steps in groups.items():
            if group_sector == sector:
                _group(dot, cat, sector, pathway_id, steps)
        frame_lane(dot, top, bottom, [_group_node(sector, p) for s, p in groups if s == sector])
        dot.close()
    align_lanes(dot, tops, bottoms)
    for (tail, head), methods in sorted(_links(cat).items()):
        _link(dot, tail, head, methods)
    return Diagram("oversigt", "", title, _overview_text(cat, groups), dot.source())


def _group(dot: Dot, cat: Catalogue, sector: str, pathway_id: str, steps: list[Step]) -> None:
    pathway = cat.pathways[pathway_id]
    parts = [wrapped(pathway.short_name or pathway.name, 30, bold=True)]
    parts += [wrapped(f"{s.order}. {s.name}", 34, size=9) for s in steps]
    dot.node(
        _group_node(sector, pathway_id),
        label=Html("<BR/>".join(parts)),
        color=SECTOR_COLOURS[sector][0],
        penwidth="1.4",
        tooltip=pathway.name,
    )


def _link(dot: Dot, tail: str, head: str, methods: set[str]) -> None:
    named = sorted(m for m in methods if m)
    if not named:
        dot.edge(tail, head, color="#777777", arrowhead="vee")
        return
    label = Html(wrapped(", ".join(codes.METHODS.get(m, m) for m in named), 22, size=9))
    colour = METHOD_COLOURS.get(named[0], "#000000") if len(named) == 1 else "#000000"
    dot.edge(tail, head, label=label, color=colour, penwidth="2")


def _overview_text(cat: Catalogue, groups: dict[tuple[str, str], list[Step]]) -> str:
    by_pathway: dict[str, list[str]] = {}
    for sector, pathway_id in groups:
        by_pathway.setdefault(pathway_id, []).append(sector_label(sector))
    parts = [f"{cat.pathways[p].name}: {', '.join(sectors)}" for p, sectors in by_pathway.items()]
    return "Oversigt over alle forløb og de sektorer, de går igennem. " + "; ".join(parts) + "."
