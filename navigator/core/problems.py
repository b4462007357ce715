"""One problem type for every stage: where it is, how bad, and what is wrong."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True, slots=True, order=True)
class Pos:
    """A position in a pathway file, 1-based like editors show it."""

    file: str
    line: int = 1
    col: int = 1

    def __str__(self) -> str:
        return f"{printable(self.file)}:{self.line}:{self.col}"


@dataclass(frozen=True, slots=True)
class Problem:
    """A finding of any check: its position, severity and message."""

    pos: Pos
    severity: Severity
    message: str

    def __str__(self) -> str:
        return f"{self.pos}: {self.severity}: {printable(self.message)}"

    @property
    def sort_key(self) -> tuple[str, int, int, str]:
        """Order by file, line, column, then message."""
        return (self.pos.file, self.pos.line, self.pos.col, self.message)


def printable(text: str) -> str:
    """text with every character a terminal would act on written as an escape (\\n, \\x1b, \\u2028).

    A problem is one line on a terminal or in an editor: a value's line break, an ANSI escape
    or a lone surrogate (which cannot even be encoded) must not reach the output raw.
    """
    if text.isprintable():
        return text
    return "".join(c if c.isprintable() else _escape(c) for c in text)


def _escape(char: str) -> str:
    code = ord(char)
    if char in "\n\r\t":
        return repr(char)[1:-1]
    return (
        f"\\x{code:02x}"
        if code < 0x100
        else f"\\u{code:04x}"
        if code < 0x10000
        else f"\\U{code:08x}"
    )


def error(pos: Pos, message: str) -> Problem:
    """An error at pos."""
    return Problem(pos, "error", message)


def warning(pos: Pos, message: str) -> Problem:
    """A warning at pos."""
    return Problem(pos, "warning", message)


def sort_problems(problems: Iterable[Problem]) -> list[Problem]:
    """Sort by file and line and drop exact repeats."""
    return sorted(set(problems), key=lambda p: p.sort_key)


def count(problems: Iterable[Problem]) -> tuple[int, int]:
    """Return (errors, warnings)."""
    items = list(problems)
    errors = sum(1 for p in items if p.severity == "error")
    return errors, len(items) - errors


def summary(problems: Iterable[Problem]) -> str:
    """One line such as '3 errors, 1 warning in 2 files'."""
    items = list(problems)
    errors, warnings = count(items)
    files = len({p.pos.file for p in items})
    parts = [_plural(errors, "error"), _plural(warnings, "warning")]
    return f"{', '.join(parts)} in {_plural(files, 'file')}"


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"
