"""Every command of the CLI is documented in README.md and has help (after sqlite-utils)."""

from __future__ import annotations

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
    from navigator.schema import validator

    doc = (REPO / "docs" / "schema.md").read_text(encoding="utf-8")
    schema = validator().schema
    fields = set(schema["properties"])
    for definition in schema["$defs"].values():
        fields |= set(definition.get("properties", {}))
    assert {f for f in fields if f"`{f}`" not in doc} == set()
