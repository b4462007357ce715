"""Danger first: which kinds of acute danger (urgent concerns) a parent's words speak of.

The rule is data in the catalogue (pathways/catalogue/danger.yaml and the urgent concerns'
`cues`), compiled here into tables and regular expressions that this module and the static
site's web/static/js/danger.js both run, so the rule is never written twice:

1. the text is folded (text.fold: lower case, æ/ø/å and ae/oe/aa as e/o/a) and split into words;
2. informal spellings become plain words (`spelling`: ik → ikke, mer → mere);
3. a word split in two is joined when the two make a long danger word (`lexicon`: 'selv mord');
4. a word one letter off a long danger word is read as that word ('selvmort', 'afskedbrev');
5. the words are joined as " w1 w2 … " and look-alikes are blanked (`guards`: 'dør af grin');
6. each concern's `cues` are patterns of word classes that must come close together, in order
   ('{intent} ~2 {death}'): one that matches gives the full card; a `soft_cue` (a single
   high-risk word) gives the softer "Hvis det er akut" card when no cue matched.

Pattern language (a cue, a soft cue or a guard): elements separated by spaces; `{name}` is a
word of that class, `~N` is up to N words of anything, anything else is a regular expression
for one whole word. Regular expressions use only the subset Python and JavaScript read alike.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

from .catalogue import DANGER_KEY, Catalogue
from .model import Concern, DangerLanguage
from .problems import Problem, error
from .text import FOLDS, fold

MAX_CHARS = 1000
"""A worry is read, matched and echoed only up to its first 1,000 characters (the longest of
3,505 written in the danger corpus has 411): the work per question stays bounded, whatever
is sent (presenters.find cuts it before any work; docs/security.md)."""
WORD = re.compile(r"[a-z0-9]+")
REGEX_CHARS = re.compile(r"^[a-z0-9 |()?*+{},\[\]\-^.:]*$")
"""The characters a word pattern may use: the regular-expression subset both engines share
(folded letters, so no æ/ø/å)."""
GAP = re.compile(r"^~([0-9]{1,2})$")
UNORDERED = re.compile(r"(.+?) <~([0-9]{1,2})> (.+)")
CLASS_REF = re.compile(r"\{([a-z0-9-]+)\}")
TYPO_MIN = 6
"""A lexicon word this long or longer may be matched with one letter wrong, missing, extra or
swapped."""


@dataclass(frozen=True, slots=True)
class Matcher:
    """The compiled rule: the tables both engines run (see `tables`)."""

    spelling: dict[str, str]
    lexicon: tuple[str, ...]
    guards: tuple[str, ...]
    cues: tuple[tuple[str, str], ...]  # (regex, concern id), strongest concerns first
    soft: tuple[tuple[str, str], ...]
    # compiled once: there are more patterns than the re module's own cache holds
    compiled_guards: tuple[re.Pattern[str], ...] = ()
    compiled_cues: tuple[tuple[re.Pattern[str], str], ...] = ()
    compiled_soft: tuple[tuple[re.Pattern[str], str], ...] = ()


@dataclass(frozen=True, slots=True)
class Danger:
    """What a text speaks of: the concerns of full matches, else of soft ones."""

    concerns: tuple[str, ...] = ()
    soft: tuple[str, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.concerns or self.soft)


class PatternError(ValueError):
    """A cue, soft cue or guard that cannot be compiled; the message says why."""


def elements(pattern: str) -> list[str]:
    """A pattern's elements: split at spaces outside parentheses ('(kaster op|kast) ~2 x')."""
    out, depth, current = [], 0, ""
    for char in pattern.strip():
        depth += {"(": 1, ")": -1}.get(char, 0)
        if char == " " and depth == 0:
            if current:
                out.append(current)
            current = ""
        else:
            current += char
    return [*out, current] if current else out


def compile_pattern(pattern: str, classes: dict[str, str]) -> str:
    """One pattern as a regular expression over ' w1 w2 … ' (each word followed by a space).

    An element may hold words separated by spaces inside parentheses ('(kaster op|kaster)')
    and `{class}` anywhere; a space in the text is always exactly one space. 'A <~N> B' is
    two concepts close together in either order: 'A ~N B' or 'B ~N A'."""
    both = UNORDERED.fullmatch(pattern.strip())
    if both:
        first, gap, second = both.groups()
        one = compile_pattern(f"{first} ~{gap} {second}", classes)[1:]
        other = compile_pattern(f"{second} ~{gap} {first}", classes)[1:]
        return f" (?:{one}|{other})"
    parts = [" "]
    for element in elements(pattern):
        gap = GAP.match(element)
        if gap:
            parts.append(f"(?:[a-z0-9_]+ ){{0,{gap.group(1)}}}")
            continue
        word = CLASS_REF.sub(lambda m: _class(m.group(1), classes), element)
        if not REGEX_CHARS.match(word):
            raise PatternError(f"'{element}' has a character outside the shared regex subset")
        try:
            empty = re.fullmatch(word, "") is not None
        except re.error as exc:
            raise PatternError(f"'{element}' is not a regular expression: {exc}") from None
        if empty:  # it would then need a space where a word starts, and never match
            raise PatternError(f"'{element}' may match no word; make a part of it required")
        parts.append(f"(?:{word}) ")
    if len(parts) == 1:
        raise PatternError("empty pattern")
    return "".join(parts)


def _class(name: str, classes: dict[str, str]) -> str:
    if name not in classes:
        raise PatternError(f"unknown word class '{{{name}}}'")
    return f"(?:{classes[name]})"


def order(cat: Catalogue) -> list[str]:
    """Every urgent concern in the order its card section comes: the danger block's `order`
    first, then the rest in catalogue order."""
    lang = cat.danger or DangerLanguage()
    urgent = [c.id for c in cat.concerns.values() if c.urgent]
    first = [c for c in lang.order if c in urgent]
    return first + [c for c in urgent if c not in first]


def _cued(cat: Catalogue) -> list[Concern]:
    """The urgent concerns with cues, in card order."""
    return [
        cat.concerns[c] for c in order(cat) if cat.concerns[c].cues or cat.concerns[c].soft_cues
    ]


def build_matcher(cat: Catalogue) -> Matcher:
    """Compile the catalogue's danger language and cues; raises PatternError on a bad one."""
    lang = cat.danger or DangerLanguage()
    return _build(lang, tuple((c.id, c.cues, c.soft_cues) for c in _cued(cat)))


@lru_cache(maxsize=8)
def _build(
    lang: DangerLanguage, cued: tuple[tuple[str, tuple[str, ...], tuple[str, ...]], ...]
) -> Matcher:
    classes = dict(lang.classes)
    guards = tuple(compile_pattern(g, classes) for g in lang.guards)
    cues = tuple((compile_pattern(p, classes), cid) for cid, cues, _ in cued for p in cues)
    soft = tuple((compile_pattern(p, classes), cid) for cid, _, soft in cued for p in soft)
    return Matcher(
        spelling=dict(lang.spelling),
        lexicon=tuple(sorted(lang.lexicon, key=lambda w: (-len(w), w))),
        guards=guards,
        cues=cues,
        soft=soft,
        compiled_guards=tuple(re.compile(g) for g in guards),
        compiled_cues=tuple((re.compile(rx), cid) for rx, cid in cues),
        compiled_soft=tuple((re.compile(rx), cid) for rx, cid in soft),
    )


def matcher(cat: Catalogue) -> Matcher | None:
    """The compiled rule of a catalogue, or None when a pattern does not compile (validate
    reports it; the guide then shows no card rather than fail)."""
    try:
        return build_matcher(cat)
    except PatternError:
        return None


def close(a: str, b: str) -> bool:
    """At most one letter wrong, missing, extra, or two neighbours swapped."""
    if a == b:
        return True
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        diff = [i for i in range(len(a)) if a[i] != b[i]]
        if len(diff) == 1:
            return True
        i = diff[0]
        return len(diff) == 2 and diff[1] == i + 1 and a[i] == b[i + 1] and a[i + 1] == b[i]
    short, long_ = (a, b) if len(a) < len(b) else (b, a)
    return any(long_[:i] + long_[i + 1 :] == short for i in range(len(long_)))


def repair(word: str, lexicon: tuple[str, ...]) -> str:
    """The word, or the lexicon word it misspells at its start ('selvmortstanker' →
    'selvmordstanker'); only for words at least TYPO_MIN letters long."""
    if len(word) < TYPO_MIN:
        return word
    for entry in lexicon:
        if word.startswith(entry):
            return word
    for entry in lexicon:
        if len(entry) < TYPO_MIN:
            continue
        for cut in (len(entry) - 1, len(entry), len(entry) + 1):
            head = word[:cut]
            if len(head) == cut and close(head, entry):
                return entry + word[cut:]
    return word


def join_split(words: list[str], lexicon: tuple[str, ...]) -> list[str]:
    """Two words that make one lexicon word when written together ('selv mord', 'afskeds
    brev') are joined; the split must fall inside the lexicon word."""
    out: list[str] = []
    i = 0
    while i < len(words):
        if i + 1 < len(words):
            both = words[i] + words[i + 1]
            if any(both.startswith(e) and len(words[i]) < len(e) for e in lexicon):
                out.append(both)
                i += 2
                continue
        out.append(words[i])
        i += 1
    return out


def words_of(text: str, m: Matcher) -> list[str]:
    """Steps 1-4: the text's words, folded, spelled out, joined and repaired."""
    raw = WORD.findall(fold(text[:MAX_CHARS]))
    spelled = [w for word in raw for w in m.spelling.get(word, word).split()]
    return [repair(w, m.lexicon) for w in join_split(spelled, m.lexicon)]


def line_of(text: str, m: Matcher) -> str:
    """Step 5: the words as ' w1 w2 … ' with every look-alike blanked to '_'."""
    line = " " + "".join(w + " " for w in words_of(text, m))
    for guard in m.compiled_guards:
        line = guard.sub(" _ ", line)
    return line


def assess(cat: Catalogue, text: str | None) -> Danger:
    """What the text speaks of: the urgent concerns whose cues match, in catalogue order; if
    none does, the concerns of the soft cues that match."""
    m = matcher(cat)
    if not text or m is None:
        return Danger()
    line = line_of(text, m)
    full = tuple(dict.fromkeys(cid for rx, cid in m.compiled_cues if rx.search(line)))
    if full:
        return Danger(concerns=full)
    return Danger(soft=tuple(dict.fromkeys(cid for rx, cid in m.compiled_soft if rx.search(line))))


def danger_concerns(cat: Catalogue, text: str | None) -> list[str]:
    """The urgent concerns a parent's words speak of (full matches only), sorted by id."""
    return sorted(assess(cat, text).concerns)


def tables(cat: Catalogue) -> dict[str, object]:
    """The compiled rule as plain data for danger.js: the same tables Python runs."""
    m = matcher(cat)
    if m is None:
        return {"spelling": {}, "lexicon": [], "guards": [], "cues": [], "soft": [], "max": 0}
    return {
        "folds": [list(f) for f in FOLDS],
        "spelling": m.spelling,
        "lexicon": list(m.lexicon),
        "typo_min": TYPO_MIN,
        "guards": list(m.guards),
        "cues": [list(c) for c in m.cues],
        "soft": [list(c) for c in m.soft],
        "max": MAX_CHARS,
    }


def pattern_problems(cat: Catalogue) -> Iterator[Problem]:
    """Every danger pattern that does not compile, a second `danger:` block, and cues on a
    concern that is not urgent, each at its place in the file."""
    for pos in cat.danger_again:
        yield error(pos, f"a second 'danger:' block (the first is at {cat.pos_of(DANGER_KEY)})")
    lang = cat.danger or DangerLanguage()
    classes = dict(lang.classes)
    for index, ref in enumerate(lang.order):
        concern = cat.concerns.get(ref)
        if concern is None or not concern.urgent:
            yield error(
                cat.pos_of(DANGER_KEY, "order", index),
                f"'order' names '{ref}', which is not an urgent concern",
            )
    for name, word in lang.classes:
        if not REGEX_CHARS.match(word):
            yield error(
                cat.pos_of(DANGER_KEY, "classes", name),
                f"word class '{name}' has a character outside the shared regex subset",
            )
    for index, guard in enumerate(lang.guards):
        yield from _pattern(cat, guard, classes, (DANGER_KEY, "guards", index))
    for concern in cat.concerns.values():
        for key in ("cues", "soft_cues"):
            patterns = getattr(concern, key)
            if patterns and not concern.urgent:
                yield error(
                    cat.pos_of(concern.id, key),
                    f"'{key}' on '{concern.id}', which is not urgent: add 'urgent: true'",
                )
            for index, pattern in enumerate(patterns):
                yield from _pattern(cat, pattern, classes, (concern.id, key, index))


def _pattern(
    cat: Catalogue, pattern: str, classes: dict[str, str], where: tuple[str, str, int | str]
) -> Iterator[Problem]:
    try:
        compile_pattern(pattern, classes)
    except PatternError as exc:
        yield error(cat.pos_of(where[0], *where[1:]), f"danger pattern '{pattern}': {exc}")
