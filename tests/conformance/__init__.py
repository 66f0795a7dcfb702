"""Conformance tests: pbl-author against real files kept beside the repository.

The files live in ``../shared/samples`` (see its SOURCES.md); they are reference data
that the project does not ship. A test that needs them skips when the folder is
missing on a developer's machine, and fails in CI (``CI=true``), where it must exist.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from ..conftest import SHARED

SAMPLES = SHARED / "samples"
CASE_SCHEMA = SAMPLES / "schemas" / "1edtech_case-v1p1-cfpackage-jsonschema.json"


def require(path: Path) -> Path:
    """``path``, or a skip (a failure in CI) when the shared samples are not there."""
    if path.exists():
        return path
    message = f"{path} is missing (the shared samples live in ../shared/samples)"
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(message, pytrace=False)
    pytest.skip(message)
