"""The guide's pages; every page also answers as JSON at the same path plus '.json'."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import Blueprint, abort, current_app, jsonify, render_template, request
from flask.typing import ResponseReturnValue
from markupsafe import Markup
from werkzeug.exceptions import HTTPException

from ..answers.search import KIND_ORDER, cut, search
from ..build import Site
from ..core import codes, urls
from ..diagrams.diagram import pathway_svg
from . import presenters, static_find, static_plan
from .app import miss, query_args, state
from .presenters import plan as plan_presenter
from .static_search import search_data as static_search_data

bp = Blueprint("guide", __name__)
View = Callable[..., ResponseReturnValue]


def twin(endpoint: str) -> Callable[[View], View]:
    """Register a view at its rule in urls.ROUTES and at the rule's '.json' twin (endpoint
    name + '_json')."""
    rule = urls.ROUTES[f"{bp.name}.{endpoint}"]

    def register(fn: View) -> View:
        bp.add_url_rule(rule, endpoint, fn, defaults={"fmt": "html"})
        bp.add_url_rule(urls.json_twin(rule), f"{endpoint}_json", fn, defaults={"fmt": "json"})
        return fn

    return register


def route(endpoint: str) -> Callable[[View], View]:
    """Register a view at its rule in urls.ROUTES, with no twin (the static site's data)."""

    def register(fn: View) -> View:
        bp.add_url_rule(urls.ROUTES[f"{bp.name}.{endpoint}"], endpoint, fn)
        return fn

    return register


def site() -> Site:
    """The site being served right now."""
    return state(current_app).site


def once(*key: str, make: Callable[[], Any]) -> Any:
    """A page dict made once per site: the site never changes, so neither does the dict."""
    return state(current_app).cached(key, make)


def render(
    template: str, page: dict[str, Any] | None, fmt: str, **extra: Any
) -> ResponseReturnValue:
    """The same page dict as HTML or as JSON; None means 404."""
    if page is None:
        abort(404)
    if fmt == "json":
        return jsonify(page)
    return render_template(template, page=page, **extra)


@twin("index")
def index(fmt: str) -> ResponseReturnValue:
    """The front page."""
    page = once("home", make=lambda: presenters.home(site(), covered()))
    return render("index.html", page, fmt)


@twin("find")
@query_args("alder", "bekymring", "kommune", "ret")
def find(fmt: str) -> ResponseReturnValue:
    """The three-question helper; works without JavaScript."""
    args = request.args
    page = presenters.find(
        site(),
        args.get("alder"),
        args.get("bekymring"),
        args.get("kommune"),
        edit=bool(args.get("ret")),
    )
    if page["errors"] or page["concern_unknown"]:
        miss()
    return render("find.html", page, fmt)


@twin("plan")
@query_args("alder", "tema", "kommune", "raad", "til")
def plan(fmt: str) -> ResponseReturnValue:
    """'Vores plan': built only from the URL's age band, theme ids, kommune and version."""
    args = request.args
    themes = (args.get("tema") or "")[:1000].split(",")
    topics = (args.get("raad") or "")[:1000].split(",")
    params = plan_presenter.parse(
        site().catalogue, args.get("alder"), themes, args.get("kommune"), args.get("til"), topics
    )
    sections = static_plan.SECTIONS[params["version"] or ""]
    if fmt == "json":
        return render("plan.html", plan_presenter.plan(site(), params, sections), fmt)
    static = current_app.config.get("FREEZING", False)
    page = {
        "title": "Vores plan",
        "params": params,
        "sections": list(static_plan.SECTIONS[""]) if static else list(sections),
        "versions": plan_presenter.versions(params),
        "slots": {} if static else static_plan.page_slots(site(), params),
    }
    extra: dict[str, Any] = {}
    if static:  # the frame, the fragments that do not depend on the kommune, and the lists
        extra = {
            "plan_fragments": once(
                "plan-fragments", make=lambda: static_plan.page_fragments(site())
            ),
            "plan_data": static_plan.static_data(site()),
        }
    return render("plan.html", page, fmt, **extra)


@route("plan_data_kommune")
def plan_data_kommune(id: str) -> ResponseReturnValue:
    """The static plan's fragments for one kommune (or 'ingen-kommune'): static_plan.shard."""
    data = once("plan-data", id, make=lambda: static_plan.shard(site(), id))
    if data is None:
        abort(404)
    return jsonify(data)


@twin("pathways")
def pathways(fmt: str) -> ResponseReturnValue:
    """Every pathway."""
    return render("pathways.html", once("pathways", make=lambda: presenters.pathways(site())), fmt)


@twin("pathway")
def pathway(id: str, fmt: str) -> ResponseReturnValue:
    """One pathway as step-by-step navigation, with its diagram."""
    page = once("pathway", id, make=lambda: pathway_page(id))
    svg = diagram_svg(id) if fmt == "html" and page is not None else None
    return render("pathway.html", page, fmt, diagram_svg=svg)


@twin("services")
def services(fmt: str) -> ResponseReturnValue:
    """Every service, by name."""
    return render("services.html", presenters.service_list(site()), fmt)


@twin("service")
def service(id: str, fmt: str) -> ResponseReturnValue:
    """One service; with ?kommune=, that kommune's answer on top (the kommune picker)."""
    page = once("service", id, make=lambda: presenters.service(site(), id))
    chosen = request.args.get("kommune", "")[:64]
    if page is None or not chosen:
        return render("service.html", page, fmt)
    answer = presenters.service_answer(site(), id, chosen)
    # the page dict is shared; the answer is added to a copy, rendered for this request only
    return render("service.html", {**page, "answer": answer, "asked": chosen}, fmt)


@twin("roles")
def roles(fmt: str) -> ResponseReturnValue:
    """Every role, by sector."""
    return render("roles.html", presenters.role_list(site()), fmt)


@twin("role")
def role(id: str, fmt: str) -> ResponseReturnValue:
    """One role: what it does in each pathway."""
    return render("role.html", once("role", id, make=lambda: presenters.role(site(), id)), fmt)


@twin("places")
def places(fmt: str) -> ResponseReturnValue:
    """Kommuner and clusters."""
    page = {"title": "Kommuner og klynger", **presenters.places(site())}
    return render("places.html", page, fmt)


@twin("kommune")
def kommune(id: str, fmt: str) -> ResponseReturnValue:
    """One kommune and what is offered there."""
    return render(
        "kommune.html", once("kommune", id, make=lambda: presenters.kommune(site(), id)), fmt
    )


@twin("cluster")
def cluster(id: str, fmt: str) -> ResponseReturnValue:
    """One cluster and its kommuner."""
    return render("cluster.html", presenters.cluster(site(), id), fmt)


@twin("who")
def who(fmt: str) -> ResponseReturnValue:
    """Roles × pathways for professionals; ?rolle= or ?forloeb= picks one for a narrow screen."""
    matrix = once("who", make=lambda: presenters.who_matrix(site()))
    rolle, forloeb = request.args.get("rolle", "")[:100], request.args.get("forloeb", "")[:100]
    choice = presenters.who_choice(matrix, rolle or None, forloeb or None)
    return render("who.html", {**matrix, "choice": choice, "rolle": rolle, "forloeb": forloeb}, fmt)


@twin("search_page")
@query_args("q")
def search_page(fmt: str) -> ResponseReturnValue:
    """Search over everything."""
    query = cut(request.args.get("q", ""))
    result = search(site().search_index, query) if query else None
    if result is not None and not result["total"]:
        miss()
    page = {
        "title": "Søg",
        "q": query,
        "help_now": presenters.help_now(site(), query),
        "result": result,
    }
    # the static page renders a <template> of each group for search.js to clone
    kinds = [{"kind": k, "label": codes.SEARCH_KINDS[k]} for k in KIND_ORDER]
    return render("search.html", page, fmt, kinds=kinds)


@route("search_data")
def search_data() -> ResponseReturnValue:
    """The tables search.js looks words up in on the static site (static_search.py)."""
    return jsonify(once("search-data", make=lambda: static_search_data(site())))


@twin("glossary")
def glossary(fmt: str) -> ResponseReturnValue:
    """Words and acronyms."""
    return render("glossary.html", once("glossary", make=lambda: presenters.glossary(site())), fmt)


@twin("sources")
def sources(fmt: str) -> ResponseReturnValue:
    """Every source."""
    return render("sources.html", once("sources", make=lambda: presenters.sources(site())), fmt)


@twin("young")
def young(fmt: str) -> ResponseReturnValue:
    """For a young person: 112 and the lines they can reach themselves, said to them."""
    return render("young.html", once("ung", make=lambda: presenters.young(site())), fmt)


@twin("urgent")
def urgent(fmt: str) -> ResponseReturnValue:
    """Urgent help for every region that holds today; ?region= or ?kommune= puts one first."""
    region = presenters.bar_region(site().catalogue, request.endpoint, {}, request.args.to_dict())
    return render(
        "urgent.html", once("akut", region or "", make=lambda: presenters.akut(site(), region)), fmt
    )


@twin("urgent_region")
def urgent_region(region: str, fmt: str) -> ResponseReturnValue:
    """Urgent help with one region first; a static page per region for the frozen site."""
    return render(
        "urgent.html", once("akut", region, make=lambda: presenters.akut(site(), region)), fmt
    )


@twin("about")
def about(fmt: str) -> ResponseReturnValue:
    """About the guide, with the accessibility statement."""
    page = once("about", make=lambda: presenters.about(site(), covered()))
    return render("about.html", page, fmt)


def covered() -> dict[str, Any]:
    """What the guide covers per region: one walk over every kommune's offers per Site,
    shared by the front page and /om/ (about 2 s on the national corpus)."""
    value: dict[str, Any] = once("scope", make=lambda: presenters.scope(site()))
    return value


@route("find_data")
def find_data() -> ResponseReturnValue:
    """What the static find needs for every question, whatever the kommune (static_find)."""
    return jsonify(once("find-data", make=lambda: static_find.common(site())))


@route("find_data_kommune")
def find_data_kommune(id: str) -> ResponseReturnValue:
    """The static find's services and cards for one kommune (or 'ingen-kommune')."""
    data = once("find-data", id, make=lambda: static_find.shard(site(), id))
    if data is None:
        abort(404)
    return jsonify(data)


def pathway_page(pathway_id: str) -> dict[str, Any] | None:
    """The pathway dict, with diagram downloads only when the export routes are installed."""
    page = presenters.pathway(site(), pathway_id)
    if page is not None and not route_exists(page["diagram"]["svg"]):
        page["diagram"] = None
    return page


def route_exists(path: str) -> bool:
    """Whether this app serves a path (e.g. the diagram exports, when installed)."""
    try:
        current_app.url_map.bind("localhost").match(path)
    except HTTPException:
        return False
    return True


def diagram_svg(pathway_id: str) -> Markup | None:
    """The pathway diagram as inline SVG, or None when Graphviz fails for it."""
    current = state(current_app)
    try:
        svg: str = current.cached(
            ("pathway-svg", pathway_id), lambda: pathway_svg(current.site, pathway_id)
        )
    except Exception:  # a broken diagram must not take the page down
        current_app.logger.exception("diagram failed for %s", pathway_id)
        return None
    return Markup(svg)
