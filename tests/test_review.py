"""`navigator review` and the coordinators' page: what goes stale, by owner and date."""

from __future__ import annotations

import csv
import io

from click.testing import CliRunner
from helpers import MERGER_DAY, SHIPPED_DAY

from navigator.answers.review import CSV_HEADER, review_items
from navigator.build import build_site
from navigator.cli import cli
from navigator.core import paths
from navigator.web.factory import create_app


def review(*args: str) -> str:
    """The output of `navigator review` on the shipped pathways."""
    result = CliRunner().invoke(cli, ["review", str(paths.PATHWAYS), *args])
    assert result.exit_code == 0, result.output
    return result.output


def test_review_lists_the_merger_as_coming_and_old_volatile_sources() -> None:
    out = review("--today", SHIPPED_DAY.isoformat())
    assert out.startswith("Til gennemgang pr. 2026-12-06:")
    assert "Vejviser-redaktionen:" in out
    assert "region-oestdanmark: region-oestdanmark begynder 1. januar 2027" in out
    assert "roskilde: i region-oestdanmark begynder 1. januar 2027" in out
    assert "livslinien: status 'active': nyeste kilde er fra 26. oktober 2015" in out


def test_review_after_the_merger_lists_the_numbers_carried_on_as_due() -> None:
    out = review("--today", "2027-01-01")
    assert (
        "2027-01-15  gennemgang       akuttelefon-1818: næste gennemgang er 15. januar 2027" in out
    )
    assert "begynder 1. januar 2027" in out, "a span starting today is still news"


def test_review_csv_has_one_item_a_row() -> None:
    rows = list(csv.reader(io.StringIO(review("--today", "2027-01-01", "--csv").lstrip("\ufeff"))))
    assert rows[0] == CSV_HEADER
    due = [r for r in rows[1:] if r[2] == "review" and r[3] == "akuttelefon-1818"]
    assert due == [
        [
            "Vejviser-redaktionen",
            "2027-01-15",
            "review",
            "akuttelefon-1818",
            due[0][4],
            "næste gennemgang er 15. januar 2027",
        ]
    ]
    dates = [(r[0], r[1]) for r in rows[1:]]
    assert dates == sorted(dates), "by owner, then by date"


def test_the_coordinators_page_shows_the_list_for_a_region_or_a_kommune() -> None:
    site = build_site(paths.PATHWAYS, MERGER_DAY, shacl=False)
    client = create_app(site, {"TESTING": True}).test_client()
    everything = client.get("/eksport/gennemgang/").get_data(as_text=True)
    roskilde = client.get("/eksport/gennemgang/roskilde/").get_data(as_text=True)
    aarhus = client.get("/eksport/gennemgang/aarhus/").get_data(as_text=True)
    assert "Til gennemgang: hele Vejviser" in everything
    assert "Til gennemgang: Roskilde Kommune" in roskilde
    assert "næste gennemgang er 15. januar 2027" in roskilde  # 1818 reaches Roskilde
    assert "Akuttelefonen 1818" not in aarhus
    assert client.get("/eksport/gennemgang/klynge-syd/").status_code == 404
    items = review_items(site.catalogue)
    assert everything.count("<tr>") == len(items) + everything.count("<thead>")


def test_a_page_past_its_review_says_so_to_parents() -> None:
    site = build_site(paths.PATHWAYS, MERGER_DAY.replace(year=2027, month=2), shacl=False)
    client = create_app(site, {"TESTING": True}).test_client()
    page = client.get("/tilbud/akuttelefon-1818/").get_data(as_text=True)
    assert "Vi har sidst tjekket dette 6. december 2026." in page
    fresh = create_app(build_site(paths.PATHWAYS, MERGER_DAY, shacl=False), {"TESTING": True})
    assert "Vi har sidst tjekket" not in fresh.test_client().get(
        "/tilbud/akuttelefon-1818/"
    ).get_data(as_text=True)
