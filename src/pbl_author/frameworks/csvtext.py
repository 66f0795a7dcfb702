"""Reading CSV files that people save from spreadsheets and LMSs.

UTF-8 with an optional byte order mark, records with the line they start on,
quoted fields spanning lines, and a clear error for a quote that never closes.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence

from ..model.problems import DocumentError, Problem

BOM = "\ufeff"


def decode_csv(data: bytes, notes: list[str], what: str) -> str:
    """``data`` as text: UTF-8, a byte order mark tolerated (and noted)."""
    if isinstance(data, str):  # be forgiving with callers that already decoded
        text = data
    else:
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            line = data[: exc.start].count(b"\n") + 1
            byte = data[exc.start]
            raise DocumentError(
                [
                    Problem(
                        f"line {line}",
                        f"the file is not UTF-8 text (byte 0x{byte:02X}); save it as "
                        f"'CSV UTF-8' and import it again",
                    )
                ]
            ) from None
    if text.startswith(BOM):
        text = text[1:]
        notes.append("the file starts with a UTF-8 byte order mark; it was ignored")
    if not text.strip():
        raise DocumentError([Problem("", f"the file is empty: {what}")])
    return text


class _CsvError(Exception):
    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line = line


def _parse(text: str, delimiter: str, strict: bool) -> list[tuple[int, list[str]]]:
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=strict)
    records: list[tuple[int, list[str]]] = []
    start = 1
    try:
        for row in reader:
            records.append((start, row))
            start = reader.line_num + 1
    except csv.Error as exc:
        raise _CsvError(start, str(exc)) from None
    return records


def csv_records(text: str, delimiter: str = ",") -> list[tuple[int, list[str]]]:
    """Every record of ``text`` with the line it starts on (quoted fields may span lines).

    Quoting is read leniently (``"a"b`` is ``ab``, as spreadsheets and PHP read it),
    but a quoted field that never closes is an error: it would swallow the rest of
    the file.
    """
    try:
        return _parse(text, delimiter, strict=True)
    except _CsvError as exc:
        line = exc.line
        if "unexpected end of data" in str(exc):
            message = (
                'a quoted field starts on this line and is never closed (a closing " is missing)'
            )
            raise DocumentError([Problem(f"line {line}", message)]) from None
        if "NUL" in str(exc):
            message = "the line contains a NUL character; this is not a text CSV file"
            raise DocumentError([Problem(f"line {line}", message)]) from None
    try:
        return _parse(text, delimiter, strict=False)
    except _CsvError as exc:
        raise DocumentError([Problem(f"line {exc.line}", str(exc))]) from None


def is_blank(row: Sequence[str]) -> bool:
    return all(not cell.strip() for cell in row)
