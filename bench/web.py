"""Latency and throughput of the main pages: the live guide under waitress, and the same pages
frozen and served as static files by Python's http.server, side by side.

    .venv/bin/python bench/web.py [PATHWAYS_DIR] [--requests 400] [--threads 8] [--write-docs]

Both servers run on 127.0.0.1 in this process's threads; the load generator is a bounded pool
of threads, each with one keep-alive http.client connection, sending --requests requests per
page after a short warm-up. Figures are wall-clock per request as the client sees it.

    .venv/bin/python bench/web.py --wrk [--seconds 8] [--connections 50]
        [--waitress-threads 4,8,16] [--gunicorn DIR] [--write-docs]

With --wrk the load comes from wrk (apt-get install -y wrk nginx-light), and the reference is
nginx serving the frozen site; in the same run: the production app under waitress with pages
served from memory (each --waitress-threads setting), the same app rendering every answer
again (PAGE_MEMORY off: the code before pages were kept), and, with --gunicorn DIR (a directory
holding gunicorn, e.g. `pip install --target DIR gunicorn`), gunicorn gthread workers. Every
server listens on 127.0.0.1 only and is stopped by this script; each run lasts --seconds.
"""

from __future__ import annotations

import argparse
import functools
import http.client
import http.server
import logging
import os
import platform
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import waitress
from flask import Flask

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from navigator import paths  # noqa: E402
from navigator.build import Site, build_site  # noqa: E402
from navigator.web.freeze import freeze_site  # noqa: E402
from navigator.web.serve import production_app  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs" / "web.md"
START, END = "<!-- bench:start -->", "<!-- bench:end -->"
WRK_START, WRK_END = "<!-- bench-wrk:start -->", "<!-- bench-wrk:end -->"
# the targets: share of nginx's requests/s, and p99 in ms
TARGETS = {"fixed": (0.30, 20.0), "query": (0.10, 50.0)}
NGINX_CONF = """worker_processes {workers};
pid {tmp}/nginx.pid;
error_log {tmp}/error.log warn;
events {{ worker_connections 1024; }}
http {{
    include /etc/nginx/mime.types;
    access_log off;
    sendfile on;
    tcp_nopush on;
    client_body_temp_path {tmp}/body;
    proxy_temp_path {tmp}/proxy;
    fastcgi_temp_path {tmp}/fastcgi;
    uwsgi_temp_path {tmp}/uwsgi;
    scgi_temp_path {tmp}/scgi;
    server {{
        listen 127.0.0.1:{port};
        root {root};
        location / {{ try_files $uri $uri/index.html =404; }}
    }}
}}
"""
GUNICORN_APP = """from pathlib import Path
from navigator.web.serve import production_app
app = production_app(Path({root!r}))
"""


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
def waitress_server(root: Path | Flask, threads: int) -> Iterator[str]:
    """The production app (or the given app) under waitress on a free port."""
    app = production_app(root) if isinstance(root, Path) else root
    server = waitress.create_server(app, host="127.0.0.1", port=0, threads=threads)
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
    per_thread = [
        requests // threads + (1 if i < requests % threads else 0) for i in range(threads)
    ]
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
    return {
        "p50": statistics.median(flat) * 1000,
        "p99": flat[min(len(flat) - 1, int(len(flat) * 0.99))] * 1000,
        "rps": len(flat) / elapsed,
    }


def table(rows: list[tuple[str, str, dict[str, float], dict[str, float] | None]]) -> str:
    """A Markdown table of both servers side by side."""
    lines = [
        "| side | sti | waitress p50 ms | p99 ms | req/s | statisk p50 ms | p99 ms | req/s |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for label, path, live, frozen in rows:
        static = (
            f"{frozen['p50']:.2f} | {frozen['p99']:.2f} | {frozen['rps']:.0f}"
            if frozen
            else "– | – | –"
        )
        lines.append(
            f"| {label} | `{path}` | {live['p50']:.2f} | {live['p99']:.2f} | "
            f"{live['rps']:.0f} | {static} |"
        )
    return "\n".join(lines)


def write_docs(text: str, start: str = START, end: str = END) -> None:
    """Replace the figures between a pair of bench markers in docs/web.md."""
    doc = DOCS.read_text(encoding="utf-8")
    block = f"{start}\n{text}\n{end}"
    DOCS.write_text(
        re.sub(re.escape(start) + ".*?" + re.escape(end), lambda _: block, doc, flags=re.S),
        encoding="utf-8",
    )


# ---- wrk against nginx ------------------------------------------------------------------------


def free_port() -> int:
    """A port on 127.0.0.1 that nobody listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def wait_for(host: str, seconds: float = 60.0) -> None:
    """Wait until a server answers on host:port."""
    address, port = host.rsplit(":", 1)
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            socket.create_connection((address, int(port)), timeout=1).close()
            return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"nothing answers on {host}")


@contextmanager
def process(command: list[str], host: str, **options: object) -> Iterator[str]:
    """A server process, stopped (by its own id) when done."""
    child = subprocess.Popen(
        command,
        stdout=subprocess.DEVNULL,  # noqa: S603
        stderr=subprocess.DEVNULL,
        **options,
    )  # type: ignore[call-overload]
    try:
        wait_for(host)
        yield host
    finally:
        child.terminate()
        child.wait(timeout=30)


@contextmanager
def nginx_server(root: Path, workers: int) -> Iterator[str]:
    """nginx serving the frozen site from root, with its config and pid in a temporary dir."""
    with tempfile.TemporaryDirectory() as tmp:
        port = free_port()
        conf = Path(tmp) / "nginx.conf"
        conf.write_text(
            NGINX_CONF.format(workers=workers, tmp=tmp, port=port, root=root), encoding="utf-8"
        )
        with process(
            ["nginx", "-p", tmp, "-c", str(conf), "-g", "daemon off;"], f"127.0.0.1:{port}"
        ) as host:
            yield host


@contextmanager
def gunicorn_server(root: Path, where: Path, workers: int, threads: int) -> Iterator[str]:
    """The production app under gunicorn gthread workers, preloaded, from a module in a tmp dir."""
    with tempfile.TemporaryDirectory() as tmp:
        (Path(tmp) / "vejviser_wsgi.py").write_text(
            GUNICORN_APP.format(root=str(root)), encoding="utf-8"
        )
        port = free_port()
        env = {**os.environ, "PYTHONPATH": os.pathsep.join([tmp, str(where), str(ROOT)])}
        command = [
            sys.executable,
            "-m",
            "gunicorn",
            "--preload",
            "-w",
            str(workers),
            "-k",
            "gthread",
            "--threads",
            str(threads),
            "-b",
            f"127.0.0.1:{port}",
            "vejviser_wsgi:app",
        ]
        with process(command, f"127.0.0.1:{port}", env=env) as host:
            yield host


def readable(tree: Path) -> None:
    """Let nginx's unprivileged workers read the frozen site (temporary dirs are 0700)."""
    for folder in [tree, *(p for p in tree.rglob("*") if p.is_dir())]:
        folder.chmod(0o755)


def wrk(host: str, path: str, seconds: int, connections: int) -> dict[str, float]:
    """requests/s, p50 and p99 (ms) from one wrk run; fails on any non-2xx answer."""
    fetch(http.client.HTTPConnection(host, timeout=30), path)  # warm-up, and 200 or fail
    output = subprocess.run(  # noqa: S603
        ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency", f"http://{host}{path}"],
        capture_output=True,
        text=True,
        check=True,
        timeout=seconds + 60,
    ).stdout
    if "Non-2xx" in output or "Socket errors" in output:
        raise RuntimeError(f"{host}{path}: {output}")
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),  # type: ignore[union-attr]
        "p50": _ms(output, "50%"),
        "p99": _ms(output, "99%"),
    }


def _ms(output: str, label: str) -> float:
    value, unit = re.search(rf"{label}\s+([\d.]+)(us|ms|s)", output).groups()  # type: ignore[union-attr]
    return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]


def wrk_pages(site: Site) -> list[tuple[str, str, str]]:
    """(label, kind, path): the front page, a pathway page, a find answer, a search answer."""
    _, find_answer, _, pathway, *_ = (path for _, path, _ in main_pages(site))
    return [
        ("forside", "fixed", "/"),
        ("forløb", "fixed", pathway),
        ("find (svar)", "query", find_answer),
        ("søg (svar)", "query", "/soeg/?q=angst"),
    ]


def nginx_path(frozen: Path, path: str) -> str:
    """The frozen file nginx serves for a path: the page itself, or the static find helper
    (which answers in the browser) when the live answer has no static twin."""
    bare = path.split("?")[0]
    return (
        bare
        if (frozen / bare.lstrip("/") / "index.html").exists()
        or (frozen / bare.lstrip("/")).is_file()
        else "/find/"
    )


def live_servers(args: argparse.Namespace) -> list[tuple[str, Any]]:
    """(label, context manager factory) for every Flask server to measure."""

    def before() -> Any:
        app = production_app(args.pathways)
        app.config["PAGE_MEMORY"] = False
        return waitress_server(app, 8)

    servers: list[tuple[str, Any]] = [
        ("waitress 8 threads, before (every answer rendered)", before)
    ]
    for threads in args.waitress_threads:
        servers.append(
            (
                f"waitress {threads} threads, from memory",
                functools.partial(waitress_server, args.pathways, threads),
            )
        )
    if args.gunicorn:
        servers.append(
            (
                "gunicorn 2 workers × 4 threads (gthread), from memory",
                functools.partial(
                    gunicorn_server, args.pathways.resolve(), args.gunicorn.resolve(), 2, 4
                ),
            )
        )
    return servers


def verdict(kind: str, live: dict[str, float], reference: dict[str, float]) -> str:
    """The share of nginx's requests/s, and whether the issue's targets are met."""
    share, p99 = TARGETS[kind]
    ratio = live["rps"] / reference["rps"]
    met = ratio >= share and live["p99"] < p99
    return f"{ratio:.0%} {'✓' if met else '✗'}"


def wrk_main(args: argparse.Namespace) -> None:
    """nginx and every live server, each page under wrk; print and optionally record."""
    site = build_site(args.pathways, shacl=False)
    pages = wrk_pages(site)
    lines = [
        "| server | side | req/s | p50 ms | p99 ms | andel af nginx (mål) |",
        "| --- | --- | ---: | ---: | ---: | --- |",
    ]
    with tempfile.TemporaryDirectory() as out:
        frozen = Path(out) / "site"
        freeze_site(site, frozen, diagrams=False)
        readable(Path(out))
        reference = {}
        with nginx_server(frozen, args.nginx_workers) as host:
            for label, _, path in pages:
                served = nginx_path(frozen, path)
                reference[label] = wrk(host, served, args.seconds, args.connections)
                shown = label if served == path.split("?")[0] else f"{label} (statisk {served})"
                lines.append(
                    _row(
                        f"nginx {args.nginx_workers} workers, frozen", shown, reference[label], "–"
                    )
                )
                print(lines[-1], flush=True)
    for name, server in live_servers(args):
        with server() as host:
            for label, kind, path in pages:
                figures = wrk(host, path, args.seconds, args.connections)
                lines.append(_row(name, label, figures, verdict(kind, figures, reference[label])))
                print(lines[-1], flush=True)
    header = (
        f"wrk -t2 -c{args.connections} -d{args.seconds}s per row, 127.0.0.1, all in one run; "
        f"{os.cpu_count()} vCPU shared with other work, Python {platform.python_version()}, "
        f"{platform.machine()}, commit {_commit()}, {time.strftime('%Y-%m-%d')}. "
        "Targets: fixed pages ≥ 30 % of nginx with p99 < 20 ms; /find and /soeg "
        "≥ 10 % with p99 < 50 ms."
    )
    text = f"{header}\n\n" + "\n".join(lines)
    print(text)
    if args.write_docs:
        write_docs(text, WRK_START, WRK_END)
        print(f"\nwrote {DOCS}", file=sys.stderr)


def _row(server: str, label: str, figures: dict[str, float], share: str) -> str:
    return (
        f"| {server} | {label} | {figures['rps']:.0f} | {figures['p50']:.2f} | "
        f"{figures['p99']:.2f} | {share} |"
    )


def _commit() -> str:
    result = subprocess.run(
        ["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"],  # noqa: S607
        capture_output=True,
        text=True,
        check=False,
    )
    return result.stdout.strip() or "?"


def main() -> None:
    """Run both servers, measure every main page on each, print and optionally record."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("pathways", nargs="?", type=Path, default=paths.PATHWAYS)
    parser.add_argument("--requests", type=int, default=400, help="Requests per page.")
    parser.add_argument("--threads", type=int, default=8, help="Client threads (and waitress).")
    parser.add_argument("--write-docs", action="store_true", help="Record in docs/web.md.")
    parser.add_argument("--wrk", action="store_true", help="wrk against nginx (see above).")
    parser.add_argument("--seconds", type=int, default=8, help="Length of each wrk run.")
    parser.add_argument("--connections", type=int, default=50, help="wrk connections.")
    parser.add_argument("--nginx-workers", type=int, default=2, help="nginx worker processes.")
    parser.add_argument(
        "--waitress-threads",
        type=lambda v: [int(t) for t in v.split(",")],
        default=[8],
        help="Comma-separated waitress thread counts to try.",
    )
    parser.add_argument("--gunicorn", type=Path, help="A directory holding gunicorn.")
    args = parser.parse_args()
    logging.getLogger("waitress.queue").setLevel(logging.ERROR)  # a full queue is the point
    if args.wrk:
        if not (shutil.which("wrk") and shutil.which("nginx")):
            sys.exit("needs wrk and nginx: apt-get install -y wrk nginx-light")
        wrk_main(args)
        return
    site = build_site(args.pathways, shacl=False)
    pages = main_pages(site)
    rows = []
    with waitress_server(args.pathways, args.threads) as live, static_server(site) as frozen:
        for label, path, static in pages:
            rows.append(
                (
                    label,
                    path,
                    load(live, path, args.requests, args.threads),
                    load(frozen, path.split("?")[0], args.requests, args.threads)
                    if static
                    else None,
                )
            )
    header = (
        f"{args.requests} requests per page from {args.threads} client threads, keep-alive, "
        f"127.0.0.1; waitress with {args.threads} threads vs. http.server (threading). "
        f"Python {platform.python_version()}, {platform.machine()}, "
        f"{time.strftime('%Y-%m-%d')}."
    )
    text = f"{header}\n\n{table(rows)}"
    print(text)
    if args.write_docs:
        write_docs(text)
        print(f"\nwrote {DOCS}", file=sys.stderr)


if __name__ == "__main__":
    main()
