"""Time each stage of the pipeline and measure peak memory: pathways/, 20x and national corpora.

    .venv/bin/python bench/build.py [PATHWAYS_DIR] [--copies 20] [--repeat 3] [--kommuner 98]

Beside each corpus it prints two floors measured in the same run on the same input: parsing
the files with PyYAML's libyaml parser (CSafeLoader, no positions, no checks) and loading the
compiled graph, as N-Triples, into pyoxigraph.

Then it times the whole commands, as a user runs them: `navigator validate DIR` and
`navigator build --no-cache DIR --out TMP`, each a new process (imports included) under
/usr/bin/time for wall time and peak RSS, median of --repeat runs, beside the floors and the
time Python needs to start and import the command line. Targets: validate + build of the
national corpus under 10 s and 400 MB; the shipped pathways under 1 s.

Times are the median of --repeat runs after one warm-up run (which parses the JSON Schema
and the SHACL shapes once, as a long-running process would). Peak memory is measured in a
separate run under tracemalloc, which slows Python down, so it is not timed.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import national  # noqa: E402
import pyoxigraph  # noqa: E402
import yaml  # noqa: E402
from generate import generate  # noqa: E402

from navigator import paths, rdfwrite  # noqa: E402
from navigator.build import _context, no_gc  # noqa: E402
from navigator.catalogue import build_catalogue  # noqa: E402
from navigator.check import check_catalogue  # noqa: E402
from navigator.compile import compile_graph  # noqa: E402
from navigator.load import load_tree  # noqa: E402
from navigator.network import build_network  # noqa: E402
from navigator.schema import check_document  # noqa: E402
from navigator.search import build_index  # noqa: E402
from navigator.shacl import check_graph  # noqa: E402

STAGES = ("load", "schema", "model", "check", "compile", "network", "search", "shacl", "write")
REPO = Path(__file__).resolve().parent.parent


def pipeline(root: Path, step: Callable[[str, Callable[[], Any]], Any]) -> dict[str, int]:
    """Run every stage through step(name, fn); return the sizes of what was built."""
    docs = step("load", lambda: load_tree(root, root))
    step("schema", lambda: [p for d in docs for p in check_document(d)])
    cat = step("model", lambda: build_catalogue(docs))
    problems = step("check", lambda: check_catalogue(cat))
    graph, source_map = step("compile", lambda: compile_graph(cat))
    network = step("network", lambda: build_network(cat))
    step("search", lambda: build_index(cat))
    step("shacl", lambda: check_graph(graph, source_map))
    step("write", lambda: _serialise(graph))
    return {
        "files": len(docs),
        "entities": sum(1 for _ in cat.entities()),
        "triples": len(graph),
        "edges": network.number_of_edges(),
        "problems": len(problems),
    }


def _serialise(graph: Any) -> int:
    """Turtle, JSON-LD and N-Triples, as write_outputs makes them (without the disk)."""
    index = rdfwrite.GraphIndex(graph)
    texts = (rdfwrite.turtle(index), rdfwrite.jsonld(index, _context()), rdfwrite.ntriples(index))
    return sum(len(t) for t in texts)


def timed(root: Path) -> tuple[dict[str, float], dict[str, int]]:
    times: dict[str, float] = {}

    def step(name: str, fn: Callable[[], Any]) -> Any:
        start = time.perf_counter()
        result = fn()
        times[name] = time.perf_counter() - start
        return result

    with no_gc():  # as build_site runs
        sizes = pipeline(root, step)
    return times, sizes


def peak_memory(root: Path) -> tuple[float, dict[str, float]]:
    """Peak traced memory in MiB for the whole run and for each stage."""
    stage_peaks: dict[str, float] = {}

    def step(name: str, fn: Callable[[], Any]) -> Any:
        tracemalloc.reset_peak()
        base = tracemalloc.get_traced_memory()[0]
        result = fn()
        stage_peaks[name] = (tracemalloc.get_traced_memory()[1] - base) / 2**20
        return result

    tracemalloc.start()
    try:
        pipeline(root, step)
        total = tracemalloc.get_traced_memory()[1] / 2**20
    finally:
        tracemalloc.stop()
    return max(total, *stage_peaks.values()), stage_peaks


def floors(root: Path) -> tuple[float, float]:
    """Seconds for the libyaml parse of every file and the pyoxigraph load of the graph."""
    files = sorted(root.rglob("*.yaml"))
    start = time.perf_counter()
    for path in files:
        yaml.load(path.read_bytes(), Loader=yaml.CSafeLoader)
    parse = time.perf_counter() - start
    graph, _ = compile_graph(build_catalogue(load_tree(root, root)))
    ntriples = graph.serialize(format="nt", encoding="utf-8")
    start = time.perf_counter()
    store = pyoxigraph.Store()
    store.bulk_load(input=ntriples, format=pyoxigraph.RdfFormat.N_TRIPLES)
    return parse, time.perf_counter() - start


def run_command(args: list[str]) -> tuple[float, float]:
    """Wall seconds and peak RSS (MB) of one new process running args, from /usr/bin/time."""
    with tempfile.NamedTemporaryFile("r", suffix=".time") as report:
        env = {**os.environ, "PYTHONPATH": str(REPO), "VEJVISER_NO_CACHE": "1"}
        subprocess.run(  # noqa: S603 - our own command line
            ["/usr/bin/time", "-o", report.name, "-f", "%e %M", sys.executable, *args],
            cwd=REPO,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            check=False,
        )
        wall, rss = report.read().split()[-2:]
    return float(wall), int(rss) / 1024


def commands(root: Path, repeat: int) -> None:
    """Print the whole validate and build commands' wall time and peak RSS."""
    with tempfile.TemporaryDirectory() as out:
        runs = {
            "python + imports": ["-c", "import navigator.cli, navigator.buildcache"],
            "validate": ["-m", "navigator", "validate", str(root.resolve())],
            "build": ["-m", "navigator", "build", str(root.resolve()), "--out", out],
        }
        figures = {name: [run_command(args) for _ in range(repeat)] for name, args in runs.items()}
    wall = {name: statistics.median(r[0] for r in rs) for name, rs in figures.items()}
    rss = {name: max(r[1] for r in rs) for name, rs in figures.items()}
    print(f"  whole commands (new process each, median of {repeat}, no cache):")
    for name in runs:
        print(f"    {name:<18}{wall[name]:>7.2f} s {rss[name]:>7.0f} MB")
    print(
        f"    {'validate + build':<18}{wall['validate'] + wall['build']:>7.2f} s "
        f"{max(rss['validate'], rss['build']):>7.0f} MB peak"
    )


def measure(label: str, root: Path, repeat: int) -> None:
    timed(root)  # warm-up
    runs = [timed(root) for _ in range(repeat)]
    sizes = runs[0][1]
    median = {s: statistics.median(r[0][s] for r in runs) for s in STAGES}
    peak, stage_peaks = peak_memory(root)
    validate = sum(median[s] for s in ("load", "schema", "model", "check"))
    total = sum(median.values())
    print(
        f"\n{label}: {sizes['files']} files, {sizes['entities']} entities, "
        f"{sizes['triples']} triples, {sizes['edges']} network edges, "
        f"{sizes['problems']} problems"
    )
    print(f"  {'stage':<10}{'seconds':>9}{'peak MiB':>10}")
    for stage in STAGES:
        print(f"  {stage:<10}{median[stage]:>9.3f}{stage_peaks[stage]:>10.1f}")
    print(f"  {'validate':<10}{validate:>9.3f}   (load + schema + model + check)")
    print(f"  {'total':<10}{total:>9.3f}{peak:>10.1f}")
    parse, oxigraph = floors(root)
    print(
        f"  floors: libyaml parse {parse:.3f} s (vs load {median['load']:.3f} s), "
        f"pyoxigraph load {oxigraph:.3f} s (vs compile {median['compile']:.3f} s)"
    )
    commands(root, repeat)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("pathways", nargs="?", type=Path, default=paths.PATHWAYS)
    parser.add_argument("--copies", type=int, default=20)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument(
        "--kommuner", type=int, default=98, help="kommuner in the national corpus (0 leaves it out)"
    )
    args = parser.parse_args()
    print(f"Python {sys.version.split()[0]}, median of {args.repeat} runs after a warm-up")
    measure(f"{args.pathways}", args.pathways, args.repeat)
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus"
        if args.copies:
            generate(args.pathways, corpus, args.copies)
            measure(f"synthetic corpus ({args.copies}x)", corpus, args.repeat)
        if args.kommuner:
            nation = Path(tmp) / "national"
            national.generate(args.pathways, nation, args.kommuner)
            measure(f"national corpus ({args.kommuner} kommuner)", nation, args.repeat)


if __name__ == "__main__":
    main()
