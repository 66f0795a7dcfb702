"""The first designer view, driven like a person would, without a browser."""

from __future__ import annotations

import shutil

import pbl_author.designer as designer
from pbl_author.formats.unitfile import load_unit

from ..conftest import DATA


def _open(tmp_path):
    path = tmp_path / "creek.unit.yaml"
    shutil.copyfile(DATA / "good-unit.unit.yaml", path)
    return path, designer.open(str(path))


def test_typing_updates_the_unit_and_the_findings(tmp_path):
    path, view = _open(tmp_path)
    assert "No findings" in view.findings.value
    view.question.value = "Should we clean the creek?"
    assert view.session.unit.framing.driving_question == "Should we clean the creek?"
    assert "dq-open-ended" not in view.findings.value  # rule ids stay out of the teacher's way
    assert "yes or no" in view.findings.value
    assert view.status.value == "unsaved changes"
    view.save_button.click()
    assert load_unit(path).framing.driving_question == "Should we clean the creek?"
    assert view.status.value == "saved"


def test_undo_and_redo_buttons_restore_the_fields(tmp_path):
    _, view = _open(tmp_path)
    original = view.title.value
    assert view.undo_button.disabled
    view.title.value = "Creek Keepers, revised"
    view.undo_button.click()
    assert view.title.value == original
    view.redo_button.click()
    assert view.title.value == "Creek Keepers, revised"


def test_an_invalid_edit_is_shown_not_raised(tmp_path):
    _, view = _open(tmp_path)
    view.title.value = "Line one\nline two"
    assert "title: must be a single line" in view.message.value
    assert view.session.unit.title == "Creek Keepers"


def test_the_exported_notebooks_code_cell_opens_the_designer(tmp_path, monkeypatch):
    from pbl_author.formats import notebook_teacher

    path, _ = _open(tmp_path)
    notebook = notebook_teacher.build(load_unit(path))
    (code,) = [c for c in notebook["cells"] if c["cell_type"] == "code"]
    monkeypatch.chdir(tmp_path)
    shutil.copyfile(path, tmp_path / "creek-keepers.unit.yaml")
    namespace: dict = {}
    source = "".join(code["source"]) if isinstance(code["source"], list) else code["source"]
    exec(compile(source, "cell", "exec"), namespace)  # our own generated cell, not a user's
    assert namespace["designer"] is designer
