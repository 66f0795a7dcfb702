"""The unit's rubrics as one print-ready HTML page (teacher or student wording).

Printed, each rubric takes its own landscape page (``@page { size: landscape }`` and
``break-before: page`` per rubric; a rubric longer than a page repeats its header
row). The tables are accessible: a caption, ``th scope="col"`` column heads that
carry each level's title and points, and ``th scope="row"`` criterion (or, in a
holistic rubric, level) heads. The page has a language, a title, a header and a
main landmark, and meets WCAG 2.1 AA contrast through ``pbl.css``. Teacher text
goes through the ``md`` and ``md_inline`` filters only (raw HTML off, sanitized).
"""

from __future__ import annotations

from functools import cache

from ..model import Unit
from ..render import render_template
from ..render.templates import export_templates_dir
from .rubric_layout import layout_rubrics, plain_title


@cache
def rubric_css() -> str:
    """The rubric styles (``templates/export/rubric.css``), embedded after ``pbl.css``."""
    css = (export_templates_dir() / "rubric.css").read_text(encoding="utf-8")
    if "</" in css:  # it is embedded in <style>: it must not be able to close it
        raise ValueError("rubric.css must not contain '</'")
    return css


def render(unit: Unit, audience: str = "teacher") -> str:
    doc = layout_rubrics(unit, audience)
    return render_template(
        "rubrics.html.j2",
        doc=doc,
        page_title=f"Rubrics: {plain_title(doc.unit_title)} ({doc.version_label})",
        rubric_css=rubric_css(),
    )


def export(unit: Unit, audience: str = "teacher") -> bytes:
    """The rubrics page in ``audience`` wording ("teacher" or "student"), UTF-8."""
    return render(unit, audience).encode("utf-8")
