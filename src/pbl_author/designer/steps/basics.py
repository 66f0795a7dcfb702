"""Step 1: what the unit is: title, summary, grades, subjects, duration, authors, licence."""

from __future__ import annotations

from ...model.unit import GRADES, Status
from ..forms import FieldSpec, Form, ListSpec, RecordList, literal_options
from .base import Step

STATUS_LABELS = {"draft": "Draft", "in_review": "In review", "published": "Published"}


class BasicsStep(Step):
    key = "basics"
    title = "Basics"
    intro = "Name the unit and say who it is for. Everything here can change later."
    prefixes = ("title", "identity", "status", "id")
    elements = ("unit", "identity")

    def build(self) -> list:
        grades = [(g, g) for g in GRADES]
        self.form = Form(
            self.context,
            [
                FieldSpec("title", "Title", placeholder="A short, inviting name for the unit"),
                FieldSpec(("identity", "summary"), "Summary", "area", rows=4,
                          placeholder="What problem students take on, what they make, for whom"),
                FieldSpec(("identity", "grades"), "Grades", "multi", options=grades),
                FieldSpec(("identity", "subjects"), "Subjects", "csv",
                          placeholder="Science, English (separate with commas)"),
                FieldSpec(("identity", "duration", "weeks"), "Weeks", "decimal"),
                FieldSpec(("identity", "duration", "sessions"), "Sessions", "number"),
                FieldSpec(("identity", "duration", "minutes_per_session"), "Minutes per session",
                          "number"),
                FieldSpec(("identity", "tags"), "Tags", "csv"),
                FieldSpec(("identity", "license"), "Licence", placeholder="for example CC-BY-4.0"),
                FieldSpec(("identity", "language"), "Language", placeholder="en"),
                FieldSpec("status", "Status", "choice",
                          options=literal_options(Status, STATUS_LABELS)),
            ],
        )  # fmt: skip
        self.authors = RecordList(
            self.context,
            ("identity", "authors"),
            ListSpec(
                "author",
                [
                    FieldSpec("name", "Name"),
                    FieldSpec("role", "Role"),
                    FieldSpec("organization", "School or organization"),
                    FieldSpec("email", "Email"),
                ],
                new_item=lambda data: {"name": "New author"},
                rows=3,
            ),
        )
        self.parts = [self.form, self.authors]
        import ipywidgets as w

        return [self.form.box, w.HTML("<h4>Authors</h4>"), self.authors.box]
