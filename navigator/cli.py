"""The `navigator` command line: thin commands over the library."""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import logging
import os
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TypeVar

import click

from .build import Site, check_tree, no_gc, write_outputs
from .buildcache import cache_dir, cached_build, content_key
from .core import paths
from .core.errors import NavigatorError, ValidationFailed
from .core.problems import Problem, count, summary
from .core.urls import DIAGRAM_FORMATS

F = TypeVar("F", bound=Callable[..., Any])


def pathways_argument(fn: F) -> F:
    """The PATHWAYS_DIR argument every command takes, defaulting to pathways/."""
    return click.argument(
        "pathways_dir",
        required=False,
        default=str(paths.PATHWAYS),
        type=click.Path(exists=True, file_okay=True, dir_okay=True, path_type=Path),
    )(fn)


def today_option(fn: F) -> F:
    """--today: the day reviews are checked on and facts hold on (tests, planning)."""
    return click.option(
        "--today",
        type=click.DateTime(["%Y-%m-%d"]),
        default=None,
        help="Check reviews and pick the facts that hold as of this date (YYYY-MM-DD).",
    )(fn)


def day_option(fn: F) -> F:
    """--today for the commands that show facts: the day that decides what holds."""
    return click.option(
        "--today",
        type=click.DateTime(["%Y-%m-%d"]),
        default=None,
        help="Show the facts that hold on this day (YYYY-MM-DD); default: today.",
    )(fn)


def cache_option(fn: F) -> F:
    """--no-cache (or VEJVISER_NO_CACHE=1): build from the files even if a cached build fits."""
    return click.option(
        "--no-cache",
        is_flag=True,
        envvar="VEJVISER_NO_CACHE",
        expose_value=False,
        callback=_remember_no_cache,
        help="Rebuild from the files; do not read or write the build cache.",
    )(fn)


def _remember_no_cache(ctx: click.Context, _param: click.Parameter, value: bool) -> None:
    ctx.meta["navigator.no_cache"] = value


def _use_cache() -> bool:
    ctx = click.get_current_context(silent=True)
    return not (ctx and ctx.meta.get("navigator.no_cache"))


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="navigator")
def cli() -> None:
    """Vejviser: pathways for children's and young people's mental health, as one graph."""
    quiet_libraries()


def quiet_libraries() -> None:
    """Keep stdout for our own output: library log records and warnings go to stderr."""
    # rdflib logs "does not look like a valid URI" for odd input; the checks report it as a
    # problem line. Unconfigured, logging and warnings write to stderr, never stdout.
    logging.getLogger("rdflib").setLevel(logging.ERROR)


def _today(value: dt.datetime | None) -> dt.date | None:
    return value.date() if value else None


def _report(problems: tuple[Problem, ...] | list[Problem], strict: bool) -> None:
    for problem in problems:
        click.echo(str(problem))
    if any(p.message.startswith("cannot read file") for p in problems):
        raise NavigatorError(summary(problems))
    errors, warnings = count(problems)
    if errors or (strict and warnings):
        raise ValidationFailed(summary(problems))


@cli.command()
@pathways_argument
@click.option("--strict", is_flag=True, help="Treat warnings as failures.")
@today_option
def validate(pathways_dir: Path, strict: bool, today: dt.datetime | None) -> None:
    """Check pathway files; print every problem as path:line:col: severity: message."""
    with no_gc():  # a short command: no full collection over what it has just built
        problems, files = check_tree(pathways_dir, _today(today))
    _report(problems, strict)
    errors, warnings = count(problems)
    click.echo(
        f"navigator: ok: {files} files checked, {errors} errors, {warnings} warnings",
        err=True,
    )


@cli.command()
@pathways_argument
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("build"),
    show_default=True,
    help="Folder to write graph.ttl, graph.jsonld, graph.nt and report.txt.",
)
@click.option("--strict", is_flag=True, help="Treat warnings as failures.")
@today_option
@cache_option
def build(pathways_dir: Path, out: Path, strict: bool, today: dt.datetime | None) -> None:
    """Compile the pathways into RDF (Turtle, JSON-LD, N-Triples) and a build report."""
    with no_gc():  # as in validate, through the writing too
        site = cached_build(pathways_dir, _today(today), use_cache=_use_cache())
        _report(site.problems, strict)
        with writing(out):
            written = write_outputs(site, out)
    for path in written:
        click.echo(f"wrote {path}", err=True)


@contextlib.contextmanager
def writing(out: Path) -> Iterator[None]:
    """Turn a failure to write below out (no such folder, no permission, a file in the way)
    into one clear message and exit code 2."""
    try:
        yield
    except OSError as exc:
        where = exc.filename or out
        raise NavigatorError(f"cannot write {where}: {exc.strerror or exc}") from None


def load_site(pathways_dir: Path, today: dt.date | None = None) -> Site:
    """Build a site for a command that needs one (or restore it from the build cache),
    for a day (default: today), refusing to go on with errors."""
    site = cached_build(pathways_dir, today, shacl=False, use_cache=_use_cache())
    if not site.ok:
        for problem in site.problems:
            click.echo(str(problem), err=True)
        raise ValidationFailed(summary(site.problems))
    return site


@cli.group()
def query() -> None:
    """Ask the graph: services for a child, routes, who does what, coverage."""


def _emit(data: Any, as_json: bool, lines: list[str]) -> None:
    if as_json:
        click.echo(json.dumps(data, ensure_ascii=False, indent=2))
    else:
        click.echo("\n".join(lines) if lines else "(intet fundet)")


json_option = click.option("--json", "as_json", is_flag=True, help="Print JSON.")


@query.command("services")
@pathways_argument
@cache_option
@click.option("--age", type=click.IntRange(0, 30), help="The child's age in years.")
@click.option("--concern", help='A concern id or everyday words ("angst", "ondt i maven").')
@click.option("--kommune", help="Kommune id, e.g. gentofte.")
@json_option
def query_services(
    pathways_dir: Path, age: int | None, concern: str | None, kommune: str | None, as_json: bool
) -> None:
    """Where to start: services for an age, concern and kommune, self-referral first."""
    from .answers.query import local_only, services_for

    site = load_site(pathways_dir)
    if kommune and kommune not in site.catalogue.places:
        raise NavigatorError(f"unknown kommune '{kommune}'")
    matches = services_for(site, age, concern, kommune)
    data = [
        {
            "id": m.service.id,
            "name": m.service.name,
            "availability": m.availability,
            "self_referral": m.service.self_referral,
            "reasons": list(m.reasons),
        }
        for m in matches
    ]
    _emit(data, as_json, [f"{d['id']:<34} {d['availability']:<10} {d['name']}" for d in data])
    elsewhere = local_only(site, age, concern, kommune)
    if elsewhere:  # on stderr, so --json output stays one JSON document
        click.echo(
            f"note: {len(elsewhere)} more serve only some kommuner or regions; "
            "give --kommune to see those that serve it",
            err=True,
        )


@query.command("route")
@pathways_argument
@cache_option
@click.option("--from", "start", required=True, help="Role or service id to start from.")
@click.option("--to", "goal", required=True, help="Role or service id to reach.")
@json_option
def query_route(pathways_dir: Path, start: str, goal: str, as_json: bool) -> None:
    """The shortest chain of handovers between two roles or services."""
    from .answers.query import route

    site = load_site(pathways_dir)
    for ref in (start, goal):
        if site.catalogue.get(ref) is None:
            raise NavigatorError(f"unknown role or service '{ref}'")
    hops = route(site, start, goal) or []
    data = [
        {
            "from": h.source,
            "to": h.target,
            "method": h.handover.method,
            "pathway": h.handover.pathway,
            "handover": h.handover.id,
        }
        for h in hops
    ]
    _emit(
        data, as_json, [f"{d['from']} --{d['method']}--> {d['to']}  ({d['pathway']})" for d in data]
    )


@query.command("who")
@click.argument("role")
@pathways_argument
@cache_option
@json_option
def query_who(pathways_dir: Path, role: str, as_json: bool) -> None:
    """What a role does in each pathway, what it receives and whom it hands over to."""
    from .answers.query import who_does_what

    site = load_site(pathways_dir)
    if role not in site.catalogue.roles:
        raise NavigatorError(f"unknown role '{role}'")
    rows = who_does_what(site, role)
    data = [
        {
            "pathway": r.pathway.id,
            "steps": [s.id for s in r.steps],
            "receives": sorted({f"{h.source} ({h.method})" for h in r.receives}),
            "hands_over_to": sorted({f"{h.target} ({h.method})" for h in r.hands_over}),
        }
        for r in rows
    ]
    _emit(
        data,
        as_json,
        [
            f"{d['pathway']}: {', '.join(d['steps']) or '-'}"
            f"; modtager fra {', '.join(d['receives']) or '-'}"
            f"; giver videre til {', '.join(d['hands_over_to']) or '-'}"
            for d in data
        ],
    )


@query.command("coverage")
@click.argument("service")
@pathways_argument
@cache_option
@json_option
def query_coverage(pathways_dir: Path, service: str, as_json: bool) -> None:
    """Which kommuner offer a service: offered, planned or unknown, with dates."""
    from .answers.query import coverage

    site = load_site(pathways_dir)
    if service not in site.catalogue.services:
        raise NavigatorError(f"unknown service '{service}'")
    rows = coverage(site, service)
    data = [
        {"kommune": r.place, "status": r.status, "as_of": r.record.as_of if r.record else None}
        for r in rows
    ]
    _emit(data, as_json, [f"{d['kommune']:<20} {d['status']:<12} {d['as_of'] or ''}" for d in data])


@cli.command()
@click.option(
    "--check", is_flag=True, help="Only report whether ontology/pathway.schema.json is valid."
)
def schema(check: bool) -> None:
    """Print the JSON Schema for pathway files (for editors with yaml-language-server)."""
    from .source.schema import validator

    validator()
    if not check:
        click.echo(paths.SCHEMA.read_text(encoding="utf-8"), nl=False)


@cli.command()
@pathways_argument
@click.option(
    "--reload",
    is_flag=True,
    help="Rebuild when a pathway file changes; a broken edit keeps the last good build.",
)
@click.option("--production", is_flag=True, help="Serve for the public, debug off.")
@click.option(
    "--server",
    type=click.Choice(["granian", "waitress"]),
    default="granian",
    show_default=True,
    help="The server --production runs on (docs/deploy.md).",
)
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", type=int, default=5000, show_default=True, help="Port to listen on.")
@day_option
@cache_option
def serve(
    pathways_dir: Path,
    reload: bool,
    production: bool,
    server: str,
    host: str,
    port: int,
    today: dt.datetime | None,
) -> None:
    """Run the guide (the web site) on the pathways; after midnight it serves the new day's
    facts without a restart, unless --today fixes the day."""
    from .web import serve as running

    click.echo(f"Vejviser on http://{host}:{port}/", err=True)
    day, cache = _today(today), _use_cache()
    if production:
        running.production(pathways_dir, host, port, server=server, use_cache=cache, today=day)
    else:
        running.development(pathways_dir, host, port, reload, use_cache=cache, today=day)


@cli.command()
@pathways_argument
@today_option
@click.option("--csv", "as_csv", is_flag=True, help="Write CSV (one item a row) instead of text.")
@cache_option
def review(pathways_dir: Path, today: dt.datetime | None, as_csv: bool) -> None:
    """List what goes stale, by owner and date: reviews due within 30 days or overdue, old
    sources for phone numbers, hours and status, unverified facts, and spans that start or
    end within 60 days."""
    from .answers import review as stale
    from .web.tables import csv_text

    site = load_site(pathways_dir, _today(today))
    items = stale.review_items(site.catalogue)
    if as_csv:
        click.echo(csv_text(stale.CSV_HEADER, stale.rows(items)), nl=False)
    else:
        click.echo(stale.text(items, site.today), nl=False)


@cli.command()
@pathways_argument
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("site"),
    show_default=True,
    help="Folder to write the static site to.",
)
@click.option(
    "--page-workers",
    type=click.IntRange(min=1),
    help="Processes that render the pages (default: one per core; 1: this process only).",
)
@day_option
@cache_option
def freeze(
    pathways_dir: Path, out: Path, today: dt.datetime | None, page_workers: int | None
) -> None:
    """Write the whole guide, as it holds on a day (default today), as static files that
    any web server can serve; every page says which day it was built for."""
    from .web.freeze import freeze_site

    site = load_site(pathways_dir, _today(today))
    drawings, inputs = None, None
    if _use_cache():
        drawings = cache_dir() / "drawings"
        # the same key as the Site's cache entry: a freeze with the same key may do nothing
        with contextlib.suppress(OSError):
            inputs = content_key(pathways_dir, site.today, False)
    with writing(out):
        urls = freeze_site(site, out, cache=drawings, inputs=inputs, page_workers=page_workers)
    click.echo(f"wrote {len(urls)} pages to {out} for {site.today.isoformat()}", err=True)


def pathways_option(fn: F) -> F:
    """--pathways DIR, for commands whose positional arguments are taken by other things."""
    return click.option(
        "--pathways",
        "pathways_dir",
        default=str(paths.PATHWAYS),
        show_default=True,
        type=click.Path(exists=True, file_okay=True, dir_okay=True, path_type=Path),
        help="Folder of pathway files.",
    )(fn)


@cli.command()
@click.argument("kind", type=click.Choice(["pathway", "role", "kommune", "overview"]))
@click.argument("entity_id", metavar="[ID]", required=False)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(list(DIAGRAM_FORMATS)),
    help="Output format (default: from --out's suffix, else dot).",
)
@click.option(
    "--out",
    type=click.Path(dir_okay=False, path_type=Path),
    help="File to write (default: standard output).",
)
@pathways_option
@cache_option
def diagram(
    kind: str, entity_id: str | None, fmt: str | None, out: Path | None, pathways_dir: Path
) -> None:
    """Draw a pathway, a role, a kommune or the overview with Graphviz."""
    from .diagrams.diagram import diagram as make
    from .diagrams.diagram import render_file

    fmt = fmt or (out.suffix.lstrip(".").lower() if out and out.suffix else "dot")
    if fmt not in DIAGRAM_FORMATS:
        raise NavigatorError(f"cannot tell the format from '{out}'; add --format")
    data = render_file(make(load_site(pathways_dir), kind, entity_id), fmt)
    _write(data, out, binary=fmt in ("png", "pdf"))


def _write(data: bytes, out: Path | None, binary: bool) -> None:
    if out is not None:
        with writing(out):
            out.write_bytes(data)
        click.echo(f"wrote {out}", err=True)
    elif binary and sys.stdout.isatty():
        raise NavigatorError("will not write binary output to a terminal; use --out FILE")
    else:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()


@cli.command()
@click.argument("query_text", metavar="QUERY")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["json", "csv"]),
    default="json",
    show_default=True,
    help="Result format.",
)
@pathways_option
@cache_option
def sparql(query_text: str, fmt: str, pathways_dir: Path) -> None:
    """Run a read-only SPARQL query on the compiled graph ('-' reads it from stdin)."""
    from .graph.sparql import load_store, run_query, serialise

    if query_text == "-":
        query_text = sys.stdin.read()
    store = load_store(load_site(pathways_dir).graph)
    text, _ = serialise(run_query(store, query_text), fmt)
    click.echo(text, nl=not text.endswith("\n"))


def main() -> None:
    """Entry point for `python -m navigator` and the `navigator` script."""
    try:
        cli(prog_name="navigator")
        code = 0
    except SystemExit as exc:
        if isinstance(exc.code, str):
            print(exc.code, file=sys.stderr)
        code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    # The command is done and has said everything: leave without the interpreter freeing a
    # national Site object by object (about a second per command; docs/benchmarks.md).
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError):
            stream.flush()
    os._exit(code)
