"""Cross-references and suggestions, beyond the invalid-file corpus."""

from __future__ import annotations

import pytest

from pbl_author.formats.unitfile import load_unit
from pbl_author.model import DocumentError, element_ids, parse_unit
from pbl_author.model.problems import suggest

from .conftest import DATA, sample_unit_paths


@pytest.mark.parametrize(
    ("value", "candidates", "expected"),
    [
        ("casel:sa", ["casel:self-awareness", "casel:self-management"], "casel:self-awareness"),
        ("casel:self", ["casel:self-awareness", "casel:self-management"], None),
        ("casel:social", ["casel:social-awareness", "4cs:social"], "casel:social-awareness"),
        ("4cs:colab", ["4cs:collaboration", "4cs:communication"], "4cs:collaboration"),
        ("field-note", ["field-notes", "final-show"], "field-notes"),
        ("zzz", ["field-notes"], None),
        ("", ["field-notes"], None),
    ],
)
def test_suggestions(value, candidates, expected):
    assert suggest(value, candidates) == expected


def test_every_problem_is_reported_not_just_the_first():
    data = load_unit(DATA / "creek-study.unit.yaml").to_data()
    data["tasks"][0]["rubric"] = "nope"
    data["tasks"][1]["due_milestone"] = "never"
    data["path"]["phases"][0]["milestones"][0]["tasks"] = ["ghost"]
    with pytest.raises(DocumentError) as caught:
        parse_unit(data)
    assert [p.path for p in caught.value.problems] == [
        "tasks[0].rubric",
        "tasks[1].due_milestone",
        "path.phases[0].milestones[0].tasks[0]",
    ]


def test_assignment_is_validated_too():
    unit = load_unit(DATA / "creek-study.unit.yaml")
    with pytest.raises(ValueError):
        unit.tasks[0].mode = "solo"


@pytest.mark.parametrize("path", sample_unit_paths(), ids=lambda p: p.name)
def test_sample_ids_are_unique_and_readable(path):
    ids = [value for _, value in element_ids(load_unit(path))]
    assert len(ids) == len(set(ids))
    assert all(len(value) <= 48 for value in ids)


def test_ids_survive_reordering():
    data = load_unit(DATA / "creek-study.unit.yaml").to_data()
    data["tasks"].reverse()
    unit = parse_unit(data)
    assert unit.task("field-notes").rubric == "notes-rubric"


def test_the_fast_character_screen_misses_no_forbidden_character():
    import unicodedata

    from pbl_author.model.base import _SUSPECT

    forbidden = [
        chr(code)
        for code in range(0x110000)
        if (unicodedata.category(chr(code)) == "Cc" and chr(code) not in "\n\t")
        or unicodedata.category(chr(code)) == "Cs"
        or chr(code) in "\ufffe\uffff"
    ]
    assert forbidden and all(_SUSPECT.search(char) for char in forbidden)
