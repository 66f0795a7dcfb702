"""``pbl-author review new|merge|show|report`` and ``pbl-author diff``, in-process."""

from __future__ import annotations

import shutil

import pytest

from pbl_author.formats.registry import write_export
from pbl_author.formats.unitfile import load_unit, save_unit
from pbl_author.review import files
from pbl_author.review.merge import merge_review_files

from ..conftest import DATA, SAMPLES


@pytest.fixture
def workspace(tmp_path, monkeypatch):
    shutil.copy(SAMPLES / "water-watchers.unit.yaml", tmp_path)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_review_new_writes_a_review_file_beside_the_unit(cli, workspace):
    result = cli(
        "review", "new", "water-watchers.unit.yaml", "--reviewer", "Ana López",
        "--role", "coach", "--protocol", "tuning", "--focus", "Is the launch strong?",
        "--date", "2026-11-20",
    )  # fmt: skip
    assert result.code == 0, result.err
    assert result.out.splitlines()[0] == (
        "added review 'ana-lopez-2026-11-20' by Ana López to water-watchers.review.yaml"
    )
    assert "  Challenging problem or question: Demonstrating" in result.out
    (review,) = files.load_review_file(workspace / "water-watchers.review.yaml").reviews
    assert (review.role, review.protocol, review.focusing_question) == (
        "coach",
        "tuning",
        "Is the launch strong?",
    )
    # A second reviewer joins the same file.
    again = cli(
        "review", "new", "water-watchers.unit.yaml", "--reviewer", "Ben", "--date", "2026-11-21"
    )
    assert again.code == 0
    reviews = files.load_review_file(workspace / "water-watchers.review.yaml").reviews
    assert [r.reviewer for r in reviews] == ["Ana López", "Ben"]


def test_review_new_reads_a_shared_notebook(cli, workspace):
    unit = load_unit(workspace / "water-watchers.unit.yaml")
    write_export(unit, "notebook", workspace / "shared.ipynb")
    result = cli("review", "new", "shared.ipynb", "--reviewer", "Ana", "--date", "2026-11-20")
    assert result.code == 0, result.err
    assert files.load_review_file(workspace / "shared.review.yaml").unit == unit.id


def test_review_merge_keeps_everything_and_flags_removed_elements(cli, workspace):
    unit = load_unit(workspace / "water-watchers.unit.yaml")
    last_task = unit.tasks[-1].id
    for name, text in (("ana", "Strong hook."), ("ben", "Audience?")):
        review_file = files.empty_review_file(unit)
        review = files.new_review(review_file, unit, name.title())
        review.comments = [files.make_comment(review, unit, last_task, text, "warm")]
        files.save_review_file(review_file, workspace / f"{name}.review.yaml")
    revised = DATA / "revisions" / "water-watchers.revised.unit.yaml"
    result = cli(
        "review", "merge", "ana.review.yaml", "ben.review.yaml", "-o", "all.review.yaml",
        "--unit", str(revised),
    )  # fmt: skip
    assert result.code == 0, result.err
    lines = result.out.splitlines()
    assert lines[0] == (
        "merged 2 files into all.review.yaml: 2 review(s), 2 comment(s), "
        "0 conflict(s) kept side by side"
    )
    assert lines[1:] == [
        f"  note: comment c1 by {who} is on '{last_task}', which the unit no longer has (kept)"
        for who in ("Ana", "Ben")
    ]
    merged = files.load_review_file(workspace / "all.review.yaml")
    assert merged == merge_review_files(
        [files.load_review_file(workspace / f"{n}.review.yaml") for n in ("ana", "ben")]
    )


def test_review_merge_refuses_files_about_different_units(cli, workspace):
    cli("review", "new", "water-watchers.unit.yaml", "--reviewer", "Ana", "--date", "2026-11-20")
    shutil.copy(SAMPLES / "budget-for-our-school.unit.yaml", workspace)
    cli("review", "new", "budget-for-our-school.unit.yaml", "--reviewer", "Ana")
    result = cli(
        "review", "merge", "water-watchers.review.yaml", "budget-for-our-school.review.yaml",
        "-o", "x.review.yaml",
    )  # fmt: skip
    assert result.code == 2
    assert "these review files are about different units" in result.err
    assert not (workspace / "x.review.yaml").exists()


def test_review_show_lists_scores_and_comments_by_element(cli, workspace):
    unit = load_unit(workspace / "water-watchers.unit.yaml")
    review_file = files.empty_review_file(unit)
    review = files.new_review(review_file, unit, "Ana")
    review.comments = [files.make_comment(review, unit, "driving-question", "Open?", "question")]
    files.save_review_file(review_file, workspace / "water-watchers.review.yaml")
    result = cli("review", "show", "water-watchers.review.yaml")
    assert result.code == 0, result.err
    assert "    Challenging problem or question: not decided (suggested: Demonstrating)" in (
        result.out
    )
    assert "Driving question and launch\n  Driving question\n    [question, open] Ana: Open?" in (
        result.out
    )


def test_review_commands_give_clear_errors(cli, workspace):
    missing = cli("review", "show", "nothing.review.yaml")
    assert (missing.code, missing.err) == (2, "nothing.review.yaml: no such file\n")
    cli("review", "new", "water-watchers.unit.yaml", "--reviewer", "A", "-o", "old.review.yaml")
    orphan = cli("review", "show", "old.review.yaml")
    assert orphan.code == 2
    assert orphan.err.strip() == (
        "pbl-author: error: no unit beside old.review.yaml (looked for old.unit.yaml, "
        "old.unit.json and old.ipynb); name the unit: UNIT after the review file"
    )
    wrong = cli("review", "merge", "water-watchers.unit.yaml", "-o", "x.review.yaml")
    assert wrong.code == 2
    assert "review files are named NAME.review.yaml" in wrong.err
    bad_date = cli(
        "review", "new", "water-watchers.unit.yaml", "--reviewer", "A", "--date", "22/11"
    )
    assert (bad_date.code, bad_date.err.strip()) == (
        2,
        "pbl-author: error: '22/11' is not a date; write it as YYYY-MM-DD",
    )


def test_diff_prints_text_and_writes_html(cli, workspace):
    revised = str(DATA / "revisions" / "water-watchers.revised.unit.yaml")
    text = cli("diff", "water-watchers.unit.yaml", revised)
    assert text.code == 0, text.err
    assert text.out == (DATA.parent / "golden" / "diff" / "water-watchers.diff.txt").read_text(
        encoding="utf-8"
    )
    html = cli("diff", "water-watchers.unit.yaml", revised, "--format", "html", "-o", "d.html")
    assert (html.code, html.out) == (0, "wrote d.html\n")
    assert (workspace / "d.html").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_diff_of_a_file_that_is_not_a_unit_says_so(cli, workspace):
    (workspace / "notes.txt").write_text("hello", encoding="utf-8")
    result = cli("diff", "notes.txt", "water-watchers.unit.yaml")
    assert result.code == 2
    assert result.err.strip() == (
        "notes.txt: expected a unit file (NAME.unit.yaml or NAME.unit.json) "
        "or a pbl-author notebook (NAME.ipynb)"
    )


NETWORK_RUBRIC = """\
id: cedar-network-design
title: Cedar Network project design rubric
levels:
- {id: emerging, title: Emerging}
- {id: approaching, title: Approaching}
- {id: meeting, title: Meeting}
- {id: exceeding, title: Exceeding}
criteria:
- id: authenticity
  title: Real-world connection
  descriptors: {emerging: School task only., meeting: Real audience., exceeding: Real client.}
- id: community-partnership
  title: Community partnership
  descriptors: {emerging: None yet., exceeding: A partner shapes the work.}
"""


def test_a_network_rubric_is_used_and_suggestions_map_onto_its_levels(cli, workspace):
    (workspace / "network.design-rubric.yaml").write_text(NETWORK_RUBRIC, encoding="utf-8")
    result = cli(
        "review", "new", "water-watchers.unit.yaml", "--reviewer", "Ana",
        "--rubric", "network.design-rubric.yaml",
    )  # fmt: skip
    assert result.code == 0, result.err
    assert result.out.splitlines()[2:] == [
        "  Real-world connection: Exceeding",  # the shipped 'demonstrating' is the top level
        "  Community partnership: no suggestion",
    ]
    reviews = files.load_review_file(workspace / "water-watchers.review.yaml")
    assert reviews.reviews[0].rubric == "cedar-network-design"
    shown = cli(
        "review", "show", "water-watchers.review.yaml", "--rubric", "network.design-rubric.yaml"
    )
    assert "    Community partnership: not decided" in shown.out


def test_a_broken_network_rubric_is_reported(cli, workspace):
    (workspace / "bad.yaml").write_text("id: x\ntitle: X\nlevels: []\ncriteria: []\n", "utf-8")
    result = cli(
        "review", "new", "water-watchers.unit.yaml", "--reviewer", "A", "--rubric", "bad.yaml"
    )
    assert result.code == 2
    assert result.err.startswith("bad.yaml: levels:")


def test_show_includes_reviews_kept_inside_the_unit(cli, workspace):
    unit = load_unit(workspace / "water-watchers.unit.yaml")
    inside = files.empty_review_file(unit)
    review = files.new_review(inside, unit, "Cy")
    review.comments = [
        files.make_comment(review, unit, "public-product", "Invite the mayor", "warm")
    ]
    save_unit(
        unit.model_copy(update={"reviews": inside.reviews}), workspace / "water-watchers.unit.yaml"
    )
    cli("review", "new", "water-watchers.unit.yaml", "--reviewer", "Ana", "--date", "2026-11-20")
    result = cli("review", "show", "water-watchers.review.yaml")
    assert result.code == 0, result.err
    assert "Reviews of 'Water Watchers: Caring for Alder Creek' (2)" in result.out
    assert "[warm, open] Cy: Invite the mayor" in result.out
