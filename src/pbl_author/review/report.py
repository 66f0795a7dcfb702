"""The coach's review report: a review file read against the current unit, as one view.

``build_report(reviews, unit, rubric)`` gathers, once, everything a reader of the report
sees; the renderers (``report_html``, ``report_docx``, ``report_pdf``) only draw it:

- for every review: who, in what role, when, with which protocol and focusing
  question, its status, the unit version it read (and whether that is still the
  current one), the design-rubric scores (the coach's level or "not decided", the
  suggested level, the evidence, conflicting scores marked), the comments placed
  where their elements are now (``status.comment_views``) and grouped by section
  and element, with their kind, author, status, state, replies and conflicting
  versions marked; the next steps and any notes a merge left;
- evidence for an educator micro-credential: the competency (designing a PBL unit,
  judged on the design rubric's criteria), the evidence (the unit and its version),
  the rubric and the levels reached, and the reviewers with their dates.

Text a person wrote (comments, evidence, names, titles) stays Markdown here; each
renderer draws it safely (HTML through ``pbl_author.render``). No clock is read: the
same review file and unit give the same report.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..checks.design_rubric import design_rubric
from ..formats.unit_html import page_language
from ..model import Unit
from ..model.review import DesignRubric, Review, ReviewFile, Score
from .anchors import unit_version
from .files import check_same_unit
from .status import STATE_TEXT, CommentView, comment_views, grouped

#: Format name -> file suffix of the report (the CLI's ``--to`` choices).
REPORT_FORMATS = {"html": ".html", "docx": ".docx", "pdf": ".pdf"}

KIND_TEXT = {
    "warm": "Warm feedback",
    "cool": "Cool feedback",
    "question": "Question",
    "suggestion": "Suggestion",
}
COMMENT_STATUS_TEXT = {"open": "Open", "addressed": "Addressed", "dismissed": "Dismissed"}
REVIEW_STATUS_TEXT = {"draft": "Draft", "submitted": "Submitted"}
NOT_DECIDED = "not decided"
NO_REVIEWS = "This review file has no reviews yet."
NO_COMMENTS = "No comments in this review."
NO_SCORES = "No design-rubric scores in this review."
COMPETENCY = "Designing a project-based learning unit"
CREDENTIAL_NOTE = "Levels reached are the levels reviewers decided; suggested levels do not count."


@dataclass(frozen=True)
class ReplyItem:
    author: str  # one line of Markdown
    date: str  # ISO date, "" when the reply has none
    text: str  # Markdown

    @property
    def heading(self) -> str:
        """ "Reply from Ana Ruiz, 2025-03-04" (one line of Markdown)."""
        return f"Reply from {self.author or 'someone'}" + (f", {self.date}" if self.date else "")


@dataclass(frozen=True)
class CommentItem:
    id: str
    kind: str
    kind_text: str
    text: str  # Markdown
    author: str  # one line of Markdown
    status: str
    status_text: str
    state: str  # current | revised | removed
    state_text: str  # "" for current
    replies: tuple[ReplyItem, ...]
    #: "" or "conflicting version 1 of 2 of comment c3 (a merge kept them side by side)".
    variant_text: str


@dataclass(frozen=True)
class ElementComments:
    label: str  # one line of Markdown: "Task: Water survey (task 1 of 3)"
    comments: tuple[CommentItem, ...]


@dataclass(frozen=True)
class SectionComments:
    title: str  # plain: "Performance tasks", "No longer in the unit"
    elements: tuple[ElementComments, ...]


@dataclass(frozen=True)
class ScoreRow:
    criterion: str  # the criterion's title (its id when the rubric does not have it)
    level: str  # the coach's level, or NOT_DECIDED
    decided: bool
    descriptor: str  # what the coach's level says in the rubric ("" when unknown)
    suggested: str  # the suggested level ("" when none)
    evidence: str  # Markdown
    conflict: bool

    @property
    def conflict_text(self) -> str:
        return "Conflicting scores: a merge kept more than one" if self.conflict else ""


@dataclass(frozen=True)
class ReviewSection:
    number: int  # 1, 2, ... (for ids in a page)
    id: str
    heading: str  # one line of Markdown: "Review by Ana Ruiz, 2025-03-04"
    reviewer: str
    role: str
    date: str
    status_text: str
    protocol: str
    focusing_question: str  # Markdown
    unit_version: str  # the content hash the review read ("" when not recorded)
    current: bool  # the review read the unit as it is now
    version_text: str  # that in words
    rubric_title: str
    scores: tuple[ScoreRow, ...]
    sections: tuple[SectionComments, ...]
    comment_count: int
    next_steps: str  # Markdown
    conflicts: tuple[str, ...]  # Markdown, one note each

    @property
    def fields(self) -> tuple[tuple[str, str], ...]:
        """(label, one line of Markdown) of the review's filled-in facts, in order."""
        items = (
            ("Reviewer", self.reviewer),
            ("Role", self.role),
            ("Date", self.date or "not given"),
            ("Status", self.status_text),
            ("Protocol", self.protocol),
            ("Unit version read", self.version_text),
            ("Design rubric", self.rubric_title),
        )
        return tuple((label, value) for label, value in items if value)


@dataclass(frozen=True)
class LevelReached:
    criterion: str
    #: (level title, "by Ana Ruiz (coach), 2025-03-04"), one per decided score; a draft
    #: review and conflicting scores are said so.
    levels: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class Credential:
    """Evidence for an educator micro-credential in designing PBL units."""

    competency: str
    criteria: tuple[str, ...]  # the design rubric's criteria (titles)
    evidence: str  # one line of Markdown: the unit, its version and content hash
    rubric: str  # the rubric's title
    levels: tuple[str, ...]  # the rubric's levels, lowest first
    reached: tuple[LevelReached, ...]
    reviewers: tuple[str, ...]  # one line of Markdown each: who, role, date, status


@dataclass(frozen=True)
class Report:
    unit_id: str
    unit_title: str  # one line of Markdown
    unit_version: str  # the unit's own version label ("1.0.0")
    unit_hash: str  # its content hash now
    language: str  # the unit's language tag (the page's lang)
    rubric_title: str
    reviews: tuple[ReviewSection, ...]
    credential: Credential

    @property
    def comment_count(self) -> int:
        return sum(review.comment_count for review in self.reviews)


# -- building the view ---------------------------------------------------------------------


def _date(value) -> str:
    return value.isoformat() if value else ""


def _variant_texts(review: Review) -> dict[str, str]:
    """Comment id -> "Conflicting version i of n of comment X (...)" for merged variants."""
    groups: dict[str, list[str]] = {}
    for comment in review.comments:
        if comment.variant_of:
            groups.setdefault(comment.variant_of, []).append(comment.id)
    texts = {}
    for base, ids in groups.items():
        for index, comment_id in enumerate(ids, start=1):
            texts[comment_id] = (
                f"conflicting version {index} of {len(ids)} of comment {base} "
                "(a merge kept them side by side)"
            )
    return texts


def _comment(view: CommentView, variants: dict[str, str]) -> CommentItem:
    comment = view.comment
    return CommentItem(
        id=comment.id,
        kind=comment.kind,
        kind_text=KIND_TEXT[comment.kind],
        text=comment.text,
        author=comment.author,
        status=comment.status,
        status_text=COMMENT_STATUS_TEXT[comment.status],
        state=view.state,
        state_text=STATE_TEXT[view.state],
        replies=tuple(ReplyItem(r.author, _date(r.date), r.text) for r in comment.replies),
        variant_text=variants.get(comment.id, ""),
    )


def _comment_sections(review: Review, unit: Unit) -> tuple[SectionComments, ...]:
    variants = _variant_texts(review)
    return tuple(
        SectionComments(
            title,
            tuple(
                ElementComments(label, tuple(_comment(view, variants) for view in views))
                for label, views in elements
            ),
        )
        for title, elements in grouped(comment_views([review], unit))
    )


def _uses(review: Review, rubric: DesignRubric) -> bool:
    return review.rubric == rubric.id


def _score(score: Score, rubric: DesignRubric | None) -> ScoreRow:
    if rubric is None:  # scored with a rubric this report does not have: ids as they are
        title, level, suggested, descriptor = (
            score.criterion, score.level or "", score.suggested or "", ""
        )  # fmt: skip
    else:
        criterion = next((c for c in rubric.criteria if c.id == score.criterion), None)
        title = criterion.title if criterion else score.criterion
        level = rubric.level_title(score.level)
        suggested = rubric.level_title(score.suggested)
        descriptor = criterion.descriptors.get(score.level or "", "") if criterion else ""
    return ScoreRow(
        criterion=title,
        level=level or NOT_DECIDED,
        decided=score.level is not None,
        descriptor=descriptor,
        suggested=suggested,
        evidence=score.evidence,
        conflict=score.conflict,
    )


def _version_text(review: Review, current: str) -> str:
    if not review.unit_version:
        return "not recorded"
    if review.unit_version == current:
        return f"{review.unit_version} (the current version of the unit)"
    return f"{review.unit_version} (not the current version: the unit has changed since)"


def _heading(review: Review) -> str:
    return f"Review by {review.reviewer}" + (f", {_date(review.date)}" if review.date else "")


def _review(
    number: int, review: Review, unit: Unit, rubric: DesignRubric, current: str
) -> ReviewSection:
    own = rubric if _uses(review, rubric) else None
    sections = _comment_sections(review, unit)
    return ReviewSection(
        number=number,
        id=review.id,
        heading=_heading(review),
        reviewer=review.reviewer,
        role=review.role,
        date=_date(review.date),
        status_text=REVIEW_STATUS_TEXT[review.status],
        protocol=review.protocol,
        focusing_question=review.focusing_question,
        unit_version=review.unit_version,
        current=review.unit_version == current,
        version_text=_version_text(review, current),
        rubric_title=rubric.title if own else f"{review.rubric} (not available here)",
        scores=tuple(_score(score, own) for score in review.scores),
        sections=sections,
        comment_count=len(review.comments),
        next_steps=review.next_steps,
        conflicts=tuple(review.conflicts),
    )


def _who(review: Review) -> str:
    role = f" ({review.role})" if review.role else ""
    date = f", {_date(review.date)}" if review.date else ""
    return f"{review.reviewer}{role}{date}"


def _credential(
    reviews: list[Review], unit: Unit, rubric: DesignRubric, current: str
) -> Credential:
    scored = [review for review in reviews if _uses(review, rubric)]
    reached = []
    for criterion in rubric.criteria:
        levels: list[tuple[str, str]] = []
        for review in scored:
            for score in review.scores:
                if score.criterion == criterion.id and score.level is not None:
                    by = f"by {_who(review)}"
                    if review.status == "draft":
                        by += " (a draft review)"
                    if score.conflict:
                        by += " (conflicting scores)"
                    entry = (rubric.level_title(score.level), by)
                    if entry not in levels:
                        levels.append(entry)
        reached.append(LevelReached(criterion.title, tuple(levels)))
    version = unit.identity.version.strip()
    evidence = f"The unit '{unit.title}'" + (f", version {version}" if version else "")
    evidence += f" (content {current}, unit id {unit.id})"
    reviewers = tuple(
        f"{_who(review)}; {REVIEW_STATUS_TEXT[review.status].lower()}" for review in reviews
    )
    return Credential(
        competency=COMPETENCY,
        criteria=tuple(criterion.title for criterion in rubric.criteria),
        evidence=evidence,
        rubric=rubric.title,
        levels=tuple(level.title for level in rubric.levels),
        reached=tuple(reached),
        reviewers=reviewers,
    )


def build_report(reviews: ReviewFile, unit: Unit, rubric: DesignRubric | None = None) -> Report:
    """The report of ``reviews`` (a review file of ``unit``) against ``unit`` as it is now.

    ``rubric`` is the design rubric the scores use (the shipped one by default); a
    review scored with another rubric shows its criterion and level ids as they are.
    DocumentError when the review file is about another unit.
    """
    check_same_unit(reviews, unit)
    rubric = rubric or design_rubric()
    current = unit_version(unit)
    sections = tuple(
        _review(number, review, unit, rubric, current)
        for number, review in enumerate(reviews.reviews, start=1)
    )
    return Report(
        unit_id=unit.id,
        unit_title=unit.title,
        unit_version=unit.identity.version.strip(),
        unit_hash=current,
        language=page_language(unit),
        rubric_title=rubric.title,
        reviews=sections,
        credential=_credential(reviews.reviews, unit, rubric, current),
    )


def render_report(
    reviews: ReviewFile, unit: Unit, fmt: str, rubric: DesignRubric | None = None
) -> bytes:
    """The review report in ``fmt`` (a key of ``REPORT_FORMATS``), deterministic bytes."""
    if fmt not in REPORT_FORMATS:
        raise ValueError(
            f"unknown report format '{fmt}' (choose from: {', '.join(REPORT_FORMATS)})"
        )
    report = build_report(reviews, unit, rubric)
    if fmt == "html":
        from .report_html import export
    elif fmt == "docx":
        from .report_docx import export
    else:
        from .report_pdf import export
    return export(report)


__all__ = [
    "CREDENTIAL_NOTE",
    "NOT_DECIDED",
    "REPORT_FORMATS",
    "CommentItem",
    "Credential",
    "ElementComments",
    "LevelReached",
    "ReplyItem",
    "Report",
    "ReviewSection",
    "ScoreRow",
    "SectionComments",
    "build_report",
    "render_report",
]
