"""The guide in headless Chromium: three journeys, axe-core, keyboard, 360 px, the static site."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import playwright.sync_api as playwright  # a dev dependency: missing means set-up failed
import pytest
from conftest import shipped_id
from werkzeug.serving import WSGIRequestHandler, make_server

from navigator.answers.query import region_of, services_for, who_does_what
from navigator.build import Site
from navigator.core import paths
from navigator.web.factory import create_app
from navigator.web.presenters import urgent_bar

pytestmark = pytest.mark.browser

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
AXE = paths.NODE_MODULES / "axe-core" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


class QuietWSGIHandler(WSGIRequestHandler):
    """Werkzeug's handler without a log line per request."""

    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        """Stay quiet."""


def serve_in_thread(app: object) -> Iterator[str]:
    """Run a WSGI app on a free port of 127.0.0.1 until the fixture ends."""
    server = make_server(
        "127.0.0.1",
        0,
        app,
        threaded=True,  # type: ignore[arg-type]
        request_handler=QuietWSGIHandler,
    )
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join()


@pytest.fixture(scope="module")
def base_url(site: Site) -> Iterator[str]:
    """The real guide over the shipped pathways, served on 127.0.0.1."""
    yield from serve_in_thread(create_app(site))


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    """One headless Chromium (Debian's) for the module."""
    if not Path(CHROMIUM).exists():
        # never a silent skip: CI must not pass without the browser tests having run
        pytest.fail("Debian chromium is not installed: run scripts/setup.sh (make setup)")
    with playwright.sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield chromium
        chromium.close()


@pytest.fixture()
def page(browser: object) -> Iterator[object]:
    """A fresh page at phone width unless a test resizes it."""
    context = browser.new_context(
        viewport={"width": 1024, "height": 800},  # type: ignore[attr-defined]
        bypass_csp=True,
        accept_downloads=True,
    )
    tab = context.new_page()
    yield tab
    context.close()


def test_a_parent_finds_where_to_start_for_a_ten_year_old_with_worries(
    page: object, base_url: str, site: Site
) -> None:
    kommuner = {k.id: k for k in site.catalogue.kommuner()}
    kommune = kommuner[shipped_id(kommuner, "gentofte")]
    page.goto(base_url + "/")
    page.get_by_role("link", name="Jeg er forælder").click()
    page.get_by_label("Hvor gammelt er barnet?").fill("10")
    page.get_by_label("Hvad er I bekymrede for?").fill("bekymring")
    page.get_by_label("Hvilken kommune bor I i?").select_option(label=kommune.name)
    page.get_by_role("button", name="Vis hvor vi kan starte").click()
    page.wait_for_url("**/find/?*")
    answer = page.locator("#find-answer")
    assert answer.get_by_role("heading", name="Her kan I starte").is_visible()
    first = answer.locator("article").first
    assert "I kan selv kontakte tilbuddet" in first.inner_text(), "self-referral comes first"
    assert first.get_by_role("heading", name="Sådan kommer I i kontakt").is_visible()
    assert first.get_by_role("heading", name="Det sker bagefter").is_visible()


SIZES = [pytest.param((360, 800), id="phone"), pytest.param((1280, 900), id="desktop")]


def ask(page: object, age: str, words: str, kommune_name: str) -> object:
    """Answer the three questions as a parent would, submit, and wait for the focused answer."""
    page.get_by_label("Hvor gammelt er barnet?").fill(age)  # type: ignore[attr-defined]
    page.get_by_label("Hvad er I bekymrede for?").fill(words)  # type: ignore[attr-defined]
    page.get_by_label("Hvilken kommune bor I i?").select_option(  # type: ignore[attr-defined]
        label=kommune_name
    )
    page.get_by_role("button", name="Vis hvor vi kan starte").click()  # type: ignore[attr-defined]
    heading = page.get_by_role("heading", name="Her kan I starte", level=1)  # type: ignore[attr-defined]
    heading.wait_for()
    page.wait_for_function(  # type: ignore[attr-defined]
        "document.activeElement && document.activeElement.id === 'svar'"
    )
    return heading


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("where", ["live", "static"])
def test_a_parent_of_a_school_refusing_ten_year_old_sees_the_answer_on_the_first_screen(
    page: object,
    site: Site,
    size: tuple[int, int],
    where: str,
    request: pytest.FixtureRequest,
    tmp_path: Path,
) -> None:
    width, height = size
    base = request.getfixturevalue("base_url" if where == "live" else "static_url")
    cat = site.catalogue
    kommune = cat.places[shipped_id({k.id: k for k in cat.kommuner()}, "gentofte")]
    page.set_viewport_size({"width": width, "height": height})
    page.goto(base + "/")
    form = page.locator("#find-form")
    assert form.bounding_box()["y"] < height, "the three questions start on the first screen"
    page.screenshot(path=str(tmp_path / f"forside-{where}-{width}.png"))
    heading = ask(page, "10", "vil ikke i skole", kommune.name)
    box = heading.bounding_box()
    assert 0 <= box["y"] and box["y"] + box["height"] <= height, "the answer is on screen"
    assert not page.locator("#find-form").is_visible(), "the answer replaces the questions"
    answer = page.locator("#find-answer")
    said = " ".join(answer.locator(".vv-asked").text_content().split())
    assert f"Barn på 10 år · {kommune.name} · Ret" in said, said
    assert "Angst og bekymring" in answer.inner_text(), "the theme in parents' words"
    assert answer.locator(".vv-fact").count() == 0, "no fact badge in the text for parents"
    # Gentofte's website is 'stated' (not read on its own site): said in words, not a badge
    assert "Vi har ikke tjekket det på kommunens egen side" in answer.inner_text()
    ppr = answer.locator('a.vv-term[href="/ordliste/#term-ppr"] abbr')
    assert ppr.count() == 1, "PPR is explained on its first use, and only there"
    assert ppr.get_attribute("title") == cat.glossary["term-ppr"].expansion
    cards = answer.locator("article.vv-card")
    shown = [c.get_attribute("aria-labelledby").removeprefix("r-") for c in cards.all()]
    wanted = [m.service.id for m in services_for(site, 10, "vil ikke i skole", kommune.id)]
    assert shown == wanted, "the cards are find's answer, in find's order"
    for card in cards.all():
        service = cat.services[card.get_attribute("aria-labelledby").removeprefix("r-")]
        phones = [c for c in service.contacts if c.type == "phone"]
        tel = card.locator('a[href^="tel:"]')
        if phones:
            assert tel.count() >= 1, f"{service.id}: tap to call"
        else:  # we never invent a number: the card says how to get in touch in words
            assert tel.count() == 0 and service.application_process, service.id
            assert service.application_process.split(".")[0] in card.inner_text()
    page.screenshot(path=str(tmp_path / f"svar-{where}-{width}.png"))
    # the kommune's own contact on its services, and its region's number in the bar
    assert f"Kontakt {kommune.name}" in answer.inner_text()
    bar = urgent_bar(site, region_of(cat, kommune.id))
    own = bar["lines"][1]["contacts"][0]["href"]
    assert page.locator(f".vv-urgent-list a[href='{own}']").count() == 1, own
    page.get_by_role("button", name="Ret jeres svar").click()
    assert page.get_by_label("Hvad er I bekymrede for?").input_value() == "vil ikke i skole"
    assert page.get_by_label("Hvilken kommune bor I i?").input_value() == kommune.id


@pytest.mark.parametrize("size", SIZES)
def test_a_teacher_finds_whom_to_hand_over_to_with_the_professional_detail_open(
    page: object, base_url: str, site: Site, size: tuple[int, int], tmp_path: Path
) -> None:
    cat = site.catalogue
    role = cat.roles[shipped_id(cat.roles, "laerer")]
    rows = who_does_what(site, role.id)
    handovers = [h for r in rows for h in r.hands_over]
    assert handovers, "the shipped pathways have the teacher hand over somewhere"
    page.set_viewport_size({"width": size[0], "height": size[1]})
    page.goto(base_url + "/roller/")
    page.get_by_role("link", name=role.name, exact=True).first.click()
    page.get_by_role("heading", name=role.name, level=1).wait_for()
    detail = page.locator("details.vv-fagfolk").first
    assert detail.get_attribute("open") is not None, "For fagfolk is open on a page for them"
    text = page.locator("main").inner_text()
    assert "Du giver videre til" in text  # the page speaks to the professional
    for handover in handovers:
        pathway_id, step_id = handover.target.split(":")
        assert cat.pathways[pathway_id].step(step_id).name in text  # type: ignore[union-attr]
    page.screenshot(path=str(tmp_path / f"laerer-{size[0]}.png"), full_page=True)


def test_a_professional_sees_what_ppr_does_in_kit_and_whom_it_hands_over_to(
    page: object, base_url: str, site: Site
) -> None:
    rows = {r.pathway.id: r for r in who_does_what(site, "ppr-psykolog")}
    assert "kit" in rows, "the shipped pathways have PPR in KIT"
    page.goto(base_url + "/soeg/?q=PPR")
    page.locator("#g-role ~ ul").get_by_role("link", name="PPR-psykolog").click()
    kit = page.locator("section", has=page.locator("#i-kit"))
    text = kit.inner_text()
    for step in rows["kit"].steps:
        assert step.name in text
    assert rows["kit"].hands_over, "PPR hands over in KIT"
    assert "Du giver videre til" in text, "the PPR page is written to the psychologist"
    for handover in rows["kit"].hands_over:
        target = site.catalogue.pathways[handover.target.split(":")[0]]
        assert target.step(handover.target.split(":")[1]).name in text  # type: ignore[union-attr]


def test_a_coordinator_opens_a_pathway_and_downloads_its_diagram(
    page: object, base_url: str, site: Site
) -> None:
    pathway = site.catalogue.pathways[shipped_id(site.catalogue.pathways, "kit")]
    page.goto(base_url + "/forloeb/")
    page.get_by_role("link", name=pathway.name, exact=True).click()
    assert page.get_by_role("heading", name="Trin for trin").is_visible()
    assert page.locator(".vv-step").count() == len(pathway.steps)
    assert page.locator(".vv-diagram svg").count() == 1, "the diagram is inline SVG"
    with page.expect_download() as download:
        page.get_by_role("link", name="SVG").click()
    saved = Path(download.value.path())
    assert download.value.suggested_filename.endswith(".svg")
    assert "<svg" in saved.read_text(encoding="utf-8")[:2000]


def page_types(site: Site) -> list[str]:
    """One URL of every page type."""
    cat = site.catalogue
    clusters = {p.id: p for p in cat.places.values() if p.type == "cluster"}
    kommuner = {k.id: k for k in cat.kommuner()}
    kommune = shipped_id(kommuner, "gentofte")
    return [
        "/",
        f"/find/?alder=10&bekymring=bekymring&kommune={kommune}",
        f"/plan/?alder=6-12&tema=bekymring&kommune={kommune}&raad=raad-skolefravaer",
        f"/plan/?alder=6-12&tema=bekymring&kommune={kommune}&til=skole",
        "/forloeb/",
        f"/forloeb/{shipped_id(cat.pathways, 'kit')}/",
        "/tilbud/",
        f"/tilbud/{shipped_id(cat.services, 'stime')}/",
        "/roller/",
        f"/roller/{shipped_id(cat.roles, 'ppr-psykolog')}/",
        "/kommuner/",
        f"/kommuner/{kommune}/",
        f"/klynger/{shipped_id(clusters, 'randersklyngen')}/",
        "/hvem-goer-hvad/",
        "/soeg/?q=angst",
        "/ordliste/",
        "/kilder/",
        "/akut/",
        "/om/",
        "/findes-ikke/",
        "/find/?bekymring=vil+ikke+leve+mere",  # "Få hjælp nu"
        "/find/?alder=15&bekymring=psykose",  # no kommune: "Der kan være mere hjælp"
        f"/forloeb/{shipped_id(cat.pathways, 'tut-rm-skoleboern')}/",
    ]  # ended: history


@pytest.mark.parametrize("size", SIZES)
def test_axe_finds_no_wcag_21_aa_violations_on_any_page_type(
    page: object, base_url: str, site: Site, size: tuple[int, int]
) -> None:
    page.set_viewport_size({"width": size[0], "height": size[1]})
    found = {}
    for url in page_types(site):
        page.goto(base_url + url)
        # "For fagfolk" and every other <details> open, so axe checks what they hold too
        page.evaluate("document.querySelectorAll('details').forEach(d => { d.open = true; })")
        page.add_script_tag(path=str(AXE))
        result = page.evaluate(
            "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", AXE_TAGS
        )
        violations = [
            f"{v['id']}: {v['help']} ({len(v['nodes'])}× e.g. {v['nodes'][0]['target']})"
            for v in result["violations"]
        ]
        if violations:
            found[url] = violations
    assert found == {}


def test_keyboard_reaches_the_skip_link_first_and_it_moves_focus_to_the_content(
    page: object, base_url: str
) -> None:
    page.goto(base_url + "/forloeb/")
    page.keyboard.press("Tab")
    focused = page.evaluate(
        "[document.activeElement.textContent.trim(),"
        " getComputedStyle(document.activeElement).outlineStyle]"
    )
    assert focused == ["Gå til sidens indhold", "solid"], "first Tab: the visible skip link"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main-content"
    page.keyboard.press("Tab")
    inside = page.evaluate(
        "document.getElementById('main-content').contains(document.activeElement)"
    )
    assert inside, "the next Tab lands inside the main content, past the menus"


def test_no_horizontal_scroll_at_360_px(page: object, base_url: str, site: Site) -> None:
    page.set_viewport_size({"width": 360, "height": 740})
    too_wide = {}
    for url in page_types(site):
        page.goto(base_url + url)
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > 360:
            too_wide[url] = width
    assert too_wide == {}


@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/akut/",
        "/akut/region-nordjylland/",
        "/find/?kommune=randers&alder=15&bekymring=selvskade",
    ],
)
def test_the_urgent_bar_is_one_line_at_360_px(page: object, base_url: str, url: str) -> None:
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto(base_url + url)
    boxes = page.evaluate(
        "[...document.querySelectorAll('.vv-urgent-inner > *, .vv-urgent-list > li')]"
        ".filter(e => e.offsetParent !== null)"
        ".map(e => [e.getBoundingClientRect().top, e.getBoundingClientRect().bottom])"
    )
    assert len(boxes) >= 4, boxes  # title, list, 112 and the link at least
    assert max(t for t, _ in boxes) < min(b for _, b in boxes), f"on one line: {boxes}"
    assert page.evaluate("document.documentElement.scrollWidth") <= 360


def test_the_jump_list_on_akut_takes_a_parent_to_their_region_without_javascript(
    browser: object, base_url: str
) -> None:
    context = browser.new_context(
        java_script_enabled=False,  # type: ignore[attr-defined]
        viewport={"width": 360, "height": 740},
    )
    page = context.new_page()
    page.goto(base_url + "/akut/")
    page.click("#regioner a[href='#region-nordjylland']")
    assert page.evaluate("location.hash") == "#region-nordjylland"
    top = page.evaluate("document.getElementById('region-nordjylland').getBoundingClientRect().top")
    assert 0 <= top < 100, "the region's numbers are at the top of the screen"
    assert page.is_visible("#region-nordjylland a[href='tel:70150300']")
    context.close()


def test_the_find_helper_answers_in_the_browser_on_the_static_site(
    page: object, static_url: str, base_url: str, site: Site
) -> None:
    kommune = shipped_id({k.id: k for k in site.catalogue.kommuner()}, "gentofte")
    query = f"/find/?alder=10&bekymring=ondt+i+maven&kommune={kommune}"
    # every card as the browser holds it, whitespace aside: the static cards are cloned from
    # the live macro's markup, with each glossary term explained only on its first use
    # (every question is compared in Node: tests/test_find_parity.py)
    cards = "cards => cards.map(c => c.outerHTML.split(/\\s+/).join(' '))"
    page.goto(base_url + query)
    served = page.locator("#find-answer article").evaluate_all(cards)
    page.goto(static_url + query)
    page.locator("#find-answer article").first.wait_for()
    frozen = page.locator("#find-answer article").evaluate_all(cards)
    assert frozen == served, "the static site gives the same answer, in the same order"
    assert len(served) > 3 and [c for c in served if "vv-ask" in c] and "vv-reason" in served[0]
    terms = page.locator("#find-answer a.vv-term").evaluate_all(
        "links => links.map(a => a.getAttribute('href'))"
    )
    assert terms and len(terms) == len(set(terms)), "each term explained once on the page"
    assert page.get_by_label("Hvor gammelt er barnet?").input_value() == "10"
    assert page.locator("#find-answer").inner_text().count("Her kan I starte") == 1


@pytest.mark.parametrize(
    "query",
    [
        "alder=10&kommune=region-nordjylland",  # a region: answered as the region
        "alder=%2B10&kommune=aalborg",  # '+10': asked for again on both
        "alder=%D9%A1%D9%A0&bekymring=angst",  # '١٠'
        "alder=+7+&bekymring=angst",  # ' 7 ': seven
        "alder=10&kommune=constructor",  # no kommune, though JavaScript's objects have it
    ],
)
def test_the_static_find_reads_odd_answers_as_the_live_site_does(
    page: object, static_url: str, base_url: str, query: str
) -> None:
    """The same answer on both sites, word for word: the errors, the summary line, the
    notices and the cards (tests/test_find_parity.py compares thousands of these in Node)."""
    answer = "#find-answer, .alert-error"
    page.goto(base_url + "/find/?" + query, wait_until="networkidle")  # find.js has run
    served = " ".join(page.locator(answer).all_inner_texts()).split()
    assert page.locator(".alert-error").count() <= 1, "an error is shown once on the live site"
    page.goto(static_url + "/find/?" + query)
    page.locator("#svar, .alert-error").first.wait_for()
    frozen = " ".join(page.locator(answer).all_inner_texts()).split()
    assert frozen == served
    assert page.locator(".alert-error").count() <= 1, "and once on the static site"
    if page.locator(".alert-error").count():  # above the questions' form, as on the live site
        assert page.locator("#find-questions > .alert-error + #find-form").count() == 1
    assert "Region Nordjylland" in " ".join(served) or "region" not in query
    assert "/kommuner/region-nordjylland/" not in page.content()


def test_the_static_find_never_shows_another_answer_when_the_kommunes_file_is_missing(
    page: object, static_url: str, site: Site
) -> None:
    kommune = shipped_id({k.id: k for k in site.catalogue.kommuner()}, "aalborg")
    page.route(f"**/find-data/{kommune}.json", lambda route: route.fulfill(status=404))
    page.goto(static_url + f"/find/?alder=15&kommune={kommune}")
    page.get_by_text("Svaret kunne ikke hentes").wait_for()
    assert page.locator("#find-answer article").count() == 0, "not the answer for no kommune"


@pytest.mark.parametrize("words", ["hun vil ikke leve mere", "han har skaaret i armene"])
def test_the_static_site_shows_the_same_help_now_card_first(
    page: object, static_url: str, base_url: str, site: Site, words: str
) -> None:
    kommune = shipped_id({k.id: k for k in site.catalogue.kommuner()}, "favrskov")
    query = f"/find/?bekymring={words.replace(' ', '+')}&kommune={kommune}"
    page.goto(base_url + query)
    served = page.locator("#faa-hjaelp-nu").inner_text()
    page.goto(static_url + query)
    page.locator("#faa-hjaelp-nu").wait_for()
    frozen = page.locator("#faa-hjaelp-nu").inner_text()
    assert frozen == served, "the static site shows the same card"
    assert "112" in frozen and "70 11 31 31" in frozen and "1813" not in frozen
    card = page.locator("#faa-hjaelp-nu").bounding_box()
    first = page.locator("#find-answer article").first.bounding_box()
    assert card["y"] < first["y"], "the card comes before every service"


def test_the_static_find_helper_says_how_to_reach_the_kommune_and_the_law(
    page: object, static_url: str, site: Site
) -> None:
    kommune = shipped_id({k.id: k for k in site.catalogue.kommuner()}, "aalborg")
    page.goto(static_url + f"/find/?alder=15&bekymring=selvskade&kommune={kommune}")
    card = page.locator("#find-answer article", has=page.locator("#r-lettilgaengeligt-tilbud"))
    card.wait_for()
    text = card.inner_text()
    assert "Alle kommuner skal have tilbuddet: Sundhedsloven § 126 a" in text
    assert "Kontakt Aalborg Kommune" in text
    assert "Vi har ikke Aalborg Kommunes hovednummer." in text
    assert "Spørg efter det gratis behandlingstilbud til børn og unge." in text


@pytest.mark.parametrize("kommune", ["aalborg", "roskilde"])
def test_the_static_find_helper_puts_the_regions_number_in_the_urgent_bar(
    page: object, static_url: str, base_url: str, site: Site, kommune: str
) -> None:
    from navigator.answers.query import region_of
    from navigator.web.presenters import urgent_bar

    cat = site.catalogue
    shipped_id({k.id: k for k in cat.kommuner()}, kommune)
    wanted = [u["contacts"][0]["href"] for u in urgent_bar(site, region_of(cat, kommune))["lines"]]
    query = f"/find/?alder=15&bekymring=angst&kommune={kommune}"
    page.goto(base_url + query)
    served = page.locator(".vv-urgent-list").inner_text()
    page.goto(static_url + query)
    page.locator("#find-answer article").first.wait_for()
    frozen = page.locator(".vv-urgent-list").inner_text()
    hrefs = page.locator(".vv-urgent-list a.vv-urgent-link").evaluate_all(
        "links => links.map(a => a.getAttribute('href'))"
    )
    assert frozen == served, "the static bar is the live bar for the region"
    assert hrefs == wanted and hrefs[0] == "tel:112" and len(hrefs) == 2
    assert "1813" not in frozen
    page.goto(static_url + query + "&ret=1")  # the questions again: the bar keeps the region
    page.locator(f".vv-urgent-list a[href='{wanted[1]}']").wait_for()


def test_the_static_cards_offer_the_kommunes_own_way_onwards_and_a_way_in(
    page: object, static_url: str, base_url: str, site: Site
) -> None:
    kommune = shipped_id({k.id: k for k in site.catalogue.kommuner()}, "aalborg")
    query = f"/find/?alder=15&kommune={kommune}"
    pathways = "#find-answer article a[href^='/forloeb/']"
    page.goto(base_url + query)
    served = page.locator(pathways).evaluate_all("links => links.map(a => a.getAttribute('href'))")
    served_way_in = page.locator(".vv-way-in, .vv-via a").all_inner_texts()
    page.goto(static_url + query)
    page.locator("#find-answer article").first.wait_for()
    frozen = page.locator(pathways).evaluate_all("links => links.map(a => a.getAttribute('href'))")
    assert sorted(frozen) == sorted(served)
    assert page.locator(".vv-way-in, .vv-via a").all_inner_texts() == served_way_in
    assert "sundhedskort" in " ".join(served_way_in)
    assert not [h for h in frozen if "-rm/" in h or "henvisning-bup" in h or "/kit/" in h]
    way_in = (
        ".vv-contacts a[href^='tel:'], .vv-contacts a[href^='http'], "
        ".vv-contacts a[href^='sms:'], .vv-way-in"
    )
    for card in page.locator("#find-answer article").all():
        # a kommune's own service without a sourced contact says how to find the kommune
        assert card.locator(way_in).count() or card.locator(".vv-kommune-contact").count(), (
            card.locator("h3").inner_text()
        )


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("where", ["live", "static"])
def test_a_parent_of_a_fifteen_year_old_who_self_harms_gets_help_now_first(
    page: object,
    site: Site,
    size: tuple[int, int],
    where: str,
    request: pytest.FixtureRequest,
    tmp_path: Path,
) -> None:
    from navigator.answers.query import region_of, urgent_help

    width, height = size
    base = request.getfixturevalue("base_url" if where == "live" else "static_url")
    cat = site.catalogue
    kommune = cat.places[shipped_id({k.id: k for k in cat.kommuner()}, "aalborg")]
    region = region_of(cat, kommune.id)
    own = [
        c.value
        for s in urgent_help(cat, region)
        if s.area_served
        for c in s.contacts
        if c.type == "phone"
    ]
    assert region == "region-nordjylland" and own, "the region has its own urgent number"
    page.set_viewport_size({"width": width, "height": height})
    page.goto(base + "/")
    ask(page, "15", "hun har skaaret sig i armene", kommune.name)
    card = page.locator("#faa-hjaelp-nu")
    card.wait_for()
    box = card.bounding_box()
    assert box["y"] < height, "the 'Få hjælp nu' card starts on the first screen"
    first = page.locator("#find-answer article").first.bounding_box()
    assert box["y"] < first["y"], "the card comes before every service"
    text = card.inner_text()
    assert card.locator('a[href="tel:112"]').count() == 1
    assert own[0] in text, "the region's own number is on the card"
    answer = page.locator("#find-answer").inner_text()
    assert "1813" not in answer and "1813" not in page.locator(".vv-urgent-list").inner_text()
    assert own[0] in page.locator(".vv-urgent-list").inner_text(), "the bar knows the region"
    page.screenshot(path=str(tmp_path / f"selvskade-{where}-{width}.png"))


@pytest.mark.parametrize("where", ["live", "static"])
def test_a_parent_without_a_kommune_sees_only_help_for_everyone_and_chooses_the_kommune(
    page: object, site: Site, where: str, request: pytest.FixtureRequest
) -> None:
    """No kommune: no region's own child psychiatry, a notice that more help may exist, and
    the kommune chosen right in it gives the region's help (issue 10, regional truth)."""
    cat = site.catalogue
    kommune = cat.places[shipped_id({k.id: k for k in cat.kommuner()}, "aalborg")]
    regional = shipped_id(cat.services, "boerne-og-ungdomspsykiatri-nordjylland")
    base = request.getfixturevalue("base_url" if where == "live" else "static_url")
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto(base + "/find/?alder=15&bekymring=psykose")
    answer = page.locator("#find-answer")
    answer.locator("article").first.wait_for()
    assert answer.locator(f"#r-{regional}").count() == 0
    assert answer.locator("#r-egen-laege").count() == 1, "help for everyone is shown"
    notice = answer.locator("#mere-hjaelp")
    assert "Der kan være mere hjælp, hvor I bor" in notice.inner_text()
    assert notice.bounding_box()["y"] < answer.locator("article").first.bounding_box()["y"]
    notice.get_by_label("Hvilken kommune bor I i?").select_option(label=kommune.name)
    notice.get_by_role("button", name="Vis hjælpen hos jer").click()
    page.wait_for_url(f"**kommune={kommune.id}*")
    card = answer.locator("article", has=page.locator(f"#r-{regional}"))
    card.wait_for()
    assert "Findes i jeres region" in card.inner_text()
    assert page.locator("#mere-hjaelp").count() == 0
    assert kommune.name in answer.locator(".vv-asked").inner_text()
    assert page.locator("#bekymring").input_value() == "psykose", "the other answers are kept"
