"""The unit file as JSON, ``NAME.unit.json``: the same data as the YAML file."""

from __future__ import annotations

from typing import Any

from ..files.jsontext import dump_json, load_json
from ..model import Unit

SUFFIXES = (".unit.json",)


def dumps(unit: Unit) -> str:
    return dump_json(unit.to_data())


def loads(text: str) -> Any:
    """Plain data from unit JSON text (validate it with ``parse_unit``)."""
    return load_json(text)
