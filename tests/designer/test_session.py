"""The designer's session object, without widgets: commands, undo/redo, findings, autosave."""

from __future__ import annotations

import shutil

import pytest

from pbl_author.designer import (
    AddCompetency,
    AddItem,
    Align,
    DraftRubric,
    MoveItem,
    RemoveItem,
    SetField,
    Unalign,
    UnitSession,
)
from pbl_author.designer.session import Debouncer
from pbl_author.formats.unitfile import load_unit
from pbl_author.frameworks import builtin_frameworks, embed_competency
from pbl_author.model import DocumentError

from ..conftest import DATA
from ..fakes import Clock, FakeTimer


@pytest.fixture
def session(tmp_path):
    FakeTimer.made = []
    path = tmp_path / "creek.unit.yaml"
    shutil.copyfile(DATA / "good-unit.unit.yaml", path)
    clock = Clock()
    opened = UnitSession(path, timer=FakeTimer, clock=clock)
    opened.test_clock = clock
    return opened


def test_set_field_updates_the_unit_and_findings(session):
    assert session.findings == []
    session.apply(SetField(("framing", "driving_question"), "Should we clean the creek?"))
    assert session.unit.framing.driving_question == "Should we clean the creek?"
    assert [f.rule for f in session.findings] == ["dq-open-ended", "dq-scope"]  # short too
    assert session.dirty


def test_a_refused_edit_changes_nothing_and_says_why(session):
    before = session.unit
    events = []
    session.observe(events.append)
    with pytest.raises(DocumentError) as caught:
        session.apply(SetField(("tasks", 0, "mode"), "solo"))
    assert "tasks[0].mode: 'solo' is not one of: individual, team" in str(caught.value)
    assert session.unit is before and not session.can_undo
    assert events[-1].kind == "refused"


def test_typing_in_one_field_is_one_undo_step(session):
    for text in ("H", "Ho", "How can we help the creek?"):
        session.apply(SetField(("framing", "driving_question"), text))
        session.test_clock.now += 0.3
    assert len(session._undo) == 1
    session.undo()
    assert session.unit.framing.driving_question.startswith("How can we, as creek keepers")


def test_edits_apart_in_time_or_fields_are_separate_steps(session):
    session.apply(SetField(("title",), "Creek Keepers 1"))
    session.test_clock.now += 5
    session.apply(SetField(("title",), "Creek Keepers 2"))
    session.apply(SetField(("framing", "authentic_context"), "The city is listening."))
    assert len(session._undo) == 3


def test_undo_and_redo_walk_the_history(session):
    original = session.unit
    session.apply(SetField(("title",), "A"))
    session.test_clock.now += 5
    session.apply(SetField(("title",), "B"))
    assert session.undo() and session.unit.title == "A"
    assert session.undo() and session.unit == original
    assert not session.undo()
    assert session.redo() and session.unit.title == "A"
    assert session.redo() and session.unit.title == "B"
    assert not session.redo()
    session.undo()
    session.apply(SetField(("title",), "C"))  # a new edit clears the redo history
    assert not session.can_redo


def test_add_move_and_remove_items(session):
    item = {"id": "ntk-fish", "text": "Which fish live here?"}
    session.apply(AddItem(("framing", "need_to_knows"), item))
    session.apply(MoveItem(("framing", "need_to_knows"), "ntk-fish", 0))
    assert [n.id for n in session.unit.framing.need_to_knows] == ["ntk-fish", "ntk-drain"]
    session.apply(RemoveItem(("framing", "need_to_knows"), "ntk-drain"))
    assert [n.id for n in session.unit.framing.need_to_knows] == ["ntk-fish"]
    with pytest.raises(DocumentError):
        session.apply(RemoveItem(("framing", "need_to_knows"), "nope"))


def test_removing_a_referenced_task_is_refused(session):
    with pytest.raises(DocumentError) as caught:
        session.apply(RemoveItem(("tasks",), "drain-survey"))
    assert "unknown task 'drain-survey'" in str(caught.value)


def test_competencies_alignments_and_a_drafted_rubric(session):
    communication = embed_competency(builtin_frameworks()["4cs"], "communication")
    session.apply(AddCompetency(communication.model_dump(mode="json"), role="success_skill"))
    task = {"id": "creek-poster", "title": "Creek poster", "grasps": {"role": "Designer"}}
    session.apply(AddItem(("tasks",), task))
    session.apply(Align("creek-poster", "4cs:communication", "assess"))
    session.apply(Align("creek-poster", "4cs:communication", "assess"))  # no duplicate
    assert len(session.unit.task("creek-poster").alignments) == 1
    session.apply(DraftRubric("creek-poster"))
    rubric = session.unit.rubric(session.unit.task("creek-poster").rubric)
    assert [level.title for level in rubric.levels] == [
        "Beginning", "Developing", "Proficient", "Advanced",
    ]  # fmt: skip
    (criterion,) = rubric.criteria
    assert criterion.competencies == ["4cs:communication"]
    assert criterion.descriptors[2].teacher == communication.descriptors[2].text
    session.apply(Unalign("creek-poster", "4cs:communication"))
    assert session.unit.task("creek-poster").alignments == []


def test_drafting_a_rubric_needs_an_alignment(session):
    session.apply(AddItem(("tasks",), {"id": "sketch", "title": "Sketch"}))
    with pytest.raises(DocumentError) as caught:
        session.apply(DraftRubric("sketch"))
    assert "align the task to a competency first" in str(caught.value)


def test_autosave_waits_for_a_pause_then_writes_atomically(session):
    path = session.path
    before = path.read_bytes()
    session.apply(SetField(("title",), "Creek Keepers, revised"))
    session.apply(SetField(("title",), "Creek Keepers, revised again"))
    assert path.read_bytes() == before  # nothing written while editing
    started = [t for t in FakeTimer.made if t.started]
    assert len(started) == 2 and started[0].cancelled  # each edit restarts the wait
    FakeTimer.fire_pending()
    assert load_unit(path).title == "Creek Keepers, revised again"
    assert path.with_name(path.name + ".bak").read_bytes() == before
    assert not session.dirty


def test_close_saves_pending_edits(session):
    session.apply(SetField(("title",), "Closing time"))
    session.close()
    assert load_unit(session.path).title == "Closing time"


def test_a_failed_autosave_keeps_the_edits_and_reports(session, monkeypatch):
    events = []
    session.observe(events.append)
    session.apply(SetField(("title",), "Unsaved"))

    def full_disk(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("pbl_author.formats.unitfile.atomic_write_text", full_disk)
    FakeTimer.fire_pending()
    assert session.unit.title == "Unsaved" and session.dirty
    assert events[-1].kind == "save-failed"
    assert "No space left on device" in session.last_save_error
    assert load_unit(session.path).title == "Creek Keepers"


def test_observers_hear_every_change(session):
    events = []
    stop = session.observe(events.append)
    session.apply(SetField(("title",), "Heard"))
    session.undo()
    session.redo()
    session.save()
    stop()
    session.apply(SetField(("title",), "Not heard"))
    assert [e.kind for e in events] == ["edit", "undo", "redo", "save"]


def test_debouncer_flush_runs_a_pending_action_once():
    calls = []
    FakeTimer.made = []
    debouncer = Debouncer(1.0, lambda: calls.append(1), FakeTimer)
    debouncer.poke()
    debouncer.poke()
    assert debouncer.pending
    debouncer.flush()
    debouncer.flush()
    FakeTimer.fire_pending()
    assert calls == [1]
