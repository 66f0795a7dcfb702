"""The design rules, one module per part of a unit. Importing this registers them all."""

from . import alignment, culture, framing, goals, path  # noqa: F401
