"""What Canvas's outcomes importer requires of a CSV, checked on its own.

Written from Canvas's sources, not from our exporter. Each rule names where it
comes from (instructure/canvas-lms):

- ``lib/outcomes/csv_importer.rb`` (``CSVImporter``): the header is mandatory
  and its names, up to a ``ratings`` column, must be from REQUIRED_FIELDS
  (title, vendor_guid, object_type; older versions also parent_guids) and
  OPTIONAL_FIELDS (canvas_id, course_id, description, friendly_description,
  display_name, parent_guids, calculation_method, calculation_int,
  mastery_points, workflow_state); nothing may be named after ``ratings``
  ("Invalid fields after ratings"); older versions do not strip a byte order
  mark, so it must not be there; the separator is ';' when the header has more
  ';' than ','; "File has no outcomes data"; every value must be UTF-8; rating
  tiers are (points, description) pairs after the named columns, trailing
  blanks dropped, each with points (older versions: ``Integer()``, so whole
  numbers only), never more points than the tier before; friendly_description
  at most 255 characters.
- ``lib/outcomes/import.rb`` (``Outcomes::Import``): vendor_guid and title are
  required, vendor_guid has no white space; workflow_state is blank, "active" or
  "deleted"; object_type is "outcome" or "group"; a group has no
  calculation_method, calculation_int or ratings and only one parent; parents
  are groups that appeared earlier in the same import; a group or outcome may
  appear only once.
- ``app/models/learning_outcome.rb`` and ``app/models/outcome_calculation_method.rb``:
  calculation methods and the calculation_int range each takes; title
  (short_description), vendor_guid and display_name at most 255 characters.
- ``doc/api/outcomes_csv.md``: mastery_points blank for groups; ratings are the
  final columns.
"""

from __future__ import annotations

import csv
import io
import re

REQUIRED = ["vendor_guid", "object_type", "title", "parent_guids"]
OPTIONAL = {
    "canvas_id",
    "course_id",
    "description",
    "friendly_description",
    "display_name",
    "calculation_method",
    "calculation_int",
    "mastery_points",
    "workflow_state",
}
METHODS: dict[str, tuple[int, int] | None] = {
    "decaying_average": (1, 99),
    "weighted_average": (1, 99),
    "standard_decaying_average": (50, 99),
    "n_mastery": (1, 10),
    "highest": None,
    "latest": None,
    "average": None,
}
LIMIT = 255


def canvas_violations(data: bytes) -> list[str]:
    """Every way ``data`` breaks a rule of Canvas's outcomes CSV import."""
    out: list[str] = []
    if data.startswith(b"\xef\xbb\xbf"):
        out.append("the file starts with a byte order mark")
    if b"\r" in data:
        out.append("the file has CR line ends (we promise LF)")
    try:
        text = data.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError:
        return [*out, "the file is not UTF-8"]
    first = text.split("\n", 1)[0]
    if first.count(";") > first.count(","):
        out.append("the header has more ';' than ',' (Canvas would split on ';')")
    rows = list(csv.reader(io.StringIO(text, newline="")))
    if not rows:
        return [*out, "the file has no header"]
    header, body = rows[0], [row for row in rows[1:] if any(cell.strip() for cell in row)]
    if "ratings" not in header:
        out.append("no 'ratings' column (we promise one, last)")
        end = len(header)
    else:
        end = header.index("ratings")
        if any(name for name in header[end + 1 :]):
            out.append(f"fields after ratings: {header[end + 1 :]}")
    names = header[:end]
    for name in REQUIRED:
        if name not in names:
            out.append(f"missing required field {name!r}")
    for name in names:
        if name not in OPTIONAL and name not in REQUIRED:
            out.append(f"invalid field {name!r}")
    if len(set(names)) != len(names):
        out.append(f"repeated fields in {names}")
    if not body:
        return [*out, "no outcomes data"]

    kinds: dict[str, str] = {}
    for number, row in enumerate(body, 2):
        where = f"row {number}"
        if len(row) != len(header):
            out.append(f"{where}: {len(row)} cells for {len(header)} header columns")
        value = dict(zip(names, row + [""] * len(names), strict=False))
        guid, title = value.get("vendor_guid", ""), value.get("title", "")
        kind = value.get("object_type", "")
        if not guid:
            out.append(f"{where}: vendor_guid is required")
        elif re.search(r"\s", guid):
            out.append(f"{where}: vendor_guid {guid!r} has white space")
        elif guid in kinds:
            out.append(f"{where}: vendor_guid {guid!r} has already appeared")
        if len(guid) > LIMIT:
            out.append(f"{where}: vendor_guid longer than {LIMIT}")
        if not title.strip():
            out.append(f"{where}: title is required")
        if len(title) > LIMIT or len(value.get("display_name", "")) > LIMIT:
            out.append(f"{where}: title or display_name longer than {LIMIT}")
        if len(value.get("friendly_description", "")) > LIMIT:
            out.append(f"{where}: friendly_description longer than {LIMIT}")
        if kind not in ("outcome", "group"):
            out.append(f"{where}: object_type {kind!r} is not outcome or group")
        if value.get("workflow_state", "") not in ("", "active", "deleted"):
            out.append(f"{where}: workflow_state {value['workflow_state']!r}")
        ratings = row[end:]
        while ratings and not ratings[-1]:
            ratings.pop()
        parents = value.get("parent_guids", "").split()
        for parent in parents:
            if kinds.get(parent) != "group":
                out.append(f"{where}: parent {parent!r} is not a group on an earlier row")
        method = value.get("calculation_method", "")
        number_text = value.get("calculation_int", "")
        mastery = value.get("mastery_points", "")
        if kind == "group":
            if method or number_text or ratings or mastery:
                out.append(f"{where}: a group with calculation, mastery points or ratings")
            if len(parents) > 1:
                out.append(f"{where}: a group with more than one parent")
        else:
            if method and method not in METHODS:
                out.append(f"{where}: calculation_method {method!r}")
            if number_text:
                if not re.fullmatch(r"\d+", number_text):
                    out.append(f"{where}: calculation_int {number_text!r} is not whole")
                else:
                    allowed = METHODS.get(method or "decaying_average")
                    if allowed is None or not allowed[0] <= int(number_text) <= allowed[1]:
                        out.append(f"{where}: calculation_int {number_text} for {method!r}")
            if mastery and not re.fullmatch(r"\d+(\.\d+)?", mastery):
                out.append(f"{where}: mastery_points {mastery!r} is not a number")
            prior = None
            for index in range(0, len(ratings), 2):
                points = ratings[index]
                if not re.fullmatch(r"-?\d+", points):
                    out.append(f"{where}: rating points {points!r} are not a whole number")
                    continue
                if prior is not None and int(points) > prior:
                    out.append(f"{where}: rating points go up ({prior} then {points})")
                prior = int(points)
        if guid:
            kinds.setdefault(guid, kind)
    return out
