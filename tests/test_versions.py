"""Schema versions: older files upgrade through the converter chain; newer ones are refused."""

from __future__ import annotations

import shutil

import pytest

from pbl_author.formats.unitfile import dumps, load_unit, read_unit_data
from pbl_author.model import SCHEMA_VERSION, DocumentError, parse_unit
from pbl_author.model.converters import CONVERTERS

from .conftest import DATA
from .golden_files import check_golden

V0 = sorted((DATA / "v0").glob("*.unit.yaml"))
GOLDEN = DATA.parent / "golden" / "upgrade"


def test_every_older_version_has_a_converter():
    assert sorted(CONVERTERS) == list(range(SCHEMA_VERSION))


@pytest.mark.parametrize("path", V0, ids=lambda p: p.name)
def test_version_0_upgrades_to_the_golden_file(path):
    check_golden(GOLDEN / path.name, dumps(load_unit(path)))


def test_upgraded_unit_keeps_everything_version_0_said():
    unit = load_unit(DATA / "v0" / "garden-v0.unit.yaml")
    assert unit.title == "Our School Garden"
    assert [a.name for a in unit.identity.authors] == ["Dana Whitfield", "Luis Ortega"]
    assert unit.identity.grades == ["4", "5"]
    assert unit.identity.duration.weeks == 5
    assert [c.ref for c in unit.competencies] == [
        "ngss-elem:4-LS1-1",
        "4cs:collaboration",
        "casel:responsible-decision-making",
    ]
    plan = unit.task("garden-plan")
    assert plan.mode == "team"
    assert ("4cs:collaboration", "assess") in {(a.competency, a.level) for a in plan.alignments}
    guide = unit.task("pollinator-field-guide")
    assert guide.grasps.standards == "Accurate structures and functions; clear evidence."
    assert guide.rubric == "field-guide-rubric"
    assert [p.kind for p in unit.path.phases] == [
        "launch",
        "build_knowledge",
        "develop_and_critique",
        "present",
    ]
    assert unit.path.phases[2].milestones[0].tasks == ["garden-plan"]
    rubric = unit.rubric("field-guide-rubric")
    assert [lv.points for lv in rubric.levels] == [1, 2, 3, 4]
    assert rubric.criteria[1].competencies == ["4cs:collaboration"]
    assert unit.public_product.audiences == ["School facilities team", "PTA"]
    assert str(unit.public_product.date) == "2027-05-14"
    assert len(unit.reflection.prompts) == 2


def test_upgraded_file_is_current_and_stable():
    unit = load_unit(DATA / "v0" / "garden-v0.unit.yaml")
    again = parse_unit(read_unit_data_from_text(dumps(unit)))
    assert again == unit


def read_unit_data_from_text(text: str):
    from pbl_author.formats import unit_yaml

    return unit_yaml.loads(text)


def test_newer_version_is_refused_with_an_upgrade_hint():
    with pytest.raises(DocumentError) as caught:
        parse_unit({"schema_version": SCHEMA_VERSION + 1, "id": "x", "title": "X"})
    assert "upgrade pbl-author" in str(caught.value)


def test_cli_upgrade_rewrites_old_files_and_keeps_a_backup(tmp_path, cli):
    target = tmp_path / "garden.unit.yaml"
    shutil.copyfile(DATA / "v0" / "garden-v0.unit.yaml", target)
    original = target.read_bytes()

    result = cli("upgrade", str(tmp_path))

    assert result.code == 0, result.err
    assert "schema version 0 -> 1" in result.out
    assert read_unit_data(target)["schema_version"] == SCHEMA_VERSION
    assert (tmp_path / "garden.unit.yaml.bak").read_bytes() == original
    assert target.read_text(encoding="utf-8") == (GOLDEN / "garden-v0.unit.yaml").read_text(
        encoding="utf-8"
    )

    again = cli("upgrade", str(target))
    assert again.code == 0
    assert "current" in again.out


def test_cli_upgrade_dry_run_writes_nothing(tmp_path, cli):
    target = tmp_path / "garden.unit.yaml"
    shutil.copyfile(DATA / "v0" / "garden-v0.unit.yaml", target)
    before = target.read_bytes()
    result = cli("upgrade", "--dry-run", str(target))
    assert result.code == 0
    assert "would upgrade" in result.out
    assert target.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["garden.unit.yaml"]
