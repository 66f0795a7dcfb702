"""Edits of a unit as commands: small values that turn the unit's data into new data.

A command never touches a model in place: it gets the unit as plain data
(``Unit.to_data()``), returns the edited data, and the session validates the
result. An edit that would make the unit invalid is refused whole, with the
model's readable problems, and the unit stays as it was.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from typing import Any

from ..model import DocumentError, Problem, slugify

Path = tuple[str | int, ...]

DEFAULT_LEVELS = (
    ("beginning", "Beginning", 1),
    ("developing", "Developing", 2),
    ("proficient", "Proficient", 3),
    ("advanced", "Advanced", 4),
)


def _walk(data: Any, path: Path, *, create: bool = True) -> Any:
    node = data
    for part in path:
        if isinstance(part, int):
            node = node[part]
        else:
            if part not in node:
                if not create:
                    raise KeyError(part)
                node[part] = {}
            node = node[part]
    return node


def _list_at(data: dict, path: Path) -> list:
    parent = _walk(data, path[:-1])
    return parent.setdefault(path[-1], [])


def _index_of(items: list, key: int | str) -> int:
    if isinstance(key, int):
        if not -len(items) <= key < len(items):
            raise DocumentError([Problem("", f"there is no item {key} here")])
        return key % len(items)
    for index, item in enumerate(items):
        if (isinstance(item, dict) and item.get("id") == key) or item == key:
            return index
    raise DocumentError([Problem("", f"there is no item '{key}' here")])


class Command:
    """An edit. ``label`` names it in the undo history; ``apply`` returns new data."""

    label = "edit"

    def apply(self, data: dict) -> dict:  # pragma: no cover - abstract
        raise NotImplementedError

    def merges_with(self, other: Command) -> bool:
        """True when ``other`` can fold into this step of the undo history (typing)."""
        return False


@dataclass(frozen=True)
class SetField(Command):
    """Set the value at ``path`` (``("framing", "driving_question")``)."""

    path: Path
    value: Any

    @property
    def label(self) -> str:  # type: ignore[override]
        return "set " + ".".join(str(p) for p in self.path)

    def apply(self, data: dict) -> dict:
        out = copy.deepcopy(data)
        _walk(out, self.path[:-1])[self.path[-1]] = copy.deepcopy(self.value)
        return out

    def merges_with(self, other: Command) -> bool:
        return isinstance(other, SetField) and other.path == self.path


@dataclass(frozen=True)
class AddItem(Command):
    """Add ``item`` to the list at ``path`` (at the end, or at ``index``)."""

    path: Path
    item: Any
    index: int | None = None
    label = "add"

    def apply(self, data: dict) -> dict:
        out = copy.deepcopy(data)
        items = _list_at(out, self.path)
        items.insert(len(items) if self.index is None else self.index, copy.deepcopy(self.item))
        return out


@dataclass(frozen=True)
class RemoveItem(Command):
    """Remove the item (by position or id) from the list at ``path``."""

    path: Path
    key: int | str
    label = "remove"

    def apply(self, data: dict) -> dict:
        out = copy.deepcopy(data)
        items = _list_at(out, self.path)
        del items[_index_of(items, self.key)]
        return out


@dataclass(frozen=True)
class MoveItem(Command):
    """Move the item (by position or id) in the list at ``path`` to position ``to``."""

    path: Path
    key: int | str
    to: int
    label = "move"

    def apply(self, data: dict) -> dict:
        out = copy.deepcopy(data)
        items = _list_at(out, self.path)
        item = items.pop(_index_of(items, self.key))
        items.insert(max(0, min(self.to, len(items))), item)
        return out


@dataclass(frozen=True)
class AddCompetency(Command):
    """Embed a competency (a copy from a framework) and optionally make it a target."""

    competency: dict
    role: str | None = "target_standard"
    label = "add competency"

    def apply(self, data: dict) -> dict:
        out = copy.deepcopy(data)
        ref = self.competency["ref"]
        embedded = out.setdefault("competencies", [])
        if all(c["ref"] != ref for c in embedded):
            embedded.append(copy.deepcopy(self.competency))
        targets = out.setdefault("goals", {}).setdefault("targets", [])
        if self.role and all(t["competency"] != ref for t in targets):
            targets.append({"competency": ref, "role": self.role})
        return out


def _task(data: dict, task_id: str) -> dict:
    for task in data.get("tasks", []):
        if task["id"] == task_id:
            return task
    raise DocumentError([Problem("tasks", f"there is no task '{task_id}'")])


@dataclass(frozen=True)
class Align(Command):
    """Align a task to a competency at a level (introduce, practice or assess)."""

    task: str
    competency: str
    level: str
    label = "align"

    def apply(self, data: dict) -> dict:
        out = copy.deepcopy(data)
        alignments = _task(out, self.task).setdefault("alignments", [])
        pair = {"competency": self.competency, "level": self.level}
        if pair not in alignments:
            alignments.append(pair)
        return out


@dataclass(frozen=True)
class Unalign(Command):
    task: str
    competency: str
    level: str | None = None
    label = "unalign"

    def apply(self, data: dict) -> dict:
        out = copy.deepcopy(data)
        task = _task(out, self.task)
        task["alignments"] = [
            a
            for a in task.get("alignments", [])
            if not (a["competency"] == self.competency and self.level in (None, a["level"]))
        ]
        return out


@dataclass(frozen=True)
class DraftRubric(Command):
    """Draft an analytic rubric for a task from its alignments and link it to the task.

    One criterion per aligned competency (those assessed first); levels and their
    descriptors come from the competency's embedded level descriptors when it has
    them, else four standard levels with descriptors for the teacher to write.
    """

    task: str
    label = "draft rubric"

    def apply(self, data: dict) -> dict:
        out = copy.deepcopy(data)
        task = _task(out, self.task)
        refs = list(
            dict.fromkeys(
                [a["competency"] for a in task.get("alignments", []) if a["level"] == "assess"]
                + [a["competency"] for a in task.get("alignments", [])]
            )
        )
        if not refs:
            raise DocumentError(
                [Problem(f"tasks.{self.task}", "align the task to a competency first")]
            )
        embedded = {c["ref"]: c for c in out.get("competencies", [])}
        used = _all_ids(out)
        rubric_id = _fresh(f"{self.task}-rubric", used)
        titles = _level_titles(embedded[refs[0]]) if refs[0] in embedded else []
        levels = (
            [(slugify(t, f"level-{i + 1}"), t, i + 1) for i, t in enumerate(titles)]
            if titles
            else list(DEFAULT_LEVELS)
        )
        level_ids = [_fresh(f"{rubric_id}-{lid}", used) for lid, _, _ in levels]
        criteria = []
        for ref in refs:
            competency = embedded.get(ref, {"ref": ref, "statement": ref})
            texts = {d["level"]: d["text"] for d in competency.get("descriptors", [])}
            name = competency.get("code") or ref.partition(":")[2]
            criteria.append(
                {
                    "id": _fresh(slugify(f"{self.task}-{name}", "criterion"), used),
                    "title": _title(competency),
                    "competencies": [ref],
                    "descriptors": [
                        {"level": level_id, "teacher": texts.get(title, f"({title}: describe)")}
                        for level_id, (_, title, _) in zip(level_ids, levels, strict=True)
                    ],
                }
            )
        out.setdefault("rubrics", []).append(
            {
                "id": rubric_id,
                "title": f"{task['title']} rubric",
                "kind": "analytic",
                "levels": [
                    {"id": level_id, "title": title, "points": points}
                    for level_id, (_, title, points) in zip(level_ids, levels, strict=True)
                ],
                "criteria": criteria,
            }
        )
        task["rubric"] = rubric_id
        return out


def _level_titles(competency: dict) -> list[str]:
    return [d["level"] for d in competency.get("descriptors", [])]


def _title(competency: dict) -> str:
    statement = " ".join(str(competency.get("statement", "")).split())
    label = competency.get("code") or competency["ref"]
    short = statement if len(statement) <= 80 else statement[:77].rstrip() + "..."
    return f"{label}: {short}" if short else label


def _all_ids(data: dict) -> set[str]:
    found: set[str] = set()

    def visit(node: Any) -> None:
        if isinstance(node, dict):
            if isinstance(node.get("id"), str):
                found.add(node["id"])
            for value in node.values():
                visit(value)
        elif isinstance(node, list):
            for value in node:
                visit(value)

    visit(data)
    return found


def _fresh(base: str, used: set[str]) -> str:
    candidate, number = base[:48].rstrip("-"), 2
    while candidate in used:
        candidate = f"{base[:44].rstrip('-')}-{number}"
        number += 1
    used.add(candidate)
    return candidate
