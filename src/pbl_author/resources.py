"""Where pbl-author's bundled folders are: starter templates and sample units.

In a wheel they are inside the package (``_bundled/``); in a source checkout
they are the top-level ``templates/`` and ``sample_units/`` folders.
"""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def _bundled(name: str) -> Path:
    inside = _PACKAGE / "_bundled" / name
    if inside.is_dir():
        return inside
    return _PACKAGE.parent.parent / name


def templates_dir() -> Path:
    return _bundled("templates")


def sample_units_dir() -> Path:
    return _bundled("sample_units")


def template_names() -> list[str]:
    """Names of the starter templates (``pbl``, ``inquiry``, ``ubd``, ...)."""
    return sorted(
        path.name.removesuffix(".unit.yaml") for path in templates_dir().glob("*.unit.yaml")
    )


def template_path(name: str) -> Path:
    return templates_dir() / f"{name}.unit.yaml"
