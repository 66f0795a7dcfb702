"""Typeahead search over the competencies of one or more frameworks.

``FrameworkIndex(frameworks)`` indexes every item of the frameworks (``add()``
indexes one more later); ``index.search("ms-ess3", limit=20)`` returns the best
``SearchHit`` objects first. The designer's competency picker calls it on every
keystroke, so a query on a 50,000-item framework answers in a few milliseconds:
the work per query is binary searches in sorted keys and vocabulary, C-level set
operations on an inverted index (word -> items), and, for very common words,
checking items in order only until ``limit`` hits are found; never a fuzzy scan
of every statement.

Matching
--------
Text is compared case-insensitively and without accents. Words are runs of
letters and digits: the code ``MS-ESS3-3`` has the *segments* ``ms``, ``ess3``
and ``3``. An item's words are those of its statement, abbreviated statement,
keywords and code, and of its id when that is a readable name
(``self-management``) rather than a machine identifier (a UUID).

Ranking, best first (``SearchHit.score`` is the tier's score):

=====  ===================================================================
score  the item matches when
=====  ===================================================================
100    its code *is* the query, ignoring case and punctuation
       (``ms ess3 3`` and ``MS-ESS3-3``)
90     its code starts with the query, segment by segment; the query's last
       segment may be unfinished (``ms-ess3`` and ``MS-ESS3-3``,
       ``7.rp.a`` and ``7.RP.A.2``, ``ms-es`` and ``MS-ESS3-3``)
85     its code starts with the query once all punctuation is dropped from
       both (``msess3`` and ``MS-ESS3-3``, ``7rp`` and ``7.RP.A.2``)
80     the query's segments appear inside its code from a segment boundary
       (``ess3-3`` and ``HS-ESS3-3``, ``rp.a`` and ``7.RP.A.2``)
70     every query word is one of its words (``water cycle``)
65     every query word but the last is one of its words and the last begins
       one of them: the user is still typing it (``water cyc``)
60     every query word begins one of its words (``wat cyc``)
50     as 60, but some query words only match a word of the index's
       vocabulary that is one or two typing mistakes away
       (``photosinthesis``, ``water cyle``)
<40    some query words match: ``40 * matched / words``, most matched first
       (``water volcano`` finds items about water when none is about both;
       common words such as ``the`` do not count as a match here)
=====  ===================================================================

Within a score, hits keep the order of the frameworks (in the order they were
added) and then the order of the items in their framework, which lists parents
before their children: a query that matches a domain and its standards shows
the domain first.

Details:

- Typo tolerance applies to query words of four or more letters that begin no
  word of the index at all; they are matched with rapidfuzz against the index's
  vocabulary (optimal-string-alignment distance: one edit for 4-6 letters, two
  for longer words; a swap of two neighbouring letters is one edit); the closest
  words found stand for the misspelt one. While the last word is being typed, it
  is compared with the beginnings of the vocabulary's words of about its length
  (``photosinth`` and ``colab`` find ``photosynthesis`` and ``collaboration``).
- The last word counts as being typed unless the query ends with a space or
  punctuation; only fuzzy matching looks at this.
- Common English words (``the``, ``of``, ``and``...) in the query are ignored
  unless they are the last word (which may be the start of another word, as in
  ``the`` → ``theory``) or the whole query.
- An empty query (or one with no letters or digits) browses: it returns the first
  ``limit`` items that pass the filters, in framework and item order, score 0.

Filters (``None`` or empty: no filter; a single string is one value; a value no
item has matches nothing):

- ``frameworks``: framework ids.
- ``types``: item types, compared case-insensitively with punctuation and
  spacing ignored (``Performance Expectation`` = ``performance-expectation``).
- ``education_levels``: grades in any common form; an item passes when it shares
  at least one grade with the filter. See ``expand_education_level``: ``"7"``,
  ``"07"``, ``"Grade 7"`` and ``"G7"`` are grade 7; ``"K"``, ``"KG"``, ``"0"`` and
  ``"Kindergarten"`` are kindergarten; ``"PK"`` / ``"Pre-K"`` pre-kindergarten;
  ``"ES"`` is K-5, ``"MS"`` 6-8 and ``"HS"`` 9-12; ranges such as ``"6-8"``,
  ``"K-2"`` and ``"9–12"`` stand for every grade they span; ``"HE"`` (higher
  education) covers grade 13 and the CEDS postsecondary codes (``PS``, ``UG``,
  ``AS``, ``BA``, ``PB``, ``MD``, ``PM``, ``DO``, ``PD``); any other value is compared
  as upper-case text. The same reading applies to the items' own levels. An item
  with no education level takes its nearest ancestor's; an item with none at all
  (the 4Cs, CASEL) is meant for every grade and passes every level filter.

The index copies what it needs when a framework is added: after editing a
framework, ``add()`` it again (adding a framework whose id is already indexed
replaces it, in place).
"""

from __future__ import annotations

import math
import re
import sys
import unicodedata
from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import combinations

from rapidfuzz import process
from rapidfuzz.distance import OSA

from ..model import Competency, Framework

__all__ = [
    "FrameworkIndex",
    "SearchHit",
    "expand_education_level",
    "normalize_type",
]

#: Score of each tier (see the module docstring).
SCORE_EXACT_CODE = 100.0
SCORE_CODE_PREFIX = 90.0
SCORE_COMPACT_CODE_PREFIX = 85.0
SCORE_CODE_SEGMENT = 80.0
SCORE_ALL_WORDS = 70.0
SCORE_LAST_WORD_PREFIX = 65.0
SCORE_WORD_PREFIXES = 60.0
SCORE_FUZZY = 50.0
SCORE_SOME_WORDS = 40.0

_TOKEN_RE = re.compile(r"[^\W_]+")  # letters and digits
_WORD_RE = re.compile(r"\w+")  # the same once "_" is gone, and twice as fast
_MACHINE_ID_RE = re.compile(r"[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}|\d{5}", re.IGNORECASE)
_SEP = "\x1f"  # joins code segments; sorts before every letter and digit
_TOP = "\U0010ffff"  # sorts after every character of a key: the end of a prefix range

_STOPWORDS = frozenset(
    {
        "a", "an", "and", "are", "as", "at", "be", "by", "for", "from", "in", "into", "is",
        "it", "its", "of", "on", "or", "that", "the", "their", "them", "this", "to", "with",
    }
)  # fmt: skip
_FUZZY_MIN_LENGTH = 4
_FUZZY_CHOICES = 8  # at most this many vocabulary words per misspelt query word
_LOOSE_MAX_WORDS = 6  # the "some words" tier looks at the most specific six query words
_FILTER_CACHE = 8
# Rough costs (microseconds) that choose between checking items one by one in order
# and set operations over the postings (see FrameworkIndex._tier).
_CHECK = 0.4  # one term checked against one item's words
_POSTING = 0.03  # one posting read into a set


@dataclass(frozen=True, slots=True)
class SearchHit:
    """One search result: a competency and how well it matched (higher is better)."""

    ref: str
    framework_id: str
    item_id: str
    code: str
    statement: str
    type: str
    education_levels: tuple[str, ...]
    score: float


# -- text normalization -----------------------------------------------------------------


def _fold(text: str) -> str:
    """Lower case without accents (``"Énergie"`` -> ``"energie"``)."""
    text = text.casefold()
    if not text.isascii():
        text = "".join(
            char for char in unicodedata.normalize("NFKD", text) if not unicodedata.combining(char)
        )
    return text


def _tokens(text: str) -> list[str]:
    """Words (runs of letters and digits) of ``text``, folded."""
    folded = _fold(text)
    if "_" in folded:
        folded = folded.replace("_", " ")
    return _WORD_RE.findall(folded)


@lru_cache(maxsize=1024)
def normalize_type(value: str) -> str:
    """An item type as compared: ``"Performance-Expectation"`` -> ``"performance expectation"``."""
    return " ".join(_tokens(value))


# -- education levels -------------------------------------------------------------------

_GRADE_SEQUENCE = ("IT", "PR", "PK", "TK", "K", *(str(n) for n in range(1, 14)))
_HIGHER_EDUCATION = ("HE", "13", "PS", "UG", "AS", "BA", "PB", "MD", "PM", "DO", "PD")
_LEVEL_GROUPS: dict[str, tuple[str, ...]] = {
    "K": ("K",),
    "KG": ("K",),
    "KINDERGARTEN": ("K",),
    "PK": ("PK",),
    "PREK": ("PK",),
    "PREKINDERGARTEN": ("PK",),
    "ES": ("K", "1", "2", "3", "4", "5"),
    "ELEM": ("K", "1", "2", "3", "4", "5"),
    "ELEMENTARY": ("K", "1", "2", "3", "4", "5"),
    "ELEMENTARYSCHOOL": ("K", "1", "2", "3", "4", "5"),
    "MS": ("6", "7", "8"),
    "MIDDLESCHOOL": ("6", "7", "8"),
    "HS": ("9", "10", "11", "12"),
    "HIGHSCHOOL": ("9", "10", "11", "12"),
    "HE": _HIGHER_EDUCATION,
    "HIGHEREDUCATION": _HIGHER_EDUCATION,
}
_GRADE_WORD_RE = re.compile(r"^(?:GRADES?|GR\.?|G)\s*(?=[0-9K])")
_RANGE_RE = re.compile(r"^(.+?)\s*(?:-|–|—|\bTO\b|\bTHROUGH\b)\s*(.+)$")


def _single_level(value: str) -> tuple[str, ...]:
    """One grade in canonical form (``"07"`` -> ``("7",)``, ``"HS"`` -> 9-12)."""
    text = _GRADE_WORD_RE.sub("", value.strip().upper()).strip()
    if text.isdigit():
        number = int(text)
        return ("K",) if number == 0 else (str(number),)
    compact = re.sub(r"[\s._-]+", "", text)
    if compact in _LEVEL_GROUPS:
        return _LEVEL_GROUPS[compact]
    return (re.sub(r"\s+", " ", text),) if text else ()


@lru_cache(maxsize=4096)
def expand_education_level(value: str) -> frozenset[str]:
    """The canonical grades a level value stands for (see the module docstring).

    ``"07"`` -> ``{"7"}``; ``"KG"`` -> ``{"K"}``; ``"HS"`` -> ``{"9", "10", "11", "12"}``;
    ``"6-8"`` -> ``{"6", "7", "8"}``; ``"Adult"`` -> ``{"ADULT"}``. Several values may be
    given separated by commas or semicolons.
    """
    grades: set[str] = set()
    for part in re.split(r"[,;]", value):
        part = part.strip()
        if not part:
            continue
        single = _single_level(part)
        if len(single) > 1 or (single and single[0] in _GRADE_SEQUENCE):
            grades.update(single)
            continue
        match = _RANGE_RE.match(part.upper())
        if match:
            low, high = _single_level(match.group(1)), _single_level(match.group(2))
            if (
                len(low) == 1
                and len(high) == 1
                and low[0] in _GRADE_SEQUENCE
                and high[0] in _GRADE_SEQUENCE
            ):
                start = _GRADE_SEQUENCE.index(low[0])
                end = _GRADE_SEQUENCE.index(high[0])
                grades.update(_GRADE_SEQUENCE[min(start, end) : max(start, end) + 1])
                continue
        grades.update(single)
    return frozenset(grades)


@lru_cache(maxsize=4096)
def _levels_of(values: tuple[str, ...]) -> frozenset[str]:
    grades: set[str] = set()
    for value in values:
        grades |= expand_education_level(value)
    return frozenset(grades)


def _as_values(values: Iterable[str] | str | None) -> list[str]:
    if values is None:
        return []
    if isinstance(values, str):
        return [values]
    return [value for value in values if value]


# -- the sorted key lists ---------------------------------------------------------------


class _Keys:
    """Keys (normalized codes) kept sorted, each with the position of its item."""

    __slots__ = ("_pending", "keys", "positions")

    def __init__(self) -> None:
        self.keys: list[str] = []
        self.positions: list[int] = []
        self._pending: list[tuple[str, int]] = []

    def add(self, key: str, position: int) -> None:
        self._pending.append((key, position))

    def prepare(self) -> None:
        if not self._pending:
            return
        pairs = list(zip(self.keys, self.positions, strict=True))
        pairs.extend(self._pending)
        pairs.sort()
        self.keys = [key for key, _ in pairs]
        self.positions = [position for _, position in pairs]
        self._pending = []

    def equal(self, key: str) -> list[int]:
        low = bisect_left(self.keys, key)
        return self.positions[low : bisect_right(self.keys, key, low)]

    def starting_with(self, prefix: str) -> list[int]:
        low = bisect_left(self.keys, prefix)
        return self.positions[low : bisect_left(self.keys, prefix + _TOP, low)]


# -- the index --------------------------------------------------------------------------


class _Picker:
    """Collects hits best first: skips repeats and filtered-out items, stops at ``limit``."""

    __slots__ = ("allowed", "allowed_order", "hits", "limit", "seen")

    def __init__(self, limit: int, allowed: tuple[set[int], list[int]] | None) -> None:
        self.limit = limit
        #: the positions that pass the filters (None: all), and the same ascending
        self.allowed, self.allowed_order = allowed or (None, [])
        self.seen: set[int] = set()
        self.hits: list[tuple[int, float]] = []

    def add_one(self, position: int, score: float) -> bool:
        """Add one hit (the caller checked ``seen`` and ``allowed``); True when full."""
        self.seen.add(position)
        self.hits.append((position, score))
        return len(self.hits) >= self.limit

    def add(self, candidates: Iterable[int], score: float, ordered: bool = False) -> bool:
        """Add ``candidates`` (positions; ascending if ``ordered``) in position order.

        Returns True once ``limit`` hits are collected.
        """
        if self.allowed is not None:
            candidates = self.allowed.intersection(candidates)
            ordered = False
        if not ordered:
            candidates = sorted(candidates)
        seen, hits, limit = self.seen, self.hits, self.limit
        for position in candidates:
            if position not in seen:
                seen.add(position)
                hits.append((position, score))
                if len(hits) >= limit:
                    return True
        return False


@dataclass
class _Term:
    """What one query word asks of an item: one of ``alternatives``.

    An alternative is (text, whole): the item has the word ``text`` itself (whole) or a
    word that begins with ``text``. ``cost`` is how many postings its set holds: the
    price of building it, and (divided by the item count) about how likely an item is
    to pass.
    """

    alternatives: list[tuple[str, bool]]
    cost: int
    items: set[int] | None = None  # the items passing it, once built (see _term_set)


class FrameworkIndex:
    """A search index over the items of one or more frameworks (see the module docstring)."""

    def __init__(self, frameworks: Iterable[Framework] = ()) -> None:
        self._frameworks: list[Framework] = []
        self._clear()
        for framework in frameworks:
            self._add(framework)
        self._prepare()

    # -- building ---------------------------------------------------------------------

    def _clear(self) -> None:
        self._items: list[Competency] = []
        self._framework_of: list[int] = []
        self._starts: list[int] = []  # first position of each framework
        self._item_words: list[tuple[str, ...]] = []  # sorted words of each item
        self._postings: dict[str, list[int]] = {}  # word -> ascending positions
        self._levels: dict[str, list[int]] = {}  # canonical grade -> positions
        self._any_level: list[int] = []  # items with no level: they pass every level filter
        self._types: dict[str, list[int]] = {}  # normalized type -> positions
        self._code_starts = _Keys()  # "ms\x1fess3\x1f3" -> position
        self._code_inner = _Keys()  # "ess3\x1f3", "3" -> position
        self._code_compact = _Keys()  # "msess33" -> position
        self._vocabulary: list[str] = []
        self._cumulative: list[int] = [0]
        self._prefix_cache: dict[int, list[str]] = {}
        self._filter_cache: dict[tuple, tuple[set[int], list[int]]] = {}
        self._dirty = False

    def add(self, framework: Framework) -> None:
        """Index ``framework``'s items; an indexed framework with the same id is replaced."""
        self._add(framework)
        self._prepare()

    def _add(self, framework: Framework) -> None:
        for number, indexed in enumerate(self._frameworks):
            if indexed.id == framework.id:
                self._frameworks[number] = framework
                frameworks, self._frameworks = self._frameworks, []
                self._clear()
                for each in frameworks:
                    self._frameworks.append(each)
                    self._index(len(self._frameworks) - 1, each)
                return
        self._frameworks.append(framework)
        self._index(len(self._frameworks) - 1, framework)

    def _index(self, number: int, framework: Framework) -> None:
        """Index one framework's items after those already indexed: O(total words)."""
        self._dirty = True
        self._filter_cache.clear()
        self._starts.append(len(self._items))
        items = framework.items
        own = {item.id: _levels_of(tuple(item.education_levels)) for item in items}
        parents = {item.id: item.parent for item in items}
        effective: dict[str, frozenset[str]] = {}
        postings: defaultdict[str, list[int]] = defaultdict(list, self._postings)
        levels: defaultdict[str, list[int]] = defaultdict(list, self._levels)
        types: defaultdict[str, list[int]] = defaultdict(list, self._types)
        intern = sys.intern  # one string per word, shared by the postings and item_words
        item_words = self._item_words
        for item in items:
            position = len(self._items)
            self._items.append(item)
            self._framework_of.append(number)
            texts = [item.statement, item.abbreviated_statement, *item.keywords]
            if item.id != item.code and not _MACHINE_ID_RE.search(item.id):
                texts.append(item.id)  # readable ids name the item: "self-management"
            words = set(map(intern, _tokens(" ".join(texts))))
            segments = list(map(intern, _tokens(item.code))) if item.code else []
            words.update(segments)
            for word in words:
                postings[word].append(position)
            item_words.append(tuple(sorted(words)))
            grades = _effective_levels(item.id, own, parents, effective)
            if grades:
                for grade in grades:
                    levels[grade].append(position)
            else:
                self._any_level.append(position)
            types[normalize_type(item.type)].append(position)
            if segments:
                self._code_starts.add(_SEP.join(segments), position)
                for start in range(1, len(segments)):
                    self._code_inner.add(_SEP.join(segments[start:]), position)
                self._code_compact.add("".join(segments), position)
        # plain dicts again: a lookup of a missing key must not add it
        self._postings, self._levels, self._types = dict(postings), dict(levels), dict(types)

    def _prepare(self) -> None:
        """Sort what ``add()`` appended: keys and the vocabulary."""
        if not self._dirty:
            return
        for keys in (self._code_starts, self._code_inner, self._code_compact):
            keys.prepare()
        self._vocabulary = sorted(self._postings)
        cumulative = [0]
        total = 0
        for word in self._vocabulary:
            total += len(self._postings[word])
            cumulative.append(total)
        self._cumulative = cumulative
        self._prefix_cache = {}
        self._dirty = False

    # -- facts ------------------------------------------------------------------------

    @property
    def frameworks(self) -> tuple[str, ...]:
        """The ids of the indexed frameworks, in index order."""
        return tuple(framework.id for framework in self._frameworks)

    def __len__(self) -> int:
        return len(self._items)

    # -- searching --------------------------------------------------------------------

    def search(
        self,
        query: str,
        *,
        limit: int = 20,
        education_levels: Iterable[str] | str | None = None,
        types: Iterable[str] | str | None = None,
        frameworks: Iterable[str] | str | None = None,
    ) -> list[SearchHit]:
        """The best ``limit`` items for ``query`` that pass the filters, best first."""
        if limit <= 0:
            return []
        self._prepare()
        allowed = self._allowed(education_levels, types, frameworks)
        if allowed is not None and not allowed[0]:
            return []
        picker = _Picker(limit, allowed)
        segments = _tokens(query)
        if not segments:  # browse: the first items that pass the filters
            order = picker.allowed_order if allowed is not None else range(len(self._items))
            picker.add(order[:limit], 0.0, ordered=True)
        elif not self._search_codes(segments, picker):
            self._search_words(segments, query, picker)
        return [self._hit(position, score) for position, score in picker.hits]

    def _hit(self, position: int, score: float) -> SearchHit:
        item = self._items[position]
        framework = self._frameworks[self._framework_of[position]]
        return SearchHit(
            ref=framework.ref(item.id),
            framework_id=framework.id,
            item_id=item.id,
            code=item.code,
            statement=item.statement,
            type=item.type,
            education_levels=tuple(item.education_levels),
            score=score,
        )

    def _allowed(
        self,
        education_levels: Iterable[str] | str | None,
        types: Iterable[str] | str | None,
        frameworks: Iterable[str] | str | None,
    ) -> tuple[set[int], list[int]] | None:
        """The positions that pass the filters (a set, and a list in ascending order),
        or None when nothing is filtered; the last few are cached."""
        grades: frozenset[str] = frozenset()
        for value in _as_values(education_levels):
            grades |= expand_education_level(value)
        wanted_types = frozenset(normalize_type(value) for value in _as_values(types))
        wanted_ids = frozenset(_as_values(frameworks))
        key = (grades, wanted_types, wanted_ids)
        if key == (frozenset(), frozenset(), frozenset()):
            return None
        if key in self._filter_cache:
            return self._filter_cache[key]
        sets: list[set[int]] = []
        if wanted_ids:
            chosen: set[int] = set()
            bounds = [*self._starts, len(self._items)]
            for number, framework in enumerate(self._frameworks):
                if framework.id in wanted_ids:
                    chosen.update(range(bounds[number], bounds[number + 1]))
            sets.append(chosen)
        if grades:
            chosen = set(self._any_level)
            for grade in grades:
                chosen.update(self._levels.get(grade, ()))
            sets.append(chosen)
        if wanted_types:
            chosen = set()
            for wanted in wanted_types:
                chosen.update(self._types.get(wanted, ()))
            sets.append(chosen)
        sets.sort(key=len)
        passing = sets[0].intersection(*sets[1:])
        if len(self._filter_cache) >= _FILTER_CACHE:
            self._filter_cache.pop(next(iter(self._filter_cache)))
        allowed = self._filter_cache[key] = (passing, sorted(passing))
        return allowed

    # -- codes ------------------------------------------------------------------------

    def _search_codes(self, segments: list[str], picker: _Picker) -> bool:
        """The code tiers (100, 90, 85, 80); True once the picker is full."""
        key = _SEP.join(segments)
        compact = "".join(segments)
        tiers: list[tuple[Sequence[int], float]] = [
            (self._code_starts.equal(key), SCORE_EXACT_CODE),
            (self._code_starts.starting_with(key), SCORE_CODE_PREFIX),
            (self._code_compact.starting_with(compact), SCORE_COMPACT_CODE_PREFIX),
            (self._code_inner.starting_with(key), SCORE_CODE_SEGMENT),
        ]
        return any(positions and picker.add(positions, score) for positions, score in tiers)

    # -- words ------------------------------------------------------------------------

    def _range(self, text: str) -> tuple[int, int]:
        """The range of the sorted vocabulary holding the words ``text`` begins."""
        low = bisect_left(self._vocabulary, text)
        return low, bisect_left(self._vocabulary, text + _TOP, low)

    def _term(self, alternatives: list[tuple[str, bool]]) -> _Term:
        cost = 0
        for text, whole in alternatives:
            if whole:
                cost += len(self._postings.get(text, ()))
            else:
                low, high = self._range(text)
                cost += self._cumulative[high] - self._cumulative[low]
        return _Term(alternatives, cost)

    def _term_set(self, term: _Term) -> set[int]:
        """The items passing ``term``, built from the postings (once per term)."""
        if term.items is not None:
            return term.items
        postings, vocabulary = self._postings, self._vocabulary
        found: set[int] = set()
        for text, whole in term.alternatives:
            if whole:
                found.update(postings.get(text, ()))
            else:
                low, high = self._range(text)
                for index in range(low, high):
                    found.update(postings[vocabulary[index]])
        term.items = found
        return found

    @staticmethod
    def _passes(words: tuple[str, ...], term: _Term) -> bool:
        """Whether an item with the sorted ``words`` passes ``term``."""
        for text, whole in term.alternatives:
            index = bisect_left(words, text)
            if index < len(words):
                found = words[index]
                if found == text if whole else found.startswith(text):
                    return True
        return False

    def _matching(self, base: set[int] | None, terms: list[_Term]) -> set[int]:
        """The items of ``base`` (None: all) passing every term, with set operations.

        The cheapest term's set is built first; a term much larger than what is left
        is then tested item by item instead of building its set.
        """
        found = base
        for term in sorted(terms, key=lambda term: term.cost):
            if found is None:
                found = self._term_set(term)
            elif len(found) * _CHECK < term.cost * _POSTING:
                item_words, passes = self._item_words, self._passes
                found = {position for position in found if passes(item_words[position], term)}
            else:
                found = found & self._term_set(term)
            if not found:
                return set()
        return set(range(len(self._items))) if found is None else found

    def _tier(
        self,
        picker: _Picker,
        score: float,
        terms: list[_Term],
        base: set[int] | None = None,
        at_least: int | None = None,
    ) -> bool:
        """Add the items of ``base`` (None: all) passing every term (or ``at_least`` of
        them) in position order; True once the picker is full.

        When items are likely to pass (common words, short beginnings), they are
        checked one by one in position order until the picker is full, which is far
        cheaper than building large sets; set operations are the fallback, and the
        way for specific words.
        """
        if not terms:
            return False
        needed = len(terms) if at_least is None else at_least
        total = len(self._items) or 1
        chance = 1.0  # that an item passes, were the terms independent
        for value in sorted((self._chance(term, total) for term in terms), reverse=True)[:needed]:
            chance *= value
        if base is not None:
            pool = len(base)
        elif picker.allowed is not None:
            pool = len(picker.allowed)
        else:
            pool = total
        # checking one by one costs about _CHECK per term and item checked until the
        # picker is full; sets cost about _POSTING per posting read
        expected = (picker.limit - len(picker.hits)) / chance if chance else float("inf")
        scan_cost = min(pool, expected) * len(terms) * _CHECK
        set_cost = (sum(term.cost for term in terms) + (pool if base else 0)) * _POSTING
        if scan_cost <= set_cost:
            if base is not None:
                candidates: Iterator[int] = iter(sorted(base))
            elif picker.allowed is not None:
                candidates = iter(picker.allowed_order)
            else:
                candidates = iter(range(total))
            budget = int(min(pool, 3 * expected + 100))
            checked = found = 0
            while True:
                before = len(picker.hits)
                outcome = self._scan(picker, score, candidates, terms, needed, budget)
                if outcome is not None:
                    return outcome
                checked += budget
                found += len(picker.hits) - before
                # fewer passed than expected: go on only while that is still cheaper
                expected = (picker.limit - len(picker.hits)) * checked / max(found, 0.5)
                if min(pool - checked, expected) * len(terms) * _CHECK > set_cost:
                    break
                budget = int(max(1, min(pool - checked, 2 * expected + 100)))
        if at_least is None or at_least >= len(terms):
            found = self._matching(base, terms)
        else:
            found = set()
            for group in combinations(terms, at_least):
                found |= self._matching(base, list(group))
        return bool(found) and picker.add(found, score)

    def _scan(
        self,
        picker: _Picker,
        score: float,
        candidates: Iterator[int],
        terms: list[_Term],
        needed: int,
        budget: int,
    ) -> bool | None:
        """Check ``candidates`` (ascending) one by one for ``needed`` passing terms:
        True when the picker is full, False when all were checked, None after
        ``budget`` items (the next call goes on from there)."""
        item_words = self._item_words
        seen, allowed = picker.seen, picker.allowed
        # the likeliest to fail first
        tests = [term.alternatives for term in sorted(terms, key=lambda term: term.cost)]
        slack = len(tests) - needed
        for position in candidates:
            if position in seen or (allowed is not None and position not in allowed):
                continue
            words = item_words[position]
            size = len(words)
            missing = slack
            for alternatives in tests:
                for text, whole in alternatives:
                    index = bisect_left(words, text)
                    if index < size and (
                        words[index] == text if whole else words[index].startswith(text)
                    ):
                        break
                else:
                    missing -= 1
                    if missing < 0:
                        break
            else:
                if picker.add_one(position, score):
                    return True
            budget -= 1
            if budget <= 0:
                return None
        return False

    @staticmethod
    def _chance(term: _Term, total: int) -> float:
        """About how likely an item is to pass ``term``: a whole word's postings count
        items; a beginning's count words, several of which one item may have."""
        share = term.cost / total
        if len(term.alternatives) == 1 and term.alternatives[0][1]:
            return min(1.0, share)
        return 1.0 - math.exp(-share)

    def _search_words(self, segments: list[str], query: str, picker: _Picker) -> None:
        """The word tiers (70, 65, 60, 50 and under 40)."""
        texts = list(dict.fromkeys(segments))
        if len(texts) > 1:
            kept = [text for text in texts[:-1] if text not in _STOPWORDS] + texts[-1:]
            if kept != texts[-1:] or texts[-1] not in _STOPWORDS:
                texts = kept
        typing = _TOKEN_RE.fullmatch(query[-1:]) is not None  # the last word is unfinished
        ranges = [self._range(text) for text in texts]
        begins = [self._term([(text, False)]) for text in texts]

        # 70, 65, 60: every word matches, whole or as a beginning
        if all(low < high for low, high in ranges):
            *head, last = texts
            whole_last = self._term([(last, True)])
            with_head = (
                self._matching(None, [self._term([(text, True)]) for text in head])
                if head
                else None
            )
            if with_head is None or with_head:
                if whole_last.cost and self._tier(picker, SCORE_ALL_WORDS, [whole_last], with_head):
                    return
                if self._tier(picker, SCORE_LAST_WORD_PREFIX, begins[-1:], with_head):
                    return
            if head and self._tier(picker, SCORE_WORD_PREFIXES, begins):
                return

        # 50: some words only match misspelt words of the vocabulary
        terms = list(begins)
        fuzzy = False
        for number, (low, high) in enumerate(ranges):
            if low == high:
                unfinished = typing and number == len(texts) - 1
                terms[number] = self._term(self._misspelt(texts[number], unfinished))
                fuzzy = fuzzy or bool(terms[number].alternatives)
        some_misspelt = fuzzy and all(term.cost for term in terms)
        if some_misspelt and self._tier(picker, SCORE_FUZZY, terms):
            return

        # under 40: the most words matched first
        loose = [
            term
            for text, term in zip(texts, terms, strict=True)
            if term.cost and (text not in _STOPWORDS or len(texts) == 1)
        ]
        total = len(texts)
        if total < 2 or not loose:
            return
        loose = sorted(loose, key=lambda term: term.cost)[:_LOOSE_MAX_WORDS]
        for count in range(min(total - 1, len(loose)), 0, -1):
            score = round(SCORE_SOME_WORDS * count / total, 2)
            if self._tier(picker, score, loose, at_least=count):
                return

    def _misspelt(self, text: str, typing: bool) -> list[tuple[str, bool]]:
        """What a misspelt query word may have meant (rapidfuzz, OSA distance).

        A finished word is compared with whole words of the vocabulary; a word being
        typed with the beginnings of the vocabulary's words, cut to about its length.
        """
        if len(text) < _FUZZY_MIN_LENGTH or text.isdigit():
            return []
        edits = 1 if len(text) <= 6 else 2
        choices = self._beginnings(len(text)) if typing else self._vocabulary
        found = process.extract(
            text, choices, scorer=OSA.distance, score_cutoff=edits, limit=_FUZZY_CHOICES
        )
        closest = min((distance for _choice, distance, _index in found), default=0)
        return [(choice, not typing) for choice, distance, _index in found if distance == closest]

    def _beginnings(self, length: int) -> list[str]:
        """The distinct beginnings of the vocabulary's words, ``length`` letters long and
        one letter shorter or longer (for a letter left out or typed twice), cached; in
        a fixed order, so that ties between equally close beginnings break the same way."""
        cached = self._prefix_cache.get(length)
        if cached is None:
            vocabulary = self._vocabulary
            sizes = (length, length - 1, length + 1)
            cached = list(dict.fromkeys(word[:size] for size in sizes for word in vocabulary))
            self._prefix_cache[length] = cached
        return cached


def _effective_levels(
    item_id: str,
    own: dict[str, frozenset[str]],
    parents: dict[str, str | None],
    effective: dict[str, frozenset[str]],
) -> frozenset[str]:
    """An item's grades: its own, else its nearest ancestor's (memoized in ``effective``)."""
    chain: list[str] = []
    node: str | None = item_id
    result: frozenset[str] = frozenset()
    while node is not None:
        if node in effective:
            result = effective[node]
            break
        grades = own.get(node)
        if grades:
            result = grades
            break
        chain.append(node)
        node = parents.get(node)
    for each in chain:
        effective[each] = result
    return result
