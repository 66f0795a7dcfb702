"""Frameworks shipped with pbl-author (``data/*.framework.yaml``).

- ``4cs``: the four success skills (collaboration, communication, creativity,
  critical thinking), described in our own words after the Partnership for
  21st Century Learning's Framework for 21st Century Learning;
- ``casel``: the five social and emotional competencies, described in our own
  words after CASEL's framework (casel.org).
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from ..model import Framework
from .files import load_framework

DATA_DIR = Path(__file__).resolve().parent / "data"


@cache
def builtin_frameworks() -> dict[str, Framework]:
    """Built-in frameworks by id, in a stable order."""
    frameworks = [load_framework(path) for path in sorted(DATA_DIR.glob("*.framework.yaml"))]
    return {framework.id: framework for framework in frameworks}


def get_builtin(framework_id: str) -> Framework:
    return builtin_frameworks()[framework_id]
