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

import re
from functools import cache
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

_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def safe_url(url: str) -> bool:
    """True for http, https and mailto URLs and for relative ones; False for the rest."""
    cleaned = _CONTROL.sub("", url).strip()
    try:
        scheme = urlsplit(cleaned).scheme.lower()
    except ValueError:
        return False
    if not scheme:
        # A relative link; refuse anything that a browser might still read as a scheme.
        return ":" not in cleaned.split("/", 1)[0]
    return scheme in SAFE_SCHEMES


@cache
def _parser() -> MarkdownIt:
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


def markdown_html(text: str) -> str:
    """Block HTML for Markdown ``text`` (paragraphs, lists, tables, links), sanitized."""
    if not text.strip():
        return ""
    return _sanitize(_parser().render(text), ALLOWED_TAGS).strip()


def inline_html(text: str) -> str:
    """Inline HTML for a one-line Markdown ``text`` (a title, a criterion name), sanitized."""
    if not text.strip():
        return ""
    return _sanitize(_parser().renderInline(text), INLINE_TAGS).strip()
