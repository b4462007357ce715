"""Every path of the guide that code builds, in one place (the model is datasette's url_builder).

Presenters, search, the glossary filter, freeze and the diagram downloads all build their
links here. The route rules in `navigator/web/views.py` and `navigator/web/downloads.py` must
answer each of these paths; tests/test_urls.py asks the Flask URL map for every kind.
Templates link to views with Flask's `url_for`, which reads the same route rules.
"""

from __future__ import annotations

from urllib.parse import quote, urlencode

# Entity kind -> its own page (guide.<kind>, one per id). Declared here only: freeze, search,
# the /id/ redirects and the presenters read PAGE_KINDS.
_OWN_PAGES = {
    "service": "/tilbud/{}/",
    "role": "/roller/{}/",
    "kommune": "/kommuner/{}/",
    "cluster": "/klynger/{}/",
    "pathway": "/forloeb/{}/",
}
PAGE_KINDS = tuple(_OWN_PAGES)
"""The entity kinds with a page of their own."""
# Kinds shown as an entry on a shared page. Kinds in neither (steps, handovers, ...) have no page.
_ENTRIES = {
    "source": "/kilder/#{}",
    "term": "/ordliste/#{}",
    "concern": "/find/?bekymring={}",
}
_ENTITY_PAGES = _OWN_PAGES | _ENTRIES
DIAGRAM_FORMATS = {
    "svg": "image/svg+xml",
    "png": "image/png",
    "pdf": "application/pdf",
    "dot": "text/vnd.graphviz; charset=utf-8",
}
"""The formats a diagram is drawn and downloaded in (its file's suffix), each with the media
type it is served as. Declared here only: the CLI, the renderer and the downloads read it."""
AKUT = "/akut/"
UNG = "/ung/"
FIND = "/find/"
KOMMUNER = "/kommuner/"
PLAN = "/plan/"
FIND_DATA = "/find-data.json"  # what the static find needs for every question
SEARCH_DATA = "/search-data.json"  # what the static search needs
NO_KOMMUNE = "ingen-kommune"  # the static find's file for a family that chose no kommune


def _id(value: str) -> str:
    """An id as a path segment: ids are [a-z0-9-]+, but never trust that in a URL."""
    return quote(value, safe="")


def entity(kind: str, entity_id: str) -> str | None:
    """The page of an entity, or None for kinds without their own page."""
    pattern = _ENTITY_PAGES.get(kind)
    return pattern.format(_id(entity_id)) if pattern else None


def service(service_id: str) -> str:
    """A service's page."""
    return f"/tilbud/{_id(service_id)}/"


def step_anchor(step_id: str) -> str:
    """The id of a step's element on its pathway's page (the fragment that leads to it)."""
    return f"trin-{_id(step_id)}"


def pathway(pathway_id: str, step_id: str | None = None) -> str:
    """A pathway's page, or one step on it."""
    page = f"/forloeb/{_id(pathway_id)}/"
    return f"{page}#{step_anchor(step_id)}" if step_id else page


def service_answer(service_id: str, kommune_id: str) -> str:
    """A service's page with one kommune's answer on top (the kommune picker's links)."""
    return f"{service(service_id)}?{urlencode({'kommune': kommune_id})}#svar"


def kommuner() -> str:
    """The list of every kommune, each linking to its page with its numbers."""
    return KOMMUNER


def kommune(kommune_id: str) -> str:
    """A kommune's page."""
    return f"/kommuner/{_id(kommune_id)}/"


def source(source_id: str) -> str:
    """A source's entry on the sources page."""
    return f"/kilder/#{_id(source_id)}"


def term(term_id: str) -> str:
    """A glossary term's entry on the glossary page."""
    return f"/ordliste/#{_id(term_id)}"


def akut(region_id: str | None = None) -> str:
    """Urgent help, for every region or with one region first."""
    return f"{AKUT}{_id(region_id)}/" if region_id else AKUT


def young() -> str:
    """The page for a young person: the lines they can call or write to themselves."""
    return UNG


def find(answers: dict[str, str], fragment: str = "") -> str:
    """The find page with answers in its query string (empty answers left out)."""
    query = urlencode({k: v for k, v in answers.items() if v})
    path = f"{FIND}?{query}" if query else FIND
    return f"{path}#{fragment}" if fragment else path


def plan(
    band: str, themes: list[str], kommune: str, til: str = "", topics: list[str] | None = None
) -> str:
    """'Vores plan' with nothing but its parameters: age band, theme ids (one comma-separated
    argument, so a page kept in memory by its first value of each argument is the right one),
    kommune, the advice topics chosen and the version for one adult."""
    answers = {
        "alder": band,
        "tema": ",".join(themes),
        "kommune": kommune,
        "raad": ",".join(topics or []),
        "til": til,
    }
    query = urlencode({k: v for k, v in answers.items() if v}, safe=",")
    return f"{PLAN}?{query}" if query else PLAN


def plan_shard(kommune_id: str | None) -> str:
    """The static plan's fragments for one kommune, or for no kommune chosen."""
    return f"/plan-data/{_id(kommune_id or NO_KOMMUNE)}.json"


def find_shard(kommune_id: str | None) -> str:
    """The static find's file for one kommune, or for no kommune chosen."""
    return f"/find-data/{_id(kommune_id or NO_KOMMUNE)}.json"


def patterns() -> dict[str, str]:
    """The paths the static site's scripts build, with {} where the id goes: they read them
    from the page, so find.js and search.js write no path of their own."""
    return {
        "find_data": FIND_DATA,
        "find_shard": find_shard("ID").replace("ID", "{}"),
        "find_no_kommune": find_shard(None),
        "search_data": SEARCH_DATA,
        "plan_shard": plan_shard("ID").replace("ID", "{}"),
        "plan_no_kommune": plan_shard(None),
    }


def pathway_diagram_file(pathway_id: str, fmt: str) -> str:
    """A pathway diagram as a download (svg, png, pdf or dot)."""
    return f"/eksport/forloeb/{_id(pathway_id)}.{fmt}"


def pathway_diagram_files(pathway_id: str) -> dict[str, str]:
    """Every download of a pathway diagram, by format."""
    return {fmt: pathway_diagram_file(pathway_id, fmt) for fmt in DIAGRAM_FORMATS}
