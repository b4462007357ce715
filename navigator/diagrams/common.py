"""Parts every diagram shares: the Diagram value, step and handover labels, legend and caption."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from ..answers.query import step_by_key
from ..answers.query import step_sector as query_step_sector
from ..core import codes
from ..core.errors import NavigatorError
from ..source.catalogue import Catalogue
from ..source.model import Handover, Step
from .dotwriter import (
    FACT_NOTES,
    METHOD_COLOURS,
    SECTOR_COLOURS,
    Dot,
    Html,
    esc,
    fact_style,
    wrapped,
)


class UnknownEntity(NavigatorError):
    """A diagram was asked for an id that is not in the catalogue."""


@dataclass(frozen=True)
class Diagram:
    """One picture: its DOT source plus the title and text alternative that go with it."""

    kind: str
    id: str
    title: str
    description: str
    dot: str

    @property
    def slug(self) -> str:
        """A name usable as a file name and an HTML id prefix."""
        return f"{self.kind}-{self.id}" if self.id else self.kind


def lookup(table: dict[str, Any], entity_id: str | None, label: str) -> Any:
    """The entity with this id, or UnknownEntity naming what was asked for."""
    if entity_id is None or entity_id not in table:
        raise UnknownEntity(f"unknown {label} '{entity_id}'")
    return table[entity_id]


def step_sector(cat: Catalogue, step: Step) -> str:
    """The lane of a step: query.step_sector (validate refuses a step without one)."""
    sector = query_step_sector(cat, step)
    if sector is None:  # check.py reports it, and no Site with errors is ever drawn
        raise UnknownEntity(f"step '{step.key}' has no sector")
    return sector


def sector_order(sectors: Iterable[str]) -> list[str]:
    """Sectors in the fixed lane order."""
    present = set(sectors)
    return [s for s in codes.SECTORS if s in present]


def sector_label(sector: str) -> str:
    """The Danish name of a sector."""
    return codes.SECTORS.get(sector, sector)


def role_names(cat: Catalogue, role_ids: Iterable[str]) -> str:
    """Role names joined for a label."""
    return ", ".join(cat.roles[r].name if r in cat.roles else r for r in role_ids)


def step_node(key: str) -> str:
    """The DOT node id of a step."""
    return f"trin:{key}"


def step_label(
    cat: Catalogue, step: Step, pathway_name: str | None = None, sector: bool = False
) -> Html:
    """Step number and name, who does it, where, and how sure we are."""
    # a step of another pathway keeps its name but not its number, which would clash with ours
    parts = [wrapped(step.name if pathway_name else f"{step.order}. {step.name}", 28, bold=True)]
    if pathway_name:
        parts.insert(0, wrapped(f"Forløb: {pathway_name}", 32, size=8, italic=True))
    if step.performed_by:
        parts.append(wrapped(role_names(cat, step.performed_by), 32, size=9))
    service = cat.services.get(step.service) if step.service else None
    if service is not None:
        parts.append(wrapped(service.short_name or service.name, 32, size=9, italic=True))
    if sector:
        parts.append(wrapped(sector_label(step_sector(cat, step)), 32, size=8))
    note = FACT_NOTES.get(step.facts.fact_status, "")
    if note:
        parts.append(wrapped(f"({note})", 30, size=8, italic=True))
    return Html("<BR/>".join(parts))


def add_step(
    dot: Dot, cat: Catalogue, step: Step, pathway_name: str | None = None, sector: bool = False
) -> None:
    """Declare a step node; border colour is its sector, border style its fact status."""
    colour = SECTOR_COLOURS[step_sector(cat, step)][0]
    extra = {"peripheries": "2"} if pathway_name else {}
    dot.node(
        step_node(step.key),
        label=step_label(cat, step, pathway_name, sector),
        style=fact_style(step.facts.fact_status, "rounded,filled"),
        color=colour,
        penwidth="1.6",
        tooltip=step.summary or step.name,
        **extra,
    )


def handover_label(handover: Handover) -> Html:
    """Method, timeframe and consent of a handover, with a note when not verified."""
    parts = [wrapped(codes.METHODS.get(handover.method, handover.method), 24, bold=True)]
    if handover.timeframe:
        parts.append(wrapped(handover.timeframe, 24))
    # an unknown consent rule is said once, in the legend (CONSENT_UNKNOWN_NOTE), not on
    # every arrow, where it crowded out what is known
    if handover.consent != "unknown":
        parts.append(wrapped(codes.CONSENT.get(handover.consent, handover.consent), 24))
    note = FACT_NOTES.get(handover.facts.fact_status, "")
    if note:
        parts.append(wrapped(f"({note})", 24, size=8, italic=True))
    return Html("<BR/>".join(parts))


def add_handover(dot: Dot, handover: Handover) -> None:
    """A handover as a thick labelled edge, coloured by method, styled by fact status."""
    dot.edge(
        step_node(handover.source),
        step_node(handover.target),
        label=handover_label(handover),
        style=fact_style(handover.facts.fact_status),
        color=METHOD_COLOURS.get(handover.method, "#000000"),
        penwidth="2.2",
        fontcolor="#000000",
        tooltip=handover.criteria or handover.description,
    )


def handover_text(cat: Catalogue, handover: Handover) -> str:
    """A handover in words, for a diagram's text alternative."""
    ends = [step_by_key(cat, key) for key in (handover.source, handover.target)]
    names = [
        s.name if s else key
        for s, key in zip(ends, (handover.source, handover.target), strict=True)
    ]
    bits = [
        codes.METHODS.get(handover.method, handover.method),
        handover.timeframe,
        codes.CONSENT.get(handover.consent, handover.consent),
    ]
    note = FACT_NOTES.get(handover.facts.fact_status, "")
    return f"{names[0]} → {names[1]}: " + ", ".join(b for b in (*bits, note) if b)


CONSENT_UNKNOWN_NOTE = "Nævner en overgang ikke samtykke, ved vi ikke, om den kræver det"
"""The legend's one line for every handover whose consent rule is unknown."""


def unknown_consent(handovers: Iterable[Handover]) -> bool:
    """Whether any of these handovers has an unknown consent rule (the legend then says so)."""
    return any(h.consent == "unknown" for h in handovers)


def legend(
    dot: Dot,
    external: bool = False,
    next_edges: bool = True,
    handovers: bool = True,
    consent_unknown: bool = False,
) -> str:
    """A legend column: fact status line styles and edge kinds; returns its anchor node id."""
    dot.open(
        "cluster_legend",
        label=Html("<B>Signaturforklaring</B>"),
        labelloc="t",
        style="rounded",
        color="#999999",
        fontsize="10",
    )
    anchor = "legend:anchor"
    dot.node(anchor, style="invis", shape="point", width="0", height="0", label="")
    previous = anchor
    for status, text in codes.FACT_STATUSES.items():
        node = f"legend:{status}"
        dot.node(
            node,
            label=Html(wrapped(text, 22, size=9)),
            style=fact_style(status, "rounded"),
            penwidth="1.6",
        )
        dot.edge(previous, node, style="invis")
        previous = node
    if external:
        dot.node(
            "legend:external",
            label=Html(wrapped("Trin i et andet forløb", 22, size=9)),
            style="rounded",
            peripheries="2",
        )
        dot.edge(previous, "legend:external", style="invis")
        previous = "legend:external"
    samples = []
    if handovers:
        samples.append(
            ("Overgang: metode, frist, samtykke", {"penwidth": "2.2", "color": "#0072B2"})
        )
    if next_edges:
        samples.append(("Næste trin", {"arrowhead": "vee", "color": "#777777"}))
    style: dict[str, str]
    for index, (text, style) in enumerate(samples):
        a, b = f"legend:edge{index}a", f"legend:edge{index}b"
        for point in (a, b):
            dot.node(point, shape="point", width="0.06", style="filled", fillcolor="#000000")
        dot.edge(previous, a, style="invis")
        dot.edge(a, b, label=Html(wrapped(text, 18, size=9)), **style)
        previous = b
    if consent_unknown:
        dot.node(
            "legend:consent",
            label=Html(wrapped(CONSENT_UNKNOWN_NOTE, 22, size=9)),
            shape="plaintext",
        )
        dot.edge(previous, "legend:consent", style="invis")
    dot.close()
    return anchor


def source_line(cat: Catalogue, source_id: str) -> str:
    """A source as a short reference: title (publisher, date)."""
    source = cat.sources.get(source_id)
    if source is None:
        return source_id
    when = source.date or (f"hentet {source.accessed}" if source.accessed else None)
    extra = ", ".join(x for x in (source.publisher, when) if x)
    return f"{source.title} ({extra})" if extra else source.title


def caption(title: str, date: str | None, notes: Iterable[str] = ()) -> Html:
    """The caption table: title, content date and notes such as sources, left-aligned."""
    rows = [wrapped(title, 80, size=14, bold=True)]
    rows.append(
        wrapped(f"Senest gennemgået: {date}" if date else "Gennemgangsdato mangler", 120, size=9)
    )
    rows += [wrapped(note, 120, size=9) for note in notes]
    cells = "".join(f'<TR><TD ALIGN="LEFT" BALIGN="LEFT">{row}</TD></TR>' for row in rows)
    return Html(f'<TABLE BORDER="0" CELLPADDING="2" CELLSPACING="0">{cells}</TABLE>')


def newest_review(entities: Iterable[object]) -> str | None:
    """The newest last_reviewed date among entities: the content date of a diagram."""
    dates = [
        facts.review.last_reviewed
        for e in entities
        if (facts := getattr(e, "facts", None)) is not None and facts.review
    ]
    return max(dates) if dates else None


def open_lane(dot: Dot, sector: str) -> tuple[str, str]:
    """Open a sector lane with top and bottom anchors; returns the anchor node ids."""
    colour, tint = SECTOR_COLOURS[sector]
    name = sector
    dot.open(
        f"cluster_lane_{name}",
        label=lane_header(sector),
        labelloc="t",
        style="filled",
        fillcolor=tint,
        color=colour,
        penwidth="1.2",
    )
    top, bottom = f"lane:{name}", f"lane-end:{name}"
    for anchor in (top, bottom):
        dot.node(anchor, style="invis", shape="point", width="0", height="0", label="")
    return top, bottom


def frame_lane(dot: Dot, top: str, bottom: str, nodes: Iterable[str]) -> None:
    """Keep a lane's nodes between its top and bottom anchors (invisible, weightless edges)."""
    for node in nodes:
        dot.edge(top, node, style="invis", weight="0")
        dot.edge(node, bottom, style="invis", weight="0")


def align_lanes(dot: Dot, tops: list[str], bottoms: list[str]) -> None:
    """Give every lane the same height and keep them in order from left to right."""
    dot.same_rank(tops)
    dot.same_rank(bottoms)
    for left, right in zip(tops, tops[1:], strict=False):
        dot.edge(left, right, style="invis")


def lane_header(sector: str) -> Html:
    """The bold lane title."""
    return Html(f'<FONT POINT-SIZE="13"><B>{esc(sector_label(sector))}</B></FONT>')
