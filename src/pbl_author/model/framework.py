"""Competency frameworks: a tree of competencies with an optional proficiency scale.

Built-in frameworks (the 4Cs, CASEL 5) and imported ones (CASE, Moodle, Canvas)
all take this shape. A unit never depends on a framework being installed: it
embeds a copy of each competency it references (see ``EmbeddedCompetency``).
"""

from __future__ import annotations

from typing import Annotated

from pydantic import Field, model_validator

from .base import FrameworkId, ItemId, Label, Number, StrictModel, Text
from .problems import Problem, did_you_mean, raise_if_problems

FRAMEWORK_SCHEMA_VERSION = 1


class Source(StrictModel):
    """Where a framework (or its wording) comes from."""

    name: Label = ""
    url: Label = ""
    license: Label = ""
    note: Text = ""


class ScaleLevel(StrictModel):
    """One level of a proficiency scale, lowest first (for example 'Beginning')."""

    id: ItemId
    title: Label
    points: Annotated[Number, Field(ge=0, le=1_000_000)] | None = None


class LevelDescriptor(StrictModel):
    """What a competency looks like at one level of the framework's scale."""

    level: ItemId
    text: Text


class Competency(StrictModel):
    """One item of a framework: a standard, a competency, a sub-skill, an indicator."""

    id: ItemId
    code: Label = ""
    statement: Text
    type: Label = "competency"
    education_levels: list[Label] = Field(default_factory=list)
    parent: ItemId | None = None
    indicators: list[Text] = Field(default_factory=list)
    descriptors: list[LevelDescriptor] = Field(default_factory=list)


class Framework(StrictModel):
    """A competency framework."""

    schema_version: int = FRAMEWORK_SCHEMA_VERSION
    id: FrameworkId
    title: Label
    version: Label = ""
    publisher: Label = ""
    description: Text = ""
    language: Label = "en"
    source: Source = Field(default_factory=Source)
    scale: list[ScaleLevel] = Field(default_factory=list)
    items: list[Competency] = Field(default_factory=list)

    @model_validator(mode="after")
    def _check_tree(self) -> Framework:
        raise_if_problems(framework_problems(self))
        return self

    def item(self, item_id: str) -> Competency:
        for item in self.items:
            if item.id == item_id:
                return item
        raise KeyError(item_id)

    def ref(self, item_id: str) -> str:
        return f"{self.id}:{item_id}"

    def children(self, parent: str | None) -> list[Competency]:
        return [item for item in self.items if item.parent == parent]


def framework_problems(framework: Framework) -> list[Problem]:
    """Cross-reference problems of a framework: duplicate ids, unknown parents, cycles."""
    problems: list[Problem] = []
    seen: dict[str, int] = {}
    for index, item in enumerate(framework.items):
        if item.id in seen:
            problems.append(
                Problem(
                    f"items[{index}].id",
                    f"duplicate id '{item.id}' (also items[{seen[item.id]}])",
                )
            )
        else:
            seen[item.id] = index
    level_ids = [level.id for level in framework.scale]
    for index, level in enumerate(framework.scale):
        if level_ids.index(level.id) != index:
            problems.append(Problem(f"scale[{index}].id", f"duplicate scale level '{level.id}'"))
    for index, item in enumerate(framework.items):
        if item.parent is not None and item.parent not in seen:
            problems.append(
                Problem(
                    f"items[{index}].parent",
                    f"unknown parent '{item.parent}'{did_you_mean(item.parent, seen)}",
                )
            )
        for d_index, descriptor in enumerate(item.descriptors):
            if descriptor.level not in level_ids:
                hint = did_you_mean(descriptor.level, level_ids)
                where = "the framework has no scale" if not level_ids else "not in the scale"
                problems.append(
                    Problem(
                        f"items[{index}].descriptors[{d_index}].level",
                        f"unknown level '{descriptor.level}' ({where}){hint}",
                    )
                )
    parents = {item.id: item.parent for item in framework.items}
    reported: set[str] = set()
    for start in parents:
        chain: list[str] = []
        node: str | None = start
        while node is not None and node in parents and node not in chain:
            chain.append(node)
            node = parents[node]
        if node is not None and node in chain and node not in reported:
            cycle = chain[chain.index(node) :]
            reported.update(cycle)
            problems.append(
                Problem(
                    f"items[{seen[node]}].parent",
                    "parent links form a cycle: " + " -> ".join([*cycle, node]),
                )
            )
    return problems
