"""Step 5: the path: the four inquiry phases and their milestones."""

from __future__ import annotations

from ...model.path import PhaseKind
from ..commands import SetField
from ..forms import FieldSpec, ListSpec, RecordList, fresh_id, literal_options
from .base import Step
from .options import task_options

PHASE_LABELS = {
    "launch": "Launch",
    "build_knowledge": "Build knowledge",
    "develop_and_critique": "Develop and critique",
    "present": "Present",
}


class PathStep(Step):
    key = "path"
    title = "Path and milestones"
    intro = (
        "Plan the project in phases (launch, build knowledge, develop and critique, "
        "present) and the milestones where you check progress."
    )
    prefixes = ("path",)
    elements = ("path",)

    def owns(self, parts: tuple, element: str) -> bool:
        milestones = {
            m["id"]
            for p in self.context.data.get("path", {}).get("phases", [])
            for m in p.get("milestones", [])
        }
        phases = {p["id"] for p in self.context.data.get("path", {}).get("phases", [])}
        return super().owns(parts, element) or element in milestones | phases

    def build(self) -> list:
        import ipywidgets as w

        self.phases = RecordList(
            self.context,
            ("path", "phases"),
            ListSpec(
                "phase",
                [
                    FieldSpec("kind", "Kind", "choice",
                              options=literal_options(PhaseKind, PHASE_LABELS)),
                    FieldSpec("title", "Title"),
                    FieldSpec("summary", "Summary", "area", rows=2),
                ],
                new_item=lambda data: {"id": fresh_id(data, "phase"), "kind": "launch",
                                       "title": "New phase"},
                rows=4,
            ),
        )  # fmt: skip

        def milestone_path():
            phase = self.phases.item_path
            return None if phase is None else (*phase, "milestones")

        self.milestones = RecordList(
            self.context,
            milestone_path,
            ListSpec(
                "milestone",
                [
                    FieldSpec("title", "Title"),
                    FieldSpec("week", "Week", "number"),
                    FieldSpec("date", "Date", "date"),
                    FieldSpec("key_question", "Key question", "area", rows=2),
                    FieldSpec("formative_check", "Formative check", "area", rows=2,
                              help="How you will see where students are at this point"),
                    FieldSpec("scaffolds", "Scaffolds", "lines"),
                    FieldSpec("tasks", "Tasks due", "multi", options=task_options),
                ],
                new_item=lambda data: {"id": fresh_id(data, "milestone"),
                                       "title": "New milestone"},
            ),
        )  # fmt: skip
        self.phases.extra.append(self.milestones)
        self.four_button = w.Button(description="Start with the four phases", icon="magic")
        self.four_button.on_click(lambda _: self.context.run(self.add_four_phases))
        self.parts = [self.phases]
        return [
            self.four_button,
            self.phases.box,
            w.HTML("<h4>Milestones of the selected phase</h4>"),
            self.milestones.box,
        ]

    def refresh(self, data: dict) -> None:
        super().refresh(data)
        self.four_button.disabled = bool(data.get("path", {}).get("phases"))

    def add_four_phases(self) -> None:
        """The four inquiry phases, in order, each ready for its milestones."""
        data = self.context.data
        phases = [
            {"id": fresh_id(data, kind.replace("_", "-")), "kind": kind, "title": label}
            for kind, label in PHASE_LABELS.items()
        ]
        self.context.edit(SetField(("path", "phases"), phases))
        self.phases.choose(0)

    def focus(self, parts: tuple) -> bool:
        if parts[:2] == ("path", "phases") and len(parts) > 3 and parts[3] == "milestones":
            self.phases.choose(parts[2])
            return self.milestones.focus(parts)
        return super().focus(parts)
