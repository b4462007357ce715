"""Split the danger corpus the helpers wrote into a tuning half and a held-out half.

Usage: python scripts/split_danger_corpus.py A.tsv B.tsv ...  (writes tests/fixtures/danger/)
Within each kind, phrasings are ordered by the SHA-256 of their text and dealt alternately,
so each half has the same mix of kinds and writers, and the split never depends on the rule.
The held-out half is read only by bench/danger.py and its test, never while tuning.
"""

from __future__ import annotations

import hashlib
import sys
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "danger"


def main(files: list[str]) -> None:
    """Read kind<TAB>text lines from each file and write tune.tsv and heldout.tsv."""
    by_kind: dict[str, list[str]] = {}
    seen: set[str] = set()
    for name in files:
        for line in Path(name).read_text(encoding="utf-8").splitlines():
            kind, _, text = line.partition("\t")
            if text and text not in seen:
                seen.add(text)
                by_kind.setdefault(kind, []).append(text)
    halves: tuple[list[str], list[str]] = ([], [])
    for kind in sorted(by_kind):
        ordered = sorted(by_kind[kind], key=lambda t: hashlib.sha256(t.encode()).hexdigest())
        for i, text in enumerate(ordered):
            halves[i % 2].append(f"{kind}\t{text}")
    OUT.mkdir(parents=True, exist_ok=True)
    for name, lines in zip(("tune.tsv", "heldout.tsv"), halves, strict=True):
        (OUT / name).write_text("\n".join(lines) + "\n", encoding="utf-8")
        print(f"{name}: {len(lines)} phrasings")


if __name__ == "__main__":
    main(sys.argv[1:])
