"""Schema versions: read any supported version, refuse newer ones with a clear message."""

from __future__ import annotations

from typing import Any

from .converters import CONVERTERS
from .problems import DocumentError, Problem
from .unit import SCHEMA_VERSION
from .validation import describe


def schema_version_of(data: Any, *, kind: str = "unit") -> int:
    """The ``schema_version`` of a document, or a DocumentError saying what is wrong."""
    if not isinstance(data, dict):
        raise DocumentError(
            [
                Problem(
                    "", f"a {kind} file must be a mapping of keys to values, found {describe(data)}"
                )
            ]
        )
    if "schema_version" not in data:
        raise DocumentError(
            [
                Problem(
                    "schema_version",
                    f"required field is missing; a {kind} file starts with "
                    f"'schema_version: {SCHEMA_VERSION}'",
                )
            ]
        )
    version = data["schema_version"]
    if isinstance(version, bool) or not isinstance(version, int):
        raise DocumentError(
            [Problem("schema_version", f"expected a whole number, found {describe(version)}")]
        )
    if version > SCHEMA_VERSION:
        raise DocumentError(
            [
                Problem(
                    "schema_version",
                    f"this file uses schema version {version}, but this pbl-author reads "
                    f"versions up to {SCHEMA_VERSION}; upgrade pbl-author "
                    "(pip install --upgrade pbl-author) to open it",
                )
            ]
        )
    if version < min(CONVERTERS, default=SCHEMA_VERSION):
        raise DocumentError(
            [Problem("schema_version", f"schema version {version} is not a known version")]
        )
    return version


def upgrade_data(data: dict[str, Any]) -> tuple[dict[str, Any], int]:
    """Run the converter chain up to the current version.

    Returns the upgraded data and the version it started from.
    """
    start = schema_version_of(data)
    current = data
    for version in range(start, SCHEMA_VERSION):
        try:
            current = CONVERTERS[version](current)
        except Exception as exc:  # a converter meeting data it cannot read
            raise DocumentError(
                [
                    Problem(
                        "",
                        f"could not upgrade from schema version {version} to {version + 1}: "
                        f"{exc.__class__.__name__}: {exc}",
                    )
                ]
            ) from None
    return current, start
