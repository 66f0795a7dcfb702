"""The rule registry: every design rule, its stable id and default severity.

A rule is a function ``rule(ctx) -> Iterable[Hit]`` registered with ``@rule``;
the engine turns each hit into a ``Finding`` with the rule's id and the
severity the configuration gives it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .findings import Severity

if TYPE_CHECKING:
    from .context import CheckContext


@dataclass(frozen=True)
class Hit:
    """Where a rule fired and what to say: the engine adds rule id and severity."""

    element: str
    path: str
    message: str
    hint: str = ""


@dataclass(frozen=True)
class Rule:
    id: str
    severity: Severity
    title: str
    check: Callable[[CheckContext], Iterable[Hit]]


RULES: dict[str, Rule] = {}


def rule(rule_id: str, severity: Severity, title: str):
    """Register a rule function under a stable id."""

    def register(function: Callable[[CheckContext], Iterable[Hit]]):
        if rule_id in RULES:
            raise ValueError(f"rule id '{rule_id}' is registered twice")
        RULES[rule_id] = Rule(rule_id, severity, title, function)
        return function

    return register


def all_rules() -> dict[str, Rule]:
    """Every rule, in registration order (importing the rule modules registers them)."""
    from . import rules  # noqa: F401  (registers the rules)

    return RULES
