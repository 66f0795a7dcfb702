"""Coach review: design-rubric scores, anchored comments, merged feedback, version diffs.

``pbl_author.review.open(path)`` shows the reviewer in a notebook (the widget is
imported only then). The rest works without ipywidgets: review files
(``files``), anchors and versions (``anchors``), merge (``merge``), comments
against the current unit (``status``), the semantic diff (``diff``) and the
review report (``report``).
"""

from __future__ import annotations

from typing import Any

from .anchors import anchors, unit_version
from .files import (
    load_review_file,
    load_subject,
    new_review,
    review_path_for,
    save_review_file,
)
from .merge import merge_review_files
from .status import comment_views


def open(path: Any, **options: Any) -> Any:
    """Show the reviewer for a unit file or a shared notebook (see ``widget.open``)."""
    from .widget import open as open_widget

    return open_widget(path, **options)


__all__ = [
    "anchors",
    "comment_views",
    "load_review_file",
    "load_subject",
    "merge_review_files",
    "new_review",
    "open",
    "review_path_for",
    "save_review_file",
    "unit_version",
]
