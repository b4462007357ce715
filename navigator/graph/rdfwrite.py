"""Turtle, JSON-LD and N-Triples with rdflib's exact bytes, from one pass over the graph.

rdflib's serialisers ask the store for every subject's triples again and again (millions of
store calls on a national graph: 10 s for the three formats). These writers read the graph
once into a subject → predicate → objects index and lay the text out as rdflib does, using
rdflib's own term ordering, literal quoting and prefix rules, so the output is the same, byte
for byte (tests/test_rdfwrite.py compares them on every corpus). A graph with something the
writers do not lay out themselves (blank nodes, RDF lists, rdfs:Class members, a prefix rdflib
would have to invent) is handed to rdflib's serialiser instead.
"""

from __future__ import annotations

import io
import json
import re
from collections import defaultdict
from collections.abc import Callable
from typing import Any, TextIO

from rdflib import RDF, RDFS, BNode, Graph, Literal, URIRef
from rdflib.plugins.serializers.jsonld import PLAIN_LITERAL_TYPES
from rdflib.plugins.serializers.nt import _quoteLiteral
from rdflib.plugins.shared.jsonld.context import Context
from rdflib.term import Node

Index = dict[Node, dict[Node, list[Node]]]
_TYPE, _LABEL = RDF.type, RDFS.label  # namespace attributes cost a Python call each time
# rdflib's Turtle rule for a % in a local name that is not an escape already
_BARE_PERCENT = re.compile(r"%(?![0-9A-Fa-f]{2})")


class _Fallback(Exception):
    """The graph holds something only rdflib's own serialiser lays out."""


class GraphIndex:
    """A graph read once: every subject's predicates and objects, and how often each node
    is an object (Turtle orders subjects by it)."""

    def __init__(self, graph: Graph) -> None:
        self.graph = graph
        self.subjects: Index = {}
        self.references: dict[Node, int] = defaultdict(int)
        for s, p, o in graph:
            preds = self.subjects.get(s)
            if preds is None:
                preds = self.subjects[s] = {}
            objs = preds.get(p)
            if objs is None:
                preds[p] = [o]
            else:
                objs.append(o)
            self.references[o] += 1
        self.simple = not _needs_rdflib(self.subjects, self.references)
        """False when a writer must hand the graph to rdflib (blank nodes, lists, classes)."""

    def triples(self) -> int:
        """How many triples the index holds."""
        return sum(len(objs) for preds in self.subjects.values() for objs in preds.values())


def _needs_rdflib(subjects: Index, objects: dict[Node, int]) -> bool:
    if any(isinstance(node, BNode) for node in (*subjects, *objects)) or RDF.nil in objects:
        return True
    return any(
        RDF.first in preds or RDF.rest in preds or RDFS.Class in preds.get(RDF.type, ())
        for preds in subjects.values()
    )


def ntriples(index: GraphIndex) -> str:
    """N-Triples, one triple a line, sorted so that builds are byte-identical."""
    return _text(lambda out: write_ntriples(index, out))


def write_ntriples(index: GraphIndex, out: TextIO) -> None:
    """ntriples(index), written to out a subject at a time: a national graph.nt is 30 MB, and
    all its lines at once (then the whole text, then its bytes) made the build's peak."""
    # Sorting the subjects' texts, then each subject's lines, sorts all the lines: a subject's
    # text ("<iri>" or "_:id", which n3() never lets hold a space or a '>') never begins
    # another's, so two lines of different subjects differ first inside their subjects.
    subjects = sorted(((s.n3() + " ", s) for s in index.subjects), key=lambda pair: pair[0])
    predicates: dict[Node, str] = {}
    chunk: list[str] = []
    for subject, s in subjects:
        lines = []
        for p, objs in index.subjects[s].items():
            predicate = predicates.get(p)
            if predicate is None:
                predicate = predicates[p] = p.n3()
            for o in objs:
                value = _quoteLiteral(o) if isinstance(o, Literal) else o.n3()
                lines.append(f"{subject}{predicate} {value} .")
        lines.sort()
        chunk += lines
        if len(chunk) >= _SLICE:
            out.write("\n".join(chunk) + "\n")
            chunk = []
    if chunk:
        out.write("\n".join(chunk) + "\n")


_SLICE = 4096
"""Lines joined into one write."""


def _text(write: Callable[[TextIO], None]) -> str:
    buffer = io.StringIO(newline="")  # newline="": the text as written, no \n translated
    write(buffer)
    return buffer.getvalue()


def turtle(index: GraphIndex) -> str:
    """Turtle as rdflib writes it: used prefixes, subjects by (references, IRI), rdf:type first."""
    return _text(lambda out: write_turtle(index, out))


def write_turtle(index: GraphIndex, out: TextIO) -> None:
    """turtle(index), written to out a statement at a time."""
    if not index.simple:
        out.write(index.graph.serialize(format="turtle"))
        return
    try:
        turtle = _Turtle(index)
        order = turtle.prepare()  # every prefix is known, or _Fallback raised, before a write
    except _Fallback:
        out.write(index.graph.serialize(format="turtle"))
        return
    turtle.write(order, out)


class _Turtle:
    def __init__(self, index: GraphIndex) -> None:
        self.index = index
        self.graph = index.graph
        self.prefixes: dict[str, str] = {}
        self.pnames: dict[tuple[Node, bool], str | None] = {}

    def pname(self, uri: Node, predicate: bool = False) -> str | None:
        """rdflib's TurtleSerializer.get_pname, without ever inventing a prefix."""
        key = (uri, predicate)
        if key in self.pnames:
            return self.pnames[key]
        result = self.pnames[key] = self._pname(uri, predicate)
        return result

    def _pname(self, uri: Node, predicate: bool) -> str | None:
        if not isinstance(uri, URIRef):
            return None
        try:
            prefix, namespace, local = self.graph.namespace_manager.compute_qname(
                uri, generate=False
            )
        except KeyError:
            if predicate:
                raise _Fallback(uri) from None  # rdflib would bind a new ns1: prefix here
            return self._namespace_itself(uri)
        except Exception:
            return self._namespace_itself(uri)
        local = _BARE_PERCENT.sub("\\%", local.replace("(", r"\(").replace(")", r"\)"))
        if local.endswith("."):
            return None
        if prefix.startswith("_") or self.prefixes.get(prefix, namespace) != namespace:
            raise _Fallback(prefix)  # rdflib would rewrite the prefix
        self.prefixes[prefix] = namespace
        return f"{prefix}:{local}"

    def _namespace_itself(self, uri: URIRef) -> str | None:
        prefix = self.graph.store.prefix(uri)
        if prefix is None:
            return None
        if prefix.startswith("_") or self.prefixes.get(prefix, uri) != uri:
            raise _Fallback(prefix)
        self.prefixes[prefix] = uri
        return f"{prefix}:"

    def label(self, node: Node, predicate: bool = False) -> str:
        if predicate and node == _TYPE:
            return "a"
        if isinstance(node, Literal):
            return node._literal_n3(use_plain=True, qname_callback=self.pname)
        return self.pname(node, predicate) or node.n3()

    def prepare(self) -> list[Node]:
        """Register every prefix the text uses (rdflib does so before it writes the first
        line, and the head lists them); the subjects in the order they are written."""
        subjects = self.index.subjects
        for s, preds in subjects.items():
            self.pname(s)
            for p in preds:
                if p != _TYPE:
                    self.pname(p, True)
        for o in self.index.references:
            if isinstance(o, Literal):
                if o.datatype:
                    self.pname(o.datatype)
            else:
                self.pname(o)
        return sorted(subjects, key=lambda s: (False, self.index.references.get(s, 0), s))

    def write(self, order: list[Node], out: TextIO) -> None:
        """The head, then each subject's statement (every label was named in prepare)."""
        subjects = self.index.subjects
        out.write("".join(f"@prefix {p}: <{ns}> .\n" for p, ns in sorted(self.prefixes.items())))
        for s in order:
            out.write(_replace_surrogates(self.statement(s, subjects[s])))
        out.write("\n")

    def statement(self, subject: Node, preds: dict[Node, list[Node]]) -> str:
        first = [p for p in (_TYPE, _LABEL) if p in preds]
        rest = sorted(p for p in preds if p not in first)  # type: ignore[type-var]
        parts = []
        for p in first + rest:
            objs = preds[p] if len(preds[p]) == 1 else sorted(preds[p])  # type: ignore[type-var]
            sep = ",\n" + "    " * (2 if len(objs) > 1 else 1)
            parts.append(self.label(p, True) + " " + sep.join(self.label(o) for o in objs))
        return "\n" + self.label(subject) + " " + " ;\n    ".join(parts) + " .\n"


def _replace_surrogates(text: str) -> str:
    # as rdflib's serialiser writes its text: what UTF-8 cannot hold becomes '?'
    return text.encode("utf-8", "replace").decode("utf-8")


def jsonld(index: GraphIndex, context: dict[str, str]) -> str:
    """Compact JSON-LD with context, nodes sorted by @id and every value list sorted."""
    return _text(lambda out: write_jsonld(index, context, out))


def write_jsonld(index: GraphIndex, context: dict[str, str], out: TextIO) -> None:
    """jsonld(index, context), written to out a node at a time."""
    try:
        nodes = _jsonld_nodes(index, context)
    except _Fallback:
        data = json.loads(
            index.graph.serialize(format="json-ld", context=context, auto_compact=True)
        )
        if isinstance(data, dict) and isinstance(data.get("@graph"), list):
            data["@graph"] = sorted(data["@graph"], key=lambda node: str(node.get("@id")))
            for node in data["@graph"]:
                _sort_values(node)
        write_json(data, out)
        out.write("\n")
        return
    nodes.sort(key=lambda node: node[0])
    # dumps({"@context": context, "@graph": [node, ...]}), a node at a time
    out.write('{\n "@context": ' + dumps(context, 1) + ',\n "@graph": [')
    for n, (_, text) in enumerate(nodes):
        out.write(("," if n else "") + "\n  " + text)
    out.write("\n ]\n}\n")


def _sort_values(node: dict[str, Any]) -> None:
    for key, value in node.items():
        if isinstance(value, list):
            node[key] = sorted(value, key=lambda v: json.dumps(v, sort_keys=True))


def _jsonld_nodes(index: GraphIndex, context_data: dict[str, str]) -> list[tuple[str, str]]:
    """(@id, JSON text) of every node rdflib's JSON-LD converter makes of a simple graph with a
    prefixes-only context, each node's value lists sorted. Each node becomes text as soon as
    it is made, so the nodes' dicts and lists are never all in memory together."""
    if not index.simple or len(index.subjects) < 2 or not context_data:
        raise _Fallback("a graph rdflib lays out differently")
    if any(str(p) in context_data.values() for preds in index.subjects.values() for p in preds):
        raise _Fallback("a predicate that is a context term")
    context = Context(context_data)
    shrink: Callable[[str], str] = _memo(context.shrink_iri)
    symbol: Callable[[str], str | None] = _memo(context.to_symbol)
    nodes = []
    for s, preds in index.subjects.items():
        node: dict[str, Any] = {"@id": shrink(str(s))}
        for p, objs in preds.items():
            for o in objs:
                if p == _TYPE:
                    if not isinstance(o, URIRef):
                        raise _Fallback("a literal type")
                    key, value = "@type", symbol(str(o))
                else:
                    key, value = str(symbol(str(p))), _raw(o, shrink, symbol)
                old = node.get(key)
                if old is None:
                    node[key] = value
                elif not old:
                    raise _Fallback("rdflib overwrites a value it reads as false")
                else:
                    node[key] = [*old, value] if isinstance(old, list) else [old, value]
        _sort_values(node)
        nodes.append((str(node["@id"]), dumps(node, 2)))
    return nodes


def _raw(o: Node, shrink: Callable[[str], str], symbol: Callable[[str], str | None]) -> Any:
    if isinstance(o, URIRef):
        return {"@id": shrink(str(o))}
    if not isinstance(o, Literal):
        raise _Fallback(o)
    if o.datatype in PLAIN_LITERAL_TYPES:
        return o.toPython()
    if o.datatype:
        return {"@type": symbol(str(o.datatype)), "@value": str(o)}
    if o.language:
        return {"@language": o.language, "@value": str(o)}
    return str(o)


def _memo(fn: Callable[[str], Any]) -> Callable[[str], Any]:
    seen: dict[str, Any] = {}

    def cached(value: str) -> Any:
        if value not in seen:
            seen[value] = fn(value)
        return seen[value]

    return cached


_string = json.encoder.encode_basestring  # the C encoder, as json.dumps(ensure_ascii=False)


def write_json(value: Any, out: TextIO, level: int = 0) -> None:
    """dumps(value), written to out: the top two levels an item at a time (a JSON-LD graph
    is one mapping holding one list of nodes), anything deeper as one text."""
    if level > 1 or not value or not isinstance(value, dict | list | tuple):
        out.write(dumps(value, level))
        return
    inner = "\n" + " " * (level + 1)
    if isinstance(value, dict):
        out.write("{")
        for n, (k, v) in enumerate(sorted(value.items())):
            out.write(("," if n else "") + inner + f"{_string(k)}: ")
            write_json(v, out, level + 1)
        out.write("\n" + " " * level + "}")
        return
    out.write("[")
    for n, v in enumerate(value):
        out.write(("," if n else "") + inner)
        write_json(v, out, level + 1)
    out.write("\n" + " " * level + "]")


def dumps(value: Any, level: int = 0) -> str:
    """json.dumps(value, ensure_ascii=False, indent=1, sort_keys=True), several times faster
    (json's own encoder is pure Python whenever it indents)."""
    if isinstance(value, str):
        return str(_string(value))
    if isinstance(value, dict):
        if not value:
            return "{}"
        inner = "\n" + " " * (level + 1)
        items = [f"{_string(k)}: {dumps(v, level + 1)}" for k, v in sorted(value.items())]
        return "{" + inner + ("," + inner).join(items) + "\n" + " " * level + "}"
    if isinstance(value, list | tuple):
        if not value:
            return "[]"
        inner = "\n" + " " * (level + 1)
        items = [dumps(v, level + 1) for v in value]
        return "[" + inner + ("," + inner).join(items) + "\n" + " " * level + "]"
    return json.dumps(value)
