"""The teacher and student notebooks: valid, deterministic, safe, and read back exactly.

The fixtures in ``tests/data/notebooks/`` are described in the README there.
CI runs 300 round-trip examples; set PBL_HYPOTHESIS_EXAMPLES for a longer run.
"""

from __future__ import annotations

import builtins
import copy
import json
import os
import re
import subprocess
import sys
from html import unescape

import nbformat
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from pbl_author.formats import notebook_cells, notebook_import, notebook_student, notebook_teacher
from pbl_author.formats.notebook_cells import (
    cell_id,
    is_safe_markdown,
    md_escape,
    md_flat,
    md_label,
    safe_markdown,
)
from pbl_author.formats.notebook_import import load_notebook, read_notebook
from pbl_author.formats.unitfile import load_unit
from pbl_author.model import SCHEMA_VERSION, DocumentError
from pbl_author.render import markdown_html, safe_url

from ..conftest import DATA, sample_unit_paths
from ..strategies import valid_units

EXAMPLES = max(300, int(os.environ.get("PBL_HYPOTHESIS_EXAMPLES", "300")))
NOTEBOOKS = DATA / "notebooks"
SAMPLES = {path.name.removesuffix(".unit.yaml"): load_unit(path) for path in sample_unit_paths()}
GOOD = load_unit(DATA / "good-unit.unit.yaml")
KINDS = {"teacher": notebook_teacher, "student": notebook_student}
CHANGED = "the notebook's pbl-author metadata was changed by hand or by another tool"
KEPT = "the unit keeps the version in the notebook's metadata"


def _cells(data: bytes) -> list[dict]:
    return json.loads(data)["cells"]


def _source(cell: dict) -> str:
    source = cell["source"]
    return "".join(source) if isinstance(source, list) else source


def _roles(data: bytes) -> list[tuple[str, str]]:
    return [
        (cell["metadata"]["pbl_author"]["role"], cell["metadata"]["pbl_author"]["ref"])
        for cell in _cells(data)
    ]


def _errors(data: bytes) -> list[str]:
    with pytest.raises(DocumentError) as caught:
        read_notebook(data)
    return [str(problem) for problem in caught.value.problems]


def _notebook_bytes(notebook: dict) -> bytes:
    return json.dumps(notebook, indent=1, ensure_ascii=False).encode()


# -- every export: valid, deterministic, self-describing ------------------------------


@pytest.mark.parametrize("kind", list(KINDS))
@pytest.mark.parametrize("unit_id", list(SAMPLES))
def test_sample_notebooks_are_valid_deterministic_and_carry_the_unit(unit_id, kind):
    unit = SAMPLES[unit_id]
    data = KINDS[kind].export(unit)
    assert KINDS[kind].export(unit) == data  # the same unit, the same bytes
    notebook = nbformat.reads(data.decode("utf-8"), as_version=4)
    nbformat.validate(notebook)
    assert (notebook.nbformat, notebook.nbformat_minor) == (4, 5)
    assert notebook.metadata.kernelspec.name == "python3"
    ours = json.loads(data)["metadata"]["pbl_author"]
    assert ours == {"schema_version": SCHEMA_VERSION, "unit": unit.to_data()}

    ids = [cell.id for cell in notebook.cells]
    assert len(ids) == len(set(ids))
    assert all(re.fullmatch(r"[a-zA-Z0-9_-]{1,64}", i) for i in ids)
    assert all(set(cell.metadata["pbl_author"]) == {"role", "ref"} for cell in notebook.cells)

    code = [cell for cell in notebook.cells if cell.cell_type == "code"]
    assert len(code) == 1
    assert code[0].metadata["pbl_author"] == {"role": "open-designer", "ref": unit.id}
    assert code[0].outputs == [] and code[0].execution_count is None
    assert "import pbl_author.designer as designer" in code[0].source
    assert f"designer.open('{unit.id}.unit.yaml')" in code[0].source
    compile(code[0].source, "designer-cell", "exec")  # plain Python (never run here)

    for cell in notebook.cells:
        if cell.cell_type == "markdown":
            assert is_safe_markdown(cell.source), cell.id
            assert cell.source == cell.source.strip("\n")


@pytest.mark.parametrize("kind", list(KINDS))
@pytest.mark.parametrize("unit_id", list(SAMPLES))
def test_saving_in_jupyter_leaves_the_file_unchanged(unit_id, kind):
    """Our own notebook writer writes what nbformat writes, byte for byte."""
    data = KINDS[kind].export(SAMPLES[unit_id])
    resaved = nbformat.writes(nbformat.reads(data.decode("utf-8"), as_version=4)) + "\n"
    assert resaved.encode("utf-8") == data


def test_registry_names_the_notebook_exports():
    from pbl_author.formats.registry import EXPORTS

    unit = SAMPLES["water-watchers"]
    assert EXPORTS["notebook"].export(unit) == notebook_teacher.export(unit)
    assert EXPORTS["student-notebook"].export(unit) == notebook_student.export(unit)
    assert EXPORTS["student-notebook"].file_name(unit) == "water-watchers.student.ipynb"


def test_cell_ids_are_derived_from_roles_and_element_ids():
    assert cell_id("driving-question", "driving-question") == "driving-question"
    assert cell_id("overview", "water-watchers") == "overview"
    assert cell_id("task", "creek-field-guide") == "task-creek-field-guide"
    long_ref = "a" + "-abcdefgh" * 5 + "-xy"  # 48 characters, the longest element id
    long_id = cell_id("student-reflection", long_ref)
    assert len(long_id) == 64 and re.fullmatch(r"[a-zA-Z0-9_-]+", long_id)
    assert long_id != cell_id("student-evidence", long_ref)
    assert long_id == cell_id("student-reflection", long_ref)  # deterministic


# -- layout -------------------------------------------------------------------------------


def test_teacher_notebook_layout():
    unit = SAMPLES["water-watchers"]
    roles = _roles(notebook_teacher.export(unit))
    milestones = [m.id for m in unit.path.milestones()]
    expected = [
        ("overview", unit.id),
        ("open-designer", unit.id),
        ("driving-question", "driving-question"),
        ("entry-event", "entry-event"),
        ("need-to-knows", "need-to-knows"),
        ("authentic-context", "authentic-context"),
        ("goals", "goals"),
        ("competencies", "competencies"),
        ("section", "tasks"),
        *[("task", task.id) for task in unit.tasks],
        ("other-evidence", "other-evidence"),
        ("section", "path"),
    ]
    for phase in unit.path.phases:
        expected.append(("phase", phase.id))
        expected += [("milestone", m.id) for m in phase.milestones]
    expected += [
        ("section", "rubrics"),
        *[("rubric", rubric.id) for rubric in unit.rubrics],
        ("culture", "culture"),
        ("critique", "critique"),
        ("public-product", "public-product"),
        ("reflection", "reflection"),
        ("coverage", "coverage"),
        ("findings", "findings"),
    ]
    assert roles == expected
    assert len(milestones) == sum(1 for role, _ in roles if role == "milestone")


def test_teacher_notebook_content():
    unit = SAMPLES["water-watchers"]
    cells = {cell["id"]: _source(cell) for cell in _cells(notebook_teacher.export(unit))}
    assert cells["overview"].startswith("# Water Watchers: Caring for Alder Creek\n")
    assert cells["driving-question"] == (
        "## Driving question\n\n> How can we, as water scientists, help our neighbours keep "
        "Alder Creek a healthy home for the animals that live there?"
    )
    task = cells["task-creek-critter-survey"]
    for label in ("Goal", "Role", "Audience", "Situation", "Product", "Standards and criteria"):
        assert f"- **{label}:** " in task
    assert "- **Alignments:** 3-LS4-3 (introduce), 4C.COL (introduce)" in task
    # The heatmap as a Markdown table with I / P / A letters, and the findings.
    coverage = cells["coverage"]
    assert "| Competency | Creek Critter Survey | Who Can Live Here? Field Guide Page |" in coverage
    assert "| 3-LS4-3 | I | A | – | – |" in coverage
    assert "I = introduce, P = practice, A = assess" in coverage
    assert cells["findings"].startswith("## Design checks\n\n")
    # Money stays money: no LaTeX math in JupyterLab or on GitHub.
    assert "a \\$500 budget" in cells["overview"]


def test_teacher_notebook_lists_current_findings():
    unit = load_unit(DATA / "defects" / "target-never-assessed.unit.yaml")
    findings = _source(_cells(notebook_teacher.export(unit))[-1])
    from pbl_author.checks import run_checks

    found = run_checks(unit)
    assert found
    errors = sum(1 for f in found if f.severity == "error")
    assert f"The design checks found {errors} error{'' if errors == 1 else 's'}, " in findings
    items = [line for line in findings.split("\n") if line.startswith("- **")]
    assert len(items) == len(found)
    for finding in found:
        assert any(
            f"**{finding.severity}** " in item and f"({notebook_cells.code(finding.rule)})" in item
            for item in items
        )


def test_student_notebook_layout():
    unit = SAMPLES["water-watchers"]
    roles = _roles(notebook_student.export(unit))
    assert roles[:5] == [
        ("overview", unit.id),
        ("launch", "entry-event"),
        ("driving-question", "driving-question"),
        ("student-need-to-know", "need-to-knows"),
        ("section", "path"),
    ]
    assert roles[-1] == ("open-designer", unit.id)
    for milestone in unit.path.milestones():
        at = roles.index(("milestone", milestone.id))
        assert roles[at + 1 : at + 3] == [
            ("student-evidence", milestone.id),
            ("student-reflection", milestone.id),
        ]
    for task in unit.tasks:
        assert ("task", task.id) in roles
    for rubric in unit.rubrics:
        at = roles.index(("rubric", rubric.id))
        assert roles[at + 1] == ("self-assessment", rubric.id)
    assert ("public-product", "public-product") in roles
    student_prompts = [
        p for p in unit.reflection.prompts if p.audience == "student" and p.milestone is None
    ]
    for prompt in student_prompts:
        assert ("student-reflection", prompt.id) in roles
    teacher_only = {"goals", "culture", "critique", "coverage", "findings", "competencies"}
    assert not teacher_only & {role for role, _ in roles}


def test_student_notebook_uses_student_wording_and_falls_back_to_teacher_wording():
    from pbl_author.model import parse_unit

    unit = SAMPLES["water-watchers"]
    rubric = unit.rubrics[1]
    descriptor = rubric.criteria[0].descriptors[0]
    student, teacher = descriptor.student, descriptor.teacher
    assert student and student != teacher

    def rubric_cell(unit) -> str:
        cells = _cells(notebook_student.export(unit))
        return next(_source(c) for c in cells if c["id"] == f"rubric-{rubric.id}")

    assert md_flat(student) in rubric_cell(unit)
    assert md_flat(teacher) not in rubric_cell(unit)
    data = unit.to_data()
    data["rubrics"][1]["criteria"][0]["descriptors"][0]["student"] = ""
    assert md_flat(teacher) in rubric_cell(parse_unit(data))


def test_student_notebook_work_cells_invite_writing():
    unit = SAMPLES["water-watchers"]
    cells = {cell["id"]: _source(cell) for cell in _cells(notebook_student.export(unit))}
    assert cells["student-need-to-know-need-to-knows"].startswith("### ✏️ What do we need to know?")
    assessment = cells[f"self-assessment-{unit.rubrics[0].id}"]
    assert "| Criterion | My level | My evidence |" in assessment
    reflection = cells["student-reflection-refl-end"]
    assert reflection.startswith("### ✏️ At the end\n\nHow did our work help the creek")


def test_an_empty_unit_still_gives_complete_notebooks():
    from pbl_author.model import parse_unit

    unit = parse_unit({"schema_version": 1, "id": "blank", "title": "Blank"})
    for module in KINDS.values():
        data = module.export(unit)
        nbformat.validate(nbformat.reads(data.decode(), as_version=4))
        assert read_notebook(data).unit == unit
        assert read_notebook(data).warnings == []


# -- the round trip ------------------------------------------------------------------------


@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(valid_units)
def test_unit_to_notebook_to_unit_is_exact(unit):
    for kind, module in KINDS.items():
        data = module.export(unit)
        nbformat.validate(json.loads(data))
        result = read_notebook(data)
        assert result.unit == unit
        assert result.unit.to_data() == unit.to_data()
        assert result.kind == kind
        assert result.warnings == []
        assert module.export(result.unit) == data  # and back to the same bytes


# -- import errors ---------------------------------------------------------------------------


def _teacher(unit=GOOD) -> dict:
    return json.loads(notebook_teacher.export(unit))


def _with_metadata(value) -> bytes:
    notebook = _teacher()
    notebook["metadata"]["pbl_author"] = value
    return _notebook_bytes(notebook)


def _good_data() -> dict:
    return GOOD.to_data()


NOT_OURS = (
    'this notebook was not made by pbl-author (it has no metadata["pbl_author"]); open the '
    "unit file it came from instead, or export a notebook from a unit with "
    "'pbl-author export UNIT --to notebook'"
)
UPGRADE = (
    "this file uses schema version 99, but this pbl-author reads versions up to "
    f"{SCHEMA_VERSION}; upgrade pbl-author (pip install --upgrade pbl-author) to open it"
)


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (
            b"this is not JSON",
            ["not a Jupyter notebook: line 1, column 1: JSON syntax error: Expecting value"],
        ),
        (
            b"[1, 2]",
            [
                "not a Jupyter notebook: expected a JSON object with 'cells', 'metadata' and "
                "'nbformat', found a list of 2 items"
            ],
        ),
        (b'{"cells": []}', ["not a Jupyter notebook: the JSON object has no 'metadata' field"]),
        (
            b'{"cells": [], "metadata": {}, "nbformat": 3, "nbformat_minor": 0}',
            [
                "nbformat: this notebook uses nbformat 3; pbl-author reads nbformat 4 notebooks "
                "(open and save it in JupyterLab to convert it)"
            ],
        ),
        (
            b'{"cells": {}, "metadata": {}, "nbformat": 4, "nbformat_minor": 5}',
            ["cells: expected a list of cells, found a mapping"],
        ),
        (
            b'{"cells": [], "metadata": [], "nbformat": 4, "nbformat_minor": 5}',
            ["metadata: expected a mapping of keys to values, found a list of 0 items"],
        ),
        (
            b'{"cells": [], "metadata": {}, "nbformat": 4, "nbformat": 4}',
            ["not a Jupyter notebook: duplicate key 'nbformat' in a JSON object"],
        ),
        (b"[" * 100_000, ["not a Jupyter notebook: the JSON is nested too deeply"]),
        (
            '{"a": 1}'.encode("utf-16"),
            ["the file is UTF-16 text; save it as UTF-8 and try again"],
        ),
        ((NOTEBOOKS / "no-metadata.ipynb").read_bytes(), [NOT_OURS]),
        (
            (NOTEBOOKS / "newer-schema.ipynb").read_bytes(),
            [f"metadata.pbl_author.schema_version: {UPGRADE}"],
        ),
        (
            (NOTEBOOKS / "tampered.ipynb").read_bytes(),
            [
                "metadata.pbl_author.unit.framing.driving_question: expected text, "
                "found the number 42"
            ],
        ),
    ],
    ids=[
        "not-json",
        "not-an-object",
        "no-metadata-field",
        "nbformat-3",
        "cells-not-a-list",
        "metadata-not-a-mapping",
        "duplicate-key",
        "deeply-nested",
        "utf-16",
        "not-made-by-pbl-author",
        "newer-schema",
        "tampered",
    ],
)
def test_import_errors_say_what_is_wrong(data, expected):
    assert _errors(data) == expected


def test_tampered_references_are_reported_with_metadata_paths():
    data = _good_data()
    data["tasks"][0]["rubric"] = "no-such-rubric"
    assert _errors(_with_metadata({"schema_version": 1, "unit": data})) == [
        "metadata.pbl_author.unit.tasks[0].rubric: unknown rubric 'no-such-rubric'"
        + _did_you_mean("no-such-rubric", [r.id for r in GOOD.rubrics])
    ]


def _did_you_mean(value, candidates):
    from pbl_author.model.problems import did_you_mean

    return did_you_mean(value, candidates)


@pytest.mark.parametrize(
    ("metadata", "expected"),
    [
        (
            "hello",
            "metadata.pbl_author: expected a mapping with 'schema_version' and 'unit', found "
            f"the text 'hello'; {CHANGED}",
        ),
        (
            {"unit": {}},
            f"metadata.pbl_author.schema_version: required field is missing; {CHANGED}",
        ),
        (
            {"schema_version": "1", "unit": {}},
            "metadata.pbl_author.schema_version: expected a whole number, found the text '1'",
        ),
        (
            {"schema_version": 1},
            f"metadata.pbl_author.unit: required field is missing; {CHANGED}",
        ),
        (
            {"schema_version": 1, "unit": {}, "run": "os.system('rm -rf ~')"},
            "metadata.pbl_author.run: unknown field 'run'; pbl-author metadata holds only "
            f"'schema_version' and 'unit' ({CHANGED})",
        ),
        (
            {"schema_version": 1, "unit": "the whole unit"},
            "metadata.pbl_author.unit: a unit file must be a mapping of keys to values, found "
            "the text 'the whole unit'",
        ),
        (
            {"schema_version": 1, "unit": {"schema_version": 99, "id": "x", "title": "X"}},
            f"metadata.pbl_author.unit.schema_version: {UPGRADE}",
        ),
        (
            {"schema_version": 0, "unit": {"schema_version": 1, "id": "x", "title": "X"}},
            "metadata.pbl_author.schema_version: 0 does not match the unit's schema_version 1; "
            f"{CHANGED}",
        ),
    ],
    ids=[
        "not-a-mapping",
        "no-version",
        "version-not-a-number",
        "no-unit",
        "unknown-field",
        "unit-not-a-mapping",
        "unit-newer",
        "versions-disagree",
    ],
)
def test_bad_pbl_author_metadata_is_reported(metadata, expected):
    assert _errors(_with_metadata(metadata)) == [expected]


def test_load_notebook_names_the_file(tmp_path):
    with pytest.raises(DocumentError) as caught:
        load_notebook(tmp_path / "missing.ipynb")
    assert caught.value.lines() == [f"{tmp_path / 'missing.ipynb'}: no such file"]
    path = tmp_path / "creek.ipynb"
    path.write_bytes(notebook_teacher.export(GOOD))
    assert load_notebook(path).unit == GOOD
    path.write_bytes((NOTEBOOKS / "no-metadata.ipynb").read_bytes())
    with pytest.raises(DocumentError) as caught:
        load_notebook(path)
    assert caught.value.lines() == [f"{path}: {NOT_OURS}"]


def test_too_big_notebooks_are_refused(monkeypatch):
    monkeypatch.setattr(notebook_import, "MAX_NOTEBOOK_BYTES", 1024 * 1024)
    assert _errors(b" " * (2 * 1024 * 1024)) == [
        "the notebook is 2.0 MB; pbl-author reads notebooks up to 1.0 MB"
    ]


# -- hand edits --------------------------------------------------------------------------------


def _by_id(notebook: dict, identifier: str) -> dict:
    return next(cell for cell in notebook["cells"] if cell["id"] == identifier)


def test_hand_edited_cells_are_reported_and_the_metadata_unit_wins():
    unit = SAMPLES["water-watchers"]
    notebook = json.loads(notebook_teacher.export(unit))
    _by_id(notebook, "driving-question")["source"] = "## Driving question\n\n> Something else?"
    _by_id(notebook, "task-habitat-claim")["cell_type"] = "raw"
    notebook["cells"].remove(_by_id(notebook, "culture"))
    _by_id(notebook, "coverage")["source"] = "derived: never compared"
    _by_id(notebook, "open-designer")["outputs"] = [
        {"output_type": "stream", "name": "stdout", "text": "opened"}
    ]
    _by_id(notebook, "open-designer")["execution_count"] = 3  # running it is fine
    notebook["cells"].insert(
        3,
        {"cell_type": "markdown", "id": "my-notes", "metadata": {}, "source": "notes"},
    )
    result = read_notebook(_notebook_bytes(notebook))
    assert result.unit == unit
    assert result.kind == "teacher"
    assert result.warnings == [
        f"cell 'driving-question' was edited by hand; {KEPT}",
        f"cell 'task-habitat-claim' was edited by hand; {KEPT}",
        f"cell 'culture' was deleted; {KEPT}",
        "cell 4 ('my-notes') was added by hand; it is not part of the unit and was not imported",
    ]


def test_moved_and_copied_cells_are_reported():
    notebook = _teacher()
    cells = notebook["cells"]
    cells[2], cells[3] = cells[3], cells[2]
    copied = copy.deepcopy(cells[5])
    copied["id"] = "a1b2c3"  # JupyterLab gives a pasted cell a new id and keeps its metadata
    cells.append(copied)
    assert read_notebook(_notebook_bytes(notebook)).warnings == [
        f"cell {len(cells)} ('a1b2c3') was added by hand; it is not part of the unit and was "
        "not imported",
        "cells were moved by hand; the unit keeps the order in its metadata",
    ]


def test_cells_are_matched_by_metadata_when_ids_are_gone_and_by_id_when_metadata_is():
    notebook = _teacher()
    for cell in notebook["cells"]:
        del cell["id"]  # an nbformat 4.4 copy
    notebook["nbformat_minor"] = 4
    assert read_notebook(_notebook_bytes(notebook)).warnings == []
    notebook = _teacher()
    for cell in notebook["cells"]:
        cell["metadata"] = {}  # a tool that strips cell metadata
    assert read_notebook(_notebook_bytes(notebook)).warnings == []


def test_many_differences_are_summed_up():
    notebook = _teacher()
    for cell in notebook["cells"]:
        cell["source"] = "changed"
    warnings = read_notebook(_notebook_bytes(notebook)).warnings
    assert len(warnings) == notebook_import.MAX_CELL_WARNINGS + 1
    hidden = len(notebook["cells"]) - 2 - notebook_import.MAX_CELL_WARNINGS  # not the derived
    assert warnings[-1] == f"... and {hidden} more cells differ from the unit"


def test_student_work_is_expected_and_kept_out_of_the_unit():
    unit = SAMPLES["water-watchers"]
    notebook = json.loads(notebook_student.export(unit))
    work = 0
    for cell in notebook["cells"]:
        if cell["metadata"]["pbl_author"]["role"] in notebook_cells.STUDENT_WORK_ROLES:
            cell["source"] = _source(cell) + "\n\nI think the mayflies left because ..."
            work += 1
    evidence = _by_id(notebook, "student-evidence-creek-survey")
    notebook["cells"].remove(evidence)  # a student deleting their own cell is no change
    result = read_notebook(_notebook_bytes(notebook))
    assert result.unit == unit
    assert result.kind == "student"
    assert result.warnings == [
        f"{work - 1} student work cells were filled in (need-to-knows, evidence, reflections, "
        "self-assessments); student work stays in the notebook and is not part of the unit"
    ]


# -- hostile notebooks --------------------------------------------------------------------------


def test_a_hostile_notebook_is_read_as_data_and_nothing_runs(tmp_path, monkeypatch):
    """hostile.ipynb: code cells that would write a marker file, spawn processes and run a
    shell magic; JavaScript, HTML and SVG outputs; a spoofed cell; control characters."""
    data = (NOTEBOOKS / "hostile.ipynb").read_bytes()
    marker = tmp_path / "marker"
    monkeypatch.setenv("PBL_HOSTILE_MARKER", str(marker))
    read_notebook(data)  # warm up: every lazy import happens before the traps are set
    for function in (notebook_cells._safe_blocks, notebook_cells.md_label, notebook_cells.md_flat):
        function.cache_clear()  # ... and rendering runs again under the traps
    before = set(sys.modules)
    calls: list[str] = []

    def trap(name):
        def refuse(*args, **kwargs):
            calls.append(name)
            raise AssertionError(f"reading a notebook called {name}")

        return refuse

    for name in ("Popen", "run", "call", "check_call", "check_output"):
        monkeypatch.setattr(subprocess, name, trap(f"subprocess.{name}"))
    for name in (
        "system", "popen", "execv", "execve", "execl", "execlp", "execvp", "execvpe",
        "spawnv", "spawnve", "spawnl", "posix_spawn", "posix_spawnp", "fork", "forkpty",
    ):  # fmt: skip
        if hasattr(os, name):
            monkeypatch.setattr(os, name, trap(f"os.{name}"))
    monkeypatch.setattr(builtins, "exec", trap("exec"))
    monkeypatch.setattr(builtins, "eval", trap("eval"))

    result = read_notebook(data)

    assert calls == []
    assert list(tmp_path.iterdir()) == []  # no marker file, no spawned process's file
    new_modules = set(sys.modules) - before
    assert not {m for m in new_modules if m.split(".")[0] in {"IPython", "nbclient", "ipykernel"}}
    assert result.unit == GOOD
    assert result.kind == "teacher"
    assert result.warnings == [
        "cell 2 ('write-marker') was added by hand; it is not part of the unit and was not "
        "imported",
        "cell 3 ('spawn') was added by hand; it is not part of the unit and was not imported",
        "cell 4 ('shell-magic') was added by hand; it is not part of the unit and was not imported",
        "cell 5 ('spoof') was added by hand; it is not part of the unit and was not imported",
        # The raw cell's id holds terminal escapes: it is named by position only.
        "cell 6 was added by hand; it is not part of the unit and was not imported",
    ]


def test_hostile_text_in_the_unit_stays_text_in_both_notebooks():
    data = _good_data()
    data["title"] = "<img src=x onerror=alert(1)>"
    data["framing"]["driving_question"] = (
        "<script>alert(1)</script> [go](javascript:alert(2)) "
        "[x](javascript&colon;alert(3)) <a href='javascript:alert(4)'>a</a>"
    )
    data["identity"]["summary"] = "```\n</code><script>x</script>\n```\n\n<div onclick=x>hi</div>"
    from pbl_author.model import parse_unit

    unit = parse_unit(data)
    for module in KINDS.values():
        for cell in _cells(module.export(unit)):
            if cell["cell_type"] == "markdown":
                _assert_harmless(_permissive().render(_source(cell)))


# -- safe Markdown -------------------------------------------------------------------------------

PAYLOADS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "<svg/onload=alert(1)>",
    "<iframe src=https://evil.example></iframe>",
    "<!-- hidden --><b>bold</b>",
    "[click](javascript:alert(1))",
    "[click](JaVaScRiPt:alert(1))",
    "[click](javascript&colon;alert(1))",
    "[click](javascript&amp;colon;alert(1))",
    "[click]( javascript:alert(1) )",
    "[click](data:text/html;base64,PHNjcmlwdD4=)",
    "[click](vbscript:msgbox(1))",
    "![x](javascript:alert(1))",
    "<javascript:alert(1)>",
    "[ref]\n\n[ref]: javascript:alert(1)",
    "&lt;script&gt;alert(1)&lt;/script&gt;",
    "&#60;script&#62;alert(1)&#60;/script&#62;",
    "`</code><script>alert(1)</script>`",
    "- item <script>x</script>\n  <img src=x onerror=y>",
    "> <script>x</script>",
    "| a | b |\n|---|---|\n| <script>x</script> | [y](javascript:z) |",
    "\\<script>alert(1)\\</script>",
    "<scr<script>ipt>alert(1)</script>",
    "a\n<div>\n*b*\n</div>",
]


def _permissive() -> MarkdownIt:
    """A renderer that trusts everything: what a careless notebook viewer would show."""
    parser = MarkdownIt("commonmark", {"html": True}).enable("table").enable("strikethrough")
    parser.validateLink = lambda url: True
    return parser


HARMLESS_TAGS = {
    "p", "ul", "ol", "li", "blockquote", "table", "thead", "tbody", "tr", "th", "td", "code",
    "pre", "a", "em", "strong", "br", "hr", "h1", "h2", "h3", "h4", "h5", "h6", "s", "img",
}  # fmt: skip


def _assert_harmless(html: str) -> None:
    tags = set(re.findall(r"<([a-zA-Z][a-zA-Z0-9]*)", html))
    assert tags <= HARMLESS_TAGS, html
    assert not re.search(r"<[^>]*\son\w*\s*=", html), html
    for url in re.findall(r'(?:href|src)="([^"]*)"', html):
        assert safe_url(unescape(url)), html


@pytest.mark.parametrize("payload", PAYLOADS)
def test_payloads_are_neutralised(payload):
    for rendered in (safe_markdown(payload), md_label(payload), md_flat(payload)):
        assert is_safe_markdown(rendered)
        _assert_harmless(_permissive().render(rendered))


def test_ordinary_markdown_keeps_working():
    text = (
        "**Bold** and *em*, a [link](https://example.org/a?b=1&c=2), `code`, ~~gone~~.\n\n"
        "- one\n- two\n  - nested\n\n1. first\n2. second\n\n> quoted\n\n"
        "| a | b |\n|:--|--:|\n| 1 | 2 |\n\n```python\nprint('<hi>')\n```"
    )
    assert safe_markdown(text) == (
        "**Bold** and *em*, a [link](<https://example.org/a?b=1\\&c=2>), `code`, ~~gone~~.\n\n"
        "- one\n- two\n  - nested\n\n1. first\n2. second\n\n> quoted\n\n"
        "| a | b |\n| :--- | ---: |\n| 1 | 2 |\n\n```python\nprint('<hi>')\n```"
    )
    assert markdown_html(safe_markdown(text)) == markdown_html(text)
    assert safe_markdown("<script>alert(1)</script>") == "\\<script\\>alert(1)\\</script\\>"
    assert safe_markdown("[x](javascript:alert(1))") == "\\[x\\](javascript:alert(1))"
    assert md_escape("1. Not a list") == "1\\. Not a list"
    assert md_escape("# Not a heading") == "\\# Not a heading"
    assert md_escape("Version 1.0, 50% off, $5") == "Version 1.0, 50% off, \\$5"


def _texts(unit) -> list[str]:
    """Every string in a unit's data."""
    out: list[str] = []

    def walk(value):
        if isinstance(value, str):
            out.append(value)
        elif isinstance(value, dict):
            for item in value.values():
                walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)

    walk(unit.to_data())
    return out


@pytest.mark.parametrize("unit_id", list(SAMPLES))
def test_sample_text_renders_the_same_after_escaping(unit_id):
    """Re-written Markdown means the same: the same HTML as the teacher's own Markdown."""
    for text in _texts(SAMPLES[unit_id]):
        assert markdown_html(safe_markdown(text)) == markdown_html(text), text


_MARKDOWNISH = st.lists(
    st.sampled_from(
        [
            *"ab1 \n\t#*_`~[]()<>!&|\\-+=>.:;$\"'",
            *("javascript:", "<script>", "&colon;", "&#10;", "](", "<img onerror=", "http://x"),
        ]
    ),
    max_size=40,
).map("".join)


@settings(max_examples=300, deadline=None)
@given(_MARKDOWNISH)
def test_any_text_gives_safe_markdown(text):
    for rendered in (safe_markdown(text), md_label(text), md_flat(text)):
        assert is_safe_markdown(rendered)
        _assert_harmless(_permissive().render(rendered))
