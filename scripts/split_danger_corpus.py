"""Split the danger corpus the helpers wrote into a tuning half and a held-out half.

Usage: python scripts/split_danger_corpus.py A.tsv B.tsv [--tune C.tsv D.tsv]
(writes tests/fixtures/danger/tune.tsv and heldout.tsv)
Within each kind, the phrasings of the files before --tune are ordered by the SHA-256 of their
text and dealt alternately, so each half has the same mix of kinds and writers, and the split
never depends on the rule. Files after --tune (corpora written later, to tune on more wording)
go to the tuning half whole. The held-out half is read only by bench/danger.py, never while
tuning.

The four files of December 2026 were written by four helpers who never saw the rule: A and B
first (split), then C and D (measured blind once on the rule tuned on half of A and B, then
tuned on).
"""

from __future__ import annotations

import hashlib
import sys
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "danger"


def rows(files: list[str], seen: set[str]) -> dict[str, list[str]]:
    """The texts of the files by kind, each text once."""
    by_kind: dict[str, list[str]] = {}
    for name in files:
        for line in Path(name).read_text(encoding="utf-8").splitlines():
            kind, _, text = line.partition("\t")
            if text and text not in seen:
                seen.add(text)
                by_kind.setdefault(kind, []).append(text)
    return by_kind


def main(args: list[str]) -> None:
    """Read kind<TAB>text lines from each file and write tune.tsv and heldout.tsv."""
    cut = args.index("--tune") if "--tune" in args else len(args)
    seen: set[str] = set()
    by_kind = rows(args[:cut], seen)
    extra = rows(args[cut + 1 :], seen)
    halves: tuple[list[str], list[str]] = ([], [])
    for kind in sorted(by_kind):
        ordered = sorted(by_kind[kind], key=lambda t: hashlib.sha256(t.encode()).hexdigest())
        for i, text in enumerate(ordered):
            halves[i % 2].append(f"{kind}\t{text}")
    halves[0].extend(f"{kind}\t{text}" for kind in sorted(extra) for text in extra[kind])
    OUT.mkdir(parents=True, exist_ok=True)
    for name, lines in zip(("tune.tsv", "heldout.tsv"), halves, strict=True):
        (OUT / name).write_text("\n".join(lines) + "\n", encoding="utf-8")
        print(f"{name}: {len(lines)} phrasings")


if __name__ == "__main__":
    main(sys.argv[1:])
