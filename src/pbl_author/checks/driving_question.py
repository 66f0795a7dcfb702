"""Driving-question analysis: why a driving question is weak, and a rewrite to start from.

A strong driving question exists, is open-ended, is written for students and is neither
trivial nor limitless. :func:`analyze` returns the ways a question falls short, each a
:class:`QuestionIssue` with a plain-words message that says *why* and a hint that says what
to do; an empty list means a strong question. :func:`rewrite_pattern` offers a concrete
starting point in the "How might we [action] for [audience]?" or "How can we, as [role],
...?" pattern, built from the teacher's own words where it can.

The kinds of issue (``QuestionIssue.kind``), in the order they are reported:

``missing``
    no question, or a placeholder ("TBD", "[Driving question goes here]").
``not_a_question``
    a statement or an instruction ("Design a better lunch menu.", "Students will ...").
``topic_only``
    just a topic ("Ecosystems", "Water pollution?", "What about recycling?").
``yes_no``
    answered with yes or no ("Is our tap water safe to drink?", "Should we ...?").
``factual``
    a single fact to look up ("What year did ...", "Who invented ...", "How many ...",
    "When ...", or a textbook question with no "we", no place and no decision in it).
``trivial``
    too narrow or too short: answered in a sentence or done in an afternoon.
``limitless``
    too big to answer in a project ("How can we save the world?", "What is justice?").
``too_long``
    over ~35 words, or several questions chained together.
``jargon``
    standard codes (MS-ESS3-3, 7.RP.A.2, W.9-10.1) or teacher language ("students will",
    "demonstrate mastery", "analyze the impact", "SWBAT", "learning objectives").
``not_for_students``
    written about students ("How will students ...", "my third graders"), not for them.

The analysis runs after every keystroke in the designer: it is pure Python over regular
expressions compiled once from the word lists in ``data/driving_question.yaml``, with no
model and no network, and takes a few tens of microseconds per question.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

from ..files.yamltext import load_yaml

__all__ = ["KINDS", "QuestionIssue", "analyze", "is_strong", "rewrite_pattern"]

#: Every kind of issue, in the order :func:`analyze` reports them.
KINDS: tuple[str, ...] = (
    "missing",
    "not_a_question",
    "topic_only",
    "yes_no",
    "factual",
    "trivial",
    "limitless",
    "too_long",
    "jargon",
    "not_for_students",
)

DATA_PATH = Path(__file__).resolve().parent / "data" / "driving_question.yaml"


@dataclass(frozen=True)
class QuestionIssue:
    """One way a driving question falls short: its kind, why (message), what to do (hint)."""

    kind: str
    message: str
    hint: str


# --------------------------------------------------------------------------- rules (data)


_TOKEN = re.compile(r"\w+(?:['-]\w+)*|[^\w\s]")


@lru_cache(maxsize=256)
def _tokens(text: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The words and punctuation marks of ``text``, as written and in lower case."""
    words = tuple(_TOKEN.findall(text))
    return words, tuple(word.lower() for word in words)


class _Phrases:
    """Whole-word phrases found with one dictionary look-up per word of the text.

    The same matching as a case-insensitive regular expression of alternatives with word
    boundaries, without its cost: the lists hold hundreds of phrases and the analysis runs
    on every keystroke.
    """

    __slots__ = ("_first", "first_words")

    def __init__(self, phrases: list[str]) -> None:
        first: dict[str, list[tuple[str, ...]]] = {}
        for phrase in phrases:
            words = _tokens(phrase.strip())[1]
            if words and words not in first.get(words[0], []):
                first.setdefault(words[0], []).append(words)
        for options in first.values():
            options.sort(key=len, reverse=True)
        self._first = first
        self.first_words = frozenset(first)

    def _scan(self, text: str) -> Iterator[str]:
        words, low = _tokens(text)
        if self.first_words.isdisjoint(low):
            return  # the usual case, decided in C
        index = 0
        while index < len(low):
            step = 1
            for option in self._first.get(low[index], ()):
                if low[index : index + len(option)] == option:
                    yield " ".join(words[index : index + len(option)])
                    step = len(option)
                    break
            index += step

    def search(self, text: str) -> str | None:
        """The first phrase in ``text`` (as written there), or None."""
        return next(self._scan(text), None)

    def findall(self, text: str) -> list[str]:
        return list(self._scan(text))


def _wordset(text: str) -> frozenset[str]:
    return frozenset(text.split())


def _phrases(items: list[str]) -> str:
    """One alternation of whole-word phrases, longest first, any spacing between words."""
    parts = sorted({item.strip().lower() for item in items if item.strip()}, key=len, reverse=True)
    body = "|".join(r"\s+".join(re.escape(word) for word in part.split()) for part in parts)
    return rf"(?<![\w'-])(?:{body})(?![\w'-])"


@dataclass(frozen=True)
class _Rules:
    min_words: int
    max_words: int
    max_total_words: int
    max_questions: int
    max_topic_words: int
    max_analyzed_characters: int
    placeholders: frozenset[str]
    open_start: re.Pattern[str]
    aux_start: re.Pattern[str]
    aux_words: frozenset[str]
    topic_start: re.Pattern[str]
    fact_start: re.Pattern[str]
    fact_pattern: re.Pattern[str]
    decision: _Phrases
    anchor: _Phrases
    generic_start: re.Pattern[str]
    trivial: _Phrases
    limitless: _Phrases
    absolute_verbs: frozenset[str]
    absolute_problem: re.Pattern[str]
    abstract_only: re.Pattern[str]
    local: _Phrases
    codes: re.Pattern[str]
    jargon: _Phrases
    learners: frozenset[str]
    learner_subject: re.Pattern[str]
    teacher: _Phrases
    my_class: re.Pattern[str]
    imperative_start: re.Pattern[str]
    statement_cue: _Phrases
    chain_start: re.Pattern[str]
    inline_chain: re.Pattern[str]
    either_or: re.Pattern[str]
    common_verbs: frozenset[str]
    predicate_words: frozenset[str]
    imperatives: frozenset[str]
    problem: _Phrases
    broad_problem: _Phrases
    resource: _Phrases
    roles: tuple[tuple[str, _Phrases], ...]


def _words(data: dict[str, Any], key: str) -> list[str]:
    return [str(item) for item in data[key]]


def _compile(data: dict[str, Any]) -> _Rules:
    limits = data["thresholds"]
    flags = re.IGNORECASE
    aux = _words(data, "yes_no_auxiliaries")
    learners = _phrases(_words(data, "learner_words"))  # in a regular expression below
    modal = r"(?:will|can|could|should|might|would|must|may|do|does|did)"
    question = r"(?:how|what|why|when|where|which|who)"
    roles = tuple(
        (str(entry["role"]), _Phrases([str(w) for w in entry["words"]])) for entry in data["roles"]
    )
    learner_words = _words(data, "learner_words")
    return _Rules(
        min_words=int(limits["min_words"]),
        max_words=int(limits["max_words"]),
        max_total_words=int(limits["max_total_words"]),
        max_questions=int(limits["max_questions"]),
        max_topic_words=int(limits["max_topic_words"]),
        max_analyzed_characters=int(limits["max_analyzed_characters"]),
        placeholders=frozenset(w.lower() for w in _words(data, "placeholders")),
        open_start=re.compile(
            _phrases(_words(data, "question_words") + _words(data, "open_openers")), flags
        ),
        aux_start=re.compile(_phrases(aux), flags),
        aux_words=frozenset(w.lower() for w in aux),
        topic_start=re.compile(_phrases(_words(data, "topic_openers")), flags),
        fact_start=re.compile(_phrases(_words(data, "fact_starters")), flags),
        fact_pattern=re.compile("|".join(_words(data, "fact_patterns")), flags),
        decision=_Phrases(_words(data, "decision_words")),
        anchor=_Phrases(_words(data, "anchor_words")),
        generic_start=re.compile(_phrases(_words(data, "generic_openers")), flags),
        trivial=_Phrases(_words(data, "trivial_phrases")),
        limitless=_Phrases(_words(data, "limitless_phrases")),
        absolute_verbs=_Phrases(_words(data, "absolute_verbs")).first_words,
        absolute_problem=re.compile(
            _phrases(_words(data, "absolute_verbs"))
            + r"\s+(?:[\w'-]+\s+){0,3}?"
            + _phrases(_words(data, "broad_problems")),
            flags,
        ),
        abstract_only=re.compile(
            r"^what\s+(?:is|are)\s+" + _phrases(_words(data, "abstract_nouns")) + r"\W*$", flags
        ),
        local=_Phrases(_words(data, "local_words")),
        codes=re.compile("|".join(f"(?:{p})" for p in _words(data, "standard_codes"))),
        jargon=_Phrases(_words(data, "jargon_phrases")),
        learners=frozenset(_tokens(w)[1][-1] for w in learner_words),
        learner_subject=re.compile(
            rf"(?:^|[.?!;:]\s+){learners}\s+(?:{modal}|need\s+to|needs\s+to|are\s+able\s+to|"
            rf"are\s+expected\s+to|learn|understand|know|demonstrate|show)\b"
            rf"|\b{question}\s+(?:[\w'-]+\s+)?{modal}\s+{learners}"
            rf"|^{modal}\s+{learners}",
            flags,
        ),
        teacher=_Phrases(_words(data, "teacher_phrases")),
        my_class=re.compile(
            r"\bmy\s+(?:[\w-]+\s+){0,2}(?:graders|students|learners|pupils)\b", flags
        ),
        imperative_start=re.compile(_phrases(_words(data, "imperative_starters")), flags),
        statement_cue=_Phrases(_words(data, "statement_cues")),
        chain_start=re.compile(
            r"^(?:(?:and|or|but|so)\s+)?(?:how|why|what|who)\b"
            r"(?!\s+(?:we|i|you|they|he|she|it|the|a|an|our|their|people)\b)",
            flags,
        ),
        inline_chain=re.compile(
            r"\b(?:and|or|but)\s+(?:how|why|what|who|where|when)\s+" + _phrases(aux), flags
        ),
        either_or=re.compile(r"\bor\b(?!\s+not\b)", flags),
        common_verbs=frozenset(w.lower() for w in _words(data, "common_verbs")),
        predicate_words=frozenset(w.lower() for w in _words(data, "predicate_words")),
        imperatives=frozenset(w.lower() for w in _words(data, "imperative_starters")),
        problem=_Phrases(_words(data, "problem_words")),
        broad_problem=_Phrases(_words(data, "broad_problems")),
        resource=_Phrases(_words(data, "resource_words")),
        roles=roles,
    )


@cache
def _rules() -> _Rules:
    """The word lists and thresholds, read and compiled once."""
    return _compile(load_yaml(DATA_PATH.read_text(encoding="utf-8")))


# --------------------------------------------------------------------------- text


_MD_CHARS = frozenset("*_`[<>#~\\&")
_MD_LIST = re.compile(r"[ \t]*(?:[-+]|\d{1,3}[.)])[ \t]")
_MD_CODE = re.compile(r"`+([^`]*)`+")
_MD_IMAGE = re.compile(r"!\[([^\]]*)\]\([^)]*\)")
_MD_LINK = re.compile(r"\[([^\]]+)\]\([^)]*\)")
_MD_REFLINK = re.compile(r"\[([^\]]+)\]\[[^\]]*\]")
_MD_AUTOLINK = re.compile(r"<((?:https?|mailto):[^>\s]+)>")
_HTML_TAG = re.compile(r"</?[A-Za-z][^<>]*>")
_MD_BLOCK = re.compile(r"^[ \t]{0,3}(?:#{1,6}[ \t]+|>[ \t]?|[-*+][ \t]+|\d{1,3}[.)][ \t]+)", re.M)
_MD_STRONG = re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1", re.S)
_MD_EM_STAR = re.compile(r"\*(?=\S)(.+?)(?<=\S)\*", re.S)
_MD_EM_UNDER = re.compile(r"(?<!\w)_(?=\S)(.+?)(?<=\S)_(?!\w)", re.S)
_MD_STRIKE = re.compile(r"~~(.+?)~~", re.S)
_MD_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!>~|])")
_DASH_CHARS = frozenset("\u2012\u2013\u2014\u2015")
_DASHES = re.compile(r"\s*[\u2012\u2013\u2014\u2015]+\s*|\s+--+\s+")
_PARAGRAPHS = re.compile(r"\n[ \t]*\n\s*")
_SPACES = re.compile(r"\s+")
_PUNCT = str.maketrans(
    {
        "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'",
        "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"',
        "\u00ab": '"', "\u00bb": '"', "\u2026": "...", "\uff1f": "?", "\u00a0": " ",
        "\u2009": " ", "\u202f": " ", "\u200b": "", "\u200c": "", "\u200d": "", "\ufeff": "",
    }
)  # fmt: skip
_SENTENCE_SPLIT = re.compile(r"(?<=[.?!])[\"')\]]*\s+")
_ABBREVIATION = re.compile(
    r"(?:\b(?:mr|mrs|ms|dr|st|mt|ft|jr|sr|vs|etc|no|prof|gen|gov|sen|rep|e\.g|i\.e|u\.s|u\.k|"
    r"a\.m|p\.m)|\b[A-Za-z])\.$",
    re.IGNORECASE,
)
_SEGMENT_SPLIT = re.compile(r"[,;:]\s|\s-\s|[()]")
_DIGIT = re.compile(r"\d")
_WORD = re.compile(r"\d[\d,.]*\d|\w+(?:['-]\w+)*")
_EDGE = re.compile(r"^[\s\"'(\[*_]+|[\s\"')\]*_.?!,;:]+$")
_BRACKETED = re.compile(r"^\s*(?:\[[^\]]*\]|<[^>]*>|\{[^}]*\})\s*$")
_PLACEHOLDER_START = re.compile(r"^(?:tbd|tba|todo|fixme|xxx+)\b", re.IGNORECASE)
_PLACEHOLDER_WORD = re.compile(r"\b(?:tbd|tba|todo|fixme|xxx+)\b", re.IGNORECASE)
_PLACEHOLDER_TEXT = re.compile(
    r"\b(?:question|dq)\s+(?:goes\s+)?here\b|\binsert\s+(?:the\s+|a\s+|your\s+)?"
    r"(?:driving\s+)?question\b|\bwrite\s+(?:the|your|a|our)\s+(?:driving\s+)?question\b",
    re.IGNORECASE,
)


def _strip_markdown(text: str) -> str:
    if _MD_CHARS.isdisjoint(text) and not any(map(_MD_LIST.match, text.split("\n"))):
        return text
    text = _MD_CODE.sub(r"\1", text)
    text = _MD_IMAGE.sub(r"\1", text)
    text = _MD_LINK.sub(r"\1", text)
    text = _MD_REFLINK.sub(r"\1", text)
    text = _MD_AUTOLINK.sub(r"\1", text)
    text = _HTML_TAG.sub("", text)
    text = _MD_BLOCK.sub("", text)
    text = _MD_STRONG.sub(r"\2", text)
    text = _MD_EM_STAR.sub(r"\1", text)
    text = _MD_EM_UNDER.sub(r"\1", text)
    text = _MD_STRIKE.sub(r"\1", text)
    text = _MD_ESCAPE.sub(r"\1", text)
    return html.unescape(text).translate(_PUNCT)  # entities may be curly quotes too


def _clean(text: object) -> str:
    """Plain text: Markdown stripped, quotes straightened, paragraphs as sentence breaks."""
    if not isinstance(text, str):
        return ""
    text = _strip_markdown(text.translate(_PUNCT))
    if "--" in text or not _DASH_CHARS.isdisjoint(text):
        text = _DASHES.sub(" - ", text)
    paragraphs = (_SPACES.sub(" ", p).strip() for p in _PARAGRAPHS.split(text))
    kept = [p for p in paragraphs if p]
    # A paragraph without an end mark still ends its sentence.
    ended = [p if p[-1] in ".?!" else p + "." for p in kept[:-1]]
    return " ".join([*ended, *kept[-1:]])


def _count(text: str) -> int:
    return len(_WORD.findall(text))


def _sentences(text: str) -> list[str]:
    pieces: list[str] = []
    for piece in _SENTENCE_SPLIT.split(text):
        if pieces and _ABBREVIATION.search(pieces[-1]):
            pieces[-1] = f"{pieces[-1]} {piece}"
        elif piece.strip():
            pieces.append(piece.strip())
    return pieces


def _edge_strip(text: str) -> str:
    return _EDGE.sub("", text)


@dataclass(frozen=True)
class _Sentence:
    text: str
    asks: bool  # ends with a question mark
    clauses: tuple[str, ...]  # the questions it asks; empty when it asks none
    inline_chains: int  # "... and how can we ...?" without a comma


def _start(segment: str, rules: _Rules) -> str | None:
    low = segment.lower()
    if rules.topic_start.match(low):
        return None
    if rules.open_start.match(low):
        return "open"
    if rules.aux_start.match(low):
        return "aux"
    return None


def _parse(text: str, rules: _Rules) -> _Sentence:
    body = _edge_strip(text)
    segments = [s.strip() for s in _SEGMENT_SPLIT.split(body) if s and not s.isspace()]
    first = next((i for i, s in enumerate(segments) if _start(s, rules)), None)
    if first is None:
        return _Sentence(text, text.rstrip("\"') ").endswith("?"), (), 0)
    clauses: list[list[str]] = [[segments[first]]]
    for segment in segments[first + 1 :]:
        if rules.chain_start.match(segment):
            clauses.append([segment])
        else:
            clauses[-1].append(segment)
    joined = tuple(", ".join(parts) for parts in clauses)
    chains = sum(
        1
        for clause in joined
        if " and " in clause or " or " in clause or " but " in clause
        for match in rules.inline_chain.finditer(clause)
        if match.start() > 0
    )
    return _Sentence(text, text.rstrip("\"') ").endswith("?"), joined, chains)


# --------------------------------------------------------------------------- messages

_OPEN_STARTS = "Open questions start with How, Why, What should… or How might we…"


def _quote_list(terms: list[str]) -> str:
    shown = [f"“{t}”" for t in terms[:3]]
    return shown[0] if len(shown) == 1 else ", ".join(shown[:-1]) + " and " + shown[-1]


def _issue(kind: str, detail: str = "", count: int = 0) -> QuestionIssue:
    rules = _rules()
    if kind == "missing":
        return QuestionIssue(
            kind,
            "There is no driving question yet"
            + (f" (“{detail}” only holds its place)" if detail else "")
            + ". The driving question frames the whole project: students come back to it "
            "every day to see why their work matters and what they are working toward.",
            "Write one open question in your students' words, for example “How might we … for …?”.",
        )
    if kind == "not_a_question":
        return QuestionIssue(
            kind,
            "This is written as a statement or an instruction, not as a question. A task or "
            "a goal tells students what to do; a driving question gives them a problem to "
            "work out, so they have a reason to ask their own questions.",
            "Turn it into a question students will want to answer: start with “How might "
            "we…” or “How can we…” and say who the work is for.",
        )
    if kind == "topic_only":
        return QuestionIssue(
            kind,
            f"“{detail}” names a topic, not a question. A topic says what the unit is about, "
            "but not what problem students are working on, what they will make or decide, "
            "or why it matters to anyone.",
            "Ask what students will do about the topic and for whom: “How might we … for …?”.",
        )
    if kind == "yes_no":
        return QuestionIssue(
            kind,
            f"This can be answered with yes or no (it starts with “{detail}”), so there is "
            f"little to investigate. {_OPEN_STARTS}",
            "For a decision, ask how to decide and whom to convince (“How should we decide "
            "whether …, and how can we convince …?”); otherwise ask “How might we …?”.",
        )
    if kind == "factual":
        return QuestionIssue(
            kind,
            "This asks for a fact that students could look up in a minute, so the inquiry "
            "ends as soon as they find it. A driving question has no answer in the back of "
            "the book: students must investigate, decide or make something to answer it.",
            "Keep the fact as a need-to-know and ask what students will do with it: “How might "
            "we use what we learn about … to … for …?”.",
        )
    if kind == "trivial":
        why = (
            f"“{detail}” is a task for an afternoon, not a problem for a project"
            if detail
            else f"At {count} words it can be answered in a sentence"
        )
        return QuestionIssue(
            kind,
            f"This is too narrow to carry a project: {why}. A driving question needs weeks "
            "of work, several things to find out and something real to make or decide.",
            "Widen it to a real problem or product: who would care about the answer, and "
            "what will students make, decide or change for them?",
        )
    if kind == "limitless":
        return QuestionIssue(
            kind,
            f"This is too big to answer in a school project (“{detail}”): students cannot "
            "tell whether they have succeeded, and a problem with no edges can feel hopeless "
            "rather than inviting.",
            "Narrow it to a place, a group of people and something students can actually "
            "change: “How might we … in our school or town for …?”.",
        )
    if kind == "too_long":
        why = (
            f"it asks {count} questions at once; several questions split students' attention, "
            "and the smaller ones are really need-to-knows"
            if detail == "questions"
            else f"it is {count} words long; students need to remember it and say it in their "
            f"own words, and past about {rules.max_words} words it turns into a paragraph"
        )
        return QuestionIssue(
            kind,
            f"This is too long: {why}.",
            f"Keep one question of at most {rules.max_words} words and move the rest to the "
            "need-to-know list or the project description.",
        )
    if kind == "jargon":
        return QuestionIssue(
            kind,
            f"It contains {detail}. Students read the driving question every day; standard "
            "codes and teacher language make it sound like a test item instead of a "
            "question that is theirs.",
            "Say it the way a student would, and keep standards and objectives in the unit's "
            "goals, where teachers and reviewers look for them.",
        )
    if kind == "not_for_students":
        who = "by the teacher, about the class" if count else "about students"
        return QuestionIssue(
            kind,
            f"This is written {who} (“{detail}”), not for students. The driving question "
            "is the students' own question, so it should speak as them.",
            "Write it with “we” or “you” (“How can we …?”) and ask the question your "
            "students would ask.",
        )
    raise ValueError(f"unknown driving-question issue kind {kind!r}")


# --------------------------------------------------------------------------- analysis


def _is_missing(clean: str, rules: _Rules) -> str | None:
    """The placeholder text when the question is missing, "" when empty, None when present."""
    if not any(ch.isalnum() for ch in clean):
        return ""
    bare = _edge_strip(clean).lower()
    if len(bare) > 80:  # a placeholder is short
        return None
    if (
        bare in rules.placeholders
        or _BRACKETED.match(clean)
        or _PLACEHOLDER_START.match(bare)
        or _PLACEHOLDER_TEXT.search(bare)
        or (_PLACEHOLDER_WORD.search(bare) and _count(bare) <= 6)
    ):
        return clean
    return None


def _shape(clause: str, sentence: str, rules: _Rules) -> str | None:
    """yes_no or factual when one clause asks that way, else None."""
    low = clause.lower()
    if rules.aux_start.match(low):
        return None if rules.either_or.search(low) else "yes_no"
    if rules.fact_start.match(low) or rules.fact_pattern.match(low):
        return None if rules.decision.search(low) else "factual"
    if (
        rules.generic_start.match(low)
        and not rules.decision.search(low)
        and not rules.anchor.search(sentence)
    ):
        return "factual"
    return None


def _limitless(text: str, rules: _Rules) -> str | None:
    hit = rules.limitless.search(text)
    if hit:
        return hit
    abstract = rules.abstract_only.search(_edge_strip(text) + "?")
    if abstract:
        return abstract.group(0).rstrip("?")
    if rules.absolute_verbs.isdisjoint(_tokens(text)[1]):
        return None
    absolute = rules.absolute_problem.search(text)
    if absolute and not rules.local.search(text):
        return absolute.group(0)
    return None


def _jargon_terms(text: str, rules: _Rules) -> list[str]:
    terms: list[str] = []
    # Standard codes hold a digit: look only at the parts of the text that do.
    coded = " ".join(part for part in text.split() if _DIGIT.search(part))
    if "§" in text:
        coded = text
    for match in rules.codes.finditer(coded) if coded else ():
        if match.group(0) not in terms:
            terms.append(match.group(0))
    for term in rules.jargon.findall(text):
        if term.lower() not in (t.lower() for t in terms):
            terms.append(term)
    return terms


def _jargon_detail(terms: list[str], rules: _Rules) -> str:
    codes = [t for t in terms if rules.codes.fullmatch(t)]
    words = [t for t in terms if t not in codes]
    parts = []
    if codes:
        what = "a standard code" if len(codes) == 1 else "standard codes"
        parts.append(f"{what} ({_quote_list(codes)})")
    if words:
        parts.append(f"teacher language ({_quote_list(words)})")
    return " and ".join(parts)


def _about_students(text: str, rules: _Rules) -> str | None:
    """The words that make ``text`` about students ("How will students"), or None."""
    if rules.learners.isdisjoint(_tokens(text)[1]):
        return None
    match = rules.learner_subject.search(text)
    return match.group(0) if match else None


def _teacher_voice(text: str, rules: _Rules) -> str | None:
    """The words that show a teacher speaking ("my students", "I teach"), or None."""
    mine = rules.my_class.search(text) if "my" in _tokens(text)[1] else None
    if mine:
        return _SPACES.sub(" ", mine.group(0))
    return rules.teacher.search(text)


def _question_sentences(sentences: list[_Sentence]) -> list[_Sentence]:
    if any(s.asks for s in sentences):
        return [s for s in sentences if s.asks and s.clauses]
    # No question mark anywhere: a sentence that starts like a question still asks one.
    return [s for s in sentences if s.clauses]


@lru_cache(maxsize=512)
def _analyze(text: str) -> tuple[QuestionIssue, ...]:
    rules = _rules()
    clean = _clean(text)
    missing = _is_missing(clean, rules)
    if missing is not None:
        return (_issue("missing", missing),)
    total = _count(clean)
    if len(clean) > rules.max_analyzed_characters:  # far too long: analyse its beginning
        head = clean[: rules.max_analyzed_characters]
        end = max(head.rfind(". "), head.rfind("? "), head.rfind("! "))
        clean = head[: end + 1] if end > 0 else head
    sentences = [_parse(s, rules) for s in _sentences(clean)]
    questions = _question_sentences(sentences)
    found: dict[str, QuestionIssue] = {}

    if questions:
        asked = " ".join(s.text for s in questions)
        clauses = [(clause, s.text.lower()) for s in questions for clause in s.clauses]
        shapes = [_shape(clause, sentence, rules) for clause, sentence in clauses]
        if all(shapes):
            first = clauses[0][0]
            detail = _WORD.findall(first)[0].capitalize() if shapes[0] == "yes_no" else ""
            found[shapes[0]] = _issue(shapes[0], detail)  # type: ignore[arg-type]
        words = _count(asked)
        trivial = rules.trivial.search(asked)
        if trivial:
            found["trivial"] = _issue("trivial", trivial)
        elif words < rules.min_words:
            found["trivial"] = _issue("trivial", count=words)
        asks = sum(len(s.clauses) + s.inline_chains for s in questions)
        if asks > rules.max_questions:
            found["too_long"] = _issue("too_long", "questions", asks)
    else:
        stated = [s for s in sentences if s.asks] or sentences
        asked = " ".join(s.text for s in stated)
        bare = _edge_strip(asked)
        words = _count(bare)
        low = bare.lower()
        if rules.topic_start.match(low) or (
            len(stated) == 1
            and words <= rules.max_topic_words
            and not rules.imperative_start.match(low)
            and not rules.statement_cue.search(low)
        ):
            found["topic_only"] = _issue("topic_only", bare)
        else:
            found["not_a_question"] = _issue("not_a_question")

    limitless = _limitless(asked, rules)
    if limitless:
        found["limitless"] = _issue("limitless", limitless)
        found.pop("factual", None)
        if "trivial" in found and rules.trivial.search(asked) is None:
            del found["trivial"]
    if "too_long" not in found:
        words = _count(asked)
        if words > rules.max_words or total > rules.max_total_words:
            found["too_long"] = _issue("too_long", count=max(words, total))
    terms = _jargon_terms(clean, rules)
    if terms:
        found["jargon"] = _issue("jargon", _jargon_detail(terms, rules))
    about = _about_students(clean, rules)
    if about:
        found["not_for_students"] = _issue("not_for_students", _edge_strip(about))
    else:
        voice = _teacher_voice(clean, rules)
        if voice:
            found["not_for_students"] = _issue("not_for_students", voice, count=1)
    return tuple(found[kind] for kind in KINDS if kind in found)


def analyze(text: str | None) -> list[QuestionIssue]:
    """The ways a driving question falls short; an empty list means a strong question.

    ``text`` is Markdown; formatting, links, smart quotes and spacing do not matter. Empty
    text (or None) gives a single ``missing`` issue.
    """
    return list(_analyze(text if isinstance(text, str) else ""))


def is_strong(text: str | None) -> bool:
    """True when :func:`analyze` finds nothing to improve."""
    return not _analyze(text if isinstance(text, str) else "")


# --------------------------------------------------------------------------- rewrite

_GENERIC = "How might we [do something real] for [a real audience] so that [it makes a difference to them]?"  # noqa: E501
_DETERMINERS = _wordset(
    "the a an our my your their his her its this that these those some many most all every each any"
)
_PRONOUNS = _wordset("it they he she there this that these those")
_PERSONS = _wordset("we you i")
_ADVERBS = _wordset("really still actually ever always even truly")
_NP_STOP = _wordset(
    "that which who whom whose because so when where if to than as while and or but whether"
)
_WH = _wordset("how why what which who whom whose when where whether")
_SMALL_PRODUCT = re.compile(
    r"^(?:a|an|one)\s+(?:list|poster|picture|drawing|worksheet|sentence|slideshow)\s+"
    r"(?:of|about|on)\s+",
    re.IGNORECASE,
)
_NP_LINK = _wordset("of in on at from for with near along across inside around")
_LEARN_ABOUT = re.compile(
    r"\b(?:learn|know|knowledge|study|understand|understanding|explore|show\s+what\s+we\s+"
    r"know|think)\s+(?:more\s+)?(?:about|of)\s+(.+)$",
    re.IGNORECASE,
)
_LEARNING_ACTION = re.compile(r"^(?:learn|know|study|understand)\b", re.IGNORECASE)
_LEARNING_QUESTION = re.compile(
    r"^(?:how|what|why)\s+(?:will|can|could|do|should|must|might)\s+we\s+(?:learn|know|study|"
    r"understand|show\s+what\s+we\s+know)(?:\s+(?:more\s+)?(?:about|of)\b|\W*$)",
    re.IGNORECASE,
)
_ABOUT = re.compile(r"\babout\s+(.+)$", re.IGNORECASE)
_IMPACT = re.compile(
    r"\b(?:analy[sz]e|evaluate|examine|assess)\s+the\s+(?:impacts?|effects?)\s+of\s+(.+?)\s+on\s+",
    re.IGNORECASE,
)
_KNOWLEDGE_OF = re.compile(
    r"\b(?:apply|use)\s+(?:our\s+|their\s+|your\s+)?(?:knowledge|understanding)\s+of\b",
    re.IGNORECASE,
)
_DEMONSTRATE = re.compile(
    r"\b(?:demonstrate|show)\s+(?:their\s+|our\s+|your\s+)?(?:mastery|understanding|"
    r"proficiency|knowledge|competency|competence)\s+(?:of|in)\b",
    re.IGNORECASE,
)
_FRAMEWORK_WORDS = re.compile(
    r"\b(?:the\s+)?(?:cross-?cutting\s+concepts?|disciplinary\s+core\s+ideas?)\s+(?:of\s+)?",
    re.IGNORECASE,
)
_OBJECTIVES = re.compile(
    r"\bmeet\s+the\s+(?:learning\s+)?(?:objectives|targets|standards)\s+(?:for|of|in)\b",
    re.IGNORECASE,
)
_STUDENTS_WILL = re.compile(
    r"^(?:in\s+this\s+(?:unit|project|lesson),?\s+)?(?:(?:the\s+)?students|learners|pupils|"
    r"swbat|twbat|i|we)\s+(?:will\s+|can\s+|are\s+going\s+to\s+|need\s+to\s+|want\s+to\s+|"
    r"must\s+|should\s+)?(?:be\s+able\s+to\s+)?",
    re.IGNORECASE,
)
_STATE = re.compile(r"^((?:the|our|my|this)\s+[\w'-]+)\s+(?:is|are)\s+\w+", re.IGNORECASE)
_WE_ACTION = re.compile(
    r"\b(?:we|our\s+class|i)\s+(?:will|are\s+going\s+to|need\s+to|want\s+to|must|should|can)\s+(.+)$",
    re.IGNORECASE,
)
_LEARNERS_TO_WE = re.compile(
    r"\b(?:the\s+|my\s+|our\s+|all\s+)?(?:students|learners|pupils|the\s+class|"
    r"(?:[\w-]+\s+)?graders)\b",
    re.IGNORECASE,
)
_TEACH = re.compile(r"\b(?:how\s+(?:can|do|should|will)\s+i\s+)?teach\s+(.+?)(?:\s+so\b|$)", re.I)
_FINDING = re.compile(r"^(?:find\s+out|investigate|research|study|test|measure|explore)\b", re.I)
_TELLING = re.compile(r"^(?:explain|describe|show|teach|tell|present)\b", re.IGNORECASE)
_MAKING = _wordset(
    "design create build make write plan produce present develop construct compose program "
    "organize organise prepare propose draw record stage"
)
_UNIT_WORDS = re.compile(r"\s+(?:unit|lesson|project|topic|module)$", re.IGNORECASE)
_EMPTY_PARENS = re.compile(r"\(\s*[,;]?\s*\)")
_SPACE_BEFORE_MARK = re.compile(r"\s+([,.?!])")
_LOOSE_MARK = re.compile(r"[\s,;:]+(?=[?.!]*$)")
_YOU = re.compile(r"\b(?:your|yourselves|you)\b", re.IGNORECASE)
_OURS = {"your": "our", "yourselves": "ourselves", "you": "we"}
_AUDIENCE = re.compile(
    r"\b(?:for|to|with)\s+(?:the|our|a|an|their|people|families|kids|[A-Z])|\bso\s+that\b"
)
_DESCRIBING = re.compile(r"^(?:\w+\s+)?(?:is|are|was|were)\b", re.IGNORECASE)
_PLACED = re.compile(r"\b(?:in|at|near|along)\s+(?:the\s+)?[A-Z]|\bour\b")
_TOPIC_END = re.compile(r"\s+and\s+(?:how|why|what)\b|,")
_IT = re.compile(r"\bit\b")
_LEARNERS_FIRST = re.compile(r"^(?:the\s+)?(?:students|learners|pupils)\b", re.IGNORECASE)
_I_GET_WE = re.compile(r"\bi\s+get\s+we\b", re.IGNORECASE)
_ENCOURAGED = re.compile(r"\bwe\s+be\s+encouraged\s+to\b", re.IGNORECASE)
_THEY_KNOW = re.compile(r"\bwhat\s+they\s+know\b", re.IGNORECASE)
_THEIR = re.compile(r"\btheir\b", re.IGNORECASE)
_CUT = "\x00"  # where a standard code was taken out
_BEFORE_CUT = re.compile(r"(?:\s*\b(?:of|about|in|with|for|on)\b)?\s*\x00", re.IGNORECASE)


def _tidy(text: str) -> str:
    text = _EMPTY_PARENS.sub("", text)
    text = _SPACES.sub(" ", text)
    text = _LOOSE_MARK.sub("", text)  # "study, ?" -> "study?"
    return _SPACE_BEFORE_MARK.sub(r"\1", text).strip(" ,;:")


def _lower_first(phrase: str) -> str:
    words = phrase.split()
    if not words:
        return phrase
    head = words[0]
    if head.isupper() and len(head) > 1:
        return phrase
    second_capital = len(words) > 1 and words[1][:1].isupper()
    if head.lower() in _DETERMINERS or not second_capital:
        return head[:1].lower() + phrase[len(head[:1]) :]
    return phrase


def _our(phrase: str) -> str:
    """Students speak as "we": your -> our, you -> we."""
    return _YOU.sub(lambda m: _OURS[m.group(0).lower()], phrase)


def _role_for(text: str, rules: _Rules) -> str | None:
    for role, words in rules.roles:
        if words.search(text):
            return role
    return None


def _has_audience(text: str) -> bool:
    return bool(_AUDIENCE.search(text))


def _action_question(action: str, opener: str = "How might we") -> str:
    action = _our(_tidy(action.strip().rstrip(".?!,;:\"' ")))
    action = _lower_first(action)
    if _FINDING.match(action) and not _has_audience(action):
        return f"{opener} {action}, and share what we find with [the people who can act on it]?"
    if _has_audience(action):
        return f"{opener} {action} so that [a purpose that matters to them]?"
    if _TELLING.match(action):
        return f"{opener} {action} to [a real audience]?"
    return f"{opener} {action} for [a real audience]?"


def _ends_phrase(word: str, rules: _Rules) -> bool:
    return (
        word in _NP_STOP
        or word in _WH
        or word in _PERSONS
        or word in rules.aux_words
        or word in rules.common_verbs
    )


def _noun_phrase(words: list[str], rules: _Rules, describing: bool = False) -> str:
    """The first noun phrase of ``words``: "the Titanic" from "the Titanic sink".

    ``describing``: the question is "Is/Are X ...", so a describing word ends X
    ("the sky | blue").
    """
    words = [_edge_strip(w) for w in words]
    start = 0
    while start < len(words) and (
        words[start].lower() in rules.aux_words
        or words[start].lower() in _PERSONS
        or words[start].lower() in _WH
        or words[start].lower() in rules.common_verbs
        or words[start].lower() in rules.imperatives
    ):
        start += 1
    phrase: list[str] = []
    for index in range(start, len(words)):
        word = words[index]
        low = word.lower()
        following = words[index + 1].lower() if index + 1 < len(words) else ""
        if low == "and" and phrase and following and not _ends_phrase(following, rules):
            phrase.append(word)  # "cause and effect", "fractions and decimals"
            continue
        if (
            not word
            or low in rules.aux_words
            or low in _NP_STOP
            or (low in rules.common_verbs and phrase)
            or (describing and low in rules.predicate_words and low not in {"a", "an"} and phrase)
        ):
            break
        phrase.append(word)
    while phrase and (
        phrase[-1].lower() in _NP_LINK or phrase[-1].lower() in _DETERMINERS or phrase[-1] == "and"
    ):
        phrase.pop()
    text = " ".join(phrase)
    small = _SMALL_PRODUCT.match(text)
    if small and small.end() < len(text):
        text = text[small.end() :]
    if len(phrase) == 1 and text.islower() and not text.endswith(("s", "ing")):
        text = f"the {text}"
    return text


def _focus(clause: str, rules: _Rules) -> str:
    """What a question is about, as a noun phrase, or "" when none can be found."""
    body = _edge_strip(clause)
    about = _LEARN_ABOUT.search(body) or _ABOUT.search(body)
    if about:
        words = about.group(1).split()
    else:
        low = body.lower()
        opener = rules.fact_start.match(low) or rules.generic_start.match(low)
        opener = opener or rules.open_start.match(low) or rules.aux_start.match(low)
        rest = body[opener.end() :] if opener else body
        words = rest.split()
        if opener and words and words[0].lower() in _NP_LINK:
            head = opener.group(0).split()[-1]  # "What is the capital | of Australia"
            words = ["the", head, *words]
    describing = bool(_DESCRIBING.match(body))
    return _our(_UNIT_WORDS.sub("", _noun_phrase(words, rules, describing)))


def _topic_question(focus: str, rules: _Rules) -> str:
    focus = _lower_first(_tidy(focus))
    problem = rules.problem.search(focus)
    placed = _PLACED.search(focus)  # "in the Arctic", "our watershed"
    where = "" if placed else " in our community"
    if problem:
        if rules.resource.search(focus):
            return f"How might we reduce {focus}{where} for the people who depend on [it]?"
        return f"How might we reduce {focus}{where} for [the people it affects most]?"
    broad = rules.broad_problem.search(focus)
    if broad and broad.islower():  # not "the Civil War"
        return (
            f"How might we help [the people] who feel the effects of "
            f"{focus}{where}, starting with [one thing we can change]?"
        )
    role = _role_for(focus, rules)
    if role:
        return (
            f"How can we, as {role}, use what we learn about {focus} to [make or improve "
            f"something] for [a real audience]?"
        )
    return (
        f"How might we use what we learn about {focus} to [make or improve something] "
        f"for [a real audience]?"
    )


def _limitless_question(text: str, hit: str, rules: _Rules) -> str:
    low = hit.lower()
    problem = rules.broad_problem.search(text)
    if problem:
        return _topic_question(problem.lower(), rules)
    abstract = rules.abstract_only.search(_edge_strip(text) + "?")
    if abstract:
        noun = _edge_strip(text).split()[-1].lower()
        return (
            f"How might we show what {noun} looks like in [a real decision our school or town "
            f"faces], for [an audience who cares about it]?"
        )
    if any(w in low for w in ("life", "exist", "here", "human", "universe")):
        return (
            "How might we find out what gives [people in our community] a sense of purpose, "
            "and share their stories with [a real audience]?"
        )
    return (
        "How might we make [one real problem] better for [a group of people or animals] in "
        "our school or town this term?"
    )


def _yes_no_question(clause: str, rules: _Rules) -> str:
    words = _edge_strip(clause).split()
    aux, rest = words[0].lower(), words[1:]
    if not rest:
        return _GENERIC
    subject_word = rest[0].lower()
    our_class = subject_word == "our" and len(rest) > 1 and rest[1].lower() == "class"
    if subject_word in _PERSONS or our_class:
        action = " ".join(rest[2 if our_class else 1 :])
        if _LEARNING_ACTION.match(action):
            focus = _focus(action, rules)
            return _topic_question(focus, rules) if focus else _GENERIC
        if aux in {"should", "would", "shall"}:
            return (
                f"How should we decide whether to {_our(_tidy(action))}, and how can we "
                "convince [the people who decide]?"
            )
        return _action_question(action)
    # Split the subject from the rest: "our tap water | safe to drink".
    end = 1 if subject_word in _PRONOUNS else 0
    if not end:
        for index, word in enumerate(rest[:7]):
            low = word.lower()
            if index and (
                low in rules.predicate_words
                or low in rules.common_verbs
                or low in rules.aux_words
                or low in _ADVERBS
            ):
                end = index
                break
        else:
            end = 2 if rest[0].lower() in _DETERMINERS and len(rest) > 2 else 1
            end = end if len(rest) > end else 0
    if not end:
        focus = _focus(clause, rules)
        return _topic_question(focus, rules) if focus else _GENERIC
    subject = " ".join(rest[:end])
    tail = rest[end:]
    adverbs: list[str] = []
    while tail and tail[0].lower() in _ADVERBS:
        adverbs.append(tail.pop(0))
    predicate = " ".join(tail)
    if aux == "should":
        return (
            f"How might we help {_lower_first(subject)} decide whether to {_tidy(predicate)}, "
            "and how can we convince [the people who decide]?"
        )
    verb = "" if aux == "do" else aux
    clause_text = " ".join(w for w in (_lower_first(subject), *adverbs, verb, predicate) if w)
    return (
        f"How might we find out whether {_tidy(clause_text)}, and share what we find with "
        "[the people it matters to]?"
    )


def _statement_question(text: str, rules: _Rules) -> str:
    body = _edge_strip(text)
    learn = _LEARN_ABOUT.search(body)
    if learn:
        topic = _TOPIC_END.split(learn.group(1))[0]
        return _topic_question(_noun_phrase(topic.split(), rules) or topic, rules)
    action = _STUDENTS_WILL.sub("", body)
    we = _WE_ACTION.search(body) if action == body else None
    if we:
        action = we.group(1)
        state = _STATE.match(body)  # "Our creek is polluted and we need to clean it up."
        action = _IT.sub(state.group(1).lower() if state else "[it]", action)
        return _action_question(action)
    words = action.split()
    first = words[0].lower() if words else ""
    if _TELLING.match(action) and len(words) > 1 and words[1].lower() in _WH:
        return _action_question(action)
    if first in rules.imperatives or first in _MAKING or _FINDING.match(action):
        if first in _MAKING or _FINDING.match(action):
            return _action_question(action)
        focus = _noun_phrase(action.split()[1:], rules)
        if focus:
            return _topic_question(focus, rules)
        return _action_question(action)
    problem = rules.problem.search(body)
    if problem:
        return _topic_question(problem.lower(), rules)
    return _GENERIC


def _shorten(sentence: _Sentence, rules: _Rules) -> str:
    """The first question of a long sentence, with long asides dropped."""
    clause = sentence.clauses[0]
    segments = [s.strip() for s in _SEGMENT_SPLIT.split(_edge_strip(clause)) if s.strip()]
    dropped: set[int] = set()
    if sum(_count(s) for s in segments) > rules.max_words:
        dropped = set(range(1, len(segments) - 1))  # asides: "How can we, as ..., find ...?"
    text = ""
    for index, segment in enumerate(segments):
        if index in dropped:
            continue
        joiner = " " if index - 1 in dropped else ", "
        text = segment if not text else text + joiner + segment
    words = text.split()
    if len(words) > rules.max_words:
        cut = max(
            (i for i, w in enumerate(words[: rules.max_words]) if w.lower() in {"and", "that"}),
            default=rules.max_words,
        )
        text = " ".join(words[:cut])
    return _tidy(text) + "?"


def _dejargon(text: str, rules: _Rules) -> str:
    if not _jargon_terms(text, rules):
        return text
    text = rules.codes.sub(_CUT, text)
    text = _IMPACT.sub(lambda m: f"find out how {m.group(1)} affects ", text)
    text = _KNOWLEDGE_OF.sub("use what we learn about", text)
    text = _DEMONSTRATE.sub("show what we know about", text)
    text = _OBJECTIVES.sub("learn about", text)
    text = _FRAMEWORK_WORDS.sub("", text)
    return _tidy(_BEFORE_CUT.sub("", text))


def _for_students(text: str, rules: _Rules) -> str:
    teach = _TEACH.search(text)
    voice = _teacher_voice(text, rules)
    if teach and voice:
        return f"How can we learn about {teach.group(1)}?"
    if not (voice or _about_students(text, rules)):
        return text
    if _LEARNERS_FIRST.match(text):
        return text  # a statement: "Students will ..." is handled as one
    text = _LEARNERS_TO_WE.sub("we", text)
    text = _I_GET_WE.sub("we get", text)
    text = _ENCOURAGED.sub("we", text)
    text = _THEY_KNOW.sub("what we know", text)
    return _THEIR.sub("our", text)


def _best_question(text: str, rules: _Rules) -> str:
    """The strongest question sentence in a text that asks several."""
    sentences = [_parse(s, rules) for s in _sentences(text)]
    questions = _question_sentences(sentences)
    if len(questions) < 2:
        return text
    return min(
        (s.text for s in questions),
        key=lambda s: (len(_analyze(s)), -bool(rules.anchor.search(s)), -_count(s)),
    )


def rewrite_pattern(text: str | None) -> str:
    """A concrete starting point for a stronger driving question, from the teacher's words.

    The result follows "How might we [action] for/so that [audience/purpose]?" or "How can
    we, as [role], ...?"; words in square brackets are for the teacher to fill in. A strong
    question comes back as it is, cleaned of Markdown, without framing sentences and with
    its question mark.
    """
    return _capital(_rewrite(text if isinstance(text, str) else ""))


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _rewrite(text: str) -> str:
    rules = _rules()
    clean = _clean(text)
    if _is_missing(clean, rules) is not None:
        return _GENERIC
    work = _dejargon(clean, rules)
    if _jargon_terms(work, rules) and not _STUDENTS_WILL.match(work):
        return _GENERIC
    work = _for_students(work, rules)
    work = _best_question(work, rules)
    kinds = [issue.kind for issue in _analyze(work)]
    sentences = [_parse(s, rules) for s in _sentences(work)]
    questions = _question_sentences(sentences)
    if "too_long" in kinds and questions:
        work = _shorten(questions[0], rules)
        kinds = [issue.kind for issue in _analyze(work)]
        sentences = [_parse(work, rules)]
        questions = _question_sentences(sentences)
    if not kinds:
        if _LEARNING_QUESTION.match(work):
            focus = _focus(work, rules)
            return _topic_question(focus, rules) if focus else _GENERIC
        asked = " ".join(s.text for s in questions) or work
        return asked if asked.endswith("?") else asked.rstrip(" .!") + "?"
    hit = _limitless(work, rules)
    if hit:
        return _limitless_question(work, hit, rules)
    if not questions:
        if "topic_only" in kinds:
            topic = rules.topic_start.sub("", _edge_strip(work)).strip()
            return _topic_question(topic, rules)
        return _statement_question(work, rules)
    sentence = questions[0]
    clause = sentence.clauses[0]
    if "yes_no" in kinds:
        return _yes_no_question(clause, rules)
    focus = _focus(clause, rules)
    if focus:
        return _topic_question(focus, rules)
    return _GENERIC
