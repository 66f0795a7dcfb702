"""Progress for long work (imports, builds) in a terminal, with rich.

``with terminal_progress("Importing", err) as progress:`` yields a
``progress(done, total)`` callback. Off a terminal (CI logs, pipes) it prints
nothing, so logs stay clean.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TextIO


@contextmanager
def terminal_progress(description: str, stream: TextIO) -> Iterator[Callable[[int, int], None]]:
    if not getattr(stream, "isatty", lambda: False)():
        yield lambda done, total: None
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeElapsedColumn

    with Progress(
        "[progress.description]{task.description}",
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=Console(file=stream),
        transient=True,
    ) as bar:
        task = bar.add_task(description, total=None)

        def update(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total or None)

        yield update
