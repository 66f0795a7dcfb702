"""Schema version 0 (the flat pre-release unit file) to version 1.

Version 0 kept everything at the top level and referred to things by name:

- ``unit``/``name`` for id and title, ``grade`` and ``subjects`` as strings,
  ``author`` as one string, ``weeks`` as a number;
- ``standards``: embedded standards with ``framework``, ``code``, ``text`` and a
  ``kind`` of ``standard``, ``skill`` or ``sel``;
- ``tasks`` with ``name``, ``team`` (bool), flat GRASPS keys (``goal``, ``role``,
  ``audience``, ``situation``, ``product``, and ``criteria`` for GRASPS standards),
  ``standards`` as a mapping of code to ``I``/``P``/``A`` letters and ``rubric``
  naming a rubric;
- ``milestones`` as one flat list with a ``phase`` label, ``question``, ``check``,
  and ``tasks`` by name;
- ``rubrics`` with ``scale`` (level titles), optional ``points`` and ``rows`` of
  ``criterion``, ``standard`` and ``cells`` (teacher wording, one per level);
- ``public_audience``, ``public_date`` and ``reflection`` (student prompts at the end).

Version 1 nests these in sections and refers to everything by stable ids.
Ids are made from names; clashes get ``-2``, ``-3``, ...
"""

from __future__ import annotations

import re
from typing import Any

from ..base import slugify

_LEVELS = {"i": "introduce", "p": "practice", "a": "assess"}
_ROLES = {"standard": "target_standard", "skill": "success_skill", "sel": "sel"}
_PHASES = {
    "launch": "launch",
    "build knowledge": "build_knowledge",
    "develop & critique": "develop_and_critique",
    "develop and critique": "develop_and_critique",
    "present": "present",
}


class _Ids:
    """Hands out unique element ids made from names."""

    def __init__(self) -> None:
        self.used: set[str] = set()

    def make(self, name: Any, fallback: str) -> str:
        base = slugify(str(name or ""), fallback)[:44].rstrip("-")
        candidate, counter = base, 2
        while candidate in self.used:
            candidate = f"{base}-{counter}"
            counter += 1
        self.used.add(candidate)
        return candidate


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _split(value: Any) -> list[str]:
    if isinstance(value, list):
        return [str(v).strip() for v in value if str(v).strip()]
    if value is None:
        return []
    return [part.strip() for part in re.split(r"[,;]", str(value)) if part.strip()]


def _grades(value: Any) -> list[str]:
    grades: list[str] = []
    for part in _split(value):
        match = re.fullmatch(r"(\d+)\s*[-–]\s*(\d+)", part)
        if match:
            low, high = int(match[1]), int(match[2])
            grades.extend(str(g) for g in range(low, high + 1))
        else:
            grades.append(part.upper() if part.lower() in ("k", "pk") else part)
    return grades


def _ref(framework: Any, code: Any) -> str:
    item = re.sub(r"[^A-Za-z0-9._-]+", "-", str(code)).strip("-.") or "item"
    framework_id = re.sub(r"[^a-z0-9._-]+", "-", str(framework or "").lower()).strip("-.")
    return f"{framework_id or 'local'}:{item}"


def convert(data: dict[str, Any]) -> dict[str, Any]:
    ids = _Ids()
    out: dict[str, Any] = {"schema_version": 1}
    out["id"] = slugify(str(data.get("unit") or data.get("name") or "unit"), "unit")
    out["title"] = data.get("name", "")

    identity: dict[str, Any] = {}
    if data.get("author"):
        identity["authors"] = [{"name": str(name)} for name in _split(data["author"])]
    if data.get("grade") is not None:
        identity["grades"] = _grades(data["grade"])
    if data.get("subjects") is not None:
        identity["subjects"] = _split(data["subjects"])
    if data.get("weeks") is not None:
        identity["duration"] = {"weeks": data["weeks"]}
    if data.get("summary"):
        identity["summary"] = data["summary"]
    out["identity"] = identity

    codes: dict[str, str] = {}
    competencies, targets = [], []
    for standard in _list(data.get("standards")):
        if not isinstance(standard, dict):
            continue
        ref = _ref(standard.get("framework"), standard.get("code"))
        codes[str(standard.get("code"))] = ref
        competencies.append(
            {
                "ref": ref,
                "framework": str(standard.get("framework") or ""),
                "code": str(standard.get("code") or ""),
                "statement": standard.get("text", ""),
            }
        )
        kind = str(standard.get("kind", "standard"))
        targets.append({"competency": ref, "role": _ROLES.get(kind, kind)})
    out["competencies"] = competencies
    out["goals"] = {"targets": targets}

    out["framing"] = {
        "driving_question": data.get("driving_question", ""),
        "entry_event": {"description": data.get("entry_event", "")},
        "need_to_knows": [
            {"id": ids.make(text, "need-to-know"), "text": text}
            for text in _list(data.get("need_to_know"))
        ],
    }

    rubric_ids: dict[str, str] = {}
    rubrics = []
    for rubric in _list(data.get("rubrics")):
        if not isinstance(rubric, dict):
            continue
        rubric_id = ids.make(rubric.get("name"), "rubric")
        rubric_ids[str(rubric.get("name"))] = rubric_id
        scale = [str(title) for title in _list(rubric.get("scale"))]
        level_ids = [slugify(title, f"level-{i + 1}") for i, title in enumerate(scale)]
        points = _list(rubric.get("points"))
        levels = []
        for index, (level_id, title) in enumerate(zip(level_ids, scale, strict=True)):
            level: dict[str, Any] = {"id": level_id, "title": title}
            if index < len(points):
                level["points"] = points[index]
            levels.append(level)
        criteria = []
        for row in _list(rubric.get("rows")):
            if not isinstance(row, dict):
                continue
            standard = str(row.get("standard"))
            criteria.append(
                {
                    "id": ids.make(row.get("criterion"), "criterion"),
                    "title": row.get("criterion", ""),
                    "competencies": [codes.get(standard, _ref("local", standard))],
                    "descriptors": [
                        {"level": level_id, "teacher": cell}
                        for level_id, cell in zip(level_ids, _list(row.get("cells")), strict=False)
                    ],
                }
            )
        rubrics.append(
            {
                "id": rubric_id,
                "title": rubric.get("name", ""),
                "levels": levels,
                "criteria": criteria,
            }
        )

    task_ids: dict[str, str] = {}
    tasks = []
    for task in _list(data.get("tasks")):
        if not isinstance(task, dict):
            continue
        task_id = ids.make(task.get("name"), "task")
        task_ids[str(task.get("name"))] = task_id
        grasps = {
            key: task[key]
            for key in ("goal", "role", "audience", "situation", "product")
            if isinstance(task.get(key), str)
        }
        if isinstance(task.get("criteria"), str):
            grasps["standards"] = task["criteria"]
        alignments = []
        mapping = task.get("standards") if isinstance(task.get("standards"), dict) else {}
        for code, letters in mapping.items():
            for letter in str(letters).replace(",", "").replace(" ", ""):
                alignments.append(
                    {
                        "competency": codes.get(str(code), _ref("local", code)),
                        "level": _LEVELS.get(letter.lower(), letter),
                    }
                )
        converted: dict[str, Any] = {
            "id": task_id,
            "title": task.get("name", ""),
            "mode": "team" if task.get("team") else "individual",
            "description": task.get("description", ""),
            "grasps": grasps,
            "alignments": alignments,
        }
        if task.get("rubric") is not None:
            name = str(task["rubric"])
            converted["rubric"] = rubric_ids.get(name, slugify(name, "rubric"))
        tasks.append(converted)
    out["tasks"] = tasks
    out["rubrics"] = rubrics

    phases: dict[str, dict[str, Any]] = {}
    for milestone in _list(data.get("milestones")):
        if not isinstance(milestone, dict):
            continue
        label = str(milestone.get("phase", "")).strip()
        kind = _PHASES.get(label.lower(), slugify(label, "launch").replace("-", "_"))
        if kind not in phases:
            phases[kind] = {
                "id": ids.make(kind.replace("_", "-"), "phase"),
                "kind": kind,
                "title": label,
                "milestones": [],
            }
        converted = {
            "id": ids.make(milestone.get("name"), "milestone"),
            "title": milestone.get("name", ""),
            "key_question": milestone.get("question", ""),
            "formative_check": milestone.get("check", ""),
            "tasks": [
                task_ids.get(str(name), slugify(str(name), "task"))
                for name in _list(milestone.get("tasks"))
            ],
        }
        if milestone.get("week") is not None:
            converted["week"] = milestone["week"]
        phases[kind]["milestones"].append(converted)
    out["path"] = {"phases": list(phases.values())}

    public: dict[str, Any] = {}
    if data.get("public_audience"):
        public["audiences"] = _split(data["public_audience"])
    if data.get("public_date") is not None:
        public["date"] = data["public_date"]
    out["public_product"] = public
    out["reflection"] = {
        "prompts": [
            {
                "id": ids.make(f"reflect {i + 1}", "reflect"),
                "audience": "student",
                "moment": "end",
                "text": text,
            }
            for i, text in enumerate(_list(data.get("reflection")))
        ]
    }
    known = {
        "schema_version", "unit", "name", "author", "grade", "subjects", "weeks", "summary",
        "standards", "driving_question", "entry_event", "need_to_know", "rubrics", "tasks",
        "milestones", "public_audience", "public_date", "reflection",
    }  # fmt: skip
    leftovers = {key: value for key, value in data.items() if key not in known}
    if leftovers:
        # Keep unknown keys where v1 validation will name them, rather than drop them.
        out.update(leftovers)
    return out
