"""One URL builder: every path navigator/core/urls.py builds is answered by the view it names."""

from __future__ import annotations

import ast
import re
from urllib.parse import urlsplit

import pytest
from flask import Flask
from flask.testing import FlaskClient
from helpers import REPO

from navigator.core import paths, urls

# (built path, the endpoint that must answer it, its arguments)
CASES = [
    (urls.service("bup"), "guide.service", {"id": "bup"}),
    (urls.pathway("kit"), "guide.pathway", {"id": "kit"}),
    (urls.kommune("aeroe"), "guide.kommune", {"id": "aeroe"}),
    (urls.kommuner(), "guide.places", {}),
    (urls.entity("role", "laerer"), "guide.role", {"id": "laerer"}),
    (urls.entity("cluster", "randers"), "guide.cluster", {"id": "randers"}),
    (urls.akut(), "guide.urgent", {}),
    (urls.akut("region-nordjylland"), "guide.urgent_region", {"region": "region-nordjylland"}),
    (urls.find({"alder": "10"}), "guide.find", {}),
    (urls.plan("6-12", ["bekymring"], "aeroe", "skole", ["raad-sorg"]), "guide.plan", {}),
    (urls.source("src-x"), "guide.sources", {}),
    (urls.term("ppr"), "guide.glossary", {}),
    (urls.pathway_diagram_file("kit", "svg"), "downloads.diagram_file", None),
]


@pytest.mark.parametrize(("path", "endpoint", "args"), CASES, ids=[c[0] for c in CASES])
def test_every_built_url_is_a_route(
    app: Flask, path: str, endpoint: str, args: dict[str, str] | None
) -> None:
    matched, values = app.url_map.bind("localhost").match(urlsplit(path).path)
    assert matched == endpoint
    if args is not None:
        assert values == {**args, "fmt": "html"}


def test_entity_kinds_without_a_page_have_no_url() -> None:
    assert urls.entity("step", "kit:start") is None
    assert urls.entity("handover", "x") is None


def test_a_strange_id_cannot_leave_its_path_segment() -> None:
    assert urls.service("../admin?x=1") == "/tilbud/..%2Fadmin%3Fx%3D1/"
    assert urls.pathway("kit", "a b") == "/forloeb/kit/#trin-a%20b"


def test_find_drops_empty_answers_and_keeps_their_order() -> None:
    assert urls.find({}) == "/find/"
    assert urls.find({"alder": "", "kommune": "aeroe"}) == "/find/?kommune=aeroe"
    assert urls.find({"alder": "10", "ret": "1"}, "find-form") == "/find/?alder=10&ret=1#find-form"


def test_links_in_pages_are_built_by_the_builder(client: FlaskClient) -> None:
    """The page dicts carry the builder's URLs (a changed route would show here first)."""
    page = client.get("/tilbud.json").get_json()
    first = page["services"][0] if "services" in page else page["items"][0]
    assert first["url"] == urls.service(first["id"])


def test_the_static_scripts_paths_are_the_builders_and_answer(app: Flask) -> None:
    """find.js and search.js read these from the page instead of writing paths themselves."""
    adapter = app.url_map.bind("localhost")
    found = urls.patterns()
    assert adapter.match(found["find_data"])[0] == "guide.find_data"
    assert adapter.match(found["search_data"])[0] == "guide.search_data"
    assert adapter.match(found["find_shard"].format("aeroe")) == (
        "guide.find_data_kommune",
        {"id": "aeroe"},
    )
    assert adapter.match(found["find_no_kommune"])[1] == {"id": urls.NO_KOMMUNE}
    assert adapter.match(found["plan_shard"].format("aeroe")) == (
        "guide.plan_data_kommune",
        {"id": "aeroe"},
    )
    assert adapter.match(found["plan_no_kommune"])[1] == {"id": urls.NO_KOMMUNE}


def test_a_plan_url_holds_only_its_parameters_in_a_fixed_order() -> None:
    assert urls.plan("", [], "") == "/plan/"
    assert urls.plan("6-12", ["a", "b"], "aeroe", "skole", ["raad-x"]) == (
        "/plan/?alder=6-12&tema=a,b&kommune=aeroe&raad=raad-x&til=skole"
    )


def test_the_find_page_hands_the_paths_to_find_js(client: FlaskClient) -> None:
    html = client.get("/find/").get_data(as_text=True)
    for name in ("data-common", "data-shard", "data-no-kommune"):
        assert f'{name}="' in html
    assert f'data-shard="{urls.patterns()["find_shard"]}"' in html


HAND_BUILT = re.compile(
    r"""(?:href|src|action)="/"""  # a literal path in an attribute
    r"""|['"]/[a-z]"""  # a path written as a string in a Jinja expression
    r"""|~\s*['"]/|['"]/['"]\s*~"""  # a path glued together with ~
    r"""|#trin-"""  # a step's fragment (urls.step_anchor)
)
"""How a path built by hand in a template looks."""


def test_no_template_builds_a_path_by_hand() -> None:
    """Every path in a template comes from the URL builder: a page dict's url from
    navigator/core/urls.py, or Flask's url_for over the same routes. find.html glued
    '/kommuner/' ~ id ~ '/' for a region too, a link that was a 404."""
    found = [
        f"{template.name}:{number}: {line.strip()[:80]}"
        for template in sorted(paths.TEMPLATES.glob("*.html"))
        for number, line in enumerate(template.read_text(encoding="utf-8").splitlines(), 1)
        if HAND_BUILT.search(line)
    ]
    assert not found, found


def test_the_pattern_sees_a_hand_built_path() -> None:
    for line in (
        """<a href="/kommuner/{{ k.id }}/">""",
        """{{ link({'url': '/kommuner/' ~ page.kommune.id ~ '/'}) }}""",
        """<a href="#trin-{{ n.id }}">""",
    ):
        assert HAND_BUILT.search(line), line
    assert not HAND_BUILT.search("""<a href="{{ url_for('guide.index') }}">""")


def _declared(endpoint: str) -> set[str]:
    """The rules urls.ROUTES gives an endpoint: its own, its .json twin, its Excel variant."""
    base = endpoint.removesuffix("_json")
    rule = urls.ROUTES.get(endpoint, "")
    return {rule, urls.json_twin(urls.ROUTES.get(base, "")), urls.excel_twin(rule)}


def test_every_route_of_the_app_is_declared_once_in_urls(app: Flask) -> None:
    """The views register the rules of urls.ROUTES, so a page's path is written once."""
    rules = [r for r in app.url_map.iter_rules() if r.endpoint != "static"]
    assert {r.endpoint for r in rules} >= set(urls.ROUTES), "a declared route is not served"
    assert {f"guide.{kind}" for kind in urls.PAGE_KINDS} <= set(urls.ROUTES)
    data = app.url_map.bind("localhost").match("/data/graph.ttl")
    assert data == ("downloads.data_file", {"name": "graph.ttl"})
    apart = [
        f"{r.endpoint} {r.rule}"
        for r in rules
        if r.rule not in _declared(r.endpoint) and r.endpoint != "downloads.data_file"
    ]
    assert not apart, apart


def rules_written_in(source: str) -> list[str]:
    """Text in a module that is a Flask rule or a route's fixed path ('/tilbud/<slug:id>/',
    '/eksport/'): only urls.py may hold one."""
    fixed = {r for r in urls.ROUTES.values() if r != "/"}
    fixed |= {urls.json_twin(r) for r in urls.ROUTES.values()}
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            text = node.value
            if re.search(r"<(?:\w+|any\(.*\)):\w+>", text) or text in fixed:
                found.append(f"{node.lineno}: {text}")
    return found


def test_no_module_but_urls_writes_a_route() -> None:
    """views.py and downloads.py wrote every rule again ('/tilbud/<slug:id>/' beside urls.py's
    '/tilbud/{}/'), and so did a builder or two."""
    found = [
        f"{path.relative_to(REPO)}:{where}"
        for path in sorted((REPO / "navigator").rglob("*.py"))
        if path.name != "urls.py"
        for where in rules_written_in(path.read_text(encoding="utf-8"))
    ]
    assert not found, found


def test_the_check_sees_a_rule_written_again() -> None:
    assert rules_written_in('twin("/tilbud/<slug:id>/", "/tilbud/<slug:id>.json")')
    assert rules_written_in('bp.route("/eksport/")')
    assert rules_written_in('RULE = "/eksport/<any(forloeb,kommuner):segment>/<slug:id>"')
    assert not rules_written_in('url = "/" + "x"')
