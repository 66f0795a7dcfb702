"""How a unit points at competencies: embedded copies, targets and alignments."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from .base import CompetencyRef, Label, StrictModel, Text

#: What a competency is to a unit: the standard it is built around, a success skill
#: (such as the 4Cs), or a social-emotional competency.
TargetRole = Literal["target_standard", "success_skill", "sel"]

#: How far a task takes a competency: introduce it, practise it, or assess it.
AlignmentLevel = Literal["introduce", "practice", "assess"]
ALIGNMENT_LEVELS: tuple[AlignmentLevel, ...] = ("introduce", "practice", "assess")


class EmbeddedDescriptor(StrictModel):
    """A copy of one level descriptor of a competency (the level by its title)."""

    level: Label
    text: Text


class EmbeddedCompetency(StrictModel):
    """A copy of a framework item kept inside the unit.

    The copy makes a unit self-contained: opened where the framework is not
    installed, it still shows the code and statement of every competency it
    aligns to, and rubrics can still be drafted from the descriptors.
    """

    ref: CompetencyRef
    framework: Label = ""
    code: Label = ""
    statement: Text
    type: Label = "competency"
    education_levels: list[Label] = Field(default_factory=list)
    descriptors: list[EmbeddedDescriptor] = Field(default_factory=list)

    @property
    def framework_id(self) -> str:
        return self.ref.partition(":")[0]

    @property
    def label(self) -> str:
        """The human code when there is one, else the reference."""
        return self.code or self.ref


class Target(StrictModel):
    """A competency the unit sets out to build, with its role."""

    competency: CompetencyRef
    role: TargetRole = "target_standard"


class Alignment(StrictModel):
    """A task (or other evidence) introduces, practises or assesses a competency."""

    competency: CompetencyRef
    level: AlignmentLevel
