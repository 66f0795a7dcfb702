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
