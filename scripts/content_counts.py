"""Print (or with --write, update) the counts block in docs/content.md from the shipped pathways.

Usage: PYTHONPATH=. .venv/bin/python scripts/content_counts.py [--write]
"""

from __future__ import annotations

import sys
from pathlib import Path

from navigator.build import build_site
from navigator.core import paths
from navigator.web.presenters.reference import content_counts

DOC = Path(__file__).resolve().parent.parent / "docs" / "content.md"
START, END = "<!-- counts:start -->", "<!-- counts:end -->"


def updated(doc: str, counts: str) -> str:
    """The document with the text between the two markers replaced by the counts."""
    head, _, rest = doc.partition(START)
    _, _, tail = rest.partition(END)
    return f"{head}{START}\n{counts}{END}{tail}"


def main() -> None:
    """Print the counts; with --write, put them into docs/content.md."""
    counts = content_counts(build_site(paths.PATHWAYS, shacl=False))
    if "--write" in sys.argv:
        DOC.write_text(updated(DOC.read_text(encoding="utf-8"), counts), encoding="utf-8")
    else:
        sys.stdout.write(counts)


if __name__ == "__main__":
    main()
