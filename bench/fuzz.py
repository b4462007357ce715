"""The long fuzzing run: thousands of hostile pathway corpora through validate, build and freeze.

    .venv/bin/python bench/fuzz.py [--cases 10000] [--seed 11] [--freeze-every 250]

`make fuzz` runs it. The cases and the promises checked are those of tests/fuzzing.py (the
test suite runs a few hundred of them with a fixed seed): mutations of the test fixtures,
generated documents with hostile strings and (less often, as each takes longer) mutations of
the shipped pathways. Every failing case is listed with the promise it broke; the exit code
is 1 if any failed. A corpus that validates is also built and served; every
--freeze-every'th is frozen.
"""

from __future__ import annotations

import argparse
import collections
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from fuzzing import (  # noqa: E402
    SHIPPED_CORPUS,
    VALID_CORPUS,
    Corpus,
    generated_corpus,
    mutated_corpus,
    run_case,
)
from hypothesis import HealthCheck, Phase, given, seed, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

KINDS = {
    "fixtures": mutated_corpus(VALID_CORPUS),
    "generated": generated_corpus(),
    "shipped": mutated_corpus(SHIPPED_CORPUS),
}


class Tally:
    """Counts, times and failures of a run."""

    def __init__(self, freeze_every: int, keep: Path) -> None:
        self.freeze_every, self.keep = freeze_every, keep
        self.kinds: collections.Counter[str] = collections.Counter()
        self.codes: collections.Counter[int] = collections.Counter()
        self.seconds: list[float] = []
        self.failures: list[str] = []
        self.valid = 0
        self.frozen = 0

    def case(self, kind: str, corpus: Corpus) -> None:
        """Run one case and record what happened."""
        self.kinds[kind] += 1
        freeze = False
        if kind != "shipped":
            freeze = self.freeze_every > 0 and self.valid % self.freeze_every == 0
        start = time.process_time()
        try:
            outcome = run_case(
                corpus,
                freeze=freeze,
                keep=self.keep,
                today=None if kind == "shipped" else "2025-06-01",
            )
        except Exception as exc:  # a broken promise: record it, go on with the next case
            self.failures.append(f"{kind}: {type(exc).__name__}: {str(exc)[:300]}")
            return
        finally:
            self.seconds.append(time.process_time() - start)
        self.codes[outcome.code] += 1
        if outcome.code == 0:
            self.frozen += freeze
            self.valid += 1

    def report(self, elapsed: float) -> str:
        """The figures of the run, for docs/security.md."""
        times = sorted(self.seconds)
        p99 = times[int(len(times) * 0.99) - 1] if len(times) >= 100 else times[-1]
        lines = [
            f"cases: {len(times)} ({', '.join(f'{k} {n}' for k, n in self.kinds.items())})",
            f"exit codes: {dict(sorted(self.codes.items()))}; validated: {self.valid}, "
            f"built and served: {self.valid}, frozen: {self.frozen}",
            f"CPU seconds per case: median {statistics.median(times):.2f}, p99 {p99:.2f}, "
            f"max {times[-1]:.2f}; whole run {elapsed / 60:.1f} min",
            f"failures: {len(self.failures)}"
            + (f" (corpora kept in {self.keep})" if self.failures else ""),
            *(f"  {f}" for f in self.failures[:30]),
        ]
        return "\n".join(lines)


def main() -> int:
    """Run the cases; print the figures; exit 1 if any case broke a promise."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--freeze-every", type=int, default=250)
    parser.add_argument(
        "--keep",
        type=Path,
        default=Path(tempfile.gettempdir()) / "vejviser-fuzz",
        help="Folder to keep failing corpora in.",
    )
    args = parser.parse_args()
    args.keep.mkdir(parents=True, exist_ok=True)
    tally = Tally(args.freeze_every, args.keep)
    kind = st.sampled_from(["fixtures"] * 9 + ["generated"] * 9 + ["shipped"] * 2)

    @seed(args.seed)
    @settings(
        max_examples=args.cases,
        deadline=None,
        database=None,
        phases=[Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(st.data())
    def fuzz(data: Any) -> None:
        chosen = data.draw(kind)
        tally.case(chosen, data.draw(KINDS[chosen]))
        if len(tally.seconds) % 500 == 0:
            print(f"{len(tally.seconds)} cases, {len(tally.failures)} failures", flush=True)

    start = time.perf_counter()
    try:
        fuzz()
    except KeyboardInterrupt:  # stopped early (Ctrl-C): the figures of the cases run so far
        print("interrupted")
    print(tally.report(time.perf_counter() - start))
    return 1 if tally.failures else 0


if __name__ == "__main__":
    sys.exit(main())
