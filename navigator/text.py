"""Text as the guide compares it: one normal form for what parents type and what we store."""

from __future__ import annotations

import unicodedata
from functools import lru_cache
from typing import Any

FOLDS = (("aa", "a"), ("ae", "e"), ("oe", "o"), ("å", "a"), ("æ", "e"), ("ø", "o"))
"""Danish letters and how they are typed without them (a keyboard without æ); digraphs first."""


def normalise(text: str) -> str:
    """Lower case, trimmed, with Danish letters kept and other accents removed."""
    text = text.strip().lower()
    kept = {"æ", "ø", "å"}
    return "".join(c if c in kept else unicodedata.normalize("NFKD", c)[0] for c in text)


@lru_cache(maxsize=8192)  # the catalogue's phrases are folded again for every question
def fold(text: str) -> str:
    """The normal form with æ/ø/å (and ae/oe/aa) written as e/o/a: 'skolevegring' meets
    'skolevægring'. Compare folded with folded only."""
    text = normalise(text)
    for letters, plain in FOLDS:
        text = text.replace(letters, plain)
    return text


FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
"""How a spreadsheet formula may start: a CSV cell that starts so is escaped (csv_cell)."""


def csv_cell(value: Any) -> Any:
    """A cell a spreadsheet will not run: text that starts like a formula gets a leading '."""
    if value is None:
        return ""
    # '=HYPERLINK(…)' in a note would run in Excel or LibreOffice (CSV formula injection)
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value
