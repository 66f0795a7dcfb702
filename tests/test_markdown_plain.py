"""The plain-line shortcut of the Markdown renderer gives exactly what the parser gives."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from pbl_author.render import markdown as md

ALPHABET = st.sampled_from(list("aZé ß9 ,.;:?!'\"()%$/+=@-_*`[]<>&#|~\\\n1.)Ω中"))


def _slow_block(text: str) -> str:
    if not text.strip():
        return ""
    return md.offline_html(
        md._sanitize(md.markdown_parser().render(text), md.ALLOWED_TAGS), heading=1
    )


def _slow_inline(text: str) -> str:
    if not text.strip():
        return ""
    rendered = md._sanitize(md.markdown_parser().renderInline(text), md.INLINE_TAGS)
    return md.offline_html(rendered, tags=md.INLINE_TAGS)


@settings(max_examples=1000, deadline=None)
@given(st.lists(ALPHABET, max_size=25).map("".join))
def test_the_shortcut_agrees_with_the_parser(text):
    assert md.markdown_html(text) == _slow_block(text)
    assert md.inline_html(text) == _slow_inline(text)


def test_everyday_sentences_take_the_shortcut():
    for text in (
        "Students interview a gardener and write six needs statements.",
        "What's the best way to reach 3 of 4 neighbours (by 5 pm)?",
        "Café owners: ask them about 20% off!",
    ):
        assert md._plain_line(text), text
    for text in ("1. First", "- item", "*bold*", "a_b", "x < y", "line\nbreak", "# Title"):
        assert not md._plain_line(text), text
