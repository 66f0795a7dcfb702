"""What Canvas's rubric CSV importer requires of a file, checked on its own.

Written from Canvas's sources, not from our exporter (instructure/canvas-lms):

- ``lib/rubric_csv_importer.rb`` (``RubricCSVImporter``): the file is read with Ruby's
  ``CSV.foreach(path, col_sep: ",", headers: true)``, so the first line is the header
  and cells are looked up by exact header name: "Rubric Name", "Criteria Name",
  "Criteria Description", "Criteria Enable Range". Rating columns are found in the
  header by case-insensitive substring ("rating name", "rating description", "rating
  points") and paired by their order, so they must come as repeating (name,
  description, points) triples. A rating is read only when its name cell is present;
  its points cell then goes through ``.tr(",", ".").to_f.round(2)``: a missing points
  cell stops the import, a non-number silently becomes 0, more than two decimals are
  rounded. "Criteria Enable Range" is true when "true" or "1", false otherwise.
- ``app/models/rubric_import.rb`` (``RubricImport#process_rubrics``): rows are grouped
  by rubric name; "The file is empty or does not contain valid rubric data." when no
  row is read; "Missing 'Rubric Name' in some rows." (blank, which includes a blank
  line); "Missing 'Criteria Name' for ..."; "Missing ratings for ...". The upload
  template (``RubricImport.template_file``) is the column layout used here.
- ``spec/models/rubric_import_spec.rb``: the same errors on small files, rows with
  different numbers of ratings in one file, "invalid csv" failing.
- ``app/models/rubric.rb`` (``Rubric``): the title is at most ``maximum_string_length``
  (255) characters; ``generate_criteria`` sorts each criterion's ratings by points,
  highest first, then by name.
- Ruby's CSV parser (strict by default): a quote inside an unquoted field, an unclosed
  quote or text after a closing quote is a ``MalformedCSVError`` ("The file is not a
  valid CSV file."); the row separator is taken from the first line; a byte order mark
  is not stripped (it would become part of "Rubric Name").

Our own promises, on top: UTF-8 without a byte order mark, LF line ends, no row longer
than the header, each rubric's rows in Canvas's rating order.
"""

from __future__ import annotations

import re

FIXED = ["Rubric Name", "Criteria Name", "Criteria Description", "Criteria Enable Range"]
TRIPLE = ("rating name", "rating description", "rating points")
NUMBER = re.compile(r"^-?[0-9]+(?:\.[0-9]+)?$")
MAX_TITLE = 255


class MalformedCSV(ValueError):
    pass


def strict_csv_rows(text: str) -> list[list[str] | None]:
    """Rows of ``text`` as Ruby's strict CSV parser reads them (``None`` for a blank line).

    Separator ",", quote '"', rows end with LF; raises ``MalformedCSV`` where Ruby
    raises ``MalformedCSVError``.
    """
    rows: list[list[str] | None] = []
    row: list[str] = []
    field: list[str] = []
    index, size = 0, len(text)
    quoted = False  # the current field started with a quote
    at_start = True  # nothing read yet in the current field
    line = 1
    while index < size:
        char = text[index]
        if quoted:
            if char == '"':
                if index + 1 < size and text[index + 1] == '"':
                    field.append('"')
                    index += 2
                    continue
                quoted = False
                index += 1
                if index < size and text[index] not in ",\n":
                    raise MalformedCSV(f"line {line}: text after a closing quote")
                continue
            if char == "\n":
                line += 1
            field.append(char)
            index += 1
            continue
        if char == '"':
            if not at_start:
                raise MalformedCSV(f"line {line}: a quote inside an unquoted field")
            quoted, at_start = True, False
            index += 1
            continue
        if char == "\r":
            raise MalformedCSV(f"line {line}: a carriage return in an unquoted field")
        if char == ",":
            row.append("".join(field))
            field, at_start = [], True
            index += 1
            continue
        if char == "\n":
            if at_start and not row:
                rows.append(None)
            else:
                row.append("".join(field))
                rows.append(row)
            row, field, at_start = [], [], True
            line += 1
            index += 1
            continue
        field.append(char)
        at_start = False
        index += 1
    if quoted:
        raise MalformedCSV(f"line {line}: a quoted field is never closed")
    if row or field or not at_start:
        row.append("".join(field))
        rows.append(row)
    return rows


def _ruby_float(value: str) -> float:
    return float(value.replace(",", "."))


def canvas_rubric_violations(data: bytes) -> list[str]:
    """Every way ``data`` breaks a rule of Canvas's rubric CSV import (empty: none)."""
    out: list[str] = []
    if data.startswith(b"\xef\xbb\xbf"):
        out.append("the file starts with a byte order mark (it would hide 'Rubric Name')")
    if b"\r" in data:
        out.append("the file has CR line ends (we promise LF)")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return [*out, "the file is not UTF-8"]
    try:
        rows = strict_csv_rows(text.removeprefix("\ufeff"))
    except MalformedCSV as exc:
        return [*out, f"Ruby's CSV parser would refuse the file: {exc}"]
    if not rows or rows[0] is None:
        return [*out, "the file has no header"]
    header = rows[0]
    if header[: len(FIXED)] != FIXED:
        out.append(f"the header must start with {FIXED}, not {header[: len(FIXED)]}")
    ratings = header[len(FIXED) :]
    if not ratings or len(ratings) % 3:
        out.append("after the fixed columns the header needs (name, description, points) triples")
    for index, name in enumerate(ratings):
        expected = TRIPLE[index % 3]
        if expected not in name.lower() or any(
            other in name.lower() for other in TRIPLE if other != expected
        ):
            out.append(
                f"header column {len(FIXED) + index + 1} ({name!r}) should be a '{expected}'"
            )
    body = rows[1:]
    if not any(row is not None for row in body):
        out.append("The file is empty or does not contain valid rubric data.")
    for number, row in enumerate(body, start=2):
        if row is None:
            out.append(f"line {number}: a blank line (Canvas: Missing 'Rubric Name' in some rows.)")
            continue
        if len(row) > len(header):
            out.append(f"line {number}: {len(row)} cells but the header has {len(header)}")
        cells = row + [""] * (len(header) - len(row))
        rubric, criterion, _, enable = cells[:4]
        if not rubric.strip():
            out.append(f"line {number}: Missing 'Rubric Name' in some rows.")
        elif len(rubric) > MAX_TITLE:
            out.append(f"line {number}: rubric name longer than {MAX_TITLE} characters")
        if not criterion.strip():
            out.append(f"line {number}: Missing 'Criteria Name' for {rubric}")
        if enable.lower() not in ("true", "false", "1", "0"):
            out.append(f"line {number}: Criteria Enable Range {enable!r} is not true or false")
        read: list[tuple[str, float]] = []
        for start in range(len(FIXED), len(header) - 2, 3):
            name, description, points = cells[start : start + 3]
            if not name:
                if description or points:
                    out.append(f"line {number}: a rating without a name is dropped by Canvas")
                continue
            if not name.strip():
                out.append(f"line {number}: a rating with a blank name")
            if not points:
                out.append(f"line {number}: rating {name!r} has no points (the import fails)")
                continue
            if not NUMBER.match(points.replace(",", ".")):
                out.append(f"line {number}: rating {name!r} points {points!r} is not a number")
                continue
            value = _ruby_float(points)
            if round(value, 2) != value:
                out.append(f"line {number}: rating {name!r} points {points!r} has >2 decimals")
            read.append((name, value))
        if not read:
            out.append(f"line {number}: Missing ratings for {criterion}")
        canvas_order = sorted(read, key=lambda rating: (-rating[1], rating[0]))
        if read != canvas_order:
            out.append(f"line {number}: ratings are not in Canvas's order (points, highest first)")
    return out


def canvas_rubrics(data: bytes) -> dict[str, list[dict]]:
    """The rubrics Canvas would create: name -> criteria (name, description, ratings)."""
    rows = strict_csv_rows(data.decode("utf-8"))
    header = rows[0] or []
    rubrics: dict[str, list[dict]] = {}
    for row in rows[1:]:
        if row is None:
            continue
        cells = row + [""] * (len(header) - len(row))
        ratings = []
        for start in range(len(FIXED), len(header) - 2, 3):
            name, description, points = cells[start : start + 3]
            if name:
                ratings.append(
                    {"name": name, "description": description, "points": _ruby_float(points)}
                )
        rubrics.setdefault(cells[0], []).append(
            {"name": cells[1], "description": cells[2], "ratings": ratings}
        )
    return rubrics
