"""The committed JupyterLab bundle is present, well formed and built from the current sources.

No Node is needed: ``scripts/labext_stamp.py --check`` compares a hash of the
TypeScript, package.json, tsconfig.json, yarn.lock and .yarnrc.yml with the
one recorded by the last ``jlpm build:prod``.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import ROOT

SCRIPT = ROOT / "scripts" / "labext_stamp.py"
BUNDLE = ROOT / "src" / "pbl_author" / "labextension"
INPUTS = ("src/index.ts", "package.json", "tsconfig.json", "yarn.lock", ".yarnrc.yml")


def check(root: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(SCRIPT), "--check", "--root", str(root)],
        capture_output=True,
        text=True,
    )


@pytest.fixture
def copy(tmp_path) -> Path:
    """The stamp, its inputs and the bundle, copied into a scratch tree."""
    for rel in (*INPUTS, "labextension.stamp"):
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(ROOT / rel, tmp_path / rel)
    shutil.copytree(BUNDLE, tmp_path / "src" / "pbl_author" / "labextension")
    return tmp_path


def test_committed_bundle_matches_its_sources():
    result = subprocess.run(
        [sys.executable, str(SCRIPT), "--check"], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_check_passes_on_an_unchanged_copy(copy):
    result = check(copy)
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("rel", INPUTS)
def test_check_fails_when_an_input_changes(copy, rel):
    path = copy / rel
    path.write_bytes(path.read_bytes() + b"\n// edited\n")
    result = check(copy)
    assert result.returncode == 1
    assert "STALE" in result.stderr
    assert "jlpm build:prod" in result.stderr


def test_check_ignores_line_endings(copy):
    path = copy / "src" / "index.ts"
    path.write_bytes(path.read_bytes().replace(b"\n", b"\r\n"))
    assert check(copy).returncode == 0


def test_check_fails_without_stamp_or_bundle(copy):
    (copy / "labextension.stamp").unlink()
    assert check(copy).returncode == 1
    shutil.rmtree(copy / "src" / "pbl_author" / "labextension")
    result = check(copy)
    assert result.returncode == 1
    assert "package.json is missing" in result.stderr


def test_check_fails_on_a_development_build(copy):
    static = copy / "src" / "pbl_author" / "labextension" / "static"
    (static / "remoteEntry.0123.js.map").write_text("{}")
    result = check(copy)
    assert result.returncode == 1
    assert "development build" in result.stderr


def test_bundle_names_the_package_and_its_entry_point_exists():
    meta = json.loads((BUNDLE / "package.json").read_text(encoding="utf-8"))
    assert meta["name"] == "pbl-author"
    assert meta["jupyterlab"]["extension"] is True
    entry = meta["jupyterlab"]["_build"]["load"]
    assert entry.startswith("static/remoteEntry.")
    assert (BUNDLE / entry).is_file()
    install = json.loads((ROOT / "install.json").read_text(encoding="utf-8"))
    assert install["packageName"] == "pbl-author"


def test_python_package_points_develop_at_the_bundle():
    import pbl_author

    (path,) = pbl_author._jupyter_labextension_paths()
    assert path["dest"] == "pbl-author"
    assert (ROOT / "src" / "pbl_author" / path["src"] / "package.json").is_file()
