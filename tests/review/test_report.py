"""The coach's review report: one view, three formats (HTML, DOCX, PDF).

Every sample unit gets a review file with comments of every kind on tasks, milestones,
rubric criteria and section anchors, a reply, two conflicting versions of a comment, a
comment on an element the unit no longer has, one the teacher's revision touched, and
decided, undecided and conflicting scores (``report_data``). Every comment must reach
every format; hostile text stays inert; the same input gives the same bytes; the HTML
of each sample matches its golden file (``PBL_REGEN_GOLDEN=1`` rewrites them).
"""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
from functools import cache
from itertools import pairwise
from pathlib import Path

import docx
import pytest
from lxml import html as lxml_html

from pbl_author.files.yamltext import load_yaml
from pbl_author.formats.unitfile import load_unit
from pbl_author.model import DocumentError
from pbl_author.model.review import DesignCriterion, DesignLevel, DesignRubric
from pbl_author.review.files import (
    dumps_review_file,
    empty_review_file,
    make_comment,
    new_review,
    parse_review_file,
)
from pbl_author.review.report import (
    NO_REVIEWS,
    NOT_DECIDED,
    REPORT_FORMATS,
    build_report,
    render_report,
)

from ..conftest import sample_unit_paths
from ..golden_files import check_golden
from .report_data import (
    COMMENT_TEXTS,
    REMOVED_TEXT,
    REVISED_TEXT,
    VARIANT_A,
    XSS_TEXT,
    review_file_for,
)

GOLDEN = Path(__file__).resolve().parent.parent / "golden" / "review_report"
SAMPLES = {path.name.removesuffix(".unit.yaml"): path for path in sample_unit_paths()}
FORMATS = list(REPORT_FORMATS)
MARKS = (
    "changed since this comment",
    "no longer in the unit",
    "conflicting version 1 of 2 of comment c6",
    "conflicting version 2 of 2 of comment c6",
    "Conflicting scores: a merge kept more than one",
    NOT_DECIDED,
    "Evidence for an educator micro-credential",
)


@cache
def unit(name: str):
    return load_unit(SAMPLES[name])


@cache
def rendered(name: str, fmt: str, hostile: bool = True) -> bytes:
    return render_report(review_file_for(unit(name), hostile=hostile), unit(name), fmt)


def flat(text: str) -> str:
    return " ".join(text.split())


# -- reading the formats back --------------------------------------------------------------


def html_text(data: bytes) -> str:
    return flat(lxml_html.fromstring(data.decode("utf-8")).body.text_content())


def docx_text(data: bytes) -> str:
    document = docx.Document(io.BytesIO(data))
    parts = [paragraph.text for paragraph in document.paragraphs]

    def cells(table):
        for row in table.rows:
            for cell in row.cells:
                parts.extend(paragraph.text for paragraph in cell.paragraphs)
                for inner in cell.tables:
                    cells(inner)

    for table in document.tables:
        cells(table)
    return flat("\n".join(parts))


def pdf_text(data: bytes, tmp_path: Path) -> str:
    """The PDF's text by poppler's pdftotext, page footers taken out."""
    tool = shutil.which("pdftotext")
    if tool is None:
        if os.environ.get("CI"):
            pytest.fail("pdftotext (poppler-utils) is missing in CI")
        pytest.skip("pdftotext (poppler) is not installed; apt-get install poppler-utils")
    path = tmp_path / "report.pdf"
    path.write_bytes(data)
    result = subprocess.run(
        [tool, "-enc", "UTF-8", str(path), "-"], capture_output=True, check=True
    )
    text = result.stdout.decode("utf-8")
    text = re.sub(r"^Review report: .* · page \d+$", "", text, flags=re.MULTILINE)
    return flat(text)


def text_of(fmt: str, data: bytes, tmp_path: Path) -> str:
    if fmt == "html":
        return html_text(data)
    if fmt == "docx":
        return docx_text(data)
    return pdf_text(data, tmp_path)


# -- every comment in every format ---------------------------------------------------------


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("name", list(SAMPLES))
def test_every_comment_and_mark_reaches_every_format(name, fmt, tmp_path):
    text = text_of(fmt, rendered(name, fmt), tmp_path)
    for comment in (*COMMENT_TEXTS, XSS_TEXT):
        assert flat(comment) in text, f"{fmt}: missing comment {comment!r}"
    for mark in MARKS:
        assert mark in text, f"{fmt}: missing {mark!r}"
    sample = unit(name)
    assert f"Task: {sample.tasks[0].title}" in text
    assert "Reply from Sam Teacher, 2025-03-06" in text
    assert "Move the formative check earlier." in text
    assert "protocol: another copy says 'Charrette'" in text


@pytest.mark.parametrize("fmt", FORMATS)
def test_same_input_same_bytes(fmt):
    sample = unit("water-watchers")
    first = render_report(review_file_for(sample, hostile=True), sample, fmt)
    again = render_report(review_file_for(load_unit(SAMPLES["water-watchers"]), hostile=True),
                          sample, fmt)  # fmt: skip
    assert first == again
    assert first == rendered("water-watchers", fmt)


@pytest.mark.parametrize("name", list(SAMPLES))
def test_html_matches_its_golden_file(name):
    data = rendered(name, "html", hostile=False)
    check_golden(GOLDEN / f"{name}.review-report.html", data)


def test_a_saved_and_reloaded_review_file_gives_the_same_report():
    sample = unit("voices-of-our-town")
    reviews = review_file_for(sample, hostile=True)
    reloaded = parse_review_file(load_yaml(dumps_review_file(reviews)))
    for fmt in FORMATS:
        assert render_report(reloaded, sample, fmt) == rendered("voices-of-our-town", fmt)


# -- the view ------------------------------------------------------------------------------


def test_report_view_places_states_scores_and_credential():
    sample = unit("budget-for-our-school")
    report = build_report(review_file_for(sample), sample)
    coach, colleague = report.reviews
    assert coach.current and "the current version" in coach.version_text
    assert not colleague.current and "not the current version" in colleague.version_text
    assert coach.status_text == "Submitted" and colleague.status_text == "Draft"

    comments = {c.text: c for s in coach.sections for e in s.elements for c in e.comments}
    assert comments[REVISED_TEXT].state == "revised"
    assert comments[REMOVED_TEXT].state == "removed"
    assert comments[VARIANT_A].variant_text.startswith("conflicting version 1 of 2")
    assert [s.title for s in coach.sections][-1] == "No longer in the unit"
    kinds = {c.kind for c in comments.values()}
    assert kinds == {"warm", "cool", "question", "suggestion"}

    decided = [s for s in coach.scores if s.decided]
    assert len(decided) == 4 and all(s.descriptor for s in decided)
    assert {s.level for s in coach.scores if not s.decided} == {NOT_DECIDED}
    assert sum(s.conflict for s in coach.scores) == 2
    assert all(not s.decided for s in colleague.scores)

    credential = report.credential
    assert credential.rubric == "Project design rubric"
    assert credential.levels == ("Beginning", "Developing", "Demonstrating")
    reached = {r.criterion: r.levels for r in credential.reached}
    assert reached["Sustained inquiry"] == (
        ("Developing", "by Ana Ruiz (Instructional coach), 2025-03-04"),
    )
    assert reached["Authenticity"] == ()
    assert len(reached["Alignment of goals, tasks and rubrics"]) == 2
    assert "version 1.0.0" in credential.evidence and report.unit_hash in credential.evidence
    assert credential.reviewers[1].endswith("2025-02-20; draft")


def test_another_networks_rubric_shows_ids_for_reviews_scored_with_the_shipped_one():
    sample = unit("water-watchers")
    own = DesignRubric(
        id="network-rubric",
        title="Network design rubric",
        levels=[DesignLevel(id="no", title="Not yet"), DesignLevel(id="yes", title="Yes")],
        criteria=[DesignCriterion(id="authenticity", title="Real work", descriptors={})],
    )
    reviews = review_file_for(sample)
    new_review(reviews, sample, "Kim Lee", rubric=own)
    report = build_report(reviews, sample, own)
    shipped, _, network = report.reviews
    assert shipped.rubric_title == "pbl-author-design (not available here)"
    assert shipped.scores[0].criterion == "challenging-question"
    assert network.rubric_title == "Network design rubric"
    assert [s.criterion for s in network.scores] == ["Real work"]
    assert network.scores[0].suggested == "Yes"
    assert [r.criterion for r in report.credential.reached] == ["Real work"]


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_review_file_without_reviews_says_so(fmt, tmp_path):
    sample = unit("water-watchers")
    data = render_report(empty_review_file(sample), sample, fmt)
    text = text_of(fmt, data, tmp_path)
    assert NO_REVIEWS in text
    assert "Evidence for an educator micro-credential" in text


def test_a_review_file_of_another_unit_is_refused():
    reviews = review_file_for(unit("water-watchers"))
    with pytest.raises(DocumentError, match="is for unit 'water-watchers'"):
        render_report(reviews, unit("voices-of-our-town"), "html")


def test_unknown_format_is_refused():
    sample = unit("water-watchers")
    with pytest.raises(ValueError, match="html, docx, pdf"):
        render_report(empty_review_file(sample), sample, "odt")


# -- HTML: safe and accessible -------------------------------------------------------------


def test_html_renders_hostile_comments_inert():
    data = rendered("design-for-a-client", "html")
    page = lxml_html.fromstring(data.decode("utf-8"))
    assert b"<script" not in data.lower()
    assert not page.xpath("//script | //img | //iframe | //object | //embed")
    for element in page.iter():
        if not isinstance(element.tag, str):
            continue
        assert not [name for name in element.attrib if name.lower().startswith("on")]
        href = element.get("href", "")
        assert not href.strip().lower().startswith(("javascript:", "data:", "vbscript:"))
    assert "<script>alert('x')</script>" in html_text(data)  # shown as text


def test_html_outline_and_tables():
    data = rendered("design-for-a-client", "html")
    page = lxml_html.fromstring(data.decode("utf-8"))
    assert page.get("lang") == "en"
    assert len(page.xpath("//h1")) == 1
    levels = [int(h.tag[1]) for h in page.iter("h1", "h2", "h3", "h4", "h5", "h6")]
    assert levels[0] == 1
    assert all(b <= a + 1 for a, b in pairwise(levels)), levels
    tables = page.xpath("//table")
    assert len(tables) == 3  # two reviews' scores and the levels reached
    for table in tables:
        assert table.xpath("./caption")
        assert all(th.get("scope") in ("col", "row") for th in table.iter("th"))
    ids = page.xpath("//@id")
    assert len(ids) == len(set(ids))


# -- DOCX and PDF files --------------------------------------------------------------------


def test_docx_has_fixed_properties_and_headings():
    document = docx.Document(io.BytesIO(rendered("design-for-a-client", "docx")))
    core = document.core_properties
    assert core.created.year == 1980 and core.modified.year == 1980
    assert core.last_modified_by == "pbl-author"
    assert core.author == "Ana Ruiz; Lee Park"
    assert core.title.startswith("Review report: Design for a Client")
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert headings == [
        "Review by Ana Ruiz, 2025-03-04",
        "Review by Lee Park, 2025-02-20",
        "Evidence for an educator micro-credential",
    ]


def test_pdf_has_fixed_metadata_and_embeds_dejavu():
    data = rendered("design-for-a-client", "pdf")
    assert data.startswith(b"%PDF-")
    assert b"/CreationDate (D:20000101000000Z" in data
    assert b"/ModDate" not in data
    assert b"/Producer (pbl-author)" in data
    assert b"/FontFile2" in data and b"DejaVuSans" in data
    assert b"/MediaBox [0 0 595.28 841.89]" in data  # portrait A4


def test_pdf_runs_long_text_over_pages_and_prints_it_as_written(tmp_path):
    sample = unit("water-watchers")
    reviews = review_file_for(sample)
    review = reviews.reviews[0]
    long_text = " ".join(["A very long comment that goes on."] * 550) + " The very end."
    review.comments = [
        *review.comments,
        make_comment(review, sample, "unit", long_text, "cool"),
        make_comment(review, sample, "unit", "Ελληνικά, Русский, Čeština {nb}", "warm"),
    ]
    review.scores[2] = review.scores[2].model_copy(update={"evidence": long_text})
    data = render_report(reviews, sample, "pdf")
    assert len(re.findall(rb"/Type\s*/Page\b(?!s)", data)) > 8
    text = pdf_text(data, tmp_path)
    assert text.count("The very end.") == 2  # the comment and the evidence, both whole
    assert "Ελληνικά, Русский, Čeština {nb}" in text
