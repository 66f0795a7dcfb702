"""The rule registry, configuration and the engine."""

from __future__ import annotations

import re

import pytest

from pbl_author.checks import CheckConfig, all_rules, load_check_config, run_checks
from pbl_author.formats.unitfile import load_unit
from pbl_author.model import DocumentError

from ..conftest import DATA

DEFECTS = DATA / "defects"


def test_there_are_at_least_15_rules_with_stable_ids():
    rules = all_rules()
    assert len(rules) >= 15
    for rule_id, rule in rules.items():
        assert re.fullmatch(r"[a-z][a-z0-9-]+", rule_id)
        assert rule.severity in ("error", "warning", "info")
        assert rule.title


def test_rules_can_be_switched_off_and_given_another_severity():
    unit = load_unit(DEFECTS / "no-public-date.unit.yaml")
    assert [f.severity for f in run_checks(unit)] == ["warning"]
    assert run_checks(unit, CheckConfig(disable=["public-date"])) == []
    raised = run_checks(unit, CheckConfig(severity={"public-date": "error"}))
    assert [f.severity for f in raised] == ["error"]


def test_thresholds_come_from_data_and_can_be_overridden():
    unit = load_unit(DEFECTS / "too-many-standards.unit.yaml")
    assert [f.rule for f in run_checks(unit)] == ["too-many-standards"]
    assert run_checks(unit, CheckConfig(thresholds={"max_target_standards": 10})) == []


def test_config_from_a_library_file(tmp_path):
    library = tmp_path / "library.yaml"
    library.write_text(
        "title: Our network\nchecks:\n  disable: [public-date]\n"
        "  severity: {voice-and-choice: error}\n  thresholds: {max_target_standards: 3}\n"
    )
    config = load_check_config(library)
    assert config.disable == ["public-date"]
    assert config.threshold("max_target_standards") == 3


def test_unknown_rules_and_thresholds_in_a_config_are_named(tmp_path):
    path = tmp_path / "rules.yaml"
    path.write_text("disable: [public-dat]\nthresholds: {max_standards: 3}\n")
    with pytest.raises(DocumentError) as caught:
        load_check_config(path)
    assert [str(p) for p in caught.value.problems] == [
        "disable[0]: unknown rule 'public-dat'; did you mean 'public-date'?",
        "thresholds.max_standards: unknown threshold 'max_standards'; did you mean "
        "'max_target_standards'?",
    ]


def test_config_merge_puts_the_call_on_top_of_the_library():
    library = CheckConfig(disable=["dq-scope"], severity={"public-date": "error"})
    call = CheckConfig(severity={"public-date": "info"}, disable=["need-to-knows"])
    merged = library.merged(call)
    assert merged.disable == ["dq-scope", "need-to-knows"]
    assert merged.severity == {"public-date": "info"}
