"""Regenerate the committed JSON Schemas: ``python -m pbl_author.schemas --write``."""

from __future__ import annotations

import sys

from ..files.atomic import atomic_write_text
from . import SCHEMA_DIR, schema_files


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if args != ["--write"]:
        print("usage: python -m pbl_author.schemas --write", file=sys.stderr)
        return 2
    for name, text in schema_files().items():
        changed = atomic_write_text(SCHEMA_DIR / name, text)
        print(f"{'wrote' if changed else 'unchanged'} {SCHEMA_DIR / name}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
