"""PDF diagrams on paper: A4 or A3, landscape when the drawing is wider than tall."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

MM = 72 / 25.4  # PDF points per millimetre
MARGIN = 10 * MM
# Below this scale an 11 pt label prints smaller than about 6.5 pt: then try the bigger sheet.
READABLE_SCALE = 0.6
_MEDIA_BOX = re.compile(rb"/MediaBox \[\s*([-\d.]+)\s+([-\d.]+)\s+([-\d.]+)\s+([-\d.]+)\s*\]")
_STARTXREF = re.compile(rb"startxref\s+(\d+)\s+%%EOF\s*$")
_XREF_ROW = re.compile(rb"(\d{10}) (\d{5}) n")
_PDF_DATE = re.compile(rb"/(?:CreationDate|ModDate)\s*\(D:[^)]*\)")


@dataclass(frozen=True)
class Paper:
    """A sheet in PDF points, already turned the way the drawing needs."""

    name: str
    width: float
    height: float

    @property
    def label(self) -> str:
        """'A4 liggende' or 'A3 stående'."""
        return f"{self.name} {'liggende' if self.width > self.height else 'stående'}"


SHEETS = {"A4": (210 * MM, 297 * MM), "A3": (297 * MM, 420 * MM)}


def media_box(pdf: bytes) -> tuple[float, float]:
    """Width and height of the first page of a one-page PDF, in points."""
    found = _MEDIA_BOX.search(pdf)
    if found is None:
        raise ValueError("the PDF has no /MediaBox")
    x0, y0, x1, y1 = (float(v) for v in found.groups())
    return x1 - x0, y1 - y0


def choose_paper(width: float, height: float) -> tuple[Paper, float]:
    """The smallest sheet (A4, then A3) that keeps text readable, and the scale to fit it."""
    landscape = width > height
    best: tuple[Paper, float] | None = None
    for name, (short, long) in SHEETS.items():
        paper = Paper(name, long, short) if landscape else Paper(name, short, long)
        scale = min(1.0, (paper.width - 2 * MARGIN) / width, (paper.height - 2 * MARGIN) / height)
        best = (paper, scale)
        if scale >= READABLE_SCALE:
            break
    assert best is not None
    return best


def fit_on_paper(draw: Callable[[str], bytes], dot: str, natural: bytes) -> bytes:
    """DOT's natural PDF (already drawn) on an A4 or A3 sheet, drawn again smaller to fit
    inside the margins if it must shrink."""
    width, height = media_box(natural)
    paper, scale = choose_paper(width, height)
    if scale >= 1:
        return on_paper(natural, paper)
    want = (width * scale, height * scale)
    drawn = draw(scaled_dot(dot, *want))
    got = media_box(drawn)
    room = (paper.width - 2 * MARGIN, paper.height - 2 * MARGIN)
    if got[0] > room[0] + 1 or got[1] > room[1] + 1:
        # Graphviz scales the layout to `size` and then adds its padding and lane
        # background, which do not shrink: take that fixed part off and draw once more
        fixed = (got[0] - want[0], got[1] - want[1])
        smaller = min((want[0] - fixed[0]) / want[0], (want[1] - fixed[1]) / want[1])
        drawn = draw(scaled_dot(dot, want[0] * smaller, want[1] * smaller))
    return on_paper(drawn, paper)


def scaled_dot(dot: str, width: float, height: float) -> str:
    """DOT text that Graphviz draws no larger than width × height points."""
    first, _, rest = dot.partition("\n")
    return f'{first}\n  graph [size="{width / 72:.3f},{height / 72:.3f}"];\n{rest}'


def on_paper(pdf: bytes, paper: Paper) -> bytes:
    """The PDF's page grown to the sheet, drawing centred; the xref offsets follow the edit."""
    found = _MEDIA_BOX.search(pdf)
    if found is None:
        raise ValueError("the PDF has no /MediaBox")
    width, height = media_box(pdf)
    dx, dy = (paper.width - width) / 2, (paper.height - height) / 2
    box = f"/MediaBox [ {-dx:.2f} {-dy:.2f} {width + dx:.2f} {height + dy:.2f} ]".encode("ascii")
    start, end = found.span()
    shift = len(box) - (end - start)
    body = pdf[:start] + box + pdf[end:]
    return _shift_xref(without_pdf_dates(body), start, shift)


def without_pdf_dates(pdf: bytes) -> bytes:
    """The PDF with its creation and modification dates blanked (same length: offsets hold)."""
    # cairo 1.16 ignores SOURCE_DATE_EPOCH; spaces are white space inside a PDF dictionary, so
    # no offset in the cross-reference table moves and the same drawing is the same bytes
    return _PDF_DATE.sub(lambda found: b" " * len(found.group(0)), pdf)


def _shift_xref(pdf: bytes, after: int, shift: int) -> bytes:
    """Move every xref offset beyond `after` by `shift` bytes, and startxref with them."""
    tail = _STARTXREF.search(pdf)
    if tail is None or shift == 0:
        return pdf
    xref_at = int(tail.group(1)) + shift
    table_end = pdf.find(b"trailer", xref_at)
    if not pdf.startswith(b"xref", xref_at) or table_end < 0:
        return pdf  # a cross-reference stream: readers rebuild it, and cairo writes none

    def moved(row: re.Match[bytes]) -> bytes:
        offset = int(row.group(1))
        offset += shift if offset > after else 0
        return b"%010d %s n" % (offset, row.group(2))

    table = _XREF_ROW.sub(moved, pdf[xref_at:table_end])
    ending = b"startxref\n%d\n%%%%EOF\n" % xref_at
    return pdf[:xref_at] + table + pdf[table_end : tail.start()] + ending
