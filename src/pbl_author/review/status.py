"""Comments seen against the current version of the unit.

Each comment is placed where its element is *now* (comments follow elements that
moved), and gets a state:

- ``current``: the element is as the reviewer saw it;
- ``revised``: the element changed since the comment was written (the teacher's
  revision may address it; the status field says whether someone decided so);
- ``removed``: the unit no longer has the element. The comment is kept and
  shown under "No longer in the unit".
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

from ..model import Unit
from ..model.review import Comment, Review
from .anchors import SECTIONS, Anchor, anchors

CommentState = Literal["current", "revised", "removed"]
REMOVED_SECTION = "removed"
STATE_TEXT = {
    "current": "",
    "revised": "changed since this comment",
    "removed": "no longer in the unit",
}


@dataclass(frozen=True)
class CommentView:
    review: Review
    comment: Comment
    anchor: Anchor | None
    state: CommentState

    @property
    def section(self) -> str:
        return self.anchor.section if self.anchor else REMOVED_SECTION

    @property
    def label(self) -> str:
        if self.anchor is None:
            return f"'{self.comment.anchor}' (no longer in the unit)"
        return self.anchor.label

    @property
    def where(self) -> str:
        return self.anchor.where if self.anchor else ""


def comment_views(reviews: Iterable[Review], unit: Unit) -> list[CommentView]:
    """Every comment of ``reviews`` placed in ``unit``, in the unit's reading order."""
    known = anchors(unit)
    order = {anchor_id: index for index, anchor_id in enumerate(known)}
    sections = {key: index for index, key in enumerate(SECTIONS)}
    views = []
    for review in reviews:
        for comment in review.comments:
            anchor = known.get(comment.anchor)
            if anchor is None:
                state: CommentState = "removed"
            elif comment.seen and comment.seen != anchor.version:
                state = "revised"
            else:
                state = "current"
            views.append(CommentView(review, comment, anchor, state))

    def position(view: CommentView) -> tuple[int, int]:
        if view.anchor is None:
            return (len(sections), 0)
        return (sections[view.anchor.section], order[view.anchor.id])

    return sorted(views, key=position)  # stable: within an element, review order


def grouped(views: Iterable[CommentView]) -> list[tuple[str, list[tuple[str, list[CommentView]]]]]:
    """[(section title, [(element label, [views])])] in reading order, one entry per element
    (two elements with the same title stay apart)."""
    sections: dict[str, dict[str, tuple[str, list[CommentView]]]] = {}
    for view in views:
        title = SECTIONS.get(view.section, "No longer in the unit")
        label = view.label + (f" ({view.where})" if view.where else "")
        elements = sections.setdefault(title, {})
        elements.setdefault(view.comment.anchor, (label, []))[1].append(view)
    return [(title, list(elements.values())) for title, elements in sections.items()]


__all__ = [
    "REMOVED_SECTION",
    "STATE_TEXT",
    "CommentState",
    "CommentView",
    "comment_views",
    "grouped",
]
