"""Learn the danger rule's weights from the training corpus: navigator/answers/danger_weights.json.

Usage: python scripts/train_danger.py [--check] [--out FILE]
Reads tests/fixtures/danger/tune.tsv and every tests/fixtures/danger/train-*.tsv (never a
heldout-*.tsv split), reads each phrasing as danger.features does, and fits L2-regularised
logistic regressions with L-BFGS (scipy; deterministic, so a run gives the same file): one
detector for "any acute danger" against ordinary and near-miss text, which decides the card,
and one per urgent concern, which picks the card's sections. Five-fold cross-validation on
the same corpus picks the regularisation and three thresholds: the full card and the soft
card on the detector's score, and the veto below which a hand-written cue gives only the soft
card (the cues' false alarms on text they were not written for), on the veto model's score.
The thresholds are chosen on the training text other than tune.tsv, where the cues were
written, and on the scores the shipped file adds up (integer weights, the smallest left out:
PRUNE, PRUNE_DETECTOR).
Full-card false alarms on ordinary and near-miss text stay at FULL_ALARMS, soft at
SOFT_ALARMS; the veto may cost at most VETO_LOSS of the cued danger phrasings; a firm cue
(firm_cues) is never vetoed. A text that is also in a held-out split is left out. Weights are
scaled to integers, so Python and danger.js add up the same sums.
A text longer than STRETCH words is read in stretches, as danger.learned reads it, and its most
dangerous stretch speaks for it: every stretch of a calm text is a calm example; of a danger
text, only the stretch a first fit scores highest is a danger example (the others may be the
calm story around it), picked again once with a fit that learned from the first picks.
The veto of a text read as one stretch has a model of its own (`fit_veto`, round 41): fitted
only on the phrasings a hand-written cue matches, danger against calm, so it weighs what tells
a cue's false alarm from the danger it was written for ("for tre år siden", "i filmen") rather
than what tells calm text from danger in general (an appointment, a form). Since round 42 it
also vetoes a longer text's cues, on the stretches a cue matches alone, and learns from those
stretches too (LONG_VETO; before, the best stretch's detector score decided).
--check only says whether the committed file is what this run would write.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import sys
from collections import Counter
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import numpy as np
from scipy import sparse
from scipy.optimize import minimize

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.danger import CALM, KINDS, PRIMARY  # noqa: E402
from navigator.answers.danger import (  # noqa: E402
    WEIGHTS,
    WORD,
    Matcher,
    build_matcher,
    cue_hits,
    cued_stretch,
    features,
    language_key,
    line_of,
    stretches,
)
from navigator.build import load_and_check  # noqa: E402
from navigator.core.text import fold as fold_text  # noqa: E402

CORPUS = ROOT / "tests" / "fixtures" / "danger"
WINDOW = 4
# words in a stretch: the longest of the short writers' phrasings fit in one (their 99th
# centile is about 45 words), and a long message's stretch still holds two or three sentences
STRETCH = 40
L2 = (0.25, 0.5, 1.0, 2.0, 4.0)  # tried by cross-validation; the best recall at the limits wins
SCALE = 1000  # weights are kept as integers: weight * SCALE
# a concern's integer weights smaller than this are left out: they pick the card's sections.
# 200 would make the table a quarter smaller, but named a wrong kind for one more danger
# phrasing of AU (round 21's weights) and four more of AW (round 22's, abuse among them)
PRUNE = 100
# the detector's are kept down to 50: in cross-validation (2026-12-07, l2 1.0) leaving out
# weights under 100 cost 0.22 points of recall at the limit, under 50 only 0.05
PRUNE_DETECTOR = 50  # and the veto model's
MIN_COUNT = 3  # a feature seen in fewer phrasings is not learned: it would only memorise them
FOLDS = 5
FULL_ALARMS = 0.045  # docs/danger.md, "Why 4.5 %": new writers ran over a 5 % limit
SOFT_ALARMS = 0.15
VETO_LOSS = 0.03
SEED = 7
ANY = ""  # the detector's place among the concerns: the last (the veto model comes after it)
NEVER = 10**9
# how a long text's cues are vetoed: "detector" (its best stretch's detector score, rounds 33
# to 41), "apply" (the veto model's highest score on a stretch a cue matches alone), "train"
# (as apply, the veto model also fitted on long texts' cued stretches, each labelled as its
# text). Chosen by scripts/danger_limits.py, each writer left out in turn (docs/danger.md,
# round 42): "train" gained 0.55 points of recall on four long writers on average (false
# alarms as before), 0.4 on a short one for 0.3 of false alarms; "apply" cost a long writer
# 1.9 points of false alarms
LONG_VETO = "train"


@dataclass
class Corpus:
    """The training text read as the rule reads it."""

    kinds: list[str]
    x: sparse.csr_matrix  # stretch x feature, 1 where present (a phrasing's stretches in a row)
    count: np.ndarray  # how many stretches each phrasing has
    names: dict[str, int]  # feature -> column
    cued: np.ndarray  # a hand-written cue matches (the veto may overrule it)
    cued_rows: np.ndarray  # per stretch: a hand-written cue matches the stretch alone
    firm: np.ndarray  # a firm cue matches (never vetoed)
    tuned: np.ndarray  # from tune.tsv, the text the cues were written on
    labels: np.ndarray  # phrasing x concern: 1 about it, 0 not
    known: np.ndarray  # phrasing x concern: False where either answer is right
    files: np.ndarray  # each phrasing's training file (its stem)

    @cached_property
    def first(self) -> np.ndarray:
        """Each phrasing's first stretch (row of x)."""
        return np.concatenate(([0], np.cumsum(self.count)[:-1])).astype(np.int64)

    @cached_property
    def owner(self) -> np.ndarray:
        """Each stretch's phrasing."""
        return np.repeat(np.arange(len(self.count)), self.count)

    def stretch_rows(self, lines: np.ndarray) -> np.ndarray:
        """Every stretch (row of x) of the given phrasings, in order."""
        return np.flatnonzero(np.isin(self.owner, lines))

    @cached_property
    def weighed_rows(self) -> np.ndarray:
        """Which stretches have a feature the layer weighs (else they give nothing)."""
        return np.diff(self.x.indptr) > 0

    @cached_property
    def weighed(self) -> np.ndarray:
        """Which phrasings have a stretch the layer weighs (else it gives them nothing)."""
        return np.maximum.reduceat(self.weighed_rows.astype(np.int8), self.first) > 0

    @cached_property
    def calm(self) -> np.ndarray:
        """Which phrasings are ordinary or near-miss text."""
        return np.isin(np.array(self.kinds), CALM)

    def rows(self, lines: np.ndarray, pick: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """The stretches the given phrasings teach with, and the phrasing of each: all of a
        calm or one-stretch phrasing's, and of a longer danger phrasing the picked one."""
        whole = (self.count[lines] == 1) | self.calm[lines]
        rows = np.sort(np.concatenate((self.stretch_rows(lines[whole]), pick[lines[~whole]])))
        return rows, self.owner[rows]

    def _weighed_only(self, row_scores: np.ndarray) -> np.ndarray:
        # a stretch with nothing weighed gives nothing (danger.learned skips it)
        return np.where(self.weighed_rows, row_scores, -NEVER)

    def best(self, row_scores: np.ndarray) -> np.ndarray:
        """Each phrasing's score: that of its highest-scoring weighed stretch."""
        return np.maximum.reduceat(self._weighed_only(row_scores), self.first)

    def veto_of(self, row_veto: np.ndarray) -> np.ndarray:
        """Each phrasing's veto-model score: its own for one stretch; for a longer text the
        highest of the weighed stretches a cue matches alone, or of all its weighed stretches
        when no cue matches one alone (a cue across two stretches)."""
        cued = np.maximum.reduceat(
            np.where(self.cued_rows & self.weighed_rows, row_veto, -NEVER), self.first
        )
        longer = np.where(cued > -NEVER, cued, self.best(row_veto))
        return np.where(self.count == 1, row_veto[self.first], longer)

    def picks(self, row_scores: np.ndarray) -> np.ndarray:
        """Each phrasing's highest-scoring stretch (its first of equals), as danger.learned."""
        masked = self._weighed_only(row_scores)
        out = self.first.copy()
        for line in np.flatnonzero(self.count > 1).tolist():
            start = self.first[line]
            out[line] = start + int(np.argmax(masked[start : start + self.count[line]]))
        return out


def corpus_files() -> list[Path]:
    """The files the weights are learned from: the tuning split and the training text."""
    return [CORPUS / "tune.tsv", *sorted(CORPUS.glob("train-*.tsv"))]


def held_out() -> set[str]:
    """The texts of the held-out splits as `same_text` reads them: a training file that holds
    one too leaves it out, so a measurement never asks about a phrasing the weights were
    fitted to."""
    return {
        same_text(line.split("\t", 1)[1])
        for path in sorted(CORPUS.glob("heldout-*.tsv"))
        for line in path.read_text(encoding="utf-8").splitlines()
    }


def same_text(text: str) -> str:
    """A text's folded words: two texts apart only in case, accents or punctuation are one
    (round 41 trained on a held-out text that a training line had without its '?')."""
    return " ".join(WORD.findall(fold_text(text)))


def read_corpus(m: Matcher, concerns: list[str]) -> Corpus:
    """Every phrasing's features, labels and whether a cue catches it, each line read once."""
    kinds, feats, cued, firm, tuned, files, count = [], [], [], [], [], [], []
    cued_rows: list[bool] = []
    skip = held_out()
    for path in corpus_files():
        for line in path.read_text(encoding="utf-8").splitlines():
            kind, text = line.split("\t", 1)
            if same_text(text) in skip:
                continue
            read = line_of(text, m)
            kinds.append(kind)
            words = stretches(read.split(), STRETCH)
            parts = [features(w, m.compiled_classes, WINDOW) for w in words]
            hits = cue_hits(m, read)
            cued_rows.extend(bool(hits) and cued_stretch(hits, w) for w in words)
            feats.extend(parts)
            count.append(len(parts))
            cued.append(bool(hits))
            firm.append(any(rx.search(read) for rx, _ in m.compiled_firm))
            tuned.append(path.name == "tune.tsv")
            files.append(path.stem)
    counts: Counter[str] = Counter()  # in how many phrasings (not stretches) a feature is
    at = 0
    for n in count:
        counts.update(set().union(*feats[at : at + n]))
        at += n
    names = {f: i for i, f in enumerate(sorted(f for f, n in counts.items() if n >= MIN_COUNT))}
    rows, cols = [], []
    for r, fs in enumerate(feats):
        for f in fs:
            if f in names:
                rows.append(r)
                cols.append(names[f])
    x = sparse.csr_matrix(
        (np.ones(len(rows)), (rows, cols)), shape=(len(feats), len(names)), dtype=np.float64
    )
    labels = np.zeros((len(kinds), len(concerns)))
    known = np.ones((len(kinds), len(concerns)), dtype=bool)
    for r, kind in enumerate(kinds):
        for c, concern in enumerate(concerns):
            label = _label(kind, concern)
            if label is None:
                known[r, c] = False
            else:
                labels[r, c] = label
    return Corpus(
        kinds,
        x,
        np.array(count, dtype=np.int64),
        names,
        np.array(cued),
        np.array(cued_rows, dtype=bool),
        np.array(firm),
        np.array(tuned),
        labels,
        known,
        np.array(files),
    )


def _label(kind: str, concern: str) -> int | None:
    if concern == ANY:
        return int(kind not in CALM)
    if PRIMARY.get(kind) == concern:
        return 1
    return None if concern in KINDS.get(kind, set()) else 0


def fit_one(x: sparse.csr_matrix, y: np.ndarray, l2: float) -> tuple[np.ndarray, float]:
    """One logistic regression with an L2 penalty on the weights (not the bias)."""

    def loss(theta: np.ndarray) -> tuple[float, np.ndarray]:
        w, b = theta[:-1], theta[-1]
        s = x @ w + b
        value = float(np.sum(np.logaddexp(0.0, s) - y * s) + 0.5 * l2 * w @ w)
        g = 1.0 / (1.0 + np.exp(-s)) - y
        grad = np.empty_like(theta)
        grad[:-1] = x.T @ g + l2 * w
        grad[-1] = g.sum()
        return value, grad

    start = np.zeros(x.shape[1] + 1)
    found = minimize(loss, start, jac=True, method="L-BFGS-B", options={"maxiter": 400})
    return found.x[:-1], float(found.x[-1])


def fit(
    data: Corpus, lines: np.ndarray, pick: np.ndarray, l2: float, only_detector: bool = False
) -> list:
    """(weights, bias) per concern, the detector last, fitted on the given phrasings."""
    out = []
    n = data.labels.shape[1]
    rows, of = data.rows(lines, pick)
    for c in [n - 1] if only_detector else range(n):
        use = data.known[of, c]
        out.append(fit_one(data.x[rows[use]], data.labels[of[use], c], l2))
    return out


def pick_stretches(data: Corpus, l2: float) -> np.ndarray:
    """Which stretch of each longer danger phrasing is its danger example: first from a fit
    on the rest (short phrasings, calm ones' stretches), then again from a fit on those picks."""
    every = np.arange(len(data.kinds))
    first_fit = every[(data.count == 1) | data.calm]
    ((w, b),) = fit(data, first_fit, data.first, l2, only_detector=True)
    pick = data.picks(score(data.x, w, b))
    ((w, b),) = fit(data, every, pick, l2, only_detector=True)
    return data.picks(score(data.x, w, b))


def cross_validate(data: Corpus, pick: np.ndarray, l2: float) -> tuple[np.ndarray, np.ndarray]:
    """Each phrasing's integer detector score from a model that did not see it (the picks
    come from a fit on all phrasings: they say only which stretch a phrasing teaches with),
    and the score its cues are vetoed by (`vetoing`), from a veto model that did not see it."""
    order = list(range(len(data.kinds)))
    random.Random(SEED + 1).shuffle(order)
    row_scores = np.zeros(data.x.shape[0], dtype=np.int64)
    veto_rows = np.zeros(data.x.shape[0], dtype=np.int64)
    for fold in range(FOLDS):
        held = np.array(sorted(order[fold::FOLDS]))
        train = np.setdiff1d(np.arange(len(data.kinds)), held)
        ((w, b),) = fit(data, train, pick, l2, only_detector=True)
        rows = data.stretch_rows(held)
        row_scores[rows] = score(data.x[rows], w, b)
        vw, vb = fit_veto(data, train, l2)
        veto_rows[rows] = score(data.x[rows], vw, vb)
    top = data.best(row_scores)
    return top, vetoing(data, top, veto_rows)


def vetoable(data: Corpus, lines: np.ndarray) -> np.ndarray:
    """Of the given phrasings, the ones of one stretch the veto model learns from and
    decides: a cue matches that is not firm (a longer one's stretches: `fit_veto`)."""
    return lines[(data.count[lines] == 1) & data.cued[lines] & ~data.firm[lines]]


def fit_veto(data: Corpus, lines: np.ndarray, l2: float) -> tuple[np.ndarray, float]:
    """The veto model: danger against calm, fitted on the vetoable phrasings among `lines`,
    and with LONG_VETO "train" on the stretches a cue matches alone of the longer ones."""
    own = vetoable(data, lines)
    rows, danger = data.first[own], ~data.calm[own]
    if LONG_VETO == "train":
        longer = lines[(data.count[lines] > 1) & data.cued[lines] & ~data.firm[lines]]
        extra = data.stretch_rows(longer)
        extra = extra[data.cued_rows[extra]]
        rows = np.concatenate((rows, extra))
        danger = np.concatenate((danger, ~data.calm[data.owner[extra]]))
    return fit_one(data.x[rows], danger.astype(np.float64), l2)


def vetoing(data: Corpus, top: np.ndarray, veto_rows: np.ndarray) -> np.ndarray:
    """The score below which a phrasing's cues are vetoed, NEVER where nothing may veto them:
    the veto model's (`Corpus.veto_of`, from each stretch's score `veto_rows`) for a text of
    one stretch, and for a longer one as LONG_VETO says. A text with no feature the layer
    weighs is never vetoed (danger.learned)."""
    model = data.veto_of(veto_rows)
    if LONG_VETO == "detector":
        model = np.where(data.count == 1, model, top)
    return np.where(data.weighed, model, NEVER)


def score(x: sparse.csr_matrix, w: np.ndarray, b: float) -> np.ndarray:
    """Each phrasing's detector score as the shipped rule adds it up: integer weights, the
    small ones left out, and the integer bias."""
    return (x @ shipped(w, PRUNE_DETECTOR)).astype(np.int64) + int(round(SCALE * b))


def shipped(w: np.ndarray, prune: int) -> np.ndarray:
    """Weights as the weights file keeps them: scaled to integers, those under `prune` zero."""
    weights = np.round(SCALE * w)
    weights[np.abs(weights) < prune] = 0
    return weights


@dataclass
class Cut:
    """The thresholds (full and soft on the detector's score, the veto on `vetoing`'s) and
    what they gave in cross-validation."""

    full: int
    soft: int
    veto: int
    recall: float
    false_alarms: float


def carded(
    data: Corpus, top: np.ndarray, vtop: np.ndarray, veto: int, full: int = NEVER
) -> np.ndarray:
    """Which phrasings get the full card: a firm cue, a cue not vetoed (`vetoing`'s score at
    least veto), or a detector score at full. A phrasing without a feature the layer weighs
    has no score: it never reaches full on the bias alone (danger.learned)."""
    return data.firm | (data.cued & (vtop >= veto)) | (data.weighed & (top >= full))


def thresholds(
    data: Corpus,
    top: np.ndarray,
    vtop: np.ndarray,
    limit: float = FULL_ALARMS,
    among: np.ndarray | None = None,
    veto_loss: float = VETO_LOSS,
) -> Cut:
    """The veto and full-card threshold with the best recall at `limit` false alarms (the
    cross-validated FULL_ALARMS unless a study asks for another), then the soft.
    Chosen on the text the cues were not written on: on tune.tsv they hardly ever raise a false
    alarm, which would hide how often they do on a new writer's words."""
    fair = ~data.tuned if among is None else ~data.tuned & among
    calm = np.isin(np.array(data.kinds), CALM) & fair
    danger = ~np.isin(np.array(data.kinds), CALM) & fair
    cued_danger = data.cued & ~data.firm & danger & data.weighed  # what a veto can take
    vetoes = sorted(set(vtop[cued_danger].tolist()))
    candidates = [-NEVER]
    for v in vetoes:  # vetoing below v loses these cued danger phrasings
        if np.sum(cued_danger & (vtop < v)) > veto_loss * np.sum(cued_danger):
            break
        candidates.append(v)
    best: Cut | None = None
    for veto in candidates:
        cue = carded(data, top, vtop, veto)
        full = _lowest(top, calm, cue, limit, data.weighed)
        shown = carded(data, top, vtop, veto, full)
        cut = Cut(full, 0, veto, float(np.mean(shown[danger])), float(np.mean(shown[calm])))
        # within the limit first (where the cues alone run over it, no threshold can help)
        if best is None or _better(cut, best, limit):
            best = cut
    assert best is not None
    cue = carded(data, top, vtop, best.veto)
    best.soft = min(_lowest(top, calm, cue, SOFT_ALARMS, data.weighed), best.full)
    return best


def _better(cut: Cut, best: Cut, limit: float) -> bool:
    """Whether cut beats best: within the limit before over it, then by recall."""
    return (cut.false_alarms <= limit, cut.recall) > (best.false_alarms <= limit, best.recall)


def _lowest(
    top: np.ndarray, calm: np.ndarray, cue: np.ndarray, limit: float, weighed: np.ndarray
) -> int:
    """The lowest threshold at which the calm phrasings' alarms stay within `limit` of them:
    those a cue already alarms on, and those the layer weighs scoring at least the threshold."""
    total = int(np.sum(calm))
    if not total:
        return NEVER  # no calm text: no evidence that any score is safe
    spare = int(limit * total) - int(np.sum(calm & cue))  # how many more may alarm
    if spare < 0:
        return NEVER
    rest = np.sort(top[calm & ~cue & weighed])  # the calm phrasings only a score can alarm on
    if spare >= len(rest):
        return -NEVER
    # just above the highest score that must not alarm: the spare ones above it may
    return int(rest[len(rest) - spare - 1]) + 1


def train() -> dict[str, object]:
    """The weights file's content."""
    concerns = sorted(set(PRIMARY.values()))
    cat = load_and_check(ROOT / "pathways").catalogue
    m = build_matcher(cat)
    data = read_corpus(m, [*concerns, ANY])
    pick = pick_stretches(data, 1.0)
    long = data.count > 1
    print(
        f"  {len(data.kinds)} phrasings, {data.x.shape[0]} stretches "
        f"({int(np.sum(long))} phrasings longer than {STRETCH} words)",
        file=sys.stderr,
    )
    # a long text's best stretch is the highest of several scores, so it runs higher than a
    # short text's one: long texts get thresholds of their own, chosen on long training text
    danger = ~data.calm & ~data.tuned
    share = float(np.sum(danger & long)) / max(1, int(np.sum(danger)))
    tried = []
    for l2 in L2:
        top, vtop = cross_validate(data, pick, l2)
        cut = thresholds(data, top, vtop, among=~long)
        # the cues alone alarm on about half of long calm text (a danger's words told as over
        # or handled somewhere in a long story): there the veto may take what it must
        cut_long = thresholds(data, top, vtop, among=long, veto_loss=1.0)
        recall = (1 - share) * cut.recall + share * cut_long.recall
        print(f"  l2 {l2}: cross-validated {cut}, long {cut_long}", file=sys.stderr)
        tried.append((recall, -l2, l2, cut, cut_long))
    _, _, l2, cut, cut_long = max(tried)
    every = np.arange(len(data.kinds))
    # the concerns, the detector, and last the veto model (danger.Weights.vetoer)
    models = [*fit(data, every, pick, l2), fit_veto(data, every, l2)]
    table: dict[str, list[list[int]]] = {}
    detector = len(concerns)
    kept_weights = [
        shipped(w, PRUNE_DETECTOR if c >= detector else PRUNE) for c, (w, _) in enumerate(models)
    ]
    for name, f in sorted(data.names.items()):
        kept = [[c, int(w[f])] for c, w in enumerate(kept_weights) if w[f]]
        if kept:
            table[name] = kept
    return {
        "about": "Learned by scripts/train_danger.py; do not edit by hand (docs/danger.md).",
        "language": language_key(cat.danger) if cat.danger else "",
        "trained_on": [
            {"file": p.relative_to(ROOT).as_posix(), "sha256": _sha(p)} for p in corpus_files()
        ],
        "held_out": [
            {"file": p.relative_to(ROOT).as_posix(), "sha256": _sha(p)}
            for p in sorted(CORPUS.glob("heldout-*.tsv"))
        ],
        "cross_validated": {
            "l2": l2,
            "recall": round(cut.recall, 4),
            "false_alarms": round(cut.false_alarms, 4),
        },
        "concerns": concerns,
        "bias": [int(round(SCALE * b)) for _, b in models],
        "full": cut.full,
        "soft": cut.soft,
        "veto": cut.veto,
        "long": {
            "full": cut_long.full,
            "soft": cut_long.soft,
            "veto": cut_long.veto,
            # danger.Weights.long_vetoer: the veto model vetoes a long text's cues too
            **({"vetoer": True} if LONG_VETO != "detector" else {}),
        },
        "long_cross_validated": {
            "recall": round(cut_long.recall, 4),
            "false_alarms": round(cut_long.false_alarms, 4),
        },
        "window": WINDOW,
        "stretch": STRETCH,
        "table": table,
    }


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def main() -> None:
    """Train and write (or --check) navigator/answers/danger_weights.json."""
    global STRETCH, LONG_VETO
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true")
    parser.add_argument("--out", type=Path, default=WEIGHTS, help="where to write (to compare)")
    parser.add_argument("--stretch", type=int, default=STRETCH, help="words in a stretch (study)")
    parser.add_argument(
        "--long-veto",
        default=LONG_VETO,
        choices=("detector", "apply", "train"),
        help="how a long text's cues are vetoed (study)",
    )
    args = parser.parse_args()
    STRETCH = args.stretch
    LONG_VETO = args.long_veto
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
        f"full {data['full']}, soft {data['soft']}, veto {data['veto']}"
    )


if __name__ == "__main__":
    main()
