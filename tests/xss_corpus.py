"""Hostile units for the rendering-safety tests: XSS payloads in every text field.

``tests/data/xss_payloads.txt`` holds one payload per line (script tags, event handlers,
``javascript:`` / ``data:`` / ``vbscript:`` links and images, SVG, iframes, CSS, Markdown
tricks, entities, broken tags, Unicode tricks). The two characters ``\\n`` in a line stand
for a line break (reference links and tables need several lines); nothing else is
unescaped. Blank lines are ignored.

``hostile_unit`` walks a unit's model and replaces every free-text value (fields typed
``Text`` or ``Label``, alone or in lists, empty ones included) with payloads; ids,
references, dates, numbers and choices stay as they are, so the result is still a valid
unit that every exporter accepts. Optional sub-objects that are missing and need no
values (``derived_from``, a milestone's mastery checkpoint) are created first, so their
text fields are attacked too.
"""

from __future__ import annotations

import types
import typing
from functools import cache
from pathlib import Path
from typing import Any, Literal

from annotated_types import MaxLen
from pydantic import BaseModel
from pydantic.fields import FieldInfo

from pbl_author.model import Unit
from pbl_author.model.base import MAX_LABEL, MAX_TEXT

PAYLOADS_FILE = Path(__file__).resolve().parent / "data" / "xss_payloads.txt"

TextKind = Literal["text", "label"]


@cache
def payloads() -> tuple[str, ...]:
    lines = PAYLOADS_FILE.read_text(encoding="utf-8").split("\n")
    return tuple(line.replace("\\n", "\n") for line in lines if line.strip())


def _max_length(metadata: list[Any]) -> int | None:
    for item in metadata:
        if isinstance(item, MaxLen):
            return item.max_length
        if isinstance(item, FieldInfo):
            found = _max_length(item.metadata)
            if found is not None:
                return found
    return None


def _text_kind(metadata: list[Any]) -> TextKind | None:
    longest = _max_length(metadata)
    if longest == MAX_TEXT:
        return "text"
    if longest == MAX_LABEL:
        return "label"
    return None


def _annotated_kind(annotation: Any) -> TextKind | None:
    if typing.get_origin(annotation) is typing.Annotated:
        base, *metadata = typing.get_args(annotation)
        if base is str:
            return _text_kind(metadata)
    return None


def _list_item_kind(annotation: Any) -> TextKind | None:
    if typing.get_origin(annotation) is list:
        (item,) = typing.get_args(annotation)
        return _annotated_kind(item)
    return None


def _optional_model(annotation: Any) -> type[BaseModel] | None:
    """The model class of ``Model | None`` when every field of it has a default."""
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        for option in typing.get_args(annotation):
            if (
                isinstance(option, type)
                and issubclass(option, BaseModel)
                and all(not f.is_required() for f in option.model_fields.values())
            ):
                return option
    return None


class _Filler:
    def __init__(self, corpus: tuple[str, ...], *, all_in_text: bool, offset: int) -> None:
        self.corpus = corpus
        self.all_in_text = all_in_text
        self.counter = offset
        self.used: set[int] = set()

    def _next(self) -> int:
        index = self.counter % len(self.corpus)
        self.counter += 1
        self.used.add(index)
        return index

    def value(self, kind: TextKind) -> str:
        if kind == "text" and self.all_in_text:
            start = self._next()
            order = [self.corpus[(start + i) % len(self.corpus)] for i in range(len(self.corpus))]
            self.used.update(range(len(self.corpus)))
            text = "\n\n".join(order)
            assert len(text) <= MAX_TEXT
            return text
        payload = self.corpus[self._next()]
        if kind == "label":
            payload = " ".join(payload.split("\n"))[:MAX_LABEL]
        return payload

    def data(self, model: BaseModel) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for name, field in type(model).model_fields.items():
            value = getattr(model, name)
            kind = _text_kind(field.metadata) if field.annotation is str else None
            if kind is not None and isinstance(value, str):
                out[name] = self.value(kind)
                continue
            item_kind = _list_item_kind(field.annotation)
            if item_kind is not None and isinstance(value, list):
                out[name] = [self.value(item_kind) for _ in value]
                continue
            if value is None:
                optional = _optional_model(field.annotation)
                value = optional() if optional is not None else None
            out[name] = self._walk(value)
        return out

    def _walk(self, value: Any) -> Any:
        if isinstance(value, BaseModel):
            return self.data(value)
        if isinstance(value, list):
            return [self._walk(item) for item in value]
        if isinstance(value, dict):
            return dict(value)
        return value


def hostile_unit(
    unit: Unit, *, all_in_text: bool = False, offset: int = 0
) -> tuple[Unit, set[int]]:
    """``unit`` with payloads in every text field, and the indexes of the payloads used.

    One payload per field, cycling through the corpus from ``offset``; with
    ``all_in_text`` every multi-line text field holds the whole corpus (as paragraphs,
    starting at a different payload in each field) and one-line labels one payload each.
    """
    filler = _Filler(payloads(), all_in_text=all_in_text, offset=offset)
    data = filler.data(unit)
    return Unit.model_validate(data), filler.used


def text_values(model: BaseModel) -> list[str]:
    """Every Text / Label value of ``model`` (to check that a unit really is hostile)."""
    found: list[str] = []
    for name, field in type(model).model_fields.items():
        value = getattr(model, name)
        if field.annotation is str and _text_kind(field.metadata) and isinstance(value, str):
            found.append(value)
        elif _list_item_kind(field.annotation) and isinstance(value, list):
            found.extend(value)
        elif isinstance(value, BaseModel):
            found.extend(text_values(value))
        elif isinstance(value, list):
            for item in value:
                if isinstance(item, BaseModel):
                    found.extend(text_values(item))
    return found
