"""Suggested design-rubric levels, with the evidence found in the unit.

For each element of the design rubric (``data/design_rubric.yaml``) the unit
gets a suggested level (beginning / developing / demonstrating) and the
evidence behind it. A coach decides; these are suggestions.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from ..files.text import read_document
from ..files.yamltext import load_yaml
from ..model import PHASE_KINDS, DocumentError, Unit, validate_as
from ..model.review import DesignRubric
from .engine import run_checks
from .findings import Finding

DATA = Path(__file__).resolve().parent / "data" / "design_rubric.yaml"
LEVELS = ("beginning", "developing", "demonstrating")


@cache
def design_rubric() -> DesignRubric:
    """The shipped design rubric (criteria with three described levels)."""
    return load_design_rubric(DATA)


def load_design_rubric(path: str | Path) -> DesignRubric:
    """A design rubric file (the shipped one, or a network's own with the same shape)."""
    try:
        return validate_as(DesignRubric, load_yaml(read_document(Path(path))))
    except DocumentError as exc:
        raise exc.with_source(str(path)) from None


@dataclass
class Suggestion:
    criterion: str
    level: str
    evidence: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)


def _level(met: int, total: int) -> str:
    if met == 0:
        return "beginning"
    return "demonstrating" if met == total else "developing"


def _rules(findings: list[Finding]) -> set[str]:
    return {finding.rule for finding in findings}


def _question(unit: Unit, fired: set[str]) -> Suggestion:
    text = unit.framing.driving_question.strip()
    if not text:
        return Suggestion("challenging-question", "beginning", [], ["a driving question"])
    weak = sorted(fired & {"dq-open-ended", "dq-for-students", "dq-scope"})
    level = LEVELS[0 if "dq-open-ended" in weak else 1 if weak else 2]
    missing = [f"the driving question passes '{rule}'" for rule in weak]
    return Suggestion("challenging-question", level, [f"Driving question: {text}"], missing)


def _inquiry(unit: Unit, fired: set[str]) -> Suggestion:
    milestones = unit.path.milestones()
    kinds = {phase.kind for phase in unit.path.phases}
    checks = {
        f"{len(unit.framing.need_to_knows)} need-to-knows": len(unit.framing.need_to_knows) >= 3,
        f"{len(kinds)} of 4 inquiry phases": kinds >= set(PHASE_KINDS),
        f"{len(milestones)} milestones": len(milestones) >= 3,
        "every milestone has a key question and a formative check": bool(milestones)
        and not fired & {"milestone-key-question", "milestone-formative-check"},
    }
    return _from_checks("sustained-inquiry", checks)


def _authenticity(unit: Unit, fired: set[str]) -> Suggestion:
    checks = {
        "an authentic context": bool(unit.framing.authentic_context.strip()),
        f"{len(unit.framing.partners)} partner(s) beyond the school": bool(unit.framing.partners),
        "real-world roles in every task": bool(unit.tasks) and "grasps-role" not in fired,
        "audiences beyond the class in every task": bool(unit.tasks)
        and "grasps-audience" not in fired,
    }
    return _from_checks("authenticity", checks)


def _voice(unit: Unit, fired: set[str]) -> Suggestion:
    points = unit.culture.voice_and_choice
    level = "beginning" if not points else ("developing" if len(points) == 1 else "demonstrating")
    evidence = [f"Choice ({p.kind}): {p.description}" for p in points]
    missing = [] if len(points) >= 2 else ["at least two voice-and-choice points"]
    return Suggestion("voice-and-choice", level, evidence, missing)


def _reflection(unit: Unit, fired: set[str]) -> Suggestion:
    checks = {
        "students reflect at launch or midpoint": "reflection-student-early" not in fired,
        "students reflect at the end": "reflection-student-end" not in fired,
        "the teacher reflects": "reflection-teacher" not in fired,
    }
    return _from_checks("reflection", checks)


def _critique(unit: Unit, fired: set[str]) -> Suggestion:
    steps = unit.critique.steps
    has_critique = any(s.kind == "critique" for s in steps)
    checks = {
        "a critique step": has_critique,
        "critique comes before the final product": has_critique
        and "critique-before-final" not in fired,
        "revision follows critique": has_critique and "revision-after-critique" not in fired,
    }
    return _from_checks("critique-and-revision", checks)


def _public(unit: Unit, fired: set[str]) -> Suggestion:
    product = unit.public_product
    checks = {
        "an audience beyond the classroom": "public-audience" not in fired,
        "a date": product.date is not None,
        "a format or venue": bool(product.format or product.venue),
    }
    return _from_checks("public-product", checks)


def _alignment(unit: Unit, fired: set[str]) -> Suggestion:
    checks = {
        "every target is assessed": "target-assessed" not in fired,
        "targets are introduced or practised before assessment": "introduced-before-assessed"
        not in fired,
        "every task is aligned and has a rubric": not fired & {"task-aligned", "task-rubric"},
        "rubric criteria are tied to targets": not fired
        & {"criterion-targeted", "rubric-orphan-row"},
    }
    return _from_checks("alignment", checks)


def _from_checks(criterion: str, checks: dict[str, bool]) -> Suggestion:
    met = [name for name, ok in checks.items() if ok]
    missing = [name for name, ok in checks.items() if not ok]
    return Suggestion(criterion, _level(len(met), len(checks)), met, missing)


SUGGESTERS: dict[str, Callable[[Unit, set[str]], Suggestion]] = {
    "challenging-question": _question,
    "sustained-inquiry": _inquiry,
    "authenticity": _authenticity,
    "voice-and-choice": _voice,
    "reflection": _reflection,
    "critique-and-revision": _critique,
    "public-product": _public,
    "alignment": _alignment,
}


def _on_scale(suggestion: Suggestion, rubric: DesignRubric) -> Suggestion:
    """The suggestion with its level mapped onto ``rubric``'s levels (first, middle, last)."""
    levels = [level.id for level in rubric.levels]
    position = LEVELS.index(suggestion.level)
    at = {0: 0, 1: len(levels) // 2, 2: len(levels) - 1}[position]
    suggestion.level = levels[at]
    return suggestion


def suggest_design_scores(
    unit: Unit, findings: list[Finding] | None = None, rubric: DesignRubric | None = None
) -> list[Suggestion]:
    """A suggested level and its evidence for every criterion of the design rubric.

    A network's own rubric gets suggestions for the criteria whose ids are the
    shipped ones; its other criteria are left for the reviewer.
    """
    rubric = rubric or design_rubric()
    fired = _rules(findings if findings is not None else run_checks(unit))
    return [
        _on_scale(SUGGESTERS[c.id](unit, fired), rubric)
        for c in rubric.criteria
        if c.id in SUGGESTERS
    ]
