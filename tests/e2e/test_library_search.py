"""The library catalogue in a real browser: facets, full-text search, the URL as state.

The site is the hand-written fake of ``tests/library/fake_site.py`` (it follows the
library markup contract), indexed with pagefind and served from a sub-path
(``/some/path/``) by an in-process HTTP server on 127.0.0.1, so every URL the
catalogue's script uses must be relative.
"""

from __future__ import annotations

import contextlib
import functools
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from pbl_author.library.search import index_site

from ..library.fake_site import FAKE_UNITS, FakeUnit, write_fake_site
from .test_accessibility import axe_violations, summary

pytestmark = pytest.mark.e2e

BASE = "some/path"


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # keep the test output clean
        pass


@contextlib.contextmanager
def static_server(root: Path):
    handler = functools.partial(QuietHandler, directory=str(root))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    root = tmp_path_factory.mktemp("library-site")
    site = write_fake_site(root / BASE)
    index_site(site)
    with static_server(root) as origin:
        yield {"url": f"{origin}/{BASE}/", "site": site}


def shown(page) -> list[str]:
    """The unit ids of the cards on show, in page order."""
    return page.eval_on_selector_all(
        "#pbl-cards > li.pbl-card:not([hidden])", "cards => cards.map(c => c.dataset.unit)"
    )


def state(page) -> dict[str, list[str]]:
    return parse_qs(urlsplit(page.url).query)


def status(page):
    return page.locator("#pbl-status")


def count_of(page, facet: str, value: str) -> str:
    box = page.locator(f'fieldset[data-facet="{facet}"] input[value="{value}"]')
    return box.locator("xpath=..").locator(".pbl-count").inner_text()


def test_every_unit_is_listed_before_anything_is_chosen(page, served):
    page.goto(served["url"])
    page.wait_for_function("document.getElementById('pbl-status').textContent !== ''")
    assert status(page).inner_text() == "3 units"
    assert len(shown(page)) == 3
    assert page.locator(".pbl-clear").is_hidden()


def test_search_finds_a_unit_by_its_driving_question(page, served):
    errors, requests = [], []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("request", lambda request: requests.append(request.url))
    page.goto(served["url"])
    # "neighbours" is only in Water Watchers' driving question, which is on its unit
    # page, not on its card: only pagefind can find it.
    page.fill("#pbl-search", "neighbours")
    page.wait_for_function("document.getElementById('pbl-status').textContent.includes('match')")
    assert status(page).inner_text() == "1 unit matches"
    assert shown(page) == ["water-watchers"]
    assert state(page) == {"q": ["neighbours"]}
    # Results become cards through pbl-unit-ids.json, not one fragment per result.
    assert any(url.endswith("/pagefind/pbl-unit-ids.json") for url in requests)
    assert not [url for url in requests if "/fragment/" in url]
    assert all(url.startswith(served["url"]) for url in requests)
    # Words outside <main data-pagefind-body> (the footer) are not in the index.
    page.fill("#pbl-search", "footer")
    page.wait_for_function("document.getElementById('pbl-status').textContent === 'No units match'")
    assert shown(page) == []
    assert errors == []


def test_a_unit_changed_since_the_main_index_is_found_by_its_new_words_only(page, tmp_path):
    """The small index of changed units is merged in; the unit's old page in the main
    index is never shown."""
    site = write_fake_site(tmp_path / BASE)
    index_site(site)
    water, *others = FAKE_UNITS
    edited = FakeUnit(**{**vars(water), "driving_question": "How do glaciers carve valleys?"})
    write_fake_site(site, [edited, *others])
    # Budget's page is indexed again unchanged: the same page in both indexes.
    assert not index_site(site, changed=[water.id, "budget-for-our-school"]).full

    def search(word: str, expected: str) -> list[str]:
        def status_is(text: str) -> None:
            page.wait_for_function(
                f"document.getElementById('pbl-status').textContent === {text!r}"
            )

        page.fill("#pbl-search", "")  # back to every unit first: each search shows anew
        status_is("3 units")
        page.fill("#pbl-search", word)
        status_is(expected)
        return shown(page)

    requests = []
    page.on("request", lambda request: requests.append(request.url))
    with static_server(tmp_path) as origin:
        page.goto(f"{origin}/{BASE}/")
        assert search("glaciers", "1 unit matches") == ["water-watchers"]
        assert search("neighbours", "No units match") == []  # only in its old page
        assert search("stories", "1 unit matches") == ["voices-of-our-town"]  # main index
        assert search("spend", "1 unit matches") == ["budget-for-our-school"]  # one card
    assert any("/pagefind-recent/" in url for url in requests)


def test_facets_filter_the_cards_and_update_the_counts(page, served):
    page.goto(served["url"])
    # Keyboard only: Tab to the checkbox, Space ticks it.
    box = page.locator('fieldset[data-facet="competency"] input[value="4Cs: Communication"]')
    box.focus()
    page.keyboard.press("Space")
    page.wait_for_function("document.getElementById('pbl-status').textContent.includes('match')")
    assert status(page).inner_text() == "2 units match"
    assert sorted(shown(page)) == ["budget-for-our-school", "voices-of-our-town"]
    assert "competency=4Cs%3A+Communication" in page.url
    # Other facets count the units on show; the ticked facet keeps counting its own
    # values as alternatives (OR within a facet).
    assert count_of(page, "grade-band", "3-5") == "(0)"
    assert count_of(page, "grade-band", "6-8") == "(1)"
    assert count_of(page, "competency", "4Cs: Collaboration") == "(2)"
    # AND across facets.
    page.locator('fieldset[data-facet="grade-band"] input[value="9-12"]').check()
    page.wait_for_function("document.getElementById('pbl-status').textContent === '1 unit matches'")
    assert shown(page) == ["voices-of-our-town"]
    # OR within a facet.
    page.locator('fieldset[data-facet="grade-band"] input[value="6-8"]').check()
    page.wait_for_function("document.getElementById('pbl-status').textContent === '2 units match'")
    assert state(page) == {"competency": ["4Cs: Communication"], "grade-band": ["6-8", "9-12"]}


def test_search_and_facets_together_and_a_reload_restores_them(page, served):
    page.goto(served["url"])
    page.locator('fieldset[data-facet="competency"] input[value="4Cs: Collaboration"]').check()
    page.fill("#pbl-search", "stories")
    page.wait_for_function("document.getElementById('pbl-status').textContent === '1 unit matches'")
    assert shown(page) == ["voices-of-our-town"]
    assert state(page) == {"q": ["stories"], "competency": ["4Cs: Collaboration"]}

    page.reload()
    page.wait_for_function("document.getElementById('pbl-status').textContent === '1 unit matches'")
    assert page.input_value("#pbl-search") == "stories"
    assert page.locator(
        'fieldset[data-facet="competency"] input[value="4Cs: Collaboration"]'
    ).is_checked()
    assert shown(page) == ["voices-of-our-town"]

    # Clearing puts every unit back and the URL with it.
    page.locator(".pbl-clear").click()
    page.wait_for_function("document.getElementById('pbl-status').textContent === '3 units'")
    assert len(shown(page)) == 3
    assert state(page) == {}
    assert page.evaluate("document.activeElement.id") == "pbl-search"


def test_a_linked_view_opens_filtered_and_ranked(page, served):
    # "how" is in all three driving questions; the framework facet leaves two.
    page.goto(served["url"] + "?q=how&framework=CASEL")
    page.wait_for_function("document.getElementById('pbl-status').textContent === '2 units match'")
    assert sorted(shown(page)) == ["budget-for-our-school", "water-watchers"]
    # The hidden cards are still in the list, after the ranked ones.
    order = page.eval_on_selector_all(
        "#pbl-cards > li.pbl-card", "cards => cards.map(c => c.dataset.unit)"
    )
    assert order[-1] == "voices-of-our-town"
    violations = axe_violations(page)
    assert violations == [], summary(violations)


def test_without_the_index_the_cards_are_searched(page, served):
    """Opened without pagefind (no index, or a page read from disk): the search falls
    back to the words on the cards and says so."""
    page.route("**/pagefind/**", lambda route: route.abort())
    page.goto(served["url"])
    page.fill("#pbl-search", "podcast")  # in Voices of Our Town's card summary
    page.wait_for_function("document.getElementById('pbl-status').textContent.includes('match')")
    assert status(page).inner_text().startswith("1 unit matches (full-text search is not")
    assert shown(page) == ["voices-of-our-town"]


def test_the_index_filters_are_the_catalogue_facets(page, served):
    """What the unit pages give pagefind as filters is what the catalogue offers as
    facets, value for value and count for count, and pagefind applies them."""
    page.goto(served["url"])
    facets = page.evaluate(
        """() => Object.fromEntries(
            [...document.querySelectorAll('fieldset.pbl-facet')].map(f => [
                f.dataset.facet,
                Object.fromEntries([...f.querySelectorAll('label')].map(l => [
                    l.querySelector('input').value,
                    Number(l.querySelector('.pbl-count').textContent.replace(/[()]/g, '')),
                ])),
            ]))"""
    )
    indexed = page.evaluate(
        """async () => {
            const pagefind = await import(new URL('pagefind/pagefind.js', document.baseURI));
            return await pagefind.filters();
        }"""
    )
    assert indexed == facets
    found = page.evaluate(
        """async () => {
            const pagefind = await import(new URL('pagefind/pagefind.js', document.baseURI));
            const search = await pagefind.search('how', {filters: {
                framework: {any: ['CASEL']}, 'grade-band': {any: ['6-8', '9-12']}}});
            return Promise.all(search.results.map(async r => (await r.data()).meta.unit_id));
        }"""
    )
    assert found == ["budget-for-our-school"]
