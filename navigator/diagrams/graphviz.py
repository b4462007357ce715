"""Starting Graphviz: one program run on DOT text, and one run that writes several formats."""

from __future__ import annotations

import subprocess
from pathlib import Path


def run_graphviz(program: str, args: list[str], dot: str, timeout: float) -> bytes:
    """Run a Graphviz program on DOT text; its standard output (RuntimeError with its message)."""
    done = subprocess.run(
        [program, *args],
        input=dot.encode("utf-8"),
        capture_output=True,
        timeout=timeout,
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(done.stderr.decode("utf-8", "replace").strip())
    return done.stdout


def device_outputs(devices: list[str], files: list[Path]) -> list[str]:
    """Graphviz arguments that write each device's drawing to its own file, in one run."""
    return [
        arg
        for device, file in zip(devices, files, strict=True)
        for arg in (f"-T{device}", "-o", str(file))
    ]
