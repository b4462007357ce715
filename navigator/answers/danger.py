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
   high-risk word) gives the softer "Hvis det er akut" card when no cue matched;
7. the learned layer (navigator/answers/danger_weights.json, written by scripts/train_danger.py from
   the tuning corpus) adds the concerns whose weighted features pass its threshold: words,
   their first five letters, letter 4-grams, word pairs, word classes and pairs of classes
   close together. Hand-written cues keep what an editor knows for certain; the weights
   carry what wording nobody wrote down still shares with wording somebody did. The weights
   are integers, so both engines add them up to the same sum. Where the layer scores a text
   a cue matched below its veto, the cue gives the soft card instead (its false alarms on
   calm text it was not written for); since round 41 the veto is a model of its own, learned
   only on text a cue matched, and since round 42 it also reads a long text's cued stretches.

Pattern language (a cue, a soft cue or a guard): elements separated by spaces; `{name}` is a
word of that class, `~N` is up to N words of anything, anything else is a regular expression
for one whole word. Regular expressions use only the subset Python and JavaScript read alike.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ..core.problems import Problem, error
from ..core.text import FOLDS, KEPT, fold
from ..source.catalogue import DANGER_KEY, Catalogue
from ..source.model import Concern, DangerLanguage

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
WEIGHTS = Path(__file__).with_name("danger_weights.json")
"""The learned layer, written by scripts/train_danger.py; absent or trained for another danger
language, the cues alone decide."""
PREFIX = 5
"""A word's first letters as a feature: a cheap stem both engines cut alike."""


@dataclass(frozen=True, slots=True)
class Weights:
    """The learned layer: integer weights per feature and concern (scripts/train_danger.py)."""

    language: str  # language_key of the danger language the features were read with
    concerns: tuple[str, ...]
    bias: tuple[int, ...]  # one per concern, then the detector's, then the veto model's
    full: int  # a detector score at least this gives the full card
    soft: int  # at least this, the soft card
    veto: int  # below this, a hand-written cue gives only the soft card
    window: int  # how many words apart two classes still make a pair
    table: dict[str, tuple[tuple[int, int], ...]]  # feature -> ((concern index, weight), ...)
    # a longer text is read in stretches of this many words and its most dangerous stretch
    # decides, so a long calm story cannot outweigh one sentence of danger (round 33); 0: whole
    stretch: int = 0
    # (full, soft, veto) for a text of more than one stretch: the best of several scores runs
    # higher than one score, so long text has thresholds of its own
    long: tuple[int, int, int] | None = None
    # whether a long text's cues are vetoed by the veto model too, on the stretches a cue
    # matches alone (round 42), rather than by the best stretch's detector score
    long_vetoer: bool = False

    @property
    def vetoer(self) -> bool:
        """Whether the veto has its own model (the score after the detector's): learned only
        on text a hand-written cue matched, danger against calm, it weighs what tells a cue's
        false alarm from danger ("for tre år siden"), not what tells calm text in general (an
        appointment, a form). Round 41 for text of one stretch; a long text's too when
        `long_vetoer` (round 42); before, the detector."""
        return len(self.bias) == len(self.concerns) + 2


@dataclass(frozen=True, slots=True, eq=False)  # compared and hashed by identity (assess's memo)
class Matcher:
    """The compiled rule: the tables both engines run (see `tables`)."""

    spelling: dict[str, str]
    lexicon: tuple[str, ...]
    guards: tuple[str, ...]
    cues: tuple[tuple[str, str], ...]  # (regex, concern id), strongest concerns first
    soft: tuple[tuple[str, str], ...]
    firm: tuple[tuple[str, str], ...] = ()  # cues the learned layer never vetoes
    # compiled once: there are more patterns than the re module's own cache holds
    compiled_guards: tuple[re.Pattern[str], ...] = ()
    compiled_cues: tuple[tuple[re.Pattern[str], str], ...] = ()
    compiled_soft: tuple[tuple[re.Pattern[str], str], ...] = ()
    compiled_firm: tuple[tuple[re.Pattern[str], str], ...] = ()
    classes: tuple[tuple[str, str], ...] = ()
    compiled_classes: tuple[tuple[str, re.Pattern[str]], ...] = ()
    weights: Weights | None = None  # only when trained for this danger language
    urgent: frozenset[str] = frozenset()  # the urgent concerns the weights may name


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
        word = CLASS_REF.sub(lambda m: _class(m.group(1), classes), with_folded(element))
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


_DIGRAPHS = tuple(letters for letters, _ in FOLDS if len(letters) == 2)
_LETTER_RUN = re.compile(r"(?<![{\[a-z-])[a-z]+(?![a-z}?*+{\]-])")


def with_folded(rx: str) -> str:
    """A pattern's regular expression that also matches each word as text.fold writes it.

    Editors write 'naboen', 'broen', 'væggen' typed as 'vaeggen'; a parent's 'naboen' is
    folded to 'nabon' (oe → o) before it is matched, so the word as written would never match.
    Each such letter run becomes '(?:naboen|nabon)'. The written form stays, because fold is
    not idempotent: 'slået' folds to 'slaet', which a second fold would make 'slet'. A run
    followed by a quantifier or inside a class reference is left as it is."""

    def both(found: re.Match[str]) -> str:
        run = found.group(0)
        folded = fold(run)
        return run if folded == run else f"(?:{run}|{folded})"

    if not any(d in rx for d in _DIGRAPHS):
        return rx
    return _LETTER_RUN.sub(both, rx)


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
        cat.concerns[c]
        for c in order(cat)
        if cat.concerns[c].cues or cat.concerns[c].soft_cues or cat.concerns[c].firm_cues
    ]


def build_matcher(cat: Catalogue) -> Matcher:
    """Compile the catalogue's danger language and cues; raises PatternError on a bad one."""
    lang = cat.danger or DangerLanguage()
    return _build(lang, tuple((c.id, c.cues, c.soft_cues, c.firm_cues) for c in _cued(cat)))


Patterns = tuple[str, ...]


@lru_cache(maxsize=8)
def _build(
    lang: DangerLanguage, cued: tuple[tuple[str, Patterns, Patterns, Patterns], ...]
) -> Matcher:
    classes = {name: with_folded(rx) for name, rx in lang.classes}
    guards = tuple(compile_pattern(g, classes) for g in lang.guards)
    learned = load_weights()
    cues = tuple((compile_pattern(p, classes), cid) for cid, cues, _, _ in cued for p in cues)
    soft = tuple((compile_pattern(p, classes), cid) for cid, _, soft, _ in cued for p in soft)
    firm = tuple((compile_pattern(p, classes), cid) for cid, _, _, firm in cued for p in firm)
    return Matcher(
        spelling=dict(lang.spelling),
        lexicon=tuple(sorted(lang.lexicon, key=lambda w: (-len(w), w))),
        guards=guards,
        cues=cues,
        soft=soft,
        firm=firm,
        compiled_guards=tuple(re.compile(g) for g in guards),
        compiled_cues=tuple((re.compile(rx), cid) for rx, cid in cues),
        compiled_soft=tuple((re.compile(rx), cid) for rx, cid in soft),
        compiled_firm=tuple((re.compile(rx), cid) for rx, cid in firm),
        classes=tuple(classes.items()),
        compiled_classes=tuple((n, re.compile(f"(?:{rx})")) for n, rx in classes.items()),
        weights=learned if learned and learned.language == language_key(lang) else None,
        urgent=frozenset(cid for cid, _, _, _ in cued),
    )


def language_key(lang: DangerLanguage) -> str:
    """A short hash of what the features are read with (spelling, lexicon, classes, guards):
    weights trained on other words are not used (validate says so)."""
    data = [lang.spelling, lang.lexicon, lang.classes, lang.guards]
    return hashlib.sha256(json.dumps(data, ensure_ascii=True).encode()).hexdigest()[:16]


@lru_cache(maxsize=1)
def load_weights(path: Path = WEIGHTS) -> Weights | None:
    """The learned layer from its JSON file, or None when there is none."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if len(data["bias"]) - len(data["concerns"]) not in (1, 2):
            return None  # not this layer's shape: the cues alone decide
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return Weights(
        language=data["language"],
        concerns=tuple(data["concerns"]),
        bias=tuple(data["bias"]),
        full=data["full"],
        soft=data["soft"],
        veto=data.get("veto", -(10**9)),  # older files had no veto: the cues always decide
        window=data["window"],
        stretch=data.get("stretch", 0),
        long=_long(data.get("long")),
        long_vetoer=bool((data.get("long") or {}).get("vetoer", False)),
        table={f: tuple((i, w) for i, w in pairs) for f, pairs in data["table"].items()},
    )


def _long(cut: dict[str, int] | None) -> tuple[int, int, int] | None:
    return None if cut is None else (cut["full"], cut["soft"], cut["veto"])


def features(
    words: list[str], classes: tuple[tuple[str, re.Pattern[str]], ...], window: int
) -> list[str]:
    """The features of a line's words ('_' is a blanked look-alike), sorted: w: word, p: its
    first letters, g: letter 4-grams, b: two words in a row, c: a word class, cc: two classes
    at most `window` words apart, in order. danger.js reads the same."""
    out: set[str] = set()
    hits: list[list[str]] = []
    for i, word in enumerate(words):
        names = [] if word == "_" else [n for n, rx in classes if rx.fullmatch(word)]
        hits.append(names)
        if word == "_":
            continue
        out.add("w:" + word)
        if len(word) > PREFIX:
            out.add("p:" + word[:PREFIX])
        padded = f" {word} "
        out.update("g:" + padded[k : k + 4] for k in range(len(padded) - 3))
        out.update("c:" + n for n in names)
        if i and words[i - 1] != "_":
            out.add(f"b:{words[i - 1][:PREFIX]}_{word[:PREFIX]}")
    for i, first in enumerate(hits):
        for later in hits[i + 1 : i + 1 + window]:
            out.update(f"cc:{a}>{b}" for a in first for b in later)
    return sorted(out)


def stretches(words: list[str], size: int) -> list[list[str]]:
    """A text's words in stretches of `size`, each starting half a stretch after the one before,
    the last ending at the text's end; a text of at most `size` words (or size 0) is one."""
    if size <= 0 or len(words) <= size:
        return [words]
    step = max(1, size // 2)
    starts = list(range(0, len(words) - size, step)) + [len(words) - size]
    return [words[i : i + size] for i in starts]


Cues = list[tuple[re.Pattern[str], str]]


def cue_hits(m: Matcher, line: str) -> Cues:
    """The hand-written cues that match a line, with their concerns."""
    return [(rx, cid) for rx, cid in m.compiled_cues if rx.search(line)]


def cued_stretch(hits: Cues, words: list[str]) -> bool:
    """Whether one of the cues that match the whole line (`cue_hits`) matches a stretch's
    words alone."""
    line = " " + "".join(word + " " for word in words)
    return any(rx.search(line) for rx, _ in hits)


def scores(w: Weights, feats: list[str]) -> list[int]:
    """Each concern's score: its bias plus the weights of the features present."""
    total = list(w.bias)
    for feat in feats:
        for index, weight in w.table.get(feat, ()):
            total[index] += weight
    return total


def learned(m: Matcher, line: str, hits: Cues) -> tuple[list[str], list[str], bool]:
    """The concerns the learned layer gives the full card and the soft card for, and whether
    it vetoes the cues: its detector (the score after the concerns') decides whether, the
    concerns' scores which sections; the highest always, the others that lean towards yes
    (score at least 0). Below the veto, text a cue matched reads like the calm text the cues
    raised false alarms on, so the cue gives the soft card instead: the veto model
    (`Weights.vetoer`) scores that, for a long text on the stretches one of the line's cues
    (`hits`, `cue_hits`) matches alone (`Weights.long_vetoer`), or else the detector. A long
    text is read in stretches (`stretches`), and the one whose detector scores highest speaks
    for it."""
    w = m.weights
    if w is None:
        return [], [], False
    total: list[int] | None = None
    n = len(w.concerns)  # the detector's place among the scores; the veto model's is after it
    parts = stretches(line.split(), w.stretch)
    full, soft, veto = w.long if w.long and len(parts) > 1 else (w.full, w.soft, w.veto)
    by_model = w.vetoer and (len(parts) == 1 or w.long_vetoer)
    # a cue matches a stretch only if it matches the whole line (no pattern has an anchor or a
    # look-around, and the stretch's line is a piece of it): only those are tried per stretch
    on_cue: int | None = None  # the veto model's highest score on a stretch a cue matches
    on_any: int | None = None  # and on any weighed stretch (a cue across two stretches)
    for words in parts:
        weighed = [f for f in features(words, m.compiled_classes, w.window) if f in w.table]
        if not weighed:
            # nothing the layer has weighed ('asdf', or a look-alike blanked whole): its bias
            # alone says how much danger the training text held, not what this text says
            continue
        here = scores(w, weighed)
        if total is None or here[n] > total[n]:  # the first of equals, as danger.js
            total = here
        if by_model:
            on_any = here[-1] if on_any is None else max(on_any, here[-1])
            if len(parts) > 1 and hits and cued_stretch(hits, words):
                on_cue = here[-1] if on_cue is None else max(on_cue, here[-1])
    if total is None:
        return [], [], False
    detector = total[n]
    model = on_cue if on_cue is not None else on_any
    vetoed = (model if by_model and model is not None else detector) < veto
    ranked = sorted(range(n), key=lambda i: (-total[i], i))
    if detector >= full:
        return [w.concerns[i] for i in ranked if i == ranked[0] or total[i] >= 0], [], False
    if detector >= soft:
        return [], [w.concerns[ranked[0]]], vetoed
    return [], [], vetoed


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
    return _assess(m, text[:MAX_CHARS])


@lru_cache(maxsize=64)
def _assess(m: Matcher, text: str) -> Danger:
    # one request asks for the same words more than once (the themes, then the card): the
    # work is done once, and a text is at most MAX_CHARS long, so the memo stays small
    line = line_of(text, m)
    hits = cue_hits(m, line)  # matched once: the cues decide, and the veto reads their stretches
    more, maybe, veto = learned(m, line, hits)
    firm = [cid for rx, cid in m.compiled_firm if rx.search(line)]
    cued = [cid for _, cid in hits]
    vetoed = cued if veto else []
    full = tuple(
        dict.fromkeys(firm + [c for c in cued if not veto] + [c for c in more if c in m.urgent])
    )
    if full:
        return Danger(concerns=full)
    soft = vetoed + [cid for rx, cid in m.compiled_soft if rx.search(line)]
    return Danger(soft=tuple(dict.fromkeys(soft + [c for c in maybe if c in m.urgent])))


def danger_concerns(cat: Catalogue, text: str | None) -> list[str]:
    """The urgent concerns a parent's words speak of (full matches only), sorted by id."""
    return sorted(assess(cat, text).concerns)


def tables(cat: Catalogue) -> dict[str, object]:
    """The compiled rule as plain data for danger.js: the same tables Python runs."""
    m = matcher(cat)
    if m is None:
        return {
            "spelling": {},
            "lexicon": [],
            "guards": [],
            "cues": [],
            "soft": [],
            "firm": [],
            "max": 0,
        }
    return {
        # text.fold, run by danger.js's fold (and search.js through it)
        "keep": KEPT,
        "folds": [list(f) for f in FOLDS],
        "spelling": m.spelling,
        "lexicon": list(m.lexicon),
        "typo_min": TYPO_MIN,
        "guards": list(m.guards),
        "cues": [list(c) for c in m.cues],
        "soft": [list(c) for c in m.soft],
        "firm": [list(c) for c in m.firm],
        "max": MAX_CHARS,
        "classes": [list(c) for c in m.classes],
        "prefix": PREFIX,
        "urgent": sorted(m.urgent),
        "model": _model_table(m.weights),
    }


def _model_table(w: Weights | None) -> dict[str, object] | None:
    if w is None:
        return None
    return {
        "concerns": list(w.concerns),
        "bias": list(w.bias),
        "full": w.full,
        "soft": w.soft,
        "veto": w.veto,
        "vetoer": w.vetoer,  # Python decides the file's shape; danger.js only reads it
        "window": w.window,
        "stretch": w.stretch,
        "long": list(w.long) if w.long else None,
        "long_vetoer": w.long_vetoer,
        "table": {f: [list(p) for p in pairs] for f, pairs in w.table.items()},
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
        for key in ("cues", "soft_cues", "firm_cues"):
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
