"""Turn pydantic's validation errors into problems a teacher can act on."""

from __future__ import annotations

import re
import types
import typing
from typing import Any, Literal, TypeVar, get_args, get_origin

from pydantic import BaseModel, ValidationError

from .problems import DocumentError, Problem, did_you_mean, format_path, shorten

M = TypeVar("M", bound=BaseModel)

_TYPE_WORDS = {
    "string_type": "text",
    "int_type": "a whole number",
    "int_parsing": "a whole number",
    "int_from_float": "a whole number",
    "float_type": "a number",
    "float_parsing": "a number",
    "bool_type": "true or false",
    "bool_parsing": "true or false",
    "list_type": "a list",
    "dict_type": "a mapping of keys to values",
    "model_type": "a mapping of keys to values",
    "model_attributes_type": "a mapping of keys to values",
    "date_type": "a date (YYYY-MM-DD)",
    "date_parsing": "a date (YYYY-MM-DD)",
    "date_from_datetime_parsing": "a date (YYYY-MM-DD)",
    "date_from_datetime_inexact": "a date without a time (YYYY-MM-DD)",
    "none_required": "nothing (null)",
}


def describe(value: Any) -> str:
    """A short, safe description of a value found where it should not be."""
    if value is None:
        return "nothing (null)"
    if isinstance(value, bool):
        return f"{str(value).lower()}"
    if isinstance(value, int | float):
        return f"the number {value!r}"
    if isinstance(value, str):
        return f"the text {shorten(value)!r}"
    if isinstance(value, list):
        return f"a list of {len(value)} item{'s' if len(value) != 1 else ''}"
    if isinstance(value, dict):
        return "a mapping"
    return type(value).__name__


def _number(value: Any) -> Any:
    """``0.0`` -> ``0``: limits read as people write them."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _unwrap(annotation: Any) -> list[Any]:
    """The concrete types inside Optional[...], Annotated[...] and unions."""
    origin = get_origin(annotation)
    if origin is typing.Annotated:
        return _unwrap(get_args(annotation)[0])
    if origin in (typing.Union, types.UnionType):
        out: list[Any] = []
        for arg in get_args(annotation):
            if arg is not type(None):
                out.extend(_unwrap(arg))
        return out
    return [annotation]


def _annotation_at(model: type[BaseModel], loc: tuple[Any, ...]) -> Any:
    """The annotation found by walking ``loc`` from ``model`` (None when lost)."""
    current: Any = model
    for part in loc:
        found = None
        for candidate in _unwrap(current):
            origin = get_origin(candidate)
            if isinstance(part, int) and origin in (list, tuple):
                found = get_args(candidate)[0]
            elif isinstance(part, str) and isinstance(candidate, type):
                if issubclass(candidate, BaseModel) and part in candidate.model_fields:
                    found = candidate.model_fields[part].annotation
                elif origin is dict:
                    found = get_args(candidate)[1]
            elif isinstance(part, str) and origin is dict:
                found = get_args(candidate)[1]
            if found is not None:
                break
        if found is None:
            return None
        current = found
    return current


def _model_fields_at(model: type[BaseModel], loc: tuple[Any, ...]) -> list[str]:
    annotation = _annotation_at(model, loc)
    for candidate in _unwrap(annotation) if annotation is not None else []:
        if isinstance(candidate, type) and issubclass(candidate, BaseModel):
            return list(candidate.model_fields)
    return []


def _find_home(model: type[BaseModel], loc: tuple[Any, ...], field: str) -> str | None:
    """The nearest section below ``loc`` that has a field named ``field`` (breadth first)."""
    frontier: list[tuple[Any, ...]] = [()]
    for _ in range(3):
        next_frontier = []
        for rel in frontier:
            for name in _model_fields_at(model, (*loc, *rel)):
                step = (*rel, name)
                annotation = _annotation_at(model, (*loc, *step))
                if annotation is None:
                    continue
                if any(get_origin(c) is list for c in _unwrap(annotation)):
                    step = (*step, 0)
                if field in _model_fields_at(model, (*loc, *step)):
                    return format_path(s for s in step if not isinstance(s, int))
                next_frontier.append(step)
        frontier = next_frontier
    return None


def _literal_choices(model: type[BaseModel], loc: tuple[Any, ...]) -> list[str]:
    annotation = _annotation_at(model, loc)
    for candidate in _unwrap(annotation) if annotation is not None else []:
        if get_origin(candidate) is Literal:
            return [str(arg) for arg in get_args(candidate)]
    return []


def _message(model: type[BaseModel], error: dict[str, Any]) -> list[Problem]:
    kind = error["type"]
    loc = tuple(error["loc"])
    path = format_path(loc)
    value = error.get("input")
    ctx = error.get("ctx") or {}
    if kind == "pbl_integrity":
        prefix = format_path(loc)
        return [
            Problem(f"{prefix}.{p.path}" if prefix and p.path else (p.path or prefix), p.message)
            for p in ctx["problems"]
        ]
    if kind == "missing":
        return [Problem(path, "required field is missing")]
    if kind == "extra_forbidden":
        field = str(loc[-1])
        allowed = _model_fields_at(model, loc[:-1])
        hint = did_you_mean(field, allowed)
        home = None if hint else _find_home(model, loc[:-1], field)
        if home:
            hint = f"; it belongs inside '{home}'"
        return [Problem(path, f"unknown field '{field}'{hint}")]
    if kind == "literal_error":
        choices = _literal_choices(model, loc)
        listed = ", ".join(choices)
        shown = shorten(value) if isinstance(value, str) else describe(value)
        hint = did_you_mean(str(value), choices) if isinstance(value, str) else ""
        return [Problem(path, f"'{shown}' is not one of: {listed}{hint}")]
    if (
        kind.startswith("date")
        and isinstance(value, str)
        and ctx.get("error")
        and re.fullmatch(r"\d{4}-\d{1,2}-\d{1,2}", value.strip())
    ):
        return [Problem(path, f"'{value}' is not a valid date (YYYY-MM-DD): {ctx['error']}")]
    if kind in _TYPE_WORDS:
        return [Problem(path, f"expected {_TYPE_WORDS[kind]}, found {describe(value)}")]
    if kind in ("string_too_long", "too_long") and isinstance(value, str):
        return [
            Problem(
                path,
                f"text is too long ({len(value):,} characters; at most {ctx['max_length']:,})",
            )
        ]
    if kind in ("too_short", "string_too_short"):
        count = ctx["min_length"]
        return [Problem(path, f"needs at least {count} item{'s' if count != 1 else ''}")]
    if kind == "too_long":
        return [Problem(path, f"has too many items (at most {ctx['max_length']})")]
    bounds = {
        "greater_than": "greater than {gt}",
        "greater_than_equal": "at least {ge}",
        "less_than": "less than {lt}",
        "less_than_equal": "at most {le}",
    }
    if kind in bounds:
        limits = {key: _number(val) for key, val in ctx.items()}
        return [Problem(path, f"must be {bounds[kind].format(**limits)}, found {describe(value)}")]
    if kind in ("finite_number",):
        return [Problem(path, "must be a finite number")]
    if kind.startswith("pbl_"):
        return [Problem(path, error["msg"])]
    return [Problem(path, error["msg"][:1].lower() + error["msg"][1:])]


def problems_from(model: type[BaseModel], exc: ValidationError) -> list[Problem]:
    """Readable problems for a pydantic ValidationError raised by ``model``."""
    problems: list[Problem] = []
    for error in exc.errors(include_url=False):
        problems.extend(_message(model, error))
    return problems


def validate_as(model: type[M], data: Any) -> M:
    """``model.model_validate(data)``, raising DocumentError with readable problems."""
    if not isinstance(data, dict):
        raise DocumentError(
            [Problem("", f"expected a mapping of keys to values, found {describe(data)}")]
        )
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise DocumentError(problems_from(model, exc)) from None
