"""Pages and files for professionals: role pages, who-does-what on a phone, CSVs, paper PDFs."""

from __future__ import annotations

import csv
import html
import io
import re
from pathlib import Path

import pytest
from conftest import shipped_id
from flask.testing import FlaskClient
from helpers import check_text

from navigator.answers.query import offers_in
from navigator.build import Site
from navigator.diagrams.paper import MARGIN, SHEETS, choose_paper, media_box, on_paper
from navigator.web.tables import KOMMUNE_HEADER, PATHWAY_HEADER, table_csv

BOM = "\ufeff"
REVIEW = "review: {last_reviewed: 2025-01-15, next_review: 2026-01-15, owner: Test}\n"
A4, A3 = SHEETS["A4"], SHEETS["A3"]
PROFESSIONALS = (
    "laerer",
    "sundhedsplejerske",
    "praktiserende-laege",
    "ppr-psykolog",
    "socialraadgiver",
)


def text_of(client: FlaskClient, url: str) -> str:
    """A page's visible text, tags dropped and spaces squeezed."""
    response = client.get(url)
    assert response.status_code == 200, url
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", response.get_data(as_text=True))).split())


def rows_of(body: str, delimiter: str) -> list[list[str]]:
    """A CSV body without its byte order mark, parsed."""
    assert body.startswith(BOM), "a byte order mark, so Excel reads æ, ø and å"
    return list(csv.reader(io.StringIO(body[1:]), delimiter=delimiter))


# ---- role pages ------------------------------------------------------------------------------


@pytest.mark.parametrize("role_id", PROFESSIONALS)
def test_each_professional_has_a_page_written_to_them_with_sourced_duties(
    client: FlaskClient, site: Site, role_id: str
) -> None:
    role = site.catalogue.roles[shipped_id(site.catalogue.roles, role_id)]
    assert role.professional and role.professional.startswith("Du er ")
    assert role.duties, "every professional page names a duty"
    assert all(n.sources for n in (*role.duties, *role.when_worried))
    text = text_of(client, f"/roller/{role_id}/")
    assert role.professional in text
    assert "Dine pligter" in text and "Dine trin i forløbene" in text
    for note in role.duties:
        assert note.text in text


def test_the_teacher_page_says_what_to_do_when_worried(client: FlaskClient) -> None:
    text = text_of(client, "/roller/laerer/")
    start = text.index("Når du er bekymret for et barn")
    worried = text[start : text.index("Dine pligter", start)]
    for step in (
        "Tal med forældrene",
        "Kontakt PPR efter skolens procedure",
        "Underret kommunen, når pligten gælder",
    ):
        assert step in worried
    assert "Skærpet underretningspligt" in text
    assert "Barnets lov §§ 132–135 (paragrafferne er ikke kontrolleret i lovteksten)" in text
    assert "Underretning ved mistanke om børn og unges forhold" in text, "the source is named"


def test_the_role_list_points_professionals_to_their_pages(client: FlaskClient) -> None:
    html = client.get("/roller/").get_data(as_text=True)
    panel = html[html.index('id="til-fagfolk"') : html.index("</section>")]
    for role_id in PROFESSIONALS:
        assert f'href="/roller/{role_id}/"' in panel
    assert 'href="/roller/foraelder/"' not in panel


def test_role_page_json_carries_the_notes_with_fact_status(client: FlaskClient) -> None:
    data = client.get("/roller/laerer.json").get_json()
    duty = data["duties"][0]
    assert duty["fact"]["status"] == "stated"
    assert duty["legal_basis"].startswith("Barnets lov")
    assert {s["id"] for s in duty["sources"]} == {"src-rsyd-underretning", "src-bv-fagperson"}


def test_a_duty_without_sources_is_an_error_at_its_line(tmp_path: Path) -> None:
    text = (
        REVIEW + "roles:\n  - id: skolesygeplejerske\n    name: Skolesygeplejerske\n"
        "    sector: kommune\n    sources: [testkilde-aftale]\n    fact_status: stated\n"
        "    duties:\n      - text: Du skal underrette.\n"
    )
    assert check_text(tmp_path, text) == [
        "case.yaml:9:9: error: duties of role 'skolesygeplejerske' has no 'sources'"
    ]


# ---- who does what on a phone ---------------------------------------------------------------


def test_who_does_what_shows_one_role_chosen_without_javascript(
    client: FlaskClient, site: Site
) -> None:
    html = client.get("/hvem-goer-hvad/?rolle=laerer").get_data(as_text=True)
    choice = html[html.index('class="vv-who-choice"') : html.index('class="vv-matrix-wide"')]
    assert "Lærer eller pædagog" in choice
    kit = site.catalogue.pathways[shipped_id(site.catalogue.pathways, "kit")]
    assert kit.name in choice
    assert all(s.name in choice for s in kit.steps if "laerer" in s.performed_by)
    assert '<option value="laerer" selected>' in html, "the form keeps the choice"


def test_who_does_what_shows_one_pathway_with_the_roles_in_it(
    client: FlaskClient, site: Site
) -> None:
    html = client.get("/hvem-goer-hvad/?forloeb=kit").get_data(as_text=True)
    choice = html[html.index('class="vv-who-choice"') : html.index('class="vv-matrix-wide"')]
    actors = {r for s in site.catalogue.pathways["kit"].steps for r in s.performed_by}
    for role_id in actors:
        assert site.catalogue.roles[role_id].name in choice


def test_who_does_what_says_so_for_an_unknown_choice(client: FlaskClient) -> None:
    assert "Vi kender ikke" in text_of(client, "/hvem-goer-hvad/?rolle=findes-ikke")
    assert client.get("/hvem-goer-hvad.json?forloeb=kit").get_json()["choice"]["kind"] == (
        "pathway"
    )


# ---- CSV -------------------------------------------------------------------------------------


def test_pathway_csv_for_danish_excel_has_steps_and_handovers(client: FlaskClient) -> None:
    response = client.get("/eksport/forloeb/henvisning-bup.excel.csv")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
    assert 'filename="henvisning-bup-excel.csv"' in response.headers["Content-Disposition"]
    rows = rows_of(response.get_data(as_text=True), ";")
    assert rows[0] == PATHWAY_HEADER
    table = [dict(zip(rows[0], r, strict=True)) for r in rows[1:]]
    first = table[0]
    assert (first["type"], first["nr"], first["id"], first["sektor"]) == (
        "trin",
        "1",
        "bekymring",
        "Kommunen",
    )  # the teacher's sector, as in the diagram
    sent = next(
        r
        for r in table
        if r["type"] == "overgang"
        and r["fra"].startswith("Henvisningen sendes")
        and r["metode"] == "Henvisning"
    )
    assert sent["til"].startswith("Central visitation")
    assert sent["sektor"] == "Almen praksis → Regionen"
    assert sent["samtykke"] == "Ukendt, om det kræver samtykke"


def test_pathway_csv_standard_form_uses_commas(client: FlaskClient) -> None:
    body = client.get("/eksport/forloeb/kit.csv").get_data(as_text=True)
    rows = rows_of(body, ",")
    assert rows[0] == PATHWAY_HEADER
    assert all(len(r) == len(PATHWAY_HEADER) for r in rows)
    assert any(r[0] == "overgang" and r[11] == "Når udredningen begynder" for r in rows)


def test_kommune_csv_for_danish_excel_lists_its_offers_with_status(
    client: FlaskClient, site: Site
) -> None:
    shipped_id({k.id: k for k in site.catalogue.kommuner()}, "gentofte")
    rows = rows_of(client.get("/eksport/kommuner/gentofte.excel.csv").get_data(as_text=True), ";")
    assert rows[0] == KOMMUNE_HEADER
    assert len(rows) - 1 == len(offers_in(site, "gentofte"))
    stime = next(r for r in rows if r[2] == "stime")
    assert (stime[1], stime[4]) == ("Gentofte Kommune", "Tilbydes")


@pytest.mark.parametrize("name", ["hvem-goer-hvad-excel.csv", "tilbud-kommuner-excel.csv"])
def test_whole_tables_have_excel_twins(client: FlaskClient, name: str) -> None:
    comma = rows_of(client.get(f"/data/{name.replace('-excel', '')}").get_data(as_text=True), ",")
    semicolon = rows_of(client.get(f"/data/{name}").get_data(as_text=True), ";")
    assert semicolon[0] == comma[0] and len(semicolon) == len(comma)


@pytest.mark.parametrize(
    "url", ["/eksport/forloeb/findes-ikke.csv", "/eksport/kommuner/region-hovedstaden.excel.csv"]
)
def test_unknown_or_wrong_kind_is_not_found(client: FlaskClient, url: str) -> None:
    assert client.get(url).status_code == 404


def test_cells_that_look_like_formulas_are_escaped() -> None:
    body = table_csv(
        ["a", "b", "c", "d", "e"], [["=1+1", "+45 70", "-x", "@SUM(A1)", 7]], excel=True
    )
    assert rows_of(body, ";")[1] == ["'=1+1", "'+45 70", "'-x", "'@SUM(A1)", "7"]


def test_pages_link_their_csv(client: FlaskClient) -> None:
    assert "/eksport/forloeb/kit.excel.csv" in client.get("/forloeb/kit/").get_data(as_text=True)
    assert "/eksport/kommuner/gentofte.excel.csv" in client.get("/kommuner/gentofte/").get_data(
        as_text=True
    )
    listing = client.get("/eksport/").get_data(as_text=True)
    assert "/eksport/forloeb/kit.excel.csv" in listing
    assert "/data/tilbud-kommuner-excel.csv" in listing


# ---- diagrams --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("width", "height", "sheet", "landscape"),
    [
        (600, 400, "A4", True),
        (400, 600, "A4", False),
        (1900, 1360, "A3", True),
        (1050, 1180, "A3", False),
    ],
)
def test_paper_is_a4_or_a3_turned_with_the_drawing(
    width: float, height: float, sheet: str, landscape: bool
) -> None:
    paper, scale = choose_paper(width, height)
    assert paper.name == sheet
    assert (paper.width > paper.height) == landscape
    assert width * scale <= paper.width - 2 * MARGIN + 0.01
    assert height * scale <= paper.height - 2 * MARGIN + 0.01


def _is_paper(size: tuple[float, float]) -> bool:
    return any(abs(min(size) - short) < 1 and abs(max(size) - long) < 1 for short, long in (A4, A3))


@pytest.mark.parametrize(
    "url",
    [
        "/eksport/forloeb/henvisning-bup.pdf",
        "/eksport/forloeb/kit.pdf",
        "/eksport/kommuner/gentofte.pdf",
        "/eksport/oversigt.pdf",
    ],
)
def test_pdf_downloads_are_on_a4_or_a3(client: FlaskClient, url: str) -> None:
    pdf = client.get(url).get_data()
    size = media_box(pdf)
    assert _is_paper(size), size
    assert _xref_points_at_objects(pdf)


def _xref_points_at_objects(pdf: bytes) -> bool:
    """Every in-use xref entry points at 'N 0 obj' (the MediaBox edit kept offsets right)."""
    start = int(re.findall(rb"startxref\s+(\d+)", pdf)[-1])
    table = pdf[start : pdf.index(b"trailer", start)].split(b"\n")[2:]
    offsets = [(i, int(row[:10])) for i, row in enumerate(table) if row.strip().endswith(b"n")]
    return all(pdf[at:].startswith(b"%d 0 obj" % i) for i, at in offsets)


def test_on_paper_keeps_a_tiny_pdf_readable() -> None:
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [ 0 0 100 50 ] >>",
    ]
    out, offsets = bytearray(b"%PDF-1.5\n"), []
    for i, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (i, body)
    xref = len(out)
    out += b"xref\n0 4\n0000000000 65535 f \n"
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size 4 /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % xref
    paper, _ = choose_paper(100, 50)
    placed = on_paper(bytes(out), paper)
    assert media_box(placed) == pytest.approx((paper.width, paper.height), abs=0.01)
    assert _xref_points_at_objects(placed)


def test_full_size_diagram_page_has_the_svg_and_the_zoom_script(
    client: FlaskClient, site: Site
) -> None:
    pathway = site.catalogue.pathways[shipped_id(site.catalogue.pathways, "kit")]
    html = client.get("/forloeb/kit/diagram/").get_data(as_text=True)
    box = html[html.index("data-zoom-box") :]
    assert box.index("<svg") < box.index("</svg>")
    assert "/static/js/zoom.js" in html and "cdn" not in html.lower()
    assert pathway.name in html
    assert client.get("/forloeb/findes-ikke/diagram/").status_code == 404
    assert "/forloeb/kit/diagram/" in client.get("/forloeb/kit/").get_data(as_text=True)


def test_step_list_shows_each_handover_with_method_and_sector(client: FlaskClient) -> None:
    html = client.get("/forloeb/kit/").get_data(as_text=True)
    lines = [
        " ".join(re.sub(r"<[^>]+>", " ", x).split())
        for x in re.findall(r'<p class="vv-small vv-step-handover">.*?</p>', html)
    ]
    assert any(
        line.startswith("Giver videre: Henvisning til Central visitation (Regionen)")
        for line in lines
    ), lines
    assert any(line.startswith("Modtager fra:") and "Underretning" in line for line in lines)
