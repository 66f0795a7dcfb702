"""The pbl-author unit model: pydantic models only, no UI and no file formats.

``parse_unit(data)`` turns plain data of any supported schema version into a
validated ``Unit``; everything else reads and writes units through it.
"""

from __future__ import annotations

from typing import Any

from .base import ElementId, Label, StrictModel, Text, slugify
from .competencies import ALIGNMENT_LEVELS, Alignment, EmbeddedCompetency, Target
from .culture import (
    Critique,
    CritiqueStep,
    Culture,
    PublicProduct,
    Reflection,
    ReflectionPrompt,
    Role,
    Support,
    Teams,
    VoiceChoice,
)
from .framework import (
    FRAMEWORK_SCHEMA_VERSION,
    Association,
    Competency,
    Framework,
    LevelDescriptor,
    ScaleLevel,
    Source,
)
from .integrity import SECTION_ANCHORS, element_ids
from .path import PHASE_KINDS, MasteryCheckpoint, Milestone, Path, Phase
from .problems import DocumentError, Problem
from .review import (
    Comment,
    DesignCriterion,
    DesignLevel,
    DesignRubric,
    Reply,
    Review,
    ReviewFile,
    Score,
)
from .rubric import Criterion, Descriptor, Rubric, RubricLevel
from .tasks import Grasps, OtherEvidence, PerformanceTask
from .unit import (
    GRADES,
    SCHEMA_VERSION,
    Author,
    DerivedFrom,
    Duration,
    EntryEvent,
    Framing,
    Goals,
    Identity,
    LearningTarget,
    Partner,
    Statement,
    Unit,
)
from .validation import validate_as
from .versions import schema_version_of, upgrade_data


def parse_unit(data: Any) -> Unit:
    """A validated Unit from plain data of any supported schema version.

    Raises DocumentError naming every problem and where it is.
    """
    upgraded, start = upgrade_data(data)
    try:
        return validate_as(Unit, upgraded)
    except DocumentError as exc:
        if start == SCHEMA_VERSION:
            raise
        note = f" (after upgrading from schema version {start})"
        raise DocumentError([Problem(p.path, p.message + note) for p in exc.problems]) from None


def parse_framework(data: Any) -> Framework:
    """A validated Framework from plain data."""
    if isinstance(data, dict) and data.get("schema_version", 1) != FRAMEWORK_SCHEMA_VERSION:
        version = data.get("schema_version")
        raise DocumentError(
            [
                Problem(
                    "schema_version",
                    f"framework schema version {version!r} is not supported "
                    f"(this pbl-author reads version {FRAMEWORK_SCHEMA_VERSION})",
                )
            ]
        )
    return validate_as(Framework, data)


__all__ = [
    "ALIGNMENT_LEVELS",
    "FRAMEWORK_SCHEMA_VERSION",
    "GRADES",
    "PHASE_KINDS",
    "SCHEMA_VERSION",
    "SECTION_ANCHORS",
    "Alignment",
    "Association",
    "Author",
    "Comment",
    "Competency",
    "Criterion",
    "Critique",
    "CritiqueStep",
    "Culture",
    "DerivedFrom",
    "Descriptor",
    "DesignCriterion",
    "DesignLevel",
    "DesignRubric",
    "DocumentError",
    "Duration",
    "ElementId",
    "EmbeddedCompetency",
    "EntryEvent",
    "Framework",
    "Framing",
    "Goals",
    "Grasps",
    "Identity",
    "Label",
    "LearningTarget",
    "LevelDescriptor",
    "MasteryCheckpoint",
    "Milestone",
    "OtherEvidence",
    "Partner",
    "Path",
    "PerformanceTask",
    "Phase",
    "Problem",
    "PublicProduct",
    "Reflection",
    "ReflectionPrompt",
    "Reply",
    "Review",
    "ReviewFile",
    "Role",
    "Rubric",
    "RubricLevel",
    "ScaleLevel",
    "Score",
    "Source",
    "Statement",
    "StrictModel",
    "Support",
    "Target",
    "Teams",
    "Text",
    "Unit",
    "VoiceChoice",
    "element_ids",
    "parse_framework",
    "parse_unit",
    "schema_version_of",
    "slugify",
    "upgrade_data",
    "validate_as",
]
