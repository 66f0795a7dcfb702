"""The coverage matrix: tasks x competencies with Introduce / Practice / Assess, and its gaps.

As data (``coverage(unit)`` and ``Coverage.to_data()``), as an accessible HTML
table (``coverage_html``) and as a PNG for notebooks (``coverage_png``).
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from typing import Literal

from ..model import ALIGNMENT_LEVELS, Unit

GapKind = Literal["targeted_not_assessed", "assessed_not_introduced", "aligned_not_targeted"]
LETTERS = {"introduce": "I", "practice": "P", "assess": "A"}
GAP_TEXT = {
    "targeted_not_assessed": "targeted but never assessed",
    "assessed_not_introduced": "assessed but never introduced or practised before",
    "aligned_not_targeted": "aligned but not targeted",
}


@dataclass(frozen=True)
class Gap:
    competency: str
    kind: GapKind


@dataclass
class Coverage:
    """Rows are competencies (targets first), columns are tasks in path order."""

    competencies: list[str]
    labels: dict[str, str]
    tasks: list[str]
    task_titles: dict[str, str]
    cells: dict[tuple[str, str], list[str]] = field(default_factory=dict)
    targets: set[str] = field(default_factory=set)
    gaps: list[Gap] = field(default_factory=list)

    def levels(self, competency: str, task: str) -> list[str]:
        return self.cells.get((competency, task), [])

    def to_data(self) -> dict:
        """Plain data (stable, for JSON)."""
        return {
            "tasks": [{"id": t, "title": self.task_titles[t]} for t in self.tasks],
            "competencies": [
                {
                    "ref": ref,
                    "label": self.labels[ref],
                    "targeted": ref in self.targets,
                    "cells": {t: self.levels(ref, t) for t in self.tasks if self.levels(ref, t)},
                }
                for ref in self.competencies
            ],
            "gaps": [{"competency": g.competency, "kind": g.kind} for g in self.gaps],
        }


def coverage(unit: Unit) -> Coverage:
    from .config import CheckConfig
    from .context import CheckContext

    context = CheckContext(unit, CheckConfig())
    tasks = sorted(unit.tasks, key=lambda t: context.task_order[t.id])
    targets = [t.competency for t in unit.goals.targets]
    aligned = [a.competency for t in tasks for a in t.alignments]
    refs = list(dict.fromkeys([*targets, *aligned]))
    result = Coverage(
        competencies=refs,
        labels={ref: context.label(ref) for ref in refs},
        tasks=[t.id for t in tasks],
        task_titles={t.id: t.title for t in tasks},
        targets=set(targets),
    )
    for task in tasks:
        for alignment in task.alignments:
            cell = result.cells.setdefault((alignment.competency, task.id), [])
            if alignment.level not in cell:
                cell.append(alignment.level)
                cell.sort(key=ALIGNMENT_LEVELS.index)
    # The same judgements as the rules target-assessed and introduced-before-assessed.
    for ref in refs:
        if ref in result.targets and ref not in context.first_assessment:
            result.gaps.append(Gap(ref, "targeted_not_assessed"))
        if context.assessed_before_built_up(ref):
            result.gaps.append(Gap(ref, "assessed_not_introduced"))
        if ref not in result.targets:
            result.gaps.append(Gap(ref, "aligned_not_targeted"))
    return result


def coverage_html(cov: Coverage, *, caption: str = "Coverage: competencies by task") -> str:
    """An accessible HTML table: header cells with scope, text in every cell, a caption.

    Colour is never the only signal: each cell spells the levels out (I, P, A) and
    carries a title; gaps are listed in words under the table.
    """
    esc = html.escape
    out = ['<table class="pbl-coverage">', f"<caption>{esc(caption)}</caption>", "<thead><tr>"]
    out.append('<th scope="col">Competency</th>')
    for task in cov.tasks:
        out.append(f'<th scope="col">{esc(cov.task_titles[task])}</th>')
    out.append("</tr></thead><tbody>")
    for ref in cov.competencies:
        marker = "" if ref in cov.targets else " (not a target)"
        out.append(f'<tr><th scope="row">{esc(cov.labels[ref])}{esc(marker)}</th>')
        for task in cov.tasks:
            levels = cov.levels(ref, task)
            if levels:
                letters = " ".join(LETTERS[level] for level in levels)
                words = ", ".join(levels)
                css = "pbl-" + levels[-1]
                out.append(f'<td class="{css}" title="{esc(words)}">{letters}</td>')
            else:
                out.append('<td class="pbl-none"><span class="pbl-sr">none</span></td>')
        out.append("</tr>")
    out.append("</tbody></table>")
    if cov.gaps:
        out.append('<ul class="pbl-coverage-gaps">')
        for gap in cov.gaps:
            out.append(f"<li>{esc(cov.labels[gap.competency])}: {GAP_TEXT[gap.kind]}</li>")
        out.append("</ul>")
    return "\n".join(out) + "\n"


#: Cell colours by the highest level in the cell (colour-blind safe, dark text readable).
COLOURS = {
    "introduce": (222, 235, 247),
    "practice": (158, 202, 225),
    "assess": (49, 130, 189),
    None: (255, 255, 255),
}


def coverage_png(cov: Coverage, *, cell: int = 28) -> bytes:
    """The coverage matrix as a PNG (Pillow's built-in font; no plotting stack)."""
    import io

    from PIL import Image, ImageDraw, ImageFont

    font = ImageFont.load_default(size=12)

    def text_width(text: str) -> int:
        return int(font.getlength(text))

    def fit(text: str, width: int) -> str:
        if text_width(text) <= width:
            return text
        while text and text_width(text + "…") > width:
            text = text[:-1]
        return text + "…"

    rows = [cov.labels[ref] + ("" if ref in cov.targets else " *") for ref in cov.competencies]
    left = min(220, max([text_width(r) for r in rows] + [60]) + 12)
    head = 110
    legend = "I introduce  P practise  A assess  * not a target"
    width = max(left + cell * max(1, len(cov.tasks)) + 10, text_width(legend) + 14)
    height = head + cell * max(1, len(rows)) + 40
    image = Image.new("RGB", (width, height), "white")
    draw = ImageDraw.Draw(image)
    # Column headers, written upwards so long task titles fit.
    for index, task in enumerate(cov.tasks):
        title = fit(cov.task_titles[task], head - 10)
        label = Image.new("RGBA", (head - 6, cell), (255, 255, 255, 0))
        ImageDraw.Draw(label).text((2, 7), title, fill="black", font=font)
        rotated = label.rotate(90, expand=True)
        image.paste(rotated, (left + index * cell, 4), rotated)
    for r_index, ref in enumerate(cov.competencies):
        y = head + r_index * cell
        draw.text((6, y + 7), fit(rows[r_index], left - 12), fill="black", font=font)
        for c_index, task in enumerate(cov.tasks):
            x = left + c_index * cell
            levels = cov.levels(ref, task)
            fill = COLOURS[levels[-1] if levels else None]
            draw.rectangle([x, y, x + cell - 1, y + cell - 1], fill=fill, outline=(150, 150, 150))
            letters = "".join(LETTERS[level] for level in levels)
            if letters:
                colour = "white" if levels[-1] == "assess" else "black"
                draw.text((x + 4, y + 7), letters, fill=colour, font=font)
    draw.text((6, height - 28), legend, fill="black", font=font)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=False)
    return buffer.getvalue()
