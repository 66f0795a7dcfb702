"""The wheel carries what an installed pbl-author needs: templates, samples, frameworks, schemas."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile

import pytest

from .conftest import ROOT, sample_unit_paths, template_paths


@pytest.fixture(scope="module")
def wheel(tmp_path_factory):
    out = tmp_path_factory.mktemp("dist")
    subprocess.run(
        [sys.executable, "-m", "hatchling", "build", "-t", "wheel", "-d", str(out)],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    (path,) = out.glob("pbl_author-*.whl")
    return path


def test_wheel_holds_templates_samples_frameworks_and_schemas(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    for path in template_paths():
        assert f"pbl_author/_bundled/templates/{path.name}" in names
    for path in sample_unit_paths():
        assert f"pbl_author/_bundled/sample_units/{path.name}" in names
    assert "pbl_author/frameworks/data/4cs.framework.yaml" in names
    assert "pbl_author/frameworks/data/casel.framework.yaml" in names
    assert "pbl_author/schemas/unit.v1.schema.json" in names
    assert "pbl_author/schemas/review.v1.schema.json" in names
    assert "pbl_author/review/data/protocols.yaml" in names
    assert "pbl_author/checks/data/design_rubric.yaml" in names
    for font in ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf", "LICENSE"):
        assert f"pbl_author/render/fonts/{font}" in names
    templates = ("pbl.css", "rubrics.html.j2", "rubric.css", "unit.html.j2", "unit.css")
    reviews = ("review_report.html.j2", "review_report.css", "unit_diff.html.j2")
    for template in templates + reviews:
        assert f"pbl_author/_bundled/templates/export/{template}" in names


def test_installed_package_creates_units_from_its_bundled_templates(wheel, tmp_path):
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    env = dict(os.environ, PYTHONPATH=str(site))
    code = (
        "import pbl_author.resources as r, sys\n"
        "assert '_bundled' in str(r.templates_dir()), r.templates_dir()\n"
        "from pbl_author.cli import main\n"
        "sys.exit(main(['new', 'From the wheel', '-o', sys.argv[1]]))\n"
    )
    target = tmp_path / "wheel.unit.yaml"
    result = subprocess.run(
        [sys.executable, "-c", code, str(target)], env=env, capture_output=True, text=True,
        cwd=tmp_path,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "title: From the wheel" in target.read_text(encoding="utf-8")
