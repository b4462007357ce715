"""Every route of the guide, and every path that code builds, in one place (the model is
datasette's url_builder).

`ROUTES` declares each route once, as endpoint -> Flask rule: `navigator/web/views.py`,
`navigator/web/downloads.py` and the app factory register these rules, and the builders below
fill in the same rules, so a path cannot be written twice. Presenters, search, the glossary
filter, freeze and the diagram downloads build their links here; templates use Flask's
`url_for` over the same rules. tests/test_urls.py asks the Flask URL map for every kind.
"""

from __future__ import annotations

import re
from urllib.parse import quote, urlencode

DIAGRAM_FORMATS = {
    "svg": "image/svg+xml",
    "png": "image/png",
    "pdf": "application/pdf",
    "dot": "text/vnd.graphviz; charset=utf-8",
}
"""The formats a diagram is drawn and downloaded in (its file's suffix), each with the media
type it is served as. Declared here only: the CLI, the renderer and the downloads read it."""

DIAGRAM_SEGMENTS = {"pathway": "forloeb", "role": "roller", "kommune": "kommuner"}
"""Diagram kind -> the segment of its download, /eksport/<segment>/<id>.<format>; the
overview, which has no id, is /eksport/oversigt.<format>. Declared here only: the CLI's kinds,
the renderer and the downloads read it."""
OVERVIEW_SEGMENT = "oversigt"

_FORMAT = "<any(" + ",".join(DIAGRAM_FORMATS) + "):fmt>"
_DIAGRAMS = "/eksport/<any(" + ",".join(DIAGRAM_SEGMENTS.values()) + "):segment>/<slug:id>"

ROUTES = {
    # the guide (views.py): each page also answers at its .json twin (json_twin)
    "guide.index": "/",
    "guide.find": "/find/",
    "guide.plan": "/plan/",
    "guide.pathways": "/forloeb/",
    "guide.pathway": "/forloeb/<slug:id>/",
    "guide.services": "/tilbud/",
    "guide.service": "/tilbud/<slug:id>/",
    "guide.roles": "/roller/",
    "guide.role": "/roller/<slug:id>/",
    "guide.places": "/kommuner/",
    "guide.kommune": "/kommuner/<slug:id>/",
    "guide.cluster": "/klynger/<slug:id>/",
    "guide.who": "/hvem-goer-hvad/",
    "guide.search_page": "/soeg/",
    "guide.glossary": "/ordliste/",
    "guide.sources": "/kilder/",
    "guide.young": "/ung/",
    "guide.urgent": "/akut/",
    "guide.urgent_region": "/akut/<slug:region>/",
    "guide.about": "/om/",
    # the guide's data files for the static site (views.py), without a twin
    "guide.find_data": "/find-data.json",  # what the static find needs for every question
    "guide.find_data_kommune": "/find-data/<slug:id>.json",
    "guide.search_data": "/search-data.json",  # what the static search needs
    "guide.plan_data_kommune": "/plan-data/<slug:id>.json",
    # downloads (downloads.py)
    "downloads.index": "/eksport/",
    "downloads.index_json": "/eksport.json",
    "downloads.review": "/eksport/gennemgang/",
    "downloads.review_place": "/eksport/gennemgang/<slug:id>/",
    "downloads.diagram_file": f"{_DIAGRAMS}.{_FORMAT}",
    "downloads.overview_file": f"/eksport/{OVERVIEW_SEGMENT}.{_FORMAT}",
    "downloads.pathway_diagram": "/forloeb/<slug:id>/diagram/",
    "downloads.data_file": "/data/<any({names}):name>",  # downloads.DATA_FILES fills in names
    "downloads.entity_csv": "/eksport/<any(forloeb,kommuner):segment>/<slug:id>.csv",
    "downloads.entity": "/id/<slug:id>",
    "downloads.sparql": "/sparql",
    # the design system's files and the static search's Danish stemmer (factory.py)
    "dkfds": "/dkfds/<path:filename>",
    "stemmer": "/stemmer/dk.js",
}
"""Endpoint -> rule, each route once. A rule's .json twin and a CSV's Excel variant follow
from it (json_twin, excel_twin)."""

PAGE_KINDS = ("service", "role", "kommune", "cluster", "pathway")
"""The entity kinds with a page of their own, one per id: route guide.<kind>. Declared here
only: freeze, search and the /id/ redirects read it."""
NO_KOMMUNE = "ingen-kommune"  # the static find's file for a family that chose no kommune
AKUT = ROUTES["guide.urgent"]
FIND = ROUTES["guide.find"]
PLAN = ROUTES["guide.plan"]
FIND_DATA = ROUTES["guide.find_data"]
SEARCH_DATA = ROUTES["guide.search_data"]

_VARIABLE = re.compile(r"<(?:[^<>:]+:)?(\w+)>")
"""A rule's variable, <name> or <converter:name>; the converter may hold arguments."""


def json_twin(rule: str) -> str:
    """The rule of a page's JSON twin: '/tilbud/<slug:id>/' answers as '/tilbud/<slug:id>.json'."""
    return "/index.json" if rule == "/" else rule.removesuffix("/") + ".json"


def excel_twin(rule: str) -> str:
    """The rule of a CSV's variant for Danish Excel (';' and a BOM): '.csv' -> '.excel.csv'."""
    return rule.removesuffix(".csv") + ".excel.csv"


def _id(value: str) -> str:
    """An id as a path segment: ids are [a-z0-9-]+, but never trust that in a URL."""
    return quote(value, safe="")


def build(endpoint: str, **values: str) -> str:
    """The path of a route with its variables filled in, each quoted as one path segment."""
    return _VARIABLE.sub(lambda m: _id(values[m.group(1)]), ROUTES[endpoint])


def entity(kind: str, entity_id: str) -> str | None:
    """The page of an entity, or None for kinds without their own page."""
    if kind in PAGE_KINDS:
        return build(f"guide.{kind}", id=entity_id)
    entries = {"source": source, "term": term, "concern": concern}
    return entries[kind](entity_id) if kind in entries else None


def service(service_id: str) -> str:
    """A service's page."""
    return build("guide.service", id=service_id)


def step_anchor(step_id: str) -> str:
    """The id of a step's element on its pathway's page (the fragment that leads to it)."""
    return f"trin-{_id(step_id)}"


def pathway(pathway_id: str, step_id: str | None = None) -> str:
    """A pathway's page, or one step on it."""
    page = build("guide.pathway", id=pathway_id)
    return f"{page}#{step_anchor(step_id)}" if step_id else page


def service_answer(service_id: str, kommune_id: str) -> str:
    """A service's page with one kommune's answer on top (the kommune picker's links)."""
    return f"{service(service_id)}?{urlencode({'kommune': kommune_id})}#svar"


def kommuner() -> str:
    """The list of every kommune, each linking to its page with its numbers."""
    return ROUTES["guide.places"]


def kommune(kommune_id: str) -> str:
    """A kommune's page."""
    return build("guide.kommune", id=kommune_id)


def source(source_id: str) -> str:
    """A source's entry on the sources page."""
    return f"{ROUTES['guide.sources']}#{_id(source_id)}"


def term(term_id: str) -> str:
    """A glossary term's entry on the glossary page."""
    return f"{ROUTES['guide.glossary']}#{_id(term_id)}"


def concern(concern_id: str) -> str:
    """The find page asked about one concern."""
    return f"{FIND}?bekymring={_id(concern_id)}"


def akut(region_id: str | None = None) -> str:
    """Urgent help, for every region or with one region first."""
    return build("guide.urgent_region", region=region_id) if region_id else AKUT


def young() -> str:
    """The page for a young person: the lines they can call or write to themselves."""
    return ROUTES["guide.young"]


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
    return build("guide.plan_data_kommune", id=kommune_id or NO_KOMMUNE)


def find_shard(kommune_id: str | None) -> str:
    """The static find's file for one kommune, or for no kommune chosen."""
    return build("guide.find_data_kommune", id=kommune_id or NO_KOMMUNE)


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
    return build(
        "downloads.diagram_file", segment=DIAGRAM_SEGMENTS["pathway"], id=pathway_id, fmt=fmt
    )


def pathway_diagram_files(pathway_id: str) -> dict[str, str]:
    """Every download of a pathway diagram, by format."""
    return {fmt: pathway_diagram_file(pathway_id, fmt) for fmt in DIAGRAM_FORMATS}
