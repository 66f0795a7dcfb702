"""Findings: what a design check found, where, and how to fix it.

``Finding`` and ``CheckReport`` are the documented, stable shape of
``pbl-author check --format json`` (their JSON Schema is committed as
``schemas/check-report.v1.schema.json``); other tools and the library site
read it.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

Severity = Literal["error", "warning", "info"]
SEVERITIES: tuple[Severity, ...] = ("error", "warning", "info")
REPORT_VERSION = 1


class Finding(BaseModel):
    """One thing a design check found in a unit."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    rule: str = Field(description="stable rule id, e.g. 'dq-open-ended'")
    severity: Severity
    message: str = Field(description="what is wrong, in words a teacher understands")
    element: str = Field(description="element id or section anchor the finding is about")
    path: str = Field(description="field path in the unit file, e.g. 'tasks[2].rubric'")
    hint: str = Field(default="", description="how to fix it")

    def __str__(self) -> str:
        where = self.path or self.element
        return f"{self.severity}: {where}: {self.message} [{self.rule}]"


class UnitReport(BaseModel):
    """The findings for one unit file."""

    model_config = ConfigDict(extra="forbid")

    path: str
    unit_id: str | None = None
    title: str | None = None
    findings: list[Finding] = Field(default_factory=list)
    problems: list[str] = Field(
        default_factory=list, description="why the file could not be checked (unreadable input)"
    )

    def count(self, severity: Severity) -> int:
        return sum(1 for finding in self.findings if finding.severity == severity)


class CheckReport(BaseModel):
    """``pbl-author check --format json``: one entry per unit file."""

    model_config = ConfigDict(extra="forbid")

    version: int = REPORT_VERSION
    units: list[UnitReport] = Field(default_factory=list)
    errors: int = 0
    warnings: int = 0
    infos: int = 0

    def counted(self) -> CheckReport:
        """This report with its totals counted from its units."""
        self.errors = sum(unit.count("error") for unit in self.units)
        self.warnings = sum(unit.count("warning") for unit in self.units)
        self.infos = sum(unit.count("info") for unit in self.units)
        return self

    @property
    def unreadable(self) -> bool:
        return any(unit.problems for unit in self.units)
