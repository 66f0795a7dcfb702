"""One converter function per schema version: ``CONVERTERS[n]`` turns version n into n + 1.

A converter takes plain data (as read from a file) and returns plain data; it
never sees a model, so old files are upgraded before they are validated.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from . import v0_to_v1

Converter = Callable[[dict[str, Any]], dict[str, Any]]

CONVERTERS: dict[int, Converter] = {
    0: v0_to_v1.convert,
}
