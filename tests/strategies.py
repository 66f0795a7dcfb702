"""Hypothesis strategies for valid units: every reference resolves, ids are unique.

The text alphabet is deliberately wide (any Unicode letter, symbol, emoji, tab,
line breaks, leading and trailing spaces) so that round trips through YAML and
JSON are tested on what teachers actually paste.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from hypothesis import strategies as st

from pbl_author.model import PHASE_KINDS, SECTION_ANCHORS, parse_unit
from pbl_author.model.base import MAX_ID
from pbl_author.model.unit import GRADES

_CHARS = st.characters(
    blacklist_categories=("Cs", "Cc"),
    blacklist_characters="\ufffe\uffff",
)
text = st.text(st.one_of(_CHARS, st.sampled_from("\n\t #:-'\"|>*&!%@`")), max_size=60)
label = st.text(st.one_of(_CHARS, st.sampled_from("\t #:-'\"|>*&!%@`")), max_size=30)
nonempty_label = label.filter(bool)
short_texts = st.lists(text, max_size=3)
dates = st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2100, 12, 31))
points = st.one_of(
    st.integers(min_value=0, max_value=1000),
    st.floats(min_value=0, max_value=1_000_000, allow_nan=False, allow_infinity=False),
)
element_id = st.from_regex(r"\A[a-z][a-z0-9]{0,8}(-[a-z0-9]{1,6}){0,3}\Z").filter(
    lambda s: len(s) <= MAX_ID
)


@st.composite
def units(draw: st.DrawFn) -> dict[str, Any]:
    """Plain data of a valid unit (pass it to ``parse_unit``)."""
    ids: set[str] = set()
    reserved = set(SECTION_ANCHORS)

    def new_id() -> str:
        value = draw(element_id.filter(lambda v: v not in ids and v not in reserved))
        ids.add(value)
        return value

    refs = draw(
        st.lists(
            st.from_regex(r"\A[a-z0-9]{1,5}:[A-Za-z0-9][A-Za-z0-9._-]{0,10}\Z"),
            unique=True,
            max_size=5,
        )
    )
    competencies = [
        {
            "ref": ref,
            "framework": draw(label),
            "code": draw(label),
            "statement": draw(text),
            "education_levels": draw(st.lists(label, max_size=2)),
            "descriptors": [
                {"level": draw(label), "text": draw(text)} for _ in range(draw(st.integers(0, 2)))
            ],
        }
        for ref in refs
    ]
    ref = st.sampled_from(refs) if refs else None

    def alignments() -> list[dict[str, Any]]:
        if ref is None:
            return []
        pairs = draw(
            st.lists(
                st.tuples(ref, st.sampled_from(["introduce", "practice", "assess"])),
                unique=True,
                max_size=3,
            )
        )
        return [{"competency": c, "level": level} for c, level in pairs]

    rubrics = []
    for _ in range(draw(st.integers(0, 2)) if refs else 0):
        kind = draw(st.sampled_from(["analytic", "single_point", "holistic"]))
        level_ids = [new_id() for _ in range(draw(st.integers(1, 4)))]
        scored = draw(st.booleans())
        levels = [
            {"id": lid, "title": draw(label)} | ({"points": draw(points)} if scored else {})
            for lid in level_ids
        ]
        proficient = draw(st.sampled_from(level_ids)) if kind == "single_point" else None
        n_criteria = 1 if kind == "holistic" else draw(st.integers(0, 3))
        criteria = []
        for _ in range(n_criteria):
            described = [proficient] if kind == "single_point" else level_ids
            criteria.append(
                {
                    "id": new_id(),
                    "title": draw(label),
                    "competencies": draw(st.lists(ref, min_size=1, max_size=2, unique=True)),
                    "weight": draw(st.none() | st.integers(1, 100) | st.floats(0.5, 100)),
                    "descriptors": [
                        {"level": lid, "teacher": draw(text), "student": draw(text)}
                        for lid in described
                    ],
                }
            )
        rubric = {
            "id": new_id(),
            "title": draw(label),
            "kind": kind,
            "levels": levels,
            "criteria": criteria,
        }
        if proficient:
            rubric["proficient_level"] = proficient
        rubrics.append(rubric)

    task_ids = [new_id() for _ in range(draw(st.integers(0, 3)))]
    phases = []
    for kind in draw(st.lists(st.sampled_from(PHASE_KINDS), max_size=4)):
        milestones = []
        for _ in range(draw(st.integers(0, 2))):
            milestone: dict[str, Any] = {
                "id": new_id(),
                "title": draw(label),
                "key_question": draw(text),
                "formative_check": draw(text),
                "scaffolds": draw(short_texts),
                "tasks": draw(st.lists(st.sampled_from(task_ids), unique=True, max_size=2))
                if task_ids
                else [],
            }
            if draw(st.booleans()):
                milestone["week"] = draw(st.integers(1, 60))
            if draw(st.booleans()):
                milestone["date"] = draw(dates).isoformat()
            if refs and draw(st.booleans()):
                milestone["mastery_checkpoint"] = {
                    "description": draw(text),
                    "competencies": draw(st.lists(ref, unique=True, max_size=2)),
                }
            milestones.append(milestone)
        phases.append(
            {
                "id": new_id(),
                "kind": kind,
                "title": draw(label),
                "summary": draw(text),
                "milestones": milestones,
            }
        )
    milestone_ids = [m["id"] for p in phases for m in p["milestones"]]
    maybe_milestone = st.none() | st.sampled_from(milestone_ids) if milestone_ids else st.none()
    maybe_task = st.none() | st.sampled_from(task_ids) if task_ids else st.none()
    rubric_ids = [r["id"] for r in rubrics]
    maybe_rubric = st.none() | st.sampled_from(rubric_ids) if rubric_ids else st.none()

    tasks = [
        {
            "id": tid,
            "title": draw(nonempty_label),
            "mode": draw(st.sampled_from(["individual", "team"])),
            "description": draw(text),
            "grasps": {
                key: draw(text)
                for key in ("goal", "role", "audience", "situation", "product", "standards")
            },
            "individual_evidence": draw(text),
            "alignments": alignments(),
            "rubric": draw(maybe_rubric),
            "due_milestone": draw(maybe_milestone),
        }
        for tid in task_ids
    ]

    def statements(n: int) -> list[dict[str, Any]]:
        return [{"id": new_id(), "text": draw(text)} for _ in range(n)]

    small = st.integers(0, 2)
    data: dict[str, Any] = {
        "schema_version": 1,
        "id": draw(element_id),
        "title": draw(nonempty_label),
        "status": draw(st.sampled_from(["draft", "in_review", "published"])),
        "identity": {
            "authors": [
                {
                    "name": draw(nonempty_label),
                    "role": draw(label),
                    "email": draw(label),
                    "organization": draw(label),
                }
                for _ in range(draw(small))
            ],
            "grades": draw(st.lists(st.sampled_from(GRADES), unique=True, max_size=3)),
            "subjects": draw(st.lists(label, max_size=2)),
            "duration": {
                "weeks": draw(st.none() | st.floats(0.5, 52).map(lambda w: round(w, 1))),
                "sessions": draw(st.none() | st.integers(1, 500)),
            },
            "summary": draw(text),
            "license": draw(label),
            "tags": draw(st.lists(label, max_size=3)),
            "derived_from": draw(st.none() | st.fixed_dictionaries({"title": label, "url": label})),
        },
        "competencies": competencies,
        "goals": {
            "targets": [
                {
                    "competency": c,
                    "role": draw(st.sampled_from(["target_standard", "success_skill", "sel"])),
                }
                for c in draw(st.lists(ref, unique=True, max_size=3))
            ]
            if ref is not None
            else [],
            "understandings": statements(draw(small)),
            "essential_questions": statements(draw(small)),
            "knowledge": statements(draw(small)),
            "skills": statements(draw(small)),
            "learning_targets": [
                {
                    "id": new_id(),
                    "text": draw(text),
                    "competency": draw(st.none() | ref) if ref is not None else None,
                }
                for _ in range(draw(small))
            ],
        },
        "framing": {
            "driving_question": draw(text),
            "entry_event": {"description": draw(text), "materials": draw(short_texts)},
            "need_to_knows": statements(draw(small)),
            "authentic_context": draw(text),
            "partners": [
                {
                    "id": new_id(),
                    "name": draw(nonempty_label),
                    "kind": draw(st.sampled_from(["client", "expert", "audience", "other"])),
                    "role": draw(label),
                    "description": draw(text),
                }
                for _ in range(draw(small))
            ],
        },
        "tasks": tasks,
        "other_evidence": [
            {
                "id": new_id(),
                "title": draw(nonempty_label),
                "kind": draw(st.sampled_from(["quiz", "observation", "journal", "other"])),
                "milestone": draw(maybe_milestone),
                "description": draw(text),
                "alignments": alignments(),
            }
            for _ in range(draw(small))
        ],
        "rubrics": rubrics,
        "path": {"phases": phases},
        "culture": {
            "teams": {
                "size_min": draw(st.none() | st.integers(1, 4)),
                "size_max": draw(st.none() | st.integers(4, 40)),
                "formation": draw(text),
            },
            "roles": [
                {"id": new_id(), "title": draw(nonempty_label), "description": draw(text)}
                for _ in range(draw(small))
            ],
            "norms": draw(short_texts),
            "voice_and_choice": [
                {
                    "id": new_id(),
                    "kind": draw(st.sampled_from(["topic", "product", "other"])),
                    "description": draw(text),
                    "milestone": draw(maybe_milestone),
                    "task": draw(maybe_task),
                }
                for _ in range(draw(small))
            ],
            "supports": [
                {
                    "id": new_id(),
                    "group": draw(st.sampled_from(["english_learners", "iep"])),
                    "description": draw(text),
                }
                for _ in range(draw(small))
            ],
        },
        "critique": {
            "steps": [
                {
                    "id": new_id(),
                    "kind": draw(st.sampled_from(["critique", "revision"])),
                    "protocol": draw(label),
                    "description": draw(text),
                    "milestone": draw(maybe_milestone),
                    "task": draw(maybe_task),
                }
                for _ in range(draw(small))
            ]
        },
        "public_product": {
            "description": draw(text),
            "audiences": draw(st.lists(label, max_size=2)),
            "date": draw(st.none() | dates.map(dt.date.isoformat)),
            "format": draw(label),
        },
        "reflection": {
            "prompts": [
                {
                    "id": new_id(),
                    "audience": draw(st.sampled_from(["student", "teacher"])),
                    "moment": draw(st.sampled_from(["launch", "midpoint", "end"])),
                    "milestone": draw(maybe_milestone),
                    "text": draw(text),
                }
                for _ in range(draw(small))
            ]
        },
        "extensions": draw(
            st.dictionaries(
                st.from_regex(r"\Aorg\.[a-z]{1,6}\Z"),
                st.recursive(
                    st.none() | st.booleans() | st.integers(-(2**53), 2**53) | label,
                    lambda inner: (
                        st.lists(inner, max_size=2)
                        | st.dictionaries(st.from_regex(r"\A[a-z]{1,5}\Z"), inner, max_size=2)
                    ),
                    max_leaves=4,
                ),
                max_size=2,
            )
        ),
    }
    if draw(st.booleans()):
        anchor = st.sampled_from(sorted({*task_ids, *milestone_ids, *rubric_ids, "unit"}))
        data["reviews"] = [
            {
                "id": new_id(),
                "reviewer": draw(nonempty_label),
                "date": draw(st.none() | dates.map(dt.date.isoformat)),
                "comments": [
                    {"id": f"c{i}", "anchor": draw(anchor), "kind": "warm", "text": draw(text)}
                    for i in range(draw(small))
                ],
            }
        ]
    return data


valid_units = units().map(parse_unit)
