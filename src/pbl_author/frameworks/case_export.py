"""CASE export: a framework, or a unit's rubrics, as a CASE 1.1 CFPackage.

The output is strict: it validates against the official 1EdTech CASE 1.1 CFPackage
JSON Schema (lower-case UUIDs, date-times with a time zone, URIs as LinkURI objects),
and it is deterministic: the same framework gives the same bytes, so re-exports keep
their identifiers and diff cleanly.

- Identifiers: an item's own CASE identifier is kept when it is a valid UUID; any
  other identifier is made with UUIDv5 from a fixed namespace and stable names (the
  framework and item ids), so it is the same at every export.
- ``lastChangeDateTime`` is a fixed instant (``LAST_CHANGE``) unless the caller gives
  one: pbl-author does not keep edit times, and a clock would break byte-identity.
- URIs: kept when the framework has them; else ``{base_url}/ims/case/v1p1/...`` when a
  base URL is given, else ``urn:uuid:...``.
- The tree becomes ``isChildOf`` associations with ``sequenceNumber`` (1, 2, ... among
  siblings); every other association is kept, external ones pointing outside.

What CASE has no place for (the framework's scale, level descriptors, indicators, our
ids, ...) travels in ``extensions.pblAuthor`` (CASE 1.1 allows extension objects), so
that ``read_case_package(write_case_package(f)).framework == f``. Other CASE tools
ignore it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from ..files.jsontext import dump_json
from ..model import Framework, Unit
from ..model.framework import Competency
from .case_import import (
    EXTENSION,
    _Context,
    definitions_index,
    framework_fields,
    item_fields,
    made_uri,
    name_uuid,
)
from .importing import ItemIds

#: lastChangeDateTime of everything exported, unless the caller gives one.
LAST_CHANGE = "2000-01-01T00:00:00+00:00"
CASE_VERSION = "1.1"
#: The association types CASE 1.1 defines; others are written as ``ext:Name``.
ASSOCIATION_TYPES = frozenset(
    {
        "isChildOf", "isPeerOf", "isPartOf", "exactMatchOf", "precedes", "isRelatedTo",
        "replacedBy", "exemplar", "hasSkillLevel", "isTranslationOf",
    }
)  # fmt: skip

_VALID_UUID = re.compile(
    r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[1-8][0-9a-fA-F]{3}-[89abAB][0-9a-fA-F]{3}-[0-9a-fA-F]{12}"
)
_EXT_TYPE = re.compile(r"ext:[A-Za-z0-9._-]+")
_DATE_TIME = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?(?:Z|[+-]\d\d:\d\d)", re.ASCII)


def _valid_uuid(value: str) -> bool:
    return bool(value) and _VALID_UUID.fullmatch(value) is not None


def _number(value: float) -> int | float:
    return int(value) if float(value).is_integer() else value


def _one_line(text: str, limit: int = 80) -> str:
    line = " ".join(text.split())
    return line if len(line) <= limit else line[: limit - 1] + "…"


class _Writer:
    """Identifiers, URIs and item types shared by one package's parts."""

    def __init__(self, base_url: str | None, last_change: str | None) -> None:
        if last_change is not None and not _DATE_TIME.fullmatch(last_change):
            raise ValueError(
                f"last_change must be an ISO 8601 date-time with a time zone, not {last_change!r}"
            )
        self.base = base_url.rstrip("/") if base_url else ""
        self.stamp = last_change or LAST_CHANGE
        self.used: set[str] = set()
        self.types: dict[str, dict[str, Any]] = {}
        self.licenses: dict[str, dict[str, Any]] = {}

    def identifier(self, own: str, *names: str) -> str:
        """``own`` (lower-cased) when it is a valid UUID not used yet, else a made one."""
        candidate = own.lower() if _valid_uuid(own) else ""
        if not candidate or candidate in self.used:
            candidate = name_uuid(*names)
            number = 2
            while candidate in self.used:  # only when the same names come twice
                candidate = name_uuid(*names, str(number))
                number += 1
        self.used.add(candidate)
        return candidate

    def uri(self, kind: str, identifier: str) -> str:
        return made_uri(self.base, kind, identifier)

    def item_type(self, title: str) -> dict[str, str]:
        """The CFItemTypeURI link for ``title``, defining the type once."""
        found = self.types.get(title)
        if found is None:
            identifier = name_uuid("item-type", title)
            found = {
                "identifier": identifier,
                "uri": self.uri("CFItemTypes", identifier),
                "title": title,
                "description": title,
                "hierarchyCode": str(len(self.types) + 1),
                "typeCode": title,
                "lastChangeDateTime": self.stamp,
            }
            self.types[title] = found
        return {"title": title, "identifier": found["identifier"], "uri": found["uri"]}

    def license(self, text: str) -> dict[str, str]:
        found = self.licenses.get(text)
        if found is None:
            identifier = name_uuid("license", text)
            found = {
                "identifier": identifier,
                "uri": self.uri("CFLicenses", identifier),
                "title": text,
                "licenseText": text,
                "lastChangeDateTime": self.stamp,
            }
            self.licenses[text] = found
        return {"title": text, "identifier": found["identifier"], "uri": found["uri"]}

    def definitions(self) -> dict[str, list[dict[str, Any]]]:
        return {
            "CFConcepts": [],
            "CFSubjects": [],
            "CFLicenses": list(self.licenses.values()),
            "CFItemTypes": list(self.types.values()),
            "CFAssociationGroupings": [],
        }

    def child_of(
        self, name: str, origin: dict[str, str], destination: dict[str, str], sequence: int
    ) -> dict[str, Any]:
        identifier = self.identifier("", name, "isChildOf", origin["identifier"],
                                     destination["identifier"])  # fmt: skip
        return {
            "identifier": identifier,
            "uri": self.uri("CFAssociations", identifier),
            "associationType": "isChildOf",
            "sequenceNumber": sequence,
            "originNodeURI": origin,
            "destinationNodeURI": destination,
            "lastChangeDateTime": self.stamp,
        }


def _link(node: dict[str, Any], title: str) -> dict[str, str]:
    return {"title": title, "identifier": node["identifier"], "uri": node["uri"]}


def _item_title(code: str, statement: str) -> str:
    return code or _one_line(statement) or "item"


# -- a framework -------------------------------------------------------------------------


def write_case_package(
    framework: Framework, *, base_url: str | None = None, last_change: str | None = None
) -> bytes:
    """``framework`` as a CASE 1.1 CFPackage (UTF-8 JSON, two-space indent, final newline)."""
    return dump_json(case_package(framework, base_url=base_url, last_change=last_change)).encode(
        "utf-8"
    )


def case_package(
    framework: Framework, *, base_url: str | None = None, last_change: str | None = None
) -> dict[str, Any]:
    """The CFPackage of ``framework`` as plain data (see ``write_case_package``)."""
    writer = _Writer(base_url, last_change)
    stamp = writer.stamp
    doc_id = writer.identifier(framework.identifier, "framework", framework.id)
    document: dict[str, Any] = {
        "identifier": doc_id,
        "uri": framework.uri or writer.uri("CFDocuments", doc_id),
        "creator": framework.publisher,
        "title": framework.title if framework.title.strip() else framework.id,
        "lastChangeDateTime": stamp,
        "caseVersion": CASE_VERSION,
    }
    optional = {
        "officialSourceURL": framework.source.url,
        "publisher": framework.source.name,
        "description": framework.description,
        "subject": list(framework.subjects),
        "language": framework.language,
        "version": framework.version,
        "licenseURI": writer.license(framework.source.license) if framework.source.license else "",
        "notes": framework.source.note,
    }
    document.update((key, value) for key, value in optional.items() if value)
    doc_link = _link(document, document["title"])

    # Items, with what CASE cannot say kept in their extension.
    nodes: dict[str, dict[str, Any]] = {}
    items: list[dict[str, Any]] = []
    check = _Context()
    for item in framework.items:
        identifier = writer.identifier(item.identifier, doc_id, "item", item.id)
        node: dict[str, Any] = {
            "identifier": identifier,
            "uri": item.uri or writer.uri("CFItems", identifier),
            "fullStatement": item.statement,
        }
        if item.code:
            node["humanCodingScheme"] = item.code
        if item.abbreviated_statement:
            node["abbreviatedStatement"] = item.abbreviated_statement
        node["CFItemType"] = item.type
        node["CFItemTypeURI"] = writer.item_type(item.type)
        if item.education_levels:
            node["educationLevel"] = list(item.education_levels)
        if item.keywords:
            node["conceptKeywords"] = list(item.keywords)
        if item.notes:
            node["notes"] = item.notes
        node["lastChangeDateTime"] = stamp
        native = item_fields(node, {"types": {}, "licenses": {}}, check, "")
        ours = _item_extension(item, native, name_uuid(doc_id, "item", item.id), writer)
        if ours:
            node["extensions"] = {EXTENSION: ours}
        nodes[item.id] = node
        items.append(node)

    # The tree, then every other association.
    links: list[dict[str, Any]] = []
    siblings: dict[str | None, int] = {}
    for item in framework.items:
        node = nodes[item.id]
        siblings[item.parent] = position = siblings.get(item.parent, 0) + 1
        parent = nodes[item.parent] if item.parent is not None else None
        destination = doc_link if parent is None else _link(parent, _title(parent))
        links.append(writer.child_of(doc_id, _link(node, _title(node)), destination, position))
    seen: dict[tuple[str, ...], int] = {}
    for association in framework.associations:
        links.append(_association(association, nodes, writer, doc_id, seen))

    package: dict[str, Any] = {
        "CFDocument": document,
        "CFItems": items,
        "CFAssociations": links,
        "CFDefinitions": writer.definitions(),
    }
    ours = _framework_extension(framework, document, package["CFDefinitions"], writer.base)
    if ours:
        document["extensions"] = {EXTENSION: ours}
    return package


def _title(node: dict[str, Any]) -> str:
    return _item_title(node.get("humanCodingScheme", ""), node["fullStatement"])


def _item_extension(
    item: Competency, native: dict[str, Any], made: str, writer: _Writer
) -> dict[str, Any]:
    """What the importer would not read back from the CFItem as ``item`` holds it.

    An identifier or URI made for an item that had none is recognised by the importer
    (it is the one it would make itself), so it needs no word here; one the item had
    that merely looks made must then be said.
    """
    ours: dict[str, Any] = {}
    if item.id != ItemIds.clean(item.code) or not item.code:
        ours["id"] = item.id
    identifier, uri = native["identifier"], native["uri"]
    generated_uri = writer.uri("CFItems", identifier)
    for key, own, written, generated in (
        ("identifier", item.identifier, identifier, made),
        ("uri", item.uri, uri, generated_uri),
    ):
        # Kept: say it when it was taken, or when it looks made (the importer would drop
        # it). Made: the importer drops it by itself, if it is the one it expects.
        say = (written != own or own == generated) if own else written != generated
        if say:
            ours[key] = own
    for key in (
        "code", "statement", "abbreviated_statement", "type", "education_levels", "notes",
        "keywords",
    ):  # fmt: skip
        value = getattr(item, key)
        if native[key] != value:
            ours[key] = list(value) if isinstance(value, list) else value
    if item.indicators:
        ours["indicators"] = list(item.indicators)
    for key in ("descriptors", "scale"):
        if getattr(item, key):
            ours[key] = [entry.model_dump(mode="json", exclude_defaults=True)
                         for entry in getattr(item, key)]  # fmt: skip
    if item.extensions:
        ours["extensions"] = dict(item.extensions)
    return ours


def _framework_extension(
    framework: Framework, document: dict[str, Any], definitions: dict[str, Any], base: str
) -> dict[str, Any]:
    native = framework_fields(document, definitions_index(definitions), _Context())
    ours: dict[str, Any] = {"id": framework.id}
    for key in ("title", "version", "publisher", "description", "language", "subjects",
                "identifier", "uri"):  # fmt: skip
        value = getattr(framework, key)
        if native[key] != value:
            ours[key] = list(value) if isinstance(value, list) else value
    source = {
        key: value
        for key, value in framework.source.model_dump().items()
        if native["source"][key] != value
    }
    if source:
        ours["source"] = source
    if framework.scale:
        ours["scale"] = [level.model_dump(mode="json", exclude_defaults=True)
                         for level in framework.scale]  # fmt: skip
    if framework.extensions:
        ours["extensions"] = dict(framework.extensions)
    if [item.id for item in framework.items] != _tree_order(framework):
        ours["itemOrder"] = "listed"
    if base:
        ours["baseUrl"] = base
    return ours


def _tree_order(framework: Framework) -> list[str]:
    """Item ids parents first, siblings in list order: the order an import gives."""
    children: dict[str | None, list[str]] = {}
    for item in framework.items:
        children.setdefault(item.parent, []).append(item.id)
    order: list[str] = []
    stack = list(reversed(children.get(None, [])))
    while stack:
        node = stack.pop()
        order.append(node)
        stack.extend(reversed(children.get(node, [])))
    return order


def _association(
    association: Any,
    nodes: dict[str, dict[str, Any]],
    writer: _Writer,
    doc_id: str,
    seen: dict[tuple[str, ...], int],
) -> dict[str, Any]:
    kind = association.kind
    ours: dict[str, Any] = {}
    if kind in ASSOCIATION_TYPES or _EXT_TYPE.fullmatch(kind):
        case_type = kind
    else:
        case_type = "ext:" + (re.sub(r"[^A-Za-z0-9._-]+", "", kind) or "link")
        ours["kind"] = kind
    origin = nodes[association.origin]
    if association.destination is not None:
        target = nodes[association.destination]
        destination = _link(target, _title(target))
        far = target["identifier"]
    else:
        external_id = association.external_identifier
        external_uri = association.external_uri
        if not external_id:
            external_id = name_uuid("external", external_uri)
            ours["external_identifier"] = ""
        if not external_uri:
            made = external_id if _valid_uuid(external_id) else name_uuid("external", external_id)
            external_uri = f"urn:uuid:{made.lower()}"
            ours["external_uri"] = ""
        title = association.external_title
        if not title:
            title = external_id
            ours["external_title"] = ""
        destination = {"title": title, "identifier": external_id, "uri": external_uri}
        far = f"{external_id} {external_uri}"
    names = (doc_id, "association", kind, origin["identifier"], far)
    seen[names] = occurrence = seen.get(names, 0) + 1
    identifier = writer.identifier(association.identifier, *names, str(occurrence))
    if identifier != association.identifier:
        ours["identifier"] = association.identifier
    link: dict[str, Any] = {
        "identifier": identifier,
        "uri": writer.uri("CFAssociations", identifier),
        "associationType": case_type,
    }
    if association.sequence is not None:
        link["sequenceNumber"] = association.sequence
    link["originNodeURI"] = _link(origin, _title(origin))
    link["destinationNodeURI"] = destination
    link["lastChangeDateTime"] = writer.stamp
    if ours:
        link["extensions"] = {EXTENSION: ours}
    return link


# -- a unit's competencies and rubrics -----------------------------------------------------


def write_unit_rubrics_package(
    unit: Unit,
    *,
    frameworks: Mapping[str, Framework] | None = None,
    base_url: str | None = None,
    last_change: str | None = None,
) -> bytes:
    """A unit's competencies and rubrics as a CASE 1.1 CFPackage.

    The CFDocument is the unit; its CFItems are the competencies the unit embeds (with
    their original CASE identifiers and URIs when ``frameworks`` has the framework they
    come from); each rubric becomes a CFRubric whose criteria point at those items
    (``CFItemURI``) and whose levels carry the rubric's level titles, points and the
    descriptors (teacher wording as ``description``, student wording as ``feedback``).
    """
    package = unit_rubrics_package(
        unit, frameworks=frameworks, base_url=base_url, last_change=last_change
    )
    return dump_json(package).encode("utf-8")


def unit_rubrics_package(
    unit: Unit,
    *,
    frameworks: Mapping[str, Framework] | None = None,
    base_url: str | None = None,
    last_change: str | None = None,
) -> dict[str, Any]:
    """The CFPackage of ``write_unit_rubrics_package`` as plain data."""
    writer = _Writer(base_url, last_change)
    stamp = writer.stamp
    identity = unit.identity
    doc_id = writer.identifier("", "unit", unit.id)
    document: dict[str, Any] = {
        "identifier": doc_id,
        "uri": writer.uri("CFDocuments", doc_id),
        "creator": ", ".join(author.name for author in identity.authors) or "pbl-author",
        "title": unit.title,
        "lastChangeDateTime": stamp,
        "caseVersion": CASE_VERSION,
    }
    optional = {
        "description": identity.summary,
        "subject": list(identity.subjects),
        "language": identity.language,
        "version": identity.version,
        "licenseURI": writer.license(identity.license) if identity.license else "",
        "notes": f"The competencies and rubrics of the pbl-author unit '{unit.id}'.",
    }
    document.update((key, value) for key, value in optional.items() if value)
    document["extensions"] = {EXTENSION: {"unit": unit.id}}
    doc_link = _link(document, unit.title)

    items: list[dict[str, Any]] = []
    links: list[dict[str, Any]] = []
    nodes: dict[str, dict[str, Any]] = {}
    for position, competency in enumerate(unit.competencies, 1):
        original = _original_item(competency.ref, frameworks)
        identifier = writer.identifier(
            original.identifier if original else "", "competency", competency.ref
        )
        node: dict[str, Any] = {
            "identifier": identifier,
            "uri": (original.uri if original and original.uri else "")
            or writer.uri("CFItems", identifier),
            "fullStatement": competency.statement,
        }
        if competency.code:
            node["humanCodingScheme"] = competency.code
        node["CFItemType"] = competency.type
        node["CFItemTypeURI"] = writer.item_type(competency.type)
        if competency.education_levels:
            node["educationLevel"] = list(competency.education_levels)
        if competency.framework:
            node["notes"] = f"From {competency.framework}."
        node["lastChangeDateTime"] = stamp
        node["extensions"] = {EXTENSION: {"ref": competency.ref}}
        nodes[competency.ref] = node
        items.append(node)
        links.append(writer.child_of(doc_id, _link(node, _title(node)), doc_link, position))

    rubrics = [_rubric(rubric, unit, nodes, writer, doc_id) for rubric in unit.rubrics]
    package: dict[str, Any] = {
        "CFDocument": document,
        "CFItems": items,
        "CFAssociations": links,
        "CFDefinitions": writer.definitions(),
    }
    if rubrics:
        package["CFRubrics"] = rubrics
    return package


def _original_item(ref: str, frameworks: Mapping[str, Framework] | None) -> Competency | None:
    if not frameworks:
        return None
    framework_id, _, item_id = ref.partition(":")
    framework = frameworks.get(framework_id)
    if framework is None:
        return None
    return next((item for item in framework.items if item.id == item_id), None)


def _rubric(
    rubric: Any, unit: Unit, nodes: dict[str, dict[str, Any]], writer: _Writer, doc_id: str
) -> dict[str, Any]:
    stamp = writer.stamp
    rubric_id = writer.identifier("", doc_id, "rubric", rubric.id)
    criteria = []
    for position, criterion in enumerate(rubric.criteria, 1):
        criterion_id = writer.identifier("", doc_id, "rubric", rubric.id, "criterion", criterion.id)
        ref = criterion.competencies[0]
        node = nodes.get(ref)
        if node is None:  # a unit embeds what its rubrics point at; be safe all the same
            identifier = name_uuid("competency", ref)
            item_link = {"title": ref, "identifier": identifier,
                         "uri": writer.uri("CFItems", identifier)}  # fmt: skip
        else:
            item_link = _link(node, _title(node))
        entry: dict[str, Any] = {
            "identifier": criterion_id,
            "uri": writer.uri("CFRubricCriteria", criterion_id),
            "description": criterion.title,
            "CFItemURI": item_link,
        }
        if criterion.weight is not None:
            entry["weight"] = _number(criterion.weight)
        entry["position"] = position
        entry["rubricId"] = rubric_id
        entry["lastChangeDateTime"] = stamp
        descriptors = {descriptor.level: descriptor for descriptor in criterion.descriptors}
        levels = []
        for level_position, level in enumerate(rubric.levels, 1):
            level_id = writer.identifier(
                "", doc_id, "rubric", rubric.id, "criterion", criterion.id, "level", level.id
            )
            cell: dict[str, Any] = {
                "identifier": level_id,
                "uri": writer.uri("CFRubricCriterionLevels", level_id),
                "quality": level.title,
            }
            if level.points is not None:
                cell["score"] = _number(level.points)
            descriptor = descriptors.get(level.id)
            if descriptor is not None:
                cell["description"] = descriptor.teacher
                if descriptor.student:
                    cell["feedback"] = descriptor.student
            cell["position"] = level_position
            cell["rubricCriterionId"] = criterion_id
            cell["lastChangeDateTime"] = stamp
            levels.append(cell)
        entry["CFRubricCriterionLevels"] = levels
        entry["extensions"] = {
            EXTENSION: {"id": criterion.id, "competencies": list(criterion.competencies)}
        }
        criteria.append(entry)
    ours: dict[str, Any] = {"id": rubric.id, "kind": rubric.kind}
    if rubric.proficient_level:
        ours["proficientLevel"] = rubric.proficient_level
    return {
        "identifier": rubric_id,
        "uri": writer.uri("CFRubrics", rubric_id),
        "title": rubric.title,
        "description": f"{rubric.kind.replace('_', '-')} rubric of the unit '{unit.title}'",
        "lastChangeDateTime": stamp,
        "CFRubricCriteria": criteria,
        "extensions": {EXTENSION: ours},
    }
