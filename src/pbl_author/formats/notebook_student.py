"""The student notebook, ``NAME.student.ipynb``: the project from a student's side.

Cells, in order (role, ref); the cells students write in are marked with a pencil:

- ``overview`` (unit id): title, grades, subjects, how to use the notebook;
- ``launch`` (``entry-event``) and ``driving-question``;
- ``student-need-to-know`` (``need-to-knows``) ✏️;
- ``section`` (``path``), then per phase ``phase`` (phase id) and per milestone ``milestone``
  (milestone id: question, check-in, help, what is due), ``student-evidence`` ✏️ and
  ``student-reflection`` ✏️ (both with the milestone id as ref);
- ``section`` (``tasks``), then ``task`` (task id) per performance task, GRASPS in student words;
- ``section`` (``rubrics``), then per rubric ``rubric`` (rubric id, student wording, teacher
  wording where there is none) and ``self-assessment`` ✏️ (rubric id);
- ``public-product``;
- ``section`` (``reflection``) and a ``student-reflection`` ✏️ per student reflection prompt
  not tied to a milestone (prompt id), when there are any;
- ``open-designer`` (unit id): the one code cell, for the teacher.
"""

from __future__ import annotations

from typing import Any

from ..model import Milestone, PerformanceTask, Rubric, Unit
from .notebook_cells import (
    PHASE_WORDS,
    NotebookBuilder,
    bullet,
    code,
    date_text,
    facts_line,
    grades_text,
    md_item,
    md_label,
    md_list,
    md_nested,
    milestone_titles,
    notebook_bytes,
    quote,
    safe_markdown,
    table_markdown,
)
from .notebook_teacher import rubric_kind_line, rubric_table, when_text

PENCIL = "✏️"

GRASPS = (
    ("goal", "Your goal"),
    ("role", "Your role"),
    ("audience", "Your audience"),
    ("situation", "The situation"),
    ("product", "What you will make"),
    ("standards", "How your work will be judged"),
)


def export(unit: Unit) -> bytes:
    """The student notebook as file bytes (nbformat 4.5 JSON); same unit, same bytes."""
    return notebook_bytes(build(unit))


def build(unit: Unit) -> dict[str, Any]:
    """The student notebook as plain nbformat data."""
    nb = NotebookBuilder()
    _overview(nb, unit)
    _launch(nb, unit)
    _path(nb, unit)
    _tasks(nb, unit)
    _rubrics(nb, unit)
    _public_product(nb, unit)
    _reflection(nb, unit)
    nb.designer_cell(unit, for_teacher=True)
    return nb.notebook(unit)


def _overview(nb: NotebookBuilder, unit: Unit) -> None:
    identity = unit.identity
    facts = facts_line(
        [
            grades_text(identity.grades),
            ", ".join(md_label(subject) for subject in identity.subjects if subject.strip()),
        ]
    )
    nb.markdown(
        "overview",
        unit.id,
        f"# {md_label(unit.title) or code(unit.id)}",
        f"_{facts}_" if facts else "",
        safe_markdown(identity.summary),
        f"**How to use this notebook:** the cells marked {PENCIL} are yours. Double-click one "
        "(or select it and press Enter) to write in it, and press Shift+Enter when you are "
        "done. Save the notebook often.",
    )


def _launch(nb: NotebookBuilder, unit: Unit) -> None:
    framing = unit.framing
    nb.markdown(
        "launch",
        "entry-event",
        "## Launch",
        safe_markdown(framing.entry_event.description)
        or "_Your teacher will launch the project in class._",
    )
    question = safe_markdown(framing.driving_question)
    nb.markdown(
        "driving-question",
        "driving-question",
        "## Our driving question",
        quote(question) if question else "_Your class will write the driving question together._",
    )
    nb.markdown(
        "student-need-to-know",
        "need-to-knows",
        f"### {PENCIL} What do we need to know?",
        "_To answer the driving question, what do you need to find out? Write your questions "
        "here, one per line, and add to them as the project goes on._",
        "-",
    )


def _path(nb: NotebookBuilder, unit: Unit) -> None:
    phases = unit.path.phases
    nb.section(
        "path",
        "Our path",
        "The milestones of the project, in order. At each one, show your evidence and "
        "reflect on how it went."
        if phases
        else "_Your teacher will share the milestones of the project._",
    )
    prompts: dict[str, list[str]] = {}
    for prompt in unit.reflection.prompts:
        if prompt.audience == "student" and prompt.milestone is not None:
            prompts.setdefault(prompt.milestone, []).append(prompt.text)
    tasks = {task.id: task.title for task in unit.tasks}
    number = 0
    for phase in phases:
        nb.markdown(
            "phase",
            phase.id,
            f"## {md_label(phase.title) or PHASE_WORDS[phase.kind]}",
            safe_markdown(phase.summary),
        )
        for milestone in phase.milestones:
            number += 1
            _milestone(nb, milestone, number, tasks, prompts.get(milestone.id, []))


def _milestone(
    nb: NotebookBuilder,
    milestone: Milestone,
    number: int,
    tasks: dict[str, str],
    prompts: list[str],
) -> None:
    title = md_label(milestone.title) or code(milestone.id)
    when = when_text(milestone)
    items = [
        md_item("**Our question:**", milestone.key_question),
        md_item("**Check-in:**", milestone.formative_check),
        md_nested("**Help you can use:**", (md_item(None, text) for text in milestone.scaffolds)),
    ]
    if milestone.tasks:
        names = ", ".join(md_label(tasks[t]) or code(t) for t in milestone.tasks)
        items.append(bullet(f"**What is due:** {names}"))
    checkpoint = milestone.mastery_checkpoint
    if checkpoint is not None:
        items.append(
            md_item(
                "**Before you move on:**",
                checkpoint.description or "show your teacher what you have mastered.",
                always=True,
            )
        )
    nb.markdown(
        "milestone",
        milestone.id,
        f"### Milestone {number}: {title}",
        f"_{when}_" if when else "",
        md_list(items),
    )
    nb.markdown(
        "student-evidence",
        milestone.id,
        f"#### {PENCIL} My evidence: {title}",
        "_What did you do, make or find out for this milestone? Write it here, or paste a "
        "link to your work._",
    )
    questions = md_list(md_item(None, text) for text in prompts) or (
        "- What did I learn?\n- What went well, and what will I do differently next?"
    )
    nb.markdown(
        "student-reflection",
        milestone.id,
        f"#### {PENCIL} My reflection: {title}",
        questions,
        "_Write your thinking here._",
    )


def _tasks(nb: NotebookBuilder, unit: Unit) -> None:
    nb.section(
        "tasks",
        "What you will make",
        "" if unit.tasks else "_Your teacher will share the tasks of the project._",
    )
    titles = milestone_titles(unit)
    for task in unit.tasks:
        _task(nb, unit, task, titles)


def _task(nb: NotebookBuilder, unit: Unit, task: PerformanceTask, titles: dict[str, str]) -> None:
    facts = ["Team task" if task.mode == "team" else "On your own"]
    if task.due_milestone is not None:
        facts.append(
            "due at: " + (md_label(titles[task.due_milestone]) or code(task.due_milestone))
        )
    if task.rubric is not None:
        facts.append("rubric: " + (md_label(unit.rubric(task.rubric).title) or code(task.rubric)))
    nb.markdown(
        "task",
        task.id,
        f"### {md_label(task.title) or code(task.id)}",
        f"_{facts_line(facts)}_",
        safe_markdown(task.description),
        md_list(md_item(f"**{label}:**", getattr(task.grasps, key)) for key, label in GRASPS),
        md_item("**What you do on your own:**", task.individual_evidence)
        if task.mode == "team"
        else "",
    )


def _self_assessment(rubric: Rubric) -> str:
    levels = ", ".join(md_label(level.title) or code(level.id) for level in rubric.levels)
    rows = [[f"**{md_label(c.title, table=True) or code(c.id)}**", "", ""] for c in rubric.criteria]
    return "\n\n".join(
        part
        for part in (
            f"#### {PENCIL} My self-assessment: {md_label(rubric.title) or code(rubric.id)}",
            "_For each row, write the level you think your work is at"
            + (f" ({levels})" if levels else "")
            + " and the evidence that shows it._",
            table_markdown(["Criterion", "My level", "My evidence"], rows) if rows else "",
        )
        if part
    )


def _rubrics(nb: NotebookBuilder, unit: Unit) -> None:
    nb.section(
        "rubrics",
        "Rubrics",
        "How your work will be judged. Use them while you work, not only at the end."
        if unit.rubrics
        else "_Your teacher will share the rubrics of the project._",
    )
    for rubric in unit.rubrics:
        nb.markdown(
            "rubric",
            rubric.id,
            f"### {md_label(rubric.title) or code(rubric.id)}",
            f"_{rubric_kind_line(rubric)}_",
            rubric_table(rubric, student=True, unit=unit),
        )
        nb.markdown("self-assessment", rubric.id, _self_assessment(rubric))


def _public_product(nb: NotebookBuilder, unit: Unit) -> None:
    product = unit.public_product
    audiences = ", ".join(md_label(a) for a in product.audiences if a.strip())
    nb.markdown(
        "public-product",
        "public-product",
        "## Going public",
        safe_markdown(product.description) or "_Your teacher will share how you will go public._",
        md_list(
            [
                bullet(f"**Who will see it:** {audiences}") if audiences else "",
                bullet(f"**When:** {date_text(product.date)}") if product.date else "",
                bullet(f"**Where:** {md_label(product.venue)}") if product.venue.strip() else "",
            ]
        ),
    )


def _reflection(nb: NotebookBuilder, unit: Unit) -> None:
    prompts = [
        prompt
        for prompt in unit.reflection.prompts
        if prompt.audience == "student" and prompt.milestone is None
    ]
    if not prompts:
        return
    nb.section("reflection", "Looking back")
    moments = {"launch": "At the start", "midpoint": "Halfway", "end": "At the end"}
    for prompt in prompts:
        nb.markdown(
            "student-reflection",
            prompt.id,
            f"### {PENCIL} {moments[prompt.moment]}",
            safe_markdown(prompt.text),
            "_Write your thinking here._",
        )
