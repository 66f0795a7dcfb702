"""Shared fixtures: paths of the repository's corpora and an in-process CLI runner."""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

import pytest

from pbl_author.cli import main

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "sample_units"
TEMPLATES = ROOT / "templates"
DATA = Path(__file__).resolve().parent / "data"
SHARED = ROOT.parent / "shared"


def sample_unit_paths() -> list[Path]:
    return sorted(SAMPLES.glob("*.unit.yaml"))


def template_paths() -> list[Path]:
    return sorted(TEMPLATES.glob("*.unit.yaml"))


@pytest.fixture(autouse=True)
def _private_framework_store(tmp_path_factory, monkeypatch):
    """No test reads or writes the real user's framework store."""
    monkeypatch.setenv("PBL_AUTHOR_FRAMEWORKS", str(tmp_path_factory.mktemp("frameworks")))


@dataclass
class CliResult:
    code: int
    out: str
    err: str


@pytest.fixture
def cli():
    """Run ``pbl-author`` in-process: ``cli("validate", "x.unit.yaml")``."""

    def run(*argv: str) -> CliResult:
        out, err = io.StringIO(), io.StringIO()
        code = main(list(argv), out=out, err=err)
        return CliResult(code, out.getvalue(), err.getvalue())

    return run
