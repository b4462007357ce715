"""Running the guide: a development server that rebuilds on file change, and granian or
waitress for production."""

from __future__ import annotations

import datetime as dt
import gc
import logging
import threading
from collections.abc import Callable
from pathlib import Path

from flask import Flask

from ..build import Site, build_site
from ..buildcache import cached_build, store_apart
from ..core.errors import ValidationFailed
from ..core.problems import Pos, error, summary
from .app import render_in_background, state
from .factory import create_app
from .rsgi import Buffered

log = logging.getLogger("navigator.web.serve")
Snapshot = dict[str, tuple[int, int]]
SERVER_NAME = "Vejviser"  # what the Server header says: no software versions


def snapshot(root: Path) -> Snapshot:
    """Modification time and size of every YAML file below root (or of root, if a file)."""
    files = [root] if root.is_file() else sorted(root.rglob("*.y*ml"))
    seen: Snapshot = {}
    for f in files:
        try:
            stat = f.stat()
        except OSError:  # deleted or renamed since the listing: the next poll sees it
            continue
        seen[str(f)] = (stat.st_mtime_ns, stat.st_size)
    return seen


class Watcher(threading.Thread):
    """Polls the pathway files; on change, rebuilds and swaps only a build without errors.

    A change is built only once the files have stopped changing (the same sizes and times at
    two polls in a row), so a file caught half-written does not go live. A rebuild that
    raises keeps the last good build and shows the failure in the editors' banner.
    """

    def __init__(
        self,
        app: Flask,
        root: Path,
        interval: float = 1.0,
        build: Callable[[Path], Site] | None = None,
    ) -> None:
        super().__init__(name="navigator-watcher", daemon=True)
        self.app, self.root, self.interval = app, root, interval
        self.build = build or (lambda path: build_site(path, shacl=False))
        self.stopped = threading.Event()
        self.seen = snapshot(root)
        self.pending: Snapshot | None = None
        self.builds = 0
        """Rebuilds tried so far (for tests and logs)."""

    def check(self) -> bool | None:
        """Rebuild if files changed and have settled: True swapped, False kept the old site,
        None nothing to build yet (no change, or files still changing)."""
        current = snapshot(self.root)
        if current == self.seen:
            self.pending = None
            return None
        if current != self.pending:
            self.pending = current  # changed since the last poll: wait for it to settle
            return None
        self.seen, self.pending = current, None
        try:
            return self._rebuild()
        finally:
            self.builds += 1

    def _rebuild(self) -> bool:
        try:
            site = self.build(self.root)
        except Exception as exc:  # any crash keeps the old site, with a banner
            log.exception("rebuild of %s failed", self.root)
            state(self.app).reject(
                (
                    error(
                        Pos(str(self.root)),
                        "the rebuild failed "
                        f"({type(exc).__name__}: {exc}); the last good "
                        "build is served",
                    ),
                )
            )
            return False
        swapped = state(self.app).swap(site)
        if swapped:
            release_replaced()
        log.warning(
            "rebuilt %s: %s%s",
            self.root,
            summary(site.problems),
            "" if swapped else " – kept the last good build",
        )
        return swapped

    def run(self) -> None:
        """Check every interval until stopped."""
        while not self.stopped.wait(self.interval):
            try:
                self.check()
            except Exception:  # a crash in a rebuild must not stop the watching
                log.exception("rebuild failed")

    def stop(self) -> None:
        """Stop after the current check."""
        self.stopped.set()


Clock = Callable[[], dt.date]
"""What day it is where the server runs (dt.date.today: the machine's local day)."""


def day_build(root: Path, day: dt.date) -> Site:
    """The Site for a day, from the build cache when it has one (issue 17)."""
    return cached_build(root, day, shacl=False)


class DayKeeper(threading.Thread):
    """Serves the new day's facts after midnight without a restart.

    At the first check on a new day (by the clock), it builds the Site for that day and
    swaps it in; a build with errors keeps the old Site and is not tried again that day.
    The clock and the build are parameters, so tests can move time.
    """

    def __init__(
        self,
        app: Flask,
        root: Path,
        clock: Clock = dt.date.today,
        interval: float = 30.0,
        build: Callable[[Path, dt.date], Site] = day_build,
    ) -> None:
        super().__init__(name="navigator-day", daemon=True)
        self.app, self.root, self.clock, self.interval, self.build = (
            app,
            root,
            clock,
            interval,
            build,
        )
        self.stopped = threading.Event()
        self.tried: dt.date | None = None

    def check(self) -> bool | None:
        """True: swapped to the new day's Site; False: its build was refused; None: same day."""
        day = self.clock()
        if day == state(self.app).site.today or day == self.tried:
            return None
        self.tried = day
        site = self.build(self.root, day)
        swapped = state(self.app).swap(site)
        if swapped:
            release_replaced()
        log.warning("a new day, %s: %s", day.isoformat(), "swapped" if swapped else "kept")
        return swapped

    def run(self) -> None:
        """Check every interval until stopped."""
        while not self.stopped.wait(self.interval):
            try:
                self.check()
            except Exception:  # a failed build must not stop the clock
                log.exception("building the new day's site failed")

    def stop(self) -> None:
        """Stop after the current check."""
        self.stopped.set()


def development(
    root: Path,
    host: str,
    port: int,
    reload: bool,
    use_cache: bool = True,
    today: dt.date | None = None,
) -> None:
    """Serve with werkzeug; with reload, rebuild when a pathway file changes.

    The first build comes from the build cache when the files are unchanged (buildcache.py);
    rebuilds on change are made from the files."""
    from werkzeug.serving import WSGIRequestHandler, run_simple

    class QuietHandler(WSGIRequestHandler):
        """Werkzeug's handler without the versions in its Server header."""

        server_version, sys_version = SERVER_NAME, ""

        def version_string(self) -> str:
            """The Server header: our name only."""
            return SERVER_NAME

    app = create_app(cached_build(root, today, shacl=False, use_cache=use_cache))
    settle()
    if reload:
        Watcher(app, root, build=lambda path: build_site(path, today, shacl=False)).start()
    if today is None:  # a fixed --today never turns into tomorrow
        DayKeeper(app, root).start()
    run_simple(
        host,
        port,
        app,
        threaded=True,
        use_reloader=False,
        use_debugger=False,
        request_handler=QuietHandler,
    )


def production_app(root: Path, use_cache: bool = True, today: dt.date | None = None) -> Flask:
    """The app for production: refuses a site with errors, never shows editors' banners.

    The Site comes from the build cache when every input is unchanged (a restart on the
    same content starts in about a second instead of a full build)."""
    site = cached_build(root, today, shacl=False, use_cache=use_cache)
    if not site.ok:
        raise ValidationFailed(summary(site.problems))
    return create_app(site, {"DEBUG": False, "SHOW_PROBLEMS": False, "RENDER_AT_SWAP": True})


CONNECTIONS = 1000
"""Connections granian keeps open at once (its backpressure counts connections, idle ones
too); the work in progress is bounded by rsgi.IN_FLIGHT, and idle ones close after
IDLE_TIMEOUT."""
IDLE_TIMEOUT = 5.0
"""Seconds a connection may wait for the (next) request's headers: a kept-alive connection
that says nothing for this long is closed."""
_BUILT: dict[str, Flask] = {}  # the app the main process built, for granian's forked worker
_THREADS: dict[str, int] = {}


def production(
    root: Path,
    host: str,
    port: int,
    threads: int = 8,
    server: str = "granian",
    use_cache: bool = True,
    today: dt.date | None = None,
) -> None:
    """Serve with granian (or waitress), debug off, no version in the Server header, bounded
    requests. The site is built or restored from the build cache (and refused if it has
    errors) before the port opens; a Site not yet cached is built in a child process first,
    so that this long-lived one holds only the restored Site (buildcache.store_apart)."""
    if use_cache:
        store_apart(root, today, shacl=False)
    app = production_app(root, use_cache, today)
    app.config["NAVIGATOR_FIXED_DAY"] = today is not None
    if server == "granian":
        granian(app, str(root), host, port, threads)  # freezes the collector before the fork
        return
    import waitress

    settle()
    render_in_background(app, state(app))
    keep_days(app, root)
    waitress.serve(app, **waitress_options(host, port, threads))


def granian(app: Flask, name: str, host: str, port: int, threads: int = 8) -> None:
    """Serve app with granian: one worker process (the site is held once in memory), HTTP in
    Rust, each request's body read in full on the event loop before the WSGI app runs on one
    of a few Python threads (rsgi.Buffered)."""
    from granian import Granian
    from granian.constants import Interfaces
    from granian.http import HTTP1Settings

    _BUILT[name], _THREADS[name] = app, threads
    # the worker is forked: keep the garbage collector off the site's objects, or its first
    # full collection writes to every page of memory the worker shares with this process
    gc.freeze()
    server = Granian(
        name,
        address=host,
        port=port,
        interface=Interfaces.RSGI,
        workers=1,
        websockets=False,
        backpressure=CONNECTIONS,
        # as waitress: request headers up to 64 KB; IDLE_TIMEOUT s to send them, which also
        # closes a kept-alive connection that sends no next request; bodies: rsgi.BODY_TIMEOUT
        http1_settings=HTTP1Settings(
            header_read_timeout=int(IDLE_TIMEOUT * 1000), max_buffer_size=64 * 1024
        ),
        log_access=False,
    )
    server.serve(target_loader=_load)


def _load(name: str) -> Buffered:
    """The app in granian's worker: forked from the process that built it (a spawned worker,
    where fork is not the default, builds its own); the swap pages are rendered here, since
    threads do not survive a fork."""
    app = _BUILT.get(name) or production_app(Path(name))
    render_in_background(app, state(app))
    keep_days(app, Path(name))  # threads do not survive the fork: start it in the worker
    return Buffered(app, _THREADS.get(name, 8))


def keep_days(app: Flask, root: Path) -> DayKeeper | None:
    """Start the DayKeeper unless the server was started with a fixed --today."""
    if app.config.get("NAVIGATOR_FIXED_DAY"):
        return None
    keeper = DayKeeper(app, root)
    keeper.start()
    return keeper


def release_replaced() -> None:
    """Free the Site a rebuild replaced, then freeze the new one out of the collector's way.

    settle() froze the first Site; its reference cycles (an rdflib Graph and its namespace
    manager) are never collected while frozen, so without this every rebuild of a
    development server with --reload would keep one more Site in memory. A full collection
    costs about 1.6 s on the national corpus, once per rebuild."""
    gc.unfreeze()
    gc.collect()
    gc.freeze()


def settle() -> None:
    """Move everything made so far (above all the Site) out of the cyclic collector's way.

    A national Site is millions of objects that live as long as the server; left to the
    collector, each full collection walks them all again, and the first answers after start
    wait for it (bench/startup.py). Frozen objects are still freed when nothing refers to
    them; only cycles among them (an rdflib Graph and its namespace manager) stay until
    release_replaced() runs after a rebuild is swapped in. No
    collection first: it finds nothing after a build or restore (made with the collector
    paused) and costs 1.6 s nationally.
    """
    gc.freeze()


def waitress_options(host: str, port: int, threads: int = 8) -> dict[str, object]:
    """Waitress settings: our name as Server, and limits on what one request may send.

    Waitress reads a request, body and all, on its I/O thread before a worker thread sees it;
    a connection with no request in progress that sends nothing for IDLE_TIMEOUT seconds
    (idle, silent, or stalled mid-body) is closed at the next check, once a second."""
    return {
        "host": host,
        "port": port,
        "threads": threads,
        "ident": SERVER_NAME,
        "max_request_header_size": 64 * 1024,
        "max_request_body_size": 1024 * 1024,
        "channel_timeout": int(IDLE_TIMEOUT),
        "cleanup_interval": 1,
        "connection_limit": CONNECTIONS,
        "asyncore_use_poll": True,  # select() stops at 1 024 sockets; poll() does not
    }
