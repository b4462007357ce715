"""Danger words first: which warning signs (concerns marked urgent) a parent's words match.

One rule for the live site, the .json twins and the static site. The phrases of urgent
concerns are folded and stemmed here, in Python (the static site ships them precomputed in
/find-data.json); a parent's words are only folded and split, so that web/static/js/find.js
can apply exactly the same match in the browser without a stemmer:

- fold: lower case, accents off, and æ/ø/å and their spellings ae/oe/aa as e/o/a, so that
  'tenker paa at doe' reads as 'tænker på at dø';
- a phrase matches when every one of its stems matches some word of the text, in any order;
- a stem matches a word that begins with it and goes on with a Danish ending (skar → skaret,
  pil → piller), or with anything at all when the stem is long (selvmord → selvmordstanker);
- a long stem also matches with one letter wrong, missing or extra (selvmort, afskedbrev).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

import snowballstemmer

from .catalogue import Catalogue
from .text import fold

STOPWORDS = frozenset(
    "i at pa og en et det den de er har hun han min mit mine vores sig sin sit sine til med "
    "for af om jeg du vi man mig der sa nu hele tiden bare tit helt hende ham hans "
    "hendes var som datter son barn".split()
)
"""Folded words that carry nothing here. Unlike search, 'ikke', 'vil' and 'selv' count:
'vil ikke leve mere' must not match 'vil leve mere', and 'meget' keeps
'taber sig meget' from matching 'har tabt sin telefon'."""
ENDINGS = (
    "",
    "e",
    "r",
    "er",
    "ere",
    "et",
    "en",
    "ene",
    "erne",
    "ede",
    "es",
    "s",
    "t",
    "te",
    "ter",
    "de",
    "ne",
    "le",
    "ning",
    "ninger",
    "ende",
)
"""Endings a word may add to a stem (skar+et, lev+e, spis+er, vil+le)."""
LONG_STEM = 6
"""From this length a stem may go on with anything (a compound) and may have a typo."""
TYPO_STEM = 5
"""From this length a stem may have one letter wrong, missing or extra."""


def words(text: str) -> list[str]:
    """The folded words of a text that carry meaning here."""
    return [w for w in re.findall(r"[a-z0-9]+", fold(text)) if w not in STOPWORDS]


@lru_cache(maxsize=4096)
def phrase_stems(phrase: str) -> tuple[str, ...]:
    """The stems a parent's text must contain for this phrase to match it."""
    # cached: every /find and /soeg question reads all the phrases again; a stemmer of its
    # own per miss, since a shared one is not safe across the server's threads
    stemmer = snowballstemmer.stemmer("danish")
    return tuple(dict.fromkeys(str(s) for s in stemmer.stemWords(words(phrase))))


def danger_phrases(cat: Catalogue) -> list[tuple[tuple[str, ...], str]]:
    """(stems, concern id) for the label and every phrase of each urgent concern."""
    out = {
        (phrase_stems(p), c.id)
        for c in cat.concerns.values()
        if c.urgent
        for p in (c.label, *c.synonyms)
    }
    return sorted((stems, cid) for stems, cid in out if stems)


def _close(a: str, b: str) -> bool:
    """At most one letter wrong, missing or extra between a and b."""
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b, strict=True)) <= 1
    short, long_ = (a, b) if len(a) < len(b) else (b, a)
    return any(long_[:i] + long_[i + 1 :] == short for i in range(len(long_)))


def _ending(stem: str, rest: str) -> bool:
    """Whether rest may follow the stem: a Danish ending, after a doubled last letter too
    (the stemmer undoubles: pil+l+er is 'piller'), or anything after a long stem."""
    return (
        len(stem) >= LONG_STEM or rest in ENDINGS or (rest[:1] == stem[-1:] and rest[1:] in ENDINGS)
    )


def stem_matches(stem: str, word: str) -> bool:
    """Whether a word is the stem with a Danish ending, a compound of it, or a typo of it."""
    if word.startswith(stem) and _ending(stem, word[len(stem) :]):
        return True
    if len(stem) < TYPO_STEM:
        return False
    for cut in (len(stem) - 1, len(stem), len(stem) + 1):
        head, rest = word[:cut], word[cut:]
        if len(head) == cut and _close(head, stem) and _ending(stem, rest):
            return True
    return False


def phrase_matches(stems: Iterable[str], text_words: list[str]) -> bool:
    """Every stem of the phrase matches some word of the text."""
    return all(any(stem_matches(s, w) for w in text_words) for s in stems)


def danger_concerns(cat: Catalogue, text: str | None) -> list[str]:
    """The urgent concerns (warning signs) a parent's words match, sorted by id."""
    if not text:
        return []
    said = words(text)
    return sorted({cid for stems, cid in danger_phrases(cat) if phrase_matches(stems, said)})
