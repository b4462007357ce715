"""Do heavy SPARQL queries slow the rest of the site? p50/p99 of pages while 8 queries run.

    .venv/bin/python bench/sparql_load.py [PATHWAYS_DIR] [--requests 2000] [--heavy 8]

Starts the production server (waitress, 8 threads) in its own process on a loopback port.
First it measures the pages alone; then --heavy threads send heavy queries to /sparql in a
loop, retrying at once whatever the answer (each query runs until its time limit, or is
refused with 503 while every worker is busy), and the same pages are measured again. Prints
p50/p99 per phase and the SPARQL answers by status.
"""

from __future__ import annotations

import argparse
import http.client
import statistics
import sys
import threading
import time
from collections import Counter
from pathlib import Path
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent))

from soak import server  # noqa: E402

from navigator.core import paths  # noqa: E402

PAGES = [
    "/om/",
    "/",
    "/forloeb/kit/",
    "/find/?alder=10&bekymring=angst&kommune=gentofte",
    "/soeg/?q=angst",
]
HEAVY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?p ?x . ?b ?q ?y . ?c ?r ?z . ?d ?s ?w }"


def measure(host: str, requests: int, threads: int = 2) -> dict[str, float]:
    """p50 and p99 in ms over the pages, from a few client threads."""
    times: list[float] = []
    lock = threading.Lock()

    def worker(count: int) -> None:
        conn = http.client.HTTPConnection(host, timeout=60)
        local = []
        for n in range(count):
            start = time.perf_counter()
            conn.request("GET", PAGES[n % len(PAGES)])
            response = conn.getresponse()
            response.read()
            if response.status != 200:
                raise RuntimeError(f"HTTP {response.status}")
            local.append((time.perf_counter() - start) * 1000)
        conn.close()
        with lock:
            times.extend(local)

    pool = [threading.Thread(target=worker, args=(requests // threads,)) for _ in range(threads)]
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join()
    times.sort()
    return {"p50": statistics.median(times), "p99": times[int(len(times) * 0.99)], "max": times[-1]}


def heavy_load(host: str, stop: threading.Event, counts: Counter[int]) -> None:
    """Send the heavy query until told to stop; count answers by status."""
    body = urlencode({"query": HEAVY})
    headers = {
        "Content-Type": "application/x-www-form-urlencoded",
        "Accept": "application/sparql-results+json",
    }
    conn = http.client.HTTPConnection(host, timeout=60)
    while not stop.is_set():
        conn.request("POST", "/sparql", body=body, headers=headers)
        response = conn.getresponse()
        response.read()
        counts[response.status] += 1  # and at once again: an impolite client, ignoring Retry-After
    conn.close()


def main() -> None:
    """Parse arguments, measure both phases, print them."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("pathways", nargs="?", type=Path, default=paths.PATHWAYS)
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--heavy", type=int, default=8)
    args = parser.parse_args()
    with server(args.pathways) as (host, _):
        measure(host, 50)  # warm-up
        quiet = measure(host, args.requests)
        print(
            f"pages alone:              p50 {quiet['p50']:.1f} ms, p99 {quiet['p99']:.1f} ms, "
            f"max {quiet['max']:.1f} ms"
        )
        stop, counts = threading.Event(), Counter[int]()
        heavy = [
            threading.Thread(target=heavy_load, args=(host, stop, counts))
            for _ in range(args.heavy)
        ]
        for thread in heavy:
            thread.start()
        time.sleep(2)  # let the queries take the workers
        busy = measure(host, args.requests)
        stop.set()
        for thread in heavy:
            thread.join()
        print(
            f"with {args.heavy} heavy queries: p50 {busy['p50']:.1f} ms, "
            f"p99 {busy['p99']:.1f} ms, max {busy['max']:.1f} ms"
        )
        print(
            "SPARQL answers by status: " + ", ".join(f"{k}: {v}" for k, v in sorted(counts.items()))
        )


if __name__ == "__main__":
    main()
