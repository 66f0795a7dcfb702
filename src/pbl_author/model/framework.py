"""Competency frameworks: a tree of competencies with an optional proficiency scale.

Built-in frameworks (the 4Cs, CASEL 5) and imported ones (CASE, Moodle, Canvas)
all take this shape. A unit never depends on a framework being installed: it
embeds a copy of each competency it references (see ``EmbeddedCompetency``).
"""

from __future__ import annotations

from typing import Annotated

from pydantic import Field, JsonValue, PrivateAttr, model_validator

from .base import ExtensionKey, FrameworkId, ItemId, Label, Number, StrictModel, Text
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
    description: Text = ""
    proficient: bool = False
    default: bool = False


class LevelDescriptor(StrictModel):
    """What a competency looks like at one level of the framework's scale."""

    level: ItemId
    text: Text


class Competency(StrictModel):
    """One item of a framework: a standard, a competency, a sub-skill, an indicator.

    Items are listed parents first; siblings keep their order in the list.
    ``identifier`` and ``uri`` keep the item's identity in the system it came
    from (a CASE UUID, a Moodle id number, a Canvas vendor_guid), so exports
    back to that system keep their ids.
    """

    id: ItemId
    code: Label = ""
    statement: Text
    abbreviated_statement: Text = ""
    type: Label = "competency"
    education_levels: list[Label] = Field(default_factory=list)
    parent: ItemId | None = None
    identifier: Label = ""
    uri: Label = ""
    notes: Text = ""
    keywords: list[Label] = Field(default_factory=list)
    indicators: list[Text] = Field(default_factory=list)
    descriptors: list[LevelDescriptor] = Field(default_factory=list)
    #: A scale of this item's own (Canvas outcomes each carry their ratings);
    #: when empty the framework's scale applies.
    scale: list[ScaleLevel] = Field(default_factory=list)
    extensions: dict[ExtensionKey, JsonValue] = Field(default_factory=dict)


class Association(StrictModel):
    """A link from an item to another item, inside this framework or outside it.

    The hierarchy itself is ``Competency.parent``; associations keep every other
    relation a source had: CASE's exactMatchOf, isRelatedTo, precedes, exemplar,
    a second isChildOf, Moodle's cross-references, ...
    """

    kind: Label
    origin: ItemId
    destination: ItemId | None = None
    external_identifier: Label = ""
    external_uri: Label = ""
    external_title: Label = ""
    sequence: int | None = None
    identifier: Label = ""


class Framework(StrictModel):
    """A competency framework."""

    schema_version: int = FRAMEWORK_SCHEMA_VERSION
    id: FrameworkId
    title: Label
    version: Label = ""
    publisher: Label = ""
    description: Text = ""
    language: Label = "en"
    subjects: list[Label] = Field(default_factory=list)
    identifier: Label = ""
    uri: Label = ""
    source: Source = Field(default_factory=Source)
    scale: list[ScaleLevel] = Field(default_factory=list)
    items: list[Competency] = Field(default_factory=list)
    associations: list[Association] = Field(default_factory=list)
    extensions: dict[ExtensionKey, JsonValue] = Field(default_factory=dict)

    _index: dict[str, Competency] | None = PrivateAttr(default=None)

    @model_validator(mode="after")
    def _check_tree(self) -> Framework:
        raise_if_problems(framework_problems(self))
        return self

    def __eq__(self, other: object) -> bool:
        # Equal frameworks are equal whether or not one was searched: the lookup
        # index (a private attribute) is not part of a framework's value.
        if not isinstance(other, Framework):
            return NotImplemented
        return type(self) is type(other) and self.__dict__ == other.__dict__

    __hash__ = None  # type: ignore[assignment]

    def item(self, item_id: str) -> Competency:
        """The item with id ``item_id`` (KeyError when there is none)."""
        for attempt in range(2):
            if self._index is None or attempt:
                self._index = {item.id: item for item in self.items}
            found = self._index.get(item_id)
            if found is not None and found.id == item_id:
                return found
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
    for index, association in enumerate(framework.associations):
        where = f"associations[{index}]"
        if association.origin not in seen:
            problems.append(
                Problem(
                    f"{where}.origin",
                    f"unknown item '{association.origin}'{did_you_mean(association.origin, seen)}",
                )
            )
        if association.destination is not None and association.destination not in seen:
            hint = did_you_mean(association.destination, seen)
            problems.append(
                Problem(f"{where}.destination", f"unknown item '{association.destination}'{hint}")
            )
        if association.destination is None and not (
            association.external_identifier or association.external_uri
        ):
            problems.append(
                Problem(
                    where,
                    "an association needs a destination: an item of this framework, "
                    "or an external_identifier or external_uri",
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
