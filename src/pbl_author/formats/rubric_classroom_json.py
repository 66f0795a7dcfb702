"""The unit's rubrics as Google Classroom rubric resources (JSON).

Google Classroom keeps one rubric per piece of course work, created with
``POST /v1/courses/{courseId}/courseWork/{courseWorkId}/rubrics`` whose body is a
``Rubric`` resource. This file lists one such body per pbl-author rubric under
``rubrics[].rubric`` (``{"criteria": [{"title", "description", "levels": [{"title",
"description", "points"}]}]}``), beside the rubric's id, title and the tasks that use
it, so a script (or a person) can attach each to its course work.

Classroom's documented rules (``courses.courseWork.rubrics`` and "Rubrics structure
and known limitations"), which the export keeps or refuses to break:

- at least one criterion, at most 50; at least one level per criterion, at most 10
  (more raises a ``DocumentError`` naming the rubric);
- levels all scored or all unscored; unscored levels leave ``points`` out and must
  have a title; scored levels have points unique within the criterion and sorted
  (written lowest first, as pbl-author orders levels; repeated points raise);
- no rubric of a single criterion with a single level worth 0 points;
- only writable fields: no ids, times, course or course-work ids.

Teacher wording, Markdown as plain text. Rubrics with no criteria or no levels are
listed under ``skipped`` with the reason, not exported.
"""

from __future__ import annotations

import json
from typing import Any

from ..model import DocumentError, Problem, Unit
from .rubric_layout import (
    Criterion,
    RubricLayout,
    layout_rubrics,
    number_text,
    plain_text,
    plain_title,
)

MAX_CRITERIA = 50
MAX_LEVELS = 10


def _points(value: float) -> int | float:
    return int(value) if float(value).is_integer() else value


def _problem(index: int, rubric: RubricLayout, message: str) -> Problem:
    return Problem(f"rubrics[{index}]", f"rubric '{rubric.id}' ({rubric.title}): {message}")


def _check(index: int, rubric: RubricLayout) -> list[Problem]:
    problems = []
    if len(rubric.criteria) > MAX_CRITERIA:
        problems.append(
            _problem(
                index,
                rubric,
                f"has {len(rubric.criteria)} criteria; Google Classroom allows at most "
                f"{MAX_CRITERIA} per rubric (split it into two rubrics)",
            )
        )
    if len(rubric.levels) > MAX_LEVELS:
        problems.append(
            _problem(
                index,
                rubric,
                f"has {len(rubric.levels)} levels; Google Classroom allows at most "
                f"{MAX_LEVELS} per criterion (merge some levels)",
            )
        )
    if rubric.scored:
        points = [level.points for level in rubric.levels]
        repeated = sorted({number_text(p) for p in points if points.count(p) > 1})
        if repeated:
            problems.append(
                _problem(
                    index,
                    rubric,
                    f"gives {' and '.join(repeated)} points to more than one level; Google "
                    "Classroom needs different points for every level of a criterion",
                )
            )
        if len(rubric.criteria) == 1 and len(rubric.levels) == 1 and points == [0]:
            problems.append(
                _problem(
                    index,
                    rubric,
                    "has one criterion with one level worth 0 points, which Google "
                    "Classroom does not accept",
                )
            )
    return problems


def _criterion(rubric: RubricLayout, criterion: Criterion) -> dict[str, Any]:
    lines = []
    if criterion.competencies:
        lines.append("Competencies: " + ", ".join(criterion.competencies))
    if criterion.weight is not None:
        lines.append(f"Weight: {number_text(criterion.weight)}")
    levels = []
    for level, text in zip(rubric.levels, criterion.descriptors, strict=True):
        entry: dict[str, Any] = {"title": plain_title(level.title)}
        description = plain_text(text)
        if description:
            entry["description"] = description
        if rubric.scored and level.points is not None:
            entry["points"] = _points(level.points)
        levels.append(entry)
    if rubric.scored:
        levels.sort(key=lambda entry: entry["points"])  # sorted by points, lowest first
    out: dict[str, Any] = {"title": plain_title(criterion.title)}
    if lines:
        out["description"] = "\n".join(lines)
    out["levels"] = levels
    return out


def document(unit: Unit) -> dict[str, Any]:
    """The export as plain data."""
    doc = layout_rubrics(unit, "teacher")
    problems: list[Problem] = []
    rubrics: list[dict[str, Any]] = []
    skipped: list[dict[str, str]] = []
    for index, rubric in enumerate(doc.rubrics):
        if rubric.empty:
            skipped.append(
                {
                    "id": rubric.id,
                    "title": plain_title(rubric.title),
                    "reason": "no criteria or no levels yet; Google Classroom needs at least "
                    "one criterion with at least one level",
                }
            )
            continue
        problems += _check(index, rubric)
        rubrics.append(
            {
                "id": rubric.id,
                "title": plain_title(rubric.title),
                "kind": rubric.kind,
                "tasks": [plain_title(task) for task in rubric.tasks],
                "rubric": {"criteria": [_criterion(rubric, c) for c in rubric.criteria]},
            }
        )
    if problems:
        raise DocumentError(
            [Problem(p.path, f"cannot export to Google Classroom: {p.message}") for p in problems]
        )
    out: dict[str, Any] = {
        "format": "pbl-author Google Classroom rubrics",
        "about": "Each rubrics[].rubric is a Google Classroom Rubric resource: the body of "
        "courses.courseWork.rubrics.create for the course work of its task.",
        "unit": {"id": unit.id, "title": plain_title(doc.unit_title)},
        "rubrics": rubrics,
    }
    if skipped:
        out["skipped"] = skipped
    if not doc.rubrics:
        out["note"] = doc.empty_note
    return out


def export(unit: Unit) -> bytes:
    """The Google Classroom rubrics JSON of the unit (teacher wording), UTF-8."""
    text = json.dumps(document(unit), ensure_ascii=False, indent=2)
    return (text + "\n").encode("utf-8")
