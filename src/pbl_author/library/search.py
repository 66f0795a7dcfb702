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

Next to pagefind's own files the index holds ``pbl-unit-ids.json``: the unit id of
each indexed page, by pagefind's page id. The catalogue uses it to turn search results
into cards without loading one fragment per result.

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
from collections.abc import Callable, Coroutine
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

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

    pages: int  # unit pages in the index
    seconds: float  # wall time of the whole indexing
    bundle: Path  # the index folder (SITE/pagefind)
    language: str  # the one language the library is indexed in


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
    site: str | Path, *, language: str | None = None, progress: Progress | None = None
) -> SearchIndex:
    """Build ``SITE/pagefind/`` from the site's unit pages; replaces any previous index.

    ``language`` defaults to the catalogue's language. ``progress(done, total)`` is
    called with the number of unit pages before and after. Raises SearchIndexError
    (pagefind missing, the site not a folder or not writable, pagefind failing).
    Prints nothing.
    """
    started = time.perf_counter()
    folder = Path(site).resolve()
    if not folder.is_dir():
        raise SearchIndexError(f"cannot index '{site}': it is not a folder")
    binary = pagefind_binary()
    language = language or site_language(folder)
    total = len(unit_pages(folder))
    if progress:
        progress(0, total)
    staging = folder / STAGING
    try:
        shutil.rmtree(staging, ignore_errors=True)
        staging.mkdir()
        bundle = staging / BUNDLE
        pages = _run(_build(folder, bundle, language, binary))
        _write_unit_ids(bundle)
        target = _swap_in(bundle, folder / BUNDLE)
    except OSError as exc:
        raise SearchIndexError(f"cannot write the search index into '{site}': {exc}") from exc
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    if progress:
        progress(total, total)
    return SearchIndex(
        pages=pages, seconds=time.perf_counter() - started, bundle=target, language=language
    )


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


def _write_unit_ids(bundle: Path) -> None:
    """``pbl-unit-ids.json``: {pagefind page id: unit id}.

    A search result's id names its fragment (``fragment/ID.pf_fragment``, gzipped JSON
    behind a signature), which holds the page's meta. A page this cannot read is left
    out; the catalogue then loads that page's fragment itself.
    """
    ids: dict[str, str] = {}
    for path in sorted((bundle / "fragment").glob("*.pf_fragment")):
        fragment = _fragment(path)
        unit_id = (fragment or {}).get("meta", {}).get("unit_id")
        if isinstance(unit_id, str):
            ids[path.name.removesuffix(".pf_fragment")] = unit_id
    text = json.dumps(ids, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    (bundle / UNIT_IDS).write_text(text + "\n", encoding="utf-8")


def _swap_in(bundle: Path, target: Path) -> Path:
    """Move the new index folder to ``target``, replacing the old one."""
    retired = target.parent / RETIRED
    shutil.rmtree(retired, ignore_errors=True)
    if target.exists():
        target.rename(retired)
    bundle.rename(target)
    shutil.rmtree(retired, ignore_errors=True)
    return target
