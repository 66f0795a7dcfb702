"""What every part of the designer shares: the session, the unit as data, and safe actions.

``Context.run`` is the one place a button or field action runs: problems with the
unit (a refused edit), with a value typed (``'three'`` weeks) or with a file are
shown in the designer's message area in plain words; an unexpected error shows
one line and keeps its details folded away. Nothing is swallowed and nothing is
lost: a refused edit leaves the unit as it was and the widget as the person typed it.
"""

from __future__ import annotations

import html
import traceback
from collections.abc import Callable
from typing import Any

from ..model import DocumentError
from ..model.problems import format_path
from .commands import Command
from .forms import InputError
from .session import UnitSession


def message_html(kind: str, text: str) -> str:
    """The designer's message area: ``text`` (HTML) marked as ``kind``; empty clears it."""
    return f"<div class='pbl-message-{kind}' role='alert'>{text}</div>" if text else ""


class Context:
    def __init__(self, session: UnitSession, show_message: Callable[[str, str], None]):
        self.session = session
        self._show = show_message
        self._data_for: Any = None
        self._data: dict = {}
        self.frameworks: Any = None  # the designer's FrameworkLibrary (set by the designer)
        self.focused: tuple = ()  # where the last jump to a finding put the focus

    @property
    def data(self) -> dict:
        """The unit as plain data, defaults included (cached until the unit changes)."""
        unit = self.session.unit
        if self._data_for is not unit:
            self._data = unit.model_dump(mode="json")
            self._data_for = unit
        return self._data

    def edit(self, command: Command) -> None:
        self.session.apply(command)

    def run(self, action: Callable[[], Any], where: tuple = ()) -> Any:
        """Run ``action``; show what went wrong instead of raising."""
        return run_safely(action, self._show, where)


def run_safely(
    action: Callable[[], Any], show: Callable[[str, str], None], where: tuple = ()
) -> Any:
    """``action()``, or None after showing (``show(kind, html)``) what went wrong.

    ``where`` is the unit path a typed value was for, named in the message.
    """
    try:
        result = action()
    except DocumentError as exc:
        show("error", "<br>".join(html.escape(str(p)) for p in exc.problems))
    except InputError as exc:
        place = format_path(where)
        show("error", html.escape(f"{place}: {exc}" if place else str(exc)))
    except OSError as exc:
        name = getattr(exc, "filename", None)
        detail = f"{exc.strerror or exc}" + (f" ({name})" if name else "")
        show("error", html.escape(f"could not read or write a file: {detail}"))
    except Exception as exc:  # the last resort: one line, the details folded away
        details = html.escape("".join(traceback.format_exception(exc)))
        show(
            "error",
            html.escape(f"Something went wrong: {type(exc).__name__}: {exc}. ")
            + "Your unit is unchanged. "
            + f"<details><summary>Details for a bug report</summary><pre>{details}</pre>"
            "</details>",
        )
    else:
        show("", "")
        return result
    return None
