"""The unit one-pager: the whole unit as one readable, printable, accessible HTML page.

Every piece of teacher text goes through the safe Markdown renderer
(``pbl_author.render``: raw HTML off, links only http/https/mailto, nh3), which makes
these promises for every exported page:

- opening the page never fetches anything: a Markdown image becomes a link to the
  image (the page itself loads nothing from anywhere);
- no network-path links (``//host/path``), which a page opened from disk would resolve
  to ``file://host/path``;
- every link shows words (an empty link shows its address);
- headings a teacher writes inside a text sit under the section they appear in,
  so the page keeps one outline (``# Notes`` inside a task becomes an ``h4``).

The same helpers render the pages of the Common Cartridge (``common_cartridge``).
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from markupsafe import Markup

from ..checks import coverage, coverage_html, run_checks
from ..checks.findings import SEVERITIES, Finding
from ..model import Rubric, Unit
from ..render import inline_html, markdown_html, render_template, safe_url
from ..render.markdown import strip_tags
from ..render.templates import export_templates_dir

ROLE_LABELS = {
    "target_standard": "Target standard",
    "success_skill": "Success skill",
    "sel": "Social-emotional competency",
}
LEVEL_LABELS = {"introduce": "Introduce", "practice": "Practice", "assess": "Assess"}
PHASE_LABELS = {
    "launch": "Launch",
    "build_knowledge": "Build knowledge",
    "develop_and_critique": "Develop and critique",
    "present": "Present",
}
KIND_LABELS = {"analytic": "analytic", "single_point": "single-point", "holistic": "holistic"}
MODE_LABELS = {"individual": "Individual", "team": "Team"}
EVIDENCE_LABELS = {
    "quiz": "Quiz",
    "observation": "Observation",
    "conference": "Conference",
    "journal": "Journal",
    "exit_ticket": "Exit ticket",
    "self_assessment": "Self-assessment",
    "peer_feedback": "Peer feedback",
    "work_sample": "Work sample",
    "other": "Other",
}
CHOICE_LABELS = {
    "topic": "Topic",
    "product": "Product",
    "process": "Process",
    "team": "Team",
    "role": "Role",
    "audience": "Audience",
    "pace": "Pace",
    "other": "Other",
}
SUPPORT_LABELS = {
    "english_learners": "English learners",
    "iep": "Students with IEPs",
    "all_students": "All students",
    "extension": "Extension",
    "other": "Other",
}
PARTNER_LABELS = {
    "client": "Client",
    "expert": "Expert",
    "audience": "Audience",
    "mentor": "Mentor",
    "sponsor": "Sponsor",
    "other": "Partner",
}
CRITIQUE_LABELS = {"critique": "Critique", "revision": "Revision"}
MOMENT_LABELS = {"launch": "At the launch", "midpoint": "At the midpoint", "end": "At the end"}
AUDIENCE_LABELS = {"student": "Students", "teacher": "Teacher"}
STATUS_LABELS = {"draft": "Draft", "in_review": "In review", "published": "Published"}
SEVERITY_LABELS = {"error": "Errors", "warning": "Warnings", "info": "Notes"}
GRASPS_LABELS = (
    ("goal", "Goal"),
    ("role", "Role"),
    ("audience", "Audience"),
    ("situation", "Situation"),
    ("product", "Product"),
    ("standards", "Standards and criteria"),
)

#: What a page's ``lang`` may be: a plausible BCP 47 tag (``en``, ``pt-BR``, ``zh-Hant``).
_LANGUAGE_TAG = re.compile(r"^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$")


# --------------------------------------------------------------------------- safe HTML


def teacher_html(text: str | None, heading: int = 3) -> Markup:
    """Block HTML for teacher Markdown ``text``; its own headings start at ``h{heading}``."""
    return Markup(markdown_html(text or "", heading=heading))


def teacher_inline(text: str | None) -> Markup:
    """Inline HTML for a one-line teacher text (a title, a name)."""
    return Markup(inline_html(text or ""))


def plain_text(text: str | None) -> str:
    """The words of a one-line Markdown ``text`` without markup (for titles, file metadata)."""
    rendered = strip_tags(inline_html(text or ""))
    return " ".join(html.unescape(rendered).split())


def plain_block(text: str | None) -> str:
    """The words of a Markdown ``text`` on one line, without markup (for file metadata and
    plain-text fields of other systems)."""
    rendered = strip_tags(markdown_html(text or ""))
    return " ".join(html.unescape(rendered).split())


def page_language(unit: Unit) -> str:
    """The unit's language as a ``lang`` value, ``en`` when it is not a usable tag."""
    language = unit.identity.language.strip()
    return language if _LANGUAGE_TAG.match(language) else "en"


def safe_link(url: str) -> str | None:
    """``url`` when it is an absolute http or https address; None for anything else."""
    cleaned = url.strip()
    if not cleaned or any(char.isspace() for char in cleaned) or not safe_url(cleaned):
        return None
    try:
        parts = urlsplit(cleaned)
    except ValueError:
        return None
    return cleaned if parts.scheme.lower() in ("http", "https") and parts.netloc else None


def number(value: float | int | None) -> str:
    if value is None:
        return ""
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


def unit_css() -> str:
    """The one-pager's own CSS (after the shared ``pbl.css``)."""
    return (export_templates_dir() / "unit.css").read_text(encoding="utf-8")


# --------------------------------------------------------------------------- view data


@dataclass(frozen=True)
class RubricView:
    """A rubric ready for a table: which wording, which cell for which level."""

    rubric: Rubric
    audience: str

    @property
    def kind_label(self) -> str:
        return KIND_LABELS[self.rubric.kind]

    @property
    def described(self) -> str:
        """ "An analytic rubric", "A single-point rubric", "A holistic rubric"."""
        label = self.kind_label
        return f"{'An' if label[0] in 'aeiou' else 'A'} {label} rubric"

    def cell(self, criterion, level) -> str:
        for descriptor in criterion.descriptors:
            if descriptor.level == level.id:
                if self.audience == "student" and descriptor.student.strip():
                    return descriptor.student
                return descriptor.teacher
        return ""


def competency_labels(unit: Unit) -> dict[str, str]:
    """Reference -> the human code (or the reference) of every embedded competency."""
    return {c.ref: c.label for c in unit.competencies}


def duration_text(unit: Unit) -> str:
    duration = unit.identity.duration
    parts = []
    if duration.weeks is not None:
        parts.append(f"{number(duration.weeks)} week{'' if duration.weeks == 1 else 's'}")
    if duration.sessions is not None:
        sessions = f"{duration.sessions} session{'' if duration.sessions == 1 else 's'}"
        if duration.minutes_per_session is not None:
            sessions += f" of {duration.minutes_per_session} minutes"
        parts.append(sessions)
    elif duration.minutes_per_session is not None:
        parts.append(f"{duration.minutes_per_session}-minute sessions")
    return ", ".join(parts)


def grades_text(unit: Unit) -> str:
    return ", ".join(unit.identity.grades)


def findings_by_severity(findings: list[Finding]) -> list[tuple[str, str, list[Finding]]]:
    return [
        (severity, SEVERITY_LABELS[severity], [f for f in findings if f.severity == severity])
        for severity in SEVERITIES
        if any(f.severity == severity for f in findings)
    ]


def phase_prefix(phase) -> str:
    """What goes before a phase's title: its kind ("Launch: "), unless the title says it."""
    label = PHASE_LABELS[phase.kind]
    if not phase.title.strip():
        return label
    if plain_text(phase.title).lower().startswith(label.lower()):
        return ""
    return f"{label}: "


def grasps_items(task) -> list[tuple[str, str]]:
    """(label, text) of every GRASPS part the task fills in, in GRASPS order."""
    return [
        (label, getattr(task.grasps, name))
        for name, label in GRASPS_LABELS
        if getattr(task.grasps, name).strip()
    ]


def helpers() -> dict:
    """Functions and label tables every unit template uses."""
    return {
        "md": teacher_html,
        "md_inline": teacher_inline,
        "plain": plain_text,
        "number": number,
        "safe_link": safe_link,
        "grasps_items": grasps_items,
        "phase_prefix": phase_prefix,
        "RubricView": RubricView,
        "ROLE_LABELS": ROLE_LABELS,
        "LEVEL_LABELS": LEVEL_LABELS,
        "PHASE_LABELS": PHASE_LABELS,
        "MODE_LABELS": MODE_LABELS,
        "EVIDENCE_LABELS": EVIDENCE_LABELS,
        "CHOICE_LABELS": CHOICE_LABELS,
        "SUPPORT_LABELS": SUPPORT_LABELS,
        "PARTNER_LABELS": PARTNER_LABELS,
        "CRITIQUE_LABELS": CRITIQUE_LABELS,
        "MOMENT_LABELS": MOMENT_LABELS,
        "AUDIENCE_LABELS": AUDIENCE_LABELS,
        "STATUS_LABELS": STATUS_LABELS,
        "GRASPS_LABELS": GRASPS_LABELS,
    }


def unit_view(unit: Unit) -> dict:
    """Everything the unit templates need beyond the unit itself."""
    milestones = {m.id: m for m in unit.path.milestones()}
    tasks = {t.id: t for t in unit.tasks}
    rubrics = {r.id: r for r in unit.rubrics}
    return {
        "unit": unit,
        "lang": page_language(unit),
        "labels": competency_labels(unit),
        "target_roles": {t.competency: t.role for t in unit.goals.targets},
        "milestones": milestones,
        "tasks_by_id": tasks,
        "rubrics_by_id": rubrics,
        "duration": duration_text(unit),
        "grades": grades_text(unit),
        **helpers(),
    }


def render_unit_html(unit: Unit) -> str:
    """The one-pager as text."""
    cov = coverage(unit)
    findings = run_checks(unit)
    return render_template(
        "unit.html.j2",
        unit_css=unit_css(),
        coverage_table=Markup(coverage_html(cov)) if cov.tasks and cov.competencies else None,
        findings=findings,
        finding_groups=findings_by_severity(findings),
        **unit_view(unit),
    )


def export(unit: Unit) -> bytes:
    """The unit one-pager (UTF-8 HTML, deterministic)."""
    return render_unit_html(unit).encode("utf-8")


__all__ = [
    "RubricView",
    "export",
    "page_language",
    "plain_block",
    "plain_text",
    "render_unit_html",
    "teacher_html",
    "teacher_inline",
    "unit_view",
]
