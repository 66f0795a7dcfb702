"""CASE import: our own small packages, the malformed corpus, leniency, speed."""

from __future__ import annotations

import codecs
import copy
import json
import time
import uuid

import pytest

from pbl_author.frameworks import case_import
from pbl_author.frameworks.case_import import read_case_package
from pbl_author.model import DocumentError, Framework

from ..conftest import DATA

CASE = DATA / "case"
INVALID = CASE / "invalid"
MALFORMED = sorted(INVALID.glob("*.json"))

DOC_ID = "7d0e6f6c-3c1b-4c51-9a43-5c3d0d9a1e01"
BASE = "https://case.example.org/ims/case/v1p1"
STAMP = "2024-05-01T12:00:00+00:00"


def _uuid(name: str) -> str:
    return str(uuid.uuid5(uuid.NAMESPACE_URL, name))


def _link(identifier: str, title: str = "", kind: str = "CFItems") -> dict:
    return {"title": title, "identifier": identifier, "uri": f"{BASE}/{kind}/{identifier}"}


def _item(code: str, statement: str = "", **extra) -> dict:
    identifier = extra.pop("identifier", _uuid(code))
    return {
        "identifier": identifier,
        "uri": f"{BASE}/CFItems/{identifier}",
        "humanCodingScheme": code,
        "fullStatement": statement or f"Statement of {code}.",
        "lastChangeDateTime": STAMP,
        **extra,
    }


def _association(kind: str, origin: str, destination: str, **extra) -> dict:
    identifier = extra.pop("identifier", _uuid(f"{kind} {origin} {destination}"))
    return {
        "identifier": identifier,
        "uri": f"{BASE}/CFAssociations/{identifier}",
        "associationType": kind,
        "originNodeURI": _link(origin),
        "destinationNodeURI": _link(
            destination, kind="CFDocuments" if destination == DOC_ID else "CFItems"
        ),
        "lastChangeDateTime": STAMP,
        **extra,
    }


def _package(items: list[dict], links: list[dict], **document) -> dict:
    return {
        "CFDocument": {
            "identifier": DOC_ID,
            "uri": f"{BASE}/CFDocuments/{DOC_ID}",
            "creator": "Example District",
            "title": "Science practices",
            "lastChangeDateTime": STAMP,
            **document,
        },
        "CFItems": items,
        "CFAssociations": links,
    }


def _tree(*pairs: tuple[str, str | None], seq: bool = False) -> dict:
    """A package from (code, parent code) pairs, in that order."""
    items = [_item(code) for code, _ in pairs]
    links = []
    for position, (code, parent) in enumerate(pairs, 1):
        extra = {"sequenceNumber": position} if seq else {}
        destination = DOC_ID if parent is None else _uuid(parent)
        links.append(_association("isChildOf", _uuid(code), destination, **extra))
    return _package(items, links)


def _read(package: dict, **options):
    return read_case_package(json.dumps(package, ensure_ascii=False).encode("utf-8"), **options)


def _problems(data: bytes) -> list[str]:
    with pytest.raises(DocumentError) as caught:
        read_case_package(data)
    return [str(problem) for problem in caught.value.problems]


# -- the malformed corpus ------------------------------------------------------------------


def test_the_malformed_corpus_is_large_and_every_case_has_its_message():
    assert len(MALFORMED) >= 10
    for case in MALFORMED:
        expected = case.with_suffix(".expected")
        assert expected.exists(), case.name
        assert expected.read_text(encoding="utf-8").strip(), case.name


@pytest.mark.parametrize("case", MALFORMED, ids=lambda path: path.stem)
def test_malformed_package_gets_its_exact_message(case):
    expected = case.with_suffix(".expected").read_text(encoding="utf-8").splitlines()
    assert _problems(case.read_bytes()) == expected


@pytest.mark.parametrize("case", MALFORMED, ids=lambda path: path.stem)
def test_malformed_package_gets_the_same_message_without_orjson(case, monkeypatch):
    monkeypatch.setattr(case_import, "orjson", None)
    expected = case.with_suffix(".expected").read_text(encoding="utf-8").splitlines()
    assert _problems(case.read_bytes()) == expected


def test_an_invalid_framework_id_is_refused():
    data = json.dumps(_tree(("A", None))).encode()
    assert _problems_with(data, framework_id="Not An Id") == [
        "'Not An Id' is not a valid framework id: use lowercase letters, digits, '.', '_' "
        "and '-', at most 64 characters"
    ]


def _problems_with(data: bytes, **options) -> list[str]:
    with pytest.raises(DocumentError) as caught:
        read_case_package(data, **options)
    return [str(problem) for problem in caught.value.problems]


def test_many_problems_are_all_reported_with_their_places():
    package = _tree(("A", None), ("B", "A"))
    package["CFItems"] += [{"fullStatement": "no id"}, "text", {"identifier": ["x"]}]
    assert _problems(json.dumps(package).encode()) == [
        "CFItems[2].identifier: required field is missing",
        "CFItems[3]: expected a JSON object, found the text 'text'",
        "CFItems[4].identifier: expected text, found a list of 1 item",
    ]


def test_a_longer_cycle_names_every_item_in_it():
    package = _tree(("A", "C"), ("B", "A"), ("C", "B"), ("D", None))
    assert _problems(json.dumps(package).encode()) == [
        "CFAssociations[0]: isChildOf links form a cycle: A -> C -> B -> A"
    ]


def test_a_nul_byte_and_a_json_nesting_bomb_are_refused():
    assert _problems(b'{"CFDocument": {}\x00}') == [
        "the file contains NUL bytes; it is not a text file"
    ]
    deep = b"[" * 100_000 + b"]" * 100_000
    assert _problems(deep) == ["the JSON is nested too deeply"]


def test_a_timestamp_free_infinity_is_refused_without_orjson(monkeypatch):
    monkeypatch.setattr(case_import, "orjson", None)
    assert _problems(b'{"CFDocument": {"identifier": "x", "title": "T"}, "n": Infinity}') == [
        "Infinity is not a valid JSON number"
    ]


# -- what real exports contain -----------------------------------------------------------------

QUIRKS_NOTES = [
    "2 non-standard keys ignored (CFDocumentURI, CFPackageURI)",
    "3 timestamps without a time zone",
    "'educationalLevel' read as 'educationLevel' (1 item)",
    "placeholder identifiers accepted (1, for example d0000000-0000-0000-0000-000000000000)",
    "4 associations point outside the package (kept as external links)",
    "1 association from outside the package turned around (the link reads both ways)",
    "1 association skipped: the origin is not an item of this package",
    "1 item listed twice with the same content (the copy was skipped)",
    "1 association listed twice with the same content (the copy was skipped)",
    "1 association without an identifier",
    "1 item without an isChildOf link placed at the top level",
    "1 item whose parent is outside the package placed at the top level",
    "1 item with a second parent (kept as isChildOf links)",
    "1 group of siblings listed alphabetically put in the order of the numbers in their "
    "codes (2 before 10)",
    "1 sequenceNumber that is not a whole number ignored",
    "1 number read as text",
    "1 control character removed from texts",
    "line breaks in 1 one-line field (codes, titles) replaced by spaces",
]


def _quirks(**options):
    return read_case_package((CASE / "quirks.json").read_bytes(), **options)


def test_quirks_are_tolerated_and_reported():
    result = _quirks()
    assert result.notes == QUIRKS_NOTES
    framework = result.framework
    assert Framework.model_validate(framework.model_dump()) == framework


def test_quirks_framework_fields():
    framework = _quirks(source="https://case.example.org/ims/case/v1p1/CFPackages/x").framework
    assert framework.id == "quirks-of-real-exports"
    assert framework.title == "Quirks of real exports"  # the line break folded
    assert framework.publisher == "Quirky Exports Inc."
    assert framework.version == "2019"
    assert framework.subjects == ["Science"]  # from subjectURI
    assert framework.identifier == "d0000000-0000-0000-0000-000000000000"
    assert framework.source.name == "State Department of Education"
    assert framework.source.license == "CC BY 4.0"  # licenseURI -> CFLicenses
    assert framework.source.note == "Converted from a spreadsheet."
    assert framework.source.url == "https://case.example.org/ims/case/v1p1/CFPackages/x"
    assert _quirks(source="quirks.json").framework.source.url == ""


def test_quirks_items_and_tree():
    framework = _quirks().framework
    assert [(item.id, item.parent) for item in framework.items] == [
        ("Q.1", None),
        ("Q.1.2", "Q.1"),  # listed after Q.1.10 (alphabetically) without sequenceNumbers
        ("Q.1.10", "Q.1"),
        ("Q.2", None),
        ("Q.2.a", "Q.2"),
        ("Q.3", None),  # no isChildOf at all
        ("Q.4", None),  # its parent is in another framework
        ("5", None),  # humanCodingScheme 5 (a number); its sequenceNumber "third" ignored
    ]
    first = framework.item("Q.1")
    assert first.statement == "Line one\nline two"
    assert first.education_levels == ["06", "07"]  # 'educationalLevel': "06, 07"
    assert first.type == "Strand"  # CFItemTypeURI -> CFDefinitions.CFItemTypes
    second = framework.item("Q.2")
    assert (
        second.statement
        == "Use the derivative \U0001d451y/\U0001d451x to describe a rate of change."
    )
    assert second.abbreviated_statement == "Rates"
    assert second.keywords == ["rate", "change"]
    assert second.notes == "Astral characters on purpose."
    assert framework.item("Q.2.a").type == "competency"


def test_quirks_associations():
    framework = _quirks().framework
    rows = [
        (link.kind, link.origin, link.destination, link.external_identifier, link.sequence)
        for link in framework.associations
    ]
    assert rows == [
        # the second parent of Q.2.a: found by its URI (its identifier is wrong)
        ("isChildOf", "Q.2.a", "Q.1", "", 9),
        ("isChildOf", "Q.4", None, "e9000000-0000-4000-8000-000000000007", None),
        ("exactMatchOf", "Q.1", None, "e9000000-0000-4000-8000-000000000001", None),
        # origin outside, destination inside, reads both ways: turned around
        ("isRelatedTo", "Q.2", None, "e9000000-0000-4000-8000-000000000002", None),
        # origin written in capitals; sequenceNumber 3.0
        ("exemplar", "Q.2", None, "video-42", 3),
    ]
    exemplar = framework.associations[-1]
    assert (exemplar.external_uri, exemplar.external_title) == (
        "https://videos.example.org/42",
        "A video",
    )
    assert exemplar.identifier == ""


def test_a_byte_order_mark_and_a_wrapper_are_tolerated():
    result = read_case_package((CASE / "wrapped-with-bom.json").read_bytes())
    assert result.notes == [
        "a UTF-8 byte-order mark at the start was skipped",
        "the package was wrapped in a 'CFPackage' object",
    ]
    (item,) = result.framework.items
    assert (item.id, item.type, item.education_levels) == ("COL.1", "Skill", ["06", "07", "08"])
    assert result.framework.subjects == ["Success skills"]


def test_the_same_result_with_and_without_orjson(monkeypatch):
    with_orjson = _quirks()
    monkeypatch.setattr(case_import, "orjson", None)
    without = _quirks()
    assert without.framework == with_orjson.framework
    assert without.notes == with_orjson.notes


def test_a_key_given_twice_keeps_its_last_value_with_and_without_orjson(monkeypatch):
    text = json.dumps(_tree(("A", None))).replace(
        '"fullStatement": "Statement of A."',
        '"fullStatement": "First.", "fullStatement": "Second."',
    )
    assert read_case_package(text.encode()).framework.items[0].statement == "Second."
    monkeypatch.setattr(case_import, "orjson", None)
    assert read_case_package(text.encode()).framework.items[0].statement == "Second."


def test_lone_surrogates_and_control_characters_are_removed(monkeypatch):
    text = json.dumps(_tree(("A", None))).replace(
        "Statement of A.", "Bad \\ud800 surrogate and \\u0000 NUL and \\u0085 NEL."
    )
    result = read_case_package(text.encode())  # orjson refuses the lone surrogate: json reads it
    assert result.framework.items[0].statement == "Bad  surrogate and  NUL and  NEL."
    assert "3 control characters removed from texts" in result.notes


@pytest.mark.parametrize(
    "raw", ["\x7f", "\x85", "\ufffe", "\\u0007", "\\b", "\\t", "\\u009f"], ids=repr
)
def test_control_characters_are_found_however_they_are_written(raw):
    text = json.dumps(_tree(("A", None)), ensure_ascii=False).replace("Statement of A.", f"A{raw}B")
    result = read_case_package(text.encode("utf-8"))
    statement = result.framework.items[0].statement
    expected = "A\tB" if raw == "\\t" else "AB"
    assert statement == expected
    assert Framework.model_validate(result.framework.model_dump()) == result.framework


def test_newlines_fold_in_one_line_fields_and_stay_in_texts():
    package = _tree(("A", None))
    package["CFItems"][0]["humanCodingScheme"] = "A\n  .1"
    package["CFItems"][0]["notes"] = "First line\r\nsecond line"
    item = _read(package).framework.items[0]
    assert (item.code, item.id) == ("A .1", "A-.1")
    assert item.notes == "First line\nsecond line"


def test_over_long_texts_are_cut_short():
    package = _tree(("A", None))
    package["CFItems"][0]["fullStatement"] = "x" * 25_000
    package["CFItems"][0]["humanCodingScheme"] = "C" * 400
    result = _read(package)
    item = result.framework.items[0]
    assert len(item.statement) == 20_000 and item.statement.endswith("…")
    assert len(item.code) == 300
    assert "2 texts too long for pbl-author cut short" in result.notes


def test_education_levels_in_every_shape():
    package = _tree(("A", None), ("B", None), ("C", None), ("D", None))
    package["CFItems"][0]["educationLevel"] = ["06", "07"]
    package["CFItems"][1]["educationLevel"] = "KG, 01 ,02"
    package["CFItems"][2]["educationLevel"] = [" 09", "10,11", ""]
    package["CFItems"][3]["educationalLevel"] = ["HE"]
    framework = _read(package).framework
    assert [item.education_levels for item in framework.items] == [
        ["06", "07"], ["KG", "01", "02"], ["09", "10", "11"], ["HE"],
    ]  # fmt: skip


def test_siblings_follow_sequence_numbers_then_package_order():
    package = _tree(("A", None), ("B", None), ("C", None), ("D", None))
    package["CFAssociations"][2]["sequenceNumber"] = 1  # C first
    package["CFAssociations"][0]["sequenceNumber"] = 2  # then A; B and D after, as listed
    assert [item.id for item in _read(package).framework.items] == ["C", "A", "B", "D"]


def test_a_deliberate_order_of_codes_is_kept():
    # K before 1: not alphabetical, so somebody chose it
    package = _tree(("K", None), ("1", None), ("2", None), ("10", None))
    result = _read(package)
    assert [item.id for item in result.framework.items] == ["K", "1", "2", "10"]
    assert not any("alphabetically" in note for note in result.notes)


def test_parents_come_before_children_whatever_the_package_order():
    package = _tree(("A.1.a", "A.1"), ("A.1", "A"), ("B", None), ("A", None), seq=True)
    framework = _read(package).framework
    assert [item.id for item in framework.items] == ["B", "A", "A.1", "A.1.a"]


def test_identifiers_match_ignoring_case_and_by_uri():
    package = _tree(("A", None), ("B", "A"))
    link = package["CFAssociations"][1]["destinationNodeURI"]
    link["identifier"] = link["identifier"].upper()
    assert _read(package).framework.item("B").parent == "A"
    link["identifier"] = "not-the-identifier"  # the URI still says which item
    assert _read(package).framework.item("B").parent == "A"


def test_item_ids_prefer_codes_and_never_repeat():
    package = _tree(("A", None), ("B", None), ("C", None))
    package["CFItems"][1]["humanCodingScheme"] = "A"  # a second "A"
    package["CFItems"][2]["humanCodingScheme"] = ""
    framework = _read(package).framework
    assert [item.id for item in framework.items] == ["A", _uuid("B"), _uuid("C")]
    assert [item.code for item in framework.items] == ["A", "A", ""]


def test_a_framework_id_can_be_given():
    assert _read(_tree(("A", None)), framework_id="my-science").framework.id == "my-science"
    assert _read(_tree(("A", None))).framework.id == "science-practices"


def test_an_empty_package_and_rubrics_are_noted():
    package = _package([], [])
    package["CFRubrics"] = [{"identifier": _uuid("r")}]
    result = _read(package)
    assert result.framework.items == []
    assert result.notes == [
        "1 CFRubric not imported (a framework holds no rubrics)",
        "the package has no CFItems",
    ]


def test_progress_is_reported_up_to_the_total():
    pairs = [(f"I{n}", None) for n in range(2500)]
    calls: list[tuple[int, int]] = []
    _read(_tree(*pairs), progress=lambda done, total: calls.append((done, total)))
    assert calls[-1] == (5000, 5000)
    assert [done for done, _ in calls] == sorted(done for done, _ in calls)
    assert len(calls) >= 5


def test_garbage_collection_is_back_on_after_an_import(monkeypatch):
    import gc

    assert gc.isenabled()
    _read(_tree(("A", None)))
    assert gc.isenabled()
    with pytest.raises(DocumentError):
        read_case_package(b"[]")
    assert gc.isenabled()


# -- the fast model building ------------------------------------------------------------------


def test_models_are_built_fast_and_equal_validated_ones():
    assert case_import.FAST
    framework = _quirks().framework
    validated = Framework.model_validate(framework.model_dump())
    assert validated == framework
    assert validated.model_dump_json() == framework.model_dump_json()
    framework.items[0].code = "changed"  # assignment still validates
    with pytest.raises(ValueError):
        framework.items[0].code = "two\nlines"


def test_the_validating_path_gives_the_same_framework(monkeypatch):
    fast = _quirks().framework
    monkeypatch.setattr(case_import, "FAST", False)
    assert _quirks().framework == fast


def test_bad_extension_data_is_located_in_the_package():
    package = _tree(("A", None))
    package["CFDocument"]["extensions"] = {"pblAuthor": {"scale": [{"id": "low"}]}}
    assert _problems(json.dumps(package).encode()) == [
        "CFDocument.extensions.pblAuthor.scale[0].title: required field is missing",
    ]
    package["CFDocument"]["extensions"] = {"pblAuthor": {"scale": [{"id": "low", "title": "Low"}]}}
    package["CFItems"][0]["extensions"] = {
        "pblAuthor": {"descriptors": [{"level": "high", "text": "Great."}]}
    }
    assert _problems(json.dumps(package).encode()) == [
        "CFItems[0].extensions.pblAuthor.descriptors[0].level: unknown level 'high' (not in "
        "the scale)",
    ]


# -- speed -----------------------------------------------------------------------------------------


def _big_package(n_items: int) -> bytes:
    """A package shaped like a state's standards: a deep tree, associations listed apart."""
    doc = _uuid("big")
    items, links = [], []
    for number in range(n_items):
        identifier = _uuid(f"big {number}")
        parent = None if number < 10 else _uuid(f"big {(number - 10) // 4}")
        items.append(
            {
                "identifier": identifier,
                "uri": f"{BASE}/CFItems/{identifier}",
                "fullStatement": f"Students analyse data set {number} to describe patterns, "
                "explain relationships and justify claims with evidence from the data.",
                "humanCodingScheme": f"S.{number // 100}.{number % 100}",
                "CFItemType": "Standard",
                "educationLevel": ["06", "07", "08"],
                "lastChangeDateTime": STAMP,
            }
        )
        links.append(
            {
                "identifier": _uuid(f"big link {number}"),
                "uri": f"{BASE}/CFAssociations/{number}",
                "associationType": "isChildOf",
                "originNodeURI": {"title": "", "identifier": identifier, "uri": ""},
                "destinationNodeURI": {"title": "", "identifier": parent or doc, "uri": ""},
                "sequenceNumber": number,
                "lastChangeDateTime": STAMP,
            }
        )
    links.reverse()
    package = {
        "CFDocument": {
            "identifier": doc,
            "uri": f"{BASE}/CFDocuments/{doc}",
            "creator": "Big",
            "title": "Big",
            "lastChangeDateTime": STAMP,
        },
        "CFItems": items,
        "CFAssociations": links,
    }
    return json.dumps(package).encode()


def test_a_large_package_imports_in_time_proportional_to_its_size():
    orjson = pytest.importorskip("orjson")
    data = _big_package(20_000)
    parse, read = [], []
    for _ in range(3):
        start = time.perf_counter()
        orjson.loads(data)
        parse.append(time.perf_counter() - start)
        start = time.perf_counter()
        result = read_case_package(data)
        read.append(time.perf_counter() - start)
    assert len(result.framework.items) == 20_000
    # The team's benchmark (50,000 items) aims at 2x orjson.loads; this guard is loose so
    # that a busy CI machine does not fail it, but anything quadratic would.
    assert min(read) < 4 * min(parse) + 0.05


def test_a_deep_tree_does_not_hit_the_recursion_limit():
    pairs = [("L0", None)] + [(f"L{n}", f"L{n - 1}") for n in range(1, 3000)]
    framework = _read(_tree(*pairs)).framework
    assert framework.items[-1].parent == "L2998"


def test_identical_items_are_compared_without_timestamps():
    package = _tree(("A", None))
    twin = copy.deepcopy(package["CFItems"][0])
    twin["lastChangeDateTime"] = "2030-01-01T00:00:00Z"
    package["CFItems"].append(twin)
    result = _read(package)
    assert len(result.framework.items) == 1
    assert "1 item listed twice with the same content (the copy was skipped)" in result.notes


def test_bom_only_once_and_utf8_sig_decoding():
    data = codecs.BOM_UTF8 + json.dumps(_tree(("A", None))).encode()
    assert read_case_package(data).framework.items[0].id == "A"
