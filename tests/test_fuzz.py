"""A short fuzzing run (fixed seed): hostile pathway files never break validate's promises.

The long run (10,000+ cases, also over the shipped pathways) is `make fuzz` (bench/fuzz.py);
tests/fuzzing.py says what is generated and which promises are checked.
"""

from __future__ import annotations

from fuzzing import (
    SHIPPED_CORPUS,
    VALID_CORPUS,
    Corpus,
    generated_corpus,
    mutated_corpus,
    quoted,
    run_case,
)
from hypothesis import HealthCheck, given, settings

SHORT = settings(
    max_examples=100,
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=list(HealthCheck),
    print_blob=True,
)


@SHORT
@given(mutated_corpus(VALID_CORPUS))
def test_mutated_fixtures_keep_the_promises(corpus: Corpus) -> None:
    run_case(corpus)


@SHORT
@given(generated_corpus())
def test_generated_documents_keep_the_promises(corpus: Corpus) -> None:
    run_case(corpus)


@settings(SHORT, max_examples=5)
@given(mutated_corpus(SHIPPED_CORPUS))
def test_mutated_shipped_files_keep_the_promises(corpus: Corpus) -> None:
    run_case(corpus, today=None)


def test_a_corpus_with_hostile_text_that_validates_also_builds_serves_and_freezes() -> None:
    hostile = "\n".join(
        f"      - {{id: fuzz-{i}, name: {quoted(text).decode()}, performed_by: [foraelder]}}"
        for i, text in enumerate(ALLOWED_TEXT)
    )
    document = f"""\
review: {{last_reviewed: 2025-01-15, next_review: 2026-01-15, owner: Fuzz}}
pathways:
  - id: fuzz-forloeb
    name: {quoted(ALLOWED_TEXT[0]).decode()}
    summary: "=HYPERLINK(\\"http://x\\")"
    sources: [testkilde-kommune]
    fact_status: stated
    steps:
{hostile}
"""
    outcome = run_case({**VALID_CORPUS, "fuzz.yaml": document.encode()}, freeze=True)
    assert outcome.code == 0, outcome.stdout


ALLOWED_TEXT = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "{{7*7}}",
    "javascript:alert(1)",
    "\u202eRTL\u202c",
    "\ufeffBOM",
    "ø" * 300,
    "a" * 5000,
    "@SUM(A1)",
    "-1",
    "+1",
    "' OR 1=1 --",
]
"""Text that is allowed (no control characters) but hostile to pages, CSVs and terminals."""
