"""Plain text from the HTML that LMSs keep in descriptions, and simple HTML back.

``html_to_text`` keeps paragraphs, line breaks, lists and links (as ``text (url)``);
``text_to_html`` writes paragraphs, line breaks and lists, which read back as the
same text.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from html.parser import HTMLParser

_WHITESPACE = re.compile(r"\s+")
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ue000-\ue002]")
_PARA, _LINE = "\ue000", "\ue001"
_BLOCK_NAMES = (
    "p div section article header footer aside nav main blockquote pre h1 h2 h3 h4 h5 h6 "
    "table figure figcaption address dl dd dt form fieldset hr ul ol"
)
_BLOCKS = set(_BLOCK_NAMES.split())
_VOID = {"br", "img", "hr", "input", "meta", "link", "area", "base", "col", "embed", "wbr"}
_SKIP = {"script", "style", "head", "title", "template"}
_TAG = re.compile(r"<\s*/?\s*[A-Za-z][A-Za-z0-9]*[^>]*>|<!--")
_ENTITY = re.compile(r"&(?:#[0-9]+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);")


class _Node:
    __slots__ = ("attrs", "children", "tag")

    def __init__(self, tag: str, attrs: dict[str, str | None] | None = None) -> None:
        self.tag = tag
        self.attrs = attrs or {}
        self.children: list[_Node | str] = []


class _TreeBuilder(HTMLParser):
    """A forgiving HTML tree: unclosed ``<p>`` and ``<li>`` close themselves."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = _Node("#root")
        self.stack = [self.root]

    def _close(self, tag: str, stop: Iterable[str] = ()) -> None:
        stops = set(stop)
        for index in range(len(self.stack) - 1, 0, -1):
            current = self.stack[index].tag
            if current == tag:
                del self.stack[index:]
                return
            if current in stops:
                return

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _BLOCKS or tag == "li":
            self._close("p", stop=("li", "td", "th", "blockquote", "div"))
        if tag == "li":
            self._close("li", stop=("ul", "ol"))
        node = _Node(tag, dict(attrs))
        self.stack[-1].children.append(node)
        if tag not in _VOID:
            self.stack.append(node)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.stack[-1].children.append(_Node(tag, dict(attrs)))

    def handle_endtag(self, tag: str) -> None:
        if tag == "br":  # "</br>" is written by some editors for "<br>"
            self.stack[-1].children.append(_Node("br"))
            return
        self._close(tag)

    def handle_data(self, data: str) -> None:
        self.stack[-1].children.append(data)


def _render_html(node: _Node, out: list[str], in_pre: bool = False, in_li: bool = False) -> None:
    for child in node.children:
        if isinstance(child, str):
            text = CONTROL_CHARACTERS.sub("", child)
            if in_pre:
                out.append(text.replace("\r\n", "\n").replace("\n", _LINE))
            else:
                out.append(_WHITESPACE.sub(" ", text))
            continue
        tag = child.tag
        if tag in _SKIP:
            continue
        block_break = _LINE if in_li else _PARA
        if tag == "br":
            out.append(_LINE)
        elif tag in ("ul", "ol"):
            out.append(block_break)
            number = 1
            start = child.attrs.get("start")
            if tag == "ol" and start and start.strip().isdigit():
                number = int(start.strip())
            for item in child.children:
                if isinstance(item, str):
                    if item.strip():
                        out.append(_WHITESPACE.sub(" ", CONTROL_CHARACTERS.sub("", item)))
                    continue
                if item.tag != "li":
                    _render_html(_Node("#", None) if item.tag in _SKIP else item, out, in_pre, True)
                    continue
                marker = f"{number}. " if tag == "ol" else "- "
                number += 1
                out.append(_LINE + marker)
                _render_html(item, out, in_pre, True)
            out.append(block_break)
        elif tag == "li":  # a stray <li> outside a list
            out.append(_LINE + "- ")
            _render_html(child, out, in_pre, True)
            out.append(_LINE)
        elif tag == "a":
            inner: list[str] = []
            _render_html(child, inner, in_pre, in_li)
            text = "".join(inner)
            href = (child.attrs.get("href") or "").strip()
            visible = text.strip()
            if (
                href.lower().startswith(("http://", "https://", "mailto:"))
                and visible
                and href.removeprefix("mailto:") != visible
                and _PARA not in text
                and _LINE not in text
            ):
                out.append(f"{text.rstrip()} ({href})" + (" " if text.endswith(" ") else ""))
            else:
                out.append(text)
        elif tag in ("td", "th"):
            out.append(" ")
            _render_html(child, out, in_pre, in_li)
            out.append(" ")
        elif tag == "tr":
            out.append(_LINE)
            _render_html(child, out, in_pre, in_li)
            out.append(_LINE)
        elif tag in _BLOCKS:
            out.append(block_break)
            _render_html(child, out, in_pre or tag == "pre", in_li)
            out.append(block_break)
        else:
            _render_html(child, out, in_pre, in_li)


def _assemble(raw: str) -> str:
    paragraphs = []
    for paragraph in raw.split(_PARA):
        lines = []
        for line in paragraph.split(_LINE):
            line = re.sub(r"[ \t]{2,}", " ", line.replace("\t", " ")).strip(" ")
            if line:
                lines.append(line)
        if lines:
            paragraphs.append("\n".join(lines))
    return "\n\n".join(paragraphs)


def html_to_text(value: str) -> str:
    """Plain text of an HTML fragment: paragraphs, line breaks and list lines kept.

    ``<p>`` and other blocks become paragraphs (a blank line between),
    ``<br>`` a line break, list items ``- `` or ``1. `` lines, links
    ``text (url)``; entities are decoded, other tags dropped, runs of white
    space collapsed as a browser would. ``text_to_html`` turns the result back
    into the same text.
    """
    builder = _TreeBuilder()
    builder.feed(value)
    builder.close()
    out: list[str] = []
    _render_html(builder.root, out)
    return _assemble("".join(out))


def looks_like_html(value: str) -> bool:
    return bool(_TAG.search(value))


def plain_text(value: str) -> str:
    """Plain text tidied the way ``html_to_text`` leaves text: single spaces, trimmed lines."""
    value = re.sub("[\ue000-\ue002]", "", value).replace("\r\n", "\n").replace("\r", "\n")
    return _assemble(re.sub(r"\n[ \t]*\n\s*", _PARA, value).replace("\n", _LINE))


def text_to_html(value: str) -> str:
    """HTML for plain text: ``<p>`` paragraphs, ``<br>`` line breaks, ``<ul>`` for ``- `` lists.

    A paragraph whose lines all start with ``- `` becomes a list; anything else
    is escaped and written as it reads. ``html_to_text`` reverses it.
    """
    blocks = []
    for paragraph in re.split(r"\n\s*\n", value.strip()):
        lines = [line.strip() for line in paragraph.split("\n") if line.strip()]
        if not lines:
            continue
        if all(line.startswith("- ") and line[2:].strip() for line in lines):
            items = "".join(
                f"<li>{html.escape(line[2:].strip(), quote=False)}</li>" for line in lines
            )
            blocks.append(f"<ul>{items}</ul>")
        else:
            body = "<br>".join(html.escape(line, quote=False) for line in lines)
            blocks.append(f"<p>{body}</p>")
    return "".join(blocks)


def unescape_entities(value: str) -> str:
    """Decode HTML entities (``&amp;``) in text that has no tags, when it has any."""
    return html.unescape(value) if _ENTITY.search(value) else value


def one_line(value: str) -> str:
    return _WHITESPACE.sub(" ", value).strip()


def shorten_words(value: str, limit: int) -> str:
    """``value`` on one line, cut at a word boundary to at most ``limit`` characters."""
    value = one_line(value)
    if len(value) <= limit:
        return value
    cut = value[: limit - 1]
    if " " in cut[limit // 2 :]:
        cut = cut[: cut.rindex(" ")]
    return cut.rstrip(" ,;:.-") + "…"
