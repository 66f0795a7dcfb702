"""Rubric exports: one layout, six formats (HTML, Markdown, DOCX, PDF, Canvas CSV, Classroom).

The LMS files are checked against rules written from the LMSs' own sources and docs
(``canvas_rubric_rules``, ``classroom_rules``), not against our exporter.
"""

from __future__ import annotations

import hashlib
import io
import json
import logging
import os
import re
import shutil
import subprocess
import sys
import zipfile

import docx
import pytest
from docx.enum.section import WD_ORIENT
from lxml import html as lxml_html
from markdown_it import MarkdownIt

from pbl_author.formats import (
    rubric_canvas_csv,
    rubric_classroom_json,
    rubric_docx,
    rubric_html,
    rubric_markdown,
    rubric_pdf,
)
from pbl_author.formats.registry import EXPORTS, export_unit
from pbl_author.formats.rubric_layout import (
    NO_RUBRICS,
    layout_rubrics,
    markdown_line,
    plain_text,
    plain_title,
)
from pbl_author.formats.unitfile import load_unit
from pbl_author.model import DocumentError, parse_unit
from pbl_author.render.fonts import font_path, license_path

from ..conftest import ROOT, SHARED, sample_unit_paths
from .canvas_rubric_rules import canvas_rubric_violations, canvas_rubrics, strict_csv_rows
from .classroom_rules import classroom_violations, rubric_violations

SAMPLES = {path.name.removesuffix(".unit.yaml"): load_unit(path) for path in sample_unit_paths()}
RUBRIC_FORMATS = [name for name, f in EXPORTS.items() if ".rubric_" in f.target]
AUDIENCES = ["teacher", "student"]


# -- building test units -------------------------------------------------------------------


def levels(count: int, scored: bool = True, start: int = 1) -> list[dict]:
    out = []
    for index in range(count):
        level = {"id": f"l{index + 1}", "title": f"Level {index + 1}"}
        if scored:
            level["points"] = start + index
        out.append(level)
    return out


def criterion(cid: str, title: str, texts: dict[str, tuple[str, str]], refs=None) -> dict:
    return {
        "id": cid,
        "title": title,
        "competencies": refs or ["4cs:collaboration"],
        "descriptors": [
            {"level": level, "teacher": teacher, "student": student}
            for level, (teacher, student) in texts.items()
        ],
    }


def make_unit(rubrics: list[dict], *, language: str = "en", title: str = "Test unit"):
    return parse_unit(
        {
            "schema_version": 1,
            "id": "test-unit",
            "title": title,
            "identity": {"language": language},
            "competencies": [
                {"ref": "4cs:collaboration", "code": "4C.COL", "statement": "Works with others."},
                {"ref": "4cs:communication", "code": "4C.COM", "statement": "Gets ideas across."},
            ],
            "rubrics": rubrics,
        }
    )


def analytic(rid: str = "team-rubric", title: str = "Team rubric", **overrides) -> dict:
    rubric = {
        "id": rid,
        "title": title,
        "kind": "analytic",
        "levels": levels(3),
        "criteria": [
            criterion(
                f"{rid}-sharing",
                "Sharing the work",
                {
                    "l1": ("Rarely shares.", "I rarely share."),
                    "l2": ("Sometimes shares.", "I sometimes share."),
                    "l3": ("Always shares.", "I always share."),
                },
            )
        ],
    }
    rubric.update(overrides)
    return rubric


NASTY = (
    'Pipes | and "quotes", commas, <script>alert(1)</script> & <img src=x onerror=alert(2)> '
    "[click](javascript:alert(3)) `co|de` **bold** {nb}\n\nSecond paragraph\n\n"
    "- item one\n- item two"
)


def nasty_unit():
    return make_unit(
        [
            analytic(
                "nasty",
                "Rubric | <b>bold</b> & # title",
                levels=[
                    {"id": "low", "title": "Low | <i>", "points": 0.5},
                    {"id": "high", "title": 'High, "best"', "points": 2.25},
                ],
                criteria=[
                    criterion(
                        "crit",
                        "Crit <script>x</script> | pipe",
                        {"low": (NASTY, NASTY), "high": ("Fine [ok](https://example.org).", "")},
                    )
                ],
            )
        ]
    )


EMPTY_UNIT = make_unit([])


# -- the shared layout ---------------------------------------------------------------------


def test_single_point_shows_three_columns_with_the_middle_filled():
    doc = layout_rubrics(SAMPLES["water-watchers"])
    rubric = next(r for r in doc.rubrics if r.kind == "single_point")
    assert [h.role for h in rubric.grid.columns] == ["concerns", "criteria", "advanced"]
    assert rubric.grid.columns[1].title.startswith("Proficient")
    for row in rubric.grid.rows:
        assert [c.role for c in row.cells] == ["feedback", "descriptor", "feedback"]
        assert row.cells[1].text and not row.cells[0].text and not row.cells[2].text


def test_single_point_with_several_levels_on_a_side_uses_generic_heads():
    unit = make_unit(
        [
            {
                "id": "sp",
                "title": "Single point",
                "kind": "single_point",
                "levels": levels(5, scored=False),
                "proficient_level": "l3",
                "criteria": [criterion("c", "C", {"l3": ("Does it.", "")})],
            }
        ]
    )
    grid = layout_rubrics(unit).rubrics[0].grid
    assert [h.title for h in grid.columns] == [
        "Concerns: what to work on",
        "Level 3",
        "Advanced: evidence of going beyond",
    ]


def test_holistic_rubric_shows_levels_as_rows():
    doc = layout_rubrics(SAMPLES["voices-of-our-town"])
    rubric = next(r for r in doc.rubrics if r.kind == "holistic")
    assert rubric.grid.corner == "Level"
    assert len(rubric.grid.columns) == 1
    assert rubric.grid.columns[0].title == rubric.criteria[0].title
    assert [row.title for row in rubric.grid.rows] == [level.title for level in rubric.levels]
    assert [row.details for row in rubric.grid.rows] == [(lv.points_text,) for lv in rubric.levels]
    assert all(len(row.cells) == 1 and row.cells[0].text for row in rubric.grid.rows)


def test_student_wording_falls_back_to_teacher_wording():
    unit = make_unit(
        [analytic(criteria=[criterion("c", "C", {"l1": ("Teacher one.", ""), "l2": ("T2", "S2")})])]
    )
    descriptors = layout_rubrics(unit, "student").rubrics[0].criteria[0].descriptors
    assert descriptors == ("Teacher one.", "S2", "")
    assert layout_rubrics(unit, "teacher").rubrics[0].criteria[0].descriptors[1] == "T2"


def test_blank_titles_show_ids():
    scale = levels(3)
    scale[0]["title"] = ""
    rubric = layout_rubrics(make_unit([analytic(title="  ", levels=scale)])).rubrics[0]
    assert rubric.title == "team-rubric"
    assert rubric.levels[0].title == "l1"


def test_a_single_point_rubric_losing_its_proficient_level_still_exports():
    # The designer edits a unit in place; a half-edited rubric must not break an export.
    unit = make_unit(
        [
            {
                "id": "sp",
                "title": "Single point",
                "kind": "single_point",
                "levels": levels(3, scored=False),
                "proficient_level": "l2",
                "criteria": [criterion("c", "C", {"l2": ("Does it.", "")})],
            }
        ]
    )
    unit.rubrics[0].proficient_level = None
    assert layout_rubrics(unit).rubrics[0].grid.shape == "analytic"
    for name in RUBRIC_FORMATS:
        assert export_unit(unit, name)


def test_unknown_audience_is_refused():
    with pytest.raises(ValueError, match="teacher"):
        layout_rubrics(SAMPLES["water-watchers"], "parent")


def test_markdown_line_escapes_everything_but_inline_markdown():
    line = markdown_line(NASTY)
    assert "\n" not in line
    assert "<" not in line.replace("\\<", "")  # no unescaped angle bracket: no raw HTML
    assert "|" not in line.replace("\\|", "")  # no unescaped pipe: the table holds
    assert "**bold**" in line
    rendered = _gfm().render(line)
    assert 'href="javascript' not in rendered and "[click](javascript:alert(3))" in rendered
    assert _html_tokens(line) == []


def test_plain_text_keeps_paragraphs_lists_and_link_addresses():
    text = plain_text("One *two*\n\n- a [site](https://example.org)\n- b\n\n3. c")
    assert text == "One two\n• a site (https://example.org)\n• b\n3. c"
    assert plain_title("**Claim** and `code`") == "Claim and code"


# -- HTML ----------------------------------------------------------------------------------


def _tree(data: bytes):
    return lxml_html.fromstring(data.decode("utf-8"))


@pytest.mark.parametrize("audience", AUDIENCES)
@pytest.mark.parametrize("unit_id", list(SAMPLES))
def test_html_tables_are_accessible(unit_id, audience):
    unit = SAMPLES[unit_id]
    tree = _tree(rubric_html.export(unit, audience))
    assert tree.get("lang") == "en"
    assert tree.findtext(".//title").strip()
    assert tree.find(".//body/header") is not None and len(tree.findall(".//main")) == 1
    assert len(tree.findall(".//h1")) == 1
    sections = tree.findall(".//main/section")
    assert len(sections) == len(unit.rubrics)
    for section, rubric in zip(sections, layout_rubrics(unit, audience).rubrics, strict=True):
        table = section.find(".//table")
        assert table.find("caption").text_content().strip()
        heads = table.findall("./thead/tr/th")
        assert [th.get("scope") for th in heads] == ["col"] * (len(rubric.grid.columns) + 1)
        rows = table.findall("./tbody/tr")
        assert len(rows) == len(rubric.grid.rows)
        for tr in rows:
            assert tr.find("th").get("scope") == "row"
        head_text = " ".join(th.text_content() for th in heads)
        if rubric.kind == "analytic" and rubric.scored:
            for level in rubric.levels:
                assert level.title in head_text and level.points_text in head_text


def test_html_prints_one_rubric_per_landscape_page():
    page = rubric_html.export(SAMPLES["water-watchers"]).decode()
    css = re.sub(r"\s+", " ", page)
    assert "@page { size: landscape;" in css
    assert re.search(r"\.pbl-rubric \{ break-before: page;", css)
    assert "thead { display: table-header-group; }" in css


def test_html_student_version_uses_student_wording():
    unit = SAMPLES["water-watchers"]
    descriptor = unit.rubrics[1].criteria[0].descriptors[0]
    teacher = rubric_html.export(unit, "teacher").decode()
    student = rubric_html.export(unit, "student").decode()
    assert descriptor.student[:40] in student and descriptor.student[:40] not in teacher
    assert descriptor.teacher[:40] in teacher and descriptor.teacher[:40] not in student
    assert "Student version" in student and "Teacher version" in teacher


def test_html_never_passes_teacher_html_through():
    tree = _tree(rubric_html.export(nasty_unit()))
    assert not tree.findall(".//script") and not tree.findall(".//img")
    for element in tree.iter():
        for name, value in element.attrib.items():
            assert not name.startswith("on")
            assert "javascript:" not in value.lower()
    assert "<script>alert(1)</script>" in tree.text_content()  # shown as text


def test_html_of_a_unit_without_rubrics_says_so():
    tree = _tree(rubric_html.export(EMPTY_UNIT))
    assert NO_RUBRICS in tree.find(".//main").text_content()
    assert tree.find(".//table") is None


# -- Markdown ------------------------------------------------------------------------------


def _gfm() -> MarkdownIt:
    # html=True on purpose: any raw HTML in our output would show up as html tokens.
    return MarkdownIt("commonmark", {"html": True}).enable("table")


def _tables(text: str) -> list[list[int]]:
    """Cells per row of every table in ``text``."""
    tables, rows, cells = [], None, 0
    for token in _gfm().parse(text):
        if token.type == "table_open":
            rows = []
        elif token.type == "tr_open":
            cells = 0
        elif token.type in ("th_open", "td_open"):
            cells += 1
        elif token.type == "tr_close":
            rows.append(cells)
        elif token.type == "table_close":
            tables.append(rows)
    return tables


def _html_tokens(text: str) -> list[str]:
    found = []
    for token in _gfm().parse(text):
        if token.type == "html_block":
            found.append(token.content)
        for child in token.children or ():
            if child.type == "html_inline":
                found.append(child.content)
    return found


@pytest.mark.parametrize("audience", AUDIENCES)
@pytest.mark.parametrize("unit_id", [*SAMPLES, "nasty"])
def test_markdown_tables_hold_and_carry_no_raw_html(unit_id, audience):
    unit = nasty_unit() if unit_id == "nasty" else SAMPLES[unit_id]
    text = rubric_markdown.export(unit, audience).decode("utf-8")
    layout = layout_rubrics(unit, audience)
    tables = _tables(text)
    assert len(tables) == len(layout.rubrics)
    for rows, rubric in zip(tables, layout.rubrics, strict=True):
        assert rows == [len(rubric.grid.columns) + 1] * (len(rubric.grid.rows) + 1)
    assert _html_tokens(text) == []
    assert 'href="javascript' not in _gfm().render(text)


def test_markdown_keeps_inline_formatting_in_cells():
    text = rubric_markdown.export(nasty_unit()).decode()
    rendered = _gfm().render(text)
    assert "<strong>bold</strong>" in rendered
    assert '<a href="https://example.org">ok</a>' in rendered
    assert "&lt;script&gt;" in rendered


def test_markdown_of_a_unit_without_rubrics_says_so():
    assert NO_RUBRICS in rubric_markdown.export(EMPTY_UNIT).decode()


# -- DOCX ----------------------------------------------------------------------------------


def _document(data: bytes):
    return docx.Document(io.BytesIO(data))


def _table_text(table) -> str:
    return "\n".join(cell.text for row in table.rows for cell in row.cells)


@pytest.mark.parametrize("audience", AUDIENCES)
@pytest.mark.parametrize("unit_id", list(SAMPLES))
def test_docx_opens_and_holds_every_criterion_and_level(unit_id, audience):
    unit = SAMPLES[unit_id]
    document = _document(rubric_docx.export(unit, audience))
    layout = layout_rubrics(unit, audience)
    assert len(document.tables) == len(unit.rubrics)
    for table, rubric in zip(document.tables, layout.rubrics, strict=True):
        text = _table_text(table)
        for level in rubric.levels:
            if rubric.kind != "single_point" or level.id == unit.rubric(rubric.id).proficient_level:
                assert level.title in text
        for item in rubric.criteria:
            assert item.title in text
            for descriptor in item.descriptors:
                assert plain_text(descriptor).split("\n")[0][:60] in text
        header = table.rows[0]._tr.trPr
        assert (
            header is not None
            and header.find(
                "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}tblHeader"
            )
            is not None
        )


def test_docx_is_landscape_with_a_page_per_rubric():
    document = _document(rubric_docx.export(SAMPLES["budget-for-our-school"]))
    section = document.sections[0]
    assert section.orientation == WD_ORIENT.LANDSCAPE
    assert section.page_width > section.page_height
    headings = [p for p in document.paragraphs if p.style.name == "Heading 2"]
    assert len(headings) == 4
    assert [bool(h.paragraph_format.page_break_before) for h in headings] == [
        False,
        True,
        True,
        True,
    ]


def test_docx_package_is_deterministic():
    data = rubric_docx.export(SAMPLES["water-watchers"], "student")
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        infos = archive.infolist()
        names = [info.filename for info in infos]
        core = archive.read("docProps/core.xml").decode()
    assert names[0] == "[Content_Types].xml" and names == sorted(names)
    assert {info.date_time for info in infos} == {(1980, 1, 1, 0, 0, 0)}
    assert not any("thumbnail" in name for name in names)
    assert "2000-01-01T00:00:00Z" in core and "python-docx" not in core
    properties = _document(data).core_properties
    assert properties.created.year == 2000 and properties.modified.year == 2000


def test_docx_student_version_uses_student_wording():
    unit = SAMPLES["voices-of-our-town"]
    descriptor = unit.rubrics[0].criteria[0].descriptors[0]
    student = "\n".join(
        _table_text(t) for t in _document(rubric_docx.export(unit, "student")).tables
    )
    assert descriptor.student[:50] in student and descriptor.teacher[:50] not in student


def test_docx_of_a_unit_without_rubrics_says_so():
    document = _document(rubric_docx.export(EMPTY_UNIT))
    assert NO_RUBRICS in [p.text for p in document.paragraphs]
    assert not document.tables


def test_docx_keeps_teacher_text_as_text():
    document = _document(rubric_docx.export(nasty_unit()))
    text = _table_text(document.tables[0])
    assert "<script>alert(1)</script>" in text
    assert "ok (https://example.org)" in text


# -- PDF -----------------------------------------------------------------------------------


def _pages(data: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page\b(?!s)", data))


def _pdftotext(data: bytes, tmp_path) -> str:
    tool = shutil.which("pdftotext")
    if tool is None:
        if os.environ.get("CI"):  # .ci/run installs poppler-utils: a skip there hides a gap
            pytest.fail("pdftotext (poppler-utils) is missing in CI")
        pytest.skip("pdftotext (poppler) is not installed; apt-get install poppler-utils")
    path = tmp_path / "out.pdf"
    path.write_bytes(data)
    result = subprocess.run(
        [tool, "-layout", "-enc", "UTF-8", str(path), "-"], capture_output=True, check=True
    )
    return result.stdout.decode("utf-8")


def test_pdf_has_fixed_metadata_and_embeds_dejavu():
    data = rubric_pdf.export(SAMPLES["water-watchers"])
    assert data.startswith(b"%PDF-")
    assert b"/CreationDate (D:20000101000000Z" in data
    assert b"/ModDate" not in data
    assert b"/Producer (pbl-author)" in data
    assert b"/FontFile2" in data and b"DejaVuSans" in data


@pytest.mark.parametrize("audience", AUDIENCES)
@pytest.mark.parametrize("unit_id", list(SAMPLES))
def test_pdf_prints_one_rubric_per_page(unit_id, audience):
    unit = SAMPLES[unit_id]
    assert _pages(rubric_pdf.export(unit, audience)) == len(unit.rubrics)


def test_pdf_text_holds_every_criterion(tmp_path):
    unit = SAMPLES["design-for-a-client"]
    text = " ".join(_pdftotext(rubric_pdf.export(unit), tmp_path).split())
    for rubric in unit.rubrics:
        for item in rubric.criteria:
            assert item.title.split()[0] in text
        for level in rubric.levels:
            assert level.title in text


def test_pdf_prints_teacher_text_as_written(tmp_path):
    text = _pdftotext(rubric_pdf.export(nasty_unit()), tmp_path)
    assert "{nb}" in text  # fpdf2's page-count alias is off
    assert "<script>alert(1)</script>" in " ".join(text.split())


def test_pdf_runs_long_rubrics_over_pages_with_their_header():
    long_text = " ".join(["A very long descriptor that goes on."] * 700)  # ~25,000 chars
    many = [
        criterion(f"c{i}", f"Criterion {i}", {"l1": ("Short.", ""), "l3": (long_text[:19000], "")})
        for i in range(3)
    ] + [criterion(f"d{i}", f"Other {i}", {"l2": ("Some text.", "")}) for i in range(40)]
    data = rubric_pdf.export(make_unit([analytic(criteria=many)]))
    assert _pages(data) > 5


def test_pdf_sets_many_scripts_with_the_bundled_font(caplog):
    text = "Ελληνικά, Русский, עברית, Հայերեն, ქართული, Tiếng Việt, Čeština"
    unit = make_unit([analytic(title=text)], title=text)
    with caplog.at_level(logging.WARNING):
        rubric_pdf.export(unit)
    assert "missing the following glyphs" not in caplog.text


def test_pdf_of_a_unit_without_rubrics_says_so(tmp_path):
    data = rubric_pdf.export(EMPTY_UNIT)
    assert _pages(data) == 1
    assert NO_RUBRICS in _pdftotext(data, tmp_path)


def test_bundled_fonts_and_licence_ship_with_the_package():
    for bold in (False, True):
        assert font_path(bold).read_bytes()[:4] == b"\x00\x01\x00\x00"  # a TrueType font
    licence = license_path().read_text(encoding="utf-8")
    assert "Bitstream Vera" in licence and "Arev" in licence


# -- Canvas rubric CSV ---------------------------------------------------------------------


@pytest.mark.parametrize("unit_id", [*SAMPLES, "nasty"])
def test_canvas_csv_passes_canvas_importer_rules(unit_id):
    unit = nasty_unit() if unit_id == "nasty" else SAMPLES[unit_id]
    data = rubric_canvas_csv.export(unit)
    assert canvas_rubric_violations(data) == []
    rubrics = canvas_rubrics(data)
    assert len(rubrics) == len(unit.rubrics)
    for rubric, criteria in zip(unit.rubrics, rubrics.values(), strict=True):
        assert [c["name"] for c in criteria] == [plain_title(c.title) for c in rubric.criteria]
        for item in criteria:
            assert len(item["ratings"]) == len(rubric.levels)
            if rubric.levels[0].points is not None:
                points = sorted(level.points for level in rubric.levels)
                assert sorted(r["points"] for r in item["ratings"]) == points


def test_canvas_csv_keeps_quotes_commas_and_newlines():
    rubrics = canvas_rubrics(rubric_canvas_csv.export(nasty_unit()))
    ((name, criteria),) = rubrics.items()
    assert name == "Rubric | <b>bold</b> & # title"  # raw HTML is text, kept as written
    ratings = criteria[0]["ratings"]
    assert [r["points"] for r in ratings] == [2.25, 0.5]
    assert ratings[1]["description"] == plain_text(NASTY)
    assert "\n" in ratings[1]["description"] and '"quotes"' in ratings[1]["description"]


def test_canvas_csv_scores_unscored_levels_by_position_and_says_so():
    data = rubric_canvas_csv.export(SAMPLES["water-watchers"])
    criteria = canvas_rubrics(data)["Field Work Feedback (single point)"]
    assert [r["points"] for r in criteria[0]["ratings"]] == [3.0, 2.0, 1.0]
    assert "points are the level's position" in criteria[0]["description"]


def test_canvas_csv_keeps_rubrics_with_the_same_title_apart():
    unit = make_unit([analytic("first-one", "Same"), analytic("second-one", "Same")])
    data = rubric_canvas_csv.export(unit)
    assert canvas_rubric_violations(data) == []
    assert list(canvas_rubrics(data)) == ["Same (first-one)", "Same (second-one)"]


def test_canvas_csv_shortens_long_rubric_names():
    unit = make_unit([analytic(title="Long " * 60)])
    data = rubric_canvas_csv.export(unit)
    assert canvas_rubric_violations(data) == []
    assert len(next(iter(canvas_rubrics(data)))) == 255


def test_canvas_csv_leaves_out_rubrics_without_criteria():
    unit = make_unit([analytic(), analytic("empty-rubric", "Empty", criteria=[])])
    data = rubric_canvas_csv.export(unit)
    assert canvas_rubric_violations(data) == []
    assert list(canvas_rubrics(data)) == ["Team rubric"]


def test_canvas_csv_of_a_unit_without_rubrics_is_the_header_alone():
    data = rubric_canvas_csv.export(EMPTY_UNIT)
    assert data.count(b"\n") == 1
    assert canvas_rubric_violations(data) == [
        "The file is empty or does not contain valid rubric data."
    ]


def test_canvas_rules_accept_canvas_own_samples():
    samples = SHARED / "samples"
    paths = [
        samples / "canvas-lms_rubric_upload_template_reconstructed.csv",
        samples / "handwritten" / "canvas_rubric_import_minimal.csv",
    ]
    present = [path for path in paths if path.exists()]
    if not present:
        pytest.skip("../shared/samples is not here")
    for path in present:
        assert canvas_rubric_violations(path.read_bytes()) == [], path.name


GOOD_CSV = (
    "Rubric Name,Criteria Name,Criteria Description,Criteria Enable Range,"
    "Rating Name,Rating Description,Rating Points,Rating Name,Rating Description,Rating Points\n"
    "R,C,D,false,High,Good,2,Low,Poor,1\n"
)


@pytest.mark.parametrize(
    ("broken", "expected"),
    [
        ("\ufeff" + GOOD_CSV, "byte order mark"),
        (GOOD_CSV.replace("\n", "\r\n"), "CR line ends"),
        (GOOD_CSV + "\n", "blank line"),
        (GOOD_CSV.replace("Good,2", "Good,"), "has no points"),
        (GOOD_CSV.replace("Good,2", "Good,two"), "is not a number"),
        (GOOD_CSV.replace("Good,2", "Good,2.125"), ">2 decimals"),
        (GOOD_CSV.replace("R,C", 'R,C "x"'), "quote inside an unquoted field"),
        (GOOD_CSV.replace("R,C", '"R,C'), "never closed"),
        (GOOD_CSV.replace("R,C,", ",C,"), "Missing 'Rubric Name'"),
        (GOOD_CSV.replace("R,C,", "R, ,"), "Missing 'Criteria Name'"),
        (GOOD_CSV.replace("High,Good,2,Low,Poor,1", ",,,,,"), "Missing ratings"),
        (GOOD_CSV.replace("High,Good,2", ",Good,2"), "without a name"),
        (GOOD_CSV.replace("Good,2,Low,Poor,1", "Good,1,Low,Poor,2"), "Canvas's order"),
        (GOOD_CSV.replace("Rubric Name", "Rubric name"), "header must start"),
        (GOOD_CSV.replace("Rating Points\n", "Points\n"), "should be a 'rating points'"),
        (GOOD_CSV.replace("false", "maybe"), "not true or false"),
        (GOOD_CSV.replace("Poor,1", "Poor,1,extra"), "cells but the header has"),
        (GOOD_CSV.replace("R,C", "R" * 256 + ",C"), "longer than 255"),
        (GOOD_CSV.split("\n")[0] + "\n", "The file is empty"),
    ],
)
def test_canvas_rules_catch_what_canvas_refuses(broken, expected):
    violations = canvas_rubric_violations(broken.encode("utf-8"))
    assert any(expected in violation for violation in violations), violations


def test_strict_csv_reader_reads_quoted_newlines_and_ragged_rows():
    rows = strict_csv_rows('a,"b\nc ""d""",e\nf\n\n')
    assert rows == [["a", 'b\nc "d"', "e"], ["f"], None]


# -- Google Classroom JSON -----------------------------------------------------------------


@pytest.mark.parametrize("unit_id", [*SAMPLES, "nasty"])
def test_classroom_json_passes_classroom_rules(unit_id):
    unit = nasty_unit() if unit_id == "nasty" else SAMPLES[unit_id]
    data = rubric_classroom_json.export(unit)
    assert classroom_violations(data) == []
    document = json.loads(data)
    assert [entry["id"] for entry in document["rubrics"]] == [r.id for r in unit.rubrics]
    for entry, rubric in zip(document["rubrics"], unit.rubrics, strict=True):
        criteria = entry["rubric"]["criteria"]
        assert [c["title"] for c in criteria] == [plain_title(c.title) for c in rubric.criteria]
        assert all(len(c["levels"]) == len(rubric.levels) for c in criteria)


def test_classroom_json_leaves_points_out_of_unscored_levels():
    document = json.loads(rubric_classroom_json.export(SAMPLES["water-watchers"]))
    single = document["rubrics"][0]["rubric"]["criteria"][0]["levels"]
    assert all("points" not in level for level in single)
    assert [level["title"] for level in single][1].startswith("Proficient")
    scored = document["rubrics"][1]["rubric"]["criteria"][0]["levels"]
    assert [level["points"] for level in scored] == [1, 2, 3, 4]


def test_classroom_json_sorts_levels_by_points():
    unit = make_unit([analytic(levels=[{**lv, "points": 4 - i} for i, lv in enumerate(levels(3))])])
    data = rubric_classroom_json.export(unit)
    assert classroom_violations(data) == []
    entry = json.loads(data)["rubrics"][0]["rubric"]["criteria"][0]["levels"]
    assert [level["points"] for level in entry] == [2, 3, 4]
    assert canvas_rubric_violations(rubric_canvas_csv.export(unit)) == []


def test_classroom_json_refuses_more_than_ten_levels_naming_the_rubric():
    unit = make_unit([analytic("big-scale", "Big scale", levels=levels(11))])
    with pytest.raises(DocumentError, match=r"big-scale.*11 levels.*at most 10"):
        rubric_classroom_json.export(unit)


def test_classroom_json_refuses_more_than_fifty_criteria_naming_the_rubric():
    many = [criterion(f"c{i}", f"C{i}", {"l1": ("x", "")}) for i in range(51)]
    unit = make_unit([analytic("long-list", "Long list", criteria=many)])
    with pytest.raises(DocumentError, match=r"long-list.*51 criteria.*at most 50"):
        rubric_classroom_json.export(unit)


def test_classroom_json_refuses_repeated_points():
    unit = make_unit([analytic("ties", levels=[{**lv, "points": 1} for lv in levels(3)])])
    with pytest.raises(DocumentError, match=r"ties.*1 points to more than one level"):
        rubric_classroom_json.export(unit)


def test_classroom_json_refuses_a_lone_zero_point_level():
    lone = criterion("c", "C", {"l1": ("Done.", "")})
    unit = make_unit(
        [analytic("zero", levels=[{"id": "l1", "title": "Done", "points": 0}], criteria=[lone])]
    )
    with pytest.raises(DocumentError, match=r"zero.*0 points"):
        rubric_classroom_json.export(unit)


def test_classroom_json_skips_empty_rubrics_and_says_why():
    unit = make_unit([analytic(), analytic("draft-rubric", "Draft", criteria=[])])
    document = json.loads(rubric_classroom_json.export(unit))
    assert [entry["id"] for entry in document["rubrics"]] == ["team-rubric"]
    assert document["skipped"][0]["id"] == "draft-rubric"


def test_classroom_json_of_a_unit_without_rubrics_says_so():
    document = json.loads(rubric_classroom_json.export(EMPTY_UNIT))
    assert document["rubrics"] == [] and document["note"] == NO_RUBRICS


@pytest.mark.parametrize(
    ("rubric", "expected"),
    [
        ({"criteria": []}, "at least one criterion"),
        ({"criteria": [{"title": "C", "levels": []}]}, "at least one level"),
        ({"id": "1", "criteria": [{"title": "C", "levels": [{"title": "L"}]}]}, "read-only"),
        ({"criteria": [{"title": "", "levels": [{"title": "L"}]}]}, "needs a title"),
        ({"criteria": [{"title": "C", "levels": [{"points": 1}, {"title": "L"}]}]}, "all scored"),
        ({"criteria": [{"title": "C", "levels": [{"description": "d"}]}]}, "unscored level"),
        ({"criteria": [{"title": "C", "levels": [{"points": 1}, {"points": 1}]}]}, "unique"),
        (
            {"criteria": [{"title": "C", "levels": [{"points": 1}, {"points": 3}, {"points": 2}]}]},
            "sorted",
        ),
        ({"criteria": [{"title": "C", "levels": [{"points": None}]}]}, "null"),
        ({"criteria": [{"title": "C", "levels": [{"points": "1"}]}]}, "must be a number"),
        ({"criteria": [{"title": "C", "levels": [{"title": "L", "points": 0}]}]}, "0-point"),
        ({"criteria": [{"title": "C", "levels": [{"title": "L"}] * 11}]}, "more than 10"),
        ({"criteria": [{"title": "C", "levels": [{"title": "L"}]}] * 51}, "more than 50"),
        ({"criteria": [{"title": "C", "levels": [{"title": "L", "score": 1}]}]}, "unknown"),
    ],
)
def test_classroom_rules_catch_what_classroom_refuses(rubric, expected):
    violations = rubric_violations(rubric)
    assert any(expected in violation for violation in violations), violations


# -- every rubric format: registry, empty units, determinism --------------------------------


@pytest.mark.parametrize("name", RUBRIC_FORMATS)
def test_every_rubric_format_exports_a_unit_without_rubrics(name):
    assert export_unit(EMPTY_UNIT, name)


@pytest.mark.parametrize("name", RUBRIC_FORMATS)
@pytest.mark.parametrize("unit_id", list(SAMPLES))
def test_the_same_unit_gives_the_same_bytes(unit_id, name):
    unit = SAMPLES[unit_id]
    assert export_unit(unit, name) == export_unit(unit, name)


_DIGESTS = """
import hashlib, sys
from pbl_author.formats.registry import export_unit
from pbl_author.formats.unitfile import load_unit
unit = load_unit(sys.argv[1])
for name in sys.argv[2:]:
    print(name, hashlib.sha256(export_unit(unit, name)).hexdigest())
"""


def test_the_same_bytes_in_another_process():
    path = ROOT / "sample_units" / "water-watchers.unit.yaml"
    unit = load_unit(path)
    here = [f"{n} {hashlib.sha256(export_unit(unit, n)).hexdigest()}" for n in RUBRIC_FORMATS]
    env = {**os.environ, "PYTHONHASHSEED": "12345", "TZ": "Pacific/Kiritimati"}
    result = subprocess.run(
        [sys.executable, "-c", _DIGESTS, str(path), *RUBRIC_FORMATS],
        capture_output=True,
        text=True,
        env=env,
        check=True,
    )
    assert result.stdout.split("\n")[:-1] == here
