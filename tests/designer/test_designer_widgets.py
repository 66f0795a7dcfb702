"""The designer's widgets without a browser: a teacher builds a whole unit by setting
widget values and clicking buttons only, every step is reachable, every finding jumps
to its step and field, and problems show in the designer instead of raising."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from pbl_author.designer import Designer, UnitSession, create_unit_file
from pbl_author.designer.app import STEPS
from pbl_author.formats.unitfile import load_unit
from pbl_author.model.problems import format_path

from ..conftest import SAMPLES
from ..fakes import FakeTimer
from ..golden_files import check_golden

GOLDEN = Path(__file__).parent.parent / "golden" / "designer"


def open_designer(path: Path) -> Designer:
    FakeTimer.made = []
    return Designer(path, session=UnitSession(path, timer=FakeTimer))


@pytest.fixture
def empty(tmp_path) -> Designer:
    return open_designer(create_unit_file(tmp_path / "creek-keepers.unit.yaml"))


def field(step, name):
    """The widget of the field at ``name`` (a path) among a step's forms and lists."""
    assert step.box is not None  # a step builds its page the first time it is shown
    for part in step.parts:
        forms = [part.form] if hasattr(part, "form") else [part] if hasattr(part, "fields") else []
        for form in forms:
            for bound in form.fields:
                if bound.spec.path == name:
                    return bound.widget
    raise KeyError(name)


def pick(picker, query, expected_ref):
    picker.query.value = query
    refs = [value for _, value in picker.results.options]
    assert expected_ref in refs, (query, refs)
    picker.results.value = expected_ref
    picker.choose_button.click()


def design_a_whole_unit(d: Designer) -> None:
    """What a teacher does, step by step, in widgets only."""
    # 1. Basics
    basics = d.show("basics")
    field(basics, ("title",)).value = "Creek Keepers"
    field(
        basics, ("identity", "summary")
    ).value = "Students test the water of the creek behind the school and advise the city."
    field(basics, ("identity", "grades")).value = ("7", "8")
    field(basics, ("identity", "subjects")).value = "Science, English"
    field(basics, ("identity", "duration", "weeks")).value = "5"
    field(basics, ("identity", "license")).value = "CC-BY-4.0"
    basics.authors.add_button.click()
    field(basics, ("name",)).value = "Ana Ruiz"
    field(basics, ("role",)).value = "Science teacher"

    # 2. Driving question and launch
    d.next_button.click()
    assert d.current == "question"
    question = d.steps["question"]
    field(
        question, ("framing", "driving_question")
    ).value = "How can we, as creek keepers, show the city what our creek needs to stay healthy?"
    assert "passes the design checks" in question.feedback.value
    field(
        question, ("framing", "entry_event", "description")
    ).value = "A city water engineer brings two jars of creek water: one clear, one murky."
    field(
        question, ("framing", "authentic_context")
    ).value = "The city is writing its creek plan this spring and asks schools for data."
    question.need_to_knows.add_button.click()
    field(question, ("text",)).value = "What makes water healthy for the creek's animals?"
    question.partners.add_button.click()
    partner = question.partners.form
    partner.fields[0].widget.value = "City water department"
    partner.fields[1].widget.value = "client"

    # 3. Goals and competencies: find them by typing
    d.next_button.click()
    goals = d.steps["goals"]
    pick(goals.picker, "collaboration", "4cs:collaboration")
    pick(goals.picker, "self-management", "casel:self-management")
    goals.targets.add_button.click()
    goals.targets.form.fields[0].widget.value = "I can do my share of my team's fieldwork."
    goals.targets.form.fields[1].widget.value = "4cs:collaboration"

    # 4. Tasks: GRASPS and alignments (one by the picker, one by the list)
    d.next_button.click()
    tasks = d.steps["tasks"]
    tasks.tasks.add_button.click()
    form = tasks.tasks.form
    values = {
        ("title",): "Creek health report",
        ("mode",): "team",
        ("description",): "Teams test three sites and write a report for the city.",
        ("grasps", "goal"): "Advise the city on what the creek needs.",
        ("grasps", "role"): "Water scientists",
        ("grasps", "audience"): "The city's water engineers",
        ("grasps", "situation"): "The city is writing its creek plan.",
        ("grasps", "product"): "A short report with charts and recommendations",
        ("grasps", "standards"): "The project rubric",
        ("individual_evidence",): "Each student explains one chart in a conference.",
    }
    for name, value in values.items():
        form.field_for(name).widget.value = value
    tasks.alignments.level.value = "assess"
    pick(tasks.picker, "communication", "4cs:communication")
    tasks.alignments.competency.value = "4cs:collaboration"
    tasks.alignments.align_button.click()
    tasks.alignments.competency.value = "casel:self-management"
    tasks.alignments.level.value = "practice"
    tasks.alignments.align_button.click()
    tasks.tasks.add_button.click()
    form.field_for(("title",)).widget.value = "Reflection letter"
    tasks.alignments.competency.value = "casel:self-management"
    tasks.alignments.level.value = "assess"
    tasks.alignments.align_button.click()
    tasks.tasks.add_button.click()  # one too many: remove it again
    tasks.tasks.remove_button.click()
    tasks.tasks.choose(1)
    tasks.tasks.up_button.click()  # reorder, then back
    tasks.tasks.down_button.click()

    # 5. Path and milestones
    d.next_button.click()
    path = d.steps["path"]
    path.four_button.click()
    milestones = path.milestones
    for phase, (title, week, task) in enumerate(
        [
            ("Entry event", "1", None),
            ("Field tests", "2", None),
            ("Draft report and critique", "4", "task"),
            ("Report to the city", "5", "task"),
        ]
    ):
        path.phases.choose(phase)
        milestones.add_button.click()
        milestones.form.field_for(("title",)).widget.value = title
        milestones.form.field_for(("week",)).widget.value = week
        milestones.form.field_for(("key_question",)).widget.value = f"Where are we at: {title}?"
        milestones.form.field_for(("formative_check",)).widget.value = "An exit ticket."
        if task:
            milestones.form.field_for(("tasks",)).widget.value = (task,)
    path.phases.choose(3)
    milestones.add_button.click()
    milestones.form.field_for(("title",)).widget.value = "Reflection"
    milestones.form.field_for(("week",)).widget.value = "5"
    milestones.form.field_for(("key_question",)).widget.value = "What did we learn?"
    milestones.form.field_for(("formative_check",)).widget.value = "The letters."
    milestones.form.field_for(("tasks",)).widget.value = ("task-2",)

    # 6. Culture, critique and public product
    d.next_button.click()
    culture = d.steps["culture"]
    field(culture, ("culture", "norms")).value = "Critique the work, not the person.\nAll voices."
    culture.choices.add_button.click()
    culture.choices.form.field_for(
        ("description",)
    ).widget.value = "Teams choose which creek site to study and how to chart it."
    culture.choices.form.field_for(("milestone",)).widget.value = "milestone-2"
    culture.choices.form.field_for(("task",)).widget.value = "task"
    culture.critique.add_button.click()
    crit = culture.critique.form
    crit.field_for(("protocol",)).widget.value = "Gallery walk"
    crit.field_for(("description",)).widget.value = "Peers and the engineer comment on drafts."
    crit.field_for(("milestone",)).widget.value = "milestone-3"
    crit.field_for(("task",)).widget.value = "task"
    culture.critique.add_button.click()
    crit.field_for(("kind",)).widget.value = "revision"
    crit.field_for(("description",)).widget.value = "Teams revise with a revision log."
    crit.field_for(("milestone",)).widget.value = "milestone-3"
    crit.field_for(("task",)).widget.value = "task"
    field(culture, ("public_product", "description")).value = "Teams present to the council."
    field(culture, ("public_product", "audiences")).value = "City council\nFamilies"
    field(culture, ("public_product", "date")).value = dt.date(2027, 5, 20)
    for moment, audience, text in [
        ("launch", "student", "What do you already know about our creek?"),
        ("midpoint", "student", "How is your team working?"),
        ("end", "student", "What are you proudest of?"),
        ("end", "teacher", "What would I change next time?"),
    ]:
        culture.reflection.add_button.click()
        prompt = culture.reflection.form
        prompt.field_for(("text",)).widget.value = text
        prompt.field_for(("moment",)).widget.value = moment
        prompt.field_for(("audience",)).widget.value = audience

    # 7. Rubrics: draft from alignments, edit in the grid, both wordings
    d.next_button.click()
    rubrics = d.steps["rubrics"]
    rubrics.task.value = "task"
    rubrics.draft_button.click()
    grid = rubrics.grid
    first_cell = next(k for k in grid.cells if k[0] == "cell")
    grid.cells[first_cell].value = "The message is hard to follow; questions go unanswered."
    grid.wording.value = "student"
    grid.cells[first_cell].value = "My audience cannot tell what my main message is."
    rubrics.task.value = "task-2"
    rubrics.draft_button.click()

    # 8. Review and export
    d.next_button.click()
    assert d.current == "export"
    d.steps["export"].export_button.click()
    d.session.flush()


def test_a_teacher_builds_a_whole_unit_from_an_empty_one(empty, tmp_path):
    events = []
    empty.session.observe(events.append)
    design_a_whole_unit(empty)
    assert [e.problems for e in events if e.kind == "refused"] == []
    assert empty.message.value == "", empty.message.value
    saved = (tmp_path / "creek-keepers.unit.yaml").read_text(encoding="utf-8")
    check_golden(GOLDEN / "creek-keepers.unit.yaml", saved)
    unit = load_unit(tmp_path / "creek-keepers.unit.yaml")
    assert [f.rule for f in empty.session.findings if f.severity == "error"] == []
    assert unit.tasks[0].rubric == "task-rubric"
    # the exports landed beside the unit and are linked
    export = empty.steps["export"]
    for name in ("creek-keepers.ipynb", "creek-keepers.student.ipynb",
                 "creek-keepers.rubrics.html"):  # fmt: skip
        assert (tmp_path / name).exists()
        assert f"href='{name}'" in export.links.value


def test_every_step_is_reachable_by_the_stepper_and_by_next_and_back(empty):
    for key in empty.step_keys:
        empty.nav.value = key
        assert empty.current == key
        assert list(empty.page.children) == [empty.steps[key].box]
    assert empty.next_button.disabled
    for _ in range(len(STEPS) - 1):
        empty.back_button.click()
    assert empty.current == "basics" and empty.back_button.disabled


SAMPLE_NAMES = sorted(p.name for p in SAMPLES.glob("*.unit.yaml"))


@pytest.mark.parametrize("sample", SAMPLE_NAMES)
def test_every_step_shows_every_sample_unit_and_changes_nothing(sample, tmp_path):
    path = tmp_path / sample
    shutil.copyfile(SAMPLES / sample, path)
    d = open_designer(path)
    before = d.session.unit
    for key in d.step_keys:
        d.show(key)
        assert d.message.value == ""
    assert d.session.unit == before and not d.session.can_undo
    basics = d.steps["basics"]
    assert field(basics, ("title",)).value == before.title
    tasks = d.steps["tasks"]
    assert [label for label, _ in tasks.tasks.select.options] == [
        f"{i + 1}. {t.title}" for i, t in enumerate(before.tasks)
    ]
    assert field(tasks, ("mode",)).value == before.tasks[0].mode  # defaults shown too


@pytest.mark.parametrize("sample", ["empty", *SAMPLE_NAMES])
def test_every_finding_jumps_to_its_step_and_field(sample, tmp_path):
    path = tmp_path / "unit.unit.yaml"
    if sample == "empty":
        create_unit_file(path)
    else:
        shutil.copyfile(SAMPLES / sample, path)
        shutil.copytree(SAMPLES / "frameworks", tmp_path / "frameworks")
    d = open_designer(path)
    # a sample unit has no findings: break its driving question on purpose
    if sample != "empty":
        field(d.steps["question"], ("framing", "driving_question")).value = "Is water wet?"
    assert d.findings.buttons, "expected findings to click"
    for button in d.findings.buttons:
        finding = button.finding
        button.click()
        assert d.message.value == ""
        assert d.current == d.step_for(finding)
        if finding.path:
            assert d.context.focused, f"nothing focused for {finding.path} ({finding.rule})"
            focused = format_path(d.context.focused)
            assert finding.path.startswith(focused), (finding.path, focused)


def test_undo_redo_buttons_follow_the_session(empty):
    title = field(empty.steps["basics"], ("title",))
    title.value = "Creek Keepers"
    assert not empty.undo_button.disabled
    assert "Unsaved" in empty.save_status.value
    empty.undo_button.click()
    assert title.value == "Untitled unit"
    empty.redo_button.click()
    assert title.value == "Creek Keepers"
    empty.save_button.click()
    assert "All changes saved" in empty.save_status.value


def test_bad_input_shows_a_readable_message_and_keeps_what_was_typed(empty):
    weeks = field(empty.steps["basics"], ("identity", "duration", "weeks"))
    weeks.value = "three"
    assert "identity.duration.weeks: &#x27;three&#x27; is not a number" in empty.message.value
    assert weeks.value == "three"
    field(empty.steps["basics"], ("title",)).value = "Creek Keepers"  # an edit elsewhere...
    assert weeks.value == "three"  # ...keeps what the person typed, to fix
    weeks.value = "400"
    assert "identity.duration.weeks" in empty.message.value
    assert empty.session.unit.identity.duration.weeks is None
    weeks.value = "3"
    assert empty.message.value == "" and empty.session.unit.identity.duration.weeks == 3


def test_an_unexpected_error_is_one_line_with_details_folded(empty, monkeypatch):
    def boom():
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(empty.session, "save", boom)
    empty.save_button.click()
    assert "Something went wrong: RuntimeError: disk on fire" in empty.message.value
    assert "<details>" in empty.message.value


def test_a_failed_autosave_is_shown_and_the_edit_kept(empty, monkeypatch):
    def refuse(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr("pbl_author.formats.unitfile.save_unit", refuse)
    field(empty.steps["basics"], ("title",)).value = "Creek Keepers"
    FakeTimer.fire_pending()
    assert "Not saved" in empty.save_status.value
    assert "Permission denied" in empty.message.value
    assert empty.session.unit.title == "Creek Keepers"


def test_the_coverage_heatmap_follows_alignments(empty):
    before = empty.coverage.value
    design_steps = empty.steps
    goals = design_steps["goals"]
    empty.show("goals")
    pick(goals.picker, "collaboration", "4cs:collaboration")
    empty.show("tasks")
    design_steps["tasks"].tasks.add_button.click()
    design_steps["tasks"].alignments.align_button.click()
    assert empty.coverage.value != before
    assert "4C.COL" in empty.coverage.value


def test_a_missing_file_is_reported_in_the_notebook_not_raised(tmp_path, monkeypatch):
    from pbl_author.designer import open as open_designer_view

    shown = []
    monkeypatch.setattr("IPython.display.display", shown.append)
    open_designer_view(tmp_path / "nope.unit.yaml")
    html = shown[0].data
    assert "cannot open" in html and "nope.unit.yaml" in html


def test_a_file_that_cannot_be_created_is_reported_not_raised(tmp_path, monkeypatch):
    from pbl_author.designer import open as open_designer_view

    shown = []
    monkeypatch.setattr("IPython.display.display", shown.append)
    (tmp_path / "notes.txt").write_text("a file, not a folder", encoding="utf-8")
    open_designer_view(tmp_path / "notes.txt" / "new.unit.yaml", create=True)
    html = shown[0].data
    assert "cannot open" in html and "new.unit.yaml" in html


def test_open_with_create_makes_a_new_unit_file(tmp_path):
    from pbl_author.designer import open as open_designer_view

    target = tmp_path / "Untitled.unit.yaml"
    open_designer_view(target, create=True)
    unit = load_unit(target)
    assert unit.id == "untitled" and unit.title == "Untitled unit"


def test_import_a_framework_in_the_picker_with_progress(empty, tmp_path):
    from ..conftest import DATA

    goals = empty.show("goals")
    picker = goals.picker
    seen = []
    picker.progress.observe(lambda change: seen.append(change["new"]), names="value")
    picker.source.value = str(DATA / "case" / "quirks.json")
    picker.import_button.click()
    assert empty.message.value == ""
    assert "Imported <strong>Quirks of real exports</strong> (8 competencies)" in (
        picker.import_status.value
    )
    assert seen, "the progress bar never moved"
    assert picker.progress.layout.visibility == "hidden"  # done
    # stored for next time, and searchable now
    assert "quirks-of-real-exports" in empty.context.frameworks.store.ids()
    picker.framework.value = None
    picker.query.value = "Q.2"
    assert any(ref.startswith("quirks-of-real-exports:") for _, ref in picker.results.options)


def test_a_broken_framework_file_is_reported_in_the_picker(empty, tmp_path):
    picker = empty.show("goals").picker
    bad = tmp_path / "bad.json"
    bad.write_text("{not json", encoding="utf-8")
    picker.source.value = str(bad)
    picker.import_button.click()
    assert "bad.json" in empty.message.value or "JSON" in empty.message.value
    assert picker.progress.layout.visibility == "hidden"


def test_the_framework_and_grade_filters_narrow_the_picker(tmp_path):
    shutil.copytree(SAMPLES / "frameworks", tmp_path / "frameworks")
    d = open_designer(create_unit_file(tmp_path / "unit.unit.yaml"))
    picker = d.show("goals").picker
    picker.query.value = "a"  # the first search lists the frameworks in the filter
    picker.framework.value = "casel"  # any change of a filter searches again
    assert picker.results.options
    assert all(ref.startswith("casel:") for _, ref in picker.results.options)
    picker.framework.value = None
    picker.query.value = "civic"
    seventh = {ref for _, ref in picker.results.options}
    assert any(ref.startswith("c3-civics:") for ref in seventh)
    picker.grade.value = "11"
    eleventh = {ref for _, ref in picker.results.options}
    assert not any(ref.startswith("c3-civics:") for ref in eleventh)
    picker.grade.value = "7"
    assert any(ref.startswith("c3-civics:") for _, ref in picker.results.options)


def test_an_unreadable_framework_beside_the_unit_is_named_not_hidden(tmp_path):
    (tmp_path / "frameworks").mkdir()
    (tmp_path / "frameworks" / "broken.framework.yaml").write_text("id: [", encoding="utf-8")
    d = open_designer(create_unit_file(tmp_path / "unit.unit.yaml"))
    picker = d.show("goals").picker
    picker.query.value = "collaboration"
    assert picker.results.options  # the others still work
    assert "Could not read: broken.framework.yaml" in picker.status.value
