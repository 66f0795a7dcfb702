"""The designer: one session object holds a unit and its commands; views observe it.

``UnitSession`` (no widgets) is the whole behaviour: load, edit by commands,
undo and redo, validation, findings after every edit, debounced atomic autosave,
export. The ipywidgets views are built on it.
"""

from .commands import (
    AddCompetency,
    AddItem,
    Align,
    Command,
    DraftRubric,
    MoveItem,
    RemoveItem,
    SetField,
    Unalign,
)
from .session import UnitSession


def open(path):
    """Open the designer on the unit file at ``path`` (in a notebook)."""
    from .quick import open_unit

    return open_unit(path)


__all__ = [
    "AddCompetency",
    "AddItem",
    "Align",
    "Command",
    "DraftRubric",
    "MoveItem",
    "RemoveItem",
    "SetField",
    "Unalign",
    "UnitSession",
    "open",
]
