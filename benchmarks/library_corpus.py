"""A realistic library of unit files for the library benchmarks, deterministic for a seed.

    .venv/bin/python benchmarks/library_corpus.py --units 1000 [--seed 0] -o DIR

``make_library(folder, n_units, seed)`` writes N units adapted from the four sample
units, the way a network's teachers adapt each other's units: each one moved to
another school and town (its creek, client, district and partners renamed throughout),
retitled, with a new driving question and summary around a focus of its own (road salt
in a pond, a $9,000 budget for the library, the stories of a town's cannery workers),
other grades, subjects, duration and status, new authors, and some tasks dropped (kept
as a smaller check at their milestone) with the rubrics, milestones and list items that
go with them, every reference kept valid. Units are spread over ``SCHOOL/SUBJECT/``
folders, every one is validated with ``parse_unit`` before it is written with
``save_unit``, and the sample frameworks are copied to ``frameworks/`` so every
competency resolves. Unit files are 40-67 KB (the samples are 52-67 KB).

Each unit is planned in order from the seed (so ids and titles are unique) and then
written from its own plan alone, so the output does not depend on how many processes
write it. ``cached_library(n, seed)`` keeps generated libraries in the temp folder,
keyed by size, seed and a hash of this file, the sample files and pbl-author's version.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import os
import random
import re
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor, as_completed
from pathlib import Path
from typing import Any

from pbl_author import __version__
from pbl_author.checks import run_checks
from pbl_author.formats.unitfile import load_unit, save_unit
from pbl_author.model import Unit, parse_unit, slugify

HERE = Path(__file__).resolve().parent
SAMPLES = HERE.parent / "sample_units"
Progress = Callable[[int, int], None]  # (done, total)

# -- the network: towns, schools, people ----------------------------------------------

TOWNS = [
    "Ashford", "Bramble Hill", "Brookhaven", "Carver City", "Clearwater", "Copper Bluff",
    "Dunmore", "East Linden", "Elk Grove", "Fairmont", "Fox Hollow", "Glen Rock",
    "Granite Springs", "Hartwell", "Iron Gate", "Juniper Flats", "Kestrel Bay", "Lakeview",
    "Linwood", "Marlow", "Millbrook", "New Harbor", "North Fork", "Orchard Park",
    "Pine Bluff", "Port Ellis", "Quarry Hill", "Redfield", "Sandy Point", "Silver Lake",
    "Stonebridge", "Sycamore", "Thornbury", "Union Mills", "Westbrook", "Willow Bend",
    "Winslow", "Harlow Falls", "Maple Falls", "Oakdale",
]  # fmt: skip
NAMESAKES = [
    "Rosa Parks", "Cesar Chavez", "Grace Hopper", "Mary McLeod Bethune", "Sequoyah",
    "Frederick Douglass", "Rachel Carson", "Maya Angelou", "Roberto Clemente", "Sally Ride",
    "Katherine Johnson", "Dolores Huerta", "Wilma Mankiller", "Daniel Inouye", "Ada Lovelace",
]  # fmt: skip
DISTRICTS = [
    "Riverbend Unified School District", "Cedar Valley Public Schools",
    "North Coast School District", "Three Rivers Unified", "Lakes Region School District",
]  # fmt: skip
FIRST_NAMES = [
    "Aaliyah", "Aarav", "Abdi", "Adriana", "Ahmed", "Aiko", "Alejandro", "Amara", "Ana",
    "Andre", "Anika", "Beatriz", "Ben", "Bianca", "Camila", "Carlos", "Chen", "Chioma",
    "Dana", "Daniel", "Deepa", "Diego", "Elena", "Emeka", "Emily", "Farah", "Fatima",
    "Gabriel", "Grace", "Hana", "Hector", "Ibrahim", "Imani", "Isabel", "Jamal", "Jin",
    "Jordan", "Kai", "Kavya", "Keisha", "Kenji", "Lamar", "Leila", "Lena", "Luis", "Maya",
    "Mateo", "Mei", "Miguel", "Nadia", "Naomi", "Nia", "Omar", "Oscar", "Priya", "Rafael",
    "Rosa", "Ruth", "Sam", "Sana", "Sofia", "Tariq", "Thomas", "Valentina", "Wei", "Yusuf",
    "Zara", "Zoe",
]  # fmt: skip
LAST_NAMES = [
    "Abara", "Alvarez", "Bergstrom", "Bui", "Castillo", "Chang", "Coleman", "Dube", "Duarte",
    "Ellison", "Espinoza", "Fischer", "Fontaine", "Garcia", "Goldberg", "Haddad", "Hale",
    "Hoang", "Iverson", "Jackson", "Jovanovic", "Kaur", "Kim", "Kowalski", "Larsen", "Lee",
    "Lindqvist", "Lopez", "Mahmoud", "Mbeki", "Moreau", "Murphy", "Nakamura", "Nguyen",
    "Novak", "Obi", "Okafor", "Olsen", "Ortiz", "Patel", "Petrov", "Quinn", "Ramos",
    "Reyes", "Rossi", "Sato", "Schmidt", "Silva", "Singh", "Sullivan", "Tanaka", "Torres",
    "Tran", "Vargas", "Walker", "Whitfield", "Williams", "Yamamoto", "Young", "Zhou",
]  # fmt: skip
LICENSES = ["CC-BY-4.0"] * 12 + ["CC-BY-SA-4.0"] * 4 + ["CC-BY-NC-4.0"] * 2 + [""]
STATUSES = ["published"] * 14 + ["in_review"] * 3 + ["draft"] * 3
ORDINALS = {
    1: "first", 2: "second", 3: "third", 4: "fourth", 5: "fifth", 6: "sixth",
    7: "seventh", 8: "eighth", 9: "ninth", 10: "tenth", 11: "eleventh", 12: "twelfth",
}  # fmt: skip
LEVEL_NAMES = {"elementary": "Elementary", "middle": "Middle", "high": "High"}


def _person(rng: random.Random) -> tuple[str, str]:
    return rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)


def make_schools(seed: int) -> list[dict[str, str]]:
    """The network's schools: 12 elementary, 8 middle and 8 high schools in 28 towns."""
    rng = random.Random(f"schools:{seed}")
    towns = rng.sample(TOWNS, 28)
    namesakes = iter(rng.sample(NAMESAKES, len(NAMESAKES)))
    schools = []
    for level, count in (("elementary", 12), ("middle", 8), ("high", 8)):
        for _ in range(count):
            town = towns.pop()
            short = next(namesakes) if rng.random() < 0.35 else town
            kind = LEVEL_NAMES[level]
            if level == "high" and short == town and rng.random() < 0.4:
                kind = "Regional High"
            name = f"{short} {kind} School"
            schools.append(
                {
                    "name": name,
                    "short": short,
                    "town": town,
                    "level": level,
                    "district": rng.choice(DISTRICTS),
                    "folder": slugify(f"{short} {kind}"),
                }
            )
    return schools


# -- the four families: what varies in each sample ------------------------------------
#
# ``swaps`` name the sample's own words (places, people, amounts) that each unit
# renames throughout its text; ``slots`` are the unit's choices those names and its
# title, question and summary are made from.

# fmt: off
FAMILIES: dict[str, dict[str, Any]] = {
    "water-watchers": {
        "level": "elementary",
        "grades": [["2"], ["3"], ["3"], ["4"], ["5"], ["3", "4"], ["4", "5"], ["2", "3"]],
        "subjects": [
            ["Science", "Engineering"], ["Science"], ["Science", "English language arts"],
            ["Science", "Mathematics"], ["Environmental science", "Engineering"],
        ],
        "people": ["Keisha Brandt", "Tom Nakamura"],
        "slots": {
            "name": [
                "Alder", "Willow", "Heron", "Otter", "Stony", "Fox", "Beaver", "Laurel", "Bear",
                "Trout", "Kingfisher", "Cattail", "Mossy", "Turtle", "Crane", "Aspen", "Hemlock",
                "Sparrow", "Mill", "Frog", "Salmon", "Deer", "Cedar", "Muskrat", "Osprey",
                "Spring", "Clover", "Rocky", "Minnow", "Sycamore", "Wolf", "Duck", "Pickerel",
                "Bluebird", "Elder", "Tamarack", "Quail",
            ],
            "kind": ["creek", "creek", "brook", "stream", "river", "pond", "marsh", "lake"],
            "street": ["Birch", "Elm", "Main", "Chestnut", "Lincoln", "Spruce", "Market", "Pine"],
            "grant": ["$300", "$500", "$750", "$1,000", "$1,500"],
            "topic": [
                "litter and plastic", "road salt", "lawn fertilizer", "pet waste",
                "muddy runoff from construction", "oil from parking lots",
                "warm runoff from rooftops", "invasive plants", "storm drain trash",
            ],
        },
        "titles": [
            [
                "Water Watchers", "{place} Keepers", "Healthy Homes", "Critter Count",
                "Clean {Kind}, Happy Critters", "Stormwater Detectives", "Junior Engineers",
                "Who Lives Here", "Our {Kind}, Our Neighbours", "{Kind} Scientists",
            ],
            [
                "Caring for {place}", "{Topic} and the Animals We Love",
                "Keeping {Topic} out of {place}", "Protecting the Critters of {place}",
                "A {Kind} Study in {town}", "Data, Critters and {Topic}",
                "What {Topic} Does to {place}", "Helping {place} Heal",
            ],
        ],
        "questions": [
            "How can we, as water scientists, help our neighbours keep {place} a healthy home "
            "for the animals that live there?",
            "How can we as young scientists convince {town} to keep {topic} out of {place}?",
            "What can {ordinal} graders do to protect the animals of {place} from {topic}?",
            "How might we design a way to keep {topic} out of {place} so its animals can thrive?",
            "Why are some animals disappearing from {place}, and how can our class help bring "
            "them back?",
        ],
        "focus": [
            "This version of the unit pays special attention to {topic}, which the {town} "
            "public works crew named as the biggest threat to {place} this year.",
            "Students track how {topic} reaches {place} after every rainstorm and measure what "
            "it does to the critters that need clean, cool water.",
            "The class adopts one stretch of {place} for the whole year, so the data on {topic} "
            "keeps growing after the unit ends.",
        ],
        "tags": [
            "water", "habitats", "stormwater", "engineering design", "field work", "community",
            "elementary", "critters", "watershed",
        ],
    },
    "budget-for-our-school": {
        "level": "middle",
        "grades": [["6"], ["7"], ["7"], ["8"], ["6", "7"], ["7", "8"]],
        "subjects": [
            ["Mathematics", "Social Studies", "Civics"], ["Mathematics", "Civics"],
            ["Mathematics"], ["Social Studies", "Economics"],
            ["Mathematics", "English language arts"],
        ],
        "people": ["Renata Osei", "Marcus Delgado", "Hannah Lindqvist", "Angela Brooks"],
        "slots": {
            "amount": [
                "$5,000", "$6,000", "$7,500", "$8,000", "$9,000", "$10,000", "$11,000", "$12,500",
                "$14,000", "$15,000", "$18,000", "$20,000", "$25,000", "$30,000",
            ],
            "program": [
                "Student Voice Budget", "Youth Voice Fund", "Students Decide Fund",
                "Campus Choice Budget", "Student Priorities Grant",
            ],
            "focus": [
                "outdoor spaces", "the library and reading", "mental health and wellbeing",
                "sports and recess", "sustainability and recycling", "technology and makerspaces",
                "the arts and music", "the cafeteria and school lunch",
                "accessibility for every student", "clubs and after-school activities",
                "school safety", "the school garden", "quiet spaces and student lounges",
                "field trips", "STEM clubs", "water fountains and bottle fillers",
                "the gym and fitness",
            ],
        },
        "titles": [
            [
                "Budget for Our School", "The {amount} Decision", "Students Decide",
                "Money Matters", "Make Your Case", "{program}", "Every Dollar Counts",
                "Percent, Sampling and Persuasion", "Our School, Our Budget",
            ],
            [
                "Spending {amount} on {Focus}", "How Should {short} Spend {amount}?",
                "{Focus} at {short}", "{amount} for {Focus}", "A Better {short} for Everyone",
                "Data and Voice for {Focus}", "Pitching {Focus} to the School Board",
                "The Case for {Focus}",
            ],
        ],
        "questions": [
            "How should we spend {amount} to make {short} a better school for every student, "
            "and how can we convince the people who decide?",
            "How can we use {amount} and real data to improve {focus} at {short}?",
            "What is the fairest way to spend {amount} on {focus}, and how do we prove it to "
            "the people who decide?",
            "How can {ordinal} graders use surveys, percents and persuasion to win {amount} for "
            "{focus}?",
        ],
        "focus": [
            "This year the district asked proposals to focus on {focus}, so every team's survey "
            "includes questions about it.",
            "Students compare at least two ways to improve {focus} and show, with percents and "
            "unit rates, which gives more students more benefit per dollar.",
            "The {program} committee at {short} reviews every proposal on {focus} with the "
            "principal before the vote.",
        ],
        "tags": [
            "participatory budgeting", "percent", "sampling", "statistics", "civics", "economics",
            "student voice", "middle school", "persuasion",
        ],
    },
    "voices-of-our-town": {
        "level": "high",
        "grades": [["9"], ["10"], ["10"], ["11"], ["9", "10"], ["10", "11"]],
        "subjects": [
            ["English language arts", "US history"], ["English language arts"], ["US history"],
            ["English language arts", "Media arts"], ["Local history", "English language arts"],
        ],
        "people": ["Renée Castillo", "Gus Lindqvist", "Tasha Greene"],
        "slots": {
            "theme": [
                "immigrant families", "veterans", "small-business owners", "farm workers",
                "nurses and teachers", "musicians", "civil rights organizers", "factory workers",
                "women in the workforce", "refugee families", "union organizers",
                "fishing families", "first-generation college students", "Main Street shopkeepers",
                "railroad workers", "athletes and coaches", "volunteer firefighters",
                "farmers' market growers",
            ],
            "industry": [
                "mill", "cannery", "mine", "rail yard", "shipyard", "tannery", "brickworks",
                "sawmill", "paper mill",
            ],
            "medium": ["podcast", "podcast", "radio documentary", "audio series"],
            "show": [
                "Local Roots", "Hometown Hour", "Common Ground", "Porch Stories",
                "Main Street Memory",
            ],
            "frequency": ["88.3", "89.5", "90.7", "91.9", "94.1", "97.3", "103.5"],
        },
        "titles": [
            [
                "Voices of {town}", "{town} Remembers", "Before They Are Lost",
                "After the {Industry}", "{show}", "Hidden Histories", "Say It Into the Mic",
                "Living Memory", "The People Who Made {town}",
            ],
            [
                "A Community Oral-History {Medium}", "Stories of {Theme}", "{Theme} of {town}",
                "Oral Histories of {town}", "{Theme} in Their Own Words",
                "{Theme} and the {Industry}", "A {Medium} About {Theme}",
                "{town} After the {Industry}", "Recording {Theme} Before It Is Too Late",
            ],
        ],
        "questions": [
            "How can we capture and share the stories of the people who shaped {town} before "
            "they are lost?",
            "Whose stories are missing from {town}'s history, and how can we record them with "
            "care?",
            "How did {theme} change {town} after the {industry} closed, and how can we tell "
            "that story truthfully?",
            "How can a {medium} help our town hear the voices of {theme}?",
        ],
        "focus": [
            "This year's collection centres on {theme}, whose stories the library's archive "
            "barely holds.",
            "Students trace how the closing of the {industry} changed the lives of {theme} in "
            "{town}, checking every memory against the archive.",
            "Episodes air on {show} and join the {town} library's oral-history collection.",
        ],
        "tags": [
            "oral history", "local history", "interviewing", "audio storytelling",
            "community partnership", "co-taught", "primary sources", "ethics",
        ],
    },
    "design-for-a-client": {
        "level": "high",
        "grades": [["11", "12"], ["11", "12"], ["12"], ["10", "11", "12"], ["11"]],
        "subjects": [
            ["Engineering design", "Career and technical education"], ["Engineering design"],
            ["Career and technical education", "Construction trades"],
            ["Engineering design", "Health sciences"],
        ],
        "people": ["Lorraine Whitaker", "Samir Haddad"],
        "slots": {
            "client": [
                "Senior Center", "Community Center", "Adult Day Center", "Veterans' Home",
                "Senior Living Cooperative", "Library Branch", "Memory Care Residence",
            ],
            "thing": [
                "garden", "garden", "kitchen garden", "courtyard garden", "rooftop garden",
                "herb garden", "sensory garden", "vegetable garden", "pollinator garden",
            ],
            "grant": ["$800", "$1,200", "$1,500", "$2,000", "$2,500"],
            "firm": [
                "Structural Engineers", "Engineering Group", "Design Partners",
                "Civil Engineering",
            ],
        },
        "titles": [
            [
                "Design for a Client", "Growing Together", "Universal Design Studio",
                "Raised Beds, Wide Paths", "Engineering for Everyone", "Within Reach",
                "The Client Is Always in the Room", "Build It for Them",
            ],
            [
                "An Accessible {Thing} for the {town} {client}",
                "A {Thing} Everyone Can Use at the {town} {client}", "The {town} {client} {Thing}",
                "Redesigning the {client} {Thing}", "{town}'s {client} {Thing}",
                "A {grant} {Thing} for Every Gardener", "Prototyping a {Thing} With Its Gardeners",
                "A Wheelchair-Friendly {Thing} for the {client}",
            ],
        ],
        "questions": [
            "How can we redesign the {client_lower}'s {thing} so that every member can grow "
            "food there, whatever their mobility?",
            "How might we, as a design firm, give every gardener at the {town} {client} a "
            "{thing} they can use with dignity?",
            "What would a {thing} look like if it were designed first for people who use a "
            "wheelchair or walker?",
            "How can we design, test and hand off an accessible {thing} for the {town} {client} "
            "on a {grant} budget?",
        ],
        "focus": [
            "The {town} {client} wants a {thing} its members can reach from a seat, so every "
            "prototype is tested with gardeners who use wheelchairs and walkers.",
            "Teams keep to a {grant} grant and a summer planting deadline, and document every "
            "trade-off for the client.",
            "A volunteer engineer reviews each structural check before the {thing} is built.",
        ],
        "tags": [
            "engineering design", "career and technical education", "client project",
            "universal design", "accessibility", "prototyping", "community partnership", "aging",
        ],
    },
}
# fmt: on

#: Optional rewordings: each unit takes some of them, so the same idea is worded
#: differently across the library (and spelled in US or Commonwealth English).
SYNONYMS = [
    {"neighbours": "neighbors", "neighbour": "neighbor", "Neighbourhood": "Neighborhood",
     "neighbourhood": "neighborhood"},
    {"practise": "practice", "practises": "practices"},
    {"classmates": "peers"},
    {"students": "learners", "Students": "Learners"},
    {"teams": "groups", "Teams": "Groups"},
    {"revise": "rework", "revises": "reworks"},
    {"feedback": "critique"},
    {"presentation": "showcase", "presentations": "showcases"},
]  # fmt: skip

#: Keys whose values are ids, references or fixed words, never reworded.
FIXED_KEYS = {
    "id", "ref", "competency", "competencies", "rubric", "due_milestone", "milestone",
    "task", "tasks", "level", "kind", "mode", "moment", "group", "proficient_level", "date",
    "week", "points", "weight", "audience", "schema_version", "status", "identity",
}  # fmt: skip


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def _title_case(text: str) -> str:
    """Title case inside a title: small words stay small (``_cap`` the title's start)."""
    small = {"and", "of", "for", "the", "a", "an", "in", "on", "to", "from"}
    return " ".join(w if w in small else _cap(w) for w in text.split())


# -- planning: every choice that must be unique or depends on other units ------------


def _slot_values(family: str, school: dict[str, str], rng: random.Random) -> dict[str, str]:
    spec = FAMILIES[family]
    values = {name: rng.choice(options) for name, options in spec["slots"].items()}
    values["town"] = school["town"]
    values["short"] = school["short"]
    if family == "water-watchers":
        values["Kind"] = _cap(values["kind"])
        values["place"] = f"{values['name']} {values['Kind']}"
        values["Topic"] = _title_case(values["topic"])
    elif family == "budget-for-our-school":
        values["Focus"] = _title_case(values["focus"])
    elif family == "voices-of-our-town":
        values["Theme"] = _title_case(values["theme"])
        values["Industry"] = _title_case(values["industry"])
        values["Medium"] = _title_case(values["medium"])
    else:
        values["Thing"] = _title_case(values["thing"])
        values["client_lower"] = values["client"].lower()
    return values


def plan_library(n_units: int, seed: int) -> list[dict[str, Any]]:
    """One plan per unit, in order: family, school, names, title, id, path."""
    rng = random.Random(f"library:{seed}")
    schools = make_schools(seed)
    by_level: dict[str, list[dict[str, str]]] = {}
    for school in schools:
        by_level.setdefault(school["level"], []).append(school)
    families = sorted(FAMILIES)
    titles: set[str] = set()
    ids: set[str] = set()
    earlier: dict[str, list[tuple[str, str]]] = {name: [] for name in families}
    plans = []
    for index in range(n_units):
        family = families[index % len(families)] if index < len(families) else rng.choice(families)
        spec = FAMILIES[family]
        school = rng.choice(by_level[spec["level"]])
        grades = list(rng.choice(spec["grades"]))
        values = _slot_values(family, school, rng)
        values["ordinal"] = ORDINALS[int(grades[0])]
        mains, subs = spec["titles"]
        main, sub = rng.choice(mains).format(**values), rng.choice(subs).format(**values)
        base = f"{_cap(main)}: {_cap(sub)}"
        # Adapted units often share a title: the school, then the grade, tell them apart.
        grade = (
            "grades " + "-".join(grades[:: len(grades) - 1]) if grades[1:] else f"grade {grades[0]}"
        )
        candidates = [base, f"{base} ({school['short']})", f"{base} ({school['short']}, {grade})"]
        title = next((t for t in candidates if t not in titles), "")
        extra = 1
        while not title:
            extra += 1
            title = f"{base} ({school['short']}, {grade}, {extra})"
            title = "" if title in titles else title
        titles.add(title)
        stem = slugify(title)
        if len(stem) > 44:  # at a word's end
            stem = stem[:45].rsplit("-", 1)[0]
        unit_id, extra = stem, 1
        while unit_id in ids:
            extra += 1
            unit_id = f"{stem}-{extra}"
        ids.add(unit_id)
        subjects = list(rng.choice(spec["subjects"]))
        derived = None
        if earlier[family] and rng.random() < 0.15:
            derived = rng.choice(earlier[family])
        earlier[family].append((unit_id, title))
        plans.append(
            {
                "index": index,
                "family": family,
                "school": school,
                "grades": grades,
                "subjects": subjects,
                "values": values,
                "title": title,
                "id": unit_id,
                "derived_from": derived,
                "path": f"{school['folder']}/{slugify(subjects[0])}/{unit_id}.unit.yaml",
                "seed": f"{seed}:{index}",
            }
        )
    return plans


# -- writing one unit from its plan ---------------------------------------------------

_SAMPLE_DATA: dict[str, dict[str, Any]] = {}


def _sample(family: str) -> dict[str, Any]:
    if family not in _SAMPLE_DATA:
        _SAMPLE_DATA[family] = load_unit(SAMPLES / f"{family}.unit.yaml").to_data()
    return _SAMPLE_DATA[family]


def _swaps(plan: dict[str, Any], rng: random.Random) -> dict[str, str]:
    """The sample's own words -> this unit's words."""
    family, values, school = plan["family"], plan["values"], plan["school"]
    grade = int(plan["grades"][0])
    swaps: dict[str, str] = {}
    for full in FAMILIES[family]["people"]:
        first, last = _person(rng)
        old_last = full.split()[-1]
        swaps[full] = f"{first} {last}"
        swaps[old_last] = last
    if family == "water-watchers":
        swaps |= {
            "Maple Falls Elementary School": school["name"],
            "Maple Falls Elementary": school["name"].removesuffix(" School"),
            "Maple Falls": values["town"],
            "Alder Creek": values["place"],
            "Birch Street": f"{values['street']} Street",
            "Creek": values["Kind"],
            "creek": values["kind"],
            "$500": values["grant"],
            "Third": _cap(ORDINALS[grade]),
            "third": ORDINALS[grade],
            "Second-grade": _cap(ORDINALS[grade - 1]) + "-grade",
            "second-grade": ORDINALS[grade - 1] + "-grade",
        }
    elif family == "budget-for-our-school":
        swaps |= {
            "Cedar Ridge Middle School": school["name"],
            "Cedar Ridge": school["short"],
            "Riverbend Unified School District": school["district"],
            "Riverbend USD": school["district"],
            "Riverbend": re.sub(r" (Unified|Public|School).*", "", school["district"]),
            "Student Voice Budget": values["program"],
            "$15,000": values["amount"],
            "Seventh": _cap(ORDINALS[grade]),
            "seventh": ORDINALS[grade],
            "7th": f"{grade}th",
        }
    elif family == "voices-of-our-town":
        swaps |= {
            "Harlow Falls": values["town"],
            "Falls Community Radio": f"{values['town']} Community Radio",
            "89.5": values["frequency"],
            "Local Roots": values["show"],
            "mill": values["industry"],
            "podcast": values["medium"],
            "Podcast": values["Medium"],
            "Tenth": _cap(ORDINALS[grade]),
            "tenth": ORDINALS[grade],
        }
    else:
        swaps |= {
            "Oakdale Regional High School": school["name"],
            "Oakdale Senior Center": f"{values['town']} {values['client']}",
            "Senior Center": values["client"],
            "senior center": values["client_lower"],
            "Oakdale": values["town"],
            "Haddad & Lowe Structural Engineers": f"{swaps['Haddad']} {values['firm']}",
            "garden": values["thing"],
            "$1,200": values["grant"],
        }
    for group in SYNONYMS:
        if rng.random() < 0.35:
            swaps |= group
    return swaps


_PATTERNS: dict[tuple[str, ...], re.Pattern[str]] = {}


def _pattern(keys: list[str]) -> re.Pattern[str]:
    ordered = tuple(sorted(keys, key=len, reverse=True))
    if ordered not in _PATTERNS:
        alternatives = "|".join(re.escape(key) for key in ordered)
        _PATTERNS[ordered] = re.compile(rf"(?<![\w$])(?:{alternatives})(?![\w,]\d|\w)")
    return _PATTERNS[ordered]


def _reword(value: Any, pattern: re.Pattern[str], swaps: dict[str, str]) -> Any:
    if isinstance(value, str):
        return pattern.sub(lambda match: swaps[match.group(0)], value)
    if isinstance(value, list):
        return [_reword(item, pattern, swaps) for item in value]
    if isinstance(value, dict):
        return {
            key: item if key in FIXED_KEYS else _reword(item, pattern, swaps)
            for key, item in value.items()
        }
    return value


def _keep(rng: random.Random, items: list[Any], at_least: int, rate: float = 0.8) -> list[Any]:
    """Items kept in order, each with probability ``rate``, never fewer than ``at_least``."""
    kept = [item for item in items if rng.random() < rate]
    if len(kept) < min(at_least, len(items)):
        chosen = set(rng.sample(range(len(items)), min(at_least, len(items))))
        kept = [item for index, item in enumerate(items) if index in chosen]
    return kept


def _as_check(task: dict[str, Any]) -> dict[str, Any]:
    """A dropped task, kept as a smaller check at the same milestone (as teachers do when
    a unit runs short of time): no GRASPS, no rubric, nothing assessed."""
    sentences = re.split(r"(?<=[.!?])\s+", task.get("description", "").strip())
    levels = {"assess": "practice"}
    alignments, seen = [], set()
    for alignment in task.get("alignments", []):
        level = levels.get(alignment["level"], alignment["level"])
        if (alignment["competency"], level) not in seen:
            seen.add((alignment["competency"], level))
            alignments.append({"competency": alignment["competency"], "level": level})
    check = {
        "id": f"{task['id']}-check"[:48].rstrip("-"),
        "title": f"Check-in: {task['title']}",
        "kind": "work_sample",
        "description": " ".join(sentences[:2]),
        "alignments": alignments,
    }
    if task.get("due_milestone"):
        check["milestone"] = task["due_milestone"]
    return check


def _trim(data: dict[str, Any], rng: random.Random, max_drop: int) -> None:
    """Drop some tasks, rubrics, milestones and list items, keeping every reference valid."""
    tasks = data["tasks"]
    wanted = min(rng.choice([0, 1, 1, 2, 2]), len(tasks) - 2, max_drop)
    targets = {t["competency"] for t in data["goals"].get("targets", [])}
    dropped: list[dict[str, Any]] = []
    # The last task ends in the public product: it stays. A task goes only when every
    # target is still assessed without it (the design checks would call it an error).
    for task in rng.sample(tasks[:-1], len(tasks) - 1):
        if len(dropped) >= wanted:
            break
        rest = [t for t in tasks if t not in dropped and t is not task]
        assessed = {
            a["competency"] for t in rest for a in t.get("alignments", []) if a["level"] == "assess"
        }
        if targets <= assessed:
            dropped.append(task)
    data["tasks"] = tasks = [t for t in tasks if t not in dropped]
    checks = [_as_check(task) for task in dropped]
    task_ids = {t["id"] for t in tasks}
    used_rubrics = {t.get("rubric") for t in tasks}
    data["rubrics"] = [r for r in data.get("rubrics", []) if r["id"] in used_rubrics]

    pinned = {c.get("milestone") for c in checks}  # milestones the checks are placed at
    for phase in data["path"]["phases"]:
        for milestone in phase["milestones"]:
            milestone["tasks"] = [t for t in milestone.get("tasks", []) if t in task_ids]
            if not milestone["tasks"]:
                del milestone["tasks"]
            if milestone.get("scaffolds"):
                milestone["scaffolds"] = _keep(rng, milestone["scaffolds"], 1)
        spare = [
            m["id"]
            for m in phase["milestones"]
            if not m.get("tasks") and m["id"] not in pinned and rng.random() < 0.3
        ]
        if len(spare) == len(phase["milestones"]):
            spare = spare[1:]
        phase["milestones"] = [m for m in phase["milestones"] if m["id"] not in spare]
    milestone_ids = {m["id"] for p in data["path"]["phases"] for m in p["milestones"]}

    def clear(item: dict[str, Any]) -> dict[str, Any]:
        if item.get("milestone") not in milestone_ids:
            item.pop("milestone", None)
        if item.get("task") not in task_ids:
            item.pop("task", None)
        return item

    for task in tasks:
        if task.get("due_milestone") not in milestone_ids:
            task.pop("due_milestone", None)
    culture = data["culture"]
    choices = [clear(c) for c in culture.get("voice_and_choice", [])]
    choices = [c for c in choices if "task" in c or "milestone" in c]
    culture["voice_and_choice"] = _keep(rng, choices, 2, 0.9)
    # Critique of a dropped task stays, on the drafts due at its milestone.
    data["critique"]["steps"] = [clear(s) for s in data["critique"]["steps"]]
    evidence = _keep(rng, data.get("other_evidence", []), 1)
    data["other_evidence"] = [clear(e) for e in evidence + checks]
    data["reflection"]["prompts"] = [clear(p) for p in data["reflection"]["prompts"]]

    if rng.random() < 0.3:  # student wording is optional, and often left for later
        for rubric in data["rubrics"]:
            for criterion in rubric.get("criteria", []):
                for descriptor in criterion.get("descriptors", []):
                    descriptor.pop("student", None)
    goals, framing = data["goals"], data["framing"]
    for name in ("understandings", "essential_questions", "knowledge", "skills"):
        if goals.get(name):
            goals[name] = _keep(rng, goals[name], 2)
    framing["need_to_knows"] = _keep(rng, framing["need_to_knows"], 4)
    framing["partners"] = _keep(rng, framing["partners"], 1, 0.85)
    for name, least in (("roles", 2), ("norms", 3), ("supports", 2)):
        if culture.get(name):
            culture[name] = _keep(rng, culture[name], least)


def _shift_dates(value: Any, days: int) -> Any:
    if isinstance(value, dict):
        return {
            key: (
                (dt.date.fromisoformat(item) + dt.timedelta(days=days)).isoformat()
                if key == "date" and isinstance(item, str)
                else _shift_dates(item, days)
            )
            for key, item in value.items()
        }
    if isinstance(value, list):
        return [_shift_dates(item, days) for item in value]
    return value


def _summary(plan: dict[str, Any], original: str, rng: random.Random) -> str:
    sentences = re.split(r"(?<=[.!?])\s+", original.strip())
    if len(sentences) > 3 and rng.random() < 0.5:
        del sentences[rng.randrange(1, len(sentences) - 1)]
    focus = rng.choice(FAMILIES[plan["family"]]["focus"]).format(**plan["values"])
    sentences.insert(rng.randrange(1, len(sentences) + 1), focus)
    return " ".join(sentences)


def build_unit_data(plan: dict[str, Any], max_drop: int = 2) -> dict[str, Any]:
    """The plain data of the unit ``plan`` describes (not yet validated), with at most
    ``max_drop`` of the sample's tasks dropped."""
    rng = random.Random(plan["seed"])
    family, values, school = plan["family"], plan["values"], plan["school"]
    spec = FAMILIES[family]
    source = _sample(family)
    swaps = _swaps(plan, rng)
    data = _reword(source, _pattern(list(swaps)), swaps)
    _trim(data, rng, max_drop)
    data = _shift_dates(data, 7 * rng.randint(-40, 12))

    data["id"] = plan["id"]
    data["title"] = plan["title"]
    data["status"] = rng.choice(STATUSES)
    data["framing"]["driving_question"] = rng.choice(spec["questions"]).format(**values)
    focus = rng.choice(spec["focus"]).format(**values)
    data["framing"]["authentic_context"] = f"{data['framing']['authentic_context']} {focus}"

    identity = dict(source["identity"])
    authors = []
    for _ in range(rng.choice([1, 2, 2, 2, 3])):
        first, last = _person(rng)
        authors.append({"name": f"{first} {last}", "organization": school["name"]})
    identity["authors"] = authors
    identity["grades"] = plan["grades"]
    identity["subjects"] = plan["subjects"]
    weeks_used = [
        m["week"] for p in data["path"]["phases"] for m in p["milestones"] if m.get("week")
    ]
    base_weeks = int(identity["duration"].get("weeks", 4))
    weeks = max([*weeks_used, base_weeks + rng.choice([-1, 0, 0, 1, 2])])
    identity["duration"] = {
        "weeks": weeks,
        "sessions": weeks * rng.choice([3, 4, 5]),
        "minutes_per_session": rng.choice([45, 50, 55, 60, 75, 80, 90]),
    }
    summary_source = _reword(source["identity"]["summary"], _pattern(list(swaps)), swaps)
    identity["summary"] = _summary(plan, summary_source, rng)
    identity["license"] = rng.choice(LICENSES)
    tags = _keep(rng, spec["tags"], 3, 0.6)
    topic = next((values[k] for k in ("topic", "focus", "theme", "thing") if k in values), "")
    identity["tags"] = [*tags, topic, school["town"].lower()]
    identity["version"] = f"1.{rng.randrange(5)}.{rng.randrange(4)}"
    if plan["derived_from"]:
        parent_id, parent_title = plan["derived_from"]
        identity["derived_from"] = {"title": parent_title, "unit_id": parent_id}
    else:
        identity.pop("derived_from", None)
    data["identity"] = identity
    return data


def build_unit(plan: dict[str, Any]) -> Unit:
    """The validated unit of ``plan``.

    Dropping tasks can leave a competency assessed before anything introduces it or a
    critique step after the final product: the design checks warn. Four units in five
    are kept free of such warnings (fewer tasks dropped until they are), as in a
    network whose units have been reviewed; the others keep theirs.
    """
    clean = random.Random(f"{plan['seed']}:clean").random() < 0.8
    for max_drop in (2, 1, 0):
        unit = parse_unit(build_unit_data(plan, max_drop))  # raises on a bad reference
        if not clean or not any(f.severity != "info" for f in run_checks(unit)):
            break
    return unit


def _write_plans(plans: list[dict[str, Any]], folder: str) -> list[str]:
    written = []
    for plan in plans:
        unit = build_unit(plan)
        path = Path(folder) / plan["path"]
        path.parent.mkdir(parents=True, exist_ok=True)
        save_unit(unit, path, backup=False)
        written.append(plan["path"])
    return written


LIBRARY_YAML = """\
title: {title}
description: >-
  Units designed and taught by the teachers of the {title}'s {count} schools,
  shared under CC BY 4.0 unless a unit says otherwise.
license: CC-BY-4.0
"""


def make_library(
    folder: Path,
    n_units: int,
    seed: int = 0,
    progress: Progress | None = None,
    *,
    jobs: int | None = None,
) -> list[Path]:
    """Write ``n_units`` unit files (and ``frameworks/``, ``library.yaml``) into ``folder``.

    Returns the unit files in plan order. ``jobs`` processes write them (default: 2 for
    200 units or more, else 1); the files are the same whatever ``jobs`` is.
    """
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copytree(SAMPLES / "frameworks", folder / "frameworks", dirs_exist_ok=True)
    (folder / "library.yaml").write_text(
        LIBRARY_YAML.format(title="Cedar Valley Learning Network", count=len(make_schools(seed)))
    )
    plans = plan_library(n_units, seed)
    if jobs is None:
        jobs = min(2, os.cpu_count() or 1) if n_units >= 200 else 1
    done = 0
    if jobs <= 1:
        for plan in plans:
            _write_plans([plan], str(folder))
            done += 1
            if progress is not None:
                progress(done, n_units)
    else:
        chunk = 25
        with ProcessPoolExecutor(max_workers=jobs) as pool:
            futures = [
                pool.submit(_write_plans, plans[start : start + chunk], str(folder))
                for start in range(0, n_units, chunk)
            ]
            for future in as_completed(futures):
                done += len(future.result())
                if progress is not None:
                    progress(done, n_units)
    return [folder / plan["path"] for plan in plans]


# -- the cache ------------------------------------------------------------------------


def corpus_version() -> str:
    """A hash of this generator, the sample units and frameworks and pbl-author's version."""
    digest = hashlib.sha256(__version__.encode())
    for path in [Path(__file__).resolve(), *sorted(SAMPLES.rglob("*.yaml"))]:
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def cache_root() -> Path:
    return Path(tempfile.gettempdir()) / "pbl-author-bench"


def cached_library(
    n_units: int,
    seed: int = 0,
    progress: Progress | None = None,
    *,
    use_cache: bool = True,
) -> tuple[Path, float, bool]:
    """A generated library in the temp folder: (its folder, seconds to generate, cached?).

    Treat the folder as read-only: copy (or hard-link) it before editing a unit.
    """
    final = cache_root() / f"library-{n_units}-{seed}-{corpus_version()}"
    if use_cache and (final / "library.yaml").is_file():
        return final, 0.0, True
    final.parent.mkdir(parents=True, exist_ok=True)
    partial = final.with_name(f"{final.name}.{os.getpid()}.part")
    shutil.rmtree(partial, ignore_errors=True)
    start = time.perf_counter()
    make_library(partial, n_units, seed, progress)
    elapsed = time.perf_counter() - start
    shutil.rmtree(final, ignore_errors=True)
    os.replace(partial, final)
    return final, elapsed, False


def folder_size(folder: Path, pattern: str = "*.unit.yaml") -> tuple[int, int]:
    """(number of files, total bytes) of the files matching ``pattern`` under ``folder``."""
    sizes = [path.stat().st_size for path in folder.rglob(pattern)]
    return len(sizes), sum(sizes)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Write a generated library of unit files.")
    parser.add_argument("--units", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("-o", "--output", type=Path, required=True, help="library folder")
    parser.add_argument("--jobs", type=int, default=None, help="writing processes")
    args = parser.parse_args(argv)

    def show(done: int, total: int) -> None:
        if done == total or done % 500 == 0:
            print(f"\r{done}/{total} units", end="\n" if done == total else "", flush=True)

    start = time.perf_counter()
    make_library(args.output, args.units, args.seed, show, jobs=args.jobs)
    count, total = folder_size(args.output)
    print(
        f"{count} unit files, {total / 1e6:.1f} MB, in {time.perf_counter() - start:.1f} s "
        f"-> {args.output}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
