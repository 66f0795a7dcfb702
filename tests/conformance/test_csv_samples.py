"""Conformance: every real Moodle and Canvas outcomes CSV in ../shared/samples imports.

Each one also exports back to a file that passes the importer rules of its
system (``tests/frameworks/moodle_rules.py``, ``canvas_rules.py``) and reads
back as the same framework. The tier is skipped when ``../shared/samples`` is
absent, except under CI (``CI=true``), where a missing corpus fails.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from pbl_author.frameworks.canvas_csv import read_canvas_csv, write_canvas_csv
from pbl_author.frameworks.moodle_csv import read_moodle_csv, write_moodle_csv
from pbl_author.model.problems import DocumentError

from ..frameworks.canvas_rules import canvas_violations
from ..frameworks.moodle_rules import moodle_violations

SAMPLES = Path(__file__).resolve().parents[3] / "shared" / "samples"
HTML_NOTE = "{} converted to plain text (paragraphs, line breaks and lists kept)"


def _kind(path: Path) -> str:
    first = path.read_bytes().decode("utf-8", "replace").lstrip("\ufeff").splitlines()[0].lower()
    if "is framework" in first:
        return "moodle"
    if "vendor_guid" in first:
        return "canvas"
    if "rubric name" in first:
        return "rubric"
    return "other"


def _csvs() -> list[Path]:
    return sorted(SAMPLES.rglob("*.csv")) if SAMPLES.is_dir() else []


MOODLE = [path for path in _csvs() if _kind(path) == "moodle"]
CANVAS = [path for path in _csvs() if _kind(path) == "canvas"]
RUBRICS = [path for path in _csvs() if _kind(path) == "rubric"]

#: What we know about the samples listed in SOURCES.md: (items, associations, notes).
KNOWN = {
    "moodle_tool_lpimportcsv_example_oecd.csv": (
        64,
        39,
        [HTML_NOTE.format("64 HTML descriptions")],
    ),
    "moodle_lpimportcsv_minimal.csv": (4, 1, [HTML_NOTE.format("3 HTML descriptions")]),
    "canvas-lms_doc_outcomes_csv_sample.csv": (3, 1, []),
    "canvas-lms_spec_outcomes_test_outcomes_1.csv": (3, 1, []),
    "canvas-lms_spec_outcomes_test_outcomes_no_groups.csv": (1, 0, []),
    "canvas_outcomes_import_minimal.csv": (2, 0, []),
}


def _name(path: Path) -> str:
    return str(path.relative_to(SAMPLES))


def test_the_samples_are_there():
    if not SAMPLES.is_dir():
        if os.environ.get("CI") == "true":
            pytest.fail(f"{SAMPLES} is missing; the conformance tier needs it under CI")
        pytest.skip(f"{SAMPLES} is not here")
    assert MOODLE, "no Moodle competency framework CSV among the samples"
    assert CANVAS, "no Canvas outcomes CSV among the samples"


@pytest.mark.parametrize("path", MOODLE, ids=_name)
def test_moodle_sample_imports_and_round_trips(path: Path):
    result = read_moodle_csv(path.read_bytes(), source=str(path))
    framework = result.framework
    assert framework.items
    if path.name in KNOWN:
        items, associations, notes = KNOWN[path.name]
        assert (len(framework.items), len(framework.associations)) == (items, associations)
        assert result.notes == notes
    exported = write_moodle_csv(framework)
    assert moodle_violations(exported) == []
    again = read_moodle_csv(exported, source=str(path)).framework
    assert again == framework
    assert write_moodle_csv(again) == exported


@pytest.mark.parametrize("path", CANVAS, ids=_name)
def test_canvas_sample_imports_and_round_trips(path: Path):
    result = read_canvas_csv(path.read_bytes(), source=str(path))
    framework = result.framework
    assert framework.items
    if path.name in KNOWN:
        items, associations, notes = KNOWN[path.name]
        assert (len(framework.items), len(framework.associations)) == (items, associations)
        assert result.notes == notes
    exported = write_canvas_csv(framework)
    assert canvas_violations(exported) == []
    again = read_canvas_csv(exported, source=str(path)).framework
    assert again == framework
    assert write_canvas_csv(again) == exported


@pytest.mark.parametrize("path", RUBRICS, ids=_name)
def test_a_canvas_rubric_csv_is_not_taken_for_outcomes(path: Path):
    with pytest.raises(DocumentError) as caught:
        read_canvas_csv(path.read_bytes())
    assert [str(p) for p in caught.value.problems] == [
        "line 1: this is a Canvas rubric import file (it has a 'Rubric Name' column), not an "
        "outcomes file"
    ]


def test_the_oecd_sample_reads_as_moodle_wrote_it():
    path = SAMPLES / "moodle_tool_lpimportcsv_example_oecd.csv"
    if not path.is_file():
        pytest.skip(f"{path} is not here")
    framework = read_moodle_csv(path.read_bytes()).framework
    assert framework.title == "OECD"
    assert framework.identifier == "OECD-CORE"
    assert [(lvl.title, lvl.default, lvl.proficient) for lvl in framework.scale] == [
        ("Not yet competent", False, False),
        ("Competent", True, True),
    ]
    assert framework.description.endswith(
        "grouped into three clusters.\n\n• The delivery-related competencies\n"
        "• The interpersonal competencies\n• The strategic competencies"
    )
    level_1 = framework.item("level-1")
    assert level_1.parent == "levels"
    partners = {a.destination for a in framework.associations if a.origin == "level-1"}
    assert len(partners) == 39 and "DR-AT1" in partners
    assert framework.item("DR-AT1").parent == "analytical-thinking"


@pytest.mark.parametrize("path", MOODLE + CANVAS, ids=_name)
def test_each_sample_also_exports_to_the_other_system(path: Path):
    if _kind(path) == "moodle":
        framework = read_moodle_csv(path.read_bytes()).framework
        exported = write_canvas_csv(framework)
        assert canvas_violations(exported) == []
        again = read_canvas_csv(exported).framework
    else:
        framework = read_canvas_csv(path.read_bytes(), source=str(path)).framework
        exported = write_moodle_csv(framework)
        assert moodle_violations(exported) == []
        again = read_moodle_csv(exported).framework
    assert len(again.items) == len(framework.items)
    assert [item.abbreviated_statement for item in again.items] == [
        item.abbreviated_statement for item in framework.items
    ]
