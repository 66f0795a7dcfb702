"""Recover a unit from a pbl-author notebook, without ever running it.

A notebook is read as JSON data and nothing else: no cell is executed, no output is rendered,
no kernel, IPython or nbclient is involved. The unit comes from the notebook's
``metadata["pbl_author"]`` (the only authoritative copy); the cells are compared with the
cells the unit would be exported as, so hand edits are reported rather than silently lost.

``read_notebook(data)`` takes the file's bytes; ``load_notebook(path)`` reads the file too
and names it in errors. Both return a ``NotebookImport`` (the unit, warnings, which notebook
it was) or raise ``DocumentError`` with what is wrong and where.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from ..files.jsontext import load_json
from ..files.text import decode_document, read_bytes
from ..model import DocumentError, Problem, Unit, parse_unit
from ..model.problems import shorten
from ..model.validation import describe
from ..model.versions import schema_version_of
from .notebook_cells import CELL_ID_RE, DERIVED_ROLES, STUDENT_WORK_ROLES

#: Largest notebook read, in bytes (outputs such as images make notebooks bigger than units).
MAX_NOTEBOOK_BYTES = 50 * 1024 * 1024
#: How many per-cell warnings are listed before "and N more".
MAX_CELL_WARNINGS = 20

NotebookKind = Literal["teacher", "student"]

CHANGED_BY_HAND = "the notebook's pbl-author metadata was changed by hand or by another tool"
NOT_A_NOTEBOOK = "not a Jupyter notebook"
NOT_OURS = (
    'this notebook was not made by pbl-author (it has no metadata["pbl_author"]); '
    "open the unit file it came from instead, or export a notebook from a unit with "
    "'pbl-author export UNIT --to notebook'"
)
KEPT = "the unit keeps the version in the notebook's metadata"

#: Cell roles only one of the two notebooks has.
ONLY_ROLES: dict[NotebookKind, frozenset[str]] = {
    "teacher": frozenset(
        {"entry-event", "need-to-knows", "authentic-context", "goals", "competencies"}
        | {"other-evidence", "culture", "critique", "reflection", "coverage", "findings"}
    ),
    "student": STUDENT_WORK_ROLES | {"launch"},
}


@dataclass
class NotebookImport:
    """What reading a notebook gave: the unit, and what differs from a fresh export."""

    unit: Unit
    warnings: list[str] = field(default_factory=list)
    kind: NotebookKind = "teacher"


def load_notebook(path: str | os.PathLike[str]) -> NotebookImport:
    """The unit in the notebook file at ``path`` (errors name the file)."""
    try:
        return read_notebook(read_bytes(path, MAX_NOTEBOOK_BYTES))
    except DocumentError as exc:
        raise exc.with_source(str(path)) from None


def read_notebook(data: bytes) -> NotebookImport:
    """The unit in a pbl-author notebook's bytes, and warnings about hand-edited cells."""
    if len(data) > MAX_NOTEBOOK_BYTES:
        size, limit = len(data) / 1024**2, MAX_NOTEBOOK_BYTES / 1024**2
        message = f"the notebook is {size:.1f} MB; pbl-author reads notebooks up to {limit:.1f} MB"
        raise DocumentError([Problem("", message)])
    notebook = _notebook_data(decode_document(data))
    unit = unit_from_notebook(notebook)
    kind, warnings = notebook_changes(notebook, unit)
    return NotebookImport(unit=unit, warnings=warnings, kind=kind)


def _notebook_data(text: str) -> dict[str, Any]:
    """The notebook as JSON data, checked to be an nbformat 4 notebook in outline."""
    try:
        data = load_json(text)
    except DocumentError as exc:
        raise DocumentError(
            [Problem(p.path, f"{NOT_A_NOTEBOOK}: {p.message}") for p in exc.problems]
        ) from None
    if not isinstance(data, dict):
        raise DocumentError(
            [
                Problem(
                    "",
                    f"{NOT_A_NOTEBOOK}: expected a JSON object with 'cells', 'metadata' and "
                    f"'nbformat', found {describe(data)}",
                )
            ]
        )
    missing = [key for key in ("cells", "metadata", "nbformat") if key not in data]
    if missing:
        raise DocumentError(
            [Problem("", f"{NOT_A_NOTEBOOK}: the JSON object has no '{missing[0]}' field")]
        )
    version = data["nbformat"]
    if version != 4 or isinstance(version, bool):
        raise DocumentError(
            [
                Problem(
                    "nbformat",
                    f"this notebook uses nbformat {shorten(repr(version))}; pbl-author reads "
                    "nbformat 4 notebooks (open and save it in JupyterLab to convert it)",
                )
            ]
        )
    if not isinstance(data["cells"], list):
        raise DocumentError(
            [Problem("cells", f"expected a list of cells, found {describe(data['cells'])}")]
        )
    if not isinstance(data["metadata"], dict):
        raise DocumentError(
            [
                Problem(
                    "metadata",
                    f"expected a mapping of keys to values, found {describe(data['metadata'])}",
                )
            ]
        )
    return data


def _prefixed(problems: list[Problem], prefix: str) -> list[Problem]:
    return [Problem(f"{prefix}.{p.path}" if p.path else prefix, p.message) for p in problems]


def _printable(text: str) -> str:
    return "".join(char if char.isprintable() else "?" for char in shorten(text))


def unit_from_notebook(notebook: Mapping[str, Any]) -> Unit:
    """The unit in ``metadata["pbl_author"]`` of notebook data (never looks at the cells)."""
    metadata = notebook.get("metadata")
    if not isinstance(metadata, dict) or "pbl_author" not in metadata:
        raise DocumentError([Problem("", NOT_OURS)])
    ours = metadata["pbl_author"]
    where = "metadata.pbl_author"
    if not isinstance(ours, dict):
        raise DocumentError(
            [
                Problem(
                    where,
                    "expected a mapping with 'schema_version' and 'unit', "
                    f"found {describe(ours)}; {CHANGED_BY_HAND}",
                )
            ]
        )
    if "schema_version" not in ours:
        raise DocumentError(
            [Problem(f"{where}.schema_version", f"required field is missing; {CHANGED_BY_HAND}")]
        )
    try:  # the same checks and messages as a unit file: a newer version says "upgrade"
        version = schema_version_of({"schema_version": ours["schema_version"]})
    except DocumentError as exc:
        raise DocumentError(_prefixed(exc.problems, where)) from None
    unknown = [key for key in ours if key not in ("schema_version", "unit")]
    if unknown:
        key = _printable(str(unknown[0]))
        raise DocumentError(
            [
                Problem(
                    f"{where}.{key}",
                    f"unknown field '{key}'; pbl-author metadata holds only 'schema_version' "
                    f"and 'unit' ({CHANGED_BY_HAND})",
                )
            ]
        )
    if "unit" not in ours:
        raise DocumentError(
            [Problem(f"{where}.unit", f"required field is missing; {CHANGED_BY_HAND}")]
        )
    data = ours["unit"]
    try:
        unit = parse_unit(data)
    except DocumentError as exc:
        raise DocumentError(_prefixed(exc.problems, f"{where}.unit")) from None
    if data.get("schema_version") != version:
        raise DocumentError(
            [
                Problem(
                    f"{where}.schema_version",
                    f"{version} does not match the unit's schema_version "
                    f"{data.get('schema_version')}; {CHANGED_BY_HAND}",
                )
            ]
        )
    return unit


# -- comparing the cells with a fresh export --------------------------------------

Key = tuple[str, str]


def _key(cell: Any) -> Key | None:
    """(role, ref) from a cell's pbl-author metadata, when it has well-formed ones."""
    if not isinstance(cell, dict) or not isinstance(cell.get("metadata"), dict):
        return None
    ours = cell["metadata"].get("pbl_author")
    if not isinstance(ours, dict):
        return None
    role, ref = ours.get("role"), ours.get("ref")
    return (role, ref) if isinstance(role, str) and isinstance(ref, str) else None


def _source(cell: Any) -> str | None:
    source = cell.get("source") if isinstance(cell, dict) else None
    if isinstance(source, list) and all(isinstance(line, str) for line in source):
        return "".join(source)
    return source if isinstance(source, str) else None


def _match(cells: list[Any], expected: list[dict[str, Any]]) -> list[Key | None]:
    """For each cell of the notebook, the key of the expected cell it is, or None.

    Cell ids are matched first (a copied cell gets a new id, so ids single out the original),
    then what is left by its pbl-author metadata (tools that drop or renumber ids).
    """
    by_id = {cell["id"]: _key(cell) for cell in expected}
    found: list[Key | None] = [None] * len(cells)
    taken: set[Key] = set()
    for index, cell in enumerate(cells):
        identifier = cell.get("id") if isinstance(cell, dict) else None
        key = by_id.get(identifier) if isinstance(identifier, str) else None
        if key is not None and key not in taken:
            found[index] = key
            taken.add(key)
    keys = set(by_id.values())
    for index, cell in enumerate(cells):
        key = _key(cell) if found[index] is None else None
        if key is not None and key in keys and key not in taken:
            found[index] = key
            taken.add(key)
    return found


def _describe_cell(position: int, cell: Any) -> str:
    identifier = cell.get("id") if isinstance(cell, dict) else None
    if isinstance(identifier, str) and CELL_ID_RE.match(identifier):
        return f"cell {position} ('{identifier}')"
    return f"cell {position}"


def notebook_changes(notebook: Mapping[str, Any], unit: Unit) -> tuple[NotebookKind, list[str]]:
    """Which notebook this is (teacher or student) and how its cells differ from a fresh export.

    Cells are matched by cell id, then by ``metadata.pbl_author`` role and ref. The coverage
    and design-check cells are derived from the unit and not compared; the cells students
    write in are expected to change and are summed up in one note.
    """
    from . import notebook_student, notebook_teacher

    builders = {"teacher": notebook_teacher.build, "student": notebook_student.build}
    cells = notebook.get("cells")
    cells = cells if isinstance(cells, list) else []
    roles = {key[0] for key in map(_key, cells) if key is not None}
    guess = [kind for kind, only in ONLY_ROLES.items() if roles & only]
    if len(guess) == 1:  # the cells say which notebook this is: build only that one
        kind: NotebookKind = guess[0]
        expected = builders[kind](unit)["cells"]
        found = _match(cells, expected)
    else:  # no (or mixed) evidence: the notebook whose cells match best
        candidates = {name: build(unit)["cells"] for name, build in builders.items()}
        matches = {name: _match(cells, candidate) for name, candidate in candidates.items()}
        score = {name: sum(k is not None for k in keys) for name, keys in matches.items()}
        kind = "student" if score["student"] > score["teacher"] else "teacher"
        expected, found = candidates[kind], matches[kind]
    position = {key: index for index, key in enumerate(found) if key is not None}

    per_cell: list[str] = []
    student_work = 0
    for cell in expected:
        key = _key(cell)
        assert key is not None
        role = key[0]
        if role in DERIVED_ROLES:
            continue
        name = f"cell '{cell['id']}'"
        if key not in position:
            if role not in STUDENT_WORK_ROLES:
                per_cell.append(f"{name} was deleted; {KEPT}")
            continue
        actual = cells[position[key]]
        same = actual.get("cell_type") == cell["cell_type"] and _source(actual) == cell["source"]
        if same:
            continue
        if role in STUDENT_WORK_ROLES and kind == "student":
            student_work += 1
        else:
            per_cell.append(f"{name} was edited by hand; {KEPT}")
    for index, (cell, key) in enumerate(zip(cells, found, strict=True), start=1):
        if key is None:
            per_cell.append(
                f"{_describe_cell(index, cell)} was added by hand; it is not part of the unit "
                "and was not imported"
            )
    warnings = per_cell[:MAX_CELL_WARNINGS]
    if len(per_cell) > MAX_CELL_WARNINGS:
        hidden = len(per_cell) - MAX_CELL_WARNINGS
        cells_differ = "cell differs" if hidden == 1 else "cells differ"
        warnings.append(f"... and {hidden} more {cells_differ} from the unit")
    order = [key for key in found if key is not None]
    if order != [key for key in map(_key, expected) if key in position]:
        warnings.append("cells were moved by hand; the unit keeps the order in its metadata")
    if student_work:
        counted = f"{student_work} student work cell{' was' if student_work == 1 else 's were'}"
        warnings.append(
            f"{counted} filled in (need-to-knows, evidence, reflections, self-assessments); "
            "student work stays in the notebook and is not part of the unit"
        )
    return kind, warnings
