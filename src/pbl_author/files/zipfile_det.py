"""Deterministic zip archives: the same entries give the same bytes, every time, everywhere.

Zip-based exports (the Common Cartridge, Word files) go through ``deterministic_zip`` so
that golden tests can compare them byte for byte: entries are sorted by name, every entry
carries the same timestamp (1980-01-01 00:00, the earliest a zip can store) and the same
permissions (a regular file, ``rw-r--r--``), and everything is deflated at one fixed level
with no extra fields and no archive comment.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Mapping

#: The timestamp of every entry: the zip epoch, so no clock and no time zone leaks in.
FIXED_DATE_TIME = (1980, 1, 1, 0, 0, 0)
#: A regular file with mode 0644, in the high 16 bits of ``external_attr`` (Unix).
FILE_ATTRIBUTES = (0o100644 & 0xFFFF) << 16
COMPRESS_LEVEL = 9


def _check_name(name: str) -> None:
    """Refuse names that would unpack outside the target folder or clash on some systems."""
    parts = name.split("/")
    if (
        not name
        or name.startswith("/")
        or "\\" in name
        or any(part in ("", ".", "..") for part in parts)
        or ":" in parts[0]
    ):
        raise ValueError(f"unsafe zip entry name {name!r}")


def deterministic_zip(entries: Mapping[str, bytes]) -> bytes:
    """A zip archive of ``entries`` (name -> content): sorted, fixed times and modes, deflated.

    Names are archive paths with ``/`` separators (``course_settings/rubrics.xml``); they
    must be relative and stay inside the archive.
    """
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name in sorted(entries):
            _check_name(name)
            info = zipfile.ZipInfo(name, date_time=FIXED_DATE_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 3  # Unix, so the mode below is read as a Unix mode
            info.external_attr = FILE_ATTRIBUTES
            archive.writestr(info, entries[name], compresslevel=COMPRESS_LEVEL)
    return buffer.getvalue()


def zip_entries(data: bytes) -> dict[str, bytes]:
    """Every file entry of the zip archive ``data``, name -> content (folders left out)."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {
            info.filename: archive.read(info) for info in archive.infolist() if not info.is_dir()
        }


def normalize_zip(data: bytes) -> bytes:
    """The zip archive ``data`` rewritten deterministically (e.g. a file python-docx saved)."""
    return deterministic_zip(zip_entries(data))


__all__ = ["FIXED_DATE_TIME", "deterministic_zip", "normalize_zip", "zip_entries"]
