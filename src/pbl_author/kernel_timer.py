"""One-shot timers for widgets: on the kernel's event loop, so widget updates stay on
the kernel's thread (a thread timer only where no loop runs, as in a plain script).

``timer_factory()`` returns ``timer(delay, action)``; what it returns has ``start()``
and ``cancel()``. The designer's autosave debounce and the reviewer's protocol
countdown use it; tests pass their own fake factories instead.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable
from typing import Protocol


class TimerHandle(Protocol):
    def start(self) -> None: ...

    def cancel(self) -> None: ...


TimerFactory = Callable[[float, Callable[[], None]], TimerHandle]


class LoopTimer:
    """A one-shot timer on an asyncio loop."""

    def __init__(self, loop: asyncio.AbstractEventLoop, delay: float, action: Callable[[], None]):
        self.loop, self.delay, self.action = loop, delay, action
        self.handle: asyncio.TimerHandle | None = None

    def start(self) -> None:
        self.handle = self.loop.call_later(self.delay, self.action)

    def cancel(self) -> None:
        if self.handle is not None:
            self.handle.cancel()


def timer_factory() -> TimerFactory:
    """Timers on the running event loop (a kernel has one); thread timers otherwise."""
    try:
        loop = asyncio.get_running_loop()
    except RuntimeError:
        return threading.Timer
    return lambda delay, action: LoopTimer(loop, delay, action)


__all__ = ["LoopTimer", "TimerFactory", "TimerHandle", "timer_factory"]
