"""``pbl-author library build DIR -o SITE``: a static site from a folder of unit files.

The site::

    index.html                     the catalogue: cards, facets, search
    units/ID/index.html            a unit's page, and its downloads beside it
    heatmap/index.html             units by competency, library-wide
    competencies/index.html        every competency, by framework
    competencies/SLUG/index.html   the units that assess one competency
    catalog.json                   the catalogue as a JSON Feed, for other tools
    assets/                        library.css, library.js
    pagefind/                      the search index
    .pbl-build.json                what was built from what (content hashes)

Incremental: a unit is rendered again only when its file's content hash changed (or
pbl-author, its templates or ``library.yaml`` changed, which renders every page
again). A unit file whose size and modification time are the ones recorded is taken
to be unchanged without being read, as git and make do. A unit's downloads depend on
nothing but the unit and pbl-author's exporters, so a page rendered again for any
other reason keeps them: they are linked from the previous build, not exported again.
Each unit is rendered into a staging folder and moved into place, so two units
claiming one id never overwrite each other: the later one (in path order) is reported
as broken and skipped, like a unit that cannot be read. ``strict`` makes a broken
unit fail the build before any shared page is written.
"""

from __future__ import annotations

import hashlib
import json
import multiprocessing
import os
import shutil
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .. import __version__
from ..checks import run_checks
from ..files.atomic import atomic_write_text
from ..files.links import link_or_copy
from ..formats import unitfile
from ..formats.registry import EXPORTS, export_unit
from ..model import DocumentError, Problem
from ..resources import templates_dir
from .catalog import UnitCard, card_for
from .check import framework_findings, library_framework_ids, unit_files
from .config import CONFIG_NAME, LibraryConfig, load_library_config
from .pages import (
    competencies_page,
    competency_page,
    competency_pages,
    heatmap_page,
    index_page,
    site_css,
    unit_page,
)

MANIFEST = ".pbl-build.json"
STAGING = ".pbl-staging"
#: What a unit page offers to download: (title, export format; None = the unit file itself).
DOWNLOADS: tuple[tuple[str, str | None], ...] = (
    ("Unit file (YAML)", None),
    ("Teacher notebook", "notebook"),
    ("Student notebook", "student-notebook"),
    ("Rubrics (web page)", "rubrics-html"),
    ("Rubrics (Word)", "rubrics-docx"),
    ("Rubrics (PDF)", "rubrics-pdf"),
    ("Rubrics for Canvas (CSV)", "canvas-rubrics"),
    ("Common Cartridge for an LMS", "cartridge"),
)
Progress = Callable[[int, int], None]


class LibraryBuildError(Exception):
    """The build stopped (``strict`` and a broken unit); the message says which."""


@dataclass
class BuildSummary:
    units: int = 0  # units on the site
    built: list[str] = field(default_factory=list)  # unit ids rendered this time
    unchanged: int = 0
    removed: list[str] = field(default_factory=list)  # unit ids whose pages were deleted
    broken: list[tuple[str, str]] = field(default_factory=list)  # (unit file, why)
    pages: list[str] = field(default_factory=list)  # HTML pages rendered this time
    searched: int = 0  # unit pages indexed for search this time
    downloads_kept: int = 0  # units rendered again with their downloads kept
    seconds: float = 0.0

    def lines(self) -> list[str]:
        seconds = f"{self.seconds:.1f} s"
        kept = f" ({self.downloads_kept} with their downloads kept)" if self.downloads_kept else ""
        text = [
            f"{self.units} unit(s) on the site: {len(self.built)} built{kept}, {self.unchanged} "
            f"unchanged, {len(self.removed)} removed, {len(self.broken)} broken; "
            f"{len(self.pages)} page(s) rendered in {seconds}"
        ]
        text += [f"  broken: {path}: {why}" for path, why in self.broken]
        return text


# -- one unit (runs in a worker process) ----------------------------------------


def _render_unit(job: dict[str, Any]) -> dict[str, Any]:
    """Render one unit into its staging folder; its card, or why it is broken."""
    root, source = Path(job["root"]), job["source"]
    try:
        unit = unitfile.load_unit(root / source)
    except DocumentError as exc:
        return {"source": source, "error": "; ".join(exc.lines()[:3])}
    config = LibraryConfig.model_validate(job["config"])
    findings = framework_findings(unit, set(job["frameworks"])) + run_checks(unit, config.checks)
    staging = Path(job["staging"])
    staging.mkdir(parents=True, exist_ok=True)
    kept = Path(job["keep"]) if job.get("keep") else None
    downloads = []
    for title, name in DOWNLOADS:
        file_name = Path(source).name if name is None else EXPORTS[name].file_name(unit)
        if name is None:
            shutil.copyfile(root / source, staging / file_name)
        elif not (kept and _keep(kept / file_name, staging / file_name)):
            (staging / file_name).write_bytes(export_unit(unit, name))
        downloads.append((title, file_name))
    card = card_for(unit, source, downloads, findings)
    (staging / "index.html").write_text(unit_page(unit, card, findings, config), encoding="utf-8")
    return {"source": source, "card": card.model_dump(mode="json")}


def _keep(download: Path, target: Path) -> bool:
    """A download of the previous build at ``target``; False when it is gone."""
    try:
        link_or_copy(download, target)
    except FileNotFoundError:
        return False
    return True


# -- the build --------------------------------------------------------------------


@dataclass(frozen=True)
class Salts:
    """What a unit's output depends on besides the unit file."""

    downloads: str  # pbl-author (its version, code and data) and its export templates
    pages: str  # that, the library templates and library.yaml


def _salts(root: Path) -> Salts:
    def add(digest: Any, paths: Any) -> None:
        for path in sorted(paths):
            digest.update(path.name.encode())
            digest.update(path.read_bytes())

    # The code and data too, not only the version: a development install changes
    # without a new version. The exporters never use the designer, reviews or library.
    package = Path(__file__).resolve().parent.parent
    code = [p for p in package.rglob("*") if p.suffix in (".py", ".yaml")]
    apart = {package / name for name in ("designer", "review", "library", "labextension")}
    digest = hashlib.sha256(__version__.encode())
    add(digest, (p for p in code if not apart.intersection(p.parents)))
    add(digest, (templates_dir() / "export").iterdir())
    downloads = digest.hexdigest()
    add(digest, (p for p in code if apart.intersection(p.parents)))
    add(digest, (templates_dir() / "library").iterdir())
    config = root / CONFIG_NAME
    if config.exists():
        digest.update(config.read_bytes())
    return Salts(downloads=downloads, pages=digest.hexdigest())


@dataclass
class Previous:
    """The manifest of the previous build: its units, and which of its outputs still
    hold (a salt that changed makes them stale)."""

    units: dict[str, Any] = field(default_factory=dict)
    pages_fresh: bool = False
    downloads_fresh: bool = False


def _read_manifest(site: Path, salts: Salts) -> Previous:
    try:
        data = json.loads((site / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return Previous()
    units = data.get("units") if isinstance(data, dict) else None
    if not isinstance(units, dict):
        return Previous()
    units = {
        source: entry
        for source, entry in units.items()
        if isinstance(entry, dict) and isinstance(entry.get("card"), dict)
    }
    return Previous(
        units=units,
        pages_fresh=data.get("salt") == salts.pages,
        downloads_fresh=data.get("downloads_salt") == salts.downloads,
    )


def _stat(path: Path) -> list[int]:
    info = path.stat()
    return [info.st_size, info.st_mtime_ns]


def _file_hash(path: Path, stat: list[int], old: dict[str, Any] | None) -> str:
    """The content hash of a unit file; the recorded one when its size and modification
    time are the recorded ones."""
    if old and old.get("stat") == stat and isinstance(old.get("hash"), str):
        return old["hash"]
    return _content_hash(path)


def _content_hash(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _write(site: Path, relative: str, text: str, pages: list[str]) -> None:
    path = site / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    atomic_write_text(path, text)  # a page left half-written would outlive the next build
    if relative.endswith(".html"):
        pages.append(relative)


def _run_jobs(jobs: list[dict[str, Any]], workers: int, progress: Progress | None):
    total = len(jobs)
    if workers <= 1 or total < 4:
        for done, job in enumerate(jobs, start=1):
            yield _render_unit(job)
            if progress:
                progress(done, total)
        return
    # forkserver: workers never inherit the threads of the calling process (a kernel,
    # pagefind's event loop), which a plain fork could leave deadlocked.
    context = multiprocessing.get_context("forkserver")
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        chunk = max(1, min(16, total // (workers * 8)))
        for done, result in enumerate(pool.map(_render_unit, jobs, chunksize=chunk), start=1):
            yield result
            if progress:
                progress(done, total)


def build_site(
    root: str | os.PathLike[str],
    site: str | os.PathLike[str],
    *,
    jobs: int | None = None,
    strict: bool = False,
    progress: Progress | None = None,
) -> BuildSummary:
    """Build (or bring up to date) the site of the library at ``root`` in ``site``."""
    started = time.perf_counter()
    root, site = Path(root), Path(site)
    same = site.resolve() == root.resolve()
    inside = root.resolve() in site.resolve().parents
    if same or (inside and not site.resolve().name.startswith(("_", "."))):
        raise DocumentError(
            [
                Problem(
                    "",
                    "build the site outside the library, or in a folder whose name starts "
                    "with '_' (the check skips those): for example -o _site",
                )
            ],
            str(site),
        )
    config = load_library_config(root)
    frameworks = sorted(library_framework_ids(root, config))
    sources = [path.relative_to(root).as_posix() for path in unit_files(root)]
    if not sources:
        raise DocumentError(
            [Problem("", "no unit files (NAME.unit.yaml or NAME.unit.json) in this folder")],
            str(root),
        )
    site.mkdir(parents=True, exist_ok=True)
    salts = _salts(root)
    manifest = _read_manifest(site, salts)
    previous = manifest.units
    stats = {source: _stat(root / source) for source in sources}
    hashes = {
        source: _file_hash(root / source, stats[source], previous.get(source)) for source in sources
    }

    summary = BuildSummary()
    entries: dict[str, dict[str, Any]] = {}
    todo: list[str] = []
    keep: dict[str, str] = {}  # source: the folder whose downloads still hold
    for source in sources:
        old = previous.get(source)
        same = old is not None and old.get("hash") == hashes[source]
        folder = site / old["card"]["url"] if same else None
        if same and manifest.pages_fresh and (folder / "index.html").exists():
            entries[source] = {**old, "stat": stats[source]}
            continue
        todo.append(source)
        if same and manifest.downloads_fresh and folder.is_dir():
            keep[source] = str(folder)

    staging_root = site / STAGING
    shutil.rmtree(staging_root, ignore_errors=True)
    jobs_list = [
        {
            "root": str(root),
            "source": source,
            "staging": str(staging_root / hashlib.sha256(source.encode()).hexdigest()[:16]),
            "config": config.model_dump(mode="json"),
            "frameworks": frameworks,
            "keep": keep.get(source),
        }
        for source in todo
    ]
    workers = jobs or os.cpu_count() or 1
    rendered: dict[str, dict[str, Any]] = {}
    for result in _run_jobs(jobs_list, workers, progress):
        if "error" in result:
            summary.broken.append((result["source"], result["error"]))
        else:
            rendered[result["source"]] = result["card"]

    # Ids are the site's addresses: the first unit (in path order) keeps an id.
    owner: dict[str, str] = {}
    for source in sources:
        card = entries.get(source, {}).get("card") or rendered.get(source)
        if card is None:
            continue
        if card["id"] in owner:
            why = f"unit id '{card['id']}' is already used by {owner[card['id']]}"
            summary.broken.append((source, why))
            entries.pop(source, None)
            rendered.pop(source, None)
            continue
        owner[card["id"]] = source
    summary.broken.sort()
    if strict and summary.broken:
        shutil.rmtree(staging_root, ignore_errors=True)
        listed = "; ".join(f"{path}: {why}" for path, why in summary.broken)
        raise LibraryBuildError(
            f"{len(summary.broken)} broken unit(s), nothing published: {listed}"
        )

    staged = {job["source"]: job["staging"] for job in jobs_list}
    for source, card in rendered.items():
        target = site / card["url"]
        if target.exists():
            shutil.rmtree(target)
        target.parent.mkdir(parents=True, exist_ok=True)
        os.replace(staged[source], target)
        entries[source] = {"hash": hashes[source], "stat": stats[source], "card": card}
        summary.built.append(card["id"])
        summary.downloads_kept += source in keep
        summary.pages.append(f"{card['url']}index.html")
    shutil.rmtree(staging_root, ignore_errors=True)

    live = {entry["card"]["id"] for entry in entries.values()}
    for old in previous.values():
        old_id = old.get("card", {}).get("id")
        if old_id and old_id not in live and (site / "units" / old_id).is_dir():
            shutil.rmtree(site / "units" / old_id)
            summary.removed.append(old_id)

    cards = sorted(
        (UnitCard.model_validate(entry["card"]) for entry in entries.values()),
        key=lambda card: (card.title.casefold(), card.id),
    )
    summary.units = len(cards)
    summary.unchanged = len(cards) - len(summary.built)
    full = not manifest.pages_fresh or not (site / "index.html").exists()
    if full or summary.built or summary.removed:
        # Competency pages of the units that changed (before and after); all on a full build.
        touched = None
        if not full:
            changed_sources = [s for s, e in entries.items() if e["card"]["id"] in summary.built]
            touched = {
                c["ref"]
                for source in changed_sources
                for card in (entries[source]["card"], previous.get(source, {}).get("card", {}))
                for c in card.get("competencies", [])
            }
            touched |= {
                c["ref"]
                for old in previous.values()
                if old.get("card", {}).get("id") in summary.removed
                for c in old["card"].get("competencies", [])
            }
        _write_shared_pages(site, cards, config, summary.pages, touched)
        from .search import index_site

        changed = None if full else [*summary.built, *summary.removed]
        summary.searched = index_site(site, changed=changed).pages
    atomic_write_text(
        site / MANIFEST,
        json.dumps(
            {
                "salt": salts.pages,
                "downloads_salt": salts.downloads,
                "units": dict(sorted(entries.items())),
            },
            ensure_ascii=False,
            sort_keys=True,
        ),
    )
    summary.seconds = time.perf_counter() - started
    return summary


def _write_shared_pages(
    site: Path,
    cards: list[UnitCard],
    config: LibraryConfig,
    pages: list[str],
    touched: set[str] | None = None,
) -> None:
    """The catalogue, the heatmap, the competency pages (only ``touched`` ones when given)
    and the feed."""
    script = (templates_dir() / "library" / "library.js").read_text(encoding="utf-8")
    _write(site, "assets/library.css", site_css(), pages)
    _write(site, "assets/library.js", script, pages)
    _write(site, "index.html", index_page(cards, config), pages)
    by_ref = competency_pages(cards)
    _write(site, "heatmap/index.html", heatmap_page(cards, by_ref, config), pages)
    _write(site, "competencies/index.html", competencies_page(by_ref, config), pages)
    wanted = {page.url for page in by_ref.values()}
    folder = site / "competencies"
    for old in list(folder.iterdir()):
        if old.is_dir() and f"competencies/{old.name}/" not in wanted:
            shutil.rmtree(old)
    for ref, page in by_ref.items():
        if touched is None or ref in touched or not (site / page.url / "index.html").exists():
            _write(site, f"{page.url}index.html", competency_page(page, config), pages)
    _write(site, "catalog.json", catalog_feed(cards, config), pages)


def catalog_feed(cards: list[UnitCard], config: LibraryConfig) -> str:
    """The catalogue as a JSON Feed 1.1 (https://jsonfeed.org/version/1.1), each item
    carrying the full card under ``_pbl_author``."""
    base = config.base_url.rstrip("/") + "/" if config.base_url else ""
    feed = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": config.title,
        "description": config.description,
        **({"home_page_url": base, "feed_url": f"{base}catalog.json"} if base else {}),
        "items": [
            {
                "id": card.id,
                "url": f"{base}{card.url}",
                "title": card.title,
                "content_text": card.driving_question or card.summary or card.title,
                "tags": sorted({*card.subjects, *card.grade_bands}),
                "_pbl_author": card.model_dump(mode="json"),
            }
            for card in cards
        ],
    }
    # Compact: at 10,000 units the indented feed took four times as long to write.
    return json.dumps(feed, ensure_ascii=False, separators=(",", ":")) + "\n"


__all__ = ["DOWNLOADS", "BuildSummary", "LibraryBuildError", "build_site", "catalog_feed"]
