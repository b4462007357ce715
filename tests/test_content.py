"""The shipped content: checks a reviewer or a parent would notice if they failed."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import pytest
from helpers import MERGER_DAY, MERGER_EVE

from navigator.build import build_site
from navigator.core.problems import Pos, count
from navigator.source.readability import (
    LIX_AIM,
    LIX_LIMIT,
    known_acronyms,
    lix,
    lix_table,
    parent_texts,
    text_problems,
)

PATHWAYS = Path(__file__).resolve().parent.parent / "pathways"


@pytest.fixture(scope="module")
def shipped():
    return build_site(PATHWAYS)


def test_lix_counts_words_sentences_and_long_words():
    # 8 words, 2 sentences, 2 words over six letters ("hjælper", "familien")
    assert lix("Ring til os. Vi hjælper gerne hele familien.") == pytest.approx(8 / 2 + 100 * 2 / 8)
    assert lix("") == 0


def test_shipped_pathways_pass_strict_validation(shipped):
    assert [str(p) for p in shipped.problems] == []
    assert count(shipped.problems) == (0, 0)


def test_every_parent_text_is_readable(shipped):
    texts = {f"{t.key}.{t.field}": t.text for t in parent_texts(shipped.catalogue)}
    assert {"stime.application_process", "stime.after", "bekymring.parent_label"} <= set(texts)
    scores = {name: lix(text) for name, text in texts.items() if len(text.split()) >= 10}
    assert len(scores) > 100
    assert {name: round(score) for name, score in scores.items() if score > LIX_LIMIT} == {}
    median = sorted(scores.values())[len(scores) // 2]
    assert median <= LIX_AIM


def _findings(text, known=frozenset({"PPR"})):
    return [
        (p.severity, p.message.split(" (")[0].split(":")[0])
        for p in text_problems(text, Pos("x.yaml", 3, 5), set(known))
    ]


def test_readability_check_errors_above_45_warns_above_40_and_on_long_sentences():
    assert _findings("Ring til os. Vi hjælper gerne hele familien, når I har brug for det.") == []
    hard = "Kommunalbestyrelsen tilvejebringer vederlagsfri psykologbehandling for kvalificerede."
    assert _findings(hard + " " + hard) == [("error", "too hard to read for parents")]
    middling = "Kommunen tilbyder gratis hjælp til børn og unge, som trænger til behandling nu."
    assert 40 < lix(middling) <= 45
    assert _findings(middling) == [("warning", "hard to read for parents")]
    long_one = " ".join(["ord"] * 26) + "."
    assert _findings(long_one) == [("warning", "a sentence of 26 words")]


def test_readability_check_warns_on_an_acronym_the_glossary_does_not_explain():
    assert _findings("Tal med PPR om det.") == []
    assert _findings("Tal med XYZ om det, efter § 126 a.") == [
        ("warning", "'XYZ' is not in the glossary"),
        ("warning", "'§ 126 a' is not in the glossary"),
    ]
    assert _findings("Tal med XYZ.", known={"XYZ"}) == []


def test_the_glossary_explains_the_words_parents_meet(shipped):
    known = known_acronyms(shipped.catalogue)
    assert {"PPR", "BUC", "BUP", "BUA", "TUT", "KIT", "KUI", "§126a"} <= known
    terms = {t.term.lower() for t in shipped.catalogue.glossary.values()}
    assert {"visitation", "udredning", "underretning", "epikrise"} <= terms


def test_docs_record_lix_per_page_type(shipped):
    doc = (PATHWAYS.parent / "docs" / "content.md").read_text(encoding="utf-8")
    assert "## Læsbarhed" in doc
    for row in lix_table(shipped.catalogue).splitlines()[2:]:
        assert row.split(" | ")[0] in doc, "re-run python -m navigator.source.readability"


def test_every_pathway_and_service_has_both_texts(shipped):
    cat = shipped.catalogue
    missing = [
        e.id
        for e in [*cat.services.values(), *cat.pathways.values()]
        if not e.summary or not e.description
    ]
    assert missing == []


def test_every_phone_number_is_sourced(shipped):
    for service in shipped.catalogue.services.values():
        for contact in service.contacts:
            if contact.type in ("phone", "sms"):
                assert contact.sources or service.facts.sources, service.id
                assert re.fullmatch(r"[0-9 ]+", contact.value), contact.value


def test_urgent_help_is_there(shipped):
    cat = shipped.catalogue
    numbers = {c.value for s in cat.services.values() if s.urgent for c in s.contacts}
    assert {"112", "1813", "116 111"} <= numbers
    akut_1813 = next(s for s in cat.services.values() for c in s.contacts if c.value == "1813")
    assert "region-hovedstaden" in akut_1813.area_served


def test_the_three_risk_groups_have_their_exact_labels(shipped):
    labels = {g.label for g in shipped.catalogue.risk_groups.values()}
    assert labels == {
        "Børn og unge med erkendte psykiske problemer",
        "Børn med kronisk somatisk sygdom",
        "Børn og unge der er pårørende til forældre eller søskende med psykisk sygdom",
    }


def test_kit_coverage_names_only_sourced_kommuner(shipped):
    kit = next(s for s in shipped.catalogue.services.values() if s.id.startswith("kit"))
    offered = {c.place for c in kit.coverage if c.status == "offered"}
    assert offered == {"gladsaxe"}
    assert all(c.sources for c in kit.coverage if c.status == "offered")


def test_lettilgaengeligt_tilbud_is_free_and_needs_no_referral(shipped):
    service = shipped.catalogue.services["lettilgaengeligt-tilbud"]
    assert service.self_referral is True
    assert service.cost == "free"
    assert service.maximum_age == 17


def test_glossary_explains_every_acronym_used_in_names(shipped):
    cat = shipped.catalogue
    explained = " ".join(f"{t.term} {t.expansion or ''}" for t in cat.glossary.values())
    names = " ".join(e.name for e in [*cat.services.values(), *cat.pathways.values()])
    acronyms = set(re.findall(r"\b[A-ZÆØÅ]{2,}(?:-[A-ZÆØÅ]+)*\b", names))
    words_in_names = {"YOUNG"}  # "OPUS YOUNG" is a programme name, not two acronyms
    assert {a for a in acronyms - words_in_names if a not in explained} == set()


def test_find_is_honest_about_what_a_kommune_offers(shipped):
    from navigator.answers.query import services_for

    found = {m.service.id: m.availability for m in services_for(shipped, 10, None, "gentofte")}
    # the law requires the § 126 a offer everywhere; that is said, not a verified local offer
    assert found["lettilgaengeligt-tilbud"] == "statutory"
    # a kommune programme with no record for Gentofte is unknown, never "national"
    assert found["mind-my-mind"] == "unknown"
    # a Region Hovedstaden service is not suggested in Randers
    in_randers = {m.service.id: m.availability for m in services_for(shipped, 10, None, "randers")}
    assert "boerne-og-ungdomspsykiatri" not in in_randers and "boerne-og-ungdomspsykiatri" in found
    # STIME is in every region, but no source names Randers: unknown there, offered in Gentofte
    assert in_randers["stime"] == "unknown" and found["stime"] == "offered"


def test_a_route_does_not_pass_through_the_family(shipped):
    from navigator.answers.query import route

    direct = route(shipped, "ppr-psykolog", "buc-kontaktperson")
    assert direct and direct[-1].target == "buc-kontaktperson"
    for start in shipped.catalogue.roles:
        hops = route(shipped, start, "buc-kontaktperson") if start != "buc-kontaktperson" else None
        inner = {h.target for h in (hops or [])[:-1]}
        assert not {"foraelder", "barn-ung"} & inner, (start, hops)


def test_coverage_agrees_with_find_for_a_service_required_by_law(shipped):
    from navigator.answers.query import coverage, offers_in

    rows = {r.place: r.status for r in coverage(shipped, "lettilgaengeligt-tilbud")}
    # Favrskov's own page says the tilbud is being set up: not 'offered', and not verified
    assert rows["favrskov"] == "statutory"
    record = next(
        c
        for c in shipped.catalogue.services["lettilgaengeligt-tilbud"].coverage
        if c.place == "favrskov"
    )
    assert (record.status, record.fact_status) == ("planned", "unverified")
    assert rows["gentofte"] == "statutory"
    assert len(rows) == len(shipped.catalogue.kommuner())
    in_gentofte = {o.service.id: o.status for o in offers_in(shipped, "gentofte")}
    assert in_gentofte["lettilgaengeligt-tilbud"] == rows["gentofte"]


# --- Review corrections (issue 8, item 6): facts a parent or professional would notice ---


def _pathway_of(ref: str, own: str) -> str:
    return ref.split(":")[0] if ":" in ref else own


def test_the_national_offer_hands_over_only_within_national_pathways(shipped):
    # the § 126 a offer exists in every kommune; a family in Aalborg must not be sent to
    # Region Hovedstaden's central visitation
    cat = shipped.catalogue
    ltt = cat.pathways["lettilgaengeligt-tilbud-forloeb"]
    assert not ltt.area_served
    targets = {_pathway_of(h.target, ltt.id) for h in ltt.handovers}
    assert all(not cat.pathways[t].area_served for t in targets), targets
    bup = ltt.step("bup-i-regionen")
    assert bup is not None and "jeres region" in (bup.summary or "")


def test_ltt_waiting_times_are_targets_counted_from_first_contact(shipped):
    steps = shipped.catalogue.pathways["lettilgaengeligt-tilbud-forloeb"]
    for step_id, days in (("forsamtale", "14 dage"), ("screening", "30 dage")):
        deadline = steps.step(step_id).deadline  # type: ignore[union-attr]
        assert deadline.startswith("Mål") and days in deadline
        assert "første henvendelse" in deadline
    service = shipped.catalogue.services["lettilgaengeligt-tilbud"]
    assert "Målet er" in (service.after or "")


def test_the_8_day_contact_is_said_to_be_bucs_practice_in_region_hovedstaden(shipped):
    cat = shipped.catalogue
    texts = [(s.key, s.summary or "") for s in cat.steps()]
    texts += [
        (e.id, f"{e.summary or ''} {getattr(e, 'after', '') or ''}")
        for e in [*cat.services.values(), *cat.pathways.values()]
    ]
    with_8_days = [(key, text) for key, text in texts if "8 dage" in text]
    assert with_8_days
    for key, text in with_8_days:
        assert "BUC" in text and "Region Hovedstaden" in text, key
    assert "Region Hovedstaden" in cat.pathways["henvisning-bup"].summary


def test_the_30_day_right_holds_only_if_it_is_professionally_possible(shipped):
    cat = shipped.catalogue
    udredning = cat.pathways["henvisning-bup"].step("udredning")
    assert "fagligt muligt" in (udredning.summary or "")  # type: ignore[union-attr]
    assert "fagligt muligt" in cat.pathways["henvisning-bup"].summary
    # the bill that would change the deadlines is not presented as law
    assert "Fremsat" in (cat.pathways["henvisning-bup"].description or "")


def test_kit_steps_not_described_in_a_kit_source_are_not_verified(shipped):
    kit = shipped.catalogue.pathways["kit"]
    kit_sources = {"src-kit1", "src-kit2"}
    for step in kit.steps:
        if not kit_sources & set(step.facts.sources):
            assert step.facts.fact_status != "verified", step.id
    assert "Tit er det PPR" not in kit.summary
    assert "Vi ved ikke" in kit.summary


def test_parents_learn_that_professionals_must_report_concerns(shipped):
    parent = shipped.catalogue.roles["foraelder"]
    assert "underretning" in (parent.summary or "")
    assert "src-vej-underretning" in parent.facts.sources


def test_rm_correspondence_is_scoped_to_what_the_source_says(shipped):
    service = shipped.catalogue.services["korrespondance-laege-kommune"]
    assert "tre af fire" in service.summary and "Randersklyngen" in service.summary
    assert "Det gælder i Region Midtjylland" not in service.summary


def test_every_region_has_its_own_child_psychiatry_and_find_offers_only_that_one(shipped):
    from navigator.answers.query import serves, services_for
    from navigator.source.spans import regions

    cat = shipped.catalogue
    bup = [s for s in cat.services.values() if s.id.startswith("boerne-og-ungdomspsykiatri")]
    for region in regions(cat, MERGER_EVE):
        assert [s.id for s in bup if s.area_served == (region.id,)], region.id
    for day in (MERGER_EVE, MERGER_DAY):  # Region Østdanmark's kommuner keep their old one
        cat = replace(shipped.catalogue, today=day)
        for kommune in cat.kommuner():
            mine = [s.id for s in bup if serves(cat, s.area_served, kommune.id)]
            assert len(mine) == 1, (day, kommune.id, mine)
    found = {m.service.id for m in services_for(shipped, 15, "psykose", "randers")}
    assert "boerne-og-ungdomspsykiatri-midtjylland" in found
    assert "boerne-og-ungdomspsykiatri" not in found  # BUC is Region Hovedstaden's


def test_explain_escapes_the_text_and_explains_each_term_once(shipped):
    from navigator.web.explain import explain, glossary_index

    index = glossary_index(shipped.catalogue)
    seen: set[str] = set()
    html = str(
        explain('Spørg PPR <b>"nu"</b>. PPR og udredningen, F-ACT og BUP-K-møder.', index, seen)
    )
    assert html.count('href="/ordliste/#term-ppr"') == 1, "explained on first use only"
    assert '<abbr title="Pædagogisk Psykologisk Rådgivning">PPR</abbr>' in html
    assert "&lt;b&gt;&#34;nu&#34;&lt;/b&gt;" in html, "the text itself is escaped"
    assert '<a class="vv-term" href="/ordliste/#term-udredning"' in html, "inflected words too"
    assert 'href="/ordliste/#term-bup-k"' in html and 'href="/ordliste/#term-bup"' not in html
    assert str(explain("PPR igen", index, seen)) == "PPR igen", "the page remembers"


# ---- the errors found on review (issue 16, point 4) stay fixed --------------------------


def _texts(cat):
    """Every prose text of the catalogue with where it stands: what parents and fagfolk read."""
    for s in cat.services.values():
        fields = ("summary", "description", "application_process", "eligibility_description")
        for name in (*fields, "after", "coverage_note"):
            yield f"{s.id}.{name}", getattr(s, name) or ""
    for p in cat.pathways.values():
        yield p.id, f"{p.summary or ''} {p.description or ''}"
    for step in cat.steps():
        yield step.key, f"{step.summary or ''} {step.description or ''}"
    for concern in cat.concerns.values():
        yield concern.id, concern.definition or ""
    for term in cat.glossary.values():
        yield term.id, term.definition
    for role in cat.roles.values():
        notes = (n.text for n in (*role.when_worried, *role.duties))
        yield role.id, " ".join([role.summary or "", role.professional or "", *notes])


def test_stime_reaches_beyond_region_hovedstaden_as_far_as_its_sources_say(shipped):
    from navigator.answers.query import availability, region_of

    cat = shipped.catalogue
    stime = cat.services["stime"]
    assert set(stime.area_served) > {"region-hovedstaden"}, "all regions are in, per src-stime8"
    status, record = availability(cat, stime, "naestved")  # named by the Næstved article
    assert status == "offered" and record is not None
    assert record.fact_status == "unverified" and "src-stime-naestved" in record.sources
    # no kommune outside Region Hovedstaden is verified as offering it; one no source names
    # is unknown, and without a kommune STIME is not shown as if it were everywhere
    for rec in stime.coverage:
        if rec.status == "offered" and region_of(cat, rec.place) != "region-hovedstaden":
            assert rec.fact_status != "verified", rec.place
    assert availability(cat, stime, "aarhus")[0] == "unknown"
    assert availability(cat, stime, None)[0] == "not-offered"


def test_no_coverage_record_is_dated_after_its_newest_dated_source(shipped):
    cat = shipped.catalogue
    late = []
    for service in cat.services.values():
        for rec in service.coverage:
            dates = [cat.sources[s].date for s in rec.sources if cat.sources[s].date]
            if dates and rec.as_of > max(dates):
                late.append((service.id, rec.place, rec.as_of))
    assert late == []


def test_the_adhd_rule_is_said_to_be_region_hovedstadens(shipped):
    ruled = [
        (key, text)
        for key, text in _texts(shipped.catalogue)
        if "ADHD" in text and "først" in text and "kommune" in text
    ]
    assert ruled, "the rule is still told"
    for key, text in ruled:
        assert "Region Hovedstaden" in text, key


def test_no_role_asks_for_the_leaders_approval_or_says_employed_in_the_public_sector(shipped):
    cat = shipped.catalogue
    for key, text in _texts(cat):
        assert "leders godkendelse" not in text and "ledergodkendelse" not in text, key
        assert "ansat i det offentlige" not in text, key
    gp = dict(_texts(cat))["praktiserende-laege"]
    assert "din leder" not in gp, "a GP has no leader to ask"


def test_favrskovs_target_group_is_not_told_as_the_national_rule(shipped):
    cat = shipped.catalogue
    for key, text in _texts(cat):
        if "skolealderen" in text and not key.startswith("sundhedspleje"):
            assert "Favrskov" in text, key
    records = cat.services["lettilgaengeligt-tilbud"].coverage
    favrskov = [c for c in records if c.place == "favrskov"]
    assert favrskov and all(c.status == "planned" for c in favrskov)
    assert all(c.fact_status == "unverified" for c in favrskov)
    accessed = {cat.sources[s].accessed for c in favrskov for s in c.sources}
    assert not {c.as_of for c in favrskov} & accessed, "as of the page, not the day we read it"


def test_syddanmarks_child_emergency_is_reached_directly_as_its_source_says(shipped):
    service = shipped.catalogue.services["akutpsykiatri-bup-rsd"]
    assert not (service.application_process or "").startswith("Ring først")
    first = service.contacts[0]
    assert "Odense" in first.value and "Aabenraa" in first.value
    assert "Ring først" not in (first.label or "")


def test_figures_and_dated_states_say_what_their_sources_say(shipped):
    cat = shipped.catalogue
    assert "71-73" not in (cat.services["tut"].description or "")
    assert "ca. 71 mio. kr." in (cat.services["tut"].description or "")
    # an agreement unfinished in a March 2024 status note is not told as unfinished today
    summary = cat.pathways["risikogrupper-rm"].summary
    assert "ikke færdig endnu" not in summary and "marts 2024" in summary
    # help that ended is not said to carry on under another name
    for service in cat.services.values():
        if service.status == "ended":
            assert "videreført" not in (service.description or ""), service.id
