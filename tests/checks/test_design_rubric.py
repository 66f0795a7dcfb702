"""Suggested design-rubric levels with evidence."""

from __future__ import annotations

from pbl_author.checks.design_rubric import design_rubric, suggest_design_scores
from pbl_author.formats.unitfile import load_unit

from ..conftest import DATA, sample_unit_paths

ELEMENTS = [
    "challenging-question",
    "sustained-inquiry",
    "authenticity",
    "voice-and-choice",
    "reflection",
    "critique-and-revision",
    "public-product",
    "alignment",
]


def _levels(path):
    return {s.criterion: s.level for s in suggest_design_scores(load_unit(path))}


def test_design_rubric_has_the_essential_elements_with_three_levels():
    rubric = design_rubric()
    assert [c.id for c in rubric.criteria] == ELEMENTS
    for criterion in rubric.criteria:
        assert set(criterion.descriptors) == {"beginning", "developing", "demonstrating"}


def test_gold_samples_demonstrate_most_elements():
    for path in sample_unit_paths():
        levels = _levels(path)
        assert list(levels) == ELEMENTS
        assert sum(level == "demonstrating" for level in levels.values()) >= 6, (path, levels)


def test_defects_lower_the_matching_element():
    assert _levels(DATA / "good-unit.unit.yaml")["voice-and-choice"] == "developing"  # one point
    assert _levels(DATA / "defects" / "no-voice-and-choice.unit.yaml")["voice-and-choice"] == (
        "beginning"
    )
    assert _levels(DATA / "defects" / "dq-missing.unit.yaml")["challenging-question"] == (
        "beginning"
    )
    assert _levels(DATA / "defects" / "dq-limitless.unit.yaml")["challenging-question"] == (
        "developing"
    )
    assert _levels(DATA / "defects" / "no-critique.unit.yaml")["critique-and-revision"] == (
        "beginning"
    )
    assert (
        _levels(DATA / "defects" / "critique-without-revision.unit.yaml")["critique-and-revision"]
        == "developing"
    )
    assert _levels(DATA / "defects" / "no-public-date.unit.yaml")["public-product"] == "developing"


def test_suggestions_carry_evidence():
    (question, *_) = suggest_design_scores(load_unit(DATA / "good-unit.unit.yaml"))
    assert question.evidence == [
        "Driving question: How can we, as creek keepers, protect Mill Creek from storm water "
        "for the families who fish there?"
    ]
