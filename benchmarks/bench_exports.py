"""Exports: the whole bundle of each sample unit, in-process, beside `jupyter nbconvert --to html`
of the same unit's teacher notebook (one file), in one run.

Target: exporting the whole bundle takes at most 0.2x the time nbconvert takes for its one
file. Run: .venv/bin/python benchmarks/bench_exports.py [--repeat N]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from pbl_author.formats.registry import EXPORTS, export_unit
from pbl_author.formats.unitfile import load_unit

ROOT = Path(__file__).resolve().parent.parent
TARGET = 0.2


def bundle_seconds(unit, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        for name in EXPORTS:
            export_unit(unit, name)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def nbconvert_seconds(notebook: Path, repeat: int) -> float:
    jupyter = Path(sys.executable).with_name("jupyter")
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run(
            [str(jupyter), "nbconvert", "--to", "html", "--log-level=ERROR", str(notebook)],
            check=True,
            capture_output=True,
        )
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    print(f"{'unit':<34}{'bundle (s)':>12}{'nbconvert (s)':>15}{'ratio':>9}")
    ratios = []
    with tempfile.TemporaryDirectory() as folder:
        for path in sorted((ROOT / "sample_units").glob("*.unit.yaml")):
            unit = load_unit(path)
            export_unit(unit, "notebook")  # warm up: imports, templates, fonts
            notebook = Path(folder) / f"{unit.id}.ipynb"
            notebook.write_bytes(export_unit(unit, "notebook"))
            ours = bundle_seconds(unit, args.repeat)
            theirs = nbconvert_seconds(notebook, args.repeat)
            ratios.append(ours / theirs)
            print(f"{path.name:<34}{ours:>12.3f}{theirs:>15.3f}{ours / theirs:>8.2f}x")
    worst = max(ratios)
    print(f"{len(EXPORTS)} formats per bundle; worst ratio {worst:.2f}x (target <= {TARGET}x)")
    verdict = "target met" if worst <= TARGET else f"target missed by {worst - TARGET:.2f}x"
    print(verdict)


if __name__ == "__main__":
    main()
