"""The whole unit as a Word document (python-docx), byte-for-byte deterministic.

Teacher text is Markdown; it is parsed with markdown-it-py (raw HTML off, the same link
rule as the HTML exports: only http, https and mailto become hyperlinks) and written as
Word paragraphs, lists, tables and runs. Nothing in the text is ever interpreted as Word
markup: python-docx escapes it as XML text.

Deterministic bytes: the core properties carry fixed dates (1980-01-01, the zip epoch), no
clock or user name is written, and the saved package is rewritten by
``files.zipfile_det`` (sorted entries, fixed timestamps and permissions).
"""

from __future__ import annotations

import datetime as dt
import io
from functools import cache

from docx import Document
from docx.document import Document as DocumentObject
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt, RGBColor
from docx.text.paragraph import Paragraph

from ..checks import coverage, run_checks
from ..checks.coverage import GAP_TEXT, LETTERS
from ..files.zipfile_det import normalize_zip
from ..model import Rubric, Unit
from ..render.markdown import markdown_parser
from .unit_html import (
    AUDIENCE_LABELS,
    CHOICE_LABELS,
    CRITIQUE_LABELS,
    EVIDENCE_LABELS,
    LEVEL_LABELS,
    MODE_LABELS,
    MOMENT_LABELS,
    PARTNER_LABELS,
    ROLE_LABELS,
    SEVERITY_LABELS,
    STATUS_LABELS,
    SUPPORT_LABELS,
    RubricView,
    duration_text,
    grasps_items,
    number,
    page_language,
    phase_prefix,
    plain_text,
)

#: Core-property dates: fixed, so the same unit gives the same bytes on any day.
FIXED_DATE = dt.datetime(1980, 1, 1, tzinfo=dt.timezone.utc)
LINK_COLOUR = RGBColor(0x0B, 0x53, 0x94)
MONOSPACE = "Courier New"
ABSOLUTE_SCHEMES = ("http:", "https:", "mailto:")
MAX_PROPERTY = 255


# --------------------------------------------------------------------------- low-level Word


def _property(text: str) -> str:
    """A core-property value: Word allows at most 255 characters."""
    return text if len(text) <= MAX_PROPERTY else text[: MAX_PROPERTY - 1] + "…"


@cache
def _style_ids() -> dict[str, str]:
    """Style name -> style id in python-docx's default template (looked up once)."""
    return {style.name: style.style_id for style in Document().styles}


def _new_paragraph(container, style: str | None = None):
    """A paragraph at the end of ``container``; in a table cell, its first paragraph while
    that is still empty (a new cell always holds one). Styles are set by id: python-docx's
    lookup by name is slow enough to matter in long units."""
    paragraph = None
    if hasattr(container, "_tc") and len(container.paragraphs) == 1 and not container.tables:
        first = container.paragraphs[0]
        if all(child.tag == qn("w:pPr") for child in first._p):
            paragraph = first
    if paragraph is None and isinstance(container, DocumentObject):
        # Before the body's final section properties, directly: python-docx looks that
        # element up among all the body's children for every new paragraph (quadratic).
        body = container.element.body
        last = body[-1]
        element = OxmlElement("w:p")
        if last.tag == qn("w:sectPr"):
            last.addprevious(element)
        else:  # pragma: no cover - python-docx's template always ends with sectPr
            body.append(element)
        paragraph = Paragraph(element, container._body)
    if paragraph is None:
        paragraph = container.add_paragraph()
    if style and style != "Normal":
        paragraph._p.style = _style_ids()[style]
    return paragraph


def _heading(container, text: str, level: int):
    paragraph = _new_paragraph(container, "Title" if level == 0 else f"Heading {level}")
    if text:
        paragraph.add_run(text)
    return paragraph


def _hyperlink(paragraph, url: str, text: str, *, bold: bool, italic: bool) -> None:
    """A real Word hyperlink (external relationship) around one run of ``text``."""
    rel_id = paragraph.part.relate_to(url, RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
    link = OxmlElement("w:hyperlink")
    link.set(qn("r:id"), rel_id)
    run = OxmlElement("w:r")
    properties = OxmlElement("w:rPr")
    if bold:
        properties.append(OxmlElement("w:b"))
    if italic:
        properties.append(OxmlElement("w:i"))
    colour = OxmlElement("w:color")
    colour.set(qn("w:val"), str(LINK_COLOUR))
    properties.append(colour)
    underline = OxmlElement("w:u")
    underline.set(qn("w:val"), "single")
    properties.append(underline)
    run.append(properties)
    text_element = OxmlElement("w:t")
    text_element.set(qn("xml:space"), "preserve")
    text_element.text = text
    run.append(text_element)
    link.append(run)
    paragraph._p.append(link)


def _repeat_header(row) -> None:
    """Repeat this table row at the top of every page the table runs onto."""
    properties = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    properties.append(header)


class _Grid:
    """A Word table with its cells looked up once (python-docx recomputes the grid per
    ``cell()`` call)."""

    def __init__(self, table) -> None:
        self.table = table
        self.rows = table.rows
        self._cells = [row.cells for row in table.rows]

    def cell(self, row: int, column: int):
        return self._cells[row][column]


def _table(container, rows: int, cols: int) -> _Grid:
    table = container.add_table(rows=rows, cols=cols)
    table.style = "Table Grid"
    return _Grid(table)


def _bold_cell(cell, text: str) -> None:
    _new_paragraph(cell).add_run(text).bold = True


# --------------------------------------------------------------------------- Markdown to Word


class MarkdownWriter:
    """Writes Markdown (as markdown-it tokens) into a python-docx container."""

    def __init__(self, container) -> None:
        self.container = container

    def write(self, text: str, *, lead: str = "", style: str | None = None) -> None:
        """Blocks of ``text``; ``lead`` (bold) starts the first paragraph."""
        if not text.strip():
            if lead:
                _new_paragraph(self.container, style).add_run(lead.rstrip()).bold = True
            return
        tokens = markdown_parser().parse(text)
        lists: list[list] = []  # [ordered, next number, first paragraph of the item pending]
        quote = 0
        index = 0
        while index < len(tokens):
            token = tokens[index]
            kind = token.type
            if kind in ("bullet_list_open", "ordered_list_open"):
                start = int(token.attrGet("start") or 1)
                lists.append([kind == "ordered_list_open", start, False])
            elif kind in ("bullet_list_close", "ordered_list_close"):
                lists.pop()
            elif kind == "list_item_open":
                lists[-1][2] = True
            elif kind == "blockquote_open":
                quote += 1
            elif kind == "blockquote_close":
                quote -= 1
            elif kind in ("paragraph_open", "heading_open"):
                inline = tokens[index + 1]
                paragraph = self._block_paragraph(lists, quote, style)
                if lead:
                    paragraph.add_run(lead).bold = True
                    lead = ""
                self.inline(paragraph, inline.children or [], bold=kind == "heading_open")
                index += 2  # the inline token and the closing token
            elif kind in ("fence", "code_block"):
                for line in token.content.rstrip("\n").split("\n"):
                    paragraph = _new_paragraph(self.container, style)
                    run = paragraph.add_run(line)
                    run.font.name = MONOSPACE
            elif kind == "table_open":
                index = self._table(tokens, index)
                continue
            index += 1

    def _block_paragraph(self, lists: list[list], quote: int, style: str | None):
        if lists:
            depth = min(len(lists), 3)
            suffix = "" if depth == 1 else f" {depth}"
            ordered, counter, first = lists[-1]
            if first:
                lists[-1][2] = False
                if ordered:
                    paragraph = _new_paragraph(self.container, f"List{suffix}")
                    paragraph.add_run(f"{counter}. ")
                    lists[-1][1] = counter + 1
                    return paragraph
                return _new_paragraph(self.container, f"List Bullet{suffix}")
            return _new_paragraph(self.container, f"List Continue{suffix}")
        if quote:
            return _new_paragraph(self.container, "Quote")
        return _new_paragraph(self.container, style)

    def _table(self, tokens, index: int) -> int:
        """A Markdown table as a Word table; returns the index after ``table_close``."""
        rows: list[list[list]] = []
        header_rows = 0
        in_head = False
        while tokens[index].type != "table_close":
            token = tokens[index]
            if token.type == "thead_open":
                in_head = True
            elif token.type == "thead_close":
                in_head = False
            elif token.type == "tr_open":
                rows.append([])
                header_rows += in_head
            elif token.type == "inline":
                rows[-1].append(token.children or [])
            index += 1
        width = max((len(row) for row in rows), default=0)
        if rows and width:
            table = _table(self.container, len(rows), width)
            for r_index, row in enumerate(rows):
                for c_index, children in enumerate(row):
                    paragraph = _new_paragraph(table.cell(r_index, c_index))
                    self.inline(paragraph, children, bold=r_index < header_rows)
            if header_rows:
                _repeat_header(table.rows[0])
        return index + 1

    def inline(self, paragraph, children, *, bold: bool = False) -> None:
        strong = 1 if bold else 0
        emphasis = strike = 0
        link: str | None = None
        for child in children:
            kind = child.type
            if kind == "strong_open":
                strong += 1
            elif kind == "strong_close":
                strong -= 1
            elif kind == "em_open":
                emphasis += 1
            elif kind == "em_close":
                emphasis -= 1
            elif kind == "s_open":
                strike += 1
            elif kind == "s_close":
                strike -= 1
            elif kind == "link_open":
                href = str(child.attrGet("href") or "")
                link = href if href.lower().startswith(ABSOLUTE_SCHEMES) else None
            elif kind == "link_close":
                link = None
            elif kind == "softbreak":
                paragraph.add_run(" ")
            elif kind == "hardbreak":
                paragraph.add_run().add_break()
            elif kind in ("text", "code_inline", "image"):
                text = child.content
                if kind == "image":
                    alt = "".join(c.content for c in child.children or []) or "image"
                    src = str(child.attrGet("src") or "")
                    text = f"{alt} (image: {src})" if src else alt
                if not text:
                    continue
                if link is not None and kind != "image":
                    _hyperlink(paragraph, link, text, bold=strong > 0, italic=emphasis > 0)
                    continue
                run = paragraph.add_run(text)
                run.bold = strong > 0 or None
                run.italic = emphasis > 0 or None
                if strike:
                    run.font.strike = True
                if kind == "code_inline":
                    run.font.name = MONOSPACE


def write_markdown(container, text: str, *, lead: str = "", style: str | None = None) -> None:
    MarkdownWriter(container).write(text, lead=lead, style=style)


def write_inline(paragraph, text: str, *, bold: bool = False) -> None:
    """One-line Markdown ``text`` (a title, a name) as runs of ``paragraph``."""
    tokens = markdown_parser().parseInline(text)
    for token in tokens:
        MarkdownWriter(None).inline(paragraph, token.children or [], bold=bold)


# --------------------------------------------------------------------------- the document


class UnitDocument:
    """Writes one unit into a new Word document."""

    def __init__(self, unit: Unit) -> None:
        self.unit = unit
        self.doc = Document()
        self.labels = {c.ref: c.label for c in unit.competencies}
        self.milestones = {m.id: m for m in unit.path.milestones()}
        self.tasks = {t.id: t for t in unit.tasks}
        self.rubrics = {r.id: r for r in unit.rubrics}

    # helpers -------------------------------------------------------------------
    def heading(self, text: str, level: int) -> None:
        _heading(self.doc, text, level)

    def heading_md(self, text: str, level: int, prefix: str = "") -> None:
        paragraph = _heading(self.doc, "", level)
        if prefix:
            paragraph.add_run(prefix)
        write_inline(paragraph, text)

    def md(self, text: str, *, lead: str = "") -> None:
        write_markdown(self.doc, text, lead=lead)

    def labelled(self, label: str, text: str) -> None:
        if text.strip():
            write_markdown(self.doc, text, lead=f"{label}: ")

    def bullets(self, texts: list[str]) -> None:
        for text in texts:
            write_markdown(self.doc, text, style="List Bullet")

    def competency(self, ref: str) -> str:
        return self.labels.get(ref, ref)

    def note(self, text: str) -> None:
        _new_paragraph(self.doc).add_run(text).italic = True

    # sections ------------------------------------------------------------------
    def build(self) -> None:
        self.properties()
        self.title()
        self.overview()
        self.goals()
        self.tasks_section()
        self.path()
        self.rubrics_section()
        self.culture()
        self.critique()
        self.public_product()
        self.reflection()
        self.coverage()
        self.findings()

    def properties(self) -> None:
        unit = self.unit
        core = self.doc.core_properties
        core.title = _property(plain_text(unit.title) or unit.id)
        core.subject = "Project-based learning unit"
        core.author = _property("; ".join(plain_text(a.name) for a in unit.identity.authors))
        core.keywords = _property(", ".join(plain_text(t) for t in unit.identity.tags))
        core.comments = "Exported by pbl-author"
        core.category = _property(", ".join(plain_text(s) for s in unit.identity.subjects))
        core.identifier = unit.id
        core.language = page_language(unit)
        core.version = _property(plain_text(unit.identity.version))
        core.content_status = STATUS_LABELS[unit.status]
        core.last_modified_by = "pbl-author"
        core.revision = 1
        core.created = FIXED_DATE
        core.modified = FIXED_DATE
        core.last_printed = FIXED_DATE

    def title(self) -> None:
        unit = self.unit
        paragraph = _new_paragraph(self.doc, "Title")
        write_inline(paragraph, unit.title)
        identity = unit.identity
        rows: list[tuple[str, str, bool]] = []  # (label, text, markdown)
        if identity.grades:
            rows.append(("Grades", ", ".join(identity.grades), False))
        if identity.subjects:
            rows.append(("Subjects", ", ".join(identity.subjects), True))
        duration = duration_text(unit)
        if duration:
            rows.append(("Duration", duration, False))
        if identity.authors:
            authors = "; ".join(
                a.name
                + (f" ({a.role})" if a.role else "")
                + (f", {a.organization}" if a.organization else "")
                for a in identity.authors
            )
            rows.append(("Authors", authors, True))
        rows.append(("Status", STATUS_LABELS[unit.status], False))
        rows.append(("Version", identity.version, True))
        rows.append(("Licence", identity.license or "Not stated", True))
        if identity.tags:
            rows.append(("Tags", ", ".join(identity.tags), True))
        derived = identity.derived_from
        if derived and (derived.title or derived.unit_id or derived.url):
            text = derived.title or derived.unit_id
            if derived.version:
                text += f", version {derived.version}"
            if derived.authors:
                text += ", by " + ", ".join(derived.authors)
            rows.append(("Adapted from", text, True))
            if derived.url:
                rows.append(("Address", derived.url, False))
        table = _table(self.doc, len(rows), 2)
        for index, (label, text, markdown) in enumerate(rows):
            _bold_cell(table.cell(index, 0), label)
            paragraph = _new_paragraph(table.cell(index, 1))
            if markdown:
                write_inline(paragraph, text)
            else:
                paragraph.add_run(text)

    def overview(self) -> None:
        unit = self.unit
        framing = unit.framing
        self.heading("Overview", 1)
        self.md(unit.identity.summary)
        self.heading("Driving question", 2)
        if framing.driving_question.strip():
            write_markdown(self.doc, framing.driving_question, style="Intense Quote")
        else:
            self.note("No driving question yet.")
        entry = framing.entry_event
        if entry.description.strip() or entry.materials:
            self.heading("Entry event", 2)
            self.md(entry.description)
            if entry.materials:
                self.heading("Materials", 3)
                self.bullets(entry.materials)
        if framing.need_to_knows:
            self.heading("Need to know", 2)
            self.bullets([s.text for s in framing.need_to_knows])
        if framing.authentic_context.strip():
            self.heading("Authentic context", 2)
            self.md(framing.authentic_context)
        if framing.partners:
            self.heading("Partners", 2)
            for partner in framing.partners:
                paragraph = _new_paragraph(self.doc, "List Bullet")
                write_inline(paragraph, partner.name, bold=True)
                paragraph.add_run(f" ({PARTNER_LABELS[partner.kind]})")
                for prefix, value in ((": ", partner.role), (", ", partner.organization)):
                    if value:
                        paragraph.add_run(prefix)
                        write_inline(paragraph, value)
                if partner.contact:
                    paragraph.add_run(". Contact: ")
                    write_inline(paragraph, partner.contact)
                if partner.description.strip():
                    write_markdown(self.doc, partner.description, style="List Continue")

    def goals(self) -> None:
        unit = self.unit
        goals = unit.goals
        self.heading("Goals and competencies", 1)
        roles = {t.competency: t.role for t in goals.targets}
        if unit.competencies:
            table = _table(self.doc, len(unit.competencies) + 1, 3)
            for column, title in enumerate(("Code", "Competency", "Role in the unit")):
                _bold_cell(table.cell(0, column), title)
            _repeat_header(table.rows[0])
            for row, item in enumerate(unit.competencies, start=1):
                write_inline(_new_paragraph(table.cell(row, 0)), item.label, bold=True)
                write_markdown(table.cell(row, 1), item.statement)
                if item.framework:
                    paragraph = _new_paragraph(table.cell(row, 1))
                    write_inline(paragraph, item.framework)
                role = (
                    ROLE_LABELS[roles[item.ref]] if item.ref in roles else "Aligned, not a target"
                )
                _new_paragraph(table.cell(row, 2)).add_run(role)
        for title, items in (
            ("Understandings", goals.understandings),
            ("Essential questions", goals.essential_questions),
            ("Knowledge", goals.knowledge),
            ("Skills", goals.skills),
        ):
            if items:
                self.heading(title, 2)
                self.bullets([s.text for s in items])
        if goals.learning_targets:
            self.heading("Learning targets", 2)
            for target in goals.learning_targets:
                write_markdown(self.doc, target.text, style="List Bullet")
                if target.competency:
                    paragraph = _new_paragraph(self.doc, "List Continue")
                    paragraph.add_run(self.competency(target.competency)).italic = True
        if not (unit.competencies or goals.understandings or goals.learning_targets):
            self.note("No goals yet.")

    def tasks_section(self) -> None:
        unit = self.unit
        self.heading("Performance tasks", 1)
        if not unit.tasks:
            self.note("No performance tasks yet.")
        for task in unit.tasks:
            self.heading_md(task.title, 2)
            paragraph = _new_paragraph(self.doc)
            paragraph.add_run(f"{MODE_LABELS[task.mode]} task").italic = True
            if task.due_milestone in self.milestones:
                paragraph.add_run(" · due at ").italic = True
                write_inline(paragraph, self.milestones[task.due_milestone].title)
            if task.rubric in self.rubrics:
                paragraph.add_run(" · assessed with ").italic = True
                write_inline(paragraph, self.rubrics[task.rubric].title)
            self.md(task.description)
            items = grasps_items(task)
            if items:
                table = _table(self.doc, len(items), 2)
                for row, (label, text) in enumerate(items):
                    _bold_cell(table.cell(row, 0), label)
                    write_markdown(table.cell(row, 1), text)
            if task.individual_evidence.strip():
                self.heading("Individual evidence", 3)
                self.md(task.individual_evidence)
            if task.alignments:
                self.heading("Competencies", 3)
                for alignment in task.alignments:
                    paragraph = _new_paragraph(self.doc, "List Bullet")
                    paragraph.add_run(f"{LEVEL_LABELS[alignment.level]}: ").bold = True
                    paragraph.add_run(self.competency(alignment.competency))
        if unit.other_evidence:
            self.heading("Other evidence", 2)
            for evidence in unit.other_evidence:
                paragraph = _new_paragraph(self.doc, "List Bullet")
                write_inline(paragraph, evidence.title, bold=True)
                paragraph.add_run(f" ({EVIDENCE_LABELS[evidence.kind]})")
                if evidence.milestone in self.milestones:
                    paragraph.add_run(" at ")
                    write_inline(paragraph, self.milestones[evidence.milestone].title)
                write_markdown(self.doc, evidence.description, style="List Continue")
                if evidence.alignments:
                    levels = "; ".join(
                        f"{LEVEL_LABELS[a.level]} {self.competency(a.competency)}"
                        for a in evidence.alignments
                    )
                    _new_paragraph(self.doc, "List Continue").add_run(levels).italic = True

    def path(self) -> None:
        unit = self.unit
        self.heading("Path and milestones", 1)
        if not unit.path.phases:
            self.note("No path yet.")
        for phase in unit.path.phases:
            self.heading_md(phase.title, 2, prefix=phase_prefix(phase))
            self.md(phase.summary)
            for milestone in phase.milestones:
                when = []
                if milestone.week:
                    when.append(f"week {milestone.week}")
                if milestone.date:
                    when.append(milestone.date.isoformat())
                heading = _heading(self.doc, "", 3)
                write_inline(heading, milestone.title)
                if when:
                    heading.add_run(f" ({', '.join(when)})")
                self.labelled("Key question", milestone.key_question)
                self.labelled("Formative check", milestone.formative_check)
                if milestone.scaffolds:
                    _new_paragraph(self.doc).add_run("Scaffolds").bold = True
                    self.bullets(milestone.scaffolds)
                due = [self.tasks[t] for t in milestone.tasks if t in self.tasks]
                if due:
                    paragraph = _new_paragraph(self.doc)
                    paragraph.add_run("Tasks due: ").bold = True
                    for index, task in enumerate(due):
                        if index:
                            paragraph.add_run(", ")
                        write_inline(paragraph, task.title)
                checkpoint = milestone.mastery_checkpoint
                if checkpoint:
                    write_markdown(self.doc, checkpoint.description, lead="Mastery checkpoint: ")
                    if checkpoint.competencies:
                        codes = ", ".join(self.competency(c) for c in checkpoint.competencies)
                        _new_paragraph(self.doc).add_run(f"Competencies: {codes}").italic = True

    def rubrics_section(self) -> None:
        unit = self.unit
        if unit.rubrics:
            self._orientation(landscape=True)
        self.heading("Rubrics", 1)
        if not unit.rubrics:
            self.note("No rubrics yet.")
        for rubric in unit.rubrics:
            self.rubric(rubric)
        if unit.rubrics:
            self._orientation(landscape=False)

    def _orientation(self, *, landscape: bool) -> None:
        """A new section on a new page, landscape (for wide rubric tables) or portrait."""
        section = self.doc.add_section(WD_SECTION.NEW_PAGE)
        width, height = section.page_width, section.page_height
        wide = width > height
        if landscape != wide:
            section.page_width, section.page_height = height, width
        section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT

    def rubric(self, rubric: Rubric) -> None:
        view = RubricView(rubric, "teacher")
        self.heading_md(rubric.title, 2)
        used = [t for t in self.unit.tasks if t.rubric == rubric.id]
        paragraph = _new_paragraph(self.doc)
        paragraph.add_run(view.described).italic = True
        for index, task in enumerate(used):
            paragraph.add_run(" for " if index == 0 else ", ").italic = True
            write_inline(paragraph, task.title)
        if not rubric.levels or not rubric.criteria:
            self.note("This rubric has no levels or criteria yet.")
            return
        table = _table(self.doc, len(rubric.criteria) + 1, len(rubric.levels) + 1)
        _bold_cell(table.cell(0, 0), "Criterion")
        for column, level in enumerate(rubric.levels, start=1):
            paragraph = _new_paragraph(table.cell(0, column))
            write_inline(paragraph, level.title, bold=True)
            if level.points is not None:
                points = number(level.points)
                paragraph.add_run(f" ({points} point{'' if level.points == 1 else 's'})")
            if rubric.kind == "single_point" and level.id == rubric.proficient_level:
                paragraph.add_run(" (the standard)")
        _repeat_header(table.rows[0])
        for row, criterion in enumerate(rubric.criteria, start=1):
            cell = table.cell(row, 0)
            write_inline(_new_paragraph(cell), criterion.title, bold=True)
            meta = ", ".join(self.competency(c) for c in criterion.competencies)
            if criterion.weight is not None:
                meta += f"; weight {number(criterion.weight)}"
            _new_paragraph(cell).add_run(meta).italic = True
            for column, level in enumerate(rubric.levels, start=1):
                text = view.cell(criterion, level)
                if text:
                    write_markdown(table.cell(row, column), text)

    def culture(self) -> None:
        culture = self.unit.culture
        teams = culture.teams
        self.heading("Culture", 1)
        empty = True
        if teams.size_min or teams.size_max or teams.formation.strip() or teams.contract.strip():
            empty = False
            self.heading("Teams", 2)
            if teams.size_min or teams.size_max:
                low, high = teams.size_min or teams.size_max, teams.size_max or teams.size_min
                size = f"{low} to {high}" if low != high else f"{low}"
                _new_paragraph(self.doc).add_run(f"Teams of {size} students.")
            self.labelled("How teams form", teams.formation)
            self.labelled("Team contract", teams.contract)
        if culture.roles:
            empty = False
            self.heading("Roles", 2)
            for role in culture.roles:
                paragraph = _new_paragraph(self.doc, "List Bullet")
                write_inline(paragraph, role.title, bold=True)
                if role.description.strip():
                    write_markdown(self.doc, role.description, style="List Continue")
        if culture.norms:
            empty = False
            self.heading("Norms", 2)
            self.bullets(culture.norms)
        if culture.voice_and_choice:
            empty = False
            self.heading("Voice and choice", 2)
            for choice in culture.voice_and_choice:
                write_markdown(
                    self.doc, choice.description, lead=f"{CHOICE_LABELS[choice.kind]}: ",
                    style="List Bullet",
                )  # fmt: skip
        if culture.supports:
            empty = False
            self.heading("Supports", 2)
            for support in culture.supports:
                write_markdown(
                    self.doc, support.description, lead=f"{SUPPORT_LABELS[support.group]}: ",
                    style="List Bullet",
                )  # fmt: skip
        if empty:
            self.note("No culture plan yet.")

    def critique(self) -> None:
        self.heading("Critique and revision", 1)
        steps = self.unit.critique.steps
        if not steps:
            self.note("No critique and revision steps yet.")
        for number_, step in enumerate(steps, start=1):
            paragraph = _new_paragraph(self.doc, "List")
            paragraph.add_run(f"{number_}. {CRITIQUE_LABELS[step.kind]}").bold = True
            if step.protocol:
                paragraph.add_run(": ")
                write_inline(paragraph, step.protocol)
            if step.participants:
                paragraph.add_run(" (with ")
                write_inline(paragraph, step.participants)
                paragraph.add_run(")")
            if step.milestone in self.milestones:
                paragraph.add_run(", at ")
                write_inline(paragraph, self.milestones[step.milestone].title)
            write_markdown(self.doc, step.description, style="List Continue")

    def public_product(self) -> None:
        product = self.unit.public_product
        self.heading("Public product", 1)
        self.md(product.description)
        if product.audiences:
            paragraph = _new_paragraph(self.doc)
            paragraph.add_run("Audiences: ").bold = True
            write_inline(paragraph, "; ".join(product.audiences))
        for label, value in (("Format", product.format), ("Venue", product.venue)):
            if value:
                paragraph = _new_paragraph(self.doc)
                paragraph.add_run(f"{label}: ").bold = True
                write_inline(paragraph, value)
        if product.date:
            paragraph = _new_paragraph(self.doc)
            paragraph.add_run("Date: ").bold = True
            paragraph.add_run(product.date.isoformat())
        if not (product.description.strip() or product.audiences or product.format):
            self.note("No public product yet.")

    def reflection(self) -> None:
        self.heading("Reflection", 1)
        prompts = self.unit.reflection.prompts
        if not prompts:
            self.note("No reflection prompts yet.")
        for audience, title in AUDIENCE_LABELS.items():
            chosen = [p for p in prompts if p.audience == audience]
            if not chosen:
                continue
            self.heading(f"{title}: prompts", 2)
            for prompt in chosen:
                write_markdown(
                    self.doc, prompt.text, lead=f"{MOMENT_LABELS[prompt.moment]}: ",
                    style="List Bullet",
                )  # fmt: skip

    def coverage(self) -> None:
        self.heading("Coverage", 1)
        cov = coverage(self.unit)
        if not (cov.tasks and cov.competencies):
            self.note("No tasks aligned to competencies yet.")
            return
        _new_paragraph(self.doc).add_run(
            "I: introduce, P: practise, A: assess. Columns are tasks in order."
        )
        table = _table(self.doc, len(cov.competencies) + 1, len(cov.tasks) + 1)
        _bold_cell(table.cell(0, 0), "Competency")
        for column, task in enumerate(cov.tasks, start=1):
            write_inline(_new_paragraph(table.cell(0, column)), cov.task_titles[task], bold=True)
        _repeat_header(table.rows[0])
        for row, ref in enumerate(cov.competencies, start=1):
            marker = "" if ref in cov.targets else " (not a target)"
            _new_paragraph(table.cell(row, 0)).add_run(cov.labels[ref] + marker).bold = True
            for column, task in enumerate(cov.tasks, start=1):
                letters = " ".join(LETTERS[level] for level in cov.levels(ref, task))
                _new_paragraph(table.cell(row, column)).add_run(letters or "–")
        for gap in cov.gaps:
            _new_paragraph(self.doc, "List Bullet").add_run(
                f"{cov.labels[gap.competency]}: {GAP_TEXT[gap.kind]}"
            )

    def findings(self) -> None:
        self.heading("Design checks", 1)
        findings = run_checks(self.unit)
        if not findings:
            _new_paragraph(self.doc).add_run("The design checks found nothing to fix.")
        for severity, title in SEVERITY_LABELS.items():
            chosen = [f for f in findings if f.severity == severity]
            if not chosen:
                continue
            self.heading(f"{title} ({len(chosen)})", 2)
            for finding in chosen:
                paragraph = _new_paragraph(self.doc, "List Bullet")
                paragraph.add_run(f"{finding.path or finding.element}: ").bold = True
                paragraph.add_run(finding.message)
                if finding.hint:
                    paragraph.add_run(f" {finding.hint}").italic = True
                paragraph.add_run(f" [{finding.rule}]")

    def save(self) -> bytes:
        normal = self.doc.styles["Normal"].font
        normal.size = Pt(11)
        return docx_bytes(self.doc)


def docx_bytes(document: DocumentObject) -> bytes:
    """The document's deterministic bytes: python-docx's sample thumbnail left out, the
    package rewritten by ``files.zipfile_det`` (parts sorted, fixed timestamps)."""
    package = document.part.package
    for rel_id, rel in list(package.rels.items()):
        if rel.reltype == RELATIONSHIP_TYPE.THUMBNAIL:  # python-docx's own sample picture
            del package.rels[rel_id]
    buffer = io.BytesIO()
    document.save(buffer)
    return normalize_zip(buffer.getvalue())


def export(unit: Unit) -> bytes:
    """The whole unit as a Word document (``.docx``, deterministic bytes)."""
    document = UnitDocument(unit)
    document.build()
    return document.save()


__all__ = ["MarkdownWriter", "docx_bytes", "export", "write_inline", "write_markdown"]
