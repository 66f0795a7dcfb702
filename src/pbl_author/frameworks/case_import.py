"""CASE import: a CFPackage (CASE 1.0 or 1.1) becomes a Framework.

- ``CFDocument`` -> the framework (title, creator, version, language, licence, ...);
- ``CFItems`` -> competencies (human code, full statement, item type, education levels,
  identifier and URI kept);
- ``isChildOf`` associations -> the tree (``Competency.parent``, items listed parents
  first), siblings ordered by ``sequenceNumber``, then by their order in the package
  (unnumbered siblings listed in plain alphabetical order of their codes, as OpenSALT
  exports them, are put in the order of the numbers in the codes: L1.2 before L1.10);
  an item with several parents keeps the first, the others become associations;
- every other association (exactMatchOf, isRelatedTo, precedes, exemplar, ...) ->
  ``Framework.associations``, including links to items outside the package.

The reader is lenient with what real exports contain (extra keys, timestamps without
a time zone, the misspelt ``educationalLevel``, placeholder identifiers, a
``{"CFPackage": {...}}`` wrapper, a byte-order mark) and lists what it tolerated in
``ImportResult.notes``. It refuses what cannot be a framework (no CFDocument, items
without identifiers, conflicting duplicates, cycles in isChildOf) with problems that
say where: ``CFItems[3].identifier``.

Speed matters (state standards packages have tens of thousands of items): the JSON is
read with orjson when it is installed, each record is turned into plain data in one
pass with dict lookups only, and every value is checked here against the model's own
rules (length, characters, one line), so the models are then built without a second,
slower validation pass (see ``_instances``).
"""

from __future__ import annotations

import codecs
import contextlib
import gc
import itertools
import json
import re
import uuid
from collections.abc import Callable, Iterator
from typing import Any

from ..files.jsontext import load_json
from ..files.text import decode_document
from ..model.base import FRAMEWORK_ID_RE, ITEM_ID_RE, MAX_LABEL, MAX_TEXT
from ..model.framework import Association, Competency, Framework, Source
from ..model.problems import DocumentError, Problem, shorten
from ..model.validation import describe, validate_as
from .importing import ImportResult, ItemIds, Progress, count_note, framework_id_for

try:  # orjson reads large packages several times faster than json
    import orjson
except ImportError:  # pragma: no cover - orjson is optional
    orjson = None

#: The key of pbl-author's own data inside CASE ``extensions`` objects (see case_export).
EXTENSION = "pblAuthor"
#: The namespace of every identifier pbl-author makes: uuid5(NAMESPACE_URL,
#: "https://pbl-author.org/case"). Never change it, or re-exports get new identifiers.
NAMESPACE = uuid.UUID("45139422-71ab-5a5e-92e6-eb0b6972d0c3")


def name_uuid(*parts: str) -> str:
    """A UUIDv5 from stable names: the same names always give the same identifier."""
    return str(uuid.uuid5(NAMESPACE, "\x1f".join(parts)))


def made_uri(base: str, kind: str, identifier: str) -> str:
    """The URI pbl-author gives a CASE record that has none."""
    return f"{base}/ims/case/v1p1/{kind}/{identifier}" if base else f"urn:uuid:{identifier}"


# -- what CASE 1.0 and 1.1 define (anything else is "non-standard") ---------------------

PACKAGE_KEYS = frozenset(
    {"CFDocument", "CFItems", "CFAssociations", "CFDefinitions", "CFRubrics", "extensions"}
)
DOCUMENT_KEYS = frozenset(
    {
        "identifier", "uri", "frameworkType", "caseVersion", "creator", "title",
        "lastChangeDateTime", "officialSourceURL", "publisher", "description", "subject",
        "subjectURI", "language", "version", "adoptionStatus", "statusStartDate",
        "statusEndDate", "licenseURI", "notes", "extensions",
    }
)  # fmt: skip
ITEM_KEYS = frozenset(
    {
        "identifier", "fullStatement", "alternativeLabel", "CFItemType", "uri",
        "humanCodingScheme", "listEnumeration", "abbreviatedStatement", "conceptKeywords",
        "conceptKeywordsURI", "notes", "subject", "subjectURI", "language", "educationLevel",
        "CFItemTypeURI", "licenseURI", "statusStartDate", "statusEndDate",
        "lastChangeDateTime", "extensions",
    }
)  # fmt: skip
ASSOCIATION_KEYS = frozenset(
    {
        "identifier", "associationType", "sequenceNumber", "uri", "originNodeURI",
        "destinationNodeURI", "CFAssociationGroupingURI", "lastChangeDateTime", "notes",
        "extensions",
    }
)  # fmt: skip
DEFINITIONS_KEYS = frozenset(
    {
        "CFConcepts", "CFSubjects", "CFLicenses", "CFItemTypes", "CFAssociationGroupings",
        "extensions",
    }
)  # fmt: skip
#: Association types that read the same both ways: one whose origin lies outside the
#: package is kept by turning it around.
SYMMETRIC_TYPES = frozenset({"exactMatchOf", "isRelatedTo", "isPeerOf"})

# Model fields, in order: the fast builder fills every one of them.
COMPETENCY_FIELDS = (
    "id", "code", "statement", "abbreviated_statement", "type", "education_levels", "parent",
    "identifier", "uri", "notes", "keywords", "indicators", "descriptors", "scale",
    "extensions",
)  # fmt: skip
ASSOCIATION_FIELDS = (
    "kind", "origin", "destination", "external_identifier", "external_uri", "external_title",
    "sequence", "identifier",
)  # fmt: skip

# What our own exports may carry in ``extensions.pblAuthor`` (written by case_export):
# the exact value of a field CASE cannot say as pbl-author holds it.
FRAMEWORK_OVERRIDES = {
    "title": "label", "version": "label", "publisher": "label", "description": "text",
    "language": "label", "subjects": "labels", "identifier": "label", "uri": "label",
}  # fmt: skip
SOURCE_OVERRIDES = {"name": "label", "url": "label", "license": "label", "note": "text"}
ITEM_OVERRIDES = {
    "code": "label", "statement": "text", "abbreviated_statement": "text", "type": "label",
    "education_levels": "labels", "identifier": "label", "uri": "label", "notes": "text",
    "keywords": "labels", "indicators": "texts",
}  # fmt: skip
#: Item data only the models can check (the framework is then validated as a whole).
ITEM_MODEL_OVERRIDES = ("descriptors", "scale", "extensions")
ASSOCIATION_OVERRIDES = {
    "kind": "label", "external_identifier": "label", "external_uri": "label",
    "external_title": "label", "identifier": "label",
}  # fmt: skip

# What the model refuses in text (after \r\n -> \n): controls but \t and \n, surrogates,
# the two non-characters.
_BAD = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
_FOLD = re.compile(r"[ \t]*\n\s*")
# JSON escapes and raw UTF-8 that can put such characters (or line ends) into a string.
_RISKY_ESCAPE = re.compile(rb"\\[bfnrt]|\\u(?:00[0189]|007|[dD][89a-fA-F]|[fF]{3}[eEfF])")
_RAW_C1 = re.compile(rb"\xc2[\x80-\x9f]")
_RAW_NONCHARACTER = re.compile(rb"\xef\xbf[\xbe\xbf]")
_UUID = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")
_RFC_UUID = re.compile(
    r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[1-8][0-9a-fA-F]{3}-[89abAB][0-9a-fA-F]{3}-[0-9a-fA-F]{12}"
)
_DIGITS = re.compile(r"(\d+)")
#: A code that ItemIds.clean() leaves as it is.
_CLEAN_ID = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9._-]{0,98}[A-Za-z0-9])?")


def _plain_bytes(data: bytes) -> bool:
    """True when no string in this JSON can hold a line end, a control or the like.

    Single-byte scans (memchr speed) settle the usual case; a closer look happens only
    when a backslash or the lead byte of such a character appears at all.
    """
    if b"\\" in data and _RISKY_ESCAPE.search(data):
        return False
    if b"\x7f" in data:  # JSON allows a raw DEL in a string
        return False
    if b"\xc2" in data and _RAW_C1.search(data):
        return False
    return not (b"\xef" in data and _RAW_NONCHARACTER.search(data))


class _Context:
    """Problems found and things tolerated while reading one package."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []
        self.counts: dict[str, int] = {}
        self.names: dict[str, set[str]] = {}
        self.examples: dict[str, str] = {}
        #: Set when the raw JSON cannot contain special characters (see _plain_bytes).
        self.plain = False
        #: "CFPackage." when the package came wrapped.
        self.prefix = ""

    def count(self, key: str, amount: int = 1) -> None:
        self.counts[key] = self.counts.get(key, 0) + amount

    def problem(self, path: str, message: str) -> None:
        self.problems.append(Problem(path, message))

    def raise_problems(self) -> None:
        if self.problems:
            raise DocumentError(self.problems)

    # -- values ---------------------------------------------------------------------

    def text(self, value: Any, where: str | int, key: str = "", label: bool = False) -> str:
        """``value`` as model-valid text (a one-line Label when ``label``).

        Line ends become ``\\n`` (in labels, spaces), control characters are removed
        and over-long texts cut, each counted for the notes. Anything but text (or a
        number) is a problem at ``where.key``.
        """
        if (
            value.__class__ is str
            and len(value) <= (MAX_LABEL if label else MAX_TEXT)
            and (self.plain or value.isprintable())
        ):
            return value
        return self._text(value, self.path(where, key), label)

    def path(self, where: str | int, key: str = "") -> str:
        """``where.key``; a number for ``where`` is a CFItems position."""
        if where.__class__ is int:
            where = f"{self.prefix}CFItems[{where}]"
        return f"{where}.{key}" if key else str(where)

    def _text(self, value: Any, path: str, label: bool) -> str:
        if value.__class__ is not str:
            if value is None:
                return ""
            if isinstance(value, int | float) and not isinstance(value, bool):
                self.count("numbers")
                value = str(value)
            else:
                self.problem(path, f"expected text, found {describe(value)}")
                return ""
        if "\r" in value:
            value = value.replace("\r\n", "\n").replace("\r", "\n")
        if _BAD.search(value) is not None:
            self.count("controls", len(_BAD.findall(value)))
            value = _BAD.sub("", value)
        if label and "\n" in value:
            self.count("folded")
            value = _FOLD.sub(" ", value).strip()
        limit = MAX_LABEL if label else MAX_TEXT
        if len(value) > limit:
            self.count("cut")
            value = value[: limit - 1] + "…"
        return value

    def labels(
        self, value: Any, path: str, *, split: bool = False, keep_empty: bool = False
    ) -> list[str]:
        """Labels from a list (or one text); ``split`` also splits texts at commas."""
        if value is None:
            return []
        if value.__class__ is str or (
            isinstance(value, int | float) and not isinstance(value, bool)
        ):
            values = [value]
        elif isinstance(value, list):
            values = value
        else:
            self.problem(path, f"expected a list of texts, found {describe(value)}")
            return []
        out: list[str] = []
        for position, entry in enumerate(values):
            text = self.text(entry, f"{path}[{position}]", label=True)
            if split and "," in text:
                out.extend(part.strip() for part in text.split(",") if part.strip())
            elif keep_empty or text.strip():
                out.append(text.strip() if split else text)
        return out

    def convert(self, kind: str, value: Any, path: str) -> Any:
        """An override value from our extension, checked like the field it replaces."""
        if kind == "label":
            return self.text(value, path, label=True)
        if kind == "text":
            return self.text(value, path)
        if kind == "labels":
            return self.labels(value, path, keep_empty=True)
        if not isinstance(value, list):  # "texts"
            self.problem(path, f"expected a list of texts, found {describe(value)}")
            return []
        return [self.text(entry, f"{path}[{position}]") for position, entry in enumerate(value)]

    # -- what the notes report ----------------------------------------------------------

    def extra_keys(self, record: dict[str, Any], allowed: frozenset[str]) -> None:
        extra = record.keys() - allowed
        if extra:
            self.count("extra", len(extra))
            self.names.setdefault("extra", set()).update(extra)

    def timestamp(self, value: Any) -> None:
        if value.__class__ is str and value and not _has_zone(value):
            self.count("zoneless")

    def identifier_kind(self, value: str) -> None:
        if len(value) == 36 and _RFC_UUID.fullmatch(value):
            return
        kind = "placeholder" if _UUID.fullmatch(value) else "not-uuid"
        self.count(kind)
        self.examples.setdefault(kind, value)


def _has_zone(value: str) -> bool:
    """``...Z``, ``...+01:00`` or ``...+0100``: a timestamp that says its time zone."""
    if value[-1] in "Zz":
        return True
    if len(value) > 6 and value[-6] in "+-" and value[-3] == ":":
        return True
    return len(value) > 5 and value[-5] in "+-" and value[-4:].isdigit() and "T" in value


def _zone_said(value: str) -> bool:
    """``_has_zone`` with the two usual endings settled inline."""
    last = value[-1]
    if last == "Z" or (len(value) > 6 and value[-3] == ":" and value[-6] in "+-"):
        return True
    return _has_zone(value)


def _looks_like_uuid(value: str) -> bool:
    """Shaped like an RFC 4122 UUID (versions 1-8); the notes look closer at the rest."""
    return (
        len(value) == 36
        and value[8] == "-"
        and value[14] in "12345678"
        and value[19] in "89abAB"
        and value[23] == "-"
    )


def _natural_key(code: str) -> tuple:
    """``L1.10`` sorts after ``L1.9``: digit runs compare as numbers."""
    parts = _DIGITS.split(code.lower())
    return tuple(int(part) if position % 2 else part for position, part in enumerate(parts))


# -- reading the bytes -------------------------------------------------------------------


def _parse(data: bytes, context: _Context) -> Any:
    """JSON from ``data``: orjson when it can, else the standard library.

    Both keep the last value of a key that appears twice in one object (as JavaScript
    and PHP, which wrote most CASE exports, do), so the result never depends on
    whether orjson is installed. Errors get the house messages (``decode_document``,
    ``load_json``): "line 3, column 5: JSON syntax error: ...".
    """
    if data.startswith(codecs.BOM_UTF8):
        context.count("bom")
        data = data[len(codecs.BOM_UTF8) :]
    if orjson is not None:
        try:
            package = orjson.loads(data)
        except orjson.JSONDecodeError:
            pass  # the standard library says what is wrong, in words people can act on
        else:
            context.plain = _plain_bytes(data)
            return package
    text = decode_document(data)
    try:
        return json.loads(text, parse_constant=_no_constant)
    except json.JSONDecodeError:
        return load_json(text)  # raises the house DocumentError for the syntax error
    except RecursionError:
        raise DocumentError([Problem("", "the JSON is nested too deeply")]) from None


def _no_constant(name: str) -> Any:
    raise DocumentError([Problem("", f"{name} is not a valid JSON number")])


def _not_a_package(package: Any) -> DocumentError:
    if not isinstance(package, dict):
        message = (
            f"expected a CASE package (a JSON object with a CFDocument), found {describe(package)}"
        )
    elif "CFDocuments" in package:
        message = (
            "this is a list of CASE documents (CFDocuments), not a package; import one of "
            "them from its CFPackages address (.../ims/case/v1p1/CFPackages/IDENTIFIER)"
        )
    elif {"identifier", "title", "creator"} <= package.keys():
        message = (
            "this is a single CFDocument, not a CFPackage; its items come with the package "
            f"(.../CFPackages/{shorten(str(package['identifier']))})"
        )
    else:
        message = (
            "no CFDocument: this is not a CASE package (a CFPackage holds a CFDocument, "
            "CFItems and CFAssociations)"
        )
    return DocumentError([Problem("", message)])


def _node(value: Any) -> tuple[Any, Any, Any]:
    """(identifier, uri, title) of a LinkGenURI as found (a bare URI string is allowed)."""
    if value.__class__ is dict:
        get = value.get
        identifier, uri = get("identifier"), get("uri")
        if not identifier and uri.__class__ is str:
            identifier = uri.rstrip("/").rsplit("/", 1)[-1]
        return identifier, uri or "", get("title") or ""
    if value.__class__ is str:
        return value.rstrip("/").rsplit("/", 1)[-1], value, ""
    return None, "", ""


def _extension(record: dict[str, Any]) -> dict[str, Any] | None:
    extensions = record.get("extensions")
    if isinstance(extensions, dict):
        ours = extensions.get(EXTENSION)
        if isinstance(ours, dict):
            return ours
    return None


# -- the pieces, usable on their own (case_export checks its output with them) --------


def definitions_index(definitions: Any) -> dict[str, dict[str, str]]:
    """Item-type and licence titles by identifier, from ``CFDefinitions``."""
    index: dict[str, dict[str, str]] = {"types": {}, "licenses": {}}
    if not isinstance(definitions, dict):
        return index
    for key, target in (("CFItemTypes", "types"), ("CFLicenses", "licenses")):
        entries = definitions.get(key)
        for entry in entries if isinstance(entries, list) else []:
            if isinstance(entry, dict) and isinstance(entry.get("identifier"), str):
                title = entry.get("title") or entry.get("typeCode") or ""
                if isinstance(title, str) and title:
                    index[target][entry["identifier"]] = title
    return index


def framework_fields(
    document: dict[str, Any],
    index: dict[str, dict[str, str]],
    context: _Context,
    where: str = "CFDocument",
    source: str = "",
) -> dict[str, Any]:
    """The framework fields a CFDocument gives (all but id, scale, items and links)."""
    get = document.get

    def label(key: str) -> str:
        return context.text(get(key), where, key, label=True)

    creator, publisher = label("creator"), label("publisher")
    subjects = context.labels(get("subject"), f"{where}.subject")
    if not subjects and isinstance(get("subjectURI"), list):
        for position, entry in enumerate(get("subjectURI")):
            title = entry.get("title") if isinstance(entry, dict) else None
            if title:
                subjects.append(
                    context.text(title, f"{where}.subjectURI[{position}]", "title", True)
                )
    license_title = ""
    link = get("licenseURI")
    if isinstance(link, dict):
        license_title = context.text(link.get("title"), f"{where}.licenseURI", "title", True)
        identifier = link.get("identifier")
        if not license_title and isinstance(identifier, str):
            license_title = context.text(
                index["licenses"].get(identifier), "CFDefinitions", "CFLicenses", True
            )
        if not license_title:
            license_title = context.text(link.get("uri"), f"{where}.licenseURI", "uri", True)
    url = label("officialSourceURL")
    if not url and source.startswith(("http://", "https://")):
        url = context.text(source, "", label=True)
    return {
        "title": label("title"),
        "version": label("version"),
        "publisher": creator or publisher,
        "description": context.text(get("description"), where, "description"),
        "language": label("language") or "en",
        "subjects": subjects,
        "identifier": label("identifier"),
        "uri": label("uri"),
        "source": {
            "name": publisher or creator,
            "url": url,
            "license": license_title,
            "note": context.text(get("notes"), where, "notes"),
        },
    }


def item_fields(
    raw: dict[str, Any], index: dict[str, dict[str, str]], context: _Context, where: str | int
) -> dict[str, Any]:
    """The competency a CFItem gives, as plain data (``id`` and ``parent`` left empty).

    ``where`` is the item's place in problems: a path, or its CFItems position.
    """
    get = raw.get
    text = context.text
    plain = context.plain
    # The usual case inline (a short, clean string), else through context.text.
    statement = get("fullStatement")
    if not (
        statement.__class__ is str
        and len(statement) <= MAX_TEXT
        and (plain or statement.isprintable())
    ):
        statement = text(statement, where, "fullStatement")
    code = get("humanCodingScheme")
    if not (code.__class__ is str and len(code) <= MAX_LABEL and (plain or code.isprintable())):
        code = text(code, where, "humanCodingScheme", True)
    abbreviated = get("abbreviatedStatement")
    abbreviated = text(abbreviated, where, "abbreviatedStatement") if abbreviated else ""
    if not statement:
        context.count("no-statement")
        statement = abbreviated or code
    item_type = text(get("CFItemType"), where, "CFItemType", True)
    if not item_type:
        link = get("CFItemTypeURI")
        if isinstance(link, dict):
            identifier = link.get("identifier")
            found = index["types"].get(identifier) if isinstance(identifier, str) else None
            item_type = text(found or link.get("title"), where, "CFItemTypeURI.title", True)
    levels = get("educationLevel")
    if levels is None:
        levels = get("educationalLevel")
        if levels is not None:
            context.count("educational")
            levels = context.labels(levels, context.path(where, "educationalLevel"), split=True)
        else:
            levels = []
    elif levels.__class__ is list and _plain_levels(levels):
        levels = list(levels)
    else:
        levels = context.labels(levels, context.path(where, "educationLevel"), split=True)
    keywords = get("conceptKeywords")
    notes = get("notes")
    identifier, uri = get("identifier"), get("uri")
    if not (
        identifier.__class__ is str
        and len(identifier) <= MAX_LABEL
        and (plain or identifier.isprintable())
    ):
        identifier = text(identifier, where, "identifier", True)
    if not (uri.__class__ is str and len(uri) <= MAX_LABEL and (plain or uri.isprintable())):
        uri = text(uri, where, "uri", True)
    return {
        "id": "",
        "code": code,
        "statement": statement,
        "abbreviated_statement": abbreviated,
        "type": item_type or "competency",
        "education_levels": levels,
        "parent": None,
        "identifier": identifier,
        "uri": uri,
        "notes": text(notes, where, "notes") if notes else "",
        "keywords": (
            context.labels(keywords, context.path(where, "conceptKeywords")) if keywords else []
        ),
        "indicators": [],
        "descriptors": [],
        "scale": [],
        "extensions": {},
    }


def _plain_levels(levels: list[Any]) -> bool:
    """The usual education levels (``["06", "07"]``, ``["KG"]``): nothing to clean."""
    try:
        joined = "".join(levels)
    except TypeError:
        return False
    return joined.isalnum() and len(joined) <= MAX_LABEL and all(levels)


# -- the reader --------------------------------------------------------------------------


def read_case_package(
    data: bytes,
    *,
    framework_id: str | None = None,
    source: str = "",
    progress: Progress | None = None,
) -> ImportResult:
    """The framework in a CASE package (``CFPackage`` JSON, CASE 1.0 or 1.1).

    ``framework_id`` names the framework (by default: the id pbl-author gave it when
    pbl-author wrote the package, else one made from its title); ``source`` is where
    the bytes came from (a file name or a URL; a URL becomes the framework's source URL
    when the package names none). Raises DocumentError for what cannot be a framework.
    """
    if framework_id is not None and (
        len(framework_id) > 64 or not FRAMEWORK_ID_RE.match(framework_id)
    ):
        raise DocumentError(
            [
                Problem(
                    "",
                    f"'{shorten(framework_id)}' is not a valid framework id: use lowercase "
                    "letters, digits, '.', '_' and '-', at most 64 characters",
                )
            ]
        )
    context = _Context()
    with _no_gc():
        return _read(data, context, framework_id, source, progress)


@contextlib.contextmanager
def _no_gc() -> Iterator[None]:
    """No cyclic garbage collection while a package is read.

    A package is millions of dicts, lists and strings, none of them in reference
    cycles; each time allocations pass the collector's threshold it would walk all of
    them again, which (measured) takes longer than the reading itself.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _read(
    data: bytes,
    context: _Context,
    framework_id: str | None,
    source: str,
    progress: Progress | None,
) -> ImportResult:
    package = _parse(data, context)
    prefix = ""
    if isinstance(package, dict) and "CFDocument" not in package:
        wrapped = package.get("CFPackage")
        if isinstance(wrapped, dict) and "CFDocument" in wrapped:
            package, prefix = wrapped, "CFPackage."
            context.count("wrapped")
            context.prefix = prefix
    if not isinstance(package, dict) or "CFDocument" not in package:
        raise _not_a_package(package)
    context.extra_keys(package, PACKAGE_KEYS)
    reader = _Reader(package, prefix, context, source, progress)
    framework_data = reader.read()
    if framework_id is not None:
        framework_data["id"] = framework_id
    framework = _build(framework_data, reader)
    return ImportResult(framework, _notes(context, reader), "case")


class _Reader:
    """One pass over the items, one over the associations, then the tree."""

    def __init__(
        self,
        package: dict[str, Any],
        prefix: str,
        context: _Context,
        source: str,
        progress: Progress | None,
    ) -> None:
        self.package = package
        self.prefix = prefix
        self.context = context
        self.source = source
        self.progress = progress
        #: True when our extension holds data only the models can check.
        self.checked = False
        self.rubrics = 0
        self.outside = 0
        self.reordered_groups = 0
        self.items: list[dict[str, Any]] = []  # competency data, in CFItems order
        self.item_ext: list[dict[str, Any] | None] = []
        self.item_where: list[int] = []  # CFItems position of each kept item
        self.by_identifier: dict[str, int] = {}
        self.by_uri: dict[str, int] | None = None
        self.lowered: dict[str, int] | None = None
        # isChildOf links of each item: (parent number, -1 for the document, None for
        # outside the package; sequenceNumber; CFAssociations position; record)
        self.parents: list[list[tuple[Any, ...]]] = []
        self.others: list[tuple[int, dict[str, Any]]] = []  # (position, record)

    def path(self, rest: str) -> str:
        return f"{self.prefix}{rest}"

    def read(self) -> dict[str, Any]:
        context = self.context
        document, fields = self.document()
        items_raw = self._list("CFItems")
        links_raw = self._list("CFAssociations")
        rubrics = self.package.get("CFRubrics")
        self.rubrics = len(rubrics) if isinstance(rubrics, list) else 0
        context.raise_problems()
        self.total = len(items_raw) + len(links_raw)
        self.read_items(items_raw)
        context.raise_problems()
        self.read_links(links_raw)
        context.raise_problems()
        ext = self.doc_ext = _extension(document)
        order = self.tree(listed=bool(ext) and ext.get("itemOrder") == "listed")
        context.raise_problems()
        framework = self.framework_level(fields, ext)
        framework["items"] = self.competencies(order)
        framework["associations"] = self.associations()
        context.raise_problems()
        if self.progress is not None:
            self.progress(self.total, self.total)
        return framework

    def _list(self, key: str) -> list[Any]:
        value = self.package.get(key)
        if value is None:
            return []
        if not isinstance(value, list):
            self.context.problem(self.path(key), f"expected a list, found {describe(value)}")
            return []
        return value

    # -- the document ------------------------------------------------------------------

    def document(self) -> tuple[dict[str, Any], dict[str, Any]]:
        context = self.context
        document = self.package["CFDocument"]
        where = self.path("CFDocument")
        if not isinstance(document, dict):
            context.problem(where, f"expected a JSON object, found {describe(document)}")
            context.raise_problems()
        context.extra_keys(document, DOCUMENT_KEYS)
        context.timestamp(document.get("lastChangeDateTime"))
        for key in ("identifier", "title"):
            value = document.get(key)
            if value is None or (isinstance(value, str) and not value.strip()):
                context.problem(f"{where}.{key}", "required field is missing")
        definitions = self.package.get("CFDefinitions")
        if isinstance(definitions, dict):
            context.extra_keys(definitions, DEFINITIONS_KEYS)
            for entries in definitions.values():
                for entry in entries if isinstance(entries, list) else []:
                    if isinstance(entry, dict):
                        context.timestamp(entry.get("lastChangeDateTime"))
        self.index = definitions_index(definitions)
        fields = framework_fields(document, self.index, context, where, self.source)
        context.raise_problems()
        context.identifier_kind(fields["identifier"])
        self.doc_identifier = fields["identifier"]
        self.doc_lower = self.doc_identifier.lower()
        self.doc_uri = fields["uri"]
        return document, fields

    def is_document(self, identifier: str, uri: Any) -> bool:
        return (
            identifier == self.doc_identifier
            or (bool(uri) and uri == self.doc_uri)
            or (len(identifier) == len(self.doc_lower) and identifier.lower() == self.doc_lower)
        )

    # -- items ---------------------------------------------------------------------------

    def read_items(self, items_raw: list[Any]) -> None:
        context, index, prefix = self.context, self.index, self.prefix
        items, item_ext, item_where = self.items, self.item_ext, self.item_where
        by_identifier = self.by_identifier
        doc_identifier = self.doc_identifier
        progress, total = self.progress, self.total
        for position, raw in enumerate(items_raw):
            if progress is not None and position % 1000 == 999:
                progress(position + 1, total)
            if raw.__class__ is not dict:
                where = f"{prefix}CFItems[{position}]"
                context.problem(where, f"expected a JSON object, found {describe(raw)}")
                continue
            identifier = raw.get("identifier")
            if identifier.__class__ is not str or not identifier or identifier.isspace():
                where = f"{prefix}CFItems[{position}].identifier"
                if identifier is None or identifier.__class__ is str:
                    context.problem(where, "required field is missing")
                else:
                    context.problem(where, f"expected text, found {describe(identifier)}")
                continue
            seen = by_identifier.get(identifier)
            if seen is not None or identifier == doc_identifier:
                where = f"{prefix}CFItems[{position}].identifier"
                if seen is None:
                    context.problem(
                        where, f"'{shorten(identifier)}' is the CFDocument's identifier"
                    )
                elif _same(items_raw[item_where[seen]], raw):
                    context.count("item-copies")
                else:
                    context.problem(
                        where,
                        f"'{shorten(identifier)}' is also the identifier of "
                        f"{prefix}CFItems[{item_where[seen]}], with different content",
                    )
                continue
            if not raw.keys() <= ITEM_KEYS:
                extra = raw.keys() - ITEM_KEYS
                extra.discard("educationalLevel")
                if extra:
                    context.count("extra", len(extra))
                    context.names.setdefault("extra", set()).update(extra)
            stamp = raw.get("lastChangeDateTime")
            if (
                stamp.__class__ is str
                and stamp
                and not (len(stamp) > 6 and stamp[-3] == ":" and stamp[-6] in "+-")
                and not _has_zone(stamp)
            ):
                context.count("zoneless")
            if not (
                len(identifier) == 36
                and identifier[8] == "-"
                and identifier[14] in "12345678"
                and identifier[19] in "89abAB"
                and identifier[23] == "-"
            ):
                context.identifier_kind(identifier)
            item = item_fields(raw, index, context, position)
            by_identifier[identifier] = len(items)
            item_where.append(position)
            items.append(item)
            item_ext.append(_extension(raw) if "extensions" in raw else None)
        self.parents = [[] for _ in items]

    def find(self, identifier: Any, uri: Any) -> int | None:
        """The item a link points at: by identifier, then by URI, then ignoring case."""
        found = self.by_identifier.get(identifier)
        if found is not None:
            return found
        if uri:
            if self.by_uri is None:
                self.by_uri = {}
                for number, item in enumerate(self.items):
                    self.by_uri.setdefault(item["uri"], number)
                self.by_uri.pop("", None)
            found = self.by_uri.get(uri)
            if found is not None:
                return found
        if identifier.__class__ is not str:
            return None
        if self.lowered is None:
            self.lowered = {}
            for key, number in self.by_identifier.items():
                self.lowered[key.lower()] = -1 if key.lower() in self.lowered else number
        found = self.lowered.get(identifier.lower())
        return None if found == -1 else found

    # -- associations --------------------------------------------------------------------

    def read_links(self, links_raw: list[Any]) -> None:
        context, prefix = self.context, self.prefix
        parents, others = self.parents, self.others
        find, is_document = self.find, self.is_document
        by_identifier, doc_identifier = self.by_identifier, self.doc_identifier
        seen: dict[str, int] = {}  # identifier -> CFAssociations position
        progress, total, done = self.progress, self.total, len(self.items)
        for position, raw in enumerate(links_raw):
            if progress is not None and position % 1000 == 999:
                progress(done + position + 1, total)
            if raw.__class__ is not dict:
                where = f"{prefix}CFAssociations[{position}]"
                context.problem(where, f"expected a JSON object, found {describe(raw)}")
                continue
            get = raw.get
            identifier = get("identifier")
            if identifier.__class__ is str and identifier:
                first = seen.get(identifier)
                if first is not None:
                    if _same(links_raw[first], raw):
                        context.count("link-copies")
                    else:
                        context.problem(
                            f"{prefix}CFAssociations[{position}].identifier",
                            f"'{shorten(identifier)}' is also the identifier of "
                            f"{prefix}CFAssociations[{first}], with different content",
                        )
                    continue
                seen[identifier] = position
                if not _looks_like_uuid(identifier):
                    context.identifier_kind(identifier)
            elif identifier is None or identifier == "":
                context.count("link-without-id")
            if not raw.keys() <= ASSOCIATION_KEYS:
                context.extra_keys(raw, ASSOCIATION_KEYS)
            stamp = get("lastChangeDateTime")
            if stamp.__class__ is str and stamp and not _zone_said(stamp):
                context.count("zoneless")
            kind = get("associationType")
            if kind == "isChildOf":  # the usual case, settled with two dict lookups
                origin, destination = get("originNodeURI"), get("destinationNodeURI")
                if origin.__class__ is dict and destination.__class__ is dict:
                    origin_id = origin.get("identifier")
                    destination_id = destination.get("identifier")
                    if origin_id.__class__ is str and destination_id.__class__ is str:
                        child = by_identifier.get(origin_id)
                        parent = (
                            -1
                            if destination_id == doc_identifier
                            else by_identifier.get(destination_id)
                        )
                        if child is not None and parent is not None:
                            sequence = get("sequenceNumber")
                            if sequence is not None and sequence.__class__ is not int:
                                sequence = _sequence(sequence, context)
                            parents[child].append((parent, sequence, position, raw))
                            continue
            origin = _node(get("originNodeURI"))
            destination = _node(get("destinationNodeURI"))
            if not (
                kind.__class__ is str
                and kind
                and origin[0].__class__ is str
                and origin[0]
                and destination[0].__class__ is str
                and destination[0]
            ):
                self._bad_link(raw, position)
                continue
            origin_item = find(origin[0], origin[1])
            if kind == "isChildOf":
                if origin_item is None:
                    if is_document(origin[0], origin[1]):
                        what = "the CFDocument"
                    elif origin[2].__class__ is str and origin[2].strip():
                        what = f"'{shorten(origin[2])}' ({shorten(origin[0])})"
                    else:
                        what = f"'{shorten(origin[0])}'"
                    context.problem(
                        f"{prefix}CFAssociations[{position}].originNodeURI",
                        f"isChildOf link from {what}, which is not an item of this package",
                    )
                    continue
                parent = -1 if is_document(destination[0], destination[1]) else None
                if parent is None:
                    parent = find(destination[0], destination[1])
                sequence = get("sequenceNumber")
                if sequence is not None and sequence.__class__ is not int:
                    sequence = _sequence(sequence, context)
                parents[origin_item].append((parent, sequence, position, raw))
                continue
            if origin_item is None:
                turned = None
                if kind in SYMMETRIC_TYPES and not is_document(destination[0], destination[1]):
                    turned = find(destination[0], destination[1])
                if turned is None:
                    context.count("skipped-origin")
                    continue
                context.count("turned")
                others.append((position, {"raw": raw, "origin": turned, "turned": True}))
                continue
            others.append((position, {"raw": raw, "origin": origin_item}))

    def _bad_link(self, raw: dict[str, Any], position: int) -> None:
        """Say what makes this association unusable."""
        context = self.context
        where = f"{self.prefix}CFAssociations[{position}]"
        kind = raw.get("associationType")
        if kind is None or kind == "":
            context.problem(f"{where}.associationType", "required field is missing")
        elif kind.__class__ is not str:
            context.problem(f"{where}.associationType", f"expected text, found {describe(kind)}")
        for key in ("originNodeURI", "destinationNodeURI"):
            node = raw.get(key)
            if node is None:
                context.problem(f"{where}.{key}", "required field is missing")
            elif not isinstance(node, dict | str):
                context.problem(f"{where}.{key}", f"expected a JSON object, found {describe(node)}")
            else:
                identifier = _node(node)[0]
                if identifier is None or identifier == "":
                    context.problem(f"{where}.{key}.identifier", "required field is missing")
                elif identifier.__class__ is not str:
                    context.problem(
                        f"{where}.{key}.identifier", f"expected text, found {describe(identifier)}"
                    )

    # -- the tree ------------------------------------------------------------------------

    def tree(self, listed: bool) -> list[int]:
        """Item numbers in framework order (parents first); sets ``self.parent_of``."""
        context = self.context
        count = len(self.items)
        parent_of = [-1] * count
        sequence_of: list[int | None] = [None] * count
        link_of: list[int | None] = [None] * count
        for child, links in enumerate(self.parents):
            if len(links) == 1 and links[0][0] is not None:  # the usual case
                parent_of[child], sequence_of[child], link_of[child] = links[0][:3]
                continue
            if not links:
                context.count("orphans")
                continue
            # The first link to an item of the package (or the document) is the parent;
            # the others are kept as isChildOf associations.
            primary = next((link for link in links if link[0] is not None), None)
            if primary is None:
                context.count("outside-parent")
            else:
                parent_of[child], sequence_of[child], link_of[child] = primary[:3]
            if any(link is not primary and link[0] is not None for link in links):
                context.count("second-parent")
            for link in links:
                if link is not primary:
                    record = {"raw": link[3], "origin": child, "sequence": link[1]}
                    self.others.append((link[2], record))
        self.parent_of = parent_of
        children: dict[int, list[int]] = {}
        for child, parent in enumerate(parent_of):
            group = children.get(parent)
            if group is None:
                children[parent] = [child]
            else:
                group.append(child)
        if listed:
            order = list(range(count))
        else:
            for group in children.values():
                if len(group) > 1:
                    self._sort(group, sequence_of)
            order = []
            stack = list(reversed(children.get(-1, [])))
            while stack:
                node = stack.pop()
                order.append(node)
                kids = children.get(node)
                if kids:
                    stack.extend(reversed(kids))
        if listed or len(order) < count:
            self._cycles(parent_of, link_of)
        return order

    def _sort(self, group: list[int], sequence_of: list[int | None]) -> None:
        """Siblings by sequenceNumber, then in package order (see the module notes)."""
        if any(sequence_of[child] is not None for child in group):
            group.sort(key=lambda c: (sequence_of[c] is None, sequence_of[c] or 0, c))
        tail = [child for child in group if sequence_of[child] is None]
        if len(tail) < 2:
            return
        # A package that lists unnumbered siblings in plain alphabetical order of their
        # codes (L1.1, L1.10, L1.2) says nothing about their order but the codes do:
        # compare the numbers in them as numbers (L1.1, L1.2, L1.10). Any other order
        # was chosen by someone and is kept.
        codes = [self.items[child]["code"] for child in tail]
        if not all(codes) or any(a > b for a, b in itertools.pairwise(codes)):
            return
        natural = sorted(tail, key=lambda c: _natural_key(self.items[c]["code"]))
        if natural != tail:
            self.reordered_groups += 1
            group[len(group) - len(tail) :] = natural

    def _cycles(self, parent_of: list[int], link_of: list[int | None]) -> None:
        state = [0] * len(parent_of)  # 0 not seen, 1 on the current walk, 2 done
        for start in range(len(parent_of)):
            walk = []
            node = start
            while node != -1 and state[node] == 0:
                state[node] = 1
                walk.append(node)
                node = parent_of[node]
            if node != -1 and state[node] == 1:
                cycle = walk[walk.index(node) :]
                names = [self._name(member) for member in cycle]
                self.context.problem(
                    f"{self.prefix}CFAssociations[{link_of[cycle[0]]}]",
                    "isChildOf links form a cycle: " + " -> ".join([*names, names[0]]),
                )
            for member in walk:
                state[member] = 2

    def _name(self, number: int) -> str:
        item = self.items[number]
        return shorten(item["code"] or item["identifier"])

    # -- the framework ---------------------------------------------------------------------

    def framework_level(self, fields: dict[str, Any], ext: dict[str, Any] | None) -> dict[str, Any]:
        context = self.context
        framework: dict[str, Any] = {
            "schema_version": 1,
            "id": framework_id_for(fields["title"]),
            **fields,
            "scale": [],
            "extensions": {},
        }
        if ext:
            where = self.path(f"CFDocument.extensions.{EXTENSION}")
            candidate = ext.get("id")
            if (
                isinstance(candidate, str)
                and len(candidate) <= 64
                and FRAMEWORK_ID_RE.match(candidate)
            ):
                framework["id"] = candidate
            for key, kind in FRAMEWORK_OVERRIDES.items():
                if key in ext:
                    framework[key] = context.convert(kind, ext[key], f"{where}.{key}")
            source = ext.get("source")
            if isinstance(source, dict):
                for key, kind in SOURCE_OVERRIDES.items():
                    if key in source:
                        value = context.convert(kind, source[key], f"{where}.source.{key}")
                        framework["source"][key] = value
            for key in ("scale", "extensions"):
                if key in ext:
                    framework[key] = ext[key]
                    self.checked = True
        return framework

    def competencies(self, order: list[int]) -> list[dict[str, Any]]:
        context, items = self.context, self.items
        ids = ItemIds()
        given: dict[int, str] = {}
        for number, ext in enumerate(self.item_ext):
            candidate = ext.get("id") if ext else None
            if (
                isinstance(candidate, str)
                and len(candidate) <= 100
                and ITEM_ID_RE.match(candidate)
                and candidate not in ids.used
            ):
                ids.used.add(candidate)
                given[number] = candidate
        make, used = ids.make, ids.used
        clean_id = _CLEAN_ID.fullmatch
        for number in order:
            item = items[number]
            code = item["code"]
            if not given and code not in used and clean_id(code):  # what make() would give
                used.add(code)
                item["id"] = code
            else:
                item["id"] = given.get(number) or make(code, item["identifier"])
        parent_of = self.parent_of
        ours = self.doc_ext is not None  # pbl-author wrote this package
        base = self.doc_ext.get("baseUrl") if ours else ""
        base = base if isinstance(base, str) else ""
        out: list[dict[str, Any]] = []
        for number in order:
            item = items[number]
            parent = parent_of[number]
            if parent != -1:
                item["parent"] = items[parent]["id"]
            ext = self.item_ext[number]
            if ours:  # an identifier or URI pbl-author made for an item that had none
                identifier = item["identifier"]
                if (not ext or "uri" not in ext) and item["uri"] == made_uri(
                    base, "CFItems", identifier
                ):
                    item["uri"] = ""
                if (not ext or "identifier" not in ext) and identifier == name_uuid(
                    self.doc_identifier, "item", item["id"]
                ):
                    item["identifier"] = ""
            if ext:
                where = self.path(f"CFItems[{self.item_where[number]}].extensions.{EXTENSION}")
                for key, kind in ITEM_OVERRIDES.items():
                    if key in ext:
                        item[key] = context.convert(kind, ext[key], f"{where}.{key}")
                for key in ITEM_MODEL_OVERRIDES:
                    if key in ext:
                        item[key] = ext[key]
                        self.checked = True
            out.append(item)
        self.order = order
        return out

    def associations(self) -> list[dict[str, Any]]:
        context, items, prefix = self.context, self.items, self.prefix
        out: list[dict[str, Any]] = []
        self.others.sort(key=lambda pair: pair[0])
        for position, record in self.others:
            raw = record["raw"]
            where = f"{prefix}CFAssociations[{position}]"
            get = raw.get
            origin_key, destination_key = "originNodeURI", "destinationNodeURI"
            if record.get("turned"):
                origin_key, destination_key = destination_key, origin_key
            identifier, uri, title = _node(get(destination_key))
            target = None if self.is_document(identifier, uri) else self.find(identifier, uri)
            link = f"{where}.{destination_key}"
            association = {
                "kind": context.text(get("associationType"), where, "associationType", True),
                "origin": items[record["origin"]]["id"],
                "destination": items[target]["id"] if target is not None else None,
                "external_identifier": "",
                "external_uri": "",
                "external_title": "",
                "sequence": record["sequence"]
                if "sequence" in record
                else _sequence(get("sequenceNumber"), context),
                "identifier": context.text(get("identifier"), where, "identifier", True),
            }
            if target is None:
                association["external_identifier"] = context.text(
                    identifier, link, "identifier", True
                )
                association["external_uri"] = context.text(uri, link, "uri", True)
                association["external_title"] = context.text(title, link, "title", True)
                if not self.is_document(identifier, uri):
                    self.outside += 1
            ext = _extension(raw) if "extensions" in raw else None
            if ext:
                where = f"{where}.extensions.{EXTENSION}"
                for key, kind in ASSOCIATION_OVERRIDES.items():
                    if key in ext:
                        association[key] = context.convert(kind, ext[key], f"{where}.{key}")
                if "sequence" in ext:
                    association["sequence"] = _sequence(ext["sequence"], context)
                if association["destination"] is None and not (
                    association["external_identifier"] or association["external_uri"]
                ):
                    context.problem(where, "an external link needs an identifier or a URI")
            out.append(association)
        return out


def _same(first: dict[str, Any], second: dict[str, Any]) -> bool:
    """The same record, timestamps aside."""
    if first == second:
        return True
    skip = "lastChangeDateTime"
    return {k: v for k, v in first.items() if k != skip} == {
        k: v for k, v in second.items() if k != skip
    }


def _sequence(value: Any, context: _Context) -> int | None:
    if value is None or value.__class__ is int:
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and value.strip().lstrip("-").isdigit():
        return int(value.strip())
    context.count("bad-sequence")
    return None


# -- building the models ---------------------------------------------------------------


def _fast_buildable(model: type, fields: tuple[str, ...]) -> bool:
    return (
        tuple(model.model_fields) == fields
        and not model.__private_attributes__
        and model.__pydantic_post_init__ is None
        and not model.__pydantic_decorators__.model_validators
    )


#: The fast builder knows exactly these models; should they change, imports validate.
FAST = _fast_buildable(Competency, COMPETENCY_FIELDS) and _fast_buildable(
    Association, ASSOCIATION_FIELDS
)


def _instances(model: type, records: list[dict[str, Any]], names: tuple[str, ...]) -> list[Any]:
    """Models from records the reader has already checked, without validating again.

    What the model would check was checked while reading: every text by
    ``_Context.text`` (the same length limits and characters, labels on one line),
    every id by ``ItemIds``, every parent and link by the reader, the tree for cycles.
    This is what ``BaseModel.model_construct`` does, minus its per-call introspection
    of default factories; tests check ``Framework.model_validate(f.model_dump()) == f``
    for every package they read.
    """
    new = model.__new__
    set_attribute = object.__setattr__
    every_field = set(names)
    out = []
    append = out.append
    for record in records:
        instance = new(model)
        set_attribute(instance, "__dict__", record)
        set_attribute(instance, "__pydantic_fields_set__", every_field.copy())
        set_attribute(instance, "__pydantic_extra__", None)
        set_attribute(instance, "__pydantic_private__", None)
        append(instance)
    return out


def _build(data: dict[str, Any], reader: _Reader) -> Framework:
    if reader.checked or not FAST:
        try:
            return validate_as(Framework, data)
        except DocumentError as exc:
            raise DocumentError(
                [_in_package(problem, reader) for problem in exc.problems]
            ) from None
    items = _instances(Competency, data.pop("items"), COMPETENCY_FIELDS)
    links = _instances(Association, data.pop("associations"), ASSOCIATION_FIELDS)
    source = Source.model_construct(**data.pop("source"))
    return Framework.model_construct(**data, source=source, items=items, associations=links)


_ITEM_PATH = re.compile(r"items\[(\d+)\]\.?")


def _in_package(problem: Problem, reader: _Reader) -> Problem:
    """A model problem with our extension data, located in the package."""
    match = _ITEM_PATH.match(problem.path)
    if match:
        number = reader.order[int(match.group(1))]
        rest = problem.path[match.end() :]
        where = reader.path(f"CFItems[{reader.item_where[number]}].extensions.{EXTENSION}")
    else:
        rest = problem.path
        where = reader.path(f"CFDocument.extensions.{EXTENSION}")
    return Problem(f"{where}.{rest}" if rest else where, problem.message)


# -- notes -------------------------------------------------------------------------------


def _listed(names: set[str], limit: int = 4) -> str:
    shown = sorted(names)[:limit]
    return ", ".join(shown) + (", ..." if len(names) > limit else "")


def _notes(context: _Context, reader: _Reader) -> list[str]:
    """Short sentences on what was tolerated, in a fixed order."""
    counts = {**context.counts, "outside": reader.outside, "sorted": reader.reordered_groups}
    examples = context.examples

    def s(n: int, one: str, many: str) -> str:
        return one if n == 1 else many

    rules: list[tuple[str, Callable[[int], str]]] = [
        ("bom", lambda n: "a UTF-8 byte-order mark at the start was skipped"),
        ("wrapped", lambda n: "the package was wrapped in a 'CFPackage' object"),
        (
            "extra",
            lambda n: (
                f"{count_note(n, 'non-standard key')} ignored ({_listed(context.names['extra'])})"
            ),
        ),
        ("zoneless", lambda n: f"{count_note(n, 'timestamp')} without a time zone"),
        (
            "educational",
            lambda n: f"'educationalLevel' read as 'educationLevel' ({count_note(n, 'item')})",
        ),
        (
            "placeholder",
            lambda n: (
                f"placeholder identifiers accepted ({n}, for example {examples['placeholder']})"
            ),
        ),
        (
            "not-uuid",
            lambda n: (
                f"{count_note(n, 'identifier')} that {s(n, 'is', 'are')} not a UUID "
                f"kept as {s(n, 'it is', 'they are')} (for example {shorten(examples['not-uuid'])})"
            ),
        ),
        (
            "outside",
            lambda n: (
                f"{count_note(n, 'association')} point{s(n, 's', '')} outside the "
                "package (kept as external links)"
            ),
        ),
        (
            "turned",
            lambda n: (
                f"{count_note(n, 'association')} from outside the package turned "
                "around (the link reads both ways)"
            ),
        ),
        (
            "skipped-origin",
            lambda n: (
                f"{count_note(n, 'association')} skipped: the origin is not an item of this package"
            ),
        ),
        (
            "item-copies",
            lambda n: (
                f"{count_note(n, 'item')} listed twice with the same content (the copy was skipped)"
            ),
        ),
        (
            "link-copies",
            lambda n: (
                f"{count_note(n, 'association')} listed twice with the same content "
                "(the copy was skipped)"
            ),
        ),
        ("link-without-id", lambda n: f"{count_note(n, 'association')} without an identifier"),
        (
            "orphans",
            lambda n: f"{count_note(n, 'item')} without an isChildOf link placed at the top level",
        ),
        (
            "outside-parent",
            lambda n: (
                f"{count_note(n, 'item')} whose parent is outside the package placed "
                "at the top level"
            ),
        ),
        (
            "second-parent",
            lambda n: f"{count_note(n, 'item')} with a second parent (kept as isChildOf links)",
        ),
        (
            "sorted",
            lambda n: (
                f"{count_note(n, 'group')} of siblings listed alphabetically put in the "
                "order of the numbers in their codes (2 before 10)"
            ),
        ),
        (
            "no-statement",
            lambda n: (
                f"{count_note(n, 'item')} without a fullStatement (the short statement "
                "or the code is shown)"
            ),
        ),
        (
            "bad-sequence",
            lambda n: (
                f"{count_note(n, 'sequenceNumber')} that {s(n, 'is', 'are')} not a "
                "whole number ignored"
            ),
        ),
        ("numbers", lambda n: f"{count_note(n, 'number')} read as text"),
        ("controls", lambda n: f"{count_note(n, 'control character')} removed from texts"),
        (
            "folded",
            lambda n: (
                f"line breaks in {count_note(n, 'one-line field')} (codes, titles) "
                "replaced by spaces"
            ),
        ),
        ("cut", lambda n: f"{count_note(n, 'text')} too long for pbl-author cut short"),
    ]
    notes = [render(counts[key]) for key, render in rules if counts.get(key)]
    if reader.rubrics:
        notes.append(
            f"{count_note(reader.rubrics, 'CFRubric')} not imported (a framework holds no rubrics)"
        )
    if not reader.items:
        notes.append("the package has no CFItems")
    return notes
