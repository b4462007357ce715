"""Time diagram rendering: the largest pathway, the overview, every pathway (and a 20x corpus).

    .venv/bin/python bench/diagram.py [PATHWAYS_DIR] [--repeat 5] [--copies 0]

Each figure is the median of --repeat runs of building the DOT text and rendering it with the
Graphviz `dot` binary (SVG, and PNG for the largest pathway). Target: under 1 s per pathway.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate import generate  # noqa: E402

from navigator.build import Site, build_site  # noqa: E402
from navigator.core import paths  # noqa: E402
from navigator.diagrams.diagram import diagram, render_file  # noqa: E402


def median_ms(fn: Callable[[], object], repeat: int) -> float:
    """Median wall time of fn in milliseconds."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def timed(site: Site, kind: str, entity_id: str | None, fmt: str, repeat: int) -> float:
    """Median ms to build and render one diagram."""
    return median_ms(lambda: render_file(diagram(site, kind, entity_id), fmt), repeat)


def report(site: Site, label: str, repeat: int) -> None:
    """Print render times for one site."""
    cat = site.catalogue
    largest = max(cat.pathways.values(), key=lambda p: (len(p.steps) + len(p.handovers), p.id))
    print(f"\n{label}: {len(cat.pathways)} pathways, {len(site.graph)} triples")
    print(
        f"  largest pathway {largest.id} ({len(largest.steps)} steps, "
        f"{len(largest.handovers)} handovers)"
    )
    text_only = median_ms(lambda: diagram(site, "pathway", largest.id), repeat)
    print(f"    DOT text only        {text_only:8.1f} ms")
    for fmt in ("svg", "png"):
        print(f"    {fmt.upper():<20} {timed(site, 'pathway', largest.id, fmt, repeat):8.1f} ms")
    print(f"  overview SVG           {timed(site, 'overview', None, 'svg', repeat):8.1f} ms")
    each = [timed(site, "pathway", p, "svg", 1) for p in sorted(cat.pathways)]
    print(
        f"  every pathway SVG      max {max(each):.1f} ms, median {statistics.median(each):.1f} ms"
    )


def main() -> None:
    """Parse arguments and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("pathways", nargs="?", type=Path, default=paths.PATHWAYS)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--copies", type=int, default=0, help="also time an N-times corpus")
    args = parser.parse_args()
    report(build_site(args.pathways, shacl=False), str(args.pathways), args.repeat)
    if args.copies:
        with tempfile.TemporaryDirectory() as tmp:
            generate(args.pathways, Path(tmp), args.copies)
            site = build_site(Path(tmp), shacl=False)
            report(site, f"{args.copies}x corpus", max(1, args.repeat // 2))


if __name__ == "__main__":
    main()
