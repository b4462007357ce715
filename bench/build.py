"""Time each stage of the pipeline and measure peak memory: pathways/, 20x and national corpora.

    .venv/bin/python bench/build.py [PATHWAYS_DIR] [--copies 20] [--repeat 3] [--kommuner 98]
        [--scales 1,2,4] [--stages]

For pathways/ and the 20x corpus it times each stage in this process, beside two floors
measured in the same run on the same input: parsing the files with PyYAML's libyaml parser
(CSafeLoader, no positions, no checks) and loading the compiled graph, as N-Triples, into
pyoxigraph. Stage times are the median of --repeat runs after one warm-up run (which parses
the JSON Schema and the SHACL shapes once, as a long-running process would); peak memory is
measured in a separate run under tracemalloc, which slows Python down, so it is not timed.

For every corpus, and for the national corpus of bench/national.py at each of --scales (1x is
about 240k triples), it runs the whole commands as a user does: `navigator validate DIR` and
`navigator build --no-cache DIR --out TMP`, each a new process (imports included) under
/usr/bin/time: wall time, CPU time (user + system, which a shared machine's load barely
changes) and peak RSS, median of --repeat runs. Beside them, also as new processes on the
same input: libyaml parsing every file, pyoxigraph loading the graph.nt the build wrote, and
Python starting and importing the command line. Targets (issue 19): validate + build of the
1x national corpus under 8 s and 350 MB peak RSS; 2x under 15 s and 600 MB; the shipped
pathways under 1 s. --stages also times each stage of the national corpora.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import national  # noqa: E402
import pyoxigraph  # noqa: E402
import yaml  # noqa: E402
from generate import generate  # noqa: E402

from navigator.answers.danger import pattern_problems  # noqa: E402
from navigator.answers.search import build_index  # noqa: E402
from navigator.build import _context, no_gc  # noqa: E402
from navigator.core import paths  # noqa: E402
from navigator.graph import rdfwrite  # noqa: E402
from navigator.graph.compile import compile_graph  # noqa: E402
from navigator.graph.network import network_size  # noqa: E402
from navigator.graph.shacl import check_graph  # noqa: E402
from navigator.source.catalogue import build_catalogue  # noqa: E402
from navigator.source.check import check_catalogue  # noqa: E402
from navigator.source.load import load_tree  # noqa: E402
from navigator.source.schema import check_document  # noqa: E402

STAGES = ("load", "schema", "model", "check", "compile", "network", "search", "shacl", "write")
REPO = Path(__file__).resolve().parent.parent


def pipeline(root: Path, step: Callable[[str, Callable[[], Any]], Any]) -> dict[str, int]:
    """Run every stage through step(name, fn); return the sizes of what was built."""
    docs = step("load", lambda: load_tree(root, root))
    step("schema", lambda: [p for d in docs for p in check_document(d)])
    cat = step("model", lambda: build_catalogue(docs))
    problems = step("check", lambda: [*check_catalogue(cat), *pattern_problems(cat)])
    graph, source_map = step("compile", lambda: compile_graph(cat))
    _, edges = step("network", lambda: network_size(cat))
    step("search", lambda: build_index(cat))
    step("shacl", lambda: check_graph(graph, source_map))
    step("write", lambda: _serialise(graph))
    return {
        "files": len(docs),
        "entities": sum(1 for _ in cat.entities()),
        "triples": len(graph),
        "edges": edges,
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


@dataclass(frozen=True)
class Run:
    """One new process: wall seconds, CPU seconds (user + system) and peak RSS in MB."""

    wall: float
    cpu: float
    rss: float


def run_command(args: list[str]) -> Run:
    """Run python with args as a new process under /usr/bin/time; what it cost."""
    with tempfile.NamedTemporaryFile("r", suffix=".time") as report:
        env = {**os.environ, "PYTHONPATH": str(REPO), "VEJVISER_NO_CACHE": "1"}
        done = subprocess.run(  # noqa: S603 - our own command line
            ["/usr/bin/time", "-o", report.name, "-f", "%e %U %S %M", sys.executable, *args],
            cwd=REPO,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            check=False,
        )
        wall, user, system, rss = report.read().split()[-4:]
    if done.returncode:
        raise RuntimeError(f"{args} exited with {done.returncode}")
    return Run(float(wall), float(user) + float(system), int(rss) / 1024)


def _median(runs: list[Run]) -> Run:
    """Median wall and CPU time; the largest peak RSS."""
    return Run(
        statistics.median(r.wall for r in runs),
        statistics.median(r.cpu for r in runs),
        max(r.rss for r in runs),
    )


_LIBYAML = (
    "import pathlib, sys, yaml\n"
    "for p in sorted(pathlib.Path(sys.argv[1]).rglob('*.yaml')):\n"
    "    yaml.load(p.read_bytes(), Loader=yaml.CSafeLoader)"
)
_OXIGRAPH = (
    "import pyoxigraph, sys\n"
    "pyoxigraph.Store().bulk_load(path=sys.argv[1], format=pyoxigraph.RdfFormat.N_TRIPLES)"
)


def command_runs(root: Path, repeat: int) -> tuple[dict[str, Run], int]:
    """validate and build --no-cache as whole commands, beside the floors on the same input:
    libyaml parsing the files and pyoxigraph loading the graph.nt the build wrote. Also the
    number of triples in that graph."""
    with tempfile.TemporaryDirectory() as out:
        runs = {
            "python + imports": ["-c", "import navigator.cli, navigator.buildcache"],
            "validate": ["-m", "navigator", "validate", str(root.resolve())],
            "build --no-cache": ["-m", "navigator", "build", "--no-cache", str(root), "--out", out],
            "floor: libyaml parse": ["-c", _LIBYAML, str(root.resolve())],
            "floor: pyoxigraph load": ["-c", _OXIGRAPH, str(Path(out) / "graph.nt")],
        }
        figures = {
            name: _median([run_command(a) for _ in range(repeat)]) for name, a in runs.items()
        }
        with (Path(out) / "graph.nt").open("rb") as nt:
            triples = sum(1 for _ in nt)
    return figures, triples


def commands(root: Path, repeat: int) -> None:
    """Print the whole validate and build commands' wall time, CPU time and peak RSS."""
    figures, triples = command_runs(root, repeat)
    print(f"  whole commands (new process each, median of {repeat}, no cache), {triples} triples:")
    print(f"    {'':<24}{'wall s':>8}{'CPU s':>8}{'peak MB':>9}")
    for name, run in figures.items():
        print(f"    {name:<24}{run.wall:>8.2f}{run.cpu:>8.2f}{run.rss:>9.0f}")
    both = (figures["validate"], figures["build --no-cache"])
    print(
        f"    {'validate + build':<24}{sum(r.wall for r in both):>8.2f}"
        f"{sum(r.cpu for r in both):>8.2f}{max(r.rss for r in both):>9.0f}"
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
    parser.add_argument(
        "--scales", default="1,2,4", help="sizes of the national corpus (bench/national.py)"
    )
    parser.add_argument(
        "--stages", action="store_true", help="also time each stage of the national corpora"
    )
    args = parser.parse_args()
    print(
        f"Python {sys.version.split()[0]}, median of {args.repeat} runs after a warm-up, "
        f"load average {os.getloadavg()[0]:.1f}"
    )
    measure(f"{args.pathways}", args.pathways, args.repeat)
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus"
        if args.copies:
            generate(args.pathways, corpus, args.copies)
            measure(f"synthetic corpus ({args.copies}x)", corpus, args.repeat)
            shutil.rmtree(corpus)
        for scale in [int(s) for s in args.scales.split(",")] if args.kommuner else []:
            nation = Path(tmp) / f"national-{scale}x"
            national.generate(args.pathways, nation, args.kommuner, scale=scale)
            label = f"national corpus {scale}x ({args.kommuner} kommuner)"
            if args.stages:
                measure(label, nation, args.repeat)
            else:
                print(f"\n{label}, load average {os.getloadavg()[0]:.1f}:")
                commands(nation, args.repeat)
            shutil.rmtree(nation)


if __name__ == "__main__":
    main()
