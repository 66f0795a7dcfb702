"""The unit's rubrics as a CASE 1.1 package (CFRubrics tied to the unit's competencies)."""

from __future__ import annotations

from ..frameworks.case_export import write_unit_rubrics_package
from ..model import Unit


def export(unit: Unit) -> bytes:
    return write_unit_rubrics_package(unit)
