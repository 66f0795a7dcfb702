"""The review report as a PDF (fpdf2), portrait A4, deterministic bytes.

Drawn with the rubric PDF's pieces (``formats.rubric_pdf``): the bundled DejaVu Sans
(``pbl_author.render.fonts``) embedded as a subset, its word wrap, and its table, whose
rows run over a page and whose header row repeats. Each review starts a page, as does
the micro-credential evidence. Markdown prints as plain text (a line per paragraph or
list item, links as "text (address)"); everything prints as written, nothing in it is
read as markup.

Deterministic like the rubric PDF: fixed creation date, producer and creator, no
modification date, and the file identifier fpdf2 derives from the content.
"""

from __future__ import annotations

from ..formats.rubric_layout import plain_text, plain_title
from ..formats.rubric_pdf import (
    ACCENT,
    FONT,
    INK,
    LINE,
    MARGIN,
    MUTED,
    PT,
    ROW_HEAD,
    TINT,
    WHITE,
    _Cell,
    _Document,
    _Table,
    _Text,
    _wrap,
    new_document,
)
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

STATE = (122, 79, 0)  # the HTML report's .pbl-state colour
BODY, SMALL, CELL = 10.0, 8.5, 8.5  # font sizes in points
LABEL_WIDTH = 38.0  # mm: the label column of a list of fields
INDENT = 4.0  # mm: comment text under its notes; replies twice that
SCORE_WIDTHS = (0.22, 0.2, 0.14, 0.44)
REACHED_WIDTHS = (0.35, 0.65)


def _new_document(report: Report) -> _Document:
    title = f"Review report: {plain_title(report.unit_title) or report.unit_id}"
    reviewers = sorted({plain_title(review.reviewer) for review in report.reviews})
    pdf = new_document(
        title,
        f"Reviews of the unit '{report.unit_id}'",
        "; ".join(reviewers),
        report.language,
        orientation="P",
        keywords="review; design rubric",
    )
    pdf.footer_text = title
    return pdf


class _Writer:
    """Flowing text on the page: wrapped lines, a new page where one is full."""

    def __init__(self, pdf: _Document) -> None:
        self.pdf = pdf

    @property
    def usable(self) -> float:
        return self.pdf.w - 2 * MARGIN

    def _bottom(self) -> float:
        return self.pdf.h - MARGIN - 2  # room for the footer (as the table keeps)

    def need(self, height: float) -> None:
        """A new page unless ``height`` mm still fit on this one."""
        if self.pdf.get_y() + height > self._bottom():
            self.pdf.add_page()

    def text(self, text: str, size: float = BODY, *, bold=False, color=INK, indent=0.0,
             after=1.0) -> None:  # fmt: skip
        pdf = self.pdf
        width = self.usable - indent
        for line in _wrap(pdf, _Text(text, bold, size, color), width):
            self.need(line.height)
            pdf.set_font(FONT, "B" if line.bold else "", line.size)
            pdf.set_text_color(*line.color)
            y = pdf.get_y()
            pdf.set_xy(pdf.l_margin + indent, y)
            pdf.cell(w=width, h=line.height, text=line.text)
            pdf.set_xy(pdf.l_margin, y + line.height)
        pdf.set_y(pdf.get_y() + after)

    def markdown(self, text: str, size: float = BODY, *, indent=0.0, color=INK) -> None:
        for line in plain_text(text).split("\n"):
            if line.strip():
                self.text(line, size, indent=indent, color=color, after=0.6)

    def heading(self, text: str, size: float, *, color=INK, before=2.0) -> None:
        self.pdf.set_y(self.pdf.get_y() + before)
        self.need(size * PT * LINE * 4)  # keep a heading with what follows it
        self.text(text, size, bold=True, color=color, after=1.0)

    def field(self, label: str, value: str) -> None:
        """``label`` in a narrow bold column, ``value`` (plain) wrapped beside it."""
        pdf = self.pdf
        lines = _wrap(pdf, _Text(value, size=SMALL), self.usable - LABEL_WIDTH)
        self.need(lines[0].height)
        pdf.set_font(FONT, "B", SMALL)
        pdf.set_text_color(*INK)
        pdf.set_xy(pdf.l_margin, pdf.get_y())
        pdf.cell(w=LABEL_WIDTH, h=lines[0].height, text=label)
        for line in lines:
            self.need(line.height)
            pdf.set_font(FONT, "", line.size)
            y = pdf.get_y()
            pdf.set_xy(pdf.l_margin + LABEL_WIDTH, y)
            pdf.cell(w=self.usable - LABEL_WIDTH, h=line.height, text=line.text)
            pdf.set_xy(pdf.l_margin, y + line.height)
        pdf.set_y(pdf.get_y() + 0.8)

    def table(self, widths: tuple[float, ...], heads: tuple[str, ...]) -> _Table:
        header = [_Cell((_Text(head, bold=True, size=CELL),), TINT) for head in heads]
        table = _Table(self.pdf, [self.usable * share for share in widths], header)
        self.need(20)
        table.draw_header()
        return table


def _lines(text: str, *, bold=False, color=INK, size=CELL) -> tuple[_Text, ...]:
    """Markdown ``text`` as cell paragraphs (a line per paragraph or list item)."""
    return tuple(
        _Text(line, bold, size, color) for line in plain_text(text).split("\n") if line.strip()
    )


class _ReportPdf:
    def __init__(self, report: Report) -> None:
        self.report = report
        self.pdf = _new_document(report)
        self.out = _Writer(self.pdf)

    def build(self) -> bytes:
        report, out = self.report, self.out
        self.pdf.add_page()
        out.text("Review report", SMALL, color=MUTED, after=0.5)
        out.text(plain_title(report.unit_title) or report.unit_id, 16, bold=True, after=2)
        version = f", version {plain_title(report.unit_version)}" if report.unit_version else ""
        count = report.comment_count
        out.field("Unit", f"{report.unit_id}{version}")
        out.field("Content version", report.unit_hash)
        out.field("Reviews", f"{len(report.reviews)}, with {count} comment"
                  f"{'' if count == 1 else 's'}")  # fmt: skip
        out.field("Design rubric", plain_title(report.rubric_title))
        if not report.reviews:
            out.text(NO_REVIEWS, after=2)
        for index, review in enumerate(report.reviews):
            if index:
                self.pdf.add_page()
            self.review(review)
        self.pdf.add_page()
        self.credential()
        return bytes(self.pdf.output())

    def review(self, review: ReviewSection) -> None:
        out = self.out
        out.heading(plain_title(review.heading), 14, color=ACCENT, before=4)
        for label, value in review.fields:
            out.field(label, plain_title(value))
        if review.focusing_question.strip():
            out.field("Focusing question", " ".join(plain_text(review.focusing_question).split()))

        out.heading("Design rubric scores", 12)
        if review.scores:
            self.scores(review)
        else:
            out.text(NO_SCORES, SMALL, color=MUTED)

        out.heading(f"Comments ({review.comment_count})", 12)
        if not review.sections:
            out.text(NO_COMMENTS, SMALL, color=MUTED)
        for section in review.sections:
            out.heading(section.title, 11, color=ACCENT)
            for element in section.elements:
                out.heading(plain_title(element.label), 10, before=0.8)
                for comment in element.comments:
                    self.comment(comment)

        if review.next_steps.strip():
            out.heading("Next steps", 12)
            out.markdown(review.next_steps)
        if review.conflicts:
            out.heading("Notes from merging reviews", 12)
            for note in review.conflicts:
                out.markdown(f"- {note}", SMALL)

    def scores(self, review: ReviewSection) -> None:
        table = self.out.table(
            SCORE_WIDTHS, ("Criterion", "Reviewer's level", "Suggested level", "Evidence")
        )
        for score in review.scores:
            head = [_Text(plain_title(score.criterion), bold=True, size=CELL)]
            if score.conflict:
                head.append(_Text(score.conflict_text, size=SMALL - 1, color=STATE))
            if score.decided:
                level = [_Text(plain_title(score.level), bold=True, size=CELL)]
                if score.descriptor:
                    level.append(_Text(plain_title(score.descriptor), size=SMALL - 1, color=MUTED))
            else:
                level = [_Text(NOT_DECIDED, size=CELL, color=MUTED)]
            suggested = _Text(plain_title(score.suggested) or "none", size=CELL,
                              color=INK if score.suggested else MUTED)  # fmt: skip
            evidence = _lines(score.evidence) or (_Text("none given", size=CELL, color=MUTED),)
            table.row(
                [
                    _Cell(tuple(head), ROW_HEAD, continued="(continued)"),
                    _Cell(tuple(level), WHITE),
                    _Cell((suggested,), WHITE),
                    _Cell(evidence, WHITE),
                ]
            )
        self.pdf.set_y(self.pdf.get_y() + 2)

    def comment(self, comment: CommentItem) -> None:
        out = self.out
        out.need(SMALL * PT * LINE * 3)
        notes = [comment.kind_text]
        if comment.author:
            notes.append(f"by {plain_title(comment.author)}")
        notes.append(f"status: {comment.status_text}")
        out.text(" · ".join(notes), SMALL, bold=True, color=MUTED, after=0.3)
        flags = [text for text in (comment.state_text, comment.variant_text) if text]
        if flags:
            out.text(" · ".join(flags), SMALL, bold=True, color=STATE, after=0.3)
        out.markdown(comment.text, indent=INDENT)
        for reply in comment.replies:
            out.text(plain_title(reply.heading), SMALL, bold=True, color=MUTED,
                     indent=2 * INDENT, after=0.3)  # fmt: skip
            out.markdown(reply.text, indent=2 * INDENT)
        self.pdf.set_y(self.pdf.get_y() + 1.5)

    def credential(self) -> None:
        cred, out = self.report.credential, self.out
        out.heading("Evidence for an educator micro-credential", 14, color=ACCENT, before=0)
        out.text(CREDENTIAL_NOTE, SMALL, color=MUTED, after=2)
        criteria = "; ".join(plain_title(c) for c in cred.criteria)
        out.field(
            "Competency",
            f"{cred.competency}, judged on the criteria of the {plain_title(cred.rubric)}: "
            f"{criteria}.",
        )
        out.field("Evidence", plain_title(cred.evidence))
        levels = ", ".join(plain_title(level) for level in cred.levels)
        out.field("Rubric", f"{plain_title(cred.rubric)} (levels: {levels})")
        for index, who in enumerate(cred.reviewers or ("none yet",)):
            out.field("Reviewers" if index == 0 else "", plain_title(who))
        self.pdf.set_y(self.pdf.get_y() + 2)
        table = out.table(REACHED_WIDTHS, ("Criterion", "Level reached"))
        for reached in cred.reached:
            levels_reached = tuple(
                _Text(f"{plain_title(level)} {plain_title(by)}", size=CELL)
                for level, by in reached.levels
            ) or (_Text(NOT_DECIDED, size=CELL, color=MUTED),)
            head = _Text(plain_title(reached.criterion), bold=True, size=CELL)
            table.row([_Cell((head,), ROW_HEAD), _Cell(levels_reached, WHITE)])


def export(report: Report) -> bytes:
    """The report as a PDF (deterministic bytes)."""
    return _ReportPdf(report).build()


__all__ = ["export"]
