"""Merge several review files of one unit into one, losing nothing.

Rules (each one makes the result the same whatever order the files come in, and
merging a result again with any of its inputs changes nothing):

- Reviews are matched by id; different reviewers' reviews sit side by side.
- A comment is matched by id within its review. Copies with the same anchor,
  kind, text and author are one comment: kept once, with the union of their
  replies and the furthest status (open < dismissed < addressed). Copies that
  differ are *conflicting versions*: all are kept, each marked with
  ``variant_of`` (the first, in a fixed order, keeps the id; the others get the
  id plus a short hash of their content).
- A score is matched by criterion. A decided level wins over an undecided copy
  with the same evidence; otherwise differing scores are all kept, marked
  ``conflict``.
- A review's own fields (reviewer, role, focusing question, next steps, ...):
  when copies differ, one value is kept (the latest date, submitted over draft,
  otherwise the first in alphabetical order) and every other value is written
  into ``conflicts``, in words.
- Comments anchored to elements the unit no longer has are kept like any other;
  ``pbl_author.review.status`` flags them against the current unit.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from typing import Any

from ..checks.design_rubric import design_rubric
from ..model import DocumentError, Problem
from ..model.review import Comment, Reply, Review, ReviewFile, Score
from .anchors import content_version

STATUS_RANK = {"open": 0, "dismissed": 1, "addressed": 2}
REVIEW_STATUS_RANK = {"draft": 0, "submitted": 1}
#: A review's own fields that merge as "one value kept, the others noted".
_FIELDS = ("reviewer", "role", "unit_version", "protocol", "focusing_question", "rubric")
_TEXT_FIELDS = ("next_steps",)


def natural_key(text: str) -> tuple[Any, ...]:
    """``c2`` before ``c10``."""
    return tuple(int(part) if part.isdigit() else part for part in re.split(r"(\d+)", text))


def _merge_replies(groups: Iterable[list[Reply]]) -> list[Reply]:
    seen: dict[tuple[str, str, str], Reply] = {}
    for replies in groups:
        for reply in replies:
            key = (reply.author, reply.date.isoformat() if reply.date else "", reply.text)
            seen.setdefault(key, reply)
    # Dated replies in date order; undated ones (hand-written files) after them.
    return [seen[key] for key in sorted(seen, key=lambda k: (k[1] == "", k[1], k[0], k[2]))]


def _comment_key(comment: Comment) -> tuple[str, str, str, str]:
    return (comment.anchor, comment.kind, comment.text, comment.author)


def _merge_comment_group(base: str, copies: list[Comment]) -> list[Comment]:
    versions: dict[tuple[str, str, str, str], list[Comment]] = {}
    for comment in copies:
        versions.setdefault(_comment_key(comment), []).append(comment)
    merged = []
    for key in sorted(versions):
        same = versions[key]
        merged.append(
            Comment(
                id=base,
                anchor=key[0],
                kind=key[1],
                text=key[2],
                author=key[3],
                status=max((c.status for c in same), key=STATUS_RANK.__getitem__),
                replies=_merge_replies(c.replies for c in same),
                # Copies that saw different versions of the element (rare: the same
                # comment written twice): keep one, the same one whatever the order.
                seen=max(c.seen for c in same),
            )
        )
    if len(merged) == 1:
        return merged
    for index, comment in enumerate(merged):
        suffix = content_version(list(_comment_key(comment)))[:6]
        new_id = base if index == 0 else f"{base[:40].rstrip('-')}-v{suffix}"
        merged[index] = comment.model_copy(update={"id": new_id, "variant_of": base})
    return merged


def _merge_comments(reviews: list[Review]) -> list[Comment]:
    groups: dict[str, list[Comment]] = {}
    for review in reviews:
        for comment in review.comments:
            groups.setdefault(comment.variant_of or comment.id, []).append(comment)
    merged = []
    for base in sorted(groups, key=natural_key):
        merged.extend(_merge_comment_group(base, groups[base]))
    return merged


def _score_key(score: Score) -> tuple[str, str, str]:
    return (score.level or "", score.suggested or "", score.evidence)


def _merge_scores(reviews: list[Review]) -> list[Score]:
    order = {c.id: i for i, c in enumerate(design_rubric().criteria)}
    groups: dict[str, dict[tuple[str, str, str], Score]] = {}
    for review in reviews:
        for score in review.scores:
            groups.setdefault(score.criterion, {}).setdefault(_score_key(score), score)
    merged = []
    for criterion in sorted(groups, key=lambda c: (order.get(c, len(order)), c)):
        versions = groups[criterion]
        decided_evidence = {s.evidence for s in versions.values() if s.level is not None}
        kept = [
            key
            for key, score in versions.items()
            if score.level is not None or score.evidence not in decided_evidence
        ]
        conflict = len(kept) > 1
        for key in sorted(kept):
            merged.append(versions[key].model_copy(update={"conflict": conflict}))
    return merged


def _noted(field: str, value: Any) -> str:
    shown = value.isoformat() if isinstance(value, dt.date) else str(value)
    return f"{field.replace('_', ' ')}: another copy says {shown!r}"


def _merge_review(copies: list[Review]) -> Review:
    first = copies[0]
    update: dict[str, Any] = {}
    notes: set[str] = {note for review in copies for note in review.conflicts}
    for name in (*_FIELDS, *_TEXT_FIELDS, "date"):
        default = Review.model_fields[name].default
        values = {getattr(review, name) for review in copies} - {default}
        if not values:
            update[name] = default
            continue
        chosen = max(values) if name == "date" else min(values)
        update[name] = chosen
        notes.update(_noted(name, value) for value in values - {chosen})
    update["status"] = max((r.status for r in copies), key=REVIEW_STATUS_RANK.__getitem__)
    update["scores"] = _merge_scores(copies)
    update["comments"] = _merge_comments(copies)
    chosen_notes = {_noted(name, update[name]) for name in (*_FIELDS, *_TEXT_FIELDS, "date")}
    update["conflicts"] = sorted(notes - chosen_notes)
    return first.model_copy(update=update)


def _review_order(review: Review) -> tuple[Any, ...]:
    return (review.date is None, review.date or dt.date.min, review.reviewer, review.id)


def merge_review_files(files: Sequence[ReviewFile], sources: Sequence[str] = ()) -> ReviewFile:
    """One review file holding everything in ``files`` (all about the same unit)."""
    if not files:
        raise ValueError("nothing to merge")
    units = sorted({f.unit for f in files})
    if len(units) > 1:
        named = [
            f"'{f.unit}'" + (f" ({sources[i]})" if i < len(sources) else "")
            for i, f in enumerate(files)
        ]
        raise DocumentError(
            [
                Problem(
                    "unit",
                    "these review files are about different units: " + ", ".join(named),
                )
            ]
        )
    by_id: dict[str, list[Review]] = {}
    for review_file in files:
        for review in review_file.reviews:
            by_id.setdefault(review.id, []).append(review)
    reviews = sorted((_merge_review(copies) for copies in by_id.values()), key=_review_order)
    titles = sorted({f.unit_title for f in files} - {""})
    return ReviewFile(unit=units[0], unit_title=titles[0] if titles else "", reviews=reviews)


__all__ = ["merge_review_files", "natural_key"]
