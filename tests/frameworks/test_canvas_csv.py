"""Canvas outcomes CSV: import, export, round trips and Canvas's rules."""

from __future__ import annotations

import csv
import io
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pbl_author.frameworks import builtin_frameworks, load_framework
from pbl_author.frameworks.canvas_csv import read_canvas_csv, write_canvas_csv
from pbl_author.frameworks.htmltext import html_to_text, plain_text, text_to_html
from pbl_author.model import Framework
from pbl_author.model.framework import Association, Competency, ScaleLevel
from pbl_author.model.problems import DocumentError

from ..conftest import DATA, ROOT
from .canvas_rules import canvas_violations
from .test_moodle_csv import any_framework

CANVAS = DATA / "canvas"
VALID = sorted(CANVAS.glob("*.csv"))
INVALID = sorted((CANVAS / "invalid").glob("*.csv"))
#: Files handed to this reader that are empty or in another format (the CLI would not
#: pick this reader for them, so they are tested here only).
WRONG_FORMAT = sorted((CANVAS / "wrong-format").glob("*.csv"))
SAMPLE_FRAMEWORKS = sorted((ROOT / "sample_units" / "frameworks").glob("*.framework.yaml"))
HEADER = [
    "vendor_guid",
    "object_type",
    "title",
    "description",
    "display_name",
    "calculation_method",
    "calculation_int",
    "workflow_state",
    "parent_guids",
]


def _frameworks() -> list[Framework]:
    return [
        *builtin_frameworks().values(),
        *(load_framework(path) for path in SAMPLE_FRAMEWORKS),
    ]


def _rows(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8"), newline="")))


def _read(name: str):
    return read_canvas_csv((CANVAS / name).read_bytes(), source=name)


# --- import ----------------------------------------------------------------------------


def test_groups_outcomes_ratings_and_canvas_fields_map_onto_the_model():
    result = _read("science-outcomes.csv")
    framework = result.framework
    assert result.format == "canvas"
    assert framework.id == "science"
    assert framework.title == "Science"  # the only top-level group
    assert framework.scale == []  # the outcomes have different ratings
    assert framework.extensions == {"com.instructure.canvas": {"vendor_guids": "identifier"}}
    items = {item.id: item for item in framework.items}
    assert list(items) == ["sci", "sci_inq", "sci_com", "SCI.INQ.1", "SCI.INQ.2", "SCI.COM.1"]
    science = items["sci"]
    assert science.type == "group"
    assert science.identifier == "sci"
    assert science.abbreviated_statement == "Science"
    assert science.statement == "Outcomes for grade 6 science.\n\n- Inquiry\n- Communication"
    assert science.extensions == {
        "com.instructure.canvas": {"workflow_state": "active", "canvas_id": "12"}
    }
    assert items["sci_inq"].statement == "Inquiry"  # no description: the title
    fair_test = items["SCI.INQ.1"]
    assert fair_test.type == "competency"
    assert fair_test.code == "SCI.INQ.1"
    assert fair_test.identifier == "sci_inq_1"
    assert fair_test.parent == "sci_inq"
    assert fair_test.statement == "Plans an investigation,\nnames the variables & controls them"
    assert [(lvl.id, lvl.title, lvl.points, lvl.proficient) for lvl in fair_test.scale] == [
        ("beginning", "Beginning", 1, False),
        ("approaches", "Approaches", 2, False),
        ("meets", "Meets", 3, True),
        ("exceeds", "Exceeds", 4, True),
    ]
    assert fair_test.extensions["com.instructure.canvas"] == {
        "calculation_method": "n_mastery",
        "calculation_int": 3,
        "mastery_points": 3,
        "workflow_state": "active",
        "canvas_id": "101",
    }
    assert [(lvl.points, lvl.proficient) for lvl in items["SCI.INQ.2"].scale] == [
        (0, False),
        (2, False),
        (3, True),
    ]
    assert items["SCI.COM.1"].statement == "Presents to the town council"
    # A second parent group is kept as an association.
    assert framework.associations == [
        Association(kind="isChildOf", origin="SCI.INQ.1", destination="sci_com")
    ]
    assert result.notes == [
        "2 HTML descriptions converted to plain text (paragraphs, line breaks and lists kept)",
        "1 row with workflow_state 'deleted' left out: 'old'",
    ]


def test_shared_ratings_become_the_framework_scale():
    result = _read("semicolon-bom-crlf.csv")
    framework = result.framework
    assert result.notes == [
        "the file starts with a UTF-8 byte order mark; it was ignored",
        "the columns are separated by ';' instead of commas",
    ]
    assert [(lvl.title, lvl.points) for lvl in framework.scale] == [
        ("Beginning", 1),
        ("Proficient", 3),
    ]
    assert all(item.scale == [] for item in framework.items)


def test_without_a_single_top_group_the_title_comes_from_the_file_name():
    data = b"vendor_guid,object_type,title\na,outcome,A\nb,outcome,B\n"
    assert read_canvas_csv(data, source="x/grade-6 outcomes.csv").framework.title == (
        "grade-6 outcomes"
    )
    assert read_canvas_csv(data).framework.title == "Canvas outcomes"


def test_extra_cells_without_a_ratings_header_are_ratings_as_in_canvas():
    data = b"vendor_guid,object_type,title\na,outcome,A,3,Good,1,Poor\n"
    framework = read_canvas_csv(data).framework
    assert [(lvl.title, lvl.points) for lvl in framework.scale] == [("Poor", 1), ("Good", 3)]


def test_column_names_in_another_case_are_read_with_a_note():
    data = b"Vendor_GUID,Object_Type,Title\na,outcome,A\n"
    result = read_canvas_csv(data)
    assert result.notes == [
        "column names were read ignoring case: 'Vendor_GUID', 'Object_Type', 'Title'"
    ]


def test_progress_is_reported():
    calls: list[tuple[int, int]] = []
    read_canvas_csv(
        (CANVAS / "science-outcomes.csv").read_bytes(), progress=lambda *a: calls.append(a)
    )
    assert calls and calls[-1] == (7, 7)


# --- invalid files ---------------------------------------------------------------------


def test_the_invalid_corpus_is_large_and_every_case_has_its_message():
    assert len(INVALID) >= 10
    for case in INVALID:
        assert case.with_suffix(".expected").read_text(encoding="utf-8").strip(), case.name


@pytest.mark.parametrize("case", INVALID + WRONG_FORMAT, ids=lambda p: p.stem)
def test_invalid_file_gets_its_exact_problems(case: Path):
    expected = case.with_suffix(".expected").read_text(encoding="utf-8").splitlines()
    with pytest.raises(DocumentError) as caught:
        read_canvas_csv(case.read_bytes())
    assert [str(problem) for problem in caught.value.problems] == expected


# --- export ----------------------------------------------------------------------------


@pytest.mark.parametrize("case", VALID, ids=lambda p: p.stem)
def test_round_trip_gives_the_same_framework(case: Path):
    framework = _read(case.name).framework
    exported = write_canvas_csv(framework)
    assert canvas_violations(exported) == []
    again = read_canvas_csv(exported, source=case.name).framework
    assert again == framework
    assert write_canvas_csv(again) == exported


def test_export_layout():
    data = write_canvas_csv(_read("science-outcomes.csv").framework)
    assert not data.startswith(b"\xef\xbb\xbf")
    assert b"\r" not in data
    rows = _rows(data)
    assert rows[0] == [
        "canvas_id",
        *HEADER,
        "mastery_points",
        "ratings",
        *[""] * 7,
    ]
    assert rows[4][:12] == [
        "101",
        "sci_inq_1",
        "outcome",
        "Plan a fair test",
        "<p>Plans an investigation,<br>names the variables &amp; controls them</p>",
        "SCI.INQ.1",
        "n_mastery",
        "3",
        "active",
        "sci_inq sci_com",
        "3",
        "4",
    ]
    assert rows[4][11:] == ["4", "Exceeds", "3", "Meets", "2", "Approaches", "1", "Beginning"]
    assert rows[5][10:] == ["2.5", "3", "Strong", "2", "Steady", "0", "Not yet", "", ""]
    assert len({len(row) for row in rows}) == 1


@pytest.mark.parametrize("framework", _frameworks(), ids=lambda f: f.id)
def test_builtin_and_sample_frameworks_export_to_what_canvas_accepts(framework: Framework):
    exported = write_canvas_csv(framework)
    assert canvas_violations(exported) == []
    rows = _rows(exported)
    assert rows[0][: len(HEADER)] == HEADER
    guids = [row[0] for row in rows[1:]]
    assert guids == [f"{framework.id}.{item.id}" for item in framework.items]
    again = read_canvas_csv(exported, source="x.csv").framework
    assert len(again.items) == len(framework.items)
    assert [lvl.title for lvl in again.scale] == [lvl.title for lvl in framework.scale]
    assert [lvl.points for lvl in again.scale] == [lvl.points for lvl in framework.scale]
    for before, after in zip(framework.items, again.items, strict=True):
        assert after.statement.startswith(before.statement.strip().split("\n")[0])
        assert after.type == "group" if framework.children(before.id) else after.type != "group"
    assert read_canvas_csv(write_canvas_csv(again), source="x.csv").framework == again
    assert write_canvas_csv(again) == exported


def _framework(items: list[Competency], **fields) -> Framework:
    return Framework(id="test", title="Test", items=items, **fields)


def test_points_that_are_not_whole_numbers_are_refused():
    scale = [
        ScaleLevel(id="low", title="Low", points=1),
        ScaleLevel(id="mid", title="Middle", points=2.5),
        ScaleLevel(id="high", title="High", points=3),
    ]
    items = [
        Competency(id="a", statement="A"),
        Competency(
            id="b",
            statement="B",
            scale=[
                ScaleLevel(id="x", title="X", points=4),
                ScaleLevel(id="y", title="Y", points=2),
            ],
        ),
    ]
    with pytest.raises(DocumentError) as caught:
        write_canvas_csv(_framework(items, scale=scale))
    assert [str(p) for p in caught.value.problems] == [
        "scale[1].points: level 'Middle' has 2.5 points; Canvas outcomes CSV needs whole numbers",
        "items[1].scale: level 'Y' (2 points) comes after 'X' (4 points); list levels from "
        "fewest to most points",
    ]


def test_an_empty_framework_is_refused():
    with pytest.raises(DocumentError) as caught:
        write_canvas_csv(_framework([]))
    assert [str(p) for p in caught.value.problems] == [
        "items: the framework has no items; Canvas needs at least one outcome"
    ]


def test_a_scale_without_points_is_numbered():
    scale = [ScaleLevel(id="no", title="Not yet"), ScaleLevel(id="yes", title="Yes")]
    exported = write_canvas_csv(_framework([Competency(id="a", statement="A")], scale=scale))
    assert canvas_violations(exported) == []
    assert _rows(exported)[1][9:] == ["2", "Yes", "1", "Not yet"]


def test_proficient_levels_give_mastery_points():
    scale = [
        ScaleLevel(id="b", title="Beginning", points=1),
        ScaleLevel(id="p", title="Proficient", points=3, proficient=True),
        ScaleLevel(id="a", title="Advanced", points=4, proficient=True),
    ]
    exported = write_canvas_csv(_framework([Competency(id="a", statement="A")], scale=scale))
    assert canvas_violations(exported) == []
    rows = _rows(exported)
    assert rows[0][9:11] == ["mastery_points", "ratings"]
    assert rows[1][9] == "3"
    assert read_canvas_csv(exported).framework.scale == [
        ScaleLevel(id="beginning", title="Beginning", points=1),
        ScaleLevel(id="proficient", title="Proficient", points=3, proficient=True),
        ScaleLevel(id="advanced", title="Advanced", points=4, proficient=True),
    ]


def test_identifiers_canvas_cannot_take_are_replaced():
    items = [
        Competency(id="a", statement="A", identifier="has space"),
        Competency(id="b", statement="B", identifier="dup"),
        Competency(id="c", statement="C", identifier="dup"),
        Competency(id="d", statement="D", identifier="x" * 256),
    ]
    from_canvas = {"com.instructure.canvas": {"vendor_guids": "identifier"}}
    exported = write_canvas_csv(_framework(items, extensions=from_canvas))
    assert canvas_violations(exported) == []
    assert [row[0] for row in _rows(exported)[1:]] == ["test.a", "dup", "test.c", "test.d"]
    # Identifiers from elsewhere (a Moodle id number, a CASE UUID) are not vendor_guids.
    exported = write_canvas_csv(_framework(items))
    assert [row[0] for row in _rows(exported)[1:]] == ["test.a", "test.b", "test.c", "test.d"]


def test_second_parents_must_be_earlier_groups():
    items = [
        Competency(id="g1", statement="G1", type="group"),
        Competency(id="o", statement="O", parent="g1"),
        Competency(id="g2", statement="G2", type="group"),
        Competency(id="leaf", statement="Leaf"),
    ]
    associations = [
        Association(kind="isChildOf", origin="o", destination="g2"),  # a later group
        Association(kind="isChildOf", origin="g2", destination="g1"),  # a group: one parent
        Association(kind="isChildOf", origin="o", destination="leaf"),  # not a group
    ]
    exported = write_canvas_csv(_framework(items, associations=associations))
    assert canvas_violations(exported) == []
    assert [row[8] for row in _rows(exported)[1:]] == ["", "test.g1", "", ""]


def test_export_stays_linear():
    items = [Competency(id=f"g{n}", statement=f"Group {n}", type="group") for n in range(50)]
    items += [
        Competency(id=f"o{n}", statement=f"Outcome {n} " * 5, parent=f"g{n % 50}")
        for n in range(5000)
    ]
    scale = [ScaleLevel(id="l", title="Low", points=1), ScaleLevel(id="h", title="High", points=3)]
    start = time.perf_counter()
    exported = write_canvas_csv(_framework(items, scale=scale))
    assert len(read_canvas_csv(exported).framework.items) == 5050
    assert time.perf_counter() - start < 20


# --- the rule checker itself -------------------------------------------------------------


def _mutated(change) -> bytes:
    rows = _rows(write_canvas_csv(_read("science-outcomes.csv").framework))
    change(rows)
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    return out.getvalue().encode()


def _set(row: int, column: int, value: str):
    def change(rows: list[list[str]]) -> None:
        rows[row][column] = value

    return change


MUTATIONS = {
    "unknown header": (_set(0, 4, "descr"), "invalid field 'descr'"),
    "named after ratings": (_set(0, 13, "notes"), "fields after ratings"),
    "no parent_guids column": (_set(0, 9, "course_id"), "missing required field 'parent_guids'"),
    "guid with space": (_set(1, 1, "s ci"), "white space"),
    "guid twice": (_set(2, 1, "sci"), "has already appeared"),
    "object type": (_set(2, 2, "folder"), "not outcome or group"),
    "parent later": (_set(2, 9, "sci_com"), "not a group on an earlier row"),
    "parent outcome": (_set(6, 9, "sci_inq_1"), "not a group on an earlier row"),
    "group two parents": (_set(3, 9, "sci sci_inq"), "more than one parent"),
    "group ratings": (_set(2, 11, "3"), "a group with calculation"),
    "method": (_set(4, 6, "median"), "calculation_method 'median'"),
    "int range": (_set(4, 7, "11"), "calculation_int 11"),
    "int for highest": (_set(5, 7, "2"), "calculation_int 2"),
    "ascending ratings": (_set(4, 13, "5"), "rating points go up"),
    "float points": (_set(4, 11, "4.5"), "not a whole number"),
    "workflow": (_set(4, 8, "archived"), "workflow_state"),
    "title too long": (_set(4, 3, "t" * 256), "longer than 255"),
}


@pytest.mark.parametrize("name", MUTATIONS)
def test_the_rule_checker_catches(name: str):
    change, expected = MUTATIONS[name]
    violations = canvas_violations(_mutated(change))
    assert any(expected in v for v in violations), violations


def test_the_rule_checker_catches_a_byte_order_mark():
    data = write_canvas_csv(_read("science-outcomes.csv").framework)
    assert "the file starts with a byte order mark" in canvas_violations(b"\xef\xbb\xbf" + data)


# --- text <-> HTML ----------------------------------------------------------------------


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab <>&-*1.\n\t\"'é")), max_size=60))
def test_plain_text_survives_html(text: str):
    tidy = plain_text(text)
    assert html_to_text(text_to_html(tidy)) == tidy


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(any_framework())
def test_any_framework_exports_to_what_canvas_accepts_and_settles(framework: Framework):
    exported = write_canvas_csv(framework)
    assert canvas_violations(exported) == []
    once = read_canvas_csv(exported, source="any.csv").framework
    assert len(once.items) == len(framework.items)
    again = write_canvas_csv(once)
    assert read_canvas_csv(again, source="any.csv").framework == once
    assert write_canvas_csv(read_canvas_csv(again, source="any.csv").framework) == again


_SEEDS = [path.read_bytes() for path in sorted(CANVAS.rglob("*.csv"))]


@st.composite
def _damaged(draw: st.DrawFn) -> bytes:
    data = bytearray(draw(st.sampled_from(_SEEDS)))
    for _ in range(draw(st.integers(1, 6))):
        at = draw(st.integers(0, max(len(data) - 1, 0)))
        byte = draw(st.sampled_from(list(b',"\n\r;{}[]:01 a\\\x00\xe9<%')))
        if draw(st.booleans()) or not data:
            data.insert(at, byte)
        else:
            del data[at]
    return bytes(data)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(_damaged(), st.binary(max_size=120)))
def test_damaged_files_give_problems_never_a_crash(data: bytes):
    try:
        read_canvas_csv(data)
    except DocumentError as exc:
        assert exc.problems and all(str(problem) for problem in exc.problems)
