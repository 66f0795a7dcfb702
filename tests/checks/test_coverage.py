"""The coverage matrix as data, HTML and PNG."""

from __future__ import annotations

from html.parser import HTMLParser

from pbl_author.checks import coverage, coverage_html
from pbl_author.checks.coverage import coverage_png
from pbl_author.formats.unitfile import load_unit

from ..conftest import DATA

GOOD = DATA / "good-unit.unit.yaml"


def test_matrix_rows_are_targets_first_and_columns_follow_the_path():
    cov = coverage(load_unit(GOOD))
    assert cov.tasks == ["drain-survey", "rain-garden-pitch"]
    assert cov.competencies == ["sci:4-ESS3-2", "4cs:collaboration", "casel:social-awareness"]
    assert cov.levels("sci:4-ESS3-2", "drain-survey") == ["introduce"]
    assert cov.levels("sci:4-ESS3-2", "rain-garden-pitch") == ["assess"]
    assert cov.gaps == []


def test_gaps_are_flagged():
    unit = load_unit(DATA / "defects" / "target-never-assessed.unit.yaml")
    assert [(g.competency, g.kind) for g in coverage(unit).gaps] == [
        ("casel:social-awareness", "targeted_not_assessed")
    ]
    unit = load_unit(DATA / "defects" / "assessed-before-introduced.unit.yaml")
    assert [(g.competency, g.kind) for g in coverage(unit).gaps] == [
        ("sci:4-ESS3-2", "assessed_not_introduced")
    ]
    unit = load_unit(DATA / "defects" / "aligned-not-targeted.unit.yaml")
    assert [(g.competency, g.kind) for g in coverage(unit).gaps] == [
        ("4cs:creativity", "aligned_not_targeted")
    ]


def test_data_form_is_plain_and_stable():
    data = coverage(load_unit(GOOD)).to_data()
    assert data["tasks"][0] == {"id": "drain-survey", "title": "Drain survey"}
    assert data["competencies"][0] == {
        "ref": "sci:4-ESS3-2",
        "label": "4-ESS3-2",
        "targeted": True,
        "cells": {"drain-survey": ["introduce"], "rain-garden-pitch": ["assess"]},
    }


class _Table(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def test_html_table_is_accessible():
    html = coverage_html(coverage(load_unit(GOOD)))
    parser = _Table()
    parser.feed(html)
    tags = [tag for tag, _ in parser.tags]
    assert "caption" in tags
    headers = [attrs for tag, attrs in parser.tags if tag == "th"]
    assert all(attrs.get("scope") in ("col", "row") for attrs in headers)
    assert ">I<" in html and ">A<" in html  # letters, not colour alone


def test_html_escapes_teacher_text():
    unit = load_unit(GOOD)
    data = unit.to_data()
    data["tasks"][0]["title"] = "<script>alert(1)</script>"
    from pbl_author.model import parse_unit

    html = coverage_html(coverage(parse_unit(data)))
    assert "<script>" not in html and "&lt;script&gt;" in html


def test_png_is_a_png_and_deterministic():
    cov = coverage(load_unit(GOOD))
    first = coverage_png(cov)
    assert first.startswith(b"\x89PNG\r\n\x1a\n")
    assert coverage_png(cov) == first


def test_gaps_and_rules_judge_alike_with_placed_evidence():
    # Communication is introduced by an observation at the first milestone, not by a task:
    # neither the rule nor the coverage matrix may call it assessed before introduced.
    from pbl_author.checks import run_checks

    unit = load_unit(DATA / "defects" / "rubric-orphan-row.unit.yaml")
    assert "introduced-before-assessed" not in {f.rule for f in run_checks(unit)}
    assert coverage(unit).gaps == []
