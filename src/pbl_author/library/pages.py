"""The library site's pages, from the catalogue (``UnitCard``s) and, for a unit's own
page, the unit. Templates are in ``templates/library/``; a unit page extends the unit
one-pager export, so the two never drift apart."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from markupsafe import Markup

from ..checks import Finding
from ..checks.coverage import LETTERS, coverage, coverage_html
from ..formats.unit_html import findings_by_severity, helpers, unit_css, unit_view
from ..model import Unit
from ..render.templates import render_template, shared_css
from .catalog import UnitCard
from .config import LibraryConfig

FACET_TITLES = {
    "grade-band": "Grade band",
    "subject": "Subject",
    "duration": "Duration",
    "competency": "Competency",
    "framework": "Framework",
}
#: Frameworks whose competencies get a column each in the library heatmap.
CROSS_CUTTING = ("4cs", "casel")


def site_css() -> str:
    """``assets/library.css``: the export styles and the library's own."""
    from ..resources import templates_dir

    own = (templates_dir() / "library" / "library.css").read_text(encoding="utf-8")
    return "\n".join([shared_css(), unit_css(), own])


def competency_slug(ref: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", ref.lower()).strip("-") or "competency"


def unit_page(unit: Unit, card: UnitCard, findings: list[Finding], library: LibraryConfig) -> str:
    """``units/ID/index.html``."""
    cov = coverage(unit)
    return render_template(
        "library_unit.html.j2",
        root="../../",
        current="unit",
        library=library,
        card=card,
        unit_css=unit_css(),
        coverage_table=Markup(coverage_html(cov)) if cov.tasks and cov.competencies else None,
        findings=findings,
        finding_groups=findings_by_severity(findings),
        **unit_view(unit),
    )


def _facet_values(cards: list[UnitCard], key: str) -> list[tuple[str, int]]:
    counts: Counter[str] = Counter()
    for card in cards:
        if key == "grade-band":
            values = card.grade_bands
        elif key == "subject":
            values = card.subjects
        elif key == "duration":
            values = [card.duration_band]
        elif key == "competency":
            values = [c.label for c in card.competencies]
        else:
            values = card.frameworks
        counts.update(set(values))
    return sorted(counts.items(), key=lambda item: (-item[1], item[0]))


def index_page(cards: list[UnitCard], library: LibraryConfig) -> str:
    facets = [
        {"key": key, "title": FACET_TITLES[key], "options": _facet_values(cards, key)}
        for key in library.facets
    ]
    return render_template(
        "library_index.html.j2",
        root="",
        current="index",
        library=library,
        cards=cards,
        facets=[facet for facet in facets if facet["options"]],
        **helpers(),
    )


@dataclass
class CompetencyPage:
    ref: str
    code: str
    label: str
    statement: str
    framework: str
    framework_id: str
    url: str
    units: list[UnitCard] = field(default_factory=list)
    assessed: list[UnitCard] = field(default_factory=list)
    others: list[UnitCard] = field(default_factory=list)


def competency_pages(cards: list[UnitCard]) -> dict[str, CompetencyPage]:
    """One page per competency any unit aligns to, by reference (unique slugs)."""
    pages: dict[str, CompetencyPage] = {}
    slugs: set[str] = set()
    for card in cards:
        for entry in card.competencies:
            page = pages.get(entry.ref)
            if page is None:
                slug, number = competency_slug(entry.ref), 2
                base = slug
                while slug in slugs:
                    slug, number = f"{base}-{number}", number + 1
                slugs.add(slug)
                page = pages[entry.ref] = CompetencyPage(
                    ref=entry.ref,
                    code=entry.code,
                    label=entry.label,
                    statement=entry.statement,
                    framework=entry.framework,
                    framework_id=entry.framework_id,
                    url=f"competencies/{slug}/",
                )
            page.units.append(card)
            (page.assessed if "assess" in entry.levels else page.others).append(card)
    return dict(sorted(pages.items(), key=lambda item: (item[1].framework, item[1].label)))


def competencies_page(pages: dict[str, CompetencyPage], library: LibraryConfig) -> str:
    groups: dict[str, list[CompetencyPage]] = {}
    for page in pages.values():
        groups.setdefault(page.framework, []).append(page)
    return render_template(
        "library_competencies.html.j2",
        root="../",
        current="competencies",
        library=library,
        groups=list(groups.items()),
        **helpers(),
    )


def competency_page(page: CompetencyPage, library: LibraryConfig) -> str:
    return render_template(
        "library_competency.html.j2",
        root="../../",
        current="competencies",
        library=library,
        entry=page,
        **helpers(),
    )


def heatmap_page(
    cards: list[UnitCard], pages: dict[str, CompetencyPage], library: LibraryConfig
) -> str:
    """Units (rows) by the 4Cs and CASEL competencies and by subject frameworks (columns)."""
    columns = []
    for ref, page in pages.items():
        if page.framework_id in CROSS_CUTTING:
            columns.append(
                {
                    "key": ref,
                    "title": page.code or ref,
                    "url": f"../{page.url}",
                    "assessed": len(page.assessed),
                }
            )
    frameworks = sorted(
        {p.framework for p in pages.values() if p.framework_id not in CROSS_CUTTING}
    )
    for framework in frameworks:
        assessed = {
            card.id for p in pages.values() if p.framework == framework for card in p.assessed
        }
        columns.append(
            {
                "key": framework,
                "title": framework,
                "url": "../competencies/",
                "assessed": len(assessed),
            }
        )
    rows = []
    for card in sorted(cards, key=lambda c: (c.title.casefold(), c.id)):
        by_ref = {entry.ref: entry for entry in card.competencies}
        cells = []
        for column in columns:
            entry = by_ref.get(column["key"])
            if entry is not None:
                letters = " ".join(LETTERS[level] for level in entry.levels)
                css = "pbl-assess" if "assess" in entry.levels else "pbl-practice"
                cells.append({"text": letters or "target", "css": css if letters else ""})
                continue
            if column["key"] in frameworks:
                mine = [e for e in card.competencies if e.framework == column["key"]]
                if mine:
                    assessed = sum("assess" in e.levels for e in mine)
                    cells.append({"text": f"{len(mine)} ({assessed} A)", "css": ""})
                    continue
            cells.append({"text": "", "css": ""})
        rows.append({"title": card.title, "url": f"../{card.url}", "cells": cells})
    return render_template(
        "library_heatmap.html.j2",
        root="../",
        current="heatmap",
        library=library,
        columns=columns,
        rows=rows,
        **helpers(),
    )


__all__ = [
    "competencies_page",
    "competency_page",
    "competency_pages",
    "heatmap_page",
    "index_page",
    "site_css",
    "unit_page",
]
