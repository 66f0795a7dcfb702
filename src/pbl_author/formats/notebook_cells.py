"""What the teacher and the student notebook share: cells, ids, safe Markdown, the file.

A notebook is plain nbformat 4.5 data:

- notebook ``metadata["pbl_author"] = {"schema_version": N, "unit": unit.to_data()}`` holds the
  whole unit (the only authoritative copy in the file);
- every cell carries ``metadata["pbl_author"] = {"role": ..., "ref": ...}``: what it shows and
  the element id (or section anchor) it shows it for;
- cell ids are derived from role and ref, so the same unit always gives the same ids;
- Markdown cells hold Markdown (not HTML), so GitHub, nbviewer and JupyterLab show them
  without pbl-author; one code cell re-opens the designer.

Teacher text is Markdown, and Markdown may contain raw HTML. Notebook viewers sanitize what
they render, but we do not rely on that: ``safe_markdown`` parses teacher text with
markdown-it (raw HTML off, links limited to http, https, mailto and relative ones) and writes
the Markdown back from the parse tree, escaping every character that could start HTML, a link
or a block where it is not meant to. The result is parsed once more with HTML *on* and checked:
no HTML, no unsafe link. Text that fails the check (it should never happen) is written as
escaped plain text instead.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import string
from collections.abc import Iterable, Sequence
from functools import cache, lru_cache
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.tree import SyntaxTreeNode

from ..model import Unit
from ..render import safe_url
from ..render.markdown import markdown_parser

# -- cell roles ---------------------------------------------------------------

#: Cells a student writes in. Editing them is what a student notebook is for.
STUDENT_WORK_ROLES = frozenset(
    {"student-need-to-know", "student-evidence", "student-reflection", "self-assessment"}
)
#: Cells computed from the unit (coverage, design checks): never authored, never compared.
DERIVED_ROLES = frozenset({"coverage", "findings"})
#: The code cell that re-opens the designer.
DESIGNER_ROLE = "open-designer"

NOTEBOOK_FORMAT = 4
NOTEBOOK_FORMAT_MINOR = 5
KERNELSPEC = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}

CELL_ID_RE = re.compile(r"^[a-zA-Z0-9_-]{1,64}$")
MAX_CELL_ID = 64

#: Cells there is one of per notebook although their ref is the unit id.
SINGLE_ROLES = frozenset({"overview", DESIGNER_ROLE})


def cell_id(role: str, ref: str) -> str:
    """The cell id for ``role`` and ``ref``: ``driving-question``, ``task-creek-field-guide``.

    A cell there is one of (a section shown once, ``role == ref``, or the overview and the
    designer cell) has its role as id; any other is ``role-ref``. No role is another role plus
    ``-something`` and element ids are unique within a unit, so ids are unique by construction
    (``NotebookBuilder`` still refuses a duplicate). An id longer than 64 characters is cut and
    made unique with a short hash of role and ref.
    """
    name = role if role == ref or role in SINGLE_ROLES else f"{role}-{ref}"
    name = re.sub(r"[^a-zA-Z0-9_-]", "-", name)
    if len(name) > MAX_CELL_ID:
        digest = hashlib.sha1(f"{role}\n{ref}".encode()).hexdigest()[:8]
        name = f"{name[: MAX_CELL_ID - 9].rstrip('-')}-{digest}"
    return name


class NotebookBuilder:
    """Collects the cells of one notebook, in order, with unique deterministic ids."""

    def __init__(self) -> None:
        self.cells: list[dict[str, Any]] = []
        self._ids: set[str] = set()

    def _cell(self, cell_type: str, role: str, ref: str, source: str) -> dict[str, Any]:
        identifier = cell_id(role, ref)
        if identifier in self._ids:
            raise ValueError(f"two cells would have the id {identifier!r} ({role}, {ref})")
        self._ids.add(identifier)
        cell: dict[str, Any] = {
            "cell_type": cell_type,
            "id": identifier,
            "metadata": {"pbl_author": {"role": role, "ref": ref}},
            "source": source.strip("\n"),
        }
        self.cells.append(cell)
        return cell

    def markdown(self, role: str, ref: str, *parts: str | None) -> None:
        """A Markdown cell: the non-empty ``parts`` as paragraphs (blocks)."""
        self._cell("markdown", role, ref, join_blocks(parts))

    def section(self, name: str, heading: str, *parts: str | None) -> None:
        """A heading cell that opens a section with one cell per element."""
        self.markdown("section", name, f"## {heading}", *parts)

    def code(self, role: str, ref: str, source: str) -> None:
        cell = self._cell("code", role, ref, source)
        cell["execution_count"] = None
        cell["outputs"] = []

    def designer_cell(self, unit: Unit, *, for_teacher: bool = False) -> None:
        """The one code cell: re-open the unit in the designer (needs pbl-author installed)."""
        self.code(DESIGNER_ROLE, unit.id, designer_source(unit, for_teacher=for_teacher))

    def notebook(self, unit: Unit) -> dict[str, Any]:
        """The notebook as plain nbformat 4.5 data, the unit in its metadata."""
        return {
            "cells": self.cells,
            "metadata": {
                "kernelspec": dict(KERNELSPEC),
                "language_info": {"name": "python"},
                "pbl_author": notebook_metadata(unit),
            },
            "nbformat": NOTEBOOK_FORMAT,
            "nbformat_minor": NOTEBOOK_FORMAT_MINOR,
        }


def notebook_metadata(unit: Unit) -> dict[str, Any]:
    """``metadata["pbl_author"]`` of a notebook: the schema version and the whole unit."""
    return {"schema_version": unit.schema_version, "unit": unit.to_data()}


def designer_source(unit: Unit, *, for_teacher: bool = False) -> str:
    """The code of the designer cell: plain Python that opens the unit file by name."""
    file_name = f"{unit.id}.unit.yaml"
    return (
        ("# For the teacher: students do not need to run this cell.\n" if for_teacher else "")
        + "# Re-open this unit in the pbl-author designer.\n"
        "# This cell needs pbl-author in the notebook's environment (pip install pbl-author);\n"
        "# the rest of the notebook reads fine without it.\n"
        "import pbl_author.designer as designer\n"
        "\n"
        f"designer.open({file_name!r})\n"
    )


def notebook_bytes(notebook: dict[str, Any]) -> bytes:
    """The notebook file: nbformat's JSON (sorted keys, one-space indent) and a final newline.

    This is byte for byte what Jupyter writes when it saves the notebook (each cell's
    source as a list of lines), so opening and saving an exported notebook in JupyterLab
    leaves no diff behind. Written here rather than by ``nbformat.writes``, whose import
    alone takes seconds (its JSON Schema validator compiles URI grammars) in every
    process that exports; the tests check the result against nbformat, byte for byte.
    Our cells have no outputs, so there is nothing else to split.
    """
    cells = []
    for cell in notebook["cells"]:
        if cell.get("outputs"):
            raise ValueError("notebook_bytes writes notebooks without outputs")
        source = cell.get("source")
        cells.append(
            {**cell, "source": source.splitlines(True)} if isinstance(source, str) else cell
        )
    text = json.dumps(
        {**notebook, "cells": cells},
        indent=1,
        sort_keys=True,
        separators=(",", ": "),
        ensure_ascii=False,
    )
    return (text + "\n").encode("utf-8")


def join_blocks(parts: Iterable[str | None]) -> str:
    """Non-empty Markdown blocks separated by blank lines."""
    return "\n\n".join(part.strip("\n") for part in parts if part and part.strip())


# -- safe Markdown --------------------------------------------------------------

#: Escaped wherever they appear in text: they could start HTML, a link, emphasis, code,
#: a table cell, an entity or (in JupyterLab and GitHub) LaTeX math.
_ALWAYS_ESCAPED = frozenset("\\`*_[]<>&|~$")
#: At the start of a line these could start a heading, a list or a setext underline.
_LINE_START = re.compile(
    r"#{1,6}(?:[ \t]|$)"  # an ATX heading
    r"|[-+](?:[ \t]|$)"  # a bullet list item
    r"|-[- \t]*$|=+[ \t]*$"  # a thematic break or a setext underline
)
_LINE_START_NUMBER = re.compile(r"(\d{1,9})([.)])(?=[ \t]|$)")  # an ordered list item
_SAFE_INFO = re.compile(r"^[A-Za-z0-9_+#.-]{1,30}$")
#: Rendered texts kept (a unit has a few hundred; the designer re-exports often).
CACHE_SIZE = 2048
_ALIGN = {"text-align:left": ":---", "text-align:right": "---:", "text-align:center": ":---:"}


@cache
def _checker() -> MarkdownIt:
    """A permissive parser for the final check: raw HTML on, every link accepted."""
    parser = MarkdownIt("commonmark", {"html": True, "linkify": False})
    parser.enable("table").enable("strikethrough")
    parser.validateLink = lambda url: True  # type: ignore[method-assign]
    return parser


def md_escape(text: str, *, line_start: bool = True) -> str:
    """Plain ``text`` as Markdown that shows exactly that text (one line)."""
    text = text.replace("\r", " ").replace("\n", " ")
    out = "".join("\\" + char if char in _ALWAYS_ESCAPED else char for char in text)
    if line_start:
        out = out.lstrip(" \t")
        if _LINE_START.match(out):
            out = "\\" + out
        elif out[:1].isdigit():
            out = _LINE_START_NUMBER.sub(r"\1\\\2", out, count=1)
    return out


def _code_span(content: str, *, table: bool) -> str:
    content = content.replace("\n", " ")
    if not content:
        return ""
    longest = max((len(run) for run in re.findall(r"`+", content)), default=0)
    fence = "`" * (longest + 1)
    if content.strip(" ") and (content[0] in "` " or content[-1] in "` "):
        content = f" {content} "
    if table:
        content = content.replace("|", "\\|")
    return f"{fence}{content}{fence}"


def _plain_text(node: SyntaxTreeNode) -> str:
    """The text inside an inline node (for an image's alt text)."""
    if node.type in ("text", "code_inline"):
        return node.content
    if node.type in ("softbreak", "hardbreak"):
        return " "
    return "".join(_plain_text(child) for child in node.children)


def _destination(url: str) -> str:
    """A link destination in angle brackets, escaped so no viewer reads more into it.

    In a relative URL ``&`` is percent-encoded too: an entity such as ``&colon;`` must never
    turn it into an absolute one.
    """
    if ":" not in url.split("/", 1)[0].split("?", 1)[0]:
        url = url.replace("&", "%26")
    escaped = "".join("\\" + char if char in "\\<>&" else char for char in url)
    return f"<{escaped}>"


def _inline(
    nodes: Sequence[SyntaxTreeNode],
    *,
    line_start: bool = True,
    one_line: bool = False,
    table: bool = False,
) -> str:
    parts: list[str] = []
    for node in nodes:
        kind = node.type
        if kind in ("softbreak", "hardbreak"):
            if one_line:
                parts.append(" ")
                line_start = False
            else:
                parts.append("\n" if kind == "softbreak" else "\\\n")
                line_start = True
            continue
        if kind == "text":
            parts.append(md_escape(node.content, line_start=line_start))
        elif kind == "code_inline":
            parts.append(_code_span(node.content, table=table))
        elif kind in ("em", "strong", "s"):
            mark = {"em": "*", "strong": "**", "s": "~~"}[kind]
            inner = _inline(node.children, line_start=False, one_line=one_line, table=table)
            parts.append(f"{mark}{inner}{mark}" if inner else "")
        elif kind == "link":
            inner = _inline(node.children, line_start=line_start, one_line=one_line, table=table)
            href = str(node.attrs.get("href", ""))
            if href and safe_url(href):
                if parts and parts[-1].endswith("!"):  # "!" + "[...](...)" would be an image
                    parts[-1] = parts[-1][:-1] + "\\!"
                parts.append(f"[{inner}]({_destination(href)})")
            else:
                parts.append(inner)
        elif kind == "image":
            alt = md_escape(_plain_text(node), line_start=False)
            src = str(node.attrs.get("src", ""))
            parts.append(f"![{alt}]({_destination(src)})" if src and safe_url(src) else alt)
        else:  # html_inline cannot occur (raw HTML is off); anything else is shown as text
            parts.append(md_escape(node.content, line_start=line_start))
        line_start = False
    return "".join(parts)


def indent(text: str, first: str, rest: str) -> str:
    """``text`` with ``first`` before its first line and ``rest`` before the others."""
    lines = text.split("\n")
    out = [first + lines[0] if lines[0] else first.rstrip()]
    out.extend(rest + line if line else "" for line in lines[1:])
    return "\n".join(out)


def _fence(content: str, info: str = "") -> str:
    content = content[:-1] if content.endswith("\n") else content
    longest = max((len(run) for run in re.findall(r"`+", content)), default=0)
    fence = "`" * max(3, longest + 1)
    language = info.split()[0] if info.split() else ""
    language = language if _SAFE_INFO.match(language) else ""
    return f"{fence}{language}\n{content}\n{fence}" if content else f"{fence}{language}\n{fence}"


def _list(node: SyntaxTreeNode, alternate: bool) -> str:
    ordered = node.type == "ordered_list"
    start = int(node.attrs.get("start", 1)) if ordered else 1
    tight = any(
        child.type == "paragraph" and child.hidden for item in node.children for child in item
    )
    items = []
    for index, item in enumerate(node.children):
        if ordered:
            marker = f"{start + index}{')' if alternate else '.'}"
        else:
            marker = "*" if alternate else "-"
        body = ("\n" if tight else "\n\n").join(_blocks(item.children))
        items.append(indent(body, marker + " ", " " * (len(marker) + 1)))
    return ("\n" if tight else "\n\n").join(items)


def _table(node: SyntaxTreeNode) -> str:
    rows: list[list[str]] = []
    aligns: list[str] = []
    for section in node.children:
        for row in section.children:
            cells = []
            for cell in row.children:
                inline = cell.children[0].children if cell.children else []
                cells.append(_inline(inline, line_start=False, one_line=True, table=True))
                if section.type == "thead":
                    aligns.append(_ALIGN.get(str(cell.attrs.get("style", "")), "---"))
            rows.append(cells)
    if not rows:
        return ""
    return table_markdown(rows[0], rows[1:], aligns)


def _block(node: SyntaxTreeNode, alternate: bool = False) -> str:
    kind = node.type
    if kind == "paragraph":
        return _inline(node.children[0].children if node.children else [])
    if kind == "heading":
        level = int(node.tag[1:]) if node.tag[1:].isdigit() else 1
        inline = node.children[0].children if node.children else []
        text = _inline(inline, line_start=False, one_line=True)
        return "#" * level + (" " + text if text else "")
    if kind == "blockquote":
        inner = "\n\n".join(_blocks(node.children))
        return "\n".join(f"> {line}" if line else ">" for line in inner.split("\n"))
    if kind in ("bullet_list", "ordered_list"):
        return _list(node, alternate)
    if kind in ("fence", "code_block"):
        return _fence(node.content, node.info if kind == "fence" else "")
    if kind == "hr":
        return "---"
    if kind == "table":
        return _table(node)
    return md_escape(node.content)  # html_block cannot occur; show anything else as text


def _typed_blocks(nodes: Iterable[SyntaxTreeNode]) -> list[tuple[str, str]]:
    """(block type, Markdown) of each block that renders to something."""
    out: list[tuple[str, str]] = []
    previous = None
    alternate = False
    for node in nodes:
        # Two lists in a row would merge into one: give the second another marker.
        alternate = (not alternate) if node.type == previous else False
        rendered = _block(node, alternate)
        if rendered:
            out.append((node.type, rendered))
        previous = node.type
    return out


def _blocks(nodes: Iterable[SyntaxTreeNode]) -> list[str]:
    return [block for _, block in _typed_blocks(nodes)]


def is_safe_markdown(markdown: str) -> bool:
    """True when ``markdown`` holds no raw HTML and no link outside http, https and mailto."""
    pending = list(_checker().parse(markdown))
    while pending:
        token = pending.pop()
        if token.type in ("html_block", "html_inline"):
            return False
        if token.type in ("link_open", "image"):
            url = token.attrGet("href" if token.type == "link_open" else "src")
            if not safe_url(str(url or "")):
                return False
        pending.extend(token.children or [])
    return True


def _escaped_plain(text: str) -> str:
    """The fallback: every line as literal text, all ASCII punctuation escaped."""
    punctuation = set(string.punctuation)
    lines = []
    for line in text.split("\n"):
        line = line.strip()
        lines.append("".join("\\" + c if c in punctuation else c for c in line))
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip("\n")


def _checked(markdown: str, text: str) -> str:
    return markdown if is_safe_markdown(markdown) else _escaped_plain(text)


def _blocks_of(text: str) -> list[tuple[str, str]]:
    return _typed_blocks(SyntaxTreeNode(markdown_parser().parse(text)).children)


@lru_cache(maxsize=CACHE_SIZE)
def _safe_blocks(text: str) -> tuple[tuple[str, str], ...]:
    """(block type, safe Markdown) of each block of teacher Markdown ``text``."""
    if not text.strip():
        return ()
    blocks = _blocks_of(text)
    if blocks and not is_safe_markdown("\n\n".join(block for _, block in blocks)):
        return (("paragraph", _escaped_plain(text)),)
    return tuple(blocks)


def safe_markdown(text: str) -> str:
    """Teacher Markdown (paragraphs, lists, tables, links) as safe notebook Markdown."""
    return "\n\n".join(block for _, block in _safe_blocks(text))


@lru_cache(maxsize=CACHE_SIZE)
def md_label(text: str, *, table: bool = False) -> str:
    """A one-line teacher text (a title, a name) as safe inline Markdown."""
    if not text.strip():
        return ""
    tokens = markdown_parser().parseInline(text.replace("\n", " ").strip())
    children = SyntaxTreeNode(tokens).children
    inline = children[0].children if children else []
    return _checked(_inline(inline, one_line=True, table=table), text)


@lru_cache(maxsize=CACHE_SIZE)
def md_flat(text: str, *, table: bool = True) -> str:
    """Teacher Markdown squeezed onto one line (for a table cell): blocks joined by spaces."""
    if not text.strip():
        return ""
    tree = SyntaxTreeNode(markdown_parser().parse(text))
    parts: list[str] = []

    def walk(node: SyntaxTreeNode) -> None:
        if node.type == "inline":
            parts.append(_inline(node.children, one_line=True, table=table))
        elif node.type in ("fence", "code_block"):
            parts.append(_code_span(node.content.strip("\n"), table=table))
        elif node.type == "list_item":
            parts.append("•")
            for child in node.children:
                walk(child)
        else:
            for child in node.children:
                walk(child)

    walk(tree)
    flat = " ".join(part for part in parts if part)
    return _checked(flat, text.replace("\n", " "))


def md_item(lead: str | None, text: str, *, marker: str = "-", always: bool = False) -> str:
    """A list item: ``lead`` (Markdown, e.g. ``**Goal:**``) then teacher Markdown ``text``.

    ``text`` may hold several blocks; they are indented under the marker. An item with no
    text is left out, unless ``always`` (then the lead alone is shown, without a final colon).
    """
    blocks = _safe_blocks(text)
    if not blocks:
        return f"{marker} {lead.removesuffix(':')}" if always and lead else ""
    if not lead:
        body = "\n\n".join(block for _, block in blocks)
    elif blocks[0][0] == "paragraph":
        body = "\n\n".join([f"{lead} {blocks[0][1]}", *(block for _, block in blocks[1:])])
    else:
        body = "\n\n".join([lead, *(block for _, block in blocks)])
    return indent(body, marker + " ", " " * (len(marker) + 1))


def md_nested(lead: str, items: Iterable[str], *, marker: str = "-") -> str:
    """A list item ``lead`` with a nested list of already-rendered ``items``."""
    nested = md_list(items)
    if not nested:
        return ""
    return indent(f"{lead}\n{nested}", marker + " ", " " * (len(marker) + 1))


def md_list(items: Iterable[str]) -> str:
    """A tight list of already-rendered items (an item may span lines)."""
    return "\n".join(item for item in items if item)


def bullet(text: str) -> str:
    """``- text`` for a rendered one-line item (or an empty string)."""
    return f"- {text}" if text else ""


def quote(markdown: str) -> str:
    """Rendered Markdown as a block quote."""
    return "\n".join(f"> {line}" if line else ">" for line in markdown.split("\n"))


def table_markdown(header: Sequence[str], rows: Sequence[Sequence[str]], aligns=None) -> str:
    """A GitHub-flavoured Markdown table from already-escaped cell texts."""
    width = len(header)
    aligns = list(aligns or []) + ["---"] * width

    def row(cells: Sequence[str]) -> str:
        padded = [*cells, *[""] * (width - len(cells))][:width]
        return "| " + " | ".join(cell or " " for cell in padded) + " |"

    lines = [row(header), "| " + " | ".join(aligns[:width]) + " |"]
    lines.extend(row(cells) for cells in rows)
    return "\n".join(lines)


# -- words for the unit's values --------------------------------------------------

_GRADE_WORDS = {"PK": "Pre-K", "HE": "higher education", "AE": "adult education"}
PHASE_WORDS = {
    "launch": "Launch",
    "build_knowledge": "Build knowledge",
    "develop_and_critique": "Develop and critique",
    "present": "Present",
}
TARGET_ROLE_WORDS = {
    "target_standard": "target standard",
    "success_skill": "success skill",
    "sel": "social and emotional",
}
SUPPORT_WORDS = {
    "english_learners": "English learners",
    "iep": "Students with IEPs",
    "all_students": "All students",
    "extension": "Extension",
    "other": "Other",
}


def words(value: str) -> str:
    """``exit_ticket`` -> ``exit ticket``."""
    return value.replace("_", " ")


def grades_text(grades: Sequence[str]) -> str:
    if not grades:
        return ""
    shown = [_GRADE_WORDS.get(grade, grade) for grade in grades]
    return ("Grade " if len(shown) == 1 else "Grades ") + ", ".join(shown)


def number_text(value: float | int) -> str:
    return str(int(value)) if float(value).is_integer() else repr(float(value))


def plural(count: float | int, word: str) -> str:
    return f"{number_text(count)} {word}{'' if count == 1 else 's'}"


def duration_text(unit: Unit) -> str:
    duration = unit.identity.duration
    parts = []
    if duration.weeks is not None:
        parts.append(plural(duration.weeks, "week"))
    if duration.sessions is not None:
        sessions = plural(duration.sessions, "session")
        if duration.minutes_per_session is not None:
            sessions += f" of {duration.minutes_per_session} minutes"
        parts.append(sessions)
    elif duration.minutes_per_session is not None:
        parts.append(f"sessions of {duration.minutes_per_session} minutes")
    return ", ".join(parts)


def date_text(value: dt.date | None) -> str:
    return value.isoformat() if value is not None else ""


def code(value: str) -> str:
    """An id or a reference as inline code."""
    return _code_span(value, table=False)


def competency_label(unit: Unit, ref: str, *, table: bool = False) -> str:
    """A competency's human code (or its reference) as safe inline Markdown."""
    try:
        label = unit.competency(ref).label
    except KeyError:
        label = ref
    return md_label(label, table=table) if label != ref else code(ref)


def milestone_titles(unit: Unit) -> dict[str, str]:
    return {milestone.id: milestone.title for milestone in unit.path.milestones()}


def facts_line(facts: Iterable[str]) -> str:
    """``_a · b · c_``: short facts in one italic line (empty facts left out)."""
    shown = [fact for fact in facts if fact]
    return " · ".join(shown)


__all__ = [
    "DERIVED_ROLES",
    "DESIGNER_ROLE",
    "SINGLE_ROLES",
    "STUDENT_WORK_ROLES",
    "NotebookBuilder",
    "bullet",
    "cell_id",
    "code",
    "competency_label",
    "designer_source",
    "is_safe_markdown",
    "join_blocks",
    "md_escape",
    "md_flat",
    "md_item",
    "md_label",
    "md_list",
    "md_nested",
    "notebook_bytes",
    "notebook_metadata",
    "quote",
    "safe_markdown",
    "table_markdown",
]
