"""Generate a synthetic national corpus: the shipped pathways plus local content for 98 kommuner.

Each kommune gets a file of its own with its organisations, about twenty local services (with
contacts and coverage), four local pathways whose last step hands over into a shipped pathway,
and one source. Kommuner are read from the shipped catalogue; if it names fewer than 98, the
rest are synthetic ('syn-kommune-NN', spread over the five regions). The output is the same
for the same input and arguments, so runs can be compared.

The content is synthetic and says so in every name: it is for measuring, never for the guide.

    .venv/bin/python bench/national.py [SOURCE] [OUT] [--kommuner 98] [--services 20]
"""

from __future__ import annotations

import argparse
import shutil
from pathlib import Path
from typing import Any

import yaml

from navigator import paths

REGIONS = (
    "region-hovedstaden",
    "region-sjaelland",
    "region-syddanmark",
    "region-midtjylland",
    "region-nordjylland",
)
ROLES = (
    "foraelder",
    "laerer",
    "ppr-psykolog",
    "sundhedsplejerske",
    "socialraadgiver",
    "praktiserende-laege",
)
ORGANISATIONS = ("ppr", "familieafdeling", "sundhedspleje", "ungeraadgivning")
METHODS = ("henvisning", "raadgivning", "netvaerksmoede", "korrespondance")
REVIEW = {"last_reviewed": "2026-12-01", "next_review": "2027-06-01", "owner": "bench"}
PATHWAYS_PER_KOMMUNE = 4
STEPS_PER_PATHWAY = 6


def _documents(source: Path) -> list[dict[str, Any]]:
    return [
        yaml.safe_load(p.read_text(encoding="utf-8")) or {} for p in sorted(source.rglob("*.yaml"))
    ]


def catalogue_kommuner(source: Path) -> list[tuple[str, str]]:
    """(kommune id, region id) for every kommune the source catalogue names."""
    return sorted(
        (p["id"], _current_region(p.get("part_of", REGIONS[0])))
        for doc in _documents(source)
        for p in doc.get("places", [])
        if p.get("type") == "kommune"
    )


def _current_region(part_of: Any) -> str:
    """A kommune's region today: its part_of, or the first plain id of a list that also
    names a membership with a date (the region it joins later)."""
    if isinstance(part_of, list):
        return next((p for p in part_of if isinstance(p, str)), REGIONS[0])
    return str(part_of)


def kommuner(source: Path, count: int) -> list[tuple[str, str]]:
    """(kommune id, region id) pairs: the catalogue's kommuner first, synthetic ones after."""
    found = catalogue_kommuner(source)[:count]
    synthetic = [
        (f"syn-kommune-{n:02d}", REGIONS[n % len(REGIONS)])
        for n in range(1, count - len(found) + 1)
    ]
    return found + synthetic


def entry_steps(source: Path) -> list[str]:
    """'pathway:step' for the first step of every shipped pathway: where local pathways lead."""
    return sorted(
        f"{p['id']}:{p['steps'][0]['id']}"
        for doc in _documents(source)
        for p in doc.get("pathways", [])
        if p.get("steps")
    )


def _facts(source_id: str) -> dict[str, Any]:
    return {"sources": [source_id], "fact_status": "unverified"}


def _status(source_id: str) -> dict[str, Any]:
    return {"status": "active", "status_as_of": "2026-12-01", "status_sources": [source_id]}


def _place(kommune: str, region: str, source_id: str) -> dict[str, Any]:
    return {
        "id": kommune,
        "name": f"Syntetisk kommune {kommune}",
        "type": "kommune",
        "part_of": region,
        **_facts(source_id),
    }


def _organisation(kommune: str, kind: str, source_id: str) -> dict[str, Any]:
    return {
        "id": f"{kommune}-{kind}",
        "name": f"{kind.capitalize()} i {kommune} (syntetisk)",
        "sector": "kommune",
        **_facts(source_id),
    }


def _service(kommune: str, n: int, source_id: str) -> dict[str, Any]:
    org = f"{kommune}-{ORGANISATIONS[n % len(ORGANISATIONS)]}"
    return {
        "id": f"{kommune}-tilbud-{n:02d}",
        "name": f"Lokalt tilbud {n} i {kommune} (syntetisk)",
        "organisations": [org],
        "sector": "kommune",
        "summary": "Et lokalt tilbud til børn og unge. Det er gratis. I kan selv henvende jer.",
        "minimum_age": n % 6,
        "maximum_age": 17,
        "self_referral": n % 2 == 0,
        "area_served": [kommune],
        "contacts": [
            {
                "type": "web",
                "value": f"https://example.org/{kommune}/{n}",
                "label": "Læs mere",
                **_facts(source_id),
            }
        ],
        "coverage": [
            {"place": kommune, "status": "offered", "as_of": "2026-12-01", **_facts(source_id)}
        ],
        **_status(source_id),
        **_facts(source_id),
    }


def _pathway(kommune: str, n: int, service: int, target: str, source_id: str) -> dict[str, Any]:
    steps = [
        {
            "id": f"trin-{s}",
            "name": f"Trin {s}",
            "performed_by": [ROLES[(n + s) % len(ROLES)]],
            "summary": "Her sker der noget for jeres barn.",
            **_facts(source_id),
        }
        for s in range(1, STEPS_PER_PATHWAY + 1)
    ]
    handovers = [
        {
            "from": f"trin-{s}",
            "to": f"trin-{s + 1}",
            "method": METHODS[(n + s) % len(METHODS)],
            "consent": "unknown",
            **_facts(source_id),
        }
        for s in range(1, STEPS_PER_PATHWAY)
    ]
    handovers.append(
        {
            "from": f"trin-{STEPS_PER_PATHWAY}",
            "to": target,
            "method": "henvisning",
            "consent": "unknown",
            **_facts(source_id),
        }
    )
    return {
        "id": f"{kommune}-forloeb-{n}",
        "name": f"Lokalt forløb {n} i {kommune} (syntetisk)",
        "summary": "Et lokalt forløb. Det ender i et af de fælles forløb.",
        "services": [f"{kommune}-tilbud-{service:02d}"],
        "area_served": [kommune],
        "steps": steps,
        "handovers": handovers,
        **_status(source_id),
        **_facts(source_id),
    }


def kommune_document(
    kommune: str, region: str, synthetic_place: bool, services: int, targets: list[str]
) -> dict[str, Any]:
    """The whole local file for one kommune."""
    source_id = f"src-bench-{kommune}"
    doc: dict[str, Any] = {"review": REVIEW}
    if synthetic_place:
        doc["places"] = [_place(kommune, region, source_id)]
    doc["organisations"] = [_organisation(kommune, k, source_id) for k in ORGANISATIONS]
    doc["services"] = [_service(kommune, n, source_id) for n in range(1, services + 1)]
    doc["pathways"] = [
        _pathway(kommune, n, (n - 1) % services + 1, targets[(n - 1) % len(targets)], source_id)
        for n in range(1, PATHWAYS_PER_KOMMUNE + 1)
    ]
    doc["sources"] = [
        {
            "id": source_id,
            "title": f"Syntetiske data for {kommune} (benchmark)",
            "publisher": "Vejviser bench",
            "accessed": "2026-12-01",
            "url": f"https://example.org/{kommune}",
        }
    ]
    return doc


def generate(source: Path, out: Path, count: int = 98, services: int = 20) -> list[Path]:
    """Copy source to out and write one local file per kommune under out/national/."""
    if out.exists():
        shutil.rmtree(out)
    shutil.copytree(source, out)
    targets = entry_steps(source)
    known = {k for k, _ in catalogue_kommuner(source)}
    written = []
    for kommune, region in kommuner(source, count):
        target = out / "national" / f"{kommune}.yaml"
        target.parent.mkdir(parents=True, exist_ok=True)
        doc = kommune_document(kommune, region, kommune not in known, services, targets)
        target.write_text(
            yaml.safe_dump(doc, allow_unicode=True, sort_keys=False, width=100), encoding="utf-8"
        )
        written.append(target)
    return written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source", nargs="?", type=Path, default=paths.PATHWAYS)
    parser.add_argument("out", nargs="?", type=Path, default=Path("bench/out/national"))
    parser.add_argument("--kommuner", type=int, default=98)
    parser.add_argument("--services", type=int, default=20)
    args = parser.parse_args()
    files = generate(args.source, args.out, args.kommuner, args.services)
    print(f"wrote {len(files)} kommune files to {args.out}")


if __name__ == "__main__":
    main()
