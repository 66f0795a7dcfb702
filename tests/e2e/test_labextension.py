"""The prebuilt JupyterLab extension in a real browser, inside ``pbl-author studio``.

- the launcher card "PBL Unit" (section "Teaching") creates ``Untitled.designer.ipynb``
  beside a new ``Untitled.unit.yaml``, runs its one cell and shows the designer; a second
  click in the same folder gives ``Untitled1.*``;
- the palette command "New PBL Unit" does the same in the file browser's folder;
- "Open in PBL designer" on a ``*.unit.yaml`` file in the file browser opens
  ``NAME.designer.ipynb`` beside it and runs it; other files do not offer the item.

Each test works in a fresh subfolder of the studio workspace, in its own Lab workspace.
"""

from __future__ import annotations

import json
import shutil
import time
import uuid
from pathlib import Path

import pytest

pytestmark = pytest.mark.e2e

DESIGNER_IMPORT = "import pbl_author.designer as designer"


def fresh_folder(studio) -> Path:
    folder = studio["workspace"] / f"labext-{uuid.uuid4().hex[:8]}"
    folder.mkdir()
    return folder


def open_lab(page, studio, folder: Path) -> None:
    from playwright.sync_api import expect

    from .conftest import TOKEN

    workspace = uuid.uuid4().hex[:8]
    page.goto(f"{studio['url']}/lab/workspaces/{workspace}/tree/{folder.name}?reset&token={TOKEN}")
    expect(page.locator(".jp-FileBrowser .jp-BreadCrumbs")).to_contain_text(folder.name)


def launcher_card(page, folder: Path):
    from playwright.sync_api import expect

    launcher = page.locator(".jp-Launcher:visible")
    expect(launcher.locator(".jp-Launcher-cwd")).to_contain_text(folder.name)
    section = launcher.locator(".jp-Launcher-section").filter(
        has=page.locator(".jp-Launcher-sectionTitle", has_text="Teaching")
    )
    card = section.locator(".jp-LauncherCard", has_text="PBL Unit")
    expect(card).to_be_visible()
    return card


def expect_designer_ran(page, tab_name: str) -> None:
    """The current tab is ``tab_name``; its one cell ran and shows the designer."""
    from playwright.sync_api import expect

    current = page.locator(".lm-DockPanel-tabBar .lm-TabBar-tab.lm-mod-current")
    expect(current).to_contain_text(tab_name)
    panel = page.locator(".jp-NotebookPanel:not(.lm-mod-hidden)")
    cells = panel.locator(".jp-Cell")
    expect(cells).to_have_count(1)
    expect(cells.first.locator(".jp-InputArea-editor")).to_contain_text(DESIGNER_IMPORT)
    expect(cells.first.locator(".jp-InputPrompt")).to_have_text("[1]:")
    expect(panel.locator(".jp-OutputArea-output .pbl-designer").first).to_be_visible()


def saved_notebook(path: Path, timeout: float = 30) -> dict:
    """The notebook on disk once it has been saved with its cell's output."""
    deadline = time.monotonic() + timeout
    while True:
        if path.exists():
            try:
                notebook = json.loads(path.read_text(encoding="utf-8"))
            except json.JSONDecodeError:  # caught mid-write
                notebook = None
            if notebook and notebook["cells"] and notebook["cells"][0].get("execution_count"):
                return notebook
        if time.monotonic() > deadline:
            raise AssertionError(f"{path} was not saved with an executed cell in {timeout}s")
        time.sleep(0.2)


def expect_cell_source(path: Path, source: str) -> None:
    notebook = saved_notebook(path)
    assert notebook["nbformat"] == 4
    assert notebook["nbformat_minor"] >= 5
    assert notebook["metadata"]["kernelspec"]["name"] == "python3"
    assert len(notebook["cells"]) == 1
    cell = notebook["cells"][0]
    assert cell["cell_type"] == "code"
    assert "".join(cell["source"]) == source
    assert cell["execution_count"] == 1


def new_unit_source(name: str) -> str:
    return f'{DESIGNER_IMPORT}\n\ndesigner.open("{name}", create=True)'


def test_launcher_card_creates_a_unit_and_runs_its_designer(page, studio, artifacts):
    folder = fresh_folder(studio)
    open_lab(page, studio, folder)
    card = launcher_card(page, folder)
    card.scroll_into_view_if_needed()
    page.screenshot(path=str(artifacts / "labext-launcher.png"))
    card.click()

    expect_designer_ran(page, "Untitled.designer.ipynb")
    page.screenshot(path=str(artifacts / "labext-new-unit.png"))
    expect_cell_source(folder / "Untitled.designer.ipynb", new_unit_source("Untitled.unit.yaml"))
    assert (folder / "Untitled.unit.yaml").is_file()

    # A second card click in the same folder takes the next free name.
    page.locator(".jp-FileBrowser [data-command='launcher:create']").click()
    launcher_card(page, folder).click()
    expect_designer_ran(page, "Untitled1.designer.ipynb")
    expect_cell_source(folder / "Untitled1.designer.ipynb", new_unit_source("Untitled1.unit.yaml"))
    assert (folder / "Untitled1.unit.yaml").is_file()
    assert not list(folder.glob("Untitled2*"))


def test_palette_command_creates_a_unit_in_the_browsed_folder(page, studio, artifacts):
    from playwright.sync_api import expect

    folder = fresh_folder(studio)
    # A unit already named Untitled (and no notebook): the command must skip to Untitled1.
    shutil.copy(studio["workspace"] / "water-watchers.unit.yaml", folder / "Untitled.unit.yaml")
    open_lab(page, studio, folder)
    launcher_card(page, folder)  # Lab is up

    page.locator(".jp-Launcher:visible").click()
    page.keyboard.press("Control+Shift+C")
    palette_input = page.locator(".lm-CommandPalette-input")
    expect(palette_input).to_be_visible()
    palette_input.fill("PBL Unit")
    item = page.locator(".lm-CommandPalette-item", has_text="New PBL Unit")
    expect(item).to_be_visible()
    expect(page.locator(".lm-CommandPalette-item.lm-mod-active")).to_contain_text("New PBL Unit")
    page.screenshot(path=str(artifacts / "labext-palette.png"))
    palette_input.press("Enter")

    expect_designer_ran(page, "Untitled1.designer.ipynb")
    expect_cell_source(folder / "Untitled1.designer.ipynb", new_unit_source("Untitled1.unit.yaml"))
    assert (folder / "Untitled1.unit.yaml").is_file()
    assert not (folder / "Untitled.designer.ipynb").exists()
    assert not (studio["workspace"] / "Untitled.designer.ipynb").exists()


def test_open_in_designer_on_a_unit_file_only(page, studio, artifacts):
    from playwright.sync_api import expect

    folder = fresh_folder(studio)
    shutil.copy(studio["workspace"] / "water-watchers.unit.yaml", folder)
    (folder / "notes.yaml").write_text("just: notes\n", encoding="utf-8")
    open_lab(page, studio, folder)
    listing = page.locator(".jp-DirListing-content")
    menu_item = page.locator(".lm-Menu-item", has_text="Open in PBL designer")

    # A plain YAML file does not offer the item.
    listing.get_by_text("notes.yaml", exact=True).click(button="right")
    expect(page.locator(".lm-Menu").first).to_be_visible()
    expect(page.locator(".lm-Menu-item", has_text="Open")).not_to_have_count(0)
    expect(menu_item).to_have_count(0)
    page.keyboard.press("Escape")
    expect(page.locator(".lm-Menu")).to_have_count(0)

    unit = listing.get_by_text("water-watchers.unit.yaml", exact=True)
    unit.click(button="right")
    expect(menu_item).to_be_visible()
    page.screenshot(path=str(artifacts / "labext-context-menu.png"))
    menu_item.click()

    expect_designer_ran(page, "water-watchers.designer.ipynb")
    page.screenshot(path=str(artifacts / "labext-open-in-designer.png"))
    expect_cell_source(
        folder / "water-watchers.designer.ipynb",
        f'{DESIGNER_IMPORT}\n\ndesigner.open("water-watchers.unit.yaml")',
    )


def test_unit_files_still_open_in_the_text_editor(page, studio):
    """Registering the ``pbl-unit`` file type keeps the YAML editor as the default viewer."""
    from playwright.sync_api import expect

    folder = fresh_folder(studio)
    shutil.copy(studio["workspace"] / "water-watchers.unit.yaml", folder)
    open_lab(page, studio, folder)
    item = page.locator(".jp-DirListing-item[data-file-type='pbl-unit']")
    expect(item).to_have_count(1)
    item.dblclick()
    editor = page.locator(".jp-FileEditor:not(.lm-mod-hidden) .cm-content")
    expect(editor).to_contain_text("Water Watchers: Caring for Alder Creek")
