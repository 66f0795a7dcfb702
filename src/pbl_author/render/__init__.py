"""Rendering teacher text safely: Markdown with raw HTML off, nh3 sanitizing, the jinja
environment of every export, and the shared CSS.

Every HTML output (exports, the library site) renders teacher text with
``markdown_html`` (block text) or ``inline_html`` (a title), and builds pages with
``environment()``, whose templates autoescape. Notebook Markdown cells hold Markdown,
made safe by ``formats.notebook_cells.safe_markdown``.
"""

from .markdown import inline_html, markdown_html, safe_url
from .templates import environment, render_template, shared_css

__all__ = [
    "environment",
    "inline_html",
    "markdown_html",
    "render_template",
    "safe_url",
    "shared_css",
]
