"""Issue 16, point 3: a long per-kommune table becomes a kommune picker with one kommune's
answer; PPR is never "Ukendt" when every kommune has it."""

from __future__ import annotations

import re

from conftest import shipped_id
from flask.testing import FlaskClient

from navigator.answers.query import availability, coverage, offered_everywhere
from navigator.build import Site
from navigator.core import codes, urls
from navigator.web.factory import create_app
from navigator.web.presenters import service, service_answer
from navigator.web.presenters.services import PICKER_ROWS

LTT = "lettilgaengeligt-tilbud"
PPR = "ppr-raadgivning"


def answer_box(html: str) -> str:
    """The answer section of a service page ('' when there is none)."""
    found = re.search(r'<section id="svar".*?</section>', html, re.S)
    return found.group(0) if found else ""


def test_ppr_is_offered_without_a_kommune_because_every_kommune_has_it(site: Site) -> None:
    cat = site.catalogue
    ppr = cat.services[shipped_id(cat.services, PPR)]
    kommuner = [k for k in cat.kommuner() if k.span.holds(cat.today)]
    assert {availability(cat, ppr, k.id)[0] for k in kommuner} == {"offered"}
    assert availability(cat, ppr, None)[0] == "offered"
    assert offered_everywhere(cat, ppr) is not None


def test_a_service_offered_in_some_kommuner_only_stays_unknown_without_one(site: Site) -> None:
    cat = site.catalogue
    stime = cat.services[shipped_id(cat.services, "stime")]
    statuses = {r.status for r in coverage(site, stime.id)}
    assert "offered" in statuses and statuses != {"offered"}, "offered in some kommuner"
    assert offered_everywhere(cat, stime) is None


def test_find_without_a_kommune_never_calls_ppr_unknown(client: FlaskClient) -> None:
    for query in ("alder=10", "alder=10&bekymring=skole", "alder=8&bekymring=ondt+i+maven"):
        results = client.get(f"/find.json?{query}").get_json()["results"]
        ppr = [r for r in results if r["id"] == PPR]
        assert ppr and ppr[0]["availability"] != "unknown", query
        html = client.get(f"/find/?{query}").get_data(as_text=True)
        card = html[html.index("PPR – Pædagogisk Psykologisk Rådgivning") :][:600]
        assert codes.AVAILABILITY["unknown"] not in card, query


def test_a_long_table_becomes_a_picker_and_a_short_one_stays(site: Site) -> None:
    cat = site.catalogue
    for service_id in cat.services:
        page = service(site, service_id)
        assert page is not None
        assert page["picker"] == (len(page["coverage"]) > PICKER_ROWS), service_id
    ltt = service(site, LTT)
    assert ltt and ltt["picker"] and len(ltt["coverage"]) == len(cat.kommuner())
    assert sum(c["count"] for c in ltt["coverage_summary"]) == len(ltt["coverage"])


def test_the_picker_is_a_plain_get_form_with_a_link_per_kommune(client: FlaskClient) -> None:
    html = client.get(f"/tilbud/{LTT}/").get_data(as_text=True)
    form = re.search(r'<form class="vv-kommune-picker" method="get" action="([^"]+)"', html)
    assert form and form.group(1) == f"/tilbud/{LTT}/#svar"
    assert '<select class="form-select" id="kommune-svar" name="kommune">' in html
    links = re.findall(r'<li><a href="(/tilbud/[^"]+\?kommune=[^"]+)">', html)
    assert len(links) == 98 and urls.service_answer(LTT, "aalborg") in links
    assert answer_box(html) == "", "no answer before a kommune is chosen"


def test_a_kommune_gets_its_own_answer_and_no_other_kommunes(
    client: FlaskClient, site: Site
) -> None:
    cat = site.catalogue
    names = {k.id: k.name for k in cat.kommuner()}
    for kommune in ("aalborg", "koebenhavn", "favrskov", "odense", "roskilde"):
        kommune = shipped_id(names, kommune)
        box = answer_box(client.get(f"/tilbud/{LTT}/?kommune={kommune}").get_data(as_text=True))
        assert names[kommune] in box
        others = [n for k, n in names.items() if k != kommune and re.search(rf"\b{n}\b", box)]
        assert others == [], (kommune, others)
        answer = service_answer(site, LTT, kommune)
        assert answer and answer["label"] in box
        assert answer["status"] == availability(cat, cat.services[LTT], kommune)[0]
    twin = client.get(f"/tilbud/{LTT}.json?kommune=aalborg").get_json()
    assert twin["answer"]["kommune"]["id"] == "aalborg"


def test_an_unknown_kommune_is_said_plainly(client: FlaskClient) -> None:
    html = client.get(f"/tilbud/{LTT}/?kommune=atlantis").get_data(as_text=True)
    assert "Vi kender ikke den kommune" in html and answer_box(html) == ""


def test_the_static_site_picks_with_links_to_kommune_pages(site: Site) -> None:
    # a frozen page cannot read ?kommune=: it offers a link to each kommune's own page
    app = create_app(site, {"FREEZING": True, "TESTING": True})
    html = app.test_client().get(f"/tilbud/{LTT}/").get_data(as_text=True)
    assert "vv-kommune-picker" not in html
    listed = re.search(r'<ul class="vv-kommune-list">(.*?)</ul>', html, re.S)
    assert listed
    hrefs = re.findall(r'href="([^"]+)"', listed.group(1))
    assert hrefs == [urls.kommune(k.id) for k in site.catalogue.kommuner()]
