"""Run the design rules over a unit."""

from __future__ import annotations

from ..model import Unit
from .config import CheckConfig
from .context import CheckContext
from .findings import Finding
from .registry import all_rules


def run_checks(unit: Unit, config: CheckConfig | None = None) -> list[Finding]:
    """Every finding of every enabled rule, in rule order."""
    config = config or CheckConfig()
    context = CheckContext(unit, config)
    findings: list[Finding] = []
    for rule in all_rules().values():
        if rule.id in config.disable:
            continue
        severity = config.severity.get(rule.id, rule.severity)
        findings.extend(
            Finding(
                rule=rule.id,
                severity=severity,
                message=hit.message,
                element=hit.element,
                path=hit.path,
                hint=hit.hint,
            )
            for hit in rule.check(context)
        )
    return findings
