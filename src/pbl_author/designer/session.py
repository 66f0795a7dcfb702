"""``UnitSession``: one unit file being designed, with undo, findings and autosave."""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..checks import CheckConfig, Finding, run_checks
from ..formats import unitfile
from ..model import DocumentError, Unit, parse_unit, slugify
from .commands import Command

#: Seconds of quiet after an edit before the unit is saved.
AUTOSAVE_DELAY = 1.0
#: Edits of the same field closer together than this are one undo step (typing).
MERGE_WINDOW = 1.5


class Debouncer:
    """Run ``action`` once, ``delay`` seconds after the last ``poke``.

    ``timer`` makes the timer (``threading.Timer`` by default); tests pass a fake.
    """

    def __init__(
        self,
        delay: float,
        action: Callable[[], None],
        timer: Callable[[float, Callable[[], None]], Any] = threading.Timer,
    ):
        self.delay = delay
        self.action = action
        self.timer = timer
        self._pending: Any = None
        self._lock = threading.Lock()

    def poke(self) -> None:
        with self._lock:
            if self._pending is not None:
                self._pending.cancel()
            self._pending = self.timer(self.delay, self._fire)
            if hasattr(self._pending, "daemon"):
                self._pending.daemon = True
            self._pending.start()

    def _fire(self) -> None:
        with self._lock:
            self._pending = None
        self.action()

    def flush(self) -> None:
        """Run a pending action now (before closing, exporting, or on demand)."""
        with self._lock:
            pending, self._pending = self._pending, None
        if pending is not None:
            pending.cancel()
            self.action()

    @property
    def pending(self) -> bool:
        return self._pending is not None


@dataclass
class _Step:
    label: str
    before: Unit
    command: Command
    at: float


@dataclass
class SessionEvent:
    """What changed: ``kind`` is edit, undo, redo, save, save-failed, reload or refused."""

    kind: str
    label: str = ""
    problems: list[str] = field(default_factory=list)


def create_unit_file(path: str | os.PathLike[str]) -> Path:
    """Write a new, empty unit at ``path`` (its id made from the file name)."""
    target = Path(path)
    stem = target.name.split(".")[0]
    unit = parse_unit({"schema_version": 1, "id": slugify(stem, "unit"), "title": "Untitled unit"})
    unitfile.save_unit(unit, target)
    return target


class UnitSession:
    """A unit file open for design.

    Every edit is a ``Command``. The unit is validated after each one: an edit that
    would make it invalid is refused with readable problems and changes nothing.
    Findings are refreshed after every edit; the file is saved atomically a moment
    after the last edit (``AUTOSAVE_DELAY``), and at once by ``save()`` or ``close()``.
    """

    def __init__(
        self,
        path: str | os.PathLike[str],
        *,
        autosave_delay: float = AUTOSAVE_DELAY,
        timer: Callable[[float, Callable[[], None]], Any] = threading.Timer,
        clock: Callable[[], float] = time.monotonic,
        check_config: CheckConfig | None = None,
    ):
        self.path = Path(path)
        self.unit = unitfile.load_unit(self.path)
        self.check_config = check_config or CheckConfig()
        self.findings: list[Finding] = run_checks(self.unit, self.check_config)
        self.clock = clock
        self._undo: list[_Step] = []
        self._redo: list[_Step] = []
        self._listeners: list[Callable[[SessionEvent], None]] = []
        self._saved = self.unit
        self.last_save_error: str | None = None
        self._autosave = Debouncer(autosave_delay, self._autosave_now, timer)

    # -- observing ------------------------------------------------------------

    def observe(self, listener: Callable[[SessionEvent], None]) -> Callable[[], None]:
        """Call ``listener(event)`` after every change; returns a function that stops it."""
        self._listeners.append(listener)
        return lambda: self._listeners.remove(listener)

    def _emit(self, event: SessionEvent) -> None:
        for listener in list(self._listeners):
            listener(event)

    # -- editing --------------------------------------------------------------

    @property
    def dirty(self) -> bool:
        return self.unit != self._saved

    @property
    def can_undo(self) -> bool:
        return bool(self._undo)

    @property
    def can_redo(self) -> bool:
        return bool(self._redo)

    def apply(self, command: Command) -> Unit:
        """Apply ``command``; raise DocumentError (and change nothing) when it is refused."""
        try:
            unit = parse_unit(command.apply(self.unit.to_data()))
        except DocumentError as exc:
            self._emit(SessionEvent("refused", command.label, [str(p) for p in exc.problems]))
            raise
        if unit == self.unit:
            return self.unit
        now = self.clock()
        last = self._undo[-1] if self._undo else None
        if last is not None and now - last.at < MERGE_WINDOW and last.command.merges_with(command):
            last.at, last.command = now, command  # typing in one field: one undo step
        else:
            self._undo.append(_Step(command.label, self.unit, command, now))
        self._redo.clear()
        self._set(unit, SessionEvent("edit", command.label))
        return unit

    def undo(self) -> bool:
        if not self._undo:
            return False
        step = self._undo.pop()
        self._redo.append(_Step(step.label, self.unit, step.command, self.clock()))
        self._set(step.before, SessionEvent("undo", step.label))
        return True

    def redo(self) -> bool:
        if not self._redo:
            return False
        step = self._redo.pop()
        self._undo.append(_Step(step.label, self.unit, step.command, float("-inf")))
        self._set(step.before, SessionEvent("redo", step.label))
        return True

    def _set(self, unit: Unit, event: SessionEvent) -> None:
        self.unit = unit
        self.findings = run_checks(unit, self.check_config)
        self._autosave.poke()
        self._emit(event)

    # -- saving and exporting -------------------------------------------------

    def _autosave_now(self) -> None:
        try:
            self.save()
        except OSError as exc:  # a full disk, a read-only folder: say so, keep the edits
            self.last_save_error = f"could not save {self.path.name}: {exc.strerror or exc}"
            self._emit(SessionEvent("save-failed", problems=[self.last_save_error]))

    def save(self) -> bool:
        """Write the unit now (atomically, keeping NAME.bak); False when nothing changed."""
        unit = self.unit
        written = unitfile.save_unit(unit, self.path)
        self._saved = unit
        self.last_save_error = None
        if written:
            self._emit(SessionEvent("save"))
        return written

    def flush(self) -> None:
        """Save now if an autosave is waiting."""
        self._autosave.flush()

    def export(self, name: str, folder: str | os.PathLike[str] | None = None) -> Path:
        """Export the unit as format ``name`` beside the unit file (or into ``folder``)."""
        from ..formats.registry import write_export

        self.flush()
        return write_export(self.unit, name, Path(folder) if folder else self.path.parent)

    def close(self) -> None:
        self.flush()
        self._listeners.clear()
