"""What every step of the designer is: a titled page of forms over parts of the unit."""

from __future__ import annotations

from typing import Any

from ..context import Context
from ..forms import Path


class Step:
    """One page of the stepper.

    ``prefixes`` are the unit's top-level keys the step edits and ``elements`` the
    section anchors it shows: a finding about them jumps here. ``parts`` are the
    forms and lists of the page, refreshed and searched for a finding's field in order.
    """

    key = ""
    title = ""
    intro = ""
    prefixes: tuple[str, ...] = ()
    elements: tuple[str, ...] = ()

    def __init__(self, context: Context):
        self.context = context
        self.parts: list[Any] = []
        self._box: Any = None

    @property
    def box(self) -> Any:
        """The page (built the first time it is shown, so the designer opens fast)."""
        if self._box is None:
            import ipywidgets as w

            body = self.build()
            header = [w.HTML(f"<h3 class='pbl-step-title'>{self.title}</h3>")]
            if self.intro:
                header.append(w.HTML(f"<p class='pbl-step-intro'>{self.intro}</p>"))
            self._box = w.VBox([*header, *body], layout=w.Layout(width="100%"))
            self._box.add_class("pbl-step")
            self._box.add_class(f"pbl-step-{self.key}")
            self.refresh(self.context.data)
        return self._box

    @property
    def built(self) -> bool:
        return self._box is not None

    def build(self) -> list[Any]:  # pragma: no cover - every step builds its own page
        raise NotImplementedError

    def refresh(self, data: dict) -> None:
        for part in self.parts:
            part.refresh(data)

    def owns(self, parts: Path, element: str) -> bool:
        return (bool(parts) and parts[0] in self.prefixes) or element in self.elements

    def focus(self, parts: Path) -> bool:
        """Show and focus the field at ``parts``; False when no field of the page matches."""
        return any(part.focus(parts) for part in self.parts if hasattr(part, "focus"))
