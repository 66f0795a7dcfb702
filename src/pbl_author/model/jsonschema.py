"""The JSON Schema of the current unit and framework files, generated from the models.

``python -m pbl_author.schemas --write`` (``make schema``) regenerates the
committed files; a test fails when they are stale.
"""

from __future__ import annotations

import json

from .framework import FRAMEWORK_SCHEMA_VERSION, Framework
from .unit import SCHEMA_VERSION, Unit


def unit_schema() -> dict:
    schema = Unit.model_json_schema(mode="validation")
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"urn:pbl-author:unit:v{SCHEMA_VERSION}",
        **schema,
    }


def framework_schema() -> dict:
    schema = Framework.model_json_schema(mode="validation")
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"urn:pbl-author:framework:v{FRAMEWORK_SCHEMA_VERSION}",
        **schema,
    }


def schema_files() -> dict[str, str]:
    """File name -> exact text of every committed schema."""
    return {
        f"unit.v{SCHEMA_VERSION}.schema.json": json.dumps(unit_schema(), indent=2, sort_keys=True)
        + "\n",
        f"framework.v{FRAMEWORK_SCHEMA_VERSION}.schema.json": json.dumps(
            framework_schema(), indent=2, sort_keys=True
        )
        + "\n",
    }
