"""A cache of built Sites for the command line, keyed by a hash of everything a build reads.

Every command that answers from a Site (query, diagram, sparql, build, freeze) would otherwise
load, check and compile the whole catalogue first. The key covers the bytes and relative paths
of every pathway file, the ontology files, the package's own code, the library versions that
the pickled objects come from, the working directory (problems name files relative to it),
the date the review checks use and whether SHACL ran; any change gives a new key, so a stale
entry is never read. Entries are pickles in the user's own cache folder (anyone who can write
there can run code as that user, as with any pickle cache); an entry that cannot be read is
ignored and the Site rebuilt.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import multiprocessing
import os
import pickle
import sys
import tempfile
from importlib import metadata
from pathlib import Path
from typing import Any

from rdflib import Graph

from .answers.search import SearchIndex
from .build import Site, build_site, no_gc
from .core import paths
from .source.load import _pathway_files, inside

CACHE_ENV = "VEJVISER_CACHE_DIR"
"""Environment variable naming the cache folder (default $XDG_CACHE_HOME/vejviser)."""
KEEP = 3
"""Entries kept; older ones are deleted after each write (a national build is about 30 MB)."""
FORMAT = 3
"""Bump when what an entry holds changes, so old entries are never read (2: the Site carries
its search index; 3: the Site keeps the network's size, not the network)."""
_PACKAGE = Path(__file__).resolve().parent
_LIBRARIES = ("rdflib", "networkx", "pyshacl", "jsonschema", "fastjsonschema")


def cache_dir() -> Path:
    """Where entries live: $VEJVISER_CACHE_DIR, else $XDG_CACHE_HOME/vejviser, else
    ~/.cache/vejviser."""
    if os.environ.get(CACHE_ENV):
        return Path(os.environ[CACHE_ENV])
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "vejviser"


def _feed(digest: Any, label: str, data: bytes) -> None:
    # length-prefixed, so no two different inputs can run together into the same bytes
    for part in (label.encode("utf-8"), data):
        digest.update(len(part).to_bytes(8, "big"))
        digest.update(part)


def _files(root: Path) -> list[Path]:
    # the same files load_tree reads
    return [root] if root.is_file() else sorted(_pathway_files(root))


def _library_versions() -> str:
    return ";".join(f"{name}={metadata.version(name)}" for name in _LIBRARIES)


def content_key(root: Path, today: dt.date, shacl: bool) -> str:
    """The hash of every input to build_site(root, today, shacl); raises OSError if a file
    cannot be read."""
    digest = hashlib.sha256()
    _feed(
        digest,
        "setting",
        f"{FORMAT}|{sys.version}|{_library_versions()}|{root}|"
        f"{Path.cwd().resolve()}|{today.isoformat()}|{shacl}".encode(),
    )
    for path in _files(root):
        # a link out of the folder is never read (load refuses it): its name is the input
        data = path.read_bytes() if inside(root, path) else b"outside"
        _feed(digest, "pathway:" + path.relative_to(root).as_posix(), data)
    for directory, label in ((paths.ONTOLOGY, "ontology:"), (_PACKAGE, "code:")):
        for path in sorted(
            p for p in directory.rglob("*") if p.is_file() and p.suffix in (".py", ".ttl", ".json")
        ):
            _feed(digest, label + path.relative_to(directory).as_posix(), path.read_bytes())
    return digest.hexdigest()


def _entry(key: str) -> Path:
    return cache_dir() / f"site-{key}.pickle"


def _restore_graph(store: Any, identifier: Any) -> Graph:
    # rdflib's own unpickling binds its default prefixes over ours; "none" keeps the store's
    return Graph(store=store, identifier=identifier, bind_namespaces="none")


class _SitePickler(pickle.Pickler):
    """Pickles rdflib graphs so that their prefixes come back unchanged."""

    def reducer_override(self, obj: Any) -> Any:
        """Graphs through _restore_graph; everything else as pickle does it."""
        if type(obj) is Graph:
            return _restore_graph, (obj.store, obj.identifier)
        return NotImplemented


def read_entry(key: str) -> Site | None:
    """The Site stored under key, or None if there is none or it cannot be read."""
    entry = _entry(key)
    try:
        # unpickling a national Site makes millions of objects: 1.0 s with the collector paused,
        # 7.8 s with it running
        with entry.open("rb") as stream, no_gc():
            stored = pickle.load(stream)  # noqa: S301 - our own file in the user's cache
    except Exception:  # a missing, truncated, corrupt or outdated entry means: rebuild
        return None
    if not (
        isinstance(stored, tuple)
        and len(stored) == 2
        and stored[0] == key
        and isinstance(stored[1], Site)
        # a Site pickled before it carried its search index lacks the attribute
        and isinstance(getattr(stored[1], "search_index", None), SearchIndex)
    ):
        return None
    with contextlib.suppress(OSError):
        os.utime(entry)  # the most recently used entries are the ones kept
    return stored[1]


def write_entry(key: str, site: Site) -> None:
    """Store site under key atomically (temporary file, then rename); keep the newest KEEP."""
    folder = cache_dir()
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=folder, prefix=".tmp-", suffix=".pickle")
    except OSError:  # a cache that cannot be written only costs the next command a build
        return
    try:
        with os.fdopen(handle, "wb") as stream:
            _SitePickler(stream, protocol=pickle.HIGHEST_PROTOCOL).dump((key, site))
        os.replace(temporary, _entry(key))
    except Exception:  # full disk, or something in the Site that does not pickle
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        return
    prune(folder)


def prune(folder: Path, keep: int = KEEP) -> None:
    """Delete all but the keep most recently used entries."""

    def used(path: Path) -> float:
        try:
            return path.stat().st_mtime
        except OSError:
            return 0.0

    entries = sorted(folder.glob("site-*.pickle"), key=used, reverse=True)
    for old in entries[keep:]:
        with contextlib.suppress(OSError):
            old.unlink()


def cached_build(
    root: Path, today: dt.date | None = None, shacl: bool = True, use_cache: bool = True
) -> Site:
    """build_site(root, today, shacl), restored from the cache when the inputs are unchanged."""
    if not use_cache:
        return build_site(root, today, shacl=shacl)
    day = today or dt.date.today()
    try:
        key = content_key(root, day, shacl)
    except OSError:  # an unreadable file: the build reports it, and nothing is cached
        return build_site(root, day, shacl=shacl)
    site = read_entry(key)
    if site is None:
        site = build_site(root, day, shacl=shacl)
        write_entry(key, site)
    return site


def store_apart(root: Path, today: dt.date | None = None, shacl: bool = True) -> None:
    """Make sure the cache holds the Site of root, building it in a forked child if not.

    A process that builds keeps much of what the build freed, scattered over its heap (a
    national build peaks near 400 MB), so a server that built its Site held 356 MB PSS
    against 303 MB for one that restored it (docs/web.md, "Memory at national scale"). The
    server calls this first, then restores. Without fork, with an unwritable cache or if the
    child fails, nothing is stored and cached_build builds in the caller as before.
    """
    if "fork" not in multiprocessing.get_all_start_methods():
        return
    day = today or dt.date.today()
    try:
        key = content_key(root, day, shacl)
    except OSError:
        return
    if _entry(key).exists():
        return
    child = multiprocessing.get_context("fork").Process(
        target=_build_and_store, args=(root, day, shacl, key)
    )
    child.start()
    child.join()


def _build_and_store(root: Path, day: dt.date, shacl: bool, key: str) -> None:
    write_entry(key, build_site(root, day, shacl=shacl))
