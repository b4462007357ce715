"""navigator.answers.query: the questions parents and professionals ask, on the valid fixtures."""

from __future__ import annotations

from functools import cache

from helpers import TODAY_DATE, VALID

from navigator.answers.query import (
    availability,
    coverage,
    local_only,
    normalise,
    resolve_concerns,
    route,
    services_for,
    who_does_what,
)
from navigator.build import Site, build_site


@cache
def site() -> Site:
    return build_site(VALID, TODAY_DATE, shacl=False)


def ids(matches: list) -> list[str]:  # type: ignore[type-arg]
    return [m.service.id for m in matches]


def test_normalise_keeps_danish_letters() -> None:
    assert normalise("  Ondt i MAVEN ") == "ondt i maven"
    assert normalise("Skolefravær, café") == "skolefravær, cafe"


def test_everyday_words_find_concerns_and_broader_ones_include_narrower() -> None:
    cat = site().catalogue
    assert resolve_concerns(cat, "ondt i maven") == {"angst"}
    assert resolve_concerns(cat, "Bange") == {"angst"}
    assert resolve_concerns(cat, "vil ikke i skole længere") == {"skolefravaer"}
    assert resolve_concerns(cat, "mistrivsel") == {"mistrivsel", "angst", "skolefravaer"}
    assert resolve_concerns(cat, None) == set()


def test_services_self_referral_first() -> None:
    matches = services_for(site(), age=10, concern="ondt i maven", kommune="nordby")
    assert ids(matches) == ["tidlig-hjaelp", "testlinjen", "bup-udredning"]
    first = matches[0]
    assert first.availability == "offered"
    assert first.concern_match
    assert first.reasons == ("I kan selv kontakte tilbuddet", "Passer til jeres bekymring")
    assert matches[2].reasons == ("Kræver henvisning", "Passer til jeres bekymring")


def test_sub_services_are_not_listed_on_their_own() -> None:
    assert "tidlig-hjaelp-angst" not in ids(services_for(site()))


def test_age_limits() -> None:
    assert ids(services_for(site(), age=20)) == ["testlinjen"]
    assert "tidlig-hjaelp" not in ids(services_for(site(), age=5, kommune="nordby"))
    assert "bup-udredning" in ids(services_for(site(), age=5, kommune="nordby"))


def test_without_a_kommune_only_help_for_everyone_is_listed() -> None:
    """Help for one region or cluster is never shown as national: without a kommune it is
    left out of the answer, and local_only says it exists (for this age and concern)."""
    assert ids(services_for(site(), age=10)) == ["testlinjen"]
    assert [s.id for s in local_only(site(), age=10)] == ["tidlig-hjaelp", "bup-udredning"]
    assert [s.id for s in local_only(site(), age=5)] == ["bup-udredning"]
    assert local_only(site(), age=20) == []
    assert [s.id for s in local_only(site(), concern="skolefravær")] == ["tidlig-hjaelp"]
    # with a kommune nothing is left out for want of a place
    assert local_only(site(), age=10, kommune="nordby") == []
    cat = site().catalogue
    assert availability(cat, cat.services["bup-udredning"], None) == ("not-offered", None)
    assert availability(cat, cat.services["testlinjen"], None) == ("national", None)


def test_a_concern_the_service_does_not_name_excludes_it() -> None:
    assert ids(services_for(site(), concern="skolefravær", kommune="nordby")) == [
        "tidlig-hjaelp",
        "testlinjen",
    ]


def test_availability_follows_coverage_and_area() -> None:
    cat = site().catalogue
    service = cat.services["tidlig-hjaelp"]
    assert availability(cat, service, "nordby")[0] == "offered"
    assert availability(cat, service, "sydby")[0] == "planned"
    # Vestby lies outside the cluster the service is meant for
    assert availability(cat, service, "vestby")[0] == "not-offered"
    assert availability(cat, cat.services["bup-udredning"], "vestby")[0] == "regional"
    assert availability(cat, cat.services["testlinjen"], "vestby")[0] == "national"


def test_planned_coverage_says_ask_your_kommune() -> None:
    [match] = [
        m for m in services_for(site(), age=10, kommune="sydby") if m.service.id == "tidlig-hjaelp"
    ]
    assert match.availability == "planned"
    assert "Spørg din kommune, om tilbuddet findes hos jer" in match.reasons


def test_route_between_roles() -> None:
    hops = route(site(), "foraelder", "bup-behandler")
    assert hops is not None
    assert [(h.source, h.target, h.handover.method) for h in hops] == [
        ("foraelder", "egen-laege", "henvisning"),
        ("egen-laege", "bup-behandler", "henvisning"),
    ]
    assert hops[0].handover.pathway == "tidlig-indsats"


def test_route_to_a_service_and_no_route() -> None:
    hops = route(site(), "egen-laege", "bup-udredning")
    assert hops is not None and len(hops) == 1
    assert route(site(), "bup-behandler", "laerer") is None
    assert route(site(), "testlinjen", "foraelder") is None


def test_who_does_what() -> None:
    [row] = who_does_what(site(), "ppr-psykolog")
    assert row.pathway.id == "tidlig-indsats"
    assert [s.id for s in row.steps] == ["samtale", "forloeb"]
    assert [h.source for h in row.receives] == ["tidlig-indsats:bekymring", "udredning:afslutning"]
    assert row.hands_over == []


def test_who_does_what_across_pathways() -> None:
    rows = who_does_what(site(), "foraelder")
    assert [r.pathway.id for r in rows] == ["tidlig-indsats"]
    assert [h.target for h in rows[0].hands_over] == [
        "tidlig-indsats:samtale",
        "udredning:henvisning",
    ]
    assert who_does_what(site(), "frivillig") == []


def test_coverage_lists_kommuner_in_the_area() -> None:
    rows = coverage(site(), "tidlig-hjaelp")
    assert [(r.place, r.status, r.record.as_of if r.record else None) for r in rows] == [
        ("nordby", "offered", "2025-01-01"),
        ("sydby", "planned", "2025-01-01"),
    ]
    assert [(r.place, r.status) for r in coverage(site(), "bup-udredning")] == [
        ("nordby", "unknown"),
        ("sydby", "unknown"),
        ("vestby", "unknown"),
    ]
