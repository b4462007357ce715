"""The fast reader (libyaml's C parser) never changes what loading a file gives.

navigator.source.load reads a file with navigator.source.positioned.read_fast first and with
PyYAML's pure-Python composer only when read_fast declines. These tests load the same bytes both
ways (the second with read_fast switched off) and compare everything: values, their types, every
position, the problems and the ids of a file that did not load.
"""

from __future__ import annotations

from typing import Any

import pytest
from fuzzing import SHIPPED_CORPUS, VALID_CORPUS, generated_document, mutated_corpus
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from navigator.source import load
from navigator.source.load import Document, LList, LMap, load_bytes
from navigator.source.positioned import read_fast

SETTINGS = settings(
    max_examples=300,
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=list(HealthCheck),
)


def shape(value: Any) -> Any:
    """Everything a loaded value holds: types, values and positions, in order."""
    if isinstance(value, LMap):
        return (
            "map",
            value.pos,
            [(k, value.key_pos[k], value.value_pos[k], shape(v)) for k, v in value.items()],
        )
    if isinstance(value, LList):
        return ("list", value.pos, value.item_pos, [shape(v) for v in value])
    return (type(value).__name__, value)


def careful(raw: bytes) -> Document:
    """The file read by the pure-Python reader alone."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(load, "read_fast", lambda *_: None)
        return load_bytes(raw, "f.yaml")


def assert_same_both_ways(raw: bytes) -> None:
    fast, slow = load_bytes(raw, "f.yaml"), careful(raw)
    assert shape(fast.data) == shape(slow.data)
    assert [str(p) for p in fast.problems] == [str(p) for p in slow.problems]
    assert fast.unloaded_ids == slow.unloaded_ids


@pytest.mark.parametrize("name", sorted(SHIPPED_CORPUS) + [f"valid/{n}" for n in VALID_CORPUS])
def test_shipped_and_valid_files_are_read_fast_with_the_same_positions(name: str) -> None:
    raw = (
        VALID_CORPUS[name.removeprefix("valid/")]
        if name.startswith("valid/")
        else SHIPPED_CORPUS[name]
    )
    fast = read_fast(
        raw.decode("utf-8").removeprefix("\ufeff"), "f.yaml", load.MAX_NODES, load.MAX_DEPTH
    )
    assert fast is not None
    assert shape(fast) == shape(careful(raw).data)


@pytest.mark.parametrize(
    "text",
    [
        "a: &x 1\nb: *x\n",
        "a: &x 1\n",
        "a: !!str 1\n",
        "a: !custom 1\n",
        "%YAML 1.1\n---\na: 1\n",
        "a: 1\na: 2\n",
        "1: a\n",
        "<<: {b: 1}\n",
        "a: 1\n---\nb: 2\n",
        "- a\n",
        'a: "\\e"\n',
        "a: " + "9" * 5000 + "\n",
        "a: [x?y]\n",
        "a: {b: c?d}\n",
        "a: [:x]\n",
        'a: "\ufeff"\n',
        "\ufeff\ufeffa: 1\n",
        "a: 1\n\ufeffb: 2\n",
        "? a\n",
        "a:\n",
        "a:\n  -\n",
        "{a}\n",
        "a: " + "[" * 70 + "]" * 70 + "\n",
        "a: [b\n",
    ],
)
def test_the_fast_reader_declines_what_needs_the_careful_one(text: str) -> None:
    assert read_fast(text, "f.yaml", load.MAX_NODES, load.MAX_DEPTH) is None
    assert_same_both_ways(text.encode())


@pytest.mark.parametrize(
    "text",
    [
        "a: [x:y, http://x/]\n",
        "a: {b: c:d}\n",
        "a: 😀\nb: {😀: ø, c: 😀}\n",
        "a: b\r\n  c\r\nd: |\r\n  e\r\n",
        "a: >-\n  b\n\n  c\nd: [\n  1,\n  2]\n",
        "a: ~\nb: ''\nc: -1\nd: 0x1F\ne: 1e3\nf: .inf\ng: 2025-01-15\n",
        "? a\n: b\n",
    ],
)
def test_the_fast_reader_reads_odd_but_valid_files_the_same(text: str) -> None:
    assert read_fast(text, "f.yaml", load.MAX_NODES, load.MAX_DEPTH) is not None
    assert_same_both_ways(text.encode())


def test_the_fast_reader_keeps_the_value_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(load, "MAX_NODES", 5)
    assert_same_both_ways(b"a: [1, 2, 3, 4]\n")
    assert_same_both_ways(b"a: [1, 2, 3, 4, 5]\n")
    assert load_bytes(b"a: [1, 2, 3, 4, 5]\n", "f.yaml").data is None


BASE = SHIPPED_CORPUS | VALID_CORPUS


def changed_file(corpus: dict[str, bytes]) -> bytes:
    """The one file a mutated corpus changed (empty when the mutations undid themselves)."""
    return next((raw for name, raw in corpus.items() if raw != BASE[name]), b"")


@SETTINGS
@given(mutated_corpus(BASE).map(changed_file))
def test_mutated_files_load_the_same_both_ways(raw: bytes) -> None:
    assert_same_both_ways(raw)


@SETTINGS
@given(generated_document())
def test_generated_documents_load_the_same_both_ways(raw: bytes) -> None:
    assert_same_both_ways(raw)


PIECES = [
    "a",
    "b",
    "ø",
    "😀",
    "1",
    "~",
    "yes",
    "2025-01-15",
    "x:y",
    "http://x/?q=1",
    ": ",
    ":",
    "- ",
    "-",
    "? ",
    "?",
    "[",
    "]",
    "{",
    "}",
    ", ",
    ",",
    " ",
    "  ",
    "\n",
    "\r\n",
    "#c",
    " #c",
    "'q''r'",
    '"\\/x\\ty"',
    '"a\\\n b"',
    "|",
    "|-",
    ">+",
    "---",
    "...",
    "&a ",
    "*a",
    "!!str ",
    "\ufeff",
    "\\",
    "%",
    "@",
    "`",
    "'",
    '"',
    "\n  ",
    "\n- ",
    "\nk: ",
    "\n\n",
]


@SETTINGS
@given(st.lists(st.sampled_from(PIECES), min_size=1, max_size=30))
def test_yaml_token_soup_loads_the_same_both_ways(pieces: list[str]) -> None:
    assert_same_both_ways("".join(pieces).encode())
