"""What a teacher sees after ``make studio``: JupyterLab open on the welcome notebook,
with the designer showing a sample unit."""

from __future__ import annotations

import pytest

from ..conftest import sample_unit_paths

pytestmark = pytest.mark.e2e


def test_make_studio_opens_jupyterlab_with_the_designer_visible(page, studio, artifacts):
    from playwright.sync_api import expect

    from .conftest import TOKEN

    # The workspace was seeded and checked before JupyterLab started.
    log = studio["log"].read_text()
    assert "0 invalid" in log, log[-2000:]
    assert "Seeded" in log
    for sample in sample_unit_paths():
        assert (studio["workspace"] / sample.name).exists()
    assert (studio["workspace"] / "Welcome.ipynb").exists()

    # The server's front page is the welcome notebook; its cell runs on open and the
    # designer shows the first sample unit.
    page.goto(f"{studio['url']}/?token={TOKEN}")
    listing = page.locator(".jp-DirListing-content")
    for sample in sample_unit_paths():
        expect(listing.get_by_text(sample.name, exact=True)).to_be_visible()
    designer = page.locator(".pbl-designer")
    expect(designer).to_be_visible()
    expect(designer).to_contain_text("water-watchers.unit.yaml")
    expect(designer.get_by_label("Title", exact=True)).to_have_value(
        "Water Watchers: Caring for Alder Creek"
    )
    page.screenshot(path=str(artifacts / "studio.png"))


def test_autorun_never_runs_other_code(page, studio, artifacts):
    """A notebook asking to autorun whose code is not exactly a designer call stays unrun."""
    import time
    import uuid

    import nbformat
    from playwright.sync_api import expect

    from .conftest import TOKEN

    notebook = nbformat.v4.new_notebook(
        cells=[nbformat.v4.new_code_cell("open('ran.txt', 'w').write('ran')", id="sneaky")]
    )
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3"}
    notebook.metadata["pbl_author"] = {"role": "welcome", "autorun": True}
    (studio["workspace"] / "sneaky.ipynb").write_text(nbformat.writes(notebook), "utf-8")
    fresh = uuid.uuid4().hex[:8]
    page.goto(f"{studio['url']}/lab/workspaces/{fresh}/tree/sneaky.ipynb?reset&token={TOKEN}")
    cell = page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-Cell").first
    expect(cell).to_be_visible()
    expect(page.locator("#jp-main-statusbar")).to_contain_text("| Idle")
    time.sleep(2)
    expect(cell.locator(".jp-InputPrompt")).to_have_text("[ ]:")
    assert not (studio["workspace"] / "ran.txt").exists()
