"""Regenerate the golden files after an intended change, then review `git diff tests/golden`.

    .venv/bin/python scripts/update_goldens.py      (or: make goldens)

The tests only compare; they never write (a test that can rewrite its own expectation
cannot fail).
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

import goldens  # noqa: E402


def main() -> None:
    """Write tests/golden/build, diagram, site and plan from the valid fixtures."""
    with tempfile.TemporaryDirectory() as tmp:
        out = goldens.build(Path(tmp))
        goldens.BUILD.mkdir(parents=True, exist_ok=True)
        for name in goldens.OUTPUTS:
            (goldens.BUILD / name).write_bytes((out / name).read_bytes())
    goldens.DIAGRAMS.mkdir(parents=True, exist_ok=True)
    for path, dot in goldens.diagram_dots().items():
        path.write_text(dot, encoding="utf-8")
    with tempfile.TemporaryDirectory() as tmp:
        site = goldens.freeze(Path(tmp) / "site")
        shutil.rmtree(goldens.SITE, ignore_errors=True)  # a page left out leaves no stale file
        for name in goldens.SITE_PAGES:
            target = goldens.SITE / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(goldens.site_page(site, name), encoding="utf-8")
    shutil.rmtree(goldens.PLANS, ignore_errors=True)
    goldens.PLANS.mkdir(parents=True)
    for path, text in goldens.plan_pages().items():
        path.write_text(text, encoding="utf-8")
    print(f"wrote {goldens.GOLDEN}/{{build,diagram,site,plan}}; review with git diff tests/golden")


if __name__ == "__main__":
    main()
