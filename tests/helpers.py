"""Shared helpers for the tests: fixture locations and a workspace for invalid cases."""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

TESTS = Path(__file__).resolve().parent
REPO = TESTS.parent
FIXTURES = TESTS / "fixtures"
VALID = FIXTURES / "valid"
INVALID = FIXTURES / "invalid"
GOLDEN = TESTS / "golden"
TODAY = "2025-06-01"
"""A fixed 'today' for every test: the valid fixtures' reviews are current on this day."""
TODAY_DATE = dt.date.fromisoformat(TODAY)
SHIPPED_DAY = dt.date(2026, 12, 6)
"""The day the shipped pathways are built on in tests, so a test does not change with the
calendar (Region Østdanmark starts on 2027-01-01: see MERGER_EVE and MERGER_DAY)."""
MERGER_EVE = dt.date(2026, 12, 31)
MERGER_DAY = dt.date(2027, 1, 1)

_PROBLEM = re.compile(r"^\S+:\d+:\d+: (error|warning): ")
_EXPECT = re.compile(rb"^# expect: (\d+):(\d+) (error|warning): (.+)$")


@dataclass(frozen=True)
class Expectation:
    """The problem an invalid fixture must produce, from its '# expect:' first line."""

    file: str  # relative to the invalid fixtures folder, e.g. 'tab.yaml' or 'duplicate-id/b.yaml'
    line: int
    col: int
    severity: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.col}: {self.severity}: {self.message}"


def invalid_cases() -> list[Path]:
    """Every invalid case: a .yaml file or a folder of them, directly under fixtures/invalid."""
    return sorted(p for p in INVALID.iterdir() if p.is_dir() or p.suffix == ".yaml")


def expectation(case: Path) -> Expectation:
    """Read the '# expect: LINE:COL severity: message' header of a case (file or folder)."""
    files = sorted(case.glob("*.yaml")) if case.is_dir() else [case]
    for path in files:
        first = path.read_bytes().split(b"\n", 1)[0]
        match = _EXPECT.match(first)
        if match:
            line, col, severity, message = match.groups()
            return Expectation(
                path.relative_to(INVALID).as_posix(),
                int(line),
                int(col),
                severity.decode(),
                message.decode("utf-8"),
            )
    raise AssertionError(f"{case} has no '# expect: LINE:COL severity: message' first line")


def workspace(tmp_path: Path, case: Path | None = None) -> Path:
    """Copy the valid fixtures (to valid/) and optionally one invalid case into tmp_path."""
    shutil.copytree(VALID, tmp_path / "valid")
    if case is not None and case.is_dir():
        shutil.copytree(case, tmp_path / case.name)
    elif case is not None:
        shutil.copy(case, tmp_path / case.name)
    return tmp_path


def problem_lines(output: str) -> list[str]:
    """The 'path:line:col: severity: message' lines of a command's output."""
    return [line for line in output.splitlines() if _PROBLEM.match(line)]


def check_text(
    tmp_path: Path, text: str, today: dt.date = TODAY_DATE, status: bool = False
) -> list[str]:
    """Problems (as printed) of the valid fixtures plus one file case.yaml holding text.

    Paths are shown relative to tmp_path, so a problem in the case reads 'case.yaml:3:5: …'.
    Cases written for other rules leave out 'status'; its warning is kept only with status=True.
    """
    from navigator.build import load_and_check

    folder = workspace(tmp_path)
    (folder / "case.yaml").write_text(text, encoding="utf-8")
    checked = load_and_check(folder, today)
    return [
        str(p).replace(f"{folder}/", "")
        for p in checked.problems
        if status or "has no status" not in p.message
    ]


def run_node(script: str, payload: object, *scripts: Path, timeout: float = 120) -> Any:
    """Run a Node script (it reads our static JS by process.argv) on a JSON payload from stdin
    and return its JSON output: how the parity tests run find.js and search.js."""
    node = shutil.which("node")
    if node is None:
        pytest.fail("node is needed to run the static site's scripts")
    out = subprocess.run(
        [node, "-e", script, *map(str, scripts)],
        input=json.dumps(payload),
        text=True,
        capture_output=True,
        check=True,
        timeout=timeout,
    )
    return json.loads(out.stdout)
