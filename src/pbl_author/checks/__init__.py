"""Design checks: rules over a unit that produce findings.

``run_checks(unit, config)`` returns the findings of every enabled rule;
``coverage(unit)`` builds the coverage matrix; the driving-question analysis
lives in ``driving_question``.
"""

from .config import CheckConfig, load_check_config
from .coverage import Coverage, coverage, coverage_html
from .engine import run_checks
from .findings import CheckReport, Finding, UnitReport
from .registry import all_rules

__all__ = [
    "CheckConfig",
    "CheckReport",
    "Coverage",
    "Finding",
    "UnitReport",
    "all_rules",
    "coverage",
    "coverage_html",
    "load_check_config",
    "run_checks",
]
