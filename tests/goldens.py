"""What the golden tests compare: the tests read it, scripts/update_goldens.py writes it."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner
from helpers import GOLDEN, TODAY, VALID

from navigator.build import build_site
from navigator.cli import cli
from navigator.diagrams.diagram import diagram

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


def build(out: Path) -> Path:
    """Build the valid fixtures into out with the CLI, on the tests' fixed 'today'."""
    result = CliRunner().invoke(cli, ["build", str(VALID), "--out", str(out), "--today", TODAY])
    if result.exit_code != 0:
        raise RuntimeError(result.output)
    return out


def diagram_dots() -> dict[Path, str]:
    """The golden file and the DOT text of every golden diagram case."""
    site = build_site(VALID, shacl=False)
    found = {}
    for kind, entity_id in DIAGRAM_CASES:
        item = diagram(site, kind, entity_id)
        found[DIAGRAMS / f"{item.slug}.dot"] = item.dot
    return found
