"""Rules on the framing: the driving question and the need-to-know list."""

from __future__ import annotations

from collections.abc import Iterator

from ..context import CheckContext
from ..driving_question import analyze, rewrite_pattern
from ..registry import Hit, rule

WHERE = ("driving-question", "framing.driving_question")

#: Which weakness of a driving question each rule reports.
KINDS = {
    "dq-open-ended": {"not_a_question", "yes_no", "factual", "topic_only"},
    "dq-for-students": {"jargon", "not_for_students"},
    "dq-scope": {"trivial", "limitless", "too_long"},
}


@rule("dq-missing", "error", "The unit has a driving question")
def dq_missing(ctx: CheckContext) -> Iterator[Hit]:
    text = ctx.unit.framing.driving_question
    if not text.strip():
        yield Hit(
            *WHERE,
            "The unit has no driving question yet. It is what students come back to every day.",
            "Write one open question your students will want to answer, for example "
            "'How might we ... for ...?'",
        )
        return
    placeholder = next((i for i in analyze(text) if i.kind == "missing"), None)
    if placeholder is not None:  # "TBD", "[driving question goes here]"
        yield Hit(*WHERE, placeholder.message, placeholder.hint)


def _question_hits(ctx: CheckContext, rule_id: str) -> Iterator[Hit]:
    text = ctx.unit.framing.driving_question
    if not text.strip():
        return
    # One finding per rule: the analysis lists the most telling weakness first.
    issue = next((i for i in analyze(text) if i.kind in KINDS[rule_id]), None)
    if issue is not None:
        hint = issue.hint
        pattern = rewrite_pattern(text)
        if pattern and pattern not in hint:
            hint = f"{hint} Try: {pattern}".strip()
        yield Hit(*WHERE, issue.message, hint)


@rule("dq-open-ended", "warning", "The driving question is open-ended")
def dq_open_ended(ctx: CheckContext) -> Iterator[Hit]:
    yield from _question_hits(ctx, "dq-open-ended")


@rule("dq-for-students", "warning", "The driving question is written for students")
def dq_for_students(ctx: CheckContext) -> Iterator[Hit]:
    yield from _question_hits(ctx, "dq-for-students")


@rule("dq-scope", "warning", "The driving question is neither trivial nor limitless")
def dq_scope(ctx: CheckContext) -> Iterator[Hit]:
    yield from _question_hits(ctx, "dq-scope")


@rule("need-to-knows", "warning", "The unit has a need-to-know list")
def need_to_knows(ctx: CheckContext) -> Iterator[Hit]:
    count = len(ctx.unit.framing.need_to_knows)
    least = ctx.threshold("min_need_to_knows")
    if count < least:
        yield Hit(
            "need-to-knows",
            "framing.need_to_knows",
            "The need-to-know list is empty." if count == 0 else
            f"The need-to-know list has {count} question(s); plan for at least {least}.",
            "After the entry event, list what students say they need to know to answer the "
            "driving question; it steers the inquiry.",
        )  # fmt: skip
