"""navigator.load: YAML in, positioned plain data out, and refusals as problems."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import INVALID, VALID

from navigator import load
from navigator.load import LList, LMap, load_bytes, load_file, load_tree


def messages(raw: bytes) -> list[str]:
    return [str(p) for p in load_bytes(raw, "f.yaml").problems]


def test_values_remember_their_positions() -> None:
    doc = load_bytes(b"services:\n  - id: a\n    name: A\n    minimum_age: 6\n", "f.yaml")
    assert doc.problems == []
    assert isinstance(doc.data, LMap)
    services = doc.data["services"]
    assert isinstance(services, LList)
    service = services[0]
    assert (service.pos.line, service.pos.col) == (2, 5)
    assert (service.key_pos["name"].line, service.key_pos["name"].col) == (3, 5)
    assert (service.at("minimum_age").line, service.at("minimum_age").col) == (4, 18)
    assert service.at("missing") == service.pos
    assert services.at(0) == service.pos


def test_scalars_keep_their_types_and_dates_stay_text() -> None:
    doc = load_bytes(b"a: 2025-01-15\nb: 12\nc: true\nd: null\ne: '12'\n", "f.yaml")
    assert doc.data == {"a": "2025-01-15", "b": 12, "c": True, "d": None, "e": "12"}


def test_byte_order_mark_is_accepted() -> None:
    assert load_bytes("\ufeffa: 1\n".encode(), "f.yaml").data == {"a": 1}


def test_every_tab_is_reported() -> None:
    assert messages(b"a:\n\tb: 1\nc: 'x\ty'\n") == [
        "f.yaml:2:1: error: tab character; indent and separate with spaces",
        "f.yaml:3:6: error: tab character; indent and separate with spaces",
    ]


def test_top_level_must_be_a_mapping() -> None:
    assert messages(b"- a\n- b\n") == [
        "f.yaml:1:1: error: a pathway file must be a mapping "
        "(keys such as 'services:' or 'pathways:' at the top)"]


def test_keys_must_be_text() -> None:
    assert messages(b"a: 1\n12: b\n") == ["f.yaml:2:1: error: key 12 must be text"]


def test_merge_keys_are_refused() -> None:
    assert messages(b"a:\n  <<: {b: 1}\n") == [
        "f.yaml:2:3: error: merge keys (<<) are not allowed"]


def test_anchors_without_aliases_are_harmless() -> None:
    assert load_bytes(b"a: &x 1\n", "f.yaml").data == {"a": 1}


def test_alias_bomb_is_refused_before_expansion() -> None:
    doc = load_file(INVALID / "alias-bomb.yaml")
    assert doc.data is None
    assert [p.message for p in doc.problems] == [
        "alias '*a' is not allowed; write the value out"]


def test_too_many_values(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(load, "MAX_NODES", 5)
    assert messages(b"a: [1, 2, 3, 4, 5]\n") == ["f.yaml:1:11: error: more than 5 values"]


def test_multiple_documents_are_refused() -> None:
    [message] = messages(b"a: 1\n---\nb: 2\n")
    assert message.startswith("f.yaml:2:1: error: YAML syntax error: ")


def test_unreadable_file(tmp_path: Path) -> None:
    doc = load_file(tmp_path / "missing.yaml", "missing.yaml")
    assert [str(p) for p in doc.problems] == [
        "missing.yaml:1:1: error: cannot read file: No such file or directory"]


def test_tree_finds_yaml_and_yml_in_order(tmp_path: Path) -> None:
    for name in ("b.yaml", "a/c.yml", "a/skip.txt", "d.yaml"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("glossary: []\n", encoding="utf-8")
    assert [d.path for d in load_tree(tmp_path, tmp_path)] == ["a/c.yml", "b.yaml", "d.yaml"]


def test_valid_fixtures_load_cleanly() -> None:
    docs = load_tree(VALID, VALID)
    assert len(docs) >= 5
    assert all(d.problems == [] and isinstance(d.data, LMap) for d in docs)
