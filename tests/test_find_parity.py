"""The static site's find (find.js in Node, on /find-data.json) gives the live answer: the
same services in the same order, with the same status and reasons, for every kommune, every
concern (and none) and a band of ages (issue 10, item 1)."""

from __future__ import annotations

import json
import shutil
import subprocess
from typing import Any

import pytest

from navigator import paths
from navigator.build import Site
from navigator.query import availability, resolve_concerns, services_for
from navigator.web.freeze import find_data
from navigator.web.presenters import find
from navigator.web.presenters.find import parse_age

FIND_JS = paths.STATIC / "js" / "find.js"
AGES = ("", "3", "10", "15", "17")
SCRIPT = """
const m = require(process.argv[1]);
let text = '';
process.stdin.on('data', d => text += d).on('end', () => {
  const x = JSON.parse(text);
  const answers = x.questions.map(q => {
    const a = m.find(x.data, q[0], q[1], q[2]);
    return {errors: a.errors, concerns: a.concerns.slice().sort(),
            results: a.results.map(r => [r.service.id, r.status, r.reasons])};
  });
  process.stdout.write(JSON.stringify(answers));
});
"""


def static_answers(data: dict[str, Any], questions: list[tuple[str, str, str]]) -> Any:
    """find.js's answers to the questions, from one Node process."""
    node = shutil.which("node")
    if node is None:
        pytest.fail("node is needed to run find.js")
    payload = json.dumps({"data": data, "questions": questions})
    out = subprocess.run(
        [node, "-e", SCRIPT, str(FIND_JS)],
        input=payload,
        text=True,
        capture_output=True,
        check=True,
        timeout=120,
    )
    return json.loads(out.stdout)


def live_answer(site: Site, alder: str, bekymring: str, kommune: str) -> dict[str, Any]:
    """What the live find answers (query.services_for), in the same shape."""
    age, error = parse_age(alder)
    matches = services_for(site, age, bekymring or None, kommune or None)
    return {
        "errors": [error] if error else [],
        "concerns": sorted(resolve_concerns(site.catalogue, bekymring)),
        "results": [[m.service.id, m.availability, list(m.codes)] for m in matches],
    }


def card_answer(site: Site, alder: str, bekymring: str, kommune: str) -> list[Any]:
    """The cards the live /find page shows (presenters.find): id, status and reason chips."""
    page = find(site, alder, bekymring, kommune)
    return [[r["id"], r["availability"], r["reasons"]] for r in page["results"]]


def questions_for(site: Site) -> list[tuple[str, str, str]]:
    """(age, concern, kommune) for every kommune and none, every concern and none, and AGES.

    Asking nothing at all gives no answer on either site, so that one is left out.
    """
    kommuner = ["", *(k.id for k in site.catalogue.kommuner())]
    concerns = ["", *site.catalogue.concerns]
    return [
        (age, concern, kommune)
        for kommune in kommuner
        for concern in concerns
        for age in AGES
        if age or concern or kommune
    ]


def test_the_static_find_gives_the_live_answer_to_every_question(site: Site) -> None:
    questions = questions_for(site)
    answers = static_answers(find_data(site), questions)
    assert len(answers) == len(questions) == 99 * (len(site.catalogue.concerns) + 1) * 5 - 1
    wrong = [(q, a) for q, a in zip(questions, answers, strict=True) if a != live_answer(site, *q)]
    assert not wrong, f"{len(wrong)} answers differ, first: {wrong[:1]}"
    assert sum(1 for a in answers if a["results"]) > len(answers) // 2, "most questions match"


def test_the_static_cards_show_the_live_cards_reasons(site: Site) -> None:
    """The chips on each card: the codes find.js picks, named by the shipped labels."""
    data = find_data(site)
    questions = [("10", "", k.id) for k in site.catalogue.kommuner()] + [
        ("15", c, "") for c in site.catalogue.concerns
    ]
    answers = static_answers(data, questions)
    for question, answer in zip(questions, answers, strict=True):
        shown = [
            [sid, status, [data["reason_labels"][c] for c in codes if c in data["reason_labels"]]]
            for sid, status, codes in answer["results"]
        ]
        assert shown == card_answer(site, *question), question


def test_find_data_ships_tables_not_answers(site: Site) -> None:
    """A kommune's status is stored only where it differs from the service's usual one ("*"),
    and looked up that way it is query.availability's."""
    cat = site.catalogue
    data = find_data(site)
    kommuner = cat.kommuner()
    for sid, table in data["availability"].items():
        assert len(table) - 2 < len(kommuner) // 2, sid
        assert table[""] == availability(cat, cat.services[sid], None)[0]
        for k in kommuner:
            assert table.get(k.id, table["*"]) == availability(cat, cat.services[sid], k.id)[0]
