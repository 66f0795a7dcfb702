"""The canonical YAML writer and the safe reader."""

from __future__ import annotations

import pytest

from pbl_author.files.yamltext import dump_yaml, load_yaml
from pbl_author.model import DocumentError


def test_multi_line_text_is_a_block_scalar_and_keys_keep_their_order():
    text = dump_yaml({"title": "T", "summary": "line one\nline two\n", "a": 1})
    assert text == "title: T\nsummary: |\n  line one\n  line two\na: 1\n"


def test_words_other_yaml_readers_take_for_booleans_are_quoted():
    text = dump_yaml({"a": "yes", "b": "No", "c": "on", "d": "null", "e": ""})
    assert text == "a: 'yes'\nb: 'No'\nc: 'on'\nd: 'null'\ne: ''\n"
    assert load_yaml(text) == {"a": "yes", "b": "No", "c": "on", "d": "null", "e": ""}


def test_long_lines_are_never_folded():
    long = "word " * 100
    assert dump_yaml({"a": long.strip()}).count("\n") == 1


def test_dates_stay_text_for_the_model_to_check():
    assert load_yaml("d: 2027-05-14\n") == {"d": "2027-05-14"}


@pytest.mark.parametrize(
    "text",
    [
        "a: &x 1\nb: *x\n",
        "a: !!python/name:os.system ''\n",
        "a: 1\na: 2\n",
        "---\na: 1\n---\nb: 2\n",
    ],
)
def test_unsafe_or_ambiguous_yaml_is_refused(text):
    with pytest.raises(DocumentError):
        load_yaml(text)


def test_loading_never_calls_python(tmp_path):
    marker = tmp_path / "pwned"
    text = f"a: !!python/object/apply:os.system ['touch {marker}']\n"
    with pytest.raises(DocumentError):
        load_yaml(text)
    assert not marker.exists()
