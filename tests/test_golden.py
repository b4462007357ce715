"""The build of tests/fixtures/valid matches committed output byte for byte (after pelican).

After an intended change to the output, regenerate and review the diff of tests/golden/build/:
    make goldens   (scripts/update_goldens.py; the test itself never writes)
"""

from __future__ import annotations

from pathlib import Path

import pytest
from goldens import BUILD, OUTPUTS, build
from helpers import VALID

EXPECTED = BUILD


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build(tmp_path_factory.mktemp("build"))


@pytest.mark.parametrize("name", OUTPUTS)
def test_build_matches_golden(built: Path, name: str) -> None:
    assert (built / name).read_bytes() == (EXPECTED / name).read_bytes(), (
        f"{name} differs from tests/golden/build/{name}; if the change is intended, "
        "run make goldens and review the diff"
    )


def test_two_builds_are_byte_identical(built: Path, tmp_path: Path) -> None:
    again = build(tmp_path)
    for name in OUTPUTS:
        assert (again / name).read_bytes() == (built / name).read_bytes()


def test_nothing_else_is_written(built: Path) -> None:
    assert sorted(p.name for p in built.iterdir()) == sorted(OUTPUTS)


def test_output_does_not_depend_on_shacl_having_run(built: Path, tmp_path: Path) -> None:
    from helpers import TODAY_DATE

    from navigator.build import build_site, write_outputs

    write_outputs(build_site(VALID, TODAY_DATE, shacl=False), tmp_path)
    for name in OUTPUTS:
        assert (tmp_path / name).read_bytes() == (built / name).read_bytes()
