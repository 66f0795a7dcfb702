"""What a coach does in a real browser: open a shared unit in the reviewer (in
JupyterLab), comment on a performance task and choose a design-rubric level, and the
review file on disk holds both at once."""

from __future__ import annotations

import re
import shutil
import time
import uuid

import nbformat
import pytest

from pbl_author.formats.unitfile import load_unit
from pbl_author.review.files import load_review_file

from .conftest import REPO, TOKEN
from .test_accessibility import summary
from .test_designer_flow import axe_region

pytestmark = pytest.mark.e2e

SOURCE = 'from pbl_author import review\nreview.open("water-watchers.unit.yaml", reviewer="Ana")'
COMMENT = "Could the survey data go to the city as well as to the Friends of Alder Creek?"


def wait_for(predicate, timeout: float = 30.0, what: str = "condition"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            value = predicate()
        except (OSError, ValueError):  # the file is being replaced or not there yet
            value = None
        if value:
            return value
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what}")


def seed(folder) -> str:
    """The sample unit and a notebook whose one cell opens the reviewer; the first task's id."""
    folder.mkdir()
    unit_file = folder / "water-watchers.unit.yaml"
    shutil.copyfile(REPO / "sample_units" / "water-watchers.unit.yaml", unit_file)
    notebook = nbformat.v4.new_notebook()
    notebook.cells = [nbformat.v4.new_code_cell(SOURCE, id="open-reviewer")]
    notebook.metadata["kernelspec"] = {
        "name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python",
    }  # fmt: skip
    nbformat.write(notebook, folder / "review.ipynb")
    return load_unit(unit_file).tasks[0].id


def test_a_coach_comments_and_scores_in_jupyterlab(page, studio, artifacts):
    from playwright.sync_api import expect

    folder = studio["workspace"] / "review-flow"
    first_task = seed(folder)
    page.goto(f"{studio['url']}/lab/workspaces/{uuid.uuid4().hex[:8]}/tree/review-flow/"
              f"review.ipynb?reset&token={TOKEN}")  # fmt: skip
    panel = page.locator(".jp-NotebookPanel:not(.lm-mod-hidden)")
    expect(panel.locator(".jp-Cell").first).to_be_visible()
    kernel = page.locator('#jp-main-statusbar [title^="Change kernel"]')
    expect(kernel).to_have_text(re.compile(r"\(ipykernel\) \| Idle"))
    panel.locator(".jp-Cell .jp-InputArea-editor").first.click()
    page.keyboard.press("Shift+Enter")

    root = panel.locator(".pbl-reviewer")
    expect(root).to_be_visible()
    expect(root.locator(".pbl-save-status")).to_contain_text("All changes saved")
    page.screenshot(path=str(artifacts / "review-0-open.png"))
    root.locator(".pbl-section-choice").get_by_label("Section").select_option(
        label="Performance tasks"
    )
    task = root.locator(".pbl-section-tasks .pbl-element").first
    expect(task).to_have_class(re.compile(rf"\bpbl-anchor-{first_task}\b"))
    task.get_by_label("Comment", exact=True).fill(COMMENT)
    task.get_by_role("button", name="Add comment").click()
    expect(task.locator(".pbl-comment")).to_contain_text(COMMENT)
    page.screenshot(path=str(artifacts / "review-1-comment.png"))

    root.locator(".pbl-parts").get_by_role("button", name="Design rubric").click()
    criterion = root.locator(".pbl-criterion-authenticity")
    criterion.get_by_label("Developing", exact=True).check()
    expect(criterion.get_by_label("Developing", exact=True)).to_be_checked()
    page.screenshot(path=str(artifacts / "review-2-rubric.png"))
    violations = axe_region(page, ".pbl-reviewer")
    assert not violations, summary(violations)

    review_file = folder / "water-watchers.review.yaml"

    def saved():
        review = load_review_file(review_file).reviews[0]
        scores = {s.criterion: s.level for s in review.scores}
        return review.comments and scores["authenticity"] and review

    review = wait_for(saved, what="the comment and the score in the review file")
    assert review.reviewer == "Ana"
    assert [(c.anchor, c.text, c.author) for c in review.comments] == [(first_task, COMMENT, "Ana")]
    levels = {s.criterion: s.level for s in review.scores}
    assert levels["authenticity"] == "developing"
    assert [c for c, level in levels.items() if level] == ["authenticity"]  # nothing else chosen
