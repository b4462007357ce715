"""Search on the static site: the tables web/static/js/search.js looks words up in.

Everything is computed here, by navigator.answers.search's own code: the stems of the documents, the
parents' phrases for concerns, the sorted vocabulary (compounds), the deletion table (typos)
and a table from folded words to their Danish stems. The browser folds what was typed
(text.fold), looks each word up in "forms", stems a word that is not there with the same
Snowball stemmer as search.query_stems (@orama/stemmers, served from node_modules), and then
combines the tables by the rules of search.search. "forms" holds every word of the index and
of the concern phrases, and those words with the common Danish endings added, whenever
Snowball takes them back to a stem of the index: the answer when the stemmer cannot be loaded,
and the index's own words stemmed by this Snowball where the browser's older one differs
(docs/web.md, "Search on the static site").
"""

from __future__ import annotations

from typing import Any

import snowballstemmer
from jinja2 import Environment
from jinja2.filters import do_truncate

from ..answers.search import (
    COMPOUND_WEIGHT,
    CONCERN_WEIGHT,
    FOLDED_STOPWORDS,
    KIND_ORDER,
    LETTERS_PER_EDIT,
    MAX_COMPOUNDS,
    MAX_CORRECTIONS,
    MAX_CUT,
    MIN_STEM,
    SEARCH_CUT,
    TITLE_WEIGHT,
    SearchIndex,
)
from ..build import Site
from ..core import codes
from ..core.text import FOLDS, KEPT
from .presenters import help_data
from .static_find import help_html

ENDINGS = "e en er et ene erne ens es s r t te ede ne hed heden".split()
"""The endings of nouns and verbs that parents type most (the plural, the definite form, the
past): added to every indexed word and stem for the browser's table of forms, kept only when
Snowball gives back a stem of the index (forældr → forældrene, henvisning → henvisningerne)."""
SUMMARY_LENGTH = 220
"""As the results show a summary (search.html: truncate(220))."""


def search_data(site: Site) -> dict[str, Any]:
    """Everything search.js needs to answer as search.search does, in lookup tables."""
    index = site.search_index
    phrase_words = sorted(index.phrase_words)
    number = {stem: i for i, stem in enumerate([*index.vocabulary, *phrase_words])}
    return {
        "cut": SEARCH_CUT,  # a question is read up to this many characters (search.cut)
        "stopwords": sorted(FOLDED_STOPWORDS),
        "keep": KEPT,  # text.fold's rule, run by danger.js's fold
        "folds": [list(f) for f in FOLDS],
        "weights": {"title": TITLE_WEIGHT, "concern": CONCERN_WEIGHT, "compound": COMPOUND_WEIGHT},
        "min_stem": MIN_STEM,
        "max_compounds": MAX_COMPOUNDS,
        "max_corrections": MAX_CORRECTIONS,
        "max_cut": MAX_CUT,
        "letters_per_edit": LETTERS_PER_EDIT,
        "kinds": [{"kind": k, "label": codes.SEARCH_KINDS[k]} for k in KIND_ORDER],
        "docs": _docs(index),
        "stems": index.vocabulary,
        "phrase_words": phrase_words,  # the typo table numbers these after "stems"
        # per stem, flat: document, weight, document, weight, ...
        "postings": [
            [x for n, w in index.postings[s].items() for x in (n, w)] for s in index.vocabulary
        ],
        "typos": {k: [number[s] for s in stems] for k, stems in sorted(index.typos.items())},
        "forms": forms(index),
        "words": {s: w for s, w in sorted(index.words.items()) if w != s},
        "phrases": {p: sorted(ids) for p, ids in sorted(index.phrases.items())},
        "by_concern": {c: docs for c, docs in sorted(index.by_concern.items())},
        # "Få hjælp nu": the find page's rule and card, for no region (search asks no kommune)
        "help": {
            "danger": help_data(site),
            "concerns": [{"id": c.id} for c in site.catalogue.concerns.values()],
            "phrases": site.catalogue.concern_phrases(),
            "pieces": help_html(site, None),
        },
    }


def _docs(index: SearchIndex) -> list[dict[str, Any]]:
    """The documents as a result shows them (the summary already shortened)."""
    return [
        {
            "kind": d.kind,
            "id": d.id,
            "title": d.title,
            "summary": short_summary(d.summary),
            "url": d.url,
            "areas": list(d.areas),
        }
        for d in index.docs
    ]


def short_summary(text: str) -> str:
    """A summary cut as the live results cut it (Jinja's truncate filter, 220 characters)."""
    return do_truncate(_JINJA, text, SUMMARY_LENGTH)


_JINJA = Environment(autoescape=True)


def forms(index: SearchIndex) -> dict[str, str]:
    """Folded word → stem, for the words the index has seen and their inflections; a word
    that is its own stem is left out (the browser stems a word it does not find)."""
    stemmer = snowballstemmer.stemmer("danish")
    table = dict(index.forms)
    # a stem counts when a document has it or a concern's phrase does (skolevægring)
    known = set(index.postings) | index.phrase_words
    for word, stem in index.forms.items():
        for base in {word, stem}:
            for ending in ENDINGS:
                form = base + ending
                if form not in table:
                    found = str(stemmer.stemWord(form))
                    if found in known:
                        table[form] = found
    return {w: s for w, s in sorted(table.items()) if w != s}
