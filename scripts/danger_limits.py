"""What a false-alarm limit gives on a writer the detector never saw: a leave-one-writer-out study.

Usage: python scripts/danger_limits.py train-ak [train-aj ...] [--limits 0.04,0.045,0.05]
For each named training file (a spent writer), a detector like scripts/train_danger.py's is
fitted on every other training file (features seen in at least MIN_COUNT of those phrasings,
the penalty given by --l2 rather than chosen, weights pruned as shipped), its thresholds are chosen
by the same cross-validation at each limit, and the writer's own phrasings are then read with
those thresholds: recall (full card on danger) and false alarms (full card on ordinary and
near-miss text). The veto is chosen as the trainer chooses it (the veto model, fitted on the
other writers too; for long text as --long-veto says). This is how the limit
(train_danger.FULL_ALARMS) was chosen (docs/danger.md, "Why 4.5 %"). The figures are
optimistic: the cues and look-alikes were since improved by reading these writers, which a
new writer does not get. Three to four minutes a writer on two cores.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import replace
from pathlib import Path

import numpy as np
from scipy import sparse

sys.path.insert(0, str(Path(__file__).resolve().parent))

import train_danger as T  # noqa: E402


def subset(data: T.Corpus, rows: np.ndarray, columns: np.ndarray) -> T.Corpus:
    """The phrasings of the given rows (with all their stretches), only the given features."""
    return replace(
        data,
        kinds=[data.kinds[i] for i in rows],
        x=data.x[data.stretch_rows(rows)][:, columns],
        count=data.count[rows],
        cued=data.cued[rows],
        cued_rows=data.cued_rows[data.stretch_rows(rows)],
        firm=data.firm[rows],
        tuned=data.tuned[rows],
        labels=data.labels[rows],
        known=data.known[rows],
        files=data.files[rows],
    )


def study(data: T.Corpus, writer: str, limits: list[float], l2: float) -> None:
    """Print what each limit gives on the writer, fitted without it."""
    rest = np.where(data.files != writer)[0]
    # only features the other writers use often enough: the writer left out must not decide
    # which features are learned; counted in phrasings, as the trainer counts (a word of one
    # phrasing may be in three of its stretches)
    every = subset(data, rest, np.arange(data.x.shape[1]))
    of = every.owner
    phrasing = sparse.csr_matrix(
        (np.ones(len(of)), (of, np.arange(len(of)))), shape=(len(rest), len(of))
    )
    seen = np.asarray(((phrasing @ (every.x > 0)) > 0).sum(axis=0)).ravel()
    columns = np.where(seen >= T.MIN_COUNT)[0]
    train = subset(data, rest, columns)
    pick = T.pick_stretches(train, 1.0)
    top_cv, vtop_cv = T.cross_validate(train, pick, l2)
    ((w, b),) = T.fit(train, np.arange(len(rest)), pick, l2, only_detector=True)
    vw, vb = T.fit_veto(train, np.arange(len(rest)), l2)
    own = subset(data, np.where(data.files == writer)[0], columns)
    top = own.best(T.score(own.x, w, b))
    vtop = T.vetoing(own, top, T.score(own.x, vw, vb))
    calm = np.isin(np.array(own.kinds), T.CALM)
    long = own.count > 1  # read in stretches: the long text's thresholds, as the shipped rule
    for limit in limits:
        cut = T.thresholds(train, top_cv, vtop_cv, limit, among=train.count == 1)
        long_cut = T.thresholds(train, top_cv, vtop_cv, limit, among=train.count > 1, veto_loss=1.0)
        card = np.where(
            long,
            T.carded(own, top, vtop, long_cut.veto, long_cut.full),
            T.carded(own, top, vtop, cut.veto, cut.full),
        )
        recall, alarms = 100 * float(np.mean(card[~calm])), 100 * float(np.mean(card[calm]))
        print(
            f"{writer}\tlimit {limit:.3f}"
            f"\tcross-validated (one-stretch text) {100 * cut.recall:.1f} %"
            f"\t-> on the writer: recall {recall:.1f} %, false alarms {alarms:.2f} %",
            flush=True,
        )


def main() -> None:
    """Run the study for the named writers."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("writers", nargs="+", help="training files' stems, e.g. train-ak")
    parser.add_argument("--limits", default="0.03,0.035,0.04,0.045,0.05")
    parser.add_argument("--l2", type=float, default=0.5, help="the penalty (fixed here)")
    parser.add_argument(
        "--long-veto",
        default=T.LONG_VETO,
        choices=("detector", "apply", "train"),
        help="how a long text's cues are vetoed (train_danger.LONG_VETO)",
    )
    args = parser.parse_args()
    T.LONG_VETO = args.long_veto
    cat = T.load_and_check(T.ROOT / "pathways").catalogue
    concerns = sorted(set(T.PRIMARY.values()))
    data = T.read_corpus(T.build_matcher(cat), [*concerns, T.ANY])
    for writer in args.writers:
        if writer not in set(data.files.tolist()):
            sys.exit(f"danger_limits: no training file {writer}.tsv")
        study(data, writer, [float(x) for x in args.limits.split(",")], args.l2)


if __name__ == "__main__":
    main()
