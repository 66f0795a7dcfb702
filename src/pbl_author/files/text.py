"""Read a document's text with limits: size, encoding, and a clear error for each."""

from __future__ import annotations

import codecs
import os
from pathlib import Path

from ..model.problems import DocumentError, Problem

#: Largest unit, framework or review file read, in bytes. Real units are tens of KB.
MAX_DOCUMENT_BYTES = 5 * 1024 * 1024


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f} MB"


def decode_document(data: bytes) -> str:
    """UTF-8 text of a document (a leading BOM is allowed), or a DocumentError."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise DocumentError(
            [Problem("", "the file is UTF-16 text; save it as UTF-8 and try again")]
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise DocumentError(
            [
                Problem(
                    "",
                    f"the file is not UTF-8 text (byte 0x{data[exc.start]:02X} on line {line}); "
                    "save it as UTF-8 and try again",
                )
            ]
        ) from None
    if "\x00" in text:
        raise DocumentError([Problem("", "the file contains NUL bytes; it is not a text file")])
    return text


def read_bytes(path: str | os.PathLike[str], limit: int = MAX_DOCUMENT_BYTES) -> bytes:
    """The bytes of the file at ``path``, or a DocumentError (too big, missing, unreadable)."""
    target = Path(path)
    try:
        size = target.stat().st_size
        if size > limit:
            raise DocumentError(
                [
                    Problem(
                        "",
                        f"the file is {_megabytes(size)}; pbl-author reads files up to "
                        f"{_megabytes(limit)}",
                    )
                ]
            )
        return target.read_bytes()
    except FileNotFoundError:
        raise DocumentError([Problem("", "no such file")]) from None
    except IsADirectoryError:
        raise DocumentError([Problem("", "this is a folder, not a file")]) from None
    except PermissionError:
        raise DocumentError([Problem("", "permission denied: cannot read this file")]) from None
    except OSError as exc:
        raise DocumentError([Problem("", f"cannot read this file: {exc.strerror}")]) from None


def read_document(path: str | os.PathLike[str], limit: int = MAX_DOCUMENT_BYTES) -> str:
    """The text of the file at ``path``, checked for size and encoding."""
    return decode_document(read_bytes(path, limit))
