"""Exceptions that the CLI turns into clear messages and exit codes (never a traceback)."""

from __future__ import annotations

import click


class NavigatorError(click.ClickException):
    """Base of every error the CLI reports; exit code 2 (bad input or usage)."""

    exit_code = 2


class ValidationFailed(click.ClickException):
    """The pathway files have problems; exit code 1."""

    exit_code = 1

    def show(self, file: object = None) -> None:
        """Print the one-line summary to stderr."""
        click.echo(f"navigator: {self.message}", err=True)
