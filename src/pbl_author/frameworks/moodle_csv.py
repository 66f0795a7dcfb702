"""Moodle competency framework CSV (``admin/tool/lpimportcsv``): import and export.

The layout is positional: 14 columns, read by position like Moodle's own
importer, so both the old header labels ("Parent id number", "Id number",
"Shortname", ...) and the current ones ("Parent ID number", "ID number",
"Short name", ...) work. Exactly one row has "Is framework" = 1: it carries
the framework's id number, short name, description, scale and taxonomy. Every
other row is a competency; its parent is named by id number.

Mapping (import):

- framework row -> ``Framework``: ``title`` <- short name, ``identifier`` <-
  id number, ``description`` <- description as text, ``scale`` <- scale
  values + scale configuration (one ``ScaleLevel`` per value, ``points`` = its
  position, as Moodle grades a scale by position; ``default`` / ``proficient``
  from the configuration), the taxonomy in ``extensions["org.moodle"]``.
- competency row -> ``Competency``: ``id`` from the id number, ``code`` and
  ``identifier`` <- id number, ``abbreviated_statement`` <- short name,
  ``statement`` <- description as text (the short name when there is none),
  ``type`` <- the taxonomy term of its level, ``scale`` <- its own scale,
  rule type / outcome / config (and an exported id that is not simply the
  row's number) in ``extensions["org.moodle"]``.
- cross-referenced id numbers -> one ``Association(kind="crossReference")``
  per pair, however many times (and from which side) the file lists it.

Descriptions: HTML (format 1) and Moodle auto-format (0) become plain text
(paragraphs, line breaks, ``- `` / ``1. `` list lines, links as
``text (url)``); plain text (2) and Markdown (4) are kept as written. The
export writes descriptions as Markdown (format 4), which Moodle renders, so
text survives a round trip unchanged.

Export rules (everything Moodle's importer and its persistents enforce, see
``tests/frameworks/moodle_rules.py``): the current header labels, the
framework row first, unique non-empty id numbers of at most 100 characters
that Moodle's text cleaning leaves alone, parents before children, at most 6
levels, valid scale JSON with exactly one default and at least one proficient
value, taxonomy terms from Moodle's list, cross-references with ``%2C`` for
commas inside id numbers, LF line ends, UTF-8 without a byte order mark.

This module also holds the CSV and HTML text helpers that the Canvas outcomes
CSV module shares.
"""

from __future__ import annotations

import csv
import io
import json
import math
import re
from collections.abc import Sequence
from typing import Any

from pydantic import ValidationError

from ..model import Framework
from ..model.framework import Association, Competency, ScaleLevel
from ..model.problems import DocumentError, Problem, did_you_mean, shorten
from ..model.validation import problems_from
from .csvtext import csv_records, decode_csv, is_blank
from .htmltext import (
    CONTROL_CHARACTERS,
    html_to_text,
    looks_like_html,
    one_line,
    shorten_words,
)
from .importing import ImportResult, ItemIds, Progress, count_note, every, framework_id_for
from .tabular import item_depths, item_text, ordered_items, relocate

__all__ = [
    "HEADERS",
    "OLD_HEADERS",
    "TAXONOMY_TERMS",
    "read_moodle_csv",
    "write_moodle_csv",
]

FORMAT = "moodle"
EXTENSION = "org.moodle"

#: Moodle's current column labels (``lang/en/tool_lpimportcsv.php``), in order.
HEADERS = (
    "Parent ID number",
    "ID number",
    "Short name",
    "Description",
    "Description format",
    "Scale values",
    "Scale configuration",
    "Rule type (optional)",
    "Rule outcome (optional)",
    "Rule config (optional)",
    "Cross-referenced competency ID numbers",
    "Exported ID (optional)",
    "Is framework",
    "Taxonomy",
)
#: The labels of Moodle 3.1-3.3 exports (the OECD example uses them).
OLD_HEADERS = (
    "Parent id number",
    "Id number",
    "Shortname",
    "Description",
    "Description format",
    "Scale values",
    "Scale configuration",
    "Rule type (optional)",
    "Rule outcome (optional)",
    "Rule config (optional)",
    "Cross referenced competency id numbers",
    "Exported id (optional)",
    "Is framework",
    "Taxonomy",
)
COLUMNS = len(HEADERS)
(
    PARENT,
    IDNUMBER,
    SHORTNAME,
    DESCRIPTION,
    DESCRIPTION_FORMAT,
    SCALE_VALUES,
    SCALE_CONFIGURATION,
    RULE_TYPE,
    RULE_OUTCOME,
    RULE_CONFIG,
    RELATED,
    EXPORT_ID,
    IS_FRAMEWORK,
    TAXONOMY,
) = range(COLUMNS)

#: ``competency_framework::get_taxonomies_list()``.
TAXONOMY_TERMS = (
    "behaviour",
    "competency",
    "concept",
    "domain",
    "indicator",
    "level",
    "outcome",
    "practice",
    "proficiency",
    "skill",
    "value",
)
#: ``competency_framework::get_taxonomies_max_level()``; ``competency::validate_path``.
MAX_LEVELS = 6
#: ``shortname`` and ``idnumber`` are ``varchar(100)``; the importer cuts them to 100.
MAX_IDNUMBER = 100
MAX_SHORTNAME = 100
#: ``competency::get_available_rules()``.
RULE_ALL = "core_competency\\competency_rule_all"
RULE_POINTS = "core_competency\\competency_rule_points"
RULE_TYPES = (RULE_ALL, RULE_POINTS)
#: ``competency::OUTCOME_*``.
RULE_OUTCOMES = {
    0: "none",
    1: "attach evidence",
    2: "complete the competency",
    3: "recommend the competency",
}
#: ``descriptionformat`` choices: FORMAT_MOODLE, FORMAT_HTML, FORMAT_PLAIN, FORMAT_MARKDOWN.
TEXT_FORMATS = {0: "Moodle auto-format", 1: "HTML", 2: "plain text", 4: "Markdown"}
FORMAT_MARKDOWN = 4
#: Moodle's "Default competence scale", used when a framework has no scale.
DEFAULT_SCALE = ("Not yet competent", "Competent")
#: Association kinds written as Moodle cross-references (related competencies).
RELATED_KINDS = ("crossReference", "isRelatedTo")
CROSS_REFERENCE = "crossReference"


# --------------------------------------------------------------------------------------
# Reading
# --------------------------------------------------------------------------------------


def _at(line: int, column: int | None = None) -> str:
    return f"line {line}" if column is None else f"line {line}, column '{HEADERS[column]}'"


def _php_truthy(value: Any) -> bool:
    """PHP's idea of true, for values decoded from JSON."""
    if value is None or value is False:
        return False
    if isinstance(value, str):
        return value not in ("", "0")
    if isinstance(value, int | float):
        return value != 0
    if isinstance(value, list | dict):
        return bool(value)
    return True


def _whole(value: Any) -> int | None:
    """An int for a JSON whole number or a digit string, else None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and re.fullmatch(r"\s*-?\d+\s*", value):
        return int(value)
    return None


def _level_ids(titles: Sequence[str]) -> list[str]:
    ids = ItemIds()
    return [ids.make(title.lower(), f"level-{index}") for index, title in enumerate(titles, 1)]


def _read_scale(
    values: str, config: str, line: int, problems: list[Problem], notes: list[str]
) -> list[dict[str, Any]]:
    """The scale of a row: its values (comma-separated) and its JSON configuration."""
    titles = [value.strip() for value in values.split(",")]
    where_values = _at(line, SCALE_VALUES)
    where = _at(line, SCALE_CONFIGURATION)
    before = len(problems)
    for index, title in enumerate(titles, 1):
        if not title:
            problems.append(Problem(where_values, f"scale value {index} is empty"))
    if not config.strip():
        problems.append(
            Problem(
                where,
                "empty; a row with scale values needs a scale configuration that marks the "
                'default and the proficient values, for example [{"scaleid":"0"},'
                '{"id":1,"scaledefault":1,"proficient":0},{"id":2,"scaledefault":0,'
                '"proficient":1}]',
            )
        )
        return []
    try:
        parsed = json.loads(config)
    except ValueError as exc:
        problems.append(Problem(where, f"not valid JSON ({exc.msg} at character {exc.pos + 1})"))
        return []
    if not isinstance(parsed, list) or not parsed or not isinstance(parsed[0], dict):
        problems.append(
            Problem(
                where,
                'must be a JSON list whose first entry names the scale, like {"scaleid":"0"}',
            )
        )
        return []
    if "scaleid" not in parsed[0]:
        problems.append(Problem(where, 'the first entry must name the scale, like {"scaleid":"0"}'))
    default: list[int] = []
    proficient: set[int] = set()
    for number, entry in enumerate(parsed[1:], 2):
        if not isinstance(entry, dict):
            problems.append(Problem(where, f"entry {number} is not a JSON object"))
            continue
        position = _whole(entry.get("id"))
        if position is None or not 1 <= position <= len(titles):
            shown = json.dumps(entry.get("id"))
            problems.append(
                Problem(
                    where,
                    f"entry {number} refers to scale value {shown}, but the scale has "
                    f"{len(titles)} value{'s' if len(titles) != 1 else ''} "
                    f"(numbered from 1)",
                )
            )
            continue
        if _php_truthy(entry.get("scaledefault")):
            default.append(position)
        if _php_truthy(entry.get("proficient")):
            proficient.add(position)
    if len(problems) > before:
        return []
    if not default:
        problems.append(
            Problem(where, 'no scale value is marked as the default ("scaledefault": 1)')
        )
    if not proficient:
        problems.append(Problem(where, 'no scale value is marked proficient ("proficient": 1)'))
    if len(problems) > before:
        return []
    if len(set(default)) > 1:
        notes.append(
            f"line {line}: several scale values are marked as the default; the first one "
            f"('{titles[default[0] - 1]}') was kept, as Moodle does"
        )
    return [
        {
            "id": level_id,
            "title": title,
            "points": position,
            "proficient": position in proficient,
            "default": position == default[0],
        }
        for position, (level_id, title) in enumerate(
            zip(_level_ids(titles), titles, strict=True), 1
        )
    ]


def _description(value: str, text_format: int) -> str:
    if not value.strip():
        return ""
    if text_format == 1:
        return html_to_text(value)
    if text_format == 0:  # Moodle auto-format: HTML allowed, and new lines are line breaks
        normalized = value.replace("\r\n", "\n").replace("\r", "\n").strip()
        return html_to_text(normalized.replace("\n", "<br>"))
    return value.replace("\r\n", "\n").replace("\r", "\n").strip()


def _read_format(value: str, line: int, problems: list[Problem]) -> int:
    value = value.strip()
    if not value:
        return 0  # what Moodle makes of an empty format (PARAM_INT)
    number = _whole(value)
    if number is None or number not in TEXT_FORMATS:
        listed = ", ".join(f"{code} {name}" for code, name in TEXT_FORMATS.items())
        problems.append(
            Problem(
                _at(line, DESCRIPTION_FORMAT),
                f"'{shorten(value)}' is not a Moodle text format ({listed})",
            )
        )
        return 1
    return number


def _is_framework(value: str, line: int, problems: list[Problem]) -> bool:
    value = value.strip().lower()
    if value in ("", "0"):
        return False
    if value in ("1", "true"):
        return True
    problems.append(
        Problem(
            _at(line, IS_FRAMEWORK),
            f"'{shorten(value)}' is not understood: write 1 on the framework row and leave "
            f"it empty on competency rows",
        )
    )
    return False


def _read_taxonomies(value: str, line: int, problems: list[Problem]) -> list[str]:
    terms = [term.strip() for term in value.split(",")] if value.strip() else []
    for term in terms:
        if term and term not in TAXONOMY_TERMS:
            problems.append(
                Problem(
                    _at(line, TAXONOMY),
                    f"'{shorten(term)}' is not a Moodle taxonomy term "
                    f"({', '.join(TAXONOMY_TERMS)}){did_you_mean(term, TAXONOMY_TERMS)}",
                )
            )
    return terms


class _Row:
    __slots__ = ("cells", "item_id", "line")

    def __init__(self, line: int, cells: list[str]) -> None:
        self.line = line
        self.cells = cells
        self.item_id = ""


def _pick_delimiter(text: str) -> str:
    first = text.split("\n", 1)[0]
    for delimiter in (",", ";", "\t", ":"):
        try:
            header = next(csv.reader([first], delimiter=delimiter))
        except (csv.Error, StopIteration):
            continue
        if len(header) == COLUMNS:
            return delimiter
    return ","


def read_moodle_csv(
    data: bytes,
    *,
    framework_id: str | None = None,
    source: str = "",
    progress: Progress | None = None,
) -> ImportResult:
    """A framework from a Moodle competency framework CSV (``tool_lpimportcsv`` layout)."""
    try:
        return _read(data, framework_id, progress)
    except DocumentError as exc:
        raise exc.with_source(source) if source else exc from None


def _read(data: bytes, framework_id: str | None, progress: Progress | None) -> ImportResult:
    notes: list[str] = []
    text = decode_csv(
        data,
        notes,
        "a Moodle competency framework CSV needs a header line and a framework row",
    )
    delimiter = _pick_delimiter(text)
    if delimiter != ",":
        notes.append(f"the columns are separated by {delimiter!r} instead of commas")
    records = csv_records(text, delimiter)
    header_line, header = records[0]
    if len(header) != COLUMNS:
        hint = ""
        lowered = [cell.strip().lower() for cell in header]
        if "vendor_guid" in lowered or "object_type" in lowered:
            hint = "; this looks like a Canvas outcomes CSV"
        raise DocumentError(
            [
                Problem(
                    f"line {header_line}",
                    f"expected {COLUMNS} columns (Moodle competency framework layout), "
                    f"found {len(header)}{hint}",
                )
            ]
        )
    labels = [cell.strip().lower() for cell in header]
    known = ([label.lower() for label in HEADERS], [label.lower() for label in OLD_HEADERS])
    if labels not in known:
        notes.append(
            "line 1 does not have Moodle's column labels; it was read as the header and the "
            "columns by position, as Moodle does"
        )

    problems: list[Problem] = []
    framework_rows: list[_Row] = []
    rows: list[_Row] = []
    body = records[1:]
    # Two passes over the rows: each reports half of the progress.
    first_half = second_half = None
    if progress is not None:
        half = len(body)

        def first_half(done: int, total: int) -> None:
            progress(done, 2 * half)

        def second_half(done: int, total: int) -> None:
            progress(half + done * half // max(total, 1), 2 * half)

    for line, cells in every(body, first_half, len(body)):
        if is_blank(cells):
            continue
        if len(cells) != COLUMNS:
            problems.append(
                Problem(f"line {line}", f"expected {COLUMNS} columns, found {len(cells)}")
            )
            continue
        row = _Row(line, cells)
        if _is_framework(cells[IS_FRAMEWORK], line, problems):
            framework_rows.append(row)
        else:
            rows.append(row)

    if not framework_rows:
        hint = ""
        if header[IS_FRAMEWORK].strip() in ("1", "true"):
            hint = " (line 1 looks like a framework row, but line 1 must be the header)"
        problems.append(
            Problem("", f"no framework row: exactly one row must have 'Is framework' = 1{hint}")
        )
    for extra in framework_rows[1:]:
        problems.append(
            Problem(
                _at(extra.line, IS_FRAMEWORK),
                f"a second framework row (the first is on line {framework_rows[0].line}); "
                f"exactly one row must have 'Is framework' = 1",
            )
        )
    top = framework_rows[0] if framework_rows else None

    taxonomies: list[str] = []
    scale: list[dict[str, Any]] = []
    framework_description = ""
    if top is not None:
        cells = top.cells
        text_format = _read_format(cells[DESCRIPTION_FORMAT], top.line, problems)
        framework_description = _description(cells[DESCRIPTION], text_format)
        taxonomies = _read_taxonomies(cells[TAXONOMY], top.line, problems)
        if not cells[SCALE_VALUES].strip():
            problems.append(
                Problem(
                    _at(top.line, SCALE_VALUES),
                    "empty; the framework row needs a scale: its values separated by commas, "
                    "for example 'Not yet competent,Competent'",
                )
            )
        else:
            scale = _read_scale(
                cells[SCALE_VALUES], cells[SCALE_CONFIGURATION], top.line, problems, notes
            )
        if len(cells[IDNUMBER].strip()) > MAX_IDNUMBER:
            problems.append(_too_long(top.line, IDNUMBER, cells[IDNUMBER].strip()))

    # Competency rows: id numbers, short names, parents.
    ids = ItemIds()
    by_idnumber: dict[str, _Row] = {}
    later: dict[str, int] = {}
    for row in rows:
        later.setdefault(row.cells[IDNUMBER].strip(), row.line)
    for row in rows:
        cells = row.cells
        idnumber = cells[IDNUMBER].strip()
        if not idnumber:
            problems.append(
                Problem(
                    _at(row.line, IDNUMBER),
                    "empty; every competency needs an id number (Moodle skips a competency "
                    "without one, and everything under it)",
                )
            )
            continue
        if len(idnumber) > MAX_IDNUMBER:
            problems.append(_too_long(row.line, IDNUMBER, idnumber))
        if idnumber in by_idnumber:
            problems.append(
                Problem(
                    _at(row.line, IDNUMBER),
                    f"'{shorten(idnumber)}' is already used on line {by_idnumber[idnumber].line}",
                )
            )
            continue
        if not cells[SHORTNAME].strip():
            problems.append(
                Problem(
                    _at(row.line, SHORTNAME),
                    "empty; every competency needs a short name (Moodle skips a competency "
                    "without one, and everything under it)",
                )
            )
        parent = cells[PARENT].strip()
        if parent and parent not in by_idnumber:
            if parent == idnumber:
                message = f"'{shorten(parent)}' cannot be its own parent"
            elif parent in later:
                message = (
                    f"parent id number '{shorten(parent)}' is not defined on an earlier line "
                    f"(it is on line {later[parent]}: put the parent first)"
                )
            else:
                message = (
                    f"parent id number '{shorten(parent)}' is not defined on an earlier line"
                    f"{did_you_mean(parent, by_idnumber)}"
                )
            problems.append(Problem(_at(row.line, PARENT), message))
        row.item_id = ids.make(idnumber)
        by_idnumber[idnumber] = row

    # Exported ids (what rule configurations refer to).
    by_export: dict[str, _Row] = {}
    for row in rows:
        export = row.cells[EXPORT_ID].strip()
        if not export:
            continue
        if export in by_export:
            problems.append(
                Problem(
                    _at(row.line, EXPORT_ID),
                    f"'{shorten(export)}' is already used on line {by_export[export].line}",
                )
            )
        else:
            by_export[export] = row

    if problems:
        raise DocumentError(problems)

    # Build the items.
    assert top is not None
    items: list[Competency] = []
    depth_of: dict[str, int] = {}
    html_count = int(top.cells[DESCRIPTION_FORMAT].strip() in ("", "0", "1")) * int(
        looks_like_html(top.cells[DESCRIPTION])
    )
    rule_dropped = 0
    config_ignored = 0
    for number, row in enumerate(every(rows, second_half, len(rows)), 1):
        cells = row.cells
        line = row.line
        idnumber = cells[IDNUMBER].strip()
        parent_row = by_idnumber.get(cells[PARENT].strip()) if cells[PARENT].strip() else None
        depth = depth_of[parent_row.item_id] + 1 if parent_row else 1
        depth_of[row.item_id] = depth
        text_format = _read_format(cells[DESCRIPTION_FORMAT], line, problems)
        description = _description(cells[DESCRIPTION], text_format)
        if text_format in (0, 1) and looks_like_html(cells[DESCRIPTION]):
            html_count += 1
        shortname = cells[SHORTNAME].strip()
        item_scale: list[dict[str, Any]] = []
        if cells[SCALE_VALUES].strip():
            item_scale = _read_scale(
                cells[SCALE_VALUES], cells[SCALE_CONFIGURATION], line, problems, notes
            )
        elif cells[SCALE_CONFIGURATION].strip():
            config_ignored += 1
        moodle: dict[str, Any] = {}
        export = cells[EXPORT_ID].strip()
        if export != str(number):
            moodle["exported_id"] = export
        rule_type = cells[RULE_TYPE].strip()
        if rule_type:
            if rule_type.lstrip("\\") not in RULE_TYPES:
                rule_dropped += 1
            else:
                moodle.update(_read_rule(row, rule_type.lstrip("\\"), rows, by_export, problems))
        term = taxonomies[depth - 1] if depth <= len(taxonomies) else ""
        fields = {
            "id": row.item_id,
            "code": idnumber,
            "identifier": idnumber,
            "statement": description or shortname,
            "abbreviated_statement": shortname,
            "type": term or "competency",
            "parent": parent_row.item_id if parent_row else None,
            "scale": item_scale,
        }
        if moodle:
            fields["extensions"] = {EXTENSION: moodle}
        try:
            items.append(Competency(**fields))
        except ValidationError as exc:
            where = {
                "code": _at(line, IDNUMBER),
                "identifier": _at(line, IDNUMBER),
                "abbreviated_statement": _at(line, SHORTNAME),
                "statement": _at(line, DESCRIPTION if description else SHORTNAME),
                "scale": _at(line, SCALE_VALUES),
            }
            problems.extend(relocate(problems_from(Competency, exc), where, _at(line)))

    related_notes: list[str] = []
    associations = _read_related(rows, by_idnumber, problems, related_notes)
    if problems:
        raise DocumentError(problems)

    if html_count:
        notes.append(
            f"{count_note(html_count, 'HTML description')} converted to plain text "
            f"(paragraphs, line breaks and lists kept)"
        )
    if rule_dropped:
        notes.append(
            f"{count_note(rule_dropped, 'competency', 'competencies')} had a rule type Moodle "
            f"does not know; the rule was left out (Moodle ignores it too)"
        )
    if config_ignored:
        notes.append(
            f"{count_note(config_ignored, 'competency row')} had a scale configuration but no "
            f"scale values; the configuration was ignored, as Moodle does"
        )
    notes.extend(related_notes)

    framework = _framework(
        top, framework_description, scale, taxonomies, items, associations, framework_id, notes
    )
    return ImportResult(framework=framework, notes=notes, format=FORMAT)


def _framework(
    top: _Row,
    description: str,
    scale: list[dict[str, Any]],
    taxonomies: list[str],
    items: list[Competency],
    associations: list[Association],
    framework_id: str | None,
    notes: list[str],
) -> Framework:
    cells = top.cells
    idnumber = cells[IDNUMBER].strip()
    title = one_line(cells[SHORTNAME]) or idnumber
    if title != cells[SHORTNAME].strip():
        notes.append(f"line {top.line}: the framework's short name was put on one line")
    if len(title) > 300:
        title = shorten_words(title, 300)
        notes.append(f"line {top.line}: the framework's short name was cut to 300 characters")
    extensions: dict[str, Any] = {}
    if taxonomies:
        extensions[EXTENSION] = {"taxonomies": taxonomies}
    fields = {
        "id": framework_id or framework_id_for(title, framework_id_for(idnumber)),
        "title": title,
        "identifier": idnumber,
        "description": description,
        "scale": scale,
        "items": items,
        "associations": associations,
        "extensions": extensions,
    }
    try:
        return Framework(**fields)
    except ValidationError as exc:
        where = {
            "scale": _at(top.line, SCALE_VALUES),
            "title": _at(top.line, SHORTNAME),
            "identifier": _at(top.line, IDNUMBER),
            "description": _at(top.line, DESCRIPTION),
        }
        raise DocumentError(
            [Problem(where.get(p.path, p.path), p.message) for p in problems_from(Framework, exc)]
        ) from None


def _too_long(line: int, column: int, value: str) -> Problem:
    return Problem(
        _at(line, column),
        f"{len(value)} characters; Moodle allows at most {MAX_IDNUMBER}",
    )


def _read_rule(
    row: _Row,
    rule_type: str,
    rows: list[_Row],
    by_export: dict[str, _Row],
    problems: list[Problem],
) -> dict[str, Any]:
    """A competency's completion rule, with configuration ids turned into item ids."""
    cells = row.cells
    line = row.line
    outcome_text = cells[RULE_OUTCOME].strip() or "0"
    outcome = _whole(outcome_text)
    if outcome is None or outcome not in RULE_OUTCOMES:
        listed = ", ".join(f"{code} {name}" for code, name in RULE_OUTCOMES.items())
        problems.append(
            Problem(
                _at(line, RULE_OUTCOME),
                f"'{shorten(outcome_text)}' is not a rule outcome ({listed})",
            )
        )
        return {}
    rule: dict[str, Any] = {"rule_type": rule_type, "rule_outcome": outcome}
    raw = cells[RULE_CONFIG].strip()
    where = _at(line, RULE_CONFIG)
    if rule_type == RULE_ALL:
        if raw not in ("", "null"):
            problems.append(
                Problem(
                    where,
                    "the rule 'all children are complete' takes no configuration; write null",
                )
            )
        return rule
    try:
        config = json.loads(raw) if raw else None
    except ValueError as exc:
        problems.append(Problem(where, f"not valid JSON ({exc.msg} at character {exc.pos + 1})"))
        return {}
    example = '{"base":{"points":2},"competencies":[{"id":12,"points":1,"required":0}, ...]}'
    if (
        not isinstance(config, dict)
        or not isinstance(config.get("base"), dict)
        or not isinstance(config.get("competencies"), list)
    ):
        problems.append(Problem(where, f"the points rule needs a configuration like {example}"))
        return {}
    required = _whole(config["base"].get("points"))
    if required is None or required < 1:
        problems.append(Problem(where, "the points required (base.points) must be 1 or more"))
        return {}
    entries: list[dict[str, Any]] = []
    total = 0
    seen: set[str] = set()
    before = len(problems)
    for number, entry in enumerate(config["competencies"], 1):
        ref = entry.get("id") if isinstance(entry, dict) else None
        key = str(ref).strip() if isinstance(ref, int | str) and not isinstance(ref, bool) else ""
        points = _whole(entry.get("points")) if isinstance(entry, dict) else None
        if not key or points is None or not isinstance(entry, dict) or "required" not in entry:
            problems.append(Problem(where, f"competency {number} needs an id, points and required"))
            continue
        target = by_export.get(key)
        if target is None:
            problems.append(
                Problem(
                    where,
                    f"competency {number} refers to exported id {key}, which no row has",
                )
            )
            continue
        if target is row:
            problems.append(Problem(where, f"competency {number} is the competency itself"))
            continue
        if target.cells[PARENT].strip() != row.cells[IDNUMBER].strip():
            problems.append(
                Problem(
                    where,
                    f"competency {number} (line {target.line}) is not a child of this competency",
                )
            )
            continue
        if key in seen:
            problems.append(Problem(where, f"competency {number} is listed twice"))
            continue
        if points < 0:
            problems.append(Problem(where, f"competency {number} has negative points"))
            continue
        seen.add(key)
        total += points
        entries.append(
            {"item": target.item_id, "points": points, "required": _php_truthy(entry["required"])}
        )
    if len(problems) > before:
        return {}
    if not entries:
        problems.append(Problem(where, "the points rule lists no competencies"))
        return {}
    if required > total:
        problems.append(
            Problem(
                where,
                f"{required} points are required, but the competencies give only {total}",
            )
        )
        return {}
    rule["rule_config"] = {"base": {"points": required}, "competencies": entries}
    return rule


def _read_related(
    rows: list[_Row], by_idnumber: dict[str, _Row], problems: list[Problem], notes: list[str]
) -> list[Association]:
    """One cross-reference association per pair of competencies, in order of first mention."""
    seen: set[tuple[str, str]] = set()
    out: list[Association] = []
    unknown: list[str] = []
    for row in rows:
        raw = row.cells[RELATED].strip()
        if not raw:
            continue
        for part in raw.split(","):
            idnumber = part.replace("%2C", ",").strip()
            if not idnumber:
                continue
            target = by_idnumber.get(idnumber)
            if target is None:
                unknown.append(f"'{shorten(idnumber)}' (line {row.line})")
                continue
            if target is row:
                continue
            pair = tuple(sorted((row.item_id, target.item_id)))
            if pair in seen:
                continue
            seen.add(pair)  # type: ignore[arg-type]
            out.append(
                Association(kind=CROSS_REFERENCE, origin=row.item_id, destination=target.item_id)
            )
    if unknown:
        shown = ", ".join(unknown[:5]) + (
            f" and {len(unknown) - 5} more" if len(unknown) > 5 else ""
        )
        notes.append(
            f"{count_note(len(unknown), 'cross-referenced id number')} not defined in the file "
            f"and left out, as Moodle does: {shown}"
        )
    return out


# --------------------------------------------------------------------------------------
# Writing
# --------------------------------------------------------------------------------------

_TAGLIKE = re.compile(r"<(?=[^\s])")


def moodle_text(value: str) -> str:
    """``value`` as Moodle's PARAM_TEXT cleaning leaves it: one line, no tag-like ``<``."""
    return _TAGLIKE.sub("< ", one_line(CONTROL_CHARACTERS.sub("", value)))


def _stable_idnumber(value: str) -> bool:
    return (
        bool(value)
        and len(value) <= MAX_IDNUMBER
        and value == value.strip()
        and moodle_text(value) == value
        and "%2C" not in value
    )


def _idnumber_key(value: str) -> str:
    """Moodle compares id numbers case-insensitively (MySQL collations) and numerically (PHP)."""
    key = value.strip().casefold()
    try:
        number = float(key)
    except ValueError:
        return key
    if math.isfinite(number) and re.fullmatch(r"[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?", key):
        return f"#{number!r}"
    return key


def _flags(levels: Sequence[ScaleLevel]) -> tuple[int, list[int]]:
    """The default value and the proficient values (1-based) Moodle needs for a scale."""
    default = next((i for i, level in enumerate(levels, 1) if level.default), 1)
    proficient = [i for i, level in enumerate(levels, 1) if level.proficient]
    if not proficient:  # the upper half of the scale
        proficient = list(range(len(levels) // 2 + 1, len(levels) + 1))
    return default, proficient


def _scale_cells(levels: Sequence[ScaleLevel]) -> tuple[str, str]:
    titles = [(one_line(level.title) or level.id).replace(",", ";") for level in levels]
    default, proficient = _flags(levels)
    config: list[dict[str, Any]] = [{"scaleid": "0"}]
    for position in range(1, len(levels) + 1):
        if position == default or position in proficient:
            config.append(
                {
                    "id": position,
                    "scaledefault": int(position == default),
                    "proficient": int(position in proficient),
                }
            )
    return ",".join(titles), json.dumps(config, separators=(",", ":"))


def _default_scale() -> list[ScaleLevel]:
    return [
        ScaleLevel(
            id=level_id,
            title=title,
            points=position,
            proficient=position == 2,
            default=position == 1,
        )
        for position, (level_id, title) in enumerate(
            zip(_level_ids(DEFAULT_SCALE), DEFAULT_SCALE, strict=True), 1
        )
    ]


def _taxonomies(framework: Framework, items: Sequence[Competency], depths: dict[str, int]) -> str:
    stored = framework.extensions.get(EXTENSION)
    if isinstance(stored, dict) and isinstance(stored.get("taxonomies"), list):
        terms = [
            t if t in TAXONOMY_TERMS else "" for t in stored["taxonomies"] if isinstance(t, str)
        ]
        return ",".join(terms[:MAX_LEVELS])
    deepest = max(depths.values(), default=0)
    terms = []
    for depth in range(1, deepest + 1):
        types = {item.type.strip().lower() for item in items if depths[item.id] == depth}
        term = types.pop() if len(types) == 1 else ""
        terms.append(term if term in TAXONOMY_TERMS else "competency")
    if all(term == "competency" for term in terms):
        return ""  # Moodle's default for every level
    return ",".join(terms)


def _shortname(item: Competency, fallback: str) -> str:
    abbreviated = item.abbreviated_statement
    if (
        abbreviated
        and moodle_text(abbreviated) == abbreviated
        and len(abbreviated) <= MAX_SHORTNAME
    ):
        return abbreviated
    text = moodle_text(abbreviated or item.statement.split("\n\n", 1)[0])
    return shorten_words(text, MAX_SHORTNAME) or fallback


def write_moodle_csv(framework: Framework) -> bytes:
    """``framework`` as a Moodle competency framework CSV that Moodle's importer accepts.

    Raises ``DocumentError`` when the framework is deeper than Moodle's 6 levels.
    """
    items = ordered_items(framework)
    depths = item_depths(items)
    too_deep = [
        Problem(
            f"items[{index}]",
            f"'{item.id}' is at level {depths[item.id]}; Moodle frameworks can be at most "
            f"{MAX_LEVELS} levels deep",
        )
        for index, item in enumerate(framework.items)
        if depths[item.id] > MAX_LEVELS
    ]
    if too_deep:
        raise DocumentError(too_deep)

    # Id numbers: the code (or identifier, or id), unique the way Moodle compares them.
    idnumbers: dict[str, str] = {}
    taken: set[str] = set()
    for item in items:
        candidates = [item.code.strip(), item.identifier.strip(), item.id]
        chosen = next(
            (c for c in candidates if _stable_idnumber(c) and _idnumber_key(c) not in taken), ""
        )
        if not chosen:
            number = 2
            while _idnumber_key(f"{item.id[:95]}-{number}") in taken:
                number += 1
            chosen = f"{item.id[:95]}-{number}"
        taken.add(_idnumber_key(chosen))
        idnumbers[item.id] = chosen

    # Exported ids: the stored ones, else the row's number (else the next free number).
    exported: dict[str, str] = {}
    used: set[str] = set()
    for item in items:
        stored = _moodle(item).get("exported_id")
        if isinstance(stored, str | int) and str(stored).strip() and str(stored) not in used:
            exported[item.id] = str(stored).strip()
            used.add(exported[item.id])
    counter = len(items)
    for number, item in enumerate(items, 1):
        if item.id in exported:
            continue
        value = str(number)
        while value in used:
            counter += 1
            value = str(counter)
        exported[item.id] = value
        used.add(value)

    related: dict[str, list[str]] = {}
    for association in framework.associations:
        if (
            association.kind in RELATED_KINDS
            and association.destination is not None
            and association.destination != association.origin
        ):
            for one, other in (
                (association.origin, association.destination),
                (association.destination, association.origin),
            ):
                listed = related.setdefault(one, [])
                if other not in listed:
                    listed.append(other)

    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(HEADERS)
    scale_values, scale_config = _scale_cells(framework.scale or _default_scale())
    framework_idnumber = next(
        (c for c in (framework.identifier.strip(), framework.id) if _stable_idnumber(c)),
        framework.id[:MAX_IDNUMBER],
    )
    writer.writerow(
        [
            "",
            framework_idnumber,
            shorten_words(moodle_text(framework.title), MAX_SHORTNAME) or framework_idnumber,
            framework.description,
            FORMAT_MARKDOWN,
            scale_values,
            scale_config,
            "",
            "",
            "",
            "",
            "",
            1,
            _taxonomies(framework, items, depths),
        ]
    )
    for item in items:
        idnumber = idnumbers[item.id]
        shortname = _shortname(item, idnumber)
        levels = item.scale or framework.scale
        description = item_text(item, levels)
        if description == shortname:
            description = ""
        values, config = _scale_cells(item.scale) if item.scale else ("", "")
        rule_type, rule_outcome, rule_config = _rule_cells(item, framework, exported)
        writer.writerow(
            [
                idnumbers[item.parent] if item.parent else "",
                idnumber,
                shortname,
                description,
                FORMAT_MARKDOWN,
                values,
                config,
                rule_type,
                rule_outcome,
                rule_config,
                ",".join(
                    idnumbers[other].replace(",", "%2C") for other in related.get(item.id, [])
                ),
                exported[item.id],
                "",
                "",
            ]
        )
    return out.getvalue().encode("utf-8")


def _moodle(item: Competency) -> dict[str, Any]:
    stored = item.extensions.get(EXTENSION)
    return stored if isinstance(stored, dict) else {}


def _rule_cells(
    item: Competency, framework: Framework, exported: dict[str, str]
) -> tuple[str, int, str]:
    """Rule type, outcome and configuration; a rule that no longer fits is left out."""
    stored = _moodle(item)
    rule_type = stored.get("rule_type")
    outcome = stored.get("rule_outcome", 0)
    if rule_type not in RULE_TYPES or outcome not in RULE_OUTCOMES or isinstance(outcome, bool):
        return "", 0, "null"
    if rule_type == RULE_ALL:
        return rule_type, outcome, "null"
    config = stored.get("rule_config")
    if not isinstance(config, dict) or not isinstance(config.get("competencies"), list):
        return "", 0, "null"
    base = config.get("base")
    required = _whole(base.get("points")) if isinstance(base, dict) else None
    children = {child.id for child in framework.children(item.id)}
    entries = []
    total = 0
    for entry in config["competencies"]:
        if not isinstance(entry, dict) or entry.get("item") not in children:
            continue
        points = _whole(entry.get("points"))
        if points is None or points < 0 or any(e["_item"] == entry["item"] for e in entries):
            continue
        total += points
        ref = exported[entry["item"]]
        entries.append(
            {
                "_item": entry["item"],
                "id": int(ref) if ref.isdigit() else ref,
                "points": points,
                "required": int(_php_truthy(entry.get("required"))),
            }
        )
    if required is None or required < 1 or not entries or required > total:
        return "", 0, "null"
    written = {
        "base": {"points": required},
        "competencies": [{k: v for k, v in e.items() if k != "_item"} for e in entries],
    }
    return rule_type, outcome, json.dumps(written, separators=(",", ":"))
