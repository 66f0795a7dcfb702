"""The library's search index: pagefind over the unit pages of a site (no browser).

The site is the hand-written fake in ``fake_site.py``, which follows the library
markup contract; the browser side is in ``tests/e2e/test_library_search.py``.
"""

from __future__ import annotations

import asyncio
import json
import shutil
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from pbl_author.library import search
from pbl_author.library.search import SearchIndexError, index_site

from .fake_site import FAKE_UNITS, FakeUnit, write_fake_site

pytest.importorskip("pagefind_bin", reason="pagefind[bin] is a dependency of pbl-author")


@pytest.fixture
def site(tmp_path) -> Path:
    return write_fake_site(tmp_path / "site")


def fragments(bundle: Path) -> dict[str, dict]:
    """Every indexed page's record (pagefind's fragment), by its URL."""
    records = [search._fragment(path) for path in (bundle / "fragment").glob("*.pf_fragment")]
    assert None not in records, "a fragment could not be read"
    return {record["url"]: record for record in records}


def test_the_unit_pages_and_only_they_are_indexed(site, capfd):
    progress = []
    result = index_site(site, progress=lambda done, total: progress.append((done, total)))

    bundle = site / "pagefind"
    assert result.pages == 3
    assert result.bundle == bundle.resolve()
    assert result.language == "en"
    assert result.seconds > 0
    assert progress == [(0, 3), (3, 3)]
    assert (bundle / "pagefind.js").is_file()
    entry = json.loads((bundle / "pagefind-entry.json").read_text())
    assert entry["languages"]["en"]["page_count"] == 3
    assert len(list(bundle.glob("pagefind.en_*.pf_meta"))) == 1
    assert sorted(fragments(bundle)) == sorted(f"/units/{unit.id}/" for unit in FAKE_UNITS)
    assert capfd.readouterr().out == ""  # nothing on stdout, the service's output included


def test_filters_and_the_unit_id_are_recorded_but_not_searchable_text(site):
    index_site(site)
    records = fragments(site / "pagefind")
    water = records["/units/water-watchers/"]
    assert water["meta"] == {
        "title": "Water Watchers: Caring for Alder Creek",
        "unit_id": "water-watchers",
    }
    assert water["filters"] == {
        "competency": ["4Cs: Collaboration", "CASEL: Self-management"],
        "duration": ["4-6 weeks"],
        "framework": ["4Cs", "CASEL"],
        "grade-band": ["3-5"],
        "subject": ["Science", "Mathematics"],
    }
    assert "neighbours keep Alder Creek" in water["content"]
    # The hidden spans give filters only, not words run together ("3-54Cs: ...").
    for hidden in ["3-5", "Self-management", "Mathematics", "water-watchers"]:
        assert hidden not in water["content"]
    # The footer is outside <main data-pagefind-body>.
    assert "footer" not in water["content"]
    # pagefind's filter index has one chunk per facet.
    filter_chunks = list((site / "pagefind" / "filter").glob("*.pf_filter"))
    assert len(filter_chunks) == 5


def test_the_unit_id_map_names_every_page(site):
    index_site(site)
    bundle = site / "pagefind"
    data = json.loads((bundle / search.UNIT_IDS).read_text())
    assert data["merge"] == []
    ids = data["pages"]
    assert sorted(ids.values()) == sorted(unit.id for unit in FAKE_UNITS)
    for page_id in ids:
        assert (bundle / "fragment" / f"{page_id}.pf_fragment").is_file()


def live_pages(site: Path) -> dict[str, str]:
    """{unit id: the index folders holding its live page}, from pbl-unit-ids.json (a
    page whose text did not change has the same id, so it can be in both)."""
    data = json.loads((site / "pagefind" / search.UNIT_IDS).read_text())
    where = {}
    for page_id, unit_id in data["pages"].items():
        folders = tuple(
            name
            for name in ("pagefind", search.RECENT)
            if (site / name / "fragment" / f"{page_id}.pf_fragment").is_file()
        )
        assert folders, page_id
        assert unit_id not in where, f"two live pages for {unit_id}"
        where[unit_id] = folders
    return where


def test_changed_units_go_to_a_small_index_merged_into_the_main_one(site):
    index_site(site)
    main_before = sorted(p.name for p in (site / "pagefind" / "fragment").iterdir())
    edited = FakeUnit(**{**vars(FAKE_UNITS[0]), "summary": "Third graders chart glaciers."})
    write_fake_site(site, [edited, *FAKE_UNITS[1:]])

    result = index_site(site, changed=["water-watchers"])
    assert (result.full, result.pages) == (False, 1)
    # The main index is untouched; the edited page is in the small one, and only there.
    assert sorted(p.name for p in (site / "pagefind" / "fragment").iterdir()) == main_before
    assert live_pages(site) == {
        "water-watchers": (search.RECENT,),
        "budget-for-our-school": ("pagefind",),
        "voices-of-our-town": ("pagefind",),
    }
    records = fragments(site / search.RECENT)
    assert "glaciers" in records["/units/water-watchers/"]["content"]
    data = json.loads((site / "pagefind" / search.UNIT_IDS).read_text())
    assert data["merge"] == [f"../{search.RECENT}/"]

    # Another change keeps the first one in the small index; a removed unit leaves.
    write_fake_site(site, [edited, FAKE_UNITS[1]])
    shutil.rmtree(site / "units" / "voices-of-our-town")
    result = index_site(site, changed=["budget-for-our-school", "voices-of-our-town"])
    assert (result.full, result.pages) == (False, 2)  # water-watchers again, and budget
    assert live_pages(site) == {
        "water-watchers": (search.RECENT,),
        "budget-for-our-school": ("pagefind", search.RECENT),  # its text did not change
    }

    # Past the limit, everything goes back into the main index.
    result = index_site(site, changed=[])
    assert not result.full
    search_limit = search.RECENT_LIMIT
    try:
        search.RECENT_LIMIT = 1
        result = index_site(site, changed=["water-watchers"])
    finally:
        search.RECENT_LIMIT = search_limit
    assert (result.full, result.pages) == (True, 2)
    assert not (site / search.RECENT).exists()
    assert live_pages(site) == {
        "water-watchers": ("pagefind",),
        "budget-for-our-school": ("pagefind",),
    }
    assert json.loads((site / "pagefind" / search.UNIT_IDS).read_text())["merge"] == []


def test_without_its_state_the_index_is_built_whole(site):
    index_site(site)
    (site / "pagefind" / search.STATE).write_text("not json")
    result = index_site(site, changed=["water-watchers"])
    assert (result.full, result.pages) == (True, 3)


def test_a_new_index_replaces_the_old_one_whole(site):
    index_site(site)
    (site / "pagefind" / "stale.txt").write_text("from an older build")
    unit = FakeUnit(
        id="fourth",
        title="A Fourth Unit",
        driving_question="How do glaciers move?",
        summary="Glaciers.",
        facets={"grade-band": ["6-8"]},
    )
    write_fake_site(site, [*FAKE_UNITS, unit])

    assert index_site(site).pages == 4
    bundle = site / "pagefind"
    assert not (bundle / "stale.txt").exists()
    assert len(list(bundle.glob("pagefind.en_*.pf_meta"))) == 1
    assert "fourth" in json.loads((bundle / search.UNIT_IDS).read_text())["pages"].values()
    leftovers = [path.name for path in site.iterdir() if path.name.startswith(".")]
    assert leftovers == []


def test_a_unit_in_another_language_is_found_from_the_catalogue(site):
    """pagefind searches the index of the searching page's language only."""
    spanish = FakeUnit(
        id="rio",
        title="Guardianes del río",
        driving_question="¿Cómo podemos cuidar el río de nuestro barrio?",
        summary="Una unidad en español.",
        lang="es",
    )
    write_fake_site(site, [*FAKE_UNITS, spanish])
    result = index_site(site)
    assert result.language == "en"
    entry = json.loads((site / "pagefind" / "pagefind-entry.json").read_text())
    assert list(entry["languages"]) == ["en"]
    assert entry["languages"]["en"]["page_count"] == 4


def test_the_language_follows_the_catalogue(site):
    index = site / "index.html"
    index.write_text(index.read_text().replace('<html lang="en">', '<html lang="fr">'))
    assert search.site_language(site) == "fr"
    assert index_site(site).language == "fr"
    assert index_site(site, language="de").language == "de"


def test_a_site_without_units_gets_an_empty_index(tmp_path):
    site = write_fake_site(tmp_path / "site", [])
    result = index_site(site)
    assert result.pages == 0
    assert (site / "pagefind" / "pagefind.js").is_file()
    assert json.loads((site / "pagefind" / search.UNIT_IDS).read_text()) == {
        "pages": {},
        "merge": [],
    }


def test_it_runs_inside_a_running_event_loop(site):
    """As in a Jupyter kernel, where asyncio.run() is not allowed. (The kernel is played
    by a fresh thread: the suite's own thread may already run a loop, Playwright's.)"""

    async def in_a_kernel():
        return index_site(site)

    with ThreadPoolExecutor(max_workers=1) as pool:
        assert pool.submit(asyncio.run, in_a_kernel()).result().pages == 3


def test_a_missing_pagefind_binary_is_a_clear_error(site, tmp_path, monkeypatch, capfd):
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(tmp_path / "no-such-pagefind"))
    with pytest.raises(SearchIndexError) as caught:
        index_site(site)
    message = str(caught.value)
    assert "pagefind program, which was not found" in message
    assert "pip install 'pagefind[bin]'" in message
    assert not (site / "pagefind").exists()
    assert capfd.readouterr().out == ""


def test_pagefind_dying_is_an_error_not_a_hang_and_keeps_the_old_index(site, tmp_path, monkeypatch):
    index_site(site)
    before = sorted(path.name for path in (site / "pagefind").iterdir())
    broken = tmp_path / "pagefind"
    broken.write_text("#!/bin/sh\nexit 3\n")
    broken.chmod(0o755)
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(broken))
    with pytest.raises(SearchIndexError, match="pagefind"):
        index_site(site)
    assert sorted(path.name for path in (site / "pagefind").iterdir()) == before
    assert not (site / search.STAGING).exists()


def test_a_site_that_is_not_a_folder(tmp_path):
    with pytest.raises(SearchIndexError, match="not a folder"):
        index_site(tmp_path / "nowhere")
