"""Rules on the path: phases and milestones."""

from __future__ import annotations

from collections.abc import Iterator

from ...model import PHASE_KINDS
from ..context import CheckContext
from ..registry import Hit, rule

PHASE_NAMES = {
    "launch": "Launch",
    "build_knowledge": "Build knowledge",
    "develop_and_critique": "Develop and critique",
    "present": "Present",
}


def _milestones(ctx: CheckContext):
    for p_index, phase in enumerate(ctx.unit.path.phases):
        for m_index, milestone in enumerate(phase.milestones):
            yield f"path.phases[{p_index}].milestones[{m_index}]", milestone


@rule("milestone-key-question", "warning", "Every milestone has a key question")
def milestone_key_question(ctx: CheckContext) -> Iterator[Hit]:
    for where, milestone in _milestones(ctx):
        if not milestone.key_question.strip():
            yield Hit(
                milestone.id,
                f"{where}.key_question",
                f"The milestone '{milestone.title}' has no key question.",
                "Name the question students answer at this point on the way to the driving "
                "question.",
            )


@rule("milestone-formative-check", "warning", "Every milestone has a formative check")
def milestone_formative_check(ctx: CheckContext) -> Iterator[Hit]:
    for where, milestone in _milestones(ctx):
        if not milestone.formative_check.strip():
            yield Hit(
                milestone.id,
                f"{where}.formative_check",
                f"The milestone '{milestone.title}' has no formative check.",
                "Plan how you will see where students are (an exit ticket, a conference, a "
                "draft) before they move on.",
            )


@rule("phases-complete", "warning", "All four inquiry phases appear")
def phases_complete(ctx: CheckContext) -> Iterator[Hit]:
    present = {phase.kind for phase in ctx.unit.path.phases}
    missing = [PHASE_NAMES[kind] for kind in PHASE_KINDS if kind not in present]
    if missing:
        yield Hit(
            "path",
            "path.phases",
            f"The path has no {', '.join(missing)} phase.",
            "A full inquiry launches, builds knowledge, develops and critiques work, and "
            "presents it.",
        )


@rule("milestone-task-consistent", "info", "Tasks are listed at the milestone they are due")
def milestone_task_consistent(ctx: CheckContext) -> Iterator[Hit]:
    listed = {(m.id, t) for m in ctx.unit.path.milestones() for t in m.tasks}
    for index, task in enumerate(ctx.unit.tasks):
        if task.due_milestone is not None and (task.due_milestone, task.id) not in listed:
            yield Hit(
                task.id,
                f"tasks[{index}].due_milestone",
                f"'{task.title}' is due at '{task.due_milestone}', but that milestone does not "
                "list it.",
                "Add the task to the milestone's tasks so the path shows when it is due.",
            )
