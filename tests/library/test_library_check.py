"""``pbl-author library check DIR``: a network's CI gate over its library of units."""

from __future__ import annotations

import json
import shutil

import pytest

from ..conftest import SAMPLES


@pytest.fixture
def library(tmp_path):
    """A copy of the samples (with their frameworks/ folder) as a library."""
    root = tmp_path / "library"
    shutil.copytree(SAMPLES, root)
    return root


def test_the_sample_library_passes(cli, library):
    result = cli("library", "check", str(library))
    assert result.code == 0, result.err
    assert result.out.splitlines()[-1] == "4 unit(s) checked: 0 error(s), 0 warning(s), 0 note(s)"


def test_a_unit_whose_framework_the_library_lacks_fails_the_check(cli, library):
    shutil.rmtree(library / "frameworks")
    result = cli("library", "check", str(library), "--format", "json")
    assert result.code == 1
    report = json.loads(result.out)
    (water,) = [u for u in report["units"] if u["unit_id"] == "water-watchers"]
    finding = water["findings"][0]
    assert finding == {
        "rule": "library-framework",
        "severity": "error",
        "message": "competency 'ngss-elem:3-LS4-3' is from framework 'ngss-elem', "
        "which the library does not have",
        "element": "goals",
        "path": "competencies[0].ref",
        "hint": "add the framework file to the library's frameworks/ folder, "
        "or list it under frameworks: in library.yaml",
    }
    assert report["errors"] == sum(
        f["severity"] == "error" for u in report["units"] for f in u["findings"]
    )


def test_frameworks_listed_in_library_yaml_resolve(cli, library):
    (library / "frameworks").rename(library / "vendor")
    names = sorted(p.name for p in (library / "vendor").iterdir())
    listed = "\n".join(f"- vendor/{name}" for name in names)
    (library / "library.yaml").write_text(f"title: Cedar\nframeworks:\n{listed}\n", "utf-8")
    assert cli("library", "check", str(library)).code == 0


def test_the_library_check_configuration_applies(cli, library):
    data = (library / "water-watchers.unit.yaml").read_text(encoding="utf-8")
    (library / "water-watchers.unit.yaml").write_text(
        data.replace("  date: '2027-04-22'\n  format:", "  format:"), encoding="utf-8"
    )
    (library / "library.yaml").write_text(
        "checks:\n  severity: {public-date: error}\n", encoding="utf-8"
    )
    result = cli("library", "check", str(library), "--format", "json")
    assert result.code == 1
    (water,) = [u for u in json.loads(result.out)["units"] if u["unit_id"] == "water-watchers"]
    assert [(f["rule"], f["severity"]) for f in water["findings"]] == [("public-date", "error")]


def test_a_broken_unit_is_named_and_the_others_are_checked(cli, library):
    (library / "broken.unit.yaml").write_text("id: broken\ntitle: [unclosed\n", encoding="utf-8")
    result = cli("library", "check", str(library))
    assert result.code == 2
    assert result.err.startswith("broken.unit.yaml: line ")
    assert result.out.count("ok  ") == 4


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "checks:\n  disable: [dq-scop]\n",
            "library.yaml: checks.disable[0]: unknown rule 'dq-scop'; did you mean 'dq-scope'?",
        ),
        (
            "frameworks: [vendor/none.framework.yaml]\n",
            "library.yaml: frameworks[0]: no such file: vendor/none.framework.yaml "
            "(paths start at the library)",
        ),
        (
            "facets: [grade, subject]\n",
            "library.yaml: facets[0]: 'grade' is not one of: grade-band, subject, duration, "
            "competency, framework; did you mean 'grade-band'?",
        ),
    ],
)
def test_a_bad_library_yaml_says_what_and_where(cli, library, text, message):
    (library / "library.yaml").write_text(text, encoding="utf-8")
    result = cli("library", "check", str(library))
    assert result.code == 2
    assert result.err.strip().endswith(message)


def test_a_folder_without_units_or_not_a_folder(cli, tmp_path):
    empty = cli("library", "check", str(tmp_path))
    assert (empty.code, empty.err.strip()) == (
        2,
        f"pbl-author: error: no unit files (NAME.unit.yaml or NAME.unit.json) in '{tmp_path}'",
    )
    missing = cli("library", "check", str(tmp_path / "nope"))
    assert missing.code == 2
    assert "is not a folder" in missing.err
