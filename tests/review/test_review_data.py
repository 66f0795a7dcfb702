"""Review files: what they hold, how they read back, the errors they give, and
what happens to comments when the unit changes after the review."""

from __future__ import annotations

import datetime as dt

import pytest

from pbl_author.files.yamltext import load_yaml
from pbl_author.formats.registry import write_export
from pbl_author.formats.unitfile import load_unit
from pbl_author.model import SECTION_ANCHORS, DocumentError, element_ids, parse_unit
from pbl_author.review import files
from pbl_author.review.anchors import anchors, unit_version
from pbl_author.review.merge import merge_review_files
from pbl_author.review.status import comment_views, grouped

from ..conftest import SAMPLES
from .fixtures import reviewed, water_watchers


@pytest.fixture
def unit():
    return water_watchers()


def test_every_element_and_section_is_an_anchor(unit):
    expected = {value for path, value in element_ids(unit) if not path.startswith("reviews")}
    assert set(anchors(unit)) == expected | set(SECTION_ANCHORS)


def test_a_new_review_points_at_the_unit_and_suggests_but_does_not_decide(unit):
    review_file = reviewed(unit)
    (review,) = review_file.reviews
    assert review_file.unit == unit.id
    assert review.unit_version == unit_version(unit)
    assert review.id == "ana-lopez-2026-11-20"
    assert [s.criterion for s in review.scores][:2] == ["challenging-question", "sustained-inquiry"]
    assert all(s.level is None for s in review.scores)
    assert all(s.suggested in {"beginning", "developing", "demonstrating"} for s in review.scores)
    assert "Found: Driving question" in review.scores[0].evidence


def test_a_review_file_saves_and_reads_back(unit, tmp_path):
    task = unit.tasks[0].id
    review_file = reviewed(unit, comments=[(task, "warm", "Real audience!")])
    path = tmp_path / "water-watchers.review.yaml"
    assert files.save_review_file(review_file, path)
    assert files.load_review_file(path) == review_file
    assert not files.save_review_file(review_file, path)  # unchanged: not rewritten
    text = path.read_text(encoding="utf-8")
    assert text.startswith("schema_version: 1\nkind: pbl-author-review\nunit: water-watchers\n")
    (comment,) = load_yaml(text)["reviews"][0]["comments"]
    assert comment == {
        "id": "c1",
        "anchor": task,
        "kind": "warm",
        "text": "Real audience!",
        "author": "Ana López",
        "seen": anchors(unit)[task].version,
    }


def test_the_review_file_sits_beside_the_unit_or_notebook(tmp_path):
    assert files.review_path_for(tmp_path / "a.unit.yaml") == tmp_path / "a.review.yaml"
    assert files.review_path_for(tmp_path / "a.unit.json") == tmp_path / "a.review.yaml"
    assert files.review_path_for(tmp_path / "a.ipynb") == tmp_path / "a.review.yaml"


def test_a_shared_notebook_is_read_from_its_metadata_without_running_it(unit, tmp_path):
    path = write_export(unit, "notebook", tmp_path / "shared.ipynb")
    subject = files.load_subject(path)
    assert subject.kind == "notebook"
    assert subject.unit == unit


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (
            lambda d: d["reviews"][0]["scores"][0].update(criterion="authentcity"),
            "reviews[0].scores[0].criterion: unknown criterion 'authentcity'; did you mean "
            "'authenticity'? (the design rubric has: challenging-question, sustained-inquiry, "
            "authenticity, voice-and-choice, reflection, critique-and-revision, "
            "public-product, alignment)",
        ),
        (
            lambda d: d["reviews"][0]["scores"][1].update(level="proficient"),
            "reviews[0].scores[1].level: unknown level 'proficient' "
            "(levels: beginning, developing, demonstrating)",
        ),
        (
            lambda d: d["reviews"][0]["comments"].append(dict(d["reviews"][0]["comments"][0])),
            "reviews[0].comments[1].id: duplicate comment id 'c1' "
            "(already used at reviews[0].comments[0].id)",
        ),
        (
            lambda d: d["reviews"][0]["comments"][0].update(kind="praise"),
            "reviews[0].comments[0].kind: 'praise' is not one of: warm, cool, question, suggestion",
        ),
        (lambda d: d.update(kind="unit"), "kind: this is not a pbl-author review file"),
    ],
)
def test_bad_review_files_say_what_and_where(unit, edit, message):
    data = files.review_file_data(reviewed(unit, comments=[("driving-question", "warm", "Yes")]))
    edit(data)
    with pytest.raises(DocumentError) as caught:
        files.parse_review_file(data)
    assert [str(p) for p in caught.value.problems] == [message]


def test_a_review_file_for_another_unit_is_named(unit):
    other = load_unit(SAMPLES / "budget-for-our-school.unit.yaml")
    with pytest.raises(DocumentError) as caught:
        files.check_same_unit(reviewed(other), unit, "x.review.yaml")
    assert caught.value.report() == (
        "x.review.yaml: unit: this review file is for unit 'budget-for-our-school', not "
        "'water-watchers' (Water Watchers: Caring for Alder Creek)"
    )


def test_an_unknown_anchor_or_an_empty_comment_is_refused(unit):
    review = reviewed(unit).reviews[0]
    with pytest.raises(DocumentError) as caught:
        files.make_comment(review, unit, "driving-question", "  \n", "question")
    assert str(caught.value.problems[0]) == "text: the comment is empty; write it first"
    with pytest.raises(DocumentError) as caught:
        files.make_comment(review, unit, "driving-questoin", "?", "question")
    assert "unknown element 'driving-questoin'; did you mean 'driving-question'?" in str(
        caught.value.problems[0]
    )


# -- the unit changed after the review ------------------------------------------------


def _revise(unit):
    """Remove the last task, move the first milestone to the next phase, edit task 2."""
    data = unit.to_data()
    removed = data["tasks"].pop()["id"]
    for phase in data["path"]["phases"]:
        for milestone in phase.get("milestones", []):
            milestone["tasks"] = [t for t in milestone.get("tasks", []) if t != removed]
    for step in data["critique"]["steps"]:
        if step.get("task") == removed:
            del step["task"]
    for point in data["culture"]["voice_and_choice"]:
        if point.get("task") == removed:
            del point["task"]
    phases = data["path"]["phases"]
    moved = phases[0]["milestones"].pop(0)
    phases[1]["milestones"].append(moved)
    data["tasks"].reverse()  # and the tasks change places
    data["tasks"][0]["description"] += " Now with a field-trip checklist."
    return parse_unit(data), removed, moved["id"], data["tasks"][0]["id"]


def test_comments_on_removed_elements_survive_flagged_and_moved_ones_follow(unit):
    revised, removed, moved, edited = _revise(unit)
    untouched = next(t.id for t in revised.tasks if t.id != edited)
    ana = reviewed(
        unit,
        comments=[
            (removed, "cool", "This task repeats the survey."),
            (moved, "question", "Is this milestone too early?"),
            (edited, "suggestion", "Add a checklist."),
            (untouched, "warm", "Clear product."),
        ],
    )
    ben = reviewed(unit, "Ben Ode", 21, comments=[(moved, "warm", "Good checkpoint.")])
    merged = merge_review_files([ana, ben])
    views = {v.comment.text: v for v in comment_views(merged.reviews, revised)}
    assert len(views) == 5  # nothing lost

    gone = views["This task repeats the survey."]
    assert (gone.state, gone.anchor, gone.section) == ("removed", None, "removed")
    assert gone.label == f"'{removed}' (no longer in the unit)"

    for text in ("Is this milestone too early?", "Good checkpoint."):
        follows = views[text]
        assert follows.anchor.id == moved
        assert follows.where == f"in phase '{revised.path.phases[1].title}'"
        assert follows.state == "current"  # moved, not changed

    assert views["Add a checklist."].state == "revised"  # the teacher changed that task
    assert views["Clear product."].state == "current"

    sections = grouped(comment_views(merged.reviews, revised))
    assert [title for title, _ in sections] == [
        "Performance tasks",
        "Path and milestones",
        "No longer in the unit",
    ]
    ((_, kept),) = sections[-1][1]
    assert [v.comment.text for v in kept] == ["This task repeats the survey."]


def test_reviews_are_not_part_of_the_unit_version(unit):
    with_review = unit.model_copy(update={"reviews": reviewed(unit).reviews})
    assert unit_version(with_review) == unit_version(unit)
    assert unit_version(_revise(unit)[0]) != unit_version(unit)


def test_review_dates_default_to_none_and_ids_stay_unique(unit):
    review_file = files.empty_review_file(unit)
    first = files.new_review(review_file, unit, "Ana", date=dt.date(2026, 11, 20))
    second = files.new_review(review_file, unit, "Ana", date=dt.date(2026, 11, 20))
    assert (first.id, second.id) == ("ana-2026-11-20", "ana-2026-11-20-2")
    assert files.new_review(review_file, unit, "Ana").id == "ana"


def test_two_elements_with_the_same_title_keep_their_comments_apart(unit):
    data = unit.to_data()
    same = "Who do we need to convince, and what will they want to know? " * 2
    data["framing"]["need_to_knows"] = [{"id": "n1", "text": same}, {"id": "n2", "text": same}]
    twins = parse_unit(data)
    review_file = reviewed(twins, comments=[("n1", "warm", "One"), ("n2", "cool", "Two")])
    ((_, elements),) = grouped(comment_views(review_file.reviews, twins))
    assert [[v.comment.text for v in views] for _, views in elements] == [["One"], ["Two"]]
