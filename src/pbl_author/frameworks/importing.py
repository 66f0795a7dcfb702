"""What every framework importer shares: the result type, progress, and id making.

An importer is a function ``read_X(data: bytes, *, framework_id=None, source="",
progress=None) -> ImportResult``. It raises ``DocumentError`` (with problems
that say where: ``CFItems[3].identifier`` or ``line 5``) for what cannot be a
framework, and lists in ``ImportResult.notes`` what it tolerated.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from ..model import Framework, slugify
from ..model.base import FRAMEWORK_ID_RE, ITEM_ID_RE

#: ``progress(done, total)``: called now and then during long imports.
Progress = Callable[[int, int], None]


@dataclass
class ImportResult:
    """A framework read from another format, and what was tolerated on the way."""

    framework: Framework
    notes: list[str] = field(default_factory=list)
    format: str = ""


def framework_id_for(title: str, fallback: str = "framework") -> str:
    """A framework id made from a title (``"ACT Holistic, Math"`` -> ``act-holistic-math``)."""
    candidate = slugify(title, fallback)[:64].rstrip("-")
    return candidate if FRAMEWORK_ID_RE.match(candidate) else fallback


class ItemIds:
    """Hands out unique item ids, preferring a readable code (``MS-ESS3-3``).

    ``make(preferred, fallback)`` returns ``preferred`` cleaned to the item-id
    alphabet when it is free, else ``fallback`` (an identifier such as a UUID)
    cleaned, else a numbered variant; never the same id twice.
    """

    def __init__(self) -> None:
        self.used: set[str] = set()

    @staticmethod
    def clean(text: str) -> str:
        value = re.sub(r"[^A-Za-z0-9._-]+", "-", text.strip()).strip("-._")[:100]
        return value if value and ITEM_ID_RE.match(value) else ""

    def make(self, preferred: str, fallback: str = "") -> str:
        for candidate in (self.clean(preferred), self.clean(fallback)):
            if candidate and candidate not in self.used:
                self.used.add(candidate)
                return candidate
        base = self.clean(preferred) or self.clean(fallback) or "item"
        number = 2
        while f"{base[:95]}-{number}" in self.used:
            number += 1
        value = f"{base[:95]}-{number}"
        self.used.add(value)
        return value


def count_note(count: int, singular: str, plural: str | None = None) -> str:
    """``"3 items had no statement"``-style phrasing for import notes."""
    return f"{count} {singular if count == 1 else (plural or singular + 's')}"


def every(items: Iterable[object], progress: Progress | None, total: int, step: int = 1000):
    """Yield ``items``, reporting progress every ``step`` items (and at the end)."""
    done = 0
    for done, item in enumerate(items, 1):
        if progress is not None and done % step == 0:
            progress(done, total)
        yield item
    if progress is not None:
        progress(done, total)
