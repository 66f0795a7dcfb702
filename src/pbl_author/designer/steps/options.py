"""The choices the steps offer, read from the unit: its competencies, tasks, rubrics and
milestones, as (label, id) pairs for dropdowns."""

from __future__ import annotations


def competency_options(data: dict) -> list[tuple[str, str]]:
    return [
        (f"{c.get('code') or c['ref']}: {c['statement'][:70]}", c["ref"])
        for c in data.get("competencies", [])
    ]


def task_options(data: dict) -> list[tuple[str, str]]:
    return [(t["title"], t["id"]) for t in data.get("tasks", [])]


def rubric_options(data: dict) -> list[tuple[str, str]]:
    return [(r["title"], r["id"]) for r in data.get("rubrics", [])]


def milestone_options(data: dict) -> list[tuple[str, str]]:
    return [
        (f"{phase.get('title') or phase['kind']}: {m['title']}", m["id"])
        for phase in data.get("path", {}).get("phases", [])
        for m in phase.get("milestones", [])
    ]
