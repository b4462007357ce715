"""Search over everything: Danish stemming, the parents' words for concerns, typo tolerance.

Everything a question needs is looked up in tables built once per Site (build_index), never
found by scanning: the stems of the documents (postings), the stems sorted (a compound is a
range in them, found by bisection), and a deletion table for typos: every stem is filed under
itself and under each way of leaving one letter out. A typed stem meets an indexed one when
the two share such a key, which covers one letter wrong, missing, extra or two letters swapped
(and, between long stems, two such edits). The static site ships the same tables
(web.static_search.search_data) and web/static/js/search.js combines them by the same rules.
"""

from __future__ import annotations

import bisect
import heapq
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace

import snowballstemmer

from ..core import codes, urls
from ..core.text import fold, normalise, trim
from ..source.catalogue import Catalogue
from ..source.model import Lifecycle, Pathway, Service

KIND_ORDER = tuple(codes.SEARCH_KINDS)
SEARCH_CUT = 200
"""A search question is read up to its first 200 characters (views.search, the page memory)."""


def cut(query: str) -> str:
    """The question as search reads it: trimmed as a browser trims, then its first SEARCH_CUT
    characters (code points; search.js cuts by the same rule, sent as data)."""
    return trim(query)[:SEARCH_CUT]


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
MIN_STEM = 4
"""A shorter stem is neither corrected nor read as the start of a compound."""
MAX_CORRECTIONS = 2
MAX_CUT = 3
"""A stem that finds nothing is tried again without up to this many last letters."""
LETTERS_PER_EDIT = 5
"""A correction may be one edit away for every five letters of a stem (ten of the two
together, as difflib's similarity 0.8 did): 'skolvegring' is 'skolevegring', 'hash' is not
'hast'."""


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


@dataclass(frozen=True)
class SearchIndex:
    """Stems → weighted documents, plus the concern phrases parents use; built once with the
    Site (build.build_site) and never changed after."""

    docs: list[Doc]
    postings: dict[str, dict[int, float]] = field(default_factory=dict)
    phrases: dict[str, set[str]] = field(default_factory=dict)
    words: dict[str, str] = field(default_factory=dict)
    forms: dict[str, str] = field(default_factory=dict)  # folded word → its stem
    vocabulary: list[str] = field(default_factory=list)  # the documents' stems, sorted
    typos: dict[str, list[str]] = field(default_factory=dict)  # deletion key → stems
    phrase_words: set[str] = field(default_factory=set)  # stems only the phrases have
    by_concern: dict[str, list[int]] = field(default_factory=dict)  # concern → documents
    ranks: list[int] = field(default_factory=list)  # each document's kind, as KIND_ORDER's index
    places: list[int] = field(default_factory=list)  # each document's place in title order


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


def query_stems(index: SearchIndex, text: str) -> list[str]:
    """The stems of a question: a word the index has seen is looked up, others are stemmed."""
    # a stemmer of its own per question: a shared one is not safe across the server's threads
    stemmer = _stemmer()
    return [index.forms.get(w) or str(stemmer.stemWord(w)) for w in tokens(text)]


def deletions(stem: str) -> list[str]:
    """The keys a stem is filed under in the typo table: itself and itself less one letter."""
    return list(dict.fromkeys([stem, *(stem[:i] + stem[i + 1 :] for i in range(len(stem)))]))


def distance(a: str, b: str) -> int:
    """Edits from a to b: a letter wrong, missing or extra, or two neighbours swapped."""
    # optimal string alignment; search.js has the same loop
    rows = [list(range(len(b) + 1))]
    for i in range(1, len(a) + 1):
        row = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            row[j] = min(rows[-1][j] + 1, row[j - 1] + 1, rows[-1][j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                row[j] = min(row[j], rows[-2][j - 2] + 1)
        rows.append(row)
    return rows[-1][-1]


def close_enough(typed: str, stem: str, edits: int) -> bool:
    """Whether a stem this many edits away may stand for what was typed (a letter added or
    left out counts a little less than one replaced: 'hjal' may be 'hjalp')."""
    letters = len(typed) + len(stem) + (len(typed) != len(stem))
    return edits * 2 * LETTERS_PER_EDIT <= letters


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
        if place.type in urls.PAGE_KINDS:  # a region has no page of its own
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


def build_index(cat: Catalogue) -> SearchIndex:
    """Index every service, pathway, role, concern, place and term of the catalogue."""
    stemmer = _stemmer()
    docs = sorted(_documents(cat), key=lambda d: (KIND_ORDER.index(d.kind), d.id))
    by_title = sorted(range(len(docs)), key=lambda n: (docs[n].title, n))
    places = [0] * len(docs)
    for place, number in enumerate(by_title):
        places[number] = place
    index = SearchIndex(docs, ranks=[KIND_ORDER.index(d.kind) for d in docs], places=places)
    for number, doc in enumerate(index.docs):
        for weight, text in ((TITLE_WEIGHT, doc.title), (1.0, doc.summary)):
            for word, stem in _stemmed(index, stemmer, shown_tokens(text)):
                index.words.setdefault(stem, word)  # corrections are shown as written
                bucket = index.postings.setdefault(stem, {})
                bucket[number] = bucket.get(number, 0.0) + weight
        for concern_id in doc.concerns:
            index.by_concern.setdefault(concern_id, []).append(number)
    for concern in cat.concerns.values():
        for phrase in concern.words:
            said = list(_stemmed(index, stemmer, shown_tokens(phrase)))
            for word, stem in said:
                index.words.setdefault(stem, word)
            key = " ".join(stem for _, stem in said)
            if key:
                index.phrases.setdefault(key, set()).add(concern.id)
    for concern in cat.concerns.values():  # a broad concern also finds its narrower ones
        if concern.broader:
            for ids in index.phrases.values():
                if concern.broader in ids:
                    ids.add(concern.id)
    vocabulary = sorted(index.postings)
    # a typo of a parent's word finds its concern too ('skolvegring')
    phrase_words = {w for p in index.phrases for w in p.split()} - set(index.postings)
    typos: dict[str, list[str]] = {}
    for stem in [*vocabulary, *sorted(phrase_words)]:
        for key in deletions(stem):
            typos.setdefault(key, []).append(stem)
    return replace(index, vocabulary=vocabulary, phrase_words=phrase_words, typos=typos)


def _stemmed(
    index: SearchIndex, stemmer: snowballstemmer.stemmer, pairs: list[tuple[str, str]]
) -> Iterable[tuple[str, str]]:
    """(word as written, stem) for each word, remembering each folded word's stem."""
    for word, folded in pairs:
        if folded not in index.forms:
            index.forms[folded] = str(stemmer.stemWord(folded))
        yield word, index.forms[folded]


def concerns_in(index: SearchIndex, query_stems: list[str]) -> set[str]:
    """Concern ids whose label or parent's phrase occurs, stem by stem, in the query."""
    text = f" {' '.join(query_stems)} "
    return {cid for phrase, ids in index.phrases.items() if f" {phrase} " in text for cid in ids}


def correct(index: SearchIndex, stem: str) -> list[str]:
    """The stem itself if indexed, else the (at most two) indexed stems closest to it: a typo.

    Looked up in the deletion table, never by scanning the vocabulary; the nearest first,
    then in alphabetical order."""
    if stem in index.postings or stem in index.phrase_words:
        return [stem]
    if len(stem) < MIN_STEM:
        return []
    near = {v for key in deletions(stem) for v in index.typos.get(key, ())}
    ranked = sorted((distance(stem, v), v) for v in near)
    return [v for d, v in ranked if close_enough(stem, v, d)][:MAX_CORRECTIONS]


def compounds(index: SearchIndex, stem: str) -> list[str]:
    """Indexed stems that start with this one: Danish compounds (selvmord → selvmordstank),
    the first ones in alphabetical order (a range of the sorted vocabulary)."""
    if len(stem) < MIN_STEM:
        return []
    vocabulary = index.vocabulary
    start = bisect.bisect_right(vocabulary, stem)
    end = bisect.bisect_left(vocabulary, stem + "\uffff", start)
    return vocabulary[start : min(end, start + MAX_COMPOUNDS)]


def matches(index: SearchIndex, typed: str) -> tuple[str, list[str], list[str]]:
    """(stem, compounds, corrections) for a typed stem: the compounds it starts, else itself
    or the stems it is a typo of. When that finds nothing, the same for the stem less its
    last one, two or three letters: an ending the stemmer did not take off ('rådgivingen',
    a typo before an ending)."""
    for cut in range(MAX_CUT + 1):
        stem = typed[: len(typed) - cut]
        if cut and len(stem) < MIN_STEM:
            break
        parts = compounds(index, stem)
        found = correct(index, stem) if stem in index.postings or not parts else []
        if parts or found:
            return stem, parts, found
    return typed, [], []


def search(index: SearchIndex, query: str, limit: int = 12) -> dict[str, object]:
    """Results grouped by kind, with the corrections and concerns the query was read as."""
    scores: dict[int, float] = {}
    corrections: list[str] = []
    said = query_stems(index, query)
    resolved = []
    for typed in said:
        stem, parts, found = matches(index, typed)
        corrections += [index.words.get(f, f) for f in found if f != stem]
        resolved.append(found[0] if found else stem)
        weighted = [(m, 1.0) for m in found] + [(m, COMPOUND_WEIGHT) for m in parts]
        for match, factor in weighted:
            for number, weight in index.postings.get(match, {}).items():
                scores[number] = scores.get(number, 0.0) + weight * factor
    concerns = concerns_in(index, said) | concerns_in(index, resolved)
    concerns |= {
        index.docs[n].id
        for n, score in scores.items()  # a concern named in the query
        if index.docs[n].kind == "concern" and score >= TITLE_WEIGHT * COMPOUND_WEIGHT
    }
    for number in {n for c in concerns for n in index.by_concern.get(c, ())}:
        scores[number] = scores.get(number, 0.0) + CONCERN_WEIGHT
    # per kind the best by score, then title (then number: one order here and in search.js),
    # as numbers, and only the first few sorted: a common word at national scale scores
    # thousands of documents
    buckets: dict[int, list[tuple[float, int, int]]] = {}
    for number, score in scores.items():
        buckets.setdefault(index.ranks[number], []).append((-score, index.places[number], number))
    groups: dict[str, list[dict[str, object]]] = {}
    for rank, kind in enumerate(KIND_ORDER):
        if rank in buckets:
            top = heapq.nsmallest(limit, buckets[rank])
            groups[kind] = [_shown(index.docs[number]) for _, _, number in top]
    return {
        "query": query,
        "corrections": sorted(set(corrections)),
        "concerns": sorted(concerns),
        "total": len(scores),
        "groups": [
            {"kind": k, "label": codes.SEARCH_KINDS[k], "results": results}
            for k, results in groups.items()
        ],
    }


def _shown(doc: Doc) -> dict[str, object]:
    """A result as the page shows it."""
    return {
        "id": doc.id,
        "title": doc.title,
        "summary": doc.summary,
        "url": doc.url,
        "areas": list(doc.areas),
    }
