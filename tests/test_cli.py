"""The `navigator` command line: exit codes, --strict, output, and never a traceback."""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from helpers import REPO, TODAY, VALID, invalid_cases, problem_lines, workspace

from navigator.cli import cli


def run(*args: str | Path) -> Result:
    return CliRunner().invoke(cli, [str(a) for a in args])


def test_validate_clean_exits_0() -> None:
    result = run("validate", VALID, "--today", TODAY)
    assert result.exit_code == 0
    assert problem_lines(result.output) == []
    assert "navigator: ok" in result.output


def test_warnings_pass_unless_strict() -> None:
    later = run("validate", VALID, "--today", "2026-02-01")
    assert later.exit_code == 0
    lines = problem_lines(later.output)
    assert lines and all(": warning: " in line for line in lines)
    strict = run("validate", VALID, "--today", "2026-02-01", "--strict")
    assert strict.exit_code == 1
    assert problem_lines(strict.output) == lines


def test_problems_exit_1_and_are_sorted(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = workspace(tmp_path)
    (folder / "b.yaml").write_text("roles: [{id: x, name: X, sector: komune}]\n", "utf-8")
    (folder / "a.yaml").write_text("glossary:\n  - id: y\n    term: Y\n", "utf-8")
    monkeypatch.chdir(folder)
    result = run("validate", ".", "--today", TODAY)
    assert result.exit_code == 1
    lines = problem_lines(result.output)
    assert [line.split(":")[0] for line in lines] == sorted(line.split(":")[0] for line in lines)
    assert lines[0].startswith("a.yaml:2:5: error: ")
    assert lines[-1] == (
        "b.yaml:1:34: error: 'sector': 'komune' is not one of: familie, kommune, almen-praksis, "
        "region, civilsamfund, stat; did you mean 'kommune'?"
    )
    assert result.output.splitlines()[-1] == "navigator: 6 errors, 2 warnings in 2 files"


def test_empty_folder(tmp_path: Path) -> None:
    result = run("validate", tmp_path)
    assert result.exit_code == 1
    assert "no pathway files (*.yaml) found" in result.output


@pytest.mark.parametrize(
    "args",
    [
        ("validate", "does-not-exist"),
        ("validate", "--today", "1/2/2025"),
        ("validate", "--no-such-option"),
        ("query", "services", "--age", "-1"),
        ("nonsense",),
    ],
)
def test_bad_usage_exits_2(args: tuple[str, ...]) -> None:
    result = run(*args)
    assert result.exit_code == 2
    assert "Traceback" not in result.output


CASES = invalid_cases()


@pytest.mark.parametrize("command", ["validate", "build"])
@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_no_traceback_for_any_invalid_fixture(
    case: Path, command: str, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.WARNING)
    args = [command, case, "--today", TODAY]
    if command == "build":
        args += ["--out", tmp_path / "out"]
    result = run(*args)
    assert "Traceback" not in result.output
    # every invalid fixture holds at least one error: exit 1 (problems found), never 2 or a crash
    assert result.exit_code == 1, result.output
    assert isinstance(result.exception, SystemExit)
    assert [r for r in caplog.records if r.exc_info] == []  # e.g. rdflib logging a traceback


def test_build_writes_outputs(tmp_path: Path) -> None:
    result = run("build", VALID, "--out", tmp_path, "--today", TODAY)
    assert result.exit_code == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "graph.jsonld",
        "graph.nt",
        "graph.ttl",
        "report.txt",
    ]
    json.loads((tmp_path / "graph.jsonld").read_text("utf-8"))


def test_build_refuses_invalid_input(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = workspace(tmp_path / "in", VALID.parent / "invalid" / "age-range.yaml")
    result = run("build", folder, "--out", tmp_path / "out", "--today", TODAY)
    assert result.exit_code == 1
    assert not (tmp_path / "out").exists()


def test_build_strict(tmp_path: Path) -> None:
    result = run("build", VALID, "--out", tmp_path, "--today", "2026-02-01", "--strict")
    assert result.exit_code == 1


def test_query_services() -> None:
    result = run(
        "query",
        "services",
        VALID,
        "--age",
        "10",
        "--concern",
        "ondt i maven",
        "--kommune",
        "nordby",
        "--json",
    )
    assert result.exit_code == 0
    data = json.loads(result.output)
    assert [d["id"] for d in data][0] == "tidlig-hjaelp"
    assert data[0]["availability"] == "offered"
    text = run("query", "services", VALID, "--age", "10", "--kommune", "nordby")
    assert text.output.splitlines()[0].split()[:2] == ["tidlig-hjaelp", "offered"]


def test_query_services_without_a_kommune_says_more_help_is_local() -> None:
    """Help for some areas only is left out without a kommune, and the command says so."""
    result = run("query", "services", VALID, "--age", "10", "--json")
    assert result.exit_code == 0
    ids = [d["id"] for d in json.loads(result.stdout)]
    assert "tidlig-hjaelp" not in ids, "a cluster's own help is not shown as national"
    assert result.stderr.startswith("note: ") and "give --kommune" in result.stderr
    chosen = run("query", "services", VALID, "--age", "10", "--kommune", "nordby", "--json")
    assert "tidlig-hjaelp" in [d["id"] for d in json.loads(chosen.stdout)]
    assert chosen.stderr == ""


def test_query_unknown_kommune_exits_2() -> None:
    result = run("query", "services", VALID, "--kommune", "nordbi")
    assert result.exit_code == 2
    assert "unknown kommune 'nordbi'" in result.output


def test_query_route() -> None:
    result = run("query", "route", VALID, "--from", "foraelder", "--to", "bup-behandler")
    assert result.exit_code == 0
    assert result.output.splitlines() == [
        "foraelder --henvisning--> egen-laege  (tidlig-indsats)",
        "egen-laege --henvisning--> bup-behandler  (udredning)",
    ]
    assert run("query", "route", VALID, "--from", "x", "--to", "foraelder").exit_code == 2


def test_query_who_and_coverage() -> None:
    who = run("query", "who", "ppr-psykolog", VALID, "--json")
    assert json.loads(who.output) == [
        {
            "pathway": "tidlig-indsats",
            "steps": ["samtale", "forloeb"],
            "receives": [
                "tidlig-indsats:bekymring (raadgivning)",
                "udredning:afslutning (epikrise)",
            ],
            "hands_over_to": [],
        }
    ]
    cover = run("query", "coverage", "tidlig-hjaelp", VALID, "--json")
    assert json.loads(cover.output) == [
        {"kommune": "nordby", "status": "offered", "as_of": "2025-01-01"},
        {"kommune": "sydby", "status": "planned", "as_of": "2025-01-01"},
    ]
    assert run("query", "who", "rektor", VALID).exit_code == 2
    assert run("query", "coverage", "rektor", VALID).exit_code == 2


def test_query_refuses_invalid_input(tmp_path: Path) -> None:
    folder = workspace(tmp_path, VALID.parent / "invalid" / "age-range.yaml")
    result = run("query", "who", "foraelder", folder)
    assert result.exit_code == 1
    assert "minimum_age 18 is greater than maximum_age 12" in result.output


def test_schema_command() -> None:
    assert run("schema", "--check").exit_code == 0
    assert json.loads(run("schema").output)["title"] == "Vejviser pathway file"


def test_query_commands_default_to_the_shipped_pathways() -> None:
    # an id given alone must be read as the id, not as the pathways folder
    who = CliRunner().invoke(cli, ["query", "who", "ppr-psykolog"])
    assert who.exit_code == 0, who.output
    assert "kit" in who.output
    cover = CliRunner().invoke(cli, ["query", "coverage", "stime", "--json"])
    assert cover.exit_code == 0, cover.output
    assert {row["status"] for row in json.loads(cover.output)} >= {"offered", "unknown"}


@pytest.mark.parametrize(
    ("args", "code", "stdout", "stderr"),
    [
        (["validate", "tests/fixtures/valid", "--today", "2025-06-01"], 0, "", "navigator: ok: "),
        (
            ["validate", "tests/fixtures/invalid/tab.yaml"],
            1,
            "tests/fixtures/invalid/tab.yaml:4:1: error: tab character",
            "navigator: 1 error, 0 warnings in 1 file",
        ),
        (["query", "who", "nobody", "tests/fixtures/valid"], 2, "", "unknown role 'nobody'"),
    ],
)
def test_the_command_as_a_process_exits_with_its_code_and_all_its_output(
    args: list[str], code: int, stdout: str, stderr: str, tmp_path: Path
) -> None:
    # main() leaves with os._exit: nothing printed may be lost, and the exit code must stay
    env = {**os.environ, "PYTHONPATH": str(REPO), "VEJVISER_CACHE_DIR": str(tmp_path)}
    done = subprocess.run(
        [sys.executable, "-m", "navigator", *args],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == code
    assert stdout in done.stdout
    assert stderr in done.stderr
    assert "Traceback" not in done.stderr


def test_build_as_a_process_reports_each_file_it_cannot_write(tmp_path: Path) -> None:
    """A file in the way of any of the four outputs is one clear message naming it, exit 2,
    and no traceback."""
    env = {**os.environ, "PYTHONPATH": str(REPO), "VEJVISER_CACHE_DIR": str(tmp_path / "c")}
    for name in ("graph.ttl", "graph.jsonld", "graph.nt"):
        out = tmp_path / name.replace(".", "-")
        (out / name).mkdir(parents=True)
        done = subprocess.run(
            [sys.executable, "-m", "navigator", "build", "--no-cache", str(VALID), "--out", out],
            cwd=REPO,
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        assert done.returncode == 2
        assert f"cannot write {out / name}" in done.stderr
        assert "Traceback" not in done.stderr
