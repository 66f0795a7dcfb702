"""The teacher notebook, ``NAME.ipynb``: the whole unit, readable without pbl-author.

Cells, in order (role, ref):

- ``overview`` (unit id): title, grades, subjects, duration, authors, licence, summary;
- ``open-designer`` (unit id): the one code cell, re-opens the designer;
- ``driving-question``, ``entry-event``, ``need-to-knows``, ``authentic-context`` (with the
  partners), ``goals``, ``competencies``;
- ``section`` (``tasks``), then ``task`` (task id) per performance task, with GRASPS;
- ``other-evidence``;
- ``section`` (``path``), then ``phase`` (phase id) and ``milestone`` (milestone id) in path
  order;
- ``section`` (``rubrics``), then ``rubric`` (rubric id) per rubric, teacher wording;
- ``culture``, ``critique``, ``public-product``, ``reflection``;
- ``coverage`` (the heatmap as a Markdown table) and ``findings`` (the design checks), both
  derived from the unit when the notebook is exported.
"""

from __future__ import annotations

from typing import Any

from ..checks import coverage, run_checks
from ..checks.coverage import GAP_TEXT, LETTERS
from ..model import Milestone, PerformanceTask, Rubric, Unit
from .notebook_cells import (
    PHASE_WORDS,
    SUPPORT_WORDS,
    TARGET_ROLE_WORDS,
    NotebookBuilder,
    bullet,
    code,
    competency_label,
    date_text,
    duration_text,
    facts_line,
    grades_text,
    md_escape,
    md_flat,
    md_item,
    md_label,
    md_list,
    md_nested,
    milestone_titles,
    notebook_bytes,
    number_text,
    quote,
    safe_markdown,
    table_markdown,
    words,
)
from .unit_html import GRASPS_LABELS


def export(unit: Unit) -> bytes:
    """The teacher notebook as file bytes (nbformat 4.5 JSON); same unit, same bytes."""
    return notebook_bytes(build(unit))


def build(unit: Unit) -> dict[str, Any]:
    """The teacher notebook as plain nbformat data."""
    nb = NotebookBuilder()
    _overview(nb, unit)
    nb.designer_cell(unit)
    _framing(nb, unit)
    _goals(nb, unit)
    _tasks(nb, unit)
    _path(nb, unit)
    _rubrics(nb, unit)
    _culture(nb, unit)
    _critique(nb, unit)
    _public_product(nb, unit)
    _reflection(nb, unit)
    _coverage(nb, unit)
    _findings(nb, unit)
    return nb.notebook(unit)


def _none(text: str) -> str:
    return f"_{text}_"


def _overview(nb: NotebookBuilder, unit: Unit) -> None:
    identity = unit.identity
    facts = facts_line(
        [
            grades_text(identity.grades),
            ", ".join(md_label(subject) for subject in identity.subjects if subject.strip()),
            duration_text(unit),
        ]
    )
    authors = []
    for author in identity.authors:
        name = md_label(author.name)
        extra = ", ".join(md_label(v) for v in (author.role, author.organization) if v.strip())
        authors.append(f"{name} ({extra})" if extra else name)
    details = [
        bullet(f"**Status:** {words(unit.status)}"),
        bullet("**Authors:** " + "; ".join(a for a in authors if a)) if authors else "",
        bullet(f"**Licence:** {md_label(identity.license)}") if identity.license.strip() else "",
        bullet(f"**Version:** {md_label(identity.version)}") if identity.version.strip() else "",
        bullet(f"**Language:** {md_label(identity.language)}") if identity.language.strip() else "",
        bullet("**Tags:** " + ", ".join(md_label(t) for t in identity.tags if t.strip()))
        if any(t.strip() for t in identity.tags)
        else "",
    ]
    derived = identity.derived_from
    if derived is not None:
        source = md_label(derived.title) or md_label(derived.unit_id) or "another unit"
        if derived.url.strip():
            source += f" ({md_label(derived.url)})"
        details.append(bullet(f"**Adapted from:** {source}"))
    nb.markdown(
        "overview",
        unit.id,
        f"# {md_label(unit.title) or code(unit.id)}",
        f"_{facts}_" if facts else "",
        safe_markdown(identity.summary),
        md_list(details),
        "_Teacher notebook exported by pbl-author. The unit file is the source; the unit is "
        "also kept whole in this notebook's metadata._",
    )


def _framing(nb: NotebookBuilder, unit: Unit) -> None:
    framing = unit.framing
    question = safe_markdown(framing.driving_question)
    nb.markdown(
        "driving-question",
        "driving-question",
        "## Driving question",
        quote(question) if question else _none("No driving question yet."),
    )
    event = framing.entry_event
    nb.markdown(
        "entry-event",
        "entry-event",
        "## Entry event",
        safe_markdown(event.description) or _none("No entry event yet."),
        md_nested("**Materials:**", (md_item(None, text) for text in event.materials)),
    )
    nb.markdown(
        "need-to-knows",
        "need-to-knows",
        "## Need to know",
        md_list(md_item(None, statement.text) for statement in framing.need_to_knows)
        or _none("No need-to-knows yet; the class builds the list at launch."),
    )
    partners = []
    for partner in framing.partners:
        facts = facts_line(
            [
                words(partner.kind) if partner.kind != "other" else "",
                md_label(partner.role),
                md_label(partner.organization),
            ]
        )
        lead = f"**{md_label(partner.name)}**" + (f" ({facts})" if facts else "")
        if partner.contact.strip():
            lead += f", {md_label(partner.contact)}"
        partners.append(md_item(lead + ":", partner.description, always=True))
    nb.markdown(
        "authentic-context",
        "authentic-context",
        "## Authentic context",
        safe_markdown(framing.authentic_context) or _none("No authentic context yet."),
        "### Partners" if partners else "",
        md_list(partners),
    )


def _goals(nb: NotebookBuilder, unit: Unit) -> None:
    goals = unit.goals
    parts: list[str] = ["## Goals"]
    if goals.targets:
        lines = []
        for target in goals.targets:
            try:
                statement = md_flat(unit.competency(target.competency).statement, table=False)
            except KeyError:
                statement = ""
            label = competency_label(unit, target.competency)
            role = TARGET_ROLE_WORDS[target.role]
            lines.append(bullet(f"**{label}** ({role})" + (f": {statement}" if statement else "")))
        parts += ["### Targets", md_list(lines)]
    for name, heading in (
        ("understandings", "Understandings"),
        ("essential_questions", "Essential questions"),
        ("knowledge", "Knowledge"),
        ("skills", "Skills"),
    ):
        items = md_list(md_item(None, statement.text) for statement in getattr(goals, name))
        if items:
            parts += [f"### {heading}", items]
    targets = []
    for target in goals.learning_targets:
        lead = f"({competency_label(unit, target.competency)})" if target.competency else ""
        targets.append(md_item(lead, target.text, always=True))
    if any(targets):
        parts += ["### Learning targets", md_list(targets)]
    if len(parts) == 1:
        parts.append(_none("No goals yet."))
    nb.markdown("goals", "goals", *parts)

    rows = [
        [
            competency_label(unit, c.ref, table=True),
            md_flat(c.statement),
            md_label(c.framework, table=True) or code(c.framework_id),
            md_label(c.type, table=True),
        ]
        for c in unit.competencies
    ]
    nb.markdown(
        "competencies",
        "competencies",
        "## Competencies",
        table_markdown(["Code", "Statement", "Framework", "Type"], rows)
        if rows
        else _none("No competencies yet."),
    )


def _alignments(unit: Unit, alignments) -> str:
    return ", ".join(f"{competency_label(unit, a.competency)} ({a.level})" for a in alignments)


def _tasks(nb: NotebookBuilder, unit: Unit) -> None:
    nb.section(
        "tasks",
        "Performance tasks",
        "" if unit.tasks else _none("No performance tasks yet."),
    )
    titles = milestone_titles(unit)
    for task in unit.tasks:
        _task(nb, unit, task, titles)
    items = []
    for evidence in unit.other_evidence:
        head = f"**{md_label(evidence.title)}** ({words(evidence.kind)})"
        extras = []
        if evidence.milestone is not None:
            extras.append(f"at {md_label(titles[evidence.milestone]) or code(evidence.milestone)}")
        if evidence.alignments:
            extras.append(_alignments(unit, evidence.alignments))
        lead = head + (", " + "; ".join(extras) if extras else "")
        items.append(md_item(lead + ":", evidence.description, always=True))
    nb.markdown(
        "other-evidence",
        "other-evidence",
        "## Other evidence",
        md_list(items) or _none("No other evidence yet."),
    )


def _task(nb: NotebookBuilder, unit: Unit, task: PerformanceTask, titles: dict[str, str]) -> None:
    facts = [f"{task.mode.capitalize()} task"]
    if task.rubric is not None:
        facts.append("rubric: " + (md_label(unit.rubric(task.rubric).title) or code(task.rubric)))
    if task.due_milestone is not None:
        facts.append("due: " + (md_label(titles[task.due_milestone]) or code(task.due_milestone)))
    grasps = md_list(
        md_item(f"**{label}:**", getattr(task.grasps, key)) for key, label in GRASPS_LABELS
    )
    nb.markdown(
        "task",
        task.id,
        f"### {md_label(task.title) or code(task.id)}",
        f"_{facts_line(facts)}_",
        safe_markdown(task.description),
        "**GRASPS**" if grasps else "",
        grasps,
        md_item("**Individual evidence:**", task.individual_evidence),
        bullet(f"**Alignments:** {_alignments(unit, task.alignments)}") if task.alignments else "",
    )


def _path(nb: NotebookBuilder, unit: Unit) -> None:
    phases = unit.path.phases
    nb.section(
        "path",
        "Path",
        " → ".join(PHASE_WORDS[phase.kind] for phase in phases) if phases else "",
        "" if phases else _none("No phases yet."),
    )
    tasks = {task.id: task.title for task in unit.tasks}
    for number, phase in enumerate(phases, start=1):
        title = md_label(phase.title)
        nb.markdown(
            "phase",
            phase.id,
            f"### Phase {number}: {title or PHASE_WORDS[phase.kind]}",
            f"_{PHASE_WORDS[phase.kind]} phase_",
            safe_markdown(phase.summary),
            "" if phase.milestones else _none("No milestones in this phase yet."),
        )
        for milestone in phase.milestones:
            _milestone(nb, unit, milestone, tasks)


def when_text(milestone: Milestone) -> str:
    """``week 2 · 2027-04-22``: when a milestone is due."""
    return facts_line(
        [f"week {milestone.week}" if milestone.week is not None else "", date_text(milestone.date)]
    )


def _milestone(nb: NotebookBuilder, unit: Unit, milestone: Milestone, tasks) -> None:
    when = when_text(milestone)
    items = [
        md_item("**Key question:**", milestone.key_question),
        md_item("**Formative check:**", milestone.formative_check),
        md_nested("**Scaffolds:**", (md_item(None, text) for text in milestone.scaffolds)),
    ]
    if milestone.tasks:
        names = ", ".join(md_label(tasks[t]) or code(t) for t in milestone.tasks)
        items.append(bullet(f"**Tasks:** {names}"))
    checkpoint = milestone.mastery_checkpoint
    if checkpoint is not None:
        refs = ", ".join(competency_label(unit, ref) for ref in checkpoint.competencies)
        lead = "**Mastery checkpoint**" + (f" ({refs})" if refs else "")
        items.append(md_item(lead + ":", checkpoint.description, always=True))
    nb.markdown(
        "milestone",
        milestone.id,
        f"#### Milestone: {md_label(milestone.title) or code(milestone.id)}",
        f"_{when}_" if when else "",
        md_list(items),
    )


def rubric_rows(rubric: Rubric, *, student: bool, unit: Unit) -> list[list[str]]:
    """One row per criterion: its title (and competencies), then a descriptor per level."""
    rows = []
    for criterion in rubric.criteria:
        refs = ", ".join(competency_label(unit, ref, table=True) for ref in criterion.competencies)
        head = f"**{md_label(criterion.title, table=True) or code(criterion.id)}**"
        if refs:
            head += f" ({refs})"
        if criterion.weight is not None:
            head += f", weight {number_text(criterion.weight)}"
        by_level = {d.level: d for d in criterion.descriptors}
        cells = [head]
        for level in rubric.levels:
            descriptor = by_level.get(level.id)
            if descriptor is None:
                cells.append("")
                continue
            text = descriptor.student if student and descriptor.student.strip() else None
            cells.append(md_flat(text if text is not None else descriptor.teacher))
        rows.append(cells)
    return rows


def rubric_header(rubric: Rubric) -> list[str]:
    header = ["Criterion"]
    for level in rubric.levels:
        title = md_label(level.title, table=True) or code(level.id)
        if level.points is not None:
            title += f" ({number_text(level.points)} pts)"
        header.append(title)
    return header


def rubric_kind_line(rubric: Rubric) -> str:
    kind = {"analytic": "Analytic", "single_point": "Single-point", "holistic": "Holistic"}
    line = f"{kind[rubric.kind]} rubric"
    if rubric.proficient_level is not None:
        level = next((lv for lv in rubric.levels if lv.id == rubric.proficient_level), None)
        name = md_label(level.title) if level is not None else ""
        line += f" · proficient level: {name or code(rubric.proficient_level)}"
    return line


def rubric_table(rubric: Rubric, *, student: bool, unit: Unit) -> str:
    if not rubric.levels:
        return _none("No levels yet.")
    if not rubric.criteria:
        return _none("No criteria yet.")
    return table_markdown(rubric_header(rubric), rubric_rows(rubric, student=student, unit=unit))


def _rubrics(nb: NotebookBuilder, unit: Unit) -> None:
    nb.section("rubrics", "Rubrics", "" if unit.rubrics else _none("No rubrics yet."))
    users: dict[str, list[str]] = {}
    for task in unit.tasks:
        if task.rubric is not None:
            users.setdefault(task.rubric, []).append(md_label(task.title) or code(task.id))
    for rubric in unit.rubrics:
        used = users.get(rubric.id, [])
        nb.markdown(
            "rubric",
            rubric.id,
            f"### {md_label(rubric.title) or code(rubric.id)}",
            f"_{rubric_kind_line(rubric)}_",
            "Used by: " + ", ".join(used) if used else "",
            rubric_table(rubric, student=False, unit=unit),
        )


def _culture(nb: NotebookBuilder, unit: Unit) -> None:
    culture = unit.culture
    teams = culture.teams
    parts = ["## Culture"]
    team_items = []
    if teams.size_min is not None or teams.size_max is not None:
        low, high = teams.size_min, teams.size_max
        size = f"{low}–{high}" if low is not None and high is not None else str(low or high)
        team_items.append(bullet(f"**Team size:** {size}"))
    team_items.append(md_item("**Formation:**", teams.formation))
    team_items.append(md_item("**Team contract:**", teams.contract))
    if any(team_items):
        parts += ["### Teams", md_list(team_items)]
    roles = [
        md_item(f"**{md_label(r.title)}:**", r.description, always=True) for r in culture.roles
    ]
    if roles:
        parts += ["### Roles", md_list(roles)]
    norms = md_list(md_item(None, norm) for norm in culture.norms)
    if norms:
        parts += ["### Norms", norms]
    titles = milestone_titles(unit)
    tasks = {task.id: task.title for task in unit.tasks}
    choices = []
    for choice in culture.voice_and_choice:
        where = []
        if choice.task is not None:
            where.append(md_label(tasks[choice.task]) or code(choice.task))
        if choice.milestone is not None:
            where.append(md_label(titles[choice.milestone]) or code(choice.milestone))
        lead = f"**{words(choice.kind).capitalize()}**"
        lead += f" ({', '.join(where)})" if where else ""
        choices.append(md_item(lead + ":", choice.description, always=True))
    if choices:
        parts += ["### Voice and choice", md_list(choices)]
    supports = [
        md_item(f"**{SUPPORT_WORDS[s.group]}:**", s.description, always=True)
        for s in culture.supports
    ]
    if supports:
        parts += ["### Supports", md_list(supports)]
    if len(parts) == 1:
        parts.append(_none("No culture notes yet."))
    nb.markdown("culture", "culture", *parts)


def _critique(nb: NotebookBuilder, unit: Unit) -> None:
    titles = milestone_titles(unit)
    tasks = {task.id: task.title for task in unit.tasks}
    items = []
    for number, step in enumerate(unit.critique.steps, start=1):
        facts = [md_label(step.protocol), md_label(step.participants)]
        if step.task is not None:
            facts.append(md_label(tasks[step.task]) or code(step.task))
        if step.milestone is not None:
            facts.append(md_label(titles[step.milestone]) or code(step.milestone))
        shown = facts_line(facts)
        lead = f"**{step.kind.capitalize()}**" + (f" ({shown})" if shown else "")
        items.append(md_item(lead + ":", step.description, marker=f"{number}.", always=True))
    nb.markdown(
        "critique",
        "critique",
        "## Critique and revision",
        md_list(items) or _none("No critique or revision steps yet."),
    )


def _public_product(nb: NotebookBuilder, unit: Unit) -> None:
    product = unit.public_product
    audiences = ", ".join(md_label(a) for a in product.audiences if a.strip())
    items = [
        bullet(f"**Audiences:** {audiences}") if audiences else "",
        bullet(f"**Date:** {date_text(product.date)}") if product.date is not None else "",
        bullet(f"**Format:** {md_label(product.format)}") if product.format.strip() else "",
        bullet(f"**Venue:** {md_label(product.venue)}") if product.venue.strip() else "",
    ]
    nb.markdown(
        "public-product",
        "public-product",
        "## Public product",
        safe_markdown(product.description) or _none("No public product yet."),
        md_list(items),
    )


def _reflection(nb: NotebookBuilder, unit: Unit) -> None:
    titles = milestone_titles(unit)
    items = []
    for prompt in unit.reflection.prompts:
        where = f"{prompt.audience.capitalize()}, {prompt.moment}"
        if prompt.milestone is not None:
            where += f", at {md_label(titles[prompt.milestone]) or code(prompt.milestone)}"
        items.append(md_item(f"**{where}:**", prompt.text, always=True))
    nb.markdown(
        "reflection",
        "reflection",
        "## Reflection",
        md_list(items) or _none("No reflection prompts yet."),
    )


def _coverage(nb: NotebookBuilder, unit: Unit) -> None:
    cov = coverage(unit)
    parts = ["## Coverage", "Competencies by task, in path order: what each task does with each."]
    if not cov.competencies:
        parts.append(_none("No competencies are targeted or aligned yet."))
    else:
        header = ["Competency"] + [
            md_label(cov.task_titles[task], table=True) or code(task) for task in cov.tasks
        ]
        rows = []
        for ref in cov.competencies:
            label = md_label(cov.labels[ref], table=True) or code(ref)
            row = [label + ("" if ref in cov.targets else " (not a target)")]
            for task in cov.tasks:
                levels = cov.levels(ref, task)
                row.append(" ".join(LETTERS[level] for level in levels) if levels else "–")
            rows.append(row)
        parts.append(table_markdown(header, rows, ["---"] + [":---:"] * len(cov.tasks)))
        parts.append("I = introduce, P = practice, A = assess, – = not aligned.")
        if cov.gaps:
            parts.append("**Gaps:**")
            parts.append(
                md_list(
                    bullet(f"{md_label(cov.labels[g.competency]) or code(g.competency)}: "
                           f"{GAP_TEXT[g.kind]}")
                    for g in cov.gaps
                )
            )  # fmt: skip
        else:
            parts.append("No gaps: every target is introduced, practised and assessed.")
    nb.markdown("coverage", "coverage", *parts)


SEVERITY_ORDER = {"error": 0, "warning": 1, "info": 2}


def _findings(nb: NotebookBuilder, unit: Unit) -> None:
    findings = sorted(run_checks(unit), key=lambda f: SEVERITY_ORDER[f.severity])
    counts = {s: sum(1 for f in findings if f.severity == s) for s in SEVERITY_ORDER}
    if findings:
        summary = (
            f"The design checks found {_count(counts['error'], 'error')}, "
            f"{_count(counts['warning'], 'warning')} and {_count(counts['info'], 'note')} "
            "when this notebook was exported."
        )
    else:
        summary = "The design checks found nothing to improve when this notebook was exported."
    items = []
    for finding in findings:
        where = code(finding.path or finding.element)
        line = f"**{finding.severity}** {where}: {md_escape(finding.message, line_start=False)}"
        if finding.hint:
            line += f" _Hint: {md_escape(finding.hint, line_start=False)}_"
        items.append(bullet(f"{line} ({code(finding.rule)})"))
    nb.markdown(
        "findings",
        "findings",
        "## Design checks",
        summary,
        md_list(items),
        "_Run `pbl-author check` on the unit file for the current findings._",
    )


def _count(number: int, word: str) -> str:
    return f"{number} {word}{'' if number == 1 else 's'}"
