"""Step 2: the driving question (with live feedback as the teacher types), the entry
event, the need-to-know list, the authentic context and partners."""

from __future__ import annotations

import html

from ...model.unit import PartnerKind
from ..forms import FieldSpec, Form, ListSpec, RecordList, fresh_id, literal_options
from .base import Step

#: Questions that work, to show what "open, real, in students' words" looks like.
EXAMPLES = (
    "How can we make our school's lunchtime waste smaller, and convince others to help?",
    "Should our town build the new skate park by the river? What would you advise the council?",
    "How might we tell the stories of our neighbourhood's elders so younger people listen?",
    "What would it take to keep the creek behind our school clean all year?",
)


class QuestionStep(Step):
    key = "question"
    title = "Driving question and launch"
    intro = (
        "The driving question is what students come back to every day: open, "
        "about a real problem, in words they would use."
    )
    prefixes = ("framing",)
    elements = ("driving-question", "entry-event", "need-to-knows", "authentic-context")

    def build(self) -> list:
        import ipywidgets as w

        self.question = Form(
            self.context,
            [FieldSpec(("framing", "driving_question"), "Driving question", "area", rows=3,
                       placeholder="How might we ... for ...?")],
        )  # fmt: skip
        self.feedback = w.HTML()
        self.feedback.add_class("pbl-dq-feedback")
        examples = "".join(f"<li>{html.escape(e)}</li>" for e in EXAMPLES)
        self.examples = w.HTML(
            f"<details><summary>Examples of driving questions</summary><ul>{examples}</ul>"
            "</details>"
        )
        self.launch = Form(
            self.context,
            [
                FieldSpec(("framing", "entry_event", "description"), "Entry event", "area",
                          placeholder="How the project opens: a visitor, a letter, a puzzle..."),
                FieldSpec(("framing", "entry_event", "materials"), "Materials", "lines"),
                FieldSpec(("framing", "authentic_context"), "Why it matters", "area",
                          placeholder="The real problem, place or people the work connects to"),
            ],
        )  # fmt: skip
        self.need_to_knows = RecordList(
            self.context,
            ("framing", "need_to_knows"),
            ListSpec(
                "need-to-know",
                [FieldSpec("text", "Question", "area", rows=2)],
                new_item=lambda data: {
                    "id": fresh_id(data, "ntk"),
                    "text": "What do we need to know about ...?",
                },
            ),
        )
        self.partners = RecordList(
            self.context,
            ("framing", "partners"),
            ListSpec(
                "partner",
                [
                    FieldSpec("name", "Name"),
                    FieldSpec("kind", "Kind", "choice", options=literal_options(PartnerKind)),
                    FieldSpec("role", "Role in the project"),
                    FieldSpec("organization", "Organization"),
                    FieldSpec("contact", "Contact"),
                ],
                new_item=lambda data: {"id": fresh_id(data, "partner"), "name": "New partner"},
                rows=3,
            ),
        )
        self.parts = [self.question, self.launch, self.need_to_knows, self.partners]
        return [
            self.question.box,
            self.feedback,
            self.examples,
            w.HTML("<h4>Launch</h4>"),
            self.launch.box,
            w.HTML("<h4>Need-to-know questions</h4>"),
            self.need_to_knows.box,
            w.HTML("<h4>Partners</h4>"),
            self.partners.box,
        ]

    def refresh(self, data: dict) -> None:
        super().refresh(data)
        self.show_feedback()

    def show_feedback(self) -> None:
        """The driving-question checks' findings, as the teacher types."""
        found = [f for f in self.context.session.findings if f.rule.startswith("dq-")]
        if not found:
            self.feedback.value = (
                "<p class='pbl-ok'>✔ The driving question passes the design checks.</p>"
            )
            return
        items = "".join(
            f"<li><strong>{html.escape(f.message)}</strong>"
            + (f" {html.escape(f.hint)}" if f.hint else "")
            + "</li>"
            for f in found
        )
        self.feedback.value = f"<ul class='pbl-dq-list'>{items}</ul>"
