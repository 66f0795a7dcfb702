"""The coach's reviewer without a browser: a coach comments, replies, scores, runs a
tuning protocol and submits by setting widget values and clicking buttons, and every
change is in the review file on disk at once. Time is a fake clock; ticks fire when
the test says so."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import pytest

from pbl_author.formats.registry import export_unit
from pbl_author.formats.unitfile import load_unit, save_unit
from pbl_author.model import DocumentError, Unit, validate_as
from pbl_author.review import widget as widget_module
from pbl_author.review.anchors import anchors
from pbl_author.review.files import load_review_file
from pbl_author.review.protocols import get_protocol, load_protocols
from pbl_author.review.widget import Reviewer
from pbl_author.review.widget_reading import REMOVED

from ..conftest import SAMPLES
from ..fakes import Clock, FakeTimer

TODAY = dt.date(2025, 3, 4)
FIRST_TASK = "creek-critter-survey"


@pytest.fixture
def unit_path(tmp_path) -> Path:
    path = tmp_path / "water-watchers.unit.yaml"
    shutil.copyfile(SAMPLES / "water-watchers.unit.yaml", path)
    return path


@pytest.fixture
def clock() -> Clock:
    FakeTimer.made = []
    return Clock(1000.0)


def open_reviewer(path: Path, reviewer: str | None = "Ana", clock=None, **options) -> Reviewer:
    return Reviewer(
        path, reviewer=reviewer, clock=clock or Clock(1000.0), timer=FakeTimer,
        today=lambda: TODAY, **options,
    )  # fmt: skip


def saved(path: Path):
    return load_review_file(path.with_name("water-watchers.review.yaml"))


def comment_on(reviewer: Reviewer, anchor: str, text: str, kind: str = "suggestion"):
    element = reviewer.element(anchor)
    element.kind.value = kind
    element.text.value = text
    element.add_button.click()
    return element


# -- opening -----------------------------------------------------------------------------


def test_opening_starts_a_review_with_suggested_scores_and_builds_sections_lazily(unit_path):
    reviewer = open_reviewer(unit_path, role="coach")
    assert "pbl-reviewer" in reviewer.view._dom_classes
    assert "Water Watchers" in reviewer.header.title.value
    review = saved(unit_path).reviews[0]
    assert (review.reviewer, review.role, review.date, review.status) == (
        "Ana", "coach", TODAY, "draft",
    )  # fmt: skip
    assert [s.level for s in review.scores] == [None] * len(review.scores)
    assert all(s.suggested for s in review.scores)
    assert "All changes saved" in reviewer.status.value
    # only the first section is built; the others wait until shown
    assert list(reviewer.sections) == ["unit"]
    assert reviewer.section_choice.value == "unit"
    reviewer.section_choice.value = "tasks"
    assert list(reviewer.sections) == ["unit", "tasks"]
    tasks = reviewer.sections["tasks"]
    assert list(tasks.elements)[:4] == [
        "creek-critter-survey", "habitat-claim", "solution-comparison", "creek-keeper-proposal",
    ]  # fmt: skip
    assert "Creek Critter Survey" in tasks.elements[FIRST_TASK].content.value


def test_the_same_reviewer_finds_their_review_and_another_starts_their_own(unit_path):
    first = open_reviewer(unit_path)
    comment_on(first, FIRST_TASK, "Who is the audience?", "question")
    again = open_reviewer(unit_path, reviewer=" ana ")
    assert again.review.id == first.review.id
    assert [b.view.comment.text for b in again.element(FIRST_TASK).boxes] == [
        "Who is the audience?"
    ]
    other = open_reviewer(unit_path, reviewer="Ben")
    assert [r.reviewer for r in saved(unit_path).reviews] == ["Ana", "Ben"]
    # co-reviewers' comments show beside each element, with who wrote them
    assert "by Ana" in other.element(FIRST_TASK).boxes[0].html.value


def test_without_a_name_the_reviewer_asks_for_one_first(unit_path):
    reviewer = open_reviewer(unit_path, reviewer=None)
    assert reviewer.body.layout.display == "none"
    assert not unit_path.with_name("water-watchers.review.yaml").exists()
    reviewer.start_button.click()
    assert "Type your name first" in reviewer.message.value
    reviewer.name.value = "Ana"
    reviewer.start_button.click()
    assert reviewer.body.layout.display == ""
    assert saved(unit_path).reviews[0].reviewer == "Ana"


def test_header_fields_save_at_once(unit_path):
    reviewer = open_reviewer(unit_path)
    reviewer.role.value = "instructional coach"
    reviewer.focusing_question.value = "Is the inquiry sustained for four weeks?"
    reviewer.protocol.value = "tuning"
    review = saved(unit_path).reviews[0]
    assert review.role == "instructional coach"
    assert review.focusing_question == "Is the inquiry sustained for four weeks?"
    assert review.protocol == "tuning"
    reviewer.name.value = ""  # a review always says who wrote it
    assert "needs the reviewer's name" in reviewer.message.value
    assert reviewer.name.value == "Ana" and saved(unit_path).reviews[0].reviewer == "Ana"


# -- comments ----------------------------------------------------------------------------


def test_a_comment_is_saved_with_its_anchor_kind_and_the_version_seen(unit_path):
    reviewer = open_reviewer(unit_path)
    element = comment_on(reviewer, FIRST_TASK, "The audience is **only** the class?", "cool")
    [comment] = saved(unit_path).reviews[0].comments
    assert (comment.anchor, comment.kind, comment.author, comment.status) == (
        FIRST_TASK, "cool", "Ana", "open",
    )  # fmt: skip
    assert comment.text == "The audience is **only** the class?"
    assert comment.seen == anchors(reviewer.unit)[FIRST_TASK].version
    assert element.text.value == ""  # ready for the next one
    [box] = element.boxes
    assert "<strong>only</strong>" in box.html.value and "Cool" in box.html.value


def test_an_empty_comment_is_refused_in_words(unit_path):
    reviewer = open_reviewer(unit_path)
    comment_on(reviewer, FIRST_TASK, "   ")
    assert "Write the comment first" in reviewer.message.value
    assert saved(unit_path).reviews[0].comments == []


def test_reply_and_mark_addressed_dismissed_and_reopen(unit_path):
    reviewer = open_reviewer(unit_path)
    comment_on(reviewer, FIRST_TASK, "Add a second site?", "suggestion")
    comment_on(reviewer, "driving-question", "Lovely question.", "warm")
    box = reviewer.element(FIRST_TASK).boxes[0]
    box.reply_text.value = "We only have one bus."
    box.reply_button.click()
    comment = saved(unit_path).reviews[0].comments[0]
    assert [(r.author, r.date, r.text) for r in comment.replies] == [
        ("Ana", TODAY, "We only have one bus.")
    ]
    box = reviewer.element(FIRST_TASK).boxes[0]
    assert "We only have one bus." in box.html.value
    box.addressed_button.click()
    assert saved(unit_path).reviews[0].comments[0].status == "addressed"
    box = reviewer.element(FIRST_TASK).boxes[0]
    assert "pbl-comment-addressed" in box.box._dom_classes
    box.reopen_button.click()
    assert saved(unit_path).reviews[0].comments[0].status == "open"
    reviewer.element("driving-question").boxes[0].dismiss_button.click()
    assert saved(unit_path).reviews[0].comments[1].status == "dismissed"


def test_teacher_text_is_shown_safely(tmp_path):
    unit = load_unit(SAMPLES / "water-watchers.unit.yaml")
    data = unit.model_dump(mode="json")
    data["tasks"][0]["description"] = "<img src=x onerror=alert(1)> [x](javascript:alert(2))"
    path = tmp_path / "water-watchers.unit.yaml"
    save_unit(validate_as(Unit, data), path)
    reviewer = open_reviewer(path)
    shown = reviewer.element(FIRST_TASK).content.value
    assert "<img" not in shown and "href" not in shown  # shown as text, never as a tag
    assert "&lt;img" in shown


# -- the design rubric -------------------------------------------------------------------


def test_scoring_nothing_is_chosen_for_the_coach_and_choices_save(unit_path):
    reviewer = open_reviewer(unit_path)
    part = reviewer.show_part("rubric")
    assert list(part.rows) == [c.id for c in reviewer.rubric.criteria]
    assert all(row.level.value is None for row in part.rows.values())
    row = part.rows["authenticity"]
    score = saved(unit_path).reviews[0].scores[2]
    assert score.criterion == "authenticity"
    assert "Suggested by the design checks" in row.suggested.value
    assert reviewer.rubric.level_title(score.suggested) in row.suggested.value
    assert "pbl-suggested-row" in row.descriptors.value
    assert row.evidence.value == score.evidence and "Found:" in score.evidence

    row.level.value = "developing"
    row.evidence.value = "Partners visit once; tasks are still for the teacher."
    score = saved(unit_path).reviews[0].scores[2]
    assert (score.level, score.suggested) == ("developing", "demonstrating")
    assert score.evidence == "Partners visit once; tasks are still for the teacher."

    summary = reviewer.show_part("summary")
    assert "1 of 8 levels chosen" in summary.scores.value
    assert "differs from suggestion" in summary.scores.value
    row = reviewer.show_part("rubric").rows["authenticity"]
    row.clear_button.click()
    assert saved(unit_path).reviews[0].scores[2].level is None


# -- the tuning protocol -----------------------------------------------------------------


def test_tuning_stages_move_next_and_back_and_invite_comment_kinds(unit_path, clock):
    reviewer = open_reviewer(unit_path, clock=clock)
    panel = reviewer.protocol_panel
    assert panel.box.layout.display == "none"  # an open review has no stages
    reviewer.protocol.value = "tuning"
    assert panel.box.layout.display == ""
    assert "stage 1 of 6" in panel.stage.value
    assert "Presenter's overview and focusing question (5 min)" in panel.stage.value
    assert panel.back_button.disabled and "5:00 left (paused)" in panel.time.value
    element = reviewer.element(FIRST_TASK)
    panel.next_button.click()
    assert "Clarifying questions" in panel.stage.value
    assert "invites question comments" in panel.stage.value
    assert element.kind.value == "question"
    for _ in range(2):
        panel.next_button.click()
    assert "Warm and cool feedback (15 min)" in panel.stage.value
    assert "invites warm and cool comments" in panel.stage.value
    assert element.kind.value == "warm"
    panel.back_button.click()
    assert "Examining the work" in panel.stage.value
    for _ in range(5):
        panel.next_button.click()
    assert "Debrief" in panel.stage.value and panel.next_button.disabled


def test_the_countdown_counts_with_the_clock_and_says_when_time_is_up(unit_path, clock):
    reviewer = open_reviewer(unit_path, clock=clock, protocol="tuning")
    panel = reviewer.protocol_panel
    reviewer.focusing_question.value = "Is the audience real?"
    assert "Focusing question: Is the audience real?" in panel.stage.value
    panel.start_button.click()
    assert panel.start_button.description == "Pause"
    assert len(FakeTimer.pending()) == 1
    clock.now += 61
    FakeTimer.fire_pending()
    assert "3:59 left" in panel.time.value
    panel.start_button.click()  # pause: time stands still
    assert not FakeTimer.pending()
    clock.now += 500
    assert "3:59 left (paused)" in panel.time.value
    panel.start_button.click()
    clock.now += 240
    FakeTimer.fire_pending()
    assert "Time is up" in panel.time.value and "next stage" in panel.time.value
    assert panel.start_button.description == "Start" and not FakeTimer.pending()
    assert "stage 1 of 6" in panel.stage.value  # the facilitator moves on
    panel.next_button.click()
    assert "5:00 left (paused)" in panel.time.value


def test_with_auto_advance_the_stage_end_moves_on(unit_path, clock):
    reviewer = open_reviewer(unit_path, clock=clock, protocol="tuning", auto_advance=True)
    panel = reviewer.protocol_panel
    panel.start_button.click()
    clock.now += 300
    FakeTimer.fire_pending()
    assert "stage 2 of 6" in panel.stage.value
    assert "5:00 left" in panel.time.value and panel.start_button.description == "Pause"


def test_protocols_are_data():
    protocols = load_protocols()
    tuning = protocols["tuning"]
    assert [s.id for s in tuning.stages] == [
        "overview", "clarifying", "examine", "feedback", "reflection", "debrief",
    ]  # fmt: skip
    assert tuning.stages[3].invites == ["warm", "cool"] and tuning.minutes == 45
    assert not protocols["open"].timed
    assert not get_protocol("charrette").timed  # another network's: nothing to run


def test_a_bad_protocols_file_is_named_in_words(tmp_path):
    path = tmp_path / "protocols.yaml"
    path.write_text("protocols:\n- id: x\n  title: X\n  stages:\n  - id: a\n    title: A\n")
    with pytest.raises(DocumentError) as caught:
        load_protocols(path)
    assert str(path) in str(caught.value) and "minutes" in str(caught.value)


# -- a shared notebook -------------------------------------------------------------------


def test_a_shared_notebook_is_read_as_data_never_run(tmp_path):
    unit = load_unit(SAMPLES / "water-watchers.unit.yaml")
    notebook = json.loads(export_unit(unit, "notebook"))
    marker = tmp_path / "ran.txt"
    notebook["cells"].append(
        {"cell_type": "code", "id": "trap", "metadata": {}, "outputs": [],
         "execution_count": None, "source": f"open({str(marker)!r}, 'w').write('ran')"}
    )  # fmt: skip
    path = tmp_path / "water-watchers.ipynb"
    path.write_text(json.dumps(notebook), encoding="utf-8")
    reviewer = open_reviewer(path)
    assert "Notebook water-watchers.ipynb" in reviewer.header.title.value
    comment_on(reviewer, FIRST_TASK, "Clear task.", "warm")
    assert not marker.exists()
    [comment] = load_review_file(tmp_path / "water-watchers.review.yaml").reviews[0].comments
    assert comment.anchor == FIRST_TASK


# -- a unit revised after the review ------------------------------------------------------


def revise(path: Path) -> None:
    """Remove the second task, move the first to the end, change the third."""
    data = load_unit(path).model_dump(mode="json")
    tasks = {task["id"]: task for task in data["tasks"]}
    tasks["solution-comparison"]["description"] += " Teams also interview a neighbour."
    data["tasks"] = [tasks["solution-comparison"], tasks["creek-keeper-proposal"],
                     tasks["creek-critter-survey"]]  # fmt: skip
    for phase in data["path"]["phases"]:
        for milestone in phase["milestones"]:
            milestone["tasks"] = [t for t in milestone["tasks"] if t != "habitat-claim"]
    for point in data["culture"]["voice_and_choice"]:
        if point.get("task") == "habitat-claim":
            del point["task"]
    save_unit(validate_as(Unit, data), path)


def test_comments_follow_a_revised_unit(unit_path):
    first = open_reviewer(unit_path)
    assert REMOVED not in [v for _, v in first.section_choice.options]
    comment_on(first, "habitat-claim", "Needs a model answer.", "cool")
    comment_on(first, FIRST_TASK, "Great field work.", "warm")
    comment_on(first, "solution-comparison", "Add a real interview?", "suggestion")
    revise(unit_path)

    reviewer = open_reviewer(unit_path)
    assert "earlier version of the unit" in reviewer.version_note.value
    # the removed task's comment is kept, under "No longer in the unit"
    assert REMOVED in [v for _, v in reviewer.section_choice.options]
    removed = reviewer.show_section(REMOVED)
    [box] = removed.boxes
    assert box.view.comment.text == "Needs a model answer."
    assert "no longer in the unit" in box.html.value
    assert "pbl-comment-removed" in box.box._dom_classes
    # the moved task keeps its comment, unchanged
    [box] = reviewer.element(FIRST_TASK).boxes
    assert box.view.state == "current" and box.view.comment.text == "Great field work."
    assert list(reviewer.sections["tasks"].elements)[:3] == [
        "solution-comparison", "creek-keeper-proposal", FIRST_TASK,
    ]  # fmt: skip
    # the changed task's comment is likely addressed by the revision
    [box] = reviewer.element("solution-comparison").boxes
    assert box.view.state == "revised" and "changed since this comment" in box.html.value
    summary = reviewer.show_part("summary")
    assert [view.comment.text for view, _ in summary.mark_buttons] == ["Add a real interview?"]
    assert "Comments addressed by a later version?" in summary.likely_heading.value
    summary.mark_buttons[0][1].click()
    statuses = {c.text: c.status for c in saved(unit_path).reviews[0].comments}
    assert statuses == {
        "Needs a model answer.": "open",
        "Great field work.": "open",
        "Add a real interview?": "addressed",
    }
    assert summary.mark_buttons == []
    # a removed element's comment can still be dismissed
    reviewer.show_section(REMOVED).boxes[0].dismiss_button.click()
    assert saved(unit_path).reviews[0].comments[0].status == "dismissed"


# -- the summary and submitting -------------------------------------------------------------


def test_summary_counts_next_steps_and_submit(unit_path):
    reviewer = open_reviewer(unit_path)
    comment_on(reviewer, FIRST_TASK, "Strong.", "warm")
    comment_on(reviewer, "driving-question", "Strong question.", "warm")
    comment_on(reviewer, "public-product", "Who votes?", "question")
    summary = reviewer.show_part("summary")
    counts = summary.counts.value
    assert "<th scope='row'>Warm</th><td>2</td><td>2</td>" in counts
    assert "<th scope='row'>Question</th><td>1</td>" in counts
    assert "<th scope='row'>All</th><td>3</td>" in counts
    reviewer.element(FIRST_TASK).boxes[0].addressed_button.click()
    summary = reviewer.show_part("summary")
    assert "<th scope='row'>Warm</th><td>2</td><td>1</td><td>1</td>" in summary.counts.value
    summary.next_steps.value = "Plan the second site visit."
    assert saved(unit_path).reviews[0].next_steps == "Plan the second site visit."
    summary.submit_button.click()
    assert saved(unit_path).reviews[0].status == "submitted"
    assert summary.submit_button.disabled and "Submitted" in summary.review_status.value


# -- problems, in words -----------------------------------------------------------------------


def test_a_review_file_for_another_unit_is_never_overwritten(unit_path):
    other = unit_path.with_name("water-watchers.review.yaml")
    text = "schema_version: 1\nkind: pbl-author-review\nunit: budget-for-our-school\n"
    other.write_text(text, encoding="utf-8")
    reviewer = open_reviewer(unit_path)
    assert "for unit 'budget-for-our-school'" in reviewer.message.value
    assert "Not saved" in reviewer.status.value
    comment_on(reviewer, FIRST_TASK, "Kept in memory only.")
    assert other.read_text(encoding="utf-8") == text
    assert "will not be saved" in reviewer.message.value  # still warned after a change
    assert "Not saved" in reviewer.status.value
    assert "Traceback" not in reviewer.message.value


@pytest.mark.parametrize("kind", ["bad yaml", "a folder"])
def test_an_unreadable_review_file_is_reported(unit_path, kind):
    target = unit_path.with_name("water-watchers.review.yaml")
    if kind == "a folder":
        target.mkdir()
    else:
        target.write_text("reviews: [unclosed\n", encoding="utf-8")
    reviewer = open_reviewer(unit_path)
    assert "cannot be used" in reviewer.message.value
    assert "Not saved" in reviewer.status.value
    assert reviewer.save() is False


def test_a_failed_save_keeps_the_change_and_says_why(unit_path, monkeypatch):
    reviewer = open_reviewer(unit_path)

    def full(*args, **kwargs):
        raise OSError(28, "No space left on device", "water-watchers.review.yaml")

    monkeypatch.setattr(widget_module, "save_review_file", full)
    comment_on(reviewer, FIRST_TASK, "Still here?")
    assert "Not saved: No space left on device" in reviewer.status.value
    assert reviewer.save_button.layout.display == ""
    assert [c.text for c in reviewer.review.comments] == ["Still here?"]
    monkeypatch.undo()
    reviewer.save_button.click()
    assert "All changes saved" in reviewer.status.value
    assert [c.text for c in saved(unit_path).reviews[0].comments] == ["Still here?"]


def test_open_shows_the_reviewer_or_says_what_is_wrong(unit_path, tmp_path, monkeypatch):
    import IPython.display

    shown = []
    monkeypatch.setattr(IPython.display, "display", lambda *objects: shown.extend(objects))
    reviewer = widget_module.open(unit_path, reviewer="Ana", clock=Clock(1000.0), timer=FakeTimer)
    assert isinstance(reviewer, Reviewer) and shown == [reviewer.view]
    reviewer._ipython_display_()  # the cell's value: shown once already, not again
    assert shown == [reviewer.view]
    again = widget_module.open(unit_path, reviewer="Ana", clock=Clock(1000.0), timer=FakeTimer)
    assert "opened again further down" in reviewer.view.children[0].value
    assert again is not reviewer
    bad = tmp_path / "broken.unit.yaml"
    bad.write_text("title: [\n", encoding="utf-8")
    assert widget_module.open(bad, reviewer="Ana") is None
    assert "cannot review" in shown[-1].data and "broken.unit.yaml" in shown[-1].data
    assert widget_module.open(tmp_path / "missing.unit.yaml") is None
    assert "no such file" in shown[-1].data.lower()
