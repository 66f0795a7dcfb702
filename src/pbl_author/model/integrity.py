"""Cross-reference checks of a unit: ids unique, every reference resolves.

These are the rules a unit must keep to be a unit at all (a dangling reference
would break exports and the designer). Whether a unit is *well designed* is a
different question, answered by ``pbl_author.checks``.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

from .problems import Problem, did_you_mean

if TYPE_CHECKING:
    from .unit import Unit

#: Anchors a comment may use for parts of a unit that have no element id.
SECTION_ANCHORS: tuple[str, ...] = (
    "unit",
    "identity",
    "goals",
    "driving-question",
    "entry-event",
    "need-to-knows",
    "authentic-context",
    "path",
    "culture",
    "critique",
    "public-product",
    "reflection",
)


def element_ids(unit: Unit) -> Iterator[tuple[str, str]]:
    """Every (path, id) of the unit's elements that carry an id, in file order.

    Rubric levels and review comments are scoped to their rubric and review and
    are not included.
    """
    goals = unit.goals
    for name in ("understandings", "essential_questions", "knowledge", "skills"):
        for index, statement in enumerate(getattr(goals, name)):
            yield f"goals.{name}[{index}].id", statement.id
    for index, target in enumerate(goals.learning_targets):
        yield f"goals.learning_targets[{index}].id", target.id
    for index, statement in enumerate(unit.framing.need_to_knows):
        yield f"framing.need_to_knows[{index}].id", statement.id
    for index, partner in enumerate(unit.framing.partners):
        yield f"framing.partners[{index}].id", partner.id
    for index, task in enumerate(unit.tasks):
        yield f"tasks[{index}].id", task.id
    for index, evidence in enumerate(unit.other_evidence):
        yield f"other_evidence[{index}].id", evidence.id
    for index, rubric in enumerate(unit.rubrics):
        yield f"rubrics[{index}].id", rubric.id
        for c_index, criterion in enumerate(rubric.criteria):
            yield f"rubrics[{index}].criteria[{c_index}].id", criterion.id
    for p_index, phase in enumerate(unit.path.phases):
        yield f"path.phases[{p_index}].id", phase.id
        for m_index, milestone in enumerate(phase.milestones):
            yield f"path.phases[{p_index}].milestones[{m_index}].id", milestone.id
    culture = unit.culture
    for name in ("roles", "voice_and_choice", "supports"):
        for index, element in enumerate(getattr(culture, name)):
            yield f"culture.{name}[{index}].id", element.id
    for index, step in enumerate(unit.critique.steps):
        yield f"critique.steps[{index}].id", step.id
    for index, prompt in enumerate(unit.reflection.prompts):
        yield f"reflection.prompts[{index}].id", prompt.id
    for index, review in enumerate(unit.reviews):
        yield f"reviews[{index}].id", review.id


def competency_refs(unit: Unit) -> Iterator[tuple[str, str]]:
    """Every (path, competency reference) used outside the embedded copies."""
    for index, target in enumerate(unit.goals.targets):
        yield f"goals.targets[{index}].competency", target.competency
    for index, target in enumerate(unit.goals.learning_targets):
        if target.competency is not None:
            yield f"goals.learning_targets[{index}].competency", target.competency
    for index, task in enumerate(unit.tasks):
        for a_index, alignment in enumerate(task.alignments):
            yield f"tasks[{index}].alignments[{a_index}].competency", alignment.competency
    for index, evidence in enumerate(unit.other_evidence):
        for a_index, alignment in enumerate(evidence.alignments):
            yield (
                f"other_evidence[{index}].alignments[{a_index}].competency",
                alignment.competency,
            )
    for index, rubric in enumerate(unit.rubrics):
        for c_index, criterion in enumerate(rubric.criteria):
            for r_index, ref in enumerate(criterion.competencies):
                yield f"rubrics[{index}].criteria[{c_index}].competencies[{r_index}]", ref
    for p_index, phase in enumerate(unit.path.phases):
        for m_index, milestone in enumerate(phase.milestones):
            checkpoint = milestone.mastery_checkpoint
            if checkpoint is None:
                continue
            for r_index, ref in enumerate(checkpoint.competencies):
                yield (
                    f"path.phases[{p_index}].milestones[{m_index}]"
                    f".mastery_checkpoint.competencies[{r_index}]",
                    ref,
                )


def _unknown(kind: str, path: str, value: str, known: Iterable[str]) -> Problem:
    return Problem(path, f"unknown {kind} '{value}'{did_you_mean(value, known)}")


def duplicates(pairs: Iterable[tuple[str, str]], what: str) -> Iterator[Problem]:
    first: dict[str, str] = {}
    for path, value in pairs:
        if value in first:
            yield Problem(path, f"duplicate {what} '{value}' (already used at {first[value]})")
        else:
            first[value] = path


def unit_problems(unit: Unit) -> list[Problem]:
    """Every integrity problem of ``unit``, in file order."""
    problems: list[Problem] = []
    ids = list(element_ids(unit))
    problems.extend(duplicates(ids, "id"))
    for path, value in ids:
        if value in SECTION_ANCHORS:
            problems.append(
                Problem(path, f"'{value}' is reserved for a section of the unit; choose another id")
            )
    embedded = [(f"competencies[{i}].ref", c.ref) for i, c in enumerate(unit.competencies)]
    problems.extend(duplicates(embedded, "competency"))

    refs = {c.ref for c in unit.competencies}
    for path, ref in competency_refs(unit):
        if ref not in refs:
            hint = did_you_mean(ref, refs)
            extra = "" if hint else " (add it to the unit's competencies first)"
            problems.append(Problem(path, f"unknown competency '{ref}'{hint}{extra}"))

    targets = [
        (f"goals.targets[{i}].competency", t.competency) for i, t in enumerate(unit.goals.targets)
    ]
    problems.extend(duplicates(targets, "target"))

    task_ids = [task.id for task in unit.tasks]
    rubric_ids = [rubric.id for rubric in unit.rubrics]
    milestone_ids = [m.id for m in unit.path.milestones()]

    for index, task in enumerate(unit.tasks):
        if task.rubric is not None and task.rubric not in rubric_ids:
            problems.append(_unknown("rubric", f"tasks[{index}].rubric", task.rubric, rubric_ids))
        if task.due_milestone is not None and task.due_milestone not in milestone_ids:
            problems.append(
                _unknown(
                    "milestone", f"tasks[{index}].due_milestone", task.due_milestone, milestone_ids
                )
            )
        pairs = [
            (f"tasks[{index}].alignments[{a}]", f"{al.competency} ({al.level})")
            for a, al in enumerate(task.alignments)
        ]
        problems.extend(duplicates(pairs, "alignment"))

    for p_index, phase in enumerate(unit.path.phases):
        for m_index, milestone in enumerate(phase.milestones):
            for t_index, task_id in enumerate(milestone.tasks):
                if task_id not in task_ids:
                    path = f"path.phases[{p_index}].milestones[{m_index}].tasks[{t_index}]"
                    problems.append(_unknown("task", path, task_id, task_ids))

    problems.extend(_rubric_problems(unit))
    problems.extend(_culture_problems(unit, task_ids, milestone_ids))
    problems.extend(_review_problems(unit, [value for _, value in ids]))
    return problems


def _rubric_problems(unit: Unit) -> Iterator[Problem]:
    for index, rubric in enumerate(unit.rubrics):
        where = f"rubrics[{index}]"
        level_ids = [level.id for level in rubric.levels]
        yield from duplicates(
            ((f"{where}.levels[{i}].id", lid) for i, lid in enumerate(level_ids)), "level id"
        )
        scored = [level.points is not None for level in rubric.levels]
        if any(scored) and not all(scored):
            missing = scored.index(False)
            yield Problem(
                f"{where}.levels[{missing}].points",
                "give every level points, or none (this rubric scores some levels only)",
            )
        if rubric.proficient_level is not None and rubric.proficient_level not in level_ids:
            yield _unknown("level", f"{where}.proficient_level", rubric.proficient_level, level_ids)
        if rubric.kind == "single_point" and rubric.proficient_level is None and rubric.levels:
            yield Problem(
                f"{where}.proficient_level",
                "a single-point rubric needs proficient_level: the level its criteria describe",
            )
        if rubric.kind == "holistic" and len(rubric.criteria) > 1:
            yield Problem(
                f"{where}.criteria",
                f"a holistic rubric has one criterion (it has {len(rubric.criteria)}); "
                "list all its competencies on that criterion, or make the rubric analytic",
            )
        for c_index, criterion in enumerate(rubric.criteria):
            c_where = f"{where}.criteria[{c_index}]"
            described = []
            for d_index, descriptor in enumerate(criterion.descriptors):
                d_where = f"{c_where}.descriptors[{d_index}].level"
                if descriptor.level not in level_ids:
                    yield _unknown("level", d_where, descriptor.level, level_ids)
                elif descriptor.level in described:
                    yield Problem(d_where, f"level '{descriptor.level}' is described twice")
                described.append(descriptor.level)
            if rubric.kind == "single_point":
                extra = [lv for lv in described if lv != rubric.proficient_level]
                if extra and rubric.proficient_level in level_ids:
                    yield Problem(
                        f"{c_where}.descriptors",
                        "a single-point rubric describes only its proficient level "
                        f"'{rubric.proficient_level}'; remove the descriptor for '{extra[0]}'",
                    )


def _culture_problems(
    unit: Unit, task_ids: list[str], milestone_ids: list[str]
) -> Iterator[Problem]:
    for index, choice in enumerate(unit.culture.voice_and_choice):
        where = f"culture.voice_and_choice[{index}]"
        if choice.milestone is not None and choice.milestone not in milestone_ids:
            yield _unknown("milestone", f"{where}.milestone", choice.milestone, milestone_ids)
        if choice.task is not None and choice.task not in task_ids:
            yield _unknown("task", f"{where}.task", choice.task, task_ids)
    for index, evidence in enumerate(unit.other_evidence):
        if evidence.milestone is not None and evidence.milestone not in milestone_ids:
            yield _unknown(
                "milestone", f"other_evidence[{index}].milestone", evidence.milestone, milestone_ids
            )
    for index, prompt in enumerate(unit.reflection.prompts):
        if prompt.milestone is not None and prompt.milestone not in milestone_ids:
            yield _unknown(
                "milestone",
                f"reflection.prompts[{index}].milestone",
                prompt.milestone,
                milestone_ids,
            )
    for index, step in enumerate(unit.critique.steps):
        where = f"critique.steps[{index}]"
        if step.milestone is not None and step.milestone not in milestone_ids:
            yield _unknown("milestone", f"{where}.milestone", step.milestone, milestone_ids)
        if step.task is not None and step.task not in task_ids:
            yield _unknown("task", f"{where}.task", step.task, task_ids)


def _review_problems(unit: Unit, ids: list[str]) -> Iterator[Problem]:
    anchors = [*ids, *SECTION_ANCHORS]
    for index, review in enumerate(unit.reviews):
        comment_ids = (
            (f"reviews[{index}].comments[{c}].id", comment.id)
            for c, comment in enumerate(review.comments)
        )
        yield from duplicates(comment_ids, "comment id")
        for c_index, comment in enumerate(review.comments):
            if comment.anchor not in anchors:
                yield _unknown(
                    "element",
                    f"reviews[{index}].comments[{c_index}].anchor",
                    comment.anchor,
                    anchors,
                )
