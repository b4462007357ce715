"""Positioned values (LMap, LList) and the fast way to read them: libyaml's C parser.

navigator.source.load reads every pathway file through read_fast first. It walks libyaml's events
(each carries its line and column) and builds the same LMap / LList / scalars the careful
reader in navigator.source.load builds from PyYAML's pure-Python composer, 5-8 times faster
(docs/benchmarks.md, "National corpus"). It gives up (returns None) on anything that reader
would report or that the two parsers were seen to read differently: an alias, an anchor, a
tag, a directive, a duplicate key, a key that is not text, too many values, too deep a
nesting, a character a value must not hold, a number too long to convert, a syntax error, a
second document, a value left out, a byte order mark after the first, and a plain value in
[ ] or { } that holds '?' or starts with ':'. navigator.source.load then reads that file the careful
way, so every problem keeps its message and position. tests/test_load_fast.py reads files
both ways and compares.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import Any

from yaml import YAMLError, __with_libyaml__
from yaml.constructor import SafeConstructor
from yaml.events import (
    DocumentEndEvent,
    DocumentStartEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
    StreamEndEvent,
    StreamStartEvent,
)
from yaml.nodes import ScalarNode
from yaml.resolver import Resolver

from ..core.problems import Pos

if __with_libyaml__:  # PyYAML's wheels ship it; without it read_fast declines every file
    from yaml._yaml import CParser

TIMESTAMP = re.compile(r"^\d{4}-\d{2}-\d{2}")
# Characters a value must not hold once YAML's escapes are read ("\x01", "\L", "\udc80"):
# C0 and C1 controls (tab and line feed excepted), DEL, U+2028/U+2029, the two
# non-characters and lone surrogates, which cannot even be written out as UTF-8.
BAD_IN_VALUE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ufffe\uffff\ud800-\udfff]")
_STR = "tag:yaml.org,2002:str"
_TIMESTAMP_TAG = "tag:yaml.org,2002:timestamp"
_IMPLICIT = Resolver.yaml_implicit_resolvers
"""The rules that give a plain value another type than text, by its first character."""


class LMap(dict[str, Any]):
    """A mapping that knows its own position and those of its keys and values."""

    pos: Pos
    key_pos: dict[str, Pos]
    value_pos: dict[str, Pos]

    def at(self, key: str) -> Pos:
        """Position of the value under key, else of the mapping itself."""
        return self.value_pos.get(key, self.pos)


class LList(list[Any]):
    """A sequence that knows its own position and those of its items."""

    pos: Pos
    item_pos: list[Pos]

    def at(self, index: int) -> Pos:
        """Position of item index."""
        return self.item_pos[index] if index < len(self.item_pos) else self.pos


def locate(node: Any, path: Sequence[str | int]) -> Pos:
    """Position of the value at a path of keys and indexes below a loaded mapping or list."""
    pos: Pos = node.pos
    for part in path:
        if isinstance(node, LMap) and isinstance(part, str) and part in node:
            pos, node = node.at(part), node[part]
        elif isinstance(node, LList) and isinstance(part, int) and part < len(node):
            pos, node = node.at(part), node[part]
        else:
            break
    return pos


def read_fast(text: str, name: str, max_nodes: int, max_depth: int) -> LMap | None:
    """The file's top mapping read with libyaml, or None when the careful reader must read it."""
    if not __with_libyaml__ or "\ufeff" in text:
        # libyaml skips a byte order mark at the start of any line, PyYAML only at the start
        return None
    parser = CParser(text)
    try:
        return _EventReader(parser.get_event, name, max_nodes, max_depth).document()
    except (_Decline, YAMLError, ValueError):
        # ValueError: an integer of more than 4,300 digits, which Python refuses to convert
        return None
    finally:
        parser.dispose()


class _Decline(Exception):
    """Something the careful reader reports, or that PyYAML's own parser might read otherwise."""


class _EventReader:
    """Builds positioned values from a stream of parser events, declining anything unusual."""

    def __init__(
        self, get_event: Callable[[], Any], name: str, max_nodes: int, max_depth: int
    ) -> None:
        self.get = get_event
        self.name = name
        self.max_nodes, self.max_depth = max_nodes, max_depth
        self.nodes = 0
        # typed here: types-PyYAML leaves Resolver.resolve untyped
        self.resolve: Callable[[type, str, tuple[bool, bool]], str] = Resolver().resolve
        self.scalars = SafeConstructor()

    def document(self) -> LMap:
        get = self.get
        start = (get(), get())
        if type(start[0]) is not StreamStartEvent or type(start[1]) is not DocumentStartEvent:
            raise _Decline
        if start[1].version is not None or start[1].tags is not None:
            raise _Decline  # %YAML and %TAG: the two parsers accept different versions
        data = self.value(get(), 0, False)
        if type(get()) is not DocumentEndEvent or type(get()) is not StreamEndEvent:
            raise _Decline  # a second document
        if not isinstance(data, LMap):
            raise _Decline
        return data

    def pos(self, event: Any) -> Pos:
        mark = event.start_mark
        return Pos(self.name, mark.line + 1, mark.column + 1)

    def value(self, event: Any, depth: int, flow: bool) -> Any:
        # the careful reader counts every value, keys included, and the depth of each
        self.nodes += 1
        if self.nodes > self.max_nodes or depth >= self.max_depth:
            raise _Decline
        kind = type(event)
        if kind not in (ScalarEvent, MappingStartEvent, SequenceStartEvent):
            raise _Decline  # an alias, or an event out of place
        if event.anchor is not None or event.tag is not None:
            raise _Decline
        if kind is ScalarEvent:
            return self.scalar(event.value, event, flow)
        if kind is MappingStartEvent:
            return self.mapping(event, depth + 1, flow or bool(event.flow_style))
        return self.sequence(event, depth + 1, flow or bool(event.flow_style))

    def mapping(self, start: Any, depth: int, flow: bool) -> LMap:
        out = LMap()
        out.pos, out.key_pos, out.value_pos = self.pos(start), {}, {}
        get = self.get
        while True:
            event = get()
            if type(event) is MappingEndEvent:
                return out
            key = self.value(event, depth, flow)
            if type(key) is not str or key in out:
                raise _Decline  # a key that is not text (or '<<'), or a duplicate key
            value_event = get()
            out.key_pos[key] = self.pos(event)
            out.value_pos[key] = self.pos(value_event)
            out[key] = self.value(value_event, depth, flow)

    def sequence(self, start: Any, depth: int, flow: bool) -> LList:
        out = LList()
        out.pos, out.item_pos = self.pos(start), []
        get = self.get
        while True:
            event = get()
            if type(event) is SequenceEndEvent:
                return out
            out.item_pos.append(self.pos(event))
            out.append(self.value(event, depth, flow))

    def scalar(self, value: str, event: Any, flow: bool) -> Any:
        plain = event.implicit[0]
        if plain and (not value or (flow and ("?" in value or value.startswith(":")))):
            # A value left out ('? a', '- ') has another position in libyaml than in PyYAML.
            # PyYAML's parser ends a plain value in [ ] or { } at '?' and refuses one that
            # starts with ':'; libyaml reads on.
            raise _Decline
        # Resolver.resolve, without its call for the many values it would call text anyway:
        # quoted and block values, and plain ones whose first character no rule starts with
        tag = (
            self.resolve(ScalarNode, value, event.implicit)
            if plain and (value[0] in _IMPLICIT or None in _IMPLICIT)
            else _STR
        )
        if tag == _STR:
            if BAD_IN_VALUE.search(value) is not None:
                raise _Decline
            return value
        if tag == _TIMESTAMP_TAG and TIMESTAMP.match(value):
            return value  # dates stay text; the checker validates them
        node = ScalarNode(tag, value, event.start_mark, event.end_mark)
        return self.scalars.construct_object(node, deep=True)
