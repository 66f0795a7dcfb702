"""Golden files: every sample unit x every export format, byte-identical to files in git.

Regenerate on purpose with `make golden` (PBL_REGEN_GOLDEN=1), then review the diff.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from pbl_author.formats.registry import EXPORTS, export_unit
from pbl_author.formats.unitfile import load_unit

from ..conftest import sample_unit_paths
from ..golden_files import check_golden

GOLDEN = Path(__file__).resolve().parent.parent / "golden" / "exports"
UNITS = {path.name.removesuffix(".unit.yaml"): load_unit(path) for path in sample_unit_paths()}


@pytest.mark.parametrize("name", list(EXPORTS))
@pytest.mark.parametrize("unit_id", list(UNITS))
def test_export_matches_its_golden_file(unit_id, name):
    unit = UNITS[unit_id]
    data = export_unit(unit, name)
    check_golden(GOLDEN / unit.id / EXPORTS[name].file_name(unit), data)
    assert export_unit(unit, name) == data  # the same unit, the same bytes


def test_no_word_file_carries_python_docx_sample_thumbnail():
    import zipfile

    documents = sorted(GOLDEN.rglob("*.docx"))
    assert documents
    for path in documents:
        assert "docProps/thumbnail.jpeg" not in zipfile.ZipFile(path).namelist(), path
