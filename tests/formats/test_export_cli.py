"""``pbl-author export`` and ``pbl-author import`` in-process."""

from __future__ import annotations

from pbl_author.formats.registry import EXPORTS
from pbl_author.formats.unitfile import load_unit

from ..conftest import DATA, SAMPLES

WATER = SAMPLES / "water-watchers.unit.yaml"


def test_export_one_format_to_a_folder(tmp_path, cli):
    result = cli("export", str(WATER), "--to", "rubrics-md", "-o", str(tmp_path))
    assert result.code == 0, result.err
    assert (tmp_path / "water-watchers.rubrics.md").exists()
    assert result.out.strip().endswith("(Rubrics, Markdown)")


def test_export_all_writes_the_bundle(tmp_path, cli):
    folder = tmp_path / "bundle"
    result = cli("export", str(WATER), "--to", "all", "-o", str(folder))
    assert result.code == 0, result.err
    names = sorted(p.name for p in folder.iterdir())
    assert names == sorted(f"water-watchers{f.suffix}" for f in EXPORTS.values())


def test_unknown_format_suggests_one(tmp_path, cli):
    result = cli("export", str(WATER), "--to", "rubric-html", "-o", str(tmp_path))
    assert result.code == 2
    assert "unknown format 'rubric-html'; did you mean 'rubrics-html'?" in result.err
    assert list(tmp_path.iterdir()) == []


def test_invalid_unit_exports_nothing(tmp_path, cli):
    result = cli(
        "export", str(DATA / "invalid" / "task-mode-misspelt.unit.yaml"), "--to", "all",
        "-o", str(tmp_path / "out"),
    )  # fmt: skip
    assert result.code == 2
    assert not (tmp_path / "out").exists()


def test_notebook_round_trip_through_the_cli(tmp_path, cli):
    notebook = tmp_path / "water.ipynb"
    assert cli("export", str(WATER), "--to", "notebook", "-o", str(notebook)).code == 0
    target = tmp_path / "back.unit.yaml"
    result = cli("import", str(notebook), "-o", str(target))
    assert result.code == 0, result.err
    assert load_unit(target) == load_unit(WATER)
    again = cli("import", str(notebook), "-o", str(target))
    assert again.code == 2 and "already exists" in again.err


def test_importing_a_plain_notebook_is_a_clear_error(tmp_path, cli):
    notebook = tmp_path / "plain.ipynb"
    notebook.write_text(
        '{"cells": [], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}\n', encoding="utf-8"
    )
    result = cli("import", str(notebook), "-o", str(tmp_path / "x.unit.yaml"))
    assert result.code == 2
    assert result.err.startswith(f"{notebook}: ")
    assert "Traceback" not in result.err
    assert not (tmp_path / "x.unit.yaml").exists()
