"""What the golden tests compare: the tests read it, scripts/update_goldens.py writes it."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner
from helpers import GOLDEN, TODAY, TODAY_DATE, VALID

from navigator.build import build_site
from navigator.cli import cli
from navigator.diagrams.diagram import diagram
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
