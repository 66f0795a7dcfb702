"""Shared building blocks of every model: the strict base class and text and id types."""

from __future__ import annotations

import re
import unicodedata
from typing import Annotated, Any

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainSerializer,
)
from pydantic_core import PydanticCustomError

from .problems import shorten

#: Longest free text (a description, a descriptor) in characters.
MAX_TEXT = 20_000
#: Longest one-line label (a title, a name) in characters.
MAX_LABEL = 300

ELEMENT_ID_RE = re.compile(r"^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$")
MAX_ID = 48
FRAMEWORK_ID_RE = re.compile(r"^[a-z0-9][a-z0-9._-]*$")
ITEM_ID_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")
EXTENSION_KEY_RE = re.compile(r"^[a-z0-9][a-z0-9-]*(?:\.[a-z0-9][a-z0-9-]*)+$")


class StrictModel(BaseModel):
    """Base of every model: unknown keys are errors, values are checked on assignment."""

    model_config = ConfigDict(
        extra="forbid",
        validate_assignment=True,
        validate_default=False,
        str_strip_whitespace=False,
        frozen=False,
    )


def slugify(text: str, fallback: str = "item") -> str:
    """A readable element id made from a title: ``"Build a Model!"`` -> ``build-a-model``."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    if not slug:
        return fallback
    if slug[0].isdigit():  # ids start with a letter: "3rd grade" -> "unit-3rd-grade"
        slug = f"{fallback}-{slug}"
    return slug[:MAX_ID].rstrip("-")


def _normalize_newlines(value: object) -> object:
    if isinstance(value, str) and "\r" in value:
        return value.replace("\r\n", "\n").replace("\r", "\n")
    return value


_ALLOWED_CONTROLS = {"\n", "\t"}
#: Anything that might be a control character, a surrogate or a non-character; most text
#: has none, and one regex search is far cheaper than a category lookup per character.
_SUSPECT = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


def _check_characters(value: str) -> str:
    if not _SUSPECT.search(value):
        return value
    for index, char in enumerate(value):
        category = unicodedata.category(char)
        if (category == "Cc" and char not in _ALLOWED_CONTROLS) or category == "Cs":
            raise PydanticCustomError(
                "pbl_bad_character",
                "text contains a control character (U+{code}) at position {index}; "
                "remove it or retype the text",
                {"code": f"{ord(char):04X}", "index": index},
            )
        if char in "\ufffe\uffff":
            raise PydanticCustomError(
                "pbl_bad_character",
                "text contains a non-character (U+{code}) at position {index}; remove it",
                {"code": f"{ord(char):04X}", "index": index},
            )
    return value


def _check_one_line(value: str) -> str:
    if "\n" in value:
        raise PydanticCustomError(
            "pbl_one_line", "must be a single line (put longer text in a description)"
        )
    return value


#: Free text, Markdown allowed. Line ends are normalized to ``\n``.
Text = Annotated[
    str,
    BeforeValidator(_normalize_newlines),
    Field(max_length=MAX_TEXT),
    AfterValidator(_check_characters),
]

#: A one-line label: a title, a name, a short phrase.
Label = Annotated[
    str,
    BeforeValidator(_normalize_newlines),
    Field(max_length=MAX_LABEL),
    AfterValidator(_check_characters),
    AfterValidator(_check_one_line),
]


def _check_element_id(value: str) -> str:
    if len(value) > MAX_ID or not ELEMENT_ID_RE.match(value):
        raise PydanticCustomError(
            "pbl_element_id",
            "'{value}' is not a valid id: use lowercase letters, digits and single hyphens, "
            "starting with a letter, at most {max} characters (for example '{example}')",
            {"value": shorten(value), "max": MAX_ID, "example": slugify(value, "task-1")},
        )
    return value


#: A stable, readable id of an element of a unit (task, milestone, rubric, ...).
ElementId = Annotated[str, AfterValidator(_check_element_id)]


def _matching(pattern: re.Pattern[str], longest: int, code: str, message: str) -> Any:
    """A text type that must match ``pattern`` and be at most ``longest`` characters."""

    def check(value: str) -> str:
        if len(value) > longest or not pattern.match(value):
            raise PydanticCustomError(code, message, {"value": shorten(value), "max": longest})
        return value

    return Annotated[str, AfterValidator(check)]


FrameworkId = _matching(
    FRAMEWORK_ID_RE,
    64,
    "pbl_framework_id",
    "'{value}' is not a valid framework id: use lowercase letters, digits, '.', '_' "
    "and '-', at most {max} characters",
)

ItemId = _matching(
    ITEM_ID_RE,
    100,
    "pbl_item_id",
    "'{value}' is not a valid competency id: use letters, digits, '.', '_' and '-', "
    "at most {max} characters",
)


def _check_competency_ref(value: str) -> str:
    framework, sep, item = value.partition(":")
    if (
        not sep
        or not FRAMEWORK_ID_RE.match(framework)
        or not ITEM_ID_RE.match(item)
        or len(value) > 165
    ):
        raise PydanticCustomError(
            "pbl_competency_ref",
            "'{value}' is not a competency reference: write it as framework-id:item-id "
            "(for example 'casel:self-awareness')",
            {"value": shorten(value)},
        )
    return value


#: A reference to a competency: ``framework-id:item-id``.
CompetencyRef = Annotated[str, AfterValidator(_check_competency_ref)]


def _plain_number(value: float) -> int | float:
    return int(value) if value.is_integer() else value


#: A number, written as people write it: whole numbers stay whole (``points: 3``, not ``3.0``).
Number = Annotated[
    float, Field(allow_inf_nan=False), PlainSerializer(_plain_number, when_used="json")
]


ExtensionKey = _matching(
    EXTENSION_KEY_RE,
    100,
    "pbl_extension_key",
    "extension key '{value}' must be namespaced like a reversed domain "
    "(for example 'org.mynetwork' or 'org.mynetwork.pacing')",
)
