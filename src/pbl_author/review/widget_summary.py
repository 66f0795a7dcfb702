"""The reviewer's summary: comments counted by kind and state, scores chosen against
the suggestions, comments a later version of the unit may have addressed, next steps
and "Submit review"."""

from __future__ import annotations

import html
from typing import Any

import ipywidgets as w

from ..model.review import DesignRubric, Review
from ..render.markdown import inline_html
from ..render.text import one_line
from .status import STATE_TEXT, CommentView
from .widget_reading import KIND_TEXT, classed

_COLUMNS = [
    ("Comments", lambda v: True),
    ("Open", lambda v: v.comment.status == "open"),
    ("Addressed", lambda v: v.comment.status == "addressed"),
    ("Dismissed", lambda v: v.comment.status == "dismissed"),
    ("Changed since", lambda v: v.state == "revised"),
    ("No longer in the unit", lambda v: v.state == "removed"),
]


def counts_html(views: list[CommentView]) -> str:
    """A table of the comments of ``views``: one row per kind, one column per status and state."""
    head = "".join(f"<th scope='col'>{name}</th>" for name, _ in _COLUMNS)
    rows = []
    for kind, title in [*KIND_TEXT.items(), ("", "All")]:
        chosen = [v for v in views if not kind or v.comment.kind == kind]
        cells = "".join(f"<td>{sum(1 for v in chosen if test(v))}</td>" for _, test in _COLUMNS)
        rows.append(f"<tr><th scope='row'>{title}</th>{cells}</tr>")
    return (
        "<table class='pbl-counts'><caption>Your comments</caption>"
        f"<thead><tr><th scope='col'>Kind</th>{head}</tr></thead>"
        f"<tbody>{''.join(rows)}</tbody></table>"
    )


def scores_html(rubric: DesignRubric, review: Review) -> str:
    """Each criterion's suggested level beside the level chosen."""
    if review.rubric != rubric.id:
        return f"<p>Scored with another design rubric ('{html.escape(review.rubric)}').</p>"
    by_criterion = {}
    for score in review.scores:
        by_criterion.setdefault(score.criterion, score)
    rows, decided = [], 0
    for criterion in rubric.criteria:
        score = by_criterion.get(criterion.id)
        suggested = rubric.level_title(score.suggested) if score and score.suggested else "none"
        if score and score.level:
            decided += 1
            chosen = html.escape(rubric.level_title(score.level))
            note = "as suggested" if score.level == score.suggested else "differs from suggestion"
        else:
            chosen, note = "not decided", ""
        rows.append(
            f"<tr><th scope='row'>{html.escape(criterion.title)}</th>"
            f"<td>{html.escape(suggested)}</td><td>{chosen}</td><td>{note}</td></tr>"
        )
    return (
        f"<table class='pbl-scores'><caption>Design rubric: {decided} of "
        f"{len(rubric.criteria)} levels chosen</caption><thead><tr><th scope='col'>Element"
        "</th><th scope='col'>Suggested</th><th scope='col'>Your level</th><th scope='col'>Note"
        f"</th></tr></thead><tbody>{''.join(rows)}</tbody></table>"
    )


class SummaryPart:
    def __init__(self, host: Any):
        self.host = host
        self.counts = classed(w.HTML(), "pbl-counts-box")
        self.scores = classed(w.HTML(), "pbl-scores-box")
        self.likely_heading = w.HTML()
        self.likely = classed(w.VBox([]), "pbl-likely-addressed")
        self.mark_buttons: list[tuple[CommentView, w.Button]] = []
        self.mark_all_button = classed(
            w.Button(description="Mark all of these addressed", icon="check-double"),
            "pbl-mark-all-revised",
        )
        self.mark_all_button.on_click(
            lambda _: host.mark_addressed([view for view, _ in self.mark_buttons])
        )
        self.next_steps = classed(
            w.Textarea(
                description="Next steps",
                placeholder="What should the teacher do next?",
                continuous_update=False,
                rows=4,
                layout=w.Layout(width="100%"),
            ),
            "pbl-next-steps",
        )
        self.next_steps.observe(
            lambda change: host.quietly_or(lambda: host.set_field("next_steps", change["new"])),
            names="value",
        )
        self.review_status = classed(w.HTML(), "pbl-review-status")
        self.submit_button = classed(
            w.Button(description="Submit review", icon="paper-plane", button_style="primary"),
            "pbl-submit",
        )
        self.submit_button.on_click(lambda _: host.submit())
        self.box = classed(
            w.VBox([
                w.HTML("<h3>Summary</h3>"), self.counts, self.scores, self.likely_heading,
                self.likely, self.mark_all_button, self.next_steps,
                w.HBox([self.submit_button, self.review_status]),
            ]),
            "pbl-summary",
        )  # fmt: skip
        self.refresh()

    def refresh(self) -> None:
        host = self.host
        review: Review = host.review
        views: list[CommentView] = host.views()
        mine = [v for v in views if v.review is review]
        self.counts.value = counts_html(mine)
        self.scores.value = scores_html(host.rubric, review)
        revised = [v for v in views if v.state == "revised" and v.comment.status == "open"]
        count = f"{len(revised)} open comment{'' if len(revised) == 1 else 's'}"
        self.likely_heading.value = "<h4>Comments addressed by a later version?</h4>" + (
            f"<p>The unit changed at these places since the comment was written, so the "
            f"revision may have addressed them ({count}).</p>"
            if revised
            else "<p>None: no element with an open comment has changed since.</p>"
        )
        self.mark_buttons, rows = [], []
        for view in revised:
            text = (
                f"<strong>{html.escape(view.label)}</strong>: {KIND_TEXT[view.comment.kind]} "
                f"by {html.escape(view.comment.author or view.review.reviewer)}: "
                f"{inline_html(one_line(view.comment.text, 140))} "
                f"<em>({STATE_TEXT[view.state]})</em>"
            )
            button = classed(w.Button(description="Mark addressed", icon="check"),
                             "pbl-mark-revised")  # fmt: skip
            button.on_click(lambda _, view=view: host.mark_addressed([view]))
            self.mark_buttons.append((view, button))
            rows.append(w.HBox([w.HTML(text, layout=w.Layout(flex="1")), button]))
        self.likely.children = rows
        self.mark_all_button.layout.display = "" if len(revised) > 1 else "none"
        host.quietly(lambda: setattr(self.next_steps, "value", review.next_steps))
        submitted = review.status == "submitted"
        self.submit_button.description = "Submitted" if submitted else "Submit review"
        self.submit_button.disabled = submitted
        self.review_status.value = (
            "<span>Submitted. You can still change it; every change is saved.</span>"
            if submitted
            else "<span>Draft: submit it when you are done.</span>"
        )


__all__ = ["SummaryPart", "counts_html", "scores_html"]
