"""Stalled request bodies and idle keep-alives against the production server (issue 19).

    .venv/bin/python bench/stall.py [PATHWAYS_DIR] [--server granian,waitress]
        [--stalled 8,64] [--idle 200] [--requests 200] [--watch 40]
        [--budget 30]

For each server, `navigator serve --production` runs as a process of its own on a free
127.0.0.1 port. Then, one scenario after another:

- **quiet**: --requests GETs of /om/, each on a new connection, one at a time (stopping after
  --budget seconds);
- **stalled N**: N raw sockets POST to /sparql, promise a 1 000-byte body, send 6 bytes of it
  and go quiet; meanwhile the same /om/ GETs;
- **idle N**: N sockets each fetch /om/ with keep-alive and then stay silent; meanwhile the
  same /om/ GETs;
- **silent N**: N sockets connect and send nothing; meanwhile the same /om/ GETs.

After the GETs it watches the held sockets for up to --watch seconds and reports how many the
server closed and when the last of them was closed. A GET that gets no answer within 10 s
counts as 10 s and as a timeout. Every socket goes to 127.0.0.1 only, every loop is bounded,
and the server is stopped by its own process id.
"""

from __future__ import annotations

import argparse
import http.client
import os
import platform
import select
import socket
import statistics
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GET_TIMEOUT = 10.0  # a GET without an answer in this time counts as this long
BODY = b"query="  # the first 6 of the 1 000 bytes a stalled POST promises
STALLED_POST = (
    b"POST /sparql HTTP/1.1\r\nHost: 127.0.0.1\r\n"
    b"Content-Type: application/x-www-form-urlencoded\r\n"
    b"Content-Length: 1000\r\n\r\n" + BODY
)
KEEP_ALIVE_GET = b"GET /om/ HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"


@dataclass
class Result:
    """What one scenario measured."""

    name: str
    p50: float  # ms
    p99: float
    worst: float
    timeouts: int
    count: int  # GETs made
    held: int  # sockets held during the scenario
    closed: int  # of those, closed by the server within the watch
    last_close: float | None  # s after they were opened, when the last one was closed
    failed: int = 0  # of those, how many could not be opened or answered in time

    def row(self) -> str:
        """One line of the report."""
        closed = (
            f"{self.closed}/{self.held} closed by the server, the last after "
            f"{self.last_close:.1f} s"
            if self.held and self.last_close is not None
            else (f"0/{self.held} closed by the server" if self.held else "")
        )
        if self.failed:
            closed += f" ({self.failed} not opened or not answered within 10 s)"
        return (
            f"{self.name:<12} /om/ p50 {self.p50:7.2f} ms  p99 {self.p99:8.2f} ms  "
            f"worst {self.worst:8.1f} ms  timeouts {self.timeouts:3d}/{self.count}  {closed}"
        )


def free_port() -> int:
    """A free TCP port on 127.0.0.1."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def get(port: int, path: str = "/om/") -> float:
    """Seconds for one GET on a new connection (GET_TIMEOUT if it got no full answer)."""
    start = time.perf_counter()
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=GET_TIMEOUT)
    try:
        connection.request("GET", path)
        answer = connection.getresponse()
        answer.read()
        if answer.status != 200:
            raise OSError(f"{path}: {answer.status}")
    except OSError:
        return GET_TIMEOUT
    finally:
        connection.close()
    return time.perf_counter() - start


@contextmanager
def server(pathways: Path, kind: str, port: int) -> Iterator[subprocess.Popen[bytes]]:
    """`navigator serve --production` on port, until the block ends."""
    command = [sys.executable, "-m", "navigator", "serve", "--production", "--server", kind]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    process = subprocess.Popen(
        [*command, "--port", str(port), str(pathways)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 120
        while get(port) >= GET_TIMEOUT:
            if process.poll() is not None or time.monotonic() > deadline:
                raise SystemExit(f"{kind} did not start")
            time.sleep(0.3)
        yield process
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def hold(port: int, count: int, kind: str) -> tuple[list[socket.socket], int]:
    """count sockets in a state: 'stalled' body, 'idle' after one answer, 'silent'; and how
    many could not be put in that state (refused, not answered within GET_TIMEOUT, or not
    tried once 3 * GET_TIMEOUT had passed)."""
    held, failed = [], 0
    deadline = time.monotonic() + 3 * GET_TIMEOUT  # a server that refuses them: give up
    for _ in range(count):
        if time.monotonic() > deadline:
            failed += 1
            continue
        try:
            sock = socket.create_connection(("127.0.0.1", port), timeout=GET_TIMEOUT)
        except OSError:
            failed += 1
            continue
        try:
            if kind == "stalled":
                sock.sendall(STALLED_POST)
            elif kind == "idle":
                sock.sendall(KEEP_ALIVE_GET)
                read_answer(sock)
        except OSError:
            failed += 1
        held.append(sock)
    return held, failed


def read_answer(sock: socket.socket) -> None:
    """Read one HTTP answer with a Content-Length from a raw socket."""
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = sock.recv(65536)
        if not chunk:
            return
        data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    length = next(
        int(line.split(b":", 1)[1])
        for line in head.split(b"\r\n")
        if line.lower().startswith(b"content-length:")
    )
    while len(body) < length:
        chunk = sock.recv(65536)
        if not chunk:
            return
        body += chunk


def watch(held: list[socket.socket], opened: float, seconds: float) -> tuple[int, float | None]:
    """How many held sockets the server closes within seconds, and when the last one closed."""
    open_ = {sock.fileno(): sock for sock in held}
    last = None
    deadline = time.monotonic() + seconds
    while open_ and time.monotonic() < deadline:
        ready, _, _ = select.select(list(open_.values()), [], [], 0.2)
        for sock in ready:
            try:
                data = sock.recv(65536)
            except OSError:
                data = b""
            if not data:  # closed (an answer such as a 408 may come first)
                del open_[sock.fileno()]
                last = time.monotonic() - opened
    return len(held) - len(open_), last


def timed_gets(port: int, requests: int, budget: float) -> list[float]:
    """Seconds of up to `requests` GETs of /om/, one at a time, stopping after budget seconds."""
    times: list[float] = []
    deadline = time.monotonic() + budget
    while len(times) < requests and time.monotonic() < deadline:
        times.append(get(port))
    return sorted(times)


def scenario(
    port: int, name: str, kind: str, count: int, requests: int, seconds: float, budget: float
) -> Result:
    """Hold count sockets of a kind, time the GETs meanwhile, then watch the held ones."""
    opened = time.monotonic()
    held, failed = hold(port, count, kind) if count else ([], 0)
    time.sleep(0.5 if count else 0)  # let the server take them up
    try:
        times = timed_gets(port, requests, budget)
        closed, last = watch(held, opened, seconds) if held else (0, None)
    finally:
        for sock in held:
            sock.close()
    ms = [t * 1000 for t in times]
    return Result(
        name,
        statistics.median(ms),
        ms[min(len(ms) - 1, int(len(ms) * 0.99))],
        ms[-1],
        sum(t >= GET_TIMEOUT for t in times),
        len(times),
        count,
        closed,
        last,
        failed,
    )


def machine() -> str:
    """The machine and its load, for the report."""
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    day = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    return (
        f"{day}; {os.cpu_count()} cores, load {load}; Python {platform.python_version()}, "
        f"{platform.machine()}"
    )


def main() -> None:
    """Run the scenarios on each server and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("pathways", nargs="?", type=Path, default=ROOT / "pathways")
    parser.add_argument("--server", default="granian,waitress")
    parser.add_argument("--stalled", default="8,64")
    parser.add_argument("--idle", type=int, default=200)
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--watch", type=float, default=40.0)
    parser.add_argument("--budget", type=float, default=30.0)
    args = parser.parse_args()
    print(machine())
    for kind in args.server.split(","):
        port = free_port()
        with server(args.pathways, kind, port):
            print(f"\n{kind} (navigator serve --production --server {kind})")
            timed_gets(port, 50, args.budget)  # warm up: the swap pages render after start
            runs = [("quiet", "stalled", 0)]
            runs += [(f"stalled {n}", "stalled", int(n)) for n in args.stalled.split(",")]
            runs += [(f"idle {args.idle}", "idle", args.idle)]
            runs += [(f"silent {args.idle}", "silent", args.idle)]
            for name, what, count in runs:
                result = scenario(port, name, what, count, args.requests, args.watch, args.budget)
                print(result.row(), flush=True)


if __name__ == "__main__":
    main()
