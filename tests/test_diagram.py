"""Diagrams: golden DOT, escaping, accessible SVG rendered by the real Graphviz, and the CLI."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from click.testing import CliRunner
from goldens import DIAGRAM_CASES, DIAGRAMS
from helpers import FIXTURES, TODAY_DATE, VALID

from navigator.build import Site, build_site
from navigator.cli import cli
from navigator.diagrams.common import CONSENT_UNKNOWN_NOTE
from navigator.diagrams.diagram import (
    UnknownEntity,
    diagram,
    drawings,
    inline_svg,
    pathway_diagram,
    pathway_handovers,
    pathway_svg,
    render_file,
)
from navigator.diagrams.dotwriter import Dot, Html, esc, quote, render, wrapped

SVG = "{http://www.w3.org/2000/svg}"
NASTY = FIXTURES / "diagram"
GOLDEN_CASES = DIAGRAM_CASES


@pytest.fixture(scope="module")
def valid() -> Site:
    return build_site(VALID, TODAY_DATE, shacl=False)


@pytest.fixture(scope="module")
def nasty() -> Site:
    site = build_site(NASTY, shacl=False)
    assert site.ok, site.problems
    return site


def svg_tree(site: Site, kind: str, entity_id: str | None) -> ET.Element:
    return ET.fromstring(render_file(diagram(site, kind, entity_id), "svg"))


def texts(root: ET.Element) -> str:
    """All visible text of an SVG, one <text> element per line."""
    return "\n".join("".join(t.itertext()) for t in root.iter(f"{SVG}text"))


def node_group(root: ET.Element, title: str) -> ET.Element:
    for group in root.iter(f"{SVG}g"):
        first = group.find(f"{SVG}title")
        if group.get("class") in ("node", "edge") and first is not None and first.text == title:
            return group
    raise AssertionError(f"no element titled {title}")


# ---- golden DOT --------------------------------------------------------------------------------


@pytest.mark.parametrize(("kind", "entity_id"), GOLDEN_CASES)
def test_dot_matches_golden(valid: Site, kind: str, entity_id: str | None) -> None:
    item = diagram(valid, kind, entity_id)
    golden = DIAGRAMS / f"{item.slug}.dot"  # regenerate with make goldens, never in a test
    assert item.dot == golden.read_text(encoding="utf-8")


def test_two_builds_give_identical_dot() -> None:
    first, second = build_site(VALID, shacl=False), build_site(VALID, shacl=False)
    for kind, entity_id in GOLDEN_CASES:
        assert diagram(first, kind, entity_id).dot == diagram(second, kind, entity_id).dot


# ---- escaping ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        '"]; x [color=red]; y [label="',
        "a\\",
        "\\N \\G \\l",
        "{a|b}",
        "<b>&amp;</b>",
        "linje\nto",
        "tab\tog\x07klokke",
    ],
)
def test_text_never_breaks_out_of_a_label(text: str) -> None:
    dot = Dot("t")
    dot.node(text, label=text, tooltip=text)
    dot.node("html", label=Html(wrapped(text, 200)))
    root = ET.fromstring(render(dot.source(), "svg"))
    shown = texts(root)
    # an escape would add a node (x, y) or paint one red: exactly our two nodes, none red
    nodes = [g for g in root.iter(f"{SVG}g") if g.get("class") == "node"]
    assert len(nodes) == 2
    assert not [e for e in root.iter() if "red" in (e.get("stroke"), e.get("fill"))]
    visible = " ".join(text.replace("\x07", "").split())
    assert visible in " ".join(shown.split())


def test_quote_and_esc_escape_what_they_must() -> None:
    assert quote('a"b\\c\nd') == '"a\\"b\\\\c\\nd"'
    assert esc('<a href="x">&') == "&lt;a href=&quot;x&quot;&gt;&amp;"


def test_yaml_text_with_quotes_brackets_and_backslashes_is_shown_as_written(nasty: Site) -> None:
    shown = texts(svg_tree(nasty, "pathway", "ltt-forloeb"))
    flat = " ".join(shown.split())
    for fragment in (
        '"psykolog" \\ C:\\temp',
        "<ltt> & visitation",
        "{1-6}",
        '"straks" & {hurtigt}',
        "inden for 2 uger <ca.>",
        'Behandler i "BUP" <region>',
        'Aftale om "børn & unge" <2024>',
        "Vejledning {udkast}",
    ):
        assert fragment in flat


# ---- accessible SVG ------------------------------------------------------------------------------


def test_svg_has_title_desc_and_img_role(nasty: Site) -> None:
    root = svg_tree(nasty, "pathway", "ltt-forloeb")
    title, desc = root[0], root[1]
    assert title.tag == f"{SVG}title"
    assert title.text == 'Forløb: Samtaler i kommunen – "det lette" forløb'
    assert desc.tag == f"{SVG}desc" and "Lægen vurderer" in (desc.text or "")
    assert root.get("role") == "img"
    assert root.get("aria-labelledby") == f"{title.get('id')} {desc.get('id')}"


def test_inline_svg_has_no_prolog_and_unique_ids(nasty: Site) -> None:
    svg = pathway_svg(nasty, "ltt-forloeb")
    assert svg.startswith("<svg") and "<?xml" not in svg and "<!DOCTYPE" not in svg
    ids = re.findall(r'\sid="([^"]+)"', svg)
    assert ids and all(i.startswith("forloeb-ltt-forloeb-") for i in ids)
    assert len(ids) == len(set(ids))
    ET.fromstring(svg)


def test_desc_reads_the_pathway_in_words(nasty: Site) -> None:
    desc = diagram(nasty, "pathway", "ltt-forloeb").description
    assert "1. Forælder er bekymret (Familien)" in desc
    assert "Lægen vurderer → Henvisning modtaget: Henvisning" in desc


# ---- what the swimlane shows --------------------------------------------------------------------


def test_lanes_are_the_sectors_in_use(nasty: Site) -> None:
    shown = texts(svg_tree(nasty, "pathway", "ltt-forloeb")).splitlines()
    for lane in ("Familien", "Kommunen", "Almen praksis", "Regionen"):
        assert lane in shown
    assert "Civilsamfundet" not in shown and "Staten" not in shown


@pytest.mark.parametrize(
    ("kind", "entity_id", "lanes"),
    [
        ("overview", None, ["Familien", "Kommunen", "Almen praksis", "Regionen"]),
        (
            "pathway",
            "tidlig-indsats",
            ["Familien", "Almen praksis", "Kommunen", "Regionen", "Signaturforklaring"],
        ),
    ],
)
def test_lanes_keep_their_fixed_order(
    valid: Site, kind: str, entity_id: str | None, lanes: list[str]
) -> None:
    # dot alone swaps these lanes to save a crossing; the renderer must put them back
    root = svg_tree(valid, kind, entity_id)
    x = {"".join(t.itertext()): float(t.get("x", "0")) for t in root.iter(f"{SVG}text")}
    assert sorted(lanes, key=lambda lane: x[lane]) == sorted(
        lanes,
        key=lambda lane: [
            "Familien",
            "Kommunen",
            "Almen praksis",
            "Regionen",
            "Signaturforklaring",
        ].index(lane),
    )


def test_unverified_and_stated_facts_are_drawn_with_other_lines(nasty: Site) -> None:
    root = svg_tree(nasty, "pathway", "ltt-forloeb")
    styles = {
        key: next(node_group(root, f"trin:ltt-forloeb:{key}").iter(f"{SVG}path")).get(
            "stroke-dasharray"
        )
        for key in ("bekymring", "samtaler", "afslut")
    }
    assert styles["bekymring"] is None
    assert styles["samtaler"] and styles["afslut"] and styles["samtaler"] != styles["afslut"]
    legend = texts(root)
    for entry in (
        "Signaturforklaring",
        "Bekræftet i kilde",
        "Ikke bekræftet",
        "Trin i et andet forløb",
        "Næste trin",
    ):
        assert entry in " ".join(legend.split())


def test_handover_labels_give_method_timeframe_and_consent(nasty: Site) -> None:
    flat = " ".join(texts(svg_tree(nasty, "pathway", "ltt-forloeb")).split())
    assert "Korrespondance inden for 2 uger <ca.> Kræver samtykke" in flat
    # an unknown consent rule is said once, in the legend, not on the arrow (issue 16)
    assert "Orientering (Ikke bekræftet)" in flat
    assert "Ukendt, om det kræver samtykke" not in flat
    assert flat.count(CONSENT_UNKNOWN_NOTE) == 1


def test_the_legend_speaks_of_unknown_consent_only_where_a_handover_has_it(site: Site) -> None:
    cat = site.catalogue
    for pathway in cat.pathways.values():
        handovers = pathway_handovers(cat, pathway)
        dot = pathway_diagram(site, pathway.id).dot
        unknown = [h for h in handovers if h.consent == "unknown"]
        assert ("legend:consent" in dot) == bool(unknown), pathway.id
        assert "Ukendt, om det kræver" not in dot, pathway.id


def test_caption_has_title_content_date_and_sources(nasty: Site) -> None:
    flat = " ".join(texts(svg_tree(nasty, "pathway", "bup-forloeb")).split())
    assert "Udredning i børne- og ungdomspsykiatrien" in flat
    assert "Senest gennemgået: 2025-03-10" in flat
    assert "Kilder: – Aftale om" in flat


def test_incoming_handover_from_another_pathway_is_shown(nasty: Site) -> None:
    flat = " ".join(texts(svg_tree(nasty, "pathway", "bup-forloeb")).split())
    assert "Forløb: Samtaler i kommunen" in flat and "Lægen vurderer" in flat


# ---- other maps --------------------------------------------------------------------------


def test_kommune_map_groups_services_by_status(nasty: Site) -> None:
    flat = " ".join(texts(svg_tree(nasty, "kommune", "koege")).split())
    for fragment in (
        "Planlagt",
        "Lettilgængeligt tilbud & samtaler pr. 2024-03-01",
        "Ukendt – spørg din kommune",
        "Anonym rådgivning pr. 2025-01-15",
    ):
        assert fragment in flat
    assert "Findes i jeres region" in flat and "Kommune: Køge" in flat
    assert "Samme status som på kommunens side og i Find hjælp" in flat


def test_role_map_shows_steps_and_both_ends_of_handovers(nasty: Site) -> None:
    flat = " ".join(texts(svg_tree(nasty, "role", "ppr-psykolog")).split())
    for fragment in (
        "PPR-psykolog",
        "3. Samtaler {1-6}",
        "4. Lægen vurderer",
        "Epikrise",
        "2. Udredning",
        "3. Tilbage til kommunen",
    ):
        assert fragment in flat


def test_overview_names_every_pathway(valid: Site) -> None:
    flat = " ".join(texts(svg_tree(valid, "overview", None)).split())
    for pathway in valid.catalogue.pathways.values():
        assert (pathway.short_name or pathway.name).split()[0] in flat


def test_danish_letters_and_font(nasty: Site) -> None:
    svg = render_file(diagram(nasty, "kommune", "aeroe"), "svg").decode()
    assert "Ærø" in svg and 'font-family="DejaVu Sans' in svg


@pytest.mark.parametrize(("fmt", "magic"), [("png", b"\x89PNG"), ("pdf", b"%PDF")])
def test_raster_and_print_formats(nasty: Site, fmt: str, magic: bytes) -> None:
    assert render_file(diagram(nasty, "overview"), fmt).startswith(magic)


def test_unknown_ids_are_refused(nasty: Site) -> None:
    with pytest.raises(UnknownEntity, match="unknown pathway 'nope'"):
        diagram(nasty, "pathway", "nope")
    with pytest.raises(UnknownEntity):
        diagram(nasty, "kommune", "region-test")


def test_every_diagram_of_the_fixture_renders(nasty: Site) -> None:
    cat = nasty.catalogue
    items = [("pathway", p) for p in cat.pathways] + [("role", r) for r in cat.roles]
    items += [("kommune", k.id) for k in cat.kommuner()]
    for kind, entity_id in items:
        ET.fromstring(inline_svg(diagram(nasty, kind, entity_id)))


# ---- CLI ----------------------------------------------------------------------------------------


def test_cli_writes_svg_to_stdout() -> None:
    result = CliRunner().invoke(
        cli, ["diagram", "pathway", "ltt-forloeb", "--format", "svg", "--pathways", str(NASTY)]
    )
    assert result.exit_code == 0, result.output
    assert ET.fromstring(result.stdout_bytes).get("role") == "img"


def test_cli_takes_the_format_from_out(tmp_path: Path) -> None:
    out = tmp_path / "kort.png"
    result = CliRunner().invoke(
        cli, ["diagram", "kommune", "aeroe", "--out", str(out), "--pathways", str(NASTY)]
    )
    assert result.exit_code == 0, result.output
    assert out.read_bytes().startswith(b"\x89PNG")


def test_cli_unknown_id_exits_2() -> None:
    result = CliRunner().invoke(cli, ["diagram", "role", "nope", "--pathways", str(NASTY)])
    assert result.exit_code == 2 and "unknown role 'nope'" in result.output


# ---- too large to draw ---------------------------------------------------------------------


def test_a_graph_too_large_to_draw_becomes_a_summary_that_says_so(
    valid: Site, monkeypatch: pytest.MonkeyPatch
) -> None:
    import navigator.diagrams.diagram as diagrams

    item = diagram(valid, "role", "ppr-psykolog")
    monkeypatch.setattr(diagrams, "MAX_EDGES", 1)  # as if the role had thousands of handovers
    svg = render_file(item, "svg").decode("utf-8")
    assert "Diagrammet er for stort til at tegne" in svg
    assert item.title in svg, "the summary still names what it stands for"
    dot = render_file(item, "dot").decode("utf-8")
    assert dot == item.dot, "the .dot download is the full graph"
    assert render_file(item, "pdf").startswith(b"%PDF"), "every format still downloads"


def test_a_map_of_more_boxes_than_anyone_can_read_is_a_summary_without_asking_graphviz(
    valid: Site, monkeypatch: pytest.MonkeyPatch
) -> None:
    import navigator.diagrams.diagram as diagrams

    item = diagram(valid, "role", "ppr-psykolog")
    boxes = len(diagrams._NODE.findall(item.dot))
    assert boxes > 3, "the role's map has boxes to count"
    monkeypatch.setattr(diagrams, "MAX_NODES", boxes - 1)  # as if a national map of 800
    asked: list[str] = []
    real = diagrams.render

    def noted(dot: str, fmt: str) -> bytes:
        asked.append(dot)
        return real(dot, fmt)

    monkeypatch.setattr(diagrams, "render", noted)
    svg = render_file(item, "svg").decode("utf-8")
    assert f"Diagrammet er for stort til at tegne ({boxes} felter)" in svg
    assert all("summary" in dot for dot in asked), "Graphviz never tries the whole map"
    assert (item.dot, "svg") not in drawings([item]), "nor does the freeze's pool"
    monkeypatch.setattr(diagrams, "MAX_NODES", boxes)
    assert drawings([item])[0][0] == item.dot, "a map at the bound is drawn"


def test_when_graphviz_gives_up_the_summary_is_drawn_instead(
    valid: Site, monkeypatch: pytest.MonkeyPatch
) -> None:
    import navigator.diagrams.diagram as diagrams
    from navigator.diagrams.dotwriter import DiagramError

    real = diagrams.render

    def slow(dot: str, fmt: str) -> bytes:  # the big graph times out, the summary does not
        if "summary" not in dot:
            raise DiagramError("Graphviz took longer than 20 s")
        return real(dot, fmt)

    monkeypatch.setattr(diagrams, "render", slow)
    item = diagram(valid, "pathway", "tidlig-indsats")
    text = inline_svg(item)
    assert "Diagrammet er for stort til at tegne" in text and "20 s" in text
