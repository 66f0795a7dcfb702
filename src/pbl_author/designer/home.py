"""The home page of the designer app: choose a unit in a folder, or start a new one.

``pbl-author studio --app`` serves it through Voilà (no code visible); in a
notebook, ``pbl_author.designer.home(folder)`` shows it.
"""

from __future__ import annotations

import os
from pathlib import Path

from ..model import DocumentError, Problem, slugify
from .app import Designer
from .context import message_html, run_safely
from .session import create_unit_file

UNIT_PATTERNS = ("*.unit.yaml", "*.unit.json")


def unit_files(folder: Path) -> list[Path]:
    return sorted({p for pattern in UNIT_PATTERNS for p in folder.glob(pattern)})


class Home:
    def __init__(self, folder: str | os.PathLike[str] = "."):
        import ipywidgets as w

        self.folder = Path(folder)
        self.designer: Designer | None = None
        style = {"description_width": "11em"}
        self.choice = w.Dropdown(description="Your units", style=style,
                                 layout=w.Layout(width="32em"))  # fmt: skip
        self.open_button = w.Button(description="Open", icon="folder-open")
        self.name = w.Text(description="New unit name", placeholder="e.g. river-study",
                           style=style, layout=w.Layout(width="32em"))  # fmt: skip
        self.create_button = w.Button(description="Create", icon="plus")
        self.create_button.add_class("pbl-home-create")
        self.message = w.HTML()
        self.back_button = w.Button(description="All units", icon="arrow-left")
        self.open_button.on_click(lambda _: self._safely(lambda: self.open(self.choice.value)))
        self.create_button.on_click(lambda _: self._safely(lambda: self.create(self.name.value)))
        self.back_button.on_click(lambda _: self._safely(self.back))
        self.chooser = w.VBox([
            w.HTML("<h2>pbl-author: design a project-based unit</h2>"
                   "<p>Open one of your units, or start a new one.</p>"),
            w.HBox([self.choice, self.open_button]),
            w.HBox([self.name, self.create_button]),
            self.message,
        ])  # fmt: skip
        self.view = w.VBox([self.chooser], layout=w.Layout(width="100%"))
        self.view.add_class("pbl-home")
        self.refresh()

    def refresh(self) -> None:
        files = unit_files(self.folder)
        self.choice.options = [(p.name, str(p)) for p in files]
        self.open_button.disabled = not files

    def _safely(self, action) -> None:
        run_safely(action, self._show)

    def _show(self, kind: str, text: str) -> None:
        self.message.value = message_html(kind, text)

    def open(self, path: str | os.PathLike[str] | None) -> Designer | None:
        if not path:
            return None
        if self.designer is not None:
            self.designer.close()
        self.designer = Designer(path)
        self.view.children = [self.back_button, self.designer.view]
        return self.designer

    def create(self, name: str) -> Designer | None:
        stem = slugify(name.strip().removesuffix(".unit.yaml"), "")
        if not stem:
            raise DocumentError(
                [Problem("", "give the new unit a name first (letters and numbers)")]
            )
        target = self.folder / f"{stem}.unit.yaml"
        if target.exists():
            raise DocumentError([Problem(
                "", f"{target.name} already exists; choose it under “Your units” to open it"
            )])  # fmt: skip
        create_unit_file(target)
        self.refresh()
        return self.open(target)

    def back(self) -> None:
        if self.designer is not None:
            self.designer.close()
            self.designer = None
        self.refresh()
        self.view.children = [self.chooser]
