"""Safe, deterministic Graphviz DOT text, the shared visual style, and rendering with `dot`."""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
import textwrap
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ..core import codes
from ..core.errors import NavigatorError
from ..core.urls import DIAGRAM_FORMATS
from . import drawcache
from .graphviz import device_outputs, run_graphviz
from .lanes import render_lanes, wanted_lanes
from .paper import fit_on_paper

FONT = "DejaVu Sans"
RENDER_TIMEOUT = 20.0

# Okabe–Ito, safe for the common colour-vision deficiencies; light tints for lane backgrounds.
SECTOR_COLOURS = {
    "familie": ("#E69F00", "#FDF3DC"),
    "kommune": ("#0072B2", "#E3F0F8"),
    "almen-praksis": ("#009E73", "#E0F3EC"),
    "region": ("#CC79A7", "#F8E8F1"),
    "civilsamfund": ("#D55E00", "#FBE8DA"),
    "stat": ("#56B4E9", "#E8F5FC"),
    "": ("#666666", "#F2F2F2"),  # a service with no sector (a node, never a lane)
}
METHOD_COLOURS = {
    "henvisning": "#0072B2",
    "underretning": "#D55E00",
    "epikrise": "#009E73",
    "netvaerksmoede": "#CC79A7",
    "korrespondance": "#8C6200",
    "raadgivning": "#3A8BBF",
    "orientering": "#000000",
}
# Line style carries how sure a fact is, in every diagram, so meaning never rests on colour.
FACT_STYLES = {"verified": "solid", "stated": "dashed", "unverified": "dotted", None: "dotted"}
# A note only where a fact is not verified; a missing status reads as not verified.
FACT_NOTES: dict[str | None, str] = {
    code: "" if code == "verified" else label for code, label in codes.FACT_STATUSES.items()
}
FACT_NOTES[None] = codes.FACT_STATUSES["unverified"]

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class DiagramError(NavigatorError):
    """Graphviz is missing, timed out or refused the input."""


class DiagramTimeout(DiagramError):
    """Graphviz took longer than RENDER_TIMEOUT: trying again would take as long."""


def timed_out() -> DiagramTimeout:
    """The error of a drawing that took Graphviz longer than RENDER_TIMEOUT."""
    return DiagramTimeout(f"Graphviz took longer than {RENDER_TIMEOUT:.0f} s")


@dataclass(frozen=True)
class Html:
    """A fragment of Graphviz HTML-like label markup that is already escaped."""

    markup: str


def clean(text: object) -> str:
    """Text with control characters removed and line ends normalised."""
    return _CONTROL.sub("", str(text)).replace("\r\n", "\n").replace("\r", "\n")


def quote(text: object) -> str:
    """A DOT double-quoted string; backslashes and quotes can never end or escape it."""
    body = clean(text).replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return f'"{body}"'


def esc(text: object) -> str:
    """Text escaped for an HTML-like label (XML entities; newlines become spaces)."""
    body = clean(text).replace("\n", " ")
    return (
        body.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
    )


def lines(text: object, width: int = 30) -> list[str]:
    """Text wrapped to lines of at most width characters (long words are kept whole)."""
    flat = " ".join(clean(text).split())
    return textwrap.wrap(flat, width, break_long_words=False, break_on_hyphens=False) or [""]


def wrapped(
    text: object, width: int = 30, size: int | None = None, bold: bool = False, italic: bool = False
) -> str:
    """Escaped, wrapped HTML-like markup for one piece of text."""
    body = "<BR/>".join(esc(line) for line in lines(text, width))
    if bold:
        body = f"<B>{body}</B>"
    if italic:
        body = f"<I>{body}</I>"
    return f'<FONT POINT-SIZE="{size}">{body}</FONT>' if size else body


def html(*parts: str) -> Html:
    """Join markup parts, one per line, into a label."""
    return Html("<BR/>".join(part for part in parts if part))


def attrs(values: dict[str, object]) -> str:
    """A DOT attribute list; Html values become <...> labels, others quoted strings."""
    items = []
    for key, value in values.items():
        if value is None:
            continue
        text = f"<{value.markup}>" if isinstance(value, Html) else quote(value)
        items.append(f"{key}={text}")
    return f" [{', '.join(items)}]" if items else ""


def fact_style(status: str | None, base: str = "") -> str:
    """The style attribute for an element with this fact status."""
    return ",".join(part for part in (base, FACT_STYLES.get(status, "dotted")) if part)


@dataclass
class Dot:
    """An append-only DOT document; statements come out in the order they were added."""

    name: str
    graph: dict[str, object] = field(default_factory=dict)
    body: list[str] = field(default_factory=list)
    depth: int = 1

    def node(self, node_id: str, **values: object) -> None:
        """Add a node statement."""
        self.body.append("  " * self.depth + quote(node_id) + attrs(values) + ";")

    def edge(self, tail: str, head: str, **values: object) -> None:
        """Add an edge statement."""
        statement = f"{quote(tail)} -> {quote(head)}{attrs(values)};"
        self.body.append("  " * self.depth + statement)

    def open(self, name: str, **values: object) -> None:
        """Open a subgraph (a cluster when name starts with 'cluster')."""
        self.body.append("  " * self.depth + f"subgraph {quote(name)} {{")
        self.depth += 1
        for key, value in values.items():
            self.body.append("  " * self.depth + attrs({key: value})[2:-1] + ";")

    def close(self) -> None:
        """Close the innermost subgraph."""
        self.depth -= 1
        self.body.append("  " * self.depth + "}")

    def same_rank(self, node_ids: Iterable[str], rank: str = "same") -> None:
        """Put nodes on one rank."""
        ids = "; ".join(quote(n) for n in node_ids)
        self.body.append("  " * self.depth + f"{{rank={rank}; {ids};}}")

    def source(self) -> str:
        """The whole document as DOT text."""
        graph = attrs(self.graph or {"pad": "0.1"})
        head = [
            f"digraph {quote(self.name)} {{",
            f"  graph{graph};",
            "  node"
            + attrs(
                {
                    "fontname": FONT,
                    "fontsize": "11",
                    "shape": "box",
                    "style": "rounded,filled",
                    "fillcolor": "#FFFFFF",
                    "margin": "0.12,0.06",
                }
            )
            + ";",
            "  edge" + attrs({"fontname": FONT, "fontsize": "9", "color": "#555555"}) + ";",
        ]
        return "\n".join(head + self.body + ["}"]) + "\n"


def lane_order(sectors: Iterable[str], legend: bool) -> str:
    """The vv_lanes attribute: lane cluster names in the order they must be drawn."""
    names = [f"cluster_lane_{sector}" for sector in sectors]
    return " ".join(names + (["cluster_legend"] if legend else []))


def graph_defaults(label: Html, rankdir: str = "TB") -> dict[str, object]:
    """Graph attributes every diagram shares: font, caption at the bottom, bounded layout."""
    return {
        "rankdir": rankdir,
        "newrank": "true",
        "compound": "true",
        "fontname": FONT,
        "fontsize": "11",
        "labelloc": "b",
        "labeljust": "l",
        "label": label,
        "nodesep": "0.3",
        "ranksep": "0.45",
        "nslimit": "50",
        "mclimit": "2",
        "pad": "0.2",
        "bgcolor": "#FFFFFF",
    }


def render(dot: str, fmt: str) -> bytes:
    """Render DOT with the Graphviz `dot` binary; 'dot' returns the text itself."""
    if fmt not in DIAGRAM_FORMATS:
        raise DiagramError(f"unknown format '{fmt}'; use one of {', '.join(DIAGRAM_FORMATS)}")
    if fmt == "dot":
        return dot.encode("utf-8")
    cache = drawcache.active()
    if cache is None:
        return draw_now(dot, fmt)
    key = drawcache.draw_key(dot, fmt)
    if key in cache.timed_out:
        # the freeze's pool gave Graphviz its time on this drawing already: a second try
        # would wait as long again and end the same way, in the summary
        raise timed_out()
    found = cache.get(key)
    if found is None:
        try:
            found = draw_now(dot, fmt)
        except DiagramTimeout:
            cache.timed_out.add(key)
            raise
        cache.put(key, found)
    return found


DEVICES = {"png": "png:cairo", "pdf": "pdf:cairo"}
"""The Graphviz output device of each drawn format (cairo, for the same fonts in every format)."""


def draw_now(dot: str, fmt: str) -> bytes:
    """Render DOT to svg, png or pdf with Graphviz, past any cache."""
    return draw_formats(dot, (fmt,))[fmt]


def draw_formats(dot: str, formats: Sequence[str]) -> dict[str, bytes]:
    """Render DOT to each of svg, png and pdf from one Graphviz layout, past any cache.

    The bytes of each format are those of a run for that format alone (Graphviz lays out once
    and writes every device from the same layout); only a PDF that must shrink to fit its
    sheet is laid out again."""
    drawn, late = draw_what_fits(dot, formats)
    if late:
        raise timed_out()
    return drawn


def draw_what_fits(dot: str, formats: Sequence[str]) -> tuple[dict[str, bytes], tuple[str, ...]]:
    """draw_formats, and the formats Graphviz ran out of time on instead of an error: all of
    them when the layout did, only the PDF when shrinking it to its sheet did (the others are
    drawn by then and kept)."""
    binary = shutil.which("dot")
    if binary is None:
        raise DiagramError("Graphviz is not installed: the 'dot' program was not found")
    wanted = list(dict.fromkeys(formats))
    try:
        made = _draw(binary, dot, [DEVICES.get(f, f) for f in wanted])
    except DiagramTimeout:
        return {}, tuple(wanted)
    drawn = dict(zip(wanted, made, strict=True))
    if "pdf" in drawn:
        try:
            drawn["pdf"] = _paper_pdf(binary, dot, drawn["pdf"])
        except DiagramTimeout:
            del drawn["pdf"]
            return drawn, ("pdf",)
    return drawn, ()


def _paper_pdf(binary: str, dot: str, natural: bytes) -> bytes:
    """A PDF on an A4 or A3 sheet: the natural drawing, or drawn again smaller if it must shrink."""
    device = DEVICES["pdf"]
    try:
        return fit_on_paper(lambda text: _draw(binary, text, [device])[0], dot, natural)
    except ValueError as exc:
        raise DiagramError(f"could not place the PDF on paper: {exc}") from exc


def _draw(binary: str, dot: str, devices: list[str]) -> list[bytes]:
    """One Graphviz layout written to each device; lane diagrams go through lanes.render_lanes."""
    try:
        if wanted_lanes(dot):
            return render_lanes(binary, dot, devices, RENDER_TIMEOUT)
        with tempfile.TemporaryDirectory(prefix="vejviser-draw-") as tmp:
            files = [Path(tmp) / f"drawing{n}" for n in range(len(devices))]
            run_graphviz(binary, device_outputs(devices, files), dot, RENDER_TIMEOUT)
            return [file.read_bytes() for file in files]
    except subprocess.TimeoutExpired as exc:
        raise timed_out() from exc
    except (RuntimeError, ValueError, KeyError) as exc:
        raise DiagramError(f"Graphviz failed: {exc}") from exc
    except OSError as exc:  # no room or no right to write the drawings' temporary files
        raise DiagramError(f"could not run Graphviz: {exc}") from exc


_PROLOG = re.compile(r"<\?xml[^>]*\?>\s*|<!DOCTYPE[^>]*>\s*|<!--.*?-->\s*", re.S)


def accessible_svg(svg: str, ident: str, title: str, desc: str, inline: bool) -> str:
    """SVG with role="img", a <title> and a <desc>; inline drops the prolog and prefixes ids."""
    if inline:
        svg = _PROLOG.sub("", svg)
        svg = re.sub(r'(\s)id="', rf'\1id="{ident}-', svg)
    labels = f"{ident}-title {ident}-desc"
    head = (
        f'<title id="{ident}-title">{esc(title)}</title><desc id="{ident}-desc">{esc(desc)}</desc>'
    )
    return re.sub(
        r"<svg\b([^>]*)>",
        lambda m: f'<svg{m.group(1)} role="img" aria-labelledby="{labels}">\n{head}',
        svg,
        count=1,
    )
