"""Reviews of a unit by coaches and colleagues (the coach-review capability fills these in)."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import Field

from .base import ElementId, Label, StrictModel, Text

CommentKind = Literal["warm", "cool", "question", "suggestion"]
CommentStatus = Literal["open", "addressed", "dismissed"]
ReviewStatus = Literal["draft", "submitted"]


class Reply(StrictModel):
    author: Label
    date: dt.date | None = None
    text: Text


class Comment(StrictModel):
    """A comment anchored to an element of the unit (by element id or section anchor)."""

    id: ElementId
    anchor: ElementId
    kind: CommentKind = "suggestion"
    text: Text
    author: Label = ""
    status: CommentStatus = "open"
    replies: list[Reply] = Field(default_factory=list)


class Score(StrictModel):
    """A design-rubric score with the evidence for it."""

    criterion: ElementId
    level: ElementId
    evidence: Text = ""


class Review(StrictModel):
    id: ElementId
    reviewer: Label
    role: Label = ""
    date: dt.date | None = None
    unit_version: Label = ""
    protocol: Label = ""
    focusing_question: Text = ""
    scores: list[Score] = Field(default_factory=list)
    comments: list[Comment] = Field(default_factory=list)
    status: ReviewStatus = "draft"
