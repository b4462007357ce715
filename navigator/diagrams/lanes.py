"""Keep swimlanes in a fixed order: lay out with dot, then move whole lanes and re-route edges.

`dot` draws clusters side by side in whatever order crosses fewest edges, and ignores every
hint to do otherwise. So a diagram that names its lanes in the graph attribute `vv_lanes`
is laid out once by dot; if dot kept the order, that drawing is used as it is. Otherwise each
lane is shifted sideways into place (nodes keep dot's positions within their lane), the lanes
are painted as a `_background`, and `neato -n2` routes the edges again around the pinned nodes.
"""

from __future__ import annotations

import html
import json
import re
import tempfile
from pathlib import Path
from typing import Any

from .graphviz import device_outputs, run_graphviz

GAP = 8.0
MAX_ROUTED_NODES = 200  # neato's spline router gets slow past this; then dot's order stands
_NODE = re.compile(r'^(\s*)("[^"]*")(?: \[(.*)\])?;$')
_EDGE = re.compile(r'^\s*"[^"]*" -> "[^"]*"')


def wanted_lanes(dot: str) -> list[str]:
    """The lane cluster names a DOT text asks to keep in order (empty if none)."""
    match = re.search(r'vv_lanes="([^"]*)"', dot)
    return match.group(1).split() if match else []


def render_lanes(binary: str, dot: str, devices: list[str], timeout: float) -> list[bytes]:
    """A lane diagram on each device, laid out once (and routed again once if dot moved a lane)."""
    with tempfile.TemporaryDirectory(prefix="vejviser-draw-") as tmp:
        layout_file = Path(tmp) / "layout.json"
        pictures = [Path(tmp) / f"picture{n}" for n in range(len(devices))]
        run_graphviz(
            binary,
            ["-Tjson0", "-o", str(layout_file), *device_outputs(devices, pictures)],
            dot,
            timeout,
        )
        layout = json.loads(layout_file.read_text(encoding="utf-8"))
        lanes = _lanes(layout, wanted_lanes(dot))
        drawn = sorted(lanes, key=lambda name: lanes[name]["bb"][0])
        nodes = sum(1 for item in layout.get("objects", []) if "pos" in item)
        if drawn != list(lanes) and nodes <= MAX_ROUTED_NODES:
            pinned = pin(dot, layout, lanes)
            neato = str(Path(binary).with_name("neato"))
            run_graphviz(neato, ["-n2", *device_outputs(devices, pictures)], pinned, timeout)
        return [picture.read_bytes() for picture in pictures]


def _lanes(layout: dict[str, Any], order: list[str]) -> dict[str, dict[str, Any]]:
    """Per lane cluster, in the wanted order: its box, style, title and member node names."""
    objects = layout.get("objects", [])
    found = {o["name"]: o for o in objects if o.get("name") in order and "bb" in o}
    lanes = {}
    for name in order:
        if name in found:
            cluster = found[name]
            lanes[name] = {
                "bb": [float(v) for v in cluster["bb"].split(",")],
                "fill": cluster.get("fillcolor", "#FFFFFF"),
                "line": cluster.get("color", "#999999"),
                "title": html.unescape(re.sub(r"<[^>]*>", "", cluster.get("label", ""))),
                "lp": cluster.get("lp"),
                "nodes": {objects[i]["name"] for i in cluster.get("nodes", [])},
            }
    return lanes


def _shifts(lanes: dict[str, dict[str, Any]]) -> dict[str, float]:
    """How far to move each lane so they sit left to right in order, as tightly as dot had them."""
    x = min(lane["bb"][0] for lane in lanes.values())
    shifts = {}
    for name, lane in lanes.items():
        left, _, right, _ = lane["bb"]
        shifts[name] = x - left
        x += right - left + GAP
    return shifts


def _background(lanes: dict[str, dict[str, Any]], shifts: dict[str, float]) -> str:
    """xdot drawing operations for the lane boxes and their bold titles."""
    ops = []
    for name, lane in lanes.items():
        left, bottom, right, top = lane["bb"]
        left, right = left + shifts[name], right + shifts[name]
        ops.append(
            f"c 7 -{lane['line'][:7]} C 7 -{lane['fill'][:7]} "
            f"P 4 {left:.2f} {bottom:.2f} {left:.2f} {top:.2f} {right:.2f} {top:.2f} "
            f"{right:.2f} {bottom:.2f}"
        )
        if lane["title"] and lane["lp"]:
            title = lane["title"]
            size = 10.0 if name == "cluster_legend" else 13.0
            ops.append(
                f"F {size:.1f} 11 -DejaVu Sans t 1 c 7 -#000000 "
                f"T {left + 8:.2f} {top - 6 - size:.2f} -1 {right - left:.2f} "
                f"{len(title.encode('utf-8'))} -{title} t 0"
            )
    return " ".join(ops)


def pin(dot: str, layout: dict[str, Any], lanes: dict[str, dict[str, Any]]) -> str:
    """The DOT text for neato -n2: no clusters, every node pinned, lanes as a background."""
    shifts = _shifts(lanes)
    lane_of = {node: name for name, lane in lanes.items() for node in lane["nodes"]}
    where = {}
    for item in layout.get("objects", []):
        if "pos" in item:
            x, y = (float(v) for v in item["pos"].split(","))
            where[item["name"]] = (x + shifts.get(lane_of.get(item["name"], ""), 0.0), y)
    lines = []
    for line in dot.splitlines():
        kept = _pinned_line(line, where)
        if kept is not None:
            lines.append(kept)
    corners = _corners(lanes, shifts)
    graph = f'  graph [splines="true", _background="{_background(lanes, shifts)}"];'
    return "\n".join([lines[0], graph, *lines[1:-1], *corners, lines[-1]]) + "\n"


def _pinned_line(line: str, where: dict[str, tuple[float, float]]) -> str | None:
    """One line of the lane DOT as neato needs it; None drops it."""
    stripped = line.strip()
    if stripped.startswith(("subgraph ", "{rank=")) or stripped == "}" and line != "}":
        return None
    if re.match(r"^[a-z]+=.*;$", stripped):  # a cluster's own attributes
        return None
    if _EDGE.match(line):
        return None if 'style="invis"' in line else line
    node = _NODE.match(line)
    if node and not stripped.startswith(("graph ", "node ", "edge ")):
        name = json.loads(node.group(2))
        if name in where:
            x, y = where[name]
            attrs = f'pos="{x:.2f},{y:.2f}!"' + (f", {node.group(3)}" if node.group(3) else "")
            return f"  {node.group(2)} [{attrs}];"
    return line


def _corners(lanes: dict[str, dict[str, Any]], shifts: dict[str, float]) -> list[str]:
    """Invisible nodes at the lanes' outer corners, so the drawing is not cropped."""
    boxes = [
        (lane["bb"][0] + shifts[name], lane["bb"][1], lane["bb"][2] + shifts[name], lane["bb"][3])
        for name, lane in lanes.items()
    ]
    low = (min(b[0] for b in boxes), min(b[1] for b in boxes))
    high = (max(b[2] for b in boxes), max(b[3] for b in boxes))
    return [
        f'  "corner:{i}" [pos="{x:.2f},{y:.2f}!", shape="point", style="invis", '
        f'width="0", height="0", label=""];'
        for i, (x, y) in enumerate((low, high))
    ]
