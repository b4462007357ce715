"""Time SPARQL: store load, and p50/p95 latency of typical queries over repeated runs.

    .venv/bin/python bench/sparql.py [PATHWAYS_DIR] [--repeat 50] [--copies 0] [--kommuner 0]

Queries run exactly as the /sparql endpoint runs them: in a worker process of a QueryPool,
with the time, memory, row and byte limits, so the figures include the isolation cost. The
in-process time (parse-screen and evaluate, as the CLI runs them) is shown too, and so are
the one-off costs: copying the Site's graph into pyoxigraph and starting the pool's worker
(it loads the store once and keeps it for every later query). With --kommuner N the
national corpus (bench/national.py) is measured too. Targets: a simple count under 10 ms
p50 at national scale; under 50 ms for typical queries.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import national  # noqa: E402
from generate import generate  # noqa: E402

from navigator.build import build_site  # noqa: E402
from navigator.core import paths  # noqa: E402
from navigator.graph.sparql import EXAMPLES, QueryPool, SparqlError, load_store, run_query  # noqa: E402

QUERIES = {
    "simple count: services": "SELECT (COUNT(?s) AS ?n) WHERE { ?s a schema:Service }",
    "count every triple": "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }",
    **EXAMPLES,
}


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
    loaded = time.perf_counter() - start
    start = time.perf_counter()
    pool = QueryPool(store, size=1)
    run_query(pool, QUERIES["simple count: services"])  # waits for the worker to load
    print(
        f"\n{label}: {len(store)} triples, store loaded in {loaded * 1000:.0f} ms, "
        f"pool started and first answer in {(time.perf_counter() - start) * 1000:.0f} ms"
    )
    print(f"  {'query':<66} {'p50':>7} {'p95':>7} {'in-process p50':>15}")
    for title, query in QUERIES.items():
        try:
            p50, p95 = latency(lambda q=query: run_query(pool, q), repeat)
        except SparqlError as exc:  # over the endpoint's time limit: say so, time it in-process
            start = time.perf_counter()
            run_query(store, query)
            once = (time.perf_counter() - start) * 1000
            print(f"  {title[:66]:<66} refused ({exc.status}); in-process once {once:.0f}ms")
            continue
        inner, _ = latency(lambda q=query: run_query(store, q), repeat)
        print(f"  {title[:66]:<66} {p50:6.1f}ms {p95:6.1f}ms {inner:13.1f}ms")
    pool.close()


def main() -> None:
    """Parse arguments and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("pathways", nargs="?", type=Path, default=paths.PATHWAYS)
    parser.add_argument("--repeat", type=int, default=50)
    parser.add_argument("--copies", type=int, default=0, help="also time an N-times corpus")
    parser.add_argument("--kommuner", type=int, default=0, help="also time a national corpus")
    args = parser.parse_args()
    report(args.pathways, str(args.pathways), args.repeat)
    if args.copies:
        with tempfile.TemporaryDirectory() as tmp:
            generate(args.pathways, Path(tmp), args.copies)
            report(Path(tmp), f"{args.copies}x corpus", max(5, args.repeat // 5))
    if args.kommuner:
        with tempfile.TemporaryDirectory() as tmp:
            national.generate(args.pathways, Path(tmp), args.kommuner)
            report(Path(tmp), f"national corpus ({args.kommuner} kommuner)", args.repeat)


if __name__ == "__main__":
    main()
