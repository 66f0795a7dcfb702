"""The semantic diff of two unit versions as a standalone, accessible HTML page.

Changed text is shown before and after, with the words that changed marked
(``<del>`` struck through, ``<ins>`` underlined, so the change does not rest on
colour alone). The text is the teacher's Markdown source, escaped word by word:
a diff shows what was typed, not how it renders; the title goes through the
same safe Markdown rendering as every export.
"""

from __future__ import annotations

import difflib
import re

from markupsafe import Markup, escape

from ..render.markdown import inline_html
from ..render.templates import render_template
from .diff import MARKS, Detail, UnitDiff, summary_line

_TOKENS = re.compile(r"\s+|[^\s]+")
KIND_WORDS = {"added": "Added", "removed": "Removed", "changed": "Changed", "moved": "Moved"}


def _tokens(text: str) -> list[str]:
    return _TOKENS.findall(text)


def word_diff(old: str, new: str) -> tuple[Markup, Markup]:
    """``old`` and ``new`` escaped, with the words only one of them has marked."""
    a, b = _tokens(old), _tokens(new)
    before: list[str] = []
    after: list[str] = []
    matcher = difflib.SequenceMatcher(a=a, b=b, autojunk=False)
    for op, a0, a1, b0, b1 in matcher.get_opcodes():
        left, right = escape("".join(a[a0:a1])), escape("".join(b[b0:b1]))
        if op == "equal":
            before.append(left)
            after.append(right)
            continue
        if a1 > a0:
            before.append(f"<del>{left}</del>")
        if b1 > b0:
            after.append(f"<ins>{right}</ins>")
    return Markup("".join(before)), Markup("".join(after))


def _detail_view(detail: Detail) -> dict:
    old, new = (
        word_diff(detail.old, detail.new)
        if detail.kind == "changed"
        else (escape(detail.old), escape(detail.new))
    )
    return {
        "field": detail.field,
        "kind": detail.kind,
        "old": old,
        "new": new,
        "short": len(detail.old) <= 48 and len(detail.new) <= 48,
    }


def render_diff_html(diff: UnitDiff) -> str:
    sections = [
        (
            title,
            [
                {
                    "label": entry.label,
                    "anchor": entry.anchor,
                    "kind": entry.kind,
                    "kind_words": KIND_WORDS[entry.kind],
                    "mark": MARKS[entry.kind],
                    "details": [_detail_view(d) for d in entry.details],
                }
                for entry in entries
            ],
        )
        for title, entries in diff.sections()
    ]
    return render_template(
        "unit_diff.html.j2",
        diff=diff,
        title_html=Markup(inline_html(diff.new_title)),
        summary=summary_line(diff),
        sections=sections,
    )


def diff_html_bytes(diff: UnitDiff) -> bytes:
    return render_diff_html(diff).encode("utf-8")


__all__ = ["diff_html_bytes", "render_diff_html", "word_diff"]
