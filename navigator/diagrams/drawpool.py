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

from .dotwriter import DiagramError, DiagramTimeout, draw_now, draw_what_fits
from .drawcache import DrawCache, draw_key


def cores() -> int:
    """The cores this process may run on."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def _draw(job: tuple[str, tuple[str, ...]]) -> tuple[dict[str, bytes], tuple[str, ...]]:
    """One diagram in each of its formats, laid out once, and the formats Graphviz ran out of
    time on; a format Graphviz fails on is left out (the caller then draws its summary)."""
    dot, formats = job
    try:
        # a format drawn alone after a timeout may squeeze under the limit on a quiet machine
        # and not on a busy one: it gets the summary, so the freeze does not depend on the load
        return draw_what_fits(dot, formats)
    except DiagramError:
        # one failing format (a PDF that cannot be placed on paper) must not cost the others
        drawn: dict[str, bytes] = {}
        late: list[str] = []
        for fmt in formats:
            try:
                drawn[fmt] = draw_now(dot, fmt)
            except DiagramTimeout:
                late.append(fmt)
            except DiagramError:
                pass
        return drawn, tuple(late)


def draw_all(cache: DrawCache, jobs: list[tuple[str, str]], workers: int | None = None) -> int:
    """Draw every (DOT, format) that cache lacks, in parallel; returns how many were drawn.

    Each DOT text is laid out once for all the formats it lacks (one Graphviz run)."""
    todo: dict[str, dict[str, str]] = {}
    for dot, fmt in jobs:
        key = draw_key(dot, fmt)
        if not cache.has(key):
            todo.setdefault(dot, {})[fmt] = key
    # the largest first, so that no long drawing starts last while the other cores idle
    dots = sorted(todo, key=len, reverse=True)
    tasks = [(dot, tuple(todo[dot])) for dot in dots]
    workers = min(workers or cores(), len(tasks))
    if workers <= 1:
        return _store(cache, todo, tasks, map(_draw, tasks))
    with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="navigator-draw") as pool:
        return _store(cache, todo, tasks, pool.map(_draw, tasks))


def _store(
    cache: DrawCache,
    todo: dict[str, dict[str, str]],
    tasks: list[tuple[str, tuple[str, ...]]],
    results: Iterable[tuple[dict[str, bytes], tuple[str, ...]]],
) -> int:
    """Put each drawing made into the cache under its key, and note those Graphviz ran out of
    time on (rendering them later gives the summary at once); returns how many were drawn."""
    drawn = 0
    for (dot, _), (found, late) in zip(tasks, results, strict=True):
        cache.timed_out.update(todo[dot][fmt] for fmt in late)
        for fmt, data in found.items():
            cache.put(todo[dot][fmt], data)
            drawn += 1
    return drawn
