"""The review report as a Word document (python-docx), byte-for-byte deterministic.

It is written with the unit document's helpers (``formats.unit_docx``): Markdown becomes
Word paragraphs, lists and runs (raw HTML is text, only http, https and mailto links
become hyperlinks), styles are set by id, header rows of tables repeat. Headings: the
report's title, a Heading 1 per review and for the micro-credential evidence, then
Heading 2 (scores, comments, next steps), 3 (a section of the unit), 4 (an element).

Deterministic like the unit document: fixed core-property dates, no clock or user name,
python-docx's sample thumbnail left out, and the package rewritten by
``files.zipfile_det``.
"""

from __future__ import annotations

from docx import Document
from docx.shared import Pt, RGBColor

from ..formats.unit_docx import (
    FIXED_DATE,
    _bold_cell,
    _heading,
    _new_paragraph,
    _property,
    _repeat_header,
    _table,
    docx_bytes,
    write_inline,
    write_markdown,
)
from ..formats.unit_html import plain_text
from .report import (
    CREDENTIAL_NOTE,
    NO_COMMENTS,
    NO_REVIEWS,
    NO_SCORES,
    NOT_DECIDED,
    CommentItem,
    Report,
    ReviewSection,
)

STATE_COLOUR = RGBColor(0x7A, 0x4F, 0x00)
MUTED = RGBColor(0x4A, 0x4A, 0x4A)


class ReportDocument:
    """Writes one report into a new Word document."""

    def __init__(self, report: Report) -> None:
        self.report = report
        self.doc = Document()

    # helpers -------------------------------------------------------------------------
    def heading_md(self, text: str, level: int, prefix: str = "") -> None:
        paragraph = _heading(self.doc, prefix, level)
        write_inline(paragraph, text)

    def note(self, text: str) -> None:
        _new_paragraph(self.doc).add_run(text).italic = True

    def field_table(self, rows: list[tuple[str, str, bool]]) -> None:
        """A two-column table of (label, text, text is block Markdown)."""
        table = _table(self.doc, len(rows), 2)
        for index, (label, text, block) in enumerate(rows):
            _bold_cell(table.cell(index, 0), label)
            cell = table.cell(index, 1)
            if block:
                write_markdown(cell, text)
            else:
                write_inline(_new_paragraph(cell), text)

    # the document --------------------------------------------------------------------
    def build(self) -> None:
        report = self.report
        self.properties()
        title = _new_paragraph(self.doc, "Title")
        title.add_run("Review report: ")
        write_inline(title, report.unit_title)
        version = f", version {report.unit_version}" if report.unit_version else ""
        count = report.comment_count
        self.field_table(
            [
                ("Unit", f"{report.unit_id}{version}", False),
                ("Content version", report.unit_hash, False),
                ("Reviews", f"{len(report.reviews)}, with {count} comment"
                 f"{'' if count == 1 else 's'}", False),
                ("Design rubric", report.rubric_title, False),
            ]
        )  # fmt: skip
        if not report.reviews:
            self.note(NO_REVIEWS)
        for review in report.reviews:
            self.review(review)
        self.credential()

    def properties(self) -> None:
        report = self.report
        core = self.doc.core_properties
        core.title = _property(f"Review report: {plain_text(report.unit_title) or report.unit_id}")
        core.subject = _property(f"Reviews of the unit '{report.unit_id}'")
        reviewers = sorted({plain_text(review.reviewer) for review in report.reviews})
        core.author = _property("; ".join(reviewers))
        core.keywords = "review; design rubric; pbl-author"
        core.comments = "Exported by pbl-author"
        core.category = "Review report"
        core.identifier = report.unit_id
        core.language = report.language
        core.version = _property(report.unit_hash)
        core.last_modified_by = "pbl-author"
        core.revision = 1
        core.created = FIXED_DATE
        core.modified = FIXED_DATE
        core.last_printed = FIXED_DATE

    def review(self, review: ReviewSection) -> None:
        self.heading_md(review.heading, 1)
        rows = [(label, value, False) for label, value in review.fields]
        if review.focusing_question.strip():
            rows.append(("Focusing question", review.focusing_question, True))
        self.field_table(rows)

        _heading(self.doc, "Design rubric scores", 2)
        if review.scores:
            self.scores(review)
        else:
            self.note(NO_SCORES)

        _heading(self.doc, f"Comments ({review.comment_count})", 2)
        if not review.sections:
            self.note(NO_COMMENTS)
        for section in review.sections:
            _heading(self.doc, section.title, 3)
            for element in section.elements:
                self.heading_md(element.label, 4)
                for comment in element.comments:
                    self.comment(comment)

        if review.next_steps.strip():
            _heading(self.doc, "Next steps", 2)
            write_markdown(self.doc, review.next_steps)
        if review.conflicts:
            _heading(self.doc, "Notes from merging reviews", 2)
            for note in review.conflicts:
                write_markdown(self.doc, note, style="List Bullet")

    def scores(self, review: ReviewSection) -> None:
        heads = ("Criterion", "Reviewer's level", "Suggested level", "Evidence")
        table = _table(self.doc, len(review.scores) + 1, len(heads))
        for column, head in enumerate(heads):
            _bold_cell(table.cell(0, column), head)
        _repeat_header(table.rows[0])
        for row, score in enumerate(review.scores, start=1):
            cell = table.cell(row, 0)
            write_inline(_new_paragraph(cell), score.criterion, bold=True)
            if score.conflict:
                run = _new_paragraph(cell).add_run(score.conflict_text)
                run.italic = True
                run.font.color.rgb = STATE_COLOUR
            cell = table.cell(row, 1)
            if score.decided:
                write_inline(_new_paragraph(cell), score.level, bold=True)
                if score.descriptor:
                    paragraph = _new_paragraph(cell)
                    write_inline(paragraph, score.descriptor)
                    for run in paragraph.runs:
                        run.font.size = Pt(9)
                        run.font.color.rgb = MUTED
            else:
                _new_paragraph(cell).add_run(NOT_DECIDED).italic = True
            cell = table.cell(row, 2)
            if score.suggested:
                write_inline(_new_paragraph(cell), score.suggested)
            else:
                _new_paragraph(cell).add_run("none").italic = True
            if score.evidence.strip():
                write_markdown(table.cell(row, 3), score.evidence)
            else:
                _new_paragraph(table.cell(row, 3)).add_run("none given").italic = True

    def comment(self, comment: CommentItem) -> None:
        paragraph = _new_paragraph(self.doc)
        paragraph.paragraph_format.keep_with_next = True
        paragraph.add_run(comment.kind_text).bold = True
        if comment.author:
            paragraph.add_run(" by ")
            write_inline(paragraph, comment.author)
        paragraph.add_run(f" · status: {comment.status_text}")
        for text in (comment.state_text, comment.variant_text):
            if text:
                paragraph.add_run(" · ")
                run = paragraph.add_run(text)
                run.bold = True
                run.font.color.rgb = STATE_COLOUR
        write_markdown(self.doc, comment.text)
        for reply in comment.replies:
            lead = _new_paragraph(self.doc, "List Continue")
            write_inline(lead, reply.heading)
            for run in lead.runs:
                run.italic = True
            write_markdown(self.doc, reply.text, style="List Continue")

    def credential(self) -> None:
        cred = self.report.credential
        _heading(self.doc, "Evidence for an educator micro-credential", 1)
        self.note(CREDENTIAL_NOTE)
        criteria = "; ".join(cred.criteria)
        levels = ", ".join(cred.levels)
        self.field_table(
            [
                ("Competency", f"{cred.competency}, judged on the criteria of the "
                 f"{cred.rubric}: {criteria}.", False),
                ("Evidence", cred.evidence, False),
                ("Rubric", f"{cred.rubric} (levels: {levels})", False),
                ("Reviewers", "\n".join(f"- {who}" for who in cred.reviewers) or "none yet",
                 True),
            ]
        )  # fmt: skip
        table = _table(self.doc, len(cred.reached) + 1, 2)
        _bold_cell(table.cell(0, 0), "Criterion")
        _bold_cell(table.cell(0, 1), "Level reached")
        _repeat_header(table.rows[0])
        for row, reached in enumerate(cred.reached, start=1):
            write_inline(_new_paragraph(table.cell(row, 0)), reached.criterion, bold=True)
            cell = table.cell(row, 1)
            if not reached.levels:
                _new_paragraph(cell).add_run(NOT_DECIDED).italic = True
            for level, by in reached.levels:
                paragraph = _new_paragraph(cell)
                write_inline(paragraph, level, bold=True)
                paragraph.add_run(" ")
                write_inline(paragraph, by)

    def save(self) -> bytes:
        self.doc.styles["Normal"].font.size = Pt(11)
        return docx_bytes(self.doc)


def export(report: Report) -> bytes:
    """The report as a Word document (``.docx``, deterministic bytes)."""
    document = ReportDocument(report)
    document.build()
    return document.save()


__all__ = ["ReportDocument", "export"]
