"""Driving-question analysis: agreement with a labelled set, messages, rewrites, Markdown.

Run with ``pytest tests/checks -q -s`` to see the agreement figure and the confusion summary.
"""

from __future__ import annotations

import re
from collections import Counter

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pbl_author.checks import driving_question as dq
from pbl_author.checks.driving_question import (
    KINDS,
    QuestionIssue,
    analyze,
    is_strong,
    rewrite_pattern,
)
from pbl_author.files.yamltext import load_yaml
from pbl_author.formats.unitfile import load_unit

from ..conftest import DATA, sample_unit_paths

LABELLED = load_yaml((DATA / "driving_questions.yaml").read_text(encoding="utf-8"))["questions"]
WEAK_KINDS = set(KINDS)


def _kinds(text: str) -> list[str]:
    return [issue.kind for issue in analyze(text)]


# --------------------------------------------------------------------------- the labelled set


def test_the_labelled_set_is_big_enough_and_well_formed():
    assert len(LABELLED) >= 100
    labels = Counter(item["label"] for item in LABELLED)
    assert set(labels) == {"strong", "weak"}
    assert labels["strong"] >= 40
    primary = Counter(item["kinds"][0] for item in LABELLED if item["label"] == "weak")
    for kind in KINDS:
        assert primary[kind] >= 6, f"only {primary[kind]} weak questions of kind {kind}"
    texts = [item["text"] for item in LABELLED]
    assert len(texts) == len(set(texts)), "a question is listed twice"
    for item in LABELLED:
        if item["label"] == "weak":
            assert item["kinds"] and set(item["kinds"]) <= WEAK_KINDS, item
        else:
            assert "kinds" not in item, item


def test_agreement_with_the_labelled_set_is_at_least_90_percent():
    confusion: Counter[tuple[str, str]] = Counter()
    disagreements = []
    for item in LABELLED:
        found = "weak" if analyze(item["text"]) else "strong"
        confusion[item["label"], found] += 1
        if found != item["label"]:
            disagreements.append((item["label"], _kinds(item["text"]), item["text"]))
    agreement = (confusion["strong", "strong"] + confusion["weak", "weak"]) / len(LABELLED)
    print(f"\ndriving questions: {len(LABELLED)} labelled, agreement {agreement:.1%}")
    print("                 found strong  found weak")
    for label in ("strong", "weak"):
        print(
            f"  label {label:<8} {confusion[label, 'strong']:>12}  {confusion[label, 'weak']:>10}"
        )
    for label, kinds, text in disagreements:
        print(f"  disagree: labelled {label}, found {kinds or 'strong'}: {text!r}")
    assert agreement >= 0.90


def test_weak_questions_are_flagged_for_their_primary_kind():
    weak = [item for item in LABELLED if item["label"] == "weak"]
    hits = [item for item in weak if item["kinds"][0] in _kinds(item["text"])]
    share = len(hits) / len(weak)
    print(f"\nprimary kind found for {len(hits)} of {len(weak)} weak questions ({share:.1%})")
    listed: Counter[str] = Counter()
    recalled: Counter[str] = Counter()
    for item in weak:
        found = set(_kinds(item["text"]))
        for kind in item["kinds"]:
            listed[kind] += 1
            recalled[kind] += kind in found
    false_alarms = Counter(
        kind for item in LABELLED if item["label"] == "strong" for kind in _kinds(item["text"])
    )
    print("  kind               recall   flagged on strong questions")
    for kind in KINDS:
        print(f"  {kind:<18} {recalled[kind]:>3}/{listed[kind]:<3}  {false_alarms[kind]:>3}")
    assert share >= 0.85


@pytest.mark.parametrize("path", sample_unit_paths(), ids=lambda p: p.name.split(".")[0])
def test_the_sample_units_driving_questions_are_strong(path):
    question = load_unit(path).framing.driving_question
    assert question.strip()
    assert analyze(question) == [], question
    assert is_strong(question)


# --------------------------------------------------------------------------- kinds and messages

EXAMPLES = {
    "missing": "",
    "not_a_question": "Design a better lunch menu for the cafeteria.",
    "topic_only": "Water pollution?",
    "yes_no": "Is our tap water safe to drink?",
    "factual": "What year did the Titanic sink?",
    "trivial": "How can we make a poster about recycling?",
    "limitless": "How can we save the world?",
    "too_long": "What is a food web? How do animals depend on each other? What happens when one "
    "animal disappears? How can we protect the animals near our school?",
    "jargon": "How can we analyze the impact of the new highway on our neighbourhood (MS-ESS3-3)?",
    "not_for_students": "How will students learn about the water cycle?",
}

#: A phrase each message uses to say *why* the question is weak.
WHY = {
    "missing": "no driving question",
    "not_a_question": "not as a question",
    "topic_only": "names a topic",
    "yes_no": "yes or no",
    "factual": "look up",
    "trivial": "too narrow",
    "limitless": "too big",
    "too_long": "too long",
    "jargon": "teacher language",
    "not_for_students": "not for students",
}


def test_kinds_are_the_documented_set():
    assert set(KINDS) == set(EXAMPLES) == set(WHY)
    for kind in KINDS:
        assert f"``{kind}``" in dq.__doc__


@pytest.mark.parametrize("kind", KINDS)
def test_each_kind_has_a_plain_message_that_says_why_and_a_hint(kind):
    issues = {issue.kind: issue for issue in analyze(EXAMPLES[kind])}
    assert kind in issues, analyze(EXAMPLES[kind])
    issue = issues[kind]
    assert isinstance(issue, QuestionIssue)
    assert WHY[kind] in issue.message
    assert issue.hint and issue.hint != issue.message
    for text in (issue.message, issue.hint):
        assert "_" not in text, text  # no kind names or code in what teachers read
        assert text.lstrip("“")[0].isupper()
        assert text.rstrip("”").endswith((".", "?", ")", "…"))


def test_issues_are_frozen_and_come_in_a_fixed_order():
    issues = analyze("Should students learn about MS-LS2-1?")
    assert [i.kind for i in issues] == ["yes_no", "trivial", "jargon", "not_for_students"]
    with pytest.raises(AttributeError):
        issues[0].kind = "other"  # type: ignore[misc]


def test_the_yes_no_message_names_the_first_word_and_the_open_starters():
    (issue,) = [i for i in analyze("Are video games good for kids?") if i.kind == "yes_no"]
    assert "“Are”" in issue.message
    assert "Open questions start with How, Why, What should… or How might we…" in issue.message


def test_the_jargon_message_names_what_it_found():
    (issue,) = analyze("How can we use ratios and rates (7.RP.A.2) to plan our class party?")
    assert issue.kind == "jargon"
    assert "a standard code (“7.RP.A.2”)" in issue.message
    (issue,) = analyze("How can we meet the learning objectives for our ecosystems unit?")
    assert "teacher language (“learning objectives”)" in issue.message


def test_the_other_messages_quote_the_teachers_words():
    assert "“Water pollution”" in analyze("Water pollution?")[0].message
    assert "“save the world”" in analyze("How can we save the world?")[0].message
    assert "“a poster”" in analyze("How can we make a poster about recycling?")[0].message
    (issue,) = analyze("How can I teach fractions so my students remember them?")
    assert "by the teacher, about the class (“my students”)" in issue.message
    (issue,) = analyze("How will learners show what they know about ecosystems?")
    assert "about students (“How will learners”)" in issue.message
    long = analyze(" ".join(["How can we help the frogs in the creek behind our school"] * 4))
    assert "48 words long" in next(i for i in long if i.kind == "too_long").message


@pytest.mark.parametrize(
    "code",
    ["MS-ESS3-3", "HS-LS2-7", "K-ESS2-1", "7.RP.A.2", "4.NF.B.3", "W.9-10.1", "RL.3.2",
     "HSA-SSE.A.1", "D2.His.2.9-12", "CCSS.MATH.CONTENT.7.RP.A.2"],
)  # fmt: skip
def test_standard_codes_are_jargon(code):
    assert "jargon" in _kinds(f"How can we use {code} to help the frogs in our creek?")


@pytest.mark.parametrize("text", ["COVID-19", "K-12", "U.S.A.", "$15,000", "1927", "I-95"])
def test_codes_of_everyday_life_are_not_jargon(text):
    assert _kinds(f"How can we help families in our town cope with {text} this year?") == []


@pytest.mark.parametrize(
    "text",
    [
        "How can we teach the younger kids in our school to wash their hands?",
        "How can we design a courtyard where students can eat lunch outside?",
        "How should we spend $15,000 to make our school better for every student?",
        "How can we design a sports shoe that meets safety standards for our team?",
    ],
)
def test_students_as_the_audience_or_safety_standards_are_fine(text):
    assert analyze(text) == []


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("When should we plant the garden so that it feeds the food bank in July?", None),
        ("How many trees would we need to plant to shade our whole playground?", None),
        ("Should we build a dam or restore the wetland along our creek?", None),
        ("Is our water safe, and what can we do to keep it that way for our town?", None),
        ("How can we stop litter in our school's parking lot?", None),
        ("How can we stop pollution?", "limitless"),
        ("When did our town get electricity?", "factual"),
        ("What does photosynthesis mean?", "factual"),
        ("To what extent did the railroad change our town?", None),
        ("What is art?", "limitless"),
        ("Who invented the bicycle, and how could we redesign it for our hilly town?", None),
        ("How can we help?", "trivial"),
        ("Ecosystems: how do they work?", "factual"),
    ],
)
def test_decisions_and_local_scope_change_the_verdict(text, kind):
    found = _kinds(text)
    assert (kind in found) if kind else found == [], found


# --------------------------------------------------------------------------- input handling


@pytest.mark.parametrize(
    "text", [None, "", "   \n\t ", "TBD", "**TBD**", "n/a", "...", "?", "[Driving question here]",
             "Driving question TBD", "TODO: write the driving question", 42],
)  # fmt: skip
def test_empty_or_placeholder_text_is_missing(text):
    assert _kinds(text) == ["missing"]
    assert not is_strong(text)
    assert rewrite_pattern(text).startswith("How might we [")


def test_markdown_is_stripped_before_analysis():
    plain = "How can we help our neighbours keep Alder Creek a healthy home for its animals?"
    for text in (
        "**How can we** help our neighbours keep *Alder Creek* a healthy home for its animals?",
        "How can we help our neighbours keep [Alder Creek](https://example.org/creek) a "
        "healthy home for its animals?",
        "## How can we help our neighbours keep __Alder Creek__ a healthy home for its animals?",
        "> How can we help our neighbours keep `Alder Creek` a healthy home for its animals?",
        "How can we help our neighbours keep <b>Alder Creek</b> a healthy home for its animals?",
        "How can we help our neighbours keep ~~the~~ Alder Creek a healthy home for its animals?",
    ):
        assert analyze(text) == analyze(plain) == [], text
    assert _kinds("**Is** our tap water _safe_ to drink?") == ["yes_no"]
    assert _kinds("[Ecosystems](https://example.org)") == ["topic_only"]
    assert _kinds("*Students will* design a garden.")[:1] == ["not_a_question"]


def test_smart_quotes_spaces_sentences_and_a_missing_question_mark():
    strong = [
        "“How should our town remember the 1927 flood?”   ",
        "How should our town remember the 1927 flood",
        "How should our town remember the 1927 flood.",
        "Our town flooded in 1927. How should our town remember the flood?",
        "In 1927 the river rose ten feet.\n\nHow should our town remember the flood?",
        "How should our town remember the 1927 flood? It shaped every street downtown.",
        "How should our town remember the flood that Mr. Hale’s family survived?",
        "How\u00a0should our town remember the 1927 flood?",
    ]
    for text in strong:
        assert analyze(text) == [], (text, _kinds(text))
    assert _kinds("Our creek is sick. Is it too late to help?") == ["yes_no"]
    assert _kinds("Is it too late to help? How can we bring the frogs back to our creek?") == []


def test_analysis_is_cached_and_compiles_nothing_per_call(monkeypatch):
    assert dq._rules() is dq._rules()
    analyze("How can we warm up the rules and the caches for our school?")

    def no_compiling(*args, **kwargs):
        raise AssertionError("analyze() compiled a regular expression")

    monkeypatch.setattr(re, "compile", no_compiling)
    if hasattr(re, "_compile"):
        monkeypatch.setattr(re, "_compile", no_compiling)
    dq._analyze.cache_clear()
    for item in LABELLED:
        analyze(item["text"])


PIECES = st.sampled_from(
    [*"abcxyzABC019 ,.;:?!'\"-()[]*_`#>~\\<>/\n\t“”‘’—…", "How ", "can ", "we ", "Is ", "our ",
     "students will ", "MS-ESS3-3", " and how ", "save the world", "**", "[x](y)", "What year "]
)  # fmt: skip


@settings(max_examples=300, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.one_of(st.text(max_size=120), st.lists(PIECES, max_size=30).map("".join)))
def test_any_text_is_analyzed_without_error(text):
    issues = analyze(text)
    pattern = rewrite_pattern(text)
    assert isinstance(pattern, str)
    assert is_strong(text) == (issues == [])
    if issues:
        assert pattern.endswith("?"), (text, pattern)


def test_every_prefix_while_typing_is_analyzed_without_error():
    for item in LABELLED[::7]:
        for end in range(len(item["text"]) + 1):
            analyze(item["text"][:end])
            rewrite_pattern(item["text"][:end])


def test_analyze_returns_a_fresh_list():
    first = analyze("Ecosystems")
    first.clear()
    assert _kinds("Ecosystems") == ["topic_only"]


# --------------------------------------------------------------------------- rewrites


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Water pollution",
            "How might we reduce water pollution in our community for the people who depend "
            "on [it]?",
        ),
        (
            "Ecosystems",
            "How can we, as ecologists, use what we learn about ecosystems to [make or improve "
            "something] for [a real audience]?",
        ),
        (
            "The American Revolution",
            "How can we, as historians, use what we learn about the American Revolution to "
            "[make or improve something] for [a real audience]?",
        ),
        (
            "Is our tap water safe to drink?",
            "How might we find out whether our tap water is safe to drink, and share what we "
            "find with [the people it matters to]?",
        ),
        (
            "Should our school ban phones in class?",
            "How might we help our school decide whether to ban phones in class, and how can "
            "we convince [the people who decide]?",
        ),
        (
            "Could we build a robot that cleans the classroom?",
            "How might we build a robot that cleans the classroom for [a real audience]?",
        ),
        (
            "What year did the Titanic sink?",
            "How might we use what we learn about the Titanic to [make or improve something] "
            "for [a real audience]?",
        ),
        (
            "What is the capital of Australia?",
            "How can we, as geographers, use what we learn about the capital of Australia to "
            "[make or improve something] for [a real audience]?",
        ),
        (
            "Design a better lunch menu for the cafeteria.",
            "How might we design a better lunch menu for the cafeteria so that [a purpose that "
            "matters to them]?",
        ),
        (
            "Students will design a sustainable garden.",
            "How might we design a sustainable garden for [a real audience]?",
        ),
        (
            "How can we end poverty?",
            "How might we reduce poverty in our community for [the people it affects most]?",
        ),
        (
            "How can we stop climate change?",
            "How might we help [the people] who feel the effects of climate change in our "
            "community, starting with [one thing we can change]?",
        ),
        (
            "What is justice?",
            "How might we show what justice looks like in [a real decision our school or town "
            "faces], for [an audience who cares about it]?",
        ),
        (
            "How can we analyze the impact of the new highway on our neighbourhood?",
            "How can we find out how the new highway affects our neighbourhood?",
        ),
        (
            "How can we use ratios and rates (7.RP.A.2) to plan our class party?",
            "How can we use ratios and rates to plan our class party?",
        ),
        (
            "How will students learn about the water cycle?",
            "How can we, as water scientists, use what we learn about the water cycle to [make "
            "or improve something] for [a real audience]?",
        ),
        (
            "How can pupils improve their writing through peer feedback?",
            "How can we improve our writing through peer feedback?",
        ),
        (
            "How can we, as a class of curious fourth graders who care deeply about our planet "
            "and the animals who share it with us, find out what is happening to the frogs and "
            "the fish in the creek behind our school and then do something about it?",
            "How can we find out what is happening to the frogs and the fish in the creek "
            "behind our school and then do something about it?",
        ),
    ],
)
def test_rewrite_patterns_start_from_the_teachers_words(text, expected):
    assert rewrite_pattern(text) == expected


def test_a_strong_question_is_its_own_rewrite():
    text = "**How should our town** remember the 1927 flood?"
    assert rewrite_pattern(text) == "How should our town remember the 1927 flood?"


OPEN_AND_FOR_STUDENTS = {
    "missing", "not_a_question", "topic_only", "yes_no", "factual", "jargon", "not_for_students",
}  # fmt: skip


def test_every_rewrite_of_a_weak_question_is_one_open_question():
    for item in LABELLED:
        if item["label"] != "weak":
            continue
        pattern = rewrite_pattern(item["text"])
        assert pattern.endswith("?"), (item["text"], pattern)
        assert pattern.count("?") == 1, (item["text"], pattern)
        assert re.match(r"^(How|What|Why|Where|When|Who)\b", pattern), (item["text"], pattern)
        assert pattern.count("[") == pattern.count("]"), (item["text"], pattern)
        kinds = {issue.kind for issue in analyze(pattern)}
        assert not kinds & OPEN_AND_FOR_STUDENTS, (item["text"], pattern, kinds)
