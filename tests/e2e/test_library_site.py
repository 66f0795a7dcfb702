"""The library site as a teacher meets it: built from the sample units with
``pbl-author library build``, served by ``pbl-author library serve`` and used in
headless Chromium.

- The acceptance flow: a word of one unit's driving question finds that unit alone
  (through the pagefind index: the word is on no other unit page); a competency facet
  leaves exactly the units aligned to it (as ``catalog.json`` says); a card opens its
  unit page, whose student notebook downloads and reads back as the very unit that was
  published.
- axe-core (WCAG 2.1 A/AA, the harness of ``test_accessibility``) finds nothing on the
  catalogue, every unit page, the heatmap, the competencies index and a competency page.
- No page asks for anything the site lacks (no 4xx/5xx, no failed request, no console
  error), and every link and asset between the site's pages resolves.
"""

from __future__ import annotations

import json
import re
import shutil
import sys
from html.parser import HTMLParser
from pathlib import Path
from urllib.error import HTTPError
from urllib.parse import urldefrag, urljoin, urlsplit
from urllib.request import Request, urlopen

import nbformat
import pytest

from pbl_author.cli import main
from pbl_author.formats.notebook_import import load_notebook
from pbl_author.formats.unitfile import load_unit
from pbl_author.library.pages import competency_slug

from ..conftest import SAMPLES
from .conftest import free_port, hermetic_env, serving
from .test_accessibility import axe_violations, summary

pytestmark = pytest.mark.e2e

#: The competency facet the flow ticks: its label starts with this code.
COMPETENCY = "4C.COL"


def pbl_author_command() -> list[str]:
    """The ``pbl-author`` console script of the running Python (the venv's)."""
    script = Path(sys.executable).parent / "pbl-author"
    if not script.exists():
        pytest.fail(f"no pbl-author console script next to {sys.executable}")
    return [str(script)]


@pytest.fixture(scope="module")
def library(tmp_path_factory, artifacts):
    """The sample units as a library, built in-process and served by the real command."""
    root = tmp_path_factory.mktemp("library")
    folder, site = root / "lib", root / "site"
    shutil.copytree(SAMPLES, folder)
    assert main(["library", "build", str(folder), "-o", str(site), "--jobs", "1"]) == 0
    catalog = json.loads((site / "catalog.json").read_text(encoding="utf-8"))
    port = free_port()
    command = [*pbl_author_command(), "library", "serve", str(site), "--port", str(port)]
    url = f"http://127.0.0.1:{port}/"
    with serving(
        command, root=root, env=hermetic_env(root), ready_url=url,
        log=root / "library-serve.log", artifacts=artifacts,
    ):  # fmt: skip
        yield {"url": url, "site": site, "folder": folder, "catalog": catalog}


# -- helpers ------------------------------------------------------------------------


class Problems:
    """What went wrong while a page loaded: errors, failed requests, 4xx/5xx answers."""

    def __init__(self, page):
        self.items: list[str] = []
        page.on("pageerror", lambda error: self.items.append(f"page error: {error}"))
        page.on(
            "console",
            lambda m: (
                self.items.append(f"console {m.type}: {m.text}")
                if m.type in ("error", "warning")
                else None
            ),
        )
        page.on(
            "requestfailed",
            lambda r: self.items.append(f"request failed: {r.url} ({r.failure})"),
        )
        page.on(
            "response",
            lambda r: self.items.append(f"HTTP {r.status}: {r.url}") if r.status >= 400 else None,
        )


def cards(catalog: dict) -> dict[str, dict]:
    return {item["id"]: item["_pbl_author"] for item in catalog["items"]}


def distinctive_word(library) -> tuple[str, str]:
    """(unit id, word): a word of exactly one unit's driving question that is on no other
    unit page (nor a word beginning like it, so pagefind's stemming and prefix matching
    cannot find another page)."""
    items = library["catalog"]["items"]
    pages = {
        item["id"]: (library["site"] / item["_pbl_author"]["url"] / "index.html")
        .read_text(encoding="utf-8")
        .casefold()
        for item in items
    }
    found = []
    for item in items:
        question = item["_pbl_author"]["driving_question"] or ""
        assert item["content_text"] == question
        for word in set(re.findall(r"[a-z]{6,}", question.casefold())):
            others = [other for other in items if other["id"] != item["id"]]
            if word in pages[item["id"]] and not any(
                word[:6] in pages[other["id"]] or word in other["content_text"].casefold()
                for other in others
            ):
                found.append((-len(word), word, item["id"]))
    assert found, "no sample driving question has a word of its own"
    _, word, unit_id = min(found)
    return unit_id, word


def shown(page) -> list[str]:
    return page.eval_on_selector_all(
        "#pbl-cards > li.pbl-card:not([hidden])", "cards => cards.map(c => c.dataset.unit)"
    )


def wait_for_status(page, text: str) -> None:
    page.wait_for_function(
        "(text) => document.querySelector('#pbl-status').textContent === text", arg=text
    )


# -- the acceptance flow ------------------------------------------------------------


def test_search_facet_open_and_download_a_unit(page, library, tmp_path):
    problems = Problems(page)
    by_id = cards(library["catalog"])
    page.goto(library["url"])
    wait_for_status(page, f"{len(by_id)} units")
    assert sorted(shown(page)) == sorted(by_id)

    # A word of one driving question: pagefind finds that unit's page and no other.
    unit_id, word = distinctive_word(library)
    page.fill("#pbl-search", word)
    wait_for_status(page, "1 unit matches")  # not the card-only fallback's wording
    assert shown(page) == [unit_id]
    assert page.locator(f'li.pbl-card[data-unit="{unit_id}"]').is_visible()

    # Clear the search; tick a competency: the cards are the units aligned to it.
    page.fill("#pbl-search", "")
    wait_for_status(page, f"{len(by_id)} units")
    boxes = page.locator('fieldset[data-facet="competency"] input[type="checkbox"]')
    values = [boxes.nth(i).get_attribute("value") for i in range(boxes.count())]
    value = next(v for v in values if v.startswith(COMPETENCY))
    expected = sorted(
        unit
        for unit, card in by_id.items()
        if any(c["label"] == value for c in card["competencies"])
    )
    assert expected and len(expected) < len(by_id)  # the facet does filter
    page.locator('fieldset[data-facet="competency"]').get_by_label(value).check()
    count = len(expected)
    wait_for_status(page, f"{count} unit{'s match' if count > 1 else ' matches'}")
    assert sorted(shown(page)) == expected
    for unit in expected:
        assert page.locator(f'li.pbl-card[data-unit="{unit}"]').is_visible()
    # Filtered (the counts rewritten, cards hidden, the clear button shown): still clean.
    violations = axe_violations(page)
    assert violations == [], summary(violations)

    # Open the first card's unit page by its link.
    chosen = shown(page)[0]
    card = by_id[chosen]
    page.locator(f'li.pbl-card[data-unit="{chosen}"] h3 a').click()
    page.wait_for_url(re.compile(re.escape(card["url"]) + r"$"))
    assert page.locator("h1").first.is_visible()

    # The student notebook downloads and reads back as the published unit file.
    with page.expect_download() as info:
        page.get_by_role("link", name="Student notebook", exact=True).click()
    download = info.value
    saved = tmp_path / download.suggested_filename
    download.save_as(saved)
    assert saved.name.endswith(".ipynb")

    notebook = nbformat.read(saved, as_version=4)
    nbformat.validate(notebook)
    assert load_notebook(saved).unit == load_unit(library["folder"] / card["source"])
    assert problems.items == []


# -- accessibility and loading ------------------------------------------------------


def site_paths(library) -> list[str]:
    """The pages to check: the catalogue, the heatmap, the competencies index, every
    unit page and the page of the competency the flow ticks."""
    by_id = cards(library["catalog"])
    ref = next(
        c["ref"]
        for card in by_id.values()
        for c in card["competencies"]
        if c["label"].startswith(COMPETENCY)
    )
    paths = ["index.html", "heatmap/", "competencies/", f"competencies/{competency_slug(ref)}/"]
    return paths + [card["url"] for card in by_id.values()]


def check_pages(page, library, artifacts, paths: list[str], label: str) -> None:
    """axe-core and the loading problems of each page; a report and screenshots if any."""
    report: dict[str, object] = {}
    problems = Problems(page)
    for path in paths:
        problems.items.clear()
        page.goto(library["url"] + path, wait_until="load")
        if path == "index.html":
            page.wait_for_function("document.querySelector('#pbl-status').textContent !== ''")
        page.wait_for_load_state("networkidle")
        violations = axe_violations(page)
        if violations or problems.items:
            report[path] = {"violations": violations, "problems": list(problems.items)}
            name = re.sub(r"[^a-z0-9]+", "-", path).strip("-")
            shot = artifacts / f"library-{label}-{name}.FAILED.png"
            page.screenshot(path=str(shot), full_page=True)
    if report:
        text = json.dumps(report, indent=2)
        (artifacts / f"library-{label}-axe-report.json").write_text(text, encoding="utf-8")
    assert not report, "\n".join(
        f"{path}:\n{summary(found['violations'])}\n" + "\n".join(found["problems"])
        for path, found in report.items()
    )


def test_no_axe_violations_and_nothing_missing(page, library, artifacts):
    check_pages(page, library, artifacts, site_paths(library), "desktop")


def test_the_library_pages_on_a_phone(page, library, artifacts):
    """Every page at 360 px wide, where the facets stack and wide tables (rubrics, the
    heatmap) scroll sideways in a region the keyboard can focus."""
    page.set_viewport_size({"width": 360, "height": 740})
    check_pages(page, library, artifacts, site_paths(library), "phone")


class _Links(HTMLParser):
    """The href and src values of a page, and its element ids."""

    def __init__(self, text: str):
        super().__init__()
        self.urls: list[str] = []
        self.ids: set[str] = set()
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if value and name in ("href", "src"):
                self.urls.append(value)
            elif value and name == "id":
                self.ids.add(value)


def test_every_link_between_the_pages_resolves(library):
    """Every href and src of every HTML page on the site that stays on the site answers
    200 from ``pbl-author library serve``, and its #fragment, if any, is an id there."""
    origin, site = library["url"], library["site"]
    pages: dict[str, _Links] = {}
    for html in sorted(site.rglob("*.html")):
        relative = html.relative_to(site).as_posix()
        if not relative.startswith("pagefind/"):
            url = origin + relative.removesuffix("index.html")
            pages[url] = _Links(html.read_text(encoding="utf-8"))
    checked: dict[str, int] = {}
    broken = []
    for page_url, links in pages.items():
        for raw in links.urls:
            target, fragment = urldefrag(urljoin(page_url, raw))
            if not target.startswith(origin):
                continue  # another site, mailto:
            if target not in checked:
                try:
                    with urlopen(Request(target, method="HEAD"), timeout=10) as response:
                        checked[target] = response.status
                except HTTPError as error:
                    checked[target] = error.code
            where = f"{page_url.removeprefix(origin) or '/'}: {raw}"
            if checked[target] != 200:
                broken.append(f"{where} -> {urlsplit(target).path} ({checked[target]})")
            elif fragment and target in pages and fragment not in pages[target].ids:
                broken.append(f"{where}: no element with id {fragment!r} there")
    assert len(checked) > 50, f"only {len(checked)} links found"
    assert broken == [], "\n".join(broken)
