"""CASE export: strict CASE 1.1, deterministic identifiers, exact round trips."""

from __future__ import annotations

import json
import uuid
from functools import cache
from pathlib import Path

import jsonschema
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pbl_author.formats import unitfile
from pbl_author.frameworks import builtin_frameworks, load_framework
from pbl_author.frameworks.case_export import (
    LAST_CHANGE,
    case_package,
    unit_rubrics_package,
    write_case_package,
    write_unit_rubrics_package,
)
from pbl_author.frameworks.case_import import NAMESPACE, read_case_package
from pbl_author.model import Framework

from ..conformance import CASE_SCHEMA, require
from ..conftest import SAMPLES, sample_unit_paths

FRAMEWORK_FILES = sorted((SAMPLES / "frameworks").glob("*.framework.yaml"))


@cache
def _validator() -> jsonschema.Validator:
    schema = json.loads(require(CASE_SCHEMA).read_text(encoding="utf-8"))
    cls = jsonschema.Draft201909Validator
    cls.check_schema(schema)
    return cls(schema, format_checker=cls.FORMAT_CHECKER)


def _schema_errors(data: bytes) -> list[str]:
    validator = _validator()
    return [
        f"{'/'.join(map(str, error.absolute_path))}: {error.message}"
        for error in validator.iter_errors(json.loads(data))
    ]


def _frameworks() -> list[Framework]:
    return [*builtin_frameworks().values(), *(load_framework(p) for p in FRAMEWORK_FILES)]


def _small(**changes) -> Framework:
    data = {
        "id": "net-skills",
        "title": "Our network's skills",
        "publisher": "Example Network",
        "items": [
            {"id": "collab", "code": "C", "statement": "Works well with others."},
            {"id": "collab-1", "code": "C.1", "statement": "Shares the work.", "parent": "collab"},
            {"id": "collab-2", "code": "C.2", "statement": "Listens.", "parent": "collab"},
            {"id": "think", "code": "T", "statement": "Thinks critically.", "type": "skill"},
        ],
        **changes,
    }
    return Framework.model_validate(data)


# -- strict CASE 1.1 ------------------------------------------------------------------------


def test_the_validator_checks_formats():
    """A wrong UUID or date-time is caught: the schema test is not toothless."""
    package = case_package(_small())
    package["CFItems"][0]["identifier"] = "not-a-uuid"
    package["CFDocument"]["lastChangeDateTime"] = "2024-01-01T10:00:00"  # no time zone
    errors = _schema_errors(json.dumps(package).encode())
    assert any("is not a 'uuid'" in error for error in errors), errors
    assert any("is not a 'date-time'" in error for error in errors), errors


@pytest.mark.parametrize("framework", _frameworks(), ids=lambda f: f.id)
def test_framework_export_validates_against_case_1_1(framework):
    assert _schema_errors(write_case_package(framework)) == []


@pytest.mark.parametrize("path", sample_unit_paths(), ids=lambda p: p.name)
def test_unit_rubrics_export_validates_against_case_1_1(path):
    unit = unitfile.load_unit(path)
    data = write_unit_rubrics_package(unit, frameworks=_by_id())
    assert _schema_errors(data) == []
    assert write_unit_rubrics_package(unit, frameworks=_by_id()) == data


def test_odd_frameworks_still_export_strictly():
    framework = _small(
        identifier="NOT-A-UUID",
        title="  ",
        publisher="",
        language="",
        associations=[
            {"kind": "my own relation", "origin": "collab", "destination": "think"},
            {"kind": "", "origin": "collab", "external_uri": "https://x.example/1"},
            {"kind": "exactMatchOf", "origin": "think", "external_identifier": "ext 7"},
        ],
    )
    data = write_case_package(framework, base_url="https://case.example.org/")
    assert _schema_errors(data) == []
    assert read_case_package(data).framework == framework


# -- what the package holds -------------------------------------------------------------------


def test_the_package_shape():
    package = case_package(_small(source={"license": "CC-BY-4.0", "url": "https://x.example"}))
    document = package["CFDocument"]
    assert document["caseVersion"] == "1.1"
    assert document["creator"] == "Example Network"
    assert document["lastChangeDateTime"] == LAST_CHANGE
    assert document["officialSourceURL"] == "https://x.example"
    assert document["licenseURI"]["title"] == "CC-BY-4.0"
    (license_,) = package["CFDefinitions"]["CFLicenses"]
    assert license_["identifier"] == document["licenseURI"]["identifier"]
    assert [item["humanCodingScheme"] for item in package["CFItems"]] == ["C", "C.1", "C.2", "T"]
    types = {entry["title"]: entry for entry in package["CFDefinitions"]["CFItemTypes"]}
    assert set(types) == {"competency", "skill"}
    think = package["CFItems"][3]
    assert think["CFItemType"] == "skill"
    assert think["CFItemTypeURI"]["identifier"] == types["skill"]["identifier"]
    tree = [
        (
            link["originNodeURI"]["title"],
            link["destinationNodeURI"]["title"],
            link["sequenceNumber"],
        )
        for link in package["CFAssociations"]
    ]
    assert tree == [
        ("C", "Our network's skills", 1),
        ("C.1", "C", 1),
        ("C.2", "C", 2),
        ("T", "Our network's skills", 2),
    ]
    assert all(link["associationType"] == "isChildOf" for link in package["CFAssociations"])


def test_identifiers_are_uuid5_names_and_stable():
    framework = _small()
    package = case_package(framework)
    document_id = package["CFDocument"]["identifier"]
    assert document_id == str(uuid.uuid5(NAMESPACE, "framework\x1fnet-skills"))
    item_id = package["CFItems"][0]["identifier"]
    assert item_id == str(uuid.uuid5(NAMESPACE, f"{document_id}\x1fitem\x1fcollab"))
    assert uuid.UUID(item_id).version == 5
    assert package["CFItems"][0]["uri"] == f"urn:uuid:{item_id}"
    # Another item changes: the others keep their identifiers.
    changed = framework.model_copy(deep=True)
    changed.items[3].statement = "Thinks critically and creatively."
    again = case_package(changed)
    assert [i["identifier"] for i in again["CFItems"]] == [
        i["identifier"] for i in package["CFItems"]
    ]
    assert again["CFAssociations"] == package["CFAssociations"]


def test_own_identifiers_are_kept_when_they_are_uuids():
    own = str(uuid.uuid4())
    upper = str(uuid.uuid4()).upper()
    framework = _small()
    framework.items[0].identifier = own
    framework.items[0].uri = "https://somewhere.example/items/1"
    framework.items[1].identifier = upper
    framework.items[2].identifier = "d0000000-0000-0000-0000-000000000000"  # a placeholder
    framework.items[3].identifier = own  # the same again
    items = case_package(framework)["CFItems"]
    assert items[0]["identifier"] == own
    assert items[0]["uri"] == "https://somewhere.example/items/1"
    assert items[1]["identifier"] == upper.lower()
    assert items[2]["identifier"] != "d0000000-0000-0000-0000-000000000000"
    assert items[3]["identifier"] != own
    assert read_case_package(write_case_package(framework)).framework == framework


def test_base_url_and_last_change():
    package = case_package(
        _small(), base_url="https://case.example.org", last_change="2025-02-03T04:05:06Z"
    )
    item = package["CFItems"][0]
    assert item["uri"] == f"https://case.example.org/ims/case/v1p1/CFItems/{item['identifier']}"
    assert item["lastChangeDateTime"] == "2025-02-03T04:05:06Z"
    with pytest.raises(ValueError, match="time zone"):
        case_package(_small(), last_change="2025-02-03")


def test_output_is_byte_identical_and_readable():
    data = write_case_package(_small())
    assert data == write_case_package(_small())
    text = data.decode("utf-8")
    assert text.endswith("}\n") and text.startswith('{\n  "CFDocument": {\n')
    framework = _small(title="Compétences 𝑑")
    assert "Compétences 𝑑".encode() in write_case_package(framework)  # UTF-8, not escapes


def test_associations_keep_their_kinds_and_outside_links():
    framework = _small(
        associations=[
            {"kind": "precedes", "origin": "collab-1", "destination": "collab-2", "sequence": 4},
            {
                "kind": "exactMatchOf",
                "origin": "think",
                "external_identifier": "5b6c487e-04f1-5ba9-9722-d099849b9167",
                "external_uri": "https://other.example/uri/5b6c487e",
                "external_title": "CCSS.Math.Content.6.RP.A",
            },
            {"kind": "isChildOf", "origin": "think", "destination": "collab"},  # a second parent
            {"kind": "needs", "origin": "think", "destination": "collab"},
        ]
    )
    links = case_package(framework)["CFAssociations"][4:]
    assert [link["associationType"] for link in links] == [
        "precedes", "exactMatchOf", "isChildOf", "ext:needs",
    ]  # fmt: skip
    assert links[0]["sequenceNumber"] == 4
    assert links[1]["destinationNodeURI"] == {
        "title": "CCSS.Math.Content.6.RP.A",
        "identifier": "5b6c487e-04f1-5ba9-9722-d099849b9167",
        "uri": "https://other.example/uri/5b6c487e",
    }
    assert links[3]["extensions"] == {"pblAuthor": {"kind": "needs", "identifier": ""}}
    assert read_case_package(write_case_package(framework)).framework == framework


# -- round trips --------------------------------------------------------------------------------


@pytest.mark.parametrize("framework", _frameworks(), ids=lambda f: f.id)
def test_export_then_import_gives_the_same_framework(framework):
    result = read_case_package(write_case_package(framework))
    assert result.framework == framework
    assert result.notes == []


def test_scale_descriptors_and_indicators_travel_in_the_extension():
    casel = builtin_frameworks()["casel"]
    assert casel.scale and casel.items[0].descriptors and casel.items[0].indicators
    package = case_package(casel)
    ours = package["CFDocument"]["extensions"]["pblAuthor"]
    assert [level["id"] for level in ours["scale"]] == [level.id for level in casel.scale]
    first = package["CFItems"][0]["extensions"]["pblAuthor"]
    assert first["indicators"] == casel.items[0].indicators
    assert len(first["descriptors"]) == 4


def test_a_framework_listed_out_of_tree_order_keeps_its_order():
    framework = Framework.model_validate(
        {
            "id": "odd",
            "title": "Odd order",
            "items": [
                {"id": "child", "statement": "Child", "parent": "root"},
                {"id": "root", "statement": "Root"},
            ],
        }
    )
    package = case_package(framework)
    assert package["CFDocument"]["extensions"]["pblAuthor"]["itemOrder"] == "listed"
    assert read_case_package(write_case_package(framework)).framework == framework


# Hypothesis: any framework survives the trip.

_TEXT = st.characters(blacklist_categories=("Cc", "Cs"), blacklist_characters="\ufffe\uffff")
_labels = st.text(st.one_of(_TEXT, st.just("\t")), max_size=12)
_texts = st.text(st.one_of(_TEXT, st.sampled_from("\n\t")), max_size=30)
_levels = st.sampled_from(["06", "KG", "", " 7", "8,9"]) | _labels
_ids = st.from_regex(r"[A-Za-z0-9][A-Za-z0-9._-]{0,8}", fullmatch=True)
_identifiers = st.one_of(
    st.just(""),
    st.uuids().map(str),
    st.uuids().map(lambda value: str(value).upper()),
    st.just("d0000000-0000-0000-0000-000000000000"),
    st.from_regex(r"id-[a-z0-9]{1,6}", fullmatch=True),
)


@st.composite
def frameworks(draw: st.DrawFn) -> Framework:
    ids = draw(st.lists(_ids, min_size=1, max_size=8, unique_by=str.lower))
    scale_ids = draw(st.lists(_ids, max_size=3, unique=True))
    scale = [{"id": level, "title": draw(_labels), "points": draw(st.none() | st.integers(0, 9))}
             for level in scale_ids]  # fmt: skip
    items = []
    for position, item_id in enumerate(ids):
        item = {
            "id": item_id,
            "code": draw(st.sampled_from([item_id, "", f" {item_id}", "X Y", item_id.upper()])),
            "statement": draw(_texts),
            "abbreviated_statement": draw(st.sampled_from(["", "Short"]) | _texts),
            "type": draw(st.sampled_from(["competency", "Standard", ""]) | _labels),
            "education_levels": draw(st.lists(_levels, max_size=3)),
            "parent": draw(st.none() | st.sampled_from(ids[:position])) if position else None,
            "identifier": draw(_identifiers),
            "uri": draw(st.sampled_from(["", f"https://items.example/{position}"])),
            "notes": draw(st.sampled_from(["", "A note.\nTwo lines."])),
            "keywords": draw(st.lists(_labels, max_size=2)),
            "indicators": draw(st.lists(_texts, max_size=2)),
        }  # fmt: skip
        if scale_ids and draw(st.booleans()):
            item["descriptors"] = [{"level": scale_ids[0], "text": draw(_texts)}]
        if draw(st.booleans()):
            item["extensions"] = {"org.example": {"n": draw(st.integers(0, 3))}}
        items.append(item)
    items = draw(st.permutations(items)) if draw(st.booleans()) else items
    associations = []
    for _ in range(draw(st.integers(0, 4))):
        association = {
            "kind": draw(st.sampled_from(["exactMatchOf", "isRelatedTo", "precedes",
                                          "isChildOf", "my relation", "", "ext:custom"])),
            "origin": draw(st.sampled_from(ids)),
            "sequence": draw(st.none() | st.integers(-3, 50)),
            "identifier": draw(_identifiers),
        }  # fmt: skip
        if draw(st.booleans()):
            association["destination"] = draw(st.sampled_from(ids))
        else:
            number = draw(st.integers(0, 99))
            association["external_identifier"] = draw(st.sampled_from(["", f"ext-{number}"]))
            association["external_uri"] = (
                draw(st.sampled_from(["", f"https://ext.example/{number}"]))
                if association["external_identifier"]
                else f"https://ext.example/{number}"
            )
            association["external_title"] = draw(_labels)
        associations.append(association)
    return Framework.model_validate(
        {
            "id": draw(st.from_regex(r"[a-z0-9][a-z0-9._-]{0,12}", fullmatch=True)),
            "title": draw(st.sampled_from(["A title", "", "  "]) | _labels),
            "version": draw(st.sampled_from(["", "1.0"])),
            "publisher": draw(st.sampled_from(["", "Network"]) | _labels),
            "description": draw(_texts),
            "language": draw(st.sampled_from(["en", "", "fr"])),
            "subjects": draw(st.lists(st.sampled_from(["Science", ""]) | _labels, max_size=2)),
            "identifier": draw(_identifiers),
            "uri": draw(st.sampled_from(["", "https://docs.example/framework"])),
            "source": {
                "name": draw(st.sampled_from(["", "Network", "Other"])),
                "url": draw(st.sampled_from(["", "https://source.example"])),
                "license": draw(st.sampled_from(["", "CC-BY-4.0"])),
                "note": draw(st.sampled_from(["", "Our words."])),
            },
            "scale": scale,
            "items": items,
            "associations": associations,
            "extensions": draw(st.sampled_from([{}, {"org.example": [1, "two"]}])),
        }
    )


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(frameworks())
def test_any_framework_round_trips_and_validates(framework):
    data = write_case_package(framework)
    assert read_case_package(data).framework == framework
    assert data == write_case_package(framework)
    assert _schema_errors(data) == []


# -- a unit's rubrics -----------------------------------------------------------------------------


def _by_id() -> dict[str, Framework]:
    return {framework.id: framework for framework in _frameworks()}


def _unit_with_rubrics():
    for path in sample_unit_paths():
        unit = unitfile.load_unit(path)
        if any(rubric.kind == "analytic" and rubric.criteria for rubric in unit.rubrics):
            return unit
    pytest.fail("no sample unit has an analytic rubric")


def test_rubric_criteria_point_at_the_units_items_and_carry_the_levels():
    unit = _unit_with_rubrics()
    package = unit_rubrics_package(unit)
    assert package["CFDocument"]["title"] == unit.title
    items = {item["identifier"]: item for item in package["CFItems"]}
    assert len(items) == len(unit.competencies)
    refs = {
        item["extensions"]["pblAuthor"]["ref"]: identifier for identifier, item in items.items()
    }
    assert set(refs) == {competency.ref for competency in unit.competencies}
    assert len(package["CFRubrics"]) == len(unit.rubrics)
    for rubric, exported in zip(unit.rubrics, package["CFRubrics"], strict=True):
        assert exported["title"] == rubric.title
        assert exported["extensions"]["pblAuthor"]["kind"] == rubric.kind
        for position, (criterion, entry) in enumerate(
            zip(rubric.criteria, exported["CFRubricCriteria"], strict=True), 1
        ):
            assert entry["position"] == position
            assert entry["rubricId"] == exported["identifier"]
            assert entry["description"] == criterion.title
            assert entry["CFItemURI"]["identifier"] == refs[criterion.competencies[0]]
            levels = entry["CFRubricCriterionLevels"]
            assert [level["quality"] for level in levels] == [
                level.title for level in rubric.levels
            ]
            assert [level["position"] for level in levels] == list(range(1, len(levels) + 1))
            assert all(level["rubricCriterionId"] == entry["identifier"] for level in levels)
            descriptors = {descriptor.level: descriptor for descriptor in criterion.descriptors}
            for level, cell in zip(rubric.levels, levels, strict=True):
                if level.points is not None:
                    assert cell["score"] == level.points
                if level.id in descriptors:
                    assert cell["description"] == descriptors[level.id].teacher
                    assert cell.get("feedback", "") == descriptors[level.id].student
                else:
                    assert "description" not in cell


def test_unit_export_keeps_the_original_case_identifiers():
    unit = _unit_with_rubrics()
    ref = unit.competencies[0].ref
    framework_id, _, item_id = ref.partition(":")
    framework = Framework.model_validate(
        {
            "id": framework_id,
            "title": "From CASE",
            "items": [
                {
                    "id": item_id,
                    "statement": "x",
                    "identifier": "20c5134f-423d-4097-a971-3dd5152bf507",
                    "uri": "https://opensalt.example/uri/20c5134f-423d-4097-a971-3dd5152bf507",
                }
            ],
        }
    )
    first = unit_rubrics_package(unit, frameworks={framework_id: framework})["CFItems"][0]
    assert first["identifier"] == "20c5134f-423d-4097-a971-3dd5152bf507"
    assert first["uri"] == "https://opensalt.example/uri/20c5134f-423d-4097-a971-3dd5152bf507"
    plain = unit_rubrics_package(unit)["CFItems"][0]
    assert plain["identifier"] == str(uuid.uuid5(NAMESPACE, f"competency\x1f{ref}"))


def test_unit_export_imports_as_a_framework_of_its_competencies():
    unit = _unit_with_rubrics()
    result = read_case_package(write_unit_rubrics_package(unit))
    assert [item.statement for item in result.framework.items] == [
        competency.statement for competency in unit.competencies
    ]
    assert result.notes == [
        f"{len(unit.rubrics)} CFRubric{'s' if len(unit.rubrics) != 1 else ''} not imported "
        "(a framework holds no rubrics)"
    ]


def test_the_schema_file_is_where_the_tests_expect_it():
    assert Path(require(CASE_SCHEMA)).name == "1edtech_case-v1p1-cfpackage-jsonschema.json"
