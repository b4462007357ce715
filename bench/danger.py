"""How well the guide hears danger, on phrasings it was not tuned to.

Usage: python bench/danger.py [--split heldout-m|tune|train-…] [--show]
Reads tests/fixtures/danger/<split>.tsv (kind<TAB>text, written by helpers who never saw the
rule) and prints, per kind, how often the full
"Få hjælp nu" card comes up, how often it names the right kind, how often at least the soft
"Hvis det er akut" card comes up, and the false-alarm rate on ordinary and near-miss text.
The cues are tuned on tune.tsv, and the learned weights trained on tune.tsv and every
train-*.tsv (scripts/train_danger.py). heldout-*.tsv are the measurements: each written by a
writer who never saw the rule or the corpus, measured once and never read (docs/danger.md).
An earlier held-out split, once measured, becomes training text (train-h, train-f, train-l).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from navigator.answers.danger import MAX_CHARS, WORD  # noqa: E402
from navigator.answers.query import warning_signs  # noqa: E402
from navigator.build import load_and_check  # noqa: E402
from navigator.core.text import fold  # noqa: E402

KINDS = {
    "selvmordstanker": {"selvmordstanker", "selvmordsplaner", "selvmordsforsoeg"},
    "selvmordsplaner": {"selvmordsplaner", "selvmordstanker"},
    "selvmordsforsoeg": {"selvmordsforsoeg", "bevidstloes-eller-beruset"},
    "selvskade": {"selvskade"},
    "spiseforstyrrelse": {"svaer-spiseforstyrrelse"},
    "psykose": {"akut-psykose"},
    "overgreb": {"vold-eller-overgreb"},
    "forsvundet": {"forsvundet-barn"},
    "trusler": {"trusler-eller-vaaben"},
    "bevidstloes": {"bevidstloes-eller-beruset", "selvmordsforsoeg"},
}
"""The concerns that count as the right card for each kind of the corpus (a suicide plan
is also suicide thoughts; an overdose can be read as poisoning and the reverse)."""
PRIMARY = {
    "selvmordstanker": "selvmordstanker",
    "selvmordsplaner": "selvmordsplaner",
    "selvmordsforsoeg": "selvmordsforsoeg",
    "selvskade": "selvskade",
    "spiseforstyrrelse": "svaer-spiseforstyrrelse",
    "psykose": "akut-psykose",
    "overgreb": "vold-eller-overgreb",
    "forsvundet": "forsvundet-barn",
    "trusler": "trusler-eller-vaaben",
    "bevidstloes": "bevidstloes-eller-beruset",
}
"""The one concern each kind is about (scripts/train_danger.py learns it)."""
CALM = ("ordinary", "near-miss")


def read(split: str) -> list[tuple[str, str]]:
    """The (kind, text) rows of one split."""
    path = ROOT / "tests" / "fixtures" / "danger" / f"{split}.tsv"
    rows = [line.split("\t", 1) for line in path.read_text(encoding="utf-8").splitlines()]
    return [(k, t) for k, t in rows]


def score(
    cat: object, rows: list[tuple[str, str]], show: bool = False
) -> dict[str, dict[str, float]]:
    """Per kind: n, card (full card shown), right (a right kind named), soft (full or soft)."""
    out: dict[str, dict[str, float]] = {}
    for kind, text in rows:
        found = warning_signs(cat, text)  # type: ignore[arg-type]
        row = out.setdefault(kind, {"n": 0, "card": 0, "right": 0, "soft": 0})
        row["n"] += 1
        row["card"] += bool(found.concerns)
        row["right"] += bool(set(found.concerns) & KINDS.get(kind, set()))
        row["soft"] += bool(found)
        wrong = (kind in CALM and found.concerns) or (kind not in CALM and not found.concerns)
        if show and wrong:
            print(f"  {kind:18} {list(found.concerns) or list(found.soft)!s:40} {text}")
    return out


def report(out: dict[str, dict[str, float]]) -> None:
    """Print the table and the two headline figures."""
    print(f"{'kind':20}{'n':>5}{'card':>8}{'right':>8}{'+soft':>8}")
    danger = [k for k in out if k not in CALM]
    for kind in sorted(danger) + [k for k in CALM if k in out]:
        r = out[kind]
        print(
            f"{kind:20}{int(r['n']):5}{r['card'] / r['n']:8.0%}{r['right'] / r['n']:8.0%}"
            f"{r['soft'] / r['n']:8.0%}"
        )
    n = sum(out[k]["n"] for k in danger)
    card = sum(out[k]["card"] for k in danger)
    calm_n = sum(out[k]["n"] for k in CALM if k in out)
    alarms = sum(out[k]["card"] for k in CALM if k in out)
    soft = sum(out[k]["soft"] for k in CALM if k in out)
    print(f"recall (full card) on danger: {card}/{n} = {card / n:.1%}")
    rate = alarms / calm_n
    print(f"false alarms (full card) on ordinary + near-miss: {alarms}/{calm_n} = {rate:.1%}")
    print(f"soft or full card on ordinary + near-miss: {soft}/{calm_n} = {soft / calm_n:.1%}")


def main() -> None:
    """Measure one split and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    splits = sorted(p.stem for p in (ROOT / "tests" / "fixtures" / "danger").glob("*.tsv"))
    newest = [s for s in splits if s.startswith("heldout")][-1:] or ["tune"]
    parser.add_argument("--split", default=newest[0], choices=splits)
    parser.add_argument("--show", action="store_true", help="print the misses (training only)")
    args = parser.parse_args()
    if args.show and args.split.startswith("heldout"):
        parser.error("the held-out split is measured, never read while tuning")
    cat = load_and_check(ROOT / "pathways").catalogue
    rows = read(args.split)
    start = time.perf_counter()
    out = score(cat, rows, args.show)
    took = time.perf_counter() - start
    start = time.perf_counter()
    for _, text in rows:  # the floor: only folding and splitting the same texts
        WORD.findall(fold(text[:MAX_CHARS]))
    floor = time.perf_counter() - start
    print(
        f"split: {args.split} ({len(rows)} phrasings): {took / len(rows) * 1000:.3f} ms each "
        f"(fold and split alone, the floor: {floor / len(rows) * 1000:.3f} ms)"
    )
    report(out)


if __name__ == "__main__":
    main()
