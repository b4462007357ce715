"""No Danish sentence in the static site's scripts (issue 19, point 1): every word a parent
reads on the static find and search comes from the Jinja macros the live page renders
(`<template>`s the scripts clone, or fragments in the data files), so the two sites say the
same from one place. Comments may say anything; string literals may not."""

from __future__ import annotations

import re

import pytest

from navigator.core import paths

SCRIPTS = ("find.js", "search.js")
DANISH_LETTER = re.compile(r"[æøåÆØÅ]")
LETTERS = re.compile(r"[^\W\d_]{2,}")
# after these a '/' starts a regular expression, not a division
REGEX_BEFORE = set("(,=:[!&|?{};+-*%<>~^") | {""}


def string_literals(source: str) -> list[str]:
    """The string, template and regular-expression literals of a script, comments left out."""
    out: list[str] = []
    i, n, last = 0, len(source), ""
    while i < n:
        c = source[i]
        if source.startswith("//", i):
            i = source.find("\n", i)
            i = n if i < 0 else i
        elif source.startswith("/*", i):
            end = source.find("*/", i + 2)
            assert end >= 0, "an unclosed comment"
            i = end + 2
        elif c in "\"'`" or (c == "/" and (last in REGEX_BEFORE or _after_keyword(source, i))):
            j, in_class = i + 1, False
            while source[j] != c or in_class:
                if source[j] == "\\":
                    j += 1
                elif c == "/" and source[j] in "[]":
                    in_class = source[j] == "["
                j += 1
            out.append(source[i + 1 : j])
            i, last = j + 1, "x"
        else:
            if not c.isspace():
                last = c
            i += 1
    return out


def _after_keyword(source: str, i: int) -> bool:
    """Whether a '/' at i follows 'return' or 'typeof' (a regular expression then)."""
    return re.search(r"\b(return|typeof|in|of)\s*$", source[max(0, i - 12) : i]) is not None


def danish(literal: str) -> bool:
    """Whether a literal reads as a sentence: a Danish letter, or three words or more."""
    words = [w for w in literal.split() if LETTERS.search(w)]  # 'find-said-none' is one
    return bool(DANISH_LETTER.search(literal)) or len(words) >= 3


def test_the_checker_finds_a_sentence_and_passes_code() -> None:
    """A sentence in a string is found, in a comment it is not; selectors and regular
    expressions are code."""
    script = (
        '/* "Spørg din kommune." */ var a = "Vi fandt ingen tilbud"; // "Barn på"\n'
        "var b = 'Alder ikke oplyst', c = x / 2,\n"
        "d = /^[a-z0-9-]+$/.test(y) ? \"[data-slot]\" : 'q';"
    )
    found = [s for s in string_literals(script) if danish(s)]
    assert found == ["Vi fandt ingen tilbud", "Alder ikke oplyst"]
    assert "^[a-z0-9-]+$" in string_literals(script)
    assert string_literals('x = "a \\" b"; y = /[/]"/g;') == ['a \\" b', '[/]"']


@pytest.mark.parametrize("name", SCRIPTS)
def test_no_danish_sentence_in_the_static_sites_scripts(name: str) -> None:
    source = (paths.STATIC / "js" / name).read_text(encoding="utf-8")
    literals = string_literals(source)
    assert len(literals) > 20, "the script's literals are read"
    sentences = [s for s in literals if danish(s)]
    assert not sentences, f"{name} words these itself: {sentences}"
