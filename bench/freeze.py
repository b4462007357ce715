"""Time `navigator freeze` of the national corpus: cold, again with nothing changed, and warm.

    .venv/bin/python bench/freeze.py [PATHWAYS_DIR] [--kommuner 98] [--keep DIR] [--runs ...]

Without PATHWAYS_DIR the national corpus (bench/national.py, --kommuner kommuner) is written
into a temporary folder. Each freeze is a new process (`python -m navigator freeze`, imports
included) with a cache folder of its own (VEJVISER_CACHE_DIR, empty at first) and a fixed
--today. It runs three freezes (--runs picks some; with --keep a later run can follow):

1. cold: the Site is built (its cache is then stored) and every page and diagram drawn;
2. again: the same command into the same folder with nothing changed;
3. warm: a new, empty folder with the caches of run 1 (the Site, and the diagrams if they are
   cached).

For each it prints wall time, CPU seconds (user + system of the freeze and everything it
started, Graphviz and page workers included), the peak RSS of the largest process so far in
this bench run (getrusage cannot tell one run's from the next), files and bytes, and
for run 2 how many files were written again (a changed inode, mtime or size) and how many
changed their bytes. The load average before and after is printed too: the machine may be
shared. Targets (issue 19): run 1 under 60 s on 2 cores, run 2 under 10 s, rewriting nothing.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import national  # noqa: E402

from navigator.core import paths  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
TODAY = "2026-12-06"

Stamp = tuple[int, int, int]


def stamps(out: Path) -> dict[str, Stamp]:
    """(inode, mtime in ns, size) of every file below out, by relative path."""
    found = {}
    for folder, _dirs, files in os.walk(out):
        for name in files:
            path = Path(folder) / name
            info = path.lstat()
            found[path.relative_to(out).as_posix()] = (info.st_ino, info.st_mtime_ns, info.st_size)
    return found


def digests(out: Path) -> dict[str, str]:
    """The SHA-256 of every file below out, by relative path."""
    return {
        rel: hashlib.sha256((out / rel).read_bytes()).hexdigest() for rel in sorted(stamps(out))
    }


def freeze(root: Path, out: Path, cache: Path) -> dict[str, float]:
    """Run one freeze as its own process; wall and CPU seconds and peak RSS (MB) of it."""
    env = {**os.environ, "VEJVISER_CACHE_DIR": str(cache), "PYTHONPATH": str(REPO)}
    env.pop("VEJVISER_NO_CACHE", None)
    command = [sys.executable, "-m", "navigator", "freeze", str(root), "--out", str(out)]
    command += ["--today", TODAY]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(command, env=env, check=True, cwd=REPO)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    # ru_maxrss of the children is the largest one's peak so far (KB): the freeze's own
    return {"wall": wall, "cpu": cpu, "rss": after.ru_maxrss / 1024}


def size_of(out: Path) -> tuple[int, int]:
    """Files and bytes below out."""
    sizes = [s[2] for s in stamps(out).values()]
    return len(sizes), sum(sizes)


def load() -> str:
    """The 1, 5 and 15 minute load averages."""
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def report(name: str, figures: dict[str, float], out: Path) -> None:
    """One line of figures for one freeze."""
    files, size = size_of(out)
    print(
        f"{name:<6} wall {figures['wall']:6.1f} s  cpu {figures['cpu']:6.1f} s  "
        f"peak RSS {figures['rss']:5.0f} MB  {files} files, {size / 1e6:.0f} MB  load {load()}",
        flush=True,
    )


def run(root: Path, work: Path, runs: set[str]) -> None:
    """The freezes of root named in runs, with the figures of each."""
    cache, out, fresh = work / "cache", work / "site", work / "fresh"
    print(f"corpus {root}; load {load()}; {os.cpu_count()} cores", flush=True)
    if "cold" in runs:
        report("cold", freeze(root, out, cache), out)
    if "again" in runs:
        again(root, out, cache)
    if "warm" in runs:
        report("warm", freeze(root, fresh, cache), fresh)
        same = digests(fresh) == digests(out)
        print(f"warm output byte-identical to cold: {same}", flush=True)


def again(root: Path, out: Path, cache: Path) -> None:
    """Freeze root into out again, and count the files it wrote again."""
    before, hashes = stamps(out), digests(out)
    figures = freeze(root, out, cache)
    report("again", figures, out)
    after = stamps(out)
    rewritten = sorted(rel for rel in after if before.get(rel) != after[rel])
    changed = sorted(rel for rel, h in digests(out).items() if hashes.get(rel) != h)
    print(
        f"again: {len(rewritten)} files written again, {len(changed)} with other bytes, "
        f"{len(set(before) ^ set(after))} added or removed",
        flush=True,
    )
    for rel in rewritten[:5]:
        print(f"  written again: {rel}")


def main() -> None:
    """Generate the corpus if needed, then freeze it three times."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("pathways", nargs="?", type=Path)
    parser.add_argument("--kommuner", type=int, default=98)
    parser.add_argument("--keep", type=Path, help="work in this folder and keep it")
    parser.add_argument(
        "--runs", default="cold,again,warm", help="which freezes, in order (default: all three)"
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="vv-freeze-") as temporary:
        work = args.keep or Path(temporary)
        work.mkdir(parents=True, exist_ok=True)
        root = args.pathways
        if root is None:
            root = work / "national"
            if not root.exists():
                national.generate(paths.PATHWAYS, root, args.kommuner, 20)
        run(root.resolve(), work, set(args.runs.split(",")))


if __name__ == "__main__":
    main()
