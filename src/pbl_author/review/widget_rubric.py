"""The reviewer's design-rubric part: per criterion, the three described levels, the
suggested level with its evidence, the coach's own choice of level (nothing chosen
for them) and the evidence, which they can edit."""

from __future__ import annotations

import html
from typing import Any

import ipywidgets as w

from ..model.review import DesignCriterion, DesignRubric, Score
from ..render.markdown import inline_html
from .widget_reading import classed


def descriptors_html(
    rubric: DesignRubric, criterion: DesignCriterion, suggested: str | None
) -> str:
    rows = []
    for level in rubric.levels:
        mark = "suggested" if level.id == suggested else ""
        rows.append(
            ("<tr class='pbl-suggested-row'>" if mark else "<tr>")
            + f"<th scope='row'>{html.escape(level.title)}</th>"
            f"<td>{inline_html(criterion.descriptors.get(level.id, ''))}</td>"
            f"<td>{mark}</td></tr>"
        )
    return (
        f"<table class='pbl-descriptors'><caption>{html.escape(criterion.title)}: levels"
        "</caption><thead><tr><th scope='col'>Level</th><th scope='col'>What a reader sees"
        f"</th><th scope='col'>Checks</th></tr></thead><tbody>{''.join(rows)}</tbody></table>"
    )


def suggestion_html(rubric: DesignRubric, scores: list[Score]) -> str:
    first = scores[0]
    if first.suggested:
        title = html.escape(rubric.level_title(first.suggested))
        text = f"Suggested by the design checks: <strong>{title}</strong>"
    else:
        text = "The design checks make no suggestion here."
    others = [f"{html.escape(rubric.level_title(s.level) or 'not decided')}" for s in scores[1:]]
    if others:
        text += (
            "<br>A merge of co-reviewers' files kept other versions of this score: "
            + ", ".join(others)
            + ". Your choice below changes the first version."
        )
    return f"<p class='pbl-suggested'>{text}</p>"


class CriterionRow:
    def __init__(self, host: Any, criterion: DesignCriterion):
        rubric: DesignRubric = host.rubric
        self.criterion = criterion
        scores = host.scores_for(criterion.id)
        score = scores[0]
        self.descriptors = w.HTML(descriptors_html(rubric, criterion, score.suggested))
        self.suggested = w.HTML(suggestion_html(rubric, scores))
        self.level = classed(
            w.RadioButtons(
                options=[(level.title, level.id) for level in rubric.levels],
                value=score.level,
                description="Your level",
                style={"description_width": "initial"},
            ),
            "pbl-level",
        )
        self.clear_button = classed(
            w.Button(description="Not decided", icon="eraser", tooltip="Clear your level"),
            "pbl-clear-level",
        )
        self.evidence = classed(
            w.Textarea(
                value=score.evidence,
                description="Evidence",
                continuous_update=False,
                rows=4,
                layout=w.Layout(width="100%"),
            ),
            "pbl-evidence",
        )
        self.level.observe(
            lambda change: host.quietly_or(lambda: host.set_level(criterion.id, change["new"])),
            names="value",
        )
        self.clear_button.on_click(lambda _: setattr(self.level, "value", None))
        self.evidence.observe(
            lambda change: host.quietly_or(lambda: host.set_evidence(criterion.id, change["new"])),
            names="value",
        )
        heading = w.HTML(f"<h4 class='pbl-criterion-title'>{html.escape(criterion.title)}</h4>")
        self.box = classed(
            w.VBox([heading, self.descriptors, self.suggested,
                    w.HBox([self.level, self.clear_button]), self.evidence]),
            "pbl-criterion",
            f"pbl-criterion-{criterion.id}",
        )  # fmt: skip


class RubricPart:
    def __init__(self, host: Any):
        rubric: DesignRubric = host.rubric
        self.rows: dict[str, CriterionRow] = {}
        intro = w.HTML(
            f"<h3>{html.escape(rubric.title)}</h3><p>For each element, read the levels and the "
            "evidence the design checks found, then choose the level you see. Nothing is "
            "chosen for you; the suggestion is only a starting point.</p>"
        )
        if host.review.rubric != rubric.id:
            note = w.HTML(
                f"<p role='note'>This review was scored with the design rubric "
                f"'{html.escape(host.review.rubric)}', which is not the one loaded here "
                f"('{html.escape(rubric.id)}'). Open the reviewer with that rubric to change "
                "its scores.</p>"
            )
            self.box = classed(w.VBox([intro, note]), "pbl-design-rubric")
            return
        self.rows = {c.id: CriterionRow(host, c) for c in rubric.criteria}
        self.box = classed(
            w.VBox([intro, *(row.box for row in self.rows.values())]), "pbl-design-rubric"
        )


__all__ = ["CriterionRow", "RubricPart", "descriptors_html", "suggestion_html"]
