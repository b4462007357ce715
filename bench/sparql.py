"""Time SPARQL: store load, and p50/p95 latency of typical queries over repeated runs.

    .venv/bin/python bench/sparql.py [PATHWAYS_DIR] [--repeat 50] [--copies 0]

Queries run exactly as the /sparql endpoint runs them: in a worker process of a QueryPool,
with the time, memory, row and byte limits, so the figures include the isolation cost. The
in-process time (parse-screen and evaluate, as the CLI runs them) is shown too.
Target: under 50 ms for typical queries.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate import generate  # noqa: E402

from navigator import paths  # noqa: E402
from navigator.build import build_site  # noqa: E402
from navigator.sparql import EXAMPLES, QueryPool, load_store, run_query  # noqa: E402


def percentile(values: list[float], share: float) -> float:
    """The value below which share of the values fall (nearest rank)."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def latency(fn: object, repeat: int) -> tuple[float, float]:
    """p50 and p95 in ms of calling fn repeat times (after one warm-up)."""
    fn()  # type: ignore[operator]
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()  # type: ignore[operator]
        times.append((time.perf_counter() - start) * 1000)
    return percentile(times, 0.5), percentile(times, 0.95)


def report(root: Path, label: str, repeat: int) -> None:
    """Print load time and per-query latency for one pathways folder."""
    site = build_site(root, shacl=False)
    start = time.perf_counter()
    store = load_store(site.graph)
    print(
        f"\n{label}: {len(store)} triples, store loaded in "
        f"{(time.perf_counter() - start) * 1000:.1f} ms"
    )
    print(f"  {'query':<66} {'p50':>7} {'p95':>7} {'in-process p50':>15}")
    pool = QueryPool(store, size=1)
    for title, query in EXAMPLES.items():
        p50, p95 = latency(lambda q=query: run_query(pool, q), repeat)
        inner, _ = latency(lambda q=query: run_query(store, q), repeat)
        print(f"  {title[:66]:<66} {p50:6.1f}ms {p95:6.1f}ms {inner:13.1f}ms")
    pool.close()


def main() -> None:
    """Parse arguments and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("pathways", nargs="?", type=Path, default=paths.PATHWAYS)
    parser.add_argument("--repeat", type=int, default=50)
    parser.add_argument("--copies", type=int, default=0, help="also time an N-times corpus")
    args = parser.parse_args()
    report(args.pathways, str(args.pathways), args.repeat)
    if args.copies:
        with tempfile.TemporaryDirectory() as tmp:
            generate(args.pathways, Path(tmp), args.copies)
            report(Path(tmp), f"{args.copies}x corpus", max(5, args.repeat // 5))


if __name__ == "__main__":
    main()
