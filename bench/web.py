"""Latency and throughput of the main pages: the live guide under waitress, and the same pages
frozen and served as static files by Python's http.server, side by side.

    .venv/bin/python bench/web.py [PATHWAYS_DIR] [--requests 400] [--threads 8] [--write-docs]

Both servers run on 127.0.0.1 in this process's threads; the load generator is a bounded pool
of threads, each with one keep-alive http.client connection, sending --requests requests per
page after a short warm-up. Figures are wall-clock per request as the client sees it.

    .venv/bin/python bench/web.py --wrk [--national] [--repeat 1] [--seconds 5]
        [--connections 50] [--wrk-threads 2] [--servers granian,waitress,...]
        [--behind granian,waitress] [--before REV] [--write-docs]

With --wrk the load comes from wrk (apt-get install -y wrk nginx-light), and the reference is
nginx serving the same pages as frozen files, measured first in each round. Then, each as its
own process: the production app under granian and waitress (`navigator serve --production`),
gunicorn sync and gthread (when gunicorn is installed), the docs/deploy.md nginx config with
the app behind it, and with --before the code of an older commit under waitress; after each,
its start-up time and memory. --national uses bench/out/national (made by bench/national.py
if missing). Every server listens on 127.0.0.1 only and is stopped by this script by its own
process id; each wrk run lasts --seconds.

    .venv/bin/python bench/web.py --wsgi --before REV       # the WSGI hot path, both commits
    .venv/bin/python bench/web.py --swap-cost [--national]  # rendering every fixed page at swap
"""

from __future__ import annotations

import argparse
import functools
import http.client
import http.server
import importlib.util
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
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import waitress
from flask import Flask, url_for

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from navigator.build import Site, build_site  # noqa: E402
from navigator.core import paths  # noqa: E402
from navigator.web.app import Page, render_at_swap, state, swap_pages  # noqa: E402
from navigator.web.factory import create_app  # noqa: E402
from navigator.web.freeze import _entity_ids, freeze_site  # noqa: E402
from navigator.web.serve import production_app  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs" / "web.md"
START, END = "<!-- bench:start -->", "<!-- bench:end -->"
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
{server}
}}
"""
DEPLOY = ROOT / "docs" / "deploy.md"
NATIONAL = ROOT / "bench" / "out" / "national"
DEPLOY_MARKER = "<!-- nginx.conf: bench/web.py runs this block -->"
WSGI_MODULE = """from pathlib import Path
from navigator.web.serve import production_app
app = production_app(Path({root!r}))
"""
BEFORE_SERVER = (
    "import waitress, vejviser_wsgi; "
    "waitress.serve(vejviser_wsgi.app, host='127.0.0.1', port={port}, threads=8)"
)


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


def first_answer(host: str, path: str = "/", seconds: float = 120.0) -> None:
    """Wait until a server answers path with 200 (it may bind before its site is built)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            conn = http.client.HTTPConnection(host, timeout=10)
            conn.request("GET", path)
            response = conn.getresponse()
            response.read()
            conn.close()
            if response.status == 200:
                return
        except OSError:
            pass
        time.sleep(0.05)
    raise RuntimeError(f"no 200 for {path} from {host}")


@dataclass
class Running:
    """A server under test: where it listens, its process, and how long it took to answer."""

    host: str
    pid: int | None
    started: float  # seconds from start to the first 200 of "/"


def descendants(pid: int) -> list[int]:
    """pid and every process below it (from /proc)."""
    parents: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        parents.setdefault(int(fields[1]), []).append(int(stat.parent.name))
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        todo.extend(parents.get(current, []))
    return found


def memory_mb(pid: int | None) -> tuple[float, float]:
    """(PSS summed over the process tree, largest single RSS) in MB: PSS counts a page that
    forked workers share once, so it is what the server really costs."""
    if pid is None:
        return 0.0, 0.0
    pss = rss = 0.0
    for child in descendants(pid):
        try:
            rollup = Path(f"/proc/{child}/smaps_rollup").read_text()
        except OSError:
            continue
        pss += int(re.search(r"^Pss:\s+(\d+)", rollup, re.M).group(1)) / 1024  # type: ignore[union-attr]
        rss = max(rss, int(re.search(r"^Rss:\s+(\d+)", rollup, re.M).group(1)) / 1024)  # type: ignore[union-attr]
    return pss, rss


@contextmanager
def process(command: list[str], host: str, **options: Any) -> Iterator[Running]:
    """A server process, stopped (by its own id) when done."""
    begun = time.perf_counter()
    child = subprocess.Popen(  # noqa: S603
        command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, **options
    )
    try:
        first_answer(host)
        yield Running(host, child.pid, time.perf_counter() - begun)
    finally:
        child.terminate()
        try:
            child.wait(timeout=30)
        except subprocess.TimeoutExpired:
            child.kill()
            child.wait(timeout=30)


def nginx_conf(tmp: Path, port: int, root: Path, workers: int, app: str | None) -> str:
    """nginx.conf for a run: the frozen files alone, or the deploy.md server block (the frozen
    files with the app behind it for /find, /soeg, /sparql) pointed at our ports."""
    if app is None:
        server = (
            f"server {{\n    listen 127.0.0.1:{port};\n    root {root};\n"
            "    location / { try_files $uri $uri/index.html =404; }\n}\n"
        )
    else:
        server = (
            deploy_block()
            .replace("listen 80;", f"listen 127.0.0.1:{port};")
            .replace("root /srv/vejviser/site;", f"root {root};")
            .replace("server 127.0.0.1:8000;", f"server {app};")
        )
    return NGINX_CONF.format(workers=workers, tmp=tmp, server=server)


def deploy_block() -> str:
    """The nginx config of docs/deploy.md (the block after the marker), as it is documented."""
    doc = DEPLOY.read_text(encoding="utf-8")
    block = doc.split(DEPLOY_MARKER, 1)[1].split("```nginx\n", 1)[1].split("```", 1)[0]
    return block


@contextmanager
def nginx_server(root: Path, workers: int, app: str | None = None) -> Iterator[Running]:
    """nginx serving the frozen site from root (with app behind it, when given)."""
    with tempfile.TemporaryDirectory() as tmp:
        port = free_port()
        conf = Path(tmp) / "nginx.conf"
        conf.write_text(nginx_conf(Path(tmp), port, root, workers, app), encoding="utf-8")
        command = ["nginx", "-p", tmp, "-c", str(conf), "-g", "daemon off;"]
        with process(command, f"127.0.0.1:{port}") as running:
            yield running


def app_module(tmp: Path, root: Path) -> dict[str, str]:
    """A module vejviser_wsgi (app = the production app of root) in tmp; the environment that
    finds it."""
    (tmp / "vejviser_wsgi.py").write_text(WSGI_MODULE.format(root=str(root)), encoding="utf-8")
    return {**os.environ, "PYTHONPATH": os.pathsep.join([str(tmp), str(ROOT)])}


def server_command(kind: str, port: int) -> list[str]:
    """The command line of one server kind, listening on 127.0.0.1:port."""
    bind = f"127.0.0.1:{port}"
    python = [sys.executable, "-m"]
    if kind == "waitress":  # our own entry point
        return [*python, "navigator", "serve", "--production", "--server", "waitress"]
    if kind == "granian":
        return [*python, "navigator", "serve", "--production", "--server", "granian"]
    if kind == "gunicorn-sync":
        return [*python, "gunicorn", "--preload", "-w", "3", "-b", bind, "vejviser_wsgi:app"]
    if kind == "gunicorn-gthread":
        return [
            *python, "gunicorn", "--preload", "-w", "2", "-k", "gthread", "--threads", "4",
            "-b", bind, "vejviser_wsgi:app",
        ]  # fmt: skip
    raise ValueError(kind)


SERVERS = {
    "waitress": "waitress, 8 threads (1 process)",
    "granian": "granian, 1 worker (Rust HTTP, WSGI)",
    "gunicorn-sync": "gunicorn sync, 3 workers, --preload",
    "gunicorn-gthread": "gunicorn gthread, 2 workers × 4 threads, --preload",
}


@contextmanager
def app_server(kind: str, root: Path, before: Path | None = None) -> Iterator[Running]:
    """One kind of production server for the pathways in root, as its own process; with
    before, waitress on the navigator package of an older commit (a tree from git archive)."""
    with tempfile.TemporaryDirectory() as tmp:
        env = app_module(Path(tmp), root.resolve())
        port = free_port()
        command = server_command(kind, port)
        if kind in ("waitress", "granian"):
            command += ["--host", "127.0.0.1", "--port", str(port), str(root.resolve())]
        if before is not None:
            env["PYTHONPATH"] = os.pathsep.join([tmp, str(before)])
            command = [sys.executable, "-c", BEFORE_SERVER.format(port=port)]
        with process(command, f"127.0.0.1:{port}", env=env, cwd=tmp) as running:
            yield running


@contextmanager
def older_tree(rev: str) -> Iterator[Path]:
    """The navigator package as it was at rev, with this checkout's web/ and ontology/."""
    with tempfile.TemporaryDirectory() as tmp:
        archive = subprocess.run(  # noqa: S603
            ["git", "-C", str(ROOT), "archive", rev, "navigator"],  # noqa: S607
            capture_output=True,
            check=True,
        ).stdout
        subprocess.run(["tar", "-x", "-C", tmp], input=archive, check=True)  # noqa: S603,S607
        for name in ("web", "ontology"):
            (Path(tmp) / name).symlink_to(ROOT / name)
        yield Path(tmp)


def frozen_pages(site: Site, out: Path, paths: list[str]) -> None:
    """The static copies of these pages, as `navigator freeze` writes them (path/index.html or
    path as a file): nginx's speed depends on the file, not on how many others there are,
    so the reference needs only the pages measured (freezing the national site takes minutes).
    """
    app = create_app(site, {"FREEZING": True, "SHOW_PROBLEMS": False})
    client = app.test_client()
    for path in paths:
        response = client.get(path)
        if response.status_code != 200:
            raise RuntimeError(f"{path}: HTTP {response.status_code}")
        target = out / path.lstrip("/")
        target = target / "index.html" if path.endswith("/") else target
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(response.data)


def readable(tree: Path) -> None:
    """Let nginx's unprivileged workers read the frozen site (temporary dirs are 0700)."""
    for folder in [tree, *(p for p in tree.rglob("*") if p.is_dir())]:
        folder.chmod(0o755)
    for file in tree.rglob("*"):
        if file.is_file():
            file.chmod(0o644)


def wrk(host: str, path: str, seconds: int, connections: int, threads: int) -> dict[str, float]:
    """requests/s, p50 and p99 (ms) from one wrk run; fails on any non-2xx answer."""
    fetch(http.client.HTTPConnection(host, timeout=30), path)  # warm-up, and 200 or fail
    output = subprocess.run(  # noqa: S603
        [
            "wrk",
            f"-t{threads}",
            f"-c{connections}",
            f"-d{seconds}s",
            "--latency",
            f"http://{host}{path}",
        ],  # fmt: skip
        capture_output=True,
        text=True,
        check=True,
        timeout=seconds + 60,
    ).stdout
    failed = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    timeouts = re.search(r"Socket errors: .*timeout (\d+)", output)
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),  # type: ignore[union-attr]
        "p50": _ms(output, "50%"),
        "p99": _ms(output, "99%"),
        # answers that were not 2xx, and requests wrk gave up on (2 s): the row then fails
        "errors": float(failed.group(1) if failed else 0)
        + float(timeouts.group(1) if timeouts else 0),
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


def static_path(path: str) -> str:
    """What nginx alone serves for a page: the page itself, or for a query answer the page at
    its path (the static find and search answer in the browser)."""
    return path.split("?")[0]


def verdict(kind: str, live: dict[str, float], reference: dict[str, float]) -> str:
    """The share of nginx's requests/s, and whether the issue's targets are met."""
    share, p99 = TARGETS[kind]
    ratio = live["rps"] / reference["rps"]
    met = ratio >= share and live["p99"] < p99 and not live["errors"]
    errors = f" ({live['errors']:.0f} failed or timed out)" if live["errors"] else ""
    return f"{ratio:.0%} {'✓' if met else '✗'}{errors}"


def load_average() -> float:
    """The 1-minute load average now."""
    return os.getloadavg()[0]


def wrk_main(args: argparse.Namespace) -> None:
    """nginx and every live server, each page under wrk; print and optionally record."""
    root = args.pathways
    site = build_site(root, shacl=False)
    pages = wrk_pages(site)
    args.warm = swap_pages(create_app(site))
    lines = [
        "| server | side | req/s | p50 ms | p99 ms | andel af nginx (mål) |",
        "| --- | --- | ---: | ---: | ---: | --- |",
    ]
    notes = []
    loads = [load_average()]
    with tempfile.TemporaryDirectory() as out:
        frozen = Path(out) / "site"
        frozen_pages(site, frozen, sorted({static_path(p) for _, _, p in pages}))
        readable(Path(out))
        del site  # the servers build their own
        for repeat in range(args.repeat):
            reference = {}
            with nginx_server(frozen, args.nginx_workers) as nginx:
                for label, _, path in pages:
                    served = static_path(path)
                    reference[label] = wrk(
                        nginx.host, served, args.seconds, args.connections, args.wrk_threads
                    )
                    shown = label if served == path else f"{label} (statisk {served})"
                    name = f"nginx {args.nginx_workers} workers, frozen"
                    lines.append(_row(name, shown, reference[label], "–"))
                    print(lines[-1], flush=True)
            if args.before:
                with older_tree(args.before) as tree, app_server("waitress", root, tree) as old:
                    name = f"waitress, 8 threads, code of {args.before} (before)"
                    figures_for(old, name, pages, reference, args, lines, notes)
                    loads.append(load_average())
            for kind in args.servers:
                if kind.startswith("gunicorn") and importlib.util.find_spec("gunicorn") is None:
                    print(f"skipped {kind}: pip install gunicorn", file=sys.stderr)
                    continue
                with app_server(kind, root) as running:
                    figures_for(running, SERVERS[kind], pages, reference, args, lines, notes)
                    loads.append(load_average())
            for kind in args.behind:
                with (
                    app_server(kind, root) as running,
                    nginx_server(frozen, args.nginx_workers, running.host) as front,
                ):
                    name = f"nginx (deploy.md) + {SERVERS[kind].split(',')[0]} for /find, /soeg"
                    front.pid, front.started = running.pid, running.started
                    figures_for(front, name, pages, reference, args, lines, notes)
                    loads.append(load_average())
            print(f"repeat {repeat + 1} of {args.repeat} done", file=sys.stderr)
    header = (
        f"{root.name}: wrk -t{args.wrk_threads} -c{args.connections} -d{args.seconds}s per row, "
        f"127.0.0.1, {args.repeat} round(s), nginx measured in each round; {os.cpu_count()} vCPU "
        f"shared with other work (1-min load average {min(loads):.1f}–{max(loads):.1f} "
        "during the run), "
        f"Python {platform.python_version()}, {platform.machine()}, commit {_commit()}, "
        f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}. Targets: fixed pages ≥ 30 % "
        "of nginx with p99 < 20 ms; /find and /soeg ≥ 10 % with p99 < 50 ms."
    )
    text = f"{header}\n\n" + "\n".join(lines) + "\n\n" + "\n".join(notes)
    print(text)
    if args.write_docs:
        marker = "national" if args.national else "shipped"
        write_docs(text, f"<!-- bench-wrk-{marker}:start -->", f"<!-- bench-wrk-{marker}:end -->")
        print(f"\nwrote {DOCS}", file=sys.stderr)


def figures_for(
    running: Running,
    name: str,
    pages: list[tuple[str, str, str]],
    reference: dict[str, dict[str, float]],
    args: argparse.Namespace,
    lines: list[str],
    notes: list[str],
) -> None:
    """Every page of one server under wrk, then its memory; first the swap pages once each, so
    the measurement starts once the background rendering after start-up is done."""
    for path in args.warm:
        fetch(http.client.HTTPConnection(running.host, timeout=120), path)
    for label, kind, path in pages:
        figures = wrk(running.host, path, args.seconds, args.connections, args.wrk_threads)
        lines.append(_row(name, label, figures, verdict(kind, figures, reference[label])))
        print(lines[-1], flush=True)
    pss, rss = memory_mb(running.pid)
    notes.append(
        f"- {name}: first answer {running.started:.1f} s after start; memory after the run "
        f"{pss:.0f} MB PSS in all its processes (largest RSS {rss:.0f} MB)."
    )
    print(notes[-1], flush=True)


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


# ---- the WSGI hot path, without a server ---------------------------------------------------

WSGI_LOOP = """
import io, sys, time
from pathlib import Path
from navigator.web.serve import production_app
app = production_app(Path(sys.argv[1]))
def environ(path, query):
    return {"REQUEST_METHOD": "GET", "PATH_INFO": path, "QUERY_STRING": query,
            "HTTP_HOST": "127.0.0.1:8000", "SERVER_NAME": "127.0.0.1", "SERVER_PORT": "8000",
            "SERVER_PROTOCOL": "HTTP/1.1", "SCRIPT_NAME": "", "wsgi.url_scheme": "http",
            "wsgi.input": io.BytesIO(), "wsgi.errors": sys.stderr}
def start(status, headers, exc_info=None):
    return None
for arg in sys.argv[2:]:
    path, _, query = arg.partition("?")
    b"".join(app.wsgi_app(environ(path, query), start))  # rendered and kept
    best = float("inf")
    for _ in range(7):
        begun = time.perf_counter()
        for _ in range(4000):
            b"".join(app.wsgi_app(environ(path, query), start))
        best = min(best, (time.perf_counter() - begun) / 4000)
    print(f"{best * 1e6:.1f}")
"""


def wsgi_costs(root: Path, paths: list[str], tree: Path | None) -> list[float]:
    """Microseconds per kept answer (best of 7 × 4 000 WSGI calls, no server, no socket) for
    the navigator package in tree (None: this checkout)."""
    env = {**os.environ, "PYTHONPATH": str(tree or ROOT)}
    output = subprocess.run(  # noqa: S603
        [sys.executable, "-c", WSGI_LOOP, str(root.resolve()), *paths],
        capture_output=True,
        text=True,
        check=True,
        env=env,
        cwd=tree or ROOT,  # `python -c` puts the working directory first on sys.path
    ).stdout
    return [float(line) for line in output.split()]


def wsgi_main(args: argparse.Namespace) -> str:
    """The cost of a kept answer in the WSGI layer, this code against --before's."""
    site = build_site(args.pathways, shacl=False)
    pages = wrk_pages(site)
    paths_ = [path for _, _, path in pages]
    now = wsgi_costs(args.pathways, paths_, None)
    lines = [
        f"µs per kept answer inside the app (best of 7 × 4 000 WSGI calls, no server), "
        f"commit {_commit()} against {args.before}, same run, "
        f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}.",
        "",
        f"| side | {args.before} µs | now µs |",
        "| --- | ---: | ---: |",
    ]
    with older_tree(args.before) as tree:
        before = wsgi_costs(args.pathways, paths_, tree)
    for (label, _, _), old, new in zip(pages, before, now, strict=True):
        lines.append(f"| {label} | {old:.1f} | {new:.1f} |")
    return "\n".join(lines)


# ---- what rendering at swap costs ----------------------------------------------------------


def rss_mb() -> float:
    """This process's resident memory now, in MB."""
    status = Path("/proc/self/status").read_text()
    return int(re.search(r"^VmRSS:\s+(\d+)", status, re.M).group(1)) / 1024  # type: ignore[union-attr]


def entity_urls(app: Flask, site: Site) -> list[str]:
    """Every entity page and its .json twin (what freeze writes beyond the swap pages)."""
    urls = []
    with app.test_request_context():
        for endpoint, ids in _entity_ids(site).items():
            for entity_id in ids:
                urls.append(url_for(f"guide.{endpoint}", id=entity_id))
                urls.append(url_for(f"guide.{endpoint}_json", id=entity_id))
    return urls


def swap_cost(root: Path) -> str:
    """Time and memory of: the build, the app with the swap pages rendered (the first answer
    can come then), and every other fixed page rendered and kept too."""
    begun = time.perf_counter()
    site = build_site(root, shacl=False)
    built, built_rss = time.perf_counter(), rss_mb()
    app = production_app_of(site)
    render_at_swap(app, state(app))
    ready, ready_rss = time.perf_counter(), rss_mb()
    swap = state(app).fixed
    client = app.test_client()
    kept: dict[str, Page] = {}
    urls = entity_urls(app, site)
    for url in urls:
        client.get(url)
        page = state(app).peek(("page", url))
        if isinstance(page, Page):
            kept[url] = page  # held here too, so the memo's bound does not drop any
    done, done_rss = time.perf_counter(), rss_mb()
    bodies = sum(len(p.body) for p in kept.values()) / 1e6
    return "\n".join(
        [
            f"{root.name}: Python {platform.python_version()}, commit {_commit()}, "
            f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, 1-min load average "
            f"{load_average():.1f}.",
            "",
            "| step | seconds | RSS after, MB |",
            "| --- | ---: | ---: |",
            f"| build (`build_site`, no SHACL) | {built - begun:.1f} | {built_rss:.0f} |",
            f"| app + the {len(swap)} swap pages rendered (first answer possible) | "
            f"{ready - built:.1f} | {ready_rss:.0f} |",
            f"| every entity page and twin too ({len(kept)} of {len(urls)} pages, "
            f"{bodies:.1f} MB of bodies) | {done - ready:.1f} | {done_rss:.0f} |",
        ]
    )


def production_app_of(site: Site) -> Flask:
    """The production app for a site already built (production_app builds its own)."""
    return create_app(site, {"DEBUG": False, "SHOW_PROBLEMS": False, "RENDER_AT_SWAP": True})


def main() -> None:
    """Run both servers, measure every main page on each, print and optionally record."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("pathways", nargs="?", type=Path, default=None)
    parser.add_argument("--requests", type=int, default=400, help="Requests per page.")
    parser.add_argument("--threads", type=int, default=8, help="Client threads (and waitress).")
    parser.add_argument("--write-docs", action="store_true", help="Record in docs/web.md.")
    parser.add_argument("--wrk", action="store_true", help="wrk against nginx (see above).")
    parser.add_argument("--seconds", type=int, default=5, help="Length of each wrk run.")
    parser.add_argument("--connections", type=int, default=50, help="wrk connections.")
    parser.add_argument("--wrk-threads", type=int, default=2, help="wrk threads.")
    parser.add_argument("--nginx-workers", type=int, default=2, help="nginx worker processes.")
    parser.add_argument("--repeat", type=int, default=1, help="Rounds (nginx in each).")
    parser.add_argument(
        "--servers",
        type=lambda v: [k for k in v.split(",") if k],
        default=list(SERVERS),
        help=f"Comma-separated, of: {', '.join(SERVERS)}.",
    )
    parser.add_argument(
        "--behind",
        type=lambda v: [k for k in v.split(",") if k],
        default=["waitress", "granian"],
        help="Servers to run behind nginx (the deploy.md config), comma-separated.",
    )
    parser.add_argument(
        "--swap-cost", action="store_true", help="What rendering every fixed page at swap costs."
    )
    parser.add_argument(
        "--wsgi", action="store_true", help="Kept answers inside the app, against --before."
    )
    parser.add_argument("--before", help="Also measure waitress on the code of this commit.")
    parser.add_argument(
        "--national", action="store_true", help="The national corpus (bench/national.py)."
    )
    args = parser.parse_args()
    if args.pathways is None:
        args.pathways = NATIONAL if args.national else paths.PATHWAYS
    if args.national and not args.pathways.exists():
        subprocess.run([sys.executable, str(ROOT / "bench" / "national.py")], check=True)  # noqa: S603
    logging.getLogger("waitress.queue").setLevel(logging.ERROR)  # a full queue is the point
    if args.wsgi:
        text = wsgi_main(args)
        print(text)
        if args.write_docs:
            write_docs(text, "<!-- bench-wsgi:start -->", "<!-- bench-wsgi:end -->")
        return
    if args.swap_cost:
        text = swap_cost(args.pathways)
        print(text)
        if args.write_docs:
            marker = "national" if args.national else "shipped"
            write_docs(
                text, f"<!-- bench-swap-{marker}:start -->", f"<!-- bench-swap-{marker}:end -->"
            )
        return
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
