"""The findings panel: the design checks' findings, each a button that jumps to its field."""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Sequence

from ..checks import Finding

SEVERITY_MARK = {"error": "✖", "warning": "▲", "info": "ℹ"}
SEVERITY_WORD = {"error": "Error", "warning": "Warning", "info": "Note"}
#: Buttons shown at most (the rest are counted): a unit with hundreds of findings stays fast.
SHOWN = 60
_PART = re.compile(r"([^.\[\]]+)|\[(\d+)\]")


def parse_path(path: str) -> tuple[str | int, ...]:
    """``tasks[2].grasps.audience`` -> ``("tasks", 2, "grasps", "audience")``."""
    return tuple(int(index) if index else name for name, index in _PART.findall(path))


class FindingsPanel:
    def __init__(self, on_click: Callable[[Finding], None]):
        import ipywidgets as w

        self.on_click = on_click
        self.heading = w.HTML()
        self.list = w.VBox([], layout=w.Layout(width="100%"))
        self.buttons: list = []
        self._shown: tuple[Finding, ...] | None = None
        self.box = w.VBox([self.heading, self.list], layout=w.Layout(width="100%"))
        self.box.add_class("pbl-findings")

    def show(self, findings: Sequence[Finding]) -> None:
        order = {s: i for i, s in enumerate(SEVERITY_MARK)}
        findings = tuple(sorted(findings, key=lambda f: order[f.severity]))
        if findings == self._shown:
            return
        import ipywidgets as w

        self._shown = findings
        counts = {s: sum(f.severity == s for f in findings) for s in SEVERITY_MARK}
        if not findings:
            self.heading.value = "<h4>Design checks</h4><p>✔ No findings: the checks pass.</p>"
        else:
            summary = ", ".join(f"{n} {SEVERITY_WORD[s].lower()}{'s' if n != 1 else ''}"
                                for s, n in counts.items() if n)  # fmt: skip
            self.heading.value = f"<h4>Design checks</h4><p>{html.escape(summary)}</p>"
        self.buttons = []
        for finding in findings[:SHOWN]:
            button = w.Button(
                description=f"{SEVERITY_MARK[finding.severity]} {finding.message}",
                tooltip=(finding.hint or finding.message),
                layout=w.Layout(width="100%", height="auto"),
            )
            button.add_class("pbl-finding")
            button.add_class(f"pbl-finding-{finding.severity}")
            button.on_click(lambda _, f=finding: self.on_click(f))
            button.finding = finding
            self.buttons.append(button)
        rest = len(findings) - SHOWN
        more = [w.HTML(f"<p>and {rest} more (see Review and export)</p>")] if rest > 0 else []
        self.list.children = [*self.buttons, *more]
