"""Every file in tests/fixtures/invalid produces exactly the problem its first line states."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from helpers import TODAY, expectation, invalid_cases, problem_lines, workspace

from navigator.cli import cli
from navigator.load import MAX_BYTES

CASES = invalid_cases()


def validate(folder: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[int, list[str]]:
    """Run `navigator validate .` in folder; return the exit code and the problem lines."""
    monkeypatch.chdir(folder)
    result = CliRunner().invoke(cli, ["validate", ".", "--today", TODAY])
    assert "Traceback" not in result.output
    return result.exit_code, problem_lines(result.output)


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_invalid_fixture(case: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    expected = expectation(case)
    code, lines = validate(workspace(tmp_path, case), monkeypatch)
    assert lines == [str(expected)]
    assert code == (1 if expected.severity == "error" else 0)


def test_every_refusal_has_a_fixture() -> None:
    names = {c.name.removesuffix(".yaml") for c in CASES}
    assert names >= {
        "yaml-syntax", "tab", "duplicate-key", "unknown-field", "wrong-type", "not-utf8",
        "empty", "python-tag", "alias-bomb", "unknown-reference", "duplicate-id",
        "unreachable-step", "handover-end", "age-range", "unknown-kommune", "no-sources",
        "overdue-review", "invalid-date", "invalid-url",
    }


def test_oversize_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = workspace(tmp_path)
    padding = "# " + "x" * 98 + "\n"
    text = "glossary: []\n" + padding * (MAX_BYTES // len(padding) + 1)
    (folder / "stor.yaml").write_text(text, encoding="utf-8")
    size = len(text.encode())
    code, lines = validate(folder, monkeypatch)
    assert lines == [f"stor.yaml:1:1: error: file is {size} bytes; the limit is {MAX_BYTES}"]
    assert code == 1
