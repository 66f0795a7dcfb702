"""Step 3: goals and competencies: find competencies in frameworks, make them targets,
write "I can" learning targets and the big ideas."""

from __future__ import annotations

import html

from ...model.competencies import TargetRole
from ..commands import AddCompetency, RemoveItem, SetField
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
from .options import competency_options

ROLE_LABELS = {"target_standard": "Target standard", "success_skill": "Success skill",
               "sel": "Social-emotional (SEL)"}  # fmt: skip


def role_for(competency: dict) -> str:
    """The target role a competency most likely plays (the teacher can change it)."""
    ref = competency["ref"]
    kind = str(competency.get("type", "")).lower()
    if ref.startswith("casel:") or "social" in kind:
        return "sel"
    if ref.startswith("4cs:") or "success skill" in kind:
        return "success_skill"
    return "target_standard"


class CompetencyList:
    """The unit's competencies: one selector, its target role, remove."""

    def __init__(self, context: Context):
        import ipywidgets as w

        self.context = context
        style = {"description_width": LABEL_WIDTH}
        self.select = w.Select(description="In this unit", options=[], rows=6, style=style,
                               layout=w.Layout(width="100%"))  # fmt: skip
        self.role = w.Dropdown(
            description="Role in the goals",
            options=[("Not a target", None), *literal_options(TargetRole, ROLE_LABELS)],
            style=style,
        )
        self.remove_button = w.Button(description="Remove competency", icon="trash")
        self.detail = w.HTML()
        self._syncing = False
        self.select.observe(lambda _: context.run(self.refresh), names="value")
        self.role.observe(lambda change: context.run(lambda: self.set_role(change["new"])),
                          names="value")  # fmt: skip
        self.remove_button.on_click(lambda _: context.run(self.remove))
        self.box = w.VBox([self.select, w.HBox([self.role, self.remove_button]), self.detail])

    def refresh(self, data: dict | None = None) -> None:
        if self._syncing:
            return
        data = self.context.data if data is None else data
        options = competency_options(data)
        self._syncing = True
        try:
            set_options(self.select, options, keep="last")
            ref = self.select.value
            targets = {t["competency"]: t["role"] for t in data.get("goals", {}).get("targets", [])}
            self.role.value = targets.get(ref)
            self.role.disabled = self.remove_button.disabled = ref is None
            chosen = next((c for c in data.get("competencies", []) if c["ref"] == ref), None)
            self.detail.value = (
                ""
                if chosen is None
                else f"<p><code>{html.escape(chosen['ref'])}</code> "
                f"{html.escape(chosen.get('framework', ''))}: "
                f"{html.escape(chosen['statement'])}</p>"
            )
        finally:
            self._syncing = False

    def set_role(self, role: str | None) -> None:
        if self._syncing or self.select.value is None:
            return
        ref = self.select.value
        targets = [t for t in self.context.data.get("goals", {}).get("targets", [])
                   if t["competency"] != ref]  # fmt: skip
        if role is not None:
            targets.append({"competency": ref, "role": role})
        self.context.edit(SetField(("goals", "targets"), targets))

    def remove(self) -> None:
        ref = self.select.value
        if ref is None:
            return
        data = self.context.data
        if any(t["competency"] == ref for t in data.get("goals", {}).get("targets", [])):
            self.set_role(None)
        self.context.edit(RemoveItem(("competencies",), _position(data, ref)))
        self.refresh()

    def focus(self, parts: tuple) -> bool:
        if parts[:1] == ("competencies",) and len(parts) > 1 and isinstance(parts[1], int):
            options = [v for _, v in self.select.options]
            if parts[1] < len(options):
                self.select.value = options[parts[1]]
            self.select.focus()
            self.context.focused = parts[:2]
            return True
        if parts[:2] == ("goals", "targets"):
            self.role.focus()
            self.context.focused = parts[:2]
            return True
        return False


def _position(data: dict, ref: str) -> int:
    return [c["ref"] for c in data.get("competencies", [])].index(ref)


def add_competency(context: Context, ref: str) -> dict:
    """Embed the competency ``ref`` from its framework (once) as a target; its data."""
    existing = next((c for c in context.data.get("competencies", []) if c["ref"] == ref), None)
    competency = existing or context.frameworks.embed(ref)
    if existing is None:
        context.edit(AddCompetency(competency, role_for(competency)))
    return competency


class GoalsStep(Step):
    key = "goals"
    title = "Goals and competencies"
    intro = (
        "Find the standards, success skills and social-emotional competencies the unit "
        "builds, then write the learning targets students will see."
    )
    prefixes = ("competencies", "goals")
    elements = ("goals",)

    def build(self) -> list:
        import ipywidgets as w

        self.competencies = CompetencyList(self.context)

        def choose(ref: str) -> None:
            add_competency(self.context, ref)
            self.competencies.refresh()
            self.competencies.select.value = ref

        self.picker = CompetencyPicker(self.context, self.context.frameworks, choose)
        text_list = lambda noun, prefix, sample: ListSpec(  # noqa: E731
            noun,
            [FieldSpec("text", "Text", "area", rows=2)],
            new_item=lambda data: {"id": fresh_id(data, prefix), "text": sample},
        )
        self.targets = RecordList(
            self.context,
            ("goals", "learning_targets"),
            ListSpec(
                "learning target",
                [
                    FieldSpec("text", "I can ...", "area", rows=2),
                    FieldSpec("competency", "Competency", "choice", options=competency_options),
                ],
                new_item=lambda data: {"id": fresh_id(data, "lt"), "text": "I can ..."},
            ),
        )
        self.understandings = RecordList(
            self.context, ("goals", "understandings"),
            text_list("understanding", "understanding", "Students will understand that ..."),
        )  # fmt: skip
        self.questions = RecordList(
            self.context, ("goals", "essential_questions"),
            text_list("essential question", "eq", "Why ...?"),
        )  # fmt: skip
        self.parts = [self.picker, self.competencies, self.targets, self.understandings,
                      self.questions]  # fmt: skip
        return [
            self.picker.box,
            w.HTML("<h4>Competencies in this unit</h4>"),
            self.competencies.box,
            w.HTML("<h4>Learning targets</h4>"),
            self.targets.box,
            w.HTML("<h4>Big ideas (understandings)</h4>"),
            self.understandings.box,
            w.HTML("<h4>Essential questions</h4>"),
            self.questions.box,
        ]
