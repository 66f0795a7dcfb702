"""Helpers for review tests: a sample unit and a review file with comments on it."""

from __future__ import annotations

import datetime as dt

from pbl_author.formats.unitfile import load_unit
from pbl_author.review import files

from ..conftest import SAMPLES


def water_watchers():
    return load_unit(SAMPLES / "water-watchers.unit.yaml")


def reviewed(unit, reviewer="Ana López", day=20, comments=()):
    """A review file with one review by ``reviewer`` holding ``comments`` (anchor, kind, text)."""
    review_file = files.empty_review_file(unit)
    review = files.new_review(
        review_file, unit, reviewer, role="coach", date=dt.date(2026, 11, day), protocol="tuning"
    )
    for anchor, kind, text in comments:
        review.comments = [*review.comments, files.make_comment(review, unit, anchor, text, kind)]
    return review_file
