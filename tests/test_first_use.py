"""A glossary term is explained at its first use on every page, whatever was rendered before.

What a page shows must not depend on which pages its process rendered first: the static site is
frozen by one process or several (each renders its own share of the pages, in its own order),
and Frozen-Flask's own freeze loop renders every page inside one app context. The live site
renders pages in whatever order visitors ask.
"""

from __future__ import annotations

import contextlib
import html
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask

from navigator.build import Site
from navigator.core import urls
from navigator.web.explain import glossary_index
from navigator.web.factory import create_app
from navigator.web.freeze import make_freezer

_LEAD = re.compile(r'<p class="font-lead">(.*?)</p>', re.S)
_TERM_LINK = re.compile(r'<a class="vv-term" href="([^"]+)"')


def _service_urls(site: Site) -> list[str]:
    return [f"/tilbud/{service_id}/" for service_id in sorted(site.catalogue.services)]


def _render(app: Flask, urls: list[str], one_context: bool) -> dict[str, str]:
    """Each URL's page, rendered in this order by one app (one_context: all inside one app
    context, as Frozen-Flask's freeze loop and scripts do)."""
    client = app.test_client()
    outer = app.test_request_context() if one_context else contextlib.nullcontext()
    with outer:
        return {url: client.get(url).text for url in urls}


def _fresh(site: Site) -> Flask:
    return create_app(site, {"TESTING": True})


def _terms_in(text: str, site: Site) -> set[str]:
    """The glossary terms a text mentions, as explain finds them (by their link)."""
    index = glossary_index(site.catalogue)
    assert index.pattern is not None
    found = set()
    for match in index.pattern.finditer(text):
        gloss = index.gloss(re.sub(r"\s+", " ", match.group(0)))
        if gloss is not None:
            found.add(urls.term(gloss.id))
    return found


def _lead_terms(page: str, site: Site) -> tuple[set[str], set[str]]:
    """The terms a service page's lead paragraph mentions, and those it explains (links)."""
    match = _LEAD.search(page.split('id="main-content"')[1])
    if match is None:
        return set(), set()
    text = html.unescape(re.sub(r"<[^>]+>", "", match.group(1)))
    return _terms_in(text, site), set(_TERM_LINK.findall(match.group(1)))


@pytest.fixture(scope="module")
def alone(site: Site) -> dict[str, str]:
    """Every service page as it shows when it is the first page its process renders."""
    return {url: _fresh(site).test_client().get(url).text for url in _service_urls(site)}


def test_the_shipped_services_share_glossary_terms(site: Site, alone: dict[str, str]) -> None:
    # the tests below mean something only if two pages explain the same term
    seen: dict[str, str] = {}
    shared = []
    for url, page in alone.items():
        for term in _lead_terms(page, site)[1]:
            if term in seen:
                shared.append((seen[term], url, term))
            seen.setdefault(term, url)
    assert len(shared) >= 3, shared


@pytest.mark.parametrize("one_context", [False, True], ids=["requests", "one-app-context"])
@pytest.mark.parametrize("order", ["forward", "backward"])
def test_a_page_is_the_same_whatever_was_rendered_before_it(
    site: Site, alone: dict[str, str], order: str, one_context: bool
) -> None:
    urls = _service_urls(site)
    pages = _render(_fresh(site), urls if order == "forward" else urls[::-1], one_context)
    differ = [url for url in urls if pages[url] != alone[url]]
    assert not differ, f"{len(differ)} pages depend on what was rendered before: {differ[:5]}"


@pytest.mark.parametrize("one_context", [False, True], ids=["requests", "one-app-context"])
def test_every_term_in_a_service_lead_is_explained_there(site: Site, one_context: bool) -> None:
    # nothing above the lead paragraph is explained, so its terms are their first use
    pages = _render(_fresh(site), _service_urls(site), one_context)
    unexplained = {}
    for url, page in pages.items():
        mentioned, linked = _lead_terms(page, site)
        if mentioned - linked:
            unexplained[url] = sorted(mentioned - linked)
    assert not unexplained, unexplained


@pytest.fixture()
def frozen_by_frozen_flask(site: Site, tmp_path: Path) -> Iterator[Path]:
    """The service pages written by Frozen-Flask's own loop (freeze_yield) over our freezer."""
    app = _fresh(site)
    freezer = make_freezer(app, tmp_path / "ff", diagrams=False)
    freezer.url_generators, freezer.digests = [], {}

    @freezer.register_generator  # type: ignore[untyped-decorator]
    def services() -> Iterator[str]:
        yield from _service_urls(site)

    for _path in freezer.freeze_yield():
        pass
    yield tmp_path / "ff"


def test_frozen_flasks_own_loop_writes_the_pages_each_shows_alone(
    site: Site, alone: dict[str, str], frozen_by_frozen_flask: Path
) -> None:
    differ = []
    for url in _service_urls(site):
        written = (frozen_by_frozen_flask / url.strip("/") / "index.html").read_text("utf-8")
        if _TERM_LINK.findall(written) != _TERM_LINK.findall(alone[url]):
            differ.append(url)
    assert not differ, f"{len(differ)} frozen pages lack or add explained terms: {differ[:5]}"
