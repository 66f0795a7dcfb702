"""The semantic diff: golden text and HTML for every sample and its revised version
(``tests/data/revisions``, made by ``scripts/make_revisions.py``), and the rules."""

from __future__ import annotations

import pytest

from pbl_author.formats.unitfile import load_unit
from pbl_author.model import parse_unit
from pbl_author.review.diff import diff_text, diff_units
from pbl_author.review.diff_html import render_diff_html, word_diff

from ..conftest import DATA, SAMPLES
from ..golden_files import check_golden

GOLDEN = DATA.parent / "golden" / "diff"
PAIRS = sorted(p.name.replace(".unit.yaml", "") for p in SAMPLES.glob("*.unit.yaml"))


def _pair(name: str):
    return (
        load_unit(SAMPLES / f"{name}.unit.yaml"),
        load_unit(DATA / "revisions" / f"{name}.revised.unit.yaml"),
    )


def test_every_sample_has_a_revised_version():
    assert PAIRS and all((DATA / "revisions" / f"{n}.revised.unit.yaml").exists() for n in PAIRS)


@pytest.mark.parametrize("name", PAIRS)
def test_diff_text_golden(name):
    old, new = _pair(name)
    check_golden(GOLDEN / f"{name}.diff.txt", diff_text(diff_units(old, new)))


@pytest.mark.parametrize("name", PAIRS)
def test_diff_html_golden(name):
    old, new = _pair(name)
    check_golden(GOLDEN / f"{name}.diff.html", render_diff_html(diff_units(old, new)))


@pytest.mark.parametrize("name", PAIRS)
def test_the_revision_is_seen_for_what_it_is(name):
    """Every sample's revision: the same kinds of change, each reported where it belongs."""
    old, new = _pair(name)
    diff = diff_units(old, new)
    by_anchor = {entry.anchor: entry for entry in diff.entries}
    assert by_anchor["driving-question"].kind == "changed"
    assert by_anchor["revision-letter"].kind == "added"
    removed_task = old.tasks[-1].id
    assert by_anchor[removed_task].kind == "removed"
    # Two tasks swapped places: one of them is reported as moved, not removed and added.
    first = by_anchor[old.tasks[0].id]
    (position,) = [d for d in first.details if d.field == "position"]
    assert position.old.startswith("1 of ") and position.new.startswith("2 of ")
    # The first task's first alignment changed its level: one change, not two.
    level_changes = [d for d in first.details if d.field.startswith("alignments › alignment")]
    assert len(level_changes) == 1 and level_changes[0].kind == "changed"
    # A milestone moved to the next phase and is reported with its new place.
    moved = [e for e in diff.entries if any(d.field == "place" for d in e.details)]
    assert len(moved) == 1 and moved[0].label.startswith("Milestone:")
    # The rubric descriptor edit is found in its criterion.
    criterion = old.rubrics[0].criteria[0].id
    assert by_anchor[criterion].kind == "changed"


def test_a_unit_compared_with_itself_has_no_changes():
    old, _ = _pair("water-watchers")
    diff = diff_units(old, old)
    assert diff.empty
    assert diff_text(diff).splitlines()[3] == "  No changes."


def test_reordering_alone_is_a_move_and_reviews_are_not_changes():
    old, _ = _pair("water-watchers")
    data = old.to_data()
    data["tasks"].append(data["tasks"].pop(0))
    data["reviews"] = [{"id": "r1", "reviewer": "Ana"}]
    diff = diff_units(old, parse_unit(data))
    assert [(e.kind, e.anchor) for e in diff.entries] == [("moved", old.tasks[0].id)]


def test_word_diff_marks_only_changed_words_and_escapes_them():
    before, after = word_diff("How can we <b>help</b>?", "How might we <b>help</b>?")
    assert before == "How <del>can</del> we &lt;b&gt;help&lt;/b&gt;?"
    assert after == "How <ins>might</ins> we &lt;b&gt;help&lt;/b&gt;?"
