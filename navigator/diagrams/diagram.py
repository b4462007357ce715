"""Diagrams of the graph: pathway swimlanes by sector, role and kommune maps, an overview.

Pure functions from a Site to DOT text; `export` renders with Graphviz. Everything drawn comes
from the data: line style says how sure a fact is, and the legend says so in words.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable

from ..answers.query import step_by_key
from ..build import Site
from ..core.urls import DIAGRAM_FORMATS, DIAGRAM_SEGMENTS, OVERVIEW_SEGMENT
from ..source.catalogue import Catalogue
from ..source.model import Handover, Pathway, Step
from .common import (
    Diagram,
    UnknownEntity,
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
    source_line,
    step_node,
    step_sector,
    unknown_consent,
)
from .dotwriter import (
    DiagramError,
    Dot,
    accessible_svg,
    graph_defaults,
    lane_order,
    quote,
    render,
)
from .maps import kommune_diagram, overview_diagram, role_diagram

__all__ = [
    "Diagram",
    "KINDS",
    "UnknownEntity",
    "diagram",
    "render_file",
    "kommune_dot",
    "overview_dot",
    "pathway_diagram",
    "pathway_dot",
    "pathway_svg",
    "render",
    "role_dot",
]

# CLI kind -> URL segment of its download (urls.DIAGRAM_SEGMENTS, and the overview's)
KINDS = {**DIAGRAM_SEGMENTS, "overview": OVERVIEW_SEGMENT}


def pathway_handovers(cat: Catalogue, pathway: Pathway) -> list[Handover]:
    """Handovers of the pathway plus those from other pathways that lead into it."""
    own = list(pathway.handovers)
    incoming = [
        h
        for h in cat.handovers()
        if h.pathway != pathway.id and h.target.partition(":")[0] == pathway.id
    ]
    return own + sorted(incoming, key=lambda h: (h.pathway, h.id))


def _external_steps(cat: Catalogue, pathway: Pathway, handovers: list[Handover]) -> list[Step]:
    ends = {k for h in handovers for k in (h.source, h.target)}
    keys = {k for k in ends if not k.startswith(f"{pathway.id}:")}
    found = [step_by_key(cat, key) for key in sorted(keys)]
    return [step for step in found if step is not None]


def _lanes(cat: Catalogue, steps: list[Step]) -> dict[str, list[Step]]:
    lanes: dict[str, list[Step]] = {}
    for step in steps:
        lanes.setdefault(step_sector(cat, step), []).append(step)
    return {sector: lanes[sector] for sector in sector_order(lanes)}


def _pathway_sources(pathway: Pathway, handovers: list[Handover]) -> list[str]:
    ids = set(pathway.facts.sources)
    ids |= {s for step in pathway.steps for s in step.facts.sources}
    ids |= {s for h in handovers for s in h.facts.sources}
    return sorted(ids)


def _draw_lanes(
    dot: Dot, cat: Catalogue, pathway: Pathway, lanes: dict[str, list[Step]]
) -> tuple[list[str], list[str]]:
    tops, bottoms = [], []
    for sector, steps in lanes.items():
        top, bottom = open_lane(dot, sector)
        tops.append(top)
        bottoms.append(bottom)
        for step in steps:
            own = step.pathway == pathway.id
            add_step(dot, cat, step, None if own else cat.pathways[step.pathway].name)
        frame_lane(dot, top, bottom, [step_node(s.key) for s in steps])
        dot.close()
    return tops, bottoms


def _draw_flow(dot: Dot, pathway: Pathway, handovers: list[Handover]) -> None:
    handed = {(h.source, h.target) for h in handovers}
    for step in pathway.steps:
        for following in step.next:
            target = f"{pathway.id}:{following}"
            if (step.key, target) not in handed and pathway.step(following) is not None:
                dot.edge(step_node(step.key), step_node(target), color="#777777", arrowhead="vee")
    for handover in handovers:
        add_handover(dot, handover)


def pathway_diagram(site: Site, pathway_id: str) -> Diagram:
    """A pathway as swimlanes by sector: steps in order, handovers labelled, legend, caption."""
    cat = site.catalogue
    pathway: Pathway = lookup(cat.pathways, pathway_id, "pathway")
    handovers = pathway_handovers(cat, pathway)
    external = _external_steps(cat, pathway, handovers)
    lanes = _lanes(cat, [*pathway.steps, *external])
    refs = [f"– {source_line(cat, s)}" for s in _pathway_sources(pathway, handovers)]
    sources = ["Kilder:", *refs] if refs else ["Kilder: ingen angivet"]
    date = newest_review([pathway])
    dot = Dot(f"forloeb-{pathway.id}", graph_defaults(caption(pathway.name, date, sources)))
    dot.graph["vv_lanes"] = lane_order(lanes, legend=True)
    tops, bottoms = _draw_lanes(dot, cat, pathway, lanes)
    tops.append(legend(dot, external=bool(external), consent_unknown=unknown_consent(handovers)))
    align_lanes(dot, tops, bottoms)
    _draw_flow(dot, pathway, handovers)
    text = _pathway_text(cat, pathway, lanes, handovers, date)
    return Diagram("forloeb", pathway.id, f"Forløb: {pathway.name}", text, dot.source())


def _pathway_text(
    cat: Catalogue,
    pathway: Pathway,
    lanes: dict[str, list[Step]],
    handovers: list[Handover],
    date: str | None,
) -> str:
    steps = "; ".join(
        f"{s.order}. {s.name} ({sector_label(step_sector(cat, s))})" for s in pathway.steps
    )
    moves = "; ".join(handover_text(cat, h) for h in handovers) or "ingen"
    return (
        f"Diagram over forløbet {pathway.name} med en bane for hver sektor: "
        f"{', '.join(sector_label(s) for s in lanes)}. Trin: {steps}. Overgange: {moves}. "
        f"Senest gennemgået: {date or 'ukendt'}."
    )


_BUILDERS: dict[str, Callable[[Site, str], Diagram]] = {
    "pathway": pathway_diagram,
    "role": role_diagram,
    "kommune": kommune_diagram,
}


def diagram(site: Site, kind: str, entity_id: str | None = None) -> Diagram:
    """Any diagram by kind (pathway, role, kommune, overview) and id."""
    if kind == "overview":
        return overview_diagram(site)
    if kind not in _BUILDERS:
        raise UnknownEntity(f"unknown diagram kind '{kind}'; use one of {', '.join(KINDS)}")
    if not entity_id:
        raise UnknownEntity(f"a {kind} diagram needs an id")
    return _BUILDERS[kind](site, entity_id)


def pathway_dot(site: Site, pathway_id: str) -> str:
    """DOT source of a pathway swimlane."""
    return pathway_diagram(site, pathway_id).dot


def role_dot(site: Site, role_id: str) -> str:
    """DOT source of a role's ego map."""
    return role_diagram(site, role_id).dot


def kommune_dot(site: Site, kommune_id: str) -> str:
    """DOT source of a kommune's service map."""
    return kommune_diagram(site, kommune_id).dot


def overview_dot(site: Site) -> str:
    """DOT source of the overview of all pathways by sector."""
    return overview_diagram(site).dot


MAX_EDGES = 1000
"""Above this many edges Graphviz runs past its time limit, and nobody could read the drawing."""

MAX_NODES = 500
"""Above this many boxes nobody could read the drawing either, and Graphviz fails on role maps
of 690-800 boxes in a hundred lanes ("trouble in init_rank") after 7-20 s of trying, in every
freeze again (docs/benchmarks.md, "Diagrams Graphviz cannot draw")."""

_NODE = re.compile(r'^\s*"[^"]+"\s*\[', re.M)  # a box: a quoted id and its attributes


def summary_diagram(item: Diagram, reason: str) -> Diagram:
    """A stand-in drawing for a diagram too large to draw: its title, why, where the text is."""
    text = (
        f"{item.title}\n\nDiagrammet er for stort til at tegne ({reason}).\n"
        "Trin, roller og overgange står som tekst på siden."
    )
    dot = (
        'digraph summary {\n  graph [bgcolor="#FFFFFF", pad="0.3"];\n'
        '  node [shape=note, fontname="DejaVu Sans", fontsize=14];\n'
        f"  summary [label={quote(text)}];\n}}\n"
    )
    return Diagram(item.kind, item.id, item.title, f"{item.description} ({reason})", dot)


def drawable(item: Diagram) -> Diagram:
    """The diagram itself, or its summary when it has more edges or boxes than can be drawn."""
    edges = item.dot.count("->")
    if edges > MAX_EDGES:
        return summary_diagram(item, f"{edges} forbindelser")
    boxes = len(_NODE.findall(item.dot))
    if boxes > MAX_NODES:
        return summary_diagram(item, f"{boxes} felter")
    return item


def _with_fallback(item: Diagram, draw: Callable[[Diagram], bytes]) -> bytes:
    """Draw the diagram; if Graphviz fails or times out, draw its summary instead."""
    try:
        return draw(drawable(item))
    except DiagramError as exc:
        if shutil.which("dot") is None:
            raise  # no Graphviz at all: the summary cannot be drawn either
        return draw(summary_diagram(item, f"Graphviz kunne ikke tegne det: {exc}"))


def render_file(item: Diagram, fmt: str) -> bytes:
    """The diagram as a downloadable file; SVGs carry <title>, <desc> and role="img".

    The .dot download is always the full graph; a rendered format of a graph too large to
    draw is a summary that says so (summary_diagram), never a 503 or a stalled freeze.
    """
    if fmt == "dot":
        return render(item.dot, fmt)

    def draw(one: Diagram) -> bytes:
        if fmt != "svg":
            return render(one.dot, fmt)
        svg = render(one.dot, "svg").decode("utf-8")
        return accessible_svg(svg, one.slug, one.title, one.description, inline=False).encode()

    return _with_fallback(item, draw)


def inline_svg(item: Diagram) -> str:
    """The diagram as SVG markup to embed in an HTML page (no prolog, ids prefixed)."""

    def draw(one: Diagram) -> bytes:
        svg = render(one.dot, "svg").decode("utf-8")
        return accessible_svg(svg, one.slug, one.title, one.description, inline=True).encode()

    return _with_fallback(item, draw).decode("utf-8")


def pathway_svg(site: Site, pathway_id: str) -> str:
    """Inline SVG of a pathway swimlane for the pathway page."""
    return inline_svg(pathway_diagram(site, pathway_id))


DRAWN_FORMATS = tuple(f for f in DIAGRAM_FORMATS if f != "dot")


def every_diagram(site: Site) -> list[Diagram]:
    """Every diagram the guide offers: each pathway, role and kommune, and the overview."""
    cat = site.catalogue
    found = [pathway_diagram(site, pathway_id) for pathway_id in sorted(cat.pathways)]
    found += [role_diagram(site, role_id) for role_id in sorted(cat.roles)]
    found += [kommune_diagram(site, kommune.id) for kommune in cat.kommuner()]
    return [*found, overview_diagram(site)]


def drawings(
    items: list[Diagram], formats: tuple[str, ...] = DRAWN_FORMATS
) -> list[tuple[str, str]]:
    """(DOT, format) of every Graphviz run render_file and inline_svg start for items."""
    return [(drawable(item).dot, fmt) for item in items for fmt in formats]
