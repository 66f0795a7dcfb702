"""The unit as an IMS Common Cartridge 1.1 package (``.imscc``) for Canvas, Moodle and others.

Layout of the zip (names sorted, timestamps fixed, see ``files.zipfile_det``)::

    imsmanifest.xml                       CC 1.1 manifest: LOM, one organization, resources
    wiki_content/UNIT-overview.html       the unit overview page
    wiki_content/UNIT-task-TASK.html      one page per performance task
    wiki_content/UNIT-rubric-RUBRIC.html  one page per rubric (student wording where written)
    course_settings/canvas_export.txt     Canvas's marker for its own CC extensions
    course_settings/module_meta.xml       Canvas modules (Canvas builds modules from this
                                          file, not from the organization)
    course_settings/rubrics.xml           Canvas rubrics, when the unit has rubrics with
                                          levels and criteria (Canvas's lib/cc/rubrics.rb)

Page names start with the unit id: Canvas takes a page's address from its file name, so
two units imported into one course keep apart.

The organization is ``root > overview | performance tasks | rubrics > pages``; Moodle and
other CC 1.1 importers read it. Canvas recognizes its extension files through the resource
whose ``href`` is ``course_settings/canvas_export.txt`` and then imports the pages as wiki
pages (unpublished, so the teacher reviews them first), the modules and the rubrics.

Every identifier is an ``xs:ID`` (an NCName: a letter first, then letters, digits, ``-``,
``_`` and ``.``), derived from the unit id and element ids only, so the same unit always
gives the same identifiers, and importing a newer version of a unit updates its pages.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from xml.sax.saxutils import escape

from ..files.zipfile_det import deterministic_zip
from ..model import Rubric, Unit
from ..render import render_template
from .unit_html import RubricView, number, plain_block, plain_text, unit_css, unit_view

CC_NAMESPACE = "http://www.imsglobal.org/xsd/imsccv1p1/imscp_v1p1"
LOM_NAMESPACE = "http://ltsc.ieee.org/xsd/imsccv1p1/LOM/manifest"
XSI_NAMESPACE = "http://www.w3.org/2001/XMLSchema-instance"
SCHEMA_LOCATION = (
    "http://www.imsglobal.org/xsd/imsccv1p1/imscp_v1p1 "
    "http://www.imsglobal.org/profile/cc/ccv1p1/ccv1p1_imscp_v1p2_v1p0.xsd "
    "http://ltsc.ieee.org/xsd/imsccv1p1/LOM/manifest "
    "http://www.imsglobal.org/profile/cc/ccv1p1/LOM/ccv1p1_lommanifest_v1p0.xsd"
)
CANVAS_NAMESPACE = "http://canvas.instructure.com/xsd/cccv1p0"
CANVAS_SCHEMA_LOCATION = f"{CANVAS_NAMESPACE} https://canvas.instructure.com/xsd/cccv1p0.xsd"
#: The CC 1.1 resource type Canvas gives its course settings files.
LEARNING_APPLICATION_RESOURCE = "associatedcontent/imscc_xmlv1p1/learning-application-resource"

MANIFEST = "imsmanifest.xml"
PAGES = "wiki_content"
SETTINGS = "course_settings"
CANVAS_FLAG = f"{SETTINGS}/canvas_export.txt"
MODULE_META = f"{SETTINGS}/module_meta.xml"
RUBRICS = f"{SETTINGS}/rubrics.xml"
#: Pages and modules arrive unpublished in Canvas: the teacher reviews, then publishes.
WORKFLOW_STATE = "unpublished"

#: xs:ID / NCName, restricted to ASCII (everything we generate is ASCII).
NCNAME = re.compile(r"^[A-Za-z_][A-Za-z0-9._-]*$")


def identifier(*parts: str) -> str:
    """An ``xs:ID`` made of ``parts`` (a prefix, the unit id, element ids) joined by ``_``."""
    value = "_".join(parts)
    if not NCNAME.match(value):  # pragma: no cover - element ids are NCName-safe by construction
        raise ValueError(f"{value!r} is not a valid xs:ID")
    return value


# --------------------------------------------------------------------------- a tiny XML writer


@dataclass
class Element:
    """An XML element: attributes in the order given, text escaped, indented by two spaces."""

    tag: str
    attributes: dict[str, str] = field(default_factory=dict)
    children: list[Element] = field(default_factory=list)
    text: str | None = None

    def add(self, tag: str, text: str | None = None, **attributes: str) -> Element:
        child = Element(tag, dict(attributes), text=text)
        self.children.append(child)
        return child

    def lines(self, depth: int = 0) -> list[str]:
        pad = "  " * depth
        attrs = "".join(
            f' {name}="{escape(value, {chr(34): "&quot;"})}"'
            for name, value in self.attributes.items()
        )
        if self.children:
            out = [f"{pad}<{self.tag}{attrs}>"]
            for child in self.children:
                out.extend(child.lines(depth + 1))
            out.append(f"{pad}</{self.tag}>")
            return out
        if self.text is None or self.text == "":
            return [f"{pad}<{self.tag}{attrs}/>"]
        return [f"{pad}<{self.tag}{attrs}>{escape(self.text)}</{self.tag}>"]


def xml_document(root: Element) -> bytes:
    text = '<?xml version="1.0" encoding="UTF-8"?>\n' + "\n".join(root.lines()) + "\n"
    return text.encode("utf-8")


# --------------------------------------------------------------------------- the package


@dataclass(frozen=True)
class Page:
    """One web page of the cartridge and where it sits in the organization."""

    key: str  # overview | task-ID | rubric-ID
    title: str  # plain text
    group: str  # overview | tasks | rubrics
    html: bytes
    href: str  # wiki_content/UNIT-KEY.html


GROUP_TITLES = {"overview": "Overview", "tasks": "Performance tasks", "rubrics": "Rubrics"}


class Cartridge:
    """Builds the files of one unit's cartridge."""

    def __init__(self, unit: Unit) -> None:
        self.unit = unit
        self.title = plain_text(unit.title) or unit.id
        self.view = unit_view(unit)
        self.css = unit_css()

    # identifiers ---------------------------------------------------------------
    def resource_id(self, key: str) -> str:
        return identifier("R", self.unit.id, key)

    def item_id(self, key: str) -> str:
        return identifier("I", self.unit.id, key)

    def module_id(self, group: str) -> str:
        return identifier("MOD", self.unit.id, group)

    # pages ---------------------------------------------------------------------
    def _page(self, key: str, title: str, group: str, **context) -> Page:
        html = render_template(
            "cartridge_page.html.j2",
            unit_css=self.css,
            identifier=self.resource_id(key),
            page_title=title,
            **self.view,
            **context,
        )
        href = f"{PAGES}/{self.unit.id}-{key}.html"
        return Page(key, title, group, html.encode("utf-8"), href)

    def pages(self) -> list[Page]:
        unit = self.unit
        overview = f"{self.title} – overview"
        pages = [self._page("overview", overview, "overview", kind="overview")]
        for task in unit.tasks:
            pages.append(
                self._page(
                    f"task-{task.id}", plain_text(task.title) or task.id, "tasks",
                    kind="task", task=task,
                )
            )  # fmt: skip
        for rubric in unit.rubrics:
            pages.append(
                self._page(
                    f"rubric-{rubric.id}", plain_text(rubric.title) or rubric.id, "rubrics",
                    kind="rubric", rubric=rubric, view=RubricView(rubric, "student"),
                )
            )  # fmt: skip
        return pages

    def groups(self, pages: list[Page]) -> list[tuple[str, str, list[Page]]]:
        """(group, title, pages) of every group with pages, in organization order."""
        return [
            (group, f"{self.title} – {GROUP_TITLES[group]}", [p for p in pages if p.group == group])
            for group in GROUP_TITLES
            if any(p.group == group for p in pages)
        ]

    # manifest ------------------------------------------------------------------
    def manifest(self, pages: list[Page], settings_files: list[str]) -> bytes:
        unit = self.unit
        root = Element(
            "manifest",
            {
                "identifier": identifier("M", unit.id),
                "xmlns": CC_NAMESPACE,
                "xmlns:lomimscc": LOM_NAMESPACE,
                "xmlns:xsi": XSI_NAMESPACE,
                "xsi:schemaLocation": SCHEMA_LOCATION,
            },
        )
        metadata = root.add("metadata")
        metadata.add("schema", "IMS Common Cartridge")
        metadata.add("schemaversion", "1.1.0")
        general = metadata.add("lomimscc:lom").add("lomimscc:general")
        language = self.view["lang"]
        general.add("lomimscc:title").add("lomimscc:string", self.title, language=language)
        general.add("lomimscc:language", language)
        summary = plain_block(unit.identity.summary)
        if summary:
            description = general.add("lomimscc:description")
            description.add("lomimscc:string", summary, language=language)
        for tag in unit.identity.tags:
            keyword = general.add("lomimscc:keyword")
            keyword.add("lomimscc:string", plain_text(tag) or tag, language=language)

        organization = root.add("organizations").add(
            "organization", identifier=identifier("O", unit.id), structure="rooted-hierarchy"
        )
        top = organization.add("item", identifier=self.item_id("root"))
        for group, title, group_pages in self.groups(pages):
            folder = top.add("item", identifier=self.item_id(f"module-{group}"))
            folder.add("title", title)
            for page in group_pages:
                item = folder.add(
                    "item",
                    identifier=self.item_id(page.key),
                    identifierref=self.resource_id(page.key),
                )
                item.add("title", page.title)

        resources = root.add("resources")
        for page in pages:
            resource = resources.add(
                "resource", identifier=self.resource_id(page.key), type="webcontent", href=page.href
            )
            resource.add("file", href=page.href)
        canvas = resources.add(
            "resource",
            identifier=self.resource_id("canvas-settings"),
            type=LEARNING_APPLICATION_RESOURCE,
            href=CANVAS_FLAG,
        )
        for name in settings_files:
            canvas.add("file", href=name)
        return xml_document(root)

    # Canvas extension files ---------------------------------------------------
    def _canvas_root(self, tag: str) -> Element:
        return Element(
            tag,
            {
                "xmlns": CANVAS_NAMESPACE,
                "xmlns:xsi": XSI_NAMESPACE,
                "xsi:schemaLocation": CANVAS_SCHEMA_LOCATION,
            },
        )

    def module_meta(self, pages: list[Page]) -> bytes:
        root = self._canvas_root("modules")
        for position, (group, title, group_pages) in enumerate(self.groups(pages), start=1):
            module = root.add("module", identifier=self.module_id(group))
            module.add("title", title)
            module.add("workflow_state", WORKFLOW_STATE)
            module.add("position", str(position))
            module.add("require_sequential_progress", "false")
            module.add("locked", "false")
            items = module.add("items")
            for index, page in enumerate(group_pages, start=1):
                item = items.add("item", identifier=self.item_id(page.key))
                item.add("content_type", "WikiPage")
                item.add("workflow_state", WORKFLOW_STATE)
                item.add("title", page.title)
                item.add("identifierref", self.resource_id(page.key))
                item.add("position", str(index))
                item.add("new_tab", "false")
                item.add("indent", "0")
        return xml_document(root)

    def canvas_rubrics(self) -> bytes | None:
        """``course_settings/rubrics.xml``, or None when no rubric can be a Canvas rubric."""
        rubrics = [r for r in self.unit.rubrics if r.levels and r.criteria]
        if not rubrics:
            return None
        root = self._canvas_root("rubrics")
        for rubric in rubrics:
            canvas_rubric(root, self.unit, rubric, identifier("RB", self.unit.id, rubric.id))
        return xml_document(root)

    # everything ----------------------------------------------------------------
    def files(self) -> dict[str, bytes]:
        pages = self.pages()
        files = {page.href: page.html for page in pages}
        files[CANVAS_FLAG] = (
            b"This IMS Common Cartridge carries Canvas extension files in course_settings/:\n"
            b"modules (module_meta.xml) and rubrics (rubrics.xml). Made by pbl-author.\n"
        )
        files[MODULE_META] = self.module_meta(pages)
        rubrics = self.canvas_rubrics()
        if rubrics is not None:
            files[RUBRICS] = rubrics
        settings = sorted(name for name in files if name.startswith(f"{SETTINGS}/"))
        files[MANIFEST] = self.manifest(pages, settings)
        return files


def level_points(rubric: Rubric) -> tuple[list[float], bool]:
    """Points of each level (lowest first) and whether they are the rubric's own.

    Canvas ratings need points; a rubric without points on every level gets 1, 2, 3, ...
    in level order (and Canvas is told to hide the score total).
    """
    if all(level.points is not None for level in rubric.levels):
        return [float(level.points) for level in rubric.levels], True  # type: ignore[arg-type]
    return [float(index) for index in range(1, len(rubric.levels) + 1)], False


def canvas_rubric(parent: Element, unit: Unit, rubric: Rubric, rubric_id: str) -> None:
    """One ``<rubric>`` in Canvas's shape: criteria with ratings, highest rating first."""
    points, own_points = level_points(rubric)
    labels = {c.ref: c.label for c in unit.competencies}
    criteria_points = [max(points)] * len(rubric.criteria)
    node = parent.add("rubric", identifier=rubric_id)
    node.add("read_only", "false")
    node.add("title", plain_text(rubric.title) or rubric.id)
    node.add("reusable", "false")
    node.add("public", "false")
    node.add("points_possible", number(sum(criteria_points)))
    node.add("hide_score_total", "false" if own_points else "true")
    node.add("free_form_criterion_comments", "false")
    criteria = node.add("criteria")
    for criterion, criterion_points in zip(rubric.criteria, criteria_points, strict=True):
        item = criteria.add("criterion")
        item.add("criterion_id", criterion.id)
        item.add("points", number(criterion_points))
        item.add("description", plain_text(criterion.title) or criterion.id)
        aligned = ", ".join(labels.get(ref, ref) for ref in criterion.competencies)
        details = f"Competencies: {aligned}"
        if criterion.weight is not None:
            details += f". Weight: {number(criterion.weight)}"
        item.add("long_description", details)
        ratings = item.add("ratings")
        texts = {d.level: plain_block(d.teacher) for d in criterion.descriptors}
        for level, level_point in reversed(list(zip(rubric.levels, points, strict=True))):
            rating = ratings.add("rating")
            rating.add("description", plain_text(level.title) or level.id)
            rating.add("points", number(level_point))
            rating.add("criterion_id", criterion.id)
            text = texts.get(level.id, "")
            if text:
                rating.add("long_description", text)
            rating.add("id", f"{criterion.id}_{level.id}")


def cartridge_files(unit: Unit) -> dict[str, bytes]:
    """Name -> content of every file of the cartridge (the manifest included)."""
    return Cartridge(unit).files()


def export(unit: Unit) -> bytes:
    """The unit as an IMS Common Cartridge 1.1 ``.imscc`` (a deterministic zip)."""
    return deterministic_zip(cartridge_files(unit))


__all__ = ["cartridge_files", "export", "identifier"]
