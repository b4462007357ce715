"""The frozen site of tests/fixtures/valid matches committed pages: one page of each kind.

The pages are compared as written (HTML byte for byte; JSON after indenting, for a readable
diff). After an intended change to a page, regenerate and review the diff of tests/golden/site/:
    make goldens   (scripts/update_goldens.py; the test itself never writes)
"""

from __future__ import annotations

from pathlib import Path

import pytest
from goldens import SITE, SITE_PAGES, freeze, site_page


@pytest.fixture(scope="module")
def frozen(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return freeze(tmp_path_factory.mktemp("frozen") / "site")


@pytest.mark.parametrize("name", SITE_PAGES)
def test_frozen_page_matches_golden(frozen: Path, name: str) -> None:
    assert site_page(frozen, name) == (SITE / name).read_text(encoding="utf-8"), (
        f"{name} differs from tests/golden/site/{name}; if the change is intended, "
        "run make goldens and review the diff"
    )


def test_the_golden_holds_exactly_the_listed_pages() -> None:
    held = sorted(p.relative_to(SITE).as_posix() for p in SITE.rglob("*") if p.is_file())
    assert held == sorted(SITE_PAGES)
