"""Plain text for labels and lists: one line, cut to a width."""

from __future__ import annotations


def one_line(text: str, width: int) -> str:
    """``text`` on one line (runs of white space made one space), cut to ``width``
    characters with an ellipsis when longer."""
    flat = " ".join(text.split())
    return flat if len(flat) <= width else flat[: width - 1] + "…"


__all__ = ["one_line"]
