"""What Moodle's competency framework importer requires of a CSV, checked on its own.

Written from Moodle's sources, not from our exporter, so an exporter bug cannot
hide behind a shared helper. Each rule names where it comes from:

- ``lib/csvlib.class.php`` ``csv_import_reader::load_csv_content``: the file is
  not empty, every line has as many columns as the header ("csvweirdcolumns"),
  so no blank lines either; a UTF-8 byte order mark is stripped.
- ``admin/tool/lpimportcsv/classes/framework_importer.php``: 14 columns read by
  position; a row is the framework when "Is framework" is PHP-true (not "" or
  "0") and the last one wins, so there must be exactly one (we also want it
  first); a competency without id number or short name is skipped with all its
  children; parents are found by id number (``add_children``); id numbers and
  short names are cut to 100 characters (``shorten_text``) after
  ``clean_param(PARAM_TEXT)``; scale configuration JSON must start with an
  object (``$asarray[0]->scaleid``); cross-references are split on commas with
  ``%2C`` standing for a comma inside an id number (``set_related``); rule
  configurations are migrated through the exported ids (``migrate_config``).
- ``admin/tool/lpimportcsv/classes/framework_exporter.php`` and
  ``lang/en/tool_lpimportcsv.php``: the current header labels.
- ``competency/classes/competency_framework.php``: ``descriptionformat`` in
  FORMAT_MOODLE/HTML/PLAIN/MARKDOWN (0, 1, 2, 4); ``validate_scaleconfiguration``
  (a default and a proficient value; exactly one default, as
  ``get_default_grade_from_scale_configuration`` takes the first); taxonomy
  terms from ``get_taxonomies_list``, at most ``get_taxonomies_max_level`` (6);
  ``idnumber`` unique (a varchar(100) with a case-insensitive collation on
  MySQL), ``taxonomies`` varchar(255).
- ``competency/classes/competency.php``: ``ruleoutcome`` in 0-3,
  ``validate_ruletype`` (one of ``get_available_rules``), ``validate_path``
  (at most 6 levels), the same scale configuration rules, ``idnumber`` unique
  in the framework (PHP compares numeric strings as numbers: "1" == "1.0").
- ``competency/classes/competency_rule_all.php``: no configuration (null).
- ``competency/classes/competency_rule_points.php`` ``validate_config``:
  ``base.points`` >= 1, competencies with id, points >= 0 and required, not
  itself, no duplicates, all direct children, points enough to reach the total.
"""

from __future__ import annotations

import csv
import io
import json
import re

COLUMNS = 14
CURRENT_HEADERS = [
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
]
TAXONOMIES = {
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
}
FORMATS = {"0", "1", "2", "4"}
RULES = {"core_competency\\competency_rule_all", "core_competency\\competency_rule_points"}
MAX_LEVELS = 6
LIMIT = 100


def _php_true(value: object) -> bool:
    return value not in (None, False, 0, 0.0, "", "0", [], {})


def _param_text_changes(value: str) -> bool:
    """Would ``clean_param(PARAM_TEXT)`` change ``value``? (tags stripped, controls dropped)"""
    return bool(re.search(r"<\S", value) or re.search(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]", value))


def _id_key(value: str) -> str:
    key = value.strip().lower()
    if re.fullmatch(r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?", key):
        return "#" + repr(float(key))
    return key


def _int(value: object) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and re.fullmatch(r"-?\d+", value.strip()):
        return int(value)
    return None


def _check_scale(values: str, config: str, where: str, out: list[str]) -> None:
    items = values.split(",")
    if any(not item.strip() for item in items):
        out.append(f"{where}: empty scale value in {values!r}")
    try:
        parsed = json.loads(config)
    except ValueError:
        out.append(f"{where}: scale configuration is not JSON: {config!r}")
        return
    if not isinstance(parsed, list) or not parsed or not isinstance(parsed[0], dict):
        out.append(f"{where}: scale configuration must be a list starting with an object")
        return
    if "scaleid" not in parsed[0]:
        out.append(f"{where}: scale configuration's first entry has no scaleid")
    defaults = 0
    proficient = 0
    for entry in parsed[1:]:
        if not isinstance(entry, dict):
            out.append(f"{where}: scale configuration entry is not an object: {entry!r}")
            continue
        position = _int(entry.get("id"))
        if position is None or not 1 <= position <= len(items):
            out.append(f"{where}: scale configuration id {entry.get('id')!r} is not a value")
        if "scaledefault" not in entry or "proficient" not in entry:
            out.append(f"{where}: scale configuration entry lacks scaledefault/proficient")
        defaults += _php_true(entry.get("scaledefault"))
        proficient += _php_true(entry.get("proficient"))
    if defaults != 1:
        out.append(f"{where}: {defaults} default scale values (exactly one is needed)")
    if proficient < 1:
        out.append(f"{where}: no proficient scale value")


def moodle_violations(data: bytes) -> list[str]:
    """Every way ``data`` breaks a rule of Moodle's competency framework import."""
    out: list[str] = []
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return ["the file is not UTF-8"]
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n").strip()
    if not text:
        return ["the file is empty"]
    rows = list(csv.reader(io.StringIO(text, newline="")))
    header, body = rows[0], rows[1:]
    if len(header) != COLUMNS:
        return [f"header has {len(header)} columns, not {COLUMNS}"]
    if header != CURRENT_HEADERS:
        out.append(f"header labels are not Moodle's current ones: {header}")
    for number, row in enumerate(body, 2):
        if len(row) != COLUMNS:
            out.append(f"row {number} has {len(row)} columns, not {COLUMNS}")
    if any(len(row) != COLUMNS for row in body):
        return out
    if not body:
        return [*out, "no framework row"]

    framework_rows = [number for number, row in enumerate(body, 2) if _php_true(row[12])]
    if len(framework_rows) != 1:
        out.append(f"{len(framework_rows)} framework rows (exactly one is needed)")
    if not _php_true(body[0][12]):
        out.append("the first row after the header is not the framework row")
    top = body[0]
    if not top[1].strip() or len(top[1]) > LIMIT or _param_text_changes(top[1]):
        out.append(f"framework id number {top[1]!r} is empty, too long or not plain text")
    if not top[2].strip() or len(top[2]) > LIMIT or _param_text_changes(top[2]):
        out.append(f"framework short name {top[2]!r} is empty, too long or not plain text")
    if top[4] not in FORMATS:
        out.append(f"framework description format {top[4]!r} is not 0, 1, 2 or 4")
    if not top[5].strip():
        out.append("the framework row has no scale values")
    else:
        _check_scale(top[5], top[6], "framework row", out)
    terms = top[13].split(",") if top[13] else []
    if len(terms) > MAX_LEVELS or len(top[13]) > 255:
        out.append(f"taxonomy {top[13]!r} has more than {MAX_LEVELS} terms or 255 characters")
    for term in terms:
        if term and term not in TAXONOMIES:
            out.append(f"taxonomy term {term!r} is not Moodle's")
    for column in (0, 7, 8, 9, 10, 11):
        if top[column]:
            out.append(f"the framework row has a value in column {column + 1}: {top[column]!r}")

    competencies = body[1:]
    seen: dict[str, int] = {}
    keys: set[str] = set()
    exported: dict[str, int] = {}
    levels: dict[str, int] = {}
    parent_of: dict[str, str] = {}
    for number, row in enumerate(competencies, 3):
        idnumber, shortname = row[1], row[2]
        where = f"row {number}"
        if _php_true(row[12]) or row[13]:
            out.append(f"{where}: a competency row with 'Is framework' or 'Taxonomy' set")
        if not idnumber:
            out.append(f"{where}: empty id number")
        elif len(idnumber) > LIMIT or _param_text_changes(idnumber) or idnumber != idnumber.strip():
            out.append(f"{where}: id number {idnumber!r} is too long or not plain text")
        elif "%2C" in idnumber:
            out.append(f"{where}: id number {idnumber!r} contains %2C")
        if _id_key(idnumber) in keys:
            out.append(f"{where}: id number {idnumber!r} is not unique (as Moodle compares)")
        keys.add(_id_key(idnumber))
        seen.setdefault(idnumber, number)
        if not shortname.strip():
            out.append(f"{where}: empty short name")
        elif len(shortname) > LIMIT or _param_text_changes(shortname) or "\n" in shortname:
            out.append(f"{where}: short name {shortname!r} is too long or not plain text")
        parent = row[0]
        if parent:
            if parent not in seen or seen[parent] >= number:
                out.append(f"{where}: parent {parent!r} is not an earlier competency")
            levels[idnumber] = levels.get(parent, 0) + 1
            parent_of[idnumber] = parent
        else:
            levels[idnumber] = 1
        if levels[idnumber] > MAX_LEVELS:
            out.append(f"{where}: level {levels[idnumber]} is deeper than {MAX_LEVELS}")
        if row[4] not in FORMATS:
            out.append(f"{where}: description format {row[4]!r} is not 0, 1, 2 or 4")
        if row[5]:
            _check_scale(row[5], row[6], where, out)
        elif row[6]:
            out.append(f"{where}: a scale configuration without scale values")
        if row[11]:
            if row[11] in exported:
                out.append(f"{where}: exported id {row[11]!r} is not unique")
            exported[row[11]] = number

    rows_by_id = {row[1]: row for row in competencies}
    number_by_export = {row[11]: row[1] for row in competencies if row[11]}
    for number, row in enumerate(competencies, 3):
        where = f"row {number}"
        if row[10]:
            for raw in row[10].split(","):
                related = raw.replace("%2C", ",")
                if related not in rows_by_id:
                    out.append(f"{where}: cross-referenced id number {related!r} does not exist")
                elif related == row[1]:
                    out.append(f"{where}: a competency cross-referenced to itself")
        rule_type, outcome, config = row[7], row[8], row[9]
        if not rule_type:
            if config not in ("", "null"):
                out.append(f"{where}: a rule configuration without a rule type")
            if outcome not in ("", "0"):
                out.append(f"{where}: a rule outcome without a rule type")
            continue
        if rule_type not in RULES:
            out.append(f"{where}: rule type {rule_type!r} is not one of Moodle's rules")
            continue
        if outcome not in ("0", "1", "2", "3"):
            out.append(f"{where}: rule outcome {outcome!r} is not 0, 1, 2 or 3")
        if rule_type.endswith("rule_all"):
            if config != "null":
                out.append(f"{where}: the 'all' rule takes null as its configuration")
            continue
        try:
            parsed = json.loads(config)
        except ValueError:
            out.append(f"{where}: rule configuration is not JSON")
            continue
        base = parsed.get("base") if isinstance(parsed, dict) else None
        entries = parsed.get("competencies") if isinstance(parsed, dict) else None
        required = _int(base.get("points")) if isinstance(base, dict) else None
        if required is None or required < 1 or not isinstance(entries, list) or not entries:
            out.append(f"{where}: points rule needs base.points >= 1 and competencies")
            continue
        total = 0
        ids: set[str] = set()
        for entry in entries:
            if not isinstance(entry, dict) or not {"id", "points", "required"} <= set(entry):
                out.append(f"{where}: points rule entry {entry!r} lacks id/points/required")
                continue
            ref = str(entry["id"])
            target = number_by_export.get(ref)
            points = _int(entry["points"])
            if target is None:
                out.append(f"{where}: points rule refers to unknown exported id {ref}")
            elif target == row[1]:
                out.append(f"{where}: points rule includes the competency itself")
            elif parent_of.get(target) != row[1]:
                out.append(f"{where}: points rule includes {target!r}, not a direct child")
            if ref in ids:
                out.append(f"{where}: points rule lists {ref} twice")
            ids.add(ref)
            if points is None or points < 0:
                out.append(f"{where}: points rule entry has bad points {entry['points']!r}")
            else:
                total += points
            if entry["required"] not in (0, 1, True, False, "0", "1"):
                out.append(f"{where}: points rule 'required' is not a boolean")
        if required > total:
            out.append(f"{where}: points rule needs {required} points but offers {total}")
    return out
