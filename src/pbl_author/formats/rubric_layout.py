"""One layout for every rubric export: the kinds are handled here, once.

``layout_rubrics(unit, audience)`` turns the unit's rubrics into neutral tables that
the HTML, Markdown, DOCX and PDF exports draw and that the Canvas and Google Classroom
exports read:

- ``levels`` and ``criteria``: the scoring view (every criterion against every level,
  descriptors in the audience's wording), which the LMS exports use;
- ``grid``: the display table, already shaped for the rubric's kind:

  - analytic: criteria in rows, one column per level (its title and points);
  - single point: criteria in rows and three columns, *concerns* / *the criteria*
    (the proficient level, the only one filled) / *advanced*; the outer columns are
    left empty for feedback;
  - holistic: the levels in rows (title and points as row headers), one column with
    the descriptor of the rubric's single criterion.

Decisions shared by every format:

- Student wording falls back to the teacher wording for a descriptor that has no
  student text, so a student copy never shows an empty cell the teacher filled.
- A blank title (rubric, criterion or level) shows the element's id, so no export
  writes an empty name (Canvas drops ratings without a name, Classroom refuses
  unscored levels without a title).
- Titles and descriptors are Markdown; the helpers at the bottom turn them into
  blocks of styled runs (DOCX, PDF), plain text (CSV, JSON) or one safe line of
  Markdown (Markdown tables). HTML renders them with ``pbl_author.render``.
- Interface words ("Criterion", "points") are English for now.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from ..model import Rubric, Unit
from ..render import safe_url
from ..render.markdown import markdown_parser

Audience = Literal["teacher", "student"]
AUDIENCES: tuple[str, ...] = ("teacher", "student")

KIND_LABELS = {
    "analytic": "Analytic rubric",
    "single_point": "Single-point rubric",
    "holistic": "Holistic rubric",
}
NO_RUBRICS = "This unit has no rubrics yet."
NO_CRITERIA = "This rubric has no criteria or levels yet."


# -- the layout ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Level:
    """A level of the rubric (lowest first), as the exports name it."""

    id: str
    title: str
    points: float | None
    points_text: str  # "3 points", "1 point"; "" when the rubric is not scored


@dataclass(frozen=True)
class Criterion:
    """A criterion against every level: one descriptor per level, "" where none."""

    id: str
    title: str
    competencies: tuple[str, ...]  # the competencies' labels (human codes)
    weight: float | None
    descriptors: tuple[str, ...]  # Markdown, in the audience's wording, one per level


@dataclass(frozen=True)
class Head:
    """A column head of the display grid."""

    title: str
    points_text: str = ""
    role: str = "level"  # level | concerns | criteria | advanced | description


@dataclass(frozen=True)
class Cell:
    text: str  # Markdown; "" when empty
    role: str = "descriptor"  # descriptor | feedback (left blank to write in) | empty


@dataclass(frozen=True)
class Row:
    title: str  # the row header: a criterion (or, in a holistic rubric, a level)
    details: tuple[str, ...]  # short plain lines under the title: codes, points, weight
    cells: tuple[Cell, ...]


@dataclass(frozen=True)
class Grid:
    shape: str  # analytic | single_point | holistic: how the table is drawn
    corner: str  # the header above the row headers
    columns: tuple[Head, ...]
    rows: tuple[Row, ...]

    @property
    def widths(self) -> tuple[float, ...]:
        """Each column's share of the table width (row headers first), for paged formats."""
        if self.shape == "single_point":
            return (0.16, 0.27, 0.30, 0.27)
        first = 0.22 if self.shape == "holistic" else 0.16
        rest = (1 - first) / max(len(self.columns), 1)
        return (first,) + (rest,) * len(self.columns)


@dataclass(frozen=True)
class RubricLayout:
    id: str
    title: str
    kind: str
    kind_label: str
    summary: str  # one sentence: kind, size, scoring
    tasks: tuple[str, ...]  # titles of the tasks that use the rubric
    competencies: tuple[str, ...]  # every competency label of the rubric, once
    scored: bool
    total_points: float | None  # None when not scored or weighted
    levels: tuple[Level, ...]
    criteria: tuple[Criterion, ...]
    grid: Grid

    @property
    def empty(self) -> bool:
        return not self.levels or not self.criteria


@dataclass(frozen=True)
class RubricsDocument:
    unit_id: str
    unit_title: str
    language: str  # a BCP 47 tag, safe for <html lang>
    audience: str
    title: str  # "Rubrics: Water Watchers"
    version_label: str  # "Teacher version" / "Student version"
    rubrics: tuple[RubricLayout, ...]
    empty_note: str = NO_RUBRICS


def check_audience(audience: str) -> str:
    if audience not in AUDIENCES:
        raise ValueError(f"audience must be 'teacher' or 'student', not {audience!r}")
    return audience


def layout_rubrics(unit: Unit, audience: str = "teacher") -> RubricsDocument:
    """The unit's rubrics, laid out for ``audience`` ("teacher" or "student")."""
    check_audience(audience)
    unit_title = display_title(unit.title, unit.id)
    student = audience == "student"
    return RubricsDocument(
        unit_id=unit.id,
        unit_title=unit_title,
        language=language_tag(unit.identity.language),
        audience=audience,
        title=f"Rubrics: {unit_title}",
        version_label="Student version" if student else "Teacher version",
        rubrics=tuple(layout_rubric(rubric, unit, audience) for rubric in unit.rubrics),
    )


def layout_rubric(rubric: Rubric, unit: Unit, audience: str = "teacher") -> RubricLayout:
    check_audience(audience)
    scored = bool(rubric.levels) and all(level.points is not None for level in rubric.levels)
    levels = tuple(
        Level(
            id=level.id,
            title=display_title(level.title, level.id),
            points=level.points if scored else None,
            points_text=points_text(level.points) if scored else "",
        )
        for level in rubric.levels
    )
    criteria = tuple(_criterion(criterion, rubric, unit, audience) for criterion in rubric.criteria)
    competencies = tuple(dict.fromkeys(code for c in criteria for code in c.competencies))
    weighted = any(c.weight is not None for c in criteria)
    total = None
    if scored and criteria and not weighted:
        top = max(level.points for level in levels if level.points is not None)
        total = top if rubric.kind == "holistic" else top * len(criteria)
    shape = rubric.kind
    if shape == "single_point" and _proficient_index(rubric) is None:
        shape = "analytic"  # not in a valid unit; draw every level rather than fail
    grid = _GRIDS[shape](rubric, levels, criteria)
    return RubricLayout(
        id=rubric.id,
        title=display_title(rubric.title, rubric.id),
        kind=rubric.kind,
        kind_label=KIND_LABELS[rubric.kind],
        summary=_summary(rubric.kind, levels, criteria, scored, total),
        tasks=tuple(
            display_title(task.title, task.id) for task in unit.tasks if task.rubric == rubric.id
        ),
        competencies=competencies,
        scored=scored,
        total_points=total,
        levels=levels,
        criteria=criteria,
        grid=grid,
    )


def _criterion(criterion, rubric: Rubric, unit: Unit, audience: str) -> Criterion:
    described = {d.level: d for d in criterion.descriptors}
    texts = []
    for level in rubric.levels:
        descriptor = described.get(level.id)
        if descriptor is None:
            texts.append("")
        elif audience == "student" and descriptor.student.strip():
            texts.append(descriptor.student)
        else:
            texts.append(descriptor.teacher)
    return Criterion(
        id=criterion.id,
        title=display_title(criterion.title, criterion.id),
        competencies=tuple(competency_label(unit, ref) for ref in criterion.competencies),
        weight=criterion.weight,
        descriptors=tuple(texts),
    )


def _proficient_index(rubric: Rubric) -> int | None:
    ids = [level.id for level in rubric.levels]
    return ids.index(rubric.proficient_level) if rubric.proficient_level in ids else None


def _row_details(criterion: Criterion) -> tuple[str, ...]:
    details = []
    if criterion.competencies:
        details.append(", ".join(criterion.competencies))
    if criterion.weight is not None:
        details.append(f"Weight: {number_text(criterion.weight)}")
    return tuple(details)


def _descriptor_cell(text: str) -> Cell:
    return Cell(text, "descriptor" if text.strip() else "empty")


def _analytic_grid(rubric: Rubric, levels, criteria) -> Grid:
    return Grid(
        shape="analytic",
        corner="Criterion",
        columns=tuple(Head(level.title, level.points_text) for level in levels),
        rows=tuple(
            Row(c.title, _row_details(c), tuple(map(_descriptor_cell, c.descriptors)))
            for c in criteria
        ),
    )


def _side_head(side: tuple[Level, ...], generic: str, role: str) -> Head:
    if len(side) == 1:
        return Head(side[0].title, side[0].points_text, role)
    return Head(generic, "", role)


def _single_point_grid(rubric: Rubric, levels, criteria) -> Grid:
    index = _proficient_index(rubric)
    assert index is not None
    proficient = levels[index]
    columns = (
        _side_head(levels[:index], "Concerns: what to work on", "concerns"),
        Head(proficient.title, proficient.points_text, "criteria"),
        _side_head(levels[index + 1 :], "Advanced: evidence of going beyond", "advanced"),
    )
    rows = tuple(
        Row(
            c.title,
            _row_details(c),
            (Cell("", "feedback"), Cell(c.descriptors[index], "descriptor"), Cell("", "feedback")),
        )
        for c in criteria
    )
    return Grid(shape="single_point", corner="Criterion", columns=columns, rows=rows)


def _holistic_grid(rubric: Rubric, levels, criteria) -> Grid:
    if not criteria:
        heads = (Head("Description", "", "description"),)
        return Grid(shape="holistic", corner="Level", columns=heads, rows=())
    criterion = criteria[0]  # a holistic rubric has one criterion
    rows = []
    for index, level in enumerate(levels):
        cell = _descriptor_cell(criterion.descriptors[index])
        rows.append(Row(level.title, (level.points_text,) if level.points_text else (), (cell,)))
    return Grid(
        shape="holistic",
        corner="Level",
        columns=(Head(criterion.title, "", "description"),),
        rows=tuple(rows),
    )


_GRIDS = {
    "analytic": _analytic_grid,
    "single_point": _single_point_grid,
    "holistic": _holistic_grid,
}


def _count(count: int, one: str, many: str) -> str:
    return f"{count} {one if count == 1 else many}"


def _summary(kind: str, levels, criteria, scored: bool, total: float | None) -> str:
    if not levels or not criteria:
        return f"{KIND_LABELS[kind]}. {NO_CRITERIA}"
    if kind == "holistic":
        size = f"one overall judgement at {_count(len(levels), 'level', 'levels')}"
    elif kind == "single_point":
        size = (
            f"{_count(len(criteria), 'criterion', 'criteria')} described at the proficient "
            "level; the other columns are for feedback"
        )
    else:
        size = (
            f"{_count(len(criteria), 'criterion', 'criteria')}, "
            f"{_count(len(levels), 'level', 'levels')}"
        )
    if not scored:
        scoring = "not scored"
    elif total is None:
        scoring = "scored, with weighted criteria"
    else:
        scoring = f"up to {points_text(total)}"
    return f"{KIND_LABELS[kind]}: {size}; {scoring}."


# -- small text helpers --------------------------------------------------------------------


def display_title(title: str, fallback: str) -> str:
    """``title``, or ``fallback`` (an id) when the title is blank."""
    return title.strip() or fallback


def competency_label(unit: Unit, ref: str) -> str:
    try:
        return unit.competency(ref).label
    except KeyError:
        return ref


def number_text(value: float) -> str:
    """3.0 -> "3", 2.5 -> "2.5": numbers as people write them."""
    if float(value).is_integer():
        return str(int(value))
    return f"{value:.6f}".rstrip("0").rstrip(".")


def points_text(value: float | None) -> str:
    if value is None:
        return ""
    return f"{number_text(value)} point{'' if value == 1 else 's'}"


_LANGUAGE_TAG = re.compile(r"^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*$")


def language_tag(language: str) -> str:
    """The unit's language as a BCP 47 tag, or "en" when it is not one ("English")."""
    value = language.strip().replace("_", "-")
    return value if _LANGUAGE_TAG.match(value) else "en"


# -- Markdown, for the formats that are not HTML --------------------------------------------


@dataclass(frozen=True)
class Run:
    text: str
    bold: bool = False
    italic: bool = False
    code: bool = False
    href: str = ""  # a link's (safe) address; the run's text is the link text


@dataclass(frozen=True)
class Block:
    """A paragraph (or list item, heading, quote line) of Markdown text."""

    runs: tuple[Run, ...]
    marker: str = ""  # "• " or "2. " for list items
    depth: int = 0  # list nesting

    @property
    def text(self) -> str:
        return "".join(run.text for run in self.runs)


def _inline_runs(children) -> list[Run]:
    runs: list[Run] = []
    bold = italic = 0
    href = ""
    for token in children or ():
        kind = token.type
        if kind == "text":
            runs.append(Run(token.content, bold > 0, italic > 0, False, href))
        elif kind == "code_inline":
            runs.append(Run(token.content, bold > 0, italic > 0, True, href))
        elif kind == "softbreak":
            runs.append(Run(" ", bold > 0, italic > 0, False, href))
        elif kind == "hardbreak":
            runs.append(Run("\n", bold > 0, italic > 0, False, href))
        elif kind == "strong_open":
            bold += 1
        elif kind == "strong_close":
            bold -= 1
        elif kind == "em_open":
            italic += 1
        elif kind == "em_close":
            italic -= 1
        elif kind == "link_open":
            link = str(token.attrGet("href") or "")
            href = link if safe_url(link) else ""
        elif kind == "link_close":
            href = ""
        elif kind == "image":
            alt = "".join(child.content for child in token.children or ())
            if alt:
                runs.append(Run(alt, bold > 0, italic > 0, False, href))
        elif token.content:  # html_inline cannot occur (raw HTML is off); keep any text
            runs.append(Run(token.content, bold > 0, italic > 0, False, href))
    return _merge(runs)


def _merge(runs: list[Run]) -> list[Run]:
    merged: list[Run] = []
    for run in runs:
        if not run.text:
            continue
        last = merged[-1] if merged else None
        if last and (last.bold, last.italic, last.code, last.href) == (
            run.bold,
            run.italic,
            run.code,
            run.href,
        ):
            merged[-1] = Run(last.text + run.text, run.bold, run.italic, run.code, run.href)
        else:
            merged.append(run)
    return merged


def markdown_blocks(text: str) -> tuple[Block, ...]:
    """Markdown ``text`` as blocks of styled runs (lists keep their markers)."""
    if not text.strip():
        return ()
    blocks: list[Block] = []
    lists: list[list[int | None]] = []  # per open list: [next number], or [None] for bullets
    marker = ""
    heading = False
    row: list[str] | None = None  # the cells of the table row being read
    for token in markdown_parser().parse(text):
        kind = token.type
        depth = max(len(lists) - 1, 0)
        if kind == "bullet_list_open":
            lists.append([None])
        elif kind == "ordered_list_open":
            start = token.attrGet("start")
            lists.append([int(start) if start is not None else 1])
        elif kind in ("bullet_list_close", "ordered_list_close"):
            lists.pop()
        elif kind == "list_item_open":
            number = lists[-1][0] if lists else None
            marker = "• " if number is None else f"{number}. "
            if number is not None:
                lists[-1][0] = number + 1
        elif kind == "heading_open":
            heading = True
        elif kind == "heading_close":
            heading = False
        elif kind == "tr_open":
            row = []
        elif kind == "tr_close":
            if row is not None and any(row):
                blocks.append(Block((Run(" | ".join(row)),), marker, depth))
            row = None
        elif kind == "inline" and row is not None:
            row.append("".join(run.text for run in _inline_runs(token.children)).strip())
        elif kind == "inline":
            runs = _inline_runs(token.children)
            if heading:
                runs = [Run(r.text, True, r.italic, r.code, r.href) for r in runs]
            if runs:
                blocks.append(Block(tuple(runs), marker, depth))
            marker = ""
        elif kind in ("fence", "code_block"):
            code = token.content.rstrip("\n")
            if code:
                blocks.append(Block((Run(code, code=True),), marker, depth))
            marker = ""
    return tuple(blocks)


def with_link_targets(runs: tuple[Run, ...]) -> tuple[Run, ...]:
    """``runs`` with " (address)" after each link whose text is not its address.

    For formats that print rather than click: the reader still sees where a link goes.
    """
    out: list[Run] = []
    for index, run in enumerate(runs):
        out.append(run)
        ends_link = run.href and (index + 1 == len(runs) or runs[index + 1].href != run.href)
        if not ends_link:
            continue
        first = index
        while first > 0 and runs[first - 1].href == run.href:
            first -= 1
        label = "".join(r.text for r in runs[first : index + 1]).strip()
        if label not in (run.href, run.href.removeprefix("mailto:")):
            out.append(Run(f" ({run.href})"))
    return tuple(out)


def plain_text(text: str) -> str:
    """Markdown ``text`` as plain text: a line per paragraph or list item, links as
    "text (address)"."""
    return "\n".join(
        "  " * block.depth + block.marker + "".join(r.text for r in with_link_targets(block.runs))
        for block in markdown_blocks(text)
    )


def plain_title(text: str) -> str:
    """A title (one line of Markdown) as plain text on one line."""
    return " ".join(plain_text(text).split()) or " ".join(text.split())


# What inline Markdown (or raw HTML, or an entity) could start with; block syntax cannot
# begin inside the one line this writes (a table cell or the text of a heading).
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>|~&#])")


def _escape_markdown(text: str) -> str:
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text)


def _code_span(text: str) -> str:
    text = text.replace("\n", " ").replace("|", "\\|")  # GFM: a pipe needs \| even in code
    longest = max((len(ticks) for ticks in re.findall(r"`+", text)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def _link_target(href: str) -> str:
    return re.sub(r"[\s()<>|\\]", lambda m: f"%{ord(m.group()):02X}", href)


def _emphasis(run: Run, inner: str) -> str:
    core = inner.strip()
    if not core or not (run.bold or run.italic):
        return inner
    lead = inner[: len(inner) - len(inner.lstrip())]
    trail = inner[len(inner.rstrip()) :]
    if run.italic:
        core = f"*{core}*"
    if run.bold:
        core = f"**{core}**"
    return f"{lead}{core}{trail}"


def markdown_line(text: str) -> str:
    """Markdown ``text`` as one line of safe Markdown, for a table cell or a heading.

    Emphasis, code and (safe) links survive; every other character Markdown or HTML
    could read as syntax is escaped, so no raw HTML and no stray pipe gets through.
    Paragraphs and list items follow each other on the line.
    """
    parts = []
    for block in markdown_blocks(text):
        pieces = []
        for run in block.runs:
            if run.code:
                piece = _code_span(run.text)
            else:
                piece = _emphasis(run, _escape_markdown(run.text.replace("\n", " ")))
            pieces.append(piece)
        line = _join_links(block.runs, pieces)
        parts.append(_escape_markdown(block.marker) + line)
    return " ".join(" ".join(parts).split())


def _join_links(runs: tuple[Run, ...], pieces: list[str]) -> str:
    out: list[str] = []
    index = 0
    while index < len(runs):
        href = runs[index].href
        if not href:
            out.append(pieces[index])
            index += 1
            continue
        end = index
        while end + 1 < len(runs) and runs[end + 1].href == href:
            end += 1
        out.append(f"[{''.join(pieces[index : end + 1])}]({_link_target(href)})")
        index = end + 1
    return "".join(out)
