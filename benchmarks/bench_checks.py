"""Design checks after every edit: all rules over the largest sample unit.

Prints, side by side in one run, the time to run every rule (target < 20 ms)
and the time to validate the unit model alone (the peer: what every edit costs
anyway). Run: .venv/bin/python benchmarks/bench_checks.py [--repeat N]
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

from pbl_author.checks import run_checks
from pbl_author.formats.unitfile import load_unit
from pbl_author.model import Unit

ROOT = Path(__file__).resolve().parent.parent
TARGET_MS = 20.0


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def _timed(function, repeat: int) -> list[float]:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        times.append((time.perf_counter() - start) * 1000)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=200)
    args = parser.parse_args()
    samples = sorted((ROOT / "sample_units").glob("*.unit.yaml"), key=lambda p: p.stat().st_size)
    path = samples[-1]
    unit = load_unit(path)
    data = unit.model_dump()
    run_checks(unit)  # warm up: rule modules, word lists, regexes
    checks = _timed(lambda: run_checks(unit), args.repeat)
    validate = _timed(lambda: Unit.model_validate(data), args.repeat)
    p50_c, p99_c = statistics.median(checks), _percentile(checks, 0.99)
    p50_v, p99_v = statistics.median(validate), _percentile(validate, 0.99)
    print(f"unit: {path.name} ({path.stat().st_size:,} bytes, {len(unit.tasks)} tasks)")
    print(f"{'workload':<28}{'p50 ms':>10}{'p99 ms':>10}")
    print(f"{'all design rules':<28}{p50_c:>10.2f}{p99_c:>10.2f}")
    print(f"{'validate the model (peer)':<28}{p50_v:>10.2f}{p99_v:>10.2f}")
    print(f"ratio checks / validation (p50): {p50_c / p50_v:.2f}x")
    verdict = "target met" if p99_c < TARGET_MS else f"target missed by {p99_c - TARGET_MS:.1f} ms"
    print(f"target: all rules < {TARGET_MS:.0f} ms (p99): {verdict}")


if __name__ == "__main__":
    main()
