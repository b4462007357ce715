"""Soak the production server: many requests over known, unknown and random URLs; RSS flat?

    .venv/bin/python bench/soak.py [PATHWAYS_DIR] [--requests 100000] [--threads 8]

Starts `navigator serve --production` (waitress) in its own process on a free loopback port,
sends a bounded number of GET requests from a pool of threads (one keep-alive connection
each), and prints the server's resident memory (VmRSS) after a warm-up and at the end, with
the count of answers by status. The mix: a third known pages, a third unknown ids (each new,
with long names), a third random query strings and junk paths. Only 127.0.0.1 is used.
"""

from __future__ import annotations

import argparse
import http.client
import os
import random
import socket
import string
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from navigator.core import paths  # noqa: E402

KNOWN = [
    "/",
    "/find/?alder=10&bekymring=angst&kommune=gentofte",
    "/forloeb/",
    "/forloeb/kit/",
    "/tilbud/",
    "/roller/ppr-psykolog/",
    "/kommuner/gentofte/",
    "/hvem-goer-hvad/",
    "/soeg/?q=angst",
    "/ordliste/",
    "/kilder/",
    "/akut/",
    "/om/",
    "/index.json",
    "/static/css/vejviser.css",
    "/eksport/",
    "/eksport/forloeb/kit.svg",
    "/id/kit",
    "/data/tilbud-kommuner.csv",
]
UNKNOWN = [
    "/forloeb/{}/",
    "/tilbud/{}.json",
    "/roller/{}/",
    "/kommuner/{}/",
    "/klynger/{}/",
    "/eksport/forloeb/{}.svg",
    "/eksport/roller/{}.png",
    "/id/{}",
    "/id/kit--{}",
]
RANDOM = [
    "/soeg/?q={}",
    "/find/?alder={}&kommune={}",
    "/{}",
    "/static/{}",
    "/find.json?bekymring={}",
]


def free_port() -> int:
    """A port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@contextmanager
def server(root: Path, threads: int = 8) -> Iterator[tuple[str, int]]:
    """`navigator serve --production` in a child process; yields (host:port, pid)."""
    port = free_port()
    code = (
        "import sys; from pathlib import Path; from navigator.web.serve import production; "
        "production(Path(sys.argv[1]), '127.0.0.1', int(sys.argv[2]), int(sys.argv[3]))"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    child = subprocess.Popen(
        [sys.executable, "-c", code, str(root), str(port), str(threads)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_until_up(port, child)
        yield f"127.0.0.1:{port}", child.pid
    finally:
        child.terminate()
        child.wait(10)


def wait_until_up(port: int, child: subprocess.Popen[bytes]) -> None:
    """Block until the server answers on its port."""
    for _ in range(600):
        if child.poll() is not None:
            raise RuntimeError("the server stopped while starting")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError("the server did not start")


def rss_mb(pid: int) -> float:
    """Resident memory of a process in MB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def word(rng: random.Random, size: int) -> str:
    """Random lowercase letters and digits."""
    return "".join(rng.choices(string.ascii_lowercase + string.digits, k=size))


def url(rng: random.Random, serial: int) -> str:
    """The next URL of the mix."""
    kind = serial % 3
    if kind == 0:
        return rng.choice(KNOWN)
    if kind == 1:
        return rng.choice(UNKNOWN).format(f"x{serial}-" + word(rng, rng.randint(8, 180)))
    pattern = rng.choice(RANDOM)
    return pattern.format(*(word(rng, rng.randint(1, 120)) for _ in range(pattern.count("{}"))))


def hammer(host: str, requests: int, threads: int, seed: int) -> Counter[int]:
    """Send requests from threads; count answers by status."""
    counts: Counter[int] = Counter()
    lock = threading.Lock()
    share = [requests // threads + (1 if i < requests % threads else 0) for i in range(threads)]

    def worker(index: int) -> None:
        rng = random.Random(seed * 1000 + index)
        conn = http.client.HTTPConnection(host, timeout=60)
        local: Counter[int] = Counter()
        for n in range(share[index]):
            conn.request("GET", url(rng, n * threads + index))
            response = conn.getresponse()
            response.read()
            local[response.status] += 1
            if response.getheader("Connection", "").lower() == "close":
                conn.close()
                conn = http.client.HTTPConnection(host, timeout=60)
        conn.close()
        with lock:
            counts.update(local)

    pool = [threading.Thread(target=worker, args=(i,)) for i in range(threads)]
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join()
    return counts


def main() -> None:
    """Parse arguments, run the soak, print RSS and statuses."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("pathways", nargs="?", type=Path, default=paths.PATHWAYS)
    parser.add_argument("--requests", type=int, default=100_000)
    parser.add_argument("--warmup", type=int, default=5_000)
    parser.add_argument("--threads", type=int, default=8)
    args = parser.parse_args()
    with server(args.pathways) as (host, pid):
        print(f"server pid {pid} on {host}; RSS at start {rss_mb(pid):.1f} MB")
        hammer(host, args.warmup, args.threads, seed=1)
        warm = rss_mb(pid)
        print(f"after {args.warmup} warm-up requests: RSS {warm:.1f} MB")
        start = time.perf_counter()
        counts = hammer(host, args.requests, args.threads, seed=2)
        elapsed = time.perf_counter() - start
        end = rss_mb(pid)
        print(
            f"after {args.requests} more requests in {elapsed:.0f} s "
            f"({args.requests / elapsed:.0f}/s): RSS {end:.1f} MB "
            f"({(end - warm) / warm * 100:+.1f} % since warm-up)"
        )
        print("answers by status: " + ", ".join(f"{k}: {v}" for k, v in sorted(counts.items())))
        if any(status >= 500 for status in counts):
            sys.exit(1)


if __name__ == "__main__":
    main()
