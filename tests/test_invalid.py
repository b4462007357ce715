"""Every file in tests/fixtures/invalid produces exactly the problem its first line states."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from helpers import TODAY, expectation, invalid_cases, problem_lines, workspace

from navigator.cli import cli
from navigator.source.load import MAX_BYTES

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
        "yaml-syntax",
        "tab",
        "duplicate-key",
        "unknown-field",
        "wrong-type",
        "not-utf8",
        "empty",
        "python-tag",
        "alias-bomb",
        "unknown-reference",
        "duplicate-id",
        "unreachable-step",
        "handover-end",
        "age-range",
        "unknown-kommune",
        "no-sources",
        "overdue-review",
        "invalid-date",
        "invalid-url",
        "duplicate-step-id",
        "duplicate-handover-id",
        "empty-sources",
        "step-without-sector",
        # found by fuzzing (issue 11): each once raised a traceback or passed when it should not
        "huge-number",
        "colon-in-id",
        "review-not-a-mapping",
        "synonyms-not-a-list",
        "lone-surrogate",
        "ansi-in-id",
        "newline-in-id",
        "line-separator",
        "control-character",
        "javascript-contact",
        "id-with-space",
        "too-many-values",
        "reader-error",
    }


def test_a_duplicate_key_does_not_hide_the_rest_of_the_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = workspace(tmp_path)
    (folder / "mange.yaml").write_text(
        """\
review: {last_reviewed: 2025-01-15, next_review: 2026-01-15, owner: T}
roles:
  - id: skolesygeplejerske
    name: Skolesygeplejerske
    sector: kommune
    name: Sundhedsplejerske
    organisation: nordby-pp
    sources: [testkilde-kommune]
    fact_status: 3
services:
  - id: aabent-hus
    name: Åbent hus
    referred_by: [skolesygeplejersken]
    coverage:
      - {place: sydbyy, status: offered, as_of: 2025-02-30}
    sources: [testkilde-kommune]
    fact_status: verified
    status: active
    status_as_of: 2025-01-15
    status_sources: [testkilde-kommune]
""",
        encoding="utf-8",
    )
    code, lines = validate(folder, monkeypatch)
    assert code == 1
    assert lines == [
        "mange.yaml:6:5: error: duplicate key 'name' (first defined at line 4)",
        "mange.yaml:7:19: error: unknown organisation 'nordby-pp'; did you mean 'nordby-ppr'?",
        "mange.yaml:9:18: error: 'fact_status': '3' is not one of: verified, stated, unverified",
        "mange.yaml:13:19: error: unknown role 'skolesygeplejersken'; "
        "did you mean 'skolesygeplejerske'?",
        "mange.yaml:15:17: error: unknown kommune 'sydbyy'; did you mean 'sydby'?",
        "mange.yaml:15:49: error: '2025-02-30' is not a real date",
    ]


def test_references_into_a_file_that_did_not_load_say_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = workspace(tmp_path)
    services = folder / "valid" / "services.yaml"
    text = services.read_text(encoding="utf-8")
    services.write_text(
        text.replace("  - id: tidlig-hjaelp\n", "  - id: tidlig-hjaelp\n    name: [oops\n", 1),
        encoding="utf-8",
    )
    code, lines = validate(folder, monkeypatch)
    assert code == 1
    assert lines[0].startswith("valid/services.yaml:")
    assert "YAML syntax error" in lines[0]
    cascade = lines[1:]
    assert cascade and all(
        line.endswith(" (valid/services.yaml did not load; fix that first)") for line in cascade
    )
    assert (
        "valid/tidlig-indsats.yaml:12:16: error: unknown service 'tidlig-hjaelp' "
        "(valid/services.yaml did not load; fix that first)"
    ) in cascade


def test_oversize_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = workspace(tmp_path)
    padding = "# " + "x" * 98 + "\n"
    text = "glossary: []\n" + padding * (MAX_BYTES // len(padding) + 1)
    (folder / "stor.yaml").write_text(text, encoding="utf-8")
    size = len(text.encode())
    code, lines = validate(folder, monkeypatch)
    assert lines == [f"stor.yaml:1:1: error: file is {size} bytes; the limit is {MAX_BYTES}"]
    assert code == 1
