"""Every command of the CLI is documented in README.md and has help (after sqlite-utils)."""

from __future__ import annotations

import re
from collections.abc import Iterator

import click
import pytest
from click.testing import CliRunner
from helpers import REPO

from navigator.cli import cli


def commands(group: click.Group, prefix: tuple[str, ...] = ()) -> Iterator[tuple[str, ...]]:
    """The path of every command and subcommand, walking groups recursively."""
    for name, command in sorted(group.commands.items()):
        yield (*prefix, name)
        if isinstance(command, click.Group):
            yield from commands(command, (*prefix, name))


COMMANDS = list(commands(cli))


def test_there_are_commands() -> None:
    assert ("validate",) in COMMANDS and ("query", "services") in COMMANDS


@pytest.mark.parametrize("path", COMMANDS, ids=[" ".join(p) for p in COMMANDS])
def test_command_is_documented_in_readme(path: tuple[str, ...]) -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert f"navigator {' '.join(path)}" in readme


@pytest.mark.parametrize("path", COMMANDS, ids=[" ".join(p) for p in COMMANDS])
def test_command_has_help(path: tuple[str, ...]) -> None:
    command: click.Command = cli
    for name in path:
        assert isinstance(command, click.Group)
        command = command.commands[name]
    assert command.help
    result = CliRunner().invoke(cli, [*path, "--help"])
    assert result.exit_code == 0
    assert "Usage:" in result.output


def test_every_schema_field_is_documented_in_docs_schema_md() -> None:
    from navigator.source.schema import validator

    doc = (REPO / "docs" / "schema.md").read_text(encoding="utf-8")
    schema = validator().schema
    fields = set(schema["properties"])
    for definition in schema["$defs"].values():
        fields |= set(definition.get("properties", {}))
    assert {f for f in fields if f"`{f}`" not in doc} == set()


ARCHITECTURE = REPO / "docs" / "architecture.md"
# a repository path: starts with a top folder, not inside a URL or an absolute path
NAMED_PATH = re.compile(
    r"(?<![\w/.-])(?:navigator|web|tests|bench|scripts|docs|ontology|pathways)/[\w./*<>-]*[\w/*>]"
)
# a file named alone, in backticks: `lanes.py`, `_macros.html`
NAMED_FILE = re.compile(r"`(\w[\w-]*\.(?:py|html|js|css|md|yaml|ttl|json|toml))`")
SKIP = {".git", ".venv", "node_modules", "__pycache__", ".mypy_cache", ".ruff_cache"}


def _exists(relative: str) -> bool:
    """A named path exists from the repository's root, or from inside the package (the
    module list names navigator/web/views.py as web/views.py); <id> stands for any name."""
    pattern = re.sub(r"<[^>]*>", "*", relative.rstrip("/"))
    return any(list(base.glob(pattern)) for base in (REPO, REPO / "navigator"))


def _repo_files() -> set[str]:
    names: set[str] = set()
    for folder in ("navigator", "web", "tests", "bench", "scripts", "docs", "ontology", "pathways"):
        for path in (REPO / folder).rglob("*"):
            if not SKIP & set(path.parts):
                names.add(path.name)
    return names | {path.name for path in REPO.iterdir()}


def test_every_path_architecture_md_names_exists() -> None:
    """docs/architecture.md describes the code as it is: it named navigator/views.py and
    navigator/presenters/ after they moved into navigator/web/, and an export.py that is gone."""
    text = ARCHITECTURE.read_text(encoding="utf-8")
    named = sorted(set(NAMED_PATH.findall(text)))
    assert len(named) > 20, named
    missing = [path for path in named if not _exists(path)]
    files = _repo_files()
    missing += sorted({name for name in NAMED_FILE.findall(text) if name not in files})
    assert not missing, missing


def test_the_path_check_sees_a_missing_path() -> None:
    assert NAMED_PATH.findall("see `navigator/views.py` and docs/web.md.") == [
        "navigator/views.py",
        "docs/web.md",
    ]
    assert not NAMED_PATH.findall("https://vejviser.dk/id/x and /work/shared/DESIGN.md")
    assert not _exists("navigator/views.py") and _exists("web/views.py")
    assert _exists("pathways/<id>.yaml") and not _exists("pathways/<id>.toml")


def test_architecture_md_describes_every_module() -> None:
    text = ARCHITECTURE.read_text(encoding="utf-8")
    modules = sorted((REPO / "navigator").rglob("*.py"))
    assert not [
        m.relative_to(REPO).as_posix()
        for m in modules
        if f"`{m.name}`" not in text and f"/{m.name}`" not in text
    ]
