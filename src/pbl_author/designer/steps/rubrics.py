"""Step 7: rubrics: draft one from a task's alignments, then edit criteria and levels in
a grid, in teacher or student wording; analytic, single-point or holistic."""

from __future__ import annotations

from ...model.rubric import RubricKind
from ..commands import AddItem, DraftRubric, SetField
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
from .base import Step
from .options import competency_options, task_options

KIND_LABELS = {"single_point": "Single-point"}
HIDDEN_LABEL = {"description_width": "0px"}  # labelled for screen readers, no room taken


def proficient_level(rubric: dict) -> str | None:
    levels = rubric.get("levels", [])
    if rubric.get("proficient_level"):
        return rubric["proficient_level"]
    named = [lv["id"] for lv in levels if lv["title"].strip().lower() == "proficient"]
    return named[0] if named else (levels[len(levels) // 2]["id"] if levels else None)


class RubricGrid:
    """Criteria (rows) by levels (columns) of the selected rubric."""

    def __init__(self, context: Context, rubrics: RecordList):
        import ipywidgets as w

        self.context = context
        self.rubrics = rubrics
        self.wording = w.ToggleButtons(
            description="Wording",
            options=[("For teachers", "teacher"), ("For students", "student")],
            value="teacher", style={"description_width": LABEL_WIDTH},
        )  # fmt: skip
        self.wording.observe(lambda _: context.run(lambda: self.refresh(context.data, True)),
                             names="value")  # fmt: skip
        self.add_criterion_button = w.Button(description="Add criterion", icon="plus")
        self.add_level_button = w.Button(description="Add level", icon="plus")
        self.remove_level_button = w.Button(description="Remove last level", icon="minus")
        self.add_criterion_button.on_click(lambda _: context.run(self.add_criterion))
        self.add_level_button.on_click(lambda _: context.run(self.add_level))
        self.remove_level_button.on_click(lambda _: context.run(self.remove_level))
        self.grid = w.GridBox([], layout=w.Layout(width="100%"))
        self.grid.add_class("pbl-rubric-grid")
        self.cells: dict[tuple, object] = {}
        self._shape: tuple | None = None
        self._syncing = False
        self.box = w.VBox([
            self.wording, self.grid,
            w.HBox([self.add_criterion_button, self.add_level_button, self.remove_level_button]),
        ])  # fmt: skip

    def rubric(self, data: dict) -> tuple[int, dict] | tuple[None, None]:
        path = self.rubrics.item_path
        if path is None or path[1] >= len(data.get("rubrics", [])):
            return None, None
        return path[1], data["rubrics"][path[1]]

    def _columns(self, rubric: dict) -> list[dict]:
        levels = rubric.get("levels", [])
        if rubric.get("kind") == "single_point":
            keep = proficient_level(rubric)
            return [lv for lv in levels if lv["id"] == keep]
        return levels

    def refresh(self, data: dict, rebuild: bool = False) -> None:
        import ipywidgets as w

        index, rubric = self.rubric(data)
        for button in (self.add_criterion_button, self.add_level_button, self.remove_level_button):
            button.disabled = rubric is None
        if rubric is None:
            self.grid.children, self._shape, self.cells = (), None, {}
            return
        columns = self._columns(rubric)
        criteria = rubric.get("criteria", [])
        shape = (index, rubric.get("kind"), tuple(lv["id"] for lv in columns),
                 tuple(c["id"] for c in criteria), self.wording.value)  # fmt: skip
        if rebuild or shape != self._shape:
            self._shape = shape
            self.cells = {}
            children = [w.HTML("<strong>Criterion</strong>")]
            for column, level in enumerate(columns):
                title = w.Text(description=f"Level {column + 1} title", style=HIDDEN_LABEL,
                               layout=w.Layout(width="100%"))  # fmt: skip
                self._bind(title, ("level", level["id"]))
                children.append(title)
            for row in range(len(criteria)):
                title = w.Textarea(description=f"Criterion {row + 1} title", style=HIDDEN_LABEL,
                                   rows=2, layout=w.Layout(width="100%"))  # fmt: skip
                self._bind(title, ("criterion", row))
                children.append(title)
                for level in columns:
                    cell = w.Textarea(
                        description=f"Criterion {row + 1}, {level['title']}", style=HIDDEN_LABEL,
                        rows=4, layout=w.Layout(width="100%"),
                    )  # fmt: skip
                    self._bind(cell, ("cell", row, level["id"]))
                    children.append(cell)
            self.grid.layout.grid_template_columns = f"14em repeat({max(len(columns), 1)}, 1fr)"
            self.grid.children = children
        self._syncing = True
        try:
            levels = {lv["id"]: lv for lv in rubric.get("levels", [])}
            for key, widget in self.cells.items():
                if key[0] == "level":
                    value = levels[key[1]]["title"]
                elif key[0] == "criterion":
                    value = criteria[key[1]]["title"]
                else:
                    found = [d for d in criteria[key[1]].get("descriptors", [])
                             if d["level"] == key[2]]  # fmt: skip
                    value = found[0].get(self.wording.value, "") if found else ""
                if widget.value != value:
                    widget.value = value
        finally:
            self._syncing = False

    def _bind(self, widget, key: tuple) -> None:
        self.cells[key] = widget
        widget.add_class("pbl-rubric-cell")
        widget.observe(lambda change: self._edited(key, change["new"]), names="value")

    def _edited(self, key: tuple, value: str) -> None:
        if self._syncing:
            return
        self.context.run(lambda: self.set(key, value))

    def set(self, key: tuple, value: str) -> None:
        """Edit one cell of the grid (a level title, a criterion title or a descriptor)."""
        data = self.context.data
        index, rubric = self.rubric(data)
        if rubric is None:
            return
        base = ("rubrics", index)
        if key[0] == "level":
            position = [lv["id"] for lv in rubric["levels"]].index(key[1])
            self.context.edit(SetField((*base, "levels", position, "title"), value))
            return
        if key[0] == "criterion":
            self.context.edit(SetField((*base, "criteria", key[1], "title"), value))
            return
        _, row, level = key
        descriptors = rubric["criteria"][row].get("descriptors", [])
        where = (*base, "criteria", row, "descriptors")
        wording = self.wording.value
        for position, descriptor in enumerate(descriptors):
            if descriptor["level"] == level:
                self.context.edit(SetField((*where, position, wording), value))
                return
        new = {"level": level, "teacher": value if wording == "teacher" else ""}
        if wording == "student":
            new["student"] = value
        self.context.edit(AddItem(where, new))

    def add_criterion(self) -> None:
        data = self.context.data
        index, rubric = self.rubric(data)
        if rubric is None:
            return
        refs = [c for _, c in competency_options(data)]
        used = rubric.get("criteria", [])
        ref = used[-1]["competencies"][0] if used else (refs[0] if refs else None)
        if ref is None:
            from ...model import DocumentError, Problem

            raise DocumentError([Problem("competencies", "add a competency to the unit first")])
        self.context.edit(AddItem(("rubrics", index, "criteria"), {
            "id": fresh_id(data, f"{rubric['id']}-criterion"), "title": "New criterion",
            "competencies": [ref],
        }))  # fmt: skip
        self.refresh(self.context.data)

    def add_level(self) -> None:
        data = self.context.data
        index, rubric = self.rubric(data)
        if rubric is None:
            return
        levels = rubric.get("levels", [])
        points = max([lv.get("points") or 0 for lv in levels], default=0) + 1
        self.context.edit(AddItem(("rubrics", index, "levels"), {
            "id": fresh_id(data, f"{rubric['id']}-level"), "title": f"Level {len(levels) + 1}",
            "points": points,
        }))  # fmt: skip
        self.refresh(self.context.data)

    def remove_level(self) -> None:
        data = self.context.data
        index, rubric = self.rubric(data)
        if rubric is None or not rubric.get("levels"):
            return
        level = rubric["levels"][-1]["id"]
        rubric = {**rubric, "levels": rubric["levels"][:-1]}
        rubric["criteria"] = [
            {**c, "descriptors": [d for d in c.get("descriptors", []) if d["level"] != level]}
            for c in rubric.get("criteria", [])
        ]
        if rubric.get("proficient_level") == level:
            rubric.pop("proficient_level")
        self.context.edit(SetField(("rubrics", index), rubric))
        self.refresh(self.context.data)

    def focus(self, parts: tuple) -> bool:
        if len(parts) >= 4 and parts[0] == "rubrics" and parts[2] == "criteria":
            for key, widget in self.cells.items():
                if key[0] in ("cell", "criterion") and key[1] == parts[3]:
                    widget.focus()
                    self.context.focused = parts[:4]
                    return True
        return False


class RubricsStep(Step):
    key = "rubrics"
    title = "Rubrics"
    intro = (
        "Draft a rubric from a task's alignments (the levels come from the competencies' "
        "own descriptors when the framework has them), then make the words your own."
    )
    prefixes = ("rubrics",)

    def owns(self, parts: tuple, element: str) -> bool:
        rubrics = {r["id"] for r in self.context.data.get("rubrics", [])}
        return super().owns(parts, element) or element in rubrics

    def build(self) -> list:
        import ipywidgets as w

        self.task = w.Dropdown(description="Task", options=[],
                               style={"description_width": LABEL_WIDTH})  # fmt: skip
        self.draft_button = w.Button(description="Draft rubric from alignments", icon="magic")
        self.draft_button.add_class("pbl-draft-rubric")
        self.draft_button.on_click(lambda _: self.context.run(self.draft))
        self.rubrics = RecordList(
            self.context,
            ("rubrics",),
            ListSpec(
                "rubric",
                [
                    FieldSpec("title", "Title"),
                    FieldSpec("kind", "Kind", "choice",
                              options=literal_options(RubricKind, KIND_LABELS)),
                    FieldSpec("proficient_level", "Proficient level", "choice",
                              options=self._level_options),
                ],
                new_item=lambda data: {"id": fresh_id(data, "rubric"), "title": "New rubric"},
                rows=3,
            ),
        )  # fmt: skip
        self.grid = RubricGrid(self.context, self.rubrics)
        self.rubrics.extra.append(self.grid)
        self.parts = [self.rubrics]
        return [
            w.HBox([self.task, self.draft_button]),
            self.rubrics.box,
            w.HTML("<h4>Criteria and levels</h4>"),
            self.grid.box,
        ]

    def _level_options(self, data: dict) -> list[tuple[str, str]]:
        _, rubric = self.grid.rubric(data) if hasattr(self, "grid") else (None, None)
        return [(lv["title"], lv["id"]) for lv in (rubric or {}).get("levels", [])]

    def refresh(self, data: dict) -> None:
        set_options(self.task, task_options(data))
        self.draft_button.disabled = self.task.value is None
        super().refresh(data)

    def draft(self) -> None:
        if self.task.value is None:
            return
        self.context.edit(DraftRubric(self.task.value))
        self.rubrics.choose(len(self.context.data.get("rubrics", [])) - 1)
