"""What the golden tests compare: the tests read it, scripts/update_goldens.py writes it."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner
from helpers import GOLDEN, TODAY, TODAY_DATE, VALID

from navigator.build import build_site
from navigator.cli import cli
from navigator.diagrams.diagram import diagram
from navigator.web.factory import create_app
from navigator.web.freeze import freeze_site

OUTPUTS = ("graph.ttl", "graph.jsonld", "graph.nt", "report.txt")
BUILD = GOLDEN / "build"
DIAGRAMS = GOLDEN / "diagram"
DIAGRAM_CASES = [
    ("pathway", "tidlig-indsats"),
    ("pathway", "udredning"),
    ("role", "ppr-psykolog"),
    ("kommune", "nordby"),
    ("overview", None),
]
SITE = GOLDEN / "site"
# A handful of frozen pages, one of each kind, with their .json twins (the export page has
# none). Kept out on purpose: /find-data*.json and /soeg/, whose format is still changing.
SITE_PAGES = (
    "index.html",
    "index.json",
    "forloeb/tidlig-indsats/index.html",
    "forloeb/tidlig-indsats.json",
    "tilbud/tidlig-hjaelp/index.html",
    "tilbud/tidlig-hjaelp.json",
    "kommuner/nordby/index.html",
    "kommuner/nordby.json",
    "akut/index.html",
    "akut.json",
    "akut/testregion/index.html",
    "akut/testregion.json",
    "find/index.html",
    "find.json",
    "eksport/index.html",
)


PLANS = GOLDEN / "plan"
# 'Vores plan' for three concerns (issue 18): the live page and its .json twin, as a family
# opens them from /find/ (the whole plan, the version for the school, no age and no kommune)
PLAN_CASES = {
    "angst": "/plan/?alder=6-12&tema=angst&kommune=nordby",
    "skolefravaer-til-skolen": "/plan/?alder=13-17&tema=skolefravaer&kommune=sydby&til=skole",
    "mistrivsel": "/plan/?tema=mistrivsel",
}


def plan_pages() -> dict[Path, str]:
    """The golden file and the text of every golden plan (HTML and its .json twin)."""
    app = create_app(build_site(VALID, TODAY_DATE, shacl=False))
    client = app.test_client()
    found = {}
    for name, url in PLAN_CASES.items():
        html = client.get(url)
        data = client.get(url.replace("/plan/", "/plan.json"))
        if html.status_code != 200 or data.status_code != 200:
            raise RuntimeError(f"{url}: {html.status_code}, {data.status_code}")
        found[PLANS / f"{name}.html"] = html.get_data(as_text=True)
        found[PLANS / f"{name}.json"] = (
            json.dumps(data.get_json(), ensure_ascii=False, indent=1) + "\n"
        )
    return found


def build(out: Path) -> Path:
    """Build the valid fixtures into out with the CLI, on the tests' fixed 'today'."""
    result = CliRunner().invoke(cli, ["build", str(VALID), "--out", str(out), "--today", TODAY])
    if result.exit_code != 0:
        raise RuntimeError(result.output)
    return out


def diagram_dots() -> dict[Path, str]:
    """The golden file and the DOT text of every golden diagram case."""
    site = build_site(VALID, TODAY_DATE, shacl=False)
    found = {}
    for kind, entity_id in DIAGRAM_CASES:
        item = diagram(site, kind, entity_id)
        found[DIAGRAMS / f"{item.slug}.dot"] = item.dot
    return found


def freeze(out: Path) -> Path:
    """Freeze the valid fixtures into out, built on the tests' fixed 'today'."""
    freeze_site(build_site(VALID, TODAY_DATE, shacl=False), out)
    return out


def site_page(out: Path, name: str) -> str:
    """A frozen page as the golden keeps it: HTML as written, JSON indented for review."""
    text = (out / name).read_text(encoding="utf-8")
    if name.endswith(".json"):
        # the site sends compact JSON; one key a line makes a golden diff readable
        return json.dumps(json.loads(text), ensure_ascii=False, indent=1) + "\n"
    return text
