"""Glossary words explained where they stand: <abbr> and a link to /ordliste/ on first use."""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from flask import g, has_request_context, request
from markupsafe import Markup, escape

from ..core import urls
from ..source.catalogue import Catalogue
from ..source.model import Term

_ALL_CAPS = re.compile(r"[A-ZÆØÅ0-9§ -]+")
FOUND_KEPT = 50_000
"""How many texts' terms a glossary index keeps (the national catalogue has about 20,000)."""


@dataclass(frozen=True, slots=True)
class Gloss:
    """One glossary term as the site explains it."""

    id: str
    title: str
    acronym: bool


@dataclass(frozen=True, slots=True)
class GlossaryIndex:
    """Every term of the glossary, found by one regular expression."""

    pattern: re.Pattern[str] | None
    by_key: dict[str, Gloss]
    # the terms found in each text, kept: the catalogue's few thousand texts are explained
    # again on every page and plan fragment that shows them, and the scan was a fifth of a
    # plan shard's time (docs/benchmarks.md); bounded, in case a caller passes other text
    found: dict[str, tuple[tuple[int, int, Gloss], ...]] = field(default_factory=dict)

    def terms_in(self, text: str) -> tuple[tuple[int, int, Gloss], ...]:
        """Where each glossary term stands in a text (start, end, the term), in order."""
        kept = self.found.get(text)
        if kept is not None:
            return kept
        assert self.pattern is not None
        terms = []
        for match in self.pattern.finditer(text):
            gloss = self.gloss(re.sub(r"\s+", " ", match.group(0)))
            if gloss is not None:
                terms.append((match.start(), match.end(), gloss))
        kept = tuple(terms)
        if len(self.found) < FOUND_KEPT:
            self.found[text] = kept
        return kept

    def gloss(self, found: str) -> Gloss | None:
        """The term a match stands for (words match in any case and inflection)."""
        return self.by_key.get(found) or next(
            (
                g
                for key, g in self.by_key.items()
                if not g.acronym and found.lower().startswith(key.lower())
            ),
            None,
        )


def _title(term: Term) -> str:
    if term.expansion:
        return term.expansion
    first = re.split(r"(?<=[.!?])\s", term.definition, maxsplit=1)[0]
    return first


def _term_pattern(term: Term, acronym: bool) -> str:
    text = re.escape(term.term).replace(r"\ ", r"\s?")
    if acronym:  # exact, and not part of a longer word ("F-ACT" is not "ACT")
        return rf"(?<![\w-]){text}(?![\w-])"
    return rf"(?<![\w-])(?i:{text})\w*"  # "udredning", "Udredningen", "udredninger"


def glossary_index(cat: Catalogue) -> GlossaryIndex:
    """The terms to explain, longest first so 'BUP-K-møder' wins over 'BUP'."""
    terms = sorted(cat.glossary.values(), key=lambda t: -len(t.term))
    by_key: dict[str, Gloss] = {}
    parts = []
    for term in terms:
        acronym = bool(_ALL_CAPS.fullmatch(term.term))
        by_key[term.term] = Gloss(term.id, _title(term), acronym)
        parts.append(_term_pattern(term, acronym))
    return GlossaryIndex(re.compile("|".join(parts)) if parts else None, by_key)


def explain(text: str | None, index: GlossaryIndex, seen: set[str]) -> Markup:
    """Text as safe HTML with each glossary term not yet in seen explained once."""
    if not text:
        return Markup("")
    if index.pattern is None:
        return Markup(escape(text))
    out: list[str] = []
    last = 0
    for start, end, gloss in index.terms_in(text):
        if gloss.id in seen:
            continue
        seen.add(gloss.id)
        out.append(escape(text[last:start]))
        out.append(_explained(text[start:end], gloss))
        last = end
    out.append(escape(text[last:]))
    return Markup("".join(out))


_TERMS = "vejviser_explained_terms"


def _holder() -> Any:
    # the request, not flask.g: g belongs to the app context, which every request made inside
    # one (Frozen-Flask's freeze loop, a script's app_context) shares, so a term explained on
    # one page stayed explained on every later page of the run
    return request if has_request_context() else g


def page_terms() -> set[str]:
    """The glossary terms already explained on the page being rendered (its request's)."""
    holder = _holder()
    terms: set[str] | None = getattr(holder, _TERMS, None)
    if terms is None:
        terms = set()
        setattr(holder, _TERMS, terms)
    return terms


@contextlib.contextmanager
def standing_alone() -> Iterator[None]:
    """Render a fragment as if it stood first on a page (its own first uses); the page's
    terms are as they were afterwards."""
    holder = _holder()
    page = getattr(holder, _TERMS, None)
    setattr(holder, _TERMS, set())
    try:
        yield
    finally:
        setattr(holder, _TERMS, page)


def _explained(word: str, gloss: Gloss) -> str:
    href = urls.term(gloss.id)
    inner = (
        f'<abbr title="{escape(gloss.title)}">{escape(word)}</abbr>'
        if gloss.acronym
        else f"{escape(word)}"
    )
    label = "" if gloss.acronym else f' title="{escape(gloss.title)}"'
    return f'<a class="vv-term" href="{escape(href)}"{label}>{inner}</a>'


def glossary_data(cat: Catalogue) -> list[dict[str, object]]:
    """The glossary for the static find helper: JavaScript patterns with the same rules."""
    index = glossary_index(cat)
    out: list[dict[str, object]] = []
    for term_text, gloss in index.by_key.items():
        text = re.escape(term_text).replace(r"\ ", r"\s?")
        pattern = (
            rf"(?<![\w-]){text}(?![\w-])"
            if gloss.acronym
            else rf"(?<![\wæøåÆØÅ-]){text}[\wæøåÆØÅ]*"
        )
        out.append(
            {"id": gloss.id, "title": gloss.title, "acronym": gloss.acronym, "pattern": pattern}
        )
    return out
