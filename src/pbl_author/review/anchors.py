"""What a comment can be anchored to, where it sits in the unit, and its version.

Every element with an id (a task, a milestone, a rubric criterion, ...) and every
section anchor (``driving-question``, ``public-product``, ...) is an *anchor*.
An anchor has a section (for grouping comments the way the unit reads), a label
a person recognises ("Task: Water survey"), and a *version*: a short hash of its
content. Comments are tied to ids, never to positions, so a task moved to
another place (or a milestone to another phase) keeps its comments.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from ..model import SECTION_ANCHORS, Unit
from ..render.text import one_line

#: Sections of a unit in reading order: key -> title.
SECTIONS: dict[str, str] = {
    "unit": "The whole unit",
    "basics": "Basics",
    "launch": "Driving question and launch",
    "goals": "Goals and competencies",
    "tasks": "Performance tasks",
    "path": "Path and milestones",
    "culture": "Culture and voice and choice",
    "critique": "Critique and revision",
    "public-product": "Public product",
    "reflection": "Reflection",
    "rubrics": "Rubrics",
}


#: Longest text taken into a label ("Need-to-know: Who will look after…").
LABEL_WIDTH = 60


@dataclass(frozen=True)
class Anchor:
    """One place of the unit a comment can point at."""

    id: str
    section: str
    label: str
    #: The element it sits in, in words ("in phase 'Investigate'"); empty at the top level.
    where: str
    content: Any

    @property
    def version(self) -> str:
        return content_version(self.content)


def content_version(content: Any) -> str:
    """A short, stable hash of plain data (12 hex digits of SHA-256)."""
    text = json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]


def unit_version(unit: Unit) -> str:
    """The unit's content hash, reviews left out (adding a review is not a new version)."""
    data = unit.model_dump(mode="json", exclude={"reviews"})
    return f"sha256:{content_version(data)}"


def _sections(unit: Unit, data: dict[str, Any]) -> Iterator[Anchor]:
    framing = data["framing"]
    yield Anchor("unit", "unit", f"Unit: {unit.title}", "", data)
    yield Anchor("identity", "basics", "Basics", "", {"title": data["title"], **data["identity"]})
    yield Anchor("driving-question", "launch", "Driving question", "", framing["driving_question"])
    yield Anchor("entry-event", "launch", "Entry event", "", framing["entry_event"])
    yield Anchor("need-to-knows", "launch", "Need-to-knows", "", framing["need_to_knows"])
    yield Anchor(
        "authentic-context", "launch", "Authentic context", "", framing["authentic_context"]
    )
    yield Anchor(
        "goals",
        "goals",
        "Goals",
        "",
        {"goals": data["goals"], "competencies": data["competencies"]},
    )
    yield Anchor("path", "path", "Path", "", data["path"])
    yield Anchor("culture", "culture", "Culture", "", data["culture"])
    yield Anchor("critique", "critique", "Critique and revision", "", data["critique"])
    yield Anchor("public-product", "public-product", "Public product", "", data["public_product"])
    yield Anchor("reflection", "reflection", "Reflection", "", data["reflection"])


_STATEMENTS = {
    "understandings": "Understanding",
    "essential_questions": "Essential question",
    "knowledge": "Knowledge",
    "skills": "Skill",
    "learning_targets": "Learning target",
}


def _elements(unit: Unit, data: dict[str, Any]) -> Iterator[Anchor]:
    for name, kind in _STATEMENTS.items():
        for index, statement in enumerate(getattr(unit.goals, name)):
            content = data["goals"][name][index]
            yield Anchor(
                statement.id,
                "goals",
                f"{kind}: {one_line(statement.text, LABEL_WIDTH)}",
                "",
                content,
            )
    for index, statement in enumerate(unit.framing.need_to_knows):
        content = data["framing"]["need_to_knows"][index]
        yield Anchor(
            statement.id,
            "launch",
            f"Need-to-know: {one_line(statement.text, LABEL_WIDTH)}",
            "",
            content,
        )
    for index, partner in enumerate(unit.framing.partners):
        content = data["framing"]["partners"][index]
        yield Anchor(partner.id, "launch", f"Partner: {partner.name}", "", content)
    for index, task in enumerate(unit.tasks):
        yield Anchor(task.id, "tasks", f"Task: {task.title}", "", data["tasks"][index])
    for index, evidence in enumerate(unit.other_evidence):
        content = data["other_evidence"][index]
        yield Anchor(evidence.id, "tasks", f"Other evidence: {evidence.title}", "", content)
    for p_index, phase in enumerate(unit.path.phases):
        phase_data = data["path"]["phases"][p_index]
        title = phase.title or phase.kind
        yield Anchor(phase.id, "path", f"Phase: {title}", "", phase_data)
        for m_index, milestone in enumerate(phase.milestones):
            yield Anchor(
                milestone.id,
                "path",
                f"Milestone: {milestone.title}",
                f"in phase '{title}'",
                phase_data["milestones"][m_index],
            )
    culture = data["culture"]
    for index, role in enumerate(unit.culture.roles):
        yield Anchor(role.id, "culture", f"Role: {role.title}", "", culture["roles"][index])
    for index, point in enumerate(unit.culture.voice_and_choice):
        content = culture["voice_and_choice"][index]
        label = f"Voice and choice: {one_line(point.description, LABEL_WIDTH)}"
        yield Anchor(point.id, "culture", label, "", content)
    for index, support in enumerate(unit.culture.supports):
        content = culture["supports"][index]
        yield Anchor(
            support.id,
            "culture",
            f"Support: {one_line(support.description, LABEL_WIDTH)}",
            "",
            content,
        )
    for index, step in enumerate(unit.critique.steps):
        content = data["critique"]["steps"][index]
        name = step.protocol or step.kind.capitalize()
        yield Anchor(step.id, "critique", f"Critique step: {name}", "", content)
    for index, prompt in enumerate(unit.reflection.prompts):
        content = data["reflection"]["prompts"][index]
        yield Anchor(
            prompt.id,
            "reflection",
            f"Reflection: {one_line(prompt.text, LABEL_WIDTH)}",
            "",
            content,
        )
    for r_index, rubric in enumerate(unit.rubrics):
        rubric_data = data["rubrics"][r_index]
        yield Anchor(rubric.id, "rubrics", f"Rubric: {rubric.title}", "", rubric_data)
        for c_index, criterion in enumerate(rubric.criteria):
            yield Anchor(
                criterion.id,
                "rubrics",
                f"Criterion: {criterion.title}",
                f"in rubric '{rubric.title}'",
                rubric_data["criteria"][c_index],
            )


def anchors(unit: Unit) -> dict[str, Anchor]:
    """Every anchor of ``unit`` by id, sections first, then elements in file order."""
    data = unit.model_dump(mode="json", exclude={"reviews"})
    found = {anchor.id: anchor for anchor in _sections(unit, data)}
    assert set(found) == set(SECTION_ANCHORS), "a section anchor has no place here"
    for anchor in _elements(unit, data):
        found.setdefault(anchor.id, anchor)
    return found


__all__ = ["SECTIONS", "Anchor", "anchors", "content_version", "unit_version"]
