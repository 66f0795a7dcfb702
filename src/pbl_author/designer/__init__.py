"""The designer: one session object holds a unit and its commands; views observe it.

``UnitSession`` (no widgets) is the whole behaviour: load, edit by commands,
undo and redo, validation, findings after every edit, debounced atomic autosave,
export. ``Designer`` is the ipywidgets stepper built on it; ``open(path)`` shows
it in a notebook.
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
from .session import UnitSession, create_unit_file


def open(path, *, create=False, step="basics"):
    """Show the designer for the unit file at ``path`` in a notebook."""
    from .app import open as open_designer

    return open_designer(path, create=create, step=step)


def home(folder="."):
    """Show the designer's home page (choose or create a unit) for ``folder``."""
    from IPython.display import display

    from .home import Home

    page = Home(folder)
    display(page.view)
    return None


def __getattr__(name):
    if name == "Designer":  # ipywidgets is imported only when a view is made
        from .app import Designer

        return Designer
    raise AttributeError(name)


__all__ = [
    "AddCompetency",
    "AddItem",
    "Align",
    "Command",
    "Designer",
    "DraftRubric",
    "MoveItem",
    "RemoveItem",
    "SetField",
    "Unalign",
    "UnitSession",
    "create_unit_file",
    "home",
    "open",
]
