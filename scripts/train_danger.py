"""Learn the danger rule's weights from the tuning corpus: navigator/danger_weights.json.

Usage: python scripts/train_danger.py [--check]
Reads tests/fixtures/danger/tune.tsv and every tests/fixtures/danger/train-*.tsv (never the
held-out or fresh splits), reads each phrasing as danger.features does, and fits logistic
regressions by stochastic gradient with a fixed seed (a run gives the same file): one detector
for "any acute danger" against ordinary and near-miss text, which decides the card, and one
per urgent concern, which picks the card's sections. The full-card threshold is the lowest at
which five-fold cross-validation on the same corpus keeps the detector's false alarms on
ordinary and near-miss text at FULL_ALARMS; the soft card's at SOFT_ALARMS. Weights are
scaled to integers, so Python and danger.js add up the same sums.
--check only says whether the committed file is what this run would write (takes minutes).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import random
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.danger import CALM, KINDS, PRIMARY  # noqa: E402
from navigator.build import load_and_check  # noqa: E402
from navigator.danger import WEIGHTS, build_matcher, features, language_key, line_of  # noqa: E402

CORPUS = ROOT / "tests" / "fixtures" / "danger"
WINDOW = 4
EPOCHS = 10
RATE = 0.3
L2 = 4e-3
SCALE = 1000  # weights are kept as integers: weight * SCALE
PRUNE = 100  # integer weights smaller than this are left out: they rarely tip a card
MIN_COUNT = 3  # a feature seen in fewer phrasings is not learned: it would only memorise them
FOLDS = 5
FULL_ALARMS = 0.03
SOFT_ALARMS = 0.10
SEED = 7
ANY = ""  # the detector's place among the concerns: the last


@dataclass
class Row:
    """One phrasing: its kind, its features as numbers, its label per concern."""

    kind: str
    feats: list[int]
    labels: list[int | None]  # 1 about it, 0 not, None: either answer is right


def corpus_files() -> list[Path]:
    """The files the weights are learned from: the tuning split and any extra training text."""
    return [CORPUS / "tune.tsv", *sorted(CORPUS.glob("train-*.tsv"))]


def read_rows(concerns: list[str]) -> tuple[list[Row], dict[str, int]]:
    """Every phrasing as a Row, and the feature names' numbers."""
    cat = load_and_check(ROOT / "pathways").catalogue
    m = build_matcher(cat)
    read = []
    for path in corpus_files():
        for line in path.read_text(encoding="utf-8").splitlines():
            kind, text = line.split("\t", 1)
            read.append((kind, features(line_of(text, m).split(), m.compiled_classes, WINDOW)))
    counts = Counter(f for _, feats in read for f in feats)
    names: dict[str, int] = {}
    rows = []
    for kind, feats in read:
        ids = [names.setdefault(f, len(names)) for f in feats if counts[f] >= MIN_COUNT]
        rows.append(Row(kind, ids, [_label(kind, c) for c in concerns]))
    return rows, names


def _label(kind: str, concern: str) -> int | None:
    if concern == ANY:
        return int(kind not in CALM)
    if PRIMARY.get(kind) == concern:
        return 1
    return None if concern in KINDS.get(kind, set()) else 0


def fit(rows: list[Row], size: int, n: int) -> tuple[list[list[float]], list[float]]:
    """One logistic regression per concern, by stochastic gradient with a fixed seed."""
    weights = [[0.0] * size for _ in range(n)]
    bias = [0.0] * n
    order = list(range(len(rows)))
    rnd = random.Random(SEED)
    for epoch in range(EPOCHS):
        rnd.shuffle(order)
        eta = RATE / (1 + epoch * 0.2)
        decay = 1 - eta * L2
        for index in order:
            row = rows[index]
            for c in range(n):
                y = row.labels[c]
                if y is None:
                    continue
                w = weights[c]
                s = max(-30.0, min(30.0, bias[c] + sum(w[f] for f in row.feats)))
                g = 1 / (1 + math.exp(-s)) - y
                if abs(g) < 1e-4:
                    continue
                bias[c] -= eta * g
                for f in row.feats:
                    w[f] = w[f] * decay - eta * g
    return weights, bias


def best(rows: list[Row], fired: list[int], limit: float, cued: list[bool]) -> int:
    """The lowest threshold that keeps calm rows' alarms (cue or score) within the limit."""
    calm = [i for i, r in enumerate(rows) if r.kind in CALM]
    for threshold in sorted({fired[i] for i in calm}) + [10**9]:
        alarms = sum(cued[i] or fired[i] >= threshold for i in calm)
        if alarms <= limit * len(calm):
            return threshold
    return 10**9


def cross_validate(rows: list[Row], size: int, n: int) -> list[int]:
    """Each row's detector score from a model that did not see it."""
    order = list(range(len(rows)))
    random.Random(SEED + 1).shuffle(order)
    top = [0] * len(rows)
    for fold in range(FOLDS):
        held = set(order[fold::FOLDS])
        weights, bias = fit([r for i, r in enumerate(rows) if i not in held], size, n)
        for i in held:
            top[i] = round(SCALE * (bias[-1] + sum(weights[-1][f] for f in rows[i].feats)))
    return top


def train() -> dict[str, object]:
    """The weights file's content."""
    concerns = sorted(set(PRIMARY.values()))
    rows, names = read_rows([*concerns, ANY])
    cat = load_and_check(ROOT / "pathways").catalogue
    m = build_matcher(cat)
    cued = [False] * len(rows)
    k = 0
    for path in corpus_files():  # what the hand-written cues already catch
        for line in path.read_text(encoding="utf-8").splitlines():
            cued[k] = any(
                rx.search(line_of(line.split("\t", 1)[1], m)) for rx, _ in m.compiled_cues
            )
            k += 1
    top = cross_validate(rows, len(names), len(concerns) + 1)
    full = best(rows, top, FULL_ALARMS, cued)
    soft = best(rows, top, SOFT_ALARMS, cued)
    weights, bias = fit(rows, len(names), len(concerns) + 1)
    table: dict[str, list[list[int]]] = {}
    for name, f in sorted(names.items()):
        pairs = [[c, round(SCALE * weights[c][f])] for c in range(len(concerns) + 1)]
        kept = [p for p in pairs if abs(p[1]) >= PRUNE]
        if kept:
            table[name] = kept
    danger = [i for i, r in enumerate(rows) if r.kind not in CALM]
    calm = [i for i, r in enumerate(rows) if r.kind in CALM]
    return {
        "about": "Learned by scripts/train_danger.py; do not edit by hand (docs/danger.md).",
        "language": language_key(cat.danger) if cat.danger else "",
        "trained_on": [
            {"file": p.relative_to(ROOT).as_posix(), "sha256": _sha(p)} for p in corpus_files()
        ],
        "cross_validated": {
            "recall": round(sum(cued[i] or top[i] >= full for i in danger) / len(danger), 4),
            "false_alarms": round(sum(cued[i] or top[i] >= full for i in calm) / len(calm), 4),
        },
        "concerns": concerns,
        "bias": [round(SCALE * b) for b in bias],
        "full": full,
        "soft": min(soft, full),
        "window": WINDOW,
        "table": table,
    }


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def main() -> None:
    """Train and write (or --check) navigator/danger_weights.json."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true")
    parser.add_argument("--out", type=Path, default=WEIGHTS, help="where to write (to compare)")
    args = parser.parse_args()
    text = json.dumps(train(), ensure_ascii=False, separators=(",", ":"), sort_keys=False) + "\n"
    if args.check:
        same = WEIGHTS.exists() and WEIGHTS.read_text(encoding="utf-8") == text
        print("up to date" if same else "stale: run python scripts/train_danger.py")
        sys.exit(0 if same else 1)
    args.out.write_text(text, encoding="utf-8")
    data = json.loads(text)
    print(
        f"wrote {args.out}: {len(data['table'])} features, "
        f"{len(text) // 1024} KB; cross-validated {data['cross_validated']}; "
        f"full {data['full']}, soft {data['soft']}"
    )


if __name__ == "__main__":
    main()
