"""Strict JSON reading: duplicate keys and NaN/Infinity are errors, with locations."""

from __future__ import annotations

import json
from typing import Any

from ..model.problems import DocumentError, Problem


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise DocumentError([Problem("", f"duplicate key '{key}' in a JSON object")])
        out[key] = value
    return out


def _no_constants(name: str) -> Any:
    raise DocumentError([Problem("", f"{name} is not a valid JSON number")])


def load_json(text: str) -> Any:
    """Plain data from JSON text, or a DocumentError saying where it is broken."""
    try:
        return json.loads(text, object_pairs_hook=_no_duplicates, parse_constant=_no_constants)
    except json.JSONDecodeError as exc:
        raise DocumentError(
            [Problem("", f"line {exc.lineno}, column {exc.colno}: JSON syntax error: {exc.msg}")]
        ) from None
    except RecursionError:
        raise DocumentError([Problem("", "the JSON is nested too deeply")]) from None


def dump_json(data: Any) -> str:
    """Canonical JSON text: two-space indent, keys in the order given, UTF-8 kept."""
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
