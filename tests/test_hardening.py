"""Issue 11's findings for pathway files and the CLI, each held by a test of what a user sees."""

from __future__ import annotations

import csv
import io
import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from helpers import FIXTURES, INVALID, TODAY, VALID, expectation

from navigator.build import build_site
from navigator.cli import cli
from navigator.core.problems import Pos, error, printable
from navigator.web.tables import csv_cell, services_by_kommune_csv

PROBLEM_LINE = re.compile(r"^[^:]+:\d+:\d+: (error|warning): .+$")


@pytest.mark.parametrize(
    "args",
    [
        ["build", str(VALID), "--today", TODAY, "--out", "/dev/null/graph"],
        ["diagram", "overview", "--pathways", str(VALID), "--out", "/findes/ikke/oversigt.svg"],
    ],
)
def test_a_bad_out_path_is_a_clear_error(args: list[str]) -> None:
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 2
    assert isinstance(result.exception, SystemExit), "a clean exit, not an exception"
    assert "Error: cannot write /" in result.stderr


@pytest.mark.parametrize("case", sorted(INVALID.glob("*.yaml")), ids=lambda p: p.stem)
def test_stdout_of_validate_holds_problem_lines_only(case: Path, tmp_path: Path) -> None:
    shutil.copytree(VALID, tmp_path / "valid")
    shutil.copy(case, tmp_path / case.name)
    result = CliRunner().invoke(cli, ["validate", str(tmp_path), "--today", TODAY])
    # next to the valid fixtures a case keeps only its own problem: exit 1 for an error
    assert result.exit_code == (1 if expectation(case).severity == "error" else 0)
    lines = result.stdout.splitlines()
    assert lines, "every invalid fixture has a problem"
    assert all(PROBLEM_LINE.match(line) for line in lines), lines


def test_a_problem_message_never_carries_a_raw_control_character() -> None:
    problem = error(Pos("a\nb.yaml", 2, 3), "unknown role '\x1b[31mx\u2028y\udc80\r'")
    assert str(problem) == r"a\nb.yaml:2:3: error: unknown role '\x1b[31mx\u2028y\udc80\r'"
    str(problem).encode("utf-8")  # printable, and encodable: no lone surrogate left
    assert printable("Køge – ok") == "Køge – ok"


@pytest.mark.parametrize(
    ("value", "cell"),
    [
        ('=HYPERLINK("http://x","klik")', '\'=HYPERLINK("http://x","klik")'),
        ("+45 70 20 12 01", "'+45 70 20 12 01"),
        ("-1", "'-1"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("Køge", "Køge"),
        (7, 7),
        (None, ""),
    ],
)
def test_csv_cells_that_start_like_a_formula_are_escaped(value: object, cell: object) -> None:
    assert csv_cell(value) == cell


def test_a_formula_in_a_coverage_note_reaches_the_csv_escaped(tmp_path: Path) -> None:
    folder = tmp_path / "p"
    shutil.copytree(FIXTURES / "diagram", folder)
    path = folder / "catalogue.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace(
            "        as_of: 2024-03-01\n",
            '        as_of: 2024-03-01\n        note: "=HYPERLINK(\\"http://x\\")"\n',
            1,
        ),
        encoding="utf-8",
    )
    table = services_by_kommune_csv(build_site(folder, shacl=False))
    notes = [r["note"] for r in csv.DictReader(io.StringIO(table.removeprefix("\ufeff")))]
    assert '\'=HYPERLINK("http://x")' in notes
    assert not any(n.startswith("=") for n in notes)
