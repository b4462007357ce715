"""Time from `navigator serve` starting to its first 200 answer: no cache, cold cache, warm cache.

    .venv/bin/python bench/startup.py [PATHWAYS_DIR] [--kommuner 98] [--repeat 2]

Each start is a new process (`python -m navigator serve ... --port P`, development server
and `--production`), polled on 127.0.0.1 every 20 ms until GET / answers 200; the figure is
the wall time from spawning the process to that answer, and the peak RSS (VmHWM) of the
server at that moment. "no cache" runs with --no-cache; "cold" starts with an empty cache
folder (the server builds and stores its Site); "warm" starts again on the same files and
restores it. Without PATHWAYS_DIR the national corpus (bench/national.py, --kommuner
kommuner) is generated into a temporary folder. Target: under 5 s at national scale.
"""

from __future__ import annotations

import argparse
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import national  # noqa: E402

from navigator.core import paths  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
LIMIT = 300.0  # seconds: a start that takes longer is reported as a failure


def free_port() -> int:
    """A TCP port on the loopback interface that nothing listens on now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def peak_rss_mb(pid: int) -> float:
    """The process's peak resident memory so far (VmHWM), in MB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def first_answer(root: Path, cache: Path, production: bool, use_cache: bool) -> tuple[float, float]:
    """Seconds from spawning the server to its first 200 on /, and its peak RSS in MB."""
    port = free_port()
    command = [sys.executable, "-m", "navigator", "serve", str(root), "--port", str(port)]
    command += ["--production"] if production else []
    command += [] if use_cache else ["--no-cache"]
    env = {**os.environ, "VEJVISER_CACHE_DIR": str(cache), "PYTHONPATH": str(REPO)}
    env.pop("VEJVISER_NO_CACHE", None)
    start = time.perf_counter()
    server = subprocess.Popen(  # noqa: S603 - our own command line
        command, cwd=REPO, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        while time.perf_counter() - start < LIMIT:
            if server.poll() is not None:
                raise RuntimeError(f"the server exited with {server.returncode}")
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5) as answer:
                    if answer.status == 200:
                        return time.perf_counter() - start, peak_rss_mb(server.pid)
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                pass
            time.sleep(0.02)
        raise RuntimeError(f"no answer within {LIMIT:.0f} s")
    finally:
        server.terminate()
        server.wait(timeout=30)


def measure(root: Path, repeat: int) -> None:
    """Print no-cache, cold and warm start times for the development and production server."""
    print(f"{'server':<14}{'start':<10}{'first 200 (s)':>16}{'peak RSS (MB)':>16}")
    for production in (False, True):
        name = "--production" if production else "development"
        with tempfile.TemporaryDirectory() as tmp:
            cache = Path(tmp)
            runs = {
                "no cache": [first_answer(root, cache, production, False) for _ in range(repeat)],
                "cold": [first_answer(root, cache, production, True)],
                "warm": [first_answer(root, cache, production, True) for _ in range(repeat)],
            }
        for label, results in runs.items():
            seconds = statistics.median(r[0] for r in results)
            rss = max(r[1] for r in results)
            spread = ", ".join(f"{r[0]:.2f}" for r in results)
            print(f"{name:<14}{label:<10}{seconds:>16.2f}{rss:>16.0f}   ({spread})")


def main() -> None:
    """Parse arguments and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("pathways", nargs="?", type=Path)
    parser.add_argument("--kommuner", type=int, default=98)
    parser.add_argument("--repeat", type=int, default=2)
    args = parser.parse_args()
    print(f"Python {sys.version.split()[0]}, load average {os.getloadavg()[0]:.1f}")
    if args.pathways:
        print(f"{args.pathways}:")
        measure(args.pathways.resolve(), args.repeat)
        return
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "national"
        national.generate(paths.PATHWAYS, root, args.kommuner)
        print(f"national corpus ({args.kommuner} kommuner):")
        measure(root, args.repeat)


if __name__ == "__main__":
    main()
