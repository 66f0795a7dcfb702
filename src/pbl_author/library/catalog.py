"""A unit's entry in the library catalogue: what a card, a facet, the heatmap and the
feed need, taken from the unit once when it is built and kept in the build manifest
(so an unchanged unit is never read again)."""

from __future__ import annotations

from collections import Counter

from pydantic import BaseModel, ConfigDict, Field

from ..formats.unit_html import duration_text
from ..model import ALIGNMENT_LEVELS, Unit
from ..render.text import one_line

#: Grade bands of the grade-band facet, and the grades in each.
GRADE_BANDS: dict[str, tuple[str, ...]] = {
    "Early years": ("PK", "K"),
    "K-2": ("K", "1", "2"),
    "3-5": ("3", "4", "5"),
    "6-8": ("6", "7", "8"),
    "9-12": ("9", "10", "11", "12"),
    "Higher and adult": ("HE", "AE"),
}
DURATION_BANDS = ((1, "1 week or less"), (2, "1-2 weeks"), (4, "3-4 weeks"), (6, "5-6 weeks"))
LONGER = "More than 6 weeks"
UNKNOWN_DURATION = "Not stated"


class CompetencyEntry(BaseModel):
    model_config = ConfigDict(extra="forbid")

    ref: str
    label: str  # the facet and column label: "4C.COL: Works with others toward…"
    code: str
    statement: str
    framework: str  # the framework's title as the unit records it (or its id)
    framework_id: str
    #: How the unit uses it: the levels it reaches in tasks ("introduce", "practice", "assess").
    levels: list[str] = Field(default_factory=list)
    tasks: int = 0  # tasks and other evidence aligned to it


class UnitCard(BaseModel):
    """One unit of the library, as the catalogue shows it."""

    model_config = ConfigDict(extra="forbid")

    id: str
    title: str
    source: str  # the unit file, relative to the library root
    url: str  # the unit's page, relative to the site root ("units/ID/")
    summary: str = ""
    driving_question: str = ""
    grades: list[str] = Field(default_factory=list)
    grade_bands: list[str] = Field(default_factory=list)
    subjects: list[str] = Field(default_factory=list)
    duration: str = ""
    duration_band: str = UNKNOWN_DURATION
    status: str = "draft"
    license: str = ""
    competencies: list[CompetencyEntry] = Field(default_factory=list)
    frameworks: list[str] = Field(default_factory=list)
    errors: int = 0
    warnings: int = 0
    downloads: list[tuple[str, str]] = Field(default_factory=list)  # (title, file name)

    @property
    def top_competencies(self) -> list[CompetencyEntry]:
        """Up to three competencies the unit works on most (assessed first)."""
        ranked = sorted(
            self.competencies, key=lambda c: ("assess" not in c.levels, -c.tasks, c.label)
        )
        return ranked[:3]


def grade_bands(grades: list[str]) -> list[str]:
    return [band for band, members in GRADE_BANDS.items() if set(grades) & set(members)]


def duration_band(weeks: float | None) -> str:
    if weeks is None:
        return UNKNOWN_DURATION
    for limit, name in DURATION_BANDS:
        if weeks <= limit:
            return name
    return LONGER


def competency_label(code: str, ref: str, statement: str) -> str:
    return f"{code or ref}: {one_line(statement, 48)}"


def card_for(unit: Unit, source: str, downloads: list[tuple[str, str]], findings) -> UnitCard:
    """The catalogue entry of ``unit`` (``findings``: its design-check findings)."""
    levels: dict[str, set[str]] = {}
    uses: Counter[str] = Counter()
    for item in (*unit.tasks, *unit.other_evidence):
        for alignment in item.alignments:
            levels.setdefault(alignment.competency, set()).add(alignment.level)
            uses[alignment.competency] += 1
    targets = {target.competency for target in unit.goals.targets}
    entries = [
        CompetencyEntry(
            ref=c.ref,
            label=competency_label(c.code, c.ref, c.statement),
            code=c.code,
            statement=c.statement,
            framework=c.framework or c.framework_id,
            framework_id=c.framework_id,
            levels=[level for level in ALIGNMENT_LEVELS if level in levels.get(c.ref, ())],
            tasks=uses[c.ref],
        )
        for c in unit.competencies
        if c.ref in levels or c.ref in targets
    ]
    identity = unit.identity
    return UnitCard(
        id=unit.id,
        title=unit.title,
        source=source,
        url=f"units/{unit.id}/",
        summary=identity.summary,
        driving_question=unit.framing.driving_question,
        grades=list(identity.grades),
        grade_bands=grade_bands(list(identity.grades)),
        subjects=list(identity.subjects),
        duration=duration_text(unit),
        duration_band=duration_band(identity.duration.weeks),
        status=unit.status,
        license=identity.license,
        competencies=entries,
        frameworks=sorted({entry.framework for entry in entries}),
        errors=sum(f.severity == "error" for f in findings),
        warnings=sum(f.severity == "warning" for f in findings),
        downloads=downloads,
    )


__all__ = ["GRADE_BANDS", "CompetencyEntry", "UnitCard", "card_for", "grade_bands"]
