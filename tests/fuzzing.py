"""The fuzzing harness: hostile pathway files, and the promises `navigator validate` keeps on them.

Used by tests/test_fuzz.py (a short run with a fixed seed, part of the suite) and by
bench/fuzz.py (`make fuzz`, the long run). A case is a folder of pathway files: the valid test
fixtures or the shipped pathways with one file mutated, or the fixtures plus one generated
document full of hostile strings and odd structures. For every case:

- the exit code is 0, 1 or 2, and no traceback is printed;
- every line on stdout is a problem line, path:line:col: error|warning: message;
- it finishes in under 10 s of CPU time (a watchdog, so a hang fails the case instead of the
  run; CPU time, so other jobs on a shared machine do not fail cases; a wall-clock watchdog
  of a minute catches a case that waits instead of computing);
- a corpus that validates also builds, serves its pages (a 4xx at most) and, when asked,
  freezes without an exception.
"""

from __future__ import annotations

import contextlib
import re
import shutil
import signal
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from click.testing import CliRunner
from helpers import REPO, TODAY, VALID
from hypothesis import strategies as st

from navigator.cli import cli

PROBLEM_LINE = re.compile(r"^[^:]+:\d+:\d+: (error|warning): .+$")
WATCHDOG_SECONDS = 10
SHIPPED = REPO / "pathways"
PAGES = ("/", "/find/?alder=10", "/find/?alder=15&bekymring=angst", "/om/")

Corpus = dict[str, bytes]
"""A folder of pathway files: relative path → bytes."""


def read_corpus(folder: Path) -> Corpus:
    """Every YAML file below folder."""
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*.yaml"))
    }


VALID_CORPUS = read_corpus(VALID)
SHIPPED_CORPUS = read_corpus(SHIPPED)


# ---- hostile material ------------------------------------------------------------------------

HOSTILE_TEXT = [
    "\x00",
    "\x01",
    "\x1b[31mrød\x1b[0m",
    "\u2028",
    "\u2029",
    "\u202e",
    "\u200f",
    "\ufeff",
    "\udc80",
    "\r",
    "\r\n",
    "\n",
    "\t",
    "\x85",
    "\x7f",
    '=HYPERLINK("http://x")',
    "+1",
    "-1",
    "@SUM(A1)",
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "{{7*7}}",
    "javascript:alert(1)",
    "../../etc/passwd",
    "' OR 1=1 --",
    "a" * 5000,
    "ø" * 300,
    "yes",
    "no",
    "on",
    "off",
    "~",
    "null",
    "0777",
    "0x1F",
    "1e999",
    ".inf",
    ".nan",
    "2024-02-30",
    "12:30:00",
    "9" * 4301,
    "-" * 3,
    "*a",
    "&a",
    "!!python/object:os.system",
    "%YAML 1.1",
    "#",
    ": x",
    "- x",
    "[",
    "{",
    "'",
    '"',
]
"""Strings that once broke, or could break, a loader, a terminal, a page or a spreadsheet."""

HOSTILE_IDS = [
    "a:b",
    "a/b",
    "a#b",
    "a b",
    "a\nb",
    "ab\n",
    "a\x1bb",
    "a\tb",
    "æøå",
    "A",
    "-a",
    "a-",
    "a--b",
    "",
    "a" * 200,
    "1",
    "a\u2028b",
    "a\udc80b",
]

YAML_11_SCALARS = [
    "yes",
    "no",
    "on",
    "off",
    "y",
    "n",
    "0777",
    "0o17",
    "0x1F",
    "1_000",
    "2024-01-01",
    "2001-12-14t21:59:43.10-05:00",
    "1:30",
    ".inf",
    "~",
    "null",
    "9" * 4301,
    "-" + "9" * 5000,
    "1e400",
]


def _mutation_byte_flip(data: bytes, draw: Callable[..., Any]) -> bytes:
    if not data:
        return data
    at = draw(st.integers(0, len(data) - 1))
    return data[:at] + bytes([data[at] ^ draw(st.integers(1, 255))]) + data[at + 1 :]


def _mutation_truncate(data: bytes, draw: Callable[..., Any]) -> bytes:
    return data[: draw(st.integers(0, len(data)))]


def _mutation_insert(data: bytes, draw: Callable[..., Any]) -> bytes:
    at = draw(st.integers(0, len(data)))
    piece = draw(
        st.sampled_from(
            [
                b"\x00",
                b"\xef\xbb\xbf",
                b"\r",
                b"\r\n",
                "\u202e".encode(),
                "\u2028".encode(),
                "\u2029".encode(),
                b"\xed\xb2\x80",
                b"\xff",
                b"\t",
                b"\x1b[2J",
                b"\n" * 3,
                b": ",
                b"- ",
                b"[",
                b"{",
                b"&a ",
                b"*a",
                b"!!python/name:os.system ",
                b"<<: {}",
                b"x" * 20000,
                b"k" * 1100 + b": v\n",
            ]
        )
    )
    return data[:at] + piece + data[at:]


def _mutation_crlf(data: bytes, draw: Callable[..., Any]) -> bytes:
    return data.replace(b"\n", b"\r\n")


def _mutation_bom(data: bytes, draw: Callable[..., Any]) -> bytes:
    return b"\xef\xbb\xbf" + data


_VALUE = re.compile(rb"(?m)^(\s*(?:- )?[a-z_]+: )(.+)$")


def _mutation_value(data: bytes, draw: Callable[..., Any]) -> bytes:
    """Replace one 'key: value' value with a YAML 1.1 oddity, an id or hostile text."""
    matches = list(_VALUE.finditer(data))
    if not matches:
        return data
    match = draw(st.sampled_from(matches))
    kind = draw(st.sampled_from(["scalar", "id", "text", "nested", "key"]))
    if kind == "scalar":
        value = draw(st.sampled_from(YAML_11_SCALARS)).encode()
    elif kind == "id":
        value = quoted(draw(st.sampled_from(HOSTILE_IDS)))
    elif kind == "text":
        value = quoted(draw(st.sampled_from(HOSTILE_TEXT)))
    elif kind == "nested":
        depth = draw(st.integers(1, 200))
        value = b"[" * depth + b"x" + b"]" * depth
    else:
        value = draw(
            st.sampled_from(
                [
                    b"{1: x}",
                    b"{[a]: b}",
                    b"{? [a, b]: c}",
                    b"{null: x}",
                    b"{yes: no}",
                    b"{2024-01-01: x}",
                ]
            )
        )
    return data[: match.start(2)] + value + data[match.end(2) :]


def quoted(text: str) -> bytes:
    """text as a YAML double-quoted scalar, escapes and all (a lone surrogate included)."""
    dumped = yaml.safe_dump(text, allow_unicode=False, default_style='"', width=10**9)
    return dumped.removesuffix("...\n").strip().encode("ascii")


def _mutation_big_flow_list(data: bytes, draw: Callable[..., Any]) -> bytes:
    count = draw(st.sampled_from([10, 1000, 60000]))
    return data + b"\nextra: [" + b",".join([b"1"] * count) + b"]\n"


MUTATIONS = [
    _mutation_byte_flip,
    _mutation_truncate,
    _mutation_insert,
    _mutation_crlf,
    _mutation_bom,
    _mutation_value,
    _mutation_value,
    _mutation_value,
    _mutation_big_flow_list,
]


@st.composite
def mutated_corpus(draw: Callable[..., Any], base: Corpus) -> Corpus:
    """base with one file changed by one to three random mutations."""
    name = draw(st.sampled_from(sorted(base)))
    data = base[name]
    for mutation in draw(st.lists(st.sampled_from(MUTATIONS), min_size=1, max_size=3)):
        data = mutation(data, draw)
    return {**base, name: data}


# ---- generated documents: valid shapes, hostile strings, odd graphs ---------------------------


def _text() -> st.SearchStrategy[str]:
    plain = st.text(st.characters(codec="utf-8"), min_size=1, max_size=40)
    return st.one_of(
        plain,
        st.sampled_from(HOSTILE_TEXT),
        st.sampled_from(["Et helt almindeligt navn", "Åben rådgivning"]),
    )


def _ident() -> st.SearchStrategy[str]:
    good = st.from_regex(r"\Afuzz-[a-z0-9]{1,8}\Z")
    return st.one_of(good, good, good, st.sampled_from(HOSTILE_IDS))


@st.composite
def generated_document(draw: Callable[..., Any]) -> bytes:
    """A pathway file with services, roles and a pathway, often valid, always hostile."""
    review = {"last_reviewed": "2025-01-15", "next_review": "2026-01-15", "owner": "Fuzz"}
    facts = {"sources": ["testkilde-kommune"], "fact_status": "stated"}
    roles = [
        {"id": draw(_ident()), "name": draw(_text()), "sector": "kommune", **facts}
        for _ in range(draw(st.integers(0, 3)))
    ]
    web = draw(
        st.sampled_from(
            ["https://example.org/fuzz", "javascript:alert(1)", "http://x", "data:text/html,x"]
        )
    )
    services = [
        {
            "id": draw(_ident()),
            "name": draw(_text()),
            "summary": draw(_text()),
            "sector": "kommune",
            "self_referral": draw(st.booleans()),
            "contacts": [{"type": "web", "value": web}, {"type": "phone", "value": draw(_text())}],
            "coverage": [{"place": "nordby", "status": "offered", "note": draw(_text())}],
            **facts,
        }
        for _ in range(draw(st.integers(0, 2)))
    ]
    step_ids = draw(st.lists(_ident(), min_size=0, max_size=5, unique=True))
    steps = [{"id": s, "name": draw(_text()), "performed_by": ["foraelder"]} for s in step_ids]
    handovers = []
    for _ in range(draw(st.integers(0, 4))):
        if not step_ids:
            break
        source = draw(st.sampled_from(step_ids))
        # self-handovers and cycles on purpose
        target = draw(st.sampled_from(step_ids))
        handovers.append({"from": source, "to": target, "method": "henvisning"})
    pathway = {
        "id": draw(_ident()),
        "name": draw(_text()),
        "summary": draw(_text()),
        "steps": steps,
        "handovers": handovers,
        **facts,
    }
    document: dict[str, Any] = {
        "review": review,
        "roles": roles,
        "services": services,
        "pathways": [pathway],
    }
    if draw(st.booleans()):
        document["pathways"].append({"id": draw(_ident()), "name": "Tom", "steps": [], **facts})
    text = yaml.safe_dump(document, allow_unicode=draw(st.booleans()), sort_keys=False)
    return text.encode("utf-8", errors="surrogatepass")


@st.composite
def generated_corpus(draw: Callable[..., Any]) -> Corpus:
    """The valid fixtures plus one generated document."""
    return {**VALID_CORPUS, "fuzz.yaml": draw(generated_document())}


# ---- running a case and checking the promises -------------------------------------------------


class Hang(Exception):
    """A case ran past the watchdog."""


@contextlib.contextmanager
def watchdog(seconds: int = WATCHDOG_SECONDS) -> Iterator[None]:
    """Raise Hang in the main thread after seconds of CPU time, or six times that of waiting."""

    def expire(signum: int, frame: object) -> None:
        raise Hang(
            f"ran longer than {seconds} s of CPU time"
            if signum == signal.SIGPROF
            else f"waited longer than {seconds * 6} s"
        )

    previous = (signal.signal(signal.SIGPROF, expire), signal.signal(signal.SIGALRM, expire))
    signal.setitimer(signal.ITIMER_PROF, seconds)
    signal.setitimer(signal.ITIMER_REAL, seconds * 6)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_PROF, 0)
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGPROF, previous[0])
        signal.signal(signal.SIGALRM, previous[1])


@dataclass
class Outcome:
    """What one validate run did."""

    code: int
    stdout: str
    stderr: str
    seconds: float
    """CPU time."""
    exception: BaseException | None


def write_corpus(corpus: Corpus, folder: Path) -> None:
    """Write a corpus into folder."""
    for rel, data in corpus.items():
        path = folder / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)


def validate(folder: Path, today: str | None = TODAY) -> Outcome:
    """`navigator validate folder` in-process, under the watchdog."""
    args = ["validate", str(folder)] + (["--today", today] if today else [])
    start = time.process_time()
    with watchdog():
        result = CliRunner().invoke(cli, args)
    exception = result.exception if not isinstance(result.exception, SystemExit) else None
    return Outcome(
        result.exit_code, result.stdout, result.stderr, time.process_time() - start, exception
    )


def broken_promises(outcome: Outcome) -> list[str]:
    """Every promise of validate that this outcome breaks (empty: all kept)."""
    broken = []
    if outcome.exception is not None:
        broken.append(f"raised {type(outcome.exception).__name__}: {outcome.exception}")
    if outcome.code not in (0, 1, 2):
        broken.append(f"exit code {outcome.code}")
    if "Traceback" in outcome.stdout + outcome.stderr:
        broken.append("printed a traceback")
    for line in outcome.stdout.splitlines():
        if not PROBLEM_LINE.match(line):
            broken.append(f"stdout line is not a problem line: {line[:200]!r}")
            break
    if outcome.seconds >= WATCHDOG_SECONDS:
        broken.append(f"took {outcome.seconds:.1f} s of CPU time")
    return broken


def exercise_site(folder: Path, freeze: bool) -> list[str]:
    """For a corpus that validates: build, serve a few pages and (if asked) freeze."""
    from navigator.build import build_site
    from navigator.web.factory import create_app
    from navigator.web.freeze import freeze_site

    site = build_site(folder, shacl=False)
    client = create_app(site, {"TESTING": False}).test_client()
    broken = []
    urls = [
        *PAGES,
        *(f"/forloeb/{p}/" for p in sorted(site.catalogue.pathways)[:3]),
        *(f"/tilbud/{s}/" for s in sorted(site.catalogue.services)[:3]),
    ]
    for url in urls:
        status = client.get(url).status_code
        if status >= 500:
            broken.append(f"GET {url} answered {status}")
    if freeze:
        out = Path(tempfile.mkdtemp(prefix="fuzz-freeze-"))
        try:
            freeze_site(site, out / "site", diagrams=False)
        finally:
            shutil.rmtree(out, ignore_errors=True)
    return broken


def run_case(
    corpus: Corpus, freeze: bool = False, today: str | None = TODAY, keep: Path | None = None
) -> Outcome:
    """Validate a corpus; assert every promise (and build, serve, freeze it when it validates).

    With keep, a failing corpus is copied below keep, to run again with `navigator validate`.
    """
    folder = Path(tempfile.mkdtemp(prefix="fuzz-"))
    try:
        write_corpus(corpus, folder)
        try:
            outcome = validate(folder, today)
            broken = broken_promises(outcome)
            if not broken and outcome.code == 0:
                with watchdog(120):  # a freeze writes hundreds of pages: a watchdog of its own
                    broken += exercise_site(folder, freeze)
        except Hang as exc:
            broken = [str(exc)]
        if broken and keep is not None:
            shutil.copytree(
                folder, Path(tempfile.mkdtemp(prefix="case-", dir=keep)), dirs_exist_ok=True
            )
        assert not broken, "; ".join(broken)
        return outcome
    finally:
        shutil.rmtree(folder, ignore_errors=True)
