"""The designer: a stepper through the unit, live findings, coverage and autosave.

``Designer(path)`` (or ``pbl_author.designer.open(path)`` in a notebook) opens a
unit file. Every edit goes through one ``UnitSession``: the steps only show the
unit and turn widget changes into commands, so undo, the design checks and
autosave behave the same everywhere.
"""

from __future__ import annotations

import html
import os
from pathlib import Path
from typing import Any

from ..checks import Finding
from ..checks.coverage import coverage, coverage_html
from ..kernel_timer import timer_factory
from ..model import DocumentError
from .context import Context, message_html
from .findings_panel import FindingsPanel, parse_path
from .library import FrameworkLibrary
from .session import SessionEvent, UnitSession, create_unit_file
from .steps import STEPS
from .steps.base import Step

STYLE = """<style>
.pbl-designer { font-size: var(--jp-content-font-size1, 14px); }
.pbl-designer .pbl-finding { white-space: normal; text-align: left; height: auto;
  line-height: 1.3; padding: 4px 8px; margin: 2px 0; }
.pbl-designer .pbl-sidebar { border-left: 1px solid var(--jp-border-color2, #ccc);
  padding-left: 0.75em; }
.pbl-designer .pbl-coverage table { border-collapse: collapse; font-size: 12px; }
.pbl-designer .pbl-coverage th, .pbl-designer .pbl-coverage td {
  border: 1px solid #bbb; padding: 2px 4px; }
.pbl-designer .pbl-message-error { color: #a4000f; }
.pbl-designer .pbl-focus textarea, .pbl-designer .pbl-focus input {
  outline: 3px solid #005fcc; }
</style>"""


#: Designers open in this kernel, by file: opening a file again retires the old view
#: (two sessions on one file would overwrite each other's edits).
_OPEN: dict[Path, Designer] = {}


class Designer:
    def __init__(
        self,
        path: str | os.PathLike[str],
        *,
        session: UnitSession | None = None,
        library: FrameworkLibrary | None = None,
        step: str = "basics",
    ):
        import ipywidgets as w

        self.session = session or UnitSession(path, timer=timer_factory())
        self.context = Context(self.session, self._message)
        self.context.frameworks = library or FrameworkLibrary(self.session.path.parent)
        self.steps: dict[str, Step] = {cls.key: cls(self.context) for cls in STEPS}
        self.step_keys = list(self.steps)
        self.current = step
        self._seen: dict[str, Any] = {}
        self._coverage_key: Any = None

        # header: file, save indicator, undo / redo / save
        self.save_status = w.HTML()
        self.save_status.add_class("pbl-save-status")
        self.undo_button = w.Button(description="Undo", icon="undo")
        self.redo_button = w.Button(description="Redo", icon="repeat")
        self.save_button = w.Button(description="Save now", icon="save")
        self.undo_button.on_click(lambda _: self.context.run(self.session.undo))
        self.redo_button.on_click(lambda _: self.context.run(self.session.redo))
        self.save_button.on_click(lambda _: self.context.run(self.session.save))
        title = html.escape(self.session.path.name)
        header = w.HBox(
            [w.HTML(f"<h2 class='pbl-file'>PBL designer: {title}</h2>"), self.save_status,
             self.undo_button, self.redo_button, self.save_button],
            layout=w.Layout(align_items="center", flex_flow="row wrap"),
        )  # fmt: skip
        # the stepper
        self.nav = w.ToggleButtons(
            options=[(f"{i + 1}. {s.title}", key) for i, (key, s) in enumerate(self.steps.items())],
            value=step, description="Steps", style={"button_width": "auto"},
        )  # fmt: skip
        self.nav.add_class("pbl-nav")
        self.nav.observe(lambda change: self.context.run(lambda: self.show(change["new"])),
                         names="value")  # fmt: skip
        self.back_button = w.Button(description="Back", icon="arrow-left")
        self.next_button = w.Button(description="Next", icon="arrow-right")
        self.back_button.on_click(lambda _: self.context.run(lambda: self.advance(-1)))
        self.next_button.on_click(lambda _: self.context.run(lambda: self.advance(+1)))
        self.message = w.HTML()
        self.message.add_class("pbl-message")
        self.page = w.VBox([], layout=w.Layout(width="100%"))
        # the sidebar: findings and the coverage heatmap, always visible
        self.findings = FindingsPanel(self.go_to_finding)
        self.coverage = w.HTML()
        self.coverage.add_class("pbl-heatmap")
        sidebar = w.VBox([self.findings.box, self.coverage],
                         layout=w.Layout(width="34%", min_width="16em"))  # fmt: skip
        sidebar.add_class("pbl-sidebar")
        main = w.VBox(
            [self.nav, self.message, self.page, w.HBox([self.back_button, self.next_button])],
            layout=w.Layout(width="66%"),
        )
        self.view = w.VBox(
            [w.HTML(STYLE), header, w.HBox([main, sidebar], layout=w.Layout(width="100%"))],
            layout=w.Layout(width="100%"),
        )
        self.view.add_class("pbl-designer")
        self._stop = self.session.observe(self._changed)
        self.show(step)
        self._update_status()
        self._update_sidebar()

    # -- display ----------------------------------------------------------------------

    def _repr_mimebundle_(self, **kwargs: Any) -> Any:
        return self.view._repr_mimebundle_(**kwargs)

    def _message(self, kind: str, text: str) -> None:
        self.message.value = message_html(kind, text)

    # -- navigation -------------------------------------------------------------------

    def show(self, key: str) -> Step:
        """Show step ``key`` (``basics``, ``question``, ... ``export``)."""
        if key not in self.steps:
            from ..model import DocumentError, Problem, did_you_mean

            hint = did_you_mean(key, self.steps)
            raise DocumentError([Problem("", f"there is no step '{key}'{hint}")])
        step = self.steps[key]
        box = step.box
        if self._seen.get(key) is not self.session.unit:
            step.refresh(self.context.data)
            self._seen[key] = self.session.unit
        self.current = key
        if self.nav.value != key:
            self.nav.value = key
        self.page.children = [box]
        index = self.step_keys.index(key)
        self.back_button.disabled = index == 0
        self.next_button.disabled = index == len(self.step_keys) - 1
        return step

    def advance(self, by: int) -> Step:
        index = self.step_keys.index(self.current) + by
        return self.show(self.step_keys[max(0, min(index, len(self.step_keys) - 1))])

    def step_for(self, finding: Finding) -> str:
        parts = parse_path(finding.path)
        for key, step in self.steps.items():
            if step.owns(parts, finding.element):
                return key
        return "export"

    def go_to_finding(self, finding: Finding) -> None:
        self.context.run(lambda: self.go_to(self.step_for(finding), parse_path(finding.path)))

    def go_to(self, key: str, parts: tuple) -> None:
        step = self.show(key)
        self.context.focused = ()
        if parts:
            step.focus(parts)

    # -- the session changed ----------------------------------------------------------

    def _changed(self, event: SessionEvent) -> None:
        if event.kind in ("edit", "undo", "redo", "reload"):
            step = self.steps[self.current]
            if step.built:
                step.refresh(self.context.data)
                self._seen[self.current] = self.session.unit
            self._update_sidebar()
        if event.kind == "save-failed":
            self._message("error", html.escape("; ".join(event.problems)))
        self._update_status()

    def _update_status(self) -> None:
        session = self.session
        self.undo_button.disabled = not session.can_undo
        self.redo_button.disabled = not session.can_redo
        if session.last_save_error:
            text = f"✖ Not saved: {html.escape(session.last_save_error)}"
        elif session.dirty:
            text = "● Unsaved changes (saving in a moment)"
        else:
            text = "✔ All changes saved"
        self.save_status.value = f"<span role='status'>{text}</span>"

    def _update_sidebar(self) -> None:
        unit = self.session.unit
        self.findings.show(self.session.findings)
        key = (
            tuple((c.ref, c.code) for c in unit.competencies),
            tuple((t.competency, t.role) for t in unit.goals.targets),
            tuple((t.id, t.title, tuple((a.competency, a.level) for a in t.alignments))
                  for t in unit.tasks),
            tuple((e.id, tuple((a.competency, a.level) for a in e.alignments))
                  for e in unit.other_evidence),
            tuple((p.id, tuple((m.id, tuple(m.tasks)) for m in p.milestones))
                  for p in unit.path.phases),
        )  # fmt: skip
        if key != self._coverage_key:
            self._coverage_key = key
            self.coverage.value = coverage_html(coverage(unit), caption="Coverage heatmap")

    def close(self) -> None:
        """Save what is pending and stop following the session."""
        self.session.close()
        self._stop = lambda: None


def open(path: str | os.PathLike[str], *, create: bool = False, step: str = "basics") -> None:
    """Show the designer for the unit file at ``path`` in a notebook.

    ``create=True`` starts a new, empty unit when the file does not exist yet (the
    launcher card uses it). Opening a file that is already open in this kernel
    retires the earlier view so the two never overwrite each other.
    """
    from IPython.display import HTML, display

    target = Path(path)
    try:
        if create and (not target.exists() or target.stat().st_size == 0):
            create_unit_file(target)
        key = target.resolve()
        previous = _OPEN.pop(key, None)
        if previous is not None:
            import ipywidgets as w

            previous.close()
            previous.view.children = [
                w.HTML("<p>This designer was opened again further down; edit the unit there.</p>")
            ]
        designer = Designer(target, step=step)
    except (DocumentError, OSError) as exc:  # say what and where, never a traceback
        problems = (
            [str(p) for p in exc.problems]
            if isinstance(exc, DocumentError)
            else [f"{exc.strerror or exc}: {exc.filename or target}"]
        )
        items = "".join(f"<li>{html.escape(p)}</li>" for p in problems)
        display(HTML(f"<p>pbl-author cannot open {html.escape(str(target))}:</p><ul>{items}</ul>"))
        return
    _OPEN[key] = designer
    display(designer.view)
