"""The one registry of unit export formats.

Each format is one module with a function ``export(unit, **options) -> bytes``;
this table names it, its file suffix and its options. Adding a format is one line
here. ``pbl-author export UNIT --to NAME`` and ``--to all`` read this table.
"""

from __future__ import annotations

import importlib
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..files.atomic import atomic_write_bytes
from ..model import Unit


@dataclass(frozen=True)
class ExportFormat:
    name: str
    title: str
    target: str  # ".module:function" inside pbl_author.formats
    suffix: str  # appended to the unit id: water-watchers.rubrics.html
    options: dict[str, Any] = field(default_factory=dict)

    def function(self) -> Callable[..., bytes]:
        module, _, function = self.target.partition(":")
        return getattr(importlib.import_module(module, __package__), function)

    def export(self, unit: Unit) -> bytes:
        return self.function()(unit, **self.options)

    def file_name(self, unit: Unit) -> str:
        return f"{unit.id}{self.suffix}"


EXPORTS: dict[str, ExportFormat] = {
    f.name: f
    for f in (
        ExportFormat("notebook", "Teacher notebook", ".notebook_teacher:export", ".ipynb"),
        ExportFormat("student-notebook", "Student notebook", ".notebook_student:export",
                     ".student.ipynb"),
        ExportFormat("rubrics-html", "Rubrics, print-ready HTML", ".rubric_html:export",
                     ".rubrics.html"),
        ExportFormat("student-rubrics-html", "Rubrics in student wording, print-ready HTML",
                     ".rubric_html:export", ".student-rubrics.html", {"audience": "student"}),
        ExportFormat("rubrics-md", "Rubrics, Markdown", ".rubric_markdown:export",
                     ".rubrics.md"),
        ExportFormat("rubrics-docx", "Rubrics, Word", ".rubric_docx:export", ".rubrics.docx"),
        ExportFormat("student-rubrics-docx", "Rubrics in student wording, Word",
                     ".rubric_docx:export", ".student-rubrics.docx", {"audience": "student"}),
        ExportFormat("rubrics-pdf", "Rubrics, PDF", ".rubric_pdf:export", ".rubrics.pdf"),
        ExportFormat("canvas-rubrics", "Rubrics, Canvas rubric import CSV",
                     ".rubric_canvas_csv:export", ".canvas-rubrics.csv"),
        ExportFormat("classroom-rubrics", "Rubrics, Google Classroom JSON",
                     ".rubric_classroom_json:export", ".classroom-rubrics.json"),
        ExportFormat("unit-html", "Unit one-pager, HTML", ".unit_html:export", ".unit.html"),
        ExportFormat("unit-docx", "Unit, Word", ".unit_docx:export", ".unit.docx"),
        ExportFormat("cartridge", "IMS Common Cartridge 1.1", ".common_cartridge:export",
                     ".imscc"),
        ExportFormat("case-rubrics", "Rubrics as a CASE 1.1 package", ".case_rubrics:export",
                     ".case-rubrics.json"),
    )
}  # fmt: skip


def export_unit(unit: Unit, name: str) -> bytes:
    """``unit`` in the export format ``name``."""
    return EXPORTS[name].export(unit)


def write_export(unit: Unit, name: str, path: str | os.PathLike[str]) -> Path:
    """Export ``unit`` as ``name`` to ``path`` (a file, or a folder to put it in), atomically."""
    target = Path(path)
    if target.is_dir():
        target = target / EXPORTS[name].file_name(unit)
    atomic_write_bytes(target, export_unit(unit, name))
    return target


def write_bundle(unit: Unit, folder: str | os.PathLike[str]) -> list[Path]:
    """Every format into ``folder`` (created when missing); the files written, in table order.

    Everything is exported in memory first, so a failing format writes nothing.
    """
    outputs = {name: export_unit(unit, name) for name in EXPORTS}
    target = Path(folder)
    target.mkdir(parents=True, exist_ok=True)
    written = []
    for name, data in outputs.items():
        path = target / EXPORTS[name].file_name(unit)
        atomic_write_bytes(path, data)
        written.append(path)
    return written
