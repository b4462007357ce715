"""Freeze pages in parallel: Frozen-Flask's Freezer, its pages shared out among forked workers.

Rendering a national site's pages is Python work (Jinja, presenters), about 40 ms a page and
9,000 pages, so threads would queue on the GIL. Workers are forked from the freezing process
once its app and Site are ready, so they start with both at no cost (copy on write; the heap
is frozen out of the garbage collector first, so that a collection in a worker does not copy
it). The freeze goes in rounds: the workers build every URL the generators name, each sends
back the digests of the files it wrote and the URLs its pages linked to (Frozen-Flask's
url_for log), and the next round builds the links not yet built, until none are left. Every
page is the same function of the same Site whichever process renders it, so the files are
those of a freeze in one process.
"""

from __future__ import annotations

import contextlib
import gc
import multiprocessing
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any
from unicodedata import normalize

from flask_frozen import Freezer, conditional_context

from .frozenfiles import final_bytes, sha256, write_if_changed

CHUNK = 40
"""URLs a worker builds per task: small enough to share a round out evenly."""

Built = tuple[dict[str, str], list[str], list[str]]


class PageFreezer(Freezer):  # type: ignore[misc]
    """Frozen-Flask's Freezer, writing each file's final bytes, and only when they changed."""

    digests: dict[str, str]
    url_generators: list[Any]  # Frozen-Flask's own, untyped

    def _build_one(self, url: str, last_modified: Any = None) -> Path:
        """Get url from the app, make its bytes final and write them if they differ."""
        # Frozen-Flask 1.0's own _build_one, less skipping, 404 and redirect options we never set
        path: Path = self.root / normalize("NFC", self.urlpath_to_filepath(url))
        with conditional_context(self.url_for_logger, self.log_url_for):
            response = self.app.test_client().get(url, follow_redirects=True)
        if response.status_code != 200:
            raise ValueError(f"Unexpected status {response.status!r} on URL {url}")
        data = final_bytes(path, response.get_data())
        response.close()
        write_if_changed(path, data)
        self.digests[path.relative_to(self.root).as_posix()] = sha256(data)
        return path

    def generated_urls(self) -> list[str]:
        """The URLs the registered generators name, each once, in their order."""
        return _unique(url for url, _endpoint, _modified in self._generate_all_urls())

    def logged_urls(self) -> list[str]:
        """The URLs that pages built since the last call linked to (url_for), each once."""
        generators, self.url_generators = self.url_generators, []
        try:
            return _unique(url for url, _endpoint, _modified in self._generate_all_urls())
        finally:
            self.url_generators = generators

    def build(self, urls: list[str]) -> Built:
        """Build urls here: the digests of the files written, the URLs, and their links."""
        self.digests = {}
        for url in urls:
            self._build_one(url)
        return self.digests, urls, self.logged_urls()


def _unique(urls: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(urls))


_WORKER: list[PageFreezer] = []  # the freezer a forked worker inherits


def _build_in_worker(urls: list[str]) -> Built:
    return _WORKER[0].build(urls)


def freeze_pages(freezer: PageFreezer, workers: int) -> list[str]:
    """Build every URL the generators name and every URL their pages link to, in rounds,
    with workers forked processes (one: in this process); returns the URLs, sorted."""
    freezer.root.mkdir(parents=True, exist_ok=True)
    digests: dict[str, str] = {}
    seen: set[str] = set()
    todo = freezer.generated_urls()
    with _builder(freezer, workers) as build:
        while todo:
            seen.update(todo)
            found: list[str] = []
            for written, _urls, links in build(list(_chunks(todo))):
                digests.update(written)
                found += links
            todo = [url for url in _unique(found) if url not in seen]
    freezer.digests = digests
    return sorted(seen)


Build = Callable[[list[list[str]]], Iterable[Built]]


@contextlib.contextmanager
def _builder(freezer: PageFreezer, workers: int) -> Iterator[Build]:
    """A function that builds chunks of URLs: in forked workers, or here."""
    if workers <= 1 or "fork" not in multiprocessing.get_all_start_methods():
        yield lambda chunks: map(freezer.build, chunks)
        return
    _WORKER[:] = [freezer]
    gc.freeze()  # the Site's objects stay out of the workers' collections: fewer copies
    try:
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            yield lambda chunks: pool.imap_unordered(_build_in_worker, chunks)
    finally:
        gc.unfreeze()
        _WORKER.clear()


def _chunks(urls: list[str]) -> Iterator[list[str]]:
    for start in range(0, len(urls), CHUNK):
        yield urls[start : start + CHUNK]
