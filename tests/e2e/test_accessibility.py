"""axe-core in headless Chromium: zero WCAG 2.1 A/AA violations on the HTML exports.

For every sample unit: the rubrics (teacher and student wording), the unit one-pager and
every page of the Common Cartridge. axe-core is the copy bundled with
axe-playwright-python, injected into the page under test; only the WCAG 2.0/2.1 A and AA
rules run (tags ``wcag2a``, ``wcag2aa``, ``wcag21a``, ``wcag21aa``).
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

import pytest

from pbl_author.formats.unitfile import load_unit

from ..conftest import sample_unit_paths
from .test_html_safety import documents_or_skip

pytestmark = pytest.mark.e2e

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
FORMATS = ["rubrics-html", "student-rubrics-html", "unit-html", "cartridge"]
SAMPLES = {path.name.removesuffix(".unit.yaml"): path for path in sample_unit_paths()}


@cache
def axe_source() -> str:
    axe_playwright_python = pytest.importorskip("axe_playwright_python")
    return (Path(axe_playwright_python.__file__).parent / "axe.min.js").read_text(encoding="utf-8")


def axe_violations(page) -> list[dict]:
    page.evaluate(axe_source())
    result = page.evaluate(
        "(tags) => axe.run(document, {runOnly: {type: 'tag', values: tags},"
        " resultTypes: ['violations']})",
        WCAG_TAGS,
    )
    return result["violations"]


def summary(violations: list[dict]) -> str:
    lines = []
    for violation in violations:
        nodes = violation["nodes"]
        lines.append(f"{violation['id']} ({violation['impact']}): {violation['help']}")
        lines.extend(f"    {node['html'][:200]}" for node in nodes[:5])
    return "\n".join(lines)


@pytest.mark.parametrize("name", FORMATS)
@pytest.mark.parametrize("unit_name", list(SAMPLES))
def test_no_axe_violations(page, tmp_path, unit_name, name):
    unit = load_unit(SAMPLES[unit_name])
    documents = documents_or_skip(unit, name)
    report: dict[str, list[dict]] = {}
    for file_name, html in documents:
        path = tmp_path / file_name
        path.write_bytes(html)
        page.goto(path.as_uri(), wait_until="load")
        violations = axe_violations(page)
        if violations:
            report[file_name] = violations
    if report:
        (tmp_path / "axe-report.json").write_text(json.dumps(report, indent=2), encoding="utf-8")
    assert not report, "\n".join(f"{f}:\n{summary(v)}" for f, v in report.items())


def test_axe_finds_a_known_violation(page, tmp_path):
    """The harness works: a page without a language and with an unnamed link fails."""
    path = tmp_path / "bad.html"
    path.write_text(
        "<!DOCTYPE html><html><head><title>bad</title></head>"
        "<body><main><a href='https://example.org'></a></main></body></html>",
        encoding="utf-8",
    )
    page.goto(path.as_uri())
    found = {violation["id"] for violation in axe_violations(page)}
    assert {"html-has-lang", "link-name"} <= found
