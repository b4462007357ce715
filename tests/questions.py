"""One generated stream of questions for the live site and the static site's scripts (issue 19):
the valid grid and the odd and invalid answers a parent, a stale link or an attacker may send.

tests/test_find_parity.py and tests/test_search_parity.py drive both engines from it. The
stream is random but seeded, so a failure names a question that comes back on the next run.
"""

from __future__ import annotations

import random
from pathlib import Path

from navigator.source.catalogue import Catalogue
from navigator.source.spans import regions

DANGER_CORPUS = Path(__file__).parent / "fixtures" / "danger"
SEED = 19  # the number: change it to see other questions

ODD_AGES = (
    "+10",
    "1_0",
    "١٠",  # Arabic-Indic digits: int() reads them, a parent's number pad never types them
    "１０",  # full-width digits
    " 7 ",
    "\u00a07\u3000",
    "\ufeff7",
    "\x1c7",  # Python's str.strip takes this off, JavaScript's trim does not
    "7\n",
    "-1",
    "-0",
    "200",
    "010",
    "00",
    "0",
    "30",
    "31",
    "0000000031",
    "7.5",
    "1e1",
    "0x1",
    "10 år",
    "ti",
    " ",
    "9" * 5000,  # Python's int() refuses more than 4300 digits
)
"""Ages as they may arrive: signs, separators, other scripts' digits, spaces, and nonsense."""

ODD_TEXTS = (
    "",
    "   ",
    "\x1cangst",
    "angst\ufeff",
    "\u00a0angst\u2028",
    "ANGST",
    "<b>angst</b>",
    "constructor",
    "__proto__",
    "toString",
    "hasOwnProperty",
    "١٠ selvmord",
    "😀 ondt i maven 😀",
)
"""Texts around the edges: JavaScript's own property names, white space only one side
trims, markup and characters outside the Basic Multilingual Plane."""

ODD_IDS = (
    "findes-ikke",
    "constructor",
    "__proto__",
    "toString",
    "Aalborg",
    " aalborg",
    "aalborg/",
    "../aalborg",
    "%2e%2e",
    "ingen-kommune",
    "x" * 300,
)
"""Place ids that name no kommune or region."""


def danger_texts(*splits: str) -> list[str]:
    """The texts of the danger corpus (issue 12), split by split."""
    out = []
    for split in splits:
        lines = (DANGER_CORPUS / f"{split}.tsv").read_text(encoding="utf-8").splitlines()
        out += [line.split("\t", 1)[1] for line in lines]
    return out


def long_text(rng: random.Random, words: list[str], size: int = 10_000) -> str:
    """About size characters of the catalogue's own words in random order."""
    out: list[str] = []
    length = 0  # kept as it grows: summing the list again for each word was quadratic
    while length < size:
        out.append(rng.choice(words))
        length += len(out[-1]) + 1
    return " ".join(out)


def random_age(rng: random.Random) -> str:
    """An age as a hurried or hostile hand may type it."""
    number = str(rng.randint(-3, 40))
    twist = rng.randrange(8)
    if twist == 0:
        return "+" + number
    if twist == 1 and len(number) > 1:
        return number[0] + "_" + number[1:]
    if twist == 2:
        return number.translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩"))
    if twist == 3:
        return rng.choice(" \t\u00a0\ufeff\x1c") + number + rng.choice(" \n\u3000\x85")
    if twist == 4:
        return "0" * rng.randint(1, 3) + number
    return number


def place_ids(cat: Catalogue) -> list[str]:
    """Every kommune, every region (current, coming and ended), every cluster."""
    return sorted(p.id for p in cat.places.values())


def current_regions(cat: Catalogue) -> list[str]:
    """The regions find answers for on the catalogue's day."""
    return [r.id for r in regions(cat)]


def words_of(cat: Catalogue) -> list[str]:
    """The concerns' ids, labels and synonyms: words both engines know."""
    out = []
    for concern in cat.concerns.values():
        out += [concern.id, concern.plain, *concern.synonyms]
    return out


def odd_questions(
    cat: Catalogue, count: int = 1000, seed: int = SEED
) -> list[tuple[str, str, str]]:
    """(alder, bekymring, kommune): every odd age, text and id at least once, then random
    mixes of valid and odd answers, with 10 KB texts and texts of the danger corpus."""
    rng = random.Random(seed)
    words = words_of(cat)
    places = place_ids(cat)
    texts = [*ODD_TEXTS, long_text(rng, words), "å" * 10_000, *danger_texts("train-h", "train-f")]
    out = [(age, "", "") for age in ODD_AGES]
    out += [("10", text, "") for text in texts]
    out += [("", "angst", place) for place in [*places, *ODD_IDS]]
    for _ in range(count):
        age = rng.choice([random_age(rng), rng.choice(ODD_AGES), "", "10"])
        text = rng.choice([rng.choice(words), rng.choice(texts), "", long_text(rng, words)])
        place = rng.choice([rng.choice(places), rng.choice(ODD_IDS), "", rng.choice(places)])
        out.append((age, text, place))
    return out


def odd_search_texts(cat: Catalogue, count: int = 300, seed: int = SEED) -> list[str]:
    """Search questions from the same stream: the odd texts and ages, the danger
    texts, 10 KB texts and random runs of the catalogue's words."""
    rng = random.Random(seed)
    words = words_of(cat)
    texts = [*ODD_TEXTS, *ODD_AGES, long_text(rng, words), "å" * 10_000]
    texts += danger_texts("train-h")[::4]
    texts += [" ".join(rng.sample(words, rng.randint(1, 4))) for _ in range(count)]
    return texts
