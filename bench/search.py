"""Time search: the index build, p50/p99 per query, and the static site's search data.

    .venv/bin/python bench/search.py [PATHWAYS_DIR] [--kommuner 98] [--repeat 200]

Runs on the shipped pathways and on the synthetic national corpus (bench/national.py, written
to a temporary folder; --kommuner 0 leaves it out). The queries are fixed: real words, words
typed without æ/ø/å, inflections, typos, compounds, parents' phrases, danger words and
nonsense. Each query is timed `repeat` times as navigator.answers.search.search answers it. In the
same run, the peer: difflib's close matches over the whole vocabulary for the query's stems,
the scan the index replaced. Target: p99 under 5 ms at national scale.
"""

from __future__ import annotations

import argparse
import difflib
import gzip
import json
import os
import platform
import sys
import tempfile
import time
import timeit
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import national  # noqa: E402
from sparql import percentile  # noqa: E402

from navigator.answers.search import SearchIndex, build_index, query_stems, search  # noqa: E402
from navigator.build import build_site  # noqa: E402
from navigator.core import paths  # noqa: E402
from navigator.web.factory import create_app  # noqa: E402
from navigator.web.static_search import search_data  # noqa: E402

QUERIES = {
    "word": ["rådgivning", "psykiatri", "angst", "PPR", "forældre", "kommune", "Aalborg"],
    "no æøå": ["skolevegring", "raadgivning", "foraeldre", "kobenhavn", "laege"],
    "inflection": ["henvisningerne", "forældrene", "psykologen", "sundhedsplejersken"],
    "typo": ["rådgiving", "rdågivning", "skolvegring", "depresion", "haedspace", "autsime"],
    "typo+ending": ["rådgivingen", "bornetelefnen", "ungdomspsykatri"],
    "compound": ["selvmord", "børnepsykiatri", "spiseforstyrrelse", "selvskade"],
    "phrase": ["ondt i maven", "vil ikke i skole", "ked af det", "børne og ungdomspsykiatri"],
    "danger": ["selvmordstanker", "tenker paa at doe", "vil ikke leve mere"],
    "nonsense": ["xylofon", "qwertyuiop", "zzzzzz", "og i at"],
}


def timed(fn: Callable[[], object], repeat: int) -> list[float]:
    """Milliseconds per call of fn, repeat times after one warm-up, garbage collection on (it
    is part of what a query costs)."""
    fn()
    return [t * 1000 for t in timeit.repeat(fn, setup="gc.enable()", repeat=repeat, number=1)]


def scan(index: SearchIndex, query: str) -> None:
    """The peer: difflib's close matches over every stem, as search did before the index."""
    vocabulary = list(index.postings)
    for stem in query_stems(index, query):
        difflib.get_close_matches(stem, vocabulary, n=2, cutoff=0.8)


def report(root: Path, label: str, repeat: int) -> None:
    """Print the index build, the latency of every query and the search data's size."""
    site = build_site(root, shacl=False)
    start = time.perf_counter()
    index = build_index(site.catalogue)  # as build_site does, timed alone
    built = (time.perf_counter() - start) * 1000
    start = time.perf_counter()
    with create_app(site).app_context():  # the help card is rendered by the live macros
        data = search_data(site)
    made = (time.perf_counter() - start) * 1000
    raw = json.dumps(data, separators=(",", ":")).encode()  # as Flask's jsonify writes it
    print(
        f"\n{label}: {len(index.docs)} documents, {len(index.postings)} stems, "
        f"{len(index.typos)} typo keys, {len(data['forms'])} forms; index built in "
        f"{built:.0f} ms; search-data.json made in {made:.0f} ms: {len(raw) / 1e3:.0f} kB, "
        f"{len(gzip.compress(raw)) / 1e3:.0f} kB gzipped"
    )
    print(f"  {'query':<28} {'kind':<12} {'p50':>8} {'p99':>8} {'scan p50':>9} {'found':>6}")
    every: list[float] = []
    for kind, queries in QUERIES.items():
        for query in queries:
            times = timed(lambda q=query: search(index, q), repeat)
            peer = timed(lambda q=query: scan(index, q), max(1, repeat // 10))
            every += times
            found = search(index, query)["total"]
            print(
                f"  {query:<28} {kind:<12} {percentile(times, 0.5):7.3f}ms "
                f"{percentile(times, 0.99):7.3f}ms {percentile(peer, 0.5):8.3f}ms {found:>6}"
            )
    print(f"  {'all queries':<41} {percentile(every, 0.5):7.3f}ms {percentile(every, 0.99):7.3f}ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("pathways", nargs="?", type=Path, default=paths.PATHWAYS)
    parser.add_argument("--kommuner", type=int, default=98)
    parser.add_argument("--repeat", type=int, default=200)
    args = parser.parse_args()
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    print(
        f"{platform.machine()}, {os.cpu_count()} CPUs, Python {platform.python_version()}, "
        f"load average {load}"
    )
    report(args.pathways, "shipped pathways", args.repeat)
    if args.kommuner:
        with tempfile.TemporaryDirectory() as tmp:
            nation = Path(tmp) / "national"
            national.generate(args.pathways, nation, args.kommuner)
            report(nation, f"national corpus ({args.kommuner} kommuner)", args.repeat)


if __name__ == "__main__":
    main()
