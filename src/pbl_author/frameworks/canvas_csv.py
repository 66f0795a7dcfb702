"""Canvas outcomes CSV (``lib/outcomes/csv_importer.rb``): import and export.

Columns are named by the header line: ``vendor_guid``, ``object_type``
(``group`` or ``outcome``), ``title``, ``description``, ``display_name``,
``calculation_method``, ``calculation_int``, ``workflow_state``,
``parent_guids`` (space-separated vendor_guids of groups on earlier rows), and
the optional ``canvas_id``, ``course_id``, ``friendly_description`` and
``mastery_points``. A ``ratings`` column comes last; it and the unnamed
columns after it hold the ratings as pairs of points and description, most
points first.

Mapping (import):

- every row -> ``Competency``: ``identifier`` <- vendor_guid, ``code`` <-
  display_name, ``abbreviated_statement`` <- title, ``statement`` <-
  description as text (the title when there is none), ``type`` "group" for
  groups; ``id`` from the display name, else the vendor_guid;
- ``parent_guids``: the first is the parent, each further one an
  ``Association(kind="isChildOf")``;
- ratings -> the outcome's own ``scale`` (lowest first; ``title`` <- the
  rating's description, ``proficient`` when its points reach
  ``mastery_points``), or the framework's ``scale`` when every outcome has the
  same ratings;
- calculation_method / calculation_int / mastery_points / workflow_state /
  canvas_id / course_id / friendly_description ->
  ``extensions["com.instructure.canvas"]``.

The framework's title is the title of the only top-level group when there is
one, else the file's name.

Export: the header Canvas documents (``vendor_guid,object_type,title,
description,display_name,calculation_method,calculation_int,workflow_state,
parent_guids``, the optional columns only when some item has a value for them,
``ratings`` last), whole-number points, most points first, UTF-8 without a
byte order mark, LF line ends. Items with children (or of type "group")
become groups, the others outcomes. A framework read from Canvas keeps its
vendor_guids (``extensions["com.instructure.canvas"]["vendor_guids"]`` says
so); any other item gets ``<framework id>.<item id>``, as ids from other
systems (a Moodle id number) could clash with outcomes elsewhere in a Canvas
account. Descriptions are written as simple HTML.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from ..model import Framework
from ..model.framework import Association, Competency, ScaleLevel
from ..model.problems import DocumentError, Problem, did_you_mean, shorten
from ..model.validation import problems_from
from .csvtext import csv_records, decode_csv, is_blank
from .htmltext import (
    html_to_text,
    looks_like_html,
    one_line,
    plain_text,
    shorten_words,
    text_to_html,
    unescape_entities,
)
from .importing import ImportResult, ItemIds, Progress, count_note, every, framework_id_for
from .tabular import item_text, ordered_items, relocate

__all__ = ["CALCULATION_METHODS", "COLUMNS", "read_canvas_csv", "write_canvas_csv"]

FORMAT = "canvas"
EXTENSION = "com.instructure.canvas"
GROUP_TYPE = "group"
SECOND_PARENT = "isChildOf"

#: The columns Canvas documents, in the order of its sample (``doc/api/outcomes_csv.md``).
COLUMNS = (
    "vendor_guid",
    "object_type",
    "title",
    "description",
    "display_name",
    "calculation_method",
    "calculation_int",
    "workflow_state",
    "parent_guids",
)
#: Further columns the importer accepts (``CSVImporter::OPTIONAL_FIELDS``).
EXTRA_COLUMNS = ("canvas_id", "course_id", "friendly_description", "mastery_points")
REQUIRED = ("vendor_guid", "object_type", "title")
KNOWN = (*COLUMNS, *EXTRA_COLUMNS)
RATINGS = "ratings"
#: Calculation methods and the calculation_int each takes (``OutcomeCalculationMethod``).
CALCULATION_METHODS: dict[str, tuple[int, int] | None] = {
    "decaying_average": (1, 99),
    "standard_decaying_average": (50, 99),
    "weighted_average": (1, 99),
    "n_mastery": (1, 10),
    "highest": None,
    "latest": None,
    "average": None,
}
WORKFLOW_STATES = ("", "active", "deleted")
#: ``maximum_string_length`` of Canvas models.
MAX_STRING = 255


def _at(line: int, column: str | None = None) -> str:
    return f"line {line}" if column is None else f"line {line}, column '{column}'"


def _number(text: str) -> float | None:
    try:
        value = float(text.strip().replace(",", ""))
    except ValueError:
        return None
    return value if value == value and abs(value) != float("inf") else None


def _whole(text: str) -> int | None:
    text = text.strip()
    return int(text) if re.fullmatch(r"[+-]?\d+", text) else None


def _plain_number(value: float) -> int | float:
    return int(value) if float(value).is_integer() else value


class _Row:
    __slots__ = ("cells", "guid", "is_group", "item_id", "line", "ratings")

    def __init__(self, line: int, cells: dict[str, str], ratings: list[str]) -> None:
        self.line = line
        self.cells = cells
        self.ratings = ratings
        self.guid = cells.get("vendor_guid", "").strip()
        self.is_group = cells.get("object_type", "").strip() == GROUP_TYPE
        self.item_id = ""


def read_canvas_csv(
    data: bytes,
    *,
    framework_id: str | None = None,
    source: str = "",
    progress: Progress | None = None,
) -> ImportResult:
    """A framework from a Canvas outcomes CSV."""
    try:
        return _read(data, framework_id, source, progress)
    except DocumentError as exc:
        raise exc.with_source(source) if source else exc from None


def _header(header: list[str], line: int, notes: list[str]) -> list[str]:
    """The column names before ``ratings`` (checked as Canvas checks them)."""
    names = [cell.strip() for cell in header]
    if "rubric name" in (name.lower() for name in names):
        raise DocumentError(
            [
                Problem(
                    f"line {line}",
                    "this is a Canvas rubric import file (it has a 'Rubric Name' column), not "
                    "an outcomes file",
                )
            ]
        )
    lowered = [name.lower() for name in names]
    if lowered != names and all(name in KNOWN or name == RATINGS for name in lowered if name):
        changed = [f"'{a}'" for a, b in zip(names, lowered, strict=True) if a != b]
        notes.append(f"column names were read ignoring case: {', '.join(changed)}")
        names = lowered
    end = names.index(RATINGS) if RATINGS in names else len(names)
    columns = names[:end]
    problems: list[Problem] = []
    after = [name for name in names[end + 1 :] if name]
    if after:
        listed = ", ".join(f"'{shorten(name)}'" for name in after)
        problems.append(
            Problem(
                f"line {line}",
                f"{listed} after 'ratings': only the unnamed rating columns may follow it",
            )
        )
    missing = [name for name in REQUIRED if name not in columns]
    if missing:
        listed = ", ".join(f"'{name}'" for name in missing)
        problems.append(Problem(f"line {line}", f"missing required columns: {listed}"))
    for index, name in enumerate(columns):
        if name in columns[:index]:
            problems.append(Problem(f"line {line}", f"column '{shorten(name)}' appears twice"))
        elif name not in KNOWN:
            shown = f"'{shorten(name)}'" if name else f"column {index + 1} has no name; it"
            problems.append(
                Problem(
                    f"line {line}",
                    f"unknown column {shown}{did_you_mean(name, KNOWN)}"
                    if name
                    else f"{shown} must be one of Canvas's columns or come after 'ratings'",
                )
            )
    if problems:
        raise DocumentError(problems)
    return columns


def _read(
    data: bytes, framework_id: str | None, source: str, progress: Progress | None
) -> ImportResult:
    notes: list[str] = []
    text = decode_csv(
        data,
        notes,
        "a Canvas outcomes CSV needs a header line and at least one outcome or group",
    )
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") > first.count(",") else ","
    if delimiter == ";":
        notes.append("the columns are separated by ';' instead of commas")
    records = csv_records(text, delimiter)
    header_line, header = records[0]
    columns = _header(header, header_line, notes)
    rows: list[_Row] = []
    for line, cells in records[1:]:
        if is_blank(cells):
            continue
        padded = cells + [""] * (len(columns) - len(cells))
        rows.append(_Row(line, dict(zip(columns, padded, strict=False)), cells[len(columns) :]))
    if not rows:
        raise DocumentError([Problem("", "the file has a header but no outcomes or groups")])

    problems: list[Problem] = []
    by_guid: dict[str, _Row] = {}
    later: dict[str, _Row] = {}
    for row in rows:
        later.setdefault(row.guid, row)
    kept: list[_Row] = []
    deleted: set[str] = set()
    ids = ItemIds()
    parsed: dict[int, dict[str, Any]] = {}
    for row in every(rows, progress, len(rows)):
        before = len(problems)
        values = _check_row(row, by_guid, later, deleted, problems)
        if len(problems) > before:
            if row.guid and row.guid not in by_guid:
                by_guid[row.guid] = row
            continue
        by_guid[row.guid] = row
        if values.get("workflow_state") == "deleted":
            deleted.add(row.guid)
            continue
        row.item_id = ids.make(row.cells.get("display_name", ""), row.guid)
        parsed[row.line] = values
        kept.append(row)
    if problems:
        raise DocumentError(problems)

    items: list[Competency] = []
    associations: list[Association] = []
    titles_flattened = 0
    html_count = 0
    for row in kept:
        values = parsed[row.line]
        cells = row.cells
        title = one_line(cells["title"])
        if title != cells["title"].strip():
            titles_flattened += 1
        raw = cells.get("description", "")
        if looks_like_html(raw):
            html_count += 1
            description = html_to_text(raw)
        else:
            description = plain_text(unescape_entities(raw))
        parents = [by_guid[guid].item_id for guid in values["parents"] if guid not in deleted]
        canvas = {
            key: values[key]
            for key in (
                "calculation_method",
                "calculation_int",
                "mastery_points",
                "workflow_state",
                "canvas_id",
                "course_id",
                "friendly_description",
            )
            if values.get(key) not in (None, "")
        }
        fields: dict[str, Any] = {
            "id": row.item_id,
            "code": one_line(cells.get("display_name", "")),
            "identifier": row.guid,
            "statement": description or title,
            "abbreviated_statement": title,
            "parent": parents[0] if parents else None,
            "scale": values["scale"],
        }
        if row.is_group:
            fields["type"] = GROUP_TYPE
        if canvas:
            fields["extensions"] = {EXTENSION: canvas}
        try:
            items.append(Competency(**fields))
        except ValidationError as exc:
            where = {
                "code": _at(row.line, "display_name"),
                "identifier": _at(row.line, "vendor_guid"),
                "abbreviated_statement": _at(row.line, "title"),
                "statement": _at(row.line, "description" if description else "title"),
                "scale": _at(row.line, RATINGS),
            }
            problems.extend(relocate(problems_from(Competency, exc), where, _at(row.line)))
        for other in parents[1:]:
            associations.append(
                Association(kind=SECOND_PARENT, origin=row.item_id, destination=other)
            )
    if problems:
        raise DocumentError(problems)

    # One scale for the framework when every outcome has the same ratings.
    outcomes = [item for item in items if item.type != GROUP_TYPE]
    scale: list[ScaleLevel] = []
    if outcomes and outcomes[0].scale and all(o.scale == outcomes[0].scale for o in outcomes):
        scale = list(outcomes[0].scale)
        items = [item.model_copy(update={"scale": []}) if item.scale else item for item in items]

    if html_count:
        notes.append(
            f"{count_note(html_count, 'HTML description')} converted to plain text "
            f"(paragraphs, line breaks and lists kept)"
        )
    if titles_flattened:
        notes.append(f"{count_note(titles_flattened, 'title')} put on one line")
    if deleted:
        notes.append(
            f"{count_note(len(deleted), 'row')} with workflow_state 'deleted' left out: "
            + ", ".join(sorted(f"'{shorten(guid)}'" for guid in deleted)[:10])
        )

    roots = [item for item in items if item.parent is None]
    if len(roots) == 1 and roots[0].type == GROUP_TYPE:
        title = roots[0].abbreviated_statement
    elif source:
        title = Path(source).stem
    else:
        title = "Canvas outcomes"
    title = shorten_words(title, 300) or "Canvas outcomes"
    fields = {
        "id": framework_id or framework_id_for(title, "canvas-outcomes"),
        "title": title,
        "scale": scale,
        "items": items,
        "associations": associations,
        # The items' identifiers are Canvas vendor_guids: an export reuses them.
        "extensions": {EXTENSION: {"vendor_guids": "identifier"}},
    }
    try:
        framework = Framework(**fields)
    except ValidationError as exc:
        raise DocumentError(problems_from(Framework, exc)) from None
    return ImportResult(framework=framework, notes=notes, format=FORMAT)


def _check_row(
    row: _Row,
    by_guid: dict[str, _Row],
    later: dict[str, _Row],
    deleted: set[str],
    problems: list[Problem],
) -> dict[str, Any]:
    """Check one row the way Canvas does; the values it holds, parsed."""
    cells = row.cells
    line = row.line
    values: dict[str, Any] = {}
    guid = row.guid
    if not guid:
        problems.append(
            Problem(
                _at(line, "vendor_guid"),
                "empty; every outcome and group needs a vendor_guid",
            )
        )
    elif re.search(r"\s", guid):
        problems.append(
            Problem(
                _at(line, "vendor_guid"),
                f"'{shorten(guid)}' contains spaces; Canvas does not allow spaces in a vendor_guid",
            )
        )
    elif len(guid) > MAX_STRING:
        problems.append(_too_long(line, "vendor_guid", guid))
    elif guid in by_guid:
        problems.append(
            Problem(
                _at(line, "vendor_guid"),
                f"'{shorten(guid)}' is already used on line {by_guid[guid].line}",
            )
        )
    title = cells.get("title", "")
    if not title.strip():
        problems.append(Problem(_at(line, "title"), "empty; every outcome and group needs a title"))
    elif len(title.strip()) > MAX_STRING:
        problems.append(_too_long(line, "title", title.strip()))
    kind = cells.get("object_type", "").strip()
    if kind not in ("outcome", GROUP_TYPE):
        shown = f"'{shorten(kind)}' is not" if kind else "empty; it must be"
        problems.append(
            Problem(
                _at(line, "object_type"),
                f"{shown} 'outcome' or 'group'{did_you_mean(kind, ('outcome', GROUP_TYPE))}",
            )
        )
    state = cells.get("workflow_state", "").strip()
    if state not in WORKFLOW_STATES:
        problems.append(
            Problem(
                _at(line, "workflow_state"),
                f"'{shorten(state)}' must be 'active' or 'deleted' (or empty, for active)"
                + (
                    f"; did you mean '{state.lower()}'?" if state.lower() in WORKFLOW_STATES else ""
                ),
            )
        )
    values["workflow_state"] = state
    for key in ("canvas_id", "course_id"):
        values[key] = cells.get(key, "").strip()
    friendly = one_line(cells.get("friendly_description", ""))
    if len(friendly) > MAX_STRING:
        problems.append(_too_long(line, "friendly_description", friendly))
    values["friendly_description"] = friendly
    display_name = cells.get("display_name", "")
    if len(display_name.strip()) > MAX_STRING:
        problems.append(_too_long(line, "display_name", display_name.strip()))

    # Groups carry no scoring.
    if row.is_group:
        scoring = [
            name
            for name in ("calculation_method", "calculation_int", "mastery_points")
            if cells.get(name, "").strip()
        ]
        if any(cell.strip() for cell in row.ratings):
            scoring.append(RATINGS)
        if scoring:
            listed = ", ".join(f"'{name}'" for name in scoring)
            problems.append(
                Problem(
                    _at(line),
                    f"a group cannot have {listed}: calculation, mastery points and ratings "
                    f"belong to outcomes",
                )
            )

    # Parents: groups on earlier rows.
    guids = cells.get("parent_guids", "").split()
    for parent in guids:
        earlier = by_guid.get(parent)
        where = _at(line, "parent_guids")
        if parent == guid:
            problems.append(Problem(where, f"'{shorten(parent)}' cannot be its own parent"))
        elif earlier is None:
            found = later.get(parent)
            if found is not None:
                message = (
                    f"'{shorten(parent)}' is not a group on an earlier line (it is on line "
                    f"{found.line}: put the group first)"
                )
            else:
                message = (
                    f"'{shorten(parent)}' is not a group on an earlier line"
                    f"{did_you_mean(parent, by_guid)}"
                )
            problems.append(Problem(where, message))
        elif not earlier.is_group:
            problems.append(
                Problem(
                    where,
                    f"'{shorten(parent)}' (line {earlier.line}) is an outcome; outcomes and "
                    f"groups can only be placed in groups",
                )
            )
    if row.is_group and len(guids) > 1:
        problems.append(
            Problem(
                _at(line, "parent_guids"),
                f"a group can only have one parent (found {len(guids)})",
            )
        )
    values["parents"] = guids
    if row.is_group:
        values["scale"] = []
        return values

    # Calculation.
    method = cells.get("calculation_method", "").strip()
    if method and method not in CALCULATION_METHODS:
        problems.append(
            Problem(
                _at(line, "calculation_method"),
                f"'{shorten(method)}' is not one of: {', '.join(CALCULATION_METHODS)}"
                f"{did_you_mean(method, CALCULATION_METHODS)}",
            )
        )
    values["calculation_method"] = method
    raw_int = cells.get("calculation_int", "").strip()
    if raw_int:
        number = _whole(raw_int)
        allowed = CALCULATION_METHODS.get(method or "decaying_average")
        if number is None:
            problems.append(
                Problem(
                    _at(line, "calculation_int"),
                    f"'{shorten(raw_int)}' is not a whole number",
                )
            )
        elif method in CALCULATION_METHODS and allowed is None:
            problems.append(
                Problem(
                    _at(line, "calculation_int"),
                    f"{method} takes no calculation_int; leave it empty",
                )
            )
        elif allowed is not None and not allowed[0] <= number <= allowed[1]:
            problems.append(
                Problem(
                    _at(line, "calculation_int"),
                    f"{number} is out of range for {method or 'decaying_average'} "
                    f"({allowed[0]} to {allowed[1]})",
                )
            )
        values["calculation_int"] = number
    mastery = None
    raw_mastery = cells.get("mastery_points", "").strip()
    if raw_mastery:
        mastery = _number(raw_mastery)
        if mastery is None or mastery < 0:
            problems.append(
                Problem(
                    _at(line, "mastery_points"),
                    f"'{shorten(raw_mastery)}' is not a number of points",
                )
            )
        else:
            values["mastery_points"] = _plain_number(mastery)
    values["scale"] = _ratings(row, mastery, problems)
    return values


def _too_long(line: int, column: str, value: str) -> Problem:
    return Problem(
        _at(line, column),
        f"{len(value)} characters; Canvas allows at most {MAX_STRING}",
    )


def _ratings(row: _Row, mastery: float | None, problems: list[Problem]) -> list[dict[str, Any]]:
    """The outcome's ratings (points, description pairs, most points first) as a scale."""
    cells = list(row.ratings)
    while cells and not cells[-1].strip():
        cells.pop()
    tiers: list[tuple[float, str]] = []
    before = len(problems)
    prior: float | None = None
    for index in range(0, len(cells), 2):
        tier = index // 2 + 1
        raw_points = cells[index].strip()
        description = one_line(cells[index + 1]) if index + 1 < len(cells) else ""
        if not raw_points:
            problems.append(
                Problem(
                    _at(row.line, RATINGS),
                    f"rating {tier} ('{shorten(description)}') has no points"
                    if description
                    else f"rating {tier} has no points",
                )
            )
            continue
        points = _number(raw_points)
        if points is None or points < 0:
            problems.append(
                Problem(
                    _at(row.line, RATINGS),
                    f"rating {tier}: '{shorten(raw_points)}' is not a number of points",
                )
            )
            continue
        if prior is not None and points > prior:
            problems.append(
                Problem(
                    _at(row.line, RATINGS),
                    f"rating {tier} has more points ({_plain_number(points)}) than rating "
                    f"{tier - 1} ({_plain_number(prior)}); list ratings from most to fewest "
                    f"points",
                )
            )
        prior = points
        tiers.append((points, description))
    if len(problems) > before:
        return []
    ids = ItemIds()
    levels = []
    for points, description in reversed(tiers):
        levels.append(
            {
                "id": ids.make(description.lower(), f"points-{_plain_number(points)}"),
                "title": description,
                "points": points,
                "proficient": mastery is not None and points >= mastery,
            }
        )
    return levels


# --------------------------------------------------------------------------------------
# Writing
# --------------------------------------------------------------------------------------


def _canvas(item: Competency) -> dict[str, Any]:
    stored = item.extensions.get(EXTENSION)
    return stored if isinstance(stored, dict) else {}


def _guid_ok(value: str, taken: set[str]) -> bool:
    return (
        bool(value)
        and not re.search(r"\s", value)
        and len(value) <= MAX_STRING
        and (value not in taken)
    )


def _points(
    levels: Sequence[ScaleLevel], where: str, problems: list[Problem]
) -> list[tuple[int, str]]:
    """Ratings (points, description) most points first; problems for what Canvas refuses."""
    if not levels:
        return []
    names = [f"'{one_line(level.title) or level.id}'" for level in levels]
    missing = [name for name, level in zip(names, levels, strict=True) if level.points is None]
    if missing and len(missing) != len(levels):
        problems.append(
            Problem(
                where,
                f"scale levels {', '.join(missing)} have no points; Canvas ratings need points "
                f"on every level (or on none, to number them 1, 2, 3, ...)",
            )
        )
        return []
    points = [float(n + 1 if lvl.points is None else lvl.points) for n, lvl in enumerate(levels)]
    for index, value in enumerate(points):
        if not value.is_integer():
            problems.append(
                Problem(
                    f"{where}[{index}].points",
                    f"level {names[index]} has {_plain_number(value)} points; Canvas outcomes "
                    f"CSV needs whole numbers",
                )
            )
    if any(not value.is_integer() for value in points):
        return []
    for index in range(1, len(points)):
        if points[index] < points[index - 1]:
            problems.append(
                Problem(
                    where,
                    f"level {names[index]} ({int(points[index])} points) comes after "
                    f"{names[index - 1]} ({int(points[index - 1])} points); list levels from "
                    f"fewest to most points",
                )
            )
            return []
    return [
        (int(value), one_line(level.title)) for value, level in zip(points, levels, strict=True)
    ][::-1]


def write_canvas_csv(framework: Framework) -> bytes:
    """``framework`` as a Canvas outcomes CSV that Canvas's importer accepts.

    Raises ``DocumentError`` when a scale has points Canvas cannot take (not
    whole numbers, or going down from one level to the next), or when there is
    nothing to write (Canvas refuses a file without outcomes).
    """
    if not framework.items:
        raise DocumentError(
            [Problem("items", "the framework has no items; Canvas needs at least one outcome")]
        )
    items = ordered_items(framework)
    parents = {item.parent for item in items if item.parent}
    groups = {item.id for item in items if item.type == GROUP_TYPE or item.id in parents}

    marker = framework.extensions.get(EXTENSION)
    from_canvas = isinstance(marker, dict) and marker.get("vendor_guids") == "identifier"
    guids: dict[str, str] = {}
    taken: set[str] = set()
    for item in items:
        guid = item.identifier.strip() if from_canvas else ""
        if not _guid_ok(guid, taken):
            guid = f"{framework.id}.{item.id}"
            number = 2
            while guid in taken:
                guid = f"{framework.id}.{item.id}-{number}"
                number += 1
        guids[item.id] = guid
        taken.add(guid)

    problems: list[Problem] = []
    index_of = {item.id: index for index, item in enumerate(framework.items)}
    ratings: dict[str, list[tuple[int, str]]] = {}
    framework_ratings = _points(framework.scale, "scale", problems)
    for item in items:
        if item.id in groups:
            continue
        if item.scale:
            ratings[item.id] = _points(item.scale, f"items[{index_of[item.id]}].scale", problems)
        else:
            ratings[item.id] = framework_ratings
    if problems:
        raise DocumentError(problems)

    second_parents: dict[str, list[str]] = {}
    for association in framework.associations:
        if association.kind == SECOND_PARENT and association.destination in groups:
            second_parents.setdefault(association.origin, []).append(association.destination)

    mastery: dict[str, int | float] = {}
    for item in items:
        if item.id in groups:
            continue
        stored = _canvas(item).get("mastery_points")
        if isinstance(stored, int | float) and not isinstance(stored, bool) and stored >= 0:
            mastery[item.id] = _plain_number(stored)
            continue
        levels = item.scale or framework.scale
        proficient = [level.points for level in levels if level.proficient]
        if proficient and all(points is not None for points in proficient):
            mastery[item.id] = _plain_number(min(proficient))  # type: ignore[type-var]

    extras = [
        name
        for name in ("canvas_id", "course_id", "friendly_description")
        if any(_canvas(item).get(name) not in (None, "") for item in items)
    ]
    header = [*COLUMNS]
    if "canvas_id" in extras:
        header.insert(0, "canvas_id")
    header.extend(name for name in extras if name != "canvas_id")
    if mastery:
        header.append("mastery_points")
    most = max((len(r) for r in ratings.values()), default=0)
    header.append(RATINGS)
    header.extend([""] * max(2 * most - 1, 0))

    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    emitted: set[str] = set()
    for item in items:
        canvas = _canvas(item)
        is_group = item.id in groups
        title = item.abbreviated_statement
        if not title or one_line(title) != title or len(title) > MAX_STRING:
            title = shorten_words(title or item.statement.split("\n\n", 1)[0], MAX_STRING)
        title = title or item.id
        text = item_text(item, item.scale or framework.scale)
        description = "" if text == title else text_to_html(text)
        parent_guids = [guids[item.parent]] if item.parent else []
        if not is_group:
            for other in second_parents.get(item.id, []):
                if other in emitted and guids[other] not in parent_guids:
                    parent_guids.append(guids[other])
        values: dict[str, Any] = {
            "vendor_guid": guids[item.id],
            "object_type": GROUP_TYPE if is_group else "outcome",
            "title": title,
            "description": description,
            "display_name": shorten_words(item.code, MAX_STRING),
            "workflow_state": canvas.get("workflow_state", "")
            if canvas.get("workflow_state") in WORKFLOW_STATES
            else "",
            "parent_guids": " ".join(parent_guids),
        }
        for name in extras:
            value = canvas.get(name)
            values[name] = "" if value is None else str(value)
        if "friendly_description" in values:
            values["friendly_description"] = shorten_words(
                values["friendly_description"], MAX_STRING
            )
        row_ratings: list[tuple[int, str]] = []
        if not is_group:
            method = canvas.get("calculation_method")
            if method in CALCULATION_METHODS:
                values["calculation_method"] = method
                number = canvas.get("calculation_int")
                allowed = CALCULATION_METHODS[method]
                if (
                    isinstance(number, int)
                    and allowed is not None
                    and allowed[0] <= number <= allowed[1]
                ):
                    values["calculation_int"] = number
            if item.id in mastery:
                values["mastery_points"] = mastery[item.id]
            row_ratings = ratings[item.id]
        cells = [values.get(name, "") for name in header[: header.index(RATINGS)]]
        for points, description_text in row_ratings:
            cells.extend([points, description_text])
        cells.extend([""] * (len(header) - len(cells)))
        writer.writerow(cells)
        emitted.add(item.id)
    return out.getvalue().encode("utf-8")
