"""The unit as a reviewer reads it: each anchor's content as compact, safe HTML.

Teacher text goes through ``pbl_author.render.markdown`` (raw HTML off, links
limited, sanitized); everything else is escaped. Parts of an element that are
anchors of their own (the milestones of a phase, the criteria of a rubric) are
left out of it: they are shown, and commented on, one by one.
"""

from __future__ import annotations

import html
from collections.abc import Collection
from typing import Any

from ..render.markdown import inline_html, markdown_html
from .anchors import Anchor

#: Keys shown by the element's heading or of no use to a reviewer.
_HIDDEN = {"id", "schema_version", "reviews"}
#: Keys whose values are ids or codes, not prose.
_PLAIN = {"rubric", "due_milestone", "milestone", "competency", "ref", "framework", "level"}
_MAX_DEPTH = 4


def _title(key: str) -> str:
    return html.escape(key.replace("_", " ").capitalize())


def _empty(value: Any) -> bool:
    return value is None or value == "" or value == [] or value == {}


def _text_html(text: str) -> str:
    if "\n" in text.strip() or len(text) > 120:
        return markdown_html(text, heading=5)
    return inline_html(text)


def value_html(value: Any, children: Collection[str] = (), depth: int = 0, key: str = "") -> str:
    """Compact HTML for plain data (the JSON form of part of a unit)."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, (int, float)):
        return html.escape(str(value))
    if isinstance(value, str):
        return html.escape(value) if key in _PLAIN else _text_html(value)
    if depth >= _MAX_DEPTH:
        return "…"
    if isinstance(value, list):
        items = [
            value_html(item, children, depth + 1)
            for item in value
            if not (isinstance(item, dict) and item.get("id") in children)
        ]
        items = [item for item in items if item]
        if not items:
            return ""
        scalars = all(isinstance(item, (str, int, float)) for item in value)
        if scalars and len(value) <= 8 and all(len(str(item)) <= 40 for item in value):
            plain = [html.escape(str(item)) if key in _PLAIN else inline_html(str(item))
                     for item in value]  # fmt: skip
            return ", ".join(plain)
        return "<ul>" + "".join(f"<li>{item}</li>" for item in items) + "</ul>"
    if isinstance(value, dict):
        rows = []
        for name, item in value.items():
            if name in _HIDDEN or _empty(item):
                continue
            shown = value_html(item, children, depth + 1, name)
            if shown:
                rows.append(f"<dt>{_title(name)}</dt><dd>{shown}</dd>")
        return f"<dl class='pbl-fields'>{''.join(rows)}</dl>" if rows else ""
    return html.escape(str(value))


def anchor_html(anchor: Anchor, children: Collection[str] = ()) -> str:
    """The content of ``anchor``, its own parts that are anchors (``children``) left out."""
    content = anchor.content
    if anchor.id == "unit":  # the whole unit: its title and summary say what it is
        summary = content.get("identity", {}).get("summary", "")
        body = markdown_html(summary, heading=5) if summary else ""
        return body + "<p><em>Comments here are about the unit as a whole.</em></p>"
    if _empty(content):
        return "<p><em>Not written yet.</em></p>"
    if (
        isinstance(content, dict)
        and content.get("title")
        and anchor.label.endswith(str(content["title"]))
    ):  # the heading says it already
        content = {key: value for key, value in content.items() if key != "title"}
    shown = value_html(content, children)
    return shown or "<p><em>Its parts are shown one by one below.</em></p>"


def heading_html(anchor: Anchor) -> str:
    where = f" <span class='pbl-where'>({html.escape(anchor.where)})</span>" if anchor.where else ""
    return f"<h4 class='pbl-element-title'>{html.escape(anchor.label)}{where}</h4>"


__all__ = ["anchor_html", "heading_html", "value_html"]
