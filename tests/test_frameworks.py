"""Built-in frameworks and framework files."""

from __future__ import annotations

import pytest

from pbl_author.frameworks import builtin_frameworks, embed_competency, load_framework
from pbl_author.model import DocumentError, parse_framework

FOUR_CS = ["collaboration", "communication", "creativity", "critical-thinking"]
CASEL = [
    "self-awareness",
    "self-management",
    "social-awareness",
    "relationship-skills",
    "responsible-decision-making",
]


def test_the_4cs_each_have_indicators_and_four_level_descriptors():
    framework = builtin_frameworks()["4cs"]
    assert [item.id for item in framework.children(None)] == FOUR_CS
    levels = [level.id for level in framework.scale]
    assert len(levels) == 4
    for item in framework.children(None):
        assert len(item.indicators) >= 3, item.id
        assert [d.level for d in item.descriptors] == levels, item.id
        assert all(len(d.text) > 20 for d in item.descriptors)


def test_casel_five_have_sub_skills_and_level_descriptors():
    framework = builtin_frameworks()["casel"]
    assert [item.id for item in framework.children(None)] == CASEL
    levels = [level.id for level in framework.scale]
    for item in framework.children(None):
        assert [d.level for d in item.descriptors] == levels, item.id
        assert len(framework.children(item.id)) >= 3, item.id


@pytest.mark.parametrize("framework_id", ["4cs", "casel"])
def test_built_in_frameworks_name_their_sources(framework_id):
    source = builtin_frameworks()[framework_id].source
    assert source.name and source.license
    assert "own words" in source.note


def test_embedding_copies_code_statement_and_descriptors_by_level_title():
    framework = builtin_frameworks()["casel"]
    copy = embed_competency(framework, "self-awareness")
    assert copy.ref == "casel:self-awareness"
    assert copy.code == "SEL.SA"
    assert copy.statement == framework.item("self-awareness").statement
    assert [d.level for d in copy.descriptors] == [level.title for level in framework.scale]


def test_embedding_an_unknown_item_fails():
    with pytest.raises(KeyError):
        embed_competency(builtin_frameworks()["4cs"], "grit")


def _framework(items, scale=()):
    return {"schema_version": 1, "id": "net", "title": "Network", "scale": list(scale),
            "items": items}  # fmt: skip


def test_parent_cycles_are_reported():
    with pytest.raises(DocumentError) as caught:
        parse_framework(
            _framework(
                [
                    {"id": "a", "statement": "A", "parent": "c"},
                    {"id": "b", "statement": "B", "parent": "a"},
                    {"id": "c", "statement": "C", "parent": "b"},
                ]
            )
        )
    assert [str(p) for p in caught.value.problems] == [
        "items[0].parent: parent links form a cycle: a -> c -> b -> a"
    ]


def test_unknown_parent_duplicate_ids_and_unknown_levels_are_reported():
    with pytest.raises(DocumentError) as caught:
        parse_framework(
            _framework(
                [
                    {"id": "speaking", "statement": "A"},
                    {"id": "speaking", "statement": "B"},
                    {"id": "c", "statement": "C", "parent": "speakin"},
                    {"id": "d", "statement": "D", "descriptors": [{"level": "pro", "text": "x"}]},
                ],
                scale=[{"id": "proficient", "title": "Proficient"}],
            )
        )
    assert [str(p) for p in caught.value.problems] == [
        "items[1].id: duplicate id 'speaking' (also items[0])",
        "items[2].parent: unknown parent 'speakin'; did you mean 'speaking'?",
        "items[3].descriptors[0].level: unknown level 'pro' (not in the scale); "
        "did you mean 'proficient'?",
    ]


def test_newer_framework_schema_is_refused():
    with pytest.raises(DocumentError) as caught:
        parse_framework({"schema_version": 9, "id": "x", "title": "X"})
    assert "not supported" in str(caught.value)


def test_framework_file_errors_name_the_file(tmp_path):
    path = tmp_path / "bad.framework.yaml"
    path.write_text("schema_version: 1\nid: Bad Id\ntitle: X\n")
    with pytest.raises(DocumentError) as caught:
        load_framework(path)
    assert str(caught.value).startswith(f"{path}: id: 'Bad Id' is not a valid framework id")


def test_a_framework_equals_its_copy_after_lookups():
    framework = builtin_frameworks()["casel"]
    copy = framework.model_copy(deep=True)
    framework.item("self-awareness")
    assert framework == copy
    assert framework.item("sm-set-goals").parent == "self-management"
