"""Readability of what parents read: LIX, long sentences and unexplained acronyms."""

from __future__ import annotations

import re
import statistics
from collections.abc import Iterator
from dataclasses import dataclass

from ..core.problems import Pos, Problem, error, warning
from .catalogue import Catalogue
from .model import Concern, Pathway, Service

PARENTS = "foraelder"
"""The role whose advice parents read: it is held to the parents' LIX."""

_WORD = re.compile(r"[^\W\d_]+(?:[-'][^\W\d_]+)*", re.UNICODE)
# a sentence ends at . ! ? or : followed by space/end; "ca." and "bl.a." are rare in parent text
_SENTENCE_END = re.compile(r"[.!?:]+(?=\s|$)")
# an acronym: an all-caps word of 2-6 letters standing alone (not part of "F-ACT"), or a
# paragraph reference such as "§ 126 a"
ACRONYM = re.compile(r"(?<![\w-])[A-ZÆØÅ]{2,6}(?![\w-])|§\s?\d+(?:\s?[a-z](?![\wæøå]))?")
LIX_AIM = 35
LIX_OK = 40
LIX_LIMIT = 45
LONG_SENTENCE = 25
# LIX means little on a few words ("Kontakt jeres kommune." scores 70), so shorter texts
# are not scored
MIN_WORDS = 10

# (section, fields) of the texts written for parents: what /find cards, service pages and the
# steps of a pathway show above "For fagfolk"
PARENT_FIELDS = {
    "services": ("summary", "application_process", "ask_for", "after", "for_young", "parent_line"),
    "pathways": ("summary",),
    "steps": ("summary",),
    "concerns": ("parent_label",),
    "advice": ("points", "more_help", "urgent"),
}
PAGE_TYPES = {
    "services": "Tilbud og kort i Find hjælp",
    "pathways": "Forløb",
    "steps": "Forløb",
    "concerns": "Find hjælp",
    "advice": "Vores plan (råd til forældre)",
}


@dataclass(frozen=True, slots=True)
class ParentText:
    """One field of text that parents read, and where it is."""

    section: str
    key: str
    field: str
    text: str
    path: tuple[str | int, ...] = ()
    """Where the text is inside the entity, when not the field itself (advice)."""


def lix(text: str) -> float:
    """Words per sentence plus the percentage of words longer than six letters."""
    words = _WORD.findall(text)
    if not words:
        return 0.0
    sentences = max(1, len(_SENTENCE_END.findall(text.strip())))
    long_words = sum(1 for w in words if len(w) > 6)
    return len(words) / sentences + 100 * long_words / len(words)


def sentences(text: str) -> list[str]:
    """The sentences of a text, as lix counts them."""
    return [s for s in (part.strip() for part in _SENTENCE_END.split(text)) if s]


def parent_texts(cat: Catalogue) -> Iterator[ParentText]:
    """Every parent-facing field of the catalogue (see PARENT_FIELDS)."""
    entities: dict[str, list[Service | Pathway | Concern]] = {
        "services": list(cat.services.values()),
        "pathways": list(cat.pathways.values()),
        "concerns": list(cat.concerns.values()),
    }
    for section, items in entities.items():
        for item in items:
            for name in PARENT_FIELDS[section]:
                value = getattr(item, name)
                if value:
                    yield ParentText(section, item.id, name, value)
    for step in cat.steps():
        if step.summary:
            yield ParentText("steps", step.key, "summary", step.summary)
    yield from _parent_advice(cat)


def _parent_advice(cat: Catalogue) -> Iterator[ParentText]:
    """The advice for parents, each piece read as one text: its points, when to seek more
    help and what is urgent (a point alone is too short for LIX to mean anything)."""
    for topic in cat.advice_topics.values():
        for i, advice in enumerate(topic.advice):
            if advice.role != PARENTS:
                continue
            parts = (*advice.points, advice.more_help or "", advice.urgent or "")
            text = " ".join(p.strip() for p in parts if p.strip())
            if text:
                yield ParentText("advice", topic.id, "points", text, ("advice", i, "points"))


def known_acronyms(cat: Catalogue) -> set[str]:
    """Acronyms the glossary explains: its terms, and each part of a term like 'BUP-K-møder'."""
    known = set()
    for term in cat.glossary.values():
        known.add(_squash(term.term))
        known |= {_squash(part) for part in re.split(r"[-\s]", term.term) if part}
    return known


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def text_problems(text: str, pos: Pos, known: set[str]) -> Iterator[Problem]:
    """LIX, long sentences and unknown acronyms in one parent-facing text."""
    words = len(_WORD.findall(text))
    score = lix(text)
    if words >= MIN_WORDS and score > LIX_LIMIT:
        yield error(
            pos,
            f"too hard to read for parents (LIX {score:.0f}, limit {LIX_LIMIT}; "
            f"aim for {LIX_OK} or below): use shorter sentences and shorter words",
        )
    elif words >= MIN_WORDS and score > LIX_OK:
        yield warning(
            pos,
            f"hard to read for parents (LIX {score:.0f}; keep it at {LIX_OK} "
            "or below): use shorter sentences and shorter words",
        )
    for sentence in sentences(text):
        length = len(_WORD.findall(sentence))
        if length > LONG_SENTENCE:
            yield warning(
                pos,
                f"a sentence of {length} words (keep them under "
                f"{LONG_SENTENCE + 1}): '{sentence[:40]}…'",
            )
    for found in sorted({m.group(0) for m in ACRONYM.finditer(text)}):
        if _squash(found) not in known:
            yield warning(
                pos,
                f"'{found}' is not in the glossary: explain it in plain words, "
                "or add it to pathways/catalogue/glossary",
            )


def readability_problems(cat: Catalogue) -> Iterator[Problem]:
    """Findings on every parent-facing text: LIX over 40 warns, over 45 is an error."""
    known = known_acronyms(cat)
    for item in parent_texts(cat):
        pos = cat.pos_of(item.key, *(item.path or (item.field,)))
        yield from text_problems(item.text, pos, known)


def lix_by_page_type(cat: Catalogue) -> dict[str, tuple[int, float, float]]:
    """Per page type: how many scored texts, and their median and max LIX."""
    scores: dict[str, list[float]] = {}
    for item in parent_texts(cat):
        if len(_WORD.findall(item.text)) >= MIN_WORDS:
            scores.setdefault(PAGE_TYPES[item.section], []).append(lix(item.text))
    return {
        page: (len(values), statistics.median(values), max(values))
        for page, values in sorted(scores.items())
    }


def lix_table(cat: Catalogue) -> str:
    """The table for docs/content.md, section 'Læsbarhed' (`navigator readability`)."""
    lines = ["| Sidetype | Tekster | Median LIX | Max LIX |", "| --- | ---: | ---: | ---: |"]
    for page, (n, median, top) in lix_by_page_type(cat).items():
        lines.append(f"| {page} | {n} | {median:.0f} | {top:.0f} |")
    return "\n".join(lines)


DOCS_START = "<!-- lix-table: generated by `python -m navigator.source.readability` -->"
DOCS_END = "<!-- /lix-table -->"


def with_lix_table(doc: str, table: str) -> str:
    """The document with the generated table between its markers replaced."""
    before, _, rest = doc.partition(DOCS_START)
    _, _, after = rest.partition(DOCS_END)
    return f"{before}{DOCS_START}\n{table}\n{DOCS_END}{after}"


def main() -> None:
    """Rewrite the LIX table in docs/content.md from the shipped pathways."""
    from ..core import paths
    from .catalogue import build_catalogue
    from .load import load_tree

    doc_path = paths.PATHWAYS.parent / "docs" / "content.md"
    cat = build_catalogue(load_tree(paths.PATHWAYS))
    doc_path.write_text(
        with_lix_table(doc_path.read_text(encoding="utf-8"), lix_table(cat)), encoding="utf-8"
    )


if __name__ == "__main__":
    main()
