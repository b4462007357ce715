"""The files of a freeze: their final bytes, written only when changed, and the marker.

A page leaves the app and gets its CSP <meta>, its link check and (a PDF) its blank dates in
memory; the file is written only if those bytes differ from what is on disk, so a freeze with
nothing changed leaves every file, and its modification time, alone (rsync and caches see no
change). The marker `.vejviser-freeze` lists each file with the SHA-256 of its bytes and the
key of the freeze's inputs: a freeze with the same key, into a folder whose files all still
have those bytes, has nothing to do.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

from ..core import paths
from ..core.errors import NavigatorError
from ..diagrams.drawcache import feed, graphviz_version
from ..diagrams.paper import without_pdf_dates
from .csp import csp_for
from .static_find import cards_of

MARKER = ".vejviser-freeze"
_MARKER_HEAD = (
    "# written by 'navigator freeze': the files it wrote, which the next freeze may remove"
)
_KEY_LINE = "# inputs: "
LINK_SCHEMES = ("http", "https", "tel", "mailto", "sms")


@dataclass
class Marker:
    """What the last freeze wrote: files with their SHA-256 (None from an older marker)."""

    files: dict[str, str | None] = field(default_factory=dict)
    key: str | None = None

    def text(self) -> str:
        """The marker file's text: its head, the key, then one file a line."""
        lines = [_MARKER_HEAD, *([_KEY_LINE + self.key] if self.key else [])]
        for rel, digest in sorted(self.files.items()):
            lines.append(f"{rel}\t{digest}" if digest else rel)
        return "\n".join(lines) + "\n"


def read_marker(path: Path) -> Marker:
    """The marker at path (a line '../x' is kept as text: callers never leave their folder)."""
    marker = Marker()
    lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
    for line in lines[1:]:
        if line.startswith(_KEY_LINE):
            marker.key = line[len(_KEY_LINE) :].strip() or None
        elif line and not line.startswith("#"):
            rel, _, digest = line.partition("\t")
            marker.files[rel] = digest or None
    return marker


def write_if_changed(path: Path, data: bytes) -> bool:
    """Write data to path unless it holds exactly those bytes; True if it wrote."""
    try:
        if path.stat().st_size == len(data) and path.read_bytes() == data:
            return False
    except FileNotFoundError:
        path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return True


def sha256(data: bytes) -> str:
    """The SHA-256 of data, in hex."""
    return hashlib.sha256(data).hexdigest()


def intact(out: Path, files: dict[str, str | None]) -> bool:
    """Whether every file listed is below out, not a link, and holds the bytes listed."""
    for rel, digest in files.items():
        path = out / rel
        if digest is None or ".." in Path(rel).parts or path.is_symlink() or not path.is_file():
            return False
        if sha256(path.read_bytes()) != digest:
            return False
    return True


def freeze_key(inputs: str, diagrams: bool, copied: list[Path]) -> str:
    """The key of a freeze: the Site's inputs (buildcache.content_key: pathway files, ontology,
    package code, day), the templates and static files, the files it copies from node_modules
    (DKFDS's, the Danish stemmer), every installed library's version and Graphviz's."""
    digest = hashlib.sha256()
    libraries = sorted(f"{d.metadata['Name']}={d.version}" for d in metadata.distributions())
    for part in (inputs, str(diagrams), graphviz_version(), ";".join(libraries)):
        feed(digest, part.encode("utf-8"))
    files = [p for folder in (paths.TEMPLATES, paths.STATIC) for p in sorted(folder.rglob("*"))]
    for path in [*files, *copied]:
        if path.is_file():
            feed(digest, path.as_posix().encode("utf-8"))
            feed(digest, path.read_bytes())
    return digest.hexdigest()


def final_bytes(path: Path, data: bytes) -> bytes:
    """A file's bytes as published at path: pages with their CSP, PDFs without dates, and
    the links of pages and of the cards in the static find's and plan's data checked."""
    if path.suffix == ".html":
        # as a text file is read: universal newlines, strict UTF-8
        text = data.decode("utf-8").replace("\r\n", "\n").replace("\r", "\n")
        check_links(text, path)
        return with_static_csp(text).encode("utf-8")
    if path.suffix == ".pdf":
        return without_pdf_dates(data)
    if path.suffix == ".json" and path.parent.name == "plan-data":
        for fragment in json.loads(data)["fragments"]:
            check_links(fragment, path)
    elif path.suffix == ".json" and path.parent.name == "find-data":
        # the static find puts these cards into the page: the same link check as a page's
        for card in cards_of(json.loads(data)):
            check_links(card, path)
    return data


def with_static_csp(html: str) -> str:
    """The page with a CSP <meta>: the live site's policy for the same body (csp.csp_for)."""
    # a <meta> policy cannot say frame-ancestors; the server's headers must (docs/security.md)
    policy = "; ".join(p for p in csp_for(html).split("; ") if not p.startswith("frame-ancestors"))
    meta = f'<meta http-equiv="Content-Security-Policy" content="{policy}">'
    charset = '<meta charset="utf-8">'
    if charset not in html:  # fail closed: never publish a page without its policy
        raise NavigatorError(f"a frozen page has no {charset} to put its CSP after")
    return html.replace(charset, f"{charset}\n  {meta}", 1)


_HREF = re.compile(
    r"""<(?:a|area|form)\s[^>]*?\b(?:href|action)\s*=\s*["']?\s*
                       ([a-zA-Z][a-zA-Z0-9+.-]*):""",
    re.VERBOSE,
)


def check_links(html: str, path: Path) -> None:
    """Refuse to publish a page with a link that is not http(s), tel, mailto or sms."""
    for match in _HREF.finditer(html):
        if match.group(1).lower() not in LINK_SCHEMES:
            raise NavigatorError(
                f"{path}: a link with the scheme '{match.group(1)}:'; "
                f"only {', '.join(LINK_SCHEMES)} links are published"
            )
