"""The path through a unit: inquiry phases and the milestones inside them."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import Field

from .base import CompetencyRef, ElementId, Label, StrictModel, Text

PhaseKind = Literal["launch", "build_knowledge", "develop_and_critique", "present"]
PHASE_KINDS: tuple[PhaseKind, ...] = (
    "launch",
    "build_knowledge",
    "develop_and_critique",
    "present",
)


class MasteryCheckpoint(StrictModel):
    """Students move on when they show mastery of these competencies."""

    description: Text = ""
    competencies: list[CompetencyRef] = Field(default_factory=list)


class Milestone(StrictModel):
    """A checkpoint on the path."""

    id: ElementId
    title: Label
    week: Annotated[int, Field(ge=1, le=60)] | None = None
    date: dt.date | None = None
    key_question: Text = ""
    formative_check: Text = ""
    scaffolds: list[Text] = Field(default_factory=list)
    tasks: list[ElementId] = Field(default_factory=list)
    mastery_checkpoint: MasteryCheckpoint | None = None


class Phase(StrictModel):
    """One phase of the inquiry: launch, build knowledge, develop and critique, present."""

    id: ElementId
    kind: PhaseKind
    title: Label = ""
    summary: Text = ""
    milestones: list[Milestone] = Field(default_factory=list)


class Path(StrictModel):
    """Phases in the order students live them."""

    phases: list[Phase] = Field(default_factory=list)

    def milestones(self) -> list[Milestone]:
        """Every milestone, in path order."""
        return [milestone for phase in self.phases for milestone in phase.milestones]
