"""Review files (``NAME.review.yaml``) and the unit they review.

A review file sits beside the unit file (or the shared notebook) it reviews and
names the unit by id; each review in it names the unit version it read by
content hash. Reading never executes anything: a notebook is read as JSON and
the unit taken from its metadata. Writing is atomic.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..checks.design_rubric import design_rubric, suggest_design_scores
from ..files.atomic import atomic_write_text
from ..files.text import read_document
from ..files.yamltext import dump_yaml, load_yaml
from ..formats import unitfile
from ..model import DocumentError, Problem, Unit, slugify, validate_as
from ..model.integrity import duplicates
from ..model.problems import did_you_mean
from ..model.review import Comment, DesignRubric, Review, ReviewFile, Score
from .anchors import anchors, unit_version

REVIEW_SUFFIX = ".review.yaml"
NOTEBOOK_SUFFIX = ".ipynb"


def is_review_file(path: str | os.PathLike[str]) -> bool:
    return Path(path).name.endswith(REVIEW_SUFFIX)


def _stem(path: Path) -> str:
    name = path.name
    for suffix in (*unitfile.UNIT_SUFFIXES, REVIEW_SUFFIX, NOTEBOOK_SUFFIX):
        if name.endswith(suffix):
            return name[: -len(suffix)]
    return path.stem


def review_path_for(subject: str | os.PathLike[str]) -> Path:
    """Where the reviews of a unit file or notebook are kept: ``NAME.review.yaml`` beside it."""
    path = Path(subject)
    return path.with_name(_stem(path) + REVIEW_SUFFIX)


@dataclass
class Subject:
    """The unit under review and where it came from."""

    unit: Unit
    path: Path
    kind: str  # "unit file" or "notebook"


def load_subject(path: str | os.PathLike[str]) -> Subject:
    """The unit in a unit file, or in a pbl-author notebook's metadata (never executed)."""
    target = Path(path)
    if target.name.endswith(NOTEBOOK_SUFFIX):
        from ..formats.notebook_import import load_notebook

        return Subject(load_notebook(target).unit, target, "notebook")
    if unitfile.is_unit_file(target):
        return Subject(unitfile.load_unit(target), target, "unit file")
    raise DocumentError(
        [
            Problem(
                "",
                "expected a unit file (NAME.unit.yaml or NAME.unit.json) "
                "or a pbl-author notebook (NAME.ipynb)",
            )
        ],
        str(path),
    )


# -- reading and writing ------------------------------------------------------


def review_file_problems(reviews: ReviewFile, rubric: DesignRubric | None = None) -> list[Problem]:
    """Cross-reference problems: ids unique, scores name the rubric's criteria and levels."""
    rubric = rubric or design_rubric()
    problems = list(
        duplicates(((f"reviews[{i}].id", r.id) for i, r in enumerate(reviews.reviews)), "review id")
    )
    criteria = [c.id for c in rubric.criteria]
    levels = [level.id for level in rubric.levels]
    for index, review in enumerate(reviews.reviews):
        where = f"reviews[{index}]"
        problems.extend(
            duplicates(
                ((f"{where}.comments[{c}].id", x.id) for c, x in enumerate(review.comments)),
                "comment id",
            )
        )
        if review.rubric != rubric.id:
            continue  # scored with another network's rubric: its criteria are its own
        plain = (
            (f"{where}.scores[{s}].criterion", score.criterion)
            for s, score in enumerate(review.scores)
            if not score.conflict
        )
        problems.extend(duplicates(plain, "score for criterion"))
        for s_index, score in enumerate(review.scores):
            at = f"{where}.scores[{s_index}]"
            if score.criterion not in criteria:
                problems.append(
                    Problem(
                        f"{at}.criterion",
                        f"unknown criterion '{score.criterion}'"
                        f"{did_you_mean(score.criterion, criteria)} "
                        f"(the design rubric has: {', '.join(criteria)})",
                    )
                )
            for name in ("level", "suggested"):
                value = getattr(score, name)
                if value is not None and value not in levels:
                    problems.append(
                        Problem(
                            f"{at}.{name}",
                            f"unknown level '{value}'{did_you_mean(value, levels)} "
                            f"(levels: {', '.join(levels)})",
                        )
                    )
    return problems


def parse_review_file(data: Any, rubric: DesignRubric | None = None) -> ReviewFile:
    """A validated review file from plain data; DocumentError names every problem."""
    if isinstance(data, dict) and data.get("kind", "pbl-author-review") != "pbl-author-review":
        raise DocumentError([Problem("kind", "this is not a pbl-author review file")])
    reviews = validate_as(ReviewFile, data)
    problems = review_file_problems(reviews, rubric)
    if problems:
        raise DocumentError(problems)
    return reviews


def load_review_file(
    path: str | os.PathLike[str], rubric: DesignRubric | None = None
) -> ReviewFile:
    try:
        return parse_review_file(load_yaml(read_document(Path(path))), rubric)
    except DocumentError as exc:
        raise exc.with_source(str(path)) from None


def review_file_data(reviews: ReviewFile) -> dict[str, Any]:
    """Plain data in file order, defaults left out (the kind and version always written)."""
    data = reviews.model_dump(mode="json", exclude_defaults=True)
    data = {"schema_version": reviews.schema_version, "kind": reviews.kind, **data}
    return {name: data[name] for name in ReviewFile.model_fields if name in data}


def dumps_review_file(reviews: ReviewFile) -> str:
    return dump_yaml(review_file_data(reviews))


def save_review_file(reviews: ReviewFile, path: str | os.PathLike[str]) -> bool:
    """Write atomically (the previous file kept as ``NAME.bak``); False when unchanged."""
    if not is_review_file(path):
        raise DocumentError([Problem("", f"review files are named NAME{REVIEW_SUFFIX}")], str(path))
    return atomic_write_text(path, dumps_review_file(reviews), backup=True)


def check_same_unit(reviews: ReviewFile, unit: Unit, source: str = "") -> None:
    """DocumentError when the review file is about another unit."""
    if reviews.unit != unit.id:
        raise DocumentError(
            [
                Problem(
                    "unit",
                    f"this review file is for unit '{reviews.unit}', not '{unit.id}' "
                    f"({unit.title})",
                )
            ],
            source or None,
        )


def with_embedded_reviews(reviews: ReviewFile, unit: Unit) -> ReviewFile:
    """The review file together with the reviews kept inside the unit itself (merged)."""
    if not unit.reviews:
        return reviews
    from .merge import merge_review_files

    embedded = ReviewFile(unit=unit.id, unit_title=unit.title, reviews=list(unit.reviews))
    return merge_review_files([reviews, embedded])


# -- making reviews ------------------------------------------------------------


def fresh_review_id(reviews: ReviewFile, reviewer: str, date: dt.date | None) -> str:
    base = slugify(f"{reviewer} {date.isoformat() if date else ''}".strip(), "review")
    taken = {review.id for review in reviews.reviews}
    candidate, number = base, 2
    while candidate in taken:
        candidate = f"{base[:44]}-{number}"
        number += 1
    return candidate


def suggested_scores(unit: Unit, rubric: DesignRubric | None = None) -> list[Score]:
    """The design rubric's criteria, each with the level the checks suggest and the evidence."""
    rubric = rubric or design_rubric()
    suggestions = {s.criterion: s for s in suggest_design_scores(unit, rubric=rubric)}
    scores = []
    for criterion in rubric.criteria:
        suggestion = suggestions.get(criterion.id)
        if suggestion is None:
            scores.append(Score(criterion=criterion.id))
            continue
        lines = [f"Found: {item}" for item in suggestion.evidence]
        lines += [f"Missing: {item}" for item in suggestion.missing]
        scores.append(
            Score(
                criterion=criterion.id,
                suggested=suggestion.level,
                evidence="\n".join(f"- {line}" for line in lines),
            )
        )
    return scores


def new_review(
    reviews: ReviewFile,
    unit: Unit,
    reviewer: str,
    *,
    role: str = "",
    date: dt.date | None = None,
    protocol: str = "",
    focusing_question: str = "",
    rubric: DesignRubric | None = None,
) -> Review:
    """A draft review of ``unit``, scores pre-filled with suggestions, added to ``reviews``."""
    rubric = rubric or design_rubric()
    review = Review(
        id=fresh_review_id(reviews, reviewer, date),
        reviewer=reviewer,
        role=role,
        date=date,
        unit_version=unit_version(unit),
        protocol=protocol,
        focusing_question=focusing_question,
        rubric=rubric.id,
        scores=suggested_scores(unit, rubric),
    )
    reviews.reviews = [*reviews.reviews, review]
    return review


def empty_review_file(unit: Unit) -> ReviewFile:
    return ReviewFile(unit=unit.id, unit_title=unit.title)


def fresh_comment_id(review: Review) -> str:
    taken = {comment.id for comment in review.comments}
    number = len(review.comments) + 1
    while f"c{number}" in taken:
        number += 1
    return f"c{number}"


def make_comment(
    review: Review, unit: Unit, anchor: str, text: str, kind: str = "suggestion"
) -> Comment:
    """A comment on ``anchor`` by the review's reviewer, remembering the element's version."""
    if not text.strip():
        raise DocumentError([Problem("text", "the comment is empty; write it first")])
    known = anchors(unit)
    if anchor not in known:
        raise DocumentError(
            [Problem("anchor", f"unknown element '{anchor}'{did_you_mean(anchor, known)}")]
        )
    return Comment(
        id=fresh_comment_id(review),
        anchor=anchor,
        kind=kind,
        text=text,
        author=review.reviewer,
        seen=known[anchor].version,
    )


__all__ = [
    "REVIEW_SUFFIX",
    "Subject",
    "check_same_unit",
    "dumps_review_file",
    "empty_review_file",
    "fresh_comment_id",
    "fresh_review_id",
    "is_review_file",
    "load_review_file",
    "load_subject",
    "make_comment",
    "new_review",
    "parse_review_file",
    "review_file_data",
    "review_file_problems",
    "review_path_for",
    "save_review_file",
    "suggested_scores",
    "with_embedded_reviews",
]
