"""What a teacher does in a real browser: design a unit in the designer, in JupyterLab
(from the "PBL Unit" launcher card) and in the Voilà app, then export it.

Each flow fills the basics and a driving question, adds a task, aligns it to a 4Cs
competency by typing in the picker, drafts its rubric, exports, and finds the exported
notebook and rubric HTML on disk. One run does the basics step by keyboard alone.
axe-core checks the designer's own region. Screenshots of every step go to the
artifacts folder (``E2E_ARTIFACTS``; ``test-artifacts/`` in CI, ignored by git).
"""

from __future__ import annotations

import json
import sys
import time
import uuid
from pathlib import Path

import pytest

from .conftest import TOKEN, free_port, hermetic_env, serving
from .test_accessibility import WCAG_TAGS, axe_source, summary

pytestmark = pytest.mark.e2e

TITLE = "Creek Keepers"
QUESTION = "How can we, as creek keepers, show the city what our creek needs to stay healthy?"


def wait_for(predicate, timeout: float = 30.0, what: str = "condition"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what}")


def shot(page, folder: Path, name: str) -> None:
    page.screenshot(path=str(folder / f"{name}.png"))


class DesignerPage:
    """The designer as a person sees it: labels, buttons, lists."""

    def __init__(self, page, shots: Path, prefix: str):
        from playwright.sync_api import expect

        self.page, self.shots, self.prefix, self.expect = page, shots, prefix, expect
        self.root = page.locator(".pbl-designer").last
        expect(self.root).to_be_visible()

    def shot(self, name: str) -> None:
        shot(self.page, self.shots, f"{self.prefix}-{name}")

    def step(self, title: str) -> None:
        self.root.locator(".pbl-nav").get_by_role("button", name=title).click()
        self.expect(self.root.locator(".pbl-step-title")).to_have_text(title.split(". ", 1)[1])

    def fill(self, label: str, text: str) -> None:
        box = self.root.locator(".pbl-step").get_by_label(label, exact=True).first
        box.fill(text)

    def basics(self) -> None:
        self.fill("Title", TITLE)
        self.fill("Summary", "Students test the creek's water and advise the city.")
        self.shot("1-basics")

    def question(self) -> None:
        self.root.get_by_role("button", name="Next").click()
        self.fill("Driving question", QUESTION)
        feedback = self.root.locator(".pbl-dq-feedback")
        self.expect(feedback).to_contain_text("passes the design checks")
        self.shot("2-question")

    def task_with_alignment(self) -> None:
        self.step("4. Performance tasks")
        self.root.get_by_role("button", name="Add task").click()
        self.fill("Title", "Creek health report")
        self.shot("4-task")
        picker = self.root.locator(".pbl-picker")
        query = picker.locator(".pbl-picker-query input")
        query.click()
        query.press_sequentially("collaborat", delay=40)
        results = picker.locator(".pbl-picker-results select")
        # the 4Cs item is among the results (a workspace's own frameworks may rank first)
        option = results.locator("option", has_text="4C.COL").first
        self.expect(option).to_be_attached()
        results.select_option(label=option.text_content().strip())
        picker.get_by_role("button", name="Align to this task").click()
        aligned = self.root.get_by_label("Aligned to", exact=True)
        self.expect(aligned.locator("option")).to_contain_text(["4cs:collaboration · Assess"])
        self.expect(self.root.locator(".pbl-heatmap")).to_contain_text("4C.COL")
        self.shot("4-aligned")

    def rubric(self) -> None:
        self.step("7. Rubrics")
        self.root.get_by_role("button", name="Draft rubric from alignments").click()
        grid = self.root.locator(".pbl-rubric-grid")
        self.expect(grid.locator("textarea").first).to_be_visible()
        self.shot("7-rubric")

    def export(self) -> None:
        self.step("8. Review and export")
        self.root.locator(".pbl-export-button").click()
        self.expect(self.root.locator(".pbl-export-links")).to_contain_text("rubrics.html")
        self.shot("8-export")


def check_exports(folder: Path, unit_id: str, unit_file: str) -> None:
    notebook = folder / f"{unit_id}.ipynb"
    rubrics = folder / f"{unit_id}.rubrics.html"
    wait_for(lambda: notebook.exists() and rubrics.exists(), what="exported files")
    data = json.loads(notebook.read_text(encoding="utf-8"))
    unit = data["metadata"]["pbl_author"]["unit"]
    assert unit["title"] == TITLE
    assert unit["framing"]["driving_question"] == QUESTION
    assert unit["tasks"][0]["alignments"] == [
        {"competency": "4cs:collaboration", "level": "assess"}
    ]
    page = rubrics.read_text(encoding="utf-8")
    assert "Creek health report rubric" in page and "4C.COL" in page
    saved = (folder / unit_file).read_text(encoding="utf-8")
    assert f"title: {TITLE}" in saved and "rubric: task-rubric" in saved


def axe_region(page, selector: str) -> list[dict]:
    page.evaluate(axe_source())
    result = page.evaluate(
        "([selector, tags]) => axe.run({include: [selector]}, {runOnly: {type: 'tag',"
        " values: tags}, resultTypes: ['violations']})",
        [selector, WCAG_TAGS],
    )
    return result["violations"]


def open_from_launcher(page, studio, folder_name: str):
    from playwright.sync_api import expect

    folder = studio["workspace"] / folder_name
    folder.mkdir()
    page.goto(f"{studio['url']}/lab/workspaces/{uuid.uuid4().hex[:8]}/tree/{folder_name}"
              f"?reset&token={TOKEN}")  # fmt: skip
    launcher = page.locator(".jp-Launcher:visible")
    expect(launcher.locator(".jp-Launcher-cwd")).to_contain_text(folder_name)
    section = launcher.locator(".jp-Launcher-section").filter(
        has=page.locator(".jp-Launcher-sectionTitle", has_text="Teaching")
    )
    section.locator(".jp-LauncherCard", has_text="PBL Unit").click()
    return folder


def test_design_a_unit_in_jupyterlab_from_the_launcher(page, studio, artifacts):
    folder = open_from_launcher(page, studio, "lab-flow")
    designer = DesignerPage(page, artifacts, "lab")
    designer.basics()
    designer.question()
    designer.task_with_alignment()
    designer.rubric()

    violations = axe_region(page, ".pbl-designer")
    assert not violations, summary(violations)

    designer.export()
    check_exports(folder, "untitled", "Untitled.unit.yaml")


def tab_to(page, label: str, limit: int = 60) -> None:
    """Press Tab until the control labelled ``label`` has the focus."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(
            """(label) => { const el = document.activeElement;
                 if (!el) return false;
                 const named = [...(el.labels || [])].some(l => l.textContent.trim() === label);
                 return named || (el.tagName === 'BUTTON' && el.textContent.trim() === label); }""",
            label,
        ):
            return
    raise AssertionError(f"could not reach {label!r} with the Tab key")


def test_the_basics_step_by_keyboard_alone(page, studio, artifacts):
    from playwright.sync_api import expect

    folder = open_from_launcher(page, studio, "keyboard-flow")
    designer = DesignerPage(page, artifacts, "keyboard")
    # Start on the stepper's first button, then only keys.
    designer.root.locator(".pbl-nav").get_by_role("button", name="1. Basics").focus()
    tab_to(page, "Title")
    page.keyboard.press("Control+A")
    page.keyboard.type(TITLE)
    tab_to(page, "Summary")
    page.keyboard.type("Students test the creek's water and advise the city.")
    tab_to(page, "Grades")
    page.keyboard.press("End")  # the last grade in the list ("AE")...
    page.keyboard.press("Home")  # ...then the first ("PK"): a keyboard selection
    tab_to(page, "Weeks")
    page.keyboard.type("5")
    tab_to(page, "Licence")
    page.keyboard.type("CC-BY-4.0")
    tab_to(page, "Next")
    page.keyboard.press("Enter")
    expect(designer.root.locator(".pbl-step-title")).to_have_text("Driving question and launch")
    designer.shot("keyboard-basics-done")
    unit_file = folder / "Untitled.unit.yaml"
    saved = wait_for(
        lambda: (
            "weeks: 5" in unit_file.read_text(encoding="utf-8")
            and unit_file.read_text(encoding="utf-8")
        ),
        what="the autosave of the basics",
    )
    assert f"title: {TITLE}" in saved
    assert "license: CC-BY-4.0" in saved
    assert "- PK" in saved


@pytest.fixture(scope="module")
def voila_app(tmp_path_factory, artifacts):
    """``pbl-author studio --app`` (Voilà) on a fresh workspace, on a free port."""
    root = tmp_path_factory.mktemp("voila")
    workspace = root / "pbl-units"
    env = hermetic_env(root)
    port = free_port()
    log = root / "voila.log"
    command = [
        sys.executable, "-m", "pbl_author.cli", "studio", str(workspace), "--app",
        "--no-browser", "--port", str(port), "--", "--Voila.ip=127.0.0.1",
    ]  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    with serving(command, root=root, env=env, ready_url=url + "/", log=log, artifacts=artifacts):
        yield {"url": url, "workspace": workspace, "log": log}


def test_design_a_unit_in_the_voila_app(page, voila_app, artifacts):
    from playwright.sync_api import expect

    page.goto(voila_app["url"] + "/")
    home = page.locator(".pbl-home")
    expect(home).to_be_visible()
    assert "import pbl_author" not in page.content()  # app mode: no code shown
    home.get_by_label("New unit name", exact=True).fill("creek keepers")
    home.get_by_role("button", name="Create").click()
    designer = DesignerPage(page, artifacts, "voila")
    designer.basics()
    designer.question()
    designer.task_with_alignment()
    designer.rubric()
    designer.export()
    check_exports(voila_app["workspace"], "creek-keepers", "creek-keepers.unit.yaml")
