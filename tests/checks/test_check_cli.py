"""``pbl-author check``: text for people, JSON for tools, exit 0 / 1 / 2."""

from __future__ import annotations

import json
import shutil

from pbl_author.checks import CheckReport

from ..conftest import DATA, SAMPLES


def test_samples_pass_with_exit_0(cli):
    result = cli("check", str(SAMPLES))
    assert result.code == 0, result.out + result.err
    assert "0 error(s)" in result.out


def test_error_findings_exit_1_and_are_grouped_by_unit(tmp_path, cli):
    shutil.copyfile(DATA / "defects" / "dq-missing.unit.yaml", tmp_path / "a.unit.yaml")
    shutil.copyfile(DATA / "good-unit.unit.yaml", tmp_path / "b.unit.yaml")
    result = cli("check", str(tmp_path))
    assert result.code == 1
    lines = result.out.splitlines()
    assert lines[0] == f"{tmp_path / 'a.unit.yaml'} (Creek Keepers)"
    assert lines[1].startswith("  error framing.driving_question: The unit has no driving question")
    assert lines[1].endswith("[dq-missing]")
    assert lines[2].startswith("      hint: ")
    assert f"ok  {tmp_path / 'b.unit.yaml'} (Creek Keepers)" in lines
    assert lines[-1] == "2 unit(s) checked: 1 error(s), 0 warning(s), 0 note(s)"


def test_warnings_alone_exit_0(cli):
    result = cli("check", str(DATA / "defects" / "no-public-date.unit.yaml"))
    assert result.code == 0
    assert "warning public_product.date" in result.out


def test_json_output_is_the_documented_report(cli):
    result = cli("check", "--format", "json", str(DATA / "defects" / "dq-missing.unit.yaml"))
    assert result.code == 1
    report = CheckReport.model_validate_json(result.out)
    assert report.version == 1 and report.errors == 1
    (unit,) = report.units
    assert unit.unit_id == "creek-keepers"
    assert [(f.rule, f.element, f.path) for f in unit.findings] == [
        ("dq-missing", "driving-question", "framing.driving_question")
    ]
    assert json.loads(result.out)["units"][0]["findings"][0]["severity"] == "error"


def test_rules_file_changes_the_outcome(tmp_path, cli):
    rules = tmp_path / "rules.yaml"
    rules.write_text("severity: {dq-missing: warning}\n")
    result = cli("check", "--rules", str(rules), str(DATA / "defects" / "dq-missing.unit.yaml"))
    assert result.code == 0


def test_unreadable_input_exits_2_and_says_why(tmp_path, cli):
    bad = tmp_path / "bad.unit.yaml"
    shutil.copyfile(DATA / "invalid" / "task-mode-misspelt.unit.yaml", bad)
    result = cli("check", str(bad))
    assert result.code == 2
    assert "tasks[1].mode: 'teem' is not one of" in result.err
    assert "Traceback" not in result.err


def test_bad_rules_file_exits_2(tmp_path, cli):
    rules = tmp_path / "rules.yaml"
    rules.write_text("disable: [nope]\n")
    result = cli("check", "--rules", str(rules), str(DATA / "good-unit.unit.yaml"))
    assert result.code == 2
    assert "unknown rule 'nope'" in result.err
