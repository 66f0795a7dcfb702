"""Read and write unit files (``.unit.yaml`` canonical, ``.unit.json`` the same data).

Reading never executes anything: the text is checked for size and encoding,
parsed as safe YAML or JSON, upgraded from older schema versions and
validated. Writing is atomic and keeps the previous file as ``NAME.bak``.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from ..files.atomic import atomic_write_text
from ..files.text import read_document
from ..model import DocumentError, Problem, Unit, parse_unit
from . import unit_json, unit_yaml

UNIT_SUFFIXES = unit_yaml.SUFFIXES + unit_json.SUFFIXES


def is_unit_file(path: str | os.PathLike[str]) -> bool:
    return Path(path).name.endswith(UNIT_SUFFIXES)


def _codec(path: Path) -> Any:
    return unit_json if path.name.endswith(unit_json.SUFFIXES) else unit_yaml


def read_unit_data(path: str | os.PathLike[str]) -> Any:
    """Plain data of a unit file, not yet validated (any schema version)."""
    target = Path(path)
    try:
        return _codec(target).loads(read_document(target))
    except DocumentError as exc:
        raise exc.with_source(str(path)) from None


def load_unit(path: str | os.PathLike[str]) -> Unit:
    """The validated unit in the file at ``path``."""
    data = read_unit_data(path)
    try:
        return parse_unit(data)
    except DocumentError as exc:
        raise exc.with_source(str(path)) from None


def dumps(unit: Unit, path: str | os.PathLike[str] = "x.unit.yaml") -> str:
    """The file text for ``unit`` in the format ``path``'s name asks for."""
    return _codec(Path(path)).dumps(unit)


def save_unit(unit: Unit, path: str | os.PathLike[str], *, backup: bool = True) -> bool:
    """Write ``unit`` atomically; False when the file already held exactly this unit."""
    target = Path(path)
    if not is_unit_file(target):
        raise DocumentError(
            [
                Problem(
                    "",
                    "unit files are named NAME.unit.yaml or NAME.unit.json; "
                    f"'{target.name}' is neither",
                )
            ],
            str(path),
        )
    return atomic_write_text(target, dumps(unit, target), backup=backup)
