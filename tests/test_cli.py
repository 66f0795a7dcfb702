"""The command line, run in-process through ``main(argv)``."""

from __future__ import annotations

import shutil

import pytest

from pbl_author import __version__
from pbl_author import cli as cli_module
from pbl_author.formats.unitfile import load_unit

from .conftest import DATA, SAMPLES


def test_version(cli):
    result = cli("--version")
    assert result.code == 0
    assert result.out.strip() == f"pbl-author {__version__}"


def test_no_command_prints_help_and_exits_2(cli):
    result = cli()
    assert result.code == 2
    assert "validate" in result.out


def test_unknown_command_is_one_readable_paragraph(cli):
    result = cli("valdate", "x")
    assert result.code == 2
    assert result.err.startswith("pbl-author: error: argument COMMAND: invalid choice: 'valdate'")
    assert "Traceback" not in result.err


def test_frameworks_list_names_the_built_in_frameworks(cli):
    result = cli("frameworks", "list", "--verbose")
    assert result.code == 0
    lines = result.out.splitlines()
    assert any(line.startswith("4cs ") and "(4 items" in line for line in lines)
    assert any(line.startswith("casel ") and "5 top-level" in line for line in lines)
    assert "source: CASEL" in result.out


def test_validate_reports_each_file_and_a_summary(cli):
    result = cli("validate", str(SAMPLES))
    assert result.code == 0
    assert result.out.count("\nok  ") + result.out.startswith("ok  ") >= 4
    assert result.out.rstrip().endswith("0 invalid")


def test_validate_mixed_folder_exits_2_and_names_the_bad_file(tmp_path, cli):
    shutil.copyfile(DATA / "creek-study.unit.yaml", tmp_path / "good.unit.yaml")
    shutil.copyfile(DATA / "invalid" / "task-mode-misspelt.unit.yaml", tmp_path / "bad.unit.yaml")
    (tmp_path / "notes.txt").write_text("not a unit")
    (tmp_path / ".hidden").mkdir()
    shutil.copyfile(DATA / "invalid" / "empty.unit.yaml", tmp_path / ".hidden" / "x.unit.yaml")

    result = cli("validate", str(tmp_path))

    assert result.code == 2
    assert f"ok  {tmp_path / 'good.unit.yaml'}: Creek study" in result.out
    assert result.err.splitlines() == [
        f"{tmp_path / 'bad.unit.yaml'}: tasks[1].mode: 'teem' is not one of: individual, team; "
        "did you mean 'team'?"
    ]
    assert "2 files checked: 1 valid, 1 invalid" in result.out


def test_validate_quiet_prints_only_problems_and_the_summary(cli):
    result = cli("validate", "-q", str(SAMPLES))
    assert result.code == 0
    assert "ok  " not in result.out


def test_validate_missing_path(tmp_path, cli):
    result = cli("validate", str(tmp_path / "nope.unit.yaml"))
    assert result.code == 2
    assert result.err.strip() == f"{tmp_path / 'nope.unit.yaml'}: no such file"


def test_validate_empty_folder(tmp_path, cli):
    result = cli("validate", str(tmp_path))
    assert result.code == 2
    assert "no unit files" in result.err


def test_new_creates_a_valid_unit_named_from_the_title(tmp_path, cli, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = cli("new", "Water Wise: Saving Our Creek")
    assert result.code == 0, result.err
    created = tmp_path / "water-wise-saving-our-creek.unit.yaml"
    assert result.out.strip() == f"created {created.name} from the 'pbl' template"
    unit = load_unit(created)
    assert unit.title == "Water Wise: Saving Our Creek"


def test_new_into_a_folder_and_as_json(tmp_path, cli):
    assert cli("new", "Rivers", "-o", str(tmp_path)).code == 0
    assert (tmp_path / "rivers.unit.yaml").exists()
    assert cli("new", "Lakes", "-o", str(tmp_path / "lakes.unit.json")).code == 0
    assert load_unit(tmp_path / "lakes.unit.json").title == "Lakes"


def test_new_never_overwrites_without_force(tmp_path, cli):
    target = tmp_path / "mine.unit.yaml"
    target.write_text("my work\n")
    result = cli("new", "Mine", "-o", str(target))
    assert result.code == 2
    assert "already exists" in result.err
    assert target.read_text() == "my work\n"
    assert cli("new", "Mine", "-o", str(target), "--force").code == 0
    assert load_unit(target).title == "Mine"
    assert (tmp_path / "mine.unit.yaml.bak").read_text() == "my work\n"


def test_new_with_unknown_template_suggests_one(tmp_path, cli):
    result = cli("new", "X", "--template", "inquery", "-o", str(tmp_path))
    assert result.code == 2
    assert "unknown template 'inquery'; did you mean 'inquiry'?" in result.err
    assert list(tmp_path.iterdir()) == []


def test_new_refuses_a_file_name_that_is_not_a_unit_file(tmp_path, cli):
    result = cli("new", "X", "-o", str(tmp_path / "x.yaml"))
    assert result.code == 2
    assert "NAME.unit.yaml" in result.err


def test_new_rejects_a_title_that_is_not_one_line(tmp_path, cli):
    result = cli("new", "Line one\nline two", "-o", str(tmp_path))
    assert result.code == 2
    assert "title: must be a single line" in result.err
    assert list(tmp_path.iterdir()) == []


def test_schema_command_prints_the_committed_schema(cli):
    from pbl_author.schemas import SCHEMA_DIR

    result = cli("schema", "unit")
    assert result.code == 0
    assert result.out == (SCHEMA_DIR / "unit.v1.schema.json").read_text(encoding="utf-8")


def test_internal_errors_are_one_paragraph_and_debug_shows_the_traceback(cli, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(cli_module, "_catalog", broken)
    plain = cli("frameworks", "list")
    assert plain.code == 1
    assert "Traceback" not in plain.err
    assert "internal error: RuntimeError: boom" in plain.err
    assert "--debug" in plain.err

    debug = cli("frameworks", "list", "--debug")
    assert debug.code == 1
    assert "Traceback (most recent call last)" in debug.err


@pytest.mark.parametrize("argv", [["validate"], ["new"], ["upgrade"]])
def test_missing_arguments_exit_2(cli, argv):
    result = cli(*argv)
    assert result.code == 2
    assert "the following arguments are required" in result.err
