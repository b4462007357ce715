"""Text as the guide compares it: one normal form for what parents type and what we store."""

from __future__ import annotations

import unicodedata
from functools import lru_cache
from typing import Any

FOLDS = (("aa", "a"), ("ae", "e"), ("oe", "o"), ("å", "a"), ("æ", "e"), ("ø", "o"))
"""Danish letters and how they are typed without them (a keyboard without æ); digraphs first."""
KEPT = "æøå"
"""The letters normalise keeps whole (in Danish they are letters, not accented ones)."""


SPACE = (
    "\t\n\v\f\r \xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008"
    "\u2009\u200a\u2028\u2029\u202f\u205f\u3000\ufeff"
)
"""What JavaScript's String.prototype.trim takes off (ECMAScript WhiteSpace and
LineTerminator). Python's str.strip also takes off U+001C to U+001F and U+0085 and leaves
U+FEFF, so text trimmed by the live site and by the static site's scripts would differ."""


def trim(text: str) -> str:
    """The text without leading and trailing white space, exactly as the browser trims it."""
    return text.strip(SPACE)


def normalise(text: str) -> str:
    """Lower case, trimmed, with Danish letters kept and other accents removed."""
    text = trim(text).lower()
    return "".join(c if c in KEPT else unicodedata.normalize("NFKD", c)[0] for c in text)


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
