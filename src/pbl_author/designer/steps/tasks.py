"""Step 4: performance tasks (GRASPS), their alignments (introduce / practice / assess),
and other evidence."""

from __future__ import annotations

import html

from ...model.competencies import AlignmentLevel
from ...model.tasks import EvidenceKind, TaskMode
from ..commands import Align, Unalign
from ..context import Context
from ..forms import (
    LABEL_WIDTH,
    FieldSpec,
    ListSpec,
    RecordList,
    fresh_id,
    literal_options,
    set_options,
)
from ..picker import CompetencyPicker
from .base import Step
from .goals import add_competency
from .options import competency_options, milestone_options, rubric_options

LEVEL_LABELS = {"introduce": "Introduce", "practice": "Practice", "assess": "Assess"}


class AlignmentEditor:
    """The selected task's alignments: list, add (competency + level), remove."""

    def __init__(self, context: Context, tasks: RecordList):
        import ipywidgets as w

        self.context = context
        self.tasks = tasks
        style = {"description_width": LABEL_WIDTH}
        self.current = w.Select(description="Aligned to", options=[], rows=4, style=style,
                                layout=w.Layout(width="100%"))  # fmt: skip
        self.competency = w.Dropdown(description="Competency", options=[], style=style,
                                     layout=w.Layout(width="100%"))  # fmt: skip
        self.level = w.ToggleButtons(
            description="Level", options=literal_options(AlignmentLevel, LEVEL_LABELS),
            value="assess", style=style,
        )  # fmt: skip
        self.align_button = w.Button(description="Align", icon="link")
        self.unalign_button = w.Button(description="Remove alignment", icon="unlink")
        self.align_button.on_click(lambda _: context.run(self.align))
        self.unalign_button.on_click(lambda _: context.run(self.unalign))
        self.box = w.VBox(
            [self.current, self.competency, self.level,
             w.HBox([self.align_button, self.unalign_button])]
        )  # fmt: skip

    def task(self, data: dict) -> dict | None:
        path = self.tasks.item_path
        if path is None:
            return None
        return data["tasks"][path[1]] if path[1] < len(data.get("tasks", [])) else None

    def refresh(self, data: dict) -> None:
        task = self.task(data)
        alignments = [] if task is None else task.get("alignments", [])
        options = [
            (f"{a['competency']} · {LEVEL_LABELS[a['level']]}", (a["competency"], a["level"]))
            for a in alignments
        ]
        if list(self.current.options) != options:
            self.current.options = options
        set_options(self.competency, competency_options(data))
        disabled = task is None
        self.align_button.disabled = disabled or self.competency.value is None
        self.unalign_button.disabled = disabled or not options

    def align(self, ref: str | None = None) -> None:
        task = self.task(self.context.data)
        ref = ref or self.competency.value
        if task is None or ref is None:
            return
        self.context.edit(Align(task["id"], ref, self.level.value))
        self.refresh(self.context.data)

    def unalign(self) -> None:
        task = self.task(self.context.data)
        if task is None or self.current.value is None:
            return
        ref, level = self.current.value
        self.context.edit(Unalign(task["id"], ref, level))
        self.refresh(self.context.data)

    def focus(self, parts: tuple) -> bool:
        if len(parts) >= 3 and parts[0] == "tasks" and parts[2] == "alignments":
            self.current.focus()
            self.context.focused = parts[:3]
            return True
        return False


class TasksStep(Step):
    key = "tasks"
    title = "Performance tasks"
    intro = (
        "The tasks are how students show what they learned. GRASPS helps make them real: "
        "a goal, a role, an audience, a situation, a product and standards for success."
    )
    prefixes = ("tasks", "other_evidence")

    def owns(self, parts: tuple, element: str) -> bool:
        tasks = [t["id"] for t in self.context.data.get("tasks", [])]
        return super().owns(parts, element) or element in tasks

    def build(self) -> list:
        import ipywidgets as w

        self.tasks = RecordList(
            self.context,
            ("tasks",),
            ListSpec(
                "task",
                [
                    FieldSpec("title", "Title"),
                    FieldSpec("mode", "Done as", "choice",
                              options=literal_options(TaskMode, {"team": "A team"})),
                    FieldSpec("description", "Description", "area", rows=3),
                    FieldSpec(("grasps", "goal"), "Goal", "area", rows=2),
                    FieldSpec(("grasps", "role"), "Role", "area", rows=2),
                    FieldSpec(("grasps", "audience"), "Audience", "area", rows=2),
                    FieldSpec(("grasps", "situation"), "Situation", "area", rows=2),
                    FieldSpec(("grasps", "product"), "Product", "area", rows=2),
                    FieldSpec(("grasps", "standards"), "Standards", "area", rows=2),
                    FieldSpec("individual_evidence", "Individual evidence", "area", rows=2,
                              help="For team tasks: how each student shows their own learning"),
                    FieldSpec("rubric", "Rubric", "choice", options=rubric_options),
                    FieldSpec("due_milestone", "Due at milestone", "choice",
                              options=milestone_options),
                ],
                new_item=lambda data: {"id": fresh_id(data, "task"), "title": "New task"},
            ),
        )  # fmt: skip
        self.alignments = AlignmentEditor(self.context, self.tasks)
        self.tasks.extra.append(self.alignments)

        def choose(ref: str) -> None:
            add_competency(self.context, ref)
            self.alignments.align(ref)

        self.picker = CompetencyPicker(
            self.context, self.context.frameworks, choose, action="Align to this task"
        )
        self.evidence = RecordList(
            self.context,
            ("other_evidence",),
            ListSpec(
                "piece of evidence",
                [
                    FieldSpec("title", "Title"),
                    FieldSpec("kind", "Kind", "choice", options=literal_options(EvidenceKind)),
                    FieldSpec("description", "Description", "area", rows=2),
                    FieldSpec("milestone", "At milestone", "choice", options=milestone_options),
                ],
                new_item=lambda data: {"id": fresh_id(data, "evidence"), "title": "New evidence"},
                rows=3,
            ),
        )
        self.parts = [self.tasks, self.picker, self.evidence]
        return [
            self.tasks.box,
            w.HTML("<h4>Alignments of the selected task</h4>"),
            self.alignments.box,
            w.HTML(
                "<p>Or find a competency in a framework and align the task to it "
                f"at the level chosen above ({html.escape('Introduce / Practice / Assess')}).</p>"
            ),
            self.picker.box,
            w.HTML("<h4>Other evidence (quizzes, conferences, journals...)</h4>"),
            self.evidence.box,
        ]
