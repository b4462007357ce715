"""The static site's search (search.js in Node, on /search-data.json) gives the live answer:
the same groups, the same results in the same order, the same 'searched instead' note and the
same concerns, and the same "Få hjælp nu" warning signs (issue 10, item 1), for the listed
questions and for one generated stream of odd ones (tests/questions.py: empty, 10 KB, white
space only one side trims, JavaScript's own property names, the danger corpus; issue 19)."""

from __future__ import annotations

from typing import Any

import pytest
from flask import Flask
from helpers import run_node
from questions import odd_search_texts

from navigator.answers.danger import danger_concerns
from navigator.answers.query import warning_signs
from navigator.answers.search import SEARCH_CUT, SearchIndex, cut, search, stems, tokens
from navigator.build import Site
from navigator.core import paths
from navigator.web.static_search import search_data, short_summary

SEARCH_JS = paths.STATIC / "js" / "search.js"
FIND_JS = paths.STATIC / "js" / "find.js"
QUERIES = (
    # words, as written and without æ/ø/å
    "rådgivning",
    "raadgivning",
    "skolevægring",
    "skolevegring",
    "skolevaegring",
    "forældre",
    "foraeldre",
    "angst",
    "psykiatri",
    "PPR",
    "bup",
    "ADHD",
    "autisme",
    "ensomhed",
    "mobning",
    "kommune",
    "Aalborg",
    "københavn",
    "kobenhavn",
    # inflections
    "henvisningerne",
    "forældrene",
    "psykologen",
    "lægen",
    "laegen",
    "sundhedsplejersken",
    "skolevægringen",
    "rådgivningen",
    # typos
    "rådgiving",
    "rdågivning",
    "skolvegring",
    "depresion",
    "autsime",
    "mistrivsl",
    "sundhedsplejeske",
    "rådgivingen",
    "psykolgen",
    # compounds and the start of one
    "selvmord",
    "børnepsykiatri",
    "børne og ungdomspsykiatri",
    "spiseforstyrrelse",
    "selvskade",
    # parents' phrases
    "ondt i maven",
    "ont i maven",
    "bornetelefnen",
    "vil ikke i skole",
    "ked af det",
    "går ikke i skole",
    # danger words
    "selvmordstanker",
    "tænker på at dø",
    "tenker paa at doe",
    "skærer i sig selv",
    "vil ikke leve mere",
    # nonsense, stopwords, nothing, markup
    "xylofon",
    "qwertyuiop",
    "og i at",
    "",
    "   ",
    "<b>ondt</b>",
    "a",
)
EXPECTED_APART = {
    # Snowball cuts the typo into the start of longer words ('henvisn'), and Python finds
    # them as compounds; the browser, which does not stem, corrects the whole word instead
    # and says so: the same results, with a 'searched instead' note
    "henvisnig": "henvisning",
    "spiseforstyrelse": "spiseforstyrrelser",
}
"""The questions where the static search answers differently by design (docs/web.md): the
typed word is not in the table of forms, and the browser takes it as its own stem."""
SCRIPT = """
const {search, cut} = require(process.argv[1]);
const find = require(process.argv[2]);
let text = '';
process.stdin.on('data', d => text += d).on('end', () => {
  const x = JSON.parse(text);
  // each question read as the page reads it (search.cut), then answered
  const answers = x.queries.map(q => {
    const read = cut(x.data, q);
    const danger = find.warningSigns(x.data.help, read).concerns;
    return {read: read, result: search(x.data, read), danger: danger};
  });
  process.stdout.write(JSON.stringify(answers));
});
"""


@pytest.fixture(scope="module")
def index(site: Site) -> SearchIndex:
    return site.search_index


@pytest.fixture(scope="module")
def data(site: Site, app: Flask) -> dict[str, Any]:
    with app.app_context():  # the help card's pieces are rendered by the live macros
        return search_data(site)


def static_answers(data: dict[str, Any], queries: list[str]) -> list[dict[str, Any]]:
    """search.js's answers (and find.js's warning signs), from one Node process."""
    answers: list[dict[str, Any]] = run_node(
        SCRIPT, {"data": data, "queries": queries}, SEARCH_JS, FIND_JS
    )
    return answers


def shown(result: dict[str, Any]) -> dict[str, Any]:
    """What a parent sees of an answer: groups, results in order (each with its title,
    summary as the page cuts it, link and areas), notes, concerns, count."""
    return {
        "corrections": result["corrections"],
        "concerns": result["concerns"],
        "total": result["total"],
        "groups": [
            (
                g["kind"],
                g["label"],
                [
                    (r["id"], r["title"], short_summary(r["summary"]), r["url"], r["areas"])
                    for r in g["results"]
                ],
            )
            for g in result["groups"]
        ],
    }


def unknown_to_the_browser(data: dict[str, Any], query: str) -> list[str]:
    """The words of a query whose stem the browser cannot know: not in the table of forms,
    and not their own stem."""
    said = tokens(query)
    return [w for w in said if w not in data["forms"] and stems(w) != [w]]


def differences(
    site: Site, index: SearchIndex, data: dict[str, Any], queries: list[str]
) -> tuple[list[dict[str, Any]], list[Any], list[str]]:
    """search.js's answers; the questions where the reading, the answer or the warning signs
    differ from the live page's (views.search: search.cut, then search.search); and apart:
    those whose answers differ only by the named difference, a word the browser cannot stem
    (unknown_to_the_browser), with the same reading and the same warning signs."""
    answers = static_answers(data, queries)
    wrong, apart = [], []
    for query, answer in zip(queries, answers, strict=True):
        read = cut(query)
        live = shown(search(index, read)) if read else None
        static = shown(answer["result"]) if read else None
        signs = list(warning_signs(site.catalogue, read).concerns)
        if (answer["read"], answer["danger"]) != (read, signs):
            wrong.append((query[:80], answer["read"][:80], answer["danger"], signs))
        elif static != live and unknown_to_the_browser(data, read):
            apart.append(read)
        elif static != live:
            wrong.append((query[:80], static, live))
    return answers, wrong, apart


@pytest.mark.parametrize("queries", [QUERIES])
def test_the_static_search_gives_the_live_answer(
    site: Site, index: SearchIndex, data: dict[str, Any], queries: tuple[str, ...]
) -> None:
    assert len(queries) >= 40
    answers, wrong, apart = differences(site, index, data, list(queries))
    assert not wrong and not apart, f"{len(wrong + apart)} answers differ: {(wrong + apart)[:1]}"
    found = [q for q, a in zip(queries, answers, strict=True) if a["result"]["total"]]
    assert len(found) > len(queries) * 3 // 4, "most questions find something"


def test_the_static_search_gives_the_live_answer_to_odd_questions(
    site: Site, index: SearchIndex, data: dict[str, Any]
) -> None:
    """The generated stream: both sites read the same first SEARCH_CUT characters, after
    trimming the same white space, hear the same warning signs and answer alike, except
    where a word is one the browser cannot stem (the named difference, docs/web.md: 9 of
    the stream's 400 when this was written, all in the danger corpus's free text)."""
    queries = odd_search_texts(site.catalogue)
    answers, wrong, apart = differences(site, index, data, queries)
    assert not wrong, f"{len(wrong)} answers differ, first: {wrong[:1]}"
    assert len(apart) <= len(queries) // 20, apart
    cut_short = [a for q, a in zip(queries, answers, strict=True) if len(q) > SEARCH_CUT]
    assert cut_short and all(len(a["read"]) == SEARCH_CUT for a in cut_short)
    assert sum(1 for a in answers if a["result"]["total"]) > len(answers) // 2


def test_the_danger_words_are_warning_signs(site: Site) -> None:
    for query in ("selvmordstanker", "tenker paa at doe", "vil ikke leve mere"):
        assert danger_concerns(site.catalogue, query), query


def test_a_typo_the_stemmer_cuts_short_is_the_one_named_difference(
    index: SearchIndex, data: dict[str, Any]
) -> None:
    """The browser does not stem. Where Snowball cuts a typo down to the start of longer
    words, Python finds them as compounds and the browser as a correction of the whole word:
    the same documents, and the browser says what it searched for. Named here so that a
    change that closes (or widens) the gap is seen."""
    queries = list(EXPECTED_APART)
    answers = static_answers(data, queries)
    for query, answer in zip(queries, answers, strict=True):
        live, static = shown(search(index, cut(query))), shown(answer["result"])
        assert unknown_to_the_browser(data, query), query
        assert live["corrections"] == [] and static["corrections"] == [EXPECTED_APART[query]]
        assert live["total"] == static["total"] > 0
        assert {k: {r[0] for r in rs} for k, _, rs in live["groups"]} == {
            k: {r[0] for r in rs} for k, _, rs in static["groups"]
        }
