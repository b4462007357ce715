"""Latency and throughput of the main pages: the live guide under waitress, and the same pages
frozen and served as static files by Python's http.server, side by side.

    .venv/bin/python bench/web.py [PATHWAYS_DIR] [--requests 400] [--threads 8] [--write-docs]

Both servers run on 127.0.0.1 in this process's threads; the load generator is a bounded pool
of threads, each with one keep-alive http.client connection, sending --requests requests per
page after a short warm-up. Figures are wall-clock per request as the client sees it.
"""

from __future__ import annotations

import argparse
import functools
import http.client
import http.server
import logging
import platform
import re
import statistics
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import waitress

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from navigator import paths  # noqa: E402
from navigator.build import Site, build_site  # noqa: E402
from navigator.freeze import freeze_site  # noqa: E402
from navigator.serve import production_app  # noqa: E402

DOCS = Path(__file__).resolve().parent.parent / "docs" / "web.md"
START, END = "<!-- bench:start -->", "<!-- bench:end -->"


def main_pages(site: Site) -> list[tuple[str, str, bool]]:
    """(label, path, also static) for the pages people use most."""
    cat = site.catalogue
    kommune = "gentofte" if "gentofte" in cat.places else cat.kommuner()[0].id
    pick = lambda table, want: want if want in table else sorted(table)[0]  # noqa: E731
    return [
        ("forside", "/", True),
        ("find (svar)", f"/find/?alder=10&bekymring=bekymring&kommune={kommune}", False),
        ("find (side + data)", "/find-data.json", True),
        ("forløb", f"/forloeb/{pick(cat.pathways, 'kit')}/", True),
        ("tilbud", f"/tilbud/{pick(cat.services, 'stime')}/", True),
        ("rolle", f"/roller/{pick(cat.roles, 'ppr-psykolog')}/", True),
        ("hvem gør hvad", "/hvem-goer-hvad/", True),
        ("søg", "/soeg/?q=angst", False),
    ]


@contextmanager
def waitress_server(root: Path, threads: int) -> Iterator[str]:
    """The production app under waitress on a free port."""
    server = waitress.create_server(production_app(root), host="127.0.0.1", port=0,
                                    threads=threads)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    try:
        yield f"127.0.0.1:{server.effective_port}"
    finally:
        server.close()


class StaticHandler(http.server.SimpleHTTPRequestHandler):
    """Plain files with HTTP/1.1 keep-alive, no request log."""

    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True  # else headers and body wait on delayed ACKs (~40 ms)

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        """Stay quiet."""


@contextmanager
def static_server(site: Site) -> Iterator[str]:
    """The frozen site served by http.server on a free port."""
    with tempfile.TemporaryDirectory() as out:
        freeze_site(site, Path(out), diagrams=False)
        handler = functools.partial(StaticHandler, directory=out)
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        try:
            yield f"127.0.0.1:{server.server_port}"
        finally:
            server.shutdown()
            server.server_close()


def fetch(conn: http.client.HTTPConnection, path: str) -> float:
    """One GET on a kept-alive connection; returns seconds."""
    start = time.perf_counter()
    conn.request("GET", path)
    response = conn.getresponse()
    response.read()
    if response.status != 200:
        raise RuntimeError(f"{path}: HTTP {response.status}")
    return time.perf_counter() - start


def load(host: str, path: str, requests: int, threads: int) -> dict[str, float]:
    """Send a bounded number of requests from a pool of threads; p50, p99 and requests/s."""
    per_thread = [requests // threads + (1 if i < requests % threads else 0)
                  for i in range(threads)]
    times: list[list[float]] = [[] for _ in range(threads)]
    ready = threading.Barrier(threads + 1)

    def worker(index: int) -> None:
        conn = http.client.HTTPConnection(host, timeout=30)
        fetch(conn, path)  # warm-up (connection, caches), not counted
        ready.wait()
        for _ in range(per_thread[index]):
            times[index].append(fetch(conn, path))
        conn.close()

    pool = [threading.Thread(target=worker, args=(i,)) for i in range(threads)]
    for thread in pool:
        thread.start()
    ready.wait()
    start = time.perf_counter()
    for thread in pool:
        thread.join()
    elapsed = time.perf_counter() - start
    flat = sorted(t for chunk in times for t in chunk)
    return {"p50": statistics.median(flat) * 1000,
            "p99": flat[min(len(flat) - 1, int(len(flat) * 0.99))] * 1000,
            "rps": len(flat) / elapsed}


def table(rows: list[tuple[str, str, dict[str, float], dict[str, float] | None]]) -> str:
    """A Markdown table of both servers side by side."""
    lines = ["| side | sti | waitress p50 ms | p99 ms | req/s | statisk p50 ms | p99 ms | req/s |",
             "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for label, path, live, frozen in rows:
        static = (f"{frozen['p50']:.2f} | {frozen['p99']:.2f} | {frozen['rps']:.0f}"
                  if frozen else "– | – | –")
        lines.append(f"| {label} | `{path}` | {live['p50']:.2f} | {live['p99']:.2f} | "
                     f"{live['rps']:.0f} | {static} |")
    return "\n".join(lines)


def write_docs(text: str) -> None:
    """Replace the figures between the bench markers in docs/web.md."""
    doc = DOCS.read_text(encoding="utf-8")
    block = f"{START}\n{text}\n{END}"
    DOCS.write_text(re.sub(re.escape(START) + ".*?" + re.escape(END), lambda _: block, doc,
                           flags=re.S), encoding="utf-8")


def main() -> None:
    """Run both servers, measure every main page on each, print and optionally record."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("pathways", nargs="?", type=Path, default=paths.PATHWAYS)
    parser.add_argument("--requests", type=int, default=400, help="Requests per page.")
    parser.add_argument("--threads", type=int, default=8, help="Client threads (and waitress).")
    parser.add_argument("--write-docs", action="store_true", help="Record in docs/web.md.")
    args = parser.parse_args()
    logging.getLogger("waitress.queue").setLevel(logging.ERROR)  # a full queue is the point
    site = build_site(args.pathways, shacl=False)
    pages = main_pages(site)
    rows = []
    with waitress_server(args.pathways, args.threads) as live, static_server(site) as frozen:
        for label, path, static in pages:
            rows.append((label, path, load(live, path, args.requests, args.threads),
                         load(frozen, path.split("?")[0], args.requests, args.threads)
                         if static else None))
    header = (f"{args.requests} requests per page from {args.threads} client threads, keep-alive, "
              f"127.0.0.1; waitress with {args.threads} threads vs. http.server (threading). "
              f"Python {platform.python_version()}, {platform.machine()}, "
              f"{time.strftime('%Y-%m-%d')}.")
    text = f"{header}\n\n{table(rows)}"
    print(text)
    if args.write_docs:
        write_docs(text)
        print(f"\nwrote {DOCS}", file=sys.stderr)


if __name__ == "__main__":
    main()
