"""The designer's steps, in the order a teacher designs a unit."""

from .basics import BasicsStep
from .culture import CultureStep
from .export import ExportStep
from .goals import GoalsStep
from .path import PathStep
from .question import QuestionStep
from .rubrics import RubricsStep
from .tasks import TasksStep

STEPS = (
    BasicsStep,
    QuestionStep,
    GoalsStep,
    TasksStep,
    PathStep,
    CultureStep,
    RubricsStep,
    ExportStep,
)

__all__ = ["STEPS"]
