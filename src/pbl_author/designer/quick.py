"""A first designer view: the essentials of a unit, live findings, undo and save.

``pbl_author.designer.open("NAME.unit.yaml")`` shows it in a notebook (the code
cell of every exported notebook calls it). The guided, step-by-step designer
grows from here; every edit already goes through the session, so undo, checks
and autosave behave as they will there.
"""

from __future__ import annotations

import html
import os

from ..model import DocumentError
from .commands import SetField
from .session import SessionEvent, UnitSession

SEVERITY_MARK = {"error": "✖ error", "warning": "▲ warning", "info": "ℹ note"}


class QuickDesigner:
    """Title, driving question and summary fields over a ``UnitSession``."""

    def __init__(self, session: UnitSession):
        import ipywidgets as w

        self.session = session
        unit = session.unit
        self.title = w.Text(value=unit.title, description="Title", continuous_update=False)
        self.question = w.Textarea(
            value=unit.framing.driving_question,
            description="Driving question",
            continuous_update=True,
            layout=w.Layout(width="100%"),
        )
        self.summary = w.Textarea(
            value=unit.identity.summary, description="Summary", layout=w.Layout(width="100%")
        )
        self.undo_button = w.Button(description="Undo", icon="undo")
        self.redo_button = w.Button(description="Redo", icon="repeat")
        self.save_button = w.Button(description="Save now", icon="save")
        self.status = w.HTML()
        self.findings = w.HTML()
        self.message = w.HTML()
        self._syncing = False
        for widget, path in (
            (self.title, ("title",)),
            (self.question, ("framing", "driving_question")),
            (self.summary, ("identity", "summary")),
        ):
            widget.observe(self._editor(path), names="value")
        self.undo_button.on_click(lambda _: self._safely(session.undo))
        self.redo_button.on_click(lambda _: self._safely(session.redo))
        self.save_button.on_click(lambda _: self._safely(session.save))
        session.observe(self._changed)
        self.view = w.VBox(
            [
                w.HTML(f"<h3>{html.escape(session.path.name)}</h3>"),
                self.title,
                self.question,
                self.summary,
                w.HBox([self.undo_button, self.redo_button, self.save_button, self.status]),
                self.message,
                self.findings,
            ],
            layout=w.Layout(width="100%"),
        )
        self._refresh()

    def _editor(self, path):
        def edit(change):
            if self._syncing:
                return
            self._safely(lambda: self.session.apply(SetField(path, change["new"])))

        return edit

    def _safely(self, action) -> None:
        """Run a button or field action; show problems in the view, never a traceback."""
        try:
            action()
            self.message.value = ""
        except DocumentError as exc:
            self.message.value = "<br>".join(html.escape(str(p)) for p in exc.problems)
        except OSError as exc:
            self.message.value = html.escape(f"could not save: {exc.strerror or exc}")

    def _changed(self, event: SessionEvent) -> None:
        if event.kind in ("undo", "redo"):
            self._syncing = True
            try:
                unit = self.session.unit
                self.title.value = unit.title
                self.question.value = unit.framing.driving_question
                self.summary.value = unit.identity.summary
            finally:
                self._syncing = False
        if event.kind == "save-failed":
            self.message.value = html.escape("; ".join(event.problems))
        self._refresh()

    def _refresh(self) -> None:
        session = self.session
        self.undo_button.disabled = not session.can_undo
        self.redo_button.disabled = not session.can_redo
        self.status.value = "unsaved changes" if session.dirty else "saved"
        if not session.findings:
            self.findings.value = "<p>No findings: the design checks pass.</p>"
            return
        items = "".join(
            f"<li><strong>{SEVERITY_MARK[f.severity]}</strong> "
            f"<code>{html.escape(f.path or f.element)}</code>: {html.escape(f.message)}</li>"
            for f in session.findings
        )
        self.findings.value = f"<ul>{items}</ul>"


def open_unit(path: str | os.PathLike[str]):
    """Show the designer for the unit file at ``path`` in a notebook and return it."""
    designer = QuickDesigner(UnitSession(path))
    try:
        from IPython.display import display

        display(designer.view)
    except ImportError:  # pragma: no cover - outside IPython
        pass
    return designer
