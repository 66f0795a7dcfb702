"""The review report as one standalone, printable, accessible HTML page.

The page (``templates/export/review_report.html.j2``) embeds the shared ``pbl.css``,
the unit one-pager's ``unit.css`` (fields, tags, skip link, footer) and
``review_report.css``; it loads nothing. It has a language, one ``h1`` (the unit),
an ``h2`` per review and for the micro-credential evidence, and headings in order
below them (comment text's own headings start at ``h6``); every table has a caption
and ``th scope``. Everything a person wrote goes through the safe Markdown renderer
(``pbl_author.render``: raw HTML off, links only http/https/mailto, nh3).
"""

from __future__ import annotations

from functools import cache

from ..formats.unit_html import plain_text, teacher_html, teacher_inline, unit_css
from ..render import render_template
from ..render.templates import export_templates_dir
from .report import CREDENTIAL_NOTE, NO_COMMENTS, NO_REVIEWS, NO_SCORES, NOT_DECIDED, Report


@cache
def report_css() -> str:
    """The report's own styles (``templates/export/review_report.css``)."""
    css = (export_templates_dir() / "review_report.css").read_text(encoding="utf-8")
    if "</" in css:  # it is embedded in <style>: it must not be able to close it
        raise ValueError("review_report.css must not contain '</'")
    return css


def render_html(report: Report) -> str:
    """The report page as text."""
    return render_template(
        "review_report.html.j2",
        report=report,
        unit_css=unit_css(),
        report_css=report_css(),
        md=teacher_html,
        md_inline=teacher_inline,
        plain=plain_text,
        NO_REVIEWS=NO_REVIEWS,
        NO_SCORES=NO_SCORES,
        NO_COMMENTS=NO_COMMENTS,
        NOT_DECIDED=NOT_DECIDED,
        CREDENTIAL_NOTE=CREDENTIAL_NOTE,
    )


def export(report: Report) -> bytes:
    """The report page, UTF-8 (deterministic)."""
    return render_html(report).encode("utf-8")


__all__ = ["export", "render_html", "report_css"]
