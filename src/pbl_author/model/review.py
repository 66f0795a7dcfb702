"""Reviews of a unit by coaches and colleagues, the design rubric they score with,
and the review file that carries reviews beside a unit (``NAME.review.yaml``).

A review points at the unit it read by the unit's content hash (``unit_version``);
each comment also remembers the hash of the element it was written about
(``seen``), so a later version of the unit can tell which comments the teacher's
revision has touched. Merging reviews (``pbl_author.review.merge``) keeps
conflicting versions of a comment side by side and marks them with
``variant_of``; nothing here decides which one is right.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import Field

from .base import ElementId, Label, StrictModel, Text

CommentKind = Literal["warm", "cool", "question", "suggestion"]
CommentStatus = Literal["open", "addressed", "dismissed"]
ReviewStatus = Literal["draft", "submitted"]

REVIEW_FILE_VERSION = 1


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
    #: Short hash of the anchored element when the comment was written.
    seen: Label = ""
    #: Set by a merge: this is one of several conflicting versions of comment ``variant_of``.
    variant_of: ElementId | None = None


class Score(StrictModel):
    """A design-rubric score: the suggested level, the coach's level and the evidence."""

    criterion: ElementId
    #: The level the reviewer chose (None: not decided yet).
    level: ElementId | None = None
    #: The level the design checks suggest, with the evidence they found.
    suggested: ElementId | None = None
    evidence: Text = ""
    #: Set by a merge: another version of this score was kept beside it.
    conflict: bool = False


class Review(StrictModel):
    id: ElementId
    reviewer: Label
    role: Label = ""
    date: dt.date | None = None
    #: Content hash of the unit version the review read (see ``pbl_author.review.anchors``).
    unit_version: Label = ""
    protocol: Label = ""
    focusing_question: Text = ""
    #: The design rubric the scores use.
    rubric: ElementId = "pbl-author-design"
    scores: list[Score] = Field(default_factory=list)
    comments: list[Comment] = Field(default_factory=list)
    next_steps: Text = ""
    status: ReviewStatus = "draft"
    #: Set by a merge: values of this review's fields that conflicted, kept in words.
    conflicts: list[Text] = Field(default_factory=list)


class DesignLevel(StrictModel):
    id: ElementId
    title: Label


class DesignCriterion(StrictModel):
    id: ElementId
    title: Label
    #: Level id -> what a reader sees in a unit at that level.
    descriptors: dict[str, Text]


class DesignRubric(StrictModel):
    """A rubric for the design of a unit (the shipped one, or a network's own)."""

    id: ElementId
    title: Label
    levels: list[DesignLevel] = Field(min_length=2)
    criteria: list[DesignCriterion] = Field(min_length=1)

    def criterion(self, criterion_id: str) -> DesignCriterion:
        for criterion in self.criteria:
            if criterion.id == criterion_id:
                return criterion
        raise KeyError(criterion_id)

    def level_title(self, level_id: str | None) -> str:
        for level in self.levels:
            if level.id == level_id:
                return level.title
        return level_id or ""


class ReviewFile(StrictModel):
    """``NAME.review.yaml``: reviews of one unit, kept beside it."""

    schema_version: Literal[1] = REVIEW_FILE_VERSION
    kind: Literal["pbl-author-review"] = "pbl-author-review"
    #: The id of the unit reviewed.
    unit: ElementId
    #: The unit's title when the file was written (for a reader of the file).
    unit_title: Label = ""
    reviews: list[Review] = Field(default_factory=list)


__all__ = [
    "REVIEW_FILE_VERSION",
    "Comment",
    "CommentKind",
    "CommentStatus",
    "DesignCriterion",
    "DesignLevel",
    "DesignRubric",
    "Reply",
    "Review",
    "ReviewFile",
    "ReviewStatus",
    "Score",
]
