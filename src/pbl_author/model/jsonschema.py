"""The JSON Schemas of the current unit and framework files, generated from the models.

``pbl_author.schemas.schema_files()`` gathers these (and the check report's);
``python -m pbl_author.schemas --write`` (``make schema``) regenerates the
committed files, and a test fails when they are stale.
"""

from __future__ import annotations

from pydantic import BaseModel

from .framework import FRAMEWORK_SCHEMA_VERSION, Framework
from .unit import SCHEMA_VERSION, Unit


def json_schema(model: type[BaseModel], urn: str) -> dict:
    """``model``'s validation schema with a draft 2020-12 header and a stable ``$id``."""
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": urn,
        **model.model_json_schema(mode="validation"),
    }


def unit_schema() -> dict:
    return json_schema(Unit, f"urn:pbl-author:unit:v{SCHEMA_VERSION}")


def framework_schema() -> dict:
    return json_schema(Framework, f"urn:pbl-author:framework:v{FRAMEWORK_SCHEMA_VERSION}")
