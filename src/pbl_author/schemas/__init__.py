"""The committed JSON Schemas of the current unit and framework files."""

from pathlib import Path

SCHEMA_DIR = Path(__file__).resolve().parent
