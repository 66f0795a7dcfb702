"""What Google Classroom accepts as a rubric, checked on its own (not from our exporter).

Sources (developers.google.com/classroom):

- REST resource ``courses.courseWork.rubrics``: a Rubric has ``criteria[]`` (and the
  read-only or output-only ``courseId``, ``courseWorkId``, ``id``, ``creationTime``,
  ``updateTime``, which a client does not send); a Criterion has ``title``,
  ``description``, ``levels[]`` (and an ``id`` assigned on creation); a Level has
  ``title``, ``description``, ``points`` (and an assigned ``id``). Level.points:
  "If set, all levels within the rubric must specify points and the value must be
  distinct across all levels within a single criterion. 0 is distinct from no points."
  Level.title: "If the level has no points set, title must be set."
- "Rubrics structure and known limitations": at least one criterion, and at least one
  level per criterion; levels entirely scored or entirely unscored; scored levels have
  unique points within a criterion, integers or floating point, 0 allowed, null not
  accepted; "a rubric can't have a single criteria with a single level that is 0
  points"; unscored levels omit ``points`` (null not accepted); scored levels sorted by
  points, increasing or decreasing; up to 50 criteria per rubric and 10 levels per
  criterion. (The Help Center article 9335069 states the same 50 / 10 limits.)
- Text length: none of these pages (nor the Help Center) publishes a maximum length
  for titles or descriptions, so none is checked; titles must be non-empty strings.

Our file wraps one Rubric body per pbl-author rubric: ``{"rubrics": [{"id", "title",
"rubric": {...}}]}``.
"""

from __future__ import annotations

import json
import math
from typing import Any

MAX_CRITERIA = 50
MAX_LEVELS = 10
READ_ONLY = {"courseId", "courseWorkId", "id", "creationTime", "updateTime"}
RUBRIC_FIELDS = {"criteria", "sourceSpreadsheetId", "previewVersion"}
CRITERION_FIELDS = {"title", "description", "levels"}
LEVEL_FIELDS = {"title", "description", "points"}


def _text(value: Any) -> bool:
    return isinstance(value, str)


def rubric_violations(rubric: Any, where: str = "rubric") -> list[str]:
    """Every documented Classroom rule the Rubric resource ``rubric`` breaks."""
    if not isinstance(rubric, dict):
        return [f"{where}: a Rubric is a JSON object"]
    out = [f"{where}: read-only field {key!r} is sent" for key in sorted(READ_ONLY & set(rubric))]
    out += [f"{where}: unknown field {key!r}" for key in sorted(set(rubric) - RUBRIC_FIELDS)]
    criteria = rubric.get("criteria")
    if not isinstance(criteria, list) or not criteria:
        return [*out, f"{where}: a rubric must have at least one criterion"]
    if len(criteria) > MAX_CRITERIA:
        out.append(f"{where}: {len(criteria)} criteria, more than {MAX_CRITERIA}")
    scored_levels: list[bool] = []
    for c_index, criterion in enumerate(criteria):
        here = f"{where}.criteria[{c_index}]"
        if not isinstance(criterion, dict):
            out.append(f"{here}: a Criterion is a JSON object")
            continue
        if "id" in criterion:
            out.append(f"{here}: read-only field 'id' is sent")
        extra = set(criterion) - CRITERION_FIELDS - {"id"}
        out += [f"{here}: unknown field {key!r}" for key in sorted(extra)]
        if not _text(criterion.get("title")) or not criterion["title"].strip():
            out.append(f"{here}: a criterion needs a title")
        if "description" in criterion and not _text(criterion["description"]):
            out.append(f"{here}: description must be a string")
        levels = criterion.get("levels")
        if not isinstance(levels, list) or not levels:
            out.append(f"{here}: a criterion must have at least one level")
            continue
        if len(levels) > MAX_LEVELS:
            out.append(f"{here}: {len(levels)} levels, more than {MAX_LEVELS}")
        points: list[float] = []
        for l_index, level in enumerate(levels):
            there = f"{here}.levels[{l_index}]"
            if not isinstance(level, dict):
                out.append(f"{there}: a Level is a JSON object")
                continue
            if "id" in level:
                out.append(f"{there}: read-only field 'id' is sent")
            extra = set(level) - LEVEL_FIELDS - {"id"}
            out += [f"{there}: unknown field {key!r}" for key in sorted(extra)]
            if "description" in level and not _text(level["description"]):
                out.append(f"{there}: description must be a string")
            if "title" in level and not _text(level["title"]):
                out.append(f"{there}: title must be a string")
            if "points" in level:
                value = level["points"]
                if value is None:
                    out.append(f"{there}: points is null (omit it for an unscored level)")
                elif isinstance(value, bool) or not isinstance(value, (int, float)):
                    out.append(f"{there}: points must be a number")
                elif not math.isfinite(value):
                    out.append(f"{there}: points must be finite")
                else:
                    points.append(float(value))
                scored_levels.append(True)
            else:
                scored_levels.append(False)
                if not _text(level.get("title")) or not level["title"].strip():
                    out.append(f"{there}: an unscored level needs a title")
        if len(points) != len(set(points)):
            out.append(f"{here}: points must be unique within a criterion")
        if points not in (sorted(points), sorted(points, reverse=True)):
            out.append(f"{here}: scored levels must be sorted by points")
    if scored_levels and any(scored_levels) and not all(scored_levels):
        out.append(f"{where}: levels must be all scored or all unscored")
    if (
        len(criteria) == 1
        and isinstance(criteria[0], dict)
        and isinstance(criteria[0].get("levels"), list)
        and len(criteria[0]["levels"]) == 1
        and isinstance(criteria[0]["levels"][0], dict)
        and criteria[0]["levels"][0].get("points") == 0
    ):
        out.append(f"{where}: a single criterion with a single 0-point level is refused")
    return out


def classroom_violations(data: bytes) -> list[str]:
    """Every problem of our Classroom export file ``data``: its shape and each Rubric."""
    try:
        document = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        return [f"not UTF-8 JSON: {exc}"]
    if not isinstance(document, dict) or not isinstance(document.get("rubrics"), list):
        return ["the file is a JSON object with a 'rubrics' list"]
    out: list[str] = []
    seen: set[str] = set()
    for index, entry in enumerate(document["rubrics"]):
        where = f"rubrics[{index}]"
        if not isinstance(entry, dict):
            out.append(f"{where}: an entry is a JSON object")
            continue
        if not _text(entry.get("id")) or entry["id"] in seen:
            out.append(f"{where}: needs a unique id")
        seen.add(str(entry.get("id")))
        if not _text(entry.get("title")) or not entry["title"].strip():
            out.append(f"{where}: needs a title")
        out += rubric_violations(entry.get("rubric"), f"{where}.rubric")
    return out
