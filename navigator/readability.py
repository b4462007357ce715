"""LIX, the Scandinavian readability index, for the plain-language texts parents read."""

from __future__ import annotations

import re

_WORD = re.compile(r"[^\W\d_]+(?:[-'][^\W\d_]+)*", re.UNICODE)
# a sentence ends at . ! ? or : followed by space/end; "ca." and "bl.a." are rare in parent text
_SENTENCE_END = re.compile(r"[.!?:]+(?=\s|$)")
LIX_AIM = 35
LIX_LIMIT = 45


def lix(text: str) -> float:
    """Words per sentence plus the percentage of words longer than six letters."""
    words = _WORD.findall(text)
    if not words:
        return 0.0
    sentences = max(1, len(_SENTENCE_END.findall(text.strip())))
    long_words = sum(1 for w in words if len(w) > 6)
    return len(words) / sentences + 100 * long_words / len(words)
