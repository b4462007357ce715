"""Time drawing the freeze's diagrams: one Graphviz run per format against one per diagram.

    .venv/bin/python bench/draw.py [PATHWAYS_DIR] [--sample 120] [--workers 2]

Without PATHWAYS_DIR the national corpus (bench/national.py, 1×) is written into a temporary
folder. A seeded sample of its diagrams (every pathway, role and kommune diagram and the
overview) is drawn three ways into empty caches, in the same run:

1. floor: `dot -Tsvg` alone for each diagram (the layout and the cheapest format);
2. per format: svg, png and pdf each in its own Graphviz run (`draw_now`, as the freeze did);
3. per diagram: `drawpool.draw_all`, which lays each diagram out once for all three formats.

Each prints wall time, Graphviz CPU (user + system of the child processes) and drawings made.
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import national  # noqa: E402

from navigator.build import build_site  # noqa: E402
from navigator.core import paths  # noqa: E402
from navigator.diagrams.diagram import DRAWN_FORMATS, drawings, every_diagram  # noqa: E402
from navigator.diagrams.dotwriter import draw_now  # noqa: E402
from navigator.diagrams.drawcache import DrawCache  # noqa: E402
from navigator.diagrams.drawpool import draw_all  # noqa: E402


def children_cpu() -> float:
    """User + system seconds of every child process that has ended so far."""
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    return used.ru_utime + used.ru_stime


def timed(label: str, fn: Callable[[], int]) -> None:
    """Run fn, print its wall time, the Graphviz CPU it used and what it drew."""
    cpu, start = children_cpu(), time.perf_counter()
    made = fn()
    wall, used = time.perf_counter() - start, children_cpu() - cpu
    print(f"{label:<34} {wall:8.1f} s wall {used:8.1f} s Graphviz CPU {made:6d} drawings")


def svg_alone(dots: list[str], workers: int) -> int:
    """The floor: each diagram laid out and written as SVG, one `dot` run each."""

    def one(dot: str) -> int:
        subprocess.run(["dot", "-Tsvg"], input=dot.encode("utf-8"), capture_output=True, check=True)
        return 1

    with ThreadPoolExecutor(max_workers=workers) as pool:
        return sum(pool.map(one, dots))


def per_format(jobs: list[tuple[str, str]], workers: int) -> int:
    """Each (DOT, format) in its own Graphviz run, as the freeze drew before."""
    with ThreadPoolExecutor(max_workers=workers) as pool:
        return sum(1 for _ in pool.map(lambda job: draw_now(*job), jobs))


def main() -> None:
    """Print the three timings for a sample of the corpus's diagrams."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("pathways", nargs="?", type=Path)
    parser.add_argument("--sample", type=int, default=120, help="diagrams drawn (0: all)")
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="vejviser-bench-draw-") as tmp:
        root = args.pathways
        if root is None:
            root = Path(tmp) / "pathways"
            national.generate(paths.PATHWAYS, root)
        site = build_site(root, shacl=False)
        dots = sorted({item_dot for item_dot, _ in drawings(every_diagram(site))})
        if args.sample and args.sample < len(dots):
            dots = random.Random(19).sample(dots, args.sample)
        jobs = [(dot, fmt) for dot in dots for fmt in DRAWN_FORMATS]
        print(f"{len(dots)} diagrams, formats {', '.join(DRAWN_FORMATS)}, {args.workers} workers")
        print(f"load average before: {os.getloadavg()[0]:.1f}")
        timed("floor: dot -Tsvg per diagram", lambda: svg_alone(dots, args.workers))
        timed("one Graphviz run per format", lambda: per_format(jobs, args.workers))
        cache = DrawCache(Path(tmp) / "cache")
        timed("one run per diagram (draw_all)", lambda: draw_all(cache, jobs, args.workers))
        print(f"load average after: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
