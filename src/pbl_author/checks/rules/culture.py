"""Rules on culture, critique and revision, the public product, reflection and GRASPS."""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..context import UNPLACED, CheckContext
from ..registry import Hit, rule


def _classroom(ctx: CheckContext, text: str) -> bool:
    """True when ``text`` names only people inside the classroom ("the teacher", "classmates")."""
    words = {w.strip() for w in ctx.threshold("classroom_people")}
    cleaned = re.sub(r"[^a-z' ]+", " ", text.lower())
    parts = [p.strip() for p in re.split(r"\b(?:and|or)\b|,", cleaned) if p.strip()]
    return bool(parts) and all(part in words for part in parts)


@rule("voice-and-choice", "warning", "Students have at least one voice-and-choice point")
def voice_and_choice(ctx: CheckContext) -> Iterator[Hit]:
    if not ctx.unit.culture.voice_and_choice:
        yield Hit(
            "culture",
            "culture.voice_and_choice",
            "Students make no real decisions in this unit.",
            "Add a voice-and-choice point: the topic, the product, the process, the team, or "
            "the audience.",
        )


@rule("public-audience", "warning", "The public product has an audience beyond the classroom")
def public_audience(ctx: CheckContext) -> Iterator[Hit]:
    audiences = [a for a in ctx.unit.public_product.audiences if a.strip()]
    if not audiences:
        yield Hit(
            "public-product",
            "public_product.audiences",
            "The public product names no audience.",
            "Name who will see the work beyond the classroom: families, a partner, a city "
            "office, younger students ...",
        )
    elif all(_classroom(ctx, a) for a in audiences):
        yield Hit(
            "public-product",
            "public_product.audiences",
            "The public product's audience is only the class and the teacher.",
            "Find an audience beyond the classroom who cares about the answer.",
        )


@rule("public-date", "warning", "The public product has a date")
def public_date(ctx: CheckContext) -> Iterator[Hit]:
    if ctx.unit.public_product.date is None:
        yield Hit(
            "public-product",
            "public_product.date",
            "The public product has no date.",
            "Set the date of the exhibition, launch or presentation; a real date makes the "
            "work real.",
        )


def _step_order(ctx: CheckContext, step) -> tuple[int, int]:
    if step.milestone is not None:
        return (ctx.milestone_order.get(step.milestone, UNPLACED), 0)
    if step.task is not None and step.task in ctx.task_order:
        return (ctx.task_order[step.task][0], 0)
    return (UNPLACED, 0)


@rule("critique-before-final", "warning", "A critique step comes before the final product")
def critique_before_final(ctx: CheckContext) -> Iterator[Hit]:
    steps = ctx.unit.critique.steps
    critiques = [s for s in steps if s.kind == "critique"]
    if not critiques:
        yield Hit(
            "critique",
            "critique.steps",
            "There is no critique step: students get no feedback on drafts before the final "
            "product.",
            "Plan a gallery walk, a tuning protocol or expert feedback on drafts.",
        )
        return
    final = ctx.final_task_index
    if final is None:
        return
    final_place = ctx.task_order[ctx.unit.tasks[final].id][0]
    placed = [_step_order(ctx, s)[0] for s in critiques if _step_order(ctx, s)[0] != UNPLACED]
    if final_place != UNPLACED and placed and min(placed) >= final_place:
        yield Hit(
            "critique",
            "critique.steps",
            f"Every critique step comes at or after the final product "
            f"('{ctx.unit.tasks[final].title}').",
            "Move a critique step to a milestone before the final product is due.",
        )


@rule("revision-after-critique", "warning", "A revision step follows critique")
def revision_after_critique(ctx: CheckContext) -> Iterator[Hit]:
    steps = ctx.unit.critique.steps
    for index, step in enumerate(steps):
        if step.kind != "critique":
            continue
        later = [s for s in steps[index + 1 :] if s.kind == "revision"]
        if not later:
            yield Hit(
                step.id,
                f"critique.steps[{index}]",
                "Students get feedback here but no revision step follows it.",
                "Add a revision step after the critique so students act on the feedback.",
            )


def _prompts(ctx: CheckContext, audience: str, moments: set[str]) -> bool:
    return any(p.audience == audience and p.moment in moments for p in ctx.unit.reflection.prompts)


@rule("reflection-student-early", "warning", "Students reflect at the start or midpoint")
def reflection_student_early(ctx: CheckContext) -> Iterator[Hit]:
    if not _prompts(ctx, "student", {"launch", "midpoint"}):
        yield Hit(
            "reflection",
            "reflection.prompts",
            "Students do not reflect until the end.",
            "Add a launch or midpoint reflection prompt so students notice their learning "
            "while it happens.",
        )


@rule("reflection-student-end", "warning", "Students reflect at the end")
def reflection_student_end(ctx: CheckContext) -> Iterator[Hit]:
    if not _prompts(ctx, "student", {"end"}):
        yield Hit(
            "reflection",
            "reflection.prompts",
            "Students have no end-of-unit reflection.",
            "Ask students to look back at the driving question, their work and their growth.",
        )


@rule("reflection-teacher", "info", "The teacher reflects at the end")
def reflection_teacher(ctx: CheckContext) -> Iterator[Hit]:
    if not _prompts(ctx, "teacher", {"end", "midpoint", "launch"}):
        yield Hit(
            "reflection",
            "reflection.prompts",
            "There is no reflection prompt for the teacher.",
            "Add one for the end: what worked, what to change next time.",
        )


@rule("team-individual-evidence", "warning", "Team tasks have individual evidence")
def team_individual_evidence(ctx: CheckContext) -> Iterator[Hit]:
    for index, task in enumerate(ctx.unit.tasks):
        if task.mode == "team" and not task.individual_evidence.strip():
            yield Hit(
                task.id,
                f"tasks[{index}].individual_evidence",
                f"'{task.title}' is a team task with no individual evidence.",
                "Say how each student shows what they learned: a section, a log, a reflection, "
                "a conference.",
            )


def _grasps(ctx: CheckContext, field: str, message: str, hint: str) -> Iterator[Hit]:
    """Tasks whose GRASPS ``field`` is empty or names only people in the classroom."""
    for index, task in enumerate(ctx.unit.tasks):
        value = getattr(task.grasps, field).strip()
        if not value or _classroom(ctx, value):
            shown = f"'{value}'" if value else "empty"
            yield Hit(
                task.id,
                f"tasks[{index}].grasps.{field}",
                message.format(task=task.title, value=shown),
                hint,
            )


@rule("grasps-role", "warning", "The GRASPS role is a real-world role")
def grasps_role(ctx: CheckContext) -> Iterator[Hit]:
    yield from _grasps(
        ctx,
        "role",
        "The role in '{task}' is {value}; students act as themselves in class.",
        "Give students a real-world role: a scientist, a planner, a curator, a designer ...",
    )


@rule("grasps-audience", "warning", "The GRASPS audience is beyond the teacher and the class")
def grasps_audience(ctx: CheckContext) -> Iterator[Hit]:
    yield from _grasps(
        ctx,
        "audience",
        "The audience of '{task}' is {value}.",
        "Name who the product is really for: a client, a partner, families, the community ...",
    )
