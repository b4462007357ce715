"""Which tool should turn "Vores plan" into a PDF? Prints WeasyPrint and Chromium side by side.

    .venv/bin/python bench/pdf.py [--repeat 3] [PATHWAYS_DIR]

For a plan in each region (one concern, the whole plan and the school's version) it prints,
per tool: the time per PDF (median of --repeat, the browser or the library already started),
the start-up cost (WeasyPrint: its import; it renders --weasy-cases plans once each, as one
takes about a minute), pages on A4, file size, whether the text can be read back with æ, ø and å
(pypdf), whether the region's numbers are in it, and the fonts embedded. WeasyPrint is
optional (it is not a dependency of the guide); without it its column says so. The figures go
into docs/benchmarks.md ("PDF of Vores plan") by hand.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import statistics
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from werkzeug.serving import WSGIRequestHandler, make_server

from navigator.answers.query import region_of
from navigator.build import Site, build_site
from navigator.core import paths
from navigator.web.factory import create_app
from navigator.web.presenters.help_now import frame

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--no-first-run"]
DAY = dt.date(2026, 12, 6)
THEME = "bekymring"  # the concern parents bring most in the shipped catalogue
TOPIC = "raad-skolefravaer"


def cases(site: Site) -> list[tuple[str, str, list[str]]]:
    """(name, plan URL, the region's urgent numbers) for the first kommune of each region."""
    cat = site.catalogue
    out = []
    seen: set[str] = set()
    for kommune in cat.kommuner():
        region = region_of(cat, kommune.id)
        if region is None or region in seen:
            continue
        seen.add(region)
        numbers = [c["value"] for u in frame(cat, kommune.id)["general"] for c in u["contacts"]]
        base = f"/plan/?alder=6-12&tema={THEME}&kommune={kommune.id}&raad={TOPIC}"
        out.append((f"{kommune.id} (hele planen)", base, numbers))
        out.append((f"{kommune.id} (til skolen)", base + "&til=skole", numbers))
    return out


class Quiet(WSGIRequestHandler):
    """No log line per request."""

    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        """Stay quiet."""


def serve(site: Site) -> tuple[str, Callable[[], None]]:
    """The live guide on a free port; returns its URL and how to stop it."""
    server = make_server("127.0.0.1", 0, create_app(site), threaded=True, request_handler=Quiet)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    return f"http://127.0.0.1:{server.server_port}", server.shutdown


def read_pdf(data: bytes, numbers: list[str]) -> dict[str, Any]:
    """Pages, whether Danish text reads back, whether the numbers are there, and the fonts."""
    import pypdf  # a dev dependency (tests read the PDF the same way)

    reader = pypdf.PdfReader(io.BytesIO(data))
    text = "".join(page.extract_text() or "" for page in reader.pages)
    squashed = "".join(text.split())
    fonts: set[str] = set()
    for page in reader.pages:
        resources = page.get("/Resources") or {}
        for font in (resources.get("/Font") or {}).values():
            fonts.add(str(font.get_object().get("/BaseFont", "?")).split("+")[-1])
    return {
        "pages": len(reader.pages),
        "a4": all(
            abs(float(p.mediabox.width) - 595.3) < 2 and abs(float(p.mediabox.height) - 841.9) < 2
            for p in reader.pages
        ),
        "aeoeaa": all(ch in text for ch in "æøå"),
        "numbers": all("".join(n.split()) in squashed for n in numbers),
        "fonts": ", ".join(sorted(fonts)),
        "kb": len(data) / 1024,
    }


Result = tuple[float, list[list[float]], list[bytes]]
"""Start-up seconds, seconds per run for each URL, and each URL's PDF."""


def chromium(base: str, urls: list[str], repeat: int) -> Result:
    """Chromium's print (Playwright page.pdf): start-up, times per URL, the PDFs."""
    import playwright.sync_api as playwright

    with playwright.sync_playwright() as p:
        started = time.perf_counter()
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = browser.new_page()
        startup = time.perf_counter() - started
        times, pdfs = [], []
        for url in urls:
            runs = []
            for _ in range(repeat):
                t = time.perf_counter()
                page.goto(base + url)
                page.emulate_media(media="print")
                pdf = page.pdf(format="A4", print_background=True, prefer_css_page_size=True)
                runs.append(time.perf_counter() - t)
            times.append(runs)
            pdfs.append(pdf)
        browser.close()
    return startup, times, pdfs


def weasy(base: str, urls: list[str], repeat: int) -> Result:
    """WeasyPrint on the same pages, fetched over HTTP like a browser would."""
    started = time.perf_counter()
    import weasyprint  # optional: not a dependency of the guide

    startup = time.perf_counter() - started
    times, pdfs = [], []
    for url in urls:
        runs = []
        pdf = b""
        for _ in range(repeat):
            t = time.perf_counter()
            pdf = weasyprint.HTML(url=base + url, media_type="print").write_pdf()
            runs.append(time.perf_counter() - t)
        times.append(runs)
        pdfs.append(pdf)
    return startup, times, pdfs


def main() -> None:
    """Print the two tools' figures side by side."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("pathways", nargs="?", default=str(paths.PATHWAYS))
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument(
        "--weasy-cases",
        type=int,
        default=2,
        help="plans WeasyPrint renders, once each (about a minute each with the DKFDS CSS)",
    )
    args = parser.parse_args()
    site = build_site(Path(args.pathways), DAY)
    base, stop = serve(site)
    found = cases(site)
    urls = [u for _, u, _ in found]
    tools: dict[str, Any] = {
        "Chromium (Playwright page.pdf)": (chromium, len(urls), args.repeat),
        "WeasyPrint": (weasy, args.weasy_cases, 1),
    }
    try:
        for tool, (run, count, repeat) in tools.items():
            try:
                startup, times, pdfs = run(base, urls[:count], repeat)
            except ImportError as err:
                print(f"\n{tool}: not installed ({err})")
                continue
            print(f"\n{tool}: start-up {startup:.2f} s")
            head = ("plan", "median s", "pages", "A4", "æøå", "numre", "KB")
            print("{:36} {:>8} {:>5} {:>3} {:>4} {:>5} {:>6}  fonts".format(*head))
            for (name, _, numbers), runs, pdf in zip(found[:count], times, pdfs, strict=True):
                r = read_pdf(pdf, numbers)
                print(
                    f"{name:36} {statistics.median(runs):8.2f} {r['pages']:5} "
                    f"{'ja' if r['a4'] else 'nej':>3} {'ja' if r['aeoeaa'] else 'nej':>4} "
                    f"{'ja' if r['numbers'] else 'nej':>5} {r['kb']:6.0f}  {r['fonts']}"
                )
    finally:
        stop()


if __name__ == "__main__":
    main()
