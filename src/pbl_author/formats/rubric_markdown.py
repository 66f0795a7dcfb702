"""The unit's rubrics as Markdown: one heading and one GitHub-flavoured table per rubric.

Teacher text is re-written, never pasted: every cell is one line of Markdown built
from the parsed text (``rubric_layout.markdown_line``), keeping emphasis, code and
safe links and escaping everything else, so a pipe cannot break the table and no raw
HTML (not even ``<br>``) reaches the file. Paragraphs and list items in a descriptor
follow each other on the cell's line.
"""

from __future__ import annotations

from ..model import Unit
from .rubric_layout import Grid, RubricLayout, layout_rubrics, markdown_line


def _row(cells: list[str]) -> str:
    return "| " + " | ".join(cell if cell else " " for cell in cells) + " |"


def _head(title: str, points: str) -> str:
    line = markdown_line(title)
    return f"{line} ({markdown_line(points)})" if points else line


def _table(grid: Grid, holistic: bool) -> list[str]:
    lines = [
        _row([markdown_line(grid.corner)] + [_head(h.title, h.points_text) for h in grid.columns]),
        _row(["---"] * (len(grid.columns) + 1)),
    ]
    for row in grid.rows:
        head = f"**{markdown_line(row.title)}**"
        if row.details:
            details = "; ".join(markdown_line(detail) for detail in row.details)
            head += f" ({details})" if holistic else f" *{details}*"
        cells = [markdown_line(cell.text) for cell in row.cells]
        lines.append(_row([head, *cells]))
    return lines


def _rubric(rubric: RubricLayout) -> list[str]:
    lines = [f"## {markdown_line(rubric.title)}", ""]
    if rubric.tasks:
        lines += ["For: " + "; ".join(markdown_line(task) for task in rubric.tasks), ""]
    if rubric.grid.shape == "holistic" and rubric.competencies:
        codes = ", ".join(markdown_line(code) for code in rubric.competencies)
        lines += [f"Competencies: {codes}", ""]
    lines += [f"*{markdown_line(rubric.summary)}*", ""]
    if not rubric.empty:
        lines += [*_table(rubric.grid, rubric.grid.shape == "holistic"), ""]
    return lines


def render(unit: Unit, audience: str = "teacher") -> str:
    doc = layout_rubrics(unit, audience)
    lines = [f"# {markdown_line(doc.title)}", "", f"*{doc.version_label}*", ""]
    if not doc.rubrics:
        lines += [doc.empty_note, ""]
    for rubric in doc.rubrics:
        lines += _rubric(rubric)
    return "\n".join(lines).rstrip("\n") + "\n"


def export(unit: Unit, audience: str = "teacher") -> bytes:
    """The rubrics as Markdown in ``audience`` wording ("teacher" or "student"), UTF-8."""
    return render(unit, audience).encode("utf-8")
