"""Classroom culture, critique and revision, the public product, and reflection."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import Field

from .base import ElementId, Label, StrictModel, Text

ChoiceKind = Literal["topic", "product", "process", "team", "role", "audience", "pace", "other"]
SupportGroup = Literal["english_learners", "iep", "all_students", "extension", "other"]
CritiqueKind = Literal["critique", "revision"]
Audience = Literal["student", "teacher"]
Moment = Literal["launch", "midpoint", "end"]


class Teams(StrictModel):
    """How students are grouped."""

    size_min: Annotated[int, Field(ge=1, le=40)] | None = None
    size_max: Annotated[int, Field(ge=1, le=40)] | None = None
    formation: Text = ""
    contract: Text = ""


class Role(StrictModel):
    """A role students take in a team."""

    id: ElementId
    title: Label
    description: Text = ""


class VoiceChoice(StrictModel):
    """A point where students decide something that matters."""

    id: ElementId
    kind: ChoiceKind = "other"
    description: Text
    milestone: ElementId | None = None
    task: ElementId | None = None


class Support(StrictModel):
    """A support for some or all learners (English learners, students with IEPs, ...)."""

    id: ElementId
    group: SupportGroup = "all_students"
    description: Text


class Culture(StrictModel):
    """Teams, roles, norms, voice and choice, supports."""

    teams: Teams = Field(default_factory=Teams)
    roles: list[Role] = Field(default_factory=list)
    norms: list[Text] = Field(default_factory=list)
    voice_and_choice: list[VoiceChoice] = Field(default_factory=list)
    supports: list[Support] = Field(default_factory=list)


class CritiqueStep(StrictModel):
    """A round of critique (feedback on drafts) or of revision (acting on it)."""

    id: ElementId
    kind: CritiqueKind
    protocol: Label = ""
    description: Text = ""
    participants: Label = ""
    milestone: ElementId | None = None
    task: ElementId | None = None


class Critique(StrictModel):
    """Critique and revision, in order."""

    steps: list[CritiqueStep] = Field(default_factory=list)


class PublicProduct(StrictModel):
    """What students make public, for whom, when and how."""

    description: Text = ""
    audiences: list[Label] = Field(default_factory=list)
    date: dt.date | None = None
    format: Label = ""
    venue: Label = ""


class ReflectionPrompt(StrictModel):
    """A reflection prompt for students or the teacher at launch, midpoint or end."""

    id: ElementId
    audience: Audience = "student"
    moment: Moment
    text: Text
    milestone: ElementId | None = None


class Reflection(StrictModel):
    prompts: list[ReflectionPrompt] = Field(default_factory=list)
