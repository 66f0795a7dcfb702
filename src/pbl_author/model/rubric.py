"""Rubrics: criteria tied to competencies, crossed with levels.

- analytic: every criterion has a descriptor at every level;
- single_point: every criterion describes only the proficient level, and the
  other columns are left for feedback ("concerns", "advanced");
- holistic: one criterion (tied to one or more competencies) described at every level.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from .base import CompetencyRef, ElementId, Label, Number, StrictModel, Text

RubricKind = Literal["analytic", "single_point", "holistic"]


class RubricLevel(StrictModel):
    """A column of the rubric, lowest first."""

    id: ElementId
    title: Label
    points: Annotated[Number, Field(ge=0, le=1_000_000)] | None = None


class Descriptor(StrictModel):
    """What work looks like at one level, in teacher and in student wording."""

    level: ElementId
    teacher: Text
    student: Text = ""


class Criterion(StrictModel):
    """A row of the rubric."""

    id: ElementId
    title: Label
    competencies: Annotated[list[CompetencyRef], Field(min_length=1)]
    weight: Annotated[Number, Field(gt=0, le=100)] | None = None
    descriptors: list[Descriptor] = Field(default_factory=list)


class Rubric(StrictModel):
    """A rubric for one or more performance tasks."""

    id: ElementId
    title: Label
    kind: RubricKind = "analytic"
    levels: list[RubricLevel] = Field(default_factory=list)
    proficient_level: ElementId | None = None
    criteria: list[Criterion] = Field(default_factory=list)
