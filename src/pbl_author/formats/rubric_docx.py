"""The unit's rubrics as a Word document (python-docx), teacher or student wording.

Landscape pages, one rubric per page (each rubric heading starts a page), a table per
rubric whose header row repeats when a rubric runs over a page and whose rows do not
split. Markdown in teacher text becomes Word formatting (bold, italic, code, list
markers); links print their address after their text.

Deterministic: the core properties carry fixed dates, python-docx's sample thumbnail
is left out, and the package is rewritten by ``files.zipfile_det`` (parts sorted by
name, so ``[Content_Types].xml`` comes first; fixed timestamps and attributes). The
bytes then depend only on the unit (and on zlib deflating the same way, as stock
zlib does).
"""

from __future__ import annotations

from datetime import datetime, timezone

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_ROW_HEIGHT_RULE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

from ..model import Unit
from .rubric_layout import Block, RubricLayout, layout_rubrics, markdown_blocks, with_link_targets
from .unit_docx import docx_bytes

#: The date written into the document's properties (no export carries the time it ran).
FIXED_DATE = datetime(2000, 1, 1, tzinfo=timezone.utc)

PAGE_WIDTH, PAGE_HEIGHT, MARGIN = Mm(297), Mm(210), Mm(12)  # A4 landscape
BODY_SIZE, HEAD_SIZE, DETAIL_SIZE = Pt(8.5), Pt(9), Pt(7.5)
MUTED = RGBColor(0x4A, 0x4A, 0x4A)
ACCENT = RGBColor(0x0B, 0x53, 0x94)
TINT, ROW_HEAD = "EEF4FB", "F7F7F7"


def _shade(cell, fill: str) -> None:
    properties = cell._tc.get_or_add_tcPr()
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), fill)
    properties.append(shading)


def _row_flag(row, name: str) -> None:
    flag = OxmlElement(name)
    flag.set(qn("w:val"), "true")
    row._tr.get_or_add_trPr().append(flag)


def _write_blocks(cell, blocks: tuple[Block, ...], size) -> None:
    paragraph = cell.paragraphs[0]
    for index, block in enumerate(blocks):
        if index:
            paragraph = cell.add_paragraph()
        paragraph.paragraph_format.space_after = Pt(2)
        if block.marker or block.depth:
            paragraph.paragraph_format.left_indent = Pt(8 * (block.depth + 1))
            paragraph.paragraph_format.first_line_indent = Pt(-8)
        if block.marker:
            paragraph.add_run(block.marker).font.size = size
        for run_text in with_link_targets(block.runs):
            run = paragraph.add_run(run_text.text)
            run.font.size = size
            run.bold = run_text.bold or None
            run.italic = run_text.italic or None
            if run_text.code:
                run.font.name = "Courier New"


def _write_head(cell, title: str, lines: tuple[str, ...], color, size, fill: str) -> None:
    _shade(cell, fill)
    paragraph = cell.paragraphs[0]
    paragraph.paragraph_format.space_after = Pt(1)
    for block_index, block in enumerate(markdown_blocks(title) or (Block(()),)):
        if block_index:
            paragraph.add_run(" ")
        for run_text in with_link_targets(block.runs):
            run = paragraph.add_run(run_text.text)
            run.bold = True
            run.italic = run_text.italic or None
            run.font.size = HEAD_SIZE
    for line in lines:
        detail = cell.add_paragraph()
        detail.paragraph_format.space_after = Pt(1)
        run = detail.add_run(line)
        run.font.size = size
        run.font.color.rgb = color
        run.bold = color == ACCENT or None


def _widths(rubric: RubricLayout) -> list[int]:
    usable = PAGE_WIDTH - 2 * MARGIN
    return [int(usable * share) for share in rubric.grid.widths]


def _table(document, rubric: RubricLayout) -> None:
    grid = rubric.grid
    table = document.add_table(rows=len(grid.rows) + 1, cols=len(grid.columns) + 1)
    table.style = "Table Grid"
    table.autofit = False
    widths = _widths(rubric)
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width
        for cell in column.cells:
            cell.width = width
    header = table.rows[0]
    _row_flag(header, "w:tblHeader")
    _row_flag(header, "w:cantSplit")
    _write_head(header.cells[0], grid.corner, (), MUTED, DETAIL_SIZE, TINT)
    for cell, head in zip(header.cells[1:], grid.columns, strict=True):
        points = (head.points_text,) if head.points_text else ()
        _write_head(cell, head.title, points, ACCENT, HEAD_SIZE, TINT)
    holistic = grid.shape == "holistic"
    for row, line in zip(table.rows[1:], grid.rows, strict=True):
        _row_flag(row, "w:cantSplit")
        color, size = (ACCENT, HEAD_SIZE) if holistic else (MUTED, DETAIL_SIZE)
        _write_head(row.cells[0], line.title, line.details, color, size, ROW_HEAD)
        for cell, content in zip(row.cells[1:], line.cells, strict=True):
            if content.role == "feedback":
                row.height = Mm(25)
                row.height_rule = WD_ROW_HEIGHT_RULE.AT_LEAST
            elif grid.shape == "single_point":
                _shade(cell, TINT)
            _write_blocks(cell, markdown_blocks(content.text), BODY_SIZE)


def _paragraph(document, text: str, *, italic: bool = False, color=None):
    paragraph = document.add_paragraph()
    paragraph.paragraph_format.space_after = Pt(3)
    run = paragraph.add_run(text)
    run.italic = italic or None
    if color is not None:
        run.font.color.rgb = color
    return paragraph


def _heading(document, text: str, level: int):
    heading = document.add_heading(level=level)
    for block_index, block in enumerate(markdown_blocks(text) or (Block(()),)):
        if block_index:
            heading.add_run(" ")
        for run_text in with_link_targets(block.runs):
            run = heading.add_run(run_text.text)
            run.italic = run_text.italic or None
    return heading


def _set_language(document, language: str) -> None:
    properties = document.styles["Normal"].element.get_or_add_rPr()
    lang = OxmlElement("w:lang")
    lang.set(qn("w:val"), language)
    properties.append(lang)


def build(unit: Unit, audience: str = "teacher"):
    """The python-docx Document of the unit's rubrics (not yet made deterministic)."""
    doc = layout_rubrics(unit, audience)
    document = Document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = PAGE_WIDTH, PAGE_HEIGHT
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, MARGIN)
    normal = document.styles["Normal"]
    normal.font.size = Pt(10)
    _set_language(document, doc.language)

    _heading(document, doc.title, 1)
    _paragraph(document, doc.version_label, color=MUTED)
    if not doc.rubrics:
        _paragraph(document, doc.empty_note)
    for index, rubric in enumerate(doc.rubrics):
        heading = _heading(document, rubric.title, 2)
        heading.paragraph_format.keep_with_next = True
        if index:
            heading.paragraph_format.page_break_before = True
        if rubric.tasks:
            _paragraph(document, "For: " + "; ".join(rubric.tasks), color=MUTED)
        if rubric.grid.shape == "holistic" and rubric.competencies:
            _paragraph(document, "Competencies: " + ", ".join(rubric.competencies), color=MUTED)
        _paragraph(document, rubric.summary, italic=True, color=MUTED)
        if not rubric.empty:
            _table(document, rubric)

    properties = document.core_properties
    properties.title = doc.title[:255]
    properties.subject = f"{doc.version_label} of the rubrics of the unit '{unit.id}'"[:255]
    properties.author = "; ".join(a.name for a in unit.identity.authors)[:255]
    properties.last_modified_by = "pbl-author"
    properties.comments = "Exported by pbl-author"
    properties.keywords = "rubrics; pbl-author"
    properties.language = doc.language
    properties.category = "Rubrics"
    properties.revision = 1
    properties.created = properties.modified = FIXED_DATE.replace(tzinfo=None)
    properties.last_printed = FIXED_DATE.replace(tzinfo=None)
    return document


def export(unit: Unit, audience: str = "teacher") -> bytes:
    """The rubrics as a .docx in ``audience`` wording ("teacher" or "student")."""
    return docx_bytes(build(unit, audience))
