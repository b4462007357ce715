"""Memory of the production server on a corpus, and where a built Site's memory goes.

    .venv/bin/python bench/memory.py [PATHWAYS_DIR] [--kommuner 98] [--settle 20] [--parts]

Starts `navigator serve --production` (granian) twice on the same files with an empty cache
folder: "cold" builds the Site and stores it, "warm" restores it (as a restart does). After
the first 200 on /, it asks for a few pages (a search, a /find answer, a service, the front
page again), waits --settle seconds for the pages rendered at swap, and prints the PSS summed
over the server's processes (a page the forked worker shares with its parent counts once) and
the largest RSS. Target (issue 10): under 300 MB on the national corpus. --parts also builds
the Site in this process under tracemalloc and prints the Python memory each part holds.
Without PATHWAYS_DIR the national corpus (bench/national.py) is generated into a temporary
folder.
"""

from __future__ import annotations

import argparse
import gc
import os
import subprocess
import sys
import tempfile
import time
import tracemalloc
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import national  # noqa: E402
from startup import REPO, free_port  # noqa: E402

from navigator.build import build_site  # noqa: E402
from navigator.core import paths  # noqa: E402
from web import memory_mb  # noqa: E402

PAGES = ("/", "/soeg/?q=angst", "/find/?alder=10&bekymring=angst", "/ordliste/", "/")


def served(root: Path, cache: Path, settle: float) -> tuple[float, float, float]:
    """(seconds to the first 200, PSS MB, largest RSS MB) of one production server start."""
    port = free_port()
    command = [sys.executable, "-m", "navigator", "serve", str(root), "--production"]
    command += ["--port", str(port)]
    env = {**os.environ, "VEJVISER_CACHE_DIR": str(cache), "PYTHONPATH": str(REPO)}
    start = time.perf_counter()
    server = subprocess.Popen(  # noqa: S603 - our own command line
        command, cwd=REPO, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        first = _first_answer(f"http://127.0.0.1:{port}", start, server)
        for page in PAGES:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}{page}", timeout=60) as answer:
                answer.read()
        time.sleep(settle)
        pss, rss = memory_mb(server.pid)
        return first, pss, rss
    finally:
        server.terminate()
        server.wait(timeout=30)


def _first_answer(base: str, start: float, server: subprocess.Popen[bytes]) -> float:
    while time.perf_counter() - start < 300:
        if server.poll() is not None:
            raise RuntimeError(f"the server exited with {server.returncode}")
        try:
            with urllib.request.urlopen(base + "/", timeout=5) as answer:
                if answer.status == 200:
                    return time.perf_counter() - start
        except OSError:
            pass
        time.sleep(0.05)
    raise RuntimeError("no answer within 300 s")


def parts(root: Path) -> None:
    """The Python memory (tracemalloc) of a built Site, and of each part dropped in turn."""
    tracemalloc.start()
    site = build_site(root, shacl=False)
    gc.collect()
    total = tracemalloc.get_traced_memory()[0]
    print(f"Site built under tracemalloc: {total / 2**20:.0f} MB of Python objects")
    for name in ("graph", "search_index", "source_map", "catalogue"):
        object.__setattr__(site, name, None)  # measuring only: this Site is thrown away
        gc.collect()
        now = tracemalloc.get_traced_memory()[0]
        print(f"  {name:<14}{(total - now) / 2**20:>6.0f} MB")
        total = now
    print(f"  {'the rest':<14}{total / 2**20:>6.0f} MB (problems, timings, interned text)")
    tracemalloc.stop()


def measure(root: Path, settle: float, with_parts: bool) -> None:
    """Print the cold and warm server's memory, then (with_parts) the Site's parts."""
    print(f"{'start':<8}{'first 200 (s)':>14}{'PSS (MB)':>10}{'largest RSS (MB)':>18}")
    with tempfile.TemporaryDirectory() as tmp:
        for label in ("cold", "warm"):
            first, pss, rss = served(root, Path(tmp), settle)
            print(f"{label:<8}{first:>14.1f}{pss:>10.0f}{rss:>18.0f}")
    if with_parts:
        parts(root)


def main() -> None:
    """Parse arguments and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("pathways", nargs="?", type=Path)
    parser.add_argument("--kommuner", type=int, default=98)
    parser.add_argument("--settle", type=float, default=20.0)
    parser.add_argument("--parts", action="store_true")
    args = parser.parse_args()
    print(f"Python {sys.version.split()[0]}, load average {os.getloadavg()[0]:.1f}")
    if args.pathways:
        print(f"{args.pathways}:")
        measure(args.pathways.resolve(), args.settle, args.parts)
        return
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "national"
        national.generate(paths.PATHWAYS, root, args.kommuner)
        print(f"national corpus ({args.kommuner} kommuner):")
        measure(root, args.settle, args.parts)


if __name__ == "__main__":
    main()
