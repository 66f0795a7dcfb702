"""Form pieces of the designer: fields bound to a place in the unit, and list editors.

A ``FieldSpec`` says what one field edits (its path inside a record), how it is
shown (``kind``) and labelled. A ``Form`` turns specs into widgets bound to a base
path in the unit: a change in a widget becomes one ``SetField`` command through
the designer's ``Context``; ``refresh`` puts the unit's values back into the
widgets (after undo, redo or an edit elsewhere). ``RecordList`` edits a list of
records (tasks, milestones, roles, ...) with one selector, add / remove / move
buttons and one form for the selected record: never a widget per item.

The widgets read plain data (``Unit.to_data()``), the same shape the unit file has.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, get_args

from ..model import DocumentError, Problem, slugify
from .commands import AddItem, MoveItem, RemoveItem, SetField

Path = tuple[str | int, ...]
Options = Sequence[tuple[str, Any]] | Callable[[dict], Sequence[tuple[str, Any]]]

#: How wide the labels are, so fields line up.
LABEL_WIDTH = "11em"


def literal_options(literal: Any, labels: dict[str, str] | None = None) -> list[tuple[str, str]]:
    """Dropdown options from a model ``Literal`` (one source of truth for the choices)."""
    labels = labels or {}
    return [(labels.get(v, v.replace("_", " ").capitalize()), v) for v in get_args(literal)]


def get_in(data: Any, path: Path, default: Any = None) -> Any:
    """The value at ``path`` in plain unit data, or ``default`` when any part is missing."""
    node = data
    for part in path:
        try:
            node = node[part]
        except (KeyError, IndexError, TypeError):
            return default
    return node


def fresh_id(data: dict, base: str) -> str:
    """An element id starting with ``base`` that the unit does not use yet."""
    from ..model.integrity import SECTION_ANCHORS
    from .commands import _all_ids, _fresh

    return _fresh(slugify(base, "item"), _all_ids(data) | set(SECTION_ANCHORS))


def set_options(widget: Any, options: Sequence[tuple[str, Any]], keep: str = "first") -> None:
    """Give a selection widget new ``options``, keeping its value while it is still offered.

    When it is not, the value becomes the first option (``keep="first"``), the last one
    (``"last"``, for a list that just grew) or nothing (``"none"``).
    """
    options = list(options)
    if list(widget.options) == options:
        return
    value = widget.value
    widget.options = options
    known = [v for _, v in options]
    if value in known:
        widget.value = value
    elif known and keep != "none":
        widget.value = known[0] if keep == "first" else known[-1]
    else:
        widget.value = None


@dataclass(frozen=True)
class FieldSpec:
    """One field of a record: ``name`` is its path inside the record."""

    name: str | Path
    label: str
    kind: str = "text"  # text, area, lines, csv, number, decimal, date, choice, multi
    options: Options | None = None
    placeholder: str = ""
    help: str = ""
    rows: int = 3

    @property
    def path(self) -> Path:
        return (self.name,) if isinstance(self.name, str) else tuple(self.name)


def _choices(options: Options | None, data: dict) -> list[tuple[str, Any]]:
    if options is None:
        return []
    return list(options(data) if callable(options) else options)


class InputError(ValueError):
    """A value a person typed that cannot be stored (``'three'`` for a week)."""


def _to_number(text: str, whole: bool) -> int | float | None:
    text = text.strip()
    if not text:
        return None
    try:
        value = float(text.replace(",", "."))
    except ValueError:
        raise InputError(f"'{text}' is not a number") from None
    if whole:
        if value != int(value):
            raise InputError(f"'{text}' is not a whole number")
        return int(value)
    return int(value) if value == int(value) else value


class BoundField:
    """One widget bound to one place in the unit."""

    def __init__(self, spec: FieldSpec, context: Any):
        import ipywidgets as w

        self.spec = spec
        self.context = context
        self.base: Path | None = None
        kind = spec.kind
        common: dict[str, Any] = {
            "description": spec.label,
            "style": {"description_width": LABEL_WIDTH},
            "layout": w.Layout(width="100%"),
        }
        if kind in ("text", "csv", "number", "decimal"):
            self.widget = w.Text(placeholder=spec.placeholder, continuous_update=True, **common)
        elif kind in ("area", "lines"):
            self.widget = w.Textarea(
                placeholder=spec.placeholder or ("one per line" if kind == "lines" else ""),
                rows=spec.rows,
                continuous_update=True,
                **common,
            )
        elif kind == "date":
            self.widget = w.DatePicker(**common)
        elif kind == "choice":
            self.widget = w.Dropdown(options=[("", None)], **common)
        elif kind == "multi":
            self.widget = w.SelectMultiple(options=[], rows=min(spec.rows + 1, 6), **common)
        else:  # pragma: no cover - a spec typo is a programming error
            raise ValueError(f"unknown field kind {kind!r}")
        if spec.help:
            self.widget.tooltip = spec.help
        self.widget.add_class("pbl-field")
        self.widget.add_class("pbl-field-" + "-".join(str(p) for p in spec.path).replace("_", "-"))
        self._syncing = False
        # (path, the unit's value there) when a typed value was refused: keep showing what
        # the person typed until they fix it or the unit's value there changes
        self._kept: tuple[Path, Any] | None = None
        self.widget.observe(self._changed, names="value")

    # -- unit -> widget -------------------------------------------------------------

    def show(self, base: Path | None, data: dict) -> None:
        """Show the value at ``base + spec.path`` (``base`` None: nothing selected)."""
        self.base = base
        self.widget.disabled = base is None
        value = None if base is None else get_in(data, base + self.spec.path)
        if self._kept is not None and base is not None:
            if self._kept == (base + self.spec.path, value):
                return
            self._kept = None
        kind = self.spec.kind
        self._syncing = True
        try:
            if kind in ("choice", "multi"):
                options = _choices(self.spec.options, data)
                known = [v for _, v in options]
                if kind == "choice":
                    options = [("(none)", None), *options]
                    if value is not None and value not in known:
                        options.append((f"{value} (not found)", value))
                if list(self.widget.options) != options:
                    self.widget.options = options
                if kind == "choice":
                    self.widget.value = value
                else:
                    self.widget.value = tuple(v for v in (value or []) if v in known)
            else:
                shown = self._format(value)
                if self.widget.value != shown and not self._same(shown):
                    self.widget.value = shown
        finally:
            self._syncing = False

    def _format(self, value: Any) -> Any:
        kind = self.spec.kind
        if kind == "date":
            return dt.date.fromisoformat(str(value)) if value else None
        if kind == "lines":
            return "\n".join(str(v) for v in value or [])
        if kind == "csv":
            return ", ".join(str(v) for v in value or [])
        if kind in ("number", "decimal"):
            return "" if value is None else str(value)
        return "" if value is None else str(value)

    def _same(self, shown: Any) -> bool:
        """True when the widget already says the same thing in the person's own way."""
        try:
            return self._parse(self.widget.value) == self._parse(shown)
        except InputError:
            return False

    # -- widget -> unit -------------------------------------------------------------

    def _parse(self, value: Any) -> Any:
        kind = self.spec.kind
        if kind == "lines":
            return [line.strip() for line in str(value).splitlines() if line.strip()]
        if kind == "csv":
            return [part.strip() for part in str(value).split(",") if part.strip()]
        if kind == "number":
            return _to_number(str(value), whole=True)
        if kind == "decimal":
            return _to_number(str(value), whole=False)
        if kind == "date":
            return value.isoformat() if value else None
        if kind == "multi":
            return list(value)
        return value

    def _changed(self, change: dict) -> None:
        if self._syncing or self.base is None:
            return
        path = self.base + self.spec.path

        def store() -> bool:
            self.context.edit(SetField(path, self._parse(change["new"])))
            return True

        stored = self.context.run(store, where=path)
        self._kept = None if stored else (path, get_in(self.context.data, path))

    def focus(self) -> None:
        self.widget.focus()
        if self.base is not None:
            self.context.focused = self.base + self.spec.path


class Form:
    """Fields over one record at ``base`` (``("framing",)``, ``("tasks", 2)``)."""

    def __init__(self, context: Any, specs: Sequence[FieldSpec], base: Path | None = ()):
        import ipywidgets as w

        self.context = context
        self.fields = [BoundField(spec, context) for spec in specs]
        self.base = base
        self.box = w.VBox([f.widget for f in self.fields], layout=w.Layout(width="100%"))

    def refresh(self, data: dict, base: Path | type[...] | None = ...) -> None:
        if base is not ...:
            self.base = base  # type: ignore[assignment]
        for bound in self.fields:
            bound.show(self.base, data)

    def field_for(self, rest: Path) -> BoundField | None:
        """The field whose path is the start of ``rest`` (a finding's path inside the record)."""
        best = None
        for bound in self.fields:
            path = bound.spec.path
            if tuple(rest[: len(path)]) == path and (
                best is None or len(path) > len(best.spec.path)
            ):
                best = bound
        return best

    def focus(self, parts: Path) -> bool:
        """Focus the field a finding's path (``parts``, from the unit's root) points at."""
        base = self.base
        if base is None or tuple(parts[: len(base)]) != base:
            return False
        bound = self.field_for(tuple(parts[len(base) :]))
        if bound is None:
            return False
        bound.focus()
        return True


@dataclass
class ListSpec:
    """What a ``RecordList`` edits."""

    noun: str  # "task", "milestone"
    fields: Sequence[FieldSpec]
    new_item: Callable[[dict], Any]  # unit data -> a new record
    title_of: Callable[[Any, int], str] = field(
        default=lambda item, index: str(
            (
                item.get("title")
                or item.get("name")
                or item.get("text")
                or item.get("description")
                or item.get("id")
                or f"item {index + 1}"
            )
            if isinstance(item, dict)
            else item
        )
    )
    rows: int = 5


class RecordList:
    """A list of records: a selector, add / remove / move buttons and one form.

    ``path`` is where the list lives; a callable gives it afresh (a milestone list
    follows the selected phase).
    """

    def __init__(self, context: Any, path: Path | Callable[[], Path | None], spec: ListSpec):
        import ipywidgets as w

        self.context = context
        self._path = path
        self.spec = spec
        self.index: int | None = None
        noun = spec.noun
        self.select = w.Select(
            options=[], rows=spec.rows, description=f"{noun.capitalize()}s",
            style={"description_width": LABEL_WIDTH}, layout=w.Layout(width="100%"),
        )  # fmt: skip
        self.select.add_class("pbl-list")
        self.add_button = w.Button(description=f"Add {noun}", icon="plus")
        self.remove_button = w.Button(description=f"Remove {noun}", icon="trash")
        self.up_button = w.Button(description="Move up", icon="arrow-up")
        self.down_button = w.Button(description="Move down", icon="arrow-down")
        for button in (self.add_button, self.remove_button, self.up_button, self.down_button):
            button.layout = w.Layout(width="auto")
        self.form = Form(context, spec.fields, None)
        self.extra: list[Any] = []  # more views of the selected record (alignments, milestones)
        self._syncing = False
        self.select.observe(self._selected, names="value")
        self.add_button.on_click(lambda _: context.run(self.add))
        self.remove_button.on_click(lambda _: context.run(self.remove))
        self.up_button.on_click(lambda _: context.run(lambda: self.move(-1)))
        self.down_button.on_click(lambda _: context.run(lambda: self.move(+1)))
        self.box = w.VBox(
            [
                self.select,
                w.HBox([self.add_button, self.remove_button, self.up_button, self.down_button]),
                self.form.box,
            ],
            layout=w.Layout(width="100%", margin="0 0 1em 0"),
        )
        self.box.add_class("pbl-record-list")

    @property
    def path(self) -> Path | None:
        return self._path() if callable(self._path) else self._path

    def items(self, data: dict) -> list:
        path = self.path
        return [] if path is None else list(get_in(data, path, []) or [])

    @property
    def item_path(self) -> Path | None:
        path = self.path
        return None if path is None or self.index is None else (*path, self.index)

    # -- unit -> widgets ------------------------------------------------------------

    def refresh(self, data: dict | None = None) -> None:
        data = self.context.data if data is None else data
        items = self.items(data)
        if self.index is not None and self.index >= len(items):
            self.index = len(items) - 1 if items else None
        if self.index is None and items:
            self.index = 0
        options = [(f"{i + 1}. {self.spec.title_of(item, i)}", i) for i, item in enumerate(items)]
        self._syncing = True
        try:
            if list(self.select.options) != options:
                self.select.options = options
            self.select.value = self.index
        finally:
            self._syncing = False
        has_list = self.path is not None
        self.add_button.disabled = not has_list
        self.remove_button.disabled = self.index is None
        self.up_button.disabled = self.index is None or self.index == 0
        self.down_button.disabled = self.index is None or self.index >= len(items) - 1
        self.form.refresh(data, self.item_path)
        for view in self.extra:
            view.refresh(data)

    def _selected(self, change: dict) -> None:
        if self._syncing:
            return
        self.index = change["new"]
        self.context.run(self.refresh)

    def choose(self, index: int) -> None:
        self.index = index
        self.refresh()

    # -- actions ---------------------------------------------------------------------

    def add(self) -> None:
        path = self.path
        if path is None:
            raise DocumentError([Problem("", f"choose where the {self.spec.noun} goes first")])
        data = self.context.data
        self.context.edit(AddItem(path, self.spec.new_item(data)))
        self.index = len(self.items(self.context.data)) - 1
        self.refresh()

    def remove(self) -> None:
        path = self.path
        if path is None or self.index is None:
            return
        self.context.edit(RemoveItem(path, self.index))
        self.refresh()

    def move(self, step: int) -> None:
        path = self.path
        if path is None or self.index is None:
            return
        target = self.index + step
        if not 0 <= target < len(self.items(self.context.data)):
            return
        self.context.edit(MoveItem(path, self.index, target))
        self.index = target
        self.refresh()

    # -- findings --------------------------------------------------------------------

    def focus(self, parts: Path) -> bool:
        """Select the record a finding points into and focus its field; False if not ours."""
        path = self.path
        if path is None or tuple(parts[: len(path)]) != path:
            return False
        rest = parts[len(path) :]
        if rest and isinstance(rest[0], int):
            self.choose(rest[0])
            for view in self.extra:
                if hasattr(view, "focus") and view.focus(parts):
                    return True
            if self.form.focus(parts):
                return True
        self.select.focus()
        self.context.focused = path + rest[:1]
        return True
