"""The sample units and templates: valid, canonical, complete, and faithful to their frameworks.

The samples are the corpus every later golden test runs over, so they are held
to what the foundation issue asks of a complete, realistic unit.
"""

from __future__ import annotations

import pytest

from pbl_author.formats.unitfile import dumps, load_unit
from pbl_author.frameworks import builtin_frameworks, embed_competency, load_framework
from pbl_author.model import PHASE_KINDS

from .conftest import SAMPLES, sample_unit_paths, template_paths

SAMPLE_FRAMEWORKS = {
    framework.id: framework
    for framework in (
        load_framework(p) for p in sorted(SAMPLES.glob("frameworks/*.framework.yaml"))
    )
}
ALL_FRAMEWORKS = {**builtin_frameworks(), **SAMPLE_FRAMEWORKS}
UNITS = sample_unit_paths()


def test_there_are_at_least_four_samples_and_three_templates():
    assert len(UNITS) >= 4
    assert {p.name for p in template_paths()} >= {
        "pbl.unit.yaml",
        "inquiry.unit.yaml",
        "ubd.unit.yaml",
    }


def test_cli_validates_the_samples_and_templates(cli):
    result = cli("validate", str(SAMPLES), str(SAMPLES.parent / "templates"))
    assert result.code == 0, result.err
    assert result.err == ""


@pytest.mark.parametrize("path", UNITS + template_paths(), ids=lambda p: p.name)
def test_file_is_in_canonical_form(path):
    """Saving a sample changes nothing, so the designer's saves give minimal diffs."""
    assert dumps(load_unit(path), path) == path.read_text(encoding="utf-8")


@pytest.mark.parametrize("path", UNITS + template_paths(), ids=lambda p: p.name)
def test_embedded_competencies_match_their_frameworks(path):
    unit = load_unit(path)
    for copy in unit.competencies:
        framework_id, _, item_id = copy.ref.partition(":")
        assert framework_id in ALL_FRAMEWORKS, f"{copy.ref}: framework not shipped"
        assert copy == embed_competency(ALL_FRAMEWORKS[framework_id], item_id), copy.ref


def test_samples_span_grade_bands():
    grades = {grade for path in UNITS for grade in load_unit(path).identity.grades}
    assert grades & {"K", "1", "2", "3", "4", "5"}
    assert grades & {"6", "7", "8"}
    assert grades & {"9", "10"}
    assert grades & {"11", "12"}


@pytest.mark.parametrize("path", UNITS, ids=lambda p: p.name)
def test_sample_is_a_complete_unit(path):
    unit = load_unit(path)
    framing = unit.framing
    assert framing.driving_question.strip().endswith("?")
    assert framing.entry_event.description
    assert len(framing.need_to_knows) >= 3
    assert framing.authentic_context and framing.partners

    roles = {target.role for target in unit.goals.targets}
    assert roles == {"target_standard", "success_skill", "sel"}
    frameworks = {target.competency.partition(":")[0] for target in unit.goals.targets}
    assert {"4cs", "casel"} <= frameworks
    assert frameworks & set(SAMPLE_FRAMEWORKS), "needs a subject framework"
    assert all(t.text.startswith("I can") for t in unit.goals.learning_targets)
    assert unit.goals.learning_targets

    assert len(unit.tasks) >= 3
    for task in unit.tasks:
        grasps = task.grasps
        assert all(
            [
                grasps.goal,
                grasps.role,
                grasps.audience,
                grasps.situation,
                grasps.product,
                grasps.standards,
            ]
        ), task.id
        assert task.alignments and task.rubric and task.due_milestone, task.id
        if task.mode == "team":
            assert task.individual_evidence, task.id
    assessed = {a.competency for t in unit.tasks for a in t.alignments if a.level == "assess"}
    assert {target.competency for target in unit.goals.targets} <= assessed

    assert [phase.kind for phase in unit.path.phases] == list(PHASE_KINDS)
    for milestone in unit.path.milestones():
        assert milestone.key_question and milestone.formative_check, milestone.id

    for rubric in unit.rubrics:
        assert rubric.criteria, rubric.id
        for criterion in rubric.criteria:
            described = {d.level for d in criterion.descriptors}
            if rubric.kind == "single_point":
                assert described == {rubric.proficient_level}
            else:
                assert described == {level.id for level in rubric.levels}, criterion.id
            assert all(d.teacher and d.student for d in criterion.descriptors), criterion.id

    kinds = [step.kind for step in unit.critique.steps]
    assert "critique" in kinds and "revision" in kinds[kinds.index("critique") :]
    assert unit.public_product.audiences and unit.public_product.date
    assert unit.culture.voice_and_choice
    groups = {support.group for support in unit.culture.supports}
    assert {"english_learners", "iep"} <= groups
    moments = {(p.audience, p.moment) for p in unit.reflection.prompts}
    assert ("student", "end") in moments and ("teacher", "end") in moments
    assert {("student", "launch"), ("student", "midpoint")} & moments


def test_samples_use_every_rubric_kind():
    kinds = {rubric.kind for path in UNITS for rubric in load_unit(path).rubrics}
    assert kinds == {"analytic", "single_point", "holistic"}


@pytest.mark.parametrize("template", ["pbl", "inquiry", "ubd"])
def test_new_unit_from_each_template_is_valid(template, tmp_path, cli):
    target = tmp_path / "mine.unit.yaml"
    result = cli("new", "Bridges for Our Town", "--template", template, "-o", str(target))
    assert result.code == 0, result.err
    unit = load_unit(target)
    assert unit.title == "Bridges for Our Town"
    assert unit.id == "bridges-for-our-town"
    assert unit.status == "draft"
