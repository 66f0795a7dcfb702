"""Performance tasks (framed with GRASPS) and other evidence of learning."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from .base import ElementId, Label, StrictModel, Text
from .competencies import Alignment

TaskMode = Literal["individual", "team"]
EvidenceKind = Literal[
    "quiz",
    "observation",
    "conference",
    "journal",
    "exit_ticket",
    "self_assessment",
    "peer_feedback",
    "work_sample",
    "other",
]


class Grasps(StrictModel):
    """Wiggins and McTighe's GRASPS frame for an authentic performance task."""

    goal: Text = ""
    role: Text = ""
    audience: Text = ""
    situation: Text = ""
    product: Text = ""
    standards: Text = ""


class PerformanceTask(StrictModel):
    """A task students perform to show what they know and can do."""

    id: ElementId
    title: Label
    mode: TaskMode = "individual"
    description: Text = ""
    grasps: Grasps = Field(default_factory=Grasps)
    individual_evidence: Text = ""
    alignments: list[Alignment] = Field(default_factory=list)
    rubric: ElementId | None = None
    due_milestone: ElementId | None = None


class OtherEvidence(StrictModel):
    """Evidence beyond the performance tasks: quizzes, conferences, journals, ..."""

    id: ElementId
    title: Label
    kind: EvidenceKind = "other"
    description: Text = ""
    alignments: list[Alignment] = Field(default_factory=list)
    milestone: ElementId | None = None
