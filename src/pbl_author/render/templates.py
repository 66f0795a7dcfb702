"""The jinja environment of every HTML export, and the shared CSS.

Templates live in the top-level ``templates/export/`` folder (bundled in the
wheel). They autoescape everything; teacher text goes through the ``md`` and
``md_inline`` filters, which render Markdown safely (see ``markdown.py``).
"""

from __future__ import annotations

from functools import cache

from ..resources import templates_dir
from .markdown import inline_html, markdown_html


def export_templates_dir():
    return templates_dir() / "export"


@cache
def environment():
    import jinja2

    env = jinja2.Environment(
        # Library pages (templates/library/) extend the export templates.
        loader=jinja2.FileSystemLoader(
            [str(export_templates_dir()), str(templates_dir() / "library")]
        ),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["md"] = lambda text: jinja2.utils.markupsafe.Markup(markdown_html(text or ""))
    env.filters["md_inline"] = lambda text: jinja2.utils.markupsafe.Markup(inline_html(text or ""))
    return env


def render_template(name: str, **context) -> str:
    """Render ``templates/export/NAME`` with ``context`` (and the shared CSS as ``css``)."""
    return environment().get_template(name).render(css=shared_css(), **context)


@cache
def shared_css() -> str:
    """The CSS every HTML export embeds (print-ready, accessible colours)."""
    return (export_templates_dir() / "pbl.css").read_text(encoding="utf-8")
