"""DejaVu Sans, bundled so PDF exports embed the same Unicode font on every machine.

The fonts are the unmodified DejaVu Sans 2.37 files; their licence (Bitstream Vera
and Arev terms, which permit redistribution) is in ``LICENSE`` beside them.
"""

from __future__ import annotations

from pathlib import Path

_HERE = Path(__file__).resolve().parent

#: The font family name the exports use for these files.
FAMILY = "DejaVuSans"


def font_path(bold: bool = False) -> Path:
    """The bundled DejaVu Sans TTF (regular, or bold)."""
    return _HERE / ("DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf")


def license_path() -> Path:
    return _HERE / "LICENSE"
