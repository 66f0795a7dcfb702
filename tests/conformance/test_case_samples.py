"""Every real CASE file in ../shared/samples imports, keeps what it must, and re-exports.

See ../shared/samples/SOURCES.md for where each file comes from and its quirks.
"""

from __future__ import annotations

import json

import jsonschema
import pytest

from pbl_author.frameworks.case_export import write_case_package
from pbl_author.frameworks.case_import import read_case_package
from pbl_author.model import Framework

from . import CASE_SCHEMA, SAMPLES, require

DEEP = "case-v1p0_opensalt_act-holistic-framework-math_deep-hierarchy.json"
EXACT_MATCH = "case-v1p0_opensalt_what-standards-could-be_exactMatchOf.json"
ITEM_TYPES = "case-v1p0_opensalt_itemtype-definitions_tiny.json"
SEQUENCE = "case-v1p0_opensalt_sequence-number_tiny.json"
ASTRAL = "case-v1p0_opensalt_utf8-astral_tiny.json"
MINIMAL = "handwritten/case-v1p1_minimal_with_rubric.json"

#: What the import says it tolerated, for each sample (exact).
NOTES = {
    DEEP: [
        "57 non-standard keys ignored (CFDocumentURI, CFPackageURI)",
        "1 group of siblings listed alphabetically put in the order of the numbers in "
        "their codes (2 before 10)",
    ],
    EXACT_MATCH: [
        "72 non-standard keys ignored (CFDocumentURI, CFItemAssociationURI, CFPackageURI)",
        "59 timestamps without a time zone",
        "'educationalLevel' read as 'educationLevel' (16 items)",
        "21 associations point outside the package (kept as external links)",
    ],
    ITEM_TYPES: [
        "placeholder identifiers accepted (3, for example d0000000-0000-0000-0000-000000000000)"
    ],
    SEQUENCE: [
        "placeholder identifiers accepted (1, for example d0000000-0000-0000-0000-000000000000)"
    ],
    ASTRAL: [
        "placeholder identifiers accepted (3, for example d0000000-0000-0000-0000-000000000000)"
    ],
    MINIMAL: ["1 CFRubric not imported (a framework holds no rubrics)"],
}


def _sample(name: str) -> bytes:
    return require(SAMPLES / name).read_bytes()


def _import(name: str) -> Framework:
    return read_case_package(_sample(name)).framework


def test_every_case_sample_is_covered():
    require(SAMPLES)
    found = sorted(
        str(path.relative_to(SAMPLES))
        for path in SAMPLES.rglob("*.json")
        if path.parent.name != "schemas" and b'"CFDocument"' in path.read_bytes()
    )
    assert found == sorted(NOTES)


@pytest.mark.parametrize("name", sorted(NOTES))
def test_sample_imports_with_its_notes(name):
    result = read_case_package(_sample(name), source=str(SAMPLES / name))
    assert result.format == "case"
    assert result.notes == NOTES[name]
    framework = result.framework
    assert framework.items
    # The reader builds the models without a second validation pass: check it gave
    # exactly what validation gives.
    assert Framework.model_validate(framework.model_dump()) == framework


@pytest.mark.parametrize("name", sorted(NOTES))
def test_sample_exports_as_valid_case_1_1_and_round_trips(name):
    framework = _import(name)
    data = write_case_package(framework)
    schema = json.loads(require(CASE_SCHEMA).read_text(encoding="utf-8"))
    validator = jsonschema.Draft201909Validator(
        schema, format_checker=jsonschema.Draft201909Validator.FORMAT_CHECKER
    )
    errors = [
        f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(json.loads(data))
    ]
    assert errors == []
    assert read_case_package(data).framework == framework
    assert write_case_package(framework) == data  # byte-identical


def test_deep_hierarchy_keeps_its_five_levels_and_sibling_order():
    framework = _import(DEEP)
    assert framework.title == "ACT Holistic Framework, Math"
    assert framework.publisher == "ACT, Inc."
    assert len(framework.items) == 28
    depth: dict[str, int] = {}
    for item in framework.items:  # parents come first
        depth[item.id] = 0 if item.parent is None else depth[item.parent] + 1
    assert max(depth.values()) == 4  # five levels: 0..4
    chain = ["H.A.MATH.GM", "H.A.MATH.GM.PF", "H.A.MATH.GM.PF.2DFP", "H.A.MATH.GM.PF.2DFP.L1"]
    assert [item.id for item in framework.items[:4]] == chain
    assert [framework.item(code).parent for code in chain] == [None, *chain[:-1]]
    leaves = [item.id for item in framework.items if item.parent == chain[-1]]
    # The package lists the 24 level-1 items alphabetically (L1.1, L1.10, L1.11, ...,
    # L1.2, ...) and gives no sequenceNumber: their codes give the order.
    assert leaves == [f"H.A.MATH.GM.PF.2DFP.L1.{n}" for n in range(1, 25)]
    assert [item.id for item in framework.items[4:]] == leaves
    assert framework.item("H.A.MATH.GM").abbreviated_statement == "Geometry and Measurement"
    assert framework.item("H.A.MATH.GM.PF.2DFP.L1.12").notes.startswith("The number of sides")
    assert framework.item("H.A.MATH.GM").type == "competency"  # the package has no types


def test_exact_match_package_keeps_its_16_external_links():
    framework = _import(EXACT_MATCH)
    exact = [link for link in framework.associations if link.kind == "exactMatchOf"]
    assert len(exact) == 16
    assert all(link.destination is None for link in exact)
    assert all(link.external_identifier and link.external_uri for link in exact)
    assert len({link.origin for link in exact}) == 16
    first = exact[0]
    assert first.origin == "CCSS.Math.Content.6.RP.A"
    assert first.external_identifier == "5b6c487e-04f1-5ba9-9722-d099849b9167"
    assert first.identifier == "b4d83eff-ae8e-45e5-b039-d7b832c05cd3"
    kinds = [link.kind for link in framework.associations]
    assert {kind: kinds.count(kind) for kind in kinds} == {
        "exactMatchOf": 16, "precedes": 3, "exemplar": 2, "isRelatedTo": 2,
    }  # fmt: skip
    inside = [link for link in framework.associations if link.destination is not None]
    assert [(link.kind, link.origin, link.destination) for link in inside] == [
        ("precedes", "CCSS.Math.Content.6.RP.A.1", "CCSS.Math.Content.6.RP.A.2"),
        ("precedes", "CCSS.Math.Content.6.RP.A.3", "CCSS.Math.Content.7.RP.A.3"),
    ]
    exemplar = next(link for link in framework.associations if link.kind == "exemplar")
    assert exemplar.external_uri.endswith("/content-standards/6/RP/A/1/tasks/1181")


def test_exact_match_package_keeps_codes_types_levels_and_tree():
    framework = _import(EXACT_MATCH)
    assert framework.publisher == "Brandon Dorman"
    assert framework.identifier == "20c5134f-423d-4097-a971-3dd5152bf507"
    top = [item.id for item in framework.items if item.parent is None]
    assert top == ["CCSS.Math.Content.6.RP.A", "CCSS.Math.Content.7.RP.A"]  # sequenceNumber 1, 2
    item = framework.item("CCSS.Math.Content.6.RP.A.3b")
    assert item.parent == "CCSS.Math.Content.6.RP.A.3"
    assert item.type == "Component"
    assert item.education_levels == ["06"]  # from the misspelt 'educationalLevel'
    assert item.identifier == "7404f29a-ebc2-45f3-a8c8-921b8772ebc8"
    assert item.notes.startswith("For example, if it took 7 hours")
    assert [child.id for child in framework.children("CCSS.Math.Content.6.RP.A.3")] == [
        f"CCSS.Math.Content.6.RP.A.3{letter}" for letter in "abcd"
    ]


def test_sequence_numbers_put_the_second_item_first():
    framework = _import(SEQUENCE)
    assert [item.code for item in framework.items] == ["SNT.2", "SNT.1"]
    assert framework.items[0].statement == "Second added item, but should be first"
    assert all(item.parent is None for item in framework.items)


def test_item_types_come_from_the_package():
    framework = _import(ITEM_TYPES)
    assert [item.type for item in framework.items] == ["Standard"]
    assert framework.items[0].id == "00000000-0000-0000-0000-000000000001"  # no code: its id


def test_astral_character_round_trips():
    data = _sample(ASTRAL)
    framework = read_case_package(data).framework
    assert "\U0001d451" in framework.title
    assert framework.title == "UTF8 \U0001d451 Test"
    assert framework.items[0].statement == "Item \U0001d451 1"
    exported = write_case_package(framework)
    assert "Item \U0001d451 1".encode() in exported  # written as UTF-8, not \\ud835 escapes
    again = read_case_package(exported).framework
    assert again == framework
    assert again.items[0].statement == "Item \U0001d451 1"


def test_hand_written_rubric_package_keeps_its_item():
    framework = _import(MINIMAL)
    (item,) = framework.items
    assert (item.id, item.type, item.education_levels) == ("SCI.INV.1", "Competency", ["06", "07"])
    assert framework.language == "en"


def test_missing_samples_skip_on_a_laptop_and_fail_in_ci(monkeypatch, tmp_path):
    missing = tmp_path / "no-samples-here"
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception):
        require(missing)
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception):
        require(missing)
    assert require(tmp_path) == tmp_path
