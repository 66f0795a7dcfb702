"""The fast YAML reader gives exactly the reference reader's data, or leaves the
document to it; never a different answer."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pbl_author.files.yamlfast import fast_load
from pbl_author.files.yamltext import _slow_load, dump_yaml, load_yaml

from .conftest import ROOT

YAML_FILES = sorted(
    path
    for pattern in (
        "sample_units/**/*.yaml",
        "templates/*.yaml",
        "tests/**/*.yaml",
        "src/**/*.yaml",
    )
    for path in ROOT.glob(pattern)
)


def _same(fast, slow) -> bool:
    return fast == slow and repr(fast) == repr(slow)  # repr: 1 is not 1.0 nor True


def _reference(text: str):
    try:
        return _slow_load(text)
    except Exception as exc:  # the reference refuses it
        return exc


@pytest.mark.parametrize("path", YAML_FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_yaml_file_reads_the_same(path):
    text = path.read_text(encoding="utf-8", errors="replace")
    fast = fast_load(text)
    if fast is None:
        return  # left to the reference reader
    slow = _reference(text)
    assert not isinstance(slow, Exception), f"the fast reader accepted what {slow!r} refuses"
    assert _same(fast, slow)


def test_the_fast_reader_takes_the_sample_units():
    samples = [p for p in YAML_FILES if p.parent.name == "sample_units"]
    assert samples and all(fast_load(p.read_text(encoding="utf-8")) for p in samples)


TRICKY = [
    "a: yes", "a: no", "a: on", "a: off", "a: y", "a: ~", "a: null", "a: Null", "a:",
    "a: true", "a: True", "a: TRUE", "a: 017", "a: 0o17", "a: 0x1F", "a: 1_000", "a: 1:30",
    "a: 3.0", "a: .inf", "a: -.Inf", "a: .nan", "a: 1e3", "a: 1.5e-3", "a: +12", "a: -0",
    "a: 2026-11-22", "a: 2026-11-22T10:00:00Z", "a: '2026-11-22'", "a: 2026-02-30",
    "a: 0b101", "a: 12:30:00", "a: =", "a: <<", "a: !!str 3", "a: &x 1\nb: *x",
    "<<: {a: 1}", "a: 1\na: 2", "? [a]\n: 1", "%YAML 1.1\n---\na: yes", "a: 1\n---\nb: 2",
    "a: 'it''s'", 'a: "tab\\there \\u00e9 \\/"', "a: |\n  one\n  two\n", "a: >-\n  one\n  two\n",
    "a: |+\n  keep\n\n", "a: plain\n  continued", "- [1, 2, {b: c}]", "a: {b: [1, 2]}",
    "1: one", "null: x", "true: x", "a: \"\\x41\"", "a: b #c", "a: 'b #c'", "a:\n- 1\n- - 2",
    "a: é", "a: 𝄞", "\ufeffa: 1", "a: !custom 1", "- !!binary aGk=", "a: !!set {x}",
    "[" * 50 + "]" * 50,
]  # fmt: skip


@pytest.mark.parametrize("text", TRICKY)
def test_tricky_scalars_and_structures_agree(text):
    fast = fast_load(text)
    if fast is None:
        return
    slow = _reference(text)
    assert not isinstance(slow, Exception), f"fast accepted what the reference refuses: {slow!r}"
    assert _same(fast, slow), (fast, slow)


#: Text a unit can hold (no control characters but line breaks and tabs).
words = st.text(
    st.characters(exclude_categories=("Cc", "Cs"), include_characters="\n\t"), max_size=30
)
scalars = st.one_of(
    words,
    st.integers(min_value=-(10**12), max_value=10**12),
    st.floats(allow_nan=False, allow_infinity=False),
    st.booleans(),
    st.none(),
    st.sampled_from(["yes", "no", "on", "0o17", "017", "1:30", "2026-11-22", "1_000", "~"]),
    st.dates(dt.date(1990, 1, 1), dt.date(2100, 1, 1)).map(dt.date.isoformat),
)
documents = st.recursive(
    scalars,
    lambda children: st.one_of(
        st.lists(children, max_size=4),
        st.dictionaries(words.filter(bool), children, max_size=4),
    ),
    max_leaves=25,
)


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(words.filter(bool), documents, min_size=1, max_size=5))
def test_generated_documents_read_the_same(data):
    text = dump_yaml(data)
    assert _same(load_yaml(text), _slow_load(text))


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from([*TRICKY, "b: 1", "c: [x, y]", "d:\n  e: f", "- g"]), max_size=4))
def test_generated_texts_never_disagree(lines):
    text = "\n".join(lines)
    fast = fast_load(text)
    if fast is None:
        return
    slow = _reference(text)
    assert not isinstance(slow, Exception)
    assert _same(fast, slow)
