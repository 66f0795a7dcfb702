"""Library site builds: a full build beside nbconvert, a 10x library, an incremental rebuild.

    .venv/bin/python benchmarks/bench_library.py [--units 1000] [--seed 0] [--skip-peer]

Workloads (see benchmarks/README.md for the targets), on libraries written by
``library_corpus.make_library`` (cached in the temp folder):

a. a full ``build_site(library, site, jobs=2)`` of the N-unit library, beside
   ``jupyter nbconvert --to html`` run once over the same N units' teacher notebooks
   (exported beforehand, outside the timing): the build should be >= 20x faster;
b. a full build of the 10N-unit library: <= 60 s at 10,000 units;
c. the same site rebuilt after one unit of the 10N library is edited: <= 2 s;
d. then rebuilt after ``library.yaml`` is edited: every page is rendered again and every
   download kept (no target; it shows what a network pays for a new title or rule).

``--units 200`` runs 200 and 2,000 units. Always exits 0: timings are reported,
never enforced.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
import time
import traceback
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from library_corpus import cache_root, cached_library, corpus_version, folder_size  # noqa: E402

from pbl_author.files.links import link_or_copy  # noqa: E402
from pbl_author.formats.registry import write_export  # noqa: E402
from pbl_author.formats.unitfile import load_unit, save_unit  # noqa: E402
from pbl_author.library.check import unit_files  # noqa: E402

PEER_RATIO_TARGET = 20.0  # nbconvert seconds / build seconds, at N units
FULL_BUILD_TARGET_S = 60.0  # the 10N build, at 10,000 units
INCREMENTAL_TARGET_S = 2.0
MAX_COMMAND_CHARS = 100_000  # nbconvert's command line is split in batches past this
JUPYTER = str(Path(sys.executable).with_name("jupyter"))
NBCONVERT = [JUPYTER, "nbconvert", "--to", "html", "--log-level=ERROR"]


def _progress(label: str):
    shown = [0.0]

    def show(done: int, total: int) -> None:
        now = time.monotonic()
        if done == total or now - shown[0] > 1.0:
            shown[0] = now
            end = "\n" if done == total else ""
            print(f"\r  {label}: {done:,}/{total:,}", end=end, file=sys.stderr, flush=True)

    return show


def library(n_units: int, seed: int, use_cache: bool) -> Path:
    folder, seconds, cached = cached_library(
        n_units, seed, _progress(f"writing {n_units:,} units"), use_cache=use_cache
    )
    count, size = folder_size(folder)
    how = "cached" if cached else f"generated in {seconds:.1f} s"
    print(
        f"library of {count:,} units: {size / 1e6:,.1f} MB of unit files "
        f"(mean {size / max(count, 1) / 1e3:.1f} KB), {how}: {folder}"
    )
    return folder


def linked_copy(source: Path, target: Path) -> None:
    """``source`` copied to ``target`` with hard links where the file system allows.

    Unit files are rewritten atomically (a new file, renamed), so editing a unit in the
    copy never touches the cached library.
    """

    shutil.copytree(source, target, copy_function=lambda s, d: link_or_copy(Path(s), Path(d)))


# -- the peer: nbconvert over the teacher notebooks -------------------------------------


def _export_notebooks(paths: list[str], folder: str) -> int:
    for path in paths:
        write_export(load_unit(path), "notebook", Path(folder))
    return len(paths)


def notebooks(library_folder: Path, n_units: int, seed: int, use_cache: bool) -> Path:
    """The teacher notebook of every unit in the library (cached beside it)."""
    exporter = hashlib.sha256()
    formats = Path(sys.modules["pbl_author.formats.registry"].__file__).parent
    for source in sorted(formats.glob("notebook_*.py")):
        exporter.update(source.read_bytes())
    key = f"{corpus_version()}-{exporter.hexdigest()[:8]}"
    final = cache_root() / f"notebooks-{n_units}-{seed}-{key}"
    paths = [str(p) for p in unit_files(library_folder)]
    if use_cache and final.is_dir() and len(list(final.glob("*.ipynb"))) == len(paths):
        print(f"{len(paths):,} teacher notebooks, cached: {final}")
        return final
    partial = final.with_name(f"{final.name}.{os.getpid()}.part")
    shutil.rmtree(partial, ignore_errors=True)
    partial.mkdir(parents=True)
    start = time.perf_counter()
    show = _progress(f"exporting {len(paths):,} teacher notebooks")
    chunks = [paths[i : i + 25] for i in range(0, len(paths), 25)]
    done = 0
    with ProcessPoolExecutor(max_workers=min(2, os.cpu_count() or 1)) as pool:
        for count in pool.map(_export_notebooks, chunks, [str(partial)] * len(chunks)):
            done += count
            show(done, len(paths))
    shutil.rmtree(final, ignore_errors=True)
    os.replace(partial, final)
    print(
        f"{len(paths):,} teacher notebooks exported in {time.perf_counter() - start:.1f} s "
        f"(not timed): {final}"
    )
    return final


def nbconvert_seconds(folder: Path, output: Path) -> tuple[float, int, int]:
    """(seconds, notebooks converted, nbconvert processes) for all notebooks in ``folder``."""
    names = sorted(p.name for p in folder.glob("*.ipynb"))
    batches: list[list[str]] = [[]]
    length = 0
    for name in names:
        if length + len(name) + 1 > MAX_COMMAND_CHARS and batches[-1]:
            batches.append([])
            length = 0
        batches[-1].append(name)
        length += len(name) + 1
    output.mkdir(parents=True, exist_ok=True)
    start = time.perf_counter()
    for batch in batches:
        subprocess.run(
            [*NBCONVERT, "--output-dir", str(output), *batch],
            cwd=folder,
            check=True,
            capture_output=True,
        )
    seconds = time.perf_counter() - start
    return seconds, len(list(output.glob("*.html"))), len(batches)


# -- our builds -------------------------------------------------------------------------


def timed_build(
    build_site: Any, root: Path, site: Path, jobs: int, notes: list[str], label: str
) -> tuple[float | None, Any]:
    """(seconds, summary), or (None, None) with the error in ``notes`` when the build fails."""
    start = time.perf_counter()
    try:
        summary = build_site(root, site, jobs=jobs)
    except Exception as exc:
        traceback.print_exc()
        notes.append(f"{label} build failed: {exc.__class__.__name__}: {exc}")
        return None, None
    seconds = time.perf_counter() - start
    notes.append(f"{label} build: {describe(summary)}")
    return seconds, summary


def describe(summary: Any) -> str:
    broken = len(summary.broken)
    text = (
        f"{summary.units:,} units, {len(summary.built):,} rendered, "
        f"{summary.unchanged:,} unchanged, {len(summary.pages):,} pages written"
    )
    return text + (f", {broken} BROKEN" if broken else "")


def edit_one_unit(root: Path) -> Path:
    """One unit in the middle of the library, its summary revised and version bumped."""
    paths = unit_files(root)
    path = paths[len(paths) // 2]
    unit = load_unit(path)
    unit.identity.summary += " Revised after the spring tuning protocol with our coach."
    major, minor, *_ = [*unit.identity.version.split("."), "0", "0"]
    unit.identity.version = f"{major}.{int(minor) + 1 if minor.isdigit() else 1}.0"
    save_unit(unit, path, backup=False)
    return path


def verdict(met: bool, missed_by: str) -> str:
    return "target met" if met else f"target missed by {missed_by}"


def run(args: argparse.Namespace) -> None:
    small, large = args.units, args.units * 10
    use_cache = not args.no_cache
    print(f"pbl-author library benchmark: {small:,} and {large:,} units, seed {args.seed}")
    small_lib = library(small, args.seed, use_cache)
    large_lib = library(large, args.seed, use_cache)
    notebook_folder = None if args.skip_peer else notebooks(small_lib, small, args.seed, use_cache)

    try:
        from pbl_author.library.site import build_site
    except ImportError as exc:
        print(f"pbl_author.library.site.build_site is not available ({exc}); builds skipped")
        build_site = None

    rows: list[tuple[str, str, str, str, str]] = []
    verdicts: list[str] = []
    notes: list[str] = []
    with tempfile.TemporaryDirectory(prefix="pbl-author-bench-library-", dir=cache_root()) as tmp:
        work = Path(tmp)

        # (a) full build of N units beside nbconvert over their N teacher notebooks
        ours_a = None
        if build_site is not None:
            ours_a, _ = timed_build(build_site, small_lib, work / "site-a", args.jobs, notes, "(a)")
        peer = None
        if notebook_folder is not None:
            peer, converted, processes = nbconvert_seconds(notebook_folder, work / "nbconvert")
            notes.append(
                f"(a) nbconvert: {converted:,} HTML files in {processes} process(es), "
                f"{peer / max(converted, 1) * 1000:.0f} ms a notebook"
            )
        ratio = peer / ours_a if (peer is not None and ours_a) else None
        rows.append(
            (
                f"(a) full build, {small:,} units",
                f"{ours_a:.2f} s" if ours_a is not None else ("failed" if build_site else "-"),
                f"{peer:.2f} s" if peer is not None else "skipped",
                f"{ratio:.1f}x" if ratio is not None else "-",
                f">= {PEER_RATIO_TARGET:.0f}x faster than nbconvert",
            )
        )
        if ratio is not None:
            verdicts.append(
                "(a) " + verdict(ratio >= PEER_RATIO_TARGET, f"{PEER_RATIO_TARGET - ratio:.1f}x")
            )

        # (b) full build of 10N units; (c) rebuild after editing one of them
        if build_site is not None:
            root = work / "library-large"
            linked_copy(large_lib, root)
            site = work / "site-b"
            ours_b, _ = timed_build(build_site, root, site, args.jobs, notes, "(b)")
            target_b = FULL_BUILD_TARGET_S * large / 10_000
            rows.append(
                (
                    f"(b) full build, {large:,} units",
                    f"{ours_b:.2f} s" if ours_b is not None else "failed",
                    "-",
                    f"{large / ours_b:,.0f} units/s" if ours_b else "-",
                    f"<= {target_b:.0f} s",
                )
            )
            if ours_b is not None:
                verdicts.append("(b) " + verdict(ours_b <= target_b, f"{ours_b - target_b:.1f} s"))
                edited = edit_one_unit(root)
                notes.append(f"(c) edited {edited.relative_to(root)}")
                ours_c, summary = timed_build(build_site, root, site, args.jobs, notes, "(c)")
                if summary is not None and summary.pages:
                    shown = ", ".join(summary.pages[:8])
                    more = f" and {len(summary.pages) - 8} more" if len(summary.pages) > 8 else ""
                    notes.append(f"(c) pages rendered: {shown}{more}")
                rows.append(
                    (
                        "(c) rebuild, 1 unit edited",
                        f"{ours_c:.2f} s" if ours_c is not None else "failed",
                        "-",
                        f"{len(summary.pages):,} pages" if summary is not None else "-",
                        f"<= {INCREMENTAL_TARGET_S:.0f} s",
                    )
                )
                if ours_c is not None:
                    verdicts.append(
                        "(c) "
                        + verdict(
                            ours_c <= INCREMENTAL_TARGET_S,
                            f"{ours_c - INCREMENTAL_TARGET_S:.2f} s",
                        )
                    )
                # (d) library.yaml changed: every page again, every download kept
                config = root / "library.yaml"
                config.write_text(
                    config.read_text(encoding="utf-8").replace("title: ", "title: Revised ", 1),
                    encoding="utf-8",
                )
                ours_d, summary = timed_build(build_site, root, site, args.jobs, notes, "(d)")
                kept = f"{summary.downloads_kept:,} kept" if summary is not None else "-"
                rows.append(
                    (
                        "(d) rebuild, library.yaml edited",
                        f"{ours_d:.2f} s" if ours_d is not None else "failed",
                        "-",
                        f"downloads {kept}",
                        "(no target: pages only, downloads kept)",
                    )
                )

    print()
    header = ("workload", "pbl-author", "nbconvert", "ratio", "target")
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(5)]
    for row in [header, *rows]:
        print(
            f"{row[0]:<{widths[0]}}  {row[1]:>{widths[1]}}  {row[2]:>{widths[2]}}  "
            f"{row[3]:>{widths[3]}}  {row[4]}"
        )
    print()
    for line in verdicts:
        print(line)
    for line in notes:
        print(line)
    if large != 10_000:
        print(f"(b)'s target is scaled to {large:,} units: 60 s for 10,000.")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--units", type=int, default=1000, help="units of (a); (b) and (c) use 10 times as many"
    )
    parser.add_argument("--seed", type=int, default=0, help="seed of the generated libraries")
    parser.add_argument("--skip-peer", action="store_true", help="do not run nbconvert")
    parser.add_argument("--jobs", type=int, default=2, help="build processes (default 2)")
    parser.add_argument("--no-cache", action="store_true", help="regenerate the libraries")
    args = parser.parse_args(argv)
    try:
        run(args)
    except Exception:  # a benchmark reports; it never fails a build
        traceback.print_exc()
        print("benchmark stopped by the error above")
    return 0


if __name__ == "__main__":
    sys.exit(main())
