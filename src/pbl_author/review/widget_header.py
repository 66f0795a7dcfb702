"""The reviewer's header: the unit's title and file, who reviews (name and role), the
protocol, the focusing question, and whether everything is saved; plus the page style."""

from __future__ import annotations

import html
from typing import Any

import ipywidgets as w

from .protocols import OPEN
from .widget_reading import classed

STYLE = """<style>
.pbl-reviewer { font-size: var(--jp-content-font-size1, 14px); }
.pbl-reviewer .pbl-element { border-top: 1px solid var(--jp-border-color2, #ccc);
  padding: 0.4em 0; }
.pbl-reviewer .widget-html-content { line-height: 1.4; }
.pbl-reviewer dl.pbl-fields { display: grid; grid-template-columns: max-content 1fr;
  gap: 0.15em 0.8em; margin: 0.2em 0; }
.pbl-reviewer dl.pbl-fields > dt { grid-column: 1; font-weight: bold; }
.pbl-reviewer dl.pbl-fields > dd { grid-column: 2; margin: 0; }
.pbl-reviewer dl.pbl-fields p, .pbl-reviewer .pbl-comment-body p { margin: 0 0 0.3em; }
.pbl-reviewer dl.pbl-fields ul { margin: 0; padding-left: 1.2em; }
.pbl-reviewer .pbl-comment { border-left: 3px solid #767676; padding-left: 0.5em;
  margin: 0.3em 0 0.3em 1em; }
.pbl-reviewer .pbl-comment-revised { border-left-color: #8a5a00; }
.pbl-reviewer .pbl-comment-removed { border-left-color: #a4000f; }
.pbl-reviewer .pbl-state { font-weight: bold; color: #8a5a00; }
.pbl-reviewer .pbl-kind { font-weight: bold; }
.pbl-reviewer .pbl-protocol { border: 1px solid var(--jp-border-color2, #ccc);
  padding: 0 0.75em 0.5em; margin: 0.5em 0; }
.pbl-reviewer .pbl-time { font-size: 1.4em; font-variant-numeric: tabular-nums;
  margin-right: 1em; }
.pbl-reviewer .pbl-time-up { color: #a4000f; }
.pbl-reviewer table { border-collapse: collapse; margin: 0.4em 0; }
.pbl-reviewer th, .pbl-reviewer td { border: 1px solid #bbb; padding: 2px 6px;
  text-align: left; vertical-align: top; }
.pbl-reviewer .pbl-suggested-row { background: #eef4fb; }
.pbl-reviewer .pbl-message-error { color: #a4000f; }
.pbl-reviewer .pbl-status-error { color: #a4000f; }
</style>"""


class Header:
    """The header's widgets, wired to the ``Reviewer`` (``host``) that owns them."""

    def __init__(self, host: Any):
        unit, subject = host.unit, host.subject
        self.title = classed(
            w.HTML(
                f"<h2 class='pbl-review-title'>Review: {html.escape(unit.title)}</h2>"
                f"<p class='pbl-review-source'>{html.escape(subject.kind.capitalize())} "
                f"{html.escape(host.path.name)}; reviews kept in "
                f"{html.escape(host.review_path.name)}</p>"
            ),
            "pbl-review-heading",
        )
        wide = {"description_width": "initial"}
        self.name = classed(
            w.Text(description="Reviewer", placeholder="Your name", continuous_update=False,
                   style=wide),
            "pbl-reviewer-name",
        )  # fmt: skip
        self.start_button = classed(w.Button(description="Start review", icon="play"),
                                    "pbl-start-review")  # fmt: skip
        self.role = classed(
            w.Text(description="Role", placeholder="coach, colleague, ...",
                   continuous_update=False, disabled=True, style=wide),
            "pbl-role",
        )  # fmt: skip
        options = [(p.title, p.id) for p in host.protocols.values()]
        if OPEN not in host.protocols:
            options.insert(0, ("Open review (no protocol)", OPEN))
        self.protocol = classed(
            w.Dropdown(options=options, value=OPEN, description="Protocol", disabled=True,
                       style=wide),
            "pbl-protocol-choice",
        )  # fmt: skip
        self.focusing_question = classed(
            w.Textarea(description="Focusing question", continuous_update=False, rows=2,
                       disabled=True, placeholder="The question the teacher wants help with",
                       style=wide, layout=w.Layout(width="100%")),
            "pbl-focusing-question",
        )  # fmt: skip
        self.status = classed(w.HTML(), "pbl-save-status")
        self.save_button = classed(w.Button(description="Try saving again", icon="save"),
                                   "pbl-save-again")  # fmt: skip
        self.message = classed(w.HTML(), "pbl-message")
        self.version_note = classed(w.HTML(), "pbl-version-note")
        self.start_button.on_click(lambda _: host.start_clicked())
        self.save_button.on_click(lambda _: host.save())
        self.name.observe(lambda c: host.field_changed("reviewer", c["new"]), names="value")
        self.role.observe(lambda c: host.field_changed("role", c["new"]), names="value")
        self.focusing_question.observe(
            lambda c: host.field_changed("focusing_question", c["new"]), names="value"
        )
        self.protocol.observe(lambda c: host.protocol_changed(c["new"]), names="value")
        self.box = classed(
            w.VBox([
                self.title,
                w.HBox([self.name, self.start_button, self.role, self.protocol],
                       layout=w.Layout(flex_flow="row wrap")),
                self.focusing_question,
                w.HBox([self.status, self.save_button], layout=w.Layout(align_items="center")),
                self.message, self.version_note,
            ]),
            "pbl-review-header",
        )  # fmt: skip

    def fill(self, review: Any) -> None:
        """Show ``review``'s own fields (the caller makes this quiet: not an edit)."""
        self.name.value = review.reviewer
        self.role.value = review.role
        self.focusing_question.value = review.focusing_question
        value = review.protocol or OPEN
        if value not in [v for _, v in self.protocol.options]:
            self.protocol.options = [*self.protocol.options, (f"{value} (not known here)", value)]
        self.protocol.value = value
        for widget in (self.role, self.protocol, self.focusing_question):
            widget.disabled = False
        self.start_button.layout.display = "none"


__all__ = ["STYLE", "Header"]
