"""The canonical unit file, ``NAME.unit.yaml``."""

from __future__ import annotations

from typing import Any

from ..files.yamltext import dump_yaml, load_yaml
from ..model import Unit

SUFFIXES = (".unit.yaml", ".unit.yml")


def dumps(unit: Unit) -> str:
    """The unit as canonical YAML: same unit, same bytes."""
    return dump_yaml(unit.to_data())


def loads(text: str) -> Any:
    """Plain data from unit YAML text (validate it with ``parse_unit``)."""
    return load_yaml(text)
