"""axe-core in headless Chromium: zero WCAG 2.1 A/AA violations on the review pages
(the review report and the HTML diff).

``PAGES`` lists (name, builder): each builder returns an HTML page as bytes, which is
written to disk, opened in Chromium and checked with the harness of
``test_accessibility`` (the axe-core bundled with axe-playwright-python, WCAG 2.0/2.1
A and AA rules only). Add a review page here by adding its builder.
"""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest

from pbl_author.formats.unitfile import load_unit
from pbl_author.review.diff import diff_units
from pbl_author.review.diff_html import diff_html_bytes
from pbl_author.review.files import empty_review_file
from pbl_author.review.report import render_report

from ..conftest import DATA, SAMPLES
from ..review.report_data import review_file_for
from .test_accessibility import axe_violations, summary

pytestmark = pytest.mark.e2e

#: The largest sample: the most comments, scores and text per page.
SAMPLE = SAMPLES / "design-for-a-client.unit.yaml"


def review_report_html() -> bytes:
    """The report of a review file with every kind of comment, state and conflict."""
    unit = load_unit(SAMPLE)
    return render_report(review_file_for(unit, hostile=True), unit, "html")


def empty_review_report_html() -> bytes:
    """The report of a review file without reviews (no contents, no review sections)."""
    unit = load_unit(SAMPLE)
    return render_report(empty_review_file(unit), unit, "html")


def diff_html() -> bytes:
    """The HTML diff of the sample and its revised version (every kind of change)."""
    revised = DATA / "revisions" / "design-for-a-client.revised.unit.yaml"
    return diff_html_bytes(diff_units(load_unit(SAMPLE), load_unit(revised)))


PAGES: list[tuple[str, Callable[[], bytes]]] = [
    ("review-report", review_report_html),
    ("review-report-empty", empty_review_report_html),
    ("unit-diff", diff_html),
]


@pytest.mark.parametrize(("name", "build"), PAGES, ids=[name for name, _ in PAGES])
def test_no_axe_violations(page, tmp_path, name, build):
    path = tmp_path / f"{name}.html"
    path.write_bytes(build())
    page.goto(path.as_uri(), wait_until="load")
    violations = axe_violations(page)
    if violations:
        report = tmp_path / "axe-report.json"
        report.write_text(json.dumps(violations, indent=2), encoding="utf-8")
    assert not violations, f"{name}:\n{summary(violations)}"
