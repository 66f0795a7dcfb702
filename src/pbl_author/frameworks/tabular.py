"""Helpers for formats that flatten a framework into rows (Moodle and Canvas CSV)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from ..model import Framework
from ..model.framework import Competency, ScaleLevel
from ..model.problems import Problem
from .htmltext import one_line


def item_text(item: Competency, levels: Sequence[ScaleLevel]) -> str:
    """An item's statement followed by its indicators and level descriptors, as plain text.

    Formats with no place for indicators and descriptors (Moodle, Canvas) get
    them in the description.
    """
    parts = [item.statement.strip()] if item.statement.strip() else []
    if item.indicators:
        parts.append("\n".join(f"- {one_line(text)}" for text in item.indicators))
    if item.descriptors:
        titles = {level.id: level.title or level.id for level in levels}
        parts.append(
            "\n".join(
                f"{titles.get(d.level, d.level)}: {one_line(d.text)}" for d in item.descriptors
            )
        )
    return "\n\n".join(parts)


def ordered_items(framework: Framework) -> list[Competency]:
    """The items with every parent before its children, otherwise in list order."""
    done: set[str] = set()
    waiting: dict[str, list[Competency]] = {}
    out: list[Competency] = []

    def emit(item: Competency) -> None:
        stack = [item]
        while stack:
            current = stack.pop()
            out.append(current)
            done.add(current.id)
            stack.extend(reversed(waiting.pop(current.id, [])))

    for item in framework.items:
        if item.parent is None or item.parent in done:
            emit(item)
        else:
            waiting.setdefault(item.parent, []).append(item)
    return out


def item_depths(items: Sequence[Competency]) -> dict[str, int]:
    """Level of each item (1 for a top-level item); ``items`` parents first."""
    depths: dict[str, int] = {}
    for item in items:
        depths[item.id] = depths.get(item.parent, 0) + 1 if item.parent else 1
    return depths


def relocate(problems: Iterable[Problem], where: dict[str, str], default: str) -> list[Problem]:
    """Problems of a model built from one row, re-pathed to the row's line and column."""
    out = []
    for problem in problems:
        field = problem.path.split(".")[0].split("[")[0]
        out.append(Problem(where.get(field, default), problem.message))
    return out
