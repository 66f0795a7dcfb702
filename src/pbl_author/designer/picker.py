"""The competency picker: type to find a competency in any framework, then use it.

One text box, two filters and one list of at most ``LIMIT`` results: the widget
count never depends on the size of the frameworks (a 50,000-item framework is
searched, not listed). What happens with the chosen competency is the owner's
(``on_choose``): the Goals step adds it to the unit, the Tasks step also aligns
the selected task to it. A second panel imports a framework from a file or a
CASE server with a progress bar.
"""

from __future__ import annotations

import html
from collections.abc import Callable

from ..model.unit import GRADES
from ..render.text import one_line
from .context import Context
from .forms import LABEL_WIDTH, set_options
from .library import FrameworkLibrary

LIMIT = 20


class CompetencyPicker:
    def __init__(
        self,
        context: Context,
        library: FrameworkLibrary,
        on_choose: Callable[[str], None],
        action: str = "Add to the unit",
    ):
        import ipywidgets as w

        self.context = context
        self.library = library
        self.on_choose = on_choose
        style = {"description_width": LABEL_WIDTH}
        self.query = w.Text(
            description="Find a competency",
            placeholder="type words or a code, e.g. collaboration, MS-ESS3-3",
            continuous_update=True, style=style, layout=w.Layout(width="100%"),
        )  # fmt: skip
        self.query.add_class("pbl-picker-query")
        self.framework = w.Dropdown(
            description="Framework", options=[("All frameworks", None)], style=style
        )
        self.grade = w.Dropdown(
            description="Grade", options=[("All grades", None)] + [(g, g) for g in GRADES],
            style=style,
        )  # fmt: skip
        self.results = w.Select(
            description="Results", options=[], rows=8, style=style, layout=w.Layout(width="100%")
        )
        self.results.add_class("pbl-picker-results")
        self.choose_button = w.Button(description=action, icon="check", disabled=True)
        self.choose_button.add_class("pbl-picker-choose")
        self.status = w.HTML()
        self.source = w.Text(
            description="File or CASE URL",
            placeholder="/path/to/framework.json or https://.../CFPackages/...",
            style=style, layout=w.Layout(width="100%"),
        )  # fmt: skip
        self.import_button = w.Button(description="Import framework", icon="download")
        self.progress = w.IntProgress(
            value=0, min=0, max=1, description="Import", style=style,
            layout=w.Layout(visibility="hidden"),
        )  # fmt: skip
        self.import_status = w.HTML()
        self.query.observe(lambda _: context.run(self.search), names="value")
        self.framework.observe(lambda _: context.run(self.search), names="value")
        self.grade.observe(lambda _: context.run(self.search), names="value")
        self.results.observe(self._selected, names="value")
        self.choose_button.on_click(lambda _: context.run(self.choose))
        self.import_button.on_click(lambda _: context.run(self.import_framework))
        self.box = w.VBox(
            [
                self.query,
                w.HBox([self.framework, self.grade]),
                self.results,
                w.HBox([self.choose_button, self.status]),
                w.HTML("<h5>Import a framework</h5>"),
                self.source,
                w.HBox([self.import_button, self.progress]),
                self.import_status,
            ],
            layout=w.Layout(width="100%", border="1px solid var(--jp-border-color2, #ccc)",
                            padding="0.5em"),
        )  # fmt: skip
        self.box.add_class("pbl-picker")

    def refresh(self, data: dict) -> None:
        """Frameworks come and go only by import; nothing in the unit changes the picker."""
        self.library.warm()
        if self.library.ready:
            self._framework_options()

    def _framework_options(self) -> None:
        options = [("All frameworks", None)] + [(f, f) for f in self.library.framework_ids()]
        set_options(self.framework, options)

    def search(self) -> None:
        if not self.library.ready:
            self.status.value = "Loading frameworks (only the first search waits)…"
        index = self.library.index()
        self._framework_options()
        hits = index.search(
            self.query.value,
            limit=LIMIT,
            education_levels=self.grade.value,
            frameworks=self.framework.value,
        )
        self.results.options = [
            (
                f"{hit.code or hit.item_id} · {one_line(hit.statement, 110)} ({hit.framework_id})",
                hit.ref,
            )
            for hit in hits
        ]
        self.results.value = hits[0].ref if hits else None
        self.status.value = "" if hits else "No competency matches; try fewer or other words."
        if self.library.skipped:
            skipped = "; ".join(self.library.skipped[:3])
            self.status.value += html.escape(f" (Could not read: {skipped})")
        self.choose_button.disabled = not hits

    def _selected(self, change: dict) -> None:
        self.choose_button.disabled = change["new"] is None

    def choose(self) -> None:
        ref = self.results.value
        if ref is None:
            return
        self.on_choose(ref)
        self.status.value = html.escape(f"✔ {ref}")

    def import_framework(self) -> None:
        source = self.source.value.strip()
        if not source:
            self.import_status.value = "Give a file path or a CASE URL first."
            return
        self.progress.layout.visibility = "visible"
        self.progress.value = 0

        def progress(done: int, total: int) -> None:
            self.progress.max = max(total, 1)
            self.progress.value = min(done, self.progress.max)

        try:
            result = self.library.import_framework(source, progress)
        finally:
            self.progress.layout.visibility = "hidden"
        framework = result.framework
        notes = "".join(f"<li>{html.escape(n)}</li>" for n in result.notes[:10])
        self.import_status.value = (
            f"Imported <strong>{html.escape(framework.title)}</strong> "
            f"({len(framework.items)} competencies) as <code>{html.escape(framework.id)}</code>."
            + (f"<ul>{notes}</ul>" if notes else "")
        )
        self.search()  # lists the new framework in the filter too
