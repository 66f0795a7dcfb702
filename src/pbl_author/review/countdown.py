"""The clock of a timed protocol: the current stage, time left, start / pause, next / back.

No widgets here. Time comes from an injected ``clock`` (seconds, like
``time.monotonic``) and ticks from an injected ``timer`` factory
(``timer(delay, action)`` returns an object with ``start()`` and ``cancel()``), so a
test drives it with a fake clock and fires ticks itself. In a notebook the
default factory runs ticks on the kernel's event loop.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Sequence
from typing import Any

from ..kernel_timer import TimerFactory, TimerHandle, timer_factory
from .protocols import Stage


def default_timer() -> TimerFactory:
    """Ticks on the kernel's event loop (see ``pbl_author.kernel_timer``)."""
    return timer_factory()


def clock_text(seconds: float) -> str:
    """``299.2`` -> ``"5:00"`` (whole seconds, rounded up, so a fresh stage shows its length)."""
    whole = max(0, math.ceil(seconds))
    return f"{whole // 60}:{whole % 60:02d}"


class Countdown:
    """A countdown through ``stages``; ``on_change()`` is called after every change."""

    def __init__(
        self,
        stages: Sequence[Stage] = (),
        *,
        clock: Callable[[], float] = time.monotonic,
        timer: TimerFactory | None = None,
        on_change: Callable[[], Any] = lambda: None,
        tick: float = 1.0,
        auto_advance: bool = False,
    ):
        self.clock = clock
        self.timer: TimerFactory = timer or default_timer()
        self.on_change = on_change
        self.tick = tick
        self.auto_advance = auto_advance
        self._handle: TimerHandle | None = None
        self.set_stages(stages)

    # -- state ----------------------------------------------------------------------

    def set_stages(self, stages: Sequence[Stage]) -> None:
        """Start over with ``stages`` (another protocol), stopped at the first stage."""
        self._cancel()
        self.stages = list(stages)
        self.index = 0
        self.running = False
        self.time_up = False
        self._elapsed = 0.0
        self._since: float | None = None
        self.on_change()

    @property
    def stage(self) -> Stage | None:
        return self.stages[self.index] if self.stages else None

    @property
    def is_last(self) -> bool:
        return self.index >= len(self.stages) - 1

    def elapsed(self) -> float:
        running = self.clock() - self._since if self._since is not None else 0.0
        return self._elapsed + running

    def remaining(self) -> float:
        stage = self.stage
        return max(0.0, stage.seconds - self.elapsed()) if stage else 0.0

    def text(self) -> str:
        if self.stage is None:
            return ""
        if self.time_up:
            return "Time is up"
        left = clock_text(self.remaining())
        return f"{left} left" if self.running else f"{left} left (paused)"

    # -- commands -------------------------------------------------------------------

    def start(self) -> None:
        if self.stage is None or self.running:
            return
        if self.time_up:  # start again on a stage whose time ran out: a fresh stage
            self._elapsed, self.time_up = 0.0, False
        self.running = True
        self._since = self.clock()
        self._schedule()
        self.on_change()

    def pause(self) -> None:
        if not self.running:
            return
        self._elapsed = self.elapsed()
        self._since = None
        self.running = False
        self._cancel()
        self.on_change()

    def toggle(self) -> None:
        self.pause() if self.running else self.start()

    def go(self, index: int) -> None:
        """Move to stage ``index`` (kept in range) with its full time; running stays running."""
        if not self.stages:
            return
        self.index = max(0, min(index, len(self.stages) - 1))
        self._elapsed, self.time_up = 0.0, False
        if self.running:
            self._since = self.clock()
            self._cancel()
            self._schedule()
        self.on_change()

    def next(self) -> None:
        self.go(self.index + 1)

    def back(self) -> None:
        self.go(self.index - 1)

    def close(self) -> None:
        self._cancel()
        self.running = False

    # -- ticks ----------------------------------------------------------------------

    def _schedule(self) -> None:
        left = self.remaining()
        delay = min(self.tick, left) if left > 0 else self.tick
        self._handle = self.timer(delay, self._ticked)
        self._handle.start()

    def _cancel(self) -> None:
        if self._handle is not None:
            self._handle.cancel()
            self._handle = None

    def _ticked(self) -> None:
        self._handle = None
        if not self.running:
            return
        if self.remaining() > 0:
            self._schedule()
        elif self.auto_advance and not self.is_last:
            self.index += 1
            self._elapsed, self._since = 0.0, self.clock()
            self._schedule()
        else:
            self.running, self.time_up = False, True
            self._elapsed, self._since = float(self.stage.seconds), None  # type: ignore[union-attr]
        self.on_change()


__all__ = ["Countdown", "TimerFactory", "clock_text", "default_timer"]
