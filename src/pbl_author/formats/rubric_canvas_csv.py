"""The unit's rubrics as a Canvas rubric import CSV (Rubrics > Import in Canvas).

The layout is Canvas's own upload template (``RubricImport.template_file``):
``Rubric Name, Criteria Name, Criteria Description, Criteria Enable Range`` and then
``Rating Name, Rating Description, Rating Points`` once per rating, as many times as
the rubric with the most levels needs; shorter rows simply end early. One row per
criterion; the rows of one rubric share its name, which is how Canvas groups them.

Decisions:

- UTF-8 without a byte order mark (Canvas would read the mark into the first header
  name and lose the "Rubric Name" column), LF line ends, fields quoted only when they
  must be (Ruby's CSV rejects a quote inside an unquoted field).
- Ratings are written from the most points to the fewest: Canvas sorts ratings that
  way itself (by points, then by name), so the file shows the order Canvas will show.
- Rubrics without points (allowed in pbl-author, common for single-point rubrics):
  Canvas needs points on every rating (a blank one stops its importer), so each level
  gets its position, 1 for the lowest, and the criterion description says so.
- Criterion weights have no place in Canvas's CSV; the description states the weight.
- Teacher wording; Markdown becomes plain text (Canvas shows these fields as text).
- A single-point rubric keeps all its levels as ratings; only the proficient one has a
  description. A holistic rubric is one criterion rated at every level.
- Names: a rubric name is at most 255 characters (Canvas's limit) and unique in the
  file (two rubrics titled alike would merge into one); a clash gets the rubric id.
- A rubric with no criteria or no levels is left out (Canvas refuses a criterion
  without ratings); a unit without rubrics gives the header alone.
"""

from __future__ import annotations

import csv
import io

from ..model import Unit
from .rubric_layout import (
    Criterion,
    RubricLayout,
    layout_rubrics,
    number_text,
    plain_text,
    plain_title,
)

FIXED_COLUMNS = ["Rubric Name", "Criteria Name", "Criteria Description", "Criteria Enable Range"]
RATING_COLUMNS = ["Rating Name", "Rating Description", "Rating Points"]
MAX_NAME = 255  # Canvas: Rubric title at most maximum_string_length (255)


def _shorten(text: str, limit: int = MAX_NAME) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def rubric_names(rubrics: tuple[RubricLayout, ...]) -> dict[str, str]:
    """Each rubric's name in Canvas: its title, made unique and short enough."""
    titles = [plain_title(rubric.title) for rubric in rubrics]
    names: dict[str, str] = {}
    used: set[str] = set()
    for rubric, title in zip(rubrics, titles, strict=True):
        name = _shorten(title)
        if titles.count(title) > 1 or name in used:
            suffix = f" ({rubric.id})"
            name = _shorten(title, MAX_NAME - len(suffix)) + suffix
        used.add(name)
        names[rubric.id] = name
    return names


def _ratings(rubric: RubricLayout, criterion: Criterion) -> list[tuple[str, str, float]]:
    ratings = []
    for position, (level, text) in enumerate(
        zip(rubric.levels, criterion.descriptors, strict=True), start=1
    ):
        points = level.points if rubric.scored and level.points is not None else float(position)
        ratings.append((plain_title(level.title), plain_text(text), round(points, 2)))
    ratings.sort(key=lambda rating: (-rating[2], rating[0]))  # as Canvas orders them
    return ratings


def _description(rubric: RubricLayout, criterion: Criterion) -> str:
    lines = []
    if criterion.competencies:
        lines.append("Competencies: " + ", ".join(criterion.competencies))
    if criterion.weight is not None:
        lines.append(f"Weight: {number_text(criterion.weight)}")
    if not rubric.scored:
        lowest = plain_title(rubric.levels[0].title)
        lines.append(f"Not scored in pbl-author: points are the level's position (1 = {lowest}).")
    return "\n".join(lines)


def rows(unit: Unit) -> list[list[str]]:
    """The CSV rows, header first."""
    doc = layout_rubrics(unit, "teacher")
    rubrics = tuple(rubric for rubric in doc.rubrics if not rubric.empty)
    names = rubric_names(rubrics)
    width = max((len(rubric.levels) for rubric in rubrics), default=1)
    out = [FIXED_COLUMNS + RATING_COLUMNS * width]
    for rubric in rubrics:
        for criterion in rubric.criteria:
            row = [
                names[rubric.id],
                plain_title(criterion.title),
                _description(rubric, criterion),
                "false",
            ]
            for name, description, points in _ratings(rubric, criterion):
                row += [name, description, number_text(points)]
            out.append(row)
    return out


def export(unit: Unit) -> bytes:
    """The Canvas rubric import CSV of the unit's rubrics (teacher wording), UTF-8."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerows(rows(unit))
    return buffer.getvalue().encode("utf-8")
