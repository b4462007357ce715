"""navigator.source.load: YAML in, positioned plain data out, and refusals as problems."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import INVALID, VALID

from navigator.source import load
from navigator.source.load import LList, LMap, load_bytes, load_file, load_tree


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


def test_tabs_inside_values_and_comments_are_reported_and_the_file_still_loads() -> None:
    doc = load_bytes(b"a: 'x\ty'\nb: 1  #\tnote\n", "f.yaml")
    assert [str(p) for p in doc.problems] == [
        "f.yaml:1:6: error: tab character; indent and separate with spaces",
        "f.yaml:2:8: error: tab character; indent and separate with spaces",
    ]
    assert doc.data == {"a": "x\ty", "b": 1}


def test_a_tab_that_breaks_the_yaml_stops_the_file_without_a_second_message() -> None:
    doc = load_bytes(b"services:\n  - id: a\n\tname: A\n", "f.yaml")
    assert doc.data is None
    assert [str(p) for p in doc.problems] == [
        "f.yaml:3:1: error: tab character; indent and separate with spaces"
    ]


def test_a_syntax_error_of_its_own_is_reported_beside_the_tabs() -> None:
    [tab, syntax] = messages(b"a: 1  #\tnote\nb: [1, 2\nc: 3\n")
    assert tab == "f.yaml:1:8: error: tab character; indent and separate with spaces"
    assert syntax.startswith("f.yaml:3:2: error: YAML syntax error: ")


def test_a_duplicate_key_is_reported_and_the_first_value_kept() -> None:
    doc = load_bytes(b"a: 1\nb: {c: 1, c: 2}\na: 3\n", "f.yaml")
    assert [str(p) for p in doc.problems] == [
        "f.yaml:2:11: error: duplicate key 'c' (first defined at line 2)",
        "f.yaml:3:1: error: duplicate key 'a' (first defined at line 1)",
    ]
    assert doc.data == {"a": 1, "b": {"c": 1}}
    assert isinstance(doc.data, LMap) and doc.data.key_pos["a"].line == 1


def test_a_duplicate_value_is_still_refused_if_unsafe() -> None:
    doc = load_bytes(b"a: 1\na: !!python/name:os.system\n", "f.yaml")
    assert doc.data is None
    assert [p.message for p in doc.problems] == [
        "duplicate key 'a' (first defined at line 1)",
        "tag 'tag:yaml.org,2002:python/name:os.system' is not allowed; "
        "pathway files hold plain values only",
    ]


def test_a_file_that_did_not_load_still_names_its_ids() -> None:
    text = (
        b"services:\n  - id: tidlig-hjaelp\n    name: [oops\n"
        b"  - {name: B, id: 'bup-udredning'}  # comment\n    steps:\n      - id: trin-1\n"
    )
    doc = load_bytes(text, "f.yaml")
    assert doc.data is None
    assert doc.unloaded_ids == ("tidlig-hjaelp", "bup-udredning", "trin-1")
    assert load_bytes(b"a: 1\n", "f.yaml").unloaded_ids == ()
    assert load_bytes(b"- id: x\n  bad: \xff\n", "f.yaml").unloaded_ids == ("x",)


def test_top_level_must_be_a_mapping() -> None:
    assert messages(b"- a\n- b\n") == [
        "f.yaml:1:1: error: a pathway file must be a mapping "
        "(keys such as 'services:' or 'pathways:' at the top)"
    ]


def test_keys_must_be_text() -> None:
    doc = load_bytes(b"a: 1\n12: b\n", "f.yaml")
    assert [str(p) for p in doc.problems] == ["f.yaml:2:1: error: key 12 must be text"]
    assert doc.data == {"a": 1}  # reported, and the rest of the file still loads


def test_merge_keys_are_refused() -> None:
    assert messages(b"a:\n  <<: {b: 1}\n") == ["f.yaml:2:3: error: merge keys (<<) are not allowed"]


def test_anchors_without_aliases_are_harmless() -> None:
    assert load_bytes(b"a: &x 1\n", "f.yaml").data == {"a": 1}


def test_alias_bomb_is_refused_before_expansion() -> None:
    doc = load_file(INVALID / "alias-bomb.yaml")
    assert doc.data is None
    assert [p.message for p in doc.problems] == ["alias '*a' is not allowed; write the value out"]


def test_too_many_values(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(load, "MAX_NODES", 5)
    assert messages(b"a: [1, 2, 3, 4, 5]\n") == ["f.yaml:1:11: error: more than 5 values"]


def test_multiple_documents_are_refused() -> None:
    [message] = messages(b"a: 1\n---\nb: 2\n")
    assert message.startswith("f.yaml:2:1: error: YAML syntax error: ")


def test_unreadable_file(tmp_path: Path) -> None:
    doc = load_file(tmp_path / "missing.yaml", "missing.yaml")
    assert [str(p) for p in doc.problems] == [
        "missing.yaml:1:1: error: cannot read file: No such file or directory"
    ]


def test_tree_finds_yaml_and_yml_in_order(tmp_path: Path) -> None:
    for name in ("b.yaml", "a/c.yml", "a/skip.txt", "d.yaml"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("glossary: []\n", encoding="utf-8")
    assert [d.path for d in load_tree(tmp_path, tmp_path)] == ["a/c.yml", "b.yaml", "d.yaml"]


def test_valid_fixtures_load_cleanly() -> None:
    docs = load_tree(VALID, VALID)
    assert [d.path for d in docs] == [
        "advice.yaml",
        "catalogue.yaml",
        "places.yaml",
        "services.yaml",
        "sources.yaml",
        "tidlig-indsats.yaml",
        "udredning.yaml",
    ]
    assert all(d.problems == [] and isinstance(d.data, LMap) for d in docs)


def test_deep_nesting_is_refused_without_a_recursion_error() -> None:
    assert messages(b"a: " + b"[" * 5000 + b"]" * 5000 + b"\n") == [
        f"f.yaml:1:{4 + load.MAX_DEPTH - 1}: error: values nested more than "
        f"{load.MAX_DEPTH} levels deep"
    ]
    block = b"a:\n" + b"".join(b"  " * i + b"b:\n" for i in range(1, 400))
    [message] = messages(block)
    assert message.endswith(f"values nested more than {load.MAX_DEPTH} levels deep")


def test_a_link_out_of_the_pathway_folder_is_refused_and_never_read(tmp_path: Path) -> None:
    """The attack audit's hole 5: `ln -s /etc/shadow pw/x.yaml` printed the file's lines as
    'unknown field' errors. Now the link gets one problem that echoes nothing, and a link that
    stays inside the folder is read as usual."""
    secret = tmp_path / "secret.yaml"
    secret.write_text("root: hemmelig-linje\n", encoding="utf-8")
    folder = tmp_path / "pw"
    folder.mkdir()
    (folder / "x.yaml").symlink_to(secret)
    (folder / "inde.yaml").write_text("review: {last_reviewed: 2026-01-01}\n", encoding="utf-8")
    (folder / "link.yaml").symlink_to(folder / "inde.yaml")
    loaded = load_tree(folder, display_root=tmp_path)
    docs = {d.path: d for d in loaded}
    refused = docs["pw/x.yaml"]
    assert refused.data is None
    assert [p.message for p in refused.problems] == [
        "is a link to a file outside the pathway folder; it is not read (copy the file in instead)"
    ]
    assert "hemmelig" not in repr(refused)
    inside = [d for d in loaded if d.path == "pw/inde.yaml"]  # the link, named as its file
    assert len(inside) == 2 and all(d.data is not None for d in inside), "links inside are read"
