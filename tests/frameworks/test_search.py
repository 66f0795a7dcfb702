"""FrameworkIndex: typeahead search over framework items (no timings here: see benchmarks/)."""

from __future__ import annotations

import random
import re
from dataclasses import FrozenInstanceError
from pathlib import Path

import pytest

from pbl_author.frameworks import builtin_frameworks, load_framework
from pbl_author.frameworks.search import FrameworkIndex, SearchHit, expand_education_level
from pbl_author.model import Framework

SAMPLE_FRAMEWORKS = Path(__file__).resolve().parents[2] / "sample_units" / "frameworks"


def make(framework_id: str, items: list[dict], **extra) -> Framework:
    return Framework.model_validate(
        {"id": framework_id, "title": framework_id.title(), "items": items, **extra}
    )


def item(item_id: str, statement: str, **extra) -> dict:
    return {"id": item_id, "statement": statement, **extra}


@pytest.fixture(scope="module")
def samples() -> list[Framework]:
    return [load_framework(path) for path in sorted(SAMPLE_FRAMEWORKS.glob("*.framework.yaml"))]


@pytest.fixture(scope="module")
def everything(samples) -> FrameworkIndex:
    return FrameworkIndex([*builtin_frameworks().values(), *samples])


@pytest.fixture(scope="module")
def science() -> FrameworkIndex:
    framework = make(
        "sci",
        [
            item("ms", "Middle school earth science.", code="MS", type="Grade Level"),
            item("ms-ess3", "Earth and human activity.", code="MS-ESS3", parent="ms"),
            item(
                "ms-ess3-1",
                "Construct an explanation of how resources are unevenly distributed.",
                code="MS-ESS3-1",
                parent="ms-ess3",
                type="Performance Expectation",
            ),
            item(
                "ms-ess3-3",
                "Design a method for monitoring human impact on the environment.",
                code="MS-ESS3-3",
                parent="ms-ess3",
                type="Performance Expectation",
            ),
            item(
                "ms-ess3-30",
                "Monitor a watershed over a season.",
                code="MS-ESS3-30",
                parent="ms-ess3",
                type="Performance Expectation",
            ),
            item("hs", "High school earth science.", code="HS", type="Grade Level"),
            item(
                "hs-ess3-3",
                "Create a simulation of how human activity changes the water cycle.",
                code="HS-ESS3-3",
                parent="hs",
                type="Performance Expectation",
            ),
            item(
                "water-1",
                "Describe the water cycle, including evaporation and precipitation.",
                code="W.1",
            ),
            item("water-2", "Use a model of the water cycles of a pond.", code="W.2"),
            item("water-3", "Water moves through a watershed in cycles.", code="W.3"),
            item("photo", "Explain photosynthesis in plants.", code="LS.1"),
            item("energy", "Compare how energía and matter flow.", code="PS.1"),
        ],
    )
    return FrameworkIndex([framework])


def refs(hits: list[SearchHit]) -> list[str]:
    return [hit.ref for hit in hits]


def codes(hits: list[SearchHit]) -> list[str]:
    return [hit.code for hit in hits]


# -- codes --------------------------------------------------------------------------------


def test_an_exact_code_comes_first_then_longer_codes(science):
    hits = science.search("MS-ESS3-3")
    assert codes(hits)[:2] == ["MS-ESS3-3", "MS-ESS3-30"]
    assert [hit.score for hit in hits[:2]] == [100.0, 90.0]
    assert all(hit.score < 40 for hit in hits[2:])  # only some of the words


@pytest.mark.parametrize(
    "query", ["ms-ess3", "MS-ESS3", "ms ess3", "Ms.Ess3", "ms_ess3", "ms-ess3-"]
)
def test_code_prefix_ignores_case_and_punctuation(science, query):
    hits = science.search(query)
    assert codes(hits)[:4] == ["MS-ESS3", "MS-ESS3-1", "MS-ESS3-3", "MS-ESS3-30"]
    assert hits[0].score == 100.0
    assert all(hit.score == 90.0 for hit in hits[1:4])


def test_the_last_code_segment_may_be_unfinished(science):
    assert codes(science.search("ms-es"))[:4] == ["MS-ESS3", "MS-ESS3-1", "MS-ESS3-3", "MS-ESS3-30"]
    assert codes(science.search("ms-ess3-3"))[:2] == ["MS-ESS3-3", "MS-ESS3-30"]


def test_a_code_typed_without_punctuation_matches(science):
    hits = science.search("msess3")
    assert codes(hits)[:4] == ["MS-ESS3", "MS-ESS3-1", "MS-ESS3-3", "MS-ESS3-30"]
    assert {hit.score for hit in hits[:4]} == {85.0}


def test_segments_match_inside_codes_only_from_a_segment_boundary(science):
    hits = science.search("ess3-3")
    assert codes(hits)[:3] == ["MS-ESS3-3", "MS-ESS3-30", "HS-ESS3-3"]
    assert {hit.score for hit in hits[:3]} == {80.0}
    assert not [hit for hit in science.search("ss3-3") if hit.score >= 80]


def test_codes_of_the_sample_frameworks(everything):
    assert codes(everything.search("7.rp"))[:3] == ["7.RP", "7.RP.A.2", "7.RP.A.3"]
    assert codes(everything.search("rp.a"))[:2] == ["7.RP.A.2", "7.RP.A.3"]
    hits = everything.search("civ.10")
    assert hits[0].ref == "c3-civics:D2.Civ.10.6-8"
    assert hits[0].score == 80.0
    hits = everything.search("d2.civ.10.6-8")
    assert (hits[0].ref, hits[0].score) == ("c3-civics:D2.Civ.10.6-8", 100.0)
    assert refs(everything.search("HS-ETS1", limit=5)) == [
        "ngss-hs-ets:HS-ETS1",
        "ngss-hs-ets:HS-ETS1-1",
        "ngss-hs-ets:HS-ETS1-2",
        "ngss-hs-ets:HS-ETS1-3",
        "ngss-hs-ets:HS-ETS1-4",
    ]
    assert everything.search("4c.col")[0].ref == "4cs:collaboration"


# -- words --------------------------------------------------------------------------------


def test_whole_words_then_an_unfinished_last_word_then_word_beginnings(science):
    hits = science.search("water cycle")
    assert [hit.ref for hit in hits if hit.score == 70.0] == ["sci:hs-ess3-3", "sci:water-1"]
    assert hits[2].score == 65.0  # "cycles" begins with "cycle"

    hits = science.search("water cyc")
    assert refs(hits)[:3] == ["sci:hs-ess3-3", "sci:water-1", "sci:water-2"]
    assert [hit.score for hit in hits[:4]] == [65.0, 65.0, 65.0, 65.0]
    assert "sci:water-3" in refs(hits)

    hits = science.search("wat cyc")
    assert refs(hits)[:4] == ["sci:hs-ess3-3", "sci:water-1", "sci:water-2", "sci:water-3"]
    assert [hit.score for hit in hits[:4]] == [60.0] * 4
    assert all(hit.score < 40 for hit in hits[4:])


def test_a_whole_word_ranks_above_a_longer_word_it_begins(science):
    hits = science.search("watershed")
    assert refs(hits) == ["sci:ms-ess3-30", "sci:water-3"]
    hits = science.search("water")
    whole = [hit.ref for hit in hits if hit.score == 70.0]
    assert "sci:ms-ess3-30" not in whole  # only "watershed": begins, not whole
    assert refs(hits).index("sci:water-3") < refs(hits).index("sci:ms-ess3-30")


def test_words_of_keywords_abbreviated_statements_and_readable_ids_are_searched(everything):
    framework = make(
        "kw",
        [
            item("a", "Plan a budget.", keywords=["money", "spreadsheets"]),
            item("b", "Short title.", abbreviated_statement="Financial literacy"),
            item("0b1c2d3e-4f50-4a61-8b72-93a4b5c6d7e8", "Machine id."),
        ],
    )
    index = FrameworkIndex([framework])
    assert refs(index.search("spreadsh")) == ["kw:a"]
    assert refs(index.search("financial lit")) == ["kw:b"]
    assert index.search("0b1c2d3e") == []  # UUIDs are not words
    # built-in ids name the competency even when the statement does not
    assert everything.search("collaboration")[0].ref == "4cs:collaboration"
    assert everything.search("self manag")[0].ref == "casel:self-management"


def test_accents_and_case_do_not_matter(science):
    assert refs(science.search("ENERGIA")) == ["sci:energy"]
    assert refs(science.search("energía")) == ["sci:energy"]


def test_common_words_are_ignored_unless_last_or_alone(science):
    assert refs(science.search("the water cycle")) == refs(science.search("water cycle"))
    assert science.search("the")  # alone it is searched
    hits = science.search("through th")
    assert (hits[0].ref, hits[0].score) == ("sci:water-3", 65.0)


# -- typos --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("photosinthesis", "sci:photo"),  # one wrong letter
        ("photosynthsis ", "sci:photo"),  # one missing letter, word finished
        ("photosinth", "sci:photo"),  # still typing, with a mistake
        ("evaportaion", "sci:water-1"),  # two letters swapped
        ("photsyn", "sci:photo"),  # a letter left out, still typing
        ("phottosyn", "sci:photo"),  # a letter typed twice, still typing
    ],
)
def test_typos_are_forgiven(science, query, expected):
    hits = science.search(query)
    assert hits[0].ref == expected
    assert hits[0].score == 50.0


def test_typos_combine_with_correct_words(science):
    hits = science.search("water cylce")
    assert refs(hits)[:4] == ["sci:hs-ess3-3", "sci:water-1", "sci:water-2", "sci:water-3"]
    assert [hit.score for hit in hits[:4]] == [50.0] * 4
    assert all(hit.score < 40 for hit in hits[4:])  # "watershed" only


def test_short_or_far_off_words_are_not_guessed(science):
    assert science.search("wtr") == []  # too short to guess
    assert science.search("xylophone") == []


def test_typos_in_the_builtin_frameworks(everything):
    assert everything.search("colaboration")[0].ref == "4cs:collaboration"
    assert everything.search("colab")[0].ref == "4cs:collaboration"
    assert everything.search("critcal thinking")[0].ref == "4cs:critical-thinking"


# -- fewer words --------------------------------------------------------------------------


def test_items_matching_some_words_come_last_most_matched_first(science):
    hits = science.search("water cycle volcano")
    assert refs(hits)[:3] == ["sci:hs-ess3-3", "sci:water-1", "sci:water-2"]  # 2 of 3 words
    assert hits[0].score == pytest.approx(40 * 2 / 3, abs=0.01)
    scores = [hit.score for hit in hits]
    assert scores == sorted(scores, reverse=True)
    assert min(scores) == pytest.approx(40 / 3, abs=0.01)


# -- filters ------------------------------------------------------------------------------


@pytest.mark.parametrize("level", ["7", "07", "Grade 7", "G7", " 7 "])
def test_education_level_forms(everything, level):
    hits = everything.search("proportional", education_levels=[level])
    assert codes(hits) == ["7.RP", "7.RP.A.2", "7.RP.A.3"]
    # items with no level (CASEL) are for every grade
    found = {hit.framework_id for hit in everything.search("solve", education_levels=[level])}
    assert found == {"casel", "ccss-math-7"}
    assert everything.search("proportional", education_levels=["8"]) == []


def test_hs_ms_and_ranges_cover_their_grades(everything):
    high = {hit.framework_id for hit in everything.search("", limit=200, education_levels="HS")}
    assert high == {"4cs", "casel", "c3-history", "ccss-ela-9-10", "ngss-hs-ets"}
    middle = {hit.framework_id for hit in everything.search("", limit=200, education_levels="MS")}
    assert middle == {"4cs", "casel", "c3-civics", "ccss-math-7"}
    assert middle == {
        hit.framework_id for hit in everything.search("", limit=200, education_levels=["6-8"])
    }
    grade_3 = everything.search("", limit=200, education_levels=["03"], frameworks=["ngss-elem"])
    assert "ngss-elem:4-ESS2-1" not in refs(grade_3)
    assert {"ngss-elem:ess", "ngss-elem:3-ESS2-1", "ngss-elem:3-5-ETS1-1"} <= set(refs(grade_3))


def test_items_without_levels_pass_every_level_filter(everything):
    hits = everything.search("collab", education_levels=["KG"])
    assert hits[0].ref == "4cs:collaboration"


def test_levels_are_inherited_and_read_in_every_form():
    framework = make(
        "levels",
        [
            item("k", "Kindergarten counting.", education_levels=["KG"]),
            item("k-1", "Count to twenty.", parent="k"),
            item("band", "Grade band work.", education_levels=["6-8"]),
            item("band-1", "Ratio work.", parent="band"),
            item("hs", "High school work.", education_levels=["HS"]),
            item("pk", "Pre-K play.", education_levels=["Pre-K"]),
            item("adult", "Adult learning.", education_levels=["Adult"]),
        ],
    )
    index = FrameworkIndex([framework])

    def found(levels) -> list[str]:
        return [hit.item_id for hit in index.search("", limit=50, education_levels=levels)]

    assert found(["K"]) == found(["0"]) == found(["kindergarten"]) == ["k", "k-1"]
    assert found(["7"]) == found(["MS"]) == ["band", "band-1"]
    assert found(["10"]) == found(["9-12"]) == ["hs"]
    assert found(["PK"]) == ["pk"]
    assert found(["adult"]) == ["adult"]
    assert found(["K", "11"]) == ["k", "k-1", "hs"]
    assert found(["13"]) == []


def test_expand_education_level():
    assert expand_education_level("07") == {"7"}
    assert expand_education_level("KG") == {"K"}
    assert expand_education_level("HS") == {"9", "10", "11", "12"}
    assert expand_education_level("K-2") == {"K", "1", "2"}
    assert expand_education_level("9–12") == {"9", "10", "11", "12"}
    assert expand_education_level("6, 7") == {"6", "7"}
    assert expand_education_level("Adult Ed") == {"ADULT ED"}
    assert "PS" in expand_education_level("HE")


def test_type_and_framework_filters(everything, science):
    hits = everything.search("design", types=["Performance-Expectation"])
    assert hits
    assert all(hit.type == "performance expectation" for hit in hits)
    hits = science.search("ess3", types="performance expectation")
    assert codes(hits) == ["MS-ESS3-1", "MS-ESS3-3", "MS-ESS3-30", "HS-ESS3-3"]
    hits = everything.search("evidence", frameworks=["c3-history", "ngss-elem"])
    assert hits
    assert {hit.framework_id for hit in hits} == {"c3-history", "ngss-elem"}
    assert everything.search("evidence", frameworks="nope") == []
    assert everything.search("evidence", types=["nope"]) == []
    assert refs(everything.search("evidence", frameworks=[], types=[])) == refs(
        everything.search("evidence")
    )


# -- the results --------------------------------------------------------------------------


def test_hits_describe_the_item(everything):
    hit = everything.search("7.RP.A.2")[0]
    assert hit == SearchHit(
        ref="ccss-math-7:7.RP.A.2",
        framework_id="ccss-math-7",
        item_id="7.RP.A.2",
        code="7.RP.A.2",
        statement=hit.statement,
        type="standard",
        education_levels=("7",),
        score=100.0,
    )
    assert hit.statement.startswith("Recognize when two quantities")
    with pytest.raises(FrozenInstanceError):
        hit.score = 1.0  # type: ignore[misc]


def test_limit(everything):
    assert len(everything.search("the", limit=3)) == 3
    assert everything.search("the", limit=0) == []
    many = everything.search("the", limit=1000)
    assert len(many) == len({hit.ref for hit in many}) > 20
    assert refs(everything.search("the", limit=5)) == refs(many)[:5]


def test_empty_query_browses_in_order(everything, samples):
    first = next(iter(builtin_frameworks().values()))
    assert refs(everything.search("", limit=3)) == [first.ref(i.id) for i in first.items[:3]]
    assert refs(everything.search(" -- ", limit=3)) == refs(everything.search("", limit=3))
    math = next(framework for framework in samples if framework.id == "ccss-math-7")
    hits = everything.search("", limit=100, frameworks=["ccss-math-7"])
    assert refs(hits) == [math.ref(i.id) for i in math.items]
    assert {hit.score for hit in hits} == {0.0}


def test_ties_follow_framework_then_item_order():
    one = make("one", [item("b", "Shared words here.", code="X.2"), item("a", "Shared too.")])
    two = make("two", [item("c", "Shared again.", code="X.1")])
    assert refs(FrameworkIndex([one, two]).search("shared")) == ["one:b", "one:a", "two:c"]
    assert refs(FrameworkIndex([two, one]).search("shared")) == ["two:c", "one:b", "one:a"]
    assert refs(FrameworkIndex([one, two]).search("x")) == ["one:b", "two:c"]


def test_results_are_sorted_by_score(everything):
    for query in ["d4", "evid", "design sol", "argue evidence", "ess", "wat", "plan"]:
        scores = [hit.score for hit in everything.search(query, limit=50)]
        assert scores == sorted(scores, reverse=True), query


# -- several frameworks, add() ------------------------------------------------------------


def test_add_indexes_a_framework_later_and_replaces_one_with_the_same_id(samples):
    index = FrameworkIndex(builtin_frameworks().values())
    assert index.frameworks == ("4cs", "casel")
    assert not index.search("ratio")
    math = next(framework for framework in samples if framework.id == "ccss-math-7")
    index.add(math)
    assert index.frameworks == ("4cs", "casel", "ccss-math-7")
    assert index.search("7.rp")[0].ref == "ccss-math-7:rp"
    assert len(index) == sum(len(f.items) for f in builtin_frameworks().values()) + len(math.items)

    edited = math.model_copy(
        update={"items": [math.items[0].model_copy(update={"statement": "Ratios, renamed."})]}
    )
    index.add(edited)
    assert index.frameworks == ("4cs", "casel", "ccss-math-7")
    assert refs(index.search("renamed")) == ["ccss-math-7:rp"]
    assert "ccss-math-7:7.RP.A.2" not in refs(index.search("7.rp.a.2", limit=100))
    assert index.search("collab")[0].ref == "4cs:collaboration"


def test_an_empty_index_finds_nothing():
    index = FrameworkIndex()
    assert index.search("anything") == []
    assert index.search("") == []
    assert len(index) == 0


# -- the fast paths agree with the rules --------------------------------------------------

_STOP = {"the", "of"}
_VOCAB = [
    *("water", "cycle", "cycles", "energy", "model", "models", "matter", "ratio", "ratios"),
    *("rate", "graph", "evidence", "evaluate", "explain", "design", "designs", "solution"),
    *("solutions", "system", "systems", "structure", "function", "data", "argument"),
    *("arguments", "analyze", "plan", "planning", "weather", "climate", "climb", "student"),
    "students",
]


def _tokens(text: str) -> list[str]:
    return re.findall(r"[^\W_]+", text.casefold())


def _reference(framework_items, query):
    """The documented ranking of every item, computed item by item: the slow, obvious
    way. Returns (minus the score, position, ref) of the matching items, best first."""
    q = _tokens(query)
    if not q:
        return [(-0.0, position, ref) for position, (ref, *_) in enumerate(framework_items)]
    texts = list(dict.fromkeys(q))
    if len(texts) > 1:
        kept = [t for t in texts[:-1] if t not in _STOP] + texts[-1:]
        if kept != texts[-1:] or texts[-1] not in _STOP:
            texts = kept
    vocabulary = {word for _, _, words in framework_items for word in words}
    total = len(texts)
    loose = [t for t in texts if any(w.startswith(t) for w in vocabulary)]
    loose = [t for t in loose if t not in _STOP or total == 1]
    scored = []
    for position, (ref, code, words) in enumerate(framework_items):
        segments = _tokens(code)
        n = len(q)
        score = 0.0
        if segments:
            head_ok = segments[: n - 1] == q[:-1] and len(segments) >= n
            if segments == q:
                score = 100.0
            elif head_ok and segments[n - 1].startswith(q[-1]):
                score = 90.0
            elif "".join(segments).startswith("".join(q)):
                score = 85.0
            elif any(
                segments[i : i + n - 1] == q[:-1]
                and len(segments) >= i + n
                and segments[i + n - 1].startswith(q[-1])
                for i in range(1, len(segments))
            ):
                score = 80.0
        if not score:
            *head, last = texts
            whole_head = all(t in words for t in head)
            begins = [any(w.startswith(t) for w in words) for t in texts]
            if whole_head and last in words:
                score = 70.0
            elif whole_head and begins[-1]:
                score = 65.0
            elif head and all(begins):
                score = 60.0
            elif total > 1:
                matched = sum(1 for t in loose if any(w.startswith(t) for w in words))
                if matched:
                    score = round(40 * min(matched, total - 1) / total, 2)
        if score:
            scored.append((-score, position, ref))
    scored.sort()
    return scored


def _synthetic(seed: int, size: int) -> list[Framework]:
    rng = random.Random(seed)
    weights = [1 / (rank + 1) for rank in range(len(_VOCAB))]
    frameworks = []
    for number in range(2):
        items = []
        for index in range(size):
            words = rng.choices(_VOCAB, weights, k=rng.randint(3, 12))
            words.append(_VOCAB[index % len(_VOCAB)])  # every word in every framework
            if rng.random() < 0.3:
                words.insert(rng.randrange(len(words)), "the")
            grade = rng.choice(["K", "3", "MS", "HS"])
            domain = rng.choice(["RP", "ESS3", "LS1", "W", "CIV"])
            code = f"{grade}-{domain}.{rng.randint(1, 40)}.{index}"
            items.append(
                item(
                    code,
                    " ".join(words).capitalize() + ".",
                    code=code,
                    type=rng.choice(["standard", "cluster"]),
                )
            )
        frameworks.append(make(f"syn{number}", items))
    return frameworks


def _queries(frameworks: list[Framework], rng: random.Random, count: int) -> list[str]:
    queries = []
    all_items = [entry for framework in frameworks for entry in framework.items]
    while len(queries) < count:
        chosen = rng.choice(all_items)
        kind = rng.random()
        if kind < 0.3:
            queries.append(chosen.code[: rng.randint(1, len(chosen.code))])
        elif kind < 0.4:
            start = chosen.code.index("-") + 1
            queries.append(chosen.code[start : rng.randint(start + 1, len(chosen.code))])
        else:
            words = _tokens(chosen.statement)
            size = rng.choice([1, 1, 2, 2, 3])
            start = rng.randrange(max(1, len(words) - size + 1))
            picked = words[start : start + size]
            if rng.random() < 0.3:
                picked.append(rng.choice(_VOCAB))  # a word the item may not have
            if rng.random() < 0.8:
                picked[-1] = picked[-1][: rng.randint(1, len(picked[-1]))]
            queries.append(" ".join(picked))
    return queries


@pytest.mark.parametrize("size", [40, 600])
def test_search_agrees_with_the_documented_rules(size):
    """Small and large frameworks take different paths (sets, or checking items in
    order); both must give exactly the ranking the rules describe."""
    frameworks = _synthetic(size, size)
    index = FrameworkIndex(frameworks)
    table = []
    for framework in frameworks:
        for entry in framework.items:
            words = set(_tokens(entry.statement)) | set(_tokens(entry.code))
            table.append((framework.ref(entry.id), entry.code, words))
    types = {framework.ref(e.id): e.type for framework in frameworks for e in framework.items}
    rng = random.Random(size)
    filters = [
        ({}, lambda ref: True),
        ({"types": ["Cluster"]}, lambda ref: types[ref] == "cluster"),
        ({"frameworks": ["syn1"]}, lambda ref: ref.startswith("syn1:")),
    ]
    for query in _queries(frameworks, rng, 150):
        limit = rng.choice([1, 5, 20, 60])
        ranked = _reference(table, query)
        for options, allowed in filters:
            expected = [(ref, -score) for score, _, ref in ranked if allowed(ref)][:limit]
            hits = index.search(query, limit=limit, **options)
            assert [(hit.ref, hit.score) for hit in hits] == expected, (query, options)
