"""Text as the guide compares it: one normal form for what parents type and what we store."""

from __future__ import annotations

import unicodedata


def normalise(text: str) -> str:
    """Lower case, trimmed, with Danish letters kept and other accents removed."""
    text = text.strip().lower()
    kept = {"æ", "ø", "å"}
    return "".join(c if c in kept else unicodedata.normalize("NFKD", c)[0] for c in text)
