"""Moodle competency framework CSV: import, export, round trips and Moodle's rules."""

from __future__ import annotations

import csv
import io
import json
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pbl_author.frameworks import builtin_frameworks, load_framework
from pbl_author.frameworks.moodle_csv import (
    HEADERS,
    html_to_text,
    read_moodle_csv,
    write_moodle_csv,
)
from pbl_author.model import Framework
from pbl_author.model.framework import Association, Competency, ScaleLevel
from pbl_author.model.problems import DocumentError

from ..conftest import DATA, ROOT
from .moodle_rules import moodle_violations

MOODLE = DATA / "moodle"
VALID = sorted(MOODLE.glob("*.csv"))
INVALID = sorted((MOODLE / "invalid").glob("*.csv"))
#: Files handed to this reader that are empty or in another format (the CLI would not
#: pick this reader for them, so they are tested here only).
WRONG_FORMAT = sorted((MOODLE / "wrong-format").glob("*.csv"))
SAMPLE_FRAMEWORKS = sorted((ROOT / "sample_units" / "frameworks").glob("*.framework.yaml"))


def _frameworks() -> list[Framework]:
    return [
        *builtin_frameworks().values(),
        *(load_framework(path) for path in SAMPLE_FRAMEWORKS),
    ]


def _rows(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8"), newline="")))


# --- import ----------------------------------------------------------------------------


def test_a_small_framework_maps_onto_the_model():
    result = read_moodle_csv((MOODLE / "water-watchers.csv").read_bytes())
    framework = result.framework
    assert result.format == "moodle"
    assert framework.id == "water-watchers"
    assert framework.title == "Water Watchers"
    assert framework.identifier == "WATER"
    assert framework.description == "Competencies for the Water Watchers unit"
    assert [(lvl.title, lvl.points, lvl.default, lvl.proficient) for lvl in framework.scale] == [
        ("Not yet", 1, True, False),
        ("Approaching", 2, False, False),
        ("Proficient", 3, False, True),
    ]
    assert framework.extensions == {
        "org.moodle": {"taxonomies": ["domain", "competency", "indicator"]}
    }
    items = {item.id: item for item in framework.items}
    assert list(items) == ["INV", "INV.1", "INV.1.a", "INV.1.b", "COMM", "COMM-1"]
    investigate = items["INV"]
    assert investigate.abbreviated_statement == "Investigate"
    assert investigate.statement == (
        "Plan and carry out investigations of local water.\n\n- Sampling\n- Testing & recording"
    )
    assert investigate.type == "domain"
    assert investigate.code == investigate.identifier == "INV"
    fair_test = items["INV.1"]
    assert fair_test.parent == "INV"
    assert fair_test.type == "competency"
    assert fair_test.statement == (
        "Plans a fair test, controls variables\nand says why.\n\n"
        "See the guide (https://example.org/fair-test)."
    )
    assert fair_test.extensions["org.moodle"] == {
        "rule_type": "core_competency\\competency_rule_points",
        "rule_outcome": 1,
        "rule_config": {
            "base": {"points": 2},
            "competencies": [
                {"item": "INV.1.a", "points": 1, "required": True},
                {"item": "INV.1.b", "points": 1, "required": False},
            ],
        },
    }
    assert items["INV.1.a"].type == "indicator"
    assert items["INV.1.a"].statement == "Names the variable that changes."  # plain text kept
    assert items["INV.1.b"].statement == "Keeps the **other** variables the same."  # Markdown
    assert [(lvl.title, lvl.default, lvl.proficient) for lvl in items["INV.1.b"].scale] == [
        ("No", False, False),
        ("Yes", True, True),
    ]
    assert items["COMM"].statement == "Shares findings\nwith the town council"  # auto-format
    assert items["COMM"].extensions["org.moodle"] == {
        "rule_type": "core_competency\\competency_rule_all",
        "rule_outcome": 2,
    }
    # An id number with a comma: its cross-reference is written with %2C, and the pair
    # (listed from both sides) becomes one association.
    assert items["COMM-1"].code == "COMM,1"
    assert items["COMM-1"].statement == items["COMM-1"].abbreviated_statement == "Present findings"
    assert framework.associations == [
        Association(kind="crossReference", origin="INV.1", destination="COMM-1")
    ]
    assert result.notes == [
        "3 HTML descriptions converted to plain text (paragraphs, line breaks and lists kept)"
    ]


def test_old_labels_a_byte_order_mark_and_crlf_are_read():
    result = read_moodle_csv((MOODLE / "old-labels-bom-crlf.csv").read_bytes())
    assert result.notes[0] == "the file starts with a UTF-8 byte order mark; it was ignored"
    framework = result.framework
    assert framework.title == "Civics"
    assert framework.description == "Civic action"
    assert [item.statement for item in framework.items] == [
        "Weighs the evidence",
        "Name a stakeholder",
    ]
    assert "\r" not in write_moodle_csv(framework).decode()


def test_a_semicolon_separated_file_is_read_with_a_note():
    text = (MOODLE / "water-watchers.csv").read_text(encoding="utf-8")
    rows = list(csv.reader(io.StringIO(text, newline="")))
    out = io.StringIO()
    csv.writer(out, delimiter=";").writerows(rows)
    result = read_moodle_csv(out.getvalue().encode())
    assert "the columns are separated by ';' instead of commas" in result.notes
    assert result.framework == read_moodle_csv(text.encode()).framework


def test_unknown_cross_references_and_rule_types_are_left_out_with_notes():
    rows = _rows((MOODLE / "water-watchers.csv").read_bytes())
    rows[2][10] = "NOPE,COMM"
    rows[6][7] = "core_competency\\competency_rule_magic"
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    result = read_moodle_csv(out.getvalue().encode())
    assert result.notes[1:] == [
        "1 competency had a rule type Moodle does not know; the rule was left out (Moodle "
        "ignores it too)",
        "1 cross-referenced id number not defined in the file and left out, as Moodle does: "
        "'NOPE' (line 3)",
    ]
    assert len(result.framework.associations) == 2
    assert "org.moodle" not in result.framework.item("COMM").extensions


def test_progress_is_reported():
    calls: list[tuple[int, int]] = []
    read_moodle_csv(
        (MOODLE / "water-watchers.csv").read_bytes(), progress=lambda *a: calls.append(a)
    )
    assert calls and calls[-1][0] == calls[-1][1]


def test_framework_id_can_be_chosen():
    result = read_moodle_csv((MOODLE / "water-watchers.csv").read_bytes(), framework_id="ww")
    assert result.framework.id == "ww"


# --- invalid files ---------------------------------------------------------------------


def test_the_invalid_corpus_is_large_and_every_case_has_its_message():
    assert len(INVALID) >= 10
    for case in INVALID:
        assert case.with_suffix(".expected").read_text(encoding="utf-8").strip(), case.name


@pytest.mark.parametrize("case", INVALID + WRONG_FORMAT, ids=lambda p: p.stem)
def test_invalid_file_gets_its_exact_problems(case: Path):
    expected = case.with_suffix(".expected").read_text(encoding="utf-8").splitlines()
    with pytest.raises(DocumentError) as caught:
        read_moodle_csv(case.read_bytes())
    assert [str(problem) for problem in caught.value.problems] == expected


def test_problems_carry_the_source_file():
    case = MOODLE / "invalid" / "no-framework-row.csv"
    with pytest.raises(DocumentError) as caught:
        read_moodle_csv(case.read_bytes(), source="units/frameworks.csv")
    assert caught.value.lines() == [
        "units/frameworks.csv: no framework row: exactly one row must have 'Is framework' = 1"
    ]


# --- export ----------------------------------------------------------------------------


@pytest.mark.parametrize("case", VALID, ids=lambda p: p.stem)
def test_round_trip_gives_the_same_framework(case: Path):
    framework = read_moodle_csv(case.read_bytes()).framework
    exported = write_moodle_csv(framework)
    assert moodle_violations(exported) == []
    assert read_moodle_csv(exported).framework == framework
    assert write_moodle_csv(read_moodle_csv(exported).framework) == exported


def test_export_layout():
    framework = read_moodle_csv((MOODLE / "water-watchers.csv").read_bytes()).framework
    data = write_moodle_csv(framework)
    assert not data.startswith(b"\xef\xbb\xbf")
    assert b"\r" not in data
    rows = _rows(data)
    assert rows[0] == list(HEADERS)
    assert rows[1][12] == "1" and all(row[12] == "" for row in rows[2:])
    by_id = {row[1]: row for row in rows[2:]}
    assert by_id["INV.1"][10] == "COMM%2C1"  # a comma inside an id number
    assert by_id["COMM,1"][10] == "INV.1"  # cross-references are written from both sides
    assert json.loads(by_id["INV.1"][9]) == {
        "base": {"points": 2},
        "competencies": [
            {"id": 3, "points": 1, "required": 1},
            {"id": 4, "points": 1, "required": 0},
        ],
    }
    assert [row[11] for row in rows[2:]] == ["1", "2", "3", "4", "5", "6"]
    assert {row[4] for row in rows[1:]} == {"4"}  # Markdown


@pytest.mark.parametrize("framework", _frameworks(), ids=lambda f: f.id)
def test_builtin_and_sample_frameworks_export_to_what_moodle_accepts(framework: Framework):
    exported = write_moodle_csv(framework)
    assert moodle_violations(exported) == []
    again = read_moodle_csv(exported).framework
    assert [item.abbreviated_statement for item in again.items] == [
        row[2] for row in _rows(exported)[2:]
    ]
    assert [lvl.title for lvl in again.scale] == [lvl.title for lvl in framework.scale]
    assert [lvl.points for lvl in again.scale] == [lvl.points for lvl in framework.scale]
    assert len(again.items) == len(framework.items)
    for before, after in zip(framework.items, again.items, strict=True):
        assert after.statement.startswith(before.statement.strip().split("\n")[0])
        assert (after.parent is None) == (before.parent is None)
    # One more round changes nothing.
    assert read_moodle_csv(write_moodle_csv(again)).framework == again
    assert write_moodle_csv(again) == exported


def test_a_framework_from_elsewhere_gets_moodle_flags_and_descriptors_in_the_description():
    framework = builtin_frameworks()["4cs"]
    rows = _rows(write_moodle_csv(framework))
    top = rows[1]
    assert top[5] == "Beginning,Developing,Proficient,Advanced"
    assert json.loads(top[6]) == [
        {"scaleid": "0"},
        {"id": 1, "scaledefault": 1, "proficient": 0},
        {"id": 3, "scaledefault": 0, "proficient": 1},
        {"id": 4, "scaledefault": 0, "proficient": 1},
    ]
    collaboration = rows[2]
    assert collaboration[1] == "4C.COL"
    assert len(collaboration[2]) <= 100
    item = framework.item("collaboration")
    assert collaboration[3].startswith(item.statement.strip() + "\n\n- ")
    assert "\nProficient: Does their agreed share on time" in collaboration[3]


def _framework(items: list[Competency], **fields) -> Framework:
    return Framework(id="test", title="Test", items=items, **fields)


def test_a_framework_without_a_scale_gets_moodles_default_scale():
    framework = _framework([Competency(id="a", statement="Does A")])
    exported = write_moodle_csv(framework)
    assert moodle_violations(exported) == []
    assert _rows(exported)[1][5] == "Not yet competent,Competent"
    again = read_moodle_csv(exported).framework
    assert [(lvl.title, lvl.default, lvl.proficient) for lvl in again.scale] == [
        ("Not yet competent", True, False),
        ("Competent", False, True),
    ]


def test_ids_moodle_would_change_or_merge_are_replaced():
    items = [
        Competency(id="a1", code="A1", statement="First"),
        Competency(id="A1", code="a1", statement="Case twin"),
        Competency(id="lt", code="x<5", statement="Tag-like code"),
        Competency(id="n1", code="1.0", statement="Number"),
        Competency(id="n2", code="1", statement="Same number"),
        Competency(id="long", code="L" * 120, statement="Long code"),
        Competency(id="esc", code="A%2CB", statement="Escape-like code"),
    ]
    exported = write_moodle_csv(_framework(items))
    assert moodle_violations(exported) == []
    assert [row[1] for row in _rows(exported)[2:]] == [
        "A1",
        "A1-2",
        "lt",
        "1.0",
        "n2",
        "long",
        "esc",
    ]


def test_deep_frameworks_are_refused():
    items = [Competency(id="l1", statement="Level 1")]
    items += [
        Competency(id=f"l{n}", statement=f"Level {n}", parent=f"l{n - 1}") for n in range(2, 8)
    ]
    with pytest.raises(DocumentError) as caught:
        write_moodle_csv(_framework(items))
    assert [str(p) for p in caught.value.problems] == [
        "items[6]: 'l7' is at level 7; Moodle frameworks can be at most 6 levels deep"
    ]
    assert moodle_violations(write_moodle_csv(_framework(items[:6]))) == []


def test_children_listed_before_their_parent_are_written_after_it():
    items = [
        Competency(id="child", statement="Child", parent="top"),
        Competency(id="top", statement="Top"),
    ]
    exported = write_moodle_csv(_framework(items))
    assert moodle_violations(exported) == []
    assert [row[1] for row in _rows(exported)[2:]] == ["top", "child"]


def test_related_items_from_other_sources_become_cross_references():
    items = [Competency(id="a", statement="A"), Competency(id="b", statement="B")]
    associations = [
        Association(kind="isRelatedTo", origin="b", destination="a"),
        Association(kind="exactMatchOf", origin="a", external_identifier="x"),
        Association(kind="precedes", origin="a", destination="b"),
    ]
    exported = write_moodle_csv(_framework(items, associations=associations))
    assert moodle_violations(exported) == []
    assert [row[10] for row in _rows(exported)[2:]] == ["b", "a"]
    assert read_moodle_csv(exported).framework.associations == [
        Association(kind="crossReference", origin="a", destination="b")
    ]


def test_scale_titles_with_commas_and_rules_that_no_longer_fit():
    rule = {
        "rule_type": "core_competency\\competency_rule_points",
        "rule_outcome": 2,
        "rule_config": {
            "base": {"points": 2},
            "competencies": [
                {"item": "gone", "points": 1, "required": False},
                {"item": "kid", "points": 1, "required": False},
            ],
        },
    }
    items = [
        Competency(id="top", statement="Top", extensions={"org.moodle": rule}),
        Competency(id="kid", statement="Kid", parent="top"),
    ]
    scale = [
        ScaleLevel(id="low", title="Low, for now", points=1),
        ScaleLevel(id="high", title="High", points=2),
    ]
    exported = write_moodle_csv(_framework(items, scale=scale))
    assert moodle_violations(exported) == []
    rows = _rows(exported)
    assert rows[1][5] == "Low; for now,High"
    assert rows[2][7:10] == ["", "0", "null"]  # 2 points cannot be reached any more


def test_export_and_import_stay_linear():
    items = [Competency(id=f"d{n}", statement=f"Domain {n}") for n in range(50)]
    items += [
        Competency(id=f"c{n}", statement=f"Competency {n} " * 5, parent=f"d{n % 50}")
        for n in range(5000)
    ]
    framework = _framework(items)
    start = time.perf_counter()
    exported = write_moodle_csv(framework)
    again = read_moodle_csv(exported).framework
    assert len(again.items) == 5050
    assert time.perf_counter() - start < 20


# --- the rule checker itself -------------------------------------------------------------


def _mutated(change) -> bytes:
    rows = _rows(
        write_moodle_csv(read_moodle_csv((MOODLE / "water-watchers.csv").read_bytes()).framework)
    )
    change(rows)
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    return out.getvalue().encode()


def _set(row: int, column: int, value: str):
    def change(rows: list[list[str]]) -> None:
        rows[row][column] = value

    return change


MUTATIONS = {
    "column count": (lambda rows: rows[3].pop(), "columns, not 14"),
    "second framework row": (_set(4, 12, "1"), "2 framework rows"),
    "framework not first": (lambda rows: rows.insert(1, rows.pop(2)), "not the framework row"),
    "duplicate id number": (_set(3, 1, "inv"), "is not unique"),
    "numeric twins": (lambda rows: (_set(2, 1, "1")(rows), _set(4, 1, "1.0")(rows)), "unique"),
    "long short name": (_set(3, 2, "x" * 101), "too long"),
    "tag in short name": (_set(3, 2, "a<b>"), "not plain text"),
    "parent later": (_set(2, 0, "COMM"), "not an earlier competency"),
    "two defaults": (
        _set(
            1,
            6,
            '[{"scaleid":"0"},{"id":1,"scaledefault":1,"proficient":1},'
            '{"id":2,"scaledefault":1,"proficient":0}]',
        ),
        "2 default scale values",
    ),
    "no proficient": (
        _set(1, 6, '[{"scaleid":"0"},{"id":1,"scaledefault":1,"proficient":0}]'),
        "no proficient",
    ),
    "bad taxonomy": (_set(1, 13, "domain,skills"), "not Moodle's"),
    "format 3": (_set(2, 4, "3"), "not 0, 1, 2 or 4"),
    "unknown related": (_set(2, 10, "NOPE"), "does not exist"),
    "unknown rule": (_set(6, 7, "core_competency\\competency_rule_any"), "not one of Moodle's"),
    "rule outcome": (_set(6, 8, "7"), "not 0, 1, 2 or 3"),
    "rule all config": (_set(6, 9, "{}"), "takes null"),
    "rule points child": (
        _set(3, 9, '{"base":{"points":1},"competencies":[{"id":6,"points":1,"required":0}]}'),
        "not a direct child",
    ),
    "rule points total": (
        _set(3, 9, '{"base":{"points":5},"competencies":[{"id":3,"points":1,"required":0}]}'),
        "needs 5 points",
    ),
    "exported id twice": (_set(3, 11, "1"), "exported id '1' is not unique"),
}


@pytest.mark.parametrize("name", MUTATIONS)
def test_the_rule_checker_catches(name: str):
    change, expected = MUTATIONS[name]
    violations = moodle_violations(_mutated(change))
    assert any(expected in v for v in violations), violations


def test_html_conversion():
    assert html_to_text("<p>One<br/>two</p><p>Three &amp; <b>four</b></p>") == (
        "One\ntwo\n\nThree & four"
    )
    assert html_to_text("<ol start='3'><li>c<li>d</ol><script>x()</script>") == "3. c\n4. d"
    assert html_to_text('<a href="mailto:a@b.org">a@b.org</a> <a href="javascript:x">y</a>') == (
        "a@b.org y"
    )
    assert html_to_text("<ul><li>a<ul><li>b</li></ul></li></ul>") == "- a\n- b"
    assert html_to_text("<pre>a\n  b</pre>") == "a\nb"
    assert html_to_text("no tags\n  at all") == "no tags at all"


# --- any framework ---------------------------------------------------------------------

_words = st.text(alphabet=st.sampled_from(list("aB1 ,.<>&\"'-*é\n")), max_size=40)
_labels = st.text(alphabet=st.sampled_from(list("aB1 ,.<>&\"'-*é")), max_size=20)


@st.composite
def any_framework(draw: st.DrawFn) -> Framework:
    """Frameworks with awkward text, codes, scales and links (at most 4 levels deep)."""
    count = draw(st.integers(1, 12))
    items: list[Competency] = []
    depth: dict[str, int] = {}

    def scale(size: int) -> list[ScaleLevel]:
        start = draw(st.integers(0, 3))
        return [
            ScaleLevel(
                id=f"l{n}",
                title=draw(_labels),
                points=start + n,
                proficient=draw(st.booleans()),
                default=draw(st.booleans()),
            )
            for n in range(size)
        ]

    for n in range(count):
        parents = [item.id for item in items if depth[item.id] < 4]
        parent = draw(st.sampled_from([None, *parents]))
        item_id = f"i{n}"
        depth[item_id] = depth[parent] + 1 if parent else 1
        items.append(
            Competency(
                id=item_id,
                code=draw(st.sampled_from(["", "A1", "a1", "1", "1.0", "x<y", "C,D", "E F"])),
                statement=draw(_words),
                abbreviated_statement=draw(st.sampled_from(["", "Short", "x" * 120])),
                type=draw(st.sampled_from(["competency", "domain", "group", "skill"])),
                parent=parent,
                scale=scale(draw(st.integers(0, 3))),
            )
        )
    ids = [item.id for item in items]
    links = draw(st.lists(st.tuples(st.sampled_from(ids), st.sampled_from(ids)), max_size=4))
    associations = [
        Association(kind=draw(st.sampled_from(["crossReference", "isChildOf"])), origin=a,
                    destination=b)
        for a, b in links
    ]  # fmt: skip
    return Framework(
        id="any",
        title=draw(_labels) or "Any",
        description=draw(_words),
        scale=scale(draw(st.integers(0, 4))),
        items=items,
        associations=associations,
    )


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(any_framework())
def test_any_framework_exports_to_what_moodle_accepts_and_settles(framework: Framework):
    exported = write_moodle_csv(framework)
    assert moodle_violations(exported) == []
    once = read_moodle_csv(exported).framework
    assert len(once.items) == len(framework.items)
    again = write_moodle_csv(once)
    assert read_moodle_csv(again).framework == once
    assert write_moodle_csv(read_moodle_csv(again).framework) == again


_SEEDS = [path.read_bytes() for path in sorted(MOODLE.rglob("*.csv"))]


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
        read_moodle_csv(data)
    except DocumentError as exc:
        assert exc.problems and all(str(problem) for problem in exc.problems)
