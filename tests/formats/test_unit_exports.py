"""Unit exports: the HTML one-pager, the Word document and the Common Cartridge.

Byte-for-byte golden files live in ``test_golden_exports.py``; here: structure, content,
determinism, and safety for a unit whose every text field is hostile.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from functools import cache
from html import unescape
from html.parser import HTMLParser
from pathlib import Path
from xml.etree import ElementTree

import docx
import pytest

from pbl_author.files.zipfile_det import (
    FIXED_DATE_TIME,
    deterministic_zip,
    normalize_zip,
    zip_entries,
)
from pbl_author.formats import common_cartridge, unit_docx, unit_html
from pbl_author.formats.registry import EXPORTS, export_unit
from pbl_author.formats.unitfile import load_unit
from pbl_author.model import Unit

from ..conftest import SHARED, sample_unit_paths
from ..xss_corpus import hostile_unit, payloads, text_values

SAMPLES = {path.name.removesuffix(".unit.yaml"): path for path in sample_unit_paths()}
CC = "{http://www.imsglobal.org/xsd/imsccv1p1/imscp_v1p1}"
CANVAS = "{http://canvas.instructure.com/xsd/cccv1p0}"
#: xs:ID is an NCName: no colon, a letter or "_" first (ASCII subset, all we generate).
NCNAME = re.compile(r"^[A-Za-z_][A-Za-z0-9._-]*$")
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@cache
def sample(name: str) -> Unit:
    return load_unit(SAMPLES[name])


@cache
def hostile(name: str = "water-watchers") -> Unit:
    return hostile_unit(sample(name))[0]


@pytest.fixture(params=list(SAMPLES))
def unit(request) -> Unit:
    return sample(request.param)


# --------------------------------------------------------------------------- deterministic zip


def test_deterministic_zip_sorts_and_fixes_every_entry():
    data = deterministic_zip({"b/two.txt": b"2", "a.txt": b"1" * 1000, "[x].xml": b"<x/>"})
    assert data == deterministic_zip({"[x].xml": b"<x/>", "a.txt": b"1" * 1000, "b/two.txt": b"2"})
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        infos = archive.infolist()
        assert [i.filename for i in infos] == ["[x].xml", "a.txt", "b/two.txt"]
        for info in infos:
            assert info.date_time == FIXED_DATE_TIME
            assert info.compress_type == zipfile.ZIP_DEFLATED
            assert info.external_attr >> 16 == 0o100644
            assert info.extra == b""
        assert archive.comment == b""
        assert archive.read("a.txt") == b"1" * 1000


def test_normalize_zip_rewrites_another_writers_archive():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(zipfile.ZipInfo("z.txt", date_time=(2024, 5, 6, 7, 8, 10)), b"z")
        archive.writestr(zipfile.ZipInfo("a.txt", date_time=(2025, 1, 1, 0, 0, 0)), b"a")
    normal = normalize_zip(buffer.getvalue())
    assert normal == deterministic_zip({"a.txt": b"a", "z.txt": b"z"})
    assert zip_entries(normal) == {"a.txt": b"a", "z.txt": b"z"}


@pytest.mark.parametrize("name", ["", "/etc/passwd", "../up.txt", "a/../../b", "a//b", "C:/x"])
def test_deterministic_zip_refuses_unsafe_names(name):
    with pytest.raises(ValueError, match="unsafe zip entry name"):
        deterministic_zip({name: b""})


# --------------------------------------------------------------------------- HTML one-pager


class Outline(HTMLParser):
    """Headings, ids, landmarks and tag names of a page."""

    def __init__(self) -> None:
        super().__init__()
        self.headings: list[int] = []
        self.ids: list[str] = []
        self.tags: list[str] = []
        self.attributes: list[tuple[str, str, str]] = []
        self.html_lang: str | None = None

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        values = dict(attrs)
        if tag == "html":
            self.html_lang = values.get("lang")
        if re.fullmatch(r"h[1-6]", tag):
            self.headings.append(int(tag[1]))
        if "id" in values:
            self.ids.append(values["id"] or "")
        for name, value in attrs:
            self.attributes.append((tag, name, value or ""))


def outline(html: str) -> Outline:
    parser = Outline()
    parser.feed(html)
    return parser


ACTIVE_TAGS = {
    "script", "iframe", "frame", "frameset", "object", "embed", "applet", "base", "form",
    "input", "button", "textarea", "select", "svg", "math", "img", "video", "audio",
    "source", "link", "noscript", "template", "marquee",
}  # fmt: skip
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "data", "srcset"}


def active_markup(html: str) -> list[str]:
    """Everything in ``html`` (as a browser's parser sees it) that could run or load."""
    page = outline(html)
    found = [f"<{tag}>" for tag in page.tags if tag in ACTIVE_TAGS]
    found += [f"<style> #{n}" for n in range(page.tags.count("style") - 1)]  # the page's own
    for tag, name, value in page.attributes:
        cleaned = re.sub(r"[\x00-\x20]", "", value).lower()
        if name.startswith("on") or name in ("style", "srcdoc"):
            found.append(f"<{tag} {name}>")
        if name in URL_ATTRIBUTES and re.match(r"(javascript|vbscript|data|file):", cleaned):
            found.append(f"<{tag} {name}={value[:40]}>")
    return found


def test_one_pager_structure(unit):
    html = unit_html.export(unit).decode("utf-8")
    page = outline(html)
    assert html.startswith("<!DOCTYPE html>")
    assert page.html_lang == "en"
    title = re.search(r"<title>(.*)</title>", html).group(1)
    assert unescape(title) == f"{unit_html.plain_text(unit.title)}: unit overview"
    for landmark in ("header", "nav", "main", "footer"):
        assert page.tags.count(landmark) == 1, landmark
    assert page.headings[0] == 1 and page.headings.count(1) == 1
    for before, after in zip(page.headings, page.headings[1:], strict=False):
        assert after <= before + 1, "a heading level is skipped"
    assert len(page.ids) == len(set(page.ids)), "duplicate ids"
    internal = {
        value[1:] for tag, name, value in page.attributes if name == "href" and value[:1] == "#"
    }
    assert internal <= set(page.ids), "a link to a missing anchor"
    for section in ("goals", "path", "culture", "critique", "public-product", "reflection"):
        assert section in page.ids  # the unit's section anchors, as review comments use them
    for task in unit.tasks:
        assert task.id in page.ids
    for rubric in unit.rubrics:
        assert rubric.id in page.ids
        for criterion in rubric.criteria:
            assert criterion.id in page.ids
    assert '<table class="pbl-coverage">' in html
    assert "Design checks" in html
    assert unit_html.export(unit) == unit_html.export(unit)


def test_one_pager_shows_the_whole_unit():
    unit = sample("water-watchers")
    html = unit_html.export(unit).decode("utf-8")
    text = re.sub(r"<[^>]+>", "", html)
    for expected in (
        "Water Watchers: Caring for Alder Creek",
        "How can we, as water scientists, help our neighbours",
        "Field guide pages written",
        "Creek Keepers Family Science Night",
        "Keisha Brandt",
        "Gallery walk: I like / I wonder / What if",
        "Maple Falls Elementary School gym",
        "Which parts of the creek visit",
        "4 weeks, 18 sessions of 50 minutes",
        "Standards and criteria",
    ):
        assert expected in text, expected
    task = unit.task("creek-critter-survey")
    assert unit_html.teacher_html(task.grasps.goal, 5) in html
    single_point = unit.rubric("field-work-feedback")
    assert 'class="pbl-rubric pbl-rubric-single_point"' in html
    assert "left for feedback" in html
    assert single_point.criteria[0].descriptors[0].teacher in text


def test_one_pager_language_comes_from_the_unit():
    unit = sample("water-watchers")
    french = unit.model_copy(
        update={"identity": unit.identity.model_copy(update={"language": "fr-CA"})}
    )
    assert '<html lang="fr-CA">' in unit_html.export(french).decode()
    odd = unit.model_copy(update={"identity": unit.identity.model_copy(update={"language": 'x"y'})})
    assert '<html lang="en">' in unit_html.export(odd).decode()


def test_one_pager_of_an_empty_unit():
    unit = Unit(id="empty", title="Empty")
    html = unit_html.export(unit).decode()
    assert "No driving question yet." in html
    assert "No performance tasks yet." in html
    assert "No tasks aligned to competencies yet." in html
    assert outline(html).headings.count(1) == 1


def test_offline_html_rewrites_images_headings_and_empty_links():
    teacher = unit_html.teacher_html
    assert str(teacher("![a map](https://example.org/map.png)")) == (
        '<p><a href="https://example.org/map.png" rel="noopener noreferrer">a map (image)</a></p>'
    )
    assert "<img" not in teacher("[![logo](https://example.org/l.png)](https://example.org)")
    assert str(teacher("# Notes\n\n## More", 4)) == "<h4>Notes</h4>\n<h5>More</h5>"
    assert str(teacher("###### Deep", 4)) == "<h6>Deep</h6>"
    assert ">https://example.org</a>" in teacher("[](https://example.org)")
    assert "href" not in teacher("[x](//evil.example/x)")
    # a network-path image is no link at all
    assert str(teacher("![](//evil.example/x.png)")) == "<p>![](//evil.example/x.png)</p>"
    assert str(teacher("a & b < c")) == "<p>a &amp; b &lt; c</p>"
    assert str(unit_html.teacher_inline("**Bold** ![i](https://e.org/i.png)")) == (
        "<strong>Bold</strong>"
    )
    assert unit_html.plain_text("**Bold** & <b>") == "Bold & <b>"


def test_safe_link_only_for_absolute_web_addresses():
    assert unit_html.safe_link("https://example.org/unit") == "https://example.org/unit"
    for url in (
        "javascript:alert(1)",
        "//example.org",
        "unit.html",
        "mailto:a@b.c",
        "",
        "h ttp://x",
    ):
        assert unit_html.safe_link(url) is None, url


# --------------------------------------------------------------------------- Word


def test_docx_opens_and_holds_the_unit(unit):
    data = unit_docx.export(unit)
    assert data == unit_docx.export(unit)
    document = docx.Document(io.BytesIO(data))
    core = document.core_properties
    assert core.title == unit_html.plain_text(unit.title)
    fixed = dt.datetime(1980, 1, 1, tzinfo=dt.timezone.utc)
    assert core.created.replace(tzinfo=dt.timezone.utc) == fixed
    assert core.modified.replace(tzinfo=dt.timezone.utc) == fixed
    assert core.last_modified_by == "pbl-author"
    assert core.identifier == unit.id
    paragraphs = [p.text for p in document.paragraphs]
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert headings == [
        "Overview", "Goals and competencies", "Performance tasks", "Path and milestones",
        "Rubrics", "Culture", "Critique and revision", "Public product", "Reflection",
        "Coverage", "Design checks",
    ]  # fmt: skip
    assert paragraphs[0] == unit_html.plain_text(unit.title)
    second_level = [p.text for p in document.paragraphs if p.style.name == "Heading 2"]
    for task in unit.tasks:
        assert unit_html.plain_text(task.title) in second_level
    for rubric in unit.rubrics:
        assert unit_html.plain_text(rubric.title) in second_level
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert archive.namelist() == sorted(archive.namelist())
        assert {info.date_time for info in archive.infolist()} == {FIXED_DATE_TIME}


def test_docx_rubric_tables_hold_every_descriptor():
    unit = sample("water-watchers")
    document = docx.Document(io.BytesIO(unit_docx.export(unit)))
    cells = {cell.text for table in document.tables for row in table.rows for cell in row.cells}
    for rubric in unit.rubrics:
        for criterion in rubric.criteria:
            for descriptor in criterion.descriptors:
                assert descriptor.teacher in cells
    rubric = unit.rubric("habitat-claim-rubric")
    header = next(
        [c.text for c in t.rows[0].cells]
        for t in document.tables
        if t.rows[0].cells[0].text == "Criterion" and len(t.columns) == len(rubric.levels) + 1
    )
    assert header == ["Criterion", "Beginning (1 point)", "Developing (2 points)",
                      "Proficient (3 points)", "Advanced (4 points)"]  # fmt: skip
    sections = document.sections  # portrait, landscape for the rubrics, portrait again
    assert [s.page_width > s.page_height for s in sections] == [False, True, False]


def test_docx_markdown_becomes_word_formatting():
    unit = Unit(
        id="md",
        title="Markdown *in* titles",
        identity={
            "summary": (
                "Plain **bold** and _italic_ and `code` and ~~gone~~.\n\n"
                "- one\n- two\n  - nested\n\n1. first\n2. second\n\n"
                "> quoted\n\n[a link](https://example.org) and [bad](javascript:alert(1))\n\n"
                "| a | b |\n|---|---|\n| 1 | 2 |\n\n```\ncode block\n```"
            )
        },
    )
    document = docx.Document(io.BytesIO(unit_docx.export(unit)))
    by_text = {p.text: p for p in document.paragraphs}
    plain = by_text["Plain bold and italic and code and gone."]
    styles = {run.text: run for run in plain.runs}
    assert styles["bold"].bold and styles["italic"].italic
    assert styles["code"].font.name == "Courier New" and styles["gone"].font.strike
    assert by_text["one"].style.name == "List Bullet"
    assert by_text["nested"].style.name == "List Bullet 2"
    assert by_text["1. first"].style.name == "List" and "2. second" in by_text
    assert by_text["quoted"].style.name == "Quote"
    assert by_text["code block"].runs[0].font.name == "Courier New"
    links = [r for r in document.part.rels.values() if r.reltype.endswith("/hyperlink")]
    assert [r.target_ref for r in links] == ["https://example.org"]
    assert "a link and [bad](javascript:alert(1))" in by_text
    assert [[c.text for c in row.cells] for row in document.tables[-1].rows][-1] == ["1", "2"]
    title = document.paragraphs[0]
    assert title.text == "Markdown in titles" and title.runs[1].italic


def test_docx_of_a_hostile_unit_keeps_text_as_text():
    unit = hostile()
    data = unit_docx.export(unit)
    document = docx.Document(io.BytesIO(data))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "<script>alert(1)</script>" in text  # shown, as text
    targets = [r.target_ref for r in document.part.rels.values() if r.is_external]
    assert targets
    assert all(t.startswith(("http://", "https://", "mailto:")) for t in targets), targets
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        body = archive.read("word/document.xml")
        ElementTree.fromstring(body)  # well-formed
        assert b"<script" not in body


def test_docx_core_properties_fit_words_limits():
    unit = sample("water-watchers")
    long = unit.model_copy(update={"title": "T" * 300})
    document = docx.Document(io.BytesIO(unit_docx.export(long)))
    assert len(document.core_properties.title) == 255


# --------------------------------------------------------------------------- Common Cartridge


def page_ids(manifest: ElementTree.Element) -> set[str]:
    return {
        r.get("identifier") for r in manifest.iter(f"{CC}resource") if r.get("type") == "webcontent"
    }


def cartridge(unit: Unit) -> tuple[dict[str, bytes], ElementTree.Element]:
    data = common_cartridge.export(unit)
    entries = zip_entries(data)
    return entries, ElementTree.fromstring(entries["imsmanifest.xml"])


def test_cartridge_manifest_lists_every_file(unit):
    entries, manifest = cartridge(unit)
    listed = {f.get("href") for f in manifest.iter(f"{CC}file")}
    assert listed == set(entries) - {"imsmanifest.xml"}
    for resource in manifest.iter(f"{CC}resource"):
        assert resource.get("href") in listed
        assert resource.get("href") in {f.get("href") for f in resource.iter(f"{CC}file")}


def test_cartridge_identifiers_are_valid_unique_and_resolve(unit):
    _, manifest = cartridge(unit)
    ids = [e.get("identifier") for e in manifest.iter() if e.get("identifier") is not None]
    assert ids and all(NCNAME.match(i) for i in ids), ids
    assert len(ids) == len(set(ids))
    resources = {r.get("identifier") for r in manifest.iter(f"{CC}resource")}
    refs = [i.get("identifierref") for i in manifest.iter(f"{CC}item") if i.get("identifierref")]
    assert set(refs) <= resources
    pages = page_ids(manifest)
    assert set(refs) == pages  # every page is in the organization, once
    assert len(refs) == len(set(refs))
    assert common_cartridge.export(unit) == common_cartridge.export(unit)
    renamed = unit.model_copy(update={"id": "another-unit"})
    other = {e.get("identifier") for e in cartridge(renamed)[1].iter() if e.get("identifier")}
    assert not other & set(ids)  # two units in one course never share an identifier


def test_cartridge_manifest_shape():
    unit = sample("water-watchers")
    entries, manifest = cartridge(unit)
    assert manifest.tag == f"{CC}manifest"
    assert manifest.findtext(f"{CC}metadata/{CC}schema") == "IMS Common Cartridge"
    assert manifest.findtext(f"{CC}metadata/{CC}schemaversion") == "1.1.0"
    lom = "{http://ltsc.ieee.org/xsd/imsccv1p1/LOM/manifest}"
    title = manifest.find(f"{CC}metadata/{lom}lom/{lom}general/{lom}title/{lom}string")
    assert title.text == "Water Watchers: Caring for Alder Creek" and title.get("language") == "en"
    organizations = manifest.findall(f"{CC}organizations/{CC}organization")
    assert len(organizations) == 1
    assert organizations[0].get("structure") == "rooted-hierarchy"
    (root,) = organizations[0].findall(f"{CC}item")
    folders = root.findall(f"{CC}item")
    assert [f.findtext(f"{CC}title") for f in folders] == [
        "Water Watchers: Caring for Alder Creek – Overview",
        "Water Watchers: Caring for Alder Creek – Performance tasks",
        "Water Watchers: Caring for Alder Creek – Rubrics",
    ]
    assert [len(f.findall(f"{CC}item")) for f in folders] == [1, 4, 3]
    assert sorted(entries) == sorted(
        [
            "imsmanifest.xml",
            "course_settings/canvas_export.txt",
            "course_settings/module_meta.xml",
            "course_settings/rubrics.xml",
            "wiki_content/water-watchers-overview.html",
        ]
        + [f"wiki_content/water-watchers-task-{t.id}.html" for t in unit.tasks]
        + [f"wiki_content/water-watchers-rubric-{r.id}.html" for r in unit.rubrics]
    )
    canvas = [r for r in manifest.iter(f"{CC}resource") if r.get("href").startswith("course_")]
    assert [r.get("href") for r in canvas] == ["course_settings/canvas_export.txt"]
    assert canvas[0].get("type") == (
        "associatedcontent/imscc_xmlv1p1/learning-application-resource"
    )
    with zipfile.ZipFile(io.BytesIO(common_cartridge.export(unit))) as archive:
        assert {info.date_time for info in archive.infolist()} == {FIXED_DATE_TIME}
        assert archive.namelist() == sorted(archive.namelist())


def test_cartridge_follows_the_handwritten_sample():
    sample_manifest = SHARED / "samples" / "handwritten" / "cc-v1p1_minimal_imsmanifest.xml"
    if not sample_manifest.exists():
        pytest.skip("../shared/samples is not here")
    expected = ElementTree.parse(sample_manifest).getroot()
    _, manifest = cartridge(sample("water-watchers"))
    assert manifest.tag == expected.tag
    xsi = "{http://www.w3.org/2001/XMLSchema-instance}schemaLocation"
    assert manifest.get(xsi).split() == expected.get(xsi).split()
    for path in (f"{CC}metadata/{CC}schema", f"{CC}metadata/{CC}schemaversion"):
        assert manifest.findtext(path) == expected.findtext(path)


def test_cartridge_pages_carry_canvas_page_metadata():
    entries, manifest = cartridge(sample("water-watchers"))
    for resource in manifest.iter(f"{CC}resource"):
        if resource.get("type") != "webcontent":
            continue
        html = entries[resource.get("href")].decode()
        assert f'<meta name="identifier" content="{resource.get("identifier")}">' in html
        assert '<meta name="workflow_state" content="unpublished">' in html
        assert html.count("<h1") == 1 and "<main>" in html and '<html lang="en">' in html
        assert "<title>" in html


def test_cartridge_canvas_modules_point_at_the_pages():
    entries, manifest = cartridge(sample("water-watchers"))
    pages = page_ids(manifest)
    modules = ElementTree.fromstring(entries["course_settings/module_meta.xml"])
    assert modules.tag == f"{CANVAS}modules"
    found = [m.findtext(f"{CANVAS}title") for m in modules.findall(f"{CANVAS}module")]
    assert found == [
        "Water Watchers: Caring for Alder Creek – Overview",
        "Water Watchers: Caring for Alder Creek – Performance tasks",
        "Water Watchers: Caring for Alder Creek – Rubrics",
    ]
    refs = [i.findtext(f"{CANVAS}identifierref") for i in modules.iter(f"{CANVAS}item")]
    assert sorted(refs) == sorted(pages)
    assert {i.findtext(f"{CANVAS}content_type") for i in modules.iter(f"{CANVAS}item")} == {
        "WikiPage"
    }
    identifiers = [m.get("identifier") for m in modules.iter() if m.get("identifier")]
    assert all(NCNAME.match(i) for i in identifiers) and len(set(identifiers)) == len(identifiers)


def test_cartridge_canvas_rubrics():
    unit = sample("water-watchers")
    entries, _ = cartridge(unit)
    rubrics = ElementTree.fromstring(entries["course_settings/rubrics.xml"])
    assert rubrics.tag == f"{CANVAS}rubrics"
    nodes = rubrics.findall(f"{CANVAS}rubric")
    assert [n.findtext(f"{CANVAS}title") for n in nodes] == [r.title for r in unit.rubrics]
    assert all(NCNAME.match(n.get("identifier")) for n in nodes)
    claim = nodes[1]  # Field Guide Page Rubric: 4 levels, 1-4 points, 3 criteria
    assert claim.findtext(f"{CANVAS}points_possible") == str(4 * len(unit.rubrics[1].criteria))
    assert claim.findtext(f"{CANVAS}hide_score_total") == "false"
    criterion = claim.find(f"{CANVAS}criteria/{CANVAS}criterion")
    assert criterion.findtext(f"{CANVAS}criterion_id") == "habitat-claim-statement"
    assert criterion.findtext(f"{CANVAS}points") == "4"
    assert criterion.findtext(f"{CANVAS}long_description") == "Competencies: 3-LS4-3"
    ratings = criterion.findall(f"{CANVAS}ratings/{CANVAS}rating")
    assert [r.findtext(f"{CANVAS}description") for r in ratings] == [
        "Advanced", "Proficient", "Developing", "Beginning",
    ]  # fmt: skip
    assert [r.findtext(f"{CANVAS}points") for r in ratings] == ["4", "3", "2", "1"]
    teacher = unit.rubrics[1].criteria[0].descriptors[-1].teacher
    assert ratings[0].findtext(f"{CANVAS}long_description") == teacher
    assert {r.findtext(f"{CANVAS}criterion_id") for r in ratings} == {"habitat-claim-statement"}
    single = nodes[0]  # single-point, no points: ordinal points, score total hidden
    assert single.findtext(f"{CANVAS}hide_score_total") == "true"


def test_cartridge_without_rubrics_has_no_canvas_rubrics_file():
    unit = Unit(id="bare", title="Bare unit")
    entries, manifest = cartridge(unit)
    assert "course_settings/rubrics.xml" not in entries
    assert sorted(entries) == [
        "course_settings/canvas_export.txt",
        "course_settings/module_meta.xml",
        "imsmanifest.xml",
        "wiki_content/bare-overview.html",
    ]
    assert len(list(manifest.iter(f"{CC}item"))) == 3  # root, overview folder, overview page


def test_cartridge_of_a_hostile_unit_is_well_formed_and_inert():
    unit = hostile()
    entries, _ = cartridge(unit)
    for name, data in entries.items():
        if name.endswith(".xml"):
            ElementTree.fromstring(data)  # every XML file stays well-formed
        if name.endswith(".html"):
            assert b"<script" not in data.lower(), name
            assert active_markup(data.decode("utf-8")) == [], name


# --------------------------------------------------------------------------- safety, all formats


HTML_FORMATS = [name for name, fmt in EXPORTS.items() if fmt.suffix.endswith(".html")]


def test_the_hostile_unit_is_hostile_everywhere():
    unit, used = hostile_unit(sample("water-watchers"))
    values = text_values(unit)
    assert len(payloads()) >= 100
    assert used == set(range(len(payloads())))  # every payload went into some field
    as_labels = {" ".join(p.split("\n")) for p in payloads()}
    assert values and all(v in payloads() or v in as_labels for v in values)
    assert unit.identity.derived_from is not None  # optional parts were created and filled
    assert unit.id == "water-watchers" and unit.tasks[0].id == "creek-critter-survey"


@pytest.mark.parametrize("name", [*HTML_FORMATS, "cartridge"])
def test_no_markup_from_text_survives_in_html_outputs(name):
    unit = hostile_unit(sample("water-watchers"), all_in_text=True)[0]
    try:
        data = export_unit(unit, name)
    except ModuleNotFoundError as exc:
        pytest.skip(f"{name}: {exc}")
    pages = (
        [v for k, v in zip_entries(data).items() if k.endswith(".html")]
        if name == "cartridge"
        else [data]
    )
    for page in pages:
        assert b"<script" not in page.lower()
        problems = active_markup(page.decode("utf-8"))
        if name != "unit-html" and name != "cartridge":  # others' pages: report, don't judge
            problems = [p for p in problems if p != "<img>"]
        assert problems == []
        assert b"&lt;script&gt;alert(1)&lt;/script&gt;" in page  # rendered, as text


def test_hostile_unit_one_pager_is_deterministic():
    unit = hostile()
    assert unit_html.export(unit) == unit_html.export(unit)
    assert unit_docx.export(unit) == unit_docx.export(unit)
    assert common_cartridge.export(unit) == common_cartridge.export(unit)


def test_exports_are_registered():
    assert EXPORTS["unit-html"].function() is unit_html.export
    assert EXPORTS["unit-docx"].function() is unit_docx.export
    assert EXPORTS["cartridge"].function() is common_cartridge.export
    assert Path(EXPORTS["cartridge"].file_name(sample("water-watchers"))).suffix == ".imscc"
