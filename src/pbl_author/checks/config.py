"""Check configuration: rules switched off, other severities, thresholds.

Defaults live in ``data/thresholds.yaml``, not in code. A library's
``library.yaml`` (its ``checks:`` section) or a file given with ``--rules``
overrides them::

    checks:
      disable: [dq-limitless]
      severity: {public-product-date: error}
      thresholds: {max_target_standards: 6}
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

from pydantic import Field, JsonValue

from ..files.text import read_document
from ..files.yamltext import load_yaml
from ..model import DocumentError, Problem, StrictModel
from ..model.problems import did_you_mean
from ..model.validation import validate_as
from .findings import Severity

DATA = Path(__file__).resolve().parent / "data"


@cache
def default_thresholds() -> dict[str, Any]:
    return load_yaml((DATA / "thresholds.yaml").read_text(encoding="utf-8"))


class CheckConfig(StrictModel):
    """Which rules run, at which severity, with which thresholds."""

    disable: list[str] = Field(default_factory=list)
    severity: dict[str, Severity] = Field(default_factory=dict)
    thresholds: dict[str, JsonValue] = Field(default_factory=dict)

    def threshold(self, name: str) -> Any:
        if name in self.thresholds:
            return self.thresholds[name]
        return default_thresholds()[name]

    def checked(self) -> CheckConfig:
        """This configuration, or a DocumentError naming unknown rules and thresholds."""
        from .registry import all_rules

        rules = all_rules()
        known_thresholds = default_thresholds()
        problems = []
        for index, rule_id in enumerate(self.disable):
            if rule_id not in rules:
                problems.append(
                    Problem(
                        f"disable[{index}]",
                        f"unknown rule '{rule_id}'{did_you_mean(rule_id, rules)}",
                    )
                )
        for rule_id in self.severity:
            if rule_id not in rules:
                problems.append(
                    Problem(
                        f"severity.{rule_id}",
                        f"unknown rule '{rule_id}'{did_you_mean(rule_id, rules)}",
                    )
                )
        for name in self.thresholds:
            if name not in known_thresholds:
                hint = did_you_mean(name, known_thresholds)
                problems.append(Problem(f"thresholds.{name}", f"unknown threshold '{name}'{hint}"))
        if problems:
            raise DocumentError(problems)
        return self

    def merged(self, other: CheckConfig) -> CheckConfig:
        """``other`` applied on top of this configuration (a call on top of a library)."""
        return CheckConfig(
            disable=sorted({*self.disable, *other.disable}),
            severity={**self.severity, **other.severity},
            thresholds={**self.thresholds, **other.thresholds},
        )


def load_check_config(path: str | Path) -> CheckConfig:
    """A check configuration from a YAML file: a ``checks:`` section (library.yaml) or bare."""
    try:
        data = load_yaml(read_document(path))
        if isinstance(data, dict) and "checks" in data:
            data = data["checks"]
            prefix = "checks."
        else:
            prefix = ""
        try:
            return validate_as(CheckConfig, data).checked()
        except DocumentError as exc:
            raise DocumentError(
                [Problem(prefix + p.path, p.message) for p in exc.problems]
            ) from None
    except DocumentError as exc:
        raise exc.with_source(str(path)) from None
