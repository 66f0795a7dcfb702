"""Every invalid unit file gets its exact, readable message; exit 2; nothing written."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from .conftest import DATA

CORPUS = DATA / "invalid"
CASES = sorted(
    path for path in CORPUS.iterdir() if path.name.endswith((".unit.yaml", ".unit.json"))
)


def _snapshot(folder: Path) -> dict[str, tuple[int, bytes]]:
    return {
        str(p.relative_to(folder)): (p.stat().st_mtime_ns, p.read_bytes())
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def _expected(case: Path) -> list[str]:
    name = case.name.removesuffix(".unit.yaml").removesuffix(".unit.json")
    return (CORPUS / f"{name}.expected").read_text(encoding="utf-8").splitlines()


def test_the_corpus_is_large_and_every_case_has_its_message():
    assert len(CASES) >= 40
    for case in CASES:
        assert _expected(case), case.name


def test_the_base_unit_of_the_corpus_is_valid(cli):
    result = cli("validate", str(DATA / "creek-study.unit.yaml"))
    assert result.code == 0, result.err


@pytest.mark.parametrize("case", CASES, ids=lambda p: p.name)
def test_invalid_file_gets_its_exact_message(case, tmp_path, cli):
    target = tmp_path / case.name
    shutil.copyfile(case, target)
    before = _snapshot(tmp_path)

    result = cli("validate", str(target))

    assert result.code == 2
    assert "Traceback" not in result.err + result.out
    problems = [line for line in result.err.splitlines() if line]
    assert problems == [f"{target}: {line}" for line in _expected(case)]
    assert _snapshot(tmp_path) == before


@pytest.mark.parametrize("case", CASES, ids=lambda p: p.name)
def test_upgrade_refuses_invalid_file_and_writes_nothing(case, tmp_path, cli):
    target = tmp_path / case.name
    shutil.copyfile(case, target)
    before = _snapshot(tmp_path)

    result = cli("upgrade", str(target))

    assert result.code == 2
    assert "Traceback" not in result.err + result.out
    assert f"{target}: {_expected(case)[0]}" in result.err.splitlines()
    assert _snapshot(tmp_path) == before


def test_a_10_mb_string_is_refused_before_parsing(tmp_path, cli):
    target = tmp_path / "huge.unit.yaml"
    base = (DATA / "creek-study.unit.yaml").read_text(encoding="utf-8")
    target.write_text(base + "public_product:\n  description: " + "x" * (10 * 1024 * 1024) + "\n")
    before = _snapshot(tmp_path)

    result = cli("validate", str(target))

    assert result.code == 2
    assert result.err.splitlines() == [
        f"{target}: the file is 10.0 MB; pbl-author reads files up to 5.0 MB"
    ]
    assert _snapshot(tmp_path) == before
