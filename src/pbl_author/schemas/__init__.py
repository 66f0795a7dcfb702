"""The committed JSON Schemas: unit, framework and review files, and the check report."""

from __future__ import annotations

import json
from pathlib import Path

SCHEMA_DIR = Path(__file__).resolve().parent


def schema_files() -> dict[str, str]:
    """File name -> exact text of every committed schema."""
    from ..checks.findings import REPORT_VERSION, CheckReport
    from ..model.framework import FRAMEWORK_SCHEMA_VERSION
    from ..model.jsonschema import framework_schema, json_schema, unit_schema
    from ..model.review import REVIEW_FILE_VERSION, ReviewFile
    from ..model.unit import SCHEMA_VERSION

    schemas = {
        f"unit.v{SCHEMA_VERSION}.schema.json": unit_schema(),
        f"framework.v{FRAMEWORK_SCHEMA_VERSION}.schema.json": framework_schema(),
        f"check-report.v{REPORT_VERSION}.schema.json": json_schema(
            CheckReport, f"urn:pbl-author:check-report:v{REPORT_VERSION}"
        ),
        f"review.v{REVIEW_FILE_VERSION}.schema.json": json_schema(
            ReviewFile, f"urn:pbl-author:review:v{REVIEW_FILE_VERSION}"
        ),
    }
    return {
        name: json.dumps(schema, indent=2, sort_keys=True) + "\n"
        for name, schema in schemas.items()
    }
