"""The committed JSON Schemas match the models, and real files conform to them."""

from __future__ import annotations

import json

import jsonschema
import pytest

from pbl_author.formats.unitfile import load_unit
from pbl_author.frameworks import load_framework
from pbl_author.frameworks.builtin import DATA_DIR
from pbl_author.schemas import SCHEMA_DIR, schema_files

from .conftest import SAMPLES, sample_unit_paths, template_paths


@pytest.mark.parametrize("name", sorted(schema_files()))
def test_committed_schema_is_current(name):
    committed = (SCHEMA_DIR / name).read_text(encoding="utf-8")
    assert committed == schema_files()[name], (
        f"{name} is stale: run `make schema` and commit the result"
    )


@pytest.mark.parametrize("path", sample_unit_paths() + template_paths(), ids=lambda p: p.name)
def test_units_conform_to_the_json_schema(path):
    schema = json.loads((SCHEMA_DIR / "unit.v1.schema.json").read_text(encoding="utf-8"))
    jsonschema.validate(load_unit(path).to_data(), schema)


@pytest.mark.parametrize(
    "path",
    sorted(DATA_DIR.glob("*.framework.yaml")) + sorted(SAMPLES.glob("frameworks/*.framework.yaml")),
    ids=lambda p: p.name,
)
def test_frameworks_conform_to_the_json_schema(path):
    schema = json.loads((SCHEMA_DIR / "framework.v1.schema.json").read_text(encoding="utf-8"))
    framework = load_framework(path)
    jsonschema.validate(framework.model_dump(mode="json"), schema)


def test_review_files_conform_to_the_json_schema():
    from pbl_author.review import files

    unit = load_unit(SAMPLES / "water-watchers.unit.yaml")
    review_file = files.empty_review_file(unit)
    review = files.new_review(review_file, unit, "Ana")
    review.comments = [files.make_comment(review, unit, "driving-question", "Open?", "question")]
    schema = json.loads((SCHEMA_DIR / "review.v1.schema.json").read_text(encoding="utf-8"))
    jsonschema.validate(files.review_file_data(review_file), schema)
