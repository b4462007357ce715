"""Read pathway files into plain data that remembers where every value came from.

Only this module reads pathway files. It refuses what PyYAML would quietly accept:
duplicate keys, tabs, aliases (and so alias bombs), custom tags, non-UTF-8 bytes.

A duplicate key, a key that is not text, or a tab that YAML can read past is reported and
the file still loads, so that the later checks report the rest of its problems in the same
run. Aliases, tags, YAML that does not parse and the other refusals stop the file; its ids
are then collected from the text (Document.unloaded_ids) so that references to them can say
why they do not resolve.

A file is read twice only when it has a problem: first by libyaml's C parser
(navigator.source.positioned.read_fast), which gives up on anything unusual; then, for a file it
gave up on, by PyYAML's pure-Python composer below, which finds the problem and says where it is.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml.constructor import SafeConstructor
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from ..core.problems import Pos, Problem, error
from .positioned import BAD_IN_VALUE, TIMESTAMP, read_fast
from .positioned import LList as LList
from .positioned import LMap as LMap
from .positioned import locate as locate

MAX_BYTES = 1024 * 1024
MAX_NODES = 20_000
"""Values per file: the largest shipped file holds about 900, so 20,000 leaves room and keeps a
file made of nothing but values, or a pathway of thousands of steps, well under a second or
two (each value is checked and compiled; a file with a problem is read by PyYAML in Python)."""
MAX_DEPTH = 64
_PLAIN_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:timestamp",
    "tag:yaml.org,2002:seq",
    "tag:yaml.org,2002:map",
}
# Characters a pathway file must not hold: C0 and C1 controls (tab, line feed and a CR that
# ends a line excepted), DEL, U+2028/U+2029 (PyYAML counts them as line breaks, N-Triples
# and JavaScript treat them as such) and the two non-characters.
_BAD_IN_FILE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\ufffe\uffff]|\r(?!\n)")
MAX_BAD_CHARS = 20
# 'id: x' at the start of a line or list item, or inside a flow mapping ('{id: x, …}')
_ID_LINE = re.compile(
    r"""(?:^\s*(?:-\s+)*|[{,]\s*)id\s*:\s*
                          ["']?([a-z0-9]+(?:-[a-z0-9]+)*)["']?\s*(?=[,}#]|$)""",
    re.VERBOSE,
)


@dataclass
class Document:
    """One loaded pathway file."""

    path: str
    data: LMap | None
    problems: list[Problem] = field(default_factory=list)
    unloaded_ids: tuple[str, ...] = ()
    """When the file did not load (data is None): the ids its text appears to define."""


class _Loader(yaml.SafeLoader):
    """SafeLoader used only to compose nodes; we build values ourselves."""

    depth = 0
    nodes = 0
    display = "?"

    def compose_node(self, parent: Node | None, index: Any) -> Node | None:
        # Aliases are refused outright: pathway files never need them, and refusing them
        # at the first '*' stops "billion laughs" files before anything is expanded.
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()  # type: ignore[no-untyped-call]
            mark = event.start_mark
            raise yaml.composer.ComposerError(
                None, None, f"alias '*{event.anchor}' is not allowed; write the value out", mark
            )
        # composing is recursive: stop '[[[[…' long before Python's recursion limit
        if self.depth >= MAX_DEPTH:
            mark = self.peek_event().start_mark  # type: ignore[no-untyped-call]
            raise _ProblemSignal(
                error(
                    Pos(self.display, mark.line + 1, mark.column + 1),
                    f"values nested more than {MAX_DEPTH} levels deep",
                )
            )
        # count while composing, the one place values are counted: a 900 KB flow list is
        # refused at value MAX_NODES + 1, not after PyYAML has read all of it
        self.nodes += 1
        if self.nodes > MAX_NODES:
            mark = self.peek_event().start_mark  # type: ignore[no-untyped-call]
            raise _ProblemSignal(
                error(
                    Pos(self.display, mark.line + 1, mark.column + 1),
                    f"more than {MAX_NODES} values",
                )
            )
        self.depth += 1
        try:
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1


class _ProblemSignal(Exception):
    def __init__(self, problem: Problem) -> None:
        super().__init__(problem.message)
        self.problem = problem


def load_tree(root: Path, display_root: Path | None = None) -> list[Document]:
    """Load every *.yaml / *.yml file below root (or root itself if it is a file); a link to a
    file outside root is refused with one problem that echoes nothing of what it points to."""
    files = [root] if root.is_file() else sorted(_pathway_files(root))
    base = display_root if display_root is not None else Path.cwd()
    return [
        load_file(f, _display(f, base)) if inside(root, f) else _outside(_link_display(f, base))
        for f in files
    ]


def _pathway_files(root: Path) -> list[Path]:
    return [p for p in root.rglob("*") if p.suffix in (".yaml", ".yml") and p.is_file()]


def inside(root: Path, path: Path) -> bool:
    """Whether the file, links followed, lies in the pathway folder root (or is root)."""
    if root.is_file():
        return True
    return path.resolve().is_relative_to(root.resolve())


def _link_display(path: Path, base: Path) -> str:
    # the link's own name: resolving it would name (and so leak) what it points to
    try:
        return str(path.absolute().relative_to(base.absolute()))
    except ValueError:
        return str(path)


def _outside(name: str) -> Document:
    return _fail(
        name,
        Pos(name),
        "is a link to a file outside the pathway folder; it is not read (copy the file in instead)",
    )


def _display(path: Path, base: Path) -> str:
    try:
        return str(path.resolve().relative_to(base.resolve()))
    except ValueError:
        return str(path)


def load_file(path: Path, display: str | None = None) -> Document:
    """Read one file; never raises for bad content, returns its problems instead."""
    name = display or str(path)
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            return _fail(name, Pos(name), f"file is {size} bytes; the limit is {MAX_BYTES}")
        raw = path.read_bytes()
    except OSError as exc:
        return _fail(name, Pos(name), f"cannot read file: {exc.strerror or exc}")
    return load_bytes(raw, name)


def load_bytes(raw: bytes, name: str) -> Document:
    """Parse the bytes of one pathway file."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        doc = _fail(
            name,
            _byte_pos(raw, exc.start, name),
            f"file is not valid UTF-8 (byte 0x{raw[exc.start]:02x}); save it as UTF-8",
        )
        return _with_ids(doc, raw.decode("utf-8", errors="replace"))
    text = text.removeprefix("\ufeff")
    return _with_ids(_parse(text, name), text)


def _with_ids(doc: Document, text: str) -> Document:
    if doc.data is None:
        doc.unloaded_ids = textual_ids(text)
    return doc


def textual_ids(text: str) -> tuple[str, ...]:
    """The ids a file's text appears to define ('- id: x' lines), for a file that did not load."""
    found = (
        m.group(1)
        for line in text.splitlines()
        for m in [_ID_LINE.search(line.split(" #", 1)[0])]
        if m
    )
    return tuple(dict.fromkeys(found))


def _parse(text: str, name: str) -> Document:
    bad = _bad_characters(text, name)
    if bad:
        return Document(name, None, bad)
    tabs = _tab_problems(text, name)
    if not text.strip() or all(_is_comment(line) for line in text.splitlines()):
        return Document(name, None, tabs or [error(Pos(name), "file is empty")])
    if not tabs:
        # the fast reader; it declines any file with a problem, which is read below
        data = read_fast(text, name, MAX_NODES, MAX_DEPTH)
        if data is not None:
            return Document(name, data)
    builder = _Builder(name)
    try:
        node = _compose(text, name)
        if node is None:
            return _fail(name, Pos(name), "file is empty")
        data = builder.build(node)
    except _ProblemSignal as signal:
        return Document(name, None, tabs + builder.problems + [signal.problem])
    except yaml.MarkedYAMLError as exc:
        return Document(name, None, tabs + _syntax_problems(exc, text, name, bool(tabs)))
    except yaml.YAMLError as exc:
        # not expected after _bad_characters; the first line only, so a problem stays one line
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else "invalid YAML"
        return Document(name, None, tabs or [error(Pos(name), f"YAML error: {first}")])
    if not isinstance(data, LMap):
        return Document(
            name,
            None,
            tabs
            + builder.problems
            + [
                error(
                    _node_pos(node, name),
                    "a pathway file must be a mapping "
                    "(keys such as 'services:' or 'pathways:' at the top)",
                )
            ],
        )
    # tabs YAML read past (inside a quoted value, a comment) and duplicate keys are reported,
    # and the rest of the file is still checked
    return Document(name, data, tabs + builder.problems)


def _syntax_problems(
    exc: yaml.MarkedYAMLError, text: str, name: str, has_tabs: bool
) -> list[Problem]:
    """The syntax error, unless the file's tabs (already reported) are what broke it."""
    problem = _yaml_problem(exc, name)
    if not has_tabs:
        return [problem]
    try:
        _compose(text.replace("\t", " "), name)
    except yaml.MarkedYAMLError as again:
        # the same error without the tabs: a mistake of its own, report it too
        return [problem] if _yaml_problem(again, name) == problem else []
    except (yaml.YAMLError, _ProblemSignal):
        return []
    return []  # parses once the tabs are spaces: the tabs were the problem


def _bad_characters(text: str, name: str) -> list[Problem]:
    """Control characters and line separators, each at its line and column (the first 20)."""
    problems = []
    for match in _BAD_IN_FILE.finditer(text):
        offset = match.start()
        line = text.count("\n", 0, offset) + 1
        col = offset - (text.rfind("\n", 0, offset) + 1) + 1
        problems.append(
            error(Pos(name, line, col), f"{_char_name(match.group())} is not allowed; remove it")
        )
        if len(problems) >= MAX_BAD_CHARS:
            break
    return problems


def _char_name(char: str) -> str:
    if char == "\r":
        return "carriage return without a line feed"
    kind = (
        "line separator"
        if char in "\u2028\u2029"
        else "lone surrogate"
        if "\ud800" <= char <= "\udfff"
        else "control character"
    )
    return f"{kind} U+{ord(char):04X}"


def _is_comment(line: str) -> bool:
    return not line.strip() or line.lstrip().startswith("#")


def _fail(name: str, pos: Pos, message: str) -> Document:
    return Document(name, None, [error(pos, message)])


def _byte_pos(raw: bytes, offset: int, name: str) -> Pos:
    line = raw.count(b"\n", 0, offset) + 1
    col = offset - (raw.rfind(b"\n", 0, offset) + 1) + 1
    return Pos(name, line, col)


def _tab_problems(text: str, name: str) -> list[Problem]:
    problems = []
    for number, line in enumerate(text.splitlines(), start=1):
        col = line.find("\t")
        if col >= 0:
            problems.append(
                error(Pos(name, number, col + 1), "tab character; indent and separate with spaces")
            )
    return problems


def _compose(text: str, name: str) -> Node | None:
    loader = _Loader(text)
    loader.display = name
    try:
        return loader.get_single_node()
    finally:
        loader.dispose()


def _yaml_problem(exc: yaml.MarkedYAMLError, name: str) -> Problem:
    mark = exc.problem_mark or exc.context_mark
    pos = Pos(name, mark.line + 1, mark.column + 1) if mark else Pos(name)
    what = exc.problem or exc.context or "invalid YAML"
    if what.startswith("alias"):
        return error(pos, what)
    context = exc.context_mark
    if exc.problem and exc.context and context and context.line != (mark.line if mark else -1):
        # the real mistake is often where the construct began (an unclosed '[')
        what += f" ({exc.context} that began at line {context.line + 1})"
    return error(pos, f"YAML syntax error: {what}")


def _node_pos(node: Node, name: str) -> Pos:
    return Pos(name, node.start_mark.line + 1, node.start_mark.column + 1)


class _Builder:
    """Turns composed nodes into LMap / LList / scalars, refusing unsafe constructs."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.scalars = SafeConstructor()
        self.problems: list[Problem] = []
        """Problems that do not stop the file: duplicate keys, keys that are not text."""

    def build(self, node: Node) -> Any:
        self._check_tag(node)
        if isinstance(node, MappingNode):
            return self._mapping(node)
        if isinstance(node, SequenceNode):
            return self._sequence(node)
        assert isinstance(node, ScalarNode)
        return self._scalar(node)

    def pos(self, node: Node) -> Pos:
        return _node_pos(node, self.name)

    def _check_tag(self, node: Node) -> None:
        if node.tag not in _PLAIN_TAGS:
            raise _ProblemSignal(
                error(
                    self.pos(node),
                    f"tag '{node.tag}' is not allowed; pathway files hold plain values only",
                )
            )

    def _mapping(self, node: MappingNode) -> LMap:
        out = LMap()
        out.pos, out.key_pos, out.value_pos = self.pos(node), {}, {}
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                raise _ProblemSignal(error(self.pos(key_node), "merge keys (<<) are not allowed"))
            key = self.build(key_node)
            if not isinstance(key, str):
                self.problems.append(error(self.pos(key_node), f"key {key!r} must be text"))
                self.build(value_node)  # still refuse tags and aliases below it
                continue
            if key in out:
                # The FIRST value wins: the message names the later key as the mistake, so
                # the checks go on with the value it calls the original. The later value is
                # still built, so that tags and aliases in it are refused, then dropped.
                first = out.key_pos[key]
                self.problems.append(
                    error(
                        self.pos(key_node),
                        f"duplicate key '{key}' (first defined at line {first.line})",
                    )
                )
                self.build(value_node)
                continue
            out.key_pos[key] = self.pos(key_node)
            out.value_pos[key] = self.pos(value_node)
            out[key] = self.build(value_node)
        return out

    def _sequence(self, node: SequenceNode) -> LList:
        out = LList()
        out.pos, out.item_pos = self.pos(node), []
        for item in node.value:
            out.item_pos.append(self.pos(item))
            out.append(self.build(item))
        return out

    def _scalar(self, node: ScalarNode) -> Any:
        if node.tag == "tag:yaml.org,2002:timestamp" and TIMESTAMP.match(node.value):
            return node.value  # dates stay text; the checker validates them
        if node.tag == "tag:yaml.org,2002:str":
            return self._text(node)
        try:
            return self.scalars.construct_object(node, deep=True)
        except ValueError:
            # an integer of more than 4,300 digits: Python refuses to convert it
            raise _ProblemSignal(
                error(self.pos(node), f"number with {len(node.value)} characters is too long")
            ) from None

    def _text(self, node: ScalarNode) -> str:
        """The value; one holding a character no reader should see ("\\e", "\\L") stops the file."""
        value: str = node.value
        found = BAD_IN_VALUE.search(value)
        if found is not None:
            raise _ProblemSignal(
                error(
                    self.pos(node),
                    f"{_char_name(found.group())} in a value is not allowed; remove it",
                )
            )
        return value
