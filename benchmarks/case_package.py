"""A realistic, deterministic CASE 1.1 package of any size, for benchmarks.

``make_case_package(n_items=50_000, seed=...) -> bytes`` returns a CFPackage JSON
document (UTF-8, compact) shaped like a state's all-subjects standards export:

- one CFDocument; ``n_items`` CFItems in a 5-7 level hierarchy
  (subject -> grade or grade band -> domain -> cluster -> standard ->
  sub-standard -> occasionally an indicator);
- ``humanCodingScheme`` codes in the styles of the real sets: ``7.RP.A.2a`` (CCSS
  mathematics), ``MS-ESS3-3`` (NGSS), ``D2.Civ.10.6-8`` (C3 social studies),
  ``W.9-10.3`` (CCSS ELA), ``1B-AP-10`` (CSTA computer science) and
  ``VA:Cr1.1.7a`` (National Core Arts);
- statements of 15-60 words for standards and their parts (shorter titles for
  subjects, grades and domains, which also carry an ``abbreviatedStatement``),
  written from subject vocabularies with a Zipf-like word frequency;
- ``educationLevel`` lists in CEDS form (``"KG"``, ``"07"``, ``["06", "07", "08"]``),
  ``CFItemType`` with ``CFItemTypeURI`` and ``CFDefinitions.CFItemTypes``, some
  ``conceptKeywords``;
- an ``isChildOf`` association with a ``sequenceNumber`` for every item (listed in
  identifier order, not tree order, as exports often are), a few ``exactMatchOf``
  associations to items of other documents and a few ``isRelatedTo`` ones.

The same ``n_items`` and ``seed`` always give the same bytes. Run it as a script to
write a package: ``python benchmarks/case_package.py --items 50000 -o big.json``.
"""

from __future__ import annotations

import argparse
import json
import random
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

DEFAULT_SEED = 20240611
BASE = "https://case.example.org/ims/case/v1p1"
STAMP = "2024-06-11T09:30:00+00:00"

# -- vocabularies -----------------------------------------------------------------------


def _words(text: str) -> list[str]:
    return text.split()


_GENERAL = _words(
    """
students evidence information model models patterns relationships ideas reasoning problems
strategies structure structures function systems data text texts argument arguments claims
claim sources source examples example purpose audience context perspectives perspective
features concepts processes process effects causes change changes interactions solutions
solution design questions question explanation explanations representations results
properties quantities situations communities community events factors details elements
tools methods techniques conclusions observations investigations investigation analysis
point view meaning connections comparisons criteria constraints trade offs outcomes
"""
)

_VERBS = [
    "Analyze", "Apply", "Ask questions about", "Cite evidence to support", "Compare",
    "Compare and contrast", "Construct an argument about", "Construct an explanation of",
    "Create", "Define", "Demonstrate understanding of", "Describe", "Determine",
    "Develop a model to describe", "Develop and use a model of", "Distinguish between",
    "Evaluate", "Explain", "Explain how", "Generate", "Identify", "Interpret",
    "Investigate", "Make sense of", "Obtain and communicate information about",
    "Plan and carry out an investigation of", "Recognize", "Represent",
    "Solve problems involving", "Summarize", "Understand", "Use", "Use evidence to argue for",
    "Use mathematical reasoning about",
    "Write arguments to support claims about", "Write informative texts about", "Refine",
    "Present", "Integrate", "Trace", "Assess", "Delineate", "Organize", "Classify", "Predict",
    "Model", "Calculate", "Estimate", "Justify", "Critique", "Revise", "Produce", "Perform",
    "Collaborate to design", "Debug", "Decompose", "Reflect on", "Select", "Examine",
]  # fmt: skip
_CONNECTORS = [
    "including", "such as", "in order to explain", "using", "based on", "with attention to",
    "and", "to show how", "that describe", "across", "within", "in relation to",
    "to determine", "drawing on", "by comparing", "and how they affect", "as well as",
    "when analyzing", "for", "that explain", "to support", "among",
]  # fmt: skip
_ADJECTIVES = _words(
    """
relevant multiple complex different scientific historical mathematical cultural economic
political social natural physical chemical biological digital local global simple key
central appropriate accurate diverse multiple primary secondary informational literary
academic specific quantitative qualitative environmental human regional national civic
visual written oral real world proportional linear rational numerical statistical
geometric algebraic artistic musical creative technical ethical
"""
)

_SUBJECT_WORDS = {
    "math": """
ratio ratios rate rates unit proportional relationships proportion percent percents fraction
fractions decimal decimals equation equations expression expressions inequality inequalities
variable variables coefficient coefficients integer integers rational irrational number
numbers operations addition subtraction multiplication division factor factors multiple
multiples exponent exponents root roots function functions graph graphs coordinate plane
axis slope intercept line lines angle angles triangle triangles polygon polygons circle
circles area perimeter volume surface prism prisms cylinder cone sphere scale drawing
drawings similarity congruence transformation transformations rotation reflection
translation dilation probability sample samples population distribution mean median mode
range variability histogram dot plot box plots scatter association measurement units
place value digit digits sum difference product quotient remainder estimate pattern
sequence arithmetic geometric algebra geometry statistics constant proportionality
""",
    "science": """
water cycle photosynthesis energy matter atoms molecules particles force forces motion
gravity mass weight temperature heat thermal conduction radiation waves light sound
wavelength frequency amplitude electricity magnetism magnetic electric circuit circuits
ecosystem ecosystems organisms organism cells cell tissue organs species population
populations habitat habitats food web chain producers consumers decomposers predator prey
adaptation adaptations traits inheritance genes genetic variation evolution natural
selection fossils fossil rock rocks minerals soil erosion weathering deposition plate
tectonics earthquake earthquakes volcano volcanoes weather climate atmosphere ocean
oceans precipitation evaporation condensation groundwater watershed resources natural
hazards human impact pollution solar system planets moon stars sun galaxy universe
orbit seasons chemical reaction reactions substances mixtures solutions properties
density structure function growth development reproduction respiration nutrients
biodiversity carbon oxygen nitrogen engineering design criteria constraints prototype
""",
    "social": """
government citizens citizenship civic civics democracy constitution rights
responsibilities laws rules elections voting participation institutions policy policies
economy economic markets trade goods services scarcity supply demand prices money
income taxes budget geography maps map regions region places location migration
settlement culture cultures history historical events chronology continuity change
causation primary secondary sources historians perspectives conflict cooperation
revolution independence colonization industrialization immigration movements reform
justice equality freedom power authority federal state local tribal nations treaties
war peace society communities family families environment land resources population
""",
    "ela": """
reading writing speaking listening language literature informational story stories
poem poems drama character characters setting plot theme themes central idea main
details summary narrator point view author authors word words phrases vocabulary
figurative connotative meaning tone style structure paragraph paragraphs sentence
sentences grammar usage conventions capitalization punctuation spelling evidence
inference inferences claim claims counterclaims reasons rhetoric argument arguments
research sources citation discussion discussions presentation presentations media
multimedia audience purpose task narrative narratives informative explanatory essay
essays revision editing drafting fluency comprehension phonics decoding syllables
""",
    "cs": """
algorithm algorithms program programs programming code loops loop conditionals
variables events functions procedures parameters debugging errors data collection
storage visualization computing devices hardware software network networks internet
protocols cybersecurity encryption passwords privacy security computational thinking
abstraction decomposition modularity testing iteration user interface impacts
inclusion accessibility automation simulation models inputs outputs memory processor
binary bits bytes packets routing servers apps applications
""",
    "arts": """
artwork artworks art artists artist media medium materials techniques composition
color line shape form texture space value contrast balance rhythm movement unity
music musical melody harmony rhythm tempo dynamics timbre notation performance
performances ensemble rehearsal dance dancers choreography theatre theater actors
scene script improvisation design designs audience exhibition portfolio critique
criteria intent interpretation expression style styles tradition traditions
""",
}

_ROOT_PREFIXES = _words(
    """
bio geo hydro thermo photo electro micro macro eco astro chemo neuro socio econo
aero agro cardio cyto eco gastro litho meteoro morpho paleo phyto seismo topo volcano
"""
)
_ROOT_CORES = _words("graph log metr spher system synth lys tect morph gen dynam stat phon scop")
_ROOT_SUFFIXES = _words("y ic ical ics esis ism ist ation al")


def _technical_terms(rng: random.Random, compounds: int = 8000) -> list[str]:
    """Rare, plausible technical words (``hydrometric``, ``biogeochronology``...).

    Real standards sets have a vocabulary of ten to twenty thousand words, most of
    them rare; these terms make that long tail.
    """
    terms = {
        prefix + core + suffix
        for prefix in _ROOT_PREFIXES
        for core in _ROOT_CORES
        for suffix in _ROOT_SUFFIXES
    }
    while len(terms) < 3000 + compounds:
        first, second = rng.sample(_ROOT_PREFIXES, 2)
        terms.add(first + second + rng.choice(_ROOT_CORES) + rng.choice(_ROOT_SUFFIXES))
    return sorted(terms)


class _Zipf:
    """Draws from word lists with a Zipf-like frequency.

    Each list is shuffled, then the lists are ranked in the order given: common
    subject words first, rare technical terms in the long tail.
    """

    def __init__(self, lists: list[list[str]], rng: random.Random, exponent: float = 1.05) -> None:
        words: list[str] = []
        for group in lists:
            group = [word for word in dict.fromkeys(group) if word not in words]
            rng.shuffle(group)
            words += group
        self.words = words
        total = 0.0
        self.cumulative = []
        for rank in range(1, len(words) + 1):
            total += 1.0 / rank**exponent
            self.cumulative.append(total)

    def draw(self, rng: random.Random, count: int = 1) -> list[str]:
        return rng.choices(self.words, cum_weights=self.cumulative, k=count)


# -- subjects and their code styles -----------------------------------------------------


@dataclass
class _Subject:
    key: str
    title: str
    code: str
    grades: list[tuple[str, str, list[str]]]  # (code part, title, CEDS levels)
    domains: list[tuple[str, str]]  # (code part, title)
    weight: float
    domain_code: Callable[[str, str], str]
    cluster_code: Callable[[str, str, int], str]
    standard_code: Callable[[str, str, int, int], str]
    sub_code: Callable[[str, int], str]
    indicator_code: Callable[[str, int], str]
    standard_type: str = "Standard"
    sub_type: str = "Component"
    words: list[str] = field(default_factory=list)


def _ceds(grade: str) -> str:
    return {"K": "KG", "PK": "PK"}.get(grade, f"{int(grade):02d}" if grade.isdigit() else grade)


def _band(low: int, high: int) -> list[str]:
    return [_ceds(str(grade)) if grade else "KG" for grade in range(low, high + 1)]


_LETTERS = "abcdefghijklmnopqrstuvwxyz"
_CAPS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def _letter(number: int) -> str:
    return _LETTERS[number % 26] * (1 + number // 26)


def _cap(number: int) -> str:
    return _CAPS[number % 26] * (1 + number // 26)


def _subjects() -> list[_Subject]:
    single = [("K", "Kindergarten", ["KG"])] + [
        (str(grade), f"Grade {grade}", [_ceds(str(grade))]) for grade in range(1, 9)
    ]
    return [
        _Subject(
            key="math",
            title="Mathematics",
            code="MATH",
            grades=[
                *single,
                ("HSN", "High School: Number and Quantity", _band(9, 12)),
                ("HSA", "High School: Algebra", _band(9, 12)),
                ("HSF", "High School: Functions", _band(9, 12)),
                ("HSG", "High School: Geometry", _band(9, 12)),
                ("HSS", "High School: Statistics and Probability", _band(9, 12)),
            ],
            domains=[
                ("CC", "Counting and Cardinality"),
                ("OA", "Operations and Algebraic Thinking"),
                ("NBT", "Number and Operations in Base Ten"),
                ("NF", "Number and Operations—Fractions"),
                ("MD", "Measurement and Data"),
                ("G", "Geometry"),
                ("RP", "Ratios and Proportional Relationships"),
                ("NS", "The Number System"),
                ("EE", "Expressions and Equations"),
                ("F", "Functions"),
                ("SP", "Statistics and Probability"),
            ],
            weight=0.22,
            domain_code=lambda grade, domain: (
                f"{grade}-{domain}" if grade.startswith("HS") else f"{grade}.{domain}"
            ),
            cluster_code=lambda domain_code, _domain, number: f"{domain_code}.{_cap(number)}",
            standard_code=lambda cluster_code, _domain, _grade, number: f"{cluster_code}.{number}",
            sub_code=lambda standard, number: f"{standard}{_letter(number)}",
            indicator_code=lambda sub, number: f"{sub}.{number}",
        ),
        _Subject(
            key="science",
            title="Science",
            code="SCI",
            grades=[
                ("K", "Kindergarten", ["KG"]),
                *[(str(grade), f"Grade {grade}", [_ceds(str(grade))]) for grade in range(1, 6)],
                ("MS", "Middle School", _band(6, 8)),
                ("HS", "High School", _band(9, 12)),
            ],
            domains=[
                ("PS1", "Matter and Its Interactions"),
                ("PS2", "Motion and Stability: Forces and Interactions"),
                ("PS3", "Energy"),
                ("PS4", "Waves and Their Applications"),
                ("LS1", "From Molecules to Organisms: Structures and Processes"),
                ("LS2", "Ecosystems: Interactions, Energy, and Dynamics"),
                ("LS3", "Heredity: Inheritance and Variation of Traits"),
                ("LS4", "Biological Evolution: Unity and Diversity"),
                ("ESS1", "Earth's Place in the Universe"),
                ("ESS2", "Earth's Systems"),
                ("ESS3", "Earth and Human Activity"),
                ("ETS1", "Engineering Design"),
            ],
            weight=0.22,
            domain_code=lambda grade, domain: f"{grade}-{domain}",
            cluster_code=lambda _code, domain, number: f"{domain}.{_cap(number)}",
            standard_code=lambda _cluster, domain, grade, number: f"{grade}-{domain}-{number}",
            sub_code=lambda standard, number: f"{standard}.{number + 1}",
            indicator_code=lambda sub, number: f"{sub}.{_letter(number)}",
            standard_type="Performance Expectation",
            sub_type="Evidence Statement",
        ),
        _Subject(
            key="social",
            title="Social Studies",
            code="SS",
            grades=[
                ("K-2", "Grades K-2", _band(0, 2)),
                ("3-5", "Grades 3-5", _band(3, 5)),
                ("6-8", "Grades 6-8", _band(6, 8)),
                ("9-12", "Grades 9-12", _band(9, 12)),
            ],
            domains=[
                ("D1", "Developing Questions and Planning Inquiries"),
                ("D2.Civ", "Civics"),
                ("D2.Eco", "Economics"),
                ("D2.Geo", "Geography"),
                ("D2.His", "History"),
                ("D3", "Evaluating Sources and Using Evidence"),
                ("D4", "Communicating Conclusions and Taking Informed Action"),
            ],
            weight=0.16,
            domain_code=lambda grade, domain: f"{domain}.{grade}",
            cluster_code=lambda domain_code, _domain, number: f"{domain_code}.{_cap(number)}",
            standard_code=lambda _cluster, domain, grade, number: f"{domain}.{number}.{grade}",
            sub_code=lambda standard, number: f"{standard}.{_letter(number)}",
            indicator_code=lambda sub, number: f"{sub}.{number + 1}",
            standard_type="Indicator",
        ),
        _Subject(
            key="ela",
            title="English Language Arts",
            code="ELA",
            grades=[
                *single,
                ("9-10", "Grades 9-10", _band(9, 10)),
                ("11-12", "Grades 11-12", _band(11, 12)),
            ],
            domains=[
                ("RL", "Reading: Literature"),
                ("RI", "Reading: Informational Text"),
                ("RF", "Reading: Foundational Skills"),
                ("W", "Writing"),
                ("SL", "Speaking and Listening"),
                ("L", "Language"),
                ("RH", "Reading in History/Social Studies"),
                ("RST", "Reading in Science and Technical Subjects"),
                ("WHST", "Writing in History/Social Studies, Science and Technical Subjects"),
            ],
            weight=0.2,
            domain_code=lambda grade, domain: f"{domain}.{grade}",
            cluster_code=lambda domain_code, _domain, number: f"{domain_code}.{_cap(number)}",
            standard_code=lambda _cluster, domain, grade, number: f"{domain}.{grade}.{number}",
            sub_code=lambda standard, number: f"{standard}{_letter(number)}",
            indicator_code=lambda sub, number: f"{sub}.{number + 1}",
        ),
        _Subject(
            key="cs",
            title="Computer Science",
            code="CS",
            grades=[
                ("1A", "Level 1A (ages 5-7)", _band(0, 2)),
                ("1B", "Level 1B (ages 8-11)", _band(3, 5)),
                ("2", "Level 2 (ages 11-14)", _band(6, 8)),
                ("3A", "Level 3A (ages 14-16)", _band(9, 10)),
                ("3B", "Level 3B (ages 16-18)", _band(11, 12)),
            ],
            domains=[
                ("CS", "Computing Systems"),
                ("NI", "Networks and the Internet"),
                ("DA", "Data and Analysis"),
                ("AP", "Algorithms and Programming"),
                ("IC", "Impacts of Computing"),
            ],
            weight=0.08,
            domain_code=lambda grade, domain: f"{grade}-{domain}",
            cluster_code=lambda domain_code, _domain, number: f"{domain_code}.{_cap(number)}",
            standard_code=lambda _cluster, domain, grade, number: f"{grade}-{domain}-{number:02d}",
            sub_code=lambda standard, number: f"{standard}.{_letter(number)}",
            indicator_code=lambda sub, number: f"{sub}.{number + 1}",
        ),
        _Subject(
            key="arts",
            title="Arts",
            code="ARTS",
            grades=[
                ("PK", "Pre-Kindergarten", ["PK"]),
                *single,
                ("HSI", "High School Proficient", _band(9, 12)),
                ("HSA", "High School Accomplished", _band(9, 12)),
            ],
            domains=[
                ("VA", "Visual Arts"),
                ("MU", "Music"),
                ("DA", "Dance"),
                ("TH", "Theatre"),
                ("MA", "Media Arts"),
            ],
            weight=0.12,
            domain_code=lambda grade, domain: f"{domain}.{grade}",
            cluster_code=lambda _code, domain, number: (
                f"{domain}:{('Cr', 'Pr', 'Re', 'Cn')[number % 4]}{number + 1}"
            ),
            standard_code=lambda cluster, _domain, grade, number: f"{cluster}.{number}.{grade}",
            sub_code=lambda standard, number: f"{standard}{_letter(number)}",
            indicator_code=lambda sub, number: f"{sub}.{number + 1}",
        ),
    ]


# -- statements -------------------------------------------------------------------------


class _Writer:
    """Writes plausible statements from a subject's vocabulary."""

    def __init__(self, rng: random.Random, subject_words: list[str], technical: list[str]):
        self.rng = rng
        self.nouns = _Zipf([subject_words + _GENERAL, technical], rng)
        self.adjectives = _Zipf([_ADJECTIVES], rng)
        self.verbs = _Zipf([_VERBS], rng, exponent=0.8)
        self.connectors = _Zipf([_CONNECTORS], rng, exponent=0.7)

    def _phrase(self) -> list[str]:
        rng = self.rng
        words = []
        if rng.random() < 0.45:
            words += self.adjectives.draw(rng)
        words += self.nouns.draw(rng, rng.choice((1, 1, 2)))
        if rng.random() < 0.3:
            words += [rng.choice(("of", "in", "for", "with")), *self.nouns.draw(rng)]
        return words

    def statement(self, low: int, high: int) -> str:
        rng = self.rng
        target = rng.randint(low, high)
        words = self.verbs.draw(rng)[0].split() + self._phrase()
        while len(words) < target:
            roll = rng.random()
            if roll < 0.12 and len(words) + 6 < target:
                examples = [" ".join(self._phrase()) for _ in range(rng.randint(2, 3))]
                words += ["(e.g.,", ", ".join(examples[:-1]), "and", examples[-1] + ")"]
            elif roll < 0.2:
                words[-1] += ";"
                words += self.verbs.draw(rng)[0].lower().split() + self._phrase()
            else:
                words += self.connectors.draw(rng)[0].split() + self._phrase()
        text = " ".join(words)
        text = " ".join(text.split()[:high]).rstrip(",;(")
        if text.count("(") > text.count(")"):
            text += ")"
        return text + "."

    def title(self, low: int = 2, high: int = 6) -> str:
        words = self._phrase()
        while len(words) < self.rng.randint(low, high):
            words += ["and", *self._phrase()]
        return " ".join(words).capitalize()


# -- the package ------------------------------------------------------------------------


@dataclass
class _Item:
    identifier: str
    code: str
    statement: str
    item_type: str
    levels: list[str]
    parent: str | None  # None: a child of the document
    sequence: int
    abbreviated: str = ""
    keywords: list[str] = field(default_factory=list)


_ITEM_TYPES = [
    "Subject",
    "Grade Level",
    "Domain",
    "Cluster",
    "Standard",
    "Performance Expectation",
    "Indicator",
    "Component",
    "Evidence Statement",
    "Element",
]


def _uuid(rng: random.Random) -> str:
    return str(uuid.UUID(int=rng.getrandbits(128), version=4))


def _budgets(total: int, weights: list[float]) -> list[int]:
    """Split ``total`` in proportion to ``weights``, exactly."""
    raw = [total * weight / sum(weights) for weight in weights]
    parts = [int(value) for value in raw]
    for index in sorted(range(len(raw)), key=lambda i: parts[i] - raw[i])[: total - sum(parts)]:
        parts[index] += 1
    return parts


def _generate_items(n_items: int, rng: random.Random) -> list[_Item]:
    subjects = _subjects()
    technical = _technical_terms(rng)
    rng.shuffle(technical)
    items: list[_Item] = []

    def new(code, statement, item_type, levels, parent, sequence, **extra) -> _Item:
        item = _Item(_uuid(rng), code, statement, item_type, levels, parent, sequence, **extra)
        items.append(item)
        return item

    top = sum(1 + len(subject.grades) for subject in subjects)
    if n_items < top:
        raise ValueError(f"n_items must be at least {top}")
    budgets = _budgets(n_items - top, [subject.weight for subject in subjects])
    share = len(technical) // len(subjects)
    for number, (subject, budget) in enumerate(zip(subjects, budgets, strict=True)):
        own_terms = technical[number * share : (number + 1) * share]
        writer = _Writer(rng, _SUBJECT_WORDS[subject.key].split(), own_terms)
        all_levels = sorted({level for _, _, levels in subject.grades for level in levels})
        root = new(
            subject.code,
            f"{subject.title}: what students know and are able to do at each grade.",
            "Subject",
            all_levels,
            None,
            number + 1,
            abbreviated=subject.title,
        )
        grade_budgets = _budgets(budget, [1.0] * len(subject.grades))
        for grade_number, ((grade, grade_title, levels), grade_budget) in enumerate(
            zip(subject.grades, grade_budgets, strict=True)
        ):
            grade_item = new(
                f"{subject.code}.{grade}",
                f"{subject.title}, {grade_title}",
                "Grade Level",
                levels,
                root.identifier,
                grade_number + 1,
                abbreviated=grade_title,
            )
            _grade_items(subject, writer, grade, levels, grade_item, grade_budget, new, rng)
    return items


def _grade_items(subject, writer, grade, levels, grade_item, budget, new, rng) -> None:
    """Domains, clusters, standards, sub-standards and indicators: exactly ``budget`` items."""
    weights = [rng.uniform(0.5, 1.5) for _ in subject.domains]
    for domain_number, ((abbr, title), left) in enumerate(
        zip(subject.domains, _budgets(budget, weights), strict=True)
    ):
        if left <= 0:
            continue
        domain_code = subject.domain_code(grade, abbr)
        domain = new(
            domain_code,
            f"{title}: {writer.title(4, 10).lower()}.",
            "Domain",
            levels,
            grade_item.identifier,
            domain_number + 1,
            abbreviated=title,
        )
        left -= 1
        standard_number = 0
        cluster_number = 0
        while left > 0:
            cluster = new(
                subject.cluster_code(domain_code, abbr, cluster_number),
                writer.statement(10, 25),
                "Cluster",
                levels,
                domain.identifier,
                cluster_number + 1,
            )
            cluster_number += 1
            left -= 1
            for sequence in range(rng.randint(2, 7)):
                if left <= 0:
                    break
                standard_number += 1
                code = subject.standard_code(cluster.code, abbr, grade, standard_number)
                keywords = writer.nouns.draw(rng, rng.randint(2, 4)) if rng.random() < 0.2 else []
                standard = new(
                    code,
                    writer.statement(15, 60),
                    subject.standard_type,
                    levels,
                    cluster.identifier,
                    sequence + 1,
                    keywords=sorted(set(keywords)),
                )
                left -= 1
                for sub_number in range(rng.choice((0, 0, 1, 2, 2, 3, 4, 5))):
                    if left <= 0:
                        break
                    sub = new(
                        subject.sub_code(standard.code, sub_number),
                        writer.statement(15, 45),
                        subject.sub_type,
                        levels,
                        standard.identifier,
                        sub_number + 1,
                    )
                    left -= 1
                    if rng.random() < 0.15:
                        for indicator_number in range(min(left, rng.randint(1, 3))):
                            new(
                                subject.indicator_code(sub.code, indicator_number),
                                writer.statement(15, 30),
                                "Element",
                                levels,
                                sub.identifier,
                                indicator_number + 1,
                            )
                            left -= 1


def make_case_package(n_items: int = 50_000, seed: int = DEFAULT_SEED) -> bytes:
    """A CASE 1.1 CFPackage (JSON bytes) with ``n_items`` items; deterministic for a seed."""
    rng = random.Random(seed)
    document_id = _uuid(rng)
    title = "Example State Learning Standards, All Subjects (synthetic)"
    document_link = {
        "title": title,
        "identifier": document_id,
        "uri": f"{BASE}/CFDocuments/{document_id}",
    }
    items = _generate_items(n_items, rng)
    type_ids = {name: _uuid(rng) for name in _ITEM_TYPES}
    type_links = {
        name: {"title": name, "identifier": ident, "uri": f"{BASE}/CFItemTypes/{ident}"}
        for name, ident in type_ids.items()
    }
    by_id = {item.identifier: item for item in items}

    def link(item: _Item) -> dict:
        return {
            "title": item.code,
            "identifier": item.identifier,
            "uri": f"{BASE}/CFItems/{item.identifier}",
        }

    cf_items = []
    associations = []
    for item in items:
        entry = {
            "identifier": item.identifier,
            "uri": f"{BASE}/CFItems/{item.identifier}",
            "fullStatement": item.statement,
            "humanCodingScheme": item.code,
            "listEnumeration": str(item.sequence),
            "CFItemType": item.item_type,
            "CFItemTypeURI": type_links[item.item_type],
            "educationLevel": item.levels,
            "language": "en",
            "lastChangeDateTime": STAMP,
        }
        if item.abbreviated:
            entry["abbreviatedStatement"] = item.abbreviated
        if item.keywords:
            entry["conceptKeywords"] = item.keywords
        cf_items.append(entry)
        parent = document_link if item.parent is None else link(by_id[item.parent])
        ident = _uuid(rng)
        associations.append(
            {
                "identifier": ident,
                "uri": f"{BASE}/CFAssociations/{ident}",
                "associationType": "isChildOf",
                "sequenceNumber": item.sequence,
                "originNodeURI": link(item),
                "destinationNodeURI": parent,
                "lastChangeDateTime": STAMP,
            }
        )
    standards = [item for item in items if item.item_type in ("Standard", "Indicator")]
    for item in rng.sample(standards, min(len(standards), max(1, len(items) // 500))):
        ident, external = _uuid(rng), _uuid(rng)
        associations.append(
            {
                "identifier": ident,
                "uri": f"{BASE}/CFAssociations/{ident}",
                "associationType": "exactMatchOf",
                "originNodeURI": link(item),
                "destinationNodeURI": {
                    "title": item.code,
                    "identifier": external,
                    "uri": f"https://standards.example.net/uri/{external}",
                },
                "lastChangeDateTime": STAMP,
            }
        )
    for _ in range(max(1, len(items) // 1000)):
        origin, destination = rng.sample(items, 2)
        ident = _uuid(rng)
        associations.append(
            {
                "identifier": ident,
                "uri": f"{BASE}/CFAssociations/{ident}",
                "associationType": "isRelatedTo",
                "originNodeURI": link(origin),
                "destinationNodeURI": link(destination),
                "lastChangeDateTime": STAMP,
            }
        )
    associations.sort(key=lambda association: association["identifier"])
    package = {
        "CFDocument": {
            "identifier": document_id,
            "uri": document_link["uri"],
            "frameworkType": "Standards",
            "caseVersion": "1.1",
            "creator": "Example State Department of Education",
            "title": title,
            "lastChangeDateTime": STAMP,
            "officialSourceURL": "https://education.example.org/standards",
            "publisher": "Example State Department of Education",
            "description": (
                "A synthetic, all-subjects standards framework generated for pbl-author's "
                "benchmarks. Codes follow the styles of widely used standards; the statements "
                "are generated text."
            ),
            "subject": ["Mathematics", "Science", "Social Studies", "English Language Arts"],
            "language": "en",
            "version": "2024",
            "adoptionStatus": "Adopted",
            "notes": "Generated by benchmarks/case_package.py",
        },
        "CFItems": cf_items,
        "CFAssociations": associations,
        "CFDefinitions": {
            "CFItemTypes": [
                {
                    "identifier": type_ids[name],
                    "uri": f"{BASE}/CFItemTypes/{type_ids[name]}",
                    "title": name,
                    "description": name,
                    "hierarchyCode": str(number + 1),
                    "typeCode": name.replace(" ", ""),
                    "lastChangeDateTime": STAMP,
                }
                for number, name in enumerate(_ITEM_TYPES)
            ]
        },
    }
    return json.dumps(package, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=50_000)
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("-o", "--output", type=Path, default=Path("case-package.json"))
    args = parser.parse_args(argv)
    data = make_case_package(args.items, args.seed)
    args.output.write_bytes(data)
    print(f"wrote {args.output} ({len(data):,} bytes, {args.items:,} items)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
