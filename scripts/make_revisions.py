"""Write a revised version of every sample unit (tests/data/revisions/), as a
teacher might after a critique: the diff golden tests compare each pair.

Run again only on purpose (``python scripts/make_revisions.py``); the files are
reviewed in git like any golden file.
"""

from __future__ import annotations

import copy
import sys
from pathlib import Path

from pbl_author.formats.unitfile import load_unit, save_unit
from pbl_author.model import parse_unit

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "tests" / "data" / "revisions"
LEVELS = ("introduce", "practice", "assess")


def _drop_task(data: dict, task_id: str) -> None:
    data["tasks"] = [t for t in data["tasks"] if t["id"] != task_id]
    for phase in data.get("path", {}).get("phases", []):
        for milestone in phase.get("milestones", []):
            milestone["tasks"] = [t for t in milestone.get("tasks", []) if t != task_id]
    for step in data.get("critique", {}).get("steps", []):
        if step.get("task") == task_id:
            step.pop("task")
    for point in data.get("culture", {}).get("voice_and_choice", []):
        if point.get("task") == task_id:
            point.pop("task")


def revise(data: dict) -> dict:
    data = copy.deepcopy(data)
    framing = data["framing"]
    framing["driving_question"] = framing["driving_question"].replace("How can we", "How might we")
    if "How might we" not in framing["driving_question"]:
        question = framing["driving_question"]
        framing["driving_question"] = "As a class, " + question[0].lower() + question[1:]
    tasks = data["tasks"]
    first = tasks[0]
    first.setdefault("grasps", {})["audience"] = (
        first.get("grasps", {}).get("audience", "") + " Families are invited to the showcase."
    ).strip()
    alignment = first["alignments"][0]
    taken = {a["level"] for a in first["alignments"] if a["competency"] == alignment["competency"]}
    alignment["level"] = next(level for level in (*LEVELS[::-1],) if level not in taken)
    # The last task goes (critique showed it repeated another); a new one comes in.
    _drop_task(data, tasks[-1]["id"])
    tasks = data["tasks"]
    tasks[0], tasks[1] = tasks[1], tasks[0]
    tasks.append(
        {
            "id": "revision-letter",
            "title": "Revision letter",
            "mode": "individual",
            "description": (
                "Each student writes a short letter saying what they changed after critique "
                "and why."
            ),
            "alignments": [
                {"competency": first["alignments"][0]["competency"], "level": "practice"}
            ],
        }
    )
    phases = data["path"]["phases"]
    source = next(p for p in phases if len(p.get("milestones", [])) >= 2)
    target = phases[(phases.index(source) + 1) % len(phases)]
    moved = source["milestones"].pop()
    target.setdefault("milestones", []).insert(0, moved)
    moved.setdefault("scaffolds", []).append("A worked example from last year's class")
    rubric = data["rubrics"][0]
    descriptor = rubric["criteria"][0]["descriptors"][-1]
    descriptor["teacher"] = (
        descriptor["teacher"].rstrip(".") + ", with evidence from at least two sources."
    )
    if framing.get("need_to_knows"):
        framing["need_to_knows"].pop()
    return data


def main() -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    for path in sorted((ROOT / "sample_units").glob("*.unit.yaml")):
        unit = load_unit(path)
        revised = parse_unit(revise(unit.to_data()))
        target = OUT / path.name.replace(".unit.yaml", ".revised.unit.yaml")
        save_unit(revised, target, backup=False)
        print(f"wrote {target.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
