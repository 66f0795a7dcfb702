"""Merging review files: order does not matter, nothing is lost, conflicts are kept.

The property tests build several copies of one review file the way co-reviewers
make them (each copy edits, adds, replies, decides scores) and merge them in
every order hypothesis chooses.
"""

from __future__ import annotations

import datetime as dt
import os

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pbl_author.files.yamltext import load_yaml
from pbl_author.model import DocumentError
from pbl_author.model.review import Comment, Reply, Review, ReviewFile, Score
from pbl_author.review.files import dumps_review_file, parse_review_file
from pbl_author.review.merge import merge_review_files

EXAMPLES = int(os.environ.get("PBL_HYPOTHESIS_EXAMPLES", "300"))
ANCHORS = ["unit", "driving-question", "t1", "t2", "m1", "rubric-1"]
CRITERIA = ["challenging-question", "sustained-inquiry", "authenticity"]
LEVELS = [None, "beginning", "developing", "demonstrating"]
WORDS = st.sampled_from(
    ["Strong hook.", "Add a checkpoint?", "Who is the audience?", "Nice", "é ✓"]
)

comment_strategy = st.builds(
    Comment,
    id=st.sampled_from(["c1", "c2", "c3", "c10"]),
    anchor=st.sampled_from(ANCHORS),
    kind=st.sampled_from(["warm", "cool", "question", "suggestion"]),
    text=WORDS,
    author=st.sampled_from(["Ana", "Ben"]),
    status=st.sampled_from(["open", "addressed", "dismissed"]),
    replies=st.lists(
        st.builds(
            Reply,
            author=st.sampled_from(["Teacher", "Ana"]),
            date=st.one_of(st.none(), st.dates(dt.date(2026, 1, 1), dt.date(2026, 12, 31))),
            text=WORDS,
        ),
        max_size=2,
    ),
)
score_strategy = st.builds(
    Score,
    criterion=st.sampled_from(CRITERIA),
    level=st.sampled_from(LEVELS),
    suggested=st.sampled_from(LEVELS),
    evidence=st.sampled_from(["", "- Found: a driving question", "typed by the coach"]),
)


def _unique(items, key):
    seen, kept = set(), []
    for item in items:
        if key(item) not in seen:
            seen.add(key(item))
            kept.append(item)
    return kept


@st.composite
def reviews(draw):
    return Review(
        id=draw(st.sampled_from(["ana-2026-11-20", "ben-2026-11-21", "cy"])),
        reviewer=draw(st.sampled_from(["Ana", "Ben"])),
        role=draw(st.sampled_from(["", "coach", "colleague"])),
        date=draw(st.one_of(st.none(), st.dates(dt.date(2026, 1, 1), dt.date(2026, 12, 31)))),
        focusing_question=draw(st.sampled_from(["", "Is the launch strong enough?"])),
        scores=_unique(draw(st.lists(score_strategy, max_size=3)), lambda s: s.criterion),
        comments=_unique(draw(st.lists(comment_strategy, max_size=4)), lambda c: c.id),
        next_steps=draw(st.sampled_from(["", "Add a mid-point critique."])),
        status=draw(st.sampled_from(["draft", "submitted"])),
    )


review_files = st.builds(
    ReviewFile,
    unit=st.just("water-watchers"),
    unit_title=st.sampled_from(["", "Water Watchers"]),
    reviews=st.lists(reviews(), max_size=3).map(lambda rs: _unique(rs, lambda r: r.id)),
)

PROPERTY = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


def _comment_keys(review_file: ReviewFile) -> set[tuple]:
    return {
        (review.id, c.anchor, c.kind, c.text, c.author)
        for review in review_file.reviews
        for c in review.comments
    }


def _reply_keys(review_file: ReviewFile) -> set[tuple]:
    return {
        (review.id, c.anchor, c.kind, c.text, c.author, r.author, r.date, r.text)
        for review in review_file.reviews
        for c in review.comments
        for r in c.replies
    }


@PROPERTY
@given(st.lists(review_files, min_size=1, max_size=4), st.randoms(use_true_random=False))
def test_merge_is_order_independent_and_loses_nothing(inputs, random):
    merged = merge_review_files(inputs)
    shuffled = list(inputs)
    random.shuffle(shuffled)
    assert merge_review_files(shuffled) == merged

    # No comment and no reply is lost; no comment is invented.
    expected = set().union(*(_comment_keys(f) for f in inputs))
    assert _comment_keys(merged) == expected
    assert _reply_keys(merged) == set().union(*(_reply_keys(f) for f in inputs))
    # Every review is kept, once.
    assert sorted(r.id for r in merged.reviews) == sorted({r.id for f in inputs for r in f.reviews})
    # Ids stay unique within a review, so the merged file is a valid file.
    for review in merged.reviews:
        ids = [c.id for c in review.comments]
        assert len(ids) == len(set(ids))


@PROPERTY
@given(st.lists(review_files, min_size=1, max_size=3))
def test_merging_again_changes_nothing(inputs):
    merged = merge_review_files(inputs)
    assert merge_review_files([merged, merged]) == merged
    for original in inputs:  # a co-reviewer's file merged in twice adds nothing new
        assert merge_review_files([merged, original]) == merged
    # and merging in steps is merging at once
    assert merge_review_files([merge_review_files(inputs[:1]), *inputs[1:]]) == merged


@PROPERTY
@given(st.lists(review_files, min_size=1, max_size=3))
def test_a_merged_file_saves_and_reads_back_the_same(inputs):
    merged = merge_review_files(inputs)
    assert parse_review_file(load_yaml(dumps_review_file(merged))) == merged


# -- the rules, example by example ---------------------------------------------------


def _file(*comments: Comment, scores=(), **review) -> ReviewFile:
    fields = {"id": "ana", "reviewer": "Ana"} | review
    return ReviewFile(
        unit="water-watchers",
        reviews=[Review(**fields, comments=list(comments), scores=list(scores))],
    )


def test_the_same_comment_in_two_files_is_kept_once_with_both_replies():
    base = Comment(id="c1", anchor="t1", kind="warm", text="Strong hook.", author="Ana")
    one = base.model_copy(update={"replies": [Reply(author="Teacher", text="Thanks!")]})
    two = base.model_copy(update={"status": "addressed"})
    (review,) = merge_review_files([_file(one), _file(two)]).reviews
    assert len(review.comments) == 1
    (comment,) = review.comments
    assert comment.status == "addressed"
    assert [r.text for r in comment.replies] == ["Thanks!"]
    assert comment.variant_of is None


def test_conflicting_edits_are_both_kept_and_marked():
    one = Comment(id="c1", anchor="t1", kind="cool", text="Add a checkpoint.", author="Ana")
    two = one.model_copy(update={"text": "Add two checkpoints."})
    (review,) = merge_review_files([_file(one), _file(two)]).reviews
    assert sorted(c.text for c in review.comments) == ["Add a checkpoint.", "Add two checkpoints."]
    assert {c.variant_of for c in review.comments} == {"c1"}
    assert "c1" in {c.id for c in review.comments}
    assert len({c.id for c in review.comments}) == 2


def test_a_decided_score_wins_over_the_undecided_suggestion_and_differing_levels_conflict():
    suggested = Score(criterion="authenticity", suggested="developing", evidence="- Found: x")
    decided = suggested.model_copy(update={"level": "demonstrating"})
    (review,) = merge_review_files([_file(scores=[suggested]), _file(scores=[decided])]).reviews
    assert review.scores == [decided]

    other = suggested.model_copy(update={"level": "beginning"})
    (review,) = merge_review_files([_file(scores=[decided]), _file(scores=[other])]).reviews
    assert [s.level for s in review.scores] == ["beginning", "demonstrating"]
    assert all(s.conflict for s in review.scores)


def test_conflicting_review_fields_are_noted_in_words():
    one = _file(focusing_question="Is the launch strong?", date=dt.date(2026, 11, 20))
    two = _file(focusing_question="Is the critique enough?", date=dt.date(2026, 11, 21))
    (review,) = merge_review_files([one, two]).reviews
    assert review.date == dt.date(2026, 11, 21)
    assert review.focusing_question == "Is the critique enough?"
    assert review.conflicts == [
        "date: another copy says '2026-11-20'",
        "focusing question: another copy says 'Is the launch strong?'",
    ]


def test_files_about_different_units_are_refused():
    other = ReviewFile(unit="budget-for-our-school")
    with pytest.raises(DocumentError) as caught:
        merge_review_files([_file(), other], ["a.review.yaml", "b.review.yaml"])
    assert str(caught.value.problems[0]) == (
        "unit: these review files are about different units: "
        "'water-watchers' (a.review.yaml), 'budget-for-our-school' (b.review.yaml)"
    )
