"""Teacher text is Markdown: rendered with raw HTML off, links limited, output sanitized.

Three layers, each enough on its own for the common attacks, together for the rest:

1. markdown-it-py in CommonMark mode with ``html=False``: raw HTML in the text is
   shown as text, never passed through;
2. links and images only with ``http``, ``https`` or ``mailto`` URLs (or relative
   ones), anything else (``javascript:``, ``data:``, ``vbscript:``) is dropped;
3. nh3 (the Ammonia sanitizer) with a small allow-list of tags and attributes, and
   ``rel="noopener noreferrer"`` on links.
"""

from __future__ import annotations

import html
import re
from functools import cache
from html.parser import HTMLParser
from urllib.parse import urlsplit

import nh3
from markdown_it import MarkdownIt

SAFE_SCHEMES = frozenset({"http", "https", "mailto"})

ALLOWED_TAGS = {
    "p", "br", "hr", "em", "strong", "code", "pre", "blockquote", "ul", "ol", "li",
    "a", "h1", "h2", "h3", "h4", "h5", "h6", "table", "thead", "tbody", "tr", "th", "td",
    "del", "s", "sub", "sup", "img",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "title"},
    "th": {"align"},
    "td": {"align"},
    "ol": {"start"},
}
INLINE_TAGS = {"em", "strong", "code", "a", "del", "s", "sub", "sup", "br"}
#: What reaches a page: no images (an exported page opened from disk fetches nothing).
OUTPUT_TAGS = ALLOWED_TAGS - {"img"}
_HEADING = re.compile(r"^h([1-6])$")

_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def safe_url(url: str) -> bool:
    """True for http, https and mailto URLs and for relative ones; False for the rest."""
    cleaned = _CONTROL.sub("", url).strip()
    try:
        scheme = urlsplit(cleaned).scheme.lower()
    except ValueError:
        return False
    if not scheme:
        # A relative link; refuse anything a browser might read as a scheme, and
        # network paths (//host/x), which a page opened from disk resolves to another machine.
        if cleaned.replace("\\", "/").startswith("//"):
            return False
        return ":" not in cleaned.split("/", 1)[0]
    return scheme in SAFE_SCHEMES


@cache
def markdown_parser() -> MarkdownIt:
    """The one Markdown dialect of every export: CommonMark, tables, strikethrough, raw
    HTML off, links checked by ``safe_url``."""
    parser = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
    parser.enable("table").enable("strikethrough")
    parser.validateLink = safe_url  # type: ignore[method-assign]
    return parser


def _sanitize(html: str, tags: set[str]) -> str:
    return nh3.clean(
        html,
        tags=tags,
        attributes={tag: attrs for tag, attrs in ALLOWED_ATTRIBUTES.items() if tag in tags},
        url_schemes=set(SAFE_SCHEMES),
        link_rel="noopener noreferrer",
        strip_comments=True,
    )


def _network_path(url: str) -> bool:
    """True for ``//host/path``: opened from disk, a page resolves it to another machine's
    files (``file://host/path``)."""
    return url.strip().replace("\\", "/").startswith("//")


class _OfflineRewriter(HTMLParser):
    """Re-serializes sanitized HTML: images become links, teacher headings shift down,
    links without text show their address."""

    def __init__(self, heading: int) -> None:
        super().__init__(convert_charrefs=True)
        self.heading = heading
        self.out: list[str] = []
        self.links: list[tuple[str, bool]] = []  # open links: (href, has visible text)

    def _text(self, text: str) -> None:
        if self.links and text.strip():
            self.links[-1] = (self.links[-1][0], True)
        self.out.append(html.escape(text, quote=False))

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        if tag == "img":
            alt = values.get("alt", "").strip()
            if self.links:  # already inside a link: the alternative text is enough
                self._text(alt or "image")
                return
            src = values.get("src", "")
            label = f"{alt} (image)" if alt else "Image"
            if _network_path(src):
                self._text(label)
            else:
                self.out.append(
                    f'<a href="{html.escape(src)}">{html.escape(label, quote=False)}</a>'
                )
            return
        match = _HEADING.match(tag)
        if match:
            tag = f"h{min(6, int(match.group(1)) + self.heading - 1)}"
        if tag == "a" and _network_path(values.get("href", "")):
            del values["href"]  # keep the words, drop the address
        rendered = "".join(f' {name}="{html.escape(value)}"' for name, value in values.items())
        self.out.append(f"<{tag}{rendered}>")
        if tag == "a":
            self.links.append((values.get("href", ""), False))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        match = _HEADING.match(tag)
        if match:
            tag = f"h{min(6, int(match.group(1)) + self.heading - 1)}"
        if tag == "a" and self.links:
            href, has_text = self.links.pop()
            if not has_text:
                self.out.append(html.escape(href or "link", quote=False))
        self.out.append(f"</{tag}>")

    def handle_data(self, data: str) -> None:
        self._text(data)


def offline_html(fragment: str, *, heading: int = 3, tags: set[str] | None = None) -> str:
    """Sanitized ``fragment`` for an exported page: no images (links to them instead),
    headings from ``h{heading}`` down, every link with visible text; sanitized again."""
    if not fragment:
        return ""
    rewriter = _OfflineRewriter(heading)
    rewriter.feed(fragment)
    rewriter.close()
    return _sanitize("".join(rewriter.out), OUTPUT_TAGS if tags is None else tags).strip()


def strip_tags(fragment: str) -> str:
    """The text of an HTML ``fragment`` with every tag removed (entities kept escaped)."""
    return _sanitize(fragment, set()).strip()


#: One line of words and everyday punctuation that starts with a letter: Markdown
#: leaves it as it is (no markup, no list marker, nothing to escape), so it needs no
#: parser. Most teacher text is like this; a test checks the shortcut against the parser.
_PLAIN_LINE = re.compile(r"[^\W\d_](?:[^\W_]|[ ,.;:?!'\"()%$/+=@-])*")


def _plain_line(text: str) -> bool:
    return _PLAIN_LINE.fullmatch(text) is not None and not text.endswith(" ")


def markdown_html(text: str, *, heading: int = 1) -> str:
    """Block HTML for Markdown ``text`` (paragraphs, lists, tables, links), sanitized.

    Images become links to them, so a page opened from disk fetches nothing; the
    text's own headings start at ``h{heading}``.
    """
    if not text.strip():
        return ""
    if _plain_line(text):
        return f"<p>{text}</p>"
    return offline_html(_sanitize(markdown_parser().render(text), ALLOWED_TAGS), heading=heading)


def inline_html(text: str) -> str:
    """Inline HTML for a one-line Markdown ``text`` (a title, a criterion name), sanitized."""
    if not text.strip():
        return ""
    if _plain_line(text):
        return text
    return offline_html(
        _sanitize(markdown_parser().renderInline(text), INLINE_TAGS), tags=INLINE_TAGS
    )
