"""Pages served from memory: bytes rendered once per site, ETags and 304s, a bounded cache."""

from __future__ import annotations

import base64
import functools
import hashlib
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from navigator.build import Site, build_site
from navigator.core.problems import Pos, error
from navigator.web import app as app_module
from navigator.web.app import render_at_swap, state
from navigator.web.csp import csp_for
from navigator.web.factory import create_app

FIND = "/find/?alder=10&bekymring=angst&kommune=gentofte"
HEADERS = (
    "Content-Security-Policy",
    "X-Content-Type-Options",
    "Referrer-Policy",
    "X-Frame-Options",
    "Permissions-Policy",
    "Cache-Control",
)


@pytest.fixture()
def fresh(site: Site) -> Flask:
    """An app of its own, so the memo starts empty."""
    return create_app(site, {"TESTING": True})


def assert_headers(response: TestResponse) -> None:
    for name in HEADERS:
        assert response.headers.get(name), f"{name} missing on {response.status_code}"
    assert "unsafe-inline" not in response.headers["Content-Security-Policy"]
    assert "nonce" not in response.headers["Content-Security-Policy"]


@pytest.mark.parametrize(
    "path", ["/", "/forloeb/kit/", "/forloeb/kit.json", "/akut/", FIND, "/soeg/?q=angst"]
)
def test_a_kept_page_answers_304_when_the_browser_has_it(fresh: Flask, path: str) -> None:
    client = fresh.test_client()
    first = client.get(path)
    assert first.status_code == 200 and first.headers["ETag"].startswith('"')
    assert_headers(first)
    again = client.get(path, headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304 and again.data == b""
    assert again.headers["ETag"] == first.headers["ETag"]
    assert_headers(again)
    assert again.headers["Content-Security-Policy"] == first.headers["Content-Security-Policy"]
    stale = client.get(path, headers={"If-None-Match": '"an-older-build"'})
    assert stale.status_code == 200 and stale.data == first.data


def test_a_page_is_the_same_bytes_every_time(fresh: Flask) -> None:
    client = fresh.test_client()
    first, second = client.get("/forloeb/kit/"), client.get("/forloeb/kit/")
    assert first.data == second.data and first.headers["ETag"] == second.headers["ETag"]
    assert first.headers["ETag"] == f'"{hashlib.sha256(first.data).hexdigest()[:32]}"'
    head = client.head("/forloeb/kit/")
    assert head.status_code == 200 and head.data == b""
    assert head.headers["ETag"] == first.headers["ETag"]


def test_a_new_build_gives_new_bytes_and_a_new_etag(tiny_dir: Path) -> None:
    app = create_app(build_site(tiny_dir, shacl=False), {"TESTING": True})
    client = app.test_client()
    before = client.get("/forloeb/test-forloeb/")
    assert "Forælder henvender sig" in before.text
    pathway = tiny_dir / "forloeb.yaml"
    pathway.write_text(
        pathway.read_text(encoding="utf-8").replace("Forælder henvender sig", "Forælder ringer"),
        encoding="utf-8",
    )
    assert state(app).swap(build_site(tiny_dir, shacl=False)) is True
    after = client.get("/forloeb/test-forloeb/", headers={"If-None-Match": before.headers["ETag"]})
    assert after.status_code == 200 and "Forælder ringer" in after.text
    assert after.headers["ETag"] != before.headers["ETag"]


def test_not_found_is_never_kept(fresh: Flask) -> None:
    client = fresh.test_client()
    for _ in range(2):
        response = client.get("/forloeb/findes-ikke/")
        assert response.status_code == 404 and "ETag" not in response.headers
        assert_headers(response)
    assert not [key for key in state(fresh).memo if "findes-ikke" in "".join(key)]


def test_a_thousand_bogus_find_queries_keep_nothing(fresh: Flask) -> None:
    client = fresh.test_client()
    assert client.get(FIND).status_code == 200
    before = dict(state(fresh).memo)
    for i in range(1000):
        bogus = ("alder=10&kommune=findes-ikke-{i}", "alder=x{i}", "alder=10&bekymring=zzqx{i}")[
            i % 3
        ]
        response = client.get(f"/find/?{bogus.format(i=i)}")
        assert response.status_code == 200 and "ETag" not in response.headers
    assert list(state(fresh).memo) == list(before), "a miss is never kept"


def test_query_answers_stay_within_the_bound(fresh: Flask, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(app_module, "MEMO_ENTRIES", 20)
    client = fresh.test_client()
    for i in range(200):
        assert client.get(f"/soeg/?q=angst+{i}").status_code == 200
    assert 0 < len(state(fresh).memo) <= 20


def test_the_query_is_normalised_and_the_region_is_part_of_it(fresh: Flask) -> None:
    client = fresh.test_client()
    one = client.get("/find/?alder=10&bekymring=angst&kommune=gentofte&utm=x")
    other = client.get("/find/?kommune=gentofte&bekymring=angst&alder=10")
    assert one.headers["ETag"] == other.headers["ETag"], "order and unknown arguments do not matter"
    fixed = client.get("/akut/")
    region = client.get("/akut/?region=region-syddanmark")
    assert fixed.data != region.data, "the urgent page with a region is a query page of its own"
    assert client.get("/akut/").data == fixed.data


def test_csp_allows_exactly_the_inline_code_on_the_page() -> None:
    code = "document.body.dataset.ok = '1';"
    digest = base64.b64encode(hashlib.sha256(code.encode()).digest()).decode()
    html = (
        f'<script type="application/ld+json">{{"a": 1}}</script><script>{code}</script>'
        '<script src="/static/js/zoom.js" defer></script>'
    )
    policy = csp_for(html)
    assert f"script-src 'self' 'sha256-{digest}';" in policy
    assert policy.count("sha256-") == 1, "data blocks and external scripts need no hash"
    assert "script-src 'self';" in csp_for("<p>no scripts</p>")


@pytest.mark.parametrize("path", ["/forloeb/kit/", "/index.json", FIND])
def test_the_kept_answer_has_the_headers_flask_gave_the_first_time(fresh: Flask, path: str) -> None:
    client = fresh.test_client()
    first, kept = client.get(path), client.get(path)  # rendered by Flask; then from memory
    assert kept.data == first.data
    assert sorted(kept.headers.items()) == sorted(first.headers.items())


@pytest.fixture()
def rendered(site: Site) -> Flask:
    """An app whose swap pages are rendered (as production does), synchronously."""
    app = create_app(site, {"TESTING": True, "RENDER_AT_SWAP": True})
    render_at_swap(app, state(app))
    return app


def test_the_pages_without_an_id_are_rendered_at_swap_and_never_evicted(
    rendered: Flask, monkeypatch: pytest.MonkeyPatch
) -> None:
    fixed = state(rendered).fixed
    assert {("page", "/"), ("page", "/index.json"), ("page", "/tilbud/"), ("page", "/akut/")} <= (
        set(fixed)
    )
    assert ("page", "/forloeb/kit/") not in fixed, "entity pages come on demand"
    front = fixed[("page", "/")]
    monkeypatch.setattr(app_module, "MEMO_ENTRIES", 5)
    client = rendered.test_client()
    for i in range(50):  # churn the bounded memo
        assert client.get(f"/soeg/?q=angst+{i}").status_code == 200
    assert len(state(rendered).memo) <= 5
    again = client.get("/")
    assert again.data == front.body and again.headers["ETag"] == f'"{front.etag}"'
    assert state(rendered).fixed[("page", "/")] is front


def test_a_swap_renders_the_new_sites_pages_and_a_rejected_build_drops_them(
    tiny_dir: Path,
) -> None:
    app = create_app(build_site(tiny_dir, shacl=False), {"TESTING": True, "RENDER_AT_SWAP": True})
    current = state(app)
    current.prerender = functools.partial(render_at_swap, app)  # the same work, in this thread
    render_at_swap(app, current)
    before = current.fixed[("page", "/forloeb.json")]
    pathway = tiny_dir / "forloeb.yaml"
    text = pathway.read_text(encoding="utf-8")
    pathway.write_text(text.replace('name: "Forløb ', 'name: "Nyt navn ', 1), encoding="utf-8")
    assert current.swap(build_site(tiny_dir, shacl=False)) is True
    after = current.fixed[("page", "/forloeb.json")]
    assert after.etag != before.etag and b"Nyt navn" in after.body
    served = app.test_client().get("/forloeb.json")
    assert served.data == after.body
    current.reject((error(Pos("forloeb.yaml", 1, 1), "broken"),))
    assert current.fixed == {}, "pages without the editors' banner are not served any more"


def test_a_query_page_is_served_from_memory_only_at_its_own_path(fresh: Flask) -> None:
    client = fresh.test_client()
    kept = client.get(FIND)
    assert kept.status_code == 200
    moved = client.get(FIND.replace("/find/", "/find"))
    assert moved.status_code == 308 and moved.headers["Location"].startswith("/find/?")
    head = client.head(FIND)
    assert head.status_code == 200 and head.data == b""
    assert head.headers["Content-Length"] == str(len(kept.data))
    assert head.headers["ETag"] == kept.headers["ETag"]


def test_a_huge_argument_is_answered_but_never_kept_and_keys_count_toward_the_bound(
    client: FlaskClient, app: Flask
) -> None:
    """The attack audit's hole 3: 5,000 requests with a 60 KB junk parameter took a worker from
    182 MB to 429 MB. A value longer than any view reads is not kept, and a kept answer's key
    counts toward the memory's bound."""
    from navigator.web.app import memory_key, state

    junk = "x" * 60_000
    assert memory_key(app, "GET", "/find/", f"kommune={junk}") is None
    assert memory_key(app, "GET", "/find/", f"bekymring={junk}") is None
    assert memory_key(app, "GET", "/find/", "bekymring=ondt+i+maven") is not None
    memory = state(app)
    before = memory.memo_bytes
    client.get("/find/", query_string={"bekymring": "ondt i maven", "kommune": "aalborg"})
    key = memory_key(app, "GET", "/find/", "bekymring=ondt+i+maven&kommune=aalborg")
    assert key in memory.memo
    assert memory.memo_bytes - before >= len(memory.memo[key].body) + sum(map(len, key))
    for _ in range(3):
        assert client.get("/find/", query_string={"kommune": junk}).status_code in (200, 400)
    assert memory.memo_bytes - before < 200_000, "junk never kept"
