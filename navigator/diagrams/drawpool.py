"""Draw many diagrams at once, as many Graphviz processes as there are cores, into a DrawCache.

Graphviz draws one picture on one core, and a national freeze has about 2,000 to draw: the
pool keeps one Graphviz process running per core before the pages ask for them, and each page
then finds its drawing in the cache. The pool's workers are threads: all they do is start
`dot` and wait for it (the GIL is free meanwhile). Python worker processes would have to
start by forking a process that holds a Site (and a render thread), or, with forkserver or
spawn, by importing the caller's main module again, which for `python -m navigator` runs
the command a second time.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor

from .dotwriter import DiagramError, draw_now
from .drawcache import DrawCache, draw_key


def cores() -> int:
    """The cores this process may run on."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def _draw(job: tuple[str, str]) -> bytes | None:
    """One drawing, or None when Graphviz fails (the caller then draws its summary)."""
    dot, fmt = job
    try:
        return draw_now(dot, fmt)
    except DiagramError:
        return None


def draw_all(cache: DrawCache, jobs: list[tuple[str, str]], workers: int | None = None) -> int:
    """Draw every (DOT, format) that cache lacks, in parallel; returns how many were drawn."""
    todo: dict[str, tuple[str, str]] = {}
    for dot, fmt in jobs:
        key = draw_key(dot, fmt)
        if key not in todo and not cache.has(key):
            todo[key] = (dot, fmt)
    # the largest first, so that no long drawing starts last while the other cores idle
    keys = sorted(todo, key=lambda k: len(todo[k][0]), reverse=True)
    workers = min(workers or cores(), len(keys))
    if workers <= 1:
        return _store(cache, keys, map(_draw, (todo[k] for k in keys)))
    with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="navigator-draw") as pool:
        return _store(cache, keys, pool.map(_draw, (todo[k] for k in keys)))


def _store(cache: DrawCache, keys: list[str], results: Iterable[bytes | None]) -> int:
    drawn = 0
    for key, data in zip(keys, results, strict=True):
        if data is not None:
            cache.put(key, data)
            drawn += 1
    return drawn
