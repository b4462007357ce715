"""`navigator freeze` is safe (never deletes what it did not write) and reproducible."""

from __future__ import annotations

import base64
import hashlib
import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import TINY

from navigator.build import build_site
from navigator.cli import cli
from navigator.core.errors import NavigatorError
from navigator.web import freeze as freeze_module
from navigator.web.app import STEMMER_JS
from navigator.web.freeze import (
    MARKER,
    check_links,
    freeze_site,
    with_static_csp,
    without_pdf_dates,
)
from navigator.web.frozenfiles import final_bytes, freeze_key


def freeze(out: Path) -> tuple[int, str]:
    """Run `navigator freeze TINY --out out`; return the exit code and all output."""
    result = CliRunner().invoke(cli, ["freeze", str(TINY), "--out", str(out)])
    return result.exit_code, result.output


def tree(folder: Path) -> dict[str, str]:
    """Every file below folder with the SHA-256 of its bytes."""
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def test_a_folder_that_holds_other_files_is_refused_and_kept(tmp_path: Path) -> None:
    out = tmp_path / "checkout"
    out.mkdir()
    (out / "README.md").write_text("mine", encoding="utf-8")
    code, output = freeze(out)
    assert code == 2
    assert f"{out} is not empty and was not written by 'navigator freeze'" in output
    assert [p.name for p in out.iterdir()] == ["README.md"]
    assert (out / "README.md").read_text(encoding="utf-8") == "mine"


def test_a_file_as_out_is_refused(tmp_path: Path) -> None:
    out = tmp_path / "site"
    out.write_text("x", encoding="utf-8")
    code, output = freeze(out)
    assert code == 2 and "is a file" in output
    assert out.read_text(encoding="utf-8") == "x"


def test_two_freezes_are_byte_identical_and_refreezing_works(tmp_path: Path) -> None:
    site = build_site(TINY, shacl=False)
    first, second = tmp_path / "a", tmp_path / "b"
    freeze_site(site, first)
    freeze_site(site, second)
    assert tree(first) == tree(second)
    assert any(name.endswith(".pdf") for name in tree(first))
    freeze_site(site, first)  # into its own earlier output: allowed, same bytes again
    assert tree(first) == tree(second)


def test_a_refreeze_removes_only_files_it_wrote(tmp_path: Path) -> None:
    site = build_site(TINY, shacl=False)
    out = tmp_path / "site"
    outside = tmp_path / "precious.txt"
    outside.write_text("keep", encoding="utf-8")
    freeze_site(site, out, diagrams=False)
    (out / "gammel.html").write_text("from an older freeze", encoding="utf-8")
    (out / "notes.txt").write_text("someone's notes", encoding="utf-8")
    marker = out / MARKER
    marker.write_text(
        marker.read_text(encoding="utf-8") + "gammel.html\n../precious.txt\n", encoding="utf-8"
    )
    freeze_site(site, out, diagrams=False)
    assert not (out / "gammel.html").exists()
    assert (out / "notes.txt").read_text(encoding="utf-8") == "someone's notes"
    assert outside.read_text(encoding="utf-8") == "keep"


@pytest.mark.parametrize("link", ["forloeb", "index.html", MARKER])
def test_a_freeze_never_writes_through_a_link_in_its_own_output(tmp_path: Path, link: str) -> None:
    """The attack audit's hole 4: a linked forloeb/ wrote 31 files outside the output, and a
    linked index.html or marker overwrote the file it pointed to. The freeze now refuses, and
    writes nothing anywhere."""
    site = build_site(TINY, shacl=False)
    out = tmp_path / "site"
    freeze_site(site, out, diagrams=False)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    target = elsewhere / "precious"
    if (out / link).is_dir():
        target.mkdir()
    else:
        target.write_text("keep", encoding="utf-8")
    before = tree(elsewhere)
    path = out / link
    if path.is_dir():
        for child in sorted(path.rglob("*"), reverse=True):
            child.rmdir() if child.is_dir() else child.unlink()
        path.rmdir()
    else:
        path.unlink()
    path.symlink_to(target)
    with pytest.raises(NavigatorError, match=f"holds a link \\({link}\\)"):
        freeze_site(site, out, diagrams=False)
    assert tree(elsewhere) == before, "nothing written through the link"
    assert path.is_symlink(), "the link is left for its owner to remove"


def test_frozen_pages_carry_a_csp_without_nonces(tmp_path: Path) -> None:
    out = tmp_path / "site"
    freeze_site(build_site(TINY, shacl=False), out, diagrams=False)
    for page in ("index.html", "find/index.html", "forloeb/test-forloeb/index.html"):
        html = (out / page).read_text(encoding="utf-8")
        assert '<meta http-equiv="Content-Security-Policy"' in html, page
        assert "nonce" not in html, page
        assert "'unsafe-inline'" not in html, page


def test_an_inline_script_is_allowed_by_its_hash_and_a_data_block_needs_none() -> None:
    code = "document.title = 'x';"
    digest = base64.b64encode(hashlib.sha256(code.encode()).digest()).decode()
    page = (
        '<html><head><meta charset="utf-8"></head><body>'
        '<script type="application/ld+json">{"a": 1}</script>'
        f"<script>{code}</script></body></html>"
    )
    policy = re.search(r'Content-Security-Policy" content="([^"]*)"', with_static_csp(page))
    assert policy is not None
    # the same policy as the live site gives the same body, less what a <meta> cannot say
    assert f"script-src 'self' 'sha256-{digest}';" in policy.group(1)
    assert policy.group(1).count("sha256-") == 1, "JSON-LD is data, never run: no hash"
    assert "frame-ancestors" not in policy.group(1)


@pytest.mark.parametrize("href", ["javascript:alert(1)", "data:text/html,x", "vbscript:x"])
def test_a_page_with_a_link_that_is_not_web_tel_or_mail_is_not_published(href: str) -> None:
    with pytest.raises(NavigatorError, match="only http, https, tel, mailto, sms"):
        check_links(f'<p><a class="x" href="{href}">kontakt</a></p>', Path("side.html"))


def test_links_a_page_may_have() -> None:
    for href in ("https://a.dk", "tel:+4570201201", "mailto:a@b.dk", "sms:1919", "/om/"):
        check_links(f'<a href="{href}">x</a>', Path("side.html"))


def test_a_static_find_card_with_such_a_link_is_not_published(tmp_path: Path) -> None:
    shard = tmp_path / "find-data" / "testby.json"
    shard.parent.mkdir()
    card = '<article class="vv-card"><a href="javascript:alert(1)">x</a></article>'
    shard.write_text(json.dumps({"services": [{"cards": {"0": card}}]}), encoding="utf-8")
    with pytest.raises(NavigatorError, match="testby.json: a link with the scheme 'javascript:'"):
        final_bytes(shard, shard.read_bytes())


def test_pdf_dates_are_blanked_without_moving_offsets() -> None:
    data = b"%PDF-1.5\n<< /Producer (cairo) /CreationDate (D:20261201152921Z) >>\nxref"
    clean = without_pdf_dates(data)
    assert b"CreationDate" not in clean and b"2026" not in clean
    assert len(clean) == len(data)


def stamps(folder: Path) -> dict[str, tuple[int, int]]:
    """(inode, mtime in ns) of every file below folder: a write changes one of them."""
    return {
        p.relative_to(folder).as_posix(): (p.stat().st_ino, p.stat().st_mtime_ns)
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def test_a_second_freeze_with_nothing_changed_writes_no_file(tmp_path: Path) -> None:
    """Before, every page was written twice a freeze (as rendered, then with its CSP), so
    rsync and every cache saw 8,893 changed files when nothing had changed."""
    site = build_site(TINY, shacl=False)
    out = tmp_path / "site"
    first = freeze_site(site, out)
    before, hashes = stamps(out), tree(out)
    assert freeze_site(site, out) == first
    assert stamps(out) == before, "no file written again"
    page = out / "om" / "index.html"
    page.write_text("edited by hand", encoding="utf-8")
    freeze_site(site, out)
    assert tree(out) == hashes, "a changed file is written back"
    changed = {rel for rel, stamp in stamps(out).items() if stamp != before[rel]}
    assert changed == {"om/index.html"}


def test_the_same_inputs_into_an_intact_folder_render_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    site = build_site(TINY, shacl=False)
    out = tmp_path / "site"
    first = freeze_site(site, out, diagrams=False, inputs="key-1")
    hashes, before = tree(out), stamps(out)

    def refuse(_site: object) -> None:
        raise AssertionError("rendered again")

    with monkeypatch.context() as patched:
        patched.setattr("navigator.web.freeze.create_app", refuse)
        assert freeze_site(site, out, diagrams=False, inputs="key-1") == first
    assert stamps(out) == before
    with pytest.raises(AssertionError, match="rendered again"):
        with monkeypatch.context() as patched:
            patched.setattr("navigator.web.freeze.create_app", refuse)
            freeze_site(site, out, diagrams=False, inputs="key-2")
    (out / "index.html").write_text("edited by hand", encoding="utf-8")
    freeze_site(site, out, diagrams=False, inputs="key-1")
    assert tree(out) == hashes, "a folder that is not as it was written is frozen again"


def test_the_freeze_key_holds_the_files_it_copies_from_node_modules(tmp_path: Path) -> None:
    """A new DKFDS or stemmer from npm makes a new freeze, as a changed static file does."""
    copied = freeze_module._node_files()
    assert STEMMER_JS in copied and any(p.suffix == ".css" for p in copied)
    stemmer = tmp_path / "dk.js"
    stemmer.write_bytes(STEMMER_JS.read_bytes())
    key = freeze_key("inputs", False, [stemmer])
    assert freeze_key("inputs", False, [stemmer]) == key
    stemmer.write_bytes(STEMMER_JS.read_bytes() + b"\n")
    assert freeze_key("inputs", False, [stemmer]) != key


def test_the_command_freezes_again_in_no_time_and_writes_nothing(tmp_path: Path) -> None:
    out = tmp_path / "site"
    code, output = freeze(out)
    assert code == 0, output
    before = stamps(out)
    code, again = freeze(out)
    assert code == 0, again
    assert stamps(out) == before
    assert again.split(" to ")[0] == output.split(" to ")[0], "the same pages counted"


def test_pages_rendered_by_forked_workers_are_those_of_one_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import os

    from navigator.web import freeze as freeze_module
    from navigator.web import pagepool

    site = build_site(TINY, shacl=False)
    one = freeze_site(site, tmp_path / "one", page_workers=1)
    log = tmp_path / "pids"
    real = pagepool.final_bytes

    def logged(path: Path, data: bytes) -> bytes:
        with log.open("a", encoding="utf-8") as stream:  # forked workers inherit this
            stream.write(f"{os.getpid()}\n")
        return real(path, data)

    monkeypatch.setattr(pagepool, "final_bytes", logged)
    monkeypatch.setattr(freeze_module, "cores", lambda: 2)  # workers by default on 2 cores
    assert freeze_site(site, tmp_path / "two") == one
    pids = log.read_text(encoding="utf-8").split()
    # rendered by the workers, never by this process (which of the two takes which is free)
    assert pids and str(os.getpid()) not in pids and len(set(pids)) <= 2
    assert tree(tmp_path / "one") == tree(tmp_path / "two"), "every file, byte for byte"
    before = stamps(tmp_path / "two")
    freeze_site(site, tmp_path / "two")
    assert stamps(tmp_path / "two") == before, "a second freeze with workers writes nothing"
