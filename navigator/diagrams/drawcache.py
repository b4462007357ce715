"""Drawn diagrams on disk, keyed by a hash of what decides their bytes, for the freeze.

A national freeze draws about 2,000 files with Graphviz; almost all of them are the same as
last time. The key covers the DOT text, the format, the Graphviz version and the drawing code
(dotwriter, lanes and paper rework Graphviz's output), so any change gives a new key and a
stale drawing is never read. An entry is written to a temporary file and renamed into place
(never written through a link), starts with the SHA-256 of its body (a damaged entry is a
miss), and a hit returns bytes: the caller writes them, so nothing in the site links back
into the cache. Only code that asks for it (`using`) reads or writes the cache; the live
site keeps its own memo in memory.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

FORMAT = 1
"""Bump when an entry's layout changes, so old entries are never read."""
KEEP_BYTES = 1 << 30
"""Entries kept, newest used first, after each freeze (a national freeze draws ~250 MB)."""
_PACKAGE = Path(__file__).resolve().parent
_HEAD = b"vejviser-drawing "


@functools.cache
def graphviz_version() -> str:
    """What `dot -V` says (Graphviz writes it to standard error), or 'none'."""
    binary = shutil.which("dot")
    if binary is None:
        return "none"
    try:
        done = subprocess.run([binary, "-V"], capture_output=True, timeout=10, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return "unknown"
    return f"{binary}: {(done.stderr + done.stdout).decode('utf-8', 'replace').strip()}"


@functools.cache
def code_digest() -> str:
    """The hash of the drawing code in this package."""
    digest = hashlib.sha256()
    for path in sorted(_PACKAGE.glob("*.py")):
        feed(digest, path.name.encode("utf-8"))
        feed(digest, path.read_bytes())
    return digest.hexdigest()


def feed(digest: Any, data: bytes) -> None:
    """Add data to a hash, length-prefixed, so no two inputs run together into the same bytes."""
    # length-prefixed, so no two different inputs can run together into the same bytes
    digest.update(len(data).to_bytes(8, "big"))
    digest.update(data)


def draw_key(dot: str, fmt: str) -> str:
    """The key of one drawing: DOT text, format, Graphviz version and drawing code."""
    digest = hashlib.sha256()
    for part in (str(FORMAT), graphviz_version(), code_digest(), fmt, dot):
        feed(digest, part.encode("utf-8"))
    return digest.hexdigest()


class DrawCache:
    """A folder of drawings by key; counts its hits, misses and writes."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.hits = self.misses = self.writes = 0
        self.timed_out: set[str] = set()
        """Keys Graphviz ran out of time on, in the pool or in render, in this process (and the
        page workers forked from it, which start with the pool's): kept in memory only, since a
        busy machine may time out what a quiet one draws."""

    def _entry(self, key: str) -> Path:
        return self.folder / f"{key}.drawing"

    def has(self, key: str) -> bool:
        """Whether an entry for key exists (it may still turn out damaged when read)."""
        return self._entry(key).is_file()

    def get(self, key: str) -> bytes | None:
        """The drawing stored under key, or None if there is none or it is damaged."""
        entry = self._entry(key)
        try:
            # O_NOFOLLOW: a link planted in the cache is never read
            handle = os.open(entry, os.O_RDONLY | os.O_NOFOLLOW)
            with os.fdopen(handle, "rb") as stream:
                data = stream.read()
        except OSError:
            self.misses += 1
            return None
        head, _, body = data.partition(b"\n")
        if head != _HEAD + hashlib.sha256(body).hexdigest().encode():
            self.misses += 1
            return None
        self.hits += 1
        with contextlib.suppress(OSError):
            os.utime(entry)  # the most recently used entries are the ones kept
        return body

    def put(self, key: str, data: bytes) -> None:
        """Store data under key atomically; a cache that cannot be written is skipped."""
        try:
            self.folder.mkdir(mode=0o700, parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(dir=self.folder, prefix=".tmp-")
        except OSError:
            return
        try:
            with os.fdopen(handle, "wb") as stream:
                stream.write(_HEAD + hashlib.sha256(data).hexdigest().encode() + b"\n")
                stream.write(data)
            # rename replaces a link at the entry's name; it never writes through one
            os.replace(temporary, self._entry(key))
            self.writes += 1
        except OSError:
            with contextlib.suppress(OSError):
                os.unlink(temporary)

    def prune(self, keep_bytes: int = KEEP_BYTES) -> None:
        """Delete the least recently used entries beyond keep_bytes."""
        entries = []
        for path in self.folder.glob("*.drawing"):
            with contextlib.suppress(OSError):
                info = path.lstat()
                entries.append((info.st_mtime_ns, info.st_size, path))
        total = 0
        for _mtime, size, path in sorted(entries, reverse=True):
            total += size
            if total > keep_bytes:
                with contextlib.suppress(OSError):
                    path.unlink()


_ACTIVE: list[DrawCache] = []


def active() -> DrawCache | None:
    """The cache that drawing reads and fills now, if any."""
    return _ACTIVE[-1] if _ACTIVE else None


@contextlib.contextmanager
def using(cache: DrawCache) -> Iterator[DrawCache]:
    """Draw through cache inside the with block."""
    _ACTIVE.append(cache)
    try:
        yield cache
    finally:
        _ACTIVE.remove(cache)
