"""Full-text search for the library site: a pagefind index of the unit pages.

``index_site(SITE)`` indexes ``SITE/units/**/index.html`` (the catalogue and the other
pages are never in the index) into ``SITE/pagefind/``, which the catalogue's
``assets/library.js`` loads in the browser. It runs pagefind's indexing service (the
``pagefind`` Python API over the ``pagefind_bin`` binary) offline, on this machine.

What a unit page gives the index (the library markup contract):

- the text inside ``<main data-pagefind-body>``; its ``<h1>`` is the result title;
- one ``data-pagefind-filter="NAME"`` element per facet value (grade-band, subject,
  duration, competency, framework) and ``data-pagefind-meta="unit_id"``. Their text is
  recorded as filters and meta only, never as searchable words (``EXCLUDED``): the
  hidden spans would otherwise run together into nonsense words in the index.

The index is built beside the site in a staging folder and swapped in whole, so a
failed build leaves the previous index in place and never a mix of the two (pagefind
itself adds files to an existing folder without removing stale ones).

Incremental: pagefind cannot update an index, and indexing costs about 3.5 ms a unit
page (10,000 units: half a minute). So a build that changed a few units indexes only
those into a second, small index, ``SITE/pagefind-recent/``, which the catalogue merges
into the main one (pagefind's ``mergeIndex``); their old pages in the main index are
left out of ``pbl-unit-ids.json`` and so never shown. Once more than ``RECENT_LIMIT``
units are in the small index, or when told to, everything is indexed again into the
main index and the small one goes.

Next to pagefind's own files the main index holds ``pbl-unit-ids.json``:
``{"pages": {pagefind page id: unit id}, "merge": [indexes to merge]}``. It is the
catalogue's list of live pages: it turns search results into cards without loading
one fragment per result, and a result it does not list is a stale page. What is in
which index is kept beside it, in ``pbl-search-state.json``.

One language: the whole library is indexed in the catalogue's language (its
``<html lang>``), because pagefind searches only the index of the searching page's
language, and a unit written in another language must still be found from the
catalogue.
"""

from __future__ import annotations

import asyncio
import contextlib
import gzip
import json
import re
import shutil
import time
from collections.abc import Callable, Coroutine, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from ..files.atomic import atomic_write_text
from ..files.links import link_or_copy

#: The pages that go into the index, relative to the site folder (a pagefind glob).
UNIT_PAGES = "units/**/index.html"
#: The index folder, relative to the site folder (``pagefind.js`` is inside it).
BUNDLE = "pagefind"
#: Unit ids by pagefind page id, written into the index folder.
UNIT_IDS = "pbl-unit-ids.json"
#: Recorded as filters and meta, left out of the searchable text.
EXCLUDED = ("[data-pagefind-filter]", "[data-pagefind-meta]")
#: Parts of a unit page that are not searched: the detail a teacher reads on the page
#: but does not search a library by (rubric descriptors, the path's milestones, the
#: checks, the heatmap). A unit is found by its title, driving question, overview,
#: goals, competencies and tasks; indexing the whole page would take about five times
#: as long (a sample unit page is about 6,000 words).
DETAIL = (
    "#pbl_rubrics",
    "#path",
    "#culture",
    "#critique",
    "#reflection",
    "#pbl_coverage",
    "#pbl_findings",
    "#pbl_downloads",
    ".pbl-grasps",
)
#: The small index of the units changed since the main index was built.
RECENT = "pagefind-recent"
#: Units the small index may hold before everything is indexed again.
RECENT_LIMIT = 100
#: What is in which index, in the main index folder:
#: {"main": {page id: unit id}, "recent": {page id: unit id}}.
STATE = "pbl-search-state.json"
DEFAULT_LANGUAGE = "en"
STAGING = ".pbl-search-staging"
RETIRED = ".pbl-search-old"
INSTALL_HINT = "install it with: pip install 'pagefind[bin]'"
_FRAGMENT_SIGNATURE = b"pagefind_dcd"

Progress = Callable[[int, int], None]  # (done, total)
T = TypeVar("T")


class SearchIndexError(RuntimeError):
    """The search index could not be built; the message says why, in plain words."""


@dataclass(frozen=True)
class SearchIndex:
    """What ``index_site`` built."""

    pages: int  # unit pages indexed this time
    seconds: float  # wall time of the whole indexing
    bundle: Path  # the index folder (SITE/pagefind)
    language: str  # the one language the library is indexed in
    full: bool = True  # the main index was built (False: only the small one)


def pagefind_binary() -> Path:
    """The pagefind executable pagefind's Python API will run (SearchIndexError if none).

    Honours ``PAGEFIND_BINARY_PATH`` like pagefind does.
    """
    try:
        from pagefind.service import get_executable
    except ImportError:
        raise SearchIndexError(
            f"full-text search needs pagefind, which is not installed; {INSTALL_HINT}"
        ) from None
    try:
        binary = get_executable()
    except OSError:  # pagefind_bin is installed but its program is not there
        binary = None
    if binary is None or not Path(binary).is_file():
        where = f" (looked for {binary})" if binary is not None else ""
        raise SearchIndexError(
            f"full-text search needs the pagefind program, which was not found{where}; "
            f"{INSTALL_HINT}"
        )
    return Path(binary)


def unit_pages(site: Path) -> list[Path]:
    """The pages ``index_site`` indexes (the glob pagefind is given, read by Python)."""
    return sorted(path for path in site.glob(UNIT_PAGES) if path.is_file())


_LANG = re.compile(rb"<html\b[^>]*?\blang\s*=\s*[\"']?([A-Za-z0-9-]+)", re.IGNORECASE)


def site_language(site: Path) -> str:
    """The catalogue's ``<html lang>`` (``en`` when it has none)."""
    try:
        with open(site / "index.html", "rb") as handle:
            head = handle.read(4096)
    except OSError:
        return DEFAULT_LANGUAGE
    match = _LANG.search(head)
    return match.group(1).decode("ascii") if match else DEFAULT_LANGUAGE


def index_site(
    site: str | Path,
    *,
    language: str | None = None,
    progress: Progress | None = None,
    changed: Iterable[str] | None = None,
) -> SearchIndex:
    """Build the search index of the site's unit pages.

    ``changed``: the ids of the units whose pages changed (or went) since the last
    index; only they are indexed, into the small index, while it stays small. None
    indexes every page again into the main index. ``language`` defaults to the
    catalogue's language. ``progress(done, total)`` is called with the number of pages
    to index before and after. Raises SearchIndexError (pagefind missing, the site not
    a folder or not writable, pagefind failing). Prints nothing.
    """
    started = time.perf_counter()
    folder = Path(site).resolve()
    if not folder.is_dir():
        raise SearchIndexError(f"cannot index '{site}': it is not a folder")
    binary = pagefind_binary()
    language = language or site_language(folder)
    live = {path.parent.name: path for path in unit_pages(folder)}
    previous = _read_state(folder)
    recent: set[str] | None = None  # None: index everything into the main index
    if changed is not None and previous is not None and (folder / BUNDLE / "pagefind.js").is_file():
        recent = (set(previous["recent"].values()) | set(changed)) & live.keys()
        if len(recent) > RECENT_LIMIT:
            recent = None
    todo = len(live) if recent is None else len(recent)
    if progress:
        progress(0, todo)
    staging = folder / STAGING
    try:
        shutil.rmtree(staging, ignore_errors=True)
        staging.mkdir()
        if recent is None or previous is None:
            _index_all(folder, staging, language, binary)
        else:
            _index_recent(folder, staging, previous, recent, live, language, binary)
    except OSError as exc:
        raise SearchIndexError(f"cannot write the search index into '{site}': {exc}") from exc
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    if progress:
        progress(todo, todo)
    return SearchIndex(
        pages=todo,
        seconds=time.perf_counter() - started,
        bundle=folder / BUNDLE,
        language=language,
        full=recent is None,
    )


def _index_all(folder: Path, staging: Path, language: str, binary: Path) -> None:
    """Every unit page into a new main index, swapped in whole; no small index."""
    state = {"main": _index(folder, staging, BUNDLE, language, binary), "recent": {}}
    _write_unit_ids(staging / BUNDLE, state)
    _atomic_json(staging / BUNDLE / STATE, state)
    _swap_in(staging / BUNDLE, folder / BUNDLE)
    shutil.rmtree(folder / RECENT, ignore_errors=True)


def _index_recent(
    folder: Path,
    staging: Path,
    previous: dict[str, dict[str, str]],
    recent: set[str],
    live: dict[str, Path],
    language: str,
    binary: Path,
) -> None:
    """The ``recent`` units' pages into a new small index; the main index is kept, less
    the pages of those units and of units that went."""
    fresh: dict[str, str] = {}
    if recent:
        pages = staging / "pages"
        for unit_id in recent:  # the small index's pages, linked into a folder of their own
            link_or_copy(live[unit_id], pages / "units" / unit_id / "index.html")
        fresh = _index(pages, staging, RECENT, language, binary)
        _swap_in(staging / RECENT, folder / RECENT)
    else:
        shutil.rmtree(folder / RECENT, ignore_errors=True)
    main = {
        page: unit for page, unit in previous["main"].items() if unit in live and unit not in recent
    }
    state = {"main": main, "recent": fresh}
    _atomic_json(folder / BUNDLE / STATE, state)
    _write_unit_ids(folder / BUNDLE, state)


def _index(pages: Path, staging: Path, name: str, language: str, binary: Path) -> dict[str, str]:
    """Index the unit pages under ``pages`` into ``staging/name``; {page id: unit id}."""
    bundle = staging / name
    _run(_build(pages, bundle, language, binary))
    return _unit_ids(bundle)


def _read_state(site: Path) -> dict[str, dict[str, str]] | None:
    try:
        data = json.loads((site / BUNDLE / STATE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict):
        return None
    parts = [data.get("main"), data.get("recent")]
    if not all(isinstance(part, dict) for part in parts):
        return None
    return {"main": data["main"], "recent": data["recent"]}


def _atomic_json(path: Path, data: Any) -> None:
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    atomic_write_text(path, text + "\n")


# -- pagefind's indexing service ------------------------------------------------


def _run(coroutine: Coroutine[Any, Any, T]) -> T:
    """Run ``coroutine`` to the end, also when called from a running event loop
    (a Jupyter kernel): then on a loop of its own in a worker thread."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(coroutine)
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


async def _build(site: Path, bundle: Path, language: str, binary: Path) -> int:
    from pagefind.service import PagefindService

    config = {
        "exclude_selectors": [*EXCLUDED, *DETAIL],
        "force_language": language,
        "output_path": str(bundle),  # never pagefind's default, relative to the cwd
    }
    # The service is driven by hand, not with ``async with PagefindIndex()``: leaving
    # that block writes the index (again) and waits on requests that may never be
    # answered; and every request is guarded against the service dying.
    try:
        service = await PagefindService().launch()
    except OSError as exc:  # the binary vanished or cannot run
        raise SearchIndexError(f"cannot run pagefind ({binary}): {exc}; {INSTALL_HINT}") from exc
    try:
        index = await _guarded(service, service.create_index(config))
        added = await _guarded(service, index.add_directory(str(site), glob=UNIT_PAGES))
        await _guarded(service, index.write_files(str(bundle)))
    finally:
        await _close(service)
    if not (bundle / "pagefind.js").is_file():
        raise SearchIndexError(f"pagefind wrote no search index for '{site}'")
    return int(added.get("page_count", 0))


async def _guarded(service: Any, request: Coroutine[Any, Any, T]) -> T:
    """Await one request to the service, failing (not hanging) when the service dies.

    pagefind's Python API reads the service's answers in a polling task; when the
    service crashes (out of memory, a panic) that task ends and the request would wait
    forever.
    """
    task = asyncio.ensure_future(request)
    await asyncio.wait({task, service._poll_task}, return_when=asyncio.FIRST_COMPLETED)
    if not task.done():
        task.cancel()
        code = service._backend.returncode
        status = f" (exit status {code})" if code is not None else ""
        raise SearchIndexError(f"pagefind stopped while building the search index{status}")
    try:
        return task.result()
    except OSError as exc:  # the pipe to the service broke
        raise SearchIndexError(f"pagefind stopped while building the search index: {exc}") from exc
    except Exception as exc:  # the service answered with an error
        message = exc.args[0] if exc.args else exc
        raise SearchIndexError(f"pagefind could not build the search index: {message}") from exc


async def _close(service: Any) -> None:
    """Stop the service, whatever state it is in, without leaving task errors behind.

    Not ``service.close()``: that waits 5 s for answers to requests that failed.
    """
    poll = service._poll_task
    if poll.done():
        if not poll.cancelled():
            poll.exception()  # retrieved: no "exception was never retrieved" noise
    else:
        poll.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await poll
    backend = service._backend
    with contextlib.suppress(ProcessLookupError):
        if backend.returncode is None:
            backend.terminate()
            try:
                await asyncio.wait_for(backend.wait(), timeout=5)
            except asyncio.TimeoutError:
                backend.kill()
                await backend.wait()


# -- the files around pagefind's ------------------------------------------------


def _fragment(path: Path) -> dict[str, Any] | None:
    try:
        data = gzip.decompress(path.read_bytes())
        data = data.removeprefix(_FRAGMENT_SIGNATURE)
        return json.loads(data)
    except (OSError, ValueError):
        return None


def _unit_ids(bundle: Path) -> dict[str, str]:
    """{pagefind page id: unit id} of an index folder.

    A search result's id names its fragment (``fragment/ID.pf_fragment``, gzipped JSON
    behind a signature), which holds the page's meta. A page this cannot read is left
    out (and so never shown).
    """
    ids: dict[str, str] = {}
    for path in sorted((bundle / "fragment").glob("*.pf_fragment")):
        fragment = _fragment(path)
        unit_id = (fragment or {}).get("meta", {}).get("unit_id")
        if isinstance(unit_id, str):
            ids[path.name.removesuffix(".pf_fragment")] = unit_id
    return ids


def _write_unit_ids(bundle: Path, state: dict[str, dict[str, str]]) -> None:
    """``pbl-unit-ids.json`` in the main index: the live pages of both indexes, and the
    small index to merge (relative to the main one) when there is one."""
    pages = {**state["main"], **state["recent"]}
    merge = [f"../{RECENT}/"] if state["recent"] else []
    _atomic_json(bundle / UNIT_IDS, {"pages": dict(sorted(pages.items())), "merge": merge})


def _swap_in(bundle: Path, target: Path) -> Path:
    """Move the new index folder to ``target``, replacing the old one."""
    retired = target.parent / RETIRED
    shutil.rmtree(retired, ignore_errors=True)
    if target.exists():
        target.rename(retired)
    bundle.rename(target)
    shutil.rmtree(retired, ignore_errors=True)
    return target
