"""``pbl-author frameworks``: list, import, show, search, export, and the store."""

from __future__ import annotations

import shutil

import pytest

from pbl_author.frameworks import load_framework
from pbl_author.frameworks.store import FrameworkStore

from ..conftest import DATA, SAMPLES

MATH = SAMPLES / "frameworks" / "ccss-math-7.framework.yaml"
MALFORMED = sorted(
    path
    for kind in ("case", "moodle", "canvas")
    for path in (DATA / kind / "invalid").glob("*")
    if path.suffix in (".json", ".csv")
)


def _files(folder):
    return sorted(p.name for p in folder.rglob("*")) if folder.exists() else []


def test_import_list_show_and_export_a_framework(tmp_path, cli):
    store = tmp_path / "store"
    result = cli("frameworks", "import", str(MATH), "--store", str(store))
    assert result.code == 0, result.err
    assert result.out.startswith("imported 'ccss-math-7': Mathematics standards sample")
    assert FrameworkStore(store).load("ccss-math-7") == load_framework(MATH)

    listed = cli("frameworks", "list", "--store", str(store))
    assert listed.out.splitlines()[0].startswith("ccss-math-7  ")
    assert "(14 items, 5 top-level; imported)" in listed.out
    assert "4cs " in listed.out and "casel " in listed.out

    shown = cli("frameworks", "show", "ccss-math-7", "--store", str(store))
    assert shown.code == 0
    assert "  7.RP.A.2  " in shown.out  # a standard, indented under its domain

    target = tmp_path / "out.framework.json"
    exported = cli("frameworks", "export", "ccss-math-7", "--to", "pbl", "-o", str(target),
                   "--store", str(store))  # fmt: skip
    assert exported.code == 0, exported.err
    assert load_framework(target) == load_framework(MATH)


def test_import_goes_to_the_user_store_by_default(tmp_path, cli, monkeypatch):
    monkeypatch.setenv("PBL_AUTHOR_FRAMEWORKS", str(tmp_path / "mine"))
    assert cli("frameworks", "import", str(MATH)).code == 0
    assert (tmp_path / "mine" / "ccss-math-7.framework.json").exists()
    assert "ccss-math-7" in cli("frameworks", "list").out


def test_import_never_replaces_silently(tmp_path, cli):
    store = tmp_path / "store"
    assert cli("frameworks", "import", str(MATH), "--store", str(store)).code == 0
    again = cli("frameworks", "import", str(MATH), "--store", str(store))
    assert again.code == 2
    assert "already imported" in again.err and "--replace" in again.err
    assert cli("frameworks", "import", str(MATH), "--store", str(store), "--replace").code == 0
    renamed = cli("frameworks", "import", str(MATH), "--store", str(store), "--id", "math7")
    assert renamed.code == 0
    assert FrameworkStore(store).load("math7").id == "math7"


def test_built_in_ids_are_protected(tmp_path, cli):
    source = tmp_path / "fake.framework.yaml"
    source.write_text("schema_version: 1\nid: casel\ntitle: Not CASEL\n")
    result = cli("frameworks", "import", str(source), "--store", str(tmp_path / "s"))
    assert result.code == 2
    assert "built-in framework" in result.err
    assert _files(tmp_path / "s") == []


def test_unknown_framework_suggests_a_known_one(cli):
    result = cli("frameworks", "show", "cassel")
    assert result.code == 2
    assert result.err.strip() == "unknown framework 'cassel'; did you mean 'casel'?"


def test_unknown_format_is_a_clear_error(tmp_path, cli):
    source = tmp_path / "notes.txt"
    source.write_text("just some notes\n")
    result = cli("frameworks", "import", str(source), "--store", str(tmp_path / "s"))
    assert result.code == 2
    assert result.err.strip() == (
        f"{source}: cannot tell which framework format this is; name it with --format "
        "(pbl, case, moodle, canvas)"
    )


def test_missing_file(tmp_path, cli):
    result = cli("frameworks", "import", str(tmp_path / "nope.json"), "--store", str(tmp_path))
    assert result.code == 2
    assert result.err.strip() == f"{tmp_path / 'nope.json'}: no such file"


@pytest.mark.parametrize("case", MALFORMED, ids=lambda p: f"{p.parent.parent.name}/{p.name}")
def test_malformed_file_gets_its_exact_message_and_nothing_is_written(case, tmp_path, cli):
    target = tmp_path / case.name
    shutil.copyfile(case, target)
    store = tmp_path / "store"
    expected = case.with_suffix(".expected").read_text(encoding="utf-8").splitlines()

    result = cli("frameworks", "import", str(target), "--store", str(store))

    assert result.code == 2
    assert "Traceback" not in result.err
    assert result.err.splitlines() == [f"{target}: {line}" for line in expected]
    assert _files(store) == []


def test_there_are_at_least_30_malformed_fixtures():
    assert len(MALFORMED) >= 30
    for kind in ("case", "moodle", "canvas"):
        assert len([p for p in MALFORMED if p.parent.parent.name == kind]) >= 10, kind
