"""What a teacher sees after ``make studio``: JupyterLab open on their units."""

from __future__ import annotations

import pytest

from ..conftest import sample_unit_paths

pytestmark = pytest.mark.e2e


def test_studio_opens_jupyterlab_on_the_sample_units(page, studio, artifacts):
    from playwright.sync_api import expect

    from .conftest import TOKEN

    # The workspace was seeded and checked before JupyterLab started.
    log = studio["log"].read_text()
    assert "0 invalid" in log, log[-2000:]
    assert "Seeded" in log
    for sample in sample_unit_paths():
        assert (studio["workspace"] / sample.name).exists()

    # Opening the server's front page lands on the first sample unit.
    page.goto(f"{studio['url']}/?token={TOKEN}")
    listing = page.locator(".jp-DirListing-content")
    for sample in sample_unit_paths():
        expect(listing.get_by_text(sample.name, exact=True)).to_be_visible()
    editor = page.locator(".jp-FileEditor:not(.lm-mod-hidden) .cm-content")
    expect(editor).to_contain_text("Water Watchers: Caring for Alder Creek")
    expect(editor).to_contain_text("schema_version: 1")
    page.screenshot(path=str(artifacts / "studio.png"))
