"""The benchmark generators make corpora that validate and build, so bench/ measures real work."""

from __future__ import annotations

import sys
from pathlib import Path

from helpers import REPO

from navigator.build import build_site
from navigator.core import paths

sys.path.insert(0, str(REPO / "bench"))

import generate  # noqa: E402
import national  # noqa: E402


def _problems(root: Path) -> list[str]:
    """Every problem, warnings too: a corpus that warns measures warning output, not work."""
    return [str(p) for p in build_site(root).problems]


def test_renamed_copies_validate(tmp_path: Path) -> None:
    generate.generate(paths.PATHWAYS, tmp_path / "corpus", copies=2)
    assert _problems(tmp_path / "corpus") == []


def test_national_corpus_validates_and_reaches_the_shipped_pathways(tmp_path: Path) -> None:
    out = tmp_path / "national"
    files = national.generate(paths.PATHWAYS, out, count=3, services=2)
    assert len(files) == 3
    site = build_site(out)
    assert [str(p) for p in site.problems] == []
    local = [p for p in site.catalogue.pathways.values() if "-forloeb-" in p.id]
    assert len(local) == 3 * national.PATHWAYS_PER_KOMMUNE
    shipped = {p.id for p in site.catalogue.pathways.values()} - {p.id for p in local}
    # every local pathway's last handover goes into a shipped pathway
    targets = {h.target.split(":")[0] for p in local for h in p.handovers}
    assert targets - {p.id for p in local} <= shipped
    assert all(any(not h.target.startswith(f"{p.id}:") for h in p.handovers) for p in local)


def test_national_corpus_is_deterministic(tmp_path: Path) -> None:
    first = national.generate(paths.PATHWAYS, tmp_path / "a", count=2, services=2)
    second = national.generate(paths.PATHWAYS, tmp_path / "b", count=2, services=2)
    assert [p.read_bytes() for p in first] == [p.read_bytes() for p in second]


def test_national_fills_up_with_synthetic_kommuner(tmp_path: Path) -> None:
    known = national.catalogue_kommuner(paths.PATHWAYS)
    wanted = len(known) + 2
    pairs = national.kommuner(paths.PATHWAYS, wanted)
    assert len(pairs) == wanted
    assert {region for _, region in pairs} <= set(national.REGIONS)
    assert [k for k, _ in pairs if k.startswith("syn-kommune-")] == [
        "syn-kommune-01",
        "syn-kommune-02",
    ]
