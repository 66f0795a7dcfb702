"""What every rule needs to know about a unit, computed once per check run."""

from __future__ import annotations

from functools import cached_property
from typing import Any

from ..model import Unit
from .config import CheckConfig

#: Order key of a task with no place on the path: after everything on it.
UNPLACED = 10**6


class CheckContext:
    """A unit plus the orderings and lookups the rules share."""

    def __init__(self, unit: Unit, config: CheckConfig):
        self.unit = unit
        self.config = config

    def threshold(self, name: str) -> Any:
        return self.config.threshold(name)

    @cached_property
    def milestone_order(self) -> dict[str, int]:
        """Milestone id -> its position on the path (0 first)."""
        return {m.id: i for i, m in enumerate(self.unit.path.milestones())}

    @cached_property
    def milestone_phase(self) -> dict[str, str]:
        return {m.id: phase.kind for phase in self.unit.path.phases for m in phase.milestones}

    @cached_property
    def task_order(self) -> dict[str, tuple[int, int]]:
        """Task id -> (position of the milestone it is due at, position in the task list).

        A task without ``due_milestone`` takes the first milestone that lists it.
        """
        listed: dict[str, int] = {}
        for milestone in self.unit.path.milestones():
            for task_id in milestone.tasks:
                listed.setdefault(task_id, self.milestone_order[milestone.id])
        order = {}
        for index, task in enumerate(self.unit.tasks):
            if task.due_milestone is not None:
                place = self.milestone_order.get(task.due_milestone, UNPLACED)
            else:
                place = listed.get(task.id, UNPLACED)
            order[task.id] = (place, index)
        return order

    @cached_property
    def first_assessment(self) -> dict[str, tuple[tuple[int, int], int, int]]:
        """Competency -> (path order, task index, alignment index) of its first assessment."""
        first: dict[str, tuple[tuple[int, int], int, int]] = {}
        for t_index, task in enumerate(self.unit.tasks):
            order = self.task_order[task.id]
            for a_index, alignment in enumerate(task.alignments):
                ref = alignment.competency
                if alignment.level == "assess" and (ref not in first or order < first[ref][0]):
                    first[ref] = (order, t_index, a_index)
        return first

    @cached_property
    def first_build_up(self) -> dict[str, tuple[int, int]]:
        """Competency -> path order of the first task or placed evidence that introduces or
        practises it (evidence at a milestone counts before the tasks due there)."""
        first: dict[str, tuple[int, int]] = {}
        placed = [(self.task_order[task.id], task.alignments) for task in self.unit.tasks]
        placed += [
            ((self.milestone_order.get(evidence.milestone, UNPLACED), -1), evidence.alignments)
            for evidence in self.unit.other_evidence
            if evidence.milestone is not None
        ]
        for order, alignments in placed:
            for alignment in alignments:
                ref = alignment.competency
                if alignment.level != "assess" and (ref not in first or order < first[ref]):
                    first[ref] = order
        return first

    def assessed_before_built_up(self, ref: str) -> bool:
        """True when ``ref`` is assessed with nothing introducing or practising it earlier."""
        if ref not in self.first_assessment:
            return False
        before = self.first_build_up.get(ref)
        return before is None or not before < self.first_assessment[ref][0]

    @cached_property
    def targets(self) -> dict[str, str]:
        """Targeted competency ref -> role."""
        return {target.competency: target.role for target in self.unit.goals.targets}

    def label(self, ref: str) -> str:
        """The human code of a competency when the unit has one, else its reference."""
        try:
            return self.unit.competency(ref).label
        except KeyError:
            return ref

    @cached_property
    def final_task_index(self) -> int | None:
        """The task that is the unit's final product: the last one due on the path."""
        if not self.unit.tasks:
            return None
        return max(
            range(len(self.unit.tasks)), key=lambda i: self.task_order[self.unit.tasks[i].id]
        )
