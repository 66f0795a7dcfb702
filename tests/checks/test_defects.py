"""Deliberately broken units produce exactly their findings; the gold samples produce no errors."""

from __future__ import annotations

import pytest

from pbl_author.checks import run_checks
from pbl_author.formats.unitfile import load_unit

from ..conftest import DATA, sample_unit_paths, template_paths

DEFECTS = sorted((DATA / "defects").glob("*.unit.yaml"))


def _lines(findings):
    return [f"{f.severity} {f.rule} {f.element} {f.path}" for f in findings]


def test_the_good_unit_has_no_findings_at_all():
    assert _lines(run_checks(load_unit(DATA / "good-unit.unit.yaml"))) == []


def test_there_are_at_least_25_defects():
    assert len(DEFECTS) >= 25


@pytest.mark.parametrize("path", DEFECTS, ids=lambda p: p.name.removesuffix(".unit.yaml"))
def test_defect_produces_exactly_its_findings(path):
    expected = path.with_name(path.name.removesuffix(".unit.yaml") + ".findings")
    findings = run_checks(load_unit(path))
    assert _lines(findings) == expected.read_text(encoding="utf-8").splitlines()
    for finding in findings:
        assert finding.message and finding.hint, finding


@pytest.mark.parametrize("path", sample_unit_paths(), ids=lambda p: p.name)
def test_gold_samples_have_no_error_level_findings(path):
    errors = [f for f in run_checks(load_unit(path)) if f.severity == "error"]
    assert errors == []


@pytest.mark.parametrize("path", template_paths(), ids=lambda p: p.name)
def test_templates_can_be_checked(path):
    # Templates are scaffolds with placeholders: they may have findings, but checking works.
    assert isinstance(run_checks(load_unit(path)), list)
