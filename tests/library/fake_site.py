"""A small hand-written library site that follows the library markup contract.

The real pages come from ``pbl_author.library.site``; search and filtering are tested
on this stand-in so they depend on the contract, not on the site builder:

- ``units/<unit-id>/index.html``: one ``<main data-pagefind-body>`` with the unit's
  text, its ``<h1>`` the title, hidden ``data-pagefind-filter`` spans (one per value)
  and a hidden ``data-pagefind-meta="unit_id"`` span;
- ``index.html``: the search form, one facet fieldset per facet, the card list and the
  status line, loading ``assets/library.js``.

``generated_units(n)`` makes many small units for timing the index.
"""

from __future__ import annotations

import itertools
import random
import shutil
from dataclasses import dataclass, field
from html import escape
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
LIBRARY_JS = REPO / "templates" / "library" / "library.js"

FACETS = [
    ("grade-band", "Grade band"),
    ("subject", "Subject"),
    ("duration", "Duration"),
    ("competency", "Competency"),
    ("framework", "Framework"),
]


@dataclass
class FakeUnit:
    id: str
    title: str
    driving_question: str
    summary: str
    facets: dict[str, list[str]] = field(default_factory=dict)
    lang: str = "en"


FAKE_UNITS = [
    FakeUnit(
        id="water-watchers",
        title="Water Watchers: Caring for Alder Creek",
        driving_question="How can we, as water scientists, help our neighbours keep Alder Creek "
        "a healthy home for the animals that live there?",
        summary="Third graders test the creek's water, map its habitats and share a field guide.",
        facets={
            "grade-band": ["3-5"],
            "subject": ["Science", "Mathematics"],
            "duration": ["4-6 weeks"],
            "competency": ["4Cs: Collaboration", "CASEL: Self-management"],
            "framework": ["4Cs", "CASEL"],
        },
    ),
    FakeUnit(
        id="budget-for-our-school",
        title="Budget for Our School",
        driving_question="How should we spend $15,000 to make Cedar Ridge a better school for "
        "every student, and how can we convince the people who decide?",
        summary="Seventh graders survey classmates, price proposals and pitch a spending plan.",
        facets={
            "grade-band": ["6-8"],
            "subject": ["Mathematics", "Civics"],
            "duration": ["2-3 weeks"],
            "competency": ["4Cs: Communication", "CASEL: Responsible decision-making"],
            "framework": ["4Cs", "CASEL"],
        },
    ),
    FakeUnit(
        id="voices-of-our-town",
        title="Voices of Our Town",
        driving_question="How can we capture and share the stories of the people who shaped "
        "our town before they are lost?",
        summary="Tenth graders record oral histories and publish a podcast with the museum.",
        facets={
            "grade-band": ["9-12"],
            "subject": ["English language arts", "History"],
            "duration": ["4-6 weeks"],
            "competency": ["4Cs: Collaboration", "4Cs: Communication"],
            "framework": ["4Cs"],
        },
    ),
]


def unit_page(unit: FakeUnit) -> str:
    spans = "\n".join(
        f'<span hidden data-pagefind-filter="{name}">{escape(value)}</span>'
        for name, _ in FACETS
        for value in unit.facets.get(name, [])
    )
    return f"""<!doctype html>
<html lang="{unit.lang}">
<head><meta charset="utf-8"><title>{escape(unit.title)}</title>
<link rel="stylesheet" href="../../assets/library.css"></head>
<body>
<nav><a href="../../">All units</a></nav>
<main data-pagefind-body>
<h1>{escape(unit.title)}</h1>
<h2>Driving question</h2>
<p>{escape(unit.driving_question)}</p>
<h2>Summary</h2>
<p>{escape(unit.summary)}</p>
{spans}
<span hidden data-pagefind-meta="unit_id">{escape(unit.id)}</span>
</main>
<footer>A library footer that mentions every word: creek budget stories.</footer>
</body>
</html>
"""


def _facet_panel(units: list[FakeUnit]) -> str:
    panels = []
    for name, legend in FACETS:
        counts: dict[str, int] = {}
        for unit in units:
            for value in unit.facets.get(name, []):
                counts[value] = counts.get(value, 0) + 1
        boxes = "\n".join(
            f'<label><input type="checkbox" name="{name}" value="{escape(value)}"> '
            f'{escape(value)} <span class="pbl-count">({count})</span></label>'
            for value, count in sorted(counts.items())
        )
        panels.append(
            f'<fieldset class="pbl-facet" data-facet="{name}"><legend>{legend}</legend>\n'
            f"{boxes}\n</fieldset>"
        )
    return "\n".join(panels)


def _card(unit: FakeUnit) -> str:
    data = " ".join(
        f'data-{name}="{escape("|".join(unit.facets.get(name, [])))}"' for name, _ in FACETS
    )
    return (
        f'<li class="pbl-card" data-unit="{unit.id}" {data}>'
        f'<h2><a href="units/{unit.id}/">{escape(unit.title)}</a></h2>'
        f"<p>{escape(unit.summary)}</p></li>"
    )


def catalogue_page(units: list[FakeUnit]) -> str:
    cards = "\n".join(_card(unit) for unit in units)
    return f"""<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Unit library</title>
<link rel="stylesheet" href="assets/library.css"></head>
<body>
<main>
<h1>Unit library</h1>
<form id="pbl-search-form" role="search">
<label for="pbl-search">Search units</label>
<input id="pbl-search" type="search" name="q">
</form>
<div class="pbl-facets">
{_facet_panel(units)}
</div>
<p id="pbl-status" role="status" aria-live="polite"></p>
<ol id="pbl-cards">
{cards}
</ol>
</main>
<script src="assets/library.js" defer></script>
</body>
</html>
"""


def write_fake_site(root: Path, units: list[FakeUnit] | None = None) -> Path:
    """Write the fake site into ``root`` (created) and return it."""
    units = FAKE_UNITS if units is None else units
    (root / "assets").mkdir(parents=True, exist_ok=True)
    (root / "index.html").write_text(catalogue_page(units), encoding="utf-8")
    (root / "assets" / "library.css").write_text("[hidden]{display:none}\n", encoding="utf-8")
    if LIBRARY_JS.exists():
        shutil.copy(LIBRARY_JS, root / "assets" / "library.js")
    for unit in units:
        folder = root / "units" / unit.id
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "index.html").write_text(unit_page(unit), encoding="utf-8")
    return root


_SYLLABLES = ["ka", "lo", "mi", "re", "tu", "sa", "ne", "po", "fi", "da", "ru", "ve", "zo",
              "bi", "ta", "le", "no", "gu", "cha", "wen"]  # fmt: skip
_COMMON = ["students", "explore", "how", "the", "community", "river", "school", "garden",
           "energy", "city", "history", "data", "design", "build", "test", "share", "present",
           "audience", "model", "map", "survey", "interview", "story"]  # fmt: skip


def generated_units(count: int, *, seed: int = 8, words: int = 250) -> list[FakeUnit]:
    """``count`` small units with a realistic spread of vocabulary and facet values."""
    rng = random.Random(seed)
    vocabulary = _COMMON + [
        "".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(2, 4))) for _ in range(20000)
    ]
    bands = ["K-2", "3-5", "6-8", "9-12"]
    subjects = ["Science", "Mathematics", "History", "Civics", "Art", "Engineering"]
    durations = ["1 week", "2-3 weeks", "4-6 weeks", "a semester"]
    competencies = [
        "4Cs: Collaboration",
        "4Cs: Communication",
        "4Cs: Creativity",
        "4Cs: Critical thinking",
        "CASEL: Self-awareness",
        "CASEL: Self-management",
        "CASEL: Social awareness",
    ]
    # Word frequencies fall off as 1/rank (Zipf), like real text.
    weights = list(itertools.accumulate(1 / rank for rank in range(1, len(vocabulary) + 1)))
    units = []
    for number in range(count):
        chosen = rng.sample(competencies, rng.randint(1, 3))
        text = " ".join(rng.choices(vocabulary, cum_weights=weights, k=words))
        units.append(
            FakeUnit(
                id=f"unit-{number:05d}",
                title=f"Unit {number}: {rng.choice(vocabulary).title()}",
                driving_question=f"How can we {' '.join(rng.sample(vocabulary, 8))}?",
                summary=text,
                facets={
                    "grade-band": [rng.choice(bands)],
                    "subject": rng.sample(subjects, rng.randint(1, 2)),
                    "duration": [rng.choice(durations)],
                    "competency": chosen,
                    "framework": sorted({c.split(":")[0] for c in chosen}),
                },
            )
        )
    return units
