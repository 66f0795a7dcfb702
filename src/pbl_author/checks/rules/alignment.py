"""Rules on alignment: goals, tasks and rubrics line up."""

from __future__ import annotations

from collections.abc import Iterator

from ..context import CheckContext
from ..registry import Hit, rule


@rule("target-assessed", "error", "Every target competency is assessed by a task")
def target_assessed(ctx: CheckContext) -> Iterator[Hit]:
    for index, target in enumerate(ctx.unit.goals.targets):
        if target.competency not in ctx.first_assessment:
            yield Hit(
                "goals",
                f"goals.targets[{index}].competency",
                f"{ctx.label(target.competency)} is a target, but no performance task assesses it.",
                "Align a task to it at level Assess, with a rubric criterion for it, or stop "
                "targeting it.",
            )


@rule("introduced-before-assessed", "warning", "Targets are introduced or practised first")
def introduced_before_assessed(ctx: CheckContext) -> Iterator[Hit]:
    for ref, (_, t_index, a_index) in ctx.first_assessment.items():
        if ref in ctx.targets and ctx.assessed_before_built_up(ref):
            task = ctx.unit.tasks[t_index]
            yield Hit(
                task.id,
                f"tasks[{t_index}].alignments[{a_index}]",
                f"{ctx.label(ref)} is assessed in '{task.title}' before any task introduces or "
                "practises it.",
                "Add an earlier task or check (Introduce or Practice) so students learn it "
                "before they are assessed on it.",
            )


@rule("task-aligned", "error", "Every task aligns to a competency")
def task_aligned(ctx: CheckContext) -> Iterator[Hit]:
    for index, task in enumerate(ctx.unit.tasks):
        if not task.alignments:
            yield Hit(
                task.id,
                f"tasks[{index}].alignments",
                f"'{task.title}' is not aligned to any competency.",
                "Say which competencies the task introduces, practises or assesses.",
            )


@rule("task-rubric", "error", "Every task has a rubric")
def task_rubric(ctx: CheckContext) -> Iterator[Hit]:
    for index, task in enumerate(ctx.unit.tasks):
        if task.rubric is None:
            yield Hit(
                task.id,
                f"tasks[{index}].rubric",
                f"'{task.title}' has no rubric, so students cannot see what quality looks like.",
                "Draft a rubric from the task's alignments and link it to the task.",
            )


@rule("criterion-targeted", "warning", "Every rubric criterion maps to a target competency")
def criterion_targeted(ctx: CheckContext) -> Iterator[Hit]:
    for r_index, rubric in enumerate(ctx.unit.rubrics):
        for c_index, criterion in enumerate(rubric.criteria):
            if not any(ref in ctx.targets for ref in criterion.competencies):
                names = ", ".join(ctx.label(ref) for ref in criterion.competencies)
                yield Hit(
                    criterion.id,
                    f"rubrics[{r_index}].criteria[{c_index}].competencies",
                    f"The criterion '{criterion.title}' measures {names}, which the unit does not "
                    "target.",
                    "Tie the criterion to a target competency, or add the competency to the "
                    "unit's targets.",
                )


@rule("rubric-used", "warning", "Every rubric is used by a task")
def rubric_used(ctx: CheckContext) -> Iterator[Hit]:
    used = {task.rubric for task in ctx.unit.tasks}
    for index, rubric in enumerate(ctx.unit.rubrics):
        if rubric.id not in used:
            yield Hit(
                rubric.id,
                f"rubrics[{index}]",
                f"The rubric '{rubric.title}' is not used by any task.",
                "Link it to the task it assesses, or remove it.",
            )


@rule("rubric-orphan-row", "warning", "No orphan rubric rows")
def rubric_orphan_row(ctx: CheckContext) -> Iterator[Hit]:
    for r_index, rubric in enumerate(ctx.unit.rubrics):
        tasks = [task for task in ctx.unit.tasks if task.rubric == rubric.id]
        if not tasks:
            continue  # rubric-used reports it
        aligned = {a.competency for task in tasks for a in task.alignments}
        for c_index, criterion in enumerate(rubric.criteria):
            if not aligned.intersection(criterion.competencies):
                yield Hit(
                    criterion.id,
                    f"rubrics[{r_index}].criteria[{c_index}]",
                    f"The criterion '{criterion.title}' measures a competency that no task using "
                    f"'{rubric.title}' is aligned to.",
                    "Align the task to that competency, or remove the row.",
                )


@rule("aligned-not-targeted", "info", "Aligned competencies are targets")
def aligned_not_targeted(ctx: CheckContext) -> Iterator[Hit]:
    reported: set[str] = set()
    for t_index, task in enumerate(ctx.unit.tasks):
        for a_index, alignment in enumerate(task.alignments):
            ref = alignment.competency
            if ref in ctx.targets or ref in reported:
                continue
            reported.add(ref)
            yield Hit(
                task.id,
                f"tasks[{t_index}].alignments[{a_index}]",
                f"{ctx.label(ref)} is aligned to '{task.title}' but is not one of the unit's "
                "targets.",
                "That is fine for a supporting skill; make it a target if the unit should build "
                "and assess it.",
            )
