"""The unit's rubrics as a PDF (fpdf2): one rubric per landscape A4 page.

Text is set in the bundled DejaVu Sans (``pbl_author.render.fonts``), embedded as a
subset, so any Latin, Greek, Cyrillic, Armenian, Georgian or Hebrew text prints the
same on every machine; scripts DejaVu Sans lacks (CJK, for one) do not print, and
no text shaping is done (Arabic and Indic scripts print unjoined).

The table is drawn here rather than with ``FPDF.table`` because a rubric row must be
able to run over a page: long descriptors wrap, a rubric that runs over a page
repeats its header row on the next, and a row taller than a page continues on the
next one. Each rubric starts a page.

Deterministic: fixed creation date, producer and creator, no modification date, and
the file identifier fpdf2 derives from the content; the same unit gives the same bytes
(as long as zlib compresses the same way, as stock zlib does).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone

from fpdf import FPDF

from ..model import Unit
from ..render.fonts import font_path
from .rubric_layout import RubricLayout, layout_rubrics, plain_text, plain_title

FIXED_DATE = datetime(2000, 1, 1, tzinfo=timezone.utc)
FONT = "DejaVuSans"
MARGIN = 10.0  # mm
PAD = 1.2  # mm of padding inside a table cell
LINE = 1.25  # line height, in font sizes
PT = 25.4 / 72  # mm per point

INK = (27, 27, 27)
MUTED = (74, 74, 74)
ACCENT = (11, 83, 148)
GRID = (138, 138, 138)
TINT = (238, 244, 251)
ROW_HEAD = (247, 247, 247)
WHITE = (255, 255, 255)

BODY, HEAD, DETAIL = 8.0, 8.5, 7.0  # font sizes in points


@dataclass(frozen=True)
class _Text:
    """A paragraph to set in a cell."""

    text: str
    bold: bool = False
    size: float = BODY
    color: tuple[int, int, int] = INK


@dataclass(frozen=True)
class _Line:
    text: str
    bold: bool
    size: float
    color: tuple[int, int, int]

    @property
    def height(self) -> float:
        return self.size * PT * LINE


@dataclass(frozen=True)
class _Cell:
    paragraphs: tuple[_Text, ...]
    fill: tuple[int, int, int] = WHITE
    min_height: float = 0.0
    continued: str = ""  # what the cell shows where its row goes on after a page break


class _Document(FPDF):
    footer_text = ""

    def footer(self) -> None:
        self.set_y(-MARGIN + 4)
        self.set_font(FONT, size=7)
        self.set_text_color(*MUTED)
        self.cell(0, 4, f"{self.footer_text}  ·  page {self.page_no()}", align="R")


def new_document(
    title: str,
    subject: str,
    author: str,
    language: str,
    *,
    orientation: str = "L",
    keywords: str = "rubrics",
) -> _Document:
    """An A4 document in DejaVu Sans with fixed metadata (the same bytes every time)."""
    pdf = _Document(orientation=orientation, unit="mm", format="A4")
    pdf.str_alias_nb_pages = ""  # teacher text may contain "{nb}": print it as written
    pdf.set_margins(MARGIN, MARGIN, MARGIN)
    pdf.set_auto_page_break(False)
    pdf.add_font(FONT, "", str(font_path()))
    pdf.add_font(FONT, "B", str(font_path(bold=True)))
    pdf.set_creation_date(FIXED_DATE)
    pdf.set_producer("pbl-author")
    pdf.set_creator("pbl-author")
    pdf.set_title(title)
    pdf.set_subject(subject)
    if author:
        pdf.set_author(author)
    pdf.set_keywords(keywords)
    pdf.set_lang(language)
    return pdf


def _wrap(pdf: FPDF, paragraph: _Text, width: float) -> list[_Line]:
    """Greedy word wrap by measured widths (far faster than a dry-run multi_cell per text).

    A word wider than the column is cut where it fills the line.
    """
    pdf.set_font(FONT, "B" if paragraph.bold else "", paragraph.size)
    measure = pdf.get_string_width
    space = measure(" ")
    pieces: list[str] = []
    for text in paragraph.text.split("\n"):
        line, line_width = "", 0.0
        for word in text.split(" "):
            word_width = measure(word)
            if line and line_width + space + word_width <= width:
                line, line_width = f"{line} {word}", line_width + space + word_width
                continue
            if line:
                pieces.append(line)
            while word_width > width and len(word) > 1:
                cut = len(word) - 1
                while cut > 1 and measure(word[:cut]) > width:
                    cut -= 1
                pieces.append(word[:cut])
                word = word[cut:]
                word_width = measure(word)
            line, line_width = word, word_width
        pieces.append(line)
    return [_Line(piece, paragraph.bold, paragraph.size, paragraph.color) for piece in pieces]


class _Table:
    """A table drawn row by row, the header repeated on every page it reaches."""

    def __init__(self, pdf: _Document, widths: list[float], header: list[_Cell]):
        self.pdf = pdf
        self.widths = widths
        self.header = self._lines(header)
        self.header_cells = header

    def _lines(self, cells: list[_Cell]) -> list[list[_Line]]:
        return [
            [line for p in cell.paragraphs for line in _wrap(self.pdf, p, width - 2 * PAD)]
            for cell, width in zip(cells, self.widths, strict=True)
        ]

    @staticmethod
    def _height(lines: list[list[_Line]], cells: list[_Cell]) -> float:
        return max(
            max(sum(line.height for line in cell) + 2 * PAD, spec.min_height)
            for cell, spec in zip(lines, cells, strict=True)
        )

    def _bottom(self) -> float:
        return self.pdf.h - MARGIN - 2  # room for the footer

    def _draw(self, lines: list[list[_Line]], cells: list[_Cell], height: float) -> None:
        pdf = self.pdf
        x, y = pdf.l_margin, pdf.get_y()
        pdf.set_draw_color(*GRID)
        pdf.set_line_width(0.2)
        for cell_lines, spec, width in zip(lines, cells, self.widths, strict=True):
            pdf.set_fill_color(*spec.fill)
            pdf.rect(x, y, width, height, style="DF")
            line_y = y + PAD
            for line in cell_lines:
                pdf.set_font(FONT, "B" if line.bold else "", line.size)
                pdf.set_text_color(*line.color)
                pdf.set_xy(x + PAD, line_y)
                pdf.cell(w=width - 2 * PAD, h=line.height, text=line.text)
                line_y += line.height
            x += width
        pdf.set_xy(pdf.l_margin, y + height)

    def draw_header(self) -> None:
        self._draw(self.header, self.header_cells, self._height(self.header, self.header_cells))

    def _next_page(self) -> None:
        self.pdf.add_page()
        self.draw_header()

    def row(self, cells: list[_Cell]) -> None:
        pending = self._lines(cells)
        header_height = self._height(self.header, self.header_cells)
        page_room = self._bottom() - self.pdf.t_margin - header_height
        while True:
            room = self._bottom() - self.pdf.get_y()
            need = self._height(pending, cells)
            if need <= room:
                self._draw(pending, cells, need)
                return
            if need <= page_room or room < 3 * BODY * PT * LINE + 2 * PAD:
                self._next_page()  # the row fits a fresh page (or almost nothing fits here)
                continue
            # Taller than a page: fill this page with what fits, carry on with the rest.
            now, later = [], []
            for cell_lines, spec, width in zip(pending, cells, self.widths, strict=True):
                used, cut = 2 * PAD, 0
                while cut < len(cell_lines) and used + cell_lines[cut].height <= room:
                    used += cell_lines[cut].height
                    cut += 1
                now.append(cell_lines[:cut])
                rest = cell_lines[cut:]
                if not rest and spec.continued:
                    note = _Text(spec.continued, size=DETAIL, color=MUTED)
                    rest = _wrap(self.pdf, note, width - 2 * PAD)
                later.append(rest)
            cells = [_Cell(c.paragraphs, c.fill, 0.0, c.continued) for c in cells]
            self._draw(now, cells, room)
            pending = later
            self._next_page()


def _text_paragraphs(markdown: str) -> tuple[_Text, ...]:
    return tuple(_Text(line) for line in plain_text(markdown).split("\n") if line.strip())


def _head_cell(title: str, lines: tuple[str, ...], fill, color, size) -> _Cell:
    heads = [_Text(plain_title(title), bold=True, size=HEAD)]
    heads += [_Text(line, bold=color == ACCENT, size=size, color=color) for line in lines]
    return _Cell(tuple(heads), fill, continued=f"{plain_title(title)} (continued)")


def _widths(rubric: RubricLayout, usable: float) -> list[float]:
    return [usable * share for share in rubric.grid.widths]


def _paragraph(pdf: FPDF, text: str, size: float, *, bold=False, color=INK, after=1.0) -> None:
    pdf.set_font(FONT, "B" if bold else "", size)
    pdf.set_text_color(*color)
    pdf.set_x(pdf.l_margin)
    pdf.multi_cell(w=0, h=size * PT * LINE, text=text, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(after)


def _rubric(pdf: _Document, rubric: RubricLayout) -> None:
    _paragraph(pdf, plain_title(rubric.title), 12.5, bold=True, after=0.8)
    if rubric.tasks:
        _paragraph(pdf, "For: " + "; ".join(map(plain_title, rubric.tasks)), 8.5, color=MUTED)
    if rubric.grid.shape == "holistic" and rubric.competencies:
        codes = ", ".join(rubric.competencies)
        _paragraph(pdf, f"Competencies: {codes}", 8.5, color=MUTED)
    _paragraph(pdf, rubric.summary, 8.5, color=MUTED, after=2)
    if rubric.empty:
        return
    grid = rubric.grid
    usable = pdf.w - 2 * MARGIN
    header = [_head_cell(grid.corner, (), TINT, MUTED, DETAIL)]
    header += [
        _head_cell(head.title, (head.points_text,) if head.points_text else (), TINT, ACCENT, HEAD)
        for head in grid.columns
    ]
    table = _Table(pdf, _widths(rubric, usable), header)
    table.draw_header()
    holistic = grid.shape == "holistic"
    for row in grid.rows:
        color, size = (ACCENT, HEAD) if holistic else (MUTED, DETAIL)
        cells = [_head_cell(row.title, row.details, ROW_HEAD, color, size)]
        for cell in row.cells:
            if cell.role == "feedback":
                cells.append(_Cell((), WHITE, min_height=24))
            else:
                fill = TINT if grid.shape == "single_point" else WHITE
                cells.append(_Cell(_text_paragraphs(cell.text), fill))
        table.row(cells)


def export(unit: Unit, audience: str = "teacher") -> bytes:
    """The rubrics as a PDF in ``audience`` wording ("teacher" or "student")."""
    doc = layout_rubrics(unit, audience)
    title = plain_title(doc.title)
    author = "; ".join(author.name for author in unit.identity.authors)
    pdf = new_document(title, f"{doc.version_label} of the rubrics", author, doc.language)
    pdf.footer_text = f"{title} ({doc.version_label.lower()})"
    pdf.add_page()
    _paragraph(pdf, title, 15, bold=True, after=0.5)
    _paragraph(pdf, doc.version_label, 9, color=MUTED, after=2)
    if not doc.rubrics:
        _paragraph(pdf, doc.empty_note, 10)
    for index, rubric in enumerate(doc.rubrics):
        if index:
            pdf.add_page()
        _rubric(pdf, rubric)
    return bytes(pdf.output())
