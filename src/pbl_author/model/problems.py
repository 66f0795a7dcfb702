"""Problems found in a document, and the error that carries them to the user.

A problem says *where* (a dotted path such as ``tasks[2].alignments[0].competency``,
or a line and column for text-level errors) and *what* is wrong, in words a
teacher can act on.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from pydantic_core import PydanticCustomError

#: How many problems one report shows before it says "and N more".
MAX_SHOWN = 20


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a document."""

    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}" if self.path else self.message


class DocumentError(ValueError):
    """A document (unit, framework, ...) could not be read or is not valid.

    ``source`` is the file it came from, when there is one.
    """

    def __init__(self, problems: Sequence[Problem], source: str | None = None):
        self.problems = list(problems)
        self.source = source
        super().__init__(self.report())

    def with_source(self, source: str) -> DocumentError:
        return DocumentError(self.problems, source)

    def lines(self) -> list[str]:
        prefix = f"{self.source}: " if self.source else ""
        shown = [f"{prefix}{problem}" for problem in self.problems[:MAX_SHOWN]]
        hidden = len(self.problems) - MAX_SHOWN
        if hidden > 0:
            shown.append(f"{prefix}... and {hidden} more problem{'s' if hidden > 1 else ''}")
        return shown

    def report(self) -> str:
        return "\n".join(self.lines())


def raise_if_problems(problems: Sequence[Problem]) -> None:
    """Inside a model validator: report cross-reference problems with their own paths.

    The problems travel in the error's context; ``validation.problems_from``
    unpacks them, so each keeps its exact location.
    """
    if problems:
        raise PydanticCustomError(
            "pbl_integrity",
            "{summary}",
            {"summary": "; ".join(map(str, problems)), "problems": list(problems)},
        )


def shorten(text: str, limit: int = 40) -> str:
    """``text`` cut to ``limit`` characters for a message (a pasted essay is not an id)."""
    return text if len(text) <= limit else text[: limit - 3] + "..."


def format_path(loc: Iterable[str | int]) -> str:
    """``("tasks", 2, "alignments", 0)`` -> ``tasks[2].alignments[0]``."""
    out = ""
    for part in loc:
        if part == "[key]":  # pydantic's marker for a problem with a mapping's key
            continue
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


def _initials(text: str) -> str:
    return "".join(word[0] for word in re.split(r"[-_.\s]+", text) if word)


def suggest(value: str, candidates: Iterable[str]) -> str | None:
    """The candidate the user most likely meant by ``value``, or None.

    Tries, in order: a candidate that starts with ``value`` (none when several do) (after the
    same ``framework:`` prefix for competency references), a candidate whose
    word initials spell ``value`` (``sa`` -> ``self-awareness``), then the
    closest spelling.
    """
    pool = sorted(set(candidates))
    if not pool or not value:
        return None
    lowered = value.lower()
    head, _, tail = lowered.rpartition(":")

    def split(candidate: str) -> tuple[str, str]:
        c_head, _, c_tail = candidate.lower().rpartition(":")
        return c_head, c_tail

    same_head = [c for c in pool if split(c)[0] == head] or pool
    starts = [c for c in same_head if split(c)[1].startswith(tail) and tail]
    if len(starts) == 1:
        return starts[0]
    if len(starts) > 1:
        return None  # ambiguous: better no hint than a wrong one
    initials = [c for c in same_head if tail and _initials(split(c)[1]) == tail]
    if len(initials) == 1:
        return initials[0]
    close = difflib.get_close_matches(value, pool, n=1, cutoff=0.6)
    if close:
        return close[0]
    close = difflib.get_close_matches(lowered, [c.lower() for c in pool], n=1, cutoff=0.6)
    if close:
        return next(c for c in pool if c.lower() == close[0])
    return None


def did_you_mean(value: str, candidates: Iterable[str]) -> str:
    """``"; did you mean 'x'?"`` or an empty string."""
    hint = suggest(value, candidates)
    return f"; did you mean '{hint}'?" if hint else ""
