"""Review files for the report tests: every kind of comment, state, reply and conflict.

``review_file_for(unit)`` gives two reviews of ``unit`` with fixed dates:

- a coach's submitted review of the current version: comments of every kind on a
  task, a milestone, a rubric criterion and section anchors, a reply, a comment the
  teacher's revision has touched (its ``seen`` hash is old), two conflicting versions
  of one comment (``variant_of``), a comment on an element the unit no longer has, a
  decided score, an undecided one and two conflicting scores of one criterion, next
  steps and merge notes;
- a colleague's draft of an earlier version (another ``unit_version``), undecided.

``COMMENT_TEXTS`` lists the words of every comment and reply, for "appears in every
format" checks.
"""

from __future__ import annotations

import datetime as dt

from pbl_author.model import Unit
from pbl_author.model.review import Comment, Reply, ReviewFile, Score
from pbl_author.review.files import empty_review_file, make_comment, new_review

COACH_DATE = dt.date(2025, 3, 4)
REPLY_DATE = dt.date(2025, 3, 6)
COLLEAGUE_DATE = dt.date(2025, 2, 20)
OLD_VERSION = "sha256:0123456789ab"

TASK_TEXT = "The product is clear and the audience is real. Students will care about this."
MILESTONE_TEXT = "Could the formative check happen a day earlier, so teams can still revise?"
CRITERION_TEXT = "This criterion mixes two skills; consider splitting it into two rows."
QUESTION_TEXT = "How will students who join late catch up with the need-to-knows?"
REVISED_TEXT = "The entry event could start with the real client in the room."
VARIANT_A = "Name the public audience: which council members will attend?"
VARIANT_B = "Name the public audience and invite the local newspaper too."
REMOVED_TEXT = "This old task repeats the survey; it could go."
REPLY_TEXT = "Thanks, we moved the check to Thursday of week 3."
COLLEAGUE_TEXT = "The reflection prompts are warm and specific; students will answer them."
XSS_TEXT = (
    "Look <script>alert('x')</script> and [this link](javascript:alert(1)) "
    "and <img src=x onerror=alert(2)>."
)

COMMENT_TEXTS = (
    TASK_TEXT,
    MILESTONE_TEXT,
    CRITERION_TEXT,
    QUESTION_TEXT,
    REVISED_TEXT,
    VARIANT_A,
    VARIANT_B,
    REMOVED_TEXT,
    REPLY_TEXT,
    COLLEAGUE_TEXT,
)


def review_file_for(unit: Unit, *, hostile: bool = False) -> ReviewFile:
    """Two reviews of ``unit`` covering every part of the report (see the module)."""
    reviews = empty_review_file(unit)
    coach = new_review(
        reviews, unit, "Ana Ruiz", role="Instructional coach", date=COACH_DATE,
        protocol="Tuning protocol",
        focusing_question="Do the milestones give every team time to *revise*?",
    )  # fmt: skip
    task = unit.tasks[0].id
    milestone = unit.path.milestones()[0].id
    criterion = unit.rubrics[0].criteria[0].id
    for anchor, text, kind in [
        (task, TASK_TEXT, "warm"),
        (milestone, MILESTONE_TEXT, "cool"),
        (criterion, CRITERION_TEXT, "suggestion"),
        ("need-to-knows", QUESTION_TEXT, "question"),
        ("entry-event", REVISED_TEXT, "suggestion"),
    ]:
        coach.comments = [*coach.comments, make_comment(coach, unit, anchor, text, kind)]
    milestone_comment = coach.comments[1]
    coach.comments[1] = milestone_comment.model_copy(
        update={
            "status": "addressed",
            "replies": [Reply(author="Sam Teacher", date=REPLY_DATE, text=REPLY_TEXT)],
        }
    )
    coach.comments[4] = coach.comments[4].model_copy(update={"seen": "000000000000"})
    product = make_comment(coach, unit, "public-product", VARIANT_A, "cool")
    coach.comments = [
        *coach.comments,
        product.model_copy(update={"id": "c6", "variant_of": "c6"}),
        product.model_copy(
            update={"id": "c6-vabc123", "variant_of": "c6", "text": VARIANT_B, "status": "open"}
        ),
        Comment(
            id="c7",
            anchor="old-survey-task",
            kind="suggestion",
            text=REMOVED_TEXT,
            author="Ana Ruiz",
            seen="abcdef012345",
            status="dismissed",
        ),
    ]
    if hostile:
        coach.comments = [
            *coach.comments,
            make_comment(coach, unit, "driving-question", XSS_TEXT, "question"),
        ]
    scores = list(coach.scores)
    scores[0] = scores[0].model_copy(update={"level": scores[0].suggested})
    scores[1] = scores[1].model_copy(update={"level": "developing"})
    # scores[2:] stay undecided; the last criterion gets two conflicting decided scores.
    last = scores[-1]
    scores[-1:] = [
        last.model_copy(update={"level": "developing", "conflict": True}),
        Score(
            criterion=last.criterion,
            level="demonstrating",
            suggested=last.suggested,
            evidence="- Found: every task has a rubric",
            conflict=True,
        ),
    ]
    coach.scores = scores
    coach.next_steps = "1. Move the formative check earlier.\n2. Invite the client to the launch."
    coach.conflicts = ["protocol: another copy says 'Charrette'"]
    coach.status = "submitted"

    colleague = new_review(
        reviews, unit, "Lee Park", role="Grade-level colleague", date=COLLEAGUE_DATE,
    )  # fmt: skip
    colleague.unit_version = OLD_VERSION
    colleague.comments = [make_comment(colleague, unit, "reflection", COLLEAGUE_TEXT, "warm")]
    return reviews
