"""Step 8: review and export: what the unit holds, its coverage, and one-click exports
that land beside the unit file, linked."""

from __future__ import annotations

import html
import os

from ...checks.coverage import coverage, coverage_html
from ...formats.registry import EXPORTS
from .base import Step

#: The formats offered, in the order a teacher needs them (all are in the registry).
OFFERED = (
    "notebook",
    "student-notebook",
    "rubrics-html",
    "student-rubrics-html",
    "rubrics-docx",
    "rubrics-pdf",
    "canvas-rubrics",
    "unit-docx",
    "unit-html",
    "cartridge",
)
PRESELECTED = ("notebook", "student-notebook", "rubrics-html")


class ExportStep(Step):
    key = "export"
    title = "Review and export"
    intro = "Check the design once more, then export what you need. Files land beside the unit."

    def build(self) -> list:
        import ipywidgets as w

        self.summary = w.HTML()
        self.coverage = w.HTML()
        self.coverage.add_class("pbl-coverage-full")
        self.formats = {
            name: w.Checkbox(value=name in PRESELECTED, description=EXPORTS[name].title,
                             indent=False, layout=w.Layout(width="auto"))
            for name in OFFERED
        }  # fmt: skip
        for name, box in self.formats.items():
            box.add_class(f"pbl-export-{name}")
        self.export_button = w.Button(description="Export", icon="file-export",
                                      button_style="primary")  # fmt: skip
        self.export_button.add_class("pbl-export-button")
        self.progress = w.IntProgress(value=0, min=0, max=len(OFFERED), description="Exporting",
                                      layout=w.Layout(visibility="hidden"))  # fmt: skip
        self.links = w.HTML()
        self.links.add_class("pbl-export-links")
        self.export_button.on_click(lambda _: self.context.run(self.export))
        self.exported: list[str] = []
        return [
            self.summary,
            self.coverage,
            w.HTML("<h4>Export</h4>"),
            w.GridBox(
                list(self.formats.values()), layout=w.Layout(grid_template_columns="repeat(2, 1fr)")
            ),
            w.HBox([self.export_button, self.progress]),
            self.links,
        ]

    def refresh(self, data: dict) -> None:
        session = self.context.session
        unit = session.unit
        counts = {s: sum(f.severity == s for f in session.findings)
                  for s in ("error", "warning", "info")}  # fmt: skip
        self.summary.value = (
            f"<p><strong>{html.escape(unit.title)}</strong>: {len(unit.tasks)} task(s), "
            f"{len(unit.competencies)} competencies, {len(unit.rubrics)} rubric(s), "
            f"{sum(len(p.milestones) for p in unit.path.phases)} milestone(s). "
            f"Design checks: {counts['error']} error(s), {counts['warning']} warning(s), "
            f"{counts['info']} note(s).</p>"
        )
        self.coverage.value = coverage_html(coverage(unit))

    def export(self) -> None:
        chosen = [name for name, box in self.formats.items() if box.value]
        if not chosen:
            self.links.value = "<p>Choose at least one format.</p>"
            return
        session = self.context.session
        self.progress.max, self.progress.value = len(chosen), 0
        self.progress.layout.visibility = "visible"
        written = []
        try:
            for name in chosen:
                written.append(session.export(name))
                self.progress.value += 1
        finally:
            self.progress.layout.visibility = "hidden"
            self._show(written)

    def _show(self, written: list) -> None:
        self.exported = [p.name for p in written]
        if not written:
            self.links.value = ""
            return
        folder = self.context.session.path.parent
        items = "".join(
            f"<li><a href='{html.escape(os.path.relpath(p, folder))}' target='_blank' "
            f"rel='noopener'>{html.escape(p.name)}</a></li>"
            for p in written
        )
        self.links.value = f"<p>Exported beside the unit:</p><ul>{items}</ul>"
