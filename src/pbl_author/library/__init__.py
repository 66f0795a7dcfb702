"""A network's library of units: its configuration (``library.yaml``), the check a
network runs in CI (``pbl-author library check``), and (to come) the static site."""

from __future__ import annotations

from .check import check_library
from .config import LibraryConfig, load_library_config

__all__ = ["LibraryConfig", "check_library", "load_library_config"]
