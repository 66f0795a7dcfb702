"""A semantic diff of two versions of a unit: what a coach wants to see after revision.

Elements are matched by id, never by position, so an element that moved is
reported as moved (to another phase, another rubric, or another place in its
list) rather than as removed and added. Within an element, fields are compared
one by one; lists of records without ids are matched by what identifies them
(an alignment by competency and level, a descriptor by level, a target by
competency); lists of text by value. Reviews are not part of the comparison.

``diff_units(old, new)`` gives a ``UnitDiff``; ``diff_text`` and ``diff_html``
(``diff_html.py``) render it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, Literal

from ..model import SECTION_ANCHORS, Unit
from .anchors import SECTIONS, Anchor, anchors, unit_version

EntryKind = Literal["added", "removed", "changed", "moved"]

#: Field names in words (anything else: underscores become spaces).
FIELD_WORDS = {
    "grasps": "GRASPS",
    "individual_evidence": "individual evidence",
    "due_milestone": "due milestone",
    "key_question": "key question",
    "formative_check": "formative check",
    "mastery_checkpoint": "mastery checkpoint",
    "proficient_level": "proficient level",
    "driving_question": "driving question",
    "entry_event": "entry event",
    "authentic_context": "authentic context",
    "size_min": "smallest team",
    "size_max": "largest team",
    "public_product": "public product",
    "education_levels": "education levels",
}
LEVEL_WORDS = {"introduce": "Introduce", "practice": "Practice", "assess": "Assess"}
#: Keys that identify a record in a list of records without ids, most telling first.
RECORD_KEYS = (("id",), ("ref",), ("competency", "level"), ("competency",), ("level",))


@dataclass(frozen=True)
class Detail:
    """One field of an element that changed."""

    field: str
    kind: EntryKind  # added / removed (an item of a list) or changed (a value)
    old: str = ""
    new: str = ""


@dataclass(frozen=True)
class Entry:
    """What happened to one element (or one part of a section) between the versions."""

    section: str
    anchor: str
    label: str
    kind: EntryKind
    details: tuple[Detail, ...] = ()


@dataclass
class UnitDiff:
    old_title: str
    new_title: str
    old_version: str
    new_version: str
    entries: list[Entry] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        kinds = ("added", "removed", "changed", "moved")
        return {kind: sum(entry.kind == kind for entry in self.entries) for kind in kinds}

    def sections(self) -> list[tuple[str, list[Entry]]]:
        """[(section title, entries)] in the unit's reading order."""
        found: dict[str, list[Entry]] = {}
        for entry in self.entries:
            found.setdefault(entry.section, []).append(entry)
        return [(SECTIONS[key], found[key]) for key in SECTIONS if key in found]

    @property
    def empty(self) -> bool:
        return not self.entries


# -- values in words -------------------------------------------------------------


def words(name: str | int) -> str:
    return FIELD_WORDS.get(str(name), str(name).replace("_", " "))


def shown(value: Any) -> str:
    """A value as a reader sees it."""
    if value is None or value == "" or value == [] or value == {}:
        return "(none)"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, list):
        return ", ".join(shown(item) for item in value)
    if isinstance(value, dict):
        return "; ".join(f"{words(k)}: {shown(v)}" for k, v in value.items() if v not in ("", None))
    return str(value)


def _record_key(old: list[Any], new: list[Any]) -> tuple[str, ...] | None:
    """The fields that identify each record in both lists (None: not lists of records)."""
    if not all(isinstance(item, dict) for item in (*old, *new)):
        return None
    for key in RECORD_KEYS:
        unique = True
        for items in (old, new):
            values = [tuple(item.get(name) for name in key) for item in items]
            if any(None in value for value in values) or len(set(values)) != len(values):
                unique = False
        if unique:
            return key
    return None


def _record_label(name: str, key: tuple[str, ...], item: dict[str, Any]) -> str:
    singular = {
        "alignments": "alignment",
        "descriptors": "descriptor",
        "targets": "target",
        "levels": "level",
        "competencies": "competency",
        "authors": "author",
    }.get(name, words(name))
    parts = [str(item[k]) for k in key]
    if key == ("competency", "level"):
        parts = [f"{item['competency']} ({LEVEL_WORDS.get(item['level'], item['level'])})"]
    return f"{singular} '{' '.join(parts)}'"


def _has_ids(value: Any) -> bool:
    return (
        isinstance(value, list)
        and bool(value)
        and all(isinstance(item, dict) and "id" in item for item in value)
    )


def _diff(label: str, old: Any, new: Any) -> Iterator[Detail]:
    """Field-level differences; lists of elements with ids are left to their own entries."""
    if old == new:
        return
    if isinstance(old, dict) and isinstance(new, dict):
        for name in [*new, *(k for k in old if k not in new)]:
            sub = f"{label} › {words(name)}" if label else words(name)
            before, after = old.get(name), new.get(name)
            if _has_ids(before) or _has_ids(after):
                continue  # elements with ids get entries of their own
            yield from _diff(sub, before, after)
        return
    if isinstance(old, list) and isinstance(new, list):
        yield from _diff_list(label, old, new)
        return
    yield Detail(label, "changed", shown(old), shown(new))


def _diff_list(label: str, old: list, new: list) -> Iterator[Detail]:
    name = label.rsplit(" › ", 1)[-1]
    key = _record_key(old, new)
    if key is not None:
        before = {tuple(item.get(k) for k in key): item for item in old}
        after = {tuple(item.get(k) for k in key): item for item in new}
        if key == ("competency", "level"):
            yield from _level_changes(label, before, after)
        for ident, item in before.items():
            if ident not in after:
                yield Detail(label, "removed", _record_label(name, key, item) + _gist(item))
        for ident, item in after.items():
            if ident not in before:
                yield Detail(label, "added", "", _record_label(name, key, item) + _gist(item))
            elif before[ident] != item:
                sub = f"{label} › {_record_label(name, key, item)}"
                yield from _diff(sub, before[ident], item)
        return
    removed = [item for item in old if item not in new]
    added = [item for item in new if item not in old]
    for item in removed:
        yield Detail(label, "removed", shown(item))
    for item in added:
        yield Detail(label, "added", "", shown(item))
    if not removed and not added:
        yield Detail(label, "changed", "in another order", "reordered")


def _gist(item: dict[str, Any]) -> str:
    for name in ("title", "text", "statement", "teacher", "name", "description"):
        if item.get(name):
            return f": {item[name]}"
    return ""


# -- alignments: a level that changed is one change, not a removal and an addition ----


def _level_changes(
    label: str, before: dict[tuple, dict[str, Any]], after: dict[tuple, dict[str, Any]]
) -> Iterator[Detail]:
    """Competencies aligned once before and once after at another level: one change each.

    Those pairs are taken out of ``before`` and ``after`` so they are not also reported
    as removed and added.
    """
    gone = [ident for ident in before if ident not in after]
    new = [ident for ident in after if ident not in before]
    for competency in sorted({c for c, _ in gone}):
        old_levels = [ident for ident in gone if ident[0] == competency]
        new_levels = [ident for ident in new if ident[0] == competency]
        if len(old_levels) == 1 and len(new_levels) == 1:
            (old_ident,), (new_ident,) = old_levels, new_levels
            del before[old_ident], after[new_ident]
            yield Detail(
                f"{label} › alignment '{competency}'",
                "changed",
                LEVEL_WORDS.get(old_ident[1], old_ident[1]),
                LEVEL_WORDS.get(new_ident[1], new_ident[1]),
            )


# -- the diff ----------------------------------------------------------------------

#: Parts of a unit that are not elements with ids: (section, anchor, label, data path).
_SECTION_PARTS = (
    ("basics", "identity", "Title", ("title",)),
    ("basics", "identity", "Status", ("status",)),
    ("basics", "identity", "Basics", ("identity",)),
    ("launch", "driving-question", "Driving question", ("framing", "driving_question")),
    ("launch", "entry-event", "Entry event", ("framing", "entry_event")),
    ("launch", "authentic-context", "Authentic context", ("framing", "authentic_context")),
    ("goals", "goals", "Competencies", ("competencies",)),
    ("goals", "goals", "Targets", ("goals", "targets")),
    ("culture", "culture", "Teams", ("culture", "teams")),
    ("culture", "culture", "Norms", ("culture", "norms")),
    ("public-product", "public-product", "Public product", ("public_product",)),
    ("unit", "unit", "Extensions", ("extensions",)),
)


def _at(data: dict[str, Any], path: tuple[str, ...]) -> Any:
    for name in path:
        data = data[name]
    return data


def _section_entries(old: Unit, new: Unit) -> Iterator[Entry]:
    old_data = old.model_dump(mode="json", exclude={"reviews"})
    new_data = new.model_dump(mode="json", exclude={"reviews"})
    for section, anchor, label, path in _SECTION_PARTS:
        before, after = _at(old_data, path), _at(new_data, path)
        if before == after:
            continue
        if path == ("competencies",):
            before = [{"ref": c["ref"], "statement": c["statement"]} for c in before]
            after = [{"ref": c["ref"], "statement": c["statement"]} for c in after]
        details = list(_diff("", before, after))
        if label in ("Title", "Status", "Driving question", "Authentic context"):
            details = [Detail("", d.kind, d.old, d.new) for d in details]
        if details:
            yield Entry(section, anchor, label, "changed", tuple(details))


def _lcs_keep(old_order: list[str], new_order: list[str]) -> set[str]:
    """Ids in a longest common subsequence of two orders: the ones that did not move."""
    n, m = len(old_order), len(new_order)
    table = [[0] * (m + 1) for _ in range(n + 1)]
    for i in range(n - 1, -1, -1):
        for j in range(m - 1, -1, -1):
            if old_order[i] == new_order[j]:
                table[i][j] = table[i + 1][j + 1] + 1
            else:
                table[i][j] = max(table[i + 1][j], table[i][j + 1])
    keep, i, j = set(), 0, 0
    while i < n and j < m:
        if old_order[i] == new_order[j]:
            keep.add(old_order[i])
            i, j = i + 1, j + 1
        elif table[i + 1][j] >= table[i][j + 1]:
            i += 1
        else:
            j += 1
    return keep


def _group(anchor: Anchor) -> tuple[str, str, str]:
    """Siblings: the same kind of element in the same container."""
    return (anchor.section, anchor.label.split(":", 1)[0], anchor.where)


def _moves(old_table: dict[str, Anchor], new_table: dict[str, Anchor]) -> dict[str, Detail]:
    """Elements that went into another container, or to another place among their siblings."""
    moves: dict[str, Detail] = {}
    common = [anchor_id for anchor_id in old_table if anchor_id in new_table]
    groups: dict[tuple[str, str, str], list[str]] = {}
    for anchor_id in common:
        before, after = old_table[anchor_id], new_table[anchor_id]
        if before.where != after.where:
            moves[anchor_id] = Detail("place", "changed", before.where, after.where)
        else:
            groups.setdefault(_group(before), []).append(anchor_id)
    for members in groups.values():
        wanted = set(members)
        new_order = [anchor_id for anchor_id in new_table if anchor_id in wanted]
        if members == new_order:
            continue
        kept = _lcs_keep(members, new_order)
        for anchor_id in members:
            if anchor_id not in kept:
                moves[anchor_id] = Detail(
                    "position",
                    "changed",
                    f"{members.index(anchor_id) + 1} of {len(members)}",
                    f"{new_order.index(anchor_id) + 1} of {len(new_order)}",
                )
    return moves


def _element_entries(old: Unit, new: Unit) -> Iterator[Entry]:
    old_table = {k: v for k, v in anchors(old).items() if k not in _SECTION_ANCHOR_IDS}
    new_table = {k: v for k, v in anchors(new).items() if k not in _SECTION_ANCHOR_IDS}
    moves = _moves(old_table, new_table)
    for anchor_id, anchor in new_table.items():
        before = old_table.get(anchor_id)
        if before is None:
            yield Entry(anchor.section, anchor_id, anchor.label, "added", _added_details(anchor))
            continue
        details = list(_diff("", before.content, anchor.content))
        move = moves.get(anchor_id)
        if details:
            extra = (move,) if move else ()
            yield Entry(anchor.section, anchor_id, anchor.label, "changed", (*extra, *details))
        elif move:
            yield Entry(anchor.section, anchor_id, anchor.label, "moved", (move,))
    for anchor_id, anchor in old_table.items():
        if anchor_id not in new_table:
            yield Entry(anchor.section, anchor_id, anchor.label, "removed", ())


def _added_details(anchor: Anchor) -> tuple[Detail, ...]:
    if anchor.where:
        return (Detail("place", "added", "", anchor.where),)
    return ()


_SECTION_ANCHOR_IDS = frozenset(SECTION_ANCHORS)


def diff_units(old: Unit, new: Unit) -> UnitDiff:
    """What changed from ``old`` to ``new``, in the unit's reading order."""
    entries = [*_section_entries(old, new), *_element_entries(old, new)]
    order = {key: index for index, key in enumerate(SECTIONS)}
    entries.sort(key=lambda entry: order[entry.section])  # stable: file order within
    return UnitDiff(
        old_title=old.title,
        new_title=new.title,
        old_version=unit_version(old),
        new_version=unit_version(new),
        entries=entries,
    )


# -- text --------------------------------------------------------------------------

MARKS = {"added": "+", "removed": "-", "changed": "~", "moved": ">"}


def summary_line(diff: UnitDiff) -> str:
    counts = diff.counts()
    if diff.empty:
        return "No changes."
    return ", ".join(f"{n} {kind}" for kind, n in counts.items() if n) + "."


def _short_change(detail: Detail) -> bool:
    """A change small enough for one line (ids, levels, places, numbers)."""
    texts = (detail.old, detail.new)
    return all(len(text) <= 48 and "\n" not in text for text in texts)


def _detail_lines(detail: Detail) -> Iterator[str]:
    name = f"{detail.field}: " if detail.field else ""
    if detail.kind == "added":
        yield f"      + {name}{detail.new}"
    elif detail.kind == "removed":
        yield f"      - {name}{detail.old}"
    elif _short_change(detail):
        yield f"      {name}{detail.old} -> {detail.new}"
    else:
        yield f"      {detail.field or 'text'}:"
        yield f"        - {detail.old}"
        yield f"        + {detail.new}"


def diff_text(diff: UnitDiff) -> str:
    """The diff as plain text, one line per element, details indented under it."""
    lines = [
        f"Changes to '{diff.new_title}'",
        f"  from {diff.old_version}"
        + (f" ('{diff.old_title}')" if diff.old_title != diff.new_title else ""),
        f"  to   {diff.new_version}",
        f"  {summary_line(diff)}",
    ]
    for title, entries in diff.sections():
        lines += ["", title]
        for entry in entries:
            lines.append(f"  {MARKS[entry.kind]} {entry.label} ({entry.kind})")
            for detail in entry.details:
                lines.extend(_detail_lines(detail))
    return "\n".join(lines) + "\n"


__all__ = [
    "Detail",
    "Entry",
    "UnitDiff",
    "diff_text",
    "diff_units",
    "shown",
    "summary_line",
]
