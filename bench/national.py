"""Generate a synthetic national corpus: the shipped pathways plus local content for 98 kommuner.

Each kommune gets a file of its own with its organisations, twenty local services (with
contacts, coverage and the concerns they meet), eleven local pathways of four to eight steps
whose last step hands over into a shipped pathway, and one source. --scale multiplies the
services and pathways of every kommune: 1x is about 240k triples, 2x and 4x grow from it (issue
19). The pathways vary (steps, roles, methods, services, concerns, ages) by a random number
generator seeded from --seed and the kommune, so the same arguments give the same bytes and
runs can be compared. Kommuner are read from the shipped catalogue; if it names fewer than 98,
the rest are synthetic ('syn-kommune-NN', spread over REGIONS). Every kommune lies in its
region of 2026 (the first entry of a dated part_of): the corpus measures size, not the merger.

The content is synthetic and says so in every name: it is for measuring, never for the guide.

    .venv/bin/python bench/national.py [SOURCE] [OUT] [--kommuner 98] [--services 20]
        [--pathways 11] [--scale 1] [--seed 19]
"""

from __future__ import annotations

import argparse
import random
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from navigator.core import paths

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
DURATIONS = ("1-2 uger", "op til en måned", "2-3 måneder", None)
PATHWAYS_PER_KOMMUNE = 11
SERVICES_PER_KOMMUNE = 20
STEPS = (4, 8)
"""Fewest and most steps of a local pathway."""
SEED = 19


def _documents(source: Path) -> list[dict[str, Any]]:
    return [
        yaml.safe_load(p.read_text(encoding="utf-8")) or {} for p in sorted(source.rglob("*.yaml"))
    ]


def catalogue_kommuner(source: Path) -> list[tuple[str, str]]:
    """(kommune id, region id) for every kommune the source catalogue names."""
    return sorted(
        (p["id"], _first_region(p.get("part_of", REGIONS[0])))
        for doc in _documents(source)
        for p in doc.get("places", [])
        if p.get("type") == "kommune"
    )


def _first_region(part_of: Any) -> str:
    """The region of a part_of: the id, or the first entry of a dated list."""
    first = part_of[0] if isinstance(part_of, list) else part_of
    return str(first["place"] if isinstance(first, dict) else first)


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


def concern_ids(source: Path) -> list[str]:
    """Every concern that is not a warning sign: what local help is said to meet."""
    return sorted(
        c["id"]
        for doc in _documents(source)
        for c in doc.get("concerns", [])
        if not c.get("urgent")
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


def _service(
    kommune: str, n: int, source_id: str, concerns: list[str], rng: random.Random
) -> dict[str, Any]:
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
        "concerns": rng.sample(concerns, min(len(concerns), rng.randint(1, 3))),
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


def _pathway(
    kommune: str,
    n: int,
    services: int,
    target: str,
    source_id: str,
    concerns: list[str],
    rng: random.Random,
) -> dict[str, Any]:
    count = rng.randint(*STEPS)
    steps = [_step(kommune, n, s, services, source_id, rng) for s in range(1, count + 1)]
    handovers = [
        {
            "from": f"trin-{s}",
            "to": f"trin-{s + 1}",
            "method": rng.choice(METHODS),
            "consent": "unknown",
            **_facts(source_id),
        }
        for s in range(1, count)
    ]
    handovers.append(
        {
            "from": f"trin-{count}",
            "to": target,
            "method": "henvisning",
            "consent": "unknown",
            **_facts(source_id),
        }
    )
    low = rng.randint(0, 12)
    return {
        "id": f"{kommune}-forloeb-{n}",
        "name": f"Lokalt forløb {n} i {kommune} (syntetisk)",
        "summary": "Et lokalt forløb. Det ender i et af de fælles forløb.",
        "services": [f"{kommune}-tilbud-{(n - 1) % services + 1:02d}"],
        "area_served": [kommune],
        "concerns": rng.sample(concerns, min(len(concerns), rng.randint(1, 3))),
        "minimum_age": low,
        "maximum_age": rng.randint(low + 1, 17),
        "steps": steps,
        "handovers": handovers,
        **_status(source_id),
        **_facts(source_id),
    }


def _step(
    kommune: str, n: int, s: int, services: int, source_id: str, rng: random.Random
) -> dict[str, Any]:
    step: dict[str, Any] = {
        "id": f"trin-{s}",
        "name": f"Trin {s}",
        "performed_by": rng.sample(ROLES, rng.randint(1, 2)),
        "summary": "Her sker der noget for jeres barn.",
    }
    if rng.random() < 0.5:
        step["service"] = f"{kommune}-tilbud-{rng.randint(1, services):02d}"
    duration = rng.choice(DURATIONS)
    if duration:
        step["duration"] = duration
    return {**step, **_facts(source_id)}


def kommune_document(
    kommune: str,
    region: str,
    synthetic_place: bool,
    shape: Shape,
) -> dict[str, Any]:
    """The whole local file for one kommune."""
    source_id = f"src-bench-{kommune}"
    rng = random.Random(f"{shape.seed}:{kommune}")  # a string seed hashes the same every run
    services = shape.services * shape.scale
    doc: dict[str, Any] = {"review": REVIEW}
    if synthetic_place:
        doc["places"] = [_place(kommune, region, source_id)]
    doc["organisations"] = [_organisation(kommune, k, source_id) for k in ORGANISATIONS]
    doc["services"] = [
        _service(kommune, n, source_id, shape.concerns, rng) for n in range(1, services + 1)
    ]
    doc["pathways"] = [
        _pathway(
            kommune,
            n,
            services,
            shape.targets[(n - 1) % len(shape.targets)],
            source_id,
            shape.concerns,
            rng,
        )
        for n in range(1, shape.pathways * shape.scale + 1)
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


@dataclass(frozen=True)
class Shape:
    """What every kommune's file holds: services and pathways per 1x, the scale, the seed,
    and what the catalogue offers to point at (entry steps, concerns)."""

    targets: list[str]
    concerns: list[str]
    services: int = SERVICES_PER_KOMMUNE
    pathways: int = PATHWAYS_PER_KOMMUNE
    scale: int = 1
    seed: int = SEED


def generate(
    source: Path,
    out: Path,
    count: int = 98,
    services: int = SERVICES_PER_KOMMUNE,
    pathways: int = PATHWAYS_PER_KOMMUNE,
    scale: int = 1,
    seed: int = SEED,
) -> list[Path]:
    """Copy source to out and write one local file per kommune under out/national/."""
    if out.exists():
        shutil.rmtree(out)
    shutil.copytree(source, out)
    shape = Shape(entry_steps(source), concern_ids(source), services, pathways, scale, seed)
    known = {k for k, _ in catalogue_kommuner(source)}
    written = []
    for kommune, region in kommuner(source, count):
        target = out / "national" / f"{kommune}.yaml"
        target.parent.mkdir(parents=True, exist_ok=True)
        doc = kommune_document(kommune, region, kommune not in known, shape)
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
    parser.add_argument("--services", type=int, default=SERVICES_PER_KOMMUNE)
    parser.add_argument("--pathways", type=int, default=PATHWAYS_PER_KOMMUNE)
    parser.add_argument("--scale", type=int, default=1, help="1, 2 or 4: services and pathways")
    parser.add_argument("--seed", type=int, default=SEED)
    args = parser.parse_args()
    files = generate(
        args.source, args.out, args.kommuner, args.services, args.pathways, args.scale, args.seed
    )
    print(f"wrote {len(files)} kommune files to {args.out}")


if __name__ == "__main__":
    main()
