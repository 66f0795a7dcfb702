"""The unit: one project-based or inquiry unit, the single source of truth."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BeforeValidator, Field, JsonValue, model_validator

from .base import CompetencyRef, ElementId, ExtensionKey, Label, Number, StrictModel, Text
from .competencies import EmbeddedCompetency, Target
from .culture import Critique, Culture, PublicProduct, Reflection
from .integrity import unit_problems
from .path import Path
from .problems import raise_if_problems
from .review import Review
from .rubric import Rubric
from .tasks import OtherEvidence, PerformanceTask

#: The schema version this pbl-author writes.
SCHEMA_VERSION = 1

Status = Literal["draft", "in_review", "published"]
Grade = Literal[
    "PK", "K", "1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11", "12", "HE", "AE"
]  # fmt: skip
GRADES: tuple[str, ...] = Grade.__args__  # type: ignore[attr-defined]


def _grade_text(value: object) -> object:
    """Teachers write ``grades: [3, 4]``; grades are text ("K", "3", "HE")."""
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    if isinstance(value, str) and value.strip().upper() in ("K", "PK", "HE", "AE"):
        return value.strip().upper()
    return value


GradeValue = Annotated[Grade, BeforeValidator(_grade_text)]


class Author(StrictModel):
    name: Label
    role: Label = ""
    email: Label = ""
    organization: Label = ""


class Duration(StrictModel):
    """How long the unit runs."""

    weeks: Annotated[Number, Field(gt=0, le=52)] | None = None
    sessions: Annotated[int, Field(ge=1, le=500)] | None = None
    minutes_per_session: Annotated[int, Field(ge=1, le=600)] | None = None


class DerivedFrom(StrictModel):
    """The unit this one was adapted from."""

    title: Label = ""
    unit_id: Label = ""
    version: Label = ""
    url: Label = ""
    authors: list[Label] = Field(default_factory=list)


class Identity(StrictModel):
    """Who made the unit, for whom, and under what licence."""

    authors: list[Author] = Field(default_factory=list)
    grades: list[GradeValue] = Field(default_factory=list)
    subjects: list[Label] = Field(default_factory=list)
    duration: Duration = Field(default_factory=Duration)
    summary: Text = ""
    license: Label = ""  # not stated: never assume a licence the author did not give
    language: Label = "en"
    tags: list[Label] = Field(default_factory=list)
    version: Label = "0.1.0"
    derived_from: DerivedFrom | None = None


class Statement(StrictModel):
    """A short statement with an id: an understanding, a question, a piece of knowledge."""

    id: ElementId
    text: Text


class LearningTarget(StrictModel):
    """An "I can" statement, optionally tied to a competency."""

    id: ElementId
    text: Text
    competency: CompetencyRef | None = None


class Goals(StrictModel):
    """What students will come to understand and be able to do."""

    targets: list[Target] = Field(default_factory=list)
    understandings: list[Statement] = Field(default_factory=list)
    essential_questions: list[Statement] = Field(default_factory=list)
    knowledge: list[Statement] = Field(default_factory=list)
    skills: list[Statement] = Field(default_factory=list)
    learning_targets: list[LearningTarget] = Field(default_factory=list)


class EntryEvent(StrictModel):
    """How the unit opens: the experience that sparks students' questions."""

    description: Text = ""
    materials: list[Text] = Field(default_factory=list)


PartnerKind = Literal["client", "expert", "audience", "mentor", "sponsor", "other"]


class Partner(StrictModel):
    """Someone beyond the classroom who takes part: an expert, an organization, a client."""

    id: ElementId
    name: Label
    kind: PartnerKind = "other"
    role: Label = ""
    description: Text = ""
    organization: Label = ""
    contact: Label = ""


class Framing(StrictModel):
    """The driving question and what makes the work authentic."""

    driving_question: Text = ""
    entry_event: EntryEvent = Field(default_factory=EntryEvent)
    need_to_knows: list[Statement] = Field(default_factory=list)
    authentic_context: Text = ""
    partners: list[Partner] = Field(default_factory=list)


class Unit(StrictModel):
    """A project-based or inquiry unit."""

    schema_version: Literal[1] = SCHEMA_VERSION
    id: ElementId
    title: Label
    status: Status = "draft"
    identity: Identity = Field(default_factory=Identity)
    competencies: list[EmbeddedCompetency] = Field(default_factory=list)
    goals: Goals = Field(default_factory=Goals)
    framing: Framing = Field(default_factory=Framing)
    tasks: list[PerformanceTask] = Field(default_factory=list)
    other_evidence: list[OtherEvidence] = Field(default_factory=list)
    rubrics: list[Rubric] = Field(default_factory=list)
    path: Path = Field(default_factory=Path)
    culture: Culture = Field(default_factory=Culture)
    critique: Critique = Field(default_factory=Critique)
    public_product: PublicProduct = Field(default_factory=PublicProduct)
    reflection: Reflection = Field(default_factory=Reflection)
    reviews: list[Review] = Field(default_factory=list)
    extensions: dict[ExtensionKey, JsonValue] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _check_references(self) -> Unit:
        raise_if_problems(unit_problems(self))
        return self

    # -- lookups used by checks, exporters and the designer -------------------

    def competency(self, ref: str) -> EmbeddedCompetency:
        for item in self.competencies:
            if item.ref == ref:
                return item
        raise KeyError(ref)

    def task(self, task_id: str) -> PerformanceTask:
        for task in self.tasks:
            if task.id == task_id:
                return task
        raise KeyError(task_id)

    def rubric(self, rubric_id: str) -> Rubric:
        for rubric in self.rubrics:
            if rubric.id == rubric_id:
                return rubric
        raise KeyError(rubric_id)

    def to_data(self) -> dict[str, Any]:
        """The unit as plain data in file order, defaults left out."""
        data = self.model_dump(mode="json", exclude_defaults=True)
        # Written even at their defaults: what a reader of the file must always see.
        data["schema_version"] = self.schema_version
        data["status"] = self.status
        identity = data.setdefault("identity", {})
        identity["license"] = self.identity.license
        identity["language"] = self.identity.language
        data["identity"] = _in_field_order(Identity, identity)
        return _in_field_order(Unit, data)


def _in_field_order(model: type[StrictModel], data: dict[str, Any]) -> dict[str, Any]:
    return {name: data[name] for name in model.model_fields if name in data}


__all__ = [
    "GRADES",
    "SCHEMA_VERSION",
    "Author",
    "DerivedFrom",
    "Duration",
    "EntryEvent",
    "Framing",
    "Goals",
    "Identity",
    "LearningTarget",
    "Partner",
    "Statement",
    "Unit",
]
