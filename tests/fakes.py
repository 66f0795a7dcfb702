"""Stand-ins for time in widget and session tests: a clock the test moves and timers
that fire only when the test says so."""

from __future__ import annotations

from typing import ClassVar


class FakeTimer:
    """A timer that fires only when the test says so (``FakeTimer.fire_pending()``).

    Tests reset ``FakeTimer.made`` before they start."""

    made: ClassVar[list[FakeTimer]] = []

    def __init__(self, delay, action):
        self.delay, self.action, self.started, self.cancelled = delay, action, False, False
        FakeTimer.made.append(self)

    def start(self):
        self.started = True

    def cancel(self):
        self.cancelled = True

    @classmethod
    def pending(cls):
        return [t for t in cls.made if t.started and not t.cancelled]

    @classmethod
    def fire_pending(cls):
        for timer in cls.pending():
            timer.cancelled = True
            timer.action()


class Clock:
    """Seconds that pass only when the test sets ``now``."""

    def __init__(self, now: float = 100.0):
        self.now = now

    def __call__(self):
        return self.now
