"""``pbl-author library build``: the site, its downloads, broken units, incremental builds."""

from __future__ import annotations

import json
import os
import shutil

import pytest

from pbl_author.formats.notebook_import import load_notebook
from pbl_author.formats.unitfile import load_unit
from pbl_author.library.site import MANIFEST, build_site

from ..conftest import SAMPLES


@pytest.fixture
def library(tmp_path):
    root = tmp_path / "library"
    shutil.copytree(SAMPLES, root)
    return root


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """The samples built once for the tests that only read the site."""
    root = tmp_path_factory.mktemp("lib") / "library"
    shutil.copytree(SAMPLES, root)
    site = root.parent / "site"
    summary = build_site(root, site, jobs=2)
    return root, site, summary


def test_the_site_has_every_page_and_download(built):
    root, site, summary = built
    assert summary.units == 4 and not summary.broken
    for name in ("index.html", "heatmap/index.html", "competencies/index.html", "catalog.json"):
        assert (site / name).is_file(), name
    assert (site / "assets" / "library.css").is_file()
    assert (site / "assets" / "library.js").is_file()
    assert (site / "pagefind" / "pagefind.js").is_file()
    for path in sorted(root.glob("*.unit.yaml")):
        unit = load_unit(path)
        folder = site / "units" / unit.id
        page = (folder / "index.html").read_text(encoding="utf-8")
        assert "data-pagefind-body" in page
        for name in (
            path.name,
            f"{unit.id}.ipynb",
            f"{unit.id}.student.ipynb",
            f"{unit.id}.rubrics.html",
            f"{unit.id}.rubrics.docx",
            f"{unit.id}.rubrics.pdf",
            f"{unit.id}.canvas-rubrics.csv",
            f"{unit.id}.imscc",
        ):
            assert (folder / name).is_file(), name
            assert f'href="{name}" download' in page, name
        # The downloaded student notebook is valid and imports back to the same unit.
        assert load_notebook(folder / f"{unit.id}.student.ipynb").unit == unit


def test_every_competency_has_a_page_listing_the_units_that_assess_it(built):
    _, site, _ = built
    page = (site / "competencies" / "4cs-collaboration" / "index.html").read_text("utf-8")
    assert "Units that assess it" in page
    assert "Water Watchers" in page
    heatmap = (site / "heatmap" / "index.html").read_text("utf-8")
    assert "<caption>Units by competency</caption>" in heatmap
    assert heatmap.count('<tr><th scope="row">') == 4


def test_the_catalogue_is_a_json_feed(built):
    _, site, _ = built
    feed = json.loads((site / "catalog.json").read_text("utf-8"))
    assert feed["version"] == "https://jsonfeed.org/version/1.1"
    assert [item["id"] for item in feed["items"]] == [
        "budget-for-our-school",
        "design-for-a-client",
        "voices-of-our-town",
        "water-watchers",
    ]
    water = feed["items"][-1]
    assert water["url"] == "units/water-watchers/"
    assert water["_pbl_author"]["grade_bands"] == ["3-5"]


def test_an_edited_unit_re_renders_only_its_pages_and_the_shared_ones(library, tmp_path):
    site = tmp_path / "site"
    first = build_site(library, site, jobs=1)
    assert len(first.built) == 4
    again = build_site(library, site, jobs=1)
    assert (again.built, again.pages, again.unchanged) == ([], [], 4)

    path = library / "voices-of-our-town.unit.yaml"
    path.write_text(
        path.read_text("utf-8").replace(
            "title: 'Voices of Our Town", "title: 'Voices of Our City", 1
        ),
        encoding="utf-8",
    )
    edited = build_site(library, site, jobs=1)
    assert edited.built == ["voices-of-our-town"]
    unit = load_unit(path)
    refs = {c.ref for c in unit.competencies}
    competency_pages = [
        p for p in edited.pages if p.startswith("competencies/") and p.count("/") == 2
    ]
    assert len(competency_pages) <= len(refs)  # only the edited unit's competencies
    assert sorted(set(edited.pages) - set(competency_pages)) == [
        "competencies/index.html",
        "heatmap/index.html",
        "index.html",
        "units/voices-of-our-town/index.html",
    ]
    assert "Voices of Our City" in (site / "index.html").read_text("utf-8")


def test_a_new_library_yaml_renders_every_page_again_and_keeps_the_downloads(
    library, tmp_path, monkeypatch
):
    site = tmp_path / "site"
    build_site(library, site, jobs=1)
    pdf = site / "units" / "water-watchers" / "water-watchers.rubrics.pdf"
    before = pdf.read_bytes()
    (library / "library.yaml").write_text("title: Our Network's Units\n", encoding="utf-8")

    def no_export(*args, **kwargs):
        raise AssertionError("a download was exported again")

    monkeypatch.setattr("pbl_author.library.site.export_unit", no_export)
    summary = build_site(library, site, jobs=1)
    assert len(summary.built) == 4 and summary.downloads_kept == 4
    assert "4 built (4 with their downloads kept)" in summary.lines()[0]
    assert "units/water-watchers/index.html" in summary.pages
    assert "Our Network&#39;s Units" in (
        site / "units" / "water-watchers" / "index.html"
    ).read_text("utf-8")
    assert pdf.read_bytes() == before

    # An edited unit is exported again, whatever else changed.
    monkeypatch.undo()
    path = library / "water-watchers.unit.yaml"
    path.write_text(path.read_text("utf-8").replace("Water Watchers", "Creek Watchers", 1), "utf-8")
    (library / "library.yaml").write_text("title: Our Units\n", encoding="utf-8")
    edited = build_site(library, site, jobs=1)
    assert len(edited.built) == 4 and edited.downloads_kept == 3
    assert pdf.read_bytes() != before


def test_an_unchanged_unit_file_is_not_read_again(library, tmp_path, monkeypatch):
    site = tmp_path / "site"
    build_site(library, site, jobs=1)

    def no_hash(path):
        raise AssertionError(f"{path} was read again")

    monkeypatch.setattr("pbl_author.library.site._content_hash", no_hash)
    summary = build_site(library, site, jobs=1)
    assert (summary.built, summary.unchanged) == ([], 4)


def test_a_touched_unit_file_is_read_again_but_not_rebuilt(library, tmp_path):
    site = tmp_path / "site"
    build_site(library, site, jobs=1)
    path = library / "water-watchers.unit.yaml"
    info = path.stat()
    os.utime(path, ns=(info.st_atime_ns, info.st_mtime_ns + 5_000_000_000))
    summary = build_site(library, site, jobs=1)
    assert (summary.built, summary.pages, summary.unchanged) == ([], [], 4)
    manifest = json.loads((site / MANIFEST).read_text("utf-8"))
    assert (
        manifest["units"]["water-watchers.unit.yaml"]["stat"][1] == info.st_mtime_ns + 5_000_000_000
    )


def test_a_removed_unit_leaves_the_site(library, tmp_path):
    site = tmp_path / "site"
    build_site(library, site, jobs=1)
    (library / "water-watchers.unit.yaml").unlink()
    summary = build_site(library, site, jobs=1)
    assert summary.removed == ["water-watchers"]
    assert not (site / "units" / "water-watchers").exists()
    assert "water-watchers" not in (site / "index.html").read_text("utf-8")

    # Also when every page is rendered again (library.yaml changed) in the same build.
    (library / "voices-of-our-town.unit.yaml").unlink()
    (library / "library.yaml").write_text("title: Fewer Units\n", encoding="utf-8")
    summary = build_site(library, site, jobs=1)
    assert summary.removed == ["voices-of-our-town"]
    assert sorted(p.name for p in (site / "units").iterdir()) == [
        "budget-for-our-school",
        "design-for-a-client",
    ]


def test_a_broken_unit_is_reported_and_skipped_and_strict_fails(cli, library, tmp_path):
    (library / "broken.unit.yaml").write_text("id: broken\ntitle: [unclosed\n", encoding="utf-8")
    copy = library / "zz-copy.unit.yaml"
    shutil.copy(library / "water-watchers.unit.yaml", copy)  # the same id twice
    site = tmp_path / "site"
    result = cli("library", "build", str(library), "-o", str(site), "--jobs", "1")
    assert result.code == 0, result.err
    assert result.out.startswith("4 unit(s) on the site: 4 built, 0 unchanged, 0 removed, 2 broken")
    err = result.err.splitlines()
    assert err[0].startswith("broken: broken.unit.yaml: ")
    assert err[1] == (
        "broken: zz-copy.unit.yaml: unit id 'water-watchers' is already used by "
        "water-watchers.unit.yaml"
    )
    assert (site / "units" / "water-watchers" / "water-watchers.unit.yaml").read_bytes() == (
        library / "water-watchers.unit.yaml"
    ).read_bytes()

    strict_site = tmp_path / "strict"
    strict = cli("library", "build", str(library), "-o", str(strict_site), "--strict")
    assert strict.code == 1
    assert strict.err.startswith(
        "pbl-author: 2 broken unit(s), nothing published: broken.unit.yaml"
    )
    assert not (strict_site / "index.html").exists()
    assert not (strict_site / MANIFEST).exists()


def test_the_site_is_not_built_inside_the_library_unless_skipped(cli, library):
    result = cli("library", "build", str(library), "-o", str(library / "site"))
    assert result.code == 2
    assert "build the site outside the library" in result.err
    ok = cli("library", "build", str(library), "-o", str(library / "_site"), "--jobs", "1")
    assert ok.code == 0, ok.err
    assert cli("library", "check", str(library)).code == 0  # _site is not read as units


def test_without_the_pagefind_program_the_build_says_so(cli, library, tmp_path, monkeypatch):
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(tmp_path / "no-such-pagefind"))
    result = cli("library", "build", str(library), "-o", str(tmp_path / "site"), "--jobs", "1")
    assert result.code == 1
    assert result.err.startswith("pbl-author: ")
    assert "pip install 'pagefind[bin]'" in result.err
    assert "Traceback" not in result.err and "internal error" not in result.err


def test_serve_on_a_taken_port_says_so(cli, tmp_path):
    import socket

    (tmp_path / "index.html").write_text("<!DOCTYPE html><title>x</title>", encoding="utf-8")
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = cli("library", "serve", str(tmp_path), "--port", str(port))
    assert result.code == 2
    assert result.err.startswith(f"pbl-author: error: cannot serve on 127.0.0.1:{port} (")
    assert result.err.rstrip().endswith("choose another port with --port")
