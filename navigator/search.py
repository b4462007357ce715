"""Search over everything: Danish stemming, the parents' words for concerns, typo tolerance."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator
from dataclasses import dataclass, field

import snowballstemmer

from . import codes, urls
from .build import Site
from .catalogue import Catalogue
from .model import Lifecycle, Pathway, Service
from .text import fold, normalise

KIND_ORDER = tuple(codes.SEARCH_KINDS)
STOPWORDS = frozenset(
    "og i at det en et til er på de med for af den som har ikke der var sig om men kan "
    "jeg du han hun vi man min mit mine din dit dine sin sit sine hvad hvor når eller så "
    "fra over under efter ved også skal vil være have".split()
)
FOLDED_STOPWORDS = frozenset(fold(w) for w in STOPWORDS)
TITLE_WEIGHT = 3.0
CONCERN_WEIGHT = 4.0
COMPOUND_WEIGHT = 0.5
MAX_COMPOUNDS = 20


@dataclass(frozen=True)
class Doc:
    """One searchable thing: an entity with its title, summary and page."""

    kind: str
    id: str
    title: str
    summary: str
    url: str
    concerns: frozenset[str] = frozenset()
    areas: tuple[str, ...] = ()  # the names of the places it is for; () = everywhere


@dataclass
class SearchIndex:
    """Stems → weighted documents, plus the concern phrases parents use."""

    docs: list[Doc]
    postings: dict[str, dict[int, float]] = field(default_factory=dict)
    phrases: dict[str, set[str]] = field(default_factory=dict)
    words: dict[str, str] = field(default_factory=dict)

    @property
    def vocabulary(self) -> list[str]:
        """Every stem in the index."""
        return list(self.postings)


def _stemmer() -> snowballstemmer.stemmer:
    return snowballstemmer.stemmer("danish")


def shown_tokens(text: str) -> list[tuple[str, str]]:
    """(word as written, folded word) for the words of a text, without stopwords."""
    # folded, so a word typed without æ/ø/å ('skolevegring') finds the same stems; folding
    # keeps word boundaries, so the two lists pair up
    shown = re.findall(r"[a-zæøå0-9]+", normalise(text))
    return [(word, folded) for word in shown if (folded := fold(word)) not in FOLDED_STOPWORDS]


def tokens(text: str) -> list[str]:
    """Folded lower-case words of a text, without stopwords."""
    return [folded for _, folded in shown_tokens(text)]


def stems(text: str, stemmer: snowballstemmer.stemmer | None = None) -> list[str]:
    """Danish stems of the words of a text."""
    stemmer = stemmer or _stemmer()
    return [str(s) for s in stemmer.stemWords(tokens(text))]


def _history(title: str, life: Lifecycle) -> str:
    """An ended service or pathway says so in its title; it stays findable as history."""
    if life.status != "ended":
        return title
    return f"{title} (sluttede {life.ended})" if life.ended else f"{title} (afsluttet)"


def _documents(cat: Catalogue) -> Iterator[Doc]:
    # ended ones get no concern boost: a worry must not lead first to help that is gone
    offers: list[tuple[str, Service | Pathway]] = [
        *(("service", s) for s in cat.services.values()),
        *(("pathway", p) for p in cat.pathways.values()),
    ]
    for kind, e in offers:
        yield Doc(
            kind,
            e.id,
            _history(e.name, e.lifecycle),
            e.summary or e.description or "",
            _url(kind, e.id),
            frozenset(e.concerns) if e.lifecycle.current else frozenset(),
            _area_names(cat, e.area_served),
        )
    for r in cat.roles.values():
        yield Doc("role", r.id, r.name, r.summary or r.description or "", _url("role", r.id))
    for c in cat.concerns.values():
        # named in parents' words; the clinical label stays findable in the summary
        summary = ". ".join(t for t in (c.label if c.parent_label else None, c.definition) if t)
        yield Doc("concern", c.id, c.plain, summary, _url("concern", c.id), frozenset({c.id}))
    for place in cat.places.values():
        if place.type in ("kommune", "cluster"):
            yield Doc(
                place.type,
                place.id,
                place.name,
                place.description or "",
                _url(place.type, place.id),
            )
    for t in cat.glossary.values():
        title = f"{t.term} ({t.expansion})" if t.expansion else t.term
        yield Doc("term", t.id, title, t.definition, _url("term", t.id))


def _area_names(cat: Catalogue, area: tuple[str, ...]) -> tuple[str, ...]:
    """Where a service or pathway holds, named: a regional one is never shown as national."""
    return tuple(cat.places[a].name if a in cat.places else a for a in area)


def _url(kind: str, entity_id: str) -> str:
    return urls.entity(kind, entity_id) or "/"


def build_index(site: Site) -> SearchIndex:
    """Index every service, pathway, role, concern, place and term of the site."""
    cat = site.catalogue
    stemmer = _stemmer()
    index = SearchIndex(sorted(_documents(cat), key=lambda d: (KIND_ORDER.index(d.kind), d.id)))
    for number, doc in enumerate(index.docs):
        for weight, text in ((TITLE_WEIGHT, doc.title), (1.0, doc.summary)):
            pairs = shown_tokens(text)
            folded = [f for _, f in pairs]
            for (word, _), stem in zip(pairs, stemmer.stemWords(folded), strict=True):
                index.words.setdefault(stem, word)  # corrections are shown as written
                bucket = index.postings.setdefault(stem, {})
                bucket[number] = bucket.get(number, 0.0) + weight
    for concern in cat.concerns.values():
        for phrase in concern.words:
            key = " ".join(stems(phrase, stemmer))
            if key:
                index.phrases.setdefault(key, set()).add(concern.id)
    for concern in cat.concerns.values():  # a broad concern also finds its narrower ones
        if concern.broader:
            for ids in index.phrases.values():
                if concern.broader in ids:
                    ids.add(concern.id)
    return index


def concerns_in(index: SearchIndex, query_stems: list[str]) -> set[str]:
    """Concern ids whose label or parent's phrase occurs, stem by stem, in the query."""
    text = f" {' '.join(query_stems)} "
    return {cid for phrase, ids in index.phrases.items() if f" {phrase} " in text for cid in ids}


def correct(index: SearchIndex, stem: str) -> list[str]:
    """The stem itself if indexed, else indexed stems close to it (a typo)."""
    if stem in index.postings:
        return [stem]
    if len(stem) < 4:
        return []
    return difflib.get_close_matches(stem, index.vocabulary, n=2, cutoff=0.8)


def compounds(index: SearchIndex, stem: str) -> list[str]:
    """Indexed stems that start with this one: Danish compounds (selvmord → selvmordstank)."""
    if len(stem) < 4:
        return []
    return [v for v in index.vocabulary if v != stem and v.startswith(stem)][:MAX_COMPOUNDS]


def search(index: SearchIndex, query: str, limit: int = 12) -> dict[str, object]:
    """Results grouped by kind, with the corrections and concerns the query was read as."""
    scores: dict[int, float] = {}
    corrections: list[str] = []
    query_stems = stems(query)
    resolved = []
    for stem in query_stems:
        parts = compounds(index, stem)
        found = correct(index, stem) if stem in index.postings or not parts else []
        corrections += [index.words.get(f, f) for f in found if f != stem]
        resolved.append(found[0] if found else stem)
        weighted = [(m, 1.0) for m in found] + [(m, COMPOUND_WEIGHT) for m in parts]
        for match, factor in weighted:
            for number, weight in index.postings[match].items():
                scores[number] = scores.get(number, 0.0) + weight * factor
    concerns = concerns_in(index, query_stems) | concerns_in(index, resolved)
    concerns |= {
        index.docs[n].id
        for n, score in scores.items()  # a concern named in the query
        if index.docs[n].kind == "concern" and score >= TITLE_WEIGHT * COMPOUND_WEIGHT
    }
    for number, doc in enumerate(index.docs):
        if concerns & doc.concerns:
            scores[number] = scores.get(number, 0.0) + CONCERN_WEIGHT
    ranked = sorted(scores, key=lambda n: (-scores[n], index.docs[n].title))
    groups: dict[str, list[dict[str, object]]] = {}
    for number in ranked:
        doc = index.docs[number]
        items = groups.setdefault(doc.kind, [])
        if len(items) < limit:
            items.append(
                {
                    "id": doc.id,
                    "title": doc.title,
                    "summary": doc.summary,
                    "url": doc.url,
                    "areas": list(doc.areas),
                }
            )
    return {
        "query": query,
        "corrections": sorted(set(corrections)),
        "concerns": sorted(concerns),
        "total": len(ranked),
        "groups": [
            {"kind": k, "label": codes.SEARCH_KINDS[k], "results": groups[k]}
            for k in KIND_ORDER
            if k in groups
        ],
    }
